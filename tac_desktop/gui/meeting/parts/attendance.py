"""Attendance: who was invited (family, professionals on the case, anyone else) and how
each took part. In the list, the keys 1 to 6 record how the chosen person took part;
a written report or contribution is kept with their row."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.models import AttendanceMode
from tac_desktop.core.services import cases, meetings
from tac_desktop.core.services.cases import PersonView
from tac_desktop.core.services.meetings import AttendeeView, MeetingView, MissingItem
from tac_desktop.core.vault import Vault
from tac_desktop.gui.meeting.dialogs import ChooseDialog, InviteOtherDialog
from tac_desktop.gui.meeting.parts.base import (
    Debounce,
    PartWidget,
    StableRowModel,
    now_text,
    set_text,
    wrap_columns,
)
from tac_desktop.gui.shared.flow import FlowLayout
from tac_desktop.gui.shared.item_models import Column
from tac_desktop.gui.shared.widgets import buddy, line_edit, text_box

# In the attendance list, pressing 1–6 records how the chosen person took part.
QUICK_MODES = [
    AttendanceMode.PRESENT,
    AttendanceMode.REMOTE,
    AttendanceMode.WRITTEN_REPORT,
    AttendanceMode.REPRESENTED,
    AttendanceMode.APOLOGIES,
    AttendanceMode.DID_NOT_ATTEND,
]


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
        buttons = FlowLayout()  # folds on to two lines when the page is narrow
        for button in (
            self.invite_person_button,
            self.invite_professional_button,
            self.invite_other_button,
            self.remove_button,
        ):
            buttons.addWidget(button)

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
