"""The chair running a meeting through the real window, offscreen, over a demo vault."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
)

from tac_desktop.core.models import AttendanceMode, TaskStatus
from tac_desktop.core.practice.agenda import Part
from tac_desktop.core.practice.think_family import Answer, FollowUp, Procedure
from tac_desktop.core.services import cases, meetings, tasks
from tac_desktop.core.services.cases import PersonDraft
from tac_desktop.core.services.meetings import MeetingDraft, MeetingView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.meeting.dialogs import AmendmentDialog, MissingItemsDialog, NewMeetingDialog
from tac_desktop.gui.meeting.meetings_tab import MEETING_COLUMNS
from tac_desktop.gui.meeting.parts.attendance import AttendancePart
from tac_desktop.gui.meeting.parts.base import PartWidget
from tac_desktop.gui.meeting.parts.reviews import NextReviewPart
from tac_desktop.gui.meeting.parts.think_family import ThinkFamilyPart
from tac_desktop.gui.meeting.screen import MeetingScreen
from tac_desktop.gui.meeting.section_page import SectionPage
from tac_desktop.gui.shared.person_dialog import PersonDialog
from tac_desktop.gui.shell.main_window import MainWindow
from tests.gui.test_main_window import unlock, when_dialog_opens

STATUS_COLUMN = next(n for n, column in enumerate(MEETING_COLUMNS) if column.title == "Status")

P = TypeVar("P", bound=PartWidget)
REFERENCE = "TAC-2026-0102"  # Łukasz, Maja, their mum Agnieszka, their dad Tomasz


def when_message_box(answer: QMessageBox.StandardButton, seen: list[str] | None = None) -> None:
    """Answer the next message box (a question asked inside a dialog or the screen)."""

    def attempt(tries: int = 0) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            if seen is not None:
                seen.append(box.text())
            button = box.button(answer)
            assert button is not None, box.text()
            button.click()
        elif tries < 300:
            QTimer.singleShot(10, lambda: attempt(tries + 1))

    QTimer.singleShot(0, attempt)


def activate(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """After a dialog closes a desktop re-activates the window; offscreen Qt needs asking."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def open_case(qtbot, window: MainWindow, reference: str = REFERENCE) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.case_list is not None and window.case_list.isVisible())
    window.open_case(reference)
    assert window.workspace is not None and window.workspace.isVisible()


def new_meeting_from_workspace(qtbot, window: MainWindow) -> MeetingScreen:  # type: ignore[no-untyped-def]
    """The chair's way in: the case's Meetings tab, New meeting…, fill the form."""
    workspace = window.workspace
    assert workspace is not None
    workspace.tabs.setCurrentWidget(workspace.meetings_tab)
    asked: list[str] = []

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, NewMeetingDialog)
        agendas = [dialog.ui.agenda.itemText(i) for i in range(dialog.ui.agenda.count())]
        # A child's case: the agendas for children (and anyone) first, the adult one last.
        assert agendas[-1] == "Review of a parent who uses adult services (for an adult)"
        assert "Child in need review" in agendas[:3]
        dialog.ui.agenda.setCurrentIndex(dialog.ui.agenda.findData("cin_review"))
        far = date.today() + timedelta(days=800)
        dialog.ui.heldOn.setDate(dialog.ui.heldOn.date().addDays(800))
        dialog.ui.startTime.setText("14:00")
        dialog.ui.venue.setText("Riverside Family Hub, room 2")
        when_message_box(QMessageBox.StandardButton.No, asked)
        dialog.ui.buttons.accepted.emit()  # an unusual date is asked about, not refused
        assert dialog.isVisible()
        assert asked and f"{far:%d %B %Y}" in asked[0] and "a year ahead" in asked[0]
        dialog.ui.heldOn.setDate(dialog.ui.heldOn.date().addDays(-800))
        dialog.ui.startTime.setText("2pm")  # not a time: said plainly, nothing lost
        dialog.ui.buttons.accepted.emit()
        assert dialog.isVisible() and "09:30" in dialog.ui.error.text()
        assert dialog.ui.venue.text() == "Riverside Family Hub, room 2"
        dialog.ui.startTime.setText("14:00")
        dialog.ui.buttons.accepted.emit()

    when_dialog_opens(fill)
    workspace.meetings_tab.new_meeting()
    screen = window.meeting_screen
    assert screen is not None
    qtbot.waitUntil(screen.isVisible)
    return screen


def vault_of(window: MainWindow) -> Vault:
    assert window.vault is not None
    return window.vault


def view_of(screen: MeetingScreen) -> MeetingView:
    assert screen.view is not None
    return screen.view


def part_of(screen: MeetingScreen, part: Part, kind: type[P]) -> P:
    page = screen.section_with(part)
    assert page is not None
    found = page.part(kind)
    assert isinstance(found, kind)
    return found


def go_to(screen: MeetingScreen, part: Part) -> SectionPage:
    view = view_of(screen)
    section = view.section_with(part)
    assert section is not None
    page = screen.go_to_section(section.key)
    assert page is not None and screen.stack.currentWidget() is page
    return page


def person_id(screen: MeetingScreen, name: str) -> int:
    return next(
        c.person_id
        for c in view_of(screen).considerations
        if c.person_name == name and c.person_id is not None
    )


def answer(
    qtbot,  # type: ignore[no-untyped-def]
    screen: MeetingScreen,
    name: str,
    question: str,
    given: Answer,
    reason: str,
    follow_up: FollowUp | None = None,
    detail: str = "",
) -> None:
    """Choose the row, click the answer, type the reason (and what follows) as a chair would."""
    family = part_of(screen, Part.THINK_FAMILY, ThinkFamilyPart)
    assert family.select_question(person_id(screen, name), question)
    {Answer.YES: family.yes, Answer.NO: family.no, Answer.NOT_KNOWN: family.not_known}[
        given
    ].click()
    qtbot.keyClicks(family.reason, reason)
    if follow_up is not None:
        family.follow_up.setCurrentIndex(family.follow_up.findData(follow_up))
    if detail:
        qtbot.keyClicks(family.detail, detail)
    family.flush()


def choose_actor(family: ThinkFamilyPart, name: str) -> None:
    """Who does it: the first in the list whose words start with ``name``."""
    row = next(i for i in range(family.actor.count()) if family.actor.itemText(i).startswith(name))
    family.actor.setCurrentIndex(row)


def stored(window: MainWindow, screen: MeetingScreen) -> MeetingView:
    return meetings.get_meeting(vault_of(window), view_of(screen).id)


def attendee_row(part: AttendancePart, name: str) -> int:
    return next(i for i, a in enumerate(part.model.rows) if a.name == name)


def finalise_and_read_missing(
    qtbot,  # type: ignore[no-untyped-def]
    screen: MeetingScreen,
    choose: Callable[[list[str]], int | None],
) -> list[str]:
    """Press Ctrl+Enter; return the messages listed; choose one (its number) or close."""
    listed: list[str] = []

    def read(dialog: QDialog) -> None:
        assert isinstance(dialog, MissingItemsDialog)
        listed.extend(dialog.list.item(i).text() for i in range(dialog.list.count()))
        number = choose(listed)
        if number is None:
            dialog.reject()
        else:
            dialog.choose(number)

    when_dialog_opens(read)
    activate(qtbot, screen.window())
    page = screen.current_page
    assert page is not None
    page.notes.setFocus()
    qtbot.keyClick(page.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert listed, "the missing items dialog did not open"
    activate(qtbot, screen.window())
    return listed


def test_a_meeting_from_the_case_to_finalised_and_amended(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    screen = new_meeting_from_workspace(qtbot, window)
    view = view_of(screen)
    assert view.title == "Child in need review" and view.held_on == date.today()
    # A review walks the tasks agreed before it; here through core, so what follows is
    # about the rest of the meeting: every earlier task gets its update at this meeting.
    for item in view.missing:
        if item.task_id is not None:
            tasks.update_task(
                vault_of(window),
                item.task_id,
                TaskStatus.IN_PROGRESS,
                "Carrying on.",
                new_due_on=date.today() + timedelta(weeks=2),
                meeting_id=view.id,
            )
    assert screen.heading.text() == f"{REFERENCE}  ·  Child in need review"
    assert screen.status_badge.text() == "Status: Draft"
    assert "14:00" in screen.details.text() and "Riverside Family Hub" in screen.details.text()
    assert screen.outline_model.rowCount() == len(view.sections)
    attendance_key = view.section_with(Part.ATTENDANCE).key  # type: ignore[union-attr]
    row = screen.outline_model.row_of(attendance_key)
    assert screen.outline_model.index(row).data().endswith("⚠ needs attention")

    # Attendance: digits in the list, the combo for the rest.
    go_to(screen, Part.ATTENDANCE)
    attendance = part_of(screen, Part.ATTENDANCE, AttendancePart)
    names = [a.name for a in attendance.model.rows]
    assert names == [
        "Megan Price",
        "PC Rhys Morgan",
        "Nia Evans",
        "Łukasz Nowak",
        "Agnieszka Nowak",
        "Tomasz Kowalczyk",
    ]
    table = attendance.table
    table.setFocus()
    for name, key in (
        ("Megan Price", Qt.Key.Key_1),
        ("Nia Evans", Qt.Key.Key_5),
        ("Łukasz Nowak", Qt.Key.Key_1),
        ("Agnieszka Nowak", Qt.Key.Key_1),
    ):
        table.setCurrentIndex(attendance.model.index(attendee_row(attendance, name), 0))
        qtbot.keyClick(table, key)
    table.setCurrentIndex(attendance.model.index(attendee_row(attendance, "PC Rhys Morgan"), 0))
    attendance.mode.setCurrentIndex(attendance.mode.findData(AttendanceMode.REPRESENTED))
    modes = {a.name: a.mode for a in stored(window, screen).attendees}
    assert modes["Megan Price"] is AttendanceMode.PRESENT
    assert modes["Nia Evans"] is AttendanceMode.APOLOGIES
    assert modes["PC Rhys Morgan"] is AttendanceMode.REPRESENTED
    assert modes["Tomasz Kowalczyk"] is AttendanceMode.INVITED
    assert attendance.model.rows[attendee_row(attendance, "Nia Evans")].mode.label == "Apologies"

    # Think Family: some answers, not all; a "yes" that sets off MARAC.
    go_to(screen, Part.THINK_FAMILY)
    family = part_of(screen, Part.THINK_FAMILY, ThinkFamilyPart)
    assert family.model.rowCount() == 4  # Łukasz, Maja, Agnieszka, Tomasz
    answer(qtbot, screen, "Łukasz Nowak", "child_unmet_needs", Answer.NO, "School says all met.")
    answer(qtbot, screen, "Łukasz Nowak", "child_significant_harm", Answer.NO, "No sign of harm.")
    answer(qtbot, screen, "Maja Nowak", "sibling_unmet_needs", Answer.NOT_KNOWN, "Quiet lately.")
    answer(qtbot, screen, "Agnieszka Nowak", "domestic_abuse", Answer.YES, "Threats described.")
    row = next(
        c
        for c in stored(window, screen).considerations
        if c.person_name == "Agnieszka Nowak" and c.question_key == "domestic_abuse"
    )
    assert row.answer is Answer.YES and row.reason == "Threats described."
    assert row.follow_up is FollowUp.REFERRAL and row.procedure is Procedure.MARAC
    assert row.due_on is not None and row.due_on >= date.today()  # the same working day
    assert family.trigger_note.isVisibleTo(screen) and "MARAC" in family.trigger_note.text()
    assert family.confirm_button.isVisibleTo(screen)
    assert family.procedure.currentData() is Procedure.MARAC and not family.procedure.isEnabled()

    # Finalise is refused with exactly what is missing.
    listed = finalise_and_read_missing(qtbot, screen, lambda _items: None)
    maja_question = "Does this child have unmet needs that a service could help with?"
    assert listed[0] == "Attendance: say who represented PC Rhys Morgan."
    assert listed[1] == "Attendance: how Tomasz Kowalczyk took part is not recorded."
    assert listed[2] == (
        f"Think Family, Maja Nowak: “{maja_question}” is “Not known”: say what follows (an "
        "action, a referral, or a decision not to act and why)."
    )
    assert (
        "Think Family, Agnieszka Nowak: “Could this adult benefit from adult services?” has "
        "no answer." in listed
    )
    agnieszka_da = [m for m in listed if "Agnieszka Nowak" in m and "domestic abuse" in m]
    assert len(agnieszka_da) == 1 and "referral" in agnieszka_da[0]  # who refers, where
    assert sum("Tomasz Kowalczyk" in m and "has no answer" in m for m in listed) == 4
    assert not any("Łukasz Nowak" in m for m in listed)
    assert listed[-1] == "Next review: no date has been set."
    assert len(listed) == 2 + 1 + 4 + 4 + 1
    assert listed == [item.message for item in stored(window, screen).missing]
    assert not stored(window, screen).is_final

    # Choosing an item goes to it: the section, then the very row.
    go_to(screen, Part.SCALING)
    finalise_and_read_missing(qtbot, screen, lambda items: 2)
    assert screen.current_page is screen.section_with(Part.THINK_FAMILY)
    key = family.tree.currentIndex().data(Qt.ItemDataRole.UserRole + 10)
    assert key == (person_id(screen, "Maja Nowak"), "", "sibling_unmet_needs")
    assert family.question.text() == f"Maja Nowak: {maja_question}"
    assert family.follow_up.hasFocus()
    family.follow_up.setCurrentIndex(family.follow_up.findData(FollowUp.ACTION))
    qtbot.keyClicks(family.detail, "Nursery key person to observe and report back.")
    assert family.actor.currentIndex() == -1  # nobody chosen for the chair
    choose_actor(family, "Megan Price")  # the task is the school's (issue 16)

    finalise_and_read_missing(qtbot, screen, lambda items: 0)  # leaving the row saved it
    assert screen.current_page is screen.section_with(Part.ATTENDANCE)
    assert attendance.model.row_at(attendance.table.currentIndex()).name == "PC Rhys Morgan"  # type: ignore[union-attr]
    assert attendance.represented_by.hasFocus()
    qtbot.keyClicks(attendance.represented_by, "DS Jo Testwell")
    attendance.table.setFocus()
    tomasz = attendee_row(attendance, "Tomasz Kowalczyk")
    attendance.table.setCurrentIndex(attendance.model.index(tomasz, 0))
    qtbot.keyClick(attendance.table, Qt.Key.Key_6)
    by_name = {a.name: a for a in stored(window, screen).attendees}
    assert by_name["PC Rhys Morgan"].represented_by == "DS Jo Testwell"
    assert by_name["Tomasz Kowalczyk"].mode is AttendanceMode.DID_NOT_ATTEND

    # Complete Think Family, confirming the same-day referral.
    go_to(screen, Part.THINK_FAMILY)
    for name in ("Agnieszka Nowak", "Tomasz Kowalczyk"):
        for question in ("adult_could_benefit", "adult_risk_referral", "adult_at_risk_abuse"):
            answer(qtbot, screen, name, question, Answer.NO, "Discussed; no concern.")
    answer(qtbot, screen, "Tomasz Kowalczyk", "domestic_abuse", Answer.NO, "Not alleged.")
    assert family.select_question(person_id(screen, "Agnieszka Nowak"), "domestic_abuse")
    qtbot.keyClicks(family.detail, "PC Rhys Morgan refers to MARAC today.")
    assert not family.confirm_button.isEnabled()  # who makes it is said first
    assert "Say who makes it" in family.trigger_note.text()
    choose_actor(family, "PC Rhys Morgan")
    assert family.confirm_button.isEnabled()
    confirm_text: list[str] = []
    when_message_box(QMessageBox.StandardButton.Yes, confirm_text)
    family.confirm_button.click()
    assert "Agnieszka Nowak" in confirm_text[0] and "MARAC" in confirm_text[0]
    assert "PC Rhys Morgan (Dyfed Police) is making the referral" in confirm_text[0]
    row = next(
        c
        for c in stored(window, screen).considerations
        if c.person_name == "Agnieszka Nowak" and c.question_key == "domestic_abuse"
    )
    assert row.referral_confirmed and row.follow_up_detail.startswith("PC Rhys Morgan")
    assert "Same-day referral confirmed" in family.trigger_note.text()
    assert not family.confirm_button.isEnabled()
    assert "(confirmed)" in family.tree.currentIndex().siblingAtColumn(2).data()

    # The next review, prefilled with the agenda's suggestion.
    go_to(screen, Part.NEXT_REVIEW)
    review = part_of(screen, Part.NEXT_REVIEW, NextReviewPart)
    suggested = meetings.suggested_next_review(view_of(screen))
    assert review.day.date().toPython() == suggested
    review.set_button.click()
    assert stored(window, screen).next_review_on == suggested
    assert "Set for" in review.state.text()
    assert stored(window, screen).missing == []
    assert all(
        "needs attention" not in screen.outline_model.index(i).data()
        for i in range(screen.outline_model.rowCount())
    )

    # Finalise: asked once, then read-only with the due dates in the header.
    when_message_box(QMessageBox.StandardButton.Yes)
    activate(qtbot, window)
    page = screen.current_page
    assert page is not None
    page.notes.setFocus()
    qtbot.keyClick(page.notes, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    final = stored(window, screen)
    assert final.is_final and final.decision_summary_due and final.minutes_due
    assert screen.status_badge.text() == "Status: Finalised"
    assert screen.final_details.isVisible()
    assert "Decision summary due by" in screen.final_details.text()
    assert "minutes due by" in screen.final_details.text()
    assert not screen.finalise_button.isVisible() and screen.amend_button.isVisible()
    for section_page in screen.pages.values():
        assert section_page.notes.isReadOnly()
        assert not section_page.complete.isEnabled()
    assert not family.yes.isEnabled() and not family.no.isEnabled()
    assert family.reason.isReadOnly() and not family.follow_up.isEnabled()
    assert not family.add_person_button.isEnabled()
    assert not attendance.mode.isEnabled() and attendance.represented_by.isReadOnly()
    assert not attendance.invite_person_button.isEnabled()
    assert not review.day.isEnabled() and not review.set_button.isEnabled()
    with pytest.raises(Exception, match="finalised"):
        meetings.save_notes(vault_of(window), final.id, page.key, "late change")

    # Amending: a dated correction beside the record.
    def amend(dialog: QDialog) -> None:
        assert isinstance(dialog, AmendmentDialog)
        dialog.buttons.accepted.emit()  # empty: refused, stays open
        assert dialog.isVisible() and "corrected text" in dialog._error.text()
        dialog.section.setCurrentIndex(dialog.section.findData(attendance_key))
        dialog.text.setPlainText("DS Jo Testwell came for PC Rhys Morgan and Nia Evans.")
        dialog.reason.setText("Nia Evans asked DS Testwell to speak for her too.")
        dialog.buttons.accepted.emit()

    when_dialog_opens(amend)
    screen.add_amendment()
    amendments = stored(window, screen).amendments
    assert len(amendments) == 1 and amendments[0].section_key == attendance_key
    assert amendments[0].author == "Jordan Ellery"
    assert screen.amendment_list.isVisible() and screen.amendment_list.count() == 1
    assert "DS Jo Testwell came for" in screen.amendment_list.item(0).text()
    assert not screen.pages[attendance_key].amendments.isHidden()

    # Back to the case: the meeting is listed as finalised.
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    workspace = window.workspace
    assert workspace is not None and workspace.isVisible()
    assert workspace.tabs.currentWidget() is workspace.meetings_tab
    listed_row = workspace.meetings_tab.model.row_at(workspace.meetings_tab.table.currentIndex())
    assert listed_row is not None and listed_row.id == final.id
    assert (
        workspace.meetings_tab.model.index(
            workspace.meetings_tab.table.currentIndex().row(), STATUS_COLUMN
        ).data()
        == "Finalised"
    )


def _draft_meeting(window: MainWindow) -> int:
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, REFERENCE)
    return meetings.create_meeting(
        vault, case_id, MeetingDraft("cin_review", date.today(), "10:00", "Family home")
    )


def test_notes_are_saved_as_typed_on_leaving_and_on_lock(
    qtbot,
    window: MainWindow,
    demo_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    open_case(qtbot, window)
    meeting_id = _draft_meeting(window)
    window.open_meeting(meeting_id)
    screen = window.meeting_screen
    assert screen is not None and screen.isVisible()
    page = screen.current_page
    assert page is not None
    key = page.key
    activate(qtbot, window)
    page.notes.setFocus()  # the chair clicks into the notes

    qtbot.keyClicks(page.notes, "Introductions done.")
    assert screen.outline_model.index(0).data().endswith("○ not started")  # not saved yet
    qtbot.waitUntil(
        lambda: (
            meetings.get_meeting(vault_of(window), meeting_id).section(key).notes
            == "Introductions done."
        ),
        timeout=3000,
    )
    assert screen.outline_model.index(0).data().endswith("◐ in progress")
    assert page.save_state.text().startswith("Saved at")

    # Typing, then at once to the next section (Ctrl+PgDn from the notes): saved, no wait.
    qtbot.keyClicks(page.notes, " Family chose the room.")
    qtbot.keyClick(page.notes, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    second = screen.current_page
    assert second is not None and second is not page
    assert second.notes.hasFocus()  # the chair keeps typing where they are
    notes = meetings.get_meeting(vault_of(window), meeting_id).section(key).notes
    assert notes == "Introductions done. Family chose the room."
    qtbot.keyClick(second.notes, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert screen.current_page is page

    # Typing, then back to the case with the button: saved.
    qtbot.keyClicks(page.notes, " Tea.")
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    assert window.workspace is not None and window.workspace.isVisible()
    notes = meetings.get_meeting(vault_of(window), meeting_id).section(key).notes
    assert notes.endswith("Tea.")

    # Typing, then the lock: saved, and unlocking returns to the same meeting.
    window.open_meeting(meeting_id)
    screen = window.meeting_screen
    assert screen is not None
    page = screen.current_page
    assert page is not None
    page.notes.setFocus()
    qtbot.keyClicks(page.notes, " Biscuits.")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.vault is None and window.meeting_screen is None
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.meeting_screen is not None and window.meeting_screen.isVisible())
    screen = window.meeting_screen
    assert screen is not None and screen.current_meeting_id == meeting_id
    assert screen.pages[key].notes.toPlainText().endswith("Tea. Biscuits.")
    notes = meetings.get_meeting(vault_of(window), meeting_id).section(key).notes
    assert notes == "Introductions done. Family chose the room. Tea. Biscuits."

    # Marking complete shows in the outline, in words.
    screen.pages[key].complete.click()
    assert screen.outline_model.index(0).data().endswith("✓ complete")


def test_the_outline_moves_with_keys_from_anywhere(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    window.open_meeting(_draft_meeting(window))
    screen = window.meeting_screen
    assert screen is not None
    activate(qtbot, window)
    screen.outline.setFocus()
    qtbot.keyClick(screen.outline, Qt.Key.Key_Down)
    assert screen.outline.currentIndex().row() == 1
    assert screen.stack.currentWidget() is screen.pages[screen.current_key]
    qtbot.keyClick(screen.outline, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert screen.outline.currentIndex().row() == 2 and screen.outline.hasFocus()
    # From inside a structured part (the Think Family list), too.
    page = go_to(screen, Part.THINK_FAMILY)
    row = screen.outline.currentIndex().row()
    family = part_of(screen, Part.THINK_FAMILY, ThinkFamilyPart)
    family.tree.setFocus()
    qtbot.keyClick(family.tree, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert screen.outline.currentIndex().row() == row - 1
    assert screen.current_page is not page
    qtbot.keyClick(screen.outline, Qt.Key.Key_Return)  # Enter in the outline: to the notes
    assert screen.current_page is not None and screen.current_page.notes.hasFocus()
    # Ctrl+Backspace outside a text box: back to the case.
    screen.outline.setFocus()
    qtbot.keyClick(screen.outline, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace is not None and window.workspace.isVisible()


def test_someone_added_mid_meeting_gets_their_think_family_questions(
    qtbot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    open_case(qtbot, window)
    meeting_id = _draft_meeting(window)
    window.open_meeting(meeting_id)
    screen = window.meeting_screen
    assert screen is not None
    go_to(screen, Part.THINK_FAMILY)
    family = part_of(screen, Part.THINK_FAMILY, ThinkFamilyPart)
    assert family.model.rowCount() == 4
    answer(qtbot, screen, "Tomasz Kowalczyk", "adult_could_benefit", Answer.NO, "Works, well.")

    # Added elsewhere (the case screen, another route): F5 / coming back shows them.
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, REFERENCE)
    cases.add_person(
        vault,
        case_id,
        PersonDraft(
            "Dorota Testowa",
            date_of_birth=date(1961, 4, 2),
            relationship_to_subject="grandmother",
            lives_in_household=True,
        ),
    )
    activate(qtbot, window)
    family.tree.setFocus()
    qtbot.keyClick(family.tree, Qt.Key.Key_F5)
    assert family.model.rowCount() == 5
    group = family.model.item(4, 0)
    assert group.text() == "Dorota Testowa · an adult around the child"
    assert group.rowCount() == 4
    assert family.model.item(4, 3).text() == "0 of 4 done"
    # The row being worked on stays chosen through the refresh.
    assert family.question.text().startswith("Tomasz Kowalczyk:")

    # Added from the meeting itself.
    def add(dialog: QDialog) -> None:
        assert isinstance(dialog, PersonDialog)
        dialog.ui.name.setText("Kacper Testowy")
        dialog.ui.relationship.setCurrentText("brother")
        dialog.ui.dobKnown.setChecked(True)
        dialog.ui.dateOfBirth.setDate(dialog.ui.dateOfBirth.date().addYears(-3))
        dialog.ui.household.setChecked(True)
        dialog.ui.buttons.accepted.emit()

    when_dialog_opens(add)
    family.add_person_button.click()
    assert family.model.rowCount() == 6
    assert family.model.item(5, 0).text() == "Kacper Testowy · another child in the household"
    assert len(stored(window, screen).considerations) == 11 + 4 + 1

    # Someone who leaves the case: their answers stay, marked, and can't be changed.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tomasz = person_id(screen, "Tomasz Kowalczyk")
    cases.remove_person(vault, tomasz)
    screen.reload()
    left = [
        family.model.item(i, 0).text()
        for i in range(family.model.rowCount())
        if "has left the case" in family.model.item(i, 0).text()
    ]
    assert left == ["Tomasz Kowalczyk · an adult around the child · has left the case"]
    assert family.select_question(None, "adult_could_benefit")
    assert family.question.text().startswith("Tomasz Kowalczyk:")
    assert not family.yes.isEnabled() and family.reason.isReadOnly()
    assert "left the case" in family.note.text()


def test_a_question_to_answer_is_asked_in_order(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Reason and follow-up wait for an answer; a "no" needs no follow-up."""
    open_case(qtbot, window)
    window.open_meeting(_draft_meeting(window))
    screen = window.meeting_screen
    assert screen is not None
    go_to(screen, Part.THINK_FAMILY)
    family = part_of(screen, Part.THINK_FAMILY, ThinkFamilyPart)
    assert family.select_question(person_id(screen, "Agnieszka Nowak"), "adult_could_benefit")
    assert family.reason.isReadOnly() and not family.follow_up.isEnabled()
    family.not_known.click()
    assert not family.reason.isReadOnly() and family.follow_up.isEnabled()
    assert family.reason.hasFocus()
    family.follow_up.setCurrentIndex(family.follow_up.findData(FollowUp.REFERRAL))
    # A referral offers the question's usual route.
    assert family.procedure.currentData() is Procedure.ADULT_SERVICES
    assert family.procedure.isEnabled()
    family.no.click()
    assert not family.follow_up.isEnabled() and not family.procedure.isEnabled()
    row = next(
        c
        for c in stored(window, screen).considerations
        if c.person_name == "Agnieszka Nowak" and c.question_key == "adult_could_benefit"
    )
    assert row.answer is Answer.NO and row.follow_up is None


def _mnemonics(widgets: list[str]) -> list[str]:
    found = []
    for text in widgets:
        match = re.search(r"&([^&])", text.replace("&&", ""))
        if match:
            found.append(match.group(1).lower())
    return found


def test_every_section_has_distinct_keys_and_named_inputs(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    window.open_meeting(_draft_meeting(window))
    screen = window.meeting_screen
    assert screen is not None
    menus = [action.text() for action in window.menuBar().actions()]
    for key, page in screen.pages.items():
        screen.go_to_section(key)
        texts = list(menus)
        texts += [
            b.text() for b in window.findChildren(QAbstractButton) if b.isVisible() and b.text()
        ]
        texts += [
            label.text()
            for label in window.findChildren(QLabel)
            if label.isVisible() and label.buddy() is not None
        ]
        letters = _mnemonics(texts)
        repeated = {letter for letter in letters if letters.count(letter) > 1}
        assert not repeated, f"{key}: Alt+{repeated} used twice in {texts}"
        for part in page.parts:
            for widget in part.editors():
                assert widget.accessibleName() or (
                    isinstance(widget, QAbstractButton) and widget.text()
                ), f"{key}: {type(widget).__name__} has no accessible name"


def test_typing_is_kept_through_a_refresh_and_a_finalise_attempt(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    meeting_id = _draft_meeting(window)
    window.open_meeting(meeting_id)
    screen = window.meeting_screen
    assert screen is not None
    activate(qtbot, window)
    go_to(screen, Part.THINK_FAMILY)
    family = part_of(screen, Part.THINK_FAMILY, ThinkFamilyPart)
    assert family.select_question(person_id(screen, "Maja Nowak"), "sibling_unmet_needs")
    family.no.click()
    family.reason.setFocus()
    qtbot.keyClicks(family.reason, "Settled at nursery")  # F5 before the pause
    qtbot.keyClick(family.reason, Qt.Key.Key_F5)
    assert family.reason.toPlainText() == "Settled at nursery"
    maja = next(c for c in stored(window, screen).considerations if c.person_name == "Maja Nowak")
    assert maja.reason == "Settled at nursery"

    go_to(screen, Part.ATTENDANCE)
    attendance = part_of(screen, Part.ATTENDANCE, AttendancePart)
    attendance.table.setCurrentIndex(
        attendance.model.index(attendee_row(attendance, "Nia Evans"), 0)
    )
    attendance.mode.setCurrentIndex(attendance.mode.findData(AttendanceMode.WRITTEN_REPORT))
    attendance.report.setFocus()
    qtbot.keyClicks(attendance.report, "Weight is on track.")
    finalise_and_read_missing(qtbot, screen, lambda _items: None)  # refused, typing saved
    nia = next(a for a in stored(window, screen).attendees if a.name == "Nia Evans")
    assert nia.mode is AttendanceMode.WRITTEN_REPORT and nia.report_text == "Weight is on track."
    assert attendance.report.toPlainText() == "Weight is on track."
    # The reports section shows it, ready to read out.
    reports = screen.pages["reports"].parts[0]
    assert "Nia Evans (Health visitor): Weight is on track." in reports.reports.text()  # type: ignore[attr-defined]


def test_enter_on_a_listed_meeting_opens_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    meeting_id = _draft_meeting(window)
    workspace = window.workspace
    assert workspace is not None
    workspace.refresh()
    workspace.tabs.setCurrentWidget(workspace.meetings_tab)
    tab = workspace.meetings_tab
    number = next(i for i, row in enumerate(tab.model.rows) if row.id == meeting_id)
    assert tab.model.index(number, STATUS_COLUMN).data() == "Draft"
    activate(qtbot, window)
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(number, 0))
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    screen = window.meeting_screen
    assert screen is not None and screen.isVisible()
    assert screen.current_meeting_id == meeting_id
    assert window.back_action.text() == "Back to the &case" and window.back_action.isEnabled()


def test_an_auto_lock_mid_question_closes_the_question_safely(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    meeting_id = _draft_meeting(window)
    window.open_meeting(meeting_id)
    screen = window.meeting_screen
    assert screen is not None
    go_to(screen, Part.ATTENDANCE)
    attendance = part_of(screen, Part.ATTENDANCE, AttendancePart)
    QTimer.singleShot(100, window.lock)  # the idle lock, while "Take … off the list?" is open
    attendance.remove()
    assert window.vault is None and window.meeting_screen is None
    assert QApplication.activeModalWidget() is None
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.meeting_screen is not None and window.meeting_screen.isVisible())
    assert len(meetings.get_meeting(vault_of(window), meeting_id).attendees) == 6  # not removed


def test_a_decision_and_who_disagreed_are_recorded_beside_the_actions(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    from tac_desktop.gui.meeting.parts.decisions import DecisionsPart

    open_case(qtbot, window)
    window.open_meeting(_draft_meeting(window))
    screen = window.meeting_screen
    assert screen is not None
    page = go_to(screen, Part.DECISIONS)
    assert page is screen.section_with(Part.ACTIONS)  # one section holds both
    part = part_of(screen, Part.DECISIONS, DecisionsPart)
    assert not part.dissent_button.isEnabled()  # no decision chosen yet
    part.add_button.click()
    assert part.error.isVisible() and "Say what was decided" in part.error.text()
    part.decision.setPlainText("Maja starts nursery three mornings a week <from Monday> & stays")
    part.add_button.click()
    assert not part.error.isVisible() and part.decision.toPlainText() == ""
    part.table.setCurrentIndex(part.model.index(0, 0))
    assert part.dissent_button.isEnabled()
    part.who.setText("Agnieszka Nowak")
    part.why.setPlainText("Wants to start after the Christmas holidays.")
    part.dissent_button.click()
    [decision] = stored(window, screen).decisions
    assert decision.text == "Maja starts nursery three mornings a week <from Monday> & stays"
    assert [(d.who, d.reason) for d in decision.dissents] == [
        ("Agnieszka Nowak", "Wants to start after the Christmas holidays.")
    ]
    assert part.model.index(0, 1).data() == (
        "Agnieszka Nowak: Wants to start after the Christmas holidays."
    )
