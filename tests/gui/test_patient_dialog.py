"""The patient dialog: keyboard entry, errors at the field that keep the text, duplicate MRN, edit."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from clinic_desktop.persistence.database import Database
from clinic_desktop.services.patients import PatientRegistry
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.gui.conftest import add_patient, type_text


def open_new_patient_dialog(qtbot: QtBot, main_window: MainWindow) -> PatientDialog:
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, PatientDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.mrn_edit, timeout=2000)
    return dialog


def fill_by_keyboard(qtbot: QtBot, dialog: PatientDialog, values: list[str]) -> None:
    """Type each value into the focused field and Tab to the next, as a clinician would."""
    for value in values:
        type_text(qtbot, QApplication.focusWidget(), value)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def press_save(qtbot: QtBot, dialog: PatientDialog) -> None:
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)


def wait_for_errors(qtbot: QtBot, dialog: PatientDialog) -> dict[str, str]:
    qtbot.waitUntil(lambda: bool(dialog.errors()) and dialog.save_button.isEnabled(), timeout=5000)
    return dialog.errors()


def assert_messages_not_clipped(dialog: PatientDialog) -> None:
    """Every message shown has the height its wrapped text needs, inside the dialog."""
    for label in dialog.error_labels.values():
        if label.isVisible():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
            bottom = label.mapTo(dialog, label.rect().bottomLeft()).y()
            assert bottom <= dialog.buttons.geometry().top(), label.text()


def test_create_a_patient_by_keyboard_alone(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    dialog = open_new_patient_dialog(qtbot, main_window)
    # MRN, family name, given name, date of birth, then the sex and language lists.
    fill_by_keyboard(qtbot, dialog, ["B-2001", "Peña", "María José", "02/04/1961"])
    assert QApplication.focusWidget() is dialog.sex_combo
    qtbot.keyClick(dialog.sex_combo, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.sex_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.language_combo
    qtbot.keyClicks(dialog.language_combo, "Spanish")

    registry_widget = main_window.registry_widget
    with qtbot.waitSignal(registry_widget.patient_saved, timeout=5000) as saved:
        qtbot.keyClick(dialog.language_combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)

    stored = registry.get(saved.args[0])
    assert (stored.mrn, stored.family_name, stored.given_name) == ("B-2001", "Peña", "María José")
    assert stored.birth_date.isoformat() == "1961-04-02"
    assert (stored.sex, stored.language) == ("female", "es")
    assert registry_widget.current_patient() == stored
    assert registry_widget.panel.name_label.text() == "Peña, María José"


def test_a_wrong_birth_date_is_reported_at_its_field_and_nothing_typed_is_lost(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    dialog = open_new_patient_dialog(qtbot, main_window)
    fill_by_keyboard(qtbot, dialog, ["B-2002", "Núñez", "Luis", "31/02/1980"])
    press_save(qtbot, dialog)

    errors = wait_for_errors(qtbot, dialog)
    assert set(errors) == {"birth_date"}
    assert_messages_not_clipped(dialog)
    assert "31/02/1980" in errors["birth_date"]
    assert dialog.error_labels["birth_date"].isVisible()
    assert dialog.birth_date_edit.property("invalid") is True
    assert dialog.mrn_edit.property("invalid") is False
    assert QApplication.focusWidget() is dialog.birth_date_edit
    assert dialog.isVisible()
    assert [
        dialog.mrn_edit.text(),
        dialog.family_name_edit.text(),
        dialog.given_name_edit.text(),
        dialog.birth_date_edit.text(),
    ] == ["B-2002", "Núñez", "Luis", "31/02/1980"]
    assert registry.find_by_mrn("B-2002") is None

    # Correcting the field clears its mark; Save works again.
    dialog.birth_date_edit.selectAll()
    type_text(qtbot, dialog.birth_date_edit, "28/02/1980")
    assert not dialog.error_labels["birth_date"].isVisible()
    assert dialog.birth_date_edit.property("invalid") is False
    with qtbot.waitSignal(dialog.patient_saved, timeout=5000):
        press_save(qtbot, dialog)
    stored = registry.find_by_mrn("B-2002")
    assert stored is not None and stored.birth_date.isoformat() == "1980-02-28"


def test_required_fields_left_empty_are_each_named(qtbot: QtBot, main_window: MainWindow) -> None:
    dialog = open_new_patient_dialog(qtbot, main_window)
    press_save(qtbot, dialog)
    errors = wait_for_errors(qtbot, dialog)
    assert {"mrn", "family_name", "given_name", "birth_date"} <= set(errors)
    assert_messages_not_clipped(dialog)
    for field in ("mrn", "family_name", "given_name", "birth_date"):
        assert dialog.error_labels[field].isVisible()
    assert QApplication.focusWidget() is dialog.mrn_edit


def test_leaving_a_wrong_field_reports_it_before_save(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    dialog = open_new_patient_dialog(qtbot, main_window)
    dialog.birth_date_edit.setFocus()
    type_text(qtbot, dialog.birth_date_edit, "1961/04/02")
    qtbot.keyClick(dialog.birth_date_edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: dialog.error_labels["birth_date"].isVisible(), timeout=5000)
    assert "YYYY-MM-DD" in dialog.error_labels["birth_date"].text()
    # Fields not filled yet are not complained about while tabbing past them.
    assert not dialog.error_labels["mrn"].isVisible()


def test_a_duplicate_mrn_is_rejected_at_the_mrn_field(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    # A long MRN makes the message wrap: the dialog must grow to show all of it.
    mrn = "HOSPITAL-GENERAL-UNIVERSITARIO-" + "0" * 24 + "1001"
    existing = add_patient(registry, mrn, "García", "Ana")
    dialog = open_new_patient_dialog(qtbot, main_window)
    fill_by_keyboard(qtbot, dialog, [mrn, "Otro", "Paciente", "1990-01-01"])
    press_save(qtbot, dialog)

    errors = wait_for_errors(qtbot, dialog)
    assert set(errors) == {"mrn"}
    assert_messages_not_clipped(dialog)
    assert mrn in errors["mrn"]
    assert dialog.mrn_edit.text() == mrn
    assert dialog.isVisible()
    assert registry.find_by_mrn(mrn) == existing
    assert [p.mrn for p in registry.search("otro paciente")] == []


def test_edit_a_patient_from_the_open_patient_panel(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    patient = add_patient(registry, "A-1001", "Garcia", "Ana", "1961-04-02", "female", "es")
    registry_widget = main_window.registry_widget
    with qtbot.waitSignal(registry_widget.panel.visits_loaded, timeout=5000):
        registry_widget.open_patient(patient)

    # A button's shortcut animates a click: the dialog opens a moment later.
    qtbot.keyClick(main_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PatientDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, PatientDialog)
    assert dialog.windowTitle() == "Edit patient"
    assert [
        dialog.mrn_edit.text(),
        dialog.family_name_edit.text(),
        dialog.birth_date_edit.text(),
    ] == [
        "A-1001",
        "Garcia",
        "1961-04-02",
    ]
    assert dialog.language_combo.currentText() == "Spanish"

    dialog.family_name_edit.selectAll()
    type_text(qtbot, dialog.family_name_edit, "García López")
    with qtbot.waitSignal(registry_widget.patient_saved, timeout=5000):
        press_save(qtbot, dialog)

    assert registry.get(patient.id).family_name == "García López"
    assert registry_widget.panel.name_label.text() == "García López, Ana"
    # Keeping its own MRN is not a duplicate.
    assert registry.find_by_mrn("A-1001").id == patient.id


def test_required_fields_are_marked_before_save(qtbot: QtBot, main_window: MainWindow) -> None:
    dialog = open_new_patient_dialog(qtbot, main_window)
    captions = [label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    marked = [text for text in captions if text.endswith(" *")]
    assert len(marked) == 4, captions
    assert dialog.required_note.isVisible() and "*" in dialog.required_note.text()
    assert dialog.mrn_edit.accessibleDescription() == "required"
    assert not dialog.sex_combo.accessibleDescription()
    assert not dialog.auto_number.isVisible(), "offered only where the program numbers patients"
    dialog.close()


def test_the_program_gives_the_next_record_number(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow, database: Database
) -> None:
    from clinic_desktop.services.record_numbers import Numbering, RecordNumbers

    numbers = RecordNumbers(database)
    with database.session() as session:
        from clinic_desktop.persistence.models import SettingRow

        session.add(
            SettingRow(
                key="patients.record_numbers",
                value='{"prefix": "H-", "next_number": 1024, "digits": 6}',
            )
        )
    assert numbers.numbering() == Numbering("H-", 1024, 6)
    widget = main_window.registry_widget
    widget.use_record_numbers(numbers)
    qtbot.waitUntil(lambda: widget.next_number == "H-001024", timeout=5000)
    dialog = open_new_patient_dialog(qtbot, main_window)
    assert dialog.auto_number.isVisible()
    assert "H-001024" in dialog.auto_number.toolTip()
    qtbot.mouseClick(dialog.auto_number, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert not dialog.mrn_edit.isEnabled()
    assert dialog.family_name_edit.hasFocus()
    fill_by_keyboard(qtbot, dialog, ["Peña", "Rosa", "1970-05-06"])
    with qtbot.waitSignal(dialog.patient_saved, timeout=5000) as saved:
        press_save(qtbot, dialog)
    assert saved.args[0].mrn == "H-001024"
    assert numbers.take_next() == "H-001025"
