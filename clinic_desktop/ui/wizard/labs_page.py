"""The labs page: the order checklist with each reason, and results with live abnormal markers.

Tests are listed by what they look at (electrolytes, kidney, muscle, hormones, vitamins,
glucose). A result no living body can have is asked about at its field before it counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.assessment import LabResult
from clinic_desktop.domain.vocabulary import LAB_TESTS
from clinic_desktop.rules.evaluation import Evaluation, InterpretedLab
from clinic_desktop.services.visit_flow import VisitFlow
from clinic_desktop.ui.accessibility import name, name_grid_row
from clinic_desktop.ui.controls import ComboBox
from clinic_desktop.ui.translation import installed_language
from clinic_desktop.ui.wizard.fields import (
    CheckGrid,
    Doubt,
    NumberField,
    WrappedLabel,
    number_text,
    set_style,
    set_text,
)
from clinic_desktop.ui.wizard.page import GridScroller, WizardPage

# Colour AND text: the marker reads the same to a colour-blind clinician and on a grey printout.
MARKER_STYLES = {
    "LL": "background: #0d3b8c; color: white; font-weight: 700; padding: 1px 4px;",
    "L": "background: #cfe0ff; color: #0d3b8c; font-weight: 700; padding: 1px 4px;",
    "N": "color: #3a6b35; padding: 1px 4px;",
    "H": "background: #ffd9cc; color: #8c1d0d; font-weight: 700; padding: 1px 4px;",
    "HH": "background: #8c1d0d; color: white; font-weight: 700; padding: 1px 4px;",
}
LARGEST_RESULT = 1_000_000_000.0
# By what they look at, as a requisition groups them.
TEST_ORDER = (
    "sodium",
    "potassium",
    "magnesium",
    "calcium",
    "ionized_calcium",
    "phosphate",
    "albumin",
    "creatinine",
    "egfr",
    "creatine_kinase",
    "tsh",
    "free_t4",
    "cortisol_am",
    "vitamin_d_25oh",
    "vitamin_b12",
    "folate",
    "glucose",
    "hba1c",
)
assert sorted(TEST_ORDER) == sorted(LAB_TESTS)


class LabCatalogView(Protocol):
    def units_for(self, test: str) -> tuple[str, ...]: ...

    def display_name(self, test: str, language: str) -> str: ...

    def impossible(self, test: str, value: float, unit: str) -> Any: ...


class CitationsView(Protocol):
    def full(self, cited: Iterable[str]) -> tuple[str, ...]: ...


class LabResultRow:
    """The widgets of one test's result: value, unit, the laboratory's own interval and the marker."""

    def __init__(self, page: LabsPage, test: str, units: tuple[str, ...], parent: QWidget):
        name = page.catalog.display_name(test, installed_language())
        self.test = test
        self.name = QLabel(name, parent)
        self.unit = ComboBox(parent)
        self.unit.setObjectName(f"lab_{test}_unit")
        for unit in units:
            self.unit.addItem(unit, unit)
        self.value = NumberField(
            page.tr("{0} value").format(name),
            0,
            LARGEST_RESULT,
            doubt=lambda value: page.doubt(self, value),
            parent=parent,
        )
        self.value.setObjectName(f"lab_{test}_value")
        self.low = NumberField(
            page.tr("{0} laboratory low").format(name), 0, LARGEST_RESULT, parent=parent
        )
        self.high = NumberField(
            page.tr("{0} laboratory high").format(name), 0, LARGEST_RESULT, parent=parent
        )
        self.marker = QLabel(parent)
        self.marker.setObjectName(f"lab_{test}_marker")
        self.marker.setMinimumWidth(28)
        self.marker.setAlignment(Qt.AlignmentFlag.AlignCenter)


class LabsPage(WizardPage):
    """Bound to the visit's list of LabResult (one row per test); order choices go to the presenter."""

    step = "labs"

    def __init__(
        self,
        labs: list[LabResult],
        flow: VisitFlow,
        catalog: LabCatalogView,
        parent: QWidget | None = None,
        citations: CitationsView | None = None,
    ):
        super().__init__(parent)
        self.heading.setText(self.tr("Labs"))
        self.labs = labs
        self.flow = flow
        self.catalog = catalog
        self.citations = citations
        language = installed_language()

        orders = QGroupBox(
            self.tr("Tests to order (suggested ones are ticked, with the reason)"), self.content
        )
        orders_grid = QGridLayout(orders)
        orders_grid.setColumnStretch(1, 1)
        self.order_grid = CheckGrid(orders)
        self.order_boxes: dict[str, QCheckBox] = {}
        self.order_reasons: dict[str, QLabel] = {}
        for line, test in enumerate(TEST_ORDER):
            box = QCheckBox(catalog.display_name(test, language), orders)
            box.setObjectName(f"order_{test}")
            box.toggled.connect(lambda checked, t=test: self.on_order_toggled(t, checked))
            reason = WrappedLabel("", orders)
            reason.setObjectName(f"order_{test}_reason")
            reason.setStyleSheet("color: #555;")
            self.order_boxes[test] = box
            self.order_reasons[test] = reason
            orders_grid.addWidget(box, line, 0, Qt.AlignmentFlag.AlignTop)
            orders_grid.addWidget(reason, line, 1)
            self.order_grid.add(box, line, 0)
        self.form.addWidget(orders)

        results = QGroupBox(
            self.tr("Results (value, unit, the laboratory's own interval)"), self.content
        )
        results_layout = QVBoxLayout(results)
        table = QWidget(results)
        grid = QGridLayout(table)
        grid.setContentsMargins(0, 0, 0, 0)
        headers = (
            self.tr("Test"),
            self.tr("Value"),
            self.tr("Unit"),
            self.tr("Lab low"),
            self.tr("Lab high"),
            self.tr("Flag"),
        )
        for column, text in enumerate(headers):
            header = QLabel(text, table)
            header.setStyleSheet("font-weight: 600;")
            grid.addWidget(header, 0, column)
        self.rows: dict[str, LabResultRow] = {}
        existing: dict[str, LabResult] = {}
        for held in labs:
            existing.setdefault(held.test, held)
        for row_number, test in enumerate(TEST_ORDER, start=1):
            row = LabResultRow(self, test, tuple(catalog.units_for(test)), table)
            self.rows[test] = row
            result = existing.get(test)
            if result is not None:
                index = row.unit.findData(result.unit)
                if index < 0:
                    row.unit.addItem(result.unit, result.unit)
                    index = row.unit.count() - 1
                row.unit.setCurrentIndex(index)
                row.value.set_value(result.value)
                row.low.set_value(result.reference_low)
                row.high.set_value(result.reference_high)
            for column, widget in enumerate(
                (row.name, row.value, row.unit, row.low, row.high, row.marker)
            ):
                grid.addWidget(widget, row_number, column, Qt.AlignmentFlag.AlignTop)
            name_grid_row(grid, row_number)
            row.value.value_changed.connect(lambda _v, t=test: self.on_result_edited(t))
            row.value.confirmed.connect(lambda value, t=test: self.on_value_confirmed(t, value))
            row.low.value_changed.connect(lambda _v, t=test: self.on_result_edited(t))
            row.high.value_changed.connect(lambda _v, t=test: self.on_result_edited(t))
            row.unit.currentIndexChanged.connect(lambda _i, t=test: self.on_unit_changed(t))
            for part, field in (
                (row.value, "value"),
                (row.low, "reference_low"),
                (row.high, "reference_high"),
            ):
                part.error_changed.connect(
                    lambda message, t=test, f=field: self.report_error(f"labs.{t}.{f}", message)
                )
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(4, 1)
        results_layout.addWidget(GridScroller(table, results))
        self.form.addWidget(results)
        self.form.addStretch(1)

    def field_errors(self) -> dict[str, str]:
        """What the fields report now (a value still asked about among them), by field path."""
        found = {}
        for test, row in self.rows.items():
            for part, field in (
                (row.value, "value"),
                (row.low, "reference_low"),
                (row.high, "reference_high"),
            ):
                if part.error is not None:
                    found[f"labs.{test}.{field}"] = part.error
        return found

    def doubt(self, row: LabResultRow, value: float) -> Doubt | None:
        """The question for a value no living body can have, unless the clinician kept it."""
        unit = str(row.unit.currentData())
        found = self.catalog.impossible(row.test, value, unit)
        if found is None or self.flow.is_confirmed(row.test, value):
            return None
        shown = f"{number_text(value)} {unit}"
        name = row.name.text()
        if found.suggestion is None:
            message = self.tr("{0} is not possible for {1}: check the value.").format(shown, name)
        else:
            message = self.tr("{0} is not possible for {1}: did you mean {2}?").format(
                shown, name, number_text(found.suggestion)
            )
        return Doubt(message, found.suggestion)

    def on_order_toggled(self, test: str, checked: bool) -> None:
        if self.flow.is_ordered(test) != checked:
            self.flow.set_ordered(test, checked)
            self.edited.emit()

    def on_value_confirmed(self, test: str, value: float) -> None:
        self.flow.confirm_result(test, value)

    def on_unit_changed(self, test: str) -> None:
        # The same number in another unit may be possible or not: ask again, then store.
        row = self.rows[test]
        row.value.on_text_edited(row.value.edit.text())

    def on_result_edited(self, test: str) -> None:
        row = self.rows[test]
        value, low, high = row.value.value(), row.low.value(), row.high.value()
        interval_error = None
        if low is not None and high is not None and low >= high:
            interval_error = self.tr(
                "{0}: the laboratory's low limit must be below its high limit"
            ).format(row.name.text())
        self.report_error(f"labs.{test}.interval", interval_error)
        old = next((r for r in self.labs if r.test == test), None)
        position = self.labs.index(old) if old is not None else len(self.labs)
        if old is not None:
            self.labs.remove(old)
        if value is not None and interval_error is None:
            unit = str(row.unit.currentData())
            loinc = old.loinc if old is not None and old.unit == unit else None
            self.labs.insert(position, LabResult(test, value, unit, loinc, low, high))
        self.edited.emit()

    def show_evaluation(self, evaluation: Evaluation) -> None:
        with_results = {r.test for r in self.labs}
        reasons = evaluation.suggested_lab_order_reasons
        for test, box in self.order_boxes.items():
            checked = self.flow.is_ordered(test)
            if box.isChecked() != checked:
                box.blockSignals(True)
                box.setChecked(checked)
                box.blockSignals(False)
            if test in with_results:
                text = (
                    self.tr("result entered") if checked else self.tr("result entered, not ordered")
                )
            else:
                text = reasons.get(test, "")
                if test in evaluation.suggested_lab_orders and not text:
                    text = self.tr("suggested")
            set_text(self.order_reasons[test], text)
        interpreted = {lab.test: lab for lab in evaluation.labs}
        for test, row in self.rows.items():
            lab = interpreted.get(test)
            code = lab.interpretation if lab is not None and test in with_results else None
            set_text(row.marker, code or "")
            set_style(row.marker, MARKER_STYLES.get(code or "", ""))
            tip = self._interval_tip(lab) if lab is not None else ""
            if row.marker.toolTip() != tip:
                row.marker.setToolTip(tip)
            # The flag and the interval are separate on screen; a screen reader hears them
            # with the value.
            name(row.value, row.value.edit.accessibleName(), self._flag_text(code, lab))

    def _flag_text(self, code: str | None, lab: InterpretedLab | None) -> str:
        """ "low (L); laboratory interval 0.7–1 mmol/L": the flag beside a value, in words."""
        if code is None or lab is None:
            return ""
        words = {
            "LL": self.tr("critically low"),
            "L": self.tr("low"),
            "N": self.tr("within the interval"),
            "H": self.tr("high"),
            "HH": self.tr("critically high"),
        }.get(code, code)
        text = f"{words} ({code})"
        low, high = lab.reference_low, lab.reference_high
        if lab.laboratory_interval and low is not None and high is not None:
            interval = self.tr("laboratory interval {0}–{1} {2}").format(
                number_text(low), number_text(high), lab.unit
            )
        elif lab.laboratory_interval:
            interval = self.tr("judged on the laboratory's interval")
        else:
            interval = self.tr("judged on the default interval")
        return f"{text}; {interval}"

    def _interval_tip(self, lab: InterpretedLab) -> str:
        """Whose interval judged the result: the laboratory's, or the default's citations."""
        if lab.laboratory_interval:
            return self.tr("Judged on the laboratory's reference interval")
        if not lab.interval_source:
            return ""
        cited = self.citations.full(lab.interval_source) if self.citations else ()
        return self.tr("Judged on the default interval of:") + "\n" + "\n".join(cited)
