"""A clinician's hands, counted: every key press, every click and every typed field is one action.

The routine-visit test drives the real window through these helpers only, so the count is
what a person would do: text goes to whatever has the keyboard focus (a click or Tab must
put it there first), Tab is pressed until the wanted control has the focus (each press
counted, in the shorter direction, as a person would), a control the mouse cannot see is
first scrolled to (one action), and a drop-down chosen by mouse is two clicks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

TAB_LIMIT = 400


class Hands:
    """Counts a person's actions per step of the visit; `log` keeps what each one was."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.counts: Counter[str] = Counter()
        self.log: list[tuple[str, str]] = []
        self.step = "patient list"

    @contextmanager
    def during(self, step: str) -> Iterator[None]:
        self.step = step
        self.counts[step] += 0
        yield
        settle()

    def count(self, what: str) -> None:
        self.counts[self.step] += 1
        self.log.append((self.step, what))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    # Keyboard --------------------------------------------------------------------------------
    def key(
        self,
        key: Qt.Key,
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        what: str = "",
    ) -> None:
        """One key press (with its modifiers, a chord such as Ctrl+L) to the focused control."""
        settle()
        target = focused()
        self.count(what or f"key {QTest.keyToAscii(key) or int(key)}")
        QTest.keyClick(target, key, modifiers)
        settle()

    def type(self, text: str, what: str = "") -> None:
        """A whole field typed into the focused control: one action."""
        settle()
        target = focused()
        assert isinstance(target, QLineEdit | QPlainTextEdit | QComboBox | QAbstractItemView), (
            f"typing {text!r} into {describe(target)}, which takes no text"
        )
        self.count(what or f"type {text!r} into {describe(target)}")
        for char in text:
            if char.isascii():
                QTest.keyClick(target, char)
            else:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        target,
                        QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char),
                    )
        settle()

    def tab_to(self, target: QWidget) -> None:
        """Tab (or Shift+Tab, whichever is shorter) until `target` has the focus; each press counts."""
        settle()
        if target.hasFocus():
            return
        forward = tab_distance(target, backwards=False)
        backward = tab_distance(target, backwards=True)
        assert forward is not None or backward is not None, f"Tab never reaches {describe(target)}"
        if backward is not None and (forward is None or backward < forward):
            presses, modifiers = backward, Qt.KeyboardModifier.ShiftModifier
        else:
            presses, modifiers = forward or 0, Qt.KeyboardModifier.NoModifier
        for _ in range(presses):
            self.key(Qt.Key.Key_Tab, modifiers, what=f"Tab towards {describe(target)}")
        assert target.hasFocus(), f"Tab stopped at {describe(focused())}, not {describe(target)}"

    # Mouse -----------------------------------------------------------------------------------
    def click(self, widget: QWidget, pos: QPoint | None = None, what: str = "") -> None:
        """One click; a control scrolled out of sight costs one more action to scroll to."""
        settle()
        self.scroll_to(widget)
        assert widget.isVisible() and widget.isEnabled(), f"{describe(widget)} cannot be clicked"
        if pos is None and isinstance(widget, QCheckBox | QRadioButton):
            # A check box reacts on its box and label, not on the width a layout gives it.
            pos = QPoint(8, widget.height() // 2)
        self.count(what or f"click {describe(widget)}")
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())
        settle()

    def click_item(self, view: QAbstractItemView, row: int, what: str = "") -> None:
        """One click on a row of a list or table."""
        settle()
        index = view.model().index(row, 0)
        view.scrollTo(index)
        self.count(what or f"click row {row} of {describe(view)}")
        rect = view.visualRect(index)
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        settle()

    def choose(self, combo: QComboBox, text: str) -> None:
        """A drop-down by mouse: a click opens it, a click takes the entry (two actions)."""
        self.click(combo, what=f"open {describe(combo)}")
        view = combo.view()
        self.qtbot.waitUntil(view.isVisible, timeout=2000)
        index = combo.model().index(combo.findText(text), 0)
        assert index.isValid(), f"{text!r} is not a choice of {describe(combo)}"
        # The offscreen platform delivers no click inside an open list: highlight and take it.
        self.count(f"choose {text!r} in {describe(combo)}")
        view.setCurrentIndex(index)
        QTest.keyClick(view, Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)
        assert combo.currentText() == text

    def scroll_to(self, widget: QWidget) -> None:
        area = enclosing_scroll_area(widget)
        if area is None or fully_shown(area, widget):
            return
        self.count(f"scroll to {describe(widget)}")
        area.ensureWidgetVisible(widget, 10, 10)
        settle()


def settle() -> None:
    """Let the window show what a keystroke or click changed, as a person waits for it.

    A button pressed by its shortcut or mnemonic clicks about 100 ms later (animateClick),
    once it has been seen pressed: wait for that too.
    """
    for _ in range(3):
        QApplication.processEvents()
    for _ in range(50):
        if not any(button.isDown() for button in pressed_buttons()):
            return
        QTest.qWait(10)


def pressed_buttons() -> list[QAbstractButton]:
    return [
        button
        for window in QApplication.topLevelWidgets()
        if window.isVisible()
        for button in window.findChildren(QAbstractButton)
        if button.isDown()
    ]


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    name = widget.objectName()
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__}({name or text or '?'})"


def tab_distance(target: QWidget, *, backwards: bool) -> int | None:
    """How many Tab (or Shift+Tab) presses take the focus from where it is to `target`.

    Found by pressing, uncounted, and putting the focus back: the window's own focus chain
    decides, not a guess at it.
    """
    start = focused()
    modifiers = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    found = None
    seen: set[int] = set()
    for presses in range(1, TAB_LIMIT):
        QTest.keyClick(focused(), Qt.Key.Key_Tab, modifiers)
        settle()
        now = focused()
        if now is target:
            found = presses
            break
        if id(now) in seen and now is start:
            break
        seen.add(id(now))
        if now is start:
            break
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    settle()
    return found


def enclosing_scroll_area(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def fully_shown(area: QScrollArea, widget: QWidget) -> bool:
    viewport = area.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(top_left) and viewport.rect().contains(
        top_left + QPoint(widget.width() - 1, widget.height() - 1)
    )


def when_modal(
    qtbot: QtBot, handle: Callable[[QWidget], None], kind: type[QWidget] = QWidget
) -> None:
    """Run `handle(dialog)` once a modal dialog of `kind` is up (its exec() blocks the caller)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible() or not isinstance(dialog, kind):
            QTimer.singleShot(20, poll)
            return
        handle(dialog)

    QTimer.singleShot(20, poll)
