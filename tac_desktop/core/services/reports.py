"""Absent professionals: report forms out, returned reports in, outcome summaries out.

- ``report_form_document``: the fillable PDF for one invited professional;
  ``report_form_word``: the same form as a Word document (.docx), the chair's choice.
  ``record_form_made`` notes in the audit log that a form left the vault, once it was
  saved or printed (not when it was only made and then cancelled or closed).
- ``read_report``: reads a returned form's field VALUES only (nothing in the PDF or
  Word file is rendered or run) and checks it belongs to a meeting of this vault and a
  professional invited to it. Stores nothing: the chair sees the ``ReportPreview``
  first. A Word form is read by ``documents/report_form_docx.read_word_form``, which
  checks it for zip bombs, macros, outside links and XML entities first.
- ``store_report``: keeps the PDF inside the vault, copies the text into the meeting's
  reports and sets that professional's attendance to "Sent a written report".
- ``outcome_summary_document`` / ``record_summary_sent``: after finalise, what one
  agency needs to know (decisions, next review, its own tasks), and a record that it went.

A report that arrives after the meeting was finalised is still kept (it is part of the
record and must not be lost), but the finalised minutes are not rewritten: the report is
added as a dated amendment and the attendance stays as it was recorded at the meeting.

Importing this module loads neither reportlab, pypdf nor python-docx; they load when
used.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import itertools
import json
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tac_desktop.core.documents import (
    Document,
    PendingDocument,
    document_file_name,
    render_watched,
)
from tac_desktop.core.documents.report_form import (
    AUTHOR_FIELDS,
    FORM_VERSION,
    ID_FIELD,
    ID_INFO_KEY,
    REPORT_FIELDS,
    SHARED_DATE_FIELD,
    SHARED_FIELD,
    SHARED_NOTE_FIELD,
    FormIdentifier,
    ReportFormContent,
    printed_labels,
    report_fields,
)
from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    Amendment,
    Attendance,
    AttendanceMode,
    Case,
    Chair,
    Meeting,
    MeetingStatus,
    ReceivedReport,
    ShareMethod,
)
from tac_desktop.core.practice import agenda
from tac_desktop.core.practice.readers import Reader, ReaderKind
from tac_desktop.core.progress import Progress
from tac_desktop.core.services import consent
from tac_desktop.core.vault import Vault, audit

MAX_REPORT_BYTES = 20 * 1024 * 1024  # a filled form is well under 1 MB
MAX_ANSWER_CHARS = 100_000  # per box: ~15,000 words
_FORM_KEY_LABEL = b"tac-desktop report form identifier v1"
_CHECK_CHARS = 24  # 96 bits of HMAC-SHA256

# Attendance a returned report replaces: it said nothing yet about how they took part,
# or that they could not come. Present, remote or represented stay as recorded.
_BECOMES_WRITTEN_REPORT = frozenset(
    {
        AttendanceMode.INVITED,
        AttendanceMode.APOLOGIES,
        AttendanceMode.DID_NOT_ATTEND,
        AttendanceMode.WRITTEN_REPORT,
    }
)


class ReportRefused(InvalidInput):
    """A returned file cannot be used; the message says why. Nothing was stored."""


class ReportLocked(ReportRefused):
    """The returned form needs a password to open (it was locked when it was sent, and
    comes back locked): ask for it and read the form again."""


class ReportAlreadyReceived(InvalidInput):
    """This professional's report for this meeting is already in the vault.
    ``same_file``: it is the very same file, so replacing it would change nothing."""

    def __init__(self, message: str, same_file: bool = False) -> None:
        super().__init__(message)
        self.same_file = same_file


# -- plain data -----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRecipient:
    """Someone on a meeting's invitation list who can be sent a report form."""

    attendance_id: int
    name: str
    role: str
    agency: str
    mode: AttendanceMode
    report_received: bool


@dataclass(frozen=True)
class ReportAnswer:
    key: str
    label: str
    text: str


@dataclass(frozen=True)
class ReportPreview:
    """What a returned form holds, for the chair to confirm before it is stored."""

    meeting_id: int
    case_reference: str
    meeting_title: str
    held_on: date
    meeting_finalised: bool
    attendance_id: int
    professional_id: int | None
    name: str  # as invited
    role: str
    agency: str
    answers: tuple[ReportAnswer, ...]  # the report's headings, only those filled in
    shared: str  # "Yes", "No" or "" (not answered)
    shared_on: str
    shared_note: str
    author_name: str
    author_role: str
    author_contact: str
    mode: AttendanceMode  # how they took part, as recorded now
    already_received: datetime | None  # an earlier return of this form
    sha256: str
    pdf: bytes = field(repr=False)
    existing_text: str = field(default="", repr=False)  # already written for them
    about: str = "child"  # the meeting's subject: a child, or an adult who is a parent
    # A flattened form (its boxes turned into printed text): the answers were read from
    # the page, so the chair checks them before keeping them.
    read_from_page: bool = False

    @property
    def will_set_written_report(self) -> bool:
        return not self.meeting_finalised and self.mode in _BECOMES_WRITTEN_REPORT

    def effect(self) -> str:
        """What storing it will do, in the chair's words."""
        flattened = (
            "The form came back flattened (its boxes turned into printed text), so its "
            "answers were read from the page: check each one before keeping it. "
            if self.read_from_page
            else ""
        )
        kept = (
            " What is already written for them in the meeting is kept, with the form's "
            "text added below it."
            if self.existing_text and not self.meeting_finalised
            else ""
        )
        return flattened + self._effect() + kept

    def _effect(self) -> str:
        if self.meeting_finalised:
            return (
                "This meeting has been finalised, so its record is not rewritten: the "
                "report will be kept in the vault and added to the minutes as a dated "
                "amendment. The attendance stays as it was recorded."
            )
        if self.will_set_written_report:
            return (
                f"The report will be added to the meeting's reports, and {self.name}'s "
                "attendance will be set to “Sent a written report”."
            )
        return (
            f"The report will be added to the meeting's reports. {self.name}'s attendance "
            f"stays “{self.mode.label}”."
        )

    def text(self) -> str:
        """The report as it is copied into the meeting."""
        parts = [f"{a.label}:\n{a.text}" for a in self.answers]
        shared = {"Yes": "Yes", "No": "No"}.get(self.shared, "Not answered")
        with_whom = (
            "the adult it is about" if self.about == "adult" else "the parents and the child"
        )
        sharing = f"Shared with {with_whom}: {shared}"
        if self.shared_on:
            sharing += f" ({self.shared_on})"
        if self.shared_note:
            sharing += f"\n{self.shared_note}"
        parts.append(sharing)
        signed = ", ".join(
            t for t in (self.author_name, self.author_role, self.author_contact) if t
        )
        if signed:
            parts.append(f"Written by: {signed}")
        return "\n\n".join(parts)


@dataclass(frozen=True)
class ReceivedReportView:
    id: int
    meeting_id: int
    attendance_id: int | None
    name: str
    agency: str
    received_at: datetime
    after_finalise: bool
    replaced_at: datetime | None
    answers: dict[str, str]
    size: int
    word: bool = False  # returned as a Word document (.docx), not a PDF


# -- the identifier -------------------------------------------------------------------


def _check(vault: Vault, identifier: FormIdentifier, meeting_created: datetime) -> str:
    """The HMAC only this vault can make. The meeting's creation time is covered too,
    so a meeting number reused after a deletion does not accept old forms."""
    key = hmac.new(vault.data_key, _FORM_KEY_LABEL, hashlib.sha256).digest()
    message = f"{identifier.payload()};made={meeting_created.isoformat()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:_CHECK_CHARS]


def _identifier(vault: Vault, meeting: Meeting, row: Attendance) -> FormIdentifier:
    draft = FormIdentifier(vault.vault_id, meeting.id, row.id, row.professional_id, "")
    return FormIdentifier(
        vault.vault_id,
        meeting.id,
        row.id,
        row.professional_id,
        _check(vault, draft, meeting.created_at),
    )


# -- forms out ------------------------------------------------------------------------


def report_form_recipients(vault: Vault, meeting_id: int) -> list[ReportRecipient]:
    """The professionals (not family members) invited to the meeting."""
    with vault.unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        current = _current_reports(session, meeting_id)
        return [
            ReportRecipient(a.id, a.name, a.role, a.agency, a.mode, a.id in current)
            for a in meeting.attendees
            if a.person_id is None
        ]


def find_recipient(vault: Vault, meeting_id: int, name: str | None) -> ReportRecipient:
    """The one professional a form is for: by name (case-insensitive), or the only one
    who has not said they will come. Ambiguity is refused with the names to choose from."""
    recipients = report_form_recipients(vault, meeting_id)
    if not recipients:
        raise InvalidInput("No professionals are invited to this meeting. Invite them first.")
    listed = "; ".join(r.name for r in recipients)
    if name is not None:
        wanted = _fold(name)
        found = [r for r in recipients if _fold(r.name) == wanted]
        if not found:
            raise InvalidInput(
                f"Nobody called {name.strip()} is invited to this meeting. Invited "
                f"professionals: {listed}."
            )
        if len(found) > 1:
            raise InvalidInput(
                f"More than one invited professional is called {name.strip()}; the chair "
                "should tell them apart in the meeting screen first."
            )
        return found[0]
    coming = {AttendanceMode.PRESENT, AttendanceMode.REMOTE, AttendanceMode.REPRESENTED}
    candidates = [r for r in recipients if r.mode not in coming]
    if len(candidates) == 1:
        return candidates[0]
    raise InvalidInput(
        f"Say which professional the form is for (invited: {listed}). Each form belongs "
        "to one person."
    )


_COMING = frozenset({AttendanceMode.PRESENT, AttendanceMode.REMOTE, AttendanceMode.REPRESENTED})


def coming_question(recipient: ReportRecipient) -> str | None:
    """The question to ask before making a form for someone recorded as coming (a form
    is for someone who cannot come); None when they are not."""
    if recipient.mode not in _COMING:
        return None
    return (
        f"{recipient.name} is recorded as “{recipient.mode.label}” at this meeting. A "
        "report form is for someone who cannot come. Make a form for them anyway?"
    )


def _form_content(vault: Vault, meeting_id: int, attendance_id: int) -> ReportFormContent:
    """What a report form for one invited professional prints and carries (the PDF and
    the Word form alike). Nothing is logged yet: the chair may still cancel; the audit
    entry is written when the form is saved or printed (``record_form_made``)."""
    from tac_desktop.core.documents.report_form import ReportFormContent

    with vault.unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        if meeting.status is MeetingStatus.FINALISED:
            raise InvalidInput(
                "This meeting has been finalised; a report form is for a meeting still to "
                "come. A late report can still be imported if one arrives."
            )
        row = next((a for a in meeting.attendees if a.id == attendance_id), None)
        if row is None:
            raise InvalidInput("That person is no longer on the meeting's invitation list.")
        if row.person_id is not None:
            raise InvalidInput(
                f"{row.name} is a member of the family; report forms are for professionals."
            )
        case = session.get(Case, meeting.case_id)
        assert case is not None
        identifier = _identifier(vault, meeting, row)
        subject = case.subject
        content = ReportFormContent(
            reference=case.reference,
            meeting_title=meeting.title,
            held_on=meeting.held_on,
            start_time=meeting.start_time,
            venue=meeting.venue,
            chair=meeting.chair_name,
            professional=row.name,
            role=row.role,
            agency=row.agency,
            identifier=identifier.text(),
            made_on=date.today(),
            subject=subject.display_name if subject is not None else "",
            about=meeting.about,
        )
    return content


def record_form_made(
    vault: Vault, meeting_id: int, attendance_id: int, kind: str, how: str
) -> None:
    """Note in the audit log that a report form of ``kind`` ("pdf" or "docx") left the
    vault: ``how`` is the file it was saved as, or "printed". Called only once it has:
    a form made and then cancelled, or previewed and closed, left nothing to note."""
    with vault.unit_of_work() as session:
        audit.record_event(
            session,
            "report form made",
            entity="meeting",
            detail={"meeting": meeting_id, "attendance": attendance_id, "kind": kind, "to": how},
        )


def _form_title(content: ReportFormContent) -> str:
    return (
        f"Report form for {content.professional}: {content.meeting_title}, "
        f"{content.held_on.day} {content.held_on:%B %Y}"
    )


def prepare_report_form(
    vault: Vault, meeting_id: int, attendance_id: int, alphabet: str = "mixed"
) -> PendingDocument:
    """The fillable PDF report form for one invited professional, gathered from the vault
    and ready to be made off its thread; its boxes set for ``alphabet`` (a key of
    ``report_form.ALPHABETS``: the letters they carry)."""
    from tac_desktop.core.documents.report_form import render_report_form

    content = _form_content(vault, meeting_id, attendance_id)
    return PendingDocument(
        title=_form_title(content),
        # The attendance number, never the name: file names travel in e-mails and logs.
        file_name=document_file_name(
            content.reference, f"report-form-{attendance_id}", content.held_on
        ),
        make=lambda progress: render_report_form(content, progress, alphabet),
    )


def report_form_document(
    vault: Vault, meeting_id: int, attendance_id: int, alphabet: str = "mixed"
) -> Document:
    """The fillable PDF report form for one invited professional."""
    return prepare_report_form(vault, meeting_id, attendance_id, alphabet).document()


@dataclass(frozen=True)
class WordForm:
    """A report form as a Word document: ``title`` for the screen, ``file_name`` to
    suggest (.docx), ``docx`` bytes."""

    title: str
    file_name: str
    docx: bytes = field(repr=False)


def prepare_word_form(vault: Vault, meeting_id: int, attendance_id: int) -> PendingDocument:
    """The report form as a Word document, gathered and ready to be made off the vault's
    thread (its ``file_name`` ends in .docx; ``word_form`` of what it makes is the
    ``WordForm``)."""
    from tac_desktop.core.documents.report_form_docx import render_report_form_docx

    content = _form_content(vault, meeting_id, attendance_id)
    name = document_file_name(content.reference, f"report-form-{attendance_id}", content.held_on)

    def make(progress: Progress | None) -> bytes:
        if progress is not None:
            progress.step("Writing the Word form", 1, 2)
        return render_report_form_docx(content)

    return PendingDocument(
        title=_form_title(content), file_name=name.removesuffix(".pdf") + ".docx", make=make
    )


def word_form(pending: PendingDocument, docx: bytes) -> WordForm:
    """The Word form ``pending`` made as ``docx``."""
    return WordForm(title=pending.title, file_name=pending.file_name, docx=docx)


def report_form_word(vault: Vault, meeting_id: int, attendance_id: int) -> WordForm:
    """The report form for one invited professional as a Word document (.docx): the
    same headings, facts and identifier as the PDF, for people who write in Word or in
    an alphabet a PDF form's boxes cannot show."""
    pending = prepare_word_form(vault, meeting_id, attendance_id)
    return word_form(pending, pending.make(None))


def save_word_form(vault: Vault, form: WordForm, path: Path | str, force: bool = False) -> Path:
    """Write a Word form to ``path`` (owner-readable only, in one step), noted in the
    audit log as any document that leaves the vault."""
    from tac_desktop.core import files

    return files.save_file(
        vault,
        path,
        form.docx,
        what="the Word document",
        audit_action="document saved",
        detail={"document": form.title},
        force=force,
    )


def is_word_file(data: bytes) -> bool:
    """A Word document (.docx, or a password-protected or old .doc): not a PDF."""
    return data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"))


# -- reports in -----------------------------------------------------------------------


def read_report(vault: Vault, pdf: bytes, password: str = "") -> ReportPreview:
    """What a returned form says, once it is known to be ours and for this vault.

    A form that only has an owner password (it opens without one) is read. A flattened
    form (its boxes turned into printed text by "flatten" in pdftk or Acrobat) whose
    identifier survives is read from its pages, each box's text under the heading above
    it; the preview says so (``read_from_page``) for the chair to check.

    Refuses, storing nothing, with a plain ``ReportRefused``: a file over 20 MB (checked
    before anything is parsed), anything that is not a PDF, a damaged or cut-short PDF,
    one that needs a password to open, a PDF that is not one of our report forms, one
    flattened or printed to PDF without its identifier (saying so, and what to ask for
    instead), a form from another vault, a form whose meeting was deleted, a form
    changed after it was sent, an empty form.

    ``password`` opens a form that was locked with one when it was sent (and so comes
    back locked).

    A returned Word form (.docx) is told apart by its first bytes and gets the same
    checks, plus its own refusals (``report_form_docx.read_word_form``): a password or
    the old .doc format, macros, links to outside files, a zip bomb, XML entities, and
    two copies of the identifier that disagree.
    """
    return check_returned(vault, read_returned(pdf, password))


@dataclass(frozen=True)
class ReturnedForm:
    """A returned file as read from its bytes, before the vault is asked about it: what
    ``read_returned`` found (no vault, so it may run off the vault's thread, a large or
    flattened form taking a while); ``check_returned`` then matches it to the vault."""

    data: bytes = field(repr=False)
    word: bool
    values: dict[str, Any] = field(repr=False)
    raw_id: object


def read_returned(pdf: bytes, password: str = "") -> ReturnedForm:
    """The first half of ``read_report``: the file's values read, nothing of the vault
    touched. Raises ``ReportRefused`` / ``ReportLocked`` as ``read_report`` does."""
    word = is_word_file(pdf[:8])
    if word:
        values, raw_id = _word_values(pdf)
        return ReturnedForm(pdf, True, values, raw_id)
    values = _field_values(pdf, password)
    return ReturnedForm(pdf, False, values, values.get(ID_FIELD) or values.get(ID_INFO_KEY) or "")


def check_returned(vault: Vault, returned: ReturnedForm) -> ReportPreview:
    """The second half of ``read_report``: the form matched to its meeting and
    professional in this vault (on the vault's thread), or refused."""
    pdf, word, values, raw_id = returned.data, returned.word, returned.values, returned.raw_id
    identifier = FormIdentifier.parse(raw_id) if isinstance(raw_id, str) else None
    found = values.get(_PAGE_ANSWERS)
    page = found if isinstance(found, _PageText) else None
    flattened = page is not None
    if identifier is None and page is not None and page.ours:
        raise ReportRefused(
            "This report form was flattened or printed to PDF: its boxes were turned into "
            "printed text and the part that ties it to its meeting was lost, so it cannot "
            "be imported. Ask the professional to send the form file itself, saved after "
            "typing (File, then Save), not printed to PDF or flattened; or type or paste "
            "their report into the meeting. Nothing was imported."
        )
    if identifier is None:
        raise ReportRefused(
            f"This {'Word document' if word else 'PDF'} is not a TAC Desktop report form, "
            "so nothing was imported. If it is a report written another way, the chair "
            "can type or paste it into the meeting."
        )
    if identifier.version > FORM_VERSION:
        raise ReportRefused(
            "This report form was made by a newer version of TAC Desktop. Update the "
            "program, then import it again. Nothing was imported."
        )
    if identifier.vault_id != vault.vault_id:
        raise ReportRefused(
            "This report form was made by another TAC Desktop vault, not this one, so "
            "nothing was imported. Send it to the chair who sent the form."
        )
    with vault.unit_of_work() as session:
        meeting = session.get(Meeting, identifier.meeting_id)
        if meeting is None:
            raise ReportRefused(
                "The meeting this report form was made for is no longer in this vault "
                "(it may have been deleted), so nothing was imported."
            )
        expected = _check(vault, identifier, meeting.created_at)
        if not hmac.compare_digest(expected, identifier.check):
            raise ReportRefused(_CHANGED)
        row = next((a for a in meeting.attendees if a.id == identifier.attendance_id), None)
        if row is None and identifier.professional_id is not None:
            # Removed and invited again: the same professional, a new attendance row.
            row = next(
                (a for a in meeting.attendees if a.professional_id == identifier.professional_id),
                None,
            )
        if row is None:
            raise ReportRefused(
                "The professional this form was made for is no longer invited to the "
                "meeting. Invite them again, then import the report. Nothing was imported."
            )
        case = session.get(Case, meeting.case_id)
        assert case is not None
        if page is not None:
            values = {**values, **page.answers(meeting.about)}
        answers = tuple(
            ReportAnswer(f.key, f.label, text)
            for f in report_fields(meeting.about)
            if (text := _answer(values, f.key, f.label))
        )
        shared = {"/Yes": "Yes", "/No": "No"}.get(str(values.get(SHARED_FIELD, "")), "")
        preview = ReportPreview(
            meeting_id=meeting.id,
            case_reference=case.reference,
            meeting_title=meeting.title,
            held_on=meeting.held_on,
            meeting_finalised=meeting.status is MeetingStatus.FINALISED,
            attendance_id=row.id,
            professional_id=row.professional_id,
            name=row.name,
            role=row.role,
            agency=row.agency,
            answers=answers,
            shared=shared,
            shared_on=_line(_answer(values, SHARED_DATE_FIELD.key, SHARED_DATE_FIELD.label)),
            shared_note=_answer(values, SHARED_NOTE_FIELD.key, SHARED_NOTE_FIELD.label),
            author_name=_line(_answer(values, AUTHOR_FIELDS[0].key, AUTHOR_FIELDS[0].label)),
            author_role=_line(_answer(values, AUTHOR_FIELDS[1].key, AUTHOR_FIELDS[1].label)),
            author_contact=_line(_answer(values, AUTHOR_FIELDS[2].key, AUTHOR_FIELDS[2].label)),
            mode=row.mode,
            already_received=_current_reports(session, meeting.id).get(row.id),
            sha256=hashlib.sha256(pdf).hexdigest(),
            pdf=bytes(pdf),
            existing_text=row.report_text,
            about=meeting.about,
            read_from_page=flattened,
        )
    if not preview.answers and flattened:
        raise ReportRefused(
            f"The report form from {preview.name} was flattened (its boxes were turned "
            "into printed text) and no answers could be read from its pages. Nothing was "
            "imported; ask them to send the form file itself, saved after typing (File, "
            "then Save), not printed to PDF or flattened."
        )
    if not preview.answers:
        raise ReportRefused(
            f"The report form from {preview.name} came back with none of the report's "
            "boxes filled in (it may be the blank form, or the answers were not saved). "
            "Nothing was imported; ask them to save the file after typing and send it again."
        )
    return preview


def read_report_file(vault: Vault, path: Path | str, password: str = "") -> ReportPreview:
    """``read_report`` on a file: its size is checked before a byte is read, so a huge
    file (or a device, or a folder) costs nothing and gets a plain message."""
    return check_returned(vault, read_returned_file(path, password))


def read_returned_file(path: Path | str, password: str = "") -> ReturnedForm:
    """``read_returned`` on a file, checked as ``read_report_file`` checks it (no vault:
    it may run on the background runner)."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ReportRefused(
                f"{path.name} is a folder; choose the returned file itself. Nothing was imported."
            )
        if path.exists() and not path.is_file():  # a named pipe or a device: never ends
            raise ReportRefused(
                f"{path.name} is not an ordinary file; choose the returned file itself. "
                "Nothing was imported."
            )
        refuse_by_name(path)
        refuse_oversized(path.stat().st_size)
        with path.open("rb") as stream:
            pdf = stream.read(MAX_REPORT_BYTES + 1)
    except FileNotFoundError:
        raise ReportRefused(
            f"The file {path.name} is no longer there (it may have been moved or deleted). "
            "Nothing was imported."
        ) from None
    except OSError as error:
        raise ReportRefused(
            f"{path.name} could not be read ({error.strerror or type(error).__name__}). "
            "Nothing was imported."
        ) from None
    return read_returned(pdf, password)


REPORT_SUFFIXES = (".pdf", ".docx")


def refuse_by_name(path: Path) -> None:
    """Refuse, from its name alone, a Word file with macros or in the old format."""
    suffix = path.suffix.lower()
    if suffix in (".docm", ".dotm"):
        raise ReportRefused(
            f"{path.name} is a Word document with macros (.docm). A report form has none, "
            "and macros can run programs, so it was not opened. Ask for it to be saved as "
            "an ordinary Word document (.docx). Nothing was imported."
        )
    if suffix == ".doc":
        raise ReportRefused(
            f"{path.name} is in the old Word format (.doc). Ask for it to be saved as a "
            "Word document (.docx) and sent again. Nothing was imported."
        )


def refuse_oversized(size: int) -> None:
    """Refuse a returned file over ``MAX_REPORT_BYTES`` (before anything is read)."""
    if size > MAX_REPORT_BYTES:
        raise ReportRefused(
            f"The file is {size / 1_048_576:.0f} MB; a returned report form is far "
            f"smaller (the limit is {MAX_REPORT_BYTES // 1_048_576} MB). It is not one "
            "of our forms, so nothing was imported."
        )


def store_report(vault: Vault, preview: ReportPreview, replace: bool = False) -> int:
    """Keep a confirmed report; returns the stored report's id.

    A second return of the same form needs ``replace=True``: the earlier one is marked
    replaced, not deleted, so both stay in the vault and in the audit log.
    """
    with vault.unit_of_work() as session:
        meeting = session.get(Meeting, preview.meeting_id)
        if meeting is None:
            raise ReportRefused(
                "The meeting this report is for is no longer in this vault. Nothing was stored."
            )
        row = session.get(Attendance, preview.attendance_id)
        if row is None or row.meeting_id != meeting.id:
            raise ReportRefused(
                f"{preview.name} is no longer invited to this meeting. Nothing was stored."
            )
        earlier = session.scalars(
            select(ReceivedReport).where(
                ReceivedReport.meeting_id == meeting.id,
                ReceivedReport.attendance_id == row.id,
                ReceivedReport.replaced_at.is_(None),
            )
        ).first()
        if earlier is not None:
            when = f"{earlier.received_at:%d %B %Y at %H:%M} (UTC)"
            if earlier.file_sha256 == preview.sha256:
                raise ReportAlreadyReceived(
                    f"This same file from {preview.name} was already imported on {when}. "
                    "Nothing was changed.",
                    same_file=True,
                )
            if not replace:
                raise ReportAlreadyReceived(
                    f"A report from {preview.name} for this meeting was already imported on "
                    f"{when}. Importing this one replaces it (both are kept in the "
                    "record); confirm that to go ahead. Nothing was changed."
                )
        now = datetime.now(UTC)
        finalised = meeting.status is MeetingStatus.FINALISED
        if earlier is not None:
            earlier.replaced_at = now
        report = ReceivedReport(
            meeting_id=meeting.id,
            attendance_id=row.id,
            professional_id=row.professional_id,
            author_name=row.name,
            agency=row.agency,
            received_at=now,
            file_sha256=preview.sha256,
            pdf=preview.pdf,
            answers=json.dumps(_answers_json(preview), ensure_ascii=False, sort_keys=True),
            after_finalise=finalised,
        )
        session.add(report)
        text = preview.text()
        if finalised:
            chair = session.scalars(select(Chair).order_by(Chair.id)).first()
            section = next(
                (s.key for s in meeting.sections if agenda.Part.REPORTS_RECEIVED.value in s.parts),
                "",
            )
            again = " It replaces the report imported earlier." if earlier is not None else ""
            meeting.amendments.append(
                Amendment(
                    made_at=now,
                    author=chair.name if chair else "",
                    section_key=section,
                    text=f"Written report from {row.name}"
                    f"{f' ({row.agency})' if row.agency else ''}:\n\n{text}",
                    reason="The report arrived after the meeting was finalised." + again,
                )
            )
        else:
            row.report_text = _merged_report_text(row.report_text, text, earlier)
            if row.mode in _BECOMES_WRITTEN_REPORT:
                row.mode = AttendanceMode.WRITTEN_REPORT
        session.flush()
        audit.record_event(
            session,
            "report replaced" if earlier is not None else "report imported",
            entity="meeting",
            detail={
                "meeting": meeting.id,
                "attendance": row.id,
                "report": report.id,
                "replaces": earlier.id if earlier is not None else None,
                "after_finalise": finalised,
                "sha256": preview.sha256,
            },
        )
        return report.id


def received_reports(vault: Vault, meeting_id: int) -> list[ReceivedReportView]:
    """Every report returned for a meeting, replaced ones too, oldest first."""
    with vault.unit_of_work() as session:
        rows = session.scalars(
            select(ReceivedReport)
            .where(ReceivedReport.meeting_id == meeting_id)
            .order_by(ReceivedReport.received_at, ReceivedReport.id)
        ).all()
        return [
            ReceivedReportView(
                r.id,
                r.meeting_id,
                r.attendance_id,
                r.author_name,
                r.agency,
                r.received_at,
                r.after_finalise,
                r.replaced_at,
                json.loads(r.answers),
                len(r.pdf),
                is_word_file(bytes(r.pdf[:8])),
            )
            for r in rows
        ]


def received_report_pdf(vault: Vault, report_id: int) -> bytes:
    """The returned PDF exactly as it arrived (to show or save)."""
    with vault.unit_of_work() as session:
        row = session.get(ReceivedReport, report_id)
        if row is None:
            raise InvalidInput("That report is no longer in the vault.")
        return bytes(row.pdf)


def save_returned_file(vault: Vault, report_id: int, path: Path | str, force: bool = False) -> Path:
    """Write a returned form (PDF or Word) exactly as it arrived to ``path``
    (owner-readable only, in one step), noted in the audit log."""
    from tac_desktop.core import files

    data = received_report_pdf(vault, report_id)
    return files.save_file(
        vault,
        path,
        data,
        what="the Word document" if is_word_file(data[:8]) else "the PDF",
        audit_action="document saved",
        detail={"document": f"returned report {report_id}"},
        force=force,
    )


# -- outcome summaries ----------------------------------------------------------------


def outcome_summary_document(
    vault: Vault,
    meeting_id: int,
    agency_name: str | None = None,
    reader: Reader | None = None,
) -> Document:
    """An agency's or family member's outcome summary (see ``prepare_outcome_summary``)."""
    return prepare_outcome_summary(vault, meeting_id, agency_name, reader).document()


def prepare_outcome_summary(
    vault: Vault,
    meeting_id: int,
    agency_name: str | None = None,
    reader: Reader | None = None,
) -> PendingDocument:
    """After finalise, the summary for one agency: the decisions, the next review and
    that agency's own tasks. Nothing about other agencies' work, the family's notes,
    Think Family answers, scores or reports (need-to-know).

    ``reader``: an agency (as ``agency_name``) or a family member, whose summary holds
    what their family copy may hold: the decisions and the actions for them or by them."""
    from tac_desktop.core.documents.outcome_summary import (
        OutcomeSummaryContent,
        OutcomeSummaryRenderer,
    )
    from tac_desktop.core.services.documents import minutes_content

    if reader is not None and reader.kind is ReaderKind.AGENCY:
        agency_name, reader = reader.name, None
    family = reader is not None and reader.kind is ReaderKind.FAMILY
    if not family and agency_name is None:
        raise InvalidInput("Say which agency or family member the summary is for.")
    content = minutes_content(vault, meeting_id, reader=reader if family else None)
    if content.draft:
        raise InvalidInput(
            "This meeting has not been finalised yet. An agency's summary goes out once "
            "the decisions are agreed and the meeting is finalised."
        )
    if family:
        assert reader is not None
        name = reader.name
        actions = tuple(
            a
            for group in content.action_plan
            for a in group.actions
            if reader.person_id in a.people
        )
    else:
        name = _agency_of(content, agency_name or "")
        actions = next(
            (g.actions for g in content.action_plan if _fold(g.agency) == _fold(name)), ()
        )
    summary = OutcomeSummaryContent(
        reference=content.reference,
        meeting_title=content.meeting_title,
        held_on=content.held_on,
        chair=content.chair,
        subject="" if family else content.subject,
        about=content.about,
        agency=name,
        decisions=content.decisions,
        actions=actions,
        next_review_on=content.next_review_on,
        finalised_on=content.finalised_on,
        family=family,
    )
    return PendingDocument(
        title=f"Outcome summary for {name}{' (family copy)' if family else ''}: "
        f"{content.meeting_title}, {content.held_on.day} {content.held_on:%B %Y}",
        file_name=document_file_name(
            content.reference,
            "summary-family-copy" if family else f"summary-{_file_word(name)}",
            content.held_on,
        ),
        make=lambda progress: render_watched(
            OutcomeSummaryRenderer(summary), progress, "The outcome summary"
        ),
    )


def summary_agencies(vault: Vault, meeting_id: int) -> list[str]:
    """The agencies a summary can be made for: those invited or holding tasks."""
    from tac_desktop.core.services.documents import minutes_content

    return _agencies(minutes_content(vault, meeting_id))


def record_summary_sent(
    vault: Vault,
    meeting_id: int,
    agency_name: str,
    file_name: str = "",
    how: str = "",
    basis: str = "",
    method: ShareMethod | None = None,
) -> None:
    """Note that the summary went to an agency: an entry in the case's sharing log (on
    ``basis``, the grounds the chair gave, or else what the consent register said for
    that agency then) and in the case's history."""
    with vault.unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        consent.log_in_session(
            session,
            meeting.case_id,
            what=f"Outcome summary of {meeting.title}, {meeting.held_on.day} "
            f"{meeting.held_on:%B %Y}",
            recipient=" ".join(agency_name.split()),
            why="So the agency knows the decisions, the next review and its own tasks.",
            how=method,
            basis=basis.strip(),
            source="outcome_summary",
            meeting_id=meeting.id,
        )
        audit.record_event(
            session,
            f"summary sent to {agency_name.strip()}",
            entity="case",
            detail={
                "case": meeting.case_id,
                "meeting": meeting.id,
                "agency": agency_name.strip(),
                "file": file_name,
                "how": how,
            },
        )


# -- helpers --------------------------------------------------------------------------


def _meeting(session: Any, meeting_id: int) -> Meeting:
    meeting: Meeting | None = session.get(Meeting, meeting_id)
    if meeting is None:
        raise InvalidInput("That meeting is no longer in the vault.")
    return meeting


def _current_reports(session: Any, meeting_id: int) -> dict[int, datetime]:
    rows = session.execute(
        select(ReceivedReport.attendance_id, ReceivedReport.received_at).where(
            ReceivedReport.meeting_id == meeting_id, ReceivedReport.replaced_at.is_(None)
        )
    ).all()
    return {attendance: at for attendance, at in rows if attendance is not None}


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _file_word(agency: str) -> str:
    return agency[:40] or "agency"


def _agencies(content: Any) -> list[str]:
    names: dict[str, str] = {}
    for a in content.attendees:
        if a.agency.strip():
            names.setdefault(_fold(a.agency), a.agency.strip())
    for group in content.action_plan:
        if group.agency != "Family and others":
            names.setdefault(_fold(group.agency), group.agency)
    return sorted(names.values(), key=str.casefold)


def _agency_of(content: Any, agency_name: str) -> str:
    agencies = _agencies(content)
    wanted = _fold(agency_name)
    found = next((a for a in agencies if _fold(a) == wanted), None)
    if found is None:
        listed = "; ".join(agencies) or "none"
        raise InvalidInput(
            f"No agency called {agency_name.strip() or '(empty)'} was invited to this "
            f"meeting or holds tasks from it. Agencies on this meeting: {listed}."
        )
    return found


def _clean(text: str) -> str:
    """A typed value as plain text: line breaks made "\\n", control characters, lone
    surrogates and NULs dropped (they cannot be stored and no one typed them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs")
    ).strip()


def _line(text: str) -> str:
    return " ".join(text.split())[:200]


def _answer(values: dict[str, Any], key: str, label: str) -> str:
    value = values.get(key)
    if not isinstance(value, str):
        return ""
    text = _clean(value)
    if len(text) > MAX_ANSWER_CHARS:
        raise ReportRefused(
            f"The box “{label}” holds {len(text):,} characters, more than a report "
            f"form can take ({MAX_ANSWER_CHARS:,}). Nothing was imported; ask for a "
            "shorter report or attach the long one another way."
        )
    return text


def _answers_json(preview: ReportPreview) -> dict[str, str]:
    out = {a.key: a.text for a in preview.answers}
    out.update(
        {
            SHARED_FIELD: preview.shared,
            SHARED_DATE_FIELD.key: preview.shared_on,
            SHARED_NOTE_FIELD.key: preview.shared_note,
            AUTHOR_FIELDS[0].key: preview.author_name,
            AUTHOR_FIELDS[1].key: preview.author_role,
            AUTHOR_FIELDS[2].key: preview.author_contact,
        }
    )
    return {k: v for k, v in out.items() if v}


_DAMAGED = (
    "The PDF is damaged or was not received whole (it may have been cut short in the "
    "e-mail). Nothing was imported; ask for it to be sent again."
)


_CHANGED = (
    "This report form does not match the meeting it names: it may have been changed "
    "after it was sent, or made for a meeting that has since been deleted. Nothing was "
    "imported."
)


def _word_values(data: bytes) -> tuple[dict[str, Any], str]:
    """A returned Word form's answers by field key, and its identifier ("" if none).
    Refused when its copies of the identifier disagree (one was changed)."""
    from tac_desktop.core.documents.report_form_docx import WordFormProblem, read_word_form

    refuse_oversized(len(data))  # before any parsing
    try:
        found = read_word_form(data)
    except WordFormProblem as problem:
        raise ReportRefused(str(problem)) from None
    if len(found.identifiers) > 1:
        raise ReportRefused(_CHANGED)
    return dict(found.values), (found.identifiers[0] if found.identifiers else "")


def _field_values(pdf: bytes, password: str = "") -> dict[str, Any]:
    """The form's field values (and our identifier from the document information),
    read without rendering or running anything in the file."""
    refuse_oversized(len(pdf))  # before any parsing: a huge file costs nothing
    # The PDF header may follow a little junk (some mail gateways add it); the spec
    # allows 1024 bytes.
    if b"%PDF-" not in pdf[:1024]:
        raise ReportRefused(
            "This file is not a PDF, so it cannot be a returned report form. Nothing was imported."
        )
    if b"%%EOF" not in pdf[-2048:]:
        raise ReportRefused(_DAMAGED)
    from pypdf import PdfReader, apply_configuration

    try:
        with apply_configuration(None, **_UNTRUSTED_LIMITS):
            return _read_values(PdfReader(io.BytesIO(pdf), strict=False), password)
    except ReportRefused:
        raise
    except RecursionError:
        raise ReportRefused(_DAMAGED) from None
    except Exception:  # an untrusted file: any failure of the parser means it is damaged
        raise ReportRefused(_DAMAGED) from None


# A filled form is small: a few pages of text. Limits far below pypdf's defaults, so a
# file built to expand enormously (a "zip bomb" hidden in its fields) is refused quickly
# instead of filling memory.
_UNTRUSTED_LIMITS: dict[str, int] = {
    "zlib_maximum_output_length": 4_000_000,
    "lzw_maximum_output_length": 4_000_000,
    "run_length_maximum_output_length": 4_000_000,
    "brotli_maximum_output_length": 4_000_000,
    "jbig2_maximum_output_length": 4_000_000,
    "array_based_stream_maximum_output_length": 4_000_000,
    "maximum_declared_stream_length": 20_000_000,
    "stream_decoding_work_maximum_length": 8_000_000,
    "image_maximum_buffer_size": 4_000_000,
    "form_fields_maximum_entries": 500,
    "form_fields_maximum_depth": 10,
    "xfa_decoding_work_maximum_length": 8_000_000,
}


def _read_values(reader: Any, password: str = "") -> dict[str, Any]:
    """Field values and our identifier; only values are read, nothing is drawn or run."""
    # A form with only an owner password (restrictions on printing or changing it) opens
    # without one: read it. Only a password needed to open it stops the import, unless
    # it is the one the form was locked with when it was sent.
    if (
        reader.is_encrypted
        and not reader.decrypt("")
        and not (password and reader.decrypt(password))
    ):
        raise ReportLocked(
            (
                "This PDF does not open with the password given, so its answers cannot be "
                "read. Check the password the form was locked with. Nothing was imported."
            )
            if password
            else (
                "This PDF is protected with a password, so its answers cannot be read. If "
                "you locked the form with a password when you sent it, import it with that "
                "password; otherwise ask for it to be sent again without one (secure e-mail "
                "protects it on the way). Nothing was imported."
            )
        )
    fields = reader.get_fields() or {}
    values: dict[str, Any] = {
        str(name): _plain(f.get("/V")) for name, f in fields.items() if isinstance(f, dict)
    }
    info = reader.metadata
    if info is not None and ID_INFO_KEY in info:
        values[ID_INFO_KEY] = _plain(info.get(ID_INFO_KEY))
    if not any(f.key in values for f in REPORT_FIELDS):
        # No boxes at all: flattened (or printed to PDF), or not one of our forms. What
        # was typed may still be on the pages, drawn where the boxes were.
        values[_PAGE_ANSWERS] = _page_text(reader)
    return values


_PAGE_ANSWERS = "\x00page answers"  # a key no PDF field can have


@dataclass
class _Line:
    page: int
    x: float
    y: float
    text: str


@dataclass
class _PageText:
    """A flattened form's pages: the printed headings (where the boxes were), and the
    text drawn inside each flattened box (a form object placed on the page)."""

    headings: list[_Line] = field(default_factory=list)
    typed: list[list[_Line]] = field(default_factory=list)  # one list per box drawn

    @property
    def ours(self) -> bool:
        """Enough of our headings to be one of our report forms."""
        return len({h.text for h in self.headings}) >= 3

    def answers(self, about: str) -> dict[str, str]:
        """Field key to text: each box's text goes to the heading just above it on its
        page; the Yes/No mark to the word beside it."""
        from tac_desktop.core.documents.report_form import shared_label

        keys = {f.label: f.key for f in report_fields(about)}
        keys.update(
            {f.label: f.key for f in (SHARED_DATE_FIELD, SHARED_NOTE_FIELD, *AUTHOR_FIELDS)}
        )
        headings = [h for h in self.headings if h.text in keys]
        choices = [h for h in self.headings if h.text in ("Yes", "No")]
        sharing = next((h for h in self.headings if h.text == shared_label(about)), None)
        out: dict[str, str] = {}
        for box in self.typed:
            text = _box_text(box)
            if not text:
                continue
            top = max(line.y for line in box)
            page = box[0].page
            if sharing is not None and text in ("●", "l", "✓", "✔", "X", "x") and choices:
                left = min(line.x for line in box)
                here = [c for c in choices if c.page == page]
                if here:
                    nearest = min(here, key=lambda c: abs(c.x - left) + abs(c.y - top))
                    out[SHARED_FIELD] = f"/{nearest.text}"
                continue
            above = [h for h in headings if h.page == page and h.y > top]
            if not above:
                continue
            heading = min(above, key=lambda h: h.y - top)
            key = keys[heading.text]
            out[key] = f"{out[key]}\n\n{text}" if key in out else text
        return out


def _box_text(box: list[_Line]) -> str:
    """The lines drawn in one flattened box, top to bottom; a wider gap is a blank line."""
    rows: list[_Line] = []
    for line in sorted(box, key=lambda item: (-round(item.y, 1), item.x)):
        if rows and abs(rows[-1].y - line.y) < 1:
            rows[-1] = _Line(line.page, rows[-1].x, rows[-1].y, rows[-1].text + line.text)
        else:
            rows.append(_Line(line.page, line.x, line.y, line.text))
    steps = [a.y - b.y for a, b in itertools.pairwise(rows) if a.y - b.y > 1]
    usual = min(steps) if steps else 0.0
    out: list[str] = []
    for number, row in enumerate(rows):
        if number and usual and rows[number - 1].y - row.y > usual * 1.5:
            out.append("")
        out.append(row.text.strip())
    return _clean("\n".join(out))


def _page_text(reader: Any) -> _PageText:
    """Where each piece of text is drawn: headings from the page itself, typed text
    from the form objects a flattening tool placed where the boxes were."""
    from tac_desktop.core.documents.report_form import SHARED_LABEL, SHARED_LABEL_ADULT

    labels = printed_labels() | {"Yes", "No", SHARED_LABEL, SHARED_LABEL_ADULT}
    found = _PageText()
    for number, page in enumerate(reader.pages, start=1):
        _PageVisitor(number, labels, found).read(page)
    return found


class _PageVisitor:
    """Follows one page's drawing: text inside a placed form object (``Do``) is one
    flattened box, at the place the object was put; other text is the page's own."""

    def __init__(self, number: int, labels: frozenset[str], found: _PageText) -> None:
        self.number, self.labels, self.found = number, labels, found
        self.depth = 0
        self.origin = (0.0, 0.0)
        self.box: list[_Line] = []

    def read(self, page: Any) -> None:
        page.extract_text(
            visitor_text=self.text,
            visitor_operand_before=self.before,
            visitor_operand_after=self.after,
        )

    def before(self, op: bytes, _args: Any, cm: Any, _tm: Any) -> None:
        if op == b"Do":
            if self.depth == 0:
                self.origin, self.box = (float(cm[4]), float(cm[5])), []
            self.depth += 1

    def after(self, op: bytes, _args: Any, _cm: Any, _tm: Any) -> None:
        if op == b"Do" and self.depth > 0:
            self.depth -= 1
            if self.depth == 0 and self.box:
                self.found.typed.append(self.box)

    def text(self, piece: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if not piece.strip():
            return
        x = float(tm[4]) * float(cm[0]) + float(tm[5]) * float(cm[2]) + float(cm[4])
        y = float(tm[4]) * float(cm[1]) + float(tm[5]) * float(cm[3]) + float(cm[5])
        if self.depth > 0:
            where = (self.number, self.origin[0] + x, self.origin[1] + y)
            self.box.append(_Line(*where, piece.rstrip("\n")))
        elif " ".join(piece.split()) in self.labels:
            self.found.headings.append(_Line(self.number, x, y, " ".join(piece.split())))


def _plain(value: Any) -> Any:
    """A field value as a str (text, or "/Name" for a choice), never a pypdf object."""
    if value is None:
        return None
    if isinstance(value, list):  # a multi-valued field: not ours, keep it readable
        return "\n".join(str(v) for v in value)
    return str(value)


__all__ = [
    "MAX_REPORT_BYTES",
    "ReceivedReportView",
    "ReportAlreadyReceived",
    "ReportAnswer",
    "ReportLocked",
    "ReportPreview",
    "ReportRecipient",
    "ReportRefused",
    "ReturnedForm",
    "WordForm",
    "check_returned",
    "coming_question",
    "find_recipient",
    "is_word_file",
    "outcome_summary_document",
    "read_report",
    "read_report_file",
    "read_returned",
    "read_returned_file",
    "received_report_pdf",
    "received_reports",
    "record_form_made",
    "record_summary_sent",
    "refuse_by_name",
    "refuse_oversized",
    "report_form_document",
    "report_form_recipients",
    "report_form_word",
    "save_returned_file",
    "save_word_form",
    "store_report",
    "summary_agencies",
]


_FROM_FORM = "From the returned report form:"


def _merged_report_text(existing: str, text: str, earlier: ReceivedReport | None) -> str:
    """The form's text, keeping anything the chair typed for that person before: a
    returned form adds to the record, it never silently rubs out what was written.
    A replacing form replaces only the earlier form's part."""
    kept = existing.strip()
    if earlier is not None and _FROM_FORM in kept:
        kept = kept.split(_FROM_FORM, 1)[0].strip()
    elif earlier is not None:
        kept = ""  # the earlier form's text alone: the new form replaces it
    return f"{kept}\n\n{_FROM_FORM}\n{text}" if kept else text
