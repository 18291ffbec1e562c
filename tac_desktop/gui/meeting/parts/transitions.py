"""The "handing on and closing" part of a closure or transition meeting: the case's open
transitions and its closure checklist, line by line, marked as the meeting agrees them.

The checklists are core's (``services/transitions.py``), built from the case each time:
the same lines as on the case's Transitions and closure tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tac_desktop.core.errors import TacError
from tac_desktop.core.services import transitions
from tac_desktop.core.services.meetings import MeetingView
from tac_desktop.core.services.transitions import ChecklistLine
from tac_desktop.core.vault import Vault
from tac_desktop.gui.meeting.parts.base import PartWidget, plain_table, wrap_columns
from tac_desktop.gui.shared.item_models import Column, RowTableModel
from tac_desktop.gui.transitions.dialogs import FROM_RECORDS_TIP, MarkDialog


@dataclass(frozen=True)
class MeetingLine:
    """A checklist line and whose list it is on (a transition, or the closure)."""

    list_name: str
    line: ChecklistLine
    transition_id: int | None  # None: the closure checklist


LINE_COLUMNS: list[Column[MeetingLine]] = [
    Column("Checklist", lambda m: m.list_name),
    Column("Done?", lambda m: f"{m.line.mark} {'Done' if m.line.done else 'To do'}"),
    Column("What", lambda m: m.line.label),
    Column(
        "Where it stands",
        lambda m: m.line.status,
        tooltip=lambda m: (
            f"{m.line.status}\n\n{FROM_RECORDS_TIP}" if m.line.from_records else m.line.status
        ),
    ),
]


class TransitionsPart(PartWidget):
    heading = "Handing on and closing"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        intro = QLabel(
            "Each line of the case's handing-on and closing checklists. Mark a line done as "
            "the meeting agrees it; lines ticked from the case's records change there. To "
            "start a transition or close the case, use the case's Transitions and closure tab."
        )
        intro.setWordWrap(True)
        self.model: RowTableModel[MeetingLine] = RowTableModel(LINE_COLUMNS, self)
        self.table = plain_table("Handing-on and closing checklists")
        self.table.setModel(self.model)
        wrap_columns(self.table, [2, 3])
        self.table.setMinimumHeight(160)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.mark_button = QPushButton("Mark &done…")
        self.mark_button.clicked.connect(self.mark)
        self.unmark_button = QPushButton("Not done after a&ll")
        self.unmark_button.clicked.connect(self.unmark)
        self.empty = QLabel(
            "This case has no transition under way and nothing is marked for closing."
        )
        self.empty.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mark_button)
        buttons.addWidget(self.unmark_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self._enable()

    def editors(self) -> list[QWidget]:
        return [self.mark_button, self.unmark_button]

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        self.reload()

    def reload(self) -> None:
        view = self.view
        if view is None:
            return
        rows: list[MeetingLine] = []
        try:
            for transition in transitions.case_transitions(self.vault, view.case_id):
                if not transition.complete:
                    rows += [
                        MeetingLine(transition.title, line, transition.id)
                        for line in transition.lines
                    ]
            closure = transitions.closure_checklist(self.vault, view.case_id)
        except TacError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        rows += [MeetingLine("Closing the case", line, None) for line in closure.lines]
        current = self.current()
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        if rows:
            keep = next(
                (
                    n
                    for n, r in enumerate(rows)
                    if current is not None
                    and (r.transition_id, r.line.key) == (current.transition_id, current.line.key)
                ),
                0,
            )
            self.table.setCurrentIndex(self.model.index(keep, 0))
        self._enable()

    def set_read_only(self, read_only: bool) -> bool:
        changed = super().set_read_only(read_only)
        self._enable()
        return changed

    def current(self) -> MeetingLine | None:
        return self.model.row_at(self.table.currentIndex())

    def _enable(self) -> None:
        row = self.current()
        can = row is not None and not self.read_only and not row.line.from_records
        self.mark_button.setEnabled(can and row is not None and not row.line.done)
        self.unmark_button.setEnabled(can and row is not None and row.line.done)

    def _set(
        self, row: MeetingLine, done: bool, by: str = "", on: date | None = None, note: str = ""
    ) -> None:
        view = self.view
        assert view is not None
        if row.transition_id is not None:
            transitions.mark_transition_item(
                self.vault,
                row.transition_id,
                row.line.key,
                done=done,
                done_by=by,
                done_on=on,
                note=note,
            )
        else:
            transitions.mark_closure_item(
                self.vault, view.case_id, row.line.key, done=done, done_by=by, done_on=on, note=note
            )

    def mark(self) -> None:
        row = self.current()
        if row is None or not self.mark_button.isEnabled():
            return

        def save(by: str, on: date, note: str) -> None:
            self._set(row, True, by, on, note)

        if MarkDialog(row.line, save, self).exec():
            self.saved.emit("Checklist line marked done")
            self.reload()

    def unmark(self) -> None:
        row = self.current()
        if row is None or not self.unmark_button.isEnabled():
            return
        if self.attempt(lambda: self._set(row, False), "Checklist line marked not done"):
            self.reload()
