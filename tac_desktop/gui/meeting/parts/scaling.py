"""Scaling: who gave which score from 0 to 10, with a comment, and the spread of the
scores."""

from __future__ import annotations

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from tac_desktop.core.services import meetings
from tac_desktop.core.services.meetings import MeetingView, ScoreView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.meeting.parts.base import (
    PartWidget,
    StableRowModel,
    left_aligned,
    name_combo,
    plain_table,
    set_combo_names,
    wrap_columns,
)
from tac_desktop.gui.shared.item_models import Column
from tac_desktop.gui.shared.widgets import buddy, line_edit

NO_SCORE = -1  # shown as "Choose": nobody's number yet

SCORE_COLUMNS: list[Column[ScoreView]] = [
    Column("Who", lambda s: s.participant),
    Column("Score", lambda s: str(s.score)),
    Column("Comment", lambda s: s.comment),
]


class _ScoreBox(QSpinBox):
    """A 0–10 box that starts at "Choose": typing a number replaces the word."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.value() == self.minimum() and event.text().isdigit():
            self.lineEdit().selectAll()
        super().keyPressEvent(event)


class ScalingPart(PartWidget):
    heading = "Scaling scores"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.participant = name_combo("Who gave the score")
        # No number until this person gives theirs: one box showing the last person's
        # number (or a suggested 5) is how scores get copied.
        self.score = _ScoreBox()
        self.score.setRange(NO_SCORE, 10)
        self.score.setSpecialValueText("Choose")
        self.score.setValue(NO_SCORE)
        self.score.setAccessibleName("Score from 0 to 10")
        self.score.setMinimumWidth(self.score.fontMetrics().horizontalAdvance("10") + 60)
        self.comment = line_edit("Comment on the score", "why this number (optional)")
        self.add_button = QPushButton("&Add score")
        self.add_button.clicked.connect(self.add)
        self.comment.returnPressed.connect(self.add)
        form = QFormLayout()
        form.addRow(buddy("&Who:", self.participant), self.participant)
        form.addRow(buddy("&Score (0 to 10):", self.score), left_aligned(self.score))
        form.addRow(buddy("Commen&t:", self.comment), self.comment)
        form.addRow("", left_aligned(self.add_button))
        self.model: StableRowModel[ScoreView] = StableRowModel(SCORE_COLUMNS, self)
        self.table = plain_table("Scores given")
        self.table.setModel(self.model)
        wrap_columns(self.table, [2])
        self.table.setMinimumHeight(120)
        self.spread = QLabel()
        self.spread.setAccessibleName("Spread of scores")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.spread)

    def editors(self) -> list[QWidget]:
        return [self.participant, self.score, self.comment, self.add_button]

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        set_combo_names(self.participant, self.attendee_names())
        self.model.update_rows(view.scores, lambda s: s.id)
        scores = [s.score for s in view.scores]
        if scores:
            average = sum(scores) / len(scores)
            self.spread.setText(
                f"{len(scores)} score{'s' if len(scores) != 1 else ''}, from {min(scores)} "
                f"to {max(scores)} (average {average:.1f})."
            )
        else:
            self.spread.setText("No scores yet.")

    def add(self) -> None:
        view = self.view
        if view is None or self.read_only:
            return
        who, score, comment = (
            self.participant.currentText(),
            self.score.value(),
            self.comment.text(),
        )
        if score == NO_SCORE:
            self.error.setText(
                "Choose the score this person gave, from 0 to 10. Nothing was saved yet; "
                "what is typed stays."
            )
            self.error.show()
            self.score.setFocus()
            return
        if self.attempt(
            lambda: meetings.add_score(self.vault, view.id, who, score, comment), "Score saved"
        ):
            self.participant.setCurrentText("")
            self.score.setValue(NO_SCORE)
            self.comment.clear()
            self.participant.setFocus()
