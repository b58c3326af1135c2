"""The cramp diary of each patient, kept in `diary_entries`; each entry saved is audited."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from clinic_desktop.domain.diary import DiaryEntry
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import DiaryEntryRow, PatientRow, utc_now
from clinic_desktop.services.audit import AuditLog


class CrampDiary:
    """Diary entries in one database; each call is its own unit of work, safe from any thread."""

    def __init__(
        self,
        database: Database,
        audit: AuditLog | None = None,
        user: Callable[[], str | None] | None = None,
    ) -> None:
        self._database = database
        self._audit = audit
        self._user = user or (lambda: None)

    def add(self, patient_id: int, entry: DiaryEntry, assessment_id: int | None = None) -> int:
        """Store one entry (typed in at visit `assessment_id`); LookupError for no such patient."""
        with self._database.session() as session:
            if session.get(PatientRow, patient_id) is None:
                raise LookupError(f"No patient with id {patient_id}.")
            row = DiaryEntryRow(
                patient_id=patient_id,
                assessment_id=assessment_id,
                occurred_on=entry.occurred_on,
                occurred_time=entry.occurred_time,
                site=entry.site,
                side=entry.side,
                duration_seconds=entry.duration_seconds,
                intensity=entry.intensity,
                relief=entry.relief,
                created_at=utc_now(),
                created_by=self._user(),
            )
            session.add(row)
            session.flush()
            anchor = None
            if self._audit is not None:
                anchor = self._audit.append(
                    session,
                    "diary_save",
                    username=self._user(),
                    patient_id=patient_id,
                    entity="diary_entry",
                    entity_id=row.id,
                    detail={"assessment": assessment_id},
                )
            new_id = row.id
        if anchor is not None and self._audit is not None:
            self._audit.anchor(anchor)
        return new_id

    def entries(self, patient_id: int) -> list[DiaryEntry]:
        """The patient's diary, oldest cramp first."""
        with self._database.session() as session:
            rows = session.scalars(
                select(DiaryEntryRow)
                .where(DiaryEntryRow.patient_id == patient_id)
                .order_by(
                    DiaryEntryRow.occurred_on,
                    DiaryEntryRow.occurred_time.nulls_first(),
                    DiaryEntryRow.id,
                )
            ).all()
            return [
                DiaryEntry(
                    row.occurred_on,
                    row.occurred_time,
                    row.site,
                    row.side,
                    row.duration_seconds,
                    row.intensity,
                    row.relief,
                )
                for row in rows
            ]
