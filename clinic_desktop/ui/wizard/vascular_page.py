"""The vascular page: brachial and ankle pressures, pulses, refill, claudication; ABI per leg live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from clinic_desktop.domain.assessment import (
    AnklePressures,
    AnklePressuresBySide,
    BrachialPressures,
    PulseGrade,
    Vascular,
)
from clinic_desktop.domain.vocabulary import ARTERIES, PULSE_GRADES
from clinic_desktop.rules.evaluation import Evaluation
from clinic_desktop.ui.wizard.fields import (
    NumberField,
    OptionalChoice,
    WrappedLabel,
    label,
    set_style,
    set_text,
    yes_no_choice,
)
from clinic_desktop.ui.wizard.page import WizardPage

LEGS = ("left", "right")
ABI_STYLES = {
    "abnormal": "background: #ffd9cc; color: #8c1d0d; font-weight: 700; padding: 2px 6px;",
    "borderline": "background: #fff0c2; color: #6b4e00; font-weight: 700; padding: 2px 6px;",
    "noncompressible": "background: #ffd9cc; color: #8c1d0d; font-weight: 700; padding: 2px 6px;",
    "normal": "color: #3a6b35; font-weight: 700; padding: 2px 6px;",
}
LOWEST_PRESSURE, HIGHEST_PRESSURE = 0.0, 350.0


class VascularPage(WizardPage):
    """Bound to the visit's Vascular."""

    step = "vascular"

    def __init__(self, vascular: Vascular, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading.setText(self.tr("Vascular"))
        self.vascular = vascular
        pressures = QGroupBox(
            self.tr("Systolic pressures (mmHg) and ankle-brachial index"), self.content
        )
        grid = QGridLayout(pressures)
        brachial = vascular.brachial_systolic_mmhg
        ankles = vascular.ankle_systolic_mmhg
        self.pressures: dict[tuple[str, str], NumberField] = {}

        def field(site: str, leg: str, text: str, value: float | None) -> NumberField:
            made = NumberField(text, LOWEST_PRESSURE, HIGHEST_PRESSURE, parent=pressures)
            made.setObjectName(f"pressure_{site}_{leg}")
            made.set_value(value)
            made.value_changed.connect(self.on_pressure_changed)
            made.error_changed.connect(
                lambda m, s=site, g=leg: self.report_error(f"vascular.{s}.{g}", m)
            )
            self.pressures[(site, leg)] = made
            return made

        # The arms first (the ABI's divisor), then one row per leg: Tab goes through them in turn.
        grid.addWidget(QLabel(self.tr("Arm (brachial)"), pressures), 0, 0)
        for column, leg in enumerate(LEGS):
            text = self.tr("Brachial {0} systolic").format(label(leg).lower())
            made = field("brachial", leg, text, getattr(brachial, leg) if brachial else None)
            made.edit.setPlaceholderText(label(leg))
            grid.addWidget(made, 0, 1 + 2 * column, 1, 2, Qt.AlignmentFlag.AlignTop)
        headers = (
            self.tr("Leg"),
            self.tr("Dorsalis pedis"),
            self.tr("Posterior tibial"),
            self.tr("ABI"),
            self.tr("Category"),
        )
        for column, text in enumerate(headers):
            header = QLabel(text, pressures)
            header.setStyleSheet("font-weight: 600;")
            grid.addWidget(header, 1, column)
        self.abi: dict[str, QLabel] = {}
        self.abi_category: dict[str, QLabel] = {}
        for row, leg in enumerate(LEGS, start=2):
            leg_name = self.tr("Left leg") if leg == "left" else self.tr("Right leg")
            grid.addWidget(QLabel(leg_name, pressures), row, 0)
            ankle = getattr(ankles, leg) if ankles else None
            for column, site in enumerate(("dorsalis_pedis", "posterior_tibial"), start=1):
                text = self.tr("{0} {1} systolic").format(label(site), label(leg).lower())
                made = field(site, leg, text, getattr(ankle, site) if ankle else None)
                grid.addWidget(made, row, column, Qt.AlignmentFlag.AlignTop)
            abi = QLabel(pressures)
            abi.setObjectName(f"abi_{leg}")
            category = QLabel(pressures)
            category.setObjectName(f"abi_{leg}_category")
            category.setWordWrap(True)
            self.abi[leg] = abi
            self.abi_category[leg] = category
            grid.addWidget(abi, row, 3)
            grid.addWidget(category, row, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(4, 1)
        self.form.addWidget(pressures)

        pulses = QGroupBox(
            self.tr("Pulses (0 absent, 1 reduced, 2 normal, 3 bounding)"), self.content
        )
        pulse_grid = QGridLayout(pulses)
        for column, text in enumerate((self.tr("Artery"), self.tr("Left"), self.tr("Right"))):
            header = QLabel(text, pulses)
            header.setStyleSheet("font-weight: 600;")
            pulse_grid.addWidget(header, 0, column)
        self.pulses: dict[tuple[str, str], OptionalChoice] = {}
        current = {(p.artery, p.side): p.grade for p in vascular.pulses or ()}
        for row, artery in enumerate(ARTERIES, start=1):
            pulse_grid.addWidget(QLabel(label(artery), pulses), row, 0)
            for column, leg in enumerate(LEGS, start=1):
                box = OptionalChoice([(g, str(g)) for g in PULSE_GRADES], pulses)
                box.setObjectName(f"pulse_{artery}_{leg}")
                box.setAccessibleName(self.tr("Pulse {0} {1}").format(label(artery), label(leg)))
                box.set_value(current.get((artery, leg)))
                box.value_changed.connect(self.on_pulses_changed)
                self.pulses[(artery, leg)] = box
                pulse_grid.addWidget(box, row, column)
        self.pulses_normal = QPushButton(self.tr("All pulses normal (2)"), pulses)
        self.pulses_normal.clicked.connect(self.on_pulses_normal_clicked)
        pulse_grid.addWidget(
            self.pulses_normal, len(ARTERIES) + 1, 0, 1, 3, Qt.AlignmentFlag.AlignLeft
        )
        self.form.addWidget(pulses)

        other = QGroupBox(self.tr("Perfusion and symptoms"), self.content)
        other_form = QFormLayout(other)
        self.capillary_refill = NumberField(
            self.tr("Capillary refill (seconds)"), 0, 60, parent=other
        )
        self.capillary_refill.setObjectName("capillary_refill")
        self.capillary_refill.set_value(vascular.capillary_refill_seconds)
        self.capillary_refill.value_changed.connect(
            lambda v: self._write("capillary_refill_seconds", v)
        )
        self.capillary_refill.error_changed.connect(
            lambda m: self.report_error("vascular.capillary_refill_seconds", m)
        )
        other_form.addRow(self.tr("Capillary refill (seconds)"), self.capillary_refill)
        self.claudication = yes_no_choice(other)
        self.claudication.setObjectName("claudication")
        self.claudication.set_value(vascular.claudication)
        self.claudication.value_changed.connect(lambda v: self._write("claudication", v))
        other_form.addRow(self.tr("Claudication"), self.claudication)
        self.form.addWidget(other)
        self.findings = WrappedLabel("", self.content)
        self.findings.setTextFormat(Qt.TextFormat.PlainText)
        self.findings.setWordWrap(True)
        self.form.addWidget(self.findings)
        self.form.addStretch(1)

    def _write(self, name: str, value: object) -> None:
        setattr(self.vascular, name, value)
        self.edited.emit()

    def on_pressure_changed(self, _value: object) -> None:
        def get(site: str, leg: str) -> float | None:
            return self.pressures[(site, leg)].value()

        left, right = get("brachial", "left"), get("brachial", "right")
        self.vascular.brachial_systolic_mmhg = (
            None if left is None and right is None else BrachialPressures(left, right)
        )
        ankles = {}
        for leg in LEGS:
            dp, pt = get("dorsalis_pedis", leg), get("posterior_tibial", leg)
            ankles[leg] = None if dp is None and pt is None else AnklePressures(dp, pt)
        self.vascular.ankle_systolic_mmhg = (
            None
            if all(v is None for v in ankles.values())
            else AnklePressuresBySide(ankles["left"], ankles["right"])
        )
        self.edited.emit()

    def on_pulses_changed(self, _value: object) -> None:
        grades = [
            PulseGrade(artery, leg, int(box.value()))  # type: ignore[call-overload]
            for (artery, leg), box in self.pulses.items()
            if box.value() is not None
        ]
        self._write("pulses", grades or None)

    def on_pulses_normal_clicked(self) -> None:
        for box in self.pulses.values():
            if box.value() is None:
                box.blockSignals(True)
                box.set_value(2)
                box.blockSignals(False)
        self.on_pulses_changed(None)

    def show_evaluation(self, evaluation: Evaluation) -> None:
        derived = evaluation.derived
        for leg, abi in self.abi.items():
            value = derived.abi.get(leg)
            category = derived.abi_category.get(leg)
            shown = self.abi_category[leg]
            if value is None:
                set_text(abi, "—")
                set_text(shown, self.tr("needs brachial and ankle pressures"))
                set_style(shown, "color: #555;")
            else:
                set_text(abi, str(value))
                set_text(shown, label(category) if category else "")
                set_style(shown, ABI_STYLES.get(category or "", ""))
        findings = [f.text for f in evaluation.findings if f.category == "vascular"]
        self.findings.setText("\n".join(f"• {text}" for text in findings))
