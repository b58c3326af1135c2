"""The care-plan PDF as a whole process, against a plain ReportLab script making the same pages.

Ours: `clinic-desktop render CASE.json --out ours.pdf`, the command a clinic runs
(read and check the case, load the clinical knowledge, evaluate, build the plan,
register the fonts, lay out and write the PDF). Bare: benchmarks/bare_careplan.py,
a plain ReportLab script given the finished content (prepared here beforehand,
untimed): the same TrueType fonts registered, the same paragraphs made from their
markup, the same tables and drawings, the same page size and margins. Both are
fresh processes of the same interpreter, run in turn (bare, ours, bare, ours ...)
so a change in the machine's load hits both; the ratio is taken pair by pair and
its median reported. Both PDFs are checked to have the same number of pages and the
same embedded fonts. Budget (docs/design.md): 1.5x.

Ours runs as an installed program does: with its modules' bytecode (pip compiles at install,
the bundle holds only bytecode; a checkout run with PYTHONDONTWRITEBYTECODE would time the
compiler, about 0.2 s a run) and with the knowledge cache the previous run left (the bundle
ships one). Its first run, which reads and validates the YAML and writes the cache, is
measured too, in the same rounds: the cache is removed before each such run.

    .venv/bin/python benchmarks/bench_careplan_pdf.py [--runs 11] [--case FILE] [--before DIR]

`--before DIR` times another version of the program in the same rounds, for a change's
before and after: DIR holds its `clinic_desktop` and `resources` (for example
`git archive COMMIT clinic_desktop resources | tar -x -C DIR`), run with this interpreter.
"""

from __future__ import annotations

import argparse
import compileall
import io
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets

BUDGET = 1.5
CASE = datasets.ROOT / "tests" / "cases" / "nocturnal_hypomagnesemia_ppi.json"


def _content_pickle(case: Path) -> tuple[bytes, dict[str, Any]]:
    """The flowables `render` lays out for `case`, pickled so the bare script rebuilds them plainly."""
    from reportlab.platypus import KeepTogether, Paragraph, Table

    from clinic_desktop import paths
    from clinic_desktop.interop.assessment_json import load_assessment_file
    from clinic_desktop.knowledge import load_knowledge
    from clinic_desktop.reports import pdf
    from clinic_desktop.reports.styles import load_page_setup
    from clinic_desktop.rules.engine import evaluate
    from clinic_desktop.services import rendering

    documents: list[Any] = []
    real_render = pdf.render_pdf

    def keep(document: Any, setup: Any = None) -> bytes:
        documents.append(document)
        return real_render(document, setup)

    pdf.render_pdf = keep  # type: ignore[assignment]
    knowledge = load_knowledge()
    assessment = load_assessment_file(case, knowledge.labs)
    rendering.render_document(
        assessment,
        evaluate(assessment, knowledge),
        clinic=rendering.load_clinic_profile(),
        knowledge=knowledge,
    )
    pdf.render_pdf = real_render  # type: ignore[assignment]
    setup = load_page_setup()
    flowables = pdf.build_flowables(documents[0], setup)

    def reduce_object(value: Any) -> Any:
        if type(value) is Paragraph:  # made anew from its markup, as a plain script does
            return Paragraph, (value.text, value.style, value.bulletText)
        if type(value) is KeepTogether:  # its constructor sets up what its split needs
            return KeepTogether, (value._content, value._maxHeight)
        if type(value).__name__ == "_Indented":  # ours; a padded one-cell table instead
            pad = [
                ("FONTNAME", (0, 0), (-1, -1), setup.footer.font),
                ("LEFTPADDING", (0, 0), (-1, -1), value.indent),
            ] + [
                (side, (0, 0), (-1, -1), 0)
                for side in ("RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
            ]
            return Table, ([[value.inner]], None, None, pad)
        return NotImplemented

    class Pickler(pickle.Pickler):
        def reducer_override(self, obj: Any) -> Any:
            return reduce_object(obj)

    buffer = io.BytesIO()
    Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(flowables)
    content = buffer.getvalue()
    if b"clinic_desktop" in content:
        raise SystemExit("the bare content still refers to Clinic Desktop's own classes")
    spec = {
        "fonts": {
            name: str(paths.resource_path("fonts", filename))
            for name, filename in setup.fonts.items()
        },
        "families": {
            family: {
                "normal": m.normal,
                "bold": m.bold,
                "italic": m.italic,
                "boldItalic": m.bold_italic,
            }
            for family, m in setup.families.items()
        },
        "pagesize": list(setup.pagesize),
        "margins": [
            setup.page.margin_left,
            setup.page.margin_right,
            setup.page.margin_top,
            setup.page.margin_bottom,
        ],
        "footer_font": setup.footer.font,
        "footer_size": setup.footer.size,
    }
    return content, spec


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[1]} failed (exit {done.returncode}): {done.stderr}")
    return elapsed


def _pages_and_fonts(path: Path) -> tuple[int, set[str]]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    fonts: set[str] = set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return len(reader.pages), fonts


def _installed_state() -> Path:
    """Bytecode for every module of the program, as an install leaves it; the cache's path."""
    import clinic_desktop
    from clinic_desktop.knowledge.cache import CACHE_NAME
    from clinic_desktop.paths import resource_path

    compileall.compile_dir(Path(clinic_desktop.__file__).parent, quiet=1)
    return resource_path("clinical", CACHE_NAME)


def measure(runs: int, case: Path = CASE, before: Path | None = None) -> dict[str, Any]:
    cache = _installed_state()
    if before is not None:
        compileall.compile_dir(before / "clinic_desktop", quiet=1)
    with tempfile.TemporaryDirectory(prefix="clinic-bench-pdf-") as folder:
        work = Path(folder)
        content, spec = _content_pickle(case)
        (work / "content.pickle").write_bytes(content)
        (work / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        clinic_desktop = str(Path(sys.executable).with_name("clinic-desktop"))
        ours_cmd = [
            clinic_desktop, "--data-dir", str(work / "data"),
            "render", str(case), "--out", str(work / "ours.pdf"),
        ]  # fmt: skip
        bare_cmd = [
            sys.executable, str(Path(__file__).with_name("bare_careplan.py")),
            str(work / "spec.json"), str(work / "content.pickle"), str(work / "bare.pdf"),
        ]  # fmt: skip
        before_cmd = [
            sys.executable, "-c", "import sys; from clinic_desktop.cli import main; sys.exit(main())",
            "--data-dir", str(work / "data"), "render", str(case), "--out", str(work / "before.pdf"),
        ]  # fmt: skip
        before_env = {**os.environ, "PYTHONPATH": str(before)} if before else None
        _run(bare_cmd, work), _run(ours_cmd, work)  # warm the file cache for both
        if before is not None:
            _run(before_cmd, work, before_env)
        ours_pages, ours_fonts = _pages_and_fonts(work / "ours.pdf")
        bare_pages, bare_fonts = _pages_and_fonts(work / "bare.pdf")
        if ours_pages != bare_pages or ours_fonts != bare_fonts:
            raise SystemExit(
                f"the bare PDF differs: {bare_pages} pages {sorted(bare_fonts)} "
                f"against {ours_pages} pages {sorted(ours_fonts)}"
            )
        ours: list[float] = []
        first: list[float] = []
        bare: list[float] = []
        previous: list[float] = []
        for _ in range(runs):
            bare.append(_run(bare_cmd, work))
            if before is not None:
                previous.append(_run(before_cmd, work, before_env))
            ours.append(_run(ours_cmd, work))
            cache.unlink(missing_ok=True)
            first.append(_run(ours_cmd, work))
        cached = cache.is_file()  # False when the resources folder is read-only
    ratios = [o / b for o, b in zip(ours, bare, strict=True)]
    first_ratios = [f / b for f, b in zip(first, bare, strict=True)]
    result: dict[str, Any] = {
        "pages": ours_pages,
        "fonts": sorted(ours_fonts),
        "bytecode": "compiled beforehand, as installed",
        "knowledge_cache": "used" if cached else "not writable: every run reads the YAML",
        "ours_s": statistics.median(ours),
        "bare_s": statistics.median(bare),
        "first_run_s": statistics.median(first),
        "pdf_ratio": statistics.median(ratios),
        "pdf_ratio_range": [min(ratios), max(ratios)],
        "pdf_ratio_first_run": statistics.median(first_ratios),
    }
    if before is not None:
        before_ratios = [p / b for p, b in zip(previous, bare, strict=True)]
        result["before"] = {
            "source": str(before),
            "before_s": statistics.median(previous),
            "pdf_ratio_before": statistics.median(before_ratios),
            "pdf_ratio_before_range": [min(before_ratios), max(before_ratios)],
        }
        print(
            f"  before ({before}): {result['before']['before_s']:.3f} s: ratio "
            f"{result['before']['pdf_ratio_before']:.2f}",
            flush=True,
        )
    print(
        f"  care plan ({ours_pages} pages): render {result['ours_s']:.3f} s vs plain ReportLab "
        f"{result['bare_s']:.3f} s: ratio {result['pdf_ratio']:.2f} "
        f"({min(ratios):.2f}-{max(ratios):.2f}; budget {BUDGET}); a first run without the "
        f"knowledge cache {result['first_run_s']:.3f} s: {result['pdf_ratio_first_run']:.2f}",
        flush=True,
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--case", type=Path, default=CASE)
    parser.add_argument("--before", type=Path, help="another version's source, timed alongside")
    options = parser.parse_args()
    result = measure(options.runs, options.case, options.before)
    return 0 if result["pdf_ratio"] <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
