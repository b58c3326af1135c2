"""Pages built only when first shown: a page never opened still saves and signs intact, Tab order holds."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.assessment import (
    Assessment,
    Exam,
    History,
    Patient,
    ReflexGrade,
    SiteFinding,
    StrengthGrade,
)
from clinic_desktop.domain.vocabulary import MUSCLES, PRESENTATIONS
from clinic_desktop.knowledge import Knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.patients import PatientRegistry
from clinic_desktop.services.writer import SerialWriter
from clinic_desktop.ui.security.lock import LockController
from clinic_desktop.ui.wizard.care_plan_page import CarePlanPage
from clinic_desktop.ui.wizard.examination_page import ExaminationPage
from clinic_desktop.ui.wizard.history_page import HistoryPage
from clinic_desktop.ui.wizard.wizard import AssessmentWizard
from tests.gui.test_wizard import (
    VISIT_DAY,
    OpenWizard,
    click,
    click_type,
    go_to,
    knowledge,
    new_patient,
    open_wizard,
    pytestmark,
    sign_by_mouse,
    view_of,
)

__all__ = ["knowledge", "open_wizard", "pytestmark"]

SAVED_STRENGTH = [
    StrengthGrade("hip_flexors", "left", "4"),
    StrengthGrade("ankle_dorsiflexors", "right", "3"),
]
SAVED_REFLEXES = [ReflexGrade("achilles", "left", "0")]
SAVED_ATROPHY = [SiteFinding("calf", "left", None)]


def saved_draft_with_examination(database: Database, patient_id: int) -> int:
    patient = Patient(
        mrn="X-1",
        family_name="Examined",
        given_name="Eva",
        birth_date=date(1961, 4, 2),
        sex="female",
        language="en",
    )
    assessment = Assessment(
        patient=patient,
        visit_date=VISIT_DAY,
        history=History(presentations=["nocturnal_leg_cramps"]),
        exam=Exam(
            strength=list(SAVED_STRENGTH),
            reflexes=list(SAVED_REFLEXES),
            atrophy=list(SAVED_ATROPHY),
            chvostek=False,
        ),
    )
    return AssessmentStore(database).start(patient_id, assessment, "dr.lopez").id


def test_an_examination_never_opened_is_signed_intact_and_its_step_still_shows_progress(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry, database: Database
) -> None:
    patient = new_patient(registry, "X-1", "Examined", "Eva")
    draft_id = saved_draft_with_examination(database, patient.id)
    wizard = open_wizard(assessment_id=draft_id)
    view = view_of(wizard)
    qtbot.waitUntil(lambda: view.pages.is_built("history"), timeout=2000)
    # Only the page on screen exists; the sidebar knows every step from the visit itself.
    assert [step for step in view.pages if view.pages.is_built(step)] == ["history"]
    assert view.sidebar.count() == 7
    assert "partial" in view.sidebar.item(1).text() or "complete" in view.sidebar.item(1).text()
    assert "not started" in view.sidebar.item(2).text()

    go_to(qtbot, view, "care_plan")
    plan = view.pages["care_plan"]
    assert isinstance(plan, CarePlanPage)
    assert view.pages_stack.currentWidget() is plan
    click_type(qtbot, plan.free_text, "Stretch the calves at night")
    click(qtbot, plan.add_free)
    for flag in view.flow.evaluation.red_flags:
        click(qtbot, view.findings.flag_widgets[flag.id].acknowledge)
    sign_by_mouse(qtbot, wizard, plan.sign_button)
    assert not view.pages.is_built("examination")

    signed = AssessmentStore(database).load(draft_id)
    assert signed.status == "signed"
    exam = signed.assessment.exam
    assert exam is not None
    assert exam.strength == SAVED_STRENGTH
    assert exam.reflexes == SAVED_REFLEXES
    assert exam.atrophy == SAVED_ATROPHY
    assert exam.chvostek is False
    assert exam.tone is None

    # The signed visit shows the saved grades when its examination page is first opened.
    reopened = view_of(wizard)
    go_to(qtbot, reopened, "examination")
    page = reopened.pages["examination"]
    assert isinstance(page, ExaminationPage)
    assert page.strength[("hip_flexors", "left")].currentText() == "4"
    assert page.reflexes[("achilles", "left")].currentText() == "0"
    assert page.read_only, "a signed visit's late-built page is read-only too"


def test_a_page_built_on_next_takes_the_focus_and_tab_follows_the_examination_order(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry
) -> None:
    patient = new_patient(registry, "T-1", "Tabbing", "Teo")
    view = view_of(open_wizard(patient_id=patient.id))
    qtbot.waitUntil(lambda: view.pages.is_built("history"), timeout=2000)
    assert not view.pages.is_built("examination")
    # The first page, built after the window showed, takes the cursor as before; typing
    # must not replace a selected visit date.
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    first_box = history.presentations.boxes[PRESENTATIONS[0]]
    assert first_box.hasFocus(), QApplication.focusWidget()
    QTest.keyClick(view.next_button, Qt.Key.Key_Space)
    # Made and put on screen by the event loop in two slices, then given the focus.
    assert view.pages_stack.currentWidget() is view.pending_page
    qtbot.waitUntil(lambda: view.pages.is_built("examination"), timeout=2000)
    exam = view.pages["examination"]
    assert view.pages_stack.currentWidget() is exam
    assert isinstance(exam, ExaminationPage)
    assert exam.all_normal.hasFocus(), QApplication.focusWidget()
    expected = [
        exam.strength[(MUSCLES[0], "left")],
        exam.strength[(MUSCLES[0], "right")],
        exam.strength[(MUSCLES[1], "left")],
        exam.strength[(MUSCLES[1], "right")],
    ]
    for target in expected:
        focused = QApplication.focusWidget()
        assert focused is not None
        QTest.keyClick(focused, Qt.Key.Key_Tab)
        assert target.hasFocus(), (target.objectName(), QApplication.focusWidget())
    # Typing a grade into the focused field reaches the model of the freshly built page.
    QTest.keyClicks(expected[-1], "4")
    strength = view.flow.assessment.exam.strength if view.flow.assessment.exam else None
    assert strength is not None
    assert (MUSCLES[1], "right") in {(g.muscle, g.side) for g in strength}


def test_typing_in_the_wizard_restarts_the_lock_countdown(
    qtbot: QtBot, registry: PatientRegistry, database: Database, knowledge: Knowledge
) -> None:
    patient = new_patient(registry, "L-1", "Locked", "Lia")
    window = QMainWindow()
    qtbot.addWidget(window)
    wizard = AssessmentWizard(
        database, knowledge, patient_id=patient.id, user="dr.lopez", today=VISIT_DAY
    )
    window.setCentralWidget(wizard)
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    try:
        lock = LockController(window, "Dr Lopez", lambda password: False, timeout_minutes=1)
        view = view_of(wizard)
        history = view.pages["history"]
        assert isinstance(history, HistoryPage)
        history.episodes.edit.setFocus()
        qtbot.wait(400)
        before = lock.timer.remainingTime()
        handle = window.windowHandle()
        assert handle is not None
        QTest.keyClick(handle, Qt.Key.Key_3)
        assert history.episodes.edit.text() == "3"
        assert lock.timer.remainingTime() > before + 300
    finally:
        wizard.shutdown()


def test_on_the_programs_writer_a_new_visit_is_written_off_the_gui_thread_then_shown(
    qtbot: QtBot, registry: PatientRegistry, database: Database, knowledge: Knowledge
) -> None:
    patient = new_patient(registry, "W-1", "Written", "Wes")
    writer = SerialWriter("test-shared-writer")
    wizard = AssessmentWizard(
        database, knowledge, patient_id=patient.id, user="dr.lopez", today=VISIT_DAY, writer=writer
    )
    qtbot.addWidget(wizard)
    try:
        # The result arrives through the event loop, so the constructor never waits for the disk.
        assert wizard.view is None
        qtbot.waitUntil(lambda: wizard.view is not None, timeout=5000)
        view = view_of(wizard)
        assert view.stored.status == "draft"
        assert view.flow.assessment.patient.mrn == "W-1"
        assert AssessmentStore(database).latest_draft(patient.id) is not None
    finally:
        wizard.shutdown()
        writer.close(10)


def test_a_visit_that_cannot_be_opened_off_the_gui_thread_is_reported_not_lost(
    qtbot: QtBot, database: Database, knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[BaseException] = []
    monkeypatch.setattr(
        "clinic_desktop.ui.errors.report_exception",
        lambda kind, error, trace: reported.append(error),
    )
    writer = SerialWriter("test-shared-writer")
    wizard = AssessmentWizard(database, knowledge, patient_id=424242, writer=writer)
    qtbot.addWidget(wizard)
    try:
        qtbot.waitUntil(lambda: bool(reported), timeout=5000)
        assert isinstance(reported[0], LookupError)
        assert wizard.view is None
    finally:
        wizard.shutdown()
        writer.close(10)
