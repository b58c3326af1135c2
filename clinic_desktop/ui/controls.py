"""The program's value controls: every drop-down and date box a clinician can change is one of these.

A plain QComboBox or QDateEdit takes the focus from a mouse wheel and changes its value when a
clinician only meant to scroll the page past it ("Dark urine" went from "not assessed" to "No").
These take the focus only from a click or Tab, and an unfocused one hands the wheel to the page
around it, which scrolls. tests/gui/test_controls.py walks every window and page and fails on a
value control that is not one of these.

`caption(label, control)` is where a control and its visible label are bound to each other;
`set_read_only(widget, True)` makes every control in a widget read-only (a signed visit): each
can still be reached by Tab and read, as a disabled one could not, and none changes its value.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from clinic_desktop.ui.accessibility import plain, speak_combo_name


class _WheelNeedsFocus:
    """Mixin for a Qt control: the wheel changes the value only while the control has the focus."""

    def _guard_wheel(self) -> None:
        # StrongFocus: Tab and click, never the wheel (QComboBox's own default is WheelFocus).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # type: ignore[attr-defined]

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.hasFocus() or getattr(self, "read_only", False):  # type: ignore[attr-defined]
            # Ignored, the event goes to the parent: the scroll area scrolls as the clinician meant.
            event.ignore()
            return
        super().wheelEvent(event)  # type: ignore[misc]


class ComboBox(_WheelNeedsFocus, QComboBox):
    """A drop-down that the wheel cannot change unless it has the focus; a screen reader hears
    its accessible name (accessibility.speak_combo_name), not only its current text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._guard_wheel()
        self.read_only = False

    def showPopup(self) -> None:
        if not self.read_only:
            super().showPopup()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.read_only:
            # Letters, arrows and Page keys would choose another entry; they go to the page.
            event.ignore()
            return
        super().keyPressEvent(event)

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        speak_combo_name(self)

    def showEvent(self, event: QShowEvent) -> None:
        # Named before it had a parent (or moved since): its label joins it where it now is.
        if self.accessibleName():
            speak_combo_name(self)
        super().showEvent(event)


class DateEdit(_WheelNeedsFocus, QDateEdit):
    """A date box that the wheel cannot change unless it has the focus."""

    def __init__(self, date: QDate | None = None, parent: QWidget | None = None) -> None:
        if date is None:
            super().__init__(parent)
        else:
            super().__init__(date, parent)
        self._guard_wheel()


class _TickGuard(QObject):
    """Keeps a read-only tick box as it is: no click or Space toggles it; Tab and reading do."""

    KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Select)
    MOUSE = (
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
    )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.MOUSE:
            if isinstance(watched, QWidget):
                watched.setFocus(Qt.FocusReason.MouseFocusReason)
            return True
        if isinstance(event, QKeyEvent):
            return event.key() in self.KEYS
        return False


_tick_guard: list[_TickGuard] = []


def _guard() -> _TickGuard:
    if not _tick_guard:
        _tick_guard.append(_TickGuard(QApplication.instance()))
    return _tick_guard[0]


SHOWS_ONLY = "shows_only"
"""A button property: it only shows something (Sources…), so a read-only visit keeps it."""


def set_read_only(root: QWidget, read_only: bool) -> None:
    """Every control in `root` read-only (or editable again), never disabled: text fields and
    drop-downs keep their value and their Tab stop, tick boxes keep their state, and the
    buttons that would change something (Add, Remove, All normal) are disabled."""
    for widget in (root, *root.findChildren(QWidget)):
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox):
            widget.setReadOnly(read_only)
        elif isinstance(widget, ComboBox):
            widget.read_only = read_only
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            if read_only:
                widget.installEventFilter(_guard())
            else:
                widget.removeEventFilter(_guard())
        elif isinstance(widget, QAbstractButton) and not widget.property(SHOWS_ONLY):
            widget.setEnabled(not read_only)


VALUE_CONTROLS = (ComboBox, DateEdit)


def caption(label: QLabel, control: QWidget) -> QLabel:
    """Bind `label` to `control`: its mnemonic moves the focus there; the control is named by it."""
    label.setBuddy(control)
    if not control.accessibleName():
        control.setAccessibleName(plain(label.text()))
    return label
