"""Preferences and window state (QSettings), declared in one place with defaults.

Never case data: anything about a family lives in the vault. The last opened case is
kept as its reference only, which is not personal data.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

SETTINGS_VERSION = 1
SETTINGS_DIR_ENV = "TAC_SETTINGS_DIR"

DEFAULTS: dict[str, Any] = {
    "settings_version": SETTINGS_VERSION,
    "vault/last_path": "",
    "vault/last_case": "",
    "security/idle_lock_minutes": 10,
    "security/keyring_unavailable_told": False,
}


class Settings:
    def __init__(self) -> None:
        folder = os.environ.get(SETTINGS_DIR_ENV)
        if folder:
            # A folder that cannot be made (a file is in the way, no permission) must not
            # stop the program: preferences are then simply not kept.
            with suppress(OSError):
                Path(folder).mkdir(parents=True, exist_ok=True)
            self._qs = QSettings(str(Path(folder) / "tac-desktop.ini"), QSettings.Format.IniFormat)
        else:
            self._qs = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, "TAC Desktop", "tac-desktop"
            )
        if self._qs.value("settings_version") is None:
            self._qs.setValue("settings_version", SETTINGS_VERSION)

    def _get(self, key: str) -> Any:
        return self._qs.value(key, DEFAULTS[key])

    @property
    def last_vault(self) -> Path | None:
        value = str(self._get("vault/last_path") or "")
        return Path(value) if value else None

    @last_vault.setter
    def last_vault(self, path: Path) -> None:
        self._qs.setValue("vault/last_path", str(path))

    @property
    def last_case(self) -> str:
        return str(self._get("vault/last_case") or "")

    @last_case.setter
    def last_case(self, reference: str) -> None:
        self._qs.setValue("vault/last_case", reference)

    @property
    def idle_lock_minutes(self) -> int:
        try:
            minutes = int(self._get("security/idle_lock_minutes"))
        except (TypeError, ValueError):
            return int(DEFAULTS["security/idle_lock_minutes"])
        return max(1, min(minutes, 240))

    @idle_lock_minutes.setter
    def idle_lock_minutes(self, minutes: int) -> None:
        self._qs.setValue("security/idle_lock_minutes", int(minutes))

    @property
    def keyring_unavailable_told(self) -> bool:
        return str(self._get("security/keyring_unavailable_told")).lower() == "true"

    @keyring_unavailable_told.setter
    def keyring_unavailable_told(self, told: bool) -> None:
        self._qs.setValue("security/keyring_unavailable_told", bool(told))

    def save_state(self, name: str, state: QByteArray) -> None:
        key = f"state/{name}"
        if self._qs.value(key) != state:  # unchanged: the file is not written again
            self._qs.setValue(key, state)

    def restore_state(self, name: str) -> QByteArray | None:
        value = self._qs.value(f"state/{name}")
        return value if isinstance(value, QByteArray) else None

    def sync(self) -> None:
        self._qs.sync()
