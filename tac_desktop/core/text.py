"""Text helpers shared by search, validation and documents."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Letters that Unicode does not decompose into a base letter plus an accent.
_FOLD_EXTRA = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        "ð": "d",
        "Ð": "d",
    }
)


def _fold_slowly(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold().translate(_FOLD_EXTRA)


# Scripts whose letters fold one character at a time (Latin, combining marks, Greek,
# Cyrillic, Arabic): for text made only of these, one C-speed translate() does it all.
_TABLE_RANGES = ((0x80, 0x250), (0x300, 0x370), (0x370, 0x530), (0x600, 0x700))
_OUTSIDE_TABLE = re.compile(
    "[^\x00-\x7f" + "".join(f"{chr(a)}-{chr(b - 1)}" for a, b in _TABLE_RANGES) + "]"
)


@cache
def _fold_table() -> dict[int, str]:
    table = {}
    for start, end in _TABLE_RANGES:
        for code in range(start, end):
            folded = _fold_slowly(chr(code))
            if folded != chr(code):
                table[code] = folded
    return table


def fold_for_search(text: str) -> str:
    """Lower-case, accent-free form so "zoe" finds "Zoë" and "lukasz" finds "Łukasz".

    Combining marks are dropped after NFKD decomposition, which also removes Arabic
    short-vowel marks; other scripts keep their own letters.
    """
    if text.isascii():  # most references and many names: nothing to decompose
        return text.casefold()
    if _OUTSIDE_TABLE.search(text):  # e.g. full-width letters, Vietnamese: the long way
        return _fold_slowly(text)
    return text.translate(_fold_table()).casefold()


def clean_line(text: str) -> str:
    """A single-line value as typed, minus surrounding spaces and control characters."""
    return "".join(ch for ch in text if ch.isprintable()).strip()
