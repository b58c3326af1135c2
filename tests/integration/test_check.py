"""`clinic-desktop check`: "ok: ..." for a sound installation and database, else one line and 1."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from clinic_desktop import paths
from clinic_desktop.cli import main
from clinic_desktop.persistence.database import open_database
from clinic_desktop.persistence.health import check_database


def run_check(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["check"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_fresh_installation_checks_ok_and_gets_its_database(
    capsys: pytest.CaptureFixture[str], isolated_user_dirs: Path
) -> None:
    code, out, err = run_check(capsys)
    assert (code, err) == (0, "")
    assert out.startswith("ok: installation complete")
    assert "integrity check" in out
    assert (isolated_user_dirs / "clinic.sqlite3").is_file()


def test_a_damaged_database_fails_the_check_in_one_line_without_being_changed(
    capsys: pytest.CaptureFixture[str], isolated_user_dirs: Path
) -> None:
    path = isolated_user_dirs / "clinic.sqlite3"
    isolated_user_dirs.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(5000))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, out, err = run_check(capsys)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "not a database" in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_missing_resources_fail_the_check(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "resources"
    (empty / "clinical").mkdir(parents=True)
    (empty / "clinical" / "broken.yaml").write_text("key: [unclosed\n")
    monkeypatch.setattr(paths, "resources_dir", lambda: empty)
    code, _out, err = run_check(capsys)
    assert code == 1
    assert "fonts/DejaVuSans.ttf" in err and "broken.yaml cannot be read" in err
    assert err.count("\n") == 1


def test_check_database_reports_an_empty_database_and_passes_a_migrated_one(
    empty_database_url: str,
) -> None:
    open_database(empty_database_url, migrate=False).close()
    [problem] = check_database(empty_database_url)
    assert "no Clinic Desktop tables" in problem
    open_database(empty_database_url).close()
    assert check_database(empty_database_url) == []


def test_check_database_reports_an_unreachable_server() -> None:
    [problem] = check_database("postgresql+psycopg://clinic:secret@127.0.0.1:1/clinic")
    assert "Cannot reach the database server" in problem and "secret" not in problem
