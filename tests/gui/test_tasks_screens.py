"""Tasks through the real window, offscreen, over a demo vault: the action plan, My
actions, and a review meeting walking the earlier tasks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from tac_desktop.core.demo import create_demo_vault
from tac_desktop.core.models import NotDoneReason, TaskStatus
from tac_desktop.core.practice.agenda import Part
from tac_desktop.core.services import cases, meetings, tasks
from tac_desktop.core.services.meetings import MeetingDraft
from tac_desktop.core.services.tasks import TaskDraft, Urgency
from tac_desktop.core.vault import KdfParams
from tac_desktop.gui.actions.my_actions import MyActionsPage
from tac_desktop.gui.actions.task_dialogs import AddTaskDialog, ChallengeDialog, UpdateTaskDialog
from tac_desktop.gui.actions.task_table import LEFT_CASE, PLAN_COLUMNS
from tac_desktop.gui.meeting.parts.actions import PreviousActionsPart
from tac_desktop.gui.shared.settings import Settings
from tac_desktop.gui.shell.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.gui.test_main_window import when_dialog_opens as _when_dialog_opens
from tests.gui.test_meeting_screen import (
    REFERENCE,
    finalise_and_read_missing,
    open_case,
    part_of,
    vault_of,
)

COLUMN = {column.title: number for number, column in enumerate(PLAN_COLUMNS)}


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    path = tmp_path / "demo.tacvault"
    create_demo_vault(path, PASSPHRASE, KdfParams.fast_for_tests()).close()
    return path


@pytest.fixture
def window(qtbot, demo_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow(Settings())
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    main.start(demo_path)
    yield main
    main.close()


def when_dialog_opens(action: Callable[[QDialog], None]) -> None:
    """As the shared helper, but a failed check closes the dialog (no hang) and is
    raised again by ``check_dialogs``."""

    def guarded(dialog: QDialog) -> None:
        try:
            action(dialog)
        except BaseException as error:  # handed back to the test
            FAILURES.append(error)
            dialog.reject()

    _when_dialog_opens(guarded)


FAILURES: list[BaseException] = []


def check_dialogs() -> None:
    if FAILURES:
        raise FAILURES.pop()


def save_button(dialog: QDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_a_task_added_updated_and_challenged_from_the_action_plan(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    vault = vault_of(window)
    case = cases.get_case(vault, cases.find_case_id(vault, REFERENCE))
    plan = workspace.plan_tab
    workspace.tabs.setCurrentWidget(plan)
    before = plan.model.rowCount()  # the demo's own tasks, agreed at its meetings
    professional = case.involvements[0]
    expected_due = tasks.due_in_working_days(vault, case.id, date.today(), 3)

    def add(dialog: QDialog) -> None:
        assert isinstance(dialog, AddTaskDialog)
        save_button(dialog)  # nothing said: a plain message, the dialog stays
        assert dialog.isVisible() and "Say what the task is" in dialog._error.text()
        dialog.description.setPlainText("Book a school nurse drop-in for Maja")
        dialog.owner.setCurrentIndex(
            dialog.owners.index((professional.professional_id, None, None))
        )
        dialog.for_need.setText("Maja's health check")
        dialog.within.setValue(3)  # counted in working days for the case's nation
        assert dialog.due.date().toPython() == expected_due
        save_button(dialog)

    when_dialog_opens(add)
    plan.add_task()
    check_dialogs()
    assert plan.model.rowCount() == before + 1
    task = plan.current()  # the new task is chosen
    assert task is not None and task.due_on == expected_due
    row = plan.table.currentIndex().row()
    assert plan.model.index(row, COLUMN["Agency"]).data() == professional.agency
    assert plan.model.index(row, COLUMN["Who"]).data() == professional.name
    assert plan.model.index(row, COLUMN["For whom / need"]).data() == "Maja's health check"
    urgency = plan.model.index(row, COLUMN["Urgency"])
    assert urgency.data() == "◷ Due soon"
    assert urgency.data(Qt.ItemDataRole.BackgroundRole) is not None  # colour repeats the words
    assert not plan.challenge_button.isEnabled()

    late = date.today() - timedelta(days=2)

    def still_going(dialog: QDialog) -> None:
        assert isinstance(dialog, UpdateTaskDialog)
        form = dialog.form
        form.status.setCurrentIndex(form.status.findData(TaskStatus.IN_PROGRESS))
        assert form.new_due.isEnabled() and not form.was_not.isEnabled()
        form.new_due.setDate(late)
        save_button(dialog)

    when_dialog_opens(still_going)
    plan.update_task()
    check_dialogs()
    row = plan.table.currentIndex().row()  # overdue moves up its agency's list
    assert plan.model.index(row, COLUMN["Urgency"]).data() == "⚠ Overdue"
    assert plan.model.index(row, COLUMN["Status"]).data() == "In progress"
    chosen = plan.current()
    assert chosen is not None and chosen.id == task.id

    def not_done(dialog: QDialog) -> None:
        assert isinstance(dialog, UpdateTaskDialog)
        form = dialog.form
        form.status.setCurrentIndex(form.status.findData(TaskStatus.NOT_DONE))
        save_button(dialog)  # could not or was not: asked, not guessed
        assert dialog.isVisible() and "could not be done" in dialog._error.text()
        form.was_not.setChecked(True)
        form.note.setPlainText("The nurse was off sick.")
        save_button(dialog)

    for _ in range(2):
        when_dialog_opens(not_done)
        plan.update_task()
        check_dialogs()
    assert plan.model.index(row, COLUMN["Status"]).data().startswith("Not done (2 times running)")
    assert plan.challenge_button.isEnabled()

    def challenge(dialog: QDialog) -> None:
        assert isinstance(dialog, ChallengeDialog)
        dialog.form.raised_by.setText("Chair")
        dialog.form.response.setPlainText("A new date was offered.")
        save_button(dialog)

    when_dialog_opens(challenge)
    plan.record_challenge()
    check_dialogs()
    assert not plan.challenge_button.isEnabled()
    stored = next(t for t in tasks.case_tasks(vault, case.id) if t.id == task.id)
    assert stored.challenges[0].raised_by == "Chair"
    assert [u.not_done_reason for u in stored.updates][-1] is NotDoneReason.WAS_NOT

    # The agency leaves the case: the task stays, flagged in words.
    cases.remove_involvement(vault, professional.id)
    workspace.refresh()
    row = plan.table.currentIndex().row()
    assert LEFT_CASE in plan.model.index(row, COLUMN["Agency"]).data()
    assert LEFT_CASE in plan.summary.text()


def test_my_actions_lists_overdue_tasks_and_opens_the_case(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, REFERENCE)
    involvements = cases.get_case(vault, case_id).involvements
    first, second = involvements[0], involvements[1]
    today = date.today()
    for text, who, due in (
        ("Visit the family at home", first, today - timedelta(days=4)),
        ("Send the attendance letter", second, today + timedelta(days=2)),
        ("Plan the summer holiday club", first, today + timedelta(days=40)),
    ):
        tasks.add_task(vault, case_id, TaskDraft(text, due, professional_id=who.professional_id))

    window.show_case_list()
    window.my_actions_action.trigger()
    page = window.my_actions
    assert isinstance(page, MyActionsPage) and page.isVisible()
    ours = {"Visit the family at home", "Send the attendance letter"}
    whats = [t.description for t in page.model.rows]
    assert ours <= set(whats) and "Plan the summer holiday club" not in whats  # 40 days off
    visit = whats.index("Visit the family at home")
    assert page.model.rows[visit].urgency is Urgency.OVERDUE
    assert page.model.index(visit, len(page.model.columns) - 1).data() == "⚠ Overdue"
    assert "overdue" in page.count.text()

    page.agency.setCurrentIndex(page.agency.findData(second.agency))
    assert {t.agency_name for t in page.model.rows} == {second.agency}
    assert "Send the attendance letter" in [t.description for t in page.model.rows]
    page.agency.setCurrentIndex(0)
    page.professional.setCurrentIndex(page.professional.findData(first.name))
    assert {t.owner_name for t in page.model.rows} == {first.name}
    whats = [t.description for t in page.model.rows]
    assert "Visit the family at home" in whats

    page.table.setCurrentIndex(page.model.index(whats.index("Visit the family at home"), 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.workspace is not None and window.workspace.isVisible()
    assert window.workspace.current_reference == REFERENCE


def test_my_actions_reads_more_rows_as_the_chair_scrolls(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, REFERENCE)
    professional_id = cases.get_case(vault, case_id).involvements[0].professional_id
    for n in range(12):
        tasks.add_task(
            vault,
            case_id,
            TaskDraft(f"Scroll task {n}", date.today(), professional_id=professional_id),
        )
    window.show_case_list()
    window.show_my_actions()
    page = window.my_actions
    assert isinstance(page, MyActionsPage)
    every = tasks.my_actions(vault)
    page.model.page_size = 5
    page.refresh()
    assert page.model.rowCount() == 5 and page.model.canFetchMore()
    assert page.count.text().startswith(f"{len(every)} tasks")  # counted, not just read

    page.table.scrollToBottom()  # Qt asks the model for more as the end comes into view
    qtbot.waitUntil(lambda: page.model.rowCount() > 5)
    page.model.fetch_all()
    assert [t.id for t in page.model.rows] == [t.id for t in every]
    assert not page.model.canFetchMore()


def test_a_review_walks_earlier_tasks_before_it_can_finalise(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, REFERENCE)
    professional = cases.get_case(vault, case_id).involvements[0]
    today = date.today()
    missed = tasks.add_task(
        vault,
        case_id,
        TaskDraft(
            "Refer Łukasz to the speech clinic",
            today - timedelta(days=10),
            professional_id=professional.professional_id,
        ),
    )
    easy = tasks.add_task(
        vault,
        case_id,
        TaskDraft(
            "Share the bus timetable",
            today + timedelta(days=20),
            professional_id=professional.professional_id,
        ),
    )
    tasks.update_task(
        vault,
        missed,
        TaskStatus.NOT_DONE,
        "Clinic closed.",
        not_done_reason=NotDoneReason.COULD_NOT,
    )
    meeting_id = meetings.create_meeting(
        vault, case_id, MeetingDraft("cin_review", today, "10:00", "Family home")
    )
    window.open_meeting(meeting_id)
    screen = window.meeting_screen
    assert screen is not None
    part = part_of(screen, Part.PREVIOUS_ACTIONS, PreviousActionsPart)
    listed_ids = [t.id for t in part.model.rows]
    assert listed_ids[-2:] == [missed, easy]  # oldest first: the demo's own tasks come before

    def task_items() -> list[str]:
        return [
            m.message
            for m in meetings.get_meeting(vault, meeting_id).missing
            if m.task_id in (missed, easy)
        ]

    assert len(task_items()) == 2
    listed = finalise_and_read_missing(
        qtbot, screen, lambda items: next(i for i, m in enumerate(items) if "speech clinic" in m)
    )
    assert any("Share the bus timetable" in m and "needs an update" in m for m in listed)
    section = screen.view.section_with(Part.PREVIOUS_ACTIONS) if screen.view else None
    assert section is not None and screen.current_key == section.key
    current = part.current()
    assert current is not None and current.id == missed  # the jump chose the task
    assert part.update_form.status.hasFocus()

    form = part.update_form
    form.status.setCurrentIndex(form.status.findData(TaskStatus.NOT_DONE))
    form.was_not.setChecked(True)
    qtbot.keyClicks(form.note, "No referral was sent.")
    part.update_button.click()
    # Second miss in a row: updated, but the challenge now holds finalising up.
    assert part.challenge_box.isVisibleTo(part)
    assert any("not done twice in a row" in m for m in task_items())
    assert part.challenge_form.raised_by.hasFocus() or part.current() is not None
    part.select(missed)
    qtbot.keyClicks(part.challenge_form.raised_by, "Chair")
    part.challenge_form.response.setPlainText("The referral goes today.")
    part.challenge_form.escalated_to.setText("Health visiting team manager")
    part.challenge_button.click()
    assert not part.challenge_box.isVisibleTo(part)

    part.select(easy)
    part.update_form.status.setCurrentIndex(part.update_form.status.findData(TaskStatus.DONE))
    part.update_form.note.setPlainText("Given to mum.")
    part.update_button.click()
    assert task_items() == []
    assert [t.id for t in part.model.rows] == listed_ids  # done here, still listed here
    here = len(part.model.columns) - 1
    assert part.model.index(listed_ids.index(easy), here).data() == "✓ Updated"
    assert part.model.index(listed_ids.index(missed), here).data() == "✓ Updated, challenged"
    assert part.model.index(0, here).data() == "○ Needs an update"  # the demo's still wait


def test_a_year_of_reviews_planned_and_an_invitation_saved_from_the_meetings_tab(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    from PySide6.QtWidgets import QFileDialog

    from tac_desktop.gui.meeting.dialogs import PlanReviewsDialog

    open_case(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    vault = vault_of(window)
    case = cases.get_case(vault, cases.find_case_id(vault, REFERENCE))
    tab = workspace.meetings_tab
    workspace.tabs.setCurrentWidget(tab)
    before = tab.model.rowCount()
    shown: list[str] = []

    def plan(dialog: QDialog) -> None:
        assert isinstance(dialog, PlanReviewsDialog)
        dates = dialog.dates()
        # a year at the usual interval, every one a working day from today on
        assert 3 <= len(dates) <= 14
        assert all(d.weekday() < 5 and d >= date.today() for d in dates)
        assert f"{len(dates)} meetings:" in dialog.preview.text()
        shown.extend(f"{d:%a %d %b %Y}" for d in dates)
        dialog.start_time.setText("10:30")
        save_button(dialog)

    when_dialog_opens(plan)
    tab.plan_reviews()
    check_dialogs()
    assert tab.model.rowCount() == before + len(shown)
    planned = [r for r in meetings.list_meetings(vault, case.id) if r.start_time == "10:30"]
    assert sorted(f"{r.held_on:%a %d %b %Y}" for r in planned) == sorted(shown)

    # The chosen meeting as a calendar file: parsed back, no family name in it.
    chosen = tab.model.row_at(tab.table.currentIndex())
    assert chosen is not None
    target = tmp_path / "invite"  # the extension is added
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    # Today's review, at the family's home: the venue stays out unless ticked.
    home = next(n for n, r in enumerate(tab.model.rows) if r.venue == "Family home")
    tab.table.setCurrentIndex(tab.model.index(home, 0))
    the_one = tab.model.rows[home]
    saved = target.with_name("invite.ics")
    _save_invitation(tab, chosen_email="", venue=False)
    calendar = Calendar.from_ical(saved.read_bytes())
    event = next(iter(calendar.walk("VEVENT")))
    assert REFERENCE in str(event["summary"])
    assert event.decoded("dtstart").date() == the_one.held_on
    assert str(event["organizer"]) == "mailto:jordan.ellery@riverside-hub.example"
    assert "location" not in event
    assert int(event["sequence"]) == 0
    assert "PC Rhys Morgan (Dyfed Police)" in str(event["description"])
    text = saved.read_text(encoding="utf-8")
    for person in case.people:
        assert person.name not in text

    # Sent again with the venue ticked and another address: the same UID, SEQUENCE 1.
    saved.unlink()
    _save_invitation(tab, chosen_email="j.ellery@hub.example", venue=True, sent_before=1)
    again = next(iter(Calendar.from_ical(saved.read_bytes()).walk("VEVENT")))
    assert str(again["uid"]) == str(event["uid"])
    assert int(again["sequence"]) == 1
    assert str(again["organizer"]) == "mailto:j.ellery@hub.example"
    assert str(again["location"]) == "Family home"


def _save_invitation(tab, *, chosen_email: str, venue: bool, sent_before: int = 0) -> None:  # type: ignore[no-untyped-def]
    from tac_desktop.gui.meeting.dialogs import InvitationDialog

    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, InvitationDialog)
        assert not dialog.include_venue.isChecked()  # off by default, every time
        assert "Family home" in dialog.include_venue.text()
        shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
        # The demo's Nowak professionals have no addresses: named, not dropped.
        for name in ("Megan Price (Bryn Primary School)", "PC Rhys Morgan (Dyfed Police)"):
            assert name in dialog.named.text()
        assert dialog.reached.text().startswith("Nobody:")
        assert ("Sent 1 time before" in shown) == bool(sent_before)
        if chosen_email:
            dialog.email.setText("not an address")
            save_button(dialog)
            assert dialog.isVisible()  # refused in the dialog, which stays open
            assert "does not look like an e-mail address" in " ".join(
                label.text() for label in dialog.findChildren(QLabel)
            )
            dialog.email.setText(chosen_email)
        if venue:
            dialog.include_venue.setChecked(True)
        save_button(dialog)

    when_dialog_opens(choose)
    tab.save_invitation()
    check_dialogs()


def test_a_task_for_an_agency_with_nobody_named_yet(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window)
    vault = vault_of(window)
    case = cases.get_case(vault, cases.find_case_id(vault, REFERENCE))
    agency_id, agency_name = tasks.agency_choices(vault)[0]
    dialog = AddTaskDialog(vault, case, date.today())
    qtbot.addWidget(dialog)
    dialog.description.setPlainText("Name a worker for the family")
    dialog.owner.setCurrentIndex(dialog.owners.index((None, None, agency_id)))
    assert dialog.owner.currentText() == f"Someone at {agency_name} (nobody named yet)"
    save_button(dialog)
    task = next(t for t in tasks.case_tasks(vault, case.id) if t.id == dialog.added_id)
    assert (task.agency_name, task.owner_name) == (agency_name, "")


def test_summary_and_minutes_show_due_until_marked_sent(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from tac_desktop.core.models import MeetingStatus
    from tac_desktop.core.services.meetings import Paperwork
    from tac_desktop.gui.meeting.dialogs import MarkSentDialog
    from tac_desktop.gui.meeting.meetings_tab import MEETING_COLUMNS

    late = "TAC-2026-0102"  # the demo sent the Nowaks' summary the next day, minutes not yet
    open_case(qtbot, window, late)
    workspace = window.workspace
    assert workspace is not None
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, late)
    tab = workspace.meetings_tab
    workspace.tabs.setCurrentWidget(tab)
    column = {c.title: n for n, c in enumerate(MEETING_COLUMNS)}
    final = next(n for n, r in enumerate(tab.model.rows) if r.status is MeetingStatus.FINALISED)
    tab.table.setCurrentIndex(tab.model.index(final, 0))
    assert tab.sent_button.isEnabled()
    assert tab.model.index(final, column["Decision summary"]).data().startswith("✓ Sent ")
    assert tab.model.index(final, column["Minutes"]).data().startswith("⚠ Overdue (due ")
    assert [d.what for d in meetings.paperwork_due(vault, case_id)] == [Paperwork.MINUTES]

    # My actions lists what is left to send, across cases.
    window.show_my_actions()
    page = window.findChild(MyActionsPage)
    assert page is not None and page.paperwork.isVisible()
    texts = [page.paperwork.item(i).text() for i in range(page.paperwork.count())]
    assert any(t.startswith(late) and "minutes ⚠ overdue" in t for t in texts)
    assert not any(t.startswith("TAC-2026-0101") for t in texts)  # the Whitfields' went out

    window.open_case(late)
    workspace = window.workspace
    assert workspace is not None
    tab = workspace.meetings_tab
    workspace.tabs.setCurrentWidget(tab)
    final = next(n for n, r in enumerate(tab.model.rows) if r.status is MeetingStatus.FINALISED)
    tab.table.setCurrentIndex(tab.model.index(final, 0))

    def record(dialog: QDialog) -> None:
        assert isinstance(dialog, MarkSentDialog)
        assert dialog.what.currentData() is Paperwork.MINUTES  # the one not sent yet
        save_button(dialog)

    when_dialog_opens(record)
    tab.mark_sent()
    check_dialogs()
    row = tab.model.row_at(tab.table.currentIndex())
    assert row is not None and row.minutes_sent_on == date.today()
    assert tab.model.index(tab.table.currentIndex().row(), column["Minutes"]).data() == (
        f"✓ Sent {date.today():%d %b}"
    )
    assert meetings.paperwork_due(vault, case_id) == []
    draft = next(n for n, r in enumerate(tab.model.rows) if r.status is MeetingStatus.DRAFT)
    tab.table.setCurrentIndex(tab.model.index(draft, 0))
    assert not tab.sent_button.isEnabled()
