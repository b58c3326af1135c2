"""Red flags: evaluate every flag's trigger tree against one assessment, independently of the others."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from clinic_desktop.domain.assessment import Assessment, History, Vascular, Vitals
from clinic_desktop.domain.numbers import compare, to_decimal
from clinic_desktop.knowledge.neuromuscular import NeuromuscularKnowledge
from clinic_desktop.knowledge.red_flags import (
    URGENCY_ORDER,
    AllOf,
    AnyOf,
    FindingInput,
    Leaf,
    Node,
    RedFlagCatalog,
)
from clinic_desktop.rules.evaluation import Finding, RedFlag
from clinic_desktop.rules.labs import LabOutcome
from clinic_desktop.rules.medications import MedicationReview
from clinic_desktop.rules.neuromuscular import exam_signs


@dataclass(frozen=True, slots=True)
class _Facts:
    """Everything a leaf can ask, gathered once per assessment."""

    assessment: Assessment
    labs: LabOutcome
    medications: MedicationReview
    catalog: RedFlagCatalog
    signs: frozenset[str]
    symptoms: frozenset[str]
    presentations: frozenset[str]
    conditions: frozenset[str]
    context: frozenset[str]
    history: History


def evaluate_red_flags(
    assessment: Assessment,
    catalog: RedFlagCatalog,
    labs: LabOutcome,
    medications: MedicationReview,
    neuromuscular: tuple[Finding, ...],
    language: str,
    neuromuscular_knowledge: NeuromuscularKnowledge | None = None,
) -> tuple[RedFlag, ...]:
    """Every flag that fires, most urgent first (emergency, urgent, soon), in `language`.

    `neuromuscular_knowledge` (which muscles and reflexes belong to which limb) defaults to the shipped file.
    """
    history = assessment.history or History()
    facts = _Facts(
        assessment=assessment,
        labs=labs,
        medications=medications,
        catalog=catalog,
        # The neuromuscular findings' ids count as signs too, so a pattern named there is never missed here.
        signs=exam_signs(assessment, neuromuscular_knowledge).ids | {f.id for f in neuromuscular},
        symptoms=frozenset(history.symptoms or ()),
        presentations=frozenset(history.presentations or ()),
        conditions=frozenset(history.conditions or ()),
        context=frozenset(assessment.context or ()),
        history=history,
    )
    fired: list[RedFlag] = []
    for spec in catalog.flags:
        # A guarded leaf counts as false for this flag only while its guard's condition holds.
        ignored = frozenset(
            leaf
            for guard in spec.leaf_guards
            if _holds(guard.ignore_when, facts)
            for leaf in guard.leaves
        )
        if not _holds(spec.trigger, facts, ignored):
            continue
        urgency, referral = spec.urgency, spec.referral
        text = spec.text.pick(language)
        patient = spec.patient.pick(language)
        action = spec.action
        sources = [*spec.source]
        escalation = spec.escalation
        if escalation is not None and _holds(escalation.trigger, facts):
            urgency, referral = escalation.urgency, escalation.referral
            text = f"{text} {escalation.text.pick(language)}"
            patient = f"{patient} {escalation.patient.pick(language)}"
            action = escalation.action or action
            if escalation.source is not None:
                sources.extend(escalation.source)
        fired.append(
            RedFlag(
                id=spec.id,
                urgency=urgency,
                referral=referral,
                text=text,
                sources=tuple(dict.fromkeys(sources)),
                action=action.pick(language) if action is not None else None,
                names=tuple(spec.action_names),
                patient_text=patient,
            )
        )
    fired.sort(key=lambda flag: URGENCY_ORDER.index(flag.urgency))
    return tuple(fired)


def _holds(node: Node, facts: _Facts, ignored: frozenset[Leaf] = frozenset()) -> bool:
    if isinstance(node, AnyOf):
        return any(_holds(child, facts, ignored) for child in node.any_of)
    if isinstance(node, AllOf):
        return all(_holds(child, facts, ignored) for child in node.all_of)
    return node not in ignored and _leaf(node, facts)


def _leaf(leaf: Leaf, facts: _Facts) -> bool:
    inputs = facts.catalog.inputs
    if leaf.symptom is not None:
        return _finding(inputs.symptom.get(leaf.symptom), facts) or leaf.symptom in facts.context
    if leaf.exam is not None:
        return _finding(inputs.exam.get(leaf.exam), facts) or leaf.exam in facts.context
    if leaf.history is not None:
        return _finding(inputs.history.get(leaf.history), facts) or leaf.history in facts.context
    if leaf.context is not None:
        return leaf.context in facts.context
    if leaf.lab is not None:
        return _lab(leaf, facts)
    if leaf.vital is not None:
        return _vital(leaf, facts)
    if leaf.measurement is not None:
        return _measurement(leaf, facts)
    if leaf.medication is not None:
        return _medication(leaf, facts)
    if leaf.lab_pending is not None:
        return f"{leaf.lab_pending}_pending" in facts.context
    # Scores (e.g. the two-level DVT Wells score) have no input: false, never blocking another flag.
    return False


def _finding(spec: FindingInput | None, facts: _Facts) -> bool:
    if spec is None:
        return False
    history = facts.history
    present = (
        any(s in facts.symptoms for s in spec.symptoms)
        or any(p in facts.presentations for p in spec.presentations)
        or any(c in facts.conditions for c in spec.conditions)
        or any(s in facts.signs for s in spec.signs)
        or any(c in facts.context for c in spec.context)
        or (spec.history_flag is not None and getattr(history, spec.history_flag) is True)
        or (
            spec.medication_long_term is not None
            and any(
                spec.medication_long_term in m.class_ids and m.long_term is True
                for m in facts.medications.matches
            )
        )
    )
    if spec.and_history_flag is not None:
        return present and getattr(history, spec.and_history_flag) is True
    return present


def _compare(leaf: Leaf, measured: Decimal | None) -> bool:
    if measured is None or leaf.op is None or leaf.value is None:
        return False
    return compare(measured, leaf.op, to_decimal(leaf.value))


def _lab(leaf: Leaf, facts: _Facts) -> bool:
    tests = facts.catalog.inputs.lab.get(leaf.lab or "", [])
    assert leaf.unit is not None
    for test in tests:
        # The first test with a value answers (albumin-corrected calcium before total calcium).
        measured = facts.labs.value_in(test, leaf.unit)
        if measured is not None:
            return _compare(leaf, measured)
    return False


def _vital(leaf: Leaf, facts: _Facts) -> bool:
    spec = facts.catalog.inputs.vital.get(leaf.vital or "")
    vitals = facts.assessment.vitals or Vitals()
    if spec is None:
        return False
    readings = (getattr(vitals, name) for name in spec.field)
    return any(_compare(leaf, to_decimal(r)) for r in readings if r is not None)


def _measurement(leaf: Leaf, facts: _Facts) -> bool:
    if leaf.measurement != "ankle_systolic_pressure":
        return False
    ankles = (facts.assessment.vascular or Vascular()).ankle_systolic_mmhg
    if ankles is None:
        return False
    for leg in (ankles.left, ankles.right):
        if leg is None:
            continue
        # A leg's ankle pressure is the higher of its two arteries, as for the ABI.
        pressures = [p for p in (leg.dorsalis_pedis, leg.posterior_tibial) if p is not None]
        if pressures and _compare(leaf, to_decimal(max(pressures))):
            return True
    return False


def _medication(leaf: Leaf, facts: _Facts) -> bool:
    drug = leaf.medication or ""
    if leaf.status == "current":
        return facts.medications.has_class(drug)
    if leaf.status == "started_within_days":
        return facts.medications.started_within_days(drug)
    return f"{drug}_stopped_or_interrupted" in facts.context
