"""Backups, restore, the audit log check and user accounts, for the window and the command line.

SQLite databases are copied with SQLite's online backup API into an
owner-only `backups/` folder beside the database, rotating the oldest away.
A PostgreSQL deployment is backed up with pg_dump by the clinic (README).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import shutil
import sqlite3
import stat
import sys
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clinic_desktop.services.audit import AuditLog

DAILY = timedelta(days=1)


def add_backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--to", metavar="PATH", default=None, help="file to write (default: rotating folder)"
    )


def add_restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a backup file made by `backup`")


def add_audit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("verify", "list", "reset-anchor"))
    parser.add_argument("--limit", type=int, default=50)


def add_user_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("add", "list", "passwd"))
    parser.add_argument("username", nargs="?")
    parser.add_argument("--name", help="display name")


def _fail(message: str, status: int = 1) -> int:
    print(f"clinic-desktop: {message}", file=sys.stderr)
    return status


def backup_folder(database_file: Path) -> Path:
    """The owner-only `backups` folder beside the database; a link in its place is refused."""
    from clinic_desktop.paths import private_folder

    return private_folder(database_file.parent / "backups")


def make_backup(database_file: Path, reason: str, destination: Path | None = None) -> Path:
    """Copy the live database with the online backup API, and the signed documents it lacks.

    The documents (immutable files named by their hash) go to `documents/` beside the
    copy, once each: a backup costs the database plus the documents added since the last
    one. In the rotating folder, old copies go by age (persistence/backup.py).
    """
    from clinic_desktop.persistence.backup import backup_sqlite, rotate_by_age

    rotating = destination is None
    if destination is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        destination = backup_folder(database_file) / f"clinic-{stamp}-{reason}.sqlite3"
    backup_sqlite(database_file, destination)
    copy_new_documents(database_file, destination.parent)
    if rotating:
        rotate_by_age(destination.parent)
    return destination


def copy_new_documents(database_file: Path, backup_folder: Path) -> int:
    """Copy the documents `backup_folder` lacks, each checked against its hash; how many.

    A document whose file no longer matches its hash is not copied over a good one:
    DocumentProblem names it once the others are copied.
    """
    from clinic_desktop.persistence.documents import DocumentFiles, DocumentProblem, write_verified

    source = DocumentFiles.beside(database_file)
    target = DocumentFiles(backup_folder / "documents")
    have = set(target.digests())
    copied = 0
    problems: list[str] = []
    for digest in sorted(set(source.digests()) - have):
        try:
            content = source.get(digest)
        except DocumentProblem as problem:
            problems.append(str(problem))
            continue
        write_verified(target.path(digest), content, digest)
        copied += 1
    if problems:
        raise DocumentProblem(" ".join(problems))
    return copied


def newest_good_backup(database_file: Path) -> Path | None:
    """The newest backup that passes integrity_check: what a damaged database is restored from."""
    from clinic_desktop.persistence.backup import verify_backup

    folder = database_file.parent / "backups"
    candidates = sorted(folder.glob("clinic-*.sqlite3"), reverse=True) if folder.is_dir() else []
    return next((path for path in candidates if verify_backup(path)), None)


def daily_backup_due(database_file: Path, now: datetime | None = None) -> bool:
    from clinic_desktop.persistence.backup import newest_backup

    newest = newest_backup(database_file)
    if newest is None:
        return database_file.exists()
    modified = datetime.fromtimestamp(newest.stat().st_mtime, UTC)
    return (now or datetime.now(UTC)) - modified >= DAILY


class RestoreError(Exception):
    """A restore cannot go ahead; nothing was changed. `status` 2: the backup is at fault."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def restore_backup(backup: Path, database_file: Path) -> Path | None:
    """Put `backup` in place of the database in one rename; return where the replaced file was kept.

    The backup is checked, copied beside the database (`.restoring`), brought to the
    current schema, and the restore's audit entry is written into that copy, so the
    records and the entry explaining them arrive together. The current file is kept
    aside (`.before-restore-TIME`), then one rename puts the copy in place: a failure or
    a kill before it leaves the current file as it was, after it the restored one.
    Nothing else may have the database open meanwhile. None when there was no file to keep.
    """
    from clinic_desktop.paths import shown
    from clinic_desktop.persistence.backup import backup_sqlite, verify_backup

    backup, database_file = Path(backup), Path(database_file)
    try:
        regular = stat.S_ISREG(backup.stat().st_mode)
    except OSError:
        regular = False
    if not regular:
        raise RestoreError(f"{shown(backup)}: no backup file there")
    if not verify_backup(backup):
        raise RestoreError(
            f"{shown(backup)} is damaged or not a backup (integrity check failed); "
            "nothing was restored"
        )
    staging = database_file.with_name(database_file.name + ".restoring")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = database_file.with_name(f"{database_file.name}.before-restore-{stamp}")
    _remove_with_journals(staging)
    moved_journal: Path | None = None
    try:
        backup_sqlite(backup, staging)
        entry, audit = _record_restore(staging, backup, database_file, kept)
        _bring_back_documents(staging, backup, database_file)
        _fold_journal(staging)
        if os.path.lexists(database_file):
            moved_journal = _keep_aside(database_file, kept)
        os.replace(staging, database_file)
        _sync_folder(database_file.parent)
    except BaseException as error:
        _remove_with_journals(staging)
        if moved_journal is not None and not os.path.lexists(_journal(database_file)):
            os.replace(moved_journal, _journal(database_file))
        if os.path.lexists(kept) and _same_file(kept, database_file):
            kept.unlink()
        if isinstance(error, OSError | sqlite3.Error):
            # A full disk or a read-only folder: said as it is; the records are as they were.
            from clinic_desktop.persistence.database import problem_from_error

            raise problem_from_error(error, database_file.parent) from None
        raise
    # The anchor moves only now that the entry it names is in the live file.
    from clinic_desktop.services.audit_chain import Anchor

    audit.key_store.write_anchor(audit.key, Anchor(*entry))
    return kept if os.path.lexists(kept) else None


def _bring_back_documents(restored: Path, backup: Path, database_file: Path) -> int:
    """Every signed document the restored records name, intact beside the database.

    A copy already there that checks out stays; any other comes from the backup's
    `documents/`, checked against its hash. RestoreError (nothing restored) when one
    cannot be found intact. Returns how many were brought back.
    """
    from clinic_desktop.persistence.documents import DocumentFiles, DocumentProblem, write_verified

    with contextlib.closing(sqlite3.connect(restored)) as connection:
        digests = [
            row[0]
            for row in connection.execute(
                "SELECT DISTINCT sha256 FROM documents WHERE content IS NULL"
            )
        ]
    live = DocumentFiles.beside(database_file)
    saved = DocumentFiles(backup.parent / "documents")
    brought = 0
    for digest in digests:
        with contextlib.suppress(DocumentProblem):
            live.get(digest)
            continue
        try:
            content = saved.get(digest)
        except DocumentProblem:
            raise RestoreError(
                f"{backup}: the signed document {digest[:12]}… its records name is not in "
                f"{saved.folder} intact; nothing was restored"
            ) from None
        write_verified(live.path(digest), content, digest)
        brought += 1
    return brought


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def _journal(database_file: Path) -> Path:
    return database_file.with_name(database_file.name + "-wal")


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".partial"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + suffix).unlink()


def _audit_end(database_file: Path) -> int | None:
    """The newest audit entry id of the database being replaced; None if it cannot be read."""
    if not database_file.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{database_file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT MAX(id) FROM audit_entries").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return None if row is None or row[0] is None else int(row[0])


def _record_restore(
    staging: Path, backup: Path, database_file: Path, kept: Path
) -> tuple[tuple[int, str], AuditLog]:
    """Bring the copy to the current schema and write the restore's entry into it."""
    from clinic_desktop.paths import shown
    from clinic_desktop.persistence.database import DatabaseProblem, open_database
    from clinic_desktop.services.audit import AuditLog
    from clinic_desktop.services.audit_chain import AuditKey, TrustProblem

    try:
        database = open_database(f"sqlite:///{staging}")
    except DatabaseProblem as problem:
        if problem.kind in {"newer_schema", "unreadable", "damaged"}:
            raise RestoreError(f"{shown(backup)}: {problem.message}") from None
        raise
    try:
        try:
            audit = AuditLog(database, AuditKey.for_database(database_file))
        except TrustProblem as problem:
            raise RestoreError(
                f"{shown(backup)}: its audit log is not signed with this database's key "
                f"({problem.message})"
            ) from None
        detail: dict[str, object] = {
            "from": backup.name,
            "replaced_end": _audit_end(database_file),
        }
        if os.path.lexists(database_file):
            detail["kept_as"] = kept.name
        with database.session() as session:
            entry = audit.append(session, "restore", detail=detail)
    finally:
        database.close()
    return entry, audit


def _fold_journal(path: Path) -> None:
    """Make `path` one self-contained file (no WAL beside it) and flush it to the disk."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    finally:
        connection.close()
    if str(mode).lower() != "delete":
        raise RestoreError(f"{path} is in use by another program; nothing was restored", 1)
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _keep_aside(database_file: Path, kept: Path) -> Path | None:
    """Keep the current file under `kept` (a second name, no copy); returns its moved journal.

    Its write-ahead journal is folded in first; that fails while another program has the
    database open, and the restore stops. A file too damaged to fold keeps its journal
    beside the kept copy instead.
    """
    journal: Path | None = None
    try:
        connection = sqlite3.connect(database_file, timeout=2, isolation_level=None)
        try:
            mode = str(connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]).lower()
        finally:
            connection.close()
    except sqlite3.Error as error:
        busy = str(getattr(error, "sqlite_errorname", "")).startswith(
            ("SQLITE_BUSY", "SQLITE_LOCKED")
        )
        mode = "wal" if busy else "damaged"
    if mode == "wal":
        raise RestoreError(
            f"The database {database_file} is in use (Clinic Desktop is open here or on "
            "another computer): close it everywhere, then restore; nothing was changed",
            1,
        )
    try:
        os.link(database_file, kept)
    except OSError:
        shutil.copy2(database_file, kept)
    kept.chmod(0o600)
    wal = _journal(database_file)
    if os.path.lexists(wal):
        journal = kept.with_name(kept.name + "-wal")
        os.replace(wal, journal)
    with contextlib.suppress(FileNotFoundError):
        database_file.with_name(database_file.name + "-shm").unlink()
    return journal


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` survive a power cut."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _database_file() -> Path | None:
    """The SQLite file the command works on, or None for a PostgreSQL database."""
    from clinic_desktop.persistence.database import parse_url, sqlite_file

    return sqlite_file(parse_url(None))


def run_backup(args: argparse.Namespace) -> int:
    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.services.audit import AuditLog

    database_file = _database_file()
    if database_file is None:
        return _fail("this database is PostgreSQL: back it up with pg_dump (see README)", 2)
    database = open_database()  # refuses a missing, damaged or foreign file first
    try:
        audit = AuditLog(database)
        try:
            destination = make_backup(database_file, "manual", Path(args.to) if args.to else None)
        except OSError as error:
            from clinic_desktop.paths import write_problem, write_status

            where = args.to or database_file.parent / "backups"
            status = write_status(error) if args.to else 1
            return _fail(f"cannot write the backup to {where}: {write_problem(error)}", status)
        except sqlite3.Error as error:
            from clinic_desktop.persistence.database import problem_from_error

            problem = problem_from_error(error, database_file.parent)
            return _fail(f"the backup was not written: {problem.message} {problem.advice}")
        audit.record("backup", detail={"file": destination.name})
    finally:
        database.close()
    print(destination)
    return 0


def run_restore(args: argparse.Namespace) -> int:
    database_file = _database_file()
    if database_file is None:
        return _fail("this database is PostgreSQL: restore it with pg_restore (see README)", 2)
    try:
        kept = restore_backup(Path(args.path), database_file)
    except RestoreError as error:
        return _fail(str(error), error.status)
    where = f"; the previous database is kept as {kept}" if kept else ""
    print(f"restored from {args.path}{where}")
    return 0


def run_audit(args: argparse.Namespace) -> int:
    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.services.audit import AuditLog

    database = open_database()
    try:
        if args.action == "verify":
            report = AuditLog(database, for_checking=True).verify()
            if report.ok:
                print(report.message())
                return 0
            return _fail(report.message())
        log = AuditLog(database)
        if args.action == "reset-anchor":
            try:
                entry_id, kept = log.reset_anchor()
            except ValueError as error:
                return _fail(str(error), 2)
            aside = f"; the old anchor is kept as {kept}" if kept else ""
            print(f"anchored the audit log at entry {entry_id}, which records the reset{aside}")
            return 0
        for record in log.query(limit=args.limit):
            who = record.username or "-"
            print(f"{record.id}\t{record.at.isoformat(timespec='seconds')}\t{who}\t{record.action}")
        return 0
    finally:
        database.close()


MAX_PASSWORD = 1024
MAX_USERNAME = 100
MAX_DISPLAY_NAME = 200


class _TypedTextError(ValueError):
    pass


def _read_password(prompt: str) -> str:
    """A password from the terminal, or one line of standard input, at most MAX_PASSWORD long."""
    if sys.stdin.isatty():
        typed = getpass.getpass(prompt)
    else:
        line = sys.stdin.buffer.readline(4 * MAX_PASSWORD + 2)
        try:
            typed = line.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            raise _TypedTextError("the password is not UTF-8 text") from None
    _check_typed("the password", typed, MAX_PASSWORD, controls=False)
    return typed


def _check_typed(what: str, value: str, limit: int, *, controls: bool = True) -> None:
    """Refuse text over `limit` characters, or holding what cannot be stored (never echoed)."""
    if len(value) > limit:
        raise _TypedTextError(f"{what} is longer than {limit:,} characters")
    for character in value:
        category = unicodedata.category(character)
        if category == "Cs" or (controls and category == "Cc"):
            raise _TypedTextError(
                f"{what} holds a character that cannot be stored (U+{ord(character):04X})"
            )


def run_user(args: argparse.Namespace) -> int:
    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.services.accounts import AccountError, AccountService
    from clinic_desktop.services.audit import AuditLog

    database = open_database()
    try:
        accounts = AccountService(database, AuditLog(database))
        if args.action == "list":
            for account in accounts.list_users():
                state = "" if account.active else " (inactive)"
                print(f"{account.username}\t{account.role}\t{account.display_name}{state}")
            return 0
        if not args.username:
            return _fail("a user name is required", 2)
        try:
            _check_typed("the user name", args.username, MAX_USERNAME)
            _check_typed("--name", args.name or "", MAX_DISPLAY_NAME)
            if args.action == "add":
                if accounts.has_users():
                    return _fail(
                        "users exist already: an administrator adds users in the window", 2
                    )
                password = _read_password("Password: ")
                accounts.create_first_administrator(
                    args.username, args.name or args.username, password
                )
                print(f"created administrator {args.username}")
                return 0
            old = _read_password("Current password: ")
            new = _read_password("New password: ")
            accounts.change_password(args.username, old, new)
            print("password changed")
            return 0
        except (AccountError, _TypedTextError) as error:
            return _fail(str(error), 2)
    finally:
        database.close()
