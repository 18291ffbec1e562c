"""The safety plan's dialogs: a new plan, issuing a version, recording a send, comparing.

Each dialog hands what was typed to a core service and stays open with core's plain
message when it is refused, so nothing typed is lost. Changes between versions are shown
as plain text (never markup): everything in a plan was typed by someone.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import InvalidInput, TacError
from tac_desktop.core.models import PlanShape, RecipientKind, SendMethod
from tac_desktop.core.practice.safety_plans import SHAPE_TITLES
from tac_desktop.core.services import safety_plans
from tac_desktop.core.services.cases import CaseView
from tac_desktop.core.services.safety_plans import PlanView, SectionChange, VersionView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.documents.before_sharing import ask_before_sharing
from tac_desktop.gui.shared.dialogs import SavingDialog, error_style, from_qdate
from tac_desktop.gui.shared.item_models import format_date
from tac_desktop.gui.shared.widgets import buddy, date_edit

DRAFT = -1  # "the draft" in a list of version numbers


def changes_text(changes: list[SectionChange]) -> str:
    """What changed, section by section, in plain words (one block per section)."""
    blocks = []
    for change in changes:
        lines = [change.title]
        lines += [f"  + Added: {text}" for text in change.added]
        lines += [f"  − Removed: {text}" for text in change.removed]
        for before, after in change.changed:
            lines.append(f"  ~ Changed: {before}")
            lines.append(f"         now: {after}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def version_text(version: VersionView) -> str:
    return f"Version {version.number}, issued {format_date(version.issued_on)}"


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _error_label() -> QLabel:
    error = QLabel()
    error.setWordWrap(True)
    error.setTextFormat(Qt.TextFormat.PlainText)
    error.setAccessibleName("Message")
    error_style(error)
    return error


def _changes_box(name: str, lines: int = 8) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setAccessibleName(name)
    box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class NewPlanDialog(SavingDialog):
    """Which kind of plan, for whom, and (optionally) its title."""

    def __init__(self, vault: Vault, case: CaseView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case = case
        self.created_id: int | None = None
        self.setWindowTitle("New safety plan")
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                "A family safety plan says what everyone is worried about, the rules that keep "
                "the children safe and who makes sure they are kept. A personal safety plan is "
                "written with one young person, in their own words, for when they might hurt "
                "themselves."
            )
        )
        self.family = QRadioButton("&Family safety plan")
        self.personal = QRadioButton("&Personal safety plan (for one young person)")
        self.shape_group = QButtonGroup(self)
        self.shape_group.addButton(self.family)
        self.shape_group.addButton(self.personal)
        self.family.setChecked(True)
        shapes = QVBoxLayout()
        shapes.setContentsMargins(0, 0, 0, 0)
        shapes.addWidget(self.family)
        shapes.addWidget(self.personal)
        self.for_whom = QComboBox()
        self.for_whom.setAccessibleName("Who the plan is for")
        self.for_whom.addItem("The whole family", None)
        for person in case.people:
            self.for_whom.addItem(person.display_name, person.id)
        self.title = QLineEdit()
        self.title.setAccessibleName("Title of the plan")
        form = QFormLayout()
        form.addRow(QLabel("Kind of plan:"), shapes)
        form.addRow(buddy("For &whom:", self.for_whom), self.for_whom)
        form.addRow(buddy("&Title (optional):", self.title), self.title)
        layout.addLayout(form)
        error = _error_label()
        layout.addWidget(error)
        self.add_save_buttons(error, "&Start the plan")
        self.family.toggled.connect(self._shape_chosen)
        self._shape_chosen()
        self.resize(520, 300)
        self.family.setFocus()

    def shape(self) -> PlanShape:
        return PlanShape.FAMILY if self.family.isChecked() else PlanShape.PERSONAL

    def _shape_chosen(self) -> None:
        shape = self.shape()
        self.title.setPlaceholderText(f"If left empty: {SHAPE_TITLES[shape]}")
        if shape is PlanShape.PERSONAL and self.for_whom.currentData() is None:
            # Offer the first child who is not the whole family: usually the subject.
            children = [p for p in self.case.people if p.is_child]
            if children:
                self.for_whom.setCurrentIndex(self.for_whom.findData(children[0].id))

    def save(self) -> None:
        self.created_id = safety_plans.create_plan(
            self.vault, self.case.id, self.shape(), self.for_whom.currentData(), self.title.text()
        )


class IssueVersionDialog(SavingDialog):
    """First what changed since the last version, then why, who agreed it, and review."""

    def __init__(
        self,
        vault: Vault,
        plan: PlanView,
        changes: list[SectionChange],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.plan = plan
        self.issued_id: int | None = None
        latest = plan.latest
        number = (latest.number if latest else 0) + 1
        self.setWindowTitle(f"Issue version {number}")
        layout = QVBoxLayout(self)
        if latest is None:
            intro = (
                f"The draft of “{plan.title}” becomes version 1. This is what it says "
                "(check it before issuing):"
            )
        else:
            intro = (
                f"The draft becomes version {number}. What changed since version "
                f"{latest.number} (issued {format_date(latest.issued_on)}):"
            )
        layout.addWidget(_label(intro))
        self.changes = _changes_box("What changed since the last version")
        if changes:
            self.changes.setPlainText(changes_text(changes))
        elif latest is not None:
            self.changes.setPlainText(
                f"Nothing has changed since version {latest.number}. Change the draft first; "
                "to give the same version to someone else, use Record sending."
            )
        else:
            self.changes.setPlainText("The draft is empty. Write the plan before issuing it.")
        changes_label = buddy("&What changed:", self.changes)
        layout.addWidget(changes_label)
        layout.addWidget(self.changes, 1)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Why it changed")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(
            "For example: first plan, agreed at the meeting; or after a new incident."
        )
        line = self.reason.fontMetrics().lineSpacing()
        self.reason.setFixedHeight(line * 3 + 12)
        self.agreed_by = QLineEdit()
        self.agreed_by.setAccessibleName("Who agreed it")
        self.agreed_by.setPlaceholderText("Names or roles, for example: Zo, her mum, CAMHS")
        today = date.today()
        self.issued_on = date_edit("Issued on", today)
        self.issued_on.setMaximumDate(QDate.currentDate())
        # Three months on, on a working day of the case's nation: the chair may change it.
        self.review_on = date_edit("Review by", safety_plans.suggested_review_on(vault, plan.id))
        form = QFormLayout()
        form.addRow(buddy("Wh&y it changed:", self.reason), self.reason)
        form.addRow(buddy("Who &agreed it:", self.agreed_by), self.agreed_by)
        form.addRow(buddy("&Issued on:", self.issued_on), self.issued_on)
        form.addRow(buddy("&Review by:", self.review_on), self.review_on)
        layout.addLayout(form)
        error = _error_label()
        layout.addWidget(error)
        self.buttons = self.add_save_buttons(error, f"Issue &version {number}")
        self.resize(620, 560)
        self.reason.setFocus()

    def save(self) -> None:
        self.issued_id = safety_plans.issue_version(
            self.vault,
            self.plan.id,
            self.reason.toPlainText(),
            self.agreed_by.text(),
            from_qdate(self.review_on.date()),
            from_qdate(self.issued_on.date()),
        )


class RecordSendDialog(SavingDialog):
    """Who a version went to (an agency or a person), when and how."""

    def __init__(
        self,
        vault: Vault,
        plan: PlanView,
        case: CaseView,
        number: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.plan = plan
        self.setWindowTitle("Record sending")
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                "Record who was given a version of the plan, when and how. Choose from the "
                "case's agencies and people, or type another name."
            )
        )
        self.version = QComboBox()
        self.version.setAccessibleName("Which version")
        for version in reversed(plan.versions):
            self.version.addItem(version_text(version), version.id)
        found = next((v.id for v in plan.versions if v.number == number), None)
        if found is not None:
            self.version.setCurrentIndex(self.version.findData(found))
        self.recipient = QComboBox()
        self.recipient.setEditable(True)
        self.recipient.setAccessibleName("Sent to")
        self.recipient.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        agencies = dict.fromkeys(i.agency for i in case.involvements if i.agency)
        for agency in agencies:
            self.recipient.addItem(agency, RecipientKind.AGENCY)
        for person in case.people:
            self.recipient.addItem(person.display_name, RecipientKind.PERSON)
        for involvement in case.involvements:
            self.recipient.addItem(involvement.name, RecipientKind.PERSON)
        self.recipient.setCurrentIndex(-1)
        self.recipient.setEditText("")
        line = self.recipient.lineEdit()
        if line is not None:
            line.setPlaceholderText("An agency or a person")
        self.agency = QRadioButton("An a&gency")
        self.person = QRadioButton("A &person")
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.agency)
        self.kind_group.addButton(self.person)
        self.agency.setChecked(True)
        kinds = QHBoxLayout()
        kinds.setContentsMargins(0, 0, 0, 0)
        kinds.addWidget(self.agency)
        kinds.addWidget(self.person)
        kinds.addStretch(1)
        self.recipient.currentIndexChanged.connect(self._recipient_chosen)
        self.sent_on = date_edit("Date sent", date.today())
        self.sent_on.setMaximumDate(QDate.currentDate())
        self.how = QComboBox()
        self.how.setAccessibleName("How it was sent")
        for method in SendMethod:
            self.how.addItem(method.label, method)
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Optional, for example: to the school's safeguarding lead")
        form = QFormLayout()
        form.addRow(buddy("&Version:", self.version), self.version)
        form.addRow(buddy("&Sent to:", self.recipient), self.recipient)
        form.addRow(QLabel("Who that is:"), kinds)
        form.addRow(buddy("&Date:", self.sent_on), self.sent_on)
        form.addRow(buddy("&How:", self.how), self.how)
        form.addRow(buddy("&Note:", self.note), self.note)
        layout.addLayout(form)
        error = _error_label()
        layout.addWidget(error)
        self.add_save_buttons(error, "&Record")
        self.resize(540, 340)
        self.recipient.setFocus()

    def _recipient_chosen(self, index: int) -> None:
        kind = self.recipient.itemData(index) if index >= 0 else None
        if kind is RecipientKind.AGENCY:
            self.agency.setChecked(True)
        elif kind is RecipientKind.PERSON:
            self.person.setChecked(True)

    def save(self) -> None:
        kind = RecipientKind.PERSON if self.person.isChecked() else RecipientKind.AGENCY
        basis = ""
        if kind is RecipientKind.AGENCY and self.recipient.currentText().strip():
            grounds = ask_before_sharing(
                self.vault, self.plan.case_id, self.recipient.currentText(), "safety plan", self
            )
            if grounds is None:
                raise InvalidInput(
                    "The plan is not recorded as sent. If you decided not to share it, that "
                    "decision is in the case's sharing log."
                )
            basis = grounds
        safety_plans.record_send(
            self.vault,
            self.version.currentData(),
            self.recipient.currentText(),
            from_qdate(self.sent_on.date()),
            self.how.currentData(),
            self.note.text(),
            kind,
            basis,
        )


class CompareDialog(QDialog):
    """Two versions (or the latest version and the draft), section by section."""

    def __init__(self, vault: Vault, plan: PlanView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.plan = plan
        self.setWindowTitle(f"Compare versions of “{plan.title}”")
        layout = QVBoxLayout(self)
        self.older = QComboBox()
        self.older.setAccessibleName("Compare from")
        for version in plan.versions:
            self.older.addItem(version_text(version), version.number)
        self.newer = QComboBox()
        self.newer.setAccessibleName("Compare with")
        row = QHBoxLayout()
        row.addWidget(buddy("&From:", self.older))
        row.addWidget(self.older, 1)
        row.addSpacing(8)
        row.addWidget(buddy("&To:", self.newer))
        row.addWidget(self.newer, 1)
        layout.addLayout(row)
        self.changes_view = _changes_box("Changes", 14)
        layout.addWidget(self.changes_view, 1)
        self.message = _error_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.older.currentIndexChanged.connect(self._older_chosen)
        self.newer.currentIndexChanged.connect(self.show_changes)
        # Start with what matters most: the draft against the latest version when it
        # differs, otherwise the last two versions.
        latest = len(plan.versions) - 1
        start = latest if plan.draft_changed or latest == 0 else latest - 1
        self.older.setCurrentIndex(max(start, 0))
        self._older_chosen()
        self.resize(720, 520)
        self.older.setFocus()

    def _older_chosen(self) -> None:
        older = self.older.currentData()
        self.newer.blockSignals(True)
        self.newer.clear()
        for version in self.plan.versions:
            if older is not None and version.number > older:
                self.newer.addItem(version_text(version), version.number)
        latest = self.plan.latest
        if latest is not None and older == latest.number:
            # core compares the draft with the latest version only
            self.newer.addItem("The draft (not issued yet)", DRAFT)
        self.newer.blockSignals(False)
        self.newer.setCurrentIndex(0)
        self.show_changes()

    def show_changes(self) -> None:
        older, newer = self.older.currentData(), self.newer.currentData()
        if older is None or newer is None:
            self.changes_view.setPlainText("")
            return
        try:
            if newer == DRAFT:
                changes = safety_plans.draft_changes(self.vault, self.plan.id)
                what = f"the draft and version {older}"
            else:
                changes = safety_plans.compare_versions(self.vault, self.plan.id, older, newer)
                what = f"version {older} and version {newer}"
        except TacError as error:
            self.message.setText(str(error))
            self.message.show()
            return
        self.message.hide()
        self.changes_view.setPlainText(
            changes_text(changes) if changes else f"Nothing is different between {what}."
        )
