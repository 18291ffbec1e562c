"""Owner-only files and folders, created exclusively and never through a planted link.

Everything the vault writes (the database, its key file, backups and their key files,
the lock file, temporary files, the folders made for backups) is readable by its owner
only, whatever the umask: ``0600`` for files, ``0700`` for folders. SQLite gives its
``-wal`` and ``-shm`` files the mode of the database, so they follow.

Temporary files get unpredictable names (``.NAME.tac-PID-RANDOM.part``) and are
created with ``O_EXCL | O_NOFOLLOW``: a link planted at any name we might use is never
written through. A temporary file left by a process that was killed is removed by the
next run that writes in the same folder (``clean_stale``).

On Windows the modes mean nothing, so each file and folder we make gets a private ACL
instead: inheritance from the folder cut, full control for the user running the program
(and SYSTEM, which backup and antivirus software run as), nobody else (``icacls``, part
of every Windows since Vista).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import subprocess
import time
from contextlib import suppress
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_POSIX = os.name == "posix"
_WINDOWS = os.name == "nt"

# .NAME.tac-PID-RANDOM.part, and the journal SQLite may put beside it.
_TEMPORARY = re.compile(r"^\..+\.tac-(\d+)-[0-9a-f]{16}\.part(-journal|-wal|-shm)?$")
_STALE_AFTER_SECONDS = 24 * 3600  # where we cannot ask whether the writer still runs


def create_new(path: Path) -> int:
    """Create ``path`` (which must not exist, not even as a link): an fd open for writing."""
    fd = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY, PRIVATE_FILE
    )
    if _POSIX:
        os.fchmod(fd, PRIVATE_FILE)
    elif _WINDOWS:
        _private_acl(path, folder=False)
    return fd


def windows_acl_command(path: Path, *, folder: bool, user: str) -> list[str]:
    """The ``icacls`` call that leaves ``path`` to ``user`` (and SYSTEM) alone: inherited
    entries removed, every explicit grant replaced. A folder's grant is inherited by what
    is made in it later (OI: files, CI: folders)."""
    rights = "(OI)(CI)F" if folder else "F"
    return [
        "icacls",
        str(path),
        "/inheritance:r",
        "/grant:r",
        f"{user}:{rights}",
        "/grant:r",
        f"*S-1-5-18:{rights}",  # SYSTEM, by its well-known SID (names differ by language)
        "/q",
    ]


def _windows_user() -> str:
    name = os.environ.get("USERNAME", "")
    domain = os.environ.get("USERDOMAIN", "")
    return f"{domain}\\{name}" if domain and name else name


def _private_acl(path: Path, *, folder: bool) -> None:
    """Give ``path`` a private ACL on Windows. A failure (a FAT stick, which has no ACLs;
    icacls missing) leaves the file as the folder made it, which is all it can be there."""
    user = _windows_user()
    if not user:
        return
    with suppress(OSError, subprocess.SubprocessError):
        subprocess.run(
            windows_acl_command(path, folder=folder, user=user),
            check=False,
            capture_output=True,
            timeout=30,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )


def new_temporary(folder: Path, name: str) -> Path:
    """An empty owner-only file in ``folder`` with an unpredictable name, for ``name``."""
    for _ in range(100):
        candidate = folder / f".{name}.tac-{os.getpid()}-{secrets.token_hex(8)}.part"
        try:
            fd = create_new(candidate)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a new owner-only file at ``path``, flushed to the disk."""
    fd = create_new(path)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def tighten(path: Path) -> None:
    """Make an existing file or folder of ours owner-only (one made by an older release,
    or under a loose umask). A link, or someone else's file, is left alone."""
    if _WINDOWS:
        if path.is_symlink() or not path.exists():
            return
        _private_acl(path, folder=path.is_dir())
        return
    if not _POSIX:
        return
    try:
        info = os.lstat(path)
    except OSError:
        return
    if info.st_uid != os.getuid() or not info.st_mode & 0o077:
        return
    if stat.S_ISREG(info.st_mode):
        wanted = PRIVATE_FILE
    elif stat.S_ISDIR(info.st_mode):
        wanted = PRIVATE_FOLDER
    else:
        return
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
    except OSError:
        return
    try:
        os.fchmod(fd, wanted)
    except OSError:
        pass  # e.g. a read-only medium: nothing we can change there
    finally:
        os.close(fd)


def make_folder(path: Path) -> None:
    """A folder only its owner can enter (created if missing, tightened if ours)."""
    path.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
    tighten(path)


def _writer_gone(pid: int, modified: float) -> bool:
    if pid == os.getpid():
        return False
    if _POSIX:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False  # alive, someone else's
        return False
    return time.time() - modified > _STALE_AFTER_SECONDS


def clean_stale(folder: Path) -> list[str]:
    """Remove temporary files of ours left in ``folder`` by a process that was killed.

    Only files with our naming, owned by this user, plain files (never a link) and whose
    writer is gone. Returns the names removed.
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        if _POSIX and info.st_uid != os.getuid():
            continue
        if not _writer_gone(int(match.group(1)), info.st_mtime):
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(entry.name)
    return removed


class LockHeld(Exception):
    """Another process (or another vault object here) holds the lock."""


class PrivateLock:
    """An exclusive lock on ``path`` that removes its file when released.

    POSIX: ``flock`` on an owner-only file opened with ``O_NOFOLLOW``; after locking we
    check the name still leads to the file we locked (a releaser may have removed it in
    the meantime), so removing the file on release is safe. Windows: ``msvcrt.locking``
    on a file opened the same way; Windows refuses to remove an open file, so the file is
    removed after it is closed, when no one else holds it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            raise LockHeld(str(self.path))
        flags = os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC | _BINARY
        for _ in range(100):
            fd = os.open(self.path, flags, PRIVATE_FILE)
            try:
                if not _try_lock(fd):
                    raise LockHeld(str(self.path))
                try:
                    now = os.stat(self.path, follow_symlinks=False)
                except FileNotFoundError:
                    now = None
                mine = os.fstat(fd)
                if now is None or (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino):
                    _unlock(fd)
                    os.close(fd)
                    continue  # removed by the last holder between our open and lock
                if _POSIX:
                    os.fchmod(fd, PRIVATE_FILE)
            except BaseException:
                os.close(fd)
                raise
            self._fd = fd
            return
        raise LockHeld(str(self.path))

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if _POSIX:
            with suppress(OSError):
                os.unlink(self.path)  # while still holding it: see acquire
            _unlock(fd)
            os.close(fd)
            return
        _unlock(fd)
        os.close(fd)
        with suppress(OSError):  # another process has it open (and maybe locked): it stays
            os.unlink(self.path)


def _try_lock(fd: int) -> bool:
    if _POSIX:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    import msvcrt

    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if _POSIX:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)
        return
    import msvcrt

    try:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    except OSError:
        pass
