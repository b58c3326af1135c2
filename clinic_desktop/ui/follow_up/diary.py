"""The cramp diary typed in at a follow-up: the diary page of the printed plan, row by row.

The entries so far are listed over a form with the page's columns (date, time, where, how long,
how bad 0-10, what helped). Add checks the row as typed; a field that cannot be stored keeps its
text and says why under the form, naming the field; nothing is clamped. Saving runs off the
GUI thread; the diary feeds the trends.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.diary import DiaryEntry, DiaryError, diary_entry
from clinic_desktop.domain.vocabulary import PAIN_SCORE_RANGE, SIDES, SITES
from clinic_desktop.ui.controls import DateEdit
from clinic_desktop.ui.wizard.fields import ERROR_STYLE, OptionalChoice, label, parse_number

Submit = Callable[..., "Future[Any]"]


class DiaryDialog(QDialog):
    """The patient's diary and a form for the next entry."""

    saved = Signal()
    _done = Signal(object, object)

    def __init__(
        self,
        entries: list[DiaryEntry],
        save: Callable[[DiaryEntry], Future[Any]],
        today: date,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("diary_dialog")
        self.setWindowTitle(self.tr("Cramp diary"))
        self.entries = list(entries)
        self.save = save
        self.today = today
        self._done.connect(self.on_done, Qt.ConnectionType.QueuedConnection)

        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("diary_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Time"),
                self.tr("Where"),
                self.tr("How long (seconds)"),
                self.tr("How bad (0-10)"),
                self.tr("What helped"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("Diary entries"))

        self.day = DateEdit(QDate(today.year, today.month, today.day), self)
        self.day.setObjectName("diary_date")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.time = QLineEdit(self)
        self.time.setObjectName("diary_time")
        self.time.setPlaceholderText(self.tr("HH:MM"))
        self.site = OptionalChoice(
            [(s, label(s)) for s in SITES], self, empty_text=self.tr("— not written")
        )
        self.site.setObjectName("diary_site")
        self.side = OptionalChoice(
            [(s, label(s)) for s in SIDES], self, empty_text=self.tr("— not written")
        )
        self.side.setObjectName("diary_side")
        self.duration = QLineEdit(self)
        self.duration.setObjectName("diary_duration")
        low, high = PAIN_SCORE_RANGE
        self.intensity = OptionalChoice(
            [(n, str(n)) for n in range(low, high + 1)], self, empty_text=self.tr("— not written")
        )
        self.intensity.setObjectName("diary_intensity")
        self.relief = QLineEdit(self)
        self.relief.setObjectName("diary_relief")
        self.add_button = QPushButton(self.tr("&Add to the diary"), self)
        self.add_button.setObjectName("diary_add")
        self.add_button.setAutoDefault(True)
        self.add_button.clicked.connect(self.on_add)
        self.message = QLabel(self)
        self.message.setObjectName("diary_message")
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("&Date:"), self.day)
        form.addRow(self.tr("&Time:"), self.time)
        form.addRow(self.tr("&Where:"), self.site)
        form.addRow(self.tr("Si&de:"), self.side)
        form.addRow(self.tr("How &long (seconds):"), self.duration)
        form.addRow(self.tr("How &bad (0-10):"), self.intensity)
        form.addRow(self.tr("What &helped:"), self.relief)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(820, 600)
        self.show_entries()
        self.day.setFocus()

    def field_names(self) -> dict[str, str]:
        return {
            "occurred_on": self.tr("Date"),
            "occurred_time": self.tr("Time"),
            "site": self.tr("Where"),
            "side": self.tr("Side"),
            "duration_seconds": self.tr("How long (seconds)"),
            "intensity": self.tr("How bad (0-10)"),
            "relief": self.tr("What helped"),
        }

    def show_entries(self) -> None:
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            where = " ".join(label(t) for t in (entry.site, entry.side) if t)
            cells = [
                entry.occurred_on.isoformat(),
                entry.occurred_time or "",
                where,
                "" if entry.duration_seconds is None else f"{entry.duration_seconds:g}",
                "" if entry.intensity is None else str(entry.intensity),
                entry.relief or "",
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.scrollToBottom()

    def reasons(self) -> dict[str, str]:
        """domain.diary's reasons in the interface's language."""
        return {
            "the date of the cramp is required": self.tr("the date of the cramp is required"),
            "the date is after today": self.tr("the date is after today"),
            "write the time as HH:MM, 00:00 to 23:59": self.tr(
                "write the time as HH:MM, 00:00 to 23:59"
            ),
            "not a site the program knows": self.tr("not a site the program knows"),
            "not left, right or both sides": self.tr("not left, right or both sides"),
            "a cramp lasts more than 0 seconds and at most a day": self.tr(
                "a cramp lasts more than 0 seconds and at most a day"
            ),
            "intensity is 0 to 10": self.tr("intensity is 0 to 10"),
            "at most 500 characters": self.tr("at most 500 characters"),
            "holds a control character": self.tr("holds a control character"),
        }

    def show_problem(self, field: str, message: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(
            self.tr("Not added: {0}: {1}").format(
                self.field_names().get(field, field), self.reasons().get(message, message)
            )
        )

    def on_add(self) -> None:
        duration: float | None = None
        if self.duration.text().strip():
            try:
                duration = parse_number(self.duration.text())
            except ValueError:
                self.show_problem("duration_seconds", self.tr("not a number"))
                self.duration.setFocus()
                return
        picked = self.day.date()
        try:
            entry = diary_entry(
                date(picked.year(), picked.month(), picked.day()),
                today=self.today,
                occurred_time=self.time.text(),
                site=self.site.value(),  # type: ignore[arg-type]
                side=self.side.value(),  # type: ignore[arg-type]
                duration_seconds=duration,
                intensity=self.intensity.value(),  # type: ignore[arg-type]
                relief=self.relief.text(),
            )
        except DiaryError as error:
            self.show_problem(error.field, error.message)
            return
        self.add_button.setEnabled(False)
        future = self.save(entry)
        future.add_done_callback(lambda f: self._done.emit(f, entry))

    def on_done(self, future: Future[Any], entry: DiaryEntry) -> None:
        self.add_button.setEnabled(True)
        error = future.exception()
        if error is not None:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(self.tr("Not saved: {0}").format(error))
            return
        self.entries.append(entry)
        self.entries.sort(key=lambda e: (e.occurred_on, e.occurred_time or ""))
        self.show_entries()
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Added: {0}").format(entry.occurred_on.isoformat()))
        for field in (self.time, self.duration, self.relief):
            field.clear()
        self.intensity.set_value(None)
        self.saved.emit()
        self.day.setFocus()
