"""Accent- and case-insensitive search text for patients, and the queries that match it."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

_WORD = re.compile(r"\w")


def normalise(text: str) -> str:
    """Casefolded, accents stripped, runs of whitespace collapsed: "  García " -> "garcia"."""
    # Decompose around the casefold: compatibility forms ("𝕬") only fold after NFKD,
    # and folding can itself produce accents ("İ" -> "i" + dot) to strip.
    folded = unicodedata.normalize("NFKD", text).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def search_text_for(family_name: str, given_name: str, mrn: str, birth_date: date) -> str:
    """The stored search column: "family given mrn yyyy-mm-dd dd/mm/yyyy", normalised."""
    return " ".join(
        (
            normalise(family_name),
            normalise(given_name),
            normalise(mrn),
            birth_date.isoformat(),
            birth_date.strftime("%d/%m/%Y"),
        )
    )


def query_terms(text: str) -> list[str]:
    """The typed words, normalised like the stored text; words of punctuation only are dropped.

    Control characters go too: a pasted NUL is not text PostgreSQL will accept.
    """
    printable = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cs"))
    return [term for term in normalise(printable).split(" ") if _WORD.search(term)]


def fts5_query(terms: list[str]) -> str:
    """An FTS5 MATCH expression: each term a phrase whose last token is a prefix, all required.

    The tokenizer splits "1961-04-02" and "02/04/1961" into numbers; quoting each term as
    a phrase keeps their order, so the day and the month cannot swap.
    """
    return " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def like_pattern(term: str) -> str:
    """A LIKE pattern that finds `term` anywhere, with LIKE's wildcards escaped by backslash."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# A typed birth date, whole or its first part: "1961-", "1961-0", "1961-04-02"; "02/",
# "02/04", "02/04/19", "02/04/1961" (day first, as the search text writes it).
_ISO_PART = re.compile(r"^(\d{4})-(\d{0,2})(?:-(\d{0,2}))?$")
_DAY_FIRST_PART = re.compile(r"^(\d{2})/(\d{0,2})(?:/(\d{0,4}))?$")
# Birth years a day-first prefix ("02/04/19") stands for: the years a living patient has.
EARLIEST_BIRTH_YEAR = 1880


def _numbers_starting(typed: str, low: int, high: int) -> list[int]:
    """The numbers in [low, high] whose two-digit (or four-digit) spelling starts with `typed`."""
    width = 4 if high > 99 else 2
    return [n for n in range(low, high + 1) if f"{n:0{width}d}".startswith(typed)]


def _month_days(year: int, month: int) -> int:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return (following - date(year, month, 1)).days


def birth_date_ranges(term: str, today: date) -> list[tuple[date, date]] | None:
    """The birth dates a typed date term stands for, as half-open [low, high) ranges.

    None when `term` is not shaped like a date (it is then a word like any other); an
    empty list when it is, but names no real date ("1961-13").
    """
    iso = _ISO_PART.match(term)
    if iso is not None:
        year = int(iso[1])
        if year < 1:
            return []
        months = _numbers_starting(iso[2], 1, 12)
        if iso[3] is None:
            return [(date(year, m, 1), _after(year, m, _month_days(year, m))) for m in months]
        # "1961-4-" is no prefix of a date written 1961-04-02.
        if len(iso[2]) != 2 or not months:
            return []
        month = months[0]
        days = _numbers_starting(iso[3], 1, _month_days(year, month))
        return [(date(year, month, d), _after(year, month, d)) for d in days]
    day_first = _DAY_FIRST_PART.match(term)
    if day_first is None:
        return None
    day = int(day_first[1])
    if day < 1:
        return []
    years = _numbers_starting(day_first[3] or "", EARLIEST_BIRTH_YEAR, today.year)
    return [
        (date(year, month, day), _after(year, month, day))
        for month in _numbers_starting(day_first[2], 1, 12)
        for year in years
        if day <= _month_days(year, month)
    ]


def _after(year: int, month: int, day: int) -> date:
    return date(year, month, day) + timedelta(days=1)


def merged(ranges: list[tuple[date, date]]) -> tuple[list[date], list[tuple[date, date]]]:
    """Ranges joined where they touch, split into single days and longer [low, high) ranges."""
    joined: list[tuple[date, date]] = []
    for low, high in sorted(ranges):
        if joined and low <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(high, joined[-1][1]))
        else:
            joined.append((low, high))
    days = [low for low, high in joined if high - low == timedelta(days=1)]
    return days, [(low, high) for low, high in joined if high - low > timedelta(days=1)]
