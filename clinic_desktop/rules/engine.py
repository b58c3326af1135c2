"""The rules engine: one assessment and the clinical knowledge in, its Evaluation out.

A pure function: no I/O, no clock, no globals, so the window can call it on
every keystroke and tests can call it with hand-made assessments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.vocabulary import LANGUAGES
from clinic_desktop.knowledge import Knowledge
from clinic_desktop.rules.careplan import plan_for
from clinic_desktop.rules.evaluation import Evaluation, Finding
from clinic_desktop.rules.icd import codes_for, coding_rule_findings, pregnancy_findings
from clinic_desktop.rules.labs import evaluate_labs
from clinic_desktop.rules.medications import medicine_cautions, review_medications
from clinic_desktop.rules.neuromuscular import neuromuscular_findings
from clinic_desktop.rules.orders import PatientFacts, suggested_orders
from clinic_desktop.rules.red_flags import evaluate_red_flags

DEFAULT_LANGUAGE = "en"

# labs.creatinine_and_egfr.egfr_caveats: creatinine is not in a steady state in rhabdomyolysis
# or acute kidney injury, so eGFR-based CKD staging is suppressed while either is flagged: the
# rhabdomyolysis red flag, or AKI recorded by the clinician or laboratory (meta.context_ids_note
# acute_kidney_injury: "eGFR is not used during AKI").
STAGING_SUSPENDED_BY = frozenset({"rhabdomyolysis"})
STAGING_SUSPENDED_BY_HISTORY = frozenset({"acute_kidney_injury"})
EGFR_STAGING_FINDINGS = frozenset({"reduced_egfr"})


def _unique(groups: Iterable[Iterable[Finding]]) -> tuple[Finding, ...]:
    """Findings in the given group order; a repeated id keeps its first occurrence."""
    seen: dict[str, Finding] = {}
    for group in groups:
        for finding in group:
            seen.setdefault(finding.id, finding)
    return tuple(seen.values())


def _codes_as_emitted(findings: tuple[Finding, ...], codes: tuple[str, ...]) -> tuple[Finding, ...]:
    """A finding names only a code the evaluation emits (a more specific one may supersede it)."""
    emitted = set(codes)
    return tuple(
        f if f.icd10cm is None or f.icd10cm in emitted else replace(f, icd10cm=None)
        for f in findings
    )


def evaluate(assessment: Assessment, knowledge: Knowledge) -> Evaluation:
    """Interpret labs, find, flag, code, suggest orders and a care plan for one assessment."""
    language = assessment.patient.language
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    labs = evaluate_labs(assessment, knowledge.labs, language)
    medications = review_medications(assessment, knowledge.drugs, language)
    neuromuscular = neuromuscular_findings(assessment, language, knowledge.neuromuscular)
    red_flags = evaluate_red_flags(
        assessment,
        knowledge.red_flags,
        labs,
        medications,
        neuromuscular,
        language,
        knowledge.neuromuscular,
    )
    # What the patient came with first, then the examination, the labs and the medicines.
    history = tuple(f for f in neuromuscular if f.category == "history")
    exam = tuple(f for f in neuromuscular if f.category != "history")
    lab_findings = labs.findings
    if any(flag.id in STAGING_SUSPENDED_BY for flag in red_flags) or (
        STAGING_SUSPENDED_BY_HISTORY & set(assessment.context or ())
    ):
        lab_findings = tuple(f for f in lab_findings if f.id not in EGFR_STAGING_FINDINGS)
    findings = _unique((history, exam, lab_findings, medications.findings))
    # Chapter 15 codes come first; the weeks of gestation last (ICD-10-CM sequencing).
    pregnancy = pregnancy_findings(assessment.patient, findings, knowledge.icd10cm, language)
    findings = _unique((pregnancy[:1], findings, pregnancy[1:]))
    facts = PatientFacts.gather(
        assessment, labs, medications, findings, (flag.id for flag in red_flags)
    )
    orders = suggested_orders(facts, knowledge.lab_orders, language)
    plan = plan_for(facts, knowledge, orders, red_flags, language)
    # Candidate codes of the coding rules, cautions for the medicines the patient takes, and what a
    # safety rule withheld, close the list.
    findings = _unique(
        (
            findings,
            coding_rule_findings(facts, knowledge.icd10cm, language),
            medicine_cautions(facts, knowledge.drugs, language),
            plan.findings,
        )
    )
    codes = codes_for(findings, knowledge.icd10cm)
    return Evaluation(
        language=language,
        derived=labs.derived,
        labs=labs.labs,
        findings=_codes_as_emitted(findings, codes),
        icd10cm=codes,
        red_flags=red_flags,
        suggested_lab_orders=tuple(order.test for order in orders),
        care_plan=plan.items,
        suggested_lab_order_reasons={order.test: order.reason for order in orders},
        held_back=plan.held_back,
        held_back_notes=plan.notes,
        treatment_options=plan.options,
    )
