"""A cramp diary entry typed by mistake can be removed: the row is kept, marked with who
removed it, when, and at which visit, so nothing typed is lost.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("diary_entries") as batch:
        batch.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("removed_by", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("removed_in_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_diary_entries_removed_in_id_assessments"),
            "assessments",
            ["removed_in_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("diary_entries") as batch:
        batch.drop_constraint(
            op.f("fk_diary_entries_removed_in_id_assessments"), type_="foreignkey"
        )
        batch.drop_column("removed_in_id")
        batch.drop_column("removed_by")
        batch.drop_column("removed_at")
