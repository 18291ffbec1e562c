"""Text helpers shared by search, validation and documents."""

from __future__ import annotations

import unicodedata

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


def fold_for_search(text: str) -> str:
    """Lower-case, accent-free form so "zoe" finds "Zoë" and "lukasz" finds "Łukasz".

    Combining marks are dropped after NFKD decomposition, which also removes Arabic
    short-vowel marks; other scripts keep their own letters.
    """
    if text.isascii():  # most names and every reference: nothing to decompose
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold().translate(_FOLD_EXTRA)


def clean_line(text: str) -> str:
    """A single-line value as typed, minus surrounding spaces and control characters."""
    return "".join(ch for ch in text if ch.isprintable()).strip()
