"""The quick ways of redrawing a right-to-left line in typed order give what the step by
step ways gave (issue 22, point 5: a long Arabic or Hebrew note is made fast enough
without one byte of its PDF changing).

``_split_string`` cuts a string into a font's subsets as reportlab's ``splitString``
does, without its loop a character at a time once every character has its code; it must
give the same chunks and leave the same codes behind, whatever order the strings come
in. Every text is invented.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
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
