"""The longest stall of the GUI thread while the real program searches, autosaves, renders a PDF, backs up.

One fresh interpreter runs the real main window offscreen over a data folder
filled by `clinic-desktop demo --patients N`, signed in through
`ClinicSession.begin` (see bench_memory.py). A QTimer on the GUI thread ticks
every 5 ms (a precise timer) and keeps the largest gap between two ticks; the
gap is reset before each scenario and read when its work is on screen:

- idle: nothing happens for a second (the floor of the measurement itself);
- search: typing texts into the search field key by key, 180 ms apart, so each
  key's search runs while the next key is typed, until the last results show;
- open patient: Enter in the search field, until the patient's visits show;
- autosave: typing into two number fields of the history page of a real
  AssessmentWizard (the session's SerialWriter), until the draft is saved;
- PDF preview: the wizard's "Care plan PDF" button (PdfPreviewWidget.start_render
  in a new worker process) until the pages are on screen;
- print: the preview's print job (PdfPreviewWidget.start_print, what Print does once
  the print dialog is accepted) at 300 dpi into a PDF file, until it says it is done;
- backup: ClinicSession.start_backup until the status bar names the copy;
- open the wizard: New assessment until the visit's first page is on screen (the
  session's first opening, which imports the wizard and loads the knowledge base,
  is reported apart);
- close the window (once, last): the window's close button until the window is
  gone; the rest of closing (the session's end and the backup at close) is then
  timed as the wait before the program can exit, which bench_startup.py measures
  as a whole process too.

`--patients year` runs it over a year of a busy clinic (benchmarks/make_year.py).

Each scenario runs `--rounds` times; the worst gap is the verdict.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui_latency.py [--rounds 3] [--patients N|year]

`--why` adds a watchdog thread that prints the GUI thread's stack during the
longest stall of each scenario (it perturbs the timing slightly).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench_memory import (
    PATIENTS,
    child_env,
    filled_data_dir,
    open_first_result,
    pause,
    run_child,
    signed_in_program,
    type_search,
    wait_until,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from clinic_desktop.ui.main_window import MainWindow
    from clinic_desktop.ui.session import ClinicSession
    from clinic_desktop.ui.wizard.wizard import AssessmentWizard

BUDGET_MS = 50.0
TICK_MS = 5
KEY_PAUSE_MS = 150
SEARCH_TEXTS = ("garcia ana", "smith", "1961-04-02", "ma")
WATCH_AFTER_S = 0.025


class StallMeter:
    """Ticks on the GUI thread every 5 ms and keeps the largest gap between two ticks."""

    def __init__(self, watch: bool) -> None:
        from PySide6.QtCore import Qt, QTimer

        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.on_tick)
        self._last = time.perf_counter()
        self.worst = 0.0
        self._gui_thread = threading.get_ident()
        self._stack: list[str] = []
        self._worst_stack: list[str] = []
        self._watching = watch
        if watch:
            threading.Thread(target=self._watch, name="stall-watchdog", daemon=True).start()
        self._timer.start()

    def on_tick(self) -> None:
        now = time.perf_counter()
        gap = now - self._last
        if gap > self.worst:
            self.worst = gap
            self._worst_stack = self._stack
        self._stack = []
        self._last = now

    def reset(self) -> None:
        self._last = time.perf_counter()
        self.worst = 0.0
        self._stack = []
        self._worst_stack = []

    def worst_ms(self) -> float:
        return self.worst * 1000

    def why(self) -> str:
        return "".join(self._worst_stack)

    def _watch(self) -> None:
        """Keep every thread's stack as seen 25 ms into a stall (first sighting only)."""
        while self._watching:
            time.sleep(0.002)
            if not self._stack and time.perf_counter() - self._last > WATCH_AFTER_S:
                names = {thread.ident: thread.name for thread in threading.enumerate()}
                stacks = []
                for ident, frame in sys._current_frames().items():
                    if ident == threading.get_ident():
                        continue
                    gui = ident == self._gui_thread
                    stacks.append(f"[{'GUI thread' if gui else names.get(ident, ident)}]\n")
                    stacks.extend(traceback.format_stack(frame, limit=None if gui else 6))
                self._stack = stacks


class CollectionTimer:
    """Times every cycle collection (the program runs them on the GUI thread, on a timer)."""

    def __init__(self) -> None:
        self._started = 0.0
        self.longest: dict[int, float] = {}
        self.count = 0
        gc.callbacks.append(self.on_phase)

    def on_phase(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        took = (time.perf_counter() - self._started) * 1000
        generation = info["generation"]
        self.longest[generation] = max(self.longest.get(generation, 0.0), took)
        self.count += 1


def measure(
    app: QApplication, meter: StallMeter, work: Callable[[], None], settle_ms: float = 200
) -> float:
    """The worst gap in ms while `work()` runs and for `settle_ms` after, when its results paint."""
    pause(app, 100)
    meter.reset()
    work()
    pause(app, settle_ms)
    return meter.worst_ms()


def open_wizard(app: QApplication, window: MainWindow, session: ClinicSession) -> AssessmentWizard:
    """A new assessment of the open patient, as the New assessment button starts it."""
    window.registry_widget.panel.new_assessment_button.click()
    # The session's first opening loads the knowledge on a worker, then shows the wizard
    # (imported by the program then, not here, so that its cost is measured where it falls).
    wait_until(app, lambda: type(window.current_page()).__name__ == "AssessmentWizard")
    from clinic_desktop.ui.wizard.wizard import AssessmentWizard

    page = window.current_page()
    assert isinstance(page, AssessmentWizard), "the wizard did not open"
    # What waits for the patient is read on the writer first: a draft to resume (the last
    # round's) or a visit signed today; the clinician reads the question, then starts anew.
    wait_until(
        app, lambda: page.view is not None or page.stack.currentWidget().objectName() != "opening"
    )
    question = page.stack.currentWidget().objectName() if page.view is None else ""
    if question in ("draft_offer", "second_visit"):
        pause(app, 100)
        (page.new_button if question == "draft_offer" else page.second_visit_button).click()
    wait_until(app, lambda: page.view is not None)
    view = page.view
    assert view is not None
    # The first page is built a turn of the event loop after the visit opens.
    wait_until(app, lambda: view.pages_stack.currentWidget() is not view.pending_page)
    return page


def type_into_history(app: QApplication, wizard: AssessmentWizard, round_number: int) -> None:
    """Type into Episodes per week and Episode duration, then wait for the draft to be saved."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from clinic_desktop.ui.wizard.history_page import HistoryPage

    view = wizard.view
    assert view is not None
    page = view.pages["history"]
    assert isinstance(page, HistoryPage)
    saved: list[int] = []
    view.autosave.saved.connect(saved.append)
    for field, text in ((page.episodes.edit, f"{12 + round_number}"), (page.duration.edit, "45")):
        field.setFocus()
        QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        for character in text:
            QTest.keyClicks(field, character)
            pause(app, KEY_PAUSE_MS)
    wait_until(app, lambda: bool(saved) and view.autosave.pending == 0)
    view.autosave.saved.disconnect(saved.append)


def render_care_plan(app: QApplication, window: MainWindow, wizard: AssessmentWizard) -> None:
    """Press Care plan PDF and wait for the preview's pages; then close the preview."""
    from clinic_desktop.ui.pdf_preview import PdfPreviewWidget

    view = wizard.view
    assert view is not None
    view.banner.care_plan_pdf_button.click()
    preview = window.current_page()
    assert isinstance(preview, PdfPreviewWidget), "no preview opened"
    rendered: list[bool] = []
    preview.rendered.connect(lambda: rendered.append(True))
    preview.render_failed.connect(lambda message: sys.exit(f"render failed: {message}"))
    wait_until(app, lambda: bool(rendered), timeout_s=120)
    pause(app, 300)  # the view paints its pages


def print_care_plan(app: QApplication, window: MainWindow, target: Path) -> None:
    """Print the previewed plan at 300 dpi into a PDF file, as the print dialog's printer would."""
    from PySide6.QtPrintSupport import QPrinter

    from clinic_desktop.ui.pdf_preview import PdfPreviewWidget

    preview = window.current_page()
    assert isinstance(preview, PdfPreviewWidget), "no preview open"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    printed: list[int] = []
    preview.printed.connect(printed.append)
    preview.start_print(printer)
    wait_until(app, lambda: bool(printed), timeout_s=120)
    preview.printed.disconnect(printed.append)
    if not printed[0]:
        sys.exit("printing drew no page")


def back_up(app: QApplication, window: MainWindow, session: ClinicSession) -> None:
    window.statusBar().clearMessage()
    session.start_backup("manual")
    wait_until(app, lambda: window.statusBar().currentMessage().startswith("Backed up"))


Recorder = Callable[..., None]


def one_round(
    app: QApplication,
    window: MainWindow,
    session: ClinicSession,
    record: Recorder,
    round_number: int,
) -> None:
    """Every scenario once, in the order a visit goes: find, open, assess, print, back up."""
    record("idle (1 s)", lambda: pause(app, 1000))
    for text in SEARCH_TEXTS:
        record("search as you type", lambda text=text: type_search(app, window, text))
    record("open a patient", lambda: open_first_result(app, window))
    opened: list[AssessmentWizard] = []
    # The session's first opening also imports the wizard and loads the knowledge base.
    first = " (first of the session)" if round_number == 0 else ""
    record(f"open the wizard{first}", lambda: opened.append(open_wizard(app, window, session)))
    wizard = opened[0]
    record("autosave while typing", lambda: type_into_history(app, wizard, round_number))
    record("care-plan PDF preview", lambda: render_care_plan(app, window, wizard))
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "printed.pdf"
        record("print the plan (300 dpi)", lambda: print_care_plan(app, window, target))
    preview = window.current_page()
    assert preview is not None
    window.close_page(preview)
    window.show_page(wizard)
    record("backup", lambda: back_up(app, window, session))
    window.close_page(wizard)


def close_window(app: QApplication, window: MainWindow) -> None:
    window.close()
    wait_until(app, lambda: not window.isVisible())


def measure_program(rounds: int, why: bool) -> dict[str, Any]:
    app, window, session = signed_in_program()
    meter = StallMeter(why)
    collections = CollectionTimer()
    results: dict[str, list[float]] = {}
    stacks: dict[str, str] = {}

    def record(name: str, work: Callable[[], None], settle_ms: float = 200) -> None:
        stall = measure(app, meter, work, settle_ms)
        results.setdefault(name, []).append(stall)
        if stall >= max(results[name]) and meter.why():
            stacks[name] = meter.why()

    for round_number in range(rounds):
        one_round(app, window, session, record, round_number)
    record("close the window", lambda: close_window(app, window), settle_ms=50)
    started = time.perf_counter()
    session.close()  # as run_gui does once the window is gone: the backup at close
    after_close_s = time.perf_counter() - started
    longest = {str(generation): ms for generation, ms in collections.longest.items()}
    return {
        "stalls": results,
        "why": stacks,
        "collections": [collections.count, longest],
        "after_close_s": after_close_s,
    }


def measure_stalls(rounds: int, data_set: str, why: bool = False) -> dict[str, Any]:
    with filled_data_dir(data_set) as data:
        args = [__file__, "--child", "--rounds", str(rounds)]
        measured = run_child(args + (["--why"] if why else []), child_env(data))
    worst = {name: max(stalls) for name, stalls in measured["stalls"].items()}
    budgeted = {name: ms for name, ms in worst.items() if not name.startswith("idle")}
    name = max(budgeted, key=lambda n: budgeted[n])
    print(
        f"  GUI stalls, {data_set} patients: worst {budgeted[name]:.1f} ms ({name}; budget "
        f"{BUDGET_MS:.0f} ms); backup {worst.get('backup', 0):.1f} ms; closing the window "
        f"{worst['close the window']:.1f} ms, then {measured['after_close_s']:.2f} s to end",
        flush=True,
    )
    return {**measured, "worst": worst, "max_gui_stall_ms": budgeted[name], "worst_scenario": name}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--patients", default=str(PATIENTS), help="a number, or 'year'")
    parser.add_argument("--why", action="store_true", help="print the stack of each worst stall")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(measure_program(options.rounds, options.why)))
        return 0

    measured = measure_stalls(options.rounds, options.patients, options.why)
    print(f"longest GUI-thread stall, ms ({options.patients} patients; budget {BUDGET_MS:.0f} ms)")
    for name, stalls in measured["stalls"].items():
        budgeted = not name.startswith("idle")
        worst = max(stalls)
        verdict = ("ok" if worst <= BUDGET_MS else "OVER BUDGET") if budgeted else "-"
        each = " ".join(f"{stall:5.1f}" for stall in stalls)
        print(f"  {name:38s} worst {worst:6.1f}  {verdict:11s} (each: {each})")
    count, longest = measured["collections"]
    print(f"cycle collections during the run: {count}; the longest of each generation, ms:")
    print("  " + "  ".join(f"gen {g}: {ms:.1f}" for g, ms in sorted(longest.items())))
    for name, stack in measured["why"].items():
        print(f"\n--- the threads 25 ms into the worst stall of {name}:\n{stack}")
    return 1 if measured["max_gui_stall_ms"] > BUDGET_MS else 0


if __name__ == "__main__":
    sys.exit(main())
