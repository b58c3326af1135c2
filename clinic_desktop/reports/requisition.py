"""Builds the lab requisition as a plain Document: patient identifiers, tests with LOINC, reasons, barcode."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.clinic import ClinicianProfile, ClinicProfile
from clinic_desktop.knowledge.citations import Cites
from clinic_desktop.knowledge.yaml_loader import load_yaml_model
from clinic_desktop.paths import resource_path
from clinic_desktop.reports import document as model
from clinic_desktop.reports.labels import load_labels
from clinic_desktop.reports.parts import (
    clinician_name,
    document,
    full_name,
    patient_fields,
    signature,
)


class SpecimenNote(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: dict[str, str]
    source: Cites


class SpecimenNotes(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    notes: dict[str, SpecimenNote]

    def for_test(self, test: str, language: str) -> str:
        note = self.notes.get(test)
        if note is None:
            return ""
        return note.text.get(language) or note.text.get("en", "")


@cache
def load_specimen_notes(path: Path | None = None) -> SpecimenNotes:
    return load_yaml_model(path or resource_path("reports", "specimen_notes.yaml"), SpecimenNotes)


@dataclass(frozen=True, slots=True)
class RequisitionOrder:
    """What is ordered: tests in order, their LOINC codes and display names, and the reason codes."""

    tests: Sequence[str]
    icd10cm: Sequence[str]
    ordered_on: date
    clinician: ClinicianProfile | None = None
    """Who orders: printed by their profile's name, credentials and licence."""
    signed: bool = False
    """The visit is signed: the clinician's signature picture prints."""
    loinc: Mapping[str, str | None] = field(default_factory=dict)
    lab_names: Mapping[str, str] = field(default_factory=dict)
    icd10cm_descriptions: Mapping[str, str] = field(default_factory=dict)


def order_number(assessment: Assessment, tests: Sequence[str], ordered_on: date) -> str:
    """A stable order number: the same visit and tests give the same number on a reprint."""
    seed = "|".join([assessment.patient.mrn, ordered_on.isoformat(), *tests])
    digest = hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()[:8].upper()
    return f"LAB-{ordered_on:%Y%m%d}-{digest}"


def build_requisition(
    assessment: Assessment,
    order: RequisitionOrder,
    clinic: ClinicProfile,
    language: str,
) -> model.Document:
    """The requisition in `language`, with a Code 128 barcode of its order number."""
    labels = load_labels(language)
    texts = labels.requisition
    notes = load_specimen_notes()
    number = order_number(assessment, order.tests, order.ordered_on)
    named = clinician_name(order.clinician)
    details = patient_fields(assessment, labels, "")
    details += (
        (texts.ordering_clinician, named),
        (texts.order_date, labels.format_date(order.ordered_on)),
    )
    rows = tuple(
        (
            order.lab_names.get(test, test.replace("_", " ")),
            order.loinc.get(test) or "",
            notes.for_test(test, language),
        )
        for test in order.tests
    )
    blocks: list[model.Block] = [
        model.Heading(texts.title, "title"),
        model.Text(f"{texts.order_number}: {number}", "subheading"),
        model.Barcode(number),
        model.Fields(details),
        model.Heading(texts.tests),
    ]
    if rows:
        blocks.append(model.Table(header=tuple(texts.columns), rows=rows, widths=(2.2, 1.0, 3.6)))
    else:
        blocks.append(model.Text(texts.no_tests, "note"))
    blocks.append(model.Heading(texts.reasons))
    if order.icd10cm:
        blocks.append(
            model.Bullets(
                tuple(
                    f"{code}: {order.icd10cm_descriptions[code]}"
                    if code in order.icd10cm_descriptions
                    else code
                    for code in order.icd10cm
                )
            )
        )
    else:
        blocks.append(model.Text(texts.reasons_none, "note"))
    blocks.append(
        signature(texts.signature, order.clinician, labels, order.ordered_on, signed=order.signed)
    )
    title = f"{texts.title}: {full_name(assessment.patient)} ({number})"
    return document(title, texts.subject, blocks, clinic, labels, named)
