"""My actions: tasks overdue or due within a week across every open case, with the
decision summaries and minutes to send and the consent to ask about again."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.services import consent, meetings, tasks
from tac_desktop.core.services.tasks import TaskView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.actions.task_table import MINE_COLUMNS, PagedTaskModel, task_table
from tac_desktop.gui.shared.widgets import buddy

EVERY = "Every agency"
EVERYONE = "Everyone"
# Rows read at a time: a screenful or two; the rest as the chair scrolls down.
MY_ACTIONS_PAGE = 200


class MyActionsPage(QWidget):
    """Overdue or due within a week, across every open case; Enter opens the case."""

    open_requested = Signal(str)  # case reference
    back_requested = Signal()

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.today: date | None = None  # None: the real today, read at each refresh
        self.overview = tasks.ActionsOverview([])
        heading = QLabel("My actions")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        heading.setFont(font)
        back = QPushButton("← &Back to cases")
        back.setAccessibleName("Back to the case list")
        back.clicked.connect(self.back_requested)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addSpacing(12)
        top.addWidget(heading, 1)
        intro = QLabel(
            f"Tasks overdue or due in the next {tasks.DUE_SOON_DAYS} days, across every open "
            "case. Press Enter (or double-click) to open the case."
        )
        intro.setWordWrap(True)
        self.agency = QComboBox()
        self.agency.setAccessibleName("Agency whose tasks are shown")
        self.agency.currentIndexChanged.connect(self._filter)
        self.professional = QComboBox()
        self.professional.setAccessibleName("Person whose tasks are shown")
        self.professional.currentIndexChanged.connect(self._filter)
        filters = QHBoxLayout()
        filters.addWidget(buddy("&Agency:", self.agency))
        filters.addWidget(self.agency)
        filters.addSpacing(12)
        filters.addWidget(buddy("&Who:", self.professional))
        filters.addWidget(self.professional)
        filters.addStretch(1)
        self.model = PagedTaskModel(MINE_COLUMNS, self._page, MY_ACTIONS_PAGE, self)
        self.table = task_table("My actions", self.model, (1,), one_line=True)
        self.table.doubleClicked.connect(self._open)
        self.table.activated_row.connect(self._open)
        self.count = QLabel()
        self.count.setAccessibleDescription("How many tasks")  # read by its text
        # The chair's own chasing: decision summaries and minutes not yet sent.
        self.paperwork_label = QLabel("&Decision summaries and minutes to send:")
        self.paperwork = QListWidget()
        self.paperwork.setAccessibleName("Decision summaries and minutes to send")
        self.paperwork_label.setBuddy(self.paperwork)
        self.paperwork.itemActivated.connect(self._open_paperwork)
        # Consent to ask about again, or to review: due within a week, or overdue.
        self.revisits_label = QLabel("Co&nsent to ask about again or review:")
        self.revisits = QListWidget()
        self.revisits.setAccessibleName("Consent to ask about again or review")
        self.revisits_label.setBuddy(self.revisits)
        self.revisits.itemActivated.connect(self._open_paperwork)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(self.paperwork_label)
        layout.addWidget(self.paperwork)
        layout.addWidget(self.revisits_label)
        layout.addWidget(self.revisits)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def refresh(self, today: date | None = None) -> None:
        self.today = today
        try:
            self.overview = tasks.actions_overview(self.vault, today)
            paperwork = meetings.paperwork_due(self.vault)
            revisits = consent.revisits_due(self.vault, today=today)
        except TacError as error:
            QMessageBox.warning(self, "My actions", str(error))
            return
        self._show_paperwork(paperwork, today or date.today())
        self._show_revisits(revisits, today or date.today())
        self._fill_combo(self.agency, EVERY, self.overview.agencies)
        self._fill_combo(self.professional, EVERYONE, self.overview.owners)
        self._filter()
        if self.model.rows:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.setFocus()

    def _show_paperwork(self, due: list[meetings.PaperworkDue], today: date) -> None:
        self.paperwork.clear()
        for item in due:
            state = (
                f"⚠ overdue (was due {item.due_on:%a %d %b})"
                if item.is_overdue(today)
                else f"◷ due {item.due_on:%a %d %b}"
            )
            entry = QListWidgetItem(
                f"{item.case_reference} · {item.meeting_title}, {item.held_on:%d %b %Y}: "
                f"{item.what.label.lower()} {state}"
            )
            entry.setData(Qt.ItemDataRole.UserRole, item.case_reference)
            self.paperwork.addItem(entry)
        shown = min(len(due), 4)
        self.paperwork.setFixedHeight(
            self.paperwork.sizeHintForRow(0) * shown + 2 * self.paperwork.frameWidth() + 2
            if shown
            else 0
        )
        self.paperwork.setVisible(bool(due))
        self.paperwork_label.setVisible(bool(due))

    def _show_revisits(self, due: list[consent.Revisit], today: date) -> None:
        self.revisits.clear()
        for item in due:
            state = (
                f"⚠ overdue (was due {item.due_on:%a %d %b})"
                if item.is_overdue(today)
                else f"◷ due {item.due_on:%a %d %b}"
            )
            entry = QListWidgetItem(f"{item.case_reference} · {item.in_words}: {state}")
            entry.setData(Qt.ItemDataRole.UserRole, item.case_reference)
            self.revisits.addItem(entry)
        shown = min(len(due), 3)
        self.revisits.setFixedHeight(
            self.revisits.sizeHintForRow(0) * shown + 2 * self.revisits.frameWidth() + 2
            if shown
            else 0
        )
        self.revisits.setVisible(bool(due))
        self.revisits_label.setVisible(bool(due))

    def _open_paperwork(self, item: QListWidgetItem) -> None:
        reference = item.data(Qt.ItemDataRole.UserRole)
        if reference:
            self.open_requested.emit(str(reference))

    @staticmethod
    def _fill_combo(combo: QComboBox, every: str, names: list[str]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(every, "")
        for name in names:
            combo.addItem(name, name)
        found = combo.findData(chosen) if chosen else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def _chosen(self) -> tuple[str, str]:
        return self.agency.currentData() or "", self.professional.currentData() or ""

    def _filter(self) -> None:
        agency, who = self._chosen()
        shown, overdue = self.overview.tasks(agency, who), self.overview.overdue(agency, who)
        today = self.overview.due_today(agency, who)
        self.count.setText(
            f"{shown:,} task{'s' if shown != 1 else ''}, {overdue:,} overdue"
            + (f", {today:,} due today." if today else ".")
            if shown
            else "Nothing overdue or due this week."
        )
        self.model.restart()  # after the count, so a failure to read replaces it

    def _page(self, after: TaskView | None) -> list[TaskView]:
        """The next rows for the table, with the chosen agency and person."""
        agency, who = self._chosen()
        try:
            return tasks.my_actions(
                self.vault, self.today, agency, who, limit=self.model.page_size, after=after
            )
        except TacError as error:
            # Said under the table, not in a box: Qt asks for rows while it paints.
            self.count.setText(f"The rest of the list could not be read: {error}")
            return []

    def _open(self, index: QModelIndex) -> None:
        task = self.model.row_at(index)
        if task is not None:
            self.open_requested.emit(task.case_reference)
