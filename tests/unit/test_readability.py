"""Every text of the knowledge files that a patient reads scores as easy reading.

English: Flesch-Kincaid grade 8 or lower. Spanish: Fernández-Huerta 60 or higher.
Measured over every patient text: the care-plan library (title, text, steps and reason, as
the patient reads an item), lab-order reasons, treatment options, the emergency-first notes,
and the patient version of every finding and red flag. A failure names the text.
Syllables come from textstat's bundled Pyphen hyphenation: its CMU dictionary
would be downloaded over the network on first use, which tests must not do.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import textstat
from textstat.backend.counts import _count_syllables

from clinic_desktop.domain.vocabulary import URGENCIES
from clinic_desktop.knowledge import Knowledge, load_knowledge

MAX_GRADE_EN = 8
MIN_EASE_ES = 60
# Stand in for what the rules fill in: the medicine names, a leg, a multiple of a limit.
PLACEHOLDERS = {
    "en": {"drugs": "this", "legs": "your left leg", "multiple": "12"},
    "es": {"drugs": "esto", "legs": "la pierna izquierda", "multiple": "12"},
}


@pytest.fixture(autouse=True)
def offline_syllables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: None)


def _filled(text: str, language: str) -> str:
    return text.format(**PLACEHOLDERS[language])


def patient_texts(language: str) -> Iterator[tuple[str, str]]:
    knowledge = load_knowledge()
    library = knowledge.care_plan
    yield "pregnancy_notice", library.pregnancy_supplement_notice.pick(language)
    for urgency in URGENCIES:
        yield f"urgency_{urgency}", library.referral_urgency(urgency).pick(language)
    for entry in library.entries():
        parts = [f"{entry.title.pick(language)}.", entry.text.pick(language)]
        parts.extend(entry.steps.pick(language) if entry.steps else ())
        yield entry.id, " ".join(parts)
        if entry.reason is not None:
            yield f"{entry.id}.reason", _filled(entry.reason.pick(language), language)
    for rule in knowledge.lab_orders.rules:
        yield f"order {rule.id}", rule.reason.pick(language)
    for rule in knowledge.treatments.hold_back:
        yield f"hold_back {rule.flags or rule.urgency}", rule.plan_note.pick(language)
        for specific in rule.flag_specific:
            yield f"hold_back {specific.flags}", specific.text.pick(language)
    for option in knowledge.treatments.options():
        assert option.title is not None and option.plan_text is not None
        text = f"{option.title.pick(language)}. {option.plan_text.pick(language)}"
        yield f"option {option.id}", text
    yield from _finding_texts(knowledge, language)


def _finding_texts(knowledge: Knowledge, language: str) -> Iterator[tuple[str, str]]:
    """The patient version of every finding and red flag the knowledge holds."""
    for test in knowledge.labs.tests():
        for spec in knowledge.labs.spec(test).findings:
            yield f"lab {test}.{spec.id}", _filled(spec.patient.pick(language), language)
    for finding_id, neuro in knowledge.neuromuscular.findings.items():
        yield f"neuromuscular {finding_id}", neuro.patient.pick(language)
    hormonal = knowledge.labs.hormonal
    thyroid = hormonal.thyroid
    for pattern in thyroid.patterns:
        yield f"hormonal {pattern.id}", pattern.patient.pick(language)
    for single in (thyroid.tsh_without_free_t4, thyroid.fallback):
        yield f"hormonal {single.id}", single.patient.pick(language)
    adrenal = hormonal.adrenal.electrolyte_pattern
    yield f"hormonal {adrenal.id}", adrenal.patient.pick(language)
    for spec in (
        hormonal.parathyroid_calcium.signs_finding,
        hormonal.parathyroid_calcium.causes_finding,
    ):
        yield f"hormonal {spec.id}", spec.patient.pick(language)
    vascular = knowledge.labs.vascular
    for abi in vascular.abi.findings:
        yield f"vascular {abi.id}", _filled(abi.patient.pick(language), language)
    normal = vascular.abi.normal_with_claudication
    yield f"vascular {normal.id}", normal.patient.pick(language)
    yield "vascular claudication", vascular.claudication.patient.pick(language)
    for template_id, template in knowledge.drugs.findings.items():
        if template.patient is not None:
            yield f"medication {template_id}", _filled(template.patient.pick(language), language)
    for flag in knowledge.red_flags.flags:
        yield f"red flag {flag.id}", flag.patient.pick(language)
        if flag.escalation is not None:
            yield f"red flag {flag.id}.escalation", flag.escalation.patient.pick(language)


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
