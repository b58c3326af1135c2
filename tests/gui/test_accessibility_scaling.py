"""Text that scales: at 150 % on a 1366x768 screen (910x512 logical pixels for the window) the
window fits the screen, no page scrolls sideways (the examination grid puts tone under strength),
and headings follow the application font (a 144-dpi or larger system font) instead of fixed point
sizes. Real X screenshots at 100 % and 150 %: docs/accessibility.md.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.assessment import Exam
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.session import ClinicSession
from clinic_desktop.ui.wizard.examination_page import ExaminationPage
from clinic_desktop.ui.wizard.findings_panel import FindingsPanel
from clinic_desktop.ui.wizard.page import PAGE_HEADING
from tests.gui.test_accessibility import open_visit, session, show_step

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)

__all__ = ["session"]

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


def test_no_page_scrolls_sideways_at_150_percent(qtbot: QtBot, session: ClinicSession) -> None:
    """Every page of a visit in the window at 150 % on 1366x768: no scroll area of the page (the
    page itself, the examination grid, the lab table) shows a sideways scroll bar, so nothing is
    cut off at its right edge."""
    window = session.window
    window.fit_into(AT_150_PERCENT)
    view = open_visit(qtbot, session)
    qtbot.waitUntil(lambda: window.width() <= AT_150_PERCENT.width(), timeout=2000)
    sideways: dict[str, list[str]] = {}
    for step in view.pages:
        show_step(qtbot, view, step)
        page = view.pages[step]
        qtbot.wait(50)  # the layout settles at the new size
        areas = [page, *page.findChildren(QScrollArea)]
        wide = [
            f"{a.objectName() or type(a).__name__} ({a.horizontalScrollBar().maximum()} px)"
            for a in areas
            if a.isVisible() and a.horizontalScrollBar().isVisible()
        ]
        if wide:
            sideways[step] = wide
    assert sideways == {}
