"""A signed visit exported as FHIR R4 carries its care plan, orders, conditions and people,
valid for fhir.resources (R4B) and for the official FHIR R4 JSON schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from clinic_desktop.cli import main
from clinic_desktop.domain.clinic import ClinicProfile
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.orders import OrderBook
from clinic_desktop.services.profiles import ProfileService
from tests.support.fhir_schema import assert_valid_fhir
from tests.support.visits import signed_visit


def codings(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "system" in node and "code" in node:
            yield node
        for value in node.values():
            yield from codings(value)
    elif isinstance(node, list):
        for value in node:
            yield from codings(value)


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
    missing = [
        c for c in codings(bundle) if not c.get("display") and c["system"] != "urn:ietf:bcp:47"
    ]
    assert missing == []

    # Exported twice, the same bundle (ids and times included).
    assert main(args) == 0
    assert json.loads(capsysbinary.readouterr().out) == bundle
