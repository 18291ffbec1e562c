"""The hash-chained audit log: what it records, and that tampering is detected.

Tampering is done the way an attacker with the key would: plain SQL on the vault's
own connection, bypassing the program. Every person named here is invented.
"""

from __future__ import annotations

import gc
import itertools
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import sessionmaker

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import AuditEntry, Chair
from tac_desktop.core.services.cases import PersonDraft, remove_person, update_person
from tac_desktop.core.vault import Vault, audit
from tests.conftest import CHAIR, PASSPHRASE
from tests.core.helpers import add_synthetic_case


def _rows(vault: Vault) -> list[dict[str, object]]:
    with vault.engine.connect() as connection:
        result = connection.execute(text("SELECT * FROM audit_log ORDER BY seq"))
        return [dict(row._mapping) for row in result]


def _tamper(vault: Vault, sql: str, **params: object) -> None:
    with vault.engine.begin() as connection:
        connection.execute(text(sql), params)


@pytest.fixture
def busy_vault(vault: Vault) -> Iterator[Vault]:
    """A vault with a case, a change and a removal: a dozen or so audit entries."""
    case_id = add_synthetic_case(vault)
    with vault.engine.connect() as connection:
        mother_id = connection.execute(
            text("SELECT id FROM people WHERE case_id = :c AND name LIKE 'Gwendolyn%'"),
            {"c": case_id},
        ).scalar_one()
    update_person(
        vault,
        mother_id,
        PersonDraft("Gwendolyn Okonkwo-Bryce", relationship_to_subject="mother", language="Igbo"),
    )
    remove_person(vault, mother_id)
    assert len(_rows(vault)) >= 8
    yield vault


def test_an_untouched_chain_is_healthy(busy_vault: Vault) -> None:
    report = busy_vault.check()
    assert report.healthy, report.problems
    assert report.audit_entries == len(_rows(busy_vault))
    with busy_vault.engine.connect() as connection:
        chain = audit.verify_chain(connection)
    assert chain.intact
    assert chain.entries == report.audit_entries


def test_the_log_says_who_changed_what(busy_vault: Vault) -> None:
    rows = _rows(busy_vault)
    assert [row["seq"] for row in rows] == list(range(1, len(rows) + 1))
    assert rows[0]["prev_hash"] == audit.GENESIS
    for before, after in itertools.pairwise(rows):
        assert after["prev_hash"] == before["hash"]
    assert {row["actor"] for row in rows} == {CHAIR.name}
    actions = [(row["action"], row["entity"]) for row in rows]
    assert ("vault created", "vault") in actions
    assert ("create", "chair") in actions
    assert ("create", "cases") in actions
    assert ("create", "people") in actions
    assert ("delete", "people") in actions
    update = next(
        json.loads(str(row["changes"]))
        for row in rows
        if row["action"] == "update" and row["entity"] == "people"
    )
    assert update["language"] == ["English", "Igbo"]
    assert "created_at" not in update and "updated_at" not in update


def test_a_long_note_is_summarised_in_the_log_not_copied(vault: Vault) -> None:
    note = "An invented observation about a made-up family. " * 200  # ~10,000 characters
    add_synthetic_case(vault, notes=note)
    logged = [str(row["changes"]) for row in _rows(vault) if row["entity"] == "people"]
    assert logged
    assert all(len(changes) < 2_000 for changes in logged)
    assert any(f"[{len(note)} characters, sha256" in changes for changes in logged)


def test_an_action_that_fails_leaves_no_audit_entry(vault: Vault) -> None:
    before = _rows(vault)
    with pytest.raises(InvalidInput), vault.unit_of_work() as session:
        session.add(Chair(name="Temporary Invented Chair", role="", agency=""))
        session.flush()  # the audit entry is written here, in the same transaction
        raise InvalidInput("the user pressed cancel")
    assert _rows(vault) == before
    assert vault.check().healthy


def test_an_edited_entry_is_detected(busy_vault: Vault) -> None:
    _tamper(busy_vault, "UPDATE audit_log SET changes = :c WHERE seq = 3", c='{"forged": true}')
    report = busy_vault.check()
    assert not report.healthy
    assert "audit entry 3 has been altered" in report.problems


def test_an_edited_actor_is_detected(busy_vault: Vault) -> None:
    _tamper(busy_vault, "UPDATE audit_log SET actor = 'Somebody Else' WHERE seq = 2")
    assert "audit entry 2 has been altered" in busy_vault.check().problems


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(busy_vault: Vault) -> None:
    """Re-sealing the edited entry itself is not enough: the next one points at the
    old hash."""
    row = _rows(busy_vault)[3]
    forged_changes = '{"forged": true}'
    forged_hash = audit.entry_hash(
        str(row["prev_hash"]),
        int(str(row["seq"])),
        str(row["at"]),
        str(row["actor"]),
        str(row["action"]),
        str(row["entity"]),
        str(row["entity_id"]),
        forged_changes,
    )
    _tamper(
        busy_vault,
        "UPDATE audit_log SET changes = :c, hash = :h WHERE seq = :s",
        c=forged_changes,
        h=forged_hash,
        s=row["seq"],
    )
    problems = busy_vault.check().problems
    assert f"audit entry {row['seq']} has been altered" not in problems  # well forged...
    assert f"audit entry {int(str(row['seq'])) + 1} does not follow the one before it" in problems


def test_a_deleted_middle_entry_is_detected(busy_vault: Vault) -> None:
    _tamper(busy_vault, "DELETE FROM audit_log WHERE seq = 4")
    report = busy_vault.check()
    assert not report.healthy
    assert any("audit entry 4 is missing" in problem for problem in report.problems)
    assert "audit entry 5 does not follow the one before it" in report.problems


def test_a_deleted_last_entry_is_detected(busy_vault: Vault) -> None:
    last = len(_rows(busy_vault))
    _tamper(busy_vault, "DELETE FROM audit_log WHERE seq = :s", s=last)
    report = busy_vault.check()
    assert not report.healthy
    assert any(f"should end at entry {last}" in problem for problem in report.problems)


def test_an_entry_added_at_the_end_is_detected(busy_vault: Vault) -> None:
    """A perfectly sealed extra entry, written without moving the chain's head."""
    rows = _rows(busy_vault)
    last = rows[-1]
    seq = int(str(last["seq"])) + 1
    at = str(last["at"])
    digest = audit.entry_hash(str(last["hash"]), seq, at, CHAIR.name, "delete", "cases", "1", "{}")
    _tamper(
        busy_vault,
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, changes, "
        "prev_hash, hash) VALUES (:s, :at, :actor, 'delete', 'cases', '1', '{}', :p, :h)",
        s=seq,
        at=at,
        actor=CHAIR.name,
        p=last["hash"],
        h=digest,
    )
    problems = busy_vault.check().problems
    assert len(problems) == 1
    assert f"should end at entry {seq - 1} but ends at {seq}" in problems[0]


def test_a_wiped_log_is_detected(busy_vault: Vault) -> None:
    _tamper(busy_vault, "DELETE FROM audit_log")
    assert not busy_vault.check().healthy


def test_tampering_is_still_reported_after_reopening(busy_vault: Vault) -> None:
    _tamper(busy_vault, "UPDATE audit_log SET changes = '{\"x\": 1}' WHERE seq = 2")
    busy_vault.close()
    with Vault.open(busy_vault.path, PASSPHRASE) as reopened:
        assert "audit entry 2 has been altered" in reopened.check().problems


def test_every_new_session_factory_gets_the_audit_writer(vault: Vault) -> None:
    """Regression test: install() skipped a new sessionmaker whenever SQLAlchemy's
    event registry still held an entry for a garbage-collected one at the same memory
    address (id reuse). Each unlock makes a new sessionmaker, so after a lock/unlock
    a whole session's changes could go unaudited, silently."""
    count = select(func.count()).select_from(AuditEntry)
    unaudited = []
    for attempt in range(30):
        factory = sessionmaker(vault.engine, info={"actor": CHAIR.name})
        audit.install(factory)
        audit.install(factory)  # idempotent: still one entry per change
        with factory.begin() as session:
            before = session.scalar(count)
            session.add(Chair(name=f"Invented Chair {attempt}", role="", agency=""))
            session.flush()
            if session.scalar(count) != (before or 0) + 1:
                unaudited.append(attempt)
        del factory, session
        gc.collect(1)  # free it, so the next one may land at the same address
    assert unaudited == []
    assert vault.check().healthy
