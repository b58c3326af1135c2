"""Acceptance probes: `clinic-desktop evaluate` on small documents, read as the contract and reference demand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clinic_desktop.knowledge.lab_catalog import load_lab_catalog
from tests.unit.evaluate_cli import evaluate_document


def _finding_ids(result: dict[str, Any]) -> list[str]:
    return [finding["id"] for finding in result["findings"]]


@pytest.mark.parametrize(
    ("test", "value", "unit", "flag", "finding"),
    [
        # labs.glucose_and_hba1c (2026-12): the diabetes range is H - a diagnostic threshold, not a
        # critical one (contract: LL/HH only for critical levels); glucose is read as fasting.
        ("glucose", 126, "mg/dL", "H", "diabetes_range_glucose"),
        ("glucose", 7.0, "mmol/L", "H", "diabetes_range_glucose"),
        ("glucose", 125.9, "mg/dL", "H", "impaired_fasting_glucose"),
        ("glucose", 110, "mg/dL", "H", "impaired_fasting_glucose"),
        ("glucose", 100, "mg/dL", "H", "impaired_fasting_glucose"),
        ("glucose", 99.9, "mg/dL", "N", None),
        ("glucose", 70, "mg/dL", "N", None),
        # ADA level 1 hypoglycaemia 54 to below 70 mg/dL is L; level 2 below 54 mg/dL is LL.
        ("glucose", 69.9, "mg/dL", "L", "hypoglycaemia_level_1"),
        ("glucose", 54, "mg/dL", "L", "hypoglycaemia_level_1"),
        ("glucose", 53.9, "mg/dL", "LL", "hypoglycaemia_level_2"),
        ("glucose", 2.5, "mmol/L", "LL", "hypoglycaemia_level_2"),
        ("hba1c", 6.5, "%", "H", "diabetes_range_hba1c"),
        ("hba1c", 48, "mmol/mol", "H", "diabetes_range_hba1c"),
        ("hba1c", 6.0, "%", "H", "prediabetes_range_hba1c"),
        ("hba1c", 5.69, "%", "N", None),
    ],
)
def test_glucose_and_hba1c_flags_follow_the_2026_12_bands(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    test: str,
    value: float,
    unit: str,
    flag: str,
    finding: str | None,
) -> None:
    result = evaluate_document(
        tmp_path, capsys, labs=[{"test": test, "value": value, "unit": unit}]
    )
    assert result["labs"][0]["interpretation"] == flag
    lab_findings = [f for f in _finding_ids(result) if f not in ("withheld_hydration",)]
    assert lab_findings == ([finding] if finding else [])


def test_a_laboratory_interval_keeps_the_diabetes_range_h_and_hypoglycaemia_level_2_ll(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Reference rule_engine_notes DEFAULTS: the laboratory's interval sets N/L/H; the default
    # classification's critical band (LL, ADA level 2) still applies.
    interval = {"reference_low": 3.9, "reference_high": 5.5}
    high = evaluate_document(
        tmp_path, capsys, labs=[{"test": "glucose", "value": 7.2, "unit": "mmol/L", **interval}]
    )
    assert high["labs"][0]["interpretation"] == "H"
    low = evaluate_document(
        tmp_path, capsys, labs=[{"test": "glucose", "value": 2.9, "unit": "mmol/L", **interval}]
    )
    assert low["labs"][0]["interpretation"] == "LL"
    assert [f["id"] for f in low["red_flags"]] == ["hypoglycaemia_level_2"]


@pytest.mark.parametrize(
    ("typed", "finding"),
    [
        ("lithium", "drug_associated_cramps_steroids_morphine_lithium"),
        ("Litio", "drug_associated_cramps_steroids_morphine_lithium"),
        ("fluticasone/salmeterol", "drug_associated_cramps_inhaled_laba"),
        ("atorvastatin 40 mg daily", "drug_associated_cramps_statins"),
    ],
)
def test_a_typed_medication_maps_to_its_class(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str, finding: str
) -> None:
    result = evaluate_document(tmp_path, capsys, medications=[{"name": typed}])
    assert finding in _finding_ids(result)
    assert "medication_not_recognised" not in _finding_ids(result)


def test_an_unknown_medication_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = evaluate_document(tmp_path, capsys, medications=[{"name": "Zorblax 5 mg"}])
    unknown = [f for f in result["findings"] if f["id"] == "medication_not_recognised"]
    assert len(unknown) == 1 and "Zorblax" in unknown[0]["text"]


@pytest.mark.parametrize(("value", "flag"), [(2.0, "L"), (0.9, "LL")])
def test_low_phosphate_is_coded_e83_39(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: float, flag: str
) -> None:
    # Reference red_flags severe_hypophosphataemia lists E83.39 (billable in icd10cm.codes).
    result = evaluate_document(
        tmp_path, capsys, labs=[{"test": "phosphate", "value": value, "unit": "mg/dL"}]
    )
    assert result["labs"][0]["interpretation"] == flag
    assert result["icd10cm"] == ["E83.39"]


def test_every_accepted_unit_gives_a_test_an_hl7_code_and_the_si_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Contract: labs[] one entry per input lab with its test, an HL7 LL..HH code, value_si in
    # the SI unit (CK stays U/L; HbA1c in mmol/mol).
    catalog = load_lab_catalog()
    entries = [
        {"test": test, "value": 1.0, "unit": unit}
        for test in catalog.tests()
        for unit in catalog.units_for(test)
    ]
    result = evaluate_document(tmp_path, capsys, labs=entries)
    assert [(lab["test"], lab["unit"]) for lab in result["labs"]] == [
        (entry["test"], entry["unit"]) for entry in entries
    ]
    for lab in result["labs"]:
        assert lab["interpretation"] in {"LL", "L", "N", "H", "HH"}, lab
        assert lab["unit_si"] == catalog.si_unit(lab["test"])
    units_si = {lab["test"]: lab["unit_si"] for lab in result["labs"]}
    assert units_si["creatine_kinase"] == "U/L"
    assert units_si["hba1c"] == "mmol/mol"


@pytest.mark.parametrize(("value", "flag"), [(59.9, "L"), (60, "N")])
def test_a_reported_egfr_is_flagged_on_the_ckd_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: float, flag: str
) -> None:
    result = evaluate_document(
        tmp_path, capsys, labs=[{"test": "egfr", "value": value, "unit": "mL/min/1.73m2"}]
    )
    assert result["labs"][0]["interpretation"] == flag


@pytest.mark.parametrize(
    ("calcium", "albumin", "corrected", "finding"),
    [
        # 8.9 + 0.8 x (4.0 - 4.5) = 8.5 mg/dL: equal to the "below 8.5" bound, so not low.
        ({"value": 8.9, "unit": "mg/dL"}, {"value": 4.5, "unit": "g/dL"}, 2.12, False),
        # 2.22 + 0.02 x (40 - 45) = 2.12 mmol/L = 8.497 mg/dL: low.
        ({"value": 2.22, "unit": "mmol/L"}, {"value": 45, "unit": "g/L"}, 2.12, True),
    ],
)
def test_corrected_calcium_at_the_bound_follows_the_formula_of_its_unit(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    calcium: dict[str, Any],
    albumin: dict[str, Any],
    corrected: float,
    finding: bool,
) -> None:
    result = evaluate_document(
        tmp_path,
        capsys,
        labs=[{"test": "calcium", **calcium}, {"test": "albumin", **albumin}],
    )
    assert result["derived"]["corrected_calcium_mmol_l"] == corrected
    assert ("hypocalcemia" in _finding_ids(result)) is finding


def test_pad_in_a_patient_with_diabetes_is_coded_e11_51(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = evaluate_document(
        tmp_path,
        capsys,
        history={"conditions": ["diabetes"]},
        vascular={
            "brachial_systolic_mmhg": {"left": 130, "right": 128},
            "ankle_systolic_mmhg": {"left": {"dorsalis_pedis": 100, "posterior_tibial": 98}},
        },
    )
    assert result["derived"]["abi_category"] == {"left": "abnormal"}
    assert result["icd10cm"] == ["E11.51"]


@pytest.mark.parametrize(
    ("typed", "findings"),
    [
        ("Hyzaar", {"drug_associated_cramps_thiazide_diuretics"}),
        (
            "Aldactazide",
            {
                "drug_associated_cramps_thiazide_diuretics",
                "drug_associated_cramps_potassium_sparing_diuretics",
            },
        ),
        ("ezetimibe/simvastatin", {"drug_associated_cramps_statins"}),
        ("Seguril", {"drug_associated_cramps_loop_diuretics"}),
        ("Pantoloc", {"drug_associated_cramps_proton_pump_inhibitors"}),
        ("Lipitor 40", {"drug_associated_cramps_statins"}),
    ],
)
def test_combinations_brands_and_unitless_strengths_map_to_every_class(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str, findings: set[str]
) -> None:
    result = evaluate_document(tmp_path, capsys, medications=[{"name": typed}])
    assert findings <= set(_finding_ids(result))
    assert "medication_not_recognised" not in _finding_ids(result)


def test_dystonia_days_after_haloperidol_is_coded_g24_02(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Reference red_flags.acute_dystonic_reaction: icd10cm G24.02 (drug induced acute dystonia).
    result = evaluate_document(
        tmp_path,
        capsys,
        history={"presentations": ["dystonia"]},
        medications=[{"name": "haloperidol", "started": "2026-11-19"}],
    )
    assert "acute_dystonic_reaction" in [flag["id"] for flag in result["red_flags"]]
    assert "G24.02" in result["icd10cm"] and "G24.9" not in result["icd10cm"]


def test_claudication_with_lumbar_spinal_stenosis_is_not_coded_i73_9(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Reference vascular.claudication_vs_nocturnal_cramps.pseudoclaudication (neurogenic claudication).
    result = evaluate_document(
        tmp_path,
        capsys,
        history={"conditions": ["lumbar_spinal_stenosis"]},
        vascular={"claudication": True},
    )
    assert "intermittent_claudication" in _finding_ids(result)
    assert "I73.9" not in result["icd10cm"]


def test_low_corrected_calcium_with_a_normal_ionized_calcium_is_not_hypocalcaemia(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Reference labs calcium_total corrected_calcium_formula caveats: ionized calcium preferred.
    result = evaluate_document(
        tmp_path,
        capsys,
        labs=[
            {"test": "calcium", "value": 8.0, "unit": "mg/dL"},
            {"test": "albumin", "value": 4.0, "unit": "g/dL"},
            {"test": "ionized_calcium", "value": 1.20, "unit": "mmol/L"},
        ],
    )
    assert "hypocalcemia" not in _finding_ids(result)
    assert "E83.51" not in result["icd10cm"]


def test_an_unknown_drug_typed_after_a_known_one_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = evaluate_document(tmp_path, capsys, medications=[{"name": "Aciphex 20 mg / Zorblax"}])
    unknown = [f for f in result["findings"] if f["id"] == "medication_not_recognised"]
    assert len(unknown) == 1 and "Zorblax" in unknown[0]["text"]


@pytest.mark.parametrize("pregnant", [False, None])
def test_pregnancy_weeks_without_a_pregnancy_are_accepted_and_code_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pregnant: bool | None
) -> None:
    # Contract: only unknown keys, unknown units, out-of-range values and malformed JSON are
    # refused; `pregnancy_weeks` "when pregnant is true" says what the weeks mean, and is no
    # error to refuse. Without a pregnancy the weeks are not read: no O26.89- or Z3A code.
    patient: dict[str, Any] = {"pregnancy_weeks": 12}
    if pregnant is not None:
        patient["pregnant"] = pregnant
    result = evaluate_document(
        tmp_path,
        capsys,
        patient=patient,
        history={"presentations": ["nocturnal_leg_cramps"]},
    )
    assert result["icd10cm"] == ["G47.62"]


@pytest.mark.parametrize(
    ("test", "typed", "unit", "value_si"),
    [
        ("creatinine", "µmol/L", "umol/L", 1.0),
        ("creatinine", "mg/dl", "mg/dL", 88.4),
        ("tsh", "µIU/mL", "uIU/mL", 1.0),
        ("tsh", "mU/L", "mIU/L", 1.0),
        ("creatine_kinase", "IU/L", "U/L", 1.0),
        ("egfr", "mL/min/1.73 m²", "mL/min/1.73m2", 1.0),
        ("cortisol_am", "mcg/dL", "ug/dL", 27.6),
    ],
)
def test_a_known_unit_typed_another_way_is_read_not_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    test: str,
    typed: str,
    unit: str,
    value_si: float,
) -> None:
    # Contract: `unit` must be one the program knows for that test; µmol/L is the umol/L the
    # contract lists, not an unknown unit. The output names the unit as the catalogue does.
    result = evaluate_document(tmp_path, capsys, labs=[{"test": test, "value": 1.0, "unit": typed}])
    (lab,) = result["labs"]
    assert lab["unit"] == unit
    assert lab["value_si"] == value_si
