"""The main window's frame, the start-up path on a damaged database, and the calm catch-all for faults."""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from clinic_desktop import paths
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.patients import PatientRegistry
from clinic_desktop.ui import app as app_module
from clinic_desktop.ui import errors
from clinic_desktop.ui.database_problem import DatabaseProblemDialog
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.security.login import FirstAdministratorDialog
from tests.gui.conftest import add_patient, add_visit


def test_menus_offer_new_patient_and_quit_with_their_shortcuts(main_window: MainWindow) -> None:
    menus = [action.text() for action in main_window.menuBar().actions()]
    assert menus == ["&File", "&Help"]
    assert main_window.new_patient_action.shortcut() == QKeySequence("Ctrl+N")
    assert main_window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert main_window.about_action.text() == "&About Clinic Desktop"
    assert main_window.database_label.text() == "test records"


def test_ctrl_q_closes_the_window(qtbot: QtBot, main_window: MainWindow) -> None:
    qtbot.keyClick(main_window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not main_window.isVisible(), timeout=2000)


class SavingPage(QLabel):
    """A feature page that records being closed, as the wizard saves in its closeEvent."""

    def __init__(self, refuse: bool = False) -> None:
        super().__init__("a page")
        self.closed = 0
        self.refuse = refuse

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed += 1
        if self.refuse:
            event.ignore()


def test_a_feature_page_is_shown_then_closed_by_ctrl_w_back_to_the_registry(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    page = SavingPage()
    main_window.show_page(page)
    assert main_window.current_page() is page
    # New patient belongs to the registry page; it is not offered over another page.
    assert not main_window.new_patient_action.isEnabled()
    main_window.show_page(page)
    assert main_window.pages.count() == 2

    qtbot.keyClick(main_window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert page.closed == 1
    assert main_window.current_page() is main_window.registry_widget
    assert main_window.pages.count() == 1
    assert main_window.new_patient_action.isEnabled()
    assert not main_window.close_page_action.isEnabled()
    assert QApplication.focusWidget() is main_window.registry_widget.search_edit


def test_quitting_closes_open_pages_first_and_a_page_may_refuse(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    stubborn = SavingPage(refuse=True)
    main_window.show_page(stubborn)
    assert not main_window.close()
    assert stubborn.closed == 1 and main_window.isVisible()
    stubborn.refuse = False
    assert main_window.close()
    assert stubborn.closed == 2


def test_new_assessment_and_a_listed_visit_open_the_page_the_opener_builds(
    qtbot: QtBot, registry: PatientRegistry, database: Database, main_window: MainWindow
) -> None:
    patient = add_patient(registry, "A-1001", "García", "Ana")
    visit_id = add_visit(database, patient, date(2026, 11, 20))
    asked: list[dict[str, int]] = []

    def opener(**which: int) -> QWidget:
        asked.append(which)
        return QLabel("an assessment")

    main_window.set_assessment_opener(opener)
    panel = main_window.registry_widget.panel
    with qtbot.waitSignal(panel.visits_loaded, timeout=5000):
        main_window.registry_widget.open_patient(patient)
    qtbot.keyClick(panel.new_assessment_button, Qt.Key.Key_Space)
    assert asked == [{"patient_id": patient.id}]
    assert isinstance(main_window.current_page(), QLabel)

    # Closing the page reads the visits again; Enter on a visit opens it.
    with qtbot.waitSignal(panel.visits_loaded, timeout=5000):
        main_window.close_page(main_window.current_page())
    panel.visits_view.setFocus()
    qtbot.keyClick(panel.visits_view, Qt.Key.Key_Return)
    assert asked[-1] == {"assessment_id": visit_id}


def when_modal_appears(handle: Callable[[QWidget], None]) -> QTimer:
    """Call `handle(dialog)` from inside the dialog's own event loop once it is on screen."""
    timer = QTimer()
    timer.setInterval(20)

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible():
            timer.stop()
            handle(dialog)

    timer.timeout.connect(poll)
    timer.start()
    return timer


def run_gui_or_give_up(seconds: int = 60) -> int:
    """`run_gui` as the program runs it, ended by a watchdog (and failed) if it does not end itself.

    pytest-timeout cannot stop a Qt event loop whose slots swallow its exception, so a
    window that never closes would otherwise hang the whole run.
    """
    stuck: list[str] = []

    def give_up() -> None:
        stuck.extend(
            f"{type(w).__name__} {w.windowTitle()!r}"
            for w in QApplication.topLevelWidgets()
            if w.isVisible()
        )
        for widget in QApplication.topLevelWidgets():
            widget.close()
        QApplication.exit(97)

    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(give_up)
    watchdog.start(seconds * 1000)
    try:
        code = app_module.run_gui(argparse.Namespace())
    finally:
        watchdog.stop()
    assert not stuck, f"the program did not end by itself; still on screen: {stuck}"
    return code


@pytest.fixture
def start_up_side_effects_undone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """run_gui installs an exception hook and a log file handler; take both back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in set(root.handlers) - set(handlers):
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def test_the_program_starts_opens_the_records_and_quits_cleanly(
    qtbot: QtBot, app: QApplication, start_up_side_effects_undone: None
) -> None:
    seen: list[str] = []

    def check_then_quit() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        window = next((w for w in windows if w.isVisible()), None)
        if window is None or not window.registry_widget.has_registry:
            return
        poll.stop()
        seen.append(window.database_label.text())
        seen.append(str(window.new_patient_action.isEnabled()))
        # An error message still open does not keep the program running once the window closes.
        box = errors.report_exception(ValueError, ValueError("late fault"), None)
        seen.append(str(box is not None and box.isVisible()))
        window.close()

    def create_administrator(dialog: QWidget) -> None:
        # A new database has no users: nothing of a patient shows before this is done.
        assert isinstance(dialog, FirstAdministratorDialog)
        assert not any(
            w.registry_widget.has_registry
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow)
        )
        dialog.username.setText("admin")
        dialog.display_name.setText("Ana Admin")
        dialog.password.setText("Correct-Horse-7391")
        dialog.confirm.setText("Correct-Horse-7391")
        dialog.on_accepted()

    first_run = when_modal_appears(create_administrator)
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(check_then_quit)
    poll.start()
    # Closing the last window ends the event loop: exit code 0.
    assert run_gui_or_give_up() == 0
    first_run.stop()
    assert seen == [str(paths.data_dir() / "clinic.sqlite3"), "True", "True"]
    backups = list((paths.data_dir() / "backups").glob("clinic-*-close.sqlite3"))
    assert len(backups) == 1, "closing the program backs the records up"


def test_a_damaged_database_shows_the_problem_and_leaves_the_file_unchanged(
    qtbot: QtBot, app: QApplication, start_up_side_effects_undone: None
) -> None:
    records = paths.data_dir() / "clinic.sqlite3"
    records.write_bytes(b"this is not a database, it is garbage\x00\xff" * 200)
    before = hashlib.sha256(records.read_bytes()).hexdigest()
    shown: list[tuple[str, str]] = []

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, DatabaseProblemDialog)
        shown.append((dialog.message_label.text(), dialog.advice_label.text()))
        # Try again once (still damaged: the dialog returns), then quit.
        button = dialog.retry_button if len(shown) == 1 else dialog.quit_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        if len(shown) == 1:
            timers.append(when_modal_appears(answer))

    timers = [when_modal_appears(answer)]
    assert run_gui_or_give_up() == 1

    assert len(shown) == 2
    message, advice = shown[0]
    assert str(records) in message and "not a database" in message
    assert "backup" in advice.lower()
    assert "Traceback" not in message + advice
    assert hashlib.sha256(records.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in records.parent.iterdir() if p.is_file()) == ["clinic.sqlite3"]


def test_an_error_in_a_slot_is_logged_without_patient_data_and_told_calmly(
    qtbot: QtBot,
    app: QApplication,
    caplog: pytest.LogCaptureFixture,
    start_up_side_effects_undone: None,
    tmp_path: Path,
) -> None:
    errors.install_exception_hook(tmp_path / "clinic-desktop.log")
    button = QPushButton("save")
    qtbot.addWidget(button)

    def on_clicked() -> None:
        raise ValueError("MRN A-1001 already belongs to García, Ana")

    button.clicked.connect(on_clicked)
    with caplog.at_level(logging.ERROR, logger="clinic_desktop.ui.errors"):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "ValueError" in logged and "on_clicked" in logged
    assert "García" not in logged and "A-1001" not in logged
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert len(boxes) == 1
    assert boxes[0].windowTitle() == "Something went wrong"
    assert "Traceback" not in boxes[0].text() + boxes[0].informativeText()
    assert "clinic-desktop.log" in boxes[0].informativeText()
    boxes[0].close()


def test_a_damaged_database_can_be_replaced_by_the_newest_good_backup(
    qtbot: QtBot, app: QApplication, start_up_side_effects_undone: None
) -> None:
    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.services.accounts import AccountService
    from clinic_desktop.services.audit import AuditLog
    from clinic_desktop.services.safekeeping import make_backup
    from clinic_desktop.ui.security.login import LoginDialog

    records = paths.data_dir() / "clinic.sqlite3"
    database = open_database(f"sqlite:///{records}")
    registry = PatientRegistry(database)
    add_patient(registry, "R-1", "Restrepo", "Inés")
    AccountService(database, AuditLog(database)).create_first_administrator(
        "admin", "Ana Admin", "Correct-Horse-7391"
    )
    database.close()
    backup = make_backup(records, "daily")
    records.write_bytes(b"SQLite format 3\x00" + b"\x00\xff" * 4000)
    damaged = records.read_bytes()
    seen: list[str] = []

    def restore(dialog: QWidget) -> None:
        assert isinstance(dialog, DatabaseProblemDialog)
        assert dialog.restore_button is not None and dialog.backup == backup
        seen.append("problem")
        timers.append(when_modal_appears(sign_in))
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    def sign_in(dialog: QWidget) -> None:
        assert isinstance(dialog, LoginDialog)
        seen.append("sign-in")
        dialog.username.setText("admin")
        dialog.password.setText("Correct-Horse-7391")
        dialog.on_accepted()
        poll.start()

    def check_then_quit() -> None:
        window = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible()
            ),
            None,
        )
        if window is None or not window.registry_widget.has_registry:
            return
        poll.stop()
        seen.append("open")
        window.close()

    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(check_then_quit)
    timers = [when_modal_appears(restore)]
    assert run_gui_or_give_up() == 0
    assert seen == ["problem", "sign-in", "open"]
    [kept] = records.parent.glob("clinic.sqlite3.before-restore-*")
    assert kept.read_bytes() == damaged, "the damaged file is kept aside, untouched"
    database = open_database(f"sqlite:///{records}")
    try:
        assert [p.family_name for p in PatientRegistry(database).search("restrepo")] == ["Restrepo"]
        assert "restore" in [r.action for r in AuditLog(database).query()]
    finally:
        database.close()
