from __future__ import annotations

from datetime import date

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
    SiteFinding,
    StrengthGrade,
    Vascular,
)
from clinic_desktop.domain.serialization import from_plain, to_plain


def _assessment() -> Assessment:
    return Assessment(
        patient=Patient("A-1", "García", "Ana", date(1961, 4, 2), sex="female", language="es"),
        visit_date=date(2026, 11, 20),
        history=History(presentations=["nocturnal_leg_cramps"], sites=[], pain_score=7),
        exam=Exam(
            strength=[StrengthGrade("ankle_dorsiflexors", "left", "4-")],
            plantar=PlantarResponses(left="flexor"),
            ankle_clonus=AnkleClonus(left=False, right=True),
            fasciculations=[SiteFinding("calf", "left")],
        ),
        labs=[LabResult("magnesium", 1.5, "mg/dL", reference_low=1.7)],
        vascular=Vascular(
            brachial_systolic_mmhg=BrachialPressures(left=128.0, right=132.0),
            ankle_systolic_mmhg=AnklePressuresBySide(left=AnklePressures(110.0, 114.0)),
        ),
        medications=[Medication("hydrochlorothiazide", dose="25 mg daily")],
    )


def test_round_trip_keeps_every_field_and_absence() -> None:
    original = _assessment()
    plain = to_plain(original)
    assert "vitals" not in plain
    assert plain["history"]["sites"] == []
    assert plain["exam"]["plantar"] == {"left": "flexor"}
    assert from_plain(Assessment, plain) == original


def test_integers_become_floats_where_the_model_says_float() -> None:
    plain = to_plain(_assessment())
    plain["labs"][0]["value"] = 2
    restored = from_plain(Assessment, plain)
    assert restored.labs is not None
    assert isinstance(restored.labs[0].value, float)


def test_a_signed_care_plan_keeps_its_signing_time() -> None:
    from datetime import UTC, datetime

    from clinic_desktop.domain.careplan import CarePlan, PlannedItem

    plan = CarePlan(
        language="es",
        items=[PlannedItem("hydration", "lifestyle", "Beba agua.", ["AAFP 2012"])],
        follow_up_date=date(2027, 1, 8),
        signed_at=datetime(2026, 11, 23, 10, 30, tzinfo=UTC),
    )
    restored = from_plain(CarePlan, to_plain(plan))
    assert restored == plan
    assert isinstance(restored.signed_at, datetime)
