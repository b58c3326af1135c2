"""Treatment evidence from the clinical reference, and the text and condition types other files share.

`treatments.yaml` keeps, per intervention, the evidence label the care plan
prints, its source, and the safety rules the reference attaches to it
(never_auto_suggest, contraindicated_with, suppress_if). `Condition` is the
small any_of/all_of tree that suppress rules, care-plan suggestions and lab
orders are written in; `rules.orders.holds` evaluates it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from clinic_desktop.domain.vocabulary import (
    CONDITIONS,
    LAB_TESTS,
    PRESENTATIONS,
    SITES,
    SYMPTOMS,
    TRIGGERS,
)
from clinic_desktop.knowledge.base import StrictModel
from clinic_desktop.knowledge.citations import Cites
from clinic_desktop.knowledge.yaml_loader import load_yaml_model
from clinic_desktop.paths import resource_path

# History facts the reference's rules use beyond the exchange format's `conditions`: these
# come from the assessment's `context` list (hydration_caution.suppress_if; the ids of
# meta.context_ids_note that care-plan safety rules and medicine cautions read) ...
CONTEXT_HISTORY = (
    "hyponatraemia",
    "siadh",
    "heart_failure",
    "dialysis",
    "prescribed_fluid_restriction",
    "hyperkalaemia",
    "acute_kidney_injury",
    "thyrotoxic_periodic_paralysis",
    "hypokalaemic_periodic_paralysis",
    "liver_disease",
    # Derived from birth date and visit date; accepted in `context` too, where it counts when the
    # age cannot be worked out (no visit date) - the safer reading of meta.context_ids_note.
    "age_65_or_over",
)
# ... and these are derived from the patient (age at the visit, unknown without a visit date; pregnancy).
DERIVED_HISTORY = ("age_65_or_over", "age_unknown", "pregnant")
EXTRA_HISTORY = tuple(dict.fromkeys((*CONTEXT_HISTORY, *DERIVED_HISTORY)))
EXAM_SIGNS = (
    "chvostek",
    "trousseau",
    "sensory_loss",
    "fasciculations",
    "atrophy",
    "muscle_weakness",
    "claudication",
    "tetany_or_carpopedal_spasm",
)
HISTORY_SYMPTOMS = ("dark_urine",)
LAB_NAMES = (*LAB_TESTS, "corrected_calcium")
LEAF_KEYS = (
    "presentation",
    "site",
    "trigger",
    "symptom",
    "history",
    "exam",
    "medication",
    "lab",
    "lab_flag",
    "result",
    "finding_code",
    "red_flag",
)


class LocalText(StrictModel):
    """A text a patient or clinician reads, in every language the program speaks."""

    en: str = Field(min_length=1)
    es: str = Field(min_length=1)

    def pick(self, language: str) -> str:
        return self.es if language == "es" else self.en


class LocalSteps(StrictModel):
    """Numbered instructions for the printed plan, in every language."""

    en: list[str] = Field(min_length=1)
    es: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _same_length(self) -> LocalSteps:
        if len(self.en) != len(self.es):
            raise ValueError(f"en has {len(self.en)} steps but es has {len(self.es)}")
        return self

    def pick(self, language: str) -> tuple[str, ...]:
        return tuple(self.es if language == "es" else self.en)


class Condition(StrictModel):
    """One node of a rule: any_of / all_of / none_of over children, or exactly one leaf test."""

    any_of: list[Condition] | None = None
    all_of: list[Condition] | None = None
    none_of: list[Condition] | None = None
    presentation: str | None = None
    site: str | None = None
    trigger: str | None = None
    symptom: str | None = None
    history: str | None = None
    exam: str | None = None
    medication: str | None = None
    lab: str | None = None
    op: Literal["lt", "lte", "gt", "gte"] | None = None
    value: Decimal | None = None
    unit: str | None = None
    lab_flag: str | None = None
    flags: list[Literal["LL", "L", "N", "H", "HH"]] | None = None
    result: str | None = None
    finding_code: str | None = None
    red_flag: str | None = None
    """A red flag (knowledge/red_flags id) that fires for this patient."""

    @model_validator(mode="after")
    def _one_kind(self) -> Condition:
        kinds = [
            k for k in ("any_of", "all_of", "none_of", *LEAF_KEYS) if getattr(self, k) is not None
        ]
        if len(kinds) != 1:
            raise ValueError(
                f"a condition needs exactly one of any_of, all_of, none_of, {', '.join(LEAF_KEYS)}"
            )
        kind = kinds[0]
        comparison = (self.op, self.value, self.unit)
        if kind == "lab":
            if None in comparison:
                raise ValueError("a lab condition needs op, value and unit")
        elif any(part is not None for part in comparison):
            raise ValueError("op, value and unit belong to a lab condition only")
        if (kind == "lab_flag") != (self.flags is not None):
            raise ValueError("flags go with lab_flag, and lab_flag needs flags")
        vocabulary: dict[str, tuple[str, ...]] = {
            "presentation": PRESENTATIONS,
            "site": SITES,
            "trigger": TRIGGERS,
            "symptom": (*SYMPTOMS, *HISTORY_SYMPTOMS),
            "history": (*CONDITIONS, *EXTRA_HISTORY),
            "exam": EXAM_SIGNS,
            "lab": LAB_NAMES,
            "lab_flag": LAB_NAMES,
            "result": LAB_TESTS,
        }
        allowed = vocabulary.get(kind)
        if allowed is not None and getattr(self, kind) not in allowed:
            raise ValueError(f"unknown {kind} {getattr(self, kind)!r}")
        return self


class Caveat(StrictModel):
    """A condition and the caution the clinician reads when it holds (a safety rule's reason)."""

    when: Condition
    caution: LocalText
    source: Cites


SelfCare = Literal[
    "stretching", "exercise", "heat", "hydration", "supplement", "diet", "self_care", "drug_option"
]
"""What kind of routine self-care or new option an item is, for the safety rules that hold them back."""
OptionFor = Literal["spasticity", "focal_dystonia"]


class Treatment(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    intervention: str = Field(min_length=1)
    evidence: LocalText
    """The short evidence label printed beside an item, e.g. 'AAN 2010 Level C (possibly effective)'."""
    source: Cites
    never_auto_suggest: bool = False
    contraindicated_with: list[str] = Field(default_factory=list)
    """Drug or drug-class ids (knowledge/drugs) that rule the treatment out."""
    withhold_if: list[Caveat] = Field(default_factory=list)
    """Conditions under which the item is not suggested; each one's caution is shown instead."""
    caution_if: list[Caveat] = Field(default_factory=list)
    """Conditions that add a caution without withholding the item (an NSAID with potassium)."""
    in_pregnancy: LocalText | None = None
    """The evidence label shown instead to a pregnant patient, when the evidence excluded pregnancy."""
    in_pregnancy_source: Cites | None = None
    option_for: OptionFor | None = None
    """A clinician-chosen treatment option of the care plan's picker (never suggested)."""
    drug_class: str | None = None
    """The option's medicine (knowledge/drugs class): its cautions and interactions apply."""
    title: LocalText | None = None
    plan_text: LocalText | None = None
    """What the printed plan says when the clinician chooses the option: plain words, no dose."""
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Treatment:
        if (self.in_pregnancy is None) != (self.in_pregnancy_source is None):
            raise ValueError("in_pregnancy and in_pregnancy_source go together")
        option_fields = (self.drug_class, self.title, self.plan_text)
        if self.option_for is not None:
            if None in option_fields:
                raise ValueError("an option needs drug_class, title and plan_text")
            if not self.never_auto_suggest:
                raise ValueError("an option is chosen by the clinician: never_auto_suggest")
        elif any(field is not None for field in option_fields):
            raise ValueError("drug_class, title and plan_text belong to an option")
        return self


class FlagText(StrictModel):
    """What a safety rule adds for particular red flags (rhabdomyolysis: fluids are given in hospital)."""

    flags: list[str] = Field(min_length=1)
    text: LocalText
    """For the patient, added to the referral the plan leads with."""
    source: Cites


class HoldBackRule(StrictModel):
    """A care_plan_safety_rules entry that holds self-care back while red flags fire.

    It applies while any fired flag has `urgency` (emergency_first) or is one of `flags`
    (chronic limb-threatening ischaemia). The plan then leads with the referral; the kinds of
    self-care in `holds` leave it, each with a `withheld_<id>` finding saying why, and come back
    when no such flag fires.
    """

    urgency: Literal["emergency", "urgent", "soon"] | None = None
    flags: list[str] = Field(default_factory=list)
    holds: list[SelfCare] = Field(min_length=1)
    caution: LocalText
    """The withheld finding's text; {item} is the item held back."""
    plan_note: LocalText
    """For the patient: why the plan holds self-care back (printed plan and screen)."""
    flag_specific: list[FlagText] = Field(default_factory=list)
    source: Cites

    @model_validator(mode="after")
    def _applies_somehow(self) -> HoldBackRule:
        if (self.urgency is None) == (not self.flags):
            raise ValueError("a hold-back rule applies either by urgency or to named flags")
        return self


class TreatmentFile(StrictModel):
    version: Literal[1]
    treatments: list[Treatment]
    hold_back: list[HoldBackRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> TreatmentFile:
        ids = [t.id for t in self.treatments]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate treatment id(s) {duplicates}")
        return self


class TreatmentEvidence:
    """The treatments the reference grades, looked up by id, and the care-plan safety rules."""

    def __init__(self, document: TreatmentFile) -> None:
        self._by_id = {t.id: t for t in document.treatments}
        self.hold_back = tuple(document.hold_back)

    def get(self, treatment_id: str) -> Treatment:
        return self._by_id[treatment_id]

    def __contains__(self, treatment_id: object) -> bool:
        return treatment_id in self._by_id

    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    def options(self) -> tuple[Treatment, ...]:
        """The clinician-chosen treatment options (spasticity, focal dystonia), in file order."""
        return tuple(t for t in self._by_id.values() if t.option_for is not None)


def load_treatments(path: Path | None = None) -> TreatmentEvidence:
    """Read and validate the treatment evidence (default: resources/clinical/treatments.yaml)."""
    return TreatmentEvidence(
        load_yaml_model(path or resource_path("clinical", "treatments.yaml"), TreatmentFile)
    )
