"""Every read and change made through the window's services lands in the audit log."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from clinic_desktop.domain.assessment import Assessment, History, Patient
from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.audit_chain import AuditKey
from clinic_desktop.services.audited import AuditedAssessmentStore, AuditedPatientRegistry
from clinic_desktop.services.patients import PatientInput


def test_a_visit_leaves_a_complete_verifiable_trail(database: Database, tmp_path: Path) -> None:
    audit = AuditLog(database, AuditKey(tmp_path / "audit.key"))
    registry = AuditedPatientRegistry(database, audit, lambda: "dr.ruiz")
    store = AuditedAssessmentStore(database, audit, lambda: "dr.ruiz")
    patient = registry.create(
        PatientInput(mrn="A-1", family_name="García", given_name="Ana", birth_date="1961-04-02")
    )
    registry.update(
        patient.id,
        PatientInput(
            mrn="A-1", family_name="García", given_name="Ana María", birth_date="1961-04-02"
        ),
    )
    registry.viewed(patient.id)
    assessment = Assessment(patient=Patient("A-1", "García", "Ana María", date(1961, 4, 2)))
    stored = store.start(patient.id, assessment, "dr.ruiz")
    assessment.history = History(pain_score=6)
    version = store.save_draft(stored.id, assessment, None, stored.version)
    signed = store.sign(stored.id, "dr.ruiz", CarePlan(language="es"), version)
    store.store_document(signed.id, "careplan", "es", b"%PDF-1.4 test", "dr.ruiz")
    store.amend(signed.id, "dr.ruiz", "wrong pain score")

    trail = audit.query(patient_id=patient.id, sort="id", descending=False)
    assert [entry.action for entry in trail] == [
        "patient_create",
        "patient_update",
        "patient_view",
        "assessment_save",
        "assessment_save",
        "assessment_sign",
        "print",
        "assessment_amend",
    ]
    assert {entry.username for entry in trail} == {"dr.ruiz"}
    assert trail[-1].detail["reason"] == "wrong pain score"
    assert audit.verify().ok
