"""Think Family: which questions the chair must answer, for whom, in every meeting.

The rules (from the multi-agency protocol, in the program's own words):
- A meeting about a child asks, for each adult the child lives with, or who has
  parental responsibility or significant contact: could they benefit from adult
  services; do risk factors about them need a referral to adult services; is abuse of an
  adult at risk suspected; is domestic abuse present or suspected. For each other child
  in the household: any unmet needs. For the child the meeting is about: needs not met
  by current services; any risk of significant harm.
- A meeting about an adult who is a parent, has parental responsibility, or lives with a
  child asks about that adult: effect of their needs on caring for the child; whether
  their conduct puts a child at risk; support for their parenting; caring demands on a
  child; harm to another adult at home; their own unmet needs; domestic abuse; and what a
  refusal of, or withdrawal from, services means for the people at risk. For each child
  in their family: unmet needs, and any risk of significant harm. For every other adult
  of the household or family unit (living there, or with parental responsibility or
  significant contact, such as a grandmother who helps with the children): whether the
  adult's needs or conduct harm them, whether they need support as a carer, domestic
  abuse.

Templates cannot remove any of this: the questions come from here, not from a file.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Procedure(enum.Enum):
    """Safeguarding routes a "yes" (or "not known") can set off."""

    CHILD_PROTECTION = "child_protection"
    ADULT_SAFEGUARDING = "adult_safeguarding"
    MARAC = "marac"
    ADULT_SERVICES = "adult_services"
    EARLY_HELP = "early_help"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "child_protection": "Child protection procedures",
            "adult_safeguarding": "Adult safeguarding procedures",
            "marac": "MARAC (domestic abuse risk conference)",
            "adult_services": "Referral to adult services",
            "early_help": "Early help / children's services",
            "other": "Another service",
        }[self.value]


# A referral under these is made the same day, once per meeting, naming everyone it
# concerns (two people's "yes" to domestic abuse are one MARAC referral, not two).
SAME_DAY_PROCEDURES = frozenset(
    {Procedure.CHILD_PROTECTION, Procedure.ADULT_SAFEGUARDING, Procedure.MARAC}
)


class ActorKind(enum.Enum):
    """Who does what a "yes" or "not known" leads to: someone on the case, or the chair."""

    PROFESSIONAL = "professional"  # a named professional working with the case
    AGENCY = "agency"  # an agency on the case, nobody there named yet
    CHAIR = "chair"


class Answer(enum.Enum):
    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not_known"

    @property
    def label(self) -> str:
        return {"yes": "Yes", "no": "No", "not_known": "Not known"}[self.value]


class FollowUp(enum.Enum):
    """Where a "yes" or "not known" must lead."""

    ACTION = "action"
    REFERRAL = "referral"
    NO_ACTION = "no_action"  # a recorded decision not to act, with the reason

    @property
    def label(self) -> str:
        return {
            "action": "An action for the plan",
            "referral": "A referral",
            "no_action": "A decision not to act",
        }[self.value]


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    # A "yes" here is a safeguarding trigger: the procedure and a same-day referral.
    trigger: Procedure | None = None
    # The usual route for a "yes", offered first.
    usual_route: Procedure | None = None


class Role(enum.Enum):
    SUBJECT_CHILD = "subject_child"
    OTHER_CHILD = "other_child"
    ADULT_AROUND_CHILD = "adult_around_child"
    SUBJECT_ADULT = "subject_adult"
    CHILD_OF_SUBJECT_ADULT = "child_of_subject_adult"
    ADULT_IN_FAMILY = "adult_in_family"  # another adult of an adult subject's family unit


QUESTIONS: dict[Role, tuple[Question, ...]] = {
    Role.SUBJECT_CHILD: (
        Question(
            "child_unmet_needs",
            "Does this child have needs that the services now involved do not meet?",
            usual_route=Procedure.EARLY_HELP,
        ),
        Question(
            "child_significant_harm",
            "Is this child at risk of significant harm?",
            trigger=Procedure.CHILD_PROTECTION,
        ),
    ),
    Role.OTHER_CHILD: (
        Question(
            "sibling_unmet_needs",
            "Does this child have unmet needs that a service could help with?",
            usual_route=Procedure.EARLY_HELP,
        ),
    ),
    Role.ADULT_AROUND_CHILD: (
        Question(
            "adult_could_benefit",
            "Could this adult benefit from adult services?",
            usual_route=Procedure.ADULT_SERVICES,
        ),
        Question(
            "adult_risk_referral",
            "Are there risk factors about this adult that need a referral to adult services?",
            usual_route=Procedure.ADULT_SERVICES,
        ),
        Question(
            "adult_at_risk_abuse",
            "Is abuse of this adult (as an adult at risk) suspected or alleged?",
            trigger=Procedure.ADULT_SAFEGUARDING,
        ),
        Question(
            "domestic_abuse",
            "Is domestic abuse involving this adult present, alleged or suspected?",
            trigger=Procedure.MARAC,
        ),
    ),
    Role.SUBJECT_ADULT: (
        Question(
            "needs_affect_care",
            "Do this adult's needs affect how they meet their child's physical and "
            "emotional needs?",
            usual_route=Procedure.EARLY_HELP,
        ),
        Question(
            "conduct_risk_to_child",
            "Does this adult's conduct (what they do or fail to do) put a child at risk "
            "or harm a child's welfare?",
            trigger=Procedure.CHILD_PROTECTION,
        ),
        Question(
            "parenting_support",
            "Does this adult need more services to support them as a parent?",
            usual_route=Procedure.ADULT_SERVICES,
        ),
        Question(
            "young_carer",
            "Do this adult's needs put caring demands on a child (a young carer) who "
            "needs support?",
            usual_route=Procedure.EARLY_HELP,
        ),
        Question(
            "harm_to_other_adult",
            "Do this adult's needs or conduct harm the welfare or safety of another adult at home?",
            trigger=Procedure.ADULT_SAFEGUARDING,
        ),
        Question(
            "own_unmet_needs",
            "Does this adult have needs of their own that current services do not meet?",
            usual_route=Procedure.ADULT_SERVICES,
        ),
        Question(
            "domestic_abuse",
            "Is domestic abuse involving this adult present, alleged or suspected?",
            trigger=Procedure.MARAC,
        ),
        Question(
            "refused_services",
            "Has this adult refused or withdrawn from services or treatment? If so, "
            "say what that means for the children and any adult at risk.",
            usual_route=Procedure.OTHER,
        ),
    ),
    Role.CHILD_OF_SUBJECT_ADULT: (
        Question(
            "child_unmet_needs",
            "Does this child have needs that the services now involved do not meet?",
            usual_route=Procedure.EARLY_HELP,
        ),
        Question(
            "child_significant_harm",
            "Is this child at risk of significant harm?",
            trigger=Procedure.CHILD_PROTECTION,
        ),
    ),
}

QUESTIONS[Role.ADULT_IN_FAMILY] = (
    Question(
        "harmed_by_subject_adult",
        "Do the needs or conduct of the adult this meeting is about harm this adult's "
        "welfare or safety?",
        trigger=Procedure.ADULT_SAFEGUARDING,
    ),
    Question(
        "carer_support",
        "Does this adult care for the adult this meeting is about, or for the children, "
        "and need support as a carer?",
        usual_route=Procedure.ADULT_SERVICES,
    ),
    Question(
        "domestic_abuse",
        "Is domestic abuse involving this adult present, alleged or suspected?",
        trigger=Procedure.MARAC,
    ),
)

QUESTION_BY_KEY: dict[str, Question] = {
    q.key: q for questions in QUESTIONS.values() for q in questions
}


@dataclass(frozen=True)
class PersonRole:
    person_id: int
    role: Role

    @property
    def questions(self) -> tuple[Question, ...]:
        return QUESTIONS[self.role]


def roles_for_meeting(
    people: list[tuple[int, bool, bool, bool, bool, bool]],
) -> list[PersonRole]:
    """Who is asked what, for one meeting.

    ``people`` rows: (id, is_subject, is_child, lives_in_household, parental_responsibility,
    significant_contact), all as on the meeting's date. People who fit no rule (an adult
    with no household, PR or contact link; a child outside the household with no
    contact) get no questions.
    """
    subject = next((p for p in people if p[1]), None)
    if subject is None:
        return []
    subject_is_child = subject[2]
    roles: list[PersonRole] = []
    for person_id, is_subject, is_child, household, pr, contact in people:
        if is_subject:
            roles.append(
                PersonRole(person_id, Role.SUBJECT_CHILD if is_child else Role.SUBJECT_ADULT)
            )
        elif subject_is_child:
            if is_child and household:
                roles.append(PersonRole(person_id, Role.OTHER_CHILD))
            elif not is_child and (household or pr or contact):
                roles.append(PersonRole(person_id, Role.ADULT_AROUND_CHILD))
        elif is_child and (household or contact):
            roles.append(PersonRole(person_id, Role.CHILD_OF_SUBJECT_ADULT))
        elif not is_child and (household or pr or contact):
            # The duty reaches every adult of the household or family unit: the adult's
            # needs or conduct can harm them, or make carers of them.
            roles.append(PersonRole(person_id, Role.ADULT_IN_FAMILY))
    return roles


def needs_follow_up(answer: Answer | None) -> bool:
    return answer in (Answer.YES, Answer.NOT_KNOWN)


def is_trigger(question_key: str, answer: Answer | None) -> Procedure | None:
    """The procedure a "yes" sets off (same-day referral), if this question has one."""
    question = QUESTION_BY_KEY.get(question_key)
    if question is None or question.trigger is None:
        return None
    return question.trigger if answer is Answer.YES else None
