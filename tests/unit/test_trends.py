"""Trends across visits: dated by the sample, drawn in SI against the band, never a point lost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import Assessment, History, LabResult, Patient
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.rules.engine import evaluate
from clinic_desktop.rules.trends import sample_day, trends


def visit(day: date, labs: list[LabResult], episodes: float | None = None) -> Assessment:
    return Assessment(
        patient=Patient("T-1", "Ruiz", "Ana", date(1958, 3, 1), sex="female"),
        visit_date=day,
        history=History(presentations=["nocturnal_leg_cramps"], episodes_per_week=episodes),
        labs=labs,
    )


def drawn(visits: list[Assessment]):  # type: ignore[no-untyped-def]
    knowledge = load_knowledge()
    return {
        t.measure: t for t in trends([(v, evaluate(v, knowledge)) for v in visits], knowledge.labs)
    }


def test_magnesium_in_two_units_lies_on_one_scale_dated_by_its_sample() -> None:
    first = visit(
        date(2026, 11, 20),
        [LabResult("magnesium", 0.55, "mmol/L", collected_at="2026-11-23T07:30:00-05:00")],
        episodes=5,
    )
    second = visit(date(2027, 1, 8), [LabResult("magnesium", 1.8, "mg/dL")], episodes=2)
    found = drawn([second, first])  # in any order: drawn oldest first
    magnesium = found["magnesium"]
    assert magnesium.unit == "mmol/L"
    assert [p.when for p in magnesium.points] == [date(2026, 11, 23), date(2027, 1, 8)]
    assert [p.shown for p in magnesium.points] == ["0.55 mmol/L", "1.8 mg/dL"]
    assert magnesium.points[0].value == Decimal("0.55")
    assert Decimal("0.7") < magnesium.points[1].value < Decimal("0.8")
    assert magnesium.low is not None and magnesium.high is not None
    assert magnesium.low < magnesium.points[1].value < magnesium.high
    assert [p.value for p in found["episodes_per_week"].points] == [Decimal("5"), Decimal("2")]
    assert next(iter(found)) == "episodes_per_week"


def test_the_laboratory_interval_is_the_band_in_si() -> None:
    lab = LabResult("magnesium", 2.0, "mg/dL", reference_low=1.6, reference_high=2.6)
    band = drawn([visit(date(2026, 11, 20), [lab])])["magnesium"]
    assert band.low is not None and band.high is not None
    assert round(band.low, 3) == Decimal("0.658") and round(band.high, 3) == Decimal("1.070")


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(max_size=30),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
)
def test_a_sample_time_that_is_not_a_date_falls_back_to_the_visit_never_fails(
    text: str, day: date
) -> None:
    found = sample_day(text, day)
    assert found is not None
    if not text[:10] or found != day:
        assert found == day or found.isoformat() == text[:10]


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(
        st.tuples(
            st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
            st.floats(min_value=0.2, max_value=2.5).map(lambda v: round(v, 2)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_every_result_becomes_one_point_in_date_order(values: list[tuple[date, float]]) -> None:
    visits = [visit(day, [LabResult("magnesium", value, "mmol/L")]) for day, value in values]
    points = drawn(visits)["magnesium"].points
    assert len(points) == len(values)
    assert [p.when for p in points] == sorted(day for day, _ in values)
    assert sorted(float(p.value) for p in points) == sorted(value for _, value in values)
