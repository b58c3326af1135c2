"""Read-only Qt table models over the registry's plain results: patients and their visits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from clinic_desktop.ui.patients.labels import language_label, sex_label, status_label

if TYPE_CHECKING:
    # Types only: the window is on screen before the database layer is imported.
    from clinic_desktop.services.patients import PatientSummary, VisitSummary

AnyIndex = QModelIndex | QPersistentModelIndex


class _RowsModel(QAbstractTableModel):
    """A table whose rows are immutable summaries and whose columns are (title, text-of-row)."""

    columns: ClassVar[Sequence[tuple[str, Callable[[Any], str]]]] = ()
    context: ClassVar[str] = ""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        _title, text = self.columns[index.column()]
        return text(self._rows[index.row()])

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self.context, self.columns[section][0])
        return None


def _optional_date(value: Any) -> str:
    return "" if value is None else value.isoformat()


class PatientTableModel(_RowsModel):
    """The search results: one patient a row."""

    context = "PatientTableModel"
    # Titles are translated in headerData, under this model's context.
    columns = (
        ("MRN", lambda p: p.mrn),
        ("Family name", lambda p: p.family_name),
        ("Given name", lambda p: p.given_name),
        ("Date of birth", lambda p: p.birth_date.isoformat()),
        ("Sex", lambda p: sex_label(p.sex)),
        ("Language", lambda p: language_label(p.language)),
    )

    def row_at(self, row: int) -> PatientSummary:
        return self._rows[row]


class VisitTableModel(_RowsModel):
    """A patient's visits, newest first, as the registry returns them."""

    context = "VisitTableModel"
    columns = (
        ("Visit date", lambda v: _optional_date(v.visit_date)),
        ("Status", lambda v: status_label(v.status)),
        ("Signed by", lambda v: v.signed_by or ""),
        ("Last saved", lambda v: v.updated_at.strftime("%Y-%m-%d %H:%M")),
    )

    def row_at(self, row: int) -> VisitSummary:
        return self._rows[row]
