"""The family as recorded at a meeting: each person's name, relationship, household,
parental responsibility and contact, kept when the meeting is finalised so its minutes
always open with the family as it then stood. Meetings finalised before this show the
case's family as it is now (there is nothing older to go on).

Revision ID: 0015_family_as_recorded
Revises: 0014_who_acts
Create Date: 2026-12-06 06:52:13.625875
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0015_family_as_recorded"
down_revision: str | None = "0014_who_acts"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "meeting_family",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=420), nullable=False),
        sa.Column("relationship_to_subject", sa.String(length=100), nullable=False),
        sa.Column("is_subject", sa.Boolean(), nullable=False),
        sa.Column("is_child", sa.Boolean(), nullable=False),
        sa.Column("lives_in_household", sa.Boolean(), nullable=False),
        sa.Column("parental_responsibility", sa.Boolean(), nullable=False),
        sa.Column("significant_contact", sa.Boolean(), nullable=False),
        sa.Column("no_information", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_family_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_meeting_family_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_family")),
    )
    with op.batch_alter_table("meeting_family", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_family_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting_family", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_family_meeting_id"))

    op.drop_table("meeting_family")
