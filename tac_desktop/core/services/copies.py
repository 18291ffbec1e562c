"""Copies for readers: who may read each item of a meeting's record, who must not
receive information, and to whom each copy of the papers goes.

- ``access_in``/``access_map``: every item's access, the rules' default
  (``practice/readers.py``) under the chair's marks.
- ``set_mark``/``clear_mark``: the chair marks an item for everyone, professionals only,
  or not to be shared with named family members, always with a reason (logged).
- ``set_no_information``: a person who must not receive information about others.
- ``readers``/``find_reader``: whom a copy can be made for; a refusal for a marked person.
- ``distribution``/``save_distribution``: the list the chair confirms, with defaults.

Sending (making each recipient's PDF and e-mail draft) is in ``services/sending.py``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tac_desktop.core.documents.report_form import SHARED_FIELD
from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    Audience,
    Case,
    CopyKind,
    CopyMark,
    CopyMarkExclusion,
    Delivery,
    Meeting,
    MeetingRecipient,
    MeetingStatus,
    Person,
    Professional,
    ReceivedReport,
    Task,
)
from tac_desktop.core.practice import readers as rules
from tac_desktop.core.practice.readers import Access, ItemKind, Reader, item_key
from tac_desktop.core.practice.think_family import Answer, Procedure, is_trigger
from tac_desktop.core.services.cases import (
    case_in,
    check_open,
    valid_line,
    valid_name,
    valid_note,
)
from tac_desktop.core.services.consent import chair_in
from tac_desktop.core.vault import Vault, audit

__all__ = [
    "AccessMap",
    "DistributionList",
    "MarkedItem",
    "ReaderChoice",
    "RecipientDraft",
    "RecipientView",
    "access_in",
    "access_map",
    "check_reader",
    "clear_mark",
    "distribution",
    "find_reader",
    "marked_items",
    "readers",
    "save_distribution",
    "set_mark",
    "set_no_information",
]


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _meeting(session: Session, meeting_id: int) -> Meeting:
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
    """The safeguarding route an answer points at: the one chosen, else the question's."""
    return _procedure(chosen) or is_trigger(question_key, answer)


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
            restricted=s.restricted, sensitive_meeting=sensitive
        )
    shared = _shared_reports(session, meeting.id)
    for a in meeting.attendees:
        if a.report_text.strip():
            defaults[item_key(ItemKind.REPORT, a.id)] = rules.default_report(
                shared.get(a.id, False)
            )
    for d in meeting.decisions:
        defaults[item_key(ItemKind.DECISION, d.id)] = rules.default_decision(
            d.text, *(x.reason for x in d.dissents)
        )
    for v in meeting.differing_views:
        defaults[item_key(ItemKind.DIFFERING_VIEW, v.id)] = rules.default_differing_view()
    task_people: dict[int, frozenset[int]] = {}
    for t in session.scalars(select(Task).where(Task.case_id == meeting.case_id)):
        defaults[item_key(ItemKind.TASK, t.id)] = rules.default_task(
            _procedure(t.procedure), t.description, t.for_need, adult=adult(t.for_person_id)
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
            )
    return AccessMap(items=items, defaults=defaults, people=task_people)


def access_map(vault: Vault, meeting_id: int) -> AccessMap:
    with vault.unit_of_work() as session:
        return access_in(session, _meeting(session, meeting_id))


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
    withheld_from: tuple[str, ...] = ()  # names, as marked

    @property
    def audience_words(self) -> str:
        words = "Professionals only" if self.access.professionals_only else "For everyone"
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
        meeting = _meeting(session, meeting_id)
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

        def add(key: str, kind: ItemKind, section: str, summary: str) -> None:
            out.append(
                MarkedItem(
                    key,
                    kind,
                    section,
                    _short(summary),
                    access.of(key),
                    access.defaults.get(key, rules.EVERYONE),
                    names.get(key, ()) if access.of(key).marked else (),
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
        for t in tasks:
            # The tasks this meeting's papers can show: agreed here or still open then.
            earlier = t.meeting_id is None or agreed_on.get(t.meeting_id, held) <= held
            if t.meeting_id == meeting.id or (t.status.is_open and earlier):
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
) -> None:
    """Mark one item: for everyone or professionals only, and kept from the family
    members named. The reason is required and kept; the change is in the audit log."""
    why = valid_note(reason.strip(), "The reason")
    if not why:
        raise InvalidInput(
            "Say why: who asked, or what makes it right for these readers. The reason "
            "is kept with the mark. Nothing was changed."
        )
    with vault.unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
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
        mark = session.scalars(
            select(CopyMark).where(CopyMark.case_id == meeting.case_id, CopyMark.item_key == key)
        ).first()
        if mark is None:
            mark = CopyMark(case_id=meeting.case_id, item_key=key)
            session.add(mark)
        mark.meeting_id = None if key.startswith(ItemKind.TASK.value + ":") else meeting.id
        mark.audience = Audience.PROFESSIONALS if professionals_only else Audience.EVERYONE
        mark.reason = why
        mark.marked_by = chair_in(session)
        mark.marked_at = datetime.now(UTC)
        mark.withheld_from = [
            CopyMarkExclusion(person_id=p, person_name=people[p].display_name) for p in chosen
        ]
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
        meeting = _meeting(session, meeting_id)
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


def _refusal(person: Person) -> str:
    why = f" ({person.no_information_reason})" if person.no_information_reason else ""
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
        seen.setdefault(_fold(name), " ".join(name.split()))
    return sorted(seen.values(), key=str.casefold)


def readers(vault: Vault, meeting_id: int) -> list[ReaderChoice]:
    """The readers of one meeting's papers: the full copy, each agency, each family
    member (a marked person listed with the refusal)."""
    with vault.unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
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
                    _refusal(person) if person.no_information else "",
                )
            )
        return out


def find_reader(vault: Vault, meeting_id: int, name: str) -> Reader:
    """The reader called ``name``: a family member on the case (by name or the name they
    use), or an agency of the case. A marked person is refused in plain words."""
    wanted = _fold(name)
    if not wanted:
        raise InvalidInput("Say who the copy is for: a family member or an agency.")
    choices = readers(vault, meeting_id)
    with vault.unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        people = {p.id: p for p in case_in(session, meeting.case_id).people}
    matches: list[ReaderChoice] = []
    for choice in choices[1:]:
        person = people.get(choice.reader.person_id or -1)
        names = (
            {_fold(person.name), _fold(person.preferred_name), _fold(person.display_name)}
            if person is not None
            else {_fold(choice.reader.name)}
        )
        if wanted in names:
            matches.append(choice)
    if not matches:
        family = ", ".join(c.reader.name for c in choices if c.reader.is_family)
        agencies = ", ".join(
            c.reader.name for c in choices if c.reader.kind is rules.ReaderKind.AGENCY
        )
        raise InvalidInput(
            f"Nobody called {name.strip()!r} is in this case. Family members: "
            f"{family or 'none'}. Agencies: {agencies or 'none'}. Nothing was written."
        )
    if len(matches) > 1:
        raise InvalidInput(
            f"More than one reader is called {name.strip()!r}; use the full name. "
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
        raise InvalidInput(_refusal(person) + " Nothing was made.")


# -- the distribution list ---------------------------------------------------------------


@dataclass(frozen=True)
class RecipientDraft:
    name: str
    copy: CopyKind
    delivery: Delivery
    role: str = ""
    agency: str = ""
    person_id: int | None = None
    professional_id: int | None = None
    email: str = ""


@dataclass(frozen=True)
class RecipientView:
    id: int | None  # None: a default the chair has not confirmed yet
    name: str
    copy: CopyKind
    delivery: Delivery
    role: str = ""
    agency: str = ""
    person_id: int | None = None
    professional_id: int | None = None
    email: str = ""
    summary_sent_on: date | None = None
    minutes_sent_on: date | None = None
    refused: str = ""  # a person marked as not to receive information: why

    @property
    def is_family(self) -> bool:
        return self.person_id is not None

    def draft(self) -> RecipientDraft:
        return RecipientDraft(
            self.name,
            self.copy,
            self.delivery,
            self.role,
            self.agency,
            self.person_id,
            self.professional_id,
            self.email,
        )


@dataclass(frozen=True)
class DistributionList:
    meeting_id: int
    recipients: tuple[RecipientView, ...]
    confirmed: bool  # False: these are the defaults, shown for the chair to confirm


def _defaults(session: Session, meeting: Meeting) -> list[RecipientView]:
    out: list[RecipientView] = []
    for a in meeting.attendees:
        person = session.get(Person, a.person_id) if a.person_id else None
        professional = session.get(Professional, a.professional_id) if a.professional_id else None
        if person is not None:
            refused = _refusal(person) if person.no_information else ""
            out.append(
                RecipientView(
                    None,
                    a.name,
                    CopyKind.NONE if refused else CopyKind.FAMILY,
                    Delivery.BY_HAND,
                    a.role,
                    "",
                    person.id,
                    None,
                    refused=refused,
                )
            )
        elif professional is not None or a.agency.strip():
            email = professional.secure_email if professional is not None else ""
            out.append(
                RecipientView(
                    None,
                    a.name,
                    CopyKind.FULL,
                    Delivery.SECURE_EMAIL if email else Delivery.POST,
                    a.role,
                    a.agency,
                    None,
                    professional.id if professional is not None else None,
                    email,
                )
            )
        else:  # someone invited by name only: the chair decides
            out.append(RecipientView(None, a.name, CopyKind.NONE, Delivery.BY_HAND, a.role))
    return out


def _view(session: Session, row: MeetingRecipient) -> RecipientView:
    person = session.get(Person, row.person_id) if row.person_id else None
    return RecipientView(
        row.id,
        row.name,
        row.copy,
        row.delivery,
        row.role,
        row.agency,
        row.person_id,
        row.professional_id,
        row.email,
        row.summary_sent_on,
        row.minutes_sent_on,
        _refusal(person) if person is not None and person.no_information else "",
    )


def recipients_in(session: Session, meeting: Meeting) -> list[MeetingRecipient]:
    return list(
        session.scalars(
            select(MeetingRecipient)
            .where(MeetingRecipient.meeting_id == meeting.id)
            .order_by(MeetingRecipient.position, MeetingRecipient.id)
        )
    )


def distribution(vault: Vault, meeting_id: int) -> DistributionList:
    """The meeting's distribution list as the chair set it, or the defaults to confirm:
    professionals invited get the full copy (by secure email where one is known), family
    members their family copy by hand, a person marked as not to receive information
    none."""
    with vault.unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        rows = recipients_in(session, meeting)
        if rows:
            return DistributionList(meeting.id, tuple(_view(session, r) for r in rows), True)
        return DistributionList(meeting.id, tuple(_defaults(session, meeting)), False)


_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")


def _valid(session: Session, case: Case, draft: RecipientDraft, n: int) -> RecipientDraft:
    name = valid_name(draft.name, f"Recipient {n}'s name")
    people = {p.id: p for p in case.people}
    person = people.get(draft.person_id) if draft.person_id is not None else None
    if draft.person_id is not None and person is None:
        raise InvalidInput(f"{name} is no longer in this family's network.")
    if person is not None and person.no_information and draft.copy is not CopyKind.NONE:
        raise InvalidInput(_refusal(person) + " Set their copy to “No copy”.")
    if draft.copy is CopyKind.FAMILY and person is None:
        raise InvalidInput(
            f"A family copy is made for a member of the family; {name} is not one on this "
            "case. Choose the full or an agency's copy, or no copy."
        )
    if person is not None and draft.copy in (CopyKind.FULL, CopyKind.AGENCY):
        raise InvalidInput(
            f"{name} is a member of the family: they get a family copy, which leaves out "
            "what is for professionals only, or no copy."
        )
    agency = valid_line(draft.agency, f"{name}'s agency")
    if draft.copy is CopyKind.AGENCY and not agency:
        raise InvalidInput(f"Say which agency {name}'s copy is for.")
    email = draft.email.strip()
    if draft.copy is not CopyKind.NONE and draft.delivery is Delivery.SECURE_EMAIL and not email:
        raise InvalidInput(
            f"{name}'s copy goes by secure email, but no email address is given. Add "
            "one, or choose post or by hand."
        )
    if email and not _EMAIL.match(email):
        raise InvalidInput(f"{email!r} does not look like an email address ({name}).")
    if (
        draft.professional_id is not None
        and session.get(Professional, draft.professional_id) is None
    ):
        raise InvalidInput(f"{name} is no longer among the professionals in the vault.")
    return RecipientDraft(
        name,
        draft.copy,
        draft.delivery,
        valid_line(draft.role, f"{name}'s role"),
        agency,
        draft.person_id,
        draft.professional_id,
        email,
    )


def save_distribution(vault: Vault, meeting_id: int, drafts: Sequence[RecipientDraft]) -> None:
    """The chair's list, replacing the one before. What was already sent to someone
    still on the list stays recorded as sent."""
    with vault.unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        case = check_open(case_in(session, meeting.case_id), "its meetings' distribution")
        if meeting.status is not MeetingStatus.FINALISED:
            raise InvalidInput(
                "Finalise the meeting first: the list says who gets the finalised papers."
            )
        valid = [_valid(session, case, d, n) for n, d in enumerate(drafts, start=1)]
        old = recipients_in(session, meeting)
        sent = {
            (r.person_id, r.professional_id, _fold(r.name)): (r.summary_sent_on, r.minutes_sent_on)
            for r in old
        }
        for row in old:
            session.delete(row)
        session.flush()
        for position, d in enumerate(valid):
            summary_on, minutes_on = sent.get(
                (d.person_id, d.professional_id, _fold(d.name)), (None, None)
            )
            session.add(
                MeetingRecipient(
                    meeting_id=meeting.id,
                    position=position,
                    name=d.name,
                    role=d.role,
                    agency=d.agency,
                    person_id=d.person_id,
                    professional_id=d.professional_id,
                    copy=d.copy,
                    delivery=d.delivery,
                    email=d.email,
                    summary_sent_on=summary_on,
                    minutes_sent_on=minutes_on,
                )
            )


def check_reader(vault: Vault, meeting_id: int, reader: Reader) -> None:
    """Refuse a family reader who is not on the meeting's case, or who is marked as one
    who must not receive information about others."""
    if reader.person_id is None:
        return
    with vault.unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        person = session.get(Person, reader.person_id)
        if person is None or person.case_id != meeting.case_id:
            raise InvalidInput(
                f"{reader.name or 'That person'} is not in this family's network. Nothing was made."
            )
        refuse_marked(session, reader)
