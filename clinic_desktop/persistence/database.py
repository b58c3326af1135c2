"""Opening the database chosen by URL: engine set-up, safety checks, backup and migration."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop import paths
from clinic_desktop.persistence import schema
from clinic_desktop.persistence.backup import (
    backup_sqlite,
    create_private_file,
    newest_backup,
    rotate_backups,
    verify_backup,
)

DATABASE_FILE_NAME = "clinic.sqlite3"
PRE_MIGRATION_BACKUPS_KEPT = 5
PROBLEM_KINDS = (
    "unreadable",
    "locked",
    "damaged",
    "newer_schema",
    "unreachable",
    "missing",  # the file is gone or empty where records were kept
    "read_only",
    "disk_full",
    "io",
    "audit_key",  # the audit key or anchor is missing, damaged or not this log's
)
RESTORE_ADVICE = "Restore the latest backup (clinic-desktop restore) or ask your administrator."


class DatabaseProblem(Exception):
    """The database cannot be used as it is; `message` says why and `advice` what to do."""

    def __init__(self, kind: str, message: str, advice: str) -> None:
        assert kind in PROBLEM_KINDS, kind
        super().__init__(f"{message} {advice}")
        self.kind = kind
        self.message = message
        self.advice = advice


@dataclass
class _UnitOfWork:
    session: Session
    after_commit: list[Callable[[], object]] = field(default_factory=list)


class Database:
    """One open database: an engine, one session factory, and a session per user action."""

    def __init__(self, url: URL, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # The unit of work open in this thread (each thread has its own context).
        self._open: ContextVar[_UnitOfWork | None] = ContextVar(
            f"clinic_desktop_unit_of_work_{id(self)}", default=None
        )

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
        """A unit of work: committed when the block ends, rolled back if it raises.

        Inside a unit of work already open in this thread, the block joins it: everything
        commits together at the outer block's end, or nothing does (an import registers
        the patient and stores the visit with their audit entries in one transaction).
        A database failure (disk full, read-only, damaged) becomes a DatabaseProblem that
        says so in plain words and never carries the statement or its values.
        """
        joined = self._open.get()
        if joined is not None:
            yield joined.session
            return
        with self._sessions() as session:
            work = _UnitOfWork(session)
            token = self._open.set(work)
            try:
                yield session
                session.commit()
            except BaseException as error:
                session.rollback()
                if isinstance(error, DBAPIError) and not isinstance(error, IntegrityError):
                    raise problem_from_error(error, self.sqlite_path or self.display_url) from None
                raise
            finally:
                self._open.reset(token)
        for callback in work.after_commit:
            callback()

    def after_commit(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the unit of work open in this thread commits; now if none is open.

        Dropped if that unit of work rolls back.
        """
        work = self._open.get()
        if work is None:
            callback()
        else:
            work.after_commit.append(callback)

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
    """Check a SQLite file cheaply before the engine touches it; create it only where none was kept.

    Cheap on purpose: the header and the schema, never a scan that grows with the file
    (`check` and the window's background check run the integrity check).
    """
    if path.is_symlink():
        raise DatabaseProblem(
            "unreadable",
            f"{path} is a symbolic link; the records must be a file of their own.",
            "Replace the link with the file itself, or choose the folder that holds it "
            "(--data-dir).",
        )
    empty = path.exists() and not path.is_dir() and path.stat().st_size == 0
    if not path.exists() or empty:
        kept = records_kept_before(path)
        if kept:
            state = "is empty" if empty else "is missing"
            newest = newest_backup(path)
            raise DatabaseProblem(
                "missing",
                f"The records file {path} {state}, but this folder kept records before "
                f"({', '.join(kept)}).",
                f"Restore the newest backup (clinic-desktop restore {newest}, or Restore in "
                "the window), or ask your administrator."
                if newest is not None
                else "Restore a backup (clinic-desktop restore PATH), or ask your administrator.",
            )
        if empty:
            return
        try:
            _create_database_file(path)
        except (OSError, sqlite3.Error) as error:
            raise problem_from_error(error, path) from None
        return
    if path.is_dir():
        raise DatabaseProblem(
            "unreadable", f"{path} is a folder, not a database file.", RESTORE_ADVICE
        )
    # Probe with SQLite itself, never a plain open() of the file: closing any other descriptor
    # of it would drop the locks this process's SQLite connections hold (SQLite's "how to
    # corrupt" list). Reading the header, the page count (a file cut short fails here) and
    # the schema changes nothing, whereas the engine's set-up (journal mode) would write to
    # a file we cannot yet trust.
    try:
        connection = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
        try:
            connection.execute("PRAGMA page_count").fetchone()
            tables = {row[0] for row in connection.execute(_TABLES)}
            revision = None
            if "alembic_version" in tables:
                revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise problem_from_error(error, path) from None
    _refuse_unknown(path, None if revision is None else revision[0], bool(tables))


_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"


def _create_database_file(path: Path) -> None:
    """Make a new, empty, owner-only database already in WAL mode, in one step (a hard link).

    Programs starting at the same moment then all find a complete file: switching a
    fresh file to WAL needs it to themselves, and SQLite answers "locked" at once,
    without waiting, to the one that loses that race.
    """
    fresh = path.with_name(f".{path.name}.new-{os.getpid()}-{threading.get_ident()}")
    create_private_file(fresh)
    try:
        connection = sqlite3.connect(fresh, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
        finally:
            connection.close()
        with contextlib.suppress(FileExistsError):  # another program made it first: use that
            os.link(fresh, path)
    finally:
        for leftover in (
            fresh,
            fresh.with_name(fresh.name + "-wal"),
            fresh.with_name(fresh.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)


def records_kept_before(path: Path) -> list[str]:
    """What says records were kept at `path` before: an anchor past the first entry, the
    audit key beside it, backups, or a file a restore kept aside. Empty for a new place."""
    folder = path.parent
    found: list[str] = []
    key = folder / paths.AUDIT_KEY_FILE_NAME
    anchored = _anchored_entry(key.with_suffix(".anchor"))
    if anchored:
        found.append(f"an audit log up to entry {anchored}")
    elif os.path.lexists(key):
        found.append("its audit key")
    backups = folder / "backups"
    if backups.is_dir():
        count = sum(1 for _ in backups.rglob("*.sqlite3"))
        if count:
            found.append(f"{count} backup{'s' if count != 1 else ''}")
    if any(folder.glob(f"{path.name}.before-restore-*")):
        found.append("a copy kept aside by a restore")
    return found


def _anchored_entry(anchor: Path) -> int:
    """The entry id an anchor file names, read without the key (0 when none or unreadable)."""
    try:
        first = anchor.read_text(encoding="ascii").split(":", 1)[0].strip()
    except (OSError, UnicodeDecodeError):
        return 0
    return int(first) if first.isdigit() else 0


_SQLITE_KINDS = {
    "SQLITE_BUSY": "locked",
    "SQLITE_LOCKED": "locked",
    "SQLITE_READONLY": "read_only",
    "SQLITE_PERM": "read_only",
    "SQLITE_FULL": "disk_full",
    "SQLITE_CORRUPT": "damaged",
    "SQLITE_NOTADB": "not_a_database",
    "SQLITE_IOERR": "io",
    "SQLITE_CANTOPEN": "cannot_open",
}
_POSTGRES_KINDS = {
    "53100": "disk_full",  # disk_full
    "53": "disk_full",  # insufficient resources
    "25006": "read_only",  # read_only_sql_transaction
    "42501": "read_only",  # insufficient_privilege
    "55P03": "locked",  # lock_not_available
    "40P01": "locked",  # deadlock_detected
    "XX001": "damaged",  # data_corrupted
    "XX002": "damaged",  # index_corrupted
}
_ERRNO_KINDS = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EROFS: "read_only",
    errno.EACCES: "read_only",
    errno.EPERM: "read_only",
    errno.EIO: "io",
    errno.ENOENT: "cannot_open",
    errno.ENOTDIR: "cannot_open",
    errno.ELOOP: "cannot_open",
}


def _kind_of(error: BaseException) -> str:
    """The kind of failure, from the error's code where it has one, never from values in it."""
    if isinstance(error, OSError) and not isinstance(error, sqlite3.Error):
        return _ERRNO_KINDS.get(error.errno or 0, "io")
    name = str(getattr(error, "sqlite_errorname", "") or "")
    for prefix, kind in _SQLITE_KINDS.items():
        if name.startswith(prefix):
            return kind
    code = str(getattr(error, "sqlstate", "") or getattr(error, "pgcode", "") or "")
    if code:
        return _POSTGRES_KINDS.get(code, _POSTGRES_KINDS.get(code[:2], "server"))
    text = str(error).lower()
    for words, kind in (
        (("locked", "busy"), "locked"),
        (("readonly", "read-only", "read only"), "read_only"),
        (("disk is full", "database or disk is full"), "disk_full"),
        (("malformed", "corrupt"), "damaged"),
        (("not a database",), "not_a_database"),
        (("disk i/o",), "io"),
        (("unable to open",), "cannot_open"),
    ):
        if any(word in text for word in words):
            return kind
    return "server" if _is_server_error(error) else "unknown"


def _is_server_error(error: BaseException) -> bool:
    return type(error).__module__.split(".")[0] == "psycopg"


# Less free space than this, and a write that failed failed for want of space.
_NEARLY_FULL_BYTES = 1_048_576


def _file_system_kind(where: Path) -> str | None:
    """ "read_only" or "disk_full" when the file system holding `where` says so; else None."""
    folder = where if where.is_dir() else where.parent
    try:
        status = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    if status.f_flag & getattr(os, "ST_RDONLY", 1):
        return "read_only"
    if status.f_bavail * status.f_frsize < _NEARLY_FULL_BYTES:
        return "disk_full"
    if not os.access(folder, os.W_OK) or (where.exists() and not os.access(where, os.W_OK)):
        return "read_only"
    return None


def problem_from_error(error: BaseException, where: Path | str) -> DatabaseProblem:
    """Translate a database or file-system error into the problem a clinic can act on.

    The message names the place and the kind of failure in plain words; it never quotes
    the driver's text, which may hold the statement's values (a patient's details).
    """
    original = getattr(error, "orig", None) or error
    kind = _kind_of(original)
    server = not isinstance(where, Path)
    if not server and kind in {"io", "cannot_open", "unknown"}:
        # SQLite says "disk I/O error" or "unable to open" for a full or read-only disk too
        # (its error codes do not carry the system's): ask the file system itself.
        kind = _file_system_kind(Path(where)) or kind
    if kind == "locked":
        if server:
            return DatabaseProblem(
                "locked",
                f"The database at {where} is locked.",
                "Wait until the other program finishes, then try again.",
            )
        return DatabaseProblem(
            "locked",
            f"The database file {where} is locked by another program.",
            "Close other copies of Clinic Desktop or wait a minute, then try again.",
        )
    if kind == "read_only":
        return DatabaseProblem(
            "read_only",
            f"Clinic Desktop has no permission to write the records at {where} "
            "(the file, its folder or the disk is read-only).",
            "The records are as they were before this. Ask your administrator to give your "
            "account write access, then try again.",
        )
    if kind == "disk_full":
        return DatabaseProblem(
            "disk_full",
            f"The disk that holds the records at {where} is full.",
            "The records are as they were before this. Free some space on that disk (empty the "
            "trash, move old files away), then try again.",
        )
    if kind == "damaged":
        return DatabaseProblem("damaged", f"The database file {where} is damaged.", RESTORE_ADVICE)
    if kind == "not_a_database":
        return DatabaseProblem(
            "unreadable", f"The file {where} is not a database (or is encrypted).", RESTORE_ADVICE
        )
    if kind == "io":
        return DatabaseProblem(
            "io",
            f"The disk failed while reading or writing the records at {where}.",
            "Check the disk (and its cable or network share), then try again; if it keeps "
            "failing, ask your administrator.",
        )
    if kind == "cannot_open":
        return DatabaseProblem(
            "unreadable",
            f"Clinic Desktop cannot open the records at {where}: the folder is missing or "
            "your account may not use it.",
            "Check the folder and its permissions, or choose another one (--data-dir).",
        )
    if server:
        return DatabaseProblem(
            "unreachable",
            f"Cannot reach the database server at {where}.",
            "Check the network, the server and the URL in the settings, then try again.",
        )
    return DatabaseProblem(
        "unreadable",
        f"The database file {where} cannot be used ({type(original).__name__}).",
        "Check the file's permissions and the disk, then try again.",
    )


def _sqlite_engine(url: URL, busy_timeout: float) -> Engine:
    engine = create_engine(url, connect_args={"timeout": busy_timeout})
    timeout_ms = int(busy_timeout * 1000)

    @event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
            # WAL lets the window read while the writer writes; FULL survives power loss.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    return engine


def _where(database: Database) -> Path | str:
    return database.sqlite_path or database.display_url


def _check_and_migrate(database: Database, migrate: bool) -> None:
    try:
        with database.engine.connect() as connection:
            # Tables first, then the revision: a schema another program commits in between
            # reads as new-then-made, never as tables without a revision.
            has_tables = bool(inspect(connection).get_table_names())
            current = schema.current_revision(connection)
        _refuse_unknown(_where(database), current, has_tables)
        if not migrate or current == schema.head_revision():
            return
        path = database.sqlite_path
        if path is not None and current is not None:
            backup_before_migration(path, current)
        _migrate_under_lock(database)
    except DBAPIError as error:
        raise problem_from_error(error, _where(database)) from None


# Any fixed number: PostgreSQL's advisory lock that one schema change at a time holds.
_SCHEMA_LOCK_ID = 0x736368656D61  # "schema"


def _migrate_under_lock(database: Database) -> None:
    """Bring the schema to head in one transaction that holds a lock, re-reading the revision
    inside it: a second program starting at the same moment waits, then finds it done; a
    program killed half-way leaves no half-made schema."""
    schema.prepare_upgrade()
    with database.engine.connect() as connection:
        if database.is_sqlite:
            driver = connection.connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            # sqlite3 would commit before each CREATE on its own: take over the transaction.
            legacy = driver.isolation_level
            driver.isolation_level = None
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, waiting for it
                try:
                    _upgrade_if_behind(database, connection)
                    connection.commit()
                    schema.compact_if_emptied(connection)
                except BaseException:
                    connection.rollback()
                    if driver.in_transaction:
                        driver.execute("ROLLBACK")
                    raise
            finally:
                driver.isolation_level = legacy
        else:
            with connection.begin():
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:id)"), {"id": _SCHEMA_LOCK_ID}
                )
                _upgrade_if_behind(database, connection)


def _upgrade_if_behind(database: Database, connection: Connection) -> None:
    current = schema.current_revision(connection)
    has_tables = bool(inspect(connection).get_table_names())
    _refuse_unknown(_where(database), current, has_tables)
    if current != schema.head_revision():
        schema.upgrade(connection)


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
        paths.private_folder(directory.parent)
        paths.private_folder(directory)
        backup_sqlite(path, target)
    except (OSError, sqlite3.Error) as error:
        problem = problem_from_error(error, target.parent)
        raise DatabaseProblem(
            problem.kind,
            f"Could not back up {path} before upgrading it: {problem.message}",
            "Nothing was changed. Free disk space or fix the folder's permissions, then start "
            "again.",
        ) from None
    if not verify_backup(target):
        raise DatabaseProblem(
            "damaged",
            f"The backup taken before upgrading {path} failed its integrity check.",
            RESTORE_ADVICE,
        )
    rotate_backups(directory, PRE_MIGRATION_BACKUPS_KEPT)
    return target
