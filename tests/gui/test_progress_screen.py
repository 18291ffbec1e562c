"""Long work in the window (issue 22, point 6): documents are made on the background
runner while the window stays responsive, a progress dialog appears for slow work and
not for quick work, and Cancel stops it leaving nothing half written."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
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
    assert made == [("Updating the vault", False)]  # shown if slow; no Cancel: never halfway
    main.close()
    assert _revision_and_tables(path)[0] == migrate.SCHEMA_HEAD
