"""Who gets the papers of a finalised meeting, and sending them.

- ``distribution``: the list the chair set, or sensible defaults shown to confirm
  (professionals invited: the full copy; family members: their family copy, by hand; a
  person marked as not to receive information: none).
- ``save_distribution``: the chair's list, checked (nobody marked gets a copy, a family
  copy only for a family member, an address for secure email).
- ``send_paperwork``: one step that makes each recipient's PDF (optionally with a
  password), an e-mail draft for those sent by secure email, logs each in the sharing
  log, and marks the decision summary or minutes sent once everyone has theirs.
- ``log_copy``: one copy made by hand (the command line's ``--for``) in the sharing log.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tac_desktop.core.documents import PendingDocument
from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    Case,
    CopyKind,
    Delivery,
    Meeting,
    MeetingRecipient,
    MeetingStatus,
    Person,
    Professional,
    RecipientKind,
    ShareMethod,
)
from tac_desktop.core.practice.readers import Reader, ReaderKind
from tac_desktop.core.progress import Progress, Stopped
from tac_desktop.core.services import consent, copies
from tac_desktop.core.services.cases import case_in, check_open, valid_line, valid_name
from tac_desktop.core.services.meetings import Paperwork
from tac_desktop.core.vault import Vault, audit

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
            refused = copies.refusal_for(person) if person.no_information else ""
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
        copies.refusal_for(person) if person is not None and person.no_information else "",
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
        meeting = copies.meeting_in(session, meeting_id)
        rows = recipients_in(session, meeting)
        if rows:
            return DistributionList(meeting.id, tuple(_view(session, r) for r in rows), True)
        return DistributionList(meeting.id, tuple(_defaults(session, meeting)), False)


EMAIL_ADDRESS = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")


def _valid(session: Session, case: Case, draft: RecipientDraft, n: int) -> RecipientDraft:
    name = valid_name(draft.name, f"Recipient {n}'s name")
    people = {p.id: p for p in case.people}
    person = people.get(draft.person_id) if draft.person_id is not None else None
    if draft.person_id is not None and person is None:
        raise InvalidInput(f"{name} is no longer in this family's network.")
    if person is not None and person.no_information and draft.copy is not CopyKind.NONE:
        raise InvalidInput(copies.refusal_for(person) + " Set their copy to “No copy”.")
    if draft.copy is CopyKind.FAMILY and person is None:
        raise InvalidInput(
            f"A family copy is made for a member of the family's network, and {name} is "
            "not in it. Add them to the family network first (the case's Family network "
            "tab) to give them a family copy, or choose no copy."
        )
    if (
        draft.copy is CopyKind.FULL
        and person is None
        and draft.professional_id is None
        and not draft.agency.strip()
    ):
        raise InvalidInput(
            f"The full copy is for professionals, and {name} is not recorded as one (no "
            "agency). Give their agency, add them to the family network for a family "
            "copy, or choose no copy."
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
    if email and not EMAIL_ADDRESS.match(email):
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
        meeting = copies.meeting_in(session, meeting_id)
        case = check_open(case_in(session, meeting.case_id), "its meetings' distribution")
        if meeting.status is not MeetingStatus.FINALISED:
            raise InvalidInput(
                "Finalise the meeting first: the list says who gets the finalised papers."
            )
        valid = [_valid(session, case, d, n) for n, d in enumerate(drafts, start=1)]
        old = recipients_in(session, meeting)
        sent = {
            (r.person_id, r.professional_id, copies.fold(r.name)): (
                r.summary_sent_on,
                r.minutes_sent_on,
            )
            for r in old
        }
        for row in old:
            session.delete(row)
        session.flush()
        for position, d in enumerate(valid):
            summary_on, minutes_on = sent.get(
                (d.person_id, d.professional_id, copies.fold(d.name)), (None, None)
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


# -- sending -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentQuestion:
    """A recipient in an agency with no consent (or decision to share) to rely on: the
    chair decides before Send, as for any paper to an agency."""

    recipient_id: int
    name: str
    agency: str
    in_words: str  # what the register says


@dataclass(frozen=True)
class SentCopy:
    recipient_id: int
    name: str
    copy: CopyKind
    delivery: Delivery
    pdf: Path
    email_draft: Path | None  # the unsent e-mail with the PDF attached (secure email)
    left_out: int  # items this copy left out


_WHAT = {Paperwork.DECISION_SUMMARY: "decision-summary", Paperwork.MINUTES: "minutes"}
_HOW = {
    Delivery.SECURE_EMAIL: ShareMethod.SECURE_EMAIL,
    Delivery.POST: ShareMethod.POST,
    Delivery.BY_HAND: ShareMethod.BY_HAND,
}


def _sent_on(row: MeetingRecipient, what: Paperwork) -> date | None:
    return row.summary_sent_on if what is Paperwork.DECISION_SUMMARY else row.minutes_sent_on


def _pending(session: Session, meeting: Meeting, what: Paperwork) -> list[MeetingRecipient]:
    return [
        r
        for r in recipients_in(session, meeting)
        if r.copy is not CopyKind.NONE and _sent_on(r, what) is None
    ]


def _sendable(session: Session, meeting_id: int) -> Meeting:
    meeting = copies.meeting_in(session, meeting_id)
    check_open(case_in(session, meeting.case_id), "its meetings' papers")
    if meeting.status is not MeetingStatus.FINALISED:
        raise InvalidInput("Finalise the meeting first: what is sent is the finalised record.")
    if not recipients_in(session, meeting):
        raise InvalidInput(
            "Confirm the distribution list first: who gets which copy, and how. Nothing was sent."
        )
    return meeting


def consent_questions(vault: Vault, meeting_id: int, what: Paperwork) -> list[ConsentQuestion]:
    """Recipients in agencies still to be sent ``what`` with nothing recorded to rely on."""
    with vault.unit_of_work() as session:
        meeting = _sendable(session, meeting_id)
        out: list[ConsentQuestion] = []
        for row in _pending(session, meeting, what):
            if row.agency.strip() and row.person_id is None:
                check = consent.check_in(session, meeting.case_id, row.agency)
                if check.needs_asking:
                    out.append(ConsentQuestion(row.id, row.name, row.agency, check.in_words))
        return out


def _file_stem(reference: str, what: Paperwork, position: int, row: MeetingRecipient) -> str:
    """``TAC-2026-0102_minutes-03-family_2026-10-25``: never a person's name (files
    travel in e-mails and logs); an agency's name is not personal."""
    word = {CopyKind.FULL: "full", CopyKind.AGENCY: f"agency-{row.agency[:30]}"}.get(
        row.copy, "family"
    )
    from tac_desktop.core.documents import document_file_name

    return document_file_name(
        reference, f"{_WHAT[what]}-{position:02d}-{word}", date(2000, 1, 1)
    ).rsplit("_", 1)[0]


def _reader(row: MeetingRecipient) -> Reader:
    """Whose copy a line of the list asks for. A family copy for someone no longer in
    the network is refused: it must never fall back to another copy."""
    if row.copy is CopyKind.FAMILY:
        if row.person_id is None:
            raise InvalidInput(
                f"{row.name} is no longer in this family's network, so no family copy can "
                "be made for them. Set their line to “No copy” on the distribution list. "
                "Nothing was sent."
            )
        return Reader.family(row.person_id, row.name)
    if row.copy is CopyKind.AGENCY:
        return Reader.agency(row.agency)
    if row.copy is CopyKind.FULL and row.person_id is None:
        return Reader.full()
    raise InvalidInput(f"No copy can be made for {row.name}. Nothing was sent.")


def _email_draft(
    to: str, subject: str, body: str, attachment: bytes, attachment_name: str
) -> bytes:
    """An unsent e-mail (RFC 5322) with the PDF attached. ``X-Unsent: 1`` makes Outlook
    open it as a draft to send; Thunderbird and others open it to edit and send."""
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"
    message.set_content(body)
    message.add_attachment(
        attachment, maintype="application", subtype="pdf", filename=attachment_name
    )
    return bytes(message.as_bytes(policy=email_policy.SMTP))


def _email_body(what: Paperwork, held_on: date, reference: str, password: bool) -> str:
    words = "decision summary" if what is Paperwork.DECISION_SUMMARY else "minutes"
    lines = [
        "Hello,",
        "",
        f"Attached is your copy of the {words} of the meeting held on "
        f"{held_on.day} {held_on:%B %Y} (case {reference}).",
        "",
    ]
    if password:
        lines += [
            "The file is protected with a password, which will reach you separately. It "
            "is never sent with the file.",
            "",
        ]
    lines += [
        "It holds personal and sensitive information. Please keep it securely, do not "
        "pass it on, and delete this e-mail once the file is saved where your service "
        "keeps case records.",
        "",
        "With thanks",
    ]
    return "\n".join(lines)


class SendStopped(Stopped):
    """Send was stopped between two copies: ``sent`` were made, written and logged; the
    rest are still waiting on the list, and a later Send makes only those."""

    def __init__(self, sent: list[SentCopy], planned: int) -> None:
        self.sent = list(sent)
        made = len(self.sent)
        super().__init__(
            f"Sending was stopped after {made} of {planned} "
            f"cop{'y' if planned == 1 else 'ies'}. "
            + (
                "Those made are in the folder and in the sharing log; "
                if made
                else "Nothing was written; "
            )
            + "the others are still waiting on the list, and Send makes only those."
        )


def send_paperwork(
    vault: Vault,
    meeting_id: int,
    what: Paperwork,
    folder: Path | str,
    *,
    password: str = "",
    grounds: Mapping[int, str] | None = None,
    not_sending: Mapping[int, str] | None = None,
    on: date | None = None,
    progress: Progress | None = None,
    make: Callable[[PendingDocument], bytes] | None = None,
) -> list[SentCopy]:
    """Make the copy of ``what`` for everyone on the list still waiting for it.

    Each recipient's PDF is written into ``folder`` (with ``password``: AES-256), with an
    unsent e-mail beside it for those sent by secure email; each is logged in the
    sharing log (which copy, to whom, why, how, by whom) as it is written, so stopping
    halfway loses nothing. ``grounds``: for recipients in ``consent_questions``, what
    sharing rests on; ``not_sending``: recipients the chair decided not to send to, with
    the reason (logged, and their copy set to none). Once everyone on the list has
    theirs, ``what`` is marked sent.

    ``progress`` hears of each copy before it is made and may stop the sending there
    (``SendStopped``, holding the copies already made and logged); ``make`` makes each
    gathered copy's PDF (the window makes it on a worker thread; by default here)."""
    from tac_desktop.core import files
    from tac_desktop.core.documents import protect
    from tac_desktop.core.services.documents import (
        prepare_decision_summary,
        prepare_minutes,
    )

    grounds = dict(grounds or {})
    not_sending = dict(not_sending or {})
    day = on or date.today()
    target = Path(folder).expanduser()
    if not target.is_dir():
        raise InvalidInput(f"{target} is not a folder that can be written to. Nothing was sent.")
    with vault.unit_of_work() as session:
        meeting = _sendable(session, meeting_id)
        if day < meeting.held_on or day > date.today():
            raise InvalidInput("The date sent must be between the meeting and today.")
        reference = case_in(session, meeting.case_id).reference
        held_on, case_id = meeting.held_on, meeting.case_id
        positions = {r.id: n for n, r in enumerate(recipients_in(session, meeting), start=1)}
        pending = [
            (r.id, r.name, r.agency, r.copy, r.delivery, r.email)
            for r in _pending(session, meeting, what)
        ]
        unasked = [
            name
            for rid, name, agency, _copy, _delivery, _email in pending
            if agency.strip()
            and rid not in grounds
            and rid not in not_sending
            and consent.check_in(session, case_id, agency).needs_asking
        ]
    if unasked:
        raise InvalidInput(
            "Nothing is recorded about consent to share with the agencies of "
            + ", ".join(unasked)
            + ". Decide first: share on stated grounds, or do not send. Nothing was sent."
        )
    for rid, reason in not_sending.items():
        _record_not_sending(vault, meeting_id, rid, what, reason)
    # Every target name is checked before anything is written.
    plans = []
    for rid, name, agency, copy, delivery, email in pending:
        if rid in not_sending:
            continue
        with vault.unit_of_work() as session:
            row = session.get(MeetingRecipient, rid)
            assert row is not None
            stem = _file_stem(reference, what, positions[rid], row)
            reader = _reader(row)
        pdf_path = target / f"{stem}_{held_on.isoformat()}.pdf"
        eml_path = pdf_path.with_suffix(".eml") if delivery is Delivery.SECURE_EMAIL else None
        for path in (pdf_path, eml_path):
            if path is not None and path.exists():
                raise InvalidInput(
                    f"{path.name} is already in {target}. Choose an empty folder, or move "
                    "the earlier copies away. Nothing was sent."
                )
        plans.append((rid, name, agency, copy, delivery, email, reader, pdf_path, eml_path))

    sent: list[SentCopy] = []
    for number, plan in enumerate(plans, start=1):
        rid, name, _agency, copy, delivery, email, reader, pdf_path, eml_path = plan
        try:
            if progress is not None:
                progress.step(f"Making the copy for {name}", number - 1, len(plans))
            copy_of = (
                prepare_decision_summary(vault, meeting_id, reader)
                if what is Paperwork.DECISION_SUMMARY
                else prepare_minutes(vault, meeting_id, reader=reader)
            )
            made = make(copy_of) if make is not None else copy_of.make(None)
        except Stopped:
            raise SendStopped(sent, len(plans)) from None
        pdf = protect(made, password) if password else made
        detail = {"document": copy_of.title, "recipient": str(positions[rid])}
        files.save_file(
            vault, pdf_path, pdf, what="the PDF", audit_action="document saved", detail=detail
        )
        if eml_path is not None:
            subject = (
                f"{reference}: {what.label.lower()} of the meeting on {held_on.day} {held_on:%B %Y}"
            )
            draft = _email_draft(
                email,
                subject,
                _email_body(what, held_on, reference, bool(password)),
                pdf,
                pdf_path.name,
            )
            files.save_file(
                vault,
                eml_path,
                draft,
                what="the e-mail draft",
                audit_action="email draft saved",
                detail=detail,
            )
        left_out = _left_out(vault, meeting_id, reader)
        with vault.unit_of_work() as session:
            row = session.get(MeetingRecipient, rid)
            if row is None:
                continue
            meeting = copies.meeting_in(session, meeting_id)
            _log_sent(session, meeting, row, what, grounds.get(rid, ""), day, left_out)
            if what is Paperwork.DECISION_SUMMARY:
                row.summary_sent_on = day
            else:
                row.minutes_sent_on = day
            session.flush()
            _mark_when_all_sent(session, meeting, what, day)
        sent.append(SentCopy(rid, name, copy, delivery, pdf_path, eml_path, left_out))
    if not plans:
        with vault.unit_of_work() as session:
            _mark_when_all_sent(session, copies.meeting_in(session, meeting_id), what, day)
    return sent


def _left_out(vault: Vault, meeting_id: int, reader: Reader) -> int:
    from tac_desktop.core.services.documents import minutes_content

    return minutes_content(vault, meeting_id, reader=reader).left_out


def _copy_words(row: MeetingRecipient, left_out: int) -> str:
    if row.copy is CopyKind.FULL:
        return "the full copy"
    if row.copy is CopyKind.AGENCY:
        return f"the agency's copy ({left_out} part{'s' if left_out != 1 else ''} withheld)"
    return f"a family copy ({left_out} item{'s' if left_out != 1 else ''} left out)"


def _log_sent(
    session: Session,
    meeting: Meeting,
    row: MeetingRecipient,
    what: Paperwork,
    basis: str,
    day: date,
    left_out: int,
) -> None:
    agency = " ".join(row.agency.split())
    family = row.person_id is not None
    consent.log_in_session(
        session,
        meeting.case_id,
        what=f"{what.label} of {meeting.title}, {meeting.held_on.day} "
        f"{meeting.held_on:%B %Y}: {_copy_words(row, left_out)}",
        recipient=row.name if family or not agency else agency,
        recipient_kind=RecipientKind.PERSON if family or not agency else RecipientKind.AGENCY,
        contact="" if family or not agency else row.name,
        why="On the meeting's distribution list: part of the plan.",
        how=_HOW[row.delivery],
        basis=basis.strip()
        or ("A member of the family: their own copy, on the distribution list" if family else ""),
        decided_on=day,
        source=f"send:{what.value}",  # "not sent after all" by hand never erases these
        meeting_id=meeting.id,
    )


def _record_not_sending(
    vault: Vault, meeting_id: int, recipient_id: int, what: Paperwork, reason: str
) -> None:
    why = reason.strip()
    if not why:
        raise InvalidInput("Say why it is not being sent: the sharing log keeps the reason.")
    with vault.unit_of_work() as session:
        meeting = copies.meeting_in(session, meeting_id)
        row = session.get(MeetingRecipient, recipient_id)
        if row is None or row.meeting_id != meeting.id:
            raise InvalidInput("That recipient is no longer on the list. Nothing was sent.")
        consent.log_in_session(
            session,
            meeting.case_id,
            what=f"{what.label} of {meeting.title}, {meeting.held_on.day} {meeting.held_on:%B %Y}",
            recipient=" ".join(row.agency.split()) or row.name,
            contact=row.name,
            why=why,
            shared=False,
            automatic=False,
            meeting_id=meeting.id,
        )
        row.copy = CopyKind.NONE


def _mark_when_all_sent(session: Session, meeting: Meeting, what: Paperwork, day: date) -> None:
    if _pending(session, meeting, what):
        return
    if what is Paperwork.DECISION_SUMMARY:
        meeting.decision_summary_sent_on = meeting.decision_summary_sent_on or day
    else:
        meeting.minutes_sent_on = meeting.minutes_sent_on or day


def log_copy(vault: Vault, meeting_id: int, reader: Reader, what: str, file_name: str) -> None:
    """One copy made for one reader outside the Send step (the command line's
    ``--for``, or saved or printed from "Show the copy for…"): logged in the sharing
    log under the recipient's name, and audited. ``file_name``: the file written, or
    "printed"."""
    with vault.unit_of_work() as session:
        meeting = copies.meeting_in(session, meeting_id)
        family = reader.kind is ReaderKind.FAMILY
        consent.log_in_session(
            session,
            meeting.case_id,
            what=f"{what} of {meeting.title}, {meeting.held_on.day} {meeting.held_on:%B %Y}"
            f" ({'a family copy' if family else 'the agency’s copy'})",
            recipient=reader.name,
            recipient_kind=RecipientKind.PERSON if family else RecipientKind.AGENCY,
            why="A copy made for them by hand (printed, or saved to send).",
            basis="A member of the family: their own copy" if family else "",
            source="copy_for_reader",
            meeting_id=meeting.id,
        )
        audit.record_event(
            session,
            "copy made for a reader",
            entity="meeting",
            detail={"meeting": meeting.id, "reader": reader.kind.value, "file": file_name},
        )
