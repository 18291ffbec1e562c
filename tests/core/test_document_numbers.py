"""Numbers in any script print in the order they were typed: a phone number read
backwards is a wrong emergency number (issue 22's first fault).

Rendered through the house style (a paragraph and a table cell each), read back with
poppler's ``pdftotext -raw``, whose lines follow the drawing order; the digits must come
out as typed, in right-to-left and left-to-right lines alike. Every text is invented.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from tac_desktop.core.documents import house

NUMBERS = (
    "٠٧٧٠٠٩٠٠١٠١",  # Arabic-Indic digits
    "۰۷۷۰۰۹۰۰۱۰۱",  # Extended Arabic-Indic (Persian, Urdu)
    "07700 900101",  # European digits with a space, inside right-to-left text
    "٠٧٧٠٠-٩٠٠-١٠١",
)
LINES = (
    "{n}",
    "اتصل على {n} الآن",
    "Call {n} now",
    "רוני: {n}",
    "الرقم ({n}) للطوارئ",
)


class _Page(house.HouseRenderer):  # type: ignore[misc]
    kind = "test"

    def __init__(self, texts: list[str]) -> None:
        super().__init__(title="Numbers", reference="TAC-TEST", on=date(2026, 12, 6))
        self.texts = texts

    def story(self) -> list[object]:
        out: list[object] = []
        for text in self.texts:
            out.append(house.para(text, self.styles.body))
            out.append(house.table([["Text", "Other"], [text, "x"]], [90 * mm, 30 * mm]))
        return out


@pytest.mark.parametrize("number", NUMBERS)
def test_a_phone_number_prints_in_the_order_it_was_typed(number: str, tmp_path: Path) -> None:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed (CI has poppler-utils)")
    texts = [line.format(n=number) for line in LINES]
    path = tmp_path / "numbers.pdf"
    path.write_bytes(_Page(texts).render())
    out = subprocess.run(
        [tool, "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    text = unicodedata.normalize("NFKC", out)
    assert text.count(number) == 2 * len(LINES), text  # every paragraph and every cell
    backwards = number[::-1]
    assert backwards not in text
