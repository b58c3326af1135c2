"""Search as you type, by property: any typed text is safe, and typing part of a name finds it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_desktop.persistence.database import open_database
from clinic_desktop.persistence.search import normalise
from clinic_desktop.services.maintenance import fill_demo
from clinic_desktop.services.patients import PatientRegistry, PatientSummary

from .conftest import fresh_postgres_schema

PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@contextmanager
def sqlite_file_url(factory: pytest.TempPathFactory) -> Iterator[str]:
    yield f"sqlite:///{factory.mktemp('search') / 'clinic.sqlite3'}"


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def demo_registry(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[PatientRegistry, list[PatientSummary]]]:
    """500 demo patients, shared by the examples of one module (read-only)."""
    place = (
        fresh_postgres_schema()
        if request.param == "postgresql"
        else sqlite_file_url(tmp_path_factory)
    )
    with place as url:
        database = open_database(url)
        try:
            fill_demo(database, 500, seed=11)
            registry = PatientRegistry(database)
            yield registry, registry.search("", limit=500)
        finally:
            database.close()


@PROPERTY_SETTINGS
@given(typed=st.text(max_size=25))
def test_any_typed_text_returns_a_list_and_never_an_error(
    demo_registry: tuple[PatientRegistry, list[PatientSummary]], typed: str
) -> None:
    registry, _everyone = demo_registry
    found = registry.search(typed, limit=50)
    assert len(found) <= 50


@PROPERTY_SETTINGS
@given(data=st.data())
def test_typing_the_start_of_a_name_word_with_the_birth_date_finds_the_patient(
    demo_registry: tuple[PatientRegistry, list[PatientSummary]], data: st.DataObject
) -> None:
    registry, everyone = demo_registry
    patient = data.draw(st.sampled_from(everyone))
    word = data.draw(st.sampled_from(f"{patient.family_name} {patient.given_name}".split()))
    prefix = word[: data.draw(st.integers(min_value=1, max_value=len(word)))]
    typed_date = data.draw(
        st.sampled_from([patient.birth_date.isoformat(), f"{patient.birth_date:%d/%m/%Y}"])
    )
    typed = data.draw(st.sampled_from([prefix, prefix.upper(), normalise(prefix)]))
    found = registry.search(f"{typed} {typed_date}", limit=500)
    assert patient.id in {p.id for p in found}


@PROPERTY_SETTINGS
@given(data=st.data())
def test_a_birth_date_typed_part_way_with_a_name_word_finds_the_patient(
    demo_registry: tuple[PatientRegistry, list[PatientSummary]], data: st.DataObject
) -> None:
    registry, everyone = demo_registry
    patient = data.draw(st.sampled_from(everyone))
    spelled = data.draw(
        st.sampled_from([patient.birth_date.isoformat(), f"{patient.birth_date:%d/%m/%Y}"])
    )
    typed_date = spelled[: data.draw(st.integers(min_value=3, max_value=len(spelled)))]
    word = normalise(patient.family_name).split()[0]
    found = registry.search(f"{word[:3]} {typed_date}", limit=500)
    assert patient.id in {p.id for p in found}


def test_a_search_matching_more_than_the_cap_sorts_the_newest_matches_by_name(
    demo_registry: tuple[PatientRegistry, list[PatientSummary]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registry, everyone = demo_registry
    word = "garcia"
    matching = sorted(
        (p for p in everyone if word in normalise(f"{p.family_name} {p.given_name}")),
        key=lambda p: p.id,
    )
    assert len(matching) > 8, "the demo data should hold many Garcías"
    monkeypatch.setattr("clinic_desktop.services.patients.MATCH_CAP", 8)
    found = registry.search(word, limit=5)
    newest = {p.id for p in matching[-8:]}
    assert len(found) == 5
    assert {p.id for p in found} <= newest
    names = [normalise(f"{p.family_name} {p.given_name} {p.mrn}") for p in found]
    assert names == sorted(names)
