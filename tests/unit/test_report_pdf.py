"""The printed care plan: language, accents, pages, metadata, embedded fonts and literal user text."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from clinic_desktop.domain.careplan import PlannedItem
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.reports.careplan import build_care_plan
from clinic_desktop.reports.pdf import markup, render_pdf
from clinic_desktop.reports.requisition import RequisitionOrder, build_requisition
from tests.golden import cases


def care_plan_pdf(language: str = "es", **changes: object) -> bytes:
    assessment = cases.assessment(language)
    plan = cases.plan(language)
    clinic = cases.clinic()
    clinician = cases.clinician()
    for name, value in changes.items():
        target, _, field = name.partition("__")
        if target == "patient":
            assessment.patient = dataclasses.replace(assessment.patient, **{field: value})
        elif target == "clinic":
            clinic = dataclasses.replace(clinic, **{field: value})
        elif target == "clinician":
            clinician = dataclasses.replace(clinician, **{field: value})
        elif target == "plan":
            plan = dataclasses.replace(plan, **{field: value})
    document = build_care_plan(
        assessment, cases.evaluation(language), plan, clinic, cases.extras(language), clinician
    )
    return render_pdf(document)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        (
            "es",
            [
                "Su plan de cuidados",
                "Lo que encontramos",
                "Suplementos",
                "Estiramientos y ejercicio",
                "Hábitos diarios",
                "Cuándo buscar ayuda de inmediato",
                "Análisis pendientes",
                "Seguimiento",
                "Diario de calambres",
                "Fuentes",
                "23 de noviembre de 2026",
                "Página 1 de 4",
            ],
        ),
        (
            "en",
            [
                "Your care plan",
                "What we found",
                "Supplements",
                "Stretches and exercise",
                "Daily habits",
                "When to seek help now",
                "Blood tests still to do",
                "Follow-up",
                "Cramp diary",
                "Sources",
                "23 November 2026",
                "Page 4 of 4",
            ],
        ),
    ],
)
def test_care_plan_prints_accented_name_and_headings_in_the_patients_language(
    language: str, headings: list[str]
) -> None:
    text = flat(text_of(care_plan_pdf(language)))
    assert "Ana María García Núñez" in text
    for heading in headings:
        assert heading in text


def test_care_plan_has_plan_diary_and_sources_pages_with_metadata() -> None:
    reader = PdfReader(io.BytesIO(care_plan_pdf("en")))
    assert len(reader.pages) == 4
    assert "Cramp diary" in (reader.pages[2].extract_text() or "")
    sources_page = flat(reader.pages[3].extract_text() or "")
    citations = load_knowledge().citations
    # Numbered in the order the plan first cites them, each once, short: the flag comes first.
    for number, source in enumerate(
        (cases.SOURCE_FLAG, cases.SOURCE_MAGNESIUM, cases.SOURCE_STRETCH), start=1
    ):
        assert f"{number}. {flat(citations.get(source).short())}" in sources_page
    assert "4." not in sources_page
    plan_pages = flat(" ".join(page.extract_text() or "" for page in reader.pages[:2]))
    assert "[1]" in plan_pages and "[2]" in plan_pages and "[3]" in plan_pages
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Your care plan: Ana María García Núñez"
    assert meta.author == "Dra. Lucía Núñez, MD"


def test_steps_are_numbered_and_doses_print_as_the_clinician_wrote_them() -> None:
    text = flat(text_of(care_plan_pdf("en")))
    assert "1. Stand facing a wall" in text
    assert "4. Hold for 30 seconds" in text
    assert "Dose: 300 mg by mouth at night" in text
    assert "How to take it: With food. Stop if you get diarrhoea." in text
    # Vitamin D has no dose written: the plan says who gives it, and no dose of its own.
    assert "Your clinician will tell you the dose." in text
    assert "clinician to confirm" not in text


def test_a_spanish_plan_says_the_dose_in_spanish_and_nothing_in_english() -> None:
    text = flat(text_of(care_plan_pdf("es")))
    assert "Dosis: 300 mg por la noche" in text
    assert "Su profesional le dirá la dosis." in text
    for english in ("clinician to confirm", "Dose:", "Clinician", "Phone"):
        assert english not in text


def test_the_clinician_prints_by_profile_and_the_clinic_with_its_phone_and_footer() -> None:
    reader = PdfReader(io.BytesIO(care_plan_pdf("en")))
    text = flat("\n".join(page.extract_text() or "" for page in reader.pages))
    assert "Clinician Dra. Lucía Núñez, MD" in text
    assert "Licence no. 28/281234" in text
    assert "lnunez" not in text
    assert "Phone: +34 910 000 000" in text and "Email: consultas@musculo-nandu.example" in text
    for page in reader.pages:
        assert "Registro sanitario CS-12345" in flat(page.extract_text() or "")


def requisition_pdf() -> bytes:
    order = RequisitionOrder(
        tests=("calcium", "cortisol_am"),
        icd10cm=("G47.62",),
        ordered_on=cases.VISIT,
        clinician=cases.clinician(),
    )
    return render_pdf(build_requisition(cases.assessment("es"), order, cases.clinic(), "es"))


@pytest.mark.parametrize("make", [lambda: care_plan_pdf("es"), requisition_pdf])
def test_every_font_on_every_page_is_an_embedded_truetype_font(make: Callable[[], bytes]) -> None:
    reader = PdfReader(io.BytesIO(make()))
    seen = 0
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font.get("/BaseFont")
            assert "DejaVu" in str(font["/BaseFont"])
            seen += 1
    assert seen > 0


def test_spanish_letters_print() -> None:
    text = flat(
        text_of(care_plan_pdf("es", plan__notes="Pingüino, ñandú y árbol: ÁÉÍÓÚ Ü Ñ ¿sí? ¡no!"))
    )
    assert "Pingüino, ñandú y árbol: ÁÉÍÓÚ Ü Ñ ¿sí? ¡no!" in text


MARKUP_LOOKALIKES = [
    "<b>bold</b>",
    "Smith & Sons",
    "BP <140/90",
    "<font color=red>red</font>",
    "<img src=/etc/passwd>",
    "a &amp; b",
    "]]><!--",
]


@pytest.mark.parametrize("hostile", MARKUP_LOOKALIKES)
def test_user_text_that_looks_like_markup_prints_literally(hostile: str) -> None:
    pdf = care_plan_pdf(
        "en",
        patient__given_name=hostile,
        clinic__name=hostile,
        clinic__footer=hostile,
        plan__notes=hostile,
        clinician__display_name=hostile,
    )
    text = flat(text_of(pdf))
    assert text.count(hostile) >= 5


def test_markup_escapes_and_keeps_line_breaks() -> None:
    assert markup("a<b>&c\nnext") == "a&lt;b&gt;&amp;c<br/>next"
    assert markup("bell\x07 nul\x00") == "bell nul"


def test_a_logo_prints_when_it_is_an_image_and_is_ignored_otherwise() -> None:
    with_logo = PdfReader(io.BytesIO(care_plan_pdf("en", clinician__signature=None)))
    assert "/XObject" in with_logo.pages[0]["/Resources"]
    cut_short = cases.png()[:200]
    for data in (b"<img src=/etc/passwd>", cut_short, b"", None):
        reader = PdfReader(
            io.BytesIO(care_plan_pdf("en", clinic__logo=data, clinician__signature=None))
        )
        assert "/XObject" not in reader.pages[0]["/Resources"]


def test_an_unsigned_plan_says_so_and_leaves_the_signature_date_blank() -> None:
    text = flat(text_of(care_plan_pdf("en", plan__signed_at=None, plan__follow_up_date=None)))
    assert "not yet reviewed and signed" in text
    assert "The clinic will contact you" in text


def test_a_long_plan_flows_onto_more_pages_with_correct_page_totals() -> None:
    items = [
        PlannedItem(f"extra_{n}", "lifestyle", f"Extra advice number {n}. " * 6, ["S"])
        for n in range(60)
    ]
    pdf = care_plan_pdf("en", plan__items=items)
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert total > 4
    assert f"Page {total} of {total}" in (reader.pages[-1].extract_text() or "")


printable = st.text(max_size=80)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    given_name=printable,
    family_name=printable,
    mrn=printable,
    clinic_name=printable,
    address=printable,
    item_text=printable,
    reason=printable,
    notes=printable,
    step=printable,
)
def test_any_text_in_any_user_field_renders_without_crashing(
    given_name: str,
    family_name: str,
    mrn: str,
    clinic_name: str,
    address: str,
    item_text: str,
    reason: str,
    notes: str,
    step: str,
) -> None:
    language = "es"
    assessment = cases.assessment(language)
    assessment.patient = dataclasses.replace(
        assessment.patient, given_name=given_name, family_name=family_name, mrn=mrn
    )
    plan = cases.plan(language)
    plan.items.append(
        PlannedItem(
            "calf_hamstring_stretching", "physiotherapy", item_text, [reason], reason=reason
        )
    )
    plan.notes = notes
    plan.items[0].dose = reason
    plan.items[0].instructions = step
    clinician = dataclasses.replace(
        cases.clinician(), display_name=given_name, credentials=step, licence_number=mrn
    )
    clinic = dataclasses.replace(
        cases.clinic(), name=clinic_name, address=address, phone=mrn, email=step, footer=notes
    )
    extras = dataclasses.replace(
        cases.extras(language), steps={"calf_hamstring_stretching": [step, step]}
    )
    evaluation = dataclasses.replace(
        cases.evaluation(language),
        findings=(dataclasses.replace(cases.evaluation(language).findings[0], text=notes),),
    )
    pdf = render_pdf(build_care_plan(assessment, evaluation, plan, clinic, extras, clinician))
    assert pdf.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3


def test_visit_date_drives_the_printed_dates() -> None:
    assessment = cases.assessment("es")
    assessment.visit_date = date(2027, 1, 5)
    document = build_care_plan(
        assessment, cases.evaluation("es"), cases.plan("es"), cases.clinic(), cases.extras("es")
    )
    assert "5 de enero de 2027" in flat(text_of(render_pdf(document)))


def test_the_patients_plan_prints_no_evidence_grade_but_keeps_the_items_sources() -> None:
    items = [
        PlannedItem(
            "a", "lifestyle", "Walk.", ["hallegraeff_2012_stretching"], evidence="AAN 2010 Level U"
        ),
        PlannedItem("b", "lifestyle", "Rest.", ["nice_ng42_mnd"], evidence="Class I, level A"),
    ]
    text = flat(text_of(care_plan_pdf("en", plan__items=items)))
    for grade in ("Evidence:", "Level U", "Class I"):
        assert grade not in text
    assert re.search(r"Walk\. \[\d+\]", text) and re.search(r"Rest\. \[\d+\]", text)
