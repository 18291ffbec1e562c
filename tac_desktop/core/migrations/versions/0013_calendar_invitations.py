"""Calendar invitations: the chair's e-mail address (the invitations' organiser), and
each meeting's invitation UID and how many invitations have been sent (its SEQUENCE).

Revision ID: 0013_calendar_invitations
Revises: 0012_copies_for_readers
Create Date: 2026-12-06 05:47:57.227178
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0013_calendar_invitations"
down_revision: str | None = "0012_copies_for_readers"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("chair", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("email", sa.String(length=254), server_default="", nullable=False)
        )

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("invitation_uid", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("invitation_sequence", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("invitation_sequence")
        batch_op.drop_column("invitation_uid")

    with op.batch_alter_table("chair", schema=None) as batch_op:
        batch_op.drop_column("email")
