"""Every patient text of the care-plan library and lab-order reasons reads easily.

English: Flesch-Kincaid grade 8 or lower. Spanish: Fernández-Huerta 60 or higher.
Each item is scored as the patient reads it: title, text, steps, and reason.
Syllables come from textstat's bundled Pyphen hyphenation: its CMU dictionary
would be downloaded over the network on first use, which tests must not do.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import textstat
from textstat.backend.counts import _count_syllables

from clinic_desktop.domain.vocabulary import URGENCIES
from clinic_desktop.knowledge.care_plan_library import load_care_plan_library
from clinic_desktop.knowledge.lab_orders import load_lab_orders

MAX_GRADE_EN = 8
MIN_EASE_ES = 60
# Stands in for the medicine names the clinician typed, which are not the program's wording.
DRUG_PLACEHOLDER = {"en": "this", "es": "esto"}


@pytest.fixture(autouse=True)
def offline_syllables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: None)


def patient_texts(language: str) -> Iterator[tuple[str, str]]:
    library = load_care_plan_library()
    yield "pregnancy_notice", library.pregnancy_supplement_notice.pick(language)
    for urgency in URGENCIES:
        yield f"urgency_{urgency}", library.referral_urgency(urgency).pick(language)
    for entry in library.entries():
        parts = [f"{entry.title.pick(language)}.", entry.text.pick(language)]
        parts.extend(entry.steps.pick(language) if entry.steps else ())
        yield entry.id, " ".join(parts)
        if entry.reason is not None:
            reason = entry.reason.pick(language).format(drugs=DRUG_PLACEHOLDER[language])
            yield f"{entry.id}.reason", reason
    for rule in load_lab_orders().rules:
        yield f"order {rule.id}", rule.reason.pick(language)


def test_english_patient_texts_are_at_most_grade_8() -> None:
    textstat.set_lang("en")
    hard = {
        name: textstat.flesch_kincaid_grade(text)
        for name, text in patient_texts("en")
        if textstat.flesch_kincaid_grade(text) > MAX_GRADE_EN
    }
    assert hard == {}


def test_spanish_patient_texts_score_at_least_60() -> None:
    textstat.set_lang("es")
    try:
        hard = {
            name: textstat.fernandez_huerta(text)
            for name, text in patient_texts("es")
            if textstat.fernandez_huerta(text) < MIN_EASE_ES
        }
    finally:
        textstat.set_lang("en")
    assert hard == {}


def test_the_scores_tell_hard_from_easy_text() -> None:
    textstat.set_lang("en")
    hard = (
        "Pharmacoepidemiological investigations demonstrated statistically significant "
        "associations between thiazide administration and subsequent quinine prescriptions."
    )
    assert textstat.flesch_kincaid_grade(hard) > MAX_GRADE_EN
    assert textstat.flesch_kincaid_grade("Stretch your legs each night.") <= MAX_GRADE_EN
