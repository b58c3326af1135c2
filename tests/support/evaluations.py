"""Assessment documents built in a test and evaluated as `clinic-desktop evaluate` prints them."""

from __future__ import annotations

from functools import cache
from typing import Any

from clinic_desktop.interop.assessment_json import parse_assessment
from clinic_desktop.interop.evaluation_json import evaluation_to_document
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.rules.engine import evaluate

VISIT = "2026-12-10"


@cache
def knowledge() -> Knowledge:
    return load_knowledge()


def document(**sections: Any) -> dict[str, Any]:
    """An assessment document of a 46-year-old woman seen on VISIT, with `sections` added
    (`patient=` entries replace the patient's)."""
    patient = {
        "mrn": "R-1",
        "family_name": "Prueba",
        "given_name": "Ana",
        "birth_date": "1980-03-04",
        "sex": "female",
        "language": "en",
        **sections.pop("patient", {}),
    }
    return {
        "format": "clinic-desktop.assessment",
        "version": 1,
        "patient": patient,
        "visit_date": VISIT,
        **sections,
    }


def run(doc: dict[str, Any]) -> dict[str, Any]:
    """The evaluation document of `doc`, as `clinic-desktop evaluate` prints it."""
    kb = knowledge()
    assessment = parse_assessment(doc, kb.labs, context_ids=kb.context_ids())
    return evaluation_to_document(evaluate(assessment, kb), kb.citations)
