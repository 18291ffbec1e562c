"""Keyboard and screen-reader checks of single screens (issue 17): the preview scrolls by
keyboard, the Reopen-case dialog lets Tab out, focus follows into scroll areas, tables
let Tab out, colours read in a dark palette."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tac_desktop.core.services import documents
from tac_desktop.gui.documents.preview import DocumentPreview
from tac_desktop.gui.shell.main_window import MainWindow
from tests.gui.test_documents_screen import _finalised_meeting
from tests.gui.test_meeting_screen import open_case, vault_of


def test_the_preview_opens_on_its_pages_and_scrolls_by_keyboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    vault = vault_of(window)
    document = documents.minutes_document(vault, _finalised_meeting(window))
    preview = DocumentPreview(vault, document)
    qtbot.addWidget(preview)
    preview.show()
    preview.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is preview.view)
    bar = preview.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert preview.pdf.pageCount() >= 2
    assert bar.value() == 0
    QTest.keyClick(preview.view, Qt.Key.Key_PageDown)
    first_step = bar.value()
    assert first_step > 0
    QTest.keyClick(preview.view, Qt.Key.Key_Down)
    assert bar.value() > first_step
    QTest.keyClick(preview.view, Qt.Key.Key_PageUp)
    assert bar.value() < first_step
    QTest.keyClick(preview.view, Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    qtbot.waitUntil(lambda: preview.view.page_shown() == preview.pdf.pageCount())
    QTest.keyClick(preview.view, Qt.Key.Key_Home)
    assert bar.value() == 0
    # Page Down alone also reaches the end, a screen at a time.
    for _ in range(200):
        if bar.value() == bar.maximum():
            break
        QTest.keyClick(preview.view, Qt.Key.Key_PageDown)
    assert bar.value() == bar.maximum()
    # Tab leaves the pages for the zoom buttons, and Alt+G comes back.
    QTest.keyClick(preview.view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not preview.view
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is preview.view


def test_at_twice_the_text_size_the_meeting_screen_fits_a_1440_by_900_screen(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """QT_SCALE_FACTOR=2 doubles every size, so a 1440×900 screen is 720×450 of the
    window's own units: what the meeting screen needs must fit in that, less the title
    bar, menu bar and status bar; a page that needs more scrolls inside the window."""
    from tests.gui.test_meeting_screen import _draft_meeting

    open_case(qtbot, window)
    window.open_meeting(_draft_meeting(window))
    screen = window.meeting_screen
    assert screen is not None
    room = window.size() - window.page_scroller.size()  # menu, banner, status bar
    for key in list(screen.pages):
        screen.go_to_section(key)
        needed = screen.minimumSizeHint()
        assert needed.width() <= 720 - 16, (key, needed)
        assert needed.height() + room.height() <= 450 - 40, (key, needed, room)
    # The window as a whole never asks for more than the screen: pages scroll instead.
    assert window.minimumSizeHint().width() <= 720 - 16
    assert window.minimumSizeHint().height() <= 450 - 40
    free = window.screen().availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()


def test_at_twice_the_text_size_no_section_scrolls_sideways(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """With the window at 704 units wide (a 1440-pixel screen at twice the text size),
    every section page fits its width: the title stands above "Mark section complete"
    when the two do not fit side by side, and there is no horizontal scroll bar."""
    from tests.gui.test_meeting_screen import _draft_meeting

    open_case(qtbot, window)
    window.open_meeting(_draft_meeting(window))
    screen = window.meeting_screen
    assert screen is not None
    window.resize(720 - 16, 450 - 40)
    qtbot.wait(20)
    stacked = 0
    for key in list(screen.pages):
        screen.go_to_section(key)
        page = screen.pages[key]
        qtbot.waitUntil(lambda page=page: page.isVisible())
        QApplication.processEvents()
        assert page.horizontalScrollBar().maximum() == 0, (key, page.widget().minimumSizeHint())
        right = page.complete.mapTo(page.viewport(), page.complete.rect().bottomRight()).x()
        assert right <= page.viewport().width(), (key, right, page.viewport().width())
        below = page.complete.mapTo(page, page.complete.rect().topLeft()).y()
        stacked += below > page.title.mapTo(page, page.title.rect().bottomLeft()).y() - 1
    assert stacked, "at this width the marks stand under the title on some section"
    # Wide again, the marks go back beside the title.
    window.resize(1400, 850)
    qtbot.wait(20)
    page = screen.pages[key]
    QApplication.processEvents()
    beside = page.complete.mapTo(page, page.complete.rect().topLeft()).y()
    assert beside < page.title.mapTo(page, page.title.rect().bottomLeft()).y()


def test_the_glossary_opens_on_its_search_box_and_tab_leaves_its_table(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    from tac_desktop.gui.cases.glossary import GlossaryDialog

    open_case(qtbot, window)
    dialog = GlossaryDialog(vault_of(window), window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.search)
    QTest.keyClick(dialog.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.table
    QTest.keyClick(dialog.table, Qt.Key.Key_Tab)  # one press leaves the table
    assert QApplication.focusWidget() is not dialog.table
    dialog.reject()


def test_at_twice_the_text_size_the_case_never_scrolls_sideways(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The case at 704 units wide (a 1440-pixel screen at twice the text size) and at 560
    (a smaller screen): no tab of the case scrolls sideways. Rows of buttons fold on to
    more lines, and the summary goes under the tabs when the two do not fit side by
    side; wide again, it goes back beside them."""
    open_case(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    bar = window.page_scroller.horizontalScrollBar()
    for width in (720 - 16, 560):
        window.resize(width, 450 - 40)
        for index in range(workspace.tabs.count()):
            workspace.tabs.setCurrentIndex(index)
            QApplication.processEvents()
            assert bar.maximum() == 0, (width, workspace.tabs.tabText(index), bar.maximum())
            assert workspace.summary.isVisible() and workspace.summary.width() > 100
    assert workspace.splitter.orientation() is Qt.Orientation.Vertical
    tabs = workspace.tabs.mapTo(workspace, workspace.tabs.rect().bottomLeft())
    assert workspace.summary.mapTo(workspace, workspace.summary.rect().topLeft()).y() > tabs.y()
    window.resize(1400, 850)
    QApplication.processEvents()
    assert workspace.splitter.orientation() is Qt.Orientation.Horizontal
    assert bar.maximum() == 0
