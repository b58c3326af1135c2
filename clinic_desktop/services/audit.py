"""The append-only audit log: who read or changed which record, printed or exported what, and when.

Entries are chained by keyed hash (services.audit_chain). Appending takes a
lock so two workstations never fork the chain: on SQLite the database's write
lock, on PostgreSQL a transaction-scoped advisory lock.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from clinic_desktop.paths import data_dir
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import AuditEntryRow
from clinic_desktop.services.audit_chain import (
    GENESIS,
    AnchorError,
    AuditKey,
    ChainReport,
    entry_hash,
    verify_chain,
)

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


def _hashed_view(row: AuditEntryRow) -> dict[str, Any]:
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


class AuditLog:
    def __init__(self, database: Database, key: AuditKey | None = None) -> None:
        self.database = database
        self.key_store = key or AuditKey.for_data_dir(data_dir())
        self._key = self.key_store.load_or_create()

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
        """Append one entry in its own transaction; returns its id."""
        with self.database.session() as session:
            entry_id, entry_hash_text = self.append(
                session,
                action,
                username=username,
                patient_id=patient_id,
                entity=entity,
                entity_id=entity_id,
                detail=detail,
            )
        self.anchor((entry_id, entry_hash_text), restarted=action == "restore")
        return entry_id

    def anchor(self, entry: tuple[int, str], *, restarted: bool = False) -> None:
        """Move the anchor to an entry from `append`, once the caller's unit of work committed.

        Never before the commit: an anchor naming a rolled-back entry would make the
        intact chain look cut short.
        """
        self.key_store.write_anchor(self._key, entry[0], entry[1], restarted=restarted)

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

        Returns the entry's (id, hash) for `anchor` once that unit of work commits.
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _ADVISORY_LOCK_ID})
        elif dialect == "sqlite":
            # Python's sqlite3 begins a transaction only at the first write, so a read of
            # the chain's end would run outside it and two writers could both extend the
            # same entry. A write that changes nothing takes SQLite's write lock first.
            session.execute(text("UPDATE audit_entries SET id = id WHERE 0"))
        last = session.scalars(
            select(AuditEntryRow).order_by(AuditEntryRow.id.desc()).limit(1)
        ).first()
        row = AuditEntryRow(
            at=datetime.now(UTC),
            username=username,
            action=action,
            patient_id=patient_id,
            entity=entity,
            entity_id=entity_id,
            detail=json.dumps(dict(detail or {}), ensure_ascii=False, sort_keys=True, default=str),
            prev_hash=last.hash if last is not None else GENESIS,
            hash="",
        )
        session.add(row)
        session.flush()  # assigns the id, which the hash covers
        row.hash = entry_hash(self._key, _hashed_view(row))
        session.flush()
        return row.id, row.hash

    def verify(self) -> ChainReport:
        try:
            anchor = self.key_store.anchor(self._key)
        except AnchorError as error:
            return ChainReport(False, 0, None, str(error))
        with self.database.session() as session:
            rows = session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.id))
            return verify_chain(self._key, (_hashed_view(row) for row in rows), anchor)

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
