"""Neuromuscular knowledge: which muscles and reflexes belong to which limb, scale wording and finding texts."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, model_validator

from clinic_desktop.knowledge.base import StrictModel
from clinic_desktop.knowledge.citations import CitationId, Cites
from clinic_desktop.knowledge.drugs import DrugList, Text, load_drug_list
from clinic_desktop.knowledge.yaml_loader import load_yaml_model
from clinic_desktop.paths import resource_path


class Note(StrictModel):
    en: str
    es: str
    sources: tuple[CitationId, ...] = ()

    def pick(self, language: str) -> str:
        return self.es if language == "es" else self.en


class FindingSpec(StrictModel):
    sources: Cites
    icd10cm: str | None = None
    text: Text
    patient: Text
    """The finding in plain words for the patient's printed plan (no placeholders)."""
    focal: Note | None = None
    ankle_only: Note | None = None
    history_only: Note | None = None
    surgery: Note | None = None
    stocking: Note | None = None
    trousseau_code: str | None = None
    codes: dict[str, str | dict[str, str]] | None = None
    drug_class: str | None = None
    """The drug class (drugs.yaml) whose recent start makes this finding apply."""
    explained_by: list[str] = Field(default_factory=list)
    """Known conditions that explain the finding, so its symptom code is dropped (R29.2)."""


class Scale(StrictModel):
    source: Cites
    en: dict[str, str]
    es: dict[str, str]

    def meaning(self, grade: str, language: str) -> str:
        table = self.es if language == "es" else self.en
        # Sub-grades (4-, 4+, 5-) share the wording of their whole grade.
        return table.get(grade) or table.get(grade.rstrip("+-"), grade)


class Muscles(StrictModel):
    arm: list[str]
    leg: list[str]
    proximal: list[str]


class Reflexes(StrictModel):
    arm: list[str]
    leg: list[str]


class Grades(StrictModel):
    reduced_reflex: list[str]
    brisk_reflex: list[str]
    clonus_reflex: list[str]


class Scales(StrictModel):
    mrc: Scale
    modified_ashworth: Scale
    penn: Scale


FINDING_IDS = (
    "upper_motor_neuron_pattern",
    "lower_motor_neuron_pattern",
    "mixed_motor_neuron_pattern",
    "muscle_weakness",
    "reduced_reflexes",
    "spasticity",
    "penn_spasm_frequency",
    "fasciculations",
    "benign_fasciculation_pattern",
    "muscle_atrophy",
    "sensory_loss",
    "latent_tetany_signs",
    "tetany",
    "nocturnal_leg_cramps",
    "muscle_cramps",
    "dystonia",
    "drug_induced_acute_dystonia",
    "stroke_sequela_hemiparesis",
    "stroke_sequela_spasticity",
)


class NeuromuscularKnowledge(StrictModel):
    version: Literal[1]
    about: str
    muscles: Muscles
    reflexes: Reflexes
    limb_sites: list[str]
    grades: Grades
    scales: Scales
    findings: dict[str, FindingSpec]
    words: dict[Literal["en", "es"], dict[str, str]]
    # The drug list of the same knowledge directory, for findings that depend on a drug's start.
    _drugs: DrugList | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _complete(self) -> NeuromuscularKnowledge:
        missing = [f for f in FINDING_IDS if f not in self.findings]
        if missing:
            raise ValueError(f"findings lacks {missing}")
        return self

    @property
    def drugs(self) -> DrugList | None:
        """The drug list loaded beside this file, None when there is none."""
        return self._drugs

    def word(self, key: str, language: str) -> str:
        """A vocabulary term in the patient's language (English falls back to the id with spaces)."""
        table = self.words["es" if language == "es" else "en"]
        return table.get(key) or self.words["en"].get(key) or key.replace("_", " ")

    def limb_of_muscle(self, muscle: str) -> str | None:
        if muscle in self.muscles.arm:
            return "arm"
        if muscle in self.muscles.leg:
            return "leg"
        return None

    def limb_of_reflex(self, reflex: str) -> str | None:
        if reflex in self.reflexes.arm:
            return "arm"
        if reflex in self.reflexes.leg:
            return "leg"
        return None


def load_neuromuscular(
    path: Path | None = None, drugs: DrugList | None = None
) -> NeuromuscularKnowledge:
    """Read and validate the neuromuscular knowledge (default: resources/clinical/neuromuscular.yaml).

    `drugs` is the drug list of the same folder when the caller has loaded it already;
    otherwise drugs.yaml beside `path` is read.
    """
    if path is None:
        return _default()
    kb = load_yaml_model(path, NeuromuscularKnowledge)
    if drugs is not None:
        kb._drugs = drugs
        return kb
    return _with_drugs(kb, path.with_name("drugs.yaml"))


@cache
def _default() -> NeuromuscularKnowledge:
    return load_neuromuscular(resource_path("clinical", "neuromuscular.yaml"))


def _with_drugs(kb: NeuromuscularKnowledge, drugs_path: Path) -> NeuromuscularKnowledge:
    if drugs_path.is_file():
        kb._drugs = load_drug_list(drugs_path)
    return kb
