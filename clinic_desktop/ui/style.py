"""The window's few style rules and palette, kept in code so every way of shipping the program
carries them. Every colour pair passes WCAG 2.2 AA, measured on rendered widgets in
tests/gui/test_accessibility_contrast.py: 4.5:1 for text, 3:1 for focus rings and selections."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

# Fusion's placeholder (the text colour at half strength) is 4.0:1 on white, its selection
# (#308cc6 under white text) 3.69:1 and its focus ring on a button 2.35:1.
PLACEHOLDER = "#5e5e5e"  # 6.5:1 on white
HIGHLIGHT = "#1f5f99"  # 6.7:1 under white text; the focus ring drawn from it 3:1 or more

# A field marked invalid gets a red border; its message sits below it in the same red.
# The colour passes WCAG AA contrast on the default light background.
STYLE_SHEET = """
QLineEdit[invalid="true"], QComboBox[invalid="true"] {
    border: 2px solid #b3261e;
    border-radius: 3px;
    padding: 1px;
}
QLabel[role="field-error"], QLabel[role="form-error"] {
    color: #b3261e;
}
QLabel[role="patient-name"] {
    font-size: 15pt;
    font-weight: 600;
}
"""


def accessible_palette(palette: QPalette) -> QPalette:
    """`palette` with a placeholder and a selection that pass AA contrast."""
    changed = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        changed.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(PLACEHOLDER))
        changed.setColor(group, QPalette.ColorRole.Highlight, QColor(HIGHLIGHT))
        changed.setColor(group, QPalette.ColorRole.HighlightedText, QColor("white"))
    return changed


class FocusRingStyle(QProxyStyle):
    """The platform's style with a focus ring that can be seen, at once: a solid 2 px line in
    the selection colour where Fusion draws a faint one (1.2:1 around a tick box's label), on
    whatever has the focus. Qt draws a drop-down's or a tick box's ring only once Tab was
    pressed in the window, so after a page change the first field showed none."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element != QStyle.PrimitiveElement.PE_FrameFocusRect:
            super().drawPrimitive(element, _ring_shown(option), painter, widget)
            return
        painter.save()
        painter.setPen(QPen(QColor(HIGHLIGHT), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
        painter.restore()

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, _ring_shown(option), painter, widget)

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, _ring_shown(option), painter, widget)


def _ring_shown[Option: QStyleOption](option: Option) -> Option:
    """`option` of a focused control marked as reached by keyboard, so its ring is drawn."""
    state = option.state
    if state & QStyle.StateFlag.State_HasFocus:
        option.state = state | QStyle.StateFlag.State_KeyboardFocusChange
    return option


def heading(label: QLabel, scale: float) -> QLabel:
    """A heading `scale` times the application font, bold: a larger system font (or 144 dpi)
    makes it larger too, where a fixed point size in a style sheet stayed as it was."""
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label
