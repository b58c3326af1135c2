"""How printed pages fall: a signature never alone on a page, a finding worded alike printed once,
and each of several referral letters numbered by itself."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from clinic_desktop.reports import document as model
from clinic_desktop.reports.careplan import build_care_plan
from clinic_desktop.reports.pdf import render_pdf
from clinic_desktop.reports.summary import build_referral_letters
from clinic_desktop.rules.evaluation import Finding, RedFlag
from tests.golden import cases


def pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def signed_list(lines: int) -> bytes:
    blocks = (
        model.Heading("Reasons"),
        model.Bullets(tuple(f"Line {n} of the reasons." for n in range(1, lines + 1))),
        model.Signature("Clinician signature", "Dr Rosa Ruiz", "Date", "23 November 2026"),
    )
    document = model.Document(
        "t", "a", "s", "en", "Page {page} of {pages}", model.Letterhead("Clinic"), blocks
    )
    return render_pdf(document)


def test_a_signature_never_sits_alone_on_the_last_page() -> None:
    # From a list that ends high on its page to one that fills it: somewhere in between the
    # signature's room runs out and it must take the list's last line over with it.
    moved = 0
    for lines in range(38, 52):
        printed = pages(signed_list(lines))
        last = printed[-1]
        assert "Clinician signature" in last
        assert re.search(r"Line \d+ of the reasons", last), f"{lines} lines: signature alone"
        moved += len(printed) > 1
    assert moved, "no case reached the end of a page"


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "You have muscle cramps."), ("es", "Tiene calambres musculares.")],
)
def test_findings_worded_alike_for_the_patient_print_once(language: str, words: str) -> None:
    evaluation = cases.evaluation(language)
    alike = (
        Finding("cramps_calf", "Cramps, calf", (cases.SOURCE_STRETCH,), patient_text=words),
        Finding("cramps_thigh", "Cramps, thigh", (cases.SOURCE_FLAG,), patient_text=words),
    )
    evaluation = replace(evaluation, findings=(*evaluation.findings, *alike))
    document = build_care_plan(
        cases.assessment(language),
        evaluation,
        cases.plan(language),
        cases.clinic(),
        cases.extras(language),
    )
    text = " ".join(pages(render_pdf(document)))
    assert text.count(words) == 1
    # It cites the works behind both: the flag's [1] and the stretching trial's.
    assert re.search(re.escape(words) + r" \[\d+, \d+\]", text)


@pytest.mark.parametrize("language", ["en", "es"])
def test_several_referral_letters_each_number_their_own_pages(language: str) -> None:
    record = cases.record(language)
    flags = (
        *record.evaluation.red_flags,
        RedFlag("claudication_rest", "urgent", "vascular", "Rest pain", (cases.SOURCE_FLAG,)),
    )
    record = replace(record, evaluation=replace(record.evaluation, red_flags=flags))
    printed = pages(
        render_pdf(
            build_referral_letters(record, cases.clinic(), language, cases.record_extras(language))
        )
    )
    label = r"Page (\d+) of (\d+)" if language == "en" else r"Página (\d+) de (\d+)"
    numbers = [tuple(int(n) for n in re.findall(label, page)[-1]) for page in printed]
    letters = [n for n, (page, _) in enumerate(numbers) if page == 1]
    assert len(letters) == 2, numbers
    for start, end in zip(letters, [*letters[1:], len(numbers)], strict=True):
        run = numbers[start:end]
        assert run == [(page, end - start) for page in range(1, end - start + 1)], numbers
