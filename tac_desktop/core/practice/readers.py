"""Who may read what: the rules behind each reader's copy of a meeting's papers.

Pure functions and plain data, no database. Three kinds of reader get a meeting's
papers: professionals who hold the plan together (the full copy), an agency (what it
must do and know), and a family member (what the family agreed and what happens next).
Everything recorded carries an *access*: for everyone, or professionals only, and
possibly kept from named family members.

Safe by default: with no mark from the chair, anything that comes from a "yes" or
"not known" on domestic abuse, adult safeguarding or child protection, any section kept
from agencies, any returned report whose author did not say it was shared with the
family, and (in a meeting that recorded such a concern) every section's notes stay with
professionals until the chair releases them with a reason.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from tac_desktop.core.practice.think_family import Answer, Procedure

# Think Family questions whose "yes" or "not known" opens a safeguarding route.
SAFEGUARDING_PROCEDURES = frozenset(
    {Procedure.MARAC, Procedure.ADULT_SAFEGUARDING, Procedure.CHILD_PROTECTION}
)

# Words that, in a task, decision or differing view, point at a safeguarding route or
# at someone's safety. A safety net behind the chair's marks: a false alarm keeps an
# item with professionals (the chair can release it); a miss could hurt someone.
_SENSITIVE = re.compile(
    r"\b(marac|idva|isva|mash|section\s*47|s\.?\s*47|strategy\s+(meeting|discussion)|"
    r"child\s+protection|adult\s+safeguarding|safeguarding\s+(referral|adults?|concern)|"
    r"domestic\s+(abuse|violence)|non[-\s]?molestation|occupation\s+order|injunction|"
    r"restraining\s+order|bail\s+conditions?|perpetrator|coercive|controlling\s+behaviou?r|"
    r"refuge|women'?s\s+aid|clare'?s\s+law|ddvps|dvpo|dvpn|honour[-\s]based|"
    r"forced\s+marriage|fgm|female\s+genital|sexual(ly)?\s+(abuse|abused|assault|"
    r"exploitation|exploited|harm)|rape|grooming|cse|cce|criminal\s+exploitation|"
    r"county\s+lines|trafficking|modern\s+slavery|radicali[sz]|emotional\s+abuse|"
    r"physical\s+abuse|overdose|strangl\w*|non[-\s]?fatal)\b",
    re.IGNORECASE,
)


def mentions_safeguarding(text: str) -> bool:
    """Whether ``text`` names a safeguarding route or someone's safety from abuse."""
    return bool(_SENSITIVE.search(text))


class ItemKind(enum.Enum):
    """The kinds of record the chair can mark for readers."""

    SECTION = "section"  # a section's notes (and its amendments)
    REPORT = "report"  # a written report from someone who could not come
    CONSIDERATION = "consideration"  # one Think Family answer
    DECISION = "decision"  # a decision, with who disagreed
    DIFFERING_VIEW = "view"
    TASK = "task"

    @property
    def label(self) -> str:
        return {
            "section": "Notes",
            "report": "Written report",
            "consideration": "Think Family answer",
            "decision": "Decision",
            "view": "Differing view",
            "task": "Action",
        }[self.value]


def item_key(kind: ItemKind, *parts: object) -> str:
    """The stable name of one item: ``section:<meeting>:<key>``, ``report:<attendance>``,
    ``consideration:<meeting>:<person>:<question>``, ``decision:<id>``, ``view:<id>``,
    ``task:<id>``."""
    return ":".join([kind.value, *(str("-" if p is None else p) for p in parts)])


class ReaderKind(enum.Enum):
    FULL = "full"
    AGENCY = "agency"
    FAMILY = "family"


@dataclass(frozen=True)
class Reader:
    """Whom one copy is for. ``person_id`` names the family member (FAMILY); ``name``
    is what the copy says it is for (an agency's name, a person's name)."""

    kind: ReaderKind
    name: str = ""
    person_id: int | None = None

    @classmethod
    def full(cls) -> Reader:
        return cls(ReaderKind.FULL)

    @classmethod
    def agency(cls, name: str) -> Reader:
        return cls(ReaderKind.AGENCY, " ".join(name.split()))

    @classmethod
    def family(cls, person_id: int, name: str) -> Reader:
        return cls(ReaderKind.FAMILY, name, person_id)

    @property
    def is_family(self) -> bool:
        return self.kind is ReaderKind.FAMILY

    @property
    def in_words(self) -> str:
        if self.kind is ReaderKind.FULL:
            return "the full copy, for the professionals who hold the plan"
        if self.kind is ReaderKind.AGENCY:
            return f"{self.name}'s copy"
        return f"{self.name}'s family copy"


@dataclass(frozen=True)
class Access:
    """Who may read one item. ``professionals_only``: kept out of every family copy;
    ``withheld_from``: family members (by person id) it must never reach; ``reason``:
    why, in the chair's or the rule's words; ``marked``: set by the chair (not a
    default); ``need_to_know``: a section kept from agencies' copies too."""

    professionals_only: bool = False
    withheld_from: frozenset[int] = field(default_factory=frozenset)
    reason: str = ""
    marked: bool = False
    need_to_know: bool = False
    private_to: int | None = None  # one family member's own information: theirs alone
    # The only family members who may read it (a mark naming them), when not None.
    only_for: frozenset[int] | None = None

    def readable_by(self, reader: Reader) -> bool:
        if reader.kind is ReaderKind.FULL:
            return True
        if reader.kind is ReaderKind.AGENCY:
            return not self.need_to_know
        if self.professionals_only:
            return False
        if self.only_for is not None:
            return reader.person_id in self.only_for
        if self.private_to is not None and reader.person_id != self.private_to:
            return False
        return reader.person_id not in self.withheld_from


EVERYONE = Access()


# -- the defaults ------------------------------------------------------------------------

R_SAFEGUARDING_ANSWER = (
    "A concern about domestic abuse, adult safeguarding or child protection: professionals "
    "only unless the chair releases it."
)
R_NEED_TO_KNOW = "Kept from agencies' copies, so kept from the family's too."
R_REPORT_NOT_SHARED = (
    "Its author did not say the report was shared with the family: professionals only."
)
R_SENSITIVE_MEETING = (
    "This meeting recorded a safeguarding or domestic abuse concern: notes stay with "
    "professionals until the chair releases them."
)
R_SAFEGUARDING_WORDS = (
    "It names a safeguarding route or someone's safety: professionals only unless the "
    "chair releases it."
)
R_PRIVATE = (
    "About one adult's own needs (often their health): in their own family copy only, "
    "unless the chair releases it."
)
R_PROFESSIONAL_VIEWS = (
    "Professionals' differing views stay with professionals unless the chair releases them."
)


def is_safeguarding_answer(answer: Answer | None, procedure: Procedure | None) -> bool:
    """A "yes" or "not known" on a question whose route is MARAC, adult safeguarding or
    child protection (the question's trigger, or the referral route chosen)."""
    return answer in (Answer.YES, Answer.NOT_KNOWN) and procedure in SAFEGUARDING_PROCEDURES


def default_section(*, restricted: bool, sensitive_meeting: bool, notes: str = "") -> Access:
    if restricted:
        return Access(professionals_only=True, reason=R_NEED_TO_KNOW, need_to_know=True)
    if sensitive_meeting:
        return Access(professionals_only=True, reason=R_SENSITIVE_MEETING)
    if mentions_safeguarding(notes):
        return Access(True, reason=R_SAFEGUARDING_WORDS)
    return EVERYONE


def default_report(shared_with_family: bool, text: str = "") -> Access:
    if not shared_with_family:
        return Access(True, reason=R_REPORT_NOT_SHARED)
    if mentions_safeguarding(text):
        return Access(True, reason=R_SAFEGUARDING_WORDS)
    return EVERYONE


def default_consideration(
    answer: Answer | None,
    procedure: Procedure | None,
    *texts: str,
    adult: int | None = None,
) -> Access:
    """``adult``: the person id when the answer is about an adult of the family, whose
    "yes" or "not known" (their needs, their health) is theirs alone by default."""
    if is_safeguarding_answer(answer, procedure):
        return Access(True, reason=R_SAFEGUARDING_ANSWER)
    if any(mentions_safeguarding(t) for t in texts):
        return Access(True, reason=R_SAFEGUARDING_WORDS)
    if adult is not None and answer in (Answer.YES, Answer.NOT_KNOWN):
        return Access(reason=R_PRIVATE, private_to=adult)
    return EVERYONE


def default_task(procedure: Procedure | None, *texts: str, adult: int | None = None) -> Access:
    """``adult``: the person id when the task is for an adult of the family: theirs alone
    in the family's copies by default (what an adult is offered is their own business)."""
    if procedure in SAFEGUARDING_PROCEDURES:
        return Access(True, reason=R_SAFEGUARDING_ANSWER)
    if any(mentions_safeguarding(t) for t in texts):
        return Access(True, reason=R_SAFEGUARDING_WORDS)
    if adult is not None:
        return Access(reason=R_PRIVATE, private_to=adult)
    return EVERYONE


def default_decision(*texts: str) -> Access:
    if any(mentions_safeguarding(t) for t in texts):
        return Access(True, reason=R_SAFEGUARDING_WORDS)
    return EVERYONE


def default_family_member() -> Access:
    """The family as recorded (names, how each is related, who lives in the household,
    who has parental responsibility) opens every copy: the family knows it, and it holds
    no address or number. Whether someone must not receive information is never in a
    family copy (``copies.copy_for`` drops it)."""
    return EVERYONE


def default_differing_view() -> Access:
    return Access(True, reason=R_PROFESSIONAL_VIEWS)


def marked(
    professionals_only: bool,
    people: frozenset[int],
    reason: str,
    default: Access,
    *,
    only_named: bool = False,
) -> Access:
    """The chair's mark over a default: for everyone but ``people``, or (``only_named``)
    for ``people`` alone, or professionals only. A section kept from agencies stays so
    (that is set on the section itself): a mark can release it to the family, never to
    agencies."""
    return Access(
        professionals_only=professionals_only,
        withheld_from=frozenset() if only_named else people,
        reason=reason,
        marked=True,
        need_to_know=default.need_to_know,
        only_for=people if only_named else None,
    )


# -- contact details in family copies ------------------------------------------------------

CONTACT_LEFT_OUT = "[contact details left out]"

# A phone number: nine or more digits (any script's) with the spaces, dashes, dots and
# brackets people type between them, and a leading + for an international one.
# Bounded repeats keep each try short: a pasted 50,000-character run costs little.
_PHONE = re.compile(r"(?<![\d+])\+?\(?\d(?:[\s().\-/]{0,3}\d){8,19}(?!\d)")
_EMAIL = re.compile(r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}")
# A UK postcode in capitals ("CF10 1AA", "SW1A 2AA"), and a house number before a
# street name in capitals and a street word ("12 Bryn Road", "4a Heol y Felin").
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
_STREET = re.compile(
    r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][\w'’\-]{0,30}\s+(?:[a-z]{1,3}\s+)?){1,3}"
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Court|Place|Crescent|"
    r"Terrace|Gardens|Grove|Row|Hill|Walk|Mews|Square|Park|Rise|View)\b"
    r"|\b\d{1,4}[A-Za-z]?,?\s+(?:Heol|Ffordd|Stryd|Lôn)(?:\s+[\w'’\-]{1,30}){1,3}",
)


def _digits(text: str) -> str:
    return "".join(str(int(ch)) for ch in text if ch.isdecimal())


def leave_out_contacts(text: str, allowed: frozenset[str] = frozenset()) -> str:
    """``text`` with phone numbers, e-mail addresses, postcodes and street addresses
    replaced, for a family copy: one family member's contact details must never reach
    another. ``allowed``: professionals' work numbers and addresses (as digits, or the
    address folded to lower case) that may stay."""
    if not text:
        return text

    def phone(match: re.Match[str]) -> str:
        return match.group(0) if _digits(match.group(0)) in allowed else CONTACT_LEFT_OUT

    def email(match: re.Match[str]) -> str:
        return match.group(0) if match.group(0).casefold() in allowed else CONTACT_LEFT_OUT

    if "@" in text:
        text = _EMAIL.sub(email, text)
    text = _PHONE.sub(phone, text)
    text = _POSTCODE.sub(CONTACT_LEFT_OUT, text)
    return _STREET.sub(CONTACT_LEFT_OUT, text)


def work_contacts(phones: Iterable[str], emails: Iterable[str]) -> frozenset[str]:
    """Professionals' work numbers (as digits) and e-mail addresses a family copy keeps."""
    return frozenset(
        [d for d in (_digits(p) for p in phones) if d] + [e.casefold() for e in emails if e]
    )
