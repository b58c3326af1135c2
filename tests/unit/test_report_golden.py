"""Golden pages: the fixed cases rendered at 50 dpi must still look like the approved PNGs.

Set CLINIC_DESKTOP_UPDATE_GOLDEN=1 to approve new pages after looking at them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from clinic_desktop.reports.careplan import build_care_plan
from clinic_desktop.reports.pdf import render_pdf
from clinic_desktop.reports.requisition import RequisitionOrder, build_requisition
from clinic_desktop.reports.summary import build_referral_letters, build_visit_summary
from tests.golden import cases

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("CLINIC_DESKTOP_UPDATE_GOLDEN") == "1"
# Anti-aliasing differs a little between poppler builds; a moved or missing line does not pass.
MAX_MEAN_DIFFERENCE = 1.5
MAX_CHANGED_SHARE = 0.004

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None and os.environ.get("CI") != "true",
    reason="pdftoppm (poppler-utils) is not installed",
)


def care_plan(language: str, **follow_up: object) -> bytes:
    """The case's plan; with `trends` a follow-up's, with `revision` an addendum's."""
    return render_pdf(
        build_care_plan(
            cases.assessment(language),
            cases.evaluation(language),
            cases.plan(language),
            cases.clinic(),
            cases.extras(language),
            cases.clinician(),
            **follow_up,  # type: ignore[arg-type]
        )
    )


def requisition(language: str = "es") -> bytes:
    order = RequisitionOrder(
        tests=("calcium", "albumin", "cortisol_am", "glucose"),
        icd10cm=("G47.62", "E83.42"),
        ordered_on=cases.VISIT,
        clinician=cases.clinician(),
        signed=True,
        loinc={"calcium": "17861-6", "albumin": "1751-7"},
        lab_names=cases.extras(language).lab_names,
    )
    return render_pdf(
        build_requisition(cases.assessment(language), order, cases.clinic(), language)
    )


def visit_summary(language: str) -> bytes:
    return render_pdf(
        build_visit_summary(
            cases.record(language),
            cases.clinic(),
            language,
            cases.record_extras(language),
            cases.clinician(),
        )
    )


def referral(language: str) -> bytes:
    return render_pdf(
        build_referral_letters(
            cases.record(language),
            cases.clinic(),
            language,
            cases.record_extras(language),
            cases.clinician(),
        )
    )


def pages(pdf: bytes, folder: Path) -> list[Path]:
    source = folder / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(source), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


def difference(actual: Path, expected: Path) -> tuple[float, float]:
    with Image.open(actual) as a, Image.open(expected) as b:
        assert a.size == b.size, f"{actual.name}: page size changed"
        diff = ImageChops.difference(a.convert("L"), b.convert("L"))
        histogram = diff.histogram()
        pixels = a.size[0] * a.size[1]
        mean = sum(value * count for value, count in enumerate(histogram)) / pixels
        changed = sum(histogram[64:]) / pixels
        return mean, changed


@needs_poppler
@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("careplan_en", lambda: care_plan("en")),
        ("careplan_es", lambda: care_plan("es")),
        ("careplan_follow_up_en", lambda: care_plan("en", trends=cases.follow_up_trends())),
        ("careplan_follow_up_es", lambda: care_plan("es", trends=cases.follow_up_trends())),
        ("careplan_revised_en", lambda: care_plan("en", revision=cases.revision("en"))),
        ("careplan_revised_es", lambda: care_plan("es", revision=cases.revision("es"))),
        ("requisition_en", lambda: requisition("en")),
        ("requisition_es", lambda: requisition("es")),
        ("summary_en", lambda: visit_summary("en")),
        ("summary_es", lambda: visit_summary("es")),
        ("referral_en", lambda: referral("en")),
        ("referral_es", lambda: referral("es")),
    ],
)
def test_pages_match_the_approved_golden_pngs(name: str, make: object, tmp_path: Path) -> None:
    assert callable(make)
    rendered = pages(make(), tmp_path)
    if UPDATE:
        for old in GOLDEN.glob(f"{name}-*.png"):
            old.unlink()
        for page in rendered:
            shutil.copy(page, GOLDEN / f"{name}-{page.stem.split('-')[-1]}.png")
    approved = sorted(GOLDEN.glob(f"{name}-*.png"))
    assert len(rendered) == len(approved), f"{name}: page count changed"
    for actual, expected in zip(rendered, approved, strict=True):
        mean, changed = difference(actual, expected)
        assert mean <= MAX_MEAN_DIFFERENCE, f"{expected.name}: mean difference {mean:.2f}"
        assert changed <= MAX_CHANGED_SHARE, f"{expected.name}: {changed:.2%} of pixels changed"
