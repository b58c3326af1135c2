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
    Anchor,
    AuditKey,
    TrustProblem,
    Witness,
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
    report = verify_chain(KEY, entries, Anchor(3, entries[-1]["hash"]))
    assert report.ok
    assert report.message() == "ok: audit log intact (3 entries)"


def test_an_edited_entry_is_named() -> None:
    entries = _chain(["login", "patient_view", "assessment_save"])
    entries[1]["username"] = "intruder"
    report = verify_chain(KEY, entries, None)
    assert (report.ok, report.first_broken_id) == (False, 2)
    assert "edited" in report.message()


def test_a_deleted_entry_is_missing_by_number() -> None:
    entries = _chain(["login", "patient_view", "assessment_save"])
    del entries[1]
    report = verify_chain(KEY, entries, None)
    assert (report.ok, report.first_broken_id) == (False, 2)
    assert "entry 2 is missing" in report.message()


def test_an_entry_relinked_over_a_deleted_one_is_still_missing_by_number() -> None:
    # The writer that found entries cut off the end links to the newest left, with a gap.
    entries = _chain(["login", "patient_view", "assessment_save", "print"])
    del entries[1:3]
    entries[1]["prev_hash"] = entries[0]["hash"]
    entries[1]["hash"] = entry_hash(KEY, entries[1])
    report = verify_chain(KEY, entries, None)
    assert (report.ok, report.first_broken_id) == (False, 2)
    assert "entries 2-3 are missing" in report.message()


def test_a_log_that_does_not_start_at_one_lost_its_first_entries() -> None:
    entries = _chain(["login", "lock"])
    report = verify_chain(KEY, entries[1:], None)
    assert (report.ok, report.first_broken_id) == (False, 1)


def test_a_restore_accounts_for_the_ids_it_set_aside() -> None:
    entries = _chain(["login", "print"])
    restore: dict[str, Any] = {
        "id": 7,
        "at": "2026-11-23T11:00:00+00:00",
        "username": None,
        "action": "restore",
        "patient_id": None,
        "entity": None,
        "entity_id": None,
        "detail": '{"replaced_end": 6, "resumes_after": 6}',
        "prev_hash": entries[-1]["hash"],
    }
    restore["hash"] = entry_hash(KEY, restore)
    report = verify_chain(KEY, [*entries, restore], Anchor(7, restore["hash"]))
    assert report.ok, report.message()
    assert "set aside entries 3-6" in report.message()
    # An older anchor (before the restore) and a backup of the replaced log agree too.
    assert verify_chain(KEY, [*entries, restore], Anchor(6, "ff" * 32)).ok
    assert verify_chain(KEY, [*entries, restore], None, [Witness("b", 5, "ee" * 32)]).ok


def test_a_restore_cannot_hide_entries_cut_before_it() -> None:
    entries = _chain(["login", "print"])
    restore: dict[str, Any] = {
        "id": 7,
        "at": "2026-11-23T11:00:00+00:00",
        "username": None,
        "action": "restore",
        "patient_id": None,
        "entity": None,
        "entity_id": None,
        # The replaced database ended at 4 although the anchor said 6.
        "detail": '{"replaced_end": 4, "resumes_after": 6}',
        "prev_hash": entries[-1]["hash"],
    }
    restore["hash"] = entry_hash(KEY, restore)
    report = verify_chain(KEY, [*entries, restore], None)
    assert not report.ok and "entries 5-6 are missing" in report.message()


def test_a_gap_claimed_by_an_entry_that_is_not_a_restore_is_a_break() -> None:
    entries = _chain(["login"])
    forged: dict[str, Any] = {
        **entries[0],
        "id": 5,
        "action": "print",
        "detail": '{"resumes_after": 4}',
        "prev_hash": entries[0]["hash"],
    }
    forged["hash"] = entry_hash(KEY, forged)
    assert not verify_chain(KEY, [*entries, forged], None).ok


def test_a_backup_holding_later_entries_shows_the_end_was_cut() -> None:
    entries = _chain(["login", "print", "lock"])
    report = verify_chain(KEY, entries[:2], None, [Witness("the backup b", 3, entries[2]["hash"])])
    assert (report.ok, report.first_broken_id) == (False, 3)
    assert "the backup b holds them" in report.message()
    differs = verify_chain(KEY, entries, None, [Witness("the backup b", 2, "00" * 32)])
    assert (differs.ok, differs.first_broken_id) == (False, 2)


def test_a_reordered_log_is_detected() -> None:
    entries = _chain(["login", "patient_view", "assessment_save"])
    entries[1], entries[2] = entries[2], entries[1]
    assert not verify_chain(KEY, entries, None).ok


def test_cutting_off_the_newest_entries_is_detected_by_the_anchor() -> None:
    entries = _chain(["login", "patient_view", "assessment_save"])
    report = verify_chain(KEY, entries[:2], Anchor(3, entries[-1]["hash"]))
    assert (report.ok, report.first_broken_id) == (False, 3)
    assert "cut short" in report.message()


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
    key = audit_key.create()
    assert audit_key.load() == key
    assert audit_key.write_anchor(key, Anchor(4, "ab" * 32), create=True)
    assert audit_key.anchor(key) == Anchor(4, "ab" * 32)
    for path in (audit_key.key_path, audit_key.anchor_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_forged_anchor_is_refused(tmp_path: Path) -> None:
    audit_key = AuditKey(tmp_path / "audit.key")
    key = audit_key.create()
    audit_key.anchor_path.write_text(f"1:{'00' * 32}:{'11' * 32}")
    with pytest.raises(TrustProblem, match="not signed with this audit key"):
        audit_key.anchor(key)


def test_a_missing_anchor_is_not_made_by_a_write(tmp_path: Path) -> None:
    audit_key = AuditKey(tmp_path / "audit.key")
    key = audit_key.create()
    assert not audit_key.write_anchor(key, Anchor(4, "ab" * 32))
    assert audit_key.anchor(key) is None


def test_a_damaged_anchor_is_kept_as_evidence(tmp_path: Path) -> None:
    audit_key = AuditKey(tmp_path / "audit.key")
    key = audit_key.create()
    audit_key.anchor_path.write_text("garbage")
    assert not audit_key.write_anchor(key, Anchor(4, "ab" * 32), create=True)
    assert audit_key.anchor_path.read_text() == "garbage"


def test_anchors_written_from_many_threads_at_once_all_succeed_and_keep_the_newest(
    tmp_path: Path,
) -> None:
    # Seen on CI: the GUI thread and the writer both recorded an entry; one anchor's
    # rename took the other's temporary file away (FileNotFoundError).
    audit_key = AuditKey(tmp_path / "audit.key")
    key = audit_key.create()
    audit_key.write_anchor(key, Anchor(0, GENESIS), create=True)
    ids = list(range(1, 201))
    random.Random(7).shuffle(ids)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: audit_key.write_anchor(key, Anchor(i, f"{i:064x}")), ids))
    assert audit_key.anchor(key) == Anchor(200, f"{200:064x}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.anchor", "audit.key"]


def test_the_anchor_never_moves_back_to_an_older_entry(tmp_path: Path) -> None:
    audit_key = AuditKey(tmp_path / "audit.key")
    key = audit_key.create()
    audit_key.write_anchor(key, Anchor(9, "cd" * 32), create=True)
    # A second holder of the same files (another process) knows nothing of the first.
    other = AuditKey(tmp_path / "audit.key")
    assert not other.write_anchor(key, Anchor(8, "ef" * 32))
    assert audit_key.anchor(key) == Anchor(9, "cd" * 32)


def test_workstations_creating_the_key_at_once_all_sign_with_one_key(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "audit.key"
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _i: AuditKey(path).create(), range(32)))
    assert keys == {bytes.fromhex(path.read_text(encoding="ascii"))}


@pytest.mark.parametrize("content", [b"", b"zz" * 32, b"ab" * 8, b"\xff\xfe"])
def test_a_damaged_key_is_named(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "audit.key"
    path.write_bytes(content)
    with pytest.raises(TrustProblem, match=r"damaged|cannot be read") as raised:
        AuditKey(path).load()
    assert str(path) in str(raised.value) and raised.value.subject == "key"


def test_a_missing_key_is_named(tmp_path: Path) -> None:
    with pytest.raises(TrustProblem, match="is missing"):
        AuditKey(tmp_path / "audit.key").load()
    assert not (tmp_path / "audit.key").exists()
