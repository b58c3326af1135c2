"""The findings panel beside every page: red flags to acknowledge first, then findings and derived values."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.rules.evaluation import Evaluation, RedFlag
from clinic_desktop.ui.accessibility import name_action, tab_order
from clinic_desktop.ui.controls import set_read_only
from clinic_desktop.ui.style import heading
from clinic_desktop.ui.wizard.fields import WrappedLabel, label, set_text

URGENCY_STYLES = {
    "emergency": "background: #8c1d0d; color: white;",
    "urgent": "background: #b34700; color: white;",
    "soon": "background: #fff0c2; color: #3d2c00;",
}


def text_colour(urgency: str) -> str:
    """The `color:` part of an urgency's style, for the labels inside its frame."""
    style = URGENCY_STYLES.get(urgency, "")
    return next((p.strip() + ";" for p in style.split(";") if p.strip().startswith("color")), "")


SECTION_HEADING = 1.2
"""The panel's titles, in times the application font."""

CAUTION_PREFIXES = ("withheld_", "caution_")


def is_caution(finding_id: str) -> bool:
    """A withheld suggestion or a caution for a medicine (withheld_<item>, caution_<...>)."""
    return finding_id.startswith(CAUTION_PREFIXES)


class RedFlagWidget(QFrame):
    """One red flag: urgency and referral, what it is, what to do, and its Acknowledge box."""

    def __init__(self, flag: RedFlag, acknowledged: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.flag = flag
        self.setObjectName(f"red_flag_{flag.id}")
        self.setFrameShape(QFrame.Shape.Box)
        # The frame's colours reach the text inside it: a style sheet's colour is not
        # inherited, and the labels were black on the emergency's dark red (2.30:1).
        frame = f"QFrame#red_flag_{flag.id}"
        self.setStyleSheet(
            f"{frame} {{ {URGENCY_STYLES.get(flag.urgency, '')} }} "
            f"{frame} QLabel, {frame} QCheckBox {{ {text_colour(flag.urgency)} }}"
        )
        layout = QVBoxLayout(self)
        urgency = {
            "emergency": self.tr("EMERGENCY"),
            "urgent": self.tr("URGENT"),
            "soon": self.tr("SOON"),
        }.get(flag.urgency, flag.urgency.upper())
        heading = QLabel(self.tr("{0} — refer: {1}").format(urgency, label(flag.referral)), self)
        heading.setStyleSheet("font-weight: 700;")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        text = WrappedLabel(flag.text, self)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        layout.addWidget(text)
        if flag.action:
            action = WrappedLabel(flag.action, self)
            action.setTextFormat(Qt.TextFormat.PlainText)
            action.setWordWrap(True)
            action.setStyleSheet("font-style: italic;")
            layout.addWidget(action)
        self.acknowledge = QCheckBox(self.tr("Acknowledge"), self)
        self.acknowledge.setObjectName(f"acknowledge_{flag.id}")
        self.acknowledge.setChecked(acknowledged)
        self.acknowledge.setStyleSheet("font-weight: 700;")
        name_action(self.acknowledge, flag.text)
        layout.addWidget(self.acknowledge)


class FindingsPanel(QScrollArea):
    """Shows the latest evaluation; emits the clinician's acknowledgements, changes nothing else."""

    acknowledgement_changed = Signal(str, bool)
    provenance_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("findings_panel")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(200)
        self.content = QWidget(self)
        layout = QVBoxLayout(self.content)
        title = QLabel(self.tr("Red flags"), self.content)
        heading(title, SECTION_HEADING)
        layout.addWidget(title)
        self.flags_host = QWidget(self.content)
        self.flags_layout = QVBoxLayout(self.flags_host)
        self.flags_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.flags_host)
        self.flag_widgets: dict[str, RedFlagWidget] = {}
        # What a safety rule withheld and the cautions for current medicines stand apart from the
        # findings, so the clinician cannot miss them (reference care_plan_safety_rules).
        self.cautions_title = QLabel(self.tr("Cautions"), self.content)
        heading(self.cautions_title, SECTION_HEADING).setStyleSheet("color: #8c1d0d;")
        layout.addWidget(self.cautions_title)
        self.cautions = WrappedLabel("", self.content)
        self.cautions.setObjectName("cautions_text")
        self.cautions.setTextFormat(Qt.TextFormat.PlainText)
        self.cautions.setWordWrap(True)
        self.cautions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cautions.setStyleSheet("color: #8c1d0d;")
        layout.addWidget(self.cautions)
        self.cautions_title.hide()
        self.cautions.hide()
        findings_title = QLabel(self.tr("Findings"), self.content)
        heading(findings_title, SECTION_HEADING)
        layout.addWidget(findings_title)
        self.findings = WrappedLabel("", self.content)
        self.findings.setObjectName("findings_text")
        self.findings.setTextFormat(Qt.TextFormat.PlainText)
        self.findings.setWordWrap(True)
        self.findings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.findings)
        self.provenance_button = QPushButton(self.tr("Sources and provenance…"), self.content)
        self.provenance_button.setObjectName("show_provenance")
        self.provenance_button.setToolTip(
            self.tr("The works each finding, red flag and plan item cites, and how each was read")
        )
        self.provenance_button.clicked.connect(self.provenance_requested)
        layout.addWidget(self.provenance_button, 0, Qt.AlignmentFlag.AlignLeft)
        derived_title = QLabel(self.tr("Derived values"), self.content)
        heading(derived_title, SECTION_HEADING)
        layout.addWidget(derived_title)
        self.derived = WrappedLabel("", self.content)
        self.derived.setObjectName("derived_text")
        self.derived.setTextFormat(Qt.TextFormat.PlainText)
        self.derived.setWordWrap(True)
        layout.addWidget(self.derived)
        self.problem = WrappedLabel("", self.content)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.setWidget(self.content)
        self._flag_ids: tuple[str, ...] | None = None

    def show_evaluation(
        self, evaluation: Evaluation, acknowledged: set[str], *, read_only: bool = False
    ) -> None:
        ids = tuple(flag.id for flag in evaluation.red_flags)
        if ids != self._flag_ids:
            # Rebuilt only when the set of flags changes, so a checkbox keeps focus while typing elsewhere.
            self._flag_ids = ids
            for widget in self.flag_widgets.values():
                self.flags_layout.removeWidget(widget)
                widget.deleteLater()
            self.flag_widgets = {}
            for flag in evaluation.red_flags:
                widget = RedFlagWidget(flag, flag.id in acknowledged, self.flags_host)
                widget.acknowledge.toggled.connect(
                    lambda checked, i=flag.id: self.acknowledgement_changed.emit(i, checked)
                )
                self.flags_layout.addWidget(widget)
                self.flag_widgets[flag.id] = widget
            if not evaluation.red_flags:
                none = QLabel(self.tr("None from what is recorded so far."), self.flags_host)
                none.setObjectName("no_red_flags")
                none.setWordWrap(True)
                self.flags_layout.addWidget(none)
                self.flag_widgets["__none__"] = none  # type: ignore[assignment]
            # Read before the findings' button, not after Back and Next where Qt put them.
            acknowledge = [
                w.acknowledge for w in self.flag_widgets.values() if isinstance(w, RedFlagWidget)
            ]
            tab_order([self, *acknowledge, self.provenance_button])
        for flag_id, widget in self.flag_widgets.items():
            if isinstance(widget, RedFlagWidget):
                set_read_only(widget.acknowledge, read_only)
                if widget.acknowledge.isChecked() != (flag_id in acknowledged):
                    widget.acknowledge.blockSignals(True)
                    widget.acknowledge.setChecked(flag_id in acknowledged)
                    widget.acknowledge.blockSignals(False)
        cautions = [f"• {f.text}" for f in evaluation.findings if is_caution(f.id)]
        set_text(self.cautions, "\n".join(cautions))
        for part in (self.cautions_title, self.cautions):
            if part.isVisibleTo(self) != bool(cautions):
                part.setVisible(bool(cautions))
        lines = [f"• {f.text}" for f in evaluation.findings if not is_caution(f.id)]
        if evaluation.icd10cm:
            lines.append(self.tr("ICD-10-CM: {0}").format(", ".join(evaluation.icd10cm)))
        set_text(self.findings, "\n".join(lines) or self.tr("No findings yet."))
        set_text(self.derived, self._derived_text(evaluation))

    def _derived_text(self, evaluation: Evaluation) -> str:
        derived = evaluation.derived
        lines = []
        for leg in ("left", "right"):
            if leg in derived.abi:
                category = derived.abi_category.get(leg, "")
                lines.append(
                    self.tr("ABI {0}: {1} ({2})").format(
                        label(leg).lower(), derived.abi[leg], label(category) if category else ""
                    )
                )
        if derived.corrected_calcium_mmol_l is not None:
            lines.append(
                self.tr("Corrected calcium: {0} mmol/L").format(derived.corrected_calcium_mmol_l)
            )
        if derived.egfr_ml_min_1_73m2 is not None:
            lines.append(self.tr("eGFR: {0} mL/min/1.73m2").format(derived.egfr_ml_min_1_73m2))
        if derived.ck_multiple_of_uln is not None:
            lines.append(self.tr("CK: {0} × upper limit").format(derived.ck_multiple_of_uln))
        return "\n".join(lines) or self.tr("None yet.")

    def show_problem(self, message: str | None) -> None:
        set_text(self.problem, message or "")
        if self.problem.isVisibleTo(self) != (message is not None):
            self.problem.setVisible(message is not None)
