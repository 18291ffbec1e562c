"""A report form of a case full of long text, and for a professional with the longest
name, role and agency the program takes, is made whole (issue 22, point 5). The time it
takes is measured in benchmarks/, never asserted here."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import docx
import pytest
from pypdf import PdfReader

from tac_desktop.core.documents.report_form import ID_FIELD, printed_labels
from tac_desktop.core.services import cases, meetings, reports
from tac_desktop.core.vault import Vault
from tests.core.test_report_form_word import fill_word

NOTE = ("Seen at clinic; sleeping better, school reports fair attendance. " * 1600)[:100_000]
ARABIC_NOTE = "زار المعلم الأسرة يوم الثلاثاء والطفل بخير " * 6250  # 50,000 words
NAME = ("Dr Zofia Łukasiewicz-Άννα Кузнецова " * 6)[:200].strip()
ROLE = ("Specialist community public health nurse and ψυχολόγος " * 4)[:200].strip()
AGENCY = ("Northfield Integrated Children's Services Партнёрство " * 4)[:200].strip()


def _squeezed(text: str) -> str:
    """Text without its line breaks and spaces: a long value wraps over many lines."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def long_case(demo_vault: Vault) -> tuple[Vault, int, int]:
    case_id = cases.find_case_id(demo_vault, "TAC-2026-0101")
    cases.update_case(demo_vault, case_id, summary=NOTE)
    draft = next(
        m.id for m in meetings.list_meetings(demo_vault, case_id) if m.status.value == "draft"
    )
    keys = [s.key for s in meetings.get_meeting(demo_vault, draft).sections][:4]
    for number, key in enumerate(keys):
        meetings.save_notes(demo_vault, draft, key, ARABIC_NOTE if number == 0 else NOTE)
    who = meetings.invite_other(demo_vault, draft, NAME, ROLE, AGENCY)
    return demo_vault, draft, who


def test_the_pdf_form_of_a_long_case_prints_every_fact_whole(
    long_case: tuple[Vault, int, int],
) -> None:
    vault, draft, who = long_case
    pdf = reports.report_form_document(vault, draft, who).pdf
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for value in (NAME, ROLE, AGENCY):
        assert _squeezed(value) in _squeezed(text)
    for label in printed_labels() & {"Your name", "What you recommend", "Safeguarding concerns"}:
        assert label in text
    names = set(reader.get_fields() or {})
    assert ID_FIELD in names and {"involvement", "safeguarding", "author_contact"} <= names
    if shutil.which("pdftotext"):
        shown = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert _squeezed(NAME) in _squeezed(shown)
        assert _squeezed(AGENCY) in _squeezed(shown)


def test_the_word_form_of_a_long_case_prints_every_fact_whole(
    long_case: tuple[Vault, int, int],
) -> None:
    vault, draft, who = long_case
    form = reports.report_form_word(vault, draft, who)
    document = docx.Document(io.BytesIO(form.docx))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert f"{NAME}, {ROLE}" in cells
    assert AGENCY in cells
    # Filled in, it comes back as this professional's form for this meeting.
    preview = reports.read_report(vault, fill_word(form.docx, {"involvement": NOTE[:5000]}))
    assert (preview.meeting_id, preview.attendance_id, preview.name) == (draft, who, NAME)
    assert preview.answers[0].text == NOTE[:5000].strip()
