"""The rules engine: one assessment and the clinical knowledge in, its Evaluation out.

A pure function: no I/O, no clock, no globals, so the window can call it on
every keystroke and tests can call it with hand-made assessments.
"""

from __future__ import annotations

from collections.abc import Iterable

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.vocabulary import LANGUAGES
from clinic_desktop.knowledge import Knowledge
from clinic_desktop.rules.careplan import plan_for
from clinic_desktop.rules.evaluation import Evaluation, Finding
from clinic_desktop.rules.icd import codes_for, pregnancy_findings
from clinic_desktop.rules.labs import evaluate_labs
from clinic_desktop.rules.medications import review_medications
from clinic_desktop.rules.neuromuscular import neuromuscular_findings
from clinic_desktop.rules.orders import PatientFacts, suggested_orders
from clinic_desktop.rules.red_flags import evaluate_red_flags

DEFAULT_LANGUAGE = "en"


def _unique(groups: Iterable[Iterable[Finding]]) -> tuple[Finding, ...]:
    """Findings in the given group order; a repeated id keeps its first occurrence."""
    seen: dict[str, Finding] = {}
    for group in groups:
        for finding in group:
            seen.setdefault(finding.id, finding)
    return tuple(seen.values())


def evaluate(assessment: Assessment, knowledge: Knowledge) -> Evaluation:
    """Interpret labs, find, flag, code, suggest orders and a care plan for one assessment."""
    language = assessment.patient.language
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    labs = evaluate_labs(assessment, knowledge.labs, language)
    medications = review_medications(assessment, knowledge.drugs, language)
    neuromuscular = neuromuscular_findings(assessment, language, knowledge.neuromuscular)
    red_flags = evaluate_red_flags(
        assessment, knowledge.red_flags, labs, medications, neuromuscular, language
    )
    # What the patient came with first, then the examination, the labs and the medicines.
    history = tuple(f for f in neuromuscular if f.category == "history")
    exam = tuple(f for f in neuromuscular if f.category != "history")
    findings = _unique((history, exam, labs.findings, medications.findings))
    # Chapter 15 codes come first; the weeks of gestation last (ICD-10-CM sequencing).
    pregnancy = pregnancy_findings(assessment.patient, findings, knowledge.icd10cm, language)
    findings = _unique((pregnancy[:1], findings, pregnancy[1:]))
    facts = PatientFacts.gather(assessment, labs, medications, findings)
    orders = suggested_orders(facts, knowledge.lab_orders, language)
    return Evaluation(
        language=language,
        derived=labs.derived,
        labs=labs.labs,
        findings=findings,
        icd10cm=codes_for(findings, knowledge.icd10cm),
        red_flags=red_flags,
        suggested_lab_orders=tuple(order.test for order in orders),
        care_plan=plan_for(facts, knowledge, orders, red_flags, language),
        suggested_lab_order_reasons={order.test: order.reason for order in orders},
    )
