"""Background operations: results come back on the GUI thread, stale answers are dropped, no thread is left."""

from __future__ import annotations

import gc
import threading

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from clinic_desktop.ui.operations import (
    GarbageCollector,
    LatestOnly,
    run_in_background,
    shutdown_background,
)


def test_the_result_arrives_on_the_gui_thread_from_a_worker(qtbot: QtBot) -> None:
    worked_on: list[threading.Thread] = []
    delivered_on: list[threading.Thread] = []

    def work(a: int, b: int) -> int:
        worked_on.append(threading.current_thread())
        return a + b

    results: list[int] = []
    run_in_background(
        work,
        2,
        3,
        on_done=lambda value: (
            results.append(value),
            delivered_on.append(threading.current_thread()),
        ),
    )
    qtbot.waitUntil(lambda: results == [5], timeout=2000)
    assert worked_on[0] is not threading.main_thread()
    assert delivered_on == [threading.main_thread()]


def test_an_exception_goes_to_on_error_on_the_gui_thread(qtbot: QtBot) -> None:
    def work() -> None:
        raise LookupError("no such patient")

    errors: list[BaseException] = []
    run_in_background(
        work, on_done=lambda _v: pytest.fail("no result expected"), on_error=errors.append
    )
    qtbot.waitUntil(lambda: bool(errors), timeout=2000)
    assert isinstance(errors[0], LookupError)


def test_an_older_answer_that_arrives_last_is_dropped(qtbot: QtBot) -> None:
    release_old = threading.Event()

    def slow_search(text: str) -> str:
        release_old.wait(5)
        return text

    shown: list[str] = []
    latest = LatestOnly()
    latest.submit(slow_search, "gar", on_done=shown.append)
    latest.submit(str.upper, "garcia", on_done=shown.append)
    qtbot.waitUntil(lambda: shown == ["GARCIA"], timeout=2000)
    release_old.set()
    shutdown_background()  # waits for the slow one; its answer must not show
    qtbot.wait(50)
    assert shown == ["GARCIA"]


def test_a_result_for_a_deleted_widget_is_dropped(qtbot: QtBot) -> None:
    release = threading.Event()
    label = QLabel()
    delivered: list[object] = []
    run_in_background(lambda: release.wait(5), on_done=delivered.append, context=label)
    label.deleteLater()
    qtbot.waitUntil(lambda: not _alive(label), timeout=2000)
    release.set()
    qtbot.wait(100)
    assert delivered == []


def _alive(widget: QLabel) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_shutting_down_leaves_no_worker_thread(qtbot: QtBot) -> None:
    done: list[int] = []
    run_in_background(lambda: 1, on_done=done.append)
    qtbot.waitUntil(lambda: done == [1], timeout=2000)
    shutdown_background()
    assert not [t for t in threading.enumerate() if t.name.startswith("clinic-background")]


def test_cycles_are_collected_on_the_gui_thread_only(qtbot: QtBot) -> None:
    collected_on: list[threading.Thread] = []

    def record(phase: str, _info: dict) -> None:
        if phase == "stop":
            collected_on.append(threading.current_thread())

    collector = GarbageCollector()
    collector.start()
    gc.callbacks.append(record)
    try:
        assert not gc.isenabled()
        # Allocations on a worker no longer start a collection there; the GUI thread's
        # timer does it, within its interval.
        kept: list[object] = []
        run_in_background(lambda: [[] for _ in range(50_000)], on_done=kept.append)
        qtbot.waitUntil(lambda: bool(kept) and bool(collected_on), timeout=3000)
        assert set(collected_on) == {threading.main_thread()}
    finally:
        gc.callbacks.remove(record)
        collector.stop()
    assert gc.isenabled()
    gc.disable()  # the fixture's setting for the rest of this test
