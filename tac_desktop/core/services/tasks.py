"""Tasks per agency: agreeing them, updating them at reviews, challenging missed ones,
and the views the chair chases them with (the case's action plan, "My actions").
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import selectinload

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    Agency,
    Case,
    CaseStatus,
    Meeting,
    NotDoneReason,
    Person,
    Professional,
    Task,
    TaskChallenge,
    TaskStatus,
    TaskUpdate,
)
from tac_desktop.core.models.task import misses_in_a_row
from tac_desktop.core.practice.think_family import SAME_DAY_PROCEDURES
from tac_desktop.core.practice.working_days import add_working_days, bank_holiday_note
from tac_desktop.core.services.cases import valid_line, valid_name, valid_note, writable_case
from tac_desktop.core.vault import Vault

DUE_SOON_DAYS = 7
REFERRAL_WORKING_DAYS = 3  # an unmet need; a safeguarding referral is due the same day


class Urgency(enum.Enum):
    """How a task stands against its date; shown with a word and a mark, not colour alone."""

    OVERDUE = "overdue"
    TODAY = "today"  # due today: a same-day referral is, from the meeting that made it
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            "overdue": "⚠ Overdue",
            "today": "● Today",
            "due_soon": "◷ Due soon",
            "on_track": "✓ On track",
            "closed": "Closed",
        }[self.value]


def urgency(status: TaskStatus, due_on: date, today: date) -> Urgency:
    if not status.is_open:
        return Urgency.CLOSED
    if due_on < today:
        return Urgency.OVERDUE
    if due_on == today:
        return Urgency.TODAY
    if due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return Urgency.DUE_SOON
    return Urgency.ON_TRACK


# Referrals under these procedures are made the same day (think_family.SAME_DAY_PROCEDURES).
_SAME_DAY = tuple(sorted(p.value for p in SAME_DAY_PROCEDURES))


def is_urgent_referral(
    status: TaskStatus, procedure: str | None, due_on: date, today: date
) -> bool:
    """An open same-day referral due today or already late: first in every list."""
    return status.is_open and procedure in _SAME_DAY and due_on <= today


def due_in_working_days(vault: Vault, case_id: int, start: date, days: int) -> date:
    """``days`` working days after ``start`` in the case's nation (0: the same day)."""
    with vault.unit_of_work() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise InvalidInput("That case is no longer in the vault.")
        nation = case.nation
    return add_working_days(start, days, nation)


def working_days_note(vault: Vault, case_id: int, start: date, due_on: date) -> str | None:
    """Said beside a due date counted in working days when no bank holidays were known."""
    with vault.unit_of_work() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise InvalidInput("That case is no longer in the vault.")
        nation = case.nation
    return bank_holiday_note(start, due_on, nation)


# -- plain data -----------------------------------------------------------------------


@dataclass(frozen=True)
class TaskDraft:
    description: str
    due_on: date
    agency_id: int | None = None
    professional_id: int | None = None
    owner_person_id: int | None = None  # a family member who does it
    for_person_id: int | None = None
    for_need: str = ""
    meeting_id: int | None = None


@dataclass(frozen=True)
class UpdateView:
    made_at: datetime
    meeting_id: int | None
    status: TaskStatus
    new_due_on: date | None
    not_done_reason: NotDoneReason | None
    note: str


@dataclass(frozen=True)
class ChallengeView:
    meeting_id: int | None
    raised_by: str
    agency_response: str
    escalated_to: str


@dataclass(frozen=True)
class TaskView:
    id: int
    case_id: int
    case_reference: str
    meeting_id: int | None
    description: str
    agency_name: str
    agency_still_on_case: bool
    owner_name: str
    for_need: str
    due_on: date
    status: TaskStatus
    outcome: str
    urgency: Urgency
    updates: list[UpdateView] = field(default_factory=list)
    challenges: list[ChallengeView] = field(default_factory=list)
    for_person: str = ""  # the family member the task is for, by the name they use
    procedure: str | None = None  # the safeguarding route of a referral
    urgent_referral: bool = False  # an open same-day referral due today or late

    @property
    def for_whom(self) -> str:
        """Who and which need, as one phrase: "Maja: school attendance"."""
        return ": ".join(part for part in (self.for_person, self.for_need) if part)

    @property
    def misses_in_a_row(self) -> int:
        """How many of the latest updates in a row said "not done"."""
        return misses_in_a_row([u.status for u in self.updates])

    @property
    def needs_challenge(self) -> bool:
        """Not done twice running and not yet challenged since the second miss."""
        if self.misses_in_a_row < 2:
            return False
        second_miss = self.updates[-1]
        return not any(c.meeting_id == second_miss.meeting_id for c in self.challenges)


@dataclass(frozen=True)
class AgencyPlan:
    agency_name: str
    tasks: list[TaskView]


# -- reading --------------------------------------------------------------------------


def _view(
    task: Task,
    reference: str,
    agencies_on_case: set[int],
    today: date,
    names: dict[int, str],
) -> TaskView:
    return TaskView(
        id=task.id,
        case_id=task.case_id,
        case_reference=reference,
        meeting_id=task.meeting_id,
        description=task.description,
        agency_name=task.agency_name,
        agency_still_on_case=task.agency_id is None or task.agency_id in agencies_on_case,
        owner_name=task.owner_name,
        for_need=task.for_need,
        due_on=task.due_on,
        status=task.status,
        outcome=task.outcome,
        urgency=urgency(task.status, task.due_on, today),
        updates=[
            UpdateView(u.made_at, u.meeting_id, u.status, u.new_due_on, u.not_done_reason, u.note)
            for u in task.updates
        ],
        challenges=[
            ChallengeView(c.meeting_id, c.raised_by, c.agency_response, c.escalated_to)
            for c in task.challenges
        ],
        for_person=names.get(task.for_person_id, "") if task.for_person_id else "",
        procedure=task.procedure,
        urgent_referral=is_urgent_referral(task.status, task.procedure, task.due_on, today),
    )


def _agencies_on_case(case: Case) -> set[int]:
    return {i.professional.agency_id for i in case.involvements}


def case_tasks(vault: Vault, case_id: int, today: date | None = None) -> list[TaskView]:
    """Every task of the case, oldest first."""
    today = today or date.today()
    with vault.unit_of_work() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise InvalidInput("That case is no longer in the vault.")
        tasks = session.scalars(
            select(Task)
            .where(Task.case_id == case_id)
            .options(selectinload(Task.updates), selectinload(Task.challenges))
            .order_by(Task.created_at, Task.id)
        ).all()
        on_case = _agencies_on_case(case)
        names = {p.id: p.display_name for p in case.people}
        return [_view(t, case.reference, on_case, today, names) for t in tasks]


def outstanding_tasks(vault: Vault, case_id: int, today: date | None = None) -> list[TaskView]:
    """What a review must walk through before new business: open tasks, oldest first."""
    return [t for t in case_tasks(vault, case_id, today) if t.status.is_open]


def _plan_order(task: TaskView) -> tuple[bool, bool, date]:
    """A same-day referral due first, then what is late, then by date."""
    return (not task.urgent_referral, task.urgency != Urgency.OVERDUE, task.due_on)


def action_plan(vault: Vault, case_id: int, today: date | None = None) -> list[AgencyPlan]:
    """The case's tasks grouped by the agency that does them (family members' own tasks
    under "Family and others"). An agency with a same-day referral due comes first, and
    the referral first in it; then the agencies in alphabetical order."""
    groups: dict[str, list[TaskView]] = {}
    for task in case_tasks(vault, case_id, today):
        groups.setdefault(task.agency_name or "Family and others", []).append(task)
    plans = [AgencyPlan(name, sorted(tasks, key=_plan_order)) for name, tasks in groups.items()]
    return sorted(
        plans,
        key=lambda p: (not any(t.urgent_referral for t in p.tasks), p.agency_name.casefold()),
    )


@dataclass(frozen=True)
class ActionsGroup:
    """How many of My actions' tasks one agency and owner have, and how many are late."""

    agency_name: str
    owner_name: str
    tasks: int
    overdue: int
    due_today: int = 0


@dataclass(frozen=True)
class ActionsOverview:
    """The counts behind My actions, without the rows: its filters and its totals."""

    groups: list[ActionsGroup]

    @property
    def agencies(self) -> list[str]:
        return sorted({g.agency_name for g in self.groups if g.agency_name})

    @property
    def owners(self) -> list[str]:
        return sorted({g.owner_name for g in self.groups if g.owner_name})

    def _chosen(self, agency: str, professional: str) -> list[ActionsGroup]:
        return [
            g
            for g in self.groups
            if (not agency or g.agency_name == agency)
            and (not professional or g.owner_name == professional)
        ]

    def tasks(self, agency: str = "", professional: str = "") -> int:
        return sum(g.tasks for g in self._chosen(agency, professional))

    def overdue(self, agency: str = "", professional: str = "") -> int:
        return sum(g.overdue for g in self._chosen(agency, professional))

    def due_today(self, agency: str = "", professional: str = "") -> int:
        return sum(g.due_today for g in self._chosen(agency, professional))


def _my_actions_filter(today: date, agency: str, professional: str) -> tuple[Any, ...]:
    """Open tasks of open cases, due by a week from today (optionally one agency or owner)."""
    open_statuses = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.NOT_DONE]
    return (
        Case.status == CaseStatus.OPEN,
        Task.status.in_(open_statuses),
        Task.due_on <= today + timedelta(days=DUE_SOON_DAYS),
        *([Task.agency_name == agency] if agency else []),
        *([Task.owner_name == professional] if professional else []),
    )


def actions_overview(vault: Vault, today: date | None = None) -> ActionsOverview:
    """My actions counted by agency and owner: one grouped query, no rows fetched."""
    today = today or date.today()
    late = sql_case((Task.due_on < today, 1), else_=0)
    due_today = sql_case((Task.due_on == today, 1), else_=0)
    with vault.unit_of_work() as session:
        found = session.execute(
            select(
                Task.agency_name, Task.owner_name, func.count(), func.sum(late), func.sum(due_today)
            )
            .join(Case, Case.id == Task.case_id)
            .where(*_my_actions_filter(today, "", ""))
            .group_by(Task.agency_name, Task.owner_name)
        ).all()
    return ActionsOverview(
        [
            ActionsGroup(agency or "", owner or "", count, overdue, today_count or 0)
            for agency, owner, count, overdue, today_count in found
        ]
    )


def my_actions(
    vault: Vault,
    today: date | None = None,
    agency: str = "",
    professional: str = "",
    *,
    limit: int | None = None,
    after: TaskView | None = None,
) -> list[TaskView]:
    """Across every open case: open tasks overdue or due in the next 7 days, soonest first.

    ``limit`` and ``after`` read them a page at a time (the page after a given task, in
    the same order), so a screen can show the first rows of tens of thousands at once.
    Plain (Core) queries on a covering index.
    """
    today = today or date.today()
    wanted = _my_actions_filter(today, agency, professional)
    # Same-day referrals due today or late come first, above routine late work; then
    # everything else, soonest due first. A page carries on from where ``after`` is.
    urgent = and_(Task.procedure.in_(_SAME_DAY), Task.due_on <= today)
    routine = or_(Task.procedure.is_(None), Task.procedure.not_in(_SAME_DAY), Task.due_on > today)
    later = (
        or_(Task.due_on > after.due_on, and_(Task.due_on == after.due_on, Task.id > after.id))
        if after is not None
        else None
    )
    after_urgent = after is not None and after.urgent_referral
    parts: list[tuple[Any, ...]] = []
    if after is None or after_urgent:
        parts.append((*wanted, urgent, *([later] if later is not None else [])))
    parts.append((*wanted, routine, *([later] if later is not None and not after_urgent else [])))
    query = (
        select(
            Task.id,
            Task.case_id,
            Case.reference,
            Task.meeting_id,
            Task.description,
            Task.agency_name,
            Task.owner_name,
            Task.for_need,
            Task.due_on,
            Task.status,
            Task.outcome,
            Person.name,
            Person.preferred_name,
            Task.procedure,
        )
        .join(Case, Case.id == Task.case_id)
        .outerjoin(Person, Person.id == Task.for_person_id)
        .order_by(Task.due_on, Task.id)
    )
    with vault.unit_of_work() as session:
        db = session.connection()
        rows: list[Any] = []
        for where in parts:
            if limit is not None and len(rows) >= limit:
                break
            part = query.where(*where)
            if limit is not None:
                part = part.limit(limit - len(rows))
            rows += db.execute(part).all()
        # A page asks for its own few tasks; the whole list joins instead of a huge IN
        # list (SQLite then starts from the few updates and challenges).
        if limit is not None:
            which: tuple[Any, ...] = (Task.id.in_([row[0] for row in rows]),)
        else:
            which = wanted
        updates: dict[int, list[UpdateView]] = {}
        for u in db.execute(
            select(
                TaskUpdate.task_id,
                TaskUpdate.made_at,
                TaskUpdate.meeting_id,
                TaskUpdate.status,
                TaskUpdate.new_due_on,
                TaskUpdate.not_done_reason,
                TaskUpdate.note,
            )
            .join(Task, Task.id == TaskUpdate.task_id)
            .join(Case, Case.id == Task.case_id)
            .where(*which)
            .order_by(TaskUpdate.id)
        ):
            updates.setdefault(u[0], []).append(UpdateView(*u[1:]))
        challenges: dict[int, list[ChallengeView]] = {}
        for c in db.execute(
            select(
                TaskChallenge.task_id,
                TaskChallenge.meeting_id,
                TaskChallenge.raised_by,
                TaskChallenge.agency_response,
                TaskChallenge.escalated_to,
            )
            .join(Task, Task.id == TaskChallenge.task_id)
            .join(Case, Case.id == Task.case_id)
            .where(*which)
            .order_by(TaskChallenge.id)
        ):
            challenges.setdefault(c[0], []).append(ChallengeView(*c[1:]))
    return [
        TaskView(
            id,
            case_id,
            reference,
            meeting_id,
            description,
            agency_name,
            True,
            owner_name,
            for_need,
            due_on,
            status,
            outcome,
            urgency(status, due_on, today),  # all open, due by the horizon
            updates.get(id) or [],
            challenges.get(id) or [],
            (f"{person} ({preferred})" if preferred and preferred != person else person or ""),
            procedure,
            is_urgent_referral(status, procedure, due_on, today),
        )
        for (
            id,
            case_id,
            reference,
            meeting_id,
            description,
            agency_name,
            owner_name,
            for_need,
            due_on,
            status,
            outcome,
            person,
            preferred,
            procedure,
        ) in rows
    ]


# -- writing --------------------------------------------------------------------------


def agency_choices(vault: Vault, case_id: int | None = None) -> list[tuple[int, str]]:
    """Agencies (id, name) for a task agreed before anyone there has been named.

    With ``case_id``, the case's own: those of its professionals and those already
    holding its tasks (other families' agencies are offered only on request, by
    ``other_agency_choices``). Without, every agency the vault knows."""
    with vault.unit_of_work() as session:
        rows = session.execute(select(Agency.id, Agency.name).order_by(Agency.name)).all()
        if case_id is None:
            return [(row.id, row.name) for row in rows]
        own = _case_agency_ids(session, case_id)
    return [(row.id, row.name) for row in rows if row.id in own]


def other_agency_choices(vault: Vault, case_id: int) -> list[tuple[int, str]]:
    """The agencies the vault knows that are not the case's own: asked for by name when
    a task goes to an agency new to the family."""
    with vault.unit_of_work() as session:
        rows = session.execute(select(Agency.id, Agency.name).order_by(Agency.name)).all()
        own = _case_agency_ids(session, case_id)
    return [(row.id, row.name) for row in rows if row.id not in own]


def _case_agency_ids(session: Any, case_id: int) -> set[int]:
    case = session.get(Case, case_id)
    if case is None:
        raise InvalidInput("That case is no longer in the vault.")
    held = session.scalars(
        select(Task.agency_id).where(Task.case_id == case_id, Task.agency_id.is_not(None))
    )
    return _agencies_on_case(case) | {agency for agency in held if agency is not None}


def agency_named(vault: Vault, name: str, today: date | None = None) -> str:
    """The agency called ``name`` (in any case) as the vault spells it, for My actions'
    agency filter. A name the vault does not know is refused with the agencies that
    have tasks in My actions, so a script writer sees what to type."""
    wanted = " ".join(name.split())
    if not wanted:
        raise InvalidInput("Give the agency's name, as the case shows it.")
    with vault.unit_of_work() as session:
        known = set(session.scalars(select(Agency.name))) | set(
            session.scalars(select(Task.agency_name).distinct())
        )
    found = next((k for k in sorted(known) if k and k.casefold() == wanted.casefold()), None)
    if found is not None:
        return found
    listed = actions_overview(vault, today).agencies
    shown = ", ".join(listed[:20]) + (f" and {len(listed) - 20} more" if len(listed) > 20 else "")
    raise InvalidInput(
        f"There is no agency called {wanted!r} in the vault. "
        + (f"Agencies with tasks in My actions: {shown}." if listed else "My actions is empty.")
    )


def due_date_warning(due_on: date, meeting_held_on: date | None) -> str | None:
    """Ask (don't refuse) when a task is due before the meeting that agreed it."""
    if meeting_held_on is not None and due_on < meeting_held_on:
        return (
            f"The due date {due_on:%d %B %Y} is before the meeting on "
            f"{meeting_held_on:%d %B %Y}. Is that right?"
        )
    return None


def add_task(vault: Vault, case_id: int, draft: TaskDraft) -> int:
    description = valid_note(draft.description, "The task").strip()
    if not description:
        raise InvalidInput("Say what the task is.")
    with vault.unit_of_work() as session:
        case = writable_case(session, case_id)
        task = Task(
            case_id=case.id,
            description=description,
            for_need=valid_note(draft.for_need, "The need"),
            due_on=draft.due_on,
            status=TaskStatus.NOT_STARTED,
        )
        if draft.meeting_id is not None:
            meeting = session.get(Meeting, draft.meeting_id)
            if meeting is None or meeting.case_id != case.id:
                raise InvalidInput("That meeting is not part of this case.")
            task.meeting_id = meeting.id
        if draft.professional_id is not None:
            professional = session.get(Professional, draft.professional_id)
            if professional is None:
                raise InvalidInput("That professional is no longer in the vault.")
            task.assign_to(professional)
        elif draft.owner_person_id is not None:
            person = session.get(Person, draft.owner_person_id)
            if person is None or person.case_id != case.id:
                raise InvalidInput("That person is not part of this case.")
            task.owner_person_id = person.id
            task.owner_name = person.name
        if draft.agency_id is not None and task.agency_id is None:
            # An agency with nobody named yet: the task is theirs until someone is.
            agency = session.get(Agency, draft.agency_id)
            if agency is None:
                raise InvalidInput("That agency is no longer in the vault.")
            task.agency_id, task.agency_name = agency.id, agency.name
        if task.agency_id is None and task.owner_person_id is None:
            raise InvalidInput("Say which agency or family member will do it.")
        if draft.for_person_id is not None:
            person = session.get(Person, draft.for_person_id)
            if person is None or person.case_id != case.id:
                raise InvalidInput("That person is not part of this case.")
            task.for_person_id = person.id
        session.add(task)
        session.flush()
        return task.id


def update_task(
    vault: Vault,
    task_id: int,
    status: TaskStatus,
    note: str = "",
    *,
    new_due_on: date | None = None,
    not_done_reason: NotDoneReason | None = None,
    meeting_id: int | None = None,
) -> None:
    """Record what happened: done; in progress (with a new date); not done (could not, or
    was not); no longer needed."""
    if status is TaskStatus.NOT_DONE and not_done_reason is None:
        raise InvalidInput("Say whether it could not be done or was not done.")
    if status is TaskStatus.IN_PROGRESS and new_due_on is None:
        raise InvalidInput("A task still in progress needs its new due date.")
    if status is TaskStatus.NOT_DONE and not note.strip():
        raise InvalidInput("Say why it was not done.")
    with vault.unit_of_work() as session:
        task = session.get(Task, task_id)
        if task is None:
            raise InvalidInput("That task is no longer in the vault.")
        writable_case(session, task.case_id)
        task.updates.append(
            TaskUpdate(
                meeting_id=meeting_id,
                made_at=datetime.now(UTC),
                status=status,
                new_due_on=new_due_on,
                not_done_reason=not_done_reason,
                note=valid_note(note, "The update"),
            )
        )
        task.status = status
        if new_due_on is not None:
            task.due_on = new_due_on
        if status in (TaskStatus.DONE, TaskStatus.NO_LONGER_NEEDED) and note.strip():
            task.outcome = valid_note(note, "The outcome")


def record_challenge(
    vault: Vault,
    task_id: int,
    raised_by: str,
    agency_response: str = "",
    escalated_to: str = "",
    meeting_id: int | None = None,
) -> None:
    with vault.unit_of_work() as session:
        task = session.get(Task, task_id)
        if task is None:
            raise InvalidInput("That task is no longer in the vault.")
        writable_case(session, task.case_id)
        task.challenges.append(
            TaskChallenge(
                meeting_id=meeting_id,
                raised_by=valid_name(raised_by, "Who raised it"),
                agency_response=valid_note(agency_response, "What the agency said"),
                escalated_to=valid_line(escalated_to, "Escalated to"),
            )
        )
