"""The service's recovery key: an X25519 key pair that IT makes and keeps.

The private half is kept offline (optionally locked with its own passphrase, as an
encrypted PKCS#8 PEM file); the public half is given to every chair's computer. A vault
set up for recovery keeps, in its key file beside the passphrase-sealed data key, the
same data key sealed to the public key, so IT can set a new passphrase on a vault whose
passphrase is forgotten (``recover``). The same public key lets a chair hand a case to
that service (``transfer.sealed``): only the holder of the private half opens it.

Sealing is ECIES in its usual reviewed form, from ``cryptography``: a fresh ephemeral
X25519 key per sealing, the shared secret through HKDF-SHA256 (salt: both public keys;
info: what the key is for), then AES-256-GCM with a random nonce and the caller's
associated data. Nothing here is a cipher of our own.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tac_desktop.core.errors import (
    DestinationExists,
    FolderNotWritable,
    VaultError,
    WrongPassphrase,
)
from tac_desktop.core.vault.keyfile import (
    DATA_KEY_BYTES,
    GCM_TAG_BYTES,
    NONCE_BYTES,
    KeyFile,
    strict_b64decode,
)

if TYPE_CHECKING:
    from tac_desktop.core.vault.vault import Vault

KEY_BYTES = 32
MAX_KEY_FILE_BYTES = 16 * 1024
PUBLIC_SUFFIX = ".public.pem"
PRIVATE_SUFFIX = ".private.pem"
VAULT_PURPOSE = b"tac-desktop vault data key v1"
CASE_PURPOSE = b"tac-desktop sealed case v1"


class RecoveryKeyError(VaultError):
    """A recovery key file cannot be used (wrong file, wrong key, wrong passphrase)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object, length: int | None = None) -> bytes:
    """Base64 text from a file, of exactly ``length`` bytes when given (ValueError if not)."""
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    try:
        data = strict_b64decode(text.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError("not base64 text") from None
    if length is not None and len(data) != length:
        raise ValueError("wrong length")
    return data


@dataclass(frozen=True)
class RecoveryPublicKey:
    raw: bytes

    @property
    def key_id(self) -> str:
        """A short fingerprint IT can compare by eye: four groups of four hex digits."""
        digest = hashlib.sha256(b"tac-desktop recovery key id\0" + self.raw).hexdigest()[:16]
        return "-".join(digest[i : i + 4] for i in range(0, 16, 4))

    def to_pem(self) -> bytes:
        return X25519PublicKey.from_public_bytes(self.raw).public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @classmethod
    def from_pem(cls, data: bytes, name: str) -> RecoveryPublicKey:
        try:
            key = serialization.load_pem_public_key(data)
        except (ValueError, TypeError):
            if b"PRIVATE KEY" in data:
                raise RecoveryKeyError(
                    f"{name} is the private half of a recovery key; give the public half "
                    f"(the {PUBLIC_SUFFIX} file). Keep the private half offline."
                ) from None
            raise RecoveryKeyError(
                f"{name} is not a TAC Desktop recovery public key (a {PUBLIC_SUFFIX} file "
                "made by 'tac-desktop recovery new-key')."
            ) from None
        if not isinstance(key, X25519PublicKey):
            raise RecoveryKeyError(
                f"{name} holds a public key of another kind; a recovery key is X25519, made "
                "by 'tac-desktop recovery new-key'."
            )
        return cls(key.public_bytes_raw())

    @classmethod
    def read(cls, path: Path | str) -> RecoveryPublicKey:
        path = Path(path).expanduser()
        return cls.from_pem(_read_small(path), path.name)


@dataclass(frozen=True)
class RecoveryPrivateKey:
    key: X25519PrivateKey

    @property
    def public(self) -> RecoveryPublicKey:
        return RecoveryPublicKey(self.key.public_key().public_bytes_raw())

    @staticmethod
    def is_locked(path: Path | str) -> bool:
        """Whether the private key file is locked with a passphrase (asks for one)."""
        return b"ENCRYPTED PRIVATE KEY" in _read_small(Path(path).expanduser())

    @classmethod
    def read(cls, path: Path | str, passphrase: str | None = None) -> RecoveryPrivateKey:
        path = Path(path).expanduser()
        data = _read_small(path)
        password = passphrase.encode("utf-8") if passphrase else None
        try:
            key = serialization.load_pem_private_key(data, password=password)
        except TypeError:
            if password is None:
                raise WrongPassphrase(
                    f"{path.name} is locked with a passphrase; give it to use the key."
                ) from None
            raise RecoveryKeyError(
                f"{path.name} is not locked with a passphrase; use it without one."
            ) from None
        except ValueError:
            if b"PUBLIC KEY" in data and b"PRIVATE KEY" not in data:
                raise RecoveryKeyError(
                    f"{path.name} is the public half of a recovery key; this needs the "
                    f"private half (the {PRIVATE_SUFFIX} file IT keeps offline)."
                ) from None
            if password is not None and b"ENCRYPTED PRIVATE KEY" in data:
                raise WrongPassphrase(
                    f"That passphrase does not open the recovery key {path.name}."
                ) from None
            raise RecoveryKeyError(
                f"{path.name} is not a TAC Desktop recovery private key."
            ) from None
        except UnsupportedAlgorithm:  # e.g. a PEM of a kind this library cannot load
            raise RecoveryKeyError(
                f"{path.name} is not a TAC Desktop recovery private key."
            ) from None
        if not isinstance(key, X25519PrivateKey):
            raise RecoveryKeyError(
                f"{path.name} holds a private key of another kind; a recovery key is X25519, "
                "made by 'tac-desktop recovery new-key'."
            )
        return cls(key)


def _read_small(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise RecoveryKeyError(f"{path} is a folder; give the key file itself.")
        if not path.is_file():
            raise RecoveryKeyError(f"There is no key file {path}.")
        if path.stat().st_size > MAX_KEY_FILE_BYTES:
            raise RecoveryKeyError(f"{path.name} is far too large to be a recovery key file.")
        return path.read_bytes()
    except OSError as error:
        raise RecoveryKeyError(
            f"{path.name} could not be read ({error.strerror or type(error).__name__})."
        ) from None


# -- making a key pair ------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPairFiles:
    private: Path
    public: Path
    key_id: str


def new_key_pair(
    folder: Path | str, name: str = "tac-recovery", passphrase: str | None = None
) -> KeyPairFiles:
    """Write a new key pair into ``folder``: NAME.private.pem (owner-only; locked with
    ``passphrase`` when given) and NAME.public.pem. Never replaces a file."""
    folder = Path(folder).expanduser().absolute()
    if not folder.is_dir():
        raise FolderNotWritable(f"The folder {folder} does not exist.")
    private_path = folder / f"{name}{PRIVATE_SUFFIX}"
    public_path = folder / f"{name}{PUBLIC_SUFFIX}"
    for path in (private_path, public_path):
        if path.exists():
            raise DestinationExists(
                f"There is already a file {path.name} in {folder}. Choose another folder; a "
                "recovery key is never replaced (vaults may depend on it)."
            )
    key = X25519PrivateKey.generate()
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
        if passphrase
        else serialization.NoEncryption()
    )
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    public = RecoveryPrivateKey(key).public
    try:
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(private_pem)
        with open(public_path, "xb") as handle:
            handle.write(public.to_pem())
    except OSError as error:
        private_path.unlink(missing_ok=True)
        raise FolderNotWritable(
            f"The recovery key could not be written in {folder} "
            f"({error.strerror or type(error).__name__})."
        ) from None
    return KeyPairFiles(private_path, public_path, public.key_id)


# -- sealing to a public key ------------------------------------------------------------


@dataclass(frozen=True)
class Sealed:
    ephemeral: bytes
    nonce: bytes
    ciphertext: bytes


def _wrapping_key(shared: bytes, ephemeral: bytes, recipient: bytes, purpose: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=purpose
    ).derive(shared)


def sending_key(public: RecoveryPublicKey, purpose: bytes) -> tuple[bytes, bytes]:
    """A fresh ephemeral public key and the AES-256 key it agrees with ``public``."""
    ephemeral_key = X25519PrivateKey.generate()
    ephemeral = ephemeral_key.public_key().public_bytes_raw()
    shared = ephemeral_key.exchange(X25519PublicKey.from_public_bytes(public.raw))
    return ephemeral, _wrapping_key(shared, ephemeral, public.raw, purpose)


def receiving_key(private: RecoveryPrivateKey, ephemeral: bytes, purpose: bytes) -> bytes:
    """The AES-256 key the sender agreed; ``InvalidTag`` for a key that cannot be one."""
    try:
        shared = private.key.exchange(X25519PublicKey.from_public_bytes(ephemeral))
    except ValueError:  # e.g. an all-zero (low-order) ephemeral key
        raise InvalidTag() from None
    return _wrapping_key(shared, ephemeral, private.public.raw, purpose)


def seal_to(
    public: RecoveryPublicKey, plaintext: bytes, associated: bytes, purpose: bytes
) -> Sealed:
    ephemeral, key = sending_key(public, purpose)
    nonce = secrets.token_bytes(NONCE_BYTES)
    return Sealed(ephemeral, nonce, AESGCM(key).encrypt(nonce, plaintext, associated))


def open_sealed(
    private: RecoveryPrivateKey, sealed: Sealed, associated: bytes, purpose: bytes
) -> bytes:
    """The plaintext; ``InvalidTag`` when the key is not the one, or anything was changed."""
    key = receiving_key(private, sealed.ephemeral, purpose)
    return AESGCM(key).decrypt(sealed.nonce, sealed.ciphertext, associated)


# -- a vault's recovery block -----------------------------------------------------------


def _vault_associated(vault_id: str, key_id: str) -> bytes:
    return json.dumps({"vault_id": vault_id, "key_id": key_id}, sort_keys=True).encode("utf-8")


def attach(key_file: KeyFile, data_key: bytes, public: RecoveryPublicKey) -> KeyFile:
    """The key file with ``data_key`` also sealed to ``public`` (replacing any earlier)."""
    sealed = seal_to(
        public, data_key, _vault_associated(key_file.vault_id, public.key_id), VAULT_PURPOSE
    )
    block = {
        "scheme": "X25519-HKDF-SHA256-AES-256-GCM",
        "key_id": public.key_id,
        "public_key": _b64(public.raw),
        "ephemeral_public_key": _b64(sealed.ephemeral),
        "nonce": _b64(sealed.nonce),
        "ciphertext": _b64(sealed.ciphertext),
    }
    return replace(key_file, recovery=block)


def check_block(block: Any) -> dict[str, str]:
    """A recovery block read from a key file, checked (ValueError when it is not sound)."""
    if not isinstance(block, dict) or block.get("scheme") != "X25519-HKDF-SHA256-AES-256-GCM":
        raise ValueError("unknown recovery block")
    checked = {
        key: block[key]
        for key in ("scheme", "key_id", "public_key", "ephemeral_public_key", "nonce", "ciphertext")
    }
    unb64(checked["public_key"], KEY_BYTES)
    unb64(checked["ephemeral_public_key"], KEY_BYTES)
    unb64(checked["nonce"], NONCE_BYTES)
    unb64(checked["ciphertext"], DATA_KEY_BYTES + GCM_TAG_BYTES)
    if RecoveryPublicKey(unb64(checked["public_key"])).key_id != checked["key_id"]:
        raise ValueError("key id does not match")
    return {key: str(value) for key, value in checked.items()}


def recovery_public_key(key_file: KeyFile) -> RecoveryPublicKey | None:
    """The public key a vault's data key is sealed to, or None when it is not recoverable."""
    if key_file.recovery is None:
        return None
    return RecoveryPublicKey(unb64(key_file.recovery["public_key"], KEY_BYTES))


def unseal_with(key_file: KeyFile, private: RecoveryPrivateKey, name: str) -> bytes:
    """The vault's data key, opened with the recovery private key."""
    block = key_file.recovery
    if block is None:
        raise RecoveryKeyError(
            f"{name} was not set up for recovery, so no recovery key can open it. Only its "
            "passphrase (or a backup whose passphrase is known) can."
        )
    if block["key_id"] != private.public.key_id:
        raise RecoveryKeyError(
            f"That recovery key ({private.public.key_id}) is not the one {name} is sealed to "
            f"({block['key_id']}). Nothing was changed."
        )
    sealed = Sealed(
        unb64(block["ephemeral_public_key"], KEY_BYTES),
        unb64(block["nonce"], NONCE_BYTES),
        unb64(block["ciphertext"], DATA_KEY_BYTES + GCM_TAG_BYTES),
    )
    try:
        data_key = open_sealed(
            private, sealed, _vault_associated(key_file.vault_id, block["key_id"]), VAULT_PURPOSE
        )
    except InvalidTag:
        raise RecoveryKeyError(
            f"The recovery part of {name}'s key file does not open with that key: it has "
            "been changed or damaged. Nothing was changed."
        ) from None
    if not key_file.fits(data_key):
        raise RecoveryKeyError(
            f"The recovery part of {name}'s key file holds a key that does not open the "
            "vault (it was changed outside the program). Nothing was changed."
        )
    return data_key


# -- what the command line and the window do ------------------------------------------


@dataclass(frozen=True)
class RecoveryStatus:
    recoverable: bool
    key_id: str | None

    @property
    def in_words(self) -> str:
        if self.recoverable:
            return f"recoverable with the service's recovery key {self.key_id}"
        return "not recoverable: a forgotten passphrase cannot be recovered"


def status_of(key_file: KeyFile) -> RecoveryStatus:
    public = recovery_public_key(key_file)
    return RecoveryStatus(public is not None, public.key_id if public else None)


def set_recovery(vault: Vault, public: RecoveryPublicKey) -> RecoveryStatus:
    """Seal the open vault's data key to ``public`` too (replacing an earlier recovery key)."""
    from tac_desktop.core.vault import audit
    from tac_desktop.core.vault.vault import key_file_of

    current = key_file_of(vault.path)
    if not current.fits(vault.data_key):
        raise VaultError("The vault's key file changed while it was open. Nothing was changed.")
    previous = status_of(current).key_id
    updated = attach(current, vault.data_key, public)
    vault.replace_key_file(updated)
    with vault.unit_of_work() as session:
        audit.record_event(
            session,
            "recovery key set",
            detail={"key_id": public.key_id, **({"replaced": previous} if previous else {})},
        )
    return status_of(updated)


def recover(path: Path | str, private: RecoveryPrivateKey, new_passphrase: str) -> RecoveryStatus:
    """Set a new passphrase on a vault whose passphrase is forgotten, with the recovery key.

    The data key is then replaced as on any passphrase change (SQLCipher's rekey), and the
    new one sealed to the recovery key again: the old passphrase, old copies of the key
    file and a key remembered by a departed chair's computer no longer open the vault.
    Recorded in the audit log.
    """
    from tac_desktop.core.vault import audit
    from tac_desktop.core.vault.vault import Vault, key_file_of

    if not new_passphrase:
        raise WrongPassphrase("The new passphrase cannot be empty. Nothing was changed.")
    key_file = key_file_of(path)
    data_key = unseal_with(key_file, private, Path(path).name)
    with Vault.open(path, data_key=data_key) as vault:
        replacement = replace(
            KeyFile.seal(data_key, new_passphrase, key_file.kdf, vault_id=key_file.vault_id),
            recovery=key_file.recovery,
        )
        vault.replace_key_file(replacement)
        vault.change_passphrase(new_passphrase, new_passphrase)  # a new data key
        replacement = key_file_of(path)
        with vault.unit_of_work() as session:
            audit.record_event(
                session,
                "passphrase reset with the recovery key",
                detail={"key_id": private.public.key_id, "at": datetime.now(UTC).isoformat()},
            )
    return status_of(replacement)
