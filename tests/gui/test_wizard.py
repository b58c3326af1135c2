"""The assessment wizard through its real widgets on a real SQLite file: whole visits, by keyboard and by mouse."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.audit_chain import AuditKey
from clinic_desktop.services.audited import AuditedAssessmentStore, AuditedPatientRegistry
from clinic_desktop.services.patients import PatientInput, PatientRegistry, PatientSummary
from clinic_desktop.ui.wizard.care_plan_page import CarePlanPage
from clinic_desktop.ui.wizard.examination_page import ExaminationPage
from clinic_desktop.ui.wizard.history_page import HistoryPage
from clinic_desktop.ui.wizard.labs_page import LabsPage
from clinic_desktop.ui.wizard.medications_page import MedicationsPage
from clinic_desktop.ui.wizard.signing import SignDialog
from clinic_desktop.ui.wizard.vascular_page import VascularPage
from clinic_desktop.ui.wizard.visit_view import VisitView
from clinic_desktop.ui.wizard.wizard import AssessmentWizard

VISIT_DAY = date(2026, 11, 20)
PASSWORD = "Signing-Pass-2026"

# The offscreen platform cannot raise or grab for a drop-down's list; harmless there.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)
OpenWizard = Callable[..., AssessmentWizard]


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def open_wizard(qtbot: QtBot, database: Database, knowledge: Knowledge) -> Iterator[OpenWizard]:
    """Opens real wizards on the test database; each is shut down (writer stopped) at the end."""
    opened: list[AssessmentWizard] = []

    def open_(**kwargs: object) -> AssessmentWizard:
        wizard = AssessmentWizard(
            database,
            knowledge,
            user="dr.lopez",
            today=VISIT_DAY,
            check_password=lambda password: password == PASSWORD,
            **kwargs,  # type: ignore[arg-type]
        )
        qtbot.addWidget(wizard)
        wizard.resize(1366, 768)
        with qtbot.waitActive(wizard):
            wizard.show()
            wizard.activateWindow()
        opened.append(wizard)
        return wizard

    yield open_
    for wizard in opened:
        wizard.shutdown()


def new_patient(registry: PatientRegistry, mrn: str, family: str, given: str) -> PatientSummary:
    return registry.create(PatientInput(mrn, family, given, "1961-04-02", "female", "en"))


def view_of(wizard: AssessmentWizard) -> VisitView:
    assert wizard.view is not None
    return wizard.view


# Keyboard helpers: only Tab, Space, Enter and typed text reach the window. ---------------------
def tab_to(target: QWidget, limit: int = 600) -> None:
    """Press Tab until `target` has the keyboard focus, as a clinician would."""
    for _ in range(limit):
        # Between two keystrokes a person gives the event loop time to show new widgets.
        QApplication.processEvents()
        if target.hasFocus():
            return
        focused = QApplication.focusWidget()
        assert focused is not None, "nothing has the keyboard focus"
        QTest.keyClick(focused, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName() or target}")


def press(target: QWidget, key: Qt.Key) -> None:
    reach(target)
    QTest.keyClick(target, key)


def reach(target: QWidget) -> None:
    """Tab to `target`; a box of a grid crossed as one stop is reached by Tab, then the arrows."""
    if isinstance(target, QCheckBox) and target.focusPolicy() == Qt.FocusPolicy.ClickFocus:
        parent = target.parentWidget()
        assert parent is not None
        stop = next(
            b
            for b in parent.findChildren(QCheckBox)
            if b.focusPolicy() == Qt.FocusPolicy.StrongFocus
        )
        tab_to(stop)
        for _ in range(60):
            if target.hasFocus():
                return
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
        raise AssertionError(f"the arrows never reached {target.objectName()}")
    tab_to(target)


def type_into(target: QWidget, text: str) -> None:
    tab_to(target)
    QTest.keyClicks(target, text)


# Mouse helpers: scroll the page to the widget, then click it. -----------------------------------
def reveal(widget: QWidget) -> None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 10, 10)
        parent = parent.parentWidget()
    QApplication.processEvents()


def click(qtbot: QtBot, widget: QWidget) -> None:
    reveal(widget)
    if isinstance(widget, QCheckBox):
        # A check box reacts on its box and label, not on the empty width a grid gives it.
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Open the drop-down with the mouse and take the entry.

    The offscreen platform delivers no hover or click inside an open
    drop-down list, so the entry is highlighted as hovering would and taken
    with Return; opening the list is a real mouse press.
    """
    reveal(combo)
    qtbot.mousePress(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=2000)
    index = combo.model().index(combo.findText(text), 0)
    assert index.isValid(), f"{text!r} is not a choice of {combo.objectName()}"
    view.setCurrentIndex(index)
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)
    assert combo.currentText() == text


def click_type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    click(qtbot, widget)
    QTest.keyClicks(widget, text)


def go_to(qtbot: QtBot, view: VisitView, step: str) -> None:
    """Jump with a click on the step in the sidebar."""
    sidebar = view.sidebar
    item = sidebar.item(list(view.titles).index(step))
    qtbot.mouseClick(
        sidebar.viewport(), Qt.MouseButton.LeftButton, pos=sidebar.visualItemRect(item).center()
    )
    assert view.flow.step == step


def sign_dialog(qtbot: QtBot, wizard: AssessmentWizard) -> SignDialog:
    view = view_of(wizard)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in view.findChildren(SignDialog)), timeout=3000)
    return next(d for d in view.findChildren(SignDialog) if d.isVisible())


def sign_by_mouse(qtbot: QtBot, wizard: AssessmentWizard, sign_button: QWidget) -> None:
    """Sign as a clinician does: the button, the password in the dialog, then Sign."""
    click(qtbot, sign_button)
    dialog = sign_dialog(qtbot, wizard)
    assert dialog.password.isEnabled(), dialog.contents.toPlainText()
    qtbot.waitUntil(dialog.password.hasFocus, timeout=2000)
    QTest.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(wizard.signed, timeout=5000):
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)


def wait_saved(qtbot: QtBot, view: VisitView) -> None:
    qtbot.waitUntil(lambda: view.banner.save_status.text().startswith("Draft saved"), timeout=5000)


# The two visits ----------------------------------------------------------------------------------
def keyboard_visit(qtbot: QtBot, wizard: AssessmentWizard) -> None:
    view = view_of(wizard)
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    next_button = view.next_button
    press(history.presentations.boxes["nocturnal_leg_cramps"], Qt.Key.Key_Space)
    press(history.sites.boxes["calf"], Qt.Key.Key_Space)
    type_into(history.episodes.edit, "4")
    type_into(history.duration.edit, "90")
    type_into(history.pain, "7")
    type_into(history.dark_urine, "N")
    type_into(history.progressive, "N")
    press(history.triggers.boxes["night_rest"], Qt.Key.Key_Space)
    press(history.symptoms.none_box, Qt.Key.Key_Space)
    press(history.conditions.boxes["smoker"], Qt.Key.Key_Space)
    assert (
        view.sidebar.item(0).text().endswith("complete") or "partial" in view.sidebar.item(0).text()
    )
    press(next_button, Qt.Key.Key_Space)

    exam = view.pages["examination"]
    assert isinstance(exam, ExaminationPage)
    assert view.flow.step == "examination"
    press(exam.strength_normal, Qt.Key.Key_Space)
    type_into(exam.strength[("ankle_dorsiflexors", "left")], "4")
    press(exam.reflexes_normal, Qt.Key.Key_Space)
    type_into(exam.reflexes[("achilles", "left")], "1")
    for side in ("left", "right"):
        type_into(exam.plantar[side], "F")
        type_into(exam.clonus[side], "N")
    type_into(exam.chvostek, "N")
    type_into(exam.trousseau, "N")
    for editor in (exam.fasciculations, exam.atrophy, exam.sensory_loss):
        press(editor.none_box, Qt.Key.Key_Space)
    press(next_button, Qt.Key.Key_Space)

    labs = view.pages["labs"]
    assert isinstance(labs, LabsPage)
    magnesium = labs.rows["magnesium"]
    type_into(magnesium.value.edit, "1.5")
    type_into(magnesium.unit, "mg")
    assert magnesium.unit.currentText() == "mg/dL"
    assert magnesium.marker.text() == "L"
    assert "background" in magnesium.marker.styleSheet()
    potassium = labs.rows["potassium"]
    type_into(potassium.value.edit, "3,l")
    # A bad number: a message at the field naming it, the text kept, and signing blocked.
    assert potassium.value.edit.text() == "3,l"
    assert potassium.value.error_label.isVisible()
    assert "Potassium" in potassium.value.error_label.text()
    assert "not a number" in potassium.value.error_label.text()
    assert any("Potassium" in m.message for m in view.flow.missing_to_sign())
    QTest.keyClick(potassium.value.edit, Qt.Key.Key_Backspace)
    QTest.keyClicks(potassium.value.edit, "1")
    assert not potassium.value.error_label.isVisible()
    assert potassium.marker.text() == "L"
    press(next_button, Qt.Key.Key_Return)
    assert view.flow.step == "hormonal"
    press(next_button, Qt.Key.Key_Return)

    vascular = view.pages["vascular"]
    assert isinstance(vascular, VascularPage)
    for (site, leg), value in {
        ("brachial", "left"): "128",
        ("brachial", "right"): "132",
        ("dorsalis_pedis", "left"): "110",
        ("dorsalis_pedis", "right"): "120",
        ("posterior_tibial", "left"): "114",
        ("posterior_tibial", "right"): "118",
    }.items():
        type_into(vascular.pressures[(site, leg)].edit, value)
    assert vascular.abi["left"].text() == "0.86"
    assert "Abnormal" in vascular.abi_category["left"].text()
    assert "Borderline" in vascular.abi_category["right"].text()
    press(vascular.pulses_normal, Qt.Key.Key_Space)
    type_into(vascular.capillary_refill.edit, "2")
    type_into(vascular.claudication, "N")
    press(next_button, Qt.Key.Key_Space)

    medications = view.pages["medications"]
    assert isinstance(medications, MedicationsPage)
    # The page opens with a row ready and the cursor in its name.
    row = medications.rows[0]
    qtbot.waitUntil(row.name.hasFocus, timeout=2000)
    QTest.keyClicks(row.name, "hydrochlorothiazide")
    QTest.keyClick(row.name, Qt.Key.Key_Enter)
    type_into(row.dose, "25 mg daily")
    assert "Associated with cramps" in row.marker.text()
    press(next_button, Qt.Key.Key_Space)

    plan = view.pages["care_plan"]
    assert isinstance(plan, CarePlanPage)
    assert plan.plan.items, "the plan starts from the rules' suggestions"
    type_into(plan.free_text, "Walk for 20 minutes every day")
    QTest.keyClick(plan.free_text, Qt.Key.Key_Enter)
    assert plan.plan.items[-1].text == "Walk for 20 minutes every day"
    for flag in view.flow.evaluation.red_flags:
        press(view.findings.flag_widgets[flag.id].acknowledge, Qt.Key.Key_Space)
    assert view.flow.can_sign, view.flow.missing_to_sign()
    press(plan.sign_button, Qt.Key.Key_Return)
    dialog = sign_dialog(qtbot, wizard)
    QTest.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(wizard.signed, timeout=5000):
        QTest.keyClick(dialog.password, Qt.Key.Key_Return)


def mouse_visit(qtbot: QtBot, wizard: AssessmentWizard) -> None:
    view = view_of(wizard)
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    click(qtbot, history.presentations.boxes["skeletal_cramps"])
    click(qtbot, history.sites.boxes["thigh"])
    click_type(qtbot, history.episodes.edit, "10")
    choose(qtbot, history.pain, "8")
    choose(qtbot, history.dark_urine, "Yes")

    go_to(qtbot, view, "labs")
    labs = view.pages["labs"]
    assert isinstance(labs, LabsPage)
    click_type(qtbot, labs.rows["creatine_kinase"].value.edit, "9000")
    assert labs.rows["creatine_kinase"].marker.text() in ("H", "HH")
    click(qtbot, labs.order_boxes["tsh"])
    assert "tsh" in view.flow.ordered_tests()

    go_to(qtbot, view, "medications")
    medications = view.pages["medications"]
    assert isinstance(medications, MedicationsPage)
    click(qtbot, medications.none_box)
    assert view.flow.assessment.medications == []

    go_to(qtbot, view, "care_plan")
    plan = view.pages["care_plan"]
    assert isinstance(plan, CarePlanPage)
    flags = [f.id for f in view.flow.evaluation.red_flags]
    assert "rhabdomyolysis" in flags
    # A red flag blocks signing until the clinician acknowledges it.
    assert not plan.sign_button.isEnabled()
    assert "Acknowledge red flag" in plan.missing.text()
    choose(qtbot, plan.library_choice, plan.library_choice.itemText(0))
    before = len(plan.plan.items)
    click(qtbot, plan.add_library)
    assert len(plan.plan.items) == before + 1
    assert plan.plan.items[-1].origin == "library"
    for flag_id in flags:
        click(qtbot, view.findings.flag_widgets[flag_id].acknowledge)
    assert plan.sign_button.isEnabled()
    sign_by_mouse(qtbot, wizard, plan.sign_button)


def test_two_whole_visits_by_keyboard_and_by_mouse_are_intact_after_reopening(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry, database: Database
) -> None:
    first = new_patient(registry, "K-1", "Keyes", "Kim")
    second = new_patient(registry, "M-2", "Núñez", "Mar")

    by_keyboard = open_wizard(patient_id=first.id)
    keyboard_visit(qtbot, by_keyboard)
    keyboard_id = view_of(by_keyboard).stored.id
    by_keyboard.close()

    by_mouse = open_wizard(patient_id=second.id)
    # Part of the visit, then the window closes: the draft is offered when the patient is reopened.
    history = view_of(by_mouse).pages["history"]
    assert isinstance(history, HistoryPage)
    click(qtbot, history.conditions.boxes["diabetes"])
    assert history.conditions.boxes["diabetes"].isChecked()
    recorded = view_of(by_mouse).flow.assessment.history
    assert recorded is not None
    assert recorded.conditions == ["diabetes"]
    by_mouse.shutdown()
    by_mouse.close()
    resumed = open_wizard(patient_id=second.id)
    assert resumed.view is None
    click(qtbot, resumed.resume_button)
    reopened_history = view_of(resumed).pages["history"]
    assert isinstance(reopened_history, HistoryPage)
    assert reopened_history.conditions.boxes["diabetes"].isChecked()
    mouse_visit(qtbot, resumed)
    mouse_id = view_of(resumed).stored.id

    resumed.close()

    keyboard_again = open_wizard(assessment_id=keyboard_id)
    view = view_of(keyboard_again)
    assert view.flow.read_only
    assert view.notice.isVisible()
    assert view.pages["history"].read_only
    stored = view.stored
    assert stored.status == "signed"
    assert stored.signed_by == "dr.lopez"
    a = stored.assessment
    assert a.history is not None
    assert a.history.presentations == ["nocturnal_leg_cramps"]
    assert a.history.episodes_per_week == 4
    assert a.history.pain_score == 7
    assert a.history.dark_urine is False
    assert a.history.symptoms == []
    assert a.exam is not None and a.exam.strength is not None
    grades = {(g.muscle, g.side): g.mrc for g in a.exam.strength}
    assert grades[("ankle_dorsiflexors", "left")] == "4-"
    assert grades[("ankle_dorsiflexors", "right")] == "5"
    assert a.exam.fasciculations == []
    labs = {lab.test: (lab.value, lab.unit) for lab in a.labs or ()}
    assert labs == {"magnesium": (1.5, "mg/dL"), "potassium": (3.1, "mmol/L")}
    assert a.medications is not None
    assert [(m.name, m.dose) for m in a.medications] == [("hydrochlorothiazide", "25 mg daily")]
    assert stored.care_plan is not None
    assert stored.care_plan.clinician_name == "dr.lopez"
    assert stored.care_plan.items[-1].origin == "free_text"

    mouse_again = open_wizard(assessment_id=mouse_id)
    shown_flag = view_of(mouse_again).findings.flag_widgets["rhabdomyolysis"].acknowledge
    assert shown_flag.isChecked()
    qtbot.mouseClick(shown_flag, Qt.MouseButton.LeftButton)
    assert shown_flag.isChecked(), "a signed visit's acknowledgement is read-only"
    stored = view_of(mouse_again).stored
    assert stored.status == "signed"
    b = stored.assessment
    assert b.history is not None
    assert b.history.conditions == ["diabetes"]
    assert b.history.presentations == ["skeletal_cramps"]
    assert b.history.pain_score == 8
    assert b.medications == []
    assert [lab.test for lab in b.labs or ()] == ["creatine_kinase"]
    assert stored.care_plan is not None
    assert any(item.origin == "library" for item in stored.care_plan.items)
    assert len(AssessmentStore(database).history(mouse_id)) == 1


def test_unset_grades_stay_not_assessed_and_all_normal_fills_only_the_gaps(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry
) -> None:
    patient = new_patient(registry, "E-1", "Exam", "Only")
    view = view_of(open_wizard(patient_id=patient.id))
    go_to(qtbot, view, "examination")
    exam = view.pages["examination"]
    assert isinstance(exam, ExaminationPage)
    assert view.flow.assessment.exam is not None
    assert view.flow.assessment.exam.strength is None
    choose(qtbot, exam.strength[("hip_flexors", "right")], "3")
    click(qtbot, exam.strength_normal)
    exam_model = view.flow.assessment.exam
    assert exam_model is not None
    grades = {(g.muscle, g.side): g.mrc for g in exam_model.strength or ()}
    assert grades[("hip_flexors", "right")] == "3"
    assert grades[("hip_flexors", "left")] == "5"
    assert len(grades) == 26
    assert view.flow.assessment.exam.tone is None
    assert view.flow.assessment.exam.reflexes is None


def test_a_signed_visit_opens_read_only_and_amend_keeps_the_original(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry, database: Database
) -> None:
    patient = new_patient(registry, "S-1", "Signed", "Sam")
    wizard = open_wizard(patient_id=patient.id, signer_name="Dra. Laura López")
    view = view_of(wizard)
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    click(qtbot, history.presentations.boxes["fasciculations"])
    go_to(qtbot, view, "care_plan")
    plan = view.pages["care_plan"]
    assert isinstance(plan, CarePlanPage)
    click_type(qtbot, plan.free_text, "Return in 4 weeks")
    click(qtbot, plan.add_free)
    for flag in view.flow.evaluation.red_flags:
        click(qtbot, view.findings.flag_widgets[flag.id].acknowledge)
    sign_by_mouse(qtbot, wizard, plan.sign_button)
    signed_id = view_of(wizard).stored.id
    signed_view = view_of(wizard)
    assert signed_view.flow.read_only
    assert signed_view.pages["history"].read_only
    # The notice names the clinician as the signing dialog and the printed plan do, not the
    # account they signed in with.
    signed = signed_view.stored
    assert signed.care_plan is not None
    name = signed.care_plan.clinician_name
    assert (name, signed.signed_by) == ("Dra. Laura López", "dr.lopez")
    assert "Signed by Dra. Laura López on" in signed_view.notice.text.text()

    click(qtbot, signed_view.notice.amend_button)
    assert signed_view.notice.amend_reason.hasFocus(), "an amendment needs a reason first"
    click_type(qtbot, signed_view.notice.amend_reason, "Wrong side recorded")
    with qtbot.waitSignal(wizard.assessment_opened, timeout=5000):
        click(qtbot, signed_view.notice.amend_button)
    amended = view_of(wizard)
    assert not amended.flow.read_only
    assert amended.stored.amends_id == signed_id
    assert not amended.pages["history"].read_only
    chain = AssessmentStore(database).history(amended.stored.id)
    assert [s.status for s in chain] == ["amended", "draft"]
    assert chain[0].care_plan is not None
    assert chain[0].care_plan.items[-1].text == "Return in 4 weeks"


def test_a_conflicting_save_overwrites_nothing_and_says_so(
    qtbot: QtBot, open_wizard: OpenWizard, registry: PatientRegistry, database: Database
) -> None:
    patient = new_patient(registry, "C-1", "Conflict", "Cy")
    view = view_of(open_wizard(patient_id=patient.id))
    store = AssessmentStore(database)
    elsewhere = store.load(view.stored.id)
    assert elsewhere.assessment.history is None
    # Another window saves first.
    from clinic_desktop.domain.assessment import History

    elsewhere.assessment.history = History(pain_score=2)
    store.save_draft(elsewhere.id, elsewhere.assessment, None, elsewhere.version)

    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    click(qtbot, history.presentations.boxes["dystonia"])
    qtbot.waitUntil(lambda: view.notice.isVisible(), timeout=5000)
    assert "Nothing was overwritten" in view.notice.text.text()
    kept = store.load(view.stored.id).assessment
    assert kept.history is not None
    assert kept.history.pain_score == 2
    assert kept.history.presentations is None


def test_with_the_audited_services_every_autosave_and_the_signature_are_logged(
    qtbot: QtBot, open_wizard: OpenWizard, database: Database, tmp_path: Path
) -> None:
    audit = AuditLog(database, AuditKey(tmp_path / "audit.key"))
    registry = AuditedPatientRegistry(database, audit, lambda: "dr.lopez")
    store = AuditedAssessmentStore(database, audit, lambda: "dr.lopez")
    patient = new_patient(registry, "A-7", "Auditada", "Alba")
    wizard = open_wizard(patient_id=patient.id, store=store, registry=registry)
    view = view_of(wizard)
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    click(qtbot, history.presentations.boxes["spasticity"])
    wait_saved(qtbot, view)
    go_to(qtbot, view, "care_plan")
    plan = view.pages["care_plan"]
    assert isinstance(plan, CarePlanPage)
    if not plan.plan.items:
        click_type(qtbot, plan.free_text, "Stretch daily")
        click(qtbot, plan.add_free)
    for flag in view.flow.evaluation.red_flags:
        click(qtbot, view.findings.flag_widgets[flag.id].acknowledge)
    sign_by_mouse(qtbot, wizard, plan.sign_button)
    actions = [e.action for e in audit.query(patient_id=patient.id, sort="id", descending=False)]
    assert actions[0] == "patient_create"
    assert actions.count("assessment_sign") == 1
    assert actions.index("assessment_save") < actions.index("assessment_sign")
    assert audit.verify().ok
