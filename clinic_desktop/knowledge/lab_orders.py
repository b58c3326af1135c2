"""Rules for the lab tests worth ordering, each with its reason (en, es) and source.

`lab_orders.yaml` lists, per rule, the condition under which the reference
supports ordering some tests; tests the assessment already holds are never
suggested, and a test may count as held through another (creatinine through
an eGFR result).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from clinic_desktop.domain.vocabulary import LAB_TESTS
from clinic_desktop.knowledge.base import StrictModel
from clinic_desktop.knowledge.citations import Cites
from clinic_desktop.knowledge.treatments import Condition, LocalText
from clinic_desktop.knowledge.yaml_loader import load_yaml_model
from clinic_desktop.paths import resource_path


class OrderRule(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    when: Condition
    tests: list[str] = Field(min_length=1)
    reason: LocalText
    source: Cites

    @model_validator(mode="after")
    def _known_tests(self) -> OrderRule:
        unknown = [t for t in self.tests if t not in LAB_TESTS]
        if unknown:
            raise ValueError(f"unknown test(s) {unknown}")
        return self


class LabOrderFile(StrictModel):
    version: Literal[1]
    held_through: dict[str, list[str]] = Field(default_factory=dict)
    """A test counts as already held when one of these tests has a result."""
    rules: list[OrderRule]

    @model_validator(mode="after")
    def _consistent(self) -> LabOrderFile:
        ids = [r.id for r in self.rules]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate rule id(s) {duplicates}")
        named = set(self.held_through) | {t for ts in self.held_through.values() for t in ts}
        unknown = sorted(named - set(LAB_TESTS))
        if unknown:
            raise ValueError(f"held_through names unknown test(s) {unknown}")
        return self


class LabOrderRules:
    """The order rules in file order, which is also the order their reasons are preferred in."""

    def __init__(self, document: LabOrderFile) -> None:
        self.rules = tuple(document.rules)
        self._held_through = {k: tuple(v) for k, v in document.held_through.items()}

    def held_through(self, test: str) -> tuple[str, ...]:
        return self._held_through.get(test, ())


def load_lab_orders(path: Path | None = None) -> LabOrderRules:
    """Read and validate the lab-order rules (default: resources/clinical/lab_orders.yaml)."""
    return LabOrderRules(
        load_yaml_model(path or resource_path("clinical", "lab_orders.yaml"), LabOrderFile)
    )
