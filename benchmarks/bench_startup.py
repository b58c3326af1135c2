"""Start-up time to an interactive main window, against a bare PySide6 window with as many widgets.

Each measurement is a fresh interpreter (imports included) running the real entry
point (`clinic-desktop` with no command), timed from launch until the window is on
screen and the event loop has run once; for Clinic Desktop also until the
registry's first search is on screen (the records are opened on a worker). The database is an existing,
migrated SQLite file with demo patients, as on a clinic's second day.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_startup.py [--runs 7]

Prints the medians and their ratio (the budget in docs/design.md is 1.3x).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET = 1.3

OURS = r"""
import os, sys, json
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from clinic_desktop import cli
from clinic_desktop.ui.main_window import MainWindow


def sign_in_without_typing():
    # As the program does, the session module is imported only once the window is up; then
    # the prepared user signs in without the dialog (and without hashing a password).
    from clinic_desktop.ui.session import ClinicSession

    ClinicSession.start = lambda session: session.begin(session.accounts.list_users()[0])

# The real entry point (`clinic-desktop` with no command); two hooks only report progress.
def say(word):
    sys.stdout.write(word + "\n")
    sys.stdout.flush()

def census(window):
    counts = {}
    for widget in window.findChildren(QWidget):
        qt_class = next(c for c in type(widget).__mro__ if c.__module__.startswith("PySide6"))
        counts[qt_class.__name__] = counts.get(qt_class.__name__, 0) + 1
    return counts

real_show = MainWindow.show
def show(window):
    real_show(window)
    QTimer.singleShot(0, lambda: say("shown"))
    QTimer.singleShot(0, sign_in_without_typing)
    def on_search_finished(_count):
        say("results")
        if "--census" in sys.argv:
            say(json.dumps(census(window)))
        os._exit(0)
    window.registry_widget.search_finished.connect(on_search_finished)
MainWindow.show = show
cli.main([])
"""

BARE = r"""
import os, sys, json
from PySide6 import QtWidgets
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

counts = json.loads(sys.argv[1])
app = QApplication(sys.argv[:1])
window = QMainWindow()
central = QWidget()
window.setCentralWidget(central)
made = 1
for name, count in counts.items():
    cls = getattr(QtWidgets, name, QWidget)
    for _ in range(count - (1 if name == "QWidget" else 0)):
        try:
            cls(central)
        except (TypeError, NotImplementedError):  # abstract, or no parent-only constructor
            QWidget(central)
        made += 1
window.resize(1280, 760)
window.show()

def shown():
    sys.stdout.write("shown\n")
    sys.stdout.flush()
    os._exit(0)

QTimer.singleShot(0, shown)
app.exec()
"""


def timed_run(
    code: str, args: list[str], env: dict[str, str]
) -> tuple[dict[str, float], list[str]]:
    """Launch `code` in a fresh interpreter; seconds from launch to each line it prints."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    marks: dict[str, float] = {}
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line.strip())
        marks.setdefault(line.strip(), time.perf_counter() - start)
    assert process.stderr is not None
    errors = process.stderr.read()
    if process.wait() != 0:
        raise SystemExit(f"the measured program failed (exit {process.returncode}):\n{errors}")
    return marks, lines


def prepare_data(folder: Path, patients: int) -> None:
    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.services.accounts import AccountService
    from clinic_desktop.services.audit import AuditLog
    from clinic_desktop.services.maintenance import fill_demo

    os.environ["CLINIC_DESKTOP_DATA_DIR"] = str(folder)
    database = open_database()
    try:
        fill_demo(database, patients, seed=1)
        accounts = AccountService(database, AuditLog(database))
        accounts.create_first_administrator("bench", "Bench Mark", "bench-password-1")
    finally:
        database.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--patients", type=int, default=2000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        prepare_data(Path(folder), options.patients)
        env = dict(os.environ)
        env["CLINIC_DESKTOP_DATA_DIR"] = folder
        env["XDG_CONFIG_HOME"] = str(Path(folder) / "config")
        env.setdefault("QT_QPA_PLATFORM", "offscreen")

        _marks, lines = timed_run(OURS, ["--census"], env)
        counts = json.loads(lines[-1])
        census = json.dumps(counts)
        ours_shown: list[float] = []
        ours_results: list[float] = []
        bare_shown: list[float] = []
        for _ in range(options.runs):  # interleaved, so drift in machine load hits both alike
            marks, _lines = timed_run(OURS, [], env)
            ours_shown.append(marks["shown"])
            ours_results.append(marks["results"])
            marks, _lines = timed_run(BARE, [census], env)
            bare_shown.append(marks["shown"])

    bare = statistics.median(bare_shown)
    shown = statistics.median(ours_shown)
    results = statistics.median(ours_results)
    print(
        f"widgets in the main window: {sum(counts.values())} ({options.patients} patients stored)"
    )
    print(f"bare PySide6 window, shown:        {bare:.3f} s (median of {options.runs})")
    print(f"Clinic Desktop window, shown:      {shown:.3f} s")
    print(f"Clinic Desktop, first results:     {results:.3f} s")
    print(f"ratio shown/bare:                  {shown / bare:.2f} (budget {BUDGET})")
    print(f"ratio first results/bare:          {results / bare:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
