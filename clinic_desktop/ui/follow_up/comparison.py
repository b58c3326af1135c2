"""This visit beside an earlier one (the previous by default, any earlier one chosen): history,
MRC grades, reflexes, Modified Ashworth, labs and ABI, each change said in words (Better, Worse,
Same, Changed) with the direction the scale counts as better; the colour only repeats the words.
Numbers and dates are written as the interface's language writes them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.rules.comparison import Compared, compare_visits
from clinic_desktop.rules.evaluation import Evaluation
from clinic_desktop.services.assessments import StoredAssessment
from clinic_desktop.ui import formats
from clinic_desktop.ui.patients.labels import status_label
from clinic_desktop.ui.translation import installed_language
from clinic_desktop.ui.wizard.fields import label

VERDICT_COLOURS = {"better": QColor("#d7f0d8"), "worse": QColor("#f8d4cf")}
COLUMNS = 7


def visit_title(stored: StoredAssessment) -> str:
    visit_date = stored.assessment.visit_date
    day = formats.day(visit_date) if visit_date else "?"
    return f"{day} ({status_label(stored.status).lower()})"


class ComparisonDialog(QDialog):
    """The comparison table; the earlier visit is chosen in the combo box over it."""

    def __init__(
        self,
        current: Assessment,
        current_evaluation: Evaluation,
        earlier: Sequence[StoredAssessment],
        evaluate: Callable[[Assessment], Evaluation],
        lab_name: Callable[[str], str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("comparison_dialog")
        self.setWindowTitle(self.tr("Compare with an earlier visit"))
        self.current = current
        self.current_evaluation = current_evaluation
        self.earlier = list(earlier)
        self.evaluate = evaluate
        self.lab_name = lab_name
        self.rows: tuple[Compared, ...] = ()

        self.choice = QComboBox(self)
        self.choice.setObjectName("earlier_visit")
        for stored in self.earlier:
            self.choice.addItem(visit_title(stored), stored.id)
        chooser = QLabel(self.tr("&Compare this visit with:"), self)
        chooser.setBuddy(self.choice)
        self.empty = QLabel(self.tr("This patient has no earlier visit to compare with."), self)
        self.empty.setObjectName("no_earlier_visit")
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("comparison_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Area"),
                self.tr("Measure"),
                self.tr("Side"),
                self.tr("Then"),
                self.tr("Now"),
                self.tr("Change"),
                self.tr("Better when"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("Comparison with the earlier visit"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(chooser)
        top.addWidget(self.choice, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(1120, 560)

        has_earlier = bool(self.earlier)
        self.empty.setVisible(not has_earlier)
        self.choice.setEnabled(has_earlier)
        self.choice.currentIndexChanged.connect(self.show_comparison)
        if has_earlier:
            # The previous visit: the latest of those before this one.
            self.choice.setCurrentIndex(len(self.earlier) - 1)
            self.show_comparison()
        self.table.setFocus()

    def areas(self) -> dict[str, str]:
        return {
            "history": self.tr("History"),
            "strength": self.tr("Strength (MRC)"),
            "reflexes": self.tr("Reflexes"),
            "tone": self.tr("Tone (Modified Ashworth)"),
            "labs": self.tr("Labs"),
            "abi": self.tr("Ankle-brachial index"),
        }

    def verdicts(self) -> dict[str, str]:
        return {
            "better": self.tr("Better"),
            "worse": self.tr("Worse"),
            "same": self.tr("Same"),
            "changed": self.tr("Changed (no better or worse on this scale)"),
            "first": self.tr("Recorded only now"),
            "not_now": self.tr("Not recorded now"),
        }

    def directions(self) -> dict[str, str]:
        return {
            "higher": self.tr("higher"),
            "lower": self.tr("lower"),
            "nearer_normal": self.tr("nearer normal"),
        }

    def measure(self, row: Compared) -> str:
        if row.area == "labs":
            return self.lab_name(row.item)
        return {
            "episodes_per_week": self.tr("Cramp episodes per week"),
            "episode_duration_seconds": self.tr("Episode length (seconds)"),
            "pain_score": self.tr("Pain (0-10)"),
            "penn_spasm_frequency": self.tr("Penn spasm frequency (0-4)"),
            "abi": self.tr("ABI"),
        }.get(row.item) or label(row.item)

    def value(self, text: str | None, category: str | None) -> str:
        if text is None:
            return self.tr("not recorded")
        return f"{text} ({label(category)})" if category else text

    def show_comparison(self) -> None:
        index = self.choice.currentIndex()
        if index < 0:
            return
        earlier = self.earlier[index]
        self.rows = compare_visits(
            earlier.assessment,
            self.evaluate(earlier.assessment),
            self.current,
            self.current_evaluation,
            language=installed_language(),
        )
        areas, verdicts, directions = self.areas(), self.verdicts(), self.directions()
        self.table.setRowCount(len(self.rows))
        for number, row in enumerate(self.rows):
            cells = [
                areas[row.area],
                self.measure(row),
                label(row.side) if row.side else "",
                self.value(row.before, row.before_category),
                self.value(row.after, row.after_category),
                verdicts[row.verdict],
                directions[row.better_when],
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                colour = VERDICT_COLOURS.get(row.verdict)
                if colour is not None and column == 5:
                    item.setBackground(QBrush(colour))
                self.table.setItem(number, column, item)
        self.table.resizeRowsToContents()
