"""The structured parts of an agenda section: attendance, Think Family, scaling and more.

Each part shows the meeting (``show_view``), saves through core services, and says so by
``changed`` (the screen then reads the meeting again and hands it back to every part).
Typed text is saved a moment after typing stops and at once by ``flush`` (on leaving the
row, the section or the meeting, and on lock), so nothing typed is lost. Refreshing never
overwrites what is being typed: editors are filled only when another row is chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.models import AttendanceMode
from tac_desktop.core.practice.agenda import Part
from tac_desktop.core.practice.think_family import (
    QUESTION_BY_KEY,
    Answer,
    FollowUp,
    Procedure,
    Role,
    needs_follow_up,
)
from tac_desktop.core.services import cases, meetings
from tac_desktop.core.services.cases import PersonDraft, PersonView
from tac_desktop.core.services.meetings import (
    AttendeeView,
    ConsiderationAnswer,
    ConsiderationView,
    DecisionView,
    DifferingViewView,
    EarlyReviewView,
    MeetingView,
    MissingItem,
    ScoreView,
)
from tac_desktop.core.vault import Vault
from tac_desktop.gui.documents.reports import ReceivedReportsList
from tac_desktop.gui.meeting_dialogs import ChooseDialog, InviteOtherDialog
from tac_desktop.gui.shared.dialogs import from_qdate, to_qdate
from tac_desktop.gui.shared.item_models import Column, RowTableModel
from tac_desktop.gui.shared.person_dialog import PersonDialog
from tac_desktop.gui.shared.widgets import buddy, line_edit, text_box

SAVE_DELAY_MS = 400
KEY_ROLE = Qt.ItemDataRole.UserRole + 10

Row = TypeVar("Row")

ROLE_LABELS = {
    Role.SUBJECT_CHILD: "the child the meeting is about",
    Role.OTHER_CHILD: "another child in the household",
    Role.ADULT_AROUND_CHILD: "an adult around the child",
    Role.SUBJECT_ADULT: "the adult the meeting is about",
    Role.CHILD_OF_SUBJECT_ADULT: "a child in the family",
}

# The grid is narrow: short names there, the full label in the editor.
SHORT_PROCEDURE = {
    Procedure.CHILD_PROTECTION: "child protection",
    Procedure.ADULT_SAFEGUARDING: "adult safeguarding",
    Procedure.MARAC: "MARAC",
    Procedure.ADULT_SERVICES: "adult services",
    Procedure.EARLY_HELP: "early help",
    Procedure.OTHER: "another service",
}

# In the attendance list, pressing 1–6 records how the chosen person took part.
QUICK_MODES = [
    AttendanceMode.PRESENT,
    AttendanceMode.REMOTE,
    AttendanceMode.WRITTEN_REPORT,
    AttendanceMode.REPRESENTED,
    AttendanceMode.APOLOGIES,
    AttendanceMode.DID_NOT_ATTEND,
]


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


# -- attendance -----------------------------------------------------------------------


ATTENDEE_COLUMNS: list[Column[AttendeeView]] = [
    Column("Name", lambda a: a.name),
    Column("Role", lambda a: ", ".join(x for x in (a.role, a.agency) if x)),
    Column("How they took part", lambda a: a.mode.label),
    Column("Represented by", lambda a: a.represented_by),
    Column("Report", lambda a: "Yes" if a.report_text.strip() else ""),
]


class _QuickKeyTable(QTableView):
    """Digits 1–6 record how the current person took part, without leaving the list."""

    digit_pressed = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        no_modifiers = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if no_modifiers and Qt.Key.Key_1 <= key <= Qt.Key.Key_6:
            self.digit_pressed.emit(key - Qt.Key.Key_1 + 1)
            return
        super().keyPressEvent(event)


def _person_choice(person: PersonView) -> str:
    relation = "the subject" if person.is_subject else person.relationship_to_subject
    return f"{person.display_name} ({relation})" if relation else person.display_name


class AttendancePart(PartWidget):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self._editing: int | None = None  # the attendance row in the editor
        self._text_save = Debounce(self._save, self)

        self.invite_person_button = QPushButton("Invite famil&y member…")
        self.invite_person_button.clicked.connect(self.invite_person)
        self.invite_professional_button = QPushButton("Invite professiona&l…")
        self.invite_professional_button.clicked.connect(self.invite_professional)
        self.invite_other_button = QPushButton("Invite someone el&se…")
        self.invite_other_button.clicked.connect(self.invite_other)
        self.remove_button = QPushButton("Remo&ve from the list…")
        self.remove_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        for button in (
            self.invite_person_button,
            self.invite_professional_button,
            self.invite_other_button,
            self.remove_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.model: StableRowModel[AttendeeView] = StableRowModel(ATTENDEE_COLUMNS, self)
        self.table = _QuickKeyTable()
        self.table.setAccessibleName("Who was invited")
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setModel(self.model)
        wrap_columns(self.table, [1, 4])
        self.table.setMinimumHeight(150)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.digit_pressed.connect(self._quick_mode)
        table_label = buddy("&Who was invited:", self.table)
        hint = QLabel(
            "In the list, press 1 present, 2 phone or video, 3 written report, "
            "4 represented, 5 apologies, 6 did not attend."
        )
        hint.setWordWrap(True)
        hint.setAccessibleName("Keys for recording attendance")

        self.person_label = QLabel()
        self.person_label.setAccessibleName("Person chosen")
        self.person_label.setWordWrap(True)
        self.mode = QComboBox()
        self.mode.setAccessibleName("How they took part")
        for mode in AttendanceMode:
            self.mode.addItem(mode.label, mode)
        self.mode.currentIndexChanged.connect(self._mode_chosen)
        self.represented_by = line_edit("Represented by", "who came in their place")
        self.represented_by.textEdited.connect(self._typed)
        self.report = text_box(
            "Report or contribution", 2, "A written report, or what they asked to be said."
        )
        self.report.textChanged.connect(self._typed)
        form = QFormLayout()
        form.addRow("", self.person_label)
        form.addRow(buddy("How they &took part:", self.mode), self.mode)
        form.addRow(buddy("Re&presented by:", self.represented_by), self.represented_by)
        form.addRow(buddy("&Report or contribution:", self.report), self.report)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self._fill(None)

    def editors(self) -> list[QWidget]:
        return [
            self.invite_person_button,
            self.invite_professional_button,
            self.invite_other_button,
            self.remove_button,
            self.mode,
            self.represented_by,
            self.report,
        ]

    def set_read_only(self, read_only: bool) -> bool:
        changed = super().set_read_only(read_only)
        if changed:
            self._text_save.flush()
            self._fill(self._current())
        return changed

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        self.model.update_rows(view.attendees, lambda a: a.id)
        current = self._current()
        if current is None and self.model.rows and self._editing is None:
            self.table.setCurrentIndex(self.model.index(0, 0))
            return
        if not self._text_save.pending:
            self._fill(current)

    def _current(self) -> AttendeeView | None:
        return self.model.row_at(self.table.currentIndex())

    def select(self, attendance_id: int) -> bool:
        for number, row in enumerate(self.model.rows):
            if row.id == attendance_id:
                self.table.setCurrentIndex(self.model.index(number, 0))
                return True
        return False

    def focus_item(self, item: MissingItem) -> bool:
        if item.attendance_id is not None and self.select(item.attendance_id):
            row = self._current()
            if row is not None and row.mode is AttendanceMode.REPRESENTED:
                self.represented_by.setFocus()
            else:
                self.mode.setFocus()
            return True
        self.invite_person_button.setFocus()
        return True

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._text_save.flush()
        self._fill(self.model.row_at(current))

    def _fill(self, row: AttendeeView | None) -> None:
        self._editing = row.id if row else None
        editable = row is not None and not self.read_only
        self.person_label.setText(
            f"{row.name}" + (f" ({row.role})" if row.role else "")
            if row
            else "Choose someone in the list."
        )
        self.mode.blockSignals(True)
        self.mode.setCurrentIndex(self.mode.findData(row.mode) if row else 0)
        self.mode.blockSignals(False)
        set_text(self.represented_by, row.represented_by if row else "")
        set_text(self.report, row.report_text if row else "")
        self.mode.setEnabled(editable)
        self.represented_by.setReadOnly(not editable)
        self.represented_by.setEnabled(
            row is not None and (row.mode is AttendanceMode.REPRESENTED or bool(row.represented_by))
        )
        self.report.setReadOnly(not editable)
        self.remove_button.setEnabled(editable)

    def _mode_chosen(self) -> None:
        mode = self.mode.currentData()
        self.represented_by.setEnabled(
            mode is AttendanceMode.REPRESENTED or bool(self.represented_by.text())
        )
        self._text_save.cancel()
        self._save()
        if mode is AttendanceMode.REPRESENTED and not self.represented_by.text().strip():
            self.represented_by.setFocus()

    def _quick_mode(self, number: int) -> None:
        if self.read_only or self._editing is None:
            return
        self.mode.setCurrentIndex(self.mode.findData(QUICK_MODES[number - 1]))

    def _typed(self) -> None:
        if self._editing is not None and not self.read_only:
            self._text_save.poke()

    def _save(self) -> None:
        attendance_id = self._editing
        if attendance_id is None or self.read_only:
            return
        mode = self.mode.currentData()
        represented = self.represented_by.text()
        report = self.report.toPlainText()
        self.attempt(
            lambda: meetings.record_attendance(
                self.vault, attendance_id, mode, represented, report
            ),
            "Attendance saved",
        )

    def flush(self) -> None:
        self._text_save.flush()

    # -- inviting --------------------------------------------------------------------

    def invite_person(self) -> None:
        view = self.view
        if view is None:
            return
        self.flush()
        invited = {a.person_id for a in view.attendees}
        people = cases.get_case(self.vault, view.case_id).people
        choices = [(_person_choice(p), p.id) for p in people if p.id not in invited]
        if not choices:
            QMessageBox.information(
                self,
                "Invite a family member",
                "Everyone in the family network is already on the list. Add someone to the "
                "family in the Think Family section, or invite someone else.",
            )
            return
        dialog = ChooseDialog(
            "Invite a family member", "Choose who to add to this meeting's list:", choices, self
        )
        if dialog.exec():
            for person_id in dialog.chosen():
                if not self.attempt(
                    partial(meetings.invite_person, self.vault, view.id, person_id),
                    "Invitation saved",
                ):
                    break

    def invite_professional(self) -> None:
        view = self.view
        if view is None:
            return
        self.flush()
        invited = {a.professional_id for a in view.attendees}
        involvements = cases.get_case(self.vault, view.case_id).involvements
        choices = [
            (f"{i.name} ({', '.join(x for x in (i.role, i.agency) if x)})", i.professional_id)
            for i in involvements
            if i.professional_id not in invited
        ]
        if not choices:
            QMessageBox.information(
                self,
                "Invite a professional",
                "Every professional on the case is already on the list. Use Invite someone "
                "else for a professional who is new to the case.",
            )
            return
        dialog = ChooseDialog(
            "Invite a professional", "Choose who to add to this meeting's list:", choices, self
        )
        if dialog.exec():
            for professional_id in dialog.chosen():
                if not self.attempt(
                    partial(meetings.invite_professional, self.vault, view.id, professional_id),
                    "Invitation saved",
                ):
                    break

    def invite_other(self) -> None:
        view = self.view
        if view is None:
            return
        self.flush()
        new_ids: list[int] = []

        def save(name: str, role: str, agency: str) -> None:
            new_ids.append(meetings.invite_other(self.vault, view.id, name, role, agency))

        if InviteOtherDialog(save, self).exec():
            self.saved.emit(f"Invitation saved at {now_text()}")
            self.changed.emit()
            if new_ids:
                self.select(new_ids[0])
                self.mode.setFocus()

    def remove(self) -> None:
        row = self._current()
        if row is None or self.read_only:
            return
        self.flush()
        answer = QMessageBox.question(
            self,
            "Remove from the list",
            f"Take {row.name} off this meeting's list?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._editing = None
            self.attempt(lambda: meetings.remove_attendee(self.vault, row.id), "Removal saved")


# -- Think Family ---------------------------------------------------------------------

RowKey = tuple[int | None, str, str]  # person id, name (for people who left), question key


def row_key(c: ConsiderationView) -> RowKey:
    return (c.person_id, "" if c.person_id is not None else c.person_name, c.question_key)


def group_key(c: ConsiderationView) -> tuple[int | None, str]:
    return (c.person_id, "" if c.person_id is not None else c.person_name)


def still_needed(c: ConsiderationView, missing: MissingItem | None) -> str:
    """A few words for the grid; the full sentence is in the tooltip."""
    if missing is None:
        return "Done" if c.answer is not None else ""
    if c.answer is None:
        return "Answer needed"
    if not c.reason.strip():
        return "Reason needed"
    if c.follow_up is None:
        return "Say what follows"
    if not c.follow_up_detail.strip():
        return "Describe what follows"
    if c.follow_up is FollowUp.REFERRAL and c.procedure is None:
        return "Name the procedure"
    if c.trigger is not None and not c.referral_confirmed:
        return "Confirm the referral"
    return "Needs attention"


def follows_text(c: ConsiderationView) -> str:
    if c.answer is None or not needs_follow_up(c.answer) or c.follow_up is None:
        return ""
    if c.follow_up is FollowUp.REFERRAL:
        text = f"Referral: {SHORT_PROCEDURE[c.procedure]}" if c.procedure else "Referral"
        if c.referral_confirmed:
            text += " (confirmed)"
        return text
    return {FollowUp.ACTION: "An action", FollowUp.NO_ACTION: "Decided not to act"}.get(
        c.follow_up, c.follow_up.label
    )


class ThinkFamilyPart(PartWidget):
    COLUMNS = ("Person and question", "Answer", "What follows", "Still needed")

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self._rows: dict[RowKey, ConsiderationView] = {}
        self._structure: list[tuple[tuple[int | None, str], list[RowKey]]] = []
        self._editing: RowKey | None = None
        self._save_later = Debounce(self._save, self)

        self.add_person_button = QPushButton("&Add a family member…")
        self.add_person_button.setToolTip(
            "Someone new comes up in the meeting: add them to the family network and "
            "their Think Family questions appear here."
        )
        self.add_person_button.clicked.connect(self.add_family_member)
        self.summary = QLabel()
        self.summary.setAccessibleName("Think Family progress")

        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Think Family questions")
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setMinimumHeight(160)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentRowChanged.connect(self._row_changed)
        top = QHBoxLayout()
        top.addWidget(buddy("&Questions for each person:", self.tree))
        top.addSpacing(8)
        top.addWidget(self.summary, 1)
        top.addWidget(self.add_person_button)

        # The editor for the chosen question.
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setAccessibleName("Question")
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        self.yes = QRadioButton("&Yes")
        self.no = QRadioButton("&No")
        self.not_known = QRadioButton("No&t known")
        self.answers = QButtonGroup(self)
        answers_row = QHBoxLayout()
        for button, answer in ((self.yes, Answer.YES), (self.no, Answer.NO)):
            button.setAccessibleName(f"Answer {answer.label}")
        self.not_known.setAccessibleName("Answer Not known")
        for number, button in enumerate((self.yes, self.no, self.not_known)):
            self.answers.addButton(button, number)
            answers_row.addWidget(button)
        answers_row.addStretch(1)
        self.answers.idToggled.connect(self._answer_toggled)
        self.reason = text_box("Reason for the answer", 2, "Why the team gave this answer.")
        self.reason.textChanged.connect(self._typed)
        self.follow_up = QComboBox()
        self.follow_up.setAccessibleName("What follows")
        self.follow_up.setPlaceholderText("Choose what follows")
        for kind in FollowUp:
            self.follow_up.addItem(kind.label, kind)
        self.follow_up.currentIndexChanged.connect(self._follow_up_chosen)
        self.procedure = QComboBox()
        self.procedure.setAccessibleName("Procedure for the referral")
        self.procedure.setPlaceholderText("Choose the procedure")
        for procedure in Procedure:
            self.procedure.addItem(procedure.label, procedure)
        self.procedure.currentIndexChanged.connect(self._chosen)
        self.detail = text_box(
            "Detail of what follows", 2, "Who does what, or why the team decided not to act."
        )
        self.detail.textChanged.connect(self._typed)
        self.trigger_note = QLabel()
        self.trigger_note.setObjectName("warning")
        self.trigger_note.setWordWrap(True)
        self.trigger_note.setAccessibleName("Safeguarding procedure")
        self.confirm_button = QPushButton("Confirm same-day referra&l…")
        self.confirm_button.clicked.connect(self.confirm_referral)
        trigger_row = QHBoxLayout()
        trigger_row.addWidget(self.trigger_note, 1)
        trigger_row.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignTop)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("About this answer")

        form = QFormLayout()
        form.addRow(self.question)
        form.addRow("Answer:", answers_row)
        form.addRow(buddy("&Reason:", self.reason), self.reason)
        form.addRow(buddy("What follo&ws:", self.follow_up), self.follow_up)
        form.addRow(buddy("&Procedure:", self.procedure), self.procedure)
        form.addRow(buddy("&Detail:", self.detail), self.detail)
        form.addRow(trigger_row)
        form.addRow(self.note)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self._fill(None)

    def editors(self) -> list[QWidget]:
        return [
            self.add_person_button,
            self.yes,
            self.no,
            self.not_known,
            self.reason,
            self.follow_up,
            self.procedure,
            self.detail,
            self.confirm_button,
        ]

    def set_read_only(self, read_only: bool) -> bool:
        changed = super().set_read_only(read_only)
        if changed:
            self._save_later.flush()
            self._fill(self._rows.get(self._editing) if self._editing else None)
        return changed

    # -- the grid --------------------------------------------------------------------

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        missing = {(m.person_id, m.question_key): m for m in view.missing if m.question_key}
        rows = view.considerations
        self._rows = {row_key(c): c for c in rows}
        structure: dict[tuple[int | None, str], list[RowKey]] = {}
        for c in rows:
            structure.setdefault(group_key(c), []).append(row_key(c))
        layout = list(structure.items())
        if layout != self._structure:
            self._rebuild(layout)
        by_group: dict[tuple[int | None, str], list[ConsiderationView]] = {}
        for c in rows:
            by_group.setdefault(group_key(c), []).append(c)
        for group_number, (group, _keys) in enumerate(layout):
            parent = self.model.item(group_number, 0)
            members = by_group[group]
            first = members[0]
            left = "" if first.still_on_case else " · has left the case"
            parent.setText(f"{first.person_name} · {ROLE_LABELS[first.role]}{left}")
            done = sum(1 for c in members if (c.person_id, c.question_key) not in missing)
            answered = sum(1 for c in members if c.answer is not None)
            self.model.item(group_number, 3).setText(
                f"{done} of {len(members)} done" if first.still_on_case else f"{answered} kept"
            )
            for number, c in enumerate(members):
                item = missing.get((c.person_id, c.question_key))
                texts = (
                    c.question_text,
                    c.answer.label if c.answer else "",
                    follows_text(c),
                    still_needed(c, item) if c.still_on_case else "Kept as recorded",
                )
                for column, text in enumerate(texts):
                    cell = parent.child(number, column)
                    if cell.text() != text:
                        cell.setText(text)
                    cell.setToolTip(item.message if item else c.question_text)
        total = len(rows)
        done = sum(1 for c in rows if (c.person_id, c.question_key) not in missing)
        self.summary.setText(
            f"{done} of {total} questions done, for {len(layout)} people."
            if total
            else "Nobody in the family network fits the Think Family rules yet."
        )
        if self._editing is not None and self._editing not in self._rows:
            self._fill(None)
        elif self._editing is not None:
            self._refresh_derived(self._rows[self._editing])
        elif not self.tree.currentIndex().isValid() and layout:
            self.select(layout[0][1][0])

    def _rebuild(self, layout: list[tuple[tuple[int | None, str], list[RowKey]]]) -> None:
        keep = self._editing
        self.tree.selectionModel().blockSignals(True)
        self.model.removeRows(0, self.model.rowCount())
        for group, keys in layout:
            parent = [QStandardItem("") for _ in self.COLUMNS]
            for cell in parent:
                cell.setData(None, KEY_ROLE)
            font = parent[0].font()
            font.setBold(True)
            parent[0].setFont(font)
            parent[0].setData(group, KEY_ROLE + 1)
            for key in keys:
                cells = [QStandardItem("") for _ in self.COLUMNS]
                for cell in cells:
                    cell.setData(key, KEY_ROLE)
                parent[0].appendRow(cells)
            self.model.appendRow(parent)
        self._structure = layout
        self.tree.expandAll()
        self.tree.selectionModel().blockSignals(False)
        if keep is not None and keep in self._rows:
            self.tree.selectionModel().blockSignals(True)
            self.select(keep)
            self.tree.selectionModel().blockSignals(False)

    def _index_of(self, key: RowKey) -> QModelIndex | None:
        for group_number in range(self.model.rowCount()):
            parent = self.model.item(group_number, 0)
            for number in range(parent.rowCount()):
                if parent.child(number, 0).data(KEY_ROLE) == key:
                    return self.model.indexFromItem(parent.child(number, 0))
        return None

    def select(self, key: RowKey) -> bool:
        index = self._index_of(key)
        if index is None:
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def select_question(self, person_id: int | None, question_key: str) -> bool:
        key = next(
            (k for k in self._rows if k[0] == person_id and k[2] == question_key),
            None,
        )
        return key is not None and self.select(key)

    def focus_item(self, item: MissingItem) -> bool:
        if not item.question_key or not self.select_question(item.person_id, item.question_key):
            return False
        c = self._rows[self._editing] if self._editing else None
        if c is None:
            return True
        if c.answer is None:
            self.yes.setFocus()
        elif not c.reason.strip():
            self.reason.setFocus()
        elif c.follow_up is None:
            self.follow_up.setFocus()
        elif not c.follow_up_detail.strip():
            self.detail.setFocus()
        elif c.follow_up is FollowUp.REFERRAL and c.procedure is None:
            self.procedure.setFocus()
        elif self.confirm_button.isEnabled():
            self.confirm_button.setFocus()
        return True

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = current.data(KEY_ROLE) if current.isValid() else None
        if key == self._editing:
            return
        self._save_later.flush()
        self._fill(self._rows.get(key) if key is not None else None)

    # -- the editor ------------------------------------------------------------------

    def _answer(self) -> Answer | None:
        return {0: Answer.YES, 1: Answer.NO, 2: Answer.NOT_KNOWN}.get(self.answers.checkedId())

    def _fill(self, c: ConsiderationView | None) -> None:
        self._editing = row_key(c) if c else None
        widgets: list[QObject] = [self.answers, self.follow_up, self.procedure]
        for widget in widgets:
            widget.blockSignals(True)
        self.answers.setExclusive(False)
        for button in (self.yes, self.no, self.not_known):
            button.setChecked(False)
        self.answers.setExclusive(True)
        if c is not None and c.answer is not None:
            {Answer.YES: self.yes, Answer.NO: self.no, Answer.NOT_KNOWN: self.not_known}[
                c.answer
            ].setChecked(True)
        self.follow_up.setCurrentIndex(
            self.follow_up.findData(c.follow_up) if c and c.follow_up else -1
        )
        self.procedure.setCurrentIndex(
            self.procedure.findData(c.procedure) if c and c.procedure else -1
        )
        for widget in widgets:
            widget.blockSignals(False)
        set_text(self.reason, c.reason if c else "")
        set_text(self.detail, c.follow_up_detail if c else "")
        if c is None:
            self.question.setText("Choose a question in the list above.")
        else:
            self.question.setText(f"{c.person_name}: {c.question_text}")
        self._update_enabled()
        if c is not None:
            self._refresh_derived(c)
        else:
            self.trigger_note.hide()
            self.confirm_button.hide()
            self.note.setText("")

    def _editable(self) -> bool:
        c = self._rows.get(self._editing) if self._editing else None
        return c is not None and c.still_on_case and c.person_id is not None and not self.read_only

    def _update_enabled(self) -> None:
        editable = self._editable()
        answer = self._answer()
        follows = editable and needs_follow_up(answer)
        c = self._rows.get(self._editing) if self._editing else None
        forced = c is not None and c.trigger is not None and answer is Answer.YES
        for button in (self.yes, self.no, self.not_known):
            button.setEnabled(editable)
        self.reason.setReadOnly(not (editable and answer is not None))
        self.reason.setEnabled(c is not None)
        self.follow_up.setEnabled(follows and not forced)
        is_referral = self.follow_up.currentData() is FollowUp.REFERRAL
        self.procedure.setEnabled(follows and is_referral and not forced)
        self.detail.setReadOnly(not follows)
        self.detail.setEnabled(c is not None and needs_follow_up(answer))

    def _refresh_derived(self, c: ConsiderationView) -> None:
        """What follows from the saved answer: the procedure notice, the due date."""
        trigger = c.trigger if c.answer is Answer.YES else None
        if trigger is not None:
            if c.referral_confirmed:
                text = f"Same-day referral confirmed: {trigger.label}."
            else:
                text = (
                    f"A “yes” here starts {trigger.label}: a referral today. Confirm it once "
                    "it is agreed who makes it."
                )
            self.trigger_note.setText(text)
            self.trigger_note.show()
            self.confirm_button.show()
            self.confirm_button.setEnabled(
                not c.referral_confirmed and not self.read_only and c.still_on_case
            )
        else:
            self.trigger_note.hide()
            self.confirm_button.hide()
        notes = []
        if not c.still_on_case:
            notes.append("This person has left the case; the answer is kept as it was recorded.")
        elif c.answer is None:
            notes.append("Choose an answer first; then give the reason.")
        if c.due_on is not None and c.answer is not None and needs_follow_up(c.answer):
            notes.append(f"Due by {long_date(c.due_on)}.")
        self.note.setText(" ".join(notes))

    def _answer_toggled(self, _id: int, checked: bool) -> None:
        if not checked:
            return
        c = self._rows.get(self._editing) if self._editing else None
        answer = self._answer()
        if c is not None and c.trigger is not None and answer is Answer.YES:
            self._set_combo(self.follow_up, FollowUp.REFERRAL)
            self._set_combo(self.procedure, c.trigger)
        self._update_enabled()
        self._save_now()
        if answer is not None and not self.reason.toPlainText().strip():
            self.reason.setFocus()

    @staticmethod
    def _set_combo(combo: QComboBox, value: object) -> None:
        combo.blockSignals(True)
        combo.setCurrentIndex(combo.findData(value))
        combo.blockSignals(False)

    def _follow_up_chosen(self) -> None:
        c = self._rows.get(self._editing) if self._editing else None
        if (
            self.follow_up.currentData() is FollowUp.REFERRAL
            and self.procedure.currentIndex() < 0
            and c is not None
        ):
            usual = QUESTION_BY_KEY[c.question_key].usual_route
            if usual is not None:
                self._set_combo(self.procedure, usual)
        self._chosen()

    def _chosen(self) -> None:
        self._update_enabled()
        self._save_now()

    def _typed(self) -> None:
        if self._editable() and self._answer() is not None:
            self._save_later.poke()

    def _save_now(self) -> None:
        self._save_later.cancel()
        self._save()

    def _save(self) -> None:
        view, key = self.view, self._editing
        answer = self._answer()
        if view is None or key is None or answer is None or not self._editable():
            return
        c = self._rows[key]
        person_id = c.person_id
        assert person_id is not None
        follow_up: FollowUp | None = None
        procedure: Procedure | None = None
        detail = ""
        if needs_follow_up(answer):
            follow_up = self.follow_up.currentData()
            procedure = self.procedure.currentData() if follow_up is FollowUp.REFERRAL else None
            detail = self.detail.toPlainText()
        given = ConsiderationAnswer(answer, self.reason.toPlainText(), follow_up, procedure, detail)
        self.attempt(
            lambda: meetings.answer_consideration(
                self.vault, view.id, person_id, c.question_key, given
            ),
            f"Answer about {c.person_name} saved",
        )

    def flush(self) -> None:
        self._save_later.flush()

    def confirm_referral(self) -> None:
        view, key = self.view, self._editing
        if view is None or key is None:
            return
        self.flush()
        c = self._rows.get(key)
        if c is None or c.person_id is None or c.trigger is None:
            return
        person_id = c.person_id
        answer = QMessageBox.question(
            self,
            "Confirm same-day referral",
            f"Confirm that the referral about {c.person_name} to {c.trigger.label} is being "
            "made today? The confirmation is kept with the meeting.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.attempt(
                lambda: meetings.confirm_referral(self.vault, view.id, person_id, c.question_key),
                "Referral confirmed",
            )

    def add_family_member(self) -> None:
        view = self.view
        if view is None or self.read_only:
            return
        self.flush()
        case_id = view.case_id

        def save(draft: PersonDraft) -> None:
            cases.add_person(self.vault, case_id, draft)

        if PersonDialog(save, None, self).exec():
            self.saved.emit(f"New family member saved at {now_text()}")
            self.changed.emit()


# -- scaling --------------------------------------------------------------------------

SCORE_COLUMNS: list[Column[ScoreView]] = [
    Column("Who", lambda s: s.participant),
    Column("Score", lambda s: str(s.score)),
    Column("Comment", lambda s: s.comment),
]


class ScalingPart(PartWidget):
    heading = "Scaling scores"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.participant = name_combo("Who gave the score")
        self.score = QSpinBox()
        self.score.setRange(0, 10)
        self.score.setValue(5)
        self.score.setAccessibleName("Score from 0 to 10")
        self.score.setMinimumWidth(self.score.fontMetrics().horizontalAdvance("10") + 60)
        self.comment = line_edit("Comment on the score", "why this number (optional)")
        self.add_button = QPushButton("&Add score")
        self.add_button.clicked.connect(self.add)
        self.comment.returnPressed.connect(self.add)
        form = QFormLayout()
        form.addRow(buddy("&Who:", self.participant), self.participant)
        form.addRow(buddy("&Score (0 to 10):", self.score), left_aligned(self.score))
        form.addRow(buddy("Commen&t:", self.comment), self.comment)
        form.addRow("", left_aligned(self.add_button))
        self.model: StableRowModel[ScoreView] = StableRowModel(SCORE_COLUMNS, self)
        self.table = plain_table("Scores given")
        self.table.setModel(self.model)
        wrap_columns(self.table, [2])
        self.table.setMinimumHeight(120)
        self.spread = QLabel()
        self.spread.setAccessibleName("Spread of scores")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.spread)

    def editors(self) -> list[QWidget]:
        return [self.participant, self.score, self.comment, self.add_button]

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        set_combo_names(self.participant, self.attendee_names())
        self.model.update_rows(view.scores, lambda s: s.id)
        scores = [s.score for s in view.scores]
        if scores:
            average = sum(scores) / len(scores)
            self.spread.setText(
                f"{len(scores)} score{'s' if len(scores) != 1 else ''}, from {min(scores)} "
                f"to {max(scores)} (average {average:.1f})."
            )
        else:
            self.spread.setText("No scores yet.")

    def add(self) -> None:
        view = self.view
        if view is None or self.read_only:
            return
        who, score, comment = (
            self.participant.currentText(),
            self.score.value(),
            self.comment.text(),
        )
        if self.attempt(
            lambda: meetings.add_score(self.vault, view.id, who, score, comment), "Score saved"
        ):
            self.participant.setCurrentText("")
            self.comment.clear()
            self.participant.setFocus()


# -- differing views ------------------------------------------------------------------

DIFFERING_COLUMNS: list[Column[DifferingViewView]] = [
    Column("Topic", lambda d: d.topic),
    Column("Who thinks what", lambda d: d.views),
    Column("Resolution", lambda d: d.resolution),
    Column("Escalated to", lambda d: d.escalated_to),
]


class DifferingViewsPart(PartWidget):
    heading = "Differing views"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.topic = line_edit("Topic of the disagreement", "what the disagreement is about")
        self.views = text_box("Who thinks what", 2)
        self.resolution = text_box("How it was resolved", 2, "leave empty if it was not settled")
        self.escalated_to = line_edit("Escalated to", "who it goes to, if not settled")
        self.add_button = QPushButton("&Add this view")
        self.add_button.clicked.connect(self.add)
        form = QFormLayout()
        form.addRow(buddy("&Topic:", self.topic), self.topic)
        form.addRow(buddy("&Who thinks what:", self.views), self.views)
        form.addRow(buddy("&Resolution:", self.resolution), self.resolution)
        form.addRow(buddy("E&scalated to:", self.escalated_to), self.escalated_to)
        form.addRow("", left_aligned(self.add_button))
        self.model: StableRowModel[DifferingViewView] = StableRowModel(DIFFERING_COLUMNS, self)
        self.table = plain_table("Differing views recorded")
        self.table.setModel(self.model)
        wrap_columns(self.table, [1, 2])
        self.table.setMinimumHeight(110)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)

    def editors(self) -> list[QWidget]:
        return [self.topic, self.views, self.resolution, self.escalated_to, self.add_button]

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        self.model.update_rows(view.differing_views, lambda d: d.id)

    def add(self) -> None:
        view = self.view
        if view is None or self.read_only:
            return
        topic, views = self.topic.text(), self.views.toPlainText()
        resolution, escalated = self.resolution.toPlainText(), self.escalated_to.text()
        if self.attempt(
            lambda: meetings.add_differing_view(
                self.vault, view.id, topic, views, resolution, escalated
            ),
            "Differing view saved",
        ):
            for widget in (self.topic, self.views, self.resolution, self.escalated_to):
                widget.clear()
            self.topic.setFocus()


# -- decisions ------------------------------------------------------------------------


def _dissent_text(decision: DecisionView) -> str:
    return "; ".join(f"{d.who}: {d.reason}" for d in decision.dissents)


DECISION_COLUMNS: list[Column[DecisionView]] = [
    Column("Decision", lambda d: d.text),
    Column("Who disagreed, and why", _dissent_text),
]


class DecisionsPart(PartWidget):
    """What was decided; anyone who disagreed is written beside the decision, not lost."""

    heading = "Decisions"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.decision = text_box("Decision", 2, "what the meeting decided, in plain words")
        self.add_button = QPushButton("&Add decision")
        self.add_button.clicked.connect(self.add)
        self.model: StableRowModel[DecisionView] = StableRowModel(DECISION_COLUMNS, self)
        self.table = plain_table("Decisions recorded")
        self.table.setModel(self.model)
        wrap_columns(self.table, [0, 1])
        self.table.setMinimumHeight(90)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.who = line_edit("Who disagreed", "a person or an agency")
        self.why = text_box("Why they disagreed", 2, "their reason, in their words")
        self.dissent_button = QPushButton("&Record disagreement")
        self.dissent_button.setToolTip("Record that someone disagreed with the chosen decision")
        self.dissent_button.clicked.connect(self.add_dissent)
        self.remove_button = QPushButton("Remo&ve decision")
        self.remove_button.clicked.connect(self.remove)
        form = QFormLayout()
        form.addRow(buddy("&Decision:", self.decision), self.decision)
        form.addRow("", left_aligned(self.add_button))
        disagree = QFormLayout()
        disagree.addRow(buddy("&Who disagreed:", self.who), self.who)
        disagree.addRow("Why:", self.why)
        buttons = QHBoxLayout()
        buttons.addWidget(self.dissent_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        disagree.addRow("", buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(disagree)
        layout.addWidget(self.error)
        self._enable()

    def editors(self) -> list[QWidget]:
        return [
            self.decision,
            self.add_button,
            self.who,
            self.why,
            self.dissent_button,
            self.remove_button,
        ]

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        self.model.update_rows(view.decisions, lambda d: d.id)
        self._enable()

    def set_read_only(self, read_only: bool) -> bool:
        changed = super().set_read_only(read_only)
        self._enable()
        return changed

    def current(self) -> DecisionView | None:
        return self.model.row_at(self.table.currentIndex())

    def _enable(self) -> None:
        chosen = self.current() is not None and not self.read_only
        self.dissent_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def add(self) -> None:
        view = self.view
        if view is None or self.read_only:
            return
        text = self.decision.toPlainText()
        added: list[int] = []
        if self.attempt(
            lambda: added.append(meetings.add_decision(self.vault, view.id, text)),
            "Decision saved",
        ):
            self.decision.clear()
            self.decision.setFocus()

    def add_dissent(self) -> None:
        decision = self.current()
        if decision is None or self.read_only:
            return
        who, why = self.who.text(), self.why.toPlainText()
        if self.attempt(
            lambda: meetings.add_dissent(self.vault, decision.id, who, why),
            "Disagreement recorded",
        ):
            self.who.clear()
            self.why.clear()

    def remove(self) -> None:
        decision = self.current()
        if decision is None or self.read_only:
            return
        answer = QMessageBox.question(
            self,
            "Remove decision",
            f"Remove the decision “{decision.text[:80]}” and any disagreement with it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.attempt(
                lambda: meetings.remove_decision(self.vault, decision.id), "Decision removed"
            )


# -- reviews --------------------------------------------------------------------------


class NextReviewPart(PartWidget):
    heading = "Next review"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setAccessibleName("Next review date")
        self.set_button = QPushButton("&Set the date")
        self.set_button.clicked.connect(self.set_date)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Next review")
        row = QHBoxLayout()
        row.addWidget(self.day)
        row.addWidget(self.set_button)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow(buddy("Next review &date:", self.day), row)
        form.addRow("", self.state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self._shown_for: int | None = None

    def editors(self) -> list[QWidget]:
        return [self.day, self.set_button]

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        suggested = meetings.suggested_next_review(view)
        weeks = (suggested - view.held_on).days // 7
        if view.next_review_on is None:
            self.state.setText(
                f"Not set yet. Suggested: {long_date(suggested)} ({weeks} weeks after this "
                "meeting)."
            )
        else:
            self.state.setText(f"Set for {long_date(view.next_review_on)}.")
        if self._shown_for != view.id:  # never move a date the chair is choosing
            self._shown_for = view.id
            self.day.setMinimumDate(to_qdate(view.held_on).addDays(1))
            self.day.setDate(to_qdate(view.next_review_on or suggested))

    def focus_item(self, item: MissingItem) -> bool:
        self.day.setFocus()
        return True

    def set_date(self) -> None:
        view = self.view
        if view is None or self.read_only:
            return
        day = from_qdate(self.day.date())
        self.attempt(lambda: meetings.set_next_review(self.vault, view.id, day), "Next review set")


EARLY_COLUMNS: list[Column[EarlyReviewView]] = [
    Column("Asked by", lambda e: e.requested_by),
    Column("Why", lambda e: e.reason),
    Column("Outcome", lambda e: e.outcome),
]


class EarlyReviewPart(PartWidget):
    heading = "Asking for an earlier review"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.requested_by = name_combo("Who asked for an earlier review")
        self.reason = line_edit("Why an earlier review was asked for")
        self.outcome = line_edit("Outcome of the request", "for example agreed, review on 3 March")
        self.add_button = QPushButton("Add &request")
        self.add_button.clicked.connect(self.add)
        form = QFormLayout()
        form.addRow(buddy("Re&quested by:", self.requested_by), self.requested_by)
        form.addRow(buddy("Reaso&n:", self.reason), self.reason)
        form.addRow(buddy("Ou&tcome:", self.outcome), self.outcome)
        form.addRow("", left_aligned(self.add_button))
        self.model: StableRowModel[EarlyReviewView] = StableRowModel(EARLY_COLUMNS, self)
        self.table = plain_table("Requests for an earlier review")
        self.table.setModel(self.model)
        wrap_columns(self.table, [1, 2])
        self.table.setMinimumHeight(90)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)

    def editors(self) -> list[QWidget]:
        return [self.requested_by, self.reason, self.outcome, self.add_button]

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        set_combo_names(self.requested_by, self.attendee_names())
        self.model.update_rows(view.early_reviews, lambda e: e.id)

    def add(self) -> None:
        view = self.view
        if view is None or self.read_only:
            return
        who, reason, outcome = (
            self.requested_by.currentText(),
            self.reason.text(),
            self.outcome.text(),
        )
        if self.attempt(
            lambda: meetings.request_early_review(self.vault, view.id, who, reason, outcome),
            "Request saved",
        ):
            self.requested_by.setCurrentText("")
            self.reason.clear()
            self.outcome.clear()


class ReportsPart(PartWidget):
    """The written reports recorded in attendance, to read out (read-only here), and the
    returned report forms stored for the meeting, each one openable."""

    heading = "Written reports received"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.reports = QLabel()
        self.reports.setWordWrap(True)
        self.reports.setTextFormat(Qt.TextFormat.PlainText)
        self.reports.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reports.setAccessibleName("Written reports received")
        # The returned report forms themselves (PDFs kept in the vault), replaced ones too.
        self.received = ReceivedReportsList(vault)
        received_label = QLabel("Returned report forms:")
        received_label.setBuddy(self.received.tree)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.reports)
        layout.addSpacing(8)
        layout.addWidget(received_label)
        layout.addWidget(self.received)

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        self.received.show_meeting(view.id)
        lines = []
        for a in view.attendees:
            text = a.report_text.strip()
            if a.mode is not AttendanceMode.WRITTEN_REPORT and not text:
                continue
            # A returned form's report runs to several headed parts: it starts a line.
            gap = "\n" if "\n" in text else " "
            lines.append(f"{a.name}{f' ({a.role})' if a.role else ''}:{gap}{text or 'no text'}")
        self.reports.setText(
            "\n\n".join(lines)
            if lines
            else "No written reports are recorded yet (record them under attendance)."
        )


PART_WIDGETS: dict[Part, type[PartWidget]] = {
    Part.ATTENDANCE: AttendancePart,
    Part.THINK_FAMILY: ThinkFamilyPart,
    Part.SCALING: ScalingPart,
    Part.DIFFERING_VIEWS: DifferingViewsPart,
    Part.DECISIONS: DecisionsPart,
    Part.NEXT_REVIEW: NextReviewPart,
    Part.EARLY_REVIEW: EarlyReviewPart,
    Part.REPORTS_RECEIVED: ReportsPart,
}
