"""Keep the clinician's lab-order ticks and red-flag acknowledgements with the draft.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch rebuild: rebuilding `assessments` is not needed
    # and SQLite adds a nullable column in place.
    op.add_column("assessments", sa.Column("decisions", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("decisions")
