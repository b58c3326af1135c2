"""The clinician's documents: the visit summary and the referral letter, read back from the PDF."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from clinic_desktop.reports.pdf import render_pdf
from clinic_desktop.reports.summary import (
    build_referral_letters,
    build_visit_summary,
    referral_services,
)
from clinic_desktop.reports.terms import term
from clinic_desktop.rules.evaluation import RedFlag
from tests.golden import cases


def pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def summary(language: str, **changes: object) -> str:
    record = dataclasses.replace(cases.record(language), **changes)
    document = build_visit_summary(
        record, cases.clinic(), language, cases.record_extras(language), cases.clinician()
    )
    return " ".join(pages(render_pdf(document)))


def letters(language: str, record: object | None = None) -> list[str]:
    document = build_referral_letters(
        record or cases.record(language),
        cases.clinic(),
        language,
        cases.record_extras(language),
        cases.clinician(),
    )
    return pages(render_pdf(document))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Visit summary",
                "Signed on 23 November 2026.",
                "Clínica del Músculo Ñandú",
                "Phone: +34 910 000 000",
                # The history narrative and its structured fields.
                "Cramps for 3 months, worse since the diuretic was started.",
                "Calf (Bilateral), Thigh",
                "Night rest, Exercise",
                "Pain (0-10) 6",
                "Blood pressure (mmHg) 138/84",
                # MRC per muscle and side, bilateral grades on both sides.
                "Ankle dorsiflexors 4 5",
                "Hip flexors 5 5",
                "Achilles 1+ 2+",
                "Ankle plantarflexors 0 0",
                "Left: Flexor · Right: Flexor",
                "Left: Absent · Right: Absent",
                "Foot (Bilateral): Vibration",
                # Labs with unit, interval (the program's marked), flag and LOINC.
                "Magnesium 1.5 mg/dL 1.7–2.2 * Low 19123-9",
                "TSH 2.1 mIU/L 0.4–4 Normal 3016-3",
                "* The program's default interval",
                "Left 0.86 Abnormal",
                "TSH within the interval: no thyroid cause found.",
                "hydrochlorothiazide 25 mg daily",
                "hydrochlorothiazide: associated with cramps and low magnesium; review.",
                "New focal weakness with cramps: exclude motor neuron disease.",
                "Action: Refer to neurology within weeks; EMG.",
                "Acknowledged by Dra. Lucía Núñez, MD",
                "G47.62 Sleep related leg cramps",
                "I73.9 Peripheral vascular disease, unspecified",
                # The plan, quoted in its own language, with each dose as written.
                "The patient's care plan is printed in Spanish",
                "Dose: 300 mg por la noche",
                "No dose written",
                "Next visit: 21 December 2026",
                "Clinician signature: Dra. Lucía Núñez, MD",
                "Licence no. 28/281234",
            ],
        ),
        (
            "es",
            [
                "Resumen de la visita",
                "Firmada el 23 de noviembre de 2026.",
                "Pantorrilla (Bilateral), Muslo",
                "Flexores dorsales del tobillo 4 5",
                "Magnesio 1,5 mg/dL 1,7–2,2 * Bajo 19123-9",
                "Izquierda 0,86 Anormal",
                "Reconocida por Dra. Lucía Núñez, MD",
                "Próxima visita: 21 de diciembre de 2026",
                "Sin dosis escrita",
            ],
        ),
    ],
)
def test_the_summary_holds_the_whole_visit_in_the_interface_language(
    language: str, expected: list[str]
) -> None:
    text = summary(language)
    missing = [part for part in expected if part not in text]
    assert missing == []


def test_the_spanish_summary_prints_no_english_label() -> None:
    text = summary("es")
    english = [
        "Visit summary",
        "History",
        "Examination",
        "Reflexes",
        "Laboratory",
        "Acknowledged",
        "Left",
        "Right",
        "Ankle dorsiflexors",
        "Night rest",
        "Low",
        "Diagnoses",
        "Care plan",
        "No dose written",
        "Page ",
    ]
    assert [word for word in english if word in text] == []


def test_a_draft_says_so_and_an_unacknowledged_flag_is_marked() -> None:
    text = summary("en", signed_on=None, acknowledged=())
    assert "Draft: this visit is not signed yet." in text
    assert "Not yet acknowledged" in text
    assert "Acknowledged by" not in text


def test_a_referral_letter_goes_to_the_service_the_red_flag_names() -> None:
    (first, *rest) = letters("en")
    assert rest == [] or all("Referral letter" not in page for page in rest)
    text = " ".join([first, *rest])
    for part in (
        "Referral letter",
        "To Neurology",
        "Urgency Soon",
        "Dear colleague,",
        "I would be grateful if you would see Ana María García Núñez, aged 65, whom I saw on "
        "23 November 2026",
        "New focal weakness with cramps: exclude motor neuron disease.",
        "Magnesium 1.5 mg/dL",
        "hydrochlorothiazide 25 mg daily",
        "E83.42 Hypomagnesemia",
        "Yours sincerely,",
        "Referring clinician: Dra. Lucía Núñez, MD",
    ):
        assert part in text


def test_each_service_gets_its_own_letter_under_the_letterhead() -> None:
    record = cases.record("es")
    emergency = RedFlag(
        "rhabdomyolysis", "emergency", "emergency_department", "Posible rabdomiólisis.", ("x",)
    )
    flags = (*record.evaluation.red_flags, emergency)
    both = dataclasses.replace(
        record, evaluation=dataclasses.replace(record.evaluation, red_flags=flags)
    )
    assert referral_services(both.evaluation) == ("neurology", "emergency_department")
    printed = letters("es", both)
    starts = [n for n, page in enumerate(printed) if "Carta de derivación" in page]
    assert len(starts) == 2
    second = " ".join(printed[starts[1] :])
    assert "Para Servicio de urgencias" in second
    assert "Urgencia Emergencia" in second
    assert "Posible rabdomiólisis." in second
    assert "descartar enfermedad de motoneurona" not in second
    assert "Clínica del Músculo Ñandú" in printed[starts[1]]


def test_no_letter_without_a_referral() -> None:
    record = cases.record("en")
    none = dataclasses.replace(
        record, evaluation=dataclasses.replace(record.evaluation, red_flags=())
    )
    with pytest.raises(ValueError, match="no red flag"):
        build_referral_letters(none, cases.clinic(), "en")


@pytest.mark.parametrize("value", ["elbow_flexors", "neurology", "soon", "left", "abnormal"])
def test_terms_are_named_as_the_window_names_them(value: str) -> None:
    # Spanish from the interface's own catalogue; a term it lacks would print in English.
    assert term(value, "es") != term(value, "en")


def test_a_default_interval_converted_from_si_units_prints_to_hundredths() -> None:
    """0.70-1.10 mmol/L of magnesium in mg/dL printed as 1.70134162939918...-2.6735368..."""
    extras = dataclasses.replace(
        cases.record_extras("es"),
        default_intervals={
            "magnesium": (Decimal("1.701341629399183356017888392"), Decimal("2.67353684619871"))
        },
    )
    document = build_visit_summary(cases.record("es"), cases.clinic(), "es", extras)
    text = " ".join(pages(render_pdf(document)))
    assert "Magnesio 1,5 mg/dL 1,7–2,67 * Bajo" in text
    assert "1,7013" not in text
