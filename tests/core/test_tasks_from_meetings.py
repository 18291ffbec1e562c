"""Think Family answers become tasks when the meeting is finalised. Only invented people."""

from __future__ import annotations

from datetime import date, timedelta

from tac_desktop.core.models import AttendanceMode, Nation, Sector, TaskStatus
from tac_desktop.core.practice.think_family import QUESTION_BY_KEY, Answer, FollowUp, Procedure
from tac_desktop.core.services import cases, meetings, tasks
from tac_desktop.core.services.cases import CaseDraft, PersonDraft, ProfessionalDraft
from tac_desktop.core.services.meetings import ConsiderationAnswer, MeetingDraft
from tac_desktop.core.vault import Vault

HELD = date(2026, 11, 23)  # a Monday
NO = ConsiderationAnswer(Answer.NO, "Asked the family and the agencies; nothing found.")


def test_an_action_and_a_referral_become_tasks_of_the_lead_professional(vault: Vault) -> None:
    case_id = cases.create_case(
        vault,
        CaseDraft(
            "TF-1", PersonDraft("Kit Testchild", date_of_birth=date(2014, 6, 1)), Nation.WALES
        ),
    )
    mother = cases.add_person(
        vault,
        case_id,
        PersonDraft(
            "Dee Testparent",
            date_of_birth=date(1988, 3, 3),
            relationship_to_subject="mother",
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
    meeting_id = meetings.create_meeting(vault, case_id, MeetingDraft("first_tac", HELD))
    view = meetings.get_meeting(vault, meeting_id)
    for attendee in view.attendees:
        meetings.record_attendance(vault, attendee.id, AttendanceMode.PRESENT)
    for item in view.considerations:
        assert item.person_id is not None
        meetings.answer_consideration(vault, meeting_id, item.person_id, item.question_key, NO)
    child = next(c for c in view.considerations if c.question_key == "child_unmet_needs")
    assert child.person_id is not None
    meetings.answer_consideration(
        vault,
        meeting_id,
        child.person_id,
        "child_unmet_needs",
        ConsiderationAnswer(
            Answer.YES,
            "Kit has nobody to talk to at school.",
            FollowUp.ACTION,
            None,
            "Name a trusted adult at school.",
            HELD + timedelta(days=10),
        ),
    )
    referral_due = HELD + timedelta(days=4)
    meetings.answer_consideration(
        vault,
        meeting_id,
        mother,
        "adult_could_benefit",
        ConsiderationAnswer(
            Answer.NOT_KNOWN,
            "Dee mentioned poor sleep.",
            FollowUp.REFERRAL,
            Procedure.ADULT_SERVICES,
            "Refer Dee for a carer's assessment.",
            referral_due,
        ),
    )
    meetings.set_next_review(vault, meeting_id, HELD + timedelta(weeks=6))
    assert tasks.case_tasks(vault, case_id) == []  # a draft agrees nothing yet

    meetings.finalise(vault, meeting_id)

    made = tasks.case_tasks(vault, case_id, today=HELD)
    assert len(made) == 2
    assert {(t.owner_name, t.agency_name) for t in made} == {("Lee Testlead", "Testshire School")}
    assert all(t.meeting_id == meeting_id and t.status is TaskStatus.NOT_STARTED for t in made)
    action = next(t for t in made if t.description.startswith("Name a trusted adult"))
    referral = next(t for t in made if t.description.startswith("Refer Dee"))
    assert action.due_on == HELD + timedelta(days=10)
    assert referral.due_on == referral_due
    assert referral.description == (
        "Refer Dee for a carer's assessment. (Referral to adult services)"
    )
    assert action.description == "Name a trusted adult at school."
    assert action.for_need == QUESTION_BY_KEY["child_unmet_needs"].text
    # The next review walks them.
    review = meetings.create_meeting(vault, case_id, MeetingDraft("tac_review", HELD))
    walked = [m.task_id for m in meetings.get_meeting(vault, review).missing if m.task_id]
    assert sorted(walked) == sorted(t.id for t in made)
