"""Every evaluation document keeps the contract's shape: worked cases and random valid assessments."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.vocabulary import (
    CARE_PLAN_SECTIONS,
    LAB_TESTS,
    REFERRALS,
    URGENCIES,
)
from clinic_desktop.interop.assessment_json import load_assessment_file, parse_assessment
from clinic_desktop.interop.evaluation_json import evaluation_to_document
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.rules.engine import evaluate
from tests.unit.test_assessment_json_properties import documents

CASES = Path(__file__).resolve().parent.parent / "cases"
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
ICD10CM = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
INTERPRETATIONS = {"LL", "L", "N", "H", "HH"}
ABI_CATEGORIES = {"noncompressible", "normal", "borderline", "abnormal"}
DERIVED_KEYS = {
    "abi",
    "abi_category",
    "corrected_calcium_mmol_l",
    "egfr_ml_min_1_73m2",
    "ck_multiple_of_uln",
}
DOSE_CAVEAT = {"en": "clinician to confirm", "es": "a confirmar por el clínico"}


@cache
def knowledge() -> Knowledge:
    return load_knowledge()


def decimals(number: float) -> int:
    text = repr(number)
    return len(text.split(".")[1]) if "." in text else 0


def assert_follows_contract(assessment: Assessment, document: dict[str, Any]) -> None:
    """The rules of docs/assessment-format.md that hold for any input."""
    document = json.loads(json.dumps(document, ensure_ascii=False))  # what a reader sees
    assert document["format"] == "clinic-desktop.evaluation"
    assert document["version"] == 1
    derived = document["derived"]
    assert set(derived) <= DERIVED_KEYS
    assert set(derived.get("abi", {})) == set(derived.get("abi_category", {}))
    for side, abi in derived.get("abi", {}).items():
        assert side in {"left", "right"}
        assert decimals(abi) <= 2
        assert derived["abi_category"][side] in ABI_CATEGORIES
    if "egfr_ml_min_1_73m2" in derived:
        assert isinstance(derived["egfr_ml_min_1_73m2"], int)
    for key in ("corrected_calcium_mmol_l", "ck_multiple_of_uln"):
        if key in derived:
            assert decimals(derived[key]) <= 2

    given_labs = assessment.labs or []
    assert len(document["labs"]) == len(given_labs)
    for lab, given_lab in zip(document["labs"], given_labs, strict=True):
        assert lab["test"] == given_lab.test
        assert lab["value"] == given_lab.value
        assert lab["unit"] == given_lab.unit
        assert lab["unit_si"] == knowledge().labs.si_unit(lab["test"])
        assert lab.get("loinc") == knowledge().labs.loinc_for(lab["test"], lab["unit"])
        assert lab.get("interpretation", "N") in INTERPRETATIONS

    findings = document["findings"]
    assert len({f["id"] for f in findings}) == len(findings)
    for finding in findings:
        assert SNAKE.match(finding["id"])
        assert finding["text"].strip()
        assert finding["sources"] and all(isinstance(s, str) and s for s in finding["sources"])
        if "icd10cm" in finding:
            assert finding["icd10cm"] in document["icd10cm"], "a finding names only emitted codes"

    codes = document["icd10cm"]
    assert len(set(codes)) == len(codes)
    assert all(ICD10CM.match(code) for code in codes)

    flags = document["red_flags"]
    order = [URGENCIES.index(flag["urgency"]) for flag in flags]
    assert order == sorted(order), "emergency > urgent > soon"
    for flag in flags:
        assert SNAKE.match(flag["id"])
        assert flag["referral"] in REFERRALS
        assert flag["text"].strip() and flag["sources"]

    held = {lab.test for lab in given_labs}
    assert set(document["suggested_lab_orders"]) <= set(LAB_TESTS) - held

    plan = document["care_plan"]
    assert len({item["id"] for item in plan}) == len(plan)
    language = assessment.patient.language or "en"
    for item in plan:
        assert item["section"] in CARE_PLAN_SECTIONS
        assert "quinine" not in item["id"]
        assert item["text"].strip() and item["sources"]
        if item["section"] == "supplements":
            assert DOSE_CAVEAT[language] in item["text"], item["text"]


def case_names() -> list[str]:
    return sorted(path.stem for path in CASES.glob("*.json"))


@pytest.mark.parametrize("name", case_names())
def test_worked_case_evaluations_follow_the_contract(name: str) -> None:
    assessment = load_assessment_file(
        CASES / f"{name}.json", knowledge().labs, context_ids=knowledge().context_ids()
    )
    assert_follows_contract(
        assessment, evaluation_to_document(evaluate(assessment, knowledge()), knowledge().citations)
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_any_valid_assessment_evaluates_within_the_contract(
    document: dict[str, Any], data: st.DataObject
) -> None:
    # Random context ids are not in the program's list: draw from the ids it accepts (the red
    # flags' and the reference's meta.context_ids_note), and name medicines it knows beside
    # random ones, so the December revision's safety rules are reached too.
    ids = sorted(knowledge().context_ids())
    document["context"] = data.draw(st.lists(st.sampled_from(ids), max_size=4, unique=True))
    names = data.draw(st.lists(st.sampled_from(knowledge().drugs.names()), max_size=3))
    document["medications"] = [*(document.get("medications") or []), *({"name": n} for n in names)]
    assessment = parse_assessment(document, knowledge().labs, context_ids=ids)
    evaluation = evaluate(assessment, knowledge())
    assert_follows_contract(assessment, evaluation_to_document(evaluation, knowledge().citations))
    # emergency_first: nothing it holds back is in the plan while an emergency flag fires.
    if any(flag.urgency == "emergency" for flag in evaluation.red_flags):
        assert evaluation.care_plan[0].section == "referrals"
        assert not {item.id for item in evaluation.care_plan} & evaluation.held_back
