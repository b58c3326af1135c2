"""Lab interpretation: flags at every boundary, the laboratory's interval, SI values and lab findings."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import Assessment, LabResult, Patient
from clinic_desktop.domain.vocabulary import LAB_TESTS
from clinic_desktop.knowledge.lab_catalog import MULTIPLE_OF_ULN, load_lab_catalog
from clinic_desktop.rules.labs import LabOutcome, evaluate_labs, judge

CATALOG = load_lab_catalog()
EPSILON = Decimal("0.001")
CK_FALLBACK_ULN = Decimal(190)


def _patient(language: str = "en", pregnant: bool | None = None) -> Patient:
    return Patient(
        mrn="A-1",
        family_name="García",
        given_name="Ana",
        birth_date=date(1961, 4, 2),
        sex="female",
        language=language,
        pregnant=pregnant,
    )


def _evaluate(*labs: LabResult, language: str = "en", **extra: object) -> LabOutcome:
    assessment = Assessment(patient=_patient(language), labs=list(labs), **extra)  # type: ignore[arg-type]
    return evaluate_labs(assessment, CATALOG, language)


def _flag(test: str, value: str | float, unit: str, **interval: float) -> str | None:
    return judge(CATALOG, test, Decimal(str(value)), unit, **interval).interpretation


def _boundary_cases() -> list[tuple[str, str, str, Decimal, str]]:
    """(test, band label, op, bound value, unit) for every bound of every default band in labs.yaml."""
    cases = []
    for test in LAB_TESTS:
        spec = CATALOG.spec(test)
        if spec.classification is None:
            continue
        for band in spec.classification.bands:
            for bound in band.when:
                cases.append((test, band.label, bound.op, bound.value, bound.unit))
    return cases


@pytest.mark.parametrize(("test", "label", "op", "bound", "unit"), _boundary_cases())
def test_each_default_bound_at_just_inside_and_just_outside(
    test: str, label: str, op: str, bound: Decimal, unit: str
) -> None:
    """Just inside a bound is in its band; exactly on it only for lte/gte; just outside never."""
    if unit == MULTIPLE_OF_ULN:
        scale, unit = CK_FALLBACK_ULN, "U/L"
    else:
        scale = Decimal(1)
    inside = bound - EPSILON if op in ("lt", "lte") else bound + EPSILON
    outside = bound + EPSILON if op in ("lt", "lte") else bound - EPSILON

    def band_of(value: Decimal) -> str | None:
        band = judge(CATALOG, test, value * scale, unit).band
        return band.label if band else None

    assert band_of(inside) == label
    assert (band_of(bound) == label) == (op in ("lte", "gte"))
    assert band_of(outside) != label or _same_label_twice(test, label)


def _same_label_twice(test: str, label: str) -> bool:
    spec = CATALOG.spec(test)
    assert spec.classification is not None
    return sum(band.label == label for band in spec.classification.bands) > 1


@pytest.mark.parametrize(
    ("test", "value", "unit", "flag"),
    [
        # reference meta: 'below X' means equal to X is not abnormal (K 3.5, Na 135, phosphate 2.5 mg/dL)
        ("potassium", "3.5", "mmol/L", "N"),
        ("potassium", "3.49", "mmol/L", "L"),
        ("potassium", "2.5", "mmol/L", "L"),
        ("potassium", "2.49", "mmol/L", "LL"),
        ("potassium", "6.49", "mmol/L", "H"),
        ("potassium", "6.5", "mmol/L", "HH"),
        ("potassium", "3.4", "mEq/L", "L"),
        ("sodium", "135", "mmol/L", "N"),
        ("sodium", "125", "mmol/L", "L"),
        ("sodium", "124.9", "mmol/L", "LL"),
        ("sodium", "145.1", "mmol/L", "H"),
        ("phosphate", "2.5", "mg/dL", "N"),
        ("phosphate", "0.8", "mmol/L", "L"),  # 0.8 / 0.32285 = 2.478 mg/dL < 2.5
        ("phosphate", "0.3228", "mmol/L", "LL"),  # 0.99985 mg/dL < 1.0
        # reference UNIT RULE example: 49.9 nmol/L = 19.99 ng/mL -> L; 50.0 nmol/L = 20.03 ng/mL -> N
        ("vitamin_d_25oh", "49.9", "nmol/L", "L"),
        ("vitamin_d_25oh", "50.0", "nmol/L", "N"),
        ("vitamin_d_25oh", "20", "ng/mL", "N"),
        ("vitamin_d_25oh", "125.1", "nmol/L", "H"),
        # calcium: corrected <1.9 mmol/L is severe (Society for Endocrinology 2016); 8.5 mg/dL lower limit
        ("calcium", "1.89", "mmol/L", "LL"),
        ("calcium", "1.9", "mmol/L", "L"),
        ("calcium", "8.5", "mg/dL", "N"),
        ("calcium", "2.12", "mmol/L", "L"),  # 8.4967 mg/dL
        ("calcium", "2.121", "mmol/L", "N"),  # 8.5007 mg/dL
        ("magnesium", "1.5", "mg/dL", "L"),  # 0.617 mmol/L < 0.70
        ("magnesium", "1.4", "mEq/L", "N"),  # 0.70 mmol/L
        # labs.vitamin_b12_cobalamin (2026-12b, NICE NG239): below 180 ng/L L; 180-350 N indeterminate
        ("vitamin_b12", "179.99", "pg/mL", "L"),
        ("vitamin_b12", "180", "pg/mL", "N"),
        ("vitamin_b12", "132", "pmol/L", "L"),  # 178.91 pg/mL
        ("vitamin_b12", "133", "pmol/L", "N"),  # 180.27 pg/mL: indeterminate band, reported N
        ("vitamin_b12", "350", "pg/mL", "N"),
        ("vitamin_b12", "350.01", "pg/mL", "N"),
        ("folate", "3", "ng/mL", "L"),  # 6.8 nmol/L
        ("cortisol_am", "82", "nmol/L", "LL"),  # 2.97 ug/dL < 3
        ("cortisol_am", "139", "nmol/L", "L"),
        ("cortisol_am", "140", "nmol/L", "N"),
        ("creatine_kinase", "190", "U/L", "N"),
        ("creatine_kinase", "1900", "U/L", "H"),  # exactly 10x ULN stays in the 4-10x row
        ("creatine_kinase", "1901", "U/L", "HH"),
        ("glucose", "5.55", "mmol/L", "N"),  # 99.99 mg/dL
        # labs.glucose_and_hba1c (2026-12): ADA level 2 below 54 mg/dL LL, level 1 54 to <70 L;
        # the diabetes range is H (a diagnostic threshold, not a critical one).
        ("glucose", "53.99", "mg/dL", "LL"),
        ("glucose", "54", "mg/dL", "L"),
        ("glucose", "69.99", "mg/dL", "L"),
        ("glucose", "70", "mg/dL", "N"),
        ("glucose", "2.99", "mmol/L", "LL"),  # 53.87 mg/dL
        ("glucose", "3.0", "mmol/L", "L"),  # 54.05 mg/dL
        ("glucose", "7.0", "mmol/L", "H"),  # 126.1 mg/dL
        ("hba1c", "6.5", "%", "H"),
        ("hba1c", "47", "mmol/mol", "H"),  # 6.45%
        ("tsh", "4.5", "mIU/L", "N"),
        ("free_t4", "10", "pmol/L", "L"),  # 0.777 ng/dL
        ("creatinine", "106", "umol/L", "N"),
        ("creatinine", "107", "umol/L", "H"),  # 1.2104 mg/dL
    ],
)
def test_hand_written_boundaries_from_the_reference(
    test: str, value: str, unit: str, flag: str
) -> None:
    assert _flag(test, value, unit) == flag


def test_egfr_is_low_below_the_ckd_threshold_and_takes_a_laboratory_interval() -> None:
    # Every lab carries an HL7 code; the reference's CKD threshold (eGFR below 60) is the cut-off.
    assert _flag("egfr", "59.9", "mL/min/1.73m2") == "L"
    assert _flag("egfr", "60", "mL/min/1.73m2") == "N"
    assert _flag("egfr", "5", "mL/min/1.73m2") == "L"
    assert _flag("egfr", 75, "mL/min/1.73m2", reference_low=90) == "L"


@pytest.mark.parametrize(
    ("value", "interval", "flag"),
    [
        ("3.4", {"reference_low": 3.3, "reference_high": 5.1}, "N"),  # the laboratory wins
        ("3.6", {"reference_low": 3.7, "reference_high": 5.1}, "L"),
        ("3.7", {"reference_low": 3.7, "reference_high": 5.1}, "N"),  # equal to the bound
        ("5.1", {"reference_low": 3.5, "reference_high": 5.1}, "N"),
        ("5.2", {"reference_low": 3.5, "reference_high": 5.1}, "H"),
        ("2.4", {"reference_low": 2.0, "reference_high": 5.1}, "LL"),  # severity still applies
        ("6.6", {"reference_low": 3.5, "reference_high": 7.0}, "HH"),
        ("3.4", {"reference_high": 5.1}, "L"),  # no lab low: the default's low side
    ],
)
def test_the_laboratory_interval_wins_but_severity_bands_still_apply(
    value: str, interval: dict[str, float], flag: str
) -> None:
    assert _flag("potassium", value, "mmol/L", **interval) == flag


TEST_UNITS = [(test, unit) for test in LAB_TESTS for unit in CATALOG.units_for(test)]
FINITE = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(pair=st.sampled_from(TEST_UNITS), value=FINITE)
def test_interpretation_never_raises_for_a_finite_value(
    pair: tuple[str, str], value: float
) -> None:
    test, unit = pair
    outcome = _evaluate(LabResult(test, value, unit))
    assert outcome.labs[0].interpretation in {None, "LL", "L", "N", "H", "HH"}


LOW_TESTS = [
    (t, u)
    for t, u in TEST_UNITS
    if CATALOG.spec(t).classification is not None and t != "hba1c"  # hba1c has no low band
]


@given(
    pair=st.sampled_from(LOW_TESTS),
    better=st.floats(min_value=0.001, max_value=5000),
    drop=st.floats(min_value=0, max_value=1),
    interval=st.one_of(st.none(), st.tuples(st.floats(0.01, 100), st.floats(100, 5000))),
)
def test_a_worse_value_never_removes_a_low_flag(
    pair: tuple[str, str],
    better: float,
    drop: float,
    interval: tuple[float, float] | None,
) -> None:
    test, unit = pair
    worse = better * drop
    limits = {"reference_low": interval[0], "reference_high": interval[1]} if interval else {}
    before = _flag(test, better, unit, **limits)
    after = _flag(test, worse, unit, **limits)
    if before in ("L", "LL"):
        assert after in ("L", "LL")
    if before == "LL":
        assert after == "LL"


def test_value_si_keeps_at_least_three_significant_digits() -> None:
    outcome = _evaluate(
        LabResult("magnesium", 1.5, "mg/dL"),
        LabResult("vitamin_d_25oh", 20, "ng/mL"),
        LabResult("creatinine", 1.0, "mg/dL"),
        LabResult("potassium", 3.1, "mmol/L"),
        LabResult("hba1c", 6.5, "%"),
    )
    values = {lab.test: (lab.value_si, lab.unit_si) for lab in outcome.labs}
    assert values["magnesium"] == (Decimal("0.617"), "mmol/L")
    assert values["vitamin_d_25oh"] == (Decimal("49.9"), "nmol/L")
    assert values["creatinine"] == (Decimal("88.4"), "umol/L")
    assert values["potassium"] == (Decimal("3.1"), "mmol/L")
    assert values["hba1c"] == (Decimal("47.5"), "mmol/mol")


@given(value=st.decimals(min_value="0.0001", max_value="99999", places=4))
def test_value_si_is_the_exact_conversion_to_three_significant_digits(value: Decimal) -> None:
    (lab,) = _evaluate(LabResult("magnesium", float(value), "mg/dL")).labs
    exact = value * Decimal("0.41144")
    digits = len(lab.value_si.as_tuple().digits)
    assert digits >= 3 or lab.value_si.as_tuple().exponent == 0
    assert abs(lab.value_si - exact) <= Decimal(1).scaleb(lab.value_si.as_tuple().exponent) / 2


def test_loinc_follows_the_unit_and_keeps_a_more_specific_input_code() -> None:
    outcome = _evaluate(
        LabResult("vitamin_d_25oh", 40, "nmol/L"),
        LabResult("ionized_calcium", 1.1, "mmol/L", loinc="1994-3"),
        LabResult("tsh", 2.0, "mIU/L"),
    )
    assert [lab.loinc for lab in outcome.labs] == ["14635-7", "1994-3", "3016-3"]


def test_interval_source_names_who_judged_the_value() -> None:
    outcome = _evaluate(
        LabResult("potassium", 3.1, "mmol/L", reference_low=3.5, reference_high=5.1),
        LabResult("sodium", 140, "mmol/L"),
    )
    assert outcome.labs[0].laboratory_interval
    assert outcome.labs[0].interval_source == ()
    assert not outcome.labs[1].laboratory_interval
    assert "spasovski_2014_hyponatraemia" in outcome.labs[1].interval_source


def _ids(outcome: LabOutcome) -> list[str]:
    return [finding.id for finding in outcome.findings]


def test_hypomagnesemia_finding_carries_code_source_and_spanish_text() -> None:
    outcome = _evaluate(LabResult("magnesium", 1.5, "mg/dL"), language="es")
    (finding,) = outcome.findings
    assert finding.id == "hypomagnesemia"
    assert finding.icd10cm == "E83.42"
    assert finding.category == "labs"
    assert "hipomagnesemia" in finding.text
    assert "1,5 mg/dL" in finding.text
    assert "nuh_singapore_magnesium" in finding.sources


@pytest.mark.parametrize(
    ("lab", "finding_id", "icd"),
    [
        (LabResult("potassium", 3.1, "mmol/L"), "hypokalemia", "E87.6"),
        (LabResult("potassium", 5.6, "mmol/L"), "hyperkalemia", "E87.5"),
        (LabResult("sodium", 128, "mmol/L"), "hyponatremia", "E87.1"),
        (LabResult("sodium", 150, "mmol/L"), "hypernatremia", None),
        (LabResult("phosphate", 2.0, "mg/dL"), "hypophosphatemia", "E83.39"),
        (LabResult("vitamin_d_25oh", 15, "ng/mL"), "vitamin_d_deficiency", "E55.9"),
        (LabResult("vitamin_b12", 150, "pg/mL"), "vitamin_b12_deficiency", "E53.8"),
        (LabResult("vitamin_b12", 250, "pg/mL"), "vitamin_b12_indeterminate", None),
        (LabResult("folate", 8, "nmol/L"), "folate_deficiency", "E53.8"),
        (LabResult("creatine_kinase", 500, "U/L"), "raised_creatine_kinase", None),
        (LabResult("glucose", 110, "mg/dL"), "impaired_fasting_glucose", None),
        (LabResult("glucose", 7.0, "mmol/L"), "diabetes_range_glucose", None),
        (LabResult("hba1c", 6.0, "%"), "prediabetes_range_hba1c", None),
        (LabResult("hba1c", 50, "mmol/mol"), "diabetes_range_hba1c", None),
        (LabResult("calcium", 8.0, "mg/dL"), "hypocalcemia", "E83.51"),
        (LabResult("calcium", 11.0, "mg/dL"), "hypercalcemia", None),
    ],
)
def test_each_abnormal_result_gives_its_finding(
    lab: LabResult, finding_id: str, icd: str | None
) -> None:
    outcome = _evaluate(lab)
    assert _ids(outcome) == [finding_id]
    assert outcome.findings[0].icd10cm == icd
    assert outcome.findings[0].sources


def test_normal_results_give_no_finding() -> None:
    outcome = _evaluate(
        LabResult("magnesium", 0.85, "mmol/L"),
        LabResult("potassium", 4.2, "mmol/L"),
        LabResult("sodium", 140, "mmol/L"),
        LabResult("vitamin_b12", 400, "pg/mL"),
        LabResult("creatine_kinase", 120, "U/L"),
    )
    assert outcome.findings == ()


def test_ck_finding_names_its_multiple_of_the_upper_limit() -> None:
    outcome = _evaluate(LabResult("creatine_kinase", 2450, "U/L", reference_high=200))
    (finding,) = outcome.findings
    assert "12.25 x ULN" in finding.text
    assert "more than 10 times" in finding.text


def test_hypocalcaemia_is_judged_on_corrected_calcium_when_albumin_is_known() -> None:
    # Total 8.0 mg/dL is low as measured, but with albumin 3.0 g/dL it corrects to 2.20 mmol/L (8.8 mg/dL).
    corrected_normal = _evaluate(
        LabResult("calcium", 8.0, "mg/dL"), LabResult("albumin", 3.0, "g/dL")
    )
    assert corrected_normal.labs[0].interpretation == "L"
    assert "hypocalcemia" not in _ids(corrected_normal)
    assert corrected_normal.interpretation("corrected_calcium") == "N"
    # Total 2.15 mmol/L (normal-looking at 8.6 mg/dL) with albumin 48 g/L corrects to 1.99 mmol/L.
    corrected_low = _evaluate(LabResult("calcium", 2.15, "mmol/L"), LabResult("albumin", 48, "g/L"))
    assert corrected_low.labs[0].interpretation == "N"
    assert "hypocalcemia" in _ids(corrected_low)
    assert "Albumin-corrected calcium 1.99 mmol/L" in corrected_low.findings[0].text


def test_severe_hypocalcaemia_on_corrected_calcium_below_1_9() -> None:
    outcome = _evaluate(LabResult("calcium", 1.95, "mmol/L"), LabResult("albumin", 45, "g/L"))
    assert outcome.interpretation("corrected_calcium") == "LL"
    assert outcome.findings[0].text.startswith("Severe hypocalcaemia")


def test_ionized_calcium_judges_hypocalcaemia_without_albumin() -> None:
    outcome = _evaluate(
        LabResult("calcium", 9.0, "mg/dL"), LabResult("ionized_calcium", 1.0, "mmol/L")
    )
    assert _ids(outcome) == ["hypocalcemia"]
    assert "Ionized calcium" in outcome.findings[0].text


def test_a_measured_ionized_calcium_decides_over_the_corrected_approximation() -> None:
    # Reference labs calcium_total corrected_calcium_formula caveats: the correction is an
    # approximation and ionized calcium is preferred. Total 8.0 mg/dL with albumin 4.0 g/dL
    # corrects to 8.0 mg/dL (low), but the measured ionized calcium is normal.
    total_low = (LabResult("calcium", 8.0, "mg/dL"), LabResult("albumin", 4.0, "g/dL"))
    normal_ionized = _evaluate(*total_low, LabResult("ionized_calcium", 1.20, "mmol/L"))
    assert normal_ionized.interpretation("corrected_calcium") == "L"
    assert "hypocalcemia" not in _ids(normal_ionized)
    low_ionized = _evaluate(*total_low, LabResult("ionized_calcium", 1.05, "mmol/L"))
    (finding,) = [f for f in low_ionized.findings if f.id == "hypocalcemia"]
    assert "Ionized calcium 1.05 mmol/L" in finding.text
    assert finding.icd10cm == "E83.51"
    assert "kdoqi_2003_bone_metabolism" in finding.sources
    # Corrected normal but ionized low: the measured ionized result still shows hypocalcaemia.
    corrected_normal = _evaluate(
        LabResult("calcium", 9.2, "mg/dL"),
        LabResult("albumin", 4.0, "g/dL"),
        LabResult("ionized_calcium", 1.00, "mmol/L"),
    )
    assert "hypocalcemia" in _ids(corrected_normal)


def test_reduced_egfr_from_the_computed_value_with_its_kdigo_category() -> None:
    assessment = Assessment(
        patient=_patient(),
        visit_date=date(2026, 11, 20),
        labs=[LabResult("creatinine", 1.4, "mg/dL")],
    )
    outcome = evaluate_labs(assessment, CATALOG, "en")
    assert outcome.derived.egfr_ml_min_1_73m2 == 42
    (finding,) = [f for f in outcome.findings if f.id == "reduced_egfr"]
    assert "G3b" in finding.text
    assert "42 mL/min/1.73m2" in finding.text
    spanish = evaluate_labs(assessment, CATALOG, "es").findings
    assert "G3b (moderada a gravemente disminuido)" in spanish[0].text


def test_a_reported_egfr_is_staged_too() -> None:
    outcome = _evaluate(LabResult("egfr", 25, "mL/min/1.73m2"))
    assert "G4" in outcome.findings[0].text
    assert _evaluate(LabResult("egfr", 60, "mL/min/1.73m2")).findings == ()


def test_vitamin_d_deficiency_follows_the_20_ng_per_ml_rule_whatever_the_lab_interval() -> None:
    # reference: 20-29 ng/mL is NOT labelled insufficient; repletion only below 20 ng/mL.
    outcome = _evaluate(
        LabResult("vitamin_d_25oh", 25, "ng/mL", reference_low=30, reference_high=100),
        LabResult("glucose", 105, "mg/dL", reference_low=70, reference_high=140),
    )
    assert [lab.interpretation for lab in outcome.labs] == ["L", "N"]
    assert _ids(outcome) == ["impaired_fasting_glucose"]
    assert outcome.default_flag("vitamin_d_25oh") == "N"
    below = _evaluate(
        LabResult("vitamin_d_25oh", 19, "ng/mL", reference_low=10, reference_high=100)
    )
    assert below.labs[0].interpretation == "N"
    assert _ids(below) == ["vitamin_d_deficiency"]
    assert below.default_flag("vitamin_d_25oh") == "L"


def test_hba1c_caveat_is_printed_with_its_finding() -> None:
    outcome = _evaluate(LabResult("hba1c", 7.0, "%"))
    assert "may not reflect glycaemia" in outcome.findings[0].text
    assert len(outcome.findings[0].sources) == 2


def test_helpers_for_other_rules() -> None:
    outcome = _evaluate(
        LabResult("magnesium", 1.5, "mg/dL"),
        LabResult("creatine_kinase", 1000, "U/L", reference_high=200),
        LabResult("potassium", 3.0, "mmol/L", reference_low=3.5, reference_high=5.0),
        LabResult("calcium", 2.0, "mmol/L"),
        LabResult("albumin", 30, "g/L"),
    )
    assert outcome.value_in("magnesium", "mmol/L") == Decimal("1.5") * Decimal("0.41144")
    assert outcome.value_in("magnesium", "mg/dL") == Decimal("1.5")
    assert outcome.multiple_of_uln("creatine_kinase") == Decimal(5)
    assert outcome.value_in("creatine_kinase", "x_ULN") == Decimal(5)
    assert outcome.multiple_of_lln("potassium") == Decimal("3.0") / Decimal("3.5")
    assert outcome.value_in("corrected_calcium", "mmol/L") == Decimal("2.20")
    assert outcome.has_result("magnesium")
    assert not outcome.has_result("corrected_calcium")
    assert not outcome.has_result("sodium")
    assert outcome.value_in("sodium", "mmol/L") is None
    assert outcome.interpretation("sodium") is None
    assert outcome.interpretation("potassium") == "L"


def test_default_limits_are_used_when_the_laboratory_gives_none() -> None:
    outcome = _evaluate(
        LabResult("magnesium", 0.35, "mmol/L"), LabResult("creatine_kinase", 950, "U/L")
    )
    assert outcome.multiple_of_lln("magnesium") == Decimal("0.5")  # 0.35 / 0.70
    assert outcome.multiple_of_uln("creatine_kinase") == Decimal(5)  # 950 / 190


def test_egfr_value_falls_back_to_the_computed_one() -> None:
    assessment = Assessment(
        patient=_patient(),
        visit_date=date(2026, 11, 20),
        labs=[LabResult("creatinine", 1.4, "mg/dL")],
    )
    outcome = evaluate_labs(assessment, CATALOG, "en")
    value = outcome.value_in("egfr", "mL/min/1.73m2")
    assert value is not None
    assert math.isclose(float(value), 41.75, abs_tol=0.01)
    assert not outcome.has_result("egfr")


def test_a_test_listed_twice_is_judged_on_its_later_entry() -> None:
    outcome = _evaluate(
        LabResult("potassium", 3.0, "mmol/L"), LabResult("potassium", 4.0, "mmol/L")
    )
    assert len(outcome.labs) == 2
    assert outcome.interpretation("potassium") == "N"
    assert outcome.findings == ()


def test_no_labs_means_nothing_judged_and_nothing_called_normal() -> None:
    outcome = _evaluate()
    assert outcome.labs == ()
    assert outcome.findings == ()
    assert all(outcome.interpretation(test) is None for test in LAB_TESTS)
