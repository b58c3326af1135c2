"""Numbers and dates as the interface's language writes them: "0,55" and 23/11/2026 in Spanish,
"0.55" and 2026-11-23 in English (the program's unambiguous form everywhere else)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from clinic_desktop.domain.numbers import number_text
from clinic_desktop.ui.translation import SPANISH, installed_language

_DAY_FORMATS = {SPANISH: ("%d/%m/%Y", "dd/MM/yyyy")}
_ISO = ("%Y-%m-%d", "yyyy-MM-dd")


def number(value: float | int | Decimal | str, language: str | None = None) -> str:
    """`value` without trailing zeros, with the language's decimal mark."""
    return number_text(value, language or installed_language())


def day(value: date, language: str | None = None) -> str:
    return value.strftime(_DAY_FORMATS.get(language or installed_language(), _ISO)[0])


def day_format(language: str | None = None) -> str:
    """The same as a QDateEdit display format."""
    return _DAY_FORMATS.get(language or installed_language(), _ISO)[1]


def moment(value: datetime, language: str | None = None) -> str:
    """A stored moment (UTC; naive means UTC) as the clinician's wall-clock day and time."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    local = aware.astimezone()
    return f"{day(local.date(), language)} {local:%H:%M}"
