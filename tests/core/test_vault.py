"""The vault itself: create, open, lock, passphrase change, backup, restore, health.

Real SQLCipher files in tmp_path throughout; nothing about the database is mocked.
Every person named here is invented.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from datetime import datetime, tzinfo
from pathlib import Path

import pytest
from sqlalchemy import text

from tac_desktop.core.demo import create_demo_vault
from tac_desktop.core.errors import (
    DestinationExists,
    FolderNotWritable,
    NotAVault,
    TacError,
    VaultDamaged,
    VaultError,
    VaultInUse,
    VaultMissing,
    WrongPassphrase,
)
from tac_desktop.core.services.cases import (
    CaseDraft,
    PersonDraft,
    add_person,
    create_case,
)
from tac_desktop.core.text import fold_for_search
from tac_desktop.core.vault import ChairDetails, KdfParams, Vault, audit, migrate
from tac_desktop.core.vault import vault as vault_module
from tac_desktop.core.vault.keyfile import KeyFile, key_file_path
from tac_desktop.core.vault.migrate import SCHEMA_HEAD
from tests.conftest import CHAIR, PASSPHRASE
from tests.core.helpers import (
    add_synthetic_case,
    audit_rows,
    dump_records,
    folder_digests,
    sha256,
)

NEW_PASSPHRASE = "another long synthetic passphrase"
PAGE = 4096


class PowerCut(BaseException):
    """Stands for the process dying at that instant: nothing after it runs."""


def _key_json(vault_path: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(key_file_path(vault_path).read_text("utf-8"))
    return loaded


def _reference_list(vault: Vault) -> list[tuple[str, str]]:
    """(reference, subject's name) of every case, by SQL.

    Not through services.cases.list_cases: it calls Result.tuples(), deprecated in
    SQLAlchemy 2.1, which this project's warning filters turn into an error.
    """
    with vault.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT cases.reference, people.name FROM cases "
                "JOIN people ON people.id = cases.subject_id ORDER BY cases.reference"
            )
        )
        return [(str(reference), str(name)) for reference, name in rows]


# -- create, close, reopen --------------------------------------------------------------


def test_create_close_reopen_keeps_the_records(vault_path: Path, fast_kdf: KdfParams) -> None:
    vault = Vault.create(vault_path, PASSPHRASE, CHAIR, fast_kdf)
    add_synthetic_case(vault)
    before = dump_records(vault)
    vault.close()

    assert not vault.is_open
    assert vault_path.is_file()
    assert key_file_path(vault_path).is_file()
    # Closing checkpoints the WAL and removes the lock: the vault is back to its two files
    # (and the anchor of its audit log).
    leftovers = {p.name for p in vault_path.parent.iterdir()} - {
        vault_path.name,
        key_file_path(vault_path).name,
        vault_path.name + ".anchor",
    }
    assert leftovers == set()

    with Vault.open(vault_path, PASSPHRASE) as reopened:
        assert dump_records(reopened) == before
        assert _reference_list(reopened) == [("SYN-2026-0001", "Tamsin Okonkwo-Bryce")]
        report = reopened.check()
        assert report.healthy, report.problems
        assert report.schema_revision == SCHEMA_HEAD


def test_a_locked_vault_refuses_work_with_a_plain_message(vault: Vault) -> None:
    vault.close()
    vault.close()  # closing twice is harmless
    for use in (lambda: vault.engine, lambda: vault.data_key, vault.check):
        with pytest.raises(VaultError, match="locked"):
            use()
    with pytest.raises(VaultError, match="locked"), vault.unit_of_work():
        pass


@pytest.mark.parametrize(("made_with", "opened_with"), [("NFC", "NFD"), ("NFD", "NFC")])
def test_the_same_accented_passphrase_opens_however_the_accents_are_composed(
    vault_path: Path, fast_kdf: KdfParams, made_with: str, opened_with: str
) -> None:
    """'é' typed on one computer may arrive as 'e' + a combining accent on another."""
    typed = "Zoë's café crème brûlée"
    Vault.create(vault_path, unicodedata.normalize(made_with, typed), CHAIR, fast_kdf).close()
    with Vault.open(vault_path, unicodedata.normalize(opened_with, typed)) as opened:
        assert opened.is_open


def test_a_vault_sealed_with_an_uncomposed_passphrase_still_opens(
    vault_path: Path, fast_kdf: KdfParams, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Vaults made before passphrases were normalised keep opening with either form."""
    typed = unicodedata.normalize("NFD", "Łukasz's café")
    with monkeypatch.context() as patch:
        patch.setattr("tac_desktop.core.vault.keyfile.unicodedata.normalize", lambda _f, t: t)
        Vault.create(vault_path, typed, CHAIR, fast_kdf).close()
    for form in ("NFD", "NFC"):
        with Vault.open(vault_path, unicodedata.normalize(form, typed)) as opened:
            assert opened.is_open
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, "Lukasz's cafe")


def test_wrong_passphrase_changes_nothing(vault: Vault, vault_path: Path) -> None:
    add_synthetic_case(vault)
    vault.close()
    before = folder_digests(vault_path.parent, ignore=())

    with pytest.raises(WrongPassphrase) as caught:
        Vault.open(vault_path, "not the right passphrase")

    assert "passphrase" in str(caught.value)
    assert "Tag" not in str(caught.value)
    # Byte for byte the same, and no new file (not even a lock): nothing was touched.
    assert folder_digests(vault_path.parent, ignore=()) == before


def test_open_needs_a_passphrase_or_a_key(vault: Vault, vault_path: Path) -> None:
    vault.close()
    with pytest.raises(WrongPassphrase, match="passphrase"):
        Vault.open(vault_path)


@pytest.mark.slow  # the real KDF, twice
def test_default_kdf_is_argon2id_and_is_stored_in_the_key_file(tmp_path: Path) -> None:
    path = tmp_path / "default-kdf.tacvault"
    Vault.create(path, PASSPHRASE, CHAIR).close()  # real KDF: ~0.4 s

    document = _key_json(path)
    defaults = KdfParams()
    assert document["format"] == "tac-vault-key"
    kdf = document["kdf"]
    assert isinstance(kdf, dict)
    assert kdf["name"] == "argon2id"
    assert (kdf["time_cost"], kdf["memory_cost_kib"], kdf["parallelism"]) == (
        defaults.time_cost,
        defaults.memory_cost_kib,
        defaults.parallelism,
    )
    assert defaults.memory_cost_kib >= 64 * 1024  # not the test settings by mistake
    assert len(base64.b64decode(kdf["salt"])) == 16
    sealed = document["sealed_key"]
    assert isinstance(sealed, dict)
    assert sealed["cipher"] == "AES-256-GCM"
    assert len(base64.b64decode(sealed["nonce"])) == 12
    assert len(base64.b64decode(sealed["ciphertext"])) == 32 + 16  # key + GCM tag
    assert KeyFile.read(path).kdf == defaults

    with Vault.open(path, PASSPHRASE) as reopened:
        key = reopened.data_key
    text = key_file_path(path).read_text("utf-8")
    assert key.hex() not in text
    assert base64.b64encode(key).decode() not in text


def test_editing_the_kdf_settings_in_the_key_file_stops_unlocking(
    vault: Vault, vault_path: Path
) -> None:
    vault.close()
    document = _key_json(vault_path)
    kdf = document["kdf"]
    assert isinstance(kdf, dict)
    kdf["time_cost"] = 1
    kdf["memory_cost_kib"] = 8  # a "weakened" header
    key_file_path(vault_path).write_text(json.dumps(document), "utf-8")
    with pytest.raises(NotAVault, match="has been changed or damaged"):
        Vault.open(vault_path, PASSPHRASE)
    del document["checksum"]  # an edit that also removes the checksum: still refused
    key_file_path(vault_path).write_text(json.dumps(document), "utf-8")
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, PASSPHRASE)


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b'{"format": "something else"}', os.urandom(200), b"\xff" * 70_000],
    ids=["empty", "broken-json", "other-format", "random", "huge"],
)
def test_a_damaged_key_file_is_not_a_vault(vault: Vault, vault_path: Path, content: bytes) -> None:
    vault.close()
    key_file_path(vault_path).write_bytes(content)
    before = sha256(vault_path)
    with pytest.raises(NotAVault, match="key file"):
        Vault.open(vault_path, PASSPHRASE)
    assert sha256(vault_path) == before


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("kdf.salt", 123),
        ("kdf.salt", ""),
        ("sealed_key.nonce", ""),
        ("sealed_key.nonce", "AAAA"),
        ("sealed_key.ciphertext", ""),
        ("kdf.time_cost", 0),
        ("kdf.time_cost", 2**40),
        ("kdf.time_cost", "3"),
        ("kdf.parallelism", 0),
        ("kdf.memory_cost_kib", -5),
        ("kdf.memory_cost_kib", 2**40),
        ("kdf.memory_cost_kib", 1e400),
    ],
)
def test_a_key_file_with_impossible_settings_is_damaged_not_a_crash(
    vault: Vault, vault_path: Path, where: str, value: object
) -> None:
    """Hostile or mangled values are refused before argon2 or AES-GCM sees them."""
    vault.close()
    document = _key_json(vault_path)
    section, name = where.split(".")
    part = document[section]
    assert isinstance(part, dict)
    part[name] = value
    key_file_path(vault_path).write_text(json.dumps(document), "utf-8")
    before = sha256(vault_path)
    with pytest.raises(NotAVault, match="damaged"):
        Vault.open(vault_path, PASSPHRASE)
    assert sha256(vault_path) == before


def test_wrong_things_to_open_get_plain_errors(vault: Vault, vault_path: Path) -> None:
    vault.close()
    with pytest.raises(NotAVault, match="key file"):
        Vault.open(key_file_path(vault_path), PASSPHRASE)
    with pytest.raises(NotAVault, match="folder"):
        Vault.open(vault_path.parent, PASSPHRASE)
    with pytest.raises(VaultMissing, match="no vault called"):
        Vault.open(vault_path.with_name("other.tacvault"), PASSPHRASE)
    with pytest.raises(VaultMissing, match="does not exist"):
        Vault.open(vault_path.parent / "missing" / "x.tacvault", PASSPHRASE)
    lonely = vault_path.with_name("lonely.tacvault")
    shutil.copy(vault_path, lonely)
    with pytest.raises(NotAVault, match="not beside it"):
        Vault.open(lonely, PASSPHRASE)


def test_create_never_overwrites_and_checks_its_input(
    vault: Vault, vault_path: Path, fast_kdf: KdfParams, tmp_path: Path
) -> None:
    vault.close()
    before = folder_digests(tmp_path)
    with pytest.raises(DestinationExists):
        Vault.create(vault_path, PASSPHRASE, CHAIR, fast_kdf)
    key_only = tmp_path / "key-only.tacvault"
    key_file_path(key_only).write_text("{}", "utf-8")
    with pytest.raises(DestinationExists):
        Vault.create(key_only, PASSPHRASE, CHAIR, fast_kdf)
    key_file_path(key_only).unlink()
    assert folder_digests(tmp_path) == before

    with pytest.raises(WrongPassphrase, match="empty"):
        Vault.create(tmp_path / "a.tacvault", "", CHAIR, fast_kdf)
    with pytest.raises(VaultError, match="chair"):
        Vault.create(tmp_path / "b.tacvault", PASSPHRASE, ChairDetails("   "), fast_kdf)
    with pytest.raises(FolderNotWritable, match="does not exist"):
        Vault.create(tmp_path / "nowhere" / "c.tacvault", PASSPHRASE, CHAIR, fast_kdf)
    assert folder_digests(tmp_path) == before


def _chair_row(vault: Vault) -> tuple[str, str, str]:
    with vault.engine.connect() as connection:
        name, role, agency = connection.execute(text("SELECT name, role, agency FROM chair")).one()
    return str(name), str(role), str(agency)


def test_the_chair_details_are_cleaned_and_bounded_like_any_name(
    tmp_path: Path, fast_kdf: KdfParams
) -> None:
    """They are written into every case file, whose import allows 200 characters."""
    with pytest.raises(VaultError, match="at most 200"):
        Vault.create(tmp_path / "a.tacvault", PASSPHRASE, ChairDetails("Ŵ" * 10_000), fast_kdf)
    with pytest.raises(VaultError, match="role is too long"):
        Vault.create(tmp_path / "b.tacvault", PASSPHRASE, ChairDetails("Ada", "r" * 201), fast_kdf)
    assert list(tmp_path.iterdir()) == []
    chair = ChairDetails("Ada\x1b[31m Quill\x07\x00", "Chair\nof TAC", "\tHub ")
    with Vault.create(tmp_path / "c.tacvault", PASSPHRASE, chair, fast_kdf) as made:
        row = _chair_row(made)
    assert row == ("Ada[31m Quill", "Chairof TAC", "Hub")


def test_a_create_that_fails_half_way_leaves_no_files(
    tmp_path: Path, fast_kdf: KdfParams, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_upgrade(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("simulated failure while writing the layout")

    monkeypatch.setattr(migrate, "upgrade", broken_upgrade)
    path = tmp_path / "half.tacvault"
    with pytest.raises(RuntimeError, match="simulated"):
        Vault.create(path, PASSPHRASE, CHAIR, fast_kdf)
    assert folder_digests(tmp_path) == {}
    monkeypatch.undo()
    Vault.create(path, PASSPHRASE, CHAIR, fast_kdf).close()  # the name is free again


# -- one process per vault --------------------------------------------------------------


def test_a_second_open_in_the_same_process_is_refused(vault: Vault, vault_path: Path) -> None:
    with pytest.raises(VaultInUse, match="already open"):
        Vault.open(vault_path, PASSPHRASE)
    with pytest.raises(VaultInUse, match="already open"):
        Vault.open(vault_path, data_key=vault.data_key)
    assert vault.is_open
    add_synthetic_case(vault)  # the first one still works
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as again:
        assert len(_reference_list(again)) == 1


# -- changing the passphrase ------------------------------------------------------------


@pytest.fixture
def closed_demo(vault_path: Path, fast_kdf: KdfParams) -> Path:
    """A closed vault holding the demo families (so it has a few dozen pages)."""
    create_demo_vault(vault_path, PASSPHRASE, fast_kdf).close()
    return vault_path


def _pages(path: Path) -> list[bytes]:
    data = path.read_bytes()
    return [data[i : i + PAGE] for i in range(0, len(data), PAGE)]


def test_change_passphrase_old_fails_new_works_records_untouched(closed_demo: Path) -> None:
    with Vault.open(closed_demo, PASSPHRASE) as before_vault:
        records = dump_records(before_vault)
        entries = audit_rows(before_vault)
    pages_before = _pages(closed_demo)
    key_before = KeyFile.read(closed_demo)

    with Vault.open(closed_demo, PASSPHRASE) as opened:
        opened.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, rotate_key=False)
        assert opened.is_open  # still usable after the change
        assert len(_reference_list(opened)) == 4

    with pytest.raises(WrongPassphrase):
        Vault.open(closed_demo, PASSPHRASE)
    with Vault.open(closed_demo, NEW_PASSPHRASE) as after:
        assert dump_records(after) == records
        after_entries = audit_rows(after)
        assert after_entries[:-1] == entries
        assert after_entries[-1][1] == "passphrase changed"
        assert after.check().healthy

    # The same data key, re-sealed: same vault id and key check, new salt and nonce.
    key_after = KeyFile.read(closed_demo)
    assert key_after.vault_id == key_before.vault_id
    assert key_after.key_check == key_before.key_check
    assert key_after.kdf == key_before.kdf
    assert key_after.salt != key_before.salt
    assert key_after.sealed_key != key_before.sealed_key

    # What this shows about the database file: the change appends one audit entry, so
    # the file is not byte-identical, but only the few pages that entry touches differ.
    # A re-encryption (PRAGMA rekey) would give every page a new IV and change them all.
    pages_after = _pages(closed_demo)
    changed = [
        i for i, page in enumerate(pages_after) if i >= len(pages_before) or page != pages_before[i]
    ]
    assert len(pages_before) >= 20
    assert 1 <= len(changed) <= 4, changed


def test_change_passphrase_needs_the_right_old_one(vault: Vault, vault_path: Path) -> None:
    key_before = sha256(key_file_path(vault_path))
    with pytest.raises(WrongPassphrase):
        vault.change_passphrase("not the old passphrase", NEW_PASSPHRASE)
    with pytest.raises(WrongPassphrase, match="empty"):
        vault.change_passphrase(PASSPHRASE, "")
    assert sha256(key_file_path(vault_path)) == key_before
    assert [row[1] for row in audit_rows(vault)].count("passphrase changed") == 0


def test_crash_before_the_new_key_file_is_moved_into_place(
    vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new header is written and fsynced beside the key file; the power fails before
    os.replace. The old passphrase must still open the vault; the new one must not."""
    add_synthetic_case(vault)
    key_before = sha256(key_file_path(vault_path))

    def power_cut(*_args: object, **_kwargs: object) -> None:
        raise PowerCut

    monkeypatch.setattr("tac_desktop.core.vault.keyfile.os.replace", power_cut)
    with pytest.raises(PowerCut):
        vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, rotate_key=False)
    monkeypatch.undo()
    vault.close()

    (stray,) = vault_path.parent.glob(f".{key_file_path(vault_path).name}.tac-*.part")
    assert stray.is_file()  # the crash left the complete new header beside the old
    assert sha256(key_file_path(vault_path)) == key_before
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, NEW_PASSPHRASE)
    # The crashed process has ended: its temporary file now carries a process id that
    # is no longer running.
    ended = stray.with_name(stray.name.replace(f"-{os.getpid()}-", f"-{_ended_pid()}-"))
    stray.rename(ended)
    stray = ended
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        assert len(_reference_list(reopened)) == 1
        assert "passphrase changed" not in [row[1] for row in audit_rows(reopened)]
        # Trying again later works and clears the stray file.
        reopened.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, rotate_key=False)
    assert not stray.exists()
    Vault.open(vault_path, NEW_PASSPHRASE).close()


def _ended_pid() -> int:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def test_a_half_written_new_key_file_is_ignored(vault: Vault, vault_path: Path) -> None:
    vault.close()
    stray = key_file_path(vault_path).with_name(key_file_path(vault_path).name + ".new")
    whole = KeyFile.seal(os.urandom(32), NEW_PASSPHRASE, KdfParams.fast_for_tests()).to_json()
    stray.write_text(whole[: len(whole) // 2], "utf-8")  # torn write
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, NEW_PASSPHRASE)
    Vault.open(vault_path, PASSPHRASE).close()


def test_crash_after_the_key_file_is_replaced_leaves_the_database_bytes_alone(
    vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.replace of the header is the commit point. If the program dies right after it
    (before the 'passphrase changed' audit entry), the new passphrase opens the vault
    and the database file is byte-identical: the change itself never writes to it."""
    add_synthetic_case(vault)
    vault.close()
    db_before = sha256(vault_path)

    with Vault.open(vault_path, PASSPHRASE) as opened:

        def power_cut(*_args: object, **_kwargs: object) -> None:
            raise PowerCut

        monkeypatch.setattr(audit, "record_event", power_cut)
        with pytest.raises(PowerCut):
            opened.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, rotate_key=False)
        monkeypatch.undo()

    assert sha256(vault_path) == db_before
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, PASSPHRASE)
    with Vault.open(vault_path, NEW_PASSPHRASE) as reopened:
        assert reopened.check().healthy
        assert len(_reference_list(reopened)) == 1


# -- backup and restore -----------------------------------------------------------------


def test_backup_while_open_then_restore_round_trip(vault: Vault, tmp_path: Path) -> None:
    add_synthetic_case(vault)
    at_backup = dump_records(vault)
    destination = tmp_path / "copies" / "monday.tacvault"
    destination.parent.mkdir()

    written = vault.backup(destination)

    assert written == destination
    # One self-contained file plus its key, no WAL and no partial files left behind.
    assert sorted(p.name for p in destination.parent.iterdir()) == [
        "monday.tacvault",
        "monday.tacvault.anchor",
        "monday.tacvault.key",
    ]
    assert vault.is_open
    assert audit_rows(vault)[-1][1] == "backup made"
    add_synthetic_case(vault, "SYN-2026-0002", "Benedikt Farrow-Lindqvist")  # after backup

    restored = Vault.restore(destination, tmp_path / "restored.tacvault", PASSPHRASE)
    with Vault.open(restored, PASSPHRASE) as opened:
        assert dump_records(opened) == at_backup
        assert opened.check().healthy
        assert opened.vault_id == vault.vault_id


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes")
def test_backup_to_a_file_name_that_is_not_utf8(vault: Vault, tmp_path: Path) -> None:
    """The audit entry names the backup file; invalid UTF-8 used to stop the backup with
    an unexpected UnicodeEncodeError after the files were written."""
    destination = tmp_path / os.fsdecode(b"backup \xff\xfe.tacvault")
    assert vault.backup(destination) == destination
    assert vault.check().healthy
    with vault.engine.connect() as connection:
        changes = connection.execute(
            text("SELECT changes FROM audit_log ORDER BY seq DESC LIMIT 1")
        ).scalar_one()
    assert json.loads(changes) == {"file": "backup ??.tacvault"}


def test_backup_never_overwrites(vault: Vault, tmp_path: Path) -> None:
    existing = tmp_path / "existing.tacvault"
    existing.write_bytes(b"someone's file")
    with pytest.raises(DestinationExists, match="never overwrites"):
        vault.backup(existing)
    assert existing.read_bytes() == b"someone's file"

    key_only = tmp_path / "key-only.tacvault"
    key_file_path(key_only).write_bytes(b"someone's key")
    with pytest.raises(DestinationExists):
        vault.backup(key_only)
    assert key_file_path(key_only).read_bytes() == b"someone's key"
    assert not key_only.exists()


def test_backup_into_a_folder_that_cannot_take_it(vault: Vault, tmp_path: Path) -> None:
    before = folder_digests(tmp_path)
    with pytest.raises(FolderNotWritable, match="does not exist"):
        vault.backup(tmp_path / "no such folder" / "b.tacvault")
    a_file = tmp_path / "a-file"
    a_file.write_bytes(b"x")
    with pytest.raises(FolderNotWritable):
        vault.backup(a_file / "b.tacvault")
    a_file.unlink()
    assert folder_digests(tmp_path) == before


@pytest.mark.skipif(
    not Path("/proc/self").is_dir(),
    reason="needs Linux /proc: a folder that takes no new file, even from root",
)
def test_a_folder_that_takes_no_file_is_a_folder_problem_not_damage_or_in_use(
    vault: Vault, vault_path: Path, fast_kdf: KdfParams
) -> None:
    with pytest.raises(FolderNotWritable, match="/proc"):
        vault.backup("/proc/b.tacvault")
    with pytest.raises(FolderNotWritable, match="/proc"):
        Vault.create("/proc/c.tacvault", PASSPHRASE, CHAIR, fast_kdf)
    vault.close()
    before = sha256(vault_path)
    with pytest.raises(FolderNotWritable, match="/proc"):
        Vault.restore(vault_path, "/proc/d.tacvault", PASSPHRASE)
    assert sha256(vault_path) == before


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root may write in a 0o555 folder, so the permission check means nothing",
)
def test_backup_into_a_read_only_folder(vault: Vault, tmp_path: Path) -> None:
    locked = tmp_path / "read-only"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(FolderNotWritable, match="cannot write"):
            vault.backup(locked / "b.tacvault")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


@pytest.fixture
def backup_file(vault: Vault, tmp_path: Path) -> Path:
    add_synthetic_case(vault, "SYN-2026-0100", "Ottoline Marchbanks")
    return vault.backup(tmp_path / "backup.tacvault")


def _other_vault(tmp_path: Path, fast_kdf: KdfParams) -> Path:
    target = tmp_path / "current.tacvault"
    with Vault.create(target, PASSPHRASE, CHAIR, fast_kdf) as other:
        add_synthetic_case(other, "SYN-2026-0200", "Peregrine Ashdown")
    return target


def test_restore_over_an_existing_vault_needs_replace(
    backup_file: Path, tmp_path: Path, fast_kdf: KdfParams
) -> None:
    target = _other_vault(tmp_path, fast_kdf)
    before = folder_digests(tmp_path)
    backup_pages = _pages(backup_file)
    with pytest.raises(DestinationExists, match="replace"):
        Vault.restore(backup_file, target, PASSPHRASE)
    after = folder_digests(tmp_path)
    # The existing vault, and every key file, are byte-identical.
    assert {k: v for k, v in after.items() if k != backup_file.name} == {
        k: v for k, v in before.items() if k != backup_file.name
    }
    # Opening the backup to check it switches it from journal_mode DELETE to WAL, which
    # rewrites its first page (a known side effect); every other page is untouched.
    assert _pages(backup_file)[1:] == backup_pages[1:]


def test_restore_with_replace_keeps_the_old_vault_aside(
    backup_file: Path, tmp_path: Path, fast_kdf: KdfParams
) -> None:
    target = _other_vault(tmp_path, fast_kdf)
    old_db, old_key = sha256(target), sha256(key_file_path(target))

    Vault.restore(backup_file, target, PASSPHRASE, replace=True)

    asides = sorted(tmp_path.glob("current.tacvault.replaced-*"))
    assert [p.suffix for p in asides] == [asides[0].suffix, ".anchor", ".key"]
    assert sha256(asides[0]) == old_db
    assert sha256(asides[2]) == old_key
    with Vault.open(target, PASSPHRASE) as restored:
        assert _reference_list(restored) == [("SYN-2026-0100", "Ottoline Marchbanks")]
    with Vault.open(asides[0], PASSPHRASE) as kept:
        assert _reference_list(kept) == [("SYN-2026-0200", "Peregrine Ashdown")]


class _FrozenClock(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _FrozenClock:
        return cls(2026, 3, 4, 5, 6, 7, tzinfo=tz)


def test_two_replacing_restores_in_the_same_second_keep_both_old_vaults(
    backup_file: Path, tmp_path: Path, fast_kdf: KdfParams, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'An existing target is kept aside, never deleted' must hold even when the
    time stamp in the aside name is the same twice."""
    target = _other_vault(tmp_path, fast_kdf)
    original = sha256(target)
    monkeypatch.setattr(vault_module, "datetime", _FrozenClock)

    Vault.restore(backup_file, target, PASSPHRASE, replace=True)
    first_restore = sha256(target)
    Vault.restore(backup_file, target, PASSPHRASE, replace=True)

    kept = {
        sha256(p)
        for p in tmp_path.glob("current.tacvault.replaced-*")
        if not p.name.endswith(".key")
    }
    assert original in kept, "the original vault was overwritten by the second restore"
    assert first_restore in kept


def test_restore_never_moves_a_folder_or_a_live_key_file_aside(
    backup_file: Path, tmp_path: Path, fast_kdf: KdfParams
) -> None:
    """'Kept aside' must not mean moving someone's Documents folder, or the key file
    of the vault next to the target, out of the way."""
    target = _other_vault(tmp_path, fast_kdf)
    folder = tmp_path / "Documents"
    (folder / "inside").mkdir(parents=True)
    before = folder_digests(tmp_path)
    with pytest.raises(DestinationExists, match="folder"):
        Vault.restore(backup_file, folder, PASSPHRASE, replace=True)
    with pytest.raises(DestinationExists, match="key file"):
        Vault.restore(backup_file, key_file_path(target), PASSPHRASE, replace=True)
    with pytest.raises(DestinationExists, match="backup itself"):
        Vault.restore(backup_file, backup_file, PASSPHRASE, replace=True)
    if hasattr(os, "mkfifo"):  # stands for /dev/null, which root could move aside
        pipe = tmp_path / "pipe"
        os.mkfifo(pipe)
        with pytest.raises(DestinationExists, match="not an ordinary file"):
            Vault.restore(backup_file, pipe, PASSPHRASE, replace=True)
        assert pipe.exists() and not pipe.is_file()
    assert folder_digests(tmp_path) == before
    assert (folder / "inside").is_dir()
    assert list(tmp_path.glob("*.replaced-*")) == []


def test_restore_onto_an_open_vault_is_refused(
    backup_file: Path, tmp_path: Path, fast_kdf: KdfParams
) -> None:
    target = _other_vault(tmp_path, fast_kdf)
    with Vault.open(target, PASSPHRASE) as busy:
        before = sha256(target)
        with pytest.raises(VaultInUse):
            Vault.restore(backup_file, target, PASSPHRASE, replace=True)
        assert sha256(target) == before
        assert list(tmp_path.glob("current.tacvault.replaced-*")) == []
        assert busy.check().healthy


def test_restore_with_the_wrong_passphrase_or_missing_backup(
    backup_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "new.tacvault"
    with pytest.raises(WrongPassphrase):
        Vault.restore(backup_file, target, "wrong passphrase")
    with pytest.raises(VaultMissing):
        Vault.restore(tmp_path / "missing.tacvault", target, PASSPHRASE)
    assert not target.exists()
    assert not key_file_path(target).exists()


# -- damage -----------------------------------------------------------------------------


def test_a_damaged_page_anywhere_gives_a_plain_error_and_changes_nothing(
    closed_demo: Path, tmp_path: Path
) -> None:
    """Flip one byte in each page in turn: opening, checking and backing up must each
    end in a TacError (or a report with problems), never a raw database exception
    and never a 'healthy' verdict."""
    pristine = closed_demo.read_bytes()
    pages = len(pristine) // PAGE
    assert pages >= 20
    work = tmp_path / "damaged"
    work.mkdir()
    damaged = work / "damaged.tacvault"
    shutil.copy(key_file_path(closed_demo), key_file_path(damaged))
    for page in range(pages):
        for extra in list(work.iterdir()):
            if extra.name != key_file_path(damaged).name:
                extra.unlink()
        data = bytearray(pristine)
        data[page * PAGE + 200] ^= 0x01
        damaged.write_bytes(bytes(data))
        try:
            with Vault.open(damaged, PASSPHRASE, migrate_schema=False) as opened:
                try:
                    report = opened.check()
                except VaultDamaged:
                    pass
                else:
                    assert not report.healthy, f"page {page} damaged, yet 'healthy'"
                with pytest.raises(TacError):
                    opened.backup(work / "copy.tacvault")
        except TacError as error:
            assert "Traceback" not in str(error)
        assert damaged.read_bytes() == bytes(data), f"page {page}: the file was changed"
        assert not (work / "copy.tacvault").exists()
        assert not [p for p in work.iterdir() if ".partial" in p.name]


def test_health_check_of_a_fresh_vault(vault: Vault) -> None:
    report = vault.check()
    assert report.healthy, report.problems
    assert report.schema_revision == SCHEMA_HEAD
    assert report.audit_entries >= 2  # the chair and "vault created"


# -- no plaintext on disk ---------------------------------------------------------------

LATIN_NAME = "Quillon Vexbury-Ätherton"
ARABIC_NAME = "زُهَير القَرقَشَنديّ"  # an invented name
NOTE_PHRASE = "Quillon says the blue kettle in the hallway frightens him"


def _needles() -> dict[str, bytes]:
    needles: dict[str, bytes] = {}
    for label, value in (
        ("latin name", LATIN_NAME),
        ("surname", "Vexbury"),
        ("arabic name", ARABIC_NAME),
        ("note", NOTE_PHRASE),
        # The forms kept for accent-free search: lower case, no accents or short vowels.
        ("folded latin name", fold_for_search(LATIN_NAME)),
        ("folded surname", "vexbury"),
        ("folded arabic name", fold_for_search(ARABIC_NAME)),
    ):
        for form in ("NFC", "NFD"):
            for encoding in ("utf-8", "utf-16-le"):
                normalised = unicodedata.normalize(form, value)
                needles[f"{label} {form} {encoding}"] = normalised.encode(encoding)
    return needles


def _files_to_scan(folders: list[Path], since: float) -> Iterator[Path]:
    for folder in folders:
        for root, _dirs, names in os.walk(folder, followlinks=False):
            for name in names:
                path = Path(root) / name
                try:
                    info = path.lstat()
                except OSError:
                    continue
                if not path.is_file() or path.is_symlink():
                    continue
                if info.st_mtime < since or info.st_size > 64 * 1024 * 1024:
                    continue
                yield path


def _plaintext_found(folders: list[Path], since: float) -> list[str]:
    found: list[str] = []
    needles = _needles()
    for path in _files_to_scan(folders, since):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        found.extend(f"{label} in {path}" for label, needle in needles.items() if needle in data)
    return found


def test_no_plaintext_on_disk_while_open_or_after_close(
    vault_path: Path, fast_kdf: KdfParams, tmp_path: Path
) -> None:
    started = time.time() - 2
    folders = [tmp_path, Path(tempfile.gettempdir())]
    if os.environ.get("TAC_LOG_DIR"):
        folders.append(Path(os.environ["TAC_LOG_DIR"]))

    # The scanner itself works: a plaintext control file is found, in both encodings.
    control = tmp_path / "control.txt"
    control.write_bytes(LATIN_NAME.encode("utf-16-le") + ARABIC_NAME.encode("utf-8"))
    assert _plaintext_found([tmp_path], started)
    control.unlink()

    vault = Vault.create(vault_path, PASSPHRASE, CHAIR, fast_kdf)
    try:
        long_note = "\n".join(f"Visit {i}: {NOTE_PHRASE}. {LATIN_NAME}." for i in range(800))
        case_id = create_case(
            vault,
            CaseDraft(
                reference="SYN-2026-0777",
                subject=PersonDraft(LATIN_NAME, estimated_age=9, notes=long_note),
                summary=f"{LATIN_NAME} and {ARABIC_NAME}: {NOTE_PHRASE}.",
            ),
        )
        add_person(
            vault,
            case_id,
            PersonDraft(ARABIC_NAME, relationship_to_subject="uncle", language="Arabic"),
        )
        assert LATIN_NAME in [name for _ref, name in _reference_list(vault)]

        wal = vault_path.with_name(vault_path.name + "-wal")
        assert wal.is_file() and wal.stat().st_size > 0  # the new pages are in the WAL
        names = {p.name for p in vault_path.parent.iterdir()}
        assert {
            vault_path.name,
            vault_path.name + "-wal",
            vault_path.name + "-shm",
            vault_path.name + ".key",
            vault_path.name + ".lock",
        } <= names
        assert _plaintext_found(folders, started) == []
    finally:
        vault.close()
    assert _plaintext_found(folders, started) == []
