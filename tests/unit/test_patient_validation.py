"""Registration input checks: each mistake named on its field; birth dates in two written forms."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.domain.identifiers import IdentifierError, normalise_mrn
from clinic_desktop.domain.vocabulary import LANGUAGES, SEXES
from clinic_desktop.services.patients import (
    PatientInput,
    PatientValidationError,
    parse_birth_date,
    validate_fields,
)

TODAY = date(2026, 11, 23)
FIELDS = {"mrn", "family_name", "given_name", "birth_date", "sex", "language"}
past_dates = st.dates(min_value=date(1000, 1, 1), max_value=TODAY)


@given(past_dates)
def test_a_past_date_reads_back_from_both_written_forms(day: date) -> None:
    assert parse_birth_date(day.isoformat(), TODAY) == day
    assert parse_birth_date(day.strftime("%d/%m/%Y"), TODAY) == day
    assert parse_birth_date(f"  {day.day}/{day.month}/{day:%Y} ", TODAY) == day


@given(st.dates(min_value=TODAY + timedelta(days=1)))
def test_a_future_birth_date_is_refused(day: date) -> None:
    with pytest.raises(ValueError, match="in the future"):
        parse_birth_date(day.isoformat(), TODAY)


@given(st.text(max_size=30))
def test_any_typed_text_gives_a_past_date_or_a_message_about_the_birth_date(typed: str) -> None:
    try:
        parsed = parse_birth_date(typed, TODAY)
    except ValueError as error:
        assert str(error).startswith("Birth date")
    else:
        assert parsed <= TODAY


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Birth date is required."),
        ("   ", "Birth date is required."),
        ("31/02/2000", "Birth date 31/02/2000 is not a real date."),
        ("2001-13-01", "Birth date 2001-13-01 is not a real date."),
        ("02-04-1961", "Birth date must be written YYYY-MM-DD or DD/MM/YYYY."),
        ("1961/04/02", "Birth date must be written YYYY-MM-DD or DD/MM/YYYY."),
        ("yesterday", "Birth date must be written YYYY-MM-DD or DD/MM/YYYY."),
    ],
)
def test_wrong_birth_dates_say_what_is_wrong(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_birth_date(typed, TODAY)
    assert str(raised.value) == message


def test_a_complete_registration_has_no_mistakes() -> None:
    data = PatientInput("A-1", "García", "Ana", "02/04/1961", sex="female", language="es")
    assert validate_fields(data, TODAY) == {}


def test_each_mistake_is_reported_on_its_own_field() -> None:
    data = PatientInput(" ", "\t", "", "2030-01-01", sex="woman", language="fr")
    errors = validate_fields(data, TODAY)
    assert errors == {
        "mrn": "MRN is required.",
        "family_name": "Family name is required.",
        "given_name": "Given name is required.",
        "birth_date": "Birth date 2030-01-01 is in the future.",
        "sex": f"Sex must be one of: {', '.join(SEXES)}.",
        "language": f"Language must be one of: {', '.join(LANGUAGES)}.",
    }
    assert "family_name: Family name is required." in str(PatientValidationError(errors))


def test_overlong_values_are_refused_not_cut() -> None:
    errors = validate_fields(PatientInput("M" * 65, "F" * 201, "G", "1970-01-01"), TODAY)
    assert set(errors) == {"mrn", "family_name"}


@given(
    st.builds(
        PatientInput,
        mrn=st.text(max_size=70),
        family_name=st.text(max_size=20),
        given_name=st.text(max_size=20),
        birth_date=st.text(max_size=12) | past_dates.map(date.isoformat),
        sex=st.none() | st.sampled_from(SEXES) | st.text(max_size=8),
        language=st.none() | st.sampled_from(LANGUAGES) | st.text(max_size=4),
    )
)
def test_validation_never_fails_and_names_only_known_fields(data: PatientInput) -> None:
    errors = validate_fields(data, TODAY)
    assert set(errors) <= FIELDS
    assert all(message.endswith(".") for message in errors.values())
    # An MRN is taken when it has a normal form (domain.identifiers), refused otherwise.
    try:
        normalise_mrn(data.mrn)
    except IdentifierError:
        assert "mrn" in errors
    else:
        assert "mrn" not in errors
    if data.sex is None or data.sex.strip() in ("", *SEXES):
        assert "sex" not in errors
