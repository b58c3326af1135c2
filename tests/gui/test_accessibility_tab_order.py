"""Tab follows the reading order on every page of a visit: from the page's first field, Tab walks
the page's sections top to bottom, then the red flags beside it (each Acknowledge), and only then
Back and Next. Widgets made after the window showed (plan items, red flags) used to join the end of
the focus chain: "Add an item" came before the plan's items, Acknowledge after Back."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from clinic_desktop.ui.session import ClinicSession
from clinic_desktop.ui.wizard.care_plan_page import CarePlanPage
from clinic_desktop.ui.wizard.page import WizardPage
from clinic_desktop.ui.wizard.visit_view import VisitView
from tests.gui.test_accessibility import open_visit, pytestmark, session, show_step

__all__ = ["pytestmark", "session"]

MAX_STOPS = 400


def spoken(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return widget.accessibleName() or text or widget.objectName() or type(widget).__name__


def block_of(page: WizardPage, widget: QWidget) -> QWidget:
    """The section of the page (a direct child of its form) that holds `widget`."""
    while widget.parentWidget() is not page.content:
        parent = widget.parentWidget()
        assert parent is not None, spoken(widget)
        widget = parent
    return widget


def first_stop(page: WizardPage) -> QWidget:
    """The page's first field as read: the top section's top-left control that takes Tab."""
    stops = [
        w
        for w in page.content.findChildren(QWidget)
        if w.isVisibleTo(page) and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    assert stops, page.objectName()

    def where(w: QWidget) -> tuple[int, int, int]:
        at = w.mapTo(page.content, QPoint(0, 0))
        return block_of(page, w).y(), at.y(), at.x()

    return min(stops, key=where)


def tab_from_first_field(view: VisitView, page: WizardPage) -> list[QWidget]:
    """Each widget Tab gives the focus to, from the page's first field until Back or Next."""
    start = first_stop(page)
    start.setFocus(Qt.FocusReason.TabFocusReason)
    assert start.hasFocus(), spoken(start)
    seen = [start]
    ends = (view.back_button, view.next_button, view.sign_button)
    while seen[-1] not in ends and len(seen) < MAX_STOPS:
        QTest.keyClick(seen[-1], Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is not None and focused is not seen[-1], spoken(seen[-1])
        seen.append(focused)
    assert seen[-1] in ends, [spoken(w) for w in seen[-5:]]
    return seen


def out_of_order(view: VisitView, page: WizardPage, stops: list[QWidget]) -> list[str]:
    """Where Tab leaves the reading order: the page's sections top to bottom, then the findings
    panel top to bottom, then the buttons under both."""
    problems = []
    previous: tuple[int, int, int] | None = None
    for widget in stops:
        if page.content.isAncestorOf(widget):
            key = (0, block_of(page, widget).y(), 0)
        elif view.findings.isAncestorOf(widget):
            key = (1, widget.mapTo(view.findings, QPoint(0, 0)).y(), 0)
        else:
            key = (2, 0, widget.mapTo(view, QPoint(0, 0)).x())
        if previous is not None and key < previous:
            problems.append(spoken(widget))
        previous = key
    return problems


def test_tab_follows_the_reading_order_on_every_page(qtbot: QtBot, session: ClinicSession) -> None:
    view = open_visit(qtbot, session)
    wrong: dict[str, list[str]] = {}
    for step in view.pages:
        show_step(qtbot, view, step)
        page = view.pages[step]
        if isinstance(page, CarePlanPage):
            # Items the clinician added are rebuilt with the plan: they keep their place too.
            page.free_text.setText("Calf and hamstring stretching before bed")
            page.add_free.click()
            page.add_library.click()
            qtbot.wait(10)
        stops = tab_from_first_field(view, page)
        names = [spoken(w) for w in stops]
        if problems := out_of_order(view, page, stops):
            wrong[step] = problems
        if isinstance(page, CarePlanPage):
            remove = names.index("Remove: Calf and hamstring stretching before bed")
            assert remove < names.index(spoken(page.library_choice)), names
        acknowledge = [i for i, n in enumerate(names) if n.startswith("Acknowledge: ")]
        assert acknowledge, f"the visit shows red flags on {step}: {names}"
        # Before Back (Next on the first page, where Back is off): the last stop of the walk.
        assert max(acknowledge) < len(stops) - 1, names
    assert wrong == {}
