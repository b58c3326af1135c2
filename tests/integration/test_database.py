"""Opening databases: SQLite set-up and file permissions, and refusing files that are not safe to use."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from clinic_desktop.persistence.database import DatabaseProblem, default_url, open_database
from clinic_desktop.persistence.health import check_database, sqlite_integrity_problems
from clinic_desktop.persistence.models import SettingRow
from clinic_desktop.services.maintenance import fill_demo


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(url: str, **options: float) -> DatabaseProblem:
    with pytest.raises(DatabaseProblem) as raised:
        open_database(url, **options)
    return raised.value


def test_the_default_database_is_an_owner_only_file_in_the_data_dir(
    isolated_user_dirs: Path,
) -> None:
    assert default_url() == f"sqlite:///{isolated_user_dirs / 'clinic.sqlite3'}"
    database = open_database()
    try:
        assert database.is_sqlite
        assert database.sqlite_path == isolated_user_dirs / "clinic.sqlite3"
        with database.session() as session:
            pragmas = {
                name: session.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
    finally:
        database.close()
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 5000,
    }
    mode = stat.S_IMODE((isolated_user_dirs / "clinic.sqlite3").stat().st_mode)
    assert mode == 0o600


def test_the_environment_url_wins_over_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "elsewhere" / "records.sqlite3"
    monkeypatch.setenv("CLINIC_DESKTOP_DATABASE_URL", f"sqlite:///{chosen}")
    open_database().close()
    assert chosen.is_file()


def test_a_session_commits_on_success_and_rolls_back_on_error(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    try:
        with database.session() as session:
            session.add(SettingRow(key="kept", value="1"))
        with pytest.raises(RuntimeError), database.session() as session:
            session.add(SettingRow(key="dropped", value="1"))
            session.flush()
            raise RuntimeError("the user action failed half way")
        with database.session() as session:
            keys = session.scalars(text("SELECT key FROM settings")).all()
    finally:
        database.close()
    assert keys == ["kept"]


def test_a_file_of_garbage_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    path.write_bytes(os.urandom(3000))
    before = digest(path)
    problem = refused(f"sqlite:///{path}")
    assert problem.kind == "unreadable"
    assert "not a database" in problem.message and "backup" in problem.advice
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clinic.sqlite3"]


def test_damaged_pages_are_found_by_the_check_and_the_file_is_left_untouched(
    sqlite_url: str,
) -> None:
    # Opening reads the header and the schema only (a scan of the whole file at every start
    # grew with the file: issue 13); `check` and the window's background check scan it.
    database = open_database(sqlite_url)
    fill_demo(database, 300, seed=1)
    path = database.sqlite_path
    database.close()
    assert path is not None
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Overwrite a page in the middle of the patients table with noise.
    middle = (len(data) // page_size // 2) * page_size
    data[middle : middle + page_size] = os.urandom(page_size)
    path.write_bytes(bytes(data))
    before = digest(path)
    problems = check_database(f"sqlite:///{path}")
    assert problems and ("integrity check" in problems[0] or "damaged" in problems[0])
    assert sqlite_integrity_problems(path)
    assert digest(path) == before


def test_a_database_locked_by_another_program_is_reported_as_locked(sqlite_url: str) -> None:
    open_database(sqlite_url).close()
    path = sqlite_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("INSERT INTO settings(key, value) VALUES ('x', '1')")
        problem = refused(sqlite_url, busy_timeout=0.2)
    finally:
        holder.close()
    assert problem.kind == "locked"
    assert "another program" in problem.message


def test_a_folder_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "clinic.sqlite3").mkdir()
    assert refused(f"sqlite:///{tmp_path / 'clinic.sqlite3'}").kind == "unreadable"


def test_another_programs_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    other.close()
    before = digest(path)
    problem = refused(f"sqlite:///{path}")
    assert problem.kind == "unreadable" and "not a Clinic Desktop database" in problem.message
    assert digest(path) == before


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("not a url at all", "unreachable"),
        ("sqlite://", "unreadable"),
        ("postgresql+psycopg://nobody:secret@127.0.0.1:1/clinic", "unreachable"),
    ],
)
def test_unusable_addresses_give_a_problem_without_the_password(url: str, kind: str) -> None:
    problem = refused(url, busy_timeout=1)
    assert problem.kind == kind
    assert "secret" not in str(problem)
