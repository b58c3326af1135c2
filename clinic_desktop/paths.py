"""Where the program finds its shipped resources and keeps the user's data."""

from __future__ import annotations

import errno
import os
import tempfile
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "ClinicDesktop"
APP_AUTHOR = "ClinicDesktop"

DATA_DIR_ENV = "CLINIC_DESKTOP_DATA_DIR"
DATABASE_URL_ENV = "CLINIC_DESKTOP_DATABASE_URL"
AUDIT_KEY_FILE_ENV = "CLINIC_DESKTOP_AUDIT_KEY_FILE"
AUDIT_KEY_FILE_NAME = "audit.key"


def resources_dir() -> Path:
    """The `resources/` tree: packaged in a wheel or bundle, or beside the package in a checkout.

    The wheel and the PyInstaller bundle both carry it as `clinic_desktop/_resources`;
    a source checkout (and an editable install) finds it at the top of the repository.
    """
    packaged = Path(str(resources.files("clinic_desktop"))) / "_resources"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"The program's resources are missing: looked in {packaged} and {checkout}."
    )


def resource_path(*parts: str) -> Path:
    """A file under `resources/`, for example `resource_path("clinical", "labs.yaml")`."""
    return resources_dir().joinpath(*parts)


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The directory that holds the database, backups and logs; created owner-only."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def audit_key_file(database_file: Path | None) -> Path:
    """The audit key: the configured file, else `audit.key` beside a SQLite file, else in the data dir.

    Its anchor is the same path with the suffix `.anchor`.
    """
    configured = os.environ.get(AUDIT_KEY_FILE_ENV)
    if configured:
        return Path(configured)
    folder = database_file.parent if database_file is not None else data_dir()
    return folder / AUDIT_KEY_FILE_NAME


def write_private_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all, readable by its owner only.

    A symbolic link at `path` is refused (OSError ELOOP), never followed: a document with a
    patient's details must not land where a link points. The bytes go to a temporary file
    beside `path`, renamed over it at the end.
    """
    refuse_odd_target(path)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".part"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def refuse_odd_target(path: Path) -> None:
    """OSError unless `path` is absent or a regular file: a link is never followed, and a
    device, pipe or folder is never replaced by a document (the program may run as root)."""
    if path.is_symlink():
        raise OSError(errno.ELOOP, "is a symbolic link", str(path))
    if path.is_dir():
        raise OSError(errno.EISDIR, "is a folder", str(path))
    if path.exists() and not path.is_file():
        raise OSError(errno.EEXIST, "is not a regular file", str(path))


def write_problem(error: OSError) -> str:
    """Why a file could not be written, in the user's words."""
    if error.errno == errno.EEXIST:
        return "it is not a regular file (a device or a pipe)"
    if error.errno == errno.ELOOP:
        return "it is a symbolic link; give the file itself (a patient's document is never written through a link)"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "no permission to write there"
    if error.errno == errno.ENOENT:
        return "the folder does not exist"
    if error.errno == errno.EISDIR:
        return "it is a folder"
    return error.strerror or type(error).__name__


def private_folder(path: Path) -> Path:
    """`path` as a folder of the user's own, made owner-only; OSError when it cannot be one.

    Backups hold every patient's record: a symbolic link in its place (it might point at a
    folder others can read or write) is refused, as is a folder another account owns; a
    folder of one's own that others may open is closed to them.
    """
    if path.is_symlink():
        raise OSError(errno.ELOOP, "is a symbolic link", str(path))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    status = path.stat()
    if hasattr(os, "getuid") and status.st_uid != os.getuid():
        raise OSError(errno.EPERM, "belongs to another account", str(path))
    if status.st_mode & 0o077:
        path.chmod(0o700)
    return path


def write_status(error: OSError) -> int:
    """Exit status for a file that could not be written: 1 when the disk is at fault (full,
    failing), 2 when the path given is (a link, a folder, no such folder, no permission)."""
    return 1 if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO) else 2


def shown(path: str | os.PathLike[str], limit: int = 80) -> str:
    """A path given on the command line as a message shows it: escaped, shortened."""
    text = os.fspath(path)
    printable = text if text.isprintable() else ascii(text)[1:-1]
    return printable if len(printable) <= limit else printable[: limit - 3] + "..."
