"""One family's case: the network of people, the agencies, the summary.

Every edit is saved as it is made: dialogs save on their Save button, the summary is
saved a moment after typing stops (and at once when leaving the case or locking).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.models import CaseStatus
from tac_desktop.core.services import cases
from tac_desktop.core.services.cases import CaseView, InvolvementView, PersonDraft, PersonView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.actions.action_plan import ActionPlanTab
from tac_desktop.gui.cases.dialogs import ProfessionalDialog
from tac_desktop.gui.cases.no_information import NoInformationDialog
from tac_desktop.gui.consent.tab import ConsentTab
from tac_desktop.gui.meeting.meetings_tab import MeetingsTab
from tac_desktop.gui.safety_plans.tab import SafetyPlanTab
from tac_desktop.gui.shared.flow import FoldingSplitter
from tac_desktop.gui.shared.item_models import Column, RowTableModel, format_date
from tac_desktop.gui.shared.person_dialog import PersonDialog
from tac_desktop.gui.shared.settings import Settings
from tac_desktop.gui.shared.widgets import record_table
from tac_desktop.gui.transitions.tab import TransitionTab

SUMMARY_SAVE_DELAY_MS = 700


def _yes(flag: bool) -> str:
    return "Yes" if flag else ""


def _age_text(person: PersonView) -> str:
    if person.age is None:
        return "child" if person.is_child else "adult"
    estimated = "about " if person.date_of_birth is None else ""
    return f"{estimated}{person.age}"


PEOPLE_COLUMNS: list[Column[PersonView]] = [
    Column("Name", lambda p: p.display_name),
    Column("Relationship", lambda p: "the subject" if p.is_subject else p.relationship_to_subject),
    Column("Age", _age_text, lambda p: p.age),
    Column("Born", lambda p: format_date(p.date_of_birth), lambda p: p.date_of_birth),
    Column("Household", lambda p: _yes(p.lives_in_household)),
    Column("Parental resp.", lambda p: _yes(p.parental_responsibility)),
    Column("Contact", lambda p: _yes(p.significant_contact)),
    Column("Language", lambda p: p.language + (" (interpreter)" if p.interpreter_needed else "")),
    Column(
        "Receives papers",
        lambda p: "No: must not receive information" if p.no_information else "Yes",
        tooltip=lambda p: p.no_information_reason,
    ),
]

INVOLVEMENT_COLUMNS: list[Column[InvolvementView]] = [
    Column("Professional", lambda i: i.name + ("  ★ lead" if i.is_lead else "")),
    Column("Job role", lambda i: i.role),
    Column("Agency", lambda i: i.agency),
    Column("Sector", lambda i: i.sector.label),
    Column("Role on this case", lambda i: i.role_on_case),
    Column("Phone", lambda i: i.phone),
    Column("Secure email", lambda i: i.secure_email),
]


class CaseWorkspace(QWidget):
    saved = Signal(str)  # a status-line message
    back_requested = Signal()
    case_changed = Signal()
    meeting_open_requested = Signal(int)  # meeting id

    def __init__(self, vault: Vault, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.settings = settings
        self.case: CaseView | None = None
        self.current_reference = ""

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.heading.setFont(font)
        self.heading.setAccessibleDescription("Case")  # a screen reader reads its text
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)  # at twice the text size it wraps, not widens
        self.details.setAccessibleDescription("About the case")
        back = QPushButton("← &Back to cases")
        back.setAccessibleName("Back to the case list")
        back.clicked.connect(self.back_requested)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addSpacing(12)
        top.addWidget(self.heading, 1)

        # Family network
        self.people_model: RowTableModel[PersonView] = RowTableModel(PEOPLE_COLUMNS, self)
        self.people_table = record_table("Family network")
        self.people_table.setModel(self.people_model)
        self.people_table.doubleClicked.connect(self._edit_person_at)
        self.add_person_button = QPushButton("&Add person…")
        self.add_person_button.clicked.connect(self.add_person)
        self.edit_person_button = QPushButton("&Edit…")
        self.edit_person_button.clicked.connect(self.edit_person)
        self.remove_person_button = QPushButton("&Remove…")
        self.remove_person_button.clicked.connect(self.remove_person)
        self.information_button = QPushButton("Receives &information…")
        self.information_button.setToolTip(
            "Mark someone who must not receive information about others (no copy of the "
            "papers goes to them), with the reason"
        )
        self.information_button.clicked.connect(self.mark_information)
        people_tab = self._tab(
            self.people_table,
            self.add_person_button,
            self.edit_person_button,
            self.remove_person_button,
            self.information_button,
        )

        # Agencies and professionals
        self.involvement_model: RowTableModel[InvolvementView] = RowTableModel(
            INVOLVEMENT_COLUMNS, self
        )
        self.involvement_table = record_table("Agencies and professionals")
        self.involvement_table.setModel(self.involvement_model)
        self.add_professional_button = QPushButton("Add &professional…")
        self.add_professional_button.clicked.connect(self.add_professional)
        self.lead_button = QPushButton("Make &lead")
        self.lead_button.clicked.connect(self.make_lead)
        self.remove_professional_button = QPushButton("Remo&ve…")
        self.remove_professional_button.clicked.connect(self.remove_professional)
        agencies_tab = self._tab(
            self.involvement_table,
            self.add_professional_button,
            self.lead_button,
            self.remove_professional_button,
        )

        # Meetings
        self.meetings_tab = MeetingsTab(vault)
        self.meetings_tab.open_requested.connect(self.meeting_open_requested)
        self.meetings_tab.created.connect(self.saved)

        # Action plan
        self.plan_tab = ActionPlanTab(vault)
        self.plan_tab.saved.connect(self._saved_now)
        self.plan_tab.failed.connect(self.saved)

        # Safety plans
        self.safety_tab = SafetyPlanTab(vault)
        self.safety_tab.saved.connect(self._saved_now)
        self.safety_tab.failed.connect(self.saved)

        # Transitions and closure
        self.transition_tab = TransitionTab(vault)
        self.transition_tab.saved.connect(self._saved_now)
        self.transition_tab.failed.connect(self.saved)
        self.transition_tab.case_changed.connect(self._reload)

        # Consent and sharing
        self.consent_tab = ConsentTab(vault)
        self.consent_tab.saved.connect(self._saved_now)
        self.consent_tab.failed.connect(self.saved)

        self.tabs = QTabWidget()
        self.tabs.addTab(people_tab, "Famil&y network")
        self.tabs.addTab(agencies_tab, "A&gencies and professionals")
        self.tabs.addTab(self.meetings_tab, "&Meetings")
        self.tabs.addTab(self.plan_tab, "Ac&tion plan")
        self.tabs.addTab(self.safety_tab, "&Safety plan")
        self.tabs.addTab(self.transition_tab, "Transitions and clos&ure")
        self.tabs.addTab(self.consent_tab, "Consent an&d sharing")

        # Summary, saved as typed
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName("Why the team is involved")
        self.summary.setPlaceholderText("Why the team is involved, in a few plain sentences.")
        self.summary.setTabChangesFocus(True)
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(SUMMARY_SAVE_DELAY_MS)
        self._summary_timer.timeout.connect(self._save_summary)
        self.summary.textChanged.connect(self._summary_edited)
        summary_box = QWidget()
        summary_layout = QVBoxLayout(summary_box)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        summary_label = QLabel("&Why the team is involved")
        summary_label.setBuddy(self.summary)
        # Saved as typed, and said so beside it: never a silent change to the case.
        self.summary_state = QLabel()
        self.summary_state.setAccessibleDescription("Summary saved")  # read by its text
        summary_head = QHBoxLayout()
        summary_head.addWidget(summary_label)
        summary_head.addStretch(1)
        summary_head.addWidget(self.summary_state)
        summary_layout.addLayout(summary_head)
        summary_layout.addWidget(self.summary, 1)

        self.splitter = FoldingSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(summary_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = settings.restore_state("workspace/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(
            lambda *_: settings.save_state("workspace/splitter", self.splitter.saveState())
        )

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.transition_tab.banner)
        layout.addWidget(self.splitter, 1)

        QShortcut(QKeySequence.StandardKey.Delete, self.people_table, self.remove_person)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.people_table, self.edit_person)
        QShortcut(QKeySequence.StandardKey.Delete, self.involvement_table, self.remove_professional)

    @staticmethod
    def _tab(table: QTableView, *buttons: QPushButton) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(table, 1)
        return tab

    # -- showing ---------------------------------------------------------------------

    def show_case(self, reference: str) -> bool:
        self.finish_editing()
        try:
            case = cases.get_case(self.vault, cases.find_case_id(self.vault, reference))
        except TacError as error:
            QMessageBox.warning(self, "Case", str(error))
            return False
        self._show(case)
        self.tabs.setCurrentIndex(0)
        self.summary_state.setText("")
        # Focus on a row that shows it (a table with no current row shows no focus).
        if self.people_model.rowCount() and not self.people_table.currentIndex().isValid():
            self.people_table.setCurrentIndex(self.people_model.index(0, 0))
        self.people_table.setFocus()
        return True

    def _reload(self) -> None:
        if self.case is not None:
            self._show(cases.get_case(self.vault, self.case.id))
            self.case_changed.emit()

    def refresh(self) -> None:
        """Read the case again (coming back from a meeting, where people may be added)."""
        self._reload()

    def _show(self, case: CaseView) -> None:
        self.case = case
        self.current_reference = case.reference
        subject = case.subject
        about = subject.name if subject else "no subject recorded"
        self.heading.setText(f"{case.reference}  ·  {about}")
        lead = case.lead
        closed = case.status is CaseStatus.CLOSED
        since = format_date(case.closed_on or case.opened_on)
        lead_text = f"{lead.name} ({lead.agency})" if lead else "not set"
        self.details.setText(
            f"{'Closed' if closed else 'Open'} since {since}  ·  Bank holidays: "
            f"{case.nation.label}  ·  Lead professional: {lead_text}"
        )
        self.people_model.set_rows(case.people)
        self.involvement_model.set_rows(case.involvements)
        self.meetings_tab.show_case(case)
        self.plan_tab.show_case(case)
        self.safety_tab.show_case(case)
        self.transition_tab.show_case(case)
        self.consent_tab.show_case(case)
        self.summary.blockSignals(True)
        if self.summary.toPlainText() != case.summary:
            self.summary.setPlainText(case.summary)
        self.summary.blockSignals(False)
        for widget in (
            self.add_person_button,
            self.edit_person_button,
            self.remove_person_button,
            self.add_professional_button,
            self.lead_button,
            self.remove_professional_button,
        ):
            widget.setEnabled(not closed)
        self.summary.setReadOnly(closed)

    def _saved_now(self, what: str) -> None:
        self.saved.emit(f"{what} saved at {datetime.now():%H:%M:%S}")

    def _report(self, error: TacError) -> None:
        QMessageBox.warning(self, "Case", str(error))

    # -- family network --------------------------------------------------------------

    def _selected_person(self) -> PersonView | None:
        return self.people_model.row_at(self.people_table.currentIndex())

    def add_person(self) -> None:
        if self.case is None:
            return
        case_id = self.case.id

        def save(draft: PersonDraft) -> None:
            cases.add_person(self.vault, case_id, draft)

        if PersonDialog(save, None, self).exec():
            self._reload()
            self._saved_now("New person")

    def _edit_person_at(self, index: QModelIndex) -> None:
        self.people_table.setCurrentIndex(index)
        self.edit_person()

    def edit_person(self) -> None:
        person = self._selected_person()
        if person is None:
            return

        def save(draft: PersonDraft) -> None:
            cases.update_person(self.vault, person.id, draft)

        if PersonDialog(save, person, self).exec():
            self._reload()
            self._saved_now("Changes")

    def mark_information(self) -> None:
        person = self._selected_person()
        if person is None:
            return
        if NoInformationDialog(self.vault, person, self).exec():
            self._reload()
            self._saved_now("Who receives information")

    def remove_person(self) -> None:
        person = self._selected_person()
        if person is None:
            return
        if person.is_subject:
            QMessageBox.information(
                self,
                "Remove person",
                f"{person.name} is the person this case is about, so they cannot be removed.",
            )
            return
        answer = QMessageBox.question(
            self,
            "Remove person",
            f"Remove {person.name} from this family's network? The audit log keeps a record "
            "of the removal.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            cases.remove_person(self.vault, person.id)
        except TacError as error:
            self._report(error)
            return
        self._reload()
        self._saved_now("Removal")

    # -- agencies and professionals --------------------------------------------------

    def _selected_involvement(self) -> InvolvementView | None:
        return self.involvement_model.row_at(self.involvement_table.currentIndex())

    def add_professional(self) -> None:
        if self.case is None:
            return
        case_id = self.case.id

        def save(draft: cases.ProfessionalDraft, role_on_case: str, lead: bool) -> None:
            cases.add_professional(self.vault, case_id, draft, role_on_case, lead)

        dialog = ProfessionalDialog(save, cases.list_agencies(self.vault), self)
        if dialog.exec():
            self._reload()
            self._saved_now("Professional")

    def make_lead(self) -> None:
        involvement = self._selected_involvement()
        if involvement is None or self.case is None:
            return
        try:
            cases.set_lead_professional(self.vault, self.case.id, involvement.id)
        except TacError as error:
            self._report(error)
            return
        self._reload()
        self._saved_now("Lead professional")

    def remove_professional(self) -> None:
        involvement = self._selected_involvement()
        if involvement is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove professional",
            f"Take {involvement.name} ({involvement.agency}) off this case?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            cases.remove_involvement(self.vault, involvement.id)
        except TacError as error:
            self._report(error)
            return
        self._reload()
        self._saved_now("Removal")

    # -- summary ---------------------------------------------------------------------

    def _summary_edited(self) -> None:
        self._summary_timer.start()
        self.summary_state.setText("Saving the summary…")
        self.saved.emit("Typing…")

    def _save_summary(self) -> None:
        if self.case is None or self.summary.isReadOnly():
            return
        text = self.summary.toPlainText()
        if text == self.case.summary:
            self.summary_state.setText("")
            return
        try:
            cases.update_case(self.vault, self.case.id, summary=text)
        except TacError as error:
            self.summary_state.setText("Summary not saved")
            self.saved.emit(f"Not saved: {error}")
            return
        self.case = cases.get_case(self.vault, self.case.id)
        self.summary_state.setText(f"Summary saved at {datetime.now():%H:%M}")
        self._saved_now("Summary")

    def finish_editing(self) -> None:
        """Save anything still waiting (called before leaving the case or locking)."""
        if self._summary_timer.isActive():
            self._summary_timer.stop()
            self._save_summary()
        self.safety_tab.finish_editing()
