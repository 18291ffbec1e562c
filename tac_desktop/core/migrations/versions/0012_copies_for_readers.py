"""Copies for readers: the chair's marks on who may read each item of a meeting's
record, the people who must not receive information, each finalised meeting's
distribution list, and the safeguarding route of a referral task.

Revision ID: 0012_copies_for_readers
Revises: 0011_transitions
Create Date: 2026-12-06 04:45:54.325367
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0012_copies_for_readers"
down_revision: str | None = "0011_transitions"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "copy_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("item_key", sa.String(length=200), nullable=False),
        sa.Column(
            "audience",
            sa.Enum("everyone", "professionals", name="audience", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("marked_by", sa.String(length=200), nullable=False),
        sa.Column("marked_at", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_copy_marks_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_copy_marks_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_copy_marks")),
        sa.UniqueConstraint("case_id", "item_key", name=op.f("uq_copy_marks_case_id")),
    )
    with op.batch_alter_table("copy_marks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_copy_marks_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_copy_marks_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "meeting_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("professional_id", sa.Integer(), nullable=True),
        sa.Column(
            "copy",
            sa.Enum(
                "full", "agency", "family", "none", name="copykind", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column(
            "delivery",
            sa.Enum(
                "secure_email", "post", "by_hand", name="delivery", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("summary_sent_on", sa.Date(), nullable=True),
        sa.Column("minutes_sent_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_recipients_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_meeting_recipients_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professionals.id"],
            name=op.f("fk_meeting_recipients_professional_id_professionals"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_recipients")),
    )
    with op.batch_alter_table("meeting_recipients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_recipients_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "copy_mark_exclusions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mark_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("person_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["mark_id"],
            ["copy_marks.id"],
            name=op.f("fk_copy_mark_exclusions_mark_id_copy_marks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_copy_mark_exclusions_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_copy_mark_exclusions")),
        sa.UniqueConstraint("mark_id", "person_id", name=op.f("uq_copy_mark_exclusions_mark_id")),
    )
    with op.batch_alter_table("copy_mark_exclusions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_copy_mark_exclusions_mark_id"), ["mark_id"], unique=False
        )

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("no_information", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("no_information_reason", sa.Text(), server_default="", nullable=False)
        )

    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("procedure", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("procedure")

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("no_information_reason")
        batch_op.drop_column("no_information")

    with op.batch_alter_table("copy_mark_exclusions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_copy_mark_exclusions_mark_id"))

    op.drop_table("copy_mark_exclusions")
    with op.batch_alter_table("meeting_recipients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_recipients_meeting_id"))

    op.drop_table("meeting_recipients")
    with op.batch_alter_table("copy_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_copy_marks_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_copy_marks_case_id"))

    op.drop_table("copy_marks")
