"""The follow-up's printed plan: a small chart of what matters for this patient (the labs out of
range at any visit, the cramps), in the patient's language; none at a first visit; and a revised
plan that says on every page which plan it replaces and what changed."""

from __future__ import annotations

import dataclasses
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from clinic_desktop.domain.assessment import Assessment, History, LabResult, Medication, Patient
from clinic_desktop.domain.diary import DiaryEntry
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.rules.engine import evaluate
from clinic_desktop.rules.trends import Trend, TrendPoint, band_position
from clinic_desktop.services.follow_up import FollowUp, trends_that_matter
from clinic_desktop.services.rendering import render_document, suggested_plan

HEADING = {"en": "How things have changed", "es": "Cómo han cambiado las cosas"}
KEY = {"en": "what you wrote in your diary", "es": "lo que anotó en su diario"}


def visit(language: str, day: date, labs: list[LabResult], episodes: int, pain: int) -> Assessment:
    return Assessment(
        patient=Patient("HC-1001", "Ruiz", "Ana", date(1958, 3, 1), "female", language=language),
        visit_date=day,
        history=History(
            presentations=["nocturnal_leg_cramps"],
            sites=["calf"],
            episodes_per_week=episodes,
            pain_score=pain,
        ),
        medications=[Medication("hydrochlorothiazide")],
        labs=labs,
    )


def three_visits(language: str) -> tuple[Assessment, Assessment, Assessment]:
    """Magnesium low at the first two visits, then normal; sodium normal throughout."""

    def labs(magnesium: float, day: str) -> list[LabResult]:
        return [
            LabResult("magnesium", magnesium, "mg/dL", collected_at=day),
            LabResult("sodium", 140, "mmol/L", collected_at=day),
        ]

    return (
        visit(language, date(2026, 10, 20), labs(1.5, "2026-10-19T08:10"), 5, 7),
        visit(language, date(2026, 11, 20), labs(1.65, "2026-11-18"), 3, 5),
        visit(language, date(2026, 12, 21), labs(1.9, "2026-12-18"), 2, 4),
    )


DIARY = tuple(
    DiaryEntry(date(2026, 10, 21) + timedelta(days=days), intensity=strength)
    for days, strength in ((0, 7), (5, 6), (12, 5), (20, 5), (33, 4), (44, 3))
)


def pages(pdf: bytes) -> list[str]:
    return [
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def plan_pdf(assessment: Assessment, follow_up: FollowUp | None) -> bytes:
    knowledge = load_knowledge()
    evaluation = evaluate(assessment, knowledge)
    plan = dataclasses.replace(suggested_plan(evaluation), signed_at=datetime(2026, 12, 21, 10))
    return render_document(
        assessment, evaluation, plan=plan, knowledge=knowledge, follow_up=follow_up
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_follow_up_plan_draws_the_labs_out_of_range_and_the_cramps(language: str) -> None:
    first, second, third = three_visits(language)
    printed = pages(plan_pdf(third, FollowUp((first, second), DIARY)))
    words = " ".join(printed)
    assert HEADING[language] in words
    magnesium = {"en": "Magnesium (mmol/L)", "es": "Magnesio (mmol/L)"}[language]
    sodium = {"en": "Sodium (mmol/L)", "es": "Sodio (mmol/L)"}[language]
    assert magnesium in words  # low at two visits
    assert sodium not in words  # normal at every visit: not what matters here
    # 1.5 mg/dL of magnesium is 0.62 mmol/L: written as the patient's language writes it.
    if language == "es":
        assert "0,62" in words and "0.62" not in words
        assert "Rango normal: de 0,7 a 1,1" in words
        assert "19 oct" in words and "desde el 19 de octubre de 2026" in words
        assert "Calambres por semana" in words
    else:
        assert "0.62" in words and "Normal range: 0.7 to 1.1" in words
        assert "19 Oct" in words and "since 19 October 2026" in words
        assert "Cramps per week" in words
    # The chart is printed whole: its heading and its key on one page.
    (chart_page,) = [n for n, text in enumerate(printed) if HEADING[language] in text]
    assert KEY[language] in printed[chart_page]


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_first_visit_prints_no_chart(language: str) -> None:
    first, _, _ = three_visits(language)
    for follow_up in (None, FollowUp((), DIARY)):
        words = " ".join(pages(plan_pdf(first, follow_up)))
        assert HEADING[language] not in words
        assert KEY[language] not in words


@pytest.mark.parametrize(
    ("language", "note", "changed", "result"),
    [
        (
            "en",
            "Revised plan: replaces the plan of 20 October 2026",
            "What changed",
            "New test result: Magnesium: 1.5 mg/dL, below the normal range (19 October 2026)",
        ),
        (
            "es",
            "Plan revisado: sustituye al plan del 20 de octubre de 2026",
            "Qué ha cambiado",
            "Nuevo resultado: Magnesio: 1,5 mg/dL, por debajo de lo normal (19 de octubre de 2026)",
        ),
    ],
)
def test_a_revised_plan_says_on_every_page_what_it_replaces_and_what_changed(
    language: str, note: str, changed: str, result: str
) -> None:
    with_results, _, _ = three_visits(language)
    signed_first = dataclasses.replace(with_results, labs=[])
    knowledge = load_knowledge()
    first_plan = suggested_plan(evaluate(signed_first, knowledge))
    revised = pages(
        plan_pdf(
            with_results,
            FollowUp(
                revises=signed_first,
                revises_plan=first_plan,
                revises_signed_on=date(2026, 10, 20),
            ),
        )
    )
    assert len(revised) > 1
    assert all(note in page for page in revised), "a page does not say it is revised"
    words = " ".join(revised)
    assert changed in words and result in words
    # In the patient's words: the finding's patient version, never the clinician's.
    assert "Hypomagnes" not in words and "hipomagnes" not in words.casefold()
    # The first plan, printed again, stays as it was.
    first = " ".join(pages(plan_pdf(signed_first, None)))
    assert note not in first and changed not in first


def day(offset: int) -> date:
    return date(2026, 1, 1) + timedelta(days=offset)


points = st.lists(
    st.builds(
        TrendPoint,
        st.integers(0, 400).map(day),
        st.decimals(0, 10, places=2),
        st.just(""),
        st.sampled_from([None, "N", "L", "H", "LL", "HH"]),
    ),
    min_size=1,
    max_size=5,
)
lab_trends = st.builds(
    Trend,
    st.sampled_from(["magnesium", "potassium", "sodium", "calcium"]),
    st.just("lab"),
    st.just("mmol/L"),
    points.map(tuple),
    st.one_of(st.none(), st.just(Decimal(2))),
    st.one_of(st.none(), st.just(Decimal(6))),
)


@given(st.lists(lab_trends, max_size=6))
def test_what_matters_is_every_lab_out_of_range_at_some_visit_and_no_other(
    found: list[Trend],
) -> None:
    chosen = trends_that_matter(found)
    for trend in found:
        outside = any(
            band_position(p, trend) in ("above", "below") or p.flag not in (None, "N")
            for p in trend.points
        )
        assert (trend in chosen) is outside
