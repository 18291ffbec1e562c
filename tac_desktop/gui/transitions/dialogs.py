"""Handing a child on and closing the case: the dialogs (start or change a transition,
mark a checklist line done, close a task with what happened), and the closure checklist
that will not close the case until every line is done.

Every line says where it stands in words that start with a mark (✓ done, ○ to do), never
by colour alone. Lines that tick themselves from the case's records (the safety plan's
sends, the open tasks, what is written in the closure) say where they came from and
cannot be marked by hand; the screen tells the chair where to go instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.models import TaskStatus, TransitionKind
from tac_desktop.core.services import transitions
from tac_desktop.core.services.cases import CaseView
from tac_desktop.core.services.transitions import (
    ChecklistLine,
    ClosureDraft,
    ClosureView,
    TransitionDraft,
    TransitionView,
)
from tac_desktop.core.vault import Vault
from tac_desktop.gui.shared.dialogs import SavingDialog, error_style, from_qdate, to_qdate
from tac_desktop.gui.shared.item_models import Column, RowTableModel
from tac_desktop.gui.shared.widgets import buddy, date_edit, line_edit, record_table, text_box

MarkSaver = Callable[[str, date, str], None]  # (done by, done on, note)

FROM_RECORDS_TIP = (
    "This line ticks itself from the case's records, so it is not marked by hand. "
    "What it says next to it tells you where to put it right."
)

CHECKLIST_COLUMNS: list[Column[ChecklistLine]] = [
    Column("Done?", lambda line: f"{line.mark} {'Done' if line.done else 'To do'}"),
    Column("What", lambda line: line.label),
    Column(
        "Where it stands",
        lambda line: line.status,
        tooltip=lambda line: (
            f"{line.status}\n\n{FROM_RECORDS_TIP}" if line.from_records else line.status
        ),
    ),
]


def checklist_table(name: str, model: RowTableModel[ChecklistLine]) -> QTableView:
    table = record_table(name)
    table.setModel(model)
    header = table.horizontalHeader()
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
    table.setColumnWidth(1, 330)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def message_label(text: str, name: str = "Message") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


# -- dialogs ----------------------------------------------------------------------------


class TransitionDialog(SavingDialog):
    """Start a transition, or change its details while it is under way."""

    def __init__(
        self,
        vault: Vault,
        case: CaseView,
        existing: TransitionView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case = case
        self.existing = existing
        self.added_id: int | None = None
        self.setWindowTitle("Change the details" if existing else "Start a transition")
        layout = QVBoxLayout(self)
        layout.addWidget(
            message_label(
                "A move to adult services, out of the area, to a new school or out of care. "
                "The checklist is made from the case: every agency on it is told, the "
                "current safety plan reaches the service taking over, the risks are handed "
                "over, and someone keeps in touch until that service has started."
            )
        )
        self.kind = QComboBox()
        self.kind.setAccessibleName("What is changing")
        for kind in TransitionKind:
            self.kind.addItem(kind.label, kind)
        self.person = QComboBox()
        self.person.setAccessibleName("Who is moving on")
        self.person.addItem("The whole family", None)
        for person in case.people:
            self.person.addItem(person.display_name, person.id)
        self.moves_on = date_edit("When it happens", date.today())
        self.receiving = line_edit(
            "Service taking over", "for example Riverside Adult Social Care, or a school"
        )
        self.contact = line_edit("Contact there", "name, phone or secure email")
        self.continuity = line_edit(
            "Who keeps in touch meanwhile", "until the service taking over has started"
        )
        self.notes = text_box("Notes", 3)
        form = QFormLayout()
        form.addRow(buddy("&What is changing:", self.kind), self.kind)
        form.addRow(buddy("Who is m&oving on:", self.person), self.person)
        form.addRow(buddy("Wh&en:", self.moves_on), self.moves_on)
        form.addRow(buddy("Service ta&king over:", self.receiving), self.receiving)
        form.addRow(buddy("&Contact there:", self.contact), self.contact)
        form.addRow(buddy("Who kee&ps in touch meanwhile:", self.continuity), self.continuity)
        form.addRow(buddy("&Notes:", self.notes), self.notes)
        layout.addLayout(form)
        error = QLabel()
        error.setWordWrap(True)
        error.setAccessibleName("Message")
        layout.addWidget(error)
        self.add_save_buttons(error, "&Save changes" if existing else "&Start transition")
        if existing is not None:
            self.kind.setCurrentIndex(self.kind.findData(existing.kind))
            self.person.setCurrentIndex(max(0, self.person.findData(existing.for_person_id)))
            self.moves_on.setDate(to_qdate(existing.moves_on))
            self.receiving.setText(existing.receiving_agency)
            self.contact.setText(existing.receiving_contact)
            self.continuity.setText(existing.continuity_by)
            self.notes.setPlainText(existing.notes)
        self.resize(620, 420)
        self.kind.setFocus()

    def draft(self) -> TransitionDraft:
        return TransitionDraft(
            kind=self.kind.currentData(),
            moves_on=from_qdate(self.moves_on.date()),
            receiving_agency=self.receiving.text(),
            receiving_contact=self.contact.text(),
            continuity_by=self.continuity.text(),
            notes=self.notes.toPlainText(),
            for_person_id=self.person.currentData(),
        )

    def save(self) -> None:
        if self.existing is None:
            self.added_id = transitions.start_transition(self.vault, self.case.id, self.draft())
        else:
            transitions.update_transition(self.vault, self.existing.id, self.draft())


class MarkDialog(SavingDialog):
    """Mark one line of a checklist done: by whom, when, and a note."""

    def __init__(self, line: ChecklistLine, save: MarkSaver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle("Mark done")
        layout = QVBoxLayout(self)
        what = message_label(line.label, "What is done")
        font = what.font()
        font.setBold(True)
        what.setFont(font)
        layout.addWidget(what)
        self.done_by = line_edit("Done by", "you, if left empty")
        self.done_on = date_edit("Done on", date.today())
        self.note = text_box("Note", 2, "how, for example “by letter” or “at the meeting”")
        form = QFormLayout()
        form.addRow(buddy("Done &by:", self.done_by), self.done_by)
        form.addRow(buddy("Done &on:", self.done_on), self.done_on)
        form.addRow(buddy("&Note:", self.note), self.note)
        layout.addLayout(form)
        error = QLabel()
        error.setWordWrap(True)
        error.setAccessibleName("Message")
        layout.addWidget(error)
        self.add_save_buttons(error, "&Mark done")
        self.resize(520, 260)
        self.done_by.setFocus()

    def save(self) -> None:
        self._save(self.done_by.text(), from_qdate(self.done_on.date()), self.note.toPlainText())


class ReopenDialog(SavingDialog):
    """Why a closed case opens again. Tab leaves the reason box, Ctrl+Enter reopens."""

    def __init__(
        self, reference: str, save: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle("Reopen the case")
        layout = QVBoxLayout(self)
        layout.addWidget(
            message_label(
                f"Case {reference} opens again. Its closure stays in the case's history.",
                "What reopening does",
            )
        )
        self.reason = text_box(
            "Why the case is reopened",
            4,
            "for example “School referred again after a new incident”",
        )
        layout.addWidget(buddy("&Why is the case reopened?", self.reason))
        layout.addWidget(self.reason)
        error = QLabel()
        error.setWordWrap(True)
        error.setAccessibleName("Message")
        layout.addWidget(error)
        self.add_save_buttons(error, "&Reopen the case")
        self.resize(520, 260)
        self.reason.setFocus()

    def save(self) -> None:
        self._save(self.reason.toPlainText())


class TaskOutcomeDialog(SavingDialog):
    """Close an open task before the case closes, saying what happened."""

    def __init__(
        self, vault: Vault, task_id: int, label: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.task_id = task_id
        self.setWindowTitle("Close a task")
        layout = QVBoxLayout(self)
        layout.addWidget(
            message_label(label.removeprefix("Task closed with what happened: "), "Task")
        )
        self.done_choice = QRadioButton("&Done")
        self.not_needed = QRadioButton("No &longer needed")
        self.done_choice.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.done_choice)
        group.addButton(self.not_needed)
        row = QHBoxLayout()
        row.addWidget(self.done_choice)
        row.addWidget(self.not_needed)
        row.addStretch(1)
        layout.addLayout(row)
        self.outcome = text_box("What happened", 3, "what happened, in a sentence or two")
        layout.addWidget(buddy("&What happened:", self.outcome))
        layout.addWidget(self.outcome)
        error = QLabel()
        error.setWordWrap(True)
        error.setAccessibleName("Message")
        layout.addWidget(error)
        self.add_save_buttons(error, "&Close the task")
        self.resize(520, 260)
        self.outcome.setFocus()

    def save(self) -> None:
        status = TaskStatus.DONE if self.done_choice.isChecked() else TaskStatus.NO_LONGER_NEEDED
        transitions.close_task_with_outcome(
            self.vault, self.task_id, self.outcome.toPlainText(), status
        )


class ClosureDialog(QDialog):
    """The closure checklist. What is written is kept as it is typed in (on leaving the
    dialog, marking a line or closing); the case closes only when every line is done."""

    def __init__(self, vault: Vault, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case_id = case_id
        self.closed = False
        self.view: ClosureView | None = None
        self.setWindowTitle("Close the case")
        layout = QVBoxLayout(self)
        self.intro = message_label(
            "Before the case closes, every agency is told and knows the risks as they stand, "
            "each has the current safety plan, everyone knows when to refer the family "
            "again, someone watches how the child is doing, and every open task is closed "
            "with what happened. Lines marked ○ are still to do."
        )
        layout.addWidget(self.intro)
        self.intended_on = date_edit("Intended closing date", date.today())
        self.reason = text_box("Why the case is closing", 2)
        self.risk_level = text_box("The risks as they stand now", 2)
        self.reinstate_when = text_box(
            "When to refer the family again", 2, "what would bring the family back"
        )
        self.monitoring = text_box("How wellbeing will be watched", 2)
        self.monitored_by = line_edit("Who watches", "a named person and their agency")
        left = QFormLayout()
        left.addRow(buddy("&Why it is closing:", self.reason), self.reason)
        left.addRow(buddy("The &risks now:", self.risk_level), self.risk_level)
        left.addRow(buddy("When to re&fer again:", self.reinstate_when), self.reinstate_when)
        right = QFormLayout()
        right.addRow(buddy("How wellbeing is watc&hed:", self.monitoring), self.monitoring)
        right.addRow(buddy("Who watche&s:", self.monitored_by), self.monitored_by)
        right.addRow(buddy("Intended closing &date:", self.intended_on), self.intended_on)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        layout.addLayout(columns)
        self.model: RowTableModel[ChecklistLine] = RowTableModel(CHECKLIST_COLUMNS, self)
        self.table = checklist_table("Closure checklist", self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.table.doubleClicked.connect(lambda _index: self.act_on_line())
        layout.addWidget(self.table, 1)
        self.mark_button = QPushButton("&Mark done…")
        self.mark_button.clicked.connect(self.act_on_line)
        self.unmark_button = QPushButton("&Undo the mark")
        self.unmark_button.clicked.connect(self.unmark)
        self.close_case_button = QPushButton("Close the &case")
        self.close_case_button.clicked.connect(self.close_case)
        self.left = message_label("", "What is left")
        row = QHBoxLayout()
        row.addWidget(self.mark_button)
        row.addWidget(self.unmark_button)
        row.addWidget(self.left, 1)
        row.addWidget(self.close_case_button)
        layout.addLayout(row)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Message")
        error_style(self.error)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Keep &open for now")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1000, 680)
        self.reload(fill=True)
        self.reason.setFocus()

    # -- reading -------------------------------------------------------------------------

    def reload(self, fill: bool = False) -> None:
        try:
            view = transitions.closure_checklist(self.vault, self.case_id)
        except TacError as error:
            self.show_error(str(error))
            return
        self.view = view
        if fill:
            plan = view.plan
            self.intended_on.setDate(to_qdate(plan.intended_on or date.today()))
            self.reason.setPlainText(plan.reason)
            self.risk_level.setPlainText(plan.risk_level)
            self.reinstate_when.setPlainText(plan.reinstate_when)
            self.monitoring.setPlainText(plan.monitoring)
            self.monitored_by.setText(plan.monitored_by)
        current = self.current()
        self.model.set_rows(view.lines)
        keys = [line.key for line in view.lines]
        if view.lines:
            row = keys.index(current.key) if current is not None and current.key in keys else 0
            self.table.setCurrentIndex(self.model.index(row, 0))
        left = len(view.missing)
        self.left.setText(
            "✓ Every line is done: the case can close."
            if not left
            else f"○ {left} line{'s' if left != 1 else ''} still to do."
        )
        self._enable()

    def current(self) -> ChecklistLine | None:
        return self.model.row_at(self.table.currentIndex())

    def _enable(self) -> None:
        line = self.current()
        self.mark_button.setText(
            "Close the &task…"
            if line is not None and line.key.startswith("task:")
            else "&Mark done…"
        )
        self.mark_button.setEnabled(
            line is not None
            and not line.done
            and (not line.from_records or line.key.startswith("task:"))
        )
        self.unmark_button.setEnabled(line is not None and line.done and not line.from_records)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    # -- writing -------------------------------------------------------------------------

    def draft(self) -> ClosureDraft:
        return ClosureDraft(
            intended_on=from_qdate(self.intended_on.date()),
            reason=self.reason.toPlainText(),
            risk_level=self.risk_level.toPlainText(),
            reinstate_when=self.reinstate_when.toPlainText(),
            monitoring=self.monitoring.toPlainText(),
            monitored_by=self.monitored_by.text(),
        )

    def save_plan(self) -> bool:
        """Keep what is written (only when something changed); False when refused."""
        view = self.view
        draft = self.draft()
        if (
            view is not None
            and view.closure_id is None
            and draft == ClosureDraft(intended_on=draft.intended_on)
        ):
            return True  # nothing written yet: no closure started by merely looking
        if view is not None and view.plan == draft:
            return True
        try:
            transitions.save_closure_plan(self.vault, self.case_id, draft)
        except TacError as error:
            self.show_error(str(error))
            return False
        return True

    def act_on_line(self) -> None:
        line = self.current()
        if line is None or not self.mark_button.isEnabled() or not self.save_plan():
            return
        if line.key.startswith("task:"):
            task_id = int(line.key.split(":", 1)[1])
            if TaskOutcomeDialog(self.vault, task_id, line.label, self).exec():
                self.error.hide()
            self.reload()
            return

        def save(by: str, on: date, note: str) -> None:
            transitions.mark_closure_item(
                self.vault, self.case_id, line.key, done_by=by, done_on=on, note=note
            )

        if MarkDialog(line, save, self).exec():
            self.error.hide()
        self.reload()

    def unmark(self) -> None:
        line = self.current()
        if line is None or not self.unmark_button.isEnabled() or not self.save_plan():
            return
        try:
            transitions.mark_closure_item(self.vault, self.case_id, line.key, done=False)
        except TacError as error:
            self.show_error(str(error))
        self.reload()

    def close_case(self) -> None:
        if not self.save_plan():
            return
        self.reload()
        try:
            transitions.close_case(self.vault, self.case_id, from_qdate(self.intended_on.date()))
        except TacError as error:
            self.show_error(str(error))
            return
        self.closed = True
        self.accept()

    def reject(self) -> None:
        self.save_plan()
        super().reject()
