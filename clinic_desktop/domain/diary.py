"""The patient's cramp diary: one cramp as the patient wrote it down, typed in at a follow-up.

The printed plan's diary page asks for the date, the time, where, how long, how strong (0-10)
and what helped. Every field but the date may be left empty (not written down); what is given
is checked as typed and refused with the field's name, never clamped or guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from clinic_desktop.domain.vocabulary import PAIN_SCORE_RANGE, SIDES, SITES

MAX_DURATION_SECONDS = 24 * 60 * 60
MAX_RELIEF_CHARACTERS = 500
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class DiaryError(ValueError):
    """A diary field that cannot be stored as typed: `field` names it, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class DiaryEntry:
    occurred_on: date
    occurred_time: str | None = None
    """HH:MM, 24-hour, as written."""
    site: str | None = None
    side: str | None = None
    duration_seconds: float | None = None
    intensity: int | None = None
    """0 (none) to 10 (the worst imaginable), the scale the history's pain score uses."""
    relief: str | None = None
    """What helped, in the patient's words."""


def diary_entry(
    occurred_on: date | None,
    *,
    today: date,
    occurred_time: str = "",
    site: str | None = None,
    side: str | None = None,
    duration_seconds: float | None = None,
    intensity: int | None = None,
    relief: str = "",
) -> DiaryEntry:
    """A checked entry, or DiaryError naming the first field that cannot be stored."""
    if occurred_on is None:
        raise DiaryError("occurred_on", "the date of the cramp is required")
    if occurred_on > today:
        raise DiaryError("occurred_on", "the date is after today")
    time_text = occurred_time.strip()
    if time_text and not _TIME.match(time_text):
        raise DiaryError("occurred_time", "write the time as HH:MM, 00:00 to 23:59")
    if site is not None and site not in SITES:
        raise DiaryError("site", "not a site the program knows")
    if side is not None and side not in SIDES:
        raise DiaryError("side", "not left, right or both sides")
    if duration_seconds is not None and not 0 < duration_seconds <= MAX_DURATION_SECONDS:
        raise DiaryError("duration_seconds", "a cramp lasts more than 0 seconds and at most a day")
    low, high = PAIN_SCORE_RANGE
    if intensity is not None and not low <= intensity <= high:
        raise DiaryError("intensity", f"intensity is {low} to {high}")
    text = relief.strip()
    if len(text) > MAX_RELIEF_CHARACTERS:
        raise DiaryError("relief", f"at most {MAX_RELIEF_CHARACTERS} characters")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise DiaryError("relief", "holds a control character")
    return DiaryEntry(
        occurred_on,
        time_text or None,
        site,
        side,
        duration_seconds,
        intensity,
        text or None,
    )
