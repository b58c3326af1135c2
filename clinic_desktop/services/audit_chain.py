"""The keyed hash chain behind the audit log: each entry's HMAC covers the previous one.

An edited, deleted or reordered entry breaks the chain at that entry. The key
lives outside the database (an owner-only file beside it, or a path the
clinic chooses for several workstations), so someone who can write the
database alone cannot recompute the chain. A signed "anchor" beside the key
records the newest entry, so cutting entries off the end is noticed too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GENESIS = "0" * 64
KEY_FILE_ENV = "CLINIC_DESKTOP_AUDIT_KEY_FILE"

# The fields an entry's hash covers, in this order; `hash` itself is excluded.
HASHED_FIELDS = (
    "id",
    "at",
    "username",
    "action",
    "patient_id",
    "entity",
    "entity_id",
    "detail",
    "prev_hash",
)


def canonical(entry: Mapping[str, Any]) -> bytes:
    """A byte string that changes whenever any hashed field changes."""
    return json.dumps(
        [entry.get(name) for name in HASHED_FIELDS],
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    ).encode("utf-8")


def entry_hash(key: bytes, entry: Mapping[str, Any]) -> str:
    return hmac.new(key, canonical(entry), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    entries: int
    first_broken_id: int | None = None
    reason: str | None = None

    def message(self) -> str:
        if self.ok:
            return f"ok: audit log intact ({self.entries} entries)"
        return f"audit log broken at entry {self.first_broken_id}: {self.reason}"


def verify_chain(
    key: bytes, entries: Iterable[Mapping[str, Any]], anchor: tuple[int, str] | None
) -> ChainReport:
    """Walk the entries in id order; name the first one whose link or hash is wrong."""
    previous = GENESIS
    count = 0
    last_id: int | None = None
    for entry in entries:
        count += 1
        entry_id = int(entry["id"])
        if last_id is not None and entry_id <= last_id:
            return ChainReport(False, count, entry_id, "entries are out of order")
        if entry["prev_hash"] != previous:
            return ChainReport(
                False, count, entry_id, "does not follow the entry before it (deleted or reordered)"
            )
        if not hmac.compare_digest(entry_hash(key, entry), str(entry["hash"])):
            return ChainReport(False, count, entry_id, "content does not match its hash (edited)")
        previous = str(entry["hash"])
        last_id = entry_id
    if anchor is not None:
        anchor_id, anchor_hash = anchor
        if last_id is None or last_id < anchor_id:
            return ChainReport(
                False, count, anchor_id, "the newest entries are missing (log cut short)"
            )
        if last_id == anchor_id and not hmac.compare_digest(previous, anchor_hash):
            return ChainReport(False, count, anchor_id, "the newest entry was replaced")
    return ChainReport(True, count)


class AnchorError(Exception):
    """The anchor file beside the key was altered or replaced."""


class AuditKey:
    """The secret key and the anchor file, both owner-only, beside the database or where configured."""

    def __init__(self, key_path: Path) -> None:
        self.key_path = key_path
        self.anchor_path = key_path.with_suffix(".anchor")

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> AuditKey:
        configured = os.environ.get(KEY_FILE_ENV)
        return cls(Path(configured) if configured else data_dir / "audit.key")

    def load_or_create(self) -> bytes:
        if self.key_path.exists():
            return bytes.fromhex(self.key_path.read_text(encoding="ascii").strip())
        self.key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_bytes(32)
        if not _write_private(self.key_path, key.hex(), replace=False):
            # Another thread or workstation created it first: everyone signs with that one.
            return bytes.fromhex(self.key_path.read_text(encoding="ascii").strip())
        return key

    def anchor(self, key: bytes) -> tuple[int, str] | None:
        """The newest entry's id and hash as last recorded; AnchorError if the file was altered."""
        if not self.anchor_path.exists():
            return None
        parts = self.anchor_path.read_text(encoding="ascii").strip().split(":")
        if len(parts) != 3 or not parts[0].isdigit():
            raise AnchorError(f"{self.anchor_path.name} is not an audit anchor")
        entry_id_text, entry_hash_text, signature = parts
        expected = hmac.new(key, f"{entry_id_text}:{entry_hash_text}".encode(), hashlib.sha256)
        if not hmac.compare_digest(expected.hexdigest(), signature):
            raise AnchorError(f"{self.anchor_path.name} does not match the audit key")
        return int(entry_id_text), entry_hash_text

    def write_anchor(
        self, key: bytes, entry_id: int, entry_hash_text: str, *, restarted: bool = False
    ) -> None:
        """Move the anchor to this entry, never back to an older one.

        Entries are appended from several threads (the GUI, the serial writer); each
        writes the anchor after its commit, so a later entry's anchor may land first.
        `restarted` is for the entry that records a restore: the records, and so the
        chain, were replaced by an older copy, and the anchor follows them back.
        """
        body = f"{entry_id}:{entry_hash_text}"
        signature = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
        with _ANCHOR_LOCK:
            if not restarted and _ANCHORED.get(self.anchor_path, 0) >= entry_id:
                return
            _write_private(self.anchor_path, f"{body}:{signature}")
            _ANCHORED[self.anchor_path] = entry_id


_ANCHOR_LOCK = threading.Lock()
_ANCHORED: dict[Path, int] = {}  # the newest entry id this program anchored, per anchor file


def _write_private(path: Path, text: str, *, replace: bool = True) -> bool:
    """Write `text` to `path` atomically, readable by the owner only.

    Each write goes through a temporary file of its own, so two writers never rename
    each other's file away. With `replace=False` an existing `path` is kept and the
    answer is False.
    """
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
            return True
        try:
            os.link(temporary, path)  # atomic, and refuses an existing file
        except FileExistsError:
            return False
        return True
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
