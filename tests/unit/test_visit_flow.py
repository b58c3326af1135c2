"""The wizard's presenter, without a window: page flow, completeness, what blocks signing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import (
    AnkleClonus,
    AnklePressures,
    AnklePressuresBySide,
    Assessment,
    BrachialPressures,
    Exam,
    History,
    LabResult,
    Medication,
    Patient,
    PlantarResponses,
    PulseGrade,
    ReflexGrade,
    StrengthGrade,
    ToneGrade,
    Vascular,
)
from clinic_desktop.domain.careplan import VisitDecisions
from clinic_desktop.rules.evaluation import CarePlanItem, Derived, Evaluation, RedFlag
from clinic_desktop.services.visit_flow import (
    CARRIED_FIELDS,
    STEPS,
    Completeness,
    SignBlockedError,
    VisitFlow,
    carry_forward,
)

FLAG = RedFlag(
    id="rhabdomyolysis",
    urgency="emergency",
    referral="emergency_department",
    text="CK very high with dark urine",
    sources=("a source",),
)
STRETCH = CarePlanItem(
    id="calf_hamstring_stretching",
    section="physiotherapy",
    text="Stretch the calves",
    sources=("a source",),
    reason="nocturnal leg cramps",
)


def fake_evaluator(assessment: Assessment) -> Evaluation:
    """Stands in for the engine: a red flag when the history says dark urine, orders until results exist."""
    flags = (FLAG,) if assessment.history and assessment.history.dark_urine else ()
    held = {lab.test for lab in assessment.labs or ()}
    orders = tuple(t for t in ("magnesium", "creatine_kinase") if t not in held)
    return Evaluation(
        language=assessment.patient.language or "en",
        derived=Derived(),
        labs=(),
        findings=(),
        icd10cm=(),
        red_flags=flags,
        suggested_lab_orders=orders,
        care_plan=(STRETCH,),
    )


def new_assessment() -> Assessment:
    patient = Patient(
        mrn="A-1", family_name="García", given_name="Ana", birth_date=date(1961, 4, 2)
    )
    return Assessment(patient=patient, visit_date=date(2026, 11, 20))


def full_history() -> History:
    return History(
        presentations=["nocturnal_leg_cramps"],
        sites=["calf"],
        episodes_per_week=4,
        episode_duration_seconds=90,
        pain_score=7,
        triggers=["night_rest"],
        symptoms=[],
        conditions=[],
        dark_urine=False,
        progressive=False,
    )


def test_steps_follow_the_visit_in_order_and_stop_at_the_ends() -> None:
    flow = VisitFlow(new_assessment(), fake_evaluator)
    assert flow.step == "history"
    assert not flow.has_back
    flow.back()
    assert flow.step == "history"
    visited = [flow.step]
    while flow.has_next:
        visited.append(flow.next())
    assert tuple(visited) == STEPS
    assert flow.next() == "care_plan"
    assert flow.back() == "medications"
    assert flow.jump("labs") == "labs"
    with pytest.raises(ValueError, match="unknown step"):
        flow.jump("billing")


def test_history_completeness_moves_from_not_started_to_partial_to_complete() -> None:
    a = new_assessment()
    flow = VisitFlow(a, fake_evaluator)
    assert flow.completeness("history") is Completeness.NOT_STARTED
    a.history = History(presentations=["skeletal_cramps"])
    assert flow.completeness("history") is Completeness.PARTIAL
    a.history = full_history()
    assert flow.completeness("history") is Completeness.COMPLETE
    # Spasticity makes the Penn scale part of the history.
    a.history.presentations = ["spasticity"]
    assert flow.completeness("history") is Completeness.PARTIAL
    a.history.penn_spasm_frequency = 2
    assert flow.completeness("history") is Completeness.COMPLETE


def test_an_empty_list_is_assessed_but_none_is_not() -> None:
    a = new_assessment()
    flow = VisitFlow(a, fake_evaluator)
    a.exam = Exam(fasciculations=[])
    assert flow.completeness("examination") is Completeness.PARTIAL
    a.exam = Exam()
    assert flow.completeness("examination") is Completeness.NOT_STARTED
    assert flow.completeness("medications") is Completeness.NOT_STARTED
    a.medications = []
    assert flow.completeness("medications") is Completeness.COMPLETE


def test_a_full_examination_is_complete() -> None:
    a = new_assessment()
    a.exam = Exam(
        strength=[StrengthGrade("ankle_dorsiflexors", "left", "5")],
        reflexes=[ReflexGrade("achilles", "left", "2+")],
        tone=[ToneGrade("elbow_flexors", "right", "0")],
        plantar=PlantarResponses("flexor", "flexor"),
        ankle_clonus=AnkleClonus(False, False),
        fasciculations=[],
        atrophy=[],
        sensory_loss=[],
        chvostek=False,
        trousseau=False,
    )
    flow = VisitFlow(a, fake_evaluator)
    assert flow.completeness("examination") is Completeness.COMPLETE
    a.exam.plantar = PlantarResponses("flexor", None)
    assert flow.completeness("examination") is Completeness.PARTIAL


def test_vascular_needs_one_ankle_pressure_per_leg() -> None:
    a = new_assessment()
    a.vascular = Vascular(
        brachial_systolic_mmhg=BrachialPressures(120, 124),
        ankle_systolic_mmhg=AnklePressuresBySide(
            AnklePressures(110, None), AnklePressures(None, 118)
        ),
        pulses=[PulseGrade("dorsalis_pedis", "left", 2)],
        capillary_refill_seconds=2.0,
        claudication=False,
    )
    flow = VisitFlow(a, fake_evaluator)
    assert flow.completeness("vascular") is Completeness.COMPLETE
    a.vascular.ankle_systolic_mmhg = AnklePressuresBySide(AnklePressures(110, None), None)
    assert flow.completeness("vascular") is Completeness.PARTIAL


def nothing_suggested(assessment: Assessment) -> Evaluation:
    return replace(fake_evaluator(assessment), suggested_lab_orders=())


def test_review_pages_are_complete_once_seen() -> None:
    a = new_assessment()
    flow = VisitFlow(a, fake_evaluator)
    assert flow.completeness("hormonal") is Completeness.NOT_STARTED
    a.labs = [LabResult("tsh", 2.0, "mIU/L")]
    assert flow.completeness("hormonal") is Completeness.PARTIAL
    assert flow.completeness("labs") is Completeness.PARTIAL
    flow.jump("hormonal")
    flow.jump("labs")
    assert flow.completeness("hormonal") is Completeness.COMPLETE
    assert flow.completeness("labs") is Completeness.COMPLETE
    flow.set_field_error("labs", "labs.magnesium.value", "Magnesium: not a number")
    assert flow.completeness("labs") is Completeness.PARTIAL


def test_labs_are_complete_only_with_something_ordered_or_resulted() -> None:
    """The step read "complete" with nothing ordered once the page had been seen."""
    flow = VisitFlow(new_assessment(), nothing_suggested)
    flow.jump("labs")
    assert flow.completeness("labs") is Completeness.PARTIAL
    flow.set_ordered("calcium", True)
    assert flow.completeness("labs") is Completeness.COMPLETE
    flow.set_ordered("calcium", False)
    assert flow.completeness("labs") is Completeness.PARTIAL


def test_suggestions_nobody_looked_at_leave_the_labs_partial() -> None:
    flow = VisitFlow(new_assessment(), fake_evaluator)
    assert flow.ordered_tests() == ("magnesium", "creatine_kinase")
    assert flow.completeness("labs") is Completeness.PARTIAL
    flow.jump("labs")
    assert flow.completeness("labs") is Completeness.COMPLETE


def test_a_suggested_test_stays_ordered_when_its_result_comes_in() -> None:
    a = new_assessment()
    flow = VisitFlow(a, fake_evaluator)
    assert flow.is_ordered("creatine_kinase")
    a.labs = [LabResult("creatine_kinase", 150, "U/L")]
    flow.refresh()
    assert "creatine_kinase" not in flow.evaluation.suggested_lab_orders
    assert flow.is_ordered("creatine_kinase"), "the tick was cleared once the result was typed"
    # The requisition lists what still has to be drawn.
    assert flow.ordered_tests() == ("magnesium",)


def test_the_steps_seen_are_kept_with_the_draft_and_a_signed_visit_never_changes_state() -> None:
    a = new_assessment()
    a.history = full_history()
    flow = VisitFlow(a, fake_evaluator)
    for step in STEPS:
        flow.jump(step)
    flow.ensure_care_plan()
    states = flow.step_states()
    decisions = flow.decisions()
    assert decisions.reviewed_steps == list(STEPS)
    reopened = VisitFlow(a, fake_evaluator, flow.care_plan, read_only=True, decisions=decisions)
    assert reopened.step_states() == states
    for step in reversed(STEPS):
        reopened.jump(step)
        assert reopened.step_states() == states
    unseen = VisitFlow(a, fake_evaluator, flow.care_plan, read_only=True)
    unseen.jump("hormonal")
    assert unseen.completeness("hormonal") is Completeness.NOT_STARTED


def test_the_screen_speaks_the_clinicians_language_and_documents_the_patients() -> None:
    calls: list[str] = []

    def evaluator(assessment: Assessment) -> Evaluation:
        calls.append(assessment.patient.language or "")
        return fake_evaluator(assessment)

    a = new_assessment()
    a.patient.language = "es"
    flow = VisitFlow(a, evaluator, screen_language="en")
    assert calls == ["en"]
    assert flow.evaluation.language == "en"
    flow.refresh()
    flow.refresh()
    assert calls == ["en", "en", "en"], "a keystroke runs the rules once"
    plan = flow.ensure_care_plan()
    assert plan.language == "es"
    assert flow.document_evaluation().language == "es"
    flow.document_evaluation()
    flow.suggestions_not_in_plan()
    assert calls == ["en", "en", "en", "es"], "the documents' answer is worked out once"
    assert a.patient.language == "es", "the patient's own language is left as it was"
    plan.language = "en"
    assert flow.document_evaluation() is flow.evaluation


def test_a_follow_up_carries_forward_medicines_conditions_and_history_to_confirm() -> None:
    last = new_assessment()
    last.visit_date = date(2026, 10, 2)
    last.history = full_history()
    last.history.site_sides = {"calf": "bilateral"}
    last.medications = [Medication("hydrochlorothiazide", "25 mg daily")]
    follow_up = new_assessment()
    carried = carry_forward(last, follow_up)
    assert set(carried) == set(CARRIED_FIELDS)
    assert set(carried.values()) == {"2026-10-02"}
    assert follow_up.medications == last.medications
    assert follow_up.medications is not last.medications
    assert follow_up.history is not None
    assert follow_up.history.sites == ["calf"]
    assert follow_up.history.site_sides == {"calf": "bilateral"}
    assert follow_up.history.episodes_per_week is None, "severity is asked afresh"
    flow = VisitFlow(follow_up, fake_evaluator, decisions=VisitDecisions(carried_forward=carried))
    flow.ensure_care_plan()
    waiting = {m.field for m in flow.missing_to_sign()}
    assert "carried.medications" in waiting
    assert flow.confirm_carried("medications")
    assert not flow.confirm_carried("medications")
    for field in CARRIED_FIELDS[1:]:
        flow.confirm_carried(field)
    assert not any(m.field.startswith("carried.") for m in flow.missing_to_sign())
    assert flow.decisions().carried_forward == {}


def test_nothing_is_carried_from_a_visit_that_recorded_nothing() -> None:
    follow_up = new_assessment()
    assert carry_forward(new_assessment(), follow_up) == {}
    assert follow_up.history is None and follow_up.medications is None


def test_the_signature_summary_shows_what_will_be_signed() -> None:
    a = new_assessment()
    a.history = full_history()
    a.history.dark_urine = True
    a.labs = [LabResult("magnesium", 0.6, "mmol/L")]
    flow = VisitFlow(a, fake_evaluator)
    flow.ensure_care_plan()
    summary = flow.signature_summary()
    assert summary.acknowledged_red_flags == ()
    assert [m.field for m in summary.missing] == ["red_flags.rhabdomyolysis"]
    flow.acknowledge("rhabdomyolysis")
    summary = flow.signature_summary()
    assert [f.id for f in summary.acknowledged_red_flags] == ["rhabdomyolysis"]
    assert summary.ordered_tests == ("creatine_kinase",)
    assert [r.test for r in summary.results] == ["magnesium"]
    assert [i.id for i in summary.plan_items] == ["calf_hamstring_stretching"]
    assert summary.missing == ()
    # What is signed although not complete is said too: nothing examined, no ankle pressures.
    unfinished = dict(summary.unfinished_steps)
    assert unfinished["examination"] is Completeness.NOT_STARTED
    assert unfinished["vascular"] is Completeness.NOT_STARTED
    assert "history" not in unfinished, "a full history is complete"
    assert set(unfinished) == {s for s, c in flow.step_states().items() if c != "complete"}


def test_suggested_orders_are_ticked_until_the_clinician_unticks_them() -> None:
    a = new_assessment()
    flow = VisitFlow(a, fake_evaluator)
    assert flow.ordered_tests() == ("magnesium", "creatine_kinase")
    flow.set_ordered("magnesium", False)
    flow.set_ordered("tsh", True)
    assert flow.ordered_tests() == ("creatine_kinase", "tsh")
    a.labs = [LabResult("creatine_kinase", 150, "U/L")]
    flow.refresh()
    assert flow.ordered_tests() == ("tsh",)
    assert flow.is_ordered("creatine_kinase")


def test_signing_needs_every_red_flag_acknowledged() -> None:
    a = new_assessment()
    a.history = full_history()
    a.history.dark_urine = True
    flow = VisitFlow(a, fake_evaluator)
    flow.ensure_care_plan()
    assert [f.id for f in flow.unacknowledged_red_flags()] == ["rhabdomyolysis"]
    assert not flow.can_sign
    assert [m.field for m in flow.missing_to_sign()] == ["red_flags.rhabdomyolysis"]
    with pytest.raises(SignBlockedError, match="Acknowledge red flag"):
        flow.prepare_signature("Dr Who", datetime(2026, 11, 20, 10, 0))
    flow.acknowledge("rhabdomyolysis")
    assert flow.can_sign
    plan = flow.prepare_signature("Dr Who", datetime(2026, 11, 20, 10, 0))
    assert plan.clinician_name == "Dr Who"
    assert plan.signed_at == datetime(2026, 11, 20, 10, 0)
    flow.acknowledge("rhabdomyolysis", False)
    assert not flow.can_sign


def test_missing_to_sign_names_required_fields_and_bad_input() -> None:
    a = new_assessment()
    a.visit_date = None
    a.patient.pregnant = True
    flow = VisitFlow(a, fake_evaluator)
    flow.set_field_error("vascular", "vascular.brachial.left", "Left brachial: not a number")
    fields = {m.field: m.step for m in flow.missing_to_sign()}
    assert fields == {
        "visit_date": "history",
        "history.presentations": "history",
        "patient.pregnancy_weeks": "history",
        "vascular.brachial.left": "vascular",
        "care_plan.items": "care_plan",
    }
    flow.set_field_error("vascular", "vascular.brachial.left", None)
    assert "vascular.brachial.left" not in {m.field for m in flow.missing_to_sign()}


def test_a_read_only_visit_cannot_be_signed_again() -> None:
    a = new_assessment()
    a.history = full_history()
    flow = VisitFlow(a, fake_evaluator, read_only=True)
    flow.ensure_care_plan()
    assert flow.missing_to_sign() == ()
    assert not flow.can_sign


def test_the_plan_starts_from_suggestions_and_new_ones_are_offered_not_forced() -> None:
    flow = VisitFlow(new_assessment(), fake_evaluator)
    assert flow.completeness("care_plan") is Completeness.NOT_STARTED
    plan = flow.ensure_care_plan()
    assert [item.id for item in plan.items] == ["calf_hamstring_stretching"]
    assert plan.items[0].reason == "nocturnal leg cramps"
    assert flow.completeness("care_plan") is Completeness.COMPLETE
    plan.items.clear()
    assert flow.completeness("care_plan") is Completeness.PARTIAL
    assert flow.ensure_care_plan() is plan
    assert plan.items == []
    assert [item.id for item in flow.suggestions_not_in_plan()] == ["calf_hamstring_stretching"]


@given(moves=st.lists(st.sampled_from(["next", "back", *STEPS]), max_size=40))
def test_any_sequence_of_moves_stays_on_a_real_step(moves: list[str]) -> None:
    flow = VisitFlow(new_assessment(), fake_evaluator)
    for move in moves:
        if move == "next":
            flow.next()
        elif move == "back":
            flow.back()
        else:
            flow.jump(move)
        assert flow.step == STEPS[flow.index]
        assert set(flow.step_states()) == set(STEPS)
