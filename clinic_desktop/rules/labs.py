"""Lab interpretation: HL7 flags, SI values, derived values and the lab, hormonal and vascular findings."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from clinic_desktop.domain.assessment import Assessment, LabResult
from clinic_desktop.domain.numbers import number_text, round_half_away, to_decimal
from clinic_desktop.knowledge.lab_catalog import (
    MULTIPLE_OF_ULN,
    Band,
    FindingSpec,
    LabCatalog,
    TestSpec,
)
from clinic_desktop.rules.derived import (
    ankle_brachial_index,
    corrected_calcium_mg_dl,
    corrected_calcium_mmol_l,
    egfr_ckd_epi_2021,
)
from clinic_desktop.rules.evaluation import Derived, Finding, InterpretedLab
from clinic_desktop.rules.hormonal import cortisol_caveat, hormonal_findings
from clinic_desktop.rules.vascular import abi_categories, vascular_findings

CORRECTED_CALCIUM = "corrected_calcium"
MULTIPLE_OF_LLN = "x_LLN"
_SEVERE = ("LL", "HH")
_LOW = ("L", "LL")
_HIGH = ("H", "HH")
_SIGNIFICANT_DIGITS = 3
_REPORTED_PLACES = 2


@dataclass(frozen=True, slots=True)
class Judged:
    """One result judged: its value in its own unit, the default band it falls in and its flag."""

    test: str
    value: Decimal
    unit: str
    interpretation: str | None
    band: Band | None
    upper_limit: Decimal | None
    """The upper reference limit in `unit` (the laboratory's, else the default's), if any."""
    lower_limit: Decimal | None
    interval_source: tuple[str, ...]
    """Citations of the default interval, when it judged the value."""
    by_laboratory: bool = False
    """The laboratory's own interval judged the value."""


@dataclass(frozen=True, slots=True)
class LabOutcome:
    """What the lab rules found, and the helpers other rules (red flags, orders) read it through."""

    labs: tuple[InterpretedLab, ...]
    derived: Derived
    findings: tuple[Finding, ...]
    judged: dict[str, Judged] = field(default_factory=dict, compare=False, repr=False)
    """The last result of each test (and `corrected_calcium`), judged."""
    egfr_computed: Decimal | None = field(default=None, compare=False, repr=False)
    catalog: LabCatalog | None = field(default=None, compare=False, repr=False)

    def has_result(self, test: str) -> bool:
        """Whether the assessment holds a result for `test` (derived values do not count)."""
        return test in self.judged and test != CORRECTED_CALCIUM

    def interpretation(self, test: str) -> str | None:
        judged = self.judged.get(test)
        return judged.interpretation if judged else None

    def default_flag(self, test: str) -> str | None:
        """The flag of the default classification's band, ignoring the laboratory's interval.

        For decision cut-offs (vitamin D below 20 ng/mL before repletion) rather than the lab's flag.
        """
        judged = self.judged.get(test)
        return judged.band.flag if judged and judged.band else None

    def value_in(self, test: str, unit: str) -> Decimal | None:
        """The patient's value of `test` in `unit`, unrounded; eGFR falls back to the computed one.

        `unit` may also be x_ULN or x_LLN (a multiple of the reference limit).
        """
        if unit == MULTIPLE_OF_ULN:
            return self.multiple_of_uln(test)
        if unit == MULTIPLE_OF_LLN:
            return self.multiple_of_lln(test)
        judged = self.judged.get(test)
        if judged is None:
            if test == "egfr" and self.egfr_computed is not None:
                return self.egfr_computed
            return None
        if self.catalog is None:
            return judged.value if unit == judged.unit else None
        spec_test = "calcium" if test == CORRECTED_CALCIUM else test
        return self.catalog.convert(spec_test, judged.value, judged.unit, unit)

    def multiple_of_uln(self, test: str) -> Decimal | None:
        judged = self.judged.get(test)
        if judged is None or not judged.upper_limit:
            return None
        return judged.value / judged.upper_limit

    def multiple_of_lln(self, test: str) -> Decimal | None:
        judged = self.judged.get(test)
        if judged is None or not judged.lower_limit:
            return None
        return judged.value / judged.lower_limit


def _significant(value: Decimal) -> Decimal:
    """At least three significant digits, halves away from zero; whole numbers keep every digit."""
    if value == 0:
        return Decimal(0)
    places = max(0, _SIGNIFICANT_DIGITS - (value.adjusted() + 1))
    return round_half_away(value, places)


def _default_band(
    catalog: LabCatalog, spec: TestSpec, value: Decimal, unit: str, uln_native: Decimal | None
) -> Band | None:
    """The default classification's band for `value`, compared in each bound's own unit."""
    if spec.classification is None:
        return None
    converted: dict[str, Decimal] = {}

    def in_unit(bound_unit: str) -> Decimal | None:
        if bound_unit not in converted:
            if bound_unit == MULTIPLE_OF_ULN:
                if not uln_native:
                    return None
                converted[bound_unit] = value / uln_native
            else:
                converted[bound_unit] = catalog.convert(spec.test, value, unit, bound_unit)
        return converted[bound_unit]

    for band in spec.classification.bands:
        for bound in band.when:
            measured = in_unit(bound.unit)
            if measured is None or not bound.holds(measured):
                break
        else:
            return band
    return None


def judge(
    catalog: LabCatalog,
    test: str,
    value: Decimal,
    unit: str,
    reference_low: float | None = None,
    reference_high: float | None = None,
) -> Judged:
    """Flag one value: the laboratory's interval wins for N/L/H; default severity bands still apply."""
    spec = catalog.spec(test)
    low = to_decimal(reference_low) if reference_low is not None else None
    high = to_decimal(reference_high) if reference_high is not None else None
    upper_limit = high if high is not None else catalog.default_limit(test, unit, upper=True)
    lower_limit = low if low is not None else catalog.default_limit(test, unit, upper=False)
    uln_for_bands = upper_limit if spec.upper_limit is not None else None
    band = _default_band(catalog, spec, value, unit, uln_for_bands)
    default_flag = band.flag if band else None
    if low is None and high is None:
        source = spec.classification.source if spec.classification else ()
        return Judged(test, value, unit, default_flag, band, upper_limit, lower_limit, source)
    if default_flag in _SEVERE:
        flag: str | None = default_flag
    else:
        # Only the side the laboratory gave is its call; the other side keeps the default's.
        below = value < low if low is not None else default_flag in _LOW
        above = value > high if high is not None else default_flag in _HIGH
        flag = "L" if below else "H" if above else "N"
    return Judged(test, value, unit, flag, band, upper_limit, lower_limit, (), by_laboratory=True)


def _finding_spec(spec: TestSpec, judged: Judged) -> FindingSpec | None:
    if spec.findings_on == "default_bands":
        flag = judged.band.flag if judged.band else None
    else:
        flag = judged.interpretation
    for candidate in spec.findings:
        if flag not in candidate.flags:
            continue
        if candidate.bands is not None and (
            judged.band is None or judged.band.label not in candidate.bands
        ):
            continue
        return candidate
    return None


def _lab_finding(
    spec: TestSpec,
    judged: Judged,
    language: str,
    shown_value: Decimal,
    name: str,
    extra_sources: tuple[str, ...] = (),
    extra_text: str = "",
) -> Finding | None:
    chosen = _finding_spec(spec, judged)
    if chosen is None:
        return None
    multiple = judged.value / judged.upper_limit if judged.upper_limit else None
    band = judged.band
    values = {
        "value": number_text(shown_value, language),
        "unit": judged.unit,
        "test": name,
        "multiple": number_text(round_half_away(multiple, _REPORTED_PLACES), language)
        if multiple
        else "",
        "category": "",
        "label": "",
        "action": band.action.pick(language) if band is not None and band.action else "",
    }
    text = chosen.text.pick(language).format(**values)
    if spec.caveats is not None and spec.caveats.text is not None:
        text += spec.caveats.text.pick(language)
    text += extra_text
    base = chosen.source or (
        spec.classification.source if spec.classification else spec.conversion_source
    )
    # The band's own citations (the NICE NG239 table, the ADA hypoglycaemia levels) come next.
    band_sources = band.sources if band is not None else ()
    sources = [*base, *band_sources, *extra_sources]
    if spec.caveats is not None:
        sources.extend(spec.caveats.source)
    return Finding(
        id=chosen.id,
        text=text,
        sources=tuple(dict.fromkeys(sources)),
        icd10cm=chosen.icd10cm,
        category=chosen.category,
        patient_text=chosen.patient.pick(language).format(**values),
    )


def _interpreted(catalog: LabCatalog, result: LabResult, judged: Judged) -> InterpretedLab:
    spec = catalog.spec(result.test)
    if result.unit == spec.si_unit:
        value_si = to_decimal(result.value)
    else:
        value_si = _significant(catalog.to_si(result.test, result.value, result.unit))
    given = result.loinc
    if given is not None and catalog.loinc_agrees_with_unit(given, result.test, result.unit):
        loinc: str | None = given
    else:
        loinc = catalog.loinc_for(result.test, result.unit)
    return InterpretedLab(
        test=result.test,
        value=result.value,
        unit=result.unit,
        value_si=value_si,
        unit_si=spec.si_unit,
        interpretation=judged.interpretation,
        loinc=loinc,
        reference_low=result.reference_low,
        reference_high=result.reference_high,
        interval_source=judged.interval_source,
        laboratory_interval=judged.by_laboratory,
    )


def _corrected_calcium(
    catalog: LabCatalog, judged: dict[str, Judged], results: dict[str, LabResult]
) -> Judged | None:
    """Albumin-corrected calcium in the calcium result's unit (unrounded), judged like calcium.

    The correction uses the form written for that unit (conventional for mg/dL, Payne for
    mmol/L): they differ slightly, and a result at a bound must be judged as its unit's
    formula gives it. The laboratory's interval, in that unit, judges the corrected value too.
    """
    calcium, albumin = judged.get("calcium"), judged.get("albumin")
    if calcium is None or albumin is None:
        return None
    if calcium.unit == "mg/dL":
        corrected = corrected_calcium_mg_dl(
            calcium.value, catalog.convert("albumin", albumin.value, albumin.unit, "g/dL")
        )
    else:
        corrected = catalog.convert(
            "calcium",
            corrected_calcium_mmol_l(
                catalog.to_si("calcium", calcium.value, calcium.unit),
                catalog.to_si("albumin", albumin.value, albumin.unit),
            ),
            "mmol/L",
            calcium.unit,
        )
    lab = results["calcium"]
    corrected_judged = judge(
        catalog, "calcium", corrected, lab.unit, lab.reference_low, lab.reference_high
    )
    return dataclasses.replace(corrected_judged, test=CORRECTED_CALCIUM)


def _calcium_finding(
    catalog: LabCatalog, judged: dict[str, Judged], language: str
) -> Finding | None:
    """Hypo- or hypercalcaemia on measured ionized calcium, else corrected calcium if albumin is
    known, else total calcium.

    The reference calls albumin correction an approximation and prefers ionized calcium
    (labs calcium_total corrected_calcium_formula caveats), so a measured ionized result decides.
    """
    spec = catalog.spec("calcium")
    corrected = judged.get(CORRECTED_CALCIUM)
    ionized = judged.get("ionized_calcium")
    formula = spec.corrected_formula
    if ionized is not None:
        overridden = corrected is not None and formula is not None
        return _lab_finding(
            catalog.spec("ionized_calcium"),
            ionized,
            language,
            ionized.value,
            catalog.display_name("ionized_calcium", language),
            extra_sources=formula.source if overridden and formula is not None else (),
        )
    if corrected is not None and formula is not None:
        return _lab_finding(
            spec,
            corrected,
            language,
            round_half_away(corrected.value, _REPORTED_PLACES),
            catalog.display_name(CORRECTED_CALCIUM, language),
            extra_sources=formula.source,
        )
    total = judged.get("calcium")
    if total is not None:
        return _lab_finding(
            spec, total, language, total.value, catalog.display_name("calcium", language)
        )
    return None


def _egfr_finding(
    catalog: LabCatalog, judged: dict[str, Judged], computed: Decimal | None, language: str
) -> Finding | None:
    spec = catalog.spec("egfr")
    reported = judged.get("egfr")
    value = reported.value if reported is not None else computed
    if value is None or spec.kdigo_categories is None:
        return None
    category = next(
        (
            band
            for band in spec.kdigo_categories.bands
            if all(bound.holds(value) for bound in band.when)
        ),
        None,
    )
    if category is None:
        return None
    chosen = next((f for f in spec.findings if category.flag in f.flags), None)
    if chosen is None:
        return None
    shown = value if reported is not None else round_half_away(value, 0)
    text = chosen.text.pick(language).format(
        value=number_text(shown, language),
        unit=spec.si_unit,
        test=catalog.display_name("egfr", language),
        multiple="",
        category=category.flag,
        label=category.display.pick(language),
        action="",
    )
    sources = [*spec.kdigo_categories.source]
    if reported is None and spec.equation is not None:
        sources.extend(spec.equation.source)
    if spec.caveats is not None:
        if spec.caveats.text is not None:
            text += spec.caveats.text.pick(language)
        sources.extend(spec.caveats.source)
    return Finding(
        id=chosen.id,
        text=text,
        sources=tuple(dict.fromkeys(sources)),
        icd10cm=chosen.icd10cm,
        category=chosen.category,
        patient_text=chosen.patient.pick(language),
    )


def _computed_egfr(
    assessment: Assessment, catalog: LabCatalog, judged: dict[str, Judged]
) -> Decimal | None:
    creatinine = judged.get("creatinine")
    if creatinine is None or assessment.visit_date is None:
        return None
    age = assessment.patient.age_on(assessment.visit_date)
    mg_dl = catalog.convert("creatinine", creatinine.value, creatinine.unit, "mg/dL")
    return egfr_ckd_epi_2021(mg_dl, age, assessment.patient.sex)


def _collection_moment(text: str | None) -> tuple[date, datetime | None] | None:
    """The day and, when given, the time a sample was taken (labs[].collected_at, ISO 8601)."""
    if text is None:
        return None
    try:
        if "T" not in text:
            return date.fromisoformat(text), None
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.date(), moment


def _collected_before(text: str | None, than: str | None) -> bool:
    """Whether one sample is known to have been taken before the other; unknown is False.

    Days compare as written; times on the same day compare with their UTC offsets when both
    carry one, else as written.
    """
    first, second = _collection_moment(text), _collection_moment(than)
    if first is None or second is None:
        return False
    if first[0] != second[0]:
        return first[0] < second[0]
    one, other = first[1], second[1]
    if one is None or other is None:
        return False
    if (one.tzinfo is None) != (other.tzinfo is None):
        one, other = one.replace(tzinfo=None), other.replace(tzinfo=None)
    return one < other


def evaluate_labs(assessment: Assessment, catalog: LabCatalog, language: str) -> LabOutcome:
    """Interpret every lab result, compute the derived values and the lab, hormonal and vascular findings."""
    interpreted: list[InterpretedLab] = []
    judged: dict[str, Judged] = {}
    last: dict[str, LabResult] = {}
    for result in assessment.labs or ():
        one = judge(
            catalog,
            result.test,
            to_decimal(result.value),
            result.unit,
            result.reference_low,
            result.reference_high,
        )
        interpreted.append(_interpreted(catalog, result, one))
        # When a test is listed twice, the later entry is taken as the current value, unless the
        # samples' collection times say it was taken earlier: a stale value must neither raise
        # nor hide a red flag because of the order a laboratory's file listed its results in.
        kept = last.get(result.test)
        if kept is not None and _collected_before(result.collected_at, kept.collected_at):
            continue
        judged[result.test] = one
        last[result.test] = result
    corrected = _corrected_calcium(catalog, judged, last)
    if corrected is not None:
        judged[CORRECTED_CALCIUM] = corrected
    computed_egfr = _computed_egfr(assessment, catalog, judged)
    ck = judged.get("creatine_kinase")
    ck_multiple = ck.value / ck.upper_limit if ck is not None and ck.upper_limit else None
    abi = ankle_brachial_index(assessment.vascular, catalog.vascular.abi.reporting_places)
    categories = abi_categories(abi, catalog.vascular)
    derived = Derived(
        abi=abi,
        abi_category=categories,
        corrected_calcium_mmol_l=round_half_away(
            catalog.convert("calcium", corrected.value, corrected.unit, "mmol/L"), _REPORTED_PLACES
        )
        if corrected is not None
        else None,
        egfr_ml_min_1_73m2=int(round_half_away(computed_egfr, 0))
        if computed_egfr is not None
        else None,
        ck_multiple_of_uln=round_half_away(ck_multiple, _REPORTED_PLACES)
        if ck_multiple is not None
        else None,
    )

    findings: list[Finding] = []
    for test in catalog.tests():
        if test in ("calcium", "ionized_calcium"):
            found = _calcium_finding(catalog, judged, language) if test == "calcium" else None
        elif test == "egfr":
            found = _egfr_finding(catalog, judged, computed_egfr, language)
        elif test in judged:
            one = judged[test]
            caveat = (
                cortisol_caveat(assessment, catalog.hormonal) if test == "cortisol_am" else None
            )
            found = _lab_finding(
                catalog.spec(test),
                one,
                language,
                one.value,
                catalog.display_name(test, language),
                extra_sources=caveat.source if caveat else (),
                extra_text=caveat.text.pick(language) if caveat else "",
            )
        else:
            found = None
        if found is not None:
            findings.append(found)

    outcome = LabOutcome(
        labs=tuple(interpreted),
        derived=derived,
        findings=tuple(findings),
        judged=judged,
        egfr_computed=computed_egfr,
        catalog=catalog,
    )
    extra = hormonal_findings(assessment, catalog.hormonal, outcome, language) + vascular_findings(
        assessment, catalog.vascular, abi, categories, language
    )
    return dataclasses.replace(outcome, findings=outcome.findings + extra)
