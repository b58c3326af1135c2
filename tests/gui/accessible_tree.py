"""What a screen reader is told: the QAccessible tree of a window, the same tree AT-SPI exports.

A control's name is what a screen reader says for it. On Linux Qt reports a combo box's current
text as its name and names it through its label relation (as Orca reads it), so for a combo box
the name is its label's text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QWidget

Role = QAccessible.Role
Text = QAccessible.Text

INTERACTIVE = {
    Role.Button,
    Role.CheckBox,
    Role.RadioButton,
    Role.ComboBox,
    Role.EditableText,
    Role.SpinBox,
    Role.Slider,
    Role.ButtonMenu,
    Role.ButtonDropDown,
    Role.Link,
    Role.List,
    Role.Table,
    Role.Tree,
    Role.PageTab,
}
# Their rows and cells are named by what they show.
CONTAINERS_OF_ITEMS = {Role.List, Role.Table, Role.Tree, Role.ComboBox}


@dataclass(frozen=True)
class Control:
    role: QAccessible.Role
    name: str
    value: str
    description: str
    where: str


def interface(widget: QWidget) -> QAccessibleInterface:
    found = QAccessible.queryAccessibleInterface(widget)
    assert found is not None, f"{type(widget).__name__} has no accessible interface"
    return found


def label_of(node: QAccessibleInterface) -> str:
    """The text of the labels bound to `node` (its buddies), as a screen reader joins them."""
    return " ".join(
        other.text(Text.Name).strip()
        for other, relation in node.relations(QAccessible.RelationFlag.Label)
        if other is not None
    ).strip()


def spoken_name(node: QAccessibleInterface) -> str:
    if node.role() == Role.ComboBox:
        return label_of(node)
    return node.text(Text.Name).strip() or label_of(node)


def _where(node: QAccessibleInterface) -> str:
    widget = node.object()
    name = widget.objectName() if widget is not None else ""
    return f"{node.role().name} {name}".strip()


def controls(top: QWidget) -> Iterator[Control]:
    """Every interactive control a screen reader can reach in `top` (visible ones only)."""
    stack = [interface(top)]
    while stack:
        node = stack.pop()
        state = node.state()
        if state.invisible:
            continue
        role = node.role()
        if role in INTERACTIVE:
            yield Control(
                role,
                spoken_name(node),
                node.text(Text.Value).strip(),
                node.text(Text.Description).strip(),
                _where(node),
            )
            if role in CONTAINERS_OF_ITEMS:
                continue
        stack.extend(
            child for i in range(node.childCount()) if (child := node.child(i)) is not None
        )


def unnamed(found: list[Control]) -> list[str]:
    """Controls a screen reader cannot name: no name, or a name that is only their value."""
    return [
        f"{c.where}: {c.name!r}" for c in found if not c.name or (c.value and c.name == c.value)
    ]
