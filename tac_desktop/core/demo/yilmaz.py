"""The Yılmaz family (TAC-2026-0103, Scotland). Ayşe, in treatment for alcohol and
cocaine use, is the focus of the review; she cares for a baby and a nine-year-old. The
case is closed at the end of the demo (``transitions.demo_transitions``). Invented,
like everyone in the demo."""

from __future__ import annotations

from datetime import date

from tac_desktop.core.demo.base import (
    DONE,
    IN_PROGRESS,
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
from tac_desktop.core.services.cases import PersonDraft, ProfessionalDraft


def family(today: date | None = None) -> Family:
    def b(years: int, months: int = 0) -> date:
        return born(years, months, today)

    return Family(
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
            PersonDraft("Elif Yılmaz", date_of_birth=b(0, 8), relationship_to_subject="daughter"),
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
    )


FINDINGS: Findings = {
    ("Ayşe Yılmaz", "needs_affect_care"): (
        Answer.YES,
        "Mornings are hard during withdrawal; Emre gets himself to school.",
        FollowUp.ACTION,
        "Recovery worker and school to agree a morning plan.",
        "Callum Fraser",
    ),
    ("Ayşe Yılmaz", "young_carer"): (
        Answer.NOT_KNOWN,
        "Emre may be caring for his baby sister at times.",
        FollowUp.ACTION,
        "School to talk with Emre on his own about home.",
        "Eilidh Campbell",
    ),
}

DECISIONS: Decisions = (
    (
        "Ayşe will be offered a place on the recovery group, with childcare arranged "
        "by the health visitor.",
        (),
    ),
)

TASKS: tuple[DemoTask, ...] = (
    DemoTask(
        "Recovery worker and school to agree a morning plan",
        steps=(Step(DONE, "Breakfast club for Emre; the recovery worker calls at 8."),),
    ),
    DemoTask("School to talk with Emre"),
    DemoTask(
        "Weigh Elif and check her feeding at home every two weeks.",
        "Fiona Reid",
        2,
        "Elif Yılmaz",
        (Step(IN_PROGRESS, "Elif is gaining weight; visits carry on.", False, None, 14),),
    ),
    DemoTask(
        "Tell the lead professional the same day if Emre is late or absent.",
        "Eilidh Campbell",
        1,
        "Emre Yılmaz",
        (Step(DONE, "Agreed with the office; two late marks passed on so far."),),
    ),
    DemoTask(
        "Agree with Ayşe and Gülşen who looks after the children if Ayşe relapses.",
        "Craig Munro",
        3,
    ),
)

CONSENTS: tuple[Said, ...] = (
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
)


STORY = Story(
    family,
    template="adult_parent_review",
    findings=FINDINGS,
    decisions=DECISIONS,
    minutes_sent=False,
    tasks=TASKS,
    consents=CONSENTS,
)
