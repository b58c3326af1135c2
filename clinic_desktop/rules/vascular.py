"""Vascular rules: ABI categories per leg and the PAD, borderline, noncompressible and claudication findings."""

from __future__ import annotations

from decimal import Decimal

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.knowledge.vascular import VascularKnowledge
from clinic_desktop.rules.evaluation import Finding

_VASCULAR = "vascular"


def abi_categories(abi: dict[str, Decimal], knowledge: VascularKnowledge) -> dict[str, str]:
    """The 2016 AHA/ACC category of each leg's ABI, classified on the recorded (rounded) value."""
    return {side: knowledge.abi.category_of(value) for side, value in abi.items()}


def _legs(
    abi: dict[str, Decimal], sides: list[str], knowledge: VascularKnowledge, language: str
) -> str:
    parts = []
    for side in sides:
        number = format(abi[side], "f")
        if language == "es":
            number = number.replace(".", ",")
        parts.append(f"{knowledge.abi.leg_names[side].pick(language)} {number}")  # type: ignore[index]
    return ", ".join(parts)


def _patient_legs(sides: list[str], knowledge: VascularKnowledge, language: str) -> str:
    which = sides[0] if len(sides) == 1 else "both"
    return knowledge.abi.patient_legs[which].pick(language)  # type: ignore[index]


def vascular_findings(
    assessment: Assessment,
    knowledge: VascularKnowledge,
    abi: dict[str, Decimal],
    categories: dict[str, str],
    language: str,
) -> tuple[Finding, ...]:
    """Findings from the recorded ABI (and its categories) and the claudication history."""
    history = assessment.history
    conditions = set(history.conditions or ()) if history else set()
    caveat = knowledge.reliability_caveat
    calcification_risk = bool(conditions.intersection(caveat.conditions))
    diabetic = knowledge.diabetic_angiopathy
    found: list[Finding] = []

    def code(icd10cm: str | None) -> str | None:
        if icd10cm == diabetic.replaces and diabetic.condition in conditions:
            return diabetic.icd10cm
        return icd10cm

    def add(
        finding_id: str,
        text: str,
        sources: tuple[str, ...],
        icd10cm: str | None,
        patient: str,
        abi_based: bool = True,
    ) -> None:
        if abi_based and calcification_risk:
            text += caveat.text.pick(language)
            sources = (*sources, *caveat.source)
        found.append(
            Finding(
                id=finding_id,
                text=text,
                sources=tuple(dict.fromkeys(sources)),
                icd10cm=code(icd10cm),
                category=_VASCULAR,
                patient_text=patient,
            )
        )

    for spec in knowledge.abi.findings:
        sides = [side for side, category in categories.items() if category == spec.category]
        if sides:
            legs = _legs(abi, sides, knowledge, language)
            patient = spec.patient.pick(language).format(
                legs=_patient_legs(sides, knowledge, language)
            )
            add(
                spec.id,
                spec.text.pick(language).format(legs=legs),
                spec.sources,
                spec.icd10cm,
                patient,
            )

    claudication = assessment.vascular.claudication if assessment.vascular else None
    if claudication:
        spec_c = knowledge.claudication
        text = spec_c.text.pick(language)
        if history and "nocturnal_leg_cramps" in (history.presentations or ()):
            text += spec_c.with_nocturnal_cramps.pick(language)
        if "lumbar_spinal_stenosis" in conditions:
            text += spec_c.with_spinal_stenosis.pick(language)
        coded = {f.icd10cm for f in found}
        # Possibly neurogenic (pseudoclaudication of lumbar stenosis) unless PAD is known.
        neurogenic = bool(conditions.intersection(spec_c.possibly_neurogenic_with)) and not (
            conditions.intersection(spec_c.vascular_despite)
        )
        # One condition, one code: an abnormal ABI already carries the PAD code.
        add(
            spec_c.id,
            text,
            spec_c.sources,
            None if neurogenic or code(spec_c.icd10cm) in coded else spec_c.icd10cm,
            spec_c.patient.pick(language),
            abi_based=False,
        )
        if categories and all(category == "normal" for category in categories.values()):
            normal = knowledge.abi.normal_with_claudication
            legs = _legs(abi, sorted(categories), knowledge, language)
            add(
                normal.id,
                normal.text.pick(language).format(legs=legs),
                normal.sources,
                None,
                normal.patient.pick(language),
            )
    return tuple(found)
