"""Schema revisions: which one this program expects, which one a database has, and upgrading.

Opening the records only needs to read the revision a database carries; Alembic (about
11 MB of modules) is imported only when a schema has to change. The revisions below are
checked against the migration scripts by tests/integration/test_schema.py.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"

# Every revision in migrations/versions, oldest first; the last is the head.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration built in code, so the program needs no alembic.ini at run time."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest schema revision this program knows."""
    return REVISIONS[-1]


def known_revisions() -> set[str]:
    return set(REVISIONS)


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the database; None for a database without our schema."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    stamped = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
    return next(iter(stamped), None)


def prepare_upgrade() -> None:
    """Import Alembic before a lock is taken: importing it takes long enough (0.5 s, several
    seconds on a busy machine) that others waiting for the lock would give up."""
    import alembic.command
    import alembic.runtime.migration  # noqa: F401


def upgrade(connection: Connection) -> None:
    """Bring the schema to head inside the caller's connection."""
    from alembic import command

    command.upgrade(alembic_config(connection), "head")


def compact_if_emptied(connection: Connection) -> None:
    """VACUUM a SQLite file that an upgrade left mostly empty (documents moved out to files).

    Free pages stay in the file, and every backup would copy them. Outside any transaction.
    """
    free = connection.exec_driver_sql("PRAGMA freelist_count").scalar_one()
    pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
    if pages and free > pages // 2:
        try:
            connection.exec_driver_sql("VACUUM")
        except DBAPIError as error:  # a full disk, say: the records are fine, only larger
            log.warning("Could not compact the database after upgrading: %s", error.orig)
