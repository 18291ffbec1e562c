"""Transitions and closure: handing a child on, closing a case, reopening it, and the
lines of their checklists that someone marked.

Revision ID: 0011_transitions
Revises: 0010_consent
Create Date: 2026-11-24 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011_transitions"
down_revision: str | None = "0010_consent"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "transitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("for_person_id", sa.Integer(), nullable=True),
        sa.Column("for_name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "adult_services",
                "moving_area",
                "change_of_school",
                "leaving_care",
                "other",
                name="transitionkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("moves_on", sa.Date(), nullable=False),
        sa.Column("receiving_agency", sa.String(length=200), nullable=False),
        sa.Column("receiving_contact", sa.String(length=300), nullable=False),
        sa.Column("continuity_by", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("open", "complete", name="transitionstatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_transitions_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["for_person_id"],
            ["people.id"],
            name=op.f("fk_transitions_for_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transitions")),
    )
    with op.batch_alter_table("transitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transitions_case_id"), ["case_id"], unique=False)

    op.create_table(
        "closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("intended_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("risk_level", sa.Text(), nullable=False),
        sa.Column("reinstate_when", sa.Text(), nullable=False),
        sa.Column("monitoring", sa.Text(), nullable=False),
        sa.Column("monitored_by", sa.String(length=200), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=True),
        sa.Column("closed_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_closures_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closures")),
    )
    with op.batch_alter_table("closures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_closures_case_id"), ["case_id"], unique=False)

    op.create_table(
        "checklist_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transition_id", sa.Integer(), nullable=True),
        sa.Column("closure_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_by", sa.String(length=200), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["closure_id"],
            ["closures.id"],
            name=op.f("fk_checklist_items_closure_id_closures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["transition_id"],
            ["transitions.id"],
            name=op.f("fk_checklist_items_transition_id_transitions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_items")),
    )
    with op.batch_alter_table("checklist_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_items_closure_id"), ["closure_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_checklist_items_transition_id"), ["transition_id"], unique=False
        )

    op.create_table(
        "reopenings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("closure_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reopened_by", sa.String(length=200), nullable=False),
        sa.Column("reopened_at", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_reopenings_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["closure_id"],
            ["closures.id"],
            name=op.f("fk_reopenings_closure_id_closures"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reopenings")),
    )
    with op.batch_alter_table("reopenings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reopenings_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reopenings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reopenings_case_id"))

    op.drop_table("reopenings")
    with op.batch_alter_table("checklist_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_items_transition_id"))
        batch_op.drop_index(batch_op.f("ix_checklist_items_closure_id"))

    op.drop_table("checklist_items")
    with op.batch_alter_table("closures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_closures_case_id"))

    op.drop_table("closures")
    with op.batch_alter_table("transitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transitions_case_id"))

    op.drop_table("transitions")
