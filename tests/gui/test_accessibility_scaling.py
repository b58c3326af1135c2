"""Text that scales: at 150 % on a 1366x768 screen (910x512 logical pixels for the window) the
window fits the screen, and headings follow the application font (a 144-dpi or larger system
font) instead of fixed point sizes. Real X screenshots at 100 % and 150 %: docs/accessibility.md.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.assessment import Exam
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.wizard.examination_page import ExaminationPage
from clinic_desktop.ui.wizard.findings_panel import FindingsPanel
from clinic_desktop.ui.wizard.page import PAGE_HEADING

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)

AT_150_PERCENT = QRect(0, 0, 1366 * 2 // 3, 768 * 2 // 3)


def test_the_window_fits_a_1366x768_screen_at_150_percent(qtbot: QtBot, app: QApplication) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 760)
    window.fit_into(AT_150_PERCENT)
    assert window.width() <= AT_150_PERCENT.width()
    assert window.height() <= AT_150_PERCENT.height()
    assert window.minimumWidth() <= AT_150_PERCENT.width()
    assert window.minimumHeight() <= AT_150_PERCENT.height()


@pytest.fixture
def larger_font(app: QApplication) -> Iterator[QFont]:
    """The system font at 144 dpi: one and a half times the usual size."""
    usual = QFont(app.font())
    larger = QFont(usual)
    larger.setPointSizeF(usual.pointSizeF() * 1.5)
    app.setFont(larger)
    yield larger
    app.setFont(usual)


def test_headings_follow_the_application_font(qtbot: QtBot, larger_font: QFont) -> None:
    page = ExaminationPage(Exam())
    qtbot.addWidget(page)
    assert page.heading.font().pointSizeF() == pytest.approx(
        larger_font.pointSizeF() * PAGE_HEADING
    )
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    titles = [label for label in panel.findChildren(QLabel) if label.font().bold()]
    assert titles
    assert all(t.font().pointSizeF() > larger_font.pointSizeF() for t in titles)
