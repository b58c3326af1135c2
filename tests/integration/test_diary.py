"""The cramp diary stored on SQLite and PostgreSQL: kept in order, each entry audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from clinic_desktop.domain.diary import DiaryEntry
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import AuditEntryRow
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.diary import CrampDiary
from tests.support.visits import signed_visit


def test_entries_come_back_oldest_first_as_typed_and_each_is_audited(database: Database) -> None:
    visit = signed_visit(database)
    diary = CrampDiary(database, AuditLog(database), lambda: "dr.ruiz")
    later = DiaryEntry(date(2026, 12, 2), "23:15", "calf", "right", 45.5, 6, "walking — andar")
    earlier = DiaryEntry(date(2026, 11, 25), None, "foot", None, None, None, None)
    diary.add(visit.patient_id, later, visit.id)
    diary.add(visit.patient_id, earlier)
    assert diary.entries(visit.patient_id) == [earlier, later]
    with database.session() as session:
        actions = session.scalars(
            select(AuditEntryRow.action).where(AuditEntryRow.action == "diary_save")
        ).all()
    assert len(actions) == 2
    with pytest.raises(LookupError):
        diary.add(visit.patient_id + 1000, earlier)
    assert len(diary.entries(visit.patient_id)) == 2
