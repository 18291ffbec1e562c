"""Copies for readers: who may read each item of a meeting's record, who must not
receive information, and to whom each copy of the papers goes.

- ``access_in``/``access_map``: every item's access, the rules' default
  (``practice/readers.py``) under the chair's marks.
- ``set_mark``/``clear_mark``: the chair marks an item for everyone, professionals only,
  or not to be shared with named family members, always with a reason (logged).
- ``set_no_information``: a person who must not receive information about others.
- ``readers``/``find_reader``: whom a copy can be made for; a refusal for a marked person.

The distribution list and the Send step are in ``services/distribution.py``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tac_desktop.core.documents.report_form import SHARED_FIELD
from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    Audience,
    Consideration,
    CopyKind,
    CopyMark,
    CopyMarkExclusion,
    Meeting,
    MeetingRecipient,
    Person,
    ReceivedReport,
    Task,
    TaskChallenge,
    TaskUpdate,
)
from tac_desktop.core.practice import readers as rules
from tac_desktop.core.practice.readers import Access, ItemKind, Reader, item_key
from tac_desktop.core.practice.think_family import Answer, Procedure, is_trigger
from tac_desktop.core.services.cases import (
    case_in,
    check_open,
    valid_note,
)
from tac_desktop.core.services.consent import chair_in
from tac_desktop.core.vault import Vault, audit

__all__ = [
    "AccessMap",
    "MarkedItem",
    "ReaderChoice",
    "access_in",
    "access_map",
    "check_reader",
    "clear_mark",
    "find_reader",
    "marked_items",
    "readers",
    "set_mark",
    "set_no_information",
]


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def meeting_in(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise InvalidInput("That meeting is no longer in the vault.")
    return meeting


# -- access ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessMap:
    """Each item's access by its key; anything not listed is for everyone. ``people``:
    for each task, the family members it is for or who do it (a family member's
    summary lists those)."""

    items: dict[str, Access] = field(default_factory=dict)
    defaults: dict[str, Access] = field(default_factory=dict)
    people: dict[int, frozenset[int]] = field(default_factory=dict)

    def of(self, key: str) -> Access:
        return self.items.get(key, rules.EVERYONE)


def _procedure(value: str | None) -> Procedure | None:
    try:
        return Procedure(value) if value else None
    except ValueError:
        return None


def _answer(value: str | None) -> Answer | None:
    try:
        return Answer(value) if value else None
    except ValueError:
        return None


def _route(question_key: str, answer: Answer | None, chosen: str | None) -> Procedure | None:
    """The route an answer points at: the one chosen, else, for a "yes" or a "not
    known", the question's own safeguarding route (a "not known" on domestic abuse is
    as sensitive as a "yes")."""
    if answer not in (Answer.YES, Answer.NOT_KNOWN):
        return _procedure(chosen)
    own = is_trigger(question_key, Answer.YES)
    chosen_route = _procedure(chosen)
    if own in rules.SAFEGUARDING_PROCEDURES:
        return own
    return chosen_route or own


def _shared_reports(session: Session, meeting_id: int) -> dict[int, bool]:
    """For each attendance with a returned form: whether its author said it was shared
    with the family (the latest form counts)."""
    rows = session.execute(
        select(ReceivedReport.attendance_id, ReceivedReport.answers)
        .where(ReceivedReport.meeting_id == meeting_id, ReceivedReport.replaced_at.is_(None))
        .order_by(ReceivedReport.received_at, ReceivedReport.id)
    ).all()
    shared: dict[int, bool] = {}
    for attendance_id, answers in rows:
        if attendance_id is None:
            continue
        try:
            values = json.loads(answers)
        except ValueError:
            values = {}
        shared[attendance_id] = isinstance(values, dict) and values.get(SHARED_FIELD) == "Yes"
    return shared


def access_in(session: Session, meeting: Meeting) -> AccessMap:
    """Every item of ``meeting`` (and every task of its case) with its access."""
    defaults: dict[str, Access] = {}
    sensitive = False
    people = {p.id: p for p in case_in(session, meeting.case_id).people}

    def adult(person_id: int | None) -> int | None:
        person = people.get(person_id) if person_id is not None else None
        return person_id if person is not None and not person.is_child_on(meeting.held_on) else None

    for c in meeting.considerations:
        answer = _answer(c.answer)
        route = _route(c.question_key, answer, c.procedure)
        defaults[item_key(ItemKind.CONSIDERATION, meeting.id, c.person_id, c.question_key)] = (
            rules.default_consideration(
                answer, route, c.reason, c.follow_up_detail, adult=adult(c.person_id)
            )
        )
        sensitive = sensitive or rules.is_safeguarding_answer(answer, route)
    for s in meeting.sections:
        defaults[item_key(ItemKind.SECTION, meeting.id, s.key)] = rules.default_section(
            restricted=s.restricted, sensitive_meeting=sensitive, notes=s.notes
        )
    shared = _shared_reports(session, meeting.id)
    for a in meeting.attendees:
        if a.report_text.strip():
            defaults[item_key(ItemKind.REPORT, a.id)] = rules.default_report(
                shared.get(a.id, False), a.report_text
            )
    for d in meeting.decisions:
        defaults[item_key(ItemKind.DECISION, d.id)] = rules.default_decision(
            d.text, *(x.reason for x in d.dissents)
        )
    for v in meeting.differing_views:
        defaults[item_key(ItemKind.DIFFERING_VIEW, v.id)] = rules.default_differing_view()
    task_people: dict[int, frozenset[int]] = {}
    routes = _answer_routes(session, meeting.case_id)
    for t in session.scalars(select(Task).where(Task.case_id == meeting.case_id)):
        # A task a Think Family answer led to follows that answer's route.
        route = _procedure(t.procedure) or routes.get((t.meeting_id, t.for_person_id, t.for_need))
        defaults[item_key(ItemKind.TASK, t.id)] = rules.default_task(
            route, t.description, t.for_need, adult=adult(t.for_person_id)
        )
        task_people[t.id] = frozenset(p for p in (t.for_person_id, t.owner_person_id) if p)

    items = dict(defaults)
    marks = session.scalars(
        select(CopyMark)
        .where(CopyMark.case_id == meeting.case_id)
        .options(selectinload(CopyMark.withheld_from))
    )
    for mark in marks:
        if mark.item_key in defaults:
            items[mark.item_key] = rules.marked(
                mark.audience is Audience.PROFESSIONALS,
                frozenset(x.person_id for x in mark.withheld_from),
                mark.reason,
                defaults[mark.item_key],
                only_named=mark.audience is Audience.NAMED,
            )
    return AccessMap(items=items, defaults=defaults, people=task_people)


def _answer_routes(
    session: Session, case_id: int
) -> dict[tuple[int | None, int | None, str], Procedure]:
    """Each safeguarding answer of the case's meetings by (meeting, person, question
    text): how a task made from it at finalise is found again."""
    rows = session.execute(
        select(
            Consideration.meeting_id,
            Consideration.person_id,
            Consideration.question_text,
            Consideration.question_key,
            Consideration.answer,
            Consideration.procedure,
        )
        .join(Meeting, Meeting.id == Consideration.meeting_id)
        .where(Meeting.case_id == case_id)
    ).all()
    out: dict[tuple[int | None, int | None, str], Procedure] = {}
    for meeting_id, person_id, text, key, answer, procedure in rows:
        route = _route(key, _answer(answer), procedure)
        if route in rules.SAFEGUARDING_PROCEDURES:
            out[(meeting_id, person_id, text)] = route
    return out


def access_map(vault: Vault, meeting_id: int) -> AccessMap:
    with vault.unit_of_work() as session:
        return access_in(session, meeting_in(session, meeting_id))


# -- the items, for the chair to see and mark --------------------------------------------


@dataclass(frozen=True)
class MarkedItem:
    """One item of the record, as the chair sees it when deciding who may read it."""

    key: str
    kind: ItemKind
    section_key: str  # the section it shows in ("" for tasks and reports)
    summary: str  # a short line to recognise it by
    access: Access
    default: Access
    withheld_from: tuple[str, ...] = ()  # names, as marked (or the only readers: named)
    private_to: str = ""  # the family member whose own information the rules say it is

    @property
    def audience_words(self) -> str:
        if self.access.professionals_only:
            words = "Professionals only"
        elif self.access.only_for is not None:
            names = ", ".join(self.withheld_from) or "nobody in the family"
            return f"Professionals and {names} only" + (
                " (kept from agencies)" if self.access.need_to_know else ""
            )
        elif self.access.private_to is not None:
            words = f"Professionals and {self.private_to} only"
        else:
            words = "For everyone"
        if self.withheld_from:
            words += "; not for " + ", ".join(self.withheld_from)
        if self.access.need_to_know:
            words += " (kept from agencies)"
        return words

    @property
    def is_default(self) -> bool:
        return not self.access.marked


def _short(text: str, limit: int = 90) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def marked_items(vault: Vault, meeting_id: int) -> list[MarkedItem]:
    """Every item of the meeting a copy could hold, in the order the minutes show them,
    with its access and (when the chair marked it) the names it is kept from."""
    with vault.unit_of_work() as session:
        meeting = meeting_in(session, meeting_id)
        access = access_in(session, meeting)
        names = {
            m.item_key: tuple(x.person_name for x in m.withheld_from)
            for m in session.scalars(
                select(CopyMark)
                .where(CopyMark.case_id == meeting.case_id)
                .options(selectinload(CopyMark.withheld_from))
            )
        }
        out: list[MarkedItem] = []

        people = {p.id: p.display_name for p in case_in(session, meeting.case_id).people}

        def add(key: str, kind: ItemKind, section: str, summary: str) -> None:
            private = access.defaults.get(key, rules.EVERYONE).private_to
            out.append(
                MarkedItem(
                    key,
                    kind,
                    section,
                    _short(summary),
                    access.of(key),
                    access.defaults.get(key, rules.EVERYONE),
                    names.get(key, ()) if access.of(key).marked else (),
                    people.get(private, "") if private is not None else "",
                )
            )

        for s in meeting.sections:
            if s.notes.strip():
                add(
                    item_key(ItemKind.SECTION, meeting.id, s.key),
                    ItemKind.SECTION,
                    s.key,
                    f"{s.title}: {s.notes}",
                )
        for a in meeting.attendees:
            if a.report_text.strip():
                add(
                    item_key(ItemKind.REPORT, a.id),
                    ItemKind.REPORT,
                    "",
                    f"Report from {a.name}: {a.report_text}",
                )
        for c in meeting.considerations:
            if c.answer:
                add(
                    item_key(ItemKind.CONSIDERATION, meeting.id, c.person_id, c.question_key),
                    ItemKind.CONSIDERATION,
                    "",
                    f"{c.person_name}: {c.question_text} {_answer_word(c.answer)}",
                )
        for d in meeting.decisions:
            add(item_key(ItemKind.DECISION, d.id), ItemKind.DECISION, "", d.text)
        for v in meeting.differing_views:
            add(
                item_key(ItemKind.DIFFERING_VIEW, v.id),
                ItemKind.DIFFERING_VIEW,
                "",
                f"{v.topic}: {v.views}",
            )
        held = meeting.held_on
        tasks = session.scalars(
            select(Task).where(Task.case_id == meeting.case_id).order_by(Task.id)
        ).all()
        agreed_on = {
            m.id: m.held_on
            for m in session.scalars(select(Meeting).where(Meeting.case_id == meeting.case_id))
        }
        reviewed = set(
            session.scalars(select(TaskUpdate.task_id).where(TaskUpdate.meeting_id == meeting.id))
        ) | set(
            session.scalars(
                select(TaskChallenge.task_id).where(TaskChallenge.meeting_id == meeting.id)
            )
        )
        for t in tasks:
            # The tasks this meeting's papers can show: agreed here, still open then, or
            # reviewed here (its previous actions).
            earlier = t.meeting_id is None or agreed_on.get(t.meeting_id, held) <= held
            if t.meeting_id == meeting.id or (t.status.is_open and earlier) or t.id in reviewed:
                who = f" ({t.agency_name})" if t.agency_name else ""
                add(item_key(ItemKind.TASK, t.id), ItemKind.TASK, "", f"{t.description}{who}")
        return out


def _answer_word(value: str | None) -> str:
    answer = _answer(value)
    return f"— {answer.label}" if answer is not None else ""


# -- marking -----------------------------------------------------------------------------


def set_mark(
    vault: Vault,
    meeting_id: int,
    key: str,
    *,
    professionals_only: bool,
    reason: str,
    withheld_from: Iterable[int] = (),
    only_named: bool = False,
) -> None:
    """Mark one item: for everyone but the family members named (``withheld_from``),
    for the family members named alone (``only_named``: e.g. her own account, in her
    own copy only, and in nobody's added to the family later), or professionals only.
    The reason is required and kept; the change is in the audit log."""
    why = valid_note(reason.strip(), "The reason")
    if not why:
        raise InvalidInput(
            "Say why: who asked, or what makes it right for these readers. The reason "
            "is kept with the mark. Nothing was changed."
        )
    with vault.unit_of_work() as session:
        meeting = meeting_in(session, meeting_id)
        check_open(case_in(session, meeting.case_id), "who may read its records")
        access = access_in(session, meeting)
        if key not in access.defaults:
            raise InvalidInput("That item is no longer in this meeting's record.")
        people = {p.id: p for p in case_in(session, meeting.case_id).people}
        chosen = list(dict.fromkeys(withheld_from))
        unknown = [p for p in chosen if p not in people]
        if unknown:
            raise InvalidInput(
                "Someone chosen is no longer in this family's network. Nothing was changed."
            )
        chair = chair_in(session)
        mark = session.scalars(
            select(CopyMark).where(CopyMark.case_id == meeting.case_id, CopyMark.item_key == key)
        ).first()
        if mark is None:
            mark = CopyMark(case_id=meeting.case_id, item_key=key)
        mark.meeting_id = None if key.startswith(ItemKind.TASK.value + ":") else meeting.id
        mark.audience = (
            Audience.PROFESSIONALS
            if professionals_only
            else Audience.NAMED
            if only_named
            else Audience.EVERYONE
        )
        mark.reason = why
        mark.marked_by = chair
        mark.marked_at = datetime.now(UTC)
        session.add(mark)
        mark.withheld_from.clear()
        session.flush()  # the old names go before the new ones (one row per person)
        mark.withheld_from.extend(
            CopyMarkExclusion(person_id=p, person_name=people[p].display_name) for p in chosen
        )
        session.flush()
        audit.record_event(
            session,
            "copy mark set",
            entity="meeting",
            detail={
                "meeting": meeting.id,
                "item": key,
                "audience": mark.audience.value,
                "kept_from": len(chosen),
            },
        )


def clear_mark(vault: Vault, meeting_id: int, key: str) -> None:
    """Back to the rules' default for that item."""
    with vault.unit_of_work() as session:
        meeting = meeting_in(session, meeting_id)
        check_open(case_in(session, meeting.case_id), "who may read its records")
        mark = session.scalars(
            select(CopyMark).where(CopyMark.case_id == meeting.case_id, CopyMark.item_key == key)
        ).first()
        if mark is not None:
            session.delete(mark)
            audit.record_event(
                session,
                "copy mark cleared",
                entity="meeting",
                detail={"meeting": meeting.id, "item": key},
            )


def set_no_information(vault: Vault, person_id: int, on: bool, reason: str = "") -> None:
    """Mark (or unmark) a person as one who must not receive information about others:
    no copy of any meeting's papers goes to them. Marking needs the reason."""
    why = valid_note(reason.strip(), "The reason")
    if on and not why:
        raise InvalidInput(
            "Say why this person must not receive information (for example an alleged "
            "perpetrator of domestic abuse, or a court order). Nothing was changed."
        )
    with vault.unit_of_work() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise InvalidInput("That person is no longer in the vault.")
        check_open(case_in(session, person.case_id), "its family network")
        person.no_information = on
        person.no_information_reason = why if on else ""
        if on:
            # Nobody on a distribution list still waiting to send keeps a copy for them.
            for row in session.scalars(
                select(MeetingRecipient).where(MeetingRecipient.person_id == person_id)
            ):
                row.copy = CopyKind.NONE


# -- readers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReaderChoice:
    """Someone a copy can be made for, and, for a marked person, why not."""

    reader: Reader
    label: str
    refused: str = ""  # why no copy can go to them ("" when one can)


def refusal_for(person: Person) -> str:
    """Why no copy can go to a person marked as not to receive information."""
    reason = person.no_information_reason.strip().rstrip(".")
    why = f" ({reason})" if reason else ""
    return (
        f"{person.display_name} is marked as someone who must not receive information "
        f"about others{why}. No copy can be made for them."
    )


def _agencies(session: Session, meeting: Meeting) -> list[str]:
    case = case_in(session, meeting.case_id)
    names = [a.agency for a in meeting.attendees if a.agency.strip()]
    names += [i.professional.agency.name for i in case.involvements]
    names += [
        t.agency_name
        for t in session.scalars(select(Task).where(Task.case_id == meeting.case_id))
        if t.agency_name.strip()
    ]
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(fold(name), " ".join(name.split()))
    return sorted(seen.values(), key=str.casefold)


def readers(vault: Vault, meeting_id: int) -> list[ReaderChoice]:
    """The readers of one meeting's papers: the full copy, each agency, each family
    member (a marked person listed with the refusal)."""
    with vault.unit_of_work() as session:
        meeting = meeting_in(session, meeting_id)
        case = case_in(session, meeting.case_id)
        out = [ReaderChoice(Reader.full(), "Full copy (professionals who hold the plan)")]
        out += [
            ReaderChoice(Reader.agency(name), f"{name} (agency's copy)")
            for name in _agencies(session, meeting)
        ]
        for person in case.people:
            out.append(
                ReaderChoice(
                    Reader.family(person.id, person.display_name),
                    f"{person.display_name} (family copy)",
                    refusal_for(person) if person.no_information else "",
                )
            )
        return out


def find_reader(vault: Vault, meeting_id: int, name: str) -> Reader:
    """The reader called ``name``: a family member on the case (by name or the name they
    use), or an agency of the case. A marked person is refused in plain words."""
    wanted = fold(name)
    if not wanted:
        raise InvalidInput("Say who the copy is for: a family member or an agency.")
    choices = readers(vault, meeting_id)
    with vault.unit_of_work() as session:
        meeting = meeting_in(session, meeting_id)
        people = {p.id: p for p in case_in(session, meeting.case_id).people}
    matches: list[ReaderChoice] = []
    for choice in choices[1:]:
        person = people.get(choice.reader.person_id or -1)
        names = (
            {fold(person.name), fold(person.preferred_name), fold(person.display_name)}
            if person is not None
            else {fold(choice.reader.name)}
        )
        if wanted in names:
            matches.append(choice)
    if not matches:
        family = ", ".join(c.reader.name for c in choices if c.reader.is_family)
        agencies = ", ".join(
            c.reader.name for c in choices if c.reader.kind is rules.ReaderKind.AGENCY
        )
        raise InvalidInput(
            f"Nobody called “{name.strip()}” is in this case. Family members: "
            f"{family or 'none'}. Agencies: {agencies or 'none'}. Nothing was written."
        )
    if len(matches) > 1:
        raise InvalidInput(
            f"More than one reader is called “{name.strip()}”; use the full name. "
            "Nothing was written."
        )
    if matches[0].refused:
        raise InvalidInput(matches[0].refused + " Nothing was written.")
    return matches[0].reader


def refuse_marked(session: Session, reader: Reader) -> None:
    """Raise for a family reader marked as one who must not receive information."""
    if reader.person_id is None:
        return
    person = session.get(Person, reader.person_id)
    if person is not None and person.no_information:
        raise InvalidInput(refusal_for(person) + " Nothing was made.")


def check_reader(vault: Vault, meeting_id: int, reader: Reader) -> None:
    """Refuse a family reader who is not on the meeting's case, or who is marked as one
    who must not receive information about others."""
    if reader.person_id is None:
        return
    with vault.unit_of_work() as session:
        meeting = meeting_in(session, meeting_id)
        person = session.get(Person, reader.person_id)
        if person is None or person.case_id != meeting.case_id:
            raise InvalidInput(
                f"{reader.name or 'That person'} is not in this family's network. Nothing was made."
            )
        refuse_marked(session, reader)
