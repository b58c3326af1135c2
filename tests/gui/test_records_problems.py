"""The window when the records are gone, damaged behind a sound header, or cannot be written.

Issue 10 item 2: a records file that disappeared is never replaced by an empty one; the
window says what happened and offers the newest backup. Issue 13: the integrity check
that reads the whole file runs after the window opened, never on the way to it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from clinic_desktop import paths
from clinic_desktop.persistence.database import DatabaseProblem, open_database
from clinic_desktop.services.accounts import AccountService
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.maintenance import fill_demo
from clinic_desktop.services.patients import PatientRegistry
from clinic_desktop.services.safekeeping import make_backup
from clinic_desktop.ui.database_problem import DatabaseProblemDialog
from clinic_desktop.ui.errors import report_exception
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.security.login import LoginDialog
from tests.gui.conftest import add_patient
from tests.gui.test_main_window import (
    run_gui_or_give_up,
    start_up_side_effects_undone,  # noqa: F401  (a fixture)
    when_modal_appears,
)

PASSWORD = "Correct-Horse-7391"
pytestmark = pytest.mark.usefixtures("start_up_side_effects_undone")


def _records_with_a_patient_and_an_administrator() -> Path:
    records = paths.data_dir() / "clinic.sqlite3"
    database = open_database(f"sqlite:///{records}")
    try:
        add_patient(PatientRegistry(database), "R-1", "Restrepo", "Inés")
        AccountService(database, AuditLog(database)).create_first_administrator(
            "admin", "Ana Admin", PASSWORD
        )
    finally:
        database.close()
    return records


def _sign_in(dialog: QWidget) -> None:
    assert isinstance(dialog, LoginDialog)
    dialog.username.setText("admin")
    dialog.password.setText(PASSWORD)
    dialog.on_accepted()


def _open_window() -> MainWindow | None:
    return next(
        (
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible() and w.registry_widget.has_registry
        ),
        None,
    )


def test_a_deleted_records_file_is_not_made_anew_and_the_newest_backup_is_offered(
    qtbot: QtBot, app: QApplication, tmp_path: Path
) -> None:
    records = _records_with_a_patient_and_an_administrator()
    backup = make_backup(records, "daily")
    for suffix in ("", "-wal", "-shm"):
        records.with_name(records.name + suffix).unlink(missing_ok=True)
    seen: list[str] = []

    def offered(dialog: QWidget) -> None:
        assert isinstance(dialog, DatabaseProblemDialog)
        assert dialog.problem.kind == "missing"
        assert "is missing" in dialog.message_label.text()
        assert not records.exists(), "no empty file was made while the dialog is up"
        assert dialog.restore_button is not None and dialog.backup == backup
        # The button is the way out here; the command line's advice is not repeated.
        assert "below" in dialog.advice_label.text()
        assert "clinic-desktop restore" not in dialog.advice_label.text()
        if shots := os.environ.get("CLINIC_DESKTOP_SCREENSHOTS"):
            dialog.grab().save(str(Path(shots) / "records-missing-dialog.png"))
        seen.append("offered")
        timers.append(when_modal_appears(signed_in))
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    def signed_in(dialog: QWidget) -> None:
        _sign_in(dialog)
        seen.append("signed in")
        poll.start()

    def check_then_quit() -> None:
        window = _open_window()
        if window is None:
            return
        poll.stop()
        seen.append("open")
        window.close()

    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(check_then_quit)
    timers = [when_modal_appears(offered)]
    assert run_gui_or_give_up() == 0
    assert seen == ["offered", "signed in", "open"]
    database = open_database(f"sqlite:///{records}")
    try:
        assert [p.mrn for p in PatientRegistry(database).search("restrepo")] == ["R-1"]
        assert AuditLog(database, for_checking=True).verify().ok
    finally:
        database.close()


def test_a_damaged_page_is_found_after_the_window_opened_and_said_plainly(
    qtbot: QtBot, app: QApplication
) -> None:
    records = _records_with_a_patient_and_an_administrator()
    database = open_database(f"sqlite:///{records}")
    try:
        fill_demo(database, 600, seed=3)
    finally:
        database.close()
    data = bytearray(records.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Noise over a page of the demo patients, far from page 1, the schema and the users.
    victim = (len(data) // page_size - 3) * page_size
    data[victim : victim + page_size] = os.urandom(page_size)
    records.write_bytes(bytes(data))
    seen: list[str] = []
    signed_in: list[bool] = []

    def look() -> None:
        # The check runs beside the sign-in: its warning may come before or after it.
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, LoginDialog) and not signed_in:
            signed_in.append(True)
            _sign_in(dialog)
        for box in QApplication.topLevelWidgets():
            if isinstance(box, QMessageBox) and box.isVisible() and not seen:
                assert box.windowTitle() == "The records file is damaged"
                seen.append(box.text())
                box.done(0)
        window = _open_window()
        if seen and window is not None:
            poll.stop()
            window.close()

    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(look)
    poll.start()
    assert run_gui_or_give_up() == 0
    assert len(seen) == 1 and str(records) in seen[0] and "integrity check" in seen[0]


@pytest.mark.parametrize("kind", ["disk_full", "read_only"])
def test_a_full_disk_or_a_read_only_folder_is_said_as_it_is(app: QApplication, kind: str) -> None:
    from clinic_desktop.persistence.database import problem_from_error

    error = OSError(28 if kind == "disk_full" else 30, "simulated")
    problem = problem_from_error(error, paths.data_dir() / "clinic.sqlite3")
    assert isinstance(problem, DatabaseProblem) and problem.kind == kind
    box = report_exception(type(problem), problem, None)
    assert box is not None
    try:
        text = box.text() + " " + box.informativeText()
        assert box.windowTitle() == "A problem with the records"
        assert ("full" in text) if kind == "disk_full" else ("no permission to write" in text)
        assert "restore the latest backup" not in text.lower()
        assert "The records are as they were before this" in text
    finally:
        box.close()


def test_the_window_log_is_never_appended_through_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging

    from clinic_desktop.ui.app import configure_logging

    target = tmp_path / "elsewhere.log"
    target.write_text("before\n")
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "clinic-desktop.log").symlink_to(target)
    handlers = list(logging.getLogger().handlers)
    configure_logging(logs / "clinic-desktop.log")
    assert list(logging.getLogger().handlers) == handlers
    assert "symbolic link" in capsys.readouterr().err
    assert target.read_text() == "before\n"
