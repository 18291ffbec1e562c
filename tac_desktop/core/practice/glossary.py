"""A shared language: the terms and acronyms agencies use, and spotting them in notes.

The same letters mean different things in different agencies (to a school "CP" may be a
care plan, to children's social care it is child protection), so a term can carry a
meaning per sector besides its general one. The seed list is written in the project's
own words; each vault keeps an editable copy.

Spotting is deliberately cautious: an unknown word in capitals is only flagged when it
looks like an acronym, not when someone is shouting ("he said GET OUT") or quoting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

# Sector keys are ``models.Sector`` values, kept as plain strings so this module stays free
# of the database layer.


@dataclass(frozen=True)
class Term:
    term: str  # as written: "EHCP"
    meaning: str  # the general meaning, in plain words
    by_sector: Mapping[str, str] = field(default_factory=dict)  # sector value -> meaning


SEED_TERMS: tuple[Term, ...] = (
    Term(
        "ASC",
        "Adult social care: the council's service for adults who need care and support.",
        {"health": "In some health teams, autism spectrum condition."},
    ),
    Term("CAF", "Common Assessment Framework: an early help assessment shared by agencies."),
    Term(
        "CAMHS",
        "Child and adolescent mental health services: the NHS service for children's "
        "emotional and mental health.",
    ),
    Term(
        "CIN",
        "Child in need: a child the council supports under section 17 of the Children Act 1989.",
    ),
    Term(
        "CLA",
        "Child looked after: a child in the care of the council (also called LAC).",
    ),
    Term(
        "CP",
        "Child protection: the plan and meetings used when a child is at risk of significant harm.",
        {"education": "In some schools, a care plan for a pupil's health needs."},
    ),
    Term("DA", "Domestic abuse: abusive or controlling behaviour between partners or family."),
    Term(
        "DSL",
        "Designated safeguarding lead: the member of staff in a school or service who "
        "deals with safeguarding concerns.",
    ),
    Term("EHA", "Early help assessment: an assessment of a family's needs before problems grow."),
    Term(
        "EHCP",
        "Education, health and care plan: a legal plan for a child with special "
        "educational needs, setting out the support they must get.",
    ),
    Term("GP", "General practitioner: the family doctor."),
    Term("HV", "Health visitor: a nurse who supports families with children under five."),
    Term(
        "IRO",
        "Independent reviewing officer: makes sure the plan of a child in care is "
        "reviewed and followed.",
    ),
    Term(
        "LADO",
        "Local authority designated officer: handles concerns about adults who work with children.",
    ),
    Term("LAC", "Looked-after child: a child in the care of the council (also called CLA)."),
    Term(
        "MARAC",
        "Multi-agency risk assessment conference: a meeting about people at high risk "
        "of domestic abuse.",
    ),
    Term(
        "MASH",
        "Multi-agency safeguarding hub: where agencies look at new safeguarding concerns together.",
    ),
    Term(
        "PR",
        "Parental responsibility: the legal rights and duties of a parent.",
        {"police": "In police use, often a press release."},
    ),
    Term(
        "SEND",
        "Special educational needs and disabilities.",
    ),
    Term(
        "SENCO",
        "Special educational needs coordinator: the teacher who arranges support for "
        "pupils with special educational needs.",
    ),
    Term("SW", "Social worker."),
    Term("TAC", "Team around the child: the professionals and family who meet to plan support."),
    Term(
        "YJS",
        "Youth justice service: works with young people who have offended or are at "
        "risk of offending.",
    ),
)

# Capitals that are ordinary words, never acronyms, whoever writes them.
_ORDINARY = frozenset(
    {
        "A", "I", "OK", "NO", "YES", "NOT", "AND", "THE", "BUT", "OR", "IF", "IT", "IS",
        "TO", "DO", "GO", "GET", "OUT", "STOP", "NOW", "HELP", "ME", "MY", "YOU", "WE",
        "HE", "SHE", "AM", "PM", "OFF", "ON", "IN", "UP", "ALL", "NEVER", "ALWAYS",
    }
)  # fmt: skip
_WORD = re.compile(r"(?<![\w&])([A-Z][A-Z0-9&]{1,11})(s?)(?![\w&])")  # as long as a term
_QUOTED = re.compile(r"[\"“”«»](.*?)[\"“”«»]|(?<!\w)['‘](.*?)['’](?!\w)", re.DOTALL)


@dataclass(frozen=True)
class Found:
    """An acronym in a note: where, as written, and the glossary form (plural dropped)."""

    start: int
    end: int
    written: str
    term: str


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _QUOTED.finditer(text)]


def _shouting(text: str, start: int, end: int) -> bool:
    """Part of a run of words in capitals ("GET OUT NOW"): someone's voice, not a term.

    Only a few characters either side are looked at, so long notes stay quick."""
    before = text[max(0, start - 40) : start].rstrip()
    after = text[end : end + 40].lstrip()
    return bool(re.search(r"[A-Z]{2,}$", before)) or bool(re.match(r"[A-Z]{2,}\b", after))


def find_acronyms(text: str, known: Iterable[str] = ()) -> list[Found]:
    """The acronyms in ``text``, in order. Known terms are always found (even quoted);
    unknown capitals only when they look like an acronym (2–8 letters, not an ordinary
    word, not in quotation marks, not part of a shouted phrase). "EHCPs" is "EHCP"."""
    known = list(known)
    known_terms = {k.upper() for k in known}
    quoted = _quoted_spans(text)
    found: list[Found] = _mixed_case(text, known)
    taken = {(f.start, f.end) for f in found}
    for match in _WORD.finditer(text):
        if match.span() in taken:
            continue
        term = match.group(1)  # "EHCPs" is found as "EHCP": group 2 holds the plural s
        if term in known_terms:
            found.append(Found(match.start(), match.end(), match.group(0), term))
            continue
        if term in _ORDINARY or sum(c.isalpha() for c in term) < 2 or len(term) > 8:
            continue
        if any(a <= match.start() < b for a, b in quoted):
            continue
        if _shouting(text, match.start(), match.end()):
            continue
        found.append(Found(match.start(), match.end(), match.group(0), term))
    return sorted(found, key=lambda f: f.start)


def _mixed_case(text: str, known: list[str]) -> list[Found]:
    """Known terms written with some small letters ("SENCo" for SENCO, "EHCPs" aside):
    at least two capitals, so an ordinary word ("Cin", "senco") is never taken for one.
    Words in capitals only are ``_WORD``'s."""
    terms = sorted({k.strip() for k in known if len(k.strip()) > 1}, key=len, reverse=True)
    if not terms or text.isupper():
        return []
    pattern = _known_pattern(tuple(terms))
    found = []
    for match in pattern.finditer(text):
        written = match.group(1)
        if written.isupper() or sum(c.isupper() for c in written) < 2:
            continue
        found.append(Found(match.start(), match.end(), match.group(0), written.upper()))
    return found


@lru_cache(maxsize=8)  # one per glossary as it is edited
def _known_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(map(re.escape, terms))
    return re.compile(rf"(?<![\w&])({alternatives})(s?)(?![\w&])", re.IGNORECASE)


def _explained_inline(text: str, found: Found) -> bool:
    """ "Special educational needs coordinator (SENCO)" or "SENCO (the school's ...)"."""
    after = text[found.end : found.end + 20].lstrip()
    before = text[max(0, found.start - 20) : found.start].rstrip()
    return after.startswith("(") or (before.endswith("(") and after.startswith(")"))


def unexplained(text: str, known: Iterable[str]) -> list[Found]:
    """Acronyms a reader could not look up: not in the glossary and not explained where
    they are first used. These are what the notes editor marks."""
    known_terms = {k.upper() for k in known}
    explained: set[str] = set()
    marked: list[Found] = []
    for item in find_acronyms(text, known_terms):
        if item.term in known_terms or item.term in explained:
            continue
        if _explained_inline(text, item):
            explained.add(item.term)
            continue
        marked.append(item)
    return marked


def terms_used(texts: Iterable[str], known: Iterable[str]) -> list[str]:
    """The glossary terms that appear in ``texts``, alphabetically: the minutes' glossary."""
    known_terms = {k.upper() for k in known}
    used: set[str] = set()
    for text in texts:
        used.update(f.term for f in find_acronyms(text, known_terms) if f.term in known_terms)
    return sorted(used)
