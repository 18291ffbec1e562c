"""Written reports received: those recorded in attendance, to read out, and the
returned report forms stored for the meeting, each one openable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tac_desktop.core.models import AttendanceMode
from tac_desktop.core.services.meetings import MeetingView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.documents.reports import ReceivedReportsList
from tac_desktop.gui.meeting.parts.base import PartWidget


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
