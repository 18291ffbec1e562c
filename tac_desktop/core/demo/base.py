"""What every demo family fills in: the family itself, the story of its case (what its
meetings found and decided, its tasks, its consents), and the invented people the demo
shares (the chair and a team manager). Birthdays are worked out from today."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from tac_desktop.core.models import (
    ConsentGiver,
    ConsentHow,
    ConsentStatus,
    Delivery,
    Nation,
    NotDoneReason,
    TaskStatus,
)
from tac_desktop.core.practice.think_family import Answer, FollowUp
from tac_desktop.core.services.cases import PersonDraft, ProfessionalDraft
from tac_desktop.core.vault import ChairDetails, Vault

DEMO_CHAIR = ChairDetails("Jordan Ellery", "Early help coordinator", "Riverside Family Hub")
# The organiser of the demo's calendar invitations (.example: a domain that never exists).
DEMO_CHAIR_EMAIL = "jordan.ellery@riverside-hub.example"
# A demo vault is throwaway and holds no real person; its passphrase is printed on screen.
DEMO_PASSPHRASE = "demo-only-passphrase"
# A line manager who approves sharing without agreement: invented, like everyone here.
DEMO_MANAGER = "Delyth Rowlands (Early help team manager)"


def born(years: int, months: int = 0, today: date | None = None) -> date:
    today = today or date.today()
    return today - timedelta(days=int(years * 365.25 + months * 30.4 + 17))


@dataclass(frozen=True)
class Family:
    reference: str
    nation: Nation
    summary: str
    subject: PersonDraft
    others: tuple[PersonDraft, ...]
    professionals: tuple[tuple[ProfessionalDraft, str, bool], ...]


@dataclass(frozen=True)
class Step:
    """An update: between meetings, or said at today's review (``at_review``)."""

    status: TaskStatus
    note: str
    at_review: bool = False
    reason: NotDoneReason | None = None
    new_due_in_days: int | None = None  # from today


@dataclass(frozen=True)
class DemoTask:
    """A task agreed at the finalised meeting. Without an ``owner`` it is one the
    meeting's Think Family answers made (found by the start of its description)."""

    description: str
    owner: str = ""
    due_weeks: int = 2  # after the meeting; it was six weeks ago, so 2 to 5 are overdue
    for_person: str = ""
    steps: tuple[Step, ...] = ()
    challenge: tuple[str, str, str] | None = None  # at the review: by, response, escalated to


DONE, NOT_DONE, IN_PROGRESS = TaskStatus.DONE, TaskStatus.NOT_DONE, TaskStatus.IN_PROGRESS

# What the last meeting found: (person name, question) → (answer, reason, follow-up,
# detail, who does it: a professional's name, an agency's, or "the chair"). Every other
# question is answered "no" with a plain reason.
Findings = dict[tuple[str, str], tuple[Answer, str, FollowUp, str, str]]
# What the last meeting decided, and who did not agree: (decision, ((who, why), ...)).
Decisions = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
Said = tuple[str, ConsentGiver, str, str, ConsentStatus, ConsentHow | None, str]
# (about whom, who answered, by name, agency ("" for every agency), status, how, note)


@dataclass(frozen=True)
class Refusal:
    """What a refused consent was about, and the decision to share anyway (decided by
    the chair, approved by ``DEMO_MANAGER``, the person not told)."""

    purpose: str
    reasons: str
    not_told_reason: str


@dataclass(frozen=True)
class Story:
    """Everything the demo records on a family's case, besides the family itself."""

    family: Callable[[date | None], Family]
    template: str  # of both meetings
    findings: Findings
    decisions: Decisions
    minutes_sent: bool  # the summary went out the day after; were the minutes sent too?
    tasks: tuple[DemoTask, ...]
    consents: tuple[Said, ...]
    refusal: Refusal | None = None
    # Notes said at the finalised meeting that stay out of agencies' copies: (section, text).
    restricted_notes: tuple[tuple[str, str], ...] = ()
    # A professional who did their part and left the case after the last meeting.
    left: ProfessionalDraft | None = None
    # Writes the family's safety plans: (vault, case id, people's ids by name, today).
    safety_plans: Callable[[Vault, int, dict[str, int], date], None] | None = None
    # Logs by hand what was shared (or not) outside a document: (vault, case id, today).
    log_by_hand: Callable[[Vault, int, date], None] | None = None
    # Who reads what of the finalised meeting: the chair's marks, anyone who must not
    # receive information, the distribution list: (vault, case id, meeting id).
    readers: Callable[[Vault, int, int], None] | None = None


def mark_answer(
    vault: Vault,
    meeting_id: int,
    person_id: int,
    question_key: str,
    reason: str,
    *,
    professionals_only: bool = False,
    withheld_from: tuple[int, ...] = (),
    only_for: tuple[int, ...] = (),
) -> None:
    """The chair's mark on one Think Family answer of the finalised meeting: kept from
    ``withheld_from``, or for ``only_for`` alone among the family."""
    from tac_desktop.core.practice.readers import ItemKind, item_key
    from tac_desktop.core.services import copies

    copies.set_mark(
        vault,
        meeting_id,
        item_key(ItemKind.CONSIDERATION, meeting_id, person_id, question_key),
        professionals_only=professionals_only,
        reason=reason,
        withheld_from=only_for or withheld_from,
        only_named=bool(only_for),
    )


def confirm_distribution(
    vault: Vault, meeting_id: int, family_copies: dict[int, Delivery | None]
) -> None:
    """The suggested list with each family member's line as the chair set it: a family
    copy delivered so (None: no copy); professionals as suggested."""
    from tac_desktop.core.models import CopyKind
    from tac_desktop.core.services import distribution

    drafts = []
    for row in distribution.distribution(vault, meeting_id).recipients:
        draft = row.draft()
        if row.person_id is not None and row.person_id in family_copies:
            how = family_copies[row.person_id]
            draft = replace(
                draft,
                copy=CopyKind.NONE if how is None else CopyKind.FAMILY,
                delivery=how or Delivery.BY_HAND,
            )
        drafts.append(draft)
    distribution.save_distribution(vault, meeting_id, drafts)
