"""The program's ICD-10-CM table: codes with billable flags, Excludes1 pairs and specificity rules.

Loaded from `icd10cm.yaml`, a copy of the reference's icd10cm section. The
table never imports `simple_icd_10_cm` (2 s, 200 MB); a test checks every
code against it instead.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from clinic_desktop.knowledge.base import StrictModel
from clinic_desktop.knowledge.citations import Cites
from clinic_desktop.knowledge.treatments import Condition, LocalText
from clinic_desktop.knowledge.yaml_loader import load_yaml_model
from clinic_desktop.paths import resource_path

CODE_PATTERN = r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$"
_CODE_OR_STEM = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{0,4})?-?$")


class CodeEntry(StrictModel):
    code: str = Field(pattern=CODE_PATTERN)
    description: str = Field(min_length=1)
    billable: bool
    source: Cites


def _check_patterns(patterns: list[str]) -> list[str]:
    bad = [p for p in patterns if not _CODE_OR_STEM.match(p)]
    if bad or not patterns:
        raise ValueError(f"not a code or a 'stem-' pattern: {bad}")
    return patterns


class Excludes1Pair(StrictModel):
    side_a: list[str]
    side_b: list[str]
    winner: Literal["a", "b"]
    source: Cites

    @model_validator(mode="after")
    def _patterns(self) -> Excludes1Pair:
        _check_patterns(self.side_a)
        _check_patterns(self.side_b)
        return self

    def loser(self, codes: set[str]) -> set[str]:
        """The codes in `codes` to drop when both sides are present."""
        on_a = {c for c in codes if _matches(self._side_a, c)}
        on_b = {c for c in codes if _matches(self._side_b, c)}
        if not on_a or not on_b:
            return set()
        return on_b if self.winner == "a" else on_a

    @cached_property
    def _side_a(self) -> tuple[tuple[str, ...], frozenset[str]]:
        return _split(self.side_a)

    @cached_property
    def _side_b(self) -> tuple[tuple[str, ...], frozenset[str]]:
        return _split(self.side_b)


def _split(patterns: list[str]) -> tuple[tuple[str, ...], frozenset[str]]:
    """Stems (as prefixes for one str.startswith call) and exact codes, for a fast `covers`."""
    stems = tuple(p[:-1] for p in patterns if p.endswith("-"))
    return stems, frozenset(p for p in patterns if not p.endswith("-"))


def _matches(side: tuple[tuple[str, ...], frozenset[str]], code: str) -> bool:
    stems, exact = side
    return code in exact or code.startswith(stems)


class MoreSpecific(StrictModel):
    code: str = Field(pattern=CODE_PATTERN)
    replaces: list[str] = Field(min_length=1)
    source: Cites


class WeeksBand(StrictModel):
    """A code that applies from `from_weeks` completed weeks of gestation up to the next band."""

    from_weeks: int = Field(ge=0)
    code: str = Field(pattern=CODE_PATTERN)


def _band_for(bands: tuple[WeeksBand, ...], weeks: int) -> str:
    return [band.code for band in bands if band.from_weeks <= weeks][-1]


class PregnancyCoding(StrictModel):
    """How a cramp in pregnancy is coded: O26.89- by trimester, plus Z3A.- weeks of gestation."""

    accompanies: list[str] = Field(min_length=1)
    """The condition codes that, in pregnancy, take the O26.89- code."""
    trimesters: tuple[WeeksBand, ...]
    unknown_weeks_code: str = Field(pattern=CODE_PATTERN)
    gestation: tuple[WeeksBand, ...]
    text: LocalText
    weeks_text: LocalText
    source: Cites

    @model_validator(mode="after")
    def _bands_start_at_zero_and_rise(self) -> PregnancyCoding:
        for name, bands in (("trimesters", self.trimesters), ("gestation", self.gestation)):
            starts = [band.from_weeks for band in bands]
            if not starts or starts[0] != 0 or starts != sorted(set(starts)):
                raise ValueError(f"{name} must start at 0 weeks and rise without repeats")
        return self

    def trimester_code(self, weeks: int | None) -> str:
        return self.unknown_weeks_code if weeks is None else _band_for(self.trimesters, weeks)

    def gestation_code(self, weeks: int) -> str:
        return _band_for(self.gestation, weeks)

    def codes(self) -> list[str]:
        bands = (*self.trimesters, *self.gestation)
        return [*self.accompanies, self.unknown_weeks_code, *(band.code for band in bands)]


class ExtraCode(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    code: str = Field(pattern=CODE_PATTERN)
    when: Condition
    text: LocalText


class CodingRule(StrictModel):
    """A candidate code the reference's coding_rules propose when their trigger holds, for the
    clinician to confirm at signing (M62.82 on the laboratory definition of rhabdomyolysis)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    when: Condition
    icd10cm: str = Field(pattern=CODE_PATTERN)
    with_codes: list[ExtraCode] = Field(default_factory=list)
    """Codes proposed beside it when their own condition holds too (T46.6X5A for a statin)."""
    text: LocalText
    source: Cites


class Icd10File(StrictModel):
    version: Literal[1]
    release: str
    codes: list[CodeEntry]
    excludes1_pairs: list[Excludes1Pair]
    more_specific: list[MoreSpecific]
    coding_rules: list[CodingRule] = Field(default_factory=list)
    pregnancy: PregnancyCoding

    @model_validator(mode="after")
    def _references_known(self) -> Icd10File:
        known = {c.code for c in self.codes}
        duplicates = sorted(
            {c.code for c in self.codes if [e.code for e in self.codes].count(c.code) > 1}
        )
        if duplicates:
            raise ValueError(f"duplicate code(s) {duplicates}")
        named = [r.code for r in self.more_specific]
        named += [code for r in self.more_specific for code in r.replaces]
        named += self.pregnancy.codes()
        named += [r.icd10cm for r in self.coding_rules]
        named += [extra.code for r in self.coding_rules for extra in r.with_codes]
        unknown = sorted(set(named) - known)
        if unknown:
            raise ValueError(f"code(s) {unknown} are not in codes")
        return self


class Icd10Table:
    """Lookup of the program's codes and the rules that choose among candidates."""

    def __init__(self, document: Icd10File) -> None:
        self._codes = {c.code: c for c in document.codes}
        self.excludes1_pairs = tuple(document.excludes1_pairs)
        self.more_specific = tuple(document.more_specific)
        self.pregnancy = document.pregnancy
        self.release = document.release
        self.coding_rules = tuple(document.coding_rules)

    def is_billable(self, code: str) -> bool:
        entry = self._codes.get(code)
        return entry is not None and entry.billable

    def description(self, code: str) -> str | None:
        entry = self._codes.get(code)
        return entry.description if entry else None

    def codes(self) -> tuple[str, ...]:
        return tuple(self._codes)


def load_icd10cm(path: Path | None = None) -> Icd10Table:
    """Read and validate the ICD-10-CM table (default: resources/clinical/icd10cm.yaml)."""
    return Icd10Table(load_yaml_model(path or resource_path("clinical", "icd10cm.yaml"), Icd10File))
