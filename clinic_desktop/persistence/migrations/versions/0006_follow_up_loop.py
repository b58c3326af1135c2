"""The follow-up loop: orders that wait for results, results files, held results, the cramp diary.

`lab_orders` learns whose order it is, when and why (ICD-10-CM codes) and who signed it;
each ordered test waits (`pending`) until its result arrives. `result_imports` keeps each
results file once, by hash; `lab_results` the results placed in the orders they answer,
with the sample's time, the laboratory's interval and flag; `held_results` those the
program would not place without a clinician. `observations` keep a lab result's sample
time and interval, for trends. `diary_entries` hold the patient's cramp diary.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (nullable or with a server default): SQLite adds them in place.
    op.add_column("observations", sa.Column("collected_at", sa.String(length=32), nullable=True))
    op.add_column("observations", sa.Column("reference_low", sa.Float(), nullable=True))
    op.add_column("observations", sa.Column("reference_high", sa.Float(), nullable=True))
    with op.batch_alter_table("lab_orders") as batch:
        batch.add_column(sa.Column("patient_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("ordered_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("icd10cm", sa.Text(), nullable=True))
        batch.add_column(sa.Column("clinician_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            op.f("fk_lab_orders_patient_id_patients"), "patients", ["patient_id"], ["id"]
        )
        batch.create_index(op.f("ix_lab_orders_patient_id"), ["patient_id"], unique=False)
    op.add_column(
        "lab_order_items",
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
    )
    op.create_table(
        "result_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_by", sa.String(length=100), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("held", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_imports")),
        sa.UniqueConstraint("sha256", name=op.f("uq_result_imports_sha256")),
    )
    op.create_table(
        "lab_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("order_item_id", sa.Integer(), nullable=True),
        sa.Column("test", sa.String(length=64), nullable=False),
        sa.Column("loinc", sa.String(length=32), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("reference_low", sa.Float(), nullable=True),
        sa.Column("reference_high", sa.Float(), nullable=True),
        sa.Column("flag", sa.String(length=8), nullable=True),
        sa.Column("collected_at", sa.String(length=32), nullable=True),
        sa.Column("result_status", sa.String(length=4), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_lab_results_assessment_id_assessments"),
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["result_imports.id"],
            name=op.f("fk_lab_results_import_id_result_imports"),
        ),
        sa.ForeignKeyConstraint(
            ["order_item_id"],
            ["lab_order_items.id"],
            name=op.f("fk_lab_results_order_item_id_lab_order_items"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_lab_results_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lab_results")),
    )
    op.create_index(
        op.f("ix_lab_results_assessment_id"), "lab_results", ["assessment_id"], unique=False
    )
    op.create_index(op.f("ix_lab_results_import_id"), "lab_results", ["import_id"], unique=False)
    op.create_index(
        op.f("ix_lab_results_order_item_id"), "lab_results", ["order_item_id"], unique=False
    )
    op.create_index(
        "ix_lab_results_patient_test", "lab_results", ["patient_id", "test"], unique=False
    )
    op.create_table(
        "held_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("result_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["result_imports.id"],
            name=op.f("fk_held_results_import_id_result_imports"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_held_results_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["result_id"], ["lab_results.id"], name=op.f("fk_held_results_result_id_lab_results")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_results")),
    )
    op.create_index(op.f("ix_held_results_import_id"), "held_results", ["import_id"], unique=False)
    op.create_index(
        op.f("ix_held_results_patient_id"), "held_results", ["patient_id"], unique=False
    )
    op.create_index(op.f("ix_held_results_status"), "held_results", ["status"], unique=False)
    op.create_table(
        "diary_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("occurred_time", sa.String(length=5), nullable=True),
        sa.Column("site", sa.String(length=32), nullable=True),
        sa.Column("side", sa.String(length=16), nullable=True),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("intensity", sa.Integer(), nullable=True),
        sa.Column("relief", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_diary_entries_assessment_id_assessments"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_diary_entries_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diary_entries")),
    )
    op.create_index(
        op.f("ix_diary_entries_assessment_id"), "diary_entries", ["assessment_id"], unique=False
    )
    op.create_index(
        "ix_diary_entries_patient_day", "diary_entries", ["patient_id", "occurred_on"], unique=False
    )


def downgrade() -> None:
    op.drop_table("diary_entries")
    op.drop_table("held_results")
    op.drop_table("lab_results")
    op.drop_table("result_imports")
    with op.batch_alter_table("lab_order_items") as batch:
        batch.drop_column("status")
    with op.batch_alter_table("lab_orders") as batch:
        batch.drop_index(op.f("ix_lab_orders_patient_id"))
        batch.drop_constraint(op.f("fk_lab_orders_patient_id_patients"), type_="foreignkey")
        batch.drop_column("sent_at")
        batch.drop_column("clinician_name")
        batch.drop_column("icd10cm")
        batch.drop_column("ordered_on")
        batch.drop_column("patient_id")
    with op.batch_alter_table("observations") as batch:
        batch.drop_column("reference_high")
        batch.drop_column("reference_low")
        batch.drop_column("collected_at")
