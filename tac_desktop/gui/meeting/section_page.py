"""One agenda section on the meeting screen: its prompt, notes saved as typed (acronyms
the glossary does not explain marked), "Mark section complete", "Keep out of agencies'
copies", and the section's structured parts (``meeting/parts/``), one widget per part."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.practice.agenda import Part
from tac_desktop.core.services import meetings
from tac_desktop.core.services.meetings import AmendmentView, MeetingView, MissingItem, SectionView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.meeting.parts.actions import ActionsPart, PreviousActionsPart
from tac_desktop.gui.meeting.parts.attendance import AttendancePart
from tac_desktop.gui.meeting.parts.base import Debounce, PartWidget, now_text, set_editable
from tac_desktop.gui.meeting.parts.decisions import DecisionsPart
from tac_desktop.gui.meeting.parts.differing_views import DifferingViewsPart
from tac_desktop.gui.meeting.parts.reports import ReportsPart
from tac_desktop.gui.meeting.parts.reviews import EarlyReviewPart, NextReviewPart
from tac_desktop.gui.meeting.parts.scaling import ScalingPart
from tac_desktop.gui.meeting.parts.think_family import ThinkFamilyPart
from tac_desktop.gui.meeting.parts.transitions import TransitionsPart
from tac_desktop.gui.shared.acronyms import NotesGlossary

# Which widget shows which structured part of an agenda section.
PARTS: dict[Part, type[PartWidget]] = {
    Part.ATTENDANCE: AttendancePart,
    Part.THINK_FAMILY: ThinkFamilyPart,
    Part.SCALING: ScalingPart,
    Part.DIFFERING_VIEWS: DifferingViewsPart,
    Part.DECISIONS: DecisionsPart,
    Part.NEXT_REVIEW: NextReviewPart,
    Part.EARLY_REVIEW: EarlyReviewPart,
    Part.REPORTS_RECEIVED: ReportsPart,
    Part.PREVIOUS_ACTIONS: PreviousActionsPart,
    Part.ACTIONS: ActionsPart,
    Part.TRANSITIONS: TransitionsPart,
}


class SectionPage(QScrollArea):
    """One agenda section: prompt, notes saved as typed, complete mark, structured parts."""

    notes_saved = Signal(str, str)  # section key, the text now in the vault
    changed = Signal()
    saved = Signal(str)

    def __init__(
        self,
        vault: Vault,
        meeting_id: int,
        section: SectionView,
        number: int,
        known_terms: Callable[[], set[str]] = set,
        term_added: Callable[[str], None] = lambda _term: None,
    ) -> None:
        super().__init__()
        self.vault = vault
        self.meeting_id = meeting_id
        self.key = section.key
        self.read_only = False
        self._saved_notes = section.notes
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the page

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 4, 12, 12)
        self.title = QLabel(f"{number}. {section.title}")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setAccessibleDescription("Section")  # read by its text
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.prompt = QLabel(section.prompt)
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setAccessibleDescription("What to cover")
        self.prompt.setVisible(bool(section.prompt.strip()))

        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(f"Notes: {section.title}")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("Type as the meeting goes; notes are saved as you type.")
        self.notes.setPlainText(section.notes)
        self.notes.textChanged.connect(self._typed)
        self._notes_save = Debounce(self._save_notes, self)
        self.glossary = NotesGlossary(vault, self.notes, known_terms, term_added)
        notes_label = QLabel("N&otes:")
        notes_label.setBuddy(self.notes)
        self.save_state = QLabel()
        self.save_state.setAccessibleDescription("Notes saved")  # read by its text
        self.complete = QCheckBox("&Mark section complete")
        self.complete.setAccessibleName(f"Mark “{section.title}” complete")
        self.complete.setChecked(section.marked_complete)
        self.complete.toggled.connect(self._complete_toggled)
        # Need-to-know: a parent's health, say, stays out of the copies made for agencies.
        self.restricted = QCheckBox("Keep out of agencies' copies")
        self.restricted.setAccessibleName(f"Keep “{section.title}” out of agencies' copies")
        self.restricted.setToolTip(
            "The full minutes keep this section; a copy made for one agency leaves it out "
            "and says a section was withheld."
        )
        self.restricted.setChecked(section.restricted)
        self.restricted.toggled.connect(self._restricted_toggled)
        # The marks stand beside the title, or under it when the page is too narrow for
        # both (twice the text size): the page never scrolls sideways for them.
        self.title_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.title_row.addWidget(self.title, 1)
        marks = QVBoxLayout()
        marks.addWidget(self.complete)
        marks.addWidget(self.restricted)
        self.title_row.addLayout(marks)
        title_row = self.title_row
        notes_row = QHBoxLayout()
        notes_row.addWidget(notes_label)
        notes_row.addStretch(1)
        notes_row.addWidget(self.save_state)
        self.notes_error = QLabel()
        self.notes_error.setObjectName("error")
        self.notes_error.setWordWrap(True)
        self.notes_error.setAccessibleName("Message")
        self.notes_error.hide()
        self.amendments = QLabel()
        self.amendments.setObjectName("warning")
        self.amendments.setWordWrap(True)
        self.amendments.setTextFormat(Qt.TextFormat.PlainText)
        self.amendments.setAccessibleName("Amendments to this section")
        self.amendments.hide()

        layout.addLayout(title_row)
        layout.addWidget(self.prompt)
        layout.addWidget(self.amendments)
        layout.addLayout(notes_row)
        self.parts: list[PartWidget] = []
        structured = [p for p in section.parts if p in PARTS]
        if structured:
            lines = self.notes.fontMetrics().lineSpacing()
            self.notes.setMinimumHeight(lines * 3 + 12)
            self.notes.setMaximumHeight(lines * 4 + 12)
            layout.addWidget(self.notes)
        else:
            self.notes.setMinimumHeight(200)
            layout.addWidget(self.notes, 1)
        layout.addWidget(self.glossary.label)
        layout.addWidget(self.notes_error)
        for part in structured:
            widget = PARTS[part](vault)
            if len(structured) > 1 and widget.heading:
                heading = QLabel(widget.heading)
                heading_font = heading.font()
                heading_font.setBold(True)
                heading.setFont(heading_font)
                layout.addSpacing(8)
                layout.addWidget(heading)
            else:
                layout.addSpacing(8)
            widget.changed.connect(self.changed)
            widget.saved.connect(self.saved)
            self.parts.append(widget)
            layout.addWidget(widget, 1 if part in (Part.THINK_FAMILY, Part.ATTENDANCE) else 0)
        if structured and not any(
            p in (Part.THINK_FAMILY, Part.ATTENDANCE, Part.SCALING) for p in structured
        ):
            layout.addStretch(1)
        self.setWidget(content)
        self._marks = marks
        self._content_layout = layout

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_title_row(self.viewport().width())
        super().resizeEvent(event)

    def _fit_title_row(self, width: int) -> None:
        """Beside the title while it keeps a readable line (its whole text, or sixteen
        ems); under it otherwise."""
        margins = self._content_layout.contentsMargins()
        room = width - margins.left() - margins.right()
        room -= self._marks.sizeHint().width() + self.title_row.spacing()
        wanted = min(
            self.title.sizeHint().width(), 16 * self.title.fontMetrics().horizontalAdvance("M")
        )
        beside = room >= wanted
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if self.title_row.direction() != direction:
            self.title_row.setDirection(direction)

    def part(self, kind: type[PartWidget]) -> PartWidget | None:
        return next((p for p in self.parts if isinstance(p, kind)), None)

    def show_view(self, view: MeetingView) -> None:
        section = view.section(self.key)
        self.complete.blockSignals(True)
        self.complete.setChecked(section.marked_complete)
        self.complete.blockSignals(False)
        self.restricted.blockSignals(True)
        self.restricted.setChecked(section.restricted)
        self.restricted.blockSignals(False)
        mine = [a for a in view.amendments if a.section_key == self.key]
        self.amendments.setVisible(bool(mine))
        self.amendments.setText(
            "Amended after finalising:\n" + "\n".join(amendment_text(a) for a in mine)
        )
        for part in self.parts:
            part.show_view(view)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        set_editable([self.notes, self.complete], not read_only)
        self.notes.setPlaceholderText(
            "No notes were taken in this section."
            if read_only
            else "Type as the meeting goes; notes are saved as you type."
        )
        for part in self.parts:
            part.set_read_only(read_only)

    def focus_notes(self) -> None:
        self.notes.setFocus()

    def focus_item(self, item: MissingItem) -> None:
        for part in self.parts:
            if part.focus_item(item):
                return
        self.notes.setFocus()

    # -- notes -----------------------------------------------------------------------

    def _typed(self) -> None:
        if not self.read_only:
            self.save_state.setText("Saving…")
            self._notes_save.poke()

    def _save_notes(self) -> None:
        text = self.notes.toPlainText()
        if text == self._saved_notes or self.read_only:
            self.save_state.setText("")
            return
        try:
            meetings.save_notes(self.vault, self.meeting_id, self.key, text)
        except TacError as error:
            self.notes_error.setText(f"Not saved yet: {error}")
            self.notes_error.show()
            self.save_state.setText("Not saved")
            self.saved.emit(f"Notes not saved: {error}")
            return
        self._saved_notes = text
        self.notes_error.hide()
        self.save_state.setText(f"Saved at {now_text()}")
        self.saved.emit(f"Notes saved at {now_text()}")
        self.notes_saved.emit(self.key, text)

    def flush(self) -> None:
        self._notes_save.flush()
        for part in self.parts:
            part.flush()

    def _restricted_toggled(self, checked: bool) -> None:
        """Allowed on a finalised meeting too: it changes who reads, not what it says."""
        try:
            meetings.set_restricted(self.vault, self.meeting_id, self.key, checked)
        except TacError as error:
            self.notes_error.setText(str(error))
            self.notes_error.show()
            self.restricted.blockSignals(True)
            self.restricted.setChecked(not checked)
            self.restricted.blockSignals(False)
            return
        self.saved.emit(
            f"Section {'kept out of' if checked else 'back in'} agencies' copies at {now_text()}"
        )

    def _complete_toggled(self, checked: bool) -> None:
        if self.read_only:
            return
        self.flush()
        try:
            meetings.mark_complete(self.vault, self.meeting_id, self.key, checked)
        except TacError as error:
            self.notes_error.setText(str(error))
            self.notes_error.show()
            return
        self.saved.emit(
            f"Section marked {'complete' if checked else 'not complete'} at {now_text()}"
        )
        self.changed.emit()


def amendment_text(amendment: AmendmentView) -> str:
    made = amendment.made_at
    if made.tzinfo is None:
        made = made.replace(tzinfo=UTC)
    local = made.astimezone()
    by = f" by {amendment.author}" if amendment.author else ""
    return (
        f"{local:%d %b %Y %H:%M}{by}: {amendment.text.strip()} (reason: {amendment.reason.strip()})"
    )
