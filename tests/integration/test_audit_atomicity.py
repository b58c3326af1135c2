"""A change and its audit entry commit together or not at all, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from clinic_desktop.domain.assessment import Assessment, History, Patient
from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.persistence.database import Database, open_database
from clinic_desktop.persistence.models import (
    AssessmentRow,
    AuditEntryRow,
    DocumentRow,
    ObservationRow,
    PatientRow,
)
from clinic_desktop.services.accounts import AccountService
from clinic_desktop.services.assessments import AssessmentStore, ConflictError, ReadOnlyError
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.audit_chain import AuditKey
from clinic_desktop.services.audited import AuditedAssessmentStore, AuditedPatientRegistry
from clinic_desktop.services.patients import PatientInput, PatientValidationError
from clinic_desktop.services.writer import SerialWriter


@dataclass
class Clinic:
    database: Database
    audit: AuditLog
    registry: AuditedPatientRegistry
    store: AuditedAssessmentStore


@pytest.fixture
def clinic(database: Database, tmp_path: Path) -> Clinic:
    audit = AuditLog(database, AuditKey(tmp_path / "keys" / "audit.key"))
    return Clinic(
        database,
        audit,
        AuditedPatientRegistry(database, audit, lambda: "dr.ruiz"),
        AuditedAssessmentStore(database, audit, lambda: "dr.ruiz"),
    )


def _patient_input(mrn: str = "A-1", given: str = "Ana") -> PatientInput:
    return PatientInput(mrn=mrn, family_name="García", given_name=given, birth_date="1961-04-02")


def _assessment(pain: int | None = None) -> Assessment:
    return Assessment(
        patient=Patient("A-1", "García", "Ana", date(1961, 4, 2)),
        visit_date=date(2026, 11, 23),
        history=History(pain_score=pain, presentations=["skeletal_cramps"]),
    )


def _counts(database: Database) -> dict[str, int]:
    """Rows per table, to see that a failed change left nothing behind."""
    tables = {
        "audit": AuditEntryRow,
        "patients": PatientRow,
        "assessments": AssessmentRow,
        "observations": ObservationRow,
        "documents": DocumentRow,
    }
    with database.session() as session:
        return {
            name: session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in tables.items()
        }


def _entries(audit: AuditLog, action: str) -> list[dict[str, Any]]:
    return [
        record.detail
        for record in audit.query(action=action, sort="id", descending=False, limit=100_000)
    ]


def _delete_newest_entry(database: Database) -> None:
    with database.session() as session:
        session.execute(
            text("DELETE FROM audit_entries WHERE id = (SELECT MAX(id) FROM audit_entries)")
        )


class _AppendRefused(Exception):
    pass


@pytest.fixture
def failing_append(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call to make every later audit append write its row and then fail, as a full disk would."""

    def arm() -> None:
        real_append = AuditLog.append

        def append_then_fail(self: AuditLog, session: Any, *args: Any, **kwargs: Any) -> Any:
            real_append(self, session, *args, **kwargs)
            raise _AppendRefused("the audit log could not be written")

        monkeypatch.setattr(AuditLog, "append", append_then_fail)

    return arm


CHANGES: dict[str, Callable[[Clinic, int, int], object]] = {
    "patient_create": lambda c, _p, _a: c.registry.create(_patient_input("B-2")),
    "patient_update": lambda c, p, _a: c.registry.update(p, _patient_input(given="Ana María")),
    "start": lambda c, p, _a: c.store.start(p, _assessment(), "dr.ruiz"),
    "save": lambda c, _p, a: c.store.save_draft(a, _assessment(pain=7), None, 1),
    "sign": lambda c, _p, a: c.store.sign(a, "dr.ruiz", CarePlan(language="es"), 1),
    "print": lambda c, _p, a: c.store.store_document(a, "careplan", "es", b"%PDF-1.4", "dr.ruiz"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_whose_audit_entry_fails_is_rolled_back_whole(
    clinic: Clinic, failing_append: Callable[[], None], change: str
) -> None:
    patient = clinic.registry.create(_patient_input())
    draft = clinic.store.start(patient.id, _assessment(pain=3), "dr.ruiz")
    before = _counts(clinic.database)
    failing_append()

    with pytest.raises(_AppendRefused):
        CHANGES[change](clinic, patient.id, draft.id)

    assert _counts(clinic.database) == before
    assert clinic.registry.get(patient.id).given_name == "Ana"
    kept = AssessmentStore(clinic.database).load(draft.id)
    assert (kept.status, kept.version) == ("draft", 1)
    assert kept.assessment.history is not None and kept.assessment.history.pain_score == 3
    assert clinic.audit.verify().ok


def test_an_amendment_whose_audit_entry_fails_keeps_the_original_signed(
    clinic: Clinic, failing_append: Callable[[], None]
) -> None:
    patient = clinic.registry.create(_patient_input())
    draft = clinic.store.start(patient.id, _assessment(), "dr.ruiz")
    clinic.store.sign(draft.id, "dr.ruiz", CarePlan(language="es"), draft.version)
    before = _counts(clinic.database)
    failing_append()

    with pytest.raises(_AppendRefused):
        clinic.store.amend(draft.id, "dr.ruiz", "wrong pain score")

    assert _counts(clinic.database) == before
    assert [item.status for item in clinic.store.history(draft.id)] == ["signed"]


def test_failed_changes_leave_no_entry(clinic: Clinic, monkeypatch: pytest.MonkeyPatch) -> None:
    patient = clinic.registry.create(_patient_input())
    draft = clinic.store.start(patient.id, _assessment(), "dr.ruiz")
    version = clinic.store.save_draft(draft.id, _assessment(pain=5), None, draft.version)
    before = _counts(clinic.database)

    with pytest.raises(ConflictError):
        clinic.store.save_draft(draft.id, _assessment(pain=9), None, draft.version)
    with pytest.raises(PatientValidationError) as invalid:
        clinic.registry.create(PatientInput("", "García", "Ana", "2999-01-01"))
    assert set(invalid.value.errors) == {"mrn", "birth_date"}
    with pytest.raises(LookupError):
        clinic.registry.update(patient.id + 1000, _patient_input())
    with pytest.raises(ValueError, match="user name"):
        clinic.store.sign(draft.id, " ", CarePlan(language="es"), version)
    with pytest.raises(ValueError, match="not signed yet"):
        clinic.store.amend(draft.id, "dr.ruiz", "typo")
    # Two desks registering one MRN at once: the second passes the check, then loses the race.
    monkeypatch.setattr(clinic.registry, "validate", lambda *_args, **_kwargs: {})
    with pytest.raises(PatientValidationError) as duplicate:
        clinic.registry.create(_patient_input(given="Other"))
    assert set(duplicate.value.errors) == {"mrn"}
    assert _counts(clinic.database) == before

    signed = clinic.store.sign(draft.id, "dr.ruiz", CarePlan(language="es"), version)
    clinic.store.amend(signed.id, "dr.ruiz", "typo")
    before = _counts(clinic.database)
    with pytest.raises(ReadOnlyError):
        clinic.store.save_draft(draft.id, _assessment(pain=1), None, signed.version)
    with pytest.raises(ConflictError, match="already been amended"):
        clinic.store.amend(draft.id, "dr.ruiz", "again")
    assert _counts(clinic.database) == before
    assert clinic.audit.verify().ok


def test_n_autosaves_through_the_serial_writer_leave_exactly_n_entries(clinic: Clinic) -> None:
    saves = 25
    patient = clinic.registry.create(_patient_input())
    draft = clinic.store.start(patient.id, _assessment(), "dr.ruiz")
    with SerialWriter() as writer:
        futures = [
            writer.submit(clinic.store.save_draft, draft.id, _assessment(pain=n % 11), None, n)
            for n in range(1, saves + 1)
        ]
        stale = writer.submit(clinic.store.save_draft, draft.id, _assessment(), None, 1)
        assert [future.result(30) for future in futures] == list(range(2, saves + 2))
        with pytest.raises(ConflictError):
            stale.result(30)

    assert _entries(clinic.audit, "assessment_save") == [
        {"version": 1, "new": True},
        *({"version": version} for version in range(2, saves + 2)),
    ]
    report = clinic.audit.verify()
    assert report.ok, report.message()
    assert report.entries == 1 + 1 + saves  # patient_create, start, the saves


def test_the_anchor_follows_each_change_so_cutting_its_entry_is_noticed(clinic: Clinic) -> None:
    patient = clinic.registry.create(_patient_input())
    clinic.store.start(patient.id, _assessment(), "dr.ruiz")
    _delete_newest_entry(clinic.database)
    report = clinic.audit.verify()
    assert not report.ok and "cut short" in (report.reason or "")


def test_an_account_change_moves_the_anchor_too(clinic: Clinic) -> None:
    accounts = AccountService(clinic.database, clinic.audit)
    accounts.create_first_administrator("admin", "Admin", "correct horse")
    accounts.authenticate("admin", "correct horse")
    _delete_newest_entry(clinic.database)
    report = clinic.audit.verify()
    assert not report.ok and "cut short" in (report.reason or "")


def _save_many(url: str, key_path: Path, assessment_id: int, start: threading.Barrier) -> int:
    """One workstation: its own engine and connections, saving its own draft."""
    database = open_database(url, migrate=False)
    try:
        audit = AuditLog(database, AuditKey(key_path))
        store = AuditedAssessmentStore(database, audit, lambda: "dr.other")
        registry = AuditedPatientRegistry(database, audit, lambda: "desk")
        version = store.load(assessment_id).version
        start.wait(10)
        for n in range(20):
            version = store.save_draft(assessment_id, _assessment(pain=n % 11), None, version)
            registry.viewed(store.load(assessment_id).patient_id)
        return version
    finally:
        database.close()


def test_two_workstations_appending_at_once_keep_one_unbroken_chain(
    clinic: Clinic, database_url: str, tmp_path: Path
) -> None:
    patient = clinic.registry.create(_patient_input())
    drafts = [clinic.store.start(patient.id, _assessment(), "dr.ruiz").id for _ in range(2)]
    start = threading.Barrier(2)
    results: dict[int, int | BaseException] = {}

    def run(assessment_id: int) -> None:
        try:
            results[assessment_id] = _save_many(
                database_url, tmp_path / "keys" / "audit.key", assessment_id, start
            )
        except BaseException as error:  # reported by the assertion below
            results[assessment_id] = error

    threads = [threading.Thread(target=run, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert results == {draft: 21 for draft in drafts}
    saves = clinic.audit.query(action="assessment_save", sort="id", descending=False)
    assert sorted(record.entity_id for record in saves) == sorted(drafts * 21)
    report = clinic.audit.verify()
    assert report.ok, report.message()
    # patient_create and 2 starts; per workstation 21 assessment views, 20 saves, 20 patient views.
    assert report.entries == 1 + 2 + 2 * 61


# A starter process imports and opens everything once, then forks one writer per round:
# starting Python afresh for each of the 20 rounds took most of a minute on PostgreSQL.
STARTER = textwrap.dedent(
    """
    import os
    import sys
    from datetime import date
    from pathlib import Path

    from clinic_desktop.domain.assessment import Assessment, History, Patient
    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.services.audit import AuditLog
    from clinic_desktop.services.audit_chain import AuditKey
    from clinic_desktop.services.audited import AuditedAssessmentStore
    from clinic_desktop.services.writer import SerialWriter

    url, key_path, assessment_id = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    database = open_database(url, migrate=False)
    store = AuditedAssessmentStore(database, AuditLog(database, AuditKey(key_path)), lambda: "dr.k")
    database.engine.dispose()  # no connection may be shared with a forked writer


    def write_forever():
        print(f"pid {os.getpid()}", flush=True)
        version = store.load(assessment_id).version
        writer = SerialWriter()  # as the wizard autosaves
        while True:
            assessment = Assessment(
                patient=Patient("K-1", "Kill", "Test", date(1970, 1, 1)),
                history=History(episodes_per_week=float(version)),
            )
            version = writer.submit(store.save_draft, assessment_id, assessment, None, version).result()
            print(f"ack {version}", flush=True)


    for _request in sys.stdin:
        writer_pid = os.fork()
        if writer_pid == 0:
            write_forever()
        os.waitpid(writer_pid, 0)
        print("gone", flush=True)
    """
)

KILLS = 20


def _settled(clinic: Clinic, assessment_id: int) -> tuple[Any, list[int]]:
    """The stored visit and its save entries' versions once two reads in a row agree (10 s at most)."""
    deadline = time.monotonic() + 10
    last = None
    while True:
        stored = AssessmentStore(clinic.database).load(assessment_id)
        versions = [detail["version"] for detail in _entries(clinic.audit, "assessment_save")]
        now = (stored.version, versions)
        if now == last or time.monotonic() > deadline:
            return stored, versions
        last = now
        time.sleep(0.1)


@pytest.mark.slow
def test_sigkill_at_random_moments_never_keeps_a_save_without_its_entry(
    clinic: Clinic, database_url: str, tmp_path: Path
) -> None:
    patient = clinic.registry.create(_patient_input("K-1"))
    assessment_id = clinic.store.start(patient.id, _assessment(), "dr.ruiz").id
    script = tmp_path / "starter.py"
    script.write_text(STARTER)
    key_path = tmp_path / "keys" / "audit.key"
    randomness = random.Random(20261124)
    with subprocess.Popen(
        [sys.executable, str(script), database_url, str(key_path), str(assessment_id)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as starter:
        assert starter.stdin is not None and starter.stdout is not None
        for round_number in range(KILLS):
            starter.stdin.write("write\n")
            starter.stdin.flush()
            writer_pid = int(starter.stdout.readline().split()[1])
            acks = [starter.stdout.readline()]
            assert acks[0].startswith("ack"), acks
            time.sleep(randomness.uniform(0.0, 0.05))
            os.kill(writer_pid, signal.SIGKILL)
            acks.extend(iter(starter.stdout.readline, "gone\n"))
            last_acknowledged = int(acks[-1].split()[1])

            # On PostgreSQL the server may still be ending the killed writer's transaction (a
            # COMMIT sent just before the kill lands a moment later): read until two reads
            # agree. A save kept without its entry never agrees and still fails below.
            stored, versions = _settled(clinic, assessment_id)
            assert stored.version >= last_acknowledged, round_number
            assert versions == list(range(1, stored.version + 1)), round_number
            report = clinic.audit.verify()
            assert report.ok, (round_number, report.message())
        starter.stdin.close()
        assert starter.wait(30) == 0
