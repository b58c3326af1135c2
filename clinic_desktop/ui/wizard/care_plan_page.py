"""The care-plan page: suggested items with reasons and sources, edits, additions, language, signing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.careplan import CarePlan, PlannedItem
from clinic_desktop.domain.vocabulary import CARE_PLAN_SECTIONS, LANGUAGES
from clinic_desktop.rules.evaluation import Evaluation, TreatmentOption
from clinic_desktop.services.visit_flow import MissingItem, VisitFlow
from clinic_desktop.ui.accessibility import name, name_action, tab_order
from clinic_desktop.ui.controls import SHOWS_ONLY, ComboBox, caption
from clinic_desktop.ui.wizard.fields import ERROR_STYLE, WrappedLabel, label, set_text
from clinic_desktop.ui.wizard.page import WizardPage

SOURCE_PREVIEW = 120
HELD_STYLE = "color: #8c1d0d; font-weight: 600;"
DOSE_WARNING_STYLE = "background: #fff0c2; color: #3d2c00; padding: 4px;"
URGENT_NOTE_STYLE = "background: #fbe9e7; color: #8c1d0d; font-weight: 700; padding: 6px;"
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def missing_text(item: MissingItem, flow: VisitFlow) -> str:
    """What stops signing, in the window's language; page errors arrive translated."""
    tr = QCoreApplication.translate
    if item.field.startswith("red_flags."):
        flag_id = item.field.removeprefix("red_flags.")
        text = next((f.text for f in flow.evaluation.red_flags if f.id == flag_id), flag_id)
        return tr("CarePlanPage", "Acknowledge red flag: {0}").format(text)
    if item.field.startswith("carried."):
        carried = {
            "medications": tr("CarePlanPage", "medications"),
            "history.presentations": tr("CarePlanPage", "presentation"),
            "history.sites": tr("CarePlanPage", "sites"),
            "history.triggers": tr("CarePlanPage", "triggers"),
            "history.conditions": tr("CarePlanPage", "known conditions"),
        }
        name = item.field.removeprefix("carried.")
        return tr(
            "CarePlanPage", "Confirm what was carried forward from the last visit: {0}"
        ).format(carried.get(name, name))
    fixed = {
        "visit_date": tr("CarePlanPage", "Visit date is required"),
        "history.presentations": tr("CarePlanPage", "Choose at least one presentation"),
        "patient.pregnancy_weeks": tr("CarePlanPage", "Pregnancy weeks are required"),
        "care_plan.items": tr("CarePlanPage", "The care plan has no items"),
    }
    return fixed.get(item.field, item.message)


class CarePlanLibraryView(Protocol):
    def items(self, language: str) -> list[Any]: ...


class CitationsView(Protocol):
    def full(self, cited: Iterable[str]) -> tuple[str, ...]: ...


def _sources_line(cited: Iterable[str], citations: CitationsView | None) -> tuple[str, str]:
    """The start of each cited work for the panel, and the whole citations for the tooltip."""
    works = citations.full(cited) if citations is not None else tuple(cited)
    short = [w if len(w) <= SOURCE_PREVIEW else w[: SOURCE_PREVIEW - 1] + "…" for w in works]
    return " | ".join(short), "\n\n".join(works)


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


class PlannedItemWidget(QFrame):
    """One item of the plan: its text (editable), why it is there, its sources, and Remove."""

    text_edited = Signal()
    dose_edited = Signal()
    remove_requested = Signal()
    sources_requested = Signal()

    def __init__(
        self,
        item: PlannedItem,
        held_back: bool = False,
        parent: QWidget | None = None,
        citations: CitationsView | None = None,
    ):
        super().__init__(parent)
        self.item = item
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        if held_back:
            # Emergency first (reference care_plan_safety_rules): kept in the plan, not printed.
            held = WrappedLabel(
                self.tr(
                    "Held back while a red flag calls for it: not printed now; it returns when "
                    "the flag no longer fires."
                ),
                self,
            )
            held.setObjectName(f"held_back_{item.id}")
            held.setStyleSheet(HELD_STYLE)
            layout.addWidget(held, 4, 0, 1, 3)
        section = QLabel(label(item.section), self)
        section.setStyleSheet("font-weight: 600;")
        layout.addWidget(section, 0, 0)
        origin = {
            "suggested": self.tr("suggested by the rules"),
            "library": self.tr("from the library"),
            "free_text": self.tr("written by the clinician"),
        }.get(item.origin, item.origin)
        origin_label = QLabel(origin + (self.tr(", edited") if item.edited else ""), self)
        origin_label.setStyleSheet("color: #555;")
        layout.addWidget(origin_label, 0, 1)
        self.remove = QPushButton(self.tr("Remove"), self)
        self.remove.setObjectName(f"remove_{item.id}")
        self.remove.setAutoDefault(True)
        self.remove.clicked.connect(self.remove_requested)
        name_action(self.remove, item.text)
        layout.addWidget(self.remove, 0, 2)
        self.text = QPlainTextEdit(item.text, self)
        self.text.setObjectName(f"item_{item.id}_text")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(64)
        self.text.textChanged.connect(self.on_text_changed)
        name(self.text, f"{section.text()}, {origin_label.text()}")
        layout.addWidget(self.text, 1, 0, 1, 3)
        if item.takes_dose:
            layout.addLayout(self._dose_fields(item), 2, 0, 1, 3)
        details = []
        if item.reason:
            details.append(self.tr("Why: {0}").format(item.reason))
        if item.evidence:
            details.append(self.tr("Evidence: {0}").format(item.evidence))
        line, whole = _sources_line(item.sources, citations)
        if line:
            # Citations run long; the panel shows their start, the tooltip the whole text.
            details.append(self.tr("Sources: {0}").format(line))
        if details:
            info = WrappedLabel("\n".join(details), self)
            info.setTextFormat(Qt.TextFormat.PlainText)
            info.setWordWrap(True)
            info.setStyleSheet("color: #444; font-size: 9pt;")
            info.setToolTip(whole)
            layout.addWidget(info, 3, 0, 1, 2)
        if item.sources:
            self.sources_button = QPushButton(self.tr("Sources…"), self)
            self.sources_button.setObjectName(f"sources_{item.id}")
            self.sources_button.setToolTip(self.tr("Each cited work and how it was read"))
            self.sources_button.clicked.connect(self.sources_requested)
            self.sources_button.setProperty(SHOWS_ONLY, True)
            name_action(self.sources_button, item.text)
            layout.addWidget(self.sources_button, 3, 2, Qt.AlignmentFlag.AlignTop)
        layout.setColumnStretch(1, 1)

    def stops(self) -> list[QWidget]:
        """Its controls in reading order: Remove (top right), the text, the dose and how to
        take it (a supplement or medicine), Sources."""
        dose = [self.dose, self.instructions] if self.item.takes_dose else []
        return [
            self.remove,
            self.text,
            *dose,
            *([self.sources_button] if self.item.sources else []),
        ]

    def _dose_fields(self, item: PlannedItem) -> QFormLayout:
        """The dose and how to take it, in the clinician's words: printed exactly as written.

        The program never proposes a dose: the fields start empty and say so."""
        fields = QFormLayout()
        fields.setContentsMargins(0, 0, 0, 0)
        self.dose = QLineEdit(item.dose or "", self)
        self.dose.setObjectName(f"dose_{item.id}")
        self.dose.setPlaceholderText(self.tr("Written by you; printed exactly as written"))
        self.dose.textEdited.connect(self.on_dose_edited)
        self.instructions = QLineEdit(item.instructions or "", self)
        self.instructions.setObjectName(f"instructions_{item.id}")
        self.instructions.setPlaceholderText(self.tr("Optional"))
        self.instructions.textEdited.connect(self.on_dose_edited)
        fields.addRow(self.tr("Dose"), self.dose)
        fields.addRow(self.tr("How to take it"), self.instructions)
        return fields

    def on_text_changed(self) -> None:
        self.item.text = self.text.toPlainText()
        self.item.edited = True
        self.text_edited.emit()

    def on_dose_edited(self, _text: str) -> None:
        self.item.dose = self.dose.text() or None
        self.item.instructions = self.instructions.text() or None
        self.dose_edited.emit()


class CarePlanPage(WizardPage):
    """Bound to the visit's CarePlan; signing is asked of the wizard through `sign_requested`."""

    sign_requested = Signal()
    sources_requested = Signal(str)
    """The clinician asked for an item's sources and provenance: "item:<id>"."""
    step = "care_plan"

    def __init__(
        self,
        flow: VisitFlow,
        library: CarePlanLibraryView,
        parent: QWidget | None = None,
        citations: CitationsView | None = None,
    ):
        super().__init__(parent)
        self.heading.setText(self.tr("Care plan"))
        form = self.form
        self.flow = flow
        self.library = library
        self.citations = citations
        # The plan is made from the rules' suggestions when the clinician first opens this page,
        # so everything recorded on the earlier pages shapes it.
        self._plan_shown: CarePlan | None = None

        # Emergency first: why the plan holds self-care back, above everything else.
        self.held_note = WrappedLabel("", self.content)
        self.held_note.setObjectName("held_back_note")
        self.held_note.setStyleSheet(URGENT_NOTE_STYLE)
        self.held_note.hide()
        form.addWidget(self.held_note)

        settings = QGroupBox(self.tr("For the patient"), self.content)
        settings_form = QFormLayout(settings)
        self.language = ComboBox(settings)
        self.language.setObjectName("plan_language")
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language.setCurrentIndex(max(self.language.findData(flow.language), 0))
        self.language.currentIndexChanged.connect(self.on_language_changed)
        settings_form.addRow(self.tr("Language of the plan"), self.language)
        self.follow_up = QLineEdit(settings)
        self.follow_up.setObjectName("follow_up_date")
        self.follow_up.setPlaceholderText(self.tr("YYYY-MM-DD (optional)"))
        held = flow.care_plan
        self.follow_up.setText(
            held.follow_up_date.isoformat() if held and held.follow_up_date else ""
        )
        self.follow_up.textEdited.connect(self.on_follow_up_edited)
        self.follow_up_error = QLabel(settings)
        self.follow_up_error.setStyleSheet(ERROR_STYLE)
        self.follow_up_error.setTextFormat(Qt.TextFormat.PlainText)
        self.follow_up_error.hide()
        settings_form.addRow(self.tr("Follow-up date"), self.follow_up)
        settings_form.addRow("", self.follow_up_error)
        form.addWidget(settings)

        self.items_box = QGroupBox(self.tr("Items of the plan"), self.content)
        self.items_layout = QVBoxLayout(self.items_box)
        form.addWidget(self.items_box)

        self.suggestions_box = QGroupBox(
            self.tr("Suggested by the rules, not in the plan"), self.content
        )
        self.suggestions_layout = QVBoxLayout(self.suggestions_box)
        form.addWidget(self.suggestions_box)

        add = QGroupBox(self.tr("Add an item"), self.content)
        add_layout = QGridLayout(add)
        self.library_choice = ComboBox(add)
        self.library_choice.setObjectName("library_choice")
        self.library_choice.setMinimumContentsLength(24)
        self.library_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        add_layout.addWidget(
            caption(QLabel(self.tr("From the library"), add), self.library_choice), 0, 0
        )
        add_layout.addWidget(self.library_choice, 0, 1)
        self.add_library = QPushButton(self.tr("Add"), add)
        self.add_library.setObjectName("add_library_item")
        self.add_library.clicked.connect(self.on_add_library_clicked)
        add_layout.addWidget(self.add_library, 0, 2)
        self.free_section = ComboBox(add)
        self.free_section.setObjectName("free_text_section")
        for section in CARE_PLAN_SECTIONS:
            self.free_section.addItem(label(section), section)
        self.free_text = QLineEdit(add)
        self.free_text.setObjectName("free_text")
        self.free_text.setPlaceholderText(self.tr("Write an item in the patient's language"))
        self.free_text.returnPressed.connect(self.on_add_free_text_clicked)
        self.add_free = QPushButton(self.tr("Add text"), add)
        self.add_free.setObjectName("add_free_text")
        self.add_free.clicked.connect(self.on_add_free_text_clicked)
        free_row = QHBoxLayout()
        free_row.addWidget(self.free_section)
        free_row.addWidget(self.free_text, 1)
        add_layout.addWidget(caption(QLabel(self.tr("Free text"), add), self.free_text), 1, 0)
        name(self.free_section, self.tr("Free text: section"))
        add_layout.addLayout(free_row, 1, 1)
        add_layout.addWidget(self.add_free, 1, 2)
        add_layout.setColumnStretch(1, 1)
        form.addWidget(add)

        self.options_box = self._options_box()
        form.addWidget(self.options_box)

        sign = QGroupBox(self.tr("Sign"), self.content)
        sign_layout = QVBoxLayout(sign)
        self.missing = WrappedLabel("", sign)
        self.missing.setObjectName("missing_to_sign")
        self.missing.setTextFormat(Qt.TextFormat.PlainText)
        self.missing.setWordWrap(True)
        sign_layout.addWidget(self.missing)
        self.dose_warning = WrappedLabel("", sign)
        self.dose_warning.setObjectName("missing_doses")
        self.dose_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.dose_warning.setStyleSheet(DOSE_WARNING_STYLE)
        self.dose_warning.hide()
        sign_layout.addWidget(self.dose_warning)
        self.sign_button = QPushButton(self.tr("Sign assessment and care plan…"), sign)
        self.sign_button.setObjectName("sign")
        self.sign_button.clicked.connect(self.sign_requested)
        sign_layout.addWidget(self.sign_button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addWidget(sign)
        form.addStretch(1)
        self._language_shown = flow.language
        self._suggestions_shown: tuple[str, ...] | None = None
        self._held_shown: frozenset[str] | None = None
        self._options_shown: tuple[TreatmentOption, ...] | None = None
        self._item_rows: list[PlannedItemWidget] = []
        self._suggestion_buttons: list[QPushButton] = []

    def _options_box(self) -> QGroupBox:
        """The spasticity and focal-dystonia options: the clinician's choice, never suggested."""
        box = QGroupBox(self.tr("Treatment options for spasticity or dystonia"), self.content)
        layout = QGridLayout(box)
        intro = WrappedLabel(
            self.tr(
                "Chosen by the clinician only; the program never suggests one and never gives a "
                "dose. Each is checked against this patient's medicines and history."
            ),
            box,
        )
        intro.setStyleSheet("color: #555;")
        layout.addWidget(intro, 0, 0, 1, 3)
        self.option_choice = ComboBox(box)
        self.option_choice.setObjectName("treatment_option_choice")
        self.option_choice.setMinimumContentsLength(24)
        self.option_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.option_choice.currentIndexChanged.connect(self._show_option_details)
        layout.addWidget(caption(QLabel(self.tr("Option"), box), self.option_choice), 1, 0)
        layout.addWidget(self.option_choice, 1, 1)
        self.add_option = QPushButton(self.tr("Add to plan"), box)
        self.add_option.setObjectName("add_treatment_option")
        self.add_option.setAutoDefault(True)
        self.add_option.clicked.connect(self.on_add_option_clicked)
        layout.addWidget(self.add_option, 1, 2)
        self.option_details = WrappedLabel("", box)
        self.option_details.setObjectName("treatment_option_details")
        self.option_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.option_details, 2, 0, 1, 3)
        layout.setColumnStretch(1, 1)
        return box

    def _chosen_option(self) -> TreatmentOption | None:
        chosen = self.option_choice.currentData()
        return next((o for o in self._options_shown or () if o.id == chosen), None)

    def _show_options(self, evaluation: Evaluation) -> None:
        options = evaluation.treatment_options
        if options == self._options_shown:
            return
        keep = self.option_choice.currentData()
        self._options_shown = options
        self.option_choice.blockSignals(True)
        self.option_choice.clear()
        kinds = {
            "spasticity": self.tr("Spasticity"),
            "focal_dystonia": self.tr("Focal dystonia"),
        }
        for option in options:
            mark = "" if option.offered else self.tr(" (not offered)")
            kind = kinds.get(option.option_for, option.option_for)
            self.option_choice.addItem(f"{kind}: {option.title}{mark}", option.id)
        self.option_choice.setCurrentIndex(max(self.option_choice.findData(keep), 0))
        self.option_choice.blockSignals(False)
        self._show_option_details()

    def _show_option_details(self) -> None:
        option = self._chosen_option()
        if option is None:
            set_text(self.option_details, "")
            self.add_option.setEnabled(False)
            return
        lines = []
        if option.current:
            lines.append(self.tr("The patient already takes this medicine."))
        if option.offered:
            lines.append(self.tr("Evidence: {0}").format(option.evidence))
        else:
            # Contraindicated or ruled out: why, and no treatment information beyond it.
            lines.append(self.tr("Not offered for this patient:"))
            lines += [f"• {reason}" for reason in option.not_offered]
        if option.offered and option.cautions:
            lines.append(self.tr("Cautions for this patient:"))
            lines += [f"• {caution}" for caution in option.cautions]
        line, whole = _sources_line(option.sources, self.citations)
        lines.append(self.tr("Sources: {0}").format(line))
        set_text(self.option_details, "\n".join(lines))
        self.option_details.setToolTip(whole)
        in_plan = any(i.id == option.id for i in self.plan.items)
        self.add_option.setEnabled(option.offered and not in_plan and not self.flow.read_only)

    def on_add_option_clicked(self) -> None:
        option = self._chosen_option()
        if option is None or not option.offered or any(i.id == option.id for i in self.plan.items):
            return
        # The picker speaks the clinician's language; the plan is written in the patient's.
        in_plan_language = next(
            (o for o in self.flow.document_evaluation().treatment_options if o.id == option.id),
            option,
        )
        self.plan.items.append(
            PlannedItem(
                id=option.id,
                section="medication_review",
                text=in_plan_language.plan_text,
                sources=list(in_plan_language.sources),
                origin="library",
                evidence=in_plan_language.evidence,
                medicine=True,
            )
        )
        self._show_items()
        self._show_option_details()
        self.edited.emit()

    @property
    def plan(self) -> CarePlan:
        return self.flow.ensure_care_plan()

    def _fill_library(self) -> None:
        self.library_choice.clear()
        for item in self.library.items(self.plan.language):
            prefix = (
                self.tr("[clinic practice] ") if getattr(item, "clinic_practice", False) else ""
            )
            self.library_choice.addItem(f"{label(item.section)}: {prefix}{item.title}", item.id)

    def _show_items(self) -> None:
        _clear(self.items_layout)
        if not self.plan.items:
            empty = QLabel(self.tr("The plan has no items yet."), self.items_box)
            self.items_layout.addWidget(empty)
        held = self.flow.evaluation.held_back
        self._held_shown = frozenset(i.id for i in self.plan.items if i.id in held)
        self._item_rows = []
        for item in self.plan.items:
            row = PlannedItemWidget(item, item.id in held, self.items_box, self.citations)
            row.text_edited.connect(self.saved_only)
            row.dose_edited.connect(self.on_dose_edited)
            row.sources_requested.connect(
                lambda i=item.id: self.sources_requested.emit(f"item:{i}")
            )
            row.remove_requested.connect(lambda i=item: self.on_remove_requested(i))
            self.items_layout.addWidget(row)
            self._item_rows.append(row)
        self.keep_read_only(self.items_box)
        self._show_suggestions()
        self._order_tabs()

    def _order_tabs(self) -> None:
        """The items and suggestions, rebuilt after the page was made, are read where they show:
        after the follow-up date and before "Add an item"."""
        stops: list[QWidget] = [self.follow_up]
        for row in self._item_rows:
            stops += row.stops()
        tab_order([*stops, *self._suggestion_buttons])

    def _show_suggestions(self) -> None:
        offered = self.flow.suggestions_not_in_plan()
        key = tuple(f"{s.id}:{s.text}" for s in offered)
        if key == self._suggestions_shown:
            return
        self._suggestions_shown = key
        _clear(self.suggestions_layout)
        self._suggestion_buttons = []
        self.suggestions_box.setVisible(bool(offered))
        for suggestion in offered:
            row = QWidget(self.suggestions_box)
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            text = WrappedLabel(f"{label(suggestion.section)}: {suggestion.text}", row)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            button = QPushButton(self.tr("Add to plan"), row)
            button.setObjectName(f"add_suggestion_{suggestion.id}")
            button.setAutoDefault(True)
            button.clicked.connect(lambda _c=False, s=suggestion: self.on_add_suggestion_clicked(s))
            name_action(button, suggestion.text)
            row_layout.addWidget(text, 1)
            row_layout.addWidget(button)
            self.suggestions_layout.addWidget(row)
            self._suggestion_buttons.append(button)
        self.keep_read_only(self.suggestions_box)
        self._order_tabs()

    def on_remove_requested(self, item: PlannedItem) -> None:
        self.plan.items.remove(item)
        self._show_items()
        self._show_option_details()
        self.saved_only.emit()

    def on_add_suggestion_clicked(self, suggestion: Any) -> None:
        self.plan.items.append(suggestion.planned())
        self._show_items()
        self.saved_only.emit()

    def on_add_library_clicked(self) -> None:
        chosen = self.library_choice.currentData()
        if chosen is None or any(i.id == chosen for i in self.plan.items):
            return
        item = next(i for i in self.library.items(self.plan.language) if i.id == chosen)
        self.plan.items.append(
            PlannedItem(
                id=item.id,
                section=item.section,
                text=item.text,
                sources=list(item.sources),
                origin="library",
                evidence=item.evidence,
            )
        )
        self._show_items()
        self.saved_only.emit()

    def on_add_free_text_clicked(self) -> None:
        text = self.free_text.text().strip()
        if not text:
            return
        number = 1 + sum(1 for i in self.plan.items if i.origin == "free_text")
        while any(i.id == f"free_text_{number}" for i in self.plan.items):
            number += 1
        self.plan.items.append(
            PlannedItem(
                id=f"free_text_{number}",
                section=str(self.free_section.currentData()),
                text=text,
                origin="free_text",
            )
        )
        self.free_text.clear()
        self._show_items()
        self.saved_only.emit()

    def on_language_changed(self, _index: int) -> None:
        # The plan's language is the documents' language: the suggestions and the printed plan
        # follow it; the screen stays in the clinician's, and the patient's record is unchanged.
        self.plan.language = str(self.language.currentData())
        self.saved_only.emit()

    def on_follow_up_edited(self, text: str) -> None:
        message = None
        value = None
        if text.strip():
            try:
                value = date.fromisoformat(text.strip())
            except ValueError:
                message = self.tr("Follow-up date: “{0}” is not a date (YYYY-MM-DD)").format(text)
        self.plan.follow_up_date = value
        self.follow_up_error.setText(message or "")
        self.follow_up_error.setVisible(message is not None)
        self.report_error("care_plan.follow_up_date", message)
        self.saved_only.emit()

    def show_evaluation(self, evaluation: Evaluation) -> None:
        held = frozenset(i.id for i in self.plan.items if evaluation.is_held_back(i.id))
        if self._plan_shown is not self.plan:
            self._plan_shown = self.plan
            self._language_shown = self.plan.language
            self._fill_library()
            self._show_items()
        elif self.plan.language != self._language_shown:
            self._retranslate(self.flow.document_evaluation())
        elif held != self._held_shown:
            self._show_items()
        else:
            self._show_suggestions()
        notes = "\n".join(evaluation.held_back_notes)
        set_text(self.held_note, notes)
        if self.held_note.isVisibleTo(self) != bool(notes):
            self.held_note.setVisible(bool(notes))
        self._show_options(evaluation)
        missing = self.flow.missing_to_sign()
        if self.flow.read_only:
            self.missing.setText(self.tr("Signed: this assessment is read-only."))
        elif missing:
            lines = [self.tr("Before signing:")] + [f"• {self._missing_text(m)}" for m in missing]
            self.missing.setText("\n".join(lines))
        else:
            self.missing.setText(self.tr("Ready to sign."))
        self._show_missing_doses()
        self.sign_button.setEnabled(self.flow.can_sign)

    def on_dose_edited(self) -> None:
        """A dose typed: saved, and the warning of doses still missing follows."""
        self.saved_only.emit()
        self._show_missing_doses()

    def _show_missing_doses(self) -> None:
        """A warning, not a block: without a dose the plan says the clinician will give it."""
        missing = [] if self.flow.read_only else self.flow.missing_doses()
        if missing:
            names = ", ".join(self._item_name(item) for item in missing)
            text = self.tr(
                "No dose written for: {0}. The printed plan will say that you will give the dose."
            ).format(names)
        else:
            text = ""
        set_text(self.dose_warning, text)
        if self.dose_warning.isVisibleTo(self) != bool(text):
            self.dose_warning.setVisible(bool(text))

    def _item_name(self, item: PlannedItem) -> str:
        titles = {i.id: i.title for i in self.library.items(self.plan.language)}
        titles.update({o.id: o.title for o in self._options_shown or ()})
        name = titles.get(item.id) or item.text
        return name if len(name) <= 40 else name[:39] + "…"

    def _missing_text(self, item: MissingItem) -> str:
        return missing_text(item, self.flow)

    def _retranslate(self, evaluation: Evaluation) -> None:
        """Unedited items follow the plan's new language; the clinician's own words stay as written."""
        self._language_shown = self.plan.language
        suggested = {item.id: item for item in evaluation.care_plan}
        library = {item.id: item for item in self.library.items(self.plan.language)}
        options = {option.id: option for option in evaluation.treatment_options}
        for item in self.plan.items:
            if item.edited or item.origin == "free_text":
                continue
            if item.id in options:
                item.text = options[item.id].plan_text
                item.evidence = options[item.id].evidence
            elif item.origin == "suggested" and item.id in suggested:
                item.text = suggested[item.id].plan_text or suggested[item.id].text
                item.reason = suggested[item.id].reason
                item.evidence = suggested[item.id].evidence
            elif item.id in library:
                item.text = library[item.id].text
                item.evidence = library[item.id].evidence
        self._fill_library()
        self._show_items()
