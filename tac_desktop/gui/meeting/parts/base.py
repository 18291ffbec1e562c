"""What every structured part of an agenda section shares: ``PartWidget`` and its helpers.

Each part shows the meeting (``show_view``), saves through core services, and says so by
``changed`` (the screen then reads the meeting again and hands it back to every part).
Typed text is saved a moment after typing stops and at once by ``flush`` (on leaving the
row, the section or the meeting, and on lock), so nothing typed is lost. Refreshing never
overwrites what is being typed: editors are filled only when another row is chosen.

Each part is a module of its own beside this one; ``meeting/section_page.py`` says which
part shows for which ``Part`` of the agenda.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.services.meetings import MeetingView, MissingItem
from tac_desktop.core.vault import Vault
from tac_desktop.gui.shared.item_models import RowTableModel

SAVE_DELAY_MS = 400

Row = TypeVar("Row")


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def now_text() -> str:
    return f"{datetime.now():%H:%M:%S}"


class Debounce(QObject):
    """Runs ``action`` once typing pauses; ``flush`` runs it now if it is waiting."""

    def __init__(self, action: Callable[[], None], parent: QObject, delay: int = SAVE_DELAY_MS):
        super().__init__(parent)
        self._action = action
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay)
        self.timer.timeout.connect(self._action)

    @property
    def pending(self) -> bool:
        return self.timer.isActive()

    def poke(self) -> None:
        self.timer.start()

    def flush(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self._action()

    def cancel(self) -> None:
        self.timer.stop()


class StableRowModel(RowTableModel[Row]):
    """Rows that refresh in place (keeping the selection) when the same rows come back."""

    def update_rows(self, rows: Sequence[Row], key: Callable[[Row], Any]) -> None:
        if [key(r) for r in rows] != [key(r) for r in self.rows]:
            self.set_rows(rows)
            return
        self.rows = list(rows)
        self._sort_keys.clear()
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1)
            )


def plain_table(name: str) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move within it
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def name_combo(name: str) -> QComboBox:
    """An editable list of the people at the meeting (anyone else can be typed)."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setAccessibleName(name)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return combo


def left_aligned(*widgets: QWidget) -> QHBoxLayout:
    """Buttons and short fields at their natural width, not stretched across the form."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def wrap_columns(table: QTableView, wide: Sequence[int]) -> None:
    """Long text columns share the width and wrap; rows grow to fit their text."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(table.model().columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if column in wide
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(column, mode)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def set_text(widget: QPlainTextEdit | QLineEdit, text: str) -> None:
    """Replace the text only when it differs, so the cursor stays where it is."""
    current = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    if current == text:
        return
    widget.blockSignals(True)
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    else:
        widget.setText(text)
    widget.blockSignals(False)


def set_combo_names(combo: QComboBox, names: list[str]) -> None:
    if [combo.itemText(i) for i in range(combo.count())] == names:
        return  # untouched, so whatever is being typed in it stays as it is
    typed = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(names)
    combo.setCurrentText(typed)
    combo.blockSignals(False)


def set_editable(widgets: Sequence[QWidget], editable: bool) -> None:
    """Text stays readable (and copyable) in a finalised meeting; the rest is disabled."""
    for widget in widgets:
        if isinstance(widget, QPlainTextEdit | QLineEdit):
            widget.setReadOnly(not editable)
        else:
            widget.setEnabled(editable)


class PartWidget(QWidget):
    changed = Signal()  # something was saved: read the meeting again
    saved = Signal(str)  # a status-line message

    heading = ""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.view: MeetingView | None = None
        self.read_only = False
        self._applied: bool | None = None  # the read-only state the widgets show
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Message")
        self.error.hide()

    def show_view(self, view: MeetingView) -> None:
        self.view = view

    def flush(self) -> None:
        """Save anything typed and not yet saved."""

    def editors(self) -> list[QWidget]:
        return []

    def set_read_only(self, read_only: bool) -> bool:
        """Enable or disable the editors; False (nothing done) when already so."""
        self.read_only = read_only
        if self._applied is read_only:
            return False
        self._applied = read_only
        set_editable(self.editors(), not read_only)
        return True

    def focus_item(self, item: MissingItem) -> bool:
        """Go to what ``item`` asks for; False when this part does not hold it."""
        return False

    def attendee_names(self) -> list[str]:
        return [a.name for a in self.view.attendees] if self.view else []

    def attempt(self, action: Callable[[], object], done: str) -> bool:
        """Run a service call; show its plain message if it refuses (nothing is lost)."""
        try:
            action()
        except TacError as error:
            self.error.setText(str(error))
            self.error.show()
            self.saved.emit(f"Not saved: {error}")
            return False
        self.error.hide()
        self.saved.emit(f"{done} at {now_text()}")
        self.changed.emit()
        return True
