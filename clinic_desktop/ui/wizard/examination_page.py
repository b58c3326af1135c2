"""The examination page: strength, reflexes, tone, plantar and clonus, site findings, tetany signs."""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
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
from clinic_desktop.ui.accessibility import name_grid_row
from clinic_desktop.ui.wizard.fields import (
    OptionalChoice,
    SiteFindingsEditor,
    label,
    yes_no_choice,
)
from clinic_desktop.ui.wizard.page import GridScroller, WizardPage

SIDES_EXAMINED = ("left", "right")
NORMAL_MRC = "5"
NORMAL_REFLEX = "2+"
NORMAL_TONE = "0"

# The first muscle rows are made with the page, so that the cursor and Tab start where they
# always did; the rest follow once it is on screen, in slices of about SLICE_SECONDS each
# SLICE_PAUSE_MS apart, so that painting and the clinician's keys get turns in between
# (all 62 grades at once stalled the window 45-107 ms).
ROWS_WITH_THE_PAGE = 2
SLICE_SECONDS = 0.006
SLICE_PAUSE_MS = 10

Key = tuple[str, str]
GRADE_TYPES: dict[str, Callable[[str, str, str], object]] = {
    "strength": StrengthGrade,
    "tone": ToneGrade,
    "reflexes": ReflexGrade,
}


def known_grades(
    saved: Sequence[tuple[str, str, str]], keys: Sequence[Key], choices: Sequence[str]
) -> dict[Key, str | None]:
    """Every grade's key -> the saved grade as its drop-down would show it (None: not assessed)."""
    given = {(first, side): grade for first, side, grade in saved}
    return {key: given[key] if given.get(key) in choices else None for key in keys}


class ExaminationPage(WizardPage):
    """Bound to the visit's Exam; an unset grade is "not assessed", never normal.

    The grade rows after the first are made a few per event-loop turn. Until a row
    exists its grades live in `self._grades` (the saved ones, or an "all normal"
    given meanwhile) and the row shows them when made; `strength`, `tone` and
    `reflexes` make every remaining row before handing out their drop-downs.
    """

    step = "examination"

    def __init__(self, exam: Exam, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading.setText(self.tr("Examination"))
        self.exam = exam
        self.all_normal = QPushButton(self.tr("Whole examination normal"), self.content)
        self.all_normal.setObjectName("whole_examination_normal")
        self.all_normal.setToolTip(
            self.tr(
                "Fills every finding not yet recorded with its normal: strength 5, tone 0, "
                "reflexes 2+, flexor plantars, no clonus, Chvostek and Trousseau absent, no "
                "fasciculations, atrophy or sensory loss. Then change only what is abnormal."
            )
        )
        self.all_normal.clicked.connect(self.on_all_normal_clicked)
        self.form.addWidget(self.all_normal, 0, Qt.AlignmentFlag.AlignLeft)
        muscle_keys = [(m, s) for m in MUSCLES for s in SIDES_EXAMINED]
        reflex_keys = [(r, s) for r in REFLEXES for s in SIDES_EXAMINED]
        self._grades: dict[str, dict[Key, str | None]] = {
            "strength": known_grades(
                [(g.muscle, g.side, g.mrc) for g in exam.strength or ()], muscle_keys, MRC_GRADES
            ),
            "tone": known_grades(
                [(g.muscle, g.side, g.modified_ashworth) for g in exam.tone or ()],
                muscle_keys,
                MODIFIED_ASHWORTH_GRADES,
            ),
            "reflexes": known_grades(
                [(g.reflex, g.side, g.grade) for g in exam.reflexes or ()],
                reflex_keys,
                REFLEX_GRADES,
            ),
        }
        self._boxes: dict[str, dict[Key, OptionalChoice]] = {kind: {} for kind in GRADE_TYPES}

        self.motor_box = QGroupBox(
            self.tr("Strength (MRC) and tone (Modified Ashworth)"), self.content
        )
        motor_box_layout = QVBoxLayout(self.motor_box)
        self.motor = QWidget(self.motor_box)
        self.motor_grid = QGridLayout(self.motor)
        self.motor_grid.setContentsMargins(0, 0, 0, 0)
        self.motor_scroller = GridScroller(self.motor, self.motor_box)
        motor_box_layout.addWidget(self.motor_scroller)
        headers = (
            self.tr("Muscle"),
            self.tr("MRC left"),
            self.tr("MRC right"),
            self.tr("Ashworth left"),
            self.tr("Ashworth right"),
        )
        shown = self._add_headers(self.motor_grid, headers)
        # Tone stands beside strength while the five columns fit the box, else under it with
        # headers and muscle names of its own (row 0: those headers); see _reflow.
        muscle_again = QLabel(headers[0], self.motor)
        muscle_again.setStyleSheet("font-weight: 600;")
        self._tone_rows: dict[int, tuple[QLabel, QWidget, QWidget]] = {
            0: (muscle_again, shown[3], shown[4])
        }
        self._stacked = False
        self._wide_width = 0
        self._place_tone_row(0)
        self.motor_scroller.room_changed.connect(self._reflow)
        self._rows_due: deque[Callable[[], None]] = deque(
            partial(self._make_muscle_row, row, muscle)
            for row, muscle in enumerate(MUSCLES, start=1)
        )
        for _ in range(ROWS_WITH_THE_PAGE):
            self._rows_due.popleft()()
        buttons = QHBoxLayout()
        self.strength_normal = QPushButton(self.tr("All strength normal (5)"), self.motor_box)
        self.strength_normal.clicked.connect(self.on_strength_normal_clicked)
        self.tone_normal = QPushButton(self.tr("All tone normal (0)"), self.motor_box)
        self.tone_normal.clicked.connect(self.on_tone_normal_clicked)
        buttons.addWidget(self.strength_normal)
        buttons.addWidget(self.tone_normal)
        buttons.addStretch(1)
        motor_box_layout.addLayout(buttons)
        self.form.addWidget(self.motor_box)

        self.reflex_box = QGroupBox(self.tr("Reflexes"), self.content)
        self.reflex_grid = QGridLayout(self.reflex_box)
        self._add_headers(self.reflex_grid, (self.tr("Reflex"), self.tr("Left"), self.tr("Right")))
        self._rows_due.extend(
            partial(self._make_reflex_row, row, reflex)
            for row, reflex in enumerate(REFLEXES, start=1)
        )
        self.reflexes_normal = QPushButton(self.tr("All reflexes normal (2+)"), self.reflex_box)
        self.reflexes_normal.clicked.connect(self.on_reflexes_normal_clicked)
        self.reflex_grid.addWidget(
            self.reflexes_normal, len(REFLEXES) + 1, 0, 1, 3, Qt.AlignmentFlag.AlignLeft
        )
        self.form.addWidget(self.reflex_box)

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
        self._order_tabs()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._rows_due:
            QTimer.singleShot(SLICE_PAUSE_MS, self, self.on_rows_due)

    # The drop-downs of every grade; asking for them makes the rows not made yet.
    @property
    def strength(self) -> dict[Key, OptionalChoice]:
        self.finish_rows()
        return self._boxes["strength"]

    @property
    def tone(self) -> dict[Key, OptionalChoice]:
        self.finish_rows()
        return self._boxes["tone"]

    @property
    def reflexes(self) -> dict[Key, OptionalChoice]:
        self.finish_rows()
        return self._boxes["reflexes"]

    @property
    def rows_pending(self) -> int:
        """How many grade rows are still to be made."""
        return len(self._rows_due)

    def finish_rows(self) -> None:
        """Make every grade row not made yet, now."""
        if self._rows_due:
            while self._rows_due:
                self._rows_due.popleft()()
            self._order_tabs()
            self.keep_read_only(self.content)

    def on_rows_due(self) -> None:
        """Make rows for one short slice of the event loop, then let it paint and come back."""
        if not self._rows_due:
            return
        until = time.perf_counter() + SLICE_SECONDS
        while self._rows_due and time.perf_counter() < until:
            self._rows_due.popleft()()
        self._order_tabs()
        self.keep_read_only(self.content)
        if self._rows_due:
            QTimer.singleShot(SLICE_PAUSE_MS, self, self.on_rows_due)

    def _add_headers(self, grid: QGridLayout, texts: Sequence[str]) -> list[QLabel]:
        headers = []
        for column, text in enumerate(texts):
            header = QLabel(text, grid.parentWidget())
            header.setStyleSheet("font-weight: 600;")
            grid.addWidget(header, 0, column)
            headers.append(header)
        return headers

    def _make_muscle_row(self, row: int, muscle: str) -> None:
        self.motor_grid.addWidget(QLabel(label(muscle), self.motor), row, 0)
        for column, side in enumerate(SIDES_EXAMINED, start=1):
            box = self._make_box("strength", (muscle, side), MRC_GRADES, self.motor)
            box.setObjectName(f"mrc_{muscle}_{side}")
            self.motor_grid.addWidget(box, row, column)
        tone: list[QWidget] = []
        for side in SIDES_EXAMINED:
            box = self._make_box("tone", (muscle, side), MODIFIED_ASHWORTH_GRADES, self.motor)
            box.setObjectName(f"ashworth_{muscle}_{side}")
            tone.append(box)
        self._tone_rows[row] = (QLabel(label(muscle), self.motor), tone[0], tone[1])
        self._place_tone_row(row)
        name_grid_row(self.motor_grid, row)
        if self._stacked:
            below = len(MUSCLES) + 1
            name_grid_row(self.motor_grid, below + row, header_row=below)

    def _place_tone_row(self, row: int) -> None:
        """Row `row`'s tone (0: its headers) beside its strength, or under all of strength."""
        muscle, *boxes = self._tone_rows[row]
        grid = self.motor_grid
        for widget in (muscle, *boxes):
            grid.removeWidget(widget)
        if self._stacked:
            line, first = len(MUSCLES) + 1 + row, 1
            grid.addWidget(muscle, line, 0)
        else:
            line, first = row, 3
        muscle.setVisible(self._stacked)
        for column, box in enumerate(boxes, start=first):
            grid.addWidget(box, line, column)

    def _reflow(self) -> None:
        """Tone under strength when the five columns do not fit the box (at 150 % on 1366x768
        they ran 163 px past it and the grid scrolled sideways); beside it again when they do."""
        if not self._stacked:
            self._wide_width = self.motor.minimumSizeHint().width()
        stacked = self.motor_scroller.width() < self._wide_width
        if stacked == self._stacked:
            return
        self._stacked = stacked
        for row in self._tone_rows:
            self._place_tone_row(row)

    def _make_reflex_row(self, row: int, reflex: str) -> None:
        self.reflex_grid.addWidget(QLabel(label(reflex), self.reflex_box), row, 0)
        for column, side in enumerate(SIDES_EXAMINED, start=1):
            box = self._make_box("reflexes", (reflex, side), REFLEX_GRADES, self.reflex_box)
            box.setObjectName(f"reflex_{reflex}_{side}")
            self.reflex_grid.addWidget(box, row, column)
        name_grid_row(self.reflex_grid, row)

    def _make_box(
        self, kind: str, key: Key, choices: Sequence[str], parent: QWidget
    ) -> OptionalChoice:
        """A grade's drop-down showing the grade known now, wired to write its edits."""
        box = OptionalChoice([(g, g) for g in choices], parent)
        box.set_value(self._grades[kind][key])
        box.value_changed.connect(partial(self.on_grade_changed, kind, key))
        self._boxes[kind][key] = box
        return box

    def _order_tabs(self) -> None:
        # Strength is examined down the body, left then right, before tone; Tab follows that.
        # Rows made later join the end of the window's chain, so the whole order is set again.
        boxes = self._boxes
        chain: list[QWidget] = [*boxes["strength"].values(), self.strength_normal]
        chain += [*boxes["tone"].values(), self.tone_normal]
        chain += [*boxes["reflexes"].values(), self.reflexes_normal]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _write(self, name: str, value: object) -> None:
        setattr(self.exam, name, value)
        self.edited.emit()

    def _write_grades(self, kind: str) -> None:
        made = GRADE_TYPES[kind]
        grades = [made(a, side, v) for (a, side), v in self._grades[kind].items() if v is not None]
        self._write(kind, grades or None)

    def on_grade_changed(self, kind: str, key: Key, value: object) -> None:
        self._grades[kind][key] = None if value is None else str(value)
        self._write_grades(kind)

    def on_plantar_changed(self, _value: object) -> None:
        left, right = (self.plantar[s].value() for s in SIDES_EXAMINED)
        plantar = PlantarResponses(left, right) if (left or right) else None  # type: ignore[arg-type]
        self._write("plantar", plantar)

    def on_clonus_changed(self, _value: object) -> None:
        left, right = (self.clonus[s].value() for s in SIDES_EXAMINED)
        unset = left is None and right is None
        self._write("ankle_clonus", None if unset else AnkleClonus(left, right))  # type: ignore[arg-type]

    def _set_all(self, kind: str, value: str) -> None:
        """Fill only the grades not yet given: the shortcut never overwrites a recorded finding."""
        self._fill_grades(kind, value)
        self._write_grades(kind)

    def _fill_grades(self, kind: str, value: str) -> None:
        grades = self._grades[kind]
        for key, grade in grades.items():
            if grade is None:
                grades[key] = value
                box = self._boxes[kind].get(key)
                if box is not None:
                    box.blockSignals(True)
                    box.set_value(value)
                    box.blockSignals(False)
        made = GRADE_TYPES[kind]
        setattr(self.exam, kind, [made(a, side, v) for (a, side), v in grades.items() if v])

    def on_strength_normal_clicked(self) -> None:
        self._set_all("strength", NORMAL_MRC)

    def on_tone_normal_clicked(self) -> None:
        self._set_all("tone", NORMAL_TONE)

    def on_reflexes_normal_clicked(self) -> None:
        self._set_all("reflexes", NORMAL_REFLEX)

    def on_all_normal_clicked(self) -> None:
        """Every finding not yet recorded set to its normal, in one edit; none is overwritten."""
        for kind, normal in (
            ("strength", NORMAL_MRC),
            ("tone", NORMAL_TONE),
            ("reflexes", NORMAL_REFLEX),
        ):
            self._fill_grades(kind, normal)
        exam = self.exam
        plantar = exam.plantar or PlantarResponses()
        exam.plantar = PlantarResponses(plantar.left or "flexor", plantar.right or "flexor")
        clonus = exam.ankle_clonus or AnkleClonus()
        exam.ankle_clonus = AnkleClonus(
            False if clonus.left is None else clonus.left,
            False if clonus.right is None else clonus.right,
        )
        for name in ("chvostek", "trousseau"):
            if getattr(exam, name) is None:
                setattr(exam, name, False)
        for name in ("fasciculations", "atrophy", "sensory_loss"):
            if getattr(exam, name) is None:
                setattr(exam, name, [])
        self._show_signs()
        self.edited.emit()

    def _show_signs(self) -> None:
        """Show the exam's plantar, clonus, tetany signs and site findings without writing them."""
        exam = self.exam
        boxes: list[tuple[QWidget, object]] = [
            (self.plantar["left"], exam.plantar.left if exam.plantar else None),
            (self.plantar["right"], exam.plantar.right if exam.plantar else None),
            (self.clonus["left"], exam.ankle_clonus.left if exam.ankle_clonus else None),
            (self.clonus["right"], exam.ankle_clonus.right if exam.ankle_clonus else None),
            (self.chvostek, exam.chvostek),
            (self.trousseau, exam.trousseau),
        ]
        for box, value in boxes:
            box.blockSignals(True)
            box.set_value(value)  # type: ignore[attr-defined]
            box.blockSignals(False)
        for name in ("fasciculations", "atrophy", "sensory_loss"):
            editor = getattr(self, name)
            editor.blockSignals(True)
            editor.set_value(getattr(exam, name))
            editor.blockSignals(False)
