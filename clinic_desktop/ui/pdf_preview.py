"""PDF preview with Print and Save as: documents are rendered in a worker process, never on the GUI thread.

ReportLab is pure Python and holds the GIL, so a thread would still stall the
window; a spawned process does not. Starting that process costs tens of
milliseconds (more as the program grows), so a short-lived thread submits the
job. The result comes back through a future that a QTimer polls on the GUI
thread, so no callback ever touches a widget off the GUI thread.

Printing draws each page as an image at up to 300 dpi, seconds for a plan: `print_pdf` runs on
a background thread, page by page in bands, since PySide holds the GIL through each Qt call.
"""

from __future__ import annotations

import multiprocessing
import re
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QRect,
    QRectF,
    QSize,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.services.rendering import RenderRequest, render_request
from clinic_desktop.ui.errors import report_unexpected
from clinic_desktop.ui.operations import run_in_background
from clinic_desktop.ui.shortcuts import bind

POLL_MS = 25
MAX_PRINT_DPI = 300
BAND_ROWS = 200
MAX_NAME = 120


class _RenderWorker:
    """One spawned worker process, started and fed from a short-lived thread, never the GUI thread.

    Creating the pool can start multiprocessing's resource tracker and the
    first job starts the worker; each is a process launch that would stall
    the window for tens of milliseconds.
    """

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self._starter: threading.Thread | None = None

    def submit(self, request: RenderRequest) -> Future[bytes]:
        self._join_starter()
        outcome: Future[bytes] = Future()
        self._starter = threading.Thread(
            target=self._start, args=(request, outcome), name="pdf-render-start"
        )
        self._starter.start()
        return outcome

    def _start(self, request: RenderRequest, outcome: Future[bytes]) -> None:
        try:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn")
                )
            job = self._executor.submit(render_request, request)
        except Exception as error:  # a broken pool: the widget reports it
            outcome.set_exception(error)
            return

        def relay(done: Future[bytes]) -> None:
            if outcome.done():
                return
            if done.cancelled():
                outcome.cancel()
            elif (error := done.exception()) is not None:
                outcome.set_exception(error)
            else:
                outcome.set_result(done.result())

        job.add_done_callback(relay)

    def _join_starter(self) -> None:
        if self._starter is not None:
            self._starter.join()
            self._starter = None

    def shutdown(self) -> None:
        self._join_starter()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


class PrintFailed(Exception):
    """The printer could not be started (no paper path, a file that cannot be written)."""


def print_pdf(content: bytes, printer: QPrinter) -> int:
    """Paint every page of the PDF `content` onto `printer`, each scaled to fit its page.

    Safe off the GUI thread (Qt paints on a QPrinter in any thread, and PDFium calls are
    serialised by QtPdf): the document is this call's own and the printer is not shared.
    Returns the pages printed.
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    try:
        count = document.pageCount()
        if count == 0:
            return 0
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintFailed
        try:
            for index in range(count):
                if index:
                    printer.newPage()
                points = document.pagePointSize(index)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                target = QRectF(painter.viewport())
                scale = min(target.width() / size.width(), target.height() / size.height())
                # In bands: PySide keeps the GIL through each render and drawImage call, and a
                # whole page at 300 dpi is most of a second in which the window cannot run.
                for top in range(0, size.height(), BAND_ROWS):
                    rows = min(BAND_ROWS, size.height() - top)
                    options = QPdfDocumentRenderOptions()
                    options.setScaledSize(size)
                    options.setScaledClipRect(QRect(0, top, size.width(), rows))
                    band = document.render(index, QSize(size.width(), rows), options)
                    drawn = QRectF(0, top * scale, size.width() * scale, rows * scale)
                    painter.drawImage(drawn, band)
        finally:
            painter.end()
        return count
    finally:
        document.close()
        buffer.close()


def documents_folder() -> Path:
    """The user's documents folder, where Save as and printing to a file propose to write."""
    located = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for folder in (Path(located) if located else None, Path.home()):
        if folder is not None and folder.is_dir():
            return folder
    return Path.cwd()


def file_name(*parts: str) -> str:
    """A file name from `parts` (patient, document, date) that every file system accepts."""
    words = []
    for part in parts:
        cleaned = re.sub(r"[^\w.-]+", "-", part.strip(), flags=re.UNICODE).strip("-.")
        if cleaned:
            words.append(cleaned)
    return ("-".join(words) or "document")[:MAX_NAME] + ".pdf"


class PdfPreviewWidget(QWidget):
    """Shows one PDF, renders new ones in a worker process, prints them and saves them.

    `back_requested` asks the window for the page the document came from (the visit).
    """

    rendered = Signal()
    render_failed = Signal(str)
    saved = Signal(str)
    back_requested = Signal()
    printed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggested_name = file_name("document")
        self._content: bytes | None = None
        self._buffer: QBuffer | None = None
        self._worker = _RenderWorker()
        self._pending: Future[bytes] | None = None
        self._printing: QPrinter | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.on_poll)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName(self.tr("Pages of the document"))
        # The pages are pictures to a screen reader: their text sits beside them, to read,
        # select and copy.
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("document_text")
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Text of the document"))
        self.text.setTabChangesFocus(True)
        self.pages = QSplitter(Qt.Orientation.Horizontal, self)
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.text)
        self.pages.setStretchFactor(0, 3)
        self.pages.setStretchFactor(1, 1)

        self.back_button = QPushButton(self.tr("< &Back to the visit"), self)
        self.back_button.setObjectName("back_to_visit")
        self.back_button.clicked.connect(self.back_requested)
        self.back_button.hide()
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.print_button.setObjectName("print")
        self.save_button = QPushButton(self.tr("&Save as…"), self)
        self.save_button.setObjectName("save_as")
        self.status = QLabel(self)
        self.status.setTextFormat(self.status.textFormat().PlainText)
        self.print_button.clicked.connect(self.on_print_clicked)
        self.save_button.clicked.connect(self.on_save_clicked)
        for shortcut_id, slot in (
            ("print", self.on_print_clicked),
            ("save_as", self.on_save_clicked),
            ("back_to_visit", self.on_back_key),
        ):
            action = bind(QAction(self), shortcut_id)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        for button in (self.back_button, self.print_button, self.save_button):
            button.setAutoDefault(True)

        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        self._update_buttons()

    def offer_back(self, to: str) -> None:
        """Show "Back to the visit" (`to` names where it goes, for its tooltip)."""
        self.back_button.setToolTip(to)
        self.back_button.show()

    def on_back_key(self) -> None:
        if self.back_button.isVisible():
            self.back_requested.emit()

    def pdf_bytes(self) -> bytes | None:
        return self._content

    def show_pdf(self, content: bytes) -> None:
        """Display `content` (a PDF); the view paints its pages once the event loop runs."""
        buffer = QBuffer(self)
        buffer.setData(QByteArray(content))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.close()
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self._content = content
        self.status.setText(self.tr("%n page(s)", "", self.document.pageCount()))
        self.text.setPlainText(
            "\n\n".join(
                self.document.getAllText(page).text() for page in range(self.document.pageCount())
            )
        )
        self._update_buttons()

    def start_render(self, request: RenderRequest) -> None:
        """Start printing `request` to PDF in the worker process; `rendered` fires when it is shown."""
        if self._pending is not None:
            self._pending.cancel()
        self._pending = self._worker.submit(request)
        self.status.setText(self.tr("Preparing the document…"))
        self._update_buttons()
        self._poll.start()

    @Slot()
    def on_poll(self) -> None:
        pending = self._pending
        if pending is None or not pending.done():
            return
        self._poll.stop()
        self._pending = None
        if pending.cancelled():
            return
        error = pending.exception()
        if error is not None:
            message = self.tr("The document could not be prepared: %1").replace("%1", str(error))
            self.status.setText(message)
            self._update_buttons()
            self.render_failed.emit(message)
            return
        self.show_pdf(pending.result())
        self.rendered.emit()

    def save_to(self, path: str | Path) -> bool:
        """Write the shown PDF to `path`; a failure is shown in the status line, never raised."""
        if self._content is None:
            return False
        try:
            Path(path).write_bytes(self._content)
        except OSError as error:
            self.status.setText(
                self.tr("Could not save %1: %2")
                .replace("%1", str(path))
                .replace("%2", error.strerror or str(error))
            )
            return False
        self.status.setText(self.tr("Saved to %1").replace("%1", str(path)))
        self.saved.emit(str(path))
        return True

    def print_to(self, printer: QPrinter) -> int:
        """Paint every page onto `printer` and wait for it; returns the pages printed."""
        if self._content is None:
            return 0
        try:
            return print_pdf(self._content, printer)
        except PrintFailed:
            self.status.setText(self.tr("The printer could not be started."))
            return 0

    @Slot()
    def on_print_clicked(self) -> None:
        if not self.print_button.isEnabled() or self._content is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if not QPrinterInfo.availablePrinters():
            # No printer installed: the dialog prints to a PDF file, named as Save as would.
            printer.setOutputFileName(str(documents_folder() / self.suggested_name))
        dialog = QPrintDialog(printer, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.window().activateWindow()
        if not accepted:
            return
        self.start_print(printer)

    def start_print(self, printer: QPrinter) -> None:
        """Draw the pages onto `printer` in the background; `printed` or the status says how it went."""
        if self._content is None or self._printing is not None:
            return
        # Each page is drawn at up to 300 dpi: seconds of work, done off the GUI thread. The
        # printer stays with this widget until the job is over; nobody else touches it.
        self._printing = printer
        self._update_buttons()
        self.status.setText(self.tr("Printing…"))
        run_in_background(
            print_pdf,
            self._content,
            printer,
            on_done=self.on_printed,
            on_error=self.on_print_failed,
            context=self,
        )

    def on_printed(self, pages: int) -> None:
        self._printing = None
        self._update_buttons()
        self.status.setText(self.tr("Printed %n page(s)", "", pages))
        self.printed.emit(pages)

    def on_print_failed(self, error: BaseException) -> None:
        self._printing = None
        self._update_buttons()
        if isinstance(error, PrintFailed):
            self.status.setText(self.tr("The printer could not be started."))
        else:
            self.status.setText(self.tr("Printing failed: check the printer and print again."))
            report_unexpected(error)

    @Slot()
    def on_save_clicked(self) -> None:
        if not self.save_button.isEnabled():
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save as"),
            str(documents_folder() / self.suggested_name),
            self.tr("PDF documents (*.pdf)"),
        )
        self.window().activateWindow()
        if path:
            self.save_to(path if path.lower().endswith(".pdf") else f"{path}.pdf")

    def shutdown(self) -> None:
        """Stop the worker process; call before the widget goes away (closeEvent does)."""
        self._poll.stop()
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self._worker.shutdown()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    def _update_buttons(self) -> None:
        ready = self._content is not None and self._pending is None
        self.print_button.setEnabled(ready and self._printing is None)
        self.save_button.setEnabled(ready)
