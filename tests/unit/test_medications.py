"""Medication review: cramp-associated drugs, timing from the start date, interactions, unknown names."""

from __future__ import annotations

from datetime import date
from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import Assessment, Medication, Patient
from clinic_desktop.knowledge.drugs import DrugList, load_drug_list
from clinic_desktop.rules.medications import days_since_start, review_medications, start_window

VISIT = date(2026, 11, 20)


@cache
def drugs() -> DrugList:
    return load_drug_list()


def assessment(*medications: Medication, language: str = "en") -> Assessment:
    return Assessment(
        patient=Patient("A-1", "García", "Ana", date(1961, 4, 2), language=language),
        visit_date=VISIT,
        medications=list(medications),
    )


def ids(review: object) -> list[str]:
    return [f.id for f in review.findings]  # type: ignore[attr-defined]


def test_a_thiazide_is_named_as_a_possible_cause_with_its_source() -> None:
    review = review_medications(
        assessment(Medication("hydrochlorothiazide", "25 mg daily")), drugs(), "en"
    )
    (finding,) = review.findings
    assert finding.id == "drug_associated_cramps_thiazide_diuretics"
    assert "hydrochlorothiazide" in finding.text
    assert "1.48" in finding.text
    assert "garrison_2012_prescription_sequence" in finding.sources
    assert review.has_class("thiazide_diuretics") and review.has_class("hydrochlorothiazide")
    assert not review.has_class("statins")


def test_spanish_text_for_a_spanish_speaking_patient() -> None:
    review = review_medications(assessment(Medication("Lasix 40 mg")), drugs(), "es")
    (finding,) = review.findings
    assert "diurético de asa" in finding.text and "calambres" in finding.text


def test_unknown_names_are_named_in_one_finding() -> None:
    review = review_medications(
        assessment(Medication("Frobnicol"), Medication("simvastatin"), Medication("Xyzzy 5 mg")),
        drugs(),
        "en",
    )
    unknown = [f for f in review.findings if f.id == "medication_not_recognised"]
    assert len(unknown) == 1
    assert "'Frobnicol'" in unknown[0].text and "'Xyzzy 5 mg'" in unknown[0].text
    assert review.unrecognised == ("Frobnicol", "Xyzzy 5 mg")


def test_treatment_options_and_do_not_flag_drugs_are_never_causes() -> None:
    review = review_medications(
        assessment(Medication("lisinopril"), Medication("pregabalin"), Medication("diltiazem")),
        drugs(),
        "en",
    )
    assert review.findings == ()
    assert {m.role for m in review.matches} == {"do_not_flag", "treatment_option"}


def test_quinine_in_pregnancy_is_named_contraindicated() -> None:
    # Reference medications quinine contraindications: pregnancy (teratogenic), never for cramps.
    pregnant = Assessment(
        patient=Patient(
            "A-1", "García", "Ana", date(1991, 4, 2), pregnant=True, pregnancy_weeks=20
        ),
        visit_date=VISIT,
        medications=[Medication("quinina")],
    )
    review = review_medications(pregnant, drugs(), "es")
    assert ids(review) == ["quinine_in_use", "quinine_in_pregnancy"]
    assert "embarazo" in review.findings[1].text
    assert "zhou_2015_cochrane_pregnancy_cramps" in review.findings[1].sources


def test_quinine_in_use_is_shown_as_a_warning_not_a_suggestion() -> None:
    review = review_medications(assessment(Medication("Qualaquin")), drugs(), "en")
    assert ids(review) == ["quinine_in_use"]
    assert "boxed warning" in review.findings[0].text


def test_recent_statin_start_is_said_and_long_term_ppi_is_said() -> None:
    review = review_medications(
        assessment(
            Medication("atorvastatin", started="2026-09-01"),
            Medication("omeprazole", started="2024-03"),
        ),
        drugs(),
        "en",
    )
    texts = {f.id: f.text for f in review.findings}
    assert "within the past year" in texts["drug_associated_cramps_statins"]
    assert "over a year" in texts["drug_associated_cramps_proton_pump_inhibitors"]
    statin, ppi = review.matches
    assert statin.recent_start is True and statin.long_term is False
    assert ppi.long_term is True and ppi.recent_start is False


def test_a_month_only_start_near_the_one_year_mark_stays_undecided() -> None:
    review = review_medications(
        assessment(Medication("omeprazole", started="2025-11")), drugs(), "en"
    )
    (match,) = review.matches
    assert match.long_term is None and match.recent_start is None
    text = review.findings[0].text
    assert "Taken for over a year" not in text and "less than a year ago" not in text


def test_interactions_the_reference_names() -> None:
    review = review_medications(
        assessment(
            Medication("diltiazem"),
            Medication("Zocor"),
            Medication("gemfibrozil"),
            Medication("vitamin K2"),
            Medication("warfarina"),
            Medication("pantoprazole"),
            Medication("furosemide"),
            Medication("complejo B"),
        ),
        drugs(),
        "en",
    )
    found = set(ids(review))
    assert {
        "interaction_diltiazem_cyp3a4_statin",
        "interaction_fibrate_statin",
        "interaction_vitamin_k2_vka",
        "ppi_with_diuretic_magnesium",
        "biotin_assay_interference",
    } <= found


def test_diltiazem_with_a_statin_not_metabolised_by_cyp3a4_is_no_interaction() -> None:
    review = review_medications(
        assessment(Medication("diltiazem"), Medication("pravastatin")), drugs(), "en"
    )
    assert "interaction_diltiazem_cyp3a4_statin" not in ids(review)


def test_started_within_days_for_red_flags() -> None:
    review = review_medications(
        assessment(
            Medication("haloperidol", started="2026-11-18"),
            Medication("sertraline", started="2026-11"),
        ),
        drugs(),
        "en",
    )
    assert review.started_within_days("dopamine_receptor_antagonists")
    assert not review.started_within_days("serotonergic_drugs")


def test_no_medications_no_findings() -> None:
    review = review_medications(assessment(), drugs(), "en")
    assert review.matches == () and review.findings == ()


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.booleans())
def test_start_window_contains_the_day_it_was_written_from(day: date, month_only: bool) -> None:
    text = day.strftime("%Y-%m") if month_only else day.isoformat()
    window = start_window(text)
    assert window is not None
    assert window[0] <= day <= window[1]
    days = days_since_start(text, date(2101, 1, 1))
    assert days is not None and days[0] <= days[1]


@given(st.text(max_size=12))
def test_malformed_start_dates_are_unknown_not_guessed(text: str) -> None:
    window = start_window(text)
    if window is not None:
        assert text.strip()[:4].isdigit() and text.strip()[4] == "-"


def test_a_start_in_the_month_of_the_visit_is_counted_up_to_the_visit() -> None:
    # Medicines listed at a visit were started by then: "2026-11" at a visit on 2026-11-20
    # means 0 to 19 days before it, so surely within the past year (Garrison 2012 window).
    assert days_since_start("2026-11", VISIT) == (0, 19)
    assert days_since_start("2026-12", VISIT) is None
    assert days_since_start("2026-11-21", VISIT) is None
    found = review_medications(
        assessment(Medication("hydrochlorothiazide", started="2026-11")), drugs(), "en"
    )
    assert found.matches[0].recent_start is True


@given(
    st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.dates(date(1900, 1, 1), date(2100, 12, 31))
)
def test_days_since_a_month_never_reach_past_the_visit(day: date, visit: date) -> None:
    days = days_since_start(f"{day.year:04d}-{day.month:02d}", visit)
    if (day.year, day.month) > (visit.year, visit.month):
        assert days is None
    else:
        assert days is not None and 0 <= days[0] <= days[1]
        assert days[1] == (visit - day.replace(day=1)).days
