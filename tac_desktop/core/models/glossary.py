"""The vault's own glossary: terms and acronyms, with a meaning per sector where agencies
use the same letters differently. Seeded from ``practice.glossary`` and then the chair's."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tac_desktop.core.models.base import Audited, Base, Timestamped


class GlossaryTerm(Audited, Timestamped, Base):
    __tablename__ = "glossary_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(40), unique=True)  # kept in capitals
    meaning: Mapped[str] = mapped_column(Text)
    # {"education": "...", "police": "..."}: JSON, since the sectors are few and fixed.
    by_sector: Mapped[str] = mapped_column(Text, default="{}")
