"""Rounding as the exchange format demands: half away from zero, never binary `round()`."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def to_decimal(value: float | int | Decimal | str) -> Decimal:
    """The decimal a person would read off `value` (0.995 stays 0.995, not 0.99499999...)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def round_half_away(value: float | int | Decimal | str, places: int) -> Decimal:
    """Round to `places` decimals, halves away from zero: 0.995 -> 1.00, -0.125 -> -0.13."""
    quantum = Decimal(1).scaleb(-places)
    return to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def number_text(value: float | int | Decimal | str, language: str) -> str:
    """A number as a person writes it in `language`: no trailing zeros, "," as the Spanish decimal mark."""
    text = format(to_decimal(value).normalize(), "f")
    return text.replace(".", ",") if language == "es" else text


def places_text(value: Decimal, language: str) -> str:
    """A decimal with the places it carries (an ABI's 1.00 stays 1.00), in `language`'s mark."""
    text = format(value, "f")
    return text.replace(".", ",") if language == "es" else text


_COMPARISONS = {
    "lt": Decimal.__lt__,
    "lte": Decimal.__le__,
    "gt": Decimal.__gt__,
    "gte": Decimal.__ge__,
}


def compare(value: Decimal, op: str, threshold: Decimal) -> bool:
    """`value op threshold` for the clinical files' operators lt, lte, gt and gte."""
    return bool(_COMPARISONS[op](value, threshold))
