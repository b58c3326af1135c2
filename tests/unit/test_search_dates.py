"""A typed birth date, whole or its first part, stands for exactly the dates it begins."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.persistence.search import (
    EARLIEST_BIRTH_YEAR,
    birth_date_ranges,
    merged,
)

TODAY = date(2026, 12, 7)
BIRTH_DATES = st.dates(min_value=date(EARLIEST_BIRTH_YEAR, 1, 1), max_value=TODAY)


def spellings(day: date) -> list[str]:
    return [day.isoformat(), day.strftime("%d/%m/%Y")]


def covered(ranges: list[tuple[date, date]], day: date) -> bool:
    return any(low <= day < high for low, high in ranges)


def date_shaped(typed: str) -> bool:
    return birth_date_ranges(typed, TODAY) is not None


@given(day=BIRTH_DATES, data=st.data())
def test_every_first_part_of_a_birth_date_that_reads_as_a_date_covers_it(
    day: date, data: st.DataObject
) -> None:
    spelled = data.draw(st.sampled_from(spellings(day)))
    typed = spelled[: data.draw(st.integers(min_value=1, max_value=len(spelled)))]
    ranges = birth_date_ranges(typed, TODAY)
    if ranges is not None:
        assert covered(ranges, day)


@given(day=BIRTH_DATES, data=st.data())
def test_a_typed_date_part_covers_no_date_it_does_not_begin(day: date, data: st.DataObject) -> None:
    other = data.draw(BIRTH_DATES)
    spelled = data.draw(st.sampled_from(spellings(other)))
    typed = spelled[: data.draw(st.integers(min_value=5, max_value=len(spelled)))]
    ranges = birth_date_ranges(typed, TODAY)
    if ranges is not None and covered(ranges, day):
        assert any(spelling.startswith(typed) for spelling in spellings(day))


def test_words_and_numbers_that_are_no_date_are_left_to_the_text_search() -> None:
    for typed in ("1961", "garcia", "demo1-0050", "2024-0001", "12/2024", "2/4/1961"):
        assert birth_date_ranges(typed, TODAY) is None, typed


def test_a_date_shaped_word_naming_no_real_date_matches_nothing() -> None:
    for typed in ("1961-13", "1961-02-30", "31/02/", "1961-4-02", "00/01/2000"):
        assert birth_date_ranges(typed, TODAY) == [], typed


def test_touching_ranges_join_and_single_days_are_listed_apart() -> None:
    days, spans = merged(birth_date_ranges("1961-0", TODAY) or [])
    assert days == [] and spans == [(date(1961, 1, 1), date(1961, 10, 1))]
    days, spans = merged(birth_date_ranges("02/04/196", TODAY) or [])
    assert days == [date(year, 4, 2) for year in range(1960, 1970)] and spans == []
    assert merged([(date(2000, 1, 1), date(2000, 1, 1) + timedelta(days=1))]) == (
        [date(2000, 1, 1)],
        [],
    )
