"""A signed visit is read-only, not disabled: every value can be reached by Tab and read (a
disabled control can be neither, and drew its text at 1.51:1), and no key or click changes it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.ui.session import ClinicSession
from clinic_desktop.ui.wizard.visit_view import VisitView
from clinic_desktop.ui.wizard.wizard import AssessmentWizard
from tests.gui.conftest import add_patient
from tests.gui.test_accessibility import a_visit_with_flags, session, show_step

__all__ = ["session"]

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


@pytest.fixture
def signed_view(qtbot: QtBot, session: ClinicSession) -> Iterator[VisitView]:
    assert session.registry is not None
    patient = add_patient(session.registry, "S-1", "Ramírez Soto", "Lucía", "1958-03-14")
    visit_id = a_visit_with_flags(session.database, patient.id, patient.mrn)
    store = AssessmentStore(session.database)
    stored = store.load(visit_id)
    store.sign(visit_id, "dr.ruiz", CarePlan(language="es"), stored.version)
    wizard = session.open_assessment(assessment_id=visit_id)
    assert isinstance(wizard, AssessmentWizard)
    session.window.show_page(wizard)
    qtbot.waitUntil(lambda: wizard.view is not None, timeout=5000)
    assert wizard.view is not None and wizard.view.flow.read_only
    yield wizard.view


def value_controls(page: QWidget) -> list[QWidget]:
    return [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, QLineEdit | QPlainTextEdit | QComboBox | QCheckBox) and w.isVisibleTo(page)
    ]


def nothing_recorded(widget: QWidget) -> bool:
    if isinstance(widget, QComboBox):
        return widget.currentData() is None
    return isinstance(widget, QLineEdit) and not widget.text()


def shown(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    assert isinstance(widget, QCheckBox)
    return widget.isChecked()


def test_every_value_of_a_signed_visit_is_reachable_readable_and_unchanged_by_keys_and_clicks(
    qtbot: QtBot, signed_view: VisitView
) -> None:
    view = signed_view
    before = repr(view.flow.assessment)
    for step in view.pages:
        show_step(qtbot, view, step)
        page = view.pages[step]
        controls = value_controls(page.content)
        assert controls, step
        # Off where it does not apply (a side for an unticked site, weeks when not pregnant):
        # nothing is recorded there to read.
        disabled = [
            f"{type(w).__name__} {w.objectName()} {w.accessibleName()} {shown(w)}"
            for w in controls
            if not w.isEnabled() and not nothing_recorded(w)
        ]
        assert disabled == [], f"{step}: disabled, so neither Tab nor a screen reader reaches it"
        unreachable = [
            w.objectName()
            for w in controls
            if not isinstance(w, QCheckBox) and not w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        assert unreachable == [], step
        for widget in controls:
            value = shown(widget)
            widget.setFocus()
            for key in (Qt.Key.Key_Space, Qt.Key.Key_Down, Qt.Key.Key_7, Qt.Key.Key_Backspace):
                QTest.keyClick(widget, key)
            qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
            assert shown(widget) == value, f"{step}: {widget.objectName()} changed"
    flags = list(view.findings.flag_widgets.values())
    assert flags
    for flag in flags:
        box = flag.acknowledge  # type: ignore[attr-defined]
        assert box.isEnabled() and box.isChecked()
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
        assert box.isChecked()
    assert repr(view.flow.assessment) == before
