"""Text extracted from a PDF comes out in the order it was typed (issue 22, point 1).

Right-to-left text is drawn in typed order, every glyph where reportlab put it
(``house._in_typed_order``). Readers that follow the order of the file (pypdf, mutool)
then give back what was typed, numbers and Latin words inside Arabic included; poppler
orders a line by where its glyphs are, so it reads as before. What each reader still
gets wrong, and why, is in the docstring of scripts/extraction_matrix.py (which prints
the table of cases and readers).
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from tac_desktop.core.documents import content as c
from tac_desktop.core.documents import house
from tac_desktop.core.documents.minutes import MinutesRenderer
from tac_desktop.core.documents.safety_plan import SafetyPlanContent, SafetyPlanRenderer
from tac_desktop.core.models.safety_plan import PlanShape
from tac_desktop.core.practice.safety_plans import Contact, PlanContent
from tests.core.helpers import tool as _tool

DAY = date(2026, 12, 6)
PHONE = "٠٧٧٠٠٩٠٠١٠١"  # typed in Arabic-Indic digits, first digit first
_CONTROLS = dict.fromkeys(range(0x202A, 0x202F))
_SPACES = re.compile(r"[ \t\u00a0]+")


def _pypdf(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _mutool(path: Path) -> str:
    out = subprocess.run(
        [_tool("mutool"), "draw", "-q", "-F", "txt", "-o", "-", str(path)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return out.stdout.decode("utf-8")


def _poppler(path: Path) -> str:
    out = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return out.stdout.decode("utf-8")


# the readers that follow the file's order: right for every case below
IN_FILE_ORDER: dict[str, Callable[[Path], str]] = {"pypdf": _pypdf, "mutool": _mutool}


def _lines(text: str) -> list[str]:
    """Lines as a person would compare them: no bidi controls, one space between
    words (pypdf doubles the space after Arabic inside an English line), and marks in
    their canonical order."""
    return [
        unicodedata.normalize("NFC", _SPACES.sub(" ", line.translate(_CONTROLS)).strip())
        for line in text.splitlines()
    ]


def _holding(text: str, typed: str) -> list[str]:
    return [line for line in _lines(text) if typed in line]


class _Page(house.HouseRenderer):
    kind = "test"

    def __init__(self, text: str, filler: str) -> None:
        super().__init__(title="Extraction", reference="TAC-TEST", on=DAY)
        self.text, self.filler = text, filler

    def story(self) -> list[object]:
        s = self.styles
        return [
            house.para(self.filler, s.body),
            house.para(self.text, s.body),
            house.table([["Who", "Note"], [self.text, "-"]], [110 * mm, 30 * mm]),
        ]


ENGLISH = "Most of this page is in English, so readers that go by the page read it from the left."
ARABIC = "هذه الصفحة مكتوبة في أغلبها باللغة العربية حتى يقرأها القارئ من اليمين " * 5

TYPED = [
    "رقم الهاتف ٠٧٧٠٠٩٠٠١٠١ للطوارئ",  # a phone number in Arabic-Indic digits
    "رقم الهاتف 07700 900101 للطوارئ",  # and in European digits, with a space
    "لديها 4 مهام ثم نراجع",
    "شماره تلفن ۰۷۷۰۰۹۰۰۱۰۱ برای کمک",  # Persian digits
    "הפגישה ב-14 במאי בשעה 10:30",
    "Yusuf يوسف حداد called on 07700 900101 today",
    "يوسف حداد: يحضر المدرسة",  # a name and its colon, in a table cell too
    "حضر (يوسف) اليوم",
    "שָׁלוֹם לכולם",
    # lam-alef: HarfBuzz draws the alef with no width under the lam (mutool read "األم")
    "ذهبت الأم إلى المدرسة مع الأطفال",
    "حضر مُحَمَّد اليوم لا",
]


@pytest.mark.parametrize("reader", sorted(IN_FILE_ORDER))
@pytest.mark.parametrize("filler", [ENGLISH, ARABIC], ids=["english-page", "arabic-page"])
@pytest.mark.parametrize("typed", TYPED)
def test_mixed_lines_extract_as_typed(typed: str, filler: str, reader: str, tmp_path: Path) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(_Page(typed, filler).render())
    extracted = IN_FILE_ORDER[reader](path)
    assert len(_holding(extracted, typed)) == 2, _lines(extracted)  # paragraph and cell


def test_a_latin_word_inside_arabic_extracts_as_typed_with_pypdf(tmp_path: Path) -> None:
    # mutool 1.21 puts it on a line of its own: it starts a new line when a
    # left-to-right letter is drawn well left of the glyph before it, and a Latin word
    # inside Arabic starts to the left of the Arabic before it
    typed = "يعمل في Testshire School منذ سنة"
    path = tmp_path / "latin.pdf"
    path.write_bytes(_Page(typed, ENGLISH).render())
    assert len(_holding(_pypdf(path), typed)) == 2


def _plan(helper: Contact, title: str = "خطة السلامة") -> bytes:
    plan = SafetyPlanContent(
        reference="TAC-2026-0922",
        shape=PlanShape.PERSONAL,
        title=title,
        for_name="مريم حداد",
        version=1,
        on=DAY,
        reason="Agreed at the meeting",
        agreed_by="مريم حداد",
        review_on=DAY,
        content=PlanContent({"ask_for_help": (helper,)}),
    )
    return SafetyPlanRenderer(plan).render()


@pytest.mark.parametrize("reader", ["pypdf", "mutool", "poppler"])
def test_a_helpers_phone_in_arabic_indic_digits_extracts_first_digit_first(
    reader: str, tmp_path: Path
) -> None:
    # the person to ask for help, their role and what they do typed in Arabic: the
    # number alone in its cell came out last digit first in pypdf (it keeps Arabic-Indic
    # digits in the direction of the Arabic before them) and in mutool
    path = tmp_path / "plan.pdf"
    path.write_bytes(_plan(Contact("سمير حداد", "عم", PHONE, "يأتي فورا")))
    extracted = {"pypdf": _pypdf, "mutool": _mutool, "poppler": _poppler}[reader](path)
    assert PHONE in "\n".join(_lines(extracted))
    assert PHONE[::-1] not in extracted


def test_a_mixed_line_in_the_minutes_extracts_as_typed(tmp_path: Path) -> None:
    notes = "اتصل يوسف بالمدرسة على الرقم 07700 900101 يوم 3 مايو"
    action = "Call يوسف حداد on 07700 900101"  # (a table cell: short enough for one line)
    minutes = c.MinutesContent(
        reference="TAC-2026-0922",
        meeting_title="TAC review",
        held_on=DAY,
        chair="Robin Testchair",
        subject="Mira Testchild",
        sections=(
            c.Section("notes", "Notes", notes),
            c.Section("actions", "Actions", "", (c.ACTIONS,)),
        ),
        action_plan=(c.AgencyActions("School", (c.Action(action, "Robin", "", DAY, "Open"),)),),
    )
    path = tmp_path / "minutes.pdf"
    path.write_bytes(MinutesRenderer(minutes).render())
    for read in IN_FILE_ORDER.values():
        extracted = read(path)
        assert _holding(extracted, notes), _lines(extracted)
        assert _holding(extracted, action), _lines(extracted)


def test_the_page_looks_the_same_as_drawn_left_to_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drawn in typed order, every glyph lands where reportlab put it: the rendered
    page is identical, pixel for pixel, to the one drawn left to right."""
    pdftoppm = _tool("pdftoppm")
    text = "\n".join([*TYPED, "حضر مُحَمَّد اليوم لا", "ذهبت الأم إلى المدرسة مع الأطفال"])
    pages: list[bytes] = []
    for redraw in (True, False):
        if not redraw:
            monkeypatch.setattr(house, "_in_typed_order", lambda *args: None)
            monkeypatch.setattr(house, "_typed_one_line", lambda *args: False)
        pdf = tmp_path / f"page-{redraw}.pdf"
        pdf.write_bytes(_Page(text, ARABIC).render())
        subprocess.run(
            [pdftoppm, "-r", "150", "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
            check=True,
            timeout=120,
        )
        pages.append(pdf.with_suffix(".png").read_bytes())
    assert pages[0] == pages[1]
    # and the redrawing did happen: the files differ
    assert (tmp_path / "page-True.pdf").read_bytes() != (tmp_path / "page-False.pdf").read_bytes()


def test_a_title_in_arabic_prints_in_the_running_header(tmp_path: Path) -> None:
    # the header was drawn in Noto Sans alone, and the title printed as "??? ???????"
    path = tmp_path / "plan.pdf"
    path.write_bytes(_plan(Contact("Nan", "Grandmother", "07700 900101"), "خطة يوسف للسلامة"))
    extracted = _pypdf(path)
    assert "خطة يوسف للسلامة · Version 1 of the plan" in _lines(extracted)
    assert "???" not in extracted
    assert "?" not in _poppler(path)


_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" [^>]*>(.*?)</word>')


@pytest.mark.parametrize(
    "title",
    [
        "A plan for the weeks after the move, agreed with Mira, her nan and the school, "
        "to read when things get hard",
        "خطة يوسف للسلامة بعد الانتقال إلى البيت الجديد مع الجدة والمدرسة والعيادة "
        "حتى نهاية السنة الدراسية",
    ],
    ids=["english", "arabic"],
)
def test_a_long_title_stops_short_of_the_case_reference_beside_it(
    title: str, tmp_path: Path
) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(_plan(Contact("Nan", "Grandmother", "07700 900101"), title))
    out = subprocess.run(
        [_tool("pdftotext"), "-bbox", "-f", "1", "-l", "1", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")
    boxes = [(float(x0), float(y0), float(x1), word) for x0, y0, x1, word in _BOX.findall(out)]
    case = next(box for box in boxes if box[3] == "Case")  # the header's, at the top
    header = [box for box in boxes if abs(box[1] - case[1]) < 1 and box[0] < case[0]]
    assert header, boxes[:10]
    assert max(box[2] for box in header) < case[0] - 10  # room between them
    assert any("…" in box[3] for box in header)  # cut, and says so


@pytest.mark.parametrize("typed", ["ي٠َ", "م٣ِ", "ي۴ِ"])
def test_a_mark_on_an_arabic_indic_digit_does_not_stop_a_document(typed: str) -> None:
    # an Arabic letter, then a digit carrying a vowel mark: reportlab's setRise looked
    # at the operator before the first one of the digit's piece and stopped the
    # document with an IndexError
    pdf = _Page(typed, ENGLISH).render()
    assert PdfReader(io.BytesIO(pdf)).pages[0].extract_text().count(typed[-2]) >= 2
