"""The consent register: what each person said about sharing, in words and a mark, with
decisions to share without agreement shaded and in bold; the dialogs that record or
change a consent and record a decision to share despite a refusal.

All of it asks core (``services.consent``); nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.models import ConsentGiver, ConsentHow, ConsentStatus, OverrideGrounds
from tac_desktop.core.services import consent
from tac_desktop.core.services.cases import CaseView
from tac_desktop.core.services.consent import ConsentDraft, ConsentView, OverrideDraft
from tac_desktop.gui.shared.dialogs import SavingDialog, from_qdate, to_qdate
from tac_desktop.gui.shared.item_models import Column, RowTableModel, format_date
from tac_desktop.gui.shared.palette import tint
from tac_desktop.gui.shared.widgets import buddy, date_edit, text_box

# A mark as well as words, so the answer is seen at a glance and read out in full.
_MARK = {
    ConsentStatus.GIVEN: "✓",
    ConsentStatus.REFUSED: "✗",
    ConsentStatus.WITHDRAWN: "↺",
    ConsentStatus.NOT_SOUGHT: "–",
}


def _answer(row: ConsentView) -> str:
    return f"{_MARK[row.status]} {row.status.label}"


def _next_date(row: ConsentView) -> str:
    if row.raise_again_on is not None:
        return f"Ask again {format_date(row.raise_again_on)}"
    if row.review_on is not None:
        return f"Review {format_date(row.review_on)}"
    return ""


def _override_text(row: ConsentView) -> str:
    if not row.overrides:
        return ""
    latest = row.overrides[-1]
    return f"⚠ Shared anyway: {latest.grounds.label}. Approved by {latest.approved_by}"


CONSENT_COLUMNS: list[Column[ConsentView]] = [
    Column("About", lambda r: r.person_name),
    Column("With whom, what for", lambda r: r.scope, tooltip=lambda r: r.scope),
    Column("Answer", _answer),
    Column("Shared without agreement", _override_text, tooltip=lambda r: _overrides_tip(r)),
    Column("Next", _next_date),
    Column("Answered by", lambda r: r.given_by_name or r.given_by.label),
    Column("When", lambda r: format_date(r.decided_on), lambda r: r.decided_on),
    Column("How", lambda r: r.how.label if r.how else r.not_sought_reason),
]
_STAND_OUT = (3, 4)  # the decision to share anyway, and when to ask again: in bold


def _overrides_tip(row: ConsentView) -> str:
    return "\n\n".join(o.in_words + f"\nWhy: {o.reasons}" for o in row.overrides)


class ConsentTableModel(RowTableModel[ConsentView]):
    """Rows sharing without agreement stand out: shaded, their last column bold."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if index.isValid():
            row = self.rows[index.row()]
            if row.overridden and role in (
                Qt.ItemDataRole.BackgroundRole,
                Qt.ItemDataRole.ForegroundRole,
            ):
                background, text = tint("shared anyway", QGuiApplication.palette())
                return QBrush(background if role == Qt.ItemDataRole.BackgroundRole else text)
            if row.overridden and role == Qt.ItemDataRole.FontRole and index.column() in _STAND_OUT:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


class _OptionalDate(QWidget):
    """A date that may be left out: a tick box and the date."""

    def __init__(self, label: str, name: str, day: date | None) -> None:
        super().__init__()
        self.check = QCheckBox(label)
        self.edit = date_edit(name, day)
        self.check.setChecked(day is not None)
        self.edit.setEnabled(day is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit)
        row.addStretch(1)

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None


# -- dialogs ----------------------------------------------------------------------------


class ConsentDialog(SavingDialog):
    """Record what someone said about sharing, or change what is recorded."""

    def __init__(
        self,
        case: CaseView,
        save: Callable[[ConsentDraft], None],
        agencies: list[str],
        current: ConsentView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle("Change a consent" if current else "Record a consent")
        layout = QVBoxLayout(self)
        error = QLabel()
        error.setWordWrap(True)
        self.person = QComboBox()
        self.person.setAccessibleName("Whom the information is about")
        for person in case.people:
            self.person.addItem(person.display_name, person.id)
        self.given_by = QComboBox()
        self.given_by.setAccessibleName("Who answered")
        for giver in ConsentGiver:
            self.given_by.addItem(giver.label, giver)
        self.given_by_name = QLineEdit()
        self.given_by_name.setAccessibleName("Name of who answered")
        self.given_by_name.setPlaceholderText("when someone answered for them")
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.setAccessibleName("Agency")
        self.agency.addItem(consent.EVERY_AGENCY, "")
        for name in agencies:
            self.agency.addItem(name, name)
        self.purpose = QLineEdit()
        self.purpose.setAccessibleName("What for")
        self.purpose.setPlaceholderText("for example, health information for school")
        self.status = QComboBox()
        self.status.setAccessibleName("Their answer")
        for status in ConsentStatus:
            self.status.addItem(f"{_MARK[status]} {status.label}", status)
        self.how = QComboBox()
        self.how.setAccessibleName("How they answered")
        for how in ConsentHow:
            self.how.addItem(how.label, how)
        self.decided_on = date_edit("Date of the answer")
        self.not_sought = QLineEdit()
        self.not_sought.setAccessibleName("Why nobody was asked")
        self.review_on = _OptionalDate("Re&view on", "Review date", None)
        self.raise_again_on = _OptionalDate("Ask a&gain on", "Date to ask again", None)
        self.note = text_box("Note")
        form = QFormLayout()
        form.addRow(buddy("&About:", self.person), self.person)
        form.addRow(buddy("Answered &by:", self.given_by), self.given_by)
        form.addRow(buddy("&Name:", self.given_by_name), self.given_by_name)
        form.addRow(buddy("With &whom:", self.agency), self.agency)
        form.addRow(buddy("What &for:", self.purpose), self.purpose)
        form.addRow(buddy("Their answ&er:", self.status), self.status)
        form.addRow(buddy("&How:", self.how), self.how)
        form.addRow(buddy("&Date:", self.decided_on), self.decided_on)
        form.addRow(buddy("Why not as&ked:", self.not_sought), self.not_sought)
        form.addRow("", self.review_on)
        form.addRow("", self.raise_again_on)
        form.addRow(buddy("No&te:", self.note), self.note)
        layout.addLayout(form)
        layout.addWidget(error)
        self.add_save_buttons(error, "&Save")
        self.status.currentIndexChanged.connect(self._status_changed)
        if current is not None:
            self._fill(current)
        self._status_changed()
        self.resize(560, 520)

    def _fill(self, row: ConsentView) -> None:
        self.person.setCurrentIndex(max(0, self.person.findData(row.person_id)))
        self.given_by.setCurrentIndex(self.given_by.findData(row.given_by))
        self.given_by_name.setText(row.given_by_name)
        if row.agency:
            self.agency.setCurrentText(row.agency)
        self.purpose.setText(row.purpose)
        self.status.setCurrentIndex(self.status.findData(row.status))
        if row.how is not None:
            self.how.setCurrentIndex(self.how.findData(row.how))
        self.decided_on.setDate(to_qdate(row.decided_on))
        self.not_sought.setText(row.not_sought_reason)
        for widget, day in (
            (self.review_on, row.review_on),
            (self.raise_again_on, row.raise_again_on),
        ):
            widget.check.setChecked(day is not None)
            if day is not None:
                widget.edit.setDate(to_qdate(day))
        self.note.setPlainText(row.note)

    def _status_changed(self) -> None:
        status = self.status.currentData()
        self.how.setEnabled(status is not ConsentStatus.NOT_SOUGHT)
        self.not_sought.setEnabled(status is ConsentStatus.NOT_SOUGHT)
        self.raise_again_on.setEnabled(status in (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN))

    def draft(self) -> ConsentDraft:
        agency = self.agency.currentText().strip()
        status: ConsentStatus = self.status.currentData()
        return ConsentDraft(
            person_id=int(self.person.currentData() or 0),
            given_by=self.given_by.currentData(),
            status=status,
            decided_on=from_qdate(self.decided_on.date()),
            how=None if status is ConsentStatus.NOT_SOUGHT else self.how.currentData(),
            agency="" if agency == consent.EVERY_AGENCY else agency,
            purpose=self.purpose.text(),
            given_by_name=self.given_by_name.text(),
            not_sought_reason=self.not_sought.text(),
            review_on=self.review_on.value(),
            raise_again_on=self.raise_again_on.value()
            if status in (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN)
            else None,
            note=self.note.toPlainText(),
        )

    def save(self) -> None:
        self._save(self.draft())


class OverrideDialog(SavingDialog):
    """A decision to share although the person did not agree. Starts empty: core will
    not save it without the grounds, the line manager's approval and whether the person
    was told; its message is shown here and everything typed stays."""

    def __init__(
        self,
        row: ConsentView,
        chair: str,
        save: Callable[[OverrideDraft], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle("Share without agreement")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"{row.person_name} did not agree to sharing with {row.scope}. Sharing anyway "
            "needs a reason the law accepts and a line manager's approval, and the record "
            "says whether they were told."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        error = QLabel()
        error.setWordWrap(True)
        self.grounds = QComboBox()
        self.grounds.setAccessibleName("Grounds")
        self.grounds.addItem("Choose the grounds…", None)
        for grounds in OverrideGrounds:
            self.grounds.addItem(grounds.label, grounds)
        self.reasons = text_box(
            "What the decision rests on", 3, "the facts: what has happened, what could"
        )
        self.decided_by = QLineEdit(chair)
        self.decided_by.setAccessibleName("Who decided")
        self.decided_on = date_edit("Date decided")
        self.approved_by = QLineEdit()
        self.approved_by.setAccessibleName("Line manager who approved it")
        self.approved_on = _OptionalDate("Appro&ved on", "Date approved", None)
        self.told_yes = QRadioButton("&Yes, they were told")
        self.told_no = QRadioButton("N&o, they were not told")
        self.told = QButtonGroup(self)
        self.told.addButton(self.told_yes)
        self.told.addButton(self.told_no)
        told_row = QHBoxLayout()
        told_row.addWidget(self.told_yes)
        told_row.addWidget(self.told_no)
        told_row.addStretch(1)
        self.not_told_reason = text_box(
            "Why they were not told", 3, "for example, telling them would put someone at more risk"
        )
        form = QFormLayout()
        form.addRow(buddy("&Grounds:", self.grounds), self.grounds)
        form.addRow(buddy("&Rests on:", self.reasons), self.reasons)
        form.addRow(buddy("&Decided by:", self.decided_by), self.decided_by)
        form.addRow(buddy("Decided o&n:", self.decided_on), self.decided_on)
        form.addRow(buddy("&Line manager:", self.approved_by), self.approved_by)
        form.addRow("", self.approved_on)
        form.addRow(QLabel("Were they told?"), told_row)
        form.addRow(buddy("&Why not:", self.not_told_reason), self.not_told_reason)
        layout.addLayout(form)
        layout.addWidget(error)
        self.add_save_buttons(error, "&Save the decision")
        self.resize(600, 520)

    def draft(self) -> OverrideDraft:
        told = True if self.told_yes.isChecked() else False if self.told_no.isChecked() else None
        return OverrideDraft(
            grounds=self.grounds.currentData(),
            reasons=self.reasons.toPlainText(),
            decided_by=self.decided_by.text(),
            decided_on=from_qdate(self.decided_on.date()),
            approved_by=self.approved_by.text(),
            approved_on=self.approved_on.value(),
            person_told=told,
            not_told_reason=self.not_told_reason.toPlainText(),
        )

    def save(self) -> None:
        self._save(self.draft())
