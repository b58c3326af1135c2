"""The patient dialog says how an MRN will be stored when that differs from the typing, and
a look-alike of a registered MRN is refused at the field (issue 10, item 9)."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from clinic_desktop.services.patients import PatientRegistry
from clinic_desktop.ui.main_window import MainWindow
from tests.gui.conftest import add_patient, type_text
from tests.gui.test_patient_dialog import (
    fill_by_keyboard,
    open_new_patient_dialog,
    press_save,
    wait_for_errors,
)


def test_the_stored_spelling_of_an_mrn_is_shown_under_the_field(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    dialog = open_new_patient_dialog(qtbot, main_window)
    type_text(qtbot, dialog.mrn_edit, "wc\u2010012")
    assert dialog.mrn_note.isVisible() and dialog.mrn_note.text() == "Stored as WC-012"
    dialog.mrn_edit.setText("WC-012")
    assert not dialog.mrn_note.isVisible()
    if shots := os.environ.get("CLINIC_DESKTOP_SCREENSHOTS"):
        dialog.mrn_edit.setText("wc\u2010012\u200b")
        dialog.grab().save(str(Path(shots) / "patient-dialog-mrn-note.png"))


def test_a_look_alike_of_a_registered_mrn_is_refused_at_the_field(
    qtbot: QtBot, registry: PatientRegistry, main_window: MainWindow
) -> None:
    add_patient(registry, "WC-012", "García", "Ana")
    dialog = open_new_patient_dialog(qtbot, main_window)
    fill_by_keyboard(qtbot, dialog, ["wc-012\u200b", "Otro", "Pablo", "1970-01-01"])
    press_save(qtbot, dialog)
    errors = wait_for_errors(qtbot, dialog)
    assert errors.get("mrn") == "MRN WC-012 already belongs to another patient."
    assert dialog.mrn_edit.text() == "wc-012\u200b", "nothing typed is changed"
    assert [p.mrn for p in registry.search("")] == ["WC-012"]
