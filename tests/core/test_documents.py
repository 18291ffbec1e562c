"""Minutes and decision summaries as a reader (and poppler, qpdf, pypdf) sees them.

Every person here is invented. PDFs are read back with pypdf and, where installed,
poppler's ``pdftotext``/``pdffonts`` and ``qpdf`` (CI has them; a machine without them
skips those checks cleanly).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tac_desktop.core.documents import content as c
from tac_desktop.core.documents import document_file_name, protect
from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.services import cases, documents, meetings
from tac_desktop.core.vault import Vault
from tests.core.helpers import assert_plain_failure, run_cli

DAY = date(2026, 11, 20)
HOSTILE = ('<img src="/etc/passwd"/>', "&amp;", "</para>", "<b>not bold</b>", "a & b < c > d")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (CI has poppler-utils and qpdf)")
    return path


def _write(tmp_path: Path, pdf: bytes, name: str = "doc.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def pdftotext(path: Path, page: int | None = None) -> str:
    """The text poppler finds, with Arabic presentation forms folded to letters."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(
        [_tool("pdftotext"), *pages, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return unicodedata.normalize("NFKC", result.stdout.decode("utf-8"))


def _flat(text: str) -> str:
    """Whitespace folded, so a name that wrapped in a table cell still matches."""
    return re.sub(r"\s+", " ", text)


def assert_sound(path: Path) -> None:
    """qpdf finds nothing wrong and every font is embedded."""
    check = subprocess.run(
        [_tool("qpdf"), "--check", str(path)], capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0, check.stdout + check.stderr
    fonts = subprocess.run(
        [_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()[2:]
    assert fonts, "no fonts at all?"
    for line in fonts:
        assert "Helvetica" not in line, line
        # columns: name type encoding emb sub uni object ID; 'emb' is the 4th from last
        assert line.split()[-5] == "yes", f"not embedded: {line}"


def _content(**changes: object) -> c.MinutesContent:
    base = c.MinutesContent(
        reference="TAC-2026-0901",
        meeting_title="TAC review",
        held_on=DAY,
        chair="Robin Testchair",
        subject="Mira Testchild",
        attendees=(c.Attendee("Alex Sample", "Teacher", "Testshire School", "Present"),),
        sections=(
            c.Section("welcome", "Welcome", "Notes of the welcome."),
            c.Section("attendance", "Who came", "", ("attendance",)),
            c.Section("scaling", "Scaling", "", ("scaling",)),
            c.Section("actions", "Actions", "", ("actions",)),
        ),
        next_review_on=date(2027, 1, 15),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _render(content: c.MinutesContent) -> bytes:
    from tac_desktop.core.documents.minutes import MinutesRenderer

    return MinutesRenderer(content).render()


# -- the demo minutes -----------------------------------------------------------------


def _meeting_ids(vault: Vault, reference: str) -> tuple[int, int]:
    """(the finalised meeting, today's draft review) of a demo case."""
    rows = meetings.list_meetings(vault, cases.find_case_id(vault, reference))
    final = next(r.id for r in rows if r.status.value == "finalised")
    draft = next(r.id for r in rows if r.status.value == "draft")
    return final, draft


@pytest.mark.parametrize("reference", ["TAC-2026-0101", "TAC-2026-0102", "TAC-2026-0104"])
def test_demo_minutes_name_everyone_and_mark_every_page(
    demo_vault: Vault, tmp_path: Path, reference: str
) -> None:
    final, _draft = _meeting_ids(demo_vault, reference)
    document = documents.minutes_document(demo_vault, final)
    path = _write(tmp_path, document.pdf)
    assert_sound(path)
    text = _flat(pdftotext(path))
    case = cases.get_case(demo_vault, cases.find_case_id(demo_vault, reference))
    for person in case.people:
        assert person.name in text, person.name
    view = meetings.get_meeting(demo_vault, final)
    for attendee in view.attendees:
        assert attendee.name in text
        assert _flat(attendee.agency) in text
    assert view.chair_name in text
    pages = len(PdfReader(io.BytesIO(document.pdf)).pages)
    assert pages >= 2
    for page in range(1, pages + 1):
        page_text = pdftotext(path, page)
        assert page_text.count("OFFICIAL-SENSITIVE") >= 2  # header and footer
        assert f"Page {page} of {pages}" in page_text
        assert reference in page_text
        assert "DRAFT" not in page_text


def test_arabic_and_polish_names_come_out_as_text(demo_vault: Vault, tmp_path: Path) -> None:
    arabic = _write(
        tmp_path,
        documents.minutes_document(demo_vault, _meeting_ids(demo_vault, "TAC-2026-0104")[0]).pdf,
        "arabic.pdf",
    )
    text = _flat(pdftotext(arabic))
    for word in ("يوسف", "ليلى", "حداد"):
        assert word in text
    polish = _write(
        tmp_path,
        documents.minutes_document(demo_vault, _meeting_ids(demo_vault, "TAC-2026-0102")[0]).pdf,
        "polish.pdf",
    )
    text = _flat(pdftotext(polish))
    assert "Łukasz Nowak" in text and "Tŷ Diogel Women's Aid" in text
    assert "Agnieszka Nowak" in text


def test_draft_minutes_say_draft_on_every_page(demo_vault: Vault, tmp_path: Path) -> None:
    _final, draft = _meeting_ids(demo_vault, "TAC-2026-0101")
    document = documents.minutes_document(demo_vault, draft)
    assert "draft" in document.file_name
    path = _write(tmp_path, document.pdf)
    pages = len(PdfReader(path).pages)
    for page in range(1, pages + 1):
        assert "DRAFT" in pdftotext(path, page)


def test_review_minutes_record_previous_actions_and_the_challenge(
    demo_vault: Vault, tmp_path: Path
) -> None:
    _final, draft = _meeting_ids(demo_vault, "TAC-2026-0101")
    content = documents.minutes_content(demo_vault, draft)
    school = next(a for a in content.previous_actions if a.agency == "Northgate Academy")
    assert school.status == "Not done" and school.not_done_reason == "Was not done"
    assert school.misses_in_a_row == 2
    assert school.challenges[0].escalated_to == "Head teacher, Northgate Academy"
    text = _flat(pdftotext(_write(tmp_path, documents.minutes_document(demo_vault, draft).pdf)))
    assert "Not done 2 times in a row" in text
    assert "Escalated to Head teacher, Northgate Academy" in text
    assert "No update recorded yet" in text  # the review has walked half the actions


def test_finalised_minutes_keep_scores_think_family_and_amendments(
    demo_vault: Vault, tmp_path: Path
) -> None:
    final, _draft = _meeting_ids(demo_vault, "TAC-2026-0102")
    meetings.amend(
        demo_vault, final, "Maja goes to Bryn nursery, not Cwm.", "The nursery was misnamed."
    )
    content = documents.minutes_content(demo_vault, final)
    assert [(s.participant, s.score) for s in content.scores] == [
        ("Lead professional", 6),
        ("Parent", 8),
    ]
    agnieszka = next(p for p in content.considerations if p.person == "Agnieszka Nowak")
    marac = next(q for q in agnieszka.items if q.answer == "Yes" and "MARAC" in q.procedure)
    assert marac.referral_confirmed
    assert content.amendments[0].reason == "The nursery was misnamed."
    text = _flat(pdftotext(_write(tmp_path, documents.minutes_document(demo_vault, final).pdf)))
    assert "6 of 10" in text and "8 of 10" in text
    assert "Amendment 1" in text and "The nursery was misnamed." in text
    assert "Everyone introduced themselves." in text  # the original stays
    assert "Police attended a row in the spring" in text


def test_decision_summary(demo_vault: Vault, tmp_path: Path) -> None:
    final, _draft = _meeting_ids(demo_vault, "TAC-2026-0103")
    document = documents.decision_summary_document(demo_vault, final)
    assert document.file_name.startswith("TAC-2026-0103_decision-summary_")
    path = _write(tmp_path, document.pdf)
    assert_sound(path)
    text = _flat(pdftotext(path))
    assert "Who does what, by when" in text and "Next review" in text
    assert "Weigh Elif and check her feeding" in text


def test_file_names_carry_reference_and_date_never_a_name(demo_vault: Vault) -> None:
    final, _draft = _meeting_ids(demo_vault, "TAC-2026-0104")
    name = documents.minutes_document(demo_vault, final).file_name
    assert re.fullmatch(r"TAC-2026-0104_minutes_\d{4}-\d{2}-\d{2}\.pdf", name)
    for person in cases.get_case(
        demo_vault, cases.find_case_id(demo_vault, "TAC-2026-0104")
    ).people:
        for word in re.split(r"\W+", person.name):
            assert not word or word.lower() not in name.lower()
    assert (
        document_file_name("TAC/26:0?1 <x>", "minutes", DAY)
        == "TAC-26-0-1-x_minutes_2026-11-20.pdf"
    )
    assert document_file_name("CON", "minutes", DAY).startswith("CON-_")
    assert document_file_name("..", "", DAY) == "case_document_2026-11-20.pdf"


# -- hostile and huge text ------------------------------------------------------------


def test_hostile_text_prints_literally(tmp_path: Path) -> None:
    name = " ".join(HOSTILE)
    content = _content(
        chair=HOSTILE[0],
        attendees=(c.Attendee(name, HOSTILE[2], HOSTILE[1], "Present"),),
        sections=(c.Section("welcome", HOSTILE[3], "\n".join(HOSTILE), ("attendance",)),),
        scores=(c.Score(HOSTILE[0], 3, HOSTILE[4]),),
        decisions=(c.Decision(HOSTILE[2], (c.Dissent(HOSTILE[0], HOSTILE[1]),)),),
    )
    path = _write(tmp_path, _render(content))
    assert_sound(path)
    # Spaces folded away: poppler reads "a & b" set in one line as "a&b" (narrow gaps).
    text = re.sub(r"\s+", "", pdftotext(path))
    for hostile in HOSTILE:
        assert hostile.replace(" ", "") in text, hostile


def test_control_characters_and_surrogates_are_dropped(tmp_path: Path) -> None:
    notes = "before\x00\x07\x1b[31m\u202eafter \ud800lone\udfff ok\r\nnext line\ttab 😀"
    path = _write(tmp_path, _render(_content(sections=(c.Section("n", "Notes", notes),))))
    text = pdftotext(path)
    assert "before[31mafter lone ok" in text
    assert "next line" in text and "tab 😀" in text  # the emoji: printed, not a black box


def test_a_50000_word_note_and_a_5000_character_word(tmp_path: Path) -> None:
    words = " ".join(f"word{i % 97}" for i in range(50_000))
    long_word = "x" * 5000
    notes = f"{words}\n\n{long_word}\n{'line' * 10}\n" * 1
    content = _content(
        sections=(c.Section("n", "Notes", notes),),
        attendees=(c.Attendee(long_word, long_word, "Agency", "Present"),),
    )
    pdf = _render(content)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 20
    path = _write(tmp_path, pdf)
    assert_sound(path)
    # The long word wraps inside the page: every page is A4 and no line is wider.
    text = pdftotext(path)
    assert max(len(line) for line in text.splitlines()) < 200


# -- protecting -----------------------------------------------------------------------


def test_protect_opens_only_with_the_password(tmp_path: Path) -> None:
    pdf = _render(_content())
    locked = protect(pdf, "an invented password")
    reader = PdfReader(io.BytesIO(locked))
    assert reader.is_encrypted
    assert not reader.decrypt("wrong")
    assert PdfReader(io.BytesIO(locked)).decrypt("an invented password")
    opened = PdfReader(io.BytesIO(locked))
    opened.decrypt("an invented password")
    assert "OFFICIAL-SENSITIVE" in opened.pages[0].extract_text()
    path = _write(tmp_path, locked)
    qpdf = _tool("qpdf")
    good = subprocess.run(
        [qpdf, "--check", "--password=an invented password", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert (
        "AES"
        in subprocess.run(
            [qpdf, "--show-encryption", "--password=an invented password", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    )
    bad = subprocess.run([qpdf, "--check", str(path)], capture_output=True, timeout=60)
    assert bad.returncode != 0
    with pytest.raises(InvalidInput):
        protect(pdf, "")


# -- start-up -------------------------------------------------------------------------


def test_documents_service_does_not_load_reportlab() -> None:
    code = (
        "import sys, tac_desktop.core.services.documents, tac_desktop.core.documents.content;"
        "print(sorted(m for m in sys.modules if m.startswith(('reportlab', 'pypdf'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


# -- command line ---------------------------------------------------------------------


@pytest.mark.slow
def test_cli_export_minutes(demo_vault: Vault, tmp_path: Path) -> None:
    final, _draft = _meeting_ids(demo_vault, "TAC-2026-0101")
    other_case_meeting = _meeting_ids(demo_vault, "TAC-2026-0102")[0]
    path = demo_vault.path
    demo_vault.close()
    out = tmp_path / "minutes.pdf"
    result = run_cli("export", "minutes", path, "TAC-2026-0101", final, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "Zoë Whitfield" in pdftotext(out)
    again = run_cli("export", "minutes", path, "TAC-2026-0101", final, "-o", out)
    assert "--force" in assert_plain_failure(again)
    unknown = run_cli("export", "minutes", path, "TAC-2099-0000", final, "-o", tmp_path / "u.pdf")
    assert "TAC-2099-0000" in assert_plain_failure(unknown)
    other = run_cli(
        "export", "minutes", path, "TAC-2026-0101", other_case_meeting, "-o", tmp_path / "o.pdf"
    )
    assert "no meeting" in assert_plain_failure(other)
    assert not (tmp_path / "o.pdf").exists()
    missing = run_cli(
        "export", "minutes", path, "TAC-2026-0101", final, "-o", tmp_path / "no" / "m.pdf"
    )
    assert "does not exist" in assert_plain_failure(missing)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        unwritable = run_cli(
            "export", "minutes", path, "TAC-2026-0101", final, "-o", locked / "m.pdf"
        )
        if unwritable.returncode == 0:  # running as root: the folder is writable anyway
            return
        assert "could not be written" in assert_plain_failure(unwritable)
    finally:
        locked.chmod(0o700)


def test_decisions_print_with_who_disagreed_in_minutes_and_summary(
    demo_vault: Vault, tmp_path: Path
) -> None:
    _final, draft = _meeting_ids(demo_vault, "TAC-2026-0102")
    decision = meetings.add_decision(demo_vault, draft, "Maja starts nursery in January.")
    meetings.add_dissent(demo_vault, decision, "Cwm Health Visiting", "Wants a hearing test first.")
    for make in (documents.minutes_document, documents.decision_summary_document):
        path = _write(tmp_path, make(demo_vault, draft).pdf)
        assert_sound(path)
        text = _flat(pdftotext(path))
        assert _flat("Maja starts nursery in January.") in text
        assert _flat("Cwm Health Visiting did not agree: Wants a hearing test first.") in text


@pytest.mark.slow
def test_cli_export_safety_plan(demo_vault: Vault, tmp_path: Path) -> None:
    path = demo_vault.path
    demo_vault.close()
    out = tmp_path / "plan.pdf"
    result = run_cli("export", "safety-plan", path, "TAC-2026-0102", "-o", out)
    assert result.returncode == 0, result.stderr
    first_page = pdftotext(out, 1)
    assert "Version 2" in first_page  # the latest unless asked
    older = tmp_path / "v1.pdf"
    assert (
        run_cli(
            "export", "safety-plan", path, "TAC-2026-0102", "--version", "1", "-o", older
        ).returncode
        == 0
    )
    assert "Version 1" in pdftotext(older, 1)
    draft = tmp_path / "draft.pdf"
    assert (
        run_cli("export", "safety-plan", path, "TAC-2026-0102", "--draft", "-o", draft).returncode
        == 0
    )
    assert "DRAFT" in pdftotext(draft, 1)
    none = run_cli("export", "safety-plan", path, "TAC-2026-0104", "-o", tmp_path / "n.pdf")
    assert "no safety plan" in assert_plain_failure(none)
    missing = run_cli(
        "export", "safety-plan", path, "TAC-2026-0102", "--version", "9", "-o", tmp_path / "9.pdf"
    )
    assert_plain_failure(missing)
    assert not (tmp_path / "9.pdf").exists()
    both = run_cli(
        "export", "safety-plan", path, "TAC-2026-0102", "--draft", "--version", "1", "-o", out
    )
    assert "not both" in assert_plain_failure(both)


def test_words_touching_punctuation_from_another_font_are_not_garbled(tmp_path: Path) -> None:
    # Noto Naskh Arabic and Noto Sans Hebrew have no brackets or "?": those come from
    # Noto Sans, inside the same word. reportlab shaped such a word in one font (boxes).
    notes = "كان (حضور) الطفل جيدا؟ نعم\nماذا? قالت الأم\nשלום (עולם) טוב, אני"
    path = _write(tmp_path, _render(_content(sections=(c.Section("n", "Notes", notes),))))
    assert_sound(path)
    text = _flat(pdftotext(path))
    for word in ("حضور", "الطفل", "ماذا", "עולם", "שלום"):
        assert word in text, word


def test_an_arabic_note_holding_a_word_longer_than_a_page(tmp_path: Path) -> None:
    notes = "مرحبا " + "x" * 20_000 + " نهاية"
    pdf = _render(_content(sections=(c.Section("n", "Notes", notes),)))
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    path = _write(tmp_path, pdf)
    assert_sound(path)
    text = pdftotext(path)
    assert "مرحبا" in text and "نهاية" in text
    assert text.count("x") >= 20_000


def test_every_minutes_paper_opens_with_the_family_as_recorded(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """Minutes and decision summaries of every demo meeting, finalised or draft: the
    family first (issue 16), the Yılmaz grandmother too (family unit, not household)."""
    from tac_desktop.core.services import cases, documents, meetings

    for row in cases.list_cases(demo_vault):
        case = cases.get_case(demo_vault, row.id)
        for m in meetings.list_meetings(demo_vault, row.id):
            for kind, pdf in (
                ("minutes", documents.minutes_document(demo_vault, m.id).pdf),
                ("summary", documents.decision_summary_document(demo_vault, m.id).pdf),
            ):
                path = tmp_path / f"{kind}.pdf"
                path.write_bytes(pdf)
                text = re.sub("[\u202a-\u202e]", "", _flat(pdftotext(path)))  # bidi marks
                opening = text.split("The family, as recorded at this meeting", 1)
                assert len(opening) == 2, (row.reference, m.id, kind)
                assert "1. " not in opening[0] and "What was decided" not in opening[0]
                for person in case.people:
                    assert person.name in opening[1], (row.reference, person.name)
    yilmaz = cases.find_case_id(demo_vault, "TAC-2026-0103")
    final = next(
        m.id for m in meetings.list_meetings(demo_vault, yilmaz) if m.status.value == "finalised"
    )
    [gulsen] = [
        f for f in documents.minutes_content(demo_vault, final).family if f.name == "Gülşen Demir"
    ]
    assert (gulsen.relationship, gulsen.household, gulsen.parental_responsibility) == (
        "grandmother",
        "Lives elsewhere; significant contact",
        "No",
    )
