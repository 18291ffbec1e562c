"""What a document says, as plain frozen data: no database, no reportlab.

The services gather these from the vault (``core/services/documents.py``); renderers
only lay them out. Labels (statuses, answers) arrive as finished words, so a renderer
never needs the models' enums.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tac_desktop.core.practice.readers import EVERYONE, Access, Reader

# Part names of an agenda section (``practice.agenda.Part`` values), as plain strings.
ATTENDANCE = "attendance"
CHILD_VOICE = "child_voice"
PREVIOUS_ACTIONS = "previous_actions"
REPORTS_RECEIVED = "reports_received"
SCALING = "scaling"
THINK_FAMILY = "think_family"
DIFFERING_VIEWS = "differing_views"
DECISIONS = "decisions"
ACTIONS = "actions"
NEXT_REVIEW = "next_review"
EARLY_REVIEW = "early_review"

WITHHELD_NOTE = (
    "This part of the minutes is left out of this copy. It holds information that only "
    "some of the people on the list need to know. Ask the chair if you think you need it."
)
OVERRIDES_HEADING = "Information shared without agreement"

# How someone took part, as the minutes say it (``services/documents.py`` fills these).
SENT_A_REPORT = "Sent a written report"
# In a family copy, a job or agency that names a safeguarding route is said plainly.
A_PROFESSIONAL = "Professional"
A_SERVICE = "A service working with the family"
COULD_NOT_COME = "Could not come"

AGENCY_COPY_NOTE = (
    "Some content was withheld from this copy on a need-to-know basis. Ask the chair if "
    "you think your agency needs it."
)

FAMILY_STATEMENT = (
    "This is your copy of what the meeting agreed and what happens next. It was made for "
    "you: please keep it somewhere safe and private, and do not leave it where others can "
    "read it. If anything in it is wrong or unclear, or you would like to talk about it, "
    "contact the chair or your lead professional. You can ask to see what is written "
    "about you."
)

CONSENT_STATEMENT = (
    "These minutes hold personal and sensitive information about the family. They go "
    "only to the people on the list above, each of whom needs them for their part of the "
    "plan. Please keep them securely, do not pass them on, and do not copy parts of them "
    "into other records without thinking about who will read them. The family were told "
    "what would be shared, with whom and why. Where someone did not agree, or where "
    "information was shared without agreement to keep a child or an adult safe, the "
    "minutes say so. Anyone named here may ask to see what is written about them."
)


@dataclass(frozen=True)
class Attendee:
    name: str
    role: str  # "mother", "School nurse"
    agency: str  # empty for family members
    took_part: str  # "Present", "Sent apologies", "Sent a written report"...
    represented_by: str = ""
    report_received: bool = False


@dataclass(frozen=True)
class FamilyMember:
    """One person of the family as recorded at the meeting: every paper opens with the
    family. Words arrive finished ("Lives in the household", "Yes")."""

    name: str
    relationship: str  # "mother"; "The child this meeting is about" for them
    household: str  # "Lives in the household", "Lives elsewhere; significant contact"
    parental_responsibility: str  # "Yes" or "No"
    person_id: int | None = None
    # Must not receive information about the others: said in professionals' copies only.
    no_information: bool = False
    access: Access = EVERYONE


@dataclass(frozen=True)
class Section:
    """One agenda section as it was run, in agenda order. ``parts`` names the records
    the section holds besides its notes (see the constants above)."""

    key: str
    title: str
    notes: str
    parts: tuple[str, ...] = ()
    withheld: bool = False  # need-to-know: this copy leaves the notes out, and says so
    access: Access = EVERYONE


@dataclass(frozen=True)
class Report:
    """A written report from someone who could not come."""

    author: str
    agency: str
    text: str
    access: Access = EVERYONE


@dataclass(frozen=True)
class Score:
    participant: str
    score: int  # 0 to 10
    comment: str = ""


@dataclass(frozen=True)
class Consideration:
    question: str
    answer: str  # "Yes", "No", "Not known", or "Not answered yet"
    reason: str = ""
    follows: str = ""  # "A referral", "An action for the plan", "A decision not to act"
    detail: str = ""  # what the action or referral is, or why not to act
    procedure: str = ""  # the safeguarding route of a referral
    due_on: date | None = None
    referral_confirmed: bool = False
    access: Access = EVERYONE


@dataclass(frozen=True)
class PersonConsiderations:
    person: str
    role: str  # "The child the meeting is about", "An adult around the child"...
    items: tuple[Consideration, ...]
    person_id: int | None = None  # whose answers: a family copy shows a reader their own


@dataclass(frozen=True)
class Dissent:
    who: str
    why: str


@dataclass(frozen=True)
class Decision:
    text: str
    dissent: tuple[Dissent, ...] = ()
    access: Access = EVERYONE


@dataclass(frozen=True)
class DifferingView:
    topic: str
    views: str
    resolution: str = ""
    escalated_to: str = ""
    access: Access = EVERYONE


@dataclass(frozen=True)
class EarlyReview:
    requested_by: str
    reason: str
    outcome: str = ""


@dataclass(frozen=True)
class Challenge:
    raised_by: str
    agency_response: str = ""
    escalated_to: str = ""  # empty: not escalated


@dataclass(frozen=True)
class PreviousAction:
    """A task agreed before this meeting, as this meeting reviewed it."""

    description: str
    agency: str
    owner: str
    due_on: date
    status: str  # as said at this meeting ("Done", "Not done"...) or "No update yet"
    update: str = ""
    not_done_reason: str = ""  # "Could not be done" / "Was not done"
    misses_in_a_row: int = 0
    challenges: tuple[Challenge, ...] = ()
    access: Access = EVERYONE


@dataclass(frozen=True)
class Action:
    description: str
    owner: str
    for_whom: str
    due_on: date
    status: str
    access: Access = EVERYONE
    # Family members it is for, or who do it: what a family member's summary lists.
    people: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class AgencyActions:
    agency: str
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Recipient:
    name: str
    role: str = ""
    agency: str = ""
    copy: str = ""  # "Full copy", "Family copy"... once the chair has set the list
    person_id: int | None = None  # a family member's


@dataclass(frozen=True)
class Amendment:
    made_on: date
    author: str
    section: str  # the section's title, or empty for the minutes as a whole
    text: str
    reason: str
    section_key: str = ""  # readers: an amendment follows its section's access


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    meaning: str
    by_sector: tuple[tuple[str, str], ...] = ()  # (sector label, meaning there)


@dataclass(frozen=True)
class MinutesContent:
    reference: str
    meeting_title: str  # "TAC review"
    held_on: date
    chair: str
    draft: bool = False
    start_time: str = ""
    venue: str = ""
    subject: str = ""  # the person the meeting is about
    about: str = "child"  # "child", or "adult" (a parent who uses adult services)
    finalised_on: date | None = None
    family: tuple[FamilyMember, ...] = ()  # as recorded at the meeting; the papers open with it
    attendees: tuple[Attendee, ...] = ()
    sections: tuple[Section, ...] = ()
    reports: tuple[Report, ...] = ()
    scores: tuple[Score, ...] = ()
    considerations: tuple[PersonConsiderations, ...] = ()
    decisions: tuple[Decision, ...] = ()
    differing_views: tuple[DifferingView, ...] = ()
    early_reviews: tuple[EarlyReview, ...] = ()
    previous_actions: tuple[PreviousAction, ...] = ()
    action_plan: tuple[AgencyActions, ...] = ()
    next_review_on: date | None = None
    distribution: tuple[Recipient, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    consent_statement: str = CONSENT_STATEMENT
    # Each decision to share without agreement, in words; named after the statement.
    overrides: tuple[str, ...] = ()
    copy_for: str = ""  # the agency this copy is made for; empty for the full minutes
    glossary: tuple[GlossaryEntry, ...] = ()  # the terms used in these minutes
    reader: Reader = field(default_factory=Reader.full)  # whom this copy is for
    # Professionals' work numbers (digits) and e-mail addresses: a family copy keeps them.
    work_contacts: frozenset[str] = frozenset()
    left_out: int = 0  # items this reader's copy leaves out (0 in the full copy)

    @property
    def family_copy(self) -> bool:
        return self.reader.is_family
