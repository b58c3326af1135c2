"""The examination page makes its grade rows over several turns yet shows and keeps every grade."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.assessment import Exam, ReflexGrade, StrengthGrade, ToneGrade
from clinic_desktop.domain.vocabulary import MRC_GRADES, MUSCLES, REFLEXES
from clinic_desktop.ui.wizard.examination_page import (
    SIDES_EXAMINED,
    ExaminationPage,
    known_grades,
)
from clinic_desktop.ui.wizard.fields import OptionalChoice, not_assessed_text

LATE_MUSCLE = MUSCLES[-1]
LATE_REFLEX = REFLEXES[-1]


def saved_exam() -> Exam:
    return Exam(
        strength=[StrengthGrade(LATE_MUSCLE, "right", "3")],
        tone=[ToneGrade("knee_flexors", "left", "1+")],
        reflexes=[ReflexGrade(LATE_REFLEX, "left", "0")],
        chvostek=False,
    )


def shown_page(qtbot: QtBot, exam: Exam) -> ExaminationPage:
    page = ExaminationPage(exam)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    return page


def box(page: ExaminationPage, name: str) -> OptionalChoice:
    """A drop-down looked up by name, so that looking does not make the missing rows."""
    found = page.findChild(OptionalChoice, name)
    assert isinstance(found, OptionalChoice), f"{name} is not made yet"
    return found


def choose_text(combo: OptionalChoice, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text))


def test_rows_made_after_the_page_shows_display_the_saved_grades(qtbot: QtBot) -> None:
    exam = saved_exam()
    page = ExaminationPage(exam)
    qtbot.addWidget(page)
    # Only the first rows exist with the page; the rest are made once it is on screen.
    assert page.findChild(OptionalChoice, f"mrc_{LATE_MUSCLE}_right") is None
    assert page.findChild(OptionalChoice, f"reflex_{LATE_REFLEX}_left") is None
    assert box(page, f"mrc_{MUSCLES[1]}_right").currentText() == not_assessed_text()
    edits: list[bool] = []
    page.edited.connect(lambda: edits.append(True))
    page.show()
    qtbot.waitUntil(lambda: page.rows_pending == 0, timeout=3000)

    assert box(page, f"mrc_{LATE_MUSCLE}_right").currentText() == "3"
    assert box(page, f"mrc_{LATE_MUSCLE}_left").currentText() == not_assessed_text()
    assert box(page, "ashworth_knee_flexors_left").currentText() == "1+"
    assert box(page, f"reflex_{LATE_REFLEX}_left").currentText() == "0"
    assert box(page, f"reflex_{LATE_REFLEX}_right").currentText() == not_assessed_text()
    # Showing saved grades is not an edit: nothing is written back.
    assert edits == []
    assert exam == saved_exam()


def test_edits_made_before_the_last_rows_exist_are_kept_and_shown(qtbot: QtBot) -> None:
    exam = saved_exam()
    page = shown_page(qtbot, exam)
    choose_text(box(page, f"mrc_{MUSCLES[0]}_left"), "4")
    QTest.mouseClick(page.strength_normal, Qt.MouseButton.LeftButton)
    QTest.mouseClick(page.reflexes_normal, Qt.MouseButton.LeftButton)
    assert page.findChild(OptionalChoice, f"mrc_{LATE_MUSCLE}_left") is None, "rows all made"
    assert page.findChild(OptionalChoice, f"reflex_{LATE_REFLEX}_left") is None

    strength = {(g.muscle, g.side): g.mrc for g in exam.strength or ()}
    assert len(strength) == len(MUSCLES) * 2
    assert strength[(MUSCLES[0], "left")] == "4"
    assert strength[(LATE_MUSCLE, "right")] == "3", "all normal overwrote a saved grade"
    assert strength[(LATE_MUSCLE, "left")] == "5"
    reflexes = {(g.reflex, g.side): g.grade for g in exam.reflexes or ()}
    assert reflexes[(LATE_REFLEX, "left")] == "0"
    assert reflexes[(LATE_REFLEX, "right")] == "2+"
    assert exam.tone == [ToneGrade("knee_flexors", "left", "1+")]

    qtbot.waitUntil(lambda: page.rows_pending == 0, timeout=3000)
    assert box(page, f"mrc_{LATE_MUSCLE}_left").currentText() == "5"
    assert box(page, f"mrc_{LATE_MUSCLE}_right").currentText() == "3"
    assert box(page, f"reflex_{LATE_REFLEX}_right").currentText() == "2+"
    # A later edit in a late row writes every grade, the early edit included.
    choose_text(box(page, f"mrc_{LATE_MUSCLE}_left"), "4-")
    strength = {(g.muscle, g.side): g.mrc for g in exam.strength or ()}
    assert len(strength) == len(MUSCLES) * 2
    assert strength[(LATE_MUSCLE, "left")] == "4-"
    assert strength[(MUSCLES[0], "left")] == "4"


def test_once_complete_tab_goes_down_strength_then_tone_then_reflexes_and_signs(
    qtbot: QtBot,
) -> None:
    page = shown_page(qtbot, Exam())
    qtbot.waitUntil(lambda: page.rows_pending == 0, timeout=3000)
    expected: list[QWidget] = [page.all_normal]
    expected += [page.strength[(m, s)] for m in MUSCLES for s in SIDES_EXAMINED]
    expected.append(page.strength_normal)
    expected += [page.tone[(m, s)] for m in MUSCLES for s in SIDES_EXAMINED]
    expected.append(page.tone_normal)
    expected += [page.reflexes[(r, s)] for r in REFLEXES for s in SIDES_EXAMINED]
    expected.append(page.reflexes_normal)
    expected += [page.plantar[s] for s in SIDES_EXAMINED]
    expected += [page.clonus[s] for s in SIDES_EXAMINED]
    expected += [page.chvostek, page.trousseau, page.fasciculations.site]

    chain: list[QWidget] = []
    widget = page.content.nextInFocusChain()
    while widget is not None and widget is not page.content and len(chain) < len(expected):
        if page.content.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert [w.objectName() or w.accessibleName() for w in chain] == [
        w.objectName() or w.accessibleName() for w in expected
    ]
    assert chain == expected


@given(
    st.lists(
        st.tuples(
            st.sampled_from((*MUSCLES, "unknown_muscle")),
            st.sampled_from(("left", "right", "both")),
            st.sampled_from((*MRC_GRADES, "6", "", "five")),
        ),
        max_size=40,
    )
)
def test_a_saved_grade_shows_only_when_its_drop_down_offers_it(
    saved: list[tuple[str, str, str]],
) -> None:
    keys = [(m, s) for m in MUSCLES for s in SIDES_EXAMINED]
    shown = known_grades(saved, keys, MRC_GRADES)
    assert list(shown) == keys
    last = {(m, s): g for m, s, g in saved}
    for key, grade in shown.items():
        expected = last.get(key)
        assert grade == (expected if expected in MRC_GRADES else None)


def test_rows_made_after_a_signed_page_shows_are_read_only_too(qtbot: QtBot) -> None:
    page = ExaminationPage(saved_exam())
    qtbot.addWidget(page)
    page.set_read_only(True)
    page.show()
    qtbot.waitUntil(lambda: page.rows_pending == 0, timeout=3000)
    late = box(page, f"mrc_{LATE_MUSCLE}_right")
    assert late.isEnabled() and late.read_only, "read-only, not disabled: reachable and readable"
    QTest.keyClick(late, Qt.Key.Key_Down)
    assert late.currentText() == "3"
