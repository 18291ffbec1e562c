"""The meeting screen's traps closed (issue 16), through the real window, offscreen, over
a demo vault: nothing is chosen for the chair, each section's state says what was done,
a decision just added is ready for who disagreed, no field keeps the last person's
value, and the agencies offered are the case's own."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tac_desktop.core.models import NotDoneReason, TaskStatus
from tac_desktop.core.practice.agenda import Part
from tac_desktop.core.services import cases, meetings, tasks
from tac_desktop.gui.actions.task_dialogs import UpdateTaskDialog
from tac_desktop.gui.meeting.parts.actions import PreviousActionsPart
from tac_desktop.gui.shell.main_window import MainWindow
from tests.gui.test_meeting_screen import REFERENCE, go_to, open_case, part_of, vault_of
from tests.gui.test_tasks_screens import check_dialogs, save_button, when_dialog_opens


def test_the_previous_actions_editor_shows_what_is_recorded_and_chooses_nothing(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """A task recorded as not done before the review: the editor says so and has no
    answer chosen, so a key press cannot record a false "Done"; once the chair records
    an update here, coming back to the task shows it."""
    open_case(qtbot, window)
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, REFERENCE)
    visit = next(t for t in tasks.case_tasks(vault, case_id) if t.description.startswith("Visit"))
    tasks.update_task(
        vault,
        visit.id,
        TaskStatus.NOT_DONE,
        "The interpreter cancelled twice.",
        not_done_reason=NotDoneReason.COULD_NOT,
    )
    draft = next(m.id for m in meetings.list_meetings(vault, case_id) if m.status.value == "draft")
    window.open_meeting(draft)
    screen = window.meeting_screen
    assert screen is not None
    part = part_of(screen, Part.PREVIOUS_ACTIONS, PreviousActionsPart)
    form = part.update_form
    for number, row in enumerate(part.model.rows):  # every task: nothing chosen for the chair
        part.table.setCurrentIndex(part.model.index(number, 0))
        assert form.status.currentIndex() == -1, row.description
        assert form.status.currentText() == "" and form.note.toPlainText() == ""
    assert part.select(visit.id)
    assert form.status.currentIndex() == -1
    recorded = form.recorded.text()
    assert "Not done (could not be done)" in recorded
    assert "The interpreter cancelled twice." in recorded

    form.status.setFocus()
    qtbot.keyClick(form.status, Qt.Key.Key_Return)  # a stray key press records nothing
    part.update_button.click()
    assert "Choose what happened" in part.error.text() and part.error.isVisibleTo(part)
    stored = next(t for t in tasks.case_tasks(vault, case_id) if t.id == visit.id)
    assert len(stored.updates) == 1 and stored.status is TaskStatus.NOT_DONE

    form.status.setCurrentIndex(form.status.findData(TaskStatus.IN_PROGRESS))
    form.new_due.setDate(date.today() + timedelta(days=14))
    form.note.setPlainText("Booked with a new interpreter.")
    part.update_button.click()
    assert not part.error.isVisibleTo(part)
    part.table.setCurrentIndex(part.model.index(0, 0))
    assert part.select(visit.id)
    assert form.status.currentData() is TaskStatus.IN_PROGRESS  # what this meeting recorded
    assert form.note.toPlainText() == "Booked with a new interpreter."
    assert "Recorded at this meeting: In progress" in form.recorded.text()

    def dialog_chooses_nothing(dialog: QDialog) -> None:
        assert isinstance(dialog, UpdateTaskDialog)
        assert dialog.form.status.currentIndex() == -1
        assert "In progress" in dialog.form.recorded.text()
        save_button(dialog)
        assert dialog.isVisible() and "Choose what happened" in dialog._error.text()
        dialog.reject()

    workspace = window.workspace
    assert workspace is not None
    plan = workspace.plan_tab
    plan.show_case(cases.get_case(vault, case_id))
    plan.reload(visit.id)
    when_dialog_opens(dialog_chooses_nothing)
    plan.update_task()
    check_dialogs()
    assert len(next(t for t in tasks.case_tasks(vault, case_id) if t.id == visit.id).updates) == 2


def _draft(window: MainWindow) -> int:
    """The Nowaks' review of today, half way through (the demo's own draft)."""
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, REFERENCE)
    return next(m.id for m in meetings.list_meetings(vault, case_id) if m.status.value == "draft")


def test_a_decision_just_added_is_chosen_so_who_disagreed_goes_in_at_once(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    from tac_desktop.gui.meeting.parts.decisions import DecisionsPart

    open_case(qtbot, window)
    window.open_meeting(_draft(window))
    screen = window.meeting_screen
    assert screen is not None
    go_to(screen, Part.DECISIONS)
    part = part_of(screen, Part.DECISIONS, DecisionsPart)
    assert not part.dissent_button.isEnabled()
    assert "Add a decision first" in part.hint.text()
    for text in ("Maja starts nursery three mornings a week.", "Handovers stay at Ewa's."):
        part.decision.setPlainText(text)
        part.add_button.click()
        chosen = part.current()
        assert chosen is not None and chosen.text == text  # the new one, not the first
        assert part.dissent_button.isEnabled()
        assert text in part.hint.text()
    qtbot.keyClicks(part.who, "Dyfed Police")
    part.why.setPlainText("Handovers should move to the family centre.")
    part.dissent_button.click()
    decisions = meetings.get_meeting(vault_of(window), screen.view.id).decisions  # type: ignore[union-attr]
    assert [len(d.dissents) for d in decisions] == [0, 1]
    assert decisions[1].dissents[0].who == "Dyfed Police"


def test_a_report_form_for_someone_recorded_as_present_is_asked_about_first(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from tac_desktop.gui.documents import reports as report_screens
    from tac_desktop.gui.documents.reports import ChoiceDialog
    from tests.gui.test_meeting_screen import when_message_box

    open_case(qtbot, window)
    window.open_meeting(_draft(window))
    screen = window.meeting_screen
    assert screen is not None
    present = next(a for a in screen.view.attendees if a.mode.value == "present")  # type: ignore[union-attr]
    previews: list[str] = []

    class Preview:
        def __init__(self, _vault, document, _parent, **_options) -> None:  # type: ignore[no-untyped-def]
            previews.append(document.title)

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(report_screens, "DocumentPreview", Preview)
    for answer in (QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes):
        asked: list[str] = []

        def choose(
            dialog: QDialog,
            answer: QMessageBox.StandardButton = answer,
            asked: list[str] = asked,
        ) -> None:
            assert isinstance(dialog, ChoiceDialog)
            rows = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
            dialog.choices.setCurrentRow(next(i for i, t in enumerate(rows) if present.name in t))
            when_message_box(answer, asked)
            dialog.ok_button.click()

        when_dialog_opens(choose)
        screen.report_form_action.trigger()
        qtbot.waitUntil(lambda asked=asked: bool(asked))
        assert f"{present.name} is recorded as “Present”" in asked[0]
    assert len(previews) == 1 and present.name in previews[0]  # made only once asked "Yes"


def test_the_score_box_holds_no_number_from_the_last_person(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from tac_desktop.gui.meeting.parts.scaling import NO_SCORE, ScalingPart

    open_case(qtbot, window)
    window.open_meeting(_draft(window))
    screen = window.meeting_screen
    assert screen is not None
    go_to(screen, Part.SCALING)
    part = part_of(screen, Part.SCALING, ScalingPart)
    assert part.score.value() == NO_SCORE and part.score.text() == "Choose"
    part.participant.setCurrentText("Agnieszka Nowak")
    part.add_button.click()  # no number chosen: asked for, nothing saved, the name kept
    assert "Choose the score" in part.error.text()
    assert part.participant.currentText() == "Agnieszka Nowak"
    assert meetings.get_meeting(vault_of(window), screen.view.id).scores == []  # type: ignore[union-attr]
    part.score.setValue(3)
    part.add_button.click()
    assert part.score.value() == NO_SCORE and part.score.text() == "Choose"  # not 3
    assert part.participant.currentText() == "" and part.comment.text() == ""
    part.participant.setCurrentText("Megan Price")
    qtbot.keyClicks(part.score, "7")
    part.add_button.click()
    scores = meetings.get_meeting(vault_of(window), screen.view.id).scores  # type: ignore[union-attr]
    assert [(s.participant, s.score) for s in scores] == [
        ("Agnieszka Nowak", 3),
        ("Megan Price", 7),
    ]


def test_who_does_a_task_offers_the_cases_own_agencies_and_others_on_request(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    from tac_desktop.gui.actions.task_dialogs import ANOTHER_AGENCY, AddTaskDialog

    open_case(qtbot, window)
    vault = vault_of(window)
    case = cases.get_case(vault, cases.find_case_id(vault, REFERENCE))
    # The case's own: its professionals' agencies, and any holding its tasks (the
    # outreach service has left the case but did its part in it).
    own = {i.agency for i in case.involvements} | {
        t.agency_name for t in tasks.case_tasks(vault, case.id) if t.agency_name
    }
    dialog = AddTaskDialog(vault, case, date.today())
    qtbot.addWidget(dialog)
    offered = [dialog.owner.itemText(i) for i in range(dialog.owner.count())]
    assert dialog.owner.currentIndex() == -1  # nobody chosen for the chair
    agencies = [t for t in offered if t.startswith("Someone at ")]
    assert agencies and all(any(f"at {a} (" in t for a in own) for t in agencies)
    for other in ("Riverside CAMHS", "Leith Recovery Service", "Kestrel Housing Association"):
        assert not any(other in t for t in offered), other  # other families' agencies
    assert offered[-1] == ANOTHER_AGENCY
    asked: list[list[str]] = []

    def get_item(_parent, _title, _label, items, *_args):  # type: ignore[no-untyped-def]
        asked.append(list(items))
        return "Riverside CAMHS", True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    dialog.owner.setCurrentIndex(dialog.owner.count() - 1)
    dialog.owner.activated.emit(dialog.owner.count() - 1)
    assert "Riverside CAMHS" in asked[0] and not set(asked[0]) & own
    assert dialog.owner.currentText() == "Someone at Riverside CAMHS (nobody named yet)"
    dialog.description.setPlainText("Ask CAMHS whether Łukasz can be seen at school")
    save_button(dialog)
    task = next(t for t in tasks.case_tasks(vault, case.id) if t.id == dialog.added_id)
    assert task.agency_name == "Riverside CAMHS"


def _working_day_up_to(day: date) -> date:
    from tac_desktop.core.models import Nation
    from tac_desktop.core.practice.working_days import is_working_day

    while not is_working_day(day, Nation.WALES):
        day -= timedelta(days=1)
    return day


def test_who_makes_a_referral_is_named_and_a_same_day_one_leads_my_actions_in_red(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """The chair names who makes the MARAC referral for Agnieszka; Tomasz's "yes" to the
    same incident offers the same person (one referral). Finalised, it is the police's
    task, first in My actions and in the action plan, "Today" in red."""
    from PySide6.QtGui import QBrush

    from tac_desktop.core.practice.think_family import Answer
    from tac_desktop.gui.actions.task_table import URGENCY_COLUMN
    from tac_desktop.gui.meeting.parts.think_family import ThinkFamilyPart
    from tests.gui.test_meeting_screen import answer, choose_actor, person_id, when_message_box

    open_case(qtbot, window)
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, REFERENCE)
    held = _working_day_up_to(date.today())
    meeting_id = meetings.create_meeting(
        vault, case_id, meetings.MeetingDraft("first_tac", held, "10:00", "Family home")
    )
    view = meetings.get_meeting(vault, meeting_id)
    for attendee in view.attendees:
        meetings.record_attendance(vault, attendee.id, meetings.AttendanceMode.PRESENT)
    no = meetings.ConsiderationAnswer(Answer.NO, "Talked through; no concern.")
    for item in view.considerations:
        if item.question_key != "domestic_abuse" and item.person_id is not None:
            meetings.answer_consideration(vault, meeting_id, item.person_id, item.question_key, no)
    meetings.set_next_review(vault, meeting_id, held + timedelta(weeks=6))
    window.open_meeting(meeting_id)
    screen = window.meeting_screen
    assert screen is not None
    go_to(screen, Part.THINK_FAMILY)
    family = part_of(screen, Part.THINK_FAMILY, ThinkFamilyPart)
    answer(qtbot, screen, "Agnieszka Nowak", "domestic_abuse", Answer.YES, "Threats described.")
    qtbot.keyClicks(family.detail, "MARAC referral by the domestic abuse officer today.")
    assert family.actor.isEnabled() and family.actor.currentIndex() == -1
    assert "Someone at Dyfed Police (nobody named yet)" in [
        family.actor.itemText(i) for i in range(family.actor.count())
    ]
    choose_actor(family, "PC Rhys Morgan")
    when_message_box(meetings_yes())
    family.confirm_button.click()
    answer(qtbot, screen, "Tomasz Kowalczyk", "domestic_abuse", Answer.YES, "The same incident.")
    assert family.actor.currentText().startswith("PC Rhys Morgan")  # one referral, one maker
    qtbot.keyClicks(family.detail, "Included in the same MARAC referral.")
    family.flush()
    when_message_box(meetings_yes())
    family.confirm_button.click()
    tomasz = next(
        c
        for c in meetings.get_meeting(vault, meeting_id).considerations
        if c.person_id == person_id(screen, "Tomasz Kowalczyk")
        and c.question_key == "domestic_abuse"
    )
    assert tomasz.who_acts == "PC Rhys Morgan (Dyfed Police)" and tomasz.referral_confirmed
    assert "PC Rhys Morgan" in family.tree.currentIndex().siblingAtColumn(2).data()
    assert meetings.get_meeting(vault, meeting_id).missing == []
    meetings.finalise(vault, meeting_id)

    [referral] = [
        t
        for t in tasks.case_tasks(vault, case_id)
        if t.meeting_id == meeting_id and t.description.startswith("MARAC")
    ]
    assert (referral.agency_name, referral.owner_name) == ("Dyfed Police", "PC Rhys Morgan")
    assert referral.for_whom.startswith("Agnieszka Nowak and Tomasz Kowalczyk:")
    window.show_case_list()
    window.my_actions_action.trigger()
    page = window.my_actions
    assert page is not None
    page.refresh(today=held)  # the day of the meeting
    first = page.model.rows[0]
    assert first.id == referral.id
    assert any(t.urgency.value == "overdue" for t in page.model.rows[1:])  # late work below
    assert "1 due today." in page.count.text()
    urgency = page.model.index(0, page.model.columns.index(URGENCY_COLUMN))
    assert urgency.data() == "● Today"
    brush = urgency.data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == "#c62828"  # red
    window.open_case(REFERENCE)
    workspace = window.workspace
    assert workspace is not None
    workspace.tabs.setCurrentWidget(workspace.plan_tab)
    workspace.plan_tab.reload()
    assert workspace.plan_tab.model.rows[0].id == referral.id  # first in the action plan


def meetings_yes():  # type: ignore[no-untyped-def]
    """The answer to "Confirm same-day referral?"."""
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox.StandardButton.Yes


def test_the_outline_says_what_each_section_holds_not_only_its_notes(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    from tac_desktop.core.practice.think_family import Answer

    open_case(qtbot, window)
    vault = vault_of(window)
    meeting_id = _draft(window)
    window.open_meeting(meeting_id)
    screen = window.meeting_screen
    assert screen is not None

    def outline(part: Part) -> str:
        section = screen.view.section_with(part)  # type: ignore[union-attr]
        assert section is not None
        return str(screen.outline_model.index(screen.outline_model.row_of(section.key)).data())

    assert outline(Part.THINK_FAMILY).endswith("⚠ needs attention")
    no = meetings.ConsiderationAnswer(Answer.NO, "Talked through; no concern.")
    for item in screen.view.considerations:  # type: ignore[union-attr]
        assert item.person_id is not None
        meetings.answer_consideration(vault, meeting_id, item.person_id, item.question_key, no)
    screen.reload()
    assert screen.view.section_with(Part.THINK_FAMILY).notes == ""  # type: ignore[union-attr]
    assert outline(Part.THINK_FAMILY).endswith("✓ complete")  # answers count, not notes
    assert outline(Part.SCALING).endswith("○ not started")
    meetings.add_score(vault, meeting_id, "Agnieszka Nowak", 6)
    screen.reload()
    assert outline(Part.SCALING).endswith("◐ in progress")

    # The finalised meeting: what each section holds, in words.
    case_id = cases.find_case_id(vault, REFERENCE)
    final = next(
        m.id for m in meetings.list_meetings(vault, case_id) if m.status.value == "finalised"
    )
    window.open_meeting(final)
    screen = window.meeting_screen
    assert screen is not None
    assert outline(Part.THINK_FAMILY).endswith("✓ complete")
    assert outline(Part.ATTENDANCE).endswith("✓ complete")
    assert outline(Part.DECISIONS).endswith("✓ recorded")  # decisions, no notes
    words = [
        str(screen.outline_model.index(i).data()) for i in range(screen.outline_model.rowCount())
    ]
    assert any(w.endswith("○ nothing recorded") for w in words)
    assert not any("no notes" in w or "not started" in w for w in words)
