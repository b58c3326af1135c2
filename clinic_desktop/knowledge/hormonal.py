"""Hormonal knowledge: thyroid TSH/free T4 patterns, adrenal caveats and parathyroid/calcium signs."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from clinic_desktop.knowledge.base import Bound, StrictModel, Texts
from clinic_desktop.knowledge.citations import Cites
from clinic_desktop.knowledge.yaml_loader import load_yaml_model
from clinic_desktop.paths import resource_path


class ThyroidPattern(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    tsh: tuple[str, ...] = Field(min_length=1)
    free_t4: tuple[str, ...] = Field(min_length=1)
    """Interpretation codes of each test for which the pattern holds."""
    icd10cm: str | None = None
    reference_interpretation: str
    text: Texts
    patient: Texts
    """The same finding in plain words for the patient's printed plan."""
    sources: Cites


class TreatmentThreshold(StrictModel):
    applies_to: str
    when: Bound
    text: Texts
    reference_text: str
    source: Cites


class SingleFinding(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: Texts
    patient: Texts
    """The same finding in plain words for the patient's printed plan."""
    reference_text: str
    source: Cites
    icd10cm: str | None = None


class Thyroid(StrictModel):
    patterns: tuple[ThyroidPattern, ...] = Field(min_length=1)
    treatment_threshold: TreatmentThreshold
    tsh_without_free_t4: SingleFinding
    fallback: SingleFinding


class Caveat(StrictModel):
    text: Texts
    source: Cites


class LabCondition(StrictModel):
    lab: str
    flags: tuple[str, ...] = Field(min_length=1)


class ElectrolytePattern(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    when_all: tuple[LabCondition, ...] = Field(min_length=1)
    unless_result: str
    """The pattern only asks for this test; once it has a result, that result's finding speaks."""
    text: Texts
    patient: Texts
    """The same finding in plain words for the patient's printed plan."""
    reference_text: str
    source: Cites


class Adrenal(StrictModel):
    electrolyte_pattern: ElectrolytePattern
    pregnancy_caveat: Caveat


class SignsFinding(StrictModel):
    id: str
    text: Texts
    patient: Texts
    """The same finding in plain words for the patient's printed plan."""
    sign_names: dict[Literal["chvostek", "trousseau"], Texts]
    source: Cites


class Cause(StrictModel):
    id: str
    text: Texts
    history: tuple[str, ...] = ()
    lab: str | None = None
    flags: tuple[str, ...] = ()


class CausesFinding(StrictModel):
    id: str
    text: Texts
    patient: Texts
    """The same finding in plain words for the patient's printed plan."""
    causes: tuple[Cause, ...]
    reference_text: str
    source: Cites


class ParathyroidCalcium(StrictModel):
    signs_finding: SignsFinding
    causes_finding: CausesFinding


class HormonalKnowledge(StrictModel):
    format: Literal["clinic-desktop.hormonal"]
    version: Literal[1]
    thyroid: Thyroid
    adrenal: Adrenal
    parathyroid_calcium: ParathyroidCalcium


def load_hormonal(path: Path | None = None) -> HormonalKnowledge:
    return load_yaml_model(path or resource_path("clinical", "hormonal.yaml"), HormonalKnowledge)
