"""Peak memory of the signed-in program over 100,000 patients, against a bare PySide6 window (budget 1.5x).

Each side runs in a fresh interpreter. Clinic Desktop: the real main window,
offscreen, over a data folder filled by `clinic-desktop demo --patients N`; the
first administrator is created and signed in through `ClinicSession.begin`
(which also takes the day's first backup, as the program does), then a few
searches are typed into the search field and the first result is opened with
Enter, waiting for its visits. The bare side is a QMainWindow with the same
number of widgets of the same Qt classes and a QTableView of 200 rows, which
also hashes and verifies one password with argon2id at the program's settings
(services/accounts.py: 19 MiB, t=2, p=1; issue 6 requires the hash, so a bare
program that signs a user in pays for it too). Both
report `resource.getrusage(RUSAGE_SELF).ru_maxrss` (peak resident set) and the
resident set at the end (/proc/self/statm). Linux only.

A third line measures Clinic Desktop again over the same folder with the accounts
already made, so no argon2id hash (19 MiB of working memory each) runs in the
measured process: it shows how much of the peak is the password hashing of a sign-in.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_memory.py [--runs 3]

`--data-dir DIR` copies the database of an already filled data folder instead
of running `demo` (the copy is thrown away afterwards).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from clinic_desktop.ui.main_window import MainWindow
    from clinic_desktop.ui.session import ClinicSession

BUDGET = 1.5
PATIENTS = 100_000
PASSWORD = "Bench-Horse-7391"
CLINICIAN = "dr.bench"
SEARCHES = ("g", "garcia", "smith j", "1961-04-02", "ma")
KEY_PAUSE_MS = 180  # a slow typist: each key's search runs while the next key is typed


# --- shared with bench_gui_latency.py ------------------------------------------------------------


@contextmanager
def filled_data_dir(patients: int, source: Path | None) -> Iterator[Path]:
    """A throw-away data folder with `patients` demo patients (or a copy of `source`'s database)."""
    with tempfile.TemporaryDirectory(prefix="clinic-bench-") as folder:
        data = Path(folder) / "data"
        data.mkdir(mode=0o700)
        if source is not None:
            shutil.copy2(source / "clinic.sqlite3", data / "clinic.sqlite3")
        else:
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "clinic_desktop",
                    "--data-dir",
                    str(data),
                    "demo",
                    "--patients",
                    str(patients),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            print(f"demo data: {patients} patients in {time.perf_counter() - started:.1f} s")
        yield data


def child_env(data: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CLINIC_DESKTOP_DATA_DIR"] = str(data)
    env["XDG_CONFIG_HOME"] = str(data.parent / "config")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


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


def signed_in_program(
    create_users: bool = True,
) -> tuple[QApplication, MainWindow, ClinicSession]:
    """The real main window on screen over the records, a clinician signed in.

    As `ui.app.run_gui` does it (application, cycle collector on the GUI thread, the
    window), except that the sign-in dialog is replaced by `ClinicSession.begin`. With
    `create_users` the first administrator adds the clinician here (two argon2id hashes,
    as costly as a sign-in's check); without, the clinician must already exist and no
    password is hashed in this process. Waits for the first search and for the day's
    first backup that signing in starts.
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
    database, _registry = open_records(None)
    assert database.sqlite_path is not None
    session = ClinicSession(window, database, os.fspath(database.sqlite_path))
    if create_users:
        admin = session.accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
        account = session.accounts.add_user(admin, CLINICIAN, "Dr Bench", "clinician", PASSWORD)
    else:
        account = next(a for a in session.accounts.list_users() if a.username == CLINICIAN)
    searched: list[int] = []
    window.registry_widget.search_finished.connect(searched.append)
    session.begin(account)
    backups = database.sqlite_path.parent / "backups"
    wait_until(app, lambda: bool(searched) and any(backups.glob("*-daily.sqlite3")))
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
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def current_rss_mb() -> float:
    """The resident set now, from /proc (importing psutil would itself add 3 MB to the peak)."""
    resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure_ours(create_users: bool) -> dict[str, Any]:
    app, window, session = signed_in_program(create_users)
    for text in SEARCHES:
        type_search(app, window, text)
    type_search(app, window, "garcia")
    open_first_result(app, window)
    pause(app, 500)
    result = {
        "peak_mb": peak_rss_mb(),
        "end_mb": current_rss_mb(),
        "census": census(window),
    }
    session.close()
    return result


def measure_bare(counts: dict[str, int]) -> dict[str, Any]:
    from PySide6 import QtWidgets
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QWidget

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    central = QWidget()
    window.setCentralWidget(central)
    table = QTableView(central)
    model = QStandardItemModel(200, 6, table)
    for row in range(200):
        for column in range(6):
            model.setItem(row, column, QStandardItem(f"cell {row}.{column} Garcia Ana"))
    table.setModel(model)
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
    from argon2 import PasswordHasher

    hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
    hasher.verify(hasher.hash("Correct-Horse-7391"), "Correct-Horse-7391")
    pause(app, 500)
    return {"peak_mb": peak_rss_mb(), "end_mb": current_rss_mb()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--patients", type=int, default=PATIENTS)
    parser.add_argument("--data-dir", type=Path, help="copy this filled data folder's database")
    parser.add_argument("--child", choices=("ours", "ours-no-hash", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--census", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child in ("ours", "ours-no-hash"):
        print(json.dumps(measure_ours(create_users=options.child == "ours")))
        return 0
    if options.child == "bare":
        print(json.dumps(measure_bare(json.loads(options.census))))
        return 0

    ours: list[dict[str, Any]] = []
    unhashed: list[dict[str, Any]] = []
    bare: list[dict[str, Any]] = []
    for _ in range(options.runs):  # interleaved, so drift in machine load hits both alike
        with filled_data_dir(options.patients, options.data_dir) as data:
            ours.append(run_child([__file__, "--child", "ours"], child_env(data)))
            counts = json.dumps(ours[-1]["census"])
            bare.append(
                run_child([__file__, "--child", "bare", "--census", counts], child_env(data))
            )
            # The same again with the accounts made by the run above: the daily backup is
            # made afresh, but no password is hashed in the measured process.
            shutil.rmtree(data / "backups")
            unhashed.append(run_child([__file__, "--child", "ours-no-hash"], child_env(data)))

    def median(side: list[dict[str, Any]], key: str) -> float:
        return statistics.median(run[key] for run in side)

    bare_peak = median(bare, "peak_mb")
    ratio = median(ours, "peak_mb") / bare_peak
    widgets = sum(ours[-1]["census"].values())
    print(f"widgets in the main window: {widgets}; {options.patients} patients stored")
    print(f"medians of {options.runs} runs        peak MB   end MB   peak ratio")
    for name, side in (
        ("bare window, 200 rows, argon2id", bare),
        ("Clinic Desktop", ours),
        ("  the same, no argon2id here", unhashed),
    ):
        peak, end = median(side, "peak_mb"), median(side, "end_mb")
        print(f"{name:32s} {peak:7.1f}  {end:7.1f}   {peak / bare_peak:5.2f}")
    verdict = "ok" if ratio <= BUDGET else "OVER BUDGET"
    print(f"ratio of the peaks, Clinic Desktop / bare: {ratio:.2f} (budget {BUDGET}) {verdict}")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
