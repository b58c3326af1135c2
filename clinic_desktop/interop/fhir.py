"""One visit as a FHIR R4 collection Bundle, built and validated with fhir.resources (R4B models).

Labs become Observations coded with LOINC and UCUM units, examination grades
Observations with the program's own codes (no standard code is claimed where
the clinical reference gives none), medications MedicationStatements and the
evaluation's ICD-10-CM codes provisional Conditions. Identifiers are UUIDs
derived from the stored assessment id, so exporting twice gives one document.
"""

from __future__ import annotations

import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from clinic_desktop.domain.assessment import Assessment, Exam, Patient
from clinic_desktop.domain.orders import LabOrder
from clinic_desktop.knowledge.lab_catalog import LabCatalog
from clinic_desktop.rules.evaluation import Evaluation

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
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
LAB_PROCEDURE = {
    "coding": [{"system": SNOMED, "code": "108252007", "display": "Laboratory procedure"}]
}

# The program's unit spellings (the exchange format's) and their UCUM codes.
UCUM_CODES = {
    "mmol/L": "mmol/L",
    "mg/dL": "mg/dL",
    "mEq/L": "meq/L",
    "g/L": "g/L",
    "g/dL": "g/dL",
    "nmol/L": "nmol/L",
    "ng/mL": "ng/mL",
    "pmol/L": "pmol/L",
    "pg/mL": "pg/mL",
    "ng/dL": "ng/dL",
    "ug/dL": "ug/dL",
    "U/L": "U/L",
    "mIU/L": "m[IU]/L",
    "%": "%",
    "mmol/mol": "mmol/mol",
    "umol/L": "umol/L",
    "mL/min/1.73m2": "mL/min/{1.73_m2}",
}
GENDERS = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}


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
                "language": {"coding": [{"system": "urn:ietf:bcp:47", "code": patient.language}]},
                "preferred": True,
            }
        ]
    return resource


def _lab_observations(
    assessment: Assessment,
    evaluation: Evaluation | None,
    catalog: LabCatalog,
    ids: _Ids,
    refs: dict[str, Any],
) -> list[dict[str, Any]]:
    interpreted = list(evaluation.labs) if evaluation is not None else []
    observations = []
    for number, lab in enumerate(assessment.labs or []):
        loinc = catalog.loinc_for(lab.test, lab.unit)
        coding = [{"system": LOINC, "code": loinc}] if loinc else []
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": ids("lab", number),
            "status": "final",
            "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "laboratory"}]}],
            "code": {"coding": coding, "text": catalog.display_name(lab.test, "en")},
            "valueQuantity": {
                "value": lab.value,
                "unit": lab.unit,
                "system": UCUM,
                "code": UCUM_CODES.get(lab.unit, lab.unit),
            },
            **refs,
        }
        if lab.reference_low is not None or lab.reference_high is not None:
            interval: dict[str, Any] = {}
            for key, bound in (("low", lab.reference_low), ("high", lab.reference_high)):
                if bound is not None:
                    interval[key] = {
                        "value": bound,
                        "unit": lab.unit,
                        "system": UCUM,
                        "code": UCUM_CODES.get(lab.unit, lab.unit),
                    }
            resource["referenceRange"] = [interval]
        if number < len(interpreted) and interpreted[number].interpretation:
            code = interpreted[number].interpretation
            resource["interpretation"] = [{"coding": [{"system": INTERPRETATION, "code": code}]}]
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
            "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "exam"}]}],
            "code": {
                "coding": [{"system": LOCAL_EXAM, "code": code}],
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
) -> dict[str, Any]:
    """The visit as a validated FHIR R4 collection Bundle (a JSON-ready dict)."""
    ids = _Ids(assessment_id)
    patient = _patient(assessment.patient, ids)
    encounter: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": ids("encounter"),
        "status": "finished" if signed else "in-progress",
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
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
    resources = [patient, encounter]
    resources += _lab_observations(assessment, evaluation, catalog, ids, refs)
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
    for code in evaluation.icd10cm if evaluation is not None else ():
        resources.append(
            {
                "resourceType": "Condition",
                "id": ids("condition", code),
                "verificationStatus": {
                    "coding": [{"system": CONDITION_VERIFICATION, "code": "provisional"}]
                },
                "category": [
                    {"coding": [{"system": CONDITION_CATEGORY, "code": "encounter-diagnosis"}]}
                ],
                "code": {"coding": [{"system": ICD10CM, "code": code}]},
                "subject": refs["subject"],
                "encounter": refs["encounter"],
            }
        )
    bundle = {
        "resourceType": "Bundle",
        "id": ids("bundle"),
        "type": "collection",
        "entry": [_entry(resource) for resource in resources],
    }
    # Validation by the FHIR models: a resource the spec would reject raises here, not at the receiver.
    return Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True)


def _validated(bundle: dict[str, Any]) -> dict[str, Any]:
    # Validation by the FHIR models: a resource the spec would reject raises here, not at the receiver.
    return Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True)


def order_to_fhir(order: LabOrder) -> dict[str, Any]:
    """The order as a FHIR R4 collection Bundle: one ServiceRequest per test, identified by the
    requisition's number (the placer order number), with the patient and the ordering clinician."""
    ids = _Ids(f"order:{order.order_number}")
    patient = _patient(order.patient, ids)
    practitioner: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": ids("practitioner"),
        "name": [{"text": order.clinician_name or "Unknown clinician"}],
    }
    if order.clinician_id:
        practitioner["identifier"] = [{"system": LOCAL_USER, "value": order.clinician_id}]
    organization = {
        "resourceType": "Organization",
        "id": ids("organization"),
        "name": order.clinic_name,
    }
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
            "id": ids("request", number),
            "identifier": [placer],
            "requisition": placer,
            "status": "active",
            "intent": "order",
            "category": [LAB_PROCEDURE],
            "code": {"coding": coding, "text": test.display},
            "subject": {"reference": f"urn:uuid:{patient['id']}"},
            "authoredOn": order.sent_at.isoformat(),
            "requester": {"reference": f"urn:uuid:{practitioner['id']}"},
        }
        if reasons:
            request["reasonCode"] = reasons
        requests.append(request)
    bundle = {
        "resourceType": "Bundle",
        "id": ids("bundle"),
        "type": "collection",
        "entry": [_entry(r) for r in (patient, practitioner, organization, *requests)],
    }
    return _validated(bundle)
