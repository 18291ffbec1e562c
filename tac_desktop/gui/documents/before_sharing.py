"""The question asked before anything is sent to an agency with no consent to rely on:
what the consent register says, and the chair's decision (share on stated grounds, or do
not share, which is logged). Asked by the meeting's documents, the safety plan's sending
and the outcome summaries alike, so it lives here, below every area that sends.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.services import consent
from tac_desktop.core.services.consent import SharingCheck, SharingOutcome
from tac_desktop.core.vault import Vault
from tac_desktop.gui.shared.dialogs import error_style


class ShareQuestion(QDialog):
    """What the register holds for an agency, and the chair's decision: share on the
    recorded grounds (written here when none are recorded), or do not share."""

    def __init__(self, check: SharingCheck, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Before sending to {check.agency}")
        layout = QVBoxLayout(self)
        said = QLabel(check.in_words + "".join(f"\n• {line}" for line in check.lines))
        said.setWordWrap(True)
        said.setTextFormat(Qt.TextFormat.PlainText)
        said.setAccessibleName("What the consent register says")
        layout.addWidget(said)
        self.share = QRadioButton(f"&Share the {what} on these grounds:")
        self.grounds = QPlainTextEdit(check.grounds)
        self.grounds.setAccessibleName("Grounds for sharing")
        self.grounds.setTabChangesFocus(True)
        self.grounds.setMaximumHeight(80)
        self.grounds.setPlaceholderText("why this agency needs it, and what sharing rests on")
        self.dont = QRadioButton("&Do not share it. Why:")
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Why not")
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(80)
        refused_only = check.outcome is SharingOutcome.REFUSED and check.override is None
        if refused_only:
            self.share.setEnabled(False)
            self.grounds.setEnabled(False)
            blocked = QLabel(
                "To share anyway, first record a decision to share without agreement on "
                "the case's Consent and sharing tab (it needs a line manager's approval)."
            )
            blocked.setWordWrap(True)
            self.dont.setChecked(True)
        else:
            self.share.setChecked(True)
        for widget in (self.share, self.grounds, self.dont, self.reason):
            layout.addWidget(widget)
        if refused_only:
            layout.insertWidget(3, blocked)
        self.error = QLabel()
        self.error.setWordWrap(True)
        error_style(self.error)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Continue")
        buttons.accepted.connect(self._decide)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def _decide(self) -> None:
        if self.share.isChecked() and not self.grounds.toPlainText().strip():
            self.error.setText("Write what sharing rests on: the log keeps it.")
            self.error.show()
            return
        if self.dont.isChecked() and not self.reason.toPlainText().strip():
            self.error.setText("Write why it is not shared: the log keeps the reason.")
            self.error.show()
            return
        self.accept()


def ask_before_sharing(
    vault: Vault, case_id: int, agency: str, what: str, parent: QWidget | None
) -> str | None:
    """Before anything is made for ``agency``: when there is consent, the grounds (go
    ahead); else the chair decides. Returns what sharing rests on, or None when it is
    not to be shared (that decision is logged) or the chair cancelled."""
    try:
        check = consent.sharing_check(vault, case_id, agency)
    except TacError as error:
        QMessageBox.warning(parent, "Consent", str(error))
        return None
    if not check.needs_asking:
        return check.grounds
    question = ShareQuestion(check, what, parent)
    if not question.exec():
        return None
    if question.share.isChecked():
        return question.grounds.toPlainText().strip()
    try:
        consent.log_not_shared(
            vault, case_id, what[:1].upper() + what[1:], agency, question.reason.toPlainText()
        )
    except TacError as error:
        QMessageBox.warning(parent, "Consent", str(error))
    return None
