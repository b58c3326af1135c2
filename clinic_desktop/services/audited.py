"""The patient registry and assessment store, with every read and change written to the audit log.

The window uses these instead of the plain services, so no screen can forget
to audit. Each entry is appended right after the change commits: a crash in
between can lose an entry, never invent one, and the chain still verifies.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.careplan import CarePlan, VisitDecisions
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.assessments import AssessmentStore, StoredAssessment
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.patients import PatientInput, PatientRegistry, PatientSummary

UserProvider = Callable[[], str | None]


class AuditedPatientRegistry(PatientRegistry):
    def __init__(self, database: Database, audit: AuditLog, user: UserProvider) -> None:
        super().__init__(database)
        self._audit = audit
        self._user = user

    def create(self, data: PatientInput, *, today: date | None = None) -> PatientSummary:
        summary = super().create(data, today=today)
        self._audit.record(
            "patient_create",
            username=self._user(),
            patient_id=summary.id,
            entity="patient",
            entity_id=summary.id,
        )
        return summary

    def update(
        self, patient_id: int, data: PatientInput, *, today: date | None = None
    ) -> PatientSummary:
        summary = super().update(patient_id, data, today=today)
        self._audit.record(
            "patient_update",
            username=self._user(),
            patient_id=patient_id,
            entity="patient",
            entity_id=patient_id,
        )
        return summary

    def viewed(self, patient_id: int) -> None:
        """The clinician opened the patient's record."""
        self._audit.record(
            "patient_view",
            username=self._user(),
            patient_id=patient_id,
            entity="patient",
            entity_id=patient_id,
        )


class AuditedAssessmentStore(AssessmentStore):
    def __init__(self, database: Database, audit: AuditLog, user: UserProvider) -> None:
        super().__init__(database)
        self._audit = audit
        self._user = user

    def _record(self, action: str, stored: StoredAssessment, **detail: object) -> None:
        self._audit.record(
            action,
            username=self._user(),
            patient_id=stored.patient_id,
            entity="assessment",
            entity_id=stored.id,
            detail=detail,
        )

    def start(
        self, patient_id: int, assessment: Assessment, user: str | None = None
    ) -> StoredAssessment:
        stored = super().start(patient_id, assessment, user)
        self._record("assessment_save", stored, version=stored.version, new=True)
        return stored

    def load(self, assessment_id: int) -> StoredAssessment:
        stored = super().load(assessment_id)
        self._record("assessment_view", stored)
        return stored

    def save_draft(
        self,
        assessment_id: int,
        assessment: Assessment,
        care_plan: CarePlan | None,
        expected_version: int,
        decisions: VisitDecisions | None = None,
    ) -> int:
        version = super().save_draft(
            assessment_id, assessment, care_plan, expected_version, decisions
        )
        self._record("assessment_save", super().load(assessment_id), version=version)
        return version

    def sign(
        self, assessment_id: int, user: str, care_plan: CarePlan, expected_version: int
    ) -> StoredAssessment:
        stored = super().sign(assessment_id, user, care_plan, expected_version)
        self._record("assessment_sign", stored, version=stored.version)
        return stored

    def amend(self, assessment_id: int, user: str, reason: str) -> StoredAssessment:
        stored = super().amend(assessment_id, user, reason)
        self._record("assessment_amend", stored, amends=assessment_id, reason=reason)
        return stored

    def store_document(
        self, assessment_id: int, kind: str, language: str, content: bytes, user: str | None
    ) -> str:
        digest = super().store_document(assessment_id, kind, language, content, user)
        self._record(
            "print", super().load(assessment_id), kind=kind, language=language, sha256=digest
        )
        return digest
