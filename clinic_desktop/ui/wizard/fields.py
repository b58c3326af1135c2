"""Small input widgets the wizard pages share; each keeps "not assessed" distinct from a value."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.assessment import SiteFinding
from clinic_desktop.domain.vocabulary import SENSORY_MODALITIES, SIDES, SITES
from clinic_desktop.ui.controls import ComboBox

ERROR_STYLE = "color: #b00020;"

# Clinical abbreviations that a plain capitalisation would spoil.
_SPECIAL_LABELS = {
    "tsh": "TSH",
    "free_t4": "Free T4",
    "hba1c": "HbA1c",
    "egfr": "eGFR",
    "vitamin_d_25oh": "Vitamin D (25-OH)",
    "vitamin_b12": "Vitamin B12",
    "cortisol_am": "Cortisol (morning)",
    "mrc": "MRC",
}


def label(term: str) -> str:
    """The clinician-facing label of a vocabulary term, through the translator."""
    text = _SPECIAL_LABELS.get(term) or term.replace("_", " ").capitalize()
    return QCoreApplication.translate("vocabulary", text)


def set_text(label: QLabel, text: str) -> None:
    """Change a label only when its text changes: every keystroke refreshes, relayouts cost."""
    if label.text() != text:
        label.setText(text)


def set_style(widget: QWidget, style: str) -> None:
    if widget.styleSheet() != style:
        widget.setStyleSheet(style)


def not_assessed_text() -> str:
    return QCoreApplication.translate("fields", "— not assessed")


def parse_number(text: str) -> float:
    """A decimal number as a clinician types it (comma or point); ValueError otherwise."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        raise ValueError("empty")
    value = float(cleaned)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("not finite")
    return value


class OptionalChoice(ComboBox):
    """A drop-down whose first entry means "not assessed" (None)."""

    value_changed = Signal(object)

    def __init__(self, choices: Sequence[tuple[object, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.addItem(not_assessed_text(), None)
        for value, text in choices:
            self.addItem(text, value)
        self.currentIndexChanged.connect(self.on_index_changed)

    def value(self) -> object | None:
        return self.currentData()

    def set_value(self, value: object | None) -> None:
        index = self.findData(value) if value is not None else 0
        self.setCurrentIndex(max(index, 0))

    def on_index_changed(self, _index: int) -> None:
        self.value_changed.emit(self.currentData())


def yes_no_choice(parent: QWidget | None = None) -> OptionalChoice:
    tr = QCoreApplication.translate
    return OptionalChoice([(True, tr("fields", "Yes")), (False, tr("fields", "No"))], parent)


class NumberField(QWidget):
    """A text field for a number: bad text gets a message under the field and is kept as typed."""

    value_changed = Signal(object)
    error_changed = Signal(object)

    def __init__(
        self,
        field_name: str,
        minimum: float,
        maximum: float,
        *,
        integer: bool = False,
        placeholder: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.field_name = field_name
        self._minimum, self._maximum, self._integer = minimum, maximum, integer
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(field_name)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.error_label)
        self.setFocusProxy(self.edit)
        self.error: str | None = None
        self.edit.textEdited.connect(self.on_text_edited)

    def set_value(self, value: float | None) -> None:
        if value is None:
            self.edit.setText("")
        elif self._integer or float(value).is_integer():
            self.edit.setText(str(int(value)))
        else:
            self.edit.setText(f"{value:g}")
        self._show_error(None)

    def value(self) -> float | None:
        try:
            return self._parse(self.edit.text())
        except ValueError:
            return None

    def _parse(self, text: str) -> float | None:
        tr = QCoreApplication.translate
        if not text.strip():
            return None
        try:
            value = parse_number(text)
        except ValueError:
            raise ValueError(
                tr("fields", "{0}: “{1}” is not a number").format(self.field_name, text)
            ) from None
        if self._integer and not value.is_integer():
            raise ValueError(tr("fields", "{0}: give a whole number").format(self.field_name))
        if not self._minimum <= value <= self._maximum:
            raise ValueError(
                tr("fields", "{0}: must be between {1:g} and {2:g}").format(
                    self.field_name, self._minimum, self._maximum
                )
            )
        return value

    def on_text_edited(self, text: str) -> None:
        try:
            value = self._parse(text)
        except ValueError as problem:
            self._show_error(str(problem))
            self.value_changed.emit(None)
            return
        self._show_error(None)
        self.value_changed.emit(value)

    def _show_error(self, message: str | None) -> None:
        changed = message != self.error
        self.error = message
        self.error_label.setText(message or "")
        self.error_label.setVisible(message is not None)
        self.edit.setStyleSheet("border: 2px solid #b00020;" if message else "")
        if changed:
            self.error_changed.emit(message)


class Checklist(QGroupBox):
    """Tick boxes over a vocabulary plus "None": nothing ticked is "not asked", "None" is an empty list."""

    value_changed = Signal(object)

    def __init__(
        self, title: str, terms: Sequence[str], columns: int = 3, parent: QWidget | None = None
    ):
        super().__init__(title, parent)
        self.terms = tuple(terms)
        layout = QGridLayout(self)
        self.boxes: dict[str, QCheckBox] = {}
        for position, term in enumerate(self.terms):
            box = QCheckBox(label(term), self)
            box.setObjectName(term)
            box.toggled.connect(self.on_item_toggled)
            self.boxes[term] = box
            layout.addWidget(box, position // columns, position % columns)
        self.none_box = QCheckBox(QCoreApplication.translate("fields", "None of these"), self)
        self.none_box.toggled.connect(self.on_none_toggled)
        layout.addWidget(self.none_box, (len(self.terms) + columns - 1) // columns, 0, 1, columns)
        self._updating = False

    def value(self) -> list[str] | None:
        chosen = [t for t in self.terms if self.boxes[t].isChecked()]
        if chosen:
            return chosen
        return [] if self.none_box.isChecked() else None

    def set_value(self, value: list[str] | None) -> None:
        self._updating = True
        for term, box in self.boxes.items():
            box.setChecked(bool(value) and term in (value or ()))
        self.none_box.setChecked(value == [])
        self._updating = False

    def on_item_toggled(self, checked: bool) -> None:
        if self._updating:
            return
        if checked and self.none_box.isChecked():
            self._updating = True
            self.none_box.setChecked(False)
            self._updating = False
        self.value_changed.emit(self.value())

    def on_none_toggled(self, checked: bool) -> None:
        if self._updating:
            return
        if checked:
            self._updating = True
            for box in self.boxes.values():
                box.setChecked(False)
            self._updating = False
        self.value_changed.emit(self.value())


class SiteFindingsEditor(QGroupBox):
    """A body-site picker for fasciculations, atrophy or sensory loss, with "None found"."""

    value_changed = Signal(object)

    def __init__(self, title: str, *, with_modality: bool = False, parent: QWidget | None = None):
        super().__init__(title, parent)
        tr = QCoreApplication.translate
        self._with_modality = with_modality
        self.site = ComboBox(self)
        for site in SITES:
            self.site.addItem(label(site), site)
        self.site.setAccessibleName(tr("fields", "{0} site").format(title))
        self.side = ComboBox(self)
        for side in SIDES:
            self.side.addItem(label(side), side)
        self.side.setAccessibleName(tr("fields", "{0} side").format(title))
        self.modality = ComboBox(self)
        self.modality.addItem(tr("fields", "any modality"), None)
        for modality in SENSORY_MODALITIES:
            self.modality.addItem(label(modality), modality)
        self.modality.setVisible(with_modality)
        self.add_button = QPushButton(tr("fields", "Add"), self)
        self.add_button.clicked.connect(self.on_add_clicked)
        self.items = QListWidget(self)
        self.items.setMaximumHeight(72)
        self.remove_button = QPushButton(tr("fields", "Remove selected"), self)
        self.remove_button.clicked.connect(self.on_remove_clicked)
        self.none_box = QCheckBox(tr("fields", "None found"), self)
        self.none_box.toggled.connect(self.on_none_toggled)

        row = QHBoxLayout()
        row.addWidget(self.site, 2)
        row.addWidget(self.side, 1)
        row.addWidget(self.modality, 2)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.none_box)
        layout.addLayout(row)
        layout.addWidget(self.items)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._findings: list[SiteFinding] = []
        self._updating = False

    def value(self) -> list[SiteFinding] | None:
        if self._findings:
            return list(self._findings)
        return [] if self.none_box.isChecked() else None

    def set_value(self, value: list[SiteFinding] | None) -> None:
        self._updating = True
        self._findings = [SiteFinding(f.site, f.side, f.modality) for f in value or ()]
        self.none_box.setChecked(value == [])
        self._updating = False
        self._show()

    def _show(self) -> None:
        self.items.clear()
        for finding in self._findings:
            text = f"{label(finding.site)} — {label(finding.side)}"
            if finding.modality:
                text += f" ({label(finding.modality)})"
            QListWidgetItem(text, self.items)
        self.remove_button.setEnabled(bool(self._findings))

    def on_add_clicked(self) -> None:
        finding = SiteFinding(
            self.site.currentData(),
            self.side.currentData(),
            self.modality.currentData() if self._with_modality else None,
        )
        if finding not in self._findings:
            self._findings.append(finding)
        self._updating = True
        self.none_box.setChecked(False)
        self._updating = False
        self._show()
        self.value_changed.emit(self.value())

    def on_remove_clicked(self) -> None:
        row = self.items.currentRow()
        if 0 <= row < len(self._findings):
            del self._findings[row]
            self._show()
            self.value_changed.emit(self.value())

    def on_none_toggled(self, checked: bool) -> None:
        if self._updating:
            return
        if checked:
            self._findings.clear()
            self._show()
        self.value_changed.emit(self.value())


class WrappedLabel(QLabel):
    """A word-wrapped plain-text label: patient data and rule texts never render as markup."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
