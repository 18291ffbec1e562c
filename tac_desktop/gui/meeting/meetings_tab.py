"""The Meetings tab of a case: the case's meetings, a new one, open one with Enter, plan a
year of reviews, save a calendar invitation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.models import CaseStatus, MeetingStatus
from tac_desktop.core.services import meetings, schedule
from tac_desktop.core.services.cases import CaseView
from tac_desktop.core.services.meetings import MeetingDraft, MeetingRow, Paperwork
from tac_desktop.core.vault import Vault
from tac_desktop.gui.meeting.dialogs import (
    InvitationDialog,
    MarkSentDialog,
    NewMeetingDialog,
    PlanReviewsDialog,
)
from tac_desktop.gui.shared.flow import FlowLayout
from tac_desktop.gui.shared.item_models import Column, RowTableModel


def status_text(status: MeetingStatus) -> str:
    return "Finalised" if status is MeetingStatus.FINALISED else "Draft"


def paperwork_text(row: MeetingRow, what: Paperwork, today: date | None = None) -> str:
    """Sent, due or overdue, in words with a mark (never colour alone)."""
    due, sent = row.paperwork(what)
    if sent is not None:
        return f"✓ Sent {sent:%d %b}"
    if due is None:
        return ""
    if due < (today or date.today()):
        return f"⚠ Overdue (due {due:%d %b})"
    return f"◷ Due {due:%d %b}"


NUMBER_TIP = (
    "The meeting's number: the command line's exports name a meeting by it "
    "(tac-desktop meetings VAULT REF lists them)"
)

MEETING_COLUMNS: list[Column[MeetingRow]] = [
    Column("No.", lambda m: str(m.id), lambda m: m.id, lambda m: NUMBER_TIP),
    Column("Date", lambda m: f"{m.held_on:%a %d %b %Y}", lambda m: m.held_on),
    Column("Time", lambda m: m.start_time),
    Column("Meeting", lambda m: m.title),
    Column("Venue", lambda m: m.venue),
    Column("Status", lambda m: status_text(m.status)),
    Column("Decision summary", lambda m: paperwork_text(m, Paperwork.DECISION_SUMMARY)),
    Column("Minutes", lambda m: paperwork_text(m, Paperwork.MINUTES)),
]


class _MeetingTable(QTableView):
    activated_row = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class MeetingsTab(QWidget):
    open_requested = Signal(int)  # meeting id
    created = Signal(str)  # a status-line message

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case: CaseView | None = None
        self.model: RowTableModel[MeetingRow] = RowTableModel(MEETING_COLUMNS, self)
        self.table = _MeetingTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Meetings")
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        title = next(n for n, c in enumerate(MEETING_COLUMNS) if c.title == "Meeting")
        header.setSectionResizeMode(title, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open_index)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.table.activated_row.connect(self._open_index)
        self.new_button = QPushButton("&New meeting…")
        self.new_button.clicked.connect(self.new_meeting)
        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Open the chosen meeting (Enter)")
        self.open_button.clicked.connect(self.open_selected)
        self.plan_button = QPushButton("&Plan reviews…")
        self.plan_button.setToolTip("Plan the review meetings for the coming year")
        self.plan_button.clicked.connect(self.plan_reviews)
        self.invite_button = QPushButton("Calendar &invitation…")
        self.invite_button.setToolTip(
            "Save the chosen meeting as a calendar file (.ics) to send to the professionals "
            "invited; it names the case reference only"
        )
        self.invite_button.clicked.connect(self.save_invitation)
        self.sent_button = QPushButton("Mark as s&ent…")
        self.sent_button.setToolTip(
            "Record the day the decision summary or the minutes of the chosen meeting went out"
        )
        self.sent_button.clicked.connect(self.mark_sent)
        self.empty_label = QLabel("No meetings yet. Choose New meeting to plan the first one.")
        self.empty_label.setWordWrap(True)
        row = FlowLayout()  # folds on to two lines when the case is narrow (2× text)
        row.addWidget(self.new_button)
        row.addWidget(self.open_button)
        row.addWidget(self.plan_button)
        row.addWidget(self.invite_button)
        row.addWidget(self.sent_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)

    def show_case(self, case: CaseView) -> None:
        self.case = case
        self.refresh()
        self.new_button.setEnabled(case.status is not CaseStatus.CLOSED)
        self.plan_button.setEnabled(case.status is not CaseStatus.CLOSED)

    def refresh(self, select_id: int | None = None) -> None:
        if self.case is None:
            return
        current = self.model.row_at(self.table.currentIndex())
        wanted = select_id if select_id is not None else (current.id if current else None)
        self.model.set_rows(meetings.list_meetings(self.vault, self.case.id))
        rows = self.model.rows
        self.empty_label.setVisible(not rows)
        self.open_button.setEnabled(bool(rows))
        self.invite_button.setEnabled(bool(rows))
        if rows:
            number = next((i for i, r in enumerate(rows) if r.id == wanted), 0)
            self.table.setCurrentIndex(self.model.index(number, 0))
        self._enable()

    def _enable(self) -> None:
        row = self.model.row_at(self.table.currentIndex())
        self.sent_button.setEnabled(row is not None and row.status is MeetingStatus.FINALISED)

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None:
            self.open_requested.emit(row.id)

    def open_selected(self) -> None:
        self._open_index(self.table.currentIndex())

    def new_meeting(self) -> None:
        if self.case is None:
            return
        case_id = self.case.id
        subject = self.case.subject
        subject_is_child = subject.is_child if subject is not None else None
        created: list[int] = []

        def save(draft: MeetingDraft) -> None:
            created.append(meetings.create_meeting(self.vault, case_id, draft))

        try:
            templates = meetings.available_templates(subject_is_child)
        except TacError as error:  # a broken local agenda file says which and why
            QMessageBox.warning(self, "New meeting", str(error))
            return
        dialog = NewMeetingDialog(
            save, templates, subject_is_child, meetings.unusual_date_warning, self
        )
        if dialog.exec() and created:
            self.refresh(select_id=created[0])
            self.created.emit("Meeting created")
            self.open_requested.emit(created[0])

    def plan_reviews(self) -> None:
        if self.case is None:
            return
        case_id = self.case.id
        created: list[int] = []

        def save(template_id: str, first: date, months: int, start_time: str, venue: str) -> None:
            created.extend(
                schedule.plan_reviews(
                    self.vault, case_id, template_id, first, months, start_time, venue
                )
            )

        try:
            templates = meetings.available_templates(None)
            start = schedule.review_start(self.vault, case_id)
        except TacError as error:
            QMessageBox.warning(self, "Plan reviews", str(error))
            return
        dialog = PlanReviewsDialog(save, templates, self.case.nation, start, self)
        if dialog.exec() and created:
            self.refresh(select_id=created[0])
            self.created.emit(f"{len(created)} review meetings planned")

    def save_invitation(self) -> None:
        """The chosen meeting as a calendar file (.ics): seen first, then saved and counted
        as sent, so sending it again updates the meeting in the recipients' calendars."""
        row = self.model.row_at(self.table.currentIndex())
        if self.case is None or row is None:
            return
        try:
            view = schedule.invitation_view(self.vault, row.id)
        except TacError as error:
            QMessageBox.warning(self, "Calendar invitation", str(error))
            return
        dialog = InvitationDialog(view, self)
        if not dialog.exec():
            return
        folder = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        suggested = folder / schedule.invitation_file_name(self.case.reference, row.held_on)
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the calendar invitation", str(suggested), "Calendar files (*.ics)"
        )
        if not path:
            return
        target = Path(path)
        named = target.suffix.lower() == ".ics"  # the file dialog asked before replacing it
        if not named:
            target = target.with_name(target.name + ".ics")
        try:
            saved = schedule.save_invitation(
                self.vault,
                row.id,
                target,
                include_location=dialog.include_venue.isChecked(),
                force=named,
                chair_email=dialog.chosen_email,
            )
        except TacError as error:
            QMessageBox.warning(self, "Calendar invitation", str(error))
            return
        self.created.emit(f"Invitation saved as {saved.path.name}")

    def mark_sent(self) -> None:
        row = self.model.row_at(self.table.currentIndex())
        if row is None or row.status is not MeetingStatus.FINALISED:
            return

        def save(what: Paperwork, sent_on: date | None) -> None:
            meetings.mark_sent(self.vault, row.id, what, sent_on)

        if MarkSentDialog(save, row, self).exec():
            self.refresh(select_id=row.id)
            self.created.emit("Recorded as sent")
