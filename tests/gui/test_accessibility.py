"""A screen reader hears what the screen shows: every interactive control of every window and of
every page of a visit has a name of its own (not only its current value), actions on an item
name the item, and a lab value is described with its flag and interval.

The tree walked is QAccessible's, in process: the one AT-SPI exports to Orca (a dump through
AT-SPI under Xvfb is described in docs/accessibility.md). Before the names were bound by one
mechanism, 82 of the 378 controls met on the pages of a visit with a red flag and plan items
were unnamed (all 52 examination grades heard as "not assessed", 18 lab units by their unit),
and 8 in the other windows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.assessment import Assessment, History, LabResult, Patient
from clinic_desktop.persistence.database import Database, DatabaseProblem
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.ui.database_problem import DatabaseProblemDialog
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from clinic_desktop.ui.pdf_preview import PdfPreviewWidget
from clinic_desktop.ui.security.audit_view import AuditViewWidget
from clinic_desktop.ui.security.lock import LockScreen
from clinic_desktop.ui.security.login import FirstAdministratorDialog, LoginDialog
from clinic_desktop.ui.security.users import ChangePasswordDialog, UsersWidget
from clinic_desktop.ui.session import ClinicSession
from clinic_desktop.ui.translation import install_translators
from clinic_desktop.ui.user_guide import UserGuideDialog
from clinic_desktop.ui.wizard.care_plan_page import CarePlanPage
from clinic_desktop.ui.wizard.labs_page import LabsPage
from clinic_desktop.ui.wizard.visit_view import VisitView
from clinic_desktop.ui.wizard.wizard import AssessmentWizard
from tests.gui.accessible_tree import Control, controls, interface, spoken_name, unnamed
from tests.gui.conftest import add_patient

PASSWORD = "Correct-Horse-7391"

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


@pytest.fixture(params=["en", "es"])
def language(request: pytest.FixtureRequest, app: QApplication) -> Iterator[str]:
    install_translators(app, request.param)
    yield request.param
    install_translators(app, "en")


def a_visit_with_flags(database: Database, patient_id: int, mrn: str) -> int:
    """A draft whose results raise red flags and fill the plan: every kind of control shows."""
    store = AssessmentStore(database)
    visit = Assessment(
        patient=Patient(mrn, "Ramírez Soto", "Lucía", date(1958, 3, 14), "female", language="es"),
        visit_date=date(2026, 12, 7),
        history=History(presentations=["nocturnal_leg_cramps"], dark_urine=True),
        labs=[
            LabResult("magnesium", 0.5, "mmol/L", None, 0.7, 1.0),
            LabResult("creatine_kinase", 9000, "U/L"),
            LabResult("potassium", 4.1, "mmol/L"),
        ],
        medications=[],
    )
    return store.start(patient_id, visit, "dr.ruiz").id


@pytest.fixture
def session(qtbot: QtBot, app: QApplication, database: Database) -> Iterator[ClinicSession]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    opened = ClinicSession(window, database, "test records")
    admin = opened.accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    doctor = opened.accounts.add_user(admin, "dr.ruiz", "Dr Ruiz", "clinician", PASSWORD)
    opened.begin(doctor)
    window.show()
    qtbot.waitExposed(window)
    yield opened
    for wizard in window.findChildren(AssessmentWizard):
        wizard.shutdown()
    opened.close()


def open_visit(qtbot: QtBot, session: ClinicSession) -> VisitView:
    assert session.registry is not None
    patient = add_patient(session.registry, "A-1", "Ramírez Soto", "Lucía", "1958-03-14")
    visit_id = a_visit_with_flags(session.database, patient.id, patient.mrn)
    wizard = session.open_assessment(assessment_id=visit_id)
    assert isinstance(wizard, AssessmentWizard)
    session.window.show_page(wizard)
    qtbot.waitUntil(lambda: wizard.view is not None, timeout=5000)
    assert wizard.view is not None
    return wizard.view


def show_step(qtbot: QtBot, view: VisitView, step: str) -> None:
    view.go_to(step)
    qtbot.waitUntil(lambda: view.pages.is_built(step), timeout=5000)
    page = view.pages[step]
    qtbot.waitUntil(page.isVisible, timeout=5000)
    qtbot.waitUntil(lambda: getattr(page, "rows_pending", 0) == 0, timeout=5000)


def walk(top: QWidget) -> list[Control]:
    return list(controls(top))


def test_every_control_of_every_page_of_a_visit_has_a_name_of_its_own(
    qtbot: QtBot, session: ClinicSession, language: str
) -> None:
    window = session.window
    found = {"registry": walk(window)}
    view = open_visit(qtbot, session)
    for step in view.pages:
        show_step(qtbot, view, step)
        if step == "care_plan":
            # Items the clinician added: each has its Remove.
            page = view.pages[step]
            assert isinstance(page, CarePlanPage)
            page.free_text.setText("Calf and hamstring stretching before bed")
            page.add_free.click()
            page.add_library.click()
            qtbot.wait(10)
        found[step] = walk(window)
    assert len(view.findings.flag_widgets) >= 1, "the visit must show red flags to name them"
    missing = {where: unnamed(seen) for where, seen in found.items() if unnamed(seen)}
    assert missing == {}
    total = sum(len(seen) for seen in found.values())
    assert total > 300, "a visit shows more than 300 controls: the walk missed some"
    # Heard as a screen reader says them: the cell by its muscle and column, not its grade.
    names = {c.name for seen in found.values() for c in seen}
    examination = {c.name for c in found["examination"]}
    if language == "en":
        assert "Shoulder abductors, MRC left" in examination
        assert "Shoulder abductors, Ashworth right" in examination
        assert any(n.startswith("Acknowledge: ") for n in names)
        assert "Remove: Calf and hamstring stretching before bed" in names
    assert len({c.name for c in found["examination"] if c.role.name == "ComboBox"}) >= 62


def test_a_lab_value_is_described_with_its_flag_and_interval(
    qtbot: QtBot, session: ClinicSession
) -> None:
    view = open_visit(qtbot, session)
    show_step(qtbot, view, "labs")
    page = view.pages["labs"]
    assert isinstance(page, LabsPage)
    magnesium = interface(page.rows["magnesium"].value.edit)
    from PySide6.QtGui import QAccessible

    assert spoken_name(magnesium) == "Magnesium, Value"
    assert magnesium.text(QAccessible.Text.Value) == "0.5"
    description = magnesium.text(QAccessible.Text.Description)
    assert description == "low (L); laboratory interval 0.7–1 mmol/L"
    ck = interface(page.rows["creatine_kinase"].value.edit).text(QAccessible.Text.Description)
    assert "high" in ck and "default interval" in ck
    # A value cleared loses its description with its flag.
    page.rows["magnesium"].value.edit.setText("")
    page.rows["magnesium"].value.on_text_edited("")
    assert magnesium.text(QAccessible.Text.Description) == ""


def test_every_other_window_names_its_controls(
    qtbot: QtBot, session: ClinicSession, language: str
) -> None:
    registry = session.registry
    assert registry is not None and session.account is not None
    problem = DatabaseProblem("unreachable", "The server does not answer.", "Try again.")
    tops: list[QWidget] = [
        PatientDialog(registry, parent=session.window),
        LoginDialog(session.accounts),
        FirstAdministratorDialog(session.accounts),
        UsersWidget(session.accounts, session.account),
        ChangePasswordDialog(session.accounts, session.account),
        AuditViewWidget(session.audit),
        LockScreen("Dr Ruiz"),
        PdfPreviewWidget(),
        UserGuideDialog(),
        DatabaseProblemDialog(problem),
    ]
    missing = {}
    for top in tops:
        qtbot.addWidget(top)
        top.show()
        qtbot.waitExposed(top)
        seen = walk(top)
        assert seen, f"{type(top).__name__} shows no control"
        if unnamed(seen):
            missing[type(top).__name__] = unnamed(seen)
    assert not missing, "\n".join(f"{k}: {v}" for k, v in missing.items())
