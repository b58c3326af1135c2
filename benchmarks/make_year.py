"""Fills a data folder with a year of a three-room clinic, stored as the program stores it.

    .venv/bin/python benchmarks/make_year.py --data-dir DIR [--days 250] [--visits-per-day 60]

Three rooms with 20 visits a day each, 250 working days: 15,000 visits. Each visit
goes through the program's own audited services, as the window does it: the
patient is registered (a new patient for about two visits in five, otherwise a
follow-up of one seen before) and viewed, the visit started as a draft, saved,
signed with the rules' suggested care plan, and its printed care plan kept
(`store_document`, the same call the window makes after printing): a real
ReportLab PDF of about 110 KiB. Every change writes its audit entry in its own
transaction, so the audit log grows as a clinic's does (five or six entries a visit).

To keep the fill to minutes, not hours: the PDFs are 24 real renderings (12
patients, English and Spanish) made unique per visit by the document ID in the
PDF trailer (a stored copy of the same bytes would be no real year); SQLite runs
with synchronous=OFF while filling (the resulting file is the same); and the
audit anchor file is written once at the end rather than after each entry.
The accounts must exist (benchmarks/datasets.py makes them first).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

ROOMS = 3
VISITS_PER_ROOM_PER_DAY = 20
WORKING_DAYS = 250
FIRST_DAY = date(2026, 1, 5)
NEW_PATIENT_SHARE = 0.4
TEMPLATE_PATIENTS = 12
_TRAILER_ID = re.compile(rb"/ID \n?\[<([0-9a-f]{32})><([0-9a-f]{32})>\]")


def working_days(count: int) -> list[date]:
    days: list[date] = []
    day = FIRST_DAY
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def unique_pdf(template: bytes, number: int) -> bytes:
    """The template PDF with its own document ID (the trailer's /ID), as another printing has."""
    digest = hashlib.md5(f"visit-{number}".encode(), usedforsecurity=False).hexdigest()
    changed, count = _TRAILER_ID.subn(
        lambda _m: f"/ID \n[<{digest}><{digest}>]".encode(), template, count=1
    )
    if count != 1:
        raise SystemExit("the rendered PDF has no trailer /ID to make unique")
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--days", type=int, default=WORKING_DAYS)
    parser.add_argument("--visits-per-day", type=int, default=ROOMS * VISITS_PER_ROOM_PER_DAY)
    parser.add_argument("--seed", type=int, default=13)
    options = parser.parse_args()
    os.environ["CLINIC_DESKTOP_DATA_DIR"] = str(options.data_dir)

    from clinic_desktop.domain.assessment import Assessment, History, LabResult, Patient
    from clinic_desktop.knowledge import load_knowledge
    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.rules.engine import evaluate
    from clinic_desktop.services.accounts import AccountService
    from clinic_desktop.services.audit import AuditLog
    from clinic_desktop.services.audited import AuditedAssessmentStore, AuditedPatientRegistry
    from clinic_desktop.services.maintenance import (
        ENGLISH_FAMILY,
        ENGLISH_GIVEN,
        PRESENTATIONS,
        SITES,
        SPANISH_FAMILY,
        SPANISH_GIVEN,
    )
    from clinic_desktop.services.patients import PatientInput
    from clinic_desktop.services.rendering import (
        load_clinic_profile,
        render_document,
        suggested_plan,
    )

    class BatchAnchor(AuditLog):
        """Writes the chain's anchor once, at the end, instead of after every entry."""

        last: tuple[int, str] | None = None

        def anchor(self, entry: tuple[int, str], *, restarted: bool = False) -> None:
            self.last = entry

    database = open_database()
    assert database.sqlite_path is not None

    @event.listens_for(database.engine, "connect")
    def _fast(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()

    database.engine.dispose()
    audit = BatchAnchor(database)
    accounts = AccountService(database, audit)
    clinician = next(a for a in accounts.list_users() if a.role == "clinician").username
    registry = AuditedPatientRegistry(database, audit, lambda: clinician)
    store = AuditedAssessmentStore(database, audit, lambda: clinician)
    knowledge = load_knowledge()
    clinic = load_clinic_profile()
    rng = random.Random(options.seed)

    def person(number: int) -> PatientInput:
        spanish = rng.random() < 0.6
        family = rng.choice(SPANISH_FAMILY if spanish else ENGLISH_FAMILY)
        given = rng.choice(SPANISH_GIVEN if spanish else ENGLISH_GIVEN)
        born = date(1930, 1, 1) + timedelta(days=rng.randrange(28_000))
        return PatientInput(
            mrn=f"Y{number:06d}",
            family_name=family,
            given_name=given,
            birth_date=born.isoformat(),
            sex=rng.choice(("female", "male")),
            language="es" if spanish else "en",
        )

    def visit(patient: PatientInput, day: date) -> Assessment:
        # Random values to exercise storage, not clinical examples.
        return Assessment(
            patient=Patient(
                mrn=patient.mrn,
                family_name=patient.family_name,
                given_name=patient.given_name,
                birth_date=date.fromisoformat(patient.birth_date),
                sex=patient.sex,
                language=patient.language or "en",
            ),
            visit_date=day,
            history=History(
                presentations=[rng.choice(PRESENTATIONS)],
                sites=[rng.choice(SITES)],
                pain_score=rng.randint(0, 10),
            ),
            labs=[
                LabResult("magnesium", round(rng.uniform(1.2, 2.8), 1), "mg/dL"),
                LabResult("potassium", round(rng.uniform(2.9, 5.6), 1), "mmol/L"),
            ],
        )

    started = time.perf_counter()
    templates: list[bytes] = []
    for number in range(TEMPLATE_PATIENTS):
        patient = person(900_000 + number)
        for language in ("en", "es"):
            assessment = visit(patient, FIRST_DAY)
            assessment.patient.language = language
            evaluation = evaluate(assessment, knowledge)
            templates.append(
                render_document(assessment, evaluation, clinic=clinic, knowledge=knowledge)
            )
    print(f"{len(templates)} care-plan PDFs rendered in {time.perf_counter() - started:.0f} s")

    seen: list[tuple[int, PatientInput]] = []
    total = 0
    for day in working_days(options.days):
        for _ in range(options.visits_per_day):
            if not seen or rng.random() < NEW_PATIENT_SHARE:
                data = person(len(seen) + 1)
                summary = registry.create(data, today=day)
                seen.append((summary.id, data))
                patient_id = summary.id
            else:
                patient_id, data = rng.choice(seen)
            registry.viewed(patient_id)
            assessment = visit(data, day)
            draft = store.start(patient_id, assessment, clinician)
            evaluation = evaluate(assessment, knowledge)
            plan = suggested_plan(evaluation, "Dr Bench")
            version = store.save_draft(draft.id, assessment, plan, draft.version)
            signed = store.sign(draft.id, clinician, plan, version)
            template = templates[rng.randrange(len(templates))]
            store.store_document(
                signed.id, "careplan", evaluation.language, unique_pdf(template, total), clinician
            )
            total += 1
        if total % 3000 == 0:
            print(f"  {total} visits, {len(seen)} patients, {time.perf_counter() - started:.0f} s")
    if audit.last is not None:
        AuditLog.anchor(audit, audit.last)
    database.close()
    print(f"{total} visits of {len(seen)} patients in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
