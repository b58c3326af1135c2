"""Names in any script on the printed page: a font for every character, right to left in order.

The documents' own fonts (DejaVu) cover Latin, Greek, Cyrillic, Hebrew and Arabic. A run of
characters the style's font lacks is set in the first fallback font that has them (the
page setup's `fallback_fonts`: DejaVu Sans, WenQuanYi Micro Hei for Chinese, Japanese and
Korean, Symbola for emoji up to Unicode 9), loaded only when a document needs it. Invisible
characters no font draws (variation selectors, joiners, skin-tone modifiers) are left out,
a symbol no font has prints as its Unicode name in brackets, and a run of letters of a
script no font has as "[<script> text]", never as empty boxes.

ReportLab lays text out left to right and does not join Arabic letters, so a line holding
Hebrew or Arabic is put in display order first: Arabic letters take their contextual forms
(arabic-reshaper), then the Unicode bidirectional algorithm orders the line (python-bidi).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics

# Bidirectional classes of right-to-left letters: Hebrew (R) and Arabic (AL).
_RIGHT_TO_LEFT = frozenset({"R", "AL"})


def has_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(character) in _RIGHT_TO_LEFT for character in text)


def display_order(line: str) -> str:
    """One line of text in the order it is drawn left to right, Arabic letters joined.

    The line's direction is that of its first letter (a name in Hebrew reads as a Hebrew
    line, "patient محمد علي" as an English one); each right-to-left run is reversed and its
    brackets mirrored. python-bidi's algorithm module mirrors brackets (its Rust
    `get_display` does not) but predates bracket pairs (Unicode 6.3): Latin text in
    brackets inside a line that starts in Hebrew or Arabic may show its brackets reversed.
    """
    if not has_right_to_left(line):
        return line
    import arabic_reshaper

    shaped = arabic_reshaper.reshape(line)
    if all(unicodedata.bidirectional(character) in _OLDER_CLASSES for character in shaped):
        from bidi.algorithm import get_display
    else:  # isolates or unassigned code points, which the older algorithm refuses
        from bidi import get_display
    return str(get_display(shaped))


# The bidirectional classes python-bidi's algorithm module knows (Unicode 6.2, no isolates).
_OLDER_CLASSES = frozenset(
    [
        "L",
        "R",
        "AL",
        "EN",
        "ES",
        "ET",
        "AN",
        "CS",
        "NSM",
        "BN",
        "B",
        "S",
        "WS",
        "ON",
        "LRE",
        "LRO",
        "RLE",
        "RLO",
        "PDF",
    ]
)


@cache
def _glyphs(font_name: str) -> Mapping[int, int]:
    """The code points a registered TrueType font has glyphs for."""
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    return getattr(face, "charToGlyph", {}) if face is not None else {}


def _invisible(character: str) -> bool:
    """A character that only modifies its neighbour and may be left out when no font has it."""
    code = ord(character)
    return (
        unicodedata.category(character) in ("Cf", "Mn", "Me")
        or 0xFE00 <= code <= 0xFE0F  # variation selectors (text or emoji style)
        or 0x1F3FB <= code <= 0x1F3FF  # skin-tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters of flag sequences
    )


def _emoji_modifier(character: str) -> bool:
    code = ord(character)
    return 0x1F3FB <= code <= 0x1F3FF or code in (0xFE0E, 0xFE0F)


def _stand_in(character: str) -> str:
    """What prints for a character no font has."""
    name = unicodedata.name(character, "")
    if unicodedata.category(character).startswith("S") or not name:
        return f"[{name.lower() or f'U+{ord(character):04X}'}]"
    return f"[{name.split(' ')[0].title()} text]"


def font_runs(
    text: str, font: str, fallbacks: Sequence[str], load: Callable[[str], None]
) -> Iterator[tuple[str, str | None]]:
    """(text, font name or None for `font` itself) for each run of `text`.

    `load(name)` registers a fallback font before its glyphs are looked at, so a document
    in Latin script never loads the large fallback fonts.
    """
    own = _glyphs(font)
    run: list[str] = []
    run_font: str | None = None
    previous_stand_in = ""
    for character in text:
        if _emoji_modifier(character):
            continue  # a skin tone or emoji-style selector alone prints as a swatch or a box
        chosen: str | None = None
        shown = character
        if ord(character) not in own and not character.isspace():
            for name in fallbacks:
                load(name)
                if ord(character) in _glyphs(name):
                    chosen = name
                    break
            else:
                if _invisible(character):
                    continue
                shown, chosen = _stand_in(character), None
                if shown == previous_stand_in and shown.endswith(" text]"):
                    continue  # one "[Thai text]" for a run of Thai letters
                previous_stand_in = shown
        else:
            previous_stand_in = ""
        if chosen != run_font and run:
            yield "".join(run), run_font
            run = []
        run_font = chosen
        run.append(shown)
    if run:
        yield "".join(run), run_font


def line_markup(line: str, font: str, fallbacks: Sequence[str], load: Callable[[str], None]) -> str:
    """Paragraph markup for one line: escaped, in display order, each run in a font that has it."""
    return "".join(
        escape(part) if face is None else f'<font face="{face}">{escape(part)}</font>'
        for part, face in font_runs(display_order(line), font, fallbacks, load)
    )
