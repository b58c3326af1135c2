"""The base of every wizard page: a form that scrolls up and down (never sideways), reports edits and
input problems, carries the step's note, and marks what a follow-up took from the last visit."""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QObject,
    QSignalBlocker,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.interop.limits import MAX_NOTE
from clinic_desktop.rules.evaluation import Evaluation
from clinic_desktop.ui.controls import set_read_only
from clinic_desktop.ui.style import heading
from clinic_desktop.ui.translation import installed_language

CARRIED_STYLE = "QFrame#carried { background: #fff4d6; border: 1px solid #c9a227; }"
NOTE_LINES = 3
PAGE_HEADING = 1.5
"""A page's title, in times the application font."""
MIN_GRID_WIDTH = 240


class CarriedMarker(QFrame):
    """ "From the last visit (date): confirm" over a field a follow-up took from the last visit."""

    confirm_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("carried")
        self.setStyleSheet(CARRIED_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        layout.addWidget(self.text, 1)
        self.button = QPushButton(QCoreApplication.translate("CarriedMarker", "Confirm"), self)
        self.button.setObjectName("confirm_carried")
        self.button.clicked.connect(self.confirm_clicked)
        layout.addWidget(self.button)
        self.hide()

    def show_date(self, day: str | None) -> None:
        """Show the mark for a value from the visit of `day`; None hides it (confirmed or new)."""
        if day is None:
            self.hide()
            return
        self.text.setText(
            QCoreApplication.translate(
                "CarriedMarker", "From the last visit ({0}): confirm or change it."
            ).format(day)
        )
        self.show()


class WizardPage(QScrollArea):
    """Subclasses build their form into `self.form` and write every edit into their model object."""

    edited = Signal()
    """The page changed the assessment: the rules run again and the draft is saved."""
    saved_only = Signal()
    """The page changed something the rules do not read (a note): the draft is saved."""
    field_error_changed = Signal(str, object)
    """(field path, message or None): text the page could not write into its model."""
    carried_confirmed = Signal(str)
    """A field taken from the last visit was confirmed or changed by the clinician."""

    step = ""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"{self.step}_page")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # A form never scrolls sideways: wide grids scroll inside themselves (GridScroller).
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content = QWidget(self)
        self.form = QVBoxLayout(self.content)
        self.heading = QLabel(self.content)
        self.heading.setObjectName("page_title")
        heading(self.heading, PAGE_HEADING)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addWidget(self.heading)
        self.setWidget(self.content)
        self.markers: dict[str, CarriedMarker] = {}
        self.note: QPlainTextEdit | None = None
        self._assessment: Assessment | None = None
        self.read_only = False

    def show_evaluation(self, evaluation: Evaluation) -> None:
        """Update what the page shows live from the rules (markers, derived values)."""

    def set_read_only(self, read_only: bool) -> None:
        """A signed visit: every value stays reachable by Tab and readable, none can change."""
        self.read_only = read_only
        set_read_only(self.content, read_only)

    def keep_read_only(self, widget: QWidget) -> None:
        """Controls made after the page was set read-only (rows made later, rebuilt items)."""
        if self.read_only:
            set_read_only(widget, True)

    def report_error(self, field: str, message: object) -> None:
        self.field_error_changed.emit(field, message)

    def field_errors(self) -> dict[str, str]:
        """Problems the page's fields show from the start (a stored value still in question)."""
        return {}

    # Carried forward ---------------------------------------------------------------------------
    def carried_marker(self, field: str) -> CarriedMarker:
        """A mark for `field` (a path such as "history.sites") to place over its widget."""
        marker = CarriedMarker(self.content)
        marker.setObjectName(f"carried_{field}")
        marker.confirm_clicked.connect(lambda: self.carried_confirmed.emit(field))
        self.markers[field] = marker
        return marker

    def show_carried(self, carried: dict[str, str]) -> None:
        """Mark the fields still waiting for the clinician to confirm them (field -> date)."""
        for field, marker in self.markers.items():
            marker.show_date(carried.get(field))

    def changed(self, field: str) -> None:
        """The clinician changed `field`: that confirms it if it came from the last visit."""
        self.carried_confirmed.emit(field)

    # The step's note -----------------------------------------------------------------------------
    def add_note(self, assessment: Assessment) -> QPlainTextEdit:
        """The clinician's narrative for this step, at the end of the form, kept with the visit."""
        self._assessment = assessment
        box = QGroupBox(QCoreApplication.translate("WizardPage", "Note"), self.content)
        box.setObjectName("note_box")
        layout = QVBoxLayout(box)
        note = QPlainTextEdit(box)
        note.setObjectName(f"{self.step}_note")
        note.setAccessibleName(
            QCoreApplication.translate("WizardPage", "Note: {0}").format(self.heading.text())
        )
        note.setPlaceholderText(
            QCoreApplication.translate("WizardPage", "What the fields above do not say")
        )
        note.setTabChangesFocus(True)
        note.setPlainText((assessment.notes or {}).get(self.step, ""))
        lines = note.fontMetrics().lineSpacing() * NOTE_LINES
        note.setFixedHeight(lines + 2 * note.frameWidth() + 8)
        note.textChanged.connect(self.on_note_changed)
        layout.addWidget(note)
        # Said where it was typed: a note over the limit would be kept here and refused by
        # name when the visit's export is read back (docs/exchange.md, "Limits").
        self.note_problem = QLabel(box)
        self.note_problem.setObjectName("note_problem")
        self.note_problem.setTextFormat(Qt.TextFormat.PlainText)
        self.note_problem.setWordWrap(True)
        self.note_problem.setStyleSheet("color: #a4000f;")
        self.note_problem.hide()
        layout.addWidget(self.note_problem)
        self._note_kept = note.toPlainText()
        # Before the stretch that closes every form.
        self.form.insertWidget(max(self.form.count() - 1, 0), box)
        self.note = note
        return note

    def on_note_changed(self) -> None:
        assessment = self._assessment
        if assessment is None or self.note is None:
            return
        note = self.note
        text = note.toPlainText()
        if len(text) > MAX_NOTE:
            # Never cut what was typed silently: the edit that went over is taken back whole
            # (the rest of the note stays as it was; a paste is still on the clipboard) and
            # the clinician is told why, here.
            cursor = note.textCursor().position() - (len(text) - len(self._note_kept))
            with QSignalBlocker(note):
                note.setPlainText(self._note_kept)
            moved = note.textCursor()
            moved.setPosition(max(0, min(cursor, len(self._note_kept))))
            note.setTextCursor(moved)
            number = QLocale(installed_language()).toString
            self.note_problem.setText(
                QCoreApplication.translate(
                    "WizardPage",
                    "A note holds at most {0} characters. What was just typed or pasted would "
                    "have made it {1}, so it was not added; the note is as it was before.",
                ).format(number(MAX_NOTE), number(len(text)))
            )
            self.note_problem.show()
            note.setAccessibleDescription(self.note_problem.text())
            return
        self._note_kept = text
        if self.note_problem.isVisible():
            self.note_problem.hide()
            note.setAccessibleDescription("")
        notes = dict(assessment.notes or {})
        if text.strip():
            notes[self.step] = text
        else:
            notes.pop(self.step, None)
        assessment.notes = notes or None
        self.saved_only.emit()


class GridScroller(QScrollArea):
    """Holds a wide grid: it scrolls sideways inside itself when the window is narrow, so the
    page around it never does; as tall as the grid, so it never scrolls up and down."""

    room_changed = Signal()
    """Its width or the grid's layout changed: a grid that can rearrange itself looks again."""

    def __init__(self, grid: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.setWidget(grid)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Rows added to the grid later (the examination makes most of its own in slices)
        # must make this taller: a scroll area does not pass its content's growth on.
        grid.installEventFilter(self)
        self.horizontalScrollBar().rangeChanged.connect(lambda _low, _high: self.updateGeometry())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
            self.room_changed.emit()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.room_changed.emit()

    def _height(self) -> int:
        bar = self.horizontalScrollBar()
        shown = bar.sizeHint().height() if bar.maximum() > 0 else 0
        return self.grid.minimumSizeHint().height() + shown

    def sizeHint(self) -> QSize:
        return QSize(self.grid.sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:
        # Narrow enough for any window; as tall as the grid and the scroll bar under it.
        return QSize(min(self.grid.minimumSizeHint().width(), MIN_GRID_WIDTH), self._height())
