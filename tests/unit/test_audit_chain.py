from __future__ import annotations

import random
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.services.audit_chain import (
    GENESIS,
    AnchorError,
    AuditKey,
    entry_hash,
    verify_chain,
)

KEY = b"k" * 32


def _chain(actions: list[str]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    previous = GENESIS
    for number, action in enumerate(actions, start=1):
        entry: dict[str, Any] = {
            "id": number,
            "at": f"2026-11-23T10:00:{number:02d}+00:00",
            "username": "dr.ruiz",
            "action": action,
            "patient_id": 7,
            "entity": "assessment",
            "entity_id": number,
            "detail": '{"note": "x"}',
            "prev_hash": previous,
        }
        entry["hash"] = entry_hash(KEY, entry)
        previous = entry["hash"]
        entries.append(entry)
    return entries


def test_an_untouched_chain_verifies() -> None:
    entries = _chain(["login", "patient_view", "assessment_save"])
    report = verify_chain(KEY, entries, (3, entries[-1]["hash"]))
    assert report.ok
    assert report.message() == "ok: audit log intact (3 entries)"


def test_an_edited_entry_is_named() -> None:
    entries = _chain(["login", "patient_view", "assessment_save"])
    entries[1]["username"] = "intruder"
    report = verify_chain(KEY, entries, None)
    assert (report.ok, report.first_broken_id) == (False, 2)
    assert "edited" in report.message()


def test_a_deleted_entry_breaks_the_next_link() -> None:
    entries = _chain(["login", "patient_view", "assessment_save"])
    del entries[1]
    report = verify_chain(KEY, entries, None)
    assert (report.ok, report.first_broken_id) == (False, 3)


def test_a_reordered_log_is_detected() -> None:
    entries = _chain(["login", "patient_view", "assessment_save"])
    entries[1], entries[2] = entries[2], entries[1]
    assert not verify_chain(KEY, entries, None).ok


def test_cutting_off_the_newest_entries_is_detected_by_the_anchor() -> None:
    entries = _chain(["login", "patient_view", "assessment_save"])
    report = verify_chain(KEY, entries[:2], (3, entries[-1]["hash"]))
    assert (report.ok, report.first_broken_id) == (False, 3)


def test_a_chain_recomputed_with_another_key_fails() -> None:
    entries = _chain(["login"])
    assert not verify_chain(b"x" * 32, entries, None).ok


@given(st.lists(st.sampled_from(["login", "lock", "print"]), min_size=1, max_size=8), st.data())
def test_any_single_edit_is_detected(actions: list[str], data: st.DataObject) -> None:
    entries = _chain(actions)
    victim = data.draw(st.integers(0, len(entries) - 1))
    field = data.draw(st.sampled_from(["at", "username", "action", "patient_id", "detail"]))
    entries[victim][field] = f"{entries[victim][field]}!"
    assert not verify_chain(KEY, entries, None).ok


def test_key_and_anchor_files_are_owner_only(tmp_path: Path) -> None:
    audit_key = AuditKey(tmp_path / "audit.key")
    key = audit_key.load_or_create()
    assert audit_key.load_or_create() == key
    audit_key.write_anchor(key, 4, "ab" * 32)
    assert audit_key.anchor(key) == (4, "ab" * 32)
    for path in (audit_key.key_path, audit_key.anchor_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_forged_anchor_is_refused(tmp_path: Path) -> None:
    audit_key = AuditKey(tmp_path / "audit.key")
    key = audit_key.load_or_create()
    audit_key.anchor_path.write_text(f"1:{'00' * 32}:{'11' * 32}")
    with pytest.raises(AnchorError):
        audit_key.anchor(key)


def test_anchors_written_from_many_threads_at_once_all_succeed_and_keep_the_newest(
    tmp_path: Path,
) -> None:
    # Seen on CI: the GUI thread and the writer both recorded an entry; one anchor's
    # rename took the other's temporary file away (FileNotFoundError).
    audit_key = AuditKey(tmp_path / "audit.key")
    key = audit_key.load_or_create()
    ids = list(range(1, 201))
    random.Random(7).shuffle(ids)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: audit_key.write_anchor(key, i, f"{i:064x}"), ids))
    assert audit_key.anchor(key) == (200, f"{200:064x}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.anchor", "audit.key"]


def test_the_anchor_never_moves_back_to_an_older_entry(tmp_path: Path) -> None:
    audit_key = AuditKey(tmp_path / "audit.key")
    key = audit_key.load_or_create()
    audit_key.write_anchor(key, 9, "cd" * 32)
    audit_key.write_anchor(key, 8, "ef" * 32)
    assert audit_key.anchor(key) == (9, "cd" * 32)


def test_workstations_creating_the_key_at_once_all_sign_with_one_key(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "audit.key"
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _i: AuditKey(path).load_or_create(), range(32)))
    assert keys == {bytes.fromhex(path.read_text(encoding="ascii"))}


def test_the_entry_recording_a_restore_moves_the_anchor_back_with_the_records(
    tmp_path: Path,
) -> None:
    audit_key = AuditKey(tmp_path / "audit.key")
    key = audit_key.load_or_create()
    audit_key.write_anchor(key, 9, "cd" * 32)
    audit_key.write_anchor(key, 5, "ef" * 32, restarted=True)
    assert audit_key.anchor(key) == (5, "ef" * 32)
