"""Help > About names Qt's and the other components' licences; the window carries the program's icon."""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import QSize, QTimer, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from clinic_desktop.ui.about import application_icon
from clinic_desktop.ui.app import configure_application
from clinic_desktop.ui.main_window import MainWindow


def test_about_names_qt_and_its_licence_and_where_the_notices_are(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, read_and_close)
    main_window.about_action.trigger()
    qtbot.waitUntil(lambda: bool(seen))
    text = seen[0]
    assert f"Qt {qVersion()}" in text and f"PySide6 {PySide6.__version__}" in text
    assert "GNU LGPL v3" in text and "psycopg" in text and "ReportLab (BSD)" in text
    notices = Path(text.rsplit(": ", 1)[1].strip())
    written = notices.read_text(encoding="utf-8")
    for name in ("PySide6", "psycopg", "LGPL-3.0-only", "SQLAlchemy", "DejaVu"):
        assert name in written
    assert (
        (notices.parent / "LGPL-3.0.txt")
        .read_text()
        .startswith("                   GNU LESSER GENERAL PUBLIC LICENSE")
    )


def test_the_application_and_its_windows_carry_the_icon_in_every_size(qtbot: QtBot) -> None:
    sizes = application_icon().availableSizes()
    assert QSize(16, 16) in sizes and QSize(256, 256) in sizes
    app = configure_application()
    assert not app.windowIcon().isNull()
    assert app.desktopFileName() == "clinic-desktop"
