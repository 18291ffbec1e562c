"""The case's dialogs built from the Designer forms in ``forms/``: a new case, and a
professional joining the case. (The person form, which the meeting opens too, is
``gui/shared/person_dialog.py``.)

Each dialog collects a draft, hands it to a core service on Save, and stays open with
the service's plain message when the input cannot be used, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from tac_desktop.core.models import Nation, Sector
from tac_desktop.core.services.cases import CaseDraft, PersonDraft, ProfessionalDraft
from tac_desktop.gui.forms.ui_new_case_dialog import Ui_NewCaseDialog
from tac_desktop.gui.forms.ui_professional_dialog import Ui_ProfessionalDialog
from tac_desktop.gui.shared.dialogs import SavingDialog, from_qdate


class ProfessionalDialog(SavingDialog):
    def __init__(
        self,
        save: Callable[[ProfessionalDraft, str, bool], None],
        agencies: list[tuple[str, Sector]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_ProfessionalDialog()
        self.ui.setupUi(self)
        self._save = save
        self._wire(self.ui.buttons, self.ui.error)
        self._agencies = dict(agencies)
        for sector in Sector:
            self.ui.sector.addItem(sector.label, sector)
        self.ui.agency.addItems(sorted(self._agencies))
        self.ui.agency.setCurrentText("")
        self.ui.agency.currentTextChanged.connect(self._agency_chosen)
        self.ui.name.setFocus()

    def _agency_chosen(self, name: str) -> None:
        sector = self._agencies.get(name)
        if sector is not None:
            self.ui.sector.setCurrentIndex(self.ui.sector.findData(sector))

    def save(self) -> None:
        ui = self.ui
        draft = ProfessionalDraft(
            name=ui.name.text(),
            agency_name=ui.agency.currentText(),
            sector=ui.sector.currentData(),
            role=ui.role.text(),
            phone=ui.phone.text(),
            secure_email=ui.email.text(),
        )
        self._save(draft, ui.caseRole.text(), ui.isLead.isChecked())


class NewCaseDialog(SavingDialog):
    def __init__(self, save: Callable[[CaseDraft], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_NewCaseDialog()
        self.ui.setupUi(self)
        self._save = save
        self._wire(self.ui.buttons, self.ui.error)
        for nation in Nation:
            self.ui.nation.addItem(nation.label, nation)
        self.ui.dateOfBirth.setMaximumDate(QDate.currentDate())
        self.ui.dateOfBirth.setMinimumDate(QDate(1900, 1, 1))
        self.ui.dateOfBirth.setDate(QDate.currentDate().addYears(-10))
        self.ui.dobKnown.setChecked(True)
        self.ui.dobKnown.toggled.connect(self.ui.dateOfBirth.setEnabled)
        self.ui.reference.setFocus()

    def save(self) -> None:
        ui = self.ui
        is_child = ui.subjectKind.currentIndex() == 0
        subject = PersonDraft(
            name=ui.subjectName.text(),
            date_of_birth=from_qdate(ui.dateOfBirth.date()) if ui.dobKnown.isChecked() else None,
            declared_child=is_child,
            relationship_to_subject="subject",
            parental_responsibility=not is_child,
        )
        self._save(
            CaseDraft(
                ui.reference.text(), subject, ui.nation.currentData(), ui.summary.toPlainText()
            )
        )
