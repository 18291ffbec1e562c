"""Shared test harness: offscreen Qt, an in-memory keyring, fresh vaults in tmp_path.

Set before anything imports Qt or keyring, so no window appears and no real password
store is ever touched (except the one test that asks for a real Secret Service).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("TAC_VAULT_PASSPHRASE", None)
os.environ.pop("TAC_NEW_VAULT_PASSPHRASE", None)

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import keyring
import pytest
import time_machine
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from tac_desktop.core.vault import ChairDetails, KdfParams, Vault

PASSPHRASE = "a long synthetic test passphrase"
CHAIR = ChairDetails("Robin Testchair", "Family support worker", "Testshire Family Hub")

# The day the run started. Test modules read date.today() when they are imported; a run
# that crosses midnight would otherwise compare their "today" with the services' tomorrow.
SESSION_DAY = date.today()


@pytest.fixture(autouse=True)
def same_day_throughout() -> Iterator[None]:
    """After midnight, tests go on late in the day the run began (the clock still ticks).

    Only then: the real clock is left alone otherwise, because some tests compare it with
    the times the file system gives files."""
    if date.today() == SESSION_DAY:
        yield
        return
    with time_machine.travel(datetime.combine(SESSION_DAY, time(23)), tick=True):
        yield


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict, so tests never prompt or touch the OS."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise PasswordDeleteError("not found")
        del self.store[(service, username)]


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logs and settings of each test go to its own folder, never the developer's."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TAC_LOG_DIR", str(base / "logs"))
    monkeypatch.setenv("TAC_SETTINGS_DIR", str(base / "settings"))


@pytest.fixture
def fast_kdf() -> KdfParams:
    return KdfParams.fast_for_tests()


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "test.tacvault"


@pytest.fixture
def vault(vault_path: Path, fast_kdf: KdfParams) -> Iterator[Vault]:
    """A fresh, open, empty vault (cheap KDF settings so tests stay quick)."""
    opened = Vault.create(vault_path, PASSPHRASE, CHAIR, fast_kdf)
    yield opened
    opened.close()


@pytest.fixture
def demo_vault(vault_path: Path, fast_kdf: KdfParams) -> Iterator[Vault]:
    """A fresh vault holding the synthetic demo families."""
    from tac_desktop.core.demo import create_demo_vault

    opened = create_demo_vault(vault_path, PASSPHRASE, fast_kdf)
    yield opened
    opened.close()
