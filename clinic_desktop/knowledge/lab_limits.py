"""Per-test limits of what a living body can have (resources/clinical/lab_limits.yaml), each with
its source: the window asks about a result beyond one before it counts. The rules never read them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal, Protocol

from pydantic import Field, model_validator

from clinic_desktop.domain.vocabulary import LAB_TESTS
from clinic_desktop.knowledge.base import StrictModel
from clinic_desktop.knowledge.yaml_loader import load_yaml_model

# How far a slipped decimal point may have moved a value: 39 for 3.9, 1400 for 140.
SHIFTS = (10, 100, 1000)


class Limit(StrictModel):
    above: Decimal = Field(gt=0)
    unit: str
    basis: str
    source: str


class LabLimitsFile(StrictModel):
    format: Literal["clinic-desktop.lab-limits"]
    version: Literal[1]
    tests: dict[str, Limit]

    @model_validator(mode="after")
    def _known_tests(self) -> LabLimitsFile:
        unknown = sorted(set(self.tests) - set(LAB_TESTS))
        if unknown:
            raise ValueError(f"unknown test(s) {unknown}: the tests are the contract's")
        return self


class Converter(Protocol):
    """The part of the lab catalogue that converts between a test's units and knows its interval."""

    def convert(
        self, test: str, value: float | Decimal, from_unit: str, to_unit: str
    ) -> Decimal: ...

    def default_limit(self, test: str, unit: str, upper: bool) -> Decimal | None: ...


@dataclass(frozen=True, slots=True)
class ImpossibleValue:
    """A result beyond what a living body can have, and the reading a slipped point suggests."""

    limit: Limit
    suggestion: float | None


@dataclass(frozen=True)
class LabLimits:
    limits: dict[str, Limit]

    def check(
        self, catalog: Converter, test: str, value: float, unit: str
    ) -> ImpossibleValue | None:
        """None when `value` (in `unit`) is possible for `test`; else the limit and a suggestion."""
        limit = self.limits.get(test)
        if limit is None:
            return None
        in_limit_unit = catalog.convert(test, value, unit, limit.unit)
        if in_limit_unit <= limit.above:
            return None
        return ImpossibleValue(limit, self._suggestion(catalog, test, value, unit, limit))

    @staticmethod
    def _suggestion(
        catalog: Converter, test: str, value: float, unit: str, limit: Limit
    ) -> float | None:
        """The value with its point moved left to where it is possible, nearest the usual range."""
        possible: list[float] = [
            value / shift
            for shift in SHIFTS
            if catalog.convert(test, value / shift, unit, limit.unit) <= limit.above
        ]
        if not possible:
            return None
        low = catalog.default_limit(test, unit, upper=False)
        high = catalog.default_limit(test, unit, upper=True)
        if low is None or high is None or low <= 0:
            return round(possible[0], 6)
        middle = math.sqrt(float(low) * float(high))
        nearest = min(possible, key=lambda candidate: abs(math.log(candidate / middle)))
        return round(nearest, 6)


def load_lab_limits(path: Path) -> LabLimits:
    return LabLimits(load_yaml_model(path, LabLimitsFile).tests)
