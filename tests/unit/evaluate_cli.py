"""Runs `clinic-desktop evaluate` in-process on a small document, for the contract probes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clinic_desktop import cli

PATIENT = {
    "mrn": "QA-1",
    "family_name": "Prueba",
    "given_name": "Ana",
    "birth_date": "1960-01-01",
    "sex": "female",
}


def evaluate_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], **sections: Any
) -> dict[str, Any]:
    """The evaluation document for PATIENT (fields in `patient` override it) seen on 2026-11-20."""
    patient = {**PATIENT, **sections.pop("patient", {})}
    document = {
        "format": "clinic-desktop.assessment",
        "version": 1,
        "patient": patient,
        "visit_date": "2026-11-20",
        **sections,
    }
    path = tmp_path / "case.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert cli.main(["evaluate", str(path)]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result
