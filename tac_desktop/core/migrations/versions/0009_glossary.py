"""The glossary: terms and acronyms with their meaning, per sector where it differs.

Revision ID: 0009_glossary
Revises: 0008_decisions_paperwork
Create Date: 2026-11-23 21:40:26.861204
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009_glossary"
down_revision: str | None = "0008_decisions_paperwork"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "glossary_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=40), nullable=False),
        sa.Column("meaning", sa.Text(), nullable=False),
        sa.Column("by_sector", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_terms")),
        sa.UniqueConstraint("term", name=op.f("uq_glossary_terms_term")),
    )


def downgrade() -> None:
    op.drop_table("glossary_terms")
