"""Marking a person as one who must not receive information about others (an alleged
perpetrator of domestic abuse, someone under a court order, or someone who must not
learn where another family member lives), with the reason. While marked, no copy of
any meeting's papers can be made for them (core refuses it)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from tac_desktop.core.services import copies
from tac_desktop.core.services.cases import PersonView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.shared.dialogs import SavingDialog
from tac_desktop.gui.shared.widgets import buddy, text_box


class NoInformationDialog(SavingDialog):
    def __init__(self, vault: Vault, person: PersonView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.person = person
        self.setWindowTitle(f"Information for {person.display_name}")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Mark someone the team judges a risk to another family member, or who must not "
            "learn where someone lives. They get no copy of the meetings' papers, and no "
            "other copy ever shows anyone's address or phone number."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.marked = QCheckBox(f"{person.display_name} &must not receive information about others")
        self.marked.setChecked(person.no_information)
        layout.addWidget(self.marked)
        self.reason = text_box("Why", 3, "for example: alleged perpetrator; non-molestation order")
        self.reason.setPlainText(person.no_information_reason)
        layout.addWidget(buddy("&Why:", self.reason))
        layout.addWidget(self.reason)
        error = QLabel()
        error.setWordWrap(True)
        layout.addWidget(error)
        self.add_save_buttons(error, "&Save")
        self.marked.setFocus()

    def save(self) -> None:
        copies.set_no_information(
            self.vault, self.person.id, self.marked.isChecked(), self.reason.toPlainText()
        )
