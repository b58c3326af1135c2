"""The printed care plan follows the emergency-first rule: held-back self-care leaves the paper
while an emergency red flag fires and comes back when it no longer does.

Reference: treatment_evidence.care_plan_safety_rules.emergency_first (2026-12, 2026-12b).
"""

from __future__ import annotations

import io
from functools import cache

import pytest
from pypdf import PdfReader

from clinic_desktop.domain.careplan import PlannedItem
from clinic_desktop.interop.assessment_json import parse_assessment
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.rules.engine import evaluate
from clinic_desktop.services.rendering import render_document, suggested_plan


@cache
def knowledge() -> Knowledge:
    return load_knowledge()


def document(language: str, emergency: bool) -> dict[str, object]:
    labs = [{"test": "magnesium", "value": 0.6, "unit": "mmol/L"}]
    if emergency:
        labs.append({"test": "creatine_kinase", "value": 5000, "unit": "U/L"})
    return {
        "format": "clinic-desktop.assessment",
        "version": 1,
        "patient": {
            "mrn": "P-1",
            "family_name": "Núñez",
            "given_name": "Ana",
            "birth_date": "1970-01-01",
            "sex": "female",
            "language": language,
        },
        "visit_date": "2026-12-10",
        "history": {"presentations": ["nocturnal_leg_cramps"], "symptoms": ["localized_pain"]},
        "labs": labs,
        "medications": [{"name": "baclofen"}],
    }


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


@pytest.mark.parametrize(
    ("language", "note", "fluids"),
    [
        ("en", "Go to the emergency department first.", "fluids through a drip"),
        ("es", "Vaya primero a urgencias.", "líquidos por la vena"),
    ],
)
def test_held_back_items_leave_the_print_and_return(language: str, note: str, fluids: str) -> None:
    kb = knowledge()
    calm = evaluate(parse_assessment(document(language, False), kb.labs), kb)
    # The clinician's plan was made before the CK came back: stretching and magnesium are in it.
    plan = suggested_plan(calm)
    plan.items.append(
        PlannedItem("free_text_1", "lifestyle", "Ring the clinic on Friday.", origin="free_text")
    )
    stretch = next(i.text for i in calm.care_plan if i.id == "calf_hamstring_stretching")
    magnesium = next(i.text for i in calm.care_plan if i.id == "magnesium_repletion")

    urgent = evaluate(parse_assessment(document(language, True), kb.labs), kb)
    assert [f.id for f in urgent.red_flags][:1] == ["rhabdomyolysis"]
    assessment = parse_assessment(document(language, True), kb.labs)
    printed = text_of(render_document(assessment, urgent, plan=plan, knowledge=kb))
    assert " ".join(stretch.split()) not in printed
    assert " ".join(magnesium.split()) not in printed
    assert note in printed
    assert "Ring the clinic on Friday." in printed  # the clinician's own words always print
    # The suggested plan of the emergency evaluation leads with the referral and its words.
    emergency_plan = text_of(render_document(assessment, urgent, knowledge=kb))
    assert fluids in emergency_plan

    back = text_of(
        render_document(
            parse_assessment(document(language, False), kb.labs), calm, plan=plan, knowledge=kb
        )
    )
    assert " ".join(stretch.split()) in back
    assert note not in back


def test_an_option_for_a_medicine_already_taken_is_not_held_back() -> None:
    # emergency_first: only information on STARTING a drug is held; baclofen is current here.
    kb = knowledge()
    urgent = evaluate(parse_assessment(document("en", True), kb.labs), kb)
    assert not urgent.is_held_back("baclofen_oral")
    assert urgent.is_held_back("tizanidine")
    assert urgent.is_held_back("calf_hamstring_stretching")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_referrals_why_is_in_the_patients_words(language: str) -> None:
    """The Spanish plan printed "Por qué: Posible rabdomiólisis: CK elevada ... revisar
    compartimentos": the red flag's clinician text and action, which `evaluate` reports."""
    kb = knowledge()
    assessment = parse_assessment(document(language, True), kb.labs)
    urgent = evaluate(assessment, kb)
    flag = next(f for f in urgent.red_flags if f.id == "rhabdomyolysis")
    assert flag.patient_text and flag.action
    referral = next(i for i in urgent.care_plan if i.section == "referrals")
    assert flag.action in (referral.reason or "")  # evaluate keeps the clinician's reason
    printed = text_of(render_document(assessment, urgent, knowledge=kb))
    assert " ".join(flag.patient_text.split()) in printed
    assert " ".join(flag.text.split()) not in printed
    assert " ".join(flag.action.split()) not in printed
