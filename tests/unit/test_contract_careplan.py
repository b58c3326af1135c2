"""Acceptance probes of care plan, ICD-10-CM codes and lab orders through `clinic-desktop evaluate`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clinic_desktop import cli
from tests.unit.evaluate_cli import PATIENT, evaluate_document


def _plan(result: dict[str, Any]) -> list[str]:
    return [item["id"] for item in result["care_plan"]]


@pytest.mark.parametrize(
    ("value", "unit", "reference_low", "repleted"),
    [
        (19.99, "ng/mL", None, True),
        (49.9, "nmol/L", None, True),
        (20, "ng/mL", None, False),
        (50.0, "nmol/L", None, False),
        # The laboratory's 30 ng/mL interval flags 25 ng/mL low, yet the reference repletes
        # only below 20 ng/mL (20-29 ng/mL is not labelled insufficient).
        (25, "ng/mL", 30, False),
        (62.4, "nmol/L", 75, False),
        (19, "ng/mL", 30, True),
    ],
)
def test_vitamin_d_is_repleted_only_below_20_ng_ml(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    value: float,
    unit: str,
    reference_low: float | None,
    repleted: bool,
) -> None:
    """Reference treatment_evidence.supplement_doses_clinician_to_confirm, vitamin D repletion:
    'Suggested only when 25(OH)D is below 20 ng/mL (49.92 nmol/L)'."""
    lab: dict[str, Any] = {"test": "vitamin_d_25oh", "value": value, "unit": unit}
    if reference_low is not None:
        lab |= {"reference_low": reference_low, "reference_high": 100 if unit == "ng/mL" else 250}
    result = evaluate_document(tmp_path, capsys, labs=[lab])
    assert ("vitamin_d_repletion" in _plan(result)) is repleted
    assert ("E55.9" in result["icd10cm"]) is repleted


@pytest.mark.parametrize(
    ("language", "wording"),
    [
        ("en", "uncertain evidence, obstetric clinician to confirm"),
        ("es", "evidencia incierta, a confirmar por el obstetra"),
    ],
)
def test_every_supplement_in_pregnancy_says_the_evidence_is_uncertain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str, wording: str
) -> None:
    """Reference treatment_evidence.pregnancy_associated_cramps.rule_for_app: present
    magnesium/calcium/vitamins in pregnancy only as 'uncertain evidence - clinician
    (obstetric) to confirm'; the printed text itself says so, not only an extra key."""
    result = evaluate_document(
        tmp_path,
        capsys,
        patient={
            "birth_date": "1994-05-05",
            "pregnant": True,
            "pregnancy_weeks": 30,
            "language": language,
        },
        history={"presentations": ["nocturnal_leg_cramps"]},
        labs=[
            {"test": "magnesium", "value": 0.5, "unit": "mmol/L"},
            {"test": "potassium", "value": 3.0, "unit": "mmol/L"},
            {"test": "vitamin_d_25oh", "value": 10, "unit": "ng/mL"},
        ],
    )
    supplements = [item for item in result["care_plan"] if item["section"] == "supplements"]
    assert {item["id"] for item in supplements} == {
        "magnesium_repletion",
        "potassium_repletion",
        "vitamin_d_repletion",
    }
    for item in supplements:
        assert wording in item["text"].lower()
        assert any(
            s.startswith("Interventions for leg cramps in pregnancy") for s in item["sources"]
        )


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        # CK above 5x the upper limit with muscle pain: CK is held, the rest is ordered.
        (
            {
                "history": {"symptoms": ["localized_pain"]},
                "labs": [
                    {"test": "creatine_kinase", "value": 1200, "unit": "U/L", "reference_high": 200}
                ],
            },
            {"potassium", "calcium", "phosphate", "creatinine"},
        ),
        # Dark urine with weakness, nothing measured yet.
        (
            {"history": {"dark_urine": True, "symptoms": ["weakness"]}},
            {"creatine_kinase", "potassium", "calcium", "phosphate", "creatinine"},
        ),
    ],
)
def test_possible_rhabdomyolysis_orders_the_reference_work_up(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    sections: dict[str, Any],
    expected: set[str],
) -> None:
    """Reference red_flags id rhabdomyolysis, action: 'Same-day emergency assessment: CK,
    creatinine, potassium, calcium, phosphate, urinalysis'."""
    result = evaluate_document(tmp_path, capsys, **sections)
    assert "rhabdomyolysis" in [flag["id"] for flag in result["red_flags"]]
    assert expected <= set(result["suggested_lab_orders"])
    held = {lab["test"] for lab in result["labs"]}
    assert not held & set(result["suggested_lab_orders"])


@pytest.mark.parametrize(
    ("ck", "tsh"),
    [(700, True), (800, True), (1000, True), (2000, True), (2200, False)],
)
def test_statin_muscle_symptoms_with_ck_up_to_10x_ask_for_tsh(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ck: int, tsh: bool
) -> None:
    """Reference red_flags id statin_symptoms_ck_4_to_10x (CK 4-10x ULN, both bounds included),
    action: 'recheck CK (and TSH) within days'; below 4x the mildly raised CK asks for it too."""
    result = evaluate_document(
        tmp_path,
        capsys,
        history={"symptoms": ["localized_pain"]},
        medications=[{"name": "simvastatin"}],
        labs=[{"test": "creatine_kinase", "value": ck, "unit": "U/L", "reference_high": 200}],
    )
    assert ("tsh" in result["suggested_lab_orders"]) is tsh


def test_a_laboratory_flagged_low_sodium_suppresses_fluid_advice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reference hydration_caution: no fluid advice with hyponatraemia (history: hyponatraemia);
    the reporting laboratory's interval decides low sodium (meta.rule_engine_notes DEFAULTS)."""
    cramps = {"presentations": ["nocturnal_leg_cramps"]}
    labs = {"test": "sodium", "value": 136, "unit": "mmol/L", "reference_high": 145}
    flagged = evaluate_document(
        tmp_path, capsys, history=cramps, labs=[{**labs, "reference_low": 137}]
    )
    assert [lab["interpretation"] for lab in flagged["labs"]] == ["L"]
    assert "hydration" not in _plan(flagged)
    normal = evaluate_document(
        tmp_path, capsys, history=cramps, labs=[{**labs, "reference_low": 135}]
    )
    assert "hydration" in _plan(normal)


def test_a_diuretic_without_a_visit_date_gets_no_fluid_advice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reference hydration_caution suppresses fluid advice at age 65 or over on any diuretic;
    without a visit date the age is unknown, so the suppression cannot be ruled out."""
    document = {
        "format": "clinic-desktop.assessment",
        "version": 1,
        "patient": {**PATIENT, "birth_date": "1940-01-01"},
        "history": {"presentations": ["nocturnal_leg_cramps"]},
        "medications": [{"name": "furosemide"}],
    }
    path = tmp_path / "undated.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert cli.main(["evaluate", str(path)]) == 0
    plan = [item["id"] for item in json.loads(capsys.readouterr().out)["care_plan"]]
    assert "review_diuretic" in plan
    assert "hydration" not in plan


@pytest.mark.parametrize(
    ("language", "wording"),
    [("en", "excluded pregnant women"), ("es", "excluyó a las embarazadas")],
)
def test_stretching_in_pregnancy_says_its_evidence_is_not_from_pregnancy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str, wording: str
) -> None:
    """Reference treatment_evidence.pregnancy_associated_cramps.guideline_gap: the Cochrane
    non-drug review excluded pregnant women, so stretching evidence is not pregnancy-specific."""
    pregnancy_review = "Interventions for leg cramps in pregnancy. Cochrane Database Syst Rev 2020"
    pregnant = {"birth_date": "1994-05-05", "pregnant": True, "pregnancy_weeks": 30}
    result = evaluate_document(
        tmp_path,
        capsys,
        patient={**pregnant, "language": language},
        history={"presentations": ["nocturnal_leg_cramps"]},
    )
    stretching = [item for item in result["care_plan"] if "stretching" in item["id"]]
    assert {item["id"] for item in stretching} >= {"calf_hamstring_stretching"}
    for item in stretching:
        if item["id"] == "targeted_stretching":
            continue
        assert wording in item["evidence"]
        assert any(source.startswith(pregnancy_review) for source in item["sources"])
    not_pregnant = evaluate_document(
        tmp_path, capsys, history={"presentations": ["nocturnal_leg_cramps"]}
    )
    for item in not_pregnant["care_plan"]:
        assert "pregnant" not in item["evidence"]
