"""Hormonal rules: thyroid TSH/free T4 patterns, cortisol caveats and parathyroid/calcium findings."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.numbers import number_text
from clinic_desktop.knowledge.hormonal import Caveat, HormonalKnowledge, SingleFinding
from clinic_desktop.rules.evaluation import Finding

_HORMONAL = "hormonal"
_ABNORMAL = ("LL", "L", "H", "HH")


class LabResults(Protocol):
    """What these rules read from the lab outcome (rules.labs.LabOutcome)."""

    @property
    def findings(self) -> tuple[Finding, ...]: ...

    def interpretation(self, test: str) -> str | None: ...

    def value_in(self, test: str, unit: str) -> Decimal | None: ...


def cortisol_caveat(assessment: Assessment, knowledge: HormonalKnowledge) -> Caveat | None:
    """The pregnancy caveat on total cortisol, when the patient is pregnant."""
    return knowledge.adrenal.pregnancy_caveat if assessment.patient.pregnant else None


def _single(spec: SingleFinding, language: str, **values: str) -> Finding:
    return Finding(
        id=spec.id,
        text=spec.text.pick(language).format(**values),
        sources=spec.source,
        icd10cm=spec.icd10cm,
        category=_HORMONAL,
        patient_text=spec.patient.pick(language),
    )


def thyroid_findings(
    knowledge: HormonalKnowledge, labs: LabResults, language: str
) -> tuple[Finding, ...]:
    """The TSH/free T4 pattern; TSH alone is never interpreted as a diagnosis."""
    thyroid = knowledge.thyroid
    tsh, free_t4 = labs.interpretation("tsh"), labs.interpretation("free_t4")
    if tsh is None:
        return ()
    if free_t4 is None:
        if tsh not in _ABNORMAL:
            return ()
        value = labs.value_in("tsh", "mIU/L")
        shown = number_text(value, language) if value is not None else ""
        return (_single(thyroid.tsh_without_free_t4, language, value=shown, unit="mIU/L"),)
    if tsh == "N" and free_t4 == "N":
        return ()
    pattern = next(
        (p for p in thyroid.patterns if tsh in p.tsh and free_t4 in p.free_t4),
        None,
    )
    if pattern is None:
        return (_single(thyroid.fallback, language),)
    text = pattern.text.pick(language)
    sources = list(pattern.sources)
    threshold = thyroid.treatment_threshold
    if threshold.applies_to == pattern.id:
        value = labs.value_in("tsh", threshold.when.unit)
        if value is not None and threshold.when.holds(value):
            text += threshold.text.pick(language)
            sources.extend(threshold.source)
    return (
        Finding(
            id=pattern.id,
            text=text,
            sources=tuple(dict.fromkeys(sources)),
            icd10cm=pattern.icd10cm,
            category=_HORMONAL,
            patient_text=pattern.patient.pick(language),
        ),
    )


def adrenal_findings(
    knowledge: HormonalKnowledge, labs: LabResults, language: str
) -> tuple[Finding, ...]:
    """Low sodium with high potassium, before any cortisol is measured."""
    pattern = knowledge.adrenal.electrolyte_pattern
    if labs.interpretation(pattern.unless_result) is not None:
        return ()
    if not all(labs.interpretation(c.lab) in c.flags for c in pattern.when_all):
        return ()
    return (
        Finding(
            id=pattern.id,
            text=pattern.text.pick(language),
            sources=pattern.source,
            category=_HORMONAL,
            patient_text=pattern.patient.pick(language),
        ),
    )


def _join(names: list[str], language: str) -> str:
    conjunction = " y " if language == "es" else " and "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + conjunction + names[-1]


def parathyroid_calcium_findings(
    assessment: Assessment, knowledge: HormonalKnowledge, labs: LabResults, language: str
) -> tuple[Finding, ...]:
    """Chvostek/Trousseau signs, and the causes of low calcium this assessment points to."""
    rules = knowledge.parathyroid_calcium
    found: list[Finding] = []
    exam = assessment.exam
    signs = [
        name
        for name, positive in (
            ("chvostek", exam.chvostek if exam else None),
            ("trousseau", exam.trousseau if exam else None),
        )
        if positive
    ]
    if signs:
        spec = rules.signs_finding
        names = _join([spec.sign_names[s].pick(language) for s in signs], language)  # type: ignore[index]
        text = spec.text.pick(language).format(signs=names)
        found.append(
            Finding(
                id=spec.id,
                text=text[:1].upper() + text[1:],
                sources=spec.source,
                category=_HORMONAL,
                patient_text=spec.patient.pick(language),
            )
        )
    if signs or any(f.id == "hypocalcemia" for f in labs.findings):
        conditions = set(assessment.history.conditions or ()) if assessment.history else set()
        causes = [
            cause.text.pick(language)
            for cause in rules.causes_finding.causes
            if conditions.intersection(cause.history)
            or (cause.lab is not None and labs.interpretation(cause.lab) in cause.flags)
        ]
        if causes:
            spec_c = rules.causes_finding
            found.append(
                Finding(
                    id=spec_c.id,
                    text=spec_c.text.pick(language).format(causes="; ".join(causes)),
                    sources=spec_c.source,
                    category=_HORMONAL,
                    patient_text=spec_c.patient.pick(language),
                )
            )
    return tuple(found)


def hormonal_findings(
    assessment: Assessment, knowledge: HormonalKnowledge, labs: LabResults, language: str
) -> tuple[Finding, ...]:
    return (
        thyroid_findings(knowledge, labs, language)
        + adrenal_findings(knowledge, labs, language)
        + parathyroid_calcium_findings(assessment, knowledge, labs, language)
    )
