"""DraftKeeper: saves go out in order with the right version, and a conflict stops all writing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest

from clinic_desktop.domain.assessment import Assessment, History, Patient
from clinic_desktop.domain.careplan import CarePlan, VisitDecisions
from clinic_desktop.services.visit_flow import DraftKeeper


class Conflict(Exception):
    pass


class FakeStore:
    """Keeps saved snapshots; refuses a stale version like the real store's optimistic check."""

    def __init__(self, version: int) -> None:
        self.version = version
        self.saved: list[tuple[Assessment, CarePlan | None]] = []

    def save_draft(
        self,
        assessment_id: int,
        assessment: Assessment,
        care_plan: CarePlan | None,
        expected_version: int,
        decisions: VisitDecisions | None = None,
    ) -> int:
        if expected_version != self.version:
            raise Conflict("someone else saved a newer version")
        self.version += 1
        self.saved.append((assessment, care_plan))
        return self.version

    def sign(
        self, assessment_id: int, user: str, care_plan: CarePlan, expected_version: int
    ) -> Any:
        raise AssertionError("not used here")


class PoolWriter:
    """A one-thread executor: the same ordering promise as services.writer.SerialWriter."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1)

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future[Any]:
        return self._pool.submit(fn, *args)

    def flush(self, timeout: float | None = None) -> None:
        self._pool.submit(lambda: None).result(timeout)

    def close(self) -> None:
        self._pool.shutdown(wait=True)


@pytest.fixture
def writer() -> Iterator[PoolWriter]:
    pool = PoolWriter()
    yield pool
    pool.close()


def assessment() -> Assessment:
    return Assessment(
        Patient("A-1", "Núñez", "Eva", date(1970, 1, 1)), history=History(pain_score=1)
    )


def test_saves_run_in_order_each_with_the_version_the_last_one_made(writer: PoolWriter) -> None:
    store = FakeStore(version=3)
    keeper = DraftKeeper(store, writer, assessment_id=7, version=3, conflict_error=Conflict)
    a = assessment()
    futures = []
    for pain in range(5):
        assert a.history is not None
        a.history.pain_score = pain
        futures.append(keeper.save(a, None))
    keeper.flush(5)
    assert [f.result() for f in futures] == [4, 5, 6, 7, 8]
    assert keeper.version == 8
    # Each save holds the text as it was when asked for, not as it is later.
    assert [saved.history.pain_score for saved, _ in store.saved if saved.history] == [
        0,
        1,
        2,
        3,
        4,
    ]


def test_after_a_conflict_nothing_more_is_written(writer: PoolWriter) -> None:
    store = FakeStore(version=9)  # someone else saved twice since we loaded version 7
    keeper = DraftKeeper(store, writer, assessment_id=7, version=7, conflict_error=Conflict)
    first = keeper.save(assessment(), None)
    with pytest.raises(Conflict):
        first.result(5)
    store.version = 7
    second = keeper.save(assessment(), None)
    with pytest.raises(Conflict):
        second.result(5)
    assert store.saved == []
    assert isinstance(keeper.conflict, Conflict)
