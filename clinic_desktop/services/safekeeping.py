"""Backups, restore, the audit log check and user accounts, for the window and the command line.

SQLite databases are copied with SQLite's online backup API into an
owner-only `backups/` folder beside the database, rotating the oldest away.
A PostgreSQL deployment is backed up with pg_dump by the clinic (README).
"""

from __future__ import annotations

import argparse
import getpass
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

KEEP_BACKUPS = 14
DAILY = timedelta(days=1)


def add_backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--to", metavar="PATH", default=None, help="file to write (default: rotating folder)"
    )


def add_restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a backup file made by `backup`")


def add_audit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("verify", "list"))
    parser.add_argument("--limit", type=int, default=50)


def add_user_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("add", "list", "passwd"))
    parser.add_argument("username", nargs="?")
    parser.add_argument("--name", help="display name")


def _fail(message: str, status: int = 1) -> int:
    print(f"clinic-desktop: {message}", file=sys.stderr)
    return status


def backup_folder(database_file: Path) -> Path:
    folder = database_file.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def make_backup(database_file: Path, reason: str, destination: Path | None = None) -> Path:
    """Copy the live database with the online backup API; rotate the folder's oldest copies."""
    from clinic_desktop.persistence.backup import backup_sqlite, rotate_backups

    if destination is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        destination = backup_folder(database_file) / f"clinic-{stamp}-{reason}.sqlite3"
        backup_sqlite(database_file, destination)
        rotate_backups(destination.parent, KEEP_BACKUPS)
    else:
        backup_sqlite(database_file, destination)
    return destination


def newest_backup(database_file: Path) -> Path | None:
    folder = database_file.parent / "backups"
    candidates = sorted(folder.glob("clinic-*.sqlite3")) if folder.is_dir() else []
    return candidates[-1] if candidates else None


def newest_good_backup(database_file: Path) -> Path | None:
    """The newest backup that passes integrity_check: what a damaged database is restored from."""
    from clinic_desktop.persistence.backup import verify_backup

    folder = database_file.parent / "backups"
    candidates = sorted(folder.glob("clinic-*.sqlite3"), reverse=True) if folder.is_dir() else []
    return next((path for path in candidates if verify_backup(path)), None)


def daily_backup_due(database_file: Path, now: datetime | None = None) -> bool:
    newest = newest_backup(database_file)
    if newest is None:
        return database_file.exists()
    modified = datetime.fromtimestamp(newest.stat().st_mtime, UTC)
    return (now or datetime.now(UTC)) - modified >= DAILY


def restore_backup(backup: Path, database_file: Path) -> Path:
    """Put `backup` in place of the database; the current file is kept aside and returned."""
    from clinic_desktop.persistence.backup import backup_sqlite, verify_backup

    if not backup.is_file():
        raise FileNotFoundError(f"{backup} does not exist")
    if not verify_backup(backup):
        raise ValueError(f"{backup} is damaged (integrity check failed); nothing was restored")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = database_file.with_name(f"{database_file.name}.before-restore-{stamp}")
    if database_file.exists():
        shutil.copy2(database_file, kept)
        kept.chmod(0o600)
        for suffix in ("-wal", "-shm"):
            side = database_file.with_name(database_file.name + suffix)
            if side.exists():
                side.unlink()
        database_file.unlink()
    backup_sqlite(backup, database_file)
    database_file.chmod(0o600)
    return kept


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
    if not database_file.exists():
        return _fail(f"no database at {database_file}", 2)
    destination = make_backup(database_file, "manual", Path(args.to) if args.to else None)
    database = open_database()
    try:
        AuditLog(database).record("backup", detail={"file": destination.name})
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
    except (FileNotFoundError, ValueError) as error:
        return _fail(str(error), 2)
    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.services.audit import AuditLog

    database = open_database()
    try:
        AuditLog(database).record("restore", detail={"from": Path(args.path).name})
    finally:
        database.close()
    print(f"restored from {args.path}; the previous database is kept as {kept}")
    return 0


def run_audit(args: argparse.Namespace) -> int:
    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.services.audit import AuditLog

    database = open_database()
    try:
        log = AuditLog(database)
        if args.action == "verify":
            report = log.verify()
            if report.ok:
                print(report.message())
                return 0
            return _fail(report.message())
        for record in log.query(limit=args.limit):
            who = record.username or "-"
            print(f"{record.id}\t{record.at.isoformat(timespec='seconds')}\t{who}\t{record.action}")
        return 0
    finally:
        database.close()


def _read_password(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


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
        except AccountError as error:
            return _fail(str(error), 2)
    finally:
        database.close()
