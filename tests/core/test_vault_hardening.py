"""The vault against someone else on the same computer, a damaged disk and a key file
built to stall (issue 18). Real SQLCipher files in tmp_path; nothing is mocked.

Every person named here is invented.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tac_desktop.core.errors import FolderNotWritable
from tac_desktop.core.vault import KdfParams, Vault, private
from tac_desktop.core.vault.keyfile import key_file_path
from tac_desktop.core.vault.vault import backups_dir, lock_file_path
from tests.conftest import CHAIR, PASSPHRASE
from tests.core.helpers import add_synthetic_case, sha256

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
