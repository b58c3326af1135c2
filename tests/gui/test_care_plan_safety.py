"""The care-plan page follows the reference's December revision: treatment options the clinician
picks (checked against the patient) and self-care held back while an emergency red flag fires.

Reference: treatment_evidence.spasticity_pharmacological, dystonia_focal and
care_plan_safety_rules.emergency_first (2026-12, 2026-12b); medications tizanidine, baclofen_oral.
"""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.assessment import Assessment, History, LabResult, Medication, Patient
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.rules.engine import evaluate
from clinic_desktop.services.visit_flow import VisitFlow
from clinic_desktop.ui.wizard.care_plan_page import CarePlanPage
from clinic_desktop.ui.wizard.findings_panel import FindingsPanel

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def page_for(qtbot: QtBot, knowledge: Knowledge, assessment: Assessment) -> CarePlanPage:
    flow = VisitFlow(assessment, lambda a: evaluate(a, knowledge))
    page = CarePlanPage(flow, knowledge.care_plan)
    qtbot.addWidget(page)
    page.show_evaluation(flow.evaluation)
    return page


def assessment(language: str = "en", **history: object) -> Assessment:
    return Assessment(
        patient=Patient("G-1", "Núñez", "Ana", date(1970, 1, 1), sex="female", language=language),
        visit_date=date(2026, 12, 10),
        history=History(**history),  # type: ignore[arg-type]
        labs=[],
        medications=[],
    )


def choose_option(page: CarePlanPage, option_id: str) -> None:
    page.option_choice.setCurrentIndex(page.option_choice.findData(option_id))


def test_tizanidine_is_not_offered_with_ciprofloxacin_and_baclofen_is_added_in_plain_words(
    qtbot: QtBot, knowledge: Knowledge
) -> None:
    visit = assessment(presentations=["spasticity"], conditions=["multiple_sclerosis"])
    visit.medications = [Medication("ciprofloxacin 500 mg")]
    page = page_for(qtbot, knowledge, visit)
    choose_option(page, "tizanidine")
    details = page.option_details.text()
    assert "Not offered for this patient" in details and "contraindicated" in details
    assert "Evidence:" not in details  # no treatment information for a ruled-out option
    assert not page.add_option.isEnabled()
    assert "(not offered)" in page.option_choice.currentText()

    choose_option(page, "baclofen_oral")
    assert "Evidence:" in page.option_details.text()
    assert "never stop abruptly" in page.option_details.text()
    assert page.add_option.isEnabled()
    page.add_option.click()
    item = page.plan.items[-1]
    assert (item.id, item.section) == ("baclofen_oral", "medication_review")
    assert "Never stop baclofen suddenly" in item.text
    assert not page.add_option.isEnabled()  # already in the plan
    assert not any(i.id == "baclofen_oral" for i in page.flow.evaluation.care_plan)


def test_emergency_holds_self_care_on_screen_and_gives_it_back(
    qtbot: QtBot, knowledge: Knowledge
) -> None:
    visit = assessment(presentations=["nocturnal_leg_cramps"], symptoms=["localized_pain"])
    page = page_for(qtbot, knowledge, visit)
    assert any(i.id == "calf_hamstring_stretching" for i in page.plan.items)
    assert page.held_note.isHidden()

    # The CK comes back five times the upper limit with muscle pain: rhabdomyolysis, an emergency.
    visit.labs = [LabResult("creatine_kinase", 5000, "U/L")]
    page.show_evaluation(page.flow.refresh())
    assert not page.held_note.isHidden()
    assert "emergency department" in page.held_note.text()
    held = page.findChild(type(page.held_note), "held_back_calf_hamstring_stretching")
    assert held is not None and "not printed" in held.text()
    # The item stays in the plan (the clinician's work is not lost) ...
    assert any(i.id == "calf_hamstring_stretching" for i in page.plan.items)
    # ... and no new drug option may be added meanwhile.
    choose_option(page, "tizanidine")
    assert not page.add_option.isEnabled()

    visit.labs = []
    page.show_evaluation(page.flow.refresh())
    assert page.held_note.isHidden()
    # The rebuilt item rows no longer carry the marker (the old rows are deleted by the event loop).
    qtbot.waitUntil(
        lambda: page.findChild(type(page.held_note), "held_back_calf_hamstring_stretching") is None
    )


def test_the_findings_panel_shows_withheld_items_and_band_actions_as_cautions(
    qtbot: QtBot, knowledge: Knowledge
) -> None:
    visit = assessment(presentations=["skeletal_cramps"], conditions=["chronic_kidney_disease"])
    visit.labs = [
        LabResult("potassium", 3.1, "mmol/L"),
        LabResult("egfr", 25, "mL/min/1.73m2"),
        LabResult("vitamin_b12", 250, "pg/mL"),
    ]
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.show_evaluation(evaluate(visit, knowledge), set())
    assert not panel.cautions.isHidden()
    assert "Potassium: not suggested." in panel.cautions.text()
    assert "check methylmalonic acid" in panel.findings.text()
    assert "Potassium: not suggested." not in panel.findings.text()


def test_the_spanish_plan_gets_spanish_option_words(qtbot: QtBot, knowledge: Knowledge) -> None:
    page = page_for(qtbot, knowledge, assessment("es", presentations=["spasticity"]))
    choose_option(page, "tizanidine")
    assert "Tizanidina" in page.option_choice.currentText()
    page.add_option.click()
    assert "tizanidina" in page.plan.items[-1].text.lower()
