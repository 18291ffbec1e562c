"""The audit chain's head, kept outside the database where a WAL cannot roll it back.

``NAME.anchor`` (owner-only, beside the vault) records how many audit entries the vault
had and the last one's hash, rewritten after every action that adds to the log. On open
and in ``vault check`` the database must still hold that entry, unchanged: fewer entries
means saved changes were lost (a damaged ``-wal``, an older copy of the file put in
place) or entries were cut; a different hash means the chain was rewritten.

The file is sealed with an HMAC under a random secret kept inside the encrypted vault,
so it cannot be forged without the vault's key. Someone who has the key can rewrite the
database and this file together; README says so.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Table, select

from tac_desktop.core.models import AuditEntry
from tac_desktop.core.vault import audit, private

ANCHOR_FORMAT = "tac-vault-anchor"
ANCHOR_VERSION = 1
# In vault_settings once the vault has an anchor: the random secret that seals it (kept
# inside the encrypted vault, so it survives a change of the data key).
ANCHORED_SETTING = "audit_anchor_secret"
_MAX_BYTES = 4096

_audit_table: Table = AuditEntry.__table__  # type: ignore[assignment]


class AnchorProblem(Exception):
    """The anchor file is unreadable, forged or belongs to another vault."""


@dataclass(frozen=True)
class Anchor:
    entries: int
    head: str


def anchor_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".anchor")


def new_secret() -> bytes:
    return secrets.token_bytes(32)


def _mac(secret: bytes, vault_id: str, entries: int, head: str) -> str:
    message = json.dumps(["tac-desktop audit anchor v1", vault_id, entries, head])
    return hmac.new(secret, message.encode("utf-8"), hashlib.sha256).hexdigest()


def write(vault_path: Path, vault_id: str, secret: bytes, anchor: Anchor) -> None:
    """Replace the anchor file atomically. An ``OSError`` is the caller's to judge."""
    document = {
        "format": ANCHOR_FORMAT,
        "version": ANCHOR_VERSION,
        "vault_id": vault_id,
        "entries": anchor.entries,
        "head": anchor.head,
        "mac": _mac(secret, vault_id, anchor.entries, anchor.head),
    }
    path = anchor_path(vault_path)
    tmp = private.new_temporary(path.parent, path.name)
    try:
        with open(tmp, "r+b") as handle:
            handle.write(json.dumps(document).encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        with suppress(OSError):
            tmp.unlink()


def read(vault_path: Path, vault_id: str, secret: bytes) -> Anchor | None:
    """The anchor beside the vault, ``None`` if there is none."""
    path = anchor_path(vault_path)
    try:
        raw = path.read_bytes()[: _MAX_BYTES + 1]
    except FileNotFoundError:
        return None
    except OSError as error:
        raise AnchorProblem(f"{path.name} cannot be read ({error.strerror})") from None
    try:
        if len(raw) > _MAX_BYTES:
            raise ValueError("too big")
        doc = json.loads(raw.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != ANCHOR_FORMAT:
            raise ValueError("not ours")
        entries, head, mac = doc["entries"], doc["head"], doc["mac"]
        if not isinstance(entries, int) or not isinstance(head, str) or not isinstance(mac, str):
            raise ValueError("wrong types")
    except (ValueError, KeyError, UnicodeDecodeError):
        raise AnchorProblem(
            f"{path.name}, the record of the audit log's end kept beside the vault, is damaged"
        ) from None
    if doc.get("vault_id") != vault_id:
        raise AnchorProblem(f"{path.name} belongs to another vault, not to this one")
    if not hmac.compare_digest(mac, _mac(secret, vault_id, entries, head)):
        raise AnchorProblem(
            f"{path.name}, the record of the audit log's end kept beside the vault, has been "
            "edited or was made with another key"
        )
    return Anchor(entries, head)


def vault_id_beside(vault_path: Path) -> str | None:
    """The vault id the anchor beside ``vault_path`` names, unverified (no key needed):
    enough to tell that a key file belongs to another vault."""
    try:
        raw = anchor_path(vault_path).read_bytes()[: _MAX_BYTES + 1]
        doc = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    value = doc.get("vault_id") if isinstance(doc, dict) else None
    return value if isinstance(value, str) else None


def current(connection: Connection) -> Anchor:
    entries, head = audit.read_head(connection)
    return Anchor(entries, head)


def compare(connection: Connection, anchor: Anchor) -> list[str]:
    """What the database's audit log says against the anchor (empty when they agree)."""
    now = current(connection)
    if now.entries < anchor.entries:
        return [
            f"the audit log ends at entry {now.entries} but had reached entry "
            f"{anchor.entries}: saved changes were lost (a damaged disk, or an older copy "
            "of the vault put in its place) or entries were removed outside the program"
        ]
    if anchor.entries == 0:
        return []
    stored = connection.execute(
        select(_audit_table.c.hash).where(_audit_table.c.seq == anchor.entries)
    ).scalar_one_or_none()
    if stored != anchor.head:
        return [
            f"audit entry {anchor.entries} is not the one recorded when it was written: the "
            "audit log has been rewritten outside the program"
        ]
    return []
