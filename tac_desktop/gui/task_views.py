"""Tasks on screen: the case's action plan, "My actions", and the task dialogs.

Urgency is always said in words with a mark (``Urgency.label``); the soft background
colour behind it only repeats what the words say. The forms for updating a task and
recording a challenge are widgets of their own, so the review meeting's "previous
actions" part uses the very same fields as the dialogs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.models import CaseStatus, NotDoneReason, TaskStatus
from tac_desktop.core.services import consent, meetings, tasks
from tac_desktop.core.services.cases import CaseView
from tac_desktop.core.services.tasks import TaskDraft, TaskView, Urgency
from tac_desktop.core.vault import Vault
from tac_desktop.gui.shared.dialogs import SavingDialog, error_style, from_qdate, to_qdate
from tac_desktop.gui.shared.item_models import AnyIndex, Column, RowTableModel, format_date
from tac_desktop.gui.shared.widgets import buddy, line_edit, text_box

# Soft backgrounds behind the urgency words (the words carry the meaning).
URGENCY_BACKGROUND = {
    Urgency.OVERDUE: "#fbe1df",
    Urgency.DUE_SOON: "#fff1c9",
    Urgency.ON_TRACK: "#e2f2e0",
}
URGENCY_TEXT = "#1f1f1f"
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


def urgency_sort(task: TaskView) -> tuple[int, date]:
    order = [Urgency.OVERDUE, Urgency.DUE_SOON, Urgency.ON_TRACK, Urgency.CLOSED]
    return order.index(task.urgency), task.due_on


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
            colour = URGENCY_BACKGROUND.get(self.rows[index.row()].urgency)
            if colour is not None:
                if role == Qt.ItemDataRole.BackgroundRole:
                    return QBrush(QColor(colour))
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QBrush(QColor(URGENCY_TEXT))
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


# -- the forms ------------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateValues:
    status: TaskStatus
    note: str
    new_due_on: date | None
    not_done_reason: NotDoneReason | None


UPDATE_STATUSES = [
    TaskStatus.DONE,
    TaskStatus.IN_PROGRESS,
    TaskStatus.NOT_DONE,
    TaskStatus.NO_LONGER_NEEDED,
]


class UpdateForm(QWidget):
    """What happened: status; a new date when in progress; could not or was not; a note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QComboBox()
        self.status.setAccessibleName("What happened")
        for status in UPDATE_STATUSES:
            self.status.addItem(status.label, status)
        self.status.currentIndexChanged.connect(self._status_chosen)
        self.new_due = QDateEdit()
        self.new_due.setCalendarPopup(True)
        self.new_due.setDisplayFormat("ddd d MMM yyyy")
        self.new_due.setAccessibleName("New due date")
        self.could_not = QRadioButton(NotDoneReason.COULD_NOT.label + " (outside their control)")
        self.was_not = QRadioButton(NotDoneReason.WAS_NOT.label + " (the agency did not do it)")
        self.reason_group = QButtonGroup(self)
        self.reason_group.addButton(self.could_not)
        self.reason_group.addButton(self.was_not)
        reasons = QVBoxLayout()
        reasons.setContentsMargins(0, 0, 0, 0)
        reasons.addWidget(self.could_not)
        reasons.addWidget(self.was_not)
        self.note = text_box("Note on the update", 2, "What was done, or why not.")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(buddy("&What happened:", self.status), self.status)
        form.addRow(buddy("New &due date:", self.new_due), self.new_due)
        form.addRow(QLabel("If not done:"), reasons)
        form.addRow(buddy("&Note:", self.note), self.note)
        self.editable = True
        self._status_chosen()

    def reset(self, task: TaskView | None) -> None:
        self.status.setCurrentIndex(0)
        self.reason_group.setExclusive(False)
        self.could_not.setChecked(False)
        self.was_not.setChecked(False)
        self.reason_group.setExclusive(True)
        self.note.clear()
        if task is not None:
            self.new_due.setDate(to_qdate(task.due_on))
        self._status_chosen()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.status.setEnabled(editable)
        self.note.setReadOnly(not editable)
        self._status_chosen()

    def _status_chosen(self) -> None:
        status = self.status.currentData()
        self.new_due.setEnabled(self.editable and status is TaskStatus.IN_PROGRESS)
        for button in (self.could_not, self.was_not):
            button.setEnabled(self.editable and status is TaskStatus.NOT_DONE)

    def values(self) -> UpdateValues:
        status: TaskStatus = self.status.currentData()
        reason = None
        if status is TaskStatus.NOT_DONE:
            if self.could_not.isChecked():
                reason = NotDoneReason.COULD_NOT
            elif self.was_not.isChecked():
                reason = NotDoneReason.WAS_NOT
        return UpdateValues(
            status,
            self.note.toPlainText(),
            from_qdate(self.new_due.date()) if status is TaskStatus.IN_PROGRESS else None,
            reason,
        )


class ChallengeForm(QWidget):
    """A task not done twice running: who raised it, what the agency said, escalation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.raised_by = line_edit("Who raised it with the agency")
        self.response = text_box("What the agency said", 2)
        self.escalated_to = line_edit("Escalated to", "leave empty if not escalated")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(buddy("&Raised by:", self.raised_by), self.raised_by)
        form.addRow(buddy("What the agency &said:", self.response), self.response)
        form.addRow(buddy("Escalated &to:", self.escalated_to), self.escalated_to)

    def reset(self) -> None:
        for widget in (self.raised_by, self.response, self.escalated_to):
            widget.clear()

    def set_editable(self, editable: bool) -> None:
        for widget in (self.raised_by, self.response, self.escalated_to):
            widget.setReadOnly(not editable)

    def values(self) -> tuple[str, str, str]:
        return self.raised_by.text(), self.response.toPlainText(), self.escalated_to.text()


def save_update(vault: Vault, task_id: int, values: UpdateValues, meeting_id: int | None) -> None:
    tasks.update_task(
        vault,
        task_id,
        values.status,
        values.note,
        new_due_on=values.new_due_on,
        not_done_reason=values.not_done_reason,
        meeting_id=meeting_id,
    )


def save_challenge(
    vault: Vault, task_id: int, values: tuple[str, str, str], meeting_id: int | None
) -> None:
    raised_by, response, escalated_to = values
    tasks.record_challenge(vault, task_id, raised_by, response, escalated_to, meeting_id)


# -- dialogs --------------------------------------------------------------------------


def _dialog_layout(dialog: QWidget, title: str, intro: str) -> tuple[QVBoxLayout, QLabel]:
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    if intro:
        text = QLabel(intro)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(text)
    error = QLabel()
    error.setWordWrap(True)
    error.setAccessibleName("Message")
    error_style(error)
    return layout, error


class AddTaskDialog(SavingDialog):
    """What, who (a professional or agency on the case, or a family member), for whom,
    by when. "Within N working days" counts from ``start`` in the case's nation."""

    def __init__(
        self,
        vault: Vault,
        case: CaseView,
        start: date,
        meeting_id: int | None = None,
        meeting_held_on: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case = case
        self.start = start
        self.meeting_id = meeting_id
        self.meeting_held_on = meeting_held_on
        self.added_id: int | None = None
        layout, error = _dialog_layout(
            self,
            "Add a task",
            "Say what will be done, who does it and by when. The task joins the case's "
            "action plan under the agency that does it.",
        )
        self.description = text_box("What will be done", 2)
        self.owner = QComboBox()
        self.owner.setAccessibleName("Who does it")
        # (professional id, family member id) per row of the list
        # (professional, family member, agency): exactly one is set
        self.owners: list[tuple[int | None, int | None, int | None]] = []
        for involvement in case.involvements:
            self.owner.addItem(f"{involvement.name} ({involvement.agency})")
            self.owners.append((involvement.professional_id, None, None))
        for person in case.people:
            relation = "the subject" if person.is_subject else person.relationship_to_subject
            self.owner.addItem(
                f"{person.display_name} (family: {relation})" if relation else person.display_name
            )
            self.owners.append((None, person.id, None))
        try:
            agencies = tasks.agency_choices(vault)
        except TacError:
            agencies = []
        for agency_id, agency_name in agencies:
            self.owner.addItem(f"Someone at {agency_name} (nobody named yet)")
            self.owners.append((None, None, agency_id))
        self.for_person = QComboBox()
        self.for_person.setAccessibleName("For whom")
        self.for_person.addItem("The whole family", None)
        for person in case.people:
            self.for_person.addItem(person.display_name, person.id)
        self.for_need = line_edit("Which need it meets", "for example school attendance")
        self.within = QSpinBox()
        self.within.setRange(0, 130)
        self.within.setValue(10)
        self.within.setSuffix(" working days")
        self.within.setAccessibleName("Due within this many working days")
        self.within.valueChanged.connect(self._within_changed)
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("ddd d MMM yyyy")
        self.due.setAccessibleName("Due date")
        due_row = QHBoxLayout()
        due_row.addWidget(self.due)
        due_row.addSpacing(8)
        due_row.addWidget(buddy("or &within", self.within))
        due_row.addWidget(self.within)
        due_row.addStretch(1)
        self.due_note = QLabel()
        self.due_note.setWordWrap(True)
        self.due_note.setAccessibleName("About the due date")
        self.due_note.hide()
        form = QFormLayout()
        form.addRow(buddy("&What:", self.description), self.description)
        form.addRow(buddy("Wh&o does it:", self.owner), self.owner)
        form.addRow(buddy("&For whom:", self.for_person), self.for_person)
        form.addRow(buddy("Which &need:", self.for_need), self.for_need)
        form.addRow(buddy("&Due:", self.due), due_row)
        form.addRow("", self.due_note)
        layout.addLayout(form)
        layout.addWidget(error)
        self.buttons = self.add_save_buttons(error, "&Add task")
        self._within_changed(self.within.value())
        self.resize(580, 360)
        self.description.setFocus()

    def _within_changed(self, days: int) -> None:
        try:
            due = tasks.due_in_working_days(self.vault, self.case.id, self.start, days)
            note = tasks.working_days_note(self.vault, self.case.id, self.start, due)
        except TacError as error:
            self.show_error(str(error))
            return
        self.due.setDate(to_qdate(due))
        self.due_note.setText(note or "")
        self.due_note.setVisible(bool(note))

    def draft(self) -> TaskDraft:
        row = self.owner.currentIndex()
        professional_id, person_id, agency_id = self.owners[row] if row >= 0 else (None,) * 3
        return TaskDraft(
            description=self.description.toPlainText(),
            due_on=from_qdate(self.due.date()),
            agency_id=agency_id,
            professional_id=professional_id,
            owner_person_id=person_id,
            for_person_id=self.for_person.currentData(),
            for_need=self.for_need.text(),
            meeting_id=self.meeting_id,
        )

    def _try_save(self) -> None:
        draft = self.draft()
        warning = tasks.due_date_warning(draft.due_on, self.meeting_held_on)
        if warning:
            answer = QMessageBox.question(
                self,
                "Due date",
                warning,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.due.setFocus()
                return
        super()._try_save()

    def save(self) -> None:
        self.added_id = tasks.add_task(self.vault, self.case.id, self.draft())


class UpdateTaskDialog(SavingDialog):
    def __init__(
        self,
        vault: Vault,
        task: TaskView,
        meeting_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.task = task
        self.meeting_id = meeting_id
        layout, error = _dialog_layout(
            self,
            "Update a task",
            f"{task.description}\n{owner_text(task)}, due {format_date(task.due_on)}",
        )
        self.form = UpdateForm()
        self.form.reset(task)
        layout.addWidget(self.form)
        layout.addWidget(error)
        self.buttons = self.add_save_buttons(error, "&Save update")
        self.resize(560, 320)
        self.form.status.setFocus()

    def save(self) -> None:
        save_update(self.vault, self.task.id, self.form.values(), self.meeting_id)


class ChallengeDialog(SavingDialog):
    def __init__(
        self,
        vault: Vault,
        task: TaskView,
        meeting_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.task = task
        self.meeting_id = meeting_id
        layout, error = _dialog_layout(
            self,
            "Record a challenge",
            f"“{task.description}” was not done {task.misses_in_a_row} times running. Record "
            f"who raised it with {task.agency_name or task.owner_name}, what they said, and "
            "whether it was escalated.",
        )
        self.form = ChallengeForm()
        layout.addWidget(self.form)
        layout.addWidget(error)
        self.buttons = self.add_save_buttons(error, "&Record challenge")
        self.resize(560, 280)
        self.form.raised_by.setFocus()

    def save(self) -> None:
        save_challenge(self.vault, self.task.id, self.form.values(), self.meeting_id)


# -- the case's action plan -----------------------------------------------------------


class ActionPlanTab(QWidget):
    """The case's tasks, by agency, with what each needs next."""

    saved = Signal(str)  # what was saved ("New task"); the workspace adds the time
    failed = Signal(str)  # a plain message

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case: CaseView | None = None
        self.model = TaskTableModel(PLAN_COLUMNS, self)
        self.table = task_table("Action plan", self.model, (0, 1, 3, 5))
        self.table.doubleClicked.connect(lambda _index: self.update_task())
        self.table.activated_row.connect(lambda _index: self.update_task())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.add_button = QPushButton("&Add task…")
        self.add_button.clicked.connect(self.add_task)
        self.update_button = QPushButton("&Update…")
        self.update_button.setToolTip("Record what happened to the chosen task (Enter)")
        self.update_button.clicked.connect(self.update_task)
        self.challenge_button = QPushButton("Record cha&llenge…")
        self.challenge_button.setToolTip("For a task not done twice running")
        self.challenge_button.clicked.connect(self.record_challenge)
        self.summary = QLabel()
        self.summary.setAccessibleName("Action plan summary")
        self.summary.setWordWrap(True)
        row = QHBoxLayout()
        for button in (self.add_button, self.update_button, self.challenge_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self._enable()

    def show_case(self, case: CaseView) -> None:
        self.case = case
        self.reload()

    def reload(self, select: int | None = None) -> None:
        if self.case is None:
            return
        current = self.current()
        keep = select if select is not None else (current.id if current else None)
        try:
            plan = tasks.action_plan(self.vault, self.case.id)
        except TacError as error:
            self.failed.emit(str(error))
            return
        rows = [task for group in plan for task in group.tasks]
        self.model.set_rows(rows)
        chosen = next((n for n, task in enumerate(rows) if task.id == keep), 0)
        if rows:
            self.table.setCurrentIndex(self.model.index(chosen, 0))
        open_rows = [t for t in rows if t.status.is_open]
        overdue = sum(t.urgency is Urgency.OVERDUE for t in rows)
        challenge = sum(t.needs_challenge for t in rows)
        left = sum(not t.agency_still_on_case and t.status.is_open for t in rows)
        if not rows:
            text = "No tasks yet. Tasks agreed at meetings appear here; Add task… adds one now."
        else:
            parts = [f"{len(open_rows)} open of {len(rows)}", f"{overdue} overdue"]
            if challenge:
                parts.append(f"{challenge} need a challenge")
            if left:
                parts.append(f"{left} with an agency {LEFT_CASE}")
            text = ", ".join(parts) + "."
        self.summary.setText(text)
        self._enable()

    def current(self) -> TaskView | None:
        return self.model.row_at(self.table.currentIndex())

    def _enable(self) -> None:
        task = self.current()
        open_case = self.case is not None and self.case.status is CaseStatus.OPEN
        self.add_button.setEnabled(open_case)
        self.update_button.setEnabled(open_case and task is not None)
        self.challenge_button.setEnabled(open_case and task is not None and task.needs_challenge)

    def add_task(self) -> None:
        if self.case is None:
            return
        dialog = AddTaskDialog(self.vault, self.case, date.today(), parent=self)
        if dialog.exec():
            self.reload(dialog.added_id)
            self.saved.emit("New task")

    def update_task(self) -> None:
        task = self.current()
        if task is None or not self.update_button.isEnabled():
            return
        if UpdateTaskDialog(self.vault, task, parent=self).exec():
            self.reload(task.id)
            self.saved.emit("Task update")

    def record_challenge(self) -> None:
        task = self.current()
        if task is None or not task.needs_challenge:
            return
        if ChallengeDialog(self.vault, task, parent=self).exec():
            self.reload(task.id)
            self.saved.emit("Challenge")


# -- My actions -----------------------------------------------------------------------

EVERY = "Every agency"
EVERYONE = "Everyone"
# Rows read at a time: a screenful or two; the rest as the chair scrolls down.
MY_ACTIONS_PAGE = 200


class MyActionsPage(QWidget):
    """Overdue or due within a week, across every open case; Enter opens the case."""

    open_requested = Signal(str)  # case reference
    back_requested = Signal()

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.today: date | None = None  # None: the real today, read at each refresh
        self.overview = tasks.ActionsOverview([])
        heading = QLabel("My actions")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        heading.setFont(font)
        back = QPushButton("← &Cases")
        back.setAccessibleName("Back to the case list")
        back.clicked.connect(self.back_requested)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addSpacing(12)
        top.addWidget(heading, 1)
        intro = QLabel(
            f"Tasks overdue or due in the next {tasks.DUE_SOON_DAYS} days, across every open "
            "case. Press Enter (or double-click) to open the case."
        )
        intro.setWordWrap(True)
        self.agency = QComboBox()
        self.agency.setAccessibleName("Show the tasks of")
        self.agency.currentIndexChanged.connect(self._filter)
        self.professional = QComboBox()
        self.professional.setAccessibleName("Show the tasks of who")
        self.professional.currentIndexChanged.connect(self._filter)
        filters = QHBoxLayout()
        filters.addWidget(buddy("&Agency:", self.agency))
        filters.addWidget(self.agency)
        filters.addSpacing(12)
        filters.addWidget(buddy("&Who:", self.professional))
        filters.addWidget(self.professional)
        filters.addStretch(1)
        self.model = PagedTaskModel(MINE_COLUMNS, self._page, MY_ACTIONS_PAGE, self)
        self.table = task_table("My actions", self.model, (1,), one_line=True)
        self.table.doubleClicked.connect(self._open)
        self.table.activated_row.connect(self._open)
        self.count = QLabel()
        self.count.setAccessibleName("How many tasks")
        # The chair's own chasing: decision summaries and minutes not yet sent.
        self.paperwork_label = QLabel("&Decision summaries and minutes to send:")
        self.paperwork = QListWidget()
        self.paperwork.setAccessibleName("Decision summaries and minutes to send")
        self.paperwork_label.setBuddy(self.paperwork)
        self.paperwork.itemActivated.connect(self._open_paperwork)
        # Consent to ask about again, or to review: due within a week, or overdue.
        self.revisits_label = QLabel("Co&nsent to ask about again or review:")
        self.revisits = QListWidget()
        self.revisits.setAccessibleName("Consent to ask about again or review")
        self.revisits_label.setBuddy(self.revisits)
        self.revisits.itemActivated.connect(self._open_paperwork)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(self.paperwork_label)
        layout.addWidget(self.paperwork)
        layout.addWidget(self.revisits_label)
        layout.addWidget(self.revisits)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def refresh(self, today: date | None = None) -> None:
        self.today = today
        try:
            self.overview = tasks.actions_overview(self.vault, today)
            paperwork = meetings.paperwork_due(self.vault)
            revisits = consent.revisits_due(self.vault, today=today)
        except TacError as error:
            QMessageBox.warning(self, "My actions", str(error))
            return
        self._show_paperwork(paperwork, today or date.today())
        self._show_revisits(revisits, today or date.today())
        self._fill_combo(self.agency, EVERY, self.overview.agencies)
        self._fill_combo(self.professional, EVERYONE, self.overview.owners)
        self._filter()
        if self.model.rows:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.setFocus()

    def _show_paperwork(self, due: list[meetings.PaperworkDue], today: date) -> None:
        self.paperwork.clear()
        for item in due:
            state = (
                f"⚠ overdue (was due {item.due_on:%a %d %b})"
                if item.is_overdue(today)
                else f"◷ due {item.due_on:%a %d %b}"
            )
            entry = QListWidgetItem(
                f"{item.case_reference} · {item.meeting_title}, {item.held_on:%d %b %Y}: "
                f"{item.what.label.lower()} {state}"
            )
            entry.setData(Qt.ItemDataRole.UserRole, item.case_reference)
            self.paperwork.addItem(entry)
        shown = min(len(due), 4)
        self.paperwork.setFixedHeight(
            self.paperwork.sizeHintForRow(0) * shown + 2 * self.paperwork.frameWidth() + 2
            if shown
            else 0
        )
        self.paperwork.setVisible(bool(due))
        self.paperwork_label.setVisible(bool(due))

    def _show_revisits(self, due: list[consent.Revisit], today: date) -> None:
        self.revisits.clear()
        for item in due:
            state = (
                f"⚠ overdue (was due {item.due_on:%a %d %b})"
                if item.is_overdue(today)
                else f"◷ due {item.due_on:%a %d %b}"
            )
            entry = QListWidgetItem(f"{item.case_reference} · {item.in_words}: {state}")
            entry.setData(Qt.ItemDataRole.UserRole, item.case_reference)
            self.revisits.addItem(entry)
        shown = min(len(due), 3)
        self.revisits.setFixedHeight(
            self.revisits.sizeHintForRow(0) * shown + 2 * self.revisits.frameWidth() + 2
            if shown
            else 0
        )
        self.revisits.setVisible(bool(due))
        self.revisits_label.setVisible(bool(due))

    def _open_paperwork(self, item: QListWidgetItem) -> None:
        reference = item.data(Qt.ItemDataRole.UserRole)
        if reference:
            self.open_requested.emit(str(reference))

    @staticmethod
    def _fill_combo(combo: QComboBox, every: str, names: list[str]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(every, "")
        for name in names:
            combo.addItem(name, name)
        found = combo.findData(chosen) if chosen else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def _chosen(self) -> tuple[str, str]:
        return self.agency.currentData() or "", self.professional.currentData() or ""

    def _filter(self) -> None:
        agency, who = self._chosen()
        shown, overdue = self.overview.tasks(agency, who), self.overview.overdue(agency, who)
        self.count.setText(
            f"{shown:,} task{'s' if shown != 1 else ''}, {overdue:,} overdue."
            if shown
            else "Nothing overdue or due this week."
        )
        self.model.restart()  # after the count, so a failure to read replaces it

    def _page(self, after: TaskView | None) -> list[TaskView]:
        """The next rows for the table, with the chosen agency and person."""
        agency, who = self._chosen()
        try:
            return tasks.my_actions(
                self.vault, self.today, agency, who, limit=self.model.page_size, after=after
            )
        except TacError as error:
            # Said under the table, not in a box: Qt asks for rows while it paints.
            self.count.setText(f"The rest of the list could not be read: {error}")
            return []

    def _open(self, index: QModelIndex) -> None:
        task = self.model.row_at(index)
        if task is not None:
            self.open_requested.emit(task.case_reference)
