"""The history page: why the patient came, where and how bad, the warning signs, and what else they have."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

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
    SiteSidesChecklist,
    yes_no_choice,
)
from clinic_desktop.ui.wizard.page import WizardPage

# Women of reproductive age, as the WHO counts them (15-49 years): where pregnancy questions
# apply unless the clinician shows them anyway ("Women of reproductive age (15-49 years)",
# WHO Global Health Observatory indicator definitions). Never asked of a patient registered male.
REPRODUCTIVE_AGE = (15, 49)


def pregnancy_applies(assessment: Assessment) -> bool:
    """Whether the pregnancy questions apply to this patient on the visit's day."""
    patient = assessment.patient
    if patient.pregnant is not None or patient.pregnancy_weeks is not None:
        return True  # something is recorded: always shown
    if patient.sex == "male":
        return False
    age = patient.age_on(assessment.visit_date or date.today())
    low, high = REPRODUCTIVE_AGE
    return low <= age <= high


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

        self.form.addWidget(self.carried_marker("history.presentations"))
        self.presentations = Checklist(self.tr("Presentation"), PRESENTATIONS, 3, self.content)
        self.presentations.set_value(h.presentations)
        self.presentations.value_changed.connect(self.on_presentations_changed)
        self.form.addWidget(self.presentations)

        self.form.addWidget(self.carried_marker("history.sites"))
        self.sites = SiteSidesChecklist(self.tr("Sites and side"), SITES, 2, self.content)
        self.sites.set_value(h.sites, h.site_sides)
        self.sites.value_changed.connect(self.on_sites_changed)
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
        self.penn_label = QLabel(self.tr("Penn spasm frequency (0-4)"), pattern)
        pattern_form.addRow(self.penn_label, self.penn)
        self.form.addWidget(pattern)

        warning = QGroupBox(self.tr("Warning signs"), self.content)
        warning_form = QFormLayout(warning)
        self.dark_urine = yes_no_choice(warning)
        self.dark_urine.setAccessibleName(self.tr("Dark urine"))
        self.dark_urine.set_value(h.dark_urine)
        self.dark_urine.value_changed.connect(lambda v: self._write("dark_urine", v))
        warning_form.addRow(self.tr("Dark urine after episodes"), self.dark_urine)
        self.progressive = yes_no_choice(warning)
        self.progressive.setAccessibleName(self.tr("Progressive"))
        self.progressive.set_value(h.progressive)
        self.progressive.value_changed.connect(lambda v: self._write("progressive", v))
        warning_form.addRow(self.tr("Getting worse over time"), self.progressive)
        self.no_warning_signs = QPushButton(self.tr("Neither (answer No to both)"), warning)
        self.no_warning_signs.setObjectName("no_warning_signs")
        self.no_warning_signs.clicked.connect(self.on_no_warning_signs_clicked)
        warning_form.addRow("", self.no_warning_signs)
        self.form.addWidget(warning)

        self.form.addWidget(self.carried_marker("history.triggers"))
        self.triggers = Checklist(self.tr("Triggers"), TRIGGERS, 4, self.content)
        self.triggers.set_value(h.triggers)
        self.triggers.value_changed.connect(lambda v: self._write("triggers", v))
        self.form.addWidget(self.triggers)

        self.symptoms = Checklist(self.tr("Symptoms"), SYMPTOMS, 3, self.content)
        self.symptoms.set_value(h.symptoms)
        self.symptoms.value_changed.connect(lambda v: self._write("symptoms", v))
        self.form.addWidget(self.symptoms)

        self.form.addWidget(self.carried_marker("history.conditions"))
        self.conditions = Checklist(self.tr("Known conditions"), CONDITIONS, 3, self.content)
        self.conditions.set_value(h.conditions)
        self.conditions.value_changed.connect(lambda v: self._write("conditions", v))
        self.form.addWidget(self.conditions)

        self.pregnancy = QGroupBox(self.tr("Pregnancy"), self.content)
        pregnancy_form = QFormLayout(self.pregnancy)
        self.pregnant = yes_no_choice(self.pregnancy)
        self.pregnant.setAccessibleName(self.tr("Pregnant"))
        self.pregnant.set_value(assessment.patient.pregnant)
        self.pregnant.value_changed.connect(self.on_pregnant_changed)
        pregnancy_form.addRow(self.tr("Pregnant"), self.pregnant)
        self.pregnancy_weeks = NumberField(
            self.tr("Pregnancy weeks"), 0, 45, integer=True, parent=self.pregnancy
        )
        self.pregnancy_weeks.set_value(assessment.patient.pregnancy_weeks)
        self.pregnancy_weeks.value_changed.connect(self.on_pregnancy_weeks_changed)
        self.pregnancy_weeks.error_changed.connect(
            lambda m: self.report_error("patient.pregnancy_weeks", m)
        )
        self.pregnancy_weeks.setEnabled(assessment.patient.pregnant is True)
        pregnancy_form.addRow(self.tr("Completed weeks"), self.pregnancy_weeks)
        self.form.addWidget(self.pregnancy)
        self.show_pregnancy = QPushButton(self.tr("Ask about pregnancy anyway"), self.content)
        self.show_pregnancy.setObjectName("show_pregnancy")
        self.show_pregnancy.clicked.connect(self.on_show_pregnancy_clicked)
        self.form.addWidget(self.show_pregnancy, 0, Qt.AlignmentFlag.AlignLeft)
        applies = pregnancy_applies(assessment)
        self.pregnancy.setVisible(applies)
        self.show_pregnancy.setVisible(not applies)

        visit = QGroupBox(self.tr("Visit"), self.content)
        visit_form = QFormLayout(visit)
        self.visit_date = QLineEdit(self.content)
        self.visit_date.setObjectName("visit_date")
        self.visit_date.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.visit_date.setText(assessment.visit_date.isoformat() if assessment.visit_date else "")
        self.visit_date.textEdited.connect(self.on_visit_date_edited)
        self.visit_date_error = QLabel(self.content)
        self.visit_date_error.setStyleSheet(ERROR_STYLE)
        self.visit_date_error.setTextFormat(Qt.TextFormat.PlainText)
        self.visit_date_error.hide()
        visit_form.addRow(self.tr("Visit date"), self.visit_date)
        visit_form.addRow("", self.visit_date_error)
        self.form.addWidget(visit)
        self.form.addStretch(1)
        self._show_penn()

    def _write(self, name: str, value: object) -> None:
        if name == "pain_score" or name == "penn_spasm_frequency":
            value = None if value is None else int(value)  # type: ignore[call-overload]
        setattr(self.history, name, value)
        self.changed(f"history.{name}")
        self.edited.emit()

    def _show_penn(self) -> None:
        # The Penn scale only describes the spasms of spasticity; elsewhere it is not asked.
        shown = "spasticity" in (self.history.presentations or ()) or (
            self.history.penn_spasm_frequency is not None
        )
        self.penn.setVisible(shown)
        self.penn_label.setVisible(shown)

    def on_presentations_changed(self, value: object) -> None:
        self._write("presentations", value)
        self._show_penn()

    def on_sites_changed(self, sites: object, sides: object) -> None:
        self.history.site_sides = sides  # type: ignore[assignment]
        self._write("sites", sites)

    def on_no_warning_signs_clicked(self) -> None:
        """No to both warning signs; an answer already given is never overwritten."""
        for box in (self.dark_urine, self.progressive):
            if box.value() is None:
                box.set_value(False)

    def on_show_pregnancy_clicked(self) -> None:
        self.show_pregnancy.hide()
        self.pregnancy.show()
        self.pregnant.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ensureWidgetVisible(self.pregnancy)

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
