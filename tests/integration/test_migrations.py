"""Schema migrations: from empty to head, the models match them, backups before upgrades, newer refused."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from clinic_desktop.persistence import schema
from clinic_desktop.persistence.backup import verify_backup
from clinic_desktop.persistence.database import DatabaseProblem, open_database
from clinic_desktop.persistence.models import Base
from clinic_desktop.services.patients import PatientInput, PatientRegistry

NEXT = "9001"
NEXT_REVISION = '''"""A test-only revision after the program's own head.

Revision ID: 9001
Revises: {head}
"""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("settings") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("settings") as batch:
        batch.drop_column("note")
'''


@pytest.fixture
def newer_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pretend to be a later release whose migrations add one revision after today's head."""
    copy = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    write_next_revision(copy)
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", copy)
    monkeypatch.setattr(schema, "REVISIONS", (*schema.REVISIONS, NEXT))
    yield


def write_next_revision(migrations: Path) -> None:
    head = schema.head_revision()
    text = NEXT_REVISION.replace("{head}", head)
    (migrations / "versions" / f"{NEXT}_settings_note.py").write_text(text)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def not_search_structure(name: str | None, kind: str, *_: object) -> bool:
    """The dialect-specific search structures live in the migration only, not in the models."""
    if name is None:
        return True
    if kind == "table":
        return not name.startswith("patients_fts")
    return name not in ("ix_patients_search_text", "ix_patients_search_text_trgm")


def test_an_empty_database_is_brought_to_head_and_matches_the_models(
    empty_database_url: str,
) -> None:
    database = open_database(empty_database_url)
    try:
        with database.engine.connect() as connection:
            assert schema.current_revision(connection) == schema.head_revision()
            context = MigrationContext.configure(
                connection,
                opts={"compare_type": True, "include_name": not_search_structure},
            )
            differences = compare_metadata(context, Base.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        database.close()
    assert differences == []
    assert set(Base.metadata.tables) <= tables


def test_opening_again_at_head_changes_nothing(sqlite_url: str) -> None:
    open_database(sqlite_url).close()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    before = digest(path)
    open_database(sqlite_url).close()
    assert digest(path) == before
    assert not (path.parent / "backups").exists()


@pytest.mark.usefixtures("newer_program")
def test_an_older_file_is_backed_up_then_upgraded_keeping_its_records(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old_program:
        old_program.setattr(schema, "MIGRATIONS_DIR", Path(schema.__file__).parent / "migrations")
        old_program.setattr(schema, "REVISIONS", schema.REVISIONS[:-1])
        head = schema.head_revision()
        database = open_database(sqlite_url)
        PatientRegistry(database).create(PatientInput("K-1", "Peña", "Inés", "1950-05-05"))
        database.close()

    database = open_database(sqlite_url)
    try:
        with database.engine.connect() as connection:
            assert schema.current_revision(connection) == NEXT
            columns = {c["name"] for c in inspect(connection).get_columns("settings")}
        assert "note" in columns
        assert [p.mrn for p in PatientRegistry(database).search("pena ines")] == ["K-1"]
    finally:
        database.close()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    [backup] = (path.parent / "backups" / "pre-migration").iterdir()
    assert f"schema-{head}" in backup.name
    assert verify_backup(backup)
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(head,)]
        assert copy.execute("SELECT mrn FROM patients").fetchall() == [("K-1",)]
    copy.close()


def test_a_database_from_a_newer_program_is_refused_and_left_untouched(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    newer = tmp_path / "newer-migrations"
    shutil.copytree(schema.MIGRATIONS_DIR, newer, ignore=shutil.ignore_patterns("__pycache__"))
    write_next_revision(newer)
    with monkeypatch.context() as newer_release:
        newer_release.setattr(schema, "MIGRATIONS_DIR", newer)
        newer_release.setattr(schema, "REVISIONS", (*schema.REVISIONS, NEXT))
        open_database(empty_database_url).close()

    path = (
        Path(empty_database_url.removeprefix("sqlite:///"))
        if "sqlite" in empty_database_url
        else None
    )
    before = digest(path) if path else None
    with pytest.raises(DatabaseProblem) as raised:
        open_database(empty_database_url)
    assert raised.value.kind == "newer_schema"
    assert "newer version" in raised.value.message
    if path is not None:
        assert digest(path) == before


def test_the_programs_list_of_revisions_is_its_migration_scripts_oldest_first() -> None:
    # Opening the records reads schema.REVISIONS instead of importing Alembic: a new
    # migration script must be added there too, or this fails.
    scripts = ScriptDirectory.from_config(schema.alembic_config())
    walked = [script.revision for script in scripts.walk_revisions()]
    assert tuple(reversed(walked)) == schema.REVISIONS
    assert scripts.get_current_head() == schema.head_revision()


def test_opening_current_records_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from clinic_desktop.persistence.database import open_database\n"
        f"url = 'sqlite:///{tmp_path / 'clinic.sqlite3'}'\n"
        "open_database(url).close()\n"
        "for name in [m for m in sys.modules if m.split('.')[0] == 'alembic']:\n"
        "    del sys.modules[name]\n"
        "open_database(url).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
