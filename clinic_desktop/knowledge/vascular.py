"""Vascular knowledge: ABI categories (2016 AHA/ACC), their findings, and claudication."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import Field

from clinic_desktop.domain.numbers import compare
from clinic_desktop.knowledge.base import StrictModel, Texts
from clinic_desktop.knowledge.citations import Cites
from clinic_desktop.knowledge.yaml_loader import load_yaml_model
from clinic_desktop.paths import resource_path

AbiCategoryName = Literal["noncompressible", "normal", "borderline", "abnormal"]


class RatioBound(StrictModel):
    op: Literal["lt", "lte", "gt", "gte"]
    value: Decimal

    def holds(self, value: Decimal) -> bool:
        return compare(value, self.op, self.value)


class AbiCategory(StrictModel):
    category: AbiCategoryName
    when: tuple[RatioBound, ...] = Field(min_length=1)


class AbiFinding(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    category: AbiCategoryName
    text: Texts
    patient: Texts
    """The same finding in plain words for the patient's printed plan."""
    sources: Cites
    icd10cm: str | None = None


class NormalWithClaudication(StrictModel):
    id: str
    text: Texts
    patient: Texts
    """The same finding in plain words for the patient's printed plan."""
    sources: Cites


class Abi(StrictModel):
    formula: str
    reporting_places: int = Field(ge=0)
    categories: tuple[AbiCategory, ...] = Field(min_length=1)
    source: Cites
    findings: tuple[AbiFinding, ...]
    normal_with_claudication: NormalWithClaudication
    leg_names: dict[Literal["left", "right"], Texts]
    patient_legs: dict[Literal["left", "right", "both"], Texts]

    def category_of(self, recorded: Decimal) -> str:
        """The category of an ABI as recorded (already rounded to the reporting places)."""
        for category in self.categories:
            if all(bound.holds(recorded) for bound in category.when):
                return category.category
        raise ValueError(f"ABI {recorded} falls in no category")


class Claudication(StrictModel):
    id: str
    icd10cm: str | None = None
    text: Texts
    patient: Texts
    """The same finding in plain words for the patient's printed plan."""
    with_nocturnal_cramps: Texts
    with_spinal_stenosis: Texts
    reference_text: str
    sources: Cites
    possibly_neurogenic_with: tuple[str, ...]
    """Conditions whose exertional leg pain may be neurogenic (pseudoclaudication): no PAD code then."""
    vascular_despite: tuple[str, ...]
    """Known conditions that keep the PAD code even so."""
    uncoded_note: str


class DiabeticAngiopathy(StrictModel):
    """The code peripheral angiopathy takes in a patient with diabetes, and the code it replaces."""

    condition: str
    icd10cm: str
    replaces: str
    decision_note: str
    source: Cites


class ReliabilityCaveat(StrictModel):
    conditions: tuple[str, ...]
    text: Texts
    reference_text: str
    source: Cites


class VascularKnowledge(StrictModel):
    format: Literal["clinic-desktop.vascular"]
    version: Literal[1]
    abi: Abi
    claudication: Claudication
    diabetic_angiopathy: DiabeticAngiopathy
    reliability_caveat: ReliabilityCaveat


def load_vascular(path: Path | None = None) -> VascularKnowledge:
    return load_yaml_model(path or resource_path("clinical", "vascular.yaml"), VascularKnowledge)
