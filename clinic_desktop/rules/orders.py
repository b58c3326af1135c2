"""Suggested lab orders, and the patient facts that lab-order and care-plan conditions are tested on.

`PatientFacts` gathers, once per evaluation, what the condition leaves of
knowledge/treatments.Condition ask about: presentations, sites, triggers,
symptoms, history, examination signs, medications, lab values and flags,
and the codes of the findings. A missing input makes a leaf false; it never makes
anything "normal".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.numbers import compare
from clinic_desktop.domain.vocabulary import LAB_TESTS
from clinic_desktop.knowledge.lab_orders import LabOrderRules
from clinic_desktop.knowledge.treatments import Condition
from clinic_desktop.rules.evaluation import Derived, Finding

AGE_65 = 65


class LabView(Protocol):
    """What these rules read of rules.labs.LabOutcome."""

    @property
    def derived(self) -> Derived: ...

    def has_result(self, test: str) -> bool: ...

    def interpretation(self, test: str) -> str | None: ...

    def value_in(self, test: str, unit: str) -> Decimal | None: ...


class MatchView(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def patient_name(self) -> str: ...

    @property
    def drug_id(self) -> str: ...

    @property
    def class_ids(self) -> tuple[str, ...]: ...


class MedicationView(Protocol):
    """What these rules read of rules.medications.MedicationReview."""

    @property
    def matches(self) -> tuple[MatchView, ...]: ...

    def has_class(self, class_or_drug_id: str) -> bool: ...


def _is_member(match: MatchView, class_or_drug_id: str) -> bool:
    return match.drug_id == class_or_drug_id or class_or_drug_id in match.class_ids


def _exam_signs(assessment: Assessment) -> frozenset[str]:
    signs: set[str] = set()
    exam = assessment.exam
    if exam is not None:
        if exam.chvostek:
            signs.add("chvostek")
        if exam.trousseau:
            signs.add("trousseau")
        for name, items in (
            ("sensory_loss", exam.sensory_loss),
            ("fasciculations", exam.fasciculations),
            ("atrophy", exam.atrophy),
        ):
            if items:
                signs.add(name)
        # Any grade below full strength (including 5-) is weakness on the MRC scale.
        if any(grade.mrc != "5" for grade in exam.strength or ()):
            signs.add("muscle_weakness")
    if assessment.vascular is not None and assessment.vascular.claudication:
        signs.add("claudication")
    # Trousseau's sign is carpopedal spasm; the clinician may also record tetany in `context`.
    if "trousseau" in signs or "tetany_or_carpopedal_spasm" in (assessment.context or ()):
        signs.add("tetany_or_carpopedal_spasm")
    return frozenset(signs)


def _history_facts(assessment: Assessment) -> frozenset[str]:
    history = assessment.history
    facts = set(history.conditions or ()) if history else set()
    facts.update(assessment.context or ())
    patient = assessment.patient
    if assessment.visit_date is None:
        facts.add("age_unknown")
    elif patient.age_on(assessment.visit_date) >= AGE_65:
        facts.add("age_65_or_over")
    if patient.pregnant:
        facts.add("pregnant")
    return frozenset(facts)


@dataclass(frozen=True, slots=True)
class PatientFacts:
    """The facts of one assessment that rule conditions test."""

    presentations: frozenset[str]
    sites: frozenset[str]
    triggers: frozenset[str]
    symptoms: frozenset[str]
    history: frozenset[str]
    exam: frozenset[str]
    finding_codes: frozenset[str]
    labs: LabView
    medications: MedicationView
    red_flags: frozenset[str] = frozenset()
    """The ids of the red flags that fire."""

    @classmethod
    def gather(
        cls,
        assessment: Assessment,
        labs: LabView,
        medications: MedicationView,
        findings: Iterable[Finding],
        red_flags: Iterable[str] = (),
    ) -> PatientFacts:
        history = assessment.history
        symptoms = set(history.symptoms or ()) if history else set()
        if history is not None and history.dark_urine:
            symptoms.add("dark_urine")
        return cls(
            presentations=frozenset(history.presentations or ()) if history else frozenset(),
            sites=frozenset(history.sites or ()) if history else frozenset(),
            triggers=frozenset(history.triggers or ()) if history else frozenset(),
            symptoms=frozenset(symptoms),
            history=_history_facts(assessment),
            exam=_exam_signs(assessment),
            finding_codes=frozenset(f.icd10cm for f in findings if f.icd10cm),
            labs=labs,
            medications=medications,
            red_flags=frozenset(red_flags),
        )

    @property
    def pregnant(self) -> bool:
        return "pregnant" in self.history

    def patient_names(self, class_ids: Iterable[str]) -> list[str]:
        """Those medicines as the patient's plan names them (generic name in its language)."""
        wanted = tuple(class_ids)
        names = [
            m.patient_name
            for m in self.medications.matches
            if any(_is_member(m, c) for c in wanted)
        ]
        return list(dict.fromkeys(names))

    def matched_classes(self, class_ids: Iterable[str]) -> list[str]:
        """Which of `class_ids` the current medicines match, in the order given."""
        return [c for c in class_ids if self.medications.has_class(c)]

    def has_value(self, test: str) -> bool:
        """Whether a value of `test` is known: a result, or for eGFR also the computed one."""
        if test == "egfr" and self.labs.derived.egfr_ml_min_1_73m2 is not None:
            return True
        return self.labs.has_result(test)


def holds(condition: Condition, facts: PatientFacts) -> bool:
    """Whether `condition` is true of the patient; an unknown input makes a leaf false."""
    if condition.any_of is not None:
        return any(holds(child, facts) for child in condition.any_of)
    if condition.all_of is not None:
        return all(holds(child, facts) for child in condition.all_of)
    if condition.none_of is not None:
        return not any(holds(child, facts) for child in condition.none_of)
    if condition.medication is not None:
        return facts.medications.has_class(condition.medication)
    if condition.lab is not None:
        assert condition.op is not None and condition.value is not None and condition.unit
        # value_in also answers in multiples of the limits (x_ULN) and falls back to the computed eGFR.
        value = facts.labs.value_in(condition.lab, condition.unit)
        return value is not None and compare(value, condition.op, condition.value)
    if condition.lab_flag is not None:
        return facts.labs.interpretation(condition.lab_flag) in (condition.flags or ())
    if condition.result is not None:
        return facts.has_value(condition.result)
    leaves: tuple[tuple[str | None, frozenset[str]], ...] = (
        (condition.presentation, facts.presentations),
        (condition.site, facts.sites),
        (condition.trigger, facts.triggers),
        (condition.symptom, facts.symptoms),
        (condition.history, facts.history),
        (condition.exam, facts.exam),
        (condition.finding_code, facts.finding_codes),
        (condition.red_flag, facts.red_flags),
    )
    return next(wanted in present for wanted, present in leaves if wanted is not None)


@dataclass(frozen=True, slots=True)
class SuggestedOrder:
    test: str
    reason: str
    source: tuple[str, ...]
    rule: str


def suggested_orders(
    facts: PatientFacts, rules: LabOrderRules, language: str
) -> tuple[SuggestedOrder, ...]:
    """Every test some rule supports and the assessment does not hold, in the contract's test order.

    When several rules ask for one test, the first rule in the file gives the reason.
    """
    chosen: dict[str, SuggestedOrder] = {}
    for rule in rules.rules:
        if not holds(rule.when, facts):
            continue
        for test in rule.tests:
            held = facts.labs.has_result(test) or any(
                facts.labs.has_result(other) for other in rules.held_through(test)
            )
            if not held and test not in chosen:
                chosen[test] = SuggestedOrder(
                    test, rule.reason.pick(language), rule.source, rule.id
                )
    return tuple(chosen[test] for test in LAB_TESTS if test in chosen)


def suggest_lab_orders(
    assessment: Assessment,
    rules: LabOrderRules,
    labs: LabView,
    medications: MedicationView,
    findings: Iterable[Finding],
    language: str,
) -> tuple[tuple[str, str], ...]:
    """(test, reason) for every test worth ordering that the assessment has no result for."""
    facts = PatientFacts.gather(assessment, labs, medications, findings)
    return tuple((o.test, o.reason) for o in suggested_orders(facts, rules, language))
