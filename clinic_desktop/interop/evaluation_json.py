"""Writes an Evaluation as the `clinic-desktop.evaluation` document (docs/assessment-format.md).

The keys the contract names keep exactly its meaning; the program adds a few
of its own (the interval behind a lab flag, why a care-plan item was
suggested, what to do about a red flag) beside them, never in their place.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from clinic_desktop.rules.evaluation import (
    CarePlanItem,
    Derived,
    Evaluation,
    Finding,
    InterpretedLab,
    RedFlag,
)

FORMAT = "clinic-desktop.evaluation"
VERSION = 1


def json_number(value: Decimal) -> int | float:
    """A rounded Decimal as a JSON number: whole when it has no decimals, else the nearest float.

    The float of a decimal with few digits prints back as those digits (2.31, 0.617),
    so the rounding done in Decimal survives into the text.
    """
    if value.as_tuple().exponent >= 0:  # type: ignore[operator]
        return int(value)
    return float(value)


def _derived(derived: Derived) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if derived.abi:
        out["abi"] = {side: json_number(value) for side, value in derived.abi.items()}
    if derived.abi_category:
        out["abi_category"] = dict(derived.abi_category)
    if derived.corrected_calcium_mmol_l is not None:
        out["corrected_calcium_mmol_l"] = json_number(derived.corrected_calcium_mmol_l)
    if derived.egfr_ml_min_1_73m2 is not None:
        out["egfr_ml_min_1_73m2"] = int(derived.egfr_ml_min_1_73m2)
    if derived.ck_multiple_of_uln is not None:
        out["ck_multiple_of_uln"] = json_number(derived.ck_multiple_of_uln)
    return out


def _lab(lab: InterpretedLab) -> dict[str, Any]:
    out: dict[str, Any] = {"test": lab.test}
    if lab.loinc is not None:
        out["loinc"] = lab.loinc
    out.update(
        value=lab.value,
        unit=lab.unit,
        value_si=json_number(lab.value_si),
        unit_si=lab.unit_si,
    )
    if lab.interpretation is not None:
        out["interpretation"] = lab.interpretation
    if lab.reference_low is not None:
        out["reference_low"] = lab.reference_low
    if lab.reference_high is not None:
        out["reference_high"] = lab.reference_high
    if lab.interval_source is not None:
        out["interval_source"] = lab.interval_source
    return out


def _finding(finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {"id": finding.id}
    if finding.icd10cm is not None:
        out["icd10cm"] = finding.icd10cm
    out.update(text=finding.text, sources=list(finding.sources))
    if finding.category is not None:
        out["category"] = finding.category
    return out


def _red_flag(flag: RedFlag) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": flag.id,
        "urgency": flag.urgency,
        "referral": flag.referral,
        "text": flag.text,
        "sources": list(flag.sources),
    }
    if flag.action is not None:
        out["action"] = flag.action
    return out


def _care_plan_item(item: CarePlanItem) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item.id,
        "section": item.section,
        "text": item.text,
        "sources": list(item.sources),
    }
    if item.evidence is not None:
        out["evidence"] = item.evidence
    if item.reason is not None:
        out["reason"] = item.reason
    return out


def evaluation_to_document(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation document, ready for json.dumps (ensure_ascii=False, indent=2)."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "language": evaluation.language,
        "derived": _derived(evaluation.derived),
        "labs": [_lab(lab) for lab in evaluation.labs],
        "findings": [_finding(finding) for finding in evaluation.findings],
        "icd10cm": list(evaluation.icd10cm),
        "red_flags": [_red_flag(flag) for flag in evaluation.red_flags],
        "suggested_lab_orders": list(evaluation.suggested_lab_orders),
        "care_plan": [_care_plan_item(item) for item in evaluation.care_plan],
    }
    if evaluation.suggested_lab_order_reasons:
        document["suggested_lab_order_reasons"] = dict(evaluation.suggested_lab_order_reasons)
    return document
