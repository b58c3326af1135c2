"""Worked cases: hand-written assessments whose expected evaluation comes from the clinical reference.

Each `tests/cases/NAME.json` is an assessment document; `NAME.expected.yaml`
lists what the real evaluation must (and must not) contain, each expectation
with a `why` naming the reference entry (`path`) and its `source` citation.
A rule of the exchange contract itself is cited as `why: {contract: ...}`.
An expectation the program is known not to meet yet carries `known_gap: <who and why>`
and runs as a strict xfail, so it fails loudly once the gap is closed.
Every expectation is its own test, so a failure names the case and the rule.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from clinic_desktop.domain.vocabulary import PRESENTATIONS
from clinic_desktop.interop.assessment_json import load_assessment_file
from clinic_desktop.interop.evaluation_json import evaluation_to_document
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.paths import resource_path
from clinic_desktop.rules.engine import evaluate

CASES = Path(__file__).resolve().parent.parent / "cases"
# Rules quoted from the exchange contract (docs/assessment-format.md) that worked cases may cite
# where the clinical reference has nothing to say.
CONTRACT_RULES = (
    "A medication the program cannot map to a class gives a finding medication_not_recognised naming it.",
)
CHECKS = {
    "finding",
    "no_finding",
    "red_flag",
    "no_red_flag",
    "lab",
    "derived",
    "no_derived",
    "care_plan",
    "no_care_plan",
    "icd10cm_code",
    "no_icd10cm_code",
    "lab_order",
    "no_lab_order",
}


def case_names() -> list[str]:
    return sorted(
        path.name.removesuffix(".expected.yaml") for path in CASES.glob("*.expected.yaml")
    )


@cache
def expected(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((CASES / f"{name}.expected.yaml").read_text("utf-8"))
    return loaded


@cache
def knowledge() -> Knowledge:
    return load_knowledge()


@cache
def evaluated(name: str) -> dict[str, Any]:
    """The evaluation document the `evaluate` command prints for this case."""
    assessment = load_assessment_file(
        CASES / f"{name}.json", knowledge().labs, context_ids=knowledge().context_ids()
    )
    return evaluation_to_document(evaluate(assessment, knowledge()), knowledge().citations)


def check_kind(expectation: dict[str, Any]) -> str:
    kinds = CHECKS & set(expectation)
    assert len(kinds) == 1, f"an expectation needs exactly one of {sorted(CHECKS)}: {expectation}"
    return kinds.pop()


def label(expectation: dict[str, Any]) -> str:
    kind = check_kind(expectation)
    return f"{kind}={expectation[kind]}"


def all_expectations() -> list[Any]:
    params = []
    for name in case_names():
        for expectation in expected(name)["expect"]:
            marks = []
            if "known_gap" in expectation:
                marks.append(pytest.mark.xfail(reason=expectation["known_gap"], strict=True))
            params.append(
                pytest.param(name, expectation, id=f"{name}:{label(expectation)}", marks=marks)
            )
    return params


def by_id(items: list[dict[str, Any]], wanted: str) -> dict[str, Any] | None:
    return next((item for item in items if item["id"] == wanted), None)


def derived_value(document: dict[str, Any], dotted: str) -> Any:
    node: Any = document["derived"]
    for key in dotted.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def same_value(actual: Any, wanted: Any) -> bool:
    """Numbers compare as decimals (0.3 and 0.30 are one value); anything else exactly."""
    if isinstance(wanted, int | float) and isinstance(actual, int | float):
        return Decimal(str(actual)) == Decimal(str(wanted))
    return bool(actual == wanted)


@pytest.mark.parametrize(("name", "expectation"), all_expectations())
def test_expectation_holds(name: str, expectation: dict[str, Any]) -> None:
    document = evaluated(name)
    kind = check_kind(expectation)
    wanted = expectation[kind]
    if kind == "finding":
        finding = by_id(document["findings"], wanted)
        assert finding is not None, [f["id"] for f in document["findings"]]
        if "icd10cm" in expectation:
            assert finding.get("icd10cm") == expectation["icd10cm"]
        if "text_contains" in expectation:
            assert expectation["text_contains"] in finding["text"]
        assert finding["sources"] and finding["text"]
    elif kind == "no_finding":
        assert by_id(document["findings"], wanted) is None
    elif kind == "red_flag":
        flag = by_id(document["red_flags"], wanted)
        assert flag is not None, [f["id"] for f in document["red_flags"]]
        assert flag["urgency"] == expectation["urgency"]
        if "referral" in expectation:
            assert flag["referral"] == expectation["referral"]
        # The reference's source string names works; each is among the flag's citations.
        cited = knowledge().citations.full([expectation["why"]["source"]])
        assert cited and set(cited) <= set(flag["sources"]), flag["sources"]
    elif kind == "no_red_flag":
        assert by_id(document["red_flags"], wanted) is None
    elif kind == "lab":
        lab = next(lab for lab in document["labs"] if lab["test"] == wanted)
        for key in ("interpretation", "unit_si", "loinc"):
            if key in expectation:
                assert lab.get(key) == expectation[key], key
        if "value_si" in expectation:
            assert same_value(lab["value_si"], expectation["value_si"]), lab["value_si"]
    elif kind == "derived":
        assert same_value(derived_value(document, wanted), expectation["value"]), document[
            "derived"
        ]
    elif kind == "no_derived":
        assert derived_value(document, wanted) is None, document["derived"]
    elif kind == "care_plan":
        item = by_id(document["care_plan"], wanted)
        assert item is not None, [i["id"] for i in document["care_plan"]]
        if "section" in expectation:
            assert item["section"] == expectation["section"]
        if "evidence_contains" in expectation:
            assert expectation["evidence_contains"] in (item.get("evidence") or "")
    elif kind == "no_care_plan":
        assert by_id(document["care_plan"], wanted) is None
    elif kind == "icd10cm_code":
        assert wanted in document["icd10cm"], document["icd10cm"]
    elif kind == "no_icd10cm_code":
        assert wanted not in document["icd10cm"]
    elif kind == "lab_order":
        assert wanted in document["suggested_lab_orders"], document["suggested_lab_orders"]
    elif kind == "no_lab_order":
        assert wanted not in document["suggested_lab_orders"]


def knowledge_citations() -> set[str]:
    """Every string the program's clinical knowledge files hold (the citations among them)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.add(node)

    for path in resource_path("clinical").glob("*.yaml"):
        walk(yaml.safe_load(path.read_text("utf-8")))
    return found


def test_every_expectation_cites_a_source_the_program_carries() -> None:
    citations = knowledge_citations()
    for name in case_names():
        for expectation in expected(name)["expect"]:
            why = expectation.get("why") or {}
            if "contract" in why:
                assert " ".join(why["contract"].split()) in CONTRACT_RULES, why["contract"]
                continue
            assert why.get("path") and why.get("source"), f"{name}: {expectation}"
            assert why["source"] in citations, f"{name}: {label(expectation)} cites {why['path']}"


def test_cases_cover_every_presentation() -> None:
    names = case_names()
    assert len(names) >= 20
    assert {path.stem for path in CASES.glob("*.json")} == set(names)
    covered = {expected(name)["presentation"] for name in names}
    assert covered == set(PRESENTATIONS)
