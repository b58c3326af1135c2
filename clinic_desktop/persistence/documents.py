"""Signed documents as immutable files named by their SHA-256, in `documents/` beside the database.

A printed care plan is about 110 KiB and a visit's own rows under 1 KiB: kept inside
SQLite, a year of a busy clinic made a 1.8 GB file that every backup copied whole.
Here each document is written once (to a temporary name, flushed, made read-only,
renamed into place) as `documents/ab/abcdef….pdf`, and read back only after its hash
checks out; the database keeps the hash (and the audit entry of the print names it).
A backup copies the database and only the files it does not hold yet. On PostgreSQL
the documents stay in the server, which its own backups cover.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

FOLDER = "documents"
SUFFIX = ".pdf"
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


class DocumentProblem(Exception):
    """A stored document is missing or does not match its hash; nothing damaged is returned."""


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class DocumentFiles:
    """The content-addressed folder of one SQLite database's signed documents."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def beside(cls, database_file: Path) -> DocumentFiles:
        return cls(database_file.parent / FOLDER)

    def path(self, digest: str) -> Path:
        if not _DIGEST.match(digest):
            raise ValueError(f"not a SHA-256 digest: {digest!r}")
        return self.folder / digest[:2] / f"{digest}{SUFFIX}"

    def put(self, content: bytes) -> str:
        """Keep `content` (once: the same bytes are the same file); return its SHA-256."""
        digest = sha256_of(content)
        target = self.path(digest)
        if target.exists() and self._intact(target, digest):
            return digest
        write_verified(target, content, digest)
        return digest

    def get(self, digest: str) -> bytes:
        """The document's bytes, after checking they are the ones stored; DocumentProblem if not."""
        target = self.path(digest)
        try:
            content = target.read_bytes()
        except FileNotFoundError:
            raise DocumentProblem(
                f"The signed document {digest[:12]}… is missing from {self.folder}; "
                "restore the newest backup to bring it back."
            ) from None
        if sha256_of(content) != digest:
            raise DocumentProblem(
                f"The signed document {target.name} no longer matches its hash (it was changed "
                "or damaged); restore the newest backup to bring it back."
            )
        return content

    def digests(self) -> Iterator[str]:
        """The digests of the files the folder holds (by name; `get` checks the content)."""
        if not self.folder.is_dir():
            return
        for item in self.folder.glob(f"??/*{SUFFIX}"):
            digest = item.name[: -len(SUFFIX)]
            if _DIGEST.match(digest):
                yield digest

    @staticmethod
    def _intact(path: Path, digest: str) -> bool:
        try:
            return sha256_of(path.read_bytes()) == digest
        except OSError:
            return False


def write_verified(target: Path, content: bytes, digest: str) -> None:
    """Write `content` to `target` durably and read-only, through a temporary name and a rename."""
    if sha256_of(content) != digest:
        raise DocumentProblem(f"refusing to store {target.name}: its content does not match")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o400)
        if target.exists():  # a damaged copy: the rename replaces it
            os.chmod(target, 0o600)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    sync_folder(target.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
