"""Chairing rules without Qt: who is asked what, finalising, triggers, amendments, power cuts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import AttendanceMode, MeetingStatus, Nation
from tac_desktop.core.practice import agenda
from tac_desktop.core.practice.think_family import (
    ActorKind,
    Answer,
    FollowUp,
    Procedure,
    Role,
    roles_for_meeting,
)
from tac_desktop.core.practice.working_days import add_working_days
from tac_desktop.core.services import cases, meetings
from tac_desktop.core.services.cases import CaseDraft, PersonDraft
from tac_desktop.core.services.meetings import (
    ConsiderationAnswer,
    MeetingDraft,
    NotReadyToFinalise,
    Paperwork,
)
from tac_desktop.core.vault import KdfParams, Vault
from tests.conftest import CHAIR, PASSPHRASE

HELD = date(2026, 11, 23)  # a Monday
NO = ConsiderationAnswer(Answer.NO, "Asked the family and the agencies; nothing found.")


# -- who is asked what ------------------------------------------------------------------


def test_a_child_meeting_asks_about_the_adults_and_the_other_children() -> None:
    # (id, subject, child, household, PR, contact)
    people = [
        (1, True, True, True, False, False),  # the child
        (2, False, False, True, True, False),  # mother at home
        (3, False, False, False, True, True),  # father elsewhere with contact
        (4, False, True, True, False, False),  # sister at home
        (5, False, True, False, False, False),  # cousin elsewhere: not asked about
        (6, False, False, False, False, False),  # an aunt with no link: not asked about
    ]
    roles = {r.person_id: r.role for r in roles_for_meeting(people)}
    assert roles == {
        1: Role.SUBJECT_CHILD,
        2: Role.ADULT_AROUND_CHILD,
        3: Role.ADULT_AROUND_CHILD,
        4: Role.OTHER_CHILD,
    }
    adult_questions = {
        q.key for q in next(r for r in roles_for_meeting(people) if r.person_id == 2).questions
    }
    assert adult_questions == {
        "adult_could_benefit",
        "adult_risk_referral",
        "adult_at_risk_abuse",
        "domestic_abuse",
    }


def test_an_adult_meeting_asks_about_the_parent_and_their_children() -> None:
    people = [
        (1, True, False, True, True, False),  # the parent: the subject
        (2, False, True, True, False, False),  # baby at home
        (3, False, True, False, False, True),  # older child with contact
    ]
    roles = roles_for_meeting(people)
    assert {r.person_id: r.role for r in roles} == {
        1: Role.SUBJECT_ADULT,
        2: Role.CHILD_OF_SUBJECT_ADULT,
        3: Role.CHILD_OF_SUBJECT_ADULT,
    }
    # Every other adult of the household or family unit is asked about too (issue 16).
    family_unit = [
        *people,
        (4, False, False, False, False, True),  # grandmother, significant contact
        (5, False, False, True, False, False),  # partner at home
        (6, False, False, False, True, False),  # the other parent, PR, lives elsewhere
        (7, False, False, False, False, False),  # an uncle with no contact
    ]
    roles = roles_for_meeting(family_unit)
    adults = {r.person_id for r in roles if r.role is Role.ADULT_IN_FAMILY}
    assert adults == {4, 5, 6}
    asked = {q.key for r in roles if r.person_id == 4 for q in r.questions}
    assert asked == {"harmed_by_subject_adult", "carer_support", "domestic_abuse"}
    parent = {q.key for q in roles[0].questions}
    assert {
        "needs_affect_care",
        "conduct_risk_to_child",
        "parenting_support",
        "young_carer",
        "harm_to_other_adult",
        "own_unmet_needs",
        "refused_services",
    } <= parent


# -- working days -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "nation", "expected"),
    [
        (date(2026, 11, 20), 1, Nation.ENGLAND, date(2026, 11, 23)),  # Friday → Monday
        (date(2026, 12, 24), 1, Nation.ENGLAND, date(2026, 12, 29)),  # Christmas, Boxing Day
        (date(2026, 12, 31), 1, Nation.ENGLAND, date(2027, 1, 4)),
        (date(2026, 12, 31), 1, Nation.SCOTLAND, date(2027, 1, 5)),  # 2 January too
        (date(2026, 3, 16), 1, Nation.NORTHERN_IRELAND, date(2026, 3, 18)),  # St Patrick's
        (date(2026, 3, 16), 1, Nation.WALES, date(2026, 3, 17)),
        (date(2026, 11, 21), 0, Nation.ENGLAND, date(2026, 11, 23)),  # Saturday → Monday
        (date(2026, 11, 23), 15, Nation.ENGLAND, date(2026, 12, 14)),
    ],
)
def test_working_days_skip_weekends_and_that_nations_bank_holidays(
    start: date, days: int, nation: Nation, expected: date
) -> None:
    assert add_working_days(start, days, nation) == expected


# -- agenda templates -------------------------------------------------------------------


def test_every_shipped_agenda_loads_with_the_required_sections() -> None:
    templates = agenda.load_templates()
    assert {
        "first_tac",
        "tac_review",
        "cin_review",
        "core_group",
        "adult_parent_review",
        "closure",
    } <= set(templates)
    for template in templates.values():
        assert template.restored == ()  # shipped files need no repair
        for part in (agenda.Part.ATTENDANCE, agenda.Part.THINK_FAMILY, agenda.Part.NEXT_REVIEW):
            assert template.has_part(part), (template.id, part)


def test_a_template_cannot_drop_think_family() -> None:
    text = (
        'id = "local"\ntitle = "Local"\n[[section]]\nkey = "a"\ntitle = "Actions"\n'
        'parts = ["actions"]\n'
    )
    template = agenda.parse_template(text, "local.toml")
    assert template.has_part(agenda.Part.THINK_FAMILY)
    keys = [s.key for s in template.sections]
    assert keys.index("think_family") < keys.index("a")  # before the actions
    assert "Think Family" in template.restored


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('id = "x"\ntitle = \n', "line 2"),
        ('id = "x"\ntitle = "X"\n', "no [[section]]"),
        (
            'id = "x"\ntitle = "X"\n[[section]]\nkey = "a"\ntitle = "A"\nparts = ["dance"]\n',
            "unknown part",
        ),
        ('title = "X"\n[[section]]\nkey = "a"\ntitle = "A"\n', "'id'"),
    ],
)
def test_a_broken_template_names_the_file_and_the_problem(text: str, message: str) -> None:
    with pytest.raises(agenda.TemplateError, match=r"broken\.toml") as raised:
        agenda.parse_template(text, "broken.toml")
    assert message in str(raised.value)


# -- a meeting from start to finish -------------------------------------------------------


@pytest.fixture
def family(vault: Vault) -> int:
    case_id = cases.create_case(
        vault,
        CaseDraft(
            "M-1", PersonDraft("Zoë Testchild", date_of_birth=date(2013, 2, 1)), Nation.ENGLAND
        ),
    )
    cases.add_person(
        vault,
        case_id,
        PersonDraft(
            "Mum Testparent",
            date_of_birth=date(1985, 1, 1),
            relationship_to_subject="mother",
            parental_responsibility=True,
        ),
    )
    return case_id


def _everyone_present(vault: Vault, meeting_id: int) -> None:
    for attendee in meetings.get_meeting(vault, meeting_id).attendees:
        meetings.record_attendance(vault, attendee.id, AttendanceMode.PRESENT)


def _answer_all_no(vault: Vault, meeting_id: int) -> None:
    for item in meetings.get_meeting(vault, meeting_id).considerations:
        assert item.person_id is not None
        meetings.answer_consideration(vault, meeting_id, item.person_id, item.question_key, NO)


def test_finalise_is_refused_with_exactly_what_is_missing_then_succeeds(
    vault: Vault, family: int
) -> None:
    meeting_id = meetings.create_meeting(vault, family, MeetingDraft("first_tac", HELD))
    view = meetings.get_meeting(vault, meeting_id)
    assert view.status is MeetingStatus.DRAFT
    assert {a.name for a in view.attendees} == {"Zoë Testchild", "Mum Testparent"}
    assert len(view.considerations) == 2 + 4  # the child's two, the mother's four

    with pytest.raises(NotReadyToFinalise) as refused:
        meetings.finalise(vault, meeting_id)
    messages = [item.message for item in refused.value.missing]
    assert sum("has no answer" in m for m in messages) == 6
    assert sum("is not recorded" in m for m in messages) == 2
    assert any("Next review" in m for m in messages)
    assert {item.section_key for item in refused.value.missing} == {
        "attendance",
        "think_family",
        "next_review",
    }

    _everyone_present(vault, meeting_id)
    _answer_all_no(vault, meeting_id)
    mother = next(
        c
        for c in meetings.get_meeting(vault, meeting_id).considerations
        if c.person_name == "Mum Testparent" and c.question_key == "domestic_abuse"
    )
    assert mother.person_id is not None
    meetings.answer_consideration(
        vault,
        meeting_id,
        mother.person_id,
        "domestic_abuse",
        ConsiderationAnswer(Answer.YES, "Disclosed today.", None, None, "Officer refers today"),
    )
    meetings.set_next_review(vault, meeting_id, HELD + timedelta(weeks=6))
    with pytest.raises(NotReadyToFinalise) as refused:
        meetings.finalise(vault, meeting_id)
    [still] = refused.value.missing
    assert "say who will do it" in still.message  # who makes the referral (issue 16)
    meetings.answer_consideration(
        vault,
        meeting_id,
        mother.person_id,
        "domestic_abuse",
        ConsiderationAnswer(
            Answer.YES,
            "Disclosed today.",
            None,
            None,
            "Officer refers today",
            actor=meetings.Actor(ActorKind.CHAIR),
        ),
    )
    with pytest.raises(NotReadyToFinalise) as refused:
        meetings.finalise(vault, meeting_id)
    [still] = refused.value.missing
    assert "confirm the same-day referral" in still.message
    assert (still.person_id, still.question_key) == (mother.person_id, "domestic_abuse")

    answered = next(
        c
        for c in meetings.get_meeting(vault, meeting_id).considerations
        if c.question_key == "domestic_abuse"
    )
    assert answered.follow_up is FollowUp.REFERRAL
    assert answered.procedure is Procedure.MARAC
    assert answered.due_on == HELD  # same day (a Monday)
    meetings.confirm_referral(vault, meeting_id, mother.person_id, "domestic_abuse")

    final = meetings.finalise(vault, meeting_id)
    assert final.status is MeetingStatus.FINALISED and not final.missing
    assert final.decision_summary_due is not None and final.minutes_due is not None
    assert final.minutes_due > final.decision_summary_due

    with pytest.raises(InvalidInput, match="finalised"):
        meetings.save_notes(vault, meeting_id, "welcome", "changed later")
    with pytest.raises(InvalidInput, match="finalised"):
        meetings.set_next_review(vault, meeting_id, None)
    meetings.amend(
        vault,
        meeting_id,
        "The mother's name is spelt Testparent-Jones.",
        "The mother asked for the correction.",
        "welcome",
    )
    [amendment] = meetings.get_meeting(vault, meeting_id).amendments
    assert amendment.author == CHAIR.name
    assert meetings.get_meeting(vault, meeting_id).section("welcome").notes == ""


def test_yes_or_not_known_must_lead_somewhere(vault: Vault, family: int) -> None:
    meeting_id = meetings.create_meeting(vault, family, MeetingDraft("first_tac", HELD))
    _everyone_present(vault, meeting_id)
    _answer_all_no(vault, meeting_id)
    meetings.set_next_review(vault, meeting_id, HELD + timedelta(weeks=6))
    child = next(
        c
        for c in meetings.get_meeting(vault, meeting_id).considerations
        if c.question_key == "child_unmet_needs"
    )
    assert child.person_id is not None
    meetings.answer_consideration(
        vault,
        meeting_id,
        child.person_id,
        "child_unmet_needs",
        ConsiderationAnswer(Answer.NOT_KNOWN, "Not yet asked."),
    )
    [missing] = meetings.get_meeting(vault, meeting_id).missing
    assert "say what follows" in missing.message
    meetings.answer_consideration(
        vault,
        meeting_id,
        child.person_id,
        "child_unmet_needs",
        ConsiderationAnswer(Answer.NOT_KNOWN, "Not yet asked.", FollowUp.NO_ACTION, ""),
    )
    [missing] = meetings.get_meeting(vault, meeting_id).missing
    assert "reason for deciding not to act" in missing.message
    meetings.answer_consideration(
        vault,
        meeting_id,
        child.person_id,
        "child_unmet_needs",
        ConsiderationAnswer(
            Answer.NOT_KNOWN,
            "Not yet asked.",
            FollowUp.REFERRAL,
            Procedure.EARLY_HELP,
            "School nurse to assess",
        ),
    )
    [missing] = meetings.get_meeting(vault, meeting_id).missing
    assert "say who will do it" in missing.message
    meetings.answer_consideration(
        vault,
        meeting_id,
        child.person_id,
        "child_unmet_needs",
        ConsiderationAnswer(
            Answer.NOT_KNOWN,
            "Not yet asked.",
            FollowUp.REFERRAL,
            Procedure.EARLY_HELP,
            "School nurse to assess",
            actor=meetings.Actor(ActorKind.CHAIR),
        ),
    )
    view = meetings.get_meeting(vault, meeting_id)
    assert not view.missing
    referral = next(c for c in view.considerations if c.question_key == "child_unmet_needs")
    assert referral.due_on == add_working_days(HELD, 3, Nation.ENGLAND)


def test_someone_added_mid_meeting_gets_questions_and_someone_removed_keeps_answers(
    vault: Vault, family: int
) -> None:
    meeting_id = meetings.create_meeting(vault, family, MeetingDraft("first_tac", HELD))
    _answer_all_no(vault, meeting_id)
    brother = cases.add_person(
        vault,
        family,
        PersonDraft(
            "Brother Testchild", date_of_birth=date(2016, 1, 1), relationship_to_subject="brother"
        ),
    )
    view = meetings.get_meeting(vault, meeting_id)
    assert [c.question_key for c in view.considerations if c.person_id == brother] == [
        "sibling_unmet_needs"
    ]
    mother_id = next(c.person_id for c in view.considerations if c.person_name == "Mum Testparent")
    assert mother_id is not None
    cases.remove_person(vault, mother_id)
    view = meetings.get_meeting(vault, meeting_id)
    kept = [c for c in view.considerations if c.person_name == "Mum Testparent"]
    assert len(kept) == 4 and all(not c.still_on_case and c.answer is Answer.NO for c in kept)
    assert not any(
        "Mum Testparent" in item.message
        for item in view.missing
        if item.section_key == "think_family"
    )


def test_an_adult_subject_meeting_uses_the_parent_questions(vault: Vault) -> None:
    case_id = cases.create_case(
        vault,
        CaseDraft(
            "A-1",
            PersonDraft(
                "Parent Testadult", date_of_birth=date(1990, 6, 1), parental_responsibility=True
            ),
        ),
    )
    cases.add_person(
        vault,
        case_id,
        PersonDraft(
            "Baby Testchild", date_of_birth=date(2026, 1, 1), relationship_to_subject="daughter"
        ),
    )
    meeting_id = meetings.create_meeting(vault, case_id, MeetingDraft("adult_parent_review", HELD))
    view = meetings.get_meeting(vault, meeting_id)
    assert view.about == "adult"
    roles = {c.role for c in view.considerations}
    assert roles == {Role.SUBJECT_ADULT, Role.CHILD_OF_SUBJECT_ADULT}


def test_a_long_note_and_an_odd_date_are_handled(vault: Vault, family: int) -> None:
    far = date(2031, 1, 1)
    assert meetings.unusual_date_warning(far, HELD) is not None
    assert meetings.unusual_date_warning(HELD, HELD) is None
    meeting_id = meetings.create_meeting(vault, family, MeetingDraft("first_tac", far))
    note = "Ayşe said " + " ".join(["word"] * 50_000) + " <b>&</b>"
    meetings.save_notes(vault, meeting_id, "welcome", note)
    assert meetings.get_meeting(vault, meeting_id).section("welcome").notes == note
    with pytest.raises(InvalidInput, match="after this meeting"):
        meetings.set_next_review(vault, meeting_id, far)
    with pytest.raises(InvalidInput, match="not a time"):
        meetings.create_meeting(vault, family, MeetingDraft("first_tac", HELD, "25:99"))


def test_scores_views_and_early_reviews_are_recorded(vault: Vault, family: int) -> None:
    meeting_id = meetings.create_meeting(vault, family, MeetingDraft("first_tac", HELD))
    meetings.add_score(vault, meeting_id, "School", 4, "Worried about mornings")
    meetings.add_score(vault, meeting_id, "Mum Testparent", 8)
    with pytest.raises(InvalidInput, match="0 to 10"):
        meetings.add_score(vault, meeting_id, "Someone", 11)
    meetings.add_differing_view(
        vault,
        meeting_id,
        "Whether to refer to CAMHS",
        "School: yes. Health: wait a month.",
        "",
        "Team manager",
    )
    meetings.request_early_review(
        vault, meeting_id, "Zoë Testchild", "Wants to talk sooner", "Agreed: review in 3 weeks"
    )
    view = meetings.get_meeting(vault, meeting_id)
    assert [s.score for s in view.scores] == [4, 8]
    assert view.differing_views[0].escalated_to == "Team manager"
    assert view.early_reviews[0].requested_by == "Zoë Testchild"


# -- a power cut mid-meeting ------------------------------------------------------------


CHILD_SCRIPT = textwrap.dedent(
    """
    import sys
    from tac_desktop.core.services import meetings
    from tac_desktop.core.vault import Vault

    path, passphrase, meeting_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
    vault = Vault.open(path, passphrase)
    text = ""
    for number in range(1, 100_000):
        text += f" word{number}"
        meetings.save_notes(vault, meeting_id, "welcome", text)
        print(number, flush=True)  # only after the commit has returned
    """
)


@pytest.mark.slow
def test_a_killed_process_loses_nothing_that_was_committed(tmp_path: Path) -> None:
    path = tmp_path / "power-cut.tacvault"
    with Vault.create(path, PASSPHRASE, CHAIR, KdfParams.fast_for_tests()) as vault:
        case_id = cases.create_case(vault, CaseDraft("P-1", PersonDraft("Child Testperson")))
        meeting_id = meetings.create_meeting(vault, case_id, MeetingDraft("first_tac", HELD))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_SCRIPT, str(path), PASSPHRASE, str(meeting_id)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    last = 0
    for line in child.stdout:
        last = int(line)
        if last >= 40:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    with Vault.open(path, PASSPHRASE) as reopened:
        notes = meetings.get_meeting(reopened, meeting_id).section("welcome").notes
        assert reopened.check().healthy
    assert f" word{last}" in notes  # every acknowledged edit survived the kill


def test_a_broken_local_agenda_is_skipped_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ours.toml").write_text('id = "tac_review"\ntitle = \n', encoding="utf-8")
    (tmp_path / "mine.toml").write_text(
        'id = "local_review"\ntitle = "Our review"\n[[section]]\nkey = "a"\ntitle = "A"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(agenda.AGENDA_DIR_ENV, str(tmp_path))
    agenda._load.cache_clear()
    try:
        templates = agenda.load_templates()
        assert templates["tac_review"].source == "tac-review.toml"  # the shipped one stands
        assert templates["local_review"].title == "Our review"
        [problem] = agenda.template_problems()
        assert "ours.toml" in problem and "line 2" in problem
    finally:
        agenda._load.cache_clear()


def test_someone_who_left_with_an_unfinished_answer_does_not_block_finalising(
    vault: Vault, family: int
) -> None:
    meeting_id = meetings.create_meeting(vault, family, MeetingDraft("first_tac", HELD))
    _everyone_present(vault, meeting_id)
    _answer_all_no(vault, meeting_id)
    meetings.set_next_review(vault, meeting_id, HELD + timedelta(weeks=6))
    mother = next(
        c
        for c in meetings.get_meeting(vault, meeting_id).considerations
        if c.person_name == "Mum Testparent"
    )
    assert mother.person_id is not None
    meetings.answer_consideration(
        vault,
        meeting_id,
        mother.person_id,
        mother.question_key,
        ConsiderationAnswer(Answer.YES, "Half recorded"),
    )
    assert meetings.get_meeting(vault, meeting_id).missing
    cases.remove_person(vault, mother.person_id)
    final = meetings.finalise(vault, meeting_id)
    kept = [c for c in final.considerations if c.person_name == "Mum Testparent"]
    assert len(kept) == 4 and any(c.answer is Answer.YES for c in kept)


def test_a_review_walks_every_earlier_task_and_challenges_a_second_miss(
    vault: Vault, family: int
) -> None:
    from tac_desktop.core.models import NotDoneReason, TaskStatus
    from tac_desktop.core.services import tasks

    cases.add_professional(vault, family, cases.ProfessionalDraft("Kim Testteacher", "School"))
    teacher = cases.get_case(vault, family).involvements[0].professional_id
    task_id = tasks.add_task(
        vault, family, tasks.TaskDraft("Name a trusted adult", HELD, professional_id=teacher)
    )
    tasks.update_task(
        vault,
        task_id,
        TaskStatus.NOT_DONE,
        "Staff off sick",
        not_done_reason=NotDoneReason.COULD_NOT,
    )
    review = meetings.create_meeting(vault, family, MeetingDraft("tac_review", HELD))
    _everyone_present(vault, review)
    _answer_all_no(vault, review)
    meetings.set_next_review(vault, review, HELD + timedelta(weeks=6))
    [missing] = meetings.get_meeting(vault, review).missing
    assert missing.section_key == "previous_actions" and missing.task_id == task_id
    assert "needs an update" in missing.message
    tasks.update_task(
        vault,
        task_id,
        TaskStatus.NOT_DONE,
        "Forgotten",
        not_done_reason=NotDoneReason.WAS_NOT,
        meeting_id=review,
    )
    [missing] = meetings.get_meeting(vault, review).missing
    assert "not done twice in a row" in missing.message
    tasks.record_challenge(
        vault, task_id, "Robin Testchair", "Will do it this week", meeting_id=review
    )
    assert meetings.finalise(vault, review).status is MeetingStatus.FINALISED


def _finalised(vault: Vault, family: int, held: date = HELD) -> int:
    meeting_id = meetings.create_meeting(vault, family, MeetingDraft("first_tac", held))
    _everyone_present(vault, meeting_id)
    _answer_all_no(vault, meeting_id)
    meetings.set_next_review(vault, meeting_id, held + timedelta(weeks=6))
    meetings.finalise(vault, meeting_id)
    return meeting_id


def test_a_decision_keeps_who_disagreed_and_why(vault: Vault, family: int) -> None:
    meeting_id = meetings.create_meeting(vault, family, MeetingDraft("first_tac", HELD))
    with pytest.raises(InvalidInput, match="Say what was decided"):
        meetings.add_decision(vault, meeting_id, "   ")
    decision = meetings.add_decision(vault, meeting_id, "Zoë stays at home with daily support.")
    with pytest.raises(InvalidInput, match="who disagreed and why"):
        meetings.add_dissent(vault, decision, "Testshire Health", "")
    meetings.add_dissent(
        vault, decision, "Testshire Health", "Worried that evenings are not covered."
    )
    [view] = meetings.get_meeting(vault, meeting_id).decisions
    assert view.text == "Zoë stays at home with daily support."
    assert [(d.who, d.reason) for d in view.dissents] == [
        ("Testshire Health", "Worried that evenings are not covered.")
    ]
    # The agenda puts decisions beside the actions.
    assert agenda.Part.DECISIONS in meetings.get_meeting(vault, meeting_id).section("actions").parts
    meetings.edit_decision(vault, decision, "Zoë stays at home with support every day.")
    other = meetings.add_decision(vault, meeting_id, "Removed later.")
    meetings.remove_decision(vault, other)
    assert [d.text for d in meetings.get_meeting(vault, meeting_id).decisions] == [
        "Zoë stays at home with support every day."
    ]


def test_decisions_of_a_finalised_meeting_cannot_change(vault: Vault, family: int) -> None:
    meeting_id = _finalised(vault, family)
    with pytest.raises(InvalidInput, match="finalised"):
        meetings.add_decision(vault, meeting_id, "Too late.")


def test_the_summary_and_minutes_show_as_due_until_marked_sent(vault: Vault, family: int) -> None:
    meeting_id = _finalised(vault, family, held=date(2026, 11, 2))
    view = meetings.get_meeting(vault, meeting_id)
    # Counted from the meeting, however late it was finalised (England: no holidays).
    assert view.decision_summary_due == date(2026, 11, 3)
    assert view.minutes_due == date(2026, 11, 23)
    due = meetings.paperwork_due(vault)
    assert [(d.what, d.due_on) for d in due] == [
        (Paperwork.DECISION_SUMMARY, view.decision_summary_due),
        (Paperwork.MINUTES, view.minutes_due),
    ]
    assert view.decision_summary_due is not None
    assert due[0].is_overdue(view.decision_summary_due + timedelta(days=1))
    assert not due[1].is_overdue(view.decision_summary_due + timedelta(days=1))
    with pytest.raises(InvalidInput, match="before the meeting"):
        meetings.mark_sent(vault, meeting_id, Paperwork.MINUTES, date(2026, 11, 1))
    with pytest.raises(InvalidInput, match="future"):
        meetings.mark_sent(vault, meeting_id, Paperwork.MINUTES, date.today() + timedelta(days=3))
    meetings.mark_sent(vault, meeting_id, Paperwork.DECISION_SUMMARY, HELD)
    assert [d.what for d in meetings.paperwork_due(vault, family)] == [Paperwork.MINUTES]
    assert meetings.get_meeting(vault, meeting_id).decision_summary_sent_on == HELD
    meetings.mark_sent(vault, meeting_id, Paperwork.DECISION_SUMMARY, None)  # undone
    assert len(meetings.paperwork_due(vault)) == 2
    draft = meetings.create_meeting(vault, family, MeetingDraft("first_tac", HELD))
    with pytest.raises(InvalidInput, match="Finalise the meeting first"):
        meetings.mark_sent(vault, draft, Paperwork.MINUTES, HELD)


def test_a_closed_case_meetings_cannot_change(demo_vault: Vault) -> None:
    closed = cases.find_case_id(demo_vault, "TAC-2026-0103")  # the demo closed it
    rows = meetings.list_meetings(demo_vault, closed)
    final = next(r.id for r in rows if r.status is MeetingStatus.FINALISED)
    draft = next((r.id for r in rows if r.status is MeetingStatus.DRAFT), None)
    with pytest.raises(InvalidInput, match="is closed"):
        meetings.create_meeting(demo_vault, closed, MeetingDraft("tac_review", HELD))
    with pytest.raises(InvalidInput, match="is closed"):
        meetings.mark_sent(demo_vault, final, Paperwork.MINUTES, None)
    with pytest.raises(InvalidInput, match="is closed"):
        meetings.amend(demo_vault, final, "A late correction.", "Spotted later.")
    if draft is not None:
        with pytest.raises(InvalidInput, match="is closed"):
            meetings.add_decision(demo_vault, draft, "Too late.")
        with pytest.raises(InvalidInput, match="is closed"):
            meetings.finalise(demo_vault, draft)


def test_the_suggested_next_review_is_a_working_day(vault: Vault, family: int) -> None:
    """Twelve weeks after a meeting held on a Sunday is a Sunday; after one before a
    bank holiday, a holiday: the suggestion moves to the next working day."""
    from tac_desktop.core.practice.working_days import is_working_day

    for held, expected in (
        (date(2026, 12, 6), date(2027, 3, 1)),  # a Sunday: the Monday twelve weeks on
        (date(2026, 12, 5), date(2027, 3, 1)),  # a Saturday
        (date(2026, 2, 9), date(2026, 5, 5)),  # twelve weeks on is the May bank holiday
        (HELD, HELD + timedelta(weeks=12)),  # a Monday, already a working day
    ):
        meeting_id = meetings.create_meeting(vault, family, MeetingDraft("tac_review", held))
        suggested = meetings.suggested_next_review(meetings.get_meeting(vault, meeting_id))
        assert suggested == expected, held
        assert is_working_day(suggested, Nation.ENGLAND)


def test_each_section_state_reflects_its_own_work_not_only_its_notes(
    vault: Vault, family: int
) -> None:
    """Issue 16: Think Family said "not started" with every question answered, because
    only notes counted."""
    meeting_id = meetings.create_meeting(vault, family, MeetingDraft("tac_review", HELD))

    def state(key: str) -> str:
        return meetings.get_meeting(vault, meeting_id).section_state(key)

    assert state("think_family") == "needs attention"  # finalising needs its answers
    assert state("attendance") == "needs attention"
    assert state("actions") == "not started"
    _everyone_present(vault, meeting_id)
    assert state("attendance") == "complete"  # everyone recorded, no notes typed
    view = meetings.get_meeting(vault, meeting_id)
    first = view.considerations[0]
    assert first.person_id is not None
    meetings.answer_consideration(vault, meeting_id, first.person_id, first.question_key, NO)
    assert state("think_family") == "needs attention"  # started, not finished
    _answer_all_no(vault, meeting_id)
    assert state("think_family") == "complete"
    assert meetings.get_meeting(vault, meeting_id).section("think_family").notes == ""
    meetings.add_decision(vault, meeting_id, "Zoë stays at home with her mum.")
    assert state("actions") == "in progress"  # a decision, no notes
    meetings.add_score(vault, meeting_id, "Mum Testparent", 7)
    assert state("scaling") == "in progress"
    assert state("welcome") == "not started"
    meetings.save_notes(vault, meeting_id, "welcome", "Introductions.")
    assert state("welcome") == "in progress"
    assert state("next_review") == "needs attention"
    meetings.set_next_review(vault, meeting_id, HELD + timedelta(weeks=6))
    assert state("next_review") == "complete"
    final = meetings.finalise(vault, meeting_id)
    assert final.section_state("think_family") == "complete"
    assert final.section_state("actions") == "in progress"  # the screen says "recorded"
    assert final.section_state("aob") == "not started"  # "nothing recorded"


def test_the_adult_review_has_its_own_words_and_asks_about_the_grandmother(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """The Yılmaz review: the adult's words, not the child review's; Gülşen (the
    grandmother, significant contact, not in the household) has her questions and is in
    the minutes."""
    from tac_desktop.core.services import documents, reports

    template = agenda.template("adult_parent_review")
    words = " ".join(f"{s.title} {s.prompt}" for s in template.sections).replace("children", "")
    assert "child's voice" not in words.casefold()
    assert "the child" not in words and "safe is the child" not in words
    titles = [s.title for s in template.sections]
    assert "What the adult and the children say" in titles
    assert "Scaling: how safe and well are the children and the adults at home (0–10)" in titles

    case_id = cases.find_case_id(demo_vault, "TAC-2026-0103")
    rows = meetings.list_meetings(demo_vault, case_id)
    final = next(m.id for m in rows if m.status is MeetingStatus.FINALISED)
    draft = next(m.id for m in rows if m.status is MeetingStatus.DRAFT)
    for meeting_id in (final, draft):
        view = meetings.get_meeting(demo_vault, meeting_id)
        asked = {(c.person_name, c.role) for c in view.considerations}
        assert ("Gülşen Demir", Role.ADULT_IN_FAMILY) in asked, meeting_id
        assert {c.person_name for c in view.considerations} == {
            "Ayşe Yılmaz",
            "Elif Yılmaz",
            "Emre Yılmaz",
            "Gülşen Demir",
        }
    path = tmp_path / "minutes.pdf"
    path.write_bytes(documents.minutes_document(demo_vault, final).pdf)
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    )
    assert "Gülşen Demir (another adult in the family)" in text
    assert "harm this adult's welfare or safety?" in text
    assert "What the adult and the children say" in text
    assert "The child's voice" not in text
    summary = tmp_path / "summary.pdf"
    summary.write_bytes(
        reports.outcome_summary_document(demo_vault, final, "Links Primary School").pdf
    )
    said = " ".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(summary), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    )
    assert "This summary is about an adult and their family" in said
    assert "School to talk with Emre on his own about home" in said


def test_a_plan_of_reviews_is_offered_from_a_working_day() -> None:
    """The first of a year of reviews, as the Plan reviews dialog offers it."""
    from tac_desktop.core.services import schedule

    agreed_on_a_sunday = schedule.ReviewStart("tac_review", date(2027, 1, 10), [], Nation.WALES)
    assert agreed_on_a_sunday.suggested_first(date(2026, 12, 6), 12) == date(2027, 1, 11)
    nothing_agreed = schedule.ReviewStart(None, None, [], Nation.SCOTLAND)
    # Twelve weeks after Sunday 6 December 2026 is a Sunday: the Monday after.
    assert nothing_agreed.suggested_first(date(2026, 12, 6), 12) == date(2027, 3, 1)
