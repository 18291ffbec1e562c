"""The items of a case file's lists that record the work on a case: meetings, tasks,
safety plans, the consent register and the information-sharing log."""

# ruff: noqa: RUF012  (pydantic copies a list default for each item; ruff sees a model
# only when its BaseModel base is in the same file, and _Item is in checks.py)

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, model_validator

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    AttendanceMode,
    ConsentGiver,
    ConsentHow,
    ConsentStatus,
    InformationKind,
    MeetingStatus,
    NotDoneReason,
    OverrideGrounds,
    PlanShape,
    RecipientKind,
    Sector,
    SendMethod,
    ShareMethod,
    TaskStatus,
)
from tac_desktop.core.practice.agenda import Part
from tac_desktop.core.practice.safety_plans import PlanContent, content_from_json, sections_for
from tac_desktop.core.practice.think_family import (
    ActorKind,
    Answer,
    FollowUp,
    Procedure,
    Role,
    needs_follow_up,
)
from tac_desktop.core.services import safety_plans
from tac_desktop.core.text import clean_line
from tac_desktop.core.transfer.checks import (
    ProfessionalRef,
    _check_question,
    _check_score,
    _check_start_time,
    _Day,
    _FileKey,
    _FilledNote,
    _FilledPoint,
    _Item,
    _Key,
    _Line,
    _Name,
    _Note,
    _Phone,
    _Point,
    _text_check,
)
from tac_desktop.core.transfer.copies import RecipientItem, distribution_problems

# -- meetings ---------------------------------------------------------------------------


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
    # Who does the action or referral: a professional or an agency on the case, or the
    # chair; their name and agency as chosen (optional: older files have none).
    actor_kind: ActorKind | None = None
    actor_name: _Line = ""
    actor_agency: _Line = ""

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
    distribution: list[RecipientItem] = Field(
        default=[], description="who gets the finalised papers, and how; a draft has none"
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        finalised = self.status is MeetingStatus.FINALISED
        problems = distribution_problems(self.distribution, self.date, finalised)
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
    procedure: Procedure | None = Field(
        default=None, description="the safeguarding route of a referral task; or null"
    )
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
