"""Every red flag fires on a minimal case built for it and not on a near miss one step short of it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.domain import vocabulary
from clinic_desktop.domain.assessment import (
    AnklePressures,
    AnklePressuresBySide,
    Assessment,
    Exam,
    History,
    LabResult,
    Medication,
    Patient,
    PlantarResponses,
    SiteFinding,
    StrengthGrade,
    Vascular,
    Vitals,
)
from clinic_desktop.knowledge.drugs import DrugList, load_drug_list
from clinic_desktop.knowledge.lab_catalog import LabCatalog, load_lab_catalog
from clinic_desktop.knowledge.red_flags import RedFlagCatalog, load_red_flags
from clinic_desktop.rules.evaluation import RedFlag
from clinic_desktop.rules.labs import evaluate_labs
from clinic_desktop.rules.medications import review_medications
from clinic_desktop.rules.neuromuscular import neuromuscular_findings
from clinic_desktop.rules.red_flags import evaluate_red_flags

VISIT = date(2026, 11, 20)


@cache
def knowledge() -> tuple[RedFlagCatalog, LabCatalog, DrugList]:
    return load_red_flags(), load_lab_catalog(), load_drug_list()


def flags_of(assessment: Assessment, language: str = "en") -> tuple[RedFlag, ...]:
    catalog, lab_catalog, drugs = knowledge()
    labs = evaluate_labs(assessment, lab_catalog, language)
    medications = review_medications(assessment, drugs, language)
    neuromuscular = neuromuscular_findings(assessment, language)
    return evaluate_red_flags(assessment, catalog, labs, medications, neuromuscular, language)


@dataclass
class Case:
    """The parts of an assessment a red-flag case needs; everything else is not assessed."""

    symptoms: list[str] | None = None
    presentations: list[str] | None = None
    progressive: bool | None = None
    strength: list[tuple[str, str, str]] | None = None
    sensory_loss: list[tuple[str, str]] | None = None
    labs: list[tuple[str, float, str, float | None, float | None]] = field(default_factory=list)
    medications: list[tuple[str, str | None]] = field(default_factory=list)
    vitals: dict[str, float] | None = None
    ankle: tuple[float, float] | None = None
    context: list[str] | None = None

    def build(self) -> Assessment:
        history = History(
            symptoms=self.symptoms, presentations=self.presentations, progressive=self.progressive
        )
        exam = Exam(
            strength=[StrengthGrade(m, s, g) for m, s, g in self.strength]
            if self.strength
            else None,
            sensory_loss=[SiteFinding(site, side) for site, side in self.sensory_loss]
            if self.sensory_loss
            else None,
        )
        return Assessment(
            patient=Patient("A-1", "Doe", "Jo", date(1960, 5, 5), sex="female"),
            visit_date=VISIT,
            history=history,
            exam=exam,
            labs=[
                LabResult(t, v, u, reference_low=lo, reference_high=hi)
                for t, v, u, lo, hi in self.labs
            ],
            medications=[Medication(n, started=s) for n, s in self.medications],
            vitals=Vitals(**self.vitals) if self.vitals else None,
            vascular=(
                Vascular(ankle_systolic_mmhg=AnklePressuresBySide(left=AnklePressures(*self.ankle)))
                if self.ankle
                else None
            ),
            context=self.context,
        )


def ck(value: float) -> tuple[str, float, str, float | None, float | None]:
    return ("creatine_kinase", value, "U/L", None, 200.0)


def days_ago(days: int) -> str:
    return (VISIT - timedelta(days=days)).isoformat()


# flag id -> (case that fires it, near miss one step short)
CASES: dict[str, tuple[Case, Case]] = {
    "motor_neuron_disease_suspected": (
        Case(symptoms=["dysphagia_or_dysarthria"]),
        Case(symptoms=["localized_pain", "anxiety"]),
    ),
    "rhabdomyolysis": (
        Case(symptoms=["localized_pain"], labs=[ck(1000.2)]),
        Case(symptoms=["localized_pain"], labs=[ck(1000)]),
    ),
    "compartment_syndrome": (
        Case(context=["limb_pain", "pain_on_passive_stretch"]),
        Case(context=["limb_pain"]),
    ),
    "statin_myopathy_ck_over_10x": (
        Case(symptoms=["localized_pain"], medications=[("atorvastatin", None)], labs=[ck(2000.5)]),
        Case(symptoms=["localized_pain"], medications=[("atorvastatin", None)], labs=[ck(2000)]),
    ),
    "statin_symptoms_ck_4_to_10x": (
        Case(symptoms=["lingering_pain"], medications=[("Lipitor", None)], labs=[ck(800)]),
        Case(symptoms=["lingering_pain"], medications=[("Lipitor", None)], labs=[ck(799.9)]),
    ),
    "statin_persistent_myopathy": (
        Case(
            strength=[("hip_flexors", "left", "4")],
            labs=[ck(200.1)],
            context=[
                "statins_stopped_or_interrupted",
                "symptoms_persisting_over_4_weeks_after_statin_stopped",
            ],
        ),
        Case(
            strength=[("hip_flexors", "left", "4")],
            labs=[ck(200)],
            context=[
                "statins_stopped_or_interrupted",
                "symptoms_persisting_over_4_weeks_after_statin_stopped",
            ],
        ),
    ),
    "severe_hypocalcaemia": (
        Case(labs=[("calcium", 1.89, "mmol/L", None, None)]),
        Case(labs=[("calcium", 1.9, "mmol/L", None, None)]),
    ),
    "severe_hypokalaemia": (
        Case(labs=[("potassium", 2.49, "mmol/L", None, None)]),
        Case(labs=[("potassium", 2.5, "mmol/L", None, None)]),
    ),
    "severe_hyperkalaemia": (
        Case(labs=[("potassium", 6.5, "mmol/L", None, None)]),
        Case(labs=[("potassium", 6.49, "mmol/L", None, None)]),
    ),
    "moderate_hyperkalaemia": (
        Case(labs=[("potassium", 6.0, "mEq/L", None, None)]),
        Case(labs=[("potassium", 5.99, "mEq/L", None, None)]),
    ),
    "symptomatic_hypomagnesaemia": (
        Case(labs=[("magnesium", 0.69, "mmol/L", 0.7, 1.0)], context=["tremor"]),
        Case(labs=[("magnesium", 0.7, "mmol/L", 0.7, 1.0)], context=["tremor"]),
    ),
    "severe_hyponatraemia": (
        Case(labs=[("sodium", 124.9, "mmol/L", None, None)]),
        Case(labs=[("sodium", 125, "mmol/L", None, None)]),
    ),
    "severe_hypophosphataemia": (
        Case(labs=[("phosphate", 0.99, "mg/dL", None, None)]),
        Case(labs=[("phosphate", 1.0, "mg/dL", None, None)]),
    ),
    "adrenal_crisis": (
        Case(vitals={"systolic_bp_mmhg": 89}, context=["vomiting"]),
        Case(vitals={"systolic_bp_mmhg": 90}, context=["vomiting"]),
    ),
    "adrenal_insufficiency_suspected": (
        Case(labs=[("cortisol_am", 2.99, "ug/dL", None, None)]),
        Case(labs=[("cortisol_am", 3.0, "ug/dL", None, None)]),
    ),
    "cauda_equina_syndrome": (
        Case(symptoms=["saddle_numbness"]),
        Case(symptoms=["tingling_or_numbness"]),
    ),
    "progressive_radiculopathy": (
        Case(context=["radicular_pain", "myotomal_weakness_progressive"]),
        Case(context=["radicular_pain"]),
    ),
    "acute_spinal_cord_compression": (
        Case(
            strength=[("knee_extensors", "left", "4"), ("ankle_dorsiflexors", "right", "4")],
            symptoms=["bladder_or_bowel_change"],
        ),
        Case(strength=[("knee_extensors", "left", "4")], symptoms=["bladder_or_bowel_change"]),
    ),
    "new_spasticity_umn": (
        Case(context=["spasticity_new_or_worse", "onset_or_worsening_within_weeks"]),
        Case(context=["spasticity_new_or_worse"]),
    ),
    "chronic_limb_threatening_ischaemia": (Case(ankle=(50, 40)), Case(ankle=(51, 40))),
    "acute_limb_ischaemia": (
        Case(context=["sudden_onset_limb_pain"], sensory_loss=[("calf", "left")]),
        Case(context=["sudden_onset_limb_pain"]),
    ),
    # 2026-12b: a current dopamine-receptor antagonist fires it, start date recorded or not.
    "acute_dystonic_reaction": (
        Case(presentations=["dystonia"], medications=[("haloperidol", None)]),
        Case(presentations=["dystonia"], medications=[("sertraline", None)]),
    ),
    "botulinum_toxin_distant_spread": (
        Case(symptoms=["weakness"], context=["botulinum_toxin_injection_recent"]),
        Case(symptoms=["weakness"]),
    ),
    "progressive_dystonia": (
        Case(presentations=["dystonia"], progressive=True),
        Case(presentations=["dystonia"], progressive=False),
    ),
    "neuroleptic_malignant_syndrome": (
        Case(
            medications=[("Haldol", None)],
            context=["generalised_rigidity"],
            vitals={"temperature_c": 38.1},
        ),
        Case(
            medications=[("Haldol", None)],
            context=["generalised_rigidity"],
            vitals={"temperature_c": 38.0},
        ),
    ),
    "serotonin_toxicity": (
        Case(medications=[("sertralina", None)], context=["spontaneous_clonus"]),
        Case(medications=[("sertralina", None)], context=["hyperreflexia"]),
    ),
    "exertional_heat_stroke": (
        Case(context=["strenuous_exertion"], vitals={"core_temperature_c": 40.1}),
        Case(context=["strenuous_exertion"], vitals={"core_temperature_c": 40.0}),
    ),
    "malignant_hyperthermia": (
        Case(
            context=["recent_general_anaesthesia_volatile_or_succinylcholine"],
            vitals={"temperature_c": 38.01},
        ),
        Case(
            context=["recent_general_anaesthesia_volatile_or_succinylcholine"],
            vitals={"temperature_c": 38.0},
        ),
    ),
    "tetanus": (Case(context=["trismus"]), Case(context=["generalised_muscle_spasms"])),
    "suspected_dvt": (
        Case(context=["unilateral_leg_pain_or_swelling", "deep_vein_tenderness"]),
        Case(context=["unilateral_leg_pain_or_swelling"]),
    ),
    "intrathecal_baclofen_withdrawal": (
        Case(context=["intrathecal_baclofen_pump"], vitals={"temperature_c": 38.1}),
        Case(context=["intrathecal_baclofen_pump"], vitals={"temperature_c": 38.0}),
    ),
    "itb_early_withdrawal": (
        Case(context=["intrathecal_baclofen_pump", "pruritus_without_rash"]),
        Case(context=["intrathecal_baclofen_pump"]),
    ),
    "rapidly_progressive_weakness_gbs": (
        Case(symptoms=["weakness", "breathlessness"]),
        Case(symptoms=["breathlessness"]),
    ),
    # 2026-12b: low or indeterminate B12 (NICE NG239), at most 350 pg/mL.
    "b12_deficiency_neurological": (
        Case(labs=[("vitamin_b12", 350, "pg/mL", None, None)], symptoms=["tingling_or_numbness"]),
        Case(
            labs=[("vitamin_b12", 350.01, "pg/mL", None, None)], symptoms=["tingling_or_numbness"]
        ),
    ),
    # 2026-12b: ADA level 2, below 54 mg/dL.
    "hypoglycaemia_level_2": (
        Case(labs=[("glucose", 53.99, "mg/dL", None, None)]),
        Case(labs=[("glucose", 54, "mg/dL", None, None)]),
    ),
}


def ids(flags: tuple[RedFlag, ...]) -> set[str]:
    return {f.id for f in flags}


def test_every_flag_of_the_catalogue_has_a_case() -> None:
    catalog, _, _ = knowledge()
    assert {f.id for f in catalog.flags} == set(CASES)


@pytest.mark.parametrize("flag_id", sorted(CASES))
def test_flag_fires_on_its_case_and_not_on_the_near_miss(flag_id: str) -> None:
    fires, near_miss = CASES[flag_id]
    fired = {f.id: f for f in flags_of(fires.build())}
    assert flag_id in fired
    catalog, _, _ = knowledge()
    spec = next(f for f in catalog.flags if f.id == flag_id)
    assert fired[flag_id].sources == spec.source
    assert fired[flag_id].urgency == spec.urgency and fired[flag_id].referral == spec.referral
    assert flag_id not in ids(flags_of(near_miss.build()))


def test_an_empty_assessment_raises_no_flag() -> None:
    assert flags_of(Case().build()) == ()


def test_corrected_calcium_is_used_when_albumin_is_present() -> None:
    # Total 1.85 mmol/L with albumin 25 g/L corrects upward above 1.9: no severe flag from the number alone.
    case = Case(labs=[("calcium", 1.85, "mmol/L", None, None), ("albumin", 25, "g/L", None, None)])
    corrected = flags_of(case.build())
    low_albumin_case = Case(labs=[("calcium", 1.85, "mmol/L", None, None)])
    assert "severe_hypocalcaemia" in ids(flags_of(low_albumin_case.build()))
    assert "severe_hypocalcaemia" not in ids(corrected)


def test_symptomatic_low_calcium_fires_through_the_chvostek_sign() -> None:
    assessment = Case(labs=[("calcium", 2.0, "mmol/L", None, None)]).build()
    assert "severe_hypocalcaemia" not in ids(flags_of(assessment))
    assert assessment.exam is not None
    assessment.exam.chvostek = True
    assert "severe_hypocalcaemia" in ids(flags_of(assessment))


@pytest.mark.parametrize(
    ("flag_id", "case"),
    [
        (
            "symptomatic_hypomagnesaemia",
            Case(labs=[("magnesium", 0.6, "mmol/L", 0.7, 1.0)], context=["seizure"]),
        ),
        (
            "acute_dystonic_reaction",
            Case(
                presentations=["dystonia"],
                symptoms=["stridor_or_dysphonia"],
                medications=[("metoclopramide", days_ago(1))],
            ),
        ),
        (
            "suspected_dvt",
            Case(context=["unilateral_leg_pain_or_swelling", "entire_leg_swollen", "tachycardia"]),
        ),
    ],
)
def test_escalation_raises_urgency_to_emergency(flag_id: str, case: Case) -> None:
    fired = {f.id: f for f in flags_of(case.build())}
    assert fired[flag_id].urgency == "emergency"
    assert fired[flag_id].referral == "emergency_department"


def test_flags_come_most_urgent_first_and_all_that_fire_are_shown() -> None:
    case = Case(
        symptoms=["dysphagia_or_dysarthria", "saddle_numbness"],
        presentations=["dystonia"],
        progressive=True,
        labs=[("potassium", 6.2, "mmol/L", None, None)],
    )
    fired = flags_of(case.build())
    assert [f.urgency for f in fired] == sorted(
        (f.urgency for f in fired), key=("emergency", "urgent", "soon").index
    )
    assert {
        "cauda_equina_syndrome",
        "moderate_hyperkalaemia",
        "motor_neuron_disease_suspected",
    } <= ids(fired)
    assert "progressive_dystonia" in ids(fired)
    assert fired[0].urgency == "emergency" and fired[-1].urgency == "soon"


def test_text_and_action_follow_the_patient_language() -> None:
    case = Case(labs=[("potassium", 2.0, "mmol/L", None, None)], symptoms=["saddle_numbness"])
    english = {f.id: f for f in flags_of(case.build(), "en")}
    spanish = {f.id: f for f in flags_of(case.build(), "es")}
    assert "potassium" in english["severe_hypokalaemia"].text
    assert "Potasio" in spanish["severe_hypokalaemia"].text
    assert spanish["cauda_equina_syndrome"].action is not None
    assert "Resonancia" in spanish["cauda_equina_syndrome"].action


def test_sensory_loss_never_suppresses_the_motor_neuron_flag() -> None:
    case = Case(
        strength=[("finger_abductors", "right", "4")],
        sensory_loss=[("foot", "bilateral")],
        symptoms=["visible_twitching"],
    )
    assert "motor_neuron_disease_suspected" in ids(flags_of(case.build()))


# A banded flag may give way to its more urgent neighbour when a value worsens past the band's end.
REPLACED_BY = {
    "moderate_hyperkalaemia": "severe_hyperkalaemia",
    "statin_symptoms_ck_4_to_10x": "statin_myopathy_ck_over_10x",
}


def cases() -> st.SearchStrategy[Case]:
    catalog, _, _ = knowledge()
    return st.builds(
        Case,
        symptoms=st.lists(st.sampled_from(vocabulary.SYMPTOMS), max_size=4, unique=True),
        presentations=st.lists(st.sampled_from(vocabulary.PRESENTATIONS), max_size=2, unique=True),
        progressive=st.sampled_from([None, True, False]),
        strength=st.lists(
            st.tuples(
                st.sampled_from(vocabulary.MUSCLES),
                st.sampled_from(vocabulary.SIDES),
                st.sampled_from(vocabulary.MRC_GRADES),
            ),
            max_size=3,
        ),
        labs=st.lists(
            st.one_of(
                st.builds(ck, st.floats(50, 5000)),
                st.tuples(
                    st.sampled_from(["potassium", "sodium", "magnesium", "phosphate", "calcium"]),
                    st.floats(0.3, 150),
                    st.just("mmol/L"),
                    st.none(),
                    st.none(),
                ),
            ),
            max_size=2,
            unique_by=lambda lab: lab[0],
        ),
        medications=st.lists(
            st.tuples(
                st.sampled_from(["simvastatin", "haloperidol", "sertraline", "prednisone"]),
                st.none(),
            ),
            max_size=2,
        ),
        context=st.lists(st.sampled_from(catalog.context_ids()), max_size=3, unique=True),
    )


def assert_kept(before: tuple[RedFlag, ...], after: tuple[RedFlag, ...]) -> None:
    lost = ids(before) - ids(after)
    for flag_id in lost:
        assert REPLACED_BY.get(flag_id) in ids(after), f"{flag_id} was lost"
    if before:
        order = ("emergency", "urgent", "soon")
        assert order.index(after[0].urgency) <= order.index(before[0].urgency)


@settings(max_examples=60, deadline=None)
@given(cases(), st.sampled_from(vocabulary.SYMPTOMS), st.data())
def test_adding_a_symptom_or_context_never_removes_a_flag(
    case: Case, symptom: str, data: st.DataObject
) -> None:
    catalog, _, _ = knowledge()
    before = flags_of(case.build())
    extra = data.draw(st.sampled_from(catalog.context_ids()))
    worse = Case(**{**case.__dict__, "symptoms": [*(case.symptoms or []), symptom]})
    worse.context = [*(case.context or []), extra]
    assert ids(before) <= ids(flags_of(worse.build()))


@settings(max_examples=60, deadline=None)
@given(cases(), st.floats(1.01, 3))
def test_a_worse_lab_value_never_removes_a_flag(case: Case, factor: float) -> None:
    before = flags_of(case.build())
    worse_labs = []
    for test, value, unit, low, high in case.labs:
        # CK and high potassium worsen upwards; the other tested values here worsen downwards.
        if test == "creatine_kinase" or (test == "potassium" and value >= 3.5):
            worse_labs.append((test, value * factor, unit, low, high))
        else:
            worse_labs.append((test, value / factor, unit, low, high))
    after = flags_of(Case(**{**case.__dict__, "labs": worse_labs}).build())
    assert_kept(before, after)


def test_upper_and_lower_motor_neuron_signs_together_raise_the_motor_neuron_flag() -> None:
    assessment = Case(strength=[("finger_abductors", "right", "4")]).build()
    assert assessment.exam is not None
    assessment.exam.atrophy = [SiteFinding("hand", "right")]
    assert "motor_neuron_disease_suspected" not in ids(flags_of(assessment))
    assessment.exam.plantar = PlantarResponses(left="flexor", right="extensor")
    assert "motor_neuron_disease_suspected" in ids(flags_of(assessment))


def test_medication_neuromuscular_and_red_flag_rules_take_well_under_two_milliseconds() -> None:
    catalog, lab_catalog, drugs = knowledge()
    assessment = Case(
        symptoms=["weakness", "localized_pain", "breathlessness"],
        presentations=["nocturnal_leg_cramps", "dystonia"],
        progressive=True,
        strength=[("hip_flexors", "left", "4"), ("ankle_dorsiflexors", "right", "3")],
        sensory_loss=[("foot", "bilateral")],
        labs=[
            ck(900),
            ("potassium", 3.1, "mmol/L", None, None),
            ("calcium", 2.0, "mmol/L", None, None),
        ],
        medications=[
            ("simvastatin", "2026-01"),
            ("omeprazole", "2020-01"),
            ("Lasix 40 mg", None),
            ("frob", None),
        ],
        vitals={"temperature_c": 37.0, "systolic_bp_mmhg": 120},
        ankle=(110, 120),
        context=["strenuous_exertion"],
    ).build()
    labs = evaluate_labs(assessment, lab_catalog, "en")
    runs = 100
    best = float("inf")
    # CPU time of this process, so other work on a busy machine does not count against the rules.
    for _ in range(5):
        start = time.process_time()
        for _ in range(runs):
            medications = review_medications(assessment, drugs, "en")
            neuromuscular = neuromuscular_findings(assessment, "en")
            evaluate_red_flags(assessment, catalog, labs, medications, neuromuscular, "en")
        best = min(best, (time.process_time() - start) / runs)
    assert best < 0.002


def test_dark_urine_with_weakness_fires_rhabdomyolysis_even_with_a_normal_ck() -> None:
    # QA asked whether a measured normal CK should silence this branch. The reference's trigger
    # (red_flags.rhabdomyolysis: dark urine or myoglobinuria with myalgia or weakness) has no CK
    # condition, and the flag errs towards an emergency check, so it keeps firing.
    with_dark_urine = replace(
        Case(symptoms=["weakness"], labs=[ck(100)]).build(),
        history=History(symptoms=["weakness"], dark_urine=True),
    )
    assert "rhabdomyolysis" in ids(flags_of(with_dark_urine))
    without = Case(symptoms=["weakness"], labs=[ck(100)]).build()
    assert "rhabdomyolysis" not in ids(flags_of(without))
