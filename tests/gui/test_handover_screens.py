"""Handing a case over, taking one in, and destroying one past retention, in the window
(issue 20): real dialogs offscreen over a real demo vault.

Every person named here is invented.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tac_desktop.core.models import Case, CaseStatus, Person
from tac_desktop.core.services.cases import list_cases
from tac_desktop.core.transfer.sealed import MAGIC
from tac_desktop.gui.cases.handover import HandOverDialog, ImportCaseDialog
from tac_desktop.gui.cases.retention import RetentionDialog
from tac_desktop.gui.shell.main_window import MainWindow
from tests.gui.test_main_window import unlock


def _open(qtbot, window: MainWindow, reference: str) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.case_list is not None and window.case_list.isVisible())
    window.open_case(reference)
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.isVisible())


def test_a_case_handed_over_with_words_shown_once_and_taken_back_in(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    _open(qtbot, window, "TAC-2026-0102")
    assert window.hand_over_action.isEnabled()
    window.hand_over_case()
    [dialog] = [w for w in window.findChildren(HandOverDialog)]
    target = tmp_path / "handover.tac-case"
    dialog.out_path.setText(str(target))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.words_box.isVisible, timeout=10000)
    words = dialog.words_label.text()
    assert len(words.split("-")) == 6 and dialog.words_label.isVisible()
    assert "shown only now" in dialog.words_intro.text()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == words
    assert target.read_bytes().startswith(MAGIC) and b"Nowak" not in target.read_bytes()
    dialog.accept()

    assert window.vault is not None
    importer = ImportCaseDialog(window.vault, window)
    qtbot.addWidget(importer)
    importer.show()
    importer.file_path.setText(str(target))
    importer._read_file()
    assert importer.passphrase.isEnabled() and not importer.key_path.isEnabled()
    assert importer.passphrase.echoMode() == importer.passphrase.EchoMode.Password
    importer.passphrase.setText("wrong words entirely")
    importer.start_import()
    qtbot.waitUntil(importer.error.isVisible, timeout=10000)
    assert "does not open" in importer.error.text()
    importer.passphrase.setText(words.replace("-", " ").upper())
    importer.start_import()
    qtbot.waitUntil(lambda: "already" in importer.error.text(), timeout=10000)
    importer.new_reference.setText("TAC-2026-0902")
    importer.start_import()
    qtbot.waitUntil(lambda: importer.imported == "TAC-2026-0902", timeout=10000)
    assert "TAC-2026-0902" in [c.reference for c in list_cases(window.vault)]


def test_a_plain_file_is_named_as_such_before_import(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    _open(qtbot, window, "TAC-2026-0101")
    window.hand_over_case()
    [dialog] = window.findChildren(HandOverDialog)
    dialog.plain.setChecked(True)
    assert dialog.out_path.text().endswith(".json")
    dialog.out_path.setText(str(tmp_path / "plain.json"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.words_box.isVisible)
    assert "not encrypted" in dialog.words_intro.text()
    assert window.vault is not None
    importer = ImportCaseDialog(window.vault, window)
    qtbot.addWidget(importer)
    importer.file_path.setText(str(tmp_path / "plain.json"))
    importer._read_file()
    assert "not encrypted" in importer.about_file.text()
    assert not importer.passphrase.isEnabled() and importer.import_button.isEnabled()


def test_a_case_past_retention_is_destroyed_from_the_window(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow
) -> None:
    _open(qtbot, window, "TAC-2026-0103")
    vault = window.vault
    assert vault is not None
    with vault.unit_of_work() as session:
        case = session.scalars(select(Case).where(Case.reference == "TAC-2026-0103")).one()
        case.status = CaseStatus.CLOSED
        case.closed_on = date(2001, 1, 1)
        for person in session.scalars(select(Person).where(Person.case_id == case.id)):
            person.date_of_birth = date(1960, 1, 1)
            person.estimated_age = None
            person.declared_child = False
    asked: list[str] = []
    dialog = RetentionDialog(
        vault,
        window,
        confirm=lambda _parent, ref: asked.append(ref) or True,
        on_destroyed=window._case_destroyed,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.proxy.rowCount() == 1
    dialog.due_only.setChecked(False)
    assert dialog.proxy.rowCount() == 4
    dialog.due_only.setChecked(True)
    dialog.table.selectRow(0)
    assert dialog.destroy_button.isEnabled()
    qtbot.mouseClick(dialog.destroy_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and "reason" in dialog.error.text() and not asked
    dialog.reason.setText("retention period over")
    qtbot.mouseClick(dialog.destroy_button, Qt.MouseButton.LeftButton)
    assert asked == ["TAC-2026-0103"]
    assert "was destroyed" in dialog.message.text()
    assert dialog.proxy.rowCount() == 0
    assert "TAC-2026-0103" not in [c.reference for c in list_cases(vault)]
    assert window.case_list is not None and window.pages.currentWidget() is window.case_list
    assert vault.check().healthy


def test_about_says_whether_the_vault_is_recoverable(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.test_main_window import when_dialog_opens

    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.vault is not None)
    seen: list[str] = []

    def read(dialog: object) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append(dialog.text())
        dialog.accept()

    when_dialog_opens(read)
    window._about()
    assert seen and "not recoverable" in seen[0]
