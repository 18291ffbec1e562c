"""A case: the family network, the agencies and professionals around it."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tac_desktop.core.models.base import Audited, Base, Timestamped
from tac_desktop.core.text import fold_for_search

ADULT_AGE = 18


def age_on(day: date, date_of_birth: date | None, estimated_age: int | None) -> int | None:
    """Age in whole years on ``day``; the estimate when no date of birth is known."""
    if date_of_birth is not None:
        dob = date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
    return estimated_age


def enum_column(kind: type[enum.Enum]) -> Enum:
    # Store the readable value (e.g. "open"), not the Python name, and no CHECK
    # constraint, so a later release can add a member without rebuilding the table.
    return Enum(
        kind,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        create_constraint=False,
        length=40,
    )


class CaseStatus(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


class Nation(enum.Enum):
    """The UK nation whose bank holidays count for the case's working days."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").title()


class Sector(enum.Enum):
    EDUCATION = "education"
    HEALTH = "health"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    ADULT_SOCIAL_CARE = "adult_social_care"
    POLICE = "police"
    YOUTH_JUSTICE = "youth_justice"
    HOUSING = "housing"
    VOLUNTARY = "voluntary"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "childrens_social_care": "Children's social care",
            "adult_social_care": "Adult social care",
        }.get(self.value, self.value.replace("_", " ").capitalize())


class Case(Audited, Timestamped, Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus), default=CaseStatus.OPEN)
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    nation: Mapped[Nation] = mapped_column(enum_column(Nation), default=Nation.ENGLAND)
    summary: Mapped[str] = mapped_column(Text, default="")
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", use_alter=True, ondelete="RESTRICT")
    )

    people: Mapped[list[Person]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        foreign_keys="Person.case_id",
        order_by="Person.id",
    )
    subject: Mapped[Person | None] = relationship(foreign_keys=[subject_id], post_update=True)
    involvements: Mapped[list[Involvement]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Involvement.id"
    )

    @property
    def lead_professional(self) -> Professional | None:
        for involvement in self.involvements:
            if involvement.is_lead:
                return involvement.professional
        return None


class Person(Audited, Timestamped, Base):
    """Anyone in the family network, adult or child, in the household or not."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str] = mapped_column(String(200), default="")
    # Accent-free, lower-case names for the case search; kept up to date by the mapper
    # events below, so no service can forget it (folding 20,000 names per list costs).
    search_key: Mapped[str] = mapped_column(String(420), default="", server_default="")
    date_of_birth: Mapped[date | None]
    estimated_age: Mapped[int | None]
    # Used only when neither a date of birth nor an estimated age is known.
    declared_child: Mapped[bool] = mapped_column(default=False)
    relationship_to_subject: Mapped[str] = mapped_column(String(100), default="")
    lives_in_household: Mapped[bool] = mapped_column(default=True)
    parental_responsibility: Mapped[bool] = mapped_column(default=False)
    significant_contact: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(100), default="English")
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Someone who must not receive information about others (an alleged perpetrator,
    # someone under a court order): no copy of the meeting's papers goes to them.
    no_information: Mapped[bool] = mapped_column(default=False, server_default="0")
    no_information_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    case: Mapped[Case] = relationship(back_populates="people", foreign_keys=[case_id])

    def age_on(self, day: date) -> int | None:
        return age_on(day, self.date_of_birth, self.estimated_age)

    def is_child_on(self, day: date) -> bool:
        age = self.age_on(day)
        return age < ADULT_AGE if age is not None else self.declared_child

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.name:
            return f"{self.name} ({self.preferred_name})"
        return self.name


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _refresh_search_key(_mapper: Any, _connection: Any, person: Person) -> None:
    person.search_key = " ".join(
        fold_for_search(n) for n in (person.name, person.preferred_name) if n
    )


class Agency(Audited, Timestamped, Base):
    __tablename__ = "agencies"
    __table_args__ = (UniqueConstraint("name", "sector"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[Sector] = mapped_column(enum_column(Sector), default=Sector.OTHER)

    professionals: Mapped[list[Professional]] = relationship(
        back_populates="agency", order_by="Professional.name"
    )


class Professional(Audited, Timestamped, Base):
    __tablename__ = "professionals"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"))
    phone: Mapped[str] = mapped_column(String(60), default="")
    secure_email: Mapped[str] = mapped_column(String(254), default="")

    agency: Mapped[Agency] = relationship(back_populates="professionals")


class Involvement(Audited, Timestamped, Base):
    """A professional working with a case, in a role; one of them may lead."""

    __tablename__ = "involvements"
    __table_args__ = (UniqueConstraint("case_id", "professional_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    professional_id: Mapped[int] = mapped_column(
        ForeignKey("professionals.id", ondelete="RESTRICT")
    )
    role_on_case: Mapped[str] = mapped_column(String(200), default="")
    is_lead: Mapped[bool] = mapped_column(default=False)

    case: Mapped[Case] = relationship(back_populates="involvements")
    professional: Mapped[Professional] = relationship()
