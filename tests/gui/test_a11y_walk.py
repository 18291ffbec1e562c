"""Every screen and the dialogs opened from it, walked as a keyboard and screen-reader
user meets them (issue 17): controls without an accessible name, Tab presses that never
leave a control, and Alt letters used twice on one window are all zero."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
)

from tac_desktop.gui.shell.main_window import MainWindow
from tests.gui.a11y_audit import Findings, audit, hidden_text, menu_clashes
from tests.gui.test_documents_screen import _finalised_meeting
from tests.gui.test_meeting_screen import REFERENCE, _draft_meeting, open_case


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


# Menu items that do not open a dialog on this window: "New vault…" locks the vault and
# shows the new-vault page, "My actions…" is a page of its own (walked above).
NOT_DIALOGS = {"&New vault…", "My &actions…"}


def walk_menu(  # type: ignore[no-untyped-def]
    qtbot,
    window: MainWindow,
    menu: QMenu,
    found: Findings,
    opened: list[str],
    before: Callable[[], None] | None = None,
) -> None:
    """Each enabled "…" item of ``menu``, triggered as Enter on it would: every modal
    dialog it opens in turn is audited; a choice from a list is taken (so the walk
    reaches what follows it), anything else is closed with Escape's meaning. ``before``
    puts the window back where the items start from."""
    found.clashes += menu_clashes(menu)
    texts = [a.text() for a in menu.actions()]
    for text in texts:
        opens = text.endswith("…") or text.startswith("&About")
        if not opens or text in NOT_DIALOGS:
            continue
        if before is not None:
            before()  # may fill the menu afresh: its items are found again by their text
        action = next((a for a in menu.actions() if a.text() == text), None)
        if action is None or not action.isEnabled() or not action.isVisible():
            continue
        done = [False]

        def poll(done: list[bool] = done) -> None:
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QDialog) and not isinstance(dialog, QProgressDialog):
                dialog.activateWindow()
                QApplication.processEvents()
                opened.append(dialog.windowTitle())
                found.add(audit(dialog, check_traps=not isinstance(dialog, QMessageBox)))
                if isinstance(dialog, QInputDialog) and dialog.comboBoxItems():
                    dialog.accept()
                else:
                    dialog.reject()
            if not done[0]:
                QTimer.singleShot(10, poll)

        QTimer.singleShot(0, poll)
        action.trigger()
        done[0] = True
        window.activateWindow()
        _settle(qtbot)


def test_menu_dialogs_are_named_trap_free_and_without_clashes(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch
) -> None:
    """File, Case, Help and the meeting's Documents menu: each "…" item's dialogs, with
    file choosers answered "cancelled" so nothing waits for a person."""
    asked: list[str] = []

    def no_file(_parent: object, caption: str = "", *_args: object, **_kw: object) -> object:
        asked.append(caption)
        return ("", "")

    def no_folder(_parent: object, caption: str = "", *_args: object, **_kw: object) -> str:
        asked.append(caption)
        return ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", no_file)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", no_file)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", no_folder)
    found = Findings()
    opened: list[str] = []
    open_case(qtbot, window)
    window._fill_menus()
    bar = window.menuBar()
    menus = [a.menu() for a in bar.actions() if isinstance(a.menu(), QMenu)]
    assert [m.title() for m in menus] == ["&File", "&Case", "&Help"]

    def on_the_case() -> None:  # a case open, so the case's items are enabled
        window.open_case(REFERENCE)
        _settle(qtbot)

    for menu in menus:
        walk_menu(qtbot, window, menu, found, opened, on_the_case)
    # The Safety plan tab's Preview / print… menu: the draft and each issued version.
    workspace = window.workspace
    assert workspace is not None

    def on_the_safety_plan() -> None:
        on_the_case()
        workspace.tabs.setCurrentWidget(workspace.safety_tab)
        _settle(qtbot)

    on_the_safety_plan()
    walk_menu(qtbot, window, workspace.safety_tab.preview_menu, found, opened, on_the_safety_plan)
    for meeting in (_draft_meeting(window), _finalised_meeting(window)):
        window.open_meeting(meeting)
        screen = window.meeting_screen
        assert screen is not None
        documents_menu = screen.documents_button.menu()
        assert isinstance(documents_menu, QMenu)
        walk_menu(qtbot, window, documents_menu, found, opened)
    titles = set(opened)
    reached = {
        "About TAC Desktop",
        "Import a case",
        "New case",
        "Close the case",
        "Hand over case TAC-2026-0102",
        "Records due for destruction",
        "Glossary of terms and abbreviations",
        "Minutes for an agency",
        "Report form: choose the professional",
        "Outcome summary: choose the agency",
        "Who reads what",
        "Show the copy for one reader",
        "Distribution list",
        "Send the papers",
    }
    assert reached <= titles, sorted(reached - titles)  # the walk reached the dialogs
    assert any(t.startswith("Minutes: ") for t in titles), sorted(titles)  # the preview
    assert sum("safety plan" in t.lower() for t in titles) >= 2, sorted(titles)  # draft, issued
    assert asked, "no file chooser was asked for (Back up vault…, Open vault…)"
    problems = sorted(set(found.unnamed)) + sorted(set(found.traps)) + sorted(set(found.clashes))
    assert problems == [], "\n".join(problems)


def test_labels_are_read_as_they_show_on_my_actions_and_the_safety_plan(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow
) -> None:
    """What AT-SPI showed (scripts/atspi_tree.sh mine, safety): a label whose name is set
    is read by that name, not by its text; none on these screens."""
    open_case(qtbot, window)
    window.show_my_actions()
    _settle(qtbot)
    my_actions = window.my_actions
    assert my_actions is not None and my_actions.count.text()
    found = hidden_text(window)
    window.open_case(REFERENCE)
    workspace = window.workspace
    assert workspace is not None
    workspace.tabs.setCurrentWidget(workspace.safety_tab)
    _settle(qtbot)
    found += hidden_text(window)
    assert found == [], "\n".join(found)
