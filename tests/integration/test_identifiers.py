"""Look-alike MRNs are one MRN (issue 10, item 9), in the commands, the registry and the window.

Before: after MRN `WC-012`, the MRNs `WC-012` with a zero-width space, `WC‐012` with a
Unicode hyphen and `wc-012`, each with another birth date, became new patients, and MRNs
of only zero-width or control characters were accepted.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.cli import main
from clinic_desktop.domain.identifiers import IdentifierError, normalise_mrn
from clinic_desktop.persistence.database import open_database
from clinic_desktop.persistence.health import check_database
from clinic_desktop.services.patients import PatientInput, PatientRegistry, PatientValidationError
from tests.unit.test_assessment_json import example

LOOK_ALIKES = [
    "WC-012\u200b",  # zero-width space
    "WC\u2010012",  # Unicode hyphen
    "wc-012",  # lower case
    "ＷＣ－０１２",  # full-width
    "\u2060WC\u2011012",  # word joiner, non-breaking hyphen
    " WC-012 ",
]
NOTHING_VISIBLE = ["\u200b\u200b", "\u200b\u2060\ufeff", "\x07\x07", "\u00ad"]


def case(tmp_path: Path, mrn: str, birth_date: str, name: str) -> Path:
    document: dict[str, Any] = example()
    document["patient"].update(mrn=mrn, birth_date=birth_date)
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=True), encoding="utf-8")
    return path


def patients(data: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(data / "clinic.sqlite3") as connection:
        rows = connection.execute("SELECT mrn, birth_date FROM patients ORDER BY id").fetchall()
    connection.close()
    return rows


@pytest.mark.parametrize("look_alike", LOOK_ALIKES)
def test_import_treats_a_look_alike_mrn_as_the_same_patient(
    look_alike: str,
    isolated_user_dirs: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["import", str(case(tmp_path, "WC-012", "1961-04-02", "a.json"))]) == 0
    status = main(["import", str(case(tmp_path, look_alike, "1970-01-01", "b.json"))])
    _out, err = capsys.readouterr()
    assert status == 2 and err.startswith("patient.birth_date: this MRN is registered")
    # The same birth date: the same patient, a second visit; never a second registration.
    assert main(["import", str(case(tmp_path, look_alike, "1961-04-02", "c.json"))]) == 0
    assert patients(isolated_user_dirs) == [("WC-012", "1961-04-02")]


@pytest.mark.parametrize("mrn", NOTHING_VISIBLE)
def test_an_mrn_with_nothing_visible_is_refused(
    mrn: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(case(tmp_path, mrn, "1961-04-02", "a.json"))]) == 2
    assert capsys.readouterr().err.startswith("patient.mrn: ")


@pytest.mark.parametrize("look_alike", LOOK_ALIKES)
def test_the_registry_refuses_a_look_alike_and_finds_the_patient_by_it(
    look_alike: str, database_url: str
) -> None:
    database = open_database(database_url)
    try:
        registry = PatientRegistry(database)
        first = registry.create(PatientInput("WC-012", "García", "Ana", "1961-04-02"), today=None)
        with pytest.raises(PatientValidationError) as raised:
            registry.create(PatientInput(look_alike, "Otro", "Pablo", "1970-01-01"))
        assert "already belongs" in raised.value.errors["mrn"]
        found = registry.find_by_mrn(look_alike)
        assert found is not None and found.id == first.id
        assert [p.mrn for p in registry.search("wc-012")] == ["WC-012"]
    finally:
        database.close()


@pytest.mark.parametrize("mrn", NOTHING_VISIBLE)
def test_the_registry_refuses_an_mrn_with_nothing_visible(mrn: str, database_url: str) -> None:
    database = open_database(database_url)
    try:
        errors = PatientRegistry(database).validate(
            PatientInput(mrn, "García", "Ana", "1961-04-02")
        )
    finally:
        database.close()
    assert "mrn" in errors


@given(st.text(max_size=30))
def test_normalising_is_idempotent_and_leaves_nothing_invisible(text: str) -> None:
    try:
        normal = normalise_mrn(text)
    except IdentifierError:
        return
    assert normal and normalise_mrn(normal) == normal
    assert normal == normal.strip() and normal.upper() == normal
    assert not any(c in normal for c in "\u200b\u2060\ufeff\u00ad\u2010\u2011\u2013\u2212")


def test_stored_look_alikes_are_normalised_by_the_migration_and_listed_by_check(
    tmp_path: Path,
) -> None:
    from clinic_desktop.persistence import schema

    path = tmp_path / "clinic.sqlite3"
    url = f"sqlite:///{path}"
    database = open_database(url)
    # A real 0004 file: the later revisions taken back (each adds tables or columns of its own).
    with database.engine.begin() as connection:
        from alembic import command

        command.downgrade(schema.alembic_config(connection), "0004")
    database.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("0004",)
        ]
        rows = [
            ("wc-012", "1961-04-02"),  # the earliest: takes the normal form
            ("WC\u2010012", "1970-01-01"),  # a look-alike of it: kept, listed by check
            ("ab-7\u200b", "1980-05-05"),  # alone: normalised
            ("\u200b", "1990-01-01"),  # nothing visible: kept, listed by check
        ]
        connection.executemany(
            "INSERT INTO patients (mrn, family_name, given_name, birth_date, search_text, "
            "created_at, updated_at, version) VALUES (?, 'García', 'Ana', ?, 'x', "
            "'2026-01-01', '2026-01-01', 1)",
            rows,
        )
    connection.close()
    database = open_database(url)  # upgrades to head (a backup first)
    try:
        with database.engine.connect() as connection:
            assert schema.current_revision(connection) == schema.head_revision()
        registry = PatientRegistry(database)
        assert registry.find_by_mrn("WC-012") is not None
        assert registry.find_by_mrn("AB-7") is not None
        assert [p.birth_date.isoformat() for p in registry.search("ab-7")] == ["1980-05-05"]
    finally:
        database.close()
    with sqlite3.connect(path) as connection:
        stored = [row[0] for row in connection.execute("SELECT mrn FROM patients ORDER BY id")]
    connection.close()
    assert stored == ["WC-012", "WC\u2010012", "AB-7", "\u200b"]
    problems = check_database(url)
    assert any("Patients 1, 2 have the same MRN" in p for p in problems), problems
    assert any("Patients 4 have an MRN with no visible" in p for p in problems), problems
