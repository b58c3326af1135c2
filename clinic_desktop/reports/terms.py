"""Vocabulary terms (muscles, reflexes, sides, referrals...) in the words the window shows them.

The clinician's documents (the visit summary, the referral letter) speak the interface's
language. English is the term's label; other languages come from the interface's own
catalogue (resources/i18n), its "vocabulary" context, so a muscle is named on paper exactly as
on screen, and a term is translated in one place only. No Qt: the catalogue is read as XML.
"""

from __future__ import annotations

from functools import cache
from xml.etree import ElementTree

from clinic_desktop.domain.vocabulary import english_label
from clinic_desktop.paths import resource_path

CONTEXT = "vocabulary"


@cache
def _catalogue(language: str) -> dict[str, str]:
    if language == "en":
        return {}
    path = resource_path("i18n", f"clinic_desktop_{language}.ts")
    if not path.is_file():
        return {}
    # The program's own shipped catalogue, not outside input.
    root = ElementTree.parse(path).getroot()  # noqa: S314
    found: dict[str, str] = {}
    for context in root.iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if (
                source
                and translation is not None
                and translation.text
                and translation.get("type") not in ("unfinished", "obsolete", "vanished")
            ):
                found[source] = translation.text
    return found


def term(value: str, language: str) -> str:
    """`value` ("elbow_flexors") as the window names it in `language` ("Flexores del codo")."""
    english = english_label(value)
    return _catalogue(language).get(english, english)


def terms(values: list[str] | tuple[str, ...] | None, language: str) -> str:
    """Several terms in one line, comma separated; "" for none."""
    return ", ".join(term(v, language) for v in values or ())
