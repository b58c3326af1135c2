"""Tampering with the audit log's end, its anchor and its key, as issue 10 reproduced it.

Each test runs the real commands on a real SQLite file (and PostgreSQL where the
shared key matters) and expects `audit verify` to fail naming what it found.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from clinic_desktop.cli import main
from clinic_desktop.persistence.database import open_database
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.audit_chain import AuditKey
from tests.unit.test_assessment_json import example


@pytest.fixture
def data(isolated_user_dirs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data folder whose log holds a few dozen entries: imports, then exports."""
    case = tmp_path / "case.json"
    case.write_text(json.dumps(example(), ensure_ascii=False), encoding="utf-8")
    assert main(["import", str(case)]) == 0
    for _ in range(15):
        assert main(["export", "1"]) == 0
    capsys.readouterr()
    return isolated_user_dirs


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def sql(data: Path, statement: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(data / "clinic.sqlite3") as connection:
        rows = connection.execute(statement).fetchall()
    connection.close()
    return rows


def newest_id(data: Path) -> int:
    return int(sql(data, "SELECT MAX(id) FROM audit_entries")[0][0])


def verify_fails(capsys: pytest.CaptureFixture[str], *expected: str) -> str:
    status, out, err = run(capsys, "audit", "verify")
    assert status == 1, out
    assert out == "" and len(err.strip().splitlines()) == 1, err
    for text in expected:
        assert text in err, err
    return err


def test_deleted_newest_entries_stay_missing_after_later_writes(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue 10 item 1: `delete from audit_entries where id > 10`, then an export; before the
    # fix the next entry took id 18 after 10 and verify said "intact".
    newest = newest_id(data)
    sql(data, "DELETE FROM audit_entries WHERE id > 10")
    verify_fails(capsys, "entry 11")
    for _ in range(3):
        assert run(capsys, "export", "1")[0] == 0
    err = verify_fails(capsys, "broken at entry 11", f"entries 11-{newest} are missing")
    assert "deleted" in err


def test_an_id_gap_in_the_middle_is_a_break(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Ids are consecutive; a deleted entry whose successor was re-linked still leaves a gap.
    rows = sql(data, "SELECT id, hash FROM audit_entries WHERE id IN (4, 6) ORDER BY id")
    assert [row[0] for row in rows] == [4, 6]
    verify_fails_before = run(capsys, "audit", "verify")
    assert verify_fails_before[0] == 0
    sql(data, "DELETE FROM audit_entries WHERE id = 5")
    verify_fails(capsys, "broken at entry 5", "entry 5 is missing")


def test_the_anchor_never_moves_back_when_another_process_anchors_an_older_entry(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two processes append; the one whose commit came first anchors last. Before the fix a
    # process that had not anchored anything yet moved the anchor back to its own entry.
    older_id, older_hash = sql(data, "SELECT id, hash FROM audit_entries WHERE id = 3")[0]
    anchor_before = (data / "audit.anchor").read_text()
    child = textwrap.dedent(
        f"""
        from clinic_desktop.persistence.database import open_database
        from clinic_desktop.services.audit import AuditLog
        database = open_database()
        AuditLog(database).anchor(({older_id}, {str(older_hash)!r}))
        database.close()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert (data / "audit.anchor").read_text() == anchor_before
    sql(data, f"DELETE FROM audit_entries WHERE id > {older_id}")
    verify_fails(capsys, f"broken at entry {older_id + 1}", "cut short")


def test_a_deleted_anchor_is_a_failure_not_a_fresh_start(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data / "audit.anchor").unlink()
    sql(data, "DELETE FROM audit_entries WHERE id > 10")
    err = verify_fails(capsys)
    assert "broken at entry 11" in err or "audit.anchor" in err
    # Later writes neither recreate the anchor nor hide the loss.
    assert run(capsys, "export", "1")[0] == 0
    assert not (data / "audit.anchor").exists()
    verify_fails(capsys)


def test_a_deleted_anchor_alone_is_named(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data / "audit.anchor").unlink()
    assert run(capsys, "export", "1")[0] == 0
    err = verify_fails(capsys, "cannot be trusted", "audit.anchor", "is missing")
    assert "reset-anchor" in err


def test_an_older_anchor_copy_put_back_with_the_entries_after_it_deleted(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older = (data / "audit.anchor").read_bytes()
    anchored = int(older.split(b":")[0])
    for _ in range(5):
        assert run(capsys, "export", "1")[0] == 0
    (data / "audit.anchor").write_bytes(older)
    sql(data, f"DELETE FROM audit_entries WHERE id > {anchored}")
    verify_fails(capsys, f"broken at entry {anchored + 1}", "cut short")


def test_an_older_anchor_and_a_reset_id_counter_are_still_caught_by_a_backup(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older = (data / "audit.anchor").read_bytes()
    anchored = int(older.split(b":")[0])
    for _ in range(5):
        assert run(capsys, "export", "1")[0] == 0
    assert run(capsys, "backup")[0] == 0
    (data / "audit.anchor").write_bytes(older)
    sql(data, f"DELETE FROM audit_entries WHERE id > {anchored}")
    sql(data, f"UPDATE sqlite_sequence SET seq = {anchored} WHERE name = 'audit_entries'")
    verify_fails(capsys, f"broken at entry {anchored + 1}", "backup")


def test_a_garbled_anchor_is_named(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data / "audit.anchor").write_text("not an anchor at all")
    assert run(capsys, "export", "1")[0] == 0
    assert (data / "audit.anchor").read_text() == "not an anchor at all"
    verify_fails(capsys, "audit.anchor", "damaged")


def test_an_anchor_signed_with_another_key_is_named(
    data: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A well-formed anchor (id:hash:signature) signed with a key that is not this log's.
    other_key = os.urandom(32)
    body = f"{newest_id(data)}:{'ab' * 32}"
    signature = hmac.new(other_key, body.encode(), hashlib.sha256).hexdigest()
    (data / "audit.anchor").write_text(f"{body}:{signature}")
    verify_fails(capsys, "audit.anchor", "not signed with this audit key")


def test_a_missing_key_is_never_made_anew(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data / "audit.key").unlink()
    before = newest_id(data)
    status, out, err = run(capsys, "export", "1")
    assert status == 1 and out == ""
    assert "audit key" in err and "missing" in err and "Traceback" not in err
    assert not (data / "audit.key").exists()
    err = verify_fails(capsys, "audit key", "missing")
    assert "None" not in err
    assert not (data / "audit.key").exists()
    assert newest_id(data) == before  # nothing was written


def test_a_swapped_key_stops_writing_and_verify_names_the_key(
    data: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (data / "audit.key").write_text(os.urandom(32).hex())
    before = newest_id(data)
    status, _out, err = run(capsys, "export", "1")
    assert status == 1 and "not the key that signs" in err
    assert newest_id(data) == before
    err = verify_fails(capsys, "audit key", "not the key that signs")
    assert "edited" not in err and "None" not in err


@pytest.mark.parametrize("garbage", ["", "zz" * 32, "ab" * 8, "\x00\xff"])
def test_a_garbled_key_is_named(
    data: Path, capsys: pytest.CaptureFixture[str], garbage: str
) -> None:
    (data / "audit.key").write_bytes(garbage.encode("latin-1"))
    status, _out, err = run(capsys, "export", "1")
    assert status == 1 and "audit key" in err and "Traceback" not in err
    verify_fails(capsys, "audit key", str(data / "audit.key"))


def test_the_anchor_can_be_reset_after_a_loss_and_the_reset_is_recorded(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data / "audit.anchor").unlink()
    status, out, _err = run(capsys, "audit", "reset-anchor")
    assert status == 0 and "records the reset" in out
    assert run(capsys, "audit", "verify")[0] == 0
    assert sql(data, "SELECT action FROM audit_entries ORDER BY id DESC LIMIT 1") == [
        ("anchor_reset",)
    ]
    # A sound anchor is not reset, and a broken log is not anchored over.
    assert run(capsys, "audit", "reset-anchor")[0] == 2
    (data / "audit.anchor").unlink()
    sql(data, "DELETE FROM audit_entries WHERE id = 3")
    assert run(capsys, "audit", "reset-anchor")[0] == 2


def test_verify_says_how_many_entries_it_checked_per_second(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = run(capsys, "audit", "verify")
    assert status == 0
    assert f"({newest_id(data)} entries, checked at " in out and "entries per second" in out


@pytest.mark.postgres
def test_a_workstation_without_the_shared_key_writes_nothing(
    postgres_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Issue 10 item 3: a PostgreSQL workstation started without CLINIC_DESKTOP_AUDIT_KEY_FILE
    # made a key of its own, and its entries broke the shared chain.
    shared = tmp_path / "share" / "audit.key"
    monkeypatch.setenv("CLINIC_DESKTOP_AUDIT_KEY_FILE", str(shared))
    case = tmp_path / "case.json"
    case.write_text(json.dumps(example(), ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "--database-url", postgres_url, "import", str(case))[0] == 0

    monkeypatch.delenv("CLINIC_DESKTOP_AUDIT_KEY_FILE")
    monkeypatch.setenv("CLINIC_DESKTOP_DATA_DIR", str(tmp_path / "second-workstation"))
    status, _out, err = run(capsys, "--database-url", postgres_url, "export", "1")
    assert status == 1 and "audit key" in err and "missing" in err
    assert not (tmp_path / "second-workstation" / "audit.key").exists()

    monkeypatch.setenv("CLINIC_DESKTOP_AUDIT_KEY_FILE", str(shared))
    status, _out, err = run(capsys, "--database-url", postgres_url, "audit", "verify")
    assert status == 0, err
    database = open_database(postgres_url)
    try:
        assert AuditLog(database, AuditKey(shared)).verify().ok
    finally:
        database.close()
