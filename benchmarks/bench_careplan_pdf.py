"""A 3-page care plan through render_pdf vs a bare ReportLab build of the same flowables (budget 1.5x).

Run from the repository root: `.venv/bin/python benchmarks/bench_careplan_pdf.py`.
Both sides build the flowables from the same document each round (ReportLab
consumes them); the bare side has no page template, footer or metadata.
"""

from __future__ import annotations

import dataclasses
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader
from reportlab.platypus import SimpleDocTemplate

from clinic_desktop.reports import document as model
from clinic_desktop.reports.careplan import build_care_plan
from clinic_desktop.reports.pdf import build_flowables, render_pdf
from clinic_desktop.reports.styles import load_page_setup
from tests.golden import cases

BUDGET = 1.5
ROUNDS = 20


def three_page_plan() -> model.Document:
    full = build_care_plan(
        cases.assessment("en"),
        cases.evaluation("en"),
        cases.plan("en"),
        cases.clinic(),
        cases.extras("en"),
    )
    last_break = max(i for i, block in enumerate(full.blocks) if isinstance(block, model.PageBreak))
    return dataclasses.replace(full, blocks=full.blocks[:last_break])


def bare(document: model.Document) -> bytes:
    setup = load_page_setup()
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=setup.pagesize,
        leftMargin=setup.page.margin_left,
        rightMargin=setup.page.margin_right,
        topMargin=setup.page.margin_top,
        bottomMargin=setup.page.margin_bottom,
    ).build(build_flowables(document, setup))
    return buffer.getvalue()


def best_times(first: Callable[[], bytes], second: Callable[[], bytes]) -> tuple[float, float]:
    """The best time of each over ROUNDS, alternating so a busy machine slows both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(ROUNDS):
        for work, kept in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            work()
            kept.append(time.perf_counter() - start)
    return min(times[0]), min(times[1])


def main() -> int:
    document = three_page_plan()
    ours_pdf = render_pdf(document)
    pages = len(PdfReader(io.BytesIO(ours_pdf)).pages)
    bare(document)  # warm both paths: fonts, styles, caches
    ours, baseline = best_times(lambda: render_pdf(document), lambda: bare(document))
    ratio = ours / baseline
    verdict = "ok" if ratio <= BUDGET else "OVER BUDGET"
    print(
        f"care plan PDF ({pages} pages): {ours * 1000:.1f} ms vs bare ReportLab "
        f"{baseline * 1000:.1f} ms -> ratio {ratio:.2f} (budget {BUDGET}) {verdict}"
    )
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
