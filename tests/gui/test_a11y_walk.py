"""Every screen and the dialogs opened from it, walked as a keyboard and screen-reader
user meets them (issue 17): controls without an accessible name, Tab presses that never
leave a control, and Alt letters used twice on one window are all zero."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

from tac_desktop.gui.shell.main_window import MainWindow
from tests.gui.a11y_audit import Findings, audit
from tests.gui.test_documents_screen import _finalised_meeting
from tests.gui.test_meeting_screen import _draft_meeting, open_case


def _settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(5)
    QApplication.processEvents()


def walk_dialogs(qtbot, window: MainWindow, found: Findings, opened: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Each "…" button on the window as it is: the dialog it opens (and any it opens
    in turn) is audited, then closed with Escape's meaning (reject)."""
    buttons = [
        b
        for b in window.findChildren(QPushButton)
        if b.isVisible() and b.isEnabled() and b.text().endswith("…") and not b.property("hasMenu")
    ]
    for button in buttons:
        if not button.isVisible() or not button.isEnabled():
            continue
        done = [False]

        def poll(done: list[bool] = done) -> None:
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QDialog):
                dialog.activateWindow()
                QApplication.processEvents()
                opened.append(dialog.windowTitle())
                found.add(audit(dialog, check_traps=not isinstance(dialog, QMessageBox)))
                dialog.reject()
            if not done[0]:
                QTimer.singleShot(10, poll)

        QTimer.singleShot(0, poll)
        button.click()
        done[0] = True
        window.activateWindow()
        _settle(qtbot)


def walk_pages(qtbot, window: MainWindow, dialogs: bool = False) -> Findings:  # type: ignore[no-untyped-def]
    found = Findings()
    open_case(qtbot, window)
    window.show_case_list()
    _settle(qtbot)
    found.add(audit(window))
    window.show_my_actions()
    _settle(qtbot)
    found.add(audit(window))
    window.open_case("TAC-2026-0102")
    workspace = window.workspace
    assert workspace is not None
    opened: list[str] = []
    for index in range(workspace.tabs.count()):
        workspace.tabs.setCurrentIndex(index)
        _settle(qtbot)
        found.add(audit(window))
        if dialogs:
            walk_dialogs(qtbot, window, found, opened)
    for meeting in (_draft_meeting(window), _finalised_meeting(window)):
        window.open_meeting(meeting)
        screen = window.meeting_screen
        assert screen is not None
        for key in list(screen.pages):
            screen.go_to_section(key)
            _settle(qtbot)
            found.add(audit(window))
            if dialogs:
                walk_dialogs(qtbot, window, found, opened)
    found.opened = opened
    return found


def test_every_page_is_named_trap_free_and_without_clashes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    found = walk_pages(qtbot, window, dialogs=True)
    assert len(set(found.opened)) >= 15, found.opened  # the walk reached the dialogs
    assert (sorted(set(found.unnamed)), sorted(set(found.traps)), sorted(set(found.clashes))) == (
        [],
        [],
        [],
    )
