"""Suggested lab orders: what the presentation and findings call for, minus what is already held."""

from __future__ import annotations

from datetime import date

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
)
from clinic_desktop.domain.vocabulary import LAB_TESTS
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.rules.engine import evaluate
from clinic_desktop.rules.labs import evaluate_labs
from clinic_desktop.rules.medications import review_medications
from clinic_desktop.rules.orders import suggest_lab_orders

VISIT = date(2026, 11, 20)


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def orders(
    knowledge: Knowledge,
    history: History | None = None,
    labs: list[LabResult] | None = None,
    medications: list[Medication] | None = None,
    exam: Exam | None = None,
    language: str = "en",
) -> dict[str, str]:
    assessment = Assessment(
        patient=Patient("A-1", "Doe", "Jo", date(1970, 1, 1), sex="male", language=language),
        visit_date=VISIT,
        history=history,
        exam=exam,
        labs=labs,
        medications=medications,
    )
    lab_outcome = evaluate_labs(assessment, knowledge.labs, language)
    review = review_medications(assessment, knowledge.drugs, language)
    pairs = suggest_lab_orders(
        assessment, knowledge.lab_orders, lab_outcome, review, lab_outcome.findings, language
    )
    return dict(pairs)


def test_plain_nocturnal_cramps_need_no_routine_tests(knowledge: Knowledge) -> None:
    assert orders(knowledge, History(presentations=["nocturnal_leg_cramps"], sites=["calf"])) == {}


def test_a_thiazide_asks_for_potassium_magnesium_and_sodium(knowledge: Knowledge) -> None:
    found = orders(knowledge, medications=[Medication("hydrochlorothiazide")])
    assert list(found) == ["magnesium", "potassium", "sodium"]
    assert found["sodium"] == "Your water pill can make the salts in your blood go low."


def test_tests_already_held_are_not_suggested(knowledge: Knowledge) -> None:
    labs = [LabResult("potassium", 4.0, "mmol/L"), LabResult("magnesium", 0.8, "mmol/L")]
    assert set(orders(knowledge, labs=labs, medications=[Medication("hydrochlorothiazide")])) == {
        "sodium"
    }


def test_calcium_without_albumin_asks_for_albumin(knowledge: Knowledge) -> None:
    assert "albumin" in orders(knowledge, labs=[LabResult("calcium", 9.0, "mg/dL")])
    held = [LabResult("calcium", 9.0, "mg/dL"), LabResult("albumin", 4.0, "g/dL")]
    assert "albumin" not in orders(knowledge, labs=held)


def test_tetany_signs_start_the_hypocalcaemia_work_up_with_vitamin_d(knowledge: Knowledge) -> None:
    found = orders(knowledge, exam=Exam(trousseau=True))
    assert {"calcium", "albumin", "phosphate", "magnesium", "vitamin_d_25oh", "creatinine"} <= set(
        found
    )
    # The order follows the contract's list of tests.
    assert list(found) == [t for t in LAB_TESTS if t in found]


def test_an_egfr_result_counts_as_a_kidney_test(knowledge: Knowledge) -> None:
    labs = [LabResult("egfr", 70, "mL/min/1.73m2")]
    assert "creatinine" not in orders(knowledge, exam=Exam(chvostek=True), labs=labs)


def test_statin_with_muscle_symptoms_asks_for_ck(knowledge: Knowledge) -> None:
    history = History(presentations=["skeletal_cramps"], symptoms=["localized_pain"])
    assert "creatine_kinase" in orders(knowledge, history, medications=[Medication("atorvastatin")])
    assert "creatine_kinase" not in orders(
        knowledge, History(presentations=[]), medications=[Medication("atorvastatin")]
    )


def test_symptom_led_hormone_and_b12_tests(knowledge: Knowledge) -> None:
    history = History(symptoms=["salt_craving", "tingling_or_numbness"])
    found = orders(knowledge, history)
    assert {"cortisol_am", "vitamin_b12", "folate"} <= set(found)


def test_reasons_come_in_the_patient_language(knowledge: Knowledge) -> None:
    found = orders(knowledge, medications=[Medication("omeprazol")], language="es")
    assert found == {
        "magnesium": "Tomar mucho tiempo una pastilla para el ácido del estómago puede bajar el magnesio."
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    held=st.lists(
        st.sampled_from(["potassium", "magnesium", "sodium", "calcium", "albumin", "creatinine"]),
        unique=True,
    ),
    medicines=st.lists(
        st.sampled_from(["hydrochlorothiazide", "furosemide", "omeprazole", "denosumab"]),
        unique=True,
    ),
    trousseau=st.booleans(),
)
def test_a_test_with_a_result_is_never_suggested(
    knowledge: Knowledge, held: list[str], medicines: list[str], trousseau: bool
) -> None:
    units = {
        "potassium": ("mmol/L", 4.0),
        "magnesium": ("mmol/L", 0.8),
        "sodium": ("mmol/L", 140),
        "calcium": ("mg/dL", 9.2),
        "albumin": ("g/dL", 4.0),
        "creatinine": ("mg/dL", 0.9),
    }
    labs = [LabResult(t, units[t][1], units[t][0]) for t in held]
    assessment = Assessment(
        patient=Patient("A-1", "Doe", "Jo", date(1970, 1, 1), sex="male"),
        visit_date=VISIT,
        exam=Exam(trousseau=trousseau),
        labs=labs,
        medications=[Medication(m) for m in medicines],
    )
    evaluation = evaluate(assessment, knowledge)
    assert not set(evaluation.suggested_lab_orders) & set(held)
    assert set(evaluation.suggested_lab_order_reasons) == set(evaluation.suggested_lab_orders)
    assert all(evaluation.suggested_lab_order_reasons.values())


def test_ck_over_ten_times_the_limit_asks_for_kidney_function(knowledge: Knowledge) -> None:
    high = [LabResult("creatine_kinase", 2400, "U/L", reference_high=190)]
    assert "creatinine" in orders(knowledge, labs=high)
    at_ten = [LabResult("creatine_kinase", 1900, "U/L", reference_high=190)]
    assert "creatinine" not in orders(knowledge, labs=at_ten)


def test_mildly_raised_ck_asks_for_thyroid_function(knowledge: Knowledge) -> None:
    assert "tsh" in orders(
        knowledge, labs=[LabResult("creatine_kinase", 400, "U/L", reference_high=190)]
    )
    assert "tsh" not in orders(
        knowledge, labs=[LabResult("creatine_kinase", 190, "U/L", reference_high=190)]
    )
