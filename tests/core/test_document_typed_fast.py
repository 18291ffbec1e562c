"""The quick ways of redrawing a right-to-left line in typed order give what the step by
step ways gave (issue 22, point 5: a long Arabic or Hebrew note is made fast enough
without one byte of its PDF changing).

``_split_string`` cuts a string into a font's subsets as reportlab's ``splitString``
does, without its loop a character at a time once every character has its code; it must
give the same chunks and leave the same codes behind, whatever order the strings come
in. Every text is invented.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDocument

from tac_desktop.core.documents import house

# Arabic letters, presentation forms and digits; Hebrew; Latin, digits and punctuation; a
# no-break space; characters no font here has (private use, an emoji in a text font); and
# enough Han characters that a font's codes run past its first subsets of 256.
_HAN = [chr(code) for code in range(0x4E00, 0x4E00 + 700)]
_ARABIC_CHARS = [chr(code) for code in range(0x0621, 0x064B)] + ["\u0660", "\u06f5", "\ufefb"]
_OTHER = [*"abcXYZ 0189.,;:()-", "\u00a0", "\ue000", "\U0001f600", "\u05d0", "\u05ea"]
_TEXTS = st.lists(st.sampled_from(_HAN + _ARABIC_CHARS + _OTHER), max_size=80).map("".join)


def _state(font: Any, doc: PDFDocument) -> tuple[Any, ...]:
    state = font.state[doc]
    return state.assignments, state.subsets, state.nextCode


@pytest.fixture(scope="module", params=[house.CJK, house.ARABIC, house.SANS])
def font(request: pytest.FixtureRequest) -> Any:
    house._family(request.param)
    return pdfmetrics.getFont(request.param)


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(_TEXTS, min_size=1, max_size=40))
@example(texts=["".join(_HAN[:300]), "".join(_HAN[:300]), "\u00a0 a" + "".join(_HAN[299::-1])])
@example(texts=["", "\ue000", "\ue000a\u00a0", " \u00a0"])
def test_a_string_splits_into_subsets_as_reportlab_splits_it(font: Any, texts: list[str]) -> None:
    ours, reportlabs = PDFDocument(), PDFDocument()
    known: dict[str, house._SubsetCodes] = {}
    for text in texts:
        assert house._split_string(font, text, ours, known) == font.splitString(text, reportlabs)
        assert _state(font, ours) == _state(font, reportlabs)


# -- drawing a line in typed order ------------------------------------------------------
#
# ``_drawn_on_one_height`` must write what ``_drawn_in_typed_order`` writes for a line on
# one height, or give None. Made-up glyphs cover what real lines rarely hold: any mix of
# levels, stacks (a glyph of no width drawn under the next) anywhere, chains of them,
# left-to-right stacks, raised glyphs, heights with more than four decimals.


def _glyph(code: int, kind: str, width: float, size: float, rise: float) -> house._Glyph:
    ltr, rtl = kind == "ltr", kind == "rtl"
    font = "F1+0" if code % 3 else "F2+0"
    return house._Glyph(
        font,
        size,
        rise,
        (font, size, rise),
        f"/{font} {size:g} Tf",
        code,
        chr(0x600 + code),
        width,
        rtl,
        ltr,
        rtl,
        width == 0,
        "c" if rtl else ".",
        {},
        not ltr and rise == 0,
        {},
    )


_KINDS = st.sampled_from(["rtl", "rtl", "rtl", "ltr", "ltr", "neutral"])
_GLYPHS = st.lists(
    st.tuples(
        st.integers(0, 255),
        _KINDS,
        st.sampled_from([0.0, 2.21, 4.56, 5.18, 6.359, 3.6, 0.001, 7.123456789]),
        st.sampled_from([10.0, 10.0, 9.5]),
        st.sampled_from([0.0, 0.0, 0.0, 0.0, 2.5]),  # (only in some lines: see raised)
        st.sampled_from([1, 1, 1, 2, 2, 0, 3]),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=600, deadline=None)
@given(
    glyphs=_GLYPHS,
    x=st.sampled_from([0.0, 72.0, 481.2284, 103.33333333]),
    y=st.sampled_from([3.5, 0.0, 12.25, 3.123456]),
    base=st.sampled_from([None, 0, 1]),
    raised=st.booleans(),
)
def test_a_line_on_one_height_is_drawn_as_the_general_way_draws_it(
    glyphs: list[tuple[int, str, float, float, float, int]],
    x: float,
    y: float,
    base: int | None,
    raised: bool,
) -> None:
    made = [
        _glyph(code, kind, width * size / 10, size, rise if raised else 0.0)
        for code, kind, width, size, rise, _l in glyphs
    ]
    levels = [level if base is None else max(level, base) for *_g, level in glyphs]
    xs: list[float] = []
    for glyph in made:
        xs.append(x)
        x += glyph.width
    stacked = any(glyph.under for glyph in made)
    prefix, end = ["0 0 0 rg"], (0.0, y - 12)
    fast = house._drawn_on_one_height(prefix, xs, y, made, levels, stacked, end)
    general = house._drawn_in_typed_order(
        prefix, list(zip(xs, [y] * len(xs), made, levels, strict=True)), stacked, end
    )
    if fast is None:  # only for a raised glyph or a height with more than four decimals
        assert any(glyph.rise for glyph in made) or y != round(y, 4)
    else:
        assert fast == general
        # and again, from what the glyphs keep of the first time
        assert house._drawn_on_one_height(prefix, xs, y, made, levels, stacked, end) == general


class _Page(house.HouseRenderer):
    kind = "test"

    def __init__(self, lines: list[str]) -> None:
        super().__init__(title="Typed order", reference="TAC-TEST", on=date(2026, 12, 6))
        self.lines = lines

    def story(self) -> list[object]:
        s = self.styles
        rows = [["Who", "Note"], *([line, line[::-1]] for line in self.lines)]
        return [
            *(house.para(line, s.body) for line in self.lines),
            house.table(rows, [90 * mm, 70 * mm]),
        ]


# invented lines: digits of three kinds, Latin inside Arabic and Hebrew, brackets and
# punctuation, lam-alef (a stack), marks, a line mostly left to right
_REAL = [
    "رقم الهاتف ٠٧٧٠٠٩٠٠١٠١ للطوارئ، ثم 07700 900101 (مساءً) أو ۰۷۷۰۰۹۰۰۱۰۱.",
    "ذهبت الأم إلى المدرسة مع الأطفال، لا لا! وقال: «لا بأس» في 14:30",
    "حضر مُحَمَّد اليوم مع Yusuf Haddad و Dr. Lee من school nurse team",
    "הפגישה ב-14 במאי בשעה 10:30 עם Sam (אחות בית הספר) ו-3 הורים",
    "שָׁלוֹם לכולם, ניפגש שוב ב-2027-01-05; טלפון 054-1234567",
    "Yusuf يوسف حداد called on 07700 900101 today about 3 tasks",
    "ملاحظات " * 30 + "07700 100133 والهاتف " * 6,
]


def test_the_real_lines_of_a_document_are_drawn_as_the_general_way_draws_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = house._drawn_on_one_height
    compared: list[bool] = []

    def both(*args: Any) -> str | None:
        fast = drawn(*args)
        prefix, xs, y, glyphs, levels, stacked, end = args
        general = house._drawn_in_typed_order(
            prefix, list(zip(xs, [y] * len(xs), glyphs, levels, strict=True)), stacked, end
        )
        assert fast == general
        compared.append(stacked)
        return fast

    monkeypatch.setattr(house, "_drawn_on_one_height", both)
    pdf = _Page(_REAL).render()
    assert pdf.startswith(b"%PDF")
    assert len(compared) > 30 and any(compared)  # every kind of line, stacks among them


def test_a_document_drawn_in_one_step_is_the_one_drawn_in_two(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``_typed_one_line`` makes the glyphs of a line from its fragments and draws them
    in typed order; the two steps write the line as reportlab does, read it back
    (``_glyphs_of``) and draw that the general way. The files are the same, byte for
    byte."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    one_step = house._typed_one_line
    drawn: list[bool] = []

    def counted(*args: Any) -> bool:
        drawn.append(one_step(*args))
        return drawn[-1]

    monkeypatch.setattr(house, "_typed_one_line", counted)
    lines = [*_REAL, *(line.replace("ا", "\u0627\u0653") for line in _REAL)]  # (marks too)
    in_one = _Page(lines).render()
    assert drawn.count(True) > 30
    monkeypatch.setattr(house, "_typed_one_line", lambda *args: False)
    assert _Page(lines).render() == in_one


def test_a_right_to_left_line_leaves_the_canvas_as_it_found_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``_draw_line`` writes the saveState, translate and restoreState of a line drawn in
    one step (or kept) itself: after every line the canvas's state is what it was
    before, as after a line drawn with the canvas's own, and the "q" and "Q" pair up."""
    draw_line = house.BidiParagraph._draw_line
    checked: list[bool] = []

    def watched(self: house.BidiParagraph, *args: Any) -> None:
        canvas = self.canv
        names = canvas.STATE_ATTRIBUTES
        before = [canvas.__dict__[name] for name in names]
        depth, start = len(canvas.state_stack), len(canvas._code)
        draw_line(self, *args)
        after = [canvas.__dict__[name] for name in names]
        assert all(a is b for a, b in zip(before, after, strict=True))
        assert len(canvas.state_stack) == depth
        written = canvas._code[start:]
        assert written[0] == "q" and written[1].endswith(" cm") and written[-1] == "Q"
        checked.append(True)

    monkeypatch.setattr(house.BidiParagraph, "_draw_line", watched)
    lines = [*_REAL, *_REAL]  # (the second time, each line is one drawn before)
    assert _Page(lines).render().startswith(b"%PDF")
    assert len(checked) > 30


_SHAPE = st.builds(
    lambda cluster, advance, x_offset, y_offset, width: house._ttfonts.ShapeData(
        cluster, advance, 0, x_offset, y_offset, width
    ),
    st.sampled_from([-1, 0, 1, 2]),
    st.sampled_from([0, 500, 512.0, 600]),
    st.sampled_from([0, 0.0, -20, 30]),
    st.sampled_from([0, 0.0, 40]),
    st.sampled_from([0, 500, 512, 600.0]),
)


def _field_by_field(part: list[Any]) -> bool:
    clusters, advances, _y_moves, x_offsets, y_offsets, widths = zip(*part, strict=True)
    return not (any(x_offsets) or any(y_offsets) or min(clusters) < 0 or widths != advances)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.lists(_SHAPE, min_size=1, max_size=6), min_size=1, max_size=12))
def test_glyph_data_known_drawn_as_it_is_is_what_the_check_field_by_field_finds(
    parts: list[list[Any]],
) -> None:
    """``_typed_glyphs`` skips the check of a word's shape data field by field when
    every glyph's data is one found drawn as it is before: only data that check passes
    is kept, so the quick answer is never yes where the check says no."""
    for part in parts:
        if house._plain_shapes(part):
            assert _field_by_field(part)
        elif _field_by_field(part):
            house._keep_plain(part)
            assert house._plain_shapes(part)
