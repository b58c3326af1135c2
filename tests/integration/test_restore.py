"""Restore is one rename at the end, and a records file that vanished is never made anew.

Issue 10 item 2: a `restore` killed part-way left only the `.before-restore-*` and
`.partial` files, and the next `import` made a new, empty database (ids from 1) that
`audit verify` called "ok". The same after `truncate -s 0 clinic.sqlite3`.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from clinic_desktop.cli import main
from clinic_desktop.persistence.database import DatabaseProblem, open_database
from clinic_desktop.services import safekeeping
from tests.unit.test_assessment_json import example


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def case(tmp_path: Path, mrn: str) -> Path:
    document = example()
    document["patient"]["mrn"] = mrn
    path = tmp_path / f"{mrn}.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def mrns(database_file: Path) -> list[str]:
    with sqlite3.connect(database_file) as connection:
        rows = connection.execute("SELECT mrn FROM patients ORDER BY id").fetchall()
    connection.close()
    return [row[0] for row in rows]


@pytest.fixture
def clinic(
    isolated_user_dirs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, Path]:
    """A data folder with two patients, a backup holding the first only; (database, backup)."""
    assert run(capsys, "import", str(case(tmp_path, "R-1")))[0] == 0
    status, out, _err = run(capsys, "backup")
    assert status == 0
    assert run(capsys, "import", str(case(tmp_path, "R-2")))[0] == 0
    return isolated_user_dirs / "clinic.sqlite3", Path(out.strip())


def test_a_restore_brings_the_backup_back_and_the_log_moves_forward(
    clinic: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    database_file, backup = clinic
    status, out, _err = run(capsys, "restore", str(backup))
    assert status == 0 and "previous database is kept as" in out
    assert mrns(database_file) == ["R-1"]
    kept = list(database_file.parent.glob("clinic.sqlite3.before-restore-*"))
    assert len(kept) == 1 and mrns(kept[0]) == ["R-1", "R-2"]
    assert not list(database_file.parent.glob("*.restoring*"))
    status, out, _err = run(capsys, "audit", "verify")
    assert status == 0, out
    assert "set aside entries" in out  # the replaced database's later entries, accounted for
    # The restore's own entry is in the restored file, with an id past every earlier one.
    with sqlite3.connect(kept[0]) as connection:
        replaced_end = connection.execute("SELECT MAX(id) FROM audit_entries").fetchone()[0]
    connection.close()
    with sqlite3.connect(database_file) as connection:
        newest = connection.execute(
            "SELECT id, action FROM audit_entries ORDER BY id DESC LIMIT 1"
        ).fetchone()
    connection.close()
    assert newest[1] == "restore" and newest[0] > replaced_end


@pytest.mark.parametrize(
    "failing_step", ["backup_sqlite", "record", "fold", "keep_aside", "replace"]
)
def test_a_restore_that_fails_at_any_step_leaves_the_records_as_they_were(
    clinic: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    failing_step: str,
) -> None:
    database_file, backup = clinic

    class Died(Exception):
        pass

    def die(*_args: object, **_kwargs: object) -> None:
        raise Died("the process died here")

    real_replace = os.replace

    def replace(source: object, target: object) -> None:
        if str(source).endswith(".restoring"):
            raise Died("the process died at the rename")
        real_replace(source, target)  # type: ignore[arg-type]

    targets = {
        "backup_sqlite": ("clinic_desktop.persistence.backup.backup_sqlite", die),
        "record": ("clinic_desktop.services.safekeeping._record_restore", die),
        "fold": ("clinic_desktop.services.safekeeping._fold_journal", die),
        "keep_aside": ("clinic_desktop.services.safekeeping._keep_aside", die),
        "replace": ("clinic_desktop.services.safekeeping.os.replace", replace),
    }
    target, replacement = targets[failing_step]
    with monkeypatch.context() as broken:
        broken.setattr(target, replacement)
        with pytest.raises(Died):
            safekeeping.restore_backup(backup, database_file)
    assert mrns(database_file) == ["R-1", "R-2"]
    assert not list(database_file.parent.glob("*.restoring*"))
    assert not list(database_file.parent.glob("*.before-restore-*"))
    assert run(capsys, "audit", "verify")[0] == 0
    assert run(capsys, "export", "2")[0] == 0


def test_an_emptied_records_file_is_not_made_anew_and_the_backup_is_offered(
    clinic: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database_file, backup = clinic
    os.truncate(database_file, 0)  # truncate -s 0 clinic.sqlite3
    for side in ("-wal", "-shm"):
        database_file.with_name(database_file.name + side).unlink(missing_ok=True)
    status, out, err = run(capsys, "import", str(case(tmp_path, "R-3")))
    assert status == 1 and out == ""
    assert "is empty" in err and "this folder kept records before" in err
    # The command to type names the newest backup (the window offers it with a button).
    assert f"clinic-desktop restore {backup}," in err and "below" not in err
    assert database_file.stat().st_size == 0  # nothing was made in its place
    status, _out, err = run(capsys, "audit", "verify")
    assert status == 1 and "is empty" in err

    assert run(capsys, "restore", str(backup))[0] == 0
    assert mrns(database_file) == ["R-1"]
    status, out, err = run(capsys, "audit", "verify")
    assert status == 0, err
    assert run(capsys, "import", str(case(tmp_path, "R-3")))[0] == 0


def test_a_deleted_records_file_is_not_made_anew(
    clinic: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database_file, _backup = clinic
    for suffix in ("", "-wal", "-shm"):
        database_file.with_name(database_file.name + suffix).unlink(missing_ok=True)
    status, _out, err = run(capsys, "import", str(case(tmp_path, "R-3")))
    assert status == 1 and "is missing" in err and "backup" in err
    assert not database_file.exists()
    with pytest.raises(DatabaseProblem) as raised:
        open_database()
    assert raised.value.kind == "missing"
    assert "an audit log up to entry" in raised.value.message


def test_a_records_file_cut_short_is_refused(
    clinic: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    database_file, _backup = clinic
    connection = sqlite3.connect(database_file)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    os.truncate(database_file, database_file.stat().st_size // 2)
    status, _out, err = run(capsys, "export", "1")
    assert status == 1 and "damaged" in err


def test_a_new_folder_still_gets_a_new_database(isolated_user_dirs: Path) -> None:
    open_database().close()
    assert (isolated_user_dirs / "clinic.sqlite3").stat().st_size > 0


def test_a_backup_from_a_newer_program_or_not_a_backup_is_refused(
    clinic: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database_file, backup = clinic
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(backup.read_bytes())
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    status, _out, err = run(capsys, "restore", str(newer))
    assert status == 2 and "newer version" in err
    status, _out, err = run(capsys, "restore", str(tmp_path / "nowhere.sqlite3"))
    assert status == 2 and "no backup file there" in err
    assert mrns(database_file) == ["R-1", "R-2"]


def test_restore_refuses_while_another_program_has_the_records_open(
    clinic: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    database_file, backup = clinic
    database = open_database()
    try:
        with database.session() as session:
            session.connection()  # a pooled connection stays open, as in a running window
        status, _out, err = run(capsys, "restore", str(backup))
    finally:
        database.close()
    assert status == 1 and "in use" in err
    assert mrns(database_file) == ["R-1", "R-2"]
