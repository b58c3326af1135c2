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

from pydantic import BaseModel, ConfigDict, Field, model_validator

from clinic_desktop.domain.vocabulary import (
    CONDITIONS,
    LAB_TESTS,
    PRESENTATIONS,
    SITES,
    SYMPTOMS,
    TRIGGERS,
)
from clinic_desktop.knowledge.yaml_loader import load_yaml_model
from clinic_desktop.paths import resource_path

# History facts the reference's rules use beyond the exchange format's `conditions`: these
# come from the assessment's `context` list (hydration_caution.suppress_if) ...
CONTEXT_HISTORY = (
    "hyponatraemia",
    "siadh",
    "heart_failure",
    "dialysis",
    "prescribed_fluid_restriction",
)
# ... and these are derived from the patient (age at the visit, unknown without a visit date; pregnancy).
DERIVED_HISTORY = ("age_65_or_over", "age_unknown", "pregnant")
EXTRA_HISTORY = (*CONTEXT_HISTORY, *DERIVED_HISTORY)
EXAM_SIGNS = (
    "chvostek",
    "trousseau",
    "sensory_loss",
    "fasciculations",
    "atrophy",
    "muscle_weakness",
    "claudication",
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
)


class LocalText(BaseModel):
    """A text a patient or clinician reads, in every language the program speaks."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    en: str = Field(min_length=1)
    es: str = Field(min_length=1)

    def pick(self, language: str) -> str:
        return self.es if language == "es" else self.en


class LocalSteps(BaseModel):
    """Numbered instructions for the printed plan, in every language."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    en: list[str] = Field(min_length=1)
    es: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _same_length(self) -> LocalSteps:
        if len(self.en) != len(self.es):
            raise ValueError(f"en has {len(self.en)} steps but es has {len(self.es)}")
        return self

    def pick(self, language: str) -> tuple[str, ...]:
        return tuple(self.es if language == "es" else self.en)


class Condition(BaseModel):
    """One node of a rule: any_of / all_of / none_of over children, or exactly one leaf test."""

    model_config = ConfigDict(extra="forbid", frozen=True)
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
    flags: list[Literal["LL", "L", "N", "H", "HH", "I"]] | None = None
    result: str | None = None
    finding_code: str | None = None

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


class Treatment(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    intervention: str = Field(min_length=1)
    evidence: LocalText
    """The short evidence label printed beside an item, e.g. 'AAN 2010 Level C (possibly effective)'."""
    source: str = Field(min_length=1)
    never_auto_suggest: bool = False
    contraindicated_with: list[str] = Field(default_factory=list)
    """Drug or drug-class ids (knowledge/drugs) that rule the treatment out."""
    suppress_if: Condition | None = None
    suppress_if_source: str | None = None
    in_pregnancy: LocalText | None = None
    """The evidence label shown instead to a pregnant patient, when the evidence excluded pregnancy."""
    in_pregnancy_source: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _pregnancy_label_cited(self) -> Treatment:
        if (self.in_pregnancy is None) != (self.in_pregnancy_source is None):
            raise ValueError("in_pregnancy and in_pregnancy_source go together")
        return self


class TreatmentFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: Literal[1]
    citations: dict[str, str]
    """Each cited source once, verbatim from the reference; entries point at them with YAML aliases."""
    treatments: list[Treatment]

    @model_validator(mode="after")
    def _unique_ids(self) -> TreatmentFile:
        ids = [t.id for t in self.treatments]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate treatment id(s) {duplicates}")
        return self


class TreatmentEvidence:
    """The treatments the reference grades, looked up by id."""

    def __init__(self, document: TreatmentFile) -> None:
        self._by_id = {t.id: t for t in document.treatments}

    def get(self, treatment_id: str) -> Treatment:
        return self._by_id[treatment_id]

    def __contains__(self, treatment_id: object) -> bool:
        return treatment_id in self._by_id

    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)


def load_treatments(path: Path | None = None) -> TreatmentEvidence:
    """Read and validate the treatment evidence (default: resources/clinical/treatments.yaml)."""
    return TreatmentEvidence(
        load_yaml_model(path or resource_path("clinical", "treatments.yaml"), TreatmentFile)
    )
