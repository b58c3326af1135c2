"""The data folders the benchmarks measure: N demo patients, or a year of a busy clinic.

Each is made once and kept under `benchmarks/.data/` (ignored by git), named by
what it holds and the schema revision, so `benchmarks/run` after a code change
that keeps the schema reuses them; a new revision makes them anew. A measured
program never runs on the kept folder itself: `scratch_copy` gives it a copy
(the database copied, the immutable document files hard-linked), because a
start writes audit entries and a close writes a backup.

Every folder has the accounts made ahead (a first administrator and a
clinician), so no password is hashed in a measured process: the benchmarks sign
the clinician in through `ClinicSession.begin`, as the sign-in dialog does once
the password checks out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".data"
PASSWORD = "Bench-Horse-7391"
CLINICIAN = "dr.bench"
DATABASE_FILE = "clinic.sqlite3"


def _revision() -> str:
    from clinic_desktop.persistence.schema import REVISIONS

    return REVISIONS[-1]


def make_accounts(data: Path) -> None:
    """The first administrator and the clinician the benchmarks sign in (argon2id, here only)."""
    code = (
        "from clinic_desktop.persistence.database import open_database\n"
        "from clinic_desktop.services.accounts import AccountService\n"
        "from clinic_desktop.services.audit import AuditLog\n"
        "database = open_database()\n"
        "accounts = AccountService(database, AuditLog(database))\n"
        f"admin = accounts.create_first_administrator('admin', 'Ana Admin', {PASSWORD!r})\n"
        f"accounts.add_user(admin, {CLINICIAN!r}, 'Dr Bench', 'clinician', {PASSWORD!r})\n"
        "database.close()\n"
    )
    run_python(["-c", code], data)


def run_python(args: list[str], data: Path) -> None:
    env = dict(os.environ, CLINIC_DESKTOP_DATA_DIR=str(data))
    subprocess.run(
        [sys.executable, *args], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL
    )


def _upgraded(folder: Path) -> bool:
    """Make `folder` from a kept folder of an older schema, upgraded as a clinic's would be."""
    name = folder.name.rsplit("-", 1)[0]
    older = sorted(
        (p for p in CACHE.glob(f"{name}-*") if (p / ".complete").exists() and p != folder),
        key=lambda p: p.name,
    )
    if not older:
        return False
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(older[-1], folder, copy_function=_copy_or_link)
    (folder / ".complete").unlink()
    started = time.perf_counter()
    code = "from clinic_desktop.persistence.database import open_database; open_database().close()"
    run_python(["-c", code], folder)
    shutil.rmtree(folder / "backups", ignore_errors=True)  # the copy made before migrating
    print(f"  upgraded {older[-1].name} to {folder.name} in {time.perf_counter() - started:.0f} s")
    shutil.rmtree(older[-1])
    (folder / ".complete").touch()
    return True


def patients(count: int) -> Path:
    """A kept data folder with `count` demo patients (`clinic-desktop demo`) and the accounts."""
    folder = CACHE / f"patients-{count}-{_revision()}"
    if not (folder / ".complete").exists() and not _upgraded(folder):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, mode=0o700)
        started = time.perf_counter()
        run_python(["-m", "clinic_desktop", "demo", "--patients", str(count)], folder)
        make_accounts(folder)
        print(f"  made {count:,} demo patients in {time.perf_counter() - started:.0f} s")
        (folder / ".complete").touch()
    return folder


def year() -> Path:
    """A kept data folder holding a year of a three-room clinic (benchmarks/make_year.py)."""
    folder = CACHE / f"year-{_revision()}"
    if not (folder / ".complete").exists() and not _upgraded(folder):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, mode=0o700)
        started = time.perf_counter()
        make_accounts(folder)
        run_python([str(HERE / "make_year.py"), "--data-dir", str(folder)], folder)
        print(f"  made a year's data in {time.perf_counter() - started:.0f} s")
        (folder / ".complete").touch()
    return folder


def folder_mb(path: Path) -> float:
    """Megabytes of the files under `path` (or of the file), each counted once."""
    if path.is_file():
        return path.stat().st_size / 2**20
    seen: set[int] = set()
    total = 0
    for item in path.rglob("*"):
        if item.is_file():
            status = item.stat()
            if status.st_ino not in seen:
                seen.add(status.st_ino)
                total += status.st_size
    return total / 2**20


def _copy_or_link(source: str, destination: str) -> None:
    # Stored documents are immutable files named by their hash: a link is as good as a copy.
    if f"{os.sep}documents{os.sep}" in source:
        os.link(source, destination)
    else:
        shutil.copy2(source, destination)


@contextmanager
def scratch_copy(kept: Path, documents_backed_up: bool = True) -> Iterator[Path]:
    """A throw-away copy of a kept data folder, without its backups, for one measured run.

    With `documents_backed_up` (the default) the copy's backups folder already holds every
    signed document, as any day after the first backup does (the documents only ever grow);
    the day's backup then copies the database and nothing else. Without, the first backup
    after an upgrade copies them all.
    """
    parent = Path(os.environ.get("CLINIC_BENCH_SCRATCH") or (CACHE / "scratch"))
    parent.mkdir(parents=True, exist_ok=True)
    scratch = parent / f"run-{os.getpid()}-{time.monotonic_ns()}"
    try:
        shutil.copytree(
            kept,
            scratch / "data",
            copy_function=_copy_or_link,
            ignore=shutil.ignore_patterns("backups", ".complete"),
        )
        documents = scratch / "data" / "documents"
        if documents_backed_up and documents.is_dir():
            shutil.copytree(
                documents, scratch / "data" / "backups" / "documents", copy_function=os.link
            )
        yield scratch / "data"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def child_env(data: Path) -> dict[str, str]:
    """The environment of a measured program over `data`: its own settings, offscreen by default."""
    env = dict(os.environ)
    env["CLINIC_DESKTOP_DATA_DIR"] = str(data)
    env["XDG_CONFIG_HOME"] = str(data.parent / "config")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("LC_ALL", "C.UTF-8")
    return env
