"""The quick ways of splitting a line give what the step-by-step ways gave (issue 22,
point 5: a case written in Chinese is made fast enough without one byte of its PDF
changing).

``_runs`` of a line in typed order works a run at a time (``_typed_runs``); the same
function still goes a character at a time for a line in drawing order, which, with no
Arabic or Hebrew in it, must give the same runs. ``_cjk_units`` finds the pieces a
Chinese line may break between with one pattern; here it is checked against the rules
applied token by token. Every text is invented.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tac_desktop.core.documents import house

# Latin, digits, punctuation and spaces; Han, kana, CJK and full-width punctuation;
# Hangul; emoji and symbols; a combining mark, a no-break space, an ideographic space; a
# private-use character no font has.
_MIXED = (
    list("ab XZ 09 .,;:!?()[]{}%-'\"«»…")
    + list("汉字会议记下的笔记，。、：（）「」《》【】々ーぁっャアＡ０")
    + list("한국")
    + ["😀", "✓", "★", "→", "€", "\u0301", "\u3099", "\u00a0", "\u3000", "\ue000", "\U00020000"]
)
_LINES = st.lists(st.sampled_from(_MIXED), max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(_LINES)
def test_runs_in_typed_order_are_those_of_the_character_by_character_way(line: str) -> None:
    # no right-to-left text: drawing order changes nothing, and takes the old way
    assert house._runs(line) == house._runs(line, drawing_order=True)
    assert "".join(run for _font, run in house._runs(line)).replace(house.REPLACEMENT, "") == (
        "".join(char for char in line if house._font_for(char) is not None)
    )


_TOKEN = re.compile(f" +|[{house._CJK_RANGES}]|[^ {house._CJK_RANGES}]+")


def _units_token_by_token(line: str) -> list[tuple[bool, str, int, int]]:
    units: list[tuple[bool, str, int, int]] = []
    space = False
    for match in _TOKEN.finditer(line):
        token = match.group()
        if token[0] == " ":
            space = bool(units)
            continue
        if units:
            space_before, before, begin, _end = units[-1]
            cjk = house._CJK_TEXT.match(token) or house._CJK_TEXT.match(before[-1])
            if (
                not (space or cjk)
                or token[0] in house._CANNOT_START
                or before[-1] in house._CANNOT_END
                or unicodedata.category(token[0]) in house._MARKS
            ):
                units[-1] = (
                    space_before,
                    before + (" " if space else "") + token,
                    begin,
                    match.end(),
                )
                space = False
                continue
        units.append((space, token, match.start(), match.end()))
        space = False
    return units


@settings(max_examples=400, deadline=None)
@given(_LINES)
def test_break_pieces_are_those_of_the_rules_token_by_token(line: str) -> None:
    assert house._cjk_units(line) == _units_token_by_token(line)


def test_pieces_keep_their_spaces_as_one() -> None:
    assert house._cjk_units("  他说  「好」  Latin  词  ") == [
        (False, "他", 2, 3),
        (False, "说", 3, 4),
        (True, "「好」", 6, 9),
        (True, "Latin", 11, 16),
        (True, "词", 18, 19),
    ]


# Arabic and Hebrew letters and signs, Latin, digits of both kinds, punctuation that
# comes before a right-to-left word in drawing order, spaces of several kinds, an emoji,
# a mark, a character no font has.
_RTL_MIXED = [
    *"يوسفحدادلا،؛؟٠٧ שלוםמילה״ ab Zë 09 .,:;!?()[]«»-/%'\"…",
    "\u064e",
    "\u05b8",
    "\u00a0",
    "\u3000",
    "😀",
    "✓",
    "\ue000",
    "汉",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_RTL_MIXED), max_size=60).map("".join))
def test_runs_in_drawing_order_are_those_of_the_character_by_character_way(line: str) -> None:
    assert house._runs(line, drawing_order=True) == house._runs_by_char(line, drawing_order=True)
    assert house._runs(line) == house._runs_by_char(line)
    shown = house._drawing_order(line, base="R")
    assert house._runs(shown, drawing_order=True) == house._runs_by_char(shown, drawing_order=True)
