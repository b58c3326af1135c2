"""Fixtures for every test: isolation from the user's real data and settings, and no leaked threads."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis judges each example against a 200 ms deadline and warns when generating data is
# slow: on a loaded two-core CI machine both fail tests that are right. Time is a benchmark's
# business (benchmarks/); here every property is judged on what it returns.
settings.register_profile(
    "clinic", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("clinic")


def _patient_waits() -> None:
    """Every pytest-qt wait allows at least 10 s before it calls a test failed.

    A wait's timeout is how long a test gives the program to do something, not a claim about
    speed: two seconds failed right code on a loaded two-core CI machine. A wait still ends as
    soon as its condition holds, so passing tests take no longer.
    """
    from pytestqt.qtbot import QtBot

    def floor(method):  # type: ignore[no-untyped-def]
        def waiting(self, *args, timeout: int = 5000, **kwargs):  # type: ignore[no-untyped-def]
            if timeout is not None and timeout >= 0:
                timeout = max(timeout, MIN_WAIT_MS)
            return method(self, *args, timeout=timeout, **kwargs)

        waiting.__doc__ = method.__doc__
        return waiting

    for name in (
        "waitUntil",
        "waitSignal",
        "waitSignals",
        "waitExposed",
        "waitActive",
        "waitCallback",
    ):
        setattr(QtBot, name, floor(getattr(QtBot, name)))


MIN_WAIT_MS = 10_000
_patient_waits()

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One locale for every run: a CI machine with LC_ALL=C (or a locale it has not
# generated) makes Qt warn that it switched to C.UTF-8, and pytest-qt fails the
# first window test on that warning. Dates and numbers print the same everywhere.
os.environ["LC_ALL"] = "C.UTF-8"
os.environ["LANG"] = "C.UTF-8"
# Qt decides where QSettings files live at its first use and keeps that for the whole
# process, whatever a later test's XDG_CONFIG_HOME says: make even that first place a
# throwaway one, never the real user's settings.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="clinic-desktop-tests-config-")


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own data directory and settings, never the clinician's real ones."""
    data = tmp_path / "user-data"
    monkeypatch.setenv("CLINIC_DESKTOP_DATA_DIR", str(data))
    monkeypatch.delenv("CLINIC_DESKTOP_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return data


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """Fail a test that leaves a Python thread running (long work must finish or be stopped)."""
    before = set(threading.enumerate())
    yield
    leaked = []
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=5)
        if thread.is_alive():
            leaked.append(thread.name)
    assert not leaked, f"test left threads running: {leaked}"
