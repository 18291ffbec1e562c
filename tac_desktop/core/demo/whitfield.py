"""The Whitfields (TAC-2026-0101, England). Zoë, 14, has hurt herself three times this
term; school and CAMHS want one plan. She has a personal safety plan in her own words,
and one phone call to her school is logged by hand. Invented, like everyone in the demo."""

from __future__ import annotations

from datetime import date, timedelta

from tac_desktop.core.demo.base import (
    DEMO_CHAIR,
    DONE,
    IN_PROGRESS,
    NOT_DONE,
    Decisions,
    DemoTask,
    Family,
    Findings,
    Said,
    Step,
    Story,
    born,
    confirm_distribution,
    mark_answer,
)
from tac_desktop.core.models import (
    ConsentGiver,
    ConsentHow,
    ConsentStatus,
    Delivery,
    Nation,
    NotDoneReason,
    PlanShape,
    RecipientKind,
    Sector,
    SendMethod,
    ShareMethod,
)
from tac_desktop.core.practice.safety_plans import Contact, PlanContent
from tac_desktop.core.practice.think_family import Answer, FollowUp
from tac_desktop.core.services import consent, safety_plans
from tac_desktop.core.services.cases import PersonDraft, ProfessionalDraft
from tac_desktop.core.vault import Vault


def family(today: date | None = None) -> Family:
    def b(years: int, months: int = 0) -> date:
        return born(years, months, today)

    return Family(
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
    )


FINDINGS: Findings = {
    ("Zoë Whitfield", "child_unmet_needs"): (
        Answer.YES,
        "Zoë says she has nobody to talk to at school between sessions.",
        FollowUp.ACTION,
        "School to name a trusted adult Zoë can go to each day.",
        "Priya Raman",
    ),
    ("Harriet Whitfield", "adult_could_benefit"): (
        Answer.NOT_KNOWN,
        "Harriet mentioned poor sleep and stress; not explored yet.",
        FollowUp.ACTION,
        "Lead professional to talk with Harriet about her GP and a carers' support group.",
        "Priya Raman",
    ),
}

DECISIONS: Decisions = (
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
)

TASKS: tuple[DemoTask, ...] = (
    DemoTask(
        "School to name a trusted adult",
        steps=(
            Step(
                NOT_DONE,
                "The pastoral lead was off sick for three weeks.",
                reason=NotDoneReason.COULD_NOT,
            ),
            Step(
                NOT_DONE,
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
    DemoTask(
        "Lead professional to talk with Harriet",
        steps=(Step(DONE, "Harriet has seen her GP and joined a carers' group.", True),),
    ),
    DemoTask(
        "Offer Zoë weekly sessions and write a safety plan with her to share with school.",
        "Dr Samuel Osei",
        3,
        "Zoë Whitfield",
        (Step(IN_PROGRESS, "Sessions started; the plan is half written.", False, None, 10),),
    ),
    DemoTask(
        "Look into a move to a home with a bedroom each for Zoë and Ollie.",
        "Leanne Ashby",
        4,
        "Ollie Whitfield",
    ),
    DemoTask(
        "See Harriet about her sleep and stress.",
        "Dr Hannah Okafor",
        2,
        "Harriet Whitfield",
        (Step(DONE, "Seen; referred for talking therapy."),),
    ),
)

CONSENTS: tuple[Said, ...] = (
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


def write_safety_plans(vault: Vault, case_id: int, people: dict[str, int], today: date) -> None:
    """Zoë's personal safety plan, written with her at CAMHS; school has a copy."""
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


def log_by_hand(vault: Vault, case_id: int, today: date) -> None:
    """A phone call to Zoë's school."""
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


def mark_readers(vault: Vault, case_id: int, meeting_id: int) -> None:
    """Harriet's sleep and stress are hers to share; Zoë (14) and Harriet each get a
    family copy by hand; Ollie (9) hears the plan in person; Grant is not party to it."""
    from tac_desktop.core.services import cases

    people = {p.name: p.id for p in cases.get_case(vault, case_id).people}
    harriet = people["Harriet Whitfield"]
    mark_answer(
        vault,
        meeting_id,
        harriet,
        "adult_could_benefit",
        "Harriet asked that her health is not in Zoë's copy; she will talk to Zoë herself.",
        only_for=(harriet,),
    )
    confirm_distribution(
        vault,
        meeting_id,
        {
            harriet: Delivery.BY_HAND,
            people["Zoë Whitfield"]: Delivery.BY_HAND,
            people["Ollie Whitfield"]: None,
            people["Grant Pike"]: None,
        },
    )


STORY = Story(
    family,
    template="tac_review",
    findings=FINDINGS,
    decisions=DECISIONS,
    minutes_sent=True,
    readers=mark_readers,
    tasks=TASKS,
    consents=CONSENTS,
    safety_plans=write_safety_plans,
    log_by_hand=log_by_hand,
)
