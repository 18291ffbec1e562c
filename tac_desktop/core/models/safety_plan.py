"""Safety plans: a working draft per plan, the versions issued from it, and who was sent
which version.

A version is a record once issued: its content, the person's name and the title are
copied into it (so it reads the same if the person later leaves the case), and the
mapper refuses to change it. The sections themselves are JSON text, shaped as
``tac_desktop.core.practice.safety_plans`` describes; the plan's shape decides which.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models.base import Audited, Base, Timestamped
from tac_desktop.core.models.case import enum_column


class PlanShape(enum.Enum):
    FAMILY = "family"  # Signs of Safety style, for the whole family
    PERSONAL = "personal"  # a young person at risk of hurting themselves, in their words

    @property
    def label(self) -> str:
        return {"family": "Family safety plan", "personal": "Personal safety plan"}[self.value]


class RecipientKind(enum.Enum):
    AGENCY = "agency"
    PERSON = "person"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class SendMethod(enum.Enum):
    POST = "post"
    SECURE_EMAIL = "secure_email"
    BY_HAND = "by_hand"
    READ_WITH_FAMILY = "read_with_family"
    AT_MEETING = "at_meeting"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "post": "By post",
            "secure_email": "By secure email",
            "by_hand": "By hand",
            "read_with_family": "Read through with the family",
            "at_meeting": "Given out at a meeting",
            "other": "Another way",
        }[self.value]


class SafetyPlan(Audited, Timestamped, Base):
    __tablename__ = "safety_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # The child or young person the plan is about; empty for a plan for the whole family.
    for_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    shape: Mapped[PlanShape] = mapped_column(enum_column(PlanShape))
    title: Mapped[str] = mapped_column(String(200))
    draft: Mapped[str] = mapped_column(Text, default="{}")  # the sections being worked on

    versions: Mapped[list[SafetyPlanVersion]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="SafetyPlanVersion.number"
    )


class SafetyPlanVersion(Audited, Timestamped, Base):
    """One issued version: what the plan said, why it changed, who agreed it."""

    __tablename__ = "safety_plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("safety_plans.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    issued_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    agreed_by: Mapped[str] = mapped_column(Text)
    review_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(200))
    for_name: Mapped[str] = mapped_column(String(200), default="")
    content: Mapped[str] = mapped_column(Text)

    plan: Mapped[SafetyPlan] = relationship(back_populates="versions")
    sends: Mapped[list[SafetyPlanSend]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="[SafetyPlanSend.sent_on, SafetyPlanSend.id]",
    )


@event.listens_for(SafetyPlanVersion, "before_update")
def _versions_are_records(mapper: Mapper[Any], _connection: Any, version: Any) -> None:
    # A send added to a version marks it "dirty" too; only a changed column is refused.
    # The services never change one: this stops any other code that tries.
    state = inspect(version)
    if any(state.attrs[c.key].history.has_changes() for c in mapper.column_attrs):
        raise InvalidInput(
            "An issued safety plan version cannot be changed. Issue a new version instead."
        )


class SafetyPlanSend(Audited, Timestamped, Base):
    """A version sent to (or read with) an agency or a person."""

    __tablename__ = "safety_plan_sends"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("safety_plan_versions.id", ondelete="CASCADE"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(200))
    recipient_kind: Mapped[RecipientKind] = mapped_column(enum_column(RecipientKind))
    sent_on: Mapped[date]
    how: Mapped[SendMethod] = mapped_column(enum_column(SendMethod))
    note: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[SafetyPlanVersion] = relationship(back_populates="sends")
