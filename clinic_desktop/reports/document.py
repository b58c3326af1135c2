"""A printed document as plain data: blocks of plain strings that the PDF layer lays out.

Nothing here holds markup: every string is the text a person typed or the
program chose, and the PDF layer escapes all of it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Letterhead:
    name: str
    lines: tuple[str, ...] = ()
    logo: bytes | None = None
    """A PNG or JPEG picture, checked when the clinic saved it."""


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    style: str = "heading"


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    style: str = "body"


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]
    style: str = "bullet"


@dataclass(frozen=True, slots=True)
class Fields:
    """Label and value pairs laid out in a grid (patient and visit details)."""

    rows: tuple[tuple[str, str], ...]
    columns: int = 2


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    """Relative column widths; the PDF layer scales them to the frame."""
    blank_rows: int = 0
    row_height: float | None = None


@dataclass(frozen=True, slots=True)
class PlanEntry:
    """One care-plan item as the patient reads it."""

    text: str
    reason: str | None = None
    dose: str | None = None
    """The dose line(s) of a supplement or medicine: as the clinician wrote them, or that the
    clinician will give the dose."""
    steps_title: str | None = None
    steps: tuple[str, ...] = ()
    illustrations: tuple[str, ...] = ()
    """Names of drawings in reports/illustrations.py."""


@dataclass(frozen=True, slots=True)
class Alert:
    """A warning the patient must not miss: a bold coloured title and its lines, never split."""

    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Barcode:
    value: str


@dataclass(frozen=True, slots=True)
class Signature:
    label: str
    name: str
    date_label: str
    date_text: str
    lines: tuple[str, ...] = ()
    """Printed under the name: the licence number, say."""
    image: bytes | None = None
    """The clinician's signature picture, printed above the line."""


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: int
    """The day, as a date's ordinal."""
    y: float
    label: str
    """The value as the patient's language writes it ("0,62")."""
    marker: str
    """circle (inside the band), triangle_up (above), triangle_down (below), square, diamond."""


@dataclass(frozen=True, slots=True)
class ChartSeries:
    points: tuple[ChartPoint, ...]
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class ChartPanel:
    """One small plot: a measure over time, against its reference band when it has one."""

    title: str
    series: tuple[ChartSeries, ...]
    ticks: tuple[tuple[int, str], ...]
    """The days written under the axis: (ordinal, "23 nov 2026")."""
    low: float | None = None
    high: float | None = None
    band_label: str = ""


@dataclass(frozen=True, slots=True)
class TrendChart:
    """A few small plots side by side with a caption and a key; printed whole, never split."""

    caption: str
    panels: tuple[ChartPanel, ...]
    key: tuple[str, ...]
    decimal_mark: str = "."
    """How the axis numbers are written: "," in Spanish."""


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = (
    Heading
    | Text
    | Bullets
    | Fields
    | Table
    | PlanEntry
    | Alert
    | Barcode
    | Signature
    | TrendChart
    | PageBreak
    | Letterhead
)
"""A Letterhead block heads a page again: each letter of several in one document, its pages
numbered from 1 again."""


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    author: str
    subject: str
    language: str
    page_label: str
    """Footer with `{page}` and `{pages}` placeholders."""
    letterhead: Letterhead
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    footer: str = ""
    """The clinic's footer text, printed at the foot of every page."""
    page_note: str = ""
    """A line at the head of every page: "Revised plan — replaces the plan of ..."."""
