"""The case's action plan tab: its tasks, by agency, with what each needs next."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tac_desktop.core.errors import TacError
from tac_desktop.core.models import CaseStatus
from tac_desktop.core.services import tasks
from tac_desktop.core.services.cases import CaseView
from tac_desktop.core.services.tasks import TaskView, Urgency
from tac_desktop.core.vault import Vault
from tac_desktop.gui.actions.task_dialogs import AddTaskDialog, ChallengeDialog, UpdateTaskDialog
from tac_desktop.gui.actions.task_table import LEFT_CASE, PLAN_COLUMNS, TaskTableModel, task_table


class ActionPlanTab(QWidget):
    """The case's tasks, by agency, with what each needs next."""

    saved = Signal(str)  # what was saved ("New task"); the workspace adds the time
    failed = Signal(str)  # a plain message

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case: CaseView | None = None
        self.model = TaskTableModel(PLAN_COLUMNS, self)
        self.table = task_table("Action plan", self.model, (0, 1, 3, 5))
        self.table.doubleClicked.connect(lambda _index: self.update_task())
        self.table.activated_row.connect(lambda _index: self.update_task())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.add_button = QPushButton("&Add task…")
        self.add_button.clicked.connect(self.add_task)
        self.update_button = QPushButton("U&pdate…")
        self.update_button.setToolTip("Record what happened to the chosen task (Enter)")
        self.update_button.clicked.connect(self.update_task)
        self.challenge_button = QPushButton("Record cha&llenge…")
        self.challenge_button.setToolTip("For a task not done twice running")
        self.challenge_button.clicked.connect(self.record_challenge)
        self.summary = QLabel()
        self.summary.setAccessibleName("Action plan summary")
        self.summary.setWordWrap(True)
        row = QHBoxLayout()
        for button in (self.add_button, self.update_button, self.challenge_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self._enable()

    def show_case(self, case: CaseView) -> None:
        self.case = case
        self.reload()

    def reload(self, select: int | None = None) -> None:
        if self.case is None:
            return
        current = self.current()
        keep = select if select is not None else (current.id if current else None)
        try:
            plan = tasks.action_plan(self.vault, self.case.id)
        except TacError as error:
            self.failed.emit(str(error))
            return
        rows = [task for group in plan for task in group.tasks]
        self.model.set_rows(rows)
        chosen = next((n for n, task in enumerate(rows) if task.id == keep), 0)
        if rows:
            self.table.setCurrentIndex(self.model.index(chosen, 0))
        open_rows = [t for t in rows if t.status.is_open]
        overdue = sum(t.urgency is Urgency.OVERDUE for t in rows)
        challenge = sum(t.needs_challenge for t in rows)
        left = sum(not t.agency_still_on_case and t.status.is_open for t in rows)
        if not rows:
            text = "No tasks yet. Tasks agreed at meetings appear here; Add task… adds one now."
        else:
            parts = [f"{len(open_rows)} open of {len(rows)}", f"{overdue} overdue"]
            if challenge:
                parts.append(f"{challenge} need a challenge")
            if left:
                parts.append(f"{left} with an agency {LEFT_CASE}")
            text = ", ".join(parts) + "."
        self.summary.setText(text)
        self._enable()

    def current(self) -> TaskView | None:
        return self.model.row_at(self.table.currentIndex())

    def _enable(self) -> None:
        task = self.current()
        open_case = self.case is not None and self.case.status is CaseStatus.OPEN
        self.add_button.setEnabled(open_case)
        self.update_button.setEnabled(open_case and task is not None)
        self.challenge_button.setEnabled(open_case and task is not None and task.needs_challenge)

    def add_task(self) -> None:
        if self.case is None:
            return
        dialog = AddTaskDialog(self.vault, self.case, date.today(), parent=self)
        if dialog.exec():
            self.reload(dialog.added_id)
            self.saved.emit("New task")

    def update_task(self) -> None:
        task = self.current()
        if task is None or not self.update_button.isEnabled():
            return
        if UpdateTaskDialog(self.vault, task, parent=self).exec():
            self.reload(task.id)
            self.saved.emit("Task update")

    def record_challenge(self) -> None:
        task = self.current()
        if task is None or not task.needs_challenge:
            return
        if ChallengeDialog(self.vault, task, parent=self).exec():
            self.reload(task.id)
            self.saved.emit("Challenge")
