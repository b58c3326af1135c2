"""Medication review: which listed drugs may cause cramps, interactions to show, and names not recognised."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.knowledge.drugs import DrugClass, DrugEntry, DrugList, normalise_name
from clinic_desktop.rules.evaluation import Finding
from clinic_desktop.rules.orders import PatientFacts, holds

_STARTED = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def start_window(started: str | None) -> tuple[date, date] | None:
    """The earliest and latest day `started` (YYYY-MM-DD or YYYY-MM) can mean; None if absent or malformed."""
    if started is None:
        return None
    found = _STARTED.match(started.strip())
    if found is None:
        return None
    year, month = int(found.group(1)), int(found.group(2))
    if not 1 <= month <= 12 or year < 1:
        return None
    try:
        if found.group(3) is not None:
            day = date(year, month, int(found.group(3)))
            return day, day
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None


def days_since_start(started: str | None, visit: date | None) -> tuple[int, int] | None:
    """(fewest, most) days between the start and the visit; None when unknown or the start is after the visit.

    A medicine listed at a visit had started by then, so a start month that holds the visit
    reaches at most up to the visit day.
    """
    window = start_window(started)
    if window is None or visit is None:
        return None
    earliest, latest = window
    if earliest > visit:
        return None
    return (visit - min(latest, visit)).days, (visit - earliest).days


def _more_than(days: tuple[int, int] | None, limit: int) -> bool | None:
    """True if surely more than `limit` days, False if surely not, None if the dates cannot tell."""
    if days is None:
        return None
    fewest, most = days
    if fewest > limit:
        return True
    if most <= limit:
        return False
    return None


@dataclass(frozen=True, slots=True)
class MedicationMatch:
    name: str
    patient_name: str
    """The generic name in the evaluation's language, with the name typed when that was a brand
    ("simvastatina (Zocor 20 mg)"), as the patient's plan prints it."""
    drug_id: str
    class_ids: tuple[str, ...]
    role: str
    flag_as_cause: bool
    started: str | None
    long_term: bool | None
    recent_start: bool | None
    days_since_start: tuple[int, int] | None = None
    """(fewest, most) days from the start to the visit; a YYYY-MM start gives a range."""


@dataclass(frozen=True, slots=True)
class MedicationReview:
    matches: tuple[MedicationMatch, ...]
    findings: tuple[Finding, ...]
    unrecognised: tuple[str, ...] = ()
    started_within_days_limit: int = 3
    """The window the red flags' `started_within_days` leaf uses (from the drug list)."""

    def has_class(self, class_or_drug_id: str) -> bool:
        """Whether a current medication is this drug or belongs to this class."""
        return any(
            m.drug_id == class_or_drug_id or class_or_drug_id in m.class_ids for m in self.matches
        )

    def started_within_days(self, class_or_drug_id: str) -> bool:
        """Whether such a medication surely started within the red-flag window before the visit."""
        return any(
            (m.drug_id == class_or_drug_id or class_or_drug_id in m.class_ids)
            and m.days_since_start is not None
            and m.days_since_start[1] <= self.started_within_days_limit
            for m in self.matches
        )


def _names(matches: Iterable[MedicationMatch], *, patient: bool = False) -> str:
    seen: list[str] = []
    for match in matches:
        name = match.patient_name if patient else match.name
        if name not in seen:
            seen.append(name)
    return ", ".join(seen)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def patient_name(typed: str, entry: DrugEntry, language: str) -> str:
    """The medicine as the patient's plan names it: its generic name in the plan's language, and
    the name as typed beside it when that was a brand (a generic typed in the other language is
    not repeated: "hidroclorotiazida", never "hydrochlorothiazide", on a Spanish plan)."""
    generic = entry.name(language)
    typed_plain = normalise_name(typed)
    if any(normalise_name(n) in typed_plain for n in (entry.name_en, entry.name_es)):
        return generic
    return f"{generic} ({typed})"


def review_medications(assessment: Assessment, drugs: DrugList, language: str) -> MedicationReview:
    """Match each listed medication and report cramp-associated classes, interactions and unknown names."""
    timing = drugs.timing
    matches: list[MedicationMatch] = []
    unrecognised: list[str] = []
    for medication in assessment.medications or []:
        entry: DrugEntry | None = drugs.match(medication.name)
        if entry is None:
            unrecognised.append(medication.name.strip())
            continue
        days = days_since_start(medication.started, assessment.visit_date)
        recent = _more_than(days, timing.recent_start_within_days)
        matches.append(
            MedicationMatch(
                name=medication.name.strip(),
                patient_name=patient_name(medication.name.strip(), entry, language),
                drug_id=entry.id,
                class_ids=entry.class_ids,
                role=entry.role,
                flag_as_cause=entry.flag_as_cause,
                started=medication.started,
                long_term=_more_than(days, timing.long_term_after_days),
                recent_start=None if recent is None else not recent,
                days_since_start=days,
            )
        )
    findings = [
        *_cramp_findings(matches, drugs, language),
        *_interaction_findings(matches, drugs, language, assessment.patient.pregnant is True),
    ]
    if unrecognised:
        template = drugs.findings["medication_not_recognised"]
        quoted = ", ".join(f"'{name}'" for name in unrecognised)
        findings.append(
            Finding(
                id="medication_not_recognised",
                text=template.text.pick(language).format(names=quoted),
                sources=template.source or drugs.names_source,
                category="medications",
            )
        )
    return MedicationReview(
        matches=tuple(matches),
        findings=tuple(findings),
        unrecognised=tuple(unrecognised),
        started_within_days_limit=timing.started_within_days_for_red_flags,
    )


def _cramp_findings(
    matches: list[MedicationMatch], drugs: DrugList, language: str
) -> Iterable[Finding]:
    """One finding per cramp-associated class present, naming the patient's drugs in it."""
    template = drugs.findings["drug_associated_cramps"]
    # Low-priority causes (an inhaled reliever) are mentioned after the others.
    ordered = sorted(drugs.class_ids(), key=lambda c: drugs.drug_class(c).mention_last)
    for class_id in ordered:
        drug_class = drugs.drug_class(class_id)
        if drug_class.role != "cramp_associated" or not drug_class.flag_as_cause:
            continue
        members = [m for m in matches if class_id in m.class_ids]
        if not members:
            continue
        parts = [
            template.text.pick(language).format(
                drugs=_names(members),
                label=drug_class.label.pick(language),
                evidence=drug_class.evidence.pick(language) if drug_class.evidence else "-",
            )
        ]
        sources = [*drug_class.source]
        if drug_class.mechanism is not None:
            mechanism = drug_class.mechanism.pick(language)
            parts.append(mechanism[:1].upper() + mechanism[1:] + ".")
        timing_note = _timing_note(drug_class.timing_rule, members, drugs, language)
        if timing_note is not None:
            parts.append(timing_note)
        review = drug_class.review or template.review
        if review is not None:
            parts.append(review.pick(language))
        if drug_class.review_source is not None:
            sources.extend(drug_class.review_source)
        patient = template.patient.pick(language) if template.patient else None
        yield Finding(
            id=f"drug_associated_cramps_{class_id}",
            text=" ".join(parts),
            sources=tuple(dict.fromkeys(sources)),
            category="medications",
            patient_text=_capitalised(patient.format(drugs=_names(members, patient=True)))
            if patient
            else None,
        )


def _timing_note(
    rule: str | None, members: list[MedicationMatch], drugs: DrugList, language: str
) -> str | None:
    if rule == "recent_start" and any(m.recent_start for m in members):
        return drugs.findings["timing_recent_start"].text.pick(language)
    if rule == "long_term":
        if any(m.long_term for m in members):
            return drugs.findings["timing_long_term"].text.pick(language)
        if all(m.long_term is False for m in members):
            return drugs.findings["timing_not_long_term"].text.pick(language)
    return None


def _interaction_findings(
    matches: list[MedicationMatch], drugs: DrugList, language: str, pregnant: bool
) -> Iterable[Finding]:
    """Combinations and drugs in use that the reference asks the clinician to see."""

    def members(class_or_drug_id: str) -> list[MedicationMatch]:
        return [
            m for m in matches if m.drug_id == class_or_drug_id or class_or_drug_id in m.class_ids
        ]

    def finding(finding_id: str, involved: list[MedicationMatch]) -> Finding:
        template = drugs.findings[finding_id]
        patient = template.patient.pick(language) if template.patient else None
        return Finding(
            id=finding_id,
            text=template.text.pick(language).format(drugs=_names(involved)),
            sources=template.source or drugs.names_source,
            category="medications",
            patient_text=_capitalised(patient.format(drugs=_names(involved, patient=True)))
            if patient
            else None,
        )

    cyp3a4_statins = members("cyp3a4_metabolised_statins")
    if members("diltiazem") and cyp3a4_statins:
        yield finding("interaction_diltiazem_cyp3a4_statin", cyp3a4_statins)
    fibrates = members("gemfibrozil") + members("fenofibrate")
    statins = members("statins")
    if fibrates and statins:
        yield finding("interaction_fibrate_statin", fibrates + statins)
    vitamin_k_antagonists = members("vitamin_k_antagonists")
    if members("vitamin_k2_mk7") and vitamin_k_antagonists:
        yield finding("interaction_vitamin_k2_vka", vitamin_k_antagonists)
    ppis = members("proton_pump_inhibitors")
    diuretics = (
        members("thiazide_diuretics")
        + members("loop_diuretics")
        + members("potassium_sparing_diuretics")
    )
    if ppis and diuretics:
        yield finding("ppi_with_diuretic_magnesium", ppis + diuretics)
    quinine = members("quinine")
    if quinine:
        yield finding("quinine_in_use", quinine)
        # The reference lists pregnancy among quinine's contraindications (never for cramps).
        if pregnant:
            yield finding("quinine_in_pregnancy", quinine)
    b_complex = members("vitamin_b_complex")
    if b_complex:
        yield finding("biotin_assay_interference", b_complex)


@dataclass(frozen=True, slots=True)
class MedicineNote:
    """One caution, interaction or suppression of a drug class that holds for this patient."""

    id: str
    text: str
    source: tuple[str, ...]
    rules_out: bool = False
    """A contraindicated partner or a suppressing history: the medicine is not to be offered."""


def class_notes(drug_class: DrugClass, facts: PatientFacts, language: str) -> list[MedicineNote]:
    """What the reference says about this medicine for this patient: its cautions whose condition
    holds, its interactions with a current medicine (named), and a suppressing history."""
    notes = [
        MedicineNote(caution.id, caution.text.pick(language), caution.source)
        for caution in drug_class.cautions
        if caution.show_if is None or holds(caution.show_if, facts)
    ]
    for interaction in drug_class.interactions:
        partners = [
            m.name
            for m in facts.medications.matches
            if drug_class.id not in m.class_ids
            and any(c in m.class_ids for c in interaction.with_classes)
        ]
        if partners:
            text = f"{', '.join(dict.fromkeys(partners))} - {interaction.text.pick(language)}"
            notes.append(
                MedicineNote(interaction.id, text, interaction.source, interaction.contraindicated)
            )
    rule = drug_class.suppress_if
    if rule is not None and holds(rule.when, facts):
        notes.append(MedicineNote("not_to_be_offered", rule.text.pick(language), rule.source, True))
    return notes


def medicine_cautions(facts: PatientFacts, drugs: DrugList, language: str) -> tuple[Finding, ...]:
    """The cautions, interactions and suppressions the reference attaches to medicines the
    patient takes now (baclofen: never stop abruptly; tizanidine with ciprofloxacin).

    Always shown, whatever else fires: the emergency-first rule never hides a caution for a
    current medicine (treatment_evidence.care_plan_safety_rules.emergency_first.never_hidden).
    """
    found: list[Finding] = []
    for class_id in drugs.class_ids():
        members = [m for m in facts.medications.matches if class_id in m.class_ids]
        if not members:
            continue
        names = ", ".join(dict.fromkeys(m.name for m in members))
        found.extend(
            Finding(
                id=f"caution_{class_id}_{note.id}",
                text=f"{names}: {note.text}",
                sources=note.source,
                category="medications",
            )
            for note in class_notes(drugs.drug_class(class_id), facts, language)
        )
    return tuple(found)
