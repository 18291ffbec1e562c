"""Running the vault's Alembic migrations from inside the program.

Alembic itself is imported only when a vault actually needs updating: reading the
stored revision is one query, and importing Alembic would cost ~100 ms on every unlock.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

import tac_desktop.core.migrations as migrations_package

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# The newest revision in migrations/versions; a test keeps this equal to Alembic's head.
SCHEMA_HEAD = "0015_family_as_recorded"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(migrations_package.__file__).parent))
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return SCHEMA_HEAD


def known_revisions() -> set[str]:
    return {script.revision for script in script_directory().walk_revisions()}


def revisions_after(revision: str) -> list[str]:
    """The revisions that follow ``revision`` up to the head, oldest first."""
    newer = [
        script.revision
        for script in script_directory().walk_revisions(base=revision, head="heads")
        if script.revision != revision
    ]
    return newer[::-1]


def current_revision(connection: Connection) -> str | None:
    exists = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    ).first()
    if exists is None:
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(connection: Connection, target: str = "head") -> None:
    """Bring the schema to ``target`` inside the caller's transaction: every step, its
    tables as well as its rows, kept or undone together."""
    from alembic import command

    _hold_transaction(connection)
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, target)


def _hold_transaction(connection: Connection) -> None:
    """Open the database's own transaction now, if it is not open yet.

    Python's sqlite3 (and so sqlcipher3) opens one only before INSERT, UPDATE or DELETE:
    a CREATE or ALTER TABLE before that was committed at once. An update that failed half
    way (a full disk, a power cut) kept the tables of the steps it had made while the
    vault still named its old revision, and every later update then stopped at "table
    already exists". SQLite's schema changes are transactional: begun here, the whole
    update is kept or undone as one. IMMEDIATE takes the write lock at once."""
    raw = connection.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
