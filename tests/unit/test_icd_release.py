"""Every ICD-10-CM code in the program's clinical files is valid in the current release.

simple_icd_10_cm (about 2 s and 200 MB to import) is used here only, never by the program.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.vocabulary import CONDITIONS
from clinic_desktop.paths import resource_path
from tests.unit.test_assessment_json_properties import documents

CODE = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def clinical_files() -> list[Path]:
    return sorted(resource_path("clinical").glob("*.yaml"))


def test_every_code_in_every_clinical_file_is_valid() -> None:
    icd = pytest.importorskip("simple_icd_10_cm")
    checked = 0
    invalid: list[str] = []
    for path in clinical_files():
        for text in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if CODE.match(text):
                checked += 1
                if not icd.is_valid_item(text):
                    invalid.append(f"{path.name}: {text}")
            elif text.endswith("-") and CODE.match(text.rstrip("-").rstrip(".")):
                stem = text.rstrip("-").rstrip(".")
                if not icd.is_valid_item(stem):
                    invalid.append(f"{path.name}: {text}")
    assert checked > 80
    assert invalid == []


def test_billable_flags_match_the_release() -> None:
    icd = pytest.importorskip("simple_icd_10_cm")
    table = yaml.safe_load(resource_path("clinical", "icd10cm.yaml").read_text(encoding="utf-8"))
    wrong = [
        entry["code"]
        for entry in table["codes"]
        if bool(icd.is_leaf(entry["code"])) != entry["billable"]
    ]
    assert wrong == []


# --- every code an evaluation emits, checked against the release (issue 9) ----------------------

NOTE_CODES = re.compile(r"\(([^()]*)\)\s*$")


def excluded_patterns(icd: Any, code: str) -> list[str]:
    """The Excludes1 codes of `code` and of every category above it, as the tabular writes them
    ('E89.2', 'M33.-', 'G20-G26', 'I69.05-, I69.15-')."""
    patterns: list[str] = []
    for item in [code, *icd.get_ancestors(code)]:
        for note in icd.get_excludes1(item):
            found = NOTE_CODES.search(note)
            if found:
                patterns += [p.strip() for p in found.group(1).split(",") if p.strip()]
    return patterns


def covers(pattern: str, code: str) -> bool:
    pattern = pattern.rstrip("-").rstrip(".")
    if re.fullmatch(r"[A-Z]\d\d-[A-Z]\d\d", pattern):  # a range of categories
        first, last = pattern.split("-")
        return first <= code[:3] <= last
    return code == pattern or code.startswith(pattern)


def excludes1_clashes(icd: Any, codes: list[str]) -> list[tuple[str, str]]:
    return [
        (code, other)
        for code in codes
        for other in codes
        if other != code and any(covers(p, other) for p in excluded_patterns(icd, code))
    ]


def test_the_clash_checker_finds_a_known_excludes1_pair() -> None:
    icd = pytest.importorskip("simple_icd_10_cm")
    assert excludes1_clashes(icd, ["R29.0", "E89.2"]) == [("R29.0", "E89.2")]
    assert ("G81.91", "I69.351") in excludes1_clashes(icd, ["G81.91", "I69.351"])
    assert ("R25.2", "G24.02") in excludes1_clashes(icd, ["R25.2", "G24.02"])
    assert excludes1_clashes(icd, ["I69.398", "R25.2"]) == []


def worked_case_codes() -> list[tuple[str, list[str]]]:
    from clinic_desktop.interop.assessment_json import load_assessment_file
    from clinic_desktop.knowledge import load_knowledge
    from clinic_desktop.rules.engine import evaluate

    knowledge = load_knowledge()
    cases = Path(__file__).resolve().parent.parent / "cases"
    out = []
    for path in sorted(cases.glob("*.json")):
        assessment = load_assessment_file(path, knowledge.labs, context_ids=knowledge.context_ids())
        out.append((path.stem, list(evaluate(assessment, knowledge).icd10cm)))
    return out


def test_every_code_the_worked_cases_emit_is_billable_and_free_of_excludes1_clashes() -> None:
    # icd10cm rule: emit only billable codes; never both sides of an Excludes1 pair (checked
    # against the release's own Excludes1 notes, not only the program's table of pairs).
    icd = pytest.importorskip("simple_icd_10_cm")
    emitted = 0
    for name, codes in worked_case_codes():
        for code in codes:
            emitted += 1
            assert icd.is_valid_item(code) and icd.is_leaf(code), (name, code)
        assert excludes1_clashes(icd, codes) == [], name
    assert emitted > 60


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_random_assessments_emit_only_billable_codes_without_excludes1_clashes(
    document: dict[str, Any], data: st.DataObject
) -> None:
    icd = pytest.importorskip("simple_icd_10_cm")
    from clinic_desktop.interop.assessment_json import parse_assessment
    from clinic_desktop.knowledge import load_knowledge
    from clinic_desktop.rules.engine import evaluate

    knowledge = load_knowledge()
    ids = sorted(knowledge.context_ids())
    document["context"] = data.draw(st.lists(st.sampled_from(ids), max_size=4, unique=True))
    conditions = data.draw(st.lists(st.sampled_from(CONDITIONS), max_size=3, unique=True))
    document.setdefault("history", {})["conditions"] = conditions
    assessment = parse_assessment(document, knowledge.labs, context_ids=ids)
    codes = list(evaluate(assessment, knowledge).icd10cm)
    assert all(icd.is_leaf(code) for code in codes), codes
    assert excludes1_clashes(icd, codes) == [], codes
