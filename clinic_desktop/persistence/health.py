"""Health checks of a database for `clinic-desktop check` and start-up: each problem one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from clinic_desktop.domain.identifiers import IdentifierError, normalise_mrn
from clinic_desktop.persistence import schema
from clinic_desktop.persistence.database import (
    Database,
    DatabaseProblem,
    open_database,
    problem_from_error,
)

# Visit lists sort with NULLS LAST, which SQLite understands from 3.30 on.
MINIMUM_SQLITE = (3, 30, 0)


def check_database(url: str | None = None) -> list[str]:
    """What is wrong with the database at `url` (None: the configured one); empty when healthy.

    Reads only: a database behind the program's schema is reported, not upgraded.
    """
    try:
        database = open_database(url, migrate=False)
    except DatabaseProblem as problem:
        return [str(problem)]
    try:
        return _problems(database)
    except DatabaseProblem as problem:
        return [str(problem)]
    except DBAPIError as error:
        found = problem_from_error(error, database.sqlite_path or database.display_url)
        return [f"The database could not be checked: {found}"]
    finally:
        database.close()


def _problems(database: Database) -> list[str]:
    problems: list[str] = []
    with database.engine.connect() as connection:
        current = schema.current_revision(connection)
        if database.is_sqlite:
            integrity = connection.exec_driver_sql("PRAGMA integrity_check").all()
            problems += _integrity_problems([str(row[0]) for row in integrity])
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            if str(mode).lower() != "wal":
                problems.append(f"The database journal mode is {mode}, expected wal.")
            options = {row[0] for row in connection.exec_driver_sql("PRAGMA compile_options")}
            if "ENABLE_FTS5" not in options:
                problems.append("This SQLite library lacks FTS5, which patient search needs.")
        else:
            connection.execute(text("SELECT 1"))
    problems += _look_alike_mrns(database)
    if sqlite3.sqlite_version_info < MINIMUM_SQLITE:
        needed = ".".join(map(str, MINIMUM_SQLITE))
        problems.append(f"SQLite {sqlite3.sqlite_version} is too old; {needed} or newer is needed.")
    head = schema.head_revision()
    if current is None:
        problems.append(
            "The database has no Clinic Desktop tables yet: start the program once to create them."
        )
    elif current != head:
        problems.append(
            f"The database schema is at revision {current}, this program expects {head}: "
            "start the program to upgrade it (a backup is taken first)."
        )
    return problems


def _look_alike_mrns(database: Database) -> list[str]:
    """Patients whose MRNs are one once normalised (kept apart by migration 0005), by id."""
    groups: dict[str, list[int]] = {}
    unusable: list[int] = []
    with database.engine.connect() as connection:
        if not inspect(connection).has_table("patients"):
            return []
        for patient_id, mrn in connection.execute(text("SELECT id, mrn FROM patients")):
            try:
                groups.setdefault(normalise_mrn(mrn), []).append(patient_id)
            except IdentifierError:
                unusable.append(patient_id)
    problems = [
        f"Patients {', '.join(map(str, sorted(ids)))} have the same MRN written differently: "
        "merge or correct them in the window."
        for ids in groups.values()
        if len(ids) > 1
    ]
    if unusable:
        problems.append(
            f"Patients {', '.join(map(str, sorted(unusable)))} have an MRN with no visible "
            "characters: correct it in the window."
        )
    return problems


def sqlite_integrity_problems(path: Path) -> list[str]:
    """SQLite's quick_check of the whole file, read-only; empty when it is sound.

    It reads every page, so it grows with the file: `check` and a worker thread after the
    window opened run it, never the way to the window.
    """
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as error:
        return [f"The database could not be checked ({type(error).__name__})."]
    return _integrity_problems([str(row[0]) for row in rows])


def _integrity_problems(messages: list[str]) -> list[str]:
    if messages == ["ok"]:
        return []
    shown = "; ".join(messages[:3])
    return [f"The database failed its integrity check: {shown}."]
