"""What a living body can have, per test: beyond it the window asks; a critical value is never asked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.domain.vocabulary import LAB_TESTS
from clinic_desktop.knowledge import Knowledge, load_knowledge


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def test_a_missing_decimal_point_is_caught_and_the_likely_value_offered(
    knowledge: Knowledge,
) -> None:
    labs = knowledge.labs
    potassium = labs.impossible("potassium", 39, "mmol/L")
    assert potassium is not None and potassium.suggestion == 3.9
    assert "14.0 mmol/L" in potassium.limit.basis and "South Med J" in potassium.limit.source
    sodium = labs.impossible("sodium", 1400, "mmol/L")
    assert sodium is not None and sodium.suggestion == 140


@pytest.mark.parametrize(
    ("test", "value", "unit"),
    [
        ("potassium", 8.5, "mmol/L"),
        ("potassium", 14.0, "mmol/L"),
        ("creatine_kinase", 100_000, "U/L"),
        ("creatine_kinase", 1_000_000, "U/L"),
        ("sodium", 228, "mmol/L"),
        ("glucose", 2656, "mg/dL"),
        ("glucose", 147.6, "mmol/L"),
        ("magnesium", 16.6, "mg/dL"),
        ("creatinine", 73.8, "mg/dL"),
        ("creatinine", 6524, "umol/L"),
    ],
)
def test_real_values_however_critical_are_possible(
    knowledge: Knowledge, test: str, value: float, unit: str
) -> None:
    """The extremes published in survivors, and the issue's own examples, are never questioned."""
    assert knowledge.labs.impossible(test, value, unit) is None


def test_every_limit_names_its_basis_and_source_and_a_test_the_catalogue_has(
    knowledge: Knowledge,
) -> None:
    possible = knowledge.labs.possible
    assert possible is not None
    assert {"potassium", "sodium", "magnesium", "glucose", "creatinine"} <= set(possible.limits)
    for test, limit in possible.limits.items():
        assert test in LAB_TESTS
        assert limit.unit in knowledge.labs.units_for(test)
        assert limit.basis.strip() and limit.source.strip()


@given(
    test=st.sampled_from(LAB_TESTS),
    value=st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
    data=st.data(),
)
def test_a_value_is_questioned_exactly_when_it_is_beyond_its_limit_in_any_unit(
    test: str, value: float, data: st.DataObject
) -> None:
    labs = load_knowledge().labs
    unit = data.draw(st.sampled_from(labs.units_for(test)))
    found = labs.impossible(test, value, unit)
    limit = labs.possible.limits.get(test) if labs.possible else None
    if limit is None:
        assert found is None
        return
    beyond = labs.convert(test, value, unit, limit.unit) > limit.above
    assert (found is not None) == beyond
    if found is not None and found.suggestion is not None:
        assert labs.convert(
            test, Decimal(str(found.suggestion)), unit, limit.unit
        ) <= limit.above * Decimal("1.000001")
        assert found.suggestion < value
