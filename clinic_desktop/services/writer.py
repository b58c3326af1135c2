"""One background thread that runs database writes in the order they were submitted.

The window's autosave submits here and returns at once; because there is only one
writer, two saves of the same draft can never race each other. Pure Python, no Qt:
callers learn the outcome from the returned Future.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

_Job = tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]


class SerialWriter:
    """Runs submitted jobs one at a time, in order, on its own thread."""

    def __init__(self, name: str = "clinic-desktop-writer") -> None:
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        # A daemon so a forgotten close() cannot hang the program's exit; close() drains.
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future[Any]:
        """Queue `fn(*args)` after every job already submitted; RuntimeError once closed."""
        future: Future[Any] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the writer is closed; no more saves are accepted")
            self._jobs.put((future, fn, args))
        return future

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every job submitted so far has finished; False if `timeout` ran out."""
        with self._lock:
            if self._closed:
                return self._join(timeout)
            marker: Future[Any] = Future()
            self._jobs.put((marker, _nothing, ()))
        try:
            marker.result(timeout)
        except TimeoutError:
            return False
        return True

    def close(self, timeout: float | None = None) -> bool:
        """Refuse new jobs, finish the queued ones and stop the thread; False if still running."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._jobs.put(None)
        return self._join(timeout)

    def __enter__(self) -> SerialWriter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _join(self, timeout: float | None) -> bool:
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            future, fn, args = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args)
            except BaseException as error:
                future.set_exception(error)
            else:
                future.set_result(result)


def _nothing() -> None:
    return None
