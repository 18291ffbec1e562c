"""Safety plans: writing the draft, issuing versions, comparing them, recording who was
sent which version, and knowing who still holds an old one.

A plan has one working draft. Issuing copies the draft into a numbered version with the
date, why it changed, who agreed it and when it will be reviewed; a version is never
changed afterwards. The sections of each shape are in ``core/practice/safety_plans.py``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    CaseStatus,
    Person,
    PlanShape,
    RecipientKind,
    SafetyPlan,
    SafetyPlanSend,
    SafetyPlanVersion,
    SendMethod,
    ShareMethod,
)
from tac_desktop.core.practice.safety_plans import (
    SHAPE_TITLES,
    Contact,
    Entry,
    PlanContent,
    Rule,
    Section,
    SectionKind,
    View,
    Worry,
    content_from_text,
    content_to_text,
    describe,
    sections_for,
)
from tac_desktop.core.services import consent
from tac_desktop.core.services.cases import case_in, valid_line, valid_name, writable_case
from tac_desktop.core.text import clean_line, fold_for_search
from tac_desktop.core.vault import Vault

if TYPE_CHECKING:
    from tac_desktop.core.documents import Document, PendingDocument

MAX_POINT = 2000  # one point of a plan: a few sentences, never a report
MAX_ENTRIES = 200  # per section; a plan longer than this is no longer a plan
MAX_PHONE = 60
_DIGIT = re.compile(r"\d")


# -- plain data -------------------------------------------------------------------------


@dataclass(frozen=True)
class SendView:
    id: int
    recipient: str
    recipient_kind: RecipientKind
    sent_on: date
    how: SendMethod
    note: str


@dataclass(frozen=True)
class VersionView:
    id: int
    number: int
    issued_on: date
    reason: str
    agreed_by: str
    review_on: date
    title: str
    for_name: str
    content: PlanContent
    sends: list[SendView] = field(default_factory=list)


@dataclass(frozen=True)
class PlanView:
    id: int
    case_id: int
    case_reference: str
    case_open: bool
    shape: PlanShape
    title: str
    for_person_id: int | None
    for_name: str  # the person the plan is about, by the name they use; "" for a family
    draft: PlanContent
    versions: list[VersionView] = field(default_factory=list)  # oldest first

    @property
    def sections(self) -> tuple[Section, ...]:
        return sections_for(self.shape)

    @property
    def latest(self) -> VersionView | None:
        return self.versions[-1] if self.versions else None

    def version(self, number: int) -> VersionView:
        for version in self.versions:
            if version.number == number:
                return version
        raise InvalidInput(f"This safety plan has no version {number}.")

    @property
    def draft_changed(self) -> bool:
        """The draft says something the latest version does not (or nothing is issued)."""
        latest = self.latest
        if latest is None:
            return not self.draft.is_empty()
        return latest.content != self.draft or latest.title != self.title


@dataclass(frozen=True)
class PlanSummary:
    """One line of a case's list of safety plans."""

    id: int
    shape: PlanShape
    title: str
    for_name: str
    latest_number: int | None
    issued_on: date | None
    review_on: date | None


@dataclass(frozen=True)
class SectionChange:
    """What changed in one section between two versions (or a version and the draft)."""

    key: str
    title: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[tuple[str, str], ...] = ()  # (before, after)


@dataclass(frozen=True)
class Holder:
    """Someone whose newest copy of the plan is an older version than the current one."""

    recipient: str
    recipient_kind: RecipientKind
    version: int
    sent_on: date
    how: SendMethod


# -- validation -------------------------------------------------------------------------


def valid_point(value: str, what: str, limit: int = MAX_POINT) -> str:
    """A point of the plan on one line: line breaks become spaces, control characters go."""
    cleaned = clean_line(re.sub(r"\s+", " ", value))
    if len(cleaned) > limit:
        raise InvalidInput(
            f"{what} is too long ({len(cleaned):,} characters; at most {limit:,}). A plan "
            "is easier to follow in short points: split it into several."
        )
    return cleaned


def _phone_problem(phone: str, whose: str) -> str | None:
    """Why ``phone`` cannot be a phone number, or None when it can (or is empty)."""
    if not phone:
        return None
    if len(phone) > MAX_PHONE:
        return f"The phone number for {whose} is too long (at most {MAX_PHONE} characters)."
    if "@" in phone:
        return (
            f"The phone number for {whose} ({phone}) looks like an email address. Write "
            "the phone number, or leave it empty."
        )
    digits = len(_DIGIT.findall(phone))
    if digits == 0:
        return (
            f"The phone number for {whose} ({phone}) has no numbers in it. Write it with "
            "its digits, such as 01632 960111 or 116 123, or leave it empty."
        )
    if digits < 3:
        return (
            f"The phone number for {whose} ({phone}) is too short to be a phone number. "
            "Check it, or leave it empty."
        )
    return None


def valid_phone(value: str, whose: str) -> str:
    """A phone number, checked loosely: it must have digits and not be an email address.

    Words are allowed ("ext 204", "text SHOUT to 85258"); empty is allowed.
    """
    phone = valid_line(value, f"The phone number for {whose}", MAX_PHONE)
    problem = _phone_problem(phone, whose)
    if problem is not None:
        raise InvalidInput(problem)
    return phone


def _too_long(value: str, what: str, limit: int) -> str | None:
    if len(value) <= limit:
        return None
    return (
        f"{what} is too long ({len(value):,} characters; at most {limit:,}). A plan "
        "is easier to follow in short points: split it into several."
    )


def _tidy_entry(section: Section, entry: Entry) -> Entry | None:
    """The entry as a draft keeps it, or None when nothing was written in it.

    Only what cannot be stored is refused (the wrong kind of entry, a point longer than
    any plan's point); what is merely not right yet is kept, and named by
    ``draft_problems``."""
    title = f"“{section.title}”"
    kind = section.kind
    if kind is SectionKind.LINES:
        if not isinstance(entry, str):
            raise InvalidInput(f"{title} holds points of text only.")
        return valid_point(entry, f"A point in {title}") or None
    if kind is SectionKind.CONTACTS:
        if not isinstance(entry, Contact):
            raise InvalidInput(f"{title} holds people and services only.")
        name = valid_point(entry.name, f"A name in {title}")
        role = valid_point(entry.role, f"Who {name or 'someone'} is")
        does = valid_point(entry.does, f"What {name or 'someone'} does")
        phone = valid_line(entry.phone, f"The phone number for {name or 'someone'}", MAX_POINT)
        if not (name or role or phone or does):
            return None
        return Contact(name, role, phone, does)
    if kind is SectionKind.WORRIES:
        if not isinstance(entry, Worry):
            raise InvalidInput(f"{title} holds worries and safety goals only.")
        worry = valid_point(entry.worry, f"A worry in {title}")
        goal = valid_point(entry.goal, f"A safety goal in {title}")
        return Worry(worry, goal) if worry or goal else None
    if kind is SectionKind.RULES:
        if not isinstance(entry, Rule):
            raise InvalidInput(f"{title} holds rules only.")
        rule = valid_point(entry.rule, f"A rule in {title}")
        kept_by = tuple(
            dict.fromkeys(
                name for n in entry.kept_by if (name := valid_point(n, f"Who keeps “{rule}”"))
            )
        )  # each name once, in the order given
        return Rule(rule, kept_by) if rule or kept_by else None
    if not isinstance(entry, View):
        raise InvalidInput(f"{title} holds worries people see differently only.")
    worry = valid_point(entry.worry, f"A worry in {title}")
    agree = valid_point(entry.agree, "Who agrees")
    disagree = valid_point(entry.disagree, "Who does not agree")
    return View(worry, agree, disagree) if worry or agree or disagree else None


def _entry_problems(section: Section, entry: Entry) -> list[str]:
    """What is not right yet in a tidied entry, in the words a refusal would use."""
    title = f"“{section.title}”"
    out: list[str | None] = []
    if isinstance(entry, Contact):
        name = entry.name
        out.append(_too_long(name, f"A name in {title}", 200))
        out.append(_too_long(entry.role, f"Who {name or 'someone'} is", 200))
        out.append(_phone_problem(entry.phone, name or "someone"))
        if not name:
            out.append(f"Each person or service in {title} needs a name.")
    elif isinstance(entry, Worry) and not entry.worry:
        out.append(f"Say what the worry is for the safety goal “{entry.goal}”.")
    elif isinstance(entry, Rule) and not entry.rule:
        out.append(f"Say what the rule is that {', '.join(entry.kept_by)} will make sure is kept.")
    elif isinstance(entry, View) and not entry.worry:
        out.append(f"Say which worry people see differently in {title}.")
    return [problem for problem in out if problem]


def tidy_draft(shape: PlanShape, content: PlanContent) -> PlanContent:
    """The draft as it is kept, as typed: every point cleaned, empty ones dropped, every
    section of the shape present. Refused only when it cannot be stored at all; what is
    not right yet is kept (see ``draft_problems``)."""
    sections = sections_for(shape)
    known = {s.key for s in sections}
    for key, entries in content.sections.items():
        if key not in known and entries:
            raise InvalidInput(f"A {shape.label.lower()} has no section called {key!r}.")
    kept: dict[str, tuple[Entry, ...]] = {}
    for section in sections:
        entries = content.entries(section.key)
        if len(entries) > MAX_ENTRIES:
            raise InvalidInput(
                f"“{section.title}” has {len(entries)} entries; at most {MAX_ENTRIES} fit in "
                "a plan people can follow."
            )
        kept[section.key] = tuple(
            item for entry in entries if (item := _tidy_entry(section, entry)) is not None
        )
    cleaned = PlanContent(kept)
    if shape is PlanShape.FAMILY:
        cleaned = _rules_spelt_as_the_network(cleaned)
    return cleaned


def draft_problems(shape: PlanShape, content: PlanContent) -> list[str]:
    """What must be put right before the draft can be issued, one plain sentence each,
    naming where it is (a phone number with no digits, a rule kept by someone who is not
    in the safety network, ...). Empty when the draft could be issued as it stands."""
    try:
        tidied = tidy_draft(shape, content)
    except InvalidInput as error:
        return [str(error)]
    problems: list[str] = []
    for section in sections_for(shape):
        for entry in tidied.entries(section.key):
            problems += _entry_problems(section, entry)
    if shape is PlanShape.FAMILY:
        network = {fold_for_search(c.name) for c in tidied.contacts("network")}
        for rule in tidied.rules:
            for name in rule.kept_by:
                if fold_for_search(name) not in network:
                    problems.append(
                        f"The rule “{rule.rule}” names {name}, who is not in the safety "
                        f"network. Add {name} to the safety network first (with their phone "
                        "number), or choose someone who is in it."
                    )
    return list(dict.fromkeys(problems))


def problems_refusal(problems: list[str]) -> str:
    """Why a draft with ``problems`` cannot be issued, in one message."""
    if len(problems) == 1:
        return problems[0]
    return "Put these right before issuing the plan:\n" + "\n".join(
        f"• {problem}" for problem in problems
    )


def validate_content(shape: PlanShape, content: PlanContent) -> PlanContent:
    """The content as a version keeps it: tidied as a draft is, and refused with the
    first of ``draft_problems`` (each rule's people must be in the network)."""
    cleaned = tidy_draft(shape, content)
    problems = draft_problems(shape, cleaned)
    if problems:
        raise InvalidInput(problems[0])
    return cleaned


def _rules_spelt_as_the_network(content: PlanContent) -> PlanContent:
    """Each rule's people spelt as in the network, so their phone numbers are found;
    names not in the network are kept as written."""
    network = {fold_for_search(c.name): c.name for c in content.contacts("network")}
    rules = [
        Rule(
            rule.rule,
            tuple(dict.fromkeys(network.get(fold_for_search(n), n) for n in rule.kept_by)),
        )
        for rule in content.rules
    ]
    return content.with_section("rules", tuple(rules))


# -- reading ----------------------------------------------------------------------------


def _plan(session: Session, plan_id: int) -> SafetyPlan:
    plan = session.get(
        SafetyPlan,
        plan_id,
        options=[selectinload(SafetyPlan.versions).selectinload(SafetyPlanVersion.sends)],
    )
    if plan is None:
        raise InvalidInput("That safety plan is no longer in the vault.")
    return plan


def _person_name(session: Session, person_id: int | None) -> str:
    if person_id is None:
        return ""
    person = session.get(Person, person_id)
    return person.display_name if person is not None else ""


def _version_view(version: SafetyPlanVersion, shape: PlanShape) -> VersionView:
    return VersionView(
        id=version.id,
        number=version.number,
        issued_on=version.issued_on,
        reason=version.reason,
        agreed_by=version.agreed_by,
        review_on=version.review_on,
        title=version.title,
        for_name=version.for_name,
        content=content_from_text(version.content, shape),
        sends=[
            SendView(s.id, s.recipient, s.recipient_kind, s.sent_on, s.how, s.note)
            for s in version.sends
        ],
    )


def _plan_view(session: Session, plan: SafetyPlan) -> PlanView:
    case = case_in(session, plan.case_id)
    return PlanView(
        id=plan.id,
        case_id=case.id,
        case_reference=case.reference,
        case_open=case.status is CaseStatus.OPEN,
        shape=plan.shape,
        title=plan.title,
        for_person_id=plan.for_person_id,
        for_name=_person_name(session, plan.for_person_id),
        draft=content_from_text(plan.draft, plan.shape),
        versions=[_version_view(v, plan.shape) for v in plan.versions],
    )


def get_plan(vault: Vault, plan_id: int) -> PlanView:
    """The plan: its draft and every version issued, with whom each was sent to."""
    with vault.unit_of_work() as session:
        return _plan_view(session, _plan(session, plan_id))


def case_plans(vault: Vault, case_id: int) -> list[PlanSummary]:
    """The case's safety plans, oldest first."""
    with vault.unit_of_work() as session:
        case_in(session, case_id)
        plans = session.scalars(
            select(SafetyPlan)
            .where(SafetyPlan.case_id == case_id)
            .options(selectinload(SafetyPlan.versions))
            .order_by(SafetyPlan.id)
        ).all()
        out = []
        for plan in plans:
            latest = plan.versions[-1] if plan.versions else None
            out.append(
                PlanSummary(
                    id=plan.id,
                    shape=plan.shape,
                    title=plan.title,
                    for_name=_person_name(session, plan.for_person_id),
                    latest_number=latest.number if latest else None,
                    issued_on=latest.issued_on if latest else None,
                    review_on=latest.review_on if latest else None,
                )
            )
        return out


# -- writing ----------------------------------------------------------------------------


def create_plan(
    vault: Vault,
    case_id: int,
    shape: PlanShape,
    for_person_id: int | None = None,
    title: str = "",
) -> int:
    """A new plan with an empty draft. A personal plan is always for someone."""
    if shape is PlanShape.PERSONAL and for_person_id is None:
        raise InvalidInput("Say which young person this personal safety plan is for.")
    chosen = valid_line(title, "The plan's title") or SHAPE_TITLES[shape]
    with vault.unit_of_work() as session:
        case = writable_case(session, case_id, "its safety plans")
        if for_person_id is not None:
            person = session.get(Person, for_person_id)
            if person is None or person.case_id != case.id:
                raise InvalidInput("That person is not part of this case.")
        plan = SafetyPlan(
            case_id=case.id,
            for_person_id=for_person_id,
            shape=shape,
            title=chosen,
            draft=content_to_text(PlanContent(), shape),
        )
        session.add(plan)
        session.flush()
        return plan.id


def save_draft(vault: Vault, plan_id: int, content: PlanContent) -> PlanContent:
    """Keep the draft as typed (tidied); returns what was kept.

    Nothing typed is refused for being not right yet (a phone number without digits, a
    rule kept by someone outside the safety network): ``draft_problems`` names those, and
    issuing a version refuses them. Only what cannot be stored at all is refused."""
    with vault.unit_of_work() as session:
        plan = _plan(session, plan_id)
        writable_case(session, plan.case_id, "its safety plans")
        cleaned = tidy_draft(plan.shape, content)
        plan.draft = content_to_text(cleaned, plan.shape)
        return cleaned


def set_title(vault: Vault, plan_id: int, title: str) -> None:
    """The title of the next version (issued versions keep the title they had)."""
    with vault.unit_of_work() as session:
        plan = _plan(session, plan_id)
        writable_case(session, plan.case_id, "its safety plans")
        plan.title = valid_name(title, "The plan's title")


def issue_version(
    vault: Vault,
    plan_id: int,
    reason: str,
    agreed_by: str,
    review_on: date | None,
    issued_on: date | None = None,
) -> int:
    """Issue the draft as the next version; returns the new version's id.

    Refused without a reason, without who agreed it or a review date, with a review date
    not after the issue date, and when nothing has changed since the last version.
    """
    issued_on = issued_on or date.today()
    why = valid_point(reason, "Why the plan changed")
    agreed = valid_point(agreed_by, "Who agreed the plan")
    if not why:
        raise InvalidInput(
            "Say why this version is being issued (for example “first plan, agreed at the "
            "meeting” or “after a new incident on Saturday”)."
        )
    if not agreed:
        raise InvalidInput("Say who agreed this version of the plan (names or roles).")
    if review_on is None:
        raise InvalidInput("Choose the date the plan will be reviewed.")
    if review_on <= issued_on:
        raise InvalidInput(
            f"The review date ({review_on:%d/%m/%Y}) must be after the date the plan is "
            f"issued ({issued_on:%d/%m/%Y})."
        )
    if issued_on > date.today():
        raise InvalidInput(
            f"A plan cannot be issued on a date still to come ({issued_on:%d/%m/%Y})."
        )
    with vault.unit_of_work() as session:
        plan = _plan(session, plan_id)
        writable_case(session, plan.case_id, "its safety plans")
        draft = tidy_draft(plan.shape, content_from_text(plan.draft, plan.shape))
        problems = draft_problems(plan.shape, draft)
        if problems:
            raise InvalidInput(problems_refusal(problems))
        if draft.is_empty():
            raise InvalidInput("The plan is empty. Write what it says before issuing it.")
        unkept = [r.rule for r in draft.rules if not r.kept_by]
        if unkept:
            raise InvalidInput(
                f"The rule “{unkept[0]}” does not say who in the safety network makes sure "
                "it is kept. Name someone for every rule before issuing the plan."
            )
        latest = plan.versions[-1] if plan.versions else None
        if latest is not None:
            if (
                content_from_text(latest.content, plan.shape) == draft
                and latest.title == plan.title
            ):
                raise InvalidInput(
                    f"Nothing has changed since version {latest.number} (issued "
                    f"{latest.issued_on:%d/%m/%Y}). Change the plan first; to send it to "
                    "someone else, record that version as sent to them."
                )
            if issued_on < latest.issued_on:
                raise InvalidInput(
                    f"Version {latest.number} was issued on {latest.issued_on:%d/%m/%Y}; a "
                    "new version cannot be dated before it."
                )
        version = SafetyPlanVersion(
            number=(latest.number if latest else 0) + 1,
            issued_on=issued_on,
            reason=why,
            agreed_by=agreed,
            review_on=review_on,
            title=plan.title,
            for_name=_person_name(session, plan.for_person_id),
            content=content_to_text(draft, plan.shape),
        )
        plan.versions.append(version)
        session.flush()
        return version.id


def record_send(
    vault: Vault,
    version_id: int,
    recipient: str,
    sent_on: date,
    how: SendMethod,
    note: str = "",
    recipient_kind: RecipientKind = RecipientKind.AGENCY,
    basis: str = "",
) -> int:
    """Record that a version went to an agency or a person (or was read with them), and
    log it in the case's sharing log (on ``basis``, or what the consent register says)."""

    name = valid_name(recipient, "Who it was sent to")
    kept_note = valid_point(note, "The note")
    if sent_on > date.today():
        raise InvalidInput(
            f"A plan cannot have been sent on a date still to come ({sent_on:%d/%m/%Y})."
        )
    with vault.unit_of_work() as session:
        version = session.get(SafetyPlanVersion, version_id)
        if version is None:
            raise InvalidInput("That version of the safety plan is no longer in the vault.")
        writable_case(session, version.plan.case_id, "its safety plans")
        if sent_on < version.issued_on:
            raise InvalidInput(
                f"Version {version.number} was issued on {version.issued_on:%d/%m/%Y}, so it "
                f"cannot have been sent on {sent_on:%d/%m/%Y}."
            )
        send = SafetyPlanSend(
            recipient=name,
            recipient_kind=recipient_kind,
            sent_on=sent_on,
            how=how,
            note=kept_note,
        )
        version.sends.append(send)
        consent.log_in_session(
            session,
            version.plan.case_id,
            what=f"{version.title}, version {version.number}",
            recipient=name,
            recipient_kind=recipient_kind,
            why="So they know the plan and their part in keeping it.",
            how=_SHARED_HOW[how],
            basis=basis.strip()
            or (
                "Read with or given to the family member"
                if recipient_kind is RecipientKind.PERSON
                else ""
            ),
            decided_on=sent_on,
            source="safety_plan",
        )
        session.flush()
        return send.id


_SHARED_HOW = {
    SendMethod.POST: ShareMethod.POST,
    SendMethod.SECURE_EMAIL: ShareMethod.SECURE_EMAIL,
    SendMethod.BY_HAND: ShareMethod.BY_HAND,
    SendMethod.READ_WITH_FAMILY: ShareMethod.IN_PERSON,
    SendMethod.AT_MEETING: ShareMethod.AT_MEETING,
    SendMethod.OTHER: ShareMethod.OTHER,
}


# -- comparing and following up ---------------------------------------------------------


def _section_change(section: Section, before: PlanContent, after: PlanContent) -> SectionChange:
    old, new = before.entries(section.key), after.entries(section.key)
    added: list[str] = []
    removed: list[str] = []
    changed: list[tuple[str, str]] = []
    if section.kind is SectionKind.CONTACTS:
        # People are matched by name, so a new phone number reads as a change, not as
        # one person removed and another added.
        olds = {fold_for_search(c.name): c for c in before.contacts(section.key)}
        news = {fold_for_search(c.name): c for c in after.contacts(section.key)}
        added = [describe(c) for k, c in news.items() if k not in olds]
        removed = [describe(c) for k, c in olds.items() if k not in news]
        changed = [
            (describe(olds[k]), describe(c)) for k, c in news.items() if k in olds and olds[k] != c
        ]
    else:
        a, b = [describe(e) for e in old], [describe(e) for e in new]
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "replace":
                pairs = min(i2 - i1, j2 - j1)
                changed += list(zip(a[i1 : i1 + pairs], b[j1 : j1 + pairs], strict=True))
                removed += a[i1 + pairs : i2]
                added += b[j1 + pairs : j2]
            elif tag == "delete":
                removed += a[i1:i2]
            elif tag == "insert":
                added += b[j1:j2]
    return SectionChange(section.key, section.title, tuple(added), tuple(removed), tuple(changed))


def _changes(
    shape: PlanShape, before: PlanContent, after: PlanContent, titles: tuple[str, str]
) -> list[SectionChange]:
    out = []
    if titles[0] != titles[1]:
        out.append(SectionChange("title", "Title", changed=(titles,)))
    for section in sections_for(shape):
        change = _section_change(section, before, after)
        if change.added or change.removed or change.changed:
            out.append(change)
    return out


def compare_versions(vault: Vault, plan_id: int, older: int, newer: int) -> list[SectionChange]:
    """What changed from version ``older`` to version ``newer``, section by section (only
    sections that changed); the safety network is compared person by person."""
    plan = get_plan(vault, plan_id)
    before, after = plan.version(older), plan.version(newer)
    return _changes(plan.shape, before.content, after.content, (before.title, after.title))


def draft_changes(vault: Vault, plan_id: int) -> list[SectionChange]:
    """What the draft changes since the latest version (everything, if none is issued)."""
    plan = get_plan(vault, plan_id)
    latest = plan.latest
    before = latest.content if latest else PlanContent()
    return _changes(
        plan.shape, before, plan.draft, (latest.title if latest else plan.title, plan.title)
    )


def holders_of_older_versions(vault: Vault, plan_id: int) -> list[Holder]:
    """Who was sent an older version and not the current one: what to send them next.

    A recipient is known by kind and name (ignoring case and accents), so "Northgate
    Academy" sent version 1 and "northgate academy" sent version 2 hold the current one.
    """
    plan = get_plan(vault, plan_id)
    if plan.latest is None:
        return []
    newest: dict[tuple[RecipientKind, str], tuple[int, SendView]] = {}
    for version in plan.versions:
        for send in version.sends:
            key = (send.recipient_kind, fold_for_search(send.recipient))
            if key not in newest or newest[key][0] <= version.number:
                newest[key] = (version.number, send)
    current = plan.latest.number
    holders = [
        Holder(send.recipient, send.recipient_kind, number, send.sent_on, send.how)
        for number, send in newest.values()
        if number < current
    ]
    return sorted(holders, key=lambda h: (h.version, fold_for_search(h.recipient)))


REVIEW_AFTER_MONTHS = 3  # the review date offered when issuing; the chair chooses


def suggested_review_on(vault: Vault, plan_id: int, today: date | None = None) -> date:
    """The review date offered when a version is issued: three months on, moved to a
    working day of the case's nation (never a weekend or a bank holiday)."""
    from tac_desktop.core.practice.working_days import months_later, on_a_working_day

    with vault.unit_of_work() as session:
        nation = case_in(session, _plan(session, plan_id).case_id).nation
    return on_a_working_day(months_later(today or date.today(), REVIEW_AFTER_MONTHS), nation)


# -- the printed plan -------------------------------------------------------------------


def safety_plan_document(
    vault: Vault,
    plan_id: int,
    version: int | None = None,
    *,
    draft: bool = False,
    today: date | None = None,
) -> Document:
    """The plan as a PDF: version ``version`` (None: the latest issued), or with
    ``draft`` the working draft, marked DRAFT on every page."""
    return prepare_safety_plan(vault, plan_id, version, draft=draft, today=today).document()


def prepare_safety_plan(
    vault: Vault,
    plan_id: int,
    version: int | None = None,
    *,
    draft: bool = False,
    today: date | None = None,
) -> PendingDocument:
    """The plan (as ``safety_plan_document``) gathered from the vault, ready to be made
    off the vault's thread."""
    from tac_desktop.core.documents import PendingDocument, document_file_name, render_watched
    from tac_desktop.core.documents.safety_plan import SafetyPlanContent, SafetyPlanRenderer

    plan = get_plan(vault, plan_id)
    if draft:
        on = today or date.today()
        content = SafetyPlanContent(
            reference=plan.case_reference,
            shape=plan.shape,
            title=plan.title,
            for_name=plan.for_name,
            version=None,
            on=on,
            reason="",
            agreed_by="",
            review_on=None,
            content=plan.draft,
        )
        kind = "safety plan draft"
        title = f"{plan.title} (draft)"
    else:
        if plan.latest is None:
            raise InvalidInput(
                "This safety plan has not been issued yet, so there is no version to "
                "print. Issue the first version, or print the draft (it will say DRAFT)."
            )
        chosen = plan.latest if version is None else plan.version(version)
        on = chosen.issued_on
        # Printed after a newer version was issued: every page says it was replaced.
        after = next((v for v in plan.versions if v.number > chosen.number), None)
        content = SafetyPlanContent(
            reference=plan.case_reference,
            shape=plan.shape,
            title=chosen.title,
            for_name=chosen.for_name,
            version=chosen.number,
            on=on,
            reason=chosen.reason,
            agreed_by=chosen.agreed_by,
            review_on=chosen.review_on,
            content=chosen.content,
            sent_to=tuple(
                f"{s.recipient} ({s.how.label.lower()}, {s.sent_on.day} {s.sent_on:%B %Y})"
                for s in chosen.sends
            ),
            replaced_by=after.number if after is not None else None,
            replaced_on=after.issued_on if after is not None else None,
            current=plan.versions[-1].number if after is not None else None,
        )
        kind = f"safety plan v{chosen.number}"
        title = f"{chosen.title}, version {chosen.number}"
    return PendingDocument(
        title,
        document_file_name(plan.case_reference, kind, on),
        lambda progress: render_watched(SafetyPlanRenderer(content), progress, "The safety plan"),
    )
