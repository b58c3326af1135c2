"""Small input widgets the wizard pages share; each keeps "not assessed" distinct from a value."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.assessment import SiteFinding
from clinic_desktop.domain.vocabulary import SENSORY_MODALITIES, SIDES, SITES, english_label
from clinic_desktop.ui.controls import ComboBox

ERROR_STYLE = "color: #b00020;"


# Clinical abbreviations that a plain capitalisation would spoil.
def label(term: str) -> str:
    """The clinician-facing label of a vocabulary term, through the translator."""
    return QCoreApplication.translate("vocabulary", english_label(term))


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

    def __init__(
        self,
        choices: Sequence[tuple[object, str]],
        parent: QWidget | None = None,
        *,
        empty_text: str | None = None,
    ):
        super().__init__(parent)
        self.addItem(empty_text if empty_text is not None else not_assessed_text(), None)
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


@dataclass(frozen=True, slots=True)
class Doubt:
    """A number the field accepts as a number but questions (a value no living body can have)."""

    message: str
    suggestion: float | None = None


def number_text(value: float) -> str:
    return f"{value:g}" if not float(value).is_integer() else str(int(value))


class NumberField(QWidget):
    """A text field for a number: bad text gets a message under the field and is kept as typed.

    With `doubt`, a number that parses but is questioned (Doubt) is asked about at the field,
    with the suggested reading and a way to keep it as typed; until then it counts for nothing
    (`value()` is None) and the field reports the question as its error, which blocks signing.
    Keeping it emits `confirmed(value)`: the page records it, and `doubt` stops asking.
    """

    value_changed = Signal(object)
    error_changed = Signal(object)
    confirmed = Signal(float)

    def __init__(
        self,
        field_name: str,
        minimum: float,
        maximum: float,
        *,
        integer: bool = False,
        placeholder: str = "",
        doubt: Callable[[float], Doubt | None] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        tr = QCoreApplication.translate
        self.field_name = field_name
        self._minimum, self._maximum, self._integer = minimum, maximum, integer
        self._doubt = doubt
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
        self.question: Doubt | None = None
        self._questioned: float | None = None
        if doubt is not None:
            self.use_button = QPushButton(self)
            self.use_button.setObjectName("use_suggestion")
            self.use_button.clicked.connect(self.on_use_clicked)
            self.keep_button = QPushButton(self)
            self.keep_button.setObjectName("keep_as_typed")
            self.keep_button.clicked.connect(self.on_keep_clicked)
            answers = QHBoxLayout()
            answers.setContentsMargins(0, 0, 0, 0)
            answers.addWidget(self.use_button)
            answers.addWidget(self.keep_button)
            answers.addStretch(1)
            self.answers = QWidget(self)
            self.answers.setLayout(answers)
            self.answers.hide()
            layout.addWidget(self.answers)
            self.keep_button.setToolTip(
                tr(
                    "fields",
                    "The value is right as typed: use it (the visit keeps that you said so)",
                )
            )
        self.setFocusProxy(self.edit)
        self.error: str | None = None
        self.edit.textEdited.connect(self.on_text_edited)

    def set_value(self, value: float | None) -> None:
        if value is None:
            self.edit.setText("")
        elif self._integer:
            self.edit.setText(str(int(value)))
        else:
            self.edit.setText(number_text(value))
        self._judge(self.edit.text())

    def value(self) -> float | None:
        try:
            value = self._parse(self.edit.text())
        except ValueError:
            return None
        if value is not None and self._doubt is not None and self._doubt(value) is not None:
            return None
        return value

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
        self.value_changed.emit(self._judge(text))

    def _judge(self, text: str) -> float | None:
        """Show what is wrong with `text`, or the question about it; the value it counts as."""
        try:
            value = self._parse(text)
        except ValueError as problem:
            self._ask(None, None)
            self._show_error(str(problem))
            return None
        question = None if value is None or self._doubt is None else self._doubt(value)
        self._ask(question, value)
        self._show_error(question.message if question is not None else None)
        return None if question is not None else value

    def _ask(self, question: Doubt | None, value: float | None) -> None:
        self.question = question
        self._questioned = value if question is not None else None
        if self._doubt is None:
            return
        tr = QCoreApplication.translate
        if question is not None and value is not None:
            suggestion = question.suggestion
            self.use_button.setVisible(suggestion is not None)
            if suggestion is not None:
                self.use_button.setText(tr("fields", "Use {0}").format(number_text(suggestion)))
            self.keep_button.setText(tr("fields", "{0} is right").format(number_text(value)))
        self.answers.setVisible(question is not None)

    def on_use_clicked(self) -> None:
        """Take the suggested reading: the clinician's own choice, shown in the field."""
        if self.question is None or self.question.suggestion is None:
            return
        self.edit.setText(number_text(self.question.suggestion))
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.on_text_edited(self.edit.text())

    def on_keep_clicked(self) -> None:
        """Keep the value as typed: recorded as confirmed, from now on it counts."""
        if self._questioned is None:
            return
        self.confirmed.emit(self._questioned)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.on_text_edited(self.edit.text())

    def _show_error(self, message: str | None) -> None:
        changed = message != self.error
        self.error = message
        self.error_label.setText(message or "")
        self.error_label.setVisible(message is not None)
        self.edit.setStyleSheet("border: 2px solid #b00020;" if message else "")
        if changed:
            self.error_changed.emit(message)


def _folded(text: str) -> str:
    """`text` for matching typed letters: case and accents ignored ("Ácido" matches "a")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class CheckGrid(QObject):
    """Tick boxes in a grid that the keyboard crosses as one stop, as a list is crossed.

    Tab enters at the box last used and leaves the grid; the arrow keys, Home and End move
    between boxes; a typed letter goes to the next box whose label starts with the letters
    typed (case and accents ignored); Space ticks. A click works on any box. The boxes are
    plain QCheckBoxes, each named by its label, so a screen reader reads them as they are.
    """

    TYPE_AHEAD_MS = 900

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.boxes: list[QCheckBox] = []
        self._positions: dict[QCheckBox, tuple[int, int]] = {}
        self._typed = ""
        self._typed_at = QElapsedTimer()

    def add(self, box: QCheckBox, row: int, column: int) -> QCheckBox:
        self.boxes.append(box)
        self._positions[box] = (row, column)
        box.installEventFilter(self)
        box.setFocusPolicy(
            Qt.FocusPolicy.StrongFocus if len(self.boxes) == 1 else Qt.FocusPolicy.ClickFocus
        )
        return box

    def move(self, box: QWidget, row: int, column: int) -> None:
        """Where `box` now sits (the grid reflowed)."""
        if isinstance(box, QCheckBox):
            self._positions[box] = (row, column)

    def current(self) -> QCheckBox:
        """The box Tab stops at."""
        return next(b for b in self.boxes if b.focusPolicy() == Qt.FocusPolicy.StrongFocus)

    def _make_current(self, box: QCheckBox) -> None:
        for other in self.boxes:
            other.setFocusPolicy(
                Qt.FocusPolicy.StrongFocus if other is box else Qt.FocusPolicy.ClickFocus
            )

    def _go(self, box: QCheckBox | None) -> bool:
        if box is None:
            return True
        self._make_current(box)
        box.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QCheckBox) or watched not in self._positions:
            return False
        if event.type() == QEvent.Type.FocusIn:
            self._make_current(watched)
        elif event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._key(watched, event)
        return False

    def _key(self, box: QCheckBox, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        enabled = [b for b in self.boxes if b.isEnabled() and not b.isHidden()]
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            return self._go(enabled[0] if key == Qt.Key.Key_Home else enabled[-1])
        moves: dict[Qt.Key, tuple[int, int]] = {
            Qt.Key.Key_Up: (-1, 0),
            Qt.Key.Key_Down: (1, 0),
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
        }
        if key in moves:
            return self._go(self._neighbour(box, moves[key], enabled))
        text = event.text()
        plain = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier == Qt.KeyboardModifier(0)
        if plain and text and text.isprintable() and not text.isspace():
            return self._go(self._typed_match(box, _folded(text), enabled))
        return False

    def _neighbour(
        self, box: QCheckBox, step: tuple[int, int], enabled: list[QCheckBox]
    ) -> QCheckBox | None:
        row, column = self._positions[box]
        if step[0]:
            # Up and Down stay in the column when they can, else go to the nearest box.
            targets = [b for b in enabled if (self._positions[b][0] - row) * step[0] > 0]
            targets.sort(
                key=lambda b: (
                    abs(self._positions[b][0] - row),
                    abs(self._positions[b][1] - column),
                )
            )
            return targets[0] if targets else None
        # Left and Right follow the reading order, row after row.
        index = enabled.index(box) if box in enabled else 0
        moved = index + step[1]
        return enabled[moved] if 0 <= moved < len(enabled) else None

    def _typed_match(
        self, box: QCheckBox, letter: str, enabled: list[QCheckBox]
    ) -> QCheckBox | None:
        """The next box whose label starts with the letters typed (within a moment of each other)."""
        continuing = self._typed_at.isValid() and self._typed_at.elapsed() < self.TYPE_AHEAD_MS
        self._typed_at.start()
        start = enabled.index(box) if box in enabled else -1
        if continuing:
            # "cr" goes on from the box "c" found, which may already be the right one.
            found = self._first_starting(self._typed + letter, enabled[start:] + enabled[:start])
            if found is not None:
                self._typed += letter
                return found
        self._typed = letter
        return self._first_starting(letter, enabled[start + 1 :] + enabled[: start + 1])

    @staticmethod
    def _first_starting(prefix: str, boxes: list[QCheckBox]) -> QCheckBox | None:
        return next(
            (b for b in boxes if _folded(b.text().replace("&", "")).startswith(prefix)), None
        )


class ReflowGrid(QObject):
    """Lays cells (each one or more widgets side by side) out in as many columns as the width
    allows, up to `columns`, and again when the width changes: a narrow window gets fewer
    columns, never a form that has to scroll sideways. The last cell (None of these) spans a
    row of its own. Cell positions go to the CheckGrid, so the arrow keys follow the layout.
    """

    def __init__(
        self,
        host: QWidget,
        layout: QGridLayout,
        cells: list[list[QWidget]],
        last: QCheckBox,
        columns: int,
        keys: CheckGrid,
    ) -> None:
        super().__init__(host)
        self._host = host
        self._layout = layout
        self._cells = cells
        self._last = last
        self._most = columns
        self._keys = keys
        self._columns = 0
        # The layout must not hold the host as wide as its present columns: it would never be
        # narrow enough to get fewer. The host reports one column's width as its minimum.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        host.installEventFilter(self)
        self.place(columns)

    def narrowest(self) -> int:
        """The host's width with one column: as narrow as it can be without sideways scrolling."""
        margins = self._layout.contentsMargins()
        frame = self._host.width() - self._host.contentsRect().width()
        return self._cell_width() + margins.left() + margins.right() + frame

    def _cell_width(self) -> int:
        spacing = max(self._layout.horizontalSpacing(), 6)
        return max(
            sum(w.sizeHint().width() for w in cell) + spacing * len(cell) for cell in self._cells
        )

    def columns_for(self, width: int) -> int:
        margins = self._layout.contentsMargins()
        room = width - margins.left() - margins.right()
        return max(1, min(self._most, room // max(self._cell_width(), 1)))

    def place(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        per_cell = max(len(cell) for cell in self._cells)
        for index, cell in enumerate(self._cells):
            row, column = divmod(index, columns)
            for offset, widget in enumerate(cell):
                self._layout.addWidget(widget, row, column * per_cell + offset)
            self._keys.move(cell[0], row, column)
        last_row = (len(self._cells) + columns - 1) // columns
        self._layout.addWidget(self._last, last_row, 0, 1, columns * per_cell)
        self._keys.move(self._last, last_row, 0)
        for column in range(self._most * per_cell):
            self._layout.setColumnStretch(column, 1 if column < columns * per_cell else 0)
        self._layout.invalidate()
        self._host.updateGeometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.place(self.columns_for(self._host.width()))
        return False


class Checklist(QGroupBox):
    """Tick boxes over a vocabulary plus "None": nothing ticked is "not asked", "None" is an empty list.

    The keyboard crosses it as one stop (CheckGrid).
    """

    value_changed = Signal(object)

    def __init__(
        self,
        title: str,
        terms: Sequence[str],
        columns: int = 3,
        parent: QWidget | None = None,
        *,
        labels: dict[str, str] | None = None,
    ):
        super().__init__(title, parent)
        self.terms = tuple(terms)
        self.grid_layout = QGridLayout(self)
        self.grid = CheckGrid(self)
        self.boxes: dict[str, QCheckBox] = {}
        for term in self.terms:
            box = QCheckBox((labels or {}).get(term) or label(term), self)
            box.setObjectName(term)
            box.toggled.connect(self.on_item_toggled)
            self.boxes[term] = box
            self.grid.add(box, 0, 0)
        self.none_box = QCheckBox(QCoreApplication.translate("fields", "None of these"), self)
        self.none_box.toggled.connect(self.on_none_toggled)
        self.grid.add(self.none_box, 0, 0)
        self.reflow = ReflowGrid(
            self,
            self.grid_layout,
            [[box] for box in self.boxes.values()],
            self.none_box,
            columns,
            self.grid,
        )
        self._updating = False

    def minimumSizeHint(self) -> QSize:
        return QSize(self.reflow.narrowest(), super().minimumSizeHint().height())

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


class SiteSidesChecklist(QGroupBox):
    """Body sites, each with its side beside it (left, right, both): "both calves" is one row.

    A site ticked without a side is recorded without one. Unticking a site forgets its side.
    The boxes are crossed as one keyboard stop (CheckGrid); a ticked site's side is the next
    Tab stop, where a letter chooses (L, R, B).
    """

    value_changed = Signal(object, object)
    """(sites or None, sides by site or None)."""

    def __init__(
        self, title: str, sites: Sequence[str], columns: int = 2, parent: QWidget | None = None
    ):
        super().__init__(title, parent)
        tr = QCoreApplication.translate
        self.sites = tuple(sites)
        layout = QGridLayout(self)
        self.grid = CheckGrid(self)
        self.boxes: dict[str, QCheckBox] = {}
        self.sides: dict[str, OptionalChoice] = {}
        side_choices = [(side, label(side)) for side in SIDES]
        for site in self.sites:
            box = QCheckBox(label(site), self)
            box.setObjectName(site)
            box.toggled.connect(lambda checked, s=site: self.on_site_toggled(s, checked))
            side = OptionalChoice(side_choices, self, empty_text=tr("fields", "side?"))
            side.setObjectName(f"{site}_side")
            side.setAccessibleName(tr("fields", "{0}: side").format(label(site)))
            side.setEnabled(False)
            side.value_changed.connect(self.on_side_changed)
            self.grid.add(box, 0, 0)
            self.boxes[site] = box
            self.sides[site] = side
        self.none_box = QCheckBox(tr("fields", "None of these"), self)
        self.none_box.toggled.connect(self.on_none_toggled)
        self.grid.add(self.none_box, 0, 0)
        self.reflow = ReflowGrid(
            self,
            layout,
            [[self.boxes[site], self.sides[site]] for site in self.sites],
            self.none_box,
            columns,
            self.grid,
        )
        self._updating = False

    def minimumSizeHint(self) -> QSize:
        return QSize(self.reflow.narrowest(), super().minimumSizeHint().height())

    def value(self) -> tuple[list[str] | None, dict[str, str] | None]:
        chosen = [s for s in self.sites if self.boxes[s].isChecked()]
        sides = {s: str(self.sides[s].value()) for s in chosen if self.sides[s].value() is not None}
        if chosen:
            return chosen, sides or None
        return ([] if self.none_box.isChecked() else None), None

    def set_value(self, sites: list[str] | None, sides: dict[str, str] | None) -> None:
        self._updating = True
        for site, box in self.boxes.items():
            ticked = bool(sites) and site in (sites or ())
            box.setChecked(ticked)
            self.sides[site].setEnabled(ticked)
            self.sides[site].set_value((sides or {}).get(site) if ticked else None)
        self.none_box.setChecked(sites == [])
        self._updating = False

    def _emit(self) -> None:
        self.value_changed.emit(*self.value())

    def on_site_toggled(self, site: str, checked: bool) -> None:
        side = self.sides[site]
        side.setEnabled(checked)
        if not checked and side.value() is not None:
            side.blockSignals(True)
            side.set_value(None)
            side.blockSignals(False)
        if self._updating:
            return
        if checked and self.none_box.isChecked():
            self._updating = True
            self.none_box.setChecked(False)
            self._updating = False
        self._emit()

    def on_side_changed(self, _value: object) -> None:
        if not self._updating:
            self._emit()

    def on_none_toggled(self, checked: bool) -> None:
        if self._updating:
            return
        if checked:
            self._updating = True
            for box in self.boxes.values():
                box.setChecked(False)
            self._updating = False
        self._emit()


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
