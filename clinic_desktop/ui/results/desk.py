"""Results into the window: a file dialog, files dropped on the window, and a watched inbox folder.

Every import runs on the session's serial writer, never on the GUI thread; the answer comes
back by a queued signal and shows as a short report (what was stored where, what is held and
why) with the way to the held results and to an addendum it opened. The inbox folder (the
clinic's lab interface drops results files there) is read on a worker as well: each file
imported, or refused, moves into `imported/` or `refused/` beside it, so nothing is read twice
and nothing is lost. A file still being written (changed in the last seconds, or a temporary
name) waits for the next look.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.services.results_import import HOLD_REASONS, ImportRefused, ImportReport
from clinic_desktop.ui import formats
from clinic_desktop.ui.operations import run_in_background
from clinic_desktop.ui.wizard.fields import label

if TYPE_CHECKING:
    from clinic_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

INBOX_POLL_MS = 30_000
"""Network folders do not always report changes: the inbox is also looked at this often."""
SETTLE_SECONDS = 3.0
"""A file changed more recently than this may still be being written: it waits."""
TEMPORARY_SUFFIXES = (".part", ".tmp", ".partial", ".crdownload")
FILE_FILTER = "Lab results (*.hl7 *.oru *.txt *.json);;All files (*)"


@dataclass(frozen=True)
class ImportOutcome:
    """A file's import as the window shows it: the report, or why the file was refused."""

    path: Path
    report: ImportReport | None
    refused: str | None = None


def reason_text(reason: str) -> str:
    """Why a result is held, in the clinician's language."""
    from PySide6.QtCore import QCoreApplication

    texts = {
        "unknown_test": QCoreApplication.translate(
            "ResultsDesk", "its code is not a LOINC code of a test the program knows"
        ),
        "unknown_unit": QCoreApplication.translate(
            "ResultsDesk", "its unit is not one the program knows for that test"
        ),
        "not_numeric": QCoreApplication.translate("ResultsDesk", "its value is not a number"),
        "not_final": QCoreApplication.translate(
            "ResultsDesk", "the laboratory has not marked it final"
        ),
        "impossible_value": QCoreApplication.translate(
            "ResultsDesk", "its value is beyond what a living body can have"
        ),
        "unknown_patient": QCoreApplication.translate(
            "ResultsDesk", "no registered patient has that MRN and birth date"
        ),
        "patient_mismatch": QCoreApplication.translate(
            "ResultsDesk", "the patient does not match the order's patient"
        ),
        "no_pending_order": QCoreApplication.translate(
            "ResultsDesk", "no pending order of the patient holds that test"
        ),
        "several_pending_orders": QCoreApplication.translate(
            "ResultsDesk", "several pending orders of the patient hold that test"
        ),
        "already_resulted": QCoreApplication.translate(
            "ResultsDesk", "the order already holds a different result for that test"
        ),
        "conflicts_with_entered": QCoreApplication.translate(
            "ResultsDesk", "the visit already holds a different value for that test"
        ),
    }
    assert set(texts) == set(HOLD_REASONS)
    return texts.get(reason, reason)


def files_ready(folder: Path, now: float | None = None) -> list[Path]:
    """The inbox's files that are complete: regular, not hidden, not temporary, settled."""
    moment = time.time() if now is None else now
    ready = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith(".") or name.lower().endswith(TEMPORARY_SUFFIXES):
            continue
        try:
            status = path.stat()
        except OSError:
            continue
        if path.is_file() and moment - status.st_mtime >= SETTLE_SECONDS:
            ready.append(path)
    return ready


def file_away(path: Path, outcome: str) -> Path | None:
    """Move an inbox file into its `imported/` or `refused/` folder; None if another took it."""
    target_folder = path.parent / outcome
    target_folder.mkdir(exist_ok=True)
    target = target_folder / path.name
    number = 1
    while target.exists():
        target = target_folder / f"{path.stem}.{number}{path.suffix}"
        number += 1
    try:
        shutil.move(str(path), str(target))
    except FileNotFoundError:
        return None  # another workstation filed it first
    return target


class ResultsDesk(QObject):
    """Imports results files for the signed-in session; `import_job(path)` runs on its writer.

    `import_job(path)` returns an ImportReport or raises ImportRefused; `submit(fn, *args)`
    schedules it on the serial writer and returns its future.
    """

    imported = Signal(object)
    """An ImportOutcome, on the GUI thread."""
    _finished = Signal(object, object)

    def __init__(
        self,
        window: MainWindow,
        import_job: Callable[[Path], ImportReport],
        submit: Callable[..., Future[Any]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or window)
        self.window = window
        self._import_job = import_job
        self._submit = submit
        self._busy: set[Path] = set()
        self._finished.connect(self.on_finished, Qt.ConnectionType.QueuedConnection)
        self.inbox: Path | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self.on_inbox_changed)
        self._poll = QTimer(self)
        self._poll.setInterval(INBOX_POLL_MS)
        self._poll.timeout.connect(self.on_inbox_changed)
        self._looking = False
        # The window is the drop target (its dragEnter/drop events): files dropped on it arrive here.
        window.setAcceptDrops(True)
        window.files_dropped.connect(self.import_files)

    # Importing --------------------------------------------------------------------------------

    def import_files(self, paths: list[Path], *, from_inbox: bool = False) -> None:
        for path in paths:
            if path in self._busy:
                continue
            self._busy.add(path)
            future = self._submit(self._job, path, from_inbox)
            future.add_done_callback(partial(self._relay, path))

    def _relay(self, path: Path, future: Future[ImportOutcome]) -> None:
        self._finished.emit(path, future)  # queued: on_finished runs on the GUI thread

    def _job(self, path: Path, from_inbox: bool) -> ImportOutcome:
        """On the writer: import the file; an inbox file is then filed away."""
        try:
            report = self._import_job(path)
        except ImportRefused as error:
            outcome = ImportOutcome(path, None, str(error))
        else:
            outcome = ImportOutcome(path, report)
        if from_inbox:
            file_away(path, "refused" if outcome.report is None else "imported")
        return outcome

    def on_finished(self, path: Path, future: Future[ImportOutcome]) -> None:
        self._busy.discard(path)
        error = future.exception()
        if error is not None:
            from clinic_desktop.ui.errors import report_unexpected

            report_unexpected(error)
            return
        self.imported.emit(future.result())

    def choose_files(self) -> None:
        """File > Import lab results…: the clinician picks one or more files."""
        paths, _filter = QFileDialog.getOpenFileNames(
            self.window, self.tr("Import lab results"), str(self.inbox or ""), FILE_FILTER
        )
        self.import_files([Path(p) for p in paths])

    # The inbox folder ------------------------------------------------------------------------

    def watch(self, folder: Path | None) -> None:
        """Watch `folder` for results files (None: stop watching)."""
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self.inbox = folder
        if folder is None:
            self._poll.stop()
            return
        self._watcher.addPath(str(folder))
        self._poll.start()
        self.on_inbox_changed()

    def on_inbox_changed(self, _path: str = "") -> None:
        folder = self.inbox
        if folder is None or self._looking:
            return
        self._looking = True
        # Listing a network folder can take a while: a worker lists, the window waits for nothing.
        run_in_background(
            _ready_or_none,
            folder,
            on_done=self.on_inbox_listed,
            on_error=lambda _error: self.on_inbox_listed([]),
            context=self,
        )

    def on_inbox_listed(self, paths: list[Path]) -> None:
        self._looking = False
        if self.inbox is not None:
            self.import_files(paths, from_inbox=True)

    def stop(self) -> None:
        self.window.files_dropped.disconnect(self.import_files)
        self._poll.stop()
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self.inbox = None


def _ready_or_none(folder: Path) -> list[Path]:
    try:
        return files_ready(folder)
    except OSError:
        log.warning("The results inbox folder cannot be read")
        return []


class ImportReportDialog(QDialog):
    """What an import did, in plain words, with the ways on: held results, an opened addendum."""

    resolve_requested = Signal()
    visit_requested = Signal(int)

    def __init__(self, outcome: ImportOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_report")
        self.setWindowTitle(self.tr("Lab results imported"))
        self.outcome = outcome
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("import_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.lines = QListWidget(self)
        self.lines.setObjectName("import_lines")
        self.lines.setAccessibleName(self.tr("What the import did"))
        layout.addWidget(self.lines)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.resolve_button = QPushButton(self.tr("&Resolve held results…"), self)
        self.resolve_button.setObjectName("resolve_held")
        self.resolve_button.clicked.connect(self.on_resolve_clicked)
        self.visit_button = QPushButton(self.tr("&Open the addendum"), self)
        self.visit_button.setObjectName("open_addendum")
        self.visit_button.clicked.connect(self.on_visit_clicked)
        buttons.addButton(self.resolve_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.visit_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons)
        self._fill()
        self.resize(640, 360)

    def _fill(self) -> None:
        outcome = self.outcome
        report = outcome.report
        name = outcome.path.name
        self.resolve_button.setVisible(bool(report and report.held))
        self.visit_button.setVisible(bool(report and report.addenda))
        if report is None:
            self.setWindowTitle(self.tr("Lab results not imported"))
            self.summary.setText(
                self.tr("{0} was not imported; nothing was stored.").format(name)
                + "\n"
                + (outcome.refused or "")
            )
            return
        if report.duplicate:
            self.summary.setText(
                self.tr("{0} was imported before; nothing was stored again.").format(name)
            )
            return
        self.summary.setText(
            self.tr("{0}: {1} results stored, {2} held for you to resolve.").format(
                name, len(report.stored), len(report.held)
            )
        )
        for placed in report.stored:
            self.lines.addItem(
                self.tr("Stored: {0} {1} {2} in order {3}").format(
                    label(placed.test),
                    formats.number(placed.value),
                    placed.unit,
                    placed.order_number,
                )
            )
        if report.already_stored:
            self.lines.addItem(
                self.tr("{0} results were stored before and are not stored twice.").format(
                    report.already_stored
                )
            )
        for _visit in report.addenda:
            self.lines.addItem(
                self.tr(
                    "An addendum is open for the signed visit: review what changed and sign it."
                )
            )
        for hold in report.held:
            code = hold.result.code or "?"
            self.lines.addItem(
                self.tr("Held ({0}, {1}): {2}").format(
                    hold.result.position, code, reason_text(hold.reason)
                )
            )

    def on_resolve_clicked(self) -> None:
        self.resolve_requested.emit()
        self.accept()

    def on_visit_clicked(self) -> None:
        report = self.outcome.report
        if report and report.addenda:
            self.visit_requested.emit(report.addenda[0])
        self.accept()
