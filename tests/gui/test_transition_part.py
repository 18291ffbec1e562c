"""A closure or transition meeting walks the case's handing-on and closing checklists."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QDialog

from tac_desktop.core.models import TransitionKind
from tac_desktop.core.practice.agenda import Part
from tac_desktop.core.services import cases, meetings
from tac_desktop.core.services import transitions as tr
from tac_desktop.core.services.meetings import MeetingDraft
from tac_desktop.gui.meeting.parts.transitions import TransitionsPart
from tac_desktop.gui.shell.main_window import MainWindow
from tac_desktop.gui.transitions.dialogs import MarkDialog
from tests.gui.test_main_window import when_dialog_opens
from tests.gui.test_meeting_screen import go_to, open_case, part_of, vault_of
from tests.gui.test_tasks_screens import save_button

CASE = "TAC-2026-0104"


def test_the_closure_meeting_marks_checklist_lines(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window, CASE)
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, CASE)
    transition = tr.start_transition(
        vault,
        case_id,
        tr.TransitionDraft(
            TransitionKind.ADULT_SERVICES,
            date.today() + timedelta(weeks=4),
            "Lagan Adult Social Care",
            continuity_by="Orla McCann",
        ),
    )
    meeting_id = meetings.create_meeting(vault, case_id, MeetingDraft("closure", date.today()))
    window.open_meeting(meeting_id)
    screen = window.meeting_screen
    assert screen is not None
    go_to(screen, Part.TRANSITIONS)
    part = part_of(screen, Part.TRANSITIONS, TransitionsPart)
    lists = {row.list_name for row in part.model.rows}
    assert "Closing the case" in lists and len(lists) == 2  # the transition's and closure's
    mine = [r for r in part.model.rows if r.transition_id == transition and not r.line.from_records]
    row = part.model.rows.index(next(r for r in mine if not r.line.done))
    part.table.setCurrentIndex(part.model.index(row, 0))
    assert part.mark_button.isEnabled() and not part.unmark_button.isEnabled()
    key = part.model.rows[row].line.key

    def mark(dialog: QDialog) -> None:
        assert isinstance(dialog, MarkDialog)
        dialog.note.setPlainText("Agreed at the closure meeting.")
        save_button(dialog)

    when_dialog_opens(mark)
    part.mark()
    line = next(x for x in tr.get_transition(vault, transition).lines if x.key == key)
    assert line.done and line.note == "Agreed at the closure meeting."
    now = part.current()
    assert now is not None and now.line.key == key and now.line.done
    assert part.unmark_button.isEnabled()
    part.unmark()
    assert not next(x for x in tr.get_transition(vault, transition).lines if x.key == key).done
    recorded = [r for r in part.model.rows if r.line.from_records]
    if recorded:  # lines ticked from the case's records are changed there, not here
        part.table.setCurrentIndex(part.model.index(part.model.rows.index(recorded[0]), 0))
        assert not part.mark_button.isEnabled() and not part.unmark_button.isEnabled()
