"""The dialog that registers a new patient or corrects an existing one's details."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.ui.controls import ComboBox
from clinic_desktop.ui.errors import report_unexpected
from clinic_desktop.ui.operations import LatestOnly, run_in_background
from clinic_desktop.ui.patients.labels import language_labels, not_recorded, sex_labels

if TYPE_CHECKING:
    from clinic_desktop.services.patients import PatientInput, PatientRegistry, PatientSummary
    from clinic_desktop.services.record_numbers import RecordNumbers

FIELDS = ("mrn", "family_name", "given_name", "birth_date", "sex", "language")
REQUIRED = ("mrn", "family_name", "given_name", "birth_date")


def _set_invalid(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", invalid)
    # A dynamic property changes the style only after the widget is re-polished.
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class PatientDialog(QDialog):
    """Create (patient None) or edit a patient; saves off the GUI thread and shows errors at the field.

    Emits `patient_saved(PatientSummary)` and then accepts when the registry stored it.
    Nothing typed is ever cleared: a rejected save leaves every field as it was.
    """

    patient_saved = Signal(object)

    def __init__(
        self,
        registry: PatientRegistry,
        patient: PatientSummary | None = None,
        parent: QWidget | None = None,
        *,
        record_numbers: RecordNumbers | None = None,
        next_number: str | None = None,
    ) -> None:
        """`next_number` (the number the program would give now) offers the program's numbering."""
        super().__init__(parent)
        self._registry = registry
        self._numbers = record_numbers
        self._patient = patient
        self._saving = False
        self._field_check = LatestOnly(self)
        self.setWindowTitle(self.tr("New patient") if patient is None else self.tr("Edit patient"))
        self.setMinimumWidth(520)

        self.mrn_edit = QLineEdit()
        self.mrn_edit.setMaxLength(64)
        self.family_name_edit = QLineEdit()
        self.family_name_edit.setMaxLength(200)
        self.given_name_edit = QLineEdit()
        self.given_name_edit.setMaxLength(200)
        self.birth_date_edit = QLineEdit()
        self.birth_date_edit.setMaxLength(10)
        self.birth_date_edit.setPlaceholderText(self.tr("YYYY-MM-DD or DD/MM/YYYY"))
        self.sex_combo = ComboBox()
        self.sex_combo.addItem(not_recorded(), None)
        for code, label in sex_labels().items():
            self.sex_combo.addItem(label, code)
        self.language_combo = ComboBox()
        self.language_combo.addItem(not_recorded(), None)
        for code, label in language_labels().items():
            self.language_combo.addItem(label, code)

        self._inputs: dict[str, QWidget] = {
            "mrn": self.mrn_edit,
            "family_name": self.family_name_edit,
            "given_name": self.given_name_edit,
            "birth_date": self.birth_date_edit,
            "sex": self.sex_combo,
            "language": self.language_combo,
        }
        titles = {
            "mrn": self.tr("&MRN"),
            "family_name": self.tr("&Family name"),
            "given_name": self.tr("&Given name"),
            "birth_date": self.tr("&Date of birth"),
            "sex": self.tr("&Sex"),
            "language": self.tr("Preferred &language"),
        }
        self.error_labels: dict[str, QLabel] = {}
        self.required_note = QLabel(self.tr("Fields marked * are required."))
        self.required_note.setObjectName("required_note")
        self.form_error = QLabel()
        self.form_error.setProperty("role", "form-error")
        self.form_error.setTextFormat(Qt.TextFormat.PlainText)
        self.form_error.setWordWrap(True)
        self.form_error.hide()

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name in FIELDS:
            field = QWidget()
            column = QVBoxLayout(field)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(self._inputs[name])
            error = QLabel()
            error.setObjectName(f"{name}_error")
            error.setProperty("role", "field-error")
            # Messages may quote what the user typed: never interpret it as markup.
            error.setTextFormat(Qt.TextFormat.PlainText)
            error.setWordWrap(True)
            error.hide()
            column.addWidget(error)
            self.error_labels[name] = error
            if name == "mrn":
                self.auto_number = QCheckBox(self.tr("Give the next number"))
                self.auto_number.setObjectName("auto_number")
                self.auto_number.toggled.connect(self.on_auto_number_toggled)
                self.auto_number.setVisible(next_number is not None and patient is None)
                if next_number is not None:
                    self.auto_number.setToolTip(
                        self.tr("The next free number is taken on saving (now {0}).").format(
                            next_number
                        )
                    )
                column.addWidget(self.auto_number)
            text = titles[name] + (" *" if name in REQUIRED else "")
            caption = QLabel(text)
            caption.setBuddy(self._inputs[name])
            if name in REQUIRED:
                self._inputs[name].setAccessibleDescription(self.tr("required"))
            form.addRow(caption, field)

        # MRNs are stored normalised (domain.identifiers): say so when that differs from the typing.
        self.mrn_note = QLabel()
        self.mrn_note.setObjectName("mrn_note")
        self.mrn_note.setTextFormat(Qt.TextFormat.PlainText)
        self.mrn_note.hide()
        mrn_field = self.mrn_edit.parentWidget()
        mrn_column = mrn_field.layout() if mrn_field is not None else None
        assert mrn_column is not None
        mrn_column.addWidget(self.mrn_note)
        self.mrn_edit.textChanged.connect(self._show_stored_mrn)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.on_save_requested)
        self.buttons.rejected.connect(self.reject)

        layout = self._layout = QVBoxLayout(self)
        layout.addWidget(self.required_note)
        layout.addWidget(self.form_error)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        for name in ("mrn", "family_name", "given_name", "birth_date"):
            edit = self._inputs[name]
            assert isinstance(edit, QLineEdit)
            edit.editingFinished.connect(self.on_field_edited)
            edit.textEdited.connect(lambda _text, field=name: self._clear_error(field))
        if patient is not None:
            self._fill(patient)
        self.mrn_edit.setFocus()

    def _show_stored_mrn(self, typed: str) -> None:
        """ "Stored as WC-012" under the field when the MRN typed is kept in another spelling."""
        from clinic_desktop.domain.identifiers import IdentifierError, normalise_mrn

        try:
            stored = normalise_mrn(typed)
        except IdentifierError:
            stored = typed.strip()
        differs = bool(typed.strip()) and stored != typed.strip()
        self.mrn_note.setText(self.tr("Stored as %1").replace("%1", stored) if differs else "")
        self.mrn_note.setVisible(differs)

    def _fill(self, patient: PatientSummary) -> None:
        self.mrn_edit.setText(patient.mrn)
        self.family_name_edit.setText(patient.family_name)
        self.given_name_edit.setText(patient.given_name)
        self.birth_date_edit.setText(patient.birth_date.isoformat())
        self.sex_combo.setCurrentIndex(max(0, self.sex_combo.findData(patient.sex)))
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(patient.language)))

    def patient_input(self) -> PatientInput:
        """What the form holds now, as typed (the registry trims and parses)."""
        # Imported here: a dialog exists only once the registry (and so this module) is loaded,
        # and importing it at the top would put the database layer on the start-up path.
        from clinic_desktop.services.patients import PatientInput

        return PatientInput(
            mrn=self.mrn_edit.text(),
            family_name=self.family_name_edit.text(),
            given_name=self.given_name_edit.text(),
            birth_date=self.birth_date_edit.text(),
            sex=self.sex_combo.currentData(),
            language=self.language_combo.currentData(),
        )

    def errors(self) -> dict[str, str]:
        """The messages shown now, by field (empty when the form shows none)."""
        shown = {name: label.text() for name, label in self.error_labels.items() if label.text()}
        if self.form_error.text():
            shown[""] = self.form_error.text()
        return shown

    def show_errors(self, errors: dict[str, str]) -> None:
        """Mark each named field, show its message below it and move the cursor to the first one."""
        for name in FIELDS:
            self._show_field_error(name, errors.get(name, ""))
        others = [message for name, message in errors.items() if name not in FIELDS]
        self.form_error.setText("\n".join(others))
        self.form_error.setVisible(bool(others))
        # Grow with the messages that appeared, so none is clipped.
        self._layout.activate()
        self.resize(self.width(), max(self.height(), self._layout.minimumSize().height()))
        for name in FIELDS:
            if name in errors:
                self._inputs[name].setFocus()
                break

    def _show_field_error(self, name: str, message: str) -> None:
        label = self.error_labels[name]
        label.setText(message)
        label.setVisible(bool(message))
        # A wrapped message needs the height it has at the field's width, not at its own.
        label.setMinimumHeight(label.heightForWidth(self._inputs[name].width()) if message else 0)
        _set_invalid(self._inputs[name], bool(message))
        self._inputs[name].setAccessibleDescription(message)

    def _clear_error(self, name: str) -> None:
        if self.error_labels[name].text():
            self._show_field_error(name, "")

    def on_field_edited(self) -> None:
        """Check the field just left as soon as it holds something, without waiting for Save."""
        edit = self.sender()
        name = next((key for key, widget in self._inputs.items() if widget is edit), None)
        if name is None or self._saving:
            return
        assert isinstance(edit, QLineEdit)
        if not edit.text().strip():
            return  # an empty field is reported at Save, not while tabbing past it
        patient_id = None if self._patient is None else self._patient.id
        self._field_check.submit(
            self._registry.validate,
            self.patient_input(),
            patient_id,
            on_done=lambda errors: self._show_field_error(name, errors.get(name, "")),
        )

    def on_save_requested(self) -> None:
        if self._saving:
            return
        self._saving = True
        self._field_check.cancel()
        self.save_button.setEnabled(False)
        data = self.patient_input()
        if self._patient is None and self.auto_number.isChecked() and self._numbers is not None:
            run_in_background(
                self._create_numbered,
                data,
                on_done=self.on_saved,
                on_error=self.on_save_failed,
                context=self,
            )
        elif self._patient is None:
            run_in_background(
                self._registry.create,
                data,
                on_done=self.on_saved,
                on_error=self.on_save_failed,
                context=self,
            )
        else:
            run_in_background(
                self._registry.update,
                self._patient.id,
                data,
                on_done=self.on_saved,
                on_error=self.on_save_failed,
                context=self,
            )

    def _create_numbered(self, data: PatientInput) -> PatientSummary:
        """On a worker: take the next record number, then register the patient with it."""
        assert self._numbers is not None
        return self._registry.create(replace(data, mrn=self._numbers.take_next()))

    def on_auto_number_toggled(self, checked: bool) -> None:
        self.mrn_edit.setEnabled(not checked)
        self.mrn_edit.setPlaceholderText(self.tr("given on saving") if checked else "")
        if checked:
            self._clear_error("mrn")
            self.family_name_edit.setFocus()

    def on_saved(self, patient: PatientSummary) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.show_errors({})
        self.patient_saved.emit(patient)
        self.accept()

    def on_save_failed(self, error: BaseException) -> None:
        from clinic_desktop.services.patients import PatientValidationError

        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, PatientValidationError):
            self.show_errors(error.errors)
        else:
            report_unexpected(error)
