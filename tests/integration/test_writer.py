"""The serial writer: jobs run in order on one thread, failures reach the caller, close drains."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from clinic_desktop.persistence.database import Database
from clinic_desktop.services.patients import PatientInput, PatientRegistry
from clinic_desktop.services.writer import SerialWriter


def test_jobs_run_in_submission_order_on_one_thread_that_is_not_the_callers() -> None:
    seen: list[tuple[int, int | None]] = []
    with SerialWriter() as writer:
        futures = [
            writer.submit(lambda n: seen.append((n, threading.get_ident())) or n, n)
            for n in range(200)
        ]
        assert writer.flush(timeout=10)
    assert [f.result() for f in futures] == list(range(200))
    assert [n for n, _ in seen] == list(range(200))
    threads = {ident for _, ident in seen}
    assert len(threads) == 1 and threading.get_ident() not in threads


def test_a_failing_job_reports_through_its_future_and_later_jobs_still_run() -> None:
    def fail() -> None:
        raise ValueError("disk full")

    with SerialWriter() as writer:
        failed = writer.submit(fail)
        later = writer.submit(lambda: "saved")
        with pytest.raises(ValueError, match="disk full"):
            failed.result(timeout=10)
        assert later.result(timeout=10) == "saved"


def test_submit_returns_at_once_and_flush_times_out_while_a_job_is_still_running() -> None:
    release = threading.Event()
    with SerialWriter() as writer:
        blocked = writer.submit(release.wait, 10)
        queued = writer.submit(lambda: "after")
        assert not writer.flush(timeout=0.05)
        assert not queued.done()
        release.set()
        assert writer.flush(timeout=10)
        assert blocked.result() is True and queued.result() == "after"


def test_close_finishes_queued_jobs_then_refuses_new_ones() -> None:
    done: list[int] = []
    writer = SerialWriter()
    release = threading.Event()
    writer.submit(release.wait, 10)
    for n in range(5):
        writer.submit(done.append, n)
    release.set()
    assert writer.close(timeout=10)
    assert done == [0, 1, 2, 3, 4]
    with pytest.raises(RuntimeError, match="closed"):
        writer.submit(done.append, 5)
    assert writer.flush(timeout=1)


def test_autosaves_through_the_writer_reach_the_database(database: Database) -> None:
    registry = PatientRegistry(database)
    with SerialWriter() as writer:
        futures = [
            writer.submit(
                registry.create,
                PatientInput(f"W-{n}", "Writer", f"Test{n}", "1980-01-01"),
            )
            for n in range(20)
        ]
        writer.flush(timeout=30)
    assert [f.result().mrn for f in futures] == [f"W-{n}" for n in range(20)]
    assert len(registry.search("writer")) == 20
    assert registry.get(futures[0].result().id).birth_date == date(1980, 1, 1)
