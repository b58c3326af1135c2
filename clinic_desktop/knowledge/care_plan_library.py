"""The care-plan library: every item the clinic offers, in English and Spanish, with its evidence.

`care_plan.yaml` holds each item's patient text (and numbered steps for
physiotherapy), the treatment-evidence entry behind it and, for the items the
rules may propose, the condition under which they do and the reason they give.
Items of clinic practice carry no condition: they are on the menu for the
clinician to add and are never suggested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, model_validator

from clinic_desktop.domain.vocabulary import REFERRALS, URGENCIES
from clinic_desktop.knowledge.base import StrictModel
from clinic_desktop.knowledge.citations import CitationId
from clinic_desktop.knowledge.treatments import (
    Condition,
    LocalSteps,
    LocalText,
    SelfCare,
    TreatmentEvidence,
    load_treatments,
)
from clinic_desktop.knowledge.yaml_loader import KnowledgeFileError, load_yaml_model
from clinic_desktop.paths import resource_path

Section = Literal[
    "supplements", "physiotherapy", "lifestyle", "medication_review", "referrals", "follow_up"
]
# An amount with a unit of dose ("400 mg", "1000IU"): never in the library's texts.
_DOSE = re.compile(r"\d(?:[.,]\d+)?\s*(?:mg|mcg|µg|ug|g|iu|ui|units?|mmol|meq|ml)\b", re.IGNORECASE)
CLINIC_PRACTICE = "clinic_practice"
LAB_ORDERS = "lab_orders"


class LibraryEntry(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    section: Section
    title: LocalText
    text: LocalText
    steps: LocalSteps | None = None
    treatment: str | None = None
    """Id in treatments.yaml: the evidence label, source and safety rules of the item."""
    evidence: LocalText | None = None
    """The label of an item that rests on no treatment (a referral, a follow-up)."""
    sources: tuple[CitationId, ...] = ()
    """Citations beyond the treatment's own source."""
    suggest_when: Condition | None = None
    """When the rules propose the item; None means the clinician adds it by hand."""
    follows: list[str] = Field(default_factory=list)
    """Proposed together with any of these item ids (or `lab_orders`: when tests are suggested)."""
    reason: LocalText | None = None
    """Why it was proposed, shown to the patient; `{drugs}` is replaced by the matched medicines."""
    medication_classes: list[str] = Field(default_factory=list)
    referral: str | None = None
    self_care: SelfCare | None = None
    """The kind of routine self-care the item is, for the safety rules that hold it back while a
    red flag fires (treatments.yaml hold_back); None: never held back."""

    @model_validator(mode="after")
    def _consistent(self) -> LibraryEntry:
        if self.self_care is not None and self.section == "referrals":
            raise ValueError("a referral is never held back: no self_care")
        if self.self_care not in (None, "drug_option") and self.section == "medication_review":
            raise ValueError("a medication review is never held back: no self_care")
        proposed = self.suggest_when is not None or bool(self.follows)
        if proposed != (self.reason is not None):
            raise ValueError("an item has a reason exactly when it has suggest_when or follows")
        if self.treatment == CLINIC_PRACTICE and proposed:
            raise ValueError(
                "a clinic-practice item is never suggested: remove suggest_when/follows"
            )
        if self.treatment is None and self.section not in ("referrals", "follow_up"):
            raise ValueError("only referral and follow-up items may omit treatment")
        if (self.treatment is None) == (self.evidence is None):
            raise ValueError("an item has either a treatment or its own evidence label")
        for language in ("en", "es"):
            if _DOSE.search(self.text.pick(language)):
                raise ValueError(
                    f"the {language} text states a dose: the clinician writes doses on the plan"
                )
        if self.referral is not None and self.referral not in REFERRALS:
            raise ValueError(f"unknown referral target {self.referral!r}")
        if self.medication_classes and self.section != "medication_review":
            raise ValueError("medication_classes belong to medication_review items")
        return self


class CarePlanFile(StrictModel):
    version: Literal[1]
    pregnancy_supplement_notice: LocalText
    """Added to every supplement for a pregnant patient (reference pregnancy_associated_cramps)."""
    dose_caveat: LocalText
    """Every supplement's dose is for the clinician to confirm (reference meta.disclaimer): said
    after its text in the evaluation; the printed plan gives the clinician's dose instead."""
    referral_urgency: dict[str, LocalText]
    """How soon, appended to a referral item's text, by red-flag urgency."""
    withheld_note: LocalText
    """Opens a withheld_<id> finding: '{item}: not suggested.' (the cautions follow)."""
    items: list[LibraryEntry]

    @model_validator(mode="after")
    def _complete(self) -> CarePlanFile:
        ids = [item.id for item in self.items]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate item id(s) {duplicates}")
        missing = sorted(set(URGENCIES) - set(self.referral_urgency))
        if missing:
            raise ValueError(f"referral_urgency lacks {missing}")
        followed = {f for item in self.items for f in item.follows}
        unknown = sorted(followed - set(ids) - {LAB_ORDERS})
        if unknown:
            raise ValueError(f"follows names unknown item(s) {unknown}")
        targets = {item.referral for item in self.items if item.referral}
        if set(REFERRALS) - targets:
            raise ValueError(f"no referral item for {sorted(set(REFERRALS) - targets)}")
        return self


@dataclass(frozen=True, slots=True)
class LibraryItem:
    """One item of the clinician's menu, in one language."""

    id: str
    section: str
    title: str
    text: str
    steps: tuple[str, ...]
    evidence: str
    sources: tuple[str, ...]
    clinic_practice: bool
    suggested_by_rules: bool


class CarePlanLibrary:
    """The library, checked against the treatment evidence it cites."""

    def __init__(self, document: CarePlanFile, treatments: TreatmentEvidence) -> None:
        self._document = document
        self._treatments = treatments
        self._by_id = {entry.id: entry for entry in document.items}

    @property
    def pregnancy_supplement_notice(self) -> LocalText:
        return self._document.pregnancy_supplement_notice

    def referral_urgency(self, urgency: str) -> LocalText:
        return self._document.referral_urgency[urgency]

    @property
    def dose_caveat(self) -> LocalText:
        return self._document.dose_caveat

    @property
    def withheld_note(self) -> LocalText:
        return self._document.withheld_note

    def entries(self) -> tuple[LibraryEntry, ...]:
        return tuple(self._document.items)

    def entry(self, item_id: str) -> LibraryEntry:
        return self._by_id[item_id]

    def referral_entry(self, target: str) -> LibraryEntry:
        return next(e for e in self._document.items if e.referral == target)

    def sources_of(self, entry: LibraryEntry) -> tuple[str, ...]:
        """The treatment's citations first, then the item's own, without repeats."""
        cited = self._treatments.get(entry.treatment).source if entry.treatment else ()
        return tuple(dict.fromkeys([*cited, *entry.sources]))

    def evidence_of(self, entry: LibraryEntry, language: str) -> str:
        if entry.evidence is not None:
            return entry.evidence.pick(language)
        assert entry.treatment is not None  # the schema gives every item one or the other
        return self._treatments.get(entry.treatment).evidence.pick(language)

    def items(self, language: str) -> list[LibraryItem]:
        """The whole menu in `language`, in file order (sections as the file groups them)."""
        return [
            LibraryItem(
                id=entry.id,
                section=entry.section,
                title=entry.title.pick(language),
                text=entry.text.pick(language),
                steps=entry.steps.pick(language) if entry.steps else (),
                evidence=self.evidence_of(entry, language),
                sources=self.sources_of(entry),
                clinic_practice=entry.treatment == CLINIC_PRACTICE,
                suggested_by_rules=entry.suggest_when is not None or bool(entry.follows),
            )
            for entry in self._document.items
        ]


def _treatment_line(path: Path, index: int) -> int | None:
    """The line of items[index].treatment in `path`, for an error found after validation."""
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return None
    items = next((v for k, v in root.value if k.value == "items"), None)
    if not isinstance(items, yaml.SequenceNode) or index >= len(items.value):
        return None
    item = items.value[index]
    node = next((v for k, v in item.value if k.value == "treatment"), item)
    return int(node.start_mark.line) + 1


def load_care_plan_library(
    path: Path | None = None, treatments: TreatmentEvidence | None = None
) -> CarePlanLibrary:
    """Read and validate the library (default: resources/clinical/care_plan.yaml).

    Besides its own schema, each item's treatment must exist in the treatment
    evidence, and an item whose treatment is never auto-suggested may not carry
    a suggestion rule.
    """
    path = path or resource_path("clinical", "care_plan.yaml")
    document = load_yaml_model(path, CarePlanFile)
    treatments = treatments or load_treatments()
    for index, entry in enumerate(document.items):
        if entry.treatment is None:
            continue
        problem = None
        if entry.treatment not in treatments:
            problem = f"unknown treatment {entry.treatment!r}"
        elif treatments.get(entry.treatment).never_auto_suggest and (
            entry.suggest_when is not None or entry.follows
        ):
            problem = f"{entry.treatment!r} is never auto-suggested, yet the item is suggested"
        if problem is not None:
            line = _treatment_line(path, index)
            raise KnowledgeFileError(path, line, f"items[{index}].treatment", problem)
    return CarePlanLibrary(document, treatments)
