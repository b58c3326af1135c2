"""The history page: why the patient came, how often and how bad, and what else they have."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from clinic_desktop.domain.assessment import Assessment, History
from clinic_desktop.domain.vocabulary import (
    CONDITIONS,
    PAIN_SCORE_RANGE,
    PENN_SPASM_FREQUENCY,
    PRESENTATIONS,
    SITES,
    SYMPTOMS,
    TRIGGERS,
)
from clinic_desktop.ui.wizard.fields import (
    ERROR_STYLE,
    Checklist,
    NumberField,
    OptionalChoice,
    yes_no_choice,
)
from clinic_desktop.ui.wizard.page import WizardPage


class HistoryPage(WizardPage):
    """Bound to the visit's History (and the patient's pregnancy, which the history asks about)."""

    step = "history"

    def __init__(self, assessment: Assessment, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading.setText(self.tr("History"))
        if assessment.history is None:
            assessment.history = History()
        self.assessment = assessment
        self.history = assessment.history
        h = self.history

        visit = QGroupBox(self.tr("Visit"), self.content)
        visit_form = QFormLayout(visit)
        self.visit_date = QLineEdit(self.content)
        self.visit_date.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.visit_date.setText(assessment.visit_date.isoformat() if assessment.visit_date else "")
        self.visit_date.textEdited.connect(self.on_visit_date_edited)
        self.visit_date_error = QLabel(self.content)
        self.visit_date_error.setStyleSheet(ERROR_STYLE)
        self.visit_date_error.hide()
        visit_form.addRow(self.tr("Visit date"), self.visit_date)
        visit_form.addRow("", self.visit_date_error)
        self.form.addWidget(visit)

        self.presentations = Checklist(self.tr("Presentation"), PRESENTATIONS, 3, self.content)
        self.presentations.set_value(h.presentations)
        self.presentations.value_changed.connect(self.on_presentations_changed)
        self.form.addWidget(self.presentations)

        self.sites = Checklist(self.tr("Sites"), SITES, 4, self.content)
        self.sites.set_value(h.sites)
        self.sites.value_changed.connect(lambda v: self._write("sites", v))
        self.form.addWidget(self.sites)

        pattern = QGroupBox(self.tr("Pattern and severity"), self.content)
        pattern_form = QFormLayout(pattern)
        self.episodes = NumberField(self.tr("Episodes per week"), 0, 10000, parent=pattern)
        self.episodes.set_value(h.episodes_per_week)
        self.episodes.value_changed.connect(lambda v: self._write("episodes_per_week", v))
        self.episodes.error_changed.connect(
            lambda m: self.report_error("history.episodes_per_week", m)
        )
        pattern_form.addRow(self.tr("Episodes per week"), self.episodes)
        self.duration = NumberField(self.tr("Episode duration (seconds)"), 0, 86400, parent=pattern)
        self.duration.set_value(h.episode_duration_seconds)
        self.duration.value_changed.connect(lambda v: self._write("episode_duration_seconds", v))
        self.duration.error_changed.connect(
            lambda m: self.report_error("history.episode_duration_seconds", m)
        )
        pattern_form.addRow(self.tr("Episode duration (seconds)"), self.duration)
        low, high = PAIN_SCORE_RANGE
        self.pain = OptionalChoice([(n, str(n)) for n in range(low, high + 1)], pattern)
        self.pain.setAccessibleName(self.tr("Pain score"))
        self.pain.set_value(h.pain_score)
        self.pain.value_changed.connect(lambda v: self._write("pain_score", v))
        pattern_form.addRow(self.tr("Pain score (0-10)"), self.pain)
        self.penn = OptionalChoice([(n, str(n)) for n in PENN_SPASM_FREQUENCY], pattern)
        self.penn.setAccessibleName(self.tr("Penn spasm frequency"))
        self.penn.set_value(h.penn_spasm_frequency)
        self.penn.value_changed.connect(lambda v: self._write("penn_spasm_frequency", v))
        pattern_form.addRow(self.tr("Penn spasm frequency (0-4)"), self.penn)
        self.dark_urine = yes_no_choice(pattern)
        self.dark_urine.setAccessibleName(self.tr("Dark urine"))
        self.dark_urine.set_value(h.dark_urine)
        self.dark_urine.value_changed.connect(lambda v: self._write("dark_urine", v))
        pattern_form.addRow(self.tr("Dark urine after episodes"), self.dark_urine)
        self.progressive = yes_no_choice(pattern)
        self.progressive.setAccessibleName(self.tr("Progressive"))
        self.progressive.set_value(h.progressive)
        self.progressive.value_changed.connect(lambda v: self._write("progressive", v))
        pattern_form.addRow(self.tr("Getting worse over time"), self.progressive)
        self.form.addWidget(pattern)

        self.triggers = Checklist(self.tr("Triggers"), TRIGGERS, 4, self.content)
        self.triggers.set_value(h.triggers)
        self.triggers.value_changed.connect(lambda v: self._write("triggers", v))
        self.form.addWidget(self.triggers)

        self.symptoms = Checklist(self.tr("Symptoms"), SYMPTOMS, 3, self.content)
        self.symptoms.set_value(h.symptoms)
        self.symptoms.value_changed.connect(lambda v: self._write("symptoms", v))
        self.form.addWidget(self.symptoms)

        self.conditions = Checklist(self.tr("Known conditions"), CONDITIONS, 3, self.content)
        self.conditions.set_value(h.conditions)
        self.conditions.value_changed.connect(lambda v: self._write("conditions", v))
        self.form.addWidget(self.conditions)

        pregnancy = QGroupBox(self.tr("Pregnancy"), self.content)
        pregnancy_form = QFormLayout(pregnancy)
        self.pregnant = yes_no_choice(pregnancy)
        self.pregnant.setAccessibleName(self.tr("Pregnant"))
        self.pregnant.set_value(assessment.patient.pregnant)
        self.pregnant.value_changed.connect(self.on_pregnant_changed)
        pregnancy_form.addRow(self.tr("Pregnant"), self.pregnant)
        self.pregnancy_weeks = NumberField(
            self.tr("Pregnancy weeks"), 0, 45, integer=True, parent=pregnancy
        )
        self.pregnancy_weeks.set_value(assessment.patient.pregnancy_weeks)
        self.pregnancy_weeks.value_changed.connect(self.on_pregnancy_weeks_changed)
        self.pregnancy_weeks.error_changed.connect(
            lambda m: self.report_error("patient.pregnancy_weeks", m)
        )
        self.pregnancy_weeks.setEnabled(assessment.patient.pregnant is True)
        # Asked of everyone but a patient registered as male, where it cannot apply.
        pregnancy.setEnabled(assessment.patient.sex != "male")
        pregnancy_form.addRow(self.tr("Completed weeks"), self.pregnancy_weeks)
        self.form.addWidget(pregnancy)
        self.form.addStretch(1)

    def _write(self, name: str, value: object) -> None:
        if name == "pain_score" or name == "penn_spasm_frequency":
            value = None if value is None else int(value)  # type: ignore[call-overload]
        setattr(self.history, name, value)
        self.edited.emit()

    def on_presentations_changed(self, value: object) -> None:
        self._write("presentations", value)

    def on_visit_date_edited(self, text: str) -> None:
        message = None
        value: date | None = None
        if text.strip():
            try:
                value = date.fromisoformat(text.strip())
            except ValueError:
                message = self.tr("Visit date: “{0}” is not a date (YYYY-MM-DD)").format(text)
        else:
            message = self.tr("Visit date: required")
        self.assessment.visit_date = value
        self.visit_date_error.setText(message or "")
        self.visit_date_error.setVisible(message is not None)
        self.visit_date_error.setTextFormat(Qt.TextFormat.PlainText)
        # An empty date is already reported by the presenter as missing; only bad text is an error here.
        self.report_error("visit_date_text", message if text.strip() else None)
        self.edited.emit()

    def on_pregnant_changed(self, value: object) -> None:
        self.assessment.patient.pregnant = value  # type: ignore[assignment]
        self.pregnancy_weeks.setEnabled(value is True)
        if value is not True:
            self.assessment.patient.pregnancy_weeks = None
        else:
            weeks = self.pregnancy_weeks.value()
            self.assessment.patient.pregnancy_weeks = None if weeks is None else int(weeks)
        self.edited.emit()

    def on_pregnancy_weeks_changed(self, value: object) -> None:
        self.assessment.patient.pregnancy_weeks = None if value is None else int(value)  # type: ignore[call-overload]
        self.edited.emit()
