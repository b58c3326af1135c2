"""Renders resources/icons/clinic-desktop.svg into the PNG sizes desktops ask for, and a .ico.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

Run it after changing the SVG; the PNGs and the .ico are committed beside it.
"""

from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256)


def main() -> None:
    app = QGuiApplication([])
    renderer = QSvgRenderer(str(ICONS / "clinic-desktop.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / f"clinic-desktop-{size}.png"))
    largest = Image.open(ICONS / "clinic-desktop-256.png")
    largest.save(ICONS / "clinic-desktop.ico", sizes=[(s, s) for s in SIZES])
    del app


if __name__ == "__main__":
    main()
