"""The validated clinical knowledge kept between runs, so a command does not parse and validate
every YAML file each time it starts (about half of a `render` process's own work).

The cache is one file, `knowledge.cache`, beside the YAML files it was made from: a header line
with its key, then the loaded `Knowledge` pickled. It is used only when all of these hold:

- its key is the one of what the program would validate now: the SHA-256 of every YAML file
  in the folder, of the source of the modules that validate and interpret them (knowledge and
  domain; a bundle's code cannot change without a new bundle), and the versions of the program,
  Python, pydantic and PyYAML. Any other key and the file is not read further;
- it is a regular file, not a link, with the owner of the YAML files, writable by no one else:
  whoever could change it could change the YAML itself;
- it unpickles naming only the knowledge's own classes and `Decimal`: a restricted unpickler
  refuses every other callable, so even a forged file cannot run code, only describe knowledge
  as a forged YAML file could.

Otherwise the YAML is read and validated as before, and the cache is written anew when the
folder is this user's and writable (a source checkout, an unpacked bundle); never elsewhere,
never through a link. A failure to write it is not an error: the next run reads the YAML again.
The PyInstaller bundle ships one made when it is built (`write_prebuilt`).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import io
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clinic_desktop.knowledge import Knowledge

CACHE_NAME = "knowledge.cache"
_FORMAT = b"clinic-desktop knowledge cache 1"
_PACKAGES = ("knowledge", "domain")
"""Packages whose code decides what the YAML becomes: the models, their validators, the vocabulary."""


def _code_fingerprint(frozen: bool) -> bytes:
    if frozen:
        return b"frozen"  # the bundle's modules change only with a new bundle, and its cache
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in _PACKAGES:
        for source in sorted((package / name).glob("*.py")):
            digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.digest()


def cache_key(folder: Path, *, frozen: bool | None = None) -> str:
    """The key of the knowledge `folder` holds, as this program and its libraries read it."""
    import pydantic
    import yaml

    from clinic_desktop import __version__

    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    digest = hashlib.sha256(_FORMAT)
    for part in (__version__, sys.version, pydantic.VERSION, yaml.__version__):
        digest.update(part.encode() + b"\0")
    digest.update(_code_fingerprint(frozen))
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _allowed_classes() -> dict[tuple[str, str], type]:
    """Every class the knowledge modules define, and Decimal: all a cache may name."""
    from decimal import Decimal

    from clinic_desktop.knowledge import KNOWLEDGE_MODULES

    allowed: dict[tuple[str, str], type] = {("decimal", "Decimal"): Decimal}
    for module_name in KNOWLEDGE_MODULES:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module_name:
                allowed[(module_name, value.__qualname__)] = value
    return allowed


class _KnowledgeUnpickler(pickle.Unpickler):
    def __init__(self, data: bytes, allowed: dict[tuple[str, str], type]) -> None:
        super().__init__(io.BytesIO(data))
        self._allowed = allowed

    def find_class(self, module: str, name: str) -> type:
        try:
            return self._allowed[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not knowledge") from None


def _trusted(status: os.stat_result, owner: os.stat_result) -> bool:
    if not stat.S_ISREG(status.st_mode):
        return False
    if not hasattr(os, "getuid"):
        return True  # no POSIX owners: the restricted unpickler alone guards it
    return status.st_uid == owner.st_uid and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_cache(folder: Path, key: str) -> Knowledge | None:
    """The knowledge cached in `folder` under `key`, else None (missing, stale, foreign, broken)."""
    from clinic_desktop.knowledge import Knowledge

    path = folder / CACHE_NAME
    try:
        status = os.lstat(path)
        owner = os.stat(folder / "labs.yaml")
        if not _trusted(status, owner):
            return None
        with open(path, "rb") as file:
            header = file.readline()
            if header != _FORMAT + b" " + key.encode() + b"\n":
                return None
            data = file.read()
    except OSError:
        return None
    try:
        knowledge = _KnowledgeUnpickler(data, _allowed_classes()).load()
    except Exception:  # any broken or forged file is simply not used
        return None
    return knowledge if isinstance(knowledge, Knowledge) else None


def write_cache(folder: Path, key: str, knowledge: Knowledge, target: Path | None = None) -> bool:
    """Keep `knowledge` under `key` (in `folder`, or at `target`); False when it cannot be written.

    Written whole or not at all (a temporary file renamed over the old one), readable as the
    YAML files are, writable by its owner alone, and only by the YAML files' owner.
    """
    path = target or folder / CACHE_NAME
    try:
        owner = os.stat(folder / "labs.yaml")
        if hasattr(os, "geteuid") and owner.st_uid != os.geteuid():
            return False
        if path.is_symlink():
            return False
        content = _FORMAT + b" " + key.encode() + b"\n"
        content += pickle.dumps(knowledge, protocol=pickle.HIGHEST_PROTOCOL)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except (OSError, pickle.PicklingError):
        return False
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        os.chmod(temporary, stat.S_IMODE(owner.st_mode) & 0o644)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True


def load_with_cache(folder: Path, load: Callable[[Path], Knowledge]) -> Knowledge:
    """The knowledge of `folder`: from its cache when that can be trusted, else `load(folder)`,
    then cached for the next run when the folder allows."""
    try:
        key = cache_key(folder)
    except OSError:
        return load(folder)  # a file that cannot be read: the loader says which, as before
    knowledge = read_cache(folder, key)
    if knowledge is None:
        knowledge = load(folder)
        if os.access(folder, os.W_OK):
            write_cache(folder, key, knowledge)
    return knowledge


def write_prebuilt(folder: Path, target: Path, load: Callable[[Path], Knowledge]) -> None:
    """Write the cache a frozen bundle of this program will accept for `folder` to `target`."""
    if not write_cache(folder, cache_key(folder, frozen=True), load(folder), target):
        raise OSError(f"could not write the knowledge cache {target}")
