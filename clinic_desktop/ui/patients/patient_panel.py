"""The open patient: who they are, their visits, and the buttons to start an assessment or edit them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.ui.operations import LatestOnly
from clinic_desktop.ui.patients.labels import language_label, sex_label
from clinic_desktop.ui.patients.table_models import VisitTableModel
from clinic_desktop.ui.shortcuts import BY_ID

if TYPE_CHECKING:
    from clinic_desktop.services.patients import PatientRegistry, PatientSummary, VisitSummary


class PatientPanelWidget(QWidget):
    """Shows one patient and their visits, newest first; empty until a patient is opened."""

    assessment_requested = Signal(int)
    edit_requested = Signal(int)
    visit_opened = Signal(int)
    visits_loaded = Signal(int)

    def __init__(
        self, registry: PatientRegistry | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._registry = registry
        self._patient: PatientSummary | None = None
        self._may_assess = True
        self._not_allowed_reason = ""
        self._visit_loader = LatestOnly(self)

        self.name_label = QLabel()
        self.name_label.setProperty("role", "patient-name")
        self.details_label = QLabel()
        for label in (self.name_label, self.details_label):
            # Patient data is shown as typed: a name like "<b>x</b>" must not become bold.
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)

        self.visits_model = VisitTableModel(self)
        self.visits_view = QTableView()
        self.visits_view.setModel(self.visits_model)
        self.visits_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.visits_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.visits_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.visits_view.setTabKeyNavigation(False)
        self.visits_view.verticalHeader().hide()
        self.visits_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.visits_view.horizontalHeader().setStretchLastSection(True)
        self.visits_view.activated.connect(self.on_visit_activated)
        self.visits_title = QLabel(self.tr("&Visits"))
        self.visits_title.setBuddy(self.visits_view)
        self.visits_status = QLabel()
        self.visits_status.setWordWrap(True)

        self.new_assessment_button = QPushButton(self.tr("New assessment"))
        self.new_assessment_button.setShortcut(BY_ID["new_assessment"].sequences()[0])
        self.new_assessment_button.setToolTip(self.tr("Start a new assessment (Ctrl+Shift+A)"))
        self.new_assessment_button.clicked.connect(self.on_new_assessment_clicked)
        self.edit_button = QPushButton(self.tr("Edit patient"))
        self.edit_button.setShortcut(BY_ID["edit_patient"].sequences()[0])
        self.edit_button.setToolTip(self.tr("Correct this patient's details (Ctrl+E)"))
        self.edit_button.clicked.connect(self.on_edit_clicked)

        # Enter presses the focused button as Space does (opening a patient focuses New assessment).
        self.new_assessment_button.setAutoDefault(True)
        self.edit_button.setAutoDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_assessment_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name_label)
        layout.addWidget(self.details_label)
        layout.addLayout(buttons)
        layout.addWidget(self.visits_title)
        layout.addWidget(self.visits_view, 1)
        layout.addWidget(self.visits_status)
        self.setTabOrder(self.new_assessment_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.visits_view)
        self.show_patient(None)

    @property
    def patient(self) -> PatientSummary | None:
        return self._patient

    def set_registry(self, registry: PatientRegistry | None) -> None:
        self._registry = registry

    def allow_assessments(self, allowed: bool, reason: str) -> None:
        """Whether the signed-in user may start one; if not, the button says why, disabled."""
        self._may_assess = allowed
        self._not_allowed_reason = reason
        self._show_buttons()

    def _show_buttons(self) -> None:
        shown = self._patient is not None
        self.new_assessment_button.setEnabled(shown and self._may_assess)
        self.new_assessment_button.setToolTip(
            self._not_allowed_reason
            if not self._may_assess
            else self.tr("Start a new assessment (Ctrl+Shift+A)")
        )

    def show_patient(self, patient: PatientSummary | None) -> None:
        """Show `patient` (or nothing) and load their visits in the background."""
        self._patient = patient
        self.visits_model.set_rows([])
        enabled = patient is not None
        for widget in (self.edit_button, self.visits_view):
            widget.setEnabled(enabled)
        self._show_buttons()
        if patient is None:
            self._visit_loader.cancel()
            self.name_label.setText(self.tr("No patient open"))
            self.details_label.setText(
                self.tr("Search for a patient and press Enter, or register a new patient.")
            )
            self.visits_status.setText("")
            return
        self.name_label.setText(f"{patient.family_name}, {patient.given_name}")
        self.details_label.setText(
            self.tr("MRN {mrn} · born {birth} · {sex} · {language}").format(
                mrn=patient.mrn,
                birth=patient.birth_date.isoformat(),
                sex=sex_label(patient.sex),
                language=language_label(patient.language),
            )
        )
        if self._registry is None:
            return
        self.visits_status.setText(self.tr("Loading visits…"))
        self._visit_loader.submit(self._registry.visits, patient.id, on_done=self.on_visits_loaded)

    def on_visits_loaded(self, visits: list[VisitSummary]) -> None:
        self.visits_model.set_rows(visits)
        if visits:
            self.visits_status.setText(self.tr("Visits: %n", "", len(visits)))
            self.visits_view.selectRow(0)
        else:
            self.visits_status.setText(self.tr("No visits yet."))
        if self._patient is not None:
            self.visits_loaded.emit(self._patient.id)

    def on_new_assessment_clicked(self) -> None:
        if self._patient is not None:
            self.assessment_requested.emit(self._patient.id)

    def on_edit_clicked(self) -> None:
        if self._patient is not None:
            self.edit_requested.emit(self._patient.id)

    def on_visit_activated(self, index) -> None:
        if index.isValid():
            self.visit_opened.emit(self.visits_model.row_at(index.row()).id)
