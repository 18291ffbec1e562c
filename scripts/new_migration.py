"""Write a new Alembic revision by comparing the models with the current head.

    python scripts/new_migration.py "add case records"

Builds a throwaway plain SQLite database at the current head (the schema is the same
with or without encryption) and lets Alembic autogenerate the difference. Read and
tidy the generated file before committing it.
"""

from __future__ import annotations

import sys

from alembic import command
from sqlalchemy import create_engine

from tac_desktop.core.vault import migrate


def main() -> None:
    message = " ".join(sys.argv[1:]) or "schema change"
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        command.revision(config, message=message, autogenerate=True)


if __name__ == "__main__":
    main()
