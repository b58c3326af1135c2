"""The clinician sees what every finding, red flag and plan item rests on: each cited work in
full, whether the patient's page prints it, and how the clinical reference read it."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.assessment import Assessment, History, LabResult, Medication, Patient
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.rules.engine import evaluate
from clinic_desktop.services.visit_flow import VisitFlow
from clinic_desktop.ui.wizard.care_plan_page import CarePlanPage
from clinic_desktop.ui.wizard.provenance_dialog import ProvenanceDialog, evaluation_entries

KINDS = {"red_flag": "Red flag", "finding": "Finding", "plan_item": "Plan item"}


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def flow_for(knowledge: Knowledge) -> VisitFlow:
    assessment = Assessment(
        patient=Patient("P-1", "Núñez", "Ana", date(1960, 1, 1), sex="female", language="es"),
        visit_date=date(2026, 12, 10),
        history=History(presentations=["nocturnal_leg_cramps"], sites=["calf"]),
        labs=[LabResult("magnesium", 1.5, "mg/dL")],
        medications=[Medication("hydrochlorothiazide")],
    )
    return VisitFlow(assessment, lambda a: evaluate(a, knowledge))


def test_a_finding_shows_its_works_whether_printed_and_how_they_were_read(
    qtbot: QtBot, knowledge: Knowledge
) -> None:
    flow = flow_for(knowledge)
    plan = flow.ensure_care_plan()
    entries = evaluation_entries(flow.evaluation, plan.items, KINDS)
    dialog = ProvenanceDialog(entries, knowledge.citations, "item:magnesium_repletion")
    qtbot.addWidget(dialog)
    shown = dialog.details.toPlainText()
    assert shown.startswith("Plan item:")
    garrison = knowledge.citations.get("garrison_2020_cochrane_magnesium")
    assert garrison.full() in shown
    assert "Printed on the patient's sources page." in shown
    # The reference's own words on how it was read stay here, for the clinician.
    assert "numbers via http://jkbops.blogg.se" in shown
    uptodate = knowledge.citations.get("uptodate_nocturnal_leg_cramps_handout")
    assert uptodate.full() in shown
    assert "Not printed for the patient: no primary identifier" in shown

    finding_row = next(i for i, e in enumerate(entries) if e.key == "finding:hypomagnesemia")
    dialog.list.setCurrentRow(finding_row)
    assert "NUH Singapore test catalogue" in dialog.details.toPlainText()


def test_a_typed_medicine_name_is_shown_as_text_never_as_markup(
    qtbot: QtBot, knowledge: Knowledge
) -> None:
    flow = flow_for(knowledge)
    flow.assessment.medications = [Medication("<b>zzz</b> & co")]
    flow.refresh()
    entries = evaluation_entries(flow.evaluation, (), KINDS)
    dialog = ProvenanceDialog(entries, knowledge.citations, "finding:medication_not_recognised")
    qtbot.addWidget(dialog)
    assert "'<b>zzz</b> & co'" in dialog.details.toPlainText()


def test_the_care_plan_page_asks_for_an_items_sources(qtbot: QtBot, knowledge: Knowledge) -> None:
    flow = flow_for(knowledge)
    page = CarePlanPage(flow, knowledge.care_plan, citations=knowledge.citations)
    qtbot.addWidget(page)
    page.show_evaluation(flow.evaluation)
    button = page.findChild(type(page.sign_button), "sources_magnesium_repletion")
    assert button is not None
    with qtbot.waitSignal(page.sources_requested) as asked:
        button.click()
    assert asked.args == ["item:magnesium_repletion"]
    # The panel shows clean citations, not the ids the plan keeps.
    shown = " ".join(label.text() for label in page.items_box.findChildren(type(page.missing)))
    assert "Garrison SR, Korownyk CS" in shown
    assert "garrison_2020_cochrane_magnesium" not in shown
