"""Long work in the window (issue 22, point 6): documents are made on the background
runner while the window stays responsive, a progress dialog appears for slow work and
not for quick work, and Cancel stops it leaving nothing half written."""

from __future__ import annotations

import io
import itertools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from tac_desktop.core.documents import render_watched
from tac_desktop.core.models import MeetingStatus
from tac_desktop.core.progress import Progress
from tac_desktop.core.services import cases, consent, documents, meetings
from tac_desktop.core.vault import Vault
from tac_desktop.gui.documents.distribution import SendDialog
from tac_desktop.gui.shared.progress import SHOW_AFTER_MS, LongWork, make_in_background

NOWAK = "TAC-2026-0102"


def _finalised(vault: Vault, reference: str) -> tuple[int, int]:
    case_id = cases.find_case_id(vault, reference)
    meeting_id = [
        m.id for m in meetings.list_meetings(vault, case_id) if m.status is MeetingStatus.FINALISED
    ][-1]
    return case_id, meeting_id


def _slowly(seconds: float) -> Callable[[Any, Progress | None, str], bytes]:
    """``render_watched`` taking ``seconds`` over each page, as a very long case would."""

    def slow(renderer: Any, progress: Progress | None, what: str) -> bytes:
        def report(said: str, done: int, total: int) -> None:
            time.sleep(seconds)
            if progress is not None:
                progress.step(said, done, total)

        return render_watched(renderer, Progress(report), what)

    return slow


def _shown_dialog() -> QProgressDialog | None:
    return next(
        (
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        ),
        None,
    )


def _press_cancel() -> None:
    dialog = _shown_dialog()
    assert dialog is not None, "the progress dialog should be showing by now"
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    button.click()


def test_slow_work_shows_what_it_does_and_the_window_stays_responsive(
    qtbot: Any, demo_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    monkeypatch.setattr(documents, "render_watched", _slowly(0.35))
    _case_id, meeting_id = _finalised(demo_vault, NOWAK)
    pending = documents.prepare_minutes(demo_vault, meeting_id)
    ticks: list[float] = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    seen: list[str] = []
    QTimer.singleShot(
        SHOW_AFTER_MS + 300,
        lambda: seen.append(dialog.labelText() if (dialog := _shown_dialog()) else ""),
    )
    started = time.monotonic()
    document = make_in_background(window, "Documents", pending.document, "Making the minutes…")
    took = time.monotonic() - started
    timer.stop()
    assert document is not None and document.pdf.startswith(b"%PDF")
    assert document.title == pending.title
    pages = len(PdfReader(io.BytesIO(document.pdf)).pages)
    assert took >= 0.35 * pages
    # The GUI thread kept running its timers all along: never a gap of half a second.
    assert len(ticks) >= 10
    gaps = [b - a for a, b in zip([started, *ticks], [*ticks, time.monotonic()], strict=False)]
    assert max(gaps) < 0.5
    assert seen and seen[0].startswith("The minutes: ")  # setting out, or a page
    assert _shown_dialog() is None  # gone when the work is done


def test_quick_work_shows_no_dialog(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    with LongWork(window, "Documents") as work:
        assert work.run(lambda progress: (progress.step("Quick", 1, 1), 42)[1]) == 42
        assert not work.dialog.isVisible()
    qtbot.wait(SHOW_AFTER_MS + 200)  # and none turns up later
    assert _shown_dialog() is None


def test_cancel_stops_a_document_and_nothing_is_made(
    qtbot: Any, demo_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    monkeypatch.setattr(documents, "render_watched", _slowly(0.4))
    _case_id, meeting_id = _finalised(demo_vault, NOWAK)
    pending = documents.prepare_minutes(demo_vault, meeting_id)
    QTimer.singleShot(SHOW_AFTER_MS + 200, _press_cancel)
    started = time.monotonic()
    assert make_in_background(window, "Documents", pending.document) is None
    assert time.monotonic() - started < 2.0  # stopped at the next page, not at the end


def test_cancelling_send_keeps_the_copies_made_whole_and_logged(
    qtbot: Any, demo_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id, meeting_id = _finalised(demo_vault, NOWAK)
    folder = tmp_path / "copies"
    folder.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder))
    )
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "information",
        staticmethod(lambda _p, _t, text, *a, **k: told.append(text)),
    )
    monkeypatch.setattr(
        "tac_desktop.gui.documents.distribution.ShareQuestion.exec",
        lambda self: (self.grounds.setPlainText("Child at risk: manager agreed"), 1)[1],
    )
    # About a second a copy, so Cancel lands while the second one is being made.
    monkeypatch.setattr(documents, "render_watched", _slowly(0.25))
    logged = len(consent.sharing_log(demo_vault, case_id))
    send = SendDialog(demo_vault, meeting_id, case_id)
    qtbot.addWidget(send)
    send.show()
    send.minutes.setChecked(True)
    # Cancel once the first copy is written and the second one is being made.
    watch = QTimer(send)

    def cancel_during_the_second_copy() -> None:
        dialog = _shown_dialog()
        if dialog is not None and "(1 of " in dialog.labelText():
            watch.stop()
            _press_cancel()

    watch.timeout.connect(cancel_during_the_second_copy)
    watch.start(30)
    send._send()
    assert told and "Sending was stopped after" in told[0]
    assert len(send.sent) == 1
    # Only whole copies are in the folder, each in the sharing log; no half-written file.
    pdfs = sorted(folder.glob("*.pdf"))
    assert sorted(p.name for p in pdfs) == sorted(s.pdf.name for s in send.sent)
    assert all(PdfReader(p).pages for p in pdfs)
    others = [p for p in folder.iterdir() if p.suffix not in (".pdf", ".eml")]
    assert others == []
    assert len(consent.sharing_log(demo_vault, case_id)) == logged + len(send.sent)


def test_cancelling_a_backup_leaves_no_copy(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tac_desktop.core.vault import vault as vault_module
    from tests.gui.test_main_window import unlock

    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.vault is not None and window.case_list is not None)
    monkeypatch.setattr(vault_module, "BACKUP_PAGES", 4)
    slowly = window.vault.backup

    def backup(destination: Path, progress: Progress | None = None) -> Path:
        assert progress is not None  # the window always passes its dialog's progress
        original = progress._report

        def report(what: str, done: int, total: int) -> None:
            time.sleep(0.02)  # about a second for the demo vault: the dialog shows
            assert original is not None
            original(what, done, total)

        progress._report = report
        return slowly(destination, progress)

    monkeypatch.setattr(window.vault, "backup", backup)
    target = tmp_path / "backups" / "copy.tacvault"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "information",
        staticmethod(lambda _p, _t, text, *a, **k: told.append(text)),
    )
    QTimer.singleShot(SHOW_AFTER_MS + 150, _press_cancel)
    window._backup()
    assert told == ["The backup was stopped; no copy was left behind."]
    assert list(target.parent.iterdir()) == []


def test_an_older_vault_is_updated_on_unlock_with_a_progress_dialog(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tac_desktop.core.vault import KdfParams, migrate
    from tac_desktop.gui.shared import progress as progress_module
    from tac_desktop.gui.shared.settings import Settings
    from tac_desktop.gui.shell.main_window import MainWindow
    from tests.core.test_migrations import _make_baseline_vault, _revision_and_tables
    from tests.gui.test_main_window import unlock

    path = tmp_path / "old.tacvault"
    _make_baseline_vault(path, KdfParams.fast_for_tests())
    made: list[tuple[str, bool]] = []
    original = progress_module.LongWork.__init__

    def recording(self: Any, parent: Any, title: str, *args: Any, **kwargs: Any) -> None:
        original(self, parent, title, *args, **kwargs)
        made.append((title, self.dialog.findChild(QPushButton) is not None))

    monkeypatch.setattr(progress_module.LongWork, "__init__", recording)
    main = MainWindow(Settings())
    qtbot.addWidget(main)
    main.show()
    main.start(path)
    unlock(qtbot, main)
    qtbot.waitUntil(lambda: main.vault is not None and main.case_list is not None, timeout=20000)
    assert made == [("Updating the vault", True)]  # shown if slow, with its Cancel
    main.close()
    assert _revision_and_tables(path)[0] == migrate.SCHEMA_HEAD


def test_cancelling_the_update_on_unlock_leaves_the_vault_as_it_was(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel pressed while the steps of an update run: the vault is not opened, the
    unlock page says why, the vault is as it was; unlocked again, it is updated."""
    from tac_desktop.core.vault import KdfParams, migrate
    from tac_desktop.gui.shared import progress as progress_module
    from tac_desktop.gui.shared.settings import Settings
    from tac_desktop.gui.shell.main_window import MainWindow
    from tests.core.test_migrations import BASELINE, _make_baseline_vault, _revision_and_tables
    from tests.gui.test_main_window import unlock

    path = tmp_path / "old.tacvault"
    _make_baseline_vault(path, KdfParams.fast_for_tests())
    shown = progress_module.LongWork._show_news

    def cancel_at_the_second_step(self: Any, what: str, done: int, total: int) -> None:
        shown(self, what, done, total)
        if what.startswith("Updating") and done == 1:
            self.dialog.canceled.emit()  # what its Cancel button sends

    monkeypatch.setattr(progress_module.LongWork, "_show_news", cancel_at_the_second_step)
    main = MainWindow(Settings())
    qtbot.addWidget(main)
    main.show()
    main.start(path)
    unlock(qtbot, main)
    qtbot.waitUntil(lambda: "update was stopped" in main.unlock_page.error.text(), timeout=20000)
    assert main.vault is None
    assert _revision_and_tables(path)[0] == BASELINE

    monkeypatch.setattr(progress_module.LongWork, "_show_news", shown)
    unlock(qtbot, main)
    qtbot.waitUntil(lambda: main.vault is not None and main.case_list is not None, timeout=20000)
    main.close()
    assert _revision_and_tables(path)[0] == migrate.SCHEMA_HEAD


# -- printing, locking, report forms (issue 22, point 6) ------------------------------


@pytest.fixture
def pdf_printer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The print dialog answered at once with Qt's PDF printer writing to a file (it
    stands in for a real printer), pages drawn coarsely so the test stays quick."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from tac_desktop.gui.documents import preview as preview_module

    out = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    monkeypatch.setattr(preview_module, "PRINT_DPI", 50)
    return out


def _slow_pages(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Each page takes ``seconds`` to draw, as on a slow computer or printer."""
    from PySide6.QtPdf import QPdfDocument

    render = QPdfDocument.render

    def slowly(self: QPdfDocument, *args: Any) -> Any:
        time.sleep(seconds)
        return render(self, *args)

    monkeypatch.setattr(QPdfDocument, "render", slowly)


def _watch_labels(parent: QWidget) -> tuple[list[str], QTimer]:
    labels: list[str] = []
    watch = QTimer(parent)
    watch.timeout.connect(
        lambda: labels.append(dialog.labelText()) if (dialog := _shown_dialog()) else None
    )
    watch.start(25)
    return labels, watch


def _ticking(parent: QWidget) -> tuple[list[float], QTimer]:
    ticks: list[float] = []
    timer = QTimer(parent)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    return ticks, timer


def _longest_gap(started: float, ticks: list[float]) -> float:
    moments = [started, *ticks, time.monotonic()]
    return max(b - a for a, b in itertools.pairwise(moments))


def _mostly_white(pdf: Path) -> bool:
    """The first page, as printed, is mostly white paper (not black: an image without
    an alpha channel must be flattened on white)."""
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    printed = QPdfDocument()
    printed.load(str(pdf))
    page = printed.render(0, QSize(120, 170))
    seen = [
        page.pixelColor(x, y)
        for x in range(0, page.width(), 6)
        for y in range(0, page.height(), 6)
        if page.pixelColor(x, y).alpha() == 255
    ]
    return bool(seen) and sum(c.lightness() for c in seen) / len(seen) > 200


def _minutes_preview(qtbot: Any, vault: Vault, printed_as: list[str]) -> Any:
    from tac_desktop.gui.documents.preview import DocumentPreview

    _case_id, meeting_id = _finalised(vault, NOWAK)
    document = documents.minutes_document(vault, meeting_id)
    preview = DocumentPreview(vault, document, left_the_room=printed_as.append)
    qtbot.addWidget(preview)
    preview.show()
    return preview


def test_printing_shows_each_page_and_the_window_keeps_running(
    qtbot: Any, demo_vault: Vault, monkeypatch: pytest.MonkeyPatch, pdf_printer: Path
) -> None:
    printed_as: list[str] = []
    preview = _minutes_preview(qtbot, demo_vault, printed_as)
    pages = preview.pdf.pageCount()
    assert pages >= 4
    _slow_pages(monkeypatch, 0.25)
    labels, watch = _watch_labels(preview)
    ticks, timer = _ticking(preview)
    started = time.monotonic()
    preview.print_document()
    timer.stop()
    watch.stop()
    assert len(PdfReader(pdf_printer).pages) == pages  # every page reached the printer
    assert printed_as == ["printed"]
    assert _mostly_white(pdf_printer)  # the paper is white, the text dark
    # Once shown (after half a second), it said which page it was on; the last one
    # may go by between two looks.
    assert {f"Printing page {n} of {pages}" for n in range(3, pages)} <= set(labels)
    assert _longest_gap(started, ticks) < 0.5  # the window's timers kept firing
    assert _shown_dialog() is None


def test_cancel_stops_printing_between_pages(
    qtbot: Any, demo_vault: Vault, monkeypatch: pytest.MonkeyPatch, pdf_printer: Path
) -> None:
    told: list[str] = []
    monkeypatch.setattr(
        "tac_desktop.gui.documents.preview.QMessageBox.information",
        lambda _p, _t, text, *a, **k: told.append(text),
    )
    printed_as: list[str] = []
    preview = _minutes_preview(qtbot, demo_vault, printed_as)
    pages = preview.pdf.pageCount()
    _slow_pages(monkeypatch, 0.3)
    watch = QTimer(preview)

    def cancel_on_page_three() -> None:
        dialog = _shown_dialog()
        if dialog is not None and dialog.labelText() == f"Printing page 3 of {pages}":
            watch.stop()
            _press_cancel()

    watch.timeout.connect(cancel_on_page_three)
    watch.start(20)
    preview.print_document()
    assert told == [
        f"Printing was stopped after 3 of {pages} pages. Pages the printer had already "
        "taken may still come out; no others will."
    ]
    # Qt's PDF printer cannot drop a job, so it shows what went: the page being drawn
    # when Cancel was pressed was finished, and no other was begun.
    assert len(PdfReader(pdf_printer).pages) == 3
    assert printed_as == ["printed"]  # paper left the room


def test_save_with_a_password_is_encrypted_off_the_gui_thread(
    qtbot: Any, demo_vault: Vault, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import pikepdf

    from tac_desktop.gui.documents import preview as preview_module

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "locked.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    told: list[str] = []
    monkeypatch.setattr(
        "tac_desktop.gui.documents.preview.QMessageBox.information",
        lambda _p, _t, text, *a, **k: told.append(text),
    )
    monkeypatch.setattr(
        preview_module.PasswordDialog,
        "exec",
        lambda self: (setattr(self, "chosen", "lemon tree 42"), 1)[1],
    )
    locking = preview_module.protect

    def slowly(pdf: bytes, password: str) -> bytes:
        time.sleep(0.8)  # a very long document
        return locking(pdf, password)

    monkeypatch.setattr(preview_module, "protect", slowly)
    preview = _minutes_preview(qtbot, demo_vault, [])
    pages = preview.pdf.pageCount()
    ticks, timer = _ticking(preview)
    started = time.monotonic()
    preview.save_document(locked=True)
    timer.stop()
    assert _longest_gap(started, ticks) < 0.5
    assert told == ["Saved as locked.pdf. It opens only with the password."]
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    with pikepdf.open(target, password="lemon tree 42") as opened:
        assert opened.is_encrypted and len(opened.pages) == pages

    # Cancel while it is being encrypted: no file at all, not even a partial one.
    target.unlink()
    told.clear()
    QTimer.singleShot(SHOW_AFTER_MS + 150, _press_cancel)
    preview.save_document(locked=True)
    assert list(folder.iterdir()) == []
    assert told == []  # stopped on request: nothing to say


def test_the_progress_window_is_gone_while_the_next_dialog_runs(qtbot: Any) -> None:
    """A screen reader lists every window Qt still has, hidden or not: once the work is
    done, its progress window must be gone even inside the next dialog's event loop
    (a deletion left for later waits until that loop ends)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QDialog as Dialog

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    made: list[int | None] = []
    seen: list[list[str]] = []

    def slow(progress: Progress) -> int:
        time.sleep(SHOW_AFTER_MS / 1000 + 0.3)  # long enough for the dialog to show
        progress.step("Nearly there")
        return 7

    def look(preview: Dialog) -> None:  # inside the next dialog's own loop
        seen.append([w.title() for w in QGuiApplication.topLevelWindows()])
        seen.append([type(w).__name__ for w in QApplication.topLevelWidgets()])
        preview.reject()

    def a_menu_action() -> None:  # as when the chair picks Preview: inside the app's loop
        made.append(make_in_background(window, "Documents", slow))
        preview = Dialog(window)
        preview.setWindowTitle("Preview")
        QTimer.singleShot(50, lambda: look(preview))
        preview.exec()
        outer.quit()

    outer = QEventLoop()
    QTimer.singleShot(0, a_menu_action)
    outer.exec()
    assert made == [7] and seen
    assert "Documents" not in seen[0] and "QProgressDialog" not in seen[1]


def test_printing_the_copies_after_send_says_which_copy_and_page(
    qtbot: Any,
    demo_vault: Vault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pdf_printer: Path,
) -> None:
    case_id, meeting_id = _finalised(demo_vault, NOWAK)
    folder = tmp_path / "copies"
    folder.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder))
    )
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _p, _t, text, *a, **k: told.append(text))
    )
    monkeypatch.setattr(
        "tac_desktop.gui.documents.distribution.ShareQuestion.exec",
        lambda self: (self.grounds.setPlainText("Child at risk: manager agreed"), 1)[1],
    )
    monkeypatch.setattr(  # Send made the copies; printing is asked for below
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    )
    send = SendDialog(demo_vault, meeting_id, case_id)
    qtbot.addWidget(send)
    send.show()
    send.minutes.setChecked(True)  # several pages a copy
    send._send()
    copies = send.sent[:2]
    assert len(copies) == 2
    _slow_pages(monkeypatch, 0.2)
    labels, watch = _watch_labels(send)
    send._print(copies, "")
    watch.stop()
    first = f"Printing the copy for {copies[0].name} (0 of 2 done)\nPrinting page "
    second = f"Printing the copy for {copies[1].name} (1 of 2 done)\nPrinting page "
    assert any(label.startswith(first) for label in labels)
    assert any(label.startswith(second) for label in labels)
    # Qt's PDF printer writes each job to the same file: the last copy, whole.
    assert len(PdfReader(pdf_printer).pages) == len(PdfReader(copies[1].pdf).pages)

    # Cancel: stops between pages, and says the copies are still in their folder.
    told.clear()
    QTimer.singleShot(SHOW_AFTER_MS + 150, _press_cancel)
    send._print(copies, "")
    assert len(told) == 1 and told[0].startswith("Printing was stopped after ")
    assert "print the others from there" in told[0]


def test_handing_over_and_importing_a_case_show_progress_and_cancel_cleanly(
    qtbot: Any, demo_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tac_desktop.core.services.cases import list_cases
    from tac_desktop.core.vault import KdfParams
    from tac_desktop.gui.cases import handover

    fast = KdfParams.fast_for_tests()
    sealing, opening = handover.seal, handover.case_file_from_bytes

    def slow_seal(*args: Any) -> bytes:
        time.sleep(0.9)  # the key derivation at a real vault's strength
        return sealing(*args)

    def slow_open(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.9)
        return opening(*args, **kwargs)

    monkeypatch.setattr(handover, "seal", slow_seal)
    monkeypatch.setattr(handover, "case_file_from_bytes", slow_open)
    dialog = handover.HandOverDialog(demo_vault, NOWAK, kdf=fast)
    qtbot.addWidget(dialog)
    dialog.show()
    target = tmp_path / "handover.tac-case"
    dialog.out_path.setText(str(target))

    # Cancel while sealing: no file, and the chair can try again.
    seen: list[str] = []
    QTimer.singleShot(
        SHOW_AFTER_MS + 150,
        lambda: (seen.append(d.labelText() if (d := _shown_dialog()) else ""), _press_cancel()),
    )
    dialog.write()
    assert seen == ["Sealing the case file"]
    assert not target.exists() and list(tmp_path.glob("*.tac-case*")) == []
    assert "Nothing was saved" in dialog.error.text() and dialog.save_button.isEnabled()

    # Done in full, with the window's timers running meanwhile.
    ticks, timer = _ticking(dialog)
    started = time.monotonic()
    dialog.write()
    timer.stop()
    assert _longest_gap(started, ticks) < 0.5
    assert dialog.written == target and dialog.words

    # Importing it: Cancel while it is opened leaves the vault as it was.
    cases_before = [c.reference for c in list_cases(demo_vault)]
    importer = handover.ImportCaseDialog(demo_vault)
    qtbot.addWidget(importer)
    importer.show()
    importer.file_path.setText(str(target))
    importer._read_file()
    importer.passphrase.setText(dialog.words)
    importer.new_reference.setText("TAC-2026-0903")
    QTimer.singleShot(SHOW_AFTER_MS + 150, _press_cancel)
    importer.start_import()
    assert "Nothing was imported" in importer.error.text() and importer.imported is None
    assert [c.reference for c in list_cases(demo_vault)] == cases_before
    importer.start_import()
    assert importer.imported == "TAC-2026-0903"


def test_a_returned_form_is_read_off_the_gui_thread_and_cancel_stores_nothing(
    qtbot: Any, demo_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tac_desktop.core.models import MeetingStatus as Status
    from tac_desktop.core.services import reports
    from tac_desktop.gui.documents import reports as report_documents
    from tests.core.test_reports import REPORT, fill_with_pypdf

    draft = next(
        m.id
        for m in meetings.list_meetings(demo_vault, cases.find_case_id(demo_vault, "TAC-2026-0101"))
        if m.status is Status.DRAFT
    )
    osei = reports.find_recipient(demo_vault, draft, "Dr Samuel Osei").attendance_id
    returned = tmp_path / "returned.pdf"
    form = reports.report_form_document(demo_vault, draft, osei).pdf
    returned.write_bytes(fill_with_pypdf(form, REPORT))
    reading = reports.read_returned_file

    def slowly(*args: Any) -> Any:
        time.sleep(0.9)  # a long, flattened form
        return reading(*args)

    monkeypatch.setattr(reports, "read_returned_file", slowly)
    confirmed: list[str] = []
    monkeypatch.setattr(
        report_documents.ConfirmReportDialog,
        "exec",
        lambda self: (confirmed.append(self.store_button.text()), 1)[1],
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def received() -> int:
        return len(reports.received_reports(demo_vault, draft))

    before = received()
    QTimer.singleShot(SHOW_AFTER_MS + 150, _press_cancel)
    assert report_documents.import_report(demo_vault, returned, draft, parent) is None
    assert confirmed == [] and received() == before

    ticks, timer = _ticking(parent)
    started = time.monotonic()
    preview = report_documents.import_report(demo_vault, returned, draft, parent)
    timer.stop()
    assert _longest_gap(started, ticks) < 0.5
    assert preview is not None and preview.name == "Dr Samuel Osei"
    assert confirmed and received() == before + 1


def test_destroying_a_case_says_which_step_it_is_on(
    qtbot: Any, demo_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from sqlalchemy import select

    from tac_desktop.core.models import Case, CaseStatus, Person
    from tac_desktop.core.services import retention
    from tac_desktop.gui.cases.retention import RetentionDialog

    with demo_vault.unit_of_work() as session:  # closed long ago, everyone now adult
        case = session.scalars(select(Case).where(Case.reference == "TAC-2026-0103")).one()
        case.status = CaseStatus.CLOSED
        case.closed_on = date(2001, 1, 1)
        for person in session.scalars(select(Person).where(Person.case_id == case.id)):
            person.date_of_birth = date(1960, 1, 1)
            person.estimated_age = None
            person.declared_child = False
    owned, scrub = retention._owned_rows, retention.scrub
    shown: list[str] = []

    def slow_owned(*args: Any) -> Any:
        time.sleep(SHOW_AFTER_MS / 1000 + 0.2)  # a vault with years of records
        return owned(*args)

    def watched_scrub(vault: Vault) -> None:
        dialog = _shown_dialog()
        shown.append(dialog.labelText() if dialog is not None else "")
        assert dialog is None or not dialog.findChildren(QPushButton)  # no Cancel
        scrub(vault)

    monkeypatch.setattr(retention, "_owned_rows", slow_owned)
    monkeypatch.setattr(retention, "scrub", watched_scrub)
    dialog = RetentionDialog(demo_vault, confirm=lambda _parent, _ref: True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(0)
    dialog.reason.setText("retention period over")
    dialog.destroy_selected()
    assert "was destroyed" in dialog.message.text()
    assert shown == ["Clearing the space the records took, so nothing can be recovered"]
    assert _shown_dialog() is None
    assert demo_vault.check().healthy
