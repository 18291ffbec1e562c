"""The ``tac-case`` format, version 1: its constants, the whole file (``CaseFile``, which
also checks the links between its lists), the case, its people and professionals, and
the JSON Schema generated from the models."""

# ruff: noqa: RUF012  (pydantic copies a list default for each item; ruff sees a model
# only when its BaseModel base is in the same file, and _Item is in checks.py)

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import ConfigDict, Field, field_validator, model_validator

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import CaseStatus, CopyKind, Nation, Sector
from tac_desktop.core.practice.readers import ItemKind
from tac_desktop.core.services.cases import (
    PersonDraft,
    valid_line,
    valid_name,
    valid_note,
    validate_person,
    validate_reference,
)
from tac_desktop.core.text import clean_line
from tac_desktop.core.transfer.checks import _Item, _Note
from tac_desktop.core.transfer.copies import CopyMarkItem
from tac_desktop.core.transfer.items import (
    ConsentItem,
    MeetingItem,
    SafetyPlanItem,
    SharingLogItem,
    TaskItem,
)

FORMAT = "tac-case"
VERSION = 1
MAX_FILE_BYTES = 50 * 1024 * 1024
SCHEMA_ID = "https://tac-desktop.invalid/schemas/tac-case-v1.schema.json"

# Lists that later releases fill; this one writes them empty and cannot import items yet.
# (Consents and the sharing log were the last of them: none is left.)
FUTURE_LISTS: tuple[str, ...] = ()
_FUTURE_WORDS: dict[str, str] = {}


# -- the file, the case, its people and professionals ---------------------------------


class ExportedBy(_Item):
    """The chair whose vault wrote the file."""

    name: str
    role: str = ""
    agency: str = ""


class CaseInfo(_Item):
    reference: str
    status: CaseStatus = CaseStatus.OPEN
    opened_on: date
    closed_on: date | None = None
    nation: Nation
    summary: str = ""
    subject: str | None = Field(default=None, description="the key of the subject in people")

    @field_validator("reference")
    @classmethod
    def _check_reference(cls, value: str) -> str:
        try:
            validate_reference(value)
        except InvalidInput as error:
            raise ValueError(str(error)) from None
        return value

    @field_validator("summary")
    @classmethod
    def _check_summary(cls, value: str) -> str:
        try:
            valid_note(value, "The summary")
        except InvalidInput as error:
            raise ValueError(str(error)) from None
        return value

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.closed_on is not None and self.closed_on < self.opened_on:
            raise ValueError(
                f"closed_on {self.closed_on.isoformat()} is before opened_on "
                f"{self.opened_on.isoformat()}"
            )
        return self


class PersonItem(_Item):
    key: str = Field(description="names this person inside the file (case.subject uses it)")
    name: str
    preferred_name: str = ""
    date_of_birth: date | None = None
    estimated_age: int | None = None
    declared_child: bool = False
    relationship_to_subject: str = ""
    lives_in_household: bool = True
    parental_responsibility: bool = False
    significant_contact: bool = False
    language: str = "English"
    interpreter_needed: bool = False
    notes: str = ""
    no_information: bool = Field(
        default=False,
        description="must not receive information about others: no copy of any meeting's "
        "papers goes to them",
    )
    no_information_reason: _Note = Field(default="", description="why; required when marked")

    def draft(self) -> PersonDraft:
        return PersonDraft(**{f.name: getattr(self, f.name) for f in fields(PersonDraft)})

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not clean_line(self.key) or len(self.key) > 40:
            raise ValueError("key must be a short piece of text (1 to 40 characters)")
        if self.no_information and not self.no_information_reason.strip():
            raise ValueError(
                "no_information_reason: say why this person must not receive information"
            )
        if not self.no_information and self.no_information_reason.strip():
            raise ValueError("no_information_reason should be empty: no_information is false")
        try:
            validate_person(self.draft())
        except InvalidInput as error:
            raise ValueError(str(error)) from None
        return self


class AgencyItem(_Item):
    name: str
    sector: Sector

    @model_validator(mode="after")
    def _check(self) -> Self:
        try:
            valid_name(self.name, "The agency's name")
        except InvalidInput as error:
            raise ValueError(str(error)) from None
        return self


class ProfessionalItem(_Item):
    name: str
    role: str = ""
    agency: str = Field(description="the name of an agency in agencies")
    sector: Sector = Field(description="that agency's sector")
    phone: str = ""
    secure_email: str = ""
    role_on_case: str = ""
    is_lead: bool = False

    @model_validator(mode="after")
    def _check(self) -> Self:
        try:
            valid_name(self.name, "The professional's name")
            valid_name(self.agency, "The agency's name")
            valid_line(self.role, "The role")
            valid_line(self.phone, "The phone number", 60)
            valid_line(self.secure_email, "The email address", 254)
            valid_line(self.role_on_case, "The role on the case")
        except InvalidInput as error:
            raise ValueError(str(error)) from None
        return self


class CaseFile(_Item):
    """A whole ``tac-case`` file, version 1, checked field by field and as a whole."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        title="TAC Desktop case file, version 1",
    )

    format: Literal["tac-case"]
    version: Literal[1]
    exported_at: datetime | None = None
    exported_by: ExportedBy | None = None
    program_version: str | None = None
    case: CaseInfo
    people: list[PersonItem]
    agencies: list[AgencyItem] = []
    professionals: list[ProfessionalItem] = []
    meetings: list[MeetingItem] = []
    tasks: list[TaskItem] = []
    consents: list[ConsentItem] = []
    sharing_log: list[SharingLogItem] = []
    safety_plans: list[SafetyPlanItem] = []
    copy_marks: list[CopyMarkItem] = Field(
        default=[], description="the chair's marks on who may read items of the record"
    )

    @model_validator(mode="after")
    def _check_links(self) -> Self:
        problems: list[str] = []
        keys: set[str] = set()
        for index, person in enumerate(self.people):
            if person.key in keys:
                problems.append(f"people[{index}].key: {person.key} is used twice")
            keys.add(person.key)
        if self.case.subject is not None and self.case.subject not in keys:
            problems.append(f"case.subject: {self.case.subject} is not the key of anyone in people")
        agencies: dict[tuple[str, Sector], int] = {}
        for index, agency in enumerate(self.agencies):
            ident = (clean_line(agency.name), agency.sector)
            if ident in agencies:
                problems.append(f"agencies[{index}]: {agency.name} is listed twice")
            agencies.setdefault(ident, index)
        used: set[tuple[str, Sector]] = set()
        seen: set[tuple[str, str, Sector]] = set()
        for index, professional in enumerate(self.professionals):
            ident = (clean_line(professional.agency), professional.sector)
            if ident not in agencies:
                problems.append(
                    f"professionals[{index}].agency: {professional.agency} "
                    f"({professional.sector.value}) is not in agencies"
                )
            used.add(ident)
            who = (clean_line(professional.name), *ident)
            if who in seen:
                problems.append(
                    f"professionals[{index}]: {professional.name} of {professional.agency} "
                    "is listed twice"
                )
            seen.add(who)
        for ident, index in agencies.items():
            if ident not in used:
                problems.append(
                    f"agencies[{index}]: no professional in the file works for {ident[0]}"
                )
        leads = [i for i, p in enumerate(self.professionals) if p.is_lead]
        if len(leads) > 1:
            problems.append(
                "professionals: only one can be the lead professional, but "
                + ", ".join(f"professionals[{i}]" for i in leads)
                + " all are"
            )
        problems.extend(self._meeting_links(keys))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _meeting_links(self, keys: set[str]) -> list[str]:
        problems: list[str] = []
        named: dict[tuple[str, str], int] = {}
        for professional in self.professionals:
            ident = (clean_line(professional.name), clean_line(professional.agency))
            named[ident] = named.get(ident, 0) + 1
        ids: set[str] = set()
        for m, meeting in enumerate(self.meetings):
            where = f"meetings[{m}]"
            if meeting.id in ids:
                problems.append(f"{where}.id: {meeting.id} is used twice")
            ids.add(meeting.id)
            sections: set[str] = set()
            for n, section in enumerate(meeting.sections):
                if section.key in sections:
                    problems.append(f"{where}.sections[{n}].key: {section.key} is used twice")
                sections.add(section.key)
            for a, attendee in enumerate(meeting.attendance):
                if attendee.person is not None and attendee.person not in keys:
                    problems.append(
                        f"{where}.attendance[{a}].person: {attendee.person} is not the key of "
                        "anyone in people"
                    )
                ref = attendee.professional
                if ref is not None:
                    count = named.get((clean_line(ref.name), clean_line(ref.agency)), 0)
                    if count != 1:
                        problems.append(
                            f"{where}.attendance[{a}].professional: {ref.name} of {ref.agency} "
                            + ("is not in professionals" if count == 0 else "is ambiguous")
                        )
            asked: set[tuple[str, str]] = set()
            for c, item in enumerate(meeting.considerations):
                if item.person is None:  # about someone who has left the case
                    continue
                if item.person not in keys:
                    problems.append(
                        f"{where}.considerations[{c}].person: {item.person} is not the key of "
                        "anyone in people"
                    )
                if (item.person, item.question_key) in asked:
                    problems.append(
                        f"{where}.considerations[{c}]: {item.question_key} is answered for "
                        f"{item.person} twice"
                    )
                asked.add((item.person, item.question_key))
            problems.extend(self._recipient_links(where, meeting, keys, named))
        problems.extend(self._task_links(keys, ids, named))
        problems.extend(self._mark_links(keys))
        problems.extend(self._sharing_links(keys, ids))
        for p, plan in enumerate(self.safety_plans):
            if plan.for_person is not None and plan.for_person not in keys:
                problems.append(
                    f"safety_plans[{p}].for_person: {plan.for_person} is not the key of "
                    "anyone in people"
                )
        return problems

    def _recipient_links(
        self, where: str, meeting: MeetingItem, keys: set[str], named: dict[tuple[str, str], int]
    ) -> list[str]:
        """A distribution list names people and professionals in the file, and sends
        nothing to someone who must not receive information about others."""
        problems: list[str] = []
        marked = {p.key for p in self.people if p.no_information}
        for r, recipient in enumerate(meeting.distribution):
            at = f"{where}.distribution[{r}]"
            if recipient.person is not None and recipient.person not in keys:
                problems.append(
                    f"{at}.person: {recipient.person} is not the key of anyone in people"
                )
            if recipient.person in marked and recipient.copy_kind is not CopyKind.NONE:
                problems.append(
                    f"{at}.copy_kind: {recipient.person} must not receive information about "
                    f"others (no_information), so copy_kind should be none, not "
                    f"{recipient.copy_kind.value}"
                )
            ref = recipient.professional
            if ref is not None:
                count = named.get((clean_line(ref.name), clean_line(ref.agency)), 0)
                if count != 1:
                    problems.append(
                        f"{at}.professional: {ref.name} of {ref.agency} "
                        + ("is not in professionals" if count == 0 else "is ambiguous")
                    )
        return problems

    def _mark_links(self, keys: set[str]) -> list[str]:
        """Each mark names an item in the file, once; and only people in it."""
        problems: list[str] = []
        meetings = {m.id: m for m in self.meetings}
        marked: dict[tuple[object, ...], int] = {}
        for n, mark in enumerate(self.copy_marks):
            where = f"copy_marks[{n}]"
            if mark.reference() in marked:
                problems.append(
                    f"{where}: marks the same item as copy_marks[{marked[mark.reference()]}]"
                )
            marked.setdefault(mark.reference(), n)
            for w, withheld in enumerate(mark.withheld_from):
                if withheld.person not in keys:
                    problems.append(
                        f"{where}.withheld_from[{w}].person: {withheld.person} is not the key "
                        "of anyone in people"
                    )
            problem = _missing_item(mark, meetings, len(self.tasks), keys)
            if problem:
                problems.append(f"{where}.{problem}")
        return problems

    def _sharing_links(self, keys: set[str], ids: set[str]) -> list[str]:
        problems: list[str] = []
        consents: set[str] = set()
        overrides: dict[str, str] = {}
        for c, item in enumerate(self.consents):
            where = f"consents[{c}]"
            if item.key in consents:
                problems.append(f"{where}.key: {item.key} is used twice")
            consents.add(item.key)
            if item.person is not None and item.person not in keys:
                problems.append(f"{where}.person: {item.person} is not the key of anyone in people")
            for o, override in enumerate(item.overrides):
                if override.key in overrides:
                    problems.append(f"{where}.overrides[{o}].key: {override.key} is used twice")
                overrides[override.key] = item.key
        for n, entry in enumerate(self.sharing_log):
            where = f"sharing_log[{n}]"
            if entry.consent is not None and entry.consent not in consents:
                problems.append(f"{where}.consent: {entry.consent} is not the key of a consent")
            if entry.override is not None:
                if entry.override not in overrides:
                    problems.append(
                        f"{where}.override: {entry.override} is not the key of a decision to "
                        "share without agreement"
                    )
                elif entry.consent is not None and overrides[entry.override] != entry.consent:
                    problems.append(
                        f"{where}.override: {entry.override} belongs to consent "
                        f"{overrides[entry.override]}, not {entry.consent}"
                    )
            if entry.meeting is not None and entry.meeting not in ids:
                problems.append(f"{where}.meeting: {entry.meeting} is not the id of a meeting")
        return problems

    def _task_links(
        self, keys: set[str], ids: set[str], named: dict[tuple[str, str], int]
    ) -> list[str]:
        problems: list[str] = []

        def meeting(where: str, value: str | None) -> None:
            if value is not None and value not in ids:
                problems.append(f"{where}.meeting: {value} is not the id of a meeting")

        def person(where: str, value: str | None) -> None:
            if value is not None and value not in keys:
                problems.append(f"{where}: {value} is not the key of anyone in people")

        for t, task in enumerate(self.tasks):
            where = f"tasks[{t}]"
            meeting(where, task.meeting)
            person(f"{where}.owner_person", task.owner_person)
            person(f"{where}.for_person", task.for_person)
            ref = task.owner_professional
            if ref is not None:
                count = named.get((clean_line(ref.name), clean_line(ref.agency)), 0)
                if count != 1:
                    problems.append(
                        f"{where}.owner_professional: {ref.name} of {ref.agency} "
                        + ("is not in professionals" if count == 0 else "is ambiguous")
                    )
            for u, update in enumerate(task.updates):
                meeting(f"{where}.updates[{u}]", update.meeting)
            for c, challenge in enumerate(task.challenges):
                meeting(f"{where}.challenges[{c}]", challenge.meeting)
        return problems


def _missing_item(
    mark: CopyMarkItem, meetings: dict[str, MeetingItem], tasks: int, keys: set[str]
) -> str:
    """Why the item a mark names is not in the file ("" when it is)."""
    position = mark.position or 0
    if mark.kind is ItemKind.TASK:
        return "" if position < tasks else f"position: there is no tasks[{position}]"
    meeting = meetings.get(mark.meeting or "")
    if meeting is None:
        return f"meeting: {mark.meeting} is not the id of a meeting"
    if mark.kind is ItemKind.SECTION:
        if any(section.key == mark.section for section in meeting.sections):
            return ""
        return f"section: meeting {meeting.id} has no section {mark.section}"
    if mark.kind is ItemKind.CONSIDERATION:
        if mark.person is not None and mark.person not in keys:
            return f"person: {mark.person} is not the key of anyone in people"
        asked = {(c.person, c.question_key) for c in meeting.considerations}
        if (mark.person, mark.question_key) in asked:
            return ""
        whom = mark.person if mark.person is not None else "someone who left the case"
        return (
            f"question_key: meeting {meeting.id} has no answer to {mark.question_key} about {whom}"
        )
    lists: dict[ItemKind, tuple[str, Sequence[object]]] = {
        ItemKind.REPORT: ("attendance", meeting.attendance),
        ItemKind.DECISION: ("decisions", meeting.decisions),
        ItemKind.DIFFERING_VIEW: ("differing_views", meeting.differing_views),
    }
    name, items = lists[mark.kind]
    if position < len(items):
        return ""
    return f"position: meeting {meeting.id} has no {name}[{position}]"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of version 1 (links between lists are checked by ``CaseFile``)."""
    schema = CaseFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
