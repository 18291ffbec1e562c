"""Retention (issue 20, point 3): each case's date from the service's rules, the closed
cases past it listed, and one destroyed so that no name from it is left anywhere: not
in the decrypted database (live rows, free pages, the audit log), its WAL, the folder,
nor a plain export of what remains.

Every person named here is invented.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import Case, CaseStatus, Person
from tac_desktop.core.practice.retention import ChildDates, RetentionRules, retention_of
from tac_desktop.core.services import retention
from tac_desktop.core.services.cases import list_cases
from tac_desktop.core.transfer import write_case_file
from tac_desktop.core.vault import Vault
from tac_desktop.core.vault.audit import REDACTED
from tests.conftest import PASSPHRASE
from tests.core.helpers import audit_rows, run_cli

LATER = date(2061, 3, 1)  # past every demo case's retention date once it is closed
RULES = RetentionRules()


def test_the_later_of_years_after_closure_and_the_youngest_childs_birthday() -> None:
    closed = date(2020, 5, 1)
    adult = ChildDates(date(1980, 1, 1))
    assert retention_of(None, [], RULES) is None  # an open case is never due
    only_adults = retention_of(closed, [adult], RULES)
    assert only_adults is not None and only_adults.keep_until == date(2026, 5, 1)
    kept = retention_of(
        closed, [adult, ChildDates(date(2010, 2, 3)), ChildDates(date(2016, 7, 9))], RULES
    )
    assert kept is not None and kept.keep_until == date(2041, 7, 9)
    assert "25th birthday" in kept.reason
    # A child of 17 at closure, and estimated ages.
    assert retention_of(closed, [ChildDates(date(2003, 1, 1))], RULES).keep_until == date(
        2028, 1, 1
    )  # type: ignore[union-attr]
    assert retention_of(closed, [ChildDates(estimated_age=4)], RULES).keep_until == date(2041, 5, 1)  # type: ignore[union-attr]
    assert retention_of(closed, [ChildDates(estimated_age=30)], RULES).keep_until == date(
        2026, 5, 1
    )  # type: ignore[union-attr]
    assert retention_of(closed, [ChildDates(declared_child=True)], RULES).keep_until == date(
        2045, 5, 1
    )  # type: ignore[union-attr]
    # 29 February, and the service's own rules.
    assert retention_of(date(2024, 2, 29), [], RULES).keep_until == date(2030, 2, 28)  # type: ignore[union-attr]
    ten = retention_of(closed, [ChildDates(date(2016, 7, 9))], RetentionRules(10, 0))
    assert ten is not None and ten.keep_until == date(2030, 5, 1)
    with pytest.raises(ValueError):
        RetentionRules(-1, 25)


def _close(vault: Vault, reference: str, on: date) -> list[str]:
    """Close a case by hand (as the closure checklist would) and return its people's names."""
    with vault.unit_of_work() as session:
        case = session.scalars(select(Case).where(Case.reference == reference)).one()
        case.status = CaseStatus.CLOSED
        case.closed_on = on
        people = session.scalars(select(Person).where(Person.case_id == case.id))
        return [p.name for p in people]


def _dump(path: Path, key: bytes, *, no_free_pages: bool = True) -> str:
    """Every row of every table (the schema too) of the decrypted database, as text; and
    no free page left that could hold what was deleted (VACUUM leaves none)."""
    connection = sqlcipher3.dbapi2.connect(str(path))
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        if no_free_pages:
            assert connection.execute("PRAGMA freelist_count").fetchone()[0] == 0
        lines = []
        tables = connection.execute("SELECT name, sql FROM sqlite_master").fetchall()
        for name, sql in tables:
            lines.append(str(sql))
            if sql and sql.startswith("CREATE TABLE"):
                lines.extend(repr(row) for row in connection.execute(f'SELECT * FROM "{name}"'))
        return "\n".join(lines)
    finally:
        connection.close()


def test_a_case_past_retention_is_destroyed_leaving_no_name(
    demo_vault: Vault, tmp_path: Path
) -> None:
    vault = demo_vault
    backup = vault.backup(tmp_path / "earlier.tacvault")
    names = _close(vault, "TAC-2026-0101", date.today())
    assert len(names) >= 3
    key = vault.data_key
    # Listed, with the date and why; open cases are not due.
    listed = {c.reference: c for c in retention.retention_list(vault, LATER, RULES)}
    assert listed["TAC-2026-0101"].due and listed["TAC-2026-0101"].keep_until is not None
    assert not listed["TAC-2026-0102"].due and listed["TAC-2026-0102"].keep_until is None
    early = retention.retention_list(vault, date.today(), RULES)
    assert not any(c.due for c in early)
    # Refused: not yet due, an open case, no reason, a reason that names someone.
    with pytest.raises(InvalidInput, match="kept until"):
        retention.destroy_case(vault, "TAC-2026-0101", "retention period over", date.today(), RULES)
    with pytest.raises(InvalidInput, match="open"):
        retention.destroy_case(vault, "TAC-2026-0102", "retention period over", LATER, RULES)
    with pytest.raises(InvalidInput, match="reason"):
        retention.destroy_case(vault, "TAC-2026-0101", "  ", LATER, RULES)
    # "Annual" is no name, though a name may hold its letters: refused only for a name.
    with pytest.raises(InvalidInput, match="kept until"):
        retention.destroy_case(vault, "TAC-2026-0101", "annual review", date.today(), RULES)
    surname = names[0].split()[-1]
    with pytest.raises(InvalidInput, match="names someone"):
        retention.destroy_case(vault, "TAC-2026-0101", f"the {surname} file", LATER, RULES)
    before = _dump(vault.path, key, no_free_pages=False)
    assert all(name in before for name in names)  # all there until destroyed

    done = retention.destroy_case(vault, "TAC-2026-0101", "retention period over", LATER, RULES)
    assert done.reference == "TAC-2026-0101" and done.rows > 10 and done.redacted_entries > 10
    assert backup.name in done.backups
    assert [c.reference for c in list_cases(vault)] == [
        "TAC-2026-0102",
        "TAC-2026-0103",
        "TAC-2026-0104",
    ]
    health = vault.check()
    assert health.healthy, health.problems
    [entry] = [row for row in audit_rows(vault) if row[1] == "case destroyed"]
    detail = json.loads(str(entry[3]))
    assert detail["reference"] == "TAC-2026-0101" and detail["on"] == LATER.isoformat()
    # Every plain export of what is left, then the vault closed.
    exports = tmp_path / "exports"
    exports.mkdir()
    for reference in ("TAC-2026-0102", "TAC-2026-0103", "TAC-2026-0104"):
        text = write_case_file(vault, reference, exports / f"{reference}.json").read_text("utf-8")
        assert not [name for name in names if name in text], reference
    vault.close()

    dump = _dump(vault.path, key)
    assert "TAC-2026-0102" in dump  # the dump is readable: the check means something
    assert not [name for name in names if name in dump]
    assert "TAC-2026-0101" in dump  # the audit entry naming the reference only
    wal = vault.path.with_name(vault.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    for path in vault.path.parent.rglob("*"):
        if path.is_file() and path != backup and path.name != backup.name + ".key":
            raw = path.read_bytes()
            for name in names:
                for encoded in (name.encode("utf-8"), name.encode("utf-16-le")):
                    assert encoded not in raw, (path.name, name)
    # The backup made before still holds the case (and the message said so).
    with Vault.open(backup, PASSPHRASE) as earlier:
        assert "TAC-2026-0101" in [c.reference for c in list_cases(earlier)]


def test_the_command_line_lists_and_destroys(demo_vault: Vault, tmp_path: Path) -> None:
    _close(demo_vault, "TAC-2026-0103", date(2000, 1, 1))
    with demo_vault.unit_of_work() as session:  # the children grew up long ago
        for person in session.scalars(
            select(Person)
            .join(Case, Person.case_id == Case.id)
            .where(Case.reference == "TAC-2026-0103")
        ):
            person.date_of_birth = date(1960, 1, 1)
            person.estimated_age = None
            person.declared_child = False
    path = demo_vault.path
    demo_vault.close()
    env = {"TAC_POLICY_FILE": str(tmp_path / "policy.toml")}
    (tmp_path / "policy.toml").write_text("[retention]\nyears_after_closure = 6\n")
    listed = run_cli("retention", path, env=env)
    assert listed.returncode == 0, listed.stderr
    assert "Backups of this vault hold the cases due" not in listed.stderr  # none made
    first = listed.stdout.splitlines()[0].split("\t")
    assert first[:3] == ["TAC-2026-0103", "due for destruction", "2006-01-01"]
    as_json = json.loads(run_cli("retention", path, "--json", env=env).stdout)
    assert [c["case"] for c in as_json if c["due"]] == ["TAC-2026-0103"]
    unasked = run_cli("retention", path, "--destroy", "TAC-2026-0103", env=env)
    assert unasked.returncode == 1 and "--reason" in unasked.stderr
    unconfirmed = run_cli(
        "retention", path, "--destroy", "TAC-2026-0103", "--reason", "past retention", env=env
    )
    assert unconfirmed.returncode == 1 and "--yes" in unconfirmed.stderr
    done = run_cli(
        "retention",
        path,
        "--destroy",
        "TAC-2026-0103",
        "--reason",
        "past retention",
        "--yes",
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "Destroyed case TAC-2026-0103" in done.stdout
    with Vault.open(path, PASSPHRASE) as opened:
        assert "TAC-2026-0103" not in [c.reference for c in list_cases(opened)]
        assert opened.check().healthy
        # A redaction the program did not make (no destroying entry lists it) is an edit.
        with opened.engine.begin() as connection:
            connection.exec_driver_sql(
                "UPDATE audit_log SET changes = ? WHERE seq = 1", (REDACTED,)
            )
        assert "audit entry 1 has been altered" in opened.check().problems
