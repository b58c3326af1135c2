"""Small background operations: run a function off the GUI thread, get its result back on it.

Anki-style (`aqt/operations`): a worker computes plain data and never touches a
widget; the result (or the exception) is delivered by a queued Qt signal, so the
callbacks run on the GUI thread. `LatestOnly` drops a result that an older
request produced after a newer one was asked for (search as you type).

The workers are Python threads rather than QThreadPool threads on purpose: a
QThreadPool thread that runs Python code is registered by Python as a
`_DummyThread` that can never be joined or waited for, so neither a clean quit
nor the test suite's leaked-thread check could see it finish.

Importing this module also stops PySide6 from keeping the source text of every
module imported after it (`read_sources_lightly`), which the workers' imports of the
database layer would otherwise pay for in memory for the program's whole life.
"""

from __future__ import annotations

import gc
import itertools
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from clinic_desktop.ui.errors import report_unexpected

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


@dataclass(frozen=True)
class _Pending:
    on_done: OnDone
    on_error: OnError
    context: QObject | None


class BackgroundRunner(QObject):
    """A few worker threads whose results come back to the GUI thread by signal."""

    finished = Signal(int, object)

    def __init__(self, max_workers: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix="clinic-background"
        )
        self._tokens = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        # Always queued, even when a future is already done at submit: callbacks never re-enter.
        self.finished.connect(self.on_finished, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: OnDone,
        on_error: OnError | None = None,
        context: QObject | None = None,
    ) -> Future[Any]:
        """Run `fn(*args)` on a worker; call `on_done(result)` or `on_error(exc)` on the GUI thread.

        When `context` (usually the widget that asked) has been deleted by the time the
        result arrives, the result is dropped instead of reaching a dead widget.
        """
        return self.deliver(
            self._executor.submit(fn, *args), on_done=on_done, on_error=on_error, context=context
        )

    def deliver(
        self,
        future: Future[Any],
        *,
        on_done: OnDone,
        on_error: OnError | None = None,
        context: QObject | None = None,
    ) -> Future[Any]:
        """Deliver the answer of work running elsewhere (the session's serial writer) as `run`
        does: on the GUI thread, dropped when `context` has been deleted meanwhile."""
        token = next(self._tokens)
        self._pending[token] = _Pending(on_done, on_error or report_unexpected, context)
        # The callback runs on the worker thread; the signal is queued to this object's thread.
        future.add_done_callback(lambda done: self._emit_finished(token, done))
        return future

    def _emit_finished(self, token: int, future: Future[Any]) -> None:
        # A writer may finish after the runner was shut down (the session closed): nobody waits.
        if shiboken6.isValid(self):
            self.finished.emit(token, future)

    @Slot(int, object)
    def on_finished(self, token: int, future: Future[Any]) -> None:
        pending = self._pending.pop(token, None)
        if pending is None:
            return
        if pending.context is not None and not shiboken6.isValid(pending.context):
            return
        # A method of a Qt object deleted meanwhile (a page closed) has nowhere to deliver to.
        if not (_alive(pending.on_done) and _alive(pending.on_error)):
            return
        error = future.exception()
        if error is None:
            pending.on_done(future.result())
        else:
            pending.on_error(error)

    def shutdown(self) -> None:
        """Finish the work already running, drop results not yet delivered, and stop the threads."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._pending.clear()


_default_runner: BackgroundRunner | None = None


def default_runner() -> BackgroundRunner:
    """The runner shared by the window; created on first use, in the GUI thread."""
    global _default_runner
    if _default_runner is None or not shiboken6.isValid(_default_runner):
        _default_runner = BackgroundRunner()
    return _default_runner


def run_in_background(
    fn: Callable[..., Any],
    *args: Any,
    on_done: OnDone,
    on_error: OnError | None = None,
    context: QObject | None = None,
) -> Future[Any]:
    """Run `fn(*args)` off the GUI thread; `on_done`/`on_error` are called on the GUI thread."""
    return default_runner().run(fn, *args, on_done=on_done, on_error=on_error, context=context)


def run_on_writer(
    submit: Callable[..., Future[Any]],
    fn: Callable[..., Any],
    *args: Any,
    on_done: OnDone,
    on_error: OnError | None = None,
    context: QObject | None = None,
) -> Future[Any]:
    """Run `fn(*args)` on a serial writer (`submit` schedules it there), with its answer on the
    GUI thread as `run_in_background` gives it."""
    return default_runner().deliver(
        submit(fn, *args), on_done=on_done, on_error=on_error, context=context
    )


def _alive(callback: Callable[..., Any]) -> bool:
    """False for a bound method of a Qt object whose C++ side has been deleted."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


def shutdown_background() -> None:
    """Stop the shared runner's threads (at quit, and after each test); a later call starts anew."""
    global _default_runner
    if _default_runner is not None:
        if shiboken6.isValid(_default_runner):
            _default_runner.shutdown()
            _default_runner.deleteLater()
        _default_runner = None


class LatestOnly:
    """Runs requests of one kind in the background and delivers only the newest one's answer.

    A search typed as "gar", "garc", "garci" may finish out of order; an answer to an
    older request than the latest is stale and is dropped.
    """

    def __init__(self, context: QObject | None = None) -> None:
        self._context = context
        self._generation = 0

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: OnDone,
        on_error: OnError | None = None,
    ) -> Future[Any]:
        self._generation += 1
        generation = self._generation

        def deliver(result: Any) -> None:
            if generation == self._generation:
                on_done(result)

        def fail(error: BaseException) -> None:
            if generation == self._generation:
                (on_error or report_unexpected)(error)

        return run_in_background(fn, *args, on_done=deliver, on_error=fail, context=self._context)

    def cancel(self) -> None:
        """Forget every request made so far: their answers, when they come, are dropped."""
        self._generation += 1


class GarbageCollector(QObject):
    """Runs Python's cycle collector on the GUI thread only.

    Automatic collection starts on whichever thread happens to allocate, a worker
    included; if it then frees a Qt object that belongs to the GUI thread, the program
    crashes (seen in the tests: a search worker collecting a closed window). So
    automatic collection is switched off while this runs, and a timer on the GUI thread
    collects with the interpreter's own thresholds instead.

    A full collection scans every object the program holds: over 100,000 once the
    records are open, 56-84 ms on the GUI thread (budget 50 ms; see
    benchmarks/gui_and_memory.md). So when the oldest generation is due, the young ones are
    collected and what survived them is frozen (`gc.freeze`): later collections skip
    it. Cyclic garbage among frozen objects waits for `collect_when_idle` (the lock
    calls it); closing a visit leaves only a handful of such objects.
    """

    INTERVAL_MS = 500

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.on_timeout)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        global _frozen_by_collector
        self._timer.stop()
        if _frozen_by_collector:
            gc.unfreeze()
            _frozen_by_collector = False
        gc.collect()
        gc.enable()

    @Slot()
    def on_timeout(self) -> None:
        counts = gc.get_count()
        if counts[0] <= self._thresholds[0]:
            return
        generation = 0
        # A generation is due when the younger one has been collected often enough.
        while generation < 2 and counts[generation + 1] > self._thresholds[generation + 1]:
            generation += 1
        if generation < 2:
            gc.collect(generation)
            return
        global _frozen_by_collector
        gc.collect(1)
        gc.freeze()
        _frozen_by_collector = True


_frozen_by_collector = False


def collect_when_idle() -> None:
    """A full collection, frozen objects included, for a moment nobody waits on the window.

    Does nothing unless a GarbageCollector has frozen objects: the interpreter freezes a
    few hundred of its own at start, and the tests run without the collector.
    """
    if not _frozen_by_collector:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def read_sources_lightly() -> None:
    """Make PySide6's check of each newly imported module read its file without caching it.

    PySide6 (shibokensupport.feature, PYSIDE-2029) asks of every module imported after
    it whether its source mentions "PySide6", through `inspect.getsource`, which keeps
    every file's lines in `linecache` until the program ends: about 25 MB of resident
    memory for SQLAlchemy, Alembic and our own modules (benchmarks/gui_and_memory.md).
    Searching the file's bytes gives the same answer; any module that is not a plain
    .py file, and any PySide6 without this check, keeps PySide6's own behaviour.
    """
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or hasattr(original, "__wrapped__"):
        return

    def uses_pyside(module: ModuleType) -> bool:
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or not file.endswith(".py"):
            return bool(original(module))
        try:
            with open(file, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(original(module))

    uses_pyside.__wrapped__ = original  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
