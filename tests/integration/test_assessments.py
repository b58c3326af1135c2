"""Assessments against real databases: round trip, optimistic locking, signing and amendments."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from clinic_desktop.domain.assessment import (
    AnkleClonus,
    AnklePressures,
    AnklePressuresBySide,
    Assessment,
    BrachialPressures,
    Exam,
    History,
    LabResult,
    Medication,
    Patient,
    PlantarResponses,
    PulseGrade,
    ReflexGrade,
    SiteFinding,
    StrengthGrade,
    ToneGrade,
    Vascular,
    Vitals,
)
from clinic_desktop.domain.careplan import CarePlan, PlannedItem, VisitDecisions
from clinic_desktop.persistence.database import Database, open_database
from clinic_desktop.persistence.models import ObservationRow
from clinic_desktop.persistence.observations import (
    LOINC,
    MODIFIED_ASHWORTH,
    MRC_STRENGTH,
    REFLEX,
    SYSTOLIC_PRESSURE,
)
from clinic_desktop.services.assessments import AssessmentStore, ConflictError, ReadOnlyError
from clinic_desktop.services.patients import PatientInput, PatientRegistry


def full_assessment() -> Assessment:
    """Every section of the exchange format filled in, as in its documented example."""
    return Assessment(
        patient=Patient("A-1001", "García", "Ana", date(1961, 4, 2), "female", False, None, "es"),
        visit_date=date(2026, 11, 20),
        history=History(
            presentations=["nocturnal_leg_cramps"],
            sites=["calf"],
            episodes_per_week=4.0,
            episode_duration_seconds=90.0,
            pain_score=7,
            triggers=["night_rest"],
            symptoms=["localized_pain", "sleep_disruption"],
            dark_urine=False,
            progressive=False,
            conditions=["smoker"],
            site_sides={"calf": "bilateral"},
        ),
        exam=Exam(
            strength=[StrengthGrade("ankle_dorsiflexors", "left", "4")],
            reflexes=[ReflexGrade("achilles", "left", "1+")],
            tone=[ToneGrade("elbow_flexors", "right", "1+")],
            plantar=PlantarResponses("flexor", "flexor"),
            ankle_clonus=AnkleClonus(False, False),
            fasciculations=[SiteFinding("calf", "left")],
            atrophy=[],
            sensory_loss=[SiteFinding("foot", "left", "vibration")],
            chvostek=False,
            trousseau=False,
        ),
        labs=[
            LabResult("magnesium", 1.5, "mg/dL", loinc="19123-9"),
            LabResult("potassium", 3.1, "mmol/L", reference_low=3.5, reference_high=5.1),
        ],
        vascular=Vascular(
            brachial_systolic_mmhg=BrachialPressures(128.0, 132.0),
            ankle_systolic_mmhg=AnklePressuresBySide(
                AnklePressures(110.0, 114.0), AnklePressures(120.0, 118.0)
            ),
            pulses=[PulseGrade("dorsalis_pedis", "left", 1)],
            capillary_refill_seconds=2.0,
            claudication=False,
        ),
        medications=[Medication("hydrochlorothiazide", "25 mg daily")],
        vitals=Vitals(temperature_c=36.8, heart_rate_bpm=72.0),
        context=["primary_care"],
        notes={"history": "Both calves, worse after long walks.", "examination": "Calm."},
    )


def care_plan(signed_at: datetime | None = None) -> CarePlan:
    return CarePlan(
        language="es",
        items=[PlannedItem("stretch", "physiotherapy", "Estiramiento de pantorrilla", ["src"])],
        follow_up_date=date(2026, 12, 20),
        clinician_name="Dr. Ruiz",
        signed_at=signed_at,
    )


@pytest.fixture
def patient_id(database: Database) -> int:
    registry = PatientRegistry(database)
    return registry.create(PatientInput("A-1001", "García", "Ana", "1961-04-02")).id


@pytest.fixture
def store(database: Database) -> AssessmentStore:
    return AssessmentStore(database)


def test_a_full_assessment_and_its_care_plan_come_back_unchanged(
    store: AssessmentStore, patient_id: int
) -> None:
    started = store.start(patient_id, full_assessment(), user="ruiz")
    assert (started.status, started.version, started.care_plan) == ("draft", 1, None)
    signed_at = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
    version = store.save_draft(started.id, full_assessment(), care_plan(signed_at), 1)
    loaded = store.load(started.id)
    assert loaded.version == version == 2
    assert loaded.assessment == full_assessment()
    assert loaded.care_plan == care_plan(signed_at)
    assert loaded.updated_at.tzinfo is not None


def test_each_save_rewrites_the_observations_from_the_document(
    database: Database, store: AssessmentStore, patient_id: int
) -> None:
    started = store.start(patient_id, full_assessment())
    with database.session() as session:
        rows = session.scalars(
            select(ObservationRow).where(ObservationRow.assessment_id == started.id)
        ).all()
        by_system = {(r.code_system, r.code, r.body_site, r.laterality) for r in rows}
        magnesium = next(r for r in rows if r.code_system == LOINC)
        assert (magnesium.code, magnesium.value_num, magnesium.unit) == ("19123-9", 1.5, "mg/dL")
        assert magnesium.observed_at == date(2026, 11, 20)
    assert (MRC_STRENGTH, "ankle_dorsiflexors", None, "left") in by_system
    assert (SYSTOLIC_PRESSURE, "ankle", "posterior_tibial", "right") in by_system
    assert len(rows) == 11  # 2 labs, 3 exam grades, 2 brachial and 4 ankle pressures

    fewer = full_assessment()
    fewer.labs = []
    fewer.vascular = None
    store.save_draft(started.id, fewer, None, started.version)
    with database.session() as session:
        remaining = session.scalars(
            select(ObservationRow.code_system).where(ObservationRow.assessment_id == started.id)
        ).all()
    assert sorted(remaining) == [MODIFIED_ASHWORTH, MRC_STRENGTH, REFLEX]


def test_saving_over_a_newer_version_from_another_connection_is_a_conflict(
    database_url: str, store: AssessmentStore, patient_id: int
) -> None:
    started = store.start(patient_id, full_assessment())
    other_room = open_database(database_url)
    try:
        other_store = AssessmentStore(other_room)
        theirs = other_store.load(started.id)
        other_store.save_draft(started.id, theirs.assessment, None, theirs.version)
        mine = full_assessment()
        mine.history = None
        with pytest.raises(ConflictError, match="saved elsewhere"):
            store.save_draft(started.id, mine, None, started.version)
    finally:
        other_room.close()
    assert store.load(started.id).assessment.history is not None


def test_two_simultaneous_saves_of_one_version_let_exactly_one_win(
    database_url: str, store: AssessmentStore, patient_id: int
) -> None:
    started = store.start(patient_id, full_assessment())
    rooms = [open_database(database_url) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(room: Database) -> None:
        barrier.wait()
        try:
            AssessmentStore(room).save_draft(started.id, full_assessment(), None, 1)
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(room,)) for room in rooms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for room in rooms:
        room.close()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert store.load(started.id).version == 2


def test_a_signed_assessment_is_read_only(store: AssessmentStore, patient_id: int) -> None:
    started = store.start(patient_id, full_assessment())
    signed = store.sign(started.id, "ruiz", care_plan(), started.version)
    assert (signed.status, signed.signed_by, signed.version) == ("signed", "ruiz", 2)
    assert signed.signed_at is not None and signed.read_only
    with pytest.raises(ReadOnlyError, match="amend"):
        store.save_draft(started.id, full_assessment(), None, signed.version)
    with pytest.raises(ReadOnlyError):
        store.sign(started.id, "ruiz", care_plan(), signed.version)
    assert store.latest_draft(patient_id) is None


def test_an_amendment_is_a_new_draft_and_the_signed_original_is_kept(
    store: AssessmentStore, patient_id: int
) -> None:
    started = store.start(patient_id, full_assessment())
    store.sign(started.id, "ruiz", care_plan(), started.version)
    amendment = store.amend(started.id, "ruiz", "potassium was mistyped")
    assert (amendment.status, amendment.amends_id) == ("draft", started.id)
    assert amendment.care_plan == care_plan()

    corrected = amendment.assessment
    assert corrected.labs is not None
    corrected.labs[1].value = 3.9
    store.save_draft(amendment.id, corrected, amendment.care_plan, amendment.version)

    original = store.load(started.id)
    assert original.status == "amended"
    assert original.assessment == full_assessment()
    assert original.signed_by == "ruiz"
    with pytest.raises(ReadOnlyError):
        store.save_draft(started.id, corrected, None, original.version)
    with pytest.raises(ConflictError, match="already been amended"):
        store.amend(started.id, "ruiz", "again")
    chain = store.history(amendment.id)
    assert [item.id for item in chain] == [started.id, amendment.id]
    assert store.history(started.id) == chain
    assert store.latest_draft(patient_id) == store.load(amendment.id)


def test_amending_needs_a_reason_and_a_signed_assessment(
    store: AssessmentStore, patient_id: int
) -> None:
    started = store.start(patient_id, full_assessment())
    with pytest.raises(ValueError, match="not signed"):
        store.amend(started.id, "ruiz", "typo")
    store.sign(started.id, "ruiz", care_plan(), started.version)
    with pytest.raises(ValueError, match="reason"):
        store.amend(started.id, "ruiz", "  ")


def test_documents_are_kept_byte_for_byte_with_their_hash(
    store: AssessmentStore, patient_id: int
) -> None:
    started = store.start(patient_id, full_assessment())
    content = b"%PDF-1.7 fake \x00\xff"
    digest = store.store_document(started.id, "care_plan", "es", content, "ruiz")
    assert len(digest) == 64
    [(document_id, kind, language, sha256, created_at)] = store.documents(started.id)
    assert (kind, language, sha256) == ("care_plan", "es", digest)
    assert created_at.tzinfo is not None
    assert store.document_content(document_id) == content


def test_visits_are_listed_newest_first(
    database: Database, store: AssessmentStore, patient_id: int
) -> None:
    for day in (date(2026, 1, 5), date(2026, 6, 1), date(2025, 3, 3)):
        visit = full_assessment()
        visit.visit_date = day
        store.start(patient_id, visit)
    visits = PatientRegistry(database).visits(patient_id)
    assert [v.visit_date for v in visits] == [date(2026, 6, 1), date(2026, 1, 5), date(2025, 3, 3)]
    assert {v.status for v in visits} == {"draft"}


def test_unknown_ids_are_lookup_errors(store: AssessmentStore, patient_id: int) -> None:
    with pytest.raises(LookupError):
        store.start(patient_id + 100, full_assessment())
    with pytest.raises(LookupError):
        store.load(12345)
    with pytest.raises(LookupError):
        store.save_draft(12345, full_assessment(), None, 1)


def test_a_follow_up_finds_the_last_signed_visit_and_the_days_visits(
    store: AssessmentStore, patient_id: int
) -> None:
    assert store.latest_signed(patient_id) is None
    older = store.start(patient_id, full_assessment(), "ruiz")
    store.sign(older.id, "ruiz", care_plan(), older.version)
    newer_visit = full_assessment()
    newer_visit.visit_date = date(2026, 11, 27)
    marks = VisitDecisions(carried_forward={"medications": "2026-11-20"})
    newer = store.start(patient_id, newer_visit, "ruiz", decisions=marks)
    assert newer.decisions == marks
    last = store.latest_signed(patient_id)
    assert last is not None and last.id == older.id
    assert [v.id for v in store.visits_on(patient_id, date(2026, 11, 20))] == [older.id]
    assert [v.id for v in store.visits_on(patient_id, date(2026, 11, 27))] == [newer.id]
    store.sign(newer.id, "ruiz", care_plan(), newer.version)
    last = store.latest_signed(patient_id)
    assert last is not None and last.id == newer.id
    amended = store.amend(newer.id, "ruiz", "typo")
    assert [v.id for v in store.visits_on(patient_id, date(2026, 11, 27))] == [amended.id]


def test_signing_keeps_the_decisions_the_visit_was_signed_with(
    store: AssessmentStore, patient_id: int
) -> None:
    draft = store.start(patient_id, full_assessment(), "ruiz")
    decisions = VisitDecisions(
        {"calcium": True}, ["rhabdomyolysis"], ["history", "labs"], {}, {"potassium": 39.0}
    )
    signed = store.sign(draft.id, "ruiz", care_plan(), draft.version, decisions)
    assert store.load(signed.id).decisions == decisions
    assert (signed.signed_by, signed.status) == ("ruiz", "signed")
