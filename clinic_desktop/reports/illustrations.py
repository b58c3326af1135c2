"""Simple line drawings that show the patient how to do a stretch or exercise.

Figures are drawn on a 150 x 105 grid and scaled to the size the page setup
asks for. They hold no text, so they need no font.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine
from reportlab.lib.colors import Color, white

_GRID_WIDTH = 150.0
_GRID_HEIGHT = 105.0

Point = tuple[float, float]


def _limb(points: list[Point], color: Color, width: float = 3.2) -> PolyLine:
    flat = [coordinate for point in points for coordinate in point]
    return PolyLine(flat, strokeColor=color, strokeWidth=width, strokeLineCap=1, strokeLineJoin=1)


def _head(center: Point, color: Color) -> Circle:
    return Circle(center[0], center[1], 7, fillColor=white, strokeColor=color, strokeWidth=2.4)


def _floor(x0: float, x1: float, y: float, color: Color) -> Line:
    return Line(x0, y, x1, y, strokeColor=color, strokeWidth=1.2)


def calf_wall(ink: Color, accent: Color) -> Group:
    """Leaning on a wall, back leg straight with the heel down: the calf of the back leg stretches."""
    group = Group()
    group.add(_floor(5, 128, 8, ink))
    group.add(Line(128, 8, 128, 102, strokeColor=ink, strokeWidth=2.5))
    for y in range(14, 100, 12):
        group.add(Line(128, y, 136, y + 6, strokeColor=ink, strokeWidth=0.6))
    group.add(_limb([(72, 42), (90, 27), (95, 9), (104, 9)], ink))
    group.add(_limb([(72, 42), (42, 10), (34, 9), (48, 9)], ink))
    group.add(_limb([(56, 25), (43, 11)], accent, width=5.5))
    group.add(_limb([(72, 42), (98, 69)], ink))
    group.add(_limb([(98, 69), (112, 66), (126, 70)], ink))
    group.add(_head((104, 78), ink))
    return group


def hamstring_seated(ink: Color, accent: Color) -> Group:
    """Sitting with one leg straight and reaching for the toes: the back of the thigh stretches."""
    group = Group()
    group.add(_floor(5, 145, 10, ink))
    group.add(_limb([(40, 14), (128, 14), (131, 26)], ink))
    group.add(_limb([(46, 14), (88, 14)], accent, width=5.5))
    group.add(_limb([(40, 14), (62, 36), (58, 14)], ink))
    group.add(_limb([(40, 14), (72, 48)], ink))
    group.add(_limb([(72, 48), (96, 34), (118, 24)], ink))
    group.add(_head((80, 58), ink))
    return group


def walking(ink: Color, accent: Color) -> Group:
    """Walking at a steady pace, as supervised exercise therapy asks."""
    group = Group()
    group.add(_floor(5, 145, 8, ink))
    group.add(_limb([(75, 48), (64, 28), (56, 9)], ink))
    group.add(_limb([(75, 48), (86, 28), (98, 9)], ink))
    group.add(_limb([(75, 48), (77, 80)], ink))
    group.add(_limb([(77, 76), (64, 62), (60, 50)], ink))
    group.add(_limb([(77, 76), (90, 64), (98, 54)], ink))
    group.add(_head((79, 89), ink))
    for y in (40, 52, 64):
        group.add(Line(22, y, 44, y, strokeColor=accent, strokeWidth=2, strokeLineCap=1))
    return group


ILLUSTRATIONS: dict[str, Callable[[Color, Color], Group]] = {
    "calf_wall": calf_wall,
    "hamstring_seated": hamstring_seated,
    "walking": walking,
}


def illustration(
    name: str, width: float, height: float, ink: Color, accent: Color, font: str
) -> Drawing:
    """The drawing called `name`, scaled to `width` x `height` points; KeyError for an unknown name."""
    figure = ILLUSTRATIONS[name](ink, accent)
    scale = min(width / _GRID_WIDTH, height / _GRID_HEIGHT)
    figure.scale(scale, scale)
    # Without a font of our own the renderer selects Helvetica, a non-embedded standard font.
    drawing = Drawing(_GRID_WIDTH * scale, _GRID_HEIGHT * scale, initialFontName=font)
    drawing.add(figure)
    return drawing
