"""Whole-engine rules that cut across its parts: staging while rhabdomyolysis is flagged,
findings' codes agreeing with the emitted list, magnesium withheld in severe renal impairment."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import Assessment, History, LabResult, Patient
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.rules.engine import evaluate


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def _assessment(labs: list[LabResult], presentations: list[str] | None = None) -> Assessment:
    return Assessment(
        patient=Patient("E-1", "Eng", "Ine", date(1950, 4, 2), sex="male"),
        visit_date=date(2026, 11, 20),
        history=History(presentations=presentations or ["skeletal_cramps"], symptoms=["weakness"]),
        labs=labs,
    )


def test_no_ckd_staging_while_rhabdomyolysis_is_flagged(knowledge: Knowledge) -> None:
    # reference labs.creatinine_and_egfr.egfr_caveats: suppress eGFR-based staging in rhabdomyolysis
    creatinine = LabResult("creatinine", 3.0, "mg/dL")
    flagged = evaluate(
        _assessment([LabResult("creatine_kinase", 5000, "U/L"), creatinine]), knowledge
    )
    assert "rhabdomyolysis" in {flag.id for flag in flagged.red_flags}
    assert "reduced_egfr" not in {f.id for f in flagged.findings}
    assert flagged.derived.egfr_ml_min_1_73m2 is not None  # the number itself is still reported
    calm = evaluate(_assessment([creatinine]), knowledge)
    assert "reduced_egfr" in {f.id for f in calm.findings}


def test_magnesium_is_not_suggested_in_severe_renal_impairment(knowledge: Knowledge) -> None:
    # reference treatment_evidence supplement_doses: magnesium "avoid in severe renal impairment"
    low_magnesium = LabResult("magnesium", 0.5, "mmol/L")
    severe = evaluate(
        _assessment([low_magnesium, LabResult("creatinine", 3.0, "mg/dL")]), knowledge
    )
    assert severe.derived.egfr_ml_min_1_73m2 is not None and severe.derived.egfr_ml_min_1_73m2 < 30
    assert "magnesium_repletion" not in {item.id for item in severe.care_plan}
    normal = evaluate(
        _assessment([low_magnesium, LabResult("creatinine", 0.9, "mg/dL")]), knowledge
    )
    assert "magnesium_repletion" in {item.id for item in normal.care_plan}


@settings(max_examples=60, deadline=None)
@given(
    presentations=st.lists(
        st.sampled_from(
            ["skeletal_cramps", "nocturnal_leg_cramps", "fasciculations", "dystonia", "spasticity"]
        ),
        min_size=1,
        unique=True,
    ),
    magnesium=st.floats(0.2, 1.5),
    potassium=st.floats(2.0, 6.8),
)
def test_every_code_a_finding_names_is_in_the_emitted_list(
    knowledge: Knowledge, presentations: list[str], magnesium: float, potassium: float
) -> None:
    labs = [
        LabResult("magnesium", magnesium, "mmol/L"),
        LabResult("potassium", potassium, "mmol/L"),
    ]
    evaluation = evaluate(_assessment(labs, presentations), knowledge)
    named = {f.icd10cm for f in evaluation.findings if f.icd10cm is not None}
    assert named <= set(evaluation.icd10cm)
