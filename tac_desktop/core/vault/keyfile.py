"""The vault's key file: the random data key, locked by the passphrase.

A vault is two files side by side: ``NAME`` (the SQLCipher database, all ciphertext)
and ``NAME.key`` (this small JSON header). The header holds the argon2id parameters and
salt, and the 32-byte data key sealed with AES-256-GCM under the key argon2id derives
from the passphrase. The parameters and the vault id are the GCM associated data, so
editing any of them makes unlocking fail rather than silently weakening the KDF.

Changing the passphrase re-seals the same data key and replaces this file atomically
(write a sibling, fsync, ``os.replace``): the database is never touched, and a crash at
any point leaves either the old header or the new one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from argon2.exceptions import HashingError
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tac_desktop.core.errors import FolderNotWritable, NotAVault, WrongPassphrase
from tac_desktop.core.vault import private

KEY_FILE_FORMAT = "tac-vault-key"
KEY_FILE_VERSION = 1
DATA_KEY_BYTES = 32
NONCE_BYTES = 12
GCM_TAG_BYTES = 16

# What a key file may ask of argon2id: near what the program itself chooses (KdfParams,
# 3 passes over 256 MiB), with room for a later release to raise it a little. Anything
# beyond is a damaged or edited file: refused before deriving, so it can neither crash
# argon2 nor tie up the computer (at most ~4x the default's work, a couple of seconds).
MAX_TIME_COST = 10
MAX_PARALLELISM = 16
MAX_MEMORY_COST_KIB = 1024 * 1024  # 1 GiB
MAX_WORK_KIB_PASSES = 4 * 3 * 256 * 1024  # memory x passes: 4x the default's


@dataclass(frozen=True)
class KdfParams:
    """argon2id cost settings, stored with each vault so they can be raised later."""

    time_cost: int = 3
    memory_cost_kib: int = 256 * 1024  # ~0.4 s on a 2-core laptop
    parallelism: int = 2

    @classmethod
    def fast_for_tests(cls) -> KdfParams:
        """Cheap settings for test suites only; never for a real vault."""
        return cls(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def strict_b64decode(text: bytes) -> bytes:
    """Base64 that only these bytes encode to (binascii.Error if not).

    A plain decoder drops the spare bits of the last character before "=", so a changed
    byte there decodes to the same bytes; a file that was changed is refused instead.
    """
    data = base64.b64decode(text, validate=True)
    if base64.b64encode(data) != text:
        raise binascii.Error("not the base64 these bytes encode to")
    return data


def _unb64(text: object, *, low: int, high: int) -> bytes:
    """Base64 from a key file, of a length between ``low`` and ``high`` bytes."""
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    data = strict_b64decode(text.encode("ascii"))
    if not low <= len(data) <= high:
        raise ValueError("wrong length")
    return data


def _whole(value: object, low: int, high: int) -> int:
    """A whole number from a key file, between ``low`` and ``high``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError("out of range")
    return value


def key_file_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".key")


def _spellings(passphrase: str) -> list[str]:
    """The ways the same typed passphrase can arrive: keyboards, clipboards and systems
    differ in composing accents (NFC "é" or NFD "e" + accent). Sealing uses NFC; opening
    tries NFC, then the text as given and NFD (vaults sealed before this normalising)."""
    forms = (
        unicodedata.normalize("NFC", passphrase),
        passphrase,
        unicodedata.normalize("NFD", passphrase),
    )
    return list(dict.fromkeys(forms))


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


@dataclass(frozen=True)
class KeyFile:
    vault_id: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    sealed_key: bytes
    key_check: str = ""  # lets a key from the OS keyring be tested without the passphrase
    # The same data key sealed to the service's recovery public key (``recovery.py``),
    # or None when the vault is not recoverable.
    recovery: dict[str, str] | None = None

    def _associated_data(self) -> bytes:
        return json.dumps(
            {"vault_id": self.vault_id, "kdf": asdict(self.kdf), "salt": _b64(self.salt)},
            sort_keys=True,
        ).encode("utf-8")

    @classmethod
    def seal(
        cls, data_key: bytes, passphrase: str, params: KdfParams, vault_id: str | None = None
    ) -> KeyFile:
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(NONCE_BYTES)
        draft = cls(vault_id or str(uuid.uuid4()), params, salt, nonce, b"")
        wrapping_key = derive_key(unicodedata.normalize("NFC", passphrase), salt, params)
        sealed = AESGCM(wrapping_key).encrypt(nonce, data_key, draft._associated_data())
        return cls(draft.vault_id, params, salt, nonce, sealed, key_check_value(data_key))

    def fits(self, data_key: bytes) -> bool:
        """Whether ``data_key`` (e.g. remembered by the OS keyring) is this vault's key."""
        return hmac.compare_digest(self.key_check, key_check_value(data_key))

    def unseal(self, passphrase: str) -> bytes:
        for spelling in _spellings(passphrase):
            try:
                wrapping_key = derive_key(spelling, self.salt, self.kdf)
            except HashingError:  # e.g. the memory the key file asks for cannot be had
                raise NotAVault(
                    "The vault's key file asks for unlocking settings this computer cannot "
                    "use, so the vault cannot be unlocked here. Restore both files from a "
                    "backup."
                ) from None
            try:
                return AESGCM(wrapping_key).decrypt(
                    self.nonce, self.sealed_key, self._associated_data()
                )
            except InvalidTag:
                continue
        raise WrongPassphrase(
            "That passphrase does not open this vault. Check Caps Lock and try again."
        )

    def to_json(self) -> str:
        document: dict[str, Any] = {
            "format": KEY_FILE_FORMAT,
            "version": KEY_FILE_VERSION,
            "vault_id": self.vault_id,
            "kdf": {"name": "argon2id", **asdict(self.kdf), "salt": _b64(self.salt)},
            "sealed_key": {
                "cipher": "AES-256-GCM",
                "nonce": _b64(self.nonce),
                "ciphertext": _b64(self.sealed_key),
            },
            "key_check": self.key_check,
        }
        if self.recovery is not None:
            document["recovery"] = self.recovery
        document["checksum"] = _checksum(document)
        return json.dumps(document, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str, where: Path) -> KeyFile:
        damaged = _damaged(where)
        try:
            doc = json.loads(text)
            if not isinstance(doc, dict) or doc.get("format") != KEY_FILE_FORMAT:
                raise damaged
            if doc.get("version") != KEY_FILE_VERSION:
                raise NotAVault(
                    f"{where.name} was made by a newer TAC Desktop. Install the newer version "
                    "to open this vault."
                )
            kdf = doc["kdf"]
            if kdf["name"] != "argon2id":
                raise damaged
            if not _checksum_holds(doc):
                raise damaged
            parallelism = _whole(kdf["parallelism"], 1, MAX_PARALLELISM)
            params = KdfParams(
                _whole(kdf["time_cost"], 1, MAX_TIME_COST),
                _whole(kdf["memory_cost_kib"], 8 * parallelism, MAX_MEMORY_COST_KIB),
                parallelism,
            )
            if params.time_cost * params.memory_cost_kib > MAX_WORK_KIB_PASSES:
                raise damaged
            sealed = doc["sealed_key"]
            recovery_block = None
            if doc.get("recovery") is not None:
                from tac_desktop.core.vault.recovery import check_block

                recovery_block = check_block(doc["recovery"])
            return cls(
                str(doc["vault_id"]),
                params,
                _unb64(kdf["salt"], low=8, high=64),
                _unb64(sealed["nonce"], low=NONCE_BYTES, high=NONCE_BYTES),
                _unb64(
                    sealed["ciphertext"],
                    low=DATA_KEY_BYTES + GCM_TAG_BYTES,
                    high=DATA_KEY_BYTES + GCM_TAG_BYTES,
                ),
                str(doc["key_check"]),
                recovery_block,
            )
        except NotAVault:
            raise
        except (ValueError, KeyError, TypeError):
            raise damaged from None

    @classmethod
    def read(cls, vault_path: Path) -> KeyFile:
        path = key_file_path(vault_path)
        if not path.is_file():
            raise NotAVault(
                f"{vault_path.name} is not a TAC Desktop vault that can be opened: its key "
                f"file ({path.name}) is not beside it. A vault is two files that always "
                "travel together."
            )
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise FolderNotWritable(
                f"TAC Desktop cannot read {path}: {exc.strerror or exc}."
            ) from None
        if len(raw) > 64 * 1024:  # far too big to be ours; do not parse it
            raise _damaged(path)
        try:
            return cls.from_json(raw.decode("utf-8"), path)
        except UnicodeDecodeError:
            raise _damaged(path) from None

    def write(self, vault_path: Path) -> None:
        """Replace the key file atomically: old or new, never half of each."""
        path = key_file_path(vault_path)
        tmp: Path | None = None
        try:
            # Owner-only, exclusive, unpredictable name: never written through a link.
            private.clean_stale(path.parent)  # what a change cut off by a crash left
            tmp = private.new_temporary(path.parent, path.name)
            with open(tmp, "r+b") as handle:
                handle.write(self.to_json().encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
            _fsync_dir(path.parent)
        except OSError as exc:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            raise FolderNotWritable(
                f"TAC Desktop cannot write in {path.parent}: {exc.strerror or exc}. "
                "Choose a folder you can save files in."
            ) from None


def _damaged(where: Path) -> NotAVault:
    return NotAVault(
        f"The key file {where.name} has been changed or damaged (or is not a TAC Desktop "
        "key file), so the vault beside it cannot be unlocked; it is not your passphrase. "
        "Restore both files from a backup."
    )


def _checksum(document: dict[str, Any]) -> str:
    """A plain fingerprint of every other field: tells an edited or damaged key file
    (vault id, salt, settings, sealed key) from a wrong passphrase, which both make the
    sealed key fail to open."""
    fields = {name: value for name, value in document.items() if name != "checksum"}
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _checksum_holds(document: dict[str, Any]) -> bool:
    stored = document.get("checksum")
    if stored is None:
        return True  # written before key files carried one
    return isinstance(stored, str) and hmac.compare_digest(stored, _checksum(document))


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows has no directory fsync; os.replace is already durable there
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def key_check_value(data_key: bytes) -> str:
    """A one-way fingerprint of the data key (HMAC, so it reveals nothing of the key)."""
    return hmac.new(data_key, b"tac-desktop key check v1", hashlib.sha256).hexdigest()[:32]


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)
