"""The held results: what a laboratory sent that the program would not place by itself.

Each row says what arrived (file, place in it, the patient as the laboratory named them,
the code, value and unit) and why it is held. The clinician places one in a pending order,
naming the test and the unit it was reported in (read from the laboratory's own report), or
dismisses it with a note. Nothing here is stored in a record until the clinician says so;
every decision runs on the serial writer and is audited by the service.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.services.results_import import HeldResult
from clinic_desktop.ui.controls import ComboBox
from clinic_desktop.ui.operations import run_on_writer
from clinic_desktop.ui.results.desk import reason_text

PendingItem = tuple[int, str, str, int, str]


class PlaceResultDialog(QDialog):
    """Place one held result: the pending order, the test and the unit, all chosen by the clinician."""

    def __init__(
        self,
        held: HeldResult,
        pending: list[PendingItem],
        tests: list[tuple[str, str]],
        units_for: Callable[[str], tuple[str, ...]],
        suggested_test: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("place_result")
        self.setWindowTitle(self.tr("Place a held result"))
        self._pending = pending
        self._units_for = units_for
        result = held.result
        form = QFormLayout(self)
        arrived = QLabel(
            self.tr("{0} {1} {2} ({3}), sampled {4}").format(
                result.code or "?",
                result.value_text or "",
                result.unit or "",
                result.display or "",
                result.collected_at or self.tr("at an unknown time"),
            ),
            self,
        )
        arrived.setTextFormat(Qt.TextFormat.PlainText)
        arrived.setWordWrap(True)
        form.addRow(self.tr("As received:"), arrived)
        why = QLabel(reason_text(held.reason), self)
        why.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.tr("Held because:"), why)
        self.test = ComboBox(self)
        self.test.setObjectName("place_test")
        self.test.setAccessibleName(self.tr("Test"))
        for test, name in tests:
            self.test.addItem(name, test)
        if suggested_test is not None:
            self.test.setCurrentIndex(max(self.test.findData(suggested_test), 0))
        test_label = QLabel(self.tr("&Test:"), self)
        test_label.setBuddy(self.test)
        form.addRow(test_label, self.test)
        self.unit = ComboBox(self)
        self.unit.setObjectName("place_unit")
        self.unit.setAccessibleName(self.tr("Unit the laboratory reported it in"))
        unit_label = QLabel(self.tr("&Unit:"), self)
        unit_label.setBuddy(self.unit)
        form.addRow(unit_label, self.unit)
        self.order = ComboBox(self)
        self.order.setObjectName("place_order")
        self.order.setAccessibleName(self.tr("Pending order"))
        order_label = QLabel(self.tr("&Order:"), self)
        order_label.setBuddy(self.order)
        form.addRow(order_label, self.order)
        self.note = QLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        form.addRow(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Place"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.test.currentIndexChanged.connect(self.on_test_changed)
        self.on_test_changed()
        self._received_unit = result.unit

    def on_test_changed(self, _index: int = -1) -> None:
        test = str(self.test.currentData())
        self.unit.clear()
        for unit in self._units_for(test):
            self.unit.addItem(unit, unit)
        self.order.clear()
        for item_id, number, item_test, _patient, name in self._pending:
            if item_test == test:
                self.order.addItem(f"{number} — {name}", item_id)
        has_order = self.order.count() > 0
        self.note.setText(
            ""
            if has_order
            else self.tr("No order waits for this test: dismiss the result, or order the test.")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(has_order)

    def choice(self) -> tuple[int, str, str]:
        """(order item id, test, unit) as chosen."""
        return (
            int(self.order.currentData()),
            str(self.test.currentData()),
            str(self.unit.currentData()),
        )


COLUMNS = ("received", "patient", "code", "value", "reason")


class HeldResultsWidget(QWidget):
    """The list of held results, with Place… and Dismiss…; `refresh()` reads it again."""

    changed = Signal()
    """A result was placed (a visit may hold new results) or dismissed."""

    def __init__(
        self,
        service: Any,
        submit: Callable[..., Future[Any]],
        catalog: Any,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("held_results")
        self.service = service
        self.submit = submit
        self.catalog = catalog
        self.language = language
        self.held: list[HeldResult] = []
        self._notice = ""
        heading = QLabel(self.tr("Held lab results"), self)
        heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        explanation = QLabel(
            self.tr(
                "Results the program would not place by itself. Nothing of them is in any record "
                "until you place them in an order or dismiss them."
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Received"),
                self.tr("Patient as sent"),
                self.tr("Test as sent"),
                self.tr("Value"),
                self.tr("Why it is held"),
            ]
        )
        self.table = QTableView(self)
        self.table.setObjectName("held_table")
        self.table.setAccessibleName(self.tr("Held lab results"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.on_place_clicked())
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.place_button = QPushButton(self.tr("&Place in an order…"), self)
        self.place_button.setObjectName("place_held")
        self.place_button.clicked.connect(self.on_place_clicked)
        self.dismiss_button = QPushButton(self.tr("&Dismiss…"), self)
        self.dismiss_button.setObjectName("dismiss_held")
        self.dismiss_button.clicked.connect(self.on_dismiss_clicked)
        self.refresh_button = QPushButton(self.tr("Re&fresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.message = QLabel(self)
        self.message.setObjectName("held_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.place_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setFocusProxy(self.table)
        self._update_buttons()
        self.refresh()

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """`fn(*args)` on the session's writer; the answer is dropped if this page has closed."""
        run_on_writer(self.submit, fn, *args, on_done=on_done, on_error=on_error, context=self)

    def refresh(self) -> None:
        self.run(self.service.held, on_done=self.show_held)

    def show_held(self, held: list[HeldResult]) -> None:
        self.held = held
        self.model.removeRows(0, self.model.rowCount())
        for hold in held:
            result = hold.result
            patient = result.patient
            born = patient.birth_date.isoformat() if patient.birth_date else "?"
            cells = (
                f"{hold.file_name} ({result.position})",
                f"{patient.mrn or '?'} — {patient.family_name or ''}, "
                f"{patient.given_name or ''} — {born}",
                f"{result.code or '?'} {result.display or ''}".strip(),
                f"{result.value_text or ''} {result.unit or ''}".strip(),
                reason_text(hold.reason),
            )
            row = []
            for text in cells:
                item = QStandardItem(text)
                item.setEditable(False)
                row.append(item)
            self.model.appendRow(row)
        if held:
            self.table.selectRow(0)
        count = (
            self.tr("%n held result(s) wait for you.", "", len(held))
            if held
            else self.tr("No held results.")
        )
        self.message.setText(f"{self._notice} {count}".strip())
        self._notice = ""
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        self.place_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)

    def current(self) -> HeldResult | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.held):
            return None
        return self.held[index.row()]

    def on_place_clicked(self) -> None:
        held = self.current()
        if held is None:
            return
        self.run(self.service.pending_items, on_done=lambda pending: self._ask_place(held, pending))

    def _ask_place(self, held: HeldResult, pending: list[PendingItem]) -> None:
        catalog = self.catalog
        tests = [(test, catalog.display_name(test, self.language)) for test in catalog.tests()]
        suggested = catalog.test_for_loinc(held.result.code) if held.result.code else None
        dialog = PlaceResultDialog(held, pending, tests, catalog.units_for, suggested, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._place(held, *dialog.choice()))
        dialog.open()

    def _place(self, held: HeldResult, item_id: int, test: str, unit: str) -> None:
        self.run(
            self.service.place_held,
            held.id,
            item_id,
            test,
            unit,
            on_done=lambda _placed: self._after_change(self.tr("The result was placed.")),
            on_error=self._refused,
        )

    def on_dismiss_clicked(self) -> None:
        held = self.current()
        if held is None:
            return
        note, accepted = QInputDialog.getText(
            self,
            self.tr("Dismiss a held result"),
            self.tr("Why does this result belong in no record here?"),
            QLineEdit.EchoMode.Normal,
        )
        if not accepted:
            return
        if not note.strip():
            self.message.setText(self.tr("Say why the result is dismissed."))
            return
        self.run(
            self.service.dismiss_held,
            held.id,
            note,
            on_done=lambda _none: self._after_change(self.tr("The result was dismissed.")),
            on_error=self._refused,
        )

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, ValueError | LookupError):
            self.message.setText(self.tr("Not done: {0}").format(error))
            return
        from clinic_desktop.ui.errors import report_unexpected

        report_unexpected(error)

    def _after_change(self, text: str) -> None:
        self._notice = text
        self.changed.emit()
        self.refresh()
