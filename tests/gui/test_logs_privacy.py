"""Logs hold no patient data: a whole session, a failing slot and a failing command leave no name behind."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from clinic_desktop import paths
from clinic_desktop.cli import main
from clinic_desktop.persistence.database import Database
from clinic_desktop.ui import app as app_module
from clinic_desktop.ui import errors
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.session import ClinicSession
from tests.gui.conftest import add_patient, add_visit

FAMILY = "Zubizarreta Íñiguez"
MRN = "PRIV-4711"


@pytest.fixture
def logging_to_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The program's own log file set-up, undone afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    log_file = paths.data_dir() / "logs" / app_module.LOG_FILE_NAME
    app_module.configure_logging(log_file)
    errors.install_exception_hook(log_file)
    yield log_file
    for handler in set(root.handlers) - set(handlers):
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def _every_log_text() -> str:
    texts = [
        p.read_text(encoding="utf-8", errors="replace") for p in paths.data_dir().rglob("*.log*")
    ]
    return "\n".join(texts)


def test_a_session_and_a_failing_slot_log_no_patient_data(
    qtbot: QtBot, app: QApplication, database: Database, logging_to_file: Path
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    session = ClinicSession(window, database, "test records")
    admin = session.accounts.create_first_administrator("admin", "Ana Admin", "Correct-Horse-7391")
    doctor = session.accounts.add_user(
        admin, "dr.ruiz", "Dr Ruiz", "clinician", "Correct-Horse-7391"
    )
    session.begin(doctor)
    assert session.registry is not None
    patient = add_patient(session.registry, MRN, FAMILY, "Begoña")
    add_visit(database, patient, date(2026, 11, 20), signed_by="dr.ruiz")
    session.on_patient_opened(patient.id)

    def failing_slot() -> None:
        raise ValueError(f"could not read {FAMILY} ({MRN})")

    box = errors.report_exception(ValueError, ValueError(f"{FAMILY} {MRN}"), None, logging_to_file)
    try:
        failing_slot()
    except ValueError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    logging.getLogger("clinic_desktop").warning("visit saved for patient %s", patient.id)
    session.close()
    for handler in logging.getLogger().handlers:
        handler.flush()
    if box is not None:
        box.close()

    logged = _every_log_text()
    assert "ValueError" in logged, "the fault itself is logged"
    for secret in (FAMILY, "Zubizarreta", MRN, "Begoña"):
        assert secret not in logged


def test_a_failing_command_writes_no_patient_data_to_errors_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from clinic_desktop.services import maintenance

    def broken(_args: object) -> int:
        raise RuntimeError(f"patient {FAMILY} {MRN} broke the check")

    monkeypatch.setattr(maintenance, "run_check", broken)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "RuntimeError" in err and "Traceback" not in err and FAMILY not in err
    logged = (paths.data_dir() / "errors.log").read_text(encoding="utf-8")
    assert ("RuntimeError" in logged and "run_check" not in logged) or "broken" in logged
    assert FAMILY not in logged and MRN not in logged
