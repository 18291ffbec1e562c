"""Alembic environment: always run with a connection handed over by the vault.

The vault owns the key, so migrations never open the database themselves; both the
program (``tac_desktop.core.vault.migrate``) and developers' autogenerate go through
``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from tac_desktop.core.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("TAC Desktop migrations run only through tac_desktop.core.vault")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
