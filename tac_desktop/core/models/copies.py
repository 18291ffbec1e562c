"""Who reads what: the chair's marks on what a meeting recorded, and each finalised
meeting's distribution list.

A mark says who may read one item of a meeting's record (a section's notes, a returned
report, a Think Family answer, a decision, a differing view, a task): everyone the
papers go to, or professionals only; and it can name family members it must not reach.
An item with no mark follows the rules in ``practice/readers.py`` (safe by default).

Items are named by a stable key (``practice.readers.item_key``) rather than by a foreign
key, because six kinds of record can be marked; the mark belongs to its case and, where
there is one, its meeting, so deleting either removes the marks with it.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tac_desktop.core.models.base import Audited, Base, Timestamped
from tac_desktop.core.models.case import enum_column


class Audience(enum.Enum):
    EVERYONE = "everyone"  # every copy, the family's included
    NAMED = "named"  # professionals, and only the family members the mark names
    PROFESSIONALS = "professionals"  # the full and agencies' copies only

    @property
    def label(self) -> str:
        return {
            "everyone": "For everyone",
            "named": "Only the family members named",
            "professionals": "Professionals only",
        }[self.value]


class CopyKind(enum.Enum):
    """Which copy of a meeting's papers a recipient gets."""

    FULL = "full"  # everything recorded: the professionals who hold the plan together
    AGENCY = "agency"  # an agency's copy: sections kept from agencies left out
    FAMILY = "family"  # a family member's copy: only what is for everyone, and them
    NONE = "none"  # nothing is sent

    @property
    def label(self) -> str:
        return {
            "full": "Full copy",
            "agency": "Agency's copy",
            "family": "Family copy",
            "none": "No copy",
        }[self.value]


class Delivery(enum.Enum):
    """How a recipient's copy reaches them."""

    SECURE_EMAIL = "secure_email"
    POST = "post"
    BY_HAND = "by_hand"

    @property
    def label(self) -> str:
        return {"secure_email": "Secure email", "post": "Post", "by_hand": "By hand"}[self.value]


class CopyMark(Audited, Timestamped, Base):
    """The chair's decision about who may read one item of the record."""

    __tablename__ = "copy_marks"
    __table_args__ = (UniqueConstraint("case_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    item_key: Mapped[str] = mapped_column(String(200))  # "section:12:updates", "task:40"...
    audience: Mapped[Audience] = mapped_column(enum_column(Audience))
    reason: Mapped[str] = mapped_column(Text, default="")
    marked_by: Mapped[str] = mapped_column(String(200), default="")
    marked_at: Mapped[datetime]

    withheld_from: Mapped[list[CopyMarkExclusion]] = relationship(
        back_populates="mark", cascade="all, delete-orphan", order_by="CopyMarkExclusion.id"
    )


class CopyMarkExclusion(Audited, Timestamped, Base):
    """A family member named by a mark: one it must not reach (audience everyone), or
    one of the only family members who may read it (audience named)."""

    __tablename__ = "copy_mark_exclusions"
    __table_args__ = (UniqueConstraint("mark_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mark_id: Mapped[int] = mapped_column(
        ForeignKey("copy_marks.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    person_name: Mapped[str] = mapped_column(String(200))  # as marked: stays readable

    mark: Mapped[CopyMark] = relationship(back_populates="withheld_from")


class MeetingRecipient(Audited, Timestamped, Base):
    """One line of a finalised meeting's distribution list, as the chair set it."""

    __tablename__ = "meeting_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    agency: Mapped[str] = mapped_column(String(200), default="")  # empty for the family
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("professionals.id", ondelete="SET NULL")
    )
    copy: Mapped[CopyKind] = mapped_column(enum_column(CopyKind))
    delivery: Mapped[Delivery] = mapped_column(enum_column(Delivery))
    email: Mapped[str] = mapped_column(String(254), default="")
    summary_sent_on: Mapped[date | None]
    minutes_sent_on: Mapped[date | None]
