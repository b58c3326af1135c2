"""The normalised search text: accents and case never matter, both date forms are present."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.persistence.search import (
    fts5_query,
    like_pattern,
    normalise,
    query_terms,
    search_text_for,
)

ACCENTED = "áéíóúüñÁÉÍÓÚÜÑàèçÇëïöÿ"
PLAIN = "aeiouunAEIOUUNaecCeioy"
latin_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ" + ACCENTED, min_size=1)


@given(latin_words)
def test_accents_and_case_do_not_change_the_normalised_text(word: str) -> None:
    plain = word.translate(str.maketrans(ACCENTED, PLAIN))
    assert normalise(word) == normalise(plain) == plain.lower()
    assert normalise(word.upper()) == normalise(word)


@given(st.text())
def test_normalising_is_idempotent_and_leaves_no_accents_or_extra_spaces(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert not any(unicodedata.combining(c) for c in once)
    assert once == " ".join(once.split())


@given(st.dates(min_value=date(1000, 1, 1)))
def test_the_search_text_holds_both_forms_of_the_birth_date(born: date) -> None:
    text = search_text_for("Núñez", "José", "MRN-7", born)
    assert text.startswith("nunez jose mrn-7 ")
    assert born.isoformat() in text and born.strftime("%d/%m/%Y") in text


@given(st.text())
def test_every_query_term_is_one_quoted_fts5_phrase(text: str) -> None:
    terms = query_terms(text)
    query = fts5_query(terms)
    assert len(query.split(" AND ")) == len(terms) or not terms
    for term in terms:
        assert ('"' + term.replace('"', '""') + '"*') in query


@given(st.text(max_size=10))
def test_like_patterns_escape_wildcards(term: str) -> None:
    pattern = like_pattern(term)
    inner = pattern[1:-1]
    assert pattern.startswith("%") and pattern.endswith("%")
    unescaped = inner.replace("\\\\", "").replace("\\%", "").replace("\\_", "")
    assert "%" not in unescaped and "_" not in unescaped
