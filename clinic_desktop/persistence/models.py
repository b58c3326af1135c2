"""The ORM tables: patients, assessments and their observations, orders and results, documents,
users, audit, and the clinic's and clinicians' profiles that documents print."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints so Alembic's batch mode on SQLite can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ASSESSMENT_STATUSES = ("draft", "signed", "amended")
USER_ROLES = ("administrator", "clinician", "front_desk")


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database; SQLite otherwise hands back naive values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a UTC time is stored")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class PatientRow(Base):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mrn: Mapped[str] = mapped_column(String(64), unique=True)
    family_name: Mapped[str] = mapped_column(String(200))
    given_name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date] = mapped_column(Date, index=True)
    sex: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(8))
    search_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class AssessmentRow(Base):
    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_patient_visit", "patient_id", "visit_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    visit_date: Mapped[date | None] = mapped_column(Date)
    document: Mapped[str] = mapped_column(Text)
    care_plan: Mapped[str | None] = mapped_column(Text)
    decisions: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    created_by: Mapped[str | None] = mapped_column(String(100))
    signed_by: Mapped[str | None] = mapped_column(String(100))
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    amendment_reason: Mapped[str | None] = mapped_column(Text)


class ObservationRow(Base):
    __tablename__ = "observations"
    __table_args__ = (Index("ix_observations_code", "code_system", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    code_system: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(100))
    body_site: Mapped[str | None] = mapped_column(String(64))
    laterality: Mapped[str | None] = mapped_column(String(16))
    value_num: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str | None] = mapped_column(String(64))
    unit: Mapped[str | None] = mapped_column(String(32))
    observed_at: Mapped[date | None] = mapped_column(Date)
    # A lab result's sample time as the laboratory gave it (ISO 8601, its own precision and
    # offset, never shifted), and the laboratory's own interval.
    collected_at: Mapped[str | None] = mapped_column(String(32))
    reference_low: Mapped[float | None] = mapped_column(Float)
    reference_high: Mapped[float | None] = mapped_column(Float)


ORDER_STATUSES = ("pending", "partial", "complete")
ITEM_STATUSES = ("pending", "resulted")
HOLD_STATUSES = ("open", "resolved", "dismissed")


class LabOrderRow(Base):
    """One requisition: its number is the placer order number of every message about it."""

    __tablename__ = "lab_orders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    order_number: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    ordered_by: Mapped[str | None] = mapped_column(String(100))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), index=True)
    ordered_on: Mapped[date | None] = mapped_column(Date)
    icd10cm: Mapped[str | None] = mapped_column(Text)
    """The reasons for the order: a JSON list of ICD-10-CM codes."""
    clinician_name: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """When the order last left as a message file (None: never sent by the program)."""


class LabOrderItemRow(Base):
    __tablename__ = "lab_order_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("lab_orders.id"), index=True)
    test: Mapped[str] = mapped_column(String(64))
    loinc: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")


class ResultImportRow(Base):
    """One results file as received: its bytes are kept by hash, so the same file is never
    imported twice and every stored result names the file it came from."""

    __tablename__ = "result_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    received_by: Mapped[str | None] = mapped_column(String(100))
    # NULL on SQLite: the bytes are a file named by the hash (persistence/documents.py).
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    stored: Mapped[int] = mapped_column(Integer, default=0)
    held: Mapped[int] = mapped_column(Integer, default=0)


class LabResultRow(Base):
    """A result as the laboratory sent it, in the pending order it answers."""

    __tablename__ = "lab_results"
    __table_args__ = (Index("ix_lab_results_patient_test", "patient_id", "test"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("result_imports.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    order_item_id: Mapped[int | None] = mapped_column(ForeignKey("lab_order_items.id"), index=True)
    test: Mapped[str] = mapped_column(String(64))
    loinc: Mapped[str | None] = mapped_column(String(32))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(32))
    reference_low: Mapped[float | None] = mapped_column(Float)
    reference_high: Mapped[float | None] = mapped_column(Float)
    flag: Mapped[str | None] = mapped_column(String(8))
    collected_at: Mapped[str | None] = mapped_column(String(32))
    result_status: Mapped[str | None] = mapped_column(String(4))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    created_by: Mapped[str | None] = mapped_column(String(100))


class HeldResultRow(Base):
    """A received result the program would not place by itself, kept out of every record
    until a clinician resolves (places) or dismisses it."""

    __tablename__ = "held_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("result_imports.id"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)
    """The received result as JSON (interop.results.ReceivedResult)."""
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolution: Mapped[str | None] = mapped_column(Text)
    result_id: Mapped[int | None] = mapped_column(ForeignKey("lab_results.id"))


class DiaryEntryRow(Base):
    """One cramp from the patient's diary, typed in at a follow-up visit."""

    __tablename__ = "diary_entries"
    __table_args__ = (Index("ix_diary_entries_patient_day", "patient_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    occurred_time: Mapped[str | None] = mapped_column(String(5))
    site: Mapped[str | None] = mapped_column(String(32))
    side: Mapped[str | None] = mapped_column(String(16))
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    intensity: Mapped[int | None] = mapped_column(Integer)
    relief: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    created_by: Mapped[str | None] = mapped_column(String(100))
    # An entry typed by mistake is removed by marking it, never by deleting the row.
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    removed_by: Mapped[str | None] = mapped_column(String(100))
    removed_in_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    """The visit at which it was removed."""


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64))
    # NULL on SQLite: the bytes are a file named by the hash (persistence/documents.py).
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    created_by: Mapped[str | None] = mapped_column(String(100))


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    password_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AuditEntryRow(Base):
    __tablename__ = "audit_entries"
    # AUTOINCREMENT: SQLite must never reuse the id of a deleted entry in a hash chain.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    username: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    patient_id: Mapped[int | None] = mapped_column(Integer, index=True)
    entity: Mapped[str | None] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ClinicProfileRow(Base):
    """The clinic's letterhead, one row (id 1): shared by every workstation of the database."""

    __tablename__ = "clinic_profile"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    footer: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_by: Mapped[str | None] = mapped_column(String(100))


class ClinicianProfileRow(Base):
    """How a clinician's name prints on what they sign: name, credentials, licence, signature."""

    __tablename__ = "clinician_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str] = mapped_column(String(200), default="")
    licence_number: Mapped[str] = mapped_column(String(100), default="")
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
