"""Lays out a plain Document as ReportLab platypus flowables and writes the PDF bytes."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, ClassVar
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import PageBreak as PlatypusPageBreak

from clinic_desktop.reports import document as model
from clinic_desktop.reports.charts import trend_panel
from clinic_desktop.reports.illustrations import illustration
from clinic_desktop.reports.scripts import line_markup
from clinic_desktop.reports.styles import (
    PageSetup,
    load_fallback_font,
    load_page_setup,
    paragraph_styles,
)

# Control characters break ReportLab's paragraph parser; lone surrogates break the encoder.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def markup(text: str, font: str | None = None, setup: PageSetup | None = None) -> str:
    """Paragraph markup that prints `text` literally: escaped, controls dropped, newlines kept.

    Given the style's `font` and the page `setup`, each line is also put in display order
    (right-to-left scripts) and each run of characters `font` lacks is set in the setup's
    first fallback font that has them (reports/scripts.py).
    """
    cleaned = _UNPRINTABLE.sub("", unicodedata.normalize("NFC", text.replace("\r\n", "\n")))
    lines = [line.replace("\t", " ") for line in cleaned.split("\n")]
    if font is None or setup is None:
        return "<br/>".join(escape(line) for line in lines)
    chosen = setup
    names = [fallback.name for fallback in chosen.fallback_fonts]
    return "<br/>".join(
        line_markup(line, font, names, lambda name: load_fallback_font(chosen, name))
        for line in lines
    )


class _Builder:
    """Turns document blocks into flowables with one page setup's styles."""

    def __init__(self, setup: PageSetup) -> None:
        self.setup = setup
        self.styles = paragraph_styles(setup)
        self.width = setup.frame_width

    def table(self, data: list[Any], **options: Any) -> Table:
        """A Table whose empty and plain-string cells use our font, never ReportLab's Helvetica."""
        table = Table(data, **options)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.setup.footer.font)]))
        return table

    def paragraph(self, text: str, style: str = "body", **overrides: Any) -> Paragraph:
        base = self.styles[style]
        chosen = ParagraphStyle(f"{style}-x", parent=base, **overrides) if overrides else base
        return Paragraph(markup(text, chosen.fontName, self.setup), chosen)

    def flowables(self, blocks: Sequence[model.Block]) -> list[Flowable]:
        out: list[Flowable] = []
        held: list[Flowable] = []
        previous = 0  # where the last block's flowables (its heading's too) begin in `out`
        for block in blocks:
            made = self._handlers[type(block)](self, block)
            if isinstance(block, model.Heading) or (
                isinstance(block, model.Text) and block.style == "subheading"
            ):
                # A heading never ends a page alone: it travels with the block after it.
                held.extend(made)
                continue
            start = len(out)
            # KeepTogether must not nest: an inner one reports a huge height to force a split.
            if isinstance(block, model.Signature):
                # A signature never sits alone on a page: the block before it comes along, whole
                # when short (a heading and a few lines), else its last two parts.
                taken = out[previous:]
                if len(taken) > SHORT_BLOCK:
                    taken = taken[-2:]
                del out[len(out) - len(taken) :]
                start = len(out)
                out.append(KeepTogether([*_unwrapped(taken), *held, *made]))
            elif isinstance(block, _KEPT_WHOLE):
                out.append(KeepTogether([*held, *made]))
            elif held and made:
                # A long list may flow on; the heading only needs its first line beside it.
                out.append(KeepTogether([*held, made[0]]))
                out.extend(made[1:])
            else:
                out.extend([*held, *made])
            held = []
            previous = start
        out.extend(held)
        return out

    def letterhead(self, head: model.Letterhead) -> list[Flowable]:
        text: list[Flowable] = [self.paragraph(head.name, "clinic_name")]
        text.extend(self.paragraph(line, "letterhead") for line in head.lines if line.strip())
        logo = _picture(head.logo, max_height=48)
        if logo is None:
            content: list[Flowable] = text
        else:
            table = self.table([[logo, text]], colWidths=[logo.drawWidth + 12, None])
            table.setStyle(_tight(valign="MIDDLE"))
            content = [table]
        rule = HRFlowable(
            width="100%",
            thickness=1.2,
            color=self.setup.color("accent"),
            spaceBefore=4,
            spaceAfter=6,
        )
        return [*content, rule]

    def _heading(self, block: model.Heading) -> list[Flowable]:
        return [self.paragraph(block.text, block.style)]

    def _text(self, block: model.Text) -> list[Flowable]:
        return [self.paragraph(block.text, block.style)]

    def _bullets(self, block: model.Bullets) -> list[Flowable]:
        return [self.paragraph(item, block.style, bulletText="•") for item in block.items]

    def _fields(self, block: model.Fields) -> list[Flowable]:
        cells = [
            [self.paragraph(label, "label"), self.paragraph(value, "value")]
            for label, value in block.rows
        ]
        columns = max(1, block.columns)
        grid: list[list[Paragraph | str]] = []
        for start in range(0, len(cells), columns):
            row: list[Paragraph | str] = []
            for pair in cells[start : start + columns]:
                row.extend(pair)
            row.extend([""] * (2 * columns - len(row)))
            grid.append(row)
        if not grid:
            return []
        # One column of pairs has room for labels of a few words (the summary's history).
        label_width = (0.19 if columns > 1 else 0.3) * self.width
        value_width = self.width / columns - label_width
        table = self.table(grid, colWidths=[label_width, value_width] * columns, hAlign="LEFT")
        style = _tight(valign="TOP")
        style.add("BACKGROUND", (0, 0), (-1, -1), self.setup.color("shade"))
        style.add("TOPPADDING", (0, 0), (-1, -1), 3)
        style.add("BOTTOMPADDING", (0, 0), (-1, -1), 3)
        style.add("LEFTPADDING", (0, 0), (-1, -1), 5)
        table.setStyle(style)
        return [table, Spacer(1, 6)]

    def _table(self, block: model.Table) -> list[Flowable]:
        header = [self.paragraph(cell, "cell_header") for cell in block.header]
        rows: list[list[Paragraph | str]] = [
            [self.paragraph(cell, "cell") for cell in row] for row in block.rows
        ]
        rows.extend([""] * len(header) for _ in range(block.blank_rows))
        total = sum(block.widths) or 1
        widths = [self.width * part / total for part in block.widths]
        heights = None
        if block.row_height is not None:
            heights = [None, *([block.row_height] * (len(rows)))]
        table = self.table([header, *rows], colWidths=widths, rowHeights=heights, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, self.setup.color("rule")),
                    ("BACKGROUND", (0, 0), (-1, 0), self.setup.color("shade")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return [table, Spacer(1, 6)]

    def _plan_entry(self, block: model.PlanEntry) -> list[Flowable]:
        parts: list[Flowable] = [self.paragraph(block.text, "bullet", bulletText="•")]
        if block.dose:
            parts.append(self.paragraph(block.dose, "dose", leftIndent=16))
        if block.reason:
            parts.append(self.paragraph(block.reason, "note", leftIndent=16))
        steps: list[Flowable] = []
        if block.steps:
            if block.steps_title:
                steps.append(self.paragraph(block.steps_title, "subheading", leftIndent=16))
            steps.extend(
                self.paragraph(
                    step, "bullet", bulletText=f"{number}.", leftIndent=32, bulletIndent=16
                )
                for number, step in enumerate(block.steps, start=1)
            )
        parts.extend(steps)
        if block.illustrations:
            size = self.setup.illustration
            figures = [self._drawing(name) for name in block.illustrations]
            row = self.table([figures], colWidths=[size.width + 16] * len(figures), hAlign="LEFT")
            row.setStyle(_tight(valign="BOTTOM"))
            parts.extend([Spacer(1, 4), _Indented(row, 32)])
        parts.append(Spacer(1, 4))
        return parts

    def _drawing(self, name: str) -> Flowable:
        size = self.setup.illustration
        drawing: Flowable = illustration(
            name,
            size.width,
            size.height,
            self.setup.color("ink"),
            self.setup.color("accent"),
            self.setup.footer.font,
        )
        return drawing

    def _alert(self, block: model.Alert) -> list[Flowable]:
        lines = [self.paragraph(line, "bullet", bulletText="•") for line in block.lines]
        return [self.paragraph(block.title, "urgent"), *lines, Spacer(1, 4)]

    def _barcode(self, block: model.Barcode) -> list[Flowable]:
        code = Code128(block.value, barHeight=34, barWidth=1.1, humanReadable=False, quiet=False)
        return [code, self.paragraph(block.value, "value"), Spacer(1, 6)]

    def _signature(self, block: model.Signature) -> list[Flowable]:
        line = self.setup.color("ink")
        # The clinician's signature picture sits on the line, as ink would.
        signed: Flowable | str = _picture(block.image, max_height=30, max_width=150) or ""
        below: list[Flowable] = [
            self.paragraph(f"{block.label}: {block.name}".rstrip(": "), "label"),
            *(self.paragraph(text, "small") for text in block.lines if text.strip()),
        ]
        table = self.table(
            [
                [signed, "", ""],
                [below, "", self.paragraph(f"{block.date_label}: {block.date_text}", "label")],
            ],
            colWidths=[0.52 * self.width, 0.06 * self.width, 0.42 * self.width],
            rowHeights=[34, None],
        )
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (0, 0), 0.9, line),
                    ("LINEBELOW", (2, 0), (2, 0), 0.9, line),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                    ("VALIGN", (0, 1), (-1, 1), "TOP"),
                ]
            )
        )
        return [Spacer(1, 10), table]

    def _trend_chart(self, block: model.TrendChart) -> list[Flowable]:
        """The plots two to a row under their caption, the key after them; kept whole."""
        columns = 3
        gap = 10
        width = (self.width - gap * (columns - 1)) / columns
        names = ("ink", "muted", "shade")
        colors = {name: self.setup.color(name) for name in names}
        bold = self.styles["label"].fontName
        drawings: list[Flowable | str] = [
            trend_panel(panel, width, 112, self.setup.footer.font, bold, block.decimal_mark, colors)
            for panel in block.panels
        ]
        rows = [drawings[start : start + columns] for start in range(0, len(drawings), columns)]
        rows[-1] = rows[-1] + [""] * (columns - len(rows[-1]))
        grid = self.table(rows, colWidths=[width + gap] * (columns - 1) + [width], hAlign="LEFT")
        style = _tight(valign="TOP")
        style.add("BOTTOMPADDING", (0, 0), (-1, -1), 4)
        grid.setStyle(style)
        key = [self.paragraph(line, "small") for line in block.key]
        return [self.paragraph(block.caption, "body"), grid, *key, Spacer(1, 4)]

    def _next_letter(self, head: model.Letterhead) -> list[Flowable]:
        """A further letter of the document: its pages are numbered from 1 again."""
        return [_RestartNumbering(), *self.letterhead(head)]

    def _page_break(self, _block: model.PageBreak) -> list[Flowable]:
        return [PlatypusPageBreak()]

    _handlers: ClassVar[dict[type, Callable[[_Builder, Any], list[Flowable]]]] = {
        model.Heading: _heading,
        model.Text: _text,
        model.Bullets: _bullets,
        model.Fields: _fields,
        model.Table: _table,
        model.PlanEntry: _plan_entry,
        model.Alert: _alert,
        model.Barcode: _barcode,
        model.Signature: _signature,
        model.TrendChart: _trend_chart,
        model.PageBreak: _page_break,
        model.Letterhead: _next_letter,
    }


_KEPT_WHOLE = (model.PlanEntry, model.Alert, model.TrendChart)
SHORT_BLOCK = 4
"""Parts of a block short enough to go whole to the next page with the signature after it."""


class _RestartNumbering(Flowable):
    """Takes no room; tells the numbering canvas that a new letter starts on this page."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        restart = getattr(self.canv, "restart_numbering", None)
        if restart is not None:
            restart()


def _unwrapped(flowables: Sequence[Flowable]) -> list[Flowable]:
    """The flowables with each kept group opened: KeepTogether must not nest."""
    opened: list[Flowable] = []
    for flowable in flowables:
        opened.extend(flowable._content if isinstance(flowable, KeepTogether) else [flowable])
    return opened


class _Indented(Flowable):
    """Draws another flowable shifted right by `indent` points."""

    def __init__(self, inner: Flowable, indent: float) -> None:
        super().__init__()
        self.inner = inner
        self.indent = indent

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self.inner.wrap(available_width - self.indent, available_height)
        self.width, self.height = width + self.indent, height
        return self.width, self.height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, self.indent, 0)


def _tight(valign: str) -> TableStyle:
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), valign),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )


def _picture(data: bytes | None, max_height: float, max_width: float | None = None) -> Image | None:
    """A logo or signature picture scaled to fit; anything not a readable image prints nothing.

    The services check pictures when they are saved; this guards documents made from older or
    hand-edited data, which must still print."""
    if not data:
        return None
    from PIL import Image as PillowImage

    try:
        with PillowImage.open(io.BytesIO(data)) as picture:
            picture.verify()
        with PillowImage.open(io.BytesIO(data)) as picture:
            picture.load()
            width, height = picture.size
    except (OSError, ValueError, SyntaxError, PillowImage.DecompressionBombError):
        return None
    if width <= 0 or height <= 0:
        return None
    scale = max_height / height
    if max_width is not None:
        scale = min(scale, max_width / width)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def _numbered_canvas(
    label: str, font: str, size: float, setup: PageSetup, note: str = "", head: str = ""
) -> type[Canvas]:
    """A canvas class that writes "Page X of Y" once the page count is known, the clinic's
    footer `note` at the left of every page (at most two lines), and `head` at the top right of
    every page (a revised plan says so on each of its pages)."""
    note_width = setup.frame_width - 90
    note_lines = simpleSplit(_UNPRINTABLE.sub("", " ".join(note.split())), font, size, note_width)

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []
            self._numbering_starts = [0]

        def restart_numbering(self) -> None:
            """The page being drawn is page 1 of a new letter (several letters, one file)."""
            if len(self._saved_pages) not in self._numbering_starts:
                self._numbering_starts.append(len(self._saved_pages))

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._saved_pages)
            ends = [*self._numbering_starts[1:], count]
            numbers = [
                (index - start + 1, end - start)
                for start, end in zip(self._numbering_starts, ends, strict=True)
                for index in range(start, end)
            ]
            for state, (number, total) in zip(self._saved_pages, numbers, strict=True):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            self.saveState()
            self.setFont(font, size)
            self.setFillColor(setup.color("muted"))
            text = label.format(page=number, pages=total)
            x = setup.pagesize[0] - setup.page.margin_right
            y = setup.page.margin_bottom / 2
            self.drawRightString(x, y, _UNPRINTABLE.sub("", text))
            for number, line in enumerate(note_lines[:2]):
                self.drawString(setup.page.margin_left, y - number * (size + 2), line)
            if head:
                self.setFont(setup.styles["label"].font, size + 1)
                self.setFillColor(setup.color("accent"))
                top = setup.pagesize[1] - setup.page.margin_top / 2
                self.drawRightString(x, top, _UNPRINTABLE.sub("", head))
            self.restoreState()

    return NumberedCanvas


def build_flowables(document: model.Document, setup: PageSetup | None = None) -> list[Flowable]:
    """The flowables of `document`, letterhead first (the benchmark reuses them bare)."""
    builder = _Builder(setup or load_page_setup())
    return [*builder.letterhead(document.letterhead), *builder.flowables(document.blocks)]


def render_pdf(document: model.Document, setup: PageSetup | None = None) -> bytes:
    """The PDF of `document`: embedded fonts, title and author metadata, "Page X of Y" footers."""
    chosen = setup or load_page_setup()
    buffer = io.BytesIO()
    margins = chosen.page
    template = BaseDocTemplate(
        buffer,
        pagesize=chosen.pagesize,
        leftMargin=margins.margin_left,
        rightMargin=margins.margin_right,
        topMargin=margins.margin_top,
        bottomMargin=margins.margin_bottom,
        title=_UNPRINTABLE.sub("", document.title),
        author=_UNPRINTABLE.sub("", document.author),
        subject=_UNPRINTABLE.sub("", document.subject),
        creator="Clinic Desktop",
        producer="Clinic Desktop",
        lang=document.language,
        invariant=1,
        initialFontName=chosen.footer.font,
        displayDocTitle=1,
    )
    frame = Frame(
        margins.margin_left,
        margins.margin_bottom,
        chosen.frame_width,
        chosen.pagesize[1] - margins.margin_top - margins.margin_bottom,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    canvas = _numbered_canvas(
        document.page_label,
        chosen.footer.font,
        chosen.footer.size,
        chosen,
        document.footer,
        document.page_note,
    )
    template.build(build_flowables(document, chosen), canvasmaker=canvas)
    return buffer.getvalue()
