"""Consent to share, decisions to share without it, the information-sharing log, and
agenda sections kept from agencies' copies of the minutes (need-to-know).

Revision ID: 0010_consent
Revises: 0009_glossary
Create Date: 2026-11-23 22:13:27.505853
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010_consent"
down_revision: str | None = "0009_glossary"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("person_name", sa.String(length=200), nullable=False),
        sa.Column(
            "given_by",
            sa.Enum(
                "the_person",
                "parental_responsibility",
                "young_person",
                name="consentgiver",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("given_by_name", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "given",
                "refused",
                "withdrawn",
                "not_sought",
                name="consentstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column(
            "how",
            sa.Enum("written", "verbal", name="consenthow", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("not_sought_reason", sa.Text(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("raise_again_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_consents_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_consents_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consents_case_id"), ["case_id"], unique=False)

    op.create_table(
        "sharing_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=False),
        sa.Column(
            "grounds",
            sa.Enum(
                "child_significant_harm",
                "adult_serious_harm",
                "harm_to_another",
                "public_interest",
                name="overridegrounds",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("approved_by", sa.String(length=200), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("person_told", sa.Boolean(), nullable=False),
        sa.Column("not_told_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["consents.id"],
            name=op.f("fk_sharing_overrides_consent_id_consents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_overrides")),
    )
    with op.batch_alter_table("sharing_overrides", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sharing_overrides_consent_id"), ["consent_id"], unique=False
        )

    op.create_table(
        "sharing_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "document", "information", name="informationkind", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column(
            "recipient_kind",
            sa.Enum("agency", "person", name="recipientkind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("override_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column(
            "how",
            sa.Enum(
                "secure_email",
                "post",
                "by_hand",
                "phone",
                "in_person",
                "at_meeting",
                "other",
                name="sharemethod",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_sharing_log_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["consents.id"],
            name=op.f("fk_sharing_log_consent_id_consents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_sharing_log_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["override_id"],
            ["sharing_overrides.id"],
            name=op.f("fk_sharing_log_override_id_sharing_overrides"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_log")),
    )
    with op.batch_alter_table("sharing_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sharing_log_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("meeting_sections", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("restricted", sa.Boolean(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting_sections", schema=None) as batch_op:
        batch_op.drop_column("restricted")

    with op.batch_alter_table("sharing_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_log_case_id"))

    op.drop_table("sharing_log")
    with op.batch_alter_table("sharing_overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_overrides_consent_id"))

    op.drop_table("sharing_overrides")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_case_id"))

    op.drop_table("consents")
