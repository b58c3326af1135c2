"""Trends across a patient's visits: each lab in SI units against its interval, and the cramps.

A lab point is dated by when its sample was taken (the laboratory's collection time), else by
the visit's date; it is drawn in the test's SI unit, converted by the catalogue, so a value typed
in mg/dL at one visit and in mmol/L at the next lie on one scale. The band is the interval the
rules judged the newest value by: the laboratory's own (converted), else the catalogue's default
(labs.yaml, each cited). The history's measures (cramp episodes per week, episode length, pain,
Penn spasm frequency) are drawn per visit as recorded. What a point shows as recorded is written
as `language` writes numbers (domain.numbers: "0,55" in Spanish).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.diary import DiaryEntry
from clinic_desktop.domain.numbers import number_text
from clinic_desktop.knowledge.lab_catalog import LabCatalog
from clinic_desktop.rules.comparison import HISTORY_MEASURES
from clinic_desktop.rules.evaluation import Evaluation, InterpretedLab


@dataclass(frozen=True, slots=True)
class TrendPoint:
    when: date
    value: Decimal
    """In the trend's unit."""
    shown: str
    """As recorded: the value and the unit it came in."""
    flag: str | None = None
    """HL7 interpretation (N, L, H, LL, HH) for a lab; None without an interval or for the history."""


@dataclass(frozen=True, slots=True)
class Trend:
    measure: str
    """A lab test id, or one of comparison.HISTORY_MEASURES."""
    kind: str
    """lab, history or diary."""
    unit: str
    points: tuple[TrendPoint, ...]
    low: Decimal | None = None
    high: Decimal | None = None


def sample_day(collected_at: str | None, visit_day: date | None) -> date | None:
    """The sample's date (the first ten characters of its ISO 8601 time), else the visit's."""
    if collected_at:
        try:
            return date.fromisoformat(collected_at[:10])
        except ValueError:
            pass
    return visit_day


def _band(catalog: LabCatalog, lab: InterpretedLab) -> tuple[Decimal | None, Decimal | None]:
    def si(bound: float | None, upper: bool) -> Decimal | None:
        if bound is not None:
            return catalog.to_si(lab.test, bound, lab.unit)
        return catalog.default_limit(lab.test, lab.unit_si, upper=upper)

    return si(lab.reference_low, False), si(lab.reference_high, True)


def trends(
    visits: Sequence[tuple[Assessment, Evaluation]], catalog: LabCatalog, *, language: str = "en"
) -> tuple[Trend, ...]:
    """Every lab and history measure recorded at any of `visits`, oldest point first:
    the history's measures first, then the labs in the catalogue's order."""
    labs: dict[str, list[tuple[TrendPoint, InterpretedLab]]] = {}
    history: dict[str, list[TrendPoint]] = {}
    for assessment, evaluation in visits:
        recorded = {(r.test, r.value, r.unit): r.collected_at for r in assessment.labs or ()}
        for lab in evaluation.labs:
            when = sample_day(recorded.get((lab.test, lab.value, lab.unit)), assessment.visit_date)
            if when is None:
                continue
            shown = f"{number_text(lab.value, language)} {lab.unit}"
            point = TrendPoint(when, lab.value_si, shown, lab.interpretation)
            labs.setdefault(lab.test, []).append((point, lab))
        if assessment.history is None or assessment.visit_date is None:
            continue
        for measure in HISTORY_MEASURES:
            value = getattr(assessment.history, measure)
            if value is not None:
                number = Decimal(str(value))
                history.setdefault(measure, []).append(
                    TrendPoint(assessment.visit_date, number, number_text(value, language))
                )
    found: list[Trend] = [
        Trend(measure, "history", "", tuple(sorted(history[measure], key=lambda p: p.when)))
        for measure in HISTORY_MEASURES
        if measure in history
    ]
    for test in catalog.tests():
        if test not in labs:
            continue
        entries = sorted(labs[test], key=lambda entry: entry[0].when)
        low, high = _band(catalog, entries[-1][1])
        found.append(
            Trend(test, "lab", entries[-1][1].unit_si, tuple(p for p, _ in entries), low, high)
        )
    return tuple(found)


DIARY_MEASURES = ("diary_cramps_per_week", "diary_intensity")


def diary_trends(entries: Sequence[DiaryEntry], *, language: str = "en") -> tuple[Trend, ...]:
    """The cramp diary by week (Monday to Sunday, dated by its Monday): the cramps written down
    each week, and their mean intensity (0-10) where one was written.

    Every week from the first entry's to the last's is counted, a week without an entry as 0:
    the diary was being kept between them. Before the first and after the last, nothing is drawn.
    """
    if not entries:
        return ()
    weeks: dict[date, list[DiaryEntry]] = {}
    for entry in entries:
        monday = entry.occurred_on - timedelta(days=entry.occurred_on.weekday())
        weeks.setdefault(monday, []).append(entry)
    first, last = min(weeks), max(weeks)
    counts = []
    week = first
    while week <= last:
        count = len(weeks.get(week, ()))
        counts.append(TrendPoint(week, Decimal(count), str(count)))
        week += timedelta(days=7)
    found = [Trend("diary_cramps_per_week", "diary", "", tuple(counts))]
    strengths = []
    for monday in sorted(weeks):
        given = [e.intensity for e in weeks[monday] if e.intensity is not None]
        if given:
            mean = (Decimal(sum(given)) / len(given)).quantize(Decimal("0.1"))
            shown = f"{number_text(mean, language)} ({len(given)})"
            strengths.append(TrendPoint(monday, mean, shown))
    if strengths:
        found.append(Trend("diary_intensity", "diary", "", tuple(strengths)))
    return tuple(found)


def band_position(point: TrendPoint, trend: Trend) -> str:
    """Where the point lies against the trend's band: inside, above, below, or none (no band)."""
    if trend.low is None and trend.high is None:
        return "none"
    if trend.high is not None and point.value > trend.high:
        return "above"
    if trend.low is not None and point.value < trend.low:
        return "below"
    return "inside"
