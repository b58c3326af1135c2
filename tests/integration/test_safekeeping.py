"""Backup and restore through the real commands on a real SQLite file."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from clinic_desktop.cli import main
from clinic_desktop.persistence.database import open_database
from clinic_desktop.services.patients import PatientInput, PatientRegistry
from clinic_desktop.services.safekeeping import daily_backup_due, make_backup, newest_good_backup


def _database_with_patient(data: Path, family_name: str) -> Path:
    database = open_database(f"sqlite:///{data / 'clinic.sqlite3'}")
    try:
        PatientRegistry(database).create(
            PatientInput(
                mrn=f"M-{family_name}",
                family_name=family_name,
                given_name="Ana",
                birth_date="1961-04-02",
            )
        )
    finally:
        database.close()
    return data / "clinic.sqlite3"


def _families(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [
            row[0] for row in connection.execute("SELECT family_name FROM patients ORDER BY id")
        ]


def test_backup_then_restore_brings_back_the_records(
    isolated_user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database_file = _database_with_patient(isolated_user_dirs, "García")
    assert main(["backup"]) == 0
    backup = Path(capsys.readouterr().out.strip())
    assert backup.is_file() and stat.S_IMODE(backup.stat().st_mode) == 0o600
    _database_with_patient(isolated_user_dirs, "Núñez")
    assert _families(database_file) == ["García", "Núñez"]

    assert main(["restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert "previous database is kept" in out
    assert _families(database_file) == ["García"]
    kept = list(isolated_user_dirs.glob("clinic.sqlite3.before-restore-*"))
    assert len(kept) == 1 and _families(kept[0]) == ["García", "Núñez"]
    assert main(["audit", "verify"]) == 0


def test_a_damaged_backup_is_refused_and_nothing_changes(
    isolated_user_dirs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database_file = _database_with_patient(isolated_user_dirs, "García")
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8192)
    before = database_file.read_bytes()
    assert main(["restore", str(damaged)]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert database_file.read_bytes() == before


def test_rotation_and_the_newest_good_backup(isolated_user_dirs: Path) -> None:
    database_file = _database_with_patient(isolated_user_dirs, "García")
    assert daily_backup_due(database_file)
    first = make_backup(database_file, "daily")
    assert not daily_backup_due(database_file)
    second = make_backup(database_file, "close")
    second.write_bytes(b"not a database at all")
    assert newest_good_backup(database_file) == first


def test_audit_verify_fails_in_one_line_after_tampering(
    isolated_user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database_file = _database_with_patient(isolated_user_dirs, "García")
    assert main(["backup"]) == 0
    assert main(["backup"]) == 0
    with sqlite3.connect(database_file) as connection:
        connection.execute("UPDATE audit_entries SET action = 'restore' WHERE id = 1")
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.endswith("content does not match its hash (edited)")
    assert "entry 1" in err
