"""The wizard's input widgets: numbers as typed, kept text on error, and the plan's language."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.patients import PatientInput, PatientRegistry
from clinic_desktop.ui.wizard.care_plan_page import CarePlanPage
from clinic_desktop.ui.wizard.fields import Checklist, NumberField, parse_number
from clinic_desktop.ui.wizard.medications_page import MedicationsPage
from clinic_desktop.ui.wizard.wizard import AssessmentWizard


@given(st.floats(allow_nan=False, allow_infinity=False, width=32))
def test_a_number_reads_back_with_a_point_or_a_decimal_comma(value: float) -> None:
    text = repr(value)
    assert parse_number(text) == value
    assert parse_number(text.replace(".", ",")) == value


@given(st.text())
def test_parse_number_accepts_only_finite_numbers(text: str) -> None:
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert math.isfinite(value)


@pytest.fixture
def pain_field(qtbot: QtBot) -> NumberField:
    field = NumberField("Capillary refill", 0, 60)
    qtbot.addWidget(field)
    return field


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(text=st.text(alphabet="0123456789.,-eE xa", max_size=8))
def test_a_number_field_keeps_the_text_and_either_accepts_it_or_says_why(
    pain_field: NumberField, text: str
) -> None:
    pain_field.set_value(None)
    values: list[object] = []
    pain_field.value_changed.connect(values.append)
    QTest.keyClicks(pain_field.edit, text)
    pain_field.value_changed.disconnect(values.append)
    assert pain_field.edit.text() == text, "the clinician's text is never changed"
    value = pain_field.value()
    if pain_field.error is None:
        assert value is None or 0 <= value <= 60
    else:
        assert value is None
        assert pain_field.error.startswith("Capillary refill:")
        assert pain_field.error_label.text() == pain_field.error
    if text:
        assert values[-1] == value


def test_a_checklist_tells_not_asked_from_none_from_a_choice(qtbot: QtBot) -> None:
    checklist = Checklist("Triggers", ("heat", "cold"))
    qtbot.addWidget(checklist)
    assert checklist.value() is None
    checklist.boxes["heat"].setChecked(True)
    assert checklist.value() == ["heat"]
    checklist.none_box.setChecked(True)
    assert checklist.value() == []
    assert not checklist.boxes["heat"].isChecked()
    checklist.boxes["cold"].setChecked(True)
    assert checklist.value() == ["cold"]
    assert not checklist.none_box.isChecked()


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def wizard(qtbot: QtBot, database: Database, knowledge: Knowledge) -> Iterator[AssessmentWizard]:
    patient = PatientRegistry(database).create(
        PatientInput("L-1", "Lengua", "Lía", "1950-06-01", "female", "en")
    )
    opened = AssessmentWizard(
        database, knowledge, patient_id=patient.id, user="dr.l", today=date(2026, 11, 20)
    )
    qtbot.addWidget(opened)
    yield opened
    opened.shutdown()


def test_drug_names_are_offered_as_the_clinician_types(wizard: AssessmentWizard) -> None:
    assert wizard.view is not None
    wizard.view.on_step_chosen("medications")
    page = wizard.view.pages["medications"]
    assert isinstance(page, MedicationsPage)
    page.add_button.click()
    completer = page.rows[0].name.completer()
    completer.setCompletionPrefix("atorva")
    offered = [
        completer.completionModel().index(i, 0).data()
        for i in range(completer.completionModel().rowCount())
    ]
    assert any(name.lower().startswith("atorvastatin") for name in offered)


def test_the_plan_follows_its_language_but_keeps_the_clinicians_words(
    wizard: AssessmentWizard,
) -> None:
    view = wizard.view
    assert view is not None
    history = view.flow.assessment.history
    assert history is not None
    history.presentations = ["nocturnal_leg_cramps"]
    history.sites = ["calf"]
    view.on_page_edited()
    view.on_step_chosen("care_plan")
    page = view.pages["care_plan"]
    assert isinstance(page, CarePlanPage)
    items = page.plan.items
    assert len(items) >= 2, [i.id for i in items]
    english = {item.id: item.text for item in items}
    items[0].text = "Mi propio texto"
    items[0].edited = True
    page.language.setCurrentIndex(page.language.findData("es"))
    assert page.plan.language == "es"
    # The plan is the patient's document: the patient's own record keeps its language.
    assert view.flow.assessment.patient.language == "en"
    assert items[0].text == "Mi propio texto"
    for item in items[1:]:
        assert item.text != english[item.id], f"{item.id} stayed in English"


def test_when_the_rules_fail_the_visit_goes_on_and_says_so(
    qtbot: QtBot, database: Database, knowledge: Knowledge
) -> None:
    patient = PatientRegistry(database).create(
        PatientInput("R-1", "Reglas", "Rosa", "1950-06-01", "female", "en")
    )

    def broken(_assessment: object) -> object:
        raise KeyError("missing rule")

    wizard = AssessmentWizard(
        database,
        knowledge,
        patient_id=patient.id,
        user="dr.r",
        evaluator=broken,  # type: ignore[arg-type]
    )
    qtbot.addWidget(wizard)
    try:
        view = wizard.view
        assert view is not None
        assert "could not evaluate" in view.findings.problem.text()
        history = view.pages["history"]
        QTest.keyClicks(history.episodes.edit, "3")  # type: ignore[attr-defined]
        qtbot.waitUntil(
            lambda: view.banner.save_status.text().startswith("Draft saved"), timeout=5000
        )
    finally:
        wizard.shutdown()
    stored = AssessmentStore(database).latest_draft(patient.id)
    assert stored is not None and stored.assessment.history is not None
    assert stored.assessment.history.episodes_per_week == 3
