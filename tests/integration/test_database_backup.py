"""Online backups of a SQLite database in use: consistent copies, verification, rotation."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from clinic_desktop.persistence.backup import backup_sqlite, rotate_backups, verify_backup
from clinic_desktop.persistence.database import open_database
from clinic_desktop.services.patients import PatientInput, PatientRegistry


def test_a_backup_of_an_open_database_holds_its_committed_records(
    sqlite_url: str, tmp_path: Path
) -> None:
    database = open_database(sqlite_url)
    try:
        registry = PatientRegistry(database)
        for n in range(50):
            registry.create(PatientInput(f"B-{n}", "Ibáñez", f"Paciente {n}", "1980-02-29"))
        assert database.sqlite_path is not None
        target = backup_sqlite(database.sqlite_path, tmp_path / "copies" / "one.sqlite3")
        registry.create(PatientInput("B-after", "Later", "Patient", "1980-01-01"))
    finally:
        database.close()
    assert verify_backup(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["one.sqlite3"]
    restored = open_database(f"sqlite:///{target}")
    try:
        found = PatientRegistry(restored).search("ibanez", limit=100)
        assert len(found) == 50
        assert PatientRegistry(restored).find_by_mrn("B-after") is None
    finally:
        restored.close()


def test_verify_rejects_missing_garbage_and_damaged_files(tmp_path: Path) -> None:
    assert not verify_backup(tmp_path / "missing.sqlite3")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(os.urandom(4096))
    assert not verify_backup(garbage)
    assert garbage.stat().st_size == 4096


def test_a_failed_backup_leaves_no_partial_file(tmp_path: Path) -> None:
    source = tmp_path / "garbage.sqlite3"
    source.write_bytes(os.urandom(4096))
    with pytest.raises(sqlite3.DatabaseError):
        backup_sqlite(source, tmp_path / "out" / "copy.sqlite3")
    assert list((tmp_path / "out").iterdir()) == []


def test_rotation_keeps_the_newest_backups_only(tmp_path: Path) -> None:
    for n in range(6):
        path = tmp_path / f"clinic-{n}.sqlite3"
        path.write_bytes(b"x")
        os.utime(path, ns=(n * 10**9, n * 10**9))
    (tmp_path / "notes.txt").write_text("not a backup")
    removed = rotate_backups(tmp_path, keep=2)
    assert sorted(p.name for p in removed) == [f"clinic-{n}.sqlite3" for n in range(4)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "clinic-4.sqlite3",
        "clinic-5.sqlite3",
        "notes.txt",
    ]
    assert rotate_backups(tmp_path / "absent", keep=1) == []
    with pytest.raises(ValueError, match="keep"):
        rotate_backups(tmp_path, keep=-1)
