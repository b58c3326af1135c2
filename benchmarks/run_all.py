"""Runs every benchmark, prints each figure against its budget, writes benchmarks/results.json.

    benchmarks/run [--quick] [--postgres-url URL] [--only NAME,...]

`--only` runs some steps and updates their figures in an existing results.json (noted
under "partial_updates" with the date and load of that run), keeping the others.

What each measures and how: the docstring of each bench_*.py and docs/performance.md.
The machine is shared: every comparison alternates ours and bare in one run and takes
medians, and the load average is sampled every 5 s through the run and written down
beside the figures. `--quick` takes fewer rounds and leaves out the 1,000,000-patient
start-up (a smoke run, not figures to quote). Exit status 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets

HERE = datasets.HERE
RESULTS = HERE / "results.json"

# Each figure's budget and how it compares: "max" (at most) or "info" (no budget).
BUDGETS: dict[str, tuple[float | None, str, str]] = {
    "startup_ratio": (1.3, "x", "start to first search results on screen / bare, worst size"),
    "shown_ratio": (1.3, "x", "start to the window on screen / bare, worst size"),
    "close_s_year": (1.0, "s", "close the window to the process's end, a year's data"),
    "pdf_ratio": (1.5, "x", "`clinic-desktop render` / plain ReportLab, whole processes"),
    "pdf_ratio_first_run": (None, "x", "the same, first run after an update (no knowledge cache)"),
    "search_ratio": (2.0, "x", "search / its bare SQL, all texts, 100,000 patients (SQLite)"),
    "search_ratio_worst_text": (2.0, "x", "search / its bare SQL, worst text, 100,000 (SQLite)"),
    "search_overhead_ms": (None, "ms", "the most a search took over its bare SQL, 100,000"),
    "search_ms_100k": (16.0, "ms", "slowest search, 100,000 patients (SQLite)"),
    "search_ms_1m": (16.0, "ms", "slowest search, 1,000,000 patients (SQLite)"),
    "search_ms_1m_postgresql": (16.0, "ms", "slowest search, 1,000,000 patients (PostgreSQL)"),
    "evaluate_ms": (5.0, "ms", "evaluate() per assessment, worst case"),
    "max_gui_stall_ms": (
        50.0,
        "ms",
        "longest GUI-thread stall, every scenario incl. close, backup",
    ),
    "peak_rss_mb": (None, "MB", "peak resident set, signed in, 100,000 patients"),
    "memory_ratio": (1.5, "x", "peak resident set / bare program doing the same"),
    "db_mb_year": (None, "MB", "the SQLite file after a year"),
    "documents_mb_year": (None, "MB", "the signed documents' files after a year"),
    "backups_mb_year": (None, "MB", "backups folder after a year: documents once, kept copies"),
    "backup_s_year": (None, "s", "one backup of a year's data, the second of the day"),
}


class LoadWatch:
    """Samples the 1-minute load average every 5 s while the benchmarks run."""

    def __init__(self) -> None:
        self.samples: list[float] = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(5):
            self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict[str, float]:
        self._stop.set()
        return {
            "cores": os.cpu_count() or 0,
            "load_1min_start": self.samples[0],
            "load_1min_median": statistics.median(self.samples),
            "load_1min_max": max(self.samples),
            "load_1min_end": os.getloadavg()[0],
        }


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE
    ).stdout.strip()
    return {
        "host": platform.node(),
        "system": f"{platform.system()} {platform.release()}",
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 2**20, 1),
        "python": platform.python_version(),
        "commit": commit,
    }


def kept_in_a_year() -> int:
    """How many backups the rotation keeps after a year of two a day (sign-in and close)."""
    from datetime import timedelta

    from clinic_desktop.persistence.backup import backups_to_keep

    now = datetime.now(UTC)
    taken = {
        Path(f"{day}-{hour}"): now - timedelta(days=day, hours=hour)
        for day in range(365)
        for hour in (1, 9)
    }
    return len(backups_to_keep(taken, now))


def year_storage() -> dict[str, float]:
    """Sizes of a year's data, and what backing it up costs: the first backup, then each next."""
    kept = datasets.year()
    database = kept / datasets.DATABASE_FILE
    documents = kept / "documents"
    out = {
        "db_mb_year": datasets.folder_mb(database),
        "documents_mb_year": datasets.folder_mb(documents) if documents.exists() else 0.0,
    }
    clinic_desktop = str(Path(sys.executable).with_name("clinic-desktop"))
    with datasets.scratch_copy(kept, documents_backed_up=False) as data:
        env = datasets.child_env(data)
        sizes: list[float] = []
        seconds: list[float] = []
        for _ in range(2):
            started = time.perf_counter()
            subprocess.run([clinic_desktop, "backup"], env=env, check=True, capture_output=True)
            seconds.append(time.perf_counter() - started)
            sizes.append(datasets.folder_mb(data / "backups"))
    increment = sizes[1] - sizes[0]
    count = kept_in_a_year()
    out["backup_first_mb_year"] = sizes[0]
    out["backup_next_mb_year"] = increment
    out["backup_first_s_year"] = seconds[0]
    out["backup_s_year"] = seconds[1]
    out["backups_kept"] = count
    # After a year: every document once (each backup adds only the new ones), and the kept
    # copies of the database (each about as large as the next backup's increment).
    out["backups_mb_year"] = (sizes[0] - increment) + count * increment
    print(
        f"  a year's data: database {out['db_mb_year']:.0f} MB, documents "
        f"{out['documents_mb_year']:.0f} MB; the first backup {sizes[0]:.0f} MB in "
        f"{seconds[0]:.1f} s, the next +{increment:.0f} MB in {seconds[1]:.1f} s; "
        f"{count} kept after a year: {out['backups_mb_year']:.0f} MB",
        flush=True,
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("CLINIC_BENCH_POSTGRES_URL"),
        help="a PostgreSQL database the search benchmark may fill with 1,000,000 demo patients",
    )
    parser.add_argument("--only", help="comma-separated: data,startup,pdf,memory,search,"
                        "evaluate,stalls,storage")  # fmt: skip
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--pdf-before",
        type=Path,
        help="another version's source (clinic_desktop/, resources/) the PDF step times too",
    )
    options = parser.parse_args()
    only = set(options.only.split(",")) if options.only else None
    quick = options.quick
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("CLINIC_BENCH_SCRATCH", tempfile.gettempdir() + "/clinic-bench")

    import bench_careplan_pdf
    import bench_evaluate
    import bench_gui_latency
    import bench_memory
    import bench_patient_search
    import bench_startup

    load = LoadWatch()
    started = time.perf_counter()
    details: dict[str, Any] = {}
    figures: dict[str, float] = {}

    def step(name: str, work: Callable[[], None]) -> None:
        if only is None or name in only:
            print(f"== {name}", flush=True)
            work()

    def data() -> None:
        for count in (1000, 100_000, 1_000_000):
            datasets.patients(count)
        datasets.year()

    def startup() -> None:
        sizes = ["1000", "100000", "year"] if quick else ["1000", "100000", "1000000", "year"]
        rows = bench_startup.measure(bench_startup.data_sets(sizes), 3 if quick else 7)
        details["startup"] = rows
        figures["startup_ratio"] = max(row["startup_ratio"] for row in rows.values())
        figures["shown_ratio"] = max(row["shown_ratio"] for row in rows.values())
        if "year" in rows:
            figures["close_s_year"] = rows["year"]["ours_close_s"]

    def pdf() -> None:
        details["pdf"] = bench_careplan_pdf.measure(5 if quick else 15, before=options.pdf_before)
        figures["pdf_ratio"] = details["pdf"]["pdf_ratio"]
        figures["pdf_ratio_first_run"] = details["pdf"]["pdf_ratio_first_run"]

    def memory() -> None:
        details["memory"] = bench_memory.measure(1 if quick else 3)
        figures["peak_rss_mb"] = details["memory"]["peak_rss_mb"]
        figures["memory_ratio"] = details["memory"]["memory_ratio"]

    def search() -> None:
        repeats = 15 if quick else 41
        details["search"] = {
            "sqlite_100k": bench_patient_search.measure(100_000, None, repeats),
            "sqlite_1m": bench_patient_search.measure(1_000_000, None, repeats),
        }
        figures["search_ratio"] = details["search"]["sqlite_100k"]["session_ratio"]
        figures["search_ratio_worst_text"] = details["search"]["sqlite_100k"]["worst_ratio"]
        figures["search_overhead_ms"] = details["search"]["sqlite_100k"]["max_overhead_ms"]
        figures["search_ms_100k"] = details["search"]["sqlite_100k"]["worst_ms"]
        figures["search_ms_1m"] = details["search"]["sqlite_1m"]["worst_ms"]
        if options.postgres_url:
            pg = bench_patient_search.measure(1_000_000, options.postgres_url, repeats)
            details["search"]["postgresql_1m"] = pg
            figures["search_ms_1m_postgresql"] = pg["worst_ms"]

    def evaluate() -> None:
        details["evaluate"] = bench_evaluate.measure(quiet=True)
        figures["evaluate_ms"] = details["evaluate"]["evaluate_ms"]
        print(f"  evaluate: worst {figures['evaluate_ms']:.2f} ms", flush=True)

    def stalls() -> None:
        rounds = 1 if quick else 3
        details["stalls"] = {
            "100000": bench_gui_latency.measure_stalls(rounds, "100000"),
            "year": bench_gui_latency.measure_stalls(1, "year"),
        }
        figures["max_gui_stall_ms"] = max(d["max_gui_stall_ms"] for d in details["stalls"].values())

    def storage() -> None:
        details["storage"] = year_storage()
        for key in ("db_mb_year", "documents_mb_year", "backups_mb_year", "backup_s_year"):
            figures[key] = details["storage"][key]

    for name, work in (
        ("data", data),
        ("storage", storage),
        ("evaluate", evaluate),
        ("search", search),
        ("pdf", pdf),
        ("memory", memory),
        ("startup", startup),
        ("stalls", stalls),
    ):
        step(name, work)

    previous: dict[str, Any] = {}
    if only is not None and options.out.exists():
        # A partial run updates the figures it measured and keeps the others.
        previous = json.loads(options.out.read_text(encoding="utf-8"))
        for key in BUDGETS:
            if key in previous and key not in figures:
                figures[key] = previous[key]
        details = {**previous.get("details", {}), **details}
    verdicts: dict[str, str] = {}
    print("\nfigure                      value      budget   verdict")
    for key, (budget, unit, what) in BUDGETS.items():
        if key not in figures:
            continue
        value = figures[key]
        verdict = "-" if budget is None else ("ok" if value <= budget else "OVER BUDGET")
        verdicts[key] = verdict
        shown = "" if budget is None else f"{budget:g} {unit}"
        print(f"{key:26s} {value:9.2f} {unit:2s} {shown:>9s}   {verdict:11s} {what}")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    updates = previous.get("partial_updates", [])
    if previous:
        updates = [*updates, {"date": now, "steps": sorted(only or ()), "load": load.summary()}]
    results = {
        "date": previous.get("date", now),
        "machine": machine(),
        "load": previous.get("load") or load.summary(),
        "quick": quick,
        "seconds": previous.get("seconds") or round(time.perf_counter() - started),
        "partial_updates": updates,
        **{key: round(value, 3) for key, value in figures.items()},
        "budgets": {key: BUDGETS[key][0] for key in figures},
        "verdicts": verdicts,
        "details": details,
    }
    if only is None or previous:
        options.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"\nwritten to {options.out}")
    summary = load.summary()
    print(
        f"load average (1 min) over the run: median {summary['load_1min_median']:.1f}, "
        f"max {summary['load_1min_max']:.1f} on {summary['cores']} cores"
    )
    return 1 if "OVER BUDGET" in verdicts.values() else 0


if __name__ == "__main__":
    sys.exit(main())
