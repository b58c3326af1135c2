"""WCAG 2.2 contrast measured on rendered pixels: what the clinician sees, not what a style asks."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QScrollArea, QWidget

TEXT = 4.5
LARGE_TEXT = 3.0
NON_TEXT = 3.0  # focus indicators and the parts of controls


def luminance(colour: QColor) -> float:
    """WCAG 2.2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def ratio(first: QColor, second: QColor) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rendered(widget: QWidget, area: QRect | None = None) -> QImage:
    """`widget` as it shows in its window: grabbed from the window, so the backgrounds behind
    a transparent widget (a banner's colour behind its labels) are in the picture. A page
    scrolled away from it is scrolled to it first."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None:
            parent.ensureWidgetVisible(widget, 8, 8)
        parent = parent.parentWidget()
    window = widget.window()
    rect = area if area is not None else widget.rect()
    return window.grab(QRect(widget.mapTo(window, rect.topLeft()), rect.size())).toImage()


def colours(image: QImage) -> Counter[int]:
    found: Counter[int] = Counter()
    for y in range(image.height()):
        for x in range(image.width()):
            found[image.pixel(x, y) & 0xFFFFFF] += 1
    return found


def text_contrast(image: QImage) -> tuple[QColor, QColor, float]:
    """(foreground, background, ratio): the background is the commonest colour, the foreground
    the colour furthest from it that covers a few pixels (a glyph's stem, not one stray
    anti-aliased pixel)."""
    found = colours(image)
    background, _count = found.most_common(1)[0]
    back = QColor(background)
    least = max(3, sum(found.values()) // 2000)
    candidates = [QColor(c) for c, n in found.items() if n >= least and c != background]
    assert candidates, "nothing drawn on the background"
    fore = max(candidates, key=lambda c: ratio(c, back))
    return fore, back, ratio(fore, back)


def changed_contrast(before: QImage, after: QImage) -> float:
    """The contrast of what changed between two pictures (a focus ring) against what was there."""
    pairs: Counter[tuple[int, int]] = Counter()
    for y in range(min(before.height(), after.height())):
        for x in range(min(before.width(), after.width())):
            old, new = before.pixel(x, y) & 0xFFFFFF, after.pixel(x, y) & 0xFFFFFF
            if old != new:
                pairs[(old, new)] += 1
    assert pairs, "nothing changed"
    # The ring is the change covering most pixels, judged against what it covers.
    (old, new), _n = pairs.most_common(1)[0]
    return ratio(QColor(old), QColor(new))
