"""How an unexpected error is written down: its type and where it happened, never its message.

An exception's message, like the source lines a traceback quotes, may carry a
patient's name or MRN; the type and the code location are enough to find the
fault. The window's log and the command line's errors.log both use this.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path
from types import TracebackType


def describe_exception(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> str:
    """`module.Type` and one `file:line in function` line per frame, innermost last."""
    frames = "\n".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(trace)
    )
    return f"{kind.__module__}.{kind.__qualname__}\n{frames}".rstrip()


def append_private(path: Path, text: str) -> None:
    """Append `text` to `path`, creating it owner-only; OSError if `path` is a symbolic link."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, 0o600)
    try:
        os.fchmod(descriptor, 0o600)
        os.write(descriptor, text.encode("utf-8", "backslashreplace"))
    finally:
        os.close(descriptor)
