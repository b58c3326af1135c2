"""Signed documents: on SQLite immutable files named by their hash, read back only when the hash holds."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import Assessment, Patient
from clinic_desktop.persistence import schema
from clinic_desktop.persistence.database import Database, open_database
from clinic_desktop.persistence.documents import DocumentFiles, DocumentProblem, sha256_of
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.patients import PatientInput, PatientRegistry


def a_visit(database: Database) -> int:
    patient = PatientRegistry(database).create(PatientInput("D-1", "Ruiz", "Ana", "1961-04-02"))
    assessment = Assessment(
        patient=Patient("D-1", "Ruiz", "Ana", date(1961, 4, 2)), visit_date=date(2026, 11, 20)
    )
    return AssessmentStore(database).start(patient.id, assessment, "dr").id


def stored_row(database_file: Path) -> tuple[str, bytes | None]:
    with sqlite3.connect(database_file) as connection:
        row = connection.execute("SELECT sha256, content FROM documents").fetchone()
    connection.close()
    return row


def test_on_sqlite_a_printed_plan_is_a_read_only_file_and_the_row_keeps_only_its_hash(
    sqlite_url: str,
) -> None:
    database = open_database(sqlite_url)
    try:
        store = AssessmentStore(database)
        visit = a_visit(database)
        content = b"%PDF-1.4 a care plan\n"
        digest = store.store_document(visit, "careplan", "es", content, "dr")
        [(document_id, *_)] = store.documents(visit)
        assert store.document_content(document_id) == content
        path = database.sqlite_path
        assert path is not None
    finally:
        database.close()
    kept = path.parent / "documents" / digest[:2] / f"{digest}.pdf"
    assert kept.read_bytes() == content
    assert stat.S_IMODE(kept.stat().st_mode) == 0o400
    assert stored_row(path) == (digest, None)


def test_a_changed_or_missing_document_file_is_refused_never_shown(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    try:
        store = AssessmentStore(database)
        visit = a_visit(database)
        digest = store.store_document(visit, "careplan", "en", b"%PDF the signed plan", "dr")
        [(document_id, *_)] = store.documents(visit)
        assert database.sqlite_path is not None
        kept = DocumentFiles.beside(database.sqlite_path).path(digest)
        os.chmod(kept, 0o600)
        kept.write_bytes(b"%PDF a forged plan")
        with pytest.raises(DocumentProblem, match="no longer matches its hash"):
            store.document_content(document_id)
        kept.unlink()
        with pytest.raises(DocumentProblem, match="missing"):
            store.document_content(document_id)
    finally:
        database.close()


@pytest.mark.postgres
def test_on_postgresql_the_document_stays_in_the_server(empty_postgres_url: str) -> None:
    database = open_database(empty_postgres_url)
    try:
        store = AssessmentStore(database)
        visit = a_visit(database)
        content = b"%PDF kept in the server"
        store.store_document(visit, "careplan", "en", content, "dr")
        [(document_id, *_)] = store.documents(visit)
        assert store.document_content(document_id) == content
        assert database.sqlite_path is None
    finally:
        database.close()


def test_upgrading_moves_stored_documents_out_and_compacts_the_file(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    contents = [os.urandom(400_000) for _ in range(5)]
    try:
        store = AssessmentStore(database)
        visit = a_visit(database)
        digests = [store.store_document(visit, "careplan", "en", c, "dr") for c in contents]
        path = database.sqlite_path
        assert path is not None
        # An older program's file: the documents inside the database, in their rows.
        with database.engine.begin() as connection:
            command.downgrade(schema.alembic_config(connection), "0003")
    finally:
        database.close()
    (path.parent / "documents").rename(path.parent / "documents-gone")
    with sqlite3.connect(path) as connection:
        assert connection.execute(
            "SELECT count(*) FROM documents WHERE length(content) > 0"
        ).fetchone() == (5,)
    connection.close()
    before = path.stat().st_size
    assert before > 2_000_000

    database = open_database(sqlite_url)
    try:
        store = AssessmentStore(database)
        shown = [store.document_content(d[0]) for d in store.documents(visit)]
    finally:
        database.close()
    assert shown == contents
    assert [sha256_of(c) for c in shown] == digests
    with sqlite3.connect(path) as connection:
        assert connection.execute(
            "SELECT count(*) FROM documents WHERE content IS NULL"
        ).fetchone() == (5,)
    connection.close()
    assert path.stat().st_size < before / 4


@settings(max_examples=30, deadline=None)
@given(content=st.binary(max_size=2000))
def test_any_bytes_come_back_exactly_and_only_when_intact(
    content: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    files = DocumentFiles(tmp_path_factory.mktemp("documents"))
    digest = files.put(content)
    assert files.put(content) == digest == sha256_of(content)
    assert files.get(digest) == content
    assert list(files.digests()) == [digest]
