"""Decisions with who disagreed and why; when the decision summary and minutes were sent.

Revision ID: 0008_decisions_paperwork
Revises: 0007_reports
Create Date: 2026-11-23 21:30:52.782937
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008_decisions_paperwork"
down_revision: str | None = "0007_reports"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_decisions_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "dissents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_dissents_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dissents")),
    )
    with op.batch_alter_table("dissents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dissents_decision_id"), ["decision_id"], unique=False)

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decision_summary_sent_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("minutes_sent_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("minutes_sent_on")
        batch_op.drop_column("decision_summary_sent_on")

    with op.batch_alter_table("dissents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dissents_decision_id"))

    op.drop_table("dissents")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_meeting_id"))

    op.drop_table("decisions")
