"""The sealed case file: a case file (the JSON of ``format``) encrypted for a handover.

Three lines of ASCII text (documented in ``docs/case-file-format.md``)::

    TAC-SEALED-CASE 1
    {"cipher":"AES-256-GCM","format":"tac-sealed-case","lock":...,"nonce":...,"version":1}
    <base64 of the AES-256-GCM ciphertext and tag>

The first two lines, byte for byte with their line ends, are the GCM associated data,
so a changed header (a cheaper KDF, another key id) fails like a changed byte of the
ciphertext. Two locks:

- ``passphrase``: argon2id (its parameters and salt in the header) derives the key from
  a passphrase: six words of the EFF long word list by default (about 77 bits), made
  here and shown once, so a chair can read it out on the phone;
- ``recovery-key``: sealed to the receiving service's recovery public key (X25519,
  HKDF-SHA256, AES-256-GCM; ``vault.recovery``); only its private half opens it.

Opening checks everything before anything is decrypted, refuses every wrong file in
plain words, and returns the case file's JSON bytes for ``reading`` to check in full.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from argon2.exceptions import HashingError
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tac_desktop.core.errors import InvalidInput, WrongPassphrase
from tac_desktop.core.transfer.format import MAX_FILE_BYTES
from tac_desktop.core.vault.keyfile import NONCE_BYTES, KdfParams, derive_key, strict_b64decode
from tac_desktop.core.vault.recovery import (
    CASE_PURPOSE,
    KEY_BYTES,
    RecoveryPrivateKey,
    RecoveryPublicKey,
    receiving_key,
    sending_key,
    unb64,
)

MAGIC = b"TAC-SEALED-CASE 1\n"
_BASE64 = re.compile(rb"[A-Za-z0-9+/]*={0,2}")
SEALED_FORMAT = "tac-sealed-case"
SEALED_VERSION = 1
SUFFIX = ".tac-case"
PASSPHRASE_WORDS = 6
# What a sealed file may ask of argon2id. It comes from outside, so tighter than a vault's
# own key file: at most 1 GiB and 16 passes (the default asks 256 MiB and 3).
MAX_TIME_COST = 16
MAX_PARALLELISM = 16
MAX_MEMORY_COST_KIB = 1024 * 1024
MAX_HEADER_BYTES = 4096
# base64 of the largest case file, its tag, and the line end
MAX_SEALED_BYTES = len(MAGIC) + MAX_HEADER_BYTES + 4 * (MAX_FILE_BYTES + 16) // 3 + 16


class SealedFileError(InvalidInput):
    """A sealed case file that cannot be opened; its message says why."""


@dataclass(frozen=True)
class Lock:
    """How to open (or seal) a file: a passphrase, or a recovery key."""

    passphrase: str | None = None
    public_key: RecoveryPublicKey | None = None  # to seal
    private_key: RecoveryPrivateKey | None = None  # to open


@functools.cache
def _words() -> list[str]:
    from xkcdpass import xkcd_password

    words = xkcd_password.generate_wordlist(
        wordfile=xkcd_password.locate_wordfile("eff-long"), min_length=3, max_length=9
    )
    return sorted({word.strip().lower() for word in words if word.isalpha()})


def new_passphrase(count: int = PASSPHRASE_WORDS) -> str:
    """``count`` words chosen by the operating system's random source, hyphen-joined."""
    words = _words()
    return "-".join(secrets.choice(words) for _ in range(count))


def _normal(passphrase: str) -> str:
    """The passphrase as typed, less the differences a phone call brings: spaces or
    hyphens between words, capitals, and composed or decomposed accents."""
    text = unicodedata.normalize("NFC", passphrase).strip().lower()
    return "-".join(text.replace("-", " ").split())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def seal(plain: bytes, lock: Lock, kdf: KdfParams | None = None) -> bytes:
    """The sealed file's bytes for the case file ``plain``."""
    header: dict[str, Any] = {
        "format": SEALED_FORMAT,
        "version": SEALED_VERSION,
        "cipher": "AES-256-GCM",
    }
    nonce = secrets.token_bytes(NONCE_BYTES)
    if lock.public_key is not None:
        ephemeral, key = sending_key(lock.public_key, CASE_PURPOSE)
        header["lock"] = "recovery-key"
        header["recipient"] = {
            "scheme": "X25519-HKDF-SHA256",
            "key_id": lock.public_key.key_id,
            "ephemeral_public_key": _b64(ephemeral),
        }
    elif lock.passphrase and _normal(lock.passphrase):
        params = kdf or KdfParams()
        salt = secrets.token_bytes(16)
        header["lock"] = "passphrase"
        header["kdf"] = {
            "name": "argon2id",
            "time_cost": params.time_cost,
            "memory_cost_kib": params.memory_cost_kib,
            "parallelism": params.parallelism,
            "salt": _b64(salt),
        }
        key = derive_key(_normal(lock.passphrase), salt, params)
    else:
        raise InvalidInput("A sealed case file needs a passphrase or a recovery public key.")
    header["nonce"] = _b64(nonce)
    header["length"] = len(plain) + 16  # the ciphertext with its tag: a cut is told as one
    head = MAGIC + json.dumps(header, sort_keys=True, separators=(",", ":")).encode("ascii")
    head += b"\n"
    ciphertext = AESGCM(key).encrypt(nonce, plain, head)
    return head + base64.b64encode(ciphertext) + b"\n"


def is_sealed(raw: bytes) -> bool:
    return raw.startswith(MAGIC[:16])


@dataclass(frozen=True)
class SealedHeader:
    """What a sealed file's header says, checked."""

    head: bytes  # the associated data: the first two lines, as they are in the file
    lock: str  # "passphrase" or "recovery-key"
    nonce: bytes
    ciphertext: bytes
    kdf: KdfParams | None = None
    salt: bytes = b""
    key_id: str = ""
    ephemeral: bytes = b""


def _damaged(name: str, why: str) -> SealedFileError:
    return SealedFileError(
        f"{name} cannot be opened: {why}. It may have been damaged or cut short on the way; "
        "ask the sender for it again. Nothing was imported."
    )


def _whole(value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError("out of range")
    return value


def read_header(raw: bytes, name: str) -> SealedHeader:
    """The header of a sealed file, refused in plain words when it is not sound."""
    # Mail and file transfer "as text" may turn line ends into CR LF. The file has no CR
    # of its own (ASCII JSON and base64), so turning them back restores it exactly.
    raw = raw.replace(b"\r\n", b"\n")
    if not raw.startswith(MAGIC):
        first = raw.split(b"\n", 1)[0]
        if first.startswith(b"TAC-SEALED-CASE "):
            raise SealedFileError(
                f"{name} was sealed by a newer TAC Desktop. Install the newer version to "
                "open it. Nothing was imported."
            )
        raise SealedFileError(
            f"{name} is not a sealed TAC Desktop case file. Nothing was imported."
        )
    if len(raw) > MAX_SEALED_BYTES:
        raise _damaged(name, "it is larger than any sealed case file")
    rest = raw[len(MAGIC) :]
    header_line, newline, body = rest.partition(b"\n")
    if not newline or len(header_line) > MAX_HEADER_BYTES:
        raise _damaged(name, "its header is cut short or broken")
    head = MAGIC + header_line + b"\n"
    try:
        header = json.loads(header_line.decode("ascii"))
        if not isinstance(header, dict):
            raise ValueError("not an object")
        if header.get("format") != SEALED_FORMAT:
            raise ValueError("wrong format")
        if header.get("version") != SEALED_VERSION:
            raise SealedFileError(
                f"{name} was sealed by a newer TAC Desktop. Install the newer version to "
                "open it. Nothing was imported."
            )
        if header.get("cipher") != "AES-256-GCM":
            raise ValueError("unknown cipher")
        nonce = unb64(header.get("nonce"), NONCE_BYTES)
        body = body.rstrip(b"\n")
        if not body:
            raise _damaged(name, "it ends after its header, with none of the case in it")
        try:
            ciphertext = strict_b64decode(body)
        except (binascii.Error, ValueError):
            if len(body) % 4 and _BASE64.fullmatch(body):
                raise _damaged(name, "it is cut short") from None
            raise _damaged(name, "its sealed part is not whole") from None
        length = _whole(header.get("length"), 16, MAX_SEALED_BYTES)
        if len(ciphertext) < length:
            raise _damaged(
                name, f"it is cut short ({len(ciphertext):,} of its {length:,} sealed bytes)"
            )
        if len(ciphertext) > length:
            raise _damaged(name, "it has more in it than its header says")
        lock = header.get("lock")
        if lock == "passphrase":
            kdf = header["kdf"]
            if not isinstance(kdf, dict) or kdf.get("name") != "argon2id":
                raise ValueError("unknown kdf")
            parallelism = _whole(kdf["parallelism"], 1, MAX_PARALLELISM)
            params = KdfParams(
                _whole(kdf["time_cost"], 1, MAX_TIME_COST),
                _whole(kdf["memory_cost_kib"], 8 * parallelism, MAX_MEMORY_COST_KIB),
                parallelism,
            )
            salt = unb64(kdf["salt"])
            if not 8 <= len(salt) <= 64:
                raise ValueError("salt length")
            return SealedHeader(head, lock, nonce, ciphertext, kdf=params, salt=salt)
        if lock == "recovery-key":
            recipient = header["recipient"]
            if not isinstance(recipient, dict) or recipient.get("scheme") != "X25519-HKDF-SHA256":
                raise ValueError("unknown recipient scheme")
            key_id = recipient["key_id"]
            if not isinstance(key_id, str) or len(key_id) > 40:
                raise ValueError("key id")
            ephemeral = unb64(recipient["ephemeral_public_key"], KEY_BYTES)
            return SealedHeader(head, lock, nonce, ciphertext, key_id=key_id, ephemeral=ephemeral)
        raise ValueError("unknown lock")
    except SealedFileError:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        raise _damaged(name, "its header is not one TAC Desktop wrote") from None


def open_file(raw: bytes, name: str, lock: Lock) -> bytes:
    """The case file's JSON bytes from a sealed file's ``raw`` bytes."""
    header = read_header(raw, name)
    if header.lock == "passphrase":
        if not lock.passphrase:
            raise WrongPassphrase(
                f"{name} is locked with a passphrase (the words the sender was shown). Give "
                "it to open the file. Nothing was imported."
            )
        assert header.kdf is not None
        try:
            key = derive_key(_normal(lock.passphrase), header.salt, header.kdf)
        except HashingError:
            raise _damaged(name, "it asks for settings this computer cannot use") from None
        refusal: Exception = WrongPassphrase(
            f"That passphrase does not open {name}, or the file was changed on the way. Check "
            "the words with the sender (spaces, hyphens and capitals do not matter). Nothing "
            "was imported."
        )
    else:
        if lock.private_key is None:
            raise WrongPassphrase(
                f"{name} is sealed to a service's recovery key ({header.key_id}), not a "
                "passphrase. Open it with that key's private half (--recovery-key FILE). "
                "Nothing was imported."
            )
        if lock.private_key.public.key_id != header.key_id:
            raise SealedFileError(
                f"{name} is sealed to the recovery key {header.key_id}, not to the one given "
                f"({lock.private_key.public.key_id}). Nothing was imported."
            )
        try:
            key = receiving_key(lock.private_key, header.ephemeral, CASE_PURPOSE)
        except InvalidTag:
            raise _damaged(name, "its header is not one TAC Desktop wrote") from None
        refusal = _damaged(name, "its contents do not match its seal (a byte was changed)")
    try:
        return AESGCM(key).decrypt(header.nonce, header.ciphertext, header.head)
    except InvalidTag:
        raise refusal from None
