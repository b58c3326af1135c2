"""The patient registry and assessment store, with every read and change written to the audit log.

The window uses these instead of the plain services, so no screen can forget
to audit. A change's entry is appended inside the change's own transaction
(the plain services' `_before_commit` hook): both commit together or neither
does, so a crash can never keep a change without its entry, and a failed
change leaves no entry. The anchor moves to the entry only after the commit.
Reads (patient_view, assessment_view) are entries of their own.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from clinic_desktop.persistence.database import Database
from clinic_desktop.services.assessments import (
    AfterCommit,
    AssessmentChange,
    AssessmentStore,
    StoredAssessment,
)
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.patients import PatientRegistry, PatientSummary

UserProvider = Callable[[], str | None]

# The audit action that records each kind of assessment change.
_ASSESSMENT_ACTIONS = {
    "start": "assessment_save",
    "save": "assessment_save",
    "sign": "assessment_sign",
    "amend": "assessment_amend",
    "document": "print",
}


class AuditedPatientRegistry(PatientRegistry):
    def __init__(self, database: Database, audit: AuditLog, user: UserProvider) -> None:
        super().__init__(database)
        self._audit = audit
        self._user = user

    def _before_commit(self, session: Session, kind: str, patient: PatientSummary) -> AfterCommit:
        entry = self._audit.append(
            session,
            f"patient_{kind}",
            username=self._user(),
            patient_id=patient.id,
            entity="patient",
            entity_id=patient.id,
        )
        return lambda: self._audit.anchor(entry)

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

    def _before_commit(self, session: Session, change: AssessmentChange) -> AfterCommit:
        entry = self._audit.append(
            session,
            _ASSESSMENT_ACTIONS[change.kind],
            username=self._user(),
            patient_id=change.patient_id,
            entity="assessment",
            entity_id=change.assessment_id,
            detail=change.detail,
        )
        return lambda: self._audit.anchor(entry)

    def load(self, assessment_id: int) -> StoredAssessment:
        stored = super().load(assessment_id)
        self._audit.record(
            "assessment_view",
            username=self._user(),
            patient_id=stored.patient_id,
            entity="assessment",
            entity_id=stored.id,
            detail={},
        )
        return stored

    def current_visits(self, patient_id: int) -> list[StoredAssessment]:
        visits = super().current_visits(patient_id)
        for stored in visits:
            self._audit.record(
                "assessment_view",
                username=self._user(),
                patient_id=stored.patient_id,
                entity="assessment",
                entity_id=stored.id,
                detail={"for": "comparison"},
            )
        return visits
