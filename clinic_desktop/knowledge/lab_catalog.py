"""The lab catalogue: units, exact conversions, LOINC codes and default classifications per test."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from decimal import Context, Decimal
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, model_validator

from clinic_desktop.domain.numbers import to_decimal
from clinic_desktop.domain.vocabulary import LAB_TESTS
from clinic_desktop.knowledge.base import Bound, StrictModel, Texts
from clinic_desktop.knowledge.citations import CitationId, Cites
from clinic_desktop.knowledge.hormonal import HormonalKnowledge, load_hormonal
from clinic_desktop.knowledge.lab_limits import ImpossibleValue, LabLimits, load_lab_limits
from clinic_desktop.knowledge.vascular import VascularKnowledge, load_vascular
from clinic_desktop.knowledge.yaml_loader import load_yaml_model
from clinic_desktop.paths import resource_path

INTERPRETATION_CODES = ("LL", "L", "N", "H", "HH")
MULTIPLE_OF_ULN = "x_ULN"
"""A bound unit meaning 'times the upper limit of normal' (creatine kinase)."""
FINDING_PLACEHOLDERS = frozenset(
    {"value", "unit", "test", "multiple", "category", "label", "action"}
)
CONVERSION_PRECISION = 40
"""Decimal digits for conversions: far beyond any reported figure, so nothing rounds before comparing."""
_ARITHMETIC = Context(prec=CONVERSION_PRECISION)


class Band(StrictModel):
    flag: str
    label: str
    when: tuple[Bound, ...] = Field(min_length=1)
    interpretation: Literal["indeterminate"] | None = None
    """The band's reading beside its flag (reference INTERPRETATION FLAGS): an indeterminate
    result is flagged N, inside the interval, yet needs the band's action."""
    action: Texts | None = None
    """What to do, shown with the flag wherever the result is shown (a finding's `{action}`)."""
    sources: tuple[CitationId, ...] = ()
    """Citations of this band beyond the classification's own source."""

    @model_validator(mode="after")
    def _indeterminate_has_action(self) -> Self:
        if self.interpretation is not None and self.action is None:
            raise ValueError(f"band {self.label!r}: an {self.interpretation} band needs its action")
        return self


class Classification(StrictModel):
    bands: tuple[Band, ...] = Field(min_length=1)
    source: Cites
    verification: str
    applies_to: str | None = None
    note: str | None = None
    rule: str | None = None
    decision_note: str | None = None


class Conversion(StrictModel):
    """value_si = (value - subtract) * multiply / divide."""

    multiply: Decimal = Decimal(1)
    subtract: Decimal = Decimal(0)
    divide: Decimal = Decimal(1)

    @model_validator(mode="after")
    def _not_zero(self) -> Self:
        if self.multiply == 0 or self.divide == 0:
            raise ValueError("multiply and divide must not be zero")
        return self


class UnitSpec(StrictModel):
    unit: str
    dimension: str
    to_si: Conversion = Conversion()


class LoincCode(StrictModel):
    code: str
    dimension: str
    display: str
    unit: str
    note: str | None = None


class FindingSpec(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    flags: tuple[str, ...] = Field(min_length=1)
    bands: tuple[str, ...] | None = None
    """Band labels the finding is restricted to; None means any band."""
    icd10cm: str | None = None
    category: Literal["labs", "hormonal", "vascular"]
    text: Texts
    patient: Texts
    """The same finding in plain words for the patient's printed plan."""
    source: Cites | None = None

    @model_validator(mode="after")
    def _known_placeholders(self) -> Self:
        for text in (self.text.en, self.text.es, self.patient.en, self.patient.es):
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            unknown = names - FINDING_PLACEHOLDERS
            if unknown:
                raise ValueError(f"unknown placeholder(s) {sorted(unknown)} in finding text")
        return self


class Caveats(StrictModel):
    source: Cites
    text: Texts | None = None


class UpperLimit(StrictModel):
    value: Decimal
    unit: str
    note: str


class Formula(StrictModel):
    si: str
    conventional: str
    form_decision: str
    caveats: str
    source: Cites


class Equation(StrictModel):
    name: str
    formula: str
    source: Cites


class CategoryBand(StrictModel):
    flag: str
    label: str
    when: tuple[Bound, ...]
    display: Texts


class KdigoCategories(StrictModel):
    bands: tuple[CategoryBand, ...]
    ckd_definition: str
    source: Cites


class TestSpec(StrictModel):
    test: str
    analyte: str
    display: Texts
    si_unit: str
    units: tuple[UnitSpec, ...] = Field(min_length=1)
    conversion_source: Cites
    conversion_note: str | None = None
    loinc: tuple[LoincCode, ...]
    loinc_source: Cites
    classification: Classification | None
    classification_decision: str | None = None
    findings: tuple[FindingSpec, ...] = ()
    findings_on: Literal["interpretation", "default_bands"] = "interpretation"
    """What selects a finding: the result's interpretation (the laboratory's interval wins) or the
    default classification's band (guideline decision cut-offs such as vitamin D below 20 ng/mL)."""
    findings_on_decision: str | None = None
    corrected_display: Texts | None = None
    corrected_loinc: LoincCode | None = None
    corrected_formula: Formula | None = None
    upper_limit: UpperLimit | None = None
    caveats: Caveats | None = None
    icd10cm_decision: str | None = None
    equation: Equation | None = None
    kdigo_categories: KdigoCategories | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        units = {spec.unit for spec in self.units}
        if len(units) != len(self.units):
            raise ValueError(f"{self.test}: a unit is listed twice")
        si = next((spec for spec in self.units if spec.unit == self.si_unit), None)
        if si is None or si.to_si != Conversion():
            raise ValueError(
                f"{self.test}: si_unit {self.si_unit!r} must be listed with no conversion"
            )
        dimensions = {spec.dimension for spec in self.units}
        for code in self.loinc:
            if code.dimension not in dimensions:
                raise ValueError(f"{self.test}: LOINC {code.code} has a dimension no unit has")
        if self.classification is not None:
            allowed = units | ({MULTIPLE_OF_ULN} if self.upper_limit else set())
            for band in self.classification.bands:
                if band.flag not in INTERPRETATION_CODES:
                    raise ValueError(f"{self.test}: band flag {band.flag!r} is not an HL7 code")
                for bound in band.when:
                    if bound.unit not in allowed:
                        raise ValueError(
                            f"{self.test}: band unit {bound.unit!r} is not a unit of the test"
                        )
                if band.action is not None and not self._shows_action(band):
                    raise ValueError(
                        f"{self.test}: band {band.label!r} has an action no finding shows"
                    )
        return self

    def _shows_action(self, band: Band) -> bool:
        """Whether some finding of this band prints its action (`{action}` in both languages)."""
        return any(
            band.flag in finding.flags
            and (finding.bands is None or band.label in finding.bands)
            and "{action}" in finding.text.en
            and "{action}" in finding.text.es
            for finding in self.findings
        )


class LabCatalogFile(StrictModel):
    format: Literal["clinic-desktop.lab-catalog"]
    version: Literal[1]
    compiled_from: str
    unit_rule: str
    tests: tuple[TestSpec, ...]

    @model_validator(mode="after")
    def _every_contract_test_once(self) -> Self:
        names = [spec.test for spec in self.tests]
        if sorted(names) != sorted(LAB_TESTS):
            raise ValueError(
                f"tests must be exactly the contract's {len(LAB_TESTS)} tests once each"
            )
        return self


class UnknownUnitError(ValueError):
    """A unit the catalogue does not accept for a test."""


@dataclass(frozen=True, slots=True)
class LabCatalog:
    """The loaded catalogue plus the hormonal and vascular rules that judge the same results."""

    specs: dict[str, TestSpec]
    hormonal: HormonalKnowledge
    vascular: VascularKnowledge
    possible: LabLimits | None = None
    """What a living body can have (lab_limits.yaml): the window asks about a value beyond it."""
    _limits: dict[tuple[str, str, bool], Decimal | None] = field(
        default_factory=dict, compare=False, repr=False
    )
    _units: dict[tuple[str, str], UnitSpec] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # The rules look a unit up several times per result; a dict keeps that off the 5 ms budget.
        for spec in self.specs.values():
            for unit in spec.units:
                self._units[(spec.test, unit.unit)] = unit

    def tests(self) -> tuple[str, ...]:
        return tuple(self.specs)

    def spec(self, test: str) -> TestSpec:
        return self.specs[test]

    def units_for(self, test: str) -> tuple[str, ...]:
        return tuple(spec.unit for spec in self.specs[test].units)

    def si_unit(self, test: str) -> str:
        return self.specs[test].si_unit

    def _unit(self, test: str, unit: str) -> UnitSpec:
        found = self._units.get((test, unit))
        if found is not None:
            return found
        known = ", ".join(self.units_for(test))
        raise UnknownUnitError(f"unknown unit {unit!r} for {test} (known: {known})")

    def to_si(self, test: str, value: float | Decimal, unit: str) -> Decimal:
        """`value` in the test's SI unit, unrounded."""
        conversion = self._unit(test, unit).to_si
        result = to_decimal(value)
        if conversion.subtract:
            result = _ARITHMETIC.subtract(result, conversion.subtract)
        if conversion.multiply != 1:
            result = _ARITHMETIC.multiply(result, conversion.multiply)
        if conversion.divide != 1:
            result = _ARITHMETIC.divide(result, conversion.divide)
        return result

    def from_si(self, test: str, value_si: Decimal, unit: str) -> Decimal:
        conversion = self._unit(test, unit).to_si
        result = value_si
        if conversion.divide != 1:
            result = _ARITHMETIC.multiply(result, conversion.divide)
        if conversion.multiply != 1:
            result = _ARITHMETIC.divide(result, conversion.multiply)
        if conversion.subtract:
            result = _ARITHMETIC.add(result, conversion.subtract)
        return result

    def convert(self, test: str, value: float | Decimal, from_unit: str, to_unit: str) -> Decimal:
        """`value` from one accepted unit to another with the exact factors, unrounded."""
        if from_unit == to_unit:
            self._unit(test, from_unit)
            return to_decimal(value)
        return self.from_si(test, self.to_si(test, value, from_unit), to_unit)

    def default_limit(self, test: str, unit: str, upper: bool) -> Decimal | None:
        """The default interval's upper (or lower) limit in `unit`: its N band's bound, or CK's fallback ULN."""
        key = (test, unit, upper)
        if key not in self._limits:
            self._limits[key] = self._find_default_limit(self.specs[test], unit, upper)
        return self._limits[key]

    def _find_default_limit(self, spec: TestSpec, unit: str, upper: bool) -> Decimal | None:
        if upper and spec.upper_limit is not None:
            return self.convert(spec.test, spec.upper_limit.value, spec.upper_limit.unit, unit)
        if spec.classification is None:
            return None
        ops = ("lte", "lt") if upper else ("gte", "gt")
        for band in spec.classification.bands:
            if band.flag != "N":
                continue
            for bound in band.when:
                if bound.op in ops and bound.unit != MULTIPLE_OF_ULN:
                    return self.convert(spec.test, bound.value, bound.unit, unit)
        return None

    def test_for_loinc(self, code: str) -> str | None:
        for spec in self.specs.values():
            if any(entry.code == code for entry in spec.loinc):
                return spec.test
        return None

    def corrected_test_for_loinc(self, code: str) -> str | None:
        """The test whose calculated (corrected) value `code` names, e.g. 29265-6 for calcium."""
        for spec in self.specs.values():
            if spec.corrected_loinc is not None and spec.corrected_loinc.code == code:
                return spec.test
        return None

    def loinc_for(self, test: str, unit: str) -> str | None:
        """The LOINC code for results of `test` reported in `unit` (the first listed for its dimension)."""
        dimension = self._unit(test, unit).dimension
        return next((c.code for c in self.specs[test].loinc if c.dimension == dimension), None)

    def loinc_display(self, code: str) -> str | None:
        """LOINC's own name of `code` as the catalogue holds it (English), or None."""
        for spec in self.specs.values():
            for entry in spec.loinc:
                if entry.code == code:
                    return entry.display
        return None

    def loinc_agrees_with_unit(self, code: str, test: str, unit: str) -> bool:
        """False when a molar unit is reported under a mass code or vice versa (a coding error)."""
        dimension = self._unit(test, unit).dimension
        return any(c.code == code and c.dimension == dimension for c in self.specs[test].loinc)

    def display_name(self, test: str, language: str) -> str:
        if test == "corrected_calcium":
            corrected = self.specs["calcium"].corrected_display
            if corrected is not None:
                return corrected.pick(language)
        return self.specs[test].display.pick(language)

    def impossible(self, test: str, value: float, unit: str) -> ImpossibleValue | None:
        """Whether `value` is beyond what a living body can have for `test` (None: it is not)."""
        if self.possible is None:
            return None
        return self.possible.check(self, test, value, unit)


def load_lab_catalog(path: Path | None = None) -> LabCatalog:
    """Load labs.yaml and, from the same folder, hormonal.yaml, vascular.yaml and lab_limits.yaml."""
    labs_path = path or resource_path("clinical", "labs.yaml")
    document = load_yaml_model(labs_path, LabCatalogFile)
    folder = labs_path.parent
    limits_path = folder / "lab_limits.yaml"
    return LabCatalog(
        specs={spec.test: spec for spec in document.tests},
        hormonal=load_hormonal(folder / "hormonal.yaml"),
        vascular=load_vascular(folder / "vascular.yaml"),
        possible=load_lab_limits(limits_path) if limits_path.exists() else None,
    )
