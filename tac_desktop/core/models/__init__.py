"""Typed SQLAlchemy 2 records. Importing this package registers every table."""

from tac_desktop.core.models.audit import AuditEntry
from tac_desktop.core.models.base import Audited, Base, Timestamped
from tac_desktop.core.models.meta import Chair, VaultSetting

__all__ = ["AuditEntry", "Audited", "Base", "Chair", "Timestamped", "VaultSetting"]
