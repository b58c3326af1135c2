"""Backups rotate by age: the newest of each day for two weeks, each week for two months, each month for a year."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.persistence.backup import (
    DAILY_FOR,
    MONTHLY_FOR,
    backup_time,
    backups_to_keep,
)

NOW = datetime(2027, 6, 30, 18, 0, tzinfo=UTC)
AGES = st.lists(st.integers(min_value=0, max_value=500 * 24 * 60), min_size=1, max_size=200)


def taken(minutes_ago: list[int]) -> dict[Path, datetime]:
    return {Path(f"b{i}-{m}"): NOW - timedelta(minutes=m) for i, m in enumerate(minutes_ago)}


@given(AGES)
def test_the_two_newest_stay_and_nothing_older_than_a_year(minutes_ago: list[int]) -> None:
    backups = taken(minutes_ago)
    kept = backups_to_keep(backups, NOW)
    newest = sorted(backups, key=lambda p: backups[p], reverse=True)[:2]
    assert set(newest) <= kept
    assert all(NOW - backups[p] < MONTHLY_FOR or p in newest for p in kept)


@given(AGES)
def test_every_day_of_the_last_two_weeks_keeps_its_newest_backup(minutes_ago: list[int]) -> None:
    backups = taken(minutes_ago)
    kept = backups_to_keep(backups, NOW)
    for when in backups.values():
        if NOW - when < DAILY_FOR:
            same_day = {p: w for p, w in backups.items() if w.date() == when.date()}
            newest = max(same_day.values())
            assert any(same_day[p] == newest for p in kept if p in same_day)


def test_a_year_of_two_backups_a_day_keeps_about_thirty() -> None:
    minutes = [day * 24 * 60 + hour * 60 for day in range(366) for hour in (2, 9)]
    kept = backups_to_keep(taken(minutes), NOW)
    assert 28 <= len(kept) <= 34


def test_the_time_comes_from_the_backups_name() -> None:
    path = Path("clinic-20261207T200524260130Z-daily.sqlite3")
    assert backup_time(path) == datetime(2026, 12, 7, 20, 5, 24, 260130, tzinfo=UTC)
