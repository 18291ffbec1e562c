"""Who acts on a Think Family answer: the professional, agency or chair named to do the
action or referral a "yes" or "not known" leads to (the task becomes theirs at finalise).

Revision ID: 0014_who_acts
Revises: 0013_calendar_invitations
Create Date: 2026-12-06 06:09:31.351249
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0014_who_acts"
down_revision: str | None = "0013_calendar_invitations"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("considerations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("actor_professional_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("actor_agency_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("actor_name", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("actor_agency", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_considerations_actor_professional_id_professionals"),
            "professionals",
            ["actor_professional_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_considerations_actor_agency_id_agencies"),
            "agencies",
            ["actor_agency_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("considerations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_considerations_actor_agency_id_agencies"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_considerations_actor_professional_id_professionals"), type_="foreignkey"
        )
        batch_op.drop_column("actor_agency")
        batch_op.drop_column("actor_name")
        batch_op.drop_column("actor_agency_id")
        batch_op.drop_column("actor_professional_id")
        batch_op.drop_column("actor_kind")
