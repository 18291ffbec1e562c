"""Dialogs built from the Designer forms in ``forms/``.

Each dialog collects a draft, hands it to a core service on Save, and stays open with
the service's plain message when the input cannot be used, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from tac_desktop.core.errors import TacError
from tac_desktop.core.models import Nation, Sector
from tac_desktop.core.services.cases import CaseDraft, PersonDraft, PersonView, ProfessionalDraft
from tac_desktop.gui.forms.ui_new_case_dialog import Ui_NewCaseDialog
from tac_desktop.gui.forms.ui_person_dialog import Ui_PersonDialog
from tac_desktop.gui.forms.ui_professional_dialog import Ui_ProfessionalDialog

RELATIONSHIPS = [
    "mother",
    "father",
    "stepmother",
    "stepfather",
    "mother's partner",
    "father's partner",
    "sister",
    "brother",
    "half-sister",
    "half-brother",
    "grandmother",
    "grandfather",
    "aunt",
    "uncle",
    "foster carer",
    "kinship carer",
    "family friend",
    "son",
    "daughter",
    "other",
]


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def error_style(label: Any) -> None:
    label.setObjectName("error")
    label.hide()


class SavingDialog(QDialog):
    """Save runs ``self.save()``; a TacError is shown in the dialog, which stays open."""

    def _wire(self, buttons: QDialogButtonBox, error_label: Any) -> None:
        self._error = error_label
        error_style(error_label)
        buttons.accepted.connect(self._try_save)
        buttons.rejected.connect(self.reject)

    def add_save_buttons(self, error_label: Any, save_text: str) -> QDialogButtonBox:
        """For dialogs built in code: Save (labelled ``save_text``) and Cancel, wired."""
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(save_text)
        self._wire(buttons, error_label)
        layout = self.layout()
        assert layout is not None
        layout.addWidget(buttons)
        return buttons

    def save(self) -> None:
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self._error.setText(message)
        self._error.show()

    def _try_save(self) -> None:
        try:
            self.save()
        except TacError as error:
            self.show_error(str(error))
            return
        self.accept()


class PersonDialog(SavingDialog):
    def __init__(
        self,
        save: Callable[[PersonDraft], None],
        person: PersonView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_PersonDialog()
        self.ui.setupUi(self)
        self._save = save
        self._wire(self.ui.buttons, self.ui.error)
        self.ui.relationship.addItems(RELATIONSHIPS)
        self.ui.dateOfBirth.setMaximumDate(QDate.currentDate())
        self.ui.dateOfBirth.setMinimumDate(QDate(1900, 1, 1))
        self.ui.dobKnown.toggled.connect(self._dob_toggled)
        self.setWindowTitle("Edit person" if person else "Add a person")
        if person is None:
            self.ui.relationship.setCurrentText("")
            self.ui.dateOfBirth.setDate(QDate.currentDate().addYears(-10))
            self.ui.dobKnown.setChecked(False)
        else:
            self._fill(person)
        self._dob_toggled(self.ui.dobKnown.isChecked())
        self.ui.name.setFocus()

    def _fill(self, person: PersonView) -> None:
        ui = self.ui
        ui.name.setText(person.name)
        ui.preferredName.setText(person.preferred_name)
        ui.relationship.setCurrentText(person.relationship_to_subject)
        ui.dobKnown.setChecked(person.date_of_birth is not None)
        if person.date_of_birth is not None:
            ui.dateOfBirth.setMaximumDate(max(QDate.currentDate(), to_qdate(person.date_of_birth)))
            ui.dateOfBirth.setDate(to_qdate(person.date_of_birth))
        ui.estimatedAge.setValue(-1 if person.estimated_age is None else person.estimated_age)
        ui.declaredChild.setChecked(person.declared_child)
        ui.household.setChecked(person.lives_in_household)
        ui.parentalResponsibility.setChecked(person.parental_responsibility)
        ui.significantContact.setChecked(person.significant_contact)
        ui.language.setText(person.language)
        ui.interpreter.setChecked(person.interpreter_needed)
        ui.notes.setPlainText(person.notes)

    def _dob_toggled(self, known: bool) -> None:
        self.ui.dateOfBirth.setEnabled(known)
        self.ui.estimatedAge.setEnabled(not known)

    def draft(self) -> PersonDraft:
        ui = self.ui
        known = ui.dobKnown.isChecked()
        return PersonDraft(
            name=ui.name.text(),
            preferred_name=ui.preferredName.text(),
            date_of_birth=from_qdate(ui.dateOfBirth.date()) if known else None,
            estimated_age=None if known or ui.estimatedAge.value() < 0 else ui.estimatedAge.value(),
            declared_child=ui.declaredChild.isChecked(),
            relationship_to_subject=ui.relationship.currentText(),
            lives_in_household=ui.household.isChecked(),
            parental_responsibility=ui.parentalResponsibility.isChecked(),
            significant_contact=ui.significantContact.isChecked(),
            language=ui.language.text(),
            interpreter_needed=ui.interpreter.isChecked(),
            notes=ui.notes.toPlainText(),
        )

    def save(self) -> None:
        self._save(self.draft())


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
