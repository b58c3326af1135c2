"""The keyed hash chain behind the audit log: each entry's HMAC covers the previous one.

An edited, deleted or reordered entry breaks the chain at that entry, and entry ids
run without gaps, so an entry removed from the middle or the end is missing by number.
The key lives outside the database (an owner-only file beside it, or a path the
clinic chooses for several workstations), so someone who can write the database
alone cannot recompute the chain. A signed anchor beside the key records the newest
entry and only ever moves forward, so cutting entries off the end is noticed; so is
a backup that holds entries the log no longer has.

The chain's end only moves forward, even across a restore: the entry that records a
restore takes the id after the anchor's and names the ids it set aside with the
replaced database (`resumes_after`), so the gap is accounted for and signed.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clinic_desktop import paths

GENESIS = "0" * 64
KEY_FILE_ENV = paths.AUDIT_KEY_FILE_ENV
KEY_BYTES = 32
_KEY_ID_LABEL = b"clinic-desktop audit key id"

try:  # POSIX: one writer of the anchor at a time across processes, not only threads
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

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


def key_id(key: bytes) -> str:
    """A short public name of a key, kept in the database so another key is recognised."""
    return hmac.new(key, _KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]


class TrustProblem(Exception):
    """The audit key or anchor cannot be used as it is.

    `subject` is "key" or "anchor"; `message` says what is wrong and `advice` what to do.
    Writing stops on a key problem (entries signed with another key would break the chain).
    """

    def __init__(self, subject: str, message: str, advice: str) -> None:
        super().__init__(f"{message} {advice}")
        self.subject = subject
        self.message = message
        self.advice = advice


@dataclass(frozen=True, slots=True)
class Anchor:
    """The newest entry as last recorded outside the database."""

    entry_id: int
    entry_hash: str


@dataclass(frozen=True, slots=True)
class Witness:
    """Another record of an entry, for example a backup's newest entry, that the log must still hold."""

    source: str
    entry_id: int
    entry_hash: str | None  # None: only that an entry with this id was written


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    entries: int
    first_broken_id: int | None = None
    reason: str | None = None
    subject: str = "entry"  # what is wrong: "entry", "key" or "anchor"
    seconds: float = 0.0
    notes: tuple[str, ...] = ()

    @property
    def per_second(self) -> float | None:
        return self.entries / self.seconds if self.seconds > 0 and self.entries else None

    def message(self) -> str:
        if self.ok:
            rate = self.per_second
            checked = f", checked at {rate:,.0f} entries per second" if rate else ""
            text = f"ok: audit log intact ({self.entries:,} entries{checked})"
            return "; ".join([text, *self.notes])
        if self.first_broken_id is not None:
            return f"audit log broken at entry {self.first_broken_id}: {self.reason}"
        return f"audit log cannot be trusted: {self.reason}"


def _missing(first: int, last: int) -> str:
    return f"entry {first} is missing" if first == last else f"entries {first}-{last} are missing"


def _restore_gap(entry: Mapping[str, Any], first_missing: int) -> tuple[bool, str] | None:
    """Whether a gap before `entry` is the one a restore declared; None if it declared none."""
    if entry.get("action") != "restore":
        return None
    try:
        detail = json.loads(str(entry.get("detail") or "{}"))
    except ValueError:
        return None
    entry_id = int(entry["id"])
    if not isinstance(detail, dict) or detail.get("resumes_after") != entry_id - 1:
        return None
    replaced_end = detail.get("replaced_end")
    if isinstance(replaced_end, int) and first_missing <= replaced_end < entry_id - 1:
        return False, (
            f"{_missing(replaced_end + 1, entry_id - 1)}: they were already gone from the "
            "database this restore replaced"
        )
    aside = (
        _missing(first_missing, entry_id - 1)
        .removesuffix(" is missing")
        .removesuffix(" are missing")
    )
    return True, f"the restore at entry {entry_id} set aside {aside} with the database it replaced"


def verify_chain(
    key: bytes,
    entries: Iterable[Mapping[str, Any]],
    anchor: Anchor | None,
    witnesses: Iterable[Witness] = (),
) -> ChainReport:
    """Walk the entries in id order; name the first one that is missing, out of place or altered.

    Ids start at 1 and follow each other without gaps, except where a restore entry
    declares the ids it set aside. `anchor` is the newest entry recorded outside the
    database; `witnesses` are entries other copies (backups) hold. Entries stream: only
    the previous hash is kept, so memory stays flat however long the log.
    """
    wanted = {witness.entry_id: witness for witness in witnesses}
    previous = GENESIS
    expected = 1
    count = 0
    set_aside: list[tuple[int, int]] = []
    notes: list[str] = []

    def broken(entry_id: int, reason: str) -> ChainReport:
        return ChainReport(False, count, entry_id, reason)

    for entry in entries:
        count += 1
        entry_id = int(entry["id"])
        if entry_id < expected:
            return broken(entry_id, "is out of order (it comes after an entry with a later id)")
        if entry_id > expected:
            declared = _restore_gap(entry, expected)
            if declared is None:
                return broken(expected, f"{_missing(expected, entry_id - 1)} (deleted)")
            accounted, text = declared
            if not accounted:
                return broken(expected, text)
            set_aside.append((expected, entry_id - 1))
            notes.append(text)
        if entry["prev_hash"] != previous:
            return broken(
                entry_id, "does not follow the entry before it (deleted, replaced or reordered)"
            )
        digest = str(entry["hash"])
        if not hmac.compare_digest(entry_hash(key, entry), digest):
            return broken(entry_id, "content does not match its hash (edited)")
        if anchor is not None and entry_id == anchor.entry_id and digest != anchor.entry_hash:
            return broken(entry_id, "is not the entry the anchor recorded (replaced)")
        witness = wanted.get(entry_id)
        if witness is not None and witness.entry_hash not in (None, digest):
            return broken(entry_id, f"differs from the same entry in {witness.source}")
        previous = digest
        expected = entry_id + 1
    last = expected - 1

    def set_aside_by_restore(entry_id: int) -> bool:
        return any(first <= entry_id <= end for first, end in set_aside)

    if anchor is not None and anchor.entry_id > last and not set_aside_by_restore(anchor.entry_id):
        return broken(
            last + 1,
            f"{_missing(last + 1, anchor.entry_id)} from the end of the log "
            f"(the anchor records entry {anchor.entry_id}; cut short)",
        )
    for witness in sorted(wanted.values(), key=lambda w: w.entry_id):
        if witness.entry_id > last and not set_aside_by_restore(witness.entry_id):
            held = "holds them" if witness.entry_hash else f"reached entry {witness.entry_id}"
            return broken(
                last + 1,
                f"{_missing(last + 1, witness.entry_id)} from the end of the log "
                f"({witness.source} {held}; cut short)",
            )
    return ChainReport(True, count, notes=tuple(notes))


class AuditKey:
    """The secret key and the anchor file, both owner-only, beside the database or where configured."""

    def __init__(self, key_path: Path) -> None:
        self.key_path = Path(key_path)
        self.anchor_path = self.key_path.with_suffix(".anchor")

    @classmethod
    def for_database(cls, database_file: Path | None) -> AuditKey:
        """The configured key file, else `audit.key` beside a SQLite file, else in the data dir."""
        return cls(paths.audit_key_file(database_file))

    def exists(self) -> bool:
        return os.path.lexists(self.key_path)

    def load(self) -> bytes:
        """The key; TrustProblem names the file when it is missing, unreadable or damaged."""
        try:
            text = self.key_path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            raise TrustProblem(
                "key",
                f"The audit key file {self.key_path} is missing.",
                "Put back the clinic's copy of the key file (or point "
                f"{KEY_FILE_ENV} at it); no audit entry is written without it.",
            ) from None
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "not a key file"
            raise TrustProblem(
                "key",
                f"The audit key file {self.key_path} cannot be read ({reason}).",
                "Check the file's permissions, or put back the clinic's copy of it.",
            ) from None
        try:
            key = bytes.fromhex(text)
        except ValueError:
            key = b""
        if len(key) != KEY_BYTES:
            raise TrustProblem(
                "key",
                f"The audit key file {self.key_path} is damaged (it does not hold a key).",
                "Put back the clinic's copy of the key file; no audit entry is written without it.",
            )
        return key

    def create(self) -> bytes:
        """Make a new key, owner-only; if another process made one first, everyone uses that one."""
        self.key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_bytes(KEY_BYTES)
        if not _write_private(self.key_path, key.hex(), replace=False):
            return self.load()
        return key

    def anchor(self, key: bytes) -> Anchor | None:
        """The newest entry as last anchored; None when there is no anchor file.

        TrustProblem when the file is damaged or was not signed with `key`.
        """
        try:
            text = self.anchor_path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError):
            text = ""
        parts = text.split(":")
        if len(parts) != 3 or not parts[0].isdigit():
            raise TrustProblem(
                "anchor",
                f"The audit anchor {self.anchor_path} is damaged.",
                _ANCHOR_ADVICE,
            )
        entry_id_text, entry_hash_text, signature = parts
        if not hmac.compare_digest(
            _anchor_signature(key, entry_id_text, entry_hash_text), signature
        ):
            raise TrustProblem(
                "anchor",
                f"The audit anchor {self.anchor_path} was not signed with this audit key "
                "(replaced, or the key is not this log's).",
                _ANCHOR_ADVICE,
            )
        return Anchor(int(entry_id_text), entry_hash_text)

    def write_anchor(self, key: bytes, anchor: Anchor, *, create: bool = False) -> bool:
        """Move the anchor forward to `anchor`; never back, never over a damaged or foreign one.

        Several processes append (workstations, the window and a command): each compares
        with the file itself under a lock, so a late writer cannot move it back. A missing
        anchor is made only when `create` says so (a new log, or an administrator's reset).
        Returns whether the file changed.
        """
        with _ANCHOR_LOCK, self._locked():
            try:
                current = self.anchor(key)
            except TrustProblem:
                return False  # evidence: `audit verify` reports it, and only a reset replaces it
            if current is None and not create:
                return False
            if current is not None and current.entry_id >= anchor.entry_id:
                return False
            _write_anchor_file(self.anchor_path, key, anchor)
            return True

    def reset_anchor(self, key: bytes, anchor: Anchor) -> Path | None:
        """Put a new anchor in place of a missing or damaged one; the old file is kept aside."""
        with _ANCHOR_LOCK, self._locked():
            kept: Path | None = None
            if os.path.lexists(self.anchor_path):
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
                kept = self.anchor_path.with_name(f"{self.anchor_path.name}.set-aside-{stamp}")
                os.replace(self.anchor_path, kept)
            _write_anchor_file(self.anchor_path, key, anchor)
            return kept

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """An advisory lock on the key file (which is never replaced) across processes."""
        if fcntl is None:
            yield
            return
        descriptor = os.open(self.key_path, os.O_RDONLY)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)


_ANCHOR_ADVICE = (
    "Entries cut from the end of the log cannot be noticed until an administrator "
    "checks the log and runs `clinic-desktop audit reset-anchor`, which records the reset."
)
_ANCHOR_LOCK = threading.Lock()


def _anchor_signature(key: bytes, entry_id_text: str, entry_hash_text: str) -> str:
    body = f"{entry_id_text}:{entry_hash_text}".encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def _write_anchor_file(path: Path, key: bytes, anchor: Anchor) -> None:
    body = f"{anchor.entry_id}:{anchor.entry_hash}"
    signature = _anchor_signature(key, str(anchor.entry_id), anchor.entry_hash)
    _write_private(path, f"{body}:{signature}")


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
