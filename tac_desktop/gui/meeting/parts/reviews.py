"""Reviews: the next review's date (suggested from the meeting), and requests for an
earlier review with who asked, why and the outcome."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.services import meetings
from tac_desktop.core.services.meetings import EarlyReviewView, MeetingView, MissingItem
from tac_desktop.core.vault import Vault
from tac_desktop.gui.meeting.parts.base import (
    PartWidget,
    StableRowModel,
    left_aligned,
    long_date,
    name_combo,
    plain_table,
    set_combo_names,
    wrap_columns,
)
from tac_desktop.gui.shared.dialogs import from_qdate, to_qdate
from tac_desktop.gui.shared.item_models import Column
from tac_desktop.gui.shared.widgets import buddy, line_edit


class NextReviewPart(PartWidget):
    heading = "Next review"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setAccessibleName("Next review date")
        self.set_button = QPushButton("&Set the date")
        self.set_button.clicked.connect(self.set_date)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Next review")
        row = QHBoxLayout()
        row.addWidget(self.day)
        row.addWidget(self.set_button)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow(buddy("Next review &date:", self.day), row)
        form.addRow("", self.state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self._shown_for: int | None = None

    def editors(self) -> list[QWidget]:
        return [self.day, self.set_button]

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        suggested = meetings.suggested_next_review(view)
        weeks = (suggested - view.held_on).days // 7
        if view.next_review_on is None:
            self.state.setText(
                f"Not set yet. Suggested: {long_date(suggested)}, a working day {weeks} "
                "weeks after this meeting."
            )
        else:
            self.state.setText(f"Set for {long_date(view.next_review_on)}.")
        if self._shown_for != view.id:  # never move a date the chair is choosing
            self._shown_for = view.id
            self.day.setMinimumDate(to_qdate(view.held_on).addDays(1))
            self.day.setDate(to_qdate(view.next_review_on or suggested))

    def focus_item(self, item: MissingItem) -> bool:
        self.day.setFocus()
        return True

    def set_date(self) -> None:
        view = self.view
        if view is None or self.read_only:
            return
        day = from_qdate(self.day.date())
        self.attempt(lambda: meetings.set_next_review(self.vault, view.id, day), "Next review set")


EARLY_COLUMNS: list[Column[EarlyReviewView]] = [
    Column("Asked by", lambda e: e.requested_by),
    Column("Why", lambda e: e.reason),
    Column("Outcome", lambda e: e.outcome),
]


class EarlyReviewPart(PartWidget):
    heading = "Asking for an earlier review"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.requested_by = name_combo("Who asked for an earlier review")
        self.reason = line_edit("Why an earlier review was asked for")
        self.outcome = line_edit("Outcome of the request", "for example agreed, review on 3 March")
        self.add_button = QPushButton("Add &request")
        self.add_button.clicked.connect(self.add)
        form = QFormLayout()
        form.addRow(buddy("Re&quested by:", self.requested_by), self.requested_by)
        form.addRow(buddy("Reaso&n:", self.reason), self.reason)
        form.addRow(buddy("Ou&tcome:", self.outcome), self.outcome)
        form.addRow("", left_aligned(self.add_button))
        self.model: StableRowModel[EarlyReviewView] = StableRowModel(EARLY_COLUMNS, self)
        self.table = plain_table("Requests for an earlier review")
        self.table.setModel(self.model)
        wrap_columns(self.table, [1, 2])
        self.table.setMinimumHeight(90)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)

    def editors(self) -> list[QWidget]:
        return [self.requested_by, self.reason, self.outcome, self.add_button]

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        set_combo_names(self.requested_by, self.attendee_names())
        self.model.update_rows(view.early_reviews, lambda e: e.id)

    def add(self) -> None:
        view = self.view
        if view is None or self.read_only:
            return
        who, reason, outcome = (
            self.requested_by.currentText(),
            self.reason.text(),
            self.outcome.text(),
        )
        if self.attempt(
            lambda: meetings.request_early_review(self.vault, view.id, who, reason, outcome),
            "Request saved",
        ):
            self.requested_by.setCurrentText("")
            self.reason.clear()
            self.outcome.clear()
