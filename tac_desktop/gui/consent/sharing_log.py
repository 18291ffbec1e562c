"""The information-sharing log: every decision to share, or not to share, and the dialog
that adds one by hand (a phone call, a conversation)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.models import InformationKind, RecipientKind, ShareMethod
from tac_desktop.core.services.consent import LogDraft, LogEntryView
from tac_desktop.gui.shared.dialogs import SavingDialog, from_qdate
from tac_desktop.gui.shared.item_models import Column, format_date
from tac_desktop.gui.shared.widgets import buddy, date_edit, text_box

LOG_COLUMNS: list[Column[LogEntryView]] = [
    Column("When", lambda r: format_date(r.decided_on), lambda r: r.decided_on),
    Column("Shared?", lambda r: "✓ Shared" if r.shared else "✗ Not shared"),
    Column("What", lambda r: r.what),
    Column("With whom", lambda r: f"{r.recipient} ({r.contact})" if r.contact else r.recipient),
    Column("How", lambda r: r.how.label if r.how else ""),
    Column("Why", lambda r: r.why),
    Column("Rests on", lambda r: r.basis, tooltip=lambda r: r.basis),
    Column("Decided by", lambda r: r.decided_by),
    Column("Made", lambda r: "Automatically" if r.automatic else "By hand"),
]


class LogEntryDialog(SavingDialog):
    """Add a decision to share, or not, by hand: a phone call, a conversation."""

    def __init__(
        self,
        chair: str,
        agencies: list[str],
        save: Callable[[LogDraft], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle("Add to the sharing log")
        layout = QVBoxLayout(self)
        error = QLabel()
        error.setWordWrap(True)
        self.shared = QComboBox()
        self.shared.setAccessibleName("Shared or not")
        self.shared.addItem("✓ Shared", True)
        self.shared.addItem("✗ Decided not to share", False)
        self.what = text_box("What", 3, "what was said or sent")
        self.recipient = QComboBox()
        self.recipient.setEditable(True)
        self.recipient.setAccessibleName("With whom")
        self.recipient.addItems(agencies)
        self.recipient.setCurrentText("")
        self.person = QCheckBox("A &person, not an agency")
        self.contact = QLineEdit()
        self.contact.setAccessibleName("Who was spoken to")
        self.how = QComboBox()
        self.how.setAccessibleName("How")
        for method in ShareMethod:
            self.how.addItem(method.label, method)
        self.how.setCurrentIndex(self.how.findData(ShareMethod.PHONE))
        self.why = text_box("Why", 3, "what they needed it for, or why it was not shared")
        self.basis = QLineEdit()
        self.basis.setAccessibleName("What it rests on")
        self.basis.setPlaceholderText("leave empty to use what the consent register says")
        self.decided_by = QLineEdit(chair)
        self.decided_by.setAccessibleName("Who decided")
        self.decided_on = date_edit("Date")
        form = QFormLayout()
        form.addRow(buddy("&Shared:", self.shared), self.shared)
        form.addRow(buddy("&What:", self.what), self.what)
        form.addRow(buddy("With wh&om:", self.recipient), self.recipient)
        form.addRow("", self.person)
        form.addRow(buddy("Spo&ke to:", self.contact), self.contact)
        form.addRow(buddy("&How:", self.how), self.how)
        form.addRow(buddy("Wh&y:", self.why), self.why)
        form.addRow(buddy("&Rests on:", self.basis), self.basis)
        form.addRow(buddy("&Decided by:", self.decided_by), self.decided_by)
        form.addRow(buddy("D&ate:", self.decided_on), self.decided_on)
        layout.addLayout(form)
        layout.addWidget(error)
        self.add_save_buttons(error, "Add to the &log")
        self.shared.currentIndexChanged.connect(
            lambda _i: self.how.setEnabled(bool(self.shared.currentData()))
        )
        self.resize(560, 520)

    def draft(self) -> LogDraft:
        shared = bool(self.shared.currentData())
        return LogDraft(
            what=self.what.toPlainText(),
            recipient=self.recipient.currentText(),
            why=self.why.toPlainText(),
            decided_by=self.decided_by.text(),
            decided_on=from_qdate(self.decided_on.date()),
            shared=shared,
            how=self.how.currentData() if shared else None,
            kind=InformationKind.INFORMATION,
            recipient_kind=RecipientKind.PERSON
            if self.person.isChecked()
            else RecipientKind.AGENCY,
            contact=self.contact.text(),
            basis=self.basis.text(),
        )

    def save(self) -> None:
        self._save(self.draft())
