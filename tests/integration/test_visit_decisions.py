"""Lab-order ticks and red-flag acknowledgements are kept with the draft and its amendments."""

from __future__ import annotations

from datetime import date

from clinic_desktop.domain.assessment import Assessment, Patient
from clinic_desktop.domain.careplan import CarePlan, VisitDecisions
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.patients import PatientInput, PatientRegistry


def test_decisions_are_kept_until_changed_and_follow_an_amendment(database: Database) -> None:
    patient = PatientRegistry(database).create(PatientInput("V-1", "Vidal", "Eva", "1970-01-01"))
    store = AssessmentStore(database)
    assessment = Assessment(patient=Patient("V-1", "Vidal", "Eva", date(1970, 1, 1)))
    stored = store.start(patient.id, assessment)
    assert stored.decisions is None

    chosen = VisitDecisions({"magnesium": True, "tsh": False}, ["severe_hypokalaemia"])
    version = store.save_draft(stored.id, assessment, None, stored.version, chosen)
    assert store.load(stored.id).decisions == chosen
    # A save that carries no decisions (an older caller) leaves the kept ones alone.
    version = store.save_draft(stored.id, assessment, None, version)
    assert store.load(stored.id).decisions == chosen

    signed = store.sign(stored.id, "dr.ruiz", CarePlan(language="en"), version)
    amendment = store.amend(signed.id, "dr.ruiz", "add a result")
    assert amendment.decisions == chosen
