"""The case transfer file: one whole case as documented, versioned JSON.

Used to hand a case to another chair and to answer a subject access request. It carries
the case, its people and professionals, its meetings (a finalised one is imported as the
record it is, with its amendments; a draft stays a draft), its tasks, with their
updates and challenges, its safety plans, with every version and whom it was sent to,
and its consent register and information-sharing log. The format is described in
``docs/case-file-format.md``; its JSON Schema, generated from the models below, is
``resources/schemas/tac-case-v1.schema.json``.

Reading validates the whole file before anything touches a vault, and every refusal is
an ``InvalidInput`` naming what is wrong in plain words (``people[2].date_of_birth:
2031-02-30 is not a real date``). Importing is one unit of work: all or nothing.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tac_desktop import __version__
from tac_desktop.core import files
from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    Agency,
    Amendment,
    Attendance,
    AttendanceMode,
    Case,
    CaseStatus,
    Chair,
    Consent,
    ConsentGiver,
    ConsentHow,
    ConsentStatus,
    Consideration,
    Decision,
    DifferingView,
    Dissent,
    EarlyReviewRequest,
    InformationKind,
    Involvement,
    Meeting,
    MeetingSection,
    MeetingStatus,
    Nation,
    NotDoneReason,
    OverrideGrounds,
    Person,
    PlanShape,
    Professional,
    RecipientKind,
    SafetyPlan,
    SafetyPlanSend,
    SafetyPlanVersion,
    ScalingScore,
    Sector,
    SendMethod,
    ShareMethod,
    SharingLogEntry,
    SharingOverride,
    Task,
    TaskChallenge,
    TaskStatus,
    TaskUpdate,
)
from tac_desktop.core.practice.agenda import Part
from tac_desktop.core.practice.safety_plans import (
    PlanContent,
    content_from_json,
    content_from_text,
    content_to_json,
    content_to_text,
    sections_for,
)
from tac_desktop.core.practice.think_family import (
    QUESTION_BY_KEY,
    Answer,
    FollowUp,
    Procedure,
    Role,
    needs_follow_up,
)
from tac_desktop.core.services import safety_plans
from tac_desktop.core.services.cases import (
    MAX_NAME,
    MAX_NOTE,
    PersonDraft,
    find_or_add_agency,
    valid_line,
    valid_name,
    valid_note,
    validate_person,
    validate_reference,
)
from tac_desktop.core.text import clean_line
from tac_desktop.core.vault import Vault, audit

FORMAT = "tac-case"
VERSION = 1
MAX_FILE_BYTES = 50 * 1024 * 1024
SCHEMA_ID = "https://tac-desktop.invalid/schemas/tac-case-v1.schema.json"
_MAX_REPORTED = 5  # problems listed in one message; the rest are counted
_Day = date  # a meeting has a field called "date"; its type is named apart from it

# Lists that later releases fill; this one writes them empty and cannot import items yet.
# (Consents and the sharing log were the last of them: none is left.)
FUTURE_LISTS: tuple[str, ...] = ()
_FUTURE_WORDS: dict[str, str] = {}


class ReferenceTaken(InvalidInput):
    """The vault already has a case with the reference being imported."""


# -- the format, as validating models ------------------------------------------------


class _Item(BaseModel):
    # Strict: "12" is not 12, 1.0 is not 1, and dates are only YYYY-MM-DD text.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


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

    def draft(self) -> PersonDraft:
        return PersonDraft(**{f.name: getattr(self, f.name) for f in fields(PersonDraft)})

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not clean_line(self.key) or len(self.key) > 40:
            raise ValueError("key must be a short piece of text (1 to 40 characters)")
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


# -- meetings ---------------------------------------------------------------------------


def _text_check(limit: int, required: bool, single_line: bool) -> AfterValidator:
    """Checks a text field as typing it in would, keeping the value as the file has it."""

    def check(value: str) -> str:
        size = len(clean_line(value) if single_line else value)
        if required and not (clean_line(value) if single_line else value.strip()):
            raise ValueError("cannot be empty")
        if size > limit:
            raise ValueError(f"is too long (at most {limit:,} characters)")
        return value

    return AfterValidator(check)


# Single-line text (names, roles, places) and notes (may span lines), as in the program.
_Line = Annotated[str, _text_check(MAX_NAME, required=False, single_line=True)]
_Name = Annotated[str, _text_check(MAX_NAME, required=True, single_line=True)]
_Key = Annotated[str, _text_check(60, required=True, single_line=True)]
_Note = Annotated[str, _text_check(MAX_NOTE, required=False, single_line=False)]
_FilledNote = Annotated[str, _text_check(MAX_NOTE, required=True, single_line=False)]


def _check_start_time(value: str) -> str:
    if value:  # exactly HH:MM, as the program writes it
        try:
            written = datetime.strptime(value, "%H:%M").strftime("%H:%M")
        except ValueError:
            written = ""
        if written != value:
            raise ValueError(f"{value} is not a time written HH:MM, such as 09:30 (or empty)")
    return value


def _check_question(value: str) -> str:
    if value not in QUESTION_BY_KEY:
        raise ValueError(f"{value} is not one of the Think Family questions")
    return value


def _check_score(value: int) -> int:
    if not 0 <= value <= 10:
        raise ValueError(f"{value} is not a scaling score (a whole number from 0 to 10)")
    return value


def _check_file_key(value: str) -> str:
    if not clean_line(value) or len(value) > 40:
        raise ValueError("should be a short piece of text (1 to 40 characters)")
    return value


_FileKey = Annotated[str, AfterValidator(_check_file_key)]


class ProfessionalRef(_Item):
    """A professional in ``professionals``, by name and agency name."""

    name: _Name
    agency: _Name


class SectionItem(_Item):
    """One agenda section as it was run (the template's words are copied in)."""

    key: _Key
    title: _Name
    prompt: _Note = ""
    parts: list[Part] = Field(default=[Part.NOTES], description="what the section holds")
    notes: _Note = ""
    marked_complete: bool = False
    restricted: bool = Field(
        default=False, description="left out of agencies' copies of the minutes (need-to-know)"
    )


class AttendanceItem(_Item):
    """Someone invited to the meeting, and how they took part."""

    name: _Name
    role: _Line = ""
    agency: _Line = ""
    person: str | None = Field(
        default=None, description="the key of this person in people; null if not a linked person"
    )
    professional: ProfessionalRef | None = Field(
        default=None, description="this professional in professionals; null if not linked"
    )
    mode: AttendanceMode = AttendanceMode.INVITED
    represented_by: _Line = ""
    report_text: _Note = ""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.person is not None and self.professional is not None:
            raise ValueError(
                "this attendee is linked to both a person and a professional; only one can be"
            )
        return self


class ConsiderationItem(_Item):
    """One Think Family question answered (or still open) for one person."""

    person: str | None = Field(
        description="the key of the person in people; null once they have left the case"
    )
    person_name: _Name
    role: Role
    question_key: Annotated[str, AfterValidator(_check_question)]
    question_text: _FilledNote
    answer: Answer | None = None
    reason: _Note = ""
    follow_up: FollowUp | None = None
    procedure: Procedure | None = None
    follow_up_detail: _Note = ""
    due_on: date | None = None
    referral_confirmed: bool = False

    @model_validator(mode="after")
    def _check(self) -> Self:
        # Only what the program itself can record: a "no" (or no answer yet) leads
        # nowhere, and only a referral names a procedure or is confirmed.
        problems: list[str] = []
        if not needs_follow_up(self.answer):
            filled = [
                name
                for name in ("follow_up", "procedure", "follow_up_detail", "due_on")
                if getattr(self, name) not in (None, "")
            ]
            if self.referral_confirmed:
                filled.append("referral_confirmed")
            if filled:
                answer = self.answer.value if self.answer is not None else "null"
                problems.append(
                    f"{', '.join(filled)} should be empty: only an answer of yes or not_known "
                    f"leads somewhere, and the answer is {answer}"
                )
        elif self.follow_up is not FollowUp.REFERRAL:
            follow_up = self.follow_up.value if self.follow_up is not None else "null"
            if self.procedure is not None:
                problems.append(f"procedure is only for a referral, but follow_up is {follow_up}")
            if self.referral_confirmed:
                problems.append(
                    f"referral_confirmed is only for a referral, but follow_up is {follow_up}"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self


class ScoreItem(_Item):
    participant: _Name
    score: Annotated[int, AfterValidator(_check_score)] = Field(description="0 to 10")
    comment: _Note = ""


class DifferingViewItem(_Item):
    topic: _FilledNote
    views: _FilledNote = Field(description="who holds which view")
    resolution: _Note = ""
    escalated_to: _Line = ""


class DissentItem(_Item):
    who: _Name = Field(description="the person or agency who disagreed")
    reason: _FilledNote


class DecisionItem(_Item):
    """What the meeting decided, with anyone who disagreed and why."""

    text: _FilledNote
    dissents: list[DissentItem] = []


class EarlyReviewItem(_Item):
    requested_by: _Name
    reason: _FilledNote
    outcome: _Note = ""


class AmendmentItem(_Item):
    """A dated, signed correction to a finalised meeting; the original stays as it was."""

    made_at: datetime
    author: _Line = ""
    section_key: Annotated[str, _text_check(60, required=False, single_line=True)] = ""
    text: _FilledNote
    reason: _FilledNote


class MeetingItem(_Item):
    """A meeting on the case, draft or finalised, with everything recorded in it."""

    id: _FileKey = Field(
        description="names this meeting inside the file only; not an id in any vault"
    )
    template_id: _Key
    title: _Name
    about: Literal["child", "adult"] = "child"
    date: _Day = Field(description="the day the meeting is held")
    start_time: Annotated[str, AfterValidator(_check_start_time)] = ""
    venue: _Line = ""
    chair_name: _Line = ""
    status: MeetingStatus
    next_review_on: _Day | None = None
    finalised_at: datetime | None = None
    decision_summary_due: _Day | None = None
    minutes_due: _Day | None = None
    decision_summary_sent_on: _Day | None = None
    minutes_sent_on: _Day | None = None
    sections: list[SectionItem] = []
    attendance: list[AttendanceItem] = []
    considerations: list[ConsiderationItem] = []
    scaling_scores: list[ScoreItem] = []
    differing_views: list[DifferingViewItem] = []
    decisions: list[DecisionItem] = []
    early_review_requests: list[EarlyReviewItem] = []
    amendments: list[AmendmentItem] = []

    @model_validator(mode="after")
    def _check(self) -> Self:
        problems: list[str] = []
        if self.next_review_on is not None and self.next_review_on < self.date:
            problems.append(
                f"next_review_on {self.next_review_on.isoformat()} is before the meeting's "
                f"date {self.date.isoformat()}"
            )
        for name in ("decision_summary_sent_on", "minutes_sent_on"):
            sent = getattr(self, name)
            if sent is not None and sent < self.date:
                problems.append(f"{name} {sent.isoformat()} is before the meeting")
            if sent is not None and sent > date.today() + timedelta(days=1):
                problems.append(f"{name} {sent.isoformat()} is in the future")
        if self.status is MeetingStatus.FINALISED:
            if self.finalised_at is None:
                problems.append("a finalised meeting needs finalised_at (when it was finalised)")
        else:
            for name in (
                "finalised_at",
                "decision_summary_due",
                "minutes_due",
                "decision_summary_sent_on",
                "minutes_sent_on",
            ):
                if getattr(self, name) is not None:
                    problems.append(f"{name} is only for a finalised meeting, but this is a draft")
            if self.amendments:
                problems.append("a draft has no amendments (it can still be edited directly)")
        if problems:
            raise ValueError("; ".join(problems))
        return self


# -- tasks ------------------------------------------------------------------------------


class TaskUpdateItem(_Item):
    """What happened to a task, said at a meeting (``meeting``) or between meetings."""

    made_at: datetime
    meeting: str | None = Field(
        default=None, description="the id of the meeting it was said at, in meetings; or null"
    )
    status: TaskStatus
    new_due_on: _Day | None = None
    not_done_reason: NotDoneReason | None = None
    note: _Note = ""

    @model_validator(mode="after")
    def _check(self) -> Self:
        # Only what the program itself can record.
        problems: list[str] = []
        if self.status is TaskStatus.NOT_DONE:
            if self.not_done_reason is None:
                problems.append("a task not done needs not_done_reason (could_not or was_not)")
            if not self.note.strip():
                problems.append("a task not done needs a note saying why")
        elif self.not_done_reason is not None:
            problems.append(
                f"not_done_reason is only for a task not done, but status is {self.status.value}"
            )
        if self.status is TaskStatus.IN_PROGRESS and self.new_due_on is None:
            problems.append("a task still in progress needs new_due_on (its new due date)")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class TaskChallengeItem(_Item):
    """A task not done twice running, raised with its agency (and maybe escalated)."""

    meeting: str | None = Field(
        default=None, description="the id of the meeting it was raised at, in meetings; or null"
    )
    raised_by: _Name
    agency_response: _Note = ""
    escalated_to: _Line = Field(default="", description="empty: not escalated")


class TaskItem(_Item):
    """A task the team agreed: who does what, by when, and what happened to it."""

    description: _FilledNote
    agency: _Line | None = Field(
        default=None, description="the name of the agency that does it; null for a family member"
    )
    agency_sector: Sector | None = Field(
        default=None, description="that agency's sector, where known"
    )
    due: _Day
    status: TaskStatus = TaskStatus.NOT_STARTED
    meeting: str | None = Field(
        default=None, description="the id of the meeting that agreed it, in meetings; or null"
    )
    owner_name: _Line = Field(default="", description="who does it, as named on the task")
    owner_professional: ProfessionalRef | None = Field(
        default=None, description="the owner in professionals; null if not linked"
    )
    owner_person: str | None = Field(
        default=None, description="the key in people of a family member who does it; or null"
    )
    for_person: str | None = Field(
        default=None, description="the key in people of the person it is for; or null"
    )
    for_need: _Note = ""
    outcome: _Note = ""
    updates: list[TaskUpdateItem] = []
    challenges: list[TaskChallengeItem] = []

    @model_validator(mode="after")
    def _check(self) -> Self:
        problems: list[str] = []
        if self.agency_sector is not None and self.agency is None:
            problems.append("agency_sector is given, but agency is null")
        if self.agency is not None and not clean_line(self.agency):
            problems.append("agency should be null or an agency's name, not empty text")
        if self.owner_professional is not None and self.owner_person is not None:
            problems.append(
                "the owner is linked to both a professional and a person; only one can be"
            )
        if problems:
            raise ValueError("; ".join(problems))
        return self


# -- safety plans -----------------------------------------------------------------------

_Point = Annotated[str, _text_check(safety_plans.MAX_POINT, required=False, single_line=True)]
_FilledPoint = Annotated[str, _text_check(safety_plans.MAX_POINT, required=True, single_line=True)]
_Phone = Annotated[str, _text_check(safety_plans.MAX_PHONE, required=False, single_line=True)]


class PlanContactItem(_Item):
    """Someone in the safety network, a person to ask for help, or a service."""

    name: _Name
    role: _Line = Field(default="", description="who they are: relationship or role")
    phone: _Phone = ""
    does: _Point = Field(default="", description="what they do for the plan")


class PlanWorryItem(_Item):
    worry: _FilledPoint = Field(description="the danger statement")
    goal: _Point = Field(default="", description="the safety goal that answers it")


class PlanRuleItem(_Item):
    rule: _FilledPoint
    kept_by: list[_Name] = Field(
        default=[], description="names in the plan's network who make sure it is kept"
    )


class PlanViewItem(_Item):
    worry: _FilledPoint = Field(description="a worry not everyone shares")
    agree: _Point = Field(default="", description="who agrees with it")
    disagree: _Point = Field(default="", description="who does not")


class PlanSectionsItem(_Item):
    """What a plan says, by section. A plan fills only the sections of its shape; TAC
    Desktop writes every one of them, empty or not."""

    worries: list[PlanWorryItem] = []
    rules: list[PlanRuleItem] = []
    network: list[PlanContactItem] = []
    triggers: list[_Point] = []
    working: list[_Point] = []
    not_working: list[_Point] = []
    disagreements: list[PlanViewItem] = []
    warning_signs: list[_Point] = []
    on_my_own: list[_Point] = []
    take_my_mind_off: list[_Point] = []
    ask_for_help: list[PlanContactItem] = []
    services: list[PlanContactItem] = []
    safe_surroundings: list[_Point] = []
    reasons_for_living: list[_Point] = []
    code_word: list[_Point] = []
    ready_to_leave: list[_Point] = []

    def content(self, shape: PlanShape, *, draft: bool = False) -> PlanContent:
        """The sections as the program holds them, checked as typing them in would be (a
        draft as the screen saves it: what is not right yet is kept, as typed)."""
        data = self.model_dump(exclude_defaults=True)
        known = {section.key for section in sections_for(shape)}
        for key in data:
            if key not in known:
                raise InvalidInput(f"{key} is not a section of a {shape.value} plan")
        check = safety_plans.tidy_draft if draft else safety_plans.validate_content
        return check(shape, content_from_json(data, shape))


class PlanSendItem(_Item):
    """A version sent to (or read with) an agency or a person."""

    recipient: _Name
    recipient_kind: RecipientKind = RecipientKind.AGENCY
    sent_on: _Day
    how: SendMethod
    note: _Point = ""


class PlanVersionItem(_Item):
    """One issued version of a plan: a record, imported as written."""

    number: int = Field(description="1 for the first version, then 2, 3, ...")
    issued_on: _Day
    reason: _FilledPoint = Field(description="why the plan changed")
    agreed_by: _FilledPoint = Field(description="who agreed it")
    review_on: _Day
    title: _Name
    for_name: _Line = Field(default="", description="the person it is about, as named then")
    sections: PlanSectionsItem
    sends: list[PlanSendItem] = []


class SafetyPlanItem(_Item):
    """A safety plan: its working draft and every version issued, oldest first."""

    shape: PlanShape
    title: _Name = Field(description="the title the next version will have")
    for_person: str | None = Field(
        default=None,
        description="the key in people of the child or young person it is about; or null",
    )
    draft: PlanSectionsItem = PlanSectionsItem()
    versions: list[PlanVersionItem] = []

    @model_validator(mode="after")
    def _check(self) -> Self:
        problems: list[str] = []
        for name, sections in [("draft", self.draft)] + [
            (f"versions[{v}].sections", version.sections) for v, version in enumerate(self.versions)
        ]:
            try:
                sections.content(self.shape, draft=name == "draft")
            except InvalidInput as error:
                problems.append(f"{name}: {str(error).rstrip('.')}")
        previous: PlanVersionItem | None = None
        for v, version in enumerate(self.versions):
            where = f"versions[{v}]"
            if version.number != v + 1:
                problems.append(
                    f"{where}.number: {version.number} should be {v + 1} (versions are "
                    "numbered 1, 2, 3, ... oldest first)"
                )
            if version.review_on <= version.issued_on:
                problems.append(
                    f"{where}.review_on {version.review_on.isoformat()} should be after "
                    f"issued_on {version.issued_on.isoformat()}"
                )
            if previous is not None and version.issued_on < previous.issued_on:
                problems.append(
                    f"{where}.issued_on {version.issued_on.isoformat()} is before the "
                    f"previous version's {previous.issued_on.isoformat()}"
                )
            for n, send in enumerate(version.sends):
                if send.sent_on < version.issued_on:
                    problems.append(
                        f"{where}.sends[{n}].sent_on {send.sent_on.isoformat()} is before "
                        f"the version was issued ({version.issued_on.isoformat()})"
                    )
            previous = version
        if problems:
            raise ValueError("; ".join(problems))
        return self


# -- consent and information sharing ---------------------------------------------------


class OverrideItem(_Item):
    """A decision to share although the person did not agree."""

    key: _FileKey = Field(description="names this decision inside the file (sharing_log uses it)")
    grounds: OverrideGrounds
    reasons: _FilledNote = Field(description="the facts the decision rests on")
    decided_by: _Name
    decided_on: _Day
    approved_by: _Name = Field(description="the line manager who approved it")
    approved_on: _Day
    person_told: bool
    not_told_reason: _Note = Field(default="", description="why not, when they were not told")

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.person_told and not self.not_told_reason.strip():
            raise ValueError("not_told_reason: say why the person was not told")
        return self


class ConsentItem(_Item):
    """What one person (or someone answering for them) said about sharing."""

    key: _FileKey = Field(description="names this consent inside the file (sharing_log uses it)")
    person: str | None = Field(
        default=None, description="the key in people of whom it is about; null once they left"
    )
    person_name: _Name
    given_by: ConsentGiver
    given_by_name: _Line = ""
    agency: _Line = Field(default="", description="an agency's name; empty for every agency")
    purpose: _Note = ""
    status: ConsentStatus
    decided_on: _Day
    how: ConsentHow | None = Field(default=None, description="null only when not asked")
    not_sought_reason: _Note = ""
    review_on: _Day | None = None
    raise_again_on: _Day | None = None
    note: _Note = ""
    overrides: list[OverrideItem] = []

    @model_validator(mode="after")
    def _check(self) -> Self:
        problems: list[str] = []
        if self.status is ConsentStatus.NOT_SOUGHT:
            if not self.not_sought_reason.strip():
                problems.append("not_sought_reason: say why nobody was asked")
            if self.how is not None:
                problems.append("how: should be null when nobody was asked")
        elif self.how is None:
            problems.append("how: say how they answered (written or verbal)")
        for name in ("review_on", "raise_again_on"):
            later = getattr(self, name)
            if later is not None and later <= self.decided_on:
                problems.append(
                    f"{name} {later.isoformat()} should be after decided_on "
                    f"{self.decided_on.isoformat()}"
                )
        if self.overrides and self.status not in (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN):
            problems.append("overrides: only a refusal (or agreement taken back) has them")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class SharingLogItem(_Item):
    """One decision to share, or not to share; names who received the information."""

    kind: InformationKind = InformationKind.DOCUMENT
    what: _FilledNote
    recipient: _Name = Field(description="the agency or person who received it (or would have)")
    recipient_kind: RecipientKind = RecipientKind.AGENCY
    contact: _Line = Field(default="", description="the named person reached there")
    why: _FilledNote
    basis: _FilledNote = Field(description="the consent or grounds it rests on, in words")
    consent: str | None = Field(default=None, description="the key of a consent in consents")
    override: str | None = Field(
        default=None, description="the key of a decision in a consent's overrides"
    )
    decided_by: _Name
    decided_on: _Day
    how: ShareMethod | None = Field(default=None, description="null when it was not shared")
    shared: bool = Field(description="false: a decision not to share")
    automatic: bool = Field(default=False, description="written when a document was sent")
    source: _Line = Field(
        default="", description="what wrote it: minutes, outcome_summary, safety_plan, or empty"
    )
    meeting: str | None = Field(default=None, description="the id of a meeting in meetings")


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
        problems.extend(self._task_links(keys, ids, named))
        problems.extend(self._sharing_links(keys, ids))
        for p, plan in enumerate(self.safety_plans):
            if plan.for_person is not None and plan.for_person not in keys:
                problems.append(
                    f"safety_plans[{p}].for_person: {plan.for_person} is not the key of "
                    "anyone in people"
                )
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


def json_schema() -> dict[str, Any]:
    """The JSON Schema of version 1 (links between lists are checked by ``CaseFile``)."""
    schema = CaseFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


# -- export ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _moment(value: datetime | None) -> str | None:
    """A moment as UTC text, to the microsecond as stored (``2026-03-01T14:30:00.5Z``)."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _meetings(
    session: Session,
    case: Case,
    keys: dict[int, str],
    professionals: dict[int, dict[str, str]],
) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """The case's meetings, oldest first, keyed ``m1``, ``m2``, ... inside the file; and
    those keys by the meetings' ids in the vault."""
    rows = session.scalars(
        select(Meeting)
        .where(Meeting.case_id == case.id)
        .order_by(Meeting.held_on, Meeting.id)
        .options(
            selectinload(Meeting.sections),
            selectinload(Meeting.attendees),
            selectinload(Meeting.considerations),
            selectinload(Meeting.scores),
            selectinload(Meeting.differing_views),
            selectinload(Meeting.decisions).selectinload(Decision.dissents),
            selectinload(Meeting.early_reviews),
            selectinload(Meeting.amendments),
        )
    ).all()
    ids = {meeting.id: f"m{number}" for number, meeting in enumerate(rows, start=1)}
    documents = [
        {
            "id": ids[meeting.id],
            "template_id": meeting.template_id,
            "title": meeting.title,
            "about": meeting.about,
            "date": meeting.held_on.isoformat(),
            "start_time": meeting.start_time,
            "venue": meeting.venue,
            "chair_name": meeting.chair_name,
            "status": meeting.status.value,
            "next_review_on": _plain(meeting.next_review_on),
            "finalised_at": _moment(meeting.finalised_at),
            "decision_summary_due": _plain(meeting.decision_summary_due),
            "minutes_due": _plain(meeting.minutes_due),
            "decision_summary_sent_on": _plain(meeting.decision_summary_sent_on),
            "minutes_sent_on": _plain(meeting.minutes_sent_on),
            "sections": [
                {
                    "key": section.key,
                    "title": section.title,
                    "prompt": section.prompt,
                    "parts": [part for part in section.parts.split(",") if part],
                    "notes": section.notes,
                    "marked_complete": section.marked_complete,
                    "restricted": section.restricted,
                }
                for section in meeting.sections
            ],
            "attendance": [
                {
                    "name": row.name,
                    "role": row.role,
                    "agency": row.agency,
                    # Null once the person left the case (or the professional the case):
                    # the name above stands.
                    "person": keys.get(row.person_id) if row.person_id is not None else None,
                    "professional": (
                        professionals.get(row.professional_id)
                        if row.professional_id is not None
                        else None
                    ),
                    "mode": row.mode.value,
                    "represented_by": row.represented_by,
                    "report_text": row.report_text,
                }
                for row in meeting.attendees
            ],
            "considerations": [
                {
                    "person": keys.get(row.person_id) if row.person_id is not None else None,
                    "person_name": row.person_name,
                    "role": row.role,
                    "question_key": row.question_key,
                    "question_text": row.question_text,
                    "answer": row.answer,
                    "reason": row.reason,
                    "follow_up": row.follow_up,
                    "procedure": row.procedure,
                    "follow_up_detail": row.follow_up_detail,
                    "due_on": _plain(row.due_on),
                    "referral_confirmed": row.referral_confirmed,
                }
                for row in meeting.considerations
            ],
            "scaling_scores": [
                {"participant": row.participant, "score": row.score, "comment": row.comment}
                for row in meeting.scores
            ],
            "differing_views": [
                {
                    "topic": row.topic,
                    "views": row.views,
                    "resolution": row.resolution,
                    "escalated_to": row.escalated_to,
                }
                for row in meeting.differing_views
            ],
            "decisions": [
                {
                    "text": row.text,
                    "dissents": [{"who": d.who, "reason": d.reason} for d in row.dissents],
                }
                for row in meeting.decisions
            ],
            "early_review_requests": [
                {"requested_by": row.requested_by, "reason": row.reason, "outcome": row.outcome}
                for row in meeting.early_reviews
            ],
            "amendments": [
                {
                    "made_at": _moment(row.made_at),
                    "author": row.author,
                    "section_key": row.section_key,
                    "text": row.text,
                    "reason": row.reason,
                }
                for row in meeting.amendments
            ],
        }
        for meeting in rows
    ]
    return documents, ids


def _tasks(
    session: Session,
    case: Case,
    keys: dict[int, str],
    professionals: dict[int, dict[str, str]],
    meeting_ids: dict[int, str],
) -> list[dict[str, Any]]:
    """The case's tasks, oldest first, with their updates and challenges."""
    rows = session.scalars(
        select(Task)
        .where(Task.case_id == case.id)
        .order_by(Task.created_at, Task.id)
        .options(selectinload(Task.updates), selectinload(Task.challenges))
    ).all()
    agency_ids = {task.agency_id for task in rows if task.agency_id is not None}
    sectors: dict[int, Sector] = {}
    if agency_ids:
        for agency_id, sector in session.execute(
            select(Agency.id, Agency.sector).where(Agency.id.in_(agency_ids))
        ):
            sectors[agency_id] = sector

    def key(person_id: int | None) -> str | None:
        return keys.get(person_id) if person_id is not None else None

    def meeting(meeting_id: int | None) -> str | None:
        return meeting_ids.get(meeting_id) if meeting_id is not None else None

    return [
        {
            "description": task.description,
            "agency": task.agency_name or None,
            "agency_sector": (
                _plain(sectors.get(task.agency_id))
                if task.agency_name and task.agency_id is not None
                else None
            ),
            "due": task.due_on.isoformat(),
            "status": task.status.value,
            "meeting": meeting(task.meeting_id),
            "owner_name": task.owner_name,
            # Null once the professional (or person) left the case: owner_name stands.
            "owner_professional": (
                professionals.get(task.professional_id)
                if task.professional_id is not None
                else None
            ),
            "owner_person": key(task.owner_person_id),
            "for_person": key(task.for_person_id),
            "for_need": task.for_need,
            "outcome": task.outcome,
            "updates": [
                {
                    "made_at": _moment(update.made_at),
                    "meeting": meeting(update.meeting_id),
                    "status": update.status.value,
                    "new_due_on": _plain(update.new_due_on),
                    "not_done_reason": _plain(update.not_done_reason),
                    "note": update.note,
                }
                for update in task.updates
            ],
            "challenges": [
                {
                    "meeting": meeting(challenge.meeting_id),
                    "raised_by": challenge.raised_by,
                    "agency_response": challenge.agency_response,
                    "escalated_to": challenge.escalated_to,
                }
                for challenge in task.challenges
            ],
        }
        for task in rows
    ]


def _safety_plans(session: Session, case: Case, keys: dict[int, str]) -> list[dict[str, Any]]:
    """The case's safety plans, oldest first, each with its draft and every version."""
    rows = session.scalars(
        select(SafetyPlan)
        .where(SafetyPlan.case_id == case.id)
        .order_by(SafetyPlan.id)
        .options(selectinload(SafetyPlan.versions).selectinload(SafetyPlanVersion.sends))
    ).all()
    return [
        {
            "shape": plan.shape.value,
            "title": plan.title,
            "for_person": keys.get(plan.for_person_id) if plan.for_person_id else None,
            "draft": content_to_json(content_from_text(plan.draft, plan.shape), plan.shape),
            "versions": [
                {
                    "number": version.number,
                    "issued_on": version.issued_on.isoformat(),
                    "reason": version.reason,
                    "agreed_by": version.agreed_by,
                    "review_on": version.review_on.isoformat(),
                    "title": version.title,
                    "for_name": version.for_name,
                    "sections": content_to_json(
                        content_from_text(version.content, plan.shape), plan.shape
                    ),
                    "sends": [
                        {
                            "recipient": send.recipient,
                            "recipient_kind": send.recipient_kind.value,
                            "sent_on": send.sent_on.isoformat(),
                            "how": send.how.value,
                            "note": send.note,
                        }
                        for send in version.sends
                    ],
                }
                for version in plan.versions
            ],
        }
        for plan in rows
    ]


def _sharing(
    session: Session, case: Case, keys: dict[int, str], meeting_ids: dict[int, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The consent register (with decisions to share without agreement) and the sharing
    log, oldest first; consents keyed ``c1``..., decisions ``o1``... inside the file."""
    rows = session.scalars(
        select(Consent)
        .where(Consent.case_id == case.id)
        .order_by(Consent.id)
        .options(selectinload(Consent.overrides))
    ).all()
    consent_keys = {row.id: f"c{n}" for n, row in enumerate(rows, start=1)}
    override_keys = {
        o.id: f"o{n}" for n, o in enumerate((o for row in rows for o in row.overrides), start=1)
    }
    consents = [
        {
            "key": consent_keys[row.id],
            "person": keys.get(row.person_id) if row.person_id is not None else None,
            "person_name": row.person_name,
            "given_by": row.given_by.value,
            "given_by_name": row.given_by_name,
            "agency": row.agency,
            "purpose": row.purpose,
            "status": row.status.value,
            "decided_on": row.decided_on.isoformat(),
            "how": _plain(row.how),
            "not_sought_reason": row.not_sought_reason,
            "review_on": _plain(row.review_on),
            "raise_again_on": _plain(row.raise_again_on),
            "note": row.note,
            "overrides": [
                {
                    "key": override_keys[o.id],
                    "grounds": o.grounds.value,
                    "reasons": o.reasons,
                    "decided_by": o.decided_by,
                    "decided_on": o.decided_on.isoformat(),
                    "approved_by": o.approved_by,
                    "approved_on": o.approved_on.isoformat(),
                    "person_told": o.person_told,
                    "not_told_reason": o.not_told_reason,
                }
                for o in row.overrides
            ],
        }
        for row in rows
    ]
    entries = session.scalars(
        select(SharingLogEntry)
        .where(SharingLogEntry.case_id == case.id)
        .order_by(SharingLogEntry.decided_on, SharingLogEntry.id)
    ).all()
    log = [
        {
            "kind": entry.kind.value,
            "what": entry.what,
            "recipient": entry.recipient,
            "recipient_kind": entry.recipient_kind.value,
            "contact": entry.contact,
            "why": entry.why,
            "basis": entry.basis,
            "consent": consent_keys.get(entry.consent_id) if entry.consent_id else None,
            "override": override_keys.get(entry.override_id) if entry.override_id else None,
            "decided_by": entry.decided_by,
            "decided_on": entry.decided_on.isoformat(),
            "how": _plain(entry.how),
            "shared": entry.shared,
            "automatic": entry.automatic,
            "source": entry.source,
            "meeting": meeting_ids.get(entry.meeting_id) if entry.meeting_id else None,
        }
        for entry in entries
    ]
    return consents, log


def _find_case(session: Session, reference: str) -> Case:
    case = session.scalar(
        select(Case)
        .where(Case.reference == reference.strip())
        .options(
            selectinload(Case.people),
            selectinload(Case.involvements)
            .selectinload(Involvement.professional)
            .selectinload(Professional.agency),
        )
    )
    if case is None:
        raise InvalidInput(f"There is no case with the reference {reference.strip()!r}.")
    return case


def _document(session: Session, reference: str) -> dict[str, Any]:
    case = _find_case(session, reference)
    chair = session.scalars(select(Chair).order_by(Chair.id)).first()
    person_fields = [name for name in PersonItem.model_fields if name != "key"]
    keys = {person.id: f"p{number}" for number, person in enumerate(case.people, start=1)}
    people = [
        {"key": keys[person.id], **{name: _plain(getattr(person, name)) for name in person_fields}}
        for person in case.people
    ]
    agencies: list[dict[str, Any]] = []
    professionals: list[dict[str, Any]] = []
    for involvement in case.involvements:
        professional = involvement.professional
        agency = {"name": professional.agency.name, "sector": professional.agency.sector.value}
        if agency not in agencies:
            agencies.append(agency)
        professionals.append(
            {
                "name": professional.name,
                "role": professional.role,
                "agency": agency["name"],
                "sector": agency["sector"],
                "phone": professional.phone,
                "secure_email": professional.secure_email,
                "role_on_case": involvement.role_on_case,
                "is_lead": involvement.is_lead,
            }
        )
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "exported_by": (
            {"name": chair.name, "role": chair.role, "agency": chair.agency}
            if chair is not None
            else None
        ),
        "program_version": __version__,
        "case": {
            "reference": case.reference,
            "status": case.status.value,
            "opened_on": case.opened_on.isoformat(),
            "closed_on": _plain(case.closed_on),
            "nation": case.nation.value,
            "summary": case.summary,
            "subject": keys.get(case.subject_id) if case.subject_id is not None else None,
        },
        "people": people,
        "agencies": agencies,
        "professionals": professionals,
    }
    # A professional is named by (name, agency) in a meeting; should that pair be in the
    # file twice (two sectors), the link is left out rather than guessed.
    pairs = [(p["name"], p["agency"]) for p in professionals]
    linked = {
        involvement.professional_id: {"name": entry["name"], "agency": entry["agency"]}
        for involvement, entry in zip(case.involvements, professionals, strict=True)
        if pairs.count((entry["name"], entry["agency"])) == 1
    }
    document["meetings"], meeting_ids = _meetings(session, case, keys, linked)
    document["tasks"] = _tasks(session, case, keys, linked, meeting_ids)
    document["consents"], document["sharing_log"] = _sharing(session, case, keys, meeting_ids)
    for name in FUTURE_LISTS:
        document[name] = []
    document["safety_plans"] = _safety_plans(session, case, keys)
    return document


def export_case(vault: Vault, reference: str) -> dict[str, Any]:
    """The case as a ``tac-case`` document (plain JSON data), in one read."""
    with vault.unit_of_work() as session:
        return _document(session, reference)


def write_case_file(vault: Vault, reference: str, path: Path | str, force: bool = False) -> Path:
    """Write the case to ``path`` as UTF-8 JSON; the export is recorded in the audit log.

    An existing file is refused unless ``force``. The file is not encrypted.
    """
    document = export_case(vault, reference)
    return files.save_file(
        vault,
        path,
        (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        what="the case file",
        audit_action="case exported",
        detail={"reference": document["case"]["reference"]},
        force=force,
        entity="case",
    )


# -- reading and checking -------------------------------------------------------------

_SIGNATURES = (
    (b"\x89PNG", "a picture (PNG)"),
    (b"\xff\xd8\xff", "a picture (JPEG)"),
    (b"GIF8", "a picture (GIF)"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a compressed file (ZIP, or a Word or Excel document)"),
    (b"SQLite format 3\x00", "a database"),
    (b"\xff\xfe", "text saved as UTF-16; save it as UTF-8 and try again"),
    (b"\xfe\xff", "text saved as UTF-16; save it as UTF-8 and try again"),
)


def _not_case_file(name: str, why: str) -> InvalidInput:
    return InvalidInput(f"{name} is not a TAC Desktop case file: {why}. Nothing was imported.")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f'the name "{key}" appears twice in one {{...}} block')
        result[key] = value
    return result


def _no_constants(word: str) -> Any:
    raise ValueError(f"{word} is not a number JSON allows")


def _read_bytes(path: Path) -> bytes:
    name = path.name
    try:
        if not path.exists():
            if not path.parent.is_dir():
                raise InvalidInput(f"The folder {path.parent} does not exist.")
            raise InvalidInput(f"There is no file called {name} in {path.parent}.")
        if path.is_dir():
            raise InvalidInput(f"{path} is a folder, not a case file.")
        if not path.is_file():
            raise _not_case_file(name, "it is not an ordinary file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _not_case_file(
                name,
                f"it is {size / 1024 / 1024:,.0f} MB, far larger than any case file "
                f"(the limit is {MAX_FILE_BYTES // 1024 // 1024} MB)",
            )
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InvalidInput(f"{name} could not be read ({reason}).") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _not_case_file(name, "it is larger than any case file")
    return raw


def _parse(raw: bytes, name: str) -> tuple[str, Any]:
    if not raw.strip():
        raise _not_case_file(name, "the file is empty")
    for signature, what in _SIGNATURES:
        if raw.startswith(signature):
            raise _not_case_file(name, f"it is {what}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_case_file(name, "it is not text (a case file is UTF-8 JSON text)") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as error:
        raise _not_case_file(
            name,
            f"its JSON text is broken at line {error.lineno}, column {error.colno} ({error.msg})",
        ) from None
    except ValueError as error:
        raise _not_case_file(name, str(error)) from None
    except RecursionError:
        raise _not_case_file(name, "it is nested far too deeply") from None
    return text, data


def _check_header(data: Any, name: str) -> None:
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise _not_case_file(name, f"it holds {kind}, not a case")
    file_format = data.get("format")
    if file_format != FORMAT:
        if isinstance(file_format, str):
            raise _not_case_file(name, f'it says it is a "{file_format}" file')
        raise _not_case_file(name, f'it has no "format": "{FORMAT}" line')
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InvalidInput(
            f'{name} cannot be imported: "version" should be a whole number, such as '
            f"{VERSION}. Nothing was imported."
        )
    if version > VERSION:
        raise InvalidInput(
            f"{name} was written by a newer TAC Desktop (case file version {version}); this "
            f"one reads version {VERSION}. Install the newer version to import it. Nothing "
            "was imported."
        )
    if version < VERSION:
        raise InvalidInput(
            f"{name} says it is case file version {version}, which TAC Desktop never wrote. "
            "Nothing was imported."
        )


def _where(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _shown(value: Any, quoted: bool = False) -> str:
    """A value from the file as a person would recognise it; ``quoted`` marks text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a {...} block"
    text = str(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f'"{text}"' if quoted and isinstance(value, str) else text


def _problem(error: ErrorDetails) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        message = "is missing"
    elif kind == "extra_forbidden":
        message = "is not part of a version 1 case file (check the spelling)"
    elif kind == "string_type":
        message = f"should be text in quotes, not {_shown(value, quoted=True)}"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"should be a whole number, not {_shown(value, quoted=True)}"
    elif kind == "bool_type":
        message = f"should be true or false, not {_shown(value, quoted=True)}"
    elif kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        if isinstance(value, str):
            message = f"{_shown(value)} is not a real date (dates are written YYYY-MM-DD)"
        else:
            message = f"should be a date written YYYY-MM-DD, not {_shown(value, quoted=True)}"
    elif kind.startswith("datetime_"):
        example = "a date and time such as 2026-03-01T14:30:00Z"
        message = (
            f"{_shown(value)} is not {example}"
            if isinstance(value, str)
            else f"should be {example}, not {_shown(value)}"
        )
    elif kind == "enum":
        message = f"{_shown(value)} is not one of {ctx.get('expected', 'the allowed values')}"
    elif kind == "literal_error":
        message = (
            f"should be {ctx.get('expected', 'another value')}, not {_shown(value, quoted=True)}"
        )
    elif kind == "list_type":
        message = f"should be a list [...], not {_shown(value, quoted=True)}"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"should be a {{...}} block, not {_shown(value, quoted=True)}"
    elif kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", error["msg"]))
    else:
        message = error["msg"]
    where = _where(error["loc"])
    if not where:
        return message
    return f"{where} {message}" if kind == "missing" else f"{where}: {message}"


def describe_problems(error: ValidationError) -> list[str]:
    """Each problem pydantic found, in user words, with where it is in the file."""
    return [_problem(detail) for detail in error.errors(include_url=False)]


def _validate(text: str, name: str) -> CaseFile:
    try:
        return CaseFile.model_validate_json(text)
    except ValidationError as error:
        problems = describe_problems(error)
        listed = "; ".join(problem.rstrip(".") for problem in problems[:_MAX_REPORTED])
        more = len(problems) - _MAX_REPORTED
        extra = f"; and {more} more problem{'s' if more > 1 else ''}" if more > 0 else ""
        raise InvalidInput(
            f"{name} cannot be imported because it has mistakes: {listed}{extra}. "
            "Nothing was imported."
        ) from None


def read_case_file(path: Path | str) -> CaseFile:
    """Read and check a whole case file; refuses anything that is not a sound version 1."""
    path = Path(path).expanduser().absolute()
    raw = _read_bytes(path)
    text, data = _parse(raw, path.name)
    _check_header(data, path.name)
    return _validate(text, path.name)


# -- import ---------------------------------------------------------------------------


def _refuse_future_lists(model: CaseFile) -> None:
    filled = [_FUTURE_WORDS[name] for name in FUTURE_LISTS if getattr(model, name)]
    if filled:
        raise InvalidInput(
            f"This file holds {', '.join(filled)}, which this version of TAC Desktop cannot "
            "import yet. Nothing was imported; update TAC Desktop and try again."
        )


def _insert(session: Session, model: CaseFile, reference: str) -> Case:
    info = model.case
    case = Case(
        reference=reference,
        status=info.status,
        opened_on=info.opened_on,
        closed_on=info.closed_on,
        nation=info.nation,
        summary=valid_note(info.summary, "The summary"),
    )
    session.add(case)
    people: dict[str, Person] = {}
    for item in model.people:
        draft = validate_person(item.draft())
        person = Person(**{f.name: getattr(draft, f.name) for f in fields(PersonDraft)})
        case.people.append(person)
        people[item.key] = person
    session.flush()
    if info.subject is not None:
        case.subject = people[info.subject]
    agencies: dict[tuple[str, Sector], Agency] = {}
    named: dict[tuple[str, str], Professional] = {}
    for agency_item in model.agencies:
        agency = find_or_add_agency(session, agency_item.name, agency_item.sector)
        agencies[(agency.name, agency.sector)] = agency
    session.flush()
    for entry in model.professionals:
        agency = agencies[(clean_line(entry.agency), entry.sector)]
        name = valid_name(entry.name, "The professional's name")
        professional = session.scalar(
            select(Professional).where(
                Professional.name == name, Professional.agency_id == agency.id
            )
        )
        if professional is None:
            professional = Professional(name=name, agency=agency)
            session.add(professional)
        # As when a professional is added by hand: the latest details are kept.
        professional.role = valid_line(entry.role, "The role")
        professional.phone = valid_line(entry.phone, "The phone number", 60)
        professional.secure_email = valid_line(entry.secure_email, "The email address", 254)
        case.involvements.append(
            Involvement(
                professional=professional,
                role_on_case=valid_line(entry.role_on_case, "The role on the case"),
                is_lead=entry.is_lead,
            )
        )
        named[(name, clean_line(entry.agency))] = professional
    session.flush()
    held: dict[str, Meeting] = {}
    for meeting_item in model.meetings:
        held[meeting_item.id] = _meeting(meeting_item, case, people, named)
        session.add(held[meeting_item.id])
    session.flush()
    for task_item in model.tasks:
        task_agency: Agency | None = None
        if task_item.agency is not None and task_item.agency_sector is not None:
            ident = (clean_line(task_item.agency), task_item.agency_sector)
            if ident not in agencies:
                agencies[ident] = find_or_add_agency(session, *ident)
                session.flush()  # the task takes the new agency's id
            task_agency = agencies[ident]
        session.add(_task(task_item, case, people, named, held, task_agency))
    for plan_item in model.safety_plans:
        session.add(_safety_plan(plan_item, case, people))
    session.flush()
    _insert_sharing(session, model, case, people, held)
    return case


def _insert_sharing(
    session: Session,
    model: CaseFile,
    case: Case,
    people: dict[str, Person],
    held: dict[str, Meeting],
) -> None:
    """The register and the log as the file records them: records, imported as written."""
    consents: dict[str, Consent] = {}
    overrides: dict[str, SharingOverride] = {}
    for item in model.consents:
        row = Consent(
            case_id=case.id,
            person_id=people[item.person].id if item.person is not None else None,
            person_name=clean_line(item.person_name),
            given_by=item.given_by,
            given_by_name=clean_line(item.given_by_name),
            agency=clean_line(item.agency),
            purpose=item.purpose,
            status=item.status,
            decided_on=item.decided_on,
            how=item.how,
            not_sought_reason=item.not_sought_reason,
            review_on=item.review_on,
            raise_again_on=item.raise_again_on,
            note=item.note,
        )
        for o in item.overrides:
            override = SharingOverride(
                grounds=o.grounds,
                reasons=o.reasons,
                decided_by=clean_line(o.decided_by),
                decided_on=o.decided_on,
                approved_by=clean_line(o.approved_by),
                approved_on=o.approved_on,
                person_told=o.person_told,
                not_told_reason="" if o.person_told else o.not_told_reason,
            )
            row.overrides.append(override)
            overrides[o.key] = override
        session.add(row)
        consents[item.key] = row
    session.flush()
    for entry in model.sharing_log:
        session.add(
            SharingLogEntry(
                case_id=case.id,
                kind=entry.kind,
                what=entry.what,
                recipient=clean_line(entry.recipient),
                recipient_kind=entry.recipient_kind,
                contact=clean_line(entry.contact),
                why=entry.why,
                basis=entry.basis,
                consent_id=consents[entry.consent].id if entry.consent is not None else None,
                override_id=overrides[entry.override].id if entry.override is not None else None,
                decided_by=clean_line(entry.decided_by),
                decided_on=entry.decided_on,
                how=entry.how if entry.shared else None,
                shared=entry.shared,
                automatic=entry.automatic,
                source=clean_line(entry.source),
                meeting_id=held[entry.meeting].id if entry.meeting is not None else None,
            )
        )
    session.flush()


def _when(value: datetime) -> datetime:
    """A moment from the file as UTC; one written without an offset is taken as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _meeting(
    item: MeetingItem,
    case: Case,
    people: dict[str, Person],
    professionals: dict[tuple[str, str], Professional],
) -> Meeting:
    """A meeting as the file records it: a finalised one stays finalised, as it was; it is a
    record, so it is not checked again against today's rules for finalising."""

    def person_id(key: str | None) -> int | None:
        return people[key].id if key is not None else None

    return Meeting(
        case_id=case.id,
        template_id=clean_line(item.template_id),
        title=clean_line(item.title),
        about=item.about,
        held_on=item.date,
        start_time=item.start_time,
        venue=clean_line(item.venue),
        chair_name=clean_line(item.chair_name),
        status=item.status,
        next_review_on=item.next_review_on,
        finalised_at=_when(item.finalised_at) if item.finalised_at is not None else None,
        decision_summary_due=item.decision_summary_due,
        minutes_due=item.minutes_due,
        decision_summary_sent_on=item.decision_summary_sent_on,
        minutes_sent_on=item.minutes_sent_on,
        sections=[
            MeetingSection(
                key=clean_line(section.key),
                position=position,
                title=clean_line(section.title),
                prompt=valid_note(section.prompt, "The prompt"),
                parts=",".join(part.value for part in section.parts),
                notes=valid_note(section.notes, "The notes"),
                marked_complete=section.marked_complete,
                restricted=section.restricted,
            )
            for position, section in enumerate(item.sections)
        ],
        attendees=[
            Attendance(
                person_id=person_id(row.person),
                professional_id=(
                    professionals[
                        (clean_line(row.professional.name), clean_line(row.professional.agency))
                    ].id
                    if row.professional is not None
                    else None
                ),
                name=clean_line(row.name),
                role=clean_line(row.role),
                agency=clean_line(row.agency),
                mode=row.mode,
                represented_by=clean_line(row.represented_by),
                report_text=valid_note(row.report_text, "The report"),
            )
            for row in item.attendance
        ],
        considerations=[
            Consideration(
                person_id=person_id(row.person),
                person_name=clean_line(row.person_name),
                role=row.role.value,
                question_key=row.question_key,
                question_text=valid_note(row.question_text, "The question"),
                answer=row.answer.value if row.answer is not None else None,
                reason=valid_note(row.reason, "The reason"),
                follow_up=row.follow_up.value if row.follow_up is not None else None,
                procedure=row.procedure.value if row.procedure is not None else None,
                follow_up_detail=valid_note(row.follow_up_detail, "What follows"),
                due_on=row.due_on,
                referral_confirmed=row.referral_confirmed,
            )
            for row in item.considerations
        ],
        scores=[
            ScalingScore(
                participant=clean_line(row.participant),
                score=row.score,
                comment=valid_note(row.comment, "The comment"),
            )
            for row in item.scaling_scores
        ],
        differing_views=[
            DifferingView(
                topic=valid_note(row.topic, "The topic"),
                views=valid_note(row.views, "The views"),
                resolution=valid_note(row.resolution, "The resolution"),
                escalated_to=clean_line(row.escalated_to),
            )
            for row in item.differing_views
        ],
        decisions=[
            Decision(
                text=valid_note(row.text, "The decision"),
                dissents=[
                    Dissent(who=clean_line(d.who), reason=valid_note(d.reason, "Their reason"))
                    for d in row.dissents
                ],
            )
            for row in item.decisions
        ],
        early_reviews=[
            EarlyReviewRequest(
                requested_by=clean_line(row.requested_by),
                reason=valid_note(row.reason, "The reason"),
                outcome=valid_note(row.outcome, "The outcome"),
            )
            for row in item.early_review_requests
        ],
        amendments=[
            Amendment(
                made_at=_when(row.made_at),
                author=clean_line(row.author),
                section_key=clean_line(row.section_key),
                text=valid_note(row.text, "The amendment"),
                reason=valid_note(row.reason, "The reason"),
            )
            for row in item.amendments
        ],
    )


def _task(
    item: TaskItem,
    case: Case,
    people: dict[str, Person],
    professionals: dict[tuple[str, str], Professional],
    held: dict[str, Meeting],
    agency: Agency | None,
) -> Task:
    """A task as the file records it, with its updates and challenges (a record: its
    status and dates are not worked out again from the updates)."""

    def person_id(key: str | None) -> int | None:
        return people[key].id if key is not None else None

    def meeting_id(key: str | None) -> int | None:
        return held[key].id if key is not None else None

    owner = item.owner_professional
    return Task(
        case_id=case.id,
        meeting_id=meeting_id(item.meeting),
        description=valid_note(item.description, "The task"),
        agency_id=agency.id if agency is not None else None,
        agency_name=clean_line(item.agency) if item.agency is not None else "",
        professional_id=(
            professionals[(clean_line(owner.name), clean_line(owner.agency))].id
            if owner is not None
            else None
        ),
        owner_person_id=person_id(item.owner_person),
        owner_name=clean_line(item.owner_name),
        for_person_id=person_id(item.for_person),
        for_need=valid_note(item.for_need, "The need"),
        due_on=item.due,
        status=item.status,
        outcome=valid_note(item.outcome, "The outcome"),
        updates=[
            TaskUpdate(
                meeting_id=meeting_id(row.meeting),
                made_at=_when(row.made_at),
                status=row.status,
                new_due_on=row.new_due_on,
                not_done_reason=row.not_done_reason,
                note=valid_note(row.note, "The update"),
            )
            for row in item.updates
        ],
        challenges=[
            TaskChallenge(
                meeting_id=meeting_id(row.meeting),
                raised_by=clean_line(row.raised_by),
                agency_response=valid_note(row.agency_response, "What the agency said"),
                escalated_to=clean_line(row.escalated_to),
            )
            for row in item.challenges
        ],
    )


def _safety_plan(item: SafetyPlanItem, case: Case, people: dict[str, Person]) -> SafetyPlan:
    """A plan as the file records it: its versions are records, imported as written
    (after the same checks as typing them in, which the file has passed)."""
    shape = item.shape
    return SafetyPlan(
        case_id=case.id,
        for_person_id=people[item.for_person].id if item.for_person is not None else None,
        shape=shape,
        title=clean_line(item.title),
        draft=content_to_text(item.draft.content(shape, draft=True), shape),
        versions=[
            SafetyPlanVersion(
                number=version.number,
                issued_on=version.issued_on,
                reason=safety_plans.valid_point(version.reason, "Why the plan changed"),
                agreed_by=safety_plans.valid_point(version.agreed_by, "Who agreed the plan"),
                review_on=version.review_on,
                title=clean_line(version.title),
                for_name=clean_line(version.for_name),
                content=content_to_text(version.sections.content(shape), shape),
                sends=[
                    SafetyPlanSend(
                        recipient=clean_line(send.recipient),
                        recipient_kind=send.recipient_kind,
                        sent_on=send.sent_on,
                        how=send.how,
                        note=safety_plans.valid_point(send.note, "The note"),
                    )
                    for send in version.sends
                ],
            )
            for version in item.versions
        ],
    )


def import_case(
    vault: Vault, path_or_model: Path | str | CaseFile, new_reference: str | None = None
) -> str:
    """Add the case in a file (or an already read one) to the vault; returns its reference.

    All or nothing, in one unit of work. A reference the vault already has is refused
    unless ``new_reference`` gives the case another one; cases are never merged.
    """
    if isinstance(path_or_model, CaseFile):
        model, source = path_or_model, ""
    else:
        model = read_case_file(path_or_model)
        source = Path(path_or_model).name
    _refuse_future_lists(model)
    reference = validate_reference(
        new_reference if new_reference is not None else model.case.reference
    )
    with vault.unit_of_work() as session:
        if session.scalar(select(func.count()).where(Case.reference == reference)):
            raise ReferenceTaken(
                f"This vault already has a case with the reference {reference!r}. Nothing "
                "was imported; import it under a new reference to keep both."
            )
        _insert(session, model, reference)
        detail: dict[str, Any] = {"reference": reference}
        if reference != model.case.reference:
            detail["reference in file"] = model.case.reference
        if source:
            detail["file"] = source
        if model.exported_by is not None:
            detail["exported by"] = model.exported_by.name
        if model.exported_at is not None:
            detail["exported at"] = model.exported_at.isoformat()
        audit.record_event(session, "case imported", entity="case", detail=detail)
    return reference
