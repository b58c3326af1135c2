"""Chooses the ICD-10-CM codes of an evaluation from its findings' candidate codes.

It also adds the findings that carry the pregnancy codes (O26.89-, Z3A.-).

Only billable codes of the program's table survive; a more specific code
replaces the general one it refines (G47.62 over R25.2); of an Excludes1
pair only the winner stays. The order is the order of the findings, so the
same findings always give the same list.
"""

from __future__ import annotations

from collections.abc import Iterable

from clinic_desktop.domain.assessment import Patient
from clinic_desktop.knowledge.icd10cm import Icd10Table
from clinic_desktop.rules.evaluation import Finding
from clinic_desktop.rules.orders import PatientFacts, holds


def codes_for(findings: Iterable[Finding], table: Icd10Table) -> tuple[str, ...]:
    """The billable, most specific, Excludes1-consistent codes the findings support."""
    candidates = list(
        dict.fromkeys(
            f.icd10cm for f in findings if f.icd10cm is not None and table.is_billable(f.icd10cm)
        )
    )
    present = set(candidates)
    dropped: set[str] = set()
    for rule in table.more_specific:
        if rule.code in present:
            dropped.update(rule.replaces)
    kept = present - dropped
    for pair in table.excludes1_pairs:
        kept -= pair.loser(kept)
    return tuple(code for code in candidates if code in kept)


def pregnancy_findings(
    patient: Patient, findings: Iterable[Finding], table: Icd10Table, language: str
) -> tuple[Finding, ...]:
    """For a pregnant patient with a coded cramp: the O26.89- finding, then the Z3A.- weeks one.

    ICD-10-CM chapter 15 codes a condition in pregnancy with O26.89- (by
    trimester) beside the condition's own code, plus the weeks of gestation
    when known. Nothing when the patient is not (known to be) pregnant.
    """
    coding = table.pregnancy
    if not patient.pregnant or not any(f.icd10cm in coding.accompanies for f in findings):
        return ()
    weeks = patient.pregnancy_weeks
    sources = coding.source
    found = [
        Finding(
            id="pregnancy_related_cramps",
            text=coding.text.pick(language),
            sources=sources,
            icd10cm=coding.trimester_code(weeks),
            category="history",
        )
    ]
    if weeks is not None:
        found.append(
            Finding(
                id="weeks_of_gestation",
                text=coding.weeks_text.pick(language).format(weeks=weeks),
                sources=sources,
                icd10cm=coding.gestation_code(weeks),
                category="history",
            )
        )
    return tuple(found)


def coding_rule_findings(
    facts: PatientFacts, table: Icd10Table, language: str
) -> tuple[Finding, ...]:
    """The candidate codes of the reference's coding_rules whose trigger holds, each as a finding
    that says it is proposed for the clinician to confirm (M62.82, E89.2)."""
    found = []
    for rule in table.coding_rules:
        if not holds(rule.when, facts):
            continue
        found.append(_coded(rule.id, rule.text.pick(language), rule.source, rule.icd10cm))
        found.extend(
            _coded(extra.id, extra.text.pick(language), rule.source, extra.code)
            for extra in rule.with_codes
            if holds(extra.when, facts)
        )
    return tuple(found)


def _coded(finding_id: str, text: str, sources: tuple[str, ...], code: str) -> Finding:
    return Finding(id=finding_id, text=text, sources=sources, icd10cm=code, category="coding")
