"""Handing a child on safely, and closing a case only when everyone knows and the family
can be picked up again: each with a checklist built from the case itself.

A transition's checklist has a line per agency on the case (told about the change), the
current safety plan sent to the receiving agency (ticked from the safety plan's own
record of sends), the risks and the plan for watching them handed over, and who keeps in
touch until the receiving service has started. A closure's checklist has a line per
agency told of the intention to close, the risks as they stand, the current safety plan
with each partner agency (again from the record of sends), when to refer again or pick
the links back up, how wellbeing is watched and by whom, and every open task closed with
what happened. Lines that come from records cannot be marked by hand; the others are
marked with who did it, when, and a note.

When a transition completes or a case closes, its lines are kept as they read then, so a
later change to the case does not rewrite what was checked. Reopening a case keeps the
closure and adds a record of why it was reopened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    Agency,
    Case,
    CaseStatus,
    Chair,
    ChecklistItem,
    Closure,
    Involvement,
    Person,
    Professional,
    RecipientKind,
    Reopening,
    SafetyPlan,
    SafetyPlanVersion,
    Task,
    TaskStatus,
    Transition,
    TransitionKind,
    TransitionStatus,
)
from tac_desktop.core.services import cases, tasks
from tac_desktop.core.services.cases import check_open, valid_line, valid_note
from tac_desktop.core.text import fold_for_search
from tac_desktop.core.vault import Vault

DONE_MARK = "✓"
TO_DO_MARK = "○"
MAX_LABEL = 300
KEPT = "kept:"  # a line stored as it read when the checklist was finished


def short_date(day: date) -> str:
    """12 Oct 2026: short enough for a table, never ambiguous."""
    return f"{day.day} {day:%b} {day.year}"


# -- plain data -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistLine:
    key: str
    label: str  # what needs to be true, in words
    done: bool
    # Where it stands, in words that start with a mark (✓ or ○), so it never rests on colour.
    status: str
    # Ticked (or not) from the case's records; it cannot be marked by hand.
    from_records: bool = False
    done_by: str = ""
    done_on: date | None = None
    note: str = ""

    @property
    def mark(self) -> str:
        return DONE_MARK if self.done else TO_DO_MARK


@dataclass(frozen=True)
class TransitionDraft:
    kind: TransitionKind
    moves_on: date
    receiving_agency: str
    receiving_contact: str = ""
    continuity_by: str = ""
    notes: str = ""
    for_person_id: int | None = None


@dataclass(frozen=True)
class TransitionView:
    id: int
    case_id: int
    case_reference: str
    case_open: bool
    kind: TransitionKind
    moves_on: date
    receiving_agency: str
    receiving_contact: str
    continuity_by: str
    notes: str
    for_person_id: int | None
    for_name: str
    status: TransitionStatus
    completed_on: date | None
    lines: tuple[ChecklistLine, ...] = ()

    @property
    def complete(self) -> bool:
        return self.status is TransitionStatus.COMPLETE

    @property
    def missing(self) -> list[ChecklistLine]:
        return [line for line in self.lines if not line.done]

    @property
    def progress(self) -> str:
        """ "✓ Complete on 3 Nov 2026" or "○ 3 of 6 done", in words with a mark."""
        if self.complete and self.completed_on is not None:
            return f"{DONE_MARK} Complete on {short_date(self.completed_on)}"
        done = sum(line.done for line in self.lines)
        mark = DONE_MARK if done == len(self.lines) else TO_DO_MARK
        return f"{mark} {done} of {len(self.lines)} done"

    @property
    def title(self) -> str:
        if self.for_name:
            return f"{self.for_name}: {self.kind.label.lower()}"
        return self.kind.label

    def draft(self) -> TransitionDraft:
        return TransitionDraft(
            self.kind,
            self.moves_on,
            self.receiving_agency,
            self.receiving_contact,
            self.continuity_by,
            self.notes,
            self.for_person_id,
        )


@dataclass(frozen=True)
class ClosureDraft:
    intended_on: date | None = None
    reason: str = ""
    risk_level: str = ""
    reinstate_when: str = ""
    monitoring: str = ""
    monitored_by: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    """A closing or a reopening of the case, in the order they happened."""

    at: datetime
    what: str  # "Closed" or "Reopened"
    by: str
    why: str

    @property
    def text(self) -> str:
        return f"{self.what} on {short_date(self.at.date())} by {self.by}: {self.why}"


@dataclass(frozen=True)
class ClosureView:
    case_id: int
    case_reference: str
    case_open: bool
    closure_id: int | None  # None: nothing written or marked yet
    plan: ClosureDraft
    closed_at: datetime | None
    closed_by: str
    closed_on: date | None
    lines: tuple[ChecklistLine, ...] = ()
    history: tuple[HistoryEntry, ...] = field(default=())

    @property
    def missing(self) -> list[ChecklistLine]:
        return [line for line in self.lines if not line.done]

    @property
    def ready(self) -> bool:
        return self.case_open and not self.missing


# -- validation -------------------------------------------------------------------------


def _valid_transition(draft: TransitionDraft) -> TransitionDraft:
    receiving = valid_line(draft.receiving_agency, "The receiving service's name")
    if not receiving:
        raise InvalidInput(
            "Say which service, school or area team is taking over (for example “Riverside "
            "Adult Social Care”)."
        )
    return TransitionDraft(
        kind=draft.kind,
        moves_on=draft.moves_on,
        receiving_agency=receiving,
        receiving_contact=valid_line(draft.receiving_contact, "The contact there", 300),
        continuity_by=valid_line(draft.continuity_by, "Who keeps in touch meanwhile"),
        notes=valid_note(draft.notes, "The notes"),
        for_person_id=draft.for_person_id,
    )


def _valid_closure(draft: ClosureDraft) -> ClosureDraft:
    return ClosureDraft(
        intended_on=draft.intended_on,
        reason=valid_note(draft.reason, "Why the case is closing").strip(),
        risk_level=valid_note(draft.risk_level, "The risks as they stand").strip(),
        reinstate_when=valid_note(draft.reinstate_when, "When to refer again").strip(),
        monitoring=valid_note(draft.monitoring, "How wellbeing will be watched").strip(),
        monitored_by=valid_line(draft.monitored_by, "Who watches"),
    )


def _valid_mark(done_by: str, done_on: date | None, note: str) -> tuple[str, date, str]:
    on = done_on or date.today()
    if on > date.today():
        raise InvalidInput(
            f"{short_date(on)} is still to come. Mark a line done on the day it was done."
        )
    return valid_line(done_by, "Who did it"), on, valid_note(note, "The note").strip()


# -- building the checklists from the case ----------------------------------------------


_REOPEN_FIRST = "Reopen it first if the team is working with the family again."


def _case(session: Session, case_id: int) -> Case:
    case = session.get(
        Case,
        case_id,
        options=[
            selectinload(Case.involvements)
            .selectinload(Involvement.professional)
            .selectinload(Professional.agency)
        ],
    )
    if case is None:
        raise InvalidInput("That case is no longer in the vault.")
    return case


def _chair_name(session: Session) -> str:
    chair = session.scalars(select(Chair).order_by(Chair.id)).first()
    return chair.name if chair is not None else "The chair"


def _agencies(case: Case) -> list[Agency]:
    """Each agency with someone on the case, once, by name."""
    found: dict[int, Agency] = {}
    for involvement in case.involvements:
        agency = involvement.professional.agency
        found.setdefault(agency.id, agency)
    return sorted(found.values(), key=lambda a: fold_for_search(a.name))


def _manual(key: str, label: str, marks: dict[str, ChecklistItem]) -> ChecklistLine:
    item = marks.get(key)
    if item is None or not item.done:
        return ChecklistLine(key, label, False, f"{TO_DO_MARK} Not done yet")
    when = f" on {short_date(item.done_on)}" if item.done_on else ""
    by = f" by {item.done_by}" if item.done_by else ""
    note = f": {item.note}" if item.note else ""
    return ChecklistLine(
        key,
        label,
        True,
        f"{DONE_MARK} Done{by}{when}{note}",
        done_by=item.done_by,
        done_on=item.done_on,
        note=item.note,
    )


def _from_field(key: str, label: str, value: str, where: str, empty: str) -> ChecklistLine:
    if value.strip():
        return ChecklistLine(key, label, True, f"{DONE_MARK} {value.strip()} ({where})", True)
    return ChecklistLine(key, label, False, f"{TO_DO_MARK} {empty}", True)


def _issued_plans(
    session: Session, case_id: int
) -> tuple[list[tuple[str, SafetyPlanVersion]], int]:
    """(title, latest version) of each issued plan; and how many plans the case has."""
    plans = session.scalars(
        select(SafetyPlan)
        .where(SafetyPlan.case_id == case_id)
        .options(selectinload(SafetyPlan.versions).selectinload(SafetyPlanVersion.sends))
        .order_by(SafetyPlan.id)
    ).all()
    issued = [(p.title, p.versions[-1]) for p in plans if p.versions]
    return issued, len(plans)


def _plan_sent_line(
    key: str, label: str, agency: str, issued: list[tuple[str, SafetyPlanVersion]], plans: int
) -> ChecklistLine:
    """Ticked when the latest version of every issued plan has a send recorded to
    ``agency`` (an agency, its name matched ignoring case and accents, as the safety plan
    screen matches holders)."""
    if not issued:
        if plans:
            return ChecklistLine(
                key,
                label,
                False,
                f"{TO_DO_MARK} The safety plan has not been issued yet: issue it on the Safety "
                "plan tab, send it, and record the send there.",
                True,
            )
        return ChecklistLine(
            key, label, True, f"{DONE_MARK} There is no safety plan on this case to send", True
        )
    wanted = fold_for_search(agency)
    sent: list[str] = []
    missing: list[str] = []
    for title, version in issued:
        sends = [
            s
            for s in version.sends
            if s.recipient_kind is RecipientKind.AGENCY and fold_for_search(s.recipient) == wanted
        ]
        which = f"{title} " if len(issued) > 1 else ""
        if sends:
            sent.append(f"{which}version {version.number} on {short_date(sends[0].sent_on)}")
        else:
            missing.append(f"{which}version {version.number}")
    if missing:
        return ChecklistLine(
            key,
            label,
            False,
            f"{TO_DO_MARK} No send of {' and '.join(missing)} to {agency} is recorded yet: once "
            "it is sent, record it on the Safety plan tab.",
            True,
        )
    record = "the safety plan's record" if len(issued) == 1 else "the safety plans' records"
    return ChecklistLine(
        key, label, True, f"{DONE_MARK} Sent {' and '.join(sent)} (from {record})", True
    )


def _transition_lines(
    session: Session, transition: Transition, case: Case
) -> tuple[ChecklistLine, ...]:
    marks = {item.key: item for item in transition.items}
    if transition.status is TransitionStatus.COMPLETE:
        return _kept(transition.items)
    receiving = transition.receiving_agency
    lines = [
        _manual(f"told:agency:{a.id}", f"{a.name} told about the change and when it happens", marks)
        for a in _agencies(case)
    ]
    issued, plans = _issued_plans(session, case.id)
    lines.append(
        _plan_sent_line(
            "plan_sent", f"The current safety plan sent to {receiving}", receiving, issued, plans
        )
    )
    lines.append(
        _manual(
            "handover",
            f"The risks, and how they are being watched, handed over to {receiving}",
            marks,
        )
    )
    lines.append(
        _from_field(
            "continuity",
            f"Someone keeps in touch until {receiving} has started",
            transition.continuity_by,
            "from the transition's details",
            "Say who, in the transition's details",
        )
    )
    return tuple(lines)


def _kept(items: Iterable[ChecklistItem]) -> tuple[ChecklistLine, ...]:
    """The lines as they read when the transition completed or the case closed."""
    return tuple(
        ChecklistLine(
            item.key.removeprefix(KEPT),
            item.label,
            item.done,
            item.note,
            done_by=item.done_by,
            done_on=item.done_on,
        )
        for item in items
        if item.key.startswith(KEPT)
    )


def _plan_of(closure: Closure | None) -> ClosureDraft:
    if closure is None:
        return ClosureDraft()
    return ClosureDraft(
        closure.intended_on,
        closure.reason,
        closure.risk_level,
        closure.reinstate_when,
        closure.monitoring,
        closure.monitored_by,
    )


def _closure_lines(
    session: Session, case: Case, closure: Closure | None, today: date
) -> tuple[ChecklistLine, ...]:
    if closure is not None and closure.closed_at is not None:
        return _kept(closure.items)
    marks = {item.key: item for item in closure.items} if closure is not None else {}
    plan = _plan_of(closure)
    agencies = _agencies(case)
    subject = (case.subject.preferred_name or case.subject.name) if case.subject else "the child"
    lines = [
        _manual(f"told:agency:{a.id}", f"{a.name} told the team means to close the case", marks)
        for a in agencies
    ]
    lines.append(
        _from_field(
            "reason",
            "Why the case is closing",
            plan.reason,
            "as written for the closure",
            "Write why the team is closing the case",
        )
    )
    lines.append(
        _from_field(
            "risk_level",
            "The risks as they stand now, shared with every agency",
            plan.risk_level,
            "as written for the closure",
            "Write the risks as they stand now",
        )
    )
    issued, plans = _issued_plans(session, case.id)
    if issued or plans:
        for a in agencies:
            lines.append(
                _plan_sent_line(
                    f"plan:agency:{a.id}",
                    f"{a.name} has the current safety plan",
                    a.name,
                    issued,
                    plans,
                )
            )
    else:
        lines.append(_plan_sent_line("plan", "The current safety plan", "", issued, plans))
    lines.append(
        _from_field(
            "reinstate_when",
            "When the family should be referred again, or the links picked back up",
            plan.reinstate_when,
            "as written for the closure",
            "Write when to refer the family again",
        )
    )
    watched = (
        f"{plan.monitoring.strip()}; by {plan.monitored_by.strip()}"
        if plan.monitoring.strip() and plan.monitored_by.strip()
        else ""
    )
    lines.append(
        _from_field(
            "monitoring",
            f"How {subject}'s wellbeing will be watched after closing, and by whom",
            watched,
            "as written for the closure",
            "Write how wellbeing will be watched, and who does it",
        )
    )
    for transition in session.scalars(
        select(Transition).where(
            Transition.case_id == case.id, Transition.status == TransitionStatus.OPEN
        )
    ):
        lines.append(
            ChecklistLine(
                f"transition:{transition.id}",
                f"{transition.kind.label} ({transition.receiving_agency}) completed",
                False,
                f"{TO_DO_MARK} Still under way: finish its checklist and mark it complete",
                True,
            )
        )
    open_tasks = session.scalars(
        select(Task)
        .where(
            Task.case_id == case.id,
            Task.status.in_([s for s in TaskStatus if s.is_open]),
        )
        .order_by(Task.created_at, Task.id)
    ).all()
    for task in open_tasks:
        who = task.agency_name or task.owner_name
        lines.append(
            ChecklistLine(
                f"task:{task.id}",
                f"Task closed with what happened: {task.description}"
                + (f" ({who})" if who else ""),
                False,
                f"{TO_DO_MARK} Still open ({task.status.label.lower()}): close it with "
                "what happened",
                True,
            )
        )
    return tuple(lines)


# -- transitions: reading ---------------------------------------------------------------


def _transition(session: Session, transition_id: int) -> Transition:
    transition = session.get(Transition, transition_id, options=[selectinload(Transition.items)])
    if transition is None:
        raise InvalidInput("That transition is no longer in the vault.")
    return transition


def _transition_view(session: Session, transition: Transition, case: Case) -> TransitionView:
    return TransitionView(
        id=transition.id,
        case_id=case.id,
        case_reference=case.reference,
        case_open=case.status is CaseStatus.OPEN,
        kind=transition.kind,
        moves_on=transition.moves_on,
        receiving_agency=transition.receiving_agency,
        receiving_contact=transition.receiving_contact,
        continuity_by=transition.continuity_by,
        notes=transition.notes,
        for_person_id=transition.for_person_id,
        for_name=transition.for_name,
        status=transition.status,
        completed_on=transition.completed_on,
        lines=_transition_lines(session, transition, case),
    )


def case_transitions(vault: Vault, case_id: int) -> list[TransitionView]:
    """The case's transitions, oldest first, each with its checklist as it stands."""
    with vault.unit_of_work() as session:
        case = _case(session, case_id)
        found = session.scalars(
            select(Transition)
            .where(Transition.case_id == case_id)
            .options(selectinload(Transition.items))
            .order_by(Transition.id)
        ).all()
        return [_transition_view(session, t, case) for t in found]


def get_transition(vault: Vault, transition_id: int) -> TransitionView:
    with vault.unit_of_work() as session:
        transition = _transition(session, transition_id)
        return _transition_view(session, transition, _case(session, transition.case_id))


# -- transitions: writing ---------------------------------------------------------------


def _person_name(session: Session, case: Case, person_id: int | None) -> str:
    if person_id is None:
        return ""
    person = session.get(Person, person_id)
    if person is None or person.case_id != case.id:
        raise InvalidInput("That person is not part of this case.")
    return person.display_name


def start_transition(vault: Vault, case_id: int, draft: TransitionDraft) -> int:
    """A new transition, its checklist built from the case; returns its id."""
    valid = _valid_transition(draft)
    with vault.unit_of_work() as session:
        case = check_open(_case(session, case_id), advice=_REOPEN_FIRST)
        transition = Transition(
            case_id=case.id,
            for_person_id=valid.for_person_id,
            for_name=_person_name(session, case, valid.for_person_id),
            kind=valid.kind,
            moves_on=valid.moves_on,
            receiving_agency=valid.receiving_agency,
            receiving_contact=valid.receiving_contact,
            continuity_by=valid.continuity_by,
            notes=valid.notes,
            status=TransitionStatus.OPEN,
        )
        session.add(transition)
        session.flush()
        return transition.id


def _writable_transition(session: Session, transition_id: int) -> Transition:
    transition = _transition(session, transition_id)
    check_open(_case(session, transition.case_id), advice=_REOPEN_FIRST)
    if transition.status is TransitionStatus.COMPLETE:
        raise InvalidInput(
            "This transition is complete, so its details and checklist are kept as they "
            "were. Start a new one if something else is changing."
        )
    return transition


def update_transition(vault: Vault, transition_id: int, draft: TransitionDraft) -> None:
    valid = _valid_transition(draft)
    with vault.unit_of_work() as session:
        transition = _writable_transition(session, transition_id)
        case = _case(session, transition.case_id)
        transition.for_person_id = valid.for_person_id
        transition.for_name = _person_name(session, case, valid.for_person_id)
        transition.kind = valid.kind
        transition.moves_on = valid.moves_on
        transition.receiving_agency = valid.receiving_agency
        transition.receiving_contact = valid.receiving_contact
        transition.continuity_by = valid.continuity_by
        transition.notes = valid.notes


def _set_mark(
    items: list[ChecklistItem],
    line: ChecklistLine,
    done: bool,
    done_by: str,
    done_on: date | None,
    note: str,
) -> ChecklistItem:
    item = next((i for i in items if i.key == line.key), None)
    if item is None:
        item = ChecklistItem(key=line.key, label=line.label[:MAX_LABEL])
        items.append(item)
    item.label = line.label[:MAX_LABEL]
    item.done = done
    item.done_by = done_by if done else ""
    item.done_on = done_on if done else None
    item.note = note if done else ""
    return item


def _line(lines: Iterable[ChecklistLine], key: str) -> ChecklistLine:
    line = next((line for line in lines if line.key == key), None)
    if line is None:
        raise InvalidInput(
            "That line is no longer on the checklist (the case has changed). Look at the "
            "checklist again."
        )
    if line.from_records:
        raise InvalidInput(
            f"“{line.label}” is ticked from the case's own records, not by hand. "
            + line.status.removeprefix(f"{TO_DO_MARK} ").removeprefix(f"{DONE_MARK} ")
        )
    return line


def mark_transition_item(
    vault: Vault,
    transition_id: int,
    key: str,
    *,
    done: bool = True,
    done_by: str = "",
    done_on: date | None = None,
    note: str = "",
) -> None:
    """Mark a line of the transition's checklist done (by whom, when, a note) or not."""
    by, on, kept_note = _valid_mark(done_by, done_on, note)
    with vault.unit_of_work() as session:
        transition = _writable_transition(session, transition_id)
        case = _case(session, transition.case_id)
        line = _line(_transition_lines(session, transition, case), key)
        _set_mark(transition.items, line, done, by or _chair_name(session), on, kept_note)


def complete_transition(vault: Vault, transition_id: int, completed_on: date | None = None) -> None:
    """Mark the transition complete: refused, naming what is left, until every line is
    done. Its lines are then kept as they read today."""
    on = completed_on or date.today()
    if on > date.today():
        raise InvalidInput(f"{short_date(on)} is still to come; complete it on the day.")
    with vault.unit_of_work() as session:
        transition = _writable_transition(session, transition_id)
        case = _case(session, transition.case_id)
        lines = _transition_lines(session, transition, case)
        missing = [line.label for line in lines if not line.done]
        if missing:
            raise InvalidInput(
                "The transition cannot be marked complete yet. Still to do: "
                + "; ".join(missing)
                + ". Nothing has been changed."
            )
        _keep_lines(transition.items, lines)
        transition.status = TransitionStatus.COMPLETE
        transition.completed_on = on


def _keep_lines(items: list[ChecklistItem], lines: Iterable[ChecklistLine]) -> None:
    """Store every line as it reads now, in order, under a "kept:" key (the marks made
    along the way stay as they are), so the record reads the same however the case
    changes later."""
    for line in lines:
        items.append(
            ChecklistItem(
                key=f"{KEPT}{line.key}"[:80],
                label=line.label[:MAX_LABEL],
                done=line.done,
                done_by=line.done_by,
                done_on=line.done_on,
                note=line.status,
            )
        )


# -- closure ----------------------------------------------------------------------------


def _closures(session: Session, case_id: int) -> list[Closure]:
    return list(
        session.scalars(
            select(Closure)
            .where(Closure.case_id == case_id)
            .options(selectinload(Closure.items))
            .order_by(Closure.id)
        ).all()
    )


def _current_closure(session: Session, case: Case) -> Closure | None:
    """The closure being prepared (open case) or the one that closed it (closed case)."""
    closures = _closures(session, case.id)
    if case.status is CaseStatus.CLOSED:
        closed = [c for c in closures if c.closed_at is not None]
        return closed[-1] if closed else None
    preparing = [c for c in closures if c.closed_at is None]
    return preparing[-1] if preparing else None


def _history(session: Session, case_id: int) -> tuple[HistoryEntry, ...]:
    entries = [
        HistoryEntry(c.closed_at, "Closed", c.closed_by, c.reason)
        for c in _closures(session, case_id)
        if c.closed_at is not None
    ]
    entries += [
        HistoryEntry(r.reopened_at, "Reopened", r.reopened_by, r.reason)
        for r in session.scalars(select(Reopening).where(Reopening.case_id == case_id))
    ]
    return tuple(sorted(entries, key=lambda e: e.at))


def _closure_view(session: Session, case: Case, today: date) -> ClosureView:
    closure = _current_closure(session, case)
    plan = _plan_of(closure)
    return ClosureView(
        case_id=case.id,
        case_reference=case.reference,
        case_open=case.status is CaseStatus.OPEN,
        closure_id=closure.id if closure is not None else None,
        plan=plan,
        closed_at=closure.closed_at if closure is not None else None,
        closed_by=closure.closed_by if closure is not None else "",
        closed_on=case.closed_on,
        lines=_closure_lines(session, case, closure, today),
        history=_history(session, case.id),
    )


def closure_checklist(vault: Vault, case_id: int, today: date | None = None) -> ClosureView:
    """What closing the case asks for, as it stands; for a closed case, the lines as they
    read when it closed, and the history of closing and reopening."""
    with vault.unit_of_work() as session:
        return _closure_view(session, _case(session, case_id), today or date.today())


def _preparing(session: Session, case: Case) -> Closure:
    closure = _current_closure(session, case)
    if closure is None:
        closure = Closure(case_id=case.id)
        session.add(closure)
        session.flush()
    return closure


def save_closure_plan(vault: Vault, case_id: int, draft: ClosureDraft) -> None:
    """Keep what is written for closing (all of it may still be empty)."""
    valid = _valid_closure(draft)
    with vault.unit_of_work() as session:
        closure = _preparing(session, check_open(_case(session, case_id), advice=_REOPEN_FIRST))
        closure.intended_on = valid.intended_on
        closure.reason = valid.reason
        closure.risk_level = valid.risk_level
        closure.reinstate_when = valid.reinstate_when
        closure.monitoring = valid.monitoring
        closure.monitored_by = valid.monitored_by


def mark_closure_item(
    vault: Vault,
    case_id: int,
    key: str,
    *,
    done: bool = True,
    done_by: str = "",
    done_on: date | None = None,
    note: str = "",
    today: date | None = None,
) -> None:
    """Mark a line of the closure checklist done (by whom, when, a note) or not."""
    by, on, kept_note = _valid_mark(done_by, done_on, note)
    with vault.unit_of_work() as session:
        case = check_open(_case(session, case_id), advice=_REOPEN_FIRST)
        closure = _preparing(session, case)
        line = _line(_closure_lines(session, case, closure, today or date.today()), key)
        _set_mark(closure.items, line, done, by or _chair_name(session), on, kept_note)


def close_task_with_outcome(
    vault: Vault, task_id: int, outcome: str, status: TaskStatus = TaskStatus.DONE
) -> None:
    """Close an open task before the case closes: done, or no longer needed, saying what
    happened."""
    if status not in (TaskStatus.DONE, TaskStatus.NO_LONGER_NEEDED):
        raise InvalidInput("Close the task as done, or as no longer needed.")
    if not outcome.strip():
        raise InvalidInput(
            "Say what happened to the task (for example “Done: the assessment was sent to "
            "the family” or “No longer needed: the family moved away”)."
        )
    tasks.update_task(vault, task_id, status, outcome.strip())


def close_case(
    vault: Vault,
    case_id: int,
    closed_on: date | None = None,
    closed_by: str = "",
    today: date | None = None,
) -> None:
    """Close the case: refused, naming what is left, until every line of the closure
    checklist is done. The lines are kept as they read today; the case becomes read-only."""
    on = closed_on or date.today()
    if on > date.today():
        raise InvalidInput(f"{short_date(on)} is still to come; close the case on the day.")
    by = valid_line(closed_by, "Who closed it")
    with vault.unit_of_work() as session:
        case = check_open(_case(session, case_id), advice=_REOPEN_FIRST)
        closure = _current_closure(session, case)
        lines = _closure_lines(session, case, closure, today or date.today())
        missing = [line.label for line in lines if not line.done]
        if missing or closure is None:
            raise InvalidInput(
                f"Case {case.reference} cannot be closed yet. Still to do: "
                + "; ".join(missing)
                + ". Nothing has been changed."
            )
        if on < case.opened_on:
            raise InvalidInput(
                f"The case opened on {short_date(case.opened_on)}; it cannot close before that."
            )
        _keep_lines(closure.items, lines)
        closure.closed_at = datetime.now(UTC)
        closure.closed_by = by or _chair_name(session)
        case.status = CaseStatus.CLOSED
        case.closed_on = on


def reopen_case(vault: Vault, case_id: int, why: str, reopened_by: str = "") -> None:
    """Open a closed case again, saying why. The closure stays in the case's history."""
    reason = valid_note(why, "Why the case is reopened").strip()
    if not reason:
        raise InvalidInput(
            "Say why the case is being reopened (for example “School referred again after "
            "a new incident”)."
        )
    by = valid_line(reopened_by, "Who reopened it")
    with vault.unit_of_work() as session:
        case = _case(session, case_id)
        if case.status is not CaseStatus.CLOSED:
            raise InvalidInput(f"Case {case.reference} is open already.")
        closure = _current_closure(session, case)
        session.add(
            Reopening(
                case_id=case.id,
                closure_id=closure.id if closure is not None else None,
                reason=reason,
                reopened_by=by or _chair_name(session),
                reopened_at=datetime.now(UTC),
            )
        )
        case.status = CaseStatus.OPEN
        case.closed_on = None


# -- the demo ---------------------------------------------------------------------------


def demo_transitions(vault: Vault, today: date | None = None) -> None:
    """Hand one demo family on with its checklist complete, and close another.

    TAC-2026-0104: Lagan Adult Social Care takes over the lead for the Haddads (Layla's
    care package means Yusuf no longer does her personal care). TAC-2026-0103: the
    Yılmaz family's case closes, every line checked. Call once, after the demo families
    are made. Only names already in the demo are used.
    """
    today = today or date.today()
    haddad = cases.find_case_id(vault, "TAC-2026-0104")
    case = cases.get_case(vault, haddad)
    layla = next(p.id for p in case.people if p.relationship_to_subject == "mother")
    transition = start_transition(
        vault,
        haddad,
        TransitionDraft(
            TransitionKind.ADULT_SERVICES,
            today - timedelta(days=3),
            "Lagan Adult Social Care",
            "Siobhán Kelly, social worker (physical disability)",
            "Orla McCann (Lagan Young Carers)",
            "Layla's morning care package has started, so Yusuf no longer helps her wash "
            "and dress. Adult social care leads for the family from now on; the young "
            "carers group carries on for Yusuf.",
            layla,
        ),
    )
    done_on = today - timedelta(days=5)
    for line in get_transition(vault, transition).lines:
        if not line.from_records:
            mark_transition_item(
                vault,
                transition,
                line.key,
                done_by="Orla McCann",
                done_on=done_on,
                note="At the review, and by letter afterwards."
                if line.key.startswith("told:")
                else "Risks, triggers and the school's plan went over at a handover meeting.",
            )
    complete_transition(vault, transition, today - timedelta(days=2))

    yilmaz = cases.find_case_id(vault, "TAC-2026-0103")
    for task in tasks.outstanding_tasks(vault, yilmaz, today):
        outcome = (
            "Done: Elif's weight is steady; the health visitor carries on as usual."
            if task.owner_name == "Fiona Reid"
            else "Done: agreed with Ayşe and Gülşen; written into the family's own plan."
            if task.owner_name == "Craig Munro"
            else "Done: Emre talked with his teacher; he says mornings are better now."
        )
        close_task_with_outcome(vault, task.id, outcome)
    save_closure_plan(
        vault,
        yilmaz,
        ClosureDraft(
            intended_on=today,
            reason="Ayşe has finished treatment and stayed well for six months; Emre is on "
            "time for school and Elif is thriving. The family and every agency agree the "
            "team is no longer needed.",
            risk_level="Low. A relapse is the main worry; Ayşe and Gülşen have agreed who "
            "looks after the children if it happens.",
            reinstate_when="Refer again if Ayşe starts using again, if Emre is late or "
            "absent more than twice in a fortnight, or if Gülşen can no longer help.",
            monitoring="The recovery service keeps monthly check-ins for a year; school "
            "tells the recovery worker the same day about any lateness or absence.",
            monitored_by="Callum Fraser (Leith Recovery Service)",
        ),
    )
    for line in closure_checklist(vault, yilmaz, today).lines:
        if not line.from_records:
            mark_closure_item(
                vault,
                yilmaz,
                line.key,
                done_by="Callum Fraser",
                done_on=today - timedelta(days=1),
                note="Told at the closing meeting, with the risks and the plan for after.",
                today=today,
            )
    close_case(vault, yilmaz, today, today=today)
