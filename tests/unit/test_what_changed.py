"""What changed between a signed visit and its addendum: the rules' answers compared, never judged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import Assessment, History, LabResult, Medication, Patient
from clinic_desktop.domain.careplan import CarePlan, PlannedItem
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.rules.changes import KINDS, Change, what_changed
from clinic_desktop.rules.engine import evaluate


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def visit(labs: list[LabResult]) -> Assessment:
    return Assessment(
        patient=Patient("W-1", "Ruiz", "Ana", date(1958, 3, 1), sex="female"),
        visit_date=date(2026, 11, 20),
        history=History(presentations=["nocturnal_leg_cramps"], sites=["calf"]),
        medications=[Medication("omeprazole"), Medication("hydrochlorothiazide")],
        labs=labs,
    )


def test_a_low_magnesium_arriving_shows_a_new_finding_a_new_suggestion_and_the_result(
    knowledge: Knowledge,
) -> None:
    signed = visit([])
    before = evaluate(signed, knowledge)
    plan = CarePlan("en", [item.planned() for item in before.care_plan])
    magnesium = LabResult("magnesium", 0.55, "mmol/L", collected_at="2026-11-23T07:30:00-05:00")
    addendum = visit([magnesium])
    after = evaluate(addendum, knowledge)
    changes = what_changed(
        before, after, plan_before=plan, plan_after=plan, labs_before=[], labs_after=[magnesium]
    )
    new_findings = {c.id for c in changes.of("finding", new=True)}
    assert new_findings & {f.id for f in after.findings if "magnes" in f.id}, new_findings
    assert not changes.of("finding", new=False)
    (result,) = changes.of("result", new=True)
    assert result.text == "magnesium 0.55 mmol/L (2026-11-23T07:30:00-05:00)"
    assert not changes.of("plan_item", new=True)  # the plan is the clinician's: unchanged
    added = {c.id for c in changes.of("suggestion", new=True)}
    assert added == {i.id for i in after.care_plan} - {i.id for i in before.care_plan}


def test_results_taken_back_resolve_what_they_raised(knowledge: Knowledge) -> None:
    low = [LabResult("potassium", 2.4, "mmol/L")]
    forward = what_changed(evaluate(visit([]), knowledge), evaluate(visit(low), knowledge))
    back = what_changed(evaluate(visit(low), knowledge), evaluate(visit([]), knowledge))
    assert forward and back
    flip = {(c.kind, c.id, not c.new) for c in forward.changes}
    assert {(c.kind, c.id, c.new) for c in back.changes} == flip


entries = st.lists(
    st.tuples(st.sampled_from("abcdefg"), st.text(max_size=8)), max_size=7, unique_by=lambda e: e[0]
)


@settings(max_examples=200, deadline=None)
@given(before=entries, after=entries)
def test_plan_items_added_and_dropped_are_the_set_differences(
    before: list[tuple[str, str]], after: list[tuple[str, str]]
) -> None:
    def plan(items: list[tuple[str, str]]) -> CarePlan:
        return CarePlan("en", [PlannedItem(key, "lifestyle", text) for key, text in items])

    empty = evaluate(visit([]), load_knowledge())
    changes = what_changed(empty, empty, plan_before=plan(before), plan_after=plan(after))
    assert all(c.kind == "plan_item" for c in changes.changes)
    assert {c.id for c in changes.of("plan_item", new=True)} == {k for k, _ in after} - {
        k for k, _ in before
    }
    assert {c.id for c in changes.of("plan_item", new=False)} == {k for k, _ in before} - {
        k for k, _ in after
    }
    same = what_changed(empty, empty, plan_before=plan(before), plan_after=plan(before))
    assert not same


@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(
        st.floats(min_value=0.01, max_value=99, allow_nan=False).map(lambda v: round(v, 2)),
        max_size=4,
        unique=True,
    )
)
def test_results_are_new_when_the_addendum_holds_them_and_never_twice(values: list[float]) -> None:
    labs = [LabResult("magnesium", value, "mmol/L") for value in values]
    empty = evaluate(visit([]), load_knowledge())
    changes = what_changed(empty, replace(empty), labs_before=labs[:1], labs_after=labs)
    assert [c.new for c in changes.of("result", new=True)] == [True] * max(len(labs) - 1, 0)
    assert all(isinstance(c, Change) and c.kind in KINDS for c in changes.changes)
