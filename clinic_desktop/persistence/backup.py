"""Consistent copies of a live SQLite database through SQLite's online backup API."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from clinic_desktop import paths

BACKUP_SUFFIX = ".sqlite3"


def newest_backup(database_file: Path) -> Path | None:
    """The newest backup in `backups/` beside a SQLite database (by the time in its name)."""
    folder = database_file.parent / "backups"
    candidates = sorted(folder.glob("clinic-*.sqlite3")) if folder.is_dir() else []
    return candidates[-1] if candidates else None


def create_private_file(path: Path) -> None:
    """Create `path` readable and writable by its owner only, unless it already exists."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Never through a symbolic link: what goes into it is a copy of the records.
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.close(descriptor)
    os.chmod(path, 0o600)


def backup_sqlite(source_path: Path, dest_path: Path) -> Path:
    """Copy the database at `source_path` to `dest_path` while others may be using it.

    The copy is written beside its destination under a temporary name and renamed
    at the end, so a crash never leaves a half-written file that looks like a backup.
    """
    source_path, dest_path = Path(source_path), Path(dest_path)
    if not source_path.is_file():
        raise FileNotFoundError(f"no database file at {source_path}")
    paths.refuse_odd_target(dest_path)
    partial = dest_path.with_name(dest_path.name + ".partial")
    partial.unlink(missing_ok=True)
    create_private_file(partial)
    source = sqlite3.connect(source_path)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            # A copy in rollback-journal mode is one self-contained file, readable read-only.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    os.replace(partial, dest_path)
    return dest_path


def verify_backup(path: Path) -> bool:
    """True when `path` is a SQLite database that passes `PRAGMA integrity_check`."""
    path = Path(path)
    if not path.is_file():
        return False
    try:
        # Read-only: checking a backup must never change it.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()
    return rows == [("ok",)]


def rotate_backups(directory: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups in `directory`; return the deleted paths."""
    if keep < 0:
        raise ValueError("keep must be zero or more")
    directory = Path(directory)
    if not directory.is_dir():
        return []
    backups = sorted(
        (p for p in directory.iterdir() if p.is_file() and p.name.endswith(BACKUP_SUFFIX)),
        key=lambda p: (p.stat().st_mtime_ns, p.name),
        reverse=True,
    )
    removed = backups[keep:]
    for path in removed:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return removed


# Rotation by age: the newest backup of each day for two weeks, of each week for two months,
# of each month for a year; older ones go. The two newest backups of all are always kept.
NEWEST_KEPT = 2
DAILY_FOR = timedelta(days=14)
WEEKLY_FOR = timedelta(days=61)
MONTHLY_FOR = timedelta(days=366)
_STAMP = re.compile(r"^clinic-(\d{8}T\d{6}\d*Z)-")


def backup_time(path: Path) -> datetime:
    """When a backup was taken: the stamp in its name, else its file's modification time."""
    found = _STAMP.match(path.name)
    if found is not None:
        text = found[1]
        with contextlib.suppress(ValueError):
            return datetime.strptime(
                text, "%Y%m%dT%H%M%S%fZ" if len(text) > 16 else "%Y%m%dT%H%M%SZ"
            ).replace(tzinfo=UTC)
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def backups_to_keep(taken: dict[Path, datetime], now: datetime) -> set[Path]:
    """Which backups the rotation keeps: the newest of each day, week or month by age."""
    kept: set[Path] = set()
    seen: set[tuple[object, ...]] = set()
    for path, when in sorted(taken.items(), key=lambda item: item[1], reverse=True):
        age = now - when
        if age < DAILY_FOR:
            bucket: tuple[object, ...] = ("day", when.date())
        elif age < WEEKLY_FOR:
            bucket = ("week", *when.isocalendar()[:2])
        elif age < MONTHLY_FOR:
            bucket = ("month", when.year, when.month)
        else:
            continue
        if bucket not in seen:
            seen.add(bucket)
            kept.add(path)
    # The two newest always stay, so a damaged newest copy has a good one behind it.
    kept.update(sorted(taken, key=lambda p: taken[p], reverse=True)[:NEWEST_KEPT])
    return kept


def rotate_by_age(directory: Path, now: datetime | None = None) -> list[Path]:
    """Delete the backups in `directory` that `backups_to_keep` does not keep; return them."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    taken = {
        p: backup_time(p)
        for p in directory.iterdir()
        if p.is_file() and p.name.startswith("clinic-") and p.name.endswith(BACKUP_SUFFIX)
    }
    keep = backups_to_keep(taken, now or datetime.now(UTC))
    removed = [p for p in taken if p not in keep]
    for path in removed:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return removed
