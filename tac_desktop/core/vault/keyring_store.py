"""'Remember on this computer': the vault's data key in the OS keyring.

The key never goes into the vault it opens. Where the computer has no keyring
(``NoKeyringError``, typical on a bare Linux desktop) the program says so and uses the
passphrase; callers get ``KeyringUnavailable`` with a message to show once.
"""

from __future__ import annotations

import keyring
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from tac_desktop.core.errors import TacError

SERVICE = "TAC Desktop vault"


class KeyringUnavailable(TacError):
    pass


_NO_KEYRING = (
    "This computer has no password store that TAC Desktop can use, so the vault cannot "
    "be remembered here. You will be asked for the passphrase each time."
)


def remember(vault_id: str, data_key: bytes) -> None:
    try:
        keyring.set_password(SERVICE, vault_id, data_key.hex())
    except NoKeyringError:
        raise KeyringUnavailable(_NO_KEYRING) from None
    except KeyringError as exc:
        raise KeyringUnavailable(
            f"The computer's password store refused to keep the vault key ({exc}). "
            "You will be asked for the passphrase each time."
        ) from None


def recall(vault_id: str) -> bytes | None:
    """The remembered key, or None when there is none or no keyring at all."""
    try:
        value = keyring.get_password(SERVICE, vault_id)
    except KeyringError:
        return None
    if not value:
        return None
    try:
        return bytes.fromhex(value)
    except ValueError:
        return None


def forget(vault_id: str) -> None:
    try:
        keyring.delete_password(SERVICE, vault_id)
    except (PasswordDeleteError, NoKeyringError):
        pass
    except KeyringError:
        pass
