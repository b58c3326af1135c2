"""Derived values: ankle-brachial index, albumin-corrected calcium and CKD-EPI 2021 eGFR."""

from __future__ import annotations

import math
from decimal import Decimal

from clinic_desktop.domain.assessment import AnklePressures, Vascular
from clinic_desktop.domain.numbers import round_half_away, to_decimal

# The albumin correction, as in labs.yaml calcium.corrected_formula. Payne (SI) form:
# corrected Ca (mmol/L) = measured total Ca (mmol/L) + 0.02 x (40 - albumin [g/L]);
# conventional form: corrected Ca (mg/dL) = measured total Ca (mg/dL) + 0.8 x (4.0 - albumin [g/dL]).
_CALCIUM_PER_G_L_ALBUMIN = Decimal("0.02")
_ALBUMIN_REFERENCE_G_L = Decimal(40)
_CALCIUM_MG_DL_PER_G_DL_ALBUMIN = Decimal("0.8")
_ALBUMIN_REFERENCE_G_DL = Decimal("4.0")

# CKD-EPI 2021 race-free creatinine equation, as in labs.yaml egfr.equation
# (National Kidney Foundation; Inker LA et al. N Engl J Med 2021;385:1737-1749).
_EGFR_CONSTANT = 142.0
_EGFR_KAPPA = {"female": 0.7, "male": 0.9}
_EGFR_ALPHA = {"female": -0.241, "male": -0.302}
_EGFR_ABOVE_KAPPA_EXPONENT = -1.200
_EGFR_AGE_BASE = 0.9938
_EGFR_FEMALE_FACTOR = 1.012


def _higher(*pressures: float | None) -> Decimal | None:
    present = [to_decimal(p) for p in pressures if p is not None]
    return max(present) if present else None


def ankle_brachial_index(vascular: Vascular | None, places: int = 2) -> dict[str, Decimal]:
    """ABI per leg: the leg's higher ankle pressure over the higher brachial, as recorded (rounded).

    A leg is absent when its ankle pressures or both brachial pressures are missing.
    """
    if vascular is None or vascular.brachial_systolic_mmhg is None:
        return {}
    brachial = _higher(vascular.brachial_systolic_mmhg.left, vascular.brachial_systolic_mmhg.right)
    ankles = vascular.ankle_systolic_mmhg
    # A non-positive arm pressure is not a measurement one can divide by.
    if brachial is None or brachial <= 0 or ankles is None:
        return {}
    result: dict[str, Decimal] = {}
    for side, pressures in (("left", ankles.left), ("right", ankles.right)):
        ankle = _ankle(pressures)
        if ankle is not None:
            result[side] = round_half_away(ankle / brachial, places)
    return result


def _ankle(pressures: AnklePressures | None) -> Decimal | None:
    if pressures is None:
        return None
    return _higher(pressures.dorsalis_pedis, pressures.posterior_tibial)


def corrected_calcium_mmol_l(total_calcium_mmol_l: Decimal, albumin_g_l: Decimal) -> Decimal:
    """Albumin-corrected calcium in mmol/L by the SI (Payne) form, unrounded."""
    return total_calcium_mmol_l + _CALCIUM_PER_G_L_ALBUMIN * (_ALBUMIN_REFERENCE_G_L - albumin_g_l)


def corrected_calcium_mg_dl(total_calcium_mg_dl: Decimal, albumin_g_dl: Decimal) -> Decimal:
    """Albumin-corrected calcium in mg/dL by the conventional form, unrounded."""
    return total_calcium_mg_dl + _CALCIUM_MG_DL_PER_G_DL_ALBUMIN * (
        _ALBUMIN_REFERENCE_G_DL - albumin_g_dl
    )


def egfr_ckd_epi_2021(creatinine_mg_dl: Decimal, age_years: int, sex: str | None) -> Decimal | None:
    """eGFR in mL/min/1.73 m2, unrounded; None unless sex is female or male and creatinine positive."""
    if sex not in _EGFR_KAPPA or creatinine_mg_dl <= 0 or age_years < 0:
        return None
    ratio = float(creatinine_mg_dl) / _EGFR_KAPPA[sex]
    value = (
        _EGFR_CONSTANT
        * min(ratio, 1.0) ** _EGFR_ALPHA[sex]
        * max(ratio, 1.0) ** _EGFR_ABOVE_KAPPA_EXPONENT
        * _EGFR_AGE_BASE**age_years
    )
    if sex == "female":
        value *= _EGFR_FEMALE_FACTOR
    if not math.isfinite(value):
        return None
    return to_decimal(value)
