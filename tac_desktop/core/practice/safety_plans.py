"""The sections of a safety plan, per shape: one place for their keys, titles and help.

Two shapes practitioners know:

- a **family** safety plan (Signs of Safety style): worries paired with safety goals,
  the rules of the plan and who in the family's safety network makes sure each is kept,
  triggers and red flags, how everyone will know it is working and what happens if it
  is not, and where people see a worry differently;
- a **personal** safety plan for a young person at risk of hurting themselves
  (Stanley–Brown style), written in their own words: warning signs, what they can do on
  their own, people and places that take their mind off it, people to ask for help,
  professionals and crisis services, making their surroundings safer, reasons for living.

Either shape can also hold, where there is domestic abuse, a code word or signal and
what to keep ready to leave. Those sections are printed only when something is in them.

The titles and help are written for the family or the young person to read: the editor
shows them, and the printed plan uses the titles as its headings.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tac_desktop.core.models.safety_plan import PlanShape


class SectionKind(enum.Enum):
    """What one section holds."""

    LINES = "lines"  # a list of points, each one line
    CONTACTS = "contacts"  # people or services: name, who they are, phone, what they do
    WORRIES = "worries"  # a worry paired with the safety goal that answers it
    RULES = "rules"  # a rule of the plan, and who in the network makes sure it is kept
    VIEWS = "views"  # a worry people see differently: who agrees, who does not


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    help: str
    kind: SectionKind
    # Only for where there is domestic abuse; left out of the printed plan when empty.
    only_when_needed: bool = False
    # In the young person's own words (the printed plan says so).
    own_words: bool = False


CODE_WORD = Section(
    "code_word",
    "Our code word or signal",
    "A word, text or sign that means 'I need help now, call the police'. Say who knows "
    "it and what they will do when they hear it or see it.",
    SectionKind.LINES,
    only_when_needed=True,
)
READY_TO_LEAVE = Section(
    "ready_to_leave",
    "Ready to leave in a hurry",
    "What to keep ready, and where, in case you need to leave quickly: keys, money, "
    "phone and charger, medicines, documents, something for the children.",
    SectionKind.LINES,
    only_when_needed=True,
)

FAMILY_SECTIONS: tuple[Section, ...] = (
    Section(
        "worries",
        "What we are worried about, and what we want instead",
        "Each worry in words the family understands: who might be hurt, how, and what "
        "could happen if nothing changes. Beside it, what everyone wants to see instead.",
        SectionKind.WORRIES,
    ),
    Section(
        "rules",
        "The rules of our plan",
        "What will happen, every day, to keep the children safe. Each rule names the "
        "people in the safety network who make sure it is kept.",
        SectionKind.RULES,
    ),
    Section(
        "network",
        "Our safety network",
        "The family, friends and neighbours who know about the worries and help keep the "
        "plan going: who they are, how to reach them, and what they do.",
        SectionKind.CONTACTS,
    ),
    Section(
        "triggers",
        "Triggers and red flags",
        "The things that have led to trouble before, and the signs that things are "
        "starting to go wrong again.",
        SectionKind.LINES,
    ),
    Section(
        "working",
        "How we will all know the plan is working",
        "What everyone, the children too, will notice when the plan is working.",
        SectionKind.LINES,
    ),
    Section(
        "not_working",
        "What happens if the plan is not working",
        "Who does what, and who is told, if a rule is broken or a red flag shows.",
        SectionKind.LINES,
    ),
    Section(
        "disagreements",
        "Where people see things differently",
        "A worry that not everyone agrees with: who agrees with it and who does not. It "
        "is written down so nobody's view is lost.",
        SectionKind.VIEWS,
    ),
    CODE_WORD,
    READY_TO_LEAVE,
)

PERSONAL_SECTIONS: tuple[Section, ...] = (
    Section(
        "warning_signs",
        "My warning signs",
        "The thoughts, feelings, pictures or things that happen that tell me a hard time "
        "might be coming.",
        SectionKind.LINES,
        own_words=True,
    ),
    Section(
        "on_my_own",
        "Things I can do on my own to feel better",
        "Things that help me get through it without contacting anyone: music, a walk, a "
        "shower, drawing, a breathing exercise.",
        SectionKind.LINES,
        own_words=True,
    ),
    Section(
        "take_my_mind_off",
        "People and places that take my mind off it",
        "People I like being with and places I can go where I feel a bit better.",
        SectionKind.LINES,
        own_words=True,
    ),
    Section(
        "ask_for_help",
        "People I can ask for help",
        "People I trust and can tell when I am not safe, and how to reach them.",
        SectionKind.CONTACTS,
        own_words=True,
    ),
    Section(
        "services",
        "Professionals and services I can contact",
        "Workers who know me, and crisis lines I can call or text at any time. In an "
        "emergency call 999 or go to A&E.",
        SectionKind.CONTACTS,
    ),
    Section(
        "safe_surroundings",
        "Making where I am safer",
        "What I and the people around me will do to keep things I could hurt myself with "
        "away from me.",
        SectionKind.LINES,
        own_words=True,
    ),
    Section(
        "reasons_for_living",
        "My reasons for living",
        "The people, hopes and things that matter most to me and are worth staying safe for.",
        SectionKind.LINES,
        own_words=True,
    ),
    CODE_WORD,
    READY_TO_LEAVE,
)

SHAPE_TITLES = {
    PlanShape.FAMILY: "Family safety plan",
    PlanShape.PERSONAL: "My safety plan",
}


def sections_for(shape: PlanShape) -> tuple[Section, ...]:
    """The sections of a plan of ``shape``, in the order they are edited and printed."""
    return FAMILY_SECTIONS if shape is PlanShape.FAMILY else PERSONAL_SECTIONS


def section(shape: PlanShape, key: str) -> Section:
    for item in sections_for(shape):
        if item.key == key:
            return item
    raise KeyError(key)


ALL_SECTION_KEYS: tuple[str, ...] = tuple(
    dict.fromkeys(s.key for s in (*FAMILY_SECTIONS, *PERSONAL_SECTIONS))
)


# -- what a plan says -------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """Someone in the safety network, a person to ask for help, or a service."""

    name: str
    role: str = ""  # who they are: "Nan", "School nurse", "Crisis line, any time"
    phone: str = ""
    does: str = ""  # what they do for the plan


@dataclass(frozen=True)
class Worry:
    worry: str  # the danger statement
    goal: str = ""  # the safety goal that answers it


@dataclass(frozen=True)
class Rule:
    rule: str
    kept_by: tuple[str, ...] = ()  # names of people in the safety network


@dataclass(frozen=True)
class View:
    """A worry not everyone shares, written down so nobody's view is lost."""

    worry: str
    agree: str = ""  # who agrees with the worry
    disagree: str = ""  # who does not


Entry = str | Contact | Worry | Rule | View
_ENTRY_TYPE: dict[SectionKind, type] = {
    SectionKind.LINES: str,
    SectionKind.CONTACTS: Contact,
    SectionKind.WORRIES: Worry,
    SectionKind.RULES: Rule,
    SectionKind.VIEWS: View,
}


@dataclass(frozen=True)
class PlanContent:
    """The sections of one plan (draft or version), by section key; a missing key is an
    empty section. Each section holds entries of its kind (see ``Section.kind``)."""

    sections: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        # An empty section and a missing one say the same thing.
        if not isinstance(other, PlanContent):
            return NotImplemented
        return self._filled() == other._filled()

    __hash__ = None  # type: ignore[assignment]  # holds a mapping: not hashable

    def _filled(self) -> dict[str, tuple[Entry, ...]]:
        return {key: tuple(entries) for key, entries in self.sections.items() if entries}

    def entries(self, key: str) -> tuple[Entry, ...]:
        return tuple(self.sections.get(key, ()))

    def lines(self, key: str) -> tuple[str, ...]:
        return tuple(e for e in self.entries(key) if isinstance(e, str))

    def contacts(self, key: str) -> tuple[Contact, ...]:
        return tuple(e for e in self.entries(key) if isinstance(e, Contact))

    @property
    def worries(self) -> tuple[Worry, ...]:
        return tuple(e for e in self.entries("worries") if isinstance(e, Worry))

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(e for e in self.entries("rules") if isinstance(e, Rule))

    @property
    def views(self) -> tuple[View, ...]:
        return tuple(e for e in self.entries("disagreements") if isinstance(e, View))

    def with_section(self, key: str, entries: tuple[Entry, ...] | list[Entry]) -> PlanContent:
        return PlanContent({**self.sections, key: tuple(entries)})

    def is_empty(self) -> bool:
        return not any(self.sections.values())

    def canonical(self, shape: PlanShape) -> PlanContent:
        """Every section of ``shape`` in order (empty ones too), nothing else."""
        return PlanContent({s.key: self.entries(s.key) for s in sections_for(shape)})


def describe(entry: Entry) -> str:
    """One line of plain words for an entry, as a comparison of versions shows it."""
    if isinstance(entry, str):
        return entry
    if isinstance(entry, Contact):
        details = [part for part in (entry.role, entry.phone, entry.does) if part]
        return f"{entry.name} ({'; '.join(details)})" if details else entry.name
    if isinstance(entry, Worry):
        return f"{entry.worry} → {entry.goal}" if entry.goal else entry.worry
    if isinstance(entry, Rule):
        kept = f" (kept by {', '.join(entry.kept_by)})" if entry.kept_by else ""
        return f"{entry.rule}{kept}"
    agree = f"agrees: {entry.agree}" if entry.agree else ""
    disagree = f"does not agree: {entry.disagree}" if entry.disagree else ""
    sides = "; ".join(part for part in (agree, disagree) if part)
    return f"{entry.worry} ({sides})" if sides else entry.worry


# -- as JSON (the vault's text columns and the case file) -----------------------------


def _entry_json(entry: Entry) -> Any:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, Rule):
        return {"rule": entry.rule, "kept_by": list(entry.kept_by)}
    return dict(vars(entry))


def content_to_json(content: PlanContent, shape: PlanShape) -> dict[str, Any]:
    """Every section of the shape, in order, as plain JSON data (lists of text or of
    ``{...}`` blocks), so the same content always gives the same text."""
    return {s.key: [_entry_json(e) for e in content.entries(s.key)] for s in sections_for(shape)}


def _entry_from_json(kind: SectionKind, value: Any) -> Entry:
    if kind is SectionKind.LINES:
        if not isinstance(value, str):
            raise ValueError("should be text")
        return value
    if not isinstance(value, dict):
        raise ValueError("should be a {...} block")
    made: Entry
    if kind is SectionKind.RULES:
        made = Rule(str(value.get("rule", "")), tuple(str(n) for n in value.get("kept_by", ())))
    else:
        made = _ENTRY_TYPE[kind](**{k: str(v) for k, v in value.items()})
    return made


def content_from_json(data: Mapping[str, Any], shape: PlanShape) -> PlanContent:
    """Content written by ``content_to_json``; keys of other shapes are ignored."""
    return PlanContent(
        {
            s.key: tuple(_entry_from_json(s.kind, value) for value in data.get(s.key, ()))
            for s in sections_for(shape)
        }
    )


def content_to_text(content: PlanContent, shape: PlanShape) -> str:
    """The JSON text a vault keeps for a draft or a version."""
    return json.dumps(content_to_json(content, shape), ensure_ascii=False)


def content_from_text(text: str, shape: PlanShape) -> PlanContent:
    return content_from_json(json.loads(text or "{}"), shape)
