"""A follow-up visit beside the first, and the trends across them, in the real visit window."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from clinic_desktop.domain.assessment import Exam, History, LabResult, StrengthGrade
from clinic_desktop.domain.diary import DiaryEntry
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import DiaryEntryRow
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.diary import CrampDiary
from clinic_desktop.ui.follow_up.comparison import ComparisonDialog
from clinic_desktop.ui.follow_up.diary import DiaryDialog
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
    # Typed in at the addendum, which is then signed: that entry no longer changes.
    CrampDiary(database).add(first.patient_id, DiaryEntry(date(2026, 11, 22), "01:10"), addendum.id)
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
        # Numbers with the decimal comma, dates day first, as Spanish writes them.
        assert dialog.choice.currentText() == "20/11/2026 (firmada)"
        assert cells(dialog)["Magnesio"][3:6] == ["0,55 mmol/L (L)", "1,9 mg/dL (N)", "Mejor"]
        dialog.close()
    finally:
        install_translators(app, "en")


def test_trends_write_numbers_and_dates_in_spanish(
    qtbot: QtBot, app: QApplication, wizard: AssessmentWizard, database: Database
) -> None:
    from clinic_desktop.ui.follow_up.diary import DiaryDialog

    view = wizard.view
    assert view is not None
    CrampDiary(database).add(
        view.stored.patient_id, DiaryEntry(date(2027, 1, 5), "03:40", "calf", None, 90.5, 7), None
    )
    CrampDiary(database).add(
        view.stored.patient_id, DiaryEntry(date(2027, 1, 6), None, None, None, None, 8), None
    )
    install_translators(app, "es")
    try:
        view.trends_button.click()
        dialog = open_dialog(qtbot, TrendsDialog)
        assert isinstance(dialog, TrendsDialog)
        names = [dialog.measures.item(i).text() for i in range(dialog.measures.count())]
        dialog.measures.setCurrentRow(names.index("Magnesio (mmol/L)"))
        table = dialog.table
        rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
        assert rows[0] == ["23/11/2026", "0,55 mmol/L", "0,55 mmol/L", "por debajo"]
        assert rows[1][:2] == ["08/01/2027", "1,9 mg/dL"] and rows[1][2].startswith("0,7")
        assert dialog.chart.title.endswith("0,7 a 1,1")  # the band
        assert "23/11/2026: 0,55 mmol/L" in dialog.chart.accessibleDescription()
        assert "." not in dialog.chart.accessibleDescription().replace("...", "")
        intensity = [n for n in names if n.startswith("Diario: intensidad")]
        dialog.measures.setCurrentRow(names.index(intensity[0]))
        assert [table.item(0, c).text() for c in range(2)] == ["04/01/2027", "7,5 (2)"]
        dialog.close()

        view.diary_button.click()
        diary = open_dialog(qtbot, DiaryDialog)
        assert isinstance(diary, DiaryDialog)
        rows = [[diary.table.item(r, c).text() for c in range(5)] for r in range(3)]
        assert rows[0][0] == "22/11/2026"
        assert rows[1] == ["05/01/2027", "03:40", "Pantorrilla", "90,5", "7"]
        assert diary.day.displayFormat() == "dd/MM/yyyy"
        diary.table.setCurrentCell(0, 0)  # typed at the signed addendum: refused, said in Spanish
        diary.remove_button.click()
        assert re.search(
            r"^No se eliminó: .* visita del 20/11/2026, firmada el \d\d/\d\d/\d{4} \d\d:\d\d",
            diary.message.text(),
        )
        diary.close()
    finally:
        install_translators(app, "en")


def test_the_cramp_diary_is_typed_in_checked_saved_and_drawn(
    qtbot: QtBot, wizard: AssessmentWizard, database: Database
) -> None:
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
    assert dialog.table.rowCount() == 1  # typed at the signed addendum
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
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    row = [dialog.table.item(1, c).text() for c in range(6)]
    assert row == ["2027-01-05", "03:40", "Calf", "90", "7", "stretching"]
    assert dialog.time.text() == "" and dialog.message.text() == "Added: 2027-01-05"
    _signed, stored = CrampDiary(database).entries(wizard.view.stored.patient_id)
    assert (stored.occurred_time, stored.site, stored.intensity) == ("03:40", "calf", 7)
    dialog.close()

    view.trends_button.click()
    trends = open_dialog(qtbot, TrendsDialog)
    assert isinstance(trends, TrendsDialog)
    names = [trends.measures.item(i).text() for i in range(trends.measures.count())]
    assert "Diary: cramps written down per week" in names
    trends.measures.setCurrentRow(names.index("Diary: mean intensity per week (0-10)"))
    assert (
        trends.table.item(0, 0).text() == "2027-01-04" and trends.table.item(0, 1).text() == "7 (1)"
    )
    trends.close()


def test_a_diary_entry_typed_by_mistake_is_removed_after_asking_and_a_signed_one_is_refused(
    qtbot: QtBot,
    wizard: AssessmentWizard,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from clinic_desktop.ui.follow_up.diary import DiaryDialog

    view = wizard.view
    assert view is not None
    patient_id = view.stored.patient_id
    diary = CrampDiary(database)
    mistake = DiaryEntry(date(2027, 1, 6), "23:00", "calf", None, 6000, 8)  # 6000 s, not 60
    diary.add(patient_id, mistake, view.stored.id)
    questions: list[str] = []
    answer = QMessageBox.StandardButton.No

    def ask(_parent: object, _title: str, text: str, *_args: object) -> object:
        questions.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(ask))
    qtbot.keyClick(
        view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = open_dialog(qtbot, DiaryDialog)
    assert isinstance(dialog, DiaryDialog)
    assert dialog.table.rowCount() == 2 and dialog.table.currentRow() == 1  # the newest chosen

    # By keyboard: into the list, Delete asks first; No keeps it.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert questions == [
        "Remove the cramp of 2027-01-06 23:00 Calf from the diary? It leaves "
        "the diary and the trends; the records keep it, marked as removed by you."
    ]
    assert dialog.table.rowCount() == 2 and len(diary.entries(patient_id)) == 2
    answer = QMessageBox.StandardButton.Yes
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.message.text() == "Removed: 2027-01-06 23:00 Calf"
    assert diary.entries(patient_id) == [DiaryEntry(date(2026, 11, 22), "01:10")]
    with database.session() as session:
        (removed,) = session.scalars(
            select(DiaryEntryRow).where(DiaryEntryRow.removed_at.is_not(None))
        ).all()
        # Kept in the records as typed, marked with who removed it and at which visit.
        assert (removed.duration_seconds, removed.removed_by) == (6000, "dr.ruiz")
        assert removed.removed_in_id == view.stored.id

    # The entry typed at the signed addendum: refused, saying why, and nothing asked.
    assert dialog.table.currentRow() == 0
    dialog.remove_button.click()
    assert len(questions) == 2
    assert dialog.message.text().startswith(
        "Not removed: the entry was typed at the visit of 2026-11-20, signed on "
    )
    assert "Open an amendment of that visit" in dialog.message.text()
    assert len(diary.entries(patient_id)) == 1
    # Tab reads the list, then its Remove button, then the form.
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.remove_button
    qtbot.keyClick(dialog.remove_button, Qt.Key.Key_Tab)
    assert dialog.day.isAncestorOf(QApplication.focusWidget()) or (
        QApplication.focusWidget() is dialog.day
    )
    dialog.close()


def test_a_signed_visits_diary_is_shown_as_it_is(
    qtbot: QtBot, app: QApplication, database: Database, follow_up: int
) -> None:
    from clinic_desktop.ui.follow_up.diary import DiaryDialog

    store = AssessmentStore(database)
    signed = next(v for v in store.current_visits(store.load(follow_up).patient_id) if v.signed_at)
    opened = AssessmentWizard(
        database, load_knowledge(), user="dr.ruiz", assessment_id=signed.id, today=FOLLOW_UP_DAY
    )
    qtbot.addWidget(opened)
    opened.show()
    try:
        qtbot.waitUntil(lambda: opened.view is not None, timeout=10_000)
        assert opened.view is not None
        opened.view.diary_button.click()
        dialog = open_dialog(qtbot, DiaryDialog)
        assert isinstance(dialog, DiaryDialog)
        assert dialog.table.rowCount() == 1
        assert not dialog.add_button.isEnabled() and not dialog.remove_button.isEnabled()
        assert not dialog.day.isEnabled()
        assert dialog.message.text().startswith("This visit was signed on ")
        dialog.close()
    finally:
        opened.shutdown()


@pytest.mark.parametrize(
    ("key", "kind"),
    [(Qt.Key.Key_C, ComparisonDialog), (Qt.Key.Key_T, TrendsDialog), (Qt.Key.Key_D, DiaryDialog)],
)
def test_the_keyboard_is_back_in_the_visit_when_its_dialog_closes(
    qtbot: QtBot, wizard: AssessmentWizard, key: Qt.Key, kind: type
) -> None:
    # No window manager gives the keyboard back to the visit (Xvfb, offscreen): the program does.
    view = wizard.view
    assert view is not None
    view.trends_button.setFocus()
    qtbot.keyClick(
        view, key, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = open_dialog(qtbot, kind)
    assert isinstance(dialog, QDialog)
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is view.trends_button
    assert QApplication.activeWindow() is wizard.window()
