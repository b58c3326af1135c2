"""Reporting a fault nobody asked to handle: logged, and a calm message instead of a traceback.

Every part of the window may import this module (it imports no other part of the window), so
a widget that meets an unexpected error reports it here rather than reaching back into the
program's start-up module.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from clinic_desktop.diagnostics import describe_exception

log = logging.getLogger(__name__)

_calm_message: QMessageBox | None = None
_log_file: Path | None = None


def install_exception_hook(log_file: Path | None = None) -> None:
    """Route every uncaught exception (a slot's included) to `report_exception`, not a traceback.

    `log_file` is where the details go; the calm message names it.
    """
    global _log_file
    _log_file = log_file

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        report_exception(kind, error, trace, log_file)

    sys.excepthook = hook


def report_unexpected(error: BaseException) -> None:
    """Hand an exception nobody asked to handle to the program's calm catch-all (sys.excepthook)."""
    sys.excepthook(type(error), error, error.__traceback__)


def report_exception(
    kind: type[BaseException],
    error: BaseException,
    trace: TracebackType | None,
    log_file: Path | None = None,
) -> QMessageBox | None:
    """Log the fault and tell the clinician calmly; returns the message box (None without a GUI).

    A problem with the records (a full disk, a read-only folder, a missing audit key) is
    no fault of the program: it is said as it is, with what to do.
    """
    problem = _said_problem(error)
    if problem is None:
        log.error("Unexpected error: %s", describe_exception(kind, error, trace))
    else:
        log.warning("Records problem: %s", type(error).__name__)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    log_file = log_file or _log_file
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
    # Closing the main window ends the program even while this message is still open.
    box.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("App", "Something went wrong"))
    if problem is None:
        box.setText(
            QCoreApplication.translate(
                "App",
                "Clinic Desktop could not finish what you asked. "
                "What was already saved is safe; please try again.",
            )
        )
        box.setInformativeText(where)
    else:
        box.setWindowTitle(QCoreApplication.translate("App", "A problem with the records"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(problem[0])
        box.setInformativeText(problem[1])
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    # open(), not exec(): no nested event loop inside an exception hook.
    box.open()
    # Without a parent window only this reference keeps the box alive.
    _calm_message = box
    return box


def _said_problem(error: BaseException) -> tuple[str, str] | None:
    """(message, advice) of a records or audit-key problem, which the clinician can act on.

    Looked up among the modules already loaded: an error of a kind never imported cannot
    be one, and the GUI thread does not import the database layer to find out.
    """
    for module_name, class_name in _SAID_PROBLEMS:
        kind = getattr(sys.modules.get(module_name), class_name, None)
        if isinstance(kind, type) and isinstance(error, kind):
            return str(getattr(error, "message", "")), str(getattr(error, "advice", ""))
    return None


_SAID_PROBLEMS = (
    ("clinic_desktop.persistence.database", "DatabaseProblem"),
    ("clinic_desktop.services.audit_chain", "TrustProblem"),
)
