"""Printable documents (minutes, decision summaries, safety plans) made as PDF bytes.

This package is cheap to import: reportlab (~220 ms) and pypdf load only inside the
functions and submodules that make a document, so the window starts without them.

- ``Document``: a finished PDF with the title and file name to offer the user.
- ``PendingDocument``: a document whose content is gathered but not yet made; making it
  touches no database, so the window makes it on a worker thread (``render_watched``
  says each page as it is laid out and stops between pages when asked).
- ``protect``: the same PDF encrypted with a password (AES-256, opens in any reader).
- ``document_file_name``: a name carrying the case reference and date, never a person.
- ``house``: the shared look (fonts, styles, marking, page numbers) and ``HouseRenderer``,
  the base class of every renderer; ``content``: the plain data a renderer takes.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.progress import Progress

__all__ = ["Document", "PendingDocument", "document_file_name", "protect", "render_watched"]


@dataclass(frozen=True)
class Document:
    """A made document: ``title`` for the screen, ``file_name`` to suggest, ``pdf`` bytes."""

    title: str
    file_name: str
    pdf: bytes


@dataclass(frozen=True)
class PendingDocument:
    """A document gathered from the vault (on the vault's thread) and not yet made.

    ``make`` works from plain content alone, never the vault, so it may run on a worker
    thread; given a ``Progress`` it says how far it has got and stops, raising
    ``Stopped``, between pages when asked (nothing is saved until it has finished)."""

    title: str
    file_name: str
    make: Callable[[Progress | None], bytes] = field(repr=False)

    def document(self, progress: Progress | None = None) -> Document:
        return Document(self.title, self.file_name, self.make(progress))


def render_watched(renderer: Any, progress: Progress | None, what: str) -> bytes:
    """``renderer.render()`` (a ``house.HouseRenderer``), telling ``progress`` as each
    page begins and stopping there when asked: the page hook is the one point every
    renderer passes through once a page, and nothing is written until the end."""
    if progress is None:
        return bytes(renderer.render())
    decorate = renderer._decorate

    def watched(canvas: Any, doc: Any) -> None:
        progress.step(f"{what}: laying out page {doc.page}", doc.page, 0)
        decorate(canvas, doc)

    renderer._decorate = watched
    progress.step(f"{what}: setting out the text")
    try:
        return bytes(renderer.render())
    finally:
        renderer._decorate = decorate


def protect(pdf: bytes, password: str) -> bytes:
    """The PDF encrypted with AES-256 so it opens only with ``password``.

    pypdf, not reportlab: reportlab's AES-256 does not open in poppler or pypdf.
    """
    if not password:
        raise InvalidInput("The password cannot be empty. Nothing was saved.")
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, NumberObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    # AES-256 (revision 6) is PDF 2.0, or 1.7 with Adobe's extension level 8: say so,
    # rather than the 1.4 of the copy it was made from.
    writer.pdf_header = b"%PDF-1.7"
    writer.root_object[NameObject("/Extensions")] = DictionaryObject(
        {
            NameObject("/ADBE"): DictionaryObject(
                {
                    NameObject("/BaseVersion"): NameObject("/1.7"),
                    NameObject("/ExtensionLevel"): NumberObject(8),
                }
            )
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# Characters Windows refuses in a file name, plus anything that is not a plain letter,
# digit, dash or dot: a reference typed with spaces or slashes still gives a usable name.
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in "123456789"
}


def _part(text: str, fallback: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("-", ascii_text).strip(".-")[:60].strip(".-")
    if cleaned.upper() in _WINDOWS_RESERVED:
        cleaned = f"{cleaned}-"
    return cleaned or fallback


def document_file_name(reference: str, kind: str, on: date) -> str:
    """``TAC-2026-0101_minutes_2026-11-20.pdf``: the case reference, what it is and the
    date. Names of people are never part of it (file names travel in e-mails and logs).
    """
    return f"{_part(reference, 'case')}_{_part(kind, 'document')}_{on.isoformat()}.pdf"
