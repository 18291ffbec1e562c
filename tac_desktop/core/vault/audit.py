"""Writes and verifies the hash-chained audit log.

Every flush of a session records one entry per created, changed or deleted ``Audited``
record, in the same transaction as the change itself. Each entry's hash covers its own
fields and the previous entry's hash, and the head of the chain (count and last hash) is
kept in ``vault_settings``; ``verify_chain`` then detects an edited row, a deleted row in
the middle, and a deleted or added row at the end.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, cast

from sqlalchemy import Connection, Table, event, insert, inspect, select, text
from sqlalchemy.orm import Session, UOWTransaction

from tac_desktop.core.models import Audited, AuditEntry, Meeting, MeetingStatus, VaultSetting
from tac_desktop.core.models.base import UTCDateTime

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
FIRST_ACTION = "vault created"
SEALED_ACTION = "record sealed"
_FINALISED_NOW = "_tac_finalised_meetings"
_LONG_TEXT = 200  # longer values are summarised, so a 50,000-word note is not copied per edit
_NOT_LOGGED = frozenset({"created_at", "updated_at"})
# What an entry's changes become when the records it describes are destroyed (issue 20).
REDACTED = '{"redacted":"records destroyed under the retention rules"}'
DESTROYED = "case destroyed"

_audit_table = cast(Table, AuditEntry.__table__)
_settings_table = cast(Table, VaultSetting.__table__)
_moment = UTCDateTime()


def _loggable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str) and len(value) > _LONG_TEXT:
        digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]
        return f"{value[:_LONG_TEXT]}… [{len(value)} characters, sha256 {digest}]"
    if isinstance(value, bytes):
        return f"[{len(value)} bytes, sha256 {hashlib.sha256(value).hexdigest()[:16]}]"
    return value


def entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    changes: str,
) -> str:
    payload = json.dumps(
        [prev_hash, seq, at, actor, action, entity, entity_id, changes],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def read_head(connection: Connection) -> tuple[int, str]:
    raw = connection.execute(
        select(_settings_table.c.value).where(_settings_table.c.key == HEAD_KEY)
    ).scalar_one_or_none()
    if raw is None:
        return 0, GENESIS
    count, _, last = str(raw).partition(":")
    return int(count), last


def append_entry(
    connection: Connection,
    actor: str,
    action: str,
    entity: str,
    entity_id: str = "",
    changes: dict[str, Any] | None = None,
) -> None:
    """Append one sealed entry and move the head, inside the caller's transaction."""
    seq, prev = read_head(connection)
    seq += 1
    at = datetime.now(UTC)
    at_text = at.isoformat(timespec="microseconds")
    changes_json = json.dumps(changes or {}, ensure_ascii=False, sort_keys=True, default=str)
    # A file name that is not valid UTF-8 (Linux allows any bytes) arrives holding lone
    # surrogates, which neither the hash nor the database can take: keep a "?" instead.
    changes_json = changes_json.encode("utf-8", "replace").decode("utf-8")
    digest = entry_hash(prev, seq, at_text, actor, action, entity, entity_id, changes_json)
    connection.execute(
        insert(_audit_table).values(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            changes=changes_json,
            prev_hash=prev,
            hash=digest,
        )
    )
    head = f"{seq}:{digest}"
    updated = connection.execute(
        _settings_table.update().where(_settings_table.c.key == HEAD_KEY).values(value=head)
    )
    if updated.rowcount == 0:
        connection.execute(insert(_settings_table).values(key=HEAD_KEY, value=head))


def record_event(
    session: Session, action: str, entity: str = "vault", detail: dict[str, Any] | None = None
) -> None:
    """Log something that is not a record change (a backup, a passphrase change)."""
    append_entry(session.connection(), actor_of(session), action, entity, "", detail)


def actor_of(session: Session) -> str:
    return str(session.info.get("actor", "unknown"))


def _identity(obj: Any) -> str:
    key = inspect(obj).identity
    return ",".join(str(part) for part in key) if key else ""


def _record_changes(obj: Any, action: str) -> dict[str, Any]:
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _NOT_LOGGED:
            continue
        if action == "update":
            history = state.attrs[attr.key].history
            if history.has_changes():
                old = history.deleted[0] if history.deleted else None
                new = history.added[0] if history.added else None
                changes[attr.key] = [_loggable(old), _loggable(new)]
        else:
            changes[attr.key] = _loggable(state.attrs[attr.key].value)
    return changes


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    actor = actor_of(session)
    connection = session.connection()
    for action, objects in (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            if not isinstance(obj, Audited):
                continue
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            changes = _record_changes(obj, action)
            if action == "update" and not changes:
                continue
            if (
                isinstance(obj, Meeting)
                and obj.status is MeetingStatus.FINALISED
                and "status" in changes
            ):
                session.info.setdefault(_FINALISED_NOW, set()).add(obj.id)
            table = str(getattr(obj, "__tablename__", type(obj).__name__))
            append_entry(connection, actor, action, table, _identity(obj), changes)


# What a finalised meeting says, sealed into the chain when it is finalised: the
# meeting, its sections' notes, its decisions and the family as recorded. What may still
# change afterwards (who may read a section, when copies were sent) is left out.
_SEALED_PARTS = (
    ("meeting", "SELECT title, held_on, chair_name, about FROM meetings WHERE id = :id"),
    (
        "sections",
        "SELECT key, title, notes FROM meeting_sections WHERE meeting_id = :id ORDER BY key",
    ),
    ("decisions", "SELECT id, text FROM decisions WHERE meeting_id = :id ORDER BY id"),
    (
        "family",
        "SELECT position, name, relationship_to_subject, is_subject, parental_responsibility, "
        "no_information FROM meeting_family WHERE meeting_id = :id ORDER BY position",
    ),
)


def sealed_digest(connection: Connection, meeting_id: int) -> str:
    """A fingerprint of what a finalised meeting records (see ``_SEALED_PARTS``)."""
    content = [
        [part, [list(row) for row in connection.execute(text(sql), {"id": meeting_id})]]
        for part, sql in _SEALED_PARTS
    ]
    payload = json.dumps(content, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _seal_finalised(session: Session) -> None:
    """At commit: one chain entry per meeting finalised in this transaction, holding the
    fingerprint of its content, so a later change in SQL shows in ``verify_sealed``."""
    if not session.info.get(_FINALISED_NOW):
        return
    session.flush()  # the family and tasks added when finalising are part of it
    meeting_ids = sorted(session.info.pop(_FINALISED_NOW, set()))
    connection = session.connection()
    for meeting_id in meeting_ids:
        digest = sealed_digest(connection, meeting_id)
        append_entry(
            connection,
            actor_of(session),
            SEALED_ACTION,
            "meetings",
            str(meeting_id),
            {"content_sha256": digest},
        )


def verify_sealed(connection: Connection) -> tuple[list[str], int]:
    """Problems with finalised meetings whose content no longer matches its seal, and how
    many finalised meetings carry no seal (finalised by a release before sealing)."""
    seals: dict[str, str] = {}
    rows = connection.execute(
        select(_audit_table.c.entity_id, _audit_table.c.changes)
        .where(_audit_table.c.action == SEALED_ACTION, _audit_table.c.entity == "meetings")
        .order_by(_audit_table.c.seq)
    )
    for entity_id, changes in rows:
        try:
            seals[entity_id] = str(json.loads(changes)["content_sha256"])
        except (ValueError, KeyError, TypeError):
            seals[entity_id] = ""
    problems: list[str] = []
    unsealed = 0
    finalised = connection.execute(
        text("SELECT id FROM meetings WHERE status = :status ORDER BY id"),
        {"status": MeetingStatus.FINALISED.value},
    )
    for (meeting_id,) in finalised:
        seal = seals.get(str(meeting_id))
        if seal is None:
            unsealed += 1
        elif seal != sealed_digest(connection, meeting_id):
            problems.append(
                f"finalised meeting {meeting_id} no longer says what it said when it was "
                "finalised: it has been changed outside the program"
            )
    return problems, unsealed


def install(session_factory: Any) -> None:
    """Attach the audit writer to a ``sessionmaker`` (idempotent).

    The mark lives on the factory itself: ``event.contains`` keys on ``id()``, so it
    could answer yes for a new factory at the address of a garbage-collected one, and
    that unlock session would then go unaudited.
    """
    if getattr(session_factory, "_tac_audit_installed", False):
        return
    event.listen(session_factory, "after_flush", _after_flush)
    event.listen(session_factory, "before_commit", _seal_finalised)
    session_factory._tac_audit_installed = True


def redact(connection: Connection, seqs: list[int]) -> None:
    """Replace the changes of these entries by ``REDACTED``, inside the caller's
    transaction; the entry that follows must list them (``DESTROYED``'s "redacted"),
    which ``verify_chain`` checks, so only the program's own destroying passes."""
    for seq in seqs:
        connection.execute(
            _audit_table.update().where(_audit_table.c.seq == seq).values(changes=REDACTED)
        )


def _redactions(connection: Connection) -> set[int]:
    """The entries a (sealed) destroying entry says it redacted."""
    allowed: set[int] = set()
    for row in connection.execute(
        select(_audit_table.c.seq, _audit_table.c.changes).where(_audit_table.c.action == DESTROYED)
    ):
        try:
            listed = json.loads(row.changes).get("redacted", [])
        except (ValueError, AttributeError):
            continue
        allowed.update(seq for seq in listed if isinstance(seq, int) and seq < row.seq)
    return allowed


@dataclass(frozen=True)
class ChainReport:
    entries: int
    problems: list[str]

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_chain(connection: Connection) -> ChainReport:
    problems: list[str] = []
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    redacted = _redactions(connection)
    rows = connection.execute(select(_audit_table).order_by(_audit_table.c.seq))
    for row in rows:
        count += 1
        if row.seq != expected_seq:
            problems.append(f"audit entry {expected_seq} is missing (next found is {row.seq})")
            expected_seq = row.seq
        if row.prev_hash != expected_prev:
            problems.append(f"audit entry {row.seq} does not follow the one before it")
        at_text = _moment.process_bind_param(row.at, connection.dialect) or ""
        recomputed = entry_hash(
            row.prev_hash,
            row.seq,
            at_text,
            row.actor,
            row.action,
            row.entity,
            row.entity_id,
            row.changes,
        )
        if recomputed != row.hash and not (row.seq in redacted and row.changes == REDACTED):
            problems.append(f"audit entry {row.seq} has been altered")
        expected_prev = row.hash
        expected_seq = row.seq + 1
    if count == 0:
        problems.append(
            f"the audit log is empty, though every vault's log starts with '{FIRST_ACTION}': "
            "it has been removed outside the program"
        )
    else:
        start = [
            (row.seq, row.action, row.entity)
            for row in connection.execute(
                select(_audit_table.c.seq, _audit_table.c.action, _audit_table.c.entity)
                .order_by(_audit_table.c.seq)
                .limit(2)
            )
        ]
        # Vaults made before this release logged their chair before "vault created".
        if start[:1] != [(1, FIRST_ACTION, "vault")] and start != [
            (1, "create", "chair"),
            (2, FIRST_ACTION, "vault"),
        ]:
            problems.append(
                f"the audit log does not start with '{FIRST_ACTION}': its first entries "
                "have been removed outside the program"
            )
    head_count, head_hash = read_head(connection)
    if (head_count, head_hash) != (expected_seq - 1, expected_prev):
        problems.append(
            f"the audit log should end at entry {head_count} but ends at {expected_seq - 1}: "
            "entries were removed or added outside the program"
        )
    return ChainReport(count, problems)
