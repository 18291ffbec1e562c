"""Chinese and Japanese fill their lines (issue 22, point 1).

Written without spaces, a sentence was one "word" to reportlab and lines ended half
empty. Lines now break between any two Han or kana characters, by the basic rules: never
before closing punctuation or a small kana, never after an opening bracket, never inside
a Latin word or a number. Pages are read back with ``pdftotext -bbox-layout`` (poppler's
lines with their edges). Every text is invented.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from tac_desktop.core.documents import house
from tests.core.helpers import tool as _tool

DAY = date(2026, 12, 6)
CHINESE = (
    "会议期间记下的笔记，包括每个人说的话，电话07700 900101。孩子的老师说Benchmarking已经完成。"
)
JAPANESE = (
    "会議で話したことを書きました。「学校のこと」について、ちょっとだけ話しました（先生も）。"
)
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>(.*?)</line>', re.S)
_WORD = re.compile(r"<word [^>]*>(.*?)</word>")
# the frame's room: the page less the margins and reportlab's frame padding (6 points)
BODY = A4[0] - 2 * house.MARGIN - 12


class _Page(house.HouseRenderer):  # type: ignore[misc]
    kind = "test"

    def __init__(self, texts: list[str], *, in_table: bool = False) -> None:
        super().__init__(title="Lines", reference="TAC-TEST", on=DAY)
        self.texts = texts
        self.in_table = in_table

    def story(self) -> list[object]:
        if self.in_table:
            return [house.table([["Notes"], *([t] for t in self.texts)], [120 * mm])]
        return [house.para(text, self.styles.body) for text in self.texts]


def _lines(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, str]]:
    """Each line drawn on the body of every page, top to bottom: (left, right, text)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [_tool("pdftotext"), "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")
    lines = []
    for page in out.split("<page ")[1:]:
        for left, top, right, inside in _LINE.findall(page):
            text = " ".join(_WORD.findall(inside)).replace("&amp;", "&")
            if 80 < float(top) < A4[1] - 60:  # not the header or the footer
                lines.append((float(left), float(right), text))
    return lines


def _body_lines(pdf: bytes, tmp_path: Path, typed: str) -> list[tuple[float, float, str]]:
    """The lines holding ``typed`` (the title and the header above them left out)."""
    lines = _lines(pdf, tmp_path)
    start = next(n for n, line in enumerate(lines) if typed.startswith(line[2][:4]))
    return lines[start:]


def _filled(lines: list[tuple[float, float, str]], room: float) -> None:
    """Every line but the last at least 90% of ``room``, unless the next starts with a
    Latin word (kept whole, it may leave more)."""
    for (left, right, text), (*_next, after) in pairwise(lines):
        if not after[0].isascii():
            assert right - left >= 0.9 * room, text


@pytest.mark.parametrize("sentence", [CHINESE, JAPANESE], ids=["chinese", "japanese"])
def test_a_note_without_spaces_fills_its_lines_and_keeps_every_character(
    sentence: str, tmp_path: Path
) -> None:
    typed = sentence * 12
    lines = _body_lines(_Page([typed]).render(), tmp_path, typed)
    # every character, in order (spaces left out: poppler finds its own words)
    assert "".join(text for *_edges, text in lines).replace(" ", "") == typed.replace(" ", "")
    assert len(lines) > 5
    _filled(lines, BODY)
    for *_edges, text in lines[1:]:
        assert text[0] not in "。，、）」』．：；？！ゃゅょっャュョッー", text
    for *_edges, text in lines[:-1]:
        assert text[-1] not in "（「『", text
    # a Latin word and a number are never cut: each is whole on one line
    joined = [text for *_edges, text in lines]
    if "Benchmarking" in sentence:
        assert sum(text.count("Benchmarking") for text in joined) == 12
        assert sum(text.count("07700") for text in joined) == 12
        assert sum(text.count("900101") for text in joined) == 12


def test_chinese_in_a_table_cell_fills_the_column(tmp_path: Path) -> None:
    typed = CHINESE * 6
    pdf = _Page([typed], in_table=True).render()
    lines = _body_lines(pdf, tmp_path, typed)
    assert "".join(text for *_edges, text in lines).replace(" ", "") == typed.replace(" ", "")
    _filled(lines, 120 * mm - 12)  # the cell's padding, 6 points a side


def test_korean_and_latin_keep_reportlab_breaking_at_spaces() -> None:
    """Korean is written with spaces: it is set as before, like Latin."""
    style = house.styles().body
    for typed in (
        "회의에서 모든 사람이 한 말을 적었습니다 " * 20,
        "Notes typed during the meeting.",
    ):
        assert type(house.para(typed, style)).__name__ == "_Para"
    assert not house._CJK_TEXT.search("회의에서 모든 사람이 한 말을 적었습니다")


def test_the_break_rules() -> None:
    units = [
        unit for _space, unit, *_span in house._cjk_units("他说「好」。电话07700 900101，Latin词。")
    ]
    assert units == ["他", "说", "「好」。", "电", "话", "07700", "900101，", "Latin", "词。"]
    kana = [unit for _space, unit, *_span in house._cjk_units("ちょっと、キャット")]
    assert kana == ["ちょっ", "と、", "キャッ", "ト"]


class _Notes(_Page):
    def story(self) -> list[object]:
        return house.paras("\n".join(self.texts), self.styles.body)


def test_a_chinese_note_over_several_pages_keeps_every_character(tmp_path: Path) -> None:
    typed = CHINESE * 150  # split over pages and, at 3,000 characters, into paragraphs
    pdf = _Notes([typed]).render()
    lines = _body_lines(pdf, tmp_path, typed)
    assert "".join(text for *_edges, text in lines).replace(" ", "") == typed.replace(" ", "")
    assert len(re.findall(rb"/Type /Page\b", pdf)) >= 3
    _filled(lines, BODY)


@pytest.mark.parametrize(
    "typed", [CHINESE * 8, JAPANESE * 8 + "\nA second line, 二行目。", "汉字 & <b>不是</b> markup"]
)
def test_the_fragments_are_those_of_reportlabs_parser(typed: str) -> None:
    """The lines' fragments are made directly; they equal what the parser makes of the
    same lines joined by <br/> (text, font, line breaks)."""
    from reportlab.platypus.paraparser import ParaParser

    style = house.styles().body
    flowable = house.para(typed, style)
    flowable.wrap(200, 1000)
    lines = [house._cjk_lines(line, style, 200, 200) for line in typed.split("\n")]
    markup = "<br/>".join(house.safe_markup(line) for part in lines for line in part)
    parsed = ParaParser().parse(markup, style)[1]

    def seen(frags: list[object]) -> list[tuple[object, ...]]:
        keys = ("text", "fontName", "fontSize", "lineBreak")
        return [tuple(getattr(f, key, None) for key in keys) for f in frags]

    wrapped = house.para(typed, style)
    wrapped._set_lines([line for part in lines for line in part])
    assert seen(wrapped.frags) == seen(parsed)
    assert sum(len(part) for part in lines) == len(flowable.blPara.lines)


def _laid_out(flowable: object) -> tuple[str, list[float]]:
    """The text of a wrapped paragraph's lines, and the room left on each."""
    text, left = [], []
    for line in flowable.blPara.lines:  # type: ignore[attr-defined]
        if isinstance(line, tuple):  # one font: (room left, its words)
            left.append(line[0])
            text.append("".join(line[1]))
        else:
            left.append(line.extraSpace)
            text.append("".join(getattr(word, "text", "") for word in line.words))
    return "".join(text), left


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet="汉字。，、（）「」ぁっャーabc 12&<>\u0301\n한국😀ｆ", min_size=1, max_size=200
    ),
    st.sampled_from([40.0, 100.0, 400.0]),
)
def test_any_mix_keeps_every_character_and_every_line_fits(typed: str, width: float) -> None:
    assume(house._CJK_TEXT.search(typed))  # what this path sets
    style = house.styles().body
    flowable = house.para(typed, style)
    flowable.wrap(width, 10_000)
    text, left = _laid_out(flowable)
    kept = house._printable(house.plain_text(typed))
    assert text.replace(" ", "") == kept.replace(" ", "").replace("\n", "")
    assert min(left) >= -0.01  # no line wider than the room: reportlab broke none again


def _layout(paragraph: object) -> list[object]:
    """A paragraph's lines as drawn: each word's fragment settings and text, and the
    line's own settings."""
    return [
        (
            [sorted((k, repr(v)) for k, v in vars(word).items()) for word in line.words],
            sorted((k, repr(v)) for k, v in vars(line).items() if k != "words"),
        )
        for line in paragraph.blPara.lines  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("indent", [0, 12])
def test_a_split_paragraph_keeps_the_lines_reportlab_would_make(indent: int) -> None:
    """A paragraph split over pages keeps its parts' lines instead of breaking them again:
    they are the lines reportlab makes when it breaks each part again (the first part
    without its last line break, the second starting with it), split after split."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle("split", parent=house.styles().body, firstLineIndent=indent)
    text = "\n".join([CHINESE * 6, JAPANESE * 3, "", CHINESE + " Latin words 07700 900101"] * 4)
    whole = house.para(text, style)
    assert isinstance(whole, house._CJKPara)
    whole.wrap(BODY, 10_000)
    kept = 0
    while True:
        parts = whole.split(BODY, 10 * style.leading)
        if len(parts) < 2:
            break
        for part in parts:
            again = Paragraph(None, part.style, frags=list(part.frags))
            again.wrap(BODY, 10_000)
            kept += part._kept is not None
            part.wrap(BODY, 10_000)
            assert _layout(part) == _layout(again)
            assert (part.width, part.height) == (again.width, again.height)
        whole = parts[1]
    assert kept >= 4  # the parts were made from kept lines, not broken again
