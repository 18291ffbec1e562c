"""Transitions and closure through the real window, offscreen, over a demo vault.

Every person named here is invented (the demo families).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
)

from tac_desktop.core.models import CaseStatus, TransitionKind
from tac_desktop.core.services import cases, tasks
from tac_desktop.core.services import transitions as tr
from tac_desktop.gui.shell.main_window import MainWindow
from tac_desktop.gui.transitions.dialogs import (
    ClosureDialog,
    MarkDialog,
    ReopenDialog,
    TaskOutcomeDialog,
    TransitionDialog,
)
from tac_desktop.gui.transitions.tab import TransitionTab
from tests.gui.test_main_window import when_dialog_opens
from tests.gui.test_meeting_screen import _mnemonics, open_case, vault_of, when_message_box

REFERENCE = "TAC-2026-0104"  # Yusuf, his mum Layla, his brother Sami


def _tab(qtbot, window: MainWindow) -> TransitionTab:  # type: ignore[no-untyped-def]
    open_case(qtbot, window, REFERENCE)
    workspace = window.workspace
    assert workspace is not None
    workspace.tabs.setCurrentWidget(workspace.transition_tab)
    return workspace.transition_tab


def _row_of(tab: TransitionTab, key_start: str) -> int:
    return next(n for n, line in enumerate(tab.lines.rows) if line.key.startswith(key_start))


def test_start_a_transition_and_work_its_checklist(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, window)
    before = tab.model.rowCount()  # the demo's own, completed, handing-on to adult services

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, TransitionDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData(TransitionKind.ADULT_SERVICES))
        dialog._try_save()  # no receiving service yet: said plainly, the dialog stays
        assert dialog.isVisible() and "taking over" in dialog._error.text()
        dialog.receiving.setText("Lagan Adult Social Care")
        dialog.contact.setText("Siobhán Kelly")
        dialog._try_save()

    when_dialog_opens(fill)
    tab.new_transition()
    assert tab.model.rowCount() == before + 1 and not tab.empty.isVisible()
    view = tab.current()
    assert view is not None and view.progress.startswith("○")
    # The plan line ticked itself (no plan on this case) and says so; it cannot be marked.
    tab.checklist.setCurrentIndex(tab.lines.index(_row_of(tab, "plan_sent"), 0))
    line = tab.current_line()
    assert line is not None and line.done and line.from_records
    assert tab.lines.data(tab.lines.index(_row_of(tab, "plan_sent"), 0)) == "✓ Done"
    assert not tab.mark_button.isEnabled()

    # Mark the first agency's line, with who and a note.
    tab.checklist.setCurrentIndex(tab.lines.index(0, 0))

    def mark(dialog: QDialog) -> None:
        assert isinstance(dialog, MarkDialog)
        dialog.done_by.setText("Orla McCann")
        dialog.note.setPlainText("By phone.")
        dialog._try_save()

    when_dialog_opens(mark)
    tab.mark_done()
    first = tab.lines.rows[0]
    assert (
        first.done
        and first.status.startswith("✓ Done by Orla McCann")
        and "By phone." in (first.status)
    )

    # Completing is refused, naming what is left.
    seen: list[str] = []
    when_message_box(QMessageBox.StandardButton.Ok, seen)
    tab.complete()
    assert seen and "Still to do" in seen[0] and "keeps in touch" in seen[0]

    # Everything done (the rest through core), then complete on screen.
    vault = vault_of(window)
    tr.update_transition(
        vault, view.id, tr.TransitionDraft(**{**view.draft().__dict__, "continuity_by": "Orla"})
    )
    for other in tr.get_transition(vault, view.id).lines:
        if not other.done and not other.from_records:
            tr.mark_transition_item(vault, view.id, other.key)
    tab.reload()
    tab.complete()
    done = tab.current()
    assert done is not None and done.complete and done.progress.startswith("✓ Complete on")
    assert not tab.mark_button.isEnabled() and not tab.edit_button.isEnabled()


def test_the_closure_checklist_will_not_close_until_complete(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _tab(qtbot, window)
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, REFERENCE)
    assert window.close_case_action.isEnabled() and not window.reopen_case_action.isEnabled()
    dialog = ClosureDialog(vault, case_id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    # Looking does not start a closure.
    dialog.close_case()
    assert dialog.isVisible() and not dialog.closed
    assert "cannot be closed yet" in dialog.error.text()
    assert tr.closure_checklist(vault, case_id).closure_id is None
    assert dialog.left.text().startswith("○")

    dialog.reason.setPlainText("Layla's care package is in place.")
    dialog.risk_level.setPlainText("Low.")
    dialog.reinstate_when.setPlainText("If Yusuf misses school again.")
    dialog.monitoring.setPlainText("Young carers group checks in each week.")
    dialog.monitored_by.setText("Orla McCann")
    dialog.intended_on.setDate(dialog.intended_on.date())
    # Marking an agency's line saves what is written first.
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    when_dialog_opens(lambda d: (d.note.setPlainText("At the review."), d._try_save()))  # type: ignore[attr-defined]
    dialog.act_on_line()
    kept = tr.closure_checklist(vault, case_id)
    assert kept.plan.reason == "Layla's care package is in place."
    assert kept.lines[0].done and "At the review." in kept.lines[0].status

    # An open task is closed here with what happened.
    task_row = next(n for n, line in enumerate(dialog.model.rows) if line.key.startswith("task:"))
    dialog.table.setCurrentIndex(dialog.model.index(task_row, 0))
    assert "task" in dialog.mark_button.text().lower()

    def outcome(d: QDialog) -> None:
        assert isinstance(d, TaskOutcomeDialog)
        d._try_save()  # nothing said: refused in words
        assert d.isVisible() and "what happened" in d._error.text()
        d.outcome.setPlainText("Referral made and accepted.")
        d._try_save()

    when_dialog_opens(outcome)
    dialog.act_on_line()
    assert len(tasks.outstanding_tasks(vault, case_id)) < len(
        [line for line in kept.lines if line.key.startswith("task:")]
    )

    # The rest through core; then the dialog closes the case.
    for line in tr.closure_checklist(vault, case_id).lines:
        if line.key.startswith("task:"):
            tr.close_task_with_outcome(vault, int(line.key[5:]), "Done.")
        elif not line.done and not line.from_records:
            tr.mark_closure_item(vault, case_id, line.key)
    dialog.reload()
    assert dialog.left.text().startswith("✓")
    dialog.close_case()
    assert dialog.closed and not dialog.isVisible()
    assert cases.get_case(vault, case_id).status is CaseStatus.CLOSED


def test_a_closed_case_is_read_only_says_why_and_reopens(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window, "TAC-2026-0103")  # the demo closed it
    workspace = window.workspace
    assert workspace is not None
    tab = workspace.transition_tab
    workspace.tabs.setCurrentWidget(tab)
    assert tab.banner.isVisible()
    assert f"closed on {tr.short_date(date.today())}" in tab.banner.text()
    assert "Ayşe has finished treatment" in tab.banner.text()
    assert not workspace.add_person_button.isEnabled() and workspace.summary.isReadOnly()
    assert not tab.new_button.isEnabled() and tab.reopen_button.isVisible()
    assert not tab.close_button.isVisible()
    assert window.reopen_case_action.isEnabled() and not window.close_case_action.isEnabled()

    refused: list[str] = []

    def answer(dialog: QDialog) -> None:
        try:
            by_keyboard(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    def by_keyboard(dialog: QDialog) -> None:
        # Ctrl+Enter with no reason is refused in words; Tab leaves the box (no tab
        # typed into it); the Reopen button has its Alt letter; Ctrl+Enter reopens.
        assert isinstance(dialog, ReopenDialog)
        dialog.activateWindow()
        QApplication.processEvents()
        assert QApplication.focusWidget() is dialog.reason
        QTest.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert dialog.isVisible() and dialog._error.isVisible()
        refused.append(dialog._error.text())
        QTest.keyClicks(dialog.reason, "School referred Emre again after three late marks.")
        QTest.keyClick(dialog.reason, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is not dialog.reason
        assert "\t" not in dialog.reason.toPlainText()
        texts = [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]
        assert "&Reopen the case" in texts
        focused = QApplication.focusWidget()
        assert focused is not None
        QTest.keyClick(focused, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not dialog.isVisible()

    when_dialog_opens(answer)
    window.reopen_case_action.trigger()
    qtbot.waitUntil(lambda: not tab.banner.isVisible())
    assert refused and "Say why" in refused[0]
    assert workspace.add_person_button.isEnabled()
    assert "Reopened on" in tab.status.text() and "Closed on" in tab.status.text()
    assert window.close_case_action.isEnabled()


def test_the_tab_has_distinct_keys_and_named_tables(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, window)
    tr.start_transition(
        vault_of(window),
        cases.find_case_id(vault_of(window), REFERENCE),
        tr.TransitionDraft(TransitionKind.CHANGE_OF_SCHOOL, date.today(), "Lagan High School"),
    )
    tab.reload()
    texts = [action.text() for action in window.menuBar().actions()]
    texts += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisible() and b.text()]
    texts += [
        label.text()
        for label in window.findChildren(QLabel)
        if label.isVisible() and label.buddy() is not None
    ]
    letters = _mnemonics(texts)
    tab_letters = _mnemonics(
        [b.text() for b in tab.findChildren(QAbstractButton) if b.isVisible() and b.text()]
    )
    repeated = {letter for letter in tab_letters if letters.count(letter) > 1}
    assert not repeated, f"Alt+{repeated} used twice in {texts}"
    assert tab.table.accessibleName() and tab.checklist.accessibleName()
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Case")
    menu_letters = _mnemonics([a.text() for a in menu.actions() if a.text()])  # type: ignore[union-attr]
    assert len(menu_letters) == len(set(menu_letters))
