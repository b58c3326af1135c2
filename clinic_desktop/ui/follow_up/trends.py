"""Trends across the patient's visits: pick a lab or a cramp measure; its chart against the
reference band, and beside it the same points as a table.

Readable without colour: a point's shape says where it lies (a circle inside the band, a
triangle pointing up above it, down below it), each point carries its value, the band is a
hatched area with its limits written on it. The list and the table take the keyboard; the chart
describes itself to a screen reader. Numbers and dates are written as the interface's language
writes them ("0,55" and 23/11/2026 in Spanish).

Drawn with QPainter rather than a plotting library: pyqtgraph, which the issue suggested, brings
numpy and would take the installer over its size budget and the running program past its
memory budget (docs/performance.md, "Trend charts", has the figures).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.diary import DiaryEntry
from clinic_desktop.knowledge.lab_catalog import LabCatalog
from clinic_desktop.rules.evaluation import Evaluation
from clinic_desktop.rules.trends import Trend, TrendPoint
from clinic_desktop.rules.trends import band_position as position
from clinic_desktop.services.follow_up import patient_trends
from clinic_desktop.ui import formats

LINE = QColor("#1a4f8b")
BAND = QColor("#dfe9df")


class TrendChart(QWidget):
    """One trend drawn with QPainter: dates across, values up, the band behind."""

    MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 24, 24, 40

    def __init__(self, parent: QWidget | None = None, language: str | None = None):
        super().__init__(parent)
        self.setObjectName("trend_chart")
        self.language = language
        self.trend: Trend | None = None
        self.title = ""
        self.setMinimumSize(360, 240)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        return QSize(560, 320)

    def show_trend(self, trend: Trend | None, title: str, description: str) -> None:
        self.trend = trend
        self.title = title
        self.setAccessibleName(title)
        self.setAccessibleDescription(description)
        self.update()

    def _scale(self, trend: Trend) -> tuple[float, float]:
        values = [float(p.value) for p in trend.points]
        values += [float(b) for b in (trend.low, trend.high) if b is not None]
        low, high = min(values), max(values)
        if high == low:
            high, low = high + 1, low - 1
        pad = (high - low) * 0.12
        return low - pad, high + pad

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        trend = self.trend
        text = self.palette().text().color()
        painter.setPen(text)
        painter.drawText(QRectF(0, 2, self.width(), 20), Qt.AlignmentFlag.AlignHCenter, self.title)
        if trend is None or not trend.points:
            painter.end()
            return
        area = QRectF(
            self.MARGIN_LEFT,
            self.MARGIN_TOP,
            max(self.width() - self.MARGIN_LEFT - self.MARGIN_RIGHT, 10),
            max(self.height() - self.MARGIN_TOP - self.MARGIN_BOTTOM, 10),
        )
        bottom, top = self._scale(trend)
        first = trend.points[0].when.toordinal()
        span = max(trend.points[-1].when.toordinal() - first, 1)

        def x(point: TrendPoint) -> float:
            if len(trend.points) == 1:
                return area.center().x()
            return area.left() + (point.when.toordinal() - first) / span * area.width()

        def y(value: float) -> float:
            return area.bottom() - (value - bottom) / (top - bottom) * area.height()

        # The band, hatched (seen without colour), with its limits written at the left.
        if trend.low is not None or trend.high is not None:
            band_top = y(float(trend.high)) if trend.high is not None else area.top()
            band_bottom = y(float(trend.low)) if trend.low is not None else area.bottom()
            band = QRectF(area.left(), band_top, area.width(), band_bottom - band_top)
            painter.fillRect(band, BAND)
            painter.fillRect(band, QBrush(text.lighter(300), Qt.BrushStyle.BDiagPattern))
            painter.setPen(QPen(text, 1, Qt.PenStyle.DashLine))
            for bound in (trend.low, trend.high):
                if bound is not None:
                    painter.drawLine(
                        QPointF(area.left(), y(float(bound))),
                        QPointF(area.right(), y(float(bound))),
                    )
                    painter.drawText(
                        QRectF(0, y(float(bound)) - 9, self.MARGIN_LEFT - 4, 18),
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                        formats.number(bound, self.language),
                    )
        painter.setPen(QPen(text, 1))
        painter.drawRect(area)
        # Dates under the points, newest first, each left out where it would overlap the one
        # to its right (weekly diary points crowd): the table beside lists every date.
        days: list[tuple[QRectF, str]] = []
        for point in reversed(trend.points):
            shown = formats.day(point.when, self.language)
            width = painter.fontMetrics().horizontalAdvance(shown) + 8
            day = QRectF(x(point) - width / 2, area.bottom() + 4, width, 18)
            day.moveLeft(min(max(day.left(), 0), self.width() - day.width()))
            if not days or day.right() <= days[-1][0].left():
                days.append((day, shown))
        for day, shown in days:
            painter.drawText(day, Qt.AlignmentFlag.AlignHCenter, shown)
        # The line through the points, then each point's shape and value.
        painter.setPen(QPen(LINE, 2))
        points = [QPointF(x(p), y(float(p.value))) for p in trend.points]
        for start, end in pairwise(points):
            painter.drawLine(start, end)
        for point, at in zip(trend.points, points, strict=True):
            painter.setPen(QPen(LINE, 2))
            painter.setBrush(QBrush(LINE))
            where = position(point, trend)
            if where == "above":
                painter.drawPolygon(
                    QPolygonF([at + QPointF(0, -7), at + QPointF(-6, 5), at + QPointF(6, 5)])
                )
            elif where == "below":
                painter.drawPolygon(
                    QPolygonF([at + QPointF(0, 7), at + QPointF(-6, -5), at + QPointF(6, -5)])
                )
            else:
                painter.drawEllipse(at, 5, 5)
            painter.setPen(text)
            # Each label kept inside the chart: to the left of a point near the right edge.
            value = formats.number(point.value, self.language)
            width = painter.fontMetrics().horizontalAdvance(value)
            left = at.x() + 8 if at.x() + 8 + width <= self.width() - 2 else at.x() - 8 - width
            painter.drawText(QPointF(left, at.y() - 8), value)
        painter.end()


class TrendsDialog(QDialog):
    """The patient's trends: the measures on the left, the chart and its table on the right."""

    def __init__(
        self,
        visits: Sequence[Assessment],
        evaluate: Callable[[Assessment], Evaluation],
        catalog: LabCatalog,
        language: str,
        parent: QWidget | None = None,
        *,
        diary: Sequence[DiaryEntry] = (),
    ):
        super().__init__(parent)
        self.setObjectName("trends_dialog")
        self.setWindowTitle(self.tr("Trends across visits"))
        self.catalog = catalog
        self.language = language
        self.trends = patient_trends(visits, evaluate, catalog, diary, language=language)

        self.measures = QListWidget(self)
        self.measures.setObjectName("trend_measures")
        self.measures.setAccessibleName(self.tr("Measures"))
        for trend in self.trends:
            self.measures.addItem(self.name(trend))
        # Wide enough for the longest measure's name (Spanish ones are long).
        self.measures.setMinimumWidth(
            min(self.measures.sizeHintForColumn(0) + 2 * self.measures.frameWidth() + 8, 420)
        )
        measures_label = QLabel(self.tr("&Measure:"), self)
        measures_label.setBuddy(self.measures)
        self.chart = TrendChart(self, language)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("trend_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("As recorded"),
                self.tr("Drawn as"),
                self.tr("Against the band"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("Trend as a table"))
        self.empty = QLabel(self.tr("Nothing recorded yet to draw a trend of."), self)
        self.empty.setObjectName("no_trends")
        self.empty.setVisible(not self.trends)
        self.legend = QLabel(
            self.tr(
                "Circle: inside the reference band (hatched). Triangle up: above it. "
                "Triangle down: below it."
            ),
            self,
        )
        self.legend.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(measures_label)
        left.addWidget(self.measures, 1)
        left_widget = QWidget(self)
        left_widget.setLayout(left)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.chart)
        right.addWidget(self.table)
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(left_widget)
        body.addWidget(right)
        body.setStretchFactor(1, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(body, 1)
        layout.addWidget(self.legend)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.resize(980, 620)

        self.measures.currentRowChanged.connect(self.show_measure)
        if self.trends:
            self.measures.setCurrentRow(0)
        self.measures.setFocus()

    def name(self, trend: Trend) -> str:
        if trend.kind == "lab":
            return f"{self.catalog.display_name(trend.measure, self.language)} ({trend.unit})"
        return {
            "episodes_per_week": self.tr("Cramp episodes per week"),
            "episode_duration_seconds": self.tr("Episode length (seconds)"),
            "pain_score": self.tr("Pain (0-10)"),
            "penn_spasm_frequency": self.tr("Penn spasm frequency (0-4)"),
            "diary_cramps_per_week": self.tr("Diary: cramps written down per week"),
            "diary_intensity": self.tr("Diary: mean intensity per week (0-10)"),
        }.get(trend.measure, trend.measure)

    def where(self) -> dict[str, str]:
        return {
            "inside": self.tr("inside"),
            "above": self.tr("above"),
            "below": self.tr("below"),
            "none": self.tr("no band"),
        }

    def show_measure(self, row: int) -> None:
        if not 0 <= row < len(self.trends):
            return
        trend = self.trends[row]
        where = self.where()
        self.table.setRowCount(len(trend.points))
        lines = []
        for number, point in enumerate(trend.points):
            drawn = f"{formats.number(point.value, self.language)} {trend.unit}".strip()
            cells = [
                formats.day(point.when, self.language),
                point.shown,
                drawn,
                where[position(point, trend)],
            ]
            for column, text in enumerate(cells):
                self.table.setItem(number, column, QTableWidgetItem(text))
            lines.append(f"{cells[0]}: {drawn}, {cells[3]}")
        band = self.band_text(trend)
        self.chart.show_trend(trend, f"{self.name(trend)}{band}", "; ".join(lines))

    def band_text(self, trend: Trend) -> str:
        def shown(value: Decimal | None) -> str:
            return "" if value is None else formats.number(value, self.language)

        if trend.low is None and trend.high is None:
            return ""
        return self.tr(" — band {0} to {1}").format(shown(trend.low), shown(trend.high))
