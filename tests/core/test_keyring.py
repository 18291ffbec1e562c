"""'Remember on this computer': the data key in the OS keyring.

Most tests use the in-memory keyring from tests/conftest.py. One test starts a real
Secret Service (gnome-keyring on a private D-Bus session) in a subprocess, where the
keyring library picks its ordinary default backend.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringError

from tac_desktop.core.errors import WrongPassphrase
from tac_desktop.core.vault import Vault, keyring_store
from tac_desktop.core.vault.keyring_store import SERVICE, KeyringUnavailable
from tests.conftest import PASSPHRASE, MemoryKeyring
from tests.core.helpers import add_synthetic_case, dump_records, folder_digests


def test_remembered_key_opens_the_vault_without_the_passphrase(
    vault: Vault, vault_path: Path, memory_keyring: MemoryKeyring
) -> None:
    add_synthetic_case(vault)
    records = dump_records(vault)
    keyring_store.remember(vault.vault_id, vault.data_key)
    vault_id = vault.vault_id
    vault.close()

    key = keyring_store.recall(vault_id)
    assert key is not None and len(key) == 32
    assert memory_keyring.store == {(SERVICE, vault_id): key.hex()}
    with Vault.open(vault_path, data_key=key) as reopened:
        assert dump_records(reopened) == records
        assert reopened.check().healthy


def test_nothing_remembered_means_none(memory_keyring: MemoryKeyring) -> None:
    assert keyring_store.recall("no-such-vault") is None
    memory_keyring.store[(SERVICE, "junk")] = "not hex at all"
    assert keyring_store.recall("junk") is None
    memory_keyring.store[(SERVICE, "empty")] = ""
    assert keyring_store.recall("empty") is None


def test_a_stale_remembered_key_is_refused_and_changes_nothing(
    vault: Vault, vault_path: Path, memory_keyring: MemoryKeyring
) -> None:
    vault_id = vault.vault_id
    vault.close()
    stale = bytes(32)  # e.g. the key of a vault that has since been replaced
    keyring_store.remember(vault_id, stale)
    before = folder_digests(vault_path.parent, ignore=())
    with pytest.raises(WrongPassphrase, match="passphrase"):
        Vault.open(vault_path, data_key=keyring_store.recall(vault_id))
    assert folder_digests(vault_path.parent, ignore=()) == before
    Vault.open(vault_path, PASSPHRASE).close()  # the passphrase still works


def test_the_remembered_key_survives_a_passphrase_change(vault: Vault, vault_path: Path) -> None:
    """The change replaces the data key and the remembered key follows it, so
    'remember' need not be redone."""
    keyring_store.remember(vault.vault_id, vault.data_key)
    vault.change_passphrase(PASSPHRASE, "a brand new invented passphrase")
    vault_id = vault.vault_id
    vault.close()
    Vault.open(vault_path, data_key=keyring_store.recall(vault_id)).close()


def test_forget(vault: Vault, memory_keyring: MemoryKeyring) -> None:
    keyring_store.remember(vault.vault_id, vault.data_key)
    keyring_store.forget(vault.vault_id)
    assert keyring_store.recall(vault.vault_id) is None
    assert memory_keyring.store == {}
    keyring_store.forget(vault.vault_id)  # forgetting twice is harmless


def test_no_keyring_on_this_computer(vault: Vault) -> None:
    keyring.set_keyring(fail.Keyring())  # what keyring picks on a bare Linux desktop
    with pytest.raises(KeyringUnavailable) as caught:
        keyring_store.remember(vault.vault_id, vault.data_key)
    message = str(caught.value)
    assert "passphrase" in message
    assert "NoKeyringError" not in message and "backend" not in message.lower()
    assert keyring_store.recall(vault.vault_id) is None
    keyring_store.forget(vault.vault_id)  # silently nothing to do


class _RefusingKeyring(KeyringBackend):
    """A password store that exists but says no (e.g. the user cancelled the unlock)."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("the collection is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringError("the collection is locked")


def test_a_keyring_that_refuses(vault: Vault) -> None:
    keyring.set_keyring(_RefusingKeyring())
    with pytest.raises(KeyringUnavailable, match="refused"):
        keyring_store.remember(vault.vault_id, vault.data_key)
    assert keyring_store.recall(vault.vault_id) is None
    keyring_store.forget(vault.vault_id)


# -- a real Secret Service --------------------------------------------------------------

_SECRET_SERVICE_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import keyring

    from tac_desktop.core.vault import ChairDetails, KdfParams, Vault, keyring_store

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    print("backend:", name)
    assert type(backend).__module__ == "keyring.backends.SecretService", name

    path = Path(sys.argv[1])
    passphrase = "an invented passphrase for the keyring test"
    vault = Vault.create(
        path, passphrase, ChairDetails("Iolanthe Keyring-Tester"), KdfParams.fast_for_tests()
    )
    vault_id, data_key = vault.vault_id, vault.data_key
    keyring_store.remember(vault_id, data_key)
    vault.close()

    recalled = keyring_store.recall(vault_id)
    assert recalled == data_key, "the Secret Service did not give the key back"
    with Vault.open(path, data_key=recalled) as reopened:
        assert reopened.check().healthy
    keyring_store.forget(vault_id)
    assert keyring_store.recall(vault_id) is None
    print("secret-service-ok")
    """
)


@pytest.mark.slow
def test_a_real_secret_service_remembers_the_key(tmp_path: Path) -> None:
    tools = ("dbus-run-session", "gnome-keyring-daemon")
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing or not sys.platform.startswith("linux"):
        why = f"needs {' and '.join(missing) or 'Linux'} for a real Secret Service"
        if os.environ.get("CI") == "true" and sys.platform.startswith("linux"):
            pytest.fail(f"CI must run the Secret Service test, but it {why}")
        pytest.skip(why)

    script = tmp_path / "remember.py"
    script.write_text(_SECRET_SERVICE_SCRIPT, "utf-8")
    home = tmp_path / "home"
    home.mkdir()
    # A short private runtime folder: gnome-keyring puts a socket in it, and socket
    # paths are limited to ~100 characters.
    runtime = Path(tempfile.mkdtemp(prefix="tac-kr-"))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DBUS_", "GNOME_KEYRING", "PYTHON_KEYRING", "TAC_VAULT"))
    }
    env.update(
        HOME=str(home),  # a throwaway login keyring, never the developer's own
        XDG_DATA_HOME=str(home / "share"),
        XDG_CONFIG_HOME=str(home / "config"),  # no keyringrc.cfg picking another backend
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_RUNTIME_DIR=str(runtime),
        # gnome-keyring only creates the login collection for a non-empty password.
        THROWAWAY_KEYRING_PASSWORD="invented-unlock-password",
    )
    command = [
        "dbus-run-session",
        "--",
        "sh",
        "-c",
        'printf "%s" "$THROWAWAY_KEYRING_PASSWORD" '
        "| gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; "
        'exec "$0" "$@"',
        sys.executable,
        str(script),
        str(tmp_path / "remembered.tacvault"),
    ]
    try:
        result = subprocess.run(
            command,
            env=env,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "backend: keyring.backends.SecretService.Keyring" in result.stdout
    assert "secret-service-ok" in result.stdout
    # The key really went through the daemon into the throwaway login keyring.
    assert (home / "share" / "keyrings" / "login.keyring").is_file()
