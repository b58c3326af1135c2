from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.domain.numbers import round_half_away


def test_halves_round_away_from_zero() -> None:
    assert round_half_away(0.995, 2) == Decimal("1.00")
    assert round_half_away(2.675, 2) == Decimal("2.68")  # round() gives 2.67
    assert round_half_away(-0.125, 2) == Decimal("-0.13")
    assert round_half_away(77.5, 0) == Decimal("78")


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False))
def test_rounding_moves_by_at_most_half_a_unit(value: Decimal) -> None:
    rounded = round_half_away(value, 2)
    assert abs(rounded - value) <= Decimal("0.005")
    assert rounded.as_tuple().exponent == -2


def test_numbers_read_as_a_person_writes_them() -> None:
    from clinic_desktop.domain.numbers import number_text

    assert number_text(5000.0, "en") == "5000"
    assert number_text(Decimal("120.0"), "es") == "120"
    assert number_text(Decimal("0.617"), "es") == "0,617"
    assert number_text(1.5, "en") == "1.5"
    assert number_text(Decimal("1E+3"), "en") == "1000"


@given(
    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False),
    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False),
)
def test_comparisons_follow_their_names(value: Decimal, threshold: Decimal) -> None:
    from clinic_desktop.domain.numbers import compare

    assert compare(value, "lt", threshold) == (value < threshold)
    assert compare(value, "lte", threshold) == (value <= threshold)
    assert compare(value, "gt", threshold) == (value > threshold)
    assert compare(value, "gte", threshold) == (value >= threshold)
    assert compare(threshold, "lt", threshold) is False  # "below X": X itself is not below


@given(st.decimals(min_value=-100, max_value=100, places=2, allow_nan=False))
def test_a_decimal_keeps_its_places_and_reads_back_in_either_language(value: Decimal) -> None:
    from clinic_desktop.domain.numbers import places_text

    english, spanish = places_text(value, "en"), places_text(value, "es")
    assert Decimal(english) == value and english.count(".") <= 1
    assert "." not in spanish and spanish.replace(",", ".") == english
    assert places_text(Decimal("1.00"), "es") == "1,00"  # an ABI keeps its two places
