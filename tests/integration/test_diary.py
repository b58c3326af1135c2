"""The cramp diary stored on SQLite and PostgreSQL: kept in order, each entry audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.domain.diary import DiaryEntry
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import AuditEntryRow, DiaryEntryRow
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.diary import CrampDiary, SignedVisitError
from tests.support.visits import ANA, first_visit, signed_visit

FOLLOW_UP = date(2026, 12, 18)


def audited(database: Database, action: str) -> list[AuditEntryRow]:
    with database.session() as session:
        rows = session.scalars(select(AuditEntryRow).where(AuditEntryRow.action == action)).all()
        session.expunge_all()
        return list(rows)


def test_entries_come_back_oldest_first_as_typed_and_each_is_audited(database: Database) -> None:
    store = AssessmentStore(database)
    first = signed_visit(database, store=store)
    visit = store.start(first.patient_id, first_visit(ANA.patient(), FOLLOW_UP), "dr.ruiz")
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


def test_an_entry_typed_by_mistake_is_removed_kept_in_the_records_and_audited(
    database: Database,
) -> None:
    store = AssessmentStore(database)
    first = signed_visit(database, store=store)
    visit = store.start(first.patient_id, first_visit(ANA.patient(), FOLLOW_UP), "dr.ruiz")
    diary = CrampDiary(database, AuditLog(database), lambda: "dr.ruiz")
    kept = DiaryEntry(date(2026, 12, 10), "02:00", "calf", "left", 60, 5, None)
    mistake = DiaryEntry(date(2026, 12, 11), "22:00", "calf", "left", 6000, 5, None)
    diary.add(visit.patient_id, kept, visit.id)
    wrong_id = diary.add(visit.patient_id, mistake, visit.id)
    listed = diary.listed(visit.patient_id, visit.id)
    assert [(e.entry, e.visit_id, e.signed_at) for e in listed] == [
        (kept, visit.id, None),
        (mistake, visit.id, None),
    ]

    diary.remove(wrong_id, visit.id)
    # Out of the diary (and so of the trends), still in the records with who, when and where.
    assert diary.entries(visit.patient_id) == [kept]
    with database.session() as session:
        row = session.get(DiaryEntryRow, wrong_id)
        assert row is not None and row.duration_seconds == 6000
        assert (row.removed_by, row.removed_in_id) == ("dr.ruiz", visit.id)
        assert row.removed_at is not None
    (entry,) = audited(database, "diary_remove")
    assert (entry.username, entry.patient_id, entry.entity_id) == (
        "dr.ruiz",
        visit.patient_id,
        wrong_id,
    )
    with pytest.raises(LookupError):
        diary.remove(wrong_id, visit.id)  # removed twice (two rooms at once): said, not repeated
    assert len(audited(database, "diary_remove")) == 1


def test_a_signed_visits_diary_does_not_change_except_through_its_amendment(
    database: Database,
) -> None:
    store = AssessmentStore(database)
    visit = store.start(
        signed_visit(database, store=store).patient_id,
        first_visit(ANA.patient(), FOLLOW_UP),
        "dr.ruiz",
    )
    diary = CrampDiary(database, AuditLog(database), lambda: "dr.ruiz")
    entry = DiaryEntry(date(2026, 12, 11), "22:00", "calf", None, 6000, None, None)
    entry_id = diary.add(visit.patient_id, entry, visit.id)
    signed = store.sign(visit.id, "dr.ruiz", CarePlan(language="en"), visit.version)

    (listed,) = diary.listed(visit.patient_id, visit.id)
    assert listed.signed_at == signed.signed_at
    with pytest.raises(SignedVisitError) as refused:
        diary.remove(entry_id, visit.id)
    assert refused.value.signed_at == signed.signed_at
    assert refused.value.visit_date == listed.visit_date == FOLLOW_UP
    with pytest.raises(SignedVisitError):
        diary.add(visit.patient_id, entry, visit.id)
    assert diary.entries(visit.patient_id) == [entry] and not audited(database, "diary_remove")

    # The amendment of the signed visit corrects it; the signed visit's row stays as typed.
    amendment = store.amend(visit.id, "dr.ruiz", "diary entry typed by mistake")
    (listed,) = diary.listed(visit.patient_id, amendment.id)
    assert listed.signed_at is None
    diary.remove(entry_id, amendment.id)
    assert diary.entries(visit.patient_id) == []
    with database.session() as session:
        row = session.get(DiaryEntryRow, entry_id)
        assert row is not None and row.assessment_id == visit.id
        assert row.removed_in_id == amendment.id
