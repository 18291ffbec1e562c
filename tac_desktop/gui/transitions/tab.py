"""The case's "Transitions and closure" tab: the transitions under way with their
checklists, where the case stands, and the way to close it (``dialogs.ClosureDialog``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.models import CaseStatus
from tac_desktop.core.services import transitions
from tac_desktop.core.services.cases import CaseView
from tac_desktop.core.services.transitions import (
    ChecklistLine,
    ClosureView,
    TransitionView,
    short_date,
)
from tac_desktop.core.vault import Vault
from tac_desktop.gui.shared.item_models import Column, RowTableModel, format_date
from tac_desktop.gui.shared.widgets import record_table
from tac_desktop.gui.transitions.dialogs import (
    CHECKLIST_COLUMNS,
    FROM_RECORDS_TIP,
    ClosureDialog,
    MarkDialog,
    ReopenDialog,
    TransitionDialog,
    checklist_table,
    message_label,
)

TRANSITION_COLUMNS: list[Column[TransitionView]] = [
    Column("Who and what", lambda t: t.title),
    Column("When", lambda t: format_date(t.moves_on), lambda t: t.moves_on),
    Column("Taking over", lambda t: t.receiving_agency),
    Column("Checklist", lambda t: t.progress),
]


class TransitionTab(QWidget):
    """The case's transitions with their checklists, and closing or reopening the case."""

    saved = Signal(str)  # what was saved; the workspace adds the time
    failed = Signal(str)  # a plain message
    case_changed = Signal()  # closed or reopened: the whole case reads again

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case: CaseView | None = None
        self.closure: ClosureView | None = None
        # Shown by the workspace above its tabs when the case is closed.
        self.banner = message_label("", "Case closed")
        self.banner.setObjectName("warning")
        self.banner.hide()

        self.status = message_label("", "Where the case stands")
        self.new_button = QPushButton("&New transition…")
        self.new_button.clicked.connect(self.new_transition)
        self.edit_button = QPushButton("&Edit details…")
        self.edit_button.clicked.connect(self.edit_transition)
        self.close_button = QPushButton("Cl&ose the case…")
        self.close_button.clicked.connect(self.close_case)
        self.reopen_button = QPushButton("&Reopen the case…")
        self.reopen_button.clicked.connect(self.reopen_case)
        top = QHBoxLayout()
        for button in (self.new_button, self.edit_button):
            top.addWidget(button)
        top.addStretch(1)
        top.addWidget(self.close_button)
        top.addWidget(self.reopen_button)

        self.model: RowTableModel[TransitionView] = RowTableModel(TRANSITION_COLUMNS, self)
        self.table = record_table("Transitions")
        self.table.setModel(self.model)
        self.table.setMaximumHeight(120)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_checklist())
        self.empty = message_label(
            "No transitions yet. New transition… starts one when the child moves to adult "
            "services, out of the area, to a new school or out of care.",
            "About transitions",
        )
        self.details = message_label("", "The transition's details")

        self.lines: RowTableModel[ChecklistLine] = RowTableModel(CHECKLIST_COLUMNS, self)
        self.checklist = checklist_table("Transition checklist", self.lines)
        self.checklist.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.checklist.doubleClicked.connect(lambda _index: self.mark_done())
        self.mark_button = QPushButton("M&ark done…")
        self.mark_button.clicked.connect(self.mark_done)
        self.unmark_button = QPushButton("Undo the mar&k")
        self.unmark_button.clicked.connect(self.unmark)
        self.complete_button = QPushButton("Com&plete the transition")
        self.complete_button.clicked.connect(self.complete)
        actions = QHBoxLayout()
        for button in (self.mark_button, self.unmark_button, self.complete_button):
            actions.addWidget(button)
        actions.addStretch(1)

        checklist_label = QLabel("Checklist for the chosen transition")
        font = checklist_label.font()
        font.setBold(True)
        checklist_label.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(checklist_label)
        layout.addWidget(self.details)
        layout.addWidget(self.checklist, 1)
        layout.addLayout(actions)
        self._enable()

    # -- reading -------------------------------------------------------------------------

    @property
    def case_open(self) -> bool:
        return self.case is not None and self.case.status is CaseStatus.OPEN

    def show_case(self, case: CaseView) -> None:
        self.case = case
        self.reload()

    def reload(self, select: int | None = None) -> None:
        if self.case is None:
            return
        current = self.current()
        keep = select if select is not None else (current.id if current else None)
        try:
            rows = transitions.case_transitions(self.vault, self.case.id)
            self.closure = transitions.closure_checklist(self.vault, self.case.id)
        except TacError as error:
            self.failed.emit(str(error))
            return
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        if rows:
            chosen = next((n for n, t in enumerate(rows) if t.id == keep), len(rows) - 1)
            self.table.setCurrentIndex(self.model.index(chosen, 0))
        self._show_checklist()
        self._show_status()

    def _show_status(self) -> None:
        closure = self.closure
        if closure is None:
            return
        history = [entry.text for entry in closure.history]
        if not closure.case_open and closure.closed_at is not None:
            when = short_date(closure.closed_on or closure.closed_at.date())
            why = closure.plan.reason or "no reason was written"
            self.banner.setText(
                f"This case closed on {when}: {why} It can be read but not changed; "
                "Reopen the case… (on the Transitions and closure tab, or in the Case menu) "
                "opens it again."
            )
            self.status.setText(
                f"Closed. Watching how the family is doing: {closure.plan.monitored_by}: "
                f"{closure.plan.monitoring}\nWhen to refer again: "
                f"{closure.plan.reinstate_when}"
                + ("\nHistory: " + "\n".join(history) if history else "")
            )
        else:
            left = len(closure.missing)
            lines = len(closure.lines)
            started = "" if closure.closure_id is not None else " (not started)"
            self.status.setText(
                f"The case is open. Closure checklist{started}: {lines - left} of {lines} "
                "done. Close the case… works through it."
                + ("\nHistory: " + "\n".join(history) if history else "")
            )
        self.banner.setVisible(not closure.case_open)

    def current(self) -> TransitionView | None:
        return self.model.row_at(self.table.currentIndex())

    def current_line(self) -> ChecklistLine | None:
        return self.lines.row_at(self.checklist.currentIndex())

    def _show_checklist(self) -> None:
        transition = self.current()
        line = self.current_line()
        self.lines.set_rows(transition.lines if transition else [])
        if transition is not None:
            parts = [
                f"{transition.kind.label} on {short_date(transition.moves_on)}",
                f"taking over: {transition.receiving_agency}"
                + (f" ({transition.receiving_contact})" if transition.receiving_contact else ""),
            ]
            if transition.continuity_by:
                parts.append(f"keeping in touch meanwhile: {transition.continuity_by}")
            text = "; ".join(parts) + "."
            if transition.notes:
                text += f"\n{transition.notes}"
            self.details.setText(text)
            keys = [x.key for x in transition.lines]
            if transition.lines:
                row = keys.index(line.key) if line is not None and line.key in keys else 0
                self.checklist.setCurrentIndex(self.lines.index(row, 0))
        else:
            self.details.setText("")
        self._enable()

    def _enable(self) -> None:
        transition = self.current()
        line = self.current_line()
        writable = self.case_open and transition is not None and not transition.complete
        self.new_button.setEnabled(self.case_open)
        self.edit_button.setEnabled(writable)
        self.mark_button.setEnabled(
            writable and line is not None and not line.done and not line.from_records
        )
        self.unmark_button.setEnabled(
            writable and line is not None and line.done and not line.from_records
        )
        self.complete_button.setEnabled(writable)
        self.close_button.setVisible(self.case is None or self.case_open)
        self.reopen_button.setVisible(self.case is not None and not self.case_open)

    # -- transitions -----------------------------------------------------------------------

    def new_transition(self) -> None:
        if self.case is None or not self.case_open:
            return
        dialog = TransitionDialog(self.vault, self.case, parent=self)
        if dialog.exec():
            self.reload(dialog.added_id)
            self.saved.emit("New transition")

    def edit_transition(self) -> None:
        transition = self.current()
        if self.case is None or transition is None or not self.edit_button.isEnabled():
            return
        if TransitionDialog(self.vault, self.case, transition, self).exec():
            self.reload(transition.id)
            self.saved.emit("Transition")

    def mark_done(self) -> None:
        transition = self.current()
        line = self.current_line()
        if transition is None or line is None:
            return
        if line.from_records:
            QMessageBox.information(
                self, "Transition checklist", f"{line.status}\n\n{FROM_RECORDS_TIP}"
            )
            return
        if not self.mark_button.isEnabled():
            return

        def save(by: str, on: date, note: str) -> None:
            transitions.mark_transition_item(
                self.vault, transition.id, line.key, done_by=by, done_on=on, note=note
            )

        if MarkDialog(line, save, self).exec():
            self.reload(transition.id)
            self.saved.emit("Checklist")

    def unmark(self) -> None:
        transition = self.current()
        line = self.current_line()
        if transition is None or line is None or not self.unmark_button.isEnabled():
            return
        try:
            transitions.mark_transition_item(self.vault, transition.id, line.key, done=False)
        except TacError as error:
            self.failed.emit(str(error))
            return
        self.reload(transition.id)
        self.saved.emit("Checklist")

    def complete(self) -> None:
        transition = self.current()
        if transition is None or not self.complete_button.isEnabled():
            return
        try:
            transitions.complete_transition(self.vault, transition.id)
        except TacError as error:
            QMessageBox.information(self, "Transition", str(error))
            return
        self.reload(transition.id)
        self.saved.emit("Completed transition")

    # -- closing and reopening -------------------------------------------------------------

    def close_case(self) -> None:
        if self.case is None or not self.case_open:
            return
        dialog = ClosureDialog(self.vault, self.case.id, self)
        dialog.exec()
        if dialog.closed:
            self.saved.emit("Closure")
            self.case_changed.emit()
        else:
            self.reload()

    def reopen_case(self) -> None:
        if self.case is None or self.case_open:
            return
        case_id = self.case.id
        dialog = ReopenDialog(
            self.case.reference,
            lambda why: transitions.reopen_case(self.vault, case_id, why),
            self,
        )
        if not dialog.exec():
            return
        self.saved.emit("Reopening")
        self.case_changed.emit()
