"""Starts the window: the QApplication, the database (or why it cannot open), and the main window."""

from __future__ import annotations

import logging
import os
import sys
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from clinic_desktop import __version__, paths
from clinic_desktop.ui.about import application_icon
from clinic_desktop.ui.accessibility import FocusReturn
from clinic_desktop.ui.errors import install_exception_hook, report_unexpected
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.operations import (
    GarbageCollector,
    read_sources_lightly,
    run_in_background,
    shutdown_background,
)
from clinic_desktop.ui.style import STYLE_SHEET, FocusRingStyle, accessible_palette
from clinic_desktop.ui.translation import install_translators, interface_language

if TYPE_CHECKING:
    import argparse

    # Types only: importing the database layer happens on a worker, after the window shows.
    from clinic_desktop.persistence.database import Database, DatabaseProblem
    from clinic_desktop.services.audit import AuditLog
    from clinic_desktop.services.patients import PatientRegistry
    from clinic_desktop.ui.database_problem import DatabaseProblemDialog
    from clinic_desktop.ui.session import ClinicSession

log = logging.getLogger(__name__)
# A file SQLite cannot read as a database may be replaced by a good backup; a locked one or
# one from a newer program must not be.
RESTORABLE_PROBLEMS = frozenset({"damaged", "unreadable", "missing"})
LOG_FILE_NAME = "clinic-desktop.log"


def run_gui(args: argparse.Namespace) -> int:
    """Run the window until the clinician quits; 1 when the records could not be opened.

    The window is on screen at once; the database layer is imported and the records
    opened on a worker thread, and the registry starts working when they are ready.
    """
    # Before any worker imports the database layer, whose sources PySide6 would keep.
    read_sources_lightly()
    app = configure_application()
    collector = GarbageCollector()
    collector.start()
    log_file = paths.data_dir() / "logs" / LOG_FILE_NAME
    install_exception_hook(log_file)
    window = MainWindow()
    records = RecordsOpener(window)
    window.show()

    def after_first_paint() -> None:
        # The log file handler's imports and the worker importing the database layer
        # would otherwise compete with the window's first paint.
        configure_logging(log_file)
        records.start()

    QTimer.singleShot(0, after_first_paint)
    try:
        return app.exec()
    finally:
        shutdown_background()
        records.close()
        collector.stop()


def configure_application() -> QApplication:
    """The QApplication with its names (QSettings files under them), language and style sheet."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationName(paths.APP_NAME)
    if existing is None:
        # At the program's start, after the names (QSettings files the chosen language under
        # them) and before the first translated text. Not for an application that already
        # exists (the tests'): a first QSettings read fixes its file's path for the process.
        install_translators(app, interface_language())
    app.setApplicationDisplayName(QCoreApplication.translate("App", "Clinic Desktop"))
    app.setApplicationVersion(__version__)
    if not app.property(FocusRingStyle.__name__):
        # Once: the style is then wrapped by the style sheet's, which has no name of its own.
        app.setProperty(FocusRingStyle.__name__, True)
        app.setStyle(FocusRingStyle(app.style().name() or "fusion"))
        FocusReturn(app)
    app.setPalette(accessible_palette(app.palette()))
    app.setStyleSheet(STYLE_SHEET)
    # The window's icon; the desktop file name lets a desktop match the window to its entry.
    app.setWindowIcon(application_icon())
    app.setDesktopFileName("clinic-desktop")
    return app


def configure_logging(log_file: Path) -> None:
    """Log warnings and errors to `log_file`, rotated at 1 MB, keeping three old files."""
    from logging.handlers import RotatingFileHandler  # brings in socket: not on the start-up path

    try:
        paths.private_folder(log_file.parent)
        paths.refuse_odd_target(log_file)  # never appended through a link
        handler = RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError as error:
        print(
            f"clinic-desktop: not logging to {log_file}: {paths.write_problem(error)}",
            file=sys.stderr,
        )
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def open_records(url: str | None) -> tuple[Database, PatientRegistry, AuditLog]:
    """Open the database, its registry and its audit log (on a worker: it imports the database
    layer). A missing or foreign audit key is a DatabaseProblem: nothing is written without it."""
    from clinic_desktop.persistence.database import DatabaseProblem, open_database
    from clinic_desktop.services.audit import AuditLog
    from clinic_desktop.services.audit_chain import TrustProblem
    from clinic_desktop.services.patients import PatientRegistry

    database = open_database(url)
    try:
        audit = AuditLog(database)
    except TrustProblem as problem:
        database.close()
        raise DatabaseProblem("audit_key", problem.message, problem.advice) from None
    except BaseException:
        database.close()
        raise
    return database, PatientRegistry(database), audit


def integrity_problems(database_file: Path) -> list[str]:
    """The integrity check of the whole file, for after the window opened (on a worker)."""
    from clinic_desktop.persistence.health import sqlite_integrity_problems

    return sqlite_integrity_problems(database_file)


class RecordsOpener(QObject):
    """Opens the records off the GUI thread and hands them to the window, or explains why not.

    A DatabaseProblem shows `DatabaseProblemDialog` over the window: try again, use another
    data folder, or quit (the event loop then ends with exit code 1). The file is never
    written to while it is in doubt.
    """

    def __init__(self, window: MainWindow, url: str | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._url = url
        self._future: Future[tuple[Database, PatientRegistry, AuditLog]] | None = None
        self.database: Database | None = None
        self.session: ClinicSession | None = None

    def start(self) -> None:
        self._window.show_message(self.tr("Opening the records…"), 0)
        self._future = run_in_background(
            open_records, self._url, on_done=self.on_opened, on_error=self.on_failed, context=self
        )

    def on_opened(self, opened: tuple[Database, PatientRegistry, AuditLog]) -> None:
        """The records are open: ask who is there before anything of a patient shows.

        The integrity check of the whole file runs meanwhile on a worker: it grows with
        the file, so it is never on the way to the window.
        """
        from clinic_desktop.ui.session import ClinicSession

        database, _registry, audit = opened
        self.database = database
        self._window.statusBar().clearMessage()
        location = database.sqlite_path or database.display_url
        self.session = ClinicSession(self._window, database, os.fspath(location), audit)
        self.session.start()
        path = database.sqlite_path
        if path is not None:
            run_in_background(
                integrity_problems,
                path,
                on_done=lambda problems: self.on_integrity_checked(path, problems),
                on_error=lambda _error: None,  # a file that cannot be read fails elsewhere too
                context=self,
            )

    def on_integrity_checked(self, path: Path, problems: list[str]) -> None:
        """Warn when the background integrity check found damage; the records stay open."""
        if not problems:
            return
        log.warning("The records file failed its integrity check")
        box = QMessageBox(self._window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(self.tr("The records file is damaged"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            self.tr(
                "The records file %1 failed its integrity check. Finish what you are doing, "
                "close Clinic Desktop and ask your administrator; it may need the newest backup."
            ).replace("%1", os.fspath(path))
        )
        box.setDetailedText("\n".join(problems))
        box.open()

    def on_failed(self, error: BaseException) -> None:
        from clinic_desktop.persistence.database import DatabaseProblem

        self._window.statusBar().clearMessage()
        if not isinstance(error, DatabaseProblem):
            report_unexpected(error)
            return
        log.warning("Database problem at start: %s", error.kind)
        database_file = self._database_file()
        if error.kind in RESTORABLE_PROBLEMS and database_file is not None:
            # Checking each backup's integrity reads it whole: on a worker.
            from clinic_desktop.services.safekeeping import newest_good_backup

            run_in_background(
                newest_good_backup,
                database_file,
                on_done=lambda backup: self.explain(error, backup),
                on_error=lambda _error: self.explain(error, None),
                context=self,
            )
        else:
            self.explain(error, None)

    def explain(self, error: DatabaseProblem, backup: Path | None) -> None:
        """Say what is wrong and offer the ways out, a good backup among them when there is one."""
        from clinic_desktop.ui.database_problem import DatabaseProblemDialog

        chooses_folder = self._url is None and not os.environ.get(paths.DATABASE_URL_ENV)
        dialog = DatabaseProblemDialog(
            error, can_choose_folder=chooses_folder, parent=self._window, backup=backup
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.on_problem_answered(dialog))
        dialog.open()

    def _database_file(self) -> Path | None:
        from clinic_desktop.persistence.database import DatabaseProblem, parse_url, sqlite_file

        try:
            return sqlite_file(parse_url(self._url))
        except DatabaseProblem:
            return None

    def on_problem_answered(self, dialog: DatabaseProblemDialog) -> None:
        from clinic_desktop.ui.database_problem import ProblemChoice

        if dialog.choice is ProblemChoice.QUIT:
            QCoreApplication.exit(1)
            return
        if dialog.choice is ProblemChoice.OTHER_FOLDER and dialog.folder is not None:
            os.environ[paths.DATA_DIR_ENV] = os.fspath(dialog.folder)
        if dialog.choice is ProblemChoice.RESTORE and dialog.backup is not None:
            self.restore(dialog.backup)
            return
        self.start()

    def restore(self, backup: Path) -> None:
        """Put the backup in place (the damaged file is kept aside), then open the records.

        The restore writes its own audit entry, in the same step as the records.
        """
        from clinic_desktop.persistence.database import DatabaseProblem
        from clinic_desktop.services.safekeeping import RestoreError, restore_backup

        database_file = self._database_file()
        if database_file is None:
            self.start()
            return

        def failed(error: BaseException) -> None:
            self._window.statusBar().clearMessage()
            if isinstance(error, RestoreError):
                self.explain(
                    DatabaseProblem(
                        "unreadable",
                        self.tr("The backup could not be restored: %1").replace("%1", str(error)),
                        self.tr("Nothing was changed. Try again, or ask your administrator."),
                    ),
                    None,
                )
            elif isinstance(error, DatabaseProblem):
                self.explain(error, None)
            else:
                report_unexpected(error)

        self._window.show_message(self.tr("Restoring the backup…"), 0)
        run_in_background(
            restore_backup,
            backup,
            database_file,
            on_done=lambda _kept: self.start(),
            on_error=failed,
            context=self,
        )

    def close(self) -> None:
        """End the session (last saves, backup at close), then close the records.

        Records that finished opening after the window closed are closed too.
        """
        if self.session is not None:
            self.session.close()
            self.session = None
        future = self._future
        if (
            self.database is None
            and future is not None
            and future.done()
            and future.exception() is None
        ):
            self.database = future.result()[0]
        if self.database is not None:
            self.database.close()
            self.database = None
