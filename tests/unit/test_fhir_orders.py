"""Orders as FHIR R4 ServiceRequests, checked by the official JSON schema and fhir.resources."""

from __future__ import annotations

import copy
from typing import Any

from clinic_desktop.interop.fhir import order_to_fhir
from tests.support.fhir_schema import assert_valid_fhir, codings, schema_errors
from tests.unit.test_hl7v2_orders import order


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_each_ordered_test_is_a_service_request_numbered_as_the_requisition() -> None:
    bundle = order_to_fhir(order())
    assert_valid_fhir(bundle)
    requests = resources(bundle, "ServiceRequest")
    assert [r["code"]["coding"][0]["code"] for r in requests] == ["2601-3", "2823-3"]
    for request in requests:
        assert request["identifier"][0]["value"] == "LAB-20261120-0A1B2C3D"
        assert request["identifier"][0]["type"]["coding"][0]["code"] == "PLAC"
        assert request["requisition"]["value"] == "LAB-20261120-0A1B2C3D"
        assert request["intent"] == "order" and request["status"] == "active"
        assert [c["coding"][0]["code"] for c in request["reasonCode"]] == ["G47.62", "E83.42"]
        assert all(c["coding"][0]["display"] for c in request["reasonCode"])
        (practitioner,) = resources(bundle, "Practitioner")
        assert request["requester"]["reference"] == f"urn:uuid:{practitioner['id']}"
    (patient,) = resources(bundle, "Patient")
    assert patient["identifier"][0]["type"]["coding"][0]["code"] == "MR"
    assert patient["identifier"][0]["value"] == "HC-1001"


def test_every_coding_has_its_display() -> None:
    bundle = order_to_fhir(order())
    found = codings(bundle)
    assert len(found) >= 6 and all(c.display for c in found)
    # The walk finds a Coding wherever it sits: one without its words is caught.
    del bundle["entry"][0]["resource"]["identifier"][0]["type"]["coding"][0]["display"]
    assert [c.code for c in codings(bundle) if not c.display] == ["MR"]


def test_the_official_schema_would_catch_a_broken_bundle() -> None:
    # The check itself can fail: a request without its subject, or with a field R4 does not
    # have, is refused by the schema.
    bundle = copy.deepcopy(order_to_fhir(order()))
    del bundle["entry"][3]["resource"]["subject"]
    assert schema_errors(bundle)
    bundle = copy.deepcopy(order_to_fhir(order()))
    bundle["entry"][3]["resource"]["reason"] = [{"concept": {"text": "an R5 field"}}]
    assert schema_errors(bundle)
