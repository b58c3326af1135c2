"""The cramp diary of each patient, kept in `diary_entries`; each entry saved or removed is audited.

An entry typed by mistake is removed by marking its row (who, when, at which visit): it leaves
the diary and the trends, and stays in the records. A signed visit is read-only (design.md:
corrections are amendments that keep the original), so nothing is added to a signed visit, and
an entry typed at one is removed only from an amendment of that visit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from clinic_desktop.domain.diary import DiaryEntry
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import AssessmentRow, DiaryEntryRow, PatientRow, utc_now
from clinic_desktop.services.audit import AuditLog


class SignedVisitError(ValueError):
    """The diary of a signed visit does not change; `signed_at` is when that visit was signed,
    `visit_date` the day it was for."""

    def __init__(self, message: str, signed_at: datetime, visit_date: date | None) -> None:
        super().__init__(message)
        self.signed_at = signed_at
        self.visit_date = visit_date


@dataclass(frozen=True, slots=True)
class StoredDiaryEntry:
    """An entry as the diary lists it at one visit."""

    id: int
    entry: DiaryEntry
    visit_id: int | None
    """The visit it was typed in at (None: typed outside a visit)."""
    signed_at: datetime | None
    """When that visit was signed, if it was and the visit shown may not change it; else None."""
    visit_date: date | None = None
    """The date of the visit it was typed at."""


def _entry(row: DiaryEntryRow) -> DiaryEntry:
    return DiaryEntry(
        row.occurred_on,
        row.occurred_time,
        row.site,
        row.side,
        row.duration_seconds,
        row.intensity,
        row.relief,
    )


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
        """Store one entry (typed in at visit `assessment_id`); LookupError for no such patient,
        SignedVisitError when that visit is signed."""
        with self._database.session() as session:
            if session.get(PatientRow, patient_id) is None:
                raise LookupError(f"No patient with id {patient_id}.")
            if assessment_id is not None:
                visit = session.get(AssessmentRow, assessment_id)
                if visit is not None and visit.signed_at is not None:
                    raise SignedVisitError(
                        "This visit is signed: its diary does not change.",
                        visit.signed_at,
                        visit.visit_date,
                    )
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

    def remove(self, entry_id: int, visit_id: int | None) -> None:
        """Take an entry typed by mistake out of the diary, at visit `visit_id`; the row is kept.

        LookupError when there is no such entry or it is already removed; SignedVisitError when
        the entry was typed at a signed visit that `visit_id` is not a draft amendment of.
        """
        with self._database.session() as session:
            row = session.get(DiaryEntryRow, entry_id)
            if row is None or row.removed_at is not None:
                raise LookupError("That diary entry is no longer in the diary.")
            locked = self._locked(session, row.assessment_id, self._amended_by(session, visit_id))
            if locked is not None and locked.signed_at is not None:
                raise SignedVisitError(
                    "The entry was typed at a signed visit: it does not change.",
                    locked.signed_at,
                    locked.visit_date,
                )
            changed = session.execute(
                update(DiaryEntryRow)
                .where(DiaryEntryRow.id == entry_id, DiaryEntryRow.removed_at.is_(None))
                .values(removed_at=utc_now(), removed_by=self._user(), removed_in_id=visit_id)
            )
            if changed.rowcount != 1:  # type: ignore[attr-defined]
                raise LookupError("That diary entry is no longer in the diary.")
            anchor = None
            if self._audit is not None:
                anchor = self._audit.append(
                    session,
                    "diary_remove",
                    username=self._user(),
                    patient_id=row.patient_id,
                    entity="diary_entry",
                    entity_id=entry_id,
                    detail={"assessment": visit_id, "typed_at": row.assessment_id},
                )
        if anchor is not None and self._audit is not None:
            self._audit.anchor(anchor)

    @staticmethod
    def _amended_by(session: Session, visit_id: int | None) -> set[int]:
        """The visits that `visit_id`, a draft amendment, corrects (all earlier versions)."""
        found: set[int] = set()
        visit = session.get(AssessmentRow, visit_id) if visit_id is not None else None
        if visit is None or visit.signed_at is not None:
            return found
        while visit is not None and visit.amends_id is not None and visit.amends_id not in found:
            found.add(visit.amends_id)
            visit = session.get(AssessmentRow, visit.amends_id)
        return found

    @staticmethod
    def _locked(session: Session, typed_at: int | None, amended: set[int]) -> AssessmentRow | None:
        """The signed visit an entry was typed at, unless `amended` (an amendment) corrects it."""
        if typed_at is None or typed_at in amended:
            return None
        visit = session.get(AssessmentRow, typed_at)
        return visit if visit is not None and visit.signed_at is not None else None

    def _rows(self, session: Session, patient_id: int) -> list[DiaryEntryRow]:
        return list(
            session.scalars(
                select(DiaryEntryRow)
                .where(DiaryEntryRow.patient_id == patient_id, DiaryEntryRow.removed_at.is_(None))
                .order_by(
                    DiaryEntryRow.occurred_on,
                    DiaryEntryRow.occurred_time.nulls_first(),
                    DiaryEntryRow.id,
                )
            ).all()
        )

    def entries(self, patient_id: int) -> list[DiaryEntry]:
        """The patient's diary, oldest cramp first; removed entries left out."""
        with self._database.session() as session:
            return [_entry(row) for row in self._rows(session, patient_id)]

    def listed(self, patient_id: int, visit_id: int | None) -> list[StoredDiaryEntry]:
        """The diary as visit `visit_id` lists it: each entry with whether it may be removed there."""
        with self._database.session() as session:
            amended = self._amended_by(session, visit_id)
            listed = []
            for row in self._rows(session, patient_id):
                visit = session.get(AssessmentRow, row.assessment_id) if row.assessment_id else None
                locked = self._locked(session, row.assessment_id, amended)
                listed.append(
                    StoredDiaryEntry(
                        row.id,
                        _entry(row),
                        row.assessment_id,
                        locked.signed_at if locked is not None else None,
                        visit.visit_date if visit is not None else None,
                    )
                )
            return listed
