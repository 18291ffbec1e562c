"""Keeping records only as long as the service's rules allow, then destroying them.

``retention_list`` gives each case its retention date (``practice/retention.py``, from the
rules in the policy file); a closed case past it is due for review. ``destroy_case``
removes every record of one such case: each row of every table that belongs to it
(found by following the database's own foreign keys from the case, so a table added
later is not forgotten), the details of the audit entries about those rows (the entry
stays, so the chain still verifies, with its changes replaced by a redaction mark), and
then the freed space: ``secure_delete`` zeroes freed pages as they are freed, ``VACUUM``
rebuilds the file without free pages, and a ``wal_checkpoint(TRUNCATE)`` empties the
write-ahead log. One audit entry names the reference, the day and who did it.
Backups made earlier still hold the case; they are named in the result.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, select

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import AuditEntry, Case, CaseStatus, Person
from tac_desktop.core.practice.retention import (
    ChildDates,
    Retention,
    RetentionRules,
    is_due,
    retention_of,
)
from tac_desktop.core.progress import Progress
from tac_desktop.core.vault import Vault, audit
from tac_desktop.core.vault.audit import REDACTED
from tac_desktop.core.vault.vault import VAULT_SUFFIX, backups_dir

MAX_REASON = 500


@dataclass(frozen=True)
class CaseRetention:
    reference: str
    closed_on: date | None
    keep_until: date | None  # None while the case is open
    rule: str  # which rule set the date, in words ("" while open)
    due: bool  # closed and past its date: due for review and destruction


@dataclass(frozen=True)
class DestroyedCase:
    reference: str
    rows: int  # records removed, every table together
    redacted_entries: int  # audit entries whose details were removed
    backups: list[str] = field(default_factory=list)  # earlier backups that still hold it


def _rules(rules: RetentionRules | None) -> RetentionRules:
    if rules is not None:
        return rules
    from tac_desktop.core.policy import load_policy

    return load_policy().retention


def _retention(case: Case, people: list[Person], rules: RetentionRules) -> Retention | None:
    closed_on = case.closed_on if case.status is CaseStatus.CLOSED else None
    if case.status is CaseStatus.CLOSED and closed_on is None:
        closed_on = case.updated_at.date() if case.updated_at else None
    return retention_of(
        closed_on,
        [ChildDates(p.date_of_birth, p.estimated_age, p.declared_child) for p in people],
        rules,
    )


def retention_list(
    vault: Vault, today: date | None = None, rules: RetentionRules | None = None
) -> list[CaseRetention]:
    """Every case with its retention date: those due first (oldest date first), then the
    other closed cases by date, then the open ones by reference."""
    today = today or date.today()
    rules = _rules(rules)
    found: list[CaseRetention] = []
    with vault.unit_of_work() as session:
        people: dict[int, list[Person]] = {}
        for person in session.scalars(select(Person)):
            people.setdefault(person.case_id, []).append(person)
        for case in session.scalars(select(Case)):
            kept = _retention(case, people.get(case.id, []), rules)
            found.append(
                CaseRetention(
                    case.reference,
                    case.closed_on,
                    kept.keep_until if kept else None,
                    kept.reason if kept else "",
                    is_due(kept, today),
                )
            )
    return sorted(
        found,
        key=lambda c: (not c.due, c.keep_until is None, c.keep_until or date.max, c.reference),
    )


def _owned_rows(connection: Connection, case_id: int) -> dict[str, set[int]]:
    """Every row that belongs to the case: the case, and each row that reaches it by a
    chain of ON DELETE CASCADE foreign keys (so deleting the case deletes exactly these)."""
    tables = [
        row[0]
        for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    links: list[tuple[str, str, str, str]] = []  # child table, child column, parent, its column
    for table in tables:
        for fk in connection.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")'):
            # id, seq, table, from, to, on_update, on_delete, match
            if str(fk[6]).upper() == "CASCADE":
                links.append((table, fk[3], fk[2], fk[4] or "id"))
    owned: dict[str, set[int]] = {"cases": {case_id}}
    changed = True
    while changed:
        changed = False
        for child, column, parent, parent_column in links:
            parents = owned.get(parent)
            if not parents or parent_column != "id":
                continue
            marks = ",".join("?" * len(parents))
            rows = connection.exec_driver_sql(
                f'SELECT id FROM "{child}" WHERE "{column}" IN ({marks})', tuple(parents)
            )
            new = {row[0] for row in rows} - owned.get(child, set())
            if new:
                owned.setdefault(child, set()).update(new)
                changed = True
    return owned


def _names(people: list[Person]) -> list[str]:
    names = {n.strip() for p in people for n in (p.name, p.preferred_name) if n.strip()}
    return sorted(names, key=len, reverse=True)


def _check_reason(reason: str, people: list[Person]) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("Give the reason the case is destroyed. Nothing was destroyed.")
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            f"The reason is too long (at most {MAX_REASON} characters). Nothing was destroyed."
        )
    words = set(re.findall(r"\w+", reason.casefold()))
    folded = reason.casefold()
    for name in _names(people):
        parts = [p for p in re.findall(r"\w+", name.casefold()) if len(p) >= 3]
        if name.casefold() in folded or any(part in words for part in parts):
            raise InvalidInput(
                "The reason names someone in the case, and it stays in the audit log "
                "after the case is gone: give it without names (for example 'retention "
                "period over'). Nothing was destroyed."
            )
    return reason


def _earlier_backups(vault: Vault, connection: Connection) -> list[str]:
    found: list[str] = []
    for (changes,) in connection.execute(
        select(AuditEntry.changes).where(AuditEntry.action == "backup made")
    ):
        try:
            name = json.loads(changes).get("file")
        except (ValueError, AttributeError):
            name = None
        if isinstance(name, str) and name not in found:
            found.append(name)
    folder = backups_dir(vault.path)
    if folder.is_dir():
        for path in sorted(folder.glob(f"*{VAULT_SUFFIX}")):
            label = f"{folder.name}/{path.name}"
            if path.name not in found and label not in found:
                found.append(label)
    return found


def earlier_backups(vault: Vault) -> list[str]:
    """The backups of this vault that it knows of (each 'backup made', and the automatic
    ones beside it): a case destroyed now is still in every one of them."""
    with vault.unit_of_work() as session:
        return _earlier_backups(vault, session.connection())


def destroy_case(
    vault: Vault,
    reference: str,
    reason: str,
    today: date | None = None,
    rules: RetentionRules | None = None,
    progress: Progress | None = None,
) -> DestroyedCase:
    """Destroy a closed case past its retention date, as the module describes.

    ``progress`` is told of each of the two steps (the records removed, then the freed
    space cleared): neither can stop halfway, so it is told, never asked to stop."""
    today = today or date.today()
    rules = _rules(rules)
    reference = reference.strip()
    if progress is not None:
        progress.tell(f"Removing the records of case {reference}")
    with vault.unit_of_work() as session:
        case = session.scalars(select(Case).where(Case.reference == reference)).one_or_none()
        if case is None:
            raise InvalidInput(
                f"There is no case {reference} in this vault. Nothing was destroyed."
            )
        people = list(session.scalars(select(Person).where(Person.case_id == case.id)))
        kept = _retention(case, people, rules)
        if kept is None:
            raise InvalidInput(
                f"Case {reference} is open; only a closed case past its retention date can be "
                "destroyed. Nothing was destroyed."
            )
        if not is_due(kept, today):
            raise InvalidInput(
                f"Case {reference} is kept until {kept.keep_until:%d %B %Y} ({kept.reason}), "
                "so it cannot be destroyed yet. Nothing was destroyed."
            )
        reason = _check_reason(reason, people)
        connection = session.connection()
        connection.exec_driver_sql("PRAGMA secure_delete = ON")
        owned = _owned_rows(connection, case.id)
        names = _names(people)
        # The audit entries about these rows, or naming the case or anyone in it.
        redact: set[int] = set()
        for seq, entity, entity_id, changes in connection.execute(
            select(AuditEntry.seq, AuditEntry.entity, AuditEntry.entity_id, AuditEntry.changes)
        ):
            ids = owned.get(entity)
            if (ids and entity_id.isdigit() and int(entity_id) in ids) or (
                changes
                and changes != REDACTED
                and (reference in changes or any(name in changes for name in names))
            ):
                redact.add(seq)
        rows = sum(len(ids) for ids in owned.values())
        session.expunge_all()
        connection.exec_driver_sql("DELETE FROM cases WHERE id = ?", (case.id,))
        audit.redact(connection, sorted(redact))
        backups = _earlier_backups(vault, connection)
        audit.record_event(
            session,
            "case destroyed",
            entity="case",
            detail={
                "reference": reference,
                "on": today.isoformat(),
                "reason": reason,
                "redacted": sorted(redact),
            },
        )
    if progress is not None:
        progress.tell("Clearing the space the records took, so nothing can be recovered")
    scrub(vault)
    return DestroyedCase(reference, rows, len(redact), backups)


def scrub(vault: Vault) -> None:
    """Leave nothing deleted behind: no free page in the file, nothing in the WAL."""
    engine = vault.engine
    engine.dispose()  # no pooled connection keeps an old snapshot that stops the checkpoint
    with engine.connect() as connection:
        raw = connection.execution_options(isolation_level="AUTOCOMMIT")
        raw.exec_driver_sql("PRAGMA secure_delete = ON")
        raw.exec_driver_sql("VACUUM")
        raw.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
