"""Suggests the care-plan items the reference supports for one patient, each with its reason.

Items come from the care-plan library; an item is proposed when its condition
holds and its treatment is allowed (not never_auto_suggest, not
contraindicated by a current medicine, not suppressed by the patient's
facts). Referrals come from the red flags, follow-ups from what else was
proposed. In pregnancy every supplement carries the reference's "uncertain
evidence, obstetric clinician to confirm" wording, and an item whose evidence
excluded pregnant women says so. The program never starts a
prescription: clinic-practice and prescription items stay in the library.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.vocabulary import CARE_PLAN_SECTIONS, URGENCIES
from clinic_desktop.knowledge.care_plan_library import LAB_ORDERS, LibraryEntry, LibraryItem
from clinic_desktop.knowledge.treatments import Caveat, HoldBackRule
from clinic_desktop.rules.evaluation import CarePlanItem, Finding, RedFlag, TreatmentOption
from clinic_desktop.rules.medications import class_notes
from clinic_desktop.rules.orders import (
    LabView,
    MedicationView,
    PatientFacts,
    SuggestedOrder,
    holds,
    suggested_orders,
)

if TYPE_CHECKING:
    from clinic_desktop.knowledge import Knowledge

PREGNANCY_SUPPLEMENTS = "supplements_in_pregnancy"


def suggest_care_plan(
    assessment: Assessment,
    knowledge: Knowledge,
    labs: LabView,
    medications: MedicationView,
    red_flags: tuple[RedFlag, ...],
    findings: Iterable[Finding],
    language: str,
) -> tuple[CarePlanItem, ...]:
    """The care-plan items the rules propose, grouped by section in the contract's order."""
    facts = PatientFacts.gather(
        assessment, labs, medications, findings, (flag.id for flag in red_flags)
    )
    orders = suggested_orders(facts, knowledge.lab_orders, language)
    return plan_for(facts, knowledge, orders, red_flags, language).items


def _withholding(entry: LibraryEntry, facts: PatientFacts, knowledge: Knowledge) -> list[Caveat]:
    """The treatment's withholding conditions that hold for this patient."""
    if entry.treatment is None:
        return []
    treatment = knowledge.treatments.get(entry.treatment)
    return [caveat for caveat in treatment.withhold_if if holds(caveat.when, facts)]


def is_ruled_out(entry: LibraryEntry, facts: PatientFacts, knowledge: Knowledge) -> bool:
    """Whether a current medicine contraindicates the item's treatment or a safety rule withholds it."""
    if entry.treatment is None:
        return False
    treatment = knowledge.treatments.get(entry.treatment)
    if any(facts.medications.has_class(c) for c in treatment.contraindicated_with):
        return True
    return bool(_withholding(entry, facts, knowledge))


def is_allowed(entry: LibraryEntry, facts: PatientFacts, knowledge: Knowledge) -> bool:
    """Whether the rules may propose the item to this patient."""
    if entry.treatment is not None and knowledge.treatments.get(entry.treatment).never_auto_suggest:
        return False
    return not is_ruled_out(entry, facts, knowledge)


def menu_for(
    assessment: Assessment,
    knowledge: Knowledge,
    labs: LabView,
    medications: MedicationView,
    findings: Iterable[Finding],
    language: str,
) -> list[LibraryItem]:
    """The library items the clinician may add for this patient, in `language`.

    Items a current medicine contraindicates or a suppress rule rules out are left
    out (the reference: checked before any treatment information is shown); in
    pregnancy, supplements carry the "uncertain evidence" label and notice, and an item whose
    evidence excluded pregnant women says so.
    """
    facts = PatientFacts.gather(assessment, labs, medications, findings)
    library = knowledge.care_plan
    menu = []
    for entry, item in zip(library.entries(), library.items(language), strict=True):
        if is_ruled_out(entry, facts, knowledge):
            continue
        pregnancy_label = _pregnancy_label(entry, knowledge, language) if facts.pregnant else None
        if pregnancy_label is not None:
            label, cited_in_pregnancy = pregnancy_label
            cited = tuple(dict.fromkeys((*item.sources, *cited_in_pregnancy)))
            item = dataclasses.replace(item, evidence=label, sources=cited)
        if entry.section == "supplements" and facts.pregnant:
            text, evidence, sources = _in_pregnancy(item.text, item.sources, knowledge, language)
            item = dataclasses.replace(item, text=text, evidence=evidence, sources=sources)
        menu.append(item)
    return menu


@dataclass(frozen=True, slots=True)
class HoldBack:
    """The care-plan safety rules that hold self-care back while the red flags that fire call for
    it (treatment_evidence.care_plan_safety_rules: emergency_first, urgent_limb_ischaemia)."""

    active: tuple[tuple[HoldBackRule, tuple[RedFlag, ...]], ...] = ()
    named: frozenset[str] = frozenset()
    """Items a fired flag's action names: never held back."""

    @classmethod
    def of(cls, red_flags: tuple[RedFlag, ...], knowledge: Knowledge) -> HoldBack:
        active = []
        for rule in knowledge.treatments.hold_back:
            flags = tuple(
                flag for flag in red_flags if flag.urgency == rule.urgency or flag.id in rule.flags
            )
            if flags:
                active.append((rule, flags))
        named = frozenset(item for flag in red_flags for item in flag.names)
        return cls(tuple(active), named)

    def rule_for(
        self, item_id: str, kind: str | None
    ) -> tuple[HoldBackRule, tuple[RedFlag, ...]] | None:
        """The first active rule that holds an item of this kind back, unless a flag names it."""
        if kind is None or item_id in self.named:
            return None
        return next(((rule, flags) for rule, flags in self.active if kind in rule.holds), None)

    def held_ids(self, knowledge: Knowledge, facts: PatientFacts) -> frozenset[str]:
        """Every library item and treatment option these rules hold back now (an option for a
        medicine the patient already takes is not a new one, so it stays)."""
        kinds = {entry.id: entry.self_care for entry in knowledge.care_plan.entries()} | {
            option.id: OPTION_KIND
            for option in knowledge.treatments.options()
            if not facts.medications.has_class(option.drug_class or "")
        }
        return frozenset(i for i, kind in kinds.items() if self.rule_for(i, kind) is not None)

    def notes(self, language: str) -> tuple[str, ...]:
        return tuple(rule.plan_note.pick(language) for rule, _ in self.active)


OPTION_KIND = "drug_option"
"""A treatment option the clinician chooses is information on starting a drug (emergency_first)."""


@dataclass(frozen=True, slots=True)
class PlanOutcome:
    """The suggested plan, the findings that say what a safety rule withheld, and what is held back."""

    items: tuple[CarePlanItem, ...]
    findings: tuple[Finding, ...]
    held_back: frozenset[str]
    notes: tuple[str, ...]
    options: tuple[TreatmentOption, ...] = ()


def plan_for(
    facts: PatientFacts,
    knowledge: Knowledge,
    orders: tuple[SuggestedOrder, ...],
    red_flags: tuple[RedFlag, ...],
    language: str,
) -> PlanOutcome:
    """The care plan from already gathered facts and lab orders (the engine's entry point).

    A suggestion a safety rule withholds is left out and a `withheld_<id>` finding gives the
    clinician the caution instead (never silent): the treatment's own conditions (potassium at
    an eGFR below 30, say) and the rules that hold self-care back while a red flag fires. While
    such a rule applies, the plan leads with the referrals.
    """
    library = knowledge.care_plan
    hold = HoldBack.of(red_flags, knowledge)
    chosen: list[CarePlanItem] = []
    notes: list[Finding] = []
    for entry in library.entries():
        if entry.suggest_when is None or not holds(entry.suggest_when, facts):
            continue
        treatment = knowledge.treatments.get(entry.treatment) if entry.treatment else None
        if treatment is not None and treatment.never_auto_suggest:
            continue
        if treatment is not None and any(
            facts.medications.has_class(c) for c in treatment.contraindicated_with
        ):
            continue
        title = entry.title.pick(language)
        reasons = [
            (c.caution.pick(language), c.source) for c in _withholding(entry, facts, knowledge)
        ]
        if reasons:
            not_suggested = library.withheld_note.pick(language).format(item=title)
            reasons.insert(0, (not_suggested, reasons[0][1]))
        held = hold.rule_for(entry.id, entry.self_care)
        if held is not None:
            rule, _flags = held
            reasons.append((rule.caution.pick(language).format(item=title), rule.source))
        cautions = [
            (c.caution.pick(language), c.source)
            for c in (treatment.caution_if if treatment else [])
            if holds(c.when, facts)
        ]
        if reasons:
            notes.append(_note(f"withheld_{entry.id}", reasons + cautions))
            continue
        if cautions:
            notes.append(_note(f"caution_{entry.id}", [(f"{title}:", cautions[0][1]), *cautions]))
        chosen.append(_item(entry, facts, knowledge, language))
    chosen.extend(_referrals(red_flags, hold, knowledge, language))
    chosen.extend(_follow_ups(chosen, orders, facts, knowledge, language))
    rank = {section: index for index, section in enumerate(CARE_PLAN_SECTIONS)}
    if hold.active:
        # The plan leads with the referral (and its action) while a hold-back rule applies.
        rank["referrals"] = -1
    # sorted() is stable: within a section, library order (referrals: most urgent first).
    items = tuple(sorted(chosen, key=lambda item: rank[item.section]))
    return PlanOutcome(
        items,
        tuple(notes),
        hold.held_ids(knowledge, facts),
        hold.notes(language),
        treatment_options(facts, knowledge, hold, language),
    )


def _note(finding_id: str, reasons: list[tuple[str, tuple[str, ...]]]) -> Finding:
    """A finding for the clinician: what happened to the item, and each caution's text."""
    return Finding(
        id=finding_id,
        text=" ".join(dict.fromkeys(text for text, _ in reasons)),
        sources=tuple(dict.fromkeys(s for _, cited in reasons for s in cited)),
        category="care_plan",
    )


def _item(
    entry: LibraryEntry, facts: PatientFacts, knowledge: Knowledge, language: str
) -> CarePlanItem:
    library = knowledge.care_plan
    text = entry.text.pick(language)
    evidence = library.evidence_of(entry, language)
    sources = list(library.sources_of(entry))
    reason = entry.reason.pick(language) if entry.reason else None
    if entry.medication_classes:
        matched = facts.matched_classes(entry.medication_classes)
        sources.extend(s for c in matched for s in knowledge.drugs.drug_class(c).source)
        if reason is not None:
            reason = reason.format(drugs=", ".join(facts.patient_names(matched)))
    pregnancy_label = _pregnancy_label(entry, knowledge, language) if facts.pregnant else None
    if pregnancy_label is not None:
        evidence, pregnancy_sources = pregnancy_label
        sources.extend(pregnancy_sources)
    cited = tuple(dict.fromkeys(sources))
    if entry.section == "supplements" and facts.pregnant:
        text, evidence, cited = _in_pregnancy(text, cited, knowledge, language)
    # The reference's rule for every supplement (meta.disclaimer): the dose is the clinician's.
    # The plan keeps the text without it: the clinician writes the dose, or the print says
    # that they will give it.
    caveat = library.dose_caveat.pick(language) if entry.section == "supplements" else None
    return CarePlanItem(
        id=entry.id,
        section=entry.section,
        text=f"{text} {caveat}" if caveat else text,
        sources=cited,
        evidence=evidence,
        reason=reason,
        plan_text=text if caveat else None,
    )


def _pregnancy_label(
    entry: LibraryEntry, knowledge: Knowledge, language: str
) -> tuple[str, tuple[str, ...]] | None:
    """The evidence label and its source for a pregnant patient, when the evidence excluded pregnancy."""
    if entry.treatment is None or entry.treatment not in knowledge.treatments:
        return None
    treatment = knowledge.treatments.get(entry.treatment)
    if treatment.in_pregnancy is None or treatment.in_pregnancy_source is None:
        return None
    return treatment.in_pregnancy.pick(language), treatment.in_pregnancy_source


def _in_pregnancy(
    text: str, sources: tuple[str, ...], knowledge: Knowledge, language: str
) -> tuple[str, str, tuple[str, ...]]:
    """A supplement's text, evidence label and sources as shown to a pregnant patient."""
    pregnancy = knowledge.treatments.get(PREGNANCY_SUPPLEMENTS)
    notice = knowledge.care_plan.pregnancy_supplement_notice.pick(language)
    return (
        f"{text} {notice}",
        pregnancy.evidence.pick(language),
        tuple(dict.fromkeys((*sources, *pregnancy.source))),
    )


def _referrals(
    red_flags: tuple[RedFlag, ...], hold: HoldBack, knowledge: Knowledge, language: str
) -> list[CarePlanItem]:
    """One referral item per target named by a red flag, the most urgent target first.

    While a hold-back rule applies, the referral also carries its flags' actions and the rule's
    words for those flags (rhabdomyolysis: fluids are given in hospital)."""
    library = knowledge.care_plan
    urgency_rank = {urgency: index for index, urgency in enumerate(URGENCIES)}
    by_target: dict[str, list[RedFlag]] = {}
    for flag in sorted(red_flags, key=lambda f: urgency_rank.get(f.urgency, len(URGENCIES))):
        by_target.setdefault(flag.referral, []).append(flag)
    items = []
    for target, flags in by_target.items():
        entry = library.referral_entry(target)
        urgency = flags[0].urgency
        how_soon = library.referral_urgency(urgency).pick(language) if urgency in URGENCIES else ""
        sources = [s for flag in flags for s in flag.sources] + list(library.sources_of(entry))
        texts = [entry.text.pick(language), how_soon]
        reasons = [flag.text for flag in flags]
        ids = {flag.id for flag in flags}
        for rule, active in hold.active:
            if not ids & {flag.id for flag in active}:
                continue
            reasons = [f"{flag.text} {flag.action or ''}".strip() for flag in flags]
            for specific in rule.flag_specific:
                if ids & set(specific.flags):
                    texts.append(specific.text.pick(language))
                    sources.extend(specific.source)
            sources.extend(rule.source)
        items.append(
            CarePlanItem(
                id=entry.id,
                section=entry.section,
                text=" ".join(t for t in dict.fromkeys(texts) if t),
                sources=tuple(dict.fromkeys(sources)),
                evidence=library.evidence_of(entry, language),
                reason=" ".join(reasons),
            )
        )
    return items


def _follow_ups(
    chosen: list[CarePlanItem],
    orders: tuple[SuggestedOrder, ...],
    facts: PatientFacts,
    knowledge: Knowledge,
    language: str,
) -> list[CarePlanItem]:
    """Follow-up items proposed with other items, or with lab orders (citing the orders' sources)."""
    library = knowledge.care_plan
    present = {item.id for item in chosen}
    if orders:
        present.add(LAB_ORDERS)
    items = []
    for entry in library.entries():
        if not entry.follows or not present.intersection(entry.follows):
            continue
        item = _item(entry, facts, knowledge, language)
        if LAB_ORDERS in entry.follows and orders:
            cited = (*item.sources, *(s for order in orders for s in order.source))
            item = dataclasses.replace(item, sources=tuple(dict.fromkeys(cited)))
        items.append(item)
    return items


def treatment_options(
    facts: PatientFacts, knowledge: Knowledge, hold: HoldBack, language: str
) -> tuple[TreatmentOption, ...]:
    """The spasticity and focal-dystonia options the clinician may choose, each checked against this
    patient's medicines and history before any treatment information is offered (reference
    rule_engine_notes TREATMENTS): contraindicated, suppressed, withheld or held back by the
    emergency-first rule means not offered, with the reason and no more; otherwise the cautions
    that apply are listed. Never suggested by the rules, never a dose."""
    options = []
    for option in knowledge.treatments.options():
        drug_class = knowledge.drugs.drug_class(option.drug_class or "")
        title = option.title.pick(language) if option.title else option.id
        current = facts.medications.has_class(drug_class.id)
        notes = class_notes(drug_class, facts, language)
        ruling = [(n.text, n.source) for n in notes if n.rules_out]
        ruling += [
            (caveat.caution.pick(language), caveat.source)
            for caveat in option.withhold_if
            if holds(caveat.when, facts)
        ]
        held = None if current else hold.rule_for(option.id, OPTION_KIND)
        if held is not None:
            ruling.append((held[0].caution.pick(language).format(item=title), held[0].source))
        shown = ruling or [(n.text, n.source) for n in notes]
        options.append(
            TreatmentOption(
                id=option.id,
                option_for=option.option_for or "",
                title=title,
                evidence=option.evidence.pick(language),
                plan_text=option.plan_text.pick(language) if option.plan_text else "",
                sources=tuple(
                    dict.fromkeys(
                        [
                            *option.source,
                            *drug_class.source,
                            *(s for _, cited in shown for s in cited),
                        ]
                    )
                ),
                offered=not ruling,
                not_offered=tuple(text for text, _ in ruling),
                cautions=() if ruling else tuple(text for text, _ in shown),
                current=current,
            )
        )
    return tuple(options)
