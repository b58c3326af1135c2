"""Several programs opening a new database at the same moment all succeed (issue 10, item 5).

Before the fix, on SQLite the second saw half-made tables ("holds tables but is not a
Clinic Desktop database") and on PostgreSQL it failed with a duplicate key in pg_type
("Cannot reach the database server"). Creating the schema now holds a lock, in one
transaction; the others wait, then find it made.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from clinic_desktop.persistence import schema

PROGRAMS = 4

CHILD = textwrap.dedent(
    """
    import sys
    import time
    import traceback

    from clinic_desktop.persistence.database import DatabaseProblem, open_database
    from clinic_desktop.services.audit import AuditLog

    url, start = sys.argv[1], float(sys.argv[2])
    time.sleep(max(0.0, start - time.time()))
    try:
        database = open_database(url)
        AuditLog(database).record("login", username="first-use")
        database.close()
    except DatabaseProblem as problem:
        print(problem, flush=True)
        traceback.print_exc(limit=6)
        sys.exit(1)
    """
)


def _open_at_once(url: str, tmp_path: Path) -> list[subprocess.CompletedProcess[str]]:
    script = tmp_path / "first_use.py"
    script.write_text(CHILD)
    start = time.time() + 2.0  # every child imported and waiting by then
    children = [
        subprocess.Popen(
            [sys.executable, str(script), url, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROGRAMS)
    ]
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(child.args, child.returncode, out, err))
    return results


def _assert_all_opened(results: list[subprocess.CompletedProcess[str]], url: str) -> None:
    failures = [(r.returncode, r.stdout + r.stderr[-800:]) for r in results if r.returncode]
    assert not failures, failures
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            assert schema.current_revision(connection) == schema.head_revision()
            logins = connection.execute(
                text("SELECT COUNT(*) FROM audit_entries WHERE username = 'first-use'")
            ).scalar()
    finally:
        engine.dispose()
    assert logins == PROGRAMS


@pytest.mark.parametrize("attempt", range(3))
def test_programs_creating_a_new_sqlite_database_at_once_all_succeed(
    tmp_path: Path, attempt: int
) -> None:
    url = f"sqlite:///{tmp_path / 'records' / 'clinic.sqlite3'}"
    _assert_all_opened(_open_at_once(url, tmp_path), url)


@pytest.mark.postgres
@pytest.mark.parametrize("attempt", range(3))
def test_programs_creating_a_new_postgresql_schema_at_once_all_succeed(
    empty_postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attempt: int
) -> None:
    monkeypatch.setenv("CLINIC_DESKTOP_AUDIT_KEY_FILE", str(tmp_path / "shared" / "audit.key"))
    _assert_all_opened(_open_at_once(empty_postgres_url, tmp_path), empty_postgres_url)
