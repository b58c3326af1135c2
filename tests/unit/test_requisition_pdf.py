"""The lab requisition: identifiers, LOINC codes, reason codes, specimen notes and a stable order number."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from clinic_desktop.reports.labels import load_labels
from clinic_desktop.reports.pdf import render_pdf
from clinic_desktop.reports.requisition import (
    RequisitionOrder,
    build_requisition,
    load_specimen_notes,
    order_number,
)
from tests.golden import cases

TESTS = ("calcium", "albumin", "cortisol_am", "glucose")


def requisition_text(language: str, tests: tuple[str, ...] = TESTS) -> str:
    order = RequisitionOrder(
        tests=tests,
        icd10cm=("G47.62", "E83.42"),
        ordered_on=cases.VISIT,
        clinician=cases.clinician(),
        loinc={"calcium": "17861-6", "albumin": "1751-7"},
        lab_names=cases.extras(language).lab_names,
    )
    pdf = render_pdf(build_requisition(cases.assessment(language), order, cases.clinic(), language))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join((reader.pages[0].extract_text() or "").split())


def test_requisition_names_patient_clinician_tests_codes_and_notes() -> None:
    text = requisition_text("es")
    number = order_number(cases.assessment("es"), TESTS, cases.VISIT)
    for expected in (
        "Solicitud de análisis de laboratorio",
        "Ana María García Núñez",
        "A-1001",
        "2 de abril de 1961",
        "Mujer",
        "Dra. Lucía Núñez",
        "23 de noviembre de 2026",
        "Calcio",
        "17861-6",
        "1751-7",
        "G47.62",
        "E83.42",
        "Muestra de la mañana, hacia las 08:00",
        "Muestra en ayunas",
        number,
    ):
        assert expected in text


def test_requisition_in_english_and_without_tests_says_so() -> None:
    text = requisition_text("en", tests=())
    assert "Laboratory requisition" in text
    assert "No tests ordered." in text


def test_specimen_notes_exist_only_for_tests_the_reference_speaks_of() -> None:
    notes = load_specimen_notes()
    assert set(notes.notes) == {"cortisol_am", "glucose", "potassium", "tsh", "free_t4"}
    assert notes.for_test("magnesium", "en") == ""
    for note in notes.notes.values():
        assert set(note.text) == {"en", "es"}
        assert note.source


def test_order_number_is_stable_and_changes_with_the_tests() -> None:
    assessment = cases.assessment("en")
    first = order_number(assessment, TESTS, cases.VISIT)
    assert first == order_number(assessment, TESTS, cases.VISIT)
    assert first.startswith("LAB-20261123-")
    assert first != order_number(assessment, TESTS[:2], cases.VISIT)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_are_written_the_way_each_language_writes_them(day: date) -> None:
    spanish = load_labels("es").format_date(day)
    english = load_labels("en").format_date(day)
    assert spanish == f"{day.day} de {load_labels('es').months[day.month - 1]} de {day.year}"
    assert english == f"{day.day} {load_labels('en').months[day.month - 1]} {day.year}"
    assert load_labels("es").months[day.month - 1].islower()


def test_a_language_without_wording_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="language: no printed wording for 'fr'"):
        load_labels("fr")


@settings(max_examples=20, deadline=None)
@given(name=st.text(max_size=60), mrn=st.text(max_size=30), clinician=st.text(max_size=60))
def test_any_text_in_requisition_fields_renders_and_barcodes(
    name: str, mrn: str, clinician: str
) -> None:
    assessment = cases.assessment("en")
    assessment.patient = dataclasses.replace(assessment.patient, given_name=name, mrn=mrn)
    order = RequisitionOrder(
        tests=TESTS,
        icd10cm=(),
        ordered_on=cases.VISIT,
        clinician=dataclasses.replace(cases.clinician(), display_name=clinician),
    )
    pdf = render_pdf(build_requisition(assessment, order, cases.clinic(), "en"))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or ""
    assert order_number(assessment, TESTS, cases.VISIT) in text
