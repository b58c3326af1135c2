"""The patient registry page: search as you type, the results, and the open patient beside them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.ui.operations import LatestOnly, run_in_background
from clinic_desktop.ui.patients.labels import language_labels, sex_labels
from clinic_desktop.ui.patients.patient_panel import PatientPanelWidget
from clinic_desktop.ui.patients.table_models import PatientTableModel
from clinic_desktop.ui.shortcuts import BY_ID

if TYPE_CHECKING:
    from clinic_desktop.services.patients import PatientRegistry, PatientSummary
    from clinic_desktop.services.record_numbers import RecordNumbers
    from clinic_desktop.ui.patients.patient_dialog import PatientDialog

SEARCH_DELAY_MS = 150


class SearchField(QLineEdit):
    """The search line; Down or Page Down asks to move into the results (`down_pressed`)."""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


class PatientRegistryWidget(QWidget):
    """Find, open, register and edit patients; asks for an assessment by signal.

    Signals: `assessment_requested(patient_id)` when the clinician starts an assessment,
    `patient_saved(patient_id)` after the dialog stored a patient, `search_finished(count)`
    when a search's results are on screen, `patient_opened(patient_id)`.
    """

    assessment_requested = Signal(int)
    patient_saved = Signal(int)
    patient_opened = Signal(int)
    search_finished = Signal(int)
    status_message = Signal(str)

    def __init__(
        self, registry: PatientRegistry | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._registry = registry
        self._search = LatestOnly(self)
        self._searching = False
        self._open_first_on_arrival = False
        self._showing_row = False
        # The program's own record numbers, when the administrator set them (session sets these).
        self.record_numbers: RecordNumbers | None = None
        self.next_number: str | None = None

        self.search_edit = SearchField()
        self.search_edit.setPlaceholderText(
            self.tr("Name, MRN or date of birth (YYYY-MM-DD or DD/MM/YYYY)")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Search patients"))
        self.search_edit.down_pressed.connect(self.on_search_down_pressed)
        search_label = QLabel(self.tr("&Search:"))
        search_label.setBuddy(self.search_edit)
        self.new_patient_button = QPushButton(self.tr("&New patient…"))
        self.new_patient_button.setToolTip(self.tr("Register a new patient (Ctrl+N)"))
        self.new_patient_button.clicked.connect(self.new_patient)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.search_now)
        self.search_edit.textChanged.connect(self.on_search_text_changed)
        self.search_edit.returnPressed.connect(self.on_search_return_pressed)

        self.results_model = PatientTableModel(self)
        self.results_view = QTableView()
        self.results_view.setModel(self.results_model)
        self.results_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the table for the next control instead of walking its cells.
        self.results_view.setTabKeyNavigation(False)
        self.results_view.setAccessibleName(self.tr("Patients found"))
        self.results_view.verticalHeader().hide()
        self._size_columns()
        # A click (or the arrow keys) shows the patient beside the list; Enter or a double
        # click opens them (activated; on every platform, not only where a click activates).
        self.results_view.doubleClicked.connect(self.on_result_activated)
        self.results_view.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.results_view.installEventFilter(self)
        back_to_search = QShortcut(
            BY_ID["back_to_search"].sequences()[0],
            self.results_view,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        back_to_search.activated.connect(self.on_back_to_search)
        self.results_status = QLabel()
        self.results_status.setTextFormat(Qt.TextFormat.PlainText)
        # Its width follows the layout, not its text: a new count must not re-lay out the page.
        self.results_status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        self.panel = PatientPanelWidget(registry)
        self.panel.assessment_requested.connect(self.assessment_requested)
        self.panel.edit_requested.connect(self.on_edit_requested)

        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.new_patient_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.results_view, 1)
        left_layout.addWidget(self.results_status)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.setTabOrder(self.search_edit, self.new_patient_button)
        self.setTabOrder(self.new_patient_button, self.results_view)
        self.setTabOrder(self.results_view, self.panel.new_assessment_button)
        self.setFocusProxy(self.search_edit)
        if registry is None:
            # Nobody signed in yet: keys typed before the sign-in dialog takes the keyboard
            # (a password among them) must not land in the search field, shown in clear.
            self.search_edit.setEnabled(False)
            self.new_patient_button.setEnabled(False)
            self.results_status.setText(self.tr("Opening the records…"))

    def set_registry(self, registry: PatientRegistry) -> None:
        """Start working on `registry` (the window may be shown before the records are open)."""
        self._registry = registry
        self.panel.set_registry(registry)
        self.search_edit.setEnabled(True)
        self.new_patient_button.setEnabled(True)
        self.search_now()

    def clear_registry(self) -> None:
        """Forget the records (after sign-out): the list, the search and the open patient."""
        self._search.cancel()
        self._debounce.stop()
        self._registry = None
        self.panel.set_registry(None)
        self.panel.show_patient(None)
        self.results_model.set_rows([])
        self.search_edit.clear()
        self.search_edit.setEnabled(False)
        self.new_patient_button.setEnabled(False)
        self.results_status.setText("")
        self.use_record_numbers(None)

    @property
    def has_registry(self) -> bool:
        return self._registry is not None

    def _size_columns(self) -> None:
        """Widths from the font and sample values, never from the rows.

        Sizing to contents measured all 200 rows of every search on the GUI thread
        (about 50 ms); the names stretch, the rest fit their longest sample and can be
        widened by hand (the tooltip shows a cell's whole text).
        """
        header = self.results_view.horizontalHeader()
        header_metrics = header.fontMetrics()
        metrics = self.results_view.fontMetrics()
        samples = {
            0: "MRN00-00000000",  # 14 characters, common in clinic MRNs
            3: "0000-00-00",
            4: max(sex_labels().values(), key=len),
            5: max(language_labels().values(), key=len),
        }
        padding = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 12
        for column, sample in samples.items():
            title = str(self.results_model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), header_metrics.horizontalAdvance(title))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width + padding)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    # searching -------------------------------------------------------------

    def on_search_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def search_now(self) -> None:
        """Run the search for the field's current text at once (the debounce timer calls this)."""
        self._debounce.stop()
        if self._registry is None:
            return  # what was typed is kept; set_registry searches for it
        text = self.search_edit.text()
        self._searching = True
        self._search.submit(
            self._registry.search, text, on_done=lambda found: self.on_search_done(text, found)
        )

    def on_search_done(self, text: str, found: list[PatientSummary]) -> None:
        self._searching = False
        had_focus = self.results_view.hasFocus()
        self.results_model.set_rows(found)
        opened = self.panel.patient
        opened_row = next(
            (row for row, p in enumerate(found) if opened is not None and p.id == opened.id), None
        )
        if opened is not None and opened_row is None:
            # The panel must never show a patient the results beside it no longer list.
            self.panel.show_patient(None)
        # A row is selected only when its patient is the one shown beside the list.
        self._showing_row = True
        if opened_row is not None:
            self.results_view.selectRow(opened_row)
        else:
            self.results_view.clearSelection()
            self.results_view.setCurrentIndex(self.results_model.index(-1, -1))
        self._showing_row = False
        if found:
            self.results_status.setText(self.tr("Patients found: %n", "", len(found)))
        elif text.strip():
            self.results_status.setText(
                self.tr("No patient matches “{text}”.").format(text=text.strip())
            )
        else:
            self.results_status.setText(self.tr("No patients registered yet."))
        if had_focus:
            self.results_view.setFocus()
        self.search_finished.emit(len(found))
        if self._open_first_on_arrival:
            self._open_first_on_arrival = False
            if found:
                self.open_patient(found[0])

    def on_search_down_pressed(self) -> None:
        # Down arrow in the search field walks into the results, as in a browser's address bar.
        if self.results_model.rowCount() == 0:
            return
        self.results_view.setFocus()
        current = self.results_view.currentIndex()
        self.results_view.selectRow(current.row() if current.isValid() else 0)

    def on_back_to_search(self) -> None:
        """Escape in the results returns to the search field, its text selected to retype."""
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def on_search_return_pressed(self) -> None:
        """Enter in the search field opens the highlighted result (the first one by default)."""
        if self._debounce.isActive() or self._searching:
            # The results on screen are for older text: open the first of the new ones.
            self._open_first_on_arrival = True
            if self._debounce.isActive():
                self.search_now()
            return
        current = self.results_view.currentIndex()
        row = current.row() if current.isValid() else 0
        if self.results_model.rowCount() > row:
            self.open_patient(self.results_model.row_at(row))

    def on_result_activated(self, index) -> None:
        if index.isValid():
            self.open_patient(self.results_model.row_at(index.row()))

    def on_current_row_changed(self, current, _previous) -> None:
        """The row the clinician moved to (a click, an arrow key) shows its patient."""
        if self._showing_row or not current.isValid():
            return
        patient = self.results_model.row_at(current.row())
        if self.panel.patient is None or self.panel.patient.id != patient.id:
            self.show_patient(patient)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on a row opens it: the view's own "activated" depends on the platform style.
        if (
            watched is self.results_view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.on_result_activated(self.results_view.currentIndex())
            return True
        return super().eventFilter(watched, event)

    # the open patient ------------------------------------------------------

    def show_patient(self, patient: PatientSummary) -> None:
        """Show `patient` and their visits beside the results (a record viewed: audited)."""
        self.panel.show_patient(patient)
        self._select(patient)
        self.patient_opened.emit(patient.id)

    def open_patient(self, patient: PatientSummary) -> None:
        """Show `patient` and their visits beside the results; focus moves to the panel."""
        if self.panel.patient != patient:
            self.show_patient(patient)
        self.panel.new_assessment_button.setFocus()

    def _select(self, patient: PatientSummary) -> None:
        row = next(
            (
                r
                for r in range(self.results_model.rowCount())
                if self.results_model.row_at(r).id == patient.id
            ),
            None,
        )
        self._showing_row = True
        if row is None:
            self.results_view.clearSelection()
        else:
            self.results_view.selectRow(row)
        self._showing_row = False

    def current_patient(self) -> PatientSummary | None:
        return self.panel.patient

    # the dialog ------------------------------------------------------------

    def new_patient(self) -> PatientDialog | None:
        """Open the dialog for a new patient (window-modal; returns at once; None before the records open)."""
        return self._open_dialog(None)

    def edit_patient(self, patient: PatientSummary) -> PatientDialog | None:
        return self._open_dialog(patient)

    def on_edit_requested(self, patient_id: int) -> None:
        patient = self.panel.patient
        if patient is not None and patient.id == patient_id:
            self.edit_patient(patient)

    def _open_dialog(self, patient: PatientSummary | None) -> PatientDialog | None:
        if self._registry is None:
            return None
        # Imported on first use: the dialog is not needed to show the window.
        from clinic_desktop.ui.patients.patient_dialog import PatientDialog

        dialog = PatientDialog(
            self._registry,
            patient,
            self,
            record_numbers=self.record_numbers,
            next_number=self.next_number,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.patient_saved.connect(self.on_patient_saved)
        dialog.open()
        return dialog

    def use_record_numbers(self, numbers: RecordNumbers | None) -> None:
        """Offer the program's numbering in the new-patient dialog (None: the clinic numbers)."""
        self.record_numbers = numbers
        self.refresh_next_number()

    def refresh_next_number(self) -> None:
        numbers = self.record_numbers
        if numbers is None:
            self.next_number = None
            return

        def preview() -> str | None:
            numbering = numbers.numbering()
            return None if numbering is None else numbering.format(numbering.next_number)

        run_in_background(
            preview, on_done=self._set_next_number, on_error=self._next_number_unknown, context=self
        )

    def _set_next_number(self, number: str | None) -> None:
        self.next_number = number

    def _next_number_unknown(self, _error: BaseException) -> None:
        # The records could not be read (a server gone, the session closing): the dialog offers
        # no number, the clinic types one; whatever else needs the records says what is wrong.
        self.next_number = None

    def on_patient_saved(self, patient: PatientSummary) -> None:
        self.open_patient(patient)
        self.status_message.emit(self.tr("Patient saved."))
        self.refresh_next_number()
        self.patient_saved.emit(patient.id)
        # Show the saved patient in the list too: search for their MRN.
        self.search_edit.setText(patient.mrn)
        self.search_now()
