"""The SQLCipher engine recipe (see CONVENTIONS.md, "Facts about this stack")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event


def make_engine(db_path: Path, data_key: bytes | bytearray) -> Engine:
    """An engine whose every connection is keyed with the raw 256-bit data key.

    A raw key skips SQLCipher's own PBKDF2 (argon2id already stretched the passphrase),
    so a connection opens in well under a millisecond.
    """
    key_pragma = f"PRAGMA key = \"x'{data_key.hex()}'\""
    # hide_parameters: error messages never quote the values (names, notes) being written.
    engine = create_engine(f"sqlite:///{db_path}", module=sqlcipher3.dbapi2, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _key_connection(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA cipher_log_level = NONE")
            # SQLCipher wipes (and tries to lock in RAM) the memory it frees: decrypted
            # pages and key material do not linger in freed heap or reach swap.
            cursor.execute("PRAGMA cipher_memory_security = ON")
            cursor.execute(key_pragma)
            cursor.execute("PRAGMA foreign_keys = ON")
            # Temp tables, sort spills and the like stay in memory, never in /tmp.
            cursor.execute("PRAGMA temp_store = MEMORY")
            # Freed pages are overwritten, so deleted text does not linger in free space.
            cursor.execute("PRAGMA secure_delete = ON")
            cursor.execute("PRAGMA busy_timeout = 5000")
            # Up to 64 MB of decrypted pages kept per connection (SQLite's default is 2 MB):
            # a large vault's task list is then decrypted once, not on every look at it.
            cursor.execute("PRAGMA cache_size = -65536")
            # WAL (its pages are encrypted like the main file) and FULL sync, so a power
            # cut loses no action that was committed.
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    return engine
