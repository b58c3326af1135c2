"""The audit view: filter the log by date, user, patient and action, sort by any column, export CSV.

Sorting re-queries the log by a whitelisted column name (services.audit.SORTABLE_COLUMNS);
nothing typed here is put into SQL.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.services.audit import ACTIONS, AuditLog, AuditRecord, write_csv
from clinic_desktop.ui.controls import ComboBox, DateEdit, caption

COLUMNS = ("id", "at", "username", "action", "patient_id", "entity")


def _local_midnight(day: QDate) -> datetime:
    return datetime.combine(date(day.year(), day.month(), day.day()), time.min).astimezone(UTC)


class AuditTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[AuditRecord] = []
        self.headers = (
            self.tr("#"),
            self.tr("When"),
            self.tr("User"),
            self.tr("Action"),
            self.tr("Patient"),
            self.tr("Record"),
        )

    def set_records(self, records: list[AuditRecord]) -> None:
        self.beginResetModel()
        self.records = records
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        record = self.records[index.row()]
        column = COLUMNS[index.column()]
        if column == "at":
            return record.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        if column == "entity":
            return f"{record.entity} {record.entity_id}" if record.entity else ""
        value = getattr(record, column)
        return "" if value is None else str(value)


class AuditViewWidget(QWidget):
    def __init__(self, audit: AuditLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.audit = audit
        self.sort_column = "at"
        self.descending = True
        today = QDate.currentDate()
        self.since = DateEdit(today.addDays(-30))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.until = DateEdit(today)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("any user"))
        self.patient = QLineEdit()
        self.patient.setPlaceholderText(self.tr("any patient id"))
        self.action = ComboBox()
        self.action.addItem(self.tr("any action"), "")
        for action in ACTIONS:
            self.action.addItem(action.replace("_", " "), action)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        search = QPushButton(self.tr("Filter"))
        search.clicked.connect(self.refresh)
        export = QPushButton(self.tr("Export CSV..."))
        export.clicked.connect(self.on_export_clicked)
        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("From"), self.since),
            (self.tr("To"), self.until),
            (self.tr("User"), self.user),
            (self.tr("Patient"), self.patient),
            (self.tr("Action"), self.action),
        ):
            filters.addWidget(caption(QLabel(label), widget))
            filters.addWidget(widget)
        filters.addWidget(search)
        filters.addWidget(export)
        self.model = AuditTableModel()
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Audit log"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setSortIndicator(COLUMNS.index(self.sort_column), Qt.SortOrder.DescendingOrder)
        header.sectionClicked.connect(self.on_header_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table)
        for line_edit in (self.user, self.patient):
            line_edit.returnPressed.connect(self.refresh)
        self.refresh()

    def _filters(self) -> dict[str, object] | None:
        patient_text = self.patient.text().strip()
        if patient_text and not patient_text.isdigit():
            self.message.setText(self.tr("Patient: type the patient's number, or leave it empty."))
            self.patient.setFocus()
            return None
        # Local midnights: the clinician means days on the clinic's clock.
        since = _local_midnight(self.since.date())
        until = _local_midnight(self.until.date()) + timedelta(days=1)
        return {
            "since": since,
            "until": until,
            "username": self.user.text().strip() or None,
            "patient_id": int(patient_text) if patient_text else None,
            "action": self.action.currentData() or None,
        }

    def refresh(self) -> None:
        filters = self._filters()
        if filters is None:
            return
        records = self.audit.query(sort=self.sort_column, descending=self.descending, **filters)  # type: ignore[arg-type]
        self.model.set_records(records)
        self.message.setText(self.tr("%n entries", "", len(records)))

    def on_header_clicked(self, section: int) -> None:
        column = COLUMNS[section]
        if column == self.sort_column:
            self.descending = not self.descending
        else:
            self.sort_column, self.descending = column, False
        order = Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(section, order)
        self.refresh()

    def csv_text(self) -> str:
        stream = io.StringIO()
        write_csv(self.model.records, stream)
        return stream.getvalue()

    def on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export audit log"), "audit.csv", "CSV (*.csv)"
        )
        if not path:
            return
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(self.csv_text())
        self.audit.record("export", detail={"what": "audit_log", "rows": len(self.model.records)})
