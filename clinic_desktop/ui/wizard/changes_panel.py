"""What changed since the signed visit: shown over an addendum's pages until it is signed.

Each line says in words what happened (a new red flag, a resolved finding, a plan item the rules
no longer suggest ...); the colour only repeats it. The list takes the keyboard focus, and a
screen reader reads each line whole.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from clinic_desktop.rules.changes import KINDS, Change, VisitChanges

WORSE = QColor("#8c1d0d")
BETTER = QColor("#1b5e20")


class ChangesPanel(QFrame):
    """The addendum's changes against the signed visit, most urgent first."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("changes_panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self)
        self.title.setObjectName("changes_title")
        self.title.setStyleSheet("font-weight: 700;")
        self.title.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("changes_list")
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(140)
        self.title.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.hide()

    def words(self, change: Change) -> str:
        """What happened, in words: the line's first half."""
        new = change.new
        return {
            "red_flag": self.tr("New red flag") if new else self.tr("Red flag resolved"),
            "finding": self.tr("New finding") if new else self.tr("Finding resolved"),
            "suggestion": self.tr("Now suggested for the plan")
            if new
            else self.tr("No longer suggested"),
            "plan_item": self.tr("Added to the plan") if new else self.tr("Dropped from the plan"),
            "result": self.tr("New result") if new else self.tr("Result removed"),
        }[change.kind]

    def show_changes(self, changes: VisitChanges, signed_on: str) -> None:
        count = len(changes.changes)
        summary = (
            self.tr("nothing yet")
            if not count
            else self.tr("1 change")
            if count == 1
            else self.tr("{0} changes").format(count)
        )
        self.title.setText(
            self.tr("&What changed since the visit signed on {0}: {1}").format(signed_on, summary)
        )
        self.list.clear()
        for kind in KINDS:
            for new in (True, False):
                for change in changes.of(kind, new=new):
                    item = QListWidgetItem(f"{self.words(change)}: {change.text}", self.list)
                    if change.kind in ("red_flag", "finding"):
                        # A flag or finding that appeared is worse, one that went is better.
                        item.setForeground(QBrush(WORSE if change.new else BETTER))
                    item.setData(Qt.ItemDataRole.UserRole, (change.kind, change.id, change.new))
        self.list.setVisible(bool(changes))
        self.show()
