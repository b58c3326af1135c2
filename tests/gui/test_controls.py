"""The mouse wheel scrolls the page; it changes a clinical answer only in the focused field.

A wheel turned over a closed drop-down used to change its value ("Dark urine" went from
"not assessed" to "No") and take the focus. Every value control in every window is one of
clinic_desktop.ui.controls, so one mechanism covers them all; a real X server's wheel is
checked by hand under Xvfb (docs/routine-visit.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.patients import PatientRegistry
from clinic_desktop.ui.controls import VALUE_CONTROLS
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from clinic_desktop.ui.security.audit_view import AuditViewWidget
from clinic_desktop.ui.security.users import UsersWidget
from clinic_desktop.ui.session import ClinicSession
from clinic_desktop.ui.wizard.history_page import HistoryPage
from clinic_desktop.ui.wizard.wizard import AssessmentWizard
from tests.gui.conftest import add_patient

PASSWORD = "Correct-Horse-7391"

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


def wheel_over(widget: QWidget, notches: int = -1) -> None:
    """A wheel turned over the middle of `widget`, through the window system as a real one is."""
    window = widget.window().windowHandle()
    assert window is not None
    where = QPointF(widget.mapTo(widget.window(), widget.rect().center()))
    QTest.wheelEvent(window, where, QPoint(0, 120 * notches))
    QApplication.processEvents()


@pytest.fixture
def wizard(
    qtbot: QtBot, database: Database, registry: PatientRegistry
) -> Iterator[AssessmentWizard]:
    patient = add_patient(registry, "W-1", "Wheel", "Wanda")
    opened = AssessmentWizard(
        database, load_knowledge(), patient_id=patient.id, user="dr.w", today=date(2026, 11, 20)
    )
    qtbot.addWidget(opened)
    opened.resize(1024, 600)
    with qtbot.waitActive(opened):
        opened.show()
        opened.activateWindow()
    yield opened
    opened.shutdown()


def test_the_wheel_over_an_unfocused_answer_scrolls_the_page_and_changes_nothing(
    qtbot: QtBot, wizard: AssessmentWizard
) -> None:
    view = wizard.view
    assert view is not None
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    qtbot.waitUntil(history.isVisible, timeout=5000)
    combo = history.dark_urine
    scroll: QScrollBar = history.verticalScrollBar()
    assert scroll.maximum() > 0, "the page must scroll at this size for the check to mean anything"
    history.ensureWidgetVisible(combo)
    if scroll.value() == scroll.maximum():
        scroll.setValue(scroll.value() - combo.height())
    before = scroll.value()
    assert not combo.hasFocus()

    wheel_over(combo, notches=-1)

    assert combo.value() is None, "the wheel changed an answer the clinician never touched"
    assert view.flow.assessment.history is not None
    assert view.flow.assessment.history.dark_urine is None
    assert not combo.hasFocus(), "the wheel took the focus"
    assert scroll.value() != before, "the page did not scroll"

    # In the field the clinician clicked into, the wheel is theirs to use.
    combo.setFocus(Qt.FocusReason.MouseFocusReason)
    wheel_over(combo, notches=-1)
    assert combo.value() is not None
    assert view.flow.assessment.history.dark_urine is combo.value()


def value_controls(top: QWidget) -> list[QWidget]:
    return [
        widget
        for widget in top.findChildren(QWidget)
        if isinstance(widget, QComboBox | QAbstractSpinBox | QAbstractSlider)
        and not isinstance(widget, QScrollBar)
    ]


def test_every_value_control_in_every_window_is_guarded_against_the_wheel(
    qtbot: QtBot, app: QApplication, database: Database
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    session = ClinicSession(window, database, "test records")
    admin = session.accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    doctor = session.accounts.add_user(admin, "dr.ruiz", "Dr Ruiz", "clinician", PASSWORD)
    session.begin(doctor)
    assert session.registry is not None
    patient = add_patient(session.registry, "G-1", "Guard", "Gil")
    window.show()
    tops: list[QWidget] = [window]
    try:
        wizard = session.open_assessment(patient_id=patient.id)
        assert isinstance(wizard, AssessmentWizard)
        window.show_page(wizard)
        qtbot.waitUntil(lambda: wizard.view is not None, timeout=5000)
        for step in wizard.view.pages:  # type: ignore[union-attr]
            wizard.view.pages[step]  # type: ignore[union-attr]
        wizard.view.pages["examination"].finish_rows()  # type: ignore[union-attr,attr-defined]
        dialog = PatientDialog(session.registry, parent=window)
        qtbot.addWidget(dialog)
        tops += [dialog, UsersWidget(session.accounts, admin), AuditViewWidget(session.audit)]
        found = [c for top in tops for c in value_controls(top)]
        assert len(found) > 80, "the examination page alone has about 80"
        unguarded = [
            f"{type(c).__name__} {c.objectName() or c.accessibleName()}"
            for c in found
            if not isinstance(c, VALUE_CONTROLS)
        ]
        assert unguarded == []
        assert all(c.focusPolicy() == Qt.FocusPolicy.StrongFocus for c in found)
    finally:
        for wizard in window.findChildren(AssessmentWizard):
            wizard.shutdown()
        for top in tops[1:]:
            top.close()
        session.close()
