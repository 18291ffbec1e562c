"""Consent and information sharing: the register, decisions to share without consent,
the sharing log, revisits that are due, and the check made before anything goes to an
agency.

- A consent is recorded per person (answered by them, by someone with parental
  responsibility, or by a young person for themselves) and per agency or purpose.
- Sharing although the person did not agree needs set grounds, a line manager's
  approval (name and date), and a record of whether the person was told, and if not,
  why not. ``record_override`` refuses to save without all of these.
- Every decision to share OR NOT to share goes in the log. Documents sent to an agency
  (outcome summaries, safety plans, minutes) write their entry themselves, in the same
  unit of work as the send (``log_in_session``); a phone call is added by hand.
- ``sharing_check`` says what the register holds for one agency: asked before anything
  is made for that agency, so a refusal or a gap is seen first.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    Case,
    CaseStatus,
    Chair,
    Consent,
    ConsentGiver,
    ConsentHow,
    ConsentStatus,
    CopyKind,
    InformationKind,
    Meeting,
    MeetingRecipient,
    OverrideGrounds,
    Person,
    RecipientKind,
    ShareMethod,
    SharingLogEntry,
    SharingOverride,
)
from tac_desktop.core.models.case import ADULT_AGE
from tac_desktop.core.services.cases import (
    case_in,
    valid_line,
    valid_name,
    valid_note,
    writable_case,
)
from tac_desktop.core.vault import Vault

REVISIT_WINDOW_DAYS = 7  # a revisit shows from a week before it is due
EVERY_AGENCY = "Every agency working with the family"


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


# -- plain data -------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentDraft:
    """What the chair types to record (or change) one consent."""

    person_id: int
    given_by: ConsentGiver
    status: ConsentStatus
    decided_on: date
    how: ConsentHow | None = None  # None only when nobody was asked
    agency: str = ""  # empty: every agency working with the family
    purpose: str = ""
    given_by_name: str = ""  # who answered, when it was not the person themselves
    not_sought_reason: str = ""
    review_on: date | None = None
    raise_again_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class OverrideDraft:
    """A decision to share although the person did not agree. Nothing has a default that
    could be saved by accident: the form starts empty and must be filled in."""

    grounds: OverrideGrounds | None = None
    reasons: str = ""
    decided_by: str = ""
    decided_on: date | None = None
    approved_by: str = ""
    approved_on: date | None = None
    person_told: bool | None = None
    not_told_reason: str = ""


@dataclass(frozen=True)
class OverrideView:
    id: int
    consent_id: int
    grounds: OverrideGrounds
    reasons: str
    decided_by: str
    decided_on: date
    approved_by: str
    approved_on: date
    person_told: bool
    not_told_reason: str

    @property
    def in_words(self) -> str:
        told = (
            "They were told." if self.person_told else f"They were not told: {self.not_told_reason}"
        )
        return (
            f"Shared without agreement: {self.grounds.label.lower()}. Decided by "
            f"{self.decided_by} on {_day(self.decided_on)}, approved by {self.approved_by} on "
            f"{_day(self.approved_on)}. {told}"
        )


@dataclass(frozen=True)
class ConsentView:
    id: int
    case_id: int
    person_id: int | None
    person_name: str
    given_by: ConsentGiver
    given_by_name: str
    agency: str
    purpose: str
    status: ConsentStatus
    decided_on: date
    how: ConsentHow | None
    not_sought_reason: str
    review_on: date | None
    raise_again_on: date | None
    note: str
    overrides: tuple[OverrideView, ...] = ()

    @property
    def scope(self) -> str:
        """With whom or what for, in words."""
        who = self.agency or EVERY_AGENCY
        return f"{who}: {self.purpose}" if self.purpose else who

    @property
    def overridden(self) -> bool:
        return bool(self.overrides) and self.status in _NOT_AGREED

    def draft(self) -> ConsentDraft:
        return ConsentDraft(
            person_id=self.person_id or 0,
            given_by=self.given_by,
            status=self.status,
            decided_on=self.decided_on,
            how=self.how,
            agency=self.agency,
            purpose=self.purpose,
            given_by_name=self.given_by_name,
            not_sought_reason=self.not_sought_reason,
            review_on=self.review_on,
            raise_again_on=self.raise_again_on,
            note=self.note,
        )


@dataclass(frozen=True)
class LogDraft:
    """One decision to share or not, typed in by hand (a phone call, a conversation)."""

    what: str
    recipient: str
    why: str
    decided_by: str
    decided_on: date
    shared: bool = True
    how: ShareMethod | None = None
    kind: InformationKind = InformationKind.INFORMATION
    recipient_kind: RecipientKind = RecipientKind.AGENCY
    contact: str = ""
    basis: str = ""  # empty: worked out from the register for an agency
    consent_id: int | None = None
    override_id: int | None = None


@dataclass(frozen=True)
class LogEntryView:
    id: int
    case_id: int
    kind: InformationKind
    what: str
    recipient: str
    recipient_kind: RecipientKind
    contact: str
    why: str
    basis: str
    consent_id: int | None
    override_id: int | None
    decided_by: str
    decided_on: date
    how: ShareMethod | None
    shared: bool
    automatic: bool
    source: str
    meeting_id: int | None


class RevisitKind(enum.Enum):
    ASK_AGAIN = "ask_again"  # a refusal while the need goes on
    REVIEW = "review"  # a consent's review date

    @property
    def label(self) -> str:
        return {"ask_again": "Ask again", "review": "Review consent"}[self.value]


@dataclass(frozen=True)
class Revisit:
    case_id: int
    case_reference: str
    consent_id: int
    person_name: str
    scope: str
    kind: RevisitKind
    due_on: date

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today

    @property
    def in_words(self) -> str:
        if self.kind is RevisitKind.ASK_AGAIN:
            return f"Ask {self.person_name} again about sharing with {self.scope}"
        return f"Review {self.person_name}'s consent for {self.scope}"


class SharingOutcome(enum.Enum):
    GIVEN = "given"
    REFUSED = "refused"  # someone did not agree, or changed their mind
    NOT_RECORDED = "not_recorded"  # nothing recorded, or nobody was asked

    @property
    def label(self) -> str:
        return {
            "given": "Consent recorded",
            "refused": "Consent refused",
            "not_recorded": "No consent recorded",
        }[self.value]


@dataclass(frozen=True)
class SharingCheck:
    """What the register holds about sharing with one agency."""

    case_id: int
    agency: str
    outcome: SharingOutcome
    lines: tuple[str, ...]  # one per person: what they said, in words
    consent_ids: tuple[int, ...]
    override: OverrideView | None  # a decision to share anyway covering every refusal

    @property
    def needs_asking(self) -> bool:
        """Whether the chair must decide before sending: nothing recorded to rely on,
        neither consent nor an approved decision to share without it."""
        return self.outcome is not SharingOutcome.GIVEN and self.override is None

    @property
    def grounds(self) -> str:
        """What a share would rest on, in words ("" when there is nothing recorded)."""
        if self.outcome is SharingOutcome.GIVEN:
            return "Consent recorded: " + "; ".join(self.lines)
        if self.override is not None:
            return self.override.in_words
        return ""

    @property
    def in_words(self) -> str:
        if self.outcome is SharingOutcome.GIVEN:
            return f"Consent to share with {self.agency} is recorded."
        if self.outcome is SharingOutcome.REFUSED:
            if self.override is not None:
                return (
                    f"Consent to share with {self.agency} was refused, and a decision to "
                    "share without agreement is recorded."
                )
            return (
                f"Consent to share with {self.agency} was refused, and no decision to "
                "share without agreement is recorded."
            )
        return f"Nothing is recorded about consent to share with {self.agency}."


# -- helpers ----------------------------------------------------------------------------

_NOT_AGREED = (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN)


def _consent(session: Session, consent_id: int) -> Consent:
    consent = session.get(Consent, consent_id, options=[selectinload(Consent.overrides)])
    if consent is None:
        raise InvalidInput("That consent record is no longer in the vault.")
    return consent


def chair_in(session: Session) -> str:
    """The chair who owns the vault, by name, inside another action's unit of work."""
    chair = session.scalars(select(Chair).order_by(Chair.id)).first()
    return chair.name if chair is not None else "The chair"


_chair_name = chair_in


def chair_name(vault: Vault) -> str:
    """Who decides by default: the chair who owns the vault."""
    with vault.unit_of_work() as session:
        return _chair_name(session)


def _not_future(day: date, what: str) -> None:
    if day > date.today():
        raise InvalidInput(f"{what} cannot be a date still to come ({_day(day)}).")


def _override_view(row: SharingOverride) -> OverrideView:
    return OverrideView(
        row.id,
        row.consent_id,
        row.grounds,
        row.reasons,
        row.decided_by,
        row.decided_on,
        row.approved_by,
        row.approved_on,
        row.person_told,
        row.not_told_reason,
    )


def _consent_view(row: Consent) -> ConsentView:
    return ConsentView(
        id=row.id,
        case_id=row.case_id,
        person_id=row.person_id,
        person_name=row.person_name,
        given_by=row.given_by,
        given_by_name=row.given_by_name,
        agency=row.agency,
        purpose=row.purpose,
        status=row.status,
        decided_on=row.decided_on,
        how=row.how,
        not_sought_reason=row.not_sought_reason,
        review_on=row.review_on,
        raise_again_on=row.raise_again_on,
        note=row.note,
        overrides=tuple(_override_view(o) for o in row.overrides),
    )


def _log_view(row: SharingLogEntry) -> LogEntryView:
    return LogEntryView(
        id=row.id,
        case_id=row.case_id,
        kind=row.kind,
        what=row.what,
        recipient=row.recipient,
        recipient_kind=row.recipient_kind,
        contact=row.contact,
        why=row.why,
        basis=row.basis,
        consent_id=row.consent_id,
        override_id=row.override_id,
        decided_by=row.decided_by,
        decided_on=row.decided_on,
        how=row.how,
        shared=row.shared,
        automatic=row.automatic,
        source=row.source,
        meeting_id=row.meeting_id,
    )


def _validated(session: Session, case_id: int, draft: ConsentDraft) -> dict[str, object]:
    """The columns of a consent, checked; refuses with one plain sentence."""
    person = session.get(Person, draft.person_id)
    if person is None or person.case_id != case_id:
        raise InvalidInput("Choose the person the information is about, from this family.")
    agency = valid_line(draft.agency, "The agency's name")
    purpose = valid_note(draft.purpose.strip(), "The purpose")
    given_by_name = valid_line(draft.given_by_name, "The name of who answered")
    age = person.age_on(draft.decided_on)
    if draft.given_by is ConsentGiver.PARENTAL_RESPONSIBILITY:
        if age is not None and age >= ADULT_AGE:
            raise InvalidInput(
                f"{person.name} is an adult, so they answer for themselves. Choose "
                "“The person themselves”."
            )
        if not given_by_name:
            raise InvalidInput(
                "Write the name of the person with parental responsibility who answered."
            )
    else:
        given_by_name = given_by_name or person.name
    if draft.given_by is ConsentGiver.YOUNG_PERSON and age is not None and age >= ADULT_AGE:
        raise InvalidInput(f"{person.name} is an adult, so choose “The person themselves”.")
    _not_future(draft.decided_on, "The date")
    reason = valid_note(draft.not_sought_reason.strip(), "Why nobody was asked")
    how = draft.how
    if draft.status is ConsentStatus.NOT_SOUGHT:
        if not reason:
            raise InvalidInput(
                "Say why nobody was asked (for example, asking would put a child at more risk)."
            )
        how = None
    else:
        reason = ""
        if how is None:
            raise InvalidInput("Say how they answered: in writing or out loud.")
    for later, what in (
        (draft.review_on, "The review date"),
        (draft.raise_again_on, "The date to ask again"),
    ):
        if later is not None and later <= draft.decided_on:
            raise InvalidInput(
                f"{what} should be after {_day(draft.decided_on)}, the date they answered."
            )
    raise_again = draft.raise_again_on if draft.status in _NOT_AGREED else None
    return {
        "person_id": person.id,
        "person_name": person.name,
        "given_by": draft.given_by,
        "given_by_name": given_by_name,
        "agency": agency,
        "purpose": purpose,
        "status": draft.status,
        "decided_on": draft.decided_on,
        "how": how,
        "not_sought_reason": reason,
        "review_on": draft.review_on,
        "raise_again_on": raise_again,
        "note": valid_note(draft.note.strip(), "The note"),
    }


def _validated_override(consent: Consent, draft: OverrideDraft) -> dict[str, object]:
    """Every part of the decision, or one sentence naming all that is still missing."""
    missing: list[str] = []
    if draft.grounds is None:
        missing.append("the grounds for sharing")
    if not draft.reasons.strip():
        missing.append("what the decision rests on")
    if not draft.decided_by.strip():
        missing.append("who decided")
    if draft.decided_on is None:
        missing.append("the date it was decided")
    if not draft.approved_by.strip():
        missing.append("the name of the line manager who approved it")
    if draft.approved_on is None:
        missing.append("the date they approved it")
    if draft.person_told is None:
        missing.append(f"whether {consent.person_name} was told")
    elif not draft.person_told and not draft.not_told_reason.strip():
        missing.append(f"why {consent.person_name} was not told")
    if missing:
        listed = "; ".join(missing)
        raise InvalidInput(
            f"This decision cannot be saved until it has {listed}. Nothing you typed has been lost."
        )
    assert draft.decided_on is not None and draft.approved_on is not None
    _not_future(draft.decided_on, "The date it was decided")
    _not_future(draft.approved_on, "The date the line manager approved it")
    if draft.decided_on < consent.decided_on:
        raise InvalidInput(
            f"{consent.person_name} did not agree on {_day(consent.decided_on)}, so a decision "
            f"to share anyway cannot be dated before that."
        )
    return {
        "grounds": draft.grounds,
        "reasons": valid_note(draft.reasons.strip(), "What the decision rests on"),
        "decided_by": valid_name(draft.decided_by, "Who decided"),
        "decided_on": draft.decided_on,
        "approved_by": valid_name(draft.approved_by, "The line manager's name"),
        "approved_on": draft.approved_on,
        "person_told": bool(draft.person_told),
        "not_told_reason": ""
        if draft.person_told
        else valid_note(draft.not_told_reason.strip(), "Why they were not told"),
    }


# -- the register -----------------------------------------------------------------------


def case_consents(vault: Vault, case_id: int) -> list[ConsentView]:
    """The register: by person, then agency or purpose, newest answer first."""
    with vault.unit_of_work() as session:
        case_in(session, case_id)
        rows = session.scalars(
            select(Consent)
            .where(Consent.case_id == case_id)
            .options(selectinload(Consent.overrides))
        ).all()
        views = [_consent_view(row) for row in rows]
    return sorted(
        views,
        key=lambda v: (
            v.person_name.casefold(),
            v.scope.casefold(),
            -v.decided_on.toordinal(),
            -v.id,
        ),
    )


def get_consent(vault: Vault, consent_id: int) -> ConsentView:
    with vault.unit_of_work() as session:
        return _consent_view(_consent(session, consent_id))


def record_consent(vault: Vault, case_id: int, draft: ConsentDraft) -> int:
    with vault.unit_of_work() as session:
        writable_case(session, case_id, "its consent records")
        consent = Consent(case_id=case_id, **_validated(session, case_id, draft))
        session.add(consent)
        session.flush()
        return consent.id


def update_consent(vault: Vault, consent_id: int, draft: ConsentDraft) -> None:
    """Correct or bring up to date what a consent says (the audit log keeps what it said)."""
    with vault.unit_of_work() as session:
        consent = _consent(session, consent_id)
        writable_case(session, consent.case_id, "its consent records")
        values = _validated(session, consent.case_id, draft)
        if consent.overrides and values["status"] not in _NOT_AGREED:
            raise InvalidInput(
                "A decision to share without agreement rests on this refusal, so it cannot "
                "become an agreement. Record the new answer as a new consent instead."
            )
        for name, value in values.items():
            setattr(consent, name, value)


def withdraw_consent(
    vault: Vault,
    consent_id: int,
    on: date,
    how: ConsentHow,
    note: str = "",
    raise_again_on: date | None = None,
) -> None:
    """The person changed their mind: agreed before, does not agree now."""
    with vault.unit_of_work() as session:
        consent = _consent(session, consent_id)
        writable_case(session, consent.case_id, "its consent records")
        if consent.status is not ConsentStatus.GIVEN:
            raise InvalidInput(
                f"{consent.person_name} had not agreed to this, so there is nothing to withdraw."
            )
        _not_future(on, "The date they changed their mind")
        if on < consent.decided_on:
            raise InvalidInput(
                f"They agreed on {_day(consent.decided_on)}, so they cannot have changed "
                "their mind before that."
            )
        if raise_again_on is not None and raise_again_on <= on:
            raise InvalidInput(f"The date to ask again should be after {_day(on)}.")
        consent.status = ConsentStatus.WITHDRAWN
        consent.decided_on = on
        consent.how = how
        consent.raise_again_on = raise_again_on
        consent.review_on = None
        extra = valid_note(note.strip(), "The note")
        if extra:
            consent.note = f"{consent.note}\n{extra}".strip() if consent.note else extra


def record_override(vault: Vault, consent_id: int, draft: OverrideDraft) -> int:
    """A decision to share although the person did not agree. Refuses to save without
    the grounds, the line manager's approval (name and date), and whether the person was
    told (and if not, why not)."""
    with vault.unit_of_work() as session:
        consent = _consent(session, consent_id)
        writable_case(session, consent.case_id, "its consent records")
        if consent.status not in _NOT_AGREED:
            raise InvalidInput(
                f"{consent.person_name}'s answer here is “{consent.status.label}”, so there is "
                "no refusal to share against. A decision to share without agreement is only "
                "recorded against a refusal, or agreement taken back."
            )
        row = SharingOverride(**_validated_override(consent, draft))
        consent.overrides.append(row)
        session.flush()
        return row.id


# -- the sharing check ------------------------------------------------------------------


def _check(session: Session, case_id: int, agency: str) -> SharingCheck:
    wanted = _fold(agency)
    rows = session.scalars(
        select(Consent)
        .where(Consent.case_id == case_id)
        .options(selectinload(Consent.overrides))
        .order_by(Consent.decided_on, Consent.id)
    ).all()
    # Per person: a record for this agency counts over one for every agency, and the
    # latest answer over earlier ones.
    latest: dict[tuple[int | None, str], Consent] = {}
    for row in rows:
        if row.agency and _fold(row.agency) != wanted:
            continue
        key = (row.person_id, row.person_name)
        held = latest.get(key)
        if held is None or bool(row.agency) >= bool(held.agency):
            latest[key] = row
    chosen = sorted(latest.values(), key=lambda r: r.person_name.casefold())
    lines: list[str] = []
    for row in chosen:
        by = "" if row.given_by_name == row.person_name else f" (answered by {row.given_by_name})"
        text = f"{row.person_name}{by}: {row.status.label.lower()} on {_day(row.decided_on)}"
        if row.status is ConsentStatus.NOT_SOUGHT:
            text += f" ({row.not_sought_reason})"
        if row.overrides:
            text += "; shared without agreement on recorded grounds"
        lines.append(text)
    refused = [r for r in chosen if r.status in _NOT_AGREED]
    override: OverrideView | None = None
    if refused:
        outcome = SharingOutcome.REFUSED
        if all(r.overrides for r in refused):
            override = _override_view(refused[-1].overrides[-1])
    elif not chosen or any(r.status is ConsentStatus.NOT_SOUGHT for r in chosen):
        outcome = SharingOutcome.NOT_RECORDED
    else:
        outcome = SharingOutcome.GIVEN
    return SharingCheck(
        case_id=case_id,
        agency=clean_agency(agency),
        outcome=outcome,
        lines=tuple(lines),
        consent_ids=tuple(r.id for r in chosen),
        override=override,
    )


check_in = _check  # the sharing check inside another action's unit of work


def clean_agency(agency: str) -> str:
    return " ".join(agency.split())


def sharing_check(vault: Vault, case_id: int, agency: str) -> SharingCheck:
    """What is recorded about sharing this case's information with ``agency``: consent
    given, refused (and whether a decision to share anyway covers it), or nothing. Asked
    BEFORE anything is made for an agency."""
    name = valid_name(agency, "The agency's name")
    with vault.unit_of_work() as session:
        case_in(session, case_id)
        return _check(session, case_id, name)


# -- the log ----------------------------------------------------------------------------


def log_in_session(
    session: Session,
    case_id: int,
    *,
    what: str,
    recipient: str,
    why: str,
    shared: bool = True,
    how: ShareMethod | None = None,
    kind: InformationKind = InformationKind.DOCUMENT,
    recipient_kind: RecipientKind = RecipientKind.AGENCY,
    contact: str = "",
    basis: str = "",
    decided_by: str = "",
    decided_on: date | None = None,
    automatic: bool = True,
    source: str = "",
    meeting_id: int | None = None,
    consent_id: int | None = None,
    override_id: int | None = None,
) -> SharingLogEntry:
    """Add a log entry inside another action's unit of work (a document sent). With no
    ``basis``, what the register says for the agency is written down as it stood then."""
    if recipient_kind is RecipientKind.AGENCY and (not basis or consent_id is None):
        check = _check(session, case_id, recipient)
        if not basis:
            basis = (check.grounds or check.in_words) if shared else f"Not shared. {check.in_words}"
        if consent_id is None and override_id is None:
            if check.override is not None:
                override_id = check.override.id
                consent_id = check.override.consent_id
            elif check.outcome is SharingOutcome.GIVEN and len(check.consent_ids) == 1:
                consent_id = check.consent_ids[0]
    entry = SharingLogEntry(
        case_id=case_id,
        kind=kind,
        what=what,
        recipient=recipient,
        recipient_kind=recipient_kind,
        contact=contact,
        why=why,
        basis=basis or "Not recorded",
        consent_id=consent_id,
        override_id=override_id,
        decided_by=decided_by or _chair_name(session),
        decided_on=decided_on or date.today(),
        how=how if shared else None,
        shared=shared,
        automatic=automatic,
        source=source,
        meeting_id=meeting_id,
    )
    session.add(entry)
    return entry


def _valid_log(draft: LogDraft) -> LogDraft:
    what = valid_note(draft.what.strip(), "What was shared")
    if not what:
        raise InvalidInput("Say what was shared, or what was not shared.")
    why = valid_note(draft.why.strip(), "Why")
    if not why:
        raise InvalidInput("Say why: what the agency needed it for, or why it was not shared.")
    _not_future(draft.decided_on, "The date")
    if draft.shared and draft.how is None:
        raise InvalidInput("Say how it was shared (on the phone, by secure email…).")
    return LogDraft(
        what=what,
        recipient=valid_name(draft.recipient, "Who it was shared with"),
        why=why,
        decided_by=valid_name(draft.decided_by, "Who decided"),
        decided_on=draft.decided_on,
        shared=draft.shared,
        how=draft.how if draft.shared else None,
        kind=draft.kind,
        recipient_kind=draft.recipient_kind,
        contact=valid_line(draft.contact, "The name of who was spoken to"),
        basis=valid_note(draft.basis.strip(), "What it rests on"),
        consent_id=draft.consent_id,
        override_id=draft.override_id,
    )


def add_log_entry(vault: Vault, case_id: int, draft: LogDraft) -> int:
    """A decision to share or not, added by hand (a phone call, a conversation)."""
    valid = _valid_log(draft)
    with vault.unit_of_work() as session:
        writable_case(session, case_id, "its consent records")
        for linked, model in ((valid.consent_id, Consent), (valid.override_id, SharingOverride)):
            if linked is not None and session.get(model, linked) is None:
                raise InvalidInput("The consent record chosen is no longer in the vault.")
        entry = log_in_session(
            session,
            case_id,
            what=valid.what,
            recipient=valid.recipient,
            why=valid.why,
            shared=valid.shared,
            how=valid.how,
            kind=valid.kind,
            recipient_kind=valid.recipient_kind,
            contact=valid.contact,
            basis=valid.basis,
            decided_by=valid.decided_by,
            decided_on=valid.decided_on,
            automatic=False,
            consent_id=valid.consent_id,
            override_id=valid.override_id,
        )
        session.flush()
        return entry.id


def log_share(
    vault: Vault,
    case_id: int,
    what: str,
    recipient: str,
    why: str,
    how: ShareMethod | None = None,
    basis: str = "",
    kind: InformationKind = InformationKind.DOCUMENT,
    recipient_kind: RecipientKind = RecipientKind.AGENCY,
) -> int:
    """A document or information that went out: logged with what it rests on."""
    with vault.unit_of_work() as session:
        case_in(session, case_id)
        entry = log_in_session(
            session,
            case_id,
            what=valid_name(what, "What was shared"),
            recipient=valid_name(recipient, "Who it was shared with"),
            why=valid_name(why, "Why"),
            how=how,
            basis=basis.strip(),
            kind=kind,
            recipient_kind=recipient_kind,
        )
        session.flush()
        return entry.id


def log_not_shared(
    vault: Vault,
    case_id: int,
    what: str,
    recipient: str,
    why: str,
    decided_by: str = "",
    kind: InformationKind = InformationKind.DOCUMENT,
    recipient_kind: RecipientKind = RecipientKind.AGENCY,
) -> int:
    """A decision NOT to share, logged as a share would be (who, what, why)."""
    reason = valid_note(why.strip(), "Why it was not shared")
    if not reason:
        raise InvalidInput("Say why it was not shared: the log keeps the reason.")
    with vault.unit_of_work() as session:
        case_in(session, case_id)
        entry = log_in_session(
            session,
            case_id,
            what=valid_name(what, "What was not shared"),
            recipient=valid_name(recipient, "Who it was not shared with"),
            why=reason,
            shared=False,
            kind=kind,
            recipient_kind=recipient_kind,
            decided_by=valid_line(decided_by, "Who decided"),
            automatic=False,
        )
        session.flush()
        return entry.id


def sharing_log(vault: Vault, case_id: int) -> list[LogEntryView]:
    """The case's log, newest first."""
    with vault.unit_of_work() as session:
        case_in(session, case_id)
        rows = session.scalars(
            select(SharingLogEntry)
            .where(SharingLogEntry.case_id == case_id)
            .order_by(SharingLogEntry.decided_on.desc(), SharingLogEntry.id.desc())
        ).all()
        return [_log_view(row) for row in rows]


def forget_automatic_entries(session: Session, meeting_id: int, source: str) -> None:
    """Take back the entries a send wrote, when it is marked "not sent after all" (the
    audit log keeps them)."""
    session.execute(
        delete(SharingLogEntry).where(
            SharingLogEntry.meeting_id == meeting_id,
            SharingLogEntry.source == source,
            SharingLogEntry.automatic.is_(True),
        )
    )


def log_minutes_distribution(session: Session, meeting: Meeting, sent_on: date | None) -> None:
    """The minutes went to everyone on their distribution list on ``sent_on``: one entry
    per recipient (the agency, or the family member), replacing any that marking them
    sent before wrote. ``None`` (not sent after all) takes those entries back.

    With a confirmed list, its lines say who got which copy (nobody on "No copy"; lines
    already sent by Send were logged then). Without one, the attendees, but never a
    person marked as not to receive information."""
    forget_automatic_entries(session, meeting.id, "minutes")
    if sent_on is None:
        return
    title = f"Minutes of {meeting.title}, {_day(meeting.held_on)}"
    listed = session.scalars(
        select(MeetingRecipient)
        .where(MeetingRecipient.meeting_id == meeting.id)
        .order_by(MeetingRecipient.position, MeetingRecipient.id)
    ).all()
    if listed:
        lines = [
            (r.name, r.agency, r.person_id, f" ({r.copy.label.lower()})")
            for r in listed
            if r.copy is not CopyKind.NONE and r.minutes_sent_on is None
        ]
    else:
        withheld = sum(1 for section in meeting.sections if section.restricted)
        marked = {
            p.id
            for p in session.scalars(
                select(Person).where(
                    Person.case_id == meeting.case_id, Person.no_information.is_(True)
                )
            )
        }
        lines = [
            (
                a.name,
                a.agency,
                a.person_id,
                f" (the agency's copy: {withheld} section{'s' if withheld != 1 else ''} withheld)"
                if " ".join(a.agency.split()) and withheld
                else "",
            )
            for a in meeting.attendees
            if a.person_id not in marked
        ]
    for name, agency_name, person_id, copy in lines:
        agency = " ".join(agency_name.split()) if person_id is None else ""
        log_in_session(
            session,
            meeting.case_id,
            what=title + copy,
            recipient=agency or name,
            recipient_kind=RecipientKind.AGENCY if agency else RecipientKind.PERSON,
            contact=name if agency else "",
            why="On the minutes' distribution list: part of the plan.",
            basis="" if agency else "A member of the family, on the distribution list",
            decided_on=sent_on,
            source="minutes",
            meeting_id=meeting.id,
        )


# -- revisits ---------------------------------------------------------------------------


def _revisits(rows: Iterable[tuple[Consent, str]], until: date) -> list[Revisit]:
    due: list[Revisit] = []
    for row, reference in rows:
        scope = row.agency or (
            row.purpose if row.purpose else "the agencies working with the family"
        )
        if (
            row.status in _NOT_AGREED
            and row.raise_again_on is not None
            and row.raise_again_on <= until
        ):
            due.append(
                Revisit(
                    row.case_id,
                    reference,
                    row.id,
                    row.person_name,
                    scope,
                    RevisitKind.ASK_AGAIN,
                    row.raise_again_on,
                )
            )
        if (
            row.status is ConsentStatus.GIVEN
            and row.review_on is not None
            and row.review_on <= until
        ):
            due.append(
                Revisit(
                    row.case_id,
                    reference,
                    row.id,
                    row.person_name,
                    scope,
                    RevisitKind.REVIEW,
                    row.review_on,
                )
            )
    return sorted(due, key=lambda r: (r.due_on, r.case_reference, r.person_name.casefold()))


def revisits_due(
    vault: Vault, case_id: int | None = None, today: date | None = None
) -> list[Revisit]:
    """Refusals to raise again and consents to review that fall due within a week, or
    are overdue, in open cases (one case with ``case_id``); soonest first."""
    until = (today or date.today()) + timedelta(days=REVISIT_WINDOW_DAYS)
    query = (
        select(Consent, Case.reference)
        .join(Case, Case.id == Consent.case_id)
        .where(Case.status == CaseStatus.OPEN)
        .where(
            ((Consent.raise_again_on.is_not(None)) & (Consent.raise_again_on <= until))
            | ((Consent.review_on.is_not(None)) & (Consent.review_on <= until))
        )
    )
    if case_id is not None:
        query = query.where(Consent.case_id == case_id)
    with vault.unit_of_work() as session:
        rows = [(row, reference) for row, reference in session.execute(query).all()]
        return _revisits(rows, until)


# -- the minutes' consent statement ------------------------------------------------------


def overrides_in_words(vault: Vault, case_id: int) -> list[str]:
    """Each decision to share without agreement on the case, for the minutes."""
    with vault.unit_of_work() as session:
        rows = session.execute(
            select(SharingOverride, Consent)
            .join(Consent, Consent.id == SharingOverride.consent_id)
            .where(Consent.case_id == case_id)
            .order_by(SharingOverride.decided_on, SharingOverride.id)
        ).all()
        return [
            f"Information about {consent.person_name} was shared with "
            f"{consent.agency or 'the agencies working with the family'} without their "
            f"agreement, because {override.grounds.label[0].lower()}{override.grounds.label[1:]}. "
            f"{override.approved_by} approved this on {_day(override.approved_on)}."
            for override, consent in rows
        ]


__all__ = [
    "EVERY_AGENCY",
    "ConsentDraft",
    "ConsentView",
    "LogDraft",
    "LogEntryView",
    "OverrideDraft",
    "OverrideView",
    "Revisit",
    "RevisitKind",
    "SharingCheck",
    "SharingOutcome",
    "add_log_entry",
    "case_consents",
    "chair_name",
    "get_consent",
    "log_in_session",
    "log_not_shared",
    "log_share",
    "overrides_in_words",
    "record_consent",
    "record_override",
    "revisits_due",
    "sharing_check",
    "sharing_log",
    "update_consent",
    "withdraw_consent",
]
