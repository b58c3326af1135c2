"""What a screen reader says for a control: named by the labels a sighted clinician reads beside it.

One mechanism for every window: a field is named by its caption (its buddy, `controls.caption`
or a form row), a cell of a grid by its row's label and its column's header ("Shoulder
abductors, MRC left"), an action on an item by the item ("Remove: calf stretching"); a
description carries what else the screen shows for it (a lab value's flag and interval).
tests/gui/test_accessibility.py walks every window's accessible tree and fails on a control
without a name.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QWidget,
)

SPOKEN_LABEL = "spoken_name"
ITEM_NAME_LENGTH = 80


def plain(text: str) -> str:
    """A caption without its mnemonic marks ("&Sign…" -> "Sign…"; "&&" stays one "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def target(control: QWidget) -> QWidget:
    """The widget a screen reader lands on: a composite field's editor (its focus proxy)."""
    return control.focusProxy() or control


def tab_order(chain: Iterable[QWidget]) -> None:
    """Tab goes through `chain` in its order, right after its first widget.

    Qt appends a widget made (or rebuilt) after its window to the end of the window's focus
    chain; its owner sets its place again with this, on widgets it keeps references to.
    """
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


def name(control: QWidget, text: str, description: str | None = None) -> None:
    """Name `control` (and describe it, if `description` is given); unchanged text is not reset."""
    widget = target(control)
    if widget.accessibleName() != text:
        widget.setAccessibleName(text)
    if description is not None and widget.accessibleDescription() != description:
        widget.setAccessibleDescription(description)


def name_action(button: QAbstractButton, item: str) -> None:
    """An action on one item of a list ("Remove", "Acknowledge") named with the item it acts on."""
    name(button, f"{plain(button.text())}: {short(item)}")


def short(text: str) -> str:
    """An item's text short enough to be heard in a name: its first line, cut at a word."""
    line = " ".join(text.split("\n", 1)[0].split())
    if len(line) <= ITEM_NAME_LENGTH:
        return line
    return line[:ITEM_NAME_LENGTH].rsplit(" ", 1)[0] + "…"


def _text_at(grid: QGridLayout, row: int, column: int) -> str:
    item = grid.itemAtPosition(row, column)
    widget = item.widget() if item is not None else None
    return plain(widget.text()) if isinstance(widget, QLabel) else ""


def name_grid_row(
    grid: QGridLayout,
    row: int,
    row_label: str | None = None,
    item: str | None = None,
    header_row: int = 0,
) -> None:
    """Name every control of `row` in `grid` by the row's label and its column's header.

    The row's label is its first column's label unless given; the headers are the grid's row
    `header_row` (its first row unless given: a grid stacked in blocks has one per block). A
    button acts on the row's item (`item`, else the row's label) and is named by it. A label in
    the row (a flag, a marker) is read as it is and not named.
    """
    first = row_label if row_label is not None else _text_at(grid, row, 0)
    for column in range(grid.columnCount()):
        found = grid.itemAtPosition(row, column)
        widget = found.widget() if found is not None else None
        if widget is None or isinstance(widget, QLabel):
            continue
        if isinstance(widget, QPushButton):
            name_action(widget, item or first)
            continue
        header = _text_at(grid, header_row, column)
        name(widget, ", ".join(part for part in (first, header) if part))


def speak_combo_name(combo: QComboBox) -> None:
    """Bind a hidden label carrying `combo`'s accessible name to it.

    On Linux Qt reports a combo box's current text as its name and names it by the labels bound
    to it (AT-SPI's labelled-by relation, which Orca reads): without a label, 52 examination
    grades were all heard as "not assessed". A visible caption saying the same is enough.
    """
    text = combo.accessibleName()
    parent = combo.parentWidget()
    if parent is None:
        return
    labels = [
        child for child in parent.children() if isinstance(child, QLabel) and child.buddy() is combo
    ]
    spoken = next((label for label in labels if label.objectName() == SPOKEN_LABEL), None)
    shown = any(plain(label.text()) == text for label in labels if label is not spoken)
    if not text or shown:
        if spoken is not None:
            spoken.deleteLater()
            spoken.setBuddy(None)  # type: ignore[arg-type]
        return
    if spoken is None:
        spoken = QLabel(parent)
        spoken.setObjectName(SPOKEN_LABEL)
        spoken.hide()
        spoken.setBuddy(combo)
    if spoken.text() != text:
        spoken.setText(text)


class FocusReturn(QObject):
    """The keyboard goes back to the window a dialog was opened over when the dialog closes.

    A window manager activates a closed dialog's parent window; without one (Xvfb, some kiosk
    set-ups) nothing does, no window of the program has the keyboard, and the visit's
    shortcuts wait for a click. Qt says so by moving the focus from a widget of the closed
    window to none: then the window it was opened over is activated again, and Qt gives the
    keyboard back to the widget that had it there. Only focus changes reach Python, not every
    event.
    """

    def __init__(self, application: QApplication) -> None:
        super().__init__(application)
        application.focusChanged.connect(self.on_focus_changed)

    def on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is not None or old is None or not shiboken6.isValid(old):
            return
        closing = old.window()
        opener = closing.parentWidget()
        if opener is not None:
            # The window is still closing now; once it has, see who has the keyboard.
            QTimer.singleShot(0, self, lambda: self.give_back(closing, opener))

    @staticmethod
    def give_back(closed: QWidget, opener: QWidget) -> None:
        if QApplication.focusWidget() is not None:
            return
        if shiboken6.isValid(closed) and closed.isVisible():
            return  # another program took the keyboard: the window manager's business
        if shiboken6.isValid(opener) and opener.isVisible():
            opener.window().activateWindow()
