"""The house style's short cuts around reportlab give what reportlab itself gives
(issue 22, point 5): a paragraph's fragments made without the markup parser, and a line
of a right-to-left paragraph laid out without the line breaker, are the same fragments,
words, glyph positions and widths, so the page is drawn exactly as before, only sooner.
Every text is invented.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from tac_desktop.core.documents import content as c
from tac_desktop.core.documents import house
from tac_desktop.core.documents.minutes import MinutesRenderer

LINES = [
    "Plain English words, nothing else",
    "يوسف حداد قال إن الأمور أفضل الآن",
    "יוסי כהן אמר שהמצב טוב יותר",
    "الهاتف 07700 900101 والموعد 12/01/2027",
    "Meeting with يوسف حداد (father) about the school",
    "(حضور) الأب، والأم: نعم!",
    "שלום (עולם) 3.5 ק״ג",
    "会议期间记下的笔记，电话07700 900101。",
    "  spaces   inside  and around  ",
    "٠٧٧٠٠ ٩٠٠١٠١ رقم الهاتف",
]


def _frag_dicts(frags: list[Any]) -> list[dict[str, Any]]:
    return [dict(f.__dict__) for f in frags]


def _markups() -> list[str]:
    out = []
    for line in LINES:
        out.append(house.safe_markup(line))
        shown = house._drawing_order(line)
        out.append(house._line_markup(shown, in_drawing_order=True))
    return out


@pytest.mark.parametrize("style_name", ["body", "cell", "cell_bold", "heading"])
def test_fragments_are_the_parsers(style_name: str) -> None:
    style = getattr(house.styles(), style_name)
    for markup in _markups():
        text, frags = house._line_frags(markup, style)
        parsed = Paragraph(markup, style)
        assert frags is not None, markup
        assert text == parsed.text
        assert _frag_dicts(frags) == _frag_dicts(parsed.frags), markup


@pytest.mark.parametrize(
    "markup",
    [
        "one<br/>two",
        "fish &amp; chips",
        "<b>bold</b> words",
        'x<font face="TacSans" color="red">y</font>',
        "a" * 5000 + "<br/>",  # never a slow pattern over a long line
    ],
)
def test_other_markup_goes_to_the_parser(markup: str) -> None:
    _text, frags = house._line_frags(markup, house.styles().body)
    assert frags is None
    assert Paragraph(markup, house.styles().body).frags  # and the parser still reads it


def _layout(paragraph: Any) -> list[Any]:
    """What a wrapped paragraph draws: per line, its words' fragments, their text and
    glyph positions, and the room left."""
    out = []
    for line in paragraph.blPara.lines:
        words = [
            (
                {k: v for k, v in w.__dict__.items() if k != "text"},
                str(w.text),
                getattr(w.text, "__shapeData__", None),
            )
            for w in line.words
        ]
        out.append((words, line.extraSpace, line.wordCount, line.ascent, line.descent))
    return out


def _frag_words(frags: list[Any]) -> list[Any]:
    """A wrapped paragraph's words (or fragments) as values: kind, width, and each
    piece's fragment, text and glyph positions."""
    return [
        (
            type(w).__name__,
            w[0],
            [
                (dict(f.__dict__), type(t).__name__, str(t), getattr(t, "__shapeData__", None))
                for f, t in w[1:]
            ],
        )
        if isinstance(w, list)
        else dict(w.__dict__)
        for w in frags
    ]


def test_lines_set_from_kept_shapes_share_no_glyph_positions() -> None:
    """Two lines of the same words (the second made from the kept shapes) hold their
    own lists of glyph positions, in their words and in their laid out line."""
    style = house._line_style(house.styles().body, True)
    shown = house._drawing_order("يوسف حداد (الأب) قال: لا، شكرا 07700 900101", base="R")
    markup = house._line_markup(shown, in_drawing_order=True)
    seen: list[Any] = []
    for _ in range(2):
        line = house._Line(markup, style)
        line.wrap(480.0, 1e9)
        texts = [t for w in line.frags for _f, t in w[1:]]
        texts += [g.text for g in line.blPara.lines[0].words]
        seen += [t.__shapeData__ for t in texts if hasattr(t, "__shapeData__")]
    assert len(seen) > 8
    assert len({id(data) for data in seen}) == len(seen)
    assert getattr(house._Line.__new__(house._Line), "frags", None) is None  # (not set yet)


@pytest.mark.parametrize("right", [False, True])
@pytest.mark.parametrize("width", [480.0, 150.0, 60.0])
def test_a_line_is_laid_out_as_reportlab_does(right: bool, width: float) -> None:
    style = house._line_style(house.styles().body, right)
    short_cut = 0
    for markup in _markups():
        _text, frags = house._line_frags(markup, style)
        short_cut += frags is not None and house._one_line(frags, width, style) is not None
        ours = house._Line(markup, style)
        theirs = Paragraph(markup, style)
        assert ours.wrap(width, 1e9) == theirs.wrap(width, 1e9), markup
        assert _layout(ours) == _layout(theirs), markup
        assert _frag_words(ours.frags) == _frag_words(theirs.frags), markup
        assert ours.wrap(width, 1e9) == theirs.wrap(width, 1e9)  # kept for the width
        assert ours.wrap(width + 1, 1e9) == theirs.wrap(width + 1, 1e9)  # and set again
        assert _layout(ours) == _layout(theirs), markup
    if width > 400:
        assert short_cut >= len(LINES)  # the lines that fit took the short cut


def test_a_long_note_with_line_breaks_and_escapes_prints_whole(tmp_path: Any) -> None:
    """A note mixing every kind of line (a "&", a line break, Arabic with numbers)
    prints every word: the short cuts and the ordinary way meet in one document."""
    from pypdf import PdfReader

    note = "\n".join(
        [
            "Fish & chips on Friday, <not> markup.",
            "يوسف حداد قال إن الأمور أفضل الآن، الهاتف 07700 900101.",
            "会议期间记下的笔记，电话07700 900101。" * 40,
            "Plain words " * 400,
        ]
    )
    day = date(2026, 12, 6)
    content = c.MinutesContent(
        reference="LAYOUT-1",
        meeting_title="TAC review",
        held_on=day,
        chair="Bea Layout",
        subject="Zoe Layout",
        attendees=(),
        sections=(c.Section("s1", "Notes", note, ()),),
        scores=(),
        considerations=(),
        previous_actions=(),
        action_plan=(),
        next_review_on=None,
        distribution=(),
    )
    pdf = MinutesRenderer(content).render()
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    text = "".join(page.extract_text() for page in PdfReader(str(path)).pages)
    squashed = "".join(text.split())
    assert "Fish&chipsonFriday,<not>markup." in squashed
    assert "07700900101" in squashed
    assert squashed.count("Plain") == 400  # (a page may fall between two words)


def _repeating_minutes() -> c.MinutesContent:
    """Minutes whose Arabic and Hebrew lines repeat: in long notes over several pages
    and in the cells of a task table."""
    day = date(2026, 12, 6)
    arabic = "ملاحظات كتبت خلال الاجتماع (يوسف) والهاتف 07700 900101. " * 60
    hebrew = "משימה כתובה באריכות: מי עושה מה ואיך, עד 12/01/2027. " * 4
    actions = tuple(
        c.Action(hebrew, "Owner Layout", "Zoe Layout", day, "Not started") for _ in range(30)
    )
    return c.MinutesContent(
        reference="LAYOUT-2",
        meeting_title="TAC review",
        held_on=day,
        chair="Bea Layout",
        subject="Zoe Layout",
        attendees=(),
        sections=(
            c.Section("s1", "Notes", arabic, ()),
            c.Section("s2", "More notes", f"{arabic}\n{hebrew}", ("actions",)),
        ),
        scores=(),
        considerations=(),
        previous_actions=(),
        action_plan=(c.AgencyActions("Agency Layout", actions),),
        next_review_on=None,
        distribution=(),
    )


def test_a_line_set_again_prints_exactly_as_a_new_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A right-to-left line that repeats is set once and drawn from what it wrote the
    first time: the file is byte for byte the one made setting and drawing every line
    anew, at every height and in every cell."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764979200")
    made: list[str] = []

    class Counted(house._Line):  # type: ignore[misc]
        def __init__(self, markup: str, style: Any, runs: Any = None) -> None:
            made.append(markup)
            super().__init__(markup, style, runs)

    monkeypatch.setattr(house, "_Line", Counted)
    house._LINES.clear()
    kept = MinutesRenderer(_repeating_minutes()).render()
    lines_kept = len(made)
    made.clear()
    monkeypatch.setattr(
        house, "_line_at", lambda markup, style, _width, runs=None: Counted(markup, style, runs)
    )
    anew = MinutesRenderer(_repeating_minutes()).render()
    assert len(made) > 2 * lines_kept  # the repeats were set once
    assert kept == anew


# Letters of each script, digits of two kinds, punctuation, marks and the spaces
# reportlab treats apart (a double space, a no-break space, a zero-width space, a soft
# hyphen): the pieces a line of a right-to-left paragraph is made of.
_PIECES = st.sampled_from(
    [
        "يوسف",
        "حداد",
        "كلمة",
        "لا",
        "מילה",
        "שלום",
        "word",
        "Zoë",
        "07700",
        "٠٧٧٠٠",
        "12/01",
        "،",
        ".",
        ":",
        "(",
        ")",
        "!",
        "\u064e",
        " ",
        " ",
        " ",
        "  ",
        "\u00a0",
        "\u200b",
        "\u00ad",
        "😀",
        # the other right-to-left scripts: Syriac, Thaana, N'Ko, Adlam
        "ܫܠܡܐ",
        "ދިވެހި",
        "ߒߞߏ",
        "𞤀𞤣𞤤𞤢𞤥",
    ]
)
# (and Chinese, for the shaping of single words in every house font)
_WORD_PIECES = _PIECES | st.sampled_from(["会议期间", "电话", "ｆｉ", "fi", "ffl", "AV", "Wa"])


def _words_dump(frags: list[Any], words: list[Any]) -> list[Any]:
    """Each word as reportlab keeps it: its kind, width and pieces (which fragment,
    text, glyph positions)."""
    index = {id(f): n for n, f in enumerate(frags)}
    return [
        (
            type(w).__name__,
            w[0],
            [
                (index.get(id(f)), type(t).__name__, str(t), getattr(t, "__shapeData__", None))
                for f, t in w[1:]
            ],
        )
        for w in words
    ]


def _words_both_ways(markup: str, style: Any) -> tuple[Any, Any, Any] | None:
    from reportlab.platypus import paragraph as rl

    made = [house._line_frags(markup, style)[1] for _ in range(3)]
    if made[0] is None:
        return None
    first = house._shaped_words(made[0])  # (shaping each new word)
    theirs = [rl.shapeFragWord(w) for w in rl._getFragWords(made[1])]
    again = house._shaped_words(made[2])  # (every word from the kept shapes)
    if first is None:
        assert again is None
        return None
    assert [f._fkind for f in made[0]] == [f._fkind for f in made[1]]
    return (
        _words_dump(made[0], first),
        _words_dump(made[1], theirs),
        _words_dump(made[2], again),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=25).map("".join))
def test_words_made_in_one_pass_are_reportlabs(line: str) -> None:
    """``_shaped_words`` gives the words reportlab's ``_getFragWords`` and
    ``shapeFragWord`` give: the same kinds, widths, fragments and glyph positions."""
    style = house._line_style(house.styles().body, True)
    shown = house._drawing_order(house._printable(house.plain_text(line)), base="R")
    found = _words_both_ways(house._line_markup(shown, in_drawing_order=True), style)
    if found is not None:
        first, theirs, again = found
        assert first == theirs == again


def test_words_of_real_lines_made_in_one_pass_are_reportlabs() -> None:
    lines = [line for line in LINES if house._has_rtl(line)] + [
        "ملاحظات كتبت خلال الاجتماع مع ما قاله كل شخص، والهاتف 07700 900101. " * 2,
        "הערות שנכתבו במהלך הפגישה עם מה שאמר כל אחד, והטלפון 07700 900101. " * 2,
    ]
    taken = 0
    for line in lines:
        for base in ("L", "R"):
            shown = house._drawing_order(line.strip(), base=base)
            markup = house._line_markup(shown, in_drawing_order=True)
            found = _words_both_ways(markup, house.styles().cell)
            if found is not None:
                taken += 1
                first, theirs, again = found
                assert first == theirs == again, line
    assert taken >= 2 * len(lines) - 2


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=25).map("".join))
def test_shared_words_are_the_same_words_and_copied_when_asked_for(line: str) -> None:
    """Words made with ``shared`` (each piece, the last word of a line too, the kept
    shaped string itself) are the words made without it, and ``_own_words`` gives each
    shaped piece its own glyph positions, as ``_fresh`` does."""
    from reportlab.pdfbase import ttfonts

    style = house._line_style(house.styles().body, True)
    shown = house._drawing_order(house._printable(house.plain_text(line)), base="R")
    markup = house._line_markup(shown, in_drawing_order=True)
    made = [house._line_frags(markup, style)[1] for _ in range(3)]
    if made[0] is None:
        return
    own = house._shaped_words(made[0])
    shared = house._shaped_words(made[1], shared=True)
    again = house._shaped_words(made[2], shared=True)  # (every word from the kept shapes)
    if own is None:
        assert shared is None and again is None
        return
    assert shared is not None and again is not None
    copies = house._own_words(again)
    expected = _words_dump(made[0], own)
    assert _words_dump(made[1], shared) == _words_dump(made[2], again) == expected
    assert _words_dump(made[2], copies) == expected
    for kept, copied in zip(again, copies, strict=True):
        for (_f, text), (_g, its) in zip(kept[1:], copied[1:], strict=True):
            if isinstance(text, ttfonts.ShapedStr):
                assert its is not text and its.__shapeData__ is not text.__shapeData__


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "كلمة", " ", "  ", "\u00a0", "\u200b", "\u3000", "\t", "\n"]),
        max_size=12,
    ).map("".join)
)
def test_markup_is_cleaned_as_reportlab_cleans_it(text: str) -> None:
    from reportlab.platypus import paragraph as rl

    for markup in (text, f'<font face="TacArabic">{text}</font>', f"x{text}x"):
        cleaned, _frags = house._line_frags(markup, house.styles().body)
        assert cleaned == rl.cleanBlockQuotedText(markup)


def _shaped_dump(word: Any) -> Any:
    """A shaped word down to the type of every number: reportlab's own or ours must
    print the same bytes."""
    if not isinstance(word, list):
        return word
    return (
        type(word).__name__,
        type(word[0]).__name__,
        word[0],
        [
            (
                id(f),
                type(t).__name__,
                str(t),
                [[(type(v).__name__, v) for v in d] for d in getattr(t, "__shapeData__", ())],
            )
            for f, t in word[1:]
        ],
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_WORD_PIECES, min_size=1, max_size=6).map("".join),
    st.sampled_from(
        [
            house.SANS,
            "TacSans-Bold",
            "TacSans-Italic",
            house.ARABIC,
            "TacArabic-Bold",
            house.HEBREW,
            "TacHebrew-Bold",
            house.CJK,
            house.SYMBOLS,
            house.EMOJI,
        ]
    ),
    st.sampled_from([9.0, 10.5, 14]),
    st.booleans(),
)
def test_a_word_is_shaped_as_reportlab_shapes_it(
    text: str, font: str, size: float, spaced: bool
) -> None:
    """``_shape_one_run`` gives what reportlab's ``shapeFragWord`` gives for a word of
    one fragment, in every house font: the same kind of word, width, glyph codes and
    glyph data, number types included (or the word itself when nothing changes)."""
    from reportlab.platypus import paragraph as rl
    from reportlab.platypus.paraparser import ParaFrag

    for family in (house.SANS, house.ARABIC, house.HEBREW, house.CJK, house.SYMBOLS, house.EMOJI):
        house._family(family)
    text = text.replace(" ", "").replace("\u00a0", "") or "x"
    frag = ParaFrag(fontName=font, fontSize=size, text=text)
    kind = rl._HSFrag if spaced else list
    width = rl.stringWidth(text, font, size)
    features = {"kern": True, "liga": True}
    word = kind([width, (frag, text)])
    ours = house._shape_one_run(word, features=features)
    given_to_reportlab = kind([width, (frag, text)])
    theirs = house._reportlab_shape(given_to_reportlab, features=features)
    assert ours is not house._MISSING
    if theirs is given_to_reportlab:  # nothing changed: the word itself comes back
        assert ours is word
    else:
        assert _shaped_dump(ours) == _shaped_dump(theirs)


def test_a_word_of_several_fragments_or_options_goes_to_reportlab() -> None:
    from reportlab.platypus.paraparser import ParaFrag

    house._family(house.ARABIC)
    frag = ParaFrag(fontName=house.ARABIC, fontSize=10, text="كلمة")
    word = [10.0, (frag, "كل"), (frag, "مة")]
    assert house._shape_one_run(word, features={"kern": True}) is house._MISSING
    assert house._shape_one_run([10.0, (frag, "كلمة")]) is house._MISSING  # (no features)
    helvetica = ParaFrag(fontName="Helvetica", fontSize=10, text="word")
    assert house._shape_one_run([10.0, (helvetica, "word")], features={}) is house._MISSING


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_PIECES, min_size=1, max_size=30).map("".join),
    st.sampled_from(["L", "R"]),
    st.sampled_from([480.0, 150.0, 60.0]),
)
def test_any_line_is_laid_out_as_reportlab_does(line: str, base: str, width: float) -> None:
    """Any mix of words, numbers, punctuation and spaces, in either direction: the line
    ``_Line`` sets (the quick steps of ``_one_line`` for the words of one fragment
    among them) is reportlab's, word for word and glyph for glyph."""
    style = house._line_style(house.styles().body, base == "R")
    shown = house._drawing_order(house._printable(house.plain_text(line)), base=base)
    markup = house._line_markup(shown, in_drawing_order=True)
    for _ in range(2):  # (the second time from the kept shapes)
        ours = house._Line(markup, style)
        theirs = Paragraph(markup, style)
        assert ours.wrap(width, 1e9) == theirs.wrap(width, 1e9), markup
        assert _layout(ours) == _layout(theirs), markup
        assert _frag_words(ours.frags) == _frag_words(theirs.frags), markup


def test_a_line_of_many_words_in_one_fragment_is_laid_out_as_reportlab_does() -> None:
    """Long runs of words in one font (the quick steps), with fragments of another
    font and words of several fragments between them."""
    style = house._line_style(house.styles().cell, True)
    words = "ملاحظات كتبت خلال الاجتماع مع ما قاله كل شخص"
    for line in (
        f"{words}، والهاتف 07700 900101. {words} (يوسف) {words}",
        f"{words} {words}",
        f"Zoë {words} word word word {words}!",
    ):
        shown = house._drawing_order(line, base="R")
        markup = house._line_markup(shown, in_drawing_order=True)
        _text, frags = house._line_frags(markup, style)
        assert frags is not None and house._one_line(frags, 2000.0, style) is not None
        for width in (2000.0, 300.0):
            ours = house._Line(markup, style)
            theirs = Paragraph(markup, style)
            assert ours.wrap(width, 1e9) == theirs.wrap(width, 1e9), line
            assert _layout(ours) == _layout(theirs), line
            assert _frag_words(ours.frags) == _frag_words(theirs.frags), line


_SPACES_AND_SUCH = st.sampled_from(
    [
        " ",
        "  ",
        "\t",
        "\n",
        "\r",
        "\x0b",
        "\x0c",
        "\x1c",
        "\x85",
        "\u00a0",
        "\u1680",
        "\u2000",
        "\u2007",
        "\u200a",
        "\u200b",
        "\u2028",
        "\u2029",
        "\u202f",
        "\u205f",
        "\u3000",
        "\u00ad",
        "\u200c",
        "\u200d",
        "\ufeff",
        "a",
        "كلمة",
        "\u064e",
        "<b>",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_SPACES_AND_SUCH | st.characters(), max_size=10).map("".join))
def test_the_quick_checks_for_plain_text_are_the_patterns(text: str) -> None:
    """``_cleaned_already`` and the check ``_shaped_words`` makes of each fragment
    answer as the patterns they stand for, for any text."""
    assert house._cleaned_already(text) == (house._UNCLEAN_MARKUP.search(text) is None)
    frag = house._copy_frag(house._prototype(house.styles().body, None))
    frag.text = text
    plain = bool(text) and house._NOT_PLAIN_WORDS.search(text) is None
    assert (house._shaped_words([frag]) is not None) == plain


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_PIECES | st.sampled_from(["<b>", "&", "x > y", "\t"]), min_size=1, max_size=25).map(
        "".join
    ),
    st.sampled_from(["L", "R"]),
    st.sampled_from(["body", "cell", "heading"]),
)
def test_fragments_from_the_runs_are_the_markups(line: str, base: str, style_name: str) -> None:
    """A line set by ``BidiParagraph`` hands its runs to ``_line_frags``: the
    fragments made from them are the ones read from its markup, and reportlab's."""
    style = house._line_style(getattr(house.styles(), style_name), base == "R")
    shown = house._drawing_order(house._printable(house.plain_text(line)), base=base)
    runs = house._runs(shown, drawing_order=True)
    markup = house._markup_of_runs(runs, True)
    assert markup == house._line_markup(shown, in_drawing_order=True)
    text, frags = house._line_frags(markup, style, runs)
    read_text, read = house._line_frags(markup, style)
    assert text == read_text
    assert (frags is None) == (read is None), markup
    if frags is not None and read is not None:
        assert _frag_dicts(frags) == _frag_dicts(read), markup
        assert _frag_dicts(frags) == _frag_dicts(Paragraph(markup, style).frags), markup


def test_runs_that_would_read_back_otherwise_are_read_from_the_markup() -> None:
    """Two runs in the paragraph's font together (the markup reads them as one) or a
    font name the markup pattern does not read: the fragments come from the markup."""
    style = house._line_style(house.styles().body, True)
    for runs in (
        [(house.SANS, "one "), (house.SANS, "two")],
        [(house.SANS, "one "), ('Odd"Name', "two")],
        [(house.SANS, "one "), (None, "two")],
    ):
        assert house._frags_of_runs(runs, style) is None
    runs = [(house.SANS, "one "), (house.ARABIC, "كلمة"), (house.SANS, " two")]
    markup = house._markup_of_runs(runs, True)
    made = house._frags_of_runs(runs, style)
    assert made is not None
    assert _frag_dicts(made) == _frag_dicts(Paragraph(markup, style).frags)
    assert [f.text for f in made] == ["one ", "كلمة", " two"]


def _words_by_line(paragraph: Any, width: float) -> list[tuple[int, str]]:
    """Each line's segment and words as ``BidiParagraph._set`` broke them before it
    looked at the longest word first: every word through ``_fitting_words``."""
    style = paragraph.style
    room = (width - style.leftIndent - style.rightIndent) * 0.97
    space = house.pdfmetrics.stringWidth(" ", style.fontName, style.fontSize)
    out = []
    for index, (typed, _base) in enumerate(paragraph.segments):
        lines: list[list[str]] = [[]]
        used = 0.0
        for word in house._fitting_words(typed.split(" "), style, room):
            wide = house._text_width(word, style)
            if lines[-1] and used + space + wide > room:
                lines.append([])
                used = 0.0
            used += wide + (space if lines[-1] else 0.0)
            lines[-1].append(word)
        out += [(index, " ".join(words)) for words in lines]
    return out


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["يوسف", "حداد", "07700", "word", "", "ملاحظات" * 4, "كلمة" * 12, "x" * 25]
        ),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from([480.0, 150.0, 60.0]),
)
def test_a_paragraph_breaks_into_lines_as_each_word_is_fitted(
    words: list[str], width: float
) -> None:
    """Lines of short words, of long words that fit and of words cut to fit: a
    paragraph breaks where fitting each word (``_fitting_words``) breaks it."""
    text = " ".join(words).strip() or "كلمة"
    paragraph = house.BidiParagraph(text, house.styles().body)
    paragraph.wrap(width, 1e9)
    assert paragraph.words == _words_by_line(paragraph, width)


@pytest.mark.parametrize(
    "typed",
    [
        "يوسف😀😀😀 حداد",  # a short word of emoji wider than the column
        "שלום WWWWWWWW טוב",
        "ملاحظة ٠٧٧٠٠٩٠٠١٠١٠٧٧٠٠ تم",  # a long number with no space
        "c😀 、",  # Chinese punctuation that may not start a line, after an emoji
    ],
)
def test_a_short_word_wider_than_a_narrow_column_is_cut_to_fit(typed: str) -> None:
    """A word of a few characters can be wider than a narrow table column (emoji, wide
    Latin capitals): it is cut like a long one, so every line fits and every character
    is kept, in a right-to-left paragraph and in one holding Chinese."""
    flowable = house.para(typed, house.styles().cell)
    flowable.wrap(40.0, 10_000)
    if isinstance(flowable, house.BidiParagraph):
        for line in flowable.lines or []:
            lines = line.blPara.lines
            assert len(lines) == 1  # set on one line, as made
            assert lines[0].extraSpace >= -0.01
        text = "".join(words for _segment, words in flowable.words)  # (as typed)
    else:
        assert isinstance(flowable, house._CJKPara)
        text = ""
        for line in flowable.blPara.lines:
            assert line.extraSpace >= -0.01
            text += "".join(word.text for word in line.words)
    printed = house._printable(typed)
    assert sorted(text.replace(" ", "")) == sorted(printed.replace(" ", ""))
