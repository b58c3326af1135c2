"""The examination page: strength, reflexes, tone, plantar and clonus, site findings, tetany signs."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from clinic_desktop.domain.assessment import (
    AnkleClonus,
    Exam,
    PlantarResponses,
    ReflexGrade,
    StrengthGrade,
    ToneGrade,
)
from clinic_desktop.domain.vocabulary import (
    MODIFIED_ASHWORTH_GRADES,
    MRC_GRADES,
    MUSCLES,
    PLANTAR_RESPONSES,
    REFLEX_GRADES,
    REFLEXES,
)
from clinic_desktop.ui.wizard.fields import (
    OptionalChoice,
    SiteFindingsEditor,
    label,
    yes_no_choice,
)
from clinic_desktop.ui.wizard.page import WizardPage

SIDES_EXAMINED = ("left", "right")
NORMAL_MRC = "5"
NORMAL_REFLEX = "2+"
NORMAL_TONE = "0"


class ExaminationPage(WizardPage):
    """Bound to the visit's Exam; an unset grade is "not assessed", never normal."""

    step = "examination"

    def __init__(self, exam: Exam, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading.setText(self.tr("Examination"))
        self.exam = exam

        motor = QGroupBox(self.tr("Strength (MRC) and tone (Modified Ashworth)"), self.content)
        grid = QGridLayout(motor)
        headers = (
            self.tr("Muscle"),
            self.tr("MRC left"),
            self.tr("MRC right"),
            self.tr("Ashworth left"),
            self.tr("Ashworth right"),
        )
        for column, text in enumerate(headers):
            header = QLabel(text, motor)
            header.setStyleSheet("font-weight: 600;")
            grid.addWidget(header, 0, column)
        self.strength: dict[tuple[str, str], OptionalChoice] = {}
        self.tone: dict[tuple[str, str], OptionalChoice] = {}
        strength_now = {(g.muscle, g.side): g.mrc for g in exam.strength or ()}
        tone_now = {(g.muscle, g.side): g.modified_ashworth for g in exam.tone or ()}
        for row, muscle in enumerate(MUSCLES, start=1):
            grid.addWidget(QLabel(label(muscle), motor), row, 0)
            for column, side in enumerate(SIDES_EXAMINED, start=1):
                box = OptionalChoice([(g, g) for g in MRC_GRADES], motor)
                box.setObjectName(f"mrc_{muscle}_{side}")
                box.setAccessibleName(self.tr("MRC {0} {1}").format(label(muscle), label(side)))
                box.set_value(strength_now.get((muscle, side)))
                box.value_changed.connect(self.on_strength_changed)
                self.strength[(muscle, side)] = box
                grid.addWidget(box, row, column)
            for column, side in enumerate(SIDES_EXAMINED, start=3):
                box = OptionalChoice([(g, g) for g in MODIFIED_ASHWORTH_GRADES], motor)
                box.setObjectName(f"ashworth_{muscle}_{side}")
                box.setAccessibleName(
                    self.tr("Modified Ashworth {0} {1}").format(label(muscle), label(side))
                )
                box.set_value(tone_now.get((muscle, side)))
                box.value_changed.connect(self.on_tone_changed)
                self.tone[(muscle, side)] = box
                grid.addWidget(box, row, column)
        buttons = QHBoxLayout()
        self.strength_normal = QPushButton(self.tr("All strength normal (5)"), motor)
        self.strength_normal.clicked.connect(self.on_strength_normal_clicked)
        self.tone_normal = QPushButton(self.tr("All tone normal (0)"), motor)
        self.tone_normal.clicked.connect(self.on_tone_normal_clicked)
        buttons.addWidget(self.strength_normal)
        buttons.addWidget(self.tone_normal)
        buttons.addStretch(1)
        grid.addLayout(buttons, len(MUSCLES) + 1, 0, 1, 5)
        self.form.addWidget(motor)
        # Strength is examined down the body, left then right, before tone; Tab follows that.
        chain: list[QWidget] = [self.strength[(m, s)] for m in MUSCLES for s in SIDES_EXAMINED]
        chain.append(self.strength_normal)
        chain += [self.tone[(m, s)] for m in MUSCLES for s in SIDES_EXAMINED]
        chain.append(self.tone_normal)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        reflex_box = QGroupBox(self.tr("Reflexes"), self.content)
        reflex_grid = QGridLayout(reflex_box)
        for column, text in enumerate((self.tr("Reflex"), self.tr("Left"), self.tr("Right"))):
            header = QLabel(text, reflex_box)
            header.setStyleSheet("font-weight: 600;")
            reflex_grid.addWidget(header, 0, column)
        self.reflexes: dict[tuple[str, str], OptionalChoice] = {}
        reflex_now = {(g.reflex, g.side): g.grade for g in exam.reflexes or ()}
        for row, reflex in enumerate(REFLEXES, start=1):
            reflex_grid.addWidget(QLabel(label(reflex), reflex_box), row, 0)
            for column, side in enumerate(SIDES_EXAMINED, start=1):
                box = OptionalChoice([(g, g) for g in REFLEX_GRADES], reflex_box)
                box.setObjectName(f"reflex_{reflex}_{side}")
                box.setAccessibleName(self.tr("Reflex {0} {1}").format(label(reflex), label(side)))
                box.set_value(reflex_now.get((reflex, side)))
                box.value_changed.connect(self.on_reflexes_changed)
                self.reflexes[(reflex, side)] = box
                reflex_grid.addWidget(box, row, column)
        self.reflexes_normal = QPushButton(self.tr("All reflexes normal (2+)"), reflex_box)
        self.reflexes_normal.clicked.connect(self.on_reflexes_normal_clicked)
        reflex_grid.addWidget(
            self.reflexes_normal, len(REFLEXES) + 1, 0, 1, 3, Qt.AlignmentFlag.AlignLeft
        )
        self.form.addWidget(reflex_box)

        signs = QGroupBox(self.tr("Plantar, clonus and tetany signs"), self.content)
        signs_form = QFormLayout(signs)
        plantar_choices = [(p, label(p)) for p in PLANTAR_RESPONSES]
        self.plantar = {side: OptionalChoice(plantar_choices, signs) for side in SIDES_EXAMINED}
        self.clonus = {side: yes_no_choice(signs) for side in SIDES_EXAMINED}
        for side in SIDES_EXAMINED:
            box = self.plantar[side]
            box.setObjectName(f"plantar_{side}")
            box.set_value(getattr(exam.plantar, side) if exam.plantar else None)
            box.value_changed.connect(self.on_plantar_changed)
            signs_form.addRow(self.tr("Plantar response, {0}").format(label(side).lower()), box)
        for side in SIDES_EXAMINED:
            box = self.clonus[side]
            box.setObjectName(f"clonus_{side}")
            box.set_value(getattr(exam.ankle_clonus, side) if exam.ankle_clonus else None)
            box.value_changed.connect(self.on_clonus_changed)
            signs_form.addRow(self.tr("Ankle clonus, {0}").format(label(side).lower()), box)
        self.chvostek = yes_no_choice(signs)
        self.chvostek.setObjectName("chvostek")
        self.chvostek.set_value(exam.chvostek)
        self.chvostek.value_changed.connect(lambda v: self._write("chvostek", v))
        signs_form.addRow(self.tr("Chvostek sign"), self.chvostek)
        self.trousseau = yes_no_choice(signs)
        self.trousseau.setObjectName("trousseau")
        self.trousseau.set_value(exam.trousseau)
        self.trousseau.value_changed.connect(lambda v: self._write("trousseau", v))
        signs_form.addRow(self.tr("Trousseau sign"), self.trousseau)
        self.form.addWidget(signs)

        self.fasciculations = SiteFindingsEditor(self.tr("Fasciculations"), parent=self.content)
        self.atrophy = SiteFindingsEditor(self.tr("Atrophy"), parent=self.content)
        self.sensory_loss = SiteFindingsEditor(
            self.tr("Sensory loss"), with_modality=True, parent=self.content
        )
        for name, editor in (
            ("fasciculations", self.fasciculations),
            ("atrophy", self.atrophy),
            ("sensory_loss", self.sensory_loss),
        ):
            editor.setObjectName(name)
            editor.set_value(getattr(exam, name))
            editor.value_changed.connect(lambda v, n=name: self._write(n, v))
            self.form.addWidget(editor)
        self.form.addStretch(1)

    def _write(self, name: str, value: object) -> None:
        setattr(self.exam, name, value)
        self.edited.emit()

    def on_strength_changed(self, _value: object) -> None:
        grades = [
            StrengthGrade(m, s, str(box.value()))
            for (m, s), box in self.strength.items()
            if box.value() is not None
        ]
        self._write("strength", grades or None)

    def on_tone_changed(self, _value: object) -> None:
        grades = [
            ToneGrade(m, s, str(box.value()))
            for (m, s), box in self.tone.items()
            if box.value() is not None
        ]
        self._write("tone", grades or None)

    def on_reflexes_changed(self, _value: object) -> None:
        grades = [
            ReflexGrade(r, s, str(box.value()))
            for (r, s), box in self.reflexes.items()
            if box.value() is not None
        ]
        self._write("reflexes", grades or None)

    def on_plantar_changed(self, _value: object) -> None:
        left, right = (self.plantar[s].value() for s in SIDES_EXAMINED)
        plantar = PlantarResponses(left, right) if (left or right) else None  # type: ignore[arg-type]
        self._write("plantar", plantar)

    def on_clonus_changed(self, _value: object) -> None:
        left, right = (self.clonus[s].value() for s in SIDES_EXAMINED)
        unset = left is None and right is None
        self._write("ankle_clonus", None if unset else AnkleClonus(left, right))  # type: ignore[arg-type]

    def _set_all(self, boxes: dict[tuple[str, str], OptionalChoice], value: str) -> None:
        """Fill only the grades not yet given: the shortcut never overwrites a recorded finding."""
        for box in boxes.values():
            if box.value() is None:
                box.blockSignals(True)
                box.set_value(value)
                box.blockSignals(False)

    def on_strength_normal_clicked(self) -> None:
        self._set_all(self.strength, NORMAL_MRC)
        self.on_strength_changed(None)

    def on_tone_normal_clicked(self) -> None:
        self._set_all(self.tone, NORMAL_TONE)
        self.on_tone_changed(None)

    def on_reflexes_normal_clicked(self) -> None:
        self._set_all(self.reflexes, NORMAL_REFLEX)
        self.on_reflexes_changed(None)
