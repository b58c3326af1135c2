"""The program's value controls: every drop-down and date box a clinician can change is one of these.

A plain QComboBox or QDateEdit takes the focus from a mouse wheel and changes its value when a
clinician only meant to scroll the page past it ("Dark urine" went from "not assessed" to "No").
These take the focus only from a click or Tab, and an unfocused one hands the wheel to the page
around it, which scrolls. tests/gui/test_controls.py walks every window and page and fails on a
value control that is not one of these.

`caption(label, control)` is where a control and its visible label are bound to each other.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QWidget

from clinic_desktop.ui.accessibility import plain, speak_combo_name


class _WheelNeedsFocus:
    """Mixin for a Qt control: the wheel changes the value only while the control has the focus."""

    def _guard_wheel(self) -> None:
        # StrongFocus: Tab and click, never the wheel (QComboBox's own default is WheelFocus).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # type: ignore[attr-defined]

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.hasFocus():  # type: ignore[attr-defined]
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


VALUE_CONTROLS = (ComboBox, DateEdit)


def caption(label: QLabel, control: QWidget) -> QLabel:
    """Bind `label` to `control`: its mnemonic moves the focus there; the control is named by it."""
    label.setBuddy(control)
    if not control.accessibleName():
        control.setAccessibleName(plain(label.text()))
    return label
