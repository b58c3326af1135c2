"""Opening the database chosen by URL: engine set-up, safety checks, backup and migration."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop import paths
from clinic_desktop.persistence import schema
from clinic_desktop.persistence.backup import (
    backup_sqlite,
    create_private_file,
    rotate_backups,
    verify_backup,
)

DATABASE_FILE_NAME = "clinic.sqlite3"
PRE_MIGRATION_BACKUPS_KEPT = 5
PROBLEM_KINDS = ("unreadable", "locked", "damaged", "newer_schema", "unreachable")
RESTORE_ADVICE = "Restore the latest backup (clinic-desktop restore) or ask your administrator."


class DatabaseProblem(Exception):
    """The database cannot be used as it is; `message` says why and `advice` what to do."""

    def __init__(self, kind: str, message: str, advice: str) -> None:
        assert kind in PROBLEM_KINDS, kind
        super().__init__(f"{message} {advice}")
        self.kind = kind
        self.message = message
        self.advice = advice


class Database:
    """One open database: an engine, one session factory, and a session per user action."""

    def __init__(self, url: URL, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The database file, for SQLite; None for a server database."""
        return sqlite_file(self.url)

    @property
    def display_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def default_url() -> str:
    """The URL from the environment, or the SQLite file in the user's data directory."""
    configured = os.environ.get(paths.DATABASE_URL_ENV)
    if configured:
        return configured
    return URL.create(
        "sqlite", database=str(paths.data_dir() / DATABASE_FILE_NAME)
    ).render_as_string()


def parse_url(url: str | None) -> URL:
    text = url or default_url()
    try:
        parsed = make_url(text)
    except ArgumentError:
        raise DatabaseProblem(
            "unreachable",
            "The database address is not a valid URL.",
            "Use a URL like postgresql+psycopg://user@host/clinic or leave it empty.",
        ) from None
    if parsed.get_backend_name() == "sqlite" and sqlite_file(parsed) is None:
        raise DatabaseProblem(
            "unreadable",
            "An in-memory SQLite database cannot hold patient records.",
            "Give a file path in the URL, e.g. sqlite:////path/clinic.sqlite3.",
        )
    return parsed


def sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def open_database(
    url: str | None = None, *, migrate: bool = True, busy_timeout: float = 5.0
) -> Database:
    """Open (and unless `migrate` is False, bring to the current schema) the database at `url`.

    `url` None means env CLINIC_DESKTOP_DATABASE_URL, else `clinic.sqlite3` in the data
    directory. Raises DatabaseProblem, never overwriting the file, when the database is
    unreadable, locked, damaged, from a newer program, or its server is unreachable.
    """
    parsed = parse_url(url)
    path = sqlite_file(parsed)
    if path is not None:
        _prepare_sqlite_file(path, busy_timeout)
        engine = _sqlite_engine(parsed, busy_timeout)
    else:
        engine = create_engine(
            parsed, pool_pre_ping=True, connect_args={"connect_timeout": int(busy_timeout) or 1}
        )
    database = Database(parsed, engine)
    try:
        _check_and_migrate(database, migrate)
    except BaseException:
        database.close()
        raise
    return database


def _prepare_sqlite_file(path: Path, busy_timeout: float) -> None:
    if not path.exists():
        try:
            create_private_file(path)
        except OSError as error:
            raise DatabaseProblem(
                "unreadable",
                f"Cannot create the database file {path}: {error.strerror}.",
                "Choose a folder you may write to (--data-dir).",
            ) from None
        return
    if path.is_dir():
        raise DatabaseProblem(
            "unreadable", f"{path} is a folder, not a database file.", RESTORE_ADVICE
        )
    if path.stat().st_size == 0:
        return
    # Probe with the standard library first: reading the header and pages changes nothing,
    # whereas the engine's set-up (journal mode) would write to a file we cannot yet trust.
    try:
        connection = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
        try:
            result = connection.execute("PRAGMA quick_check").fetchall()
            tables = {row[0] for row in connection.execute(_TABLES)}
            revision = None
            if "alembic_version" in tables:
                revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise problem_from_sqlite(error, path) from None
    if result != [("ok",)]:
        raise DatabaseProblem(
            "damaged", f"The database file {path} is damaged ({result[0][0]}).", RESTORE_ADVICE
        )
    _refuse_unknown(path, None if revision is None else revision[0], bool(tables))


_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"


def problem_from_sqlite(error: BaseException, path: Path | str) -> DatabaseProblem:
    """Translate a SQLite error into the problem a clinic can act on."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return DatabaseProblem(
            "locked",
            f"The database file {path} is locked by another program.",
            "Close other copies of Clinic Desktop or wait a minute, then try again.",
        )
    if "malformed" in text or "corrupt" in text:
        return DatabaseProblem("damaged", f"The database file {path} is damaged.", RESTORE_ADVICE)
    if "not a database" in text:
        return DatabaseProblem(
            "unreadable", f"The file {path} is not a database (or is encrypted).", RESTORE_ADVICE
        )
    return DatabaseProblem(
        "unreadable",
        f"The database file {path} cannot be read ({error}).",
        "Check the file's permissions and the disk, or restore the latest backup.",
    )


def _sqlite_engine(url: URL, busy_timeout: float) -> Engine:
    engine = create_engine(url, connect_args={"timeout": busy_timeout})
    timeout_ms = int(busy_timeout * 1000)

    @event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            # WAL lets the window read while the writer writes; FULL survives power loss.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
        finally:
            cursor.close()

    return engine


def _check_and_migrate(database: Database, migrate: bool) -> None:
    try:
        with database.engine.connect() as connection:
            current = schema.current_revision(connection)
            has_tables = bool(inspect(connection).get_table_names())
        _refuse_unknown(database.sqlite_path or database.display_url, current, has_tables)
        if not migrate or current == schema.head_revision():
            return
        path = database.sqlite_path
        if path is not None and current is not None:
            backup_before_migration(path, current)
        with database.engine.begin() as connection:
            schema.upgrade(connection)
    except DBAPIError as error:
        raise _problem_from_dbapi(database, error) from None


def _refuse_unknown(where: Path | str, current: str | None, has_tables: bool) -> None:
    """Refuse a database that is not ours or was written by a newer program."""
    if current is None and has_tables:
        raise DatabaseProblem(
            "unreadable",
            f"{where} holds tables but is not a Clinic Desktop database.",
            "Choose another file or an empty database.",
        )
    if current is not None and current not in schema.known_revisions():
        raise DatabaseProblem(
            "newer_schema",
            f"{where} was written by a newer version of Clinic Desktop (schema {current}).",
            "Install the newer version; this one will not change the database.",
        )


def backup_before_migration(path: Path, current: str) -> Path:
    """Copy the file aside before its schema changes; refuse to migrate if the copy is bad."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    directory = path.parent / "backups" / "pre-migration"
    target = directory / f"{path.stem}-schema-{current}-{stamp}.sqlite3"
    try:
        backup_sqlite(path, target)
    except (OSError, sqlite3.Error) as error:
        raise DatabaseProblem(
            "unreadable",
            f"Could not back up {path} before upgrading it ({error}).",
            "Free disk space or fix the folder's permissions, then start again.",
        ) from None
    if not verify_backup(target):
        raise DatabaseProblem(
            "damaged",
            f"The backup taken before upgrading {path} failed its integrity check.",
            RESTORE_ADVICE,
        )
    rotate_backups(directory, PRE_MIGRATION_BACKUPS_KEPT)
    return target


def _problem_from_dbapi(database: Database, error: DBAPIError) -> DatabaseProblem:
    path = database.sqlite_path
    if path is not None:
        return problem_from_sqlite(error.orig or error, path)
    text = str(error.orig or error).lower()
    if "lock" in text:
        return DatabaseProblem(
            "locked",
            f"The database at {database.display_url} is locked.",
            "Wait until the other program finishes, then try again.",
        )
    return DatabaseProblem(
        "unreachable",
        f"Cannot reach the database server at {database.display_url}.",
        "Check the network, the server and the URL in the settings, then try again.",
    )
