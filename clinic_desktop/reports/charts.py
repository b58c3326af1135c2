"""Small trend plots for a printed page (ReportLab graphics), readable without colour.

Each point's shape says where it lies: a circle inside the reference band, a triangle pointing
up above it, down below it; a square or a diamond tells two series without a band apart. Each
point carries its value as written in the document's language, the band is shaded between
dashed lines, and the days under the axis are written out.
"""

from __future__ import annotations

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib.colors import Color, white

from clinic_desktop.reports import document as model

TITLE_SIZE = 7.5
TEXT_SIZE = 6.5
MARKER = 2.8
# Room around the plot area for the title lines, the axis numbers and the days.
LEFT, RIGHT, TOP, BOTTOM = 30, 12, 24, 22


def _marker(kind: str, x: float, y: float, ink: Color) -> Group:
    """A filled shape centred on (x, y); a white rim keeps it apart from the line under it."""
    r = MARKER
    shapes = {
        "triangle_up": Polygon([x, y + r * 1.3, x - r * 1.2, y - r, x + r * 1.2, y - r]),
        "triangle_down": Polygon([x, y - r * 1.3, x - r * 1.2, y + r, x + r * 1.2, y + r]),
        "square": Rect(x - r, y - r, 2 * r, 2 * r),
        "diamond": Polygon([x, y + r * 1.3, x - r * 1.3, y, x, y - r * 1.3, x + r * 1.3, y]),
    }
    shape = shapes.get(kind) or Circle(x, y, r)
    shape.fillColor = ink
    shape.strokeColor = white
    shape.strokeWidth = 0.6
    group = Group()
    group.add(shape)
    return group


def _number(value: float, mark: str) -> str:
    text = format(round(value, 6), "g")
    return text.replace(".", mark) if mark != "." else text


def _range(panel: model.ChartPanel) -> tuple[float, float]:
    values = [p.y for s in panel.series for p in s.points]
    values += [b for b in (panel.low, panel.high) if b is not None]
    low, high = min(values), max(values)
    if high == low:
        low, high = low - max(abs(low) * 0.2, 1), high + max(abs(high) * 0.2, 1)
    pad = (high - low) * 0.18
    return (0.0 if low >= 0 and low - pad < 0 else low - pad), high + pad


def trend_panel(
    panel: model.ChartPanel,
    width: float,
    height: float,
    font: str,
    bold: str,
    mark: str,
    colors: dict[str, Color],
) -> Drawing:
    """`panel` drawn in a `width` x `height` box: its title, the plot, the days under it."""
    ink, muted, shade = colors["ink"], colors["muted"], colors["shade"]
    drawing = Drawing(width, height)
    drawing.add(String(2, height - TITLE_SIZE - 1, panel.title, fontName=bold, fontSize=TITLE_SIZE))
    if panel.band_label:
        drawing.add(
            String(
                2,
                height - TITLE_SIZE - TEXT_SIZE - 3,
                panel.band_label,
                fontName=font,
                fontSize=TEXT_SIZE,
                fillColor=muted,
            )
        )
    xs = [p.x for s in panel.series for p in s.points]
    first, last = min(xs), max(xs)
    span = max(last - first, 1)
    plot = LinePlot()
    plot.x, plot.y = LEFT, BOTTOM
    plot.width, plot.height = width - LEFT - RIGHT, height - TOP - BOTTOM
    plot.data = [[(p.x, p.y) for p in s.points] for s in panel.series]
    plot.joinedLines = 1
    for number, series in enumerate(panel.series):
        line = plot.lines[number]
        line.strokeColor = ink
        line.strokeWidth = 0.9
        line.strokeDashArray = [2, 1.5] if series.dashed else None
        line.symbol = None
    low, high = _range(panel)
    axis = plot.yValueAxis
    axis.valueMin, axis.valueMax = low, high
    axis.maximumTicks = 4
    axis.labels.fontName, axis.labels.fontSize = font, TEXT_SIZE
    axis.labelTextFormat = lambda value: _number(value, mark)
    axis.strokeColor = muted
    axis.strokeWidth = 0.5
    days = plot.xValueAxis
    # A lone day sits in the middle; otherwise the days run edge to edge with a little room.
    margin = span * 0.08 if last > first else 10
    days.valueMin, days.valueMax = first - margin, last + margin
    days.valueSteps = [tick for tick, _ in panel.ticks]
    written = dict(panel.ticks)
    days.labelTextFormat = lambda value: written.get(round(value), "")
    days.labels.fontName, days.labels.fontSize = font, TEXT_SIZE
    days.labels.boxAnchor = "n"
    days.strokeColor = muted
    days.strokeWidth = 0.5
    plot.draw()  # scales the axes, so the band and the points can be placed; drawn again in turn
    scale = axis.scale
    if panel.low is not None or panel.high is not None:
        top = scale(panel.high) if panel.high is not None else plot.y + plot.height
        bottom = scale(panel.low) if panel.low is not None else plot.y
        band = Rect(plot.x, bottom, plot.width, top - bottom, fillColor=shade, strokeColor=None)
        drawing.add(band)
        for bound in (panel.low, panel.high):
            if bound is not None:
                y = scale(bound)
                drawing.add(
                    Line(
                        plot.x,
                        y,
                        plot.x + plot.width,
                        y,
                        strokeColor=muted,
                        strokeWidth=0.5,
                        strokeDashArray=[1.5, 1.5],
                    )
                )
    drawing.add(plot)
    for number, (series, positions) in enumerate(zip(panel.series, plot._positions, strict=True)):
        for point, (x, y) in zip(series.points, positions, strict=True):
            drawing.add(_marker(point.marker, x, y, ink))
            # The value above its point (a second series' below, so the two do not collide),
            # or on the other side when the edge of the plot is too near.
            room_above = y + MARKER + 2 + TEXT_SIZE <= plot.y + plot.height + 6
            room_below = y - MARKER - 2 - TEXT_SIZE >= plot.y - 2
            above = room_above if number == 0 or not room_below else False
            label_y = y + MARKER + 2 if above else y - MARKER - 2 - TEXT_SIZE
            anchor = "middle"
            if x - plot.x < 8:
                anchor = "start"
            elif plot.x + plot.width - x < 8:
                anchor = "end"
            drawing.add(
                String(
                    x,
                    label_y,
                    point.label,
                    fontName=font,
                    fontSize=TEXT_SIZE,
                    fillColor=ink,
                    textAnchor=anchor,
                )
            )
    return drawing
