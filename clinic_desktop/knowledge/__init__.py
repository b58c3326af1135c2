"""Clinical knowledge: the program's YAML files under resources/clinical, validated into typed models.

`load_knowledge()` reads every file once and hands the rules engine one
`Knowledge` value; the default folder's result is cached for the life of the
process, so the window can re-evaluate on every keystroke without I/O, and
between runs (knowledge/cache.py), so a command need not validate it again.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_desktop.knowledge.treatments import CONTEXT_HISTORY

if TYPE_CHECKING:
    from clinic_desktop.knowledge.care_plan_library import CarePlanLibrary
    from clinic_desktop.knowledge.citations import Citations
    from clinic_desktop.knowledge.drugs import DrugList
    from clinic_desktop.knowledge.icd10cm import Icd10Table
    from clinic_desktop.knowledge.lab_catalog import LabCatalog
    from clinic_desktop.knowledge.lab_orders import LabOrderRules
    from clinic_desktop.knowledge.neuromuscular import NeuromuscularKnowledge
    from clinic_desktop.knowledge.red_flags import RedFlagCatalog
    from clinic_desktop.knowledge.treatments import TreatmentEvidence


@dataclass(frozen=True)
class Knowledge:
    """Everything the rules engine knows, loaded and cross-checked."""

    labs: LabCatalog
    drugs: DrugList
    red_flags: RedFlagCatalog
    care_plan: CarePlanLibrary
    icd10cm: Icd10Table
    lab_orders: LabOrderRules
    treatments: TreatmentEvidence
    neuromuscular: NeuromuscularKnowledge
    citations: Citations
    """Every work cited by id in the files above, and how each was read."""

    def context_ids(self) -> tuple[str, ...]:
        """Every id an assessment's `context` may hold that some rule reads (red flags, care plan)."""
        return tuple(dict.fromkeys((*self.red_flags.context_ids(), *CONTEXT_HISTORY)))


def load_knowledge(directory: Path | None = None) -> Knowledge:
    """Load every clinical knowledge file from `directory` (default: the shipped resources/clinical).

    A broken file raises yaml_loader.KnowledgeFileError naming the file, line and field.
    """
    if directory is None:
        return _default_knowledge()
    return _load(directory)


def knowledge_loaded() -> bool:
    """Whether the shipped knowledge is in memory, so `load_knowledge()` answers at once."""
    return _default_knowledge.cache_info().currsize > 0


# Every module whose classes the loaded knowledge holds (the cache names no others).
KNOWLEDGE_MODULES = (
    __name__,
    *(
        f"{__name__}.{name}"
        for name in (
            "base",
            "care_plan_library",
            "citations",
            "drugs",
            "hormonal",
            "icd10cm",
            "lab_catalog",
            "lab_limits",
            "lab_orders",
            "neuromuscular",
            "red_flags",
            "treatments",
            "vascular",
        )
    ),
)


@functools.cache
def _default_knowledge() -> Knowledge:
    """The shipped knowledge, from the cache of the last run when it still matches the files."""
    from clinic_desktop.knowledge.cache import load_with_cache
    from clinic_desktop.paths import resource_path

    return load_with_cache(resource_path("clinical"), _load)


def _load(directory: Path) -> Knowledge:
    # Imported here, not at the top, so that importing one knowledge module (say, the drug list
    # for the window's type-ahead) neither loads nor depends on all the others.
    from clinic_desktop.knowledge.care_plan_library import load_care_plan_library
    from clinic_desktop.knowledge.citations import citing, load_citations
    from clinic_desktop.knowledge.drugs import load_drug_list
    from clinic_desktop.knowledge.icd10cm import load_icd10cm
    from clinic_desktop.knowledge.lab_catalog import load_lab_catalog
    from clinic_desktop.knowledge.lab_orders import load_lab_orders
    from clinic_desktop.knowledge.neuromuscular import load_neuromuscular
    from clinic_desktop.knowledge.red_flags import load_red_flags
    from clinic_desktop.knowledge.treatments import load_treatments

    citations = load_citations(directory)
    # Every other file names works by id: each id is checked against this folder's list.
    with citing(c.id for c in citations):
        treatments = load_treatments(directory / "treatments.yaml")
        drugs = load_drug_list(directory / "drugs.yaml")
        return Knowledge(
            labs=load_lab_catalog(directory / "labs.yaml"),
            drugs=drugs,
            red_flags=load_red_flags(directory / "red_flags.yaml"),
            care_plan=load_care_plan_library(directory / "care_plan.yaml", treatments),
            icd10cm=load_icd10cm(directory / "icd10cm.yaml"),
            lab_orders=load_lab_orders(directory / "lab_orders.yaml"),
            treatments=treatments,
            neuromuscular=load_neuromuscular(directory / "neuromuscular.yaml", drugs),
            citations=citations,
        )
