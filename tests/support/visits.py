"""A signed first visit of a patient with nocturnal cramps, ready for orders and results.

The rules suggest magnesium, potassium and sodium for this visit (a thiazide and a proton
pump inhibitor); signing it leaves them ticked, so its order holds those three tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clinic_desktop.domain.assessment import Assessment, History, Medication, Patient
from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.rules.engine import evaluate
from clinic_desktop.services.assessments import AssessmentStore, StoredAssessment
from clinic_desktop.services.patients import PatientInput, PatientRegistry

VISIT_DAY = date(2026, 11, 20)
ORDERED = ("magnesium", "potassium", "sodium")


@dataclass(frozen=True)
class Someone:
    mrn: str = "HC-1001"
    family_name: str = "Ruiz"
    given_name: str = "Ana"
    birth_date: date = date(1958, 3, 1)
    sex: str = "female"
    language: str = "en"

    def patient(self) -> Patient:
        return Patient(
            self.mrn,
            self.family_name,
            self.given_name,
            self.birth_date,
            self.sex,
            language=self.language,
        )


ANA = Someone()


def first_visit(patient: Patient, visit_date: date = VISIT_DAY) -> Assessment:
    return Assessment(
        patient=patient,
        visit_date=visit_date,
        history=History(
            presentations=["nocturnal_leg_cramps"],
            sites=["calf"],
            episodes_per_week=4,
            pain_score=6,
        ),
        medications=[Medication("omeprazole"), Medication("hydrochlorothiazide")],
    )


def register(database: Database, someone: Someone = ANA) -> int:
    return (
        PatientRegistry(database)
        .create(
            PatientInput(
                someone.mrn,
                someone.family_name,
                someone.given_name,
                someone.birth_date.isoformat(),
                someone.sex,
                someone.language,
            )
        )
        .id
    )


def signed_visit(
    database: Database,
    someone: Someone = ANA,
    *,
    store: AssessmentStore | None = None,
    patient_id: int | None = None,
    visit_date: date = VISIT_DAY,
    user: str = "dr.ruiz",
) -> StoredAssessment:
    """The first visit signed with the rules' plan, its suggested tests left ticked."""
    store = store or AssessmentStore(database)
    if patient_id is None:
        patient_id = register(database, someone)
    assessment = first_visit(someone.patient(), visit_date)
    stored = store.start(patient_id, assessment, user)
    evaluation = evaluate(assessment, load_knowledge())
    plan = CarePlan(
        language="en",
        items=[item.planned() for item in evaluation.care_plan],
        clinician_name="Dr Rosa Ruiz",
    )
    return store.sign(stored.id, user, plan, stored.version)
