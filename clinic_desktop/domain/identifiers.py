"""Identifiers as the clinic compares and stores them: one MRN has one spelling.

A medical record number typed with a zero-width space, a Unicode hyphen, full-width
digits or in lower case is the same number. Before an MRN is compared or stored it is
normalised: Unicode NFKC, invisible format characters removed, every dash written as
"-", runs of spaces made one, upper case. Control characters are refused, not removed,
and so is an MRN with nothing visible left.
"""

from __future__ import annotations

import unicodedata

MAX_MRN_LENGTH = 64
# Dashes that are not in the dash-punctuation category: minus sign, hyphen bullet.
_OTHER_DASHES = {"\u2212", "\u2043"}


class IdentifierError(ValueError):
    """The identifier cannot be used; the message says why, without repeating it."""


def normalise_mrn(text: str) -> str:
    """The MRN as stored and compared; IdentifierError when nothing usable is left.

    >>> normalise_mrn(" wc\u2010012\u200b ")
    'WC-012'
    """
    for character in text:
        category = unicodedata.category(character)
        if category == "Cs":
            raise IdentifierError(
                "MRN holds a broken character (half of a UTF-16 pair); type it again."
            )
        if category == "Cc" and not character.isspace():
            raise IdentifierError(f"MRN holds a control character (U+{ord(character):04X}).")
    composed = unicodedata.normalize("NFKC", text)
    kept = []
    for character in composed:
        category = unicodedata.category(character)
        if category == "Cf":
            continue  # zero-width spaces and joiners, soft hyphens, direction marks
        kept.append("-" if category == "Pd" or character in _OTHER_DASHES else character)
    normal = " ".join("".join(kept).split()).upper()
    if not normal:
        if not text.strip():
            raise IdentifierError("MRN is required.")
        raise IdentifierError("MRN has no visible characters.")
    if len(normal) > MAX_MRN_LENGTH:
        raise IdentifierError(f"MRN is longer than {MAX_MRN_LENGTH} characters.")
    return normal
