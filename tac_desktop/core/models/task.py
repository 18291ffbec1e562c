"""Tasks the team agreed: who does what, by when, and what happened.

Agency and owner names are copied into the task (``*_name``) so the record reads the
same if the agency or professional later leaves the case; the links then flag that.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tac_desktop.core.models.base import Audited, Base, Timestamped
from tac_desktop.core.models.case import enum_column

if TYPE_CHECKING:
    from tac_desktop.core.models.case import Professional


class TaskStatus(enum.Enum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_DONE = "not_done"
    NO_LONGER_NEEDED = "no_longer_needed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_open(self) -> bool:
        return self in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.NOT_DONE)


class NotDoneReason(enum.Enum):
    COULD_NOT = "could_not"  # something outside the agency's control
    WAS_NOT = "was_not"  # the agency did not do it

    @property
    def label(self) -> str:
        return {"could_not": "Could not be done", "was_not": "Was not done"}[self.value]


def misses_in_a_row(statuses: list[TaskStatus]) -> int:
    """How many of the latest updates (oldest first) in a row said "not done"."""
    count = 0
    for status in reversed(statuses):
        if status is not TaskStatus.NOT_DONE:
            break
        count += 1
    return count


class Task(Audited, Timestamped, Base):
    __tablename__ = "tasks"
    # "My actions" filters open tasks by due date across cases: read from the index alone.
    __table_args__ = (Index("ix_tasks_open_due", "status", "due_on", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"))
    agency_name: Mapped[str] = mapped_column(String(200), default="")
    professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("professionals.id", ondelete="SET NULL")
    )
    owner_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    for_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    for_need: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date]
    status: Mapped[TaskStatus] = mapped_column(
        enum_column(TaskStatus), default=TaskStatus.NOT_STARTED
    )
    outcome: Mapped[str] = mapped_column(Text, default="")
    # The safeguarding route a referral task follows (think_family.Procedure value):
    # what makes it professionals-only in the family's copies by default.
    procedure: Mapped[str | None] = mapped_column(String(40))

    updates: Mapped[list[TaskUpdate]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskUpdate.id"
    )
    challenges: Mapped[list[TaskChallenge]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskChallenge.id"
    )

    def assign_to(self, professional: Professional) -> None:
        """The professional owns the task; their agency (and its name, kept) follows."""
        self.professional_id = professional.id
        self.owner_name = professional.name
        self.agency_id = professional.agency_id
        self.agency_name = professional.agency.name


class TaskUpdate(Audited, Timestamped, Base):
    """What happened to a task, said at a review meeting or between meetings."""

    __tablename__ = "task_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    made_at: Mapped[datetime]
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus))
    new_due_on: Mapped[date | None]
    not_done_reason: Mapped[NotDoneReason | None] = mapped_column(enum_column(NotDoneReason))
    note: Mapped[str] = mapped_column(Text, default="")

    task: Mapped[Task] = relationship(back_populates="updates")


class TaskChallenge(Audited, Timestamped, Base):
    """A task not done twice running is raised with the agency, and maybe escalated."""

    __tablename__ = "task_challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    raised_by: Mapped[str] = mapped_column(String(200))
    agency_response: Mapped[str] = mapped_column(Text, default="")
    escalated_to: Mapped[str] = mapped_column(String(200), default="")  # empty: not escalated

    task: Mapped[Task] = relationship(back_populates="challenges")
