"""The patient registry against real databases: registration, uniqueness and search as you type."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_desktop.persistence.database import Database
from clinic_desktop.services.patients import (
    PatientInput,
    PatientRegistry,
    PatientValidationError,
)

TODAY = date(2026, 11, 23)


@pytest.fixture
def registry(database: Database) -> PatientRegistry:
    registry = PatientRegistry(database)
    for mrn, family, given, born in (
        ("A-1001", "García-López", "Ana", "1961-04-02"),
        ("A-1002", "Smith", "John", "04/02/1961"),
        ("B-2001", "Núñez", "José María", "1990-12-31"),
        ("B-2002", "Gárcia", "Zoë", "2001-01-15"),
    ):
        registry.create(PatientInput(mrn, family, given, born), today=TODAY)
    return registry


def mrns(registry: PatientRegistry, typed: str) -> list[str]:
    return [patient.mrn for patient in registry.search(typed)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("garcia", ["B-2002", "A-1001"]),
        ("GARCÍA", ["B-2002", "A-1001"]),
        ("lopez", ["A-1001"]),
        ("garcía-lóp", ["A-1001"]),
        ("nunez jose", ["B-2001"]),
        ("jose nun", ["B-2001"]),
        ("zoe", ["B-2002"]),
        ("02/04/1961", ["A-1001"]),
        ("1961-04-02", ["A-1001"]),
        ("04/02/1961", ["A-1002"]),
        ("1961-02-04", ["A-1002"]),
        ("a-1002", ["A-1002"]),
        ("2001", ["B-2002", "B-2001"]),
        ("garcia 1961", ["A-1001"]),
        ("nobody", []),
    ],
)
def test_search_ignores_accents_and_case_and_finds_both_date_forms(
    registry: PatientRegistry, typed: str, expected: list[str]
) -> None:
    assert mrns(registry, typed) == expected


def test_one_or_two_letters_list_family_names_starting_with_them_in_order(
    registry: PatientRegistry,
) -> None:
    assert mrns(registry, "g") == ["B-2002", "A-1001"]
    assert mrns(registry, "GÁ") == ["B-2002", "A-1001"]
    assert mrns(registry, "n") == ["B-2001"]
    assert mrns(registry, "s") == ["A-1002"]
    assert mrns(registry, "z") == []


def test_search_with_sql_and_fts_syntax_in_the_text_is_only_text(
    registry: PatientRegistry,
) -> None:
    for typed in ('"', "garcia OR", "NEAR(a b)", "%", "_", "a*", "'; drop table patients; --"):
        assert isinstance(registry.search(typed), list)
    assert registry.count() == 4
    assert mrns(registry, "garcia OR") == []


def test_empty_search_lists_the_most_recently_updated_first(registry: PatientRegistry) -> None:
    first = registry.find_by_mrn("A-1001")
    assert first is not None
    registry.update(
        first.id, PatientInput("A-1001", "García-López", "Ana", "1961-04-02"), today=TODAY
    )
    assert mrns(registry, "")[0] == "A-1001"
    assert len(registry.search("", limit=2)) == 2


def test_a_duplicate_mrn_is_refused_with_a_message_on_the_mrn_field(
    registry: PatientRegistry,
) -> None:
    with pytest.raises(PatientValidationError) as raised:
        registry.create(PatientInput(" A-1001 ", "Other", "Person", "1970-01-01"), today=TODAY)
    assert raised.value.errors == {"mrn": "MRN A-1001 already belongs to another patient."}


def test_editing_a_patient_keeps_its_own_mrn_valid_and_refreshes_search(
    registry: PatientRegistry,
) -> None:
    patient = registry.find_by_mrn("A-1002")
    assert patient is not None
    data = PatientInput("A-1002", "Smythe", "John", "1961-02-04", sex="male", language="en")
    assert registry.validate(data, patient.id, today=TODAY) == {}
    updated = registry.update(patient.id, data, today=TODAY)
    assert (updated.family_name, updated.sex, updated.language) == ("Smythe", "male", "en")
    assert mrns(registry, "smythe") == ["A-1002"]
    assert mrns(registry, "smith") == []
    assert registry.get(patient.id) == updated


def test_taking_another_patients_mrn_on_edit_is_refused(registry: PatientRegistry) -> None:
    patient = registry.find_by_mrn("A-1002")
    assert patient is not None
    with pytest.raises(PatientValidationError) as raised:
        registry.update(
            patient.id, PatientInput("B-2001", "Smith", "John", "1961-02-04"), today=TODAY
        )
    assert set(raised.value.errors) == {"mrn"}


def test_fields_are_trimmed_and_the_day_first_date_is_stored_as_a_date(
    database: Database,
) -> None:
    registry = PatientRegistry(database)
    created = registry.create(
        PatientInput("  C-1 ", "  Pérez ", " Luis ", "09/03/1955", sex="", language="es"),
        today=TODAY,
    )
    assert (created.mrn, created.family_name, created.given_name) == ("C-1", "Pérez", "Luis")
    assert created.birth_date == date(1955, 3, 9)
    assert (created.sex, created.language) == (None, "es")


def test_unknown_patient_is_a_lookup_error(database: Database) -> None:
    registry = PatientRegistry(database)
    with pytest.raises(LookupError):
        registry.get(999)
    with pytest.raises(LookupError):
        registry.update(999, PatientInput("X", "Y", "Z", "1970-01-01"))
    assert registry.find_by_mrn("X") is None
    assert registry.visits(999) == []
