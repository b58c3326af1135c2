"""The cramp diary as typed: anything typed is stored exactly or refused naming its field."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.diary import DiaryEntry, DiaryError, diary_entry
from clinic_desktop.domain.vocabulary import SIDES, SITES
from clinic_desktop.rules.trends import diary_trends

TODAY = date(2027, 1, 8)


def test_a_row_of_the_diary_page_is_kept_as_written() -> None:
    entry = diary_entry(
        date(2027, 1, 3),
        today=TODAY,
        occurred_time=" 03:40 ",
        site="calf",
        side="left",
        duration_seconds=90,
        intensity=7,
        relief=" stretching the calf ",
    )
    assert entry == DiaryEntry(
        date(2027, 1, 3), "03:40", "calf", "left", 90, 7, "stretching the calf"
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"occurred_on": date(2027, 1, 9)}, "occurred_on"),
        ({"occurred_on": None}, "occurred_on"),
        ({"occurred_time": "24:00"}, "occurred_time"),
        ({"occurred_time": "3.40"}, "occurred_time"),
        ({"site": "elbow"}, "site"),
        ({"side": "both"}, "side"),
        ({"duration_seconds": 0}, "duration_seconds"),
        ({"duration_seconds": 86_401}, "duration_seconds"),
        ({"intensity": 11}, "intensity"),
        ({"intensity": -1}, "intensity"),
        ({"relief": "x" * 501}, "relief"),
        ({"relief": "ice\x07"}, "relief"),
    ],
)
def test_what_cannot_be_stored_is_refused_naming_the_field(
    changes: dict[str, object], field: str
) -> None:
    fields: dict[str, object] = {"occurred_on": date(2027, 1, 3)} | changes
    day = fields.pop("occurred_on")
    with pytest.raises(DiaryError) as refused:
        diary_entry(day, today=TODAY, **fields)  # type: ignore[arg-type]
    assert refused.value.field == field


@settings(max_examples=300, deadline=None)
@given(
    day=st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1)),
    time=st.text(max_size=8) | st.from_regex(r"\A[0-2][0-9]:[0-5][0-9]\Z"),
    site=st.none() | st.sampled_from(SITES) | st.text(max_size=6),
    side=st.none() | st.sampled_from(SIDES) | st.text(max_size=6),
    duration=st.none() | st.floats(allow_nan=True, allow_infinity=True),
    intensity=st.none() | st.integers(min_value=-5, max_value=15),
    relief=st.text(max_size=600),
)
def test_anything_typed_is_stored_exactly_or_refused(
    day: date | None,
    time: str,
    site: str | None,
    side: str | None,
    duration: float | None,
    intensity: int | None,
    relief: str,
) -> None:
    try:
        entry = diary_entry(
            day,
            today=TODAY,
            occurred_time=time,
            site=site,
            side=side,
            duration_seconds=duration,
            intensity=intensity,
            relief=relief,
        )
    except DiaryError as refused:
        assert refused.field in {
            "occurred_on",
            "occurred_time",
            "site",
            "side",
            "duration_seconds",
            "intensity",
            "relief",
        }
        return
    assert day is not None and entry.occurred_on == day <= TODAY
    assert (entry.site, entry.side, entry.intensity) == (site, side, intensity)
    assert entry.duration_seconds == duration
    assert entry.relief == (relief.strip() or None)
    assert entry.occurred_time == (time.strip() or None)


def test_the_diary_by_week_counts_every_week_between_first_and_last_entry() -> None:
    entries = [
        DiaryEntry(date(2026, 11, 23), intensity=8),  # Monday
        DiaryEntry(date(2026, 11, 29), intensity=6),  # Sunday of the same week
        DiaryEntry(date(2026, 12, 10)),  # two weeks on, no intensity written
    ]
    per_week, intensity = diary_trends(entries)
    assert [(p.when, int(p.value)) for p in per_week.points] == [
        (date(2026, 11, 23), 2),
        (date(2026, 11, 30), 0),
        (date(2026, 12, 7), 1),
    ]
    assert [(p.when, str(p.value)) for p in intensity.points] == [(date(2026, 11, 23), "7.0")]
    assert [p.shown for p in intensity.points] == ["7 (2)"]
    entries.append(DiaryEntry(date(2026, 12, 11), intensity=5))
    spanish = diary_trends(entries, language="es")[1]
    assert [p.shown for p in spanish.points] == ["7 (2)", "5 (1)"]
    entries.append(DiaryEntry(date(2026, 12, 12), intensity=6))
    assert [p.shown for p in diary_trends(entries, language="es")[1].points][-1] == "5,5 (2)"
    assert diary_trends([]) == ()


def test_every_reason_the_diary_gives_is_one_the_window_translates() -> None:
    import inspect

    from clinic_desktop.domain import diary
    from clinic_desktop.ui.follow_up import diary as window

    source = inspect.getsource(diary.diary_entry)
    given = set(re.findall(r'DiaryError\(\s*"\w+",\s*f?"([^"]+)"', source))
    shown = inspect.getsource(window.DiaryDialog.reasons)
    formatted = {"intensity is {low} to {high}": "intensity is 0 to 10"}
    formatted["at most {MAX_RELIEF_CHARACTERS} characters"] = "at most 500 characters"
    assert len(given) == 9
    for reason in given:
        assert f'"{formatted.get(reason, reason)}"' in shown, reason
