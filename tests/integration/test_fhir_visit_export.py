"""A signed visit exported as FHIR R4 carries its care plan, orders, conditions, people and
signed PDFs, valid for fhir.resources (R4B) and for the official FHIR R4 JSON schema."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader
from sqlalchemy import func, select, update

from clinic_desktop.cli import main
from clinic_desktop.domain.assessment import Assessment, Exam, LabResult, StrengthGrade
from clinic_desktop.domain.careplan import PlannedItem
from clinic_desktop.domain.clinic import ClinicianProfile, ClinicProfile
from clinic_desktop.interop.fhir import assessment_to_fhir
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import Base, DocumentRow
from clinic_desktop.services.accounts import AccountService
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.orders import OrderBook
from clinic_desktop.services.profiles import ProfileService
from clinic_desktop.services.results_import import ResultsImporter
from tests.support.fhir_schema import assert_valid_fhir, codings
from tests.support.visits import ANA, signed_visit

PASSWORD = "Correct-Horse-7391"


def assert_every_coding_displayed(bundle: dict[str, Any]) -> None:
    found = codings(bundle)
    assert len(found) > 10
    assert [(c.system, c.code) for c in found if not (c.display or "").strip()] == []


def test_the_export_of_a_signed_visit_holds_plan_orders_conditions_and_people(
    database: Database, database_url: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    visit = signed_visit(database)
    (order,) = OrderBook(database).place(visit.id, load_knowledge())
    ProfileService(database, AuditLog(database)).save_clinic(
        ClinicProfile(name="Clínica del Sur", phone="+34 600 000 000"), "admin"
    )
    args = ["--database-url", database_url, "export", str(visit.id), "--format", "fhir"]
    assert main(args) == 0
    bundle = json.loads(capsysbinary.readouterr().out)
    assert_valid_fhir(bundle)
    Bundle.model_validate(bundle)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for entry in bundle["entry"]:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])

    (condition,) = by_type["Condition"]
    assert condition["clinicalStatus"]["coding"][0]["code"] == "active"
    assert condition["verificationStatus"]["coding"][0]["code"] == "provisional"
    assert condition["recordedDate"] == "2026-11-20"
    assert condition["code"]["coding"][0]["code"] == "G47.62"
    assert "cramp" in condition["code"]["coding"][0]["display"].lower()

    (plan,) = by_type["CarePlan"]
    assert plan["status"] == "active" and plan["intent"] == "plan"
    assert plan["addresses"] == [{"reference": f"urn:uuid:{condition['id']}"}]
    texts = [item.text for item in visit.care_plan.items]  # type: ignore[union-attr]
    assert [a["detail"]["description"] for a in plan["activity"]] == texts
    assert plan["text"]["status"] == "generated" and "<li>" in plan["text"]["div"]
    authors = {p["id"]: p for p in by_type["Practitioner"]}
    assert authors[plan["author"]["reference"].removeprefix("urn:uuid:")]["name"] == [
        {"text": "Dr Rosa Ruiz"}
    ]

    requests = by_type["ServiceRequest"]
    assert len(requests) == 3
    assert {r["identifier"][0]["value"] for r in requests} == {order.order_number}
    assert {r["code"]["coding"][0]["code"] for r in requests} == {"2601-3", "2823-3", "2951-2"}
    assert len(by_type["Organization"]) == 1

    (patient,) = by_type["Patient"]
    assert patient["identifier"][0]["type"]["coding"][0]["code"] == "MR"
    (encounter,) = by_type["Encounter"]
    assert encounter["type"][0]["text"]
    # A receiving system shows every code with its words.
    assert_every_coding_displayed(bundle)

    # Exported twice, the same bundle (ids and times included).
    assert main(args) == 0
    assert json.loads(capsysbinary.readouterr().out) == bundle


def exported(
    database_url: str, visit_id: int, capsys: pytest.CaptureFixture[bytes]
) -> dict[str, Any]:
    args = ["--database-url", database_url, "export", str(visit_id), "--format", "fhir"]
    assert main(args) == 0
    bundle: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert_valid_fhir(bundle)
    return bundle


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def by_reference(bundle: dict[str, Any], reference: dict[str, str]) -> dict[str, Any]:
    (found,) = [e["resource"] for e in bundle["entry"] if e["fullUrl"] == reference["reference"]]
    return found


def test_each_signed_plan_travels_as_a_document_reference_holding_the_pdf(
    database: Database,
    database_url: str,
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    audit = AuditLog(database)
    accounts = AccountService(database, audit)
    admin = accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    accounts.add_user(admin, "dr.ruiz", "Rosa Ruiz", "clinician", PASSWORD)
    profiles = ProfileService(database, audit)
    profiles.save_clinician(ClinicianProfile("dr.ruiz", "Dra. Rosa Ruiz", "MD", "28/4455"))
    clinic = ClinicProfile(
        name="Clínica del Sur",
        address="Calle Mayor 1\n28013 Madrid",
        phone="+34 600 000 000",
        email="citas@example.org",
        website="https://example.org",
    )
    profiles.save_clinic(clinic, "admin")
    store = AssessmentStore(database)
    visit = signed_visit(database, store=store)

    def printed(visit_id: int) -> bytes:
        out = tmp_path / f"plan-{visit_id}.pdf"
        args = ["--database-url", database_url, "render", str(visit_id), "--out", str(out)]
        assert main(args) == 0
        return out.read_bytes()

    first_pdf = printed(visit.id)
    # Results came back: the addendum's revised plan is signed and printed in its turn.
    addendum = store.amend(visit.id, "dr.ruiz", "results came back")
    plan = addendum.care_plan
    assert plan is not None
    plan.items.append(
        PlannedItem("stretch", "lifestyle", "Stretch both calves before bed.", origin="free_text")
    )
    version = store.save_draft(addendum.id, addendum.assessment, plan, addendum.version)
    revised = store.sign(addendum.id, "dr.ruiz", plan, version)
    revised_pdf = printed(revised.id)
    assert revised_pdf != first_pdf

    bundle = exported(database_url, visit.id, capsysbinary)
    first, second = resources(bundle, "DocumentReference")
    kept = [store.documents(visit.id)[0], store.documents(revised.id)[0]]
    for reference, pdf, (document_id, kind, language, digest, created_at) in zip(
        (first, second), (first_pdf, revised_pdf), kept, strict=True
    ):
        (content,) = reference["content"]
        attachment = content["attachment"]
        data = base64.b64decode(attachment["data"])
        # The very bytes kept when it was printed, read back through the store.
        assert data == pdf == store.document_content(document_id)
        assert (kind, language) == ("careplan", "en")
        assert attachment["contentType"] == "application/pdf"
        assert attachment["hash"] == base64.b64encode(hashlib.sha1(data).digest()).decode()
        assert attachment["size"] == len(data)
        assert attachment["language"] == "en"
        assert datetime.fromisoformat(attachment["creation"]) == created_at
        assert reference["masterIdentifier"]["value"] == digest == hashlib.sha256(data).hexdigest()
        assert reference["type"]["coding"] == [
            {"system": "http://loinc.org", "code": "18776-5", "display": "Plan of care note"}
        ]
        (patient,) = resources(bundle, "Patient")
        (encounter,) = resources(bundle, "Encounter")
        assert by_reference(bundle, reference["subject"]) is not None
        assert reference["subject"]["reference"] == f"urn:uuid:{patient['id']}"
        assert reference["context"]["encounter"] == [{"reference": f"urn:uuid:{encounter['id']}"}]
        (author,) = reference["author"]
        practitioner = by_reference(bundle, author)
        assert practitioner["name"] == [{"text": "Dra. Rosa Ruiz"}]
        assert practitioner["qualification"][0]["code"]["text"] == "MD"
        assert "28/4455" in [i["value"] for i in practitioner["identifier"]]
        custodian = by_reference(bundle, reference["custodian"])
        assert custodian["name"] == "Clínica del Sur"
        words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        assert "Dra. Rosa Ruiz" in words
    assert "Stretch both calves before bed." in " ".join(
        page.extract_text()
        for page in PdfReader(
            io.BytesIO(base64.b64decode(second["content"][0]["attachment"]["data"]))
        ).pages
    )
    assert visit.signed_at is not None and revised.signed_at is not None
    assert first["content"][0]["attachment"]["title"] == (
        f"Care plan (English), signed {visit.signed_at.date().isoformat()}"
    )
    assert second["content"][0]["attachment"]["title"] == (
        f"Revised care plan (English), signed {revised.signed_at.date().isoformat()}"
    )
    # The revised plan replaces the first, which stays in the record as superseded.
    assert (first["status"], second["status"]) == ("superseded", "current")
    assert "relatesTo" not in first
    assert_every_coding_displayed(bundle)
    assert second["relatesTo"] == [
        {"code": "replaces", "target": {"reference": f"urn:uuid:{first['id']}"}}
    ]
    # One Practitioner for the clinician who signed, ordered and wrote; the clinic in full.
    (practitioner,) = resources(bundle, "Practitioner")
    (organization,) = resources(bundle, "Organization")
    assert organization["address"] == [
        {"text": "Calle Mayor 1, 28013 Madrid", "line": ["Calle Mayor 1", "28013 Madrid"]}
    ]
    assert {(t["system"], t["value"]) for t in organization["telecom"]} == {
        ("phone", "+34 600 000 000"),
        ("email", "citas@example.org"),
        ("url", "https://example.org"),
    }
    (encounter,) = resources(bundle, "Encounter")
    assert encounter["serviceProvider"] == {"reference": f"urn:uuid:{organization['id']}"}

    # The addendum exports the same documents; the same visit twice, the same bundle.
    assert (
        resources(exported(database_url, revised.id, capsysbinary), "DocumentReference")[1][
            "content"
        ]
        == second["content"]
    )
    assert exported(database_url, visit.id, capsysbinary) == bundle


def lab_readings(bundle: dict[str, Any]) -> list[tuple[str, float, str, str, str]]:
    """(LOINC, value, unit, UCUM code, sample time) of each laboratory Observation."""
    return sorted(
        (
            o["code"]["coding"][0]["code"],
            o["valueQuantity"]["value"],
            o["valueQuantity"]["unit"],
            o["valueQuantity"]["code"],
            o["effectiveDateTime"],
        )
        for o in resources(bundle, "Observation")
        if o["category"][0]["coding"][0]["code"] == "laboratory"
    )


def test_exported_results_read_back_into_the_pending_order_and_nothing_changes_twice(
    database: Database, database_url: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    knowledge = load_knowledge()
    visit = signed_visit(database)
    (order,) = OrderBook(database).place(visit.id, knowledge)
    # A laboratory answers with the program's own mapping: LOINC, UCUM units, sample times,
    # beside an examination's grades (not results: they are not read as any).
    taken = "2026-11-23T07:30:00-05:00"
    answered = Assessment(
        patient=ANA.patient(),
        visit_date=date(2026, 11, 23),
        labs=[
            LabResult("magnesium", 1.3, "mg/dL", reference_low=1.7, collected_at=taken),
            LabResult("potassium", 3.0, "mEq/L", reference_low=3.5, collected_at=taken),
            LabResult("sodium", 139.0, "mmol/L", collected_at=taken),
        ],
        exam=Exam(strength=[StrengthGrade("ankle_dorsiflexors", "left", "4")]),
    )
    sent = assessment_to_fhir(answered, knowledge.labs, "laboratory")
    assert_valid_fhir(sent)
    assert lab_readings(sent) == [
        ("19123-9", 1.3, "mg/dL", "mg/dL", taken),
        ("2823-3", 3.0, "mEq/L", "meq/L", taken),
        ("2951-2", 139.0, "mmol/L", "mmol/L", taken),
    ]
    audit = AuditLog(database)
    importer = ResultsImporter(
        database, knowledge.labs, audit, lambda: "dr.ruiz", store=AssessmentStore(database)
    )
    report = importer.import_bytes(json.dumps(sent).encode(), "laboratory.json")
    assert not report.held
    assert sorted((r.test, r.value, r.unit, r.collected_at) for r in report.stored) == [
        ("magnesium", 1.3, "mg/dL", taken),
        ("potassium", 3.0, "mEq/L", taken),
        ("sodium", 139.0, "mmol/L", taken),
    ]
    assert {r.order_number for r in report.stored} == {order.order_number}
    before = table_counts(database)
    assert importer.import_bytes(json.dumps(sent).encode(), "laboratory-again.json").duplicate

    # The visit exported again carries the very codes, units and times it was sent, each
    # result based on the order it answered; read back, it changes nothing.
    (addendum_id,) = report.addenda
    bundle = exported(database_url, addendum_id, capsysbinary)
    assert lab_readings(bundle) == lab_readings(sent)
    requests = {f"urn:uuid:{r['id']}": r for r in resources(bundle, "ServiceRequest")}
    for observation in resources(bundle, "Observation"):
        if observation["category"][0]["coding"][0]["code"] != "laboratory":
            continue
        (based_on,) = observation["basedOn"]
        request = requests[based_on["reference"]]
        assert request["identifier"][0]["value"] == order.order_number
        assert based_on["identifier"]["value"] == order.order_number
    again = importer.import_bytes(json.dumps(bundle).encode(), "visit-export.json")
    assert not again.stored and not again.held and not again.duplicate
    assert table_counts(database) == {**before, "result_imports": before["result_imports"] + 1}


def table_counts(database: Database) -> dict[str, int]:
    """Rows per table, but the audit log's (every import is audited)."""
    with database.session() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
            if table.name != "audit_entries"
        }


def test_a_damaged_signed_document_stops_the_export_with_one_line(
    database: Database,
    database_url: str,
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    visit = signed_visit(database)
    out = tmp_path / "plan.pdf"
    assert main(["--database-url", database_url, "render", str(visit.id), "--out", str(out)]) == 0
    capsysbinary.readouterr()
    with database.session() as session:
        # The row now names bytes that are not there (SQLite) or not these (PostgreSQL).
        session.execute(update(DocumentRow).values(sha256="0" * 64))
    args = ["--database-url", database_url, "export", str(visit.id), "--format", "fhir"]
    assert main(args) == 1
    captured = capsysbinary.readouterr()
    assert captured.out == b""
    (line,) = captured.err.decode().splitlines()
    assert "restore the newest backup" in line and "Ruiz" not in line
