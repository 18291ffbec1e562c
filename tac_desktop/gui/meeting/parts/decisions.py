"""Decisions: what the meeting decided, in plain words; anyone who disagreed is written
beside the decision, with their reason, not lost."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.services import meetings
from tac_desktop.core.services.meetings import DecisionView, MeetingView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.meeting.parts.base import (
    PartWidget,
    StableRowModel,
    left_aligned,
    plain_table,
    wrap_columns,
)
from tac_desktop.gui.shared.item_models import Column
from tac_desktop.gui.shared.widgets import buddy, line_edit, text_box


def _dissent_text(decision: DecisionView) -> str:
    return "; ".join(f"{d.who}: {d.reason}" for d in decision.dissents)


DECISION_COLUMNS: list[Column[DecisionView]] = [
    Column("Decision", lambda d: d.text),
    Column("Who disagreed, and why", _dissent_text),
]


class DecisionsPart(PartWidget):
    """What was decided; anyone who disagreed is written beside the decision, not lost."""

    heading = "Decisions"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.decision = text_box("Decision", 2, "what the meeting decided, in plain words")
        self.add_button = QPushButton("&Add decision")
        self.add_button.clicked.connect(self.add)
        self.model: StableRowModel[DecisionView] = StableRowModel(DECISION_COLUMNS, self)
        self.table = plain_table("Decisions recorded")
        self.table.setModel(self.model)
        wrap_columns(self.table, [0, 1])
        self.table.setMinimumHeight(90)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.who = line_edit("Who disagreed", "a person or an agency")
        self.why = text_box("Why they disagreed", 2, "their reason, in their words")
        self.dissent_button = QPushButton("&Record disagreement")
        self.dissent_button.setToolTip("Record that someone disagreed with the chosen decision")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setAccessibleName("Which decision a disagreement is recorded against")
        self.dissent_button.clicked.connect(self.add_dissent)
        self.remove_button = QPushButton("Remo&ve decision")
        self.remove_button.clicked.connect(self.remove)
        form = QFormLayout()
        form.addRow(buddy("&Decision:", self.decision), self.decision)
        form.addRow("", left_aligned(self.add_button))
        disagree = QFormLayout()
        disagree.addRow(self.hint)
        disagree.addRow(buddy("&Who disagreed:", self.who), self.who)
        disagree.addRow("Why:", self.why)
        buttons = QHBoxLayout()
        buttons.addWidget(self.dissent_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        disagree.addRow("", buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(disagree)
        layout.addWidget(self.error)
        self._enable()

    def editors(self) -> list[QWidget]:
        return [
            self.decision,
            self.add_button,
            self.who,
            self.why,
            self.dissent_button,
            self.remove_button,
        ]

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        self.model.update_rows(view.decisions, lambda d: d.id)
        self._enable()

    def set_read_only(self, read_only: bool) -> bool:
        changed = super().set_read_only(read_only)
        self._enable()
        return changed

    def current(self) -> DecisionView | None:
        return self.model.row_at(self.table.currentIndex())

    def select(self, decision_id: int) -> bool:
        for number, row in enumerate(self.model.rows):
            if row.id == decision_id:
                self.table.setCurrentIndex(self.model.index(number, 0))
                self._enable()
                return True
        return False

    def _enable(self) -> None:
        decision = self.current()
        chosen = decision is not None and not self.read_only
        self.dissent_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
        if self.read_only:
            self.hint.setText("")
        elif decision is not None:
            short = " ".join(decision.text.split())
            short = short if len(short) <= 80 else short[:79].rstrip() + "…"
            self.hint.setText(f"Who disagreed with “{short}”, and why:")
        elif self.model.rows:
            self.hint.setText("Choose a decision in the list to record who disagreed with it.")
        else:
            self.hint.setText("Add a decision first; then record anyone who disagreed with it.")
        self.hint.setVisible(bool(self.hint.text()))

    def add(self) -> None:
        view = self.view
        if view is None or self.read_only:
            return
        text = self.decision.toPlainText()
        added: list[int] = []
        if self.attempt(
            lambda: added.append(meetings.add_decision(self.vault, view.id, text)),
            "Decision saved",
        ):
            self.decision.clear()
            # The decision just added is the one chosen: who disagreed can go in at once.
            if added:
                self.select(added[0])
            self.decision.setFocus()

    def add_dissent(self) -> None:
        decision = self.current()
        if decision is None or self.read_only:
            return
        who, why = self.who.text(), self.why.toPlainText()
        if self.attempt(
            lambda: meetings.add_dissent(self.vault, decision.id, who, why),
            "Disagreement recorded",
        ):
            self.who.clear()
            self.why.clear()

    def remove(self) -> None:
        decision = self.current()
        if decision is None or self.read_only:
            return
        answer = QMessageBox.question(
            self,
            "Remove decision",
            f"Remove the decision “{decision.text[:80]}” and any disagreement with it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.attempt(
                lambda: meetings.remove_decision(self.vault, decision.id), "Decision removed"
            )
