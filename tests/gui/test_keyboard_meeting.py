"""A whole meeting chaired by keyboard alone (issue 17, WCAG 2.1.1, 2.4.7, 2.4.11): from
the locked window to the case, a new meeting, attendance, every Think Family question,
a task and a decision with a disagreement, finalising, the minutes read to their last
page, lock and unlock. Only key events (QTest.keyClick / keyClicks), no mouse; after
each step the focused control is on screen, inside its window and any scroll area."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QScrollArea, QWidget

from tac_desktop.core.practice.agenda import Part
from tac_desktop.core.services import meetings
from tac_desktop.gui.actions.task_dialogs import AddTaskDialog
from tac_desktop.gui.documents.preview import DocumentPreview
from tac_desktop.gui.meeting.dialogs import NewMeetingDialog
from tac_desktop.gui.meeting.parts.decisions import DecisionsPart
from tac_desktop.gui.meeting.parts.think_family import ThinkFamilyPart
from tac_desktop.gui.shell.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.gui.test_meeting_screen import vault_of

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ANIMATED_CLICK_MS = 160


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), k, modifier)
    if modifier == ALT:
        # An Alt letter on a button "animates" the click: it lands a moment later.
        QTest.qWait(ANIMATED_CLICK_MS)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def assert_focus_shown() -> None:
    """The focused control is visible, inside its window, and inside the viewport of
    every scroll area around it (scrolled to, never left off-screen)."""
    QApplication.processEvents()
    widget = focused()
    assert widget.isVisible(), widget
    window = widget.window()
    where = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    assert window.rect().intersects(where), (widget, where, window.rect())
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            viewport = parent.viewport()
            shown = QRect(widget.mapTo(viewport, widget.rect().topLeft()), widget.size())
            assert viewport.rect().intersects(shown), (widget, parent, shown)
        parent = parent.parentWidget()


def back_to(window: QWidget) -> None:
    """After a dialog closes a desktop activates the window again; offscreen Qt needs
    asking (the focus then returns to where it was in the window)."""
    window.activateWindow()
    for _ in range(100):
        if QApplication.activeWindow() is window and QApplication.focusWidget() is not None:
            return
        QTest.qWait(10)


def in_modal(kind: type[QDialog], act: Callable[[QDialog], None], seen: list[str]) -> None:
    """When a modal ``kind`` opens, run ``act`` on it (keys only); close it if ``act``
    fails, so the test reports the failure instead of hanging."""

    def attempt(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            dialog.activateWindow()
            QApplication.processEvents()
            try:
                act(dialog)
                seen.append(type(dialog).__name__)
            except BaseException as error:  # reported by the test, not lost in Qt
                seen.append(f"failed: {type(dialog).__name__}: {error!r}")
                raise
            finally:
                if dialog.isVisible() and not isinstance(dialog, QMessageBox):
                    dialog.reject()
        elif tries < 500:
            QTimer.singleShot(10, lambda: attempt(tries + 1))

    QTimer.singleShot(0, attempt)


def test_a_whole_meeting_by_keyboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    # Unlock: the passphrase box has the focus; type and press Enter.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.unlock_page.passphrase)
    type_text(PASSPHRASE)
    key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.case_list is not None and window.case_list.isVisible())
    assert_focus_shown()

    # The case list: find by name, Enter opens it; a row of the family has the focus.
    assert focused() is window.case_list.search  # type: ignore[union-attr]
    type_text("0102")  # QTest types Latin-1 only; the reference finds it too
    key(Qt.Key.Key_Return)
    workspace = window.workspace
    assert workspace is not None
    qtbot.waitUntil(workspace.isVisible)
    assert focused() is workspace.people_table
    assert workspace.people_table.currentIndex().isValid()
    assert_focus_shown()
    # Tab leaves the family network in one press.
    key(Qt.Key.Key_Tab)
    assert focused() is not workspace.people_table
    assert_focus_shown()

    # Meetings tab (Alt+M), New meeting… (Alt+N): a first TAC meeting, today, at 10:00.
    key(Qt.Key.Key_M, ALT)
    assert workspace.tabs.currentWidget() is workspace.meetings_tab
    seen: list[str] = []

    def new_meeting(dialog: QDialog) -> None:
        assert isinstance(dialog, NewMeetingDialog)
        key(Qt.Key.Key_A, ALT)
        assert focused() is dialog.ui.agenda
        while dialog.ui.agenda.currentData() != "first_tac":
            before = dialog.ui.agenda.currentIndex()
            key(Qt.Key.Key_Down)
            assert dialog.ui.agenda.currentIndex() != before, "no first TAC agenda"
        key(Qt.Key.Key_S, ALT)
        type_text("10:00")
        key(Qt.Key.Key_V, ALT)
        type_text("Riverside Family Hub, room 2")
        key(Qt.Key.Key_Return)

    in_modal(NewMeetingDialog, new_meeting, seen)
    key(Qt.Key.Key_N, ALT)
    assert seen == ["NewMeetingDialog"]
    back_to(window)
    screen = window.meeting_screen
    assert screen is not None
    qtbot.waitUntil(screen.isVisible)
    view = screen.view
    assert view is not None and view.title == "First TAC meeting"
    assert_focus_shown()

    def go_to(part: Part) -> None:
        """Ctrl+PgDn from the notes until the section with ``part`` shows."""
        section = screen.view.section_with(part)  # type: ignore[union-attr]
        assert section is not None
        for _ in range(30):
            if screen.current_key == section.key:
                break
            key(Qt.Key.Key_PageDown, CTRL)
        assert screen.current_key == section.key
        assert_focus_shown()

    # Attendance: the list (Alt+W), "1" marks present and moves on.
    go_to(Part.ATTENDANCE)
    key(Qt.Key.Key_W, ALT)
    attendance_table = focused()
    rows = attendance_table.model().rowCount()  # type: ignore[attr-defined]
    assert rows >= 4
    key(Qt.Key.Key_Home, CTRL)
    for _ in range(rows):
        key(Qt.Key.Key_1)
        assert_focus_shown()
        if focused() is attendance_table:
            key(Qt.Key.Key_Down)
    stored = meetings.get_meeting(vault_of(window), view.id)
    assert all(a.mode.label == "Present" for a in stored.attendees), stored.attendees
    assert not any(m.section_key == "attendance" for m in stored.missing)

    # Think Family: every question, "No" with a reason, from the question list.
    go_to(Part.THINK_FAMILY)
    family = screen.current_page.part(ThinkFamilyPart)  # type: ignore[union-attr]
    assert isinstance(family, ThinkFamilyPart)
    key(Qt.Key.Key_Q, ALT)
    assert focused() is family.tree
    key(Qt.Key.Key_Home)
    answered = 0
    for _ in range(80):
        if family.no.isEnabled() and family._answer() is None:
            key(Qt.Key.Key_N, ALT)
            assert family.no.isChecked()
            assert_focus_shown()
            key(Qt.Key.Key_R, ALT)
            assert focused() is family.reason
            assert_focus_shown()
            type_text("Talked through with the family; no concern.")
            key(Qt.Key.Key_Q, ALT)
            answered += 1
        before = family.tree.currentIndex()
        key(Qt.Key.Key_Down)
        if family.tree.currentIndex() == before:
            break
    family.flush()
    stored = meetings.get_meeting(vault_of(window), view.id)
    assert answered >= 8
    assert not any("Think Family" in m.message for m in stored.missing), stored.missing

    # Decisions and actions: a decision (Alt+D, Alt+A), a disagreement with it (Alt+W,
    # Tab to why, Alt+R), and a task (Add task…, Alt+T; Ctrl+Enter saves it).
    go_to(Part.DECISIONS)
    decisions = screen.current_page.part(DecisionsPart)  # type: ignore[union-attr]
    assert isinstance(decisions, DecisionsPart)
    key(Qt.Key.Key_D, ALT)
    assert focused() is decisions.decision
    assert_focus_shown()
    type_text("Lukasz keeps his school place with a learning mentor.")
    key(Qt.Key.Key_A, ALT)
    assert decisions.model.rowCount() == 1
    key(Qt.Key.Key_W, ALT)
    assert focused() is decisions.who
    assert_focus_shown()
    type_text("Agnieszka Nowak")
    key(Qt.Key.Key_Tab)
    assert focused() is decisions.why
    type_text("She would rather he moved school.")
    key(Qt.Key.Key_R, ALT)
    stored = meetings.get_meeting(vault_of(window), view.id)
    assert stored.decisions and stored.decisions[0].dissents
    assert stored.decisions[0].dissents[0].who == "Agnieszka Nowak"

    def add_task(dialog: QDialog) -> None:
        assert isinstance(dialog, AddTaskDialog)
        assert focused() is dialog.description
        type_text("Arrange a learning mentor at school.")
        key(Qt.Key.Key_O, ALT)
        assert focused() is dialog.owner
        key(Qt.Key.Key_Down)
        key(Qt.Key.Key_Return, CTRL)
        assert not dialog.isVisible(), dialog._error.text()

    in_modal(AddTaskDialog, add_task, seen)
    key(Qt.Key.Key_T, ALT)
    assert seen[-1] == "AddTaskDialog"
    back_to(window)
    stored = meetings.get_meeting(vault_of(window), view.id)
    assert_focus_shown()

    # The next review: the suggested date, Set the date (Alt+S).
    go_to(Part.NEXT_REVIEW)
    key(Qt.Key.Key_S, ALT)
    stored = meetings.get_meeting(vault_of(window), view.id)
    assert stored.next_review_on is not None
    assert stored.missing == [], [m.message for m in stored.missing]
    assert_focus_shown()

    # Finalise: Ctrl+Enter, then Alt+Y in the question.
    def say_yes(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        QTest.keyClick(box, Qt.Key.Key_Y, ALT)

    in_modal(QMessageBox, say_yes, seen)
    key(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: meetings.get_meeting(vault_of(window), view.id).is_final)
    qtbot.waitUntil(lambda: screen.status_badge.text() == "Status: Finalised")
    back_to(window)
    assert_focus_shown()

    # The minutes (Ctrl+P): the pages have the focus; End reaches the last page.
    pages_seen: list[tuple[int, int]] = []

    def read(dialog: QDialog) -> None:
        assert isinstance(dialog, DocumentPreview)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.view)
        assert_focus_shown()
        bar = dialog.view.verticalScrollBar()
        qtbot.waitUntil(lambda: bar.maximum() > 0)
        for _ in range(300):
            if bar.value() == bar.maximum():
                break
            key(Qt.Key.Key_PageDown)
        qtbot.waitUntil(lambda: dialog.view.page_shown() == dialog.pdf.pageCount())
        pages_seen.append((dialog.view.page_shown(), dialog.pdf.pageCount()))
        key(Qt.Key.Key_Escape)

    in_modal(DocumentPreview, read, seen)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    key(Qt.Key.Key_P, CTRL)
    assert pages_seen and pages_seen[0][0] == pages_seen[0][1] >= 2
    back_to(window)
    assert_focus_shown()

    # Lock (Ctrl+L) and unlock by typing: back on the same meeting.
    key(Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: window.vault is None)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.unlock_page.passphrase)
    assert_focus_shown()
    type_text(PASSPHRASE)
    key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.meeting_screen is not None and window.meeting_screen.isVisible())
    assert window.meeting_screen.current_meeting_id == view.id  # type: ignore[union-attr]
    assert window.focusWidget() is window.meeting_screen.outline  # type: ignore[union-attr]
    back_to(window)  # offscreen Qt drops the activation while the pages are rebuilt
    assert_focus_shown()
