"""The case's "Consent and sharing" tab: the consent register above, the sharing log
below, and the revisits that are due.

All of it asks core (``services.consent``); nothing here touches the database.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.models import CaseStatus, ConsentStatus
from tac_desktop.core.services import consent
from tac_desktop.core.services.cases import CaseView
from tac_desktop.core.services.consent import (
    ConsentDraft,
    ConsentView,
    LogDraft,
    LogEntryView,
    OverrideDraft,
)
from tac_desktop.core.vault import Vault
from tac_desktop.gui.consent.register import (
    CONSENT_COLUMNS,
    ConsentDialog,
    ConsentTableModel,
    OverrideDialog,
)
from tac_desktop.gui.consent.sharing_log import LOG_COLUMNS, LogEntryDialog
from tac_desktop.gui.shared.item_models import RowTableModel, format_date
from tac_desktop.gui.shared.widgets import record_table


class ConsentTab(QWidget):
    saved = Signal(str)  # what was saved; the workspace adds the time
    failed = Signal(str)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case: CaseView | None = None

        self.revisits = QLabel()
        self.revisits.setWordWrap(True)
        self.revisits.setTextFormat(Qt.TextFormat.PlainText)
        self.revisits.setAccessibleName("Consent to revisit")
        self.revisits.setObjectName("warning")  # the style sheet's colours, for the palette

        self.consent_model = ConsentTableModel(CONSENT_COLUMNS, self)
        self.consent_table = record_table("Consent register", fit_to_contents=False)
        self.consent_table.setModel(self.consent_model)
        self.consent_table.doubleClicked.connect(lambda _i: self.change_consent())
        self.record_button = QPushButton("Rec&ord a consent…")
        self.record_button.clicked.connect(self.record_consent)
        self.change_button = QPushButton("Ch&ange…")
        self.change_button.clicked.connect(self.change_consent)
        self.override_button = QPushButton("Share des&pite refusal…")
        self.override_button.setToolTip(
            "Record a decision to share although they did not agree (needs a line manager)"
        )
        self.override_button.clicked.connect(self.record_override)
        register_box = QGroupBox("Consent register")
        register = QVBoxLayout(register_box)
        row = QHBoxLayout()
        for button in (self.record_button, self.change_button, self.override_button):
            row.addWidget(button)
        row.addStretch(1)
        register.addLayout(row)
        register.addWidget(self.consent_table, 1)

        self.log_model: RowTableModel[LogEntryView] = RowTableModel(LOG_COLUMNS, self)
        self.log_table = record_table("Sharing log", fit_to_contents=False)
        self.log_table.setModel(self.log_model)
        self.add_entry_button = QPushButton("Add an &entry…")
        self.add_entry_button.setToolTip("A phone call or a conversation: shared, or not")
        self.add_entry_button.clicked.connect(self.add_entry)
        log_box = QGroupBox("Sharing log: every decision to share, or not to share")
        log = QVBoxLayout(log_box)
        row = QHBoxLayout()
        row.addWidget(self.add_entry_button)
        row.addStretch(1)
        log.addLayout(row)
        log.addWidget(self.log_table, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(register_box)
        splitter.addWidget(log_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.revisits)
        layout.addWidget(splitter, 1)

    # -- showing ------------------------------------------------------------------------

    def show_case(self, case: CaseView) -> None:
        self.case = case
        self.reload()

    def reload(self) -> None:
        if self.case is None:
            return
        try:
            rows = consent.case_consents(self.vault, self.case.id)
            log = consent.sharing_log(self.vault, self.case.id)
            due = consent.revisits_due(self.vault, self.case.id)
        except TacError as error:
            self.failed.emit(str(error))
            return
        self.consent_model.set_rows(rows)
        self.log_model.set_rows(log)
        for table in (self.consent_table, self.log_table):
            table.resizeColumnsToContents()
            for column in range(table.model().columnCount()):
                table.setColumnWidth(column, min(table.columnWidth(column), 280))
        today = date.today()
        self.revisits.setText(
            "\n".join(
                f"{'Overdue' if r.is_overdue(today) else 'Due'} {format_date(r.due_on)}: "
                f"{r.in_words}."
                for r in due
            )
        )
        self.revisits.setVisible(bool(due))
        closed = self.case.status is CaseStatus.CLOSED
        for button in (
            self.record_button,
            self.change_button,
            self.override_button,
            self.add_entry_button,
        ):
            button.setEnabled(not closed)

    def _selected(self) -> ConsentView | None:
        index = self.consent_table.currentIndex()
        return self.consent_model.row_at(index) if index.isValid() else None

    def _agencies(self) -> list[str]:
        if self.case is None:
            return []
        return sorted({i.agency for i in self.case.involvements}, key=str.casefold)

    def _chair(self) -> str:
        try:
            return consent.chair_name(self.vault)
        except TacError:
            return ""

    def _done(self, what: str) -> None:
        self.reload()
        self.saved.emit(what)

    # -- actions ------------------------------------------------------------------------

    def record_consent(self) -> None:
        case = self.case
        if case is None:
            return

        def save(draft: ConsentDraft) -> None:
            consent.record_consent(self.vault, case.id, draft)

        if ConsentDialog(case, save, self._agencies(), None, self).exec():
            self._done("Consent")

    def change_consent(self) -> None:
        case, row = self.case, self._selected()
        if case is None:
            return
        if row is None:
            QMessageBox.information(self, "Consent", "Choose a consent in the register first.")
            return

        def save(draft: ConsentDraft) -> None:
            consent.update_consent(self.vault, row.id, draft)

        if ConsentDialog(case, save, self._agencies(), row, self).exec():
            self._done("Consent")

    def record_override(self) -> None:
        row = self._selected()
        if row is None or row.status not in (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN):
            QMessageBox.information(
                self,
                "Share without agreement",
                "Choose a consent that was refused (or taken back) in the register first.",
            )
            return

        def save(draft: OverrideDraft) -> None:
            consent.record_override(self.vault, row.id, draft)

        if OverrideDialog(row, self._chair(), save, self).exec():
            self._done("Decision to share without agreement")

    def add_entry(self) -> None:
        case = self.case
        if case is None:
            return

        def save(draft: LogDraft) -> None:
            consent.add_log_entry(self.vault, case.id, draft)

        if LogEntryDialog(self._chair(), self._agencies(), save, self).exec():
            self._done("Sharing log entry")
