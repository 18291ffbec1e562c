"""Chairing a meeting: one function per action the chair takes, each one unit of work.

A draft meeting can be changed freely; a finalised one only gains amendments. The Think
Family grid is worked out from the case's people on every read, so someone added
mid-meeting gets their questions at once; finalising snapshots it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tac_desktop.core.errors import InvalidInput, TacError
from tac_desktop.core.models import (
    Agency,
    Amendment,
    Attendance,
    AttendanceMode,
    Case,
    CaseStatus,
    Chair,
    Consideration,
    Decision,
    DifferingView,
    Dissent,
    EarlyReviewRequest,
    Involvement,
    Meeting,
    MeetingFamilyMember,
    MeetingSection,
    MeetingStatus,
    Nation,
    Person,
    Professional,
    ScalingScore,
    Task,
    TaskStatus,
    TaskUpdate,
)
from tac_desktop.core.models.task import misses_in_a_row
from tac_desktop.core.practice import agenda
from tac_desktop.core.practice.think_family import (
    QUESTION_BY_KEY,
    SAME_DAY_PROCEDURES,
    ActorKind,
    Answer,
    FollowUp,
    Procedure,
    Role,
    is_trigger,
    needs_follow_up,
    roles_for_meeting,
)
from tac_desktop.core.practice.working_days import add_working_days, on_a_working_day
from tac_desktop.core.services import consent
from tac_desktop.core.services.cases import find_case_id, valid_line, valid_name, valid_note
from tac_desktop.core.vault import Vault

DECISION_SUMMARY_WORKING_DAYS = 1
MINUTES_WORKING_DAYS = 15
UNUSUAL_DATE_DAYS = 366


class NotReadyToFinalise(TacError):
    """Finalising was refused; ``missing`` says exactly what is still needed."""

    def __init__(self, missing: list[MissingItem]) -> None:
        self.missing = missing
        lines = "\n".join(f"• {item.message}" for item in missing[:12])
        more = f"\n…and {len(missing) - 12} more." if len(missing) > 12 else ""
        super().__init__(f"The meeting cannot be finalised yet. Still needed:\n{lines}{more}")


# -- plain data -----------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingDraft:
    template_id: str
    held_on: date
    start_time: str = ""
    venue: str = ""
    chair_name: str = ""


@dataclass(frozen=True)
class SectionView:
    key: str
    title: str
    prompt: str
    parts: tuple[agenda.Part, ...]
    notes: str
    marked_complete: bool
    restricted: bool = False  # need-to-know: left out of agencies' copies of the minutes


@dataclass(frozen=True)
class AttendeeView:
    id: int
    name: str
    role: str
    agency: str
    mode: AttendanceMode
    represented_by: str
    report_text: str
    person_id: int | None
    professional_id: int | None


@dataclass(frozen=True)
class Actor:
    """Who does what an answer leads to: a professional or an agency on the case (by
    id), or the chair (no id)."""

    kind: ActorKind
    id: int | None = None


@dataclass(frozen=True)
class ActorChoice:
    """One of those who can be named to act on an answer, as the chair sees them."""

    actor: Actor
    label: str  # "PC Rhys Morgan, Domestic abuse officer (Dyfed Police)"
    name: str  # the person ("" for an agency with nobody named)
    agency: str


def actor_words(name: str, agency: str) -> str:
    """ "PC Rhys Morgan (Dyfed Police)", "Someone at Dyfed Police", or the name alone."""
    if name and agency:
        return f"{name} ({agency})"
    return name or (f"Someone at {agency}" if agency else "")


@dataclass(frozen=True)
class ConsiderationView:
    person_id: int | None
    person_name: str
    role: Role
    question_key: str
    question_text: str
    answer: Answer | None = None
    reason: str = ""
    follow_up: FollowUp | None = None
    procedure: Procedure | None = None
    follow_up_detail: str = ""
    due_on: date | None = None
    referral_confirmed: bool = False
    trigger: Procedure | None = None  # the procedure a "yes" here sets off
    still_on_case: bool = True
    actor: Actor | None = None  # who does the action or referral
    actor_name: str = ""
    actor_agency: str = ""
    actor_on_case: bool = True  # False: they have left the case since being named

    @property
    def needs_actor(self) -> bool:
        """An action or a referral: someone must be named to do it."""
        return needs_follow_up(self.answer) and self.follow_up in (
            FollowUp.ACTION,
            FollowUp.REFERRAL,
        )

    @property
    def who_acts(self) -> str:
        return actor_words(self.actor_name, self.actor_agency)


@dataclass(frozen=True)
class ConsiderationAnswer:
    answer: Answer
    reason: str
    follow_up: FollowUp | None = None
    procedure: Procedure | None = None
    follow_up_detail: str = ""
    due_on: date | None = None
    actor: Actor | None = None  # who does the action or referral (required to finalise)


@dataclass(frozen=True)
class ScoreView:
    id: int
    participant: str
    score: int
    comment: str


@dataclass(frozen=True)
class DifferingViewView:
    id: int
    topic: str
    views: str
    resolution: str
    escalated_to: str


@dataclass(frozen=True)
class EarlyReviewView:
    id: int
    requested_by: str
    reason: str
    outcome: str


@dataclass(frozen=True)
class DissentView:
    id: int
    who: str
    reason: str


@dataclass(frozen=True)
class DecisionView:
    id: int
    text: str
    dissents: list[DissentView] = field(default_factory=list)


@dataclass(frozen=True)
class AmendmentView:
    id: int
    made_at: datetime
    author: str
    section_key: str
    text: str
    reason: str


@dataclass(frozen=True)
class FamilyMemberView:
    """One person of the family as recorded at a meeting (the papers open with them)."""

    person_id: int | None
    name: str  # as they are known: "Zoë Whitfield (Zo)"
    relationship: str  # to the person the meeting is about ("" for them)
    is_subject: bool
    is_child: bool
    lives_in_household: bool
    parental_responsibility: bool
    significant_contact: bool
    no_information: bool  # must not receive information about the others


@dataclass(frozen=True)
class MissingItem:
    """One thing that stops finalising, with where to go to fix it."""

    section_key: str
    message: str
    person_id: int | None = None
    question_key: str = ""
    attendance_id: int | None = None
    task_id: int | None = None


@dataclass(frozen=True)
class MeetingView:
    id: int
    case_id: int
    case_reference: str
    template_id: str
    title: str
    about: str
    held_on: date
    start_time: str
    venue: str
    chair_name: str
    status: MeetingStatus
    next_review_on: date | None
    finalised_at: datetime | None
    decision_summary_due: date | None
    minutes_due: date | None
    sections: list[SectionView] = field(default_factory=list)
    attendees: list[AttendeeView] = field(default_factory=list)
    considerations: list[ConsiderationView] = field(default_factory=list)
    scores: list[ScoreView] = field(default_factory=list)
    differing_views: list[DifferingViewView] = field(default_factory=list)
    early_reviews: list[EarlyReviewView] = field(default_factory=list)
    amendments: list[AmendmentView] = field(default_factory=list)
    missing: list[MissingItem] = field(default_factory=list)
    decisions: list[DecisionView] = field(default_factory=list)
    decision_summary_sent_on: date | None = None
    minutes_sent_on: date | None = None
    nation: Nation = Nation.ENGLAND  # the case's: whose bank holidays count
    tasks_walked: int = 0  # earlier tasks updated or challenged at this meeting
    tasks_agreed: int = 0  # tasks agreed at this meeting

    @property
    def is_final(self) -> bool:
        return self.status is MeetingStatus.FINALISED

    def section(self, key: str) -> SectionView:
        return next(s for s in self.sections if s.key == key)

    def section_with(self, part: agenda.Part) -> SectionView | None:
        return next((s for s in self.sections if part in s.parts), None)

    def section_state(self, key: str) -> str:
        """not started, in progress, complete, needs attention (for the outline), from the
        section's own work as well as its notes: Think Family's answers, who took part,
        the scores, decisions and tasks it holds."""
        if any(item.section_key == key for item in self.missing):
            return "needs attention"
        section = self.section(key)
        if section.marked_complete or self._checked_parts_done(section):
            return "complete"
        return "in progress" if section.notes.strip() or self.section_work(key) else "not started"

    def section_work(self, key: str) -> int:
        """How many records the section's parts hold: answers given, people whose way of
        taking part is recorded, reports, scores, views, decisions, tasks walked or
        agreed here, the next review's date, requests for an earlier review."""
        Part = agenda.Part
        counts = {
            Part.ATTENDANCE: sum(a.mode is not AttendanceMode.INVITED for a in self.attendees),
            Part.THINK_FAMILY: sum(c.answer is not None for c in self.considerations),
            Part.REPORTS_RECEIVED: sum(bool(a.report_text.strip()) for a in self.attendees),
            Part.SCALING: len(self.scores),
            Part.DIFFERING_VIEWS: len(self.differing_views),
            Part.DECISIONS: len(self.decisions),
            Part.EARLY_REVIEW: len(self.early_reviews),
            Part.NEXT_REVIEW: int(self.next_review_on is not None),
            Part.PREVIOUS_ACTIONS: self.tasks_walked,
            Part.ACTIONS: self.tasks_agreed,
        }
        return sum(counts.get(part, 0) for part in self.section(key).parts)

    def _checked_parts_done(self, section: SectionView) -> bool:
        """A section whose parts finalising checks (attendance, Think Family, previous
        actions, the next review) is complete once they hold everything they need."""
        Part = agenda.Part
        checked = [
            p
            for p in section.parts
            if p in (Part.ATTENDANCE, Part.THINK_FAMILY, Part.PREVIOUS_ACTIONS, Part.NEXT_REVIEW)
        ]
        done = {
            Part.ATTENDANCE: bool(self.attendees),
            Part.THINK_FAMILY: bool(self.considerations),
            Part.PREVIOUS_ACTIONS: self.tasks_walked > 0,
            Part.NEXT_REVIEW: self.next_review_on is not None,
        }
        return bool(checked) and all(done[p] for p in checked)


@dataclass(frozen=True)
class MeetingRow:
    id: int  # the meeting's number: shown on the Meetings tab, given to the command line
    title: str
    held_on: date
    status: MeetingStatus
    template_id: str = ""
    start_time: str = ""
    venue: str = ""
    decision_summary_due: date | None = None
    decision_summary_sent_on: date | None = None
    minutes_due: date | None = None
    minutes_sent_on: date | None = None

    def paperwork(self, what: Paperwork) -> tuple[date | None, date | None]:
        """(due, sent) for the decision summary or the minutes."""
        if what is Paperwork.DECISION_SUMMARY:
            return self.decision_summary_due, self.decision_summary_sent_on
        return self.minutes_due, self.minutes_sent_on


# -- templates and dates ----------------------------------------------------------------


def available_templates(subject_is_child: bool | None = None) -> list[agenda.AgendaTemplate]:
    """The agendas, those fitting the subject (child or adult) first."""
    templates = list(agenda.load_templates().values())
    if subject_is_child is None:
        return sorted(templates, key=lambda t: t.title)
    fits = "child" if subject_is_child else "adult"
    return sorted(templates, key=lambda t: (t.about not in (fits, "any"), t.title))


def unusual_date_warning(held_on: date, today: date | None = None) -> str | None:
    """A question to ask (not a refusal) when a meeting date looks like a typing slip."""
    today = today or date.today()
    if held_on < today - timedelta(days=UNUSUAL_DATE_DAYS):
        return f"{held_on:%d %B %Y} is more than a year ago. Is that the right date?"
    if held_on > today + timedelta(days=UNUSUAL_DATE_DAYS):
        return f"{held_on:%d %B %Y} is more than a year ahead. Is that the right date?"
    return None


def _time_text(value: str) -> str:
    text = value.strip()
    if not text:
        return ""
    try:
        return datetime.strptime(text, "%H:%M").strftime("%H:%M")
    except ValueError:
        raise InvalidInput(f"{text!r} is not a time; write it like 09:30 or 14:00.") from None


# -- reading --------------------------------------------------------------------------


def _load(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(
        Meeting,
        meeting_id,
        options=[
            selectinload(Meeting.sections),
            selectinload(Meeting.attendees),
            selectinload(Meeting.considerations),
            selectinload(Meeting.scores),
            selectinload(Meeting.differing_views),
            selectinload(Meeting.early_reviews),
            selectinload(Meeting.amendments),
        ],
    )
    if meeting is None:
        raise InvalidInput("That meeting is no longer in the vault.")
    return meeting


def _case_open(session: Session, meeting: Meeting) -> None:
    """A closed case is read-only, its meetings too (reopening it asks why)."""
    case = session.get(Case, meeting.case_id)
    if case is not None and case.status is CaseStatus.CLOSED:
        raise InvalidInput(
            f"Case {case.reference} is closed, so its meetings cannot be changed. Reopen the "
            "case first (Case → Reopen the case…) if something must be added."
        )


def _draft(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise InvalidInput("That meeting is no longer in the vault.")
    _case_open(session, meeting)
    if meeting.status is MeetingStatus.FINALISED:
        raise InvalidInput(
            "This meeting has been finalised, so it cannot be changed. Add an amendment "
            "instead: it is dated, signed and kept beside the original."
        )
    return meeting


def _actor_of(row: Consideration) -> Actor | None:
    try:
        kind = ActorKind(row.actor_kind) if row.actor_kind else None
    except ValueError:
        return None
    if kind is None:
        return None
    if kind is ActorKind.PROFESSIONAL:
        return Actor(kind, row.actor_professional_id)
    if kind is ActorKind.AGENCY:
        return Actor(kind, row.actor_agency_id)
    return Actor(kind)


def _on_case(actor: Actor | None, case: Case) -> bool:
    """Whether the one named to act still works with the case (the chair always does)."""
    if actor is None or actor.kind is ActorKind.CHAIR:
        return True
    if actor.kind is ActorKind.PROFESSIONAL:
        return any(i.professional_id == actor.id for i in case.involvements)
    return any(i.professional.agency_id == actor.id for i in case.involvements)


def _grid(session: Session, meeting: Meeting) -> list[ConsiderationView]:
    stored = {(c.person_id, c.question_key): c for c in meeting.considerations}
    views: list[ConsiderationView] = []
    case = session.get(Case, meeting.case_id)
    assert case is not None
    final = meeting.status is MeetingStatus.FINALISED

    def view(
        row: Consideration | None,
        person_id: int | None,
        name: str,
        role: Role,
        key: str,
        on_case: bool,
    ) -> ConsiderationView:
        question = QUESTION_BY_KEY[key]
        if row is None:
            return ConsiderationView(
                person_id,
                name,
                role,
                key,
                question.text,
                trigger=question.trigger,
                still_on_case=on_case,
            )
        actor = _actor_of(row)
        return ConsiderationView(
            person_id,
            row.person_name,
            role,
            key,
            row.question_text,
            Answer(row.answer) if row.answer else None,
            row.reason,
            FollowUp(row.follow_up) if row.follow_up else None,
            Procedure(row.procedure) if row.procedure else None,
            row.follow_up_detail,
            row.due_on,
            row.referral_confirmed,
            question.trigger,
            on_case,
            actor,
            row.actor_name,
            row.actor_agency,
            final or _on_case(actor, case),
        )

    if final:
        return [
            view(
                c, c.person_id, c.person_name, Role(c.role), c.question_key, c.person_id is not None
            )
            for c in meeting.considerations
        ]
    people = {p.id: p for p in case.people}
    facts = [
        (
            p.id,
            p.id == case.subject_id,
            p.is_child_on(meeting.held_on),
            p.lives_in_household,
            p.parental_responsibility,
            p.significant_contact,
        )
        for p in case.people
    ]
    seen: set[tuple[int | None, str]] = set()
    for person_role in roles_for_meeting(facts):
        person = people[person_role.person_id]
        for question in person_role.questions:
            key = (person.id, question.key)
            seen.add(key)
            views.append(
                view(stored.get(key), person.id, person.name, person_role.role, question.key, True)
            )
    # Answers already given about someone who has since left the case stay visible.
    for c in meeting.considerations:
        if (c.person_id, c.question_key) not in seen and c.answer:
            views.append(view(c, c.person_id, c.person_name, Role(c.role), c.question_key, False))
    return views


def missing_items(
    considerations: list[ConsiderationView],
    attendees: list[AttendeeView],
    next_review_on: date | None,
    sections: list[SectionView],
) -> list[MissingItem]:
    """Everything that stops a meeting being finalised, in agenda order."""

    def key_of(part: agenda.Part) -> str:
        return next((s.key for s in sections if part in s.parts), part.value)

    missing: list[MissingItem] = []
    attendance_key = key_of(agenda.Part.ATTENDANCE)
    if not attendees:
        missing.append(MissingItem(attendance_key, "Attendance: nobody has been invited."))
    for a in attendees:
        if a.mode is AttendanceMode.INVITED:
            missing.append(
                MissingItem(
                    attendance_key,
                    f"Attendance: how {a.name} took part is not recorded.",
                    attendance_id=a.id,
                )
            )
        elif a.mode is AttendanceMode.REPRESENTED and not a.represented_by.strip():
            missing.append(
                MissingItem(
                    attendance_key, f"Attendance: say who represented {a.name}.", attendance_id=a.id
                )
            )
    family_key = key_of(agenda.Part.THINK_FAMILY)
    for c in considerations:
        if not c.still_on_case:
            continue  # they have left the case: what was answered stays, nothing more is owed
        where = f"Think Family, {c.person_name}: “{c.question_text}”"
        item = MissingItem(family_key, "", c.person_id, c.question_key)
        if c.answer is None:
            missing.append(_with(item, f"{where} has no answer."))
        elif not c.reason.strip():
            missing.append(_with(item, f"{where} needs a reason for the answer."))
        elif needs_follow_up(c.answer):
            if c.follow_up is None:
                missing.append(
                    _with(
                        item,
                        f"{where} is “{c.answer.label}”: say what "
                        "follows (an action, a referral, or a decision "
                        "not to act and why).",
                    )
                )
            elif not c.follow_up_detail.strip():
                missing.append(_with(item, f"{where}: {_DESCRIBE[c.follow_up]}."))
            elif c.follow_up is FollowUp.REFERRAL and c.procedure is None:
                missing.append(_with(item, f"{where}: name the procedure for the referral."))
            elif c.needs_actor and c.actor is None:
                missing.append(
                    _with(
                        item,
                        f"{where}: say who will do it: a professional or an agency on the "
                        "case, or the chair.",
                    )
                )
            elif c.needs_actor and not c.actor_on_case:
                missing.append(
                    _with(
                        item,
                        f"{where}: {c.who_acts} is no longer on the case; say who will do it now.",
                    )
                )
            elif is_trigger(c.question_key, c.answer) and not c.referral_confirmed:
                missing.append(
                    _with(
                        item,
                        f"{where}: confirm the same-day referral "
                        f"({c.trigger.label if c.trigger else ''}).",
                    )
                )
    missing += _one_referral_each(considerations, family_key)
    if next_review_on is None:
        missing.append(
            MissingItem(key_of(agenda.Part.NEXT_REVIEW), "Next review: no date has been set.")
        )
    return missing


def _one_referral_each(considerations: list[ConsiderationView], key: str) -> list[MissingItem]:
    """A same-day referral is one per procedure per meeting, whoever it concerns: the
    answers that lead to it must name the same person to make it."""
    by_procedure: dict[Procedure, list[ConsiderationView]] = {}
    for c in considerations:
        if (
            c.still_on_case
            and c.follow_up is FollowUp.REFERRAL
            and c.procedure in SAME_DAY_PROCEDURES
            and needs_follow_up(c.answer)
            and c.actor is not None
        ):
            by_procedure.setdefault(c.procedure, []).append(c)
    missing: list[MissingItem] = []
    for procedure, rows in by_procedure.items():
        named = list(dict.fromkeys(c.who_acts for c in rows))
        if len(named) < 2:
            continue
        people = _and(list(dict.fromkeys(c.person_name for c in rows)))
        last = rows[-1]
        missing.append(
            MissingItem(
                key,
                f"Think Family: the referral to {procedure.label} is one referral for "
                f"{people}. Name the same person to make it for each of them (now: "
                f"{'; '.join(named)}).",
                last.person_id,
                last.question_key,
            )
        )
    return missing


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


_DESCRIBE = {
    FollowUp.ACTION: "describe the action: what, who and by when",
    FollowUp.REFERRAL: "say who makes the referral and to which service",
    FollowUp.NO_ACTION: "give the reason for deciding not to act",
}


def _with(item: MissingItem, message: str) -> MissingItem:
    return MissingItem(
        item.section_key, message, item.person_id, item.question_key, item.attendance_id
    )


def _view(session: Session, meeting: Meeting) -> MeetingView:
    case = session.get(Case, meeting.case_id)
    assert case is not None
    sections = [
        SectionView(
            s.key,
            s.title,
            s.prompt,
            tuple(agenda.Part(p) for p in s.parts.split(",") if p),
            s.notes,
            s.marked_complete,
            s.restricted,
        )
        for s in meeting.sections
    ]
    attendees = [
        AttendeeView(
            a.id,
            a.name,
            a.role,
            a.agency,
            a.mode,
            a.represented_by,
            a.report_text,
            a.person_id,
            a.professional_id,
        )
        for a in meeting.attendees
    ]
    grid = _grid(session, meeting)
    final = meeting.status is MeetingStatus.FINALISED
    return MeetingView(
        id=meeting.id,
        case_id=meeting.case_id,
        case_reference=case.reference,
        template_id=meeting.template_id,
        title=meeting.title,
        about=meeting.about,
        held_on=meeting.held_on,
        start_time=meeting.start_time,
        venue=meeting.venue,
        chair_name=meeting.chair_name,
        status=meeting.status,
        next_review_on=meeting.next_review_on,
        finalised_at=meeting.finalised_at,
        decision_summary_due=meeting.decision_summary_due,
        minutes_due=meeting.minutes_due,
        sections=sections,
        attendees=attendees,
        considerations=grid,
        scores=[ScoreView(s.id, s.participant, s.score, s.comment) for s in meeting.scores],
        differing_views=[
            DifferingViewView(d.id, d.topic, d.views, d.resolution, d.escalated_to)
            for d in meeting.differing_views
        ],
        early_reviews=[
            EarlyReviewView(e.id, e.requested_by, e.reason, e.outcome)
            for e in meeting.early_reviews
        ],
        amendments=[
            AmendmentView(a.id, a.made_at, a.author, a.section_key, a.text, a.reason)
            for a in meeting.amendments
        ],
        missing=[]
        if final
        else missing_items(grid, attendees, meeting.next_review_on, sections)
        + _previous_actions_missing(session, meeting, sections),
        decisions=[
            DecisionView(d.id, d.text, [DissentView(x.id, x.who, x.reason) for x in d.dissents])
            for d in meeting.decisions
        ],
        decision_summary_sent_on=meeting.decision_summary_sent_on,
        minutes_sent_on=meeting.minutes_sent_on,
        nation=case.nation,
        **_task_counts(session, meeting),
    )


def _task_counts(session: Session, meeting: Meeting) -> dict[str, int]:
    """How many earlier tasks this meeting walked, and how many it agreed."""
    walked = session.scalar(
        select(func.count(func.distinct(TaskUpdate.task_id))).where(
            TaskUpdate.meeting_id == meeting.id
        )
    )
    agreed = session.scalar(select(func.count(Task.id)).where(Task.meeting_id == meeting.id))
    return {"tasks_walked": int(walked or 0), "tasks_agreed": int(agreed or 0)}


def _previous_actions_missing(
    session: Session, meeting: Meeting, sections: list[SectionView]
) -> list[MissingItem]:
    """A review walks every task agreed before it: each needs an update at this meeting,
    and one not done twice in a row needs its challenge recorded here."""
    section = next((s for s in sections if agenda.Part.PREVIOUS_ACTIONS in s.parts), None)
    if section is None:
        return []
    missing: list[MissingItem] = []
    earlier = session.scalars(
        select(Task)
        .where(
            Task.case_id == meeting.case_id,
            (Task.meeting_id != meeting.id) | Task.meeting_id.is_(None),
        )
        .options(selectinload(Task.updates), selectinload(Task.challenges))
        .order_by(Task.created_at, Task.id)
    ).all()
    for task in earlier:
        updated_here = [u for u in task.updates if u.meeting_id == meeting.id]
        where = (
            f"Previous actions: “{task.description[:80]}” ({task.agency_name or task.owner_name})"
        )
        if not updated_here:
            if task.status.is_open:
                missing.append(
                    MissingItem(section.key, f"{where} needs an update.", task_id=task.id)
                )
            continue
        misses = misses_in_a_row([u.status for u in task.updates])
        challenged_here = any(c.meeting_id == meeting.id for c in task.challenges)
        if misses >= 2 and not challenged_here:
            missing.append(
                MissingItem(
                    section.key,
                    f"{where} was not done twice in a row: record who raised it "
                    "with the agency, what they said and whether it was escalated.",
                    task_id=task.id,
                )
            )
    return missing


def get_meeting(vault: Vault, meeting_id: int) -> MeetingView:
    with vault.unit_of_work() as session:
        return _view(session, _load(session, meeting_id))


def list_meetings(vault: Vault, case_id: int) -> list[MeetingRow]:
    with vault.unit_of_work() as session:
        rows = session.execute(
            select(
                Meeting.id,
                Meeting.title,
                Meeting.held_on,
                Meeting.status,
                Meeting.template_id,
                Meeting.start_time,
                Meeting.venue,
                Meeting.decision_summary_due,
                Meeting.decision_summary_sent_on,
                Meeting.minutes_due,
                Meeting.minutes_sent_on,
            )
            .where(Meeting.case_id == case_id)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        ).all()
    return [MeetingRow(**row._asdict()) for row in rows]  # labels are the field names


def meeting_of_case(vault: Vault, reference: str, number: int) -> int:
    """Meeting ``number`` once it is known to belong to case ``reference``.

    A number the case does not have is refused with the case's meetings listed, so a
    script writer learns the right one from the message (``tac-desktop meetings``).
    """
    reference = reference.strip()
    rows = list_meetings(vault, find_case_id(vault, reference))
    if any(row.id == number for row in rows):
        return number
    if not rows:
        raise InvalidInput(f"Case {reference} has no meetings yet. Nothing was written.")
    listed = "; ".join(
        f"{row.id} ({row.title}, {row.held_on:%d %b %Y}, {row.status.value})" for row in rows
    )
    raise InvalidInput(
        f"Case {reference} has no meeting number {number}. Its meetings: {listed}. "
        "Nothing was written."
    )


# -- creating -------------------------------------------------------------------------


def create_meeting(vault: Vault, case_id: int, draft: MeetingDraft) -> int:
    """A draft meeting from an agenda, with the case's professionals and the family's
    adults with parental responsibility invited (the chair adds or removes others)."""
    template = agenda.template(draft.template_id)
    start_time = _time_text(draft.start_time)
    with vault.unit_of_work() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise InvalidInput("That case is no longer in the vault.")
        if case.status is CaseStatus.CLOSED:
            raise InvalidInput(
                f"Case {case.reference} is closed, so no meeting can be planned for it. "
                "Reopen the case first (Case → Reopen the case…)."
            )
        subject = case.subject
        about = "child" if subject is None or subject.is_child_on(draft.held_on) else "adult"
        chair = session.scalars(select(Chair).order_by(Chair.id)).first()
        meeting = Meeting(
            case_id=case.id,
            template_id=template.id,
            title=template.title,
            about=about,
            held_on=draft.held_on,
            start_time=start_time,
            venue=valid_line(draft.venue, "The venue"),
            chair_name=valid_line(draft.chair_name, "The chair's name")
            or (chair.name if chair else ""),
            status=MeetingStatus.DRAFT,
        )
        for position, section in enumerate(template.sections):
            meeting.sections.append(
                MeetingSection(
                    key=section.key,
                    position=position,
                    title=section.title,
                    prompt=section.prompt,
                    parts=",".join(p.value for p in section.parts),
                )
            )
        involvements = session.scalars(
            select(Involvement)
            .where(Involvement.case_id == case.id)
            .options(selectinload(Involvement.professional).selectinload(Professional.agency))
        ).all()
        for involvement in involvements:
            professional = involvement.professional
            meeting.attendees.append(
                Attendance(
                    professional_id=professional.id,
                    name=professional.name,
                    role=professional.role,
                    agency=professional.agency.name,
                )
            )
        for person in case.people:
            if person.parental_responsibility or person.id == case.subject_id:
                meeting.attendees.append(
                    Attendance(
                        person_id=person.id,
                        name=person.name,
                        role="the subject"
                        if person.id == case.subject_id
                        else person.relationship_to_subject,
                    )
                )
        session.add(meeting)
        session.flush()
        return meeting.id


# -- sections -------------------------------------------------------------------------


def _section(session: Session, meeting_id: int, key: str) -> MeetingSection:
    _draft(session, meeting_id)
    section = session.scalar(
        select(MeetingSection).where(
            MeetingSection.meeting_id == meeting_id, MeetingSection.key == key
        )
    )
    if section is None:
        raise InvalidInput("That agenda section is not part of this meeting.")
    return section


def save_notes(vault: Vault, meeting_id: int, section_key: str, notes: str) -> None:
    """Called as the chair types (debounced): one small commit per pause."""
    text = valid_note(notes, "The notes")
    with vault.unit_of_work() as session:
        section = _section(session, meeting_id, section_key)
        if section.notes != text:
            section.notes = text


def mark_complete(vault: Vault, meeting_id: int, section_key: str, complete: bool = True) -> None:
    with vault.unit_of_work() as session:
        _section(session, meeting_id, section_key).marked_complete = complete


def set_restricted(vault: Vault, meeting_id: int, section_key: str, restricted: bool) -> None:
    """Need-to-know: keep a section's notes (a parent's health, say) out of the copies of
    the minutes made for agencies; the full minutes keep them. Allowed after finalising
    too, since it changes who reads the record, not what it says."""
    with vault.unit_of_work() as session:
        section = session.scalar(
            select(MeetingSection).where(
                MeetingSection.meeting_id == meeting_id, MeetingSection.key == section_key
            )
        )
        if section is None:
            raise InvalidInput("That agenda section is not part of this meeting.")
        _case_open(session, section.meeting)
        section.restricted = restricted


# -- attendance -----------------------------------------------------------------------


def invite_person(vault: Vault, meeting_id: int, person_id: int) -> int:
    with vault.unit_of_work() as session:
        meeting = _draft(session, meeting_id)
        person = session.get(Person, person_id)
        if person is None or person.case_id != meeting.case_id:
            raise InvalidInput("That person is not part of this case.")
        if any(a.person_id == person_id for a in meeting.attendees):
            raise InvalidInput(f"{person.name} is already on the invitation list.")
        row = Attendance(person_id=person.id, name=person.name, role=person.relationship_to_subject)
        meeting.attendees.append(row)
        session.flush()
        return row.id


def invite_professional(vault: Vault, meeting_id: int, professional_id: int) -> int:
    with vault.unit_of_work() as session:
        meeting = _draft(session, meeting_id)
        professional = session.get(Professional, professional_id)
        if professional is None:
            raise InvalidInput("That professional is no longer in the vault.")
        if any(a.professional_id == professional_id for a in meeting.attendees):
            raise InvalidInput(f"{professional.name} is already on the invitation list.")
        row = Attendance(
            professional_id=professional.id,
            name=professional.name,
            role=professional.role,
            agency=professional.agency.name,
        )
        meeting.attendees.append(row)
        session.flush()
        return row.id


def invite_other(vault: Vault, meeting_id: int, name: str, role: str = "", agency: str = "") -> int:
    """Someone not yet on the case (e.g. an interpreter, a new professional)."""
    with vault.unit_of_work() as session:
        meeting = _draft(session, meeting_id)
        row = Attendance(
            name=valid_name(name, "The name"),
            role=valid_line(role, "The role"),
            agency=valid_line(agency, "The agency"),
        )
        meeting.attendees.append(row)
        session.flush()
        return row.id


def record_attendance(
    vault: Vault,
    attendance_id: int,
    mode: AttendanceMode,
    represented_by: str = "",
    report_text: str | None = None,
) -> None:
    with vault.unit_of_work() as session:
        row = session.get(Attendance, attendance_id)
        if row is None:
            raise InvalidInput("That person is no longer on the invitation list.")
        _draft(session, row.meeting_id)
        row.mode = mode
        row.represented_by = valid_line(represented_by, "The name of the representative")
        if report_text is not None:
            row.report_text = valid_note(report_text, "The report")


def remove_attendee(vault: Vault, attendance_id: int) -> None:
    with vault.unit_of_work() as session:
        row = session.get(Attendance, attendance_id)
        if row is None:
            return
        _draft(session, row.meeting_id)
        session.delete(row)


# -- Think Family ---------------------------------------------------------------------


def answer_consideration(
    vault: Vault, meeting_id: int, person_id: int, question_key: str, given: ConsiderationAnswer
) -> None:
    """Record one answer. A "yes" to a safeguarding question names its procedure and sets
    a same-day referral, which the chair then confirms."""
    question = QUESTION_BY_KEY.get(question_key)
    if question is None:
        raise InvalidInput("That is not one of the Think Family questions.")
    with vault.unit_of_work() as session:
        meeting = _draft(session, meeting_id)
        case = session.get(Case, meeting.case_id)
        assert case is not None
        person = session.get(Person, person_id)
        if person is None or person.case_id != meeting.case_id:
            raise InvalidInput("That person is not part of this case.")
        facts = [
            (
                p.id,
                p.id == case.subject_id,
                p.is_child_on(meeting.held_on),
                p.lives_in_household,
                p.parental_responsibility,
                p.significant_contact,
            )
            for p in case.people
        ]
        role = next(
            (
                r.role
                for r in roles_for_meeting(facts)
                if r.person_id == person_id and question in r.questions
            ),
            None,
        )
        if role is None:
            raise InvalidInput(f"That question is not asked about {person.name} in this meeting.")
        row = session.scalar(
            select(Consideration).where(
                Consideration.meeting_id == meeting_id,
                Consideration.person_id == person_id,
                Consideration.question_key == question_key,
            )
        )
        if row is None:
            row = Consideration(
                meeting_id=meeting_id, person_id=person_id, question_key=question_key
            )
            session.add(row)
        row.person_name = person.name
        row.role = role.value
        row.question_text = question.text
        row.answer = given.answer.value
        row.reason = valid_note(given.reason, "The reason")
        trigger = is_trigger(question_key, given.answer)
        if not needs_follow_up(given.answer):
            row.follow_up, row.procedure, row.follow_up_detail, row.due_on = None, None, "", None
            row.referral_confirmed = False
            _set_actor(session, case, row, None)
            return
        follow_up, procedure, due_on = given.follow_up, given.procedure, given.due_on
        if follow_up is not FollowUp.REFERRAL:
            procedure = None  # only a referral goes to a procedure
        if trigger is not None:
            follow_up, procedure = FollowUp.REFERRAL, trigger
            due_on = add_working_days(meeting.held_on, 0, case.nation)  # the same (working) day
        elif follow_up is FollowUp.REFERRAL and due_on is None:
            due_on = add_working_days(meeting.held_on, 3, case.nation)
        if (row.procedure, row.follow_up) != (
            procedure.value if procedure else None,
            follow_up.value if follow_up else None,
        ):
            row.referral_confirmed = False
        row.follow_up = follow_up.value if follow_up else None
        row.procedure = procedure.value if procedure else None
        row.follow_up_detail = valid_note(given.follow_up_detail, "What follows")
        row.due_on = due_on
        acts = follow_up in (FollowUp.ACTION, FollowUp.REFERRAL)
        _set_actor(session, case, row, given.actor if acts else None)


def _set_actor(session: Session, case: Case, row: Consideration, actor: Actor | None) -> None:
    """Name who does what an answer leads to; refused (in words) when they are not on
    the case."""
    name = agency = ""
    professional_id = agency_id = None
    if actor is not None and actor.kind is ActorKind.PROFESSIONAL:
        involved = next((i for i in case.involvements if i.professional_id == actor.id), None)
        if involved is None:
            raise InvalidInput(
                "That professional is not working with this family's case. Add them to the "
                "case first, or choose someone who is; nothing else was changed."
            )
        professional = involved.professional
        professional_id, name, agency = professional.id, professional.name, professional.agency.name
    elif actor is not None and actor.kind is ActorKind.AGENCY:
        found = session.get(Agency, actor.id) if actor.id is not None else None
        if found is None or not _on_case(actor, case):
            raise InvalidInput(
                "That agency has nobody working with this family's case. Add one of its "
                "professionals to the case first, or choose an agency that is on it."
            )
        agency_id, agency = found.id, found.name
    elif actor is not None:
        chair = session.scalars(select(Chair).order_by(Chair.id)).first()
        name = chair.name if chair is not None and chair.name else "The chair"
        agency = chair.agency if chair is not None else ""
    row.actor_kind = actor.kind.value if actor is not None else None
    row.actor_professional_id, row.actor_agency_id = professional_id, agency_id
    row.actor_name, row.actor_agency = name, agency


def actor_choices(vault: Vault, case_id: int) -> list[ActorChoice]:
    """Who can be named to act on a Think Family answer: each professional on the case,
    each of the case's agencies (nobody named yet), and the chair."""
    with vault.unit_of_work() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise InvalidInput("That case is no longer in the vault.")
        chair = session.scalars(select(Chair).order_by(Chair.id)).first()
        out: list[ActorChoice] = []
        agencies: dict[int, str] = {}
        for involvement in sorted(case.involvements, key=lambda i: i.professional.name.casefold()):
            professional = involvement.professional
            role = f", {professional.role}" if professional.role else ""
            out.append(
                ActorChoice(
                    Actor(ActorKind.PROFESSIONAL, professional.id),
                    f"{professional.name}{role} ({professional.agency.name})",
                    professional.name,
                    professional.agency.name,
                )
            )
            agencies.setdefault(professional.agency_id, professional.agency.name)
        for agency_id, name in sorted(agencies.items(), key=lambda a: a[1].casefold()):
            out.append(
                ActorChoice(
                    Actor(ActorKind.AGENCY, agency_id),
                    f"Someone at {name} (nobody named yet)",
                    "",
                    name,
                )
            )
        chair_name = chair.name if chair is not None and chair.name else "The chair"
        out.append(
            ActorChoice(
                Actor(ActorKind.CHAIR),
                f"The chair ({chair_name})",
                chair_name,
                chair.agency if chair is not None else "",
            )
        )
        return out


def confirm_referral(vault: Vault, meeting_id: int, person_id: int, question_key: str) -> None:
    with vault.unit_of_work() as session:
        _draft(session, meeting_id)
        row = session.scalar(
            select(Consideration).where(
                Consideration.meeting_id == meeting_id,
                Consideration.person_id == person_id,
                Consideration.question_key == question_key,
            )
        )
        if row is None or row.follow_up != FollowUp.REFERRAL.value:
            raise InvalidInput("There is no referral to confirm for that answer.")
        row.referral_confirmed = True


# -- scaling, differing views, reviews ------------------------------------------------


def add_score(
    vault: Vault, meeting_id: int, participant: str, score: int, comment: str = ""
) -> int:
    if not 0 <= score <= 10:
        raise InvalidInput("A scaling score is a whole number from 0 to 10.")
    with vault.unit_of_work() as session:
        meeting = _draft(session, meeting_id)
        row = ScalingScore(
            participant=valid_name(participant, "Who gave the score"),
            score=score,
            comment=valid_note(comment, "The comment"),
        )
        meeting.scores.append(row)
        session.flush()
        return row.id


def add_decision(vault: Vault, meeting_id: int, text: str) -> int:
    text = valid_note(text, "The decision").strip()
    if not text:
        raise InvalidInput("Say what was decided.")
    with vault.unit_of_work() as session:
        meeting = _draft(session, meeting_id)
        row = Decision(text=text)
        meeting.decisions.append(row)
        session.flush()
        return row.id


def _draft_decision(session: Session, decision_id: int) -> Decision:
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise InvalidInput("That decision is no longer in the vault.")
    _draft(session, decision.meeting_id)
    return decision


def edit_decision(vault: Vault, decision_id: int, text: str) -> None:
    text = valid_note(text, "The decision").strip()
    if not text:
        raise InvalidInput("Say what was decided.")
    with vault.unit_of_work() as session:
        _draft_decision(session, decision_id).text = text


def remove_decision(vault: Vault, decision_id: int) -> None:
    with vault.unit_of_work() as session:
        session.delete(_draft_decision(session, decision_id))


def add_dissent(vault: Vault, decision_id: int, who: str, reason: str) -> int:
    """Someone disagreed with a decision: recorded beside it, with their reason."""
    who = valid_line(who, "Who disagreed").strip()
    reason = valid_note(reason, "Their reason").strip()
    if not who or not reason:
        raise InvalidInput("Say who disagreed and why, in their words.")
    with vault.unit_of_work() as session:
        decision = _draft_decision(session, decision_id)
        row = Dissent(who=who, reason=reason)
        decision.dissents.append(row)
        session.flush()
        return row.id


def remove_dissent(vault: Vault, dissent_id: int) -> None:
    with vault.unit_of_work() as session:
        dissent = session.get(Dissent, dissent_id)
        if dissent is None:
            raise InvalidInput("That disagreement is no longer in the vault.")
        _draft_decision(session, dissent.decision_id)
        session.delete(dissent)


def add_differing_view(
    vault: Vault,
    meeting_id: int,
    topic: str,
    views: str,
    resolution: str = "",
    escalated_to: str = "",
) -> int:
    if not topic.strip() or not views.strip():
        raise InvalidInput("Say what the disagreement is about and who holds which view.")
    with vault.unit_of_work() as session:
        meeting = _draft(session, meeting_id)
        row = DifferingView(
            topic=valid_note(topic, "The topic"),
            views=valid_note(views, "The views"),
            resolution=valid_note(resolution, "The resolution"),
            escalated_to=valid_line(escalated_to, "Escalated to"),
        )
        meeting.differing_views.append(row)
        session.flush()
        return row.id


def request_early_review(
    vault: Vault, meeting_id: int, requested_by: str, reason: str, outcome: str = ""
) -> int:
    if not reason.strip():
        raise InvalidInput("Say why an earlier review was asked for.")
    with vault.unit_of_work() as session:
        meeting = _draft(session, meeting_id)
        row = EarlyReviewRequest(
            requested_by=valid_name(requested_by, "Who asked"),
            reason=valid_note(reason, "The reason"),
            outcome=valid_note(outcome, "The outcome"),
        )
        meeting.early_reviews.append(row)
        session.flush()
        return row.id


def set_next_review(vault: Vault, meeting_id: int, day: date | None) -> None:
    with vault.unit_of_work() as session:
        meeting = _draft(session, meeting_id)
        if day is not None and day <= meeting.held_on:
            raise InvalidInput("The next review must come after this meeting.")
        meeting.next_review_on = day


def suggested_next_review(view: MeetingView) -> date:
    """The agenda's interval after the meeting, moved to a working day of the case's
    nation (never a weekend or a bank holiday)."""
    weeks = agenda.template(view.template_id).review_interval_weeks or 12
    return on_a_working_day(view.held_on + timedelta(weeks=weeks), view.nation)


# -- finalising and amending ----------------------------------------------------------


def finalise(vault: Vault, meeting_id: int) -> MeetingView:
    """Close the record. Refused, with the exact list of what is missing, until every
    consideration is answered and leads somewhere, attendance is complete and the next
    review is set."""
    with vault.unit_of_work() as session:
        meeting = _load(session, meeting_id)
        _case_open(session, meeting)
        if meeting.status is MeetingStatus.FINALISED:
            raise InvalidInput("This meeting has already been finalised.")
        view = _view(session, meeting)
        if view.missing:
            raise NotReadyToFinalise(view.missing)
        case = session.get(Case, meeting.case_id)
        assert case is not None
        # Snapshot the role of every row so the record reads the same forever.
        for c in meeting.considerations:
            match = next(
                (
                    v
                    for v in view.considerations
                    if (v.person_id, v.question_key) == (c.person_id, c.question_key)
                ),
                None,
            )
            if match is not None:
                c.role = match.role.value
        now = datetime.now(UTC)
        meeting.status = MeetingStatus.FINALISED
        meeting.finalised_at = now
        # Counted from the meeting, not from finalising: a record finalised late does not
        # move the family's and the agencies' deadline.
        meeting.decision_summary_due = add_working_days(
            meeting.held_on, DECISION_SUMMARY_WORKING_DAYS, case.nation
        )
        meeting.minutes_due = add_working_days(meeting.held_on, MINUTES_WORKING_DAYS, case.nation)
        _tasks_from_considerations(session, case, meeting)
        _keep_family(case, meeting)
        session.flush()
        return _view(session, meeting)


def _family_now(case: Case, on: date) -> list[FamilyMemberView]:
    """The case's people as they stand, the person the meeting is about first."""
    people = sorted(case.people, key=lambda p: (p.id != case.subject_id, p.id))
    return [
        FamilyMemberView(
            p.id,
            p.display_name,
            "" if p.id == case.subject_id else p.relationship_to_subject,
            p.id == case.subject_id,
            p.is_child_on(on),
            p.lives_in_household,
            p.parental_responsibility,
            p.significant_contact,
            p.no_information,
        )
        for p in people
    ]


def _keep_family(case: Case, meeting: Meeting) -> None:
    """Finalising keeps the family as it stands, so the minutes read the same later."""
    meeting.family.clear()
    for position, member in enumerate(_family_now(case, meeting.held_on)):
        meeting.family.append(
            MeetingFamilyMember(
                person_id=member.person_id,
                position=position,
                name=member.name,
                relationship_to_subject=member.relationship,
                is_subject=member.is_subject,
                is_child=member.is_child,
                lives_in_household=member.lives_in_household,
                parental_responsibility=member.parental_responsibility,
                significant_contact=member.significant_contact,
                no_information=member.no_information,
            )
        )


def family_as_recorded(vault: Vault, meeting_id: int) -> list[FamilyMemberView]:
    """The family as recorded at the meeting: as kept when it was finalised; for a draft
    (or a meeting finalised before the family was kept) the case's people as they are
    now. Whether someone must not receive information is as the case says now, for
    anyone still on it: that decides who gets the papers today."""
    with vault.unit_of_work() as session:
        meeting = session.get(Meeting, meeting_id, options=[selectinload(Meeting.family)])
        if meeting is None:
            raise InvalidInput("That meeting is no longer in the vault.")
        case = session.get(Case, meeting.case_id)
        assert case is not None
        if not meeting.family:
            return _family_now(case, meeting.held_on)
        marked = {p.id: p.no_information for p in case.people}
        return [
            FamilyMemberView(
                f.person_id,
                f.name,
                f.relationship_to_subject,
                f.is_subject,
                f.is_child,
                f.lives_in_household,
                f.parental_responsibility,
                f.significant_contact,
                marked.get(f.person_id, f.no_information)
                if f.person_id is not None
                else f.no_information,
            )
            for f in meeting.family
        ]


def _tasks_from_considerations(session: Session, case: Case, meeting: Meeting) -> None:
    """Every action or referral a Think Family answer led to joins the action plan, as a
    task of whoever was named to do it (grouped under their agency). A referral under a
    same-day procedure is one task per procedure, naming everyone it concerns."""
    groups: dict[tuple[str, int], list[Consideration]] = {}
    for c in meeting.considerations:
        if c.follow_up not in (FollowUp.ACTION.value, FollowUp.REFERRAL.value):
            continue
        if not needs_follow_up(Answer(c.answer) if c.answer else None):
            continue
        procedure = Procedure(c.procedure) if c.procedure else None
        one = c.follow_up == FollowUp.REFERRAL.value and procedure in SAME_DAY_PROCEDURES
        groups.setdefault((c.procedure or "", 0) if one else ("", c.id), []).append(c)
    lead = next((i for i in case.involvements if i.is_lead), None)
    for rows in groups.values():
        first = rows[0]
        label = f" ({Procedure(first.procedure).label})" if first.procedure else ""
        details = list(dict.fromkeys(d for c in rows if (d := c.follow_up_detail.strip())))
        people = list(dict.fromkeys(c.person_name for c in rows))
        due = min(c.due_on or add_working_days(meeting.held_on, 3, case.nation) for c in rows)
        task = Task(
            case_id=case.id,
            meeting_id=meeting.id,
            description=f"{' '.join(details)}{label}",
            due_on=due,
            status=TaskStatus.NOT_STARTED,
            procedure=first.procedure,  # a safeguarding route keeps it from family copies
        )
        if len(people) == 1:
            task.for_person_id = first.person_id
            task.for_need = "\n".join(dict.fromkeys(c.question_text for c in rows))
        else:  # one referral for several people: it names each of them
            questions = "; ".join(dict.fromkeys(c.question_text for c in rows))
            task.for_need = f"{_and(people)}: {questions}"
        _give_to(session, task, first, lead)
        session.add(task)


def _give_to(session: Session, task: Task, answer: Consideration, lead: Involvement | None) -> None:
    """The task belongs to whoever the answer named: a professional (and their agency),
    an agency with nobody named yet, or the chair (under the chair's organisation)."""
    kind = answer.actor_kind
    professional = (
        session.get(Professional, answer.actor_professional_id)
        if kind == ActorKind.PROFESSIONAL.value and answer.actor_professional_id is not None
        else None
    )
    if professional is not None:
        task.assign_to(professional)
    elif kind == ActorKind.AGENCY.value:
        task.agency_id, task.agency_name = answer.actor_agency_id, answer.actor_agency
    elif kind in (ActorKind.PROFESSIONAL.value, ActorKind.CHAIR.value):
        task.owner_name = answer.actor_name
        task.agency_name = answer.actor_agency or "The chair"
    elif lead is not None:  # answered before anyone had to be named (older records)
        task.assign_to(lead.professional)


def amend(vault: Vault, meeting_id: int, text: str, reason: str, section_key: str = "") -> int:
    if not text.strip() or not reason.strip():
        raise InvalidInput("An amendment needs the corrected text and the reason for it.")
    with vault.unit_of_work() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise InvalidInput("That meeting is no longer in the vault.")
        _case_open(session, meeting)
        if meeting.status is not MeetingStatus.FINALISED:
            raise InvalidInput(
                "A draft can still be edited directly; amendments are for finalised meetings."
            )
        chair = session.scalars(select(Chair).order_by(Chair.id)).first()
        row = Amendment(
            made_at=datetime.now(UTC),
            author=chair.name if chair else "",
            section_key=section_key,
            text=valid_note(text, "The amendment"),
            reason=valid_note(reason, "The reason"),
        )
        meeting.amendments.append(row)
        session.flush()
        return row.id


# -- after the meeting: the decision summary and the minutes go out --------------------


class Paperwork(enum.Enum):
    DECISION_SUMMARY = "decision_summary"  # within 1 working day
    MINUTES = "minutes"  # within 15 working days

    @property
    def label(self) -> str:
        return {"decision_summary": "Decision summary", "minutes": "Minutes"}[self.value]


@dataclass(frozen=True)
class PaperworkDue:
    """A finalised meeting's summary or minutes not yet marked as sent."""

    case_id: int
    case_reference: str
    meeting_id: int
    meeting_title: str
    held_on: date
    what: Paperwork
    due_on: date

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today


def mark_sent(vault: Vault, meeting_id: int, what: Paperwork, sent_on: date | None) -> None:
    """Record the day the summary or minutes went out (None: not sent after all)."""
    with vault.unit_of_work() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise InvalidInput("That meeting is no longer in the vault.")
        _case_open(session, meeting)
        if meeting.status is not MeetingStatus.FINALISED:
            raise InvalidInput(
                "Finalise the meeting first: what is sent out is the finalised record."
            )
        if sent_on is not None and sent_on < meeting.held_on:
            raise InvalidInput(
                f"{sent_on.day} {sent_on:%B %Y} is before the meeting itself "
                f"({meeting.held_on.day} {meeting.held_on:%B %Y}). Check the date."
            )
        if sent_on is not None and sent_on > date.today():
            raise InvalidInput("The date it was sent cannot be in the future.")
        if what is Paperwork.DECISION_SUMMARY:
            meeting.decision_summary_sent_on = sent_on
        else:
            meeting.minutes_sent_on = sent_on
            # The one place the minutes' distribution reaches the sharing log.
            consent.log_minutes_distribution(session, meeting, sent_on)


def paperwork_due(vault: Vault, case_id: int | None = None) -> list[PaperworkDue]:
    """Summaries and minutes of finalised meetings of open cases not yet sent, soonest
    due first (one case with ``case_id``)."""
    query = (
        select(
            Meeting.case_id,
            Case.reference,
            Meeting.id,
            Meeting.title,
            Meeting.held_on,
            Meeting.decision_summary_due,
            Meeting.decision_summary_sent_on,
            Meeting.minutes_due,
            Meeting.minutes_sent_on,
        )
        .join(Case, Case.id == Meeting.case_id)
        .where(Meeting.status == MeetingStatus.FINALISED, Case.status == CaseStatus.OPEN)
    )
    if case_id is not None:
        query = query.where(Meeting.case_id == case_id)
    with vault.unit_of_work() as session:
        rows = session.execute(query).all()
    due: list[PaperworkDue] = []
    for row in rows:
        for what, due_on, sent_on in (
            (Paperwork.DECISION_SUMMARY, row.decision_summary_due, row.decision_summary_sent_on),
            (Paperwork.MINUTES, row.minutes_due, row.minutes_sent_on),
        ):
            if due_on is not None and sent_on is None:
                due.append(
                    PaperworkDue(
                        row[0], row.reference, row.id, row.title, row.held_on, what, due_on
                    )
                )
    return sorted(due, key=lambda d: (d.due_on, d.case_reference, d.meeting_id))
