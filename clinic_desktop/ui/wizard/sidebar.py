"""The wizard's step list: where the clinician is, how complete each step is, and a way to jump."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from clinic_desktop.services.visit_flow import STEPS, Completeness


class StepSidebar(QListWidget):
    """One row per step with a text marker (not colour alone) for its completeness."""

    step_chosen = Signal(str)

    def __init__(self, titles: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("step_sidebar")
        self.setAccessibleName(self.tr("Steps of the visit"))
        self.titles = titles
        # Narrow screens: titles wrap rather than push the page sideways.
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(140)
        self.setMaximumWidth(260)
        for number, step in enumerate(STEPS, start=1):
            item = QListWidgetItem(f"{number}. {titles[step]}", self)
            item.setData(256, step)
        self.currentRowChanged.connect(self.on_current_row_changed)

    def marker(self, state: Completeness) -> str:
        return {
            Completeness.COMPLETE: self.tr("✓ complete"),
            Completeness.PARTIAL: self.tr("◐ partial"),
            Completeness.NOT_STARTED: self.tr("○ not started"),
        }[state]

    def show_states(self, states: dict[str, Completeness], current: str) -> None:
        self.blockSignals(True)
        for row, step in enumerate(STEPS):
            item = self.item(row)
            text = f"{row + 1}. {self.titles[step]}\n    {self.marker(states[step])}"
            if item.text() != text:
                item.setText(text)
                item.setToolTip(self.marker(states[step]))
        if self.currentRow() != STEPS.index(current):
            self.setCurrentRow(STEPS.index(current))
        self.blockSignals(False)

    def on_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(STEPS):
            self.step_chosen.emit(STEPS[row])
