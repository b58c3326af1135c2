"""A follow-up visit compared with an earlier one: each scale's direction, in both orders."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import (
    AnklePressures,
    AnklePressuresBySide,
    Assessment,
    BrachialPressures,
    Exam,
    History,
    LabResult,
    Patient,
    ReflexGrade,
    StrengthGrade,
    ToneGrade,
    Vascular,
)
from clinic_desktop.domain.vocabulary import MODIFIED_ASHWORTH_GRADES, MRC_GRADES, REFLEX_GRADES
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.rules.comparison import AREAS, VERDICTS, Compared, compare_visits
from clinic_desktop.rules.engine import evaluate

OPPOSITE = {"better": "worse", "worse": "better", "first": "not_now", "not_now": "first"}


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def visit(
    *,
    day: date = date(2026, 11, 20),
    history: History | None = None,
    exam: Exam | None = None,
    labs: list[LabResult] | None = None,
    vascular: Vascular | None = None,
) -> Assessment:
    return Assessment(
        patient=Patient("C-1", "Ruiz", "Ana", date(1958, 3, 1), sex="female"),
        visit_date=day,
        history=history or History(presentations=["nocturnal_leg_cramps"]),
        exam=exam,
        labs=labs,
        vascular=vascular,
    )


def compared(
    before: Assessment, after: Assessment, language: str = "en"
) -> dict[tuple[str, str, str | None], Compared]:
    knowledge = load_knowledge()
    rows = compare_visits(
        before,
        evaluate(before, knowledge),
        after,
        evaluate(after, knowledge),
        language=language,
    )
    return {(r.area, r.item, r.side): r for r in rows}


def abi(ankle: float) -> Vascular:
    pressures = AnklePressuresBySide(left=AnklePressures(dorsalis_pedis=ankle))
    return Vascular(
        brachial_systolic_mmhg=BrachialPressures(left=120, right=120), ankle_systolic_mmhg=pressures
    )


def test_a_clinician_reads_each_measure_with_the_direction_of_its_scale() -> None:
    first = visit(
        history=History(presentations=["nocturnal_leg_cramps"], episodes_per_week=5, pain_score=6),
        exam=Exam(
            strength=[StrengthGrade("ankle_dorsiflexors", "left", "4")],
            reflexes=[ReflexGrade("achilles", "left", "0"), ReflexGrade("patellar", "right", "2+")],
            tone=[ToneGrade("ankle_plantarflexors", "left", "2")],
        ),
        labs=[LabResult("magnesium", 0.55, "mmol/L"), LabResult("potassium", 4.2, "mmol/L")],
        vascular=abi(100),
    )
    follow_up = visit(
        day=date(2027, 1, 8),
        history=History(presentations=["nocturnal_leg_cramps"], episodes_per_week=2, pain_score=7),
        exam=Exam(
            strength=[StrengthGrade("ankle_dorsiflexors", "left", "4+")],
            reflexes=[
                ReflexGrade("achilles", "left", "1+"),
                ReflexGrade("patellar", "right", "3+"),
            ],
            tone=[ToneGrade("ankle_plantarflexors", "left", "1+")],
        ),
        # 1.8 mg/dL is about 0.74 mmol/L: compared in SI, whatever unit each visit used.
        labs=[LabResult("magnesium", 1.8, "mg/dL"), LabResult("potassium", 4.2, "mmol/L")],
        vascular=abi(110),
    )
    rows = compared(first, follow_up)
    verdicts = {key: row.verdict for key, row in rows.items()}
    assert verdicts[("history", "episodes_per_week", None)] == "better"
    assert verdicts[("history", "pain_score", None)] == "worse"
    assert verdicts[("strength", "ankle_dorsiflexors", "left")] == "better"
    assert verdicts[("reflexes", "achilles", "left")] == "better"  # 0 -> 1+: nearer 2+
    assert verdicts[("reflexes", "patellar", "right")] == "worse"  # 2+ -> 3+
    assert verdicts[("tone", "ankle_plantarflexors", "left")] == "better"
    assert verdicts[("labs", "magnesium", None)] == "better"
    assert verdicts[("labs", "potassium", None)] == "same"
    assert rows[("labs", "magnesium", None)].before == "0.55 mmol/L (L)"
    assert rows[("labs", "magnesium", None)].after == "1.8 mg/dL (N)"
    assert verdicts[("abi", "abi", "left")] == "better"  # 0.83 abnormal -> 0.92 borderline
    assert rows[("abi", "abi", "left")].before == "0.83"
    assert rows[("abi", "abi", "left")].before_category == "abnormal"
    assert rows[("abi", "abi", "left")].after_category == "borderline"
    assert [r.area for r in rows.values()] == sorted(
        (r.area for r in rows.values()), key=AREAS.index
    )


def test_numbers_are_written_with_the_languages_decimal_mark() -> None:
    before = visit(
        history=History(presentations=["nocturnal_leg_cramps"], episode_duration_seconds=90.5),
        labs=[LabResult("magnesium", 0.55, "mmol/L")],
        vascular=abi(100),
    )
    after = visit(
        day=date(2027, 1, 8), labs=[LabResult("magnesium", 1.8, "mg/dL")], vascular=abi(110)
    )
    spanish = compared(before, after, "es")
    assert spanish[("labs", "magnesium", None)].before == "0,55 mmol/L (L)"
    assert spanish[("labs", "magnesium", None)].after == "1,8 mg/dL (N)"
    assert spanish[("abi", "abi", "left")].before == "0,83"
    assert spanish[("history", "episode_duration_seconds", None)].before == "90,5"
    english = compared(before, after)
    assert english[("history", "episode_duration_seconds", None)].before == "90.5"


def test_a_reflex_as_far_on_the_other_side_is_a_change_not_better_or_worse() -> None:
    before = visit(exam=Exam(reflexes=[ReflexGrade("biceps", "left", "1+")]))
    after = visit(exam=Exam(reflexes=[ReflexGrade("biceps", "left", "3+")]))
    assert compared(before, after)[("reflexes", "biceps", "left")].verdict == "changed"


def test_recorded_once_is_first_or_not_now() -> None:
    before = visit(exam=Exam(strength=[StrengthGrade("deltoid", "right", "5")]))
    after = visit(labs=[LabResult("sodium", 139, "mmol/L")])
    rows = compared(before, after)
    assert rows[("strength", "deltoid", "right")].verdict == "not_now"
    assert rows[("strength", "deltoid", "right")].after is None
    assert rows[("labs", "sodium", None)].verdict == "first"


grades = st.fixed_dictionaries(
    {
        "mrc": st.sampled_from(MRC_GRADES),
        "reflex": st.sampled_from(REFLEX_GRADES),
        "tone": st.sampled_from(MODIFIED_ASHWORTH_GRADES),
        "episodes": st.none() | st.floats(min_value=0, max_value=70).map(lambda v: round(v, 1)),
        "pain": st.none() | st.integers(min_value=0, max_value=10),
        "magnesium": st.none() | st.floats(min_value=0.2, max_value=3.0).map(lambda v: round(v, 2)),
        "ankle": st.none() | st.integers(min_value=60, max_value=200),
    }
)


def from_grades(g: dict[str, object]) -> Assessment:
    return visit(
        history=History(
            presentations=["skeletal_cramps"],
            episodes_per_week=g["episodes"],  # type: ignore[arg-type]
            pain_score=g["pain"],  # type: ignore[arg-type]
        ),
        exam=Exam(
            strength=[StrengthGrade("deltoid", "left", g["mrc"])],  # type: ignore[arg-type]
            reflexes=[ReflexGrade("biceps", "left", g["reflex"])],  # type: ignore[arg-type]
            tone=[ToneGrade("biceps", "left", g["tone"])],  # type: ignore[arg-type]
        ),
        labs=[] if g["magnesium"] is None else [LabResult("magnesium", g["magnesium"], "mmol/L")],  # type: ignore[arg-type]
        vascular=None if g["ankle"] is None else abi(g["ankle"]),  # type: ignore[arg-type]
    )


@settings(max_examples=60, deadline=None)
@given(first=grades, second=grades)
def test_swapping_the_visits_swaps_better_and_worse_and_a_visit_equals_itself(
    first: dict[str, object], second: dict[str, object]
) -> None:
    a, b = from_grades(first), from_grades(second)
    forward, backward = compared(a, b), compared(b, a)
    assert forward.keys() == backward.keys()
    for key, row in forward.items():
        assert row.verdict in VERDICTS
        assert backward[key].verdict == OPPOSITE.get(row.verdict, row.verdict), (key, row)
        assert (row.before, row.after) == (backward[key].after, backward[key].before)
    assert {row.verdict for row in compared(a, a).values()} <= {"same"}
