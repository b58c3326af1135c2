"""The keyboard and the preview: Return presses the focused button, Ctrl+P prints the care plan,
the main actions carry mnemonics, and the PDF preview shows the plan's text beside its pages (a
screen reader cannot read the pictures of the pages)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from clinic_desktop.ui.pdf_preview import PdfPreviewWidget
from clinic_desktop.ui.session import ClinicSession
from clinic_desktop.ui.wizard.wizard import AssessmentWizard
from tests.gui.test_accessibility import open_visit, session, show_step

__all__ = ["session"]

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


def test_return_presses_the_focused_button_and_ctrl_p_prints_the_plan(
    qtbot: QtBot, session: ClinicSession
) -> None:
    view = open_visit(qtbot, session)
    session.window.activateWindow()
    qtbot.waitActive(session.window)
    show_step(qtbot, view, "history")
    view.next_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.next_button.hasFocus, timeout=2000)
    QTest.keyClick(view.next_button, Qt.Key.Key_Return)
    assert view.flow.step == "examination"
    wizard = view.wizard
    assert isinstance(wizard, AssessmentWizard)
    focused = QApplication.focusWidget()
    assert focused is not None
    with qtbot.waitSignal(wizard.print_now_requested, timeout=2000) as printed:
        QTest.keyClick(focused, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed.args == ["careplan"]
    preview = session.window.findChild(PdfPreviewWidget)
    assert preview is not None
    for button in (preview.print_button, preview.save_button):
        assert button.autoDefault(), f"Return does nothing on {button.text()}"


def test_the_main_actions_have_mnemonics(qtbot: QtBot, session: ClinicSession) -> None:
    view = open_visit(qtbot, session)
    preview = PdfPreviewWidget()
    qtbot.addWidget(preview)
    buttons: list[QPushButton] = [view.sign_button, preview.print_button, preview.save_button]
    missing = [b.text() for b in buttons if QKeySequence.mnemonic(b.text()).isEmpty()]
    assert missing == []


def test_the_pdf_preview_offers_the_plan_as_text(qtbot: QtBot) -> None:
    from tests.gui.test_pdf_preview import fixture_pdf

    preview = PdfPreviewWidget()
    qtbot.addWidget(preview)
    preview.show()
    preview.show_pdf(fixture_pdf())
    text = preview.text.toPlainText()
    # The plan's own words (its old "clinician to confirm" is no longer printed: issue 12).
    assert "Your care plan" in text and "Your clinician will tell you the dose." in text
    assert preview.text.isReadOnly() and preview.text.accessibleName()
    assert preview.text.isVisible(), "beside the pages, not behind a button"
    preview.shutdown()
