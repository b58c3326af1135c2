"""Writes an Evaluation as the `clinic-desktop.evaluation` document (docs/assessment-format.md).

The keys the contract names keep exactly its meaning; the program adds a few
of its own (the interval behind a lab flag, why a care-plan item was
suggested, what to do about a red flag) beside them, never in their place.
`sources` are full citations as the knowledge files hold them (citations.yaml):
the evaluation names works by id, and each id becomes its clean citation here;
how a work was read (provenance) never enters the document.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

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
LABORATORY_INTERVAL = "reporting laboratory reference interval"


class CitationList(Protocol):
    """knowledge.citations.Citations, as far as the document needs it."""

    def full(self, cited: Iterable[str]) -> tuple[str, ...]: ...


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


def _lab(lab: InterpretedLab, citations: CitationList) -> dict[str, Any]:
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
    if lab.laboratory_interval:
        out["interval_source"] = LABORATORY_INTERVAL
    elif lab.interval_source:
        out["interval_source"] = " ; ".join(citations.full(lab.interval_source))
    return out


def _finding(finding: Finding, citations: CitationList) -> dict[str, Any]:
    out: dict[str, Any] = {"id": finding.id}
    if finding.icd10cm is not None:
        out["icd10cm"] = finding.icd10cm
    out.update(text=finding.text, sources=list(citations.full(finding.sources)))
    if finding.category is not None:
        out["category"] = finding.category
    return out


def _red_flag(flag: RedFlag, citations: CitationList) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": flag.id,
        "urgency": flag.urgency,
        "referral": flag.referral,
        "text": flag.text,
        "sources": list(citations.full(flag.sources)),
    }
    if flag.action is not None:
        out["action"] = flag.action
    return out


def _care_plan_item(item: CarePlanItem, citations: CitationList) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item.id,
        "section": item.section,
        "text": item.text,
        "sources": list(citations.full(item.sources)),
    }
    if item.evidence is not None:
        out["evidence"] = item.evidence
    if item.reason is not None:
        out["reason"] = item.reason
    return out


def evaluation_to_document(evaluation: Evaluation, citations: CitationList) -> dict[str, Any]:
    """The evaluation document, ready for json.dumps (ensure_ascii=False, indent=2).

    `citations` (the knowledge's) turns the ids the evaluation cites into full citations.
    """
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "language": evaluation.language,
        "derived": _derived(evaluation.derived),
        "labs": [_lab(lab, citations) for lab in evaluation.labs],
        "findings": [_finding(finding, citations) for finding in evaluation.findings],
        "icd10cm": list(evaluation.icd10cm),
        "red_flags": [_red_flag(flag, citations) for flag in evaluation.red_flags],
        "suggested_lab_orders": list(evaluation.suggested_lab_orders),
        "care_plan": [_care_plan_item(item, citations) for item in evaluation.care_plan],
    }
    if evaluation.suggested_lab_order_reasons:
        document["suggested_lab_order_reasons"] = dict(evaluation.suggested_lab_order_reasons)
    return document
