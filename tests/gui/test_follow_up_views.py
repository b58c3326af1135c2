"""A follow-up visit beside the first, and the trends across them, in the real visit window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.assessment import Exam, History, LabResult, StrengthGrade
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.ui.follow_up.comparison import ComparisonDialog
from clinic_desktop.ui.follow_up.trends import TrendsDialog
from clinic_desktop.ui.translation import install_translators
from clinic_desktop.ui.wizard.wizard import AssessmentWizard
from tests.support.visits import ANA, first_visit, signed_visit

FOLLOW_UP_DAY = date(2027, 1, 8)


@pytest.fixture
def follow_up(database: Database) -> int:
    """Ana's signed first visit (magnesium 0.55 mmol/L added), and a follow-up draft."""
    store = AssessmentStore(database)
    first = signed_visit(database, store=store)
    addendum = store.amend(first.id, "dr.ruiz", "results")
    addendum.assessment.labs = [
        LabResult("magnesium", 0.55, "mmol/L", collected_at="2026-11-23T07:30:00-05:00")
    ]
    addendum.assessment.exam = Exam(strength=[StrengthGrade("ankle_dorsiflexors", "left", "4")])
    version = store.save_draft(addendum.id, addendum.assessment, None, addendum.version)
    assert addendum.care_plan is not None
    store.sign(addendum.id, "dr.ruiz", addendum.care_plan, version)
    later = first_visit(ANA.patient(), FOLLOW_UP_DAY)
    later.history = History(
        presentations=["nocturnal_leg_cramps"], sites=["calf"], episodes_per_week=1, pain_score=7
    )
    later.labs = [LabResult("magnesium", 1.9, "mg/dL")]
    later.exam = Exam(strength=[StrengthGrade("ankle_dorsiflexors", "left", "5")])
    return store.start(first.patient_id, later, "dr.ruiz").id


@pytest.fixture
def wizard(
    qtbot: QtBot, app: QApplication, database: Database, follow_up: int
) -> Iterator[AssessmentWizard]:
    opened = AssessmentWizard(
        database, load_knowledge(), user="dr.ruiz", assessment_id=follow_up, today=FOLLOW_UP_DAY
    )
    qtbot.addWidget(opened)
    opened.resize(1366, 768)
    with qtbot.waitActive(opened):
        opened.show()
        opened.activateWindow()
    yield opened
    opened.shutdown()


def open_dialog(qtbot: QtBot, kind: type) -> object:
    found: list[object] = []

    def shown() -> bool:
        found[:] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(shown, timeout=10_000)
    return found[-1]


def cells(dialog: ComparisonDialog) -> dict[str, list[str]]:
    table = dialog.table
    return {
        table.item(r, 1).text(): [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    }


def test_the_follow_up_beside_the_first_visit_says_better_and_worse_in_words(
    qtbot: QtBot, wizard: AssessmentWizard
) -> None:
    view = wizard.view
    assert view is not None
    qtbot.keyClick(
        view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = open_dialog(qtbot, ComparisonDialog)
    assert isinstance(dialog, ComparisonDialog)
    assert dialog.choice.count() == 1 and dialog.choice.currentText() == "2026-11-20 (signed)"
    rows = cells(dialog)
    assert rows["Cramp episodes per week"][3:6] == ["4", "1", "Better"]
    assert rows["Pain (0-10)"][3:6] == ["6", "7", "Worse"]
    assert rows["Magnesium"][3:6] == ["0.55 mmol/L (L)", "1.9 mg/dL (N)", "Better"]
    strength = next(v for k, v in rows.items() if v[0] == "Strength (MRC)")
    assert strength[2:6] == ["Left", "4", "5", "Better"]
    assert strength[6] == "higher"
    # The words carry it; the colour repeats it on the Change cell only.
    row = next(
        r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 1).text() == "Pain (0-10)"
    )
    assert dialog.table.item(row, 5).background().color().name() == "#f8d4cf"
    dialog.close()


def test_trends_draw_each_lab_against_its_band_with_a_table_beside(
    qtbot: QtBot, wizard: AssessmentWizard, tmp_path: object
) -> None:
    view = wizard.view
    assert view is not None
    view.trends_button.click()
    dialog = open_dialog(qtbot, TrendsDialog)
    assert isinstance(dialog, TrendsDialog)
    names = [dialog.measures.item(i).text() for i in range(dialog.measures.count())]
    assert names[:2] == ["Cramp episodes per week", "Pain (0-10)"]
    assert "Magnesium (mmol/L)" in names
    dialog.measures.setCurrentRow(names.index("Magnesium (mmol/L)"))
    table = dialog.table
    rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    assert rows[0] == ["2026-11-23", "0.55 mmol/L", "0.55 mmol/L", "below"]
    assert rows[1][0:2] == ["2027-01-08", "1.9 mg/dL"] and rows[1][3] == "inside"
    assert "band" in dialog.chart.title and "below" in dialog.chart.accessibleDescription()
    picture = dialog.chart.grab()
    assert not picture.isNull() and picture.width() >= 360
    dialog.close()


def test_the_comparison_speaks_spanish(
    qtbot: QtBot, app: QApplication, wizard: AssessmentWizard
) -> None:
    install_translators(app, "es")
    try:
        view = wizard.view
        assert view is not None
        view.compare_button.click()
        dialog = open_dialog(qtbot, ComparisonDialog)
        assert isinstance(dialog, ComparisonDialog)
        headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(7)]
        assert headers[5] == "Cambio"
        assert "Mejor" in [v[5] for v in cells(dialog).values()]
        dialog.close()
    finally:
        install_translators(app, "en")


def test_the_cramp_diary_is_typed_in_checked_saved_and_drawn(
    qtbot: QtBot, wizard: AssessmentWizard, database: Database
) -> None:
    from clinic_desktop.services.diary import CrampDiary
    from clinic_desktop.ui.follow_up.diary import DiaryDialog

    view = wizard.view
    assert view is not None
    qtbot.keyClick(
        view,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = open_dialog(qtbot, DiaryDialog)
    assert isinstance(dialog, DiaryDialog)
    assert dialog.table.rowCount() == 0
    dialog.day.setDate(dialog.day.date().addDays(-3))
    qtbot.keyClicks(dialog.time, "3.40")
    dialog.site.set_value("calf")
    qtbot.keyClicks(dialog.duration, "90")
    dialog.intensity.set_value(7)
    qtbot.keyClicks(dialog.relief, "stretching")
    dialog.add_button.click()
    assert dialog.message.text() == "Not added: Time: write the time as HH:MM, 00:00 to 23:59"
    assert dialog.time.text() == "3.40"  # kept as typed, for correcting
    dialog.time.clear()
    qtbot.keyClicks(dialog.time, "03:40")
    dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    row = [dialog.table.item(0, c).text() for c in range(6)]
    assert row == ["2027-01-05", "03:40", "Calf", "90", "7", "stretching"]
    assert dialog.time.text() == "" and dialog.message.text() == "Added: 2027-01-05"
    (stored,) = CrampDiary(database).entries(wizard.view.stored.patient_id)
    assert (stored.occurred_time, stored.site, stored.intensity) == ("03:40", "calf", 7)
    dialog.close()

    view.trends_button.click()
    trends = open_dialog(qtbot, TrendsDialog)
    assert isinstance(trends, TrendsDialog)
    names = [trends.measures.item(i).text() for i in range(trends.measures.count())]
    assert "Diary: cramps written down per week" in names
    trends.measures.setCurrentRow(names.index("Diary: mean intensity per week (0-10)"))
    assert (
        trends.table.item(0, 0).text() == "2027-01-04"
        and trends.table.item(0, 1).text() == "7.0 (1)"
    )
    trends.close()
