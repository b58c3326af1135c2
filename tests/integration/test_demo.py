"""`clinic-desktop demo`: synthetic patients with accents and visits, quickly, and repeatable."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from clinic_desktop.cli import main
from clinic_desktop.persistence.database import Database, open_database
from clinic_desktop.persistence.models import AssessmentRow, ObservationRow
from clinic_desktop.persistence.search import normalise
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.maintenance import DemoExistsError, fill_demo
from clinic_desktop.services.patients import PatientRegistry


def test_demo_fills_patients_visits_and_observations_that_search_finds(
    database: Database,
) -> None:
    patients, visits = fill_demo(database, 1_200, seed=7)
    registry = PatientRegistry(database)
    assert patients == registry.count() == 1_200
    assert visits > 100
    accented = [p for p in registry.search("", limit=1_200) if p.family_name.isascii() is False]
    assert accented, "the demo should include accented names"
    sample = accented[0]
    typed = f"{normalise(sample.family_name)} {sample.mrn}"
    assert [p.id for p in registry.search(typed)] == [sample.id]
    with database.session() as session:
        first_visit = session.scalar(select(func.min(AssessmentRow.id)))
        observations = session.scalar(select(func.count()).select_from(ObservationRow))
    assert first_visit is not None and observations == 2 * visits
    stored = AssessmentStore(database).load(first_visit)
    assert stored.status == "signed" and stored.assessment.labs


def test_the_same_seed_gives_the_same_patients_and_is_not_loaded_twice(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    first = open_database(database_url)
    try:
        fill_demo(first, 50, seed=3)
        names = [(p.mrn, p.family_name, p.birth_date) for p in PatientRegistry(first).search("")]
        with pytest.raises(DemoExistsError, match="another --seed"):
            fill_demo(first, 50, seed=3)
    finally:
        first.close()
    other = open_database(f"sqlite:///{tmp_path_factory.mktemp('again') / 'c.sqlite3'}")
    try:
        fill_demo(other, 50, seed=3)
        again = [(p.mrn, p.family_name, p.birth_date) for p in PatientRegistry(other).search("")]
    finally:
        other.close()
    assert sorted(again) == sorted(names)


def test_the_demo_command_reports_what_it_made(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--patients", "300", "--seed", "2"]) == 0
    assert capsys.readouterr().out.startswith("created 300 patients and ")
    assert main(["demo", "--patients", "300", "--seed", "2"]) == 2
    assert "already loaded" in capsys.readouterr().err
    assert main(["demo", "--patients", "0"]) == 2
    assert "--patients must be between 1 and" in capsys.readouterr().err


@pytest.mark.slow
def test_demo_patients_load_in_bulk_not_one_statement_per_patient(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The demo fills large data sets (100,000 and 1,000,000 patients) for the benchmarks.

    How fast is a benchmark's figure (benchmarks/README.md), not a test's: a time limit here
    failed on a loaded machine. Here: the rows go to the database in batches, fewer statements
    than patients (one INSERT each would be 20,000 and more, with their visits).
    """
    statements: list[int] = []

    def count(*_args: object, **_kwargs: object) -> None:
        statements.append(1)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        assert main(["demo", "--patients", "20000"]) == 0
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    database = open_database()
    try:
        assert PatientRegistry(database).count() == 20_000
        assert len(statements) < 20_000, f"{len(statements)} statements for 20,000 patients"
    finally:
        database.close()
