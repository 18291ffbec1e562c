"""Which PDF readers give back right-to-left and mixed text as it was typed.

Makes one small PDF per case through the real document code (``house.para`` and
``house.table``), on a page that is mostly English and on one that is mostly Arabic
(poppler chooses its reading direction by the page's majority), and reads each back with
pdftotext (default and ``-raw``), pypdf (default and layout mode), mutool and pdfium.
Prints, per case and reader, "OK" when a line of what came out holds the typed text (in
the paragraph and in the table cell), else the nearest line that came out.

Before comparing, the bidi controls poppler wraps right-to-left runs in (U+202A-U+202E)
are removed, runs of spaces made one space and marks put in their canonical order (NFC).

    PYTHONPATH=. .venv/bin/python scripts/extraction_matrix.py [--show PATTERN]

Exit status 0; the table is for a person (see issue 22), the tests in
tests/core/test_document_extraction.py hold what must stay right.

How the readers order text, and what no drawing order can change (house.py draws each
right-to-left line glyph by glyph in typed order, every glyph where reportlab put it):

- pdftotext (poppler 22.12, default and -layout) goes by position only: it sorts a
  line's glyphs by x, then, on a page with more left-to-right letters than
  right-to-left ones, reverses each run of right-to-left characters in place, so an
  Arabic line holding a number or a Latin word comes out with its parts in the order
  they stand on the page (the number's neighbours swapped); on a page mostly in
  Arabic it reads each line from the right, so an English line holding an Arabic name
  has its parts swapped instead, and a space between an Arabic word and a number moves
  to the number's other side. Only changing where the glyphs stand would change this.
- pdftotext -raw keeps the file's order, but starts a new word when a glyph is drawn
  to the left of the one before, and a new line when a word starts left of the one
  before: text drawn from the right can never be one line (before, the words of a
  right-to-left line came out last word first on one line; now a letter per line).
- mutool 1.21 (stext device) keeps the file's order and reverses nothing: it is right
  now (HarfBuzz's lam-alef, an alef of no width drawn under a lam, is shown lam first
  and the alef a thousandth of a point to its left: shown as drawn, mutool read "ال"
  for "لا"), except that a Latin (or Chinese) word inside Arabic goes on a line of its
  own, because a left-to-right letter drawn more than 0.8 em left of the glyph before
  starts a new line, and such a word inside Arabic starts to the left of the Arabic
  typed before it.
- pdfium (Qt's PDF module: what the program's preview copies) goes by position and
  reads a line holding right-to-left text from the right, word by word, so it gives
  the same before and after: right for Arabic and Hebrew words and Arabic-Indic or
  Persian numbers; but the words of a Latin phrase or a number with a space inside
  Arabic come out swapped ("900101 07700"), mirrored brackets come out as drawn
  (")يوسف("), and an English line holding an Arabic name has the name's words swapped.
- pypdf 7.1's layout mode goes by position, like poppler on a page mostly in English
  (before, it gave every right-to-left word with its letters reversed).
- pypdf 7.1 keeps the file's order but turns each piece of right-to-left text round
  (a piece ends at Tf, BT or a new line): each right-to-left glyph is its own piece
  (after its own Tf). It is right for every case; an English line holding an Arabic
  name gets two spaces after the name (pypdf adds one for the jump back to the right).
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.units import mm

from tac_desktop.core.documents import house

# The cases: (name, typed text); each is set as a paragraph and in a table cell.
CASES: list[tuple[str, str]] = [
    ("arabic", "ذهبت الأم إلى المدرسة مع الأطفال"),
    ("hebrew", "שלום לכולם מהמשפחה"),
    ("arabic + arabic-indic phone", "رقم الهاتف ٠٧٧٠٠٩٠٠١٠١ للطوارئ"),
    ("arabic + european phone", "رقم الهاتف 07700 900101 للطوارئ"),
    ("arabic + european number", "لديها 4 مهام ثم نراجع"),
    ("arabic + persian digits", "شماره تلفن ۰۷۷۰۰۹۰۰۱۰۱ برای کمک"),
    ("arabic + latin word", "يعمل في Testshire School منذ سنة"),
    ("hebrew + numbers", "הפגישה ב-14 במאי בשעה 10:30"),
    ("english + arabic name + number", "Yusuf يوسف حداد called on 07700 900101 today"),
    ("arabic name: in a cell", "يوسف حداد: يحضر المدرسة"),
    ("brackets", "حضر (يوسف) اليوم"),
    ("arabic with vowel marks", "حضر مُحَمَّد اليوم لا"),
    ("hebrew with points", "שָׁלוֹם לכולם"),
]

_FILLER_EN = (
    "This page is mostly in English so that readers which choose a direction by the "
    "majority of the page read it from the left. "
) * 3
_FILLER_AR = "هذه الصفحة مكتوبة في أغلبها باللغة العربية حتى يقرأها القارئ من اليمين " * 6

_CONTROLS = dict.fromkeys(range(0x202A, 0x202F))
_SPACES = re.compile(r"[ \t\u00a0]+")


class _Page(house.HouseRenderer):
    kind = "matrix"

    def __init__(self, text: str, filler: str) -> None:
        super().__init__(title="Extraction", reference="TAC-MATRIX", on=date(2026, 12, 6))
        self.text = text
        self.filler = filler

    def story(self) -> list[object]:
        s = self.styles
        return [
            house.para(self.filler, s.body),
            house.para(self.text, s.body),
            house.table([["Who", "Note"], [self.text, "—"]], [110 * mm, 30 * mm]),
            house.para(self.filler, s.body),
        ]


def _normal(line: str) -> str:
    return unicodedata.normalize("NFC", _SPACES.sub(" ", line.translate(_CONTROLS)).strip())


def _run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, timeout=120, check=False)
    return done.stdout.decode("utf-8", "replace")


def _mutool_convert(path: Path) -> str:
    out = path.with_suffix(".txt")
    _run("mutool", "convert", "-F", "text", "-o", str(out), str(path))
    return out.read_text("utf-8", "replace") if out.exists() else ""


def _pdfium(path: Path) -> str:
    """The text Qt's PDF module (pdfium, the program's own preview) copies from page 1."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtPdf import QPdfDocument

    _app = QCoreApplication.instance() or QCoreApplication([])
    document = QPdfDocument()
    document.load(str(path))
    return str(document.getAllText(0).text())


def readers() -> dict[str, Callable[[Path], str]]:
    """Reader name -> function(pdf path) -> extracted text; tools not installed are left out."""
    out: dict[str, Callable[[Path], str]] = {}
    if shutil.which("pdftotext"):
        out["pdftotext"] = lambda p: _run("pdftotext", "-enc", "UTF-8", str(p), "-")
        out["pdftotext -raw"] = lambda p: _run("pdftotext", "-raw", "-enc", "UTF-8", str(p), "-")
    out["pypdf"] = lambda p: str(PdfReader(p).pages[0].extract_text())
    out["pypdf layout"] = lambda p: str(
        PdfReader(p).pages[0].extract_text(extraction_mode="layout")
    )
    try:
        import PySide6.QtPdf  # noqa: F401
    except ImportError:
        pass
    else:
        out["pdfium (Qt)"] = _pdfium
    if shutil.which("mutool"):
        out["mutool draw"] = lambda p: _run("mutool", "draw", "-q", "-F", "txt", "-o", "-", str(p))
        out["mutool convert"] = _mutool_convert
    return out


def check(text: str, extracted: str) -> tuple[int, str]:
    """How many lines hold ``text`` (the paragraph and the cell: 2 expected), and the
    nearest line when none does."""
    want = _normal(text)
    lines = [_normal(line) for line in extracted.splitlines()]
    hits = sum(1 for line in lines if want in line)
    if hits:
        return hits, ""
    near = difflib.get_close_matches(want, lines, n=1, cutoff=0.0)
    return 0, near[0] if near else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", default="", help="only cases whose name holds this")
    args = parser.parse_args()
    tools = readers()
    total = good = 0
    with tempfile.TemporaryDirectory() as tmp:
        for page, filler in (("English page", _FILLER_EN), ("Arabic page", _FILLER_AR)):
            print(f"== {page}")
            for name, text in CASES:
                if args.show not in name:
                    continue
                path = Path(tmp) / "case.pdf"
                path.write_bytes(_Page(text, filler).render())
                cells = []
                for reader, read in tools.items():
                    hits, near = check(text, read(path))
                    total += 1
                    if hits >= 2:
                        good += 1
                        cells.append(f"  {reader}: OK")
                    elif hits == 1:
                        cells.append(f"  {reader}: one of two (paragraph / cell)")
                    else:
                        cells.append(f"  {reader}: got {near[:70]!r}")
                print(f"{name}: {text}")
                print("\n".join(cells))
    print(f"\n{good} of {total} right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
