"""The vault against someone else on the same computer, a damaged disk and a key file
built to stall (issue 18). Real SQLCipher files in tmp_path; nothing is mocked.

Every person named here is invented.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from tac_desktop.core.errors import (
    MAX_MESSAGE,
    FolderNotWritable,
    NotAVault,
    TacError,
    VaultDamaged,
    VaultError,
)
from tac_desktop.core.vault import (
    KdfParams,
    Vault,
    anchor,
    audit,
    keyfile,
    private,
    unseal_key,
    wal,
)
from tac_desktop.core.vault.engine import make_engine
from tac_desktop.core.vault.keyfile import key_file_path
from tac_desktop.core.vault.vault import backups_dir, lock_file_path
from tests.conftest import CHAIR, PASSPHRASE
from tests.core.helpers import add_synthetic_case, audit_rows, sha256

NEW_PASSPHRASE = "another long synthetic passphrase"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes and links")


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The common default: files 0644 and folders 0755 unless the program says otherwise."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


@pytest.fixture
def closed_demo(vault_path: Path, fast_kdf: KdfParams) -> Path:
    """A closed vault holding the demo families (a finalised meeting among them)."""
    from tac_desktop.core.demo import create_demo_vault

    create_demo_vault(vault_path, PASSPHRASE, fast_kdf).close()
    return vault_path


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


# -- 1. owner-only files and folders -----------------------------------------------------


@posix_only
def test_every_file_and_folder_is_owner_only_under_a_loose_umask(
    tmp_path: Path, fast_kdf: KdfParams, loose_umask: None
) -> None:
    path = tmp_path / "Cases.tacvault"
    vault = Vault.create(path, PASSPHRASE, CHAIR, fast_kdf)
    try:
        add_synthetic_case(vault)
        wal = path.with_name(path.name + "-wal")
        shm = path.with_name(path.name + "-shm")
        for own in (path, key_file_path(path), wal, shm, lock_file_path(path)):
            assert own.exists(), own.name
            assert _mode(own) == 0o600, (own.name, oct(_mode(own)))
        backup = vault.backup(tmp_path / "Cases backup.tacvault")
        for own in (backup, key_file_path(backup)):
            assert _mode(own) == 0o600, (own.name, oct(_mode(own)))
        vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
        assert _mode(key_file_path(path)) == 0o600
        folder = backups_dir(path)
        private.make_folder(folder)
        assert _mode(folder) == 0o700
    finally:
        vault.close()
    restored = Vault.restore(backup, tmp_path / "Restored.tacvault", PASSPHRASE)
    for own in (restored, key_file_path(restored)):
        assert _mode(own) == 0o600, (own.name, oct(_mode(own)))


@posix_only
def test_a_vault_left_readable_by_an_older_release_is_tightened_on_open(
    vault: Vault, vault_path: Path
) -> None:
    vault.close()
    for own in (vault_path, key_file_path(vault_path)):
        os.chmod(own, 0o644)
    Vault.open(vault_path, PASSPHRASE).close()
    assert _mode(vault_path) == 0o600
    assert _mode(key_file_path(vault_path)) == 0o600


# -- 2. temporary files: exclusive, unpredictable, never through a link; no leftovers -----


@posix_only
def test_links_planted_at_the_old_predictable_names_are_never_written_through(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    add_synthetic_case(vault)
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file\n", "utf-8")
    before = sha256(victim)
    destination = tmp_path / "Backup.tacvault"
    planted = [
        destination.with_name(f".{destination.name}.partial"),
        destination.with_name(f".{destination.name}.key.partial"),
        key_file_path(vault_path).with_name(key_file_path(vault_path).name + ".new"),
    ]
    for link in planted:
        link.symlink_to(victim)

    vault.backup(destination)
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    vault.close()

    assert sha256(victim) == before
    assert all(link.is_symlink() for link in planted)
    Vault.open(destination, PASSPHRASE).close()
    Vault.open(vault_path, NEW_PASSPHRASE).close()


@posix_only
def test_a_link_planted_at_the_lock_file_is_refused_and_its_target_untouched(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    vault.close()
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file\n", "utf-8")
    lock_file_path(vault_path).symlink_to(victim)
    with pytest.raises(FolderNotWritable, match="is a link"):
        Vault.open(vault_path, PASSPHRASE)
    assert victim.read_text("utf-8") == "someone else's file\n"


def test_no_lock_file_is_left_after_close_or_beside_a_checked_backup(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    backup = vault.backup(tmp_path / "Checked.tacvault")
    vault.close()
    assert not lock_file_path(vault_path).exists()
    with Vault.open(backup, PASSPHRASE, migrate_schema=False) as copy:
        assert copy.check().healthy
    Vault.restore(backup, tmp_path / "Restored.tacvault", PASSPHRASE)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".lock")) == []


@pytest.mark.skipif(sys.platform != "linux", reason="needs a process id that has ended")
def test_temporary_files_of_a_killed_backup_are_removed_by_the_next_one(
    vault: Vault, tmp_path: Path
) -> None:
    # What a backup killed half-way leaves: its temporaries, named for a process that
    # has ended. A file of the same shape from a running process is left alone.
    import subprocess

    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(ended.stdout)
    stale = [
        tmp_path / f".Old.tacvault.tac-{dead_pid}-0123456789abcdef.part",
        tmp_path / f".Old.tacvault.key.tac-{dead_pid}-fedcba9876543210.part",
        tmp_path / f".Old.tacvault.tac-{dead_pid}-0123456789abcdef.part-journal",
    ]
    for leftover in stale:
        leftover.write_bytes(b"half a backup")
    running = tmp_path / f".Busy.tacvault.tac-{os.getppid()}-00112233aabbccdd.part"
    running.write_bytes(b"in progress elsewhere")

    vault.backup(tmp_path / "New.tacvault")

    assert [p for p in stale if p.exists()] == []
    assert running.exists()
    hidden = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert hidden == [running.name]


# -- 3. a damaged WAL, and the audit log anchored outside the database -------------------

EDITS = 40


def _raw(path: Path) -> Engine:
    """The database itself, with its key, outside the program: as someone with the key
    and their own SQLCipher tools would have it."""
    return make_engine(path, unseal_key(path, PASSPHRASE))


def _crash_copy(tmp_path: Path, fast_kdf: KdfParams) -> Path:
    """A vault as a crash leaves it: 40 acknowledged notes that live only in its WAL."""
    live = tmp_path / "live" / "Cases.tacvault"
    live.parent.mkdir()
    vault = Vault.create(live, PASSPHRASE, CHAIR, fast_kdf)
    try:
        with vault.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        for number in range(EDITS):
            add_synthetic_case(vault, f"SYN-2026-{number:04d}", notes=f"Invented note {number}.")
        crashed = tmp_path / "crashed"
        crashed.mkdir()
        for suffix in ("", "-wal", ".key", ".anchor"):
            shutil.copy(f"{live}{suffix}", crashed / f"{live.name}{suffix}")
    finally:
        vault.close()
    return crashed / live.name


def _frames(wal_file: Path) -> int:
    return (wal_file.stat().st_size - 32) // (24 + 4096)


def _references(vault: Vault) -> list[str]:
    with vault.unit_of_work() as session:
        return list(session.scalars(text("SELECT reference FROM cases ORDER BY reference")))


def test_an_undamaged_wal_after_a_crash_keeps_every_acknowledged_note(
    tmp_path: Path, fast_kdf: KdfParams
) -> None:
    crashed = _crash_copy(tmp_path, fast_kdf)
    finding = wal.inspect(crashed.with_name(crashed.name + "-wal"))
    assert finding is not None and not finding.damaged
    assert finding.saved_changes >= EDITS
    with Vault.open(crashed, PASSPHRASE) as vault:
        assert len(_references(vault)) == EDITS
        report = vault.check()
        assert report.healthy, report.problems
    assert not list(crashed.parent.glob("*.damaged-*"))


@pytest.mark.parametrize("where", ["header", "first frame", "middle frame", "last frame"])
def test_a_damaged_wal_is_kept_aside_and_reported_never_silently_dropped(
    tmp_path: Path, fast_kdf: KdfParams, where: str
) -> None:
    crashed = _crash_copy(tmp_path, fast_kdf)
    wal_file = crashed.with_name(crashed.name + "-wal")
    frames = _frames(wal_file)
    frame = {"header": None, "first frame": 0, "middle frame": frames // 2}.get(where, frames - 1)
    data = bytearray(wal_file.read_bytes())
    offset = 20 if frame is None else 32 + frame * (24 + 4096) + 24 + 100
    data[offset] ^= 0x40
    wal_file.write_bytes(bytes(data))
    vault_bytes = crashed.read_bytes()

    with pytest.raises(VaultDamaged) as refused:
        Vault.open(crashed, PASSPHRASE)
    message = str(refused.value)
    assert "Cases.tacvault-wal" in message and "Nothing in the vault has been changed" in message
    assert "vault salvage" in message
    # Nothing replayed or reset it: the WAL and the database are as they were, and a copy
    # of the damaged WAL is kept aside.
    assert wal_file.read_bytes() == bytes(data)
    assert crashed.read_bytes() == vault_bytes
    (kept,) = crashed.parent.glob("Cases.tacvault-wal.damaged-*")
    assert kept.read_bytes() == bytes(data)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600 or os.name != "posix"

    # `vault check` says plainly what could not be recovered: never "healthy".
    with Vault.open(crashed, PASSPHRASE, migrate_schema=False) as checking:
        report = checking.check()
    assert not report.healthy
    assert any("-wal" in problem and "kept as" in problem for problem in report.problems)
    if where == "last frame":
        assert any("last change written" in problem for problem in report.problems)
    else:
        assert any("cannot be recovered" in problem for problem in report.problems)

    # Recovering accepts the loss, records it in the log and opens again afterwards.
    with Vault.open(crashed, PASSPHRASE, on_damage="accept") as recovered:
        with recovered.unit_of_work() as session:
            people = session.scalar(text("SELECT count(*) FROM people"))
        assert people is not None and people < 2 * EDITS  # each case: a child and a mother
        assert "damage accepted" in [row[1] for row in audit_rows(recovered)]
        assert recovered.check().healthy
    Vault.open(crashed, PASSPHRASE).close()


def _audit_tampered(vault_path: Path, statements: list[str]) -> None:
    engine = _raw(vault_path)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _refused_and_reported(vault_path: Path, expected: str) -> None:
    with pytest.raises(VaultDamaged, match="cannot be opened as it is"):
        Vault.open(vault_path, PASSPHRASE)
    with Vault.open(vault_path, PASSPHRASE, migrate_schema=False) as checking:
        report = checking.check()
    assert not report.healthy
    assert any(expected in problem for problem in report.problems), report.problems


def test_a_deleted_audit_log_is_detected(closed_demo: Path) -> None:
    _audit_tampered(
        closed_demo, ["DELETE FROM audit_log", "DELETE FROM vault_settings WHERE key='audit_head'"]
    )
    _refused_and_reported(closed_demo, "had reached entry")
    with Vault.open(closed_demo, PASSPHRASE, migrate_schema=False) as checking:
        assert any("audit log is empty" in p for p in checking.check().problems)


def test_cut_entries_with_the_head_moved_back_are_detected(closed_demo: Path) -> None:
    engine = _raw(closed_demo)
    with engine.connect() as connection:
        (last,) = connection.exec_driver_sql("SELECT max(seq) FROM audit_log").one()
        (keep_hash,) = connection.exec_driver_sql(
            f"SELECT hash FROM audit_log WHERE seq = {last - 3}"
        ).one()
    engine.dispose()
    _audit_tampered(
        closed_demo,
        [
            f"DELETE FROM audit_log WHERE seq > {last - 3}",
            f"UPDATE vault_settings SET value = '{last - 3}:{keep_hash}' WHERE key='audit_head'",
        ],
    )
    # The chain alone cannot see it: what is left is a whole chain.
    engine = _raw(closed_demo)
    with engine.connect() as connection:
        assert audit.verify_chain(connection).intact
    engine.dispose()
    _refused_and_reported(closed_demo, f"had reached entry {last}")


def test_a_recomputed_chain_is_detected(closed_demo: Path) -> None:
    engine = _raw(closed_demo)
    with engine.begin() as connection:
        rows = connection.exec_driver_sql(
            "SELECT seq, at, actor, action, entity, entity_id, changes FROM audit_log ORDER BY seq"
        ).all()
        prev = audit.GENESIS
        for seq, at, actor, action, entity, entity_id, changes in rows:
            if seq == 5:
                changes = changes.replace("a", "e")  # history rewritten
            digest = audit.entry_hash(prev, seq, at, actor, action, entity, entity_id, changes)
            connection.exec_driver_sql(
                "UPDATE audit_log SET changes = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                (changes, prev, digest, seq),
            )
            prev = digest
        connection.exec_driver_sql(
            "UPDATE vault_settings SET value = ? WHERE key = 'audit_head'", (f"{seq}:{prev}",)
        )
    engine.dispose()
    _refused_and_reported(closed_demo, "has been rewritten")


def test_a_finalised_meetings_notes_changed_in_sql_are_detected(closed_demo: Path) -> None:
    engine = _raw(closed_demo)
    with engine.connect() as connection:
        finalised = connection.exec_driver_sql(
            "SELECT id FROM meetings WHERE status = 'finalised'"
        ).all()
        assert finalised
        (meeting_id,) = finalised[0]
    engine.dispose()
    with Vault.open(closed_demo, PASSPHRASE) as vault:
        assert vault.check().healthy
    _audit_tampered(
        closed_demo,
        [
            "UPDATE meeting_sections SET notes = notes || ' (and something never said)' "
            f"WHERE meeting_id = {meeting_id}"
        ],
    )
    with Vault.open(closed_demo, PASSPHRASE) as vault:
        report = vault.check()
    assert not report.healthy
    assert any(f"finalised meeting {meeting_id}" in p for p in report.problems), report.problems


def test_a_vault_copied_without_its_anchor_opens_and_says_so(closed_demo: Path) -> None:
    anchor.anchor_path(closed_demo).unlink()
    with Vault.open(closed_demo, PASSPHRASE, migrate_schema=False) as checking:
        report = checking.check()
    assert report.healthy
    assert any("is not beside the vault" in note for note in report.notes)
    with Vault.open(closed_demo, PASSPHRASE) as vault:
        assert "audit anchor missing" in [row[1] for row in audit_rows(vault)]
    assert anchor.anchor_path(closed_demo).is_file()
    with Vault.open(closed_demo, PASSPHRASE) as vault:
        report = vault.check()
    assert report.healthy
    assert any("was missing when the vault was opened 1 time" in n for n in report.notes)


# -- 4. a passphrase change replaces the data key ----------------------------------------


def test_an_old_key_file_no_longer_opens_the_vault_after_a_change(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    add_synthetic_case(vault, "SYN-2026-0001")
    old_key_file = key_file_path(vault_path).read_bytes()  # e.g. the copy in every backup
    backup = vault.backup(tmp_path / "Before.tacvault")
    old_data_key = vault.data_key
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    assert vault.data_key != old_data_key
    add_synthetic_case(vault, "SYN-2026-0002", notes="Written after the change.")
    assert vault.check().healthy
    vault.close()

    with Vault.open(vault_path, NEW_PASSPHRASE) as reopened:
        assert _references(reopened) == ["SYN-2026-0001", "SYN-2026-0002"]
        assert reopened.check().healthy
    # The old key file put back beside today's vault opens nothing.
    key_file_path(vault_path).write_bytes(old_key_file)
    with pytest.raises(VaultError):
        Vault.open(vault_path, PASSPHRASE)
    with pytest.raises(VaultError):
        Vault.open(vault_path, data_key=old_data_key)
    # The backup made before the change still opens with the passphrase of its day.
    with Vault.open(backup, PASSPHRASE, migrate_schema=False) as before:
        assert _references(before) == ["SYN-2026-0001"]


def test_a_change_cut_off_after_the_rekey_keeps_the_new_key_file(
    vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database was rekeyed; the power failed before the new key file replaced the
    old one. Opening with the new passphrase finds NAME.key.pending and keeps it."""
    add_synthetic_case(vault)
    real_replace = os.replace

    def power_cut(source: object, target: object) -> None:
        if str(source).endswith(".key.pending"):
            raise PowerCut
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr("tac_desktop.core.vault.vault.os.replace", power_cut)
    with pytest.raises(PowerCut):
        vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    monkeypatch.undo()
    vault._engine = None  # the process died here: nothing of it is used again
    vault._lock.release()  # type: ignore[union-attr]

    pending = vault_path.with_name(vault_path.name + ".key.pending")
    assert pending.is_file()
    with Vault.open(vault_path, NEW_PASSPHRASE) as reopened:
        assert _references(reopened) == ["SYN-2026-0001"]
    assert not pending.exists()


class PowerCut(BaseException):
    pass


# -- 5. a key file built to stall ----------------------------------------------------------


def _edit_key_file(vault_path: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    document = json.loads(key_file_path(vault_path).read_text("utf-8"))
    edit(document)
    key_file_path(vault_path).write_text(json.dumps(document), "utf-8")


def test_a_key_file_asking_for_4_gib_and_64_passes_is_refused_at_once(
    vault: Vault, vault_path: Path
) -> None:
    vault.close()

    def stall(document: dict[str, Any]) -> None:
        document["kdf"].update(time_cost=64, memory_cost_kib=4 * 1024 * 1024, parallelism=2)
        document["checksum"] = keyfile._checksum(document)  # a careful edit, not damage

    _edit_key_file(vault_path, stall)
    started = time.monotonic()
    with pytest.raises(NotAVault, match="has been changed or damaged") as refused:
        Vault.open(vault_path, PASSPHRASE)
    assert time.monotonic() - started < 10
    assert "test.tacvault.key" in str(refused.value)
    assert "passphrase" not in str(refused.value).replace("not your passphrase", "")


# -- 7. messages: bounded, and naming the right culprit -----------------------------------


@pytest.mark.parametrize("field", ["sealed key", "vault id", "salt"])
def test_an_edited_key_file_is_named_as_changed_not_a_wrong_passphrase(
    vault: Vault, vault_path: Path, field: str
) -> None:
    vault.close()

    def edit(document: dict[str, Any]) -> None:
        if field == "sealed key":
            sealed = bytearray(base64.b64decode(document["sealed_key"]["ciphertext"]))
            sealed[3] ^= 1
            document["sealed_key"]["ciphertext"] = base64.b64encode(bytes(sealed)).decode()
        elif field == "vault id":
            document["vault_id"] = "00000000-0000-4000-8000-000000000000"
        else:
            salt = bytearray(base64.b64decode(document["kdf"]["salt"]))
            salt[0] ^= 1
            document["kdf"]["salt"] = base64.b64encode(bytes(salt)).decode()

    _edit_key_file(vault_path, edit)
    before = sha256(vault_path)
    with pytest.raises(NotAVault, match=r"key file test\.tacvault\.key has been changed"):
        Vault.open(vault_path, PASSPHRASE)
    assert sha256(vault_path) == before


def test_another_vaults_key_file_says_it_belongs_to_another_vault(
    vault: Vault, vault_path: Path, tmp_path: Path, fast_kdf: KdfParams
) -> None:
    vault.close()
    other = tmp_path / "Other.tacvault"
    Vault.create(other, PASSPHRASE, CHAIR, fast_kdf).close()
    shutil.copy(key_file_path(other), key_file_path(vault_path))
    before = sha256(vault_path)
    with pytest.raises(NotAVault, match="belongs to another vault"):
        Vault.open(vault_path, PASSPHRASE)
    assert sha256(vault_path) == before


def test_a_one_byte_file_with_a_key_beside_it_is_never_rewritten(
    vault: Vault, vault_path: Path
) -> None:
    vault.close()
    vault_path.write_bytes(b"x")
    with pytest.raises(VaultDamaged, match="damaged"):
        Vault.open(vault_path, PASSPHRASE)
    with pytest.raises(VaultDamaged):
        Vault.open(vault_path, PASSPHRASE, migrate_schema=False)
    assert vault_path.read_bytes() == b"x"
    assert sorted(p.name for p in vault_path.parent.iterdir()) == sorted(
        [vault_path.name, key_file_path(vault_path).name, vault_path.name + ".anchor"]
    )


def test_a_malformed_case_file_gets_a_message_of_bounded_size(tmp_path: Path) -> None:
    from tac_desktop.core.transfer.reading import read_case_file

    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps({"format": "Z" * 730_000}), "utf-8")
    with pytest.raises(TacError) as refused:
        read_case_file(case_file)
    message = str(refused.value)
    assert len(message) <= MAX_MESSAGE
    assert message.startswith("case.json is not a TAC Desktop case file")
    assert message.endswith("Nothing was imported.")


# -- 6. backups on read-only media ---------------------------------------------------------


@pytest.fixture
def read_only_backup(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A backup in a folder that cannot be written, like a write-protected stick. The
    folder is made 0555; root ignores that, so the refusal a read-only file system gives
    (EROFS) is also simulated for new files there."""
    import errno

    add_synthetic_case(vault)
    media = tmp_path / "media"
    media.mkdir()
    backup = vault.backup(media / "Stick.tacvault")
    vault.close()
    real_acquire = private.PrivateLock.acquire

    def read_only_acquire(lock: private.PrivateLock) -> None:
        if lock.path.parent == media:
            raise OSError(errno.EROFS, "Read-only file system", str(lock.path))
        real_acquire(lock)

    monkeypatch.setattr(private.PrivateLock, "acquire", read_only_acquire)
    os.chmod(media, 0o555)
    try:
        yield backup
    finally:
        os.chmod(media, 0o755)


def test_a_read_only_backup_is_checked_from_a_private_copy(read_only_backup: Path) -> None:
    before = {p.name: sha256(p) for p in read_only_backup.parent.iterdir()}
    with Vault.open(read_only_backup, PASSPHRASE, migrate_schema=False) as checking:
        copy_folder = checking.path.parent
        assert copy_folder != read_only_backup.parent
        assert _mode(copy_folder) == 0o700 or os.name != "posix"
        report = checking.check()
    assert report.healthy, report.problems
    assert any("private temporary copy" in note for note in report.notes)
    assert not copy_folder.exists()
    assert {p.name: sha256(p) for p in read_only_backup.parent.iterdir()} == before


def test_a_read_only_backup_can_be_restored(read_only_backup: Path, tmp_path: Path) -> None:
    target = Vault.restore(read_only_backup, tmp_path / "Restored.tacvault", PASSPHRASE)
    with Vault.open(target, PASSPHRASE) as restored:
        assert _references(restored) == ["SYN-2026-0001"]
        assert restored.check().healthy


def test_working_in_a_read_only_backup_says_how_to_check_or_copy_it(
    read_only_backup: Path,
) -> None:
    with pytest.raises(FolderNotWritable, match="can still be checked and restored"):
        Vault.open(read_only_backup, PASSPHRASE)


# -- 8. key material in memory ---------------------------------------------------------------


def test_the_data_key_is_wiped_on_lock(vault: Vault) -> None:
    held = vault._data_key
    assert held is not None and any(held)
    vault.close()
    assert held == bytearray(len(held))  # the very buffer, now zeros


def test_sqlcipher_wipes_the_memory_it_frees(vault: Vault) -> None:
    with vault.engine.connect() as connection:
        (setting,) = connection.exec_driver_sql("PRAGMA cipher_memory_security").one()
    assert str(setting) == "1"


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_CORE and prctl are Linux's")
def test_no_core_dumps_and_no_ptrace_once_a_vault_is_open(vault: Vault) -> None:
    import ctypes
    import resource

    assert resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)
    pr_get_dumpable = 3
    assert ctypes.CDLL(None).prctl(pr_get_dumpable, 0, 0, 0, 0) == 0


def test_a_commit_cut_off_mid_write_opens_and_is_noted_not_refused(
    tmp_path: Path, fast_kdf: KdfParams
) -> None:
    """A crash between a frame's header and its page leaves a last commit frame that fails
    its checksum. Every acknowledged change moved the anchor, so when the anchor is
    satisfied the cut-off change was never confirmed: the vault opens, with a note."""
    import struct

    crashed = _crash_copy(tmp_path, fast_kdf)
    wal_file = crashed.with_name(crashed.name + "-wal")
    data = wal_file.read_bytes()
    salt1, salt2 = struct.unpack_from(">2I", data, 16)
    torn = struct.pack(">6I", 2, 99, salt1, salt2, 0, 0) + os.urandom(4096)
    wal_file.write_bytes(data + torn)

    with Vault.open(crashed, PASSPHRASE) as vault:
        assert len(_references(vault)) == EDITS
        report = vault.check()
    assert report.healthy, report.problems
    assert any("never confirmed" in note for note in report.notes)


def test_windows_files_and_folders_get_a_private_acl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows the modes mean nothing: each file and folder the vault makes is given an
    ACL for its user and SYSTEM alone (icacls, inheritance cut). Here icacls is recorded,
    not run, since the tests run on Linux."""
    from tac_desktop.core.vault import private

    calls: list[list[str]] = []

    def record(command: list[str], **_options: object) -> subprocess.CompletedProcess[bytes]:
        calls.append(command)
        return subprocess.CompletedProcess(command, 0, b"", b"")

    monkeypatch.setattr(private, "_WINDOWS", True)
    monkeypatch.setattr(private, "_POSIX", False)
    monkeypatch.setattr(private.subprocess, "run", record)
    monkeypatch.setenv("USERNAME", "chair")
    monkeypatch.setenv("USERDOMAIN", "COUNCIL")
    os.close(private.create_new(tmp_path / "cases.tacvault"))
    private.make_folder(tmp_path / "backups")
    assert calls == [
        [
            "icacls",
            str(tmp_path / "cases.tacvault"),
            "/inheritance:r",
            "/grant:r",
            "COUNCIL\\chair:F",
            "/grant:r",
            "*S-1-5-18:F",
            "/q",
        ],
        [
            "icacls",
            str(tmp_path / "backups"),
            "/inheritance:r",
            "/grant:r",
            "COUNCIL\\chair:(OI)(CI)F",
            "/grant:r",
            "*S-1-5-18:(OI)(CI)F",
            "/q",
        ],
    ]
    # A link planted at one of our names is never given to icacls to follow.
    calls.clear()
    (tmp_path / "elsewhere").write_text("not ours")
    (tmp_path / "planted").symlink_to(tmp_path / "elsewhere")
    private.tighten(tmp_path / "planted")
    assert calls == []
