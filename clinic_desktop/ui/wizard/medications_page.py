"""The medications page: what the patient takes, with drugs associated with cramps marked and why."""

from __future__ import annotations

import itertools
import re
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.assessment import Assessment, Medication
from clinic_desktop.ui.accessibility import name_grid_row
from clinic_desktop.ui.translation import installed_language
from clinic_desktop.ui.wizard.fields import ERROR_STYLE, WrappedLabel
from clinic_desktop.ui.wizard.page import WizardPage

STARTED_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
CAUSE_STYLE = "background: #fff0c2; color: #6b4e00; font-weight: 600; padding: 2px 4px;"


class DrugListView(Protocol):
    def names(self) -> list[str]: ...

    def match(self, name: str) -> Any: ...

    def drug_class(self, class_id: str) -> Any: ...


class MedicationRow:
    """One medication's widgets: name with type-ahead, dose as typed, when it started, the marker."""

    def __init__(self, page: MedicationsPage, number: int, parent: QWidget):
        self.number = number
        self.line = 0
        """The grid row of its fields."""
        self.name = QLineEdit(parent)
        self.name.setObjectName(f"medication_{number}_name")
        self.name.setPlaceholderText(page.tr("Generic or brand name"))
        completer = QCompleter(page.drug_names, self.name)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name.setCompleter(completer)
        self.dose = QLineEdit(parent)
        self.dose.setObjectName(f"medication_{number}_dose")
        self.dose.setPlaceholderText(page.tr("Dose as prescribed"))
        self.started = QLineEdit(parent)
        self.started.setObjectName(f"medication_{number}_started")
        self.started.setPlaceholderText(page.tr("YYYY-MM or YYYY-MM-DD"))
        self.error = QLabel(parent)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        self.marker = WrappedLabel("", parent)
        self.marker.setObjectName(f"medication_{number}_marker")
        self.marker.setTextFormat(Qt.TextFormat.PlainText)
        self.marker.setWordWrap(True)
        self.remove = QPushButton(page.tr("Remove"), parent)
        self.remove.setAutoDefault(True)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.name, self.dose, self.started, self.remove, self.error, self.marker)


class MedicationsPage(WizardPage):
    """Bound to the assessment's medication list (None: not asked; empty: takes none)."""

    step = "medications"

    def __init__(self, assessment: Assessment, drugs: DrugListView, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading.setText(self.tr("Medications"))
        self.assessment = assessment
        self.drugs = drugs
        self.drug_names = list(drugs.names())
        self.form.addWidget(self.carried_marker("medications"))

        box = QGroupBox(self.tr("Current medications"), self.content)
        self.list_layout = QVBoxLayout(box)
        self.grid_host = QWidget(box)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        for column, text in enumerate((self.tr("Name"), self.tr("Dose"), self.tr("Started"), "")):
            header = QLabel(text, self.grid_host)
            header.setStyleSheet("font-weight: 600;")
            self.grid.addWidget(header, 0, column)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(2, 1)
        self.list_layout.addWidget(self.grid_host)
        self.add_button = QPushButton(self.tr("Add medication"), box)
        self.add_button.setObjectName("add_medication")
        self.add_button.clicked.connect(self.on_add_clicked)
        self.list_layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.form.addWidget(box)
        self.none_box = QCheckBox(self.tr("Takes no medications"), self.content)
        self.none_box.setObjectName("no_medications")
        self.none_box.setChecked(assessment.medications == [])
        self.none_box.toggled.connect(self.on_none_toggled)
        self.form.addWidget(self.none_box)
        self.form.addStretch(1)
        self.rows: list[MedicationRow] = []
        self._next_number = 0
        self._loading = False
        # Showing the stored list must not write it back half-filled.
        self._loading = True
        for medication in assessment.medications or ():
            row = self._add_row()
            row.name.setText(medication.name)
            row.dose.setText(medication.dose or "")
            row.started.setText(medication.started or "")
            self._show_marker(row)
        if assessment.medications is None:
            # Not asked yet: a row ready for the first name, where the cursor starts.
            self._add_row()
        self._loading = False
        self._order_tabs()
        self._name_rows()

    def _name_rows(self) -> None:
        """Each row's fields named by its number and column ("Medication 2, Dose"); its Remove by
        the medicine."""
        for number, row in enumerate(self.rows, start=1):
            heard = self.tr("Medication {0}").format(number)
            name_grid_row(self.grid, row.line, heard, row.name.text().strip() or heard)

    def _order_tabs(self) -> None:
        """Tab goes through the rows in order, then Add and "Takes no medications"."""
        chain: list[QWidget] = []
        for row in self.rows:
            chain += [row.name, row.dose, row.started, row.remove]
        chain += [self.add_button, self.none_box]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _add_row(self) -> MedicationRow:
        row = MedicationRow(self, self._next_number, self.grid_host)
        self._next_number += 1
        base = 1 + 3 * len(self.rows)
        row.line = base
        self.grid.addWidget(row.name, base, 0)
        self.grid.addWidget(row.dose, base, 1)
        self.grid.addWidget(row.started, base, 2)
        self.grid.addWidget(row.remove, base, 3)
        self.grid.addWidget(row.error, base + 1, 0, 1, 4)
        self.grid.addWidget(row.marker, base + 2, 0, 1, 4)
        row.name.textChanged.connect(lambda _t, r=row: self.on_row_edited(r))
        row.dose.textEdited.connect(lambda _t, r=row: self.on_row_edited(r))
        row.started.textEdited.connect(lambda _t, r=row: self.on_row_edited(r))
        row.remove.clicked.connect(lambda _c=False, r=row: self.on_remove_clicked(r))
        self.rows.append(row)
        return row

    def on_add_clicked(self) -> None:
        row = self._add_row()
        self._order_tabs()
        self._name_rows()
        self.none_box.setChecked(False)
        # A layout shows new children only on the next turn of the event loop; focus needs them now.
        for widget in (row.name, row.dose, row.started, row.remove, row.marker):
            widget.show()
        row.name.setFocus()
        self.ensureWidgetVisible(row.name)

    def on_remove_clicked(self, row: MedicationRow) -> None:
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.rows.remove(row)
        self._name_rows()
        self.report_error(f"medications.{row.number}.started", None)
        self.changed("medications")
        self._write()

    def on_none_toggled(self, checked: bool) -> None:
        self.add_button.setEnabled(not checked)
        self.grid_host.setEnabled(not checked)
        self.changed("medications")
        self._write()

    def on_row_edited(self, row: MedicationRow) -> None:
        if self._loading:
            return
        self._name_rows()
        self._show_marker(row)
        self.changed("medications")
        self._write()

    def _started_error(self, row: MedicationRow) -> str | None:
        text = row.started.text().strip()
        if text and not STARTED_PATTERN.match(text):
            return self.tr("Started: “{0}” is not YYYY-MM or YYYY-MM-DD").format(text)
        return None

    def _show_marker(self, row: MedicationRow) -> None:
        language = installed_language()
        error = self._started_error(row)
        row.error.setText(error or "")
        row.error.setVisible(error is not None)
        name = row.name.text().strip()
        entry = self.drugs.match(name) if name else None
        if not name:
            row.marker.setText("")
            row.marker.setStyleSheet("")
        elif entry is None:
            row.marker.setText(self.tr("Not in the drug list: the rules cannot judge it."))
            row.marker.setStyleSheet("color: #555;")
        elif entry.flag_as_cause:
            reasons = []
            for class_id in entry.class_ids:
                drug_class = self.drugs.drug_class(class_id)
                if drug_class.flag_as_cause:
                    text = drug_class.label.pick(language)
                    if drug_class.mechanism is not None:
                        text += f": {drug_class.mechanism.pick(language)}"
                    reasons.append(text)
            row.marker.setText(self.tr("⚠ Associated with cramps — {0}").format("; ".join(reasons)))
            row.marker.setStyleSheet(CAUSE_STYLE)
        else:
            row.marker.setText(self.tr("Recognised: {0}").format(entry.name(language)))
            row.marker.setStyleSheet("color: #3a6b35;")

    def _write(self) -> None:
        medications = []
        for row in self.rows:
            error = self._started_error(row)
            self.report_error(f"medications.{row.number}.started", error)
            name = row.name.text().strip()
            if name:
                medications.append(
                    Medication(
                        name=name,
                        dose=row.dose.text().strip() or None,
                        started=None if error else row.started.text().strip() or None,
                    )
                )
        if medications:
            self.assessment.medications = medications
        else:
            self.assessment.medications = [] if self.none_box.isChecked() else None
        self.edited.emit()
