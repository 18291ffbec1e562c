"""Synthetic demo families: invented people, varied enough to exercise every screen.

Nobody here is real. Ages are computed from today so the families never grow up, and
dates of meetings and tasks from today so some tasks are always overdue. The Nowaks have
a family safety plan in two versions (one agency still holds the first); Zoë Whitfield
has a personal safety plan in her own words. Every family has consents recorded: the
Nowaks' father did not agree to the school being told about him, a team manager
approved sharing anyway to keep the children safe, and asking him again is due this
week. Sending plans and minutes fills the sharing log; one phone call is logged by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tac_desktop.core.models import (
    AttendanceMode,
    ConsentGiver,
    ConsentHow,
    ConsentStatus,
    Nation,
    NotDoneReason,
    OverrideGrounds,
    PlanShape,
    RecipientKind,
    Sector,
    SendMethod,
    ShareMethod,
    TaskStatus,
)
from tac_desktop.core.practice.safety_plans import Contact, PlanContent, Rule, View, Worry
from tac_desktop.core.practice.think_family import Answer, FollowUp, Procedure
from tac_desktop.core.services import (
    cases,
    consent,
    meetings,
    safety_plans,
    tasks,
    transitions,
)
from tac_desktop.core.services.cases import CaseDraft, PersonDraft, ProfessionalDraft
from tac_desktop.core.services.meetings import ConsiderationAnswer, MeetingDraft
from tac_desktop.core.services.tasks import TaskDraft
from tac_desktop.core.vault import ChairDetails, KdfParams, Vault

DEMO_CHAIR = ChairDetails("Jordan Ellery", "Early help coordinator", "Riverside Family Hub")
# A demo vault is throwaway and holds no real person; its passphrase is printed on screen.
DEMO_PASSPHRASE = "demo-only-passphrase"


def _born(years: int, months: int = 0, today: date | None = None) -> date:
    today = today or date.today()
    return today - timedelta(days=int(years * 365.25 + months * 30.4 + 17))


@dataclass(frozen=True)
class _Family:
    reference: str
    nation: Nation
    summary: str
    subject: PersonDraft
    others: tuple[PersonDraft, ...]
    professionals: tuple[tuple[ProfessionalDraft, str, bool], ...]


def demo_families(today: date | None = None) -> list[_Family]:
    def b(years: int, months: int = 0) -> date:
        return _born(years, months, today)

    return [
        _Family(
            "TAC-2026-0101",
            Nation.ENGLAND,
            "Zoë has hurt herself three times this term. School and CAMHS want one plan "
            "that Zoë and her mum both agree with.",
            PersonDraft("Zoë Whitfield", "Zo", b(14, 3), language="English"),
            (
                PersonDraft(
                    "Harriet Whitfield",
                    date_of_birth=b(41),
                    relationship_to_subject="mother",
                    parental_responsibility=True,
                ),
                PersonDraft(
                    "Ollie Whitfield", date_of_birth=b(9, 5), relationship_to_subject="brother"
                ),
                PersonDraft(
                    "Grant Pike", date_of_birth=b(44), relationship_to_subject="mother's partner"
                ),
            ),
            (
                (
                    ProfessionalDraft(
                        "Priya Raman",
                        "Northgate Academy",
                        Sector.EDUCATION,
                        "Designated safeguarding lead",
                        "01632 960111",
                        "p.raman@northgate.example.sch.uk",
                    ),
                    "school",
                    True,
                ),
                (
                    ProfessionalDraft(
                        "Dr Samuel Osei",
                        "Riverside CAMHS",
                        Sector.HEALTH,
                        "Clinical psychologist",
                        "01632 960222",
                        "s.osei@camhs.example.nhs.uk",
                    ),
                    "therapy",
                    False,
                ),
                (
                    ProfessionalDraft(
                        "Leanne Ashby",
                        "Kestrel Housing Association",
                        Sector.HOUSING,
                        "Tenancy support officer",
                        "01632 960777",
                    ),
                    "housing",
                    False,
                ),
                (
                    ProfessionalDraft(
                        "Dr Hannah Okafor", "Riverside Medical Centre", Sector.HEALTH, "GP"
                    ),
                    "Harriet's GP",
                    False,
                ),
            ),
        ),
        _Family(
            "TAC-2026-0102",
            Nation.WALES,
            "Łukasz and Maja live with their mum, who has depression. Police were called to "
            "a row at the house in the spring; their dad now lives across town and sees the "
            "children at weekends.",
            PersonDraft("Łukasz Nowak", date_of_birth=b(8, 2), language="Polish"),
            (
                PersonDraft(
                    "Maja Nowak",
                    date_of_birth=b(5, 7),
                    relationship_to_subject="sister",
                    language="Polish",
                ),
                PersonDraft(
                    "Agnieszka Nowak",
                    date_of_birth=b(34),
                    relationship_to_subject="mother",
                    parental_responsibility=True,
                    language="Polish",
                    interpreter_needed=True,
                ),
                PersonDraft(
                    "Tomasz Kowalczyk",
                    date_of_birth=b(37),
                    relationship_to_subject="father",
                    lives_in_household=False,
                    parental_responsibility=True,
                    significant_contact=True,
                    language="Polish",
                ),
            ),
            (
                (
                    ProfessionalDraft(
                        "Megan Price",
                        "Bryn Primary School",
                        Sector.EDUCATION,
                        "Family liaison officer",
                        "01632 960333",
                    ),
                    "school",
                    True,
                ),
                (
                    ProfessionalDraft(
                        "PC Rhys Morgan",
                        "Dyfed Police",
                        Sector.POLICE,
                        "Domestic abuse officer",
                        "01632 960444",
                    ),
                    "",
                    False,
                ),
                (
                    ProfessionalDraft(
                        "Nia Evans", "Cwm Health Visiting", Sector.HEALTH, "Health visitor"
                    ),
                    "",
                    False,
                ),
            ),
        ),
        _Family(
            "TAC-2026-0103",
            Nation.SCOTLAND,
            "Ayşe is in treatment for alcohol and cocaine use and is the focus of this "
            "review. She cares for a baby and a nine-year-old.",
            PersonDraft(
                "Ayşe Yılmaz",
                date_of_birth=b(29),
                relationship_to_subject="subject",
                parental_responsibility=True,
                language="Turkish",
            ),
            (
                PersonDraft(
                    "Elif Yılmaz", date_of_birth=b(0, 8), relationship_to_subject="daughter"
                ),
                PersonDraft("Emre Yılmaz", date_of_birth=b(9, 1), relationship_to_subject="son"),
                PersonDraft(
                    "Gülşen Demir",
                    date_of_birth=b(56),
                    relationship_to_subject="grandmother",
                    lives_in_household=False,
                    significant_contact=True,
                    language="Turkish",
                ),
            ),
            (
                (
                    ProfessionalDraft(
                        "Callum Fraser",
                        "Leith Recovery Service",
                        Sector.ADULT_SOCIAL_CARE,
                        "Recovery worker",
                        "01632 960555",
                    ),
                    "key worker",
                    True,
                ),
                (
                    ProfessionalDraft(
                        "Fiona Reid", "Leith Health Visiting", Sector.HEALTH, "Health visitor"
                    ),
                    "baby's health",
                    False,
                ),
                (
                    ProfessionalDraft(
                        "Eilidh Campbell",
                        "Links Primary School",
                        Sector.EDUCATION,
                        "Depute head teacher",
                    ),
                    "Emre's school",
                    False,
                ),
                (
                    ProfessionalDraft(
                        "Craig Munro",
                        "Leith Children and Families Social Work",
                        Sector.CHILDRENS_SOCIAL_CARE,
                        "Social worker",
                        "01632 960888",
                    ),
                    "",
                    False,
                ),
            ),
        ),
        _Family(
            "TAC-2026-0104",
            Nation.NORTHERN_IRELAND,
            "Yusuf (12) does much of the caring for his mum, who has multiple sclerosis, and "
            "is missing school.",
            PersonDraft("يوسف حداد", "Yusuf", b(12, 4), language="Arabic"),
            (
                PersonDraft(
                    "ليلى حداد",
                    "Layla",
                    b(45),
                    relationship_to_subject="mother",
                    parental_responsibility=True,
                    language="Arabic",
                    interpreter_needed=True,
                ),
                PersonDraft("Sami Haddad", date_of_birth=b(6), relationship_to_subject="brother"),
            ),
            (
                (
                    ProfessionalDraft(
                        "Orla McCann",
                        "Lagan Young Carers",
                        Sector.VOLUNTARY,
                        "Young carers worker",
                        "01632 960666",
                    ),
                    "",
                    True,
                ),
                (
                    ProfessionalDraft(
                        "Declan Hughes", "St Columba's College", Sector.EDUCATION, "Head of year"
                    ),
                    "",
                    False,
                ),
                (
                    ProfessionalDraft(
                        "Siobhán Kelly",
                        "Lagan Adult Social Care",
                        Sector.ADULT_SOCIAL_CARE,
                        "Social worker (physical disability)",
                    ),
                    "Layla's care",
                    False,
                ),
                (
                    ProfessionalDraft(
                        "Ciarán Doyle",
                        "Lagan Housing Association",
                        Sector.HOUSING,
                        "Adaptations officer",
                    ),
                    "",
                    False,
                ),
            ),
        ),
    ]


# What each family's last meeting found: (person name, question) → (answer, reason,
# follow-up, detail). Every other question is answered "no" with a plain reason.
_FINDINGS: dict[str, dict[tuple[str, str], tuple[Answer, str, FollowUp, str]]] = {
    "TAC-2026-0101": {
        ("Zoë Whitfield", "child_unmet_needs"): (
            Answer.YES,
            "Zoë says she has nobody to talk to at school between sessions.",
            FollowUp.ACTION,
            "School to name a trusted adult Zoë can go to each day.",
        ),
        ("Harriet Whitfield", "adult_could_benefit"): (
            Answer.NOT_KNOWN,
            "Harriet mentioned poor sleep and stress; not explored yet.",
            FollowUp.ACTION,
            "Lead professional to talk with Harriet about her GP and a carers' support group.",
        ),
    },
    "TAC-2026-0102": {
        ("Agnieszka Nowak", "domestic_abuse"): (
            Answer.YES,
            "Police attended a row in the spring; Agnieszka describes threats.",
            FollowUp.REFERRAL,
            "MARAC referral by the domestic abuse officer today.",
        ),
        ("Agnieszka Nowak", "adult_could_benefit"): (
            Answer.YES,
            "Depression, on a waiting list for talking therapy.",
            FollowUp.REFERRAL,
            "Health visitor to ask the GP to review the referral.",
        ),
        ("Maja Nowak", "sibling_unmet_needs"): (
            Answer.NOT_KNOWN,
            "Maja is quiet at nursery; staff unsure why.",
            FollowUp.ACTION,
            "Nursery key person to observe and report back.",
        ),
    },
    "TAC-2026-0103": {
        ("Ayşe Yılmaz", "needs_affect_care"): (
            Answer.YES,
            "Mornings are hard during withdrawal; Emre gets himself to school.",
            FollowUp.ACTION,
            "Recovery worker and school to agree a morning plan.",
        ),
        ("Ayşe Yılmaz", "young_carer"): (
            Answer.NOT_KNOWN,
            "Emre may be caring for his baby sister at times.",
            FollowUp.ACTION,
            "School to talk with Emre on his own about home.",
        ),
    },
    "TAC-2026-0104": {
        ("يوسف حداد", "child_unmet_needs"): (
            Answer.YES,
            "Yusuf has missed 14 days this term caring for his mum.",
            FollowUp.REFERRAL,
            "Young carers assessment by Lagan Young Carers.",
        ),
        ("ليلى حداد", "adult_could_benefit"): (
            Answer.YES,
            "Layla needs help with personal care in the mornings.",
            FollowUp.REFERRAL,
            "Referral to adult social care for a care assessment.",
        ),
    },
}
# What each family's last meeting decided, and who did not agree (invented).
_DECISIONS: dict[str, tuple[tuple[str, tuple[tuple[str, str], ...]], ...]] = {
    "TAC-2026-0101": (
        (
            "Zoë will have a named adult at school she can go to at any time, and a "
            "personal safety plan written with her.",
            (),
        ),
        (
            "CAMHS will see Zoë every week until the next review.",
            (
                (
                    "Riverside CAMHS",
                    "Can offer fortnightly sessions only until January; asked for the "
                    "waiting list to be raised with the service manager.",
                ),
            ),
        ),
    ),
    "TAC-2026-0102": (
        (
            "The family safety plan stays in place; the children stay at home with Agnieszka.",
            (
                (
                    "Dyfed Police",
                    "Would like Tomasz's visits supervised until the next review, "
                    "after the call-out in the spring.",
                ),
            ),
        ),
    ),
    "TAC-2026-0103": (
        (
            "Ayşe will be offered a place on the recovery group, with childcare arranged "
            "by the health visitor.",
            (),
        ),
    ),
    "TAC-2026-0104": (
        (
            "Yusuf is recognised as a young carer and will get a young carers' assessment.",
            (),
        ),
        (
            "Layla's care assessment is asked for now, not after the housing move.",
            (
                (
                    "Lagan Housing Association",
                    "Thinks the assessment will need doing again once the family has "
                    "moved, and would rather wait.",
                ),
            ),
        ),
    ),
}
# The summary went out the day after; the Whitfields' and Haddads' minutes also went out,
# the others are late (so My actions has something to chase).
_MINUTES_SENT = {"TAC-2026-0101", "TAC-2026-0104"}

_TEMPLATES = {
    "TAC-2026-0101": "tac_review",
    "TAC-2026-0102": "cin_review",
    "TAC-2026-0103": "adult_parent_review",
    "TAC-2026-0104": "tac_review",
}


@dataclass(frozen=True)
class _Step:
    """An update: between meetings, or said at today's review (``at_review``)."""

    status: TaskStatus
    note: str
    at_review: bool = False
    reason: NotDoneReason | None = None
    new_due_in_days: int | None = None  # from today


@dataclass(frozen=True)
class _DemoTask:
    """A task agreed at the finalised meeting. Without an ``owner`` it is one the
    meeting's Think Family answers made (found by the start of its description)."""

    description: str
    owner: str = ""
    due_weeks: int = 2  # after the meeting; it was six weeks ago, so 2 to 5 are overdue
    for_person: str = ""
    steps: tuple[_Step, ...] = ()
    challenge: tuple[str, str, str] | None = None  # at the review: by, response, escalated to


_DONE, _NOT_DONE, _IN_PROGRESS = TaskStatus.DONE, TaskStatus.NOT_DONE, TaskStatus.IN_PROGRESS

# Each family's tasks span four agencies: some done, some overdue. The Whitfields' school
# missed its task twice; today's review has challenged it and walked half the tasks.
_TASKS: dict[str, tuple[_DemoTask, ...]] = {
    "TAC-2026-0101": (
        _DemoTask(
            "School to name a trusted adult",
            steps=(
                _Step(
                    _NOT_DONE,
                    "The pastoral lead was off sick for three weeks.",
                    reason=NotDoneReason.COULD_NOT,
                ),
                _Step(
                    _NOT_DONE,
                    "Not picked up when the pastoral lead came back.",
                    at_review=True,
                    reason=NotDoneReason.WAS_NOT,
                ),
            ),
            challenge=(
                "Jordan Ellery",
                "The head teacher will name someone by Friday and tell Zoë herself.",
                "Head teacher, Northgate Academy",
            ),
        ),
        _DemoTask(
            "Lead professional to talk with Harriet",
            steps=(_Step(_DONE, "Harriet has seen her GP and joined a carers' group.", True),),
        ),
        _DemoTask(
            "Offer Zoë weekly sessions and write a safety plan with her to share with school.",
            "Dr Samuel Osei",
            3,
            "Zoë Whitfield",
            (_Step(_IN_PROGRESS, "Sessions started; the plan is half written.", False, None, 10),),
        ),
        _DemoTask(
            "Look into a move to a home with a bedroom each for Zoë and Ollie.",
            "Leanne Ashby",
            4,
            "Ollie Whitfield",
        ),
        _DemoTask(
            "See Harriet about her sleep and stress.",
            "Dr Hannah Okafor",
            2,
            "Harriet Whitfield",
            (_Step(_DONE, "Seen; referred for talking therapy."),),
        ),
    ),
    "TAC-2026-0102": (
        _DemoTask(
            "MARAC referral",
            steps=(_Step(_DONE, "Referral sent the same day; heard at MARAC a week later."),),
        ),
        _DemoTask("Health visitor to ask the GP"),
        _DemoTask("Nursery key person to observe"),
        _DemoTask(
            "Share the police log of the spring call-out with the MARAC coordinator.",
            "PC Rhys Morgan",
            1,
            "Agnieszka Nowak",
            (_Step(_DONE, "Shared before the MARAC meeting."),),
        ),
        _DemoTask(
            "Visit at home with a Polish interpreter and check how Maja is developing.",
            "Nia Evans",
            3,
            "Maja Nowak",
        ),
        _DemoTask(  # the outreach worker closed her part and has left the case since
            "Offer Agnieszka outreach support and safety planning, with an interpreter.",
            "Carys Lloyd",
            2,
            "Agnieszka Nowak",
            (_Step(_DONE, "Agnieszka met the outreach worker twice; closed at her request."),),
        ),
    ),
    "TAC-2026-0103": (
        _DemoTask(
            "Recovery worker and school to agree a morning plan",
            steps=(_Step(_DONE, "Breakfast club for Emre; the recovery worker calls at 8."),),
        ),
        _DemoTask("School to talk with Emre"),
        _DemoTask(
            "Weigh Elif and check her feeding at home every two weeks.",
            "Fiona Reid",
            2,
            "Elif Yılmaz",
            (_Step(_IN_PROGRESS, "Elif is gaining weight; visits carry on.", False, None, 14),),
        ),
        _DemoTask(
            "Tell the lead professional the same day if Emre is late or absent.",
            "Eilidh Campbell",
            1,
            "Emre Yılmaz",
            (_Step(_DONE, "Agreed with the office; two late marks passed on so far."),),
        ),
        _DemoTask(
            "Agree with Ayşe and Gülşen who looks after the children if Ayşe relapses.",
            "Craig Munro",
            3,
        ),
    ),
    "TAC-2026-0104": (
        _DemoTask(
            "Young carers assessment",
            steps=(_Step(_DONE, "Assessed; Yusuf goes to the Tuesday young carers group."),),
        ),
        _DemoTask("Referral to adult social care"),
        _DemoTask(
            "Agree a plan to catch up missed lessons, with a named mentor.",
            "Declan Hughes",
            2,
            "يوسف حداد",
            (_Step(_DONE, "Mentor named; catch-up sessions on Thursdays."),),
        ),
        _DemoTask(
            "Assess Layla for help with personal care in the mornings.",
            "Siobhán Kelly",
            4,
            "ليلى حداد",
        ),
        _DemoTask("Assess the house for a stair lift and a level shower.", "Ciarán Doyle", 10),
    ),
}
# Professionals who did their part and left the case after the last meeting.
_LEFT = {
    "TAC-2026-0102": ProfessionalDraft(
        "Carys Lloyd", "Tŷ Diogel Women's Aid", Sector.VOLUNTARY, "Outreach worker"
    ),
}


def _agree_tasks(
    vault: Vault, case_id: int, reference: str, final: int, review: int, today: date
) -> None:
    """The tasks agreed at the finalised meeting, and what has happened to them."""
    left = _LEFT.get(reference)
    involvement = cases.add_professional(vault, case_id, left) if left else None
    case = cases.get_case(vault, case_id)
    professionals = {i.name: i.professional_id for i in case.involvements}
    people = {p.name: p.id for p in case.people}
    made = tasks.case_tasks(vault, case_id, today)  # from the Think Family answers
    held_on = today - timedelta(weeks=6)
    for item in _TASKS[reference]:
        if item.owner:
            task_id = tasks.add_task(
                vault,
                case_id,
                TaskDraft(
                    item.description,
                    held_on + timedelta(weeks=item.due_weeks),
                    professional_id=professionals[item.owner],
                    for_person_id=people.get(item.for_person),
                    meeting_id=final,
                ),
            )
        else:
            task_id = next(t.id for t in made if t.description.startswith(item.description))
        for step in item.steps:
            tasks.update_task(
                vault,
                task_id,
                step.status,
                step.note,
                new_due_on=(
                    today + timedelta(days=step.new_due_in_days)
                    if step.new_due_in_days is not None
                    else None
                ),
                not_done_reason=step.reason,
                meeting_id=review if step.at_review else None,
            )
        if item.challenge is not None:
            tasks.record_challenge(vault, task_id, *item.challenge, meeting_id=review)
    if involvement is not None:
        cases.remove_involvement(vault, involvement)


def _hold_meeting(vault: Vault, case_id: int, reference: str, held_on: date) -> int:
    """A finalised meeting: everyone recorded, every Think Family question answered."""
    meeting_id = meetings.create_meeting(
        vault,
        case_id,
        MeetingDraft(_TEMPLATES[reference], held_on, "10:00", "Riverside Family Hub, room 2"),
    )
    view = meetings.get_meeting(vault, meeting_id)
    for number, attendee in enumerate(view.attendees):
        mode = AttendanceMode.WRITTEN_REPORT if number == 1 else AttendanceMode.PRESENT
        report = "Written report received and read out." if number == 1 else None
        meetings.record_attendance(vault, attendee.id, mode, report_text=report)
    meetings.save_notes(
        vault,
        meeting_id,
        "welcome",
        "Everyone introduced themselves. The family chose the room layout.",
    )
    findings = _FINDINGS[reference]
    for item in view.considerations:
        assert item.person_id is not None
        answer, reason, follow_up, detail = findings.get(
            (item.person_name, item.question_key),
            (
                Answer.NO,
                "Talked through with the family and agencies; no concern found.",
                FollowUp.NO_ACTION,
                "",
            ),
        )
        procedure = Procedure.ADULT_SERVICES if "adult" in item.question_key else None
        meetings.answer_consideration(
            vault,
            meeting_id,
            item.person_id,
            item.question_key,
            ConsiderationAnswer(
                answer, reason, follow_up, procedure or Procedure.EARLY_HELP, detail
            ),
        )
        if item.trigger is not None and answer is Answer.YES:
            meetings.confirm_referral(vault, meeting_id, item.person_id, item.question_key)
    meetings.add_score(vault, meeting_id, "Lead professional", 6, "Safer than last time.")
    meetings.add_score(vault, meeting_id, "Parent", 8)
    if reference == "TAC-2026-0102":
        meetings.save_notes(
            vault,
            meeting_id,
            "updates",
            "Agnieszka told the meeting that her GP has changed her antidepressant and she "
            "is on the waiting list for talking therapy. She asked that this stays with the "
            "people who need it.",
        )
        # Need-to-know: her health stays out of the agencies' copies of the minutes.
        meetings.set_restricted(vault, meeting_id, "updates", True)
    for text, dissents in _DECISIONS[reference]:
        decision = meetings.add_decision(vault, meeting_id, text)
        for who, why in dissents:
            meetings.add_dissent(vault, decision, who, why)
    meetings.set_next_review(vault, meeting_id, held_on + timedelta(weeks=6))
    final = meetings.finalise(vault, meeting_id)  # its actions and referrals become tasks
    if final.decision_summary_due is not None:
        meetings.mark_sent(
            vault, meeting_id, meetings.Paperwork.DECISION_SUMMARY, final.decision_summary_due
        )
    if reference in _MINUTES_SENT and final.minutes_due is not None:
        sent = min(final.minutes_due - timedelta(days=2), date.today())
        meetings.mark_sent(vault, meeting_id, meetings.Paperwork.MINUTES, sent)
    return meeting_id


def _start_meeting(vault: Vault, case_id: int, reference: str, held_on: date) -> int:
    """Today's meeting, half way through: some attendance, some notes."""
    meeting_id = meetings.create_meeting(
        vault, case_id, MeetingDraft(_TEMPLATES[reference], held_on, "14:00", "Family home")
    )
    view = meetings.get_meeting(vault, meeting_id)
    if view.attendees:
        meetings.record_attendance(vault, view.attendees[0].id, AttendanceMode.PRESENT)
    meetings.save_notes(
        vault,
        meeting_id,
        "welcome",
        "We met at home so the children could join for the first part.",
    )
    return meeting_id


# -- consent and sharing ---------------------------------------------------------------

# A line manager who approves sharing without agreement: invented, like everyone here.
DEMO_MANAGER = "Delyth Rowlands (Early help team manager)"

_Said = tuple[str, ConsentGiver, str, str, ConsentStatus, ConsentHow | None, str]
# (about whom, who answered, by name, agency ("" for every agency), status, how, note)
_CONSENTS: dict[str, tuple[_Said, ...]] = {
    "TAC-2026-0101": (
        (
            "Zoë Whitfield",
            ConsentGiver.YOUNG_PERSON,
            "",
            "",
            ConsentStatus.GIVEN,
            ConsentHow.WRITTEN,
            "Zoë agreed herself that school, CAMHS and housing share what keeps her safe.",
        ),
        (
            "Harriet Whitfield",
            ConsentGiver.THE_PERSON,
            "",
            "Riverside Medical Centre",
            ConsentStatus.GIVEN,
            ConsentHow.VERBAL,
            "Her GP may tell the team how she is coping, as it affects the children.",
        ),
        (
            "Ollie Whitfield",
            ConsentGiver.PARENTAL_RESPONSIBILITY,
            "Harriet Whitfield",
            "",
            ConsentStatus.GIVEN,
            ConsentHow.WRITTEN,
            "",
        ),
    ),
    "TAC-2026-0102": (
        (
            "Łukasz Nowak",
            ConsentGiver.PARENTAL_RESPONSIBILITY,
            "Agnieszka Nowak",
            "",
            ConsentStatus.GIVEN,
            ConsentHow.WRITTEN,
            "Agreed in Polish with the interpreter.",
        ),
        (
            "Maja Nowak",
            ConsentGiver.PARENTAL_RESPONSIBILITY,
            "Agnieszka Nowak",
            "",
            ConsentStatus.GIVEN,
            ConsentHow.WRITTEN,
            "Agreed in Polish with the interpreter.",
        ),
        (
            "Agnieszka Nowak",
            ConsentGiver.THE_PERSON,
            "",
            "",
            ConsentStatus.GIVEN,
            ConsentHow.WRITTEN,
            "Except her health: only the health visitor and her GP.",
        ),
        (
            "Tomasz Kowalczyk",
            ConsentGiver.THE_PERSON,
            "",
            "Bryn Primary School",
            ConsentStatus.REFUSED,
            ConsentHow.VERBAL,
            "He said the school has no business knowing about him.",
        ),
    ),
    "TAC-2026-0103": (
        (
            "Ayşe Yılmaz",
            ConsentGiver.THE_PERSON,
            "",
            "",
            ConsentStatus.GIVEN,
            ConsentHow.WRITTEN,
            "Including her treatment at Leith Recovery Service.",
        ),
        (
            "Emre Yılmaz",
            ConsentGiver.PARENTAL_RESPONSIBILITY,
            "Ayşe Yılmaz",
            "",
            ConsentStatus.GIVEN,
            ConsentHow.WRITTEN,
            "",
        ),
        (
            "Gülşen Demir",
            ConsentGiver.THE_PERSON,
            "",
            "",
            ConsentStatus.NOT_SOUGHT,
            None,
            "",
        ),
    ),
    "TAC-2026-0104": (
        (
            "يوسف حداد",
            ConsentGiver.YOUNG_PERSON,
            "",
            "",
            ConsentStatus.GIVEN,
            ConsentHow.VERBAL,
            "Yusuf agreed that school and young carers talk to each other.",
        ),
        (
            "ليلى حداد",
            ConsentGiver.THE_PERSON,
            "",
            "",
            ConsentStatus.GIVEN,
            ConsentHow.WRITTEN,
            "Read to her in Arabic by the interpreter.",
        ),
    ),
}


def _record_consents(vault: Vault, case_id: int, reference: str, today: date) -> None:
    """What each family agreed when the case opened; before any meeting, so sends log
    what they rest on."""
    people = {p.name: p.id for p in cases.get_case(vault, case_id).people}
    asked_on = today - timedelta(weeks=19)
    for name, giver, by_name, agency, status, how, note in _CONSENTS[reference]:
        refused = status is ConsentStatus.REFUSED
        consent_id = consent.record_consent(
            vault,
            case_id,
            consent.ConsentDraft(
                person_id=people[name],
                given_by=giver,
                status=status,
                decided_on=today - timedelta(weeks=8) if refused else asked_on,
                how=how,
                agency=agency,
                purpose="What happened at the house and the new handover arrangements"
                if refused
                else "",
                note=note,
                given_by_name=by_name,
                not_sought_reason=(
                    "She is not part of the plan yet; we will ask her at the next review."
                    if status is ConsentStatus.NOT_SOUGHT
                    else ""
                ),
                review_on=None if refused else today + timedelta(weeks=10),
                # The need goes on, so he will be asked again: this week.
                raise_again_on=today + timedelta(days=3) if refused else None,
            ),
        )
        if refused:
            decided = today - timedelta(weeks=7)
            consent.record_override(
                vault,
                consent_id,
                consent.OverrideDraft(
                    grounds=OverrideGrounds.CHILD_SIGNIFICANT_HARM,
                    reasons="The school must know about the handovers and the code word to "
                    "keep Łukasz and Maja safe at the end of the school day.",
                    decided_by=DEMO_CHAIR.name,
                    decided_on=decided,
                    approved_by=DEMO_MANAGER,
                    approved_on=decided,
                    person_told=False,
                    not_told_reason="Telling him now could put Agnieszka and the children at "
                    "more risk; to be looked at again at the review.",
                ),
            )


def _log_by_hand(vault: Vault, case_id: int, reference: str, today: date) -> None:
    """A phone call, and a request the team decided not to meet."""
    if reference == "TAC-2026-0101":
        consent.add_log_entry(
            vault,
            case_id,
            consent.LogDraft(
                what="That Zoë had a difficult weekend and will be late on Monday.",
                recipient="Northgate Academy",
                contact="Priya Raman",
                why="So school can check in with her when she arrives.",
                decided_by=DEMO_CHAIR.name,
                decided_on=today - timedelta(days=3),
                how=ShareMethod.PHONE,
            ),
        )
    elif reference == "TAC-2026-0104":
        consent.add_log_entry(
            vault,
            case_id,
            consent.LogDraft(
                what="Layla's medical letters about her multiple sclerosis.",
                recipient="Lagan Housing Association",
                why="Housing asked for them, but only needs to know that the family needs "
                "a ground-floor home; a letter from the GP saying so was offered instead.",
                decided_by=DEMO_CHAIR.name,
                decided_on=today - timedelta(days=12),
                shared=False,
            ),
        )


# -- safety plans ---------------------------------------------------------------------

_NOWAK_NETWORK = (
    Contact(
        "Ewa Zielińska",
        "Agnieszka's sister",
        "07700 900201",
        "Lives ten minutes away. Has the children if the adults are arguing.",
    ),
    Contact(
        "Gareth Pugh",
        "Next-door neighbour",
        "07700 900202",
        "The children can knock at any time. Calls 999 if he hears shouting.",
    ),
    Contact(
        "Megan Price",
        "Family liaison officer, Bryn Primary School",
        "01632 960333",
        "Checks in with Łukasz every Monday morning.",
    ),
)

_NOWAK_V1 = PlanContent(
    {
        "worries": (
            Worry(
                "We are worried that when Tomasz and Agnieszka argue, Łukasz and Maja see "
                "it, are frightened, and could get hurt.",
                "Łukasz and Maja feel safe at home and at their dad's. Grown-up rows never "
                "happen in front of them.",
            ),
            Worry(
                "We are worried that Agnieszka is so low some days that the children miss "
                "breakfast and school.",
                "The children have breakfast and get to school every day, even on Mum's hard days.",
            ),
        ),
        "rules": (
            Rule(
                "If an argument starts, the children go to Auntie Ewa's straight away.",
                ("Ewa Zielińska",),
            ),
            Rule(
                "Tomasz does not come to the house. Weekend handovers happen at Ewa's.",
                ("Ewa Zielińska",),
            ),
            Rule(
                "On a hard day Agnieszka texts Ewa by 8 o'clock, and Ewa takes the children "
                "to school.",
                ("Ewa Zielińska", "Megan Price"),
            ),
        ),
        "network": _NOWAK_NETWORK,
        "triggers": (
            "Tomasz drinking before the weekend handover",
            "Money worries at the end of the month",
        ),
        "working": (
            "Łukasz and Maja say home feels calm when Megan asks them.",
            "The children are at school every day.",
        ),
        "not_working": (
            "Ewa or Gareth tells Megan Price the same day, and Megan tells the lead professional.",
            "The team meets within a week to look at the plan again.",
        ),
        "disagreements": (
            View(
                "Tomasz's drinking is what starts the rows.",
                "Agnieszka, the police, the school",
                "Tomasz says the rows were about money, not drink.",
            ),
        ),
    }
)

# After Tomasz came to the house late one night: a code word, handovers away from the
# house, a bag ready to leave, and Ewa's new number.
_NOWAK_V2 = (
    _NOWAK_V1.with_section(
        "rules",
        (
            *_NOWAK_V1.rules[:1],
            Rule(
                "Tomasz does not come to the house. Weekend handovers happen at the Cwm "
                "family centre, with a worker there.",
                ("Ewa Zielińska", "Megan Price"),
            ),
            *_NOWAK_V1.rules[2:],
            Rule(
                "If Tomasz comes to the house, nobody opens the door and Agnieszka calls 999.",
                ("Gareth Pugh",),
            ),
        ),
    )
    .with_section(
        "network",
        (
            Contact(
                "Ewa Zielińska",
                "Agnieszka's sister",
                "07700 900299",
                "Lives ten minutes away. Has the children if the adults are arguing.",
            ),
            *_NOWAK_NETWORK[1:],
        ),
    )
    .with_section(
        "triggers",
        (*_NOWAK_V1.lines("triggers"), "Tomasz texting late at night"),
    )
    .with_section(
        "code_word",
        (
            "If Agnieszka texts Ewa “Is the blue bag ready?”, Ewa calls 999 and gives the address.",
            "If Mum says “time for pierogi”, Łukasz takes Maja next door to Gareth's.",
        ),
    )
    .with_section(
        "ready_to_leave",
        (
            "A bag at Ewa's flat: spare keys, some money, a phone charger.",
            "The children's inhalers and a copy of their passports and birth certificates.",
            "Maja's rabbit toy and a change of clothes for both children.",
        ),
    )
)

_ZOE_PLAN = PlanContent(
    {
        "warning_signs": (
            "I stop answering messages and stay in my room.",
            "I can't sleep and I keep thinking everyone would be better off without me.",
            "After a big row with Mum, or when someone posts about me online.",
        ),
        "on_my_own": (
            "Put my headphones on and play my calm playlist.",
            "Hold an ice cube until it melts.",
            "Take Biscuit round the park.",
            "Draw in my sketchbook.",
            "Do the 5-4-3-2-1 thing Dr Osei showed me.",
        ),
        "take_my_mind_off": (
            "Going to Nan's and baking.",
            "The art room at lunchtime.",
            "Gaming with Ollie (he doesn't ask questions).",
        ),
        "ask_for_help": (
            Contact("Mum (Harriet)", "My mum", "07700 900101"),
            Contact("Auntie Jo", "Mum's sister", "07700 900102", "I can stay over at hers"),
            Contact(
                "Ms Raman",
                "School",
                "01632 960111",
                "I can go to her office any time, I just show her my card",
            ),
        ),
        "services": (
            Contact("Dr Samuel Osei", "CAMHS", "01632 960222", "Monday to Friday, 9 to 5"),
            Contact("Samaritans", "Any time, day or night", "116 123"),
            Contact("Shout", "Text, any time", "Text SHOUT to 85258"),
            Contact("Childline", "Free, any time", "0800 1111"),
            Contact("Emergency", "If I am not safe right now", "999", "Or go to A&E"),
        ),
        "safe_surroundings": (
            "Mum keeps all the medicines in a locked box.",
            "I give anything sharp I have kept to Mum or Dr Osei.",
            "My phone charges in the kitchen at night.",
        ),
        "reasons_for_living": (
            "Ollie",
            "Biscuit",
            "Going to art college",
            "Seeing the sea with Nan in the summer",
        ),
    }
)


def _write_safety_plans(vault: Vault, case_id: int, reference: str, today: date) -> None:
    people = {p.name: p.id for p in cases.get_case(vault, case_id).people}
    if reference == "TAC-2026-0102":
        plan = safety_plans.create_plan(vault, case_id, PlanShape.FAMILY)
        safety_plans.save_draft(vault, plan, _NOWAK_V1)
        held_on = today - timedelta(weeks=6)  # the finalised meeting
        first = safety_plans.issue_version(
            vault,
            plan,
            "First plan, agreed at the meeting.",
            "Agnieszka, Ewa, Megan Price (school), PC Rhys Morgan",
            today,
            held_on,
        )
        sent = [
            ("Bryn Primary School", SendMethod.SECURE_EMAIL, RecipientKind.AGENCY, ""),
            ("Dyfed Police", SendMethod.SECURE_EMAIL, RecipientKind.AGENCY, ""),
            ("Cwm Health Visiting", SendMethod.POST, RecipientKind.AGENCY, ""),
            (
                "Agnieszka Nowak",
                SendMethod.READ_WITH_FAMILY,
                RecipientKind.PERSON,
                "Read through in Polish with the interpreter.",
            ),
        ]
        for recipient, how, kind, note in sent:
            safety_plans.record_send(vault, first, recipient, held_on, how, note, kind)
        safety_plans.save_draft(vault, plan, _NOWAK_V2)
        changed_on = today - timedelta(days=10)
        second = safety_plans.issue_version(
            vault,
            plan,
            "Tomasz came to the house late on Saturday night and would not leave; a "
            "neighbour called the police. Handovers move to the family centre and the "
            "plan now has a code word.",
            "Agnieszka, Ewa, Gareth, Megan Price (school), PC Rhys Morgan",
            today + timedelta(weeks=4),
            changed_on,
        )
        # The health visitor has not been sent the new version yet: she still holds v1.
        for recipient, how, kind, note in sent:
            if recipient != "Cwm Health Visiting":
                safety_plans.record_send(vault, second, recipient, changed_on, how, note, kind)
    elif reference == "TAC-2026-0101":
        plan = safety_plans.create_plan(
            vault, case_id, PlanShape.PERSONAL, people["Zoë Whitfield"], "Zoë's safety plan"
        )
        safety_plans.save_draft(vault, plan, _ZOE_PLAN)
        written_on = today - timedelta(days=5)
        version = safety_plans.issue_version(
            vault,
            plan,
            "First plan, written with Zoë over three sessions at CAMHS.",
            "Zoë, Harriet (Mum), Dr Samuel Osei",
            today + timedelta(weeks=4),
            written_on,
        )
        safety_plans.record_send(
            vault,
            version,
            "Northgate Academy",
            written_on,
            SendMethod.BY_HAND,
            "Given to Ms Raman, with Zoë's agreement.",
        )
        safety_plans.record_send(
            vault,
            version,
            "Harriet Whitfield",
            written_on,
            SendMethod.READ_WITH_FAMILY,
            "Zoë read it to her mum herself.",
            RecipientKind.PERSON,
        )


def populate(vault: Vault, today: date | None = None) -> list[str]:
    """Add the demo families, each with a finalised meeting, one in progress (today's
    review) and the tasks agreed at the first; two of them with safety plans; one handed
    on to adult services and one closed, each with its checklist complete."""
    today = today or date.today()
    references = []
    for family in demo_families(today):
        case_id = cases.create_case(
            vault,
            CaseDraft(
                family.reference,
                family.subject,
                family.nation,
                family.summary,
                opened_on=today - timedelta(weeks=20),
            ),
        )
        for person in family.others:
            cases.add_person(vault, case_id, person)
        for professional, role, lead in family.professionals:
            cases.add_professional(vault, case_id, professional, role, is_lead=lead)
        _record_consents(vault, case_id, family.reference, today)
        final = _hold_meeting(vault, case_id, family.reference, today - timedelta(weeks=6))
        review = _start_meeting(vault, case_id, family.reference, today)
        _agree_tasks(vault, case_id, family.reference, final, review, today)
        _write_safety_plans(vault, case_id, family.reference, today)
        _log_by_hand(vault, case_id, family.reference, today)
        references.append(family.reference)
    # The Haddads are handed on to adult services; the Yılmaz case has closed.
    transitions.demo_transitions(vault, today)
    return references


def create_demo_vault(
    path: Path, passphrase: str = DEMO_PASSPHRASE, kdf: KdfParams | None = None
) -> Vault:
    vault = Vault.create(path, passphrase, DEMO_CHAIR, kdf)
    try:
        populate(vault)
    except BaseException:
        vault.close()
        raise
    return vault
