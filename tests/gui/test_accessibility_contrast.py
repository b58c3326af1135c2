"""Contrast of WCAG 2.2 level AA, measured on rendered widgets in English and Spanish: the
red-flag banners, read-only text of a signed visit, placeholders, the selected step, lab flags
and the focus ring (4.5:1 for text, 3:1 for focus indicators).

Before: the emergency banner's labels were black on dark red (2.30:1), a signed visit's text
was drawn disabled (1.51:1), placeholders 4.00:1, the selected step 3.69:1, a tick box's focus
ring 1.20:1, and a drop-down showed no ring at all after a page change until Tab was pressed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.rules.evaluation import RedFlag
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.ui.session import ClinicSession
from clinic_desktop.ui.wizard.findings_panel import URGENCY_STYLES, RedFlagWidget
from clinic_desktop.ui.wizard.history_page import HistoryPage
from clinic_desktop.ui.wizard.labs_page import LabsPage
from clinic_desktop.ui.wizard.visit_view import VisitView
from clinic_desktop.ui.wizard.wizard import AssessmentWizard
from tests.gui.conftest import add_patient
from tests.gui.contrast import NON_TEXT, TEXT, changed_contrast, rendered, text_contrast
from tests.gui.test_accessibility import a_visit_with_flags, language, session, show_step

__all__ = ["language", "session"]

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


def open_visit(qtbot: QtBot, session: ClinicSession, *, signed: bool) -> VisitView:
    assert session.registry is not None
    patient = add_patient(session.registry, "C-1", "Ramírez Soto", "Lucía", "1958-03-14")
    visit_id = a_visit_with_flags(session.database, patient.id, patient.mrn)
    if signed:
        store = AssessmentStore(session.database)
        store.sign(visit_id, "dr.ruiz", CarePlan(language="es"), store.load(visit_id).version)
    wizard = session.open_assessment(assessment_id=visit_id)
    assert isinstance(wizard, AssessmentWizard)
    session.window.show_page(wizard)
    qtbot.waitUntil(lambda: wizard.view is not None, timeout=5000)
    assert wizard.view is not None
    qtbot.wait(20)
    return wizard.view


def label_area(widget: QWidget) -> QRect:
    """Where a widget's text is: a tick box's label without its box."""
    if isinstance(widget, QCheckBox):
        option = QStyleOptionButton()
        widget.initStyleOption(option)
        return widget.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, option, widget)
    return widget.rect()


def text_ratio(widget: QWidget, area: QRect | None = None) -> float:
    return text_contrast(rendered(widget, area or label_area(widget)))[2]


def focus_ratio(qtbot: QtBot, widget: QWidget, away: QWidget) -> float:
    """The focus ring against what it is drawn over: `widget` with the focus and without."""
    around = widget.rect().adjusted(-3, -3, 3, 3)
    if not widget.hasFocus():
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus, timeout=2000)
    qtbot.wait(20)
    focused = rendered(widget, around)
    away.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(away.hasFocus, timeout=2000)
    qtbot.wait(20)
    return changed_contrast(rendered(widget, around), focused)


@pytest.fixture
def shown_flags(qtbot: QtBot, app: QApplication) -> Iterator[QWidget]:
    """A banner of every urgency, in a window of its own."""
    host = QWidget()
    qtbot.addWidget(host)
    from PySide6.QtWidgets import QVBoxLayout

    layout = QVBoxLayout(host)
    for urgency in URGENCY_STYLES:
        flag = RedFlag(f"flag_{urgency}", urgency, "emergency_department", "Text", (), "Act now")
        layout.addWidget(RedFlagWidget(flag, False, host))
    host.resize(400, 400)
    host.show()
    qtbot.waitExposed(host)
    yield host


def test_red_flag_banners_of_every_urgency_pass(shown_flags: QWidget, language: str) -> None:
    low = {
        f"{banner.flag.urgency} {type(part).__name__} {part.text()!r}": round(text_ratio(part), 2)
        for banner in shown_flags.findChildren(RedFlagWidget)
        for part in (*banner.findChildren(QLabel), banner.acknowledge)
        if text_ratio(part) < TEXT
    }
    assert low == {}


def test_a_visit_passes_aa_contrast(qtbot: QtBot, session: ClinicSession, language: str) -> None:
    window = session.window
    found: dict[str, float] = {}
    search = window.registry_widget.search_edit
    search.clear()
    found["search placeholder"] = text_ratio(search, search.rect().adjusted(4, 4, -4, -4))

    view = open_visit(qtbot, session, signed=False)
    for flag in view.findings.flag_widgets.values():
        if isinstance(flag, RedFlagWidget):
            for part in flag.findChildren(QLabel):
                found[f"banner {part.text()[:20]!r}"] = text_ratio(part)
    sidebar = view.sidebar
    selected = sidebar.visualItemRect(sidebar.item(sidebar.currentRow()))
    found["selected step"] = text_ratio(sidebar.viewport(), selected)
    # Next clicked with the mouse: the first field of the new page shows its ring at once.
    show_step(qtbot, view, "labs")
    view.on_next_clicked()
    qtbot.waitUntil(lambda: view.pages.is_built("hormonal"), timeout=5000)
    qtbot.waitUntil(lambda: view.pages["hormonal"].isAncestorOf(QApplication.focusWidget()))
    first = QApplication.focusWidget()
    found[f"focus ring after Next, {type(first).__name__}"] = focus_ratio(
        qtbot, first, view.sidebar
    )
    show_step(qtbot, view, "history")
    history = view.pages["history"]
    assert isinstance(history, HistoryPage)
    tick = next(
        box
        for box in history.content.findChildren(QCheckBox)
        if box.isVisible() and box.focusPolicy() & Qt.FocusPolicy.TabFocus
    )
    for name, widget in (
        ("button", view.next_button),
        ("drop-down", history.dark_urine),
        ("tick box", tick),
    ):
        found[f"focus ring, {name}"] = focus_ratio(qtbot, widget, view.sidebar)
    show_step(qtbot, view, "labs")
    labs = view.pages["labs"]
    assert isinstance(labs, LabsPage)
    for test in ("magnesium", "creatine_kinase"):
        found[f"lab flag {test}"] = text_ratio(labs.rows[test].marker)
    found["focus ring, text field"] = focus_ratio(
        qtbot, labs.rows["potassium"].value.edit, view.sidebar
    )
    show_step(qtbot, view, "care_plan")
    free_text = view.pages["care_plan"].free_text  # type: ignore[attr-defined]
    found["care plan placeholder"] = text_ratio(free_text, free_text.rect().adjusted(4, 4, -4, -4))

    needed = {name: NON_TEXT if name.startswith("focus") else TEXT for name in found}
    assert {n: round(r, 2) for n, r in found.items() if r < needed[n]} == {}


def test_a_signed_visit_reads_at_full_contrast(
    qtbot: QtBot, session: ClinicSession, language: str
) -> None:
    view = open_visit(qtbot, session, signed=True)
    show_step(qtbot, view, "labs")
    labs = view.pages["labs"]
    assert isinstance(labs, LabsPage)
    value = labs.rows["magnesium"].value.edit
    unit = labs.rows["magnesium"].unit
    assert value.isReadOnly() and value.text() == "0.5"
    found = {
        "read-only value": text_ratio(value, value.rect().adjusted(3, 3, -3, -3)),
        "read-only unit": text_ratio(unit, unit.rect().adjusted(3, 3, -20, -3)),
        "test name": text_ratio(labs.rows["magnesium"].name),
    }
    assert {n: round(r, 2) for n, r in found.items() if r < TEXT} == {}
