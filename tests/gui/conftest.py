"""Fixtures for the window's tests: a real SQLite file, the real registry, and no work left running."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.assessment import Assessment, Patient
from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.persistence.database import Database, open_database
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.patients import PatientInput, PatientRegistry, PatientSummary
from clinic_desktop.ui.app import configure_application
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.operations import shutdown_background

if TYPE_CHECKING:
    from clinic_desktop.ui.session import ClinicSession

PASSWORD = "Correct-Horse-7391"


@pytest.fixture(scope="session")
def app(qapp: QApplication) -> QApplication:
    """The test QApplication dressed as the program's own (names, style sheet)."""
    return configure_application()


@pytest.fixture(autouse=True)
def background_work_stopped(qapp: QApplication) -> Iterator[None]:
    """Every background operation has finished and its thread has ended when a test ends.

    As in the program (GarbageCollector), cycles are collected only on the GUI thread:
    a worker that collected a previous test's window would crash the run.
    """
    gc.disable()
    try:
        yield
    finally:
        shutdown_background()
        qapp.processEvents()
        gc.collect()
        gc.enable()


@pytest.fixture(autouse=True)
def exception_hook_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that installs the program's exception hook (and its log file) has it undone after."""
    from clinic_desktop.ui import errors

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(errors, "_log_file", None)


@pytest.fixture(autouse=True, scope="session")
def knowledge_in_memory() -> None:
    """The clinical knowledge loaded once, as after a session's first visit.

    Without it, a test's first `open_assessment` would load it on a worker and return
    None, depending on which test ran first; test_session tests that path on purpose.
    """
    from clinic_desktop.knowledge import load_knowledge

    load_knowledge()


@pytest.fixture(autouse=True)
def no_window_left_open(qapp: QApplication) -> Iterator[None]:
    """Close whatever window a test left on screen, so the next one starts on an empty desk.

    A message box left open by one test would keep a later test's event loop running
    after its main window closed (seen on CI: the run hung until it was killed).
    """
    yield
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
    qapp.processEvents()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(f"sqlite:///{tmp_path / 'records' / 'clinic.sqlite3'}")
    yield opened
    # Workers may still hold a session: stop them before the engine goes.
    shutdown_background()
    opened.close()


@pytest.fixture
def registry(database: Database) -> PatientRegistry:
    return PatientRegistry(database)


@pytest.fixture
def main_window(qtbot: QtBot, app: QApplication, registry: PatientRegistry) -> MainWindow:
    """The real main window over the real registry, shown, with its first search on screen."""
    window = MainWindow(registry, database_location="test records")
    qtbot.addWidget(window)
    # The first search's answer is queued; it cannot arrive before the event loop runs here.
    with qtbot.waitSignal(window.registry_widget.search_finished, timeout=5000):
        window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, app: QApplication) -> MainWindow:
    """The real main window before anyone signs in, shown at a laptop's 1366x768."""
    shown = MainWindow()
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


@pytest.fixture
def session(window: MainWindow, database: Database) -> Iterator[ClinicSession]:
    """A session over the real records in `window`; its visits and previews shut down after."""
    from clinic_desktop.ui.pdf_preview import PdfPreviewWidget
    from clinic_desktop.ui.session import ClinicSession
    from clinic_desktop.ui.wizard.wizard import AssessmentWizard

    started = ClinicSession(window, database, "test records")
    yield started
    for page in list(window.findChildren(AssessmentWizard)):
        page.shutdown()
    for preview in list(window.findChildren(PdfPreviewWidget)):
        preview.shutdown()
    started.close()


def add_patient(
    registry: PatientRegistry,
    mrn: str,
    family_name: str,
    given_name: str,
    birth_date: str = "1961-04-02",
    sex: str | None = "female",
    language: str | None = "es",
) -> PatientSummary:
    return registry.create(PatientInput(mrn, family_name, given_name, birth_date, sex, language))


def add_visit(
    database: Database,
    patient: PatientSummary,
    visit_date: date,
    signed_by: str | None = None,
) -> int:
    """A visit stored through the real assessment store: a draft, or signed by `signed_by`."""
    store = AssessmentStore(database)
    person = Patient(patient.mrn, patient.family_name, patient.given_name, patient.birth_date)
    stored = store.start(patient.id, Assessment(patient=person, visit_date=visit_date), "tester")
    if signed_by is not None:
        store.sign(stored.id, signed_by, CarePlan(language="en"), stored.version)
    return stored.id


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type `text` key by key; QTest only knows ASCII keys, so other letters go as key events."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget,
                    QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char),
                )
