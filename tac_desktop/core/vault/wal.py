"""Reading a leftover ``-wal`` file before SQLite replays it.

After a crash the vault's latest saved changes may live only in ``NAME-wal``. SQLite
replays it on the next open, but only up to the first frame whose checksum fails, and
says nothing: one damaged byte in the header drops the whole file, one in a frame drops
that frame and every later one. Then the file is reset and the loss cannot be undone.

So before anything opens the database, ``inspect`` reads the WAL the way SQLite does
(https://www.sqlite.org/fileformat2.html#walformat): the 32-byte header with its
checksum and salts, then each frame's 24-byte header and page, with the running
checksum. SQLCipher encrypts each page before it is written to the WAL and the
checksums are over the encrypted bytes, so this needs no key.

A frame that fails is a problem only when saved changes lie at or beyond it: a commit
frame of the current WAL (same salts) that SQLite will not replay. Frames of an earlier
WAL (other salts) and a transaction that was never committed are normal leftovers.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

WAL_HEADER_BYTES = 32
FRAME_HEADER_BYTES = 24
_MAGIC_LITTLE = 0x377F0682
_MAGIC_BIG = 0x377F0683
_VERSION = 3007000
_DEFAULT_PAGE = 4096  # SQLCipher 4's page size, used when the header cannot be trusted
_MASK = 0xFFFFFFFF


@dataclass(frozen=True)
class WalFinding:
    frames: int  # whole frames in the file
    saved_changes: int  # committed transactions SQLite will replay
    lost_changes: int  # committed transactions at or beyond the damage, not replayed
    header_damaged: bool
    last_only: bool  # the only loss is the very last frame written (a cut-off write?)

    @property
    def damaged(self) -> bool:
        return self.lost_changes > 0

    def describe(self, wal_name: str) -> str:
        if self.header_damaged:
            where = f"the start of {wal_name} is damaged, so none of it can be replayed"
        else:
            where = f"{wal_name} is damaged after the first {self.saved_changes} saved changes"
        if self.last_only:
            return (
                f"{where}: the last change written to it cannot be read. If TAC Desktop or "
                "the computer stopped while saving, that change was never confirmed as "
                "saved; otherwise it is lost"
            )
        noun = "change" if self.lost_changes == 1 else "changes"
        return f"{where}: {self.lost_changes} saved {noun} in it cannot be recovered"


def _checksum(data: bytes, big_endian: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for index in range(0, len(words), 2):
        s0 = (s0 + words[index] + s1) & _MASK
        s1 = (s1 + words[index + 1] + s0) & _MASK
    return s0, s1


def _frame_headers(raw: bytes, page_size: int) -> list[tuple[int, int, int, int, int, int]]:
    size = FRAME_HEADER_BYTES + page_size
    count = (len(raw) - WAL_HEADER_BYTES) // size
    return [
        struct.unpack_from(">6I", raw, WAL_HEADER_BYTES + index * size) for index in range(count)
    ]


def inspect(path: Path) -> WalFinding | None:
    """What replaying the WAL at ``path`` would keep and lose; ``None`` for no WAL."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if len(raw) < WAL_HEADER_BYTES:
        return None  # no frame was ever written after a header: nothing saved in it
    magic, version, page_size, _seq, salt1, salt2, check1, check2 = struct.unpack_from(
        ">8I", raw, 0
    )
    big_endian = magic == _MAGIC_BIG
    plausible_page = 512 <= page_size <= 65536 and page_size & (page_size - 1) == 0
    header_ok = (
        magic in (_MAGIC_LITTLE, _MAGIC_BIG)
        and version == _VERSION
        and plausible_page
        and _checksum(raw[:24], big_endian) == (check1, check2)
    )
    if not header_ok:
        return _without_header(raw, page_size if plausible_page else _DEFAULT_PAGE)

    headers = _frame_headers(raw, page_size)
    size = FRAME_HEADER_BYTES + page_size
    s0, s1 = check1, check2
    saved = 0
    broken_at: int | None = None
    for index, (_page, commit, f_salt1, f_salt2, f_check1, f_check2) in enumerate(headers):
        if (f_salt1, f_salt2) != (salt1, salt2):
            broken_at = index
            break
        start = WAL_HEADER_BYTES + index * size
        s0, s1 = _checksum(raw[start : start + 8], big_endian, s0, s1)
        s0, s1 = _checksum(raw[start + FRAME_HEADER_BYTES : start + size], big_endian, s0, s1)
        if (s0, s1) != (f_check1, f_check2):
            broken_at = index
            break
        if commit:
            saved += 1
    if broken_at is None:
        return WalFinding(len(headers), saved, 0, False, False)
    # Frames of this WAL (same salts) from the damage on: SQLite will drop them all.
    current = [
        index for index in range(broken_at, len(headers)) if headers[index][2:4] == (salt1, salt2)
    ]
    lost = [index for index in current if headers[index][1]]
    last_only = lost == current[-1:] and len(lost) == 1 and lost[0] == broken_at
    return WalFinding(len(headers), saved, len(lost), False, last_only)


def _without_header(raw: bytes, page_size: int) -> WalFinding:
    """A header that fails its checksum: SQLite ignores the whole file. What was saved in
    it is judged from the frames themselves: those sharing the most common salts."""
    headers = _frame_headers(raw, page_size)
    if not headers:
        return WalFinding(0, 0, 0, True, False)
    counts: dict[tuple[int, int], int] = {}
    for header in headers:
        salts = (header[2], header[3])
        counts[salts] = counts.get(salts, 0) + 1
    salts = max(counts, key=lambda pair: counts[pair])
    lost = sum(1 for header in headers if (header[2], header[3]) == salts and header[1])
    return WalFinding(len(headers), 0, lost, True, False)
