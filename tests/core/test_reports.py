"""Report forms out to absent professionals, returned reports back in, and the outcome
summary for an absent agency.

Forms are filled by tools other than ours (pypdf, pdftk) as a professional's reader
would; only the field values come back. Every person named here is invented.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject
from sqlalchemy import func, select

from tac_desktop.core.documents import protect
from tac_desktop.core.documents.report_form import ID_FIELD, FormIdentifier
from tac_desktop.core.models import AttendanceMode, ReceivedReport
from tac_desktop.core.services import cases, meetings, reports
from tac_desktop.core.services.reports import (
    MAX_REPORT_BYTES,
    ReportAlreadyReceived,
    ReportRefused,
)
from tac_desktop.core.vault import KdfParams, Vault
from tests.conftest import CHAIR, PASSPHRASE
from tests.core.helpers import audit_rows, run_cli

POLISH = "Zofia źle śpi; mówi, że boi się wracać do domu. Łódź, żółć, gęś."
ARABIC = "قالت الأم إن الطفل ينام جيدا الآن"
CHINESE = "孩子说他在学校很开心"

PDFTK = shutil.which("pdftk")
needs_pdftk = pytest.mark.skipif(
    PDFTK is None and not os.environ.get("CI"),
    reason="pdftk is not installed (apt-get install pdftk-java); CI always runs it",
)


# -- helpers --------------------------------------------------------------------------


def _meetings(vault: Vault, reference: str) -> tuple[int, int]:
    """(finalised, draft) meeting ids of a demo case."""
    rows = meetings.list_meetings(vault, cases.find_case_id(vault, reference))
    final = next(m.id for m in rows if m.status.value == "finalised")
    draft = next(m.id for m in rows if m.status.value == "draft")
    return final, draft


def _recipient(vault: Vault, meeting_id: int, name: str) -> reports.ReportRecipient:
    return reports.find_recipient(vault, meeting_id, name)


def _form(vault: Vault, reference: str = "TAC-2026-0101", name: str = "Dr Samuel Osei") -> bytes:
    _final, draft = _meetings(vault, reference)
    who = _recipient(vault, draft, name)
    return reports.report_form_document(vault, draft, who.attendance_id).pdf


def fill_with_pypdf(pdf: bytes, values: Mapping[str, str]) -> bytes:
    """Fill as a script would, with pypdf: text values, and "/Yes"/"/No" for the radio."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        for ref in page.get("/Annots", []):
            widget = ref.get_object()
            parent = widget.get("/Parent")
            name = widget.get("/T") or (parent.get_object().get("/T") if parent else None)
            if name not in values:
                continue
            value = values[name]
            if value.startswith("/"):  # a radio kid: switch the one whose state matches
                states = [s for s in widget["/AP"]["/N"] if s != "/Off"]
                widget[NameObject("/AS")] = NameObject(value if value in states else "/Off")
                parent.get_object()[NameObject("/V")] = NameObject(value)
            else:
                widget[NameObject("/V")] = TextStringObject(value)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fill_with_pdftk(pdf: bytes, values: Mapping[str, str], tmp_path: Path) -> bytes:
    """Fill with pdftk from XFDF (UTF-8), the way form tools usually drive it."""
    assert PDFTK is not None
    source, data, filled = tmp_path / "form.pdf", tmp_path / "data.xfdf", tmp_path / "out.pdf"
    source.write_bytes(pdf)
    fields = "".join(
        f'<field name="{k}"><value>{_xml(v.lstrip("/"))}</value></field>' for k, v in values.items()
    )
    data.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<xfdf xmlns="http://ns.adobe.com/xfdf/" xml:space="preserve">'
        f"<fields>{fields}</fields></xfdf>",
        encoding="utf-8",
    )
    subprocess.run(
        [PDFTK, str(source), "fill_form", str(data), "output", str(filled)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return filled.read_bytes()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


REPORT = {
    "involvement": "Seen Tomasz four times at clinic since October.",
    "going_well": "Sleeping better; attending every appointment.",
    "worries_seen": "On 3 November he had a bruise on his left arm.",
    "worries_told": "His mother said the older boy pushed him.",
    "worries_opinion": "I think the bruise fits what I was told.",
    "child_views": "“I like it when Mum reads to me.”",
    "recommendations": "Keep the weekly clinic visits.",
    "safeguarding": "None beyond the above.",
    "shared_with_family": "/Yes",
    "shared_on": "10 November 2026",
    "author_name": "Dr Samuel Osei",
    "author_role": "Consultant psychiatrist, Riverside CAMHS",
    "author_contact": "s.osei@camhs.example.nhs.uk",
}


def pdftotext(pdf: bytes, tmp_path: Path, name: str = "doc.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    )
    return " ".join(result.stdout.split())


def _report_count(vault: Vault) -> int:
    with vault.unit_of_work() as session:
        return int(session.scalar(select(func.count()).select_from(ReceivedReport)) or 0)


# -- the form -------------------------------------------------------------------------


def test_form_prints_the_meeting_and_has_a_field_per_heading(
    demo_vault: Vault, tmp_path: Path
) -> None:
    pdf = _form(demo_vault)
    reader = PdfReader(io.BytesIO(pdf))
    fields = reader.get_fields() or {}
    for key in (
        "involvement",
        "going_well",
        "worries_seen",
        "worries_told",
        "worries_opinion",
        "child_views",
        "recommendations",
        "safeguarding",
        "shared_with_family",
        "shared_on",
        "author_name",
        "author_role",
        "author_contact",
    ):
        assert key in fields, key
    assert reader.trailer["/Root"]["/AcroForm"]["/NeedAppearances"] == True  # noqa: E712
    identifier = FormIdentifier.parse(str(fields[ID_FIELD]["/V"]))
    assert identifier is not None and identifier.vault_id == demo_vault.vault_id
    assert fields[ID_FIELD]["/Ff"] & 1  # read-only
    text = pdftotext(pdf, tmp_path)
    for printed in ("TAC-2026-0101", "Dr Samuel Osei", "Riverside CAMHS", "OFFICIAL-SENSITIVE"):
        assert printed in text
    assert "Page 1 of" in text
    # The identifier is never printed, only carried.
    assert "check=" not in text
    subprocess.run(["qpdf", "--check", str(tmp_path / "doc.pdf")], check=True, capture_output=True)


def test_no_form_for_a_family_member_or_an_ambiguous_request(demo_vault: Vault) -> None:
    _final, draft = _meetings(demo_vault, "TAC-2026-0101")
    with pytest.raises(reports.InvalidInput, match="Say which professional"):
        reports.find_recipient(demo_vault, draft, None)
    with pytest.raises(reports.InvalidInput, match="Nobody called Nobody Here"):
        reports.find_recipient(demo_vault, draft, "Nobody Here")
    family = next(a for a in meetings.get_meeting(demo_vault, draft).attendees if a.person_id)
    with pytest.raises(reports.InvalidInput, match="member of the family"):
        reports.report_form_document(demo_vault, draft, family.id)


# -- round trips ----------------------------------------------------------------------


def test_round_trip_filled_with_pypdf(demo_vault: Vault) -> None:
    _final, draft = _meetings(demo_vault, "TAC-2026-0101")
    filled = fill_with_pypdf(_form(demo_vault), REPORT)
    preview = reports.read_report(demo_vault, filled)
    assert preview.meeting_id == draft and preview.name == "Dr Samuel Osei"
    assert preview.shared == "Yes" and preview.shared_on == "10 November 2026"
    assert len(preview.answers) == 8
    assert preview.will_set_written_report
    before = audit_rows(demo_vault)
    reports.store_report(demo_vault, preview)
    view = meetings.get_meeting(demo_vault, draft)
    row = next(a for a in view.attendees if a.name == "Dr Samuel Osei")
    assert row.mode is AttendanceMode.WRITTEN_REPORT
    for value in REPORT.values():
        if not value.startswith("/"):
            assert value in row.report_text
    assert "Shared with the parents and the child: Yes (10 November 2026)" in row.report_text
    stored = reports.received_reports(demo_vault, draft)
    assert len(stored) == 1 and stored[0].answers["involvement"] == REPORT["involvement"]
    assert reports.received_report_pdf(demo_vault, stored[0].id) == filled
    actions = [r[1] for r in audit_rows(demo_vault)[len(before) :]]
    assert "report imported" in actions


@needs_pdftk
def test_round_trip_filled_with_pdftk_keeps_polish_arabic_and_chinese(
    demo_vault: Vault, tmp_path: Path
) -> None:
    _final, draft = _meetings(demo_vault, "TAC-2026-0101")
    values = dict(REPORT, worries_told=POLISH, child_views=ARABIC, going_well=CHINESE)
    values["shared_with_family"] = "/No"
    values["shared_note"] = "Not yet: the mother is in hospital."
    filled = fill_with_pdftk(_form(demo_vault), values, tmp_path)
    preview = reports.read_report(demo_vault, filled)
    assert {a.key: a.text for a in preview.answers}["child_views"] == ARABIC
    assert preview.shared == "No"
    reports.store_report(demo_vault, preview)
    row = next(
        a for a in meetings.get_meeting(demo_vault, draft).attendees if a.name == "Dr Samuel Osei"
    )
    for text in (POLISH, ARABIC, CHINESE, "Not yet: the mother is in hospital."):
        assert text in row.report_text


def test_non_latin_text_filled_with_pypdf_survives(demo_vault: Vault) -> None:
    filled = fill_with_pypdf(
        _form(demo_vault), {"involvement": POLISH, "child_views": ARABIC, "author_name": "Zoë"}
    )
    preview = reports.read_report(demo_vault, filled)
    answers = {a.key: a.text for a in preview.answers}
    assert answers == {"involvement": POLISH, "child_views": ARABIC}
    assert preview.author_name == "Zoë"


def test_a_second_return_needs_replace_and_both_are_kept(demo_vault: Vault) -> None:
    _final, draft = _meetings(demo_vault, "TAC-2026-0101")
    form = _form(demo_vault)
    first = fill_with_pypdf(form, {"involvement": "First version."})
    second = fill_with_pypdf(form, {"involvement": "Second version, corrected."})
    reports.store_report(demo_vault, reports.read_report(demo_vault, first))
    preview = reports.read_report(demo_vault, second)
    assert preview.already_received is not None
    with pytest.raises(ReportAlreadyReceived, match="already imported"):
        reports.store_report(demo_vault, preview)
    with pytest.raises(ReportAlreadyReceived, match="same file"):
        reports.store_report(demo_vault, reports.read_report(demo_vault, first), replace=True)
    reports.store_report(demo_vault, preview, replace=True)
    stored = reports.received_reports(demo_vault, draft)
    assert [s.answers["involvement"] for s in stored] == [
        "First version.",
        "Second version, corrected.",
    ]
    assert stored[0].replaced_at is not None and stored[1].replaced_at is None
    row = next(
        a for a in meetings.get_meeting(demo_vault, draft).attendees if a.name == "Dr Samuel Osei"
    )
    assert "Second version, corrected." in row.report_text
    assert "First version." not in row.report_text
    assert "report replaced" in [r[1] for r in audit_rows(demo_vault)]


def test_a_report_after_finalise_is_kept_as_an_amendment(demo_vault: Vault) -> None:
    """Form made before the meeting, returned after it was finalised: stored, and added
    as a dated amendment; the finalised attendance is not rewritten."""
    from tac_desktop.core.models import Meeting, MeetingStatus

    _final, draft = _meetings(demo_vault, "TAC-2026-0101")
    form = _form(demo_vault)
    with demo_vault.unit_of_work() as session:  # finalised by hand: the demo draft is unready
        meeting = session.get(Meeting, draft)
        assert meeting is not None
        meeting.status = MeetingStatus.FINALISED
    preview = reports.read_report(demo_vault, fill_with_pypdf(form, {"involvement": "Late news."}))
    assert preview.meeting_finalised and "amendment" in preview.effect()
    reports.store_report(demo_vault, preview)
    view = meetings.get_meeting(demo_vault, draft)
    assert "Late news." in view.amendments[-1].text
    assert view.amendments[-1].section_key == "reports"
    row = next(a for a in view.attendees if a.name == "Dr Samuel Osei")
    assert "Late news." not in row.report_text and row.mode is AttendanceMode.INVITED
    assert reports.received_reports(demo_vault, draft)[0].after_finalise
    with pytest.raises(reports.InvalidInput, match="finalised"):
        reports.report_form_document(demo_vault, draft, row.id)


# -- refusals -------------------------------------------------------------------------


def _refused(vault: Vault, pdf: bytes, match: str) -> None:
    before = (_report_count(vault), len(audit_rows(vault)))
    with pytest.raises(ReportRefused, match=match) as caught:
        reports.read_report(vault, pdf)
    assert "Traceback" not in str(caught.value)
    assert (_report_count(vault), len(audit_rows(vault))) == before


def test_refuses_what_is_not_a_pdf(demo_vault: Vault) -> None:
    _refused(demo_vault, b"Dear chair, here is my report.", "not a PDF")
    _refused(demo_vault, b"", "not a PDF")


def test_refuses_a_huge_file_before_reading_it(demo_vault: Vault) -> None:
    _refused(demo_vault, b"%PDF-1.7\n" + b"0" * MAX_REPORT_BYTES, "limit is 20 MB")


def test_refuses_a_damaged_or_cut_short_pdf(demo_vault: Vault) -> None:
    filled = fill_with_pypdf(_form(demo_vault), REPORT)
    _refused(demo_vault, filled[: len(filled) // 2], "damaged")
    garbage = filled[:200] + bytes(range(256)) * 40 + b"\n%%EOF\n"
    _refused(demo_vault, garbage, "damaged|not a TAC Desktop report form")


def test_refuses_an_encrypted_pdf(demo_vault: Vault) -> None:
    filled = fill_with_pypdf(_form(demo_vault), REPORT)
    _refused(demo_vault, protect(filled, "a password"), "password")


def test_a_form_sent_locked_comes_back_locked_and_opens_with_its_password(
    demo_vault: Vault,
) -> None:
    """A form saved with a password (`export report-form --password`) is filled in and
    saved by the professional's reader, still locked: its password opens it."""
    locked = protect(fill_with_pypdf(_form(demo_vault), REPORT), "the form's password")
    with pytest.raises(reports.ReportLocked, match="import it with that password"):
        reports.read_report(demo_vault, locked)
    with pytest.raises(reports.ReportLocked, match="does not open with the password given"):
        reports.read_report(demo_vault, locked, "another password")
    preview = reports.read_report(demo_vault, locked, "the form's password")
    assert preview.name == "Dr Samuel Osei"
    assert REPORT["involvement"] in preview.text()


def test_refuses_a_pdf_that_is_not_our_form(demo_vault: Vault) -> None:
    from tac_desktop.core.services import documents

    _final, draft = _meetings(demo_vault, "TAC-2026-0101")
    _refused(demo_vault, documents.minutes_document(demo_vault, draft).pdf, "not a TAC Desktop")


def test_refuses_a_form_from_another_vault(
    demo_vault: Vault, tmp_path: Path, fast_kdf: KdfParams
) -> None:
    from tac_desktop.core.demo import create_demo_vault

    with create_demo_vault(tmp_path / "other.tacvault", PASSPHRASE, fast_kdf) as other:
        foreign = fill_with_pypdf(_form(other), REPORT)
    _refused(demo_vault, foreign, "another TAC Desktop vault")


def test_refuses_a_form_changed_to_point_at_another_meeting(demo_vault: Vault) -> None:
    form = _form(demo_vault)
    fields = PdfReader(io.BytesIO(form)).get_fields() or {}
    identifier = FormIdentifier.parse(str(fields[ID_FIELD]["/V"]))
    assert identifier is not None
    final, _draft = _meetings(demo_vault, "TAC-2026-0101")
    forged = FormIdentifier(
        identifier.vault_id, final, identifier.attendance_id, None, identifier.check
    )
    filled = fill_with_pypdf(form, dict(REPORT, **{ID_FIELD: forged.text()}))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(filled)))
    writer.add_metadata({"/TACDesktopReportForm": forged.text()})
    out = io.BytesIO()
    writer.write(out)
    _refused(demo_vault, out.getvalue(), "does not match the meeting")


def test_refuses_a_form_for_a_deleted_meeting(demo_vault: Vault) -> None:
    from tac_desktop.core.models import Meeting

    _final, draft = _meetings(demo_vault, "TAC-2026-0101")
    filled = fill_with_pypdf(_form(demo_vault), REPORT)
    with demo_vault.unit_of_work() as session:
        meeting = session.get(Meeting, draft)
        assert meeting is not None
        session.delete(meeting)
    _refused(demo_vault, filled, "no longer in this vault")


def test_refuses_a_blank_form(demo_vault: Vault) -> None:
    _refused(demo_vault, _form(demo_vault), "none of the report's boxes")


def test_a_form_printed_to_pdf_is_refused_as_flattened_saying_what_to_ask_for(
    demo_vault: Vault,
) -> None:
    """A form 'printed to PDF' loses its boxes and its identifier. It used to be refused
    as "not a TAC Desktop report form"; it is one, flattened: said so, with what to ask
    for instead (issue 16)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(fill_with_pypdf(_form(demo_vault), REPORT))))
    del writer._root_object[NameObject("/AcroForm")]
    for page in writer.pages:
        if "/Annots" in page:
            del page[NameObject("/Annots")]
    writer.metadata = None  # type: ignore[assignment]
    out = io.BytesIO()
    writer.write(out)
    _refused(
        demo_vault,
        out.getvalue(),
        r"flattened or printed to PDF.*send the form file itself, saved after typing",
    )


def _flatten(pdf: bytes, tmp_path: Path, keep_identifier: bool = True) -> bytes:
    """What pdftk's "flatten" (and Acrobat's) does: each box's text drawn on the page
    where the box was, the boxes gone; the document information kept, or not."""
    assert PDFTK is not None
    source, flat = tmp_path / "to-flatten.pdf", tmp_path / "flattened.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [PDFTK, str(source), "output", str(flat), "flatten"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    if keep_identifier:
        return flat.read_bytes()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(flat.read_bytes())))
    writer.metadata = None  # type: ignore[assignment]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@needs_pdftk
def test_a_flattened_form_with_its_identifier_is_read_from_its_pages(
    demo_vault: Vault, tmp_path: Path
) -> None:
    _final, draft = _meetings(demo_vault, "TAC-2026-0101")
    values = dict(
        REPORT,
        worries_seen="On 3 November he had a bruise on his left arm.\nHe said he fell.\n\n"
        "Seen again on 10 November: healing well.",
        worries_told=POLISH,
    )
    flat = _flatten(fill_with_pdftk(_form(demo_vault), values, tmp_path), tmp_path)
    assert not PdfReader(io.BytesIO(flat)).get_fields()  # no boxes left
    preview = reports.read_report(demo_vault, flat)
    assert preview.read_from_page and "flattened" in preview.effect()
    assert "check each one" in preview.effect()
    answers = {a.key: a.text for a in preview.answers}
    for key in (
        "involvement",
        "going_well",
        "worries_seen",
        "worries_told",
        "worries_opinion",
        "child_views",
        "recommendations",
        "safeguarding",
    ):
        assert answers[key] == values[key], key  # each box under its own heading
    assert preview.shared == "Yes" and preview.shared_on == "10 November 2026"
    assert (preview.author_name, preview.author_contact) == (
        "Dr Samuel Osei",
        "s.osei@camhs.example.nhs.uk",
    )
    reports.store_report(demo_vault, preview)
    row = next(
        a for a in meetings.get_meeting(demo_vault, draft).attendees if a.name == "Dr Samuel Osei"
    )
    assert row.mode is AttendanceMode.WRITTEN_REPORT and POLISH in row.report_text


@needs_pdftk
def test_a_flattened_form_without_its_identifier_or_answers_is_refused_plainly(
    demo_vault: Vault, tmp_path: Path
) -> None:
    filled = fill_with_pdftk(_form(demo_vault), REPORT, tmp_path)
    _refused(
        demo_vault,
        _flatten(filled, tmp_path, keep_identifier=False),
        r"flattened or printed to PDF.*part that ties it to its meeting was lost",
    )
    _refused(
        demo_vault,
        _flatten(_form(demo_vault), tmp_path),
        r"Dr Samuel Osei was flattened.*no answers could be read.*not printed to PDF",
    )


def test_a_form_with_only_an_owner_password_imports(demo_vault: Vault) -> None:
    """An owner password (restrictions on changing or printing) does not stop anyone
    opening the file: it is read. A password needed to open it still is refused."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(fill_with_pypdf(_form(demo_vault), REPORT))))
    writer.encrypt(user_password="", owner_password="the sender's own", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    assert PdfReader(io.BytesIO(out.getvalue())).is_encrypted
    preview = reports.read_report(demo_vault, out.getvalue())
    assert len(preview.answers) == 8 and preview.shared == "Yes"
    reports.store_report(demo_vault, preview)


def test_the_form_names_who_the_meeting_is_about(demo_vault: Vault, tmp_path: Path) -> None:
    child = pdftotext(_form(demo_vault), tmp_path)
    assert "Your report for the meeting about Zoë Whitfield (Zo)" in child
    assert "About Zoë Whitfield (Zo) (the child the meeting is about)" in child
    assert "The child's views, as you heard them" in child
    # A review of a parent who uses adult services: the adult named, and its own words.
    adult = pdftotext(_form(demo_vault, "TAC-2026-0103", "Callum Fraser"), tmp_path, "adult.pdf")
    assert "About Ayşe Yılmaz (the adult the meeting is about)" in adult
    assert "The views of the adult and the children, as you heard them" in adult
    assert "the child" not in adult.replace("the children", "")
    filled = fill_with_pypdf(
        _form(demo_vault, "TAC-2026-0103", "Callum Fraser"),
        {"child_views": "Ayşe wants Emre to stay at his school.", "shared_with_family": "/Yes"},
    )
    preview = reports.read_report(demo_vault, filled)
    assert preview.answers[0].label == "The views of the adult and the children, as you heard them"
    assert "Shared with the adult it is about: Yes" in preview.text()


def test_a_form_for_someone_recorded_as_coming_asks_first(demo_vault: Vault) -> None:
    _final, draft = _meetings(demo_vault, "TAC-2026-0101")
    recipients = reports.report_form_recipients(demo_vault, draft)
    here = next(r for r in recipients if r.mode is AttendanceMode.PRESENT)
    question = reports.coming_question(here)
    assert question is not None
    assert f"{here.name} is recorded as “Present”" in question and "anyway?" in question
    away = next(r for r in recipients if r.mode is AttendanceMode.INVITED)
    assert reports.coming_question(away) is None


# -- outcome summary ------------------------------------------------------------------


def test_summary_holds_only_that_agencys_tasks(demo_vault: Vault, tmp_path: Path) -> None:
    from tac_desktop.core.services import documents

    final, _draft = _meetings(demo_vault, "TAC-2026-0101")
    plan = documents.minutes_content(demo_vault, final).action_plan
    agencies = {g.agency: g.actions for g in plan}
    assert len(agencies) >= 2
    for agency, actions in agencies.items():
        if agency == "Family and others":
            continue
        document = reports.outcome_summary_document(demo_vault, final, agency.upper())
        text = pdftotext(document.pdf, tmp_path, "summary.pdf")
        for action in actions:
            assert " ".join(action.description.split())[:60] in text
        for other, other_actions in agencies.items():
            if other == agency:
                continue
            for action in other_actions:
                assert " ".join(action.description.split())[:60] not in text, (agency, other)
        assert "OFFICIAL-SENSITIVE" in text and "Next review" in text
        assert "report" not in document.file_name or "summary" in document.file_name


def test_summary_refuses_a_draft_or_an_unknown_agency(demo_vault: Vault) -> None:
    final, draft = _meetings(demo_vault, "TAC-2026-0101")
    with pytest.raises(reports.InvalidInput, match="not been finalised"):
        reports.outcome_summary_document(demo_vault, draft, "Riverside CAMHS")
    with pytest.raises(reports.InvalidInput, match="Agencies on this meeting"):
        reports.outcome_summary_document(demo_vault, final, "Nowhere Agency")


def test_sending_a_summary_is_recorded(demo_vault: Vault) -> None:
    final, _draft = _meetings(demo_vault, "TAC-2026-0101")
    reports.record_summary_sent(demo_vault, final, "Riverside CAMHS", "x.pdf")
    assert "summary sent to Riverside CAMHS" in [r[1] for r in audit_rows(demo_vault)]


# -- command line ---------------------------------------------------------------------


@pytest.mark.slow
def test_cli_round_trip(tmp_path: Path, fast_kdf: KdfParams) -> None:
    from tac_desktop.core.demo import create_demo_vault

    path = tmp_path / "demo.tacvault"
    with create_demo_vault(path, PASSPHRASE, fast_kdf) as made:
        final, draft = _meetings(made, "TAC-2026-0101")
    form = tmp_path / "form.pdf"
    ambiguous = run_cli("export", "report-form", path, "TAC-2026-0101", draft, "-o", form)
    assert ambiguous.returncode == 1 and "Say which professional" in ambiguous.stderr
    assert not form.exists()
    made_form = run_cli(
        "export",
        "report-form",
        path,
        "TAC-2026-0101",
        draft,
        "--professional",
        "dr samuel osei",
        "-o",
        form,
    )
    assert made_form.returncode == 0, made_form.stderr
    filled = tmp_path / "filled.pdf"
    filled.write_bytes(fill_with_pypdf(form.read_bytes(), REPORT))
    unconfirmed = run_cli("import", "report", path, filled)
    assert unconfirmed.returncode == 1 and "--yes" in unconfirmed.stderr
    assert REPORT["involvement"] in unconfirmed.stdout
    done = run_cli("import", "report", path, filled, "--yes")
    assert done.returncode == 0, done.stderr
    again = run_cli("import", "report", path, filled, "--yes")
    assert again.returncode == 1 and "already imported" in again.stderr
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf at all")
    refused = run_cli("import", "report", path, junk, "--yes")
    assert refused.returncode == 1 and "not a PDF" in refused.stderr
    assert "Traceback" not in refused.stderr
    summary = tmp_path / "summary.pdf"
    sent = run_cli(
        "export", "summary", path, "TAC-2026-0101", final, "--agency", "Riverside CAMHS",
        "-o", summary,
    )  # fmt: skip
    assert sent.returncode == 0, sent.stderr
    assert summary.read_bytes().startswith(b"%PDF")
    with Vault.open(path, PASSPHRASE) as opened:
        row = next(
            a for a in meetings.get_meeting(opened, draft).attendees if a.name == "Dr Samuel Osei"
        )
        assert row.mode is AttendanceMode.WRITTEN_REPORT
        assert "summary sent to Riverside CAMHS" in [r[1] for r in audit_rows(opened)]
        # One form was written (the ambiguous command wrote none), and only it is logged.
        made_forms = [str(r[3]) for r in audit_rows(opened) if r[1] == "report form made"]
        assert len(made_forms) == 1 and '"form.pdf"' in made_forms[0]
    assert CHAIR  # the vault's chair made the forms


# -- the fields' font -----------------------------------------------------------------

TURKISH = "Şule'nin ağabeyi İpek'e ılık süt içirdi; Ğ Ü Ş İ Ö Ç."
GREEK_AND_MORE = "Ελένη είπε: “όλα καλά” – Ольга Петрова, £5 / €7, café."


def test_field_font_is_noto_sans_embedded_whole_and_named_by_every_field(
    demo_vault: Vault, tmp_path: Path
) -> None:
    from tac_desktop.core.documents.report_form import FIELD_FONT

    pdf = _form(demo_vault)
    reader = PdfReader(io.BytesIO(pdf))
    form = reader.trailer["/Root"]["/AcroForm"]
    font = form["/DR"]["/Font"][f"/{FIELD_FONT}"].get_object()
    assert font["/Subtype"] == "/TrueType" and font["/BaseFont"] == "/NotoSans-Regular"
    assert "/FontFile2" in font["/FontDescriptor"]
    assert str(form["/DA"]).startswith(f"/{FIELD_FONT} ")
    widgets = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    text_fields = [w for w in widgets if w.get("/FT") == "/Tx"]
    assert len(text_fields) == 14  # 13 boxes and the hidden identifier
    for widget in text_fields:
        assert str(widget["/DA"]).startswith(f"/{FIELD_FONT} "), widget["/T"]
    (tmp_path / "form.pdf").write_bytes(pdf)
    listed = subprocess.run(
        ["pdffonts", str(tmp_path / "form.pdf")], check=True, capture_output=True, text=True
    ).stdout
    line = next(x for x in listed.splitlines() if x.startswith("NotoSans-Regular "))
    # name, type, encoding, then emb / sub: embedded, and whole (not a subset).
    assert line.split()[-5:-3] == ["yes", "no"], line
    assert "Helvetica" not in listed


@pytest.mark.parametrize("alphabet", ["mixed", "latin", "greek", "cyrillic"])
def test_field_font_codes_are_glyph_names_a_filler_knows(alphabet: str) -> None:
    """Every letter has one code and an Adobe glyph name for exactly it (fillers find
    codes through these names); ASCII and Latin-1 letters keep their own codes. Every
    set of letters the chair can choose fits the one-byte font."""
    from pypdf._codecs import adobe_glyphs

    from tac_desktop.core.documents.report_form import (
        ALPHABETS,
        EXTRA_LETTERS,
        PDFTK_LEAVES_OUT,
        field_font_letters,
        glyph_names,
    )

    letters, names = field_font_letters(alphabet), glyph_names(alphabet)
    assert 0 not in letters and len(letters) <= 255
    assert len(set(letters.values())) == len(letters)
    assert set(ALPHABETS[alphabet].letters) <= set(letters.values())
    for code, letter in letters.items():
        if names[code] == f"uni{ord(letter):04X}":  # no older name: pdftk leaves it out
            assert letter in PDFTK_LEAVES_OUT, letter
        else:
            assert adobe_glyphs.get(f"/{names[code]}") == letter, (letter, names[code])
        if ord(letter) < 256:
            assert code == ord(letter), letter
    if alphabet == "mixed":
        assert len(letters) == 255 and set(EXTRA_LETTERS) <= set(letters.values())
        for kept in "AZaz09éüçöó£€‘’“”–ąłżğışİΑωάЖщЁ":
            assert kept in letters.values(), kept


@needs_pdftk
def test_pdftk_draws_polish_turkish_and_more_in_the_fields(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """pdftk makes the fields' appearance itself (here flattened into the page), with
    the form's font: the letters are drawn, so the page's text holds them."""
    assert PDFTK is not None
    values = {"involvement": POLISH, "worries_told": TURKISH, "recommendations": GREEK_AND_MORE}
    source, data, flat = tmp_path / "form.pdf", tmp_path / "data.xfdf", tmp_path / "flat.pdf"
    source.write_bytes(_form(demo_vault))
    fields = "".join(
        f'<field name="{k}"><value>{_xml(v)}</value></field>' for k, v in values.items()
    )
    data.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><xfdf xmlns="http://ns.adobe.com/xfdf/" '
        f'xml:space="preserve"><fields>{fields}</fields></xfdf>',
        encoding="utf-8",
    )
    subprocess.run(
        [PDFTK, str(source), "fill_form", str(data), "output", str(flat), "flatten"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    text = pdftotext(flat.read_bytes(), tmp_path, "flat-text.pdf")
    for value in values.values():
        assert " ".join(value.split()) in text, value


def test_pypdf_draws_polish_and_turkish_in_the_fields(demo_vault: Vault, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_form(demo_vault))))
    values = {"involvement": POLISH, "worries_told": TURKISH, "recommendations": GREEK_AND_MORE}
    for page in writer.pages:
        names = {a.get_object().get("/T") for a in page.get("/Annots", [])}
        mine = {k: v for k, v in values.items() if k in names}
        if mine:
            writer.update_page_form_field_values(page, mine, auto_regenerate=False, flatten=True)
    out = io.BytesIO()
    writer.write(out)
    text = pdftotext(out.getvalue(), tmp_path, "pypdf-flat.pdf")
    for value in values.values():
        assert " ".join(value.split()) in text, value


# -- found in review -------------------------------------------------------------------


def _expanding_pdf(fields: int, size: int) -> bytes:
    """A few kilobytes whose form fields each sit in a stream compressed twice that
    expands to ``size`` bytes: a "zip bomb" offered as a returned form."""
    import struct
    import zlib

    numbers = [5 + 2 * i for i in range(fields)]
    plain = {
        1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        4: b"<< /Fields [" + b" ".join(b"%d 0 R" % n for n in numbers) + b"] >>",
    }
    out = bytearray(b"%PDF-1.7\n")
    offsets: dict[int, int] = {}
    for number, body in plain.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    for number in numbers:
        head = (b"%d 0 " % number).ljust(20)
        item = b"<< /T (f%d) /FT /Tx /V (x) >>" % number
        packed = zlib.compress(zlib.compress(head + item + b" " * (size - 40 - len(item)), 9))
        offsets[number + 1] = len(out)
        out += (
            b"%d 0 obj\n<< /Type /ObjStm /N 1 /First 20 /Filter [/FlateDecode /FlateDecode] "
            b"/Length %d >>\nstream\n"
            % (number + 1, len(packed))
            + packed
            + b"\nendstream\nendobj\n"
        )
    count = 6 + 2 * fields + 1
    rows = []
    for number in range(count):
        if number in offsets:
            rows.append(struct.pack(">BIH", 1, offsets[number], 0))
        elif number in numbers:
            rows.append(struct.pack(">BIH", 2, number + 1, 0))
        elif number == count - 1:
            rows.append(struct.pack(">BIH", 1, len(out), 0))
        else:
            rows.append(struct.pack(">BIH", 0, 0, 65535))
    table = zlib.compress(b"".join(rows))
    start = len(out)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
        b"/Length %d >>\nstream\n"
        % (count - 1, count, len(table))
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start
    )
    return bytes(out)


def test_a_pdf_built_to_expand_enormously_is_refused(demo_vault: Vault) -> None:
    bomb = _expanding_pdf(3, 30_000_000)
    assert len(bomb) < 200_000
    with pytest.raises(ReportRefused, match="damaged"):
        reports.read_report(demo_vault, bomb)
    assert _report_count(demo_vault) == 0


def test_a_named_pipe_is_refused_without_waiting(demo_vault: Vault, tmp_path: Path) -> None:
    pipe = tmp_path / "report.pdf"
    os.mkfifo(pipe)
    with pytest.raises(ReportRefused, match="not an ordinary file"):
        reports.read_report_file(demo_vault, pipe)


def test_a_report_adds_to_what_the_chair_already_wrote(demo_vault: Vault) -> None:
    _final, draft = _meetings(demo_vault, "TAC-2026-0101")
    row = next(
        a for a in meetings.get_meeting(demo_vault, draft).attendees if a.name == "Dr Samuel Osei"
    )
    meetings.record_attendance(
        demo_vault, row.id, AttendanceMode.APOLOGIES, report_text="Phoned: Zoë seems calmer."
    )
    preview = reports.read_report(demo_vault, fill_with_pypdf(_form(demo_vault), REPORT))
    assert "is kept" in preview.effect()
    reports.store_report(demo_vault, preview)
    text = next(
        a.report_text
        for a in meetings.get_meeting(demo_vault, draft).attendees
        if a.name == "Dr Samuel Osei"
    )
    assert text.startswith("Phoned: Zoë seems calmer.")
    assert "From the returned report form:" in text and REPORT["involvement"] in text
    # A second return replaces the form's part only.
    again = dict(REPORT, involvement="Saw Zoë twice more.")
    second = reports.read_report(demo_vault, fill_with_pypdf(_form(demo_vault), again))
    reports.store_report(demo_vault, second, replace=True)
    text = next(
        a.report_text
        for a in meetings.get_meeting(demo_vault, draft).attendees
        if a.name == "Dr Samuel Osei"
    )
    assert text.startswith("Phoned: Zoë seems calmer.") and text.count("From the returned") == 1
    assert "Saw Zoë twice more." in text and REPORT["involvement"] not in text
