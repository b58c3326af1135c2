"""Peak memory of the signed-in program over 100,000 patients, against a bare PySide6 program.

Each side runs in a fresh interpreter over the same copy of a data folder
(benchmarks/datasets.py: demo patients, accounts made beforehand) and does the
same work, with nothing on either side that the other lacks:

- Clinic Desktop: the real main window, offscreen; the clinician signs in through
  `ClinicSession.begin` (as the dialog does once the password checks out; no
  argon2id hash on either side), the day's backup already made (a second start
  that day, so no backup runs on either side); then the texts of SEARCHES are typed
  into the search field key by key, each answer on screen.
- Bare: a QMainWindow with as many widgets of the same Qt classes as the signed-in
  main window, which opens the same SQLite file with Python's sqlite3 and, for each
  of the same texts, runs the SQL the registry runs for it and shows the rows in a
  QTableView.

Both report their peak resident set (VmHWM in /proc/self/status; not ru_maxrss, which
Linux carries over from the parent that started the process) and the resident set at
the end (/proc/self/statm). Linux only. Budget (docs/design.md):
1.5x the bare program's peak.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_memory.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from clinic_desktop.ui.main_window import MainWindow
    from clinic_desktop.ui.session import ClinicSession

BUDGET = 1.5
PATIENTS = 100_000
CLINICIAN = datasets.CLINICIAN
SEARCHES = ("g", "garcia", "smith j", "1961-04-02", "ma")
KEY_PAUSE_MS = 180  # a slow typist: each key's search runs while the next key is typed


# --- shared with bench_gui_latency.py ------------------------------------------------------------


@contextmanager
def filled_data_dir(data_set: str, backed_up_today: bool = False) -> Iterator[Path]:
    """A throw-away copy of a kept data set ("100000" patients, or "year").

    With `backed_up_today`, the copy's backups folder holds a copy made today, so
    signing in starts no backup: a second start that day.
    """
    kept = datasets.year() if data_set == "year" else datasets.patients(int(data_set))
    with datasets.scratch_copy(kept) as data:
        if backed_up_today:
            import sqlite3

            folder = data / "backups"
            folder.mkdir(mode=0o700, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            source = sqlite3.connect(data / datasets.DATABASE_FILE)
            target = sqlite3.connect(folder / f"clinic-{stamp}-daily.sqlite3")
            source.backup(target)
            source.close(), target.close()
        yield data


child_env = datasets.child_env


def run_child(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run this benchmark's `args` in a fresh interpreter; its last stdout line is JSON."""
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the measured program failed (exit {done.returncode}):\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def wait_until(app: QApplication, condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
    """Run the event loop until `condition()` holds; SystemExit after `timeout_s`."""
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out waiting for the program")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.001)


def pause(app: QApplication, milliseconds: float) -> None:
    """Let the event loop run for `milliseconds`, as a user's pause would."""
    end = time.perf_counter() + milliseconds / 1000
    wait_until(app, lambda: time.perf_counter() >= end)


def signed_in_program() -> tuple[QApplication, MainWindow, ClinicSession]:
    """The real main window on screen over the records, the clinician signed in.

    As `ui.app.run_gui` does it (application, cycle collector on the GUI thread, the
    window), except that the sign-in dialog is replaced by `ClinicSession.begin` for
    the clinician the data set holds (no password hashed). Waits for the first search
    and, when signing in started one, for the day's first backup.
    """
    from clinic_desktop.ui.operations import GarbageCollector, read_sources_lightly

    read_sources_lightly()  # first, as run_gui does, before the database layer is imported
    from clinic_desktop.ui.app import configure_application, open_records
    from clinic_desktop.ui.main_window import MainWindow
    from clinic_desktop.ui.session import ClinicSession

    app = configure_application()
    collector = GarbageCollector(app)
    collector.start()
    window = MainWindow()
    window.show()
    database = open_records(None)[0]
    assert database.sqlite_path is not None
    session = ClinicSession(window, database, os.fspath(database.sqlite_path))
    account = next(a for a in session.accounts.list_users() if a.username == CLINICIAN)
    searched: list[int] = []
    window.registry_widget.search_finished.connect(searched.append)
    backups = database.sqlite_path.parent / "backups"
    backup_due = not any(backups.glob("*-daily.sqlite3"))
    session.begin(account)
    wait_until(app, lambda: bool(searched))
    if backup_due:
        wait_until(app, lambda: window.statusBar().currentMessage().startswith("Backed up"))
    return app, window, session


def type_search(app: QApplication, window: MainWindow, text: str) -> int:
    """Clear the search field, type `text` key by key, and wait for its results; their count."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    registry = window.registry_widget
    edit = registry.search_edit
    found: list[int] = []
    registry.search_finished.connect(found.append)
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(edit, Qt.Key.Key_Backspace)
    for character in text:
        QTest.keyClicks(edit, character)
        pause(app, KEY_PAUSE_MS)
    # Done when no search waits for its debounce or its answer (the widget's own state).
    wait_until(app, lambda: not registry._debounce.isActive() and not registry._searching)
    registry.search_finished.disconnect(found.append)
    return found[-1]


def open_first_result(app: QApplication, window: MainWindow) -> None:
    """Press Enter in the search field and wait until the opened patient's visits are listed."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    panel = window.registry_widget.panel
    QTest.keyClick(window.registry_widget.search_edit, Qt.Key.Key_Return)
    wait_until(app, lambda: panel.patient is not None and panel.visits_status.text() != "")
    wait_until(app, lambda: "Loading" not in panel.visits_status.text())


def census(window: QWidget) -> dict[str, int]:
    """How many widgets of each PySide6 class the window holds."""
    from PySide6.QtWidgets import QWidget

    counts: dict[str, int] = {}
    for widget in window.findChildren(QWidget):
        qt_class = next(c for c in type(widget).__mro__ if c.__module__.startswith("PySide6"))
        counts[qt_class.__name__] = counts.get(qt_class.__name__, 0) + 1
    return counts


# --- the two measured programs -------------------------------------------------------------------


def peak_rss_mb() -> float:
    """The peak resident set of this process since it started (/proc: VmHWM).

    Not getrusage's ru_maxrss: Linux carries that across fork and exec, so a measured
    program started by a large parent would report the parent's size as its own peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    raise SystemExit("no VmHWM in /proc/self/status (Linux only)")


def current_rss_mb() -> float:
    """The resident set now, from /proc (importing psutil would itself add 3 MB to the peak)."""
    resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure_ours() -> dict[str, Any]:
    app, window, session = signed_in_program()
    for text in SEARCHES:
        type_search(app, window, text)
    pause(app, 500)
    result = {"peak_mb": peak_rss_mb(), "end_mb": current_rss_mb(), "census": census(window)}
    session.close()
    return result


def search_statements() -> list[tuple[str, list[Any]]]:
    """The SQL and parameters the registry runs for each text of SEARCHES (SQLite)."""
    import tempfile

    from bench_patient_search import driver_sql

    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.services.patients import PatientRegistry

    out: list[tuple[str, list[Any]]] = []
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{Path(folder) / 'q.sqlite3'}")
        registry = PatientRegistry(database)
        for text in SEARCHES:
            statement, bound = registry.search_query(text)
            out.append(driver_sql(database.engine.dialect, statement, bound))
        database.close()
    return out


def measure_bare(counts: dict[str, int], statements: list[tuple[str, list[Any]]]) -> dict[str, Any]:
    import sqlite3

    from PySide6 import QtWidgets
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QWidget

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    central = QWidget()
    window.setCentralWidget(central)
    table = QTableView(central)
    made = {"QWidget": 1, "QTableView": 1}
    for name, count in counts.items():
        cls = getattr(QtWidgets, name, QWidget)
        for _ in range(count - made.get(name, 0)):
            try:
                cls(central)
            except (TypeError, NotImplementedError):  # abstract, or no parent-only constructor
                QWidget(central)
    window.resize(1280, 760)
    window.show()
    pause(app, 100)
    connection = sqlite3.connect(os.environ["CLINIC_DESKTOP_DATA_DIR"] + "/clinic.sqlite3")
    for sql, parameters in statements:
        rows = connection.execute(sql, parameters).fetchall()
        model = QStandardItemModel(len(rows), 6, table)
        for r, row in enumerate(rows):
            for c, value in enumerate(row[:6]):
                model.setItem(r, c, QStandardItem(str(value)))
        table.setModel(model)
        pause(app, KEY_PAUSE_MS)
    pause(app, 500)
    result = {"peak_mb": peak_rss_mb(), "end_mb": current_rss_mb()}
    connection.close()
    return result


def measure(runs: int, data_set: str = str(PATIENTS)) -> dict[str, Any]:
    ours: list[dict[str, Any]] = []
    bare: list[dict[str, Any]] = []
    statements = json.dumps(search_statements())
    for _ in range(runs):  # interleaved, so drift in machine load hits both alike
        with filled_data_dir(data_set, backed_up_today=True) as data:
            ours.append(run_child([__file__, "--child", "ours"], child_env(data)))
            counts = json.dumps(ours[-1]["census"])
            bare.append(
                run_child(
                    [__file__, "--child", "bare", "--census", counts, "--statements", statements],
                    child_env(data),
                )
            )

    def median(side: list[dict[str, Any]], key: str) -> float:
        return statistics.median(run[key] for run in side)

    result = {
        "peak_rss_mb": median(ours, "peak_mb"),
        "end_rss_mb": median(ours, "end_mb"),
        "bare_peak_rss_mb": median(bare, "peak_mb"),
        "bare_end_rss_mb": median(bare, "end_mb"),
        "widgets": sum(ours[-1]["census"].values()),
    }
    result["memory_ratio"] = result["peak_rss_mb"] / result["bare_peak_rss_mb"]
    print(
        f"  memory, {data_set} patients: peak {result['peak_rss_mb']:.1f} MB vs bare "
        f"{result['bare_peak_rss_mb']:.1f} MB = {result['memory_ratio']:.2f}x (budget {BUDGET});"
        f" at the end {result['end_rss_mb']:.1f} vs {result['bare_end_rss_mb']:.1f} MB",
        flush=True,
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--patients", default=str(PATIENTS), help="a number, or 'year'")
    parser.add_argument("--child", choices=("ours", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--census", help=argparse.SUPPRESS)
    parser.add_argument("--statements", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child == "ours":
        print(json.dumps(measure_ours()))
        return 0
    if options.child == "bare":
        statements = [tuple(item) for item in json.loads(options.statements)]
        print(json.dumps(measure_bare(json.loads(options.census), statements)))
        return 0
    result = measure(options.runs, options.patients)
    return 0 if result["memory_ratio"] <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
