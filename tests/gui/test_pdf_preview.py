"""The PDF preview: renders in a worker process without blocking the window, shows, prints and saves."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from clinic_desktop.reports.careplan import build_care_plan
from clinic_desktop.reports.pdf import render_pdf
from clinic_desktop.services.rendering import RenderRequest
from clinic_desktop.ui import pdf_preview
from clinic_desktop.ui.pdf_preview import PdfPreviewWidget
from tests.golden import cases


@pytest.fixture
def preview(qtbot: QtBot) -> Iterator[PdfPreviewWidget]:
    widget = PdfPreviewWidget()
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    widget.show()
    yield widget
    widget.shutdown()


@contextmanager
def saved_paths(preview: PdfPreviewWidget) -> Iterator[list[str]]:
    """Collect the paths that `saved` announces while the block runs."""
    paths: list[str] = []
    preview.saved.connect(paths.append)
    try:
        yield paths
    finally:
        preview.saved.disconnect(paths.append)


def fixture_pdf() -> bytes:
    return render_pdf(
        build_care_plan(
            cases.assessment("en"),
            cases.evaluation("en"),
            cases.plan("en"),
            cases.clinic(),
            cases.extras("en"),
        )
    )


def test_rendering_runs_in_a_worker_process_while_the_window_keeps_running(
    preview: PdfPreviewWidget, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ReportLab holds the GIL: drawn in this process, the window would stop for the whole render.

    How long the window may stop is a benchmark's business (benchmarks/bench_gui_latency.py,
    max_gui_stall_ms); here: the document is never drawn in the window's process, and the
    event loop runs while the worker draws it.
    """

    def drawn_here(*_args: object, **_kwargs: object) -> bytes:
        raise AssertionError("the PDF was drawn in the window's own process")

    monkeypatch.setattr("clinic_desktop.services.rendering.render_document", drawn_here)
    ticks: list[int] = []
    request = RenderRequest(
        cases.assessment("es"),
        cases.evaluation("es"),
        plan=cases.plan("es"),
        clinic=cases.clinic(),
        with_knowledge=False,
    )
    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: ticks.append(1))
    heartbeat.start()
    with qtbot.waitSignal(preview.rendered, timeout=60_000):
        preview.start_render(request)
        assert not ticks, "start_render returned before the event loop could run"
    heartbeat.stop()
    assert ticks, "the event loop never ran while the worker rendered"
    content = preview.pdf_bytes()
    assert content is not None
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text() or ""
    assert "García Núñez" in text
    assert preview.document.pageCount() == 4
    assert preview.print_button.isEnabled()


def test_a_failed_render_is_reported_not_raised(preview: PdfPreviewWidget, qtbot: QtBot) -> None:
    request = RenderRequest(
        cases.assessment("en"), cases.evaluation("en"), kind="poster", with_knowledge=False
    )
    with qtbot.waitSignal(preview.render_failed, timeout=60_000) as blocker:
        preview.start_render(request)
    assert "kind" in blocker.args[0]
    assert not preview.save_button.isEnabled()


def test_shown_pages_are_painted_after_the_event_loop_runs(
    preview: PdfPreviewWidget, qtbot: QtBot
) -> None:
    preview.show_pdf(fixture_pdf())
    qtbot.waitUntil(lambda: preview.document.status() == preview.document.Status.Ready)
    qtbot.wait(300)
    image = preview.view.viewport().grab().toImage()
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 3, "the view painted nothing"


def test_print_paints_every_page_onto_the_printer(
    preview: PdfPreviewWidget, tmp_path: Path
) -> None:
    preview.show_pdf(fixture_pdf())
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    assert preview.print_to(printer) == 4
    assert len(PdfReader(target).pages) == 4


def test_print_runs_off_the_gui_thread_and_says_when_it_is_done(
    preview: PdfPreviewWidget, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each page is drawn at up to 300 dpi: seconds in which the window froze, the print dialog
    still painted on it (15 s for a five-page plan under a loaded Xvfb). The pages must be drawn
    on another thread, and the window must keep running meanwhile. (How long it may stop at
    most is measured as a benchmark, not here: a threshold in a test fails on a busy machine.)"""
    monkeypatch.setattr("clinic_desktop.ui.pdf_preview.QPrinterInfo.availablePrinters", list)
    monkeypatch.setattr("clinic_desktop.ui.pdf_preview.documents_folder", lambda: tmp_path)
    drawn_on: list[bool] = []
    ticks_while_drawing: list[int] = []
    ticks: list[int] = []
    real_print = pdf_preview.print_pdf

    def print_and_note_the_thread(content: bytes, printer: QPrinter) -> int:
        drawn_on.append(threading.current_thread() is threading.main_thread())
        pages = real_print(content, printer)
        ticks_while_drawing.append(len(ticks))
        return pages

    monkeypatch.setattr("clinic_desktop.ui.pdf_preview.print_pdf", print_and_note_the_thread)
    preview.show_pdf(fixture_pdf())
    preview.suggested_name = "plan.pdf"

    def accept_print_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QPrintDialog):
            dialog.accept()
        else:
            QTimer.singleShot(20, accept_print_dialog)

    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: ticks.append(1))
    QTimer.singleShot(20, accept_print_dialog)
    with qtbot.waitSignal(preview.printed, timeout=60_000) as printed:
        preview.print_button.click()
        assert preview.status.text() == "Printing…"
        assert not preview.print_button.isEnabled(), "a second print while one runs"
        heartbeat.start()
    heartbeat.stop()
    assert drawn_on == [False], "the pages were drawn on the GUI thread"
    assert ticks_while_drawing and ticks_while_drawing[0] > 0, (
        "the event loop did not run while the pages were drawn"
    )
    assert printed.args == [4]
    assert preview.status.text() == "Printed 4 page(s)"
    assert preview.print_button.isEnabled()
    assert len(PdfReader(tmp_path / "plan.pdf").pages) == 4


def test_print_draws_each_page_in_bands_so_the_window_gets_the_lock_between_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """PySide holds the GIL through each render call: a whole page at 300 dpi in one call stopped
    the window for most of a second even from a thread. No call may draw more than a band."""
    heights: list[int] = []
    real_render = pdf_preview.QPdfDocument.render

    def render_and_note(self, page, size, options=None):  # type: ignore[no-untyped-def]
        heights.append(size.height())
        return real_render(self, page, size, options)

    monkeypatch.setattr(pdf_preview.QPdfDocument, "render", render_and_note)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "bands.pdf"))
    assert pdf_preview.print_pdf(fixture_pdf(), printer) == 4
    assert heights, "nothing was drawn"
    assert max(heights) <= pdf_preview.BAND_ROWS
    assert len(PdfReader(tmp_path / "bands.pdf").pages) == 4


def test_save_as_writes_the_same_bytes_and_reports_a_bad_folder(
    preview: PdfPreviewWidget, tmp_path: Path
) -> None:
    content = fixture_pdf()
    preview.show_pdf(content)
    target = tmp_path / "plan.pdf"
    assert preview.save_to(target)
    assert target.read_bytes() == content
    assert not preview.save_to(tmp_path / "missing" / "plan.pdf")
    assert "Could not save" in preview.status.text()


def test_save_as_button_adds_the_pdf_suffix(
    preview: PdfPreviewWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview.show_pdf(fixture_pdf())
    chosen = tmp_path / "care plan"
    monkeypatch.setattr(
        "clinic_desktop.ui.pdf_preview.QFileDialog.getSaveFileName",
        lambda *args, **kwargs: (str(chosen), "PDF documents (*.pdf)"),
    )
    with saved_paths(preview) as saved:
        preview.save_button.click()
    assert saved == [str(chosen) + ".pdf"]
    assert (tmp_path / "care plan.pdf").read_bytes() == preview.pdf_bytes()
