"""Schema migrations: one straight line of revisions, and old vaults brought up to date.

Every person named here is invented.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.orm import sessionmaker

import tac_desktop.core.migrations as migrations_package
from tac_desktop.core.errors import NotAVault, VaultTooNew
from tac_desktop.core.models import Base
from tac_desktop.core.vault import KdfParams, Vault, audit, migrate
from tac_desktop.core.vault.engine import make_engine
from tac_desktop.core.vault.keyfile import KeyFile, key_file_path, new_data_key
from tac_desktop.core.vault.vault import backups_dir
from tests.conftest import CHAIR, PASSPHRASE
from tests.core.helpers import add_synthetic_case, folder_digests

BASELINE = "0001_baseline"
VERSIONS = Path(migrations_package.__file__).parent / "versions"


# -- the revision graph -----------------------------------------------------------------


def test_revisions_form_one_straight_line() -> None:
    script = migrate.script_directory()
    assert len(script.get_heads()) == 1, "two heads: merge them before release"
    assert script.get_bases() == [BASELINE]
    walked = list(script.walk_revisions())  # newest first
    assert [r.revision for r in walked][-1] == BASELINE
    for newer, older in itertools.pairwise(walked):
        assert newer.down_revision == older.revision
    for revision in walked:
        assert revision.down_revision is None or isinstance(revision.down_revision, str)
        assert not revision.branch_labels
        assert not revision.dependencies
        assert len(revision.nextrev) <= 1
    assert sum(r.down_revision is None for r in walked) == 1


def test_schema_head_constant_is_alembics_head() -> None:
    script = migrate.script_directory()
    assert script.get_current_head() == migrate.SCHEMA_HEAD
    assert migrate.head_revision() == migrate.SCHEMA_HEAD


def test_each_revision_file_is_named_after_its_revision() -> None:
    files = {p.stem for p in VERSIONS.glob("*.py") if not p.name.startswith("_")}
    assert files == migrate.known_revisions()
    assert BASELINE in files and migrate.SCHEMA_HEAD in files


def test_the_migrated_schema_matches_the_models(vault: Vault) -> None:
    """Autogenerate finds nothing to do: no model change is missing a migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with vault.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


# -- an old vault -----------------------------------------------------------------------


def _make_baseline_vault(path: Path, kdf: KdfParams) -> None:
    """What Vault.create wrote when 0001_baseline was the newest layout."""
    data_key = new_data_key()
    KeyFile.seal(data_key, PASSPHRASE, kdf).write(path)
    engine = make_engine(path, data_key)
    try:
        with engine.begin() as connection:
            migrate.upgrade(connection, BASELINE)
        sessions = sessionmaker(engine, expire_on_commit=False, info={"actor": CHAIR.name})
        audit.install(sessions)
        with sessions.begin() as session:
            # Plain SQL with the baseline's columns: the model has gained some since.
            session.execute(
                text(
                    "INSERT INTO chair (name, role, agency, created_at, updated_at) "
                    "VALUES (:name, :role, :agency, :now, :now)"
                ),
                {
                    "name": CHAIR.name,
                    "role": CHAIR.role,
                    "agency": CHAIR.agency,
                    "now": "2026-01-05T09:00:00+00:00",
                },
            )
            audit.record_event(session, "vault created")
    finally:
        engine.dispose()


def _revision_and_tables(path: Path) -> tuple[str | None, set[str], list[str]]:
    """Read a vault's layout directly (without Vault.open, which would update it)."""
    engine = make_engine(path, KeyFile.read(path).unseal(PASSPHRASE))
    try:
        with engine.connect() as connection:
            revision = migrate.current_revision(connection)
            tables = set(inspect(connection).get_table_names())
            chairs = [str(n) for n in connection.execute(text("SELECT name FROM chair")).scalars()]
            assert audit.verify_chain(connection).intact
    finally:
        engine.dispose()
    return revision, tables, chairs


@pytest.fixture
def baseline_vault(vault_path: Path, fast_kdf: KdfParams) -> Path:
    _make_baseline_vault(vault_path, fast_kdf)
    revision, tables, chairs = _revision_and_tables(vault_path)
    assert revision == BASELINE
    assert "cases" not in tables
    assert chairs == [CHAIR.name]
    return vault_path


def test_opening_an_old_vault_updates_it_after_a_backup(baseline_vault: Path) -> None:
    with Vault.open(baseline_vault, PASSPHRASE) as opened:
        report = opened.check()
        assert report.healthy, report.problems
        assert report.schema_revision == migrate.SCHEMA_HEAD
        with opened.engine.connect() as connection:
            events = connection.execute(
                text("SELECT action, changes FROM audit_log ORDER BY seq")
            ).all()
        assert [action for action, _ in events][-2:] == ["backup made", "schema updated"]
        assert json.loads(events[-1][1]) == {"from": BASELINE, "to": migrate.SCHEMA_HEAD}
        add_synthetic_case(opened)  # the new tables work

    backups = sorted(backups_dir(baseline_vault).iterdir())
    assert len(backups) == 2
    backup, backup_key = backups
    assert backup_key == key_file_path(backup)
    assert f"before-update-{BASELINE}" in backup.name
    # The automatic backup is the vault as it was: the old layout, same passphrase.
    revision, tables, chairs = _revision_and_tables(backup)
    assert revision == BASELINE
    assert "cases" not in tables
    assert chairs == [CHAIR.name]

    # Opening again does not update (or back up) a second time.
    Vault.open(baseline_vault, PASSPHRASE).close()
    assert len(list(backups_dir(baseline_vault).iterdir())) == 2


def test_an_old_vault_is_read_as_it_is_when_updating_is_not_allowed(
    baseline_vault: Path,
) -> None:
    """`vault check` and `vault restore` look at an old backup without updating it."""
    with Vault.open(baseline_vault, PASSPHRASE, migrate_schema=False) as old:
        assert old.outdated_layout == "0001_baseline"
        report = old.check()
    assert report.healthy, report.problems
    assert report.schema_revision == "0001_baseline"
    assert any("earlier release" in note for note in report.notes)
    assert not backups_dir(baseline_vault).exists()
    with Vault.open(baseline_vault, PASSPHRASE, migrate_schema=False) as again:
        assert again.outdated_layout == "0001_baseline"  # still not updated


def test_a_vault_from_a_newer_version_is_left_alone(vault: Vault, vault_path: Path) -> None:
    with vault.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    vault.close()
    before = folder_digests(vault_path.parent)
    for allowed in (True, False):
        with pytest.raises(VaultTooNew, match="newer version"):
            Vault.open(vault_path, PASSPHRASE, migrate_schema=allowed)
    assert folder_digests(vault_path.parent) == before
    assert not backups_dir(vault_path).exists()


def test_an_encrypted_database_without_our_layout_is_not_a_vault(
    vault: Vault, vault_path: Path
) -> None:
    with vault.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    vault.close()
    with pytest.raises(NotAVault, match="not a TAC Desktop vault"):
        Vault.open(vault_path, PASSPHRASE)


def test_an_update_that_fails_half_way_leaves_the_old_layout_whole(
    baseline_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The steps of an update are one transaction: a failure in a late step (here a full
    disk after the tables of seven steps were made) leaves the vault as it was, still
    readable by this release, and it is updated whole when next opened."""
    real_upgrade = migrate.upgrade
    steps_run: list[str] = []

    def failing_late(connection, target="head"):  # type: ignore[no-untyped-def]
        real_upgrade(connection, target)
        steps_run.append(target)
        if target == "0008_decisions_paperwork":
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(migrate, "upgrade", failing_late)
    with pytest.raises(Exception):  # noqa: B017  # whatever the disk says, passed on
        Vault.open(baseline_vault, PASSPHRASE)
    assert steps_run[-1] == "0008_decisions_paperwork" and len(steps_run) == 7
    revision, tables, chairs = _revision_and_tables(baseline_vault)
    assert revision == BASELINE
    assert "cases" not in tables and "meetings" not in tables
    assert chairs == [CHAIR.name]

    monkeypatch.setattr(migrate, "upgrade", real_upgrade)
    with Vault.open(baseline_vault, PASSPHRASE) as opened:  # at once: the same second
        assert opened.check().schema_revision == migrate.SCHEMA_HEAD
        add_synthetic_case(opened)
    # each attempt made its own backup first (a vault and its key file each)
    assert len(list(backups_dir(baseline_vault).iterdir())) == 4
