"""One vault: an encrypted SQLCipher database plus its key file, open in one process.

Lifecycle: ``Vault.create`` or ``Vault.open`` (unlock) → ``unit_of_work()`` per user
action → ``close()`` (lock). The engine exists only while the vault is open.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import sqlcipher3
from sqlalchemy import Connection, Engine, exc, select
from sqlalchemy.orm import Session, sessionmaker

from tac_desktop.core.errors import (
    DestinationExists,
    FolderNotWritable,
    NotAVault,
    TacError,
    VaultDamaged,
    VaultError,
    VaultInUse,
    VaultMissing,
    VaultTooNew,
    WrongPassphrase,
)
from tac_desktop.core.models import AuditEntry, Chair, VaultSetting
from tac_desktop.core.progress import Progress, Stopped
from tac_desktop.core.text import clean_line
from tac_desktop.core.vault import anchor, audit, memory, migrate, private, recovery, wal
from tac_desktop.core.vault.engine import make_engine
from tac_desktop.core.vault.keyfile import KdfParams, KeyFile, key_file_path, new_data_key
from tac_desktop.core.vault.keyfile import _fsync_dir as keyfile_fsync_dir
from tac_desktop.core.vault.recovery import RecoveryPublicKey

VAULT_SUFFIX = ".tacvault"
BACKUP_PAGES = 256  # pages (4 KiB each) copied between two progress steps of a backup
MAX_CHAIR_DETAIL = 200  # as a person's name on a case: a case file must import again

# What to do when opening finds saved changes lost or the audit log rolled back:
# "refuse" (the default: say so, change nothing), "report" (open for `vault check`, which
# lists it) or "accept" (`vault salvage`: carry on with what could be read, and record it).
OnDamage = Literal["refuse", "report", "accept"]

ANCHOR_MISSING = "audit anchor missing"
DAMAGE_ACCEPTED = "damage accepted"

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
    recovery: str = ""  # whether a recovery key can set a new passphrase, in words

    @property
    def healthy(self) -> bool:
        return not self.problems


def lock_file_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".lock")


def backups_dir(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".backups")


def _normalise(path: Path | str) -> Path:
    return Path(path).expanduser().absolute()


def _acquire_lock(vault_path: Path) -> private.PrivateLock:
    lock = private.PrivateLock(lock_file_path(vault_path))
    try:
        lock.acquire()
    except private.LockHeld:
        raise VaultInUse(
            f"{vault_path.name} is already open in TAC Desktop, in another window or by "
            "another program on this computer. Close it there, then try again."
        ) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link planted at the lock's name
            raise FolderNotWritable(
                f"{lock_file_path(vault_path).name} beside the vault is a link, not a file "
                "TAC Desktop made. Nothing has been changed; remove the link (or ask your "
                "IT team to look at it), then try again."
            ) from None
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

    def __init__(
        self, path: Path, key_file: KeyFile, data_key: bytes, lock: private.PrivateLock
    ) -> None:
        memory.harden_process()  # no core dumps or ptrace from here on, where allowed
        self.path = path
        self._key_file = key_file
        # One mutable copy of the key, overwritten with zeros on lock.
        self._data_key: bytearray | None = bytearray(data_key)
        self._lock: private.PrivateLock | None = lock
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self.outdated_layout: str | None = None  # set when opened without updating
        # Damage found on opening (a WAL that cannot be replayed in full, an audit log
        # behind its anchor): listed by check(); while it stands the anchor is not moved.
        self.damage: list[str] = []
        self._anchored: anchor.Anchor | None = None
        self.anchor_missing = False
        self._anchor_secret: bytes | None = None  # seals the anchor; kept in the vault
        self.accepted_damage: list[str] = []  # what `vault salvage` accepted on opening
        self.notes_on_opening: list[str] = []  # listed by check() as notes
        self._wal_tail: str | None = None
        # Set when a backup on read-only media is read from a private temporary copy.
        self.copied_from: Path | None = None
        # Until opening has compared the log with its anchor, nothing may move the anchor.
        self._anchor_on_hold = True

    # -- creating and opening -------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path | str,
        passphrase: str,
        chair: ChairDetails,
        kdf: KdfParams | None = None,
        *,
        recovery_key: RecoveryPublicKey | None = None,
        use_policy: bool = True,
    ) -> Vault:
        """A new vault. Its data key is also sealed to ``recovery_key``, or else to the
        recovery key of the computer's policy file (``core/policy.py``) when there is one
        and ``use_policy``."""
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
        if recovery_key is None and use_policy:
            from tac_desktop.core.policy import load_policy

            recovery_key = load_policy().recovery_key
        lock = _acquire_lock(path)
        data_key = new_data_key()
        key_file = KeyFile.seal(data_key, passphrase, kdf or KdfParams())
        try:
            # Made here, owner-only and exclusively, before SQLite opens it: SQLite then
            # gives the -wal and -shm files the same mode, whatever the umask.
            os.close(private.create_new(path))
        except FileExistsError:  # taken meanwhile, or a link planted at the name
            lock.release()
            raise DestinationExists(
                f"There is already a file (or a link) called {path.name} in {path.parent}. "
                "Choose another name; TAC Desktop never overwrites a file."
            ) from None
        except OSError as error:
            lock.release()
            raise _folder_problem(path.parent, error) from None
        if recovery_key is not None:
            key_file = recovery.attach(key_file, data_key, recovery_key)
        vault = cls(path, key_file, data_key, lock)
        vault._anchor_on_hold = False
        try:
            key_file.write(path)
            vault._start_engine()
            vault._set_actor(chair.name.strip())
            assert vault._engine is not None
            with vault._engine.begin() as connection:
                migrate.upgrade(connection)
            with vault.unit_of_work() as session:
                audit.record_event(session, "vault created")  # the chain's first entry
                session.add(
                    Chair(
                        name=chair.name.strip(),
                        role=chair.role.strip(),
                        agency=chair.agency.strip(),
                    )
                )
                vault._anchor_secret = anchor.new_secret()
                session.add(
                    VaultSetting(key=anchor.ANCHORED_SETTING, value=vault._anchor_secret.hex())
                )
            vault._load_actor()
        except BaseException:
            vault.close()
            for leftover in (
                path,
                key_file_path(path),
                anchor.anchor_path(path),
                *_sidecars(path),
            ):
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
        on_damage: OnDamage = "refuse",
        progress: Progress | None = None,
    ) -> Vault:
        """Unlock with the passphrase, or with a key remembered by the OS keyring.

        ``progress`` hears of an update of an older vault's layout (its backup first,
        then each step) and may stop it between two steps (``Stopped``): the update is
        one transaction (``migrate.upgrade``), so the vault is then as it was, and it is
        updated when next opened."""
        path = _normalise(path)
        if pending_key_path(path).is_file() and path.is_file():
            _settle_pending_key(path, passphrase, data_key)
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
        size = path.stat().st_size
        if size < 512 or size % 512:
            # Not whole pages: truncated or not ours. SQLite would take a file shorter
            # than a page for an empty database and write a new one over it.
            raise VaultDamaged(_DAMAGED.format(name=path.name))
        copied_from: Path | None = None
        try:
            lock = _acquire_lock(path)
        except FolderNotWritable as refused:
            if migrate_schema or not path.parent.is_dir():
                raise FolderNotWritable(
                    f"{refused} A backup on read-only media can still be checked and "
                    "restored ('tac-desktop vault check', 'vault restore'), which work from a "
                    "private copy; to work in it, copy its files to a folder you can write in."
                ) from None
            # Checking or restoring a backup on read-only media (a write-protected stick,
            # a read-only share): work from a private temporary copy of its files.
            copied_from, path = path, _private_copy(path)
            lock = _acquire_lock(path)
        for own_file in (path, key_file_path(path), *_sidecars(path)):
            private.tighten(own_file)  # made by an older release or under a loose umask
        private.clean_stale(path.parent)  # temporaries of a run that was killed
        vault = cls(path, key_file, key, lock)
        vault.copied_from = copied_from
        try:
            # Opened as it is (to check or restore it): never written to, damage listed.
            damage_rule: OnDamage = on_damage if migrate_schema else "report"
            vault._inspect_wal(damage_rule)  # before SQLite replays it
            try:
                vault._start_engine()
            except VaultDamaged:
                raise _key_does_not_open(path, key_file) from None
            vault._bring_schema_up_to_date(migrate_schema, progress)
            vault._check_anchor(damage_rule)
            vault._load_actor()
        except exc.DBAPIError as error:  # e.g. a damaged page under alembic_version
            vault.close()
            raise _translate_db_error(error, path) from None
        except BaseException:
            vault.close()
            raise
        return vault

    def _inspect_wal(self, on_damage: OnDamage) -> None:
        """Read a leftover -wal before anything replays it; keep a damaged one aside."""
        wal_path = self.path.with_name(self.path.name + "-wal")
        finding = wal.inspect(wal_path)
        if finding is None or not finding.damaged:
            return
        copy = _keep_aside(wal_path)
        described = f"{finding.describe(wal_path.name)}. A copy of it is kept as {copy}"
        self._anchor_on_hold = True
        if finding.last_only:
            # Only the very last frame: a write cut off by the crash looks the same. The
            # anchor decides (an acknowledged action always moved it): see _check_anchor.
            self._wal_tail = described
            if on_damage == "refuse" and not self._cut_off_change_was_unconfirmed():
                self.damage.append(described)
                raise VaultDamaged(_damage_message(self.path, self.damage))
            return
        self.damage.append(described)
        if on_damage == "refuse":
            raise VaultDamaged(_damage_message(self.path, self.damage))

    def _cut_off_change_was_unconfirmed(self) -> bool:
        """Replay a private copy and ask the anchor, so that refusing changes nothing."""
        assert self._data_key is not None
        copy = _private_copy(self.path)
        engine = make_engine(copy, self._data_key)
        try:
            with engine.connect() as connection:
                secret = _setting(connection, anchor.ANCHORED_SETTING)
                if not secret:
                    return False
                recorded = anchor.read(self.path, self.vault_id, bytes.fromhex(secret))
                return recorded is not None and not anchor.compare(connection, recorded)
        except (exc.DBAPIError, anchor.AnchorProblem, ValueError):
            return False
        finally:
            engine.dispose()
            shutil.rmtree(copy.parent, ignore_errors=True)

    def _check_anchor(self, on_damage: OnDamage) -> None:
        """The audit log against its head recorded outside the database."""
        assert self._engine is not None
        problems: list[str] = []
        anchor_missing = False
        with self._engine.connect() as connection:
            secret = _setting(connection, anchor.ANCHORED_SETTING)
            self._anchor_secret = bytes.fromhex(secret) if secret else None
            try:
                recorded = (
                    anchor.read(self.path, self.vault_id, self._anchor_secret)
                    if self._anchor_secret
                    else None  # a vault from before anchors: it gets one below
                )
            except anchor.AnchorProblem as problem:
                recorded = None
                problems.append(str(problem))
            else:
                # Missing: the vault was copied without it, or it was removed. Not a
                # refusal (the vault and its key file are all a person must keep
                # together), but recorded in the log itself, where `vault check` shows it.
                anchor_missing = recorded is None and self._anchor_secret is not None
            if recorded is not None:
                problems.extend(anchor.compare(connection, recorded))
                self._anchored = recorded
        if self._wal_tail is not None:
            if problems or recorded is None:
                self.damage.append(self._wal_tail)  # an acknowledged change was lost
            else:
                self.notes_on_opening.append(
                    f"{self._wal_tail}; it was a change being saved when TAC Desktop or the "
                    "computer stopped, never confirmed: every confirmed change is here"
                )
        self.damage.extend(problems)
        self.anchor_missing = anchor_missing
        if self.damage and on_damage == "refuse":
            raise VaultDamaged(_damage_message(self.path, self.damage))
        if on_damage == "report":
            return  # `vault check` lists what it found and changes nothing
        if self.damage:
            with self.unit_of_work() as session:
                audit.record_event(
                    session, DAMAGE_ACCEPTED, detail={"found": [d[:300] for d in self.damage]}
                )
            self.accepted_damage, self.damage = self.damage, []  # now a fact in the log
        self._anchor_on_hold = False
        if anchor_missing:
            with self.unit_of_work() as session:
                audit.record_event(session, ANCHOR_MISSING)
        if self.outdated_layout is None and self._anchor_secret is None:
            # A vault from before anchors starts its anchor now.
            self._anchor_secret = anchor.new_secret()
            with self.unit_of_work() as session:
                session.add(
                    VaultSetting(key=anchor.ANCHORED_SETTING, value=self._anchor_secret.hex())
                )
        self._write_anchor()

    def _write_anchor(self) -> None:
        """Record the audit log's head outside the database (after each commit)."""
        if self._anchor_on_hold or self._engine is None or self._anchor_secret is None:
            return
        with self._engine.connect() as connection:
            now = anchor.current(connection)
        if now == self._anchored:
            return
        try:
            anchor.write(self.path, self.vault_id, self._anchor_secret, now)
        except OSError:
            return  # left behind, never ahead: the next commit or close tries again
        self._anchored = now

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
        private.make_folder(folder)
        if progress is not None:
            progress.step("Making a backup before updating the vault")
        name = f"{self.path.stem}-before-update-{current}-{stamp}"
        target = folder / f"{name}{VAULT_SUFFIX}"
        again = 1
        while target.exists() or key_file_path(target).exists():  # an update retried at once
            again += 1
            target = folder / f"{name}-{again}{VAULT_SUFFIX}"
        self.backup(target, progress)
        steps = migrate.revisions_after(current)
        try:
            with self._engine.begin() as connection:  # one transaction: undone whole
                for number, revision in enumerate(steps):
                    if progress is not None:
                        progress.step(
                            "Updating the vault for this version of TAC Desktop",
                            number,
                            len(steps),
                        )
                    migrate.upgrade(connection, revision)
        except Stopped:
            raise Stopped(
                f"{self.path.name} was not opened: its update was stopped, so it is as it "
                "was. It will be updated when it is next opened."
            ) from None
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
        return bytes(self._data_key)

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
        try:
            self._write_anchor()
        except exc.DBAPIError as error:
            raise _translate_db_error(error, self.path) from None

    def close(self) -> None:
        """Lock: drop the engine and the key (as far as Python lets us), free the file."""
        if self._engine is not None:
            with suppress(exc.DBAPIError):
                self._write_anchor()
            self._engine.dispose()
        self._engine = None
        self._sessions = None
        if self._data_key is not None:
            memory.wipe(self._data_key)
        self._data_key = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if self.copied_from is not None:
            shutil.rmtree(self.path.parent, ignore_errors=True)  # the private copy

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- passphrase, backup, health ---------------------------------------------------

    def change_passphrase(self, old: str, new: str, *, rotate_key: bool = True) -> None:
        """Lock the vault with a new passphrase.

        By default the data key itself is replaced (SQLCipher's rekey re-encrypts every
        page), so an old copy of the key file (every backup has one) with the old
        passphrase no longer opens today's vault. The new key file is written first as
        NAME.key.pending; if the computer stops half-way, opening finds which of the two
        key files opens the database and keeps that one. ``rotate_key=False`` only
        re-seals the same key (instant; old key files keep working).
        """
        if not new:
            raise WrongPassphrase("The new passphrase cannot be empty.")
        current = read_key_file(self.path)
        if current.unseal(old) != self.data_key:
            raise WrongPassphrase("That passphrase does not open this vault.")
        if not rotate_key:
            replacement = KeyFile.seal(self.data_key, new, current.kdf, vault_id=current.vault_id)
            replacement = dataclasses.replace(replacement, recovery=current.recovery)
            replacement.write(self.path)
            self._key_file = replacement
            with self.unit_of_work() as session:
                audit.record_event(session, "passphrase changed")
            return
        new_key = new_data_key()
        replacement = KeyFile.seal(new_key, new, current.kdf, vault_id=current.vault_id)
        service_key = recovery.recovery_public_key(current)
        if service_key is not None:  # the new key is sealed to the service's key too
            replacement = recovery.attach(replacement, new_key, service_key)
        pending = pending_key_path(self.path)
        try:
            _write_key_file_at(pending, replacement)
        except OSError as error:
            raise _folder_problem(self.path.parent, error) from None
        old_key = self.data_key
        self.engine.dispose()  # every pooled connection closed: the rekey needs the file alone
        try:
            _rekey(self.path, old_key, new_key)
            os.replace(pending, key_file_path(self.path))
            keyfile_fsync_dir(self.path.parent)
        except (OSError, sqlcipher3.dbapi2.Error) as error:
            with suppress(OSError):
                if _key_opens(self.path, old_key):
                    pending.unlink()  # nothing changed: the old passphrase still opens it
            if isinstance(error, OSError):
                raise _folder_problem(self.path.parent, error) from None
            raise _translate_db_error(error, self.path) from None
        self._key_file = replacement
        if self._data_key is not None:
            memory.wipe(self._data_key)
        self._data_key = bytearray(new_key)
        actor = self._sessions.kw["info"] if self._sessions is not None else None
        self._engine = None
        self._start_engine()
        if actor is not None:
            self._set_actor(str(actor.get("actor", "unknown")))
        with self.unit_of_work() as session:
            audit.record_event(session, "passphrase changed", detail={"data key": "replaced"})
        _follow_remembered_key(self.vault_id, old_key, new_key)

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
        folder = destination.parent
        private.clean_stale(folder)  # what a backup killed half-way left here
        partial_db: Path | None = None
        partial_key: Path | None = None
        try:
            # Exclusive, owner-only and unpredictable names: a link planted where a
            # temporary file might go is never written through. A folder that takes no
            # new file (e.g. under /proc) fails here, as a folder problem, rather than
            # later inside SQLCipher where it would look like damage.
            partial_db = private.new_temporary(folder, destination.name)
            partial_key = private.new_temporary(folder, destination.name + ".key")
            with self.engine.connect() as connection:
                source = connection.connection.driver_connection
                target = sqlcipher3.dbapi2.connect(str(partial_db))
                try:
                    target.execute("PRAGMA cipher_log_level = NONE")
                    target.execute(f"PRAGMA key = \"x'{self.data_key.hex()}'\"")
                    if progress is None:
                        source.backup(target)  # type: ignore[union-attr]
                    else:

                        def pages_copied(_status: int, remaining: int, total: int) -> None:
                            progress.step("Copying the vault", total - remaining, total)

                        source.backup(  # type: ignore[union-attr]
                            target, pages=BACKUP_PAGES, progress=pages_copied
                        )
                    if progress is not None:
                        progress.step("Checking the copy")
                    status = target.execute("PRAGMA quick_check").fetchone()
                    if not status or status[0] != "ok":
                        raise VaultDamaged(
                            "The backup could not be checked after writing; it was removed."
                        )
                    target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                    copied = target.execute(
                        "SELECT value FROM vault_settings WHERE key = ?", (audit.HEAD_KEY,)
                    ).fetchone()
                finally:
                    target.close()
            with open(partial_key, "r+b") as handle:  # made owner-only above
                handle.write(self._key_file.to_json().encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            count, _, head = str(copied[0] if copied else "0:").partition(":")
            if self._anchor_secret is not None:
                anchor.write(
                    destination,
                    self.vault_id,
                    self._anchor_secret,
                    anchor.Anchor(int(count), head or audit.GENESIS),
                )
            os.replace(partial_db, destination)
            os.replace(partial_key, key_file_path(destination))
        except OSError as error:
            raise _folder_problem(folder, error) from None
        except (exc.DBAPIError, sqlcipher3.dbapi2.Error) as error:  # e.g. a damaged page
            raise _translate_db_error(error, self.path) from None
        finally:
            for leftover in (partial_db, partial_key):
                if leftover is None:
                    continue
                for name in (leftover, *_sidecars(leftover)):
                    with suppress(OSError):
                        name.unlink()
        with self.unit_of_work() as session:
            audit.record_event(session, "backup made", detail={"file": destination.name})
        return destination

    def replace_key_file(self, key_file: KeyFile) -> None:
        """Put in place a key file re-sealed around this vault's own data key (a new
        passphrase from the recovery key, or a recovery key added)."""
        if key_file.vault_id != self.vault_id or not key_file.fits(self.data_key):
            raise VaultError("That key file is not this vault's. Nothing was changed.")
        key_file.write(self.path)
        self._key_file = key_file

    @property
    def recovery_status(self) -> recovery.RecoveryStatus:
        """Whether a recovery key can set a new passphrase on this vault."""
        return recovery.status_of(self._key_file)

    def check(self) -> HealthReport:
        report = HealthReport()
        report.recovery = self.recovery_status.in_words
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
                if report.schema_revision == migrate.head_revision():
                    altered, unsealed = audit.verify_sealed(connection)
                    report.problems.extend(altered)
                    if unsealed:
                        report.notes.append(
                            f"{unsealed} meeting(s) finalised by an earlier release carry no "
                            "seal of their content in the audit log, so a change to them "
                            "outside the program would not show here"
                        )
                missing = connection.execute(
                    select(AuditEntry.at)
                    .where(AuditEntry.action == ANCHOR_MISSING)
                    .order_by(AuditEntry.seq)
                ).all()
                if self.anchor_missing:
                    report.notes.append(
                        f"the record of the audit log's end ({anchor.anchor_path(self.path).name}) "
                        "is not beside the vault: expected if the vault was copied without "
                        "it; otherwise entries may have been removed. It is made again when "
                        "the vault is next opened for work"
                    )
                accepted = connection.execute(
                    select(AuditEntry.at)
                    .where(AuditEntry.action == DAMAGE_ACCEPTED)
                    .order_by(AuditEntry.seq)
                ).all()
                if accepted:
                    report.notes.append(
                        f"changes lost to damage were accepted {len(accepted)} time(s), last "
                        f"on {accepted[-1][0]:%d %B %Y} ('vault salvage'); the audit log "
                        "says what was found"
                    )
                if missing:
                    report.notes.append(
                        f"the record of the audit log's end ({anchor.anchor_path(self.path).name}) "
                        f"was missing when the vault was opened {len(missing)} time(s), last on "
                        f"{missing[-1][0]:%d %B %Y}: expected if the vault was copied without "
                        "it; otherwise entries written before then may have been removed"
                    )
            report.problems[:0] = self.damage
            report.notes[:0] = self.notes_on_opening
            if self.copied_from is not None:
                report.notes.append(
                    f"{self.copied_from.parent} cannot be written (read-only media?), so a "
                    "private temporary copy was checked; nothing was written beside the backup"
                )
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
                    for suffix in ("-wal", "-shm", ".anchor"):
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


def key_file_of(path: Path | str) -> KeyFile:
    """The key file of the vault at ``path`` (what it tells without the passphrase)."""
    return read_key_file(_normalise(path))


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


def _setting(connection: Connection, key: str) -> str | None:
    value = connection.execute(
        select(VaultSetting.value).where(VaultSetting.key == key)
    ).scalar_one_or_none()
    return None if value is None else str(value)


def _keep_aside(wal_path: Path) -> Path:
    """An owner-only copy of a damaged WAL, named by its content (so opening twice keeps
    one copy), before anything can replay and reset it."""
    data = wal_path.read_bytes()
    copy = wal_path.with_name(f"{wal_path.name}.damaged-{hashlib.sha256(data).hexdigest()[:12]}")
    with suppress(FileExistsError):
        private.write_new(copy, data)
    return copy


def _damage_message(path: Path, found: list[str]) -> str:
    listed = "; ".join(_capped(item, 400) for item in found[:3])
    more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
    return (
        f"{path.name} cannot be opened as it is: {listed}{more}. Nothing in the vault has "
        f"been changed. 'tac-desktop vault check {path.name}' lists what was found; "
        f"'tac-desktop vault salvage {path.name}' opens it with what could be read and "
        "records the loss in its audit log; or restore your most recent backup."
    )


def _capped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pending_key_path(vault_path: Path) -> Path:
    """The new key file of a passphrase change in progress."""
    return vault_path.with_name(vault_path.name + ".key.pending")


def _write_key_file_at(path: Path, key_file: KeyFile) -> None:
    tmp = private.new_temporary(path.parent, path.name)
    try:
        with open(tmp, "r+b") as handle:
            handle.write(key_file.to_json().encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        keyfile_fsync_dir(path.parent)
    finally:
        with suppress(OSError):
            tmp.unlink()


def _raw_connection(path: Path, key: bytes) -> sqlcipher3.dbapi2.Connection:
    connection = sqlcipher3.dbapi2.connect(str(path), isolation_level=None)
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return connection


def _key_opens(path: Path, key: bytes) -> bool:
    connection = _raw_connection(path, key)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.dbapi2.DatabaseError:
        return False
    finally:
        connection.close()
    return True


def _rekey(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Re-encrypt every page under ``new_key``. SQLCipher rekeys in a rollback-journal
    transaction, so the WAL is emptied into the file first and turned back on after."""
    connection = _raw_connection(path, old_key)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        connection.execute("PRAGMA journal_mode = DELETE").fetchall()
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        connection.execute("PRAGMA journal_mode = WAL").fetchall()
    finally:
        connection.close()


def _settle_pending_key(path: Path, passphrase: str | None, data_key: bytes | None) -> None:
    """A passphrase change cut off half-way left NAME.key.pending: keep whichever key
    file opens the database (the database was rekeyed, or it was not)."""
    pending = pending_key_path(path)
    lock = _acquire_lock(path)
    try:
        for candidate in (key_file_path(path), pending):
            try:
                key_file = KeyFile.from_json(candidate.read_text("utf-8"), candidate)
                if passphrase is not None:
                    key = key_file.unseal(passphrase)
                elif data_key is not None and key_file.fits(data_key):
                    key = data_key
                else:
                    continue
            except (VaultError, OSError, UnicodeDecodeError):
                continue
            if not _key_opens(path, key):
                continue
            if candidate == pending:
                os.replace(pending, key_file_path(path))  # the rekey had finished
                keyfile_fsync_dir(path.parent)
            else:
                pending.unlink()  # the rekey never happened
            return
    finally:
        lock.release()


def _key_does_not_open(path: Path, key_file: KeyFile) -> VaultError:
    """The key file unlocked, yet its key does not open the database beside it."""
    key_name = key_file_path(path).name
    other = anchor.vault_id_beside(path)
    if other is not None and other != key_file.vault_id:
        return NotAVault(
            f"The key file {key_name} belongs to another vault, not to {path.name}. Put the "
            f"key file that was made with {path.name} beside it. Nothing has been changed."
        )
    return VaultDamaged(
        f"{path.name} cannot be opened with the key in {key_name}: that key file is from "
        "another vault or from before a passphrase change, or the vault file is damaged. "
        f"Nothing has been changed. Put the key file that belongs with {path.name} beside "
        "it, or restore both files from your most recent backup."
    )


def _private_copy(path: Path) -> Path:
    """The vault's files copied into a new owner-only temporary folder (removed on close)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="tac-desktop-"))  # 0700, unpredictable name
    try:
        for source in (path, key_file_path(path), anchor.anchor_path(path), *_sidecars(path)):
            if source.is_file():
                private.write_new(folder / source.name, source.read_bytes())
    except OSError as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise _folder_problem(path.parent, error) from None
    return folder / path.name


def _follow_remembered_key(vault_id: str, old_key: bytes, new_key: bytes) -> None:
    """If this computer remembered the old key ('remember on this computer'), it now
    remembers the new one; the old one opens nothing any more."""
    from tac_desktop.core.vault import keyring_store

    try:
        if keyring_store.recall(vault_id) == old_key:
            keyring_store.remember(vault_id, new_key)
    except TacError:  # no password store here: nothing was remembered
        return
