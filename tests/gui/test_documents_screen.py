"""Documents through the real window: the meeting's minutes previewed with QtPdf, printed
(to a PDF printer, read back) and saved, plain and locked with a password."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from shutil import which

import pytest
from pypdf import PdfReader

from PySide6.QtCore import QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from tac_desktop.core.models import MeetingStatus
from tac_desktop.core.services import cases, documents, meetings
from tac_desktop.gui.documents.preview import DocumentPreview, PasswordDialog, print_pdf
from tac_desktop.gui.shell.main_window import MainWindow
from tests.gui.test_main_window import when_dialog_opens
from tests.gui.test_meeting_screen import REFERENCE, open_case, vault_of


def _finalised_meeting(window: MainWindow) -> int:
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, REFERENCE)
    return next(
        m.id for m in meetings.list_meetings(vault, case_id) if m.status is MeetingStatus.FINALISED
    )


def test_minutes_are_previewed_from_the_meeting_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    window.open_meeting(_finalised_meeting(window))
    screen = window.meeting_screen
    assert screen is not None
    seen: list[tuple[str, int, str]] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, DocumentPreview)
        seen.append((dialog.windowTitle(), dialog.pdf.pageCount(), dialog.pages.text()))
        assert dialog.pdf.status() is QPdfDocument.Status.Ready
        assert dialog.print_button.isEnabled()
        assert REFERENCE in dialog.document.file_name
        dialog.reject()

    when_dialog_opens(look)
    screen.minutes_action.trigger()
    assert seen, "the preview did not open"
    title, pages, label = seen[0]
    assert title.startswith("Minutes")
    assert pages >= 2 and f"{pages} pages" in label


def test_saved_plain_and_locked_and_printed(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    vault = vault_of(window)
    document = documents.minutes_document(vault, _finalised_meeting(window))
    preview = DocumentPreview(vault, document)
    qtbot.addWidget(preview)
    pages = preview.pdf.pageCount()

    # Save as PDF: the file is the document made by core, byte for byte, owner-only.
    target = tmp_path / "copy"  # ".pdf" is added
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    monkeypatch.setattr(
        "tac_desktop.gui.documents.preview.QMessageBox.information", lambda *a, **k: None
    )
    preview.save_document(locked=False)
    plain = tmp_path / "copy.pdf"
    assert plain.read_bytes() == document.pdf
    assert plain.stat().st_mode & 0o077 == 0

    # Save with a password: asked twice, refused when short or different.
    locked = tmp_path / "locked.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(locked), ""))
    )

    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, PasswordDialog)
        dialog.password.setText("short")
        dialog.again.setText("short")
        dialog._try_save()
        assert dialog.isVisible() and "at least" in dialog._error.text()
        dialog.password.setText("a long password")
        dialog.again.setText("a long pasword")
        dialog._try_save()
        assert "not the same" in dialog._error.text()
        dialog.again.setText("a long password")
        dialog._try_save()

    when_dialog_opens(choose)
    preview.save_document(locked=True)
    reader = PdfReader(io.BytesIO(locked.read_bytes()))
    assert reader.is_encrypted
    assert reader.decrypt("wrong") == 0
    assert reader.decrypt("a long password") != 0
    assert len(reader.pages) == pages
    if which("qpdf"):
        check = subprocess.run(
            ["qpdf", "--check", "--password=a long password", str(locked)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stdout + check.stderr
        assert (
            "AESv3"
            in subprocess.run(
                ["qpdf", "--show-encryption", "--password=a long password", str(locked)],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
        )

    # Print: to Qt's PDF printer, which stands in for a real one; every page arrives.
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    assert print_pdf(document.pdf, printer) == pages
    assert len(PdfReader(printed).pages) == pages
    printer.setFromTo(2, 2)  # a page range from the print dialog
    again = tmp_path / "page2.pdf"
    printer.setOutputFileName(str(again))
    assert print_pdf(document.pdf, printer) == 1


def test_a_pdf_that_cannot_be_shown_can_still_be_saved(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from tac_desktop.core.documents import Document

    open_case(qtbot, window)
    broken = Document("Minutes", "TAC-2026-0101_minutes_2026-10-12.pdf", b"%PDF-1.7\nbroken")
    preview = DocumentPreview(vault_of(window), broken)
    qtbot.addWidget(preview)
    assert not preview.print_button.isEnabled()
    assert preview.save_button.isEnabled()
    assert "could not be shown" in preview.pages.text()


def test_a_section_kept_out_of_agencies_copies(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QInputDialog

    from tac_desktop.core.services import consent
    from tac_desktop.gui.documents.before_sharing import ShareQuestion

    open_case(qtbot, window)
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, REFERENCE)
    meeting_id = _finalised_meeting(window)
    window.open_meeting(meeting_id)
    screen = window.meeting_screen
    assert screen is not None
    key, page = next(iter(screen.pages.items()))
    page.restricted.setChecked(True)  # allowed on a finalised meeting: who reads, not what
    assert meetings.get_meeting(vault, meeting_id).section(key).restricted
    target = tmp_path / "agency-copy.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    monkeypatch.setattr(
        "tac_desktop.gui.documents.preview.QMessageBox.information", lambda *a, **k: None
    )
    seen: list[tuple[str, str]] = []
    chosen: list[str] = []

    def answer(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            chosen.append(dialog.comboBoxItems()[0])
            dialog.setTextValue(chosen[0])
            dialog.accept()
        elif isinstance(dialog, ShareQuestion):  # no consent recorded for that agency
            dialog.share.setChecked(True)
            dialog.grounds.setPlainText("The family agreed at the meeting.")
            dialog.accept()
        elif isinstance(dialog, DocumentPreview):
            reader = PdfReader(io.BytesIO(dialog.document.pdf))
            seen.append((dialog.document.title, "".join(p.extract_text() for p in reader.pages)))
            dialog.save_document(locked=False)
            dialog.reject()
            return
        if tries < 400:
            QTimer.singleShot(20, lambda: answer(tries + 1))

    QTimer.singleShot(0, answer)
    screen.agency_minutes_action.trigger()
    assert seen and seen[0][0].startswith("Minutes for ")
    assert "withheld" in seen[0][1] or "left out" in seen[0][1]
    assert target.exists()
    logged = [e for e in consent.sharing_log(vault, case_id) if e.recipient == chosen[0]]
    assert any(e.what.startswith("Minutes for ") for e in logged)
