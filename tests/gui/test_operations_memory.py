"""The collector never scans the whole heap on the GUI thread while working; PySide6 keeps no sources."""

from __future__ import annotations

import gc
import linecache
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from clinic_desktop.ui import operations
from clinic_desktop.ui.operations import GarbageCollector, collect_when_idle, read_sources_lightly


@pytest.fixture
def collector(qapp: QApplication) -> Iterator[GarbageCollector]:
    running = GarbageCollector()
    running.start()
    yield running
    running.stop()
    assert gc.isenabled() and not operations._frozen_by_collector


def test_a_due_full_collection_freezes_instead_of_scanning(
    collector: GarbageCollector, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen_before = gc.get_freeze_count()
    full: list[int] = []
    monkeypatch.setattr(gc, "get_count", lambda: (10_000, 10_000, 10_000))

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            full.append(info["generation"])

    gc.callbacks.append(record)
    try:
        collector.on_timeout()
    finally:
        gc.callbacks.remove(record)
    assert 2 not in full, "no full scan on the GUI thread while the clinician works"
    assert gc.get_freeze_count() > frozen_before and operations._frozen_by_collector


def test_cycles_among_frozen_objects_are_freed_when_the_window_is_idle(
    collector: GarbageCollector, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Node:
        partner: object = None

    first, second = Node(), Node()
    first.partner, second.partner = second, first
    monkeypatch.setattr(gc, "get_count", lambda: (10_000, 10_000, 10_000))
    collector.on_timeout()  # the cycle is now frozen with everything else
    alive = weakref.ref(first)
    del first, second
    monkeypatch.undo()
    gc.collect(1)
    assert alive() is not None, "a frozen cycle survives the young collections"
    collect_when_idle()
    assert alive() is None


def test_pyside_checks_new_modules_without_keeping_their_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_sources_lightly()
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None:
        pytest.skip("this PySide6 has no per-module feature check")
    assert hasattr(feature._mod_uses_pyside, "__wrapped__")
    read_sources_lightly()  # a second call changes nothing
    assert not hasattr(feature._mod_uses_pyside.__wrapped__, "__wrapped__")
    module_file = tmp_path / "quiet_module_for_the_test.py"
    module_file.write_text("VALUE = 'no Qt here'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("quiet_module_for_the_test")
    assert str(module_file) not in linecache.cache
