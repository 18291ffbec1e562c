"""The Haddads (TAC-2026-0104, Northern Ireland). Yusuf, 12, does much of the caring for
his mum, who has multiple sclerosis; housing's request for her medical letters was
turned down and logged by hand. Handed on to adult services at the end of the demo
(``transitions.demo_transitions``). Invented, like everyone in the demo."""

from __future__ import annotations

from datetime import date, timedelta

from tac_desktop.core.demo.base import (
    DEMO_CHAIR,
    DONE,
    Decisions,
    DemoTask,
    Family,
    Findings,
    Said,
    Step,
    Story,
    born,
)
from tac_desktop.core.models import ConsentGiver, ConsentHow, ConsentStatus, Nation, Sector
from tac_desktop.core.practice.think_family import Answer, FollowUp
from tac_desktop.core.services import consent
from tac_desktop.core.services.cases import PersonDraft, ProfessionalDraft
from tac_desktop.core.vault import Vault


def family(today: date | None = None) -> Family:
    def b(years: int, months: int = 0) -> date:
        return born(years, months, today)

    return Family(
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
    )


FINDINGS: Findings = {
    ("يوسف حداد", "child_unmet_needs"): (
        Answer.YES,
        "Yusuf has missed 14 days this term caring for his mum.",
        FollowUp.REFERRAL,
        "Young carers assessment by Lagan Young Carers.",
        "Orla McCann",
    ),
    ("ليلى حداد", "adult_could_benefit"): (
        Answer.YES,
        "Layla needs help with personal care in the mornings.",
        FollowUp.REFERRAL,
        "Referral to adult social care for a care assessment.",
        "Siobhán Kelly",
    ),
}

DECISIONS: Decisions = (
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
)

TASKS: tuple[DemoTask, ...] = (
    DemoTask(
        "Young carers assessment",
        steps=(Step(DONE, "Assessed; Yusuf goes to the Tuesday young carers group."),),
    ),
    DemoTask("Referral to adult social care"),
    DemoTask(
        "Agree a plan to catch up missed lessons, with a named mentor.",
        "Declan Hughes",
        2,
        "يوسف حداد",
        (Step(DONE, "Mentor named; catch-up sessions on Thursdays."),),
    ),
    DemoTask(
        "Assess Layla for help with personal care in the mornings.",
        "Siobhán Kelly",
        4,
        "ليلى حداد",
    ),
    DemoTask("Assess the house for a stair lift and a level shower.", "Ciarán Doyle", 10),
)

CONSENTS: tuple[Said, ...] = (
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
)


def log_by_hand(vault: Vault, case_id: int, today: date) -> None:
    """A request the team decided not to meet."""
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


STORY = Story(
    family,
    template="tac_review",
    findings=FINDINGS,
    decisions=DECISIONS,
    minutes_sent=True,
    tasks=TASKS,
    consents=CONSENTS,
    log_by_hand=log_by_hand,
)
