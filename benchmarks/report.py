"""Prints benchmarks/results.json as the Markdown tables of docs/performance.md.

.venv/bin/python benchmarks/report.py [results.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "results.json"
    results: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    load = results["load"]
    machine = results["machine"]
    print(
        f"Run of {results['date']} at {machine['commit']} on {machine['cpu']} "
        f"({machine['cores']} cores, {machine['memory_gb']} GB), Python {machine['python']}; "
        f"load average (1 min) median {load['load_1min_median']:.1f}, "
        f"max {load['load_1min_max']:.1f}; {results['seconds'] // 60} min.\n"
    )
    rows = []
    for key, budget in results["budgets"].items():
        value = results[key]
        shown_budget = "-" if budget is None else f"{budget:g}"
        rows.append([f"`{key}`", f"{value:g}", shown_budget, results["verdicts"].get(key, "-")])
    print(table(["figure", "value", "budget", "verdict"], rows))
    details = results["details"]
    if "startup" in details:
        print()
        rows = [
            [
                name,
                f"{r['ours_shown_s']:.3f} / {r['bare_shown_s']:.3f} ({r['shown_ratio']:.2f}x)",
                f"{r['ours_results_s']:.3f} / {r['bare_results_s']:.3f} ({r['startup_ratio']:.2f}x)",
                f"{r['ours_close_s']:.3f} (worst {r['ours_close_max_s']:.3f}) / {r['bare_close_s']:.3f}",
            ]
            for name, r in details["startup"].items()
        ]
        print(table(["data", "window shown, s", "first results, s", "close, s"], rows))
    if "search" in details:
        print()
        sets = details["search"]
        names = list(sets)
        rows = []
        for index, query in enumerate(sets[names[0]]["queries"]):
            row = [repr(query["typed"])]
            for name in names:
                q = sets[name]["queries"][index]
                row.append(f"{q['ours_ms']:.2f} / {q['bare_ms']:.2f} ({q['ratio']:.2f}x)")
            rows.append(row)
        print(table(["typed", *names], rows))
    if "stalls" in details:
        print()
        names = list(details["stalls"])
        scenarios = list(details["stalls"][names[0]]["worst"])
        rows = [
            [s, *(f"{details['stalls'][n]['worst'].get(s, float('nan')):.1f}" for n in names)]
            for s in scenarios
        ]
        print(table(["scenario (worst ms)", *names], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
