"""The cramp diary typed in at a follow-up: the diary page of the printed plan, row by row.

The entries so far are listed over a form with the page's columns (date, time, where, how long,
how bad 0-10, what helped). Add checks the row as typed; a field that cannot be stored keeps its
text and says why under the form, naming the field; nothing is clamped. Remove (or Delete in
the list) takes an entry typed by mistake out of the diary after asking; the records keep it,
marked removed. A signed visit's diary does not change: the form is closed, and an entry typed
at a signed visit is removed only from that visit's amendment. Saving and removing run off the
GUI thread on the writer; the diary feeds the trends. Numbers and dates are written as the
interface's language writes them.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.diary import DiaryEntry, DiaryError, diary_entry
from clinic_desktop.domain.vocabulary import PAIN_SCORE_RANGE, SIDES, SITES
from clinic_desktop.services.diary import SignedVisitError, StoredDiaryEntry
from clinic_desktop.ui import formats
from clinic_desktop.ui.accessibility import tab_order
from clinic_desktop.ui.controls import DateEdit
from clinic_desktop.ui.wizard.fields import ERROR_STYLE, OptionalChoice, label, parse_number

Submit = Callable[..., "Future[Any]"]


class DiaryDialog(QDialog):
    """The patient's diary and a form for the next entry."""

    saved = Signal()
    """An entry was added or removed."""
    _done = Signal(object, object)
    _removed = Signal(object, object)

    def __init__(
        self,
        entries: list[StoredDiaryEntry],
        save: Callable[[DiaryEntry], Future[int]],
        today: date,
        parent: QWidget | None = None,
        *,
        remove: Callable[[int], Future[Any]] | None = None,
        signed_at: datetime | None = None,
    ):
        """`save(entry)` and `remove(entry_id)` run on the writer; `signed_at`: this visit is
        signed, and its diary is shown as it is."""
        super().__init__(parent)
        self.setObjectName("diary_dialog")
        self.setWindowTitle(self.tr("Cramp diary"))
        self.entries = list(entries)
        self.save = save
        self.remove = remove
        self.today = today
        self._done.connect(self.on_done, Qt.ConnectionType.QueuedConnection)
        self._removed.connect(self.on_removed, Qt.ConnectionType.QueuedConnection)

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
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("Diary entries"))

        self.day = DateEdit(QDate(today.year, today.month, today.day), self)
        self.day.setObjectName("diary_date")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(formats.day_format())
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
        self.remove_button = QPushButton(self.tr("&Remove the chosen entry…"), self)
        self.remove_button.setObjectName("diary_remove")
        self.remove_button.setAutoDefault(True)
        self.remove_button.setToolTip(self.tr("An entry typed by mistake (Delete in the list)"))
        self.remove_button.clicked.connect(self.on_remove)
        delete = QAction(self.table)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.on_remove)
        self.table.addAction(delete)
        self.message = QLabel(self)
        self.message.setObjectName("diary_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

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
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(form)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(820, 600)
        # Tab as the dialog reads: the list, its Remove button, then the form for a new entry.
        tab_order([self.table, self.remove_button, self.day])
        self.show_entries()
        self.signed_at = signed_at
        if signed_at is not None:
            form_fields = (self.day, self.time, self.site, self.side, self.duration)
            for field in (*form_fields, self.intensity, self.relief, self.add_button):
                field.setEnabled(False)
            self.remove_button.setEnabled(False)
            self.message.setText(
                self.tr(
                    "This visit was signed on {0}: its diary is shown as it is. Type in the diary "
                    "at the follow-up visit, or in an amendment of this one."
                ).format(formats.moment(signed_at))
            )
            self.table.setFocus()
        else:
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

    def show_entries(self, current: int | None = None) -> None:
        """The entries in the list; `current` (a row) is chosen, else the newest."""
        self.table.setRowCount(len(self.entries))
        for row, stored in enumerate(self.entries):
            entry = stored.entry
            where = " ".join(label(t) for t in (entry.site, entry.side) if t)
            cells = [
                formats.day(entry.occurred_on),
                entry.occurred_time or "",
                where,
                "" if entry.duration_seconds is None else formats.number(entry.duration_seconds),
                "" if entry.intensity is None else str(entry.intensity),
                entry.relief or "",
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self.entries:
            row = len(self.entries) - 1 if current is None else min(current, len(self.entries) - 1)
            self.table.setCurrentCell(row, 0)
            self.table.scrollTo(self.table.model().index(row, 0))
        self.remove_button.setEnabled(bool(self.entries) and self.remove is not None)

    def entry_text(self, entry: DiaryEntry) -> str:
        """An entry in words, for the question and the message: its day, time and where."""
        where = " ".join(label(t) for t in (entry.site, entry.side) if t)
        parts = [formats.day(entry.occurred_on), entry.occurred_time or "", where]
        return " ".join(part for part in parts if part)

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

    def show_refusal(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

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

    def on_done(self, future: Future[int], entry: DiaryEntry) -> None:
        self.add_button.setEnabled(True)
        error = future.exception()
        if error is not None:
            if isinstance(error, SignedVisitError):
                self.show_refusal(self.signed_text(error.signed_at, error.visit_date))
            else:
                self.show_refusal(self.tr("Not saved: {0}").format(error))
            return
        self.entries.append(StoredDiaryEntry(future.result(), entry, None, None))
        self.entries.sort(key=lambda e: (e.entry.occurred_on, e.entry.occurred_time or "", e.id))
        self.show_entries(next(i for i, e in enumerate(self.entries) if e.entry is entry))
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Added: {0}").format(formats.day(entry.occurred_on)))
        for field in (self.time, self.duration, self.relief):
            field.clear()
        self.intensity.set_value(None)
        self.saved.emit()
        self.day.setFocus()

    def signed_text(self, signed_at: datetime, visit_date: date | None) -> str:
        return self.tr(
            "Not removed: the entry was typed at the visit of {0}, signed on {1}, and a signed "
            "visit does not change. Open an amendment of that visit to remove it there."
        ).format(formats.day(visit_date) if visit_date else "?", formats.moment(signed_at))

    def chosen(self) -> StoredDiaryEntry | None:
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def on_remove(self) -> None:
        """Ask, then take the chosen entry out of the diary on the writer; the records keep it."""
        stored = self.chosen()
        if stored is None or self.remove is None or not self.remove_button.isEnabled():
            return
        if stored.signed_at is not None:
            self.show_refusal(self.signed_text(stored.signed_at, stored.visit_date))
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove a diary entry"),
            self.tr(
                "Remove the cramp of {0} from the diary? It leaves the diary and the trends; "
                "the records keep it, marked as removed by you."
            ).format(self.entry_text(stored.entry)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        self.table.setFocus()
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.remove_button.setEnabled(False)
        future = self.remove(stored.id)
        future.add_done_callback(lambda f: self._removed.emit(f, stored))

    def on_removed(self, future: Future[Any], stored: StoredDiaryEntry) -> None:
        error = future.exception()
        row = self.entries.index(stored) if stored in self.entries else None
        if error is None or isinstance(error, LookupError):
            # Removed now, or already by someone else: either way it is out of the diary.
            self.entries.remove(stored)
            self.show_entries(row)
            self.message.setStyleSheet("")
            self.message.setText(self.tr("Removed: {0}").format(self.entry_text(stored.entry)))
            self.saved.emit()
        else:
            self.show_entries(row)
            if isinstance(error, SignedVisitError):
                self.show_refusal(self.signed_text(error.signed_at, error.visit_date))
            else:
                self.show_refusal(self.tr("Not removed: {0}").format(error))
        self.table.setFocus()
