"""The encrypted vault: keys, engine, migrations, audit log, backup."""

from tac_desktop.core.vault.keyfile import KdfParams
from tac_desktop.core.vault.vault import ChairDetails, HealthReport, Vault

__all__ = ["ChairDetails", "HealthReport", "KdfParams", "Vault"]
