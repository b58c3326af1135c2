"""Care-plan suggestions: what the reference supports for the patient, and nothing it forbids."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import (
    Assessment,
    Exam,
    History,
    LabResult,
    Medication,
    Patient,
    Vascular,
)
from clinic_desktop.domain.vocabulary import (
    CARE_PLAN_SECTIONS,
    CONDITIONS,
    PRESENTATIONS,
    SITES,
    SYMPTOMS,
    TRIGGERS,
)
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.knowledge.care_plan_library import LibraryEntry, LibraryItem
from clinic_desktop.knowledge.treatments import Treatment, TreatmentEvidence, TreatmentFile
from clinic_desktop.rules.careplan import is_allowed, menu_for, suggest_care_plan
from clinic_desktop.rules.engine import evaluate
from clinic_desktop.rules.evaluation import CarePlanItem, Derived
from clinic_desktop.rules.labs import evaluate_labs
from clinic_desktop.rules.medications import review_medications
from clinic_desktop.rules.orders import PatientFacts

VISIT = date(2026, 11, 20)
SUPPLEMENTS = {
    "magnesium_repletion",
    "potassium_repletion",
    "calcium_repletion",
    "vitamin_d_repletion",
    "vitamin_b12_repletion",
    "vitamin_b_complex",
    "targeted_mineral_supplementation",
}


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def patient(**changes: object) -> Patient:
    base = Patient("A-1", "García", "Ana", date(1961, 4, 2), sex="female", language="en")
    return replace(base, **changes)  # type: ignore[arg-type]


def plan(knowledge: Knowledge, **parts: object) -> dict[str, CarePlanItem]:
    assessment = Assessment(patient=parts.pop("patient", patient()), visit_date=VISIT, **parts)  # type: ignore[arg-type]
    return {item.id: item for item in evaluate(assessment, knowledge).care_plan}


def cramps(*presentations: str, **history: object) -> History:
    return History(presentations=list(presentations or ["nocturnal_leg_cramps"]), **history)  # type: ignore[arg-type]


def test_nocturnal_cramps_get_stretching_and_education_but_no_supplement(
    knowledge: Knowledge,
) -> None:
    items = plan(knowledge, history=cramps(), labs=[])
    assert {
        "calf_hamstring_stretching",
        "targeted_stretching",
        "hydration",
        "sleep_routine",
    } <= set(items)
    assert "follow_up_stretching" in items
    assert not SUPPLEMENTS & set(items)
    stretching = items["calf_hamstring_stretching"]
    assert stretching.reason == "You have cramps in your legs."
    assert "Cochrane 2021" in (stretching.evidence or "")
    assert all(item.sources for item in items.values())


def test_magnesium_only_for_a_documented_deficiency(knowledge: Knowledge) -> None:
    normal = plan(knowledge, history=cramps(), labs=[LabResult("magnesium", 0.85, "mmol/L")])
    assert "magnesium_repletion" not in normal
    low = plan(knowledge, history=cramps(), labs=[LabResult("magnesium", 1.5, "mg/dL")])
    item = low["magnesium_repletion"]
    assert item.section == "supplements"
    assert "clinician to confirm" in item.text
    assert "garrison_2020_cochrane_magnesium" in item.sources


def test_each_documented_deficiency_gets_its_repletion(knowledge: Knowledge) -> None:
    labs = [
        LabResult("potassium", 3.1, "mmol/L"),
        LabResult("vitamin_d_25oh", 12, "ng/mL"),
        LabResult("vitamin_b12", 150, "pg/mL"),
        LabResult("calcium", 7.9, "mg/dL"),
        LabResult("albumin", 4.0, "g/dL"),
    ]
    items = plan(knowledge, history=cramps("skeletal_cramps"), labs=labs)
    for item_id in (
        "potassium_repletion",
        "vitamin_d_repletion",
        "vitamin_b12_repletion",
        "calcium_repletion",
    ):
        assert item_id in items, item_id


def test_low_total_calcium_with_low_albumin_is_not_a_deficiency(knowledge: Knowledge) -> None:
    # 8.0 + 0.8 x (4.0 - 2.5) = 9.2 mg/dL corrected: normal.
    labs = [LabResult("calcium", 8.0, "mg/dL"), LabResult("albumin", 2.5, "g/dL")]
    assert "calcium_repletion" not in plan(knowledge, history=cramps(), labs=labs)


def test_pregnancy_turns_every_supplement_into_uncertain_evidence(knowledge: Knowledge) -> None:
    pregnant = patient(pregnant=True, pregnancy_weeks=30)
    items = plan(
        knowledge, patient=pregnant, history=cramps(), labs=[LabResult("magnesium", 0.5, "mmol/L")]
    )
    item = items["magnesium_repletion"]
    assert item.evidence == "uncertain evidence, obstetric clinician to confirm"
    assert "Uncertain evidence, obstetric clinician to confirm." in item.text
    assert "cochrane_2020_pregnancy_cramps" in item.sources


def test_pregnancy_wording_in_spanish(knowledge: Knowledge) -> None:
    pregnant = patient(pregnant=True, language="es")
    items = plan(
        knowledge, patient=pregnant, history=cramps(), labs=[LabResult("potassium", 3.0, "mmol/L")]
    )
    item = items["potassium_repletion"]
    assert item.evidence == "evidencia incierta, a confirmar por el obstetra"
    assert item.text.startswith("Tiene el potasio bajo")


@pytest.mark.parametrize(
    "parts",
    [
        # A thiazide alone, in a patient under 65 (the age rule cannot be what suppresses it).
        {
            "patient": patient(birth_date=date(1980, 1, 1)),
            "medications": [Medication("hydrochlorothiazide")],
        },
        {"labs": [LabResult("sodium", 134.9, "mmol/L")]},
        {"context": ["heart_failure"]},
        {"context": ["prescribed_fluid_restriction"]},
        {"labs": [LabResult("egfr", 25, "mL/min/1.73m2")]},
        {"history_conditions": ["chronic_kidney_disease"]},
        {
            "patient": patient(birth_date=date(1950, 1, 1)),
            "medications": [Medication("furosemide")],
        },
    ],
)
def test_fluid_advice_is_suppressed_where_the_reference_says(
    knowledge: Knowledge, parts: dict[str, object]
) -> None:
    conditions = parts.pop("history_conditions", None)
    items = plan(knowledge, history=cramps(conditions=conditions), **parts)
    assert "hydration" not in items


def test_ckd_with_creatinine_but_no_sex_leaves_egfr_unknown_so_no_fluid_advice(
    knowledge: Knowledge,
) -> None:
    history = cramps(conditions=["chronic_kidney_disease"])
    labs = [LabResult("creatinine", 1.1, "mg/dL")]
    assert "hydration" not in plan(knowledge, patient=patient(sex=None), history=history, labs=labs)
    assert "hydration" in plan(knowledge, history=history, labs=labs)


def test_fluid_advice_stays_when_the_sodium_bound_is_met_and_kidneys_are_known(
    knowledge: Knowledge,
) -> None:
    labs = [LabResult("sodium", 135, "mmol/L"), LabResult("egfr", 60, "mL/min/1.73m2")]
    items = plan(knowledge, history=cramps(conditions=["chronic_kidney_disease"]), labs=labs)
    assert "hydration" in items
    assert "drink plenty" not in items["hydration"].text.lower()


def test_claudication_gets_supervised_exercise(knowledge: Knowledge) -> None:
    items = plan(
        knowledge,
        history=cramps("skeletal_cramps", sites=["calf"]),
        vascular=Vascular(claudication=True),
    )
    item = items["supervised_exercise_therapy"]
    assert item.evidence is not None and "Class I" in item.evidence


def test_medication_review_names_the_medicine_and_never_stops_it(knowledge: Knowledge) -> None:
    meds = [Medication("Zocor 20 mg"), Medication("omeprazol"), Medication("salmeterol")]
    items = plan(knowledge, history=cramps(), medications=meds)
    # The patient reads the generic name in the plan's language, the brand typed beside it.
    assert items["review_statin"].reason == "You take simvastatin (Zocor 20 mg)."
    assert items["review_ppi"].reason == "You take omeprazole."
    assert "review_beta2_agonist" in items
    for item_id in ("review_statin", "review_ppi"):
        assert "Do not stop it on your own" in items[item_id].text
        assert {"garrison_2012_prescription_sequence", "fda_2011_ppi_hypomagnesaemia"} & set(
            items[item_id].sources
        )


def test_treatment_options_are_never_suggested_even_when_taken(knowledge: Knowledge) -> None:
    meds = [Medication("quinine"), Medication("magnesium"), Medication("diltiazem")]
    items = plan(knowledge, history=cramps(), medications=meds)
    assert not any("quinine" in i or "diltiazem" in i for i in items)
    assert "magnesium_repletion" not in items


def test_red_flags_become_referrals_with_their_urgency(knowledge: Knowledge) -> None:
    evaluation = evaluate(
        Assessment(
            patient=patient(),
            visit_date=VISIT,
            history=cramps(),
            labs=[LabResult("potassium", 2.2, "mmol/L")],
        ),
        knowledge,
    )
    assert evaluation.red_flags
    first = evaluation.red_flags[0]
    referral = next(i for i in evaluation.care_plan if i.section == "referrals")
    assert referral.id == f"referral_{first.referral}"
    assert referral.reason is not None and first.text in referral.reason
    assert set(first.sources) <= set(referral.sources)


def test_clinic_practice_is_never_suggested(knowledge: Knowledge) -> None:
    items = plan(
        knowledge,
        history=cramps(
            "skeletal_cramps",
            "spasticity",
            triggers=list(TRIGGERS),
            symptoms=["anxiety", "knotting"],
        ),
        exam=Exam(strength=[]),
    )
    clinic = {e.id for e in knowledge.care_plan.entries() if e.treatment == "clinic_practice"}
    assert not clinic & set(items)


def test_spanish_patient_gets_spanish_text(knowledge: Knowledge) -> None:
    items = plan(knowledge, patient=patient(language="es"), history=cramps())
    assert items["sleep_routine"].reason == "Los calambres le vienen de noche."


MEDICINES = [
    "hydrochlorothiazide",
    "furosemide",
    "atorvastatin",
    "omeprazole",
    "quinine",
    "warfarin",
    "salmeterol",
    "magnesium",
    "xyzzy",
]
LAB_CHOICES = [
    ("magnesium", "mmol/L", 0.3, 1.5),
    ("potassium", "mmol/L", 2.0, 6.5),
    ("sodium", "mmol/L", 118, 150),
    ("vitamin_d_25oh", "ng/mL", 4, 90),
    ("vitamin_b12", "pg/mL", 80, 900),
    ("creatine_kinase", "U/L", 20, 20000),
    ("calcium", "mg/dL", 6.5, 11.5),
    ("albumin", "g/dL", 2.0, 5.5),
]


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    labs = []
    for test, unit, low, high in draw(
        st.lists(st.sampled_from(LAB_CHOICES), unique=True, max_size=5)
    ):
        labs.append(LabResult(test, draw(st.floats(low, high, allow_nan=False)), unit))
    subset = lambda values: st.lists(st.sampled_from(values), unique=True, max_size=4)  # noqa: E731
    return Assessment(
        patient=patient(
            pregnant=draw(st.sampled_from([None, False, True])),
            language=draw(st.sampled_from(["en", "es", None])),
        ),
        visit_date=VISIT,
        history=History(
            presentations=draw(subset(PRESENTATIONS)),
            sites=draw(subset(SITES)),
            triggers=draw(subset(TRIGGERS)),
            symptoms=draw(subset(SYMPTOMS)),
            conditions=draw(subset(CONDITIONS)),
            dark_urine=draw(st.sampled_from([None, True])),
        ),
        labs=labs,
        medications=[
            Medication(n)
            for n in draw(st.lists(st.sampled_from(MEDICINES), unique=True, max_size=3))
        ],
        vascular=Vascular(claudication=draw(st.sampled_from([None, True, False]))),
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(assessment=assessments())
def test_no_assessment_gets_a_forbidden_item(knowledge: Knowledge, assessment: Assessment) -> None:
    evaluation = evaluate(assessment, knowledge)
    items = {item.id: item for item in evaluation.care_plan}
    clinic = {e.id for e in knowledge.care_plan.entries() if e.treatment == "clinic_practice"}
    assert not clinic & set(items)
    assert not any("quinine" in item_id for item_id in items)
    for item in items.values():
        assert item.sources and item.reason and item.evidence
        assert item.section in CARE_PLAN_SECTIONS
        assert "drink plenty" not in item.text.lower()
    magnesium_low = any(
        lab.test == "magnesium" and lab.interpretation in ("L", "LL") for lab in evaluation.labs
    )
    # A suggestion a safety rule withholds leaves the plan with a withheld_ finding, never silently
    # (docs/assessment-format.md; treatment_evidence.care_plan_safety_rules).
    withheld = any(f.id == "withheld_magnesium_repletion" for f in evaluation.findings)
    assert ("magnesium_repletion" in items or withheld) == magnesium_low
    assert not ("magnesium_repletion" in items and withheld)
    if assessment.patient.pregnant:
        for item in items.values():
            if item.section == "supplements":
                assert item.evidence in (
                    "uncertain evidence, obstetric clinician to confirm",
                    "evidencia incierta, a confirmar por el obstetra",
                )
    sections = [CARE_PLAN_SECTIONS.index(item.section) for item in evaluation.care_plan]
    if any(
        flag.urgency == "emergency" or flag.id == "chronic_limb_threatening_ischaemia"
        for flag in evaluation.red_flags
    ):
        # emergency_first, urgent_limb_ischaemia: the plan leads with the referral, then the
        # contract's section order.
        assert evaluation.care_plan[0].section == "referrals"
        sections = [s for s in sections if s != CARE_PLAN_SECTIONS.index("referrals")]
    assert sections == sorted(sections)


def test_a_contraindicating_medicine_hides_the_item(knowledge: Knowledge) -> None:
    treatment = Treatment.model_validate(
        {
            "id": "k2_like",
            "intervention": "a supplement that a VKA rules out",
            "evidence": {"en": "single trial", "es": "un ensayo"},
            "source": ["program_rules"],
            "contraindicated_with": ["vitamin_k_antagonists"],
        }
    )
    fake = SimpleNamespace(
        treatments=TreatmentEvidence(TreatmentFile(version=1, treatments=[treatment]))
    )
    entry = LibraryEntry.model_validate(
        {
            "id": "k2_like_item",
            "section": "lifestyle",
            "title": {"en": "a", "es": "a"},
            "text": {"en": "a", "es": "a"},
            "treatment": "k2_like",
            "suggest_when": {"presentation": "nocturnal_leg_cramps"},
            "reason": {"en": "a", "es": "a"},
        }
    )

    class Meds:
        def __init__(self, classes: set[str]) -> None:
            self.matches = ()
            self.classes = classes

        def has_class(self, class_or_drug_id: str) -> bool:
            return class_or_drug_id in self.classes

    labs = SimpleNamespace(derived=Derived(), findings=())
    assessment = Assessment(patient=patient())
    on_warfarin = PatientFacts.gather(assessment, labs, Meds({"vitamin_k_antagonists"}), ())  # type: ignore[arg-type]
    on_nothing = PatientFacts.gather(assessment, labs, Meds(set()), ())  # type: ignore[arg-type]
    assert not is_allowed(entry, on_warfarin, fake)  # type: ignore[arg-type]
    assert is_allowed(entry, on_nothing, fake)  # type: ignore[arg-type]
    assert knowledge.drugs.match("warfarin") is not None
    assert "vitamin_k_antagonists" in knowledge.drugs.match("warfarin").class_ids  # type: ignore[union-attr]


def _menu(
    knowledge: Knowledge, assessment: Assessment, language: str = "en"
) -> dict[str, LibraryItem]:
    labs = evaluate_labs(assessment, knowledge.labs, language)
    review = review_medications(assessment, knowledge.drugs, language)
    items = menu_for(assessment, knowledge, labs, review, labs.findings, language)
    return {item.id: item for item in items}


def test_the_menu_leaves_out_what_the_patient_must_not_be_shown(knowledge: Knowledge) -> None:
    on_thiazide = Assessment(patient=patient(), medications=[Medication("chlorthalidone")])
    menu = _menu(knowledge, on_thiazide)
    assert "hydration" not in menu
    # Clinic practice stays on the menu for the clinician to add, labelled as such.
    assert menu["stress_management"].evidence == "clinic practice, without graded evidence"
    assert "hydration" in _menu(knowledge, Assessment(patient=patient()))


def test_the_menu_relabels_supplements_in_pregnancy(knowledge: Knowledge) -> None:
    menu = _menu(knowledge, Assessment(patient=patient(pregnant=True)), "es")
    assert menu["vitamin_b_complex"].evidence == "evidencia incierta, a confirmar por el obstetra"
    assert "obstetra" in menu["vitamin_b_complex"].text
    assert menu["calf_hamstring_stretching"].evidence != menu["vitamin_b_complex"].evidence


def test_suggest_care_plan_gives_what_the_engine_prints(knowledge: Knowledge) -> None:
    assessment = Assessment(
        patient=patient(language="es"),
        visit_date=VISIT,
        history=cramps(),
        labs=[LabResult("potassium", 2.3, "mmol/L")],
        medications=[Medication("furosemida")],
    )
    evaluation = evaluate(assessment, knowledge)
    labs = evaluate_labs(assessment, knowledge.labs, "es")
    review = review_medications(assessment, knowledge.drugs, "es")
    findings = (*labs.findings, *review.findings)
    suggested = suggest_care_plan(
        assessment, knowledge, labs, review, evaluation.red_flags, findings, "es"
    )
    assert suggested == evaluation.care_plan
    assert any(item.section == "referrals" for item in suggested)


def test_a_spanish_plan_names_a_medicine_typed_in_english_in_spanish(knowledge: Knowledge) -> None:
    meds = [Medication("hydrochlorothiazide 25 mg")]
    items = plan(knowledge, patient=patient(language="es"), history=cramps(), medications=meds)
    assert items["review_diuretic"].reason == "Usted toma hidroclorotiazida."
