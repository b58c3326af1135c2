"""The registry page: search as you type (accents ignored), keyboard flow, and the open patient's visits."""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from clinic_desktop.persistence.database import Database
from clinic_desktop.services.patients import PatientRegistry
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.patients.registry_widget import PatientRegistryWidget
from tests.gui.conftest import add_patient, add_visit, type_text


def shown_mrns(widget: PatientRegistryWidget) -> list[str]:
    model = widget.results_model
    return [model.row_at(row).mrn for row in range(model.rowCount())]


def search(qtbot: QtBot, widget: PatientRegistryWidget, text: str) -> list[str]:
    """Type `text` into a cleared search field as a user would and wait for the results."""
    widget.search_edit.clear()
    with qtbot.waitSignal(widget.search_finished, timeout=5000):
        type_text(qtbot, widget.search_edit, text)
    return shown_mrns(widget)


def test_search_ignores_accents_and_case_and_finds_birth_dates(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    add_patient(registry, "A-1001", "García", "Ana", "1961-04-02")
    add_patient(registry, "A-1002", "Smith", "John", "1975-12-30", "male", "en")
    add_patient(registry, "A-1003", "Núñez", "José", "1988-07-15", "male", "es")
    widget = main_window.registry_widget

    assert search(qtbot, widget, "garcia") == ["A-1001"]
    assert search(qtbot, widget, "GARCÍA") == ["A-1001"]
    assert search(qtbot, widget, "nunez jose") == ["A-1003"]
    assert search(qtbot, widget, "02/04/1961") == ["A-1001"]
    assert search(qtbot, widget, "1975-12-30") == ["A-1002"]
    assert search(qtbot, widget, "zzz") == []
    assert "zzz" in widget.results_status.text()


def test_results_table_shows_the_patient_in_readable_columns(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    add_patient(registry, "A-1001", "García", "Ana", "1961-04-02", "female", "es")
    widget = main_window.registry_widget
    search(qtbot, widget, "garcia")
    model = widget.results_model
    headers = [
        model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())
    ]
    row = [model.index(0, column).data() for column in range(model.columnCount())]
    assert headers == ["MRN", "Family name", "Given name", "Date of birth", "Sex", "Language"]
    assert row == ["A-1001", "García", "Ana", "1961-04-02", "Female", "Spanish"]


def test_columns_fit_a_fourteen_character_mrn_and_every_label_at_1366_wide(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    add_patient(registry, "HGU26-00004211", "García", "Ana", "1961-04-02", "female", "es")
    add_patient(registry, "HGU26-00004212", "Smith", "Jo", "1961-04-02", "unknown", "en")
    main_window.resize(1366, 768)
    widget = main_window.registry_widget
    search(qtbot, widget, "HGU26")
    view = widget.results_view
    metrics = view.fontMetrics()
    for row in range(widget.results_model.rowCount()):
        for column in (0, 3, 4, 5):
            text = widget.results_model.index(row, column).data()
            assert metrics.horizontalAdvance(text) < view.columnWidth(column) - 6, text


def test_typing_quickly_runs_one_search_after_a_pause(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow, monkeypatch
) -> None:
    add_patient(registry, "A-1001", "García", "Ana")
    asked: list[tuple[str, bool]] = []
    real_search = registry.search

    def counting_search(text: str, limit: int = 200):
        asked.append((text, threading.current_thread() is threading.main_thread()))
        return real_search(text, limit)

    monkeypatch.setattr(registry, "search", counting_search)
    widget = main_window.registry_widget
    assert search(qtbot, widget, "garcía") == ["A-1001"]
    # One query for the whole word, run off the GUI thread.
    assert asked == [("garcía", False)]


def test_search_field_has_focus_at_start_and_down_arrow_enters_the_results(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    widget = main_window.registry_widget
    assert QApplication.focusWidget() is widget.search_edit
    add_patient(registry, "A-1001", "García", "Ana")
    add_patient(registry, "A-1002", "Garcés", "Luis", "1970-01-01", "male")
    search(qtbot, widget, "garc")

    qtbot.keyClick(widget.search_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is widget.results_view
    qtbot.keyClick(widget.results_view, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is widget.search_edit
    assert widget.search_edit.selectedText() == "garc"
    qtbot.keyClick(widget.search_edit, Qt.Key.Key_Down)
    qtbot.keyClick(widget.results_view, Qt.Key.Key_Down)
    chosen = widget.results_model.row_at(widget.results_view.currentIndex().row())
    with qtbot.waitSignal(widget.panel.visits_loaded, timeout=5000):
        qtbot.keyClick(widget.results_view, Qt.Key.Key_Return)
    assert widget.current_patient() == chosen
    assert widget.panel.name_label.text() == f"{chosen.family_name}, {chosen.given_name}"
    assert QApplication.focusWidget() is widget.panel.new_assessment_button


def test_enter_in_the_search_field_opens_the_first_result(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    patient = add_patient(registry, "A-1001", "García", "Ana")
    widget = main_window.registry_widget
    search(qtbot, widget, "A-1001")
    with qtbot.waitSignal(widget.patient_opened, timeout=5000) as opened:
        qtbot.keyClick(widget.search_edit, Qt.Key.Key_Return)
    assert opened.args == [patient.id]


def test_enter_straight_after_typing_opens_the_first_match_once_it_is_found(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    add_patient(registry, "A-1001", "García", "Ana")
    other = add_patient(registry, "A-2002", "Smith", "John", "1975-12-30", "male", "en")
    widget = main_window.registry_widget
    search(qtbot, widget, "garcia")
    # A fast typist does not wait for the results of the new text before pressing Enter.
    widget.search_edit.clear()
    with qtbot.waitSignal(widget.patient_opened, timeout=5000) as opened:
        type_text(qtbot, widget.search_edit, "smith")
        qtbot.keyClick(widget.search_edit, Qt.Key.Key_Return)
    assert opened.args == [other.id]


def test_opening_a_patient_lists_their_visits_newest_first(
    qtbot: QtBot, registry: PatientRegistry, database: Database, main_window: MainWindow
) -> None:
    patient = add_patient(registry, "A-1001", "García", "Ana")
    add_visit(database, patient, date(2026, 5, 4), signed_by="dr.ruiz")
    add_visit(database, patient, date(2026, 11, 20))
    widget = main_window.registry_widget
    search(qtbot, widget, "garcia")

    view = widget.results_view
    rect = view.visualRect(widget.results_model.index(0, 1))
    with qtbot.waitSignal(widget.panel.visits_loaded, timeout=5000):
        # QTest's double click needs the click before it, as a real one has.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    model = widget.panel.visits_model
    rows = [
        [model.index(row, column).data() for column in range(3)] for row in range(model.rowCount())
    ]
    assert rows == [["2026-11-20", "Draft", ""], ["2026-05-04", "Signed", "dr.ruiz"]]
    assert "2" in widget.panel.visits_status.text()


def test_a_patient_without_visits_says_so(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    patient = add_patient(registry, "A-1001", "García", "Ana")
    widget = main_window.registry_widget
    with qtbot.waitSignal(widget.panel.visits_loaded, timeout=5000):
        widget.open_patient(patient)
    assert widget.panel.visits_model.rowCount() == 0
    assert widget.panel.visits_status.text() == "No visits yet."


def test_new_assessment_button_asks_for_an_assessment_of_the_open_patient(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    patient = add_patient(registry, "A-1001", "García", "Ana")
    widget = main_window.registry_widget
    assert not widget.panel.new_assessment_button.isEnabled()
    with qtbot.waitSignal(widget.panel.visits_loaded, timeout=5000):
        widget.open_patient(patient)
    with qtbot.waitSignal(main_window.assessment_requested, timeout=1000) as requested:
        qtbot.keyClick(widget.panel.new_assessment_button, Qt.Key.Key_Space)
    assert requested.args == [patient.id]


def test_patient_data_is_shown_as_plain_text_not_markup(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    patient = add_patient(registry, "A-1001", "<b>Smith</b>", "<i>Jo</i>")
    widget = main_window.registry_widget
    with qtbot.waitSignal(widget.panel.visits_loaded, timeout=5000):
        widget.open_patient(patient)
    label = widget.panel.name_label
    assert label.text() == "<b>Smith</b>, <i>Jo</i>"
    # Qt's default (AutoText) would render the tags as bold and italic.
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert widget.panel.details_label.textFormat() == Qt.TextFormat.PlainText


def test_tab_walks_search_new_patient_results_then_the_open_patient(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    patient = add_patient(registry, "A-1001", "García", "Ana")
    widget = main_window.registry_widget
    search(qtbot, widget, "garcia")
    with qtbot.waitSignal(widget.panel.visits_loaded, timeout=5000):
        widget.open_patient(patient)
    widget.search_edit.setFocus()
    order = []
    for _ in range(5):
        order.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert order == [
        widget.search_edit,
        widget.new_patient_button,
        widget.results_view,
        widget.panel.new_assessment_button,
        widget.panel.edit_button,
    ]


def test_a_new_search_never_leaves_another_patient_in_the_panel(
    qtbot: QtBot, main_window: MainWindow, registry: PatientRegistry
) -> None:
    evans = add_patient(registry, "P-1", "Evans", "Olivia", language="en")
    add_patient(registry, "P-2", "García", "Lucía")
    widget = main_window.registry_widget
    with qtbot.waitSignal(widget.panel.visits_loaded, timeout=5000):
        widget.open_patient(evans)
    assert widget.current_patient() == evans
    with qtbot.waitSignal(widget.search_finished, timeout=5000):
        widget.search_edit.setText("evans")
    assert widget.current_patient() == evans, "still listed: still open"
    with qtbot.waitSignal(widget.search_finished, timeout=5000):
        widget.search_edit.setText("garcia")
    assert widget.current_patient() is None
    assert widget.panel.name_label.text() == "No patient open"


def click_row(qtbot: QtBot, widget: PatientRegistryWidget, row: int, double: bool = False) -> None:
    view = widget.results_view
    point = view.visualRect(widget.results_model.index(row, 1)).center()
    # A double click is a click, then the second press the system reports as a double click.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_a_row_looks_selected_only_when_its_patient_is_shown(
    qtbot: QtBot, registry: PatientRegistry, database: Database
) -> None:
    """After sign-in a row looked selected while the panel said "No patient open"."""
    add_patient(registry, "A-1", "Alvarez", "Ana")
    add_patient(registry, "B-2", "Blanco", "Bea")
    window = MainWindow(registry, database_location="test records")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.registry_widget.search_finished, timeout=5000):
        window.show()
    widget = window.registry_widget
    assert widget.results_model.rowCount() == 2
    assert widget.panel.patient is None
    assert not widget.results_view.selectionModel().hasSelection()


def test_a_click_shows_the_patient_and_enter_or_a_double_click_opens(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow, database: Database
) -> None:
    ana = add_patient(registry, "A-1", "Alvarez", "Ana")
    bea = add_patient(registry, "B-2", "Blanco", "Bea")
    add_visit(database, bea, date(2026, 11, 20), signed_by="dr.ruiz")
    widget = main_window.registry_widget
    with qtbot.waitSignal(widget.search_finished, timeout=5000):
        widget.search_now()
    opened: list[int] = []
    widget.patient_opened.connect(opened.append)
    rows = {widget.results_model.row_at(r).id: r for r in range(widget.results_model.rowCount())}

    with qtbot.waitSignal(widget.panel.visits_loaded, timeout=5000):
        click_row(qtbot, widget, rows[bea.id])
    assert widget.panel.patient is not None and widget.panel.patient.id == bea.id
    assert widget.panel.visits_model.rowCount() == 1
    assert widget.results_view.hasFocus(), "a click shows; it does not move the focus away"

    with qtbot.waitSignal(widget.panel.visits_loaded, timeout=5000):
        click_row(qtbot, widget, rows[ana.id], double=True)
    assert widget.panel.patient is not None and widget.panel.patient.id == ana.id
    assert widget.panel.new_assessment_button.hasFocus(), "a double click opens the patient"

    widget.results_view.setFocus()
    towards_bea = Qt.Key.Key_Down if rows[bea.id] > rows[ana.id] else Qt.Key.Key_Up
    qtbot.keyClick(widget.results_view, towards_bea)
    qtbot.waitUntil(lambda: widget.panel.patient is not None and widget.panel.patient.id == bea.id)
    qtbot.keyClick(widget.results_view, Qt.Key.Key_Return)
    assert widget.panel.new_assessment_button.hasFocus(), "Enter opens the patient"
    assert bea.id in opened


def test_tab_reaches_the_visit_list_and_enter_opens_a_visit(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow, database: Database
) -> None:
    """The visit list was reachable only by Alt+V, found by guessing."""
    patient = add_patient(registry, "A-1001", "García", "Ana")
    visit = add_visit(database, patient, date(2026, 11, 20), signed_by="dr.ruiz")
    widget = main_window.registry_widget
    search(qtbot, widget, "garcia")
    with qtbot.waitSignal(widget.panel.visits_loaded, timeout=5000):
        qtbot.keyClick(widget.search_edit, Qt.Key.Key_Return)
    assert widget.panel.new_assessment_button.hasFocus()
    opened: list[int] = []
    widget.panel.visit_opened.connect(opened.append)
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert widget.panel.visits_view.hasFocus(), QApplication.focusWidget()
    qtbot.keyClick(widget.panel.visits_view, Qt.Key.Key_Return)
    assert opened == [visit]


def test_the_next_record_number_is_simply_not_offered_when_the_records_cannot_be_read(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    from clinic_desktop.persistence.database import DatabaseProblem

    class Unreachable:
        def numbering(self) -> None:
            raise DatabaseProblem("unreadable", "Cannot reach the database server.", "Try again.")

    widget = main_window.registry_widget
    widget.next_number = "H-1"
    widget.use_record_numbers(Unreachable())  # type: ignore[arg-type]
    # Before: the worker's error reached Qt's event loop as an unhandled exception.
    qtbot.waitUntil(lambda: widget.next_number is None, timeout=5000)
