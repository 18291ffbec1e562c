"""One vault: an encrypted SQLCipher database plus its key file, open in one process.

Lifecycle: ``Vault.create`` or ``Vault.open`` (unlock) → ``unit_of_work()`` per user
action → ``close()`` (lock). The engine exists only while the vault is open.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3
from filelock import FileLock, Timeout
from sqlalchemy import Engine, exc, select
from sqlalchemy.orm import Session, sessionmaker

from tac_desktop.core.errors import (
    DestinationExists,
    FolderNotWritable,
    NotAVault,
    VaultDamaged,
    VaultError,
    VaultInUse,
    VaultMissing,
    VaultTooNew,
    WrongPassphrase,
)
from tac_desktop.core.models import Chair
from tac_desktop.core.progress import Progress
from tac_desktop.core.text import clean_line
from tac_desktop.core.vault import audit, migrate
from tac_desktop.core.vault.engine import make_engine
from tac_desktop.core.vault.keyfile import KdfParams, KeyFile, key_file_path, new_data_key

VAULT_SUFFIX = ".tacvault"
BACKUP_PAGES = 256  # pages (4 KiB each) copied between two progress steps of a backup
MAX_CHAIR_DETAIL = 200  # as a person's name on a case: a case file must import again

_DAMAGED = (
    "The vault file {name} is damaged and cannot be read safely. Nothing has been changed. "
    "Restore it from your most recent backup (see 'tac-desktop vault restore')."
)


@dataclass(frozen=True)
class ChairDetails:
    name: str
    role: str = ""
    agency: str = ""


@dataclass
class HealthReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    audit_entries: int = 0
    schema_revision: str | None = None

    @property
    def healthy(self) -> bool:
        return not self.problems


def lock_file_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".lock")


def backups_dir(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".backups")


def _normalise(path: Path | str) -> Path:
    return Path(path).expanduser().absolute()


def _acquire_lock(vault_path: Path) -> FileLock:
    lock = FileLock(lock_file_path(vault_path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        if not lock.lock_file or not Path(lock.lock_file).exists():
            # filelock retries a folder that refuses new files (e.g. /proc) as if the
            # lock were held; a held lock always has its file.
            raise _folder_problem(vault_path.parent) from None
        raise VaultInUse(
            f"{vault_path.name} is already open in TAC Desktop, in another window or by "
            "another program on this computer. Close it there, then try again."
        ) from None
    except OSError as exc:
        raise _folder_problem(vault_path.parent, exc) from None
    return lock


def _folder_problem(folder: Path, error: OSError | None = None) -> FolderNotWritable:
    if not folder.exists():
        return FolderNotWritable(f"The folder {folder} does not exist.")
    reason = f" ({error.strerror})" if error is not None and error.strerror else ""
    return FolderNotWritable(
        f"TAC Desktop cannot write in the folder {folder}{reason}. Choose a folder you can "
        "save files in, or ask your IT team for access."
    )


def _check_writable_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise _folder_problem(folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _folder_problem(folder, OSError(errno.EACCES, "permission denied"))


def _translate_db_error(error: Exception, vault_path: Path) -> VaultError:
    """A plain error for a SQLAlchemy ``DBAPIError`` or a raw sqlcipher3 one."""
    orig = error.orig if isinstance(error, exc.DBAPIError) else None
    message = str(orig).lower() if orig is not None else str(error).lower()
    if "readonly" in message or "read-only" in message:
        return FolderNotWritable(
            f"{vault_path.name} cannot be saved to: the file or its folder is read-only. "
            "Nothing you typed has been lost from the screen; copy it before closing."
        )
    if "locked" in message or "busy" in message:
        return VaultInUse(f"{vault_path.name} is busy in another program. Try again shortly.")
    if "disk is full" in message or "no space" in message:
        return FolderNotWritable("The disk is full. Free some space; nothing was saved.")
    return VaultDamaged(_DAMAGED.format(name=vault_path.name))


class Vault:
    """An unlocked vault. Use ``create`` or ``open``; always ``close`` (or ``with``)."""

    def __init__(self, path: Path, key_file: KeyFile, data_key: bytes, lock: FileLock) -> None:
        self.path = path
        self._key_file = key_file
        self._data_key: bytes | None = data_key
        self._lock: FileLock | None = lock
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self.outdated_layout: str | None = None  # set when opened without updating

    # -- creating and opening -------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path | str,
        passphrase: str,
        chair: ChairDetails,
        kdf: KdfParams | None = None,
    ) -> Vault:
        path = _normalise(path)
        if not passphrase:
            raise WrongPassphrase("A vault needs a passphrase; it cannot be empty.")
        chair = ChairDetails(
            clean_line(chair.name), clean_line(chair.role), clean_line(chair.agency)
        )
        if not chair.name:
            raise VaultError("The chair's name is needed to create a vault.")
        for value, what in ((chair.name, "name"), (chair.role, "role"), (chair.agency, "agency")):
            if len(value) > MAX_CHAIR_DETAIL:
                raise VaultError(
                    f"The chair's {what} is too long (at most {MAX_CHAIR_DETAIL} characters)."
                )
        _check_writable_folder(path.parent)
        if path.exists() or key_file_path(path).exists():
            raise DestinationExists(
                f"There is already a file called {path.name} in {path.parent}. Choose another "
                "name; TAC Desktop never overwrites a file."
            )
        lock = _acquire_lock(path)
        data_key = new_data_key()
        key_file = KeyFile.seal(data_key, passphrase, kdf or KdfParams())
        vault = cls(path, key_file, data_key, lock)
        try:
            key_file.write(path)
            vault._start_engine()
            vault._set_actor(chair.name.strip())
            assert vault._engine is not None
            with vault._engine.begin() as connection:
                migrate.upgrade(connection)
            with vault.unit_of_work() as session:
                session.add(
                    Chair(
                        name=chair.name.strip(),
                        role=chair.role.strip(),
                        agency=chair.agency.strip(),
                    )
                )
                session.flush()
                audit.record_event(session, "vault created")
            vault._load_actor()
        except BaseException:
            vault.close()
            for leftover in (path, key_file_path(path), *_sidecars(path)):
                with suppress(OSError):
                    leftover.unlink()
            raise
        return vault

    @classmethod
    def open(
        cls,
        path: Path | str,
        passphrase: str | None = None,
        *,
        data_key: bytes | None = None,
        migrate_schema: bool = True,
        progress: Progress | None = None,
    ) -> Vault:
        """Unlock with the passphrase, or with a key remembered by the OS keyring.

        ``progress`` hears of an update of an older vault's layout (its backup first,
        then each step). It may stop the backup (``Stopped``: nothing has changed), but
        never the update itself: SQLite commits a change of layout as it goes, so an
        update stopped halfway would leave the vault neither old nor new."""
        path = _normalise(path)
        key_file = read_key_file(path)
        if data_key is not None:
            if not key_file.fits(data_key):
                raise WrongPassphrase(
                    "The key remembered on this computer no longer opens this vault (the "
                    "passphrase may have been changed elsewhere). Enter the passphrase."
                )
            key = data_key
        elif passphrase is None:
            raise WrongPassphrase("Enter the vault's passphrase to unlock it.")
        else:
            key = key_file.unseal(passphrase)
        if path.stat().st_size == 0:
            raise VaultDamaged(_DAMAGED.format(name=path.name))
        lock = _acquire_lock(path)
        vault = cls(path, key_file, key, lock)
        try:
            vault._start_engine()
            vault._bring_schema_up_to_date(migrate_schema, progress)
            vault._load_actor()
        except exc.DBAPIError as error:  # e.g. a damaged page under alembic_version
            vault.close()
            raise _translate_db_error(error, path) from None
        except BaseException:
            vault.close()
            raise
        return vault

    def _start_engine(self) -> None:
        assert self._data_key is not None
        engine = make_engine(self.path, self._data_key)
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except exc.DBAPIError as error:
            engine.dispose()
            raise _translate_db_error(error, self.path) from None
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False, info={"actor": "system"})
        audit.install(self._sessions)

    def _bring_schema_up_to_date(self, allowed: bool, progress: Progress | None = None) -> None:
        assert self._engine is not None
        with self._engine.connect() as connection:
            current = migrate.current_revision(connection)
        if current is None:
            # Our create always writes the schema and the chair in one go; a database
            # without them is somebody else's file (or a create that never finished).
            raise NotAVault(
                f"{self.path.name} is an encrypted database but not a TAC Desktop vault "
                "(or it was never finished). Nothing has been changed."
            )
        head = migrate.head_revision()
        if current == head:
            return
        if current not in migrate.known_revisions():
            raise VaultTooNew(
                f"{self.path.name} was last used by a newer version of TAC Desktop. Install "
                "that version (or newer) to open it; this one will not change it."
            )
        if not allowed:
            # Checking or restoring a backup made by an older release: read it as it is.
            # It is updated (after its own backup) when it is next opened for work.
            self.outdated_layout = current
            return
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        folder = backups_dir(self.path)
        folder.mkdir(exist_ok=True)
        if progress is not None:
            progress.step("Making a backup before updating the vault")
        self.backup(
            folder / f"{self.path.stem}-before-update-{current}-{stamp}{VAULT_SUFFIX}", progress
        )
        steps = migrate.revisions_after(current)
        with self._engine.begin() as connection:
            for number, revision in enumerate(steps):
                if progress is not None:  # told, never stopped (see ``open``)
                    progress.tell(
                        "Updating the vault for this version of TAC Desktop", number, len(steps)
                    )
                migrate.upgrade(connection, revision)
        with self.unit_of_work() as session:
            audit.record_event(session, "schema updated", detail={"from": current, "to": head})

    def _load_actor(self) -> None:
        assert self._sessions is not None
        with self.unit_of_work() as session:
            # The name alone: an older layout (opened without updating) lacks newer columns.
            actor = session.scalars(select(Chair.name).order_by(Chair.id)).first() or "unknown"
        self._set_actor(actor)

    def _set_actor(self, actor: str) -> None:
        """Every audit entry from now on names this person."""
        assert self._sessions is not None
        self._sessions.kw["info"] = {"actor": actor}

    # -- using ------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    @property
    def vault_id(self) -> str:
        return self._key_file.vault_id

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise VaultError("The vault is locked. Unlock it to continue.")
        return self._engine

    @property
    def data_key(self) -> bytes:
        """For the OS keyring only ('remember on this computer')."""
        if self._data_key is None:
            raise VaultError("The vault is locked. Unlock it to continue.")
        return self._data_key

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction per user action: commits on success, rolls back on error."""
        if self._sessions is None:
            raise VaultError("The vault is locked. Unlock it to continue.")
        try:
            with self._sessions.begin() as session:
                yield session
        except exc.IntegrityError:
            raise
        except exc.DBAPIError as error:
            raise _translate_db_error(error, self.path) from None

    def close(self) -> None:
        """Lock: drop the engine and the key (as far as Python lets us), free the file."""
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._sessions = None
        self._data_key = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- passphrase, backup, health ---------------------------------------------------

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-seal the same data key; the records are never rewritten."""
        if not new:
            raise WrongPassphrase("The new passphrase cannot be empty.")
        current = read_key_file(self.path)
        if current.unseal(old) != self.data_key:
            raise WrongPassphrase("That passphrase does not open this vault.")
        replacement = KeyFile.seal(self.data_key, new, current.kdf, vault_id=current.vault_id)
        replacement.write(self.path)
        self._key_file = replacement
        with self.unit_of_work() as session:
            audit.record_event(session, "passphrase changed")

    def backup(self, destination: Path | str, progress: Progress | None = None) -> Path:
        """A consistent encrypted copy (SQLite backup API) while the vault stays open.

        The copy uses the same data key and a copy of the key file, so it opens with
        the passphrase in force when it was made. ``progress`` hears how far the copy
        has got (a step every ``BACKUP_PAGES`` pages) and may stop it (``Stopped``):
        the unfinished copy is then removed, and nothing is left half written.
        """
        destination = _normalise(destination)
        if destination.exists() or key_file_path(destination).exists():
            raise DestinationExists(
                f"{destination} already exists. Choose a new name for the backup; "
                "TAC Desktop never overwrites a file."
            )
        _check_writable_folder(destination.parent)
        partial_db = destination.with_name(f".{destination.name}.partial")
        partial_key = destination.with_name(f".{destination.name}.key.partial")
        try:
            # A folder that takes no new file (e.g. under /proc) fails here, as a folder
            # problem, rather than later inside SQLCipher where it looks like damage.
            partial_db.write_bytes(b"")
            with self.engine.connect() as connection:
                source = connection.connection.driver_connection
                target = sqlcipher3.dbapi2.connect(str(partial_db))
                try:
                    target.execute("PRAGMA cipher_log_level = NONE")
                    target.execute(f"PRAGMA key = \"x'{self.data_key.hex()}'\"")
                    if progress is None:
                        source.backup(target)  # type: ignore[union-attr]
                    else:

                        def copied(_status: int, remaining: int, total: int) -> None:
                            progress.step("Copying the vault", total - remaining, total)

                        source.backup(  # type: ignore[union-attr]
                            target, pages=BACKUP_PAGES, progress=copied
                        )
                    if progress is not None:
                        progress.step("Checking the copy")
                    status = target.execute("PRAGMA quick_check").fetchone()
                    if not status or status[0] != "ok":
                        raise VaultDamaged(
                            "The backup could not be checked after writing; it was removed."
                        )
                    target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                finally:
                    target.close()
            partial_key.write_text(self._key_file.to_json(), encoding="utf-8")
            os.replace(partial_db, destination)
            os.replace(partial_key, key_file_path(destination))
        except OSError as error:
            raise _folder_problem(destination.parent, error) from None
        except (exc.DBAPIError, sqlcipher3.dbapi2.Error) as error:  # e.g. a damaged page
            raise _translate_db_error(error, self.path) from None
        finally:
            for leftover in (partial_db, partial_key, *_sidecars(partial_db)):
                with suppress(OSError):
                    leftover.unlink()
        with self.unit_of_work() as session:
            audit.record_event(session, "backup made", detail={"file": destination.name})
        return destination

    def check(self) -> HealthReport:
        report = HealthReport()
        try:
            with self.engine.connect() as connection:
                for (problem,) in connection.exec_driver_sql("PRAGMA cipher_integrity_check"):
                    report.problems.append(f"encrypted page check: {problem}")
                for (result,) in connection.exec_driver_sql("PRAGMA integrity_check"):
                    if result != "ok":
                        report.problems.append(f"database check: {result}")
                for row in connection.exec_driver_sql("PRAGMA foreign_key_check"):
                    report.problems.append(f"a {row[0]} record points to a missing {row[2]}")
                report.schema_revision = migrate.current_revision(connection)
                if report.schema_revision != migrate.head_revision():
                    report.notes.append(
                        f"made by an earlier release (layout {report.schema_revision}); it "
                        "is updated, after an automatic backup, when next opened for work"
                    )
                chain = audit.verify_chain(connection)
                report.audit_entries = chain.entries
                report.problems.extend(chain.problems)
        except exc.DBAPIError as error:
            raise _translate_db_error(error, self.path) from None
        return report

    # -- restore ----------------------------------------------------------------------

    @classmethod
    def restore(
        cls, backup: Path | str, target: Path | str, passphrase: str, *, replace: bool = False
    ) -> Path:
        """Copy a backup into place. An existing target is kept aside, never deleted."""
        target = _normalise(target)
        _check_restore_target(_normalise(backup), target)
        with cls.open(backup, passphrase, migrate_schema=False) as source:
            health = source.check()
            if not health.healthy:
                raise VaultDamaged(
                    "That backup fails its own check, so it was not restored: "
                    + "; ".join(health.problems[:3])
                )
            if target.exists() or key_file_path(target).exists():
                if not replace:
                    raise DestinationExists(
                        f"{target} already exists. Restore under a new name, or ask to "
                        "replace it (the current one is then kept aside, not deleted)."
                    )
                lock = _acquire_lock(target)
                try:
                    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
                    aside = target.with_name(f"{target.name}.replaced-{stamp}")
                    number = 1
                    while aside.exists() or key_file_path(aside).exists():
                        number += 1  # never move onto (and so delete) an earlier one
                        aside = target.with_name(f"{target.name}.replaced-{stamp}-{number}")
                    for src, dst in (
                        (target, aside),
                        (key_file_path(target), key_file_path(aside)),
                    ):
                        if src.exists():
                            shutil.move(src, dst)
                    for suffix in ("-wal", "-shm"):
                        sidecar = target.with_name(target.name + suffix)
                        if sidecar.exists():
                            shutil.move(sidecar, aside.with_name(aside.name + suffix))
                finally:
                    lock.release()
            source.backup(target)
        return target


def _check_restore_target(backup: Path, target: Path) -> None:
    """Refuse targets that 'keep aside' would turn into harm: moving a whole folder,
    or a live vault's key file, out of the way."""
    if target.is_dir():
        raise DestinationExists(
            f"{target} is a folder. Restore to a file name inside it, for example "
            f"{target / ('My cases' + VAULT_SUFFIX)}."
        )
    if target.exists() and not target.is_file():
        raise DestinationExists(
            f"{target} is not an ordinary file (a device or a pipe), so a vault cannot be "
            "restored over it. Choose another name."
        )
    if target.name.endswith(".key") and target.with_name(target.name[:-4]).is_file():
        raise DestinationExists(
            f"{target.name} is the key file of the vault {target.name[:-4]}. Restore to "
            f"{target.name[:-4]} itself, or to a new name."
        )
    if target.exists() and backup.exists() and os.path.samefile(backup, target):
        raise DestinationExists(
            f"{target.name} is the backup itself. Restore it under another name."
        )


def unseal_key(path: Path | str, passphrase: str) -> bytes:
    """The vault's data key from its passphrase: the slow (argon2id) half of unlocking.

    Touches no database, so a window can run it on a worker thread and then call
    ``Vault.open(path, data_key=...)`` (fast) on its own thread.
    """
    return read_key_file(_normalise(path)).unseal(passphrase)


def vault_id_of(path: Path | str) -> str:
    return read_key_file(_normalise(path)).vault_id


def read_key_file(path: Path) -> KeyFile:
    """The key file of the vault at ``path``, with plain messages for every wrong file."""
    if path.name.endswith(".key") and path.with_name(path.name[:-4]).is_file():
        raise NotAVault(f"{path.name} is the vault's key file. Open {path.name[:-4]} instead.")
    if not path.exists():
        if not path.parent.exists():
            raise VaultMissing(f"The folder {path.parent} does not exist.")
        raise VaultMissing(f"There is no vault called {path.name} in {path.parent}.")
    if path.is_dir():
        raise NotAVault(f"{path} is a folder, not a TAC Desktop vault.")
    return KeyFile.read(path)


def _sidecars(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))
