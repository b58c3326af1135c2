"""What a clinician missed in a visit, and the defects of issue 11, through the real wizard.

Each test names what it guards: impossible lab values asked about at the field, signing with
a password that shows what is signed, the screen in the clinician's language, notes, sides,
age, pregnancy only where it applies, a follow-up carried forward, a second visit the same day.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.assessment import Assessment, History, Medication, Patient
from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.interop.assessment_json import assessment_to_document, parse_assessment
from clinic_desktop.interop.limits import MAX_NOTE
from clinic_desktop.knowledge.lab_catalog import load_lab_catalog
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.patients import PatientInput, PatientRegistry
from clinic_desktop.ui.translation import install_translators
from clinic_desktop.ui.wizard.examination_page import ExaminationPage
from clinic_desktop.ui.wizard.fields import NumberField
from clinic_desktop.ui.wizard.history_page import HistoryPage
from clinic_desktop.ui.wizard.labs_page import LabsPage
from clinic_desktop.ui.wizard.medications_page import MedicationsPage
from tests.gui.test_wizard import (
    PASSWORD,
    VISIT_DAY,
    OpenWizard,
    click,
    go_to,
    knowledge,
    open_wizard,
    pytestmark,
    sign_by_mouse,
    sign_dialog,
    view_of,
)

__all__ = ["knowledge", "open_wizard", "pytestmark"]


def patient(
    registry: PatientRegistry,
    mrn: str,
    born: str = "1958-03-14",
    sex: str = "female",
    language: str = "es",
) -> int:
    return registry.create(PatientInput(mrn, "Ramírez Soto", "Lucía", born, sex, language)).id


def lab_row(view, test: str):  # type: ignore[no-untyped-def]
    labs = view.pages["labs"]
    assert isinstance(labs, LabsPage)
    return labs, labs.rows[test]


def test_an_impossible_potassium_is_asked_about_and_counts_for_nothing_until_answered(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry
) -> None:
    """Potassium 39 (a missing decimal point) was taken and raised an emergency flag."""
    view = view_of(open_wizard(patient_id=patient(registry, "K-39")))
    go_to(qtbot, view, "labs")
    labs, potassium = lab_row(view, "potassium")
    click(qtbot, potassium.value.edit)
    QTest.keyClicks(potassium.value.edit, "39")
    assert potassium.value.error == "39 mmol/L is not possible for Potassium: did you mean 3.9?"
    assert potassium.value.answers.isVisible()
    assert [lab.test for lab in view.flow.assessment.labs or ()] == [], "it counts for nothing"
    assert not any(f.id.startswith("severe_hyperkal") for f in view.flow.evaluation.red_flags)
    assert any("potassium" in m.field for m in view.flow.missing_to_sign())
    # "Use 3.9": the clinician's own correction, shown in the field.
    click(qtbot, potassium.value.use_button)
    assert potassium.value.edit.text() == "3.9"
    assert [(r.test, r.value) for r in view.flow.assessment.labs or ()] == [("potassium", 3.9)]
    assert not any("potassium" in m.field for m in view.flow.missing_to_sign())

    # A real but critical value is accepted at once and flagged by the rules.
    potassium.value.edit.clear()
    QTest.keyClicks(potassium.value.edit, "8.5")
    assert potassium.value.error is None
    assert potassium.marker.text() in ("H", "HH")

    # An impossible value the clinician confirms is kept as typed, and stays confirmed.
    potassium.value.edit.clear()
    QTest.keyClicks(potassium.value.edit, "16")
    click(qtbot, potassium.value.keep_button)
    assert [(r.test, r.value) for r in view.flow.assessment.labs or ()] == [("potassium", 16.0)]
    assert view.flow.decisions().confirmed_results == {"potassium": 16.0}
    assert labs.field_errors() == {}


NUMBER_TEXT = st.text(alphabet="0123456789.,-eE x", max_size=9)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(NUMBER_TEXT, min_size=1, max_size=3))
def test_every_number_field_of_every_page_keeps_the_text_and_accepts_or_says_why(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry, texts: list[str]
) -> None:
    """Hypothesis over every number field the wizard has, the lab results' among them."""
    if not hasattr(
        test_every_number_field_of_every_page_keeps_the_text_and_accepts_or_says_why, "view"
    ):
        wizard = open_wizard(patient_id=patient(registry, "N-1"))
        view = view_of(wizard)
        for step in view.pages:
            view.pages[step]
        test_every_number_field_of_every_page_keeps_the_text_and_accepts_or_says_why.view = view  # type: ignore[attr-defined]
    view = test_every_number_field_of_every_page_keeps_the_text_and_accepts_or_says_why.view  # type: ignore[attr-defined]
    fields = [f for page in view.pages.built() for f in page.findChildren(NumberField)]
    assert len(fields) > 50
    for field in fields:
        for text in texts:
            field.edit.setText("")
            field.on_text_edited("")
            field.edit.setText(text)
            field.on_text_edited(text)
            assert field.edit.text() == text, "the clinician's text is never changed"
            value = field.value()
            if field.error is None:
                assert value is None or field._minimum <= value <= field._maximum
            else:
                assert value is None
                assert field.error_label.text() == field.error
    # Every field that says something is wrong holds up signing, each under a name of its own
    # (a lab row whose two limits disagree adds one more for the row).
    wrong = [field.error for field in fields if field.error is not None]
    held = view.flow.field_errors()
    assert set(wrong) <= set(held.values())
    assert len([name for name in held if not name.endswith(".interval")]) == len(wrong)


def test_signing_shows_what_is_signed_asks_the_password_and_freezes_every_step(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry, database: Database
) -> None:
    wizard = open_wizard(patient_id=patient(registry, "S-1"))
    view = view_of(wizard)
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    click(qtbot, history.presentations.boxes["nocturnal_leg_cramps"])
    for step in ("examination", "labs", "hormonal", "care_plan"):
        go_to(qtbot, view, step)

    click(qtbot, view.sign_button)
    dialog = sign_dialog(qtbot, wizard)
    labs_state_before = view.flow.step_states()
    shown = dialog.contents.toPlainText()
    assert "Care plan (Español)" in shown and "Lab tests ordered:" in shown
    # Anything missing is said: steps signed as they are although not complete.
    unfinished = shown.split("Not complete (signed as recorded):")[1].split("Red flags")[0]
    assert "Vascular: ○ not started" in unfinished and "Medications: ○ not started" in unfinished
    assert "Hormonal review" not in unfinished, "a review seen is complete"
    QTest.keyClicks(dialog.password, "not-the-password")
    click(qtbot, dialog.sign_only_button)
    qtbot.waitUntil(dialog.error.isVisible, timeout=5000)
    assert "nothing was signed" in dialog.error.text()
    assert AssessmentStore(database).load(view.stored.id).status == "draft"
    dialog.reject()

    sign_by_mouse(qtbot, wizard, view.sign_button)
    signed = view_of(wizard)
    assert signed.flow.read_only
    stored = AssessmentStore(database).load(signed.stored.id)
    assert (stored.status, stored.signed_by) == ("signed", "dr.lopez")
    assert stored.signed_at is not None
    assert signed.flow.step_states() == labs_state_before
    for step in reversed(list(view.pages)):
        go_to(qtbot, signed, step)
        assert signed.flow.step_states() == labs_state_before, step
    reopened = view_of(open_wizard(assessment_id=stored.id))
    assert reopened.flow.step_states() == labs_state_before


def test_with_an_english_screen_a_spanish_patients_findings_are_in_english(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry
) -> None:
    """The findings panel, lab reasons and the emergency banner were in the patient's Spanish."""
    view = view_of(open_wizard(patient_id=patient(registry, "E-1")))
    # No red flag names a service yet: no referral letter to write.
    assert not view.banner.referral_button.isEnabled()
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    click(qtbot, history.presentations.boxes["skeletal_cramps"])
    history.dark_urine.set_value(True)
    go_to(qtbot, view, "labs")
    labs, ck = lab_row(view, "creatine_kinase")
    click(qtbot, ck.value.edit)
    QTest.keyClicks(ck.value.edit, "9000")
    go_to(qtbot, view, "medications")
    medications = view.pages["medications"]
    assert isinstance(medications, MedicationsPage)
    click(qtbot, medications.rows[0].name)
    QTest.keyClicks(medications.rows[0].name, "hydrochlorothiazide")
    flags = view.findings.flag_widgets
    assert "rhabdomyolysis" in flags
    assert view.flow.evaluation.language == "en"
    shown = " ".join(f.text for f in view.flow.evaluation.red_flags)
    assert "orina" not in shown.lower() and "rabdomi" not in shown.lower()
    reasons = [r.text() for r in labs.order_reasons.values() if r.text()]
    assert reasons and not any("pastilla" in r or "músculo" in r for r in reasons), reasons
    assert "pastilla" not in view.findings.findings.text()
    # The patient's document is in the patient's language.
    plan = view.flow.ensure_care_plan()
    assert plan.language == "es"
    assert view.flow.document_evaluation().language == "es"
    _stored, _assessment, evaluation, _plan = view.wizard.document_request("careplan")
    assert evaluation.language == "es"
    # The clinician's documents are in the screen's language, and a flag names a service.
    for kind in ("summary", "referral"):
        _stored, _assessment, evaluation, _plan = view.wizard.document_request(kind)
        assert evaluation.language == "en"
    assert view.banner.referral_button.isEnabled()


@pytest.fixture
def spanish_screen(app):  # type: ignore[no-untyped-def]
    install_translators(app, "es")
    yield
    install_translators(app, "en")


def test_with_a_spanish_screen_an_english_patients_findings_are_in_spanish(
    spanish_screen: None, qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry
) -> None:
    view = view_of(open_wizard(patient_id=patient(registry, "E-2", language="en")))
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    click(qtbot, history.presentations.boxes["skeletal_cramps"])
    history.dark_urine.set_value(True)
    assert view.flow.evaluation.language == "es"
    assert view.flow.ensure_care_plan().language == "en"


def test_notes_sides_and_the_age_are_kept_and_shown(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry, database: Database
) -> None:
    wizard = open_wizard(patient_id=patient(registry, "N-2"))
    view = view_of(wizard)
    assert "68 y" in view.banner.patient_label.text(), "born 1958-03-14, seen 2026-11-20"
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    click(qtbot, history.sites.boxes["calf"])
    assert history.sites.sides["calf"].isEnabled()
    assert not history.sites.sides["thigh"].isEnabled()
    history.sites.sides["calf"].set_value("bilateral")
    assert history.note is not None
    click(qtbot, history.note)
    QTest.keyClicks(history.note, "Worse after long walks.")
    go_to(qtbot, view, "examination")
    exam = view.pages["examination"]
    assert isinstance(exam, ExaminationPage)
    assert exam.note is not None
    wizard.shutdown()
    stored = AssessmentStore(database).latest_draft(view.stored.patient_id)
    assert stored is not None
    kept = stored.assessment
    assert kept.history is not None
    assert (kept.history.sites, kept.history.site_sides) == (["calf"], {"calf": "bilateral"})
    assert kept.notes == {"history": "Worse after long walks."}


def test_a_note_over_its_limit_says_so_where_it_is_typed_and_keeps_what_was_there(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry, database: Database
) -> None:
    """A note of 5,001 characters was kept by the window and then refused by name when the
    visit's export was read back: the limit is said at the note, nothing is cut silently."""
    wizard = open_wizard(patient_id=patient(registry, "N-3"))
    view = view_of(wizard)
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    note = history.note
    assert note is not None
    click(qtbot, note)
    QTest.keyClicks(note, "Worse after long walks. ")
    before = note.toPlainText()
    note.insertPlainText("x" * MAX_NOTE)  # a paste that would go over
    assert note.toPlainText() == before, "the paste was cut or kept"
    assert history.note_problem.isVisible()
    assert "5,000" in history.note_problem.text()
    assert "not added" in history.note_problem.text()
    assert note.accessibleDescription() == history.note_problem.text()
    QTest.keyClicks(note, "Cramps at night.")
    assert note.toPlainText() == before + "Cramps at night.", "typing goes on where it was"
    assert not history.note_problem.isVisible()
    exactly = "y" * (MAX_NOTE - len(note.toPlainText()))
    note.insertPlainText(exactly)
    assert len(note.toPlainText()) == MAX_NOTE and not history.note_problem.isVisible()
    QTest.keyClicks(note, "z")
    assert len(note.toPlainText()) == MAX_NOTE and history.note_problem.isVisible()
    wizard.shutdown()
    stored = AssessmentStore(database).latest_draft(view.stored.patient_id)
    assert stored is not None and stored.assessment.notes is not None
    kept = stored.assessment.notes["history"]
    assert len(kept) == MAX_NOTE and kept.startswith("Worse after long walks. Cramps at night.")
    # What the window keeps, an export reads back.
    exported = assessment_to_document(stored.assessment)
    assert parse_assessment(exported, load_lab_catalog()).notes == stored.assessment.notes


@pytest.mark.parametrize(
    ("born", "sex", "asked"),
    [
        ("1958-03-14", "female", False),
        ("1996-05-01", "female", True),
        ("1996-05-01", "male", False),
        ("2016-05-01", "female", False),
        ("1996-05-01", "unknown", True),
    ],
)
def test_pregnancy_is_asked_only_where_it_can_apply_and_can_be_shown_anyway(
    qtbot: QtBot,
    open_wizard: OpenWizard,
    registry: PatientRegistry,
    born: str,
    sex: str,
    asked: bool,
) -> None:
    view = view_of(open_wizard(patient_id=patient(registry, "P-1", born, sex)))
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    qtbot.waitUntil(history.isVisible)
    assert history.pregnancy.isVisible() is asked
    assert history.show_pregnancy.isVisible() is not asked
    if not asked:
        click(qtbot, history.show_pregnancy)
        assert history.pregnancy.isVisible()
        assert history.pregnant.hasFocus()


def test_the_whole_examination_normal_in_one_click_never_overwrites_a_finding(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry
) -> None:
    view = view_of(open_wizard(patient_id=patient(registry, "X-1")))
    go_to(qtbot, view, "examination")
    exam = view.pages["examination"]
    assert isinstance(exam, ExaminationPage)
    exam.chvostek.set_value(True)
    click(qtbot, exam.all_normal)
    model = view.flow.assessment.exam
    assert model is not None
    assert model.chvostek is True, "a recorded finding is kept"
    assert model.trousseau is False
    assert len(model.strength or ()) == 26 and {g.mrc for g in model.strength or ()} == {"5"}
    assert {g.modified_ashworth for g in model.tone or ()} == {"0"}
    assert {g.grade for g in model.reflexes or ()} == {"2+"}
    assert model.plantar is not None and model.plantar.left == "flexor"
    assert model.ankle_clonus is not None and model.ankle_clonus.right is False
    assert (model.fasciculations, model.atrophy, model.sensory_loss) == ([], [], [])
    assert exam.fasciculations.none_box.isChecked()
    assert exam.strength[("hip_flexors", "left")].value() == "5"
    assert view.flow.completeness("examination").value == "complete"


def test_suggested_tests_are_ticked_as_soon_as_a_medicine_suggests_them_and_stay_ticked(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry
) -> None:
    view = view_of(open_wizard(patient_id=patient(registry, "L-1")))
    go_to(qtbot, view, "medications")
    medications = view.pages["medications"]
    assert isinstance(medications, MedicationsPage)
    click(qtbot, medications.rows[0].name)
    QTest.keyClicks(medications.rows[0].name, "hydrochlorothiazide")
    go_to(qtbot, view, "labs")
    labs, magnesium = lab_row(view, "magnesium")
    assert labs.order_boxes["magnesium"].isChecked()
    assert labs.order_reasons["magnesium"].text()
    click(qtbot, magnesium.value.edit)
    QTest.keyClicks(magnesium.value.edit, "0.8")
    assert labs.order_boxes["magnesium"].isChecked(), "a ticked test stays ordered"
    assert labs.order_reasons["magnesium"].text() == "result entered"


def store_signed_visit(database: Database, patient_id: int, day: date) -> int:
    store = AssessmentStore(database)
    person = Patient("F-1", "Ramírez Soto", "Lucía", date(1958, 3, 14), "female", language="es")
    history = History(
        presentations=["nocturnal_leg_cramps"],
        sites=["calf"],
        site_sides={"calf": "bilateral"},
        conditions=["smoker"],
        episodes_per_week=4,
    )
    visit = Assessment(person, day, history=history, medications=[Medication("amlodipine")])
    stored = store.start(patient_id, visit, "dr.lopez")
    store.sign(stored.id, "dr.lopez", CarePlan(language="es"), stored.version)
    return stored.id


def test_a_follow_up_starts_from_the_last_visit_marked_to_confirm(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry, database: Database
) -> None:
    patient_id = patient(registry, "F-1")
    store_signed_visit(database, patient_id, date(2026, 10, 2))
    view = view_of(open_wizard(patient_id=patient_id))
    assessment = view.flow.assessment
    assert assessment.history is not None
    assert assessment.history.sites == ["calf"]
    assert assessment.history.episodes_per_week is None, "how bad it is now is asked afresh"
    assert [m.name for m in assessment.medications or ()] == ["amlodipine"]
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    marker = history.markers["history.sites"]
    qtbot.waitUntil(marker.isVisible)
    assert "2026-10-02" in marker.text.text()
    assert any(m.field == "carried.history.sites" for m in view.flow.missing_to_sign())
    click(qtbot, marker.button)
    assert not marker.isVisible()
    # Changing a carried field confirms it too.
    click(qtbot, history.conditions.boxes["diabetes"])
    assert "history.conditions" not in view.flow.carried_forward()
    go_to(qtbot, view, "medications")
    medications = view.pages["medications"]
    assert isinstance(medications, MedicationsPage)
    assert medications.markers["medications"].isVisible()
    assert medications.rows[0].name.text() == "amlodipine"


def test_a_second_visit_the_same_day_is_asked_for_first(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry, database: Database
) -> None:
    patient_id = patient(registry, "D-1")
    first = store_signed_visit(database, patient_id, VISIT_DAY)
    wizard = open_wizard(patient_id=patient_id)
    assert wizard.view is None
    assert wizard.open_today_button.hasFocus()
    click(qtbot, wizard.open_today_button)
    assert view_of(wizard).stored.id == first
    again = open_wizard(patient_id=patient_id)
    click(qtbot, again.second_visit_button)
    second = view_of(again).stored
    assert second.id != first and second.status == "draft"
    assert second.assessment.visit_date == VISIT_DAY


def test_the_password_typed_to_sign_is_never_kept(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry, database: Database
) -> None:
    wizard = open_wizard(patient_id=patient(registry, "W-1"))
    view = view_of(wizard)
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    click(qtbot, history.presentations.boxes["nocturnal_leg_cramps"])
    sign_by_mouse(qtbot, wizard, view.sign_button)
    with database.session() as session:
        from sqlalchemy import text

        for table in ("assessments", "audit_entries"):
            dumped = " ".join(str(row) for row in session.execute(text(f"SELECT * FROM {table}")))
            assert PASSWORD not in dumped
