"""The program's own medical record numbers: set by an administrator, taken once each, never twice."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from clinic_desktop.persistence.database import Database
from clinic_desktop.services.accounts import AccountError, AccountService
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.audit_chain import AuditKey
from clinic_desktop.services.patients import PatientInput, PatientRegistry
from clinic_desktop.services.record_numbers import Numbering, RecordNumbers

PASSWORD = "Correct-Horse-7391"


@pytest.fixture
def setting_up(database: Database, tmp_path: Path) -> tuple[RecordNumbers, AccountService]:
    audit = AuditLog(database, AuditKey(tmp_path / "audit.key"))
    return RecordNumbers(database, audit), AccountService(database, audit)


def test_numbers_follow_the_prefix_and_skip_those_in_use(
    database: Database, setting_up: tuple[RecordNumbers, AccountService]
) -> None:
    numbers, accounts = setting_up
    admin = accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    assert numbers.numbering() is None
    with pytest.raises(LookupError):
        numbers.take_next()
    numbers.configure(admin, Numbering("H-", 1024, 6))
    registry = PatientRegistry(database)
    registry.create(PatientInput("H-001025", "Typed", "ByHand", "1970-01-01"))
    assert numbers.take_next() == "H-001024"
    assert numbers.take_next() == "H-001026", "a number typed by hand is skipped"
    assert numbers.numbering() == Numbering("H-", 1027, 6)
    clinician = accounts.add_user(admin, "dr.ruiz", "Dr Ruiz", "clinician", PASSWORD)
    with pytest.raises(AccountError):
        numbers.configure(clinician, Numbering("X", 1, 3))
    with pytest.raises(ValueError, match="digits"):
        numbers.configure(admin, Numbering("H-", 1, 0))
    numbers.configure(admin, None)
    assert numbers.numbering() is None
    actions = [e.action for e in accounts.audit.query(sort="id", descending=False)]
    assert actions.count("settings_change") == 2


def test_two_workstations_never_take_the_same_number(
    database: Database, setting_up: tuple[RecordNumbers, AccountService]
) -> None:
    numbers, accounts = setting_up
    admin = accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    numbers.configure(admin, Numbering("C", 1, 4))
    taken: list[str] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(10):
            number = numbers.take_next()
            with lock:
                taken.append(number)

    threads = [threading.Thread(target=take) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(taken) == 30
    assert len(set(taken)) == 30
    assert sorted(taken) == [f"C{n:04d}" for n in range(1, 31)]
