"""The hormonal review: thyroid, adrenal and calcium results and what the rules make of them, live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.rules.evaluation import Evaluation
from clinic_desktop.services.visit_flow import HORMONAL_TESTS
from clinic_desktop.ui.wizard.fields import WrappedLabel, label
from clinic_desktop.ui.wizard.labs_page import MARKER_STYLES
from clinic_desktop.ui.wizard.page import WizardPage

HORMONAL_CONDITIONS = ("hypothyroidism", "hyperthyroidism", "thyroidectomy", "parathyroidectomy")


class HormonalPage(WizardPage):
    """A review page: it writes nothing; it reads the assessment and the evaluation."""

    step = "hormonal"

    def __init__(self, assessment: Assessment, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading.setText(self.tr("Hormonal review"))
        self.assessment = assessment
        intro = WrappedLabel(
            self.tr(
                "Thyroid, adrenal and calcium results from the labs page, with the rules' "
                "interpretation. Enter or correct results on the labs page."
            ),
            self.content,
        )
        intro.setWordWrap(True)
        self.form.addWidget(intro)

        results = QGroupBox(self.tr("Results"), self.content)
        self.grid = QGridLayout(results)
        self.result_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for row, test in enumerate((*HORMONAL_TESTS, "corrected_calcium")):
            self.grid.addWidget(QLabel(label(test), results), row, 0)
            value = QLabel(results)
            value.setObjectName(f"hormonal_{test}_value")
            marker = QLabel(results)
            marker.setObjectName(f"hormonal_{test}_marker")
            self.grid.addWidget(value, row, 1)
            self.grid.addWidget(marker, row, 2)
            self.result_labels[test] = (value, marker)
        self.grid.setColumnStretch(1, 1)
        self.form.addWidget(results)

        context = QGroupBox(self.tr("Related history and signs"), self.content)
        context_layout = QVBoxLayout(context)
        self.context = WrappedLabel("", context)
        self.context.setTextFormat(Qt.TextFormat.PlainText)
        self.context.setWordWrap(True)
        context_layout.addWidget(self.context)
        self.form.addWidget(context)

        interpretation = QGroupBox(self.tr("Interpretation"), self.content)
        interpretation_layout = QVBoxLayout(interpretation)
        self.interpretation = WrappedLabel("", interpretation)
        self.interpretation.setObjectName("hormonal_interpretation")
        self.interpretation.setTextFormat(Qt.TextFormat.PlainText)
        self.interpretation.setWordWrap(True)
        self.interpretation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        interpretation_layout.addWidget(self.interpretation)
        self.form.addWidget(interpretation)
        self.form.addStretch(1)

    def show_evaluation(self, evaluation: Evaluation) -> None:
        interpreted = {lab.test: lab for lab in evaluation.labs}
        not_done = self.tr("no result")
        for test, (value, marker) in self.result_labels.items():
            if test == "corrected_calcium":
                corrected = evaluation.derived.corrected_calcium_mmol_l
                value.setText(f"{corrected} mmol/L" if corrected is not None else not_done)
                marker.setText("")
                continue
            lab = interpreted.get(test)
            if lab is None:
                value.setText(not_done)
                marker.setText("")
                marker.setStyleSheet("")
                continue
            value.setText(f"{lab.value:g} {lab.unit}")
            marker.setText(lab.interpretation or "")
            marker.setStyleSheet(MARKER_STYLES.get(lab.interpretation or "", ""))
        history = self.assessment.history
        conditions = (
            [c for c in (history.conditions or ()) if c in HORMONAL_CONDITIONS] if history else []
        )
        exam = self.assessment.exam
        lines = [
            self.tr("Conditions: {0}").format(
                ", ".join(label(c) for c in conditions) or self.tr("none recorded")
            ),
            self.tr("Chvostek sign: {0}").format(self._sign_text(exam.chvostek if exam else None)),
            self.tr("Trousseau sign: {0}").format(
                self._sign_text(exam.trousseau if exam else None)
            ),
        ]
        self.context.setText("\n".join(lines))
        findings = [f for f in evaluation.findings if f.category == "hormonal"]
        if findings:
            self.interpretation.setText("\n\n".join(f"• {f.text}" for f in findings))
        else:
            self.interpretation.setText(
                self.tr("No thyroid, adrenal or calcium finding from the results so far.")
            )

    def _sign_text(self, value: bool | None) -> str:
        if value is None:
            return self.tr("not assessed")
        return self.tr("present") if value else self.tr("absent")
