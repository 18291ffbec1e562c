"""Tasks in a table: the columns, the model and the table every task list uses (the
case's action plan, My actions, the review meeting's task parts).

Urgency is always said in words with a mark (``Urgency.label``); the soft background
colour behind it only repeats what the words say.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from tac_desktop.core.services.tasks import TaskView, Urgency
from tac_desktop.gui.shared.item_models import AnyIndex, Column, RowTableModel, format_date
from tac_desktop.gui.shared.palette import tint

# Soft backgrounds behind the urgency words (the words carry the meaning), chosen for the
# palette in use with text checked against them (gui/shared/palette.py). Due today is
# red: a same-day referral is made before the day ends.
URGENCY_TINT = {
    Urgency.OVERDUE: "overdue",
    Urgency.TODAY: "today",
    Urgency.DUE_SOON: "soon",
    Urgency.ON_TRACK: "on track",
}
LEFT_CASE = "no longer on the case"


def agency_text(task: TaskView) -> str:
    name = task.agency_name or "Family and others"
    return name if task.agency_still_on_case else f"{name} ({LEFT_CASE})"


def owner_text(task: TaskView) -> str:
    return task.owner_name or (f"{task.agency_name} (nobody named yet)" if task.agency_name else "")


def status_text(task: TaskView) -> str:
    text = task.status.label
    if task.misses_in_a_row >= 2:
        text += f" ({task.misses_in_a_row} times running)"
    if task.needs_challenge:
        text += ", challenge needed"
    return text


def urgency_sort(task: TaskView) -> tuple[bool, int, date]:
    """A same-day referral due first, then late, today, soon, on track, closed."""
    order = [Urgency.OVERDUE, Urgency.TODAY, Urgency.DUE_SOON, Urgency.ON_TRACK, Urgency.CLOSED]
    return not task.urgent_referral, order.index(task.urgency), task.due_on


URGENCY_COLUMN = Column[TaskView]("Urgency", lambda t: t.urgency.label, urgency_sort)

PLAN_COLUMNS: list[Column[TaskView]] = [
    Column("Agency", agency_text),
    Column("What", lambda t: t.description),
    Column("Who", owner_text),
    Column("For whom / need", lambda t: t.for_whom),
    Column("Due", lambda t: format_date(t.due_on), lambda t: t.due_on),
    Column("Status", status_text),
    URGENCY_COLUMN,
]

MINE_COLUMNS: list[Column[TaskView]] = [
    Column("Case", lambda t: t.case_reference),
    Column("What", lambda t: t.description),
    Column("Agency", lambda t: t.agency_name or "Family and others"),
    Column("Who", owner_text),
    Column("Due", lambda t: format_date(t.due_on), lambda t: t.due_on),
    Column("Status", status_text),
    URGENCY_COLUMN,
]


class TaskTableModel(RowTableModel[TaskView]):
    """Task rows; the urgency cell gets a soft background that repeats its words."""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and self.columns[index.column()] is URGENCY_COLUMN:
            urgency = self.rows[index.row()].urgency
            kind = URGENCY_TINT.get(urgency)
            if kind is not None and role in (
                Qt.ItemDataRole.BackgroundRole,
                Qt.ItemDataRole.ForegroundRole,
            ):
                background, text = tint(kind, QGuiApplication.palette())
                return QBrush(background if role == Qt.ItemDataRole.BackgroundRole else text)
            if role == Qt.ItemDataRole.FontRole and urgency is Urgency.TODAY:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            task = self.rows[index.row()]
            if not task.agency_still_on_case:
                return f"{task.agency_name} is no longer on the case: agree who takes this on."
            # the whole text, for one-line tables that elide it
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)


class PagedTaskModel(TaskTableModel):
    """Task rows read a page at a time as the table scrolls down (Qt's fetchMore).

    ``load_page`` gives the page after a task (or the first page, after ``None``); a
    short page means there is no more.
    """

    def __init__(
        self,
        columns: Sequence[Column[TaskView]],
        load_page: Callable[[TaskView | None], list[TaskView]],
        page_size: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(columns, parent)
        self.load_page = load_page
        self.page_size = page_size
        self.exhausted = True

    def restart(self) -> None:
        """Forget what was read and read the first page."""
        first = self.load_page(None)
        self.exhausted = len(first) < self.page_size
        self.set_rows(first)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and not self.exhausted

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if parent.isValid() or self.exhausted:
            return
        more = self.load_page(self.rows[-1] if self.rows else None)
        self.exhausted = len(more) < self.page_size
        if more:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()


class TaskTable(QTableView):
    """Enter opens the current row, as double-click does."""

    activated_row = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


def task_table(
    name: str, model: TaskTableModel, wide: tuple[int, ...], one_line: bool = False
) -> TaskTable:
    """A task table; ``one_line`` for views that may hold thousands of rows (My actions).

    Wrapped rows are measured one by one (every row, on every reset), which is fine for a
    case's plan but takes many seconds over 10,000 tasks; one-line rows have a fixed
    height, long text is elided and shown whole in the tooltip.
    """
    table = TaskTable()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setTabKeyNavigation(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(not one_line)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    if one_line:
        header.setResizeContentsPrecision(60)  # size columns from the first rows only
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
    else:
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in range(model.columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if column in wide
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(column, mode)
    return table
