"""What a viewer and a screen reader learn about a PDF before reading it (issue 22,
point 2 of "What must be true"): its language, its title in the window, when it was
made, and a version header that matches what the file uses. Read back with poppler's
``pdfinfo``, qpdf and pikepdf."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pikepdf
import pytest

from tac_desktop.core.documents import content as c
from tac_desktop.core.documents import protect
from tac_desktop.core.documents.minutes import MinutesRenderer

DAY = date(2026, 12, 6)


def _renderer() -> MinutesRenderer:
    return MinutesRenderer(
        c.MinutesContent(
            reference="TAC-2026-0922",
            meeting_title="TAC review",
            held_on=DAY,
            chair="Robin Testchair",
            subject="يوسف حداد",  # an invented child with an Arabic name
            sections=(c.Section("welcome", "Welcome", "Notes of the welcome."),),
        )
    )


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (CI has poppler-utils and qpdf)")
    return path


def test_language_title_shown_and_real_dates(tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    pdf = _renderer().render()
    after = datetime.now(UTC)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.Root.Lang) == "en-GB"
        assert doc.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(doc.docinfo.Title) == "Minutes: TAC review, TAC-2026-0922"
        created = str(doc.docinfo.CreationDate)
    assert created.startswith("D:") and not created.startswith("D:2000")
    stamp = datetime.strptime(created[2:16], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    assert before - timedelta(seconds=1) <= stamp <= after + timedelta(seconds=1)
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(
        [_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Title:           Minutes: TAC review, TAC-2026-0922" in info
    assert "2000" not in next(line for line in info.splitlines() if "CreationDate" in line)
    assert pdf.startswith(b"%PDF-1.4")  # Lang, transparency (the DRAFT word): 1.4


def test_the_same_document_made_at_the_same_moment_is_the_same_bytes() -> None:
    moment = datetime(2026, 12, 6, 9, 30, tzinfo=timezone(timedelta(hours=-5, minutes=-30)))
    first, second = _renderer(), _renderer()
    first.made_at = second.made_at = moment
    pdf = first.render()
    assert pdf == second.render()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.docinfo.CreationDate) == "D:20261206093000-05'30'"


def test_a_protected_copy_declares_the_version_its_encryption_needs(tmp_path: Path) -> None:
    locked = protect(_renderer().render(), "an invented password")
    assert locked.startswith(b"%PDF-1.7")
    with pikepdf.open(io.BytesIO(locked), password="an invented password") as doc:
        assert doc.encryption.R == 6  # AES-256
        assert doc.Root.Extensions.ADBE.ExtensionLevel == 8
        assert str(doc.Root.Lang) == "en-GB"
    path = tmp_path / "locked.pdf"
    path.write_bytes(locked)
    check = subprocess.run(
        [_tool("qpdf"), "--check", "--password=an invented password", str(path)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "PDF Version: 1.7 extension level 8" in check.stdout


def test_streams_are_compressed_once_and_the_metadata_is_plain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Page streams carry reportlab's Flate compression alone: no ASCII85 layer, and
    the bytes reportlab wrote, not inflated and deflated again when the structure tree
    is added. The XMP metadata is plain text, as archive formats ask; qpdf finds
    nothing wrong."""
    from tac_desktop.core.documents import house

    written: list[bytes] = []
    add_structure = house._add_structure

    def kept(pdf: bytes, *args: object) -> bytes:
        written.append(pdf)
        return add_structure(pdf, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(house, "_add_structure", kept)
    pdf = _renderer().render()

    def page_streams(data: bytes) -> list[tuple[list[str], bytes]]:
        with pikepdf.open(io.BytesIO(data)) as doc:
            out = []
            for page in doc.pages:
                stream = page.obj.Contents
                filters = stream.get("/Filter")
                names = list(filters) if isinstance(filters, pikepdf.Array) else [filters]
                out.append(([str(name) for name in names], stream.read_raw_bytes()))
            return out

    final = page_streams(pdf)
    assert final == page_streams(written[0])
    assert all(names == ["/FlateDecode"] for names, _raw in final)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert b"BT" in doc.pages[0].obj.Contents.read_bytes()  # (it reads back)
        metadata = doc.Root.Metadata
        assert "/Filter" not in metadata
        assert b"pdfuaid:part" in metadata.read_raw_bytes()
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    check = subprocess.run([_tool("qpdf"), "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
