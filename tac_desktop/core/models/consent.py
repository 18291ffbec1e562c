"""Consent to share information, decisions to share without it, and the sharing log.

- ``Consent``: what one person (or someone with parental responsibility for them, or a
  young person for themselves) said about sharing information about them with one
  agency, or for one purpose: given, refused, withdrawn, or not asked (and why not).
- ``SharingOverride``: a decision to share although consent was refused or withdrawn. It
  is only made on set grounds, with a line manager's approval, and records whether the
  person was told (and if not, why not).
- ``SharingLogEntry``: every decision to share or NOT to share, made by hand (a phone
  call) or written automatically when a document goes to an agency.

Names are copied in (``person_name``), as elsewhere: the record reads the same if the
person later leaves the case.
"""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tac_desktop.core.models.base import Audited, Base, Timestamped
from tac_desktop.core.models.case import enum_column
from tac_desktop.core.models.safety_plan import RecipientKind


class ConsentGiver(enum.Enum):
    """Who answered for the person the consent is about."""

    THE_PERSON = "the_person"  # an adult, about themselves
    PARENTAL_RESPONSIBILITY = "parental_responsibility"  # for a child
    YOUNG_PERSON = "young_person"  # a young person old enough to decide for themselves

    @property
    def label(self) -> str:
        return {
            "the_person": "The person themselves",
            "parental_responsibility": "Someone with parental responsibility",
            "young_person": "The young person, for themselves",
        }[self.value]


class ConsentStatus(enum.Enum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    NOT_SOUGHT = "not_sought"

    @property
    def label(self) -> str:
        return {
            "given": "Agreed",
            "refused": "Did not agree",
            "withdrawn": "Agreed, then changed their mind",
            "not_sought": "Not asked",
        }[self.value]

    @property
    def allows_sharing(self) -> bool:
        return self is ConsentStatus.GIVEN


class ConsentHow(enum.Enum):
    WRITTEN = "written"
    VERBAL = "verbal"

    @property
    def label(self) -> str:
        return {"written": "In writing", "verbal": "Said out loud"}[self.value]


class OverrideGrounds(enum.Enum):
    """The only grounds on which information is shared when consent was refused."""

    CHILD_SIGNIFICANT_HARM = "child_significant_harm"
    ADULT_SERIOUS_HARM = "adult_serious_harm"
    HARM_TO_ANOTHER = "harm_to_another"
    PUBLIC_INTEREST = "public_interest"

    @property
    def label(self) -> str:
        return {
            "child_significant_harm": "A child is at risk of significant harm",
            "adult_serious_harm": "An adult is at risk of serious harm",
            "harm_to_another": "Another person could come to significant harm",
            "public_interest": "It is in the public interest",
        }[self.value]


class InformationKind(enum.Enum):
    DOCUMENT = "document"
    INFORMATION = "information"  # said on the phone, in person, in an email

    @property
    def label(self) -> str:
        return {"document": "A document", "information": "Information"}[self.value]


class ShareMethod(enum.Enum):
    SECURE_EMAIL = "secure_email"
    POST = "post"
    BY_HAND = "by_hand"
    PHONE = "phone"
    IN_PERSON = "in_person"
    AT_MEETING = "at_meeting"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "secure_email": "By secure email",
            "post": "By post",
            "by_hand": "By hand",
            "phone": "On the phone",
            "in_person": "Face to face",
            "at_meeting": "At a meeting",
            "other": "Another way",
        }[self.value]


class Consent(Audited, Timestamped, Base):
    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    person_name: Mapped[str] = mapped_column(String(200))  # whom the information is about
    given_by: Mapped[ConsentGiver] = mapped_column(enum_column(ConsentGiver))
    given_by_name: Mapped[str] = mapped_column(String(200), default="")  # who answered
    # An agency's name, or empty for every agency working with the family.
    agency: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ConsentStatus] = mapped_column(enum_column(ConsentStatus))
    decided_on: Mapped[date]
    how: Mapped[ConsentHow | None] = mapped_column(enum_column(ConsentHow))  # None: not asked
    not_sought_reason: Mapped[str] = mapped_column(Text, default="")
    review_on: Mapped[date | None]
    # A refusal while the need goes on: when to ask again.
    raise_again_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")

    overrides: Mapped[list[SharingOverride]] = relationship(
        back_populates="consent", cascade="all, delete-orphan", order_by="SharingOverride.id"
    )


class SharingOverride(Audited, Timestamped, Base):
    """A decision to share although the person did not agree (or changed their mind)."""

    __tablename__ = "sharing_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    consent_id: Mapped[int] = mapped_column(
        ForeignKey("consents.id", ondelete="CASCADE"), index=True
    )
    grounds: Mapped[OverrideGrounds] = mapped_column(enum_column(OverrideGrounds))
    reasons: Mapped[str] = mapped_column(Text)  # the facts the decision rests on
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_on: Mapped[date]
    approved_by: Mapped[str] = mapped_column(String(200))  # the line manager
    approved_on: Mapped[date]
    person_told: Mapped[bool]
    not_told_reason: Mapped[str] = mapped_column(Text, default="")

    consent: Mapped[Consent] = relationship(back_populates="overrides")


class SharingLogEntry(Audited, Timestamped, Base):
    """One decision to share, or not to share, with whom and on what footing."""

    __tablename__ = "sharing_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[InformationKind] = mapped_column(enum_column(InformationKind))
    what: Mapped[str] = mapped_column(Text)
    recipient: Mapped[str] = mapped_column(String(200))  # the agency or the person
    recipient_kind: Mapped[RecipientKind] = mapped_column(enum_column(RecipientKind))
    contact: Mapped[str] = mapped_column(String(200), default="")  # the named person reached
    why: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(Text)  # the consent or grounds, in words
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consents.id", ondelete="SET NULL"))
    override_id: Mapped[int | None] = mapped_column(
        ForeignKey("sharing_overrides.id", ondelete="SET NULL")
    )
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_on: Mapped[date]
    how: Mapped[ShareMethod | None] = mapped_column(enum_column(ShareMethod))  # None: not sent
    shared: Mapped[bool]  # False: a decision NOT to share, logged all the same
    automatic: Mapped[bool] = mapped_column(default=False)
    # What wrote an automatic entry ("minutes", "outcome_summary", "safety_plan"), and the
    # meeting it came from, so marking minutes "not sent after all" can take its own back.
    source: Mapped[str] = mapped_column(String(40), default="")
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
