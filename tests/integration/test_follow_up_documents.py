"""A follow-up's printed plan from the records: the earlier signed visits and the diary it draws
on, the signed visit an addendum revises; and `render ID` printing both, on a real database."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinic_desktop.cli import main
from clinic_desktop.domain.assessment import History, LabResult
from clinic_desktop.domain.diary import DiaryEntry
from clinic_desktop.persistence.database import Database, open_database
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.diary import CrampDiary
from clinic_desktop.services.follow_up import read_follow_up
from tests.support.visits import ANA, VISIT_DAY, first_visit, signed_visit

LATER = date(2027, 1, 8)


def follow_up_visit(store: AssessmentStore, patient_id: int, day: date = LATER) -> int:
    later = first_visit(ANA.patient(), day)
    later.history = History(
        presentations=["nocturnal_leg_cramps"], sites=["calf"], episodes_per_week=1, pain_score=3
    )
    later.labs = [LabResult("magnesium", 1.5, "mg/dL", collected_at="2027-01-05")]
    return store.start(patient_id, later, "dr.ruiz").id


def test_a_follow_up_reads_the_earlier_signed_visits_and_the_diary_up_to_its_day(
    database: Database,
) -> None:
    store = AssessmentStore(database)
    diary = CrampDiary(database)
    first = signed_visit(database, store=store)
    # A visit left as a draft is not printed on a patient's page.
    store.start(first.patient_id, first_visit(ANA.patient(), date(2026, 12, 1)), "dr.ruiz")
    diary.add(first.patient_id, DiaryEntry(date(2026, 12, 3), intensity=6))
    diary.add(first.patient_id, DiaryEntry(date(2027, 2, 1), intensity=2))  # after the visit
    later = store.load(follow_up_visit(store, first.patient_id))

    follow_up = read_follow_up(store, diary, later)
    assert follow_up.earlier == (first.assessment,)
    assert [e.occurred_on for e in follow_up.diary] == [date(2026, 12, 3)]
    assert follow_up.revises is None

    # The first visit has nothing before it: its plan draws no chart.
    assert read_follow_up(store, diary, first).earlier == ()


def test_an_addendum_reads_the_signed_visit_it_revises(database: Database) -> None:
    store = AssessmentStore(database)
    first = signed_visit(database, store=store)
    addendum = store.amend(first.id, "dr.ruiz", "results arrived")

    follow_up = read_follow_up(store, CrampDiary(database), addendum)
    assert follow_up.revises == first.assessment
    assert follow_up.revises_plan == first.care_plan
    assert first.signed_at is not None
    assert follow_up.revises_signed_on == first.signed_at.date()
    assert follow_up.earlier == ()


def test_render_prints_a_revised_follow_up_plan_with_its_chart(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLINIC_DESKTOP_DATABASE_URL", sqlite_url)
    database = open_database(sqlite_url)
    try:
        store = AssessmentStore(database)
        first = signed_visit(database, store=store)
        later = store.load(follow_up_visit(store, first.patient_id))
        assert first.care_plan is not None
        plan = replace(first.care_plan, signed_at=None)
        signed = store.sign(later.id, "dr.ruiz", plan, later.version)
        addendum = store.amend(signed.id, "dr.ruiz", "results arrived")
        assert signed.signed_at is not None
        signed_day = signed.signed_at.date()
    finally:
        database.close()

    out = tmp_path / "revised.pdf"
    assert main(["render", str(addendum.id), "--out", str(out)]) == 0
    pages = [
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(out.read_bytes())).pages
    ]
    revised = f"Revised plan: replaces the plan of {signed_day.day} "
    assert all(revised in page for page in pages)
    words = " ".join(pages)
    assert "How things have changed" in words and "Magnesium (mmol/L)" in words
    assert f"since {VISIT_DAY.day} November 2026" in words  # the first visit's cramps
