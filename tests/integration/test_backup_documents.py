"""Backups cost what changed (the database plus new documents); restore brings documents back, checked."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from clinic_desktop.cli import main
from clinic_desktop.domain.assessment import Assessment, Patient
from clinic_desktop.persistence.database import open_database
from clinic_desktop.persistence.documents import DocumentFiles, DocumentProblem
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.patients import PatientInput, PatientRegistry
from clinic_desktop.services.safekeeping import make_backup


def print_plans(data: Path, contents: list[bytes]) -> list[str]:
    """Store each content as a printed plan of one visit; their hashes."""
    database = open_database(f"sqlite:///{data / 'clinic.sqlite3'}")
    try:
        registry = PatientRegistry(database)
        patient = registry.find_by_mrn("B-1") or registry.create(
            PatientInput("B-1", "Lopez", "Eva", "1970-01-31")
        )
        store = AssessmentStore(database)
        visit = store.start(
            patient.id,
            Assessment(Patient("B-1", "Lopez", "Eva", date(1970, 1, 31)), date(2026, 11, 20)),
            "dr",
        ).id
        return [store.store_document(visit, "careplan", "en", c, "dr") for c in contents]
    finally:
        database.close()


def backed_up(folder: Path) -> set[str]:
    return set(DocumentFiles(folder / "documents").digests())


def test_each_backup_copies_the_database_and_only_the_documents_added_since(
    isolated_user_dirs: Path,
) -> None:
    first = print_plans(isolated_user_dirs, [b"%PDF one", b"%PDF two"])
    database_file = isolated_user_dirs / "clinic.sqlite3"
    backup = make_backup(database_file, "daily")
    folder = backup.parent
    assert backed_up(folder) == set(first)
    written = {d: DocumentFiles(folder / "documents").path(d).stat().st_mtime_ns for d in first}

    later = print_plans(isolated_user_dirs, [b"%PDF three"])
    make_backup(database_file, "manual")
    assert backed_up(folder) == {*first, *later}
    # The documents already there were not copied again.
    assert {
        d: DocumentFiles(folder / "documents").path(d).stat().st_mtime_ns for d in first
    } == written


def test_a_damaged_document_is_named_and_not_copied_over_a_good_backup(
    isolated_user_dirs: Path,
) -> None:
    [digest] = print_plans(isolated_user_dirs, [b"%PDF the signed plan"])
    database_file = isolated_user_dirs / "clinic.sqlite3"
    kept = DocumentFiles.beside(database_file).path(digest)
    os.chmod(kept, 0o600)
    kept.write_bytes(b"%PDF changed afterwards")
    with pytest.raises(DocumentProblem, match="no longer matches its hash"):
        make_backup(database_file, "daily")
    assert digest not in backed_up(database_file.parent / "backups")


def test_restore_brings_back_the_documents_and_checks_them(
    isolated_user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contents = [b"%PDF first plan", b"%PDF second plan"]
    digests = print_plans(isolated_user_dirs, contents)
    database_file = isolated_user_dirs / "clinic.sqlite3"
    backup = make_backup(database_file, "manual")
    shutil.rmtree(isolated_user_dirs / "documents")

    assert main(["restore", str(backup)]) == 0
    live = DocumentFiles.beside(database_file)
    assert [live.get(d) for d in digests] == contents


def test_restore_refuses_a_backup_whose_document_was_changed_and_changes_nothing(
    isolated_user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [digest] = print_plans(isolated_user_dirs, [b"%PDF the only plan"])
    database_file = isolated_user_dirs / "clinic.sqlite3"
    backup = make_backup(database_file, "manual")
    shutil.rmtree(isolated_user_dirs / "documents")
    saved = DocumentFiles(backup.parent / "documents").path(digest)
    os.chmod(saved, 0o600)
    saved.write_bytes(b"%PDF forged")
    before = database_file.read_bytes()

    assert main(["restore", str(backup)]) == 2
    err = capsys.readouterr().err
    assert "nothing was restored" in err and "Traceback" not in err
    assert database_file.read_bytes() == before
