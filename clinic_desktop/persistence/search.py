"""Accent- and case-insensitive search text for patients, and the queries that match it."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

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
