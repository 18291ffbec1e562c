"""Agenda templates: data files a local area can reword and reorder without code.

Templates live in ``resources/agendas/*.toml`` and, for local changes, in the user's
config folder (``agendas/*.toml``, same file name or id replaces the shipped one). Core
adds back what finalising depends on whatever a file says: the attendance section, the
Think Family section and the next review.
"""

from __future__ import annotations

import enum
import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tac_desktop.core.errors import TacError
from tac_desktop.core.resources import resources_dir

AGENDA_DIR_ENV = "TAC_AGENDA_DIR"


class TemplateError(TacError):
    pass


class Part(enum.Enum):
    """The structured pieces a section can hold besides free notes."""

    NOTES = "notes"
    ATTENDANCE = "attendance"
    CHILD_VOICE = "child_voice"
    PREVIOUS_ACTIONS = "previous_actions"
    REPORTS_RECEIVED = "reports_received"
    SCALING = "scaling"
    THINK_FAMILY = "think_family"
    DIFFERING_VIEWS = "differing_views"
    DECISIONS = "decisions"
    ACTIONS = "actions"
    SAFETY_PLAN = "safety_plan"
    TRANSITIONS = "transitions"
    NEXT_REVIEW = "next_review"
    EARLY_REVIEW = "early_review"


@dataclass(frozen=True)
class SectionTemplate:
    key: str
    title: str
    prompt: str
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class AgendaTemplate:
    id: str
    title: str
    about: str  # "child", "adult" or "any"
    review_interval_weeks: int
    sections: tuple[SectionTemplate, ...]
    source: str
    restored: tuple[str, ...] = field(default=())  # sections core put back

    def has_part(self, part: Part) -> bool:
        return any(part in s.parts for s in self.sections)


# What core guarantees in every agenda, with the wording used when a file drops it.
_REQUIRED = (
    SectionTemplate(
        "attendance",
        "Who is here and who sent apologies",
        "Record everyone invited and how they took part.",
        (Part.ATTENDANCE,),
    ),
    SectionTemplate(
        "think_family",
        "Think Family",
        "For every adult and every other child in the family, not only the person we are "
        "meeting about.",
        (Part.THINK_FAMILY,),
    ),
    SectionTemplate(
        "next_review",
        "Next review",
        "Set the date of the next review.",
        (Part.NEXT_REVIEW,),
    ),
)


def _problem(source: str, message: str) -> TemplateError:
    return TemplateError(f"The agenda file {source} cannot be used: {message}")


def _text(raw: dict[str, Any], key: str, source: str, where: str, required: bool = True) -> str:
    value = raw.get(key, "" if not required else None)
    if not isinstance(value, str) or (required and not value.strip()):
        raise _problem(source, f"{where} needs a {key!r} written as text in quotes.")
    return value.strip()


def parse_template(text: str, source: str) -> AgendaTemplate:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # The message names the line and column, e.g. "Expected '=' (at line 12, column 7)".
        raise _problem(source, str(error)) from None
    template_id = _text(raw, "id", source, "The file")
    about = raw.get("about", "any")
    if about not in ("child", "adult", "any"):
        raise _problem(source, '\'about\' must be "child", "adult" or "any".')
    weeks = raw.get("review_interval_weeks", 12)
    if not isinstance(weeks, int) or not 0 <= weeks <= 104:
        raise _problem(source, "'review_interval_weeks' must be a whole number from 0 to 104.")
    raw_sections = raw.get("section", [])
    if not isinstance(raw_sections, list) or not raw_sections:
        raise _problem(source, "it has no [[section]] entries.")
    sections: list[SectionTemplate] = []
    for number, item in enumerate(raw_sections, start=1):
        where = f"Section {number}"
        if not isinstance(item, dict):
            raise _problem(source, f"{where} is not a table of key = value lines.")
        key = _text(item, "key", source, where)
        if any(s.key == key for s in sections):
            raise _problem(source, f"{where} repeats the key {key!r}; each key must be unique.")
        parts_raw = item.get("parts", ["notes"])
        if not isinstance(parts_raw, list):
            raise _problem(source, f"{where}: 'parts' must be a list such as [\"notes\"].")
        try:
            parts = tuple(Part(p) for p in parts_raw)
        except ValueError:
            known = ", ".join(p.value for p in Part)
            raise _problem(
                source, f"{where}: unknown part in {parts_raw}; known: {known}."
            ) from None
        sections.append(
            SectionTemplate(
                key,
                _text(item, "title", source, where),
                _text(item, "prompt", source, where, required=False),
                parts,
            )
        )
    restored: list[str] = []
    for required in _REQUIRED:
        if not any(required.parts[0] in s.parts for s in sections):
            _insert_required(sections, required)
            restored.append(required.title)
    return AgendaTemplate(
        template_id,
        _text(raw, "title", source, "The file"),
        about,
        weeks,
        tuple(sections),
        source,
        tuple(restored),
    )


def _insert_required(sections: list[SectionTemplate], required: SectionTemplate) -> None:
    key = required.key
    while any(s.key == key for s in sections):
        key += "_"
    section = SectionTemplate(key, required.title, required.prompt, required.parts)
    if required.parts[0] is Part.ATTENDANCE:
        sections.insert(min(1, len(sections)), section)
    elif required.parts[0] is Part.THINK_FAMILY:
        before = next((i for i, s in enumerate(sections) if Part.ACTIONS in s.parts), None)
        sections.insert(before if before is not None else len(sections), section)
    else:
        sections.append(section)


def _folders() -> list[Path]:
    folders = [resources_dir() / "agendas"]
    override = os.environ.get(AGENDA_DIR_ENV)
    if override:
        folders.append(Path(override))
    else:
        from platformdirs import user_config_dir

        folders.append(Path(user_config_dir("TAC Desktop", appauthor=False)) / "agendas")
    return folders


@dataclass(frozen=True)
class LoadedTemplates:
    by_id: dict[str, AgendaTemplate]
    # Local files that could not be used (shipped agendas stand in): shown to the chair.
    problems: tuple[str, ...]


@cache
def _load() -> LoadedTemplates:
    templates: dict[str, AgendaTemplate] = {}
    problems: list[str] = []
    shipped, *local = _folders()
    for folder in (shipped, *local):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as error:
                    raise _problem(path.name, f"it cannot be read ({error}).") from None
                template = parse_template(text, path.name)
            except TemplateError as error:
                if folder == shipped:
                    raise  # a broken installation: nothing sensible to fall back on
                problems.append(str(error))
                continue
            templates[template.id] = template
    if not templates:
        raise TemplateError("No agenda templates were found; reinstall TAC Desktop.")
    return LoadedTemplates(templates, tuple(problems))


def load_templates() -> dict[str, AgendaTemplate]:
    """Every agenda by id; a local file with the same id replaces the shipped one."""
    return _load().by_id


def template_problems() -> tuple[str, ...]:
    """Plain messages about local agenda files that were skipped (file name and line)."""
    return _load().problems


def template(template_id: str) -> AgendaTemplate:
    templates = load_templates()
    if template_id not in templates:
        raise TemplateError(f"There is no agenda called {template_id!r}.")
    return templates[template_id]
