"""Starts the window: the QApplication, the database (or why it cannot open), and the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from clinic_desktop import __version__, paths
from clinic_desktop.persistence.database import Database, DatabaseProblem, open_database
from clinic_desktop.services.patients import PatientRegistry
from clinic_desktop.ui.database_problem import DatabaseProblemDialog, ProblemChoice
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.operations import shutdown_background
from clinic_desktop.ui.style import STYLE_SHEET

log = logging.getLogger(__name__)
LOG_FILE_NAME = "clinic-desktop.log"

_calm_message: QMessageBox | None = None


def run_gui(args: argparse.Namespace) -> int:
    """Run the window until the clinician quits; 1 when the database could not be opened."""
    app = configure_application()
    log_file = configure_logging()
    install_exception_hook(log_file)
    database = open_database_or_explain()
    if database is None:
        return 1
    try:
        window = build_main_window(database)
        window.show()
        return app.exec()
    finally:
        shutdown_background()
        database.close()


def configure_application() -> QApplication:
    """The QApplication with the names QSettings files its values under, and the style sheet."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationDisplayName("Clinic Desktop")
    app.setApplicationVersion(__version__)
    app.setStyleSheet(STYLE_SHEET)
    return app


def configure_logging() -> Path:
    """Log warnings and errors to a rotating file in the data folder; returns its path."""
    folder = paths.data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    log_file = folder / LOG_FILE_NAME
    handler = RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return log_file


def install_exception_hook(log_file: Path | None = None) -> None:
    """Route every uncaught exception (a slot's included) to `report_exception`, not a traceback."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        report_exception(kind, error, trace, log_file)

    sys.excepthook = hook


def describe_for_log(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> str:
    """The exception's type and where it happened: file, line and function, nothing more.

    The message and the source lines may quote a patient's name or MRN; the type and
    the code location are enough to find the fault and carry no patient data.
    """
    frames = "\n".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(trace)
    )
    return f"{kind.__module__}.{kind.__qualname__}\n{frames}".rstrip()


def report_exception(
    kind: type[BaseException],
    error: BaseException,
    trace: TracebackType | None,
    log_file: Path | None = None,
) -> QMessageBox | None:
    """Log the fault and tell the clinician calmly; returns the message box (None without a GUI)."""
    log.error("Unexpected error: %s", describe_for_log(kind, error, trace))
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    where = (
        QCoreApplication.translate("App", "The details were written to {path}.").format(
            path=os.fspath(log_file)
        )
        if log_file is not None
        else ""
    )
    global _calm_message
    if _calm_message is not None and shiboken6.isValid(_calm_message) and _calm_message.isVisible():
        return _calm_message  # one message at a time, not a cascade for a fault that repeats
    box = QMessageBox(app.activeWindow())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("App", "Something went wrong"))
    box.setText(
        QCoreApplication.translate(
            "App",
            "Clinic Desktop could not finish what you asked. "
            "What was already saved is safe; please try again.",
        )
    )
    box.setInformativeText(where)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    # open(), not exec(): no nested event loop inside an exception hook.
    box.open()
    # Without a parent window only this reference keeps the box alive.
    _calm_message = box
    return box


def open_database_or_explain(
    url: str | None = None, parent: QWidget | None = None
) -> Database | None:
    """Open the database; on a problem explain it and offer a way out. None when the user quits."""
    while True:
        try:
            return open_database(url)
        except DatabaseProblem as problem:
            log.warning("Database problem at start: %s", problem.kind)
            chooses_folder = url is None and not os.environ.get(paths.DATABASE_URL_ENV)
            dialog = DatabaseProblemDialog(problem, can_choose_folder=chooses_folder, parent=parent)
            dialog.exec()
            if dialog.choice is ProblemChoice.QUIT:
                return None
            if dialog.choice is ProblemChoice.OTHER_FOLDER and dialog.folder is not None:
                os.environ[paths.DATA_DIR_ENV] = os.fspath(dialog.folder)


def build_main_window(database: Database) -> MainWindow:
    """The main window over `database`, with its registry."""
    location = database.sqlite_path or database.display_url
    return MainWindow(PatientRegistry(database), database_location=os.fspath(location))
