"""Administration > Record numbers: the prefix, next number and digits the program numbers with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
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

from clinic_desktop.ui.errors import report_unexpected
from clinic_desktop.ui.operations import run_in_background

if TYPE_CHECKING:
    from clinic_desktop.services.accounts import Account
    from clinic_desktop.services.record_numbers import Numbering, RecordNumbers


class RecordNumbersDialog(QDialog):
    """Shows the numbering now and a preview of the next number; saves off the GUI thread."""

    def __init__(
        self,
        numbers: RecordNumbers,
        actor: Account,
        current: Numbering | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record numbers"))
        self._numbers = numbers
        self._actor = actor
        intro = QLabel(
            self.tr(
                "For clinics without their own numbering: the program gives each new patient "
                "the next free number. Numbers already in use are skipped."
            )
        )
        intro.setWordWrap(True)
        self.enabled = QCheckBox(self.tr("The program gives record numbers"))
        self.enabled.setObjectName("numbering_enabled")
        self.prefix = QLineEdit(current.prefix if current else "")
        self.prefix.setObjectName("numbering_prefix")
        self.next_number = QLineEdit(str(current.next_number) if current else "1")
        self.next_number.setObjectName("numbering_next")
        self.digits = QLineEdit(str(current.digits) if current else "6")
        self.digits.setObjectName("numbering_digits")
        self.preview = QLabel()
        self.preview.setObjectName("numbering_preview")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.error = QLabel()
        self.error.setObjectName("numbering_error")
        self.error.setProperty("role", "field-error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow(self.tr("Prefix"), self.prefix)
        form.addRow(self.tr("Next number"), self.next_number)
        form.addRow(self.tr("Digits"), self.digits)
        form.addRow(self.tr("The next patient gets"), self.preview)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        for field in (self.prefix, self.next_number, self.digits):
            field.textEdited.connect(self.on_edited)
        self.enabled.toggled.connect(self.on_edited)
        self.enabled.setChecked(current is not None)
        self.on_edited()

    def numbering(self) -> Numbering | None:
        """What the form says; ValueError naming the field when it cannot number."""
        from clinic_desktop.services.record_numbers import Numbering

        if not self.enabled.isChecked():
            return None
        try:
            next_number = int(self.next_number.text().strip())
        except ValueError:
            raise ValueError("next_number") from None
        try:
            digits = int(self.digits.text().strip())
        except ValueError:
            raise ValueError("digits") from None
        numbering = Numbering(self.prefix.text(), next_number, digits)
        numbering.check()
        return numbering

    def on_edited(self, *_args: object) -> None:
        on = self.enabled.isChecked()
        for field in (self.prefix, self.next_number, self.digits):
            field.setEnabled(on)
        messages = {
            "prefix": self.tr("The prefix: at most 20 printable characters."),
            "next_number": self.tr("The next number: a whole number that fits the digits."),
            "digits": self.tr("The digits: a whole number from 1 to 12."),
        }
        try:
            numbering = self.numbering()
        except ValueError as problem:
            self.error.setText(messages.get(str(problem), str(problem)))
            self.preview.setText("")
            return
        self.error.setText("")
        self.preview.setText(
            numbering.format(numbering.next_number)
            if numbering
            else self.tr("(the clinic types its own numbers)")
        )

    def on_save(self) -> None:
        try:
            numbering = self.numbering()
        except ValueError:
            return
        run_in_background(
            self._numbers.configure,
            self._actor,
            numbering,
            on_done=lambda _none: self.accept(),
            on_error=report_unexpected,
            context=self,
        )
