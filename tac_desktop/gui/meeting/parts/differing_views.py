"""Differing views: what people disagree about, who thinks what, how it was resolved or
where it was escalated."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QPushButton, QVBoxLayout, QWidget

from tac_desktop.core.services import meetings
from tac_desktop.core.services.meetings import DifferingViewView, MeetingView
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

DIFFERING_COLUMNS: list[Column[DifferingViewView]] = [
    Column("Topic", lambda d: d.topic),
    Column("Who thinks what", lambda d: d.views),
    Column("Resolution", lambda d: d.resolution),
    Column("Escalated to", lambda d: d.escalated_to),
]


class DifferingViewsPart(PartWidget):
    heading = "Differing views"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.topic = line_edit("Topic of the disagreement", "what the disagreement is about")
        self.views = text_box("Who thinks what", 2)
        self.resolution = text_box("How it was resolved", 2, "leave empty if it was not settled")
        self.escalated_to = line_edit("Escalated to", "who it goes to, if not settled")
        self.add_button = QPushButton("&Add this view")
        self.add_button.clicked.connect(self.add)
        form = QFormLayout()
        form.addRow(buddy("&Topic:", self.topic), self.topic)
        form.addRow(buddy("&Who thinks what:", self.views), self.views)
        form.addRow(buddy("&Resolution:", self.resolution), self.resolution)
        form.addRow(buddy("E&scalated to:", self.escalated_to), self.escalated_to)
        form.addRow("", left_aligned(self.add_button))
        self.model: StableRowModel[DifferingViewView] = StableRowModel(DIFFERING_COLUMNS, self)
        self.table = plain_table("Differing views recorded")
        self.table.setModel(self.model)
        wrap_columns(self.table, [1, 2])
        self.table.setMinimumHeight(110)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)

    def editors(self) -> list[QWidget]:
        return [self.topic, self.views, self.resolution, self.escalated_to, self.add_button]

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        self.model.update_rows(view.differing_views, lambda d: d.id)

    def add(self) -> None:
        view = self.view
        if view is None or self.read_only:
            return
        topic, views = self.topic.text(), self.views.toPlainText()
        resolution, escalated = self.resolution.toPlainText(), self.escalated_to.text()
        if self.attempt(
            lambda: meetings.add_differing_view(
                self.vault, view.id, topic, views, resolution, escalated
            ),
            "Differing view saved",
        ):
            for widget in (self.topic, self.views, self.resolution, self.escalated_to):
                widget.clear()
            self.topic.setFocus()
