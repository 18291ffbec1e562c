"""The house style every TAC Desktop PDF shares, and the base class of every renderer.

How to write a new renderer (e.g. a safety plan)::

    from tac_desktop.core.documents import house

    class SafetyPlanRenderer(house.HouseRenderer):
        kind = "safety plan"                      # for document_file_name()

        def __init__(self, content: SafetyPlanContent) -> None:
            super().__init__(
                title="Family safety plan",
                reference=content.reference,
                on=content.made_on,
                draft=False,
                extra_header=f"Version {content.version}",   # printed on every page
            )
            self.content = content

        def story(self) -> list[Flowable]:
            s = self.styles
            out: list[Flowable] = [house.para("What we are worried about", s.heading)]
            out += house.paras(self.content.worries, s.body)   # ANY user text: safe
            out.append(house.table([["Who", "Phone"], *rows], [60 * mm, 40 * mm]))
            return out

    pdf: bytes = SafetyPlanRenderer(content).render()

Rules the helpers keep for you, so a renderer never has to think about them:

- Every piece of text a person typed goes through ``para``/``paras``/``cell`` (or
  ``safe_markup`` when you build markup yourself): it is escaped (never markup: ``<img>``
  in a name would read a local file), control characters and lone surrogates are
  dropped, very long words wrap, and each script gets a font that has it (Noto Sans,
  Noto Naskh Arabic shaped by HarfBuzz, Noto Sans Hebrew, Droid Sans Fallback for
  Chinese and Japanese, Nanum Gothic for Korean, a Noto Sans for each script of
  ``_SCRIPT_FAMILIES`` (Devanagari, Bengali, Tamil, Thai, Ethiopic, Georgian...),
  Noto Sans Symbols 2, Noto Emoji); a symbol no font
  has prints as its name ("[leftwards wave arrow]"), anything else no font has as a
  visible "�", never a box.
- Text holding Arabic or Hebrew (or Syriac, Thaana, N'Ko, Adlam: ``_RTL_FAMILIES``) is
  broken into lines in reading order and each line is then put in drawing order by
  the Unicode bidirectional algorithm (``python-bidi``):
  a paragraph that starts in Arabic is set from the right and its first words are on
  its first line; Latin words and numbers inside it keep their own direction.
  Headings, and the program's own sentences around a typed name (``sentence=True``),
  read left to right like the document whatever the name's script. Each such line is
  then written in the file in typed order (every glyph where it was drawn), so copied
  or extracted text (pypdf, mutool; poppler goes by position) reads as typed.
  Only labels written in code may be passed as markup (``para(..., markup=True)``).
- Every font is an embedded TrueType font; the canvas and every table start on it, so
  no non-embedded Helvetica appears (``pdffonts`` shows none).
- Every page carries the security marking at the top and bottom, the document title,
  the case reference, the document's date and "Page x of y"; a draft says DRAFT.
- Every PDF is tagged: ``para`` gives a heading its role by its style (title H1,
  heading H2, subheading H3, label H4; never skipping a level), a "•" line is a list
  item (L > LI > LBody), anything else P; ``table`` gives Table, TR, TH (its header row,
  /Scope /Column, or without one its first column, /Scope /Row) and TD; what a page
  repeats (header, footer, page numbers, table rules, a table's header row on the next
  page, DRAFT) is an artifact; a paragraph mostly in another script (Hindi, Greek,
  Chinese...) and a line holding Arabic or Hebrew say their language (``languages``,
  for the voice a screen reader uses). What splits
  over pages (a paragraph, a list item, a table and its rows and cells) stays one
  element. A flowable of your own that draws must do the same (see ``_Tagger``), or
  screen readers skip it. The file says its language, shows its title in the viewer's
  window, is dated when it was made and names itself in XMP as PDF/UA-1.

reportlab is imported when this module is, so import this module only when a document
is made (``tac_desktop.core.documents`` itself stays light).
"""

from __future__ import annotations

import gc
import io
import os
import re
import threading
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from itertools import accumulate, compress, groupby, pairwise
from operator import attrgetter, itemgetter, ne
from typing import Any

from bidi import algorithm as _bidi  # its rules, applied here: _bidi_display_levels
from bidi import get_base_level
from bidi import mirror as _bidi_mirror
from reportlab import rl_config as _rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase import ttfonts as _ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import textobject as _textobject
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as _paragraph_module
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.paraparser import ParaFrag as _ParaFrag
from reportlab.platypus.paraparser import ParaParser as _ParaParser

from tac_desktop.core.documents.languages import (
    SCRIPT_BLOCKS,
    language_of_lines,
    language_of_span,
    language_of_text,
)
from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.resources import resource

__all__ = [
    "BODY_WIDTH",
    "MARGIN",
    "MARKING",
    "PAGE_SIZE",
    "HouseRenderer",
    "HouseStyles",
    "cell",
    "indented",
    "long_date",
    "para",
    "paras",
    "plain_text",
    "safe_markup",
    "short_date",
    "styles",
    "table",
]

PAGE_SIZE = A4
MARGIN = 18 * mm
HEADER_SPACE = 16 * mm  # between the top margin line and the first line of content
FOOTER_SPACE = 12 * mm
BODY_WIDTH = PAGE_SIZE[0] - 2 * MARGIN
MARKING = "OFFICIAL-SENSITIVE"
REPLACEMENT = "\ufffd"  # drawn by Noto Sans: a visible sign that a character is missing

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#e8ecef")
MARK_RED = colors.HexColor("#b00020")

# -- fonts ----------------------------------------------------------------------------

SANS = "TacSans"
ARABIC = "TacArabic"
HEBREW = "TacHebrew"
CJK = "TacCJK"
KOREAN = "TacKorean"
SYMBOLS = "TacSymbols"
EMOJI = "TacEmoji"

# The scripts of South and South-East Asia, the Caucasus, Ethiopia, Tibet, the Amazigh
# and others written left to right, each a Noto font of its own (regular and bold, where
# one is made), by the name of the script: (family, code ranges).
# Shaped by HarfBuzz like Arabic (conjuncts, vowel signs placed around their letter).
_SCRIPT_FAMILIES: dict[str, tuple[tuple[int, int], ...]] = {
    "Devanagari": ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF)),
    "Bengali": ((0x0980, 0x09FF),),
    "Gurmukhi": ((0x0A00, 0x0A7F),),
    "Gujarati": ((0x0A80, 0x0AFF),),
    "Oriya": ((0x0B00, 0x0B7F),),
    "Tamil": ((0x0B80, 0x0BFF),),
    "Telugu": ((0x0C00, 0x0C7F),),
    "Kannada": ((0x0C80, 0x0CFF),),
    "Malayalam": ((0x0D00, 0x0D7F),),
    "Sinhala": ((0x0D80, 0x0DFF),),
    "Thai": ((0x0E00, 0x0E7F),),
    "Lao": ((0x0E80, 0x0EFF),),
    "Myanmar": ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)),
    "Georgian": ((0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2F)),
    "Armenian": ((0x0530, 0x058F), (0xFB13, 0xFB17)),
    "Ethiopic": ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F)),
    "Khmer": ((0x1780, 0x17FF), (0x19E0, 0x19FF)),
    "Tibetan": ((0x0F00, 0x0FFF),),
    "Tifinagh": ((0x2D30, 0x2D7F),),  # Tamazight (Berber) of Morocco and Algeria
    "Cherokee": ((0x13A0, 0x13FF), (0xAB70, 0xABBF)),
    "CanadianAboriginal": ((0x1400, 0x167F), (0x18B0, 0x18FF)),  # Inuktitut, Cree
    "Vai": ((0xA500, 0xA63F),),  # Liberia and Sierra Leone
    "Yi": ((0xA000, 0xA4CF),),  # Nuosu of Sichuan
}
# The right-to-left scripts besides Arabic and Hebrew: Syriac (Assyrian and Chaldean
# Neo-Aramaic), Thaana (Dhivehi), N'Ko (Manding) and Adlam (Fula), each a Noto font of
# its own. Shaped by HarfBuzz and set right to left as Arabic is.
_RTL_FAMILIES: dict[str, tuple[tuple[int, int], ...]] = {
    "Syriac": ((0x0700, 0x074F), (0x0860, 0x086F)),
    "Thaana": ((0x0780, 0x07BF),),
    "NKo": ((0x07C0, 0x07FF),),
    "Adlam": ((0x1E900, 0x1E95F),),
}
# The fonts of a script not named NotoSans{script}-{Regular,Bold}.ttf: (regular, bold)
_SCRIPT_FILES: dict[str, tuple[str, str | None]] = {
    "Tibetan": ("NotoSerifTibetan-Regular.ttf", "NotoSerifTibetan-Bold.ttf"),
    "Tifinagh": ("NotoSansTifinagh-Regular.ttf", None),  # (no bold is made)
    "Vai": ("NotoSansVai-Regular.ttf", None),
    "Yi": ("NotoSansYi-Regular.ttf", None),
    "Syriac": ("NotoSansSyriac-Regular.ttf", None),
    "NKo": ("NotoSansNKo-Regular.ttf", None),
}

# family -> (regular file, bold file or None). Loaded on first use: Droid Sans Fallback
# alone takes ~150 ms to read, so a document without Chinese never pays for it.
_FONT_FILES: dict[str, tuple[str, str | None]] = {
    SANS: ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ARABIC: ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    HEBREW: ("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    CJK: ("DroidSansFallbackFull.ttf", None),
    # Droid Sans Fallback has 3 of the 11,172 Hangul syllables: Korean has a font of its own
    KOREAN: ("NanumGothic.ttf", "NanumGothicBold.ttf"),
    SYMBOLS: ("NotoSansSymbols2-Regular.ttf", None),
    EMOJI: ("NotoEmoji-Regular.ttf", None),
} | {
    f"Tac{script}": _SCRIPT_FILES.get(
        script, (f"NotoSans{script}-Regular.ttf", f"NotoSans{script}-Bold.ttf")
    )
    for script in (*_SCRIPT_FAMILIES, *_RTL_FAMILIES)
}
# each code range of _SCRIPT_FAMILIES and _RTL_FAMILIES: (first, last, family)
_SCRIPT_RANGES = sorted(
    (first, last, f"Tac{script}")
    for script, ranges in (_SCRIPT_FAMILIES | _RTL_FAMILIES).items()
    for first, last in ranges
)


_LOADED_FAMILIES: list[str] = []  # the fonts ``_family`` has loaded, in order


@cache
def _family(name: str) -> frozenset[int]:
    """Register one font family (regular, bold, italics) once; return what it covers."""
    regular_file, bold_file = _FONT_FILES[name]
    regular = TTFont(name, str(resource("fonts", regular_file)))
    pdfmetrics.registerFont(regular)
    bold = name
    if bold_file:
        bold = f"{name}-Bold"
        pdfmetrics.registerFont(TTFont(bold, str(resource("fonts", bold_file))))
    italic, bold_italic = name, bold
    if name == SANS:
        italic, bold_italic = f"{name}-Italic", f"{name}-BoldItalic"
        pdfmetrics.registerFont(TTFont(italic, str(resource("fonts", "NotoSans-Italic.ttf"))))
        pdfmetrics.registerFont(
            TTFont(bold_italic, str(resource("fonts", "NotoSans-BoldItalic.ttf")))
        )
    # <b> and <i> inside a run in this font then pick the right face.
    pdfmetrics.registerFontFamily(
        name, normal=name, bold=bold, italic=italic, boldItalic=bold_italic
    )
    covered = frozenset(regular.face.charToGlyph)
    _LOADED_FAMILIES.append(name)  # what ``_typed_runs`` knows about starts afresh
    return covered


@cache
def _script_font(code: int) -> str | None:
    """The font a script must use (shaping or direction), by code point range."""
    if (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x0870 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    ):
        return ARABIC
    if 0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F:
        return HEBREW
    if (
        0xAC00 <= code <= 0xD7FF  # Hangul syllables and jamo extended-B
        or 0x1100 <= code <= 0x11FF  # jamo
        or 0x3130 <= code <= 0x318F  # compatibility jamo
        or 0xA960 <= code <= 0xA97F  # jamo extended-A
        or 0xFFA0 <= code <= 0xFFDC  # half-width jamo
    ):
        return KOREAN
    if (
        0x2E80 <= code <= 0x9FFF  # CJK radicals, kana, bopomofo, Han
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x3FFFF
    ):
        return CJK
    for first, last, family in _SCRIPT_RANGES:
        if first <= code <= last:
            return family
    return None


_RTL = frozenset({ARABIC, HEBREW, *(f"Tac{script}" for script in _RTL_FAMILIES)})


@cache
def _font_for(char: str) -> str | None:
    """The first of our fonts that can draw ``char``, or None when none can."""
    code = ord(char)
    wanted = _script_font(code)
    if wanted is not None and code in _family(wanted):
        return wanted
    for name in (SANS, SYMBOLS, EMOJI):
        if code in _family(name):
            return name
    if (wanted == KOREAN or (wanted is None and code >= 0x2000)) and code in _family(CJK):
        return CJK  # e.g. a CJK-only symbol outside the ranges above, an old Korean letter
    if wanted in (None, CJK) and code >= 0x2000 and code in _family(KOREAN):
        return KOREAN  # a Korean symbol the Chinese font lacks: ㈜, ①, 〈
    return None


_reportlab_start_font = _ParaParser.start_font


def _start_font_keeping_weight(parser: Any, attr: Any) -> None:
    """reportlab's ``<font face="...">``, keeping the weight and slant around it when the
    face is named by its regular name (as every run in another script's font is): in a
    heading or inside ``<b>``, Arabic, Korean or Hindi printed regular beside bold Latin,
    though each has a bold face. A face asked for by its bold name stays bold."""
    _reportlab_start_font(parser, attr)
    frag, around = parser._stack[-1], parser._stack[-2]
    # (a family with no italic maps its regular name to "italic": compare the fonts)
    try:
        if tt2ps(frag.fontName, frag.bold, frag.italic) == tt2ps(frag.fontName, 0, 0):
            tt2ps(frag.fontName, around.bold, around.italic)  # (a face for it, or ValueError)
            frag.bold, frag.italic = around.bold, around.italic
    except ValueError:  # a font outside a registered family: as reportlab set it
        pass


_ParaParser.start_font = _start_font_keeping_weight


@cache
def _in_weight_of(face: str, font_name: str) -> str:
    """``face`` (a family's regular font) in the weight and slant of ``font_name``, as
    the paragraph parser gives a run of it (``_start_font_keeping_weight``)."""
    try:
        _family_name, bold, italic = ps2tt(font_name)
        return str(tt2ps(face, bold, italic)) if bold or italic else face
    except ValueError:  # a font not registered as a family: the face as it is
        return face


# -- safe text ------------------------------------------------------------------------

_KEEP_FORMAT = {"\u200c", "\u200d"}  # joiners matter to Arabic (and to nothing harmful)
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")


def plain_text(text: str) -> str:
    """User text with what no page should show removed: control and format characters
    (including bidi overrides that could disguise text), lone surrogates, and "\\r\\n"
    made "\\n". Tabs become spaces. The result is still plain text, not markup."""
    text = _LINE_BREAKS.sub("\n", text).replace("\t", "    ")
    if text.replace("\n", "").isprintable():  # the usual case: nothing to drop
        return text
    out = []
    for char in text:
        if char == "\n":
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or (category == "Cf" and char not in _KEEP_FORMAT):
            continue
        out.append(char)
    return "".join(out)


# Invisible marks that only change how the character before them looks (an emoji's
# variation selectors, its skin tone when no font has it, a keycap's frame): left out
# when no font draws them, rather than printed as a "�" beside a good character.
_INVISIBLE_CATEGORIES = frozenset({"Mn", "Me", "Sk", "Cf"})


def _stand_in(char: str) -> str:
    """What to print for a character none of our fonts has: nothing for an invisible
    mark, the character's name in brackets for an emoji or symbol ("[smiling face]"), else
    "�". A character newer than this Python's Unicode tables has no name: "�"."""
    category = unicodedata.category(char)
    if category in _INVISIBLE_CATEGORIES or 0xFE00 <= ord(char) <= 0xFE0F:
        return ""
    name = unicodedata.name(char, "")
    if name and category.startswith("S"):
        return f"[{name.lower()}]"
    return REPLACEMENT


# Korean typed as conjoining letters (as macOS file names and some input methods give
# it): an optional syllable and the letters that follow it. Each such run is composed into
# syllables, which the Korean font draws (it would print the letters side by side).
_CONJOINING_HANGUL = re.compile("[\uac00-\ud7a3]?[\u1100-\u11ff]+")


def _composed_hangul(text: str) -> str:
    return _CONJOINING_HANGUL.sub(lambda found: unicodedata.normalize("NFC", found[0]), text)


def _printable(text: str) -> str:
    """``text`` with every character no font has replaced by its stand-in, and Korean
    typed as conjoining letters composed into syllables."""
    simple = _sans_only()
    if simple.issuperset(map(ord, text.replace("\n", ""))):
        return text
    text = _composed_hangul(text)
    # each different character looked at once (a long Arabic note repeats its letters)
    if all(char == "\n" or _font_for(char) is not None for char in set(text)):
        return text
    return "".join(
        char if char == "\n" or _font_for(char) is not None else _stand_in(char) for char in text
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _runs(line: str, *, drawing_order: bool = False) -> list[tuple[str | None, str]]:
    """Split one line into (font, text) runs. Spaces and punctuation a run's font also
    has stay in that run, so a name in Arabic is one run (shaped and ordered as one).

    In a line already in drawing order, punctuation touching a right-to-left word comes
    before it ("،word" for "word،"): it joins that word's font, because a word shaped
    in two fonts comes out garbled."""
    mirrored = _MIRRORED_TEXT.search(line) is not None
    if not mirrored:
        fast = _drawn_runs(line) if drawing_order else _typed_runs(line)
        if fast is not None:
            return fast
    return _runs_by_char(line, drawing_order=drawing_order)


def _runs_by_char(line: str, *, drawing_order: bool = False) -> list[tuple[str | None, str]]:
    """``_runs``, a character at a time: for a line with a mirrored bracket or a
    character no font has (and the rule the quicker ways must follow)."""
    mirrored = _MIRRORED_TEXT.search(line) is not None
    runs: list[tuple[str | None, str]] = []
    current: str | None = SANS
    buffer: list[str] = []
    for n, char in enumerate(line):
        look = _glyph_char(char) if mirrored else char
        font = _font_for(look)
        if font is None:
            char, look, font = REPLACEMENT, REPLACEMENT, SANS
        neutral = not look.isalnum() and _script_font(ord(look)) is None
        if drawing_order and neutral and char != " ":
            ahead = _word_font_after(line, n + 1)
            if ahead in _RTL and ord(look) in _family(ahead):
                font, neutral = ahead, False
        if font != current and not (neutral and current and ord(look) in _family(current)):
            if buffer:
                runs.append((current, "".join(buffer)))
            buffer, current = [], font
        buffer.append(char)
    if buffer:
        runs.append((current, "".join(buffer)))
    if _MIRRORED_TEXT.search(line):  # each face that draws a mirrored bracket knows it
        for font, run in runs:
            for char in _MIRRORED_TEXT.findall(run):
                _with_mirror(font or SANS, char)
    return runs


# ``_runs`` of a line in typed order, a run at a time instead of a character at a time:
# each character is given a class (its font; for a neutral one, such as a space or
# punctuation, also which of the fonts loaded so far have it), the line is translated
# into those classes in C, and a run is the longest match of the classes that go on in
# the run's font. A font loaded later (``_family``) starts the classes afresh.
_NO_FONT = "\x00"  # the class of a character no font has (``_runs`` prints "�" for it)


class _RunClasses(dict[int, str]):
    """Code point -> its class letter, worked out the first time it is met, for the
    fonts loaded when this table was made."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded = tuple(_LOADED_FAMILIES)
        self.letters: dict[tuple[str, bool, frozenset[str]], str] = {}
        self.made_for = -1  # how many classes ``pattern`` and ``fonts`` know
        self.pattern = re.compile("")
        self.fonts: list[str] = []

    def __missing__(self, code: int) -> str:
        char = chr(code)
        font = _font_for(char)
        if font is None:
            letter = _NO_FONT
        else:
            neutral = not char.isalnum() and _script_font(code) is None
            covered = frozenset(name for name in self.loaded if neutral and code in _family(name))
            key = (font, neutral, covered)
            letter = self.letter(key)
        self[code] = letter
        return letter

    def letter(self, key: tuple[str, bool, frozenset[str]]) -> str:
        """The class letter of (font, neutral, the loaded fonts a neutral one has)."""
        letter = self.letters.get(key, "")
        if not letter:
            letter = self.letters[key] = chr(0x100 + len(self.letters))
        return letter

    def runs(self, classes: str, line: str) -> list[tuple[str | None, str]]:
        """The runs of ``line``, whose classes are ``classes``: a run starts with a
        character in its font and goes on through characters in that font and
        neutral ones that font also has (one group of the pattern per font)."""
        if self.made_for != len(self.letters):
            groups, fonts = [], []
            for font in dict.fromkeys(own for own, _neutral, _covered in self.letters):
                own = going_on = ""
                for (its, neutral, covered), letter in self.letters.items():
                    if its == font:
                        own += letter
                    if its == font or (neutral and font in covered):
                        going_on += letter
                groups.append(f"([{re.escape(own)}][{re.escape(going_on)}]*)")
                fonts.append(font)
            self.pattern = re.compile("|".join(groups) or "(?!)")  # (?!): no runs at all
            self.fonts = ["", *fonts]
            self.made_for = len(self.letters)
        fonts = self.fonts
        return [
            (fonts[m.lastindex or 0], line[m.start() : m.end()])
            for m in self.pattern.finditer(classes)
        ]


_run_classes = _RunClasses()


def _classes_of(line: str) -> tuple[_RunClasses, str] | None:
    """The class of each character of ``line`` (see ``_RunClasses``) and the table that
    gave them; None when a character has no font."""
    global _run_classes
    table = _run_classes
    while True:
        if len(table.loaded) != len(_LOADED_FAMILIES):
            table = _run_classes = _RunClasses()
        classes = line.translate(table)
        if len(table.loaded) == len(_LOADED_FAMILIES):
            break  # no font was loaded on the way: every class knows every font
    if _NO_FONT in classes:
        return None
    return table, classes


def _typed_runs(line: str) -> list[tuple[str | None, str]] | None:
    """``_runs`` of ``line`` in typed order with no mirrored bracket; None when a
    character has no font (``_runs`` prints "�" for it)."""
    found = _classes_of(line)
    if found is None:
        return None
    table, classes = found
    return table.runs(classes, line)


# A letter for each right-to-left font in ``_AheadKinds``
_AHEAD_FONT = {"a": ARABIC, "h": HEBREW} | {
    chr(ord("A") + n): f"Tac{script}" for n, script in enumerate(_RTL_FAMILIES)
}
_AHEAD_LETTER = {font: letter for letter, font in _AHEAD_FONT.items()}


class _AheadKinds(dict[int, str]):
    """Code point -> what ``_word_font_after`` makes of it: "s" a space (the word
    ends), "n" a neutral (looked past), a letter of ``_AHEAD_FONT`` for a letter or sign
    of a right-to-left font's script ("a" Arabic, "h" Hebrew), "o" anything else."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        script = _script_font(code)
        if char == " ":
            kind = "s"
        elif script in _AHEAD_LETTER:
            kind = _AHEAD_LETTER[script]
        elif script is None and not char.isalnum():
            kind = "n"
        else:
            kind = "o"
        self[code] = kind
        return kind


_AHEAD_KINDS = _AheadKinds()
_NEUTRALS_BEFORE_RTL = re.compile(f"n+(?=[{''.join(_AHEAD_FONT)}])")


def _drawn_runs(line: str) -> list[tuple[str | None, str]] | None:
    """``_runs`` of ``line`` in drawing order with no mirrored bracket, a run at a time
    as ``_typed_runs``: each stretch of punctuation (neutrals) right before a
    right-to-left letter of its word gets that letter's font where the font has it, as
    ``_runs_by_char`` gives it. None when a character has no font."""
    classified = _classes_of(line)
    if classified is None:
        return None
    table, classes = classified
    kinds = line.translate(_AHEAD_KINDS)
    if "n" in kinds:
        changed = list(classes)
        for found in _NEUTRALS_BEFORE_RTL.finditer(kinds):
            start, end = found.span()
            font = _AHEAD_FONT[kinds[end]]
            covered = _family(font)
            letter = table.letter((font, False, frozenset()))
            for at in range(start, end):
                if ord(line[at]) in covered:
                    changed[at] = letter
        if len(table.loaded) != len(_LOADED_FAMILIES):
            return None  # (a font was loaded on the way: the slow way)
        classes = "".join(changed)
    return table.runs(classes, line)


def _word_font_after(line: str, start: int) -> str | None:
    """The script font of the first letter after ``start`` in the same word, if any."""
    for char in line[start:]:
        if char == " ":
            return None
        wanted = _script_font(ord(char))
        if wanted is not None or char.isalnum():
            return wanted
    return None


def _visual_rtl(text: str) -> str:
    """Right-to-left words in drawing order. HarfBuzz shapes and orders the letters
    inside each word; the words themselves must be laid out last-to-first. Spaces at the
    ends stay where they are so the run still joins its neighbours."""
    stripped = text.strip(" ")
    if " " not in stripped:
        return text
    lead = text[: len(text) - len(text.lstrip(" "))]
    trail = text[len(text.rstrip(" ")) :]
    return lead + " ".join(reversed(stripped.split(" "))) + trail


def safe_markup(text: str) -> str:
    """Paragraph markup that prints ``text`` exactly as typed, in fonts that have it.

    Escapes ``& < >``; keeps line breaks as ``<br/>``; drops control characters and
    lone surrogates; puts each non-Latin run in a font that covers it, right-to-left
    runs in reading order; anything no font covers becomes "�".
    """
    lines = _printable(plain_text(text)).split("\n")
    parts: list[str] = []
    simple = _sans_only()
    for line in lines:
        if simple.issuperset(map(ord, line)):  # fast path: all of it in Noto Sans
            parts.append(_escape(line))
            continue
        parts.append(_line_markup(line, in_drawing_order=False))
    return "<br/>".join(parts)


def _typed_markup(line: str) -> str:
    """``safe_markup`` of one line that is already plain and printable (no line break,
    control character or character no font has, as ``_CJKPara`` keeps its lines)."""
    if _sans_only().issuperset(map(ord, line)):
        return _escape(line)
    return _line_markup(line, in_drawing_order=False)


def _line_markup(line: str, *, in_drawing_order: bool) -> str:
    """One line as markup, each run in its font. Right-to-left words are put last to
    first unless the line is already in drawing order (see ``_drawing_order``)."""
    return _markup_of_runs(_runs(line, drawing_order=in_drawing_order), in_drawing_order)


def _markup_of_runs(runs: list[tuple[str | None, str]], in_drawing_order: bool) -> str:
    """``_line_markup`` of the line whose runs are ``runs``."""
    pieces = []
    for font, run in runs:
        if font in _RTL and not in_drawing_order:
            run = _visual_rtl(run)
        escaped = _escape(run)
        pieces.append(escaped if font == SANS else f'<font face="{font}">{escaped}</font>')
    return "".join(pieces)


_RTL_CLASSES = frozenset({"R", "AL"})
# Digits (of any script) joined by the spaces, dashes, dots, slashes and brackets people
# type inside phone numbers and dates, with a leading + or bracket.
_NUMBER = re.compile(r"[+(]?\d(?:[ ().\-/]{0,2}\d)+\)?")
# Inside a right-to-left word: its letters, their vowel marks and the joiners.
_RTL_WORD_CLASSES = frozenset({"R", "AL", "NSM", "BN"})
_ONLY_RTL_WORDS = frozenset({"R", "AL", "NSM", "WS"})
# Each character's class as a letter: r for a right-to-left letter, m for a mark or
# joiner, "." for anything else; a word to put back in typed order is a stretch of r
# and m holding an r.
_WORD_CODE: defaultdict[str, str] = defaultdict(
    lambda: ".", {"R": "r", "AL": "r", "NSM": "m", "BN": "m"}
)
_RTL_WORD = re.compile(r"(?<![rm])[rm]*r[rm]*")


def _drawing_order(line: str, *, base: str | None = None) -> str:
    """``line`` (one line, as typed) in the order it is drawn from left to right, by the
    Unicode bidirectional algorithm, except that each right-to-left word keeps its
    letters as typed: HarfBuzz joins and orders those when it shapes the word.

    ``base`` is the paragraph's direction: "L" or "R", or None for the direction of its
    first letter that has one (see ``_bidi_display``)."""
    return _drawing_order_levels(line, base)[0]


@lru_cache(maxsize=4096)
def _drawing_order_levels(line: str, base: str | None) -> tuple[str, tuple[int, ...]]:
    """``_drawing_order`` and, for each of its characters, its embedding level (odd:
    read right to left). The levels let ``_in_typed_order`` put the drawn glyphs back in
    the order they were typed (kept: the line is set first, then drawn)."""
    # A number written with spaces or dashes ("07700 900101", "٠٧٧٠٠-٩٠٠١٠١") is one
    # unit drawn left to right, as typed (an override, U+202D): by the plain algorithm
    # its groups swap places (around a space inside right-to-left text; around a dash
    # between Arabic-Indic digits anywhere), and a phone number would be read wrong.
    # Right-to-left words and spaces alone (most lines of an Arabic note): the words
    # from last to first, each as typed; the full algorithm gives the same, slowly.
    # Most other lines of a right-to-left paragraph (words, numbers, punctuation, a
    # Latin word) take a shorter way to the same too: ``_rtl_line_order``.
    code = line.translate(_LINE_CODES)
    if (
        base != "L"
        and _ONLY_RTL_WORDS_CODE.fullmatch(code) is not None
        and (base == "R" or get_base_level(line) == 1)
    ):
        shown = " ".join(reversed(line.split(" ")))
        return shown, (1,) * len(shown)
    if base == "R":
        found = _rtl_line_order(line, code)
        if found is not None:
            return found
    line = _NUMBER.sub(lambda m: f"\u202d{m.group(0)}\u202c", line)
    visual, levels = _bidi_display_levels(line, base)
    # Each right-to-left word (a run of letters, marks and joiners holding a letter)
    # back in typed order, its levels with it.
    code = "".join(map(_WORD_CODE.__getitem__, map(unicodedata.bidirectional, visual)))
    if "r" not in code:
        return visual, tuple(levels)
    out = list(visual)
    for word in _RTL_WORD.finditer(code):
        first, end = word.span()
        out[first:end] = out[first:end][::-1]
        levels[first:end] = levels[first:end][::-1]
    return "".join(out), tuple(levels)


# Classes as letters for ``_rtl_line_order``: r a right-to-left letter, 2 a left-to-right
# one, n a neutral or a separator (a character this Python does not know is a neutral),
# m a mark, d a digit, x any other.
_LINE_CODE: defaultdict[str, str] = defaultdict(
    lambda: "x",
    {"R": "r", "AL": "r", "L": "2", "NSM": "m", "EN": "d", "AN": "d"}
    | dict.fromkeys(["WS", "ON", "", "CS", "ES", "ET"], "n"),
)
_LINE_TOKEN = re.compile(r"r+|2+|n")  # what keeps its order: a word, a number, one neutral


class _LineCodes(dict[int, str]):
    """For ``str.translate``: each character's ``_LINE_CODE`` letter (a space "s", which
    is a neutral too), looked up once for each character met, so a line's code is made
    without a call per character."""

    def __missing__(self, code: int) -> str:
        kind = unicodedata.bidirectional(chr(code))
        found = self[code] = "s" if kind == "WS" else _LINE_CODE[kind]
        return found


_LINE_CODES = _LineCodes()
# a line of right-to-left words and spaces alone (its letters, their marks, spaces)
_ONLY_RTL_WORDS_CODE = re.compile(r"[rms]*")
_MARKED_LETTER = re.compile(r"(?<=r)m+")
_BETWEEN_LTR = re.compile(r"(?<=2)n+(?=2)")
_LINE_LEVEL = bytes.maketrans(b"rn2", b"\x01\x01\x02")


def _rtl_line_order(line: str, code: str) -> tuple[str, tuple[int, ...]] | None:
    """``_drawing_order_levels`` of a line of a right-to-left paragraph that holds only
    letters (a mark only on a right-to-left one), neutrals and separators, and digits
    only inside numbers (see ``_NUMBER``); None for any other line. Most lines of an
    Arabic or Hebrew document.

    What the full path gives such a line, without its work: each number is at level 2
    (its override), and so is each left-to-right letter (I2); neutrals with only those
    on both sides take their direction, L, and join them at level 2; everything else
    is at level 1, a mark with its letter (W1). Reversed, then each word put back as
    typed, that is: words, left-to-right stretches and single neutrals from last to
    first, each as typed; a bracket at level 1 mirrored. ``code``: the line through
    ``_LINE_CODES``."""
    if "s" in code:
        code = code.replace("s", "n")
    if "d" in code or "2" in code:  # any digit (EN, AN) or L: \d has all
        parts: list[str] = []
        last = 0
        for found in _NUMBER.finditer(line):
            start, end = found.span()
            parts += (code[last:start], "2" * (end - start))
            last = end
        if parts:
            parts.append(code[last:])
            code = "".join(parts)
    if "m" in code:
        code = _MARKED_LETTER.sub(lambda found: "r" * len(found.group()), code)
    if "2" in code:
        code = _BETWEEN_LTR.sub(lambda found: "2" * len(found.group()), code)
    if "x" in code or "d" in code or "m" in code:
        return None
    tokens = _LINE_TOKEN.findall(code)
    ends = list(accumulate(map(len, tokens)))
    pieces = list(map(line.__getitem__, map(slice, [0, *ends], ends)))
    pieces.reverse()
    tokens.reverse()
    shown, drawn = "".join(pieces), "".join(tokens)
    if _BIDI_MIRRORED.search(line):
        shown = "".join(
            chr(_MIRROR_BASE + ord(char)) if char in _BIDI_MIRRORS and kind == "n" else char
            for char, kind in zip(shown, drawn, strict=True)
        )
    return shown, tuple(drawn.encode().translate(_LINE_LEVEL))


def _bidi_display(line: str, base: str | None) -> str:
    """python-bidi's ``get_display`` (which mirrors brackets), with two differences: the
    base direction can be given, and a character this Python's Unicode tables do not
    know (newer than the interpreter, or unassigned: no bidi class, which stops
    python-bidi with an AssertionError) counts as a neutral, like an emoji. It keeps its
    place and prints (Noto Emoji has U+1FAE8), so no character can stop a document."""
    return _bidi_display_levels(line, base)[0]


def _bidi_display_levels(line: str, base: str | None) -> tuple[str, list[int]]:
    """``_bidi_display`` and each drawn character's embedding level.

    The rules python-bidi's pure-Python algorithm applies (X1-X10, W1-W7, N1-N2,
    I1-I2, L1-L2 and L4; no isolates, no bracket pairs), with its results to the
    character, worked on lists of classes and runs of one level rather than a dict per
    character: several times faster, and a long Arabic or Hebrew document sets
    thousands of lines."""
    base_level = get_base_level(line) if base is None else _bidi.PARAGRAPH_LEVELS[base]
    classes = list(map(unicodedata.bidirectional, line))
    if "" in classes:  # unknown to this Python: a neutral
        classes = [kind or "ON" for kind in classes]
    if "\u200c" in line or "\u200d" in line:
        # The joiners (BN) stay, as marks of the letter before them: the rules would
        # drop them (X9), and a Persian "می‌خواهم" was then drawn joined up.
        classes = [
            "NSM" if char in _KEEP_FORMAT else kind
            for char, kind in zip(line, classes, strict=True)
        ]
    typed, types = line, classes
    runs = [(0, len(line), base_level)] if line else []
    if not _BIDI_EXPLICIT.isdisjoint(classes):
        typed, classes, types, runs = _bidi_explicit(line, classes, base_level)
    # X10: each run of one level resolved on its own, between its sor and eor
    levels: list[int] = []
    sor = "LR"[max(base_level, runs[0][2]) & 1] if runs else "L"
    for n, (start, end, level) in enumerate(runs):
        eor = "LR"[max(level, runs[n + 1][2] if n + 1 < len(runs) else base_level) & 1]
        levels += _bidi_run_levels(types[start:end], level, sor, eor)
        sor = eor
    _bidi_line_ends(classes, levels, base_level)
    order = _bidi_reorder(classes, levels)
    shown = list(map(typed.__getitem__, order))
    if _BIDI_MIRRORED.search(typed):
        for at, char in enumerate(shown):
            if char in _BIDI_MIRRORS and levels[at] & 1:  # L4
                shown[at] = chr(_MIRROR_BASE + ord(char))
    return "".join(shown), levels


# python-bidi's explicit codes (X2-X5): odd or even level, and the override they start
_BIDI_PUSH = {"RLE": (1, "N"), "LRE": (0, "N"), "RLO": (1, "R"), "LRO": (0, "L")}
_BIDI_EXPLICIT = frozenset({*_BIDI_PUSH, "PDF", "BN", "B"})  # X9 drops all but B
_BIDI_LIMIT = 62  # python-bidi's EXPLICIT_LEVEL_LIMIT
_BIDI_NEUTRAL = frozenset({"B", "S", "WS", "ON"})
_BIDI_SEPARATORS = {"ET": "ON", "ES": "ON", "CS": "ON"}  # W6
# A run holding only these, with a strong letter of its own direction, is all at its
# level: W1-W7 leave no number, N1-N2 give every neutral that direction.
_BIDI_PLAIN = (
    frozenset({"L", *_BIDI_NEUTRAL, *_BIDI_SEPARATORS}),
    frozenset({"R", "AL", *_BIDI_NEUTRAL, *_BIDI_SEPARATORS}),
)
_BIDI_WEAK = frozenset({"NSM", "AL", "EN", "ES", "CS", "ET"})  # W1-W7 change only these
_BIDI_RAISE = ({"L": 0, "R": 1, "EN": 2, "AN": 2}, {"R": 0, "L": 1, "EN": 1, "AN": 1})  # I1, I2
# the brackets L4 draws mirrored: mirrored by this Python's tables and with a mirror
_BIDI_MIRRORS = frozenset(
    char
    for char, mirror in _bidi_mirror.MIRRORED.items()
    if mirror != char and unicodedata.mirrored(char)
)
_BIDI_MIRRORED = re.compile("[" + "".join(map(re.escape, sorted(_BIDI_MIRRORS))) + "]")


def _bidi_explicit(
    line: str, classes: list[str], base_level: int
) -> tuple[str, list[str], list[str], list[tuple[int, int, int]]]:
    """X1-X10 as python-bidi applies them: the characters kept, their classes as typed,
    their classes after any override, and the runs of one level (start, end, level)."""
    pieces: list[str] = []
    kept: list[str] = []
    types: list[str] = []
    runs: list[tuple[int, int, int]] = []
    stack: list[tuple[int, str]] = []
    overflow = almost = 0
    level, override = base_level, "N"
    last = 0
    marks = [n for n, kind in enumerate(classes) if kind in _BIDI_EXPLICIT]
    for at in [*marks, len(classes)]:
        if at > last:  # X6: the characters up to this code, at the level reached
            part = classes[last:at]
            pieces.append(line[last:at])
            kept += part
            types += part if override == "N" else [override] * len(part)
            _bidi_add_run(runs, len(types), level)
        if at == len(classes):
            break
        last = at + 1
        kind = classes[at]
        push = _BIDI_PUSH.get(kind)
        if push is not None:  # X2-X5
            if overflow:
                overflow += 1
                continue
            new = (level + 1) | 1 if push[0] else (level + 2) & ~1
            if new < _BIDI_LIMIT:
                stack.append((level, override))
                level, override = new, push[1]
            elif level == _BIDI_LIMIT - 2:
                almost += 1
            else:
                overflow += 1
        elif kind == "PDF":  # X7
            if overflow:
                overflow -= 1
            elif almost and level != _BIDI_LIMIT - 1:
                almost -= 1
            elif stack:
                level, override = stack.pop()
        elif kind == "B":  # X8
            stack.clear()
            overflow = almost = 0
            level, override = base_level, "N"
            pieces.append(line[at])
            kept.append(kind)
            types.append(kind)
            _bidi_add_run(runs, len(types), level)
    return "".join(pieces), kept, types, runs


def _bidi_add_run(runs: list[tuple[int, int, int]], end: int, level: int) -> None:
    """Characters up to ``end`` at ``level``: a run of their own, or the last one longer."""
    if runs and runs[-1][2] == level:
        runs[-1] = (runs[-1][0], end, level)
    else:
        runs.append((runs[-1][1] if runs else 0, end, level))


def _bidi_run_levels(types: list[str], level: int, sor: str, eor: str) -> list[int]:
    """W1-W7, N1-N2 and I1-I2 for one run of characters at ``level``."""
    kinds = set(types)
    odd = level & 1
    if kinds <= _BIDI_PLAIN[odd]:
        if not kinds.isdisjoint(("R", "AL") if odd else ("L",)):
            return [level] * len(types)
        if kinds <= _BIDI_PLAIN[1 - odd]:  # neutrals alone
            direction = sor if sor == eor else "LR"[odd]
            return [level + _BIDI_RAISE[odd][direction]] * len(types)
    if not _BIDI_WEAK.isdisjoint(kinds):
        _bidi_weak(types, kinds, sor)
    if not _BIDI_NEUTRAL.isdisjoint(types):
        _bidi_neutral(types, sor, eor, "LR"[odd])
    raised = _BIDI_RAISE[odd]
    try:
        return [level + raised[kind] for kind in types]
    except KeyError:  # python-bidi's own check (an isolate has no rule there)
        wrong = next(kind for kind in types if kind not in raised)
        raise AssertionError(f"{wrong} not allowed here") from None


def _bidi_weak(types: list[str], kinds: set[str], sor: str) -> None:
    """W1-W7 in place, in python-bidi's order."""
    count = len(types)
    if "NSM" in kinds or ("EN" in kinds and "AL" in kinds):  # W1, W2
        strong = previous = sor
        for n, kind in enumerate(types):
            if kind == "NSM":
                kind = previous
            if kind == "EN" and strong == "AL":
                types[n] = previous = "AN"
                continue
            if kind in ("R", "L", "AL"):
                strong = kind
            types[n] = previous = kind
    if "AL" in kinds:  # W3
        types[:] = ["R" if kind == "AL" else kind for kind in types]
    if "ES" in kinds or "CS" in kinds:  # W4
        for n in range(1, count - 1):
            kind = types[n]
            if kind == "ES":
                if types[n - 1] == types[n + 1] == "EN":
                    types[n] = "EN"
            elif kind == "CS":
                before = types[n - 1]
                if before == types[n + 1] and before in ("AN", "EN"):
                    types[n] = before
    if "ET" in kinds:  # W5
        n = 0
        while n < count:
            if types[n] != "ET":
                n += 1
                continue
            first = n
            while n < count and types[n] == "ET":
                n += 1
            if (first and types[first - 1] == "EN") or (n < count and types[n] == "EN"):
                types[first:n] = ["EN"] * (n - first)
    if not kinds.isdisjoint(_BIDI_SEPARATORS):  # W6
        types[:] = [_BIDI_SEPARATORS.get(kind, kind) for kind in types]
    if "EN" in types:  # W7
        strong = sor
        for n, kind in enumerate(types):
            if kind == "EN":
                if strong == "L":
                    types[n] = "L"
            elif kind in ("L", "R"):
                strong = kind


def _bidi_neutral(types: list[str], sor: str, eor: str, direction: str) -> None:
    """N1-N2 in place: each run of neutrals takes the direction of the strong text on
    both sides when they agree (numbers count as R), else the run's ``direction``."""
    count = len(types)
    before = sor
    n = 0
    while n < count:
        kind = types[n]
        if kind not in _BIDI_NEUTRAL:
            before = kind
            n += 1
            continue
        first = n
        while n < count and types[n] in _BIDI_NEUTRAL:
            n += 1
        after = types[n] if n < count else eor
        if before in ("AN", "EN"):
            before = "R"
        if after in ("AN", "EN"):
            after = "R"
        types[first:n] = [before if before == after else direction] * (n - first)


def _bidi_line_ends(classes: list[str], levels: list[int], base_level: int) -> None:
    """L1 in place: separators, and spaces before them or at the end, at the base level."""
    if "S" not in classes and "B" not in classes:
        at = len(classes) - 1
        while at >= 0 and classes[at] == "WS":
            levels[at] = base_level
            at -= 1
        return
    reset = True
    for at in range(len(classes) - 1, -1, -1):
        kind = classes[at]
        if kind in ("S", "B"):
            levels[at] = base_level
            reset = True
        elif reset and kind == "WS":
            levels[at] = base_level
        else:
            reset = False


def _bidi_reorder(classes: list[str], levels: list[int]) -> list[int]:
    """L2: the typed positions in drawing order; ``levels`` is put in that order too.
    Each part up to a paragraph separator (which stays in place) is reversed from its
    highest level down to its lowest odd one (python-bidi counts the separator's level),
    a stretch of one level at a time."""
    count = len(levels)
    order: list[int] = []
    drawn: list[int] = []
    start = 0
    while start < count:
        try:
            end = classes.index("B", start)
        except ValueError:
            end = count - 1
        last = end if classes[end] != "B" else end - 1
        part = levels[start : end + 1]
        lowest = min([level for level in part if level & 1], default=_BIDI_LIMIT)
        # stretches of one level: (level, first, past the last, reversed)
        cuts = [
            start,
            *compress(range(start + 1, last + 1), map(ne, part[1:], part)),
            last + 1,
        ]
        stretches = [(levels[a], a, b, False) for a, b in pairwise(cuts) if a < b]
        _turn_round(stretches, range(max(part), lowest - 1, -1))
        for level, a, b, flipped in stretches:
            order += range(b - 1, a - 1, -1) if flipped else range(a, b)
            drawn += [level] * (b - a)
        if end != last:
            order.append(end)
            drawn.append(levels[end])
        start = end + 1
    levels[:] = drawn
    return order


# A bracket the bidi algorithm mirrors ("(" typed in Arabic is drawn as ")") is written
# with a private code, _MIRROR_BASE + the typed character: its glyph is the mirror
# image, its text (ToUnicode) the character typed, so a reader that puts drawn Arabic
# back into reading order (poppler, pypdf) copies "(يوسف)", not ")يوسف(".
_MIRROR_BASE = 0xF0000
_MIRRORED_TEXT = re.compile("[\U000f0000-\U000fffff]")


def _glyph_char(char: str) -> str:
    """The character whose glyph ``char`` draws (itself, or a bracket's mirror image)."""
    code = ord(char)
    if _MIRROR_BASE <= code < _MIRROR_BASE + 0x10000:
        typed = chr(code - _MIRROR_BASE)
        return str(_bidi_mirror.MIRRORED.get(typed, typed))
    return char


@cache
def _with_mirror(font: str, char: str) -> bool:
    """Give each face of ``font`` the private code ``char`` (a mirrored bracket), drawn
    with the glyph of its mirror image; False when the font has no such glyph."""
    shown = ord(_glyph_char(char))
    names = [font, f"{font}-Bold", f"{font}-Italic", f"{font}-BoldItalic"]
    done = False
    for name in names:
        try:
            face = pdfmetrics.getFont(name).face
        except KeyError:
            continue
        if shown in face.charToGlyph:
            face.charToGlyph[ord(char)] = face.charToGlyph[shown]
            face.charWidths[ord(char)] = face.charWidths.get(shown, face.defaultWidth)
            done = True
    return done


@cache
def _sans_only() -> frozenset[int]:
    """Code points Noto Sans draws and no other script font claims."""
    return frozenset(code for code in _family(SANS) if _script_font(code) is None)


def _class_ranges(ranges: Iterable[tuple[Any, ...]]) -> str:
    """Code point ranges (first, last, ...) as the ranges of a regex character class."""
    return "".join(f"{chr(first)}-{chr(last)}" for first, last, *_rest in ranges)


# The code point ranges of ``_script_font`` as patterns: searched in C, not a character
# at a time in Python (a 50,000-word note is searched many times over).
_ARABIC_TEXT = re.compile(f"[{SCRIPT_BLOCKS['ARABIC']}]")
_RTL_TEXT = re.compile(
    f"[{SCRIPT_BLOCKS['ARABIC']}{SCRIPT_BLOCKS['HEBREW']}"
    f"{_class_ranges(r for ranges in _RTL_FAMILIES.values() for r in ranges)}]"
)


# Text HarfBuzz must shape: Arabic, and the scripts of ``_SCRIPT_FAMILIES`` (a
# Devanagari conjunct, a vowel sign drawn before its letter, Thai marks stacked)
_SHAPED_TEXT = re.compile(_ARABIC_TEXT.pattern[:-1] + _class_ranges(_SCRIPT_RANGES) + "]")


def _needs_shaping(text: str) -> bool:
    return _SHAPED_TEXT.search(text) is not None


def _has_rtl(text: str) -> bool:
    return _RTL_TEXT.search(text) is not None


# -- shaping words that change font ----------------------------------------------------

_reportlab_shape = _paragraph_module.shapeFragWord

# HarfBuzz's joined glyphs that have no character of their own (lam with alef, other
# ligatures) get a private-use code from reportlab, and a ligature that has one (Hebrew
# yod with vav) that character's code; what they stand for, by font face and code, for
# the ToUnicode map (see ``_to_unicode_cmap``).
_PRIVATE_GLYPHS: dict[tuple[str, int], str] = {}


_FEATURES = {"kern": True, "liga": True}
# Syriac's kerning (and that of the other scripts of _RTL_FAMILIES) moves a glyph left of
# where its advance puts it: poppler, which goes by each glyph's box, read the gap it
# leaves inside a word as a space ("ܫܠ ܡܐ"). Unkerned, a pair sits at most 0.08 em wider.
_FEATURES_UNKERNED = {"kern": False, "liga": True}
_UNKERNED = frozenset(
    name for script in _RTL_FAMILIES for name in (f"Tac{script}", f"Tac{script}-Bold")
)


def _shape_whole_word(word: Any, *args: Any, **kwargs: Any) -> Any:
    """reportlab's shaping, remembering the letters behind each private-use glyph.

    Without reportlab's discretionary ligatures ("dlig", on by default there): they are
    a font's optional flourishes, and Noto Sans Hebrew's joins yod and vav into the
    Yiddish letter "ױ", which then extracts as that letter."""
    if not args and "features" not in kwargs:
        kwargs["features"] = _FEATURES
        if not _UNKERNED.isdisjoint(f.fontName for f, _run in word[1:]):
            kwargs["features"] = _FEATURES_UNKERNED
    shaped = _shape_one_run(word, **kwargs)
    if shaped is _MISSING:
        shaped = _reportlab_shape(word, *args, **kwargs)
    if shaped is word:
        return shaped
    text = "".join(t for _f, t in word[1:])
    # Clusters count from the start of the whole word, over every font's run: a run's
    # own clusters alone made its last glyph stand for the rest of the word, and that
    # glyph ("a") then extracted as "a&p…" in every document made after.
    every = [d for _f, run in shaped[1:] for d in getattr(run, "__shapeData__", None) or ()]
    starts = sorted({d.cluster for d in every} | {len(text)})
    glyphs_in = Counter(d.cluster for d in every)
    # the letters each cluster's glyphs that are characters already stand for (a
    # Devanagari "कि" is drawn as a form of the vowel sign "ि" with no character of its
    # own, then "क": that form stands for the vowel sign alone, not for "कि" again)
    claimed: defaultdict[int, list[str]] = defaultdict(list)
    for _frag, run in shaped[1:]:
        for char, d in zip(run, getattr(run, "__shapeData__", None) or (), strict=False):
            if not 0xE000 <= ord(char) < 0xF900 and glyphs_in[d.cluster] > 1:
                claimed[d.cluster].append(char)
    recoded: dict[int, dict[int, str]] = {}  # run -> place -> a code of its own
    for place, (frag, run) in enumerate(shaped[1:], start=1):
        data = getattr(run, "__shapeData__", None)
        if not data:
            continue
        ttf = pdfmetrics.getFont(frag.fontName)
        face = _face_name(ttf.face)
        for at, (char, d) in enumerate(zip(run, data, strict=False)):
            end = next(n for n in starts if n > d.cluster)
            letters = text[d.cluster : end]
            private = 0xE000 <= ord(char) < 0xF900
            if private and claimed.get(d.cluster):
                rest = list(letters)
                for other in claimed[d.cluster]:
                    if other in rest:
                        rest.remove(other)
                letters = "".join(rest) or letters
            # one glyph for several letters: a ligature ("יו" drawn as the glyph of
            # U+05F1, which would extract as "ױ"); its letters, not that character.
            # A glyph that is one of its letters is that letter (the others drew
            # nothing): the map is for every document, so it must not change.
            ligature = len(letters) > 1 and glyphs_in[d.cluster] == 1 and char not in letters
            if not (private or ligature):
                continue
            meaning = letters[::-1] if _has_rtl(letters) else letters
            key = (face, ord(char))
            known = _PRIVATE_GLYPHS.get(key)
            if known is None or frag.fontName not in _SCRIPT_FONT_NAMES:
                _PRIVATE_GLYPHS[key] = meaning
            elif known != meaning:
                # A glyph of no character standing for other letters here (Devanagari's
                # half "स्" in "स्कूल", after "स्कि" where it shared its cluster with "ि"):
                # its code keeps its meaning, for every document; here it gets a code of
                # its own for this one (the map must never change a code's meaning)
                glyph = ttf.face.charToGlyph[ord(char)]
                code = _cluster_code(ttf, glyph, meaning, ord(char))
                recoded.setdefault(place, {})[at] = chr(code)
    if recoded:
        shaped = type(shaped)(
            [
                shaped[0],
                *(
                    (frag, _recoded(run, recoded[place]) if place in recoded else run)
                    for place, (frag, run) in enumerate(shaped[1:], start=1)
                ),
            ]
        )
    if any(f.fontName in _SCRIPT_FONT_NAMES for f, _run in shaped[1:]):
        return _clusters_in_typed_order(shaped, text, starts)
    return shaped


def _recoded(run: Any, codes: dict[int, str]) -> Any:
    """The shaped ``run`` with the characters at the places of ``codes`` changed."""
    chars = list(run)
    for at, char in codes.items():
        chars[at] = char
    return _ttfonts.ShapedStr("".join(chars), shapeData=run.__shapeData__)


# The fonts of ``_SCRIPT_FAMILIES`` (regular and bold)
_SCRIPT_FONT_NAMES = frozenset(
    name for script in _SCRIPT_FAMILIES for name in (f"Tac{script}", f"Tac{script}-Bold")
)
# A glyph's code of its own for one meaning: (font, glyph, letters) -> code (see
# ``_clusters_in_typed_order``), given from the top of the private-use area down
# (reportlab gives its own from the bottom up, skipping any code taken).
_CLUSTER_CODES: dict[tuple[str, int, str], int] = {}
_CLUSTER_CODES_LOWEST = 0xF000


def _clusters_in_typed_order(shaped: Any, text: str, starts: list[int]) -> Any:
    """``shaped`` (a word in a script of ``_SCRIPT_FAMILIES``) with each cluster of
    several glyphs that do not read as its letters in drawing order (a Devanagari "कि"
    is drawn "ि" first; a Bengali "কো" as "ে", "ক", "া") given codes of their own that
    stand, in drawing order, for its letters in typed order: "ि"'s glyph for "क", "क"'s
    for "ि". Every reader, by position or by the file's order, then gives back "कि".
    A glyph keeps the same picture and width; its code is kept for that meaning
    (``_CLUSTER_CODES``), so the ToUnicode map never changes."""
    out = [shaped[0]]
    changed = False
    for frag, run in shaped[1:]:
        data = getattr(run, "__shapeData__", None)
        if not data or frag.fontName not in _SCRIPT_FONT_NAMES:
            out.append((frag, run))
            continue
        ttf = pdfmetrics.getFont(frag.fontName)
        face = ttf.face
        chars = list(run)
        glyphs_of: dict[int, list[int]] = {}
        for n, d in enumerate(data):
            glyphs_of.setdefault(d.cluster, []).append(n)
        # clusters in typed order, one taken with the next while it has more glyphs
        # than letters (HarfBuzz draws the first part of Tamil "ோ" before the letter,
        # in that letter's cluster, and the second part in a cluster of its own)
        groups: list[tuple[int, int, list[int]]] = []  # (first letter, end, glyphs)
        for cluster in sorted(glyphs_of):
            end = next(n for n in starts if n > cluster)
            if groups and len(_nfd(text[groups[-1][0] : groups[-1][1]])) < len(groups[-1][2]):
                first, _end, glyphs = groups[-1]
                groups[-1] = (first, end, sorted(glyphs + glyphs_of[cluster]))
            else:
                groups.append((cluster, end, glyphs_of[cluster]))
        for cluster, end, glyphs in groups:
            if len(glyphs) < 2:
                continue
            letters = _nfd(text[cluster:end])
            drawn = _nfd("".join(chars[n] for n in glyphs))
            if drawn == letters or len(letters) < len(glyphs):
                continue  # read as typed already, or too few letters to share out
            # one letter to each glyph but the last, which stands for the rest
            meanings = [*letters[: len(glyphs) - 1], letters[len(glyphs) - 1 :]]
            for n, meaning in zip(glyphs, meanings, strict=True):
                glyph = face.charToGlyph[ord(chars[n])]
                chars[n] = chr(_cluster_code(ttf, glyph, meaning, ord(chars[n])))
            changed = True
        coded = _ttfonts.ShapedStr("".join(chars), shapeData=data)
        out.append((frag, coded))
    if not changed:
        return shaped
    return type(shaped)(out)


def _face_name(face: Any) -> str:
    """A TrueType face's name as the ToUnicode map's keys spell it (reportlab keeps bytes)."""
    name = face.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _cluster_code(ttf: Any, glyph: int, meaning: str, drawn_as: int) -> int:
    """The code of ``glyph`` of ``ttf`` standing for ``meaning`` (see
    ``_clusters_in_typed_order``), made the first time: a free private-use code mapped
    to the glyph, as wide as the character ``drawn_as`` it was drawn for."""
    key = (ttf.fontName, glyph, meaning)
    code = _CLUSTER_CODES.get(key)
    if code is not None:
        return code
    face = ttf.face
    code = 0xF8FF
    while code in face.charToGlyph:
        code -= 1
    if code < _CLUSTER_CODES_LOWEST:
        return drawn_as  # (thousands of clusters in one font: left as drawn)
    face.charToGlyph[code] = glyph
    face.glyphToChar.setdefault(glyph, [drawn_as]).append(code)
    face.charWidths[code] = face.charWidths[drawn_as]
    _PRIVATE_GLYPHS[(_face_name(face), code)] = meaning
    _CLUSTER_CODES[key] = code
    return code


# HarfBuzz fonts by (font name, size), each with the TTFont it was made for: reportlab
# makes a new one for every word it shapes (a font keeps nothing from one word to the next)
_HB_FONTS: dict[tuple[str, float], tuple[Any, Any, float | None]] = {}
_SHAPED_WORD = _ttfonts.ShapedFragWord
_SHAPE_DATA = _ttfonts.ShapeData


def _shape_one_run(word: Any, features: Any = None, **kwargs: Any) -> Any:
    """reportlab's ``shapeFragWord(word, features)`` for a word of one fragment in a
    TrueType font: the same shaped word (or ``word`` itself when HarfBuzz changes
    nothing), each glyph's data made as reportlab makes it, without its per-glyph calls
    (a glyph's name is looked up only when reportlab would need it). ``_MISSING`` for
    any other word or option (then reportlab shapes it)."""
    if features is None or kwargs or len(word) != 2 or isinstance(word, _SHAPED_WORD):
        return _MISSING
    frag, text = word[1]
    if hasattr(frag, "cbDefn") or not text:
        return _MISSING
    font_name, font_size = frag.fontName, frag.fontSize
    kept = _HB_FONTS.get((font_name, font_size))
    ttf = pdfmetrics.getFont(font_name)
    if kept is None or kept[0] is not ttf:
        if not isinstance(ttf, TTFont):
            return _MISSING
        if len(_HB_FONTS) >= 64:
            _HB_FONTS.clear()
        # reportlab's scale to units of 1,000 to the em, as one multiplication
        per_em = ttf.face.unitsPerEm
        times = None if per_em == 1000 else 1000 / per_em
        if ttf.face._pdfScale(2048) != (2048 if times is None else 2048 * times):
            return _MISSING
        kept = _HB_FONTS[(font_name, font_size)] = (ttf, ttf.hbFont(font_size), times)
    _ttf, hb_font, times = kept
    harfbuzz = _ttfonts.uharfbuzz
    buf = harfbuzz.Buffer()
    buf.cluster_level = harfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    harfbuzz.shape(hb_font, buf, features)
    face = ttf.face
    glyph_to_char = face.glyphToChar
    char_widths = face.charWidths
    size = font_size / 1000
    shape_data = _SHAPE_DATA
    new_tuple = tuple.__new__
    count = len(text)
    data: list[Any] = []
    chars: list[str] = []
    width = 0
    changed = shaped = False
    for i, (info, pos) in enumerate(zip(buf.glyph_infos, buf.glyph_positions, strict=True)):
        gid = info.codepoint
        x_advance = pos.x_advance
        try:
            code = glyph_to_char[gid][0]
        except KeyError:
            code = ttf.hbAddPrivate(hb_font.glyph_to_string(gid), gid, x_advance)
        code_width = char_widths[code]
        char = chr(code)
        chars.append(char)
        if times is None:
            x_offset, y_advance, y_offset = pos.x_offset, pos.y_advance, pos.y_offset
        else:
            x_advance *= times
            x_offset = pos.x_offset * times
            y_advance = pos.y_advance * times
            y_offset = pos.y_offset * times
        if x_advance:
            width += x_advance * size
        if not shaped:
            shaped = (
                x_offset != 0
                or y_offset != 0
                or i >= count
                or (text[i] == char and x_advance != code_width)
            )
        if not changed:
            changed = shaped or i >= count or text[i] != char
        data.append(
            new_tuple(
                shape_data, (info.cluster, x_advance, y_advance, x_offset, y_offset, code_width)
            )
        )
    if not changed or not data:
        return word
    shaped_text = _ttfonts.ShapedStr("".join(chars), shapeData=data)
    return _ttfonts.makeShapedFragWord(word)([0 + width, (frag, shaped_text)])


def _rtl_letters(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into runs of right-to-left letters (with their marks) and the rest."""
    if text.isascii():  # (no ASCII character reads from the right: a number, a Latin word)
        return [(False, text)] if text else []
    runs: list[tuple[bool, str]] = []
    for char in text:
        kind = unicodedata.bidirectional(char)
        rtl = kind in _RTL_CLASSES or (kind in ("NSM", "BN") and bool(runs) and runs[-1][0])
        if runs and runs[-1][0] == rtl:
            runs[-1] = (rtl, runs[-1][1] + char)
        else:
            runs.append((rtl, char))
    return runs


# Shaped words by (font, size, text, options): a note repeats its words, and HarfBuzz
# shaping each again (every time reportlab wraps a line) was most of the time a long
# Arabic note took. Only one-font words are kept; bounded, so memory stays small.
_SHAPED: dict[tuple[Any, ...], tuple[Any, float, list[tuple[type, str]]] | None] = {}
_SHAPED_MAX = 50_000


def _shape_cached(word: Any, *args: Any, **kwargs: Any) -> Any:
    """``_shape_each_font`` for a word in one font, from the cache when it was shaped
    before; the result is rebuilt around this word's own style fragment."""
    return _shape_cached_as(word, args, kwargs, _fresh)


def _shape_cached_as(
    word: Any, args: tuple[Any, ...], kwargs: dict[str, Any], fresh: Callable[[str], str]
) -> Any:
    """``_shape_cached``, a kept shaped string rebuilt through ``fresh``: ``_fresh`` (its
    own copy), or ``_same`` for words made with ``shared`` (see ``_shaped_words``)."""
    if len(word) != 2:
        return _shape_pieces_cached(word, args, kwargs, fresh)
    if hasattr(word[1][0], "cbDefn"):
        return _shape_each_font(word, *args, **kwargs)
    frag, text = word[1]
    # the word's class too: reportlab marks with it whether a space follows the word
    key: tuple[Any, ...] = (type(word), frag.fontName, frag.fontSize, text)
    if args or kwargs:
        key += (args, tuple(sorted(kwargs.items())))
    kept = _SHAPED.get(key, _MISSING)
    if kept is not _MISSING:
        if kept is None:
            return word
        kind, width, pieces = kept
        if len(pieces) == 1:  # the usual case, without a generator
            shape, piece = pieces[0]
            return kind([width, shape((frag, fresh(piece)))])
        return kind([width, *(shape((frag, fresh(piece))) for shape, piece in pieces)])
    shaped = _shape_each_font(word, *args, **kwargs)
    if len(_SHAPED) >= _SHAPED_MAX:
        _SHAPED.clear()
    if shaped is word:
        _SHAPED[key] = None
    elif all(f is frag for f, _piece in shaped[1:]):
        _SHAPED[key] = (type(shaped), shaped[0], [(type(p), p[1]) for p in shaped[1:]])
    return shaped


_MISSING: Any = object()


def _shape_pieces_cached(
    word: Any, args: tuple[Any, ...], kwargs: dict[str, Any], fresh: Callable[[str], str]
) -> Any:
    """``_shape_cached`` for a word in several pieces (a word with a comma or a bracket
    from another font: the same few again and again): kept by each piece's font, size
    and text, the shaped pieces rebuilt around this word's own fragments."""
    frags = [f for f, _text in word[1:]]
    if any(hasattr(f, "cbDefn") for f in frags):
        return _shape_each_font(word, *args, **kwargs)
    # which pieces share a fragment: reportlab cuts its shaped text where the fragment changes
    same = tuple(next(i for i, g in enumerate(frags) if g is f) for f in frags)
    key: tuple[Any, ...] = (type(word), same, *((f.fontName, f.fontSize, t) for f, t in word[1:]))
    if args or kwargs:
        key += (args, tuple(sorted(kwargs.items())))
    kept = _SHAPED.get(key, _MISSING)
    if kept is not _MISSING:
        if kept is None:
            return word
        kind, width, pieces = kept
        return kind([width, *(shape((frags[n], fresh(piece))) for shape, n, piece in pieces)])
    shaped = _shape_each_font(word, *args, **kwargs)
    if len(_SHAPED) >= _SHAPED_MAX:
        _SHAPED.clear()
    if shaped is word:
        _SHAPED[key] = None
    elif all(any(f is g for g in frags) for f, _piece in shaped[1:]):
        pieces = [
            (type(p), same[next(i for i, g in enumerate(frags) if g is p[0])], p[1])
            for p in shaped[1:]
        ]
        _SHAPED[key] = (type(shaped), shaped[0], pieces)
    return shaped


def _fresh(piece: str) -> str:
    """A kept shaped string with its own list of glyph positions (never shared)."""
    data = getattr(piece, "__shapeData__", None)
    if data is None:
        return piece
    return _ttfonts.ShapedStr(str(piece), shapeData=list(data))  # type: ignore[no-any-return]


def _shape_around_mirrors(word: Any, *args: Any, **kwargs: Any) -> Any:
    """A word holding mirrored brackets: the rest shaped, the brackets drawn as they
    are (their private codes map straight to the mirrored glyph)."""
    # the word cut at its mirrored brackets; the pieces between two brackets (in one
    # font or several) shaped together, so right-to-left pieces side by side are ordered
    stretches: list[tuple[bool, list[tuple[Any, str]]]] = []
    for frag, text in word[1:]:
        for piece in re.split(f"({_MIRRORED_TEXT.pattern}+)", text):
            if not piece:
                continue
            mirror = bool(_MIRRORED_TEXT.match(piece))
            if stretches and not mirror and not stretches[-1][0]:
                stretches[-1][1].append((frag, piece))
            else:
                stretches.append((mirror, [(frag, piece)]))
    width = 0.0
    joined: list[Any] = []
    for mirror, parts in stretches:
        alone = word.__class__(
            [sum(pdfmetrics.stringWidth(t, f.fontName, f.fontSize) for f, t in parts), *parts]
        )
        shaped = alone if mirror else _shape_each_font(alone, *args, **kwargs)
        width += shaped[0]
        joined.extend(shaped[1:])
    return _ttfonts.makeShapedFragWord(word)([width, *joined])


def _shape_each_font(word: Any, *args: Any, **kwargs: Any) -> Any:
    """reportlab shapes a word with the font of its first part, so "(حضور)" (brackets
    from Noto Sans, letters from Noto Naskh) came out as boxes; and HarfBuzz, guessing a
    right-to-left direction from the script, drew Arabic-Indic digits last to first (a
    phone number printed backwards). A word that mixes fonts, or right-to-left letters
    with anything else, is shaped a piece at a time: right-to-left letters by HarfBuzz,
    digits and punctuation left as they are (already in drawing order, see
    ``_drawing_order``; they need no joining), and put back together. Any other word goes
    to reportlab as it is."""
    parts = word[1:]
    if any(hasattr(f, "cbDefn") for f, _text in parts):
        return _shape_whole_word(word, *args, **kwargs)
    if any(_MIRRORED_TEXT.search(text) for _f, text in parts):
        return _shape_around_mirrors(word, *args, **kwargs)
    pieces = [(f, rtl, run) for f, text in parts for rtl, run in _rtl_letters(text)]
    if len({(f.fontName, rtl) for f, rtl, _run in pieces}) < 2:
        if pieces and not pieces[0][1] and _has_rtl("".join(r for _f, _k, r in pieces)):
            return word  # Arabic-Indic digits or punctuation alone: as typed, left to right
        return _shape_whole_word(word, *args, **kwargs)
    groups: list[tuple[bool, list[Any]]] = []
    for f, rtl, run in pieces:
        if groups and groups[-1][0] == rtl and groups[-1][1][-1][0].fontName == f.fontName:
            groups[-1][1].append((f, run))
        else:
            groups.append((rtl, [(f, run)]))
    # Right-to-left pieces in two fonts side by side (a Syriac or Thaana word ending in
    # the Arabic "؟" or "؛" of Noto Naskh) are in typed order: drawn from the right, the
    # last typed goes leftmost (the question mark had printed at the word's start)
    ordered: list[tuple[bool, list[Any]]] = []
    for rtl, stretch in groupby(groups, key=itemgetter(0)):
        side_by_side = list(stretch)
        ordered.extend(side_by_side[::-1] if rtl else side_by_side)
    width = 0.0
    joined: list[Any] = []
    changed = False
    for rtl, group in ordered:
        alone = word.__class__(
            [sum(pdfmetrics.stringWidth(t, f.fontName, f.fontSize) for f, t in group), *group]
        )
        shaped = (
            _shape_whole_word(alone, *args, **kwargs)
            if rtl or not _has_rtl("".join(t for _f, t in group))
            else alone
        )
        changed = changed or shaped is not alone or len(groups) > 1
        width += shaped[0]
        joined.extend(shaped[1:])
    if not changed:
        return word
    return _ttfonts.makeShapedFragWord(word)([width, *joined])


_reportlab_to_unicode = _ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode map, with characters beyond U+FFFF (emoji, newer CJK) written
    as UTF-16 pairs: reportlab writes their code point as it is ("<1F600>"), so every
    reader extracted a wrong character."""
    cmap: str = _reportlab_to_unicode(fontname, subset)
    face = fontname.split("+", 1)[-1]
    for code in subset:
        letters = _ARABIC_FORMS.get(code) or _PRIVATE_GLYPHS.get((face, code))
        if _MIRROR_BASE <= code < _MIRROR_BASE + 0x10000:
            letters = chr(code - _MIRROR_BASE)  # the bracket as typed
        if letters is not None or 0xFFFF < code <= 0x10FFFF:
            utf16 = (letters or chr(code)).encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"> <{code:04X}>\n", f"> <{utf16}>\n")
    return cmap


def _arabic_forms() -> dict[int, str]:
    """Arabic presentation forms (what HarfBuzz's joined letters map back to) and the
    letters they are: "ﻧ" is "ن". Copied or extracted text then holds the letters a
    person typed and can be searched. A ligature ("ﻻ", lam with alef) maps to its
    letters in drawing order, like the glyphs around it, so readers that put drawn
    Arabic back into reading order (poppler) get "لا"."""
    forms: dict[int, str] = {}
    for code in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)):
        letters = unicodedata.normalize("NFKC", chr(code))
        if letters != chr(code) and all(_script_font(ord(ch)) == ARABIC for ch in letters):
            forms[code] = letters[::-1]
    return forms


_ARABIC_FORMS = _arabic_forms()


_ttfonts.makeToUnicodeCMap = _to_unicode_cmap

_reportlab_set_rise = _textobject.PDFTextObject.setRise


def _set_rise(self: Any, rise: float) -> None:
    """reportlab's ``setRise``, which looks at the operator written last to replace a
    rise it follows: when none has been written yet (a line's shaped text starting with
    a raised mark, "٠َ": an Arabic-Indic digit with a fatha) it stopped the document
    with an IndexError."""
    if self._code:
        _reportlab_set_rise(self, rise)
        return
    self._rise = rise
    self._y -= rise
    self._code.append(f"{fp_str(rise)} Ts")


_textobject.PDFTextObject.setRise = _set_rise

_reportlab_format_text = _textobject.PDFTextObject._formatText


def _format_shaped_text(self: Any, text: str) -> str:
    """reportlab's ``_formatText``, with the steps of shaped text in a font of
    ``_SCRIPT_FAMILIES`` kept small (``_small_steps``)."""
    code: str = _reportlab_format_text(self, text)
    if self._fontname in _SCRIPT_FONT_NAMES and "] TJ" in code:
        return _small_steps(code, self._fontname)
    return code


_textobject.PDFTextObject._formatText = _format_shaped_text


# -- drawing right-to-left text in the order it was typed ---------------------------------
#
# reportlab draws a line from left to right, so a right-to-left word's glyphs are in the
# file last letter first. Readers that follow the file (mutool; pypdf, which turns each
# right-to-left run round but not the runs of a line) then give the words, or a number
# and the words around it, in the wrong order. Each line holding right-to-left text is
# therefore drawn again from what reportlab wrote: every glyph at exactly the same place
# (the page looks the same), but in the order it was typed. A glyph of right-to-left
# text, a neutral (space, punctuation) and an Arabic-Indic digit is shown alone after a
# font selection (``Tf``): pypdf ends a piece of text there, so it cannot turn a typed
# sequence round; a left-to-right word or number is shown as one piece. Poppler orders
# a line by where its glyphs are, so what it gives is unchanged.


@dataclass(slots=True, eq=False)
class _Glyph:
    """What a glyph of one font subset, at one size and rise, is: shared by every place
    it is drawn. A drawn glyph is the tuple ``(x, y, glyph, level)`` (see ``_Drawn``)."""

    font: str  # the PDF font resource, e.g. "F3+0"
    size: float
    rise: float
    look: tuple[str, float, float]  # (font, size, rise): glyphs shown as one piece share it
    selected: str  # "/F3+0 10 Tf"
    code: int  # the byte in the font's subset
    char: str  # the character reportlab drew it for (a shaped glyph's private code)
    width: float  # at this size
    cluster: bool  # drawn for right-to-left letters (HarfBuzz's glyph, or the letter)
    ltr: bool  # its text starts a left-to-right run for pypdf (a Latin letter, a digit)
    rtl: bool  # its text starts (or is part of) a right-to-left run for pypdf
    under: bool  # no width and not a mark: drawn under the glyph after it
    marked: str  # "c" when a cluster, else "."
    # "/F3+0 10 Tf -4.89 0 Td <0a> Tj" by the move before it: most moves are a glyph's width
    moves: dict[float, str]
    flat: bool  # not ltr, and not raised or lowered: shown alone on the line (the usual glyph)
    # (the move rounded, and the operators showing it after that move) by the move as it
    # is, before rounding (see _drawn_on_one_height)
    steps: dict[float, tuple[float, str]]


_WIDTH = attrgetter("width")
_CHAR = attrgetter("char")
_MARKED = attrgetter("marked")
_UNDER = attrgetter("under")
# a glyph where it is drawn: (x, y, what it is, its bidirectional level)
_Drawn = tuple[float, float, _Glyph, int]
# a glyph, or (rarely) glyphs drawn one over the other that move together (see _stacks)
_Unit = _Drawn | list[_Drawn]


_TOKEN = re.compile(
    r"\s*(\[|\]|<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|/[^\s/\[\]<>()]+"
    r"|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z*'\"]+)",
    re.S,
)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}
_COLOUR_OPERATORS = frozenset({"rg", "RG", "g", "G", "k", "K"})
# pypdf's classes (pypdf._utils): characters that start a right-to-left run, and those
# that keep the current direction
_PYPDF_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_PYPDF_NEUTRAL = re.compile(
    "[\x00-\x2f\x3a-\x40\u0660-\u066d\u06f0-\u06f9\u2000-\u206f\u20a0-\u21ff]"
)


_EASTERN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


_LITERAL_ESCAPE = re.compile(r"\\([0-7]{1,3}|.)", re.S)


def _unescaped(match: re.Match[str]) -> str:
    escaped = match.group(1)
    if escaped[0] in "01234567":
        return chr(int(escaped, 8) & 0xFF)
    return _ESCAPES.get(escaped, "" if escaped in "\r\n" else escaped)


@lru_cache(maxsize=65_536)  # a word written again is the same string
def _string_bytes(token: str) -> bytes:
    """The bytes of a PDF string as reportlab writes them: "<0a1b>" or "(a\\(b)"."""
    if token.startswith("<"):
        return bytes.fromhex("".join(token[1:-1].split()))
    body = token[1:-1]
    return (_LITERAL_ESCAPE.sub(_unescaped, body) if "\\" in body else body).encode("latin-1")


# What a glyph of one font subset is, by (font resource, byte): the character reportlab
# drew it for, its width at size 1000, the text it extracts as, and whether it is part
# of right-to-left letters; kept on the canvas (the subsets belong to its document).
_GlyphInfo = tuple[str, float, str, bool, bool, bool, bool]


def _glyph_info(face: Any, face_name: str, code: int) -> _GlyphInfo:
    text = _ARABIC_FORMS.get(code) or _PRIVATE_GLYPHS.get((face_name, code))
    if _MIRROR_BASE <= code < _MIRROR_BASE + 0x10000:
        text = chr(code - _MIRROR_BASE)
    char = chr(code)
    text = text or char
    cluster = (
        0xE000 <= code < 0xF900
        or code in _ARABIC_FORMS
        or unicodedata.bidirectional(char) in _RTL_WORD_CLASSES
    )
    rtl = cluster or _PYPDF_RTL.search(text) is not None
    ltr = not rtl and _PYPDF_NEUTRAL.match(text) is None
    width = float(face.getCharWidth(code))
    # a glyph of no width that is not a mark is drawn under the next (see _stacks)
    under = width == 0 and not any(unicodedata.combining(c) for c in text)
    return char, width, text, cluster, ltr, rtl, under


class _Subset:
    """One font subset of the canvas's document (a ``Tf`` resource such as "F3+0"): the
    characters of its bytes, the font, and what each byte is (``_glyph_info``)."""

    __slots__ = ("face", "face_name", "infos", "subset")

    def __init__(self, subset: list[int], face: Any) -> None:
        self.subset = subset  # (reportlab only adds to it)
        self.face = face
        self.face_name = _face_name(face)
        self.infos: dict[int, _GlyphInfo] = {}


# A string of one font at one size and rise, as drawn: its glyphs, their widths (what
# the pen moves), the characters they were drawn for, "c" or "." for each glyph drawn
# for right-to-left letters or not, and whether one is drawn under the next.
_ShownString = tuple[tuple[_Glyph, ...], tuple[float, ...], str, str, bool]


class _Glyphs(dict[int, _Glyph]):
    """A face's glyphs by code, each made (``_Face.glyph``) the first time it is looked up."""

    __slots__ = ("face",)

    def __init__(self, face: _Face) -> None:
        self.face = face

    def __missing__(self, code: int) -> _Glyph:
        return self.face.glyph(code)


class _Face:
    """A font subset at one size and rise: its glyphs, and the strings drawn in it."""

    __slots__ = ("by_codes", "glyphs", "look", "selected", "strings", "subset")

    def __init__(self, subset: _Subset, font: str, size: float, rise: float) -> None:
        self.subset = subset
        self.look = (font, size, rise)
        self.selected = f"/{font} {fp_str(size)} Tf"
        self.glyphs = _Glyphs(self)
        self.strings: dict[str, _ShownString] = {}
        self.by_codes: dict[bytes, _ShownString] = {}

    def glyph(self, code: int) -> _Glyph:
        glyph = self.glyphs.get(code)
        if glyph is None:
            subset = self.subset
            info = subset.infos.get(code)
            if info is None:
                info = subset.infos[code] = _glyph_info(
                    subset.face, subset.face_name, subset.subset[code]
                )
            char, width, _text, cluster, ltr, rtl, under = info
            font, size, rise = self.look
            glyph = self.glyphs[code] = _Glyph(
                font,
                size,
                rise,
                self.look,
                self.selected,
                code,
                char,
                width * (size / 1000),
                cluster,
                ltr,
                rtl,
                under,
                "c" if cluster else ".",
                {},
                not ltr and rise == 0,
                {},
            )
        return glyph

    def shown(self, token: str) -> _ShownString:
        """The PDF string ``token`` (as in a ``Tj``) drawn in this face."""
        found = self.strings.get(token)
        if found is None:
            found = self.shown_codes(_string_bytes(token))
            if len(self.strings) < 20_000:
                self.strings[token] = found
        return found

    def shown_codes(self, codes: bytes) -> _ShownString:
        """The bytes ``codes`` of this subset drawn in this face (``shown`` without the
        PDF string: see ``_typed_glyphs``)."""
        found = self.by_codes.get(codes)
        if found is None:
            glyphs = tuple(map(self.glyphs.__getitem__, codes))
            found = (
                glyphs,
                tuple(map(_WIDTH, glyphs)),
                "".join(map(_CHAR, glyphs)),
                "".join(map(_MARKED, glyphs)),
                any(map(_UNDER, glyphs)),
            )
            if len(self.by_codes) < 20_000:
                self.by_codes[codes] = found
        return found


# the operands, e.g. "(..." or "10"; an operator starts with a letter (or "*", "'")
_OPERAND_STARTS = frozenset("<(/+-.0123456789")
# the strings of a text object (as _TOKEN reads them); what is between them is read once
_STRING_TOKEN = re.compile(r"(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))", re.S)
_BETWEEN_STRINGS: dict[str, tuple[str, ...]] = {}


def _tokens_between(text: str) -> tuple[str, ...] | None:
    """The tokens of ``text`` (no string in it); None when a character is in none."""
    tokens = _BETWEEN_STRINGS.get(text)
    if tokens is not None:
        return tokens
    found: list[str] = []
    end = 0
    for match in _TOKEN.finditer(text):
        if match.start() != end:
            return None
        found.append(match.group(1))
        end = match.end()
    if text[end:].strip():
        return None
    tokens = tuple(found)
    if len(_BETWEEN_STRINGS) < 20_000:
        _BETWEEN_STRINGS[text] = tokens
    return tokens


def _tokens(text_object: str) -> list[str] | None:
    """The tokens of ``text_object`` as ``_TOKEN`` reads them one after the other; None
    when a character is in none (and is not white space between them)."""
    parts = _STRING_TOKEN.split(text_object)
    tokens: list[str] = []
    for n in range(0, len(parts) - 1, 2):
        between = _tokens_between(parts[n])
        if between is None:
            return None
        tokens += between
        tokens.append(parts[n + 1])
    between = _tokens_between(parts[-1])
    if between is None:
        return None
    tokens += between
    return tokens


@dataclass(slots=True)
class _TextObject:
    """What ``_glyphs_of`` read from one ``BT ... ET``."""

    prefix: list[str]  # the operators before the first glyph (colour)
    xs: list[float]  # where each glyph is drawn
    ys: list[float]
    glyphs: list[_Glyph]
    chars: str  # the characters they were drawn for, a glyph each
    clusters: str  # "c" for a glyph drawn for right-to-left letters, else "."
    stacked: bool  # a glyph is drawn under the one after it
    end: tuple[float, float]  # where reportlab left the start of the next line


class _Read:
    """The glyphs of a line as they are read (by ``_glyphs_of`` from the operators, by
    ``_typed_glyphs`` from the fragments), with where each is drawn."""

    __slots__ = ("chars", "clusters", "glyphs", "stacked", "xs", "ys")

    def __init__(self) -> None:
        self.xs: list[float] = []
        self.ys: list[float] = []
        self.glyphs: list[_Glyph] = []
        self.chars: list[str] = []
        self.clusters: list[str] = []
        self.stacked = False

    def add(self, shown: _ShownString, x: float, y: float) -> float:
        """Add a string's glyphs drawn from ``x`` on ``y``; where the next one starts."""
        glyphs, widths, drawn_for, cluster, under = shown
        at = list(accumulate(widths, initial=x))  # (x += width, glyph by glyph)
        x = at.pop()
        self.xs += at
        self.ys += [y] * len(at)
        self.glyphs += glyphs
        self.chars.append(drawn_for)
        self.clusters.append(cluster)
        self.stacked = self.stacked or under
        return x

    def add_on_line(self, shown: _ShownString, x: float) -> float:
        """``add`` for a line whose glyphs are all on one height (``_typed_glyphs``): the
        heights are left to ``on_height``, set once at the end."""
        glyphs, widths, drawn_for, cluster, under = shown
        at = list(accumulate(widths, initial=x))  # (x += width, glyph by glyph)
        x = at.pop()
        self.xs += at
        self.glyphs += glyphs
        self.chars.append(drawn_for)
        self.clusters.append(cluster)
        self.stacked = self.stacked or under
        return x

    def on_height(self, y: float) -> None:
        """Every glyph added so far drawn on ``y`` (after ``add_on_line``)."""
        self.ys = [y] * len(self.xs)

    def text_object(self, prefix: list[str], end: tuple[float, float]) -> _TextObject:
        """What was read, with the operators before the first glyph and the next start."""
        chars, clusters = "".join(self.chars), "".join(self.clusters)
        return _TextObject(
            prefix, self.xs, self.ys, self.glyphs, chars, clusters, self.stacked, end
        )


def _face(
    faces: dict[tuple[str, float, float], _Face],
    subset: _Subset,
    font: str,
    size: float,
    rise: float,
) -> _Face:
    """The glyphs of ``font`` (its ``subset``) at ``size`` and ``rise``, made once."""
    look = (font, size, rise)
    face = faces.get(look)
    if face is None:
        face = faces[look] = _Face(subset, font, size, rise)
    return face


def _subset_of(canvas: Canvas, font: str, known: dict[str, _Subset]) -> _Subset | None:
    """The font subset of ``Tf`` resource ``font`` on ``canvas``; None for one this does
    not know."""
    subset = known.get(font)
    if subset is not None:
        return subset
    doc = canvas._doc
    internal, _plus, number = font.partition("+")
    fonts = {internal.lstrip("/"): name for name, internal in doc.fontMapping.items()}
    name = fonts.get(internal)
    if name is None or not number.isdigit():
        return None
    ttf = pdfmetrics.getFont(name)
    state = getattr(ttf, "state", {}).get(doc)
    if state is None or int(number) >= len(state.subsets):
        return None
    subset = known[font] = _Subset(state.subsets[int(number)], ttf.face)
    return subset


def _glyphs_of(text_object: str, canvas: Canvas) -> _TextObject | None:
    """The operators before the first glyph (colour), every glyph of one ``BT ... ET``
    that reportlab wrote for a line, with where it is drawn, and where reportlab left
    the start of the next line; None for anything this does not follow (then the line
    is left as reportlab drew it)."""
    tokens = _tokens(text_object)
    if not tokens or tokens[0] != "BT" or tokens[-1] != "ET":
        return None
    cache = canvas.__dict__.setdefault("_tac_glyphs", ({}, {}))
    subsets: dict[str, _Subset] = cache[0]
    faces: dict[tuple[str, float, float], _Face] = cache[1]
    prefix: list[str] = []
    read = _Read()
    operands: list[str] = []
    origin_x = origin_y = x = y = leading = rise = size = 0.0
    font = ""
    subset: _Subset | None = None
    face: _Face | None = None
    in_array: list[str] | None = None
    for token in tokens[1:-1]:
        if token == "[":
            in_array = []
            continue
        if in_array is not None:
            if token == "]":
                operands.append("[")
                array, in_array = in_array, None
                operands.extend(array)
            else:
                in_array.append(token)
            continue
        if token[0] in _OPERAND_STARTS or token[0].isdigit():
            operands.append(token)
            continue
        values = operands
        operands = []
        if token == "Tj" or token == "TJ":
            scale = size / 1000
            for item in values if token == "Tj" else values[1:]:
                if item[0] not in "<(":
                    x -= float(item) * scale
                    continue
                if face is None:
                    if subset is None:  # no font yet: only an empty string is drawn
                        if _string_bytes(item):
                            return None
                        continue
                    face = _face(faces, subset, font, size, rise)
                x = read.add(face.shown(item), x, y)
        elif token == "Tf":
            font, size = values[0][1:], float(values[1])
            subset = _subset_of(canvas, font, subsets)
            if subset is None:
                return None
            face = None
        elif token == "TL":
            leading = float(values[0])
        elif token == "Tm":
            if [float(v) for v in values[:4]] != [1.0, 0.0, 0.0, 1.0] or len(values) != 6:
                return None
            origin_x, origin_y = float(values[4]), float(values[5])
            x, y = origin_x, origin_y
        elif token == "Td":
            origin_x += float(values[0])
            origin_y += float(values[1])
            x, y = origin_x, origin_y
        elif token == "T*":
            origin_y -= leading
            x, y = origin_x, origin_y
        elif token == "Ts":
            rise = float(values[0])
            face = None
        elif token in _COLOUR_OPERATORS and not read.glyphs:
            prefix.append(" ".join([*values, token]))
        elif token in ("Tc", "Tw") and float(values[0]) == 0:
            continue
        else:
            return None
    return read.text_object(prefix, (origin_x, origin_y))


class _WordClasses(dict[int, str]):
    """For ``str.translate``: for a character of a right-to-left word (its bidirectional
    class is in ``_RTL_WORD_CLASSES``) "h" when it is a right-to-left letter
    (``_RTL_TEXT``), else "r"; "n" for any other."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        found = self[code] = (
            "n"
            if unicodedata.bidirectional(char) not in _RTL_WORD_CLASSES
            else "h"
            if _RTL_TEXT.match(char)
            else "r"
        )
        return found


_WORD_CLASSES = _WordClasses()
_WORD_RUNS = re.compile("[hr]+|n+")
_NOT_CLUSTER = re.compile("[^c]")
_CLUSTERS_OF_CLASSES = str.maketrans("hn", "c.")
_NOT_IN_WORDS = bytes.maketrans(b"hrn", b"\0\0\1")


def _with_levels(line: _TextObject, shown: str, levels: Sequence[int]) -> list[int] | None:
    """The level of each glyph of ``line``: that of the character(s) of ``shown`` it was
    drawn for, a right-to-left word (shaped into any number of glyphs) as one, anything
    else a glyph per character. None when they do not match up."""
    chars, clusters = line.chars, line.clusters
    count = len(chars)
    found: list[int] = []
    g = 0
    classes = shown.translate(_WORD_CLASSES)
    if (
        len(shown) == count == len(levels)
        and "r" not in classes
        and clusters == classes.translate(_CLUSTERS_OF_CLASSES)
    ):
        # each letter of a right-to-left word drawn as a glyph (Hebrew), the glyphs of
        # the words where its letters are, and anything else a glyph per character as
        # typed: a word's glyphs take its first letter's level, which is each letter's
        # unless it changes inside a word
        outside = classes.encode("ascii").translate(_NOT_IN_WORDS)
        if "".join(compress(chars, outside)) == "".join(compress(shown, outside)):
            n = 0
            for _level, same in groupby(levels):
                n += len(list(same))
                if n < count and classes[n - 1] == classes[n] == "h":
                    break
            else:
                return list(levels)
    for run in _WORD_RUNS.finditer(classes):
        start, stop = run.span()
        if classes[start] != "n" and _RTL_TEXT.search(shown, start, stop):
            # a right-to-left word: the glyphs drawn for right-to-left letters from here
            other = _NOT_CLUSTER.search(clusters, g)
            end = count if other is None else other.start()
            if end == g:
                return None
            found += [levels[start]] * (end - g)
            g = end
            continue
        # anything else (marks with no right-to-left letter too): a glyph each
        if chars[g : g + stop - start] == shown[start:stop]:
            found += levels[start:stop]
            g += stop - start
            continue
        for n in range(start, stop):
            char = shown[n]
            if g < count and chars[g] == char:
                found.append(levels[n])
                g += 1
            elif not char.isspace():
                return None  # (a space reportlab did not draw is left out)
    return found if g == count else None


def _stacks(glyphs: list[_Drawn]) -> list[_Unit]:
    """The glyphs, a glyph of no width that is not a mark together with the glyph drawn
    over it (HarfBuzz draws some lam-alef ligatures as an alef of no width and a lam).
    A stack is a list of them; in right-to-left text it is shown in typed order by
    ``_stack_in_typed_order``."""
    stacks: list[_Unit] = []
    joined = False
    for glyph in glyphs:
        if joined:
            last = stacks[-1]
            stacks[-1] = [*last, glyph] if isinstance(last, list) else [last, glyph]
        else:
            stacks.append(glyph)
        joined = glyph[2].under
    return stacks


def _typed_sequence(glyphs: list[_Drawn], stacked: bool) -> list[_Unit]:
    """The glyphs of a line (left to right) in the order they were typed, in stacks
    (see ``_stacks``): the bidirectional algorithm's reordering undone, lowest level
    first (each stretch of one level turned round as a whole)."""
    levels = [glyph[3] for glyph in glyphs]
    present = set(levels)
    order: list[_Unit] = list(glyphs)
    if stacked:
        order = _stacks(glyphs)
        levels = [u[-1][3] if isinstance(u, list) else u[3] for u in order]  # its last's
    odd = [level for level in present if level % 2]
    if not odd:
        return order
    if len(present) == 1:  # all of it right to left (most lines of an Arabic note)
        return order[::-1]
    # (level, start, stop, turned round) of each stretch of one level; turned round
    # lowest level first, the drawing order's reordering is undone
    runs: list[tuple[int, int, int, bool]] = []
    start = 0
    for level, same in groupby(levels):
        stop = start + len(list(same))
        runs.append((level, start, stop, False))
        start = stop
    _turn_round(runs, range(min(odd), max(present) + 1))
    typed: list[_Unit] = []
    for _level, start, stop, turned in runs:
        typed += order[start:stop][::-1] if turned else order[start:stop]
    return typed


def _turn_round(stretches: list[tuple[int, int, int, bool]], levels: Iterable[int]) -> None:
    """Rule L2 on ``stretches`` of one level each, (level, start, stop, turned round), in
    place: for each of ``levels`` in turn, every sequence of stretches at that level or
    higher is reversed (and each stretch in it turned round once more)."""
    for level in levels:
        n = 0
        while n < len(stretches):
            if stretches[n][0] < level:
                n += 1
                continue
            first = n
            while n < len(stretches) and stretches[n][0] >= level:
                n += 1
            stretches[first:n] = [
                (s[0], s[1], s[2], not s[3]) for s in reversed(stretches[first:n])
            ]


def _move(glyph: _Glyph, dx: float) -> str:
    """``glyph`` shown after a move of ``dx`` along the line."""
    shown_as = f"{glyph.selected} {dx:.4f} 0 Td <{_HEX[glyph.code]}> Tj"
    if dx and len(glyph.moves) < 256:  # (0.0 and -0.0 are one key, but written apart)
        glyph.moves[dx] = shown_as
    return shown_as


_HEX = tuple(f"{n:02x}" for n in range(256))
# round(move, 4) by move
_ROUNDED: dict[float, float] = {}


def _drawn_in_typed_order(
    prefix: list[str], glyphs: list[_Drawn], stacked: bool, end: tuple[float, float]
) -> str:
    """One ``BT ... ET`` drawing ``glyphs`` where they were, in typed order, and then
    moving down to ``end``'s height as reportlab did: pypdf starts a new line of text on
    that move, as it did before (a table cell beside this one stays on a line of its
    own). It moves to where reading this line started (the right edge of its first
    glyph when that reads from the right), not to the left margin: the next line of a
    right-to-left paragraph starts at the right too, and pypdf took a jump to the right
    between them for a space.

    A glyph is shown in the same piece as those before it only in a left-to-right word
    or number (pypdf keeps those in order), never going back.

    Positions are written to 1/10,000 of a point (as reportlab does), each move from
    where a reader has added the moves up to, so no error builds up."""
    order = _typed_sequence(glyphs, stacked)
    first = order[0][0] if isinstance(order[0], list) else order[0]
    x, y, glyph, level = first
    start = x + glyph.width if level % 2 else x  # where reading begins
    # pypdf measures each move from the last: from the start of the line, the first
    # glyph (at the right of the line when it reads from the right) is no jump to the
    # right, which it would take for a space
    at = [round(start, 4), round(y, 4), 0.0]  # where the reader is, and the rise
    out = ["BT", *prefix, f"1 0 0 1 {at[0]:.4f} {at[1]:.4f} Tm"]
    append = out.append
    rounded = _ROUNDED
    piece: list[_Drawn] | None = None  # a left-to-right piece that may go on
    last_x = 0.0
    look: tuple[str, float, float] = ("", 0.0, 0.0)
    at_x, at_y, rise = at
    for unit in order:
        if isinstance(unit, list):  # a stack: a piece of its own, or one starting
            if piece is not None:
                at[0] = at_x
                _write_piece(out, piece, at)
                at_x, at_y, rise = at
            if unit[0][2].ltr:
                piece, last_x, look = list(unit), unit[-1][0], unit[-1][2].look
            else:
                at[0] = at_x
                for drawn in _stack_in_typed_order(unit):
                    _write_piece(out, [drawn], at)
                at_x, at_y, rise = at
                piece = None
            continue
        x, y, glyph, _level = unit
        if piece is not None:
            if not glyph.rtl and x >= last_x and glyph.look == look:
                piece.append(unit)
                last_x = x
                continue
            at[0] = at_x
            _write_piece(out, piece, at)
            at_x, at_y, rise = at
            piece = None
        if glyph.ltr:
            piece, last_x, look = [unit], x, glyph.look
        elif y == at_y and glyph.rise == rise:  # the usual glyph
            move = x - at_x
            dx = rounded.get(move)  # (a few hundred moves make a document)
            if dx is None:
                dx = round(move, 4)
                if move and len(rounded) < 100_000:  # (0.0 and -0.0 are one key)
                    rounded[move] = dx
            at_x += dx
            append(glyph.moves.get(dx) or _move(glyph, dx))
        else:
            at[0] = at_x
            _write_piece(out, [unit], at)
            at_x, at_y, rise = at
    if piece is not None:
        at[0] = at_x
        _write_piece(out, piece, at)
    out.append(f"1 0 0 1 {round(start, 4):.4f} {end[1]:.4f} Tm ET")
    return " ".join(out)


class _Stack(list[_Drawn]):
    """Glyphs drawn one over the other (see ``_stacks``), as ``_typed_units`` gives them."""

    flat = False  # (never the usual glyph: see _drawn_on_one_height)


def _step(glyph: _Glyph, move: float) -> tuple[float, str]:
    """``move`` rounded as ``_drawn_in_typed_order`` rounds it, and ``glyph`` shown after
    that move (``_move``), kept on the glyph by the move."""
    dx = round(move, 4)
    step = (dx, glyph.moves.get(dx) or _move(glyph, dx))
    if move and len(glyph.steps) < 256:  # (0.0 and -0.0 are one key, but written apart)
        glyph.steps[move] = step
    return step


def _typed_units(
    xs: list[float], y: float, glyphs: list[_Glyph], levels: list[int], stacked: bool
) -> tuple[list[Any], list[Any], int]:
    """``_typed_sequence`` for glyphs drawn on one height ``y``, in lists side by side:
    where each unit is drawn (a float, None for a stack) and what it is (a ``_Glyph``, a
    ``_Stack``), in typed order, and the level of the first unit (when not a stack)."""
    units_x: list[Any] = xs  # (read, never changed)
    units: list[Any] = glyphs
    unit_levels = levels
    if stacked:  # (as _stacks: a glyph of no width that is not a mark, with those after it)
        units_x, units, unit_levels = [], [], []
        count = len(glyphs)
        done = 0
        for n in compress(range(count - 1), map(_UNDER, glyphs)):
            if n < done:  # (in the stack before)
                continue
            last = n + 1
            while last < count - 1 and glyphs[last].under:
                last += 1
            units_x += xs[done:n]
            units += glyphs[done:n]
            unit_levels += levels[done:n]
            units_x.append(None)
            units.append(_Stack([(xs[k], y, glyphs[k], levels[k]) for k in range(n, last + 1)]))
            unit_levels.append(levels[last])  # (its last's)
            done = last + 1
        units_x += xs[done:]
        units += glyphs[done:]
        unit_levels += levels[done:]
    # (level, start, stop, turned round) of each stretch of one level
    runs: list[tuple[int, int, int, bool]] = []
    start = 0
    for level, same in groupby(unit_levels):
        stop = start + len(list(same))
        runs.append((level, start, stop, False))
        start = stop
    present = set(levels) if stacked else {run[0] for run in runs}
    odd = [level for level in present if level % 2]
    if not odd:
        return units_x, units, unit_levels[0]
    if len(present) == 1:
        return units_x[::-1], units[::-1], unit_levels[-1]
    lowest = min(odd)
    if lowest == min(present) and max(present) == lowest + 1:
        # right to left with left to right inside (a number, a Latin word: most lines
        # of an Arabic or Hebrew note): _turn_round turns the whole line round, then
        # each stretch of the higher level back (no two stretches of one level touch)
        count = len(units)
        typed_x = units_x[::-1]
        typed = units[::-1]
        for level, start, stop, _turned in runs:
            if level != lowest:
                typed_x[count - stop : count - start] = units_x[start:stop]
                typed[count - stop : count - start] = units[start:stop]
        return typed_x, typed, runs[-1][0]
    _turn_round(runs, range(lowest, max(present) + 1))
    typed_x = []
    typed = []
    for _level, start, stop, turned in runs:
        if turned:
            typed_x += units_x[start:stop][::-1]
            typed += units[start:stop][::-1]
        else:
            typed_x += units_x[start:stop]
            typed += units[start:stop]
    return typed_x, typed, runs[0][0]


def _drawn_on_one_height(
    prefix: list[str],
    xs: list[float],
    y: float,
    glyphs: list[_Glyph],
    levels: list[int],
    stacked: bool,
    end: tuple[float, float],
) -> str | None:
    """``_drawn_in_typed_order`` for glyphs all drawn on the height ``y``, when it has no
    more than four decimals (every line ``_typed_glyphs`` reads): the same operators,
    from the glyphs' lists side by side, with no tuple made for a glyph and no height
    compared. None for a line with a glyph raised or lowered (then the general way
    draws it)."""
    if y != round(y, 4):
        return None
    typed_x, typed, level = _typed_units(xs, y, glyphs, levels, stacked)
    first = typed_x[0]
    if first is None:
        first, _y, glyph, level = typed[0][0]
    else:
        glyph = typed[0]
    start = first + glyph.width if level % 2 else first  # (as _drawn_in_typed_order)
    at_x = round(start, 4)
    out = ["BT", *prefix, f"1 0 0 1 {at_x:.4f} {y:.4f} Tm"]
    append = out.append
    # where the reader is (its height never changes: y is what it is rounded), and the
    # rise, which stays 0 (else None)
    at = [at_x, y, 0.0]
    units = iter(zip(typed_x, typed, strict=True))
    for x, glyph in units:
        while True:  # (again for the glyph that ends a piece)
            if glyph.flat:  # the usual glyph: shown alone after a move along the line
                move = x - at_x
                step = glyph.steps.get(move)
                if step is None:
                    step = _step(glyph, move)
                at_x += step[0]
                append(step[1])
                break
            if x is None:  # a stack (glyph: its _Stack)
                if not glyph[0][2].ltr:
                    if not any(drawn[2].rise for drawn in glyph):
                        # (as _write_piece shows a glyph on the line, a glyph at a time)
                        for x, _y, part, _level in _stack_in_typed_order(glyph):
                            dx = round(x - at_x, 4)
                            at_x += dx
                            append(part.moves.get(dx) or _move(part, dx))
                        break
                    at[0] = at_x
                    for drawn in _stack_in_typed_order(glyph):
                        _write_piece(out, [drawn], at)
                    at_x = at[0]
                    if at[2]:
                        return None
                    break
                piece: list[_Drawn] = list(glyph)
                last_x, look = glyph[-1][0], glyph[-1][2].look
                one_look = False
            elif glyph.ltr:
                piece, last_x, look = [(x, y, glyph, 0)], x, glyph.look
                one_look = True
            else:  # raised or lowered
                return None
            # a left-to-right piece goes on over what is not right to left, never back
            ended = True
            for x, glyph in units:
                if x is not None and not glyph.rtl and x >= last_x and glyph.look == look:
                    piece.append((x, y, glyph, 0))
                    last_x = x
                    continue
                ended = False
                break
            at[0] = at_x
            _write_piece(out, piece, at, one_look=one_look)
            at_x = at[0]
            if at[2]:
                return None
            if ended:
                break
    append(f"1 0 0 1 {round(start, 4):.4f} {end[1]:.4f} Tm ET")
    return " ".join(out)


# How far left of the glyph over it a right-to-left glyph of no width is shown (points):
# a hair, so no picture changes, but readers that go by position see it on the left.
_UNDER_SHIFT = 0.001


def _stack_in_typed_order(stack: list[_Drawn]) -> list[_Drawn]:
    """A right-to-left stack (see ``_stacks``: HarfBuzz's lam-alef is an alef of no width
    drawn under a lam) in typed order, a glyph at a time: the glyph drawn over first (the
    lam, typed first), then each glyph of no width under it, a hair to its left. Shown
    as drawn, mutool (which keeps the file's order) read "ال" for "لا" in every word
    with lam-alef ("األم"); shown at the same place as the lam, poppler took the alef for
    an overlapping word and broke the line."""
    top, *under = stack[::-1]
    return [top, *((x - _UNDER_SHIFT, y, glyph, level) for x, y, glyph, level in under)]


def _write_piece(
    out: list[str], piece: list[_Drawn], at: list[float], *, one_look: bool = False
) -> None:
    """Add to ``out`` the operators showing ``piece`` (glyphs shown together), from
    where the reader is and the rise ``at`` (which it moves on); ``one_look`` when its
    glyphs are known to share their font, size and rise."""
    at_x, at_y, rise = at
    lead_x, lead_y, lead, _level = piece[0]
    several = len(piece) > 1
    if not several and lead_y == at_y and lead.rise == rise:  # one glyph on the line
        dx = round(lead_x - at_x, 4)
        at[0] = at_x + dx
        out.append(lead.moves.get(dx) or _move(lead, dx))
        return
    one_face = (
        not several
        or one_look
        or all(g[2].font == lead.font and g[2].rise == lead.rise for g in piece)
    )
    for x, y, glyph, _level in piece if not one_face else (piece[0],):
        dx = round(x - at_x, 4)
        at_x += dx
        if y != at_y:
            dy = round(y - at_y, 4)
            at_y += dy
            out.append(f"{glyph.selected} {dx:.4f} {dy:.4f} Td")
        else:
            out.append(f"{glyph.selected} {dx:.4f} 0 Td")
        if glyph.rise != rise:
            rise = glyph.rise
            out.append(f"{fp_str(rise)} Ts")
        if not one_face or not several:  # (a stack in two fonts: a glyph at a time)
            out.append(f"<{_HEX[glyph.code]}> Tj")
    at[:] = [at_x, at_y, rise]
    if not one_face or not several:
        return
    shown: list[str] = []
    run: list[str] = []
    pen = at_x
    for x, _y, glyph, _level in piece:
        gap = x - pen
        if gap > 1e-4 or gap < -1e-4:
            if run:
                shown.append("<" + "".join(run) + ">")
                run = []
            shown.append(f"{-gap * 1000 / glyph.size:.4f}")
        run.append(_HEX[glyph.code])
        pen = x + glyph.width
    shown.append("<" + "".join(run) + ">")
    out.append(f"[{' '.join(shown)}] TJ")


def _in_typed_order(canvas: Canvas, start: int, shown: str, levels: Sequence[int]) -> None:
    """Redraw the text reportlab wrote on ``canvas`` from ``start`` (one line set in the
    drawing order ``shown``) so that the glyphs come in typed order; left as it is when
    the line reads left to right throughout (unless it holds Arabic-Indic or Persian
    digits: pypdf keeps those in the direction of whatever came before, so a phone number
    alone in a cell after an Arabic name came out backwards) or is not what this
    expects."""
    if not any(level % 2 for level in levels) and _EASTERN_DIGITS.search(shown) is None:
        return
    # one level throughout (most lines of an Arabic note): every glyph has it, however
    # the words were shaped
    uniform = levels[0] if levels and min(levels) == max(levels) else None
    code = canvas._code
    for n in range(start, len(code)):
        entry = code[n]
        if not (isinstance(entry, str) and entry.startswith("BT ") and entry.endswith("ET")):
            continue
        redrawn = _redrawn(canvas, entry, shown, levels, uniform)
        if redrawn is not None:
            code[n] = redrawn


def _redrawn(
    canvas: Canvas, entry: str, shown: str, levels: Sequence[int], uniform: int | None
) -> str | None:
    """``entry`` (one ``BT ... ET`` of the line ``shown``) drawn in typed order, or None
    to leave it as reportlab wrote it."""
    try:
        line = _glyphs_of(entry, canvas)
    except (ValueError, IndexError, KeyError):
        line = None
    if line is None or not line.glyphs:
        return None
    if uniform is not None:
        found: list[int] | None = [uniform] * len(line.glyphs)
    else:
        found = _with_levels(line, shown, levels)
    if found is None:
        return None
    return _drawn_in_typed_order(
        line.prefix,
        list(zip(line.xs, line.ys, line.glyphs, found, strict=True)),
        line.stacked,
        line.end,
    )


if hasattr(_ttfonts, "makeShapedFragWord"):  # reportlab 4.1+: the shaping it was written for
    _paragraph_module.shapeFragWord = _shape_cached

# Page streams compressed without reportlab's ASCII85 layer (for 7-bit mail, long gone):
# pikepdf takes that layer off again when it adds the structure (``_add_structure``), so
# the file is the same bytes, made without encoding and decoding 500 kB of text a document.
_rl_config.useA85 = 0


# -- styles ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HouseStyles:
    """The one stylesheet. ``cell``/``cell_bold`` are for table cells."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    empty: ParagraphStyle  # "None recorded." and similar, in grey italics


@cache
def styles() -> HouseStyles:
    _family(SANS)
    base = ParagraphStyle(
        "tac-body",
        fontName=SANS,
        fontSize=10,
        leading=13.5,
        textColor=INK,
        spaceAfter=4,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
    )

    def like(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(f"tac-{name}", parent=base, **changes)

    return HouseStyles(
        title=like("title", fontName=f"{SANS}-Bold", fontSize=18, leading=22, spaceAfter=2),
        subtitle=like("subtitle", fontSize=11, leading=14, textColor=MUTED, spaceAfter=10),
        heading=like(
            "heading",
            fontName=f"{SANS}-Bold",
            fontSize=13,
            leading=16,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),
        subheading=like(
            "subheading",
            fontName=f"{SANS}-Bold",
            fontSize=10.5,
            leading=13.5,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        ),
        body=base,
        small=like("small", fontSize=8.5, leading=11, textColor=MUTED),
        label=like(
            "label", fontName=f"{SANS}-Bold", fontSize=9, leading=12, spaceAfter=3, keepWithNext=1
        ),
        cell=like("cell", fontSize=9, leading=11.5, spaceAfter=0),
        cell_bold=like(
            "cell-bold", fontName=f"{SANS}-Bold", fontSize=9, leading=11.5, spaceAfter=0
        ),
        empty=like("empty", fontName=f"{SANS}-Italic", textColor=MUTED),
    )


@cache
def indented(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` set in from the left, for what belongs to the paragraph above it."""
    return ParagraphStyle(f"{style.name}-indented", parent=style, leftIndent=5 * mm)


@cache
def _shaped(style: ParagraphStyle) -> ParagraphStyle:
    # HarfBuzz shaping costs on every word, so only paragraphs that need it get it.
    return ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)


# -- flowables ------------------------------------------------------------------------


def para(
    text: str,
    style: ParagraphStyle,
    *,
    markup: bool = False,
    align_by_direction: bool = True,
    sentence: bool = False,
) -> Flowable:
    """One paragraph of ``text`` (user text unless ``markup`` says it is code's own).

    A paragraph takes its direction from its first letter that has one: text typed in
    Arabic or Hebrew reads from the right, and with ``align_by_direction`` is set from
    the right (not in table cells, which keep their column's alignment).
    ``sentence``: the text is one of the program's English sentences with typed text in
    it ("Yusuf did not agree: ..."), so it reads left to right whatever the name is.
    Headings (title, subtitle, heading, subheading, label) always follow the document:
    left to right and set from the left, even when they start with an Arabic name."""
    if not markup and _has_rtl(text):
        own = not sentence and not _is_heading(style)
        return BidiParagraph(
            text, style, align_by_direction=align_by_direction and own, base=None if own else "L"
        )
    made: _Para | None = None
    if not markup and _CJK_TEXT.search(text):
        made = _CJKPara.of(text, style)
    else:
        shown = text if markup else safe_markup(text)
        style = _shaped(style) if _needs_shaping(text) else style
        if not markup:  # runs of text in fonts: the parser's fragments, made directly
            cleaned, frags = _line_frags(shown, style)
            if frags is not None:
                made = _Para(cleaned, style, frags=frags)
        if made is None:
            made = _Para(shown, style)
    if not markup:
        made.language = language_of_text(text)
    return made


def _is_heading(style: ParagraphStyle) -> bool:
    s = styles()
    return any(style is h for h in (s.title, s.subtitle, s.heading, s.subheading, s.label))


_TALL = 1e9  # a one-line paragraph's height does not depend on the room below it


class BidiParagraph(Flowable):  # type: ignore[misc]  # reportlab has no types
    """A paragraph holding right-to-left text.

    reportlab would wrap the words in the order they are drawn, so a long Arabic note
    would start on its last line. Here the text is broken into lines as typed, then each
    line is put in drawing order (``_drawing_order``) and set as a one-line Paragraph:
    from the right when the paragraph starts in a right-to-left script.

    The paragraph is held as segments: each typed line with its direction ("L"/"R").
    A part split off over a page keeps the words of its own lines as segments, so it
    can be set again at any width (a table asks a cell to split at its column's width,
    then measures the part inside the padding).
    """

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        align_by_direction: bool = True,
        base: str | None = None,
        segments: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.style = style
        self.align_by_direction = align_by_direction
        self.base = base  # "L", "R" or None: each typed line's own (its first letter)
        if segments is None:
            typed = _printable(plain_text(text)).split("\n")
            segments = [(line, self._base(line)) for line in typed if line.strip()]
        self.segments = segments
        self.text = "\n".join(line for line, _base in segments)
        self.lines: list[Paragraph] | None = None
        self.words: list[tuple[int, str]] = []  # each line's segment and words as typed
        self.heights: list[float] = []  # each line's height, wrapped once
        self.set_for = -1.0  # the width ``lines`` were set for
        self.width: float = 0.0
        self.height: float = 0.0
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        # (the paragraph's language, each line's): of the whole, for every part of it
        self.languages: tuple[str, Callable[[str], str]] | None = None

    def _languages(self) -> tuple[str, Callable[[str], str]]:
        if self.languages is None:
            own = language_of_span(self.text) if self._reads_rtl() else ""
            self.languages = own, language_of_lines(self.text)
        return self.languages

    def _lines_for(self, width: float) -> list[Paragraph]:
        """The lines at ``width``, each wrapped once (frames ask for a size many times)."""
        if self.lines is None or self.set_for != width:
            self.lines, self.set_for = self._set(width), width
            self.heights = []
        if len(self.heights) != len(self.lines):
            self.heights = [line.wrap(width, _TALL)[1] for line in self.lines]
        return self.lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._lines_for(avail_width)
        self.width = avail_width
        self.height = sum(self.heights)
        return avail_width, self.height

    def draw(self) -> None:
        tags = _tagger(self.canv)
        if tags is not None:
            lang, line_language = self._languages()
            tags.begin(self.canv, _role(self.style, self.text), lang=lang, slot=_slot(self))
        y = self.height
        # each line's typed direction: a part split off keeps the segments of its lines
        segment = {index: n for n, index in enumerate(dict.fromkeys(i for i, _w in self.words))}
        for line, (index, typed) in zip(self.lines or [], self.words, strict=False):
            y -= line.height
            lang = "" if tags is None else line_language(typed)
            # the language of a line holding Arabic, Hebrew..., for screen readers; the
            # line as typed where poppler would read it backwards (inside the line's
            # text object: see _mark_line)
            said = [f"/Lang {_pdf_text(lang)}"] if lang else []
            actual = _OTHER_WAY_IN_POPPLER.search(typed) and not _rtl_in_poppler(typed)
            if actual:
                said.append(f"/ActualText {_pdf_text(typed)}")
            span = f"/Span <<{' '.join(said)}>> BDC"
            code = self.canv._code
            if said and not actual:
                code.append(span)
            base = self.segments[segment[index]][1]
            start = len(code)
            self._draw_line(line, y, typed, base)
            if actual:
                _mark_line(code, start, span)
            elif said:
                code.append("EMC")
        if tags is not None:
            tags.end(self.canv)

    def _draw_line(self, line: Paragraph, y: float, typed: str, base: str) -> None:
        """``line.drawOn(canvas, 0, y)`` and the redraw in typed order. A line drawn
        before in this document (the same ``_Line``: see ``_set``) writes what it wrote
        then: a line draws at its own origin, so its text does not hold ``y``."""
        canvas = self.canv
        drawn: dict[tuple[Any, str, str], list[Any]] = canvas.__dict__.setdefault("_tac_lines", {})
        code = canvas._code
        # what saveState and translate write (the state they change comes back with
        # restoreState, and neither a kept line nor _typed_one_line reads it): written
        # directly; a line drawn the other way has them done by the canvas
        code.append("q")
        code.append(f"{fp_str(1, 0, 0, 1, 0, y)} cm")
        made_by = getattr(line, "made_by", None)  # (markup, style, width): see _line_at
        kept = None if made_by is None else drawn.get((made_by, typed, base))
        if kept is None:
            start = len(code)
            shown, levels = _drawing_order_levels(typed, base)
            if not _typed_one_line(line, canvas, shown, levels):  # (then it wrote nothing)
                del code[start - 2 :]
                canvas.saveState()
                canvas.translate(0, y)
                start = len(code)
                _draw_one_line(line, canvas)
                _in_typed_order(canvas, start, shown, levels)
                if made_by is not None:
                    drawn[(made_by, typed, base)] = code[start:]
                canvas.restoreState()
                return
            if made_by is not None:
                drawn[(made_by, typed, base)] = code[start:]
        else:
            code.extend(kept)
        code.append("Q")

    def _reads_rtl(self) -> bool:
        return bool(self.segments) and self.segments[0][1] == "R"

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        # A table passes its column's whole width here but wraps inside its padding:
        # split at the width last wrapped at, so the parts measure what was drawn.
        width = self.set_for if 0 < self.set_for <= avail_width else avail_width
        lines = self._lines_for(width)
        used, fits = 0.0, 0
        for height in self.heights:
            if used + height > avail_height:
                break
            used, fits = used + height, fits + 1
        if fits == 0 or fits == len(lines):
            return []  # every line is at most as wide as the room: only whole lines move
        parts = []
        for chosen in (range(fits), range(fits, len(lines))):
            segments: list[tuple[str, str]] = []
            last = -1
            for n in chosen:
                index, words = self.words[n]
                if index == last:
                    segments[-1] = (f"{segments[-1][0]} {words}", segments[-1][1])
                else:
                    segments.append((words, self.segments[index][1]))
                last = index
            part = BidiParagraph(
                "",
                self.style,
                align_by_direction=self.align_by_direction,
                base=self.base,
                segments=segments,
            )
            part.lines, part.set_for = [lines[n] for n in chosen], width
            part.words = [self.words[n] for n in chosen]
            part.heights = [self.heights[n] for n in chosen]  # each line wrapped once
            parts.append(part)
        parts[0].spaceAfter = parts[1].spaceBefore = 0
        for part in parts:
            part.languages = self._languages()
        return _continued(self, parts)

    def _set(self, width: float) -> list[Paragraph]:
        """The text as one-line paragraphs, each in drawing order."""
        style = self.style
        room = (width - style.leftIndent - style.rightIndent) * 0.97  # bold is wider
        space = pdfmetrics.stringWidth(" ", style.fontName, style.fontSize)
        out: list[Paragraph] = []
        self.words = []
        font_name, size = style.fontName, style.fontSize  # (``_text_width``, a step less)
        word_width = _word_width
        for index, (typed, base) in enumerate(self.segments):
            right = self.align_by_direction and self.base is None and base == "R"
            line_style = _line_style(style, right)
            current: list[str] = []  # (``lines[-1]``)
            lines: list[list[str]] = [current]
            used = 0.0
            typed_words = typed.split(" ")
            widths = [word_width(word, font_name, size) for word in typed_words]
            if max(widths) > room:  # a word no line holds: cut (``_fitting_words``)
                typed_words = list(_fitting_words(typed_words, style, room))
                widths = [word_width(word, font_name, size) for word in typed_words]
            for word, wide in zip(typed_words, widths, strict=True):
                if current and used + space + wide > room:
                    current = []
                    lines.append(current)
                    used = 0.0
                used += wide + (space if current else 0.0)
                current.append(word)
            for words in lines:
                logical = " ".join(words)
                shown = _drawing_order_levels(logical, base)[0]  # (``_drawing_order``)
                runs = _runs(shown, drawing_order=True)  # (``_line_markup``, kept for _Line)
                markup = _markup_of_runs(runs, True)
                out.append(_line_at(markup, line_style, width, runs))
                self.words.append((index, logical))
        return out

    def _base(self, typed: str) -> str:
        """The direction of one typed line, kept for each of the lines it wraps into (a
        wrapped line starting with a Latin word in Arabic text still reads from the
        right)."""
        if self.base is not None:
            return self.base
        return "R" if get_base_level(typed) == 1 else "L"


# One-line paragraphs by (markup, style, width): a line set again (a repeated cell, a
# sentence that wraps the same way) is the same ``_Line``, already wrapped, and draws
# what the first line made from them wrote in that document (``_draw_line``): the
# layout and the drawing depend on those alone. Only ever wrapped at its width. A line
# holds its fragments (each a copy of the style's attributes), so only the lines set
# most recently are kept.
_LINES: dict[tuple[str, ParagraphStyle, float], _Line] = {}


def _line_at(
    markup: str,
    style: ParagraphStyle,
    width: float,
    runs: list[tuple[str | None, str]] | None = None,
) -> _Line:
    """The ``_Line`` of ``markup``; ``runs``, if given, are the runs it was made of in
    drawing order (``_line_markup``), for ``_line_frags``."""
    global _LINES
    key = (markup, style, width)
    line = _LINES.get(key)
    if line is None:
        if len(_LINES) >= 256:
            _LINES = {}
        line = _LINES[key] = _Line(markup, style, runs)
        line.made_by = key
    return line


# N'Ko and Adlam are newer than poppler's table of right-to-left letters: it reads their
# glyphs, drawn from the right, left to right (backwards). A line holding them and nothing
# poppler does read from the right (it reverses that whatever it is given) says what it
# reads as (ActualText), which poppler takes instead of the glyphs; mutool and pypdf read
# the glyphs, in typed order already.
_OTHER_WAY_IN_POPPLER = re.compile(
    f"[{_class_ranges(_RTL_FAMILIES['NKo'] + _RTL_FAMILIES['Adlam'])}]"
)
_RTL_IN_POPPLER = re.compile("[\u0590-\u07bf\u0860-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _rtl_in_poppler(line: str) -> bool:
    """Whether ``line`` has a character poppler reads from the right: a letter, or the
    Arabic "؟" or "؛" (it takes the N'Ko or Adlam after one along, backwards). The Arabic
    comma and digits are not."""
    return any(
        unicodedata.bidirectional(found[0]) in ("R", "AL")
        for found in _RTL_IN_POPPLER.finditer(line)
    )


def _mark_line(code: list[Any], start: int, bdc: str) -> None:
    """The line written to ``code`` from ``start`` in the marked-content span ``bdc``:
    inside its text object, where its place (cm) and font still hold when the span
    ends (poppler places an ActualText by the graphics state at its EMC: outside, every
    line's text landed on one spot and the lines of a paragraph came out of order)."""
    texts = [
        n
        for n in range(start, len(code))
        if isinstance(code[n], str) and code[n].startswith("BT ") and code[n].endswith("ET")
    ]
    if len(texts) == 1:
        entry = code[texts[0]]
        code[texts[0]] = f"BT {bdc}\n{entry[3:-2]}\nEMC ET"
    else:
        code.insert(start, bdc)
        code.append("EMC")


def _pdf_text(text: str) -> str:
    """A PDF text string for any text: UTF-16BE with its byte order mark, in hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _fitting_words(words: list[str], style: ParagraphStyle, room: float) -> Iterator[str]:
    """``words``, each wider than ``room`` cut into pieces that fit it (between grapheme
    bases, never before a mark). Left whole, such a word made one line that reportlab
    wrapped over many; in a table cell taller than a page that line could not be split,
    and the table printed an empty cell and then pages of empty header rows."""
    for word in words:
        # (any word: at a narrow width, an emoji and two letters are too wide)
        if _text_width(word, style) <= room:
            yield word
            continue
        piece: list[str] = []
        used = 0.0
        for font, run in _runs(word):
            face = style.fontName if font == SANS else _in_weight_of(font, style.fontName)
            for char in run:
                wide = pdfmetrics.stringWidth(char, face, style.fontSize)
                mark = unicodedata.category(char) in _MARKS
                if piece and not mark and used + wide > room:
                    yield "".join(piece)
                    piece, used = [], 0.0
                piece.append(char)
                used += wide
        if piece:
            yield "".join(piece)


_MARKS = frozenset({"Mn", "Mc", "Me"})


def _text_width(word: str, style: ParagraphStyle) -> float:
    """A word's width unshaped: Arabic letters alone are at least as wide as joined."""
    return _word_width(word, style.fontName, style.fontSize)


def _line_width(text: str, font_name: str, size: float) -> float:
    """The width of ``text`` unshaped, each run in the font that draws it (a line is
    measured once; words go through the cached ``_word_width``)."""
    return float(
        sum(
            pdfmetrics.stringWidth(
                run, font_name if face == SANS else _in_weight_of(face, font_name), size
            )
            for face, run in _runs(text)
            if face is not None
        )
    )


# Words repeat through a note: each is measured once (a cache, bounded).
_word_width = lru_cache(maxsize=50_000)(_line_width)


# -- one line of a BidiParagraph, made and measured without reportlab's general machinery --
#
# A right-to-left paragraph is set as one reportlab Paragraph per line (see
# ``BidiParagraph``): thousands of them in a long Arabic note. For each, reportlab parsed
# the markup with its HTML parser and ran its line breaker over every word, although the
# markup is only runs of text in fonts and the line is known to fit. ``_Line`` builds the
# same fragments and the same one-line layout directly; whatever it does not expect (other
# markup, a line that does not fit, any special fragment) goes the ordinary way.

# Runs of text, each in the paragraph's font or in <font face="...">: what _line_markup
# and safe_markup make. With "&" (an escaped character) or any other markup the ordinary
# parser is used (it splits the text at an escape).
_RUN = re.compile(r'<font face="([^"<>&]+)">([^<&]*)</font>|([^<&]+)')
_PROTOTYPES: dict[tuple[int, str | None], tuple[ParagraphStyle, Any]] = {}


def _prototype(style: ParagraphStyle, face: str | None) -> Any:
    """The fragment reportlab's parser makes for text in ``face`` (None: the style's
    font) in ``style``, parsed once."""
    key = (id(style), face)
    kept = _PROTOTYPES.get(key)
    if kept is None or kept[0] is not style:
        sample = "x" if face is None else f'<font face="{face}">x</font>'
        _style, frags, _bullets = _paragraph_module.ParaParser().parse(sample, style)
        kept = _PROTOTYPES[key] = (style, frags[0])
    return kept[1]


# What ``cleanBlockQuotedText`` changes: a space at either end, two together, and any
# other whitespace (or a zero-width space, which it strips at the ends).
_UNCLEAN_MARKUP = re.compile(r"[^\S ]|\u200b|  |^ | $")


def _cleaned_already(markup: str) -> bool:
    """``_UNCLEAN_MARKUP.search(markup) is None``, sooner for the usual line: each
    character it looks for but the space is unprintable (``str.isprintable``), so in a
    printable line only the spaces can need cleaning."""
    if markup.isprintable():
        return "  " not in markup and not markup.startswith(" ") and not markup.endswith(" ")
    return _UNCLEAN_MARKUP.search(markup) is None


def _line_frags(
    markup: str, style: ParagraphStyle, runs: list[tuple[str | None, str]] | None = None
) -> tuple[str, list[Any] | None]:
    """``markup`` as reportlab cleans it, and the fragments its parser would make from
    it, or None when the markup is not plain runs (then the parser makes them).
    ``runs``: the runs ``markup`` was made of in drawing order (``_markup_of_runs``),
    made into fragments without reading the markup again when nothing was escaped."""
    # (markup with no space to clean up is as reportlab cleans it)
    clean = _cleaned_already(markup)
    text = markup if clean else _paragraph_module.cleanBlockQuotedText(markup)
    if getattr(style, "textTransform", None) or "&" in text:
        return text, None
    if runs is not None and clean:
        made = _frags_of_runs(runs, style)
        if made is not None:
            return text, made
    frags = []
    end = 0
    for match in _RUN.finditer(text):
        if match.start() != end:
            return text, None  # something else between the runs
        end = match.end()
        face, inside, outside = match.groups()
        run = outside if face is None else inside
        if run:
            frag = _copy_frag(_prototype(style, face))  # (its ``clone(text=run)``)
            frag.text = run
            frags.append(frag)
    if end != len(text):
        return text, None
    return text, frags


_FACE_READ: dict[str, bool] = {}  # a font name -> whether _RUN reads it in <font face="">


def _frags_of_runs(runs: list[tuple[str | None, str]], style: ParagraphStyle) -> list[Any] | None:
    """The fragments ``_line_frags`` reads from the markup ``_markup_of_runs`` makes
    of ``runs`` in drawing order, when that markup holds no "&" (nothing escaped, so
    each run's text is in the markup as it is) and needs no cleaning: a fragment for
    each run with text, in its font. None when the markup would not read back run for
    run (two runs in the paragraph's font together read as one; a font name _RUN does
    not read)."""
    frags = []
    prototype, copy, sans = _prototype, _copy_frag, SANS
    after_sans = False
    for font, run in runs:
        if font == sans:
            if after_sans:
                return None
            after_sans = True
            face = None
        else:
            if font is None:
                return None
            fine = _FACE_READ.get(font)
            if fine is None:
                fine = _FACE_READ[font] = re.fullmatch(r'[^"<>&]+', font) is not None
            if not fine:
                return None
            after_sans = False
            face = font
        if run:
            frag = copy(prototype(style, face))  # (its ``clone(text=run)``)
            frag.text = run
            frags.append(frag)
    return frags


class _Line(Paragraph):  # type: ignore[misc]  # reportlab has no types
    """One line of a ``BidiParagraph``: a Paragraph whose fragments are made without the
    markup parser and whose layout, when it fits on one line, without the line breaker.
    Both give what reportlab's own would (the same fragments, the same words and widths
    on the one line), so it is drawn exactly as before."""

    def __init__(
        self,
        markup: str,
        style: ParagraphStyle,
        runs: list[tuple[str | None, str]] | None = None,
    ) -> None:
        text, frags = _line_frags(markup, style, runs)
        if frags is None:
            super().__init__(markup, style)
            return
        self.caseSensitive = 1
        self.encoding = "utf8"
        self._setup(text, style, getattr(style, "bulletText", None), frags, None)

    @property
    def frags(self) -> list[Any]:
        """The fragments; once wrapped, the words (reportlab's). Words made by
        ``_one_line`` holding kept shaped strings get their own copies when asked for."""
        try:
            frags: list[Any] = self.__dict__["_frags"]
        except KeyError:  # (not set yet: as for any attribute)
            raise AttributeError("frags") from None
        if isinstance(frags, _SharedWords):
            frags = self.__dict__["_frags"] = _own_words(frags)
        return frags

    @frags.setter
    def frags(self, frags: list[Any]) -> None:
        self.__dict__["_frags"] = frags

    width: float
    height: float
    _wrapped_for = -1.0
    made_by: tuple[str, ParagraphStyle, float] | None = None  # when kept: see _line_at

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width == self._wrapped_for:  # a line's layout depends on the width alone
            return self.width, self.height
        self._wrapped_for = -1.0
        size = self._wrap(avail_width, avail_height)
        self._wrapped_for = avail_width
        return size

    def _wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        style = self.style
        if (
            avail_width < _paragraph_module._FUZZ
            or self.bulletText
            or style.wordWrap
            or getattr(self, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")
            or _paragraph_module._processed_frags(self.frags)
        ):
            return self._reportlab_wrap(avail_width, avail_height)
        first = avail_width - (style.leftIndent + style.firstLineIndent) - style.rightIndent
        layout = _one_line(self.frags, first, style)
        if layout is None:
            return self._reportlab_wrap(avail_width, avail_height)
        self.width = avail_width
        self._wrapWidths = [first, avail_width - style.leftIndent - style.rightIndent]
        self._width_max, words, line = layout
        self._splitLongWordCount = self._hyphenations = 0
        self.frags = words
        self.blPara = _paragraph_module.ParaLines(kind=1, lines=[line])
        self.height = style.leading
        return self.width, self.height

    def _reportlab_wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        return size


# What stops ``_shaped_words``: any whitespace but a single space between words (reportlab
# splits at every kind), a space starting a fragment, a soft hyphen (a place to break).
_NOT_PLAIN_WORDS = re.compile(r"[^\S ]|[\u200b\xad]|  |^ ")


def _same(piece: str) -> str:
    return piece


def _own_words(words: list[Any]) -> list[Any]:
    """``words`` with each shaped string given its own list of glyph positions (see
    ``_fresh``): what ``_shape_cached`` gives, from words made with ``shared``."""
    shaped = _ttfonts.ShapedStr
    out = []
    for w in words:
        if any(isinstance(text, shaped) for _f, text in w[1:]):
            w = type(w)([w[0], *(type(p)((p[0], _fresh(p[1]))) for p in w[1:])])
        out.append(w)
    return out


def _shaped_words(frags: list[Any], *, shared: bool = False) -> list[Any] | None:
    """reportlab's ``_getFragWords(frags)`` with each word through ``shapeFragWord``
    (``_shape_cached``), for fragments of plain text made by ``_line_frags``: the same
    words, made in one pass, a word shaped before rebuilt from ``_SHAPED`` without
    being measured first (shaping gives it its own width). None for anything else
    (then reportlab's own steps are taken). ``shared``: a rebuilt word holds the kept
    shaped string itself, not a copy (``_own_words`` makes the copies)."""
    rl = _paragraph_module
    if rl.shapeFragWord is not _shape_cached:
        return None
    for f in frags:
        text = f.text
        if not text:
            return None
        if text.isprintable():  # (the other characters it looks for are unprintable)
            if "  " in text or text[0] == " ":
                return None
        elif _NOT_PLAIN_WORDS.search(text) is not None:
            return None
    hs_frag = rl._HSFrag
    string_width = rl.stringWidth
    shaped_kept = _SHAPED
    missing = _MISSING
    fresh = _same if shared else _fresh
    words: list[Any] = []
    going_on: list[Any] = []  # the pieces of a word that goes on into the next fragment
    width: Any = 0  # reportlab's sum of their widths
    for f in frags:
        f._fkind = rl._FK_TEXT
        text = f.text
        font_name, font_size = f.fontName, f.fontSize
        parts = text.split()
        going_on_part = None if text[-1] == " " else parts.pop()  # into the next fragment
        if going_on and parts:  # a word of several pieces ends here: reportlab's steps
            going_on.append((f, parts[0]))
            width += string_width(parts[0], font_name, font_size)
            going_on.insert(0, width)
            words.append(_shape_cached_as(hs_frag(going_on), (), {}, fresh))
            going_on, width = [], 0
            del parts[0]
        for part in parts:
            kept = shaped_kept.get((hs_frag, font_name, font_size, part), missing)
            if kept is missing:
                width = 0
                width += string_width(part, font_name, font_size)
                words.append(_shape_cached_as(hs_frag([width, (f, part)]), (), {}, fresh))
                width = 0
            elif kept is None:
                width = 0
                width += string_width(part, font_name, font_size)
                words.append(hs_frag([width, (f, part)]))
                width = 0
            else:
                kind, shaped_width, pieces = kept
                if len(pieces) != 1:
                    rebuilt = [shape((f, fresh(piece))) for shape, piece in pieces]
                    words.append(kind([shaped_width, *rebuilt]))
                elif shared:
                    shape, piece = pieces[0]
                    words.append(kind([shaped_width, shape((f, piece))]))
                else:
                    shape, piece = pieces[0]
                    words.append(kind([shaped_width, shape((f, _fresh(piece)))]))
        if going_on_part is not None:
            if not going_on:
                width = 0
            going_on.append((f, going_on_part))
            width += string_width(going_on_part, font_name, font_size)
    if going_on:
        going_on.insert(0, width)
        words.append(_shape_cached_as(going_on, (), {}, fresh))
    return words


class _SharedWords(list[Any]):
    """Words from ``_shaped_words(..., shared=True)``: ``_Line.frags`` copies them."""


_PARA_FRAG = _ParaFrag


def _copy_frag(frag: Any) -> Any:
    """``frag.clone()`` (reportlab's ``ABag``: a new one with the same attributes), made
    without passing each attribute as a keyword."""
    if type(frag) is not _PARA_FRAG:
        return frag.clone()
    copy = object.__new__(_PARA_FRAG)
    copy.__dict__.update(frag.__dict__)
    return copy


class _PlainWordKinds(dict[type, bool]):
    """A word's class -> whether ``_one_line`` may take its quick steps for it: a word
    followed by a space (reportlab's ``_HSFrag``, shaped or not) that is none of the
    special words (split, soft-hyphenated, injected), which go the ordinary way."""

    def __missing__(self, kind: type) -> bool:
        rl = _paragraph_module
        special = (rl._SplitFrag, rl._SHYWord, rl._InjectedFrag)
        plain = issubclass(kind, rl._HSFrag) and not issubclass(kind, special)
        self[kind] = plain
        return plain


_PLAIN_WORD_KINDS = _PlainWordKinds()


def _one_line(frags: list[Any], max_width: float, style: ParagraphStyle) -> Any:
    """reportlab's ``breakLines`` for fragments that fit on one line of ``max_width``
    (its loop for several fragments, where nothing is broken): (the width used, the
    words, the line); None when they do not fit or hold anything but text."""
    rl = _paragraph_module
    if not frags or any(hasattr(f, "cbDefn") for f in frags):
        return None
    shaping = style.shaping and getattr(pdfmetrics.getFont(style.fontName), "shapable", False)
    words = _shaped_words(frags, shared=True) if shaping else None
    shared = words is not None
    if words is None:
        words = rl._getFragWords(frags, max_width)
        if any(f._fkind != rl._FK_TEXT for w in words for f, _text in w[1:]):
            return None
        if shaping:
            shape = rl.shapeFragWord
            words = [shape(w) for w in words]
    ascent_descent = _ascent_descent
    line: list[Any] = []
    # each fragment's text in pieces, added together once at the end (adding a shaped
    # string copies its glyph data: word by word that was quadratic in a line's length)
    texts: list[list[str]] = []
    blank = False  # the last fragment's text so far ends with a space
    n = 0
    space = current = 0.0
    g: Any = None
    source: Any = None  # the fragment ``g`` was cloned from
    max_size = max_ascent = min_descent = 0.0
    special = (rl._SplitFrag, rl._SHYWord, rl._InjectedFrag)
    hs_frag = rl._HSFrag
    copy = _copy_frag
    pieces: list[str] = []  # (``texts[-1]``)
    space_of: tuple[Any, Any, float] = (None, None, 0.0)  # the last word's fragments, its space
    plain_kinds = _PLAIN_WORD_KINDS
    plain = False  # the last word was one plain piece of ``source``: ``space`` is its own
    for w in words:
        if plain and plain_kinds[type(w)] and len(w) == 2:
            f, text = w[1]
            if f is source:
                # the steps below for another word of the same fragment: the same
                # sizes, the same space after it, its text added to the same pieces
                word_width = w[0]
                if word_width > 0:
                    new_width = current + space + word_width
                    if new_width > max_width:
                        return None
                    current = new_width
                if space and not blank:
                    pieces.append(_SPACE)
                    blank = True
                pieces.append(text)
                if text:
                    n += 1
                    blank = text.endswith(" ")
                continue
        if isinstance(w, special):
            return None
        last = w[-1][0]
        if not line:
            max_size = last.fontSize
            max_ascent, min_descent = ascent_descent(last.fontName, last.fontSize)
        word_width = w[0]
        f = w[1][0]
        new_width = current + space + word_width if word_width > 0 else current
        if new_width > max_width:
            return None
        text = w[1][1]
        if text:
            n += 1
        if f is not source:  # (the same fragment again: the same sizes)
            ascent, descent = ascent_descent(f.fontName, f.fontSize)
            max_size = max(max_size, f.fontSize)
            max_ascent = max(max_ascent, ascent)
            min_descent = min(min_descent, descent)
        if not line:
            g = copy(f)
            line = [g]
            pieces = [text]
            texts = [pieces]
        elif f is not source and not rl.sameFrag(g, f):
            if space and not blank:  # every fragment of the line is text: ``g`` is the last
                pieces.append(_SPACE)
            g = copy(f)
            line.append(g)
            pieces = [text]
            texts.append(pieces)
        else:
            if space and not blank:
                pieces.append(_SPACE)
                blank = True
            pieces.append(text)
        if text:
            blank = text.endswith(" ")
        elif len(pieces) == 1:
            blank = False
        source = f
        # reportlab's: the last part's font, the first part's size
        if not isinstance(w, hs_frag):
            space = 0
        elif space_of[0] is last and space_of[1] is f:
            space = space_of[2]
        else:
            space = _space_width(last.fontName, f.fontSize)
            space_of = (last, f, space)
        if len(w) > 2:
            filled = 0
            for part, part_text in w[2:]:
                g = copy(part)
                source = part
                pieces = [part_text]
                texts.append(pieces)
                blank = part_text.endswith(" ")
                if part_text:
                    filled = 1
                line.append(g)
                ascent, descent = ascent_descent(g.fontName, g.fontSize)
                max_size = max(max_size, g.fontSize)
                max_ascent = max(max_ascent, ascent)
                min_descent = min(min_descent, descent)
            if not text and filled:
                n += 1
        current = new_width
        plain = space_of[0] is f and space_of[1] is f and len(w) == 2 and plain_kinds[type(w)]
    if not line:
        return None
    for g, parts in zip(line, texts, strict=True):
        g.text = _fresh(parts[0]) if len(parts) == 1 else _joined(parts)
    if shared:
        words = _SharedWords(words)
    made = rl.FragLine(
        extraSpace=max_width - current,
        wordCount=n,
        lineBreak=False,
        words=line,
        fontSize=max_size,
        ascent=max_ascent,
        descent=min_descent,
        maxWidth=max_width,
        sFW=0,
    )
    return current, words, made


def _draw_one_line(line: Paragraph, canvas: Canvas) -> None:
    """``line._drawOn(canvas)``: for a line ``_Line`` set on one line (see ``_one_line``)
    in plain text, the operators reportlab's ``drawPara`` and ``_putFragLine`` write for
    it, written directly (the same text object, the same strings, in the same order);
    anything else is drawn by reportlab."""
    frag_line = _plain_frag_line(line)
    if frag_line is None:
        line._drawOn(canvas)
        return
    rl = _paragraph_module
    style = line.style
    words = frag_line.words
    canvas.saveState()
    cur_y, offset = _line_origin(line, frag_line)
    tx = canvas.beginText(style.leftIndent, cur_y)
    tx._leading = None
    tx._fontname, tx._fontsize = None, None
    rl.setXPos(tx, offset)
    tx.setLeading(style.leading)
    color = None
    code = tx._code
    last = words[-1]
    for f in words:
        if (tx._fontname, tx._fontsize) != (f.fontName, f.fontSize):
            tx._setFont(f.fontName, f.fontSize)
        if color != f.textColor:
            color = f.textColor
            tx.setFillColor(color)
        code.append(_format_text(tx, f.text) + (" T*" if f is last else ""))
    rl.setXPos(tx, -offset)
    canvas.drawText(tx)
    canvas.restoreState()


def _plain_frag_line(line: Paragraph) -> Any:
    """The one line of fragments of ``line`` when ``_draw_one_line`` writes it itself (a
    ``_Line`` set on one line in plain text), else None."""
    style = line.style
    para = getattr(line, "blPara", None)
    if (
        not isinstance(line, _Line)
        or para is None
        or para.kind != 1
        or len(para.lines) != 1
        or line.bulletText
        or line.debug
        or style.backColor
        or (getattr(style, "borderColor", None) and getattr(style, "borderWidth", None))
        or style.wordWrap
        or style.endDots
        or style.alignment not in _PLAIN_ALIGNMENTS
        or hasattr(line, "_offsets")
        or getattr(line, "autoLeading", getattr(style, "autoLeading", "")) in ("min", "max")
    ):
        return None
    frag_line = para.lines[0]
    if frag_line.extraSpace <= -1e-8:
        return None
    for f in frag_line.words:
        if type(f) is _ParaFrag:  # (its attributes are those it holds: none is missed)
            held = f.__dict__
            if "cbDefn" in held or f.us_lines or f.link or held.get("backColor") or f.rise:
                return None
        elif (
            hasattr(f, "cbDefn") or f.us_lines or f.link or getattr(f, "backColor", None) or f.rise
        ):
            return None
    return frag_line


def _line_origin(line: Paragraph, frag_line: Any) -> tuple[float, float]:
    """Where ``drawPara`` begins the text of ``line`` (its one line ``frag_line``): the
    height, and the move along the line (indent and alignment)."""
    style = line.style
    if _paragraph_module.paraFontSizeHeightOffset:
        cur_y = line.height - frag_line.fontSize
    else:
        cur_y = line.height - getattr(frag_line, "ascent", frag_line.fontSize)
    offset = style.firstLineIndent + 0
    alignment = style.alignment
    if alignment == TA_CENTER:
        offset = offset + 0.5 * frag_line.extraSpace
    elif alignment == TA_RIGHT:
        offset = offset + frag_line.extraSpace
    return cur_y, offset


def _typed_one_line(line: Paragraph, canvas: Canvas, shown: str, levels: Sequence[int]) -> bool:
    """``_draw_one_line`` and ``_in_typed_order`` in one step for a line that
    ``_draw_one_line`` writes itself and ``_in_typed_order`` redraws: the glyphs that
    ``_glyphs_of`` would read back (``_typed_glyphs``) go straight to
    ``_drawn_in_typed_order``, with nothing written and read again. False, having written
    nothing, for any other line (then it is done in the two steps)."""
    if not any(level % 2 for level in levels) and _EASTERN_DIGITS.search(shown) is None:
        return False
    frag_line = _plain_frag_line(line)
    if frag_line is None or not canvas.bottomup:
        return False
    try:
        found = _typed_glyphs(line, frag_line, canvas)
    except (ValueError, IndexError, KeyError):
        found = None
    if found is None or not found.glyphs:
        return False
    if levels and min(levels) == max(levels):
        drawn_levels: list[int] | None = [levels[0]] * len(found.glyphs)
    else:
        drawn_levels = _with_levels(found, shown, levels)
    if drawn_levels is None:
        return False
    y = found.ys[0]
    text = None
    if found.ys.count(y) == len(found.ys):  # (always: a line of fragments has one height)
        text = _drawn_on_one_height(
            found.prefix, found.xs, y, found.glyphs, drawn_levels, found.stacked, found.end
        )
    if text is None:
        text = _drawn_in_typed_order(
            found.prefix,
            list(zip(found.xs, found.ys, found.glyphs, drawn_levels, strict=True)),
            found.stacked,
            found.end,
        )
    # (saveState and restoreState around it: the state pushed is the state popped)
    canvas._code += ("q", text, "Q")
    return True


# reportlab's shape data of a glyph: (cluster, x advance, y advance, x offset, y offset, width)
_CLUSTER, _X_ADVANCE, _X_OFFSET, _Y_OFFSET, _GLYPH_WIDTH = map(itemgetter, (0, 1, 3, 4, 5))


class _SubsetCodes(dict[int, str]):
    """For ``str.translate``: the code reportlab's ``splitString`` gives a character in
    the subsets of one TrueType font in one document, as the character
    ``chr(subset * 256 + byte)``: the one it assigned (it never changes one), or 0 for a
    character the font has no glyph for. A character with no code yet sets ``new``: only
    reportlab may give it one (in the order it meets them), so the string goes to it."""

    __slots__ = ("assignments", "char_to_glyph", "chunks", "new")

    def __init__(self, assignments: dict[int, int], char_to_glyph: Any) -> None:
        self.assignments = assignments
        self.char_to_glyph = char_to_glyph
        self.new = False
        # the chunks of a string split before (a number, a word in Latin: written again
        # and again); they stay what they were, as the codes do
        self.chunks: dict[str, list[tuple[int, bytes]]] = {}

    def __missing__(self, code: int) -> str:
        looked = 32 if code == 0xA0 else code  # (splitString draws a no-break space as a space)
        n = self.assignments.get(looked)
        if n is None:
            if looked in self.char_to_glyph:
                self.new = True
                return ""
            n = 0
        if n >= 0xD800:  # (not one character of UTF-16: see _split_string)
            self.new = True
            return ""
        found = self[code] = chr(n)
        return found


_SAME_BYTES = re.compile(rb"(.)\1*", re.S)


def _split_string(ttf: Any, text: str, doc: Any, known: dict[str, _SubsetCodes]) -> Any:
    """``ttf.splitString(text, doc)``: the same (subset, bytes) chunks, made without its
    loop a character at a time when every character of ``text`` has its code already
    (``_SubsetCodes``); anything else goes to reportlab, which gives the codes."""
    state = ttf.state.get(doc)
    if state is None or not isinstance(text, str):
        return ttf.splitString(text, doc)
    codes = known.get(ttf.fontName)
    if codes is None or codes.assignments is not state.assignments:
        codes = known[ttf.fontName] = _SubsetCodes(state.assignments, ttf.face.charToGlyph)
    found = codes.chunks.get(text)
    if found is not None:
        return found
    drawn = text.translate(codes)
    if codes.new:
        codes.new = False
        return ttf.splitString(text, doc)
    if not drawn:
        return []
    pairs = drawn.encode("utf-16-be")  # each code as two bytes: its subset, its byte
    subsets, chunk = pairs[0::2], pairs[1::2]
    if not subsets.lstrip(subsets[:1]):  # one subset throughout (nearly every string)
        found = [(subsets[0], chunk)]
    else:
        found = [
            (subsets[m.start()], chunk[m.start() : m.end()]) for m in _SAME_BYTES.finditer(subsets)
        ]
    if len(codes.chunks) < 20_000:
        codes.chunks[text] = found
    return found


def _typed_glyphs(line: Paragraph, frag_line: Any, canvas: Canvas) -> _TextObject | None:
    """What ``_glyphs_of`` reads from the text object ``_draw_one_line`` writes for
    ``line``, made from the fragments without writing it: each fragment's string split
    into font subsets by reportlab (which gives a glyph its code the first time it is
    used, so in the same order), the same numbers as written (``fp_str``) read back and
    added up glyph by glyph in the same order. None for anything ``_glyphs_of`` would
    not follow."""
    style = line.style
    doc = canvas._doc
    kept = canvas.__dict__.get("_tac_typed")
    if kept is None:
        kept = canvas.__dict__["_tac_typed"] = (
            canvas.__dict__.setdefault("_tac_glyphs", ({}, {})),
            canvas.__dict__.setdefault("_tac_codes", {}),
            # (font resource, size, scale, leading as written, face) by (font, subset,
            # size, leading)
            canvas.__dict__.setdefault("_tac_fonts", {}),
            # the operators reportlab's text object writes for a colour (see below)
            canvas.__dict__.setdefault("_tac_colours", {}),
            {},  # _typed_origin by what it is made from
        )
    (subsets, faces), codes, fonts, colours, origins = kept
    enforced = getattr(canvas, "_enforceColorSpace", None)
    cur_y, offset = _line_origin(line, frag_line)
    # what _draw_one_line's text object holds: the font and size set last, the subset
    # selected last in it (-1: none since), the leading; a text object of its own only
    # writes a colour this has not seen
    tx: Any = None
    font_name: Any = None
    font_size: Any = None
    current = -1
    origin_key = (style.leftIndent, cur_y, offset, style.leading)
    origin = origins.get(origin_key)
    if origin is None:
        origin = _typed_origin(*origin_key)
        if len(origins) < 10_000:
            origins[origin_key] = origin
    x, y, line_end = origin
    prefix: list[str] = []
    read = _Read()
    scale = 0.0
    face: _Face | None = None
    color = None
    ttf: Any = None
    shapable = False
    for f in frag_line.words:
        if (font_name, font_size) != (f.fontName, f.fontSize):  # (as tx._setFont)
            font_name, font_size = f.fontName, f.fontSize
            ttf = pdfmetrics.getFont(font_name)
            if not ttf._dynamicFont:
                return None
            shapable = ttf.shapable
            current = -1
        if color is not f.textColor and color != f.textColor:  # (a colour is itself)
            color = f.textColor
            # (an RGB colour writes its three numbers, whatever else it is)
            known_colour = type(color) is colors.Color and enforced is None
            key = (color.red, color.green, color.blue) if known_colour else ()
            written = colours.get(key) if known_colour else None
            if written is None:
                if tx is None:
                    tx = canvas.beginText(style.leftIndent, cur_y)
                tx.setFillColor(color)
                written = tx._code[-1]
                if known_colour and len(colours) < 1_000:
                    colours[key] = written
            tokens = _tokens_between(written)
            if tokens is None:
                return None
            operands: list[str] = []
            for token in tokens:
                if token[0] in _OPERAND_STARTS or token[0].isdigit():
                    operands.append(token)
                    continue
                if token in _COLOUR_OPERATORS and not read.glyphs:
                    prefix.append(" ".join([*operands, token]))
                elif not (token in ("Tc", "Tw") and float(operands[0]) == 0):
                    return None
                operands = []
        text = f.text
        shaped = shapable and isinstance(text, _ttfonts.ShapedStr)
        data = getattr(text, "__shapeData__", None) if shaped else None
        start = 0
        for number, chunk in _split_string(ttf, text, doc, codes):
            if number != current:
                # (reportlab names a font in a document the first time it is asked, and
                # the same after: made once for each subset, size and leading)
                font_key = (ttf.fontName, number, font_size, style.leading)
                known = fonts.get(font_key)
                if known is None:
                    font = ttf.getSubsetInternalName(number, doc)[1:]
                    size = float(fp_str(font_size))
                    subset = _subset_of(canvas, font, subsets)
                    if subset is None:
                        return None
                    known = fonts[font_key] = (
                        font,
                        size,
                        size / 1000,
                        float(fp_str(style.leading)),
                        _face(faces, subset, font, size, 0.0),
                    )
                font, size, scale, _leading, face = known
                current = number
            end = start + len(chunk)
            part = data[start:end] if data is not None else None
            start = end
            if face is None:  # (no Tf yet: a string always comes after one)
                return None
            if part and not _plain_shapes(part):
                # reportlab's shape data of each glyph, a field at a time
                clusters, advances, _y_moves, x_offsets, y_offsets, widths = zip(*part, strict=True)
                if any(x_offsets) or any(y_offsets) or min(clusters) < 0 or widths != advances:
                    # the pieces of _format_text's TJ (else its one string)
                    pieces = _tj_pieces(chunk, part)
                    if pieces is None:
                        return None
                    for glyphs, piece in pieces:
                        if glyphs:
                            x = read.add_on_line(face.shown_codes(piece), x)
                        else:
                            x -= float(str(piece)) * scale
                    continue
                _keep_plain(part)
            x = read.add_on_line(face.shown_codes(chunk), x)
    read.on_height(y)  # (a line of fragments is drawn on one height)
    return read.text_object(prefix, line_end)


# HarfBuzz's data of glyphs (reportlab's ShapeData) found drawn as they are: not moved
# (no x or y offset), for a character (a cluster of 0 or more), advancing by their width
_PLAIN_SHAPES: set[Any] = set()


def _plain_shapes(part: Sequence[Any]) -> bool:
    """Whether every glyph's data in ``part`` is one ``_PLAIN_SHAPES`` holds (a quick
    answer for the words met before; False sends them to the check field by field)."""
    try:
        return _PLAIN_SHAPES.issuperset(part)
    except TypeError:  # (not reportlab's data)
        return False


def _keep_plain(part: Sequence[Any]) -> None:
    """Keep the data of glyphs found drawn as they are (see ``_plain_shapes``)."""
    if len(_PLAIN_SHAPES) < 100_000:
        try:
            _PLAIN_SHAPES.update(part)
        except TypeError:  # (not reportlab's data: checked field by field each time)
            return


def _typed_origin(
    left_indent: float, cur_y: float, offset: float, style_leading: float
) -> tuple[float, float, tuple[float, float]]:
    """Where ``_typed_glyphs`` starts a line's first glyph, and where its text object
    leaves the start of the next line (the numbers as written, added up as read)."""
    origin_x, origin_y = map(float, fp_str(left_indent, cur_y).split())
    moved = offset > 1e-6 or offset < -1e-6  # (rl.setXPos)
    if moved:
        dx, dy = map(float, fp_str(offset, -0).split())
        origin_x += dx
        origin_y += dy
    x, y = origin_x, origin_y
    origin_y -= float(fp_str(style_leading))  # (T*)
    if moved:
        dx, dy = map(float, fp_str(-offset, -0).split())
        origin_x += dx
        origin_y += dy
    return x, y, (origin_x, origin_y)


def _tj_pieces(chunk: Any, data: Sequence[Any]) -> list[tuple[bool, Any]] | None:
    """The pieces of the ``TJ`` reportlab's ``_formatText`` writes for a shaped string
    ``chunk`` (a font subset's codes) with HarfBuzz's ``data``: (True, a run of its
    glyphs) and (False, the move between two, as written); None when a glyph is raised
    or lowered or stands for no character (reportlab then writes it its own way). Each
    glyph has its x offset undone before it and its advance corrected after it;
    glyphs with no move between them are one run."""
    pieces: list[tuple[bool, Any]] = []
    numbers: list[float] = []
    run = 0
    for n, (cluster, x_advance, _y_advance, x_offset, y_offset, width) in enumerate(data):
        if y_offset or cluster < 0:
            return None
        if x_offset:
            numbers.append(-x_offset)
        if numbers:
            if n > run:
                pieces.append((True, chunk[run:n]))
            value = fp_str(sum(numbers))
            if value != "0":
                pieces.append((False, value))
            numbers = []
            run = n
        after = width - x_advance + x_offset
        if after:
            numbers.append(after)
    if len(chunk) > run:
        pieces.append((True, chunk[run:]))
    if numbers:
        value = fp_str(sum(numbers))
        if value != "0":
            pieces.append((False, value))
    return pieces


_PLAIN_ALIGNMENTS = (TA_LEFT, TA_CENTER, TA_RIGHT)


def _format_text(tx: Any, text: str) -> str:
    """reportlab's ``PDFTextObject._formatText`` for text in a TrueType font whose glyphs
    are not raised or lowered (every shaped line of Arabic or Hebrew): the same operators,
    made without its general loop; anything else goes to reportlab's."""
    font = pdfmetrics.getFont(tx._fontname)
    if not font._dynamicFont:
        return tx._formatText(text)  # type: ignore[no-any-return]
    canvas = tx._canvas
    doc = canvas._doc
    escape = canvas._escape
    out: list[str] = []
    tmpl = ""
    current = tx._curSubset
    shaped = font.shapable and isinstance(text, _ttfonts.ShapedStr)
    data = getattr(text, "__shapeData__", None) if shaped else None
    start = 0
    for subset, chunk in font.splitString(text, doc):
        if subset != current:
            if not tmpl:
                tmpl = f"{fp_str(tx._fontsize)} Tf {fp_str(tx._leading)} TL"
            out.append(f"{font.getSubsetInternalName(subset, doc)} {tmpl}")
            current = subset
        if data is None:
            out.append(f"({escape(chunk)}) Tj")
            continue
        end = start + len(chunk)
        found = _tj_pieces(chunk, data[start:end])
        if found is None:
            return tx._formatText(text)  # type: ignore[no-any-return]
        pieces = [f"({escape(piece)})" if glyphs else str(piece) for glyphs, piece in found]
        if len(pieces) == 1 and pieces[0].startswith("("):
            out.append(f"{pieces[0]} Tj")
        else:
            out.append(f"[{' '.join(pieces)}] TJ")
        start = end
    tx._curSubset = current
    if font.fontName in _SCRIPT_FONT_NAMES:
        return _small_steps(" ".join(out), font.fontName)
    return " ".join(out)


# A TJ array, and in it a string (left as it is) or a step forward (a negative number)
_TJ_ARRAY = re.compile(r"\[((?:\((?:\\.|[^\\()])*\)|[^\]()])*)\] TJ")
_TJ_STEP = re.compile(r"\((?:\\.|[^\\()])*\)|(?<![\w.])-(\d+(?:\.\d*)?|\.\d+)")


def _small_steps(code: str, font_name: str) -> str:
    """``code`` (the operators of shaped text) with each step forward inside a TJ wider
    than a third of a space written as steps of at most that: the same place. After a
    vowel sign drawn back under its letter (Hindi "कू") the step on to the next letter
    is most of a space, and pypdf, which takes one step of half a space for a gap
    between words, read "स्कूल" as "स्कू ल"."""
    whole = int(_space_width(font_name, 1000) / 3)
    if whole < 1:
        return code

    def steps(found: re.Match[str]) -> str:
        if found.group(1) is None:  # a string
            return found.group()
        step = float(found.group(1))
        if step <= whole:
            return found.group()
        count = int(step // whole)
        rest = fp_str(step - count * whole)
        return " ".join([f"-{whole}"] * count + ([] if rest == "0" else [f"-{rest}"]))

    def array(found: re.Match[str]) -> str:
        return f"[{_TJ_STEP.sub(steps, found.group(1))}] TJ"

    return _TJ_ARRAY.sub(array, code)


_SPACE = " "  # the space ``_one_line`` puts between words (``_joined`` knows it)


def _joined(parts: list[str]) -> str:
    """``parts`` added together as reportlab's shaped strings add: shaped when any part
    is, each plain character with reportlab's data for an unshaped one."""
    shaped = _ttfonts.ShapedStr
    for part in parts:
        if isinstance(part, shaped):
            break
    else:
        return "".join(parts)
    data: list[Any] = []
    simple = _ttfonts._sdSimple
    space = _SPACE
    add, extend = data.append, data.extend
    for part in parts:
        if part is space:  # (the plain one-character string itself)
            add(simple)
        elif isinstance(part, shaped):
            extend(part.__shapeData__)
        else:
            extend([simple] * len(part))
    return shaped("".join(parts), shapeData=data)  # type: ignore[no-any-return]


@cache
def _space_width(font_name: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(" ", font_name, size))


@cache
def _ascent_descent(font_name: str, size: float) -> tuple[float, float]:
    ascent, descent = pdfmetrics.getAscentDescent(font_name, size)
    return ascent, descent


@cache
def _line_style(style: ParagraphStyle, right: bool) -> ParagraphStyle:
    """One line of a ``BidiParagraph``: shaped, no space around it, from the right for a
    right-to-left paragraph (a centred style stays centred)."""
    alignment = style.alignment if style.alignment == TA_CENTER or not right else TA_RIGHT
    return ParagraphStyle(
        f"{style.name}-bidi-{int(right)}",
        parent=style,
        shaping=1,
        alignment=alignment,
        firstLineIndent=0,
        spaceBefore=0,
        spaceAfter=0,
    )


# A line of notes longer than this is cut at a sentence or space into several
# paragraphs: reportlab re-wraps a paragraph that splits over a page, so one huge
# paragraph costs far more than many small ones.
_CHUNK = 3000


def _chunks(line: str) -> list[str]:
    out = []
    while len(line) > _CHUNK:
        cut = line.rfind(". ", _CHUNK // 2, _CHUNK)
        if cut < 0:
            cut = line.rfind(" ", _CHUNK // 2, _CHUNK)
        if cut < 0:
            cut = line.rfind("。", _CHUNK // 2, _CHUNK)  # Chinese and Japanese have no spaces
        if cut < 0 and _script_font(ord(line[_CHUNK])) == CJK:
            cut = _CHUNK - 1  # a line of Han breaks between any two characters anyway
        if cut < 0:
            cut = line.find(" ", _CHUNK)  # one very long word: never cut inside it
            if cut < 0:
                break
        out.append(line[: cut + 1])
        line = line[cut + 1 :]
    out.append(line)
    return out


# -- Chinese and Japanese: a line may break between any two characters ------------------
#
# reportlab breaks lines only at spaces, and Chinese and Japanese are written without
# them: a sentence was one "word", so lines ended half empty. A paragraph holding Han,
# kana or full-width forms is broken here instead, by the basic rules (UAX 14, JIS X 4051
# in brief): between any two such characters, but never before closing punctuation or a
# small kana, never after an opening bracket, never inside a Latin word or a number, and
# at spaces as before (Korean, written with spaces, breaks only there). The lines are then
# given to reportlab as forced line breaks, each known to fit.

_CJK_RANGES = (  # Han, kana, CJK punctuation and symbols, full-width forms (no Hangul)
    "\u2e80-\u2fff\u3000-\u312f\u3190-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
    "\uff00-\uff9f\uffe0-\uffef\U00020000-\U0003ffff"
)
_CJK_TEXT = re.compile(f"[{_CJK_RANGES}]")
# never at the start of a line: closing punctuation, stops, small kana, iteration marks
_CANNOT_START = frozenset(
    "、。，．・：；？！）］｝〕〉》」』】〙〗〟’”｠»‼⁇⁈⁉"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "ー々〻ゝゞヽヾ゛゜\u3099\u309a"
    "ｧｨｩｪｫｬｭｮｯｰﾞﾟ｡､｣"
    ".,;:!?)]}%"
)
# never at the end of a line: opening brackets and quotation marks
_CANNOT_END = frozenset("（［｛〔〈《「『【〘〖〝‘“｟«([{｢")


class _CJKClasses(dict[int, str]):
    """Code point -> what line breaking needs to know of it, as a letter: a space is
    itself; else "a" + 4 for Chinese or Japanese (``_CJK_TEXT``), + 2 when a line may not
    start with it (``_CANNOT_START`` or a combining mark), + 1 when a line may not end
    with it (``_CANNOT_END``)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        letter = " "
        if char != " ":
            cjk = _CJK_TEXT.match(char) is not None
            not_first = char in _CANNOT_START or unicodedata.category(char) in _MARKS
            letter = "abcdefgh"[4 * cjk + 2 * not_first + (char in _CANNOT_END)]
        self[code] = letter
        return letter


_CJK_CLASS_OF = _CJKClasses()
# In those letters: a piece is one Chinese or Japanese character or a run of anything
# else but spaces; pieces stay together, through any spaces, after a character a line may
# not end with or before one a line may not start with. (Two pieces side by side without
# a space always have Chinese or Japanese on one side, so a line may break between them.)
_CJK_PIECE = "(?:[efgh]|[abcd]+)"
_CJK_UNIT = re.compile(f"{_CJK_PIECE}(?:(?<=[bdfh]) *{_CJK_PIECE}| *(?=[cdgh]){_CJK_PIECE})*")
_SPACES = re.compile("  +")


def _cjk_units(line: str) -> list[tuple[bool, str, int, int]]:
    """``line`` as the pieces a line may break between: (a space before it, the piece
    with its spaces made one, where it starts and ends in ``line``)."""
    classes = line.translate(_CJK_CLASS_OF)
    units = [
        (classes[begin - 1] == " ", line[begin:end], begin, end)
        for begin, end in (match.span() for match in _CJK_UNIT.finditer(classes))
    ]
    if units:
        units[0] = (False, *units[0][1:])
    if "  " in line:
        units = [(space, _SPACES.sub(" ", unit), begin, end) for space, unit, begin, end in units]
    return units


def _cjk_lines(line: str, style: ParagraphStyle, first: float, room: float) -> list[str]:
    """One typed line of a paragraph holding Chinese or Japanese, broken into lines that
    fit: ``first`` the room on the first, ``room`` on the others.

    Each character is measured once in the font it takes in the typed line; a space or
    punctuation can take another font at the start of a line, so a line that comes
    within a quarter of the font size of the edge is measured again as drawn."""
    font, size = style.fontName, style.fontSize
    edges = [0.0]  # the width of the typed line up to each character
    for face, run in _runs(line):
        widths = _char_widths(font if face in (SANS, None) else _in_weight_of(face, font), size)
        # edge += width, character by character (``widths`` measures a new one)
        edges += list(accumulate(map(widths.__getitem__, run), initial=edges[-1]))[1:]
    near = size / 4
    lines: list[str] = []
    current = ""
    used = 0.0
    limit = first
    # the pieces of ``_cjk_units``, found here without making a list of them
    classes = line.translate(_CJK_CLASS_OF)
    squeeze = "  " in line
    for match in _CJK_UNIT.finditer(classes):
        begin, end = match.span()
        unit = line[begin:end]
        if squeeze:
            unit = _SPACES.sub(" ", unit)
        wide = edges[end] - edges[begin]
        gap = edges[begin] - edges[begin - 1] if current and classes[begin - 1] == " " else 0.0
        if not current and wide <= room:  # the first piece of a line
            current, used = unit, wide
            continue
        pieces = [unit] if wide <= room else list(_fitting_words([unit], style, room))
        for piece in pieces:
            if piece is not unit:
                wide = _word_width(piece, font, size)
            if not current:
                current, used = piece, wide
            elif used + gap + wide <= limit - near:
                current, used = current + (" " if gap else "") + piece, used + gap + wide
            else:  # near the edge: measure the line as drawn
                joined = current + (" " if gap else "") + piece
                exact = _line_width(joined, font, size)
                if exact <= limit:
                    current, used = joined, exact
                else:
                    lines.append(current)
                    limit = room
                    current, used = piece, wide
            gap = 0.0
    if current or not lines:
        lines.append(current)
    return lines


class _CharWidths(dict[str, float]):
    """Character -> its width in one font and size (``_char_width``), as a dict."""

    def __init__(self, font_name: str, size: float) -> None:
        super().__init__()
        self.font_name, self.size = font_name, size

    def __missing__(self, char: str) -> float:
        wide = self[char] = _char_width(char, self.font_name, self.size)
        return wide


@cache
def _char_widths(font_name: str, size: float) -> _CharWidths:
    return _CharWidths(font_name, size)


@cache
def _char_width(char: str, font_name: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(char, font_name, size))


def paras(text: str, style: ParagraphStyle, *, empty: str = "") -> list[Flowable]:
    """Notes of any length as flowables: a paragraph per line, blank lines kept as space.

    With nothing written, ``empty`` (if given) is shown in grey italics instead.
    """
    cleaned = plain_text(text).strip("\n")
    if not cleaned.strip():
        return [para(empty, styles().empty)] if empty else []
    out: list[Flowable] = []
    for line in cleaned.split("\n"):
        if not line.strip():
            out.append(Spacer(1, style.leading / 2))
            continue
        out.extend(_one_element([para(chunk, style) for chunk in _chunks(line)]))
    # A bullet of several lines is one list item (its other lines are not paragraphs).
    return _one_element(out) if cleaned.lstrip().startswith("•") else out


def cell(text: str, style: ParagraphStyle | None = None, *, sentence: bool = False) -> Flowable:
    """User text for a table cell (wraps inside the column, line breaks kept).
    ``sentence`` as for ``para``."""
    return para(text, style or styles().cell, align_by_direction=False, sentence=sentence)


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A house table: grid lines, a shaded header row repeated on every page.

    Cells may be strings (treated as user text) or flowables. ``widths`` should add up
    to at most ``BODY_WIDTH``. ``extra`` adds TableStyle commands (e.g. spans).
    Without a ``header`` row, the first column is taken to label each row (tagged as
    row headers for screen readers).
    """
    s = styles()
    body = [
        [
            cell(c, s.cell_bold if header and r == 0 else s.cell) if isinstance(c, str) else c
            for c in row
        ]
        for r, row in enumerate(rows)
    ]
    commands: list[tuple[Any, ...]] = [
        # FONTNAME even though every cell is a Paragraph: Table's own default is a
        # non-embedded Helvetica that reportlab writes into the PDF regardless.
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    commands.extend(extra)
    made = _HouseTable(
        body,
        renderCB=_tag_table,
        colWidths=list(widths),
        repeatRows=1 if header else 0,
        style=TableStyle(commands),
        hAlign="LEFT",
        splitInRow=1,  # a cell holding pages of notes may break inside the row
    )
    # Tagged with column headers (its first row) or, without a header row, row headers:
    # every such table of the house labels its rows in its first column.
    made._tag_state = _TableTags(int(header), not header, _Slot(), {}, {}, [])
    made._tag_rows = [(row, False) for row in range(len(body))]
    return made


# -- tags: the structure a screen reader follows -----------------------------------------
#
# Each paragraph and table cell is drawn inside marked content with an MCID, recorded
# against a structure element (H1-H4, P, L > LI > LBody, Table > TR > TH/TD, Form) while
# the pages are drawn; running headers, footers, page numbers, table rules and a table's
# header row drawn again on the next page are artifacts. What reportlab splits over a
# page stays one element: the parts of a paragraph or list item share a ``_Slot``, and
# the parts of a table one ``_TableTags``, so the next page's content joins the same P,
# LBody, Table, TR and TD. After reportlab has written the file, ``_add_structure``
# (pikepdf) builds the structure tree from the record: reportlab itself has no tagging.


@dataclass
class _Element:
    role: str
    kids: list[_Element | tuple[int, int]]  # elements, or (page index, MCID)
    lang: str = ""
    # Attributes of the table owner (a header cell's /Scope: "Column" or "Row").
    scope: str = ""
    # A form field's name and kind ("involvement:multiline"): the widget laid over the
    # box later is tied to this element by it (``report_form._tag_fields``).
    field: str = ""


@dataclass
class _Slot:
    """The element that the parts of one flowable, split over pages, all draw into."""

    element: _Element | None = None


# Elements written to the tree even with no content of their own: an empty table cell
# keeps its column; a form field's element gets its widget afterwards.
_KEPT_EMPTY = frozenset({"TD", "TH", "Form"})


class _Tagger:
    """The structure drawn so far: open elements, and each page's MCIDs."""

    def __init__(self) -> None:
        self.root = _Element("Document", [])
        self.open: list[_Element] = [self.root]
        self.mcids: dict[int, int] = {}  # page index -> MCIDs used
        self.hidden = 0  # inside an artifact (a repeated header row): nothing is tagged
        self.level = 0  # the last heading's level
        self.language = ""  # the document's (for a piece in it inside another's element)
        self.spans: list[bool] = []  # for each marked element open: a Span inside it?

    def begin(
        self,
        canvas: Canvas,
        role: str,
        *,
        lang: str = "",
        marked: bool = True,
        slot: _Slot | None = None,
        scope: str = "",
        field: str = "",
    ) -> None:
        """Open an element; ``marked``: what is drawn until ``end`` is its content.

        With a ``slot`` already filled (the part of a paragraph, list item, table, row
        or cell that went on to the next page) the same element is opened again."""
        element = None if slot is None else slot.element
        again = element is not None
        if element is None:
            element = self._made(role, lang, scope, field)
            if slot is not None:
                slot.element = element
        self.open.append(element)
        if marked:
            page = len(canvas._pages)
            mcid = self.mcids.get(page, 0)
            self.mcids[page] = mcid + 1
            element.kids.append((page, mcid))
            canvas._code.append(f"/{element.role} <</MCID {mcid}>> BDC")
            # a piece of one element in a language of its own (a line of Hindi in an
            # English list item): said for that piece
            own = (lang or self.language) if again and lang != element.lang else ""
            if own:
                canvas._code.append(f"/Span <</Lang {_pdf_text(own)}>> BDC")
            self.spans.append(bool(own))

    def _made(self, role: str, lang: str, scope: str, field: str) -> _Element:
        """A new element in the open one; a list item is L > LI > LBody (consecutive
        items share the L), and its content is the LBody's."""
        parent = self.open[-1]
        if re.fullmatch(r"H[1-6]", role):
            # Headings never skip a level in reading order (an H4 straight after an H2
            # is read as an H3): screen readers list and move by heading level.
            self.level = min(int(role[1]), self.level + 1)
            role = f"H{self.level}"
        if role != "LI":
            element = _Element(role, [], lang, scope, field)
            parent.kids.append(element)
            return element
        if not (parent.kids and _is_list(parent.kids[-1])):
            parent.kids.append(_Element("L", []))
        listed = parent.kids[-1]
        assert isinstance(listed, _Element)
        body = _Element("LBody", [], lang)
        listed.kids.append(_Element("LI", [body]))
        return body

    def end(self, canvas: Canvas, *, marked: bool = True) -> None:
        if marked:
            if self.spans and self.spans.pop():
                canvas._code.append("EMC")
            canvas._code.append("EMC")
        if len(self.open) > 1:
            self.open.pop()


def _is_list(kid: _Element | tuple[int, int]) -> bool:
    return isinstance(kid, _Element) and kid.role == "L"


def _tagger(canvas: Canvas) -> _Tagger | None:
    """The canvas's tagger, or None where nothing is to be tagged (no tagger, or inside
    an artifact such as a header row drawn again)."""
    tags: _Tagger | None = getattr(canvas, "tags", None)
    return tags if tags is not None and not tags.hidden else None


def _slot(flowable: Flowable) -> _Slot | None:
    return getattr(flowable, "_tag_slot", None)


def _continued(whole: Flowable, parts: list[Flowable]) -> list[Flowable]:
    """``parts`` of ``whole`` split over a page, made one element in the structure: the
    part on the next page continues the P (or list item) the first part began."""
    if len(parts) > 1:
        slot = _slot(whole) or _Slot()
        language = getattr(whole, "language", "")
        for part in parts:
            part._tag_slot = slot
            if language:
                part.language = language
    return parts


def _one_element(flowables: list[Flowable]) -> list[Flowable]:
    """``flowables`` (the paragraphs one long note or bullet was cut into) drawn as one
    element: a bullet of several lines is one list item, not an item and paragraphs."""
    if len(flowables) > 1:
        slot = _Slot()
        for flowable in flowables:
            if isinstance(flowable, _Para | BidiParagraph):
                flowable._tag_slot = slot
    return flowables


_ROLES = {"title": "H1", "heading": "H2", "subheading": "H3", "label": "H4"}


def _role(style: ParagraphStyle, text: str) -> str:
    """The structure role of a paragraph in ``style`` ("tac-heading-shaped": H2); one
    of the program's bullets ("•  ...") is a list item."""
    if text.lstrip().startswith("•"):
        return "LI"
    name = style.name.removeprefix("tac-")
    for key in sorted(_ROLES, key=len, reverse=True):
        if name == key or name.startswith(f"{key}-"):
            return _ROLES[key]
    return "P"


class _Para(Paragraph):  # type: ignore[misc]  # reportlab has no types
    """A paragraph drawn as a tagged element: a heading by its style, a list item when
    it is one of the program's bullets, else P."""

    # the language of the text typed, when most of its letters are in a script other
    # than Latin (a note in Hindi or Greek: ``language_of_text``), for screen readers
    language = ""

    _wrapped_for = -1.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """reportlab's wrap, kept for the width it was made for: its result depends on
        the width alone, and a table split over pages measures every remaining cell
        again for each page (100 long tasks: most of the time went on that)."""
        if avail_width == self._wrapped_for and hasattr(self, "blPara"):
            return self.width, self.height
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        self._wrapped_for = avail_width
        return size

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return _continued(self, super().split(avail_width, avail_height))

    def draw(self) -> None:
        tags = _tagger(self.canv)
        if tags is None:
            super().draw()
            return
        text = "".join(getattr(f, "text", "") for f in getattr(self, "frags", [])[:1])
        tags.begin(self.canv, _role(self.style, text), lang=self.language, slot=_slot(self))
        super().draw()
        tags.end(self.canv)


@dataclass
class _TableTags:
    """One house table as structure, whatever pages its parts are drawn on: the Table,
    each of its rows and each cell, by their place in the table as made."""

    header_rows: int  # rows of column headers (TH, /Scope /Column)
    row_headers: bool  # the first column labels each row (TH, /Scope /Row)
    table: _Slot
    rows: dict[int, _Slot]
    cells: dict[tuple[int, int], _Slot]
    repeats: list[bool]  # for each row being drawn: a header row drawn again?


class _HouseTable(Table):  # type: ignore[misc]  # reportlab has no types
    """A table that remembers, across the parts reportlab splits it into, which row of
    the table as made each of its rows is, and which are header rows drawn again."""

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        rows: list[tuple[int, bool]] | None = getattr(self, "_tag_rows", None)
        doc = getattr(getattr(self, "canv", None), "_doctemplate", None)
        if rows and rows[0][1] and doc is not None and not doc.frame._atTop:
            # The rest of a table just split, its header row again on top, tried in
            # the room left under the part before it: reportlab would cut its first
            # row there, under a second header row mid-page. It goes to the next page.
            return []
        parts: list[Flowable] = super().split(avail_width, avail_height)
        if len(parts) != 2 or rows is None or len(rows) != len(self._cellvalues):
            return parts
        first, rest = parts
        repeated = self.repeatRows if isinstance(self.repeatRows, int) else 0
        # The rows after the repeated header: the table's own rows from the first that
        # did not fit (from the row cut in two, when one was split inside).
        start = len(rows) - (len(rest._cellvalues) - repeated)
        first._tag_rows = rows[: len(first._cellvalues)]
        rest._tag_rows = [(row, True) for row, _again in rows[:repeated]] + rows[start:]
        first._tag_state = rest._tag_state = self._tag_state
        return parts


class _CJKPara(_Para):
    """A paragraph holding Chinese or Japanese, broken into lines by ``_cjk_lines`` for
    the width it is given. The parts reportlab makes of it when it splits over a page
    are plain ``_Para`` lines (``_typed`` is None on them)."""

    _typed: list[str] | None = None
    # a part made by ``split``: the widths its lines were broken for, and those lines
    _kept: tuple[list[float], list[Any]] | None = None

    @classmethod
    def of(cls, text: str, style: ParagraphStyle) -> _CJKPara:
        typed = _printable(plain_text(text)).split("\n")
        made = cls(None, style, frags=[])
        made._typed = typed
        del made.text, made.frags  # made when first asked for: see ``__getattr__``
        return made

    def __getattr__(self, name: str) -> Any:
        """The paragraph of the typed lines, made the first time its text or fragments
        are asked for before ``wrap`` has broken it into lines (it usually has)."""
        if name in ("text", "frags") and self._typed is not None and "style" in self.__dict__:
            self._set_lines(self._typed)
            return self.__dict__[name]
        raise AttributeError(name)

    def _set_lines(self, lines: list[str]) -> None:
        """Make the paragraph of ``lines``, each ending in a forced line break: the
        fragments reportlab's parser would make of them, made directly when each line
        is plain runs (see ``_line_frags``), else by the parser."""
        style = self.style
        markup = [_typed_markup(line) for line in lines]
        frags: list[Any] = []
        for n, line in enumerate(markup):
            if n:
                frags.append(_prototype(style, None).clone(text="", lineBreak=True))
            _cleaned, made = _line_frags(line, style)
            if made is None:
                Paragraph.__init__(self, "<br/>".join(markup), style)
                return
            frags.extend(made)
        self._setup("<br/>".join(markup), style, None, frags, None)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = super().split(avail_width, avail_height)
        if len(parts) == 2:
            _keep_parts_lines(self, *parts)
        return parts

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._kept is not None and (
            avail_width != self._wrapped_for or "blPara" not in self.__dict__
        ):
            size = _kept_wrap(self, avail_width)
            if size is not None:
                return size
        if self._typed is not None and avail_width != self._wrapped_for:
            style = self.style
            room = avail_width - style.leftIndent - style.rightIndent
            first = room - style.firstLineIndent
            lines: list[str] = []
            for typed in self._typed:
                lines.extend(_cjk_lines(typed, style, first if not lines else room, room))
            self._set_lines(lines)
            self.__dict__.pop("blPara", None)
        return super().wrap(avail_width, avail_height)


# When reportlab splits a paragraph over a page, it makes the two parts from the lines it
# broke the whole into, and then breaks each part into lines again, word by word, for the
# same width. The lines of a ``_CJKPara`` all end in a forced line break, so the parts'
# lines are known: the first part's are the whole's first lines, its last without the
# line break that ended it (reportlab's part stops before it); the second part's start
# with that line break, as an empty line, followed by the whole's other lines. They are
# kept for the part, and used when it is wrapped for the width the whole was broken for.
# Anything else (a line broken for want of room, a split word, a bullet, another leading,
# shaping) leaves the part to reportlab.


def _keep_parts_lines(whole: _CJKPara, first: _CJKPara, rest: _CJKPara) -> None:
    rl = _paragraph_module
    style = whole.style
    bl_para = whole.__dict__.get("blPara")
    widths = whole.__dict__.get("_wrapWidths")
    words = whole.frags
    if (
        bl_para is None
        or widths is None
        or bl_para.kind != 1
        or whole.bulletText
        or style.wordWrap
        or style.endDots
        or style.justifyBreaks
        or style.shaping
        or getattr(whole, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")
        or getattr(first, "autoLeading", None) is not None
        or any(type(word) is not list and type(word) is not rl._HSFrag for word in words)
    ):
        return
    lines = bl_para.lines
    count = len(first.blPara.lines)
    last = lines[count - 1]
    after = lines[count].sFW
    if not (
        isinstance(last, rl.FragLine)
        and last.lineBreak is True
        and len(last.words) > 1  # an empty line is left out by reportlab
        and last.words[-1]._fkind == rl._FK_BREAK
        and len(words[after]) == 2
        and words[after][0] == 0
        and words[after][1][0]._fkind == rl._FK_BREAK
        and words[after][1][1] == ""
        and first.frags == words[:after]
        and rest.frags == words[after:]
        and all(line.sFW >= after for line in lines[count:])
    ):
        return
    end = last.clone(words=last.words[:-1], lineBreak=False)
    first._kept = (list(widths), [*lines[: count - 1], end])
    later = widths[-1]
    rest._kept = (
        [later, later],
        [None, *(line.clone(sFW=line.sFW - after) for line in lines[count:])],
    )


def _kept_wrap(part: _CJKPara, avail_width: float) -> tuple[float, float] | None:
    """``wrap`` of a part with kept lines (see ``_keep_parts_lines``), or None when it is
    wrapped for another width than the whole was broken for."""
    assert part._kept is not None
    widths, kept = part._kept
    style = part.style
    first = avail_width - (style.leftIndent + style.firstLineIndent) - style.rightIndent
    later = avail_width - style.leftIndent - style.rightIndent
    if avail_width < _paragraph_module._FUZZ or [first, later] != widths:
        return None
    lines = list(kept)
    if lines[0] is None:  # the line break the part starts with, as reportlab sets it
        rl = _paragraph_module
        brk = part.frags[0][1][0]
        ascent, descent = pdfmetrics.getAscentDescent(brk.fontName, brk.fontSize)
        lines[0] = rl.FragLine(
            extraSpace=first - 0,
            wordCount=0,
            lineBreak=True,
            words=[brk.clone()],
            fontSize=brk.fontSize,
            ascent=ascent,
            descent=descent,
            maxWidth=first,
            sFW=0,
        )
    part.width = avail_width
    part._wrapWidths = [first, later]
    part._splitLongWordCount = part._hyphenations = 0
    part._width_max = max(line.maxWidth - line.extraSpace for line in lines)
    part.blPara = _paragraph_module.ParaLines(kind=1, lines=lines)
    part.height = len(lines) * style.leading
    part._wrapped_for = avail_width
    return part.width, part.height


def _tag_table(table: Table, event: str, *args: Any) -> None:
    """reportlab's table drawing events, as structure: Table > TR > TH/TD, with the
    shading, the rules and a header row drawn again as artifacts."""
    canvas = table.canv
    tags: _Tagger | None = getattr(canvas, "tags", None)
    state: _TableTags | None = getattr(table, "_tag_state", None)
    if tags is None or state is None:
        return
    if event == "startTable":
        tags.begin(canvas, "Table", marked=False, slot=state.table)
    elif event in ("startBG", "startLines"):
        canvas._code.append("/Artifact BMC")
    elif event in ("endBG", "endLines"):
        canvas._code.append("EMC")
    elif event == "startRow":
        row, again = table._tag_rows[args[0]]
        state.repeats.append(again)
        if again:  # the header row at the top of the next page: read once, not twice
            canvas._code.append("/Artifact <</Type /Pagination>> BDC")
            tags.hidden += 1
        else:
            tags.begin(canvas, "TR", marked=False, slot=state.rows.setdefault(row, _Slot()))
    elif event == "startCell":
        if state.repeats[-1]:
            return
        row, column = table._tag_rows[args[0]][0], args[1]
        scope = (
            "Column"
            if row < state.header_rows
            else "Row"
            if state.row_headers and column == 0
            else ""
        )
        slot = state.cells.setdefault((row, column), _Slot())
        tags.begin(canvas, "TH" if scope else "TD", marked=False, slot=slot, scope=scope)
    elif event == "endCell":
        if not state.repeats[-1]:
            tags.end(canvas, marked=False)
    elif event == "endRow":
        if state.repeats.pop():
            tags.hidden -= 1
            canvas._code.append("EMC")
        else:
            tags.end(canvas, marked=False)
    elif event == "endTable":
        tags.end(canvas, marked=False)


def _first_page(element: _Element) -> int | None:
    """The page an element's content starts on (None: it has none)."""
    for kid in element.kids:
        page = _first_page(kid) if isinstance(kid, _Element) else kid[0]
        if page is not None:
            return page
    return None


def _add_structure(pdf: bytes, tags: _Tagger, title: str, language: str) -> bytes:
    """The PDF with its structure tree (from what ``tags`` recorded), marked as tagged,
    with XMP metadata saying its title and that it follows PDF/UA-1."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pages = doc.pages
        # each page's object, read once (pikepdf makes a page anew on every ``pages[n]``)
        page_objects = [page.obj for page in pages]
        parents: dict[int, dict[int, Any]] = {}
        tree_root = doc.make_indirect(Dictionary(Type=Name.StructTreeRoot))

        def build(element: _Element, parent: Any) -> Any:
            made = doc.make_indirect(
                Dictionary(Type=Name.StructElem, S=Name("/" + element.role), P=parent)
            )
            if element.lang:
                made.Lang = pikepdf.String(element.lang)
            if element.scope:
                made.A = Dictionary(O=Name.Table, Scope=Name("/" + element.scope))
            if element.field:
                made[_FIELD_KEY] = pikepdf.String(element.field)
            on_pages = {kid[0] for kid in element.kids if isinstance(kid, tuple)}
            first = _first_page(element)
            if first is not None:  # where it starts (its own content says its pages)
                made.Pg = page_objects[first]
            kids = Array()
            for kid in element.kids:
                if isinstance(kid, _Element):
                    if kid.kids or kid.role in _KEPT_EMPTY:
                        kids.append(build(kid, made))
                    continue
                page, mcid = kid
                parents.setdefault(page, {})[mcid] = made
                if len(on_pages) == 1:
                    kids.append(mcid)
                else:
                    kids.append(Dictionary(Type=Name.MCR, Pg=page_objects[page], MCID=mcid))
            if len(kids) == 1:
                made.K = kids[0]
            elif len(kids) > 1:
                made.K = kids
            return made

        document = build(tags.root, tree_root)
        document.T = pikepdf.String(title)
        document.Lang = pikepdf.String(language)
        nums = Array()
        for number, page in enumerate(page_objects):
            page.StructParents = number
            page.Tabs = Name.S
            marked = parents.get(number, {})
            nums.append(number)
            nums.append(doc.make_indirect(Array([marked[n] for n in sorted(marked)])))
        tree_root.K = document
        tree_root.ParentTree = doc.make_indirect(Dictionary(Nums=nums))
        tree_root.ParentTreeNextKey = len(pages)
        doc.Root.StructTreeRoot = tree_root
        doc.Root.MarkInfo = Dictionary(Marked=True)
        # Not stamped by pikepdf (no new dates): the same document made at the same
        # moment stays the same bytes.
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            with warnings.catch_warnings():  # /Trapped has no XMP twin: left out, rightly
                warnings.simplefilter("ignore", UserWarning)
                meta.load_from_docinfo(doc.docinfo)  # the same title, dates and maker
            if not any((name or "").strip() for name in meta.get("dc:creator") or []):
                del meta["dc:creator"]  # no author is named: no empty one either
            meta["dc:title"] = title
            meta["dc:language"] = [language]
            meta["pdfuaid:part"] = "1"
        out = io.BytesIO()
        # The page streams as reportlab compressed them: qpdf's default inflates and
        # deflates each again (0.12 s of a 200-page document) for the same text.
        doc.save(out, deterministic_id=True, compress_streams=False)
    return out.getvalue()


# A form field's element carries its field's name under this key until the widget is
# tied to it (``report_form._tag_fields``), which takes the key away.
_FIELD_KEY = "/TACField"


# -- pages ----------------------------------------------------------------------------


def _canvas_text(text: str) -> str:
    """Text drawn straight on the canvas (no markup) in Noto Sans: drop what it lacks."""
    covered = _family(SANS)
    return "".join(c if ord(c) in covered else "?" for c in plain_text(text).replace("\n", " "))


def _source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH (the reproducible-builds convention), if set and a number."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(value), UTC) if value.isdigit() else None


class _Stamp:
    """A moment as reportlab's PDF dates want it (its ``TimeStamp``'s fields)."""

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            moment = moment.astimezone()
        offset = moment.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset is not None else 0
        self.t = moment.timestamp()
        self.YMDhms = moment.timetuple()[:6]
        self.dhh, self.dmm = divmod(minutes, 60) if minutes >= 0 else (-(-minutes // 60), 0)
        if minutes < 0:
            self.dmm = -minutes % 60


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no types
    """Holds every page until the end, so each can say "Page x of y"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def dated(self, made_at: datetime) -> None:
        """The file's creation and modification dates. reportlab's ``invariant`` (kept,
        so the same document made at the same moment is the same bytes) would date
        every file 2000-01-01."""
        self._doc._timeStamp = _Stamp(made_at)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_page_number(number, total)
            super().showPage()
        super().save()

    def _draw_page_number(self, number: int, total: int) -> None:
        self._code.append("/Artifact <</Type /Pagination>> BDC")
        self.saveState()
        self.setFont(SANS, 8)
        self.setFillColor(MUTED)
        self.drawRightString(PAGE_SIZE[0] - MARGIN, MARGIN - 8 * mm, f"Page {number} of {total}")
        self.restoreState()
        self._code.append("EMC")


class _CollectorHold:
    """How many documents are being made now, and whether the collector was on before."""

    lock = threading.Lock()
    documents = 0
    was_on = False


@contextmanager
def _collector_held_off() -> Iterator[None]:
    """Python's cycle collector held off while a document is made (and on again after).

    A long document keeps its thousands of lines alive until it is written, beside large
    shaping caches: every full collection walked them all, finding nothing to free. In
    the varied Arabic minutes that was 1.2 s of 8.3 s (measured with ``gc.callbacks``),
    and the peak memory is the same without it (166 MB): reference counting still frees
    everything at once, and the few cycles made meanwhile are collected afterwards.
    Counted, so two documents made at once on two threads turn it on only when both are
    done, and never on if it was off."""
    hold = _CollectorHold
    with hold.lock:
        if hold.documents == 0:
            hold.was_on = gc.isenabled()
            gc.disable()
        hold.documents += 1
    try:
        yield
    finally:
        with hold.lock:
            hold.documents -= 1
            if hold.documents == 0 and hold.was_on:
                gc.enable()


class HouseRenderer:
    """Base of every renderer: subclass, set ``kind``, write ``story()``, call ``render()``.

    ``title`` is printed at the top of every page with ``reference`` and ``on`` (the
    document's date); ``draft`` adds DRAFT to every page and a faint word across it;
    ``extra_header`` (e.g. "Version 3") is printed beside the title on every page.
    """

    kind = "document"
    language = "en-GB"  # the document's language, for screen readers and hyphenation
    # When the PDF says it was made: None is the moment it is rendered (or
    # SOURCE_DATE_EPOCH when set, for reproducible builds). Set it to make the same bytes
    # twice; a test does.
    made_at: datetime | None = None

    def __init__(
        self,
        title: str,
        reference: str,
        on: date,
        *,
        draft: bool = False,
        extra_header: str = "",
        marking: str = MARKING,
    ) -> None:
        self.title = title
        self.reference = reference
        self.on = on
        self.draft = draft
        self.extra_header = extra_header
        self.marking = marking
        self.styles = styles()

    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def render(self) -> bytes:
        out = io.BytesIO()
        doc = BaseDocTemplate(
            out,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER_SPACE,
            bottomMargin=MARGIN + FOOTER_SPACE,
            title=plain_text(f"{self.title}, {self.reference}").replace("\n", " "),
            author="",
            subject=self.marking,
            creator="TAC Desktop",
            initialFontName=SANS,  # else the canvas starts on a non-embedded Helvetica
            invariant=1,
            lang=self.language,
            displayDocTitle=1,
        )
        frame = Frame(
            doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", showBoundary=0
        )
        doc.addPageTemplates([PageTemplate(id="house", frames=[frame], onPage=self._decorate)])
        made_at = self.made_at or _source_date() or datetime.now(UTC).astimezone()
        tags = _Tagger()
        tags.language = self.language

        def canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
            made = _NumberedCanvas(*args, **kwargs)
            made.dated(made_at)
            made.tags = tags
            return made

        with _collector_held_off():
            try:
                doc.build(self.story(), canvasmaker=canvas)
            except LayoutError:
                # Something typed cannot be laid out on any page (an enormous table cell):
                # say so in words, never a traceback.
                raise InvalidInput(
                    "Part of this document is too long to fit on a page (probably a very long "
                    "entry in a table). Shorten it and make the document again; nothing was "
                    "lost."
                ) from None
            return _add_structure(out.getvalue(), tags, doc.title, self.language)

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Header and footer of one page (drawn before its content)."""
        width, height = PAGE_SIZE
        top = height - MARGIN
        canvas._code.append("/Artifact <</Type /Pagination>> BDC")  # not read aloud
        canvas.saveState()
        if self.draft:
            canvas.setFont(f"{SANS}-Bold", 110)
            canvas.setFillColor(colors.Color(0.85, 0.85, 0.85, alpha=0.45))
            canvas.translate(width / 2, height / 2)
            canvas.rotate(50)
            canvas.drawCentredString(0, -35, "DRAFT")
            canvas.rotate(-50)
            canvas.translate(-width / 2, -height / 2)
        marking = _canvas_text(self.marking)
        canvas.setFillColor(MARK_RED)
        canvas.setFont(f"{SANS}-Bold", 9)
        canvas.drawCentredString(width / 2, top + 3 * mm, marking)
        canvas.drawCentredString(width / 2, MARGIN - 8 * mm, marking)
        canvas.setFillColor(MUTED)
        canvas.setFont(SANS, 8)
        left = self.title + (f" · {self.extra_header}" if self.extra_header else "")
        if self.draft:
            left = f"DRAFT, not yet agreed · {left}"
        right = f"Case {_canvas_text(self.reference)} · {self.on.day} {self.on:%B %Y}"
        room = width - 2 * MARGIN - pdfmetrics.stringWidth(right, SANS, 8) - 6 * mm
        _header_text(canvas, left, MARGIN, top - 4 * mm, room)
        canvas.drawRightString(width - MARGIN, top - 4 * mm, right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 6 * mm, width - MARGIN, top - 6 * mm)
        canvas.line(MARGIN, MARGIN - 3 * mm, width - MARGIN, MARGIN - 3 * mm)
        footer = f"Case {_canvas_text(self.reference)}"
        if self.draft:
            footer = f"DRAFT · {footer}"
        canvas.drawString(MARGIN, MARGIN - 8 * mm, footer)
        canvas.restoreState()
        canvas._code.append("EMC")


def _header_text(canvas: Canvas, text: str, x: float, y: float, room: float) -> None:
    """The running header's title at ``x`` with its baseline at ``y``, in Noto Sans 8 pt,
    cut with "…" to ``room`` points wide (a long title ran into the case reference
    beside it). A title typed in a script Noto Sans lacks (a safety plan called
    "خطة السلامة") is set like a line of a paragraph: in the fonts it needs, shaped,
    read left to right like the header, written in typed order; it printed as question
    marks."""
    line = plain_text(text).replace("\n", " ")[:110]
    if _sans_only().issuperset(map(ord, line)):
        if pdfmetrics.stringWidth(line, SANS, 8) > room:
            while line and pdfmetrics.stringWidth(line + "…", SANS, 8) > room:
                line = line[:-1]
            line = line.rstrip() + "…"
        canvas.drawString(x, y, line)
        return
    line = _printable(line)
    if _word_width(line, SANS, 8) > room:  # (unshaped: at least as wide as drawn)
        while line and _word_width(line + "…", SANS, 8) > room:
            line = line[:-1]
        line = line.rstrip() + "…"
    style = _header_style()
    if _has_rtl(line):
        shown, levels = _drawing_order_levels(line, "L")
        markup = _line_markup(shown, in_drawing_order=True)
    else:
        shown, levels = line, (0,) * len(line)
        markup = _line_markup(line, in_drawing_order=False)
    header = Paragraph(markup, style)
    _width, height = header.wrap(PAGE_SIZE[0], PAGE_SIZE[1])
    start = len(canvas._code)
    header.drawOn(canvas, x, y - height + style.fontSize)
    _in_typed_order(canvas, start, shown, levels)


@cache
def _header_style() -> ParagraphStyle:
    return ParagraphStyle(
        "tac-running-header", fontName=SANS, fontSize=8, leading=9.6, textColor=MUTED, shaping=1
    )


def short_date(day: date) -> str:
    """ "9 Nov 2026": for narrow table columns."""
    return f"{day.day} {day:%b %Y}"


def long_date(day: date) -> str:
    """ "20 November 2026" (no leading zero, on every platform)."""
    return f"{day.day} {day:%B %Y}"
