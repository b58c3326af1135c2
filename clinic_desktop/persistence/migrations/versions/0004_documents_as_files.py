"""Signed documents leave the SQLite file: immutable files named by their SHA-256 beside it.

`documents.content` may now be empty (NULL): on SQLite the bytes live in
`documents/ab/abcdef….pdf` beside the database (persistence/documents.py) and the row
keeps the hash; on PostgreSQL they stay in the row, in the server. Upgrading a SQLite
file writes each stored document out, one at a time, after checking it against the hash
its row holds (a document that does not match stays in the row, where it was), then
empties the column; the program compacts the file afterwards (schema.compact_if_emptied).
A file written by an upgrade that then fails is harmless: it is named by its content.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _database_file() -> Path | None:
    url = op.get_bind().engine.url
    return Path(url.database) if url.database and url.database != ":memory:" else None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.alter_column("documents", "content", existing_type=sa.LargeBinary(), nullable=True)
        return
    from clinic_desktop.persistence.documents import DocumentFiles, sha256_of, write_verified

    database_file = _database_file()
    if database_file is not None:
        files = DocumentFiles.beside(database_file)
        ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM documents ORDER BY id"))]
        for document_id in ids:
            digest, content = bind.execute(
                sa.text("SELECT sha256, content FROM documents WHERE id = :id"),
                {"id": document_id},
            ).one()
            if content is None or sha256_of(content) != digest:
                continue
            write_verified(files.path(digest), content, digest)
            # Empty first: the table is copied next, and should be copied small.
            bind.execute(
                sa.text("UPDATE documents SET content = X'' WHERE id = :id"), {"id": document_id}
            )
    with op.batch_alter_table("documents") as batch:
        batch.alter_column("content", existing_type=sa.LargeBinary(), nullable=True)
    op.execute("UPDATE documents SET content = NULL WHERE length(content) = 0")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and (database_file := _database_file()) is not None:
        from clinic_desktop.persistence.documents import DocumentFiles

        files = DocumentFiles.beside(database_file)
        rows = bind.execute(sa.text("SELECT id, sha256 FROM documents WHERE content IS NULL"))
        for document_id, digest in list(rows):
            bind.execute(
                sa.text("UPDATE documents SET content = :content WHERE id = :id"),
                {"content": files.get(digest), "id": document_id},
            )
    with op.batch_alter_table("documents") as batch:
        batch.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
