"""The encrypted vault: keys, engine, migrations, audit log, backup."""

from tac_desktop.core.vault.keyfile import KdfParams
from tac_desktop.core.vault.vault import (
    VAULT_SUFFIX,
    ChairDetails,
    HealthReport,
    Vault,
    unseal_key,
    vault_id_of,
)

__all__ = [
    "VAULT_SUFFIX",
    "ChairDetails",
    "HealthReport",
    "KdfParams",
    "Vault",
    "unseal_key",
    "vault_id_of",
]
