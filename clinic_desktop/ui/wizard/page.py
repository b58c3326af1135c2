"""The base of every wizard page: a scrollable form that reports edits and input problems."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from clinic_desktop.rules.evaluation import Evaluation


class WizardPage(QScrollArea):
    """Subclasses build their form into `self.form` and write every edit into their model object."""

    edited = Signal()
    field_error_changed = Signal(str, object)
    """(field path, message or None): text the page could not write into its model."""

    step = ""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"{self.step}_page")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.content = QWidget(self)
        self.form = QVBoxLayout(self.content)
        self.heading = QLabel(self.content)
        self.heading.setObjectName("page_title")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addWidget(self.heading)
        self.setWidget(self.content)

    def show_evaluation(self, evaluation: Evaluation) -> None:
        """Update what the page shows live from the rules (markers, derived values)."""

    def set_read_only(self, read_only: bool) -> None:
        self.content.setEnabled(not read_only)

    def report_error(self, field: str, message: object) -> None:
        self.field_error_changed.emit(field, message)
