"""Any text a person can type renders: generated names and notes (Hypothesis), and the
safe-text function that turns them into Paragraph markup."""

from __future__ import annotations

import io
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.enums import TA_RIGHT

from tac_desktop.core.documents import content as c
from tac_desktop.core.documents import house
from tac_desktop.core.documents.minutes import MinutesRenderer

ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
WITH_SURROGATES = st.text(st.characters(), max_size=80)  # lone surrogates included
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _minutes(name: str, notes: str) -> bytes:
    content = c.MinutesContent(
        reference="TAC-2026-0902",
        meeting_title="TAC review",
        held_on=date(2026, 11, 20),
        chair=name,
        subject=name,
        attendees=(c.Attendee(name, notes[:50], name, "Present", report_received=True),),
        sections=(
            c.Section("notes", name or "Notes", notes),
            c.Section("who", "Who came", "", ("attendance", "scaling", "actions")),
        ),
        reports=(c.Report(name, name, notes),),
        scores=(c.Score(name, 5, notes),),
        decisions=(c.Decision(notes, (c.Dissent(name, notes),)),),
        action_plan=(
            c.AgencyActions(name, (c.Action(notes, name, name, date(2027, 1, 1), "Done"),)),
        ),
        distribution=(c.Recipient(name, name, name),),
    )
    return MinutesRenderer(content).render()


@FEW
@given(name=ANY_TEXT, notes=ANY_TEXT)
def test_any_names_and_notes_make_a_valid_pdf(name: str, notes: str) -> None:
    pdf = _minutes(name, notes)
    reader = PdfReader(io.BytesIO(pdf))
    assert "OFFICIAL-SENSITIVE" in reader.pages[0].extract_text()


@FEW
@given(name=WITH_SURROGATES, notes=WITH_SURROGATES)
def test_lone_surrogates_are_dropped_not_fatal(name: str, notes: str) -> None:
    markup = house.safe_markup(name + notes)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in markup)
    markup.encode("utf-8")  # would raise on a lone surrogate
    assert PdfReader(io.BytesIO(_minutes(name, notes))).pages


@FEW
@given(text=ANY_TEXT)
def test_safe_markup_holds_no_tags_but_its_own(text: str) -> None:
    markup = house.safe_markup(text)
    tags = re.findall(r"<[^>]*>", markup)
    assert all(re.fullmatch(r'<br/>|<font face="Tac\w+">|</font>', t) for t in tags), tags
    # Every & starts one of the three escapes (nothing else is an entity).
    assert not re.search(r"&(?!amp;|lt;|gt;)", markup)


def test_scripts_get_fonts_that_have_them() -> None:
    markup = house.safe_markup("Zoë يوسف שלום 你好 ✓ 😀")
    assert '<font face="TacArabic">' in markup
    assert '<font face="TacHebrew">' in markup
    assert '<font face="TacCJK">' in markup
    assert '<font face="TacSymbols">' in markup
    assert '<font face="TacEmoji">😀</font>' in markup  # Noto Emoji, in black and white
    assert "\ufffd" in house.safe_markup("\U0010fffd")  # a private character: no font
    assert markup.startswith("Zoë ")


def test_right_to_left_words_are_laid_out_last_to_first() -> None:
    # HarfBuzz orders the letters of each word; the words go right to left.
    assert '<font face="TacArabic">حداد يوسف</font>' in house.safe_markup("Yusuf: يوسف حداد")


def test_line_breaks_and_escapes() -> None:
    assert house.safe_markup("a\r\nb\rc") == "a<br/>b<br/>c"
    assert house.safe_markup("<b>&amp;</b>") == "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert house.plain_text("x\u202ey\u200dz\x00") == "xy\u200dz"


def test_a_line_is_drawn_in_bidi_order_with_each_word_as_typed() -> None:
    # Starts in Arabic: set from the right, so the Latin name and the age sit inside it;
    # the brackets face the right way; each Arabic word keeps its letters for HarfBuzz.
    drawn = house._drawing_order("ليلى حداد (Layla Haddad) عمرها 7 سنوات")
    assert "".join(map(house._glyph_char, drawn)) == "سنوات 7 عمرها (Layla Haddad) حداد ليلى"
    # each mirrored bracket is written as a private code that reads as the one typed
    assert drawn.count(chr(house._MIRROR_BASE + ord(")"))) == 1
    assert drawn.index(chr(house._MIRROR_BASE + ord(")"))) < drawn.index("Layla")
    # Starts in English: the Arabic words inside it go right to left.
    assert house._drawing_order("Note: ذهبت الأم") == "Note: الأم ذهبت"


def test_a_long_arabic_paragraph_starts_on_its_first_line_from_the_right() -> None:
    words = ["أولا"] + ["كلمة"] * 60 + ["أخيرا"]
    paragraph = house.para(" ".join(words), house.styles().body)
    assert isinstance(paragraph, house.BidiParagraph)
    paragraph.wrap(400, 800)
    assert paragraph.lines is not None and len(paragraph.lines) >= 3
    first, last = paragraph.lines[0], paragraph.lines[-1]
    assert "أولا" in first.text and "أخيرا" not in first.text
    assert "أخيرا" in last.text
    assert all(line.style.alignment == TA_RIGHT for line in paragraph.lines)
    # An English paragraph with an Arabic name in it is still set from the left.
    english = house.para("Seen with يوسف at school.", house.styles().body)
    assert isinstance(english, house.BidiParagraph)
    english.wrap(400, 800)
    assert english.lines is not None and english.lines[0].style.alignment != TA_RIGHT
