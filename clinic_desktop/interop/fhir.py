"""One visit as a FHIR R4 collection Bundle, built and validated with fhir.resources (R4B models).

Labs become Observations coded with LOINC and UCUM units, examination grades
Observations with the program's own codes (no standard code is claimed where
the clinical reference gives none), medications MedicationStatements and the
evaluation's ICD-10-CM codes provisional Conditions; the signed care plan a CarePlan,
the orders ServiceRequests, and each signed PDF a DocumentReference that carries the
document itself. Identifiers are UUIDs derived from the stored assessment id, so
exporting twice gives one document.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from pydantic import ValidationError

from clinic_desktop.domain.assessment import Assessment, Exam, Patient
from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.domain.clinic import ClinicianProfile, ClinicProfile
from clinic_desktop.domain.orders import LabOrder, ReceivedPatient, ReceivedResult
from clinic_desktop.interop.units import UCUM_SYSTEM, program_unit, ucum_code
from clinic_desktop.knowledge.lab_catalog import LabCatalog
from clinic_desktop.rules.evaluation import Evaluation

LOINC = "http://loinc.org"
UCUM = UCUM_SYSTEM
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
SNOMED = "http://snomed.info/sct"
LOCAL_EXAM = "urn:clinic-desktop:exam"
LOCAL_MRN = "urn:clinic-desktop:mrn"
LOCAL_USER = "urn:clinic-desktop:user"
PLACER_ORDER = "urn:clinic-desktop:placer-order-number"
MR_TYPE = {
    "coding": [{"system": IDENTIFIER_TYPE, "code": "MR", "display": "Medical record number"}],
    "text": "MRN",
}
PLACER_TYPE = {
    "coding": [{"system": IDENTIFIER_TYPE, "code": "PLAC", "display": "Placer Identifier"}]
}
LICENCE_TYPE = {"coding": [{"system": IDENTIFIER_TYPE, "code": "LN", "display": "License number"}]}
LOCAL_DOCUMENT = "urn:clinic-desktop:document-sha256"
LAB_PROCEDURE = {
    "coding": [{"system": SNOMED, "code": "108252007", "display": "Laboratory procedure"}]
}
# SNOMED CT 11429006 |Consultation|, a Patient encounter procedure (308335008) as the
# US Core Encounter Type value set requires, and the Encounter.type of FHIR R4's own
# example f201 (http://hl7.org/fhir/R4/encounter-example-f201-20130404.json.html).
ENCOUNTER_TYPE = {
    "coding": [{"system": SNOMED, "code": "11429006", "display": "Consultation"}],
    "text": "Neuromuscular assessment for muscle spasms (outpatient visit)",
}
# The signed PDFs exported as DocumentReferences, typed by LOINC document codes with LOINC's
# display: 18776-5 Plan of care note and 57133-1 Referral note as the C-CDA on FHIR value sets
# list them ("Care Plan Document Type", http://hl7.org/fhir/us/ccda/ValueSet/
# 2.16.840.1.113762.1.4.1099.10; "Referral Document Type", .../2.16.840.1.113883.1.11.20.2.3);
# 34133-9 Summary of episode note as US Core's DocumentReference example "episode-summary"
# types a visit's summary (http://hl7.org/fhir/us/core/DocumentReference-episode-summary.html).
# All are in FHIR R4's DocumentReference type value set (c80-doc-typecodes: every LOINC
# document code). The lab requisition has no such code here and is not exported.
DOCUMENT_TYPES = {
    "careplan": ("18776-5", "Plan of care note", "Care plan"),
    "summary": ("34133-9", "Summary of episode note", "Visit summary"),
    "referral": ("57133-1", "Referral note", "Referral letter"),
}

GENDERS = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}
# The displays of the HL7 code systems' codes the export uses, as the code systems give them.
INTERPRETATION_DISPLAYS = {
    "N": "Normal",
    "L": "Low",
    "H": "High",
    "LL": "Critical low",
    "HH": "Critical high",
}
CATEGORY_DISPLAYS = {"laboratory": "Laboratory", "exam": "Exam"}
LANGUAGE_DISPLAYS = {"en": "English", "es": "Spanish"}


@dataclass(frozen=True, slots=True)
class SignedDocument:
    """A PDF kept for a signed version of the visit, its bytes as read back (hash checked)."""

    kind: str
    language: str
    content: bytes
    created_at: datetime
    """When it was printed and kept; aware."""
    signed_by: str | None
    """The user name of who signed the version it belongs to."""
    signer_name: str | None
    """The name the signed plan gives that clinician."""
    revised: bool = False
    """Kept for an addendum (a revised plan), not for the visit as first signed."""
    signed_on: date | None = None
    """The day the version it belongs to was signed (the day the document says it was)."""


class _Ids:
    """Stable urn:uuid references for the resources of one exported assessment."""

    def __init__(self, assessment_id: str) -> None:
        self.namespace = uuid.uuid5(
            uuid.NAMESPACE_URL, f"urn:clinic-desktop:assessment:{assessment_id}"
        )

    def __call__(self, *parts: object) -> str:
        return str(uuid.uuid5(self.namespace, "/".join(str(p) for p in parts)))


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _reference(resource: dict[str, Any]) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource['id']}"}


class _People:
    """One Practitioner per clinician named anywhere in the visit, from their profile."""

    def __init__(self, ids: _Ids, profiles: Mapping[str, ClinicianProfile]) -> None:
        self.ids = ids
        self.profiles = profiles
        self.found: dict[str, dict[str, Any]] = {}

    def reference(self, user: str | None, name: str | None) -> dict[str, str]:
        key = f"user:{user}" if user else f"name:{name}"
        if key not in self.found:
            self.found[key] = _practitioner_resource(
                self.ids("practitioner", key), name, user, self.profiles.get(user or "")
            )
        return _reference(self.found[key])

    def resources(self) -> list[dict[str, Any]]:
        return list(self.found.values())


def _practitioner_resource(
    resource_id: str, name: str | None, user: str | None, profile: ClinicianProfile | None
) -> dict[str, Any]:
    """The clinician as their profile names them (credentials, licence), else as `name`."""
    # A profile that only repeats the user name (an account without one) names nobody.
    if profile is not None and profile.display_name.strip() not in ("", profile.username):
        name = profile.display_name.strip()
    practitioner: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": resource_id,
        "name": [{"text": name or user or "Unknown clinician"}],
    }
    identifiers: list[dict[str, Any]] = [{"system": LOCAL_USER, "value": user}] if user else []
    if profile is not None and profile.licence_number.strip():
        identifiers.append({"type": LICENCE_TYPE, "value": profile.licence_number.strip()})
    if identifiers:
        practitioner["identifier"] = identifiers
    if profile is not None and profile.credentials.strip():
        practitioner["qualification"] = [{"code": {"text": profile.credentials.strip()}}]
    return practitioner


def _organization(clinic: ClinicProfile, resource_id: str) -> dict[str, Any]:
    """The clinic as its letterhead gives it: name, address, phone, email and website."""
    organization: dict[str, Any] = {
        "resourceType": "Organization",
        "id": resource_id,
        "name": clinic.name.strip(),
    }
    telecom = [
        {"system": system, "value": value.strip(), "use": "work"}
        for system, value in (("phone", clinic.phone), ("email", clinic.email))
        if value.strip()
    ]
    if clinic.website.strip():
        telecom.append({"system": "url", "value": clinic.website.strip()})
    if telecom:
        organization["telecom"] = telecom
    lines = [line.strip() for line in clinic.address.splitlines() if line.strip()]
    if lines:
        organization["address"] = [{"text": ", ".join(lines), "line": lines}]
    return organization


def _patient(patient: Patient, ids: _Ids) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": ids("patient"),
        "identifier": [{"type": MR_TYPE, "system": LOCAL_MRN, "value": patient.mrn}],
        "name": [{"family": patient.family_name, "given": [patient.given_name]}],
        "birthDate": patient.birth_date.isoformat(),
    }
    if patient.sex in GENDERS:
        resource["gender"] = GENDERS[patient.sex]
    if patient.language:
        resource["communication"] = [
            {
                "language": {
                    "coding": [
                        {
                            "system": "urn:ietf:bcp:47",
                            "code": patient.language,
                            "display": LANGUAGE_DISPLAYS.get(patient.language, patient.language),
                        }
                    ]
                },
                "preferred": True,
            }
        ]
    return resource


def _category(code: str) -> dict[str, Any]:
    return {
        "coding": [
            {"system": OBSERVATION_CATEGORY, "code": code, "display": CATEGORY_DISPLAYS[code]}
        ]
    }


def _quantity(value: float, unit: str) -> dict[str, Any]:
    """The value in its catalogue unit with that unit's UCUM code (every catalogue unit has
    one: tests/unit/test_units_ucum.py parses each with a UCUM grammar)."""
    return {"value": value, "unit": unit, "system": UCUM, "code": ucum_code(unit)}


def _effective(collected_at: str | None, refs: dict[str, Any]) -> dict[str, Any]:
    """When the sample was taken, as the laboratory said, else the visit's day. FHIR wants a
    time of day with its offset, so a time given without one says only its day."""
    if not collected_at:
        return {k: v for k, v in refs.items() if k == "effectiveDateTime"}
    if "T" in collected_at and not _OFFSET.search(collected_at):
        collected_at = collected_at.split("T")[0]
    return {"effectiveDateTime": collected_at}


def _lab_observations(
    assessment: Assessment,
    evaluation: Evaluation | None,
    catalog: LabCatalog,
    ids: _Ids,
    refs: dict[str, Any],
    requests: Mapping[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """An Observation per result; one that came in for an ordered test is `basedOn` its
    ServiceRequest (`requests`, by test), so it goes back into that order when read again."""
    interpreted = list(evaluation.labs) if evaluation is not None else []
    observations = []
    for number, lab in enumerate(assessment.labs or []):
        loinc = catalog.loinc_for(lab.test, lab.unit)
        name = catalog.display_name(lab.test, "en")
        coding = (
            [{"system": LOINC, "code": loinc, "display": catalog.loinc_display(loinc) or name}]
            if loinc
            else []
        )
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": ids("lab", number),
            "status": "final",
            "category": [_category("laboratory")],
            "code": {"coding": coding, "text": catalog.display_name(lab.test, "en")},
            "valueQuantity": _quantity(lab.value, lab.unit),
            "subject": refs["subject"],
            "encounter": refs["encounter"],
            **_effective(lab.collected_at, refs),
        }
        request = requests.get(lab.test)
        if request is not None:
            resource["basedOn"] = [{**_reference(request), "identifier": request["identifier"][0]}]
        if lab.reference_low is not None or lab.reference_high is not None:
            interval: dict[str, Any] = {}
            for key, bound in (("low", lab.reference_low), ("high", lab.reference_high)):
                if bound is not None:
                    interval[key] = _quantity(bound, lab.unit)
            resource["referenceRange"] = [interval]
        if number < len(interpreted) and interpreted[number].interpretation:
            code = interpreted[number].interpretation
            resource["interpretation"] = [
                {
                    "coding": [
                        {
                            "system": INTERPRETATION,
                            "code": code,
                            "display": INTERPRETATION_DISPLAYS[str(code)],
                        }
                    ]
                }
            ]
        observations.append(resource)
    return observations


def _exam_observations(exam: Exam | None, ids: _Ids, refs: dict[str, Any]) -> list[dict[str, Any]]:
    if exam is None:
        return []
    rows: list[tuple[str, str, str, str]] = []
    rows += [("mrc_strength", g.muscle, g.side, g.mrc) for g in exam.strength or []]
    rows += [("reflex_grade", g.reflex, g.side, g.grade) for g in exam.reflexes or []]
    rows += [("modified_ashworth", g.muscle, g.side, g.modified_ashworth) for g in exam.tone or []]
    for side in ("left", "right"):
        plantar = getattr(exam.plantar, side) if exam.plantar else None
        if plantar is not None:
            rows.append(("plantar_response", "foot", side, plantar))
    return [
        {
            "resourceType": "Observation",
            "id": ids("exam", number),
            "status": "final",
            "category": [_category("exam")],
            "code": {
                "coding": [{"system": LOCAL_EXAM, "code": code, "display": code.replace("_", " ")}],
                "text": code.replace("_", " "),
            },
            "bodySite": {"text": f"{site.replace('_', ' ')} ({side})"},
            "valueString": value,
            **refs,
        }
        for number, (code, site, side, value) in enumerate(rows)
    ]


def assessment_to_fhir(
    assessment: Assessment,
    catalog: LabCatalog,
    assessment_id: str,
    evaluation: Evaluation | None = None,
    *,
    signed: bool = False,
    plan: CarePlan | None = None,
    icd_descriptions: Mapping[str, str] | None = None,
    orders: Sequence[LabOrder] = (),
    clinic: ClinicProfile | None = None,
    signed_by: str | None = None,
    clinicians: Mapping[str, ClinicianProfile] | None = None,
    documents: Sequence[SignedDocument] = (),
    resulted: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The visit as a validated FHIR R4 collection Bundle (a JSON-ready dict).

    With `plan`, a CarePlan (its activities the plan's items, addressing the Conditions, with a
    narrative) authored by the clinician who signed (`signed_by`, a Practitioner from their
    profile in `clinicians`); with `orders`, a ServiceRequest per ordered test identified by its
    order number; with `documents`, a DocumentReference holding each signed PDF, oldest first
    (a later one of the same kind and language replaces the one before). A `clinic` with a
    name is the Organization that provides the visit and keeps its documents. `resulted` names,
    by test, the order whose result the visit holds: its Observation is based on that request."""
    ids = _Ids(assessment_id)
    people = _People(ids, clinicians or {})
    patient = _patient(assessment.patient, ids)
    encounter: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": ids("encounter"),
        "status": "finished" if signed else "in-progress",
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "type": [ENCOUNTER_TYPE],
        "subject": {"reference": f"urn:uuid:{patient['id']}"},
    }
    if assessment.visit_date is not None:
        encounter["period"] = {"start": assessment.visit_date.isoformat()}
    refs: dict[str, Any] = {
        "subject": {"reference": f"urn:uuid:{patient['id']}"},
        "encounter": {"reference": f"urn:uuid:{encounter['id']}"},
    }
    if assessment.visit_date is not None:
        refs["effectiveDateTime"] = assessment.visit_date.isoformat()
    requests = []
    answered: dict[str, dict[str, Any]] = {}
    for order in orders:
        requester = people.reference(order.clinician_id, order.clinician_name)
        made = _service_requests(order, ids, refs["subject"], requester)
        requests += made
        for test, request in zip(order.tests, made, strict=True):
            if (resulted or {}).get(test.test) == order.order_number:
                answered[test.test] = request
    resources = [patient, encounter]
    resources += _lab_observations(assessment, evaluation, catalog, ids, refs, answered)
    resources += _exam_observations(assessment.exam, ids, refs)
    for number, medication in enumerate(assessment.medications or []):
        statement: dict[str, Any] = {
            "resourceType": "MedicationStatement",
            "id": ids("medication", number),
            "status": "active",
            "medicationCodeableConcept": {"text": medication.name},
            "subject": refs["subject"],
            "context": refs["encounter"],
        }
        if medication.dose:
            statement["dosage"] = [{"text": medication.dose}]
        if medication.started:
            statement["effectivePeriod"] = {"start": medication.started}
        resources.append(statement)
    conditions = []
    for code in evaluation.icd10cm if evaluation is not None else ():
        display = (icd_descriptions or {}).get(code) or code
        condition: dict[str, Any] = {
            "resourceType": "Condition",
            "id": ids("condition", code),
            "clinicalStatus": {
                "coding": [{"system": CONDITION_CLINICAL, "code": "active", "display": "Active"}]
            },
            "verificationStatus": {
                "coding": [
                    {
                        "system": CONDITION_VERIFICATION,
                        "code": "provisional",
                        "display": "Provisional",
                    }
                ]
            },
            "category": [
                {
                    "coding": [
                        {
                            "system": CONDITION_CATEGORY,
                            "code": "encounter-diagnosis",
                            "display": "Encounter Diagnosis",
                        }
                    ]
                }
            ],
            "code": {"coding": [{"system": ICD10CM, "code": code, "display": display}]},
            "subject": refs["subject"],
            "encounter": refs["encounter"],
        }
        if assessment.visit_date is not None:
            condition["recordedDate"] = assessment.visit_date.isoformat()
        conditions.append(condition)
    resources += conditions
    organization = (
        _organization(clinic, ids("organization")) if clinic and clinic.name.strip() else None
    )
    if organization is not None:
        resources.append(organization)
        encounter["serviceProvider"] = _reference(organization)
    care_plan = None
    if plan is not None:
        care_plan = _care_plan(plan, conditions, ids, refs, signed=signed)
        if plan.clinician_name or signed_by:
            care_plan["author"] = people.reference(signed_by, plan.clinician_name)
        resources.append(care_plan)
    resources += requests
    resources += _document_references(documents, ids, refs, people, organization, care_plan)
    resources += people.resources()
    bundle = {
        "resourceType": "Bundle",
        "id": ids("bundle"),
        "type": "collection",
        "entry": [_entry(resource) for resource in resources],
    }
    return _validated(bundle)


def _attachment_hash(data: bytes) -> str:
    """Attachment.hash as FHIR R4 defines it: the base64 of the SHA-1 of the data (SHA-1 is
    the specification's choice for spotting a changed copy; the SHA-256 identifies it)."""
    return base64.b64encode(hashlib.sha1(data, usedforsecurity=False).digest()).decode("ascii")


def _document_references(
    documents: Sequence[SignedDocument],
    ids: _Ids,
    refs: dict[str, Any],
    people: _People,
    custodian: dict[str, Any] | None,
    care_plan: dict[str, Any] | None,
) -> list[dict[str, Any]]:
    """A DocumentReference per signed PDF (the same bytes once), the PDF inside it.

    Attachment.hash is, as FHIR R4 defines it, the base64 of the SHA-1 of the data; the
    document's SHA-256 (the name it is kept under) is its master identifier. A later document
    of the same kind and language (the revised plan of an addendum) `replaces` the one before,
    which is then `superseded`."""
    found: list[dict[str, Any]] = []
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    seen: set[str] = set()
    for document in documents:
        if document.kind not in DOCUMENT_TYPES:
            continue
        digest = hashlib.sha256(document.content).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        code, display, label = DOCUMENT_TYPES[document.kind]
        language = LANGUAGE_DISPLAYS.get(document.language, document.language)
        title = f"{'Revised ' + label.lower() if document.revised else label} ({language}), "
        title += f"signed {(document.signed_on or document.created_at.date()).isoformat()}"
        context: dict[str, Any] = {"encounter": [refs["encounter"]]}
        if care_plan is not None and document.kind == "careplan":
            context["related"] = [_reference(care_plan)]
        reference: dict[str, Any] = {
            "resourceType": "DocumentReference",
            "id": ids("document", digest),
            "masterIdentifier": {"system": LOCAL_DOCUMENT, "value": digest},
            "status": "current",
            "docStatus": "final",
            "type": {
                "coding": [{"system": LOINC, "code": code, "display": display}],
                "text": label,
            },
            "subject": refs["subject"],
            "date": document.created_at.isoformat(),
            "content": [
                {
                    "attachment": {
                        "contentType": "application/pdf",
                        "language": document.language,
                        "data": base64.b64encode(document.content).decode("ascii"),
                        "size": len(document.content),
                        "hash": _attachment_hash(document.content),
                        "title": title,
                        "creation": document.created_at.isoformat(),
                    }
                }
            ],
            "context": context,
        }
        if document.signed_by or document.signer_name:
            # Who signed it wrote it and vouches for it: the plan is theirs.
            signer = people.reference(document.signed_by, document.signer_name)
            reference["author"] = [signer]
            reference["authenticator"] = signer
        if custodian is not None:
            reference["custodian"] = _reference(custodian)
        earlier = latest.get((document.kind, document.language))
        if earlier is not None:
            earlier["status"] = "superseded"
            reference["relatesTo"] = [{"code": "replaces", "target": _reference(earlier)}]
        latest[(document.kind, document.language)] = reference
        found.append(reference)
    return found


def _validated(bundle: dict[str, Any]) -> dict[str, Any]:
    # Validation by the FHIR models: a resource the spec would reject raises here, not at the receiver.
    return Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True)


def _service_requests(
    order: LabOrder, ids: _Ids, subject: dict[str, Any], requester: dict[str, str]
) -> list[dict[str, Any]]:
    """One ServiceRequest per ordered test, identified by the order's (placer) number."""
    placer = {"type": PLACER_TYPE, "system": PLACER_ORDER, "value": order.order_number}
    reasons = [
        {"coding": [{"system": ICD10CM, "code": r.code, "display": r.display}], "text": r.display}
        for r in order.reasons
    ]
    requests = []
    for number, test in enumerate(order.tests, start=1):
        coding = (
            [{"system": LOINC, "code": test.loinc, "display": test.display}] if test.loinc else []
        )
        request: dict[str, Any] = {
            "resourceType": "ServiceRequest",
            "id": ids("request", order.order_number, number),
            "identifier": [placer],
            "requisition": placer,
            "status": "active",
            "intent": "order",
            "category": [LAB_PROCEDURE],
            "code": {"coding": coding, "text": test.display},
            "subject": subject,
            "authoredOn": order.sent_at.isoformat(),
            "requester": requester,
        }
        if reasons:
            request["reasonCode"] = reasons
        requests.append(request)
    return requests


def _care_plan(
    plan: CarePlan,
    conditions: list[dict[str, Any]],
    ids: _Ids,
    refs: dict[str, Any],
    *,
    signed: bool,
) -> dict[str, Any]:
    """The plan as a CarePlan: an activity per item, in the patient's words, addressing the
    visit's Conditions, and the items as its narrative."""
    items = "".join(f"<li>{html.escape(item.text)}</li>" for item in plan.items)
    care_plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": ids("careplan"),
        "text": {
            "status": "generated",
            "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><ul>{items}</ul></div>',
        },
        "status": "active" if signed else "draft",
        "intent": "plan",
        "title": "Care plan",
        "subject": refs["subject"],
        "encounter": refs["encounter"],
        "activity": [
            {"detail": {"status": "not-started", "description": item.text}} for item in plan.items
        ],
    }
    if plan.language:
        care_plan["language"] = plan.language
    if conditions:
        care_plan["addresses"] = [{"reference": f"urn:uuid:{c['id']}"} for c in conditions]
    if plan.signed_at is not None:
        care_plan["created"] = plan.signed_at.isoformat()
    if not care_plan["activity"]:
        del care_plan["activity"]
    return care_plan


def order_to_fhir(order: LabOrder) -> dict[str, Any]:
    """The order as a FHIR R4 collection Bundle: one ServiceRequest per test, identified by the
    requisition's number (the placer order number), with the patient and the ordering clinician."""
    ids = _Ids(f"order:{order.order_number}")
    patient = _patient(order.patient, ids)
    people = _People(ids, {})
    requester = people.reference(order.clinician_id, order.clinician_name)
    # The clinic as an Organization once it has a name (FHIR refuses an empty one).
    organizations = (
        [{"resourceType": "Organization", "id": ids("organization"), "name": order.clinic_name}]
        if order.clinic_name
        else []
    )
    requests = _service_requests(order, ids, _reference(patient), requester)
    bundle = {
        "resourceType": "Bundle",
        "id": ids("bundle"),
        "type": "collection",
        "entry": [_entry(r) for r in (patient, *people.resources(), *organizations, *requests)],
    }
    return _validated(bundle)


# Results in ----------------------------------------------------------------------------------

_STATUS_CODES = {
    "final": "F",
    "amended": "C",
    "corrected": "C",
    "preliminary": "P",
    "registered": "I",
    "cancelled": "X",
    "entered-in-error": "W",
    "unknown": "U",
}
MAX_RESULTS = 5000
_OFFSET = re.compile(r"(Z|[+-]\d\d:\d\d)$")
_FIELD_NAME = re.compile(r"[A-Za-z0-9_\[\]]{1,64}")


class FhirResultsError(ValueError):
    """A document that is not FHIR R4 results the program reads; str() is one line."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {' '.join(message.split())}")
        self.where = where
        self.message = message


def _laboratory(observation: dict[str, Any]) -> bool:
    """Whether an Observation can be a lab result: one the sender files under another category
    of FHIR's (an examination's grade in a visit's export, vital signs) is not read as one; an
    Observation with no such category is."""
    kinds = {
        coding.get("code")
        for concept in observation.get("category") or []
        for coding in concept.get("coding") or []
        if coding.get("system") == OBSERVATION_CATEGORY
    }
    return not kinds or "laboratory" in kinds


def _shown_part(part: object) -> str:
    """A step of a path into the document as a message may show it: a field name of FHIR's
    shape or an index; any other key the file made up (a line break, someone's name) is not
    repeated."""
    text = str(part)
    return text if _FIELD_NAME.fullmatch(text) else "(field)"


def _identifier_value(identifiers: list[dict[str, Any]], *, kind: str, system: str) -> str | None:
    """The identifier typed `kind` (v2-0203), else the one in `system`, else the first."""
    for identifier in identifiers:
        codings = identifier.get("type", {}).get("coding", [])
        if any(c.get("code") == kind for c in codings) and identifier.get("value"):
            return str(identifier["value"])
    for identifier in identifiers:
        if identifier.get("system") == system and identifier.get("value"):
            return str(identifier["value"])
    return next((str(i["value"]) for i in identifiers if i.get("value")), None)


def _received_patient(resource: dict[str, Any] | None) -> ReceivedPatient:
    if resource is None:
        return ReceivedPatient()
    names = resource.get("name") or [{}]
    given = names[0].get("given") or []
    birth = resource.get("birthDate")
    return ReceivedPatient(
        mrn=_identifier_value(resource.get("identifier") or [], kind="MR", system=LOCAL_MRN),
        family_name=names[0].get("family"),
        given_name=given[0] if given else None,
        birth_date=date.fromisoformat(birth)
        if isinstance(birth, str) and len(birth) == 10
        else None,
    )


def _resolver(
    entries: list[dict[str, Any]],
) -> Callable[[dict[str, Any] | None], dict[str, Any] | None]:
    """Find a referenced resource of the Bundle by its fullUrl or by Type/id."""
    by_reference: dict[str, dict[str, Any]] = {}
    for entry in entries:
        resource = entry.get("resource") or {}
        if entry.get("fullUrl"):
            by_reference[str(entry["fullUrl"])] = resource
        if resource.get("id"):
            by_reference[f"{resource['resourceType']}/{resource['id']}"] = resource

    def resolve(reference: dict[str, Any] | None) -> dict[str, Any] | None:
        if not reference or "reference" not in reference:
            return None
        return by_reference.get(str(reference["reference"]))

    return resolve


def _placer_number(
    observation: dict[str, Any], resolve: Callable[[dict[str, Any] | None], dict[str, Any] | None]
) -> str | None:
    for based_on in observation.get("basedOn") or []:
        if based_on.get("identifier", {}).get("value"):
            return str(based_on["identifier"]["value"])
        request = resolve(based_on)
        if request is not None:
            identifiers = list(request.get("identifier") or [])
            if request.get("requisition"):
                identifiers.append(request["requisition"])
            found = _identifier_value(identifiers, kind="PLAC", system=PLACER_ORDER)
            if found:
                return found
    return None


def _result(
    observation: dict[str, Any],
    position: str,
    resolve: Callable[[dict[str, Any] | None], dict[str, Any] | None],
) -> ReceivedResult:
    codings = observation.get("code", {}).get("coding") or []
    coding = next((c for c in codings if c.get("system") == LOINC), codings[0] if codings else {})
    quantity = observation.get("valueQuantity") or {}
    unit = quantity.get("unit")
    if quantity.get("system") == UCUM and quantity.get("code"):
        unit = program_unit(str(quantity["code"])) or str(quantity["code"])
    value = quantity.get("value")
    ranges = observation.get("referenceRange") or [{}]
    low = ranges[0].get("low", {}).get("value")
    high = ranges[0].get("high", {}).get("value")
    flags = [
        c.get("code")
        for concept in observation.get("interpretation") or []
        for c in concept.get("coding") or []
    ]
    return ReceivedResult(
        patient=_received_patient(resolve(observation.get("subject"))),
        position=position,
        placer_order_number=_placer_number(observation, resolve),
        code=coding.get("code"),
        code_system=coding.get("system"),
        display=coding.get("display") or observation.get("code", {}).get("text"),
        value=float(value) if isinstance(value, int | float) else None,
        value_text=None if value is None else str(value),
        unit=unit,
        reference_low=float(low) if isinstance(low, int | float) else None,
        reference_high=float(high) if isinstance(high, int | float) else None,
        reference_text=ranges[0].get("text"),
        flag=flags[0] if flags else None,
        status=_STATUS_CODES.get(str(observation.get("status")), str(observation.get("status"))),
        collected_at=observation.get("effectiveDateTime"),
    )


def results_from_fhir(document: object) -> list[ReceivedResult]:
    """Each Observation of a FHIR R4 Observation or Bundle, as sent, with its patient and order.

    The document is validated by fhir.resources' R4B models first; FhirResultsError (one
    line, never a value) when it is not valid FHIR, or holds no Observation.
    """
    if not isinstance(document, dict):
        raise FhirResultsError("(document)", "expected a FHIR resource (a JSON object)")
    kind = document.get("resourceType")
    model: Any = {"Bundle": Bundle, "Observation": Observation}.get(str(kind))
    if model is None:
        raise FhirResultsError("resourceType", "results come as an Observation or a Bundle")
    try:
        model.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(_shown_part(part) for part in first["loc"]) or "(document)"
        raise FhirResultsError(where, f"is not valid FHIR R4 ({first['type']})") from None
    entries = list(document.get("entry") or []) if kind == "Bundle" else [{"resource": document}]
    resolve = _resolver(entries)
    results: list[ReceivedResult] = []
    for number, entry in enumerate(entries):
        resource = entry.get("resource") or {}
        if resource.get("resourceType") != "Observation" or not _laboratory(resource):
            continue
        if len(results) >= MAX_RESULTS:
            raise FhirResultsError("entry", f"the document holds more than {MAX_RESULTS} results")
        results.append(_result(resource, f"entry {number + 1}", resolve))
    if not results:
        raise FhirResultsError("entry", "holds no laboratory Observation")
    return results
