"""The task dialogs: add a task, update one, record a challenge.

The forms for updating a task and recording a challenge are widgets of their own, so the
review meeting's "previous actions" part uses the very same fields as the dialogs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import InvalidInput, TacError
from tac_desktop.core.models import NotDoneReason, TaskStatus
from tac_desktop.core.services import tasks
from tac_desktop.core.services.cases import CaseView
from tac_desktop.core.services.tasks import TaskDraft, TaskView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.actions.task_table import owner_text
from tac_desktop.gui.shared.dialogs import SavingDialog, error_style, from_qdate, to_qdate
from tac_desktop.gui.shared.item_models import format_date
from tac_desktop.gui.shared.widgets import buddy, line_edit, text_box

# -- the forms ------------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateValues:
    status: TaskStatus | None  # None: the chair has not chosen what happened
    note: str
    new_due_on: date | None
    not_done_reason: NotDoneReason | None


UPDATE_STATUSES = [
    TaskStatus.DONE,
    TaskStatus.IN_PROGRESS,
    TaskStatus.NOT_DONE,
    TaskStatus.NO_LONGER_NEEDED,
]


NOT_CHOSEN = (
    "Choose what happened to the task first: done, in progress (with its new date), not "
    "done, or no longer needed. Nothing was recorded."
)


def recorded_text(task: TaskView, meeting_id: int | None = None) -> str:
    """What the record holds for a task, in a sentence: its latest update (said at this
    meeting or before it), or that nothing has been recorded since it was agreed."""
    here = [u for u in task.updates if meeting_id is not None and u.meeting_id == meeting_id]
    last = here[-1] if here else (task.updates[-1] if task.updates else None)
    if last is None:
        return "Recorded so far: nothing since it was agreed."
    when = "at this meeting" if here else f"on {format_date(last.made_at.date())}"
    words = f"Recorded {when}: {last.status.label}"
    if last.not_done_reason is not None:
        words += f" ({last.not_done_reason.label.lower()})"
    if last.new_due_on is not None and last.status is TaskStatus.IN_PROGRESS:
        words += f", now due {format_date(last.new_due_on)}"
    return words + (f". “{last.note.strip()}”" if last.note.strip() else ".")


class UpdateForm(QWidget):
    """What happened: status; a new date when in progress; could not or was not; a note.

    Nothing is chosen for the chair: the form starts empty ("Choose what happened"), or,
    at a meeting that already updated the task, shows that update; what the record holds
    so far is said above the fields."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recorded = QLabel()
        self.recorded.setWordWrap(True)
        self.recorded.setTextFormat(Qt.TextFormat.PlainText)
        self.recorded.setAccessibleName("What is recorded for this task")
        self.status = QComboBox()
        self.status.setAccessibleName("What happened")
        self.status.setPlaceholderText("Choose what happened")
        for status in UPDATE_STATUSES:
            self.status.addItem(status.label, status)
        self.status.setCurrentIndex(-1)
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
        form.addRow(self.recorded)
        form.addRow(buddy("&What happened:", self.status), self.status)
        form.addRow(buddy("New &due date:", self.new_due), self.new_due)
        form.addRow(QLabel("If not done:"), reasons)
        form.addRow(buddy("&Note:", self.note), self.note)
        self.editable = True
        self._status_chosen()

    def reset(self, task: TaskView | None, meeting_id: int | None = None) -> None:
        """Show ``task`` with nothing chosen; with ``meeting_id``, the update already
        recorded at that meeting, if there is one."""
        here = [
            u for u in (task.updates if task else []) if meeting_id and u.meeting_id == meeting_id
        ]
        last = here[-1] if here else None
        self.status.setCurrentIndex(self.status.findData(last.status) if last else -1)
        self.reason_group.setExclusive(False)
        self.could_not.setChecked(
            last is not None and last.not_done_reason is NotDoneReason.COULD_NOT
        )
        self.was_not.setChecked(last is not None and last.not_done_reason is NotDoneReason.WAS_NOT)
        self.reason_group.setExclusive(True)
        if last is not None:
            self.note.setPlainText(last.note)
        else:
            self.note.clear()
        if task is not None:
            self.new_due.setDate(to_qdate(task.due_on))
        self.show_recorded(task, meeting_id)
        self._status_chosen()

    def show_recorded(self, task: TaskView | None, meeting_id: int | None = None) -> None:
        """Say what the record holds for ``task`` (after a save, say, without touching
        what is in the fields)."""
        self.recorded.setText(recorded_text(task, meeting_id) if task is not None else "")
        self.recorded.setVisible(task is not None)

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
        status: TaskStatus | None = self.status.currentData()
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
    if values.status is None:
        raise InvalidInput(NOT_CHOSEN)
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

ANOTHER_AGENCY = "Another agency…"


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
        # The case's own agencies; any other the vault knows only when asked for.
        try:
            agencies = tasks.agency_choices(vault, case.id)
        except TacError:
            agencies = []
        for agency_id, agency_name in agencies:
            self._add_agency(agency_id, agency_name)
        self.owner.addItem(ANOTHER_AGENCY)
        self.owners.append((None, None, None))
        self.owner.setCurrentIndex(-1)
        self.owner.setPlaceholderText("Choose who does it")
        self.owner.activated.connect(self._owner_chosen)
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
        due_row.addWidget(buddy("or wi&thin", self.within))
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

    def _add_agency(self, agency_id: int, name: str) -> int:
        row = len(self.owners) - (1 if self.owner.findText(ANOTHER_AGENCY) >= 0 else 0)
        self.owner.insertItem(row, f"Someone at {name} (nobody named yet)")
        self.owners.insert(row, (None, None, agency_id))
        return row

    def _owner_chosen(self, row: int) -> None:
        """ "Another agency…": the agencies of other cases, asked for by name."""
        if self.owner.itemText(row) != ANOTHER_AGENCY:
            return
        try:
            others = tasks.other_agency_choices(self.vault, self.case.id)
        except TacError as error:
            self.show_error(str(error))
            self.owner.setCurrentIndex(-1)
            return
        if not others:
            self.show_error(
                "No other agency is known yet. Add the professional to the case first "
                "(Case, then Add professional), then give them the task."
            )
            self.owner.setCurrentIndex(-1)
            return
        names = [name for _id, name in others]
        name, chosen = QInputDialog.getItem(
            self,
            "Another agency",
            "An agency that is not yet part of this family's case:",
            names,
            0,
            False,
        )
        if not chosen:
            self.owner.setCurrentIndex(-1)
            return
        agency_id = others[names.index(name)][0]
        self.owner.setCurrentIndex(self._add_agency(agency_id, name))

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
        if row < 0 or self.owner.itemText(row) == ANOTHER_AGENCY:
            professional_id = person_id = agency_id = None
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
