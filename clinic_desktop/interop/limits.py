"""How much input the program takes, and what text it refuses: one place, documented.

docs/exchange.md ("Limits") lists these for the people who write the files. A file is
read only when it is a regular file (not a folder, device, pipe or socket) of at most
MAX_DOCUMENT_BYTES; standard input is read up to that size and no further. In the
decoded document every text is at most MAX_TEXT characters (the MRN MAX_MRN_LENGTH, a
clinician's note of a step MAX_NOTE), every list at most MAX_LIST_ITEMS items, every whole
number at most MAX_DIGITS digits, and no text holds a control character (a note may hold
line breaks and tabs, as typed in the window) or half of a UTF-16 pair (a "lone
surrogate", which is not a character: it can be neither stored nor printed). Each refusal names the field and
never repeats the value (it may be a patient's name).
"""

from __future__ import annotations

import os
import stat
import sys
import unicodedata
from typing import BinaryIO

from clinic_desktop.paths import shown

MAX_DOCUMENT_BYTES = 1_048_576  # 1 MiB: an assessment document is a few kilobytes
MAX_TEXT = 200
MAX_NOTE = 5_000  # a step's note: about two typed pages
NOTE_CONTROLS = frozenset("\n\r\t")  # the line breaks and tabs a note may hold
MAX_LIST_ITEMS = 200
MAX_DIGITS = 20


class InputLimitError(ValueError):
    """Input over a documented limit or not text at all; `where` names the file or the field."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def read_document(source: str, *, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of the file `source` ("-": standard input), refused at once when it is not a
    regular file or holds more than `limit` bytes. Never waits on a pipe or device path."""
    if source == "-":
        data = _read_at_most(sys.stdin.buffer, limit)
        if len(data) > limit:
            raise InputLimitError(
                "-", f"standard input holds more than {limit:,} bytes (the most a document may be)"
            )
        return data
    where = shown(source)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(source, flags)
    except FileNotFoundError:
        raise InputLimitError(where, "no such file") from None
    except OSError as error:
        raise InputLimitError(where, f"cannot be read: {error.strerror or error}") from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise InputLimitError(where, "is a folder, not a document file")
        if not stat.S_ISREG(status.st_mode):
            raise InputLimitError(
                where,
                "is not a regular file (a device, pipe or socket); give a file, or '-' "
                "for standard input",
            )
        if status.st_size > limit:
            raise InputLimitError(
                where, f"is {status.st_size:,} bytes; a document may be at most {limit:,} bytes"
            )
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = _read_at_most(handle, limit)
    except OSError as error:
        raise InputLimitError(where, f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise InputLimitError(where, f"holds more than {limit:,} bytes (it grew while read)")
    return data


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to `limit` + 1 bytes: enough to tell that there were too many, never more."""
    chunks: list[bytes] = []
    wanted = limit + 1
    while wanted > 0:
        chunk = stream.read(min(wanted, 65536))
        if not chunk:
            break
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)


def text_problem(value: str, allowed: frozenset[str] = frozenset()) -> str | None:
    """Why `value` cannot be taken as text: a control character (other than those `allowed`)
    or a lone surrogate; else None."""
    for character in value:
        if character in allowed:
            continue
        category = unicodedata.category(character)
        if category == "Cs":
            return (
                f"holds U+{ord(character):04X}, half of a UTF-16 pair (a lone surrogate), which "
                "is not a character: the file was written wrongly"
            )
        if category == "Cc":
            return f"holds a control character (U+{ord(character):04X})"
    return None
