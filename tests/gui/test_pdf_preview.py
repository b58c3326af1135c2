"""The PDF preview: renders in a worker process without blocking the window, shows, prints and saves."""

from __future__ import annotations

import io
import time
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


def test_rendering_in_the_worker_never_blocks_the_gui_thread_over_50_ms(
    preview: PdfPreviewWidget, qtbot: QtBot
) -> None:
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    request = RenderRequest(
        cases.assessment("es"),
        cases.evaluation("es"),
        plan=cases.plan("es"),
        clinic=cases.clinic(),
        with_knowledge=False,
    )
    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(tick)
    heartbeat.start()
    with qtbot.waitSignal(preview.rendered, timeout=60_000):
        last[0] = time.perf_counter()
        preview.start_render(request)
    heartbeat.stop()
    assert gaps, "the event loop never ran while the worker rendered"
    worst = max(range(len(gaps)), key=gaps.__getitem__)
    assert max(gaps) < 0.050, (
        f"GUI thread blocked for {max(gaps) * 1000:.0f} ms at tick {worst} of {len(gaps)}"
    )
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
    still painted on it (15 s for a five-page plan under a loaded Xvfb)."""
    monkeypatch.setattr("clinic_desktop.ui.pdf_preview.QPrinterInfo.availablePrinters", list)
    monkeypatch.setattr("clinic_desktop.ui.pdf_preview.documents_folder", lambda: tmp_path)
    preview.show_pdf(fixture_pdf())
    preview.suggested_name = "plan.pdf"

    def accept_print_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QPrintDialog):
            dialog.accept()
        else:
            QTimer.singleShot(20, accept_print_dialog)

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(tick)
    QTimer.singleShot(20, accept_print_dialog)
    with qtbot.waitSignal(preview.printed, timeout=60_000) as printed:
        preview.print_button.click()
        assert preview.status.text() == "Printing…"
        assert not preview.print_button.isEnabled(), "a second print while one runs"
        started = last[0] = time.perf_counter()
        heartbeat.start()
    took = time.perf_counter() - started
    heartbeat.stop()
    assert printed.args == [4]
    assert preview.status.text() == "Printed 4 page(s)"
    assert preview.print_button.isEnabled()
    assert len(PdfReader(tmp_path / "plan.pdf").pages) == 4
    # Relative, not a fixed time (the machine may be loaded): the window ran all along, never
    # stopped for a tenth of the print. A page drawn at once stopped it for a quarter or more.
    assert len(gaps) > 20, "the event loop hardly ran while the pages were printed"
    assert max(gaps) < took / 10, (
        f"GUI thread blocked for {max(gaps) * 1000:.0f} ms of a {took * 1000:.0f} ms print"
    )


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
