"""Facts about the vault itself: its owner (the chair) and a few settings."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from tac_desktop.core.models.base import Audited, Base, Timestamped


class VaultSetting(Base):
    """A key/value fact about the vault (e.g. the audit chain's head)."""

    __tablename__ = "vault_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String)


class Chair(Audited, Timestamped, Base):
    """The practitioner who owns the vault; author of every audit entry."""

    __tablename__ = "chair"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    agency: Mapped[str] = mapped_column(String(200), default="")
    # The organiser of the calendar invitations the chair sends (replies come back here).
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
