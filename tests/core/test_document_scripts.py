"""Text in any script prints in the right order with the right glyphs (issue 22, point 1).

Pages are read back with poppler: ``pdftotext -bbox`` gives every word drawn with its
place on the page, so a line's words sorted by their left edge are the order they are
drawn in, left to right (an Arabic word's letters come out in drawing order too: the
word as typed, backwards). ``pdffonts`` lists the fonts embedded. Every text is
invented.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from tac_desktop.core.documents import content as c
from tac_desktop.core.documents import house
from tac_desktop.core.documents.minutes import MinutesRenderer
from tac_desktop.core.documents.outcome_summary import (
    OutcomeSummaryContent,
    OutcomeSummaryRenderer,
)
from tac_desktop.core.documents.safety_plan import SafetyPlanContent, SafetyPlanRenderer
from tac_desktop.core.models.safety_plan import PlanShape
from tac_desktop.core.practice.readers import Reader
from tac_desktop.core.practice.safety_plans import Contact, PlanContent

DAY = date(2026, 12, 6)
NAME = "يوسف حداد"  # an invented father
_BIDI_MARKS = dict.fromkeys(range(0x202A, 0x202F))  # poppler wraps right-to-left runs


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (CI has poppler-utils)")
    return path


def _embedded(path: Path) -> dict[str, bool]:
    """pdffonts: each font of the PDF at ``path`` (its subset's prefix taken off), and
    whether it is embedded."""
    out = subprocess.run(
        [_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    return {
        row.split()[0].partition("+")[2]: row.split()[-5] == "yes" for row in out.splitlines()[2:]
    }


def _read_by_each(pdf: bytes, path: Path) -> dict[str, str]:
    """What pdftotext, mutool and pypdf read from ``pdf``, written to ``path``."""
    path.write_bytes(pdf)
    return {
        "pdftotext": subprocess.run(
            [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8"),
        "mutool": subprocess.run(
            [_tool("mutool"), "draw", "-F", "txt", str(path)], capture_output=True, check=True
        ).stdout.decode("utf-8"),
        "pypdf": "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages),
    }


class _Page(house.HouseRenderer):  # type: ignore[misc]
    kind = "test"

    def __init__(self, texts: list[str]) -> None:
        super().__init__(title="Scripts", reference="TAC-TEST", on=DAY)
        self.texts = texts

    def story(self) -> list[object]:
        out: list[object] = []
        for text in self.texts:
            out.append(house.para(text, self.styles.body))
            out.append(house.table([["Text", "Other"], [text, "x"]], [90 * mm, 30 * mm]))
        return out


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" [^>]*>(.*?)</word>')
_TOUCHING = 0.8  # points: glyphs closer than this are one word (a space is 2.6)


def _drawn_lines(pdf: bytes, tmp_path: Path) -> list[tuple[float, list[str]]]:
    """Each line of the first page: (its left edge, its words left to right).

    Right-to-left text is drawn in typed order, a glyph at a time from the right, so
    poppler reports each of its glyphs as a word: the glyphs that touch are put back
    together into the word drawn."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [_tool("pdftotext"), "-bbox", "-f", "1", "-l", "1", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")
    lines: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    for x, y, right, word in _WORD.findall(out):
        word = unicodedata.normalize("NFKC", word.replace("&amp;", "&"))
        # a table's two columns are two lines at the same height
        column = 0 if float(x) < 300 else 1
        lines.setdefault((round(float(y)), column), []).append((float(x), float(right), word))
    drawn: list[tuple[float, list[str]]] = []
    for _key, boxes in sorted(lines.items(), key=lambda kv: kv[0]):
        words: list[str] = []
        edge = -1.0
        for left, right, word in sorted(boxes):
            if words and left - edge < _TOUCHING:
                words[-1] += word
            else:
                words.append(word)
            edge = max(edge, right)
        drawn.append((min(boxes)[0], words))
    return drawn


def _drawn(word: str) -> str:
    """An Arabic word as poppler reads its glyphs: drawn from the right."""
    return word[::-1]


def _find(lines: list[tuple[float, list[str]]], word: str) -> list[tuple[float, list[str]]]:
    return [line for line in lines if word in line[1]]


def test_punctuation_beside_arabic_stays_on_its_side(tmp_path: Path) -> None:
    # "She has 4 tasks. Then we review." The full stops end their words, on their left.
    text = "لديها 4 مهام. ثم نراجع."
    lines = _find(_drawn_lines(_Page([text]).render(), tmp_path), _drawn("لديها"))
    assert len(lines) == 2  # the paragraph and the table cell
    for _x, words in lines:
        assert words == [_drawn("نراجع."), _drawn("ثم"), _drawn("مهام."), "4", _drawn("لديها")]


def test_who_a_task_is_for_reads_left_to_right_in_the_minutes(tmp_path: Path) -> None:
    """The action plan's "For whom" is the program's phrase (name: need): with an Arabic
    name first, its colon stays after the name and the question keeps its mark at its end
    (it printed ":(Layla) ليلى" and "?services", set as a right-to-left paragraph)."""
    for_whom = "ليلى حداد (Layla): Could this adult benefit from adult services?"
    minutes = c.MinutesContent(
        reference="TAC-2026-0923",
        meeting_title="TAC review",
        held_on=DAY,
        chair="Robin Testchair",
        subject="Mira Testchild",
        sections=(c.Section("actions", "Actions", "", (c.ACTIONS,)),),
        action_plan=(
            c.AgencyActions("Adult services", (c.Action("Refer", "Robin", for_whom, DAY, "Open"),)),
        ),
    )
    words = [
        w for _x, line in _drawn_lines(MinutesRenderer(minutes).render(), tmp_path) for w in line
    ]
    assert "(Layla):" in words and ":(Layla)" not in words
    assert "services?" in words and "?services" not in words


def test_a_family_copy_for_an_arabic_name_says_so_left_to_right(tmp_path: Path) -> None:
    minutes = c.MinutesContent(
        reference="TAC-2026-0924",
        meeting_title="TAC review",
        held_on=DAY,
        chair="Robin Testchair",
        subject="Mira Testchild",
        sections=(),
        reader=Reader.family(7, "ليلى حداد"),
        copy_for="ليلى حداد",
    )
    lines = _drawn_lines(MinutesRenderer(minutes).render(), tmp_path)
    (line,) = [words for _x, words in lines if "copy)" in words]
    assert line[-3:] == ["(a", "family", "copy)"], line


def test_a_cell_starting_with_an_arabic_name_keeps_its_colon_beside_it(tmp_path: Path) -> None:
    texts = [f"{NAME}: Teacher at Testshire School", f"{NAME}: يحضر المدرسة"]
    lines = _drawn_lines(_Page(texts).render(), tmp_path)
    latin = _find(lines, "Teacher")
    assert len(latin) == 2
    for _x, words in latin:
        assert words == ["Teacher", "at", "Testshire", "School", _drawn("حداد:"), _drawn("يوسف")]
    arabic = _find(lines, _drawn("المدرسة"))
    assert len(arabic) == 2
    for _x, words in arabic:
        assert words == [_drawn("المدرسة"), _drawn("يحضر"), _drawn("حداد:"), _drawn("يوسف")]


def test_brackets_face_their_words_in_right_to_left_text(tmp_path: Path) -> None:
    pdf = _Page(["حضر (يوسف) اليوم"]).render()
    lines = _find(_drawn_lines(pdf, tmp_path), _drawn("حضر"))
    assert lines
    for _x, words in lines:
        # The glyphs drawn are "(", the name, ")" (see the PNG); each carries the
        # bracket typed at its place: ")" on the left, "(" on the right, where the
        # name starts when read from the right.
        assert words == [_drawn("اليوم"), ")" + _drawn("يوسف") + "(", _drawn("حضر")]
    path = tmp_path / "brackets.pdf"
    path.write_bytes(pdf)
    copied = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert copied.translate(_BIDI_MARKS).count("(يوسف)") == 2  # copied as typed


def _minutes(**changes: object) -> c.MinutesContent:
    fields: dict[str, object] = {
        "reference": "TAC-2026-0922",
        "meeting_title": "TAC review",
        "held_on": DAY,
        "chair": "Robin Testchair",
        "subject": "Mira Testchild",
        "sections": (
            c.Section("think", "Think Family", "", (c.THINK_FAMILY,)),
            c.Section("decide", "Decisions", "", ()),
        ),
    }
    fields.update(changes)
    return c.MinutesContent(**fields)  # type: ignore[arg-type]


def test_think_family_headings_and_sentences_read_as_the_document(tmp_path: Path) -> None:
    people = (
        c.PersonConsiderations(NAME, "Father", (c.Consideration("Works?", "Yes"),)),
        c.PersonConsiderations("Mira Testchild", "Child", (c.Consideration("School?", "Yes"),)),
    )
    decisions = (c.Decision("Meet again in May.", (c.Dissent(NAME, "Too late"),)),)
    pdf = MinutesRenderer(_minutes(considerations=people, decisions=decisions)).render()
    lines = _drawn_lines(pdf, tmp_path)
    heading = _find(lines, "(Father)")
    other = _find(lines, "Testchild")
    assert heading and other
    # Set from the left like the heading for Mira, the name first, then "(Father)".
    assert heading[0][0] == pytest.approx(min(x for x, _w in other))
    assert heading[0][1] == [_drawn("حداد"), _drawn("يوسف"), "(Father)"]
    dissent = _find(lines, "agree:")
    assert dissent and dissent[0][1][:4] == [_drawn("حداد"), _drawn("يوسف"), "did", "not"]


def test_emoji_print_as_emoji_and_other_symbols_by_name(tmp_path: Path) -> None:
    text = "Smiled 😀 at her brother 🫨 and drew ↜ " + NAME + " 👍"
    path = tmp_path / "emoji.pdf"
    path.write_bytes(_Page([text]).render())
    out = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    for emoji in ("😀", "🫨", "👍"):  # U+1FAE8 is newer than this Python's tables
        assert out.count(emoji) == 2, out
    assert "\ufffd" not in out
    assert "[leftwards wave arrow]" in out  # no font has it: its name instead
    emoji_fonts = [embedded for face, embedded in _embedded(path).items() if "NotoEmoji" in face]
    assert emoji_fonts and all(emoji_fonts)


def test_a_mark_no_font_draws_is_left_out_not_replaced() -> None:
    # the variation selector asks for the emoji look; nothing to print on its own
    assert "\ufffd" not in house.safe_markup("❤\ufe0f done")
    assert house.safe_markup("\U000e0100x") == "x"  # an ideographic variation selector


# -- no character can stop a document --------------------------------------------------

NEWER = st.sampled_from(["\U0001fae8", "\U0003134a", "\U0001faf8", "\U00011f00", "\u0897"])
ANY = st.text(
    st.one_of(st.characters(exclude_categories=("Cs",)), NEWER, st.sampled_from("يوسف שלום٠١ ")),
    max_size=120,
)
FEW = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _every_document(text: str) -> list[bytes]:
    minutes = _minutes(
        attendees=(c.Attendee(text, text, text, "Present"),),
        sections=(
            c.Section("notes", text or "Notes", text),
            c.Section("who", "Who came", "", (c.ATTENDANCE, c.THINK_FAMILY, c.ACTIONS)),
        ),
        considerations=(c.PersonConsiderations(text, text, (c.Consideration(text, text),)),),
        decisions=(c.Decision(text, (c.Dissent(text, text),)),),
        action_plan=(c.AgencyActions(text, (c.Action(text, text, text, DAY, "Not started"),)),),
    )
    summary = OutcomeSummaryContent(
        reference="TAC-2026-0922",
        meeting_title=text,
        held_on=DAY,
        chair=text,
        subject=text,
        agency=text,
        decisions=(c.Decision(text, (c.Dissent(text, text),)),),
        actions=(c.Action(text, text, text, DAY, "Not started"),),
        next_review_on=DAY,
    )
    plan = SafetyPlanContent(
        reference="TAC-2026-0922",
        shape=PlanShape.PERSONAL,
        title=text or "Plan",
        for_name=text,
        version=1,
        on=DAY,
        reason=text,
        agreed_by=text,
        review_on=DAY,
        content=PlanContent(
            {"warning_signs": (text,), "ask_for_help": (Contact(text, text, text, text),)}
        ),
    )
    return [
        MinutesRenderer(minutes).render(),
        OutcomeSummaryRenderer(summary).render(),
        SafetyPlanRenderer(plan).render(),
    ]


@FEW
@given(text=ANY)
def test_no_character_can_stop_a_document(text: str) -> None:
    for pdf in _every_document(text):
        assert "OFFICIAL-SENSITIVE" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_unassigned_and_newer_characters_beside_arabic() -> None:
    text = "يوسف \U0001fae8 \U0003134a \U000e0fff\U0010fffd (ok) ٠٧٧٠٠"
    for pdf in _every_document(text):
        assert PdfReader(io.BytesIO(pdf)).pages


# -- a word longer than a line ---------------------------------------------------------

LONG_TASK = "مهمة للعائلة " + "x" * 2000  # Arabic, then 2,000 characters without a break


@pytest.mark.parametrize("kind", ["minutes", "summary"])
def test_a_task_with_a_word_longer_than_a_page_prints_all_of_it(kind: str) -> None:
    action = c.Action(LONG_TASK, "Alex Sample", "Mira Testchild", DAY, "Not started")
    if kind == "minutes":
        pdf = MinutesRenderer(
            _minutes(
                sections=(c.Section("actions", "Actions", "", (c.ACTIONS,)),),
                action_plan=(c.AgencyActions("Testshire School", (action,)),),
            )
        ).render()
    else:
        summary = OutcomeSummaryContent(
            reference="TAC-2026-0922",
            meeting_title="TAC review",
            held_on=DAY,
            chair="Robin Testchair",
            subject="Mira Testchild",
            agency="Testshire School",
            decisions=(),
            actions=(action,),
            next_review_on=None,
        )
        pdf = OutcomeSummaryRenderer(summary).render()
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) <= 4, len(pages)
    assert sum(page.count("x") for page in pages) >= 2000  # every character printed
    for page in pages:  # no page of nothing but the table's header row
        if "For whom" in page:
            assert page.count("x") > 100, page
    assert "للعائلة" in unicodedata.normalize("NFKC", "".join(pages)).replace("\u200f", "")


def test_a_right_to_left_paragraph_with_a_huge_word_splits_over_pages() -> None:
    text = "ملاحظة " + "ب" * 20000 + " نهاية"
    paragraph = house.para(text, house.styles().body)
    assert isinstance(paragraph, house.BidiParagraph)
    width = house.BODY_WIDTH
    _w, height = paragraph.wrap(width, 600)
    assert height > 600  # many lines, each no wider than the page
    first, rest = paragraph.split(width, 600)
    assert first.wrap(width, 600)[1] <= 600
    assert rest.wrap(width - 8, 600)[1] > 0  # a part can be set again at another width
    assert "نهاية" in rest.text and "ملاحظة" in first.text


# -- extracted text holds the letters typed ----------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "لا أعرف السلام عليكم",  # lam with alef: a glyph with no character of its own
        "ذهبت الأم إلى المدرسة مع الأطفال",
        "שלום לכולם מהמשפחה",
        "יוסף הגיע היום",  # yod with vav: one glyph, that of "ױ" (U+05F1)
    ],
)
def test_right_to_left_lines_extract_as_typed(typed: str, tmp_path: Path) -> None:
    path = tmp_path / "rtl.pdf"
    path.write_bytes(_Page([typed]).render())
    poppler = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    lines = [line.translate(_BIDI_MARKS).strip() for line in poppler.splitlines()]
    # the paragraph and the cell, letter for letter: no presentation forms, nothing lost
    assert lines.count(typed) == 2, lines
    extracted = PdfReader(path).pages[0].extract_text()
    assert [line.strip() for line in extracted.splitlines()].count(typed) == 2, extracted


def test_a_long_line_of_chinese_is_cut_into_paragraphs_and_keeps_every_character() -> None:
    # Written without spaces: cut between characters, never left as one huge paragraph
    # (reportlab re-wraps a paragraph at every page it splits over).
    text = "这是会议记录" * 2000
    flowables = house.paras(text, house.styles().body)
    assert len(flowables) >= 4
    pdf = _Page([text[:200]]).render()
    assert "这是会议记录" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    kept = "".join(f.text for f in flowables)  # type: ignore[attr-defined]
    assert kept.count("这是会议记录") == 2000


def test_a_zero_width_non_joiner_keeps_persian_letters_apart(tmp_path: Path) -> None:
    # "I want to go to school": the verb's prefix is written apart from it (U+200C); the
    # bidirectional step dropped the joiners, and the word was drawn joined up.
    apart = "می\u200cخواهم به مدرسه بروم"
    pictures: list[bytes] = []
    for text in (apart, apart.replace("\u200c", "")):
        pdf = _Page([text]).render()
        path = tmp_path / "persian.pdf"
        path.write_bytes(pdf)
        pictures.append(
            subprocess.run(
                [_tool("pdftoppm"), "-r", "100", "-gray", "-f", "1", "-l", "1", str(path)],
                capture_output=True,
                check=True,
                timeout=60,
            ).stdout
        )
        extracted = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        # the joiner's glyph (HarfBuzz draws it as a space of no width) reads as a space
        expected = text.replace("\u200c", " ")
        assert extracted.replace("\u200c", " ").count(expected) == 2  # paragraph, cell
    assert pictures[0] != pictures[1]


def test_a_word_in_several_fonts_does_not_change_how_later_letters_extract() -> None:
    # A word mixing fonts (Latin, a Buginese letter no font has, CJK Extension B, an
    # ideographic description sign): the glyph of "a" was taken for a ligature of the
    # rest of the word, and every "a" of every document made after it extracted as
    # "a&ᨏp…" (the map from glyphs to letters is kept for the whole process).
    _every_document("∛a&ᨏp\U00022b19\u2fda٠ في")
    later = _Page(["Bad anagram: a map & a plan"]).render()
    assert "Bad anagram: a map & a plan" in PdfReader(io.BytesIO(later)).pages[0].extract_text()
    for (_face, code), letters in house._PRIVATE_GLYPHS.items():
        assert chr(code) not in letters, (chr(code), letters)


# Invented sentences in scripts with a Noto Sans of their own (``_SCRIPT_FAMILIES``),
# vowel signs drawn before their letter among them ("कि", "কি", "பே", "னோ"): (text, a
# stretch of it every reader gives back as typed). Where the stretch is the whole
# text, every reader gives back exactly its letters. (Khmer and Myanmar stack glyphs
# that poppler, going by position, reads with a space or out of order: only a stretch.)
_OTHER_SCRIPTS = {
    "Devanagari": ("नमस्ते, किताब और स्कूल की बात हुई।", "नमस्ते, किताब और स्कूल की बात हुई।"),
    "Bengali": ("নমস্কার, কিতাবের কথা হল।", "নমস্কার, কিতাবের কথা হল।"),
    "Gurmukhi": ("ਸਤਿ ਸ੍ਰੀ ਅਕਾਲ, ਕਿਤਾਬ", "ਸਤਿ ਸ੍ਰੀ ਅਕਾਲ, ਕਿਤਾਬ"),
    "Gujarati": ("નમસ્તે, વાત થઈ.", "નમસ્તે"),
    "Tamil": ("வணக்கம், பேசினோம்", "வணக்கம், பேசினோம்"),
    "Telugu": ("నమస్కారం", "నమస్కారం"),
    "Kannada": ("ನಮಸ್ಕಾರ", "ನಮಸ್ಕಾರ"),
    "Malayalam": ("നമസ്കാരം, സ്കൂളിനെക്കുറിച്ച്", "നമസ്കാരം, സ്കൂളിനെക്കുറിച്ച്"),
    "Sinhala": ("ආයුබෝවන්, පාසල ගැන කතා කළා", "ආයුබෝවන්, පාසල ගැන කතා කළා"),
    "Thai": ("สวัสดีครับ เราคุยเรื่องโรงเรียน", "สวัสดีครับ"),
    "Lao": ("ສະບາຍດີ", "ສະບາຍດີ"),
    "Ethiopic": ("ሰላም፣ ስለ ትምህርት ቤት ተነጋገርን።", "ስለ ትምህርት ቤት"),
    "Georgian": ("გამარჯობა, სკოლაზე ვისაუბრეთ.", "სკოლაზე ვისაუბრეთ"),
    "Armenian": ("Բարեւ, դպրոցի մասին խոսեցինք։", "դպրոցի մասին"),
    "Khmer": ("សួស្តី", "សួ"),
    "Myanmar": ("မင်္ဂလာပါ", "လာပါ"),
    "Oriya": ("ନମସ୍କାର", "ନମସ୍କାର"),
    # (a vowel sign drawn back over its letter by most of a letter: poppler, going by
    # position, reads it on a line of its own; pypdf reads it as typed, see below)
    "Tibetan": ("བཀྲ་ཤིས་བདེ་ལེགས།", "བཀྲ་ཤ"),
    "Tifinagh": ("ⴰⵣⵓⵍ, ⵏⵎⵙⴰⵡⴰⵍ ⵅⴼ ⵜⵉⵏⵎⵍ", "ⴰⵣⵓⵍ, ⵏⵎⵙⴰⵡⴰⵍ ⵅⴼ ⵜⵉⵏⵎⵍ"),
    "Cherokee": ("ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ", "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ"),
    "CanadianAboriginal": ("ᐃᓄᒃᑎᑐᑦ ᐅᖃᐅᓯᖅ", "ᐃᓄᒃᑎᑐᑦ ᐅᖃᐅᓯᖅ"),
    "Vai": ("ꕙꔤ ꔒꕌ", "ꕙꔤ ꔒꕌ"),
    "Yi": ("ꆈꌠꁱꂷ", "ꆈꌠꁱꂷ"),
}
_FONT_FILE = {"Tibetan": "NotoSerifTibetan"}  # (else NotoSans{script})


def test_every_script_with_a_font_of_its_own_prints_its_letters(tmp_path: Path) -> None:
    """Hindi, Bengali, Punjabi, Tamil, Thai, Amharic, Georgian, Armenian... print in
    their own embedded Noto Sans, shaped by HarfBuzz (conjuncts, vowel signs around
    their letter), never as "�"; pdftotext, mutool and pypdf read each back as typed,
    a vowel sign drawn before its letter too (``_clusters_in_typed_order``)."""
    texts = [f"{script}: {text}" for script, (text, _kept) in _OTHER_SCRIPTS.items()]
    for script, (text, _kept) in _OTHER_SCRIPTS.items():
        assert house._printable(text) == text, script
        assert house._needs_shaping(text), script
        assert house.para(text, house.styles().body).style.shaping, script
    path = tmp_path / "scripts.pdf"
    read = _read_by_each(_Page(texts).render(), path)
    fonts = _embedded(path)
    for script in _OTHER_SCRIPTS:
        assert fonts[f"{_FONT_FILE.get(script, f'NotoSans{script}')}-Regular"], script
    for reader, out in read.items():
        # (mutool reads the step after a mark drawn back under its letter as a space:
        # "स्कू ल"; spaces are not compared inside a stretch. pypdf: see the next test)
        out = unicodedata.normalize("NFC", out)
        assert house.REPLACEMENT not in out, reader
        for script, (text, kept) in _OTHER_SCRIPTS.items():
            stretch = unicodedata.normalize("NFC", kept).replace(" ", "")
            assert stretch in out.replace(" ", ""), (reader, script)
            if kept != text:
                continue
            letters = sorted(c for c in text if not c.isspace())
            line = next(row for row in out.splitlines() if row.startswith(f"{script}:"))
            assert sorted(c for c in line[len(script) + 1 :] if not c.isspace()) == letters, (
                reader,
                script,
            )
    assert _OTHER_SCRIPTS["Tibetan"][0] in read["pypdf"]


# The right-to-left scripts besides Arabic and Hebrew: (text, a paragraph starting with
# it, with a comma, brackets and a phone number)
_OTHER_RTL = {
    "Syriac": ("ܫܠܡܐ ܥܠܡܐ ܟܬܒܐ", "ܫܠܡܐ، ܥܠܡܐ؟ (ܟܬܒܐ) 07700 900123."),
    "Thaana": ("ދިވެހި ބަސް ފޮތް", "ދިވެހި ބަސް؛ ފޮތް (ބަސް)؟ 07700 900123"),
    "NKo": ("ߒߞߏ ߞߊ߲ ߘߐ߫", "ߒߞߏ ߞߊ߲، (ߘߐ߫)؟ 07700 900123"),
    "Adlam": ("𞤀𞤣𞤤𞤢𞤥 𞤊𞤵𞤤𞤬𞤵𞤤𞤣𞤫", "𞤀𞤣𞤤𞤢𞤥، (𞤊𞤵𞤤𞤬𞤵𞤤𞤣𞤫) 07700 900123."),
}


def test_other_right_to_left_scripts_print_in_their_fonts_and_read_back(
    tmp_path: Path,
) -> None:
    """Syriac, Thaana (Dhivehi), N'Ko and Adlam (Fula) printed as "�": each now has its
    Noto font, shaped and set right to left as Arabic is. Every glyph is drawn; mutool and
    pypdf read each back as typed, brackets and phone numbers too; a paragraph that
    starts in one of them is set from the right. pdftotext reads Syriac as it reads
    Arabic, and a line of N'Ko or Adlam by its ActualText (its tables take them for
    left-to-right); it misplaces Thaana's vowel signs, as it does Arabic's."""
    texts = [f"{script}: {text} 123" for script, (text, _para) in _OTHER_RTL.items()]
    texts += [para for _text, para in _OTHER_RTL.values()]
    path = tmp_path / "rtl.pdf"
    read = _read_by_each(_Page(texts).render(), path)
    poppler = read.pop("pdftotext")
    fonts = _embedded(path)
    for script in _OTHER_RTL:
        assert fonts[f"NotoSans{script}-Regular"], script
    trace = subprocess.run(
        [_tool("mutool"), "draw", "-F", "trace", str(path)], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert 'glyph="0"' not in trace
    for reader, out in read.items():
        assert house.REPLACEMENT not in out, reader
        lines = [" ".join(line.split()) for line in out.splitlines()]
        for script, (text, para) in _OTHER_RTL.items():
            assert f"{script}: {text} 123" in lines, (reader, script)
            assert para in lines, (reader, script)
    assert _OTHER_RTL["Syriac"][0] in poppler.translate(_BIDI_MARKS)
    # N'Ko and Adlam: poppler takes the line's ActualText (not for a line with the
    # Arabic "؟", which it reads from the right: N'Ko's paragraph)
    lines = [" ".join(line.split()) for line in poppler.translate(_BIDI_MARKS).splitlines()]
    for script in ("NKo", "Adlam"):
        assert f"{script}: {_OTHER_RTL[script][0]} 123" in lines, script
    assert _OTHER_RTL["Adlam"][1] in lines
    from pdfua import validate

    report = validate(str(path))
    assert not report.findings, [(f.rule_id, f.message) for f in report.findings]
    # each paragraph starting right to left ends at the right margin: its first letter
    # (mutool's characters, where they are drawn on the page)
    right = house.PAGE_SIZE[0] - house.MARGIN - 6  # (reportlab's frame padding)
    page = subprocess.run(
        [_tool("mutool"), "draw", "-F", "stext", str(path)], capture_output=True, check=True
    ).stdout
    drawn_at: dict[str, list[float]] = {}
    for char in ElementTree.fromstring(page).iter("char"):
        drawn_at.setdefault(char.get("c", ""), []).append(float(char.get("quad", "").split()[2]))
    for _text, para in _OTHER_RTL.values():
        assert max(drawn_at[para[0]]) == pytest.approx(right, abs=0.5), para


def test_pdftotext_reads_a_long_paragraph_of_nko_line_after_line(tmp_path: Path) -> None:
    """Each line's ActualText is inside its text object, where the line is: outside it,
    poppler put every line's text on one spot and read the lines out of order."""
    words = ["ߒߞߏ", "ߞߊ߲", "ߘߐ߫", "ߛߓߍ", "ߟߊ߫", "ߞߎ߲ߘߐ", "ߘߏ߫"]
    typed = " ".join(f"{word}{n}" for n in range(12) for word in words)
    path = tmp_path / "nko.pdf"
    read = _read_by_each(_Page([typed]).render(), path)["pdftotext"].translate(_BIDI_MARKS)
    lines = [line.strip() for line in read.splitlines() if "ߒ" in line]
    assert len(lines) > 2  # the paragraph, on several lines, then the table cell
    assert " ".join(lines).startswith(typed)


@pytest.mark.parametrize("text", ["ܥܠܡܐ؟ ܫܠܡܐ", "ܥܠܡܐ؛ ܫܠܡܐ", "(ܥܠܡܐ؟) ܫܠܡܐ"])
def test_arabic_punctuation_ends_a_word_of_another_right_to_left_script(
    text: str, tmp_path: Path
) -> None:
    """Thaana and Syriac are written with the Arabic "؟" and "؛" (drawn from Noto Naskh):
    the mark touching a word goes at its end, on its left, not at its start (inside
    brackets too)."""
    for style in ("body", "heading"):

        def flow(s: house.HouseStyles, style: str = style) -> list[object]:
            return [house.para(text, getattr(s, style))]

        path = tmp_path / "mark.pdf"
        path.write_bytes(_Flow(flow).render())
        box = subprocess.run(
            [_tool("pdftotext"), "-bbox", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

        def left(char: str, box: str = box) -> float:
            return float(re.findall(f'xMin="([\\d.]+)"[^>]*>[^<]*{char}', box)[0])

        mark = next(char for char in text if char in "؟؛")
        assert left("ܫ") < left(mark) < left("ܥ"), style


class _HeadedPage(_Page):
    def story(self) -> list[object]:
        return [house.para(self.texts[0], self.styles.heading), *super().story()]


def test_korean_prints_in_a_korean_font_and_reads_back_as_typed(tmp_path: Path) -> None:
    """Korean has a font of its own (Droid Sans Fallback has 3 of the 11,172 Hangul
    syllables, so Korean printed as "�"): regular and bold embedded, every glyph drawn
    (none is the font's empty glyph 0), read back as typed by three readers. Korean
    typed as conjoining letters (macOS) prints as the syllables it spells; Hanja inside
    Korean still comes from the Chinese font."""
    heading = "가족 회의 기록"
    sentence = "회의에서 모든 사람이 한 말을 적었습니다. 연락처: 010-1234-5678"
    mixed = "이름: 김민지 (어머니), 學校 ㄱㄴㄷ 〈기록〉 ㈜한국 ①"
    conjoined = unicodedata.normalize("NFD", "박서준 학교")
    assert conjoined != "박서준 학교"
    # an old letter Nanum lacks still comes from the Chinese font, a symbol Droid lacks
    # from Nanum
    assert house._font_for("ᄔ") == house.CJK
    assert {house._font_for(char) for char in "〈㈜①"} == {house.KOREAN}
    path = tmp_path / "korean.pdf"
    read = _read_by_each(_HeadedPage([heading, sentence, mixed, conjoined]).render(), path)
    fonts = _embedded(path)
    assert fonts["NanumGothic"] and fonts["NanumGothicBold"] and fonts["DroidSansFallback"]
    trace = subprocess.run(
        [_tool("mutool"), "draw", "-F", "trace", str(path)], capture_output=True, check=True
    ).stdout.decode("utf-8")
    drawn = re.findall(r'<g unicode="([^"]*)" glyph="(\d+)"', trace)
    hangul = [glyph for char, glyph in drawn if "\uac00" <= char <= "\ud7a3"]
    assert len(hangul) >= 2 * len(sentence.replace(" ", "")) - 20
    assert "0" not in {glyph for _char, glyph in drawn}
    for reader, out in read.items():
        assert house.REPLACEMENT not in out, reader
        lines = [line.strip() for line in out.splitlines()]
        for typed in (heading, "회의에서 모든 사람이 한 말을 적었습니다.", mixed, "박서준 학교"):
            assert any(typed in line for line in lines), (reader, typed, out)


class _Flow(house.HouseRenderer):  # type: ignore[misc]
    kind = "test"

    def __init__(self, flow: Callable[[house.HouseStyles], list[object]]) -> None:
        super().__init__(title="Weights", reference="TAC-TEST", on=DAY)
        self.flow = flow

    def story(self) -> list[object]:
        return self.flow(self.styles)


@pytest.mark.parametrize(
    ("text", "regular", "bold"),
    [
        ("가족 회의 기록", "NanumGothic", "NanumGothicBold"),
        ("يوسف حداد وعائلته", "NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold"),
        ("שרה כהן", "NotoSansHebrew-Regular", "NotoSansHebrew-Bold"),
        ("नमस्ते किताब", "NotoSansDevanagari-Regular", "NotoSansDevanagari-Bold"),
        ("ქეთევან", "NotoSansGeorgian-Regular", "NotoSansGeorgian-Bold"),
    ],
)
def test_a_heading_in_another_script_is_bold_like_latin(
    text: str, regular: str, bold: str, tmp_path: Path
) -> None:
    """A heading, a table's header row and ``<b>`` print another script in its bold face
    (reportlab's ``<font face>`` set the regular one, so Arabic or Korean printed regular
    beside bold Latin); body text stays regular, and a long bold line still fits."""
    long_heading = " ".join([text] * 12)

    def flow(s: house.HouseStyles) -> list[object]:
        return [
            house.para(long_heading, s.heading),
            house.table([[text, "Other"], ["a", "b"]], [80 * mm, 40 * mm]),
            house.para(f"<b>{house.safe_markup(text)}</b>", s.body, markup=True),
        ]

    def faces(pdf: bytes) -> set[str]:
        path = tmp_path / "weights.pdf"
        path.write_bytes(pdf)
        return set(_embedded(path))

    pdf = _Flow(flow).render()
    assert bold in faces(pdf) and regular not in faces(pdf)
    assert regular in faces(_Flow(lambda s: [house.para(text, s.body)]).render())
    width = house.PAGE_SIZE[0] - house.MARGIN
    box = subprocess.run(
        [_tool("pdftotext"), "-bbox", str(tmp_path / "weights.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert max(float(x) for x in re.findall(r'xMax="([\d.]+)"', box)) <= width + 0.5
    # lines are measured in the face they are drawn in
    family = house._font_for(text[0])
    assert house._runs(text) == [(family, text)]
    drawn = pdfmetrics.stringWidth(text, f"{family}-Bold", 10)
    assert house._line_width(text, f"{house.SANS}-Bold", 10) == pytest.approx(drawn)


def test_pypdf_reads_a_word_with_a_vowel_sign_under_its_letter_whole() -> None:
    """The step from a vowel sign drawn back under its letter to the next letter is most
    of a space; pypdf takes any one step of half a space for a gap between words. It is
    written as small steps to the same place (``house._small_steps``)."""
    words = ["स्कूल", "पुस्तक", "कुछ", "হুকুম", "ਪੁੱਤ", "ಕುರುಡು"]
    pdf = _Page([" ".join(words)]).render()
    read = unicodedata.normalize("NFC", PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    for word in words:
        assert f"{word}" in read.split(), (word, read)
    steps = house._small_steps
    assert steps("[(a) -221 (b)] TJ", "TacDevanagari") == "[(a) -86 -86 -49 (b)] TJ"
    # at the end or the start of an array (the text went on in another font subset)
    assert steps("[(a) -221] TJ [-221 (b)] TJ", "TacDevanagari") == (
        "[(a) -86 -86 -49] TJ [-86 -86 -49 (b)] TJ"
    )
    # a string is never cut: a number inside one is text
    assert steps("[(a\\) -221 \\(b)] TJ", "TacDevanagari").count("-") == 1


def test_no_step_forward_in_hindi_is_a_gap_even_across_font_subsets() -> None:
    """A document using more Devanagari glyphs than one font subset holds: wherever a
    TJ is cut, no step in it is as wide as pypdf's gap between words."""
    import pikepdf

    consonants = [chr(c) for c in range(0x0915, 0x0939)]
    many = " ".join(a + "\u094d" + b + "ि" for a in consonants for b in consonants)
    words = ["स्कूल", "पुस्तक", "कुछ"]
    pdf = _Page([many, " ".join(words * 30)]).render()
    whole = house._space_width("TacDevanagari", 1000) / 3
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        fonts = set()
        for page in doc.pages:
            fonts |= {str(name) for name in page.Resources.Font}
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "TJ":
                    numbers = [
                        float(item) for item in operands[0] if isinstance(item, Decimal | int)
                    ]
                    assert all(step >= -whole - 0.01 for step in numbers), numbers
        assert len(fonts) > 3  # (Noto Sans, and more than one subset of Devanagari)
    pages = PdfReader(io.BytesIO(pdf)).pages
    read = unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in pages))
    assert all(read.split().count(word) >= 30 for word in words), read


# (text, the language a screen reader is told): each paragraph alone on its line
_LANGUAGES = [
    ("नमस्ते, किताब और स्कूल की बात हुई।", "hi"),
    ("নমস্কার, কিতাবের কথা হল।", "bn"),
    ("வணக்கம், பேசினோம்", "ta"),
    ("สวัสดีครับ เราคุยเรื่องโรงเรียน", "th"),
    ("ሰላም፣ ስለ ትምህርት ቤት ተነጋገርን።", "am"),
    ("გამარჯობა, სკოლაზე ვისაუბრეთ.", "ka"),
    ("Καλημέρα, μιλήσαμε για το σχολείο.", "el"),
    ("Мы говорили о школе и о семье.", "ru"),
    ("Ми говорили про школу і про сім'ю.", "uk"),
    ("我们谈到了学校。", "zh"),
    ("学校について話しました。", "ja"),
    ("학교에 대해 이야기했습니다.", "ko"),
    ("ما درباره مدرسه صحبت کردیم.", "fa"),
    ("ہم نے اسکول کے بارے میں بات کی۔", "ur"),
    ("تحدثنا عن المدرسة.", "ar"),
    ("דיברנו על בית הספר.", "he"),
    # mostly English (or Polish) with a name in another script: the document's own
    ("Mrs अनीता शर्मा attended the meeting with her son and his teacher.", ""),
    ("Pani Łucja Nowak była obecna na spotkaniu.", ""),
]


def test_a_paragraph_in_another_language_tells_screen_readers_which() -> None:
    """Each paragraph's P says the language most of its letters are in (PDF/UA: every
    change of language is marked), told apart within a script where its letters say
    so (Persian and Urdu from Arabic, Ukrainian from Russian, Japanese from Chinese)."""
    import pikepdf

    pdf = _Page([text for text, _lang in _LANGUAGES]).render()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.Root.Lang) == "en-GB"

        def paragraphs(element: pikepdf.Object) -> list[str]:
            if isinstance(element, pikepdf.Dictionary) and element.get("/S") == "/P":
                return [str(element.Lang) if "/Lang" in element else ""]
            kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else element
            if isinstance(kids, pikepdf.Dictionary):
                kids = pikepdf.Array([kids])
            if not isinstance(kids, pikepdf.Array):
                return []
            return [lang for kid in kids for lang in paragraphs(kid)]

        found = paragraphs(doc.Root.StructTreeRoot)
    # each text is a paragraph, then a table of the headers "Text" and "Other" above
    # the text and "x" (a cell's paragraph says its language as the paragraph does)
    assert found == [each for _text, lang in _LANGUAGES for each in (lang, "", "", lang, "")]


def _spans(pdf: bytes) -> list[str]:
    """The language of every Span marked in the pages' content, in drawing order."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [
            str(operands[1].Lang)
            for page in doc.pages
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC" and str(operands[0]) == "/Span" and "/Lang" in operands[1]
        ]


def test_a_paragraph_split_over_pages_says_one_language_on_both() -> None:
    """The language is worked out once for the whole paragraph: a long Arabic-script
    note whose Persian letters are all on its last page is Persian on the first too."""
    import pikepdf

    note = "تحدثنا عن المدرسة والعائلة والصحة. " * 250 + "کتاب"
    pdf = _Page([note]).render()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) > 2
        top = doc.Root.StructTreeRoot.K.K
        assert str(top[0].S) == "/P" and str(top[0].Lang) == "fa"
    spans = _spans(pdf)
    assert len(spans) > 80 and set(spans) == {"fa"}


class _Notes(_Page):
    def story(self) -> list[object]:
        return [flowable for text in self.texts for flowable in house.paras(text, self.styles.body)]


def test_a_line_in_another_language_inside_a_list_item_says_its_own() -> None:
    """A bullet's lines are one list item, its language that of the first; a later line
    in another script is marked as a Span of its own language, and a line back in
    English inside a Hindi item as the document's."""
    pdf = _Notes(
        [
            "• Notes from the visit:\nनमस्ते, किताब और स्कूल की बात हुई।",
            "• नमस्ते, किताब और स्कूल की बात हुई।\nThen we talked about the school run.",
        ]
    ).render()
    assert _spans(pdf) == ["hi", "en-GB"]


def test_a_half_letter_seen_beside_a_vowel_sign_first_still_reads_right_later(
    tmp_path: Path,
) -> None:
    """Devanagari's half "स्" is a glyph of no character: in "स्कि" it shares its
    cluster with "ि" drawn before it. Its meaning there must not become its meaning in
    every later document (then "स्कूल" read back as "्सिकूल")."""
    words = "स्कूल पुस्तक स्वागत"
    _Page([words]).render()  # (its words shaped: later documents take them as shaped)
    _Page(["स्कि स्टि", "पुस्तिका"]).render()
    later = tmp_path / "later.pdf"
    later.write_bytes(_Page([words]).render())
    for read in (
        subprocess.run(
            [_tool("pdftotext"), "-enc", "UTF-8", str(later), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8"),
        "\n".join(page.extract_text() for page in PdfReader(later).pages),
    ):
        words = unicodedata.normalize("NFC", read).split()
        assert {"स्कूल", "पुस्तक", "स्वागत"} <= set(words), read
