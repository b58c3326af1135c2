"""Derived values: ABI and its category, albumin-corrected calcium, CKD-EPI 2021 eGFR, CK x ULN."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import (
    AnklePressures,
    AnklePressuresBySide,
    Assessment,
    BrachialPressures,
    LabResult,
    Patient,
    Vascular,
)
from clinic_desktop.domain.numbers import round_half_away
from clinic_desktop.knowledge.lab_catalog import load_lab_catalog
from clinic_desktop.rules.derived import (
    ankle_brachial_index,
    corrected_calcium_mg_dl,
    corrected_calcium_mmol_l,
    egfr_ckd_epi_2021,
)
from clinic_desktop.rules.labs import evaluate_labs
from clinic_desktop.rules.vascular import abi_categories

CATALOG = load_lab_catalog()


def _vascular(
    left_arm: float | None,
    right_arm: float | None,
    left_ankle: tuple[float | None, float | None] | None,
    right_ankle: tuple[float | None, float | None] | None = None,
) -> Vascular:
    return Vascular(
        brachial_systolic_mmhg=BrachialPressures(left=left_arm, right=right_arm),
        ankle_systolic_mmhg=AnklePressuresBySide(
            left=AnklePressures(*left_ankle) if left_ankle else None,
            right=AnklePressures(*right_ankle) if right_ankle else None,
        ),
    )


def _patient(sex: str | None = "female", birth: date = date(1961, 4, 2)) -> Patient:
    return Patient(mrn="A-1", family_name="García", given_name="Ana", birth_date=birth, sex=sex)


def test_abi_takes_the_higher_ankle_over_the_higher_arm() -> None:
    abi = ankle_brachial_index(_vascular(128, 132, (110, 114), (120, 118)))
    assert abi == {"left": Decimal("0.86"), "right": Decimal("0.91")}
    assert abi_categories(abi, CATALOG.vascular) == {"left": "abnormal", "right": "borderline"}


@pytest.mark.parametrize(
    ("ankle", "arm", "recorded", "category"),
    [
        (199, 200, "1.00", "normal"),  # 0.995 rounds half away to 1.00, never to 0.99
        (181, 200, "0.91", "borderline"),  # 0.905 -> 0.91
        (180.9, 200, "0.90", "abnormal"),  # 0.9045 -> 0.90; <= 0.90 is abnormal
        (180, 200, "0.90", "abnormal"),
        (281, 200, "1.41", "noncompressible"),  # 1.405 -> 1.41 > 1.40
        (280.8, 200, "1.40", "normal"),  # 1.404 -> 1.40 is still normal
        (197.9, 200, "0.99", "borderline"),  # 0.9895 -> 0.99
    ],
)
def test_abi_is_classified_as_recorded_to_two_decimals(
    ankle: float, arm: float, recorded: str, category: str
) -> None:
    abi = ankle_brachial_index(_vascular(arm, None, (ankle, None)))
    assert abi == {"left": Decimal(recorded)}
    assert abi_categories(abi, CATALOG.vascular) == {"left": category}


def test_one_arm_or_one_ankle_pressure_is_enough() -> None:
    assert ankle_brachial_index(_vascular(None, 120, (None, 108))) == {"left": Decimal("0.90")}


def test_a_leg_without_ankle_pressures_is_absent() -> None:
    assert ankle_brachial_index(_vascular(120, 120, (100, None), (None, None))) == {
        "left": Decimal("0.83")
    }


def test_no_arm_pressure_means_no_abi() -> None:
    assert ankle_brachial_index(_vascular(None, None, (100, 100))) == {}
    assert ankle_brachial_index(_vascular(0, None, (100, 100))) == {}
    assert ankle_brachial_index(None) == {}


@given(
    ankle=st.integers(min_value=0, max_value=400),
    arm=st.integers(min_value=40, max_value=300),
)
def test_every_recorded_abi_has_the_guideline_category_of_its_two_decimal_value(
    ankle: int, arm: int
) -> None:
    recorded = ankle_brachial_index(_vascular(arm, None, (ankle, None)))["left"]
    assert recorded.as_tuple().exponent == -2
    assert abs(recorded - Decimal(ankle) / Decimal(arm)) <= Decimal("0.005")
    if recorded > Decimal("1.40"):
        expected = "noncompressible"
    elif recorded >= Decimal("1.00"):
        expected = "normal"
    elif recorded >= Decimal("0.91"):
        expected = "borderline"
    else:
        expected = "abnormal"
    assert abi_categories({"left": recorded}, CATALOG.vascular) == {"left": expected}


def test_corrected_calcium_follows_the_payne_si_form() -> None:
    # corrected = 2.00 + 0.02 x (40 - 30) = 2.20 mmol/L
    assert corrected_calcium_mmol_l(Decimal("2.00"), Decimal(30)) == Decimal("2.20")
    assert corrected_calcium_mmol_l(Decimal("2.40"), Decimal(45)) == Decimal("2.30")


def test_corrected_calcium_follows_the_conventional_form_in_mg_dl() -> None:
    # corrected = 8.9 + 0.8 x (4.0 - 4.5) = 8.5 mg/dL exactly
    assert corrected_calcium_mg_dl(Decimal("8.9"), Decimal("4.5")) == Decimal("8.50")


@pytest.mark.parametrize(
    ("calcium", "albumin", "finding"),
    [
        # Exactly 8.5 mg/dL by the form written for mg/dL: not below 8.5, so no hypocalcaemia.
        # (The Payne form would give 8.4992 mg/dL and call it low.)
        (LabResult("calcium", 8.9, "mg/dL"), LabResult("albumin", 4.5, "g/dL"), False),
        (LabResult("calcium", 8.9, "mg/dL"), LabResult("albumin", 45, "g/L"), False),
        (LabResult("calcium", 8.89, "mg/dL"), LabResult("albumin", 4.5, "g/dL"), True),
        # In mmol/L the Payne form: 2.22 + 0.02 x (40 - 45) = 2.12 mmol/L, below 2.121 (8.5 mg/dL).
        (LabResult("calcium", 2.22, "mmol/L"), LabResult("albumin", 45, "g/L"), True),
    ],
)
def test_corrected_calcium_is_judged_by_the_form_of_its_unit(
    calcium: LabResult, albumin: LabResult, finding: bool
) -> None:
    outcome = evaluate_labs(Assessment(patient=_patient(), labs=[calcium, albumin]), CATALOG, "en")
    assert ("hypocalcemia" in {f.id for f in outcome.findings}) is finding


def test_corrected_calcium_is_reported_only_with_both_inputs() -> None:
    both = Assessment(
        patient=_patient(),
        labs=[LabResult("calcium", 8.0, "mg/dL"), LabResult("albumin", 3.0, "g/dL")],
    )
    # conventional form: 8.0 + 0.8 x (4.0 - 3.0) = 8.8 mg/dL x 0.24951 = 2.195688 -> 2.20
    assert evaluate_labs(both, CATALOG, "en").derived.corrected_calcium_mmol_l == Decimal("2.20")
    alone = Assessment(patient=_patient(), labs=[LabResult("calcium", 8.0, "mg/dL")])
    assert evaluate_labs(alone, CATALOG, "en").derived.corrected_calcium_mmol_l is None


# CKD-EPI 2021 has no worked example in the clinical reference; these were computed by hand:
# eGFR = 142 x min(Scr/k,1)^a x max(Scr/k,1)^-1.200 x 0.9938^age x 1.012 [female].
@pytest.mark.parametrize(
    ("creatinine", "age", "sex", "expected"),
    [
        # Scr = k: both ratio terms are 1; 142 x 0.9938^60 = 142 x 0.68856 = 97.78
        ("0.9", 60, "male", "97.78"),
        # 142 x 0.9938^40 x 1.012 = 142 x 0.77975 x 1.012 = 112.05
        ("0.7", 40, "female", "112.05"),
        # Scr/k = 2: 142 x 2^-1.2 x 0.9938^50 = 142 x 0.43528 x 0.73275 = 45.29
        ("1.8", 50, "male", "45.29"),
        # Scr/k = 0.7143: 142 x 0.7143^-0.241 x 0.9938^30 x 1.012 = 142 x 1.08447 x 0.82979 x 1.012 = 129.32
        ("0.5", 30, "female", "129.32"),
    ],
)
def test_egfr_matches_hand_computed_ckd_epi_2021(
    creatinine: str, age: int, sex: str, expected: str
) -> None:
    value = egfr_ckd_epi_2021(Decimal(creatinine), age, sex)
    assert value is not None
    assert abs(value - Decimal(expected)) < Decimal("0.01")


@pytest.mark.parametrize("sex", ["other", "unknown", None])
def test_egfr_needs_female_or_male(sex: str | None) -> None:
    assert egfr_ckd_epi_2021(Decimal(1), 50, sex) is None


def test_egfr_uses_age_at_the_visit_and_reports_a_whole_number() -> None:
    # Birthday the day after the visit: still 59 at the visit.
    patient = _patient(sex="male", birth=date(1966, 11, 21))
    assessment = Assessment(
        patient=patient,
        visit_date=date(2026, 11, 20),
        labs=[LabResult("creatinine", 79.56153, "umol/L")],  # 0.9 mg/dL with the exact factor
    )
    derived = evaluate_labs(assessment, CATALOG, "en").derived
    # 142 x 0.9938^59 = 98.39 -> 98
    assert derived.egfr_ml_min_1_73m2 == 98


def test_egfr_is_absent_without_a_visit_date() -> None:
    assessment = Assessment(patient=_patient(), labs=[LabResult("creatinine", 1.0, "mg/dL")])
    assert evaluate_labs(assessment, CATALOG, "en").derived.egfr_ml_min_1_73m2 is None


def test_ck_multiple_uses_the_laboratory_upper_limit_when_given() -> None:
    with_lab = Assessment(
        patient=_patient(), labs=[LabResult("creatine_kinase", 2450, "U/L", reference_high=200)]
    )
    assert evaluate_labs(with_lab, CATALOG, "en").derived.ck_multiple_of_uln == Decimal("12.25")
    default = Assessment(patient=_patient(), labs=[LabResult("creatine_kinase", 380, "U/L")])
    # fallback ULN 190 U/L (reference creatine_kinase.default_classification.fallback_ULN)
    assert evaluate_labs(default, CATALOG, "en").derived.ck_multiple_of_uln == Decimal("2.00")


def test_nothing_is_derived_from_nothing() -> None:
    derived = evaluate_labs(Assessment(patient=_patient()), CATALOG, "en").derived
    assert derived.abi == {}
    assert derived.abi_category == {}
    assert derived.corrected_calcium_mmol_l is None
    assert derived.egfr_ml_min_1_73m2 is None
    assert derived.ck_multiple_of_uln is None


@given(
    st.decimals(min_value="4.00", max_value="14.00", places=2),
    st.decimals(min_value="1.0", max_value="6.0", places=1),
)
def test_derived_corrected_calcium_from_mg_dl_is_the_conventional_form_converted(
    calcium_mg_dl: Decimal, albumin_g_dl: Decimal
) -> None:
    assessment = Assessment(
        patient=_patient(),
        labs=[
            LabResult("calcium", float(calcium_mg_dl), "mg/dL"),
            LabResult("albumin", float(albumin_g_dl), "g/dL"),
        ],
    )
    expected = (calcium_mg_dl + Decimal("0.8") * (Decimal("4.0") - albumin_g_dl)) * Decimal(
        "0.24951"
    )
    derived = evaluate_labs(assessment, CATALOG, "en").derived
    assert derived.corrected_calcium_mmol_l == round_half_away(expected, 2)
