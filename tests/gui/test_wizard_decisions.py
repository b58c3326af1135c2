"""The clinician's lab-order ticks and red-flag acknowledgements survive closing the wizard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.assessment import LabResult
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.patients import PatientInput, PatientRegistry
from clinic_desktop.ui.wizard.labs_page import LabsPage
from clinic_desktop.ui.wizard.wizard import AssessmentWizard


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def wizards(
    qtbot: QtBot, database: Database, knowledge: Knowledge
) -> Iterator[list[AssessmentWizard]]:
    opened: list[AssessmentWizard] = []
    yield opened
    for wizard in opened:
        wizard.shutdown()


def _open(
    qtbot: QtBot,
    database: Database,
    knowledge: Knowledge,
    opened: list[AssessmentWizard],
    **ids: int,
) -> AssessmentWizard:
    wizard = AssessmentWizard(database, knowledge, user="dr.lopez", today=date(2026, 11, 23), **ids)  # type: ignore[arg-type]
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    opened.append(wizard)
    return wizard


def test_ticks_and_acknowledgements_come_back_after_reopening(
    qtbot: QtBot, database: Database, knowledge: Knowledge, wizards: list[AssessmentWizard]
) -> None:
    patient = PatientRegistry(database).create(
        PatientInput("D-1", "Díaz", "Rosa", "1950-03-03", "female", "en")
    )
    wizard = _open(qtbot, database, knowledge, wizards, patient_id=patient.id)
    view = wizard.view
    assert view is not None
    # Severe hypokalaemia: an emergency red flag, and a thiazide suggests more electrolytes.
    view.flow.assessment.labs = [LabResult("potassium", 2.3, "mmol/L")]
    view.flow.assessment.medications = []
    view.on_page_edited()
    flags = [flag.id for flag in view.flow.evaluation.red_flags]
    assert "severe_hypokalaemia" in flags
    view.findings.flag_widgets["severe_hypokalaemia"].acknowledge.setChecked(True)
    labs = view.pages["labs"]
    assert isinstance(labs, LabsPage)
    labs.order_boxes["magnesium"].setChecked(True)
    labs.order_boxes["vitamin_b12"].setChecked(True)
    labs.order_boxes["vitamin_b12"].setChecked(False)
    view.autosave.flush()
    assessment_id = view.stored.id
    wizard.shutdown()
    wizard.close()

    stored = AssessmentStore(database).load(assessment_id)
    assert stored.decisions is not None
    assert stored.decisions.acknowledged_red_flags == ["severe_hypokalaemia"]
    assert stored.decisions.lab_order_choices["magnesium"] is True

    reopened = _open(qtbot, database, knowledge, wizards, assessment_id=assessment_id)
    again = reopened.view
    assert again is not None
    assert again.flow.is_acknowledged("severe_hypokalaemia")
    assert again.flow.is_ordered("magnesium")
    assert not again.flow.is_ordered("vitamin_b12")
    again.on_step_chosen("labs")
    reopened_labs = again.pages["labs"]
    assert isinstance(reopened_labs, LabsPage)
    assert not reopened_labs.order_boxes["vitamin_b12"].isChecked()
    assert reopened_labs.order_boxes["magnesium"].isChecked()
