"""Think Family answers become tasks when the meeting is finalised, each the task of
whoever the chair named to do it (issue 16: not the lead professional's by default).
Only invented people."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import AttendanceMode, Nation, Sector, TaskStatus
from tac_desktop.core.practice.think_family import (
    QUESTION_BY_KEY,
    ActorKind,
    Answer,
    FollowUp,
    Procedure,
)
from tac_desktop.core.services import cases, meetings, reports, tasks
from tac_desktop.core.services.cases import CaseDraft, PersonDraft, ProfessionalDraft
from tac_desktop.core.services.meetings import (
    Actor,
    ConsiderationAnswer,
    MeetingDraft,
    NotReadyToFinalise,
)
from tac_desktop.core.services.tasks import Urgency
from tac_desktop.core.vault import Vault
from tests.conftest import CHAIR

HELD = date(2026, 11, 23)  # a Monday
NO = ConsiderationAnswer(Answer.NO, "Asked the family and the agencies; nothing found.")


def _case(vault: Vault) -> tuple[int, dict[str, int], dict[str, int]]:
    """A child, her mother and father (both with PR); a school (leads), a nurse, the
    police. Returns the case, its people and its professionals by name."""
    case_id = cases.create_case(
        vault,
        CaseDraft(
            "TF-1", PersonDraft("Kit Testchild", date_of_birth=date(2014, 6, 1)), Nation.WALES
        ),
    )
    for name, relation in (("Dee Testparent", "mother"), ("Lou Testparent", "father")):
        cases.add_person(
            vault,
            case_id,
            PersonDraft(
                name,
                date_of_birth=date(1988, 3, 3),
                relationship_to_subject=relation,
                parental_responsibility=True,
            ),
        )
    cases.add_professional(
        vault, case_id, ProfessionalDraft("Nurse Testwell", "Testshire Health", Sector.HEALTH)
    )
    cases.add_professional(
        vault,
        case_id,
        ProfessionalDraft("Lee Testlead", "Testshire School", Sector.EDUCATION),
        is_lead=True,
    )
    cases.add_professional(
        vault,
        case_id,
        ProfessionalDraft("PC Tess Testcop", "Testshire Police", Sector.POLICE, "DA officer"),
    )
    case = cases.get_case(vault, case_id)
    people = {p.name: p.id for p in case.people}
    professionals = {i.name: i.professional_id for i in case.involvements}
    return case_id, people, professionals


def _meeting(vault: Vault, case_id: int, held: date = HELD) -> int:
    meeting_id = meetings.create_meeting(vault, case_id, MeetingDraft("first_tac", held))
    view = meetings.get_meeting(vault, meeting_id)
    for attendee in view.attendees:
        meetings.record_attendance(vault, attendee.id, AttendanceMode.PRESENT)
    for item in view.considerations:
        assert item.person_id is not None
        meetings.answer_consideration(vault, meeting_id, item.person_id, item.question_key, NO)
    meetings.set_next_review(vault, meeting_id, held + timedelta(weeks=6))
    return meeting_id


def _named(vault: Vault, case_id: int, kind: ActorKind, name: str = "") -> Actor:
    return next(
        c.actor
        for c in meetings.actor_choices(vault, case_id)
        if c.actor.kind is kind and (not name or name in (c.name, c.agency))
    )


def test_an_action_and_a_referral_become_tasks_of_whoever_was_named(vault: Vault) -> None:
    """Issue 16: these used to become the lead professional's tasks whoever did them.
    Now finalising waits until each names who does it, and each is that one's task."""
    case_id, people, professionals = _case(vault)
    meeting_id = _meeting(vault, case_id)
    action = ConsiderationAnswer(
        Answer.YES,
        "Kit has nobody to talk to at school.",
        FollowUp.ACTION,
        None,
        "Name a trusted adult at school.",
        HELD + timedelta(days=10),
    )
    referral_due = HELD + timedelta(days=4)
    referral = ConsiderationAnswer(
        Answer.NOT_KNOWN,
        "Dee mentioned poor sleep.",
        FollowUp.REFERRAL,
        Procedure.ADULT_SERVICES,
        "Refer Dee for a carer's assessment.",
        referral_due,
    )
    kit, dee = people["Kit Testchild"], people["Dee Testparent"]
    meetings.answer_consideration(vault, meeting_id, kit, "child_unmet_needs", action)
    meetings.answer_consideration(vault, meeting_id, dee, "adult_could_benefit", referral)
    with pytest.raises(NotReadyToFinalise) as refused:
        meetings.finalise(vault, meeting_id)
    asked = [m.message for m in refused.value.missing]
    assert len(asked) == 2 and all("say who will do it" in m for m in asked)
    assert "a professional or an agency on the case, or the chair" in asked[0]
    assert tasks.case_tasks(vault, case_id) == []  # a draft agrees nothing yet

    nurse = Actor(ActorKind.PROFESSIONAL, professionals["Nurse Testwell"])
    chair = _named(vault, case_id, ActorKind.CHAIR)
    meetings.answer_consideration(vault, meeting_id, kit, "child_unmet_needs", _with(action, nurse))
    meetings.answer_consideration(
        vault, meeting_id, dee, "adult_could_benefit", _with(referral, chair)
    )
    named = {
        (c.person_name, c.who_acts)
        for c in meetings.get_meeting(vault, meeting_id).considerations
        if c.needs_actor
    }
    assert named == {
        ("Kit Testchild", "Nurse Testwell (Testshire Health)"),
        ("Dee Testparent", f"{CHAIR.name} ({CHAIR.agency})"),
    }
    meetings.finalise(vault, meeting_id)

    made = tasks.case_tasks(vault, case_id, today=HELD)
    assert len(made) == 2
    assert all(t.meeting_id == meeting_id and t.status is TaskStatus.NOT_STARTED for t in made)
    action_task = next(t for t in made if t.description.startswith("Name a trusted adult"))
    referral_task = next(t for t in made if t.description.startswith("Refer Dee"))
    assert (action_task.owner_name, action_task.agency_name) == (
        "Nurse Testwell",
        "Testshire Health",
    )
    assert (referral_task.owner_name, referral_task.agency_name) == (CHAIR.name, CHAIR.agency)
    assert action_task.due_on == HELD + timedelta(days=10)
    assert referral_task.due_on == referral_due
    assert referral_task.description == (
        "Refer Dee for a carer's assessment. (Referral to adult services)"
    )
    assert action_task.description == "Name a trusted adult at school."
    assert action_task.for_need == QUESTION_BY_KEY["child_unmet_needs"].text
    plan = {p.agency_name: [t.id for t in p.tasks] for p in tasks.action_plan(vault, case_id)}
    assert plan == {CHAIR.agency: [referral_task.id], "Testshire Health": [action_task.id]}
    # The next review walks them.
    review = meetings.create_meeting(vault, case_id, MeetingDraft("tac_review", HELD))
    walked = [m.task_id for m in meetings.get_meeting(vault, review).missing if m.task_id]
    assert sorted(walked) == sorted(t.id for t in made)


def _with(given: ConsiderationAnswer, actor: Actor) -> ConsiderationAnswer:
    return ConsiderationAnswer(
        given.answer,
        given.reason,
        given.follow_up,
        given.procedure,
        given.follow_up_detail,
        given.due_on,
        actor,
    )


def test_who_can_be_named_is_someone_on_the_case_or_the_chair(vault: Vault) -> None:
    case_id, people, professionals = _case(vault)
    choices = meetings.actor_choices(vault, case_id)
    labels = [c.label for c in choices]
    assert "Nurse Testwell (Testshire Health)" in labels
    assert "PC Tess Testcop, DA officer (Testshire Police)" in labels
    assert "Someone at Testshire Police (nobody named yet)" in labels
    assert labels[-1] == f"The chair ({CHAIR.name})"
    other = cases.create_case(
        vault, CaseDraft("TF-2", PersonDraft("Other Testchild", date_of_birth=date(2015, 1, 1)))
    )
    stranger = cases.add_professional(
        vault, other, ProfessionalDraft("Sam Elsewhere", "Elsewhere Service", Sector.OTHER)
    )
    stranger_id = next(
        i.professional_id for i in cases.get_case(vault, other).involvements if i.id == stranger
    )
    assert not any("Elsewhere" in label for label in labels)  # another family's people
    meeting_id = _meeting(vault, case_id)
    given = ConsiderationAnswer(
        Answer.YES,
        "Kit is not sleeping.",
        FollowUp.ACTION,
        None,
        "Ask about sleep at the next visit.",
        actor=Actor(ActorKind.PROFESSIONAL, stranger_id),
    )
    with pytest.raises(InvalidInput, match="not working with this family's case"):
        meetings.answer_consideration(
            vault, meeting_id, people["Kit Testchild"], "child_unmet_needs", given
        )
    someone_there = _named(vault, case_id, ActorKind.AGENCY, "Testshire Police")
    meetings.answer_consideration(
        vault,
        meeting_id,
        people["Kit Testchild"],
        "child_unmet_needs",
        _with(given, someone_there),
    )
    # The nurse leaves the case before the meeting is finalised: asked again.
    meetings.answer_consideration(
        vault,
        meeting_id,
        people["Kit Testchild"],
        "child_unmet_needs",
        _with(given, Actor(ActorKind.PROFESSIONAL, professionals["Nurse Testwell"])),
    )
    nurse = next(
        i.id for i in cases.get_case(vault, case_id).involvements if i.name == "Nurse Testwell"
    )
    cases.remove_involvement(vault, nurse)
    missing = [m.message for m in meetings.get_meeting(vault, meeting_id).missing]
    assert any("Nurse Testwell (Testshire Health) is no longer on the case" in m for m in missing)
    meetings.answer_consideration(
        vault, meeting_id, people["Kit Testchild"], "child_unmet_needs", _with(given, someone_there)
    )
    meetings.finalise(vault, meeting_id)
    [task] = tasks.case_tasks(vault, case_id)
    assert (task.agency_name, task.owner_name) == ("Testshire Police", "")


def _disclosure(actor: Actor | None = None) -> ConsiderationAnswer:
    return ConsiderationAnswer(
        Answer.YES,
        "Police were called to the house on Saturday.",
        FollowUp.REFERRAL,
        Procedure.MARAC,
        "MARAC referral by the DA officer today.",
        actor=actor,
    )


def test_one_same_day_referral_per_procedure_names_everyone_it_concerns(vault: Vault) -> None:
    """Both parents' "yes" to domestic abuse, from one incident: one MARAC referral,
    naming both, made by one person, due the day of the meeting."""
    case_id, people, professionals = _case(vault)
    meeting_id = _meeting(vault, case_id)
    police = Actor(ActorKind.PROFESSIONAL, professionals["PC Tess Testcop"])
    school = Actor(ActorKind.PROFESSIONAL, professionals["Lee Testlead"])
    dee, lou = people["Dee Testparent"], people["Lou Testparent"]
    meetings.answer_consideration(vault, meeting_id, dee, "domestic_abuse", _disclosure())
    [unnamed] = [m.message for m in meetings.get_meeting(vault, meeting_id).missing]
    assert "Dee Testparent" in unnamed and "say who will do it" in unnamed
    meetings.answer_consideration(vault, meeting_id, dee, "domestic_abuse", _disclosure(police))
    meetings.answer_consideration(vault, meeting_id, lou, "domestic_abuse", _disclosure(school))
    for person in (dee, lou):
        meetings.confirm_referral(vault, meeting_id, person, "domestic_abuse")
    with pytest.raises(NotReadyToFinalise) as refused:
        meetings.finalise(vault, meeting_id)
    [message] = [m.message for m in refused.value.missing]
    assert message == (
        "Think Family: the referral to MARAC (domestic abuse risk conference) is one "
        "referral for Dee Testparent and Lou Testparent. Name the same person to make it "
        "for each of them (now: PC Tess Testcop (Testshire Police); Lee Testlead "
        "(Testshire School))."
    )
    meetings.answer_consideration(vault, meeting_id, lou, "domestic_abuse", _disclosure(police))
    meetings.confirm_referral(vault, meeting_id, lou, "domestic_abuse")
    meetings.finalise(vault, meeting_id)

    [referral] = tasks.case_tasks(vault, case_id, today=HELD)
    assert referral.description == (
        "MARAC referral by the DA officer today. (MARAC (domestic abuse risk conference))"
    )
    assert referral.for_whom.startswith("Dee Testparent and Lou Testparent: Is domestic abuse")
    assert (referral.owner_name, referral.agency_name) == ("PC Tess Testcop", "Testshire Police")
    assert referral.due_on == HELD  # the same day
    assert referral.urgency is Urgency.TODAY and referral.urgency.label.endswith("Today")
    assert referral.urgent_referral


def test_a_same_day_referral_comes_first_in_my_actions_and_the_action_plan(
    vault: Vault,
) -> None:
    """Made at today's meeting: "Today" in words, first, above routine work that is
    already late, in My actions and in the case's action plan."""
    today = HELD  # a working day: the meeting's own day
    case_id, people, professionals = _case(vault)
    school = professionals["Lee Testlead"]
    for days in (3, 20, 1):  # routine work, late
        tasks.add_task(
            vault,
            case_id,
            tasks.TaskDraft(
                f"Routine task {days}", today - timedelta(days=days), professional_id=school
            ),
        )
    meeting_id = _meeting(vault, case_id, today)
    police = Actor(ActorKind.PROFESSIONAL, professionals["PC Tess Testcop"])
    dee = people["Dee Testparent"]
    meetings.answer_consideration(vault, meeting_id, dee, "domestic_abuse", _disclosure(police))
    meetings.confirm_referral(vault, meeting_id, dee, "domestic_abuse")
    meetings.finalise(vault, meeting_id)

    mine = tasks.my_actions(vault, today)
    assert mine[0].description.startswith("MARAC referral")
    assert mine[0].urgency is Urgency.TODAY and mine[0].due_on == today
    assert [t.description for t in mine[1:]] == [
        "Routine task 20",
        "Routine task 3",
        "Routine task 1",
    ]
    # Read a row at a time (as the table does, a page at a time), the order is the same.
    paged = tasks.my_actions(vault, today, limit=1)
    while more := tasks.my_actions(vault, today, limit=1, after=paged[-1]):
        paged += more
    assert [t.id for t in paged] == [t.id for t in mine]
    overview = tasks.actions_overview(vault, today)
    assert (overview.tasks(), overview.overdue(), overview.due_today()) == (4, 3, 1)
    # Still first the day after, now late.
    assert tasks.my_actions(vault, today + timedelta(days=1))[0].id == mine[0].id
    plan = tasks.action_plan(vault, case_id, today)
    assert plan[0].agency_name == "Testshire Police"  # before Testshire School
    assert plan[0].tasks[0].description.startswith("MARAC referral")
    # Once it is done it is no longer first.
    tasks.update_task(vault, mine[0].id, TaskStatus.DONE, "Referred by phone and form.")
    assert tasks.my_actions(vault, today)[0].description == "Routine task 20"
    assert [p.agency_name for p in tasks.action_plan(vault, case_id, today)] == [
        "Testshire Police",
        "Testshire School",
    ]


# -- the Nowaks' review, read back from the papers -----------------------------------------


def _pdftotext(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out


def _block(text: str, start: str, end: str) -> str:
    """The text between a heading and the next one ("" when the heading is missing)."""
    if start not in text:
        return ""
    after = text.split(start, 1)[1]
    return after.split(end, 1)[0] if end in after else after


def test_the_nowaks_minutes_and_police_summary_group_tasks_by_the_agency_that_does_them(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """Issue 16 read back: the MARAC referral is the police's, the GP question the health
    visitor's, the nursery observation the school's; the police summary has the MARAC
    referral and nothing of the others."""
    from tac_desktop.core.services import documents

    case_id = cases.find_case_id(demo_vault, "TAC-2026-0102")
    final = next(
        m.id for m in meetings.list_meetings(demo_vault, case_id) if m.status.value == "finalised"
    )
    plan = {
        g.agency: [a.description for a in g.actions]
        for g in documents.minutes_content(demo_vault, final).action_plan
    }
    assert any(
        d.startswith("MARAC referral by the domestic abuse officer") for d in plan["Dyfed Police"]
    )
    assert any(d.startswith("Health visitor to ask the GP") for d in plan["Cwm Health Visiting"])
    assert any(d.startswith("Nursery key person to observe") for d in plan["Bryn Primary School"])
    assert not any("MARAC referral" in d or "ask the GP" in d for d in plan["Bryn Primary School"])

    minutes = " ".join(
        _pdftotext(documents.minutes_document(demo_vault, final).pdf, tmp_path, "m.pdf").split()
    )
    plan_text = minutes.split("The action plan, by agency", 1)[1]
    police = _block(plan_text, "Dyfed Police", "Tŷ Diogel")
    school = _block(plan_text, "Bryn Primary School", "Cwm Health Visiting")
    health = _block(plan_text, "Cwm Health Visiting", "Dyfed Police")
    assert "MARAC referral by the domestic abuse" in police
    assert "PC Rhys Morgan" in police
    assert "Health visitor to ask the GP" in health and "Nia Evans" in health
    assert "Nursery key person to observe" in school
    assert "MARAC" not in school and "ask the GP" not in school

    summary = " ".join(
        _pdftotext(
            reports.outcome_summary_document(demo_vault, final, "Dyfed Police").pdf,
            tmp_path,
            "police.pdf",
        ).split()
    )
    agreed = summary.split("What Dyfed Police agreed to do", 1)[1]
    assert "MARAC referral by the domestic abuse officer" in agreed
    assert "Share the police log" in agreed
    assert "Health visitor" not in agreed and "Nursery key person" not in agreed
