"""The append-only audit log: who read or changed which record, printed or exported what, and when.

Entries are chained by keyed hash (services.audit_chain). Appending takes a
lock so two workstations never fork the chain: on SQLite the database's write
lock, on PostgreSQL a transaction-scoped advisory lock. The database records
which key signs its log (a key id in `settings`): a key is made only for a new
log, and a missing or different key stops writing with a clear message.
"""

from __future__ import annotations

import csv
import hmac
import json
import logging
import sqlite3
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import AuditEntryRow, SettingRow
from clinic_desktop.services.audit_chain import (
    GENESIS,
    Anchor,
    AuditKey,
    ChainReport,
    TrustProblem,
    Witness,
    entry_hash,
    key_id,
    verify_chain,
)

log = logging.getLogger(__name__)
KEY_ID_SETTING = "audit_key_id"

ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "lock",
    "unlock",
    "patient_view",
    "patient_create",
    "patient_update",
    "assessment_view",
    "assessment_save",
    "assessment_sign",
    "assessment_amend",
    "print",
    "export",
    "import",
    "backup",
    "restore",
    "user_create",
    "user_update",
    "password_change",
    "anchor_reset",
    "settings_change",
    "clinic_profile_update",
    "clinician_profile_update",
    "order_place",
    "order_send",
    "results_import",
    "result_resolve",
    "result_dismiss",
    "diary_save",
    "diary_remove",
)

# Columns the audit view may sort by: a whitelist, never a string put into SQL.
SORTABLE_COLUMNS = {
    "id": AuditEntryRow.id,
    "at": AuditEntryRow.at,
    "username": AuditEntryRow.username,
    "action": AuditEntryRow.action,
    "patient_id": AuditEntryRow.patient_id,
    "entity": AuditEntryRow.entity,
}

_ADVISORY_LOCK_ID = 0x61756469  # "audi": one chain per database


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    at: datetime
    username: str | None
    action: str
    patient_id: int | None
    entity: str | None
    entity_id: int | None
    detail: dict[str, Any]


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _hashed_view(row: Any) -> dict[str, Any]:
    """The hashed fields of an entry (an ORM row or a Core row with the same names)."""
    return {
        "id": row.id,
        "at": _timestamp(row.at),
        "username": row.username,
        "action": row.action,
        "patient_id": row.patient_id,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "detail": row.detail,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


_ENTRY_COLUMNS = (
    AuditEntryRow.id,
    AuditEntryRow.at,
    AuditEntryRow.username,
    AuditEntryRow.action,
    AuditEntryRow.patient_id,
    AuditEntryRow.entity,
    AuditEntryRow.entity_id,
    AuditEntryRow.detail,
    AuditEntryRow.prev_hash,
    AuditEntryRow.hash,
)
_STREAM_BATCH = 2000


def _lock_chain(session: Session) -> None:
    """Take the lock every append holds, so two writers never extend the same entry."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _ADVISORY_LOCK_ID})
    elif dialect == "sqlite":
        # Python's sqlite3 begins a transaction only at the first write, so a read of
        # the chain's end would run outside it and two writers could both extend the
        # same entry. A write that changes nothing takes SQLite's write lock first.
        session.execute(text("UPDATE audit_entries SET id = id WHERE 0"))


class AuditLog:
    """The audit log of one database, signed with its key.

    Opening it checks the key against the one the database records: a key is made
    only for a new log (no entries, no key recorded); otherwise a missing, damaged or
    different key raises TrustProblem, and nothing is written. `for_checking` opens
    it without making or recording anything (for `audit verify`).
    """

    def __init__(
        self, database: Database, key: AuditKey | None = None, *, for_checking: bool = False
    ) -> None:
        self.database = database
        self.key_store = key or AuditKey.for_database(database.sqlite_path)
        self._key: bytes | None = self._open_key(may_create=not for_checking)

    def _open_key(self, *, may_create: bool) -> bytes | None:
        store = self.key_store
        with self.database.session() as session:
            recorded = session.scalar(
                select(SettingRow.value).where(SettingRow.key == KEY_ID_SETTING)
            )
            newest = session.execute(
                select(*_ENTRY_COLUMNS).order_by(AuditEntryRow.id.desc()).limit(1)
            ).first()
        if not store.exists() and recorded is None and newest is None:
            if not may_create:
                return None  # a new log: nothing to check, and checking makes nothing
            key = store.create()
        else:
            key = store.load()  # TrustProblem when it is missing although the log has one
        identity = key_id(key)
        if recorded is not None and recorded != identity:
            raise _different_key(store, "the database records another key")
        if recorded is None and newest is not None:
            view = _hashed_view(newest)
            if not hmac.compare_digest(entry_hash(key, view), str(newest.hash)):
                raise _different_key(store, "the newest entry was not signed with it")
        if may_create:
            if recorded is None:
                self._record_key_id(identity)
            if newest is None:
                # A new log starts with an anchor, so a missing anchor later is a finding.
                store.write_anchor(key, Anchor(0, GENESIS), create=True)
        return key

    def _record_key_id(self, identity: str) -> None:
        try:
            with self.database.session() as session:
                _lock_chain(session)
                recorded = session.scalar(
                    select(SettingRow.value).where(SettingRow.key == KEY_ID_SETTING)
                )
                if recorded is None:
                    session.add(SettingRow(key=KEY_ID_SETTING, value=identity))
                elif recorded != identity:
                    raise _different_key(self.key_store, "the database records another key")
        except IntegrityError:
            pass  # another workstation recorded it at the same moment; checked next time

    @property
    def key(self) -> bytes:
        if self._key is None:
            self._key = self._open_key(may_create=True)
        assert self._key is not None
        return self._key

    def record(
        self,
        action: str,
        *,
        username: str | None = None,
        patient_id: int | None = None,
        entity: str | None = None,
        entity_id: int | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> int:
        """Append one entry in its own transaction (or the caller's open one); returns its id."""
        with self.database.session() as session:
            entry = self.append(
                session,
                action,
                username=username,
                patient_id=patient_id,
                entity=entity,
                entity_id=entity_id,
                detail=detail,
            )
        self.anchor(entry)
        return entry[0]

    def anchor(self, entry: tuple[int, str]) -> None:
        """Move the anchor to an entry from `append`, once the caller's unit of work committed.

        Never before the commit: an anchor naming a rolled-back entry would make the
        intact chain look cut short. Inside a larger unit of work still open, the move
        waits for its commit.
        """
        key = self.key
        self.database.after_commit(
            lambda: self.key_store.write_anchor(key, Anchor(entry[0], entry[1]))
        )

    def append(
        self,
        session: Session,
        action: str,
        *,
        username: str | None = None,
        patient_id: int | None = None,
        entity: str | None = None,
        entity_id: int | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> tuple[int, str]:
        """Append inside a caller's unit of work, so the entry commits with the change it records.

        The new entry's id follows both the log's newest entry and the anchor: if entries
        were cut off the end, the gap stays and `verify` reports it, however many entries
        come later. Returns the entry's (id, hash) for `anchor` once that unit of work commits.
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        key = self.key
        _lock_chain(session)
        last = session.execute(
            select(AuditEntryRow.id, AuditEntryRow.hash).order_by(AuditEntryRow.id.desc()).limit(1)
        ).first()
        end_id, previous = (last.id, last.hash) if last is not None else (0, GENESIS)
        details = dict(detail or {})
        try:
            anchored = self.key_store.anchor(key)
        except TrustProblem:
            anchored = None  # verify reports the damaged anchor; the entry is still written
        floor = anchored.entry_id if anchored is not None else 0
        replaced_end = details.get("replaced_end")
        if action == "restore" and isinstance(replaced_end, int):
            floor = max(floor, replaced_end)
        entry_id = max(end_id, floor) + 1
        if entry_id > end_id + 1:
            if action == "restore":
                details["resumes_after"] = entry_id - 1
            else:
                log.warning("The audit log ends before its anchor: entries are missing")
        row = AuditEntryRow(
            id=entry_id,
            at=datetime.now(UTC),
            username=username,
            action=action,
            patient_id=patient_id,
            entity=entity,
            entity_id=entity_id,
            detail=json.dumps(details, ensure_ascii=False, sort_keys=True, default=str),
            prev_hash=previous,
            hash="",
        )
        session.add(row)
        session.flush()
        row.hash = entry_hash(key, _hashed_view(row))
        session.flush()
        return row.id, row.hash

    def verify(self, witnesses: list[Witness] | None = None) -> ChainReport:
        """Check the whole chain, streaming it; the report says how many entries per second.

        `witnesses` default to the newest entry of each backup beside a SQLite database.
        """
        started = time.perf_counter()
        if self._key is None:
            self._key = self._open_key(may_create=False)
            if self._key is None:
                return ChainReport(True, 0)  # a new log, without a key yet
        key = self._key
        try:
            anchor = self.key_store.anchor(key)
        except TrustProblem as problem:
            return ChainReport(False, 0, None, problem.message + " " + problem.advice, "anchor")
        if witnesses is None:
            witnesses = backup_witnesses(self.database.sqlite_path)
        with self.database.engine.connect() as connection:
            witnesses = [*witnesses, *_id_counter_witness(connection)]
            rows = connection.execution_options(yield_per=_STREAM_BATCH).execute(
                select(*_ENTRY_COLUMNS).order_by(AuditEntryRow.id)
            )
            report = verify_chain(key, _views(rows), anchor, witnesses)
        if report.ok and anchor is None and report.entries:
            report = ChainReport(
                False,
                report.entries,
                None,
                f"the audit anchor {self.key_store.anchor_path} is missing, so entries cut from "
                "the end of the log would go unnoticed. An administrator who has checked the "
                "log runs `clinic-desktop audit reset-anchor`, which records the reset.",
                "anchor",
            )
        return replace(report, seconds=time.perf_counter() - started)

    def reset_anchor(self, username: str | None = None) -> tuple[int, Path | None]:
        """After a missing or damaged anchor: record the reset in the log and anchor that entry.

        Refused (ValueError) while the chain itself is broken or the anchor is sound.
        """
        key = self.key
        try:
            anchor = self.key_store.anchor(key)
            reason = "missing" if anchor is None else None
        except TrustProblem as problem:
            reason = "damaged" if "damaged" in problem.message else "not signed with this key"
        if reason is None:
            raise ValueError("the audit anchor is sound: there is nothing to reset")
        with self.database.engine.connect() as connection:
            rows = connection.execution_options(yield_per=_STREAM_BATCH).execute(
                select(*_ENTRY_COLUMNS).order_by(AuditEntryRow.id)
            )
            report = verify_chain(
                key, _views(rows), None, backup_witnesses(self.database.sqlite_path)
            )
        if not report.ok:
            raise ValueError(f"{report.message()}; the anchor is not reset over a broken log")
        with self.database.session() as session:
            entry = self.append(
                session,
                "anchor_reset",
                username=username,
                detail={"anchor": reason, "entries_checked": report.entries},
            )
        kept = self.key_store.reset_anchor(key, Anchor(*entry))
        return entry[0], kept

    def query(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        username: str | None = None,
        patient_id: int | None = None,
        action: str | None = None,
        sort: str = "at",
        descending: bool = True,
        limit: int = 5000,
    ) -> list[AuditRecord]:
        column = SORTABLE_COLUMNS.get(sort)
        if column is None:
            raise ValueError(f"cannot sort the audit log by {sort!r}")
        statement = select(AuditEntryRow)
        if since is not None:
            statement = statement.where(AuditEntryRow.at >= since)
        if until is not None:
            statement = statement.where(AuditEntryRow.at < until)
        if username:
            statement = statement.where(AuditEntryRow.username == username)
        if patient_id is not None:
            statement = statement.where(AuditEntryRow.patient_id == patient_id)
        if action:
            statement = statement.where(AuditEntryRow.action == action)
        order = column.desc() if descending else column.asc()
        statement = statement.order_by(order, AuditEntryRow.id.desc()).limit(limit)
        with self.database.session() as session:
            return [
                AuditRecord(
                    id=row.id,
                    at=row.at,
                    username=row.username,
                    action=row.action,
                    patient_id=row.patient_id,
                    entity=row.entity,
                    entity_id=row.entity_id,
                    detail=json.loads(row.detail or "{}"),
                )
                for row in session.scalars(statement)
            ]


_ENTRY_NAMES = tuple(column.key for column in _ENTRY_COLUMNS)


def _views(rows: Any) -> Iterator[dict[str, Any]]:
    """The hashed view of each streamed row, read by position (a row's attributes cost more)."""
    for row in rows:
        view = dict(zip(_ENTRY_NAMES, row, strict=True))
        view["at"] = _timestamp(view["at"])
        yield view


def _id_counter_witness(connection: Any) -> list[Witness]:
    """SQLite's own counter of the highest audit entry id ever given (AUTOINCREMENT)."""
    if connection.dialect.name != "sqlite":
        return []
    highest = connection.execute(
        text("SELECT seq FROM sqlite_sequence WHERE name = 'audit_entries'")
    ).scalar()
    if highest is None:
        return []
    return [Witness("the database's own count of entry ids", int(highest), None)]


def backup_witnesses(database_file: Path | None) -> list[Witness]:
    """The newest audit entry of each readable backup beside a SQLite database.

    A backup holds the log as it was; the log must still hold those entries, so cutting
    entries off the end together with an older anchor copy is still noticed.
    """
    if database_file is None:
        return []
    folder = database_file.parent / "backups"
    if not folder.is_dir() or folder.is_symlink():
        return []
    witnesses: list[Witness] = []
    for path in sorted(folder.rglob("*.sqlite3")):
        try:
            connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                newest = connection.execute(
                    "SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1"
                ).fetchone()
            finally:
                connection.close()
        except sqlite3.Error:
            continue  # not a backup of ours, or damaged: `check` reports damaged backups
        if newest is not None:
            witnesses.append(Witness(f"the backup {path.name}", int(newest[0]), str(newest[1])))
    return witnesses


def _different_key(store: AuditKey, why: str) -> TrustProblem:
    return TrustProblem(
        "key",
        f"The audit key {store.key_path} is not the key that signs this database's audit log "
        f"({why}).",
        "Use the clinic's key file (every workstation the same one, through "
        "CLINIC_DESKTOP_AUDIT_KEY_FILE); no audit entry is written with another key.",
    )


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text_value = "" if value is None else str(value)
    return "'" + text_value if text_value[:1] in ("=", "+", "-", "@", "\t", "\r") else text_value


def write_csv(records: list[AuditRecord], stream: IO[str]) -> None:
    writer = csv.writer(stream)
    writer.writerow(["id", "at", "user", "action", "patient_id", "entity", "entity_id", "detail"])
    for record in records:
        row = [
            record.id,
            _timestamp(record.at),
            record.username,
            record.action,
            record.patient_id,
            record.entity,
            record.entity_id,
            json.dumps(record.detail, ensure_ascii=False, sort_keys=True),
        ]
        writer.writerow([_cell(value) for value in row])
