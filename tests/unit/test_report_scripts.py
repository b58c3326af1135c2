"""Names in other scripts print as they are written (issue 10, item 10).

Before: Chinese, Japanese and Korean names printed as boxes, emoji as boxes, Hebrew
reversed, Arabic unjoined and in left-to-right word order. The golden page below was
looked at (pdftoppm, then by eye) before it was approved.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from clinic_desktop.reports import document as model
from clinic_desktop.reports.pdf import markup, render_pdf
from clinic_desktop.reports.scripts import _glyphs, display_order, font_runs, has_right_to_left
from clinic_desktop.reports.styles import load_fallback_font, load_page_setup
from tests.unit.test_report_golden import GOLDEN, UPDATE, difference, needs_poppler, pages

NAMES = {
    "Chinese": ("王", "秀英"),
    "Japanese": ("山田", "花子 さくら"),
    "Korean": ("김", "민준"),
    "Hebrew": ("כהן", "דוד"),
    "Arabic": ("علي", "محمد"),
    "Emoji": ("Smith 🙂", "Ana ❤️ 👍🏽"),
    "Vietnamese": ("Nguyễn", "Thị Ánh"),
    "Greek": ("Παπαδόπουλος", "Ελένη"),
}


def document() -> model.Document:
    rows = tuple((script, f"{given} {family}") for script, (family, given) in NAMES.items())
    return model.Document(
        title="Names",
        author="Clinic",
        subject="Names in other scripts",
        language="en",
        page_label="Page {page} of {pages}",
        letterhead=model.Letterhead("Clínica Central ☺", ("Calle Mayor 1",)),
        blocks=(
            model.Heading("Patients: 王秀英, 김민준, דוד כהן, محمد علي", "title"),
            model.Fields(rows, columns=1),
            model.Heading("Bold serif heading with Hebrew דוד and Arabic محمد", "heading"),
            model.Text("Mixed line: patient محمد علي (record A-1001), 2 tablets, 山田 花子 🙂."),
            model.Table(
                ("Medicine", "Dose"),
                (("aspirin (אספירין) 阿司匹林", "100 mg"), ("מגנזיום (ציטרט)", "300 mg")),
                (3, 1),
            ),
            model.Bullets(
                ("Devanagari, no font here: शर्मा", "A symbol newer than the emoji font: 🩺")
            ),
        ),
    )


def test_every_character_gets_a_font_that_has_it() -> None:
    setup = load_page_setup()
    names = [font.name for font in setup.fallback_fonts]
    for family, given_name in NAMES.values():
        for font in ("DejaVuSans", "DejaVuSerif-Bold"):
            for text, face in font_runs(
                f"{given_name} {family}", font, names, lambda n: load_fallback_font(setup, n)
            ):
                glyphs = _glyphs(face or font)
                missing = [c for c in text if not c.isspace() and ord(c) not in glyphs]
                assert not missing, (family, font, face, missing)


def test_right_to_left_lines_are_put_in_display_order() -> None:
    # Hebrew: the first word read (rightmost) is the first typed.
    assert display_order("דוד כהן") == "ןהכ דוד"
    # Arabic: letters joined into their contextual forms, words in right-to-left order.
    shown = display_order("محمد علي")
    assert shown == "\ufef2\ufee0\ufecb \ufeaa\ufee4\ufea4\ufee3"
    # Brackets in a right-to-left run are mirrored, so they still open before what they hold.
    assert display_order("דוד (כהן)") == "(ןהכ) דוד"
    # Left-to-right text around it keeps its order.
    assert display_order("record A-1001, محمد").startswith("record A-1001, ")
    assert display_order("García, Ana") == "García, Ana"


@given(st.text(max_size=40))
def test_any_text_gets_a_display_order_and_markup(text: str) -> None:
    # Seen in the fuzzing of the requisition: an unassigned code point or an isolate beside
    # a right-to-left letter failed the older bidi algorithm's assertion.
    shown = display_order(text)
    if not has_right_to_left(text):
        assert shown == text
    markup(text + " \u05d0\u2066b\u2069 \U0001239a", "DejaVuSans", load_page_setup())


def test_a_character_no_font_has_prints_as_words_not_as_a_box() -> None:
    setup = load_page_setup()
    line = markup("शर्मा 🩺", "DejaVuSans", setup)
    assert line == "[Devanagari text] [stethoscope]"


def test_markup_in_other_scripts_is_still_escaped() -> None:
    setup = load_page_setup()
    line = markup("<b>王</b> & כהן", "DejaVuSans", setup)
    assert "<b>" not in line and "&lt;b&gt;" in line and "&amp;" in line
    assert '<font face="WenQuanYiMicroHei">王</font>' in line


def test_the_pdf_holds_the_names_and_embeds_only_the_fonts_it_needs() -> None:
    pdf = render_pdf(document())
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    for name in ("王", "秀英", "김", "민준", "山田", "さくら", "Παπαδόπουλος", "Nguyễn"):
        assert name in text, name
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    for wanted in ("WenQuanYiMicroHei", "Symbola", "DejaVuSans"):
        assert any(font.startswith(wanted) for font in fonts), fonts


def test_a_latin_document_never_loads_the_large_fallback_fonts() -> None:
    probe = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "from tests.unit.test_report_golden import care_plan\n"
        "care_plan('es')\n"
        "print(sorted(set(pdfmetrics.getRegisteredFontNames()) & {'WenQuanYiMicroHei', 'Symbola'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@needs_poppler
def test_the_page_matches_the_approved_golden_png(tmp_path: Path) -> None:
    rendered = pages(render_pdf(document()), tmp_path)
    if UPDATE:
        for old in GOLDEN.glob("scripts-*.png"):
            old.unlink()
        for page in rendered:
            shutil.copy(page, GOLDEN / f"scripts-{page.stem.split('-')[-1]}.png")
    approved = sorted(GOLDEN.glob("scripts-*.png"))
    assert len(rendered) == len(approved) >= 1
    for actual, expected in zip(rendered, approved, strict=True):
        mean, changed = difference(actual, expected)
        assert mean <= 1.5 and changed <= 0.004, (expected.name, mean, changed)


@pytest.mark.parametrize("family", ["王", "김", "כהן", "علي"])
def test_render_prints_a_case_in_other_scripts(family: str, tmp_path: Path) -> None:
    from tests.unit.test_report_golden import cases

    assessment = cases.assessment("en")
    import dataclasses

    patient = dataclasses.replace(assessment.patient, family_name=family)
    from clinic_desktop.reports.careplan import build_care_plan

    pdf = render_pdf(
        build_care_plan(
            dataclasses.replace(assessment, patient=patient),
            cases.evaluation("en"),
            cases.plan("en"),
            cases.clinic(),
            cases.extras("en"),
        )
    )
    first = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = {str(f["/BaseFont"]).split("+")[-1] for f in first["/Resources"]["/Font"].values()}
    expected = "WenQuanYiMicroHei" if family in ("王", "김") else "DejaVuSans"
    assert any(font.startswith(expected) for font in fonts), fonts
