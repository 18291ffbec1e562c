"""Tasks per agency: due dates in working days, updates, challenges, the chasing views."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import Nation, NotDoneReason, Sector, TaskStatus
from tac_desktop.core.practice.working_days import add_working_days
from tac_desktop.core.services import cases, tasks
from tac_desktop.core.services.cases import CaseDraft, PersonDraft, ProfessionalDraft
from tac_desktop.core.services.tasks import TaskDraft, Urgency
from tac_desktop.core.vault import Vault

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("start", "days", "nation", "expected"),
    [
        # Easter 2026: Good Friday 3 April everywhere; Easter Monday 6 April except Scotland.
        (date(2026, 4, 2), 1, Nation.ENGLAND, date(2026, 4, 7)),
        (date(2026, 4, 2), 1, Nation.NORTHERN_IRELAND, date(2026, 4, 7)),
        (date(2026, 4, 2), 1, Nation.SCOTLAND, date(2026, 4, 6)),
        # St Andrew's Day, Monday 30 November 2026, is a Scottish bank holiday only.
        (date(2026, 11, 27), 1, Nation.SCOTLAND, date(2026, 12, 1)),
        (date(2026, 11, 27), 1, Nation.WALES, date(2026, 11, 30)),
        # Three working days over Christmas 2026 (Friday 25, Monday 28 December).
        (date(2026, 12, 23), 3, Nation.ENGLAND, date(2026, 12, 30)),
        # The Battle of the Boyne, Monday 13 July 2026, in Northern Ireland only.
        (date(2026, 7, 10), 1, Nation.NORTHERN_IRELAND, date(2026, 7, 14)),
        (date(2026, 7, 10), 1, Nation.ENGLAND, date(2026, 7, 13)),
    ],
)
def test_working_days_checked_by_hand(
    start: date, days: int, nation: Nation, expected: date
) -> None:
    assert add_working_days(start, days, nation) == expected


@pytest.fixture
def case_id(vault: Vault) -> int:
    case_id = cases.create_case(
        vault,
        CaseDraft(
            "T-1", PersonDraft("Child Testtask", date_of_birth=date(2015, 1, 1)), Nation.SCOTLAND
        ),
    )
    cases.add_professional(
        vault,
        case_id,
        ProfessionalDraft("Kim Testteacher", "Testshire School", Sector.EDUCATION),
        is_lead=True,
    )
    cases.add_professional(
        vault, case_id, ProfessionalDraft("Dev Testnurse", "Testshire Health", Sector.HEALTH)
    )
    return case_id


def _professional_id(vault: Vault, case_id: int, name: str) -> int:
    return next(
        i.professional_id for i in cases.get_case(vault, case_id).involvements if i.name == name
    )


def test_the_action_plan_groups_by_agency_and_marks_urgency_in_words(
    vault: Vault, case_id: int
) -> None:
    teacher = _professional_id(vault, case_id, "Kim Testteacher")
    nurse = _professional_id(vault, case_id, "Dev Testnurse")
    tasks.add_task(
        vault,
        case_id,
        TaskDraft("Name a trusted adult", TODAY - timedelta(days=2), professional_id=teacher),
    )
    tasks.add_task(
        vault, case_id, TaskDraft("Health check", TODAY + timedelta(days=3), professional_id=nurse)
    )
    tasks.add_task(
        vault,
        case_id,
        TaskDraft("Termly report", TODAY + timedelta(days=40), professional_id=teacher),
    )
    plan = tasks.action_plan(vault, case_id, TODAY)
    assert [group.agency_name for group in plan] == ["Testshire Health", "Testshire School"]
    school = plan[1].tasks
    assert [t.urgency for t in school] == [Urgency.OVERDUE, Urgency.ON_TRACK]
    assert school[0].urgency.label.startswith("⚠")  # a mark and a word, not colour alone
    assert plan[0].tasks[0].urgency is Urgency.DUE_SOON


def test_not_done_twice_in_a_row_asks_for_a_challenge(vault: Vault, case_id: int) -> None:
    nurse = _professional_id(vault, case_id, "Dev Testnurse")
    task_id = tasks.add_task(
        vault, case_id, TaskDraft("Health check", TODAY, professional_id=nurse)
    )
    with pytest.raises(InvalidInput, match="could not be done or was not done"):
        tasks.update_task(vault, task_id, TaskStatus.NOT_DONE, "Busy")
    tasks.update_task(
        vault,
        task_id,
        TaskStatus.NOT_DONE,
        "Clinic closed",
        not_done_reason=NotDoneReason.COULD_NOT,
    )
    [task] = tasks.outstanding_tasks(vault, case_id, TODAY)
    assert task.misses_in_a_row == 1 and not task.needs_challenge
    tasks.update_task(
        vault, task_id, TaskStatus.NOT_DONE, "Forgot", not_done_reason=NotDoneReason.WAS_NOT
    )
    [task] = tasks.outstanding_tasks(vault, case_id, TODAY)
    assert task.needs_challenge
    tasks.record_challenge(
        vault, task_id, "Chair Testchair", "Will book this week", "Health team manager"
    )
    [task] = tasks.outstanding_tasks(vault, case_id, TODAY)
    assert not task.needs_challenge
    assert task.challenges[0].escalated_to == "Health team manager"
    tasks.update_task(vault, task_id, TaskStatus.DONE, "Seen on Monday")
    assert tasks.outstanding_tasks(vault, case_id, TODAY) == []
    [done] = tasks.case_tasks(vault, case_id, TODAY)
    assert done.outcome == "Seen on Monday" and len(done.updates) == 3


def test_in_progress_needs_a_new_date(vault: Vault, case_id: int) -> None:
    nurse = _professional_id(vault, case_id, "Dev Testnurse")
    task_id = tasks.add_task(
        vault, case_id, TaskDraft("Health check", TODAY, professional_id=nurse)
    )
    with pytest.raises(InvalidInput, match="new due date"):
        tasks.update_task(vault, task_id, TaskStatus.IN_PROGRESS)
    tasks.update_task(vault, task_id, TaskStatus.IN_PROGRESS, new_due_on=TODAY + timedelta(10))
    assert tasks.case_tasks(vault, case_id, TODAY)[0].due_on == TODAY + timedelta(10)


def test_my_actions_spans_open_cases_and_filters(vault: Vault, case_id: int) -> None:
    teacher = _professional_id(vault, case_id, "Kim Testteacher")
    nurse = _professional_id(vault, case_id, "Dev Testnurse")
    other = cases.create_case(vault, CaseDraft("T-2", PersonDraft("Other Testchild")))
    mother = cases.add_person(vault, other, PersonDraft("Mum Testparent"))
    tasks.add_task(
        vault, case_id, TaskDraft("Overdue", TODAY - timedelta(days=1), professional_id=teacher)
    )
    tasks.add_task(
        vault, case_id, TaskDraft("Soon", TODAY + timedelta(days=6), professional_id=nurse)
    )
    tasks.add_task(
        vault, case_id, TaskDraft("Later", TODAY + timedelta(days=30), professional_id=nurse)
    )
    tasks.add_task(vault, other, TaskDraft("Family task", TODAY, owner_person_id=mother))
    mine = tasks.my_actions(vault, TODAY)
    assert [t.description for t in mine] == ["Overdue", "Family task", "Soon"]
    assert {t.case_reference for t in mine} == {"T-1", "T-2"}
    assert [t.description for t in tasks.my_actions(vault, TODAY, agency="Testshire Health")] == [
        "Soon"
    ]
    assert [
        t.description for t in tasks.my_actions(vault, TODAY, professional="Kim Testteacher")
    ] == ["Overdue"]


def test_my_actions_reads_a_page_at_a_time_and_counts_without_rows(
    vault: Vault, case_id: int
) -> None:
    teacher = _professional_id(vault, case_id, "Kim Testteacher")
    nurse = _professional_id(vault, case_id, "Dev Testnurse")
    # Several tasks on the same day, so the pages must be cut inside a day, by id.
    for n in range(7):
        who = teacher if n % 2 else nurse
        due = TODAY - timedelta(days=1) if n < 4 else TODAY + timedelta(days=2)
        tasks.add_task(vault, case_id, TaskDraft(f"Task {n}", due, professional_id=who))
    tasks.add_task(
        vault, case_id, TaskDraft("Far off", TODAY + timedelta(days=40), professional_id=teacher)
    )
    whole = tasks.my_actions(vault, TODAY)
    pages: list[list[tasks.TaskView]] = []
    after = None
    while True:
        page = tasks.my_actions(vault, TODAY, limit=3, after=after)
        pages.append(page)
        if len(page) < 3:
            break
        after = page[-1]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [t.id for p in pages for t in p] == [t.id for t in whole]
    assert [t.description for t in whole] == [f"Task {n}" for n in range(7)]

    overview = tasks.actions_overview(vault, TODAY)
    assert overview.tasks() == 7 and overview.overdue() == 4
    assert overview.owners == ["Dev Testnurse", "Kim Testteacher"]
    assert overview.tasks(professional="Kim Testteacher") == 3
    assert overview.overdue(professional="Kim Testteacher") == 2
    agency = whole[0].agency_name
    assert overview.tasks(agency=agency) == sum(t.agency_name == agency for t in whole)
    assert tasks.actions_overview(vault, TODAY - timedelta(days=30)).tasks() == 0


def test_a_task_for_a_family_member_names_them_in_every_view(vault: Vault, case_id: int) -> None:
    teacher = _professional_id(vault, case_id, "Kim Testteacher")
    sister = cases.add_person(vault, case_id, PersonDraft("Zofia Testtask", preferred_name="Zosia"))
    tasks.add_task(
        vault,
        case_id,
        TaskDraft(
            "Ask about a mentor",
            TODAY,
            professional_id=teacher,
            for_person_id=sister,
            for_need="friendships at school",
        ),
    )
    tasks.add_task(vault, case_id, TaskDraft("For everyone", TODAY, professional_id=teacher))
    planned = {t.description: t for t in tasks.case_tasks(vault, case_id, TODAY)}
    mine = {t.description: t for t in tasks.my_actions(vault, TODAY)}
    for view in (planned, mine):
        assert view["Ask about a mentor"].for_whom == (
            "Zofia Testtask (Zosia): friendships at school"
        )
        assert view["For everyone"].for_whom == ""


def test_a_task_needs_an_owner_and_keeps_its_agency_when_it_leaves(
    vault: Vault, case_id: int
) -> None:
    with pytest.raises(InvalidInput, match="which agency or family member"):
        tasks.add_task(vault, case_id, TaskDraft("Nobody's job", TODAY))
    involvement = next(
        i for i in cases.get_case(vault, case_id).involvements if i.name == "Dev Testnurse"
    )
    task_id = tasks.add_task(
        vault,
        case_id,
        TaskDraft("Health check", TODAY, professional_id=involvement.professional_id),
    )
    cases.remove_involvement(vault, involvement.id)
    [task] = tasks.case_tasks(vault, case_id, TODAY)
    assert task.id == task_id and task.agency_name == "Testshire Health"
    assert not task.agency_still_on_case  # kept, and flagged


def test_a_due_date_before_the_meeting_is_questioned_not_refused() -> None:
    assert tasks.due_date_warning(TODAY - timedelta(days=1), TODAY) is not None
    assert tasks.due_date_warning(TODAY, TODAY) is None
    assert tasks.due_date_warning(TODAY, None) is None


def test_a_case_file_is_written_with_its_tasks(vault: Vault, case_id: int, tmp_path: Path) -> None:
    from tac_desktop.core.transfer import read_case_file, write_case_file

    nurse = _professional_id(vault, case_id, "Dev Testnurse")
    tasks.add_task(vault, case_id, TaskDraft("Health check", TODAY, professional_id=nurse))
    written = read_case_file(write_case_file(vault, "T-1", tmp_path / "case.json"))
    assert [(t.description, t.agency, t.due) for t in written.tasks] == [
        ("Health check", "Testshire Health", TODAY)
    ]


def test_a_year_without_bank_holiday_data_counts_weekends_only_and_says_so() -> None:
    from tac_desktop.core.practice.working_days import bank_holiday_note

    # 2201 has no list: Friday 2 January 2201 + 1 working day is Monday the 5th.
    assert add_working_days(date(2201, 1, 2), 1, Nation.ENGLAND) == date(2201, 1, 5)
    note = bank_holiday_note(date(2200, 12, 30), date(2201, 1, 5), Nation.ENGLAND)
    assert note is not None and "2200, 2201" in note and "only weekends" in note
    assert bank_holiday_note(date(2026, 12, 23), date(2026, 12, 30), Nation.ENGLAND) is None
