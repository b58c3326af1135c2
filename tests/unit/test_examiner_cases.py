"""An independent examiner's cases: each expectation written from the reference or contract first.

Every case names the reference entry (or contract sentence) its expectation rests on. Only what
the case is about is asserted, so a case breaks when that behaviour changes and not otherwise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from clinic_desktop import cli
from tests.unit.evaluate_cli import evaluate_document

Flag = tuple[str, str]


@dataclass(frozen=True)
class Expect:
    """What the evaluation must hold; empty fields are not checked."""

    interpretations: tuple[str, ...] | None = None
    flags: dict[str, Flag] = field(default_factory=dict)
    no_flags: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    no_findings: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    no_codes: tuple[str, ...] = ()
    care: tuple[str, ...] = ()
    no_care: tuple[str, ...] = ()
    orders: tuple[str, ...] | None = None
    derived: dict[str, Any] = field(default_factory=dict)
    not_derived: tuple[str, ...] = ()


ED: Flag = ("emergency", "emergency_department")


def lab(test: str, value: float, unit: str, **interval: float) -> dict[str, Any]:
    return {"test": test, "value": value, "unit": unit, **interval}


def nlc(**history: Any) -> dict[str, Any]:
    return {"presentations": ["nocturnal_leg_cramps"], **history}


def cramps(**history: Any) -> dict[str, Any]:
    return {"presentations": ["skeletal_cramps"], **history}


CASES: dict[str, tuple[dict[str, Any], Expect]] = {
    # labs.potassium.default_classification; rule_engine_notes: 'below 3.5' -> 3.5 is N.
    "potassium_at_the_lower_bound": (
        {"labs": [lab("potassium", 3.5, "mmol/L")]},
        Expect(interpretations=("N",), no_findings=("hypokalemia",)),
    ),
    # red_flags.severe_hypokalaemia: K < 2.5 mmol/L; 2.5 itself is moderate (L).
    "potassium_2_5_is_not_severe": (
        {"labs": [lab("potassium", 2.5, "mEq/L")]},
        Expect(interpretations=("L",), no_flags=("severe_hypokalaemia",)),
    ),
    "potassium_below_2_5": (
        {"labs": [lab("potassium", 2.49, "mmol/L")]},
        Expect(interpretations=("LL",), flags={"severe_hypokalaemia": ED}, codes=("E87.6",)),
    ),
    # red_flags.severe_hypokalaemia second branch: K < 3.5 with muscle weakness.
    "mild_hypokalaemia_with_weakness": (
        {"history": cramps(symptoms=["weakness"]), "labs": [lab("potassium", 3.4, "mmol/L")]},
        Expect(flags={"severe_hypokalaemia": ED}),
    ),
    # red_flags.severe_hyperkalaemia.related_rule moderate_hyperkalaemia: 6.0 <= K < 6.5.
    "moderate_hyperkalaemia": (
        {"labs": [lab("potassium", 6.2, "mmol/L")]},
        Expect(
            interpretations=("H",),
            flags={"moderate_hyperkalaemia": ("urgent", "primary_care")},
            no_flags=("severe_hyperkalaemia",),
        ),
    ),
    "severe_hyperkalaemia_at_6_5": (
        {"labs": [lab("potassium", 6.5, "mmol/L")]},
        Expect(interpretations=("HH",), flags={"severe_hyperkalaemia": ED}),
    ),
    # meta.disclaimer / rule_engine_notes DEFAULTS: the laboratory's interval sets N/L/H ...
    "laboratory_interval_wins": (
        {"labs": [lab("potassium", 3.6, "mmol/L", reference_low=3.7, reference_high=5.2)]},
        Expect(interpretations=("L",)),
    ),
    # ... and the default classification's severity bands still apply.
    "severity_band_survives_a_laboratory_interval": (
        {"labs": [lab("potassium", 2.4, "mmol/L", reference_low=2.0, reference_high=5.0)]},
        Expect(interpretations=("LL",), flags={"severe_hypokalaemia": ED}),
    ),
    # labs.sodium: profound below 125 mmol/L; red_flags.severe_hyponatraemia.
    "sodium_125_is_moderate": (
        {"labs": [lab("sodium", 125, "mmol/L")]},
        Expect(interpretations=("L",), no_flags=("severe_hyponatraemia",), codes=("E87.1",)),
    ),
    "sodium_below_125": (
        {"labs": [lab("sodium", 124.9, "mEq/L")]},
        Expect(interpretations=("LL",), flags={"severe_hyponatraemia": ED}),
    ),
    # UNIT RULE: 1.7 mg/dL x 0.41144 = 0.6994 mmol/L, below 0.7 -> L; 1.71 mg/dL is 0.7036.
    "magnesium_in_mg_dl_just_below": (
        {"history": cramps(), "labs": [lab("magnesium", 1.7, "mg/dL")]},
        Expect(
            interpretations=("L",),
            findings=("hypomagnesemia",),
            codes=("E83.42",),
            care=("magnesium_repletion",),
        ),
    ),
    "magnesium_in_mg_dl_just_above": (
        {"labs": [lab("magnesium", 1.71, "mg/dL")]},
        Expect(interpretations=("N",), no_care=("magnesium_repletion",)),
    ),
    # UNIT RULE example: 49.9 nmol/L = 19.99 ng/mL -> L; 50.0 nmol/L -> not L.
    "vitamin_d_49_9_nmol": (
        {"labs": [lab("vitamin_d_25oh", 49.9, "nmol/L")]},
        Expect(interpretations=("L",), care=("vitamin_d_repletion",), codes=("E55.9",)),
    ),
    "vitamin_d_50_nmol": (
        {"labs": [lab("vitamin_d_25oh", 50.0, "nmol/L")]},
        Expect(interpretations=("N",), no_care=("vitamin_d_repletion",)),
    ),
    # labs.phosphate: 2.5 mg/dL is N ('below 2.5'); red_flags.severe_hypophosphataemia < 1.0.
    "phosphate_at_2_5": (
        {"labs": [lab("phosphate", 2.5, "mg/dL")]},
        Expect(interpretations=("N",)),
    ),
    "phosphate_below_1": (
        {"labs": [lab("phosphate", 0.99, "mg/dL")]},
        Expect(interpretations=("LL",), flags={"severe_hypophosphataemia": ED}),
    ),
    # Contract: interpretation judges total calcium as measured; findings use corrected calcium
    # (8.0 + 0.8 x (4.0 - 3.0) = 8.8 mg/dL = 2.20 mmol/L, normal).
    "low_albumin_normal_corrected_calcium": (
        {"labs": [lab("calcium", 8.0, "mg/dL"), lab("albumin", 3.0, "g/dL")]},
        Expect(
            interpretations=("L", "L"),
            derived={"corrected_calcium_mmol_l": 2.2},
            no_findings=("hypocalcemia",),
            no_codes=("E83.51",),
        ),
    ),
    # red_flags.severe_hypocalcaemia: calcium below the range with a positive Chvostek sign.
    "low_calcium_with_chvostek": (
        {"exam": {"chvostek": True}, "labs": [lab("calcium", 2.0, "mmol/L")]},
        Expect(interpretations=("L",), flags={"severe_hypocalcaemia": ED}),
    ),
    # Excludes1 pair R29.0 / E20.9, E89.2 is never applied automatically: no E89.2 is inferred
    # from a thyroidectomy history (coding guidelines need the causal link documented).
    "thyroidectomy_hypocalcaemia_signs": (
        {
            "history": cramps(conditions=["thyroidectomy"]),
            "exam": {"trousseau": True},
            "labs": [lab("calcium", 1.95, "mmol/L"), lab("albumin", 40, "g/L")],
        },
        # icd10cm.coding_rules post_thyroidectomy_tetany (2026-12): E89.2 proposed, R29.0 never.
        Expect(codes=("E83.51", "E89.2"), no_codes=("R29.0",), flags={"severe_hypocalcaemia": ED}),
    ),
    # labs.creatine_kinase bands and red_flags.rhabdomyolysis: CK > 5x ULN with muscle symptoms;
    # exactly 5x does not fire. ck_multiple_of_uln uses the laboratory's reference_high.
    "ck_exactly_five_times": (
        {
            "history": cramps(symptoms=["localized_pain"]),
            "labs": [lab("creatine_kinase", 1000, "U/L", reference_high=200)],
        },
        Expect(derived={"ck_multiple_of_uln": 5.0}, no_flags=("rhabdomyolysis",)),
    ),
    "ck_just_over_five_times": (
        {
            "history": cramps(symptoms=["localized_pain"]),
            "labs": [lab("creatine_kinase", 1001, "U/L", reference_high=200)],
        },
        Expect(derived={"ck_multiple_of_uln": 5.01}, flags={"rhabdomyolysis": ED}),
    ),
    # Fallback ULN 190 U/L when the laboratory gives none (labs.creatine_kinase.fallback_ULN).
    "ck_without_a_laboratory_limit": (
        {"labs": [lab("creatine_kinase", 500, "U/L")]},
        Expect(interpretations=("H",), derived={"ck_multiple_of_uln": 2.63}),
    ),
    # red_flags.rhabdomyolysis second branch: dark urine with weakness, CK not required.
    "dark_urine_and_weakness": (
        {
            "history": {"dark_urine": True, "symptoms": ["weakness"]},
            "labs": [lab("creatine_kinase", 100, "U/L")],
        },
        Expect(flags={"rhabdomyolysis": ED}),
    ),
    # red_flags.rhabdomyolysis third branch: any CK rise with K >= 5.5 mmol/L.
    "raised_ck_with_hyperkalaemia": (
        {
            "labs": [
                lab("creatine_kinase", 300, "U/L", reference_high=200),
                lab("potassium", 5.5, "mmol/L"),
            ]
        },
        Expect(flags={"rhabdomyolysis": ED}),
    ),
    # red_flags.statin_symptoms_ck_4_to_10x (soon) vs statin_myopathy_ck_over_10x (urgent).
    "statin_ck_four_times": (
        {
            "history": cramps(symptoms=["localized_pain"]),
            "medications": [{"name": "Lipitor"}],
            "labs": [lab("creatine_kinase", 800, "U/L", reference_high=200)],
        },
        Expect(
            flags={"statin_symptoms_ck_4_to_10x": ("soon", "primary_care")},
            no_flags=("rhabdomyolysis", "statin_myopathy_ck_over_10x"),
            care=("review_statin",),
        ),
    ),
    "statin_ck_exactly_ten_times": (
        {
            "history": cramps(symptoms=["localized_pain"]),
            "medications": [{"name": "simvastatina"}],
            "labs": [lab("creatine_kinase", 2000, "U/L", reference_high=200)],
        },
        Expect(
            interpretations=("H",),
            flags={"statin_symptoms_ck_4_to_10x": ("soon", "primary_care"), "rhabdomyolysis": ED},
            no_flags=("statin_myopathy_ck_over_10x",),
        ),
    ),
    "statin_ck_eleven_times": (
        {
            "history": cramps(symptoms=["localized_pain"]),
            "medications": [{"name": "atorvastatin", "started": "2024-01"}],
            "labs": [lab("creatine_kinase", 2200, "U/L", reference_high=200)],
        },
        Expect(
            interpretations=("HH",),
            flags={
                "rhabdomyolysis": ED,
                "statin_myopathy_ck_over_10x": ("urgent", "primary_care"),
            },
        ),
    ),
    # vascular.abi: 199/200 = 0.995 -> 1.00 (half away from zero) -> normal on the recorded value.
    "abi_rounds_half_away_then_classifies": (
        {
            "vascular": {
                "brachial_systolic_mmhg": {"left": 200, "right": 190},
                "ankle_systolic_mmhg": {
                    "left": {"dorsalis_pedis": 199, "posterior_tibial": 150},
                    "right": {"dorsalis_pedis": 180, "posterior_tibial": 181},
                },
            }
        },
        Expect(
            derived={
                "abi": {"left": 1.0, "right": 0.91},
                "abi_category": {"left": "normal", "right": "borderline"},
            }
        ),
    ),
    "abi_noncompressible": (
        {
            "vascular": {
                "brachial_systolic_mmhg": {"left": 200},
                "ankle_systolic_mmhg": {"left": {"dorsalis_pedis": 281}},
            }
        },
        Expect(derived={"abi": {"left": 1.41}, "abi_category": {"left": "noncompressible"}}),
    ),
    # red_flags.chronic_limb_threatening_ischaemia: ankle pressure <= 50 mmHg, whatever the ABI.
    "ankle_pressure_50": (
        {
            "history": nlc(conditions=["peripheral_artery_disease"]),
            "vascular": {
                "brachial_systolic_mmhg": {"left": 130},
                "ankle_systolic_mmhg": {"left": {"dorsalis_pedis": 50, "posterior_tibial": 40}},
            },
        },
        Expect(flags={"chronic_limb_threatening_ischaemia": ("urgent", "vascular")}),
    ),
    # vascular.claudication_management_note: supervised exercise, Class I, for claudication.
    "claudication_with_abnormal_abi": (
        {
            "history": nlc(),
            "vascular": {
                "brachial_systolic_mmhg": {"left": 130, "right": 120},
                "ankle_systolic_mmhg": {"right": {"dorsalis_pedis": 110, "posterior_tibial": 105}},
                "claudication": True,
            },
        },
        Expect(
            derived={"abi": {"right": 0.85}, "abi_category": {"right": "abnormal"}},
            care=("supervised_exercise_therapy",),
        ),
    ),
    # icd10cm G47.62 (preferred for nocturnal leg cramps, over R25.2); AAFP 2012: labs usually
    # unnecessary; treatment_evidence.magnesium_cochrane_2020: no magnesium for NLC.
    "plain_nocturnal_cramps_older_adult": (
        {
            "patient": {"birth_date": "1950-03-03"},
            "history": nlc(sites=["calf"], triggers=["night_rest"], symptoms=["sleep_disruption"]),
        },
        Expect(
            codes=("G47.62",),
            no_codes=("R25.2",),
            care=("calf_hamstring_stretching",),
            no_care=("magnesium_repletion",),
            orders=(),
        ),
    ),
    # excludes1_pairs M62.- / R25.2: the site-specific M62.83x code for a documented spasm.
    "calf_cramps_coded_by_site": (
        {"history": cramps(sites=["calf"])},
        Expect(codes=("M62.831",), no_codes=("R25.2",)),
    ),
    "back_spasm_coded_by_site": (
        {"history": cramps(sites=["back"])},
        Expect(codes=("M62.830",), no_codes=("R25.2",)),
    ),
    # hydration_caution.suppress_if: thiazide; medications thiazide_diuretics (Spanish name).
    "thiazide_in_spanish": (
        {
            "patient": {"language": "es"},
            "history": nlc(),
            "medications": [{"name": "hidroclorotiazida", "dose": "25 mg"}],
        },
        Expect(
            findings=("drug_associated_cramps_thiazide_diuretics",),
            care=("review_diuretic",),
            no_care=("hydration",),
        ),
    ),
    # hydration_caution.suppress_if: 65 or over with any diuretic.
    "older_adult_on_a_loop_diuretic": (
        {
            "patient": {"birth_date": "1961-11-20"},
            "history": nlc(),
            "medications": [{"name": "furosemide"}],
        },
        Expect(no_care=("hydration",), care=("review_diuretic",)),
    ),
    # ICD-10-CM O26.89- by trimester (14 weeks starts the second) with Z3A weeks; never quinine.
    "pregnancy_at_14_weeks": (
        {
            "patient": {"birth_date": "1995-01-01", "pregnant": True, "pregnancy_weeks": 14},
            "history": nlc(),
        },
        Expect(codes=("O26.892", "G47.62", "Z3A.14"), no_care=("quinine",)),
    ),
    # Contract: 'pregnant' and 'sex' are separate optional fields; nothing calls this an error.
    "pregnant_with_sex_male_is_accepted": (
        {"patient": {"sex": "male", "pregnant": True}, "history": nlc()},
        Expect(codes=("G47.62",)),
    ),
    # red_flags.cauda_equina_syndrome: saddle anaesthesia alone is enough.
    "saddle_numbness": (
        {"history": {"presentations": ["spasticity"], "symptoms": ["saddle_numbness"]}},
        Expect(flags={"cauda_equina_syndrome": ED}),
    ),
    # red_flags.motor_neuron_disease_suspected: fasciculations with weakness on examination.
    "fasciculations_with_weakness": (
        {
            "history": {"presentations": ["fasciculations"], "progressive": True},
            "exam": {
                "fasciculations": [{"site": "calf", "side": "left"}],
                "strength": [{"muscle": "ankle_dorsiflexors", "side": "left", "mrc": "4"}],
            },
        },
        Expect(flags={"motor_neuron_disease_suspected": ("urgent", "neurology")}),
    ),
    "benign_fasciculations": (
        {
            "history": {"presentations": ["fasciculations"], "symptoms": ["anxiety"]},
            "exam": {
                "fasciculations": [{"site": "calf", "side": "bilateral"}],
                "strength": [{"muscle": "ankle_dorsiflexors", "side": "left", "mrc": "5"}],
            },
        },
        Expect(no_flags=("motor_neuron_disease_suspected",), codes=("R25.3",)),
    ),
    # red_flags.b12_deficiency_neurological: B12 < 300 pg/mL with paraesthesia.
    "indeterminate_b12_with_tingling": (
        {
            "history": {"presentations": ["fasciculations"], "symptoms": ["tingling_or_numbness"]},
            "labs": [lab("vitamin_b12", 250, "pg/mL")],
        },
        Expect(flags={"b12_deficiency_neurological": ("urgent", "neurology")}),
    ),
    # red_flags.acute_dystonic_reaction (3 days = the 72 h of the reference's DSM-5-TR note);
    # escalation on stridor; excludes1 R25.x / G20-G26 keeps G24.02.
    "dystonia_two_days_after_metoclopramide": (
        {
            "history": {"presentations": ["dystonia"]},
            "medications": [{"name": "metoclopramide", "started": "2026-11-18"}],
        },
        Expect(flags={"acute_dystonic_reaction": ("urgent", "primary_care")}, codes=("G24.02",)),
    ),
    "dystonia_four_days_after_metoclopramide": (
        {
            "history": {"presentations": ["dystonia"]},
            "medications": [{"name": "metoclopramide", "started": "2026-11-16"}],
        },
        # 2026-12b: a current antagonist fires the flag whatever its start; the drug-induced code
        # G24.02 needs a start within the red flags' window, so four days keeps G24.9.
        Expect(flags={"acute_dystonic_reaction": ("urgent", "primary_care")}, codes=("G24.9",)),
    ),
    "dystonia_with_stridor": (
        {
            "history": {"presentations": ["dystonia"], "symptoms": ["stridor_or_dysphonia"]},
            "medications": [{"name": "Reglan", "started": "2026-11-19"}],
        },
        Expect(flags={"acute_dystonic_reaction": ED}),
    ),
    # red_flags.adrenal_insufficiency_suspected: morning cortisol < 3 ug/dL.
    "very_low_morning_cortisol": (
        {"labs": [lab("cortisol_am", 2.5, "ug/dL")]},
        Expect(
            interpretations=("LL",),
            flags={"adrenal_insufficiency_suspected": ("urgent", "endocrinology")},
        ),
    ),
    # hormonal.thyroid_patterns: high TSH with low free T4 is overt hypothyroidism (E03.9).
    "overt_hypothyroidism": (
        {"labs": [lab("tsh", 12, "mIU/L"), lab("free_t4", 0.6, "ng/dL")]},
        Expect(interpretations=("H", "L"), codes=("E03.9",)),
    ),
    # Contract: eGFR absent when sex is not female or male.
    "no_egfr_without_a_sex_for_the_equation": (
        {"patient": {"sex": "unknown"}, "labs": [lab("creatinine", 1.0, "mg/dL")]},
        Expect(not_derived=("egfr_ml_min_1_73m2",)),
    ),
    # CKD-EPI 2021: female, 65 at the visit, creatinine 1.0 mg/dL -> 62.5 -> 63.
    "egfr_computed": (
        {
            "patient": {"birth_date": "1961-11-20"},
            "labs": [lab("creatinine", 1.0, "mg/dL")],
        },
        Expect(derived={"egfr_ml_min_1_73m2": 63}),
    ),
    # LOINC-only lab (contract: labs[] always carries the test name).
    "loinc_only_hba1c": (
        {"labs": [{"loinc": "4548-4", "value": 6.5, "unit": "%"}]},
        Expect(interpretations=("H",)),
    ),
    # Contract: a medication the program cannot map gives medication_not_recognised.
    "unrecognised_medication": (
        {"medications": [{"name": "Zorblax"}]},
        Expect(findings=("medication_not_recognised",)),
    ),
    # Contract: absent / null / empty sections are all accepted.
    "empty_and_null_sections": (
        {"history": {}, "exam": None, "labs": [], "vascular": {}, "medications": []},
        Expect(
            orders=(),
            not_derived=(
                "abi",
                "abi_category",
                "corrected_calcium_mmol_l",
                "egfr_ml_min_1_73m2",
                "ck_multiple_of_uln",
            ),
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_examiner_case(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sections, expect = CASES[name]
    result = evaluate_document(tmp_path, capsys, **sections)
    if expect.interpretations is not None:
        assert tuple(entry["interpretation"] for entry in result["labs"]) == expect.interpretations
    flags = {flag["id"]: (flag["urgency"], flag["referral"]) for flag in result["red_flags"]}
    for flag_id, urgency_and_referral in expect.flags.items():
        assert flags.get(flag_id) == urgency_and_referral, flag_id
    assert not set(expect.no_flags) & set(flags)
    findings = {finding["id"] for finding in result["findings"]}
    assert set(expect.findings) <= findings
    assert not set(expect.no_findings) & findings
    assert set(expect.codes) <= set(result["icd10cm"])
    assert not set(expect.no_codes) & set(result["icd10cm"])
    plan = {item["id"] for item in result["care_plan"]}
    assert set(expect.care) <= plan
    assert not set(expect.no_care) & plan
    assert "quinine" not in plan
    if expect.orders is not None:
        assert tuple(result["suggested_lab_orders"]) == expect.orders
    for key, value in expect.derived.items():
        assert result["derived"][key] == value, key
    assert not set(expect.not_derived) & set(result["derived"])


REFUSED: dict[str, tuple[dict[str, Any], str]] = {
    # Contract, exit status: unknown key, unknown unit, value out of range, malformed input.
    "misspelt_key": ({"history": {"presentation": ["skeletal_cramps"]}}, "history.presentation"),
    "unknown_unit": ({"labs": [lab("magnesium", 1, "mg")]}, "labs[0].unit"),
    "pain_score_out_of_range": ({"history": {"pain_score": 11}}, "history.pain_score"),
    "mrc_as_a_number": (
        {"exam": {"strength": [{"muscle": "hip_flexors", "side": "left", "mrc": 4}]}},
        "exam.strength[0].mrc",
    ),
    "test_and_loinc_disagree": (
        {"labs": [{"test": "potassium", "loinc": "19123-9", "value": 1.5, "unit": "mg/dL"}]},
        "labs[0].loinc",
    ),
    "started_not_a_date": (
        {"medications": [{"name": "omeprazole", "started": "2026-13"}]},
        "medications[0].started",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_examiner_refusal(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sections, field_path = REFUSED[name]
    document = {
        "format": "clinic-desktop.assessment",
        "version": 1,
        "patient": {
            "mrn": "QA-2",
            "family_name": "Prueba",
            "given_name": "Ana",
            "birth_date": "1960-01-01",
        },
        **sections,
    }
    path = tmp_path / "case.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert cli.main(["evaluate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{field_path}: ")
    assert captured.err.count("\n") == 1
