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

from clinic_desktop.paths import resource_path

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
