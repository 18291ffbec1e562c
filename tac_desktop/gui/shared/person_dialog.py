"""The form for one person in the family network: used from the case's People tab and
from the meeting, where someone new comes up while the family is in the room."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from tac_desktop.core.services.cases import PersonDraft, PersonView
from tac_desktop.gui.forms.ui_person_dialog import Ui_PersonDialog
from tac_desktop.gui.shared.dialogs import SavingDialog, from_qdate, to_qdate

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
