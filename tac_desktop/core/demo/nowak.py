"""The Nowaks (TAC-2026-0102, Wales). Łukasz and Maja live with their mum, who has
depression. A family safety plan in two versions (the health visitor still holds the
first); their father refused to let the school be told about him, and a team manager
approved sharing anyway; their mum's health is kept out of agencies' copies of the
minutes; a women's aid outreach worker has left the case. Invented, like everyone in
the demo."""

from __future__ import annotations

from datetime import date, timedelta

from tac_desktop.core.demo.base import (
    DONE,
    Decisions,
    DemoTask,
    Family,
    Findings,
    Refusal,
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
    PlanShape,
    RecipientKind,
    Sector,
    SendMethod,
)
from tac_desktop.core.practice.safety_plans import Contact, PlanContent, Rule, View, Worry
from tac_desktop.core.practice.think_family import Answer, FollowUp
from tac_desktop.core.services import safety_plans
from tac_desktop.core.services.cases import PersonDraft, ProfessionalDraft
from tac_desktop.core.vault import Vault


def family(today: date | None = None) -> Family:
    def b(years: int, months: int = 0) -> date:
        return born(years, months, today)

    return Family(
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
    )


FINDINGS: Findings = {
    ("Agnieszka Nowak", "domestic_abuse"): (
        Answer.YES,
        "Police attended a row in the spring; Agnieszka describes threats.",
        FollowUp.REFERRAL,
        "MARAC referral by the domestic abuse officer today.",
        "PC Rhys Morgan",
    ),
    ("Agnieszka Nowak", "adult_could_benefit"): (
        Answer.YES,
        "Depression, on a waiting list for talking therapy.",
        FollowUp.REFERRAL,
        "Health visitor to ask the GP to review the referral.",
        "Nia Evans",
    ),
    ("Maja Nowak", "sibling_unmet_needs"): (
        Answer.NOT_KNOWN,
        "Maja is quiet at nursery; staff unsure why.",
        FollowUp.ACTION,
        "Nursery key person to observe and report back.",
        "Megan Price",
    ),
}

DECISIONS: Decisions = (
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
)

TASKS: tuple[DemoTask, ...] = (
    DemoTask(
        "MARAC referral",
        steps=(Step(DONE, "Referral sent the same day; heard at MARAC a week later."),),
    ),
    DemoTask("Health visitor to ask the GP"),
    DemoTask("Nursery key person to observe"),
    DemoTask(
        "Share the police log of the spring call-out with the MARAC coordinator.",
        "PC Rhys Morgan",
        1,
        "Agnieszka Nowak",
        (Step(DONE, "Shared before the MARAC meeting."),),
    ),
    DemoTask(
        "Visit at home with a Polish interpreter and check how Maja is developing.",
        "Nia Evans",
        3,
        "Maja Nowak",
    ),
    DemoTask(  # the outreach worker closed her part and has left the case since
        "Offer Agnieszka outreach support and safety planning, with an interpreter.",
        "Carys Lloyd",
        2,
        "Agnieszka Nowak",
        (Step(DONE, "Agnieszka met the outreach worker twice; closed at her request."),),
    ),
)

CONSENTS: tuple[Said, ...] = (
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
)


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


def write_safety_plans(vault: Vault, case_id: int, people: dict[str, int], today: date) -> None:
    """The family safety plan: the first version, sent round, and the second after
    Tomasz came to the house (not yet sent to the health visitor)."""
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


def mark_readers(vault: Vault, case_id: int, meeting_id: int) -> None:
    """Tomasz must not receive information: Agnieszka described threats from him. Her
    own copy carries her safety steps; her health stays with her and the professionals;
    the outreach service's safety planning stays with professionals."""
    from tac_desktop.core.practice.readers import ItemKind, item_key
    from tac_desktop.core.services import cases, copies, tasks

    people = {p.name: p.id for p in cases.get_case(vault, case_id).people}
    agnieszka, tomasz = people["Agnieszka Nowak"], people["Tomasz Kowalczyk"]
    copies.set_no_information(
        vault,
        tomasz,
        True,
        "Agnieszka described threats from him; the police advise that he must not learn "
        "her plans or where she and the children will be.",
    )
    mark_answer(
        vault,
        meeting_id,
        agnieszka,
        "domestic_abuse",
        "Agnieszka asked for her own copy to include what was said and the safety steps; "
        "the children's copies are read with them, so it stays out of theirs.",
        only_for=(agnieszka,),
    )
    mark_answer(
        vault,
        meeting_id,
        agnieszka,
        "adult_could_benefit",
        "Her health: she asked to keep it to the people who need it.",
        only_for=(agnieszka,),
    )
    outreach = next(
        t.id
        for t in tasks.case_tasks(vault, case_id)
        if t.description.startswith("Offer Agnieszka outreach support")
    )
    copies.set_mark(
        vault,
        meeting_id,
        item_key(ItemKind.TASK, outreach),
        professionals_only=True,
        reason="Safety planning with the outreach service: nothing about it may reach Tomasz.",
    )
    confirm_distribution(
        vault,
        meeting_id,
        {agnieszka: Delivery.BY_HAND, people["Łukasz Nowak"]: Delivery.BY_HAND, tomasz: None},
    )


STORY = Story(
    family,
    template="cin_review",
    findings=FINDINGS,
    decisions=DECISIONS,
    minutes_sent=False,
    readers=mark_readers,
    tasks=TASKS,
    consents=CONSENTS,
    refusal=Refusal(
        purpose="What happened at the house and the new handover arrangements",
        reasons="The school must know about the handovers and the code word to "
        "keep Łukasz and Maja safe at the end of the school day.",
        not_told_reason="Telling him now could put Agnieszka and the children at "
        "more risk; to be looked at again at the review.",
    ),
    # Need-to-know: her health stays out of the agencies' copies of the minutes.
    restricted_notes=(
        (
            "updates",
            "Agnieszka told the meeting that her GP has changed her antidepressant and she "
            "is on the waiting list for talking therapy. She asked that this stays with the "
            "people who need it.",
        ),
    ),
    # Did her part and left the case after the last meeting.
    left=ProfessionalDraft(
        "Carys Lloyd", "Tŷ Diogel Women's Aid", Sector.VOLUNTARY, "Outreach worker"
    ),
    safety_plans=write_safety_plans,
)
