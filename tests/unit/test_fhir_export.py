"""The FHIR export is a valid R4 Bundle that carries what the clinician recorded."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import (
    Assessment,
    Exam,
    LabResult,
    Medication,
    Patient,
    PlantarResponses,
    StrengthGrade,
)
from clinic_desktop.interop.fhir import SignedDocument, assessment_to_fhir
from clinic_desktop.knowledge.lab_catalog import LabCatalog, load_lab_catalog
from tests.support.fhir_schema import assert_valid_fhir


@pytest.fixture(scope="module")
def catalog() -> LabCatalog:
    return load_lab_catalog()


def _assessment() -> Assessment:
    return Assessment(
        patient=Patient("A-1001", "García", "Ana", date(1961, 4, 2), sex="female", language="es"),
        visit_date=date(2026, 11, 20),
        exam=Exam(
            strength=[StrengthGrade("ankle_dorsiflexors", "left", "4-")],
            plantar=PlantarResponses(left="flexor", right="extensor"),
        ),
        labs=[
            LabResult("magnesium", 1.5, "mg/dL"),
            LabResult("potassium", 3.1, "mEq/L", reference_low=3.5, reference_high=5.1),
        ],
        medications=[Medication("hidroclorotiazida", dose="25 mg <b>daily</b>", started="2026-05")],
    )


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_labs_are_loinc_coded_with_ucum_units(catalog: LabCatalog) -> None:
    bundle = assessment_to_fhir(_assessment(), catalog, "7")
    Bundle.model_validate(bundle)
    labs = [
        o
        for o in _resources(bundle, "Observation")
        if o["category"][0]["coding"][0]["code"] == "laboratory"
    ]
    assert [lab["code"]["coding"][0]["code"] for lab in labs] == ["19123-9", "2823-3"]
    assert labs[1]["valueQuantity"]["code"] == "meq/L"
    assert labs[1]["referenceRange"][0]["low"]["value"] == 3.5


def test_patient_exam_and_medication_survive(catalog: LabCatalog) -> None:
    bundle = assessment_to_fhir(_assessment(), catalog, "7", signed=True)
    (patient,) = _resources(bundle, "Patient")
    assert patient["name"] == [{"family": "García", "given": ["Ana"]}]
    assert patient["gender"] == "female" and patient["birthDate"] == "1961-04-02"
    exam = [o for o in _resources(bundle, "Observation") if "valueString" in o]
    assert {o["valueString"] for o in exam} == {"4-", "flexor", "extensor"}
    (statement,) = _resources(bundle, "MedicationStatement")
    assert statement["dosage"] == [{"text": "25 mg <b>daily</b>"}]
    (encounter,) = _resources(bundle, "Encounter")
    assert encounter["status"] == "finished"


def test_exporting_twice_gives_the_same_bundle(catalog: LabCatalog) -> None:
    assert assessment_to_fhir(_assessment(), catalog, "7") == assessment_to_fhir(
        _assessment(), catalog, "7"
    )
    assert (
        assessment_to_fhir(_assessment(), catalog, "7")["id"]
        != assessment_to_fhir(_assessment(), catalog, "8")["id"]
    )


@settings(max_examples=40, deadline=None)
@given(
    family=st.text(min_size=1, max_size=40).filter(str.strip),
    name=st.text(min_size=1, max_size=40).filter(str.strip),
)
def test_any_name_gives_a_valid_bundle(catalog: LabCatalog, family: str, name: str) -> None:
    assessment = _assessment()
    assessment.patient.family_name = family
    assessment.medications = [Medication(name)]
    Bundle.model_validate(assessment_to_fhir(assessment, catalog, "1"))


def test_a_later_document_replaces_the_one_of_its_kind_and_language_only(
    catalog: LabCatalog,
) -> None:
    def kept(kind: str, language: str, content: bytes, day: int) -> SignedDocument:
        when = datetime(2026, 11, day, 9, 30, tzinfo=UTC)
        return SignedDocument(kind, language, content, when, "dr.ruiz", "Dr Rosa Ruiz")

    documents = [
        kept("careplan", "es", b"%PDF plan v1", 20),
        kept("careplan", "es", b"%PDF plan v1", 20),  # printed again, the same bytes
        kept("careplan", "en", b"%PDF plan in English", 20),
        kept("requisition", "es", b"%PDF requisition", 20),  # not exported as a document
        kept("referral", "en", b"%PDF referral", 21),
        kept("summary", "en", b"%PDF visit summary", 21),
        kept("careplan", "es", b"%PDF plan v2", 27),
    ]
    bundle = assessment_to_fhir(_assessment(), catalog, "7", documents=documents)
    Bundle.model_validate(bundle)
    references = _resources(bundle, "DocumentReference")
    titles = [r["content"][0]["attachment"]["title"] for r in references]
    assert titles == [
        "Care plan (Spanish), signed 2026-11-20",
        "Care plan (English), signed 2026-11-20",
        "Referral letter (English), signed 2026-11-21",
        "Visit summary (English), signed 2026-11-21",
        "Care plan (Spanish), signed 2026-11-27",
    ]
    assert [r["status"] for r in references] == ["superseded"] + ["current"] * 4
    assert [r.get("relatesTo") for r in references[:4]] == [None] * 4
    assert references[4]["relatesTo"] == [
        {"code": "replaces", "target": {"reference": f"urn:uuid:{references[0]['id']}"}}
    ]
    codes = [r["type"]["coding"][0]["code"] for r in references]
    assert codes == ["18776-5", "18776-5", "57133-1", "34133-9", "18776-5"]
    (author,) = _resources(bundle, "Practitioner")
    assert {r["author"][0]["reference"] for r in references} == {f"urn:uuid:{author['id']}"}


@settings(max_examples=25, deadline=None)
@given(
    printed=st.lists(
        st.tuples(
            st.sampled_from(["careplan", "summary", "referral", "requisition"]),
            st.sampled_from(["en", "es"]),
            st.binary(min_size=1, max_size=64),
        ),
        max_size=8,
    )
)
def test_any_documents_give_one_current_reference_per_kind_and_language(
    catalog: LabCatalog, printed: list[tuple[str, str, bytes]]
) -> None:
    documents = [
        SignedDocument(
            kind, language, content, datetime(2026, 11, 20, 9, n, tzinfo=UTC), "dr", None
        )
        for n, (kind, language, content) in enumerate(printed)
    ]
    bundle = assessment_to_fhir(_assessment(), catalog, "7", documents=documents)
    assert_valid_fhir(bundle)
    references = _resources(bundle, "DocumentReference")
    exported = [d for d in documents if d.kind != "requisition"]
    distinct = {hashlib.sha256(d.content).digest() for d in exported}
    assert len(references) == len(distinct)
    for reference in references:
        data = base64.b64decode(reference["content"][0]["attachment"]["data"])
        assert (
            reference["content"][0]["attachment"]["hash"]
            == base64.b64encode(hashlib.sha1(data).digest()).decode()
        )
    current = [
        (r["type"]["coding"][0]["code"], r["content"][0]["attachment"]["language"])
        for r in references
        if r["status"] == "current"
    ]
    assert sorted(current) == sorted(set(current))
    # Each one but the first of its kind and language replaces the one just before it.
    replaced = [r["relatesTo"][0]["target"]["reference"] for r in references if "relatesTo" in r]
    superseded = [f"urn:uuid:{r['id']}" for r in references if r["status"] == "superseded"]
    assert sorted(replaced) == sorted(superseded)
