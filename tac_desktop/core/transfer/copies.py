"""The items of a case file that say who reads what: the chair's marks on items of the
record (``copy_marks``) and a finalised meeting's distribution list (a meeting's
``distribution``).

In the vault a mark names its item by a key built from database ids
(``practice.readers.item_key``); in the file it names it in the file's own terms: the
``id`` of a meeting, the ``key`` of a section or a person, a Think Family question, or a
place (counting from 0) in a meeting's ``attendance``, ``decisions`` or
``differing_views``, or in ``tasks``. Import builds the vault's keys again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from tac_desktop.core.models import Audience, CopyKind, Delivery
from tac_desktop.core.practice.readers import ItemKind
from tac_desktop.core.services.distribution import EMAIL_ADDRESS
from tac_desktop.core.transfer.checks import (
    ProfessionalRef,
    _check_question,
    _Day,
    _FilledNote,
    _Item,
    _Key,
    _Line,
    _Name,
    _text_check,
)

# What each kind of mark names its item by; ``person`` of an answer may be null.
MARK_NEEDS: dict[ItemKind, tuple[str, ...]] = {
    ItemKind.SECTION: ("meeting", "section"),
    ItemKind.REPORT: ("meeting", "position"),
    ItemKind.CONSIDERATION: ("meeting", "question_key"),
    ItemKind.DECISION: ("meeting", "position"),
    ItemKind.DIFFERING_VIEW: ("meeting", "position"),
    ItemKind.TASK: ("position",),
}
MARK_WORDS: dict[ItemKind, str] = {
    ItemKind.SECTION: "a section's notes",
    ItemKind.REPORT: "a written report",
    ItemKind.CONSIDERATION: "a Think Family answer",
    ItemKind.DECISION: "a decision",
    ItemKind.DIFFERING_VIEW: "a differing view",
    ItemKind.TASK: "a task",
}
REFERENCES = ("meeting", "section", "person", "question_key", "position")


class WithheldItem(_Item):
    """A family member a marked item must never reach."""

    person: str = Field(description="the key of this person in people")
    person_name: _Name = Field(description="their name as it was when the item was marked")


class CopyMarkItem(_Item):
    """The chair's decision about who may read one item of the record, with the reason."""

    kind: ItemKind = Field(description="what is marked: the item's kind")
    meeting: str | None = Field(
        default=None, description="the id of the item's meeting in meetings; null for a task"
    )
    section: _Key | None = Field(default=None, description="the key of the section (section)")
    person: str | None = Field(
        default=None,
        description="the key in people of whom the answer is about (consideration); null once "
        "they have left the case",
    )
    question_key: Annotated[str, AfterValidator(_check_question)] | None = Field(
        default=None, description="the Think Family question answered (consideration)"
    )
    position: int | None = Field(
        default=None,
        description="the item's place, counting from 0: in the meeting's attendance (report), "
        "decisions (decision) or differing_views (view), or in tasks (task)",
    )
    audience: Audience = Field(
        description="everyone: every copy but those of the people in withheld_from; named: "
        "professionals and only the family members in withheld_from; professionals: no "
        "family copy"
    )
    reason: _FilledNote = Field(description="why, as the chair gave it")
    marked_by: _Line = ""
    marked_at: datetime
    withheld_from: list[WithheldItem] = Field(
        default=[],
        description="the family members it names: those it must never reach (everyone), "
        "or the only ones who may read it (named)",
    )

    def reference(self) -> tuple[object, ...]:
        """What the mark names, the same for two marks on one item."""
        return (self.kind, *(getattr(self, name) for name in REFERENCES))

    @model_validator(mode="after")
    def _check(self) -> Self:
        problems: list[str] = []
        needs = MARK_NEEDS[self.kind]
        allowed = (*needs, "person") if self.kind is ItemKind.CONSIDERATION else needs
        what = MARK_WORDS[self.kind]
        for name in REFERENCES:
            value = getattr(self, name)
            if name in needs and value is None:
                problems.append(f"{name}: a mark on {what} names it, but it is null")
            elif name not in allowed and value is not None:
                problems.append(f"{name} should be null for a mark on {what}")
        if self.position is not None and self.position < 0:
            problems.append(f"position: {self.position} is not a place in a list (0, 1, 2, ...)")
        seen: set[str] = set()
        for n, withheld in enumerate(self.withheld_from):
            if withheld.person in seen:
                problems.append(f"withheld_from[{n}].person: {withheld.person} is named twice")
            seen.add(withheld.person)
        if problems:
            raise ValueError("; ".join(problems))
        return self


class RecipientItem(_Item):
    """One line of a finalised meeting's distribution list: who gets which copy, and how."""

    name: _Name
    role: _Line = ""
    agency: _Line = Field(default="", description="the agency's name; empty for the family")
    person: str | None = Field(
        default=None,
        description="the key in people of a family member; null for anyone else, and once "
        "they have left the case",
    )
    professional: ProfessionalRef | None = Field(
        default=None, description="this professional in professionals; null if not linked"
    )
    copy_kind: CopyKind = Field(description="which copy of the papers they get")
    delivery: Delivery = Field(description="how their copy reaches them")
    email: Annotated[str, _text_check(254, required=False, single_line=True)] = ""
    summary_sent_on: _Day | None = Field(
        default=None, description="when their decision summary was sent; null until then"
    )
    minutes_sent_on: _Day | None = Field(
        default=None, description="when their minutes were sent; null until then"
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        # Only what the distribution list itself can hold (services.distribution).
        problems: list[str] = []
        if self.person is not None and self.professional is not None:
            problems.append("linked to both a person and a professional; only one can be")
        if self.person is not None and self.copy_kind in (CopyKind.FULL, CopyKind.AGENCY):
            problems.append(
                f"copy_kind: a member of the family gets a family copy or none, not "
                f"{self.copy_kind.value}"
            )
        if self.copy_kind is CopyKind.AGENCY and not self.agency.strip():
            problems.append("agency: say which agency the agency's copy is for")
        email = self.email.strip()
        if (
            self.copy_kind is not CopyKind.NONE
            and self.delivery is Delivery.SECURE_EMAIL
            and not email
        ):
            problems.append("email: the copy goes by secure email, but no address is given")
        if email and not EMAIL_ADDRESS.match(email):
            problems.append(f"email: {email} does not look like an email address")
        if problems:
            raise ValueError("; ".join(problems))
        return self


def distribution_problems(
    recipients: Sequence[RecipientItem], held_on: date, finalised: bool
) -> list[str]:
    """What is wrong with a meeting's distribution list, given the meeting's day and
    whether it is finalised (a draft has no list)."""
    if recipients and not finalised:
        return ["a draft has no distribution list (it says who gets the finalised papers)"]
    problems: list[str] = []
    for r, recipient in enumerate(recipients):
        for name in ("summary_sent_on", "minutes_sent_on"):
            sent = getattr(recipient, name)
            if sent is not None and sent < held_on:
                problems.append(
                    f"distribution[{r}].{name} {sent.isoformat()} is before the meeting"
                )
            if sent is not None and sent > date.today() + timedelta(days=1):
                problems.append(f"distribution[{r}].{name} {sent.isoformat()} is in the future")
    return problems
