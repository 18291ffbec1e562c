"""The vault's glossary: reading, adding and editing terms, and what a text leaves
unexplained.

A new or upgraded vault gets the seed terms the first time the glossary is read (once:
a term the chair deletes is not put back).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import GlossaryTerm, Sector, VaultSetting
from tac_desktop.core.practice import glossary
from tac_desktop.core.services.cases import valid_note
from tac_desktop.core.vault import Vault

_SEEDED = "glossary_seeded"
_TERM = re.compile(r"^[A-Za-z][A-Za-z0-9&]{1,11}$")


@dataclass(frozen=True)
class TermView:
    id: int
    term: str
    meaning: str
    by_sector: dict[Sector, str] = field(default_factory=dict)

    def meaning_for(self, sector: Sector | None) -> str:
        return self.by_sector.get(sector, self.meaning) if sector else self.meaning


def _seed_once(session: Session) -> None:
    if session.get(VaultSetting, _SEEDED) is not None:
        return
    have = set(session.scalars(select(GlossaryTerm.term)))
    for seed in glossary.SEED_TERMS:
        if seed.term not in have:
            session.add(
                GlossaryTerm(
                    term=seed.term, meaning=seed.meaning, by_sector=json.dumps(seed.by_sector)
                )
            )
    session.add(VaultSetting(key=_SEEDED, value="1"))


def _view(row: GlossaryTerm) -> TermView:
    raw = json.loads(row.by_sector or "{}")
    sectors = {s.value: s for s in Sector}
    by_sector = {sectors[k]: v for k, v in raw.items() if k in sectors and v}
    return TermView(row.id, row.term, row.meaning, by_sector)


def terms(vault: Vault) -> list[TermView]:
    with vault.unit_of_work() as session:
        _seed_once(session)
        session.flush()
        rows = session.scalars(select(GlossaryTerm).order_by(GlossaryTerm.term)).all()
        return [_view(row) for row in rows]


def known_terms(vault: Vault) -> set[str]:
    return {t.term for t in terms(vault)}


def _valid_term(term: str) -> str:
    term = term.strip()
    if not _TERM.match(term):
        raise InvalidInput(
            "A term is one word of 2 to 12 letters or digits, starting with a letter "
            "(for example EHCP or SENCO)."
        )
    return term.upper()


def _valid_meanings(meaning: str, by_sector: dict[Sector, str]) -> tuple[str, str]:
    meaning = valid_note(meaning, "The meaning").strip()
    if not meaning:
        raise InvalidInput("Say what the term means, in plain words.")
    cleaned = {
        s.value: valid_note(text, f"The meaning for {s.label}").strip()
        for s, text in by_sector.items()
    }
    return meaning, json.dumps({k: v for k, v in cleaned.items() if v}, ensure_ascii=False)


def add_term(
    vault: Vault, term: str, meaning: str, by_sector: dict[Sector, str] | None = None
) -> int:
    term = _valid_term(term)
    meaning, sectors = _valid_meanings(meaning, by_sector or {})
    with vault.unit_of_work() as session:
        _seed_once(session)
        if session.scalars(select(GlossaryTerm).where(GlossaryTerm.term == term)).first():
            raise InvalidInput(f"{term} is already in the glossary. Change its meaning instead.")
        row = GlossaryTerm(term=term, meaning=meaning, by_sector=sectors)
        session.add(row)
        session.flush()
        return row.id


def update_term(
    vault: Vault, term_id: int, meaning: str, by_sector: dict[Sector, str] | None = None
) -> None:
    meaning, sectors = _valid_meanings(meaning, by_sector or {})
    with vault.unit_of_work() as session:
        row = session.get(GlossaryTerm, term_id)
        if row is None:
            raise InvalidInput("That term is no longer in the glossary.")
        row.meaning, row.by_sector = meaning, sectors


def remove_term(vault: Vault, term_id: int) -> None:
    with vault.unit_of_work() as session:
        row = session.get(GlossaryTerm, term_id)
        if row is None:
            raise InvalidInput("That term is no longer in the glossary.")
        session.delete(row)


def unexplained(text: str, known: set[str]) -> list[glossary.Found]:
    """What the notes editor marks: acronyms a reader could not look up."""
    return glossary.unexplained(text, known)


def glossary_for(vault: Vault, texts: list[str]) -> list[TermView]:
    """The terms used in ``texts`` (for the end of the minutes), alphabetically."""
    every = {t.term: t for t in terms(vault)}
    return [every[name] for name in glossary.terms_used(texts, every)]
