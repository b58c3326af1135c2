"""Where the program finds its shipped resources and keeps the user's data."""

from __future__ import annotations

import os
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
