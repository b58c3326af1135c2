"""The clinic's profile (letterhead, contact, logo, footer) and each clinician's printed name.

Documents used to print the account name ("mlopez") and a letterhead read from a file on one
workstation; both now live in the database every workstation shares.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clinic_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("website", sa.String(length=200), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("footer", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_profile")),
    )
    op.create_table(
        "clinician_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("credentials", sa.String(length=200), nullable=False),
        sa.Column("licence_number", sa.String(length=100), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_clinician_profiles_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinician_profiles")),
        sa.UniqueConstraint("user_id", name=op.f("uq_clinician_profiles_user_id")),
    )


def downgrade() -> None:
    op.drop_table("clinician_profiles")
    op.drop_table("clinic_profile")
