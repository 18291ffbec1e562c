"""The glossary on screen: unexplained acronyms marked in meeting notes (and named in
words), added from the notes, and the glossary window."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from tac_desktop.core.services import cases, glossary, meetings
from tac_desktop.core.services.meetings import MeetingDraft
from tac_desktop.gui.cases.glossary import GlossaryDialog
from tac_desktop.gui.shared.acronyms import TermDialog, term_at
from tac_desktop.gui.shell.main_window import MainWindow
from tests.gui.a11y_audit import hidden_text
from tests.gui.test_main_window import when_dialog_opens
from tests.gui.test_meeting_screen import REFERENCE, open_case, vault_of


def _underlined(page_notes, start: int, length: int) -> bool:  # type: ignore[no-untyped-def]
    block = page_notes.document().firstBlock()
    for fmt in block.layout().formats():
        if fmt.start <= start and start + length <= fmt.start + fmt.length:
            return fmt.format.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    return False


def _save(dialog: QDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_unexplained_acronyms_are_marked_and_added_from_the_notes(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, REFERENCE)
    meeting_id = meetings.create_meeting(vault, case_id, MeetingDraft("cin_review", date.today()))
    window.open_meeting(meeting_id)
    screen = window.meeting_screen
    assert screen is not None
    page = next(iter(screen.pages.values()))
    text = "The SENCO and the IDVA met; the PCSO (police community support officer) came."
    page.notes.setPlainText(text)
    page.glossary.refresh()
    start = text.index("IDVA")
    assert _underlined(page.notes, start, 4)
    assert not _underlined(page.notes, text.index("SENCO"), 5)  # in the glossary
    assert not _underlined(page.notes, text.index("PCSO"), 4)  # explained where used
    assert page.glossary.label.isVisible() and "IDVA" in page.glossary.label.text()
    assert hidden_text(window) == []  # a screen reader reads the list, not its kind
    assert term_at(text, start + 2, screen.known_terms) == "IDVA"

    def add(dialog: QDialog) -> None:
        assert isinstance(dialog, TermDialog)
        assert dialog.term.text() == "IDVA"
        dialog.meaning.setPlainText("Independent domestic abuse adviser.")
        _save(dialog)

    when_dialog_opens(add)
    assert page.glossary.add("IDVA")
    assert "IDVA" in glossary.known_terms(vault)
    assert not _underlined(page.notes, start, 4)
    assert not page.glossary.label.isVisible()


def test_the_glossary_window_finds_adds_and_changes_terms(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    vault = vault_of(window)
    dialog = GlossaryDialog(vault)
    qtbot.addWidget(dialog)
    every = dialog.proxy.rowCount()
    assert every >= 20
    dialog.search.setText("special educational")
    assert 1 <= dialog.proxy.rowCount() < every
    dialog.search.clear()

    def add(term_dialog: QDialog) -> None:
        assert isinstance(term_dialog, TermDialog)
        term_dialog.term.setText("ASB")
        _save(term_dialog)  # no meaning: the dialog stays with core's message
        assert term_dialog.isVisible() and "plain words" in term_dialog._error.text()
        term_dialog.meaning.setPlainText("Anti-social behaviour.")
        term_dialog.by_sector[next(iter(term_dialog.by_sector))].setText("Same in schools.")
        _save(term_dialog)

    when_dialog_opens(add)
    dialog.add()
    assert dialog.changed
    chosen = dialog.current()
    assert chosen is not None and chosen.term == "ASB"
    assert (
        dialog.model.index(dialog.model.rows.index(chosen), 2).data().endswith("Same in schools.")
    )
