"""The chair's path through the real window, offscreen, over real encrypted vaults."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from tac_desktop.core.services import cases
from tac_desktop.core.vault import Vault
from tac_desktop.gui.cases.dialogs import NewCaseDialog, ProfessionalDialog
from tac_desktop.gui.shared.person_dialog import PersonDialog
from tac_desktop.gui.shared.settings import Settings
from tac_desktop.gui.shell.main_window import MainWindow
from tests.conftest import PASSPHRASE


def when_dialog_opens(action: Callable[[QDialog], None]) -> None:
    """Run ``action`` on the next modal dialog (modal dialogs block the test otherwise).
    A progress window is not it: on a busy machine slow work shows one first."""
    from PySide6.QtWidgets import QProgressDialog

    def attempt(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and not isinstance(dialog, QProgressDialog):
            action(dialog)
        elif tries < 1000:  # ten seconds
            QTimer.singleShot(10, lambda: attempt(tries + 1))

    QTimer.singleShot(0, attempt)


def unlock(qtbot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    assert window.pages.currentWidget() is window.unlock_page
    window.unlock_page.passphrase.setText(passphrase)
    qtbot.mouseClick(window.unlock_page.unlock_button, Qt.MouseButton.LeftButton)


def test_unlock_search_open_lock_and_return_to_the_same_case(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.case_list is not None and window.case_list.isVisible())
    case_list = window.case_list
    assert case_list is not None
    assert case_list.model.rowCount() == 4

    qtbot.keyClicks(case_list.search, "zoe")
    assert case_list.proxy.rowCount() == 1
    assert "Zoë" in case_list.proxy.index(0, 1).data()
    case_list.search.clear()
    qtbot.keyClicks(case_list.search, "LUKASZ")
    assert case_list.proxy.rowCount() == 1
    assert case_list.proxy.index(0, 0).data() == "TAC-2026-0102"
    case_list.search.clear()
    case_list.search.setText("يوسف")  # QTest cannot type Arabic; an input method would
    assert case_list.proxy.rowCount() == 1
    case_list.search.clear()
    qtbot.keyClicks(case_list.search, "nobody-is-called-this")
    assert case_list.proxy.rowCount() == 0
    assert "0 of 4" in case_list.count_label.text()
    case_list.search.clear()

    qtbot.keyClicks(case_list.search, "zoe")
    qtbot.keyClick(case_list.search, Qt.Key.Key_Return)
    workspace = window.workspace
    assert workspace is not None
    qtbot.waitUntil(workspace.isVisible)
    assert workspace.current_reference == "TAC-2026-0101"
    assert workspace.people_model.rowCount() == 4

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.vault is None
    assert window.pages.currentWidget() is window.unlock_page
    assert window.workspace is None  # no case data kept behind the lock screen

    unlock(qtbot, window, "not the passphrase")
    qtbot.waitUntil(lambda: window.unlock_page.error.isVisible())
    assert "does not open" in window.unlock_page.error.text()
    assert window.vault is None

    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.isVisible())
    assert window.workspace is not None
    assert window.workspace.current_reference == "TAC-2026-0101"


def test_first_run_creates_a_vault_and_a_case_with_family_and_agency(
    qtbot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    main = MainWindow(Settings())
    qtbot.addWidget(main)
    main.show()
    main.start(None)
    page = main.create_page
    assert main.pages.currentWidget() is page
    target = tmp_path / "mine.tacvault"
    page.path_edit.setText(str(target))
    qtbot.keyClicks(page.chair_name, "Sam Testchair")
    page.passphrase.setText("short")
    page.repeat.setText("short")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert "at least" in page.error.text()
    assert not target.exists()
    page.passphrase.setText("three synthetic words")
    page.repeat.setText("three synthetic words")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main.case_list is not None and main.case_list.isVisible())
    assert target.exists()

    def fill_case(dialog: QDialog) -> None:
        assert isinstance(dialog, NewCaseDialog)
        dialog.ui.reference.setText("TEST-1")
        dialog.ui.subjectName.setText("Zoë <b>Ärmstrong</b> & co")
        dialog.ui.buttons.accepted.emit()

    assert main.case_list is not None
    when_dialog_opens(fill_case)
    main.case_list.new_case()
    workspace = main.workspace
    assert workspace is not None
    qtbot.waitUntil(workspace.isVisible)
    assert workspace.current_reference == "TEST-1"
    assert workspace.heading.text() == "TEST-1  ·  Zoë <b>Ärmstrong</b> & co"

    def add_mother(dialog: QDialog) -> None:
        assert isinstance(dialog, PersonDialog)
        dialog.ui.buttons.accepted.emit()  # empty name: refused, dialog stays open
        assert dialog.isVisible()
        assert "cannot be empty" in dialog.ui.error.text()
        dialog.ui.name.setText("فاطمة الزهراء")
        dialog.ui.relationship.setCurrentText("mother")
        dialog.ui.parentalResponsibility.setChecked(True)
        dialog.ui.buttons.accepted.emit()

    when_dialog_opens(add_mother)
    workspace.add_person()
    assert workspace.people_model.rowCount() == 2
    mother = workspace.people_model.rows[1]
    assert mother.name == "فاطمة الزهراء" and mother.parental_responsibility

    def add_school(dialog: QDialog) -> None:
        assert isinstance(dialog, ProfessionalDialog)
        dialog.ui.name.setText("Kim Testteacher")
        dialog.ui.agency.setCurrentText("Testshire Primary")
        dialog.ui.isLead.setChecked(True)
        dialog.ui.buttons.accepted.emit()

    when_dialog_opens(add_school)
    workspace.add_professional()
    assert workspace.involvement_model.rowCount() == 1
    assert workspace.involvement_model.rows[0].is_lead
    assert "Kim Testteacher" in workspace.details.text()

    workspace.summary.setPlainText("Synthetic summary typed live.")
    workspace.finish_editing()
    assert main.vault is not None
    case_id = cases.find_case_id(main.vault, "TEST-1")
    assert cases.get_case(main.vault, case_id).summary == "Synthetic summary typed live."

    main.show_case_list()
    case_list = main.case_list
    assert case_list is not None
    for typed in ("armstrong", "Ärmstrong", "test-1"):  # with and without accents
        case_list.search.clear()
        qtbot.keyClicks(case_list.search, typed)
        assert case_list.proxy.rowCount() == 1, typed
    case_list.search.setText("فاطمة")  # the mother's name finds the family too
    assert case_list.proxy.rowCount() == 1
    qtbot.keyClick(case_list.search, Qt.Key.Key_Return)
    assert main.workspace is not None and main.workspace.isVisible()

    main.lock()
    assert main.vault is None and main.workspace is None
    main.unlock_page.passphrase.setText("three synthetic words")
    qtbot.mouseClick(main.unlock_page.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main.workspace is not None and main.workspace.isVisible())
    assert main.workspace is not None
    assert main.workspace.current_reference == "TEST-1"
    main.close()
    assert main.vault is None

    with Vault.open(target, "three synthetic words") as reopened:
        view = cases.get_case(reopened, cases.find_case_id(reopened, "TEST-1"))
        assert [p.name for p in view.people] == ["Zoë <b>Ärmstrong</b> & co", "فاطمة الزهراء"]


def test_the_subject_cannot_be_removed(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.case_list is not None and window.case_list.isVisible())
    window.open_case("TAC-2026-0101")
    workspace = window.workspace
    assert workspace is not None
    workspace.people_table.setCurrentIndex(workspace.people_model.index(0, 0))
    workspace.remove_person()
    assert told and "cannot be removed" in told[0]
    assert workspace.people_model.rowCount() == 4


def test_removing_a_person_asks_first(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.case_list is not None and window.case_list.isVisible())
    window.open_case("TAC-2026-0101")
    workspace = window.workspace
    assert workspace is not None
    workspace.people_table.setCurrentIndex(workspace.people_model.index(3, 0))
    workspace.remove_person()
    assert workspace.people_model.rowCount() == 4  # said No
    workspace.remove_person()
    assert workspace.people_model.rowCount() == 3


def test_idle_time_locks_the_vault(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.vault is not None)
    window.idle.timer.setInterval(50)
    window.idle.timer.start()
    qtbot.waitUntil(lambda: window.vault is None, timeout=3000)
    assert window.pages.currentWidget() is window.unlock_page
    assert "without use" in window.unlock_page.error.text()


def test_the_file_menu_sets_how_soon_the_vault_locks(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    unlock(qtbot, window)
    qtbot.waitUntil(lambda: hasattr(window, "idle_action"))  # menus fill after first paint
    file_menu = window.menuBar().actions()[0].menu()
    assert window.idle_action in file_menu.actions()
    monkeypatch.setattr(QInputDialog, "getInt", lambda *args, **kwargs: (7, True))
    window.idle_action.trigger()
    assert window.settings.idle_lock_minutes == 7
    assert window.idle.timer.interval() == 7 * 60_000 and window.idle.timer.isActive()


def test_a_vault_already_open_elsewhere_gets_a_plain_message(
    qtbot,
    window: MainWindow,
    demo_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    with Vault.open(demo_path, PASSPHRASE):
        unlock(qtbot, window)
        qtbot.waitUntil(lambda: window.unlock_page.error.isVisible())
        assert "already open" in window.unlock_page.error.text()
        assert "Traceback" not in window.unlock_page.error.text()


def test_a_demo_queued_after_the_window_closed_is_not_made(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`--demo` with TAC_EXIT_WHEN_SHOWN: quitting closes the window (deleting the demo
    folder) before the queued demo step runs; it used to fail with an unexpected error."""
    from tac_desktop.gui.shell.app import open_demo

    folder = tmp_path / "tac-demo-folder"
    folder.mkdir()
    main = MainWindow(Settings(), folder)
    qtbot.addWidget(main)
    main.show()
    main.close()
    assert not folder.exists()
    open_demo(main, folder)  # must neither raise nor leave a vault behind
    assert not folder.exists()
    assert main.vault is None


def test_a_settings_folder_that_cannot_be_made_does_not_stop_the_program(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """TAC_SETTINGS_DIR under a file: the window used to stop with FileExistsError (and,
    offscreen, hang on the error box)."""
    from tac_desktop.gui.shared.settings import SETTINGS_DIR_ENV

    a_file = tmp_path / "a-file"
    a_file.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv(SETTINGS_DIR_ENV, str(a_file / "settings"))
    settings = Settings()
    settings.last_case = "TAC-2026-0101"
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    main.close()
    assert a_file.read_text(encoding="utf-8") == "in the way"
