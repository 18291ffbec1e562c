"""Handing a child on (a transition) and closing a case, each with its checklist.

The checklists are built from the case when they are read (one line per agency on the
case, the safety plan's sends, the open tasks); only what a person marks is stored, as
``ChecklistItem`` rows keyed by what the line is about, with the line's words as they
read when it was marked. A closure stays when the case is reopened; the reopening is a
record of its own, so the history reads in order.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tac_desktop.core.models.base import Audited, Base, Timestamped
from tac_desktop.core.models.case import enum_column


class TransitionKind(enum.Enum):
    ADULT_SERVICES = "adult_services"
    MOVING_AREA = "moving_area"
    CHANGE_OF_SCHOOL = "change_of_school"
    LEAVING_CARE = "leaving_care"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "adult_services": "Moving to adult services",
            "moving_area": "Moving out of the area",
            "change_of_school": "Changing school",
            "leaving_care": "Leaving care",
            "other": "Another change",
        }[self.value]


class TransitionStatus(enum.Enum):
    OPEN = "open"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return {"open": "Under way", "complete": "Complete"}[self.value]


class Transition(Audited, Timestamped, Base):
    """A child or family handed on to another service, school or area."""

    __tablename__ = "transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # Who is moving on; empty for the whole family. The name is kept as it was.
    for_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    for_name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[TransitionKind] = mapped_column(enum_column(TransitionKind))
    moves_on: Mapped[date]
    receiving_agency: Mapped[str] = mapped_column(String(200))
    receiving_contact: Mapped[str] = mapped_column(String(300), default="")
    # Who keeps in touch with the child until the receiving service has started.
    continuity_by: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[TransitionStatus] = mapped_column(
        enum_column(TransitionStatus), default=TransitionStatus.OPEN
    )
    completed_on: Mapped[date | None]

    items: Mapped[list[ChecklistItem]] = relationship(
        back_populates="transition", cascade="all, delete-orphan", order_by="ChecklistItem.id"
    )


class Closure(Audited, Timestamped, Base):
    """Closing a case: what was checked first, and when it closed (empty while preparing)."""

    __tablename__ = "closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    intended_on: Mapped[date | None]
    reason: Mapped[str] = mapped_column(Text, default="")  # why the team is closing
    risk_level: Mapped[str] = mapped_column(Text, default="")  # the risks as they are now
    reinstate_when: Mapped[str] = mapped_column(Text, default="")  # when to refer again
    monitoring: Mapped[str] = mapped_column(Text, default="")  # how wellbeing is watched
    monitored_by: Mapped[str] = mapped_column(String(200), default="")
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str] = mapped_column(String(200), default="")

    items: Mapped[list[ChecklistItem]] = relationship(
        back_populates="closure", cascade="all, delete-orphan", order_by="ChecklistItem.id"
    )


class ChecklistItem(Audited, Timestamped, Base):
    """A line of a transition's or a closure's checklist that someone marked."""

    __tablename__ = "checklist_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    transition_id: Mapped[int | None] = mapped_column(
        ForeignKey("transitions.id", ondelete="CASCADE"), index=True
    )
    closure_id: Mapped[int | None] = mapped_column(
        ForeignKey("closures.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(80))  # e.g. "told:agency:7", "handover"
    label: Mapped[str] = mapped_column(String(300))
    done: Mapped[bool] = mapped_column(default=False)
    done_by: Mapped[str] = mapped_column(String(200), default="")
    done_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")

    transition: Mapped[Transition | None] = relationship(back_populates="items")
    closure: Mapped[Closure | None] = relationship(back_populates="items")


class Reopening(Audited, Timestamped, Base):
    """A closed case opened again: why, by whom and when. The closure it undid stays."""

    __tablename__ = "reopenings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    closure_id: Mapped[int | None] = mapped_column(ForeignKey("closures.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    reopened_by: Mapped[str] = mapped_column(String(200))
    reopened_at: Mapped[datetime]
