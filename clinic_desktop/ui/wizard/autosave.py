"""Autosave glue: every edit restarts a short timer; when it fires the draft goes to the serial writer."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.careplan import CarePlan, VisitDecisions
from clinic_desktop.services.visit_flow import DraftKeeper

# Well under the promised second between the last keystroke and the draft on disk.
SAVE_DELAY_MS = 300


class AutosaveController(QObject):
    """Debounces saves and reports their outcome on the GUI thread; never waits for the database."""

    saved = Signal(int)
    save_failed = Signal(str)
    conflicted = Signal(str)
    _job_finished = Signal(object)

    def __init__(
        self,
        keeper: DraftKeeper,
        models: Callable[[], tuple[Assessment, CarePlan | None, VisitDecisions | None]],
        conflict_error: type[Exception],
        delay_ms: int = SAVE_DELAY_MS,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.keeper = keeper
        self._models = models
        self._conflict_error = conflict_error
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_now)
        self._job_finished.connect(self.on_job_finished)
        self.pending = 0
        self.stopped = False

    def schedule(self) -> None:
        if not self.stopped:
            self._timer.start()

    def save_now(self) -> None:
        self._timer.stop()
        if self.stopped:
            return
        assessment, care_plan, decisions = self._models()
        try:
            future = self.keeper.save(assessment, care_plan, decisions)
        except RuntimeError as problem:
            self.save_failed.emit(str(problem))
            return
        self.pending += 1
        # The callback runs on the writer's thread; the signal carries the result to the GUI thread.
        future.add_done_callback(self._job_finished.emit)

    def flush(self, timeout: float = 10.0) -> None:
        """Save what is waiting for the timer and wait until the writer has finished it."""
        if self._timer.isActive():
            self.save_now()
        self.keeper.flush(timeout)

    def stop(self) -> None:
        self._timer.stop()
        self.stopped = True

    def on_job_finished(self, future: Future[Any]) -> None:
        self.pending -= 1
        error = future.exception()
        if error is None:
            self.saved.emit(int(future.result()))
        elif isinstance(error, self._conflict_error):
            self.stop()
            self.conflicted.emit(str(error))
        else:
            self.save_failed.emit(str(error) or type(error).__name__)
