# Over 600 lines: one screen widget whose header, Documents menu and outline share a meeting.
"""The meeting screen: the chair's page while the meeting happens, family in the room.

Left, the agenda outline with each section's state in words (not colour alone); right,
the current section: its prompt, notes saved as typed, "Mark section complete", and the
section's structured parts. Ctrl+PgUp / Ctrl+PgDn move between sections from anywhere,
Ctrl+Enter finalises. Finalising is refused with the exact list of what is missing; each
item goes straight to where it is fixed. A finalised meeting is read-only and gains only
amendments. Each section is a ``section_page.SectionPage``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QListWidget,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.practice.agenda import Part
from tac_desktop.core.services import consent, documents, glossary, meetings, reports
from tac_desktop.core.services.meetings import (
    MeetingView,
    MissingItem,
    NotReadyToFinalise,
    SectionView,
)
from tac_desktop.core.vault import Vault
from tac_desktop.gui.documents import copies as reader_copies
from tac_desktop.gui.documents import reports as report_documents
from tac_desktop.gui.documents.before_sharing import ask_before_sharing
from tac_desktop.gui.documents.distribution import DistributionDialog, SendDialog
from tac_desktop.gui.documents.preview import DocumentPreview
from tac_desktop.gui.meeting.dialogs import AmendmentDialog, MissingItemsDialog
from tac_desktop.gui.meeting.parts.base import long_date, now_text
from tac_desktop.gui.meeting.section_page import SectionPage, amendment_text
from tac_desktop.gui.shared.progress import make_in_background
from tac_desktop.gui.shared.settings import Settings

AnyIndex = QModelIndex | QPersistentModelIndex

STATE_MARKS = {
    "not started": "○",
    "in progress": "◐",
    "complete": "✓",
    "needs attention": "⚠",
    "nothing recorded": "○",
    "recorded": "✓",
}
# A finalised record has nothing left to start: say what it holds instead (notes,
# answers, attendance, decisions...).
FINAL_WORDS = {"not started": "nothing recorded", "in progress": "recorded"}
STATE_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2


class OutlineModel(QAbstractListModel):
    """The agenda: one row per section, with its state in words and a mark."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections: list[SectionView] = []
        self.states: list[str] = []

    def set_view(self, view: MeetingView) -> None:
        states = [view.section_state(s.key) for s in view.sections]
        if view.is_final:
            states = [FINAL_WORDS.get(state, state) for state in states]
        if [s.key for s in view.sections] != [s.key for s in self.sections]:
            self.beginResetModel()
            self.sections, self.states = list(view.sections), states
            self.endResetModel()
            return
        self.sections, old, self.states = list(view.sections), self.states, states
        for row, (before, after) in enumerate(zip(old, states, strict=True)):
            if before != after:
                index = self.index(row)
                self.dataChanged.emit(index, index)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sections)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        section, state = self.sections[index.row()], self.states[index.row()]
        number = index.row() + 1
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{number}. {section.title}\n{STATE_MARKS[state]} {state}"
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return f"Section {number}, {section.title}: {state}"
        if role == STATE_ROLE:
            return state
        if role == KEY_ROLE:
            return section.key
        return None

    def row_of(self, key: str) -> int:
        return next((i for i, s in enumerate(self.sections) if s.key == key), -1)


class MeetingScreen(QWidget):
    back_requested = Signal()
    saved = Signal(str)  # a status-line message
    meeting_changed = Signal()  # finalised, amended: lists elsewhere may need refreshing

    def __init__(self, vault: Vault, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.settings = settings
        self.view: MeetingView | None = None
        self.pages: dict[str, SectionPage] = {}
        self.known_terms: set[str] = set()  # the glossary, for marking notes

        # Header
        self.back_button = QPushButton("← &Back to the case")
        self.back_button.setAccessibleName("Back to the case")
        self.back_button.setToolTip("Back to the case (Ctrl+Backspace)")
        self.back_button.clicked.connect(self._back)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setAccessibleDescription("Meeting")  # a screen reader reads its text
        self.heading.setWordWrap(True)  # at twice the text size it wraps, never widens
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.heading.setFont(font)
        self.status_badge = QLabel()
        self.status_badge.setAccessibleDescription("Meeting status")
        self.status_badge.setTextFormat(Qt.TextFormat.PlainText)
        self.finalise_button = QPushButton("F&inalise…")
        self.finalise_button.setToolTip(
            "Check that everything needed is recorded, then close the record (Ctrl+Enter)"
        )
        self.finalise_button.clicked.connect(self.finalise)
        self.amend_button = QPushButton("Add am&endment…")
        self.amend_button.setToolTip("Correct the finalised record with a dated amendment")
        self.amend_button.clicked.connect(self.add_amendment)
        # What leaves the room: previewed first, then printed or saved.
        self.documents_button = QPushButton("Doc&uments")  # Ctrl+P opens the minutes
        self.documents_button.setToolTip(
            "Minutes (Ctrl+P), the decision summary, report forms for those who cannot "
            "come, returned reports and outcome summaries: preview, print, save"
        )
        documents_menu = QMenu(self.documents_button)
        self.minutes_action = documents_menu.addAction("&Minutes…")
        self.minutes_action.setShortcut(QKeySequence("Ctrl+P"))
        self.minutes_action.triggered.connect(lambda: self.show_document("minutes"))
        self.summary_action = documents_menu.addAction("Decision &summary…")
        self.summary_action.triggered.connect(lambda: self.show_document("summary"))
        self.agency_minutes_action = documents_menu.addAction("Minutes for an &agency…")
        self.agency_minutes_action.setToolTip(
            "One agency's copy: sections kept out of agencies' copies are left out"
        )
        self.agency_minutes_action.triggered.connect(self.show_agency_minutes)
        # Absent professionals: a form out, the returned form in, a summary for an agency.
        documents_menu.addSeparator()
        self.report_form_action = documents_menu.addAction("Report &form for…")
        self.report_form_action.triggered.connect(self.make_report_form)
        self.open_report_action = documents_menu.addAction("Open a returned &report…")
        self.open_report_action.setToolTip(
            "Add a filled-in report form that came back (a PDF); you can also drop it here"
        )
        self.open_report_action.triggered.connect(self.open_report)
        self.outcome_action = documents_menu.addAction("&Outcome summary for an agency…")
        self.outcome_action.triggered.connect(self.make_outcome_summary)
        # Copies for readers: who may read what, each reader's copy, who gets which.
        documents_menu.addSeparator()
        self.marks_action = documents_menu.addAction("&Who reads what…")
        self.marks_action.setToolTip(
            "Each item of the record: for everyone, professionals only, or not for named "
            "people, and what each family member's copy leaves out"
        )
        self.marks_action.triggered.connect(self.show_marks)
        self.copy_for_action = documents_menu.addAction("Show the &copy for…")
        self.copy_for_action.setToolTip("Exactly what one reader gets, as it will print")
        self.copy_for_action.triggered.connect(self.show_copy_for)
        self.distribution_action = documents_menu.addAction("&Distribution list…")
        self.distribution_action.triggered.connect(self.edit_distribution)
        self.send_action = documents_menu.addAction("Se&nd…")
        self.send_action.setToolTip(
            "Each recipient's own copy: PDFs, e-mail drafts and printing, each logged"
        )
        self.send_action.triggered.connect(self.send_papers)
        documents_menu.setToolTipsVisible(True)
        self.documents_button.setMenu(documents_menu)
        self.setAcceptDrops(True)  # a returned report form dropped onto the meeting
        self.addAction(self.minutes_action)  # Ctrl+P works without opening the menu
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(12)
        top.addWidget(self.heading, 1)
        top.addWidget(self.status_badge)
        top.addSpacing(8)
        top.addWidget(self.finalise_button)
        top.addWidget(self.amend_button)
        top.addWidget(self.documents_button)
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setAccessibleDescription("When and where")
        self.final_details = QLabel()
        self.final_details.setTextFormat(Qt.TextFormat.PlainText)
        self.final_details.setWordWrap(True)
        self.final_details.setAccessibleDescription("Finalised")
        self.final_details.setObjectName("banner")
        self.amendment_list = QListWidget()
        self.amendment_list.setAccessibleName("Amendments")
        self.amendment_list.setWordWrap(True)
        self.amendments_label = QLabel("Amendments:")
        self.amendments_label.setBuddy(self.amendment_list)

        # Outline
        self.outline_model = OutlineModel(self)
        self.outline = QListView()
        self.outline.setModel(self.outline_model)
        self.outline.setAccessibleName("Agenda")
        self.outline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.outline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.outline.setWordWrap(True)
        self.outline.setSpacing(2)
        self.outline.setAlternatingRowColors(True)
        self.outline.setResizeMode(QListView.ResizeMode.Adjust)
        self.outline.selectionModel().currentRowChanged.connect(self._section_changed)
        self.outline.activated.connect(lambda _index: self._focus_page())
        outline_label = QLabel("A&genda:")
        outline_label.setBuddy(self.outline)
        hint = QLabel("Ctrl+PgUp / Ctrl+PgDn: previous / next section from anywhere.")
        hint.setWordWrap(True)
        hint.setAccessibleDescription("Keys for moving between sections")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(outline_label)
        left_layout.addWidget(self.outline, 1)
        left_layout.addWidget(hint)

        self.stack = QStackedWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([270, 910])
        self.splitter.setChildrenCollapsible(False)
        state = settings.restore_state("meeting/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(
            lambda *_: settings.save_state("meeting/splitter", self.splitter.saveState())
        )

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.final_details)
        layout.addWidget(self.amendments_label)
        layout.addWidget(self.amendment_list)
        layout.addWidget(self.splitter, 1)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+PgDown", lambda: self.step(1)),
            ("Ctrl+PgUp", lambda: self.step(-1)),
            ("Ctrl+Return", self.finalise),
            ("Ctrl+Enter", self.finalise),
            ("F5", self.refresh),
        ):
            QShortcut(QKeySequence(keys), self, slot, context=context)
        self.setTabOrder(self.back_button, self.finalise_button)
        self.setTabOrder(self.finalise_button, self.amend_button)
        self.setTabOrder(self.amend_button, self.outline)

    # -- showing ---------------------------------------------------------------------

    @property
    def current_meeting_id(self) -> int | None:
        return self.view.id if self.view else None

    @property
    def current_key(self) -> str:
        index = self.outline.currentIndex()
        return str(index.data(KEY_ROLE)) if index.isValid() else ""

    @property
    def current_page(self) -> SectionPage | None:
        return self.pages.get(self.current_key)

    def show_meeting(self, meeting_id: int, section_key: str = "") -> bool:
        self.finish_editing()
        try:
            view = meetings.get_meeting(self.vault, meeting_id)
        except TacError as error:
            QMessageBox.warning(self, "Meeting", str(error))
            return False
        if self.view is None or self.view.id != view.id:
            self._build(view)
        else:
            self._apply(view)
        if section_key:
            self.go_to_section(section_key)
        return True

    def _term_added(self, term: str) -> None:
        """A term added from one section's notes: unmark it everywhere."""
        self.known_terms = self.known_terms | {term.upper()}
        for page in self.pages.values():
            page.glossary.rehighlight()
        self.saved.emit(f"{term} added to the glossary")

    def glossary_changed(self) -> None:
        """The glossary was edited elsewhere (the Glossary window): read it again."""
        try:
            self.known_terms = glossary.known_terms(self.vault)
        except TacError:
            return
        for page in self.pages.values():
            page.glossary.rehighlight()

    def _build(self, view: MeetingView) -> None:
        try:
            self.known_terms = glossary.known_terms(self.vault)
        except TacError:
            self.known_terms = set()
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages = {}
        for number, section in enumerate(view.sections, start=1):
            page = SectionPage(
                self.vault,
                view.id,
                section,
                number,
                lambda: self.known_terms,
                self._term_added,
            )
            page.notes_saved.connect(self._notes_saved)
            page.changed.connect(self.reload)
            page.saved.connect(self.saved)
            self.pages[section.key] = page
            self.stack.addWidget(page)
        self.view = None
        self.outline_model.set_view(view)
        self._apply(view)
        if view.sections:
            self.outline.setCurrentIndex(self.outline_model.index(0))
        self.outline.setFocus()

    def _apply(self, view: MeetingView) -> None:
        self.view = view
        final = view.is_final
        self.heading.setText(f"{view.case_reference}  ·  {view.title}")
        when = long_date(view.held_on) + (f" at {view.start_time}" if view.start_time else "")
        parts = [when]
        if view.venue:
            parts.append(view.venue)
        if view.chair_name:
            parts.append(f"Chair: {view.chair_name}")
        self.details.setText("  ·  ".join(parts))
        self.status_badge.setText("Status: Finalised" if final else "Status: Draft")
        self.finalise_button.setVisible(not final)
        self.amend_button.setVisible(final)
        if final:
            finalised = view.finalised_at
            on = ""
            if finalised is not None:
                stamp = finalised if finalised.tzinfo else finalised.replace(tzinfo=UTC)
                on = f" on {long_date(stamp.astimezone().date())}"
            dues = []
            if view.decision_summary_due:
                dues.append(f"decision summary due by {long_date(view.decision_summary_due)}")
            if view.minutes_due:
                dues.append(f"minutes due by {long_date(view.minutes_due)}")
            due_text = "; ".join(dues)
            self.final_details.setText(
                f"Finalised{on}. This record can no longer be edited; corrections are added "
                "as amendments." + (f" {due_text[:1].upper()}{due_text[1:]}." if dues else "")
            )
        self.final_details.setVisible(final)
        self._enable_report_actions(final)
        self.amendment_list.clear()
        for amendment in view.amendments:
            where = (
                next((s.title for s in view.sections if s.key == amendment.section_key), "")
                or "Whole meeting"
            )
            self.amendment_list.addItem(f"{where}: {amendment_text(amendment)}")
        self.amendments_label.setVisible(bool(view.amendments))
        self.amendment_list.setVisible(bool(view.amendments))
        if view.amendments:  # as tall as its rows, up to three, then it scrolls
            rows = sum(
                self.amendment_list.sizeHintForRow(i)
                for i in range(min(3, self.amendment_list.count()))
            )
            self.amendment_list.setFixedHeight(rows + 2 * self.amendment_list.frameWidth() + 4)
        self.outline_model.set_view(view)
        for page in self.pages.values():
            page.show_view(view)
            page.set_read_only(final)

    def refresh(self) -> None:
        """F5: save what is typed, then read again (new people get their questions)."""
        self.finish_editing()
        self.reload()

    def reload(self) -> None:
        """Read the meeting again after a change has been saved."""
        if self.view is None:
            return
        try:
            view = meetings.get_meeting(self.vault, self.view.id)
        except TacError as error:
            self.saved.emit(str(error))
            return
        self._apply(view)

    def _notes_saved(self, key: str, text: str) -> None:
        view = self.view
        if view is None:
            return
        sections = [replace(s, notes=text) if s.key == key else s for s in view.sections]
        self.view = replace(view, sections=sections)
        self.outline_model.set_view(self.view)

    # -- moving ----------------------------------------------------------------------

    def _section_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if previous.isValid():
            page = self.pages.get(str(previous.data(KEY_ROLE)))
            if page is not None:
                page.flush()
        page = self.pages.get(str(current.data(KEY_ROLE))) if current.isValid() else None
        if page is not None:
            self.stack.setCurrentWidget(page)

    def step(self, delta: int) -> None:
        count = self.outline_model.rowCount()
        if not count:
            return
        row = max(0, min(count - 1, self.outline.currentIndex().row() + delta))
        in_outline = self.outline.hasFocus()
        self.outline.setCurrentIndex(self.outline_model.index(row))
        if not in_outline:
            self._focus_page()

    def go_to_section(self, key: str) -> SectionPage | None:
        row = self.outline_model.row_of(key)
        if row < 0:
            return None
        self.outline.setCurrentIndex(self.outline_model.index(row))
        return self.pages.get(key)

    def go_to_missing(self, item: MissingItem) -> None:
        page = self.go_to_section(item.section_key)
        if page is not None:
            page.ensureVisible(0, 0)
            page.focus_item(item)
            focused = self.focusWidget()
            if focused is not None and page.isAncestorOf(focused):
                page.ensureWidgetVisible(focused)

    def _focus_page(self) -> None:
        page = self.current_page
        if page is not None:
            page.focus_notes()

    def _back(self) -> None:
        self.finish_editing()
        self.back_requested.emit()

    def finish_editing(self) -> None:
        """Save anything typed and still waiting (leaving, locking, closing)."""
        for page in self.pages.values():
            page.flush()

    def clear(self) -> None:
        """Forget the meeting shown (nothing of it stays in memory)."""
        self.finish_editing()
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages = {}
        self.view = None

    # -- finalising and amending -----------------------------------------------------

    def finalise(self) -> None:
        if self.view is None or self.view.is_final:
            return
        self.finish_editing()
        self.reload()
        view = self.view
        if view.missing:
            self._show_missing(view.missing)
            return
        answer = QMessageBox.question(
            self,
            "Finalise the meeting",
            "Finalise this meeting now? The record is then closed: corrections are added "
            "as dated amendments, and the decision summary and minutes fall due.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            final = meetings.finalise(self.vault, view.id)
        except NotReadyToFinalise as refused:
            self.reload()
            self._show_missing(refused.missing)
            return
        except TacError as error:
            QMessageBox.warning(self, "Finalise the meeting", str(error))
            return
        self._apply(final)
        self.saved.emit(f"Meeting finalised at {now_text()}")
        self.meeting_changed.emit()
        self.amend_button.setFocus()

    def _show_missing(self, missing: list[MissingItem]) -> None:
        dialog = MissingItemsDialog(missing, self)
        if dialog.exec() and dialog.chosen is not None:
            self.go_to_missing(dialog.chosen)

    def add_amendment(self) -> None:
        view = self.view
        if view is None or not view.is_final:
            return

        def save(text: str, reason: str, section_key: str) -> None:
            meetings.amend(self.vault, view.id, text, reason, section_key)

        dialog = AmendmentDialog(save, view.sections, self.current_key, self)
        if dialog.exec():
            self.reload()
            self.saved.emit(f"Amendment saved at {now_text()}")
            self.meeting_changed.emit()

    def show_agency_minutes(self) -> None:
        view = self.view
        if view is None:
            return
        self.finish_editing()
        try:
            agencies = reports.summary_agencies(self.vault, view.id)
        except TacError as error:
            QMessageBox.warning(self, "Minutes for an agency", str(error))
            return
        if not agencies:
            QMessageBox.information(
                self, "Minutes for an agency", "No agency is invited to this meeting."
            )
            return
        agency, chosen = QInputDialog.getItem(
            self, "Minutes for an agency", "Which agency is this copy for?", agencies, 0, False
        )
        if not chosen:
            return
        # Consent first, as for any paper made for an agency (a refusal is logged).
        basis = ask_before_sharing(self.vault, view.case_id, agency, "copy of the minutes", self)
        if basis is None:
            return
        try:
            pending = documents.prepare_minutes(self.vault, view.id, for_agency=agency)
            document = make_in_background(
                self, "Minutes for an agency", pending.document, "Making their copy…"
            )
        except TacError as error:
            QMessageBox.warning(self, "Minutes for an agency", str(error))
            return
        if document is None:  # cancelled: nothing was made
            return
        preview = DocumentPreview(self.vault, document, self)
        preview.exec()
        if preview.saved_to is None:
            return
        try:
            consent.log_share(
                self.vault,
                view.case_id,
                document.title,
                agency,
                "Their copy of the minutes (sections kept out of agencies' copies left out).",
                basis=basis,
            )
        except TacError as error:
            QMessageBox.warning(
                self,
                "Minutes for an agency",
                f"The copy was saved, but sending it could not be noted: {error}",
            )

    def show_document(self, kind: str) -> None:
        """Everything typed is saved first, so the preview is what the vault holds."""
        view = self.view
        if view is None:
            return
        self.finish_editing()
        prepare = (
            documents.prepare_minutes if kind == "minutes" else documents.prepare_decision_summary
        )
        words = "minutes" if kind == "minutes" else "decision summary"
        try:
            pending = prepare(self.vault, view.id)
            document = make_in_background(
                self, "Documents", pending.document, f"Making the {words}…"
            )
        except TacError as error:
            QMessageBox.warning(self, "Documents", str(error))
            return
        if document is None:  # cancelled: nothing was made
            return
        preview = DocumentPreview(self.vault, document, self)
        preview.exec()

    # -- absent professionals --------------------------------------------------------

    def _enable_report_actions(self, final: bool) -> None:
        self.report_form_action.setEnabled(not final)
        self.report_form_action.setToolTip(
            "This meeting is finalised: report forms are for a meeting still to come"
            if final
            else "A fillable PDF for an invited professional who cannot come"
        )
        self.distribution_action.setEnabled(final)
        self.send_action.setEnabled(final)
        self.outcome_action.setEnabled(final)
        self.outcome_action.setToolTip(
            "What one agency needs to know: the decisions, the next review and its own tasks"
            if final
            else "Available once the meeting is finalised and its decisions are agreed"
        )

    def make_report_form(self) -> None:
        if self.view is None or self.view.is_final:
            return
        self.finish_editing()
        report_documents.make_report_form(self.vault, self.view.id, self)

    def make_outcome_summary(self) -> None:
        if self.view is None or not self.view.is_final:
            return
        sent = report_documents.make_outcome_summary(self.vault, self.view.id, self)
        if sent is not None:
            agency, path = sent
            self.saved.emit(
                f"Outcome summary for {agency} saved as {path.name}; noted in the case's history"
            )

    # -- copies for readers ----------------------------------------------------------

    def show_marks(self) -> None:
        if self.view is None:
            return
        self.finish_editing()
        reader_copies.CopyMarksDialog(self.vault, self.view.id, self.view.case_id, self).exec()

    def show_copy_for(self) -> None:
        if self.view is None:
            return
        self.finish_editing()
        reader_copies.ShowCopyDialog(self.vault, self.view.id, self).exec()

    def edit_distribution(self) -> None:
        if self.view is None or not self.view.is_final:
            return
        try:
            dialog = DistributionDialog(self.vault, self.view.id, self)
        except TacError as error:
            QMessageBox.warning(self, "Distribution list", str(error))
            return
        if dialog.exec():
            self.saved.emit("Distribution list confirmed")

    def send_papers(self) -> None:
        if self.view is None or not self.view.is_final:
            return
        dialog = SendDialog(self.vault, self.view.id, self.view.case_id, self)
        if dialog.exec() and dialog.sent:
            self.saved.emit(f"{len(dialog.sent)} copies made and logged in the sharing log")
            self.reload()

    def open_report(self) -> None:
        path = report_documents.choose_report_file(self)
        if path is not None:
            self.import_report_file(path)

    def import_report_file(self, path: Path) -> bool:
        """A returned form, opened or dropped: checked by core, confirmed, stored."""
        if self.view is None:
            return False
        self.finish_editing()  # typing in the attendance is saved before it changes
        preview = report_documents.import_report(self.vault, path, self.view.id, self)
        if preview is None:
            return False
        self.reload()
        self.saved.emit(f"Report from {preview.name} stored at {now_text()}")
        self.meeting_changed.emit()
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.view is not None and report_documents.dropped_pdf(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.view is not None and report_documents.dropped_pdf(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = report_documents.dropped_pdf(event.mimeData())
        if self.view is None or path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # After the drop has finished: a modal dialog inside a drop blocks the drag source.
        QTimer.singleShot(0, lambda: self.import_report_file(path))

    def page_at(self, key: str) -> SectionPage:
        return self.pages[key]

    def section_with(self, part: Part) -> SectionPage | None:
        view = self.view
        section = view.section_with(part) if view else None
        return self.pages.get(section.key) if section else None
