"""The meeting's task parts: walking the earlier actions, and agreeing new ones.

A review walks every task agreed before it, oldest first: each gets an update said at
this meeting, and one not done twice running gets its challenge recorded here (core
refuses to finalise until both are done). New tasks agreed at the meeting are added
with the meeting's id, so the action plan shows where each came from.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tac_desktop.core.errors import TacError
from tac_desktop.core.services import cases, tasks
from tac_desktop.core.services.meetings import MeetingView, MissingItem
from tac_desktop.core.services.tasks import TaskView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.actions.task_dialogs import (
    AddTaskDialog,
    ChallengeForm,
    UpdateForm,
    save_challenge,
    save_update,
)
from tac_desktop.gui.actions.task_table import (
    PLAN_COLUMNS,
    URGENCY_COLUMN,
    TaskTableModel,
    agency_text,
    owner_text,
    status_text,
    task_table,
)
from tac_desktop.gui.meeting.parts.base import PartWidget, now_text
from tac_desktop.gui.shared.item_models import Column, format_date


def _here(task: TaskView, meeting_id: int) -> str:
    """Where the task stands at this meeting, in words with a mark."""
    updated = any(u.meeting_id == meeting_id for u in task.updates)
    challenged = any(c.meeting_id == meeting_id for c in task.challenges)
    if not updated:
        return "○ Needs an update"
    if task.needs_challenge:
        return "⚠ Needs a challenge"
    return "✓ Updated, challenged" if challenged else "✓ Updated"


class _MeetingTasks(TaskTableModel):
    """Rows that refresh in place (keeping the selection) when the same tasks come back."""

    meeting_id = 0

    def update_rows(self, rows: Sequence[TaskView]) -> None:
        if [r.id for r in rows] != [r.id for r in self.rows]:
            self.set_rows(rows)
            return
        self.rows = list(rows)
        self._sort_keys.clear()
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1)
            )


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class PreviousActionsPart(PartWidget):
    heading = "Actions from earlier meetings"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.model = _MeetingTasks([], self)
        self.model.columns = [
            Column("What", lambda t: t.description),
            Column("Agency and who", lambda t: f"{agency_text(t)}\n{owner_text(t)}".strip()),
            Column("Due", lambda t: format_date(t.due_on), lambda t: t.due_on),
            Column("Status", status_text),
            URGENCY_COLUMN,
            Column("At this meeting", lambda t: _here(t, self.model.meeting_id)),
        ]
        self.table = task_table("Tasks agreed before this meeting", self.model, (0,))
        self.table.setMinimumHeight(160)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        table_label = QLabel("Tas&ks agreed before this meeting, oldest first:")
        table_label.setBuddy(self.table)
        self.empty = QLabel("No earlier tasks are open: nothing to walk through.")
        self.empty.setWordWrap(True)
        self.chosen = QLabel()
        self.chosen.setWordWrap(True)
        self.chosen.setTextFormat(Qt.TextFormat.PlainText)
        self.chosen.setAccessibleName("Task chosen")

        self.update_form = UpdateForm()
        self.update_button = QPushButton("Save u&pdate")
        self.update_button.clicked.connect(self.save_update)
        self.table.activated_row.connect(lambda _index: self.update_form.status.setFocus())
        self.editor = QFrame()
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.chosen)
        editor_layout.addWidget(self.update_form)
        update_row = QHBoxLayout()
        update_row.addWidget(self.update_button)
        update_row.addStretch(1)
        editor_layout.addLayout(update_row)

        self.challenge_form = ChallengeForm()
        self.challenge_intro = QLabel()
        self.challenge_intro.setWordWrap(True)
        self.challenge_intro.setObjectName("warning")
        self.challenge_button = QPushButton("Record cha&llenge")
        self.challenge_button.clicked.connect(self.save_challenge)
        self.challenge_box = QFrame()
        challenge_layout = QVBoxLayout(self.challenge_box)
        challenge_layout.setContentsMargins(0, 8, 0, 0)
        challenge_layout.addWidget(_heading("Challenge"))
        challenge_layout.addWidget(self.challenge_intro)
        challenge_layout.addWidget(self.challenge_form)
        challenge_row = QHBoxLayout()
        challenge_row.addWidget(self.challenge_button)
        challenge_row.addStretch(1)
        challenge_layout.addLayout(challenge_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.editor)
        layout.addWidget(self.challenge_box)
        layout.addWidget(self.error)
        self._editing: int | None = None
        self._fill(None)

    # -- showing ---------------------------------------------------------------------

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        self.model.meeting_id = view.id
        try:
            every = tasks.case_tasks(self.vault, view.case_id)
        except TacError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        rows = [
            t
            for t in every
            if t.meeting_id != view.id
            and (t.status.is_open or any(u.meeting_id == view.id for u in t.updates))
        ]
        self.model.update_rows(rows)
        self.empty.setVisible(not rows)
        current = self.current()
        if current is None and rows:
            self.table.setCurrentIndex(self.model.index(0, 0))
        elif current is not None and current.id == self._editing:
            self.update_form.show_recorded(current, view.id)
            self._show_challenge(current)

    def current(self) -> TaskView | None:
        return self.model.row_at(self.table.currentIndex())

    def select(self, task_id: int) -> bool:
        for number, row in enumerate(self.model.rows):
            if row.id == task_id:
                self.table.setCurrentIndex(self.model.index(number, 0))
                return True
        return False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._fill(self.model.row_at(current))

    def _fill(self, task: TaskView | None) -> None:
        self._editing = task.id if task else None
        self.update_form.reset(task, self.model.meeting_id or None)
        self.challenge_form.reset()
        if task is None:
            self.chosen.setText("Choose a task in the list.")
        else:
            self.chosen.setText(
                f"“{task.description}”: {owner_text(task)}, due {format_date(task.due_on)}, "
                f"{status_text(task).lower()}."
            )
        self.update_button.setEnabled(task is not None and not self.read_only)
        self._show_challenge(task)

    def _show_challenge(self, task: TaskView | None) -> None:
        needed = task is not None and task.needs_challenge
        self.challenge_box.setVisible(needed and not self.read_only)
        if task is not None and needed:
            self.challenge_intro.setText(
                f"Not done {task.misses_in_a_row} times running. Record who raised it with "
                f"{task.agency_name or task.owner_name}, what they said, and whether it was "
                "escalated."
            )

    def set_read_only(self, read_only: bool) -> bool:
        changed = super().set_read_only(read_only)
        self.editor.setVisible(not read_only)
        self.update_form.set_editable(not read_only)
        self.challenge_form.set_editable(not read_only)
        self._show_challenge(self.current())
        return changed

    def focus_item(self, item: MissingItem) -> bool:
        if item.task_id is None or not self.select(item.task_id):
            return False
        task = self.current()
        if task is not None and task.needs_challenge:
            self.challenge_form.raised_by.setFocus()
        else:
            self.update_form.status.setFocus()
        return True

    # -- saving ----------------------------------------------------------------------

    def save_update(self) -> None:
        view, task = self.view, self.current()
        if view is None or task is None or self.read_only:
            return
        values = self.update_form.values()
        if self.attempt(
            lambda: save_update(self.vault, task.id, values, view.id), "Task update saved"
        ):
            now = self.current()
            if now is not None and now.needs_challenge:
                self.challenge_form.raised_by.setFocus()
            else:
                self._next_needing_update()

    def save_challenge(self) -> None:
        view, task = self.view, self.current()
        if view is None or task is None or self.read_only:
            return
        values = self.challenge_form.values()
        if self.attempt(
            lambda: save_challenge(self.vault, task.id, values, view.id), "Challenge saved"
        ):
            self._next_needing_update()

    def _next_needing_update(self) -> None:
        meeting_id = self.model.meeting_id
        for number, row in enumerate(self.model.rows):
            if not _here(row, meeting_id).startswith("✓"):
                self.table.setCurrentIndex(self.model.index(number, 0))
                self.update_form.status.setFocus()
                return
        self._fill(self.current())
        self.table.setFocus()


class ActionsPart(PartWidget):
    heading = "Actions agreed at this meeting"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.model = _MeetingTasks(PLAN_COLUMNS, self)
        self.table = task_table("Actions agreed at this meeting", self.model, (1, 3))
        self.table.setMinimumHeight(140)
        self.add_button = QPushButton("Add &task…")
        self.add_button.clicked.connect(self.add_task)
        self.empty = QLabel("No actions agreed at this meeting yet.")
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.empty, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)

    def editors(self) -> list[QWidget]:
        return [self.add_button]

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        try:
            rows = [
                t for t in tasks.case_tasks(self.vault, view.case_id) if t.meeting_id == view.id
            ]
        except TacError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.model.update_rows(rows)
        self.empty.setVisible(not rows)

    def focus_item(self, item: MissingItem) -> bool:
        self.add_button.setFocus()
        return True

    def add_task(self) -> None:
        view = self.view
        if view is None or self.read_only:
            return
        try:
            case = cases.get_case(self.vault, view.case_id)
        except TacError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        dialog = AddTaskDialog(self.vault, case, view.held_on, view.id, view.held_on, self)
        if dialog.exec():
            self.error.hide()
            self.saved.emit(f"Task saved at {now_text()}")
            self.changed.emit()
