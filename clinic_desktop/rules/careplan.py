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
from typing import TYPE_CHECKING

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.vocabulary import CARE_PLAN_SECTIONS, URGENCIES
from clinic_desktop.knowledge.care_plan_library import LAB_ORDERS, LibraryEntry, LibraryItem
from clinic_desktop.rules.evaluation import CarePlanItem, Finding, RedFlag
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
    facts = PatientFacts.gather(assessment, labs, medications, findings)
    orders = suggested_orders(facts, knowledge.lab_orders, language)
    return plan_for(facts, knowledge, orders, red_flags, language)


def is_ruled_out(entry: LibraryEntry, facts: PatientFacts, knowledge: Knowledge) -> bool:
    """Whether a current medicine contraindicates the item's treatment or a suppress rule holds."""
    if entry.treatment is None:
        return False
    treatment = knowledge.treatments.get(entry.treatment)
    if any(facts.medications.has_class(c) for c in treatment.contraindicated_with):
        return True
    return treatment.suppress_if is not None and holds(treatment.suppress_if, facts)


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
            label, source = pregnancy_label
            cited = tuple(dict.fromkeys((*item.sources, source)))
            item = dataclasses.replace(item, evidence=label, sources=cited)
        if entry.section == "supplements" and facts.pregnant:
            text, evidence, sources = _in_pregnancy(item.text, item.sources, knowledge, language)
            item = dataclasses.replace(item, text=text, evidence=evidence, sources=sources)
        menu.append(item)
    return menu


def plan_for(
    facts: PatientFacts,
    knowledge: Knowledge,
    orders: tuple[SuggestedOrder, ...],
    red_flags: tuple[RedFlag, ...],
    language: str,
) -> tuple[CarePlanItem, ...]:
    """The care plan from already gathered facts and lab orders (the engine's entry point)."""
    library = knowledge.care_plan
    chosen: list[CarePlanItem] = []
    for entry in library.entries():
        if entry.suggest_when is None or not holds(entry.suggest_when, facts):
            continue
        if is_allowed(entry, facts, knowledge):
            chosen.append(_item(entry, facts, knowledge, language))
    chosen.extend(_referrals(red_flags, knowledge, language))
    chosen.extend(_follow_ups(chosen, orders, facts, knowledge, language))
    rank = {section: index for index, section in enumerate(CARE_PLAN_SECTIONS)}
    # sorted() is stable: within a section, library order (referrals: most urgent first).
    return tuple(sorted(chosen, key=lambda item: rank[item.section]))


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
        sources.extend(knowledge.drugs.drug_class(c).source for c in matched)
        if reason is not None:
            reason = reason.format(drugs=", ".join(facts.matched_names(matched)))
    pregnancy_label = _pregnancy_label(entry, knowledge, language) if facts.pregnant else None
    if pregnancy_label is not None:
        evidence, pregnancy_source = pregnancy_label
        sources.append(pregnancy_source)
    cited = tuple(dict.fromkeys(sources))
    if entry.section == "supplements" and facts.pregnant:
        text, evidence, cited = _in_pregnancy(text, cited, knowledge, language)
    return CarePlanItem(
        id=entry.id,
        section=entry.section,
        text=text,
        sources=cited,
        evidence=evidence,
        reason=reason,
    )


def _pregnancy_label(
    entry: LibraryEntry, knowledge: Knowledge, language: str
) -> tuple[str, str] | None:
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
        tuple(dict.fromkeys((*sources, pregnancy.source))),
    )


def _referrals(
    red_flags: tuple[RedFlag, ...], knowledge: Knowledge, language: str
) -> list[CarePlanItem]:
    """One referral item per target named by a red flag, the most urgent target first."""
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
        items.append(
            CarePlanItem(
                id=entry.id,
                section=entry.section,
                text=f"{entry.text.pick(language)} {how_soon}".strip(),
                sources=tuple(dict.fromkeys(sources)),
                evidence=library.evidence_of(entry, language),
                reason=" ".join(flag.text for flag in flags),
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
            cited = (*item.sources, *(order.source for order in orders))
            item = dataclasses.replace(item, sources=tuple(dict.fromkeys(cited)))
        items.append(item)
    return items
