"""Patient search: time per search and its ratio to the bare SQL it runs, interleaved.

    .venv/bin/python benchmarks/bench_patient_search.py [--patients 100000] [--database-url URL]

Without --database-url it searches a copy of benchmarks/datasets.py's demo folder of
that many patients (SQLite). With one (PostgreSQL, say) it uses that database, filling
it with demo patients first when it holds fewer than asked (delete them yourself after).

For each typed text, `PatientRegistry.search` (ours: a pooled session, the ORM, the
summaries the window shows) and the bare SQL it runs (the same statement and parameters
on the driver's own connection, rows left as tuples) alternate, one of each per round,
`--repeats` rounds; the medians are compared. Budget (docs/design.md): at most 2x the
bare query, and under one frame (16 ms) at 100,000 and at 1,000,000 patients.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets

FRAME_MS = 16.0
RATIO_BUDGET = 2.0
QUERIES = ("", "g", "ma", "gar", "garcia", "garcia ana", "nunez jose", "smith", "zoe",
           "1961", "02/04/1961", "1961-04-02", "demo1-0050", "nobody")  # fmt: skip


def driver_sql(dialect: Any, statement: Any, bound: dict[str, Any]) -> tuple[str, Any]:
    """The SQL text and parameters SQLAlchemy hands the driver for `statement` with `bound`."""
    state = statement.compile(dialect=dialect).construct_expanded_state(bound)
    values = dict(state.parameters)
    if dialect.name == "sqlite":  # as SQLAlchemy stores them: ISO text
        values = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
    positions = state.positiontup
    return state.statement, [values[name] for name in positions] if positions else values


def bare_query(database: Any, registry: Any, typed: str) -> Callable[[], Any]:
    """The same SQL and parameters on the driver's own connection, rows left unconverted."""
    statement, bound = registry.search_query(typed)
    sql, parameters = driver_sql(database.engine.dialect, statement, bound)
    raw = database.engine.raw_connection()

    def run() -> Any:
        cursor = raw.cursor()
        cursor.execute(sql, parameters)
        rows = cursor.fetchall()
        cursor.close()
        return rows

    return run


def _interleaved(
    ours: Callable[[], Any], bare: Callable[[], Any], repeats: int
) -> tuple[float, float]:
    ours(), bare()
    ours_ms: list[float] = []
    bare_ms: list[float] = []
    for _ in range(repeats):
        for run, kept in ((ours, ours_ms), (bare, bare_ms)):
            started = time.perf_counter()
            run()
            kept.append((time.perf_counter() - started) * 1000)
    return statistics.median(ours_ms), statistics.median(bare_ms)


def measure(patients: int, database_url: str | None = None, repeats: int = 41) -> dict[str, Any]:
    """Per typed text: rows, ours and bare medians (ms), ratio; and the worst of each."""
    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.services.maintenance import fill_demo
    from clinic_desktop.services.patients import PatientRegistry

    copy = (
        datasets.scratch_copy(datasets.patients(patients))
        if database_url is None
        else nullcontext()
    )
    with copy as data:
        url = database_url or f"sqlite:///{Path(data) / datasets.DATABASE_FILE}"
        database = open_database(url)
        registry = PatientRegistry(database)
        have = registry.count()
        if have < patients:
            started = time.perf_counter()
            fill_demo(database, patients - have, seed=100 + have)
            print(
                f"  filled {patients - have} demo patients in {time.perf_counter() - started:.0f} s"
            )
        kind = database.engine.dialect.name
        rows: list[dict[str, Any]] = []
        for typed in QUERIES:
            ours_ms, bare_ms = _interleaved(
                lambda typed=typed: registry.search(typed),
                bare_query(database, registry, typed),
                repeats,
            )
            rows.append(
                {
                    "typed": typed,
                    "rows": len(registry.search(typed)),
                    "ours_ms": ours_ms,
                    "bare_ms": bare_ms,
                    "ratio": ours_ms / bare_ms if bare_ms else float("inf"),
                }
            )
        count = registry.count()
        database.close()
    worst = max(rows, key=lambda row: row["ours_ms"])
    worst_ratio = max(rows, key=lambda row: row["ratio"])
    # Typing every text once: what a session of searches costs against its bare SQL.
    session_ratio = sum(row["ours_ms"] for row in rows) / sum(row["bare_ms"] for row in rows)
    overhead = max(row["ours_ms"] - row["bare_ms"] for row in rows)
    print(
        f"  search, {kind}, {count:,} patients: worst {worst['ours_ms']:.2f} ms ({worst['typed']!r};"
        f" budget {FRAME_MS}), worst ratio {worst_ratio['ratio']:.2f} ({worst_ratio['typed']!r};"
        f" budget {RATIO_BUDGET}); all texts together {session_ratio:.2f}x; at most"
        f" {overhead:.2f} ms over the bare SQL",
        flush=True,
    )
    return {
        "database": kind,
        "patients": count,
        "repeats": repeats,
        "queries": rows,
        "worst_ms": worst["ours_ms"],
        "worst_ratio": worst_ratio["ratio"],
        "session_ratio": session_ratio,
        "max_overhead_ms": overhead,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeats", type=int, default=41)
    args = parser.parse_args()
    result = measure(args.patients, args.database_url, args.repeats)
    print(f"{'typed':<14}{'rows':>6}{'search ms':>11}{'bare ms':>9}{'ratio':>7}")
    for row in result["queries"]:
        print(
            f"{row['typed']!r:<14}{row['rows']:>6}{row['ours_ms']:>11.2f}"
            f"{row['bare_ms']:>9.2f}{row['ratio']:>7.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
