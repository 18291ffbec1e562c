"""Getting ready to open a vault before its key is known: imports and mapper set-up.

Nothing here touches a database, so it may run on any thread: the window runs it on a
worker while the chair types the passphrase (and argon2 derives the key), and the first
``Vault.open`` after unlocking then costs what opening costs rather than ~100 ms more.
SQLAlchemy configures mappers under its own lock: a query on the GUI thread meanwhile
waits for them instead of seeing them half done.
"""

from __future__ import annotations


def warm_up() -> None:
    """Import the SQLite dialect and configure every mapper; no file, no connection."""
    import sqlcipher3.dbapi2
    from sqlalchemy import create_engine
    from sqlalchemy.orm import configure_mappers

    import tac_desktop.core.models  # noqa: F401 (every mapped class, so all are configured)

    configure_mappers()  # else the first ORM query does it: the relationships, ~50 ms
    # create_engine loads the sqlite dialect package (~20 ms of imports and regexes) and
    # sets up its first engine; an engine never connected touches no file.
    create_engine("sqlite://", module=sqlcipher3.dbapi2).dispose()
