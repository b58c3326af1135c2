"""Patient search with 100,000 patients: time per search and its ratio to the bare SQL it runs.

Usage: .venv/bin/python benchmarks/bench_patient_search.py [--patients N] [--database-url URL]

Without --database-url it fills a throw-away SQLite file with `demo` patients. With
one (PostgreSQL, say) it uses that database as it is, adding demo patients only when
it holds none. Budget (docs/design.md): at most 2x the bare query, and under one
frame (16 ms).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from clinic_desktop.persistence.database import Database, open_database
from clinic_desktop.services.maintenance import fill_demo
from clinic_desktop.services.patients import PatientRegistry

FRAME_MS = 16.0
RATIO_BUDGET = 2.0
QUERIES = ("", "g", "ma", "gar", "garcia", "garcia ana", "nunez jose", "smith", "zoe",
           "1961", "02/04/1961", "1961-04-02", "demo1-0050", "nobody")  # fmt: skip


def median_ms(run: Callable[[], Any], repeats: int) -> float:
    run()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def bare_query(database: Database, registry: PatientRegistry, typed: str) -> Callable[[], Any]:
    """The same SQL and parameters on the driver's own connection, rows left unconverted."""
    statement, bound = registry.search_query(typed)
    compiled = statement.compile(dialect=database.engine.dialect)
    sql = str(compiled)
    values = compiled.construct_params(bound)
    positions = compiled.positiontup
    parameters: Any = [values[name] for name in positions] if positions else values
    raw = database.engine.raw_connection()

    def run() -> Any:
        cursor = raw.cursor()
        cursor.execute(sql, parameters)
        rows = cursor.fetchall()
        cursor.close()
        return rows

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
        database = open_database(url)
        registry = PatientRegistry(database)
        if registry.count() == 0:
            started = time.perf_counter()
            fill_demo(database, args.patients, seed=1)
            print(f"filled {args.patients} demo patients in {time.perf_counter() - started:.1f} s")
        print(f"{registry.count()} patients in {database.display_url}")
        print(f"{'query':<14}{'rows':>6}{'search ms':>11}{'bare ms':>9}{'ratio':>7}  verdict")
        worst_ratio, worst_ms = 0.0, 0.0
        for typed in QUERIES:
            rows = len(registry.search(typed))
            ours = median_ms(lambda typed=typed: registry.search(typed), args.repeats)
            bare = median_ms(bare_query(database, registry, typed), args.repeats)
            ratio = ours / bare if bare else float("inf")
            worst_ratio, worst_ms = max(worst_ratio, ratio), max(worst_ms, ours)
            verdict = "ok" if ratio <= RATIO_BUDGET and ours <= FRAME_MS else "OVER BUDGET"
            print(f"{typed!r:<14}{rows:>6}{ours:>11.2f}{bare:>9.2f}{ratio:>7.2f}  {verdict}")
        print(
            f"worst: {worst_ms:.2f} ms (budget {FRAME_MS} ms), "
            f"ratio {worst_ratio:.2f} (budget {RATIO_BUDGET})"
        )
        database.close()


if __name__ == "__main__":
    main()
