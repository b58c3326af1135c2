"""The engine assembles every rule into one Evaluation: pure, stable, in the patient's language."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest

from clinic_desktop.domain.assessment import (
    AnklePressures,
    AnklePressuresBySide,
    Assessment,
    BrachialPressures,
    Exam,
    History,
    LabResult,
    Medication,
    Patient,
    PulseGrade,
    ReflexGrade,
    SiteFinding,
    StrengthGrade,
    Vascular,
)
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.rules.engine import evaluate


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def contract_example(language: str | None = "es") -> Assessment:
    """The input example of docs/assessment-format.md."""
    return Assessment(
        patient=Patient(
            "A-1001",
            "García",
            "Ana",
            date(1961, 4, 2),
            sex="female",
            pregnant=False,
            language=language,
        ),
        visit_date=date(2026, 11, 20),
        history=History(
            presentations=["nocturnal_leg_cramps"],
            sites=["calf"],
            episodes_per_week=4,
            episode_duration_seconds=90,
            pain_score=7,
            triggers=["night_rest"],
            symptoms=["localized_pain", "sleep_disruption"],
            dark_urine=False,
            progressive=False,
            conditions=["smoker"],
        ),
        exam=Exam(
            strength=[StrengthGrade("ankle_dorsiflexors", "left", "4")],
            reflexes=[ReflexGrade("achilles", "left", "1+")],
            fasciculations=[SiteFinding("calf", "left")],
            atrophy=[],
            sensory_loss=[],
            chvostek=False,
            trousseau=False,
        ),
        labs=[
            LabResult("magnesium", 1.5, "mg/dL"),
            LabResult("potassium", 3.1, "mmol/L", reference_low=3.5, reference_high=5.1),
        ],
        vascular=Vascular(
            brachial_systolic_mmhg=BrachialPressures(128, 132),
            ankle_systolic_mmhg=AnklePressuresBySide(
                AnklePressures(110, 114), AnklePressures(120, 118)
            ),
            pulses=[PulseGrade("dorsalis_pedis", "left", 1)],
            capillary_refill_seconds=2.0,
            claudication=False,
        ),
        medications=[Medication("hydrochlorothiazide", "25 mg daily")],
    )


def test_the_contract_example_evaluates(knowledge: Knowledge) -> None:
    evaluation = evaluate(contract_example(), knowledge)
    assert evaluation.language == "es"
    assert [lab.test for lab in evaluation.labs] == ["magnesium", "potassium"]
    # max(110, 114) / max(128, 132) = 0.8636 -> 0.86; max(120, 118) / 132 = 0.909 -> 0.91
    assert evaluation.derived.abi == {"left": Decimal("0.86"), "right": Decimal("0.91")}
    ids = [f.id for f in evaluation.findings]
    assert ids[0] == "nocturnal_leg_cramps"
    assert {"hypomagnesemia", "hypokalemia"} <= set(ids)
    assert evaluation.icd10cm[0] == "G47.62"
    assert "R25.2" not in evaluation.icd10cm
    assert {"E83.42", "E87.6"} <= set(evaluation.icd10cm)
    # Potassium 3.1 mmol/L with a weak ankle (MRC 4) fires severe_hypokalaemia, an emergency
    # (red_flags severe_hypokalaemia): the plan leads with the emergency referral and holds the
    # supplements and stretching back, each with a withheld_ finding
    # (treatment_evidence.care_plan_safety_rules.emergency_first); the medication review stays.
    assert [flag.id for flag in evaluation.red_flags][:1] == ["severe_hypokalaemia"]
    plan = {item.id: item for item in evaluation.care_plan}
    assert evaluation.care_plan[0].id == "referral_emergency_department"
    assert "review_diuretic" in plan
    held = {"magnesium_repletion", "potassium_repletion", "calf_hamstring_stretching"}
    assert not held & set(plan)
    assert {f"withheld_{item}" for item in held} <= set(ids)
    assert "hydration" not in plan  # thiazide: fluid advice suppressed
    assert plan["review_diuretic"].reason == "Usted toma hidroclorotiazida."
    assert set(evaluation.suggested_lab_order_reasons) == set(evaluation.suggested_lab_orders)


def test_every_code_comes_from_a_finding(knowledge: Knowledge) -> None:
    evaluation = evaluate(contract_example(), knowledge)
    assert set(evaluation.icd10cm) <= {f.icd10cm for f in evaluation.findings}
    assert all(f.sources for f in evaluation.findings)


@pytest.mark.parametrize("language", [None, "fr"])
def test_language_defaults_to_english(knowledge: Knowledge, language: str | None) -> None:
    evaluation = evaluate(contract_example(language=language), knowledge)
    assert evaluation.language == "en"
    plan = {item.id: item for item in evaluation.care_plan}
    assert plan["review_diuretic"].reason == "You take hydrochlorothiazide."


def test_same_input_same_output_and_input_untouched(knowledge: Knowledge) -> None:
    assessment = contract_example()
    before = copy.deepcopy(assessment)
    first = evaluate(assessment, knowledge)
    assert evaluate(assessment, knowledge) == first
    assert assessment == before


def test_an_empty_assessment_evaluates_to_little(knowledge: Knowledge) -> None:
    bare = Assessment(patient=Patient("A-2", "Doe", "Jo", date(1980, 5, 5)))
    evaluation = evaluate(bare, knowledge)
    assert evaluation.labs == ()
    assert evaluation.icd10cm == ()
    assert evaluation.red_flags == ()
    assert evaluation.care_plan == ()
    assert evaluation.suggested_lab_orders == ()


def test_a_repeated_finding_id_is_reported_once(knowledge: Knowledge) -> None:
    assessment = contract_example()
    assessment.medications = [Medication("hydrochlorothiazide"), Medication("chlorthalidone")]
    ids = [f.id for f in evaluate(assessment, knowledge).findings]
    assert len(ids) == len(set(ids))


def test_evaluate_reads_only_the_knowledge_it_is_given(
    knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The red flags once read the shipped neuromuscular file (and its drug list) again on the
    first evaluation of every process, whatever knowledge the engine was given."""
    from clinic_desktop.knowledge import neuromuscular

    def shipped_file_read_again() -> None:
        raise AssertionError("evaluate read the shipped neuromuscular file again")

    monkeypatch.setattr(neuromuscular, "_default", shipped_file_read_again)
    evaluation = evaluate(contract_example(), knowledge)
    assert evaluation.findings
