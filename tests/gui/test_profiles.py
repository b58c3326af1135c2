"""The clinic's profile (asked for at the first run, Administration > Clinic), a clinician's own
profile, and the dose the clinician writes for each supplement on the care-plan page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from clinic_desktop.domain.assessment import Assessment, History, LabResult, Patient
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.rules.engine import evaluate
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.profiles import ProfileService
from clinic_desktop.services.visit_flow import VisitFlow
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.profiles import ClinicianProfileDialog, ClinicProfileDialog
from clinic_desktop.ui.session import ClinicSession
from clinic_desktop.ui.wizard.care_plan_page import CarePlanPage
from tests.golden import cases

PASSWORD = "Correct-Horse-7391"


def open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_the_first_administrator_is_asked_for_the_clinic_and_a_clinician_is_not(
    qtbot: QtBot, app: QApplication, database: Database
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    session = ClinicSession(window, database, "test records")
    admin = session.accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    doctor = session.accounts.add_user(admin, "dr.ruiz", "Dr Ruiz", "clinician", PASSWORD)
    window.show()
    session.begin(doctor)
    try:
        assert not any(isinstance(d, ClinicProfileDialog) for d in open_dialogs())
        assert "Administration > Clinic" in window.statusBar().currentMessage()
    finally:
        session.close()

    window2 = MainWindow()
    qtbot.addWidget(window2)
    session2 = ClinicSession(window2, database, "test records")
    window2.show()
    session2.begin(admin)
    try:
        dialog = next(d for d in open_dialogs() if isinstance(d, ClinicProfileDialog))
        assert dialog.intro.isVisible() and "every care plan" in dialog.intro.text()
        dialog.name.setText("Clínica del Músculo")
        dialog.phone.setText("+34 910 000 000")
        with qtbot.waitSignal(dialog.accepted, timeout=10_000):
            dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
        saved = session2.profiles().clinic()
        assert saved is not None
        assert (saved.name, saved.phone) == ("Clínica del Músculo", "+34 910 000 000")
    finally:
        session2.close()


def test_a_bad_logo_is_refused_where_it_was_chosen_and_a_name_is_required(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    profiles = ProfileService(database, AuditLog(database))
    dialog = ClinicProfileDialog(profiles, "admin", None)
    qtbot.addWidget(dialog)
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"<html>this is not a picture</html>")
    dialog.logo.load(str(fake))
    assert dialog.logo.data is None
    assert dialog.logo.error.text() == "The file is not a PNG or JPEG picture."
    good = tmp_path / "good.png"
    good.write_bytes(cases.png())
    dialog.logo.load(str(good))
    assert dialog.logo.data == cases.png() and dialog.logo.error.isHidden()
    assert dialog.logo.preview.pixmap() is not None and not dialog.logo.preview.pixmap().isNull()

    dialog.email.setText("not an address")
    dialog.on_save_clicked()
    assert dialog.errors["name"].text().startswith("The clinic's name is required")
    assert profiles.clinic() is None
    dialog.name.setText("Clínica")
    dialog.on_save_clicked()
    assert "email address" in dialog.errors["email"].text()
    assert profiles.clinic() is None


def test_a_clinician_profile_keeps_credentials_licence_and_a_real_signature(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    audit = AuditLog(database)
    from clinic_desktop.services.accounts import AccountService

    accounts = AccountService(database, audit)
    admin = accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    accounts.add_user(admin, "mlopez", "Marta López", "clinician", PASSWORD)
    profiles = ProfileService(database, audit)
    dialog = ClinicianProfileDialog(profiles, profiles.clinician("mlopez"))
    qtbot.addWidget(dialog)
    assert dialog.display_name.text() == "Marta López"
    dialog.credentials.setText("MD")
    dialog.licence_number.setText("28/123456")
    signature = tmp_path / "firma.png"
    signature.write_bytes(cases.png("signature"))
    dialog.signature.load(str(signature))
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.on_save_clicked()
    kept = profiles.clinician("mlopez")
    assert kept.printed_name == "Marta López, MD" and kept.licence_number == "28/123456"
    assert kept.signature == cases.png("signature")


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_supplement_takes_the_clinicians_dose_and_signing_warns_until_written(
    qtbot: QtBot, language: str
) -> None:
    knowledge = load_knowledge()
    assessment = Assessment(
        patient=Patient("D-1", "Núñez", "Ana", date(1960, 1, 1), sex="female", language=language),
        visit_date=date(2026, 12, 10),
        history=History(presentations=["nocturnal_leg_cramps"]),
        labs=[LabResult("magnesium", 1.5, "mg/dL"), LabResult("vitamin_d_25oh", 12, "ng/mL")],
        medications=[],
    )
    flow = VisitFlow(assessment, lambda a: evaluate(a, knowledge))
    page = CarePlanPage(flow, knowledge.care_plan, citations=knowledge.citations)
    qtbot.addWidget(page)
    edits: list[bool] = []
    page.saved_only.connect(lambda: edits.append(True))
    page.show_evaluation(flow.evaluation)
    dose = page.findChild(type(page.follow_up), "dose_magnesium_repletion")
    assert dose is not None and dose.text() == "", "the program never proposes a dose"
    assert page.findChild(type(page.follow_up), "dose_calf_hamstring_stretching") is None
    warning = page.dose_warning.text()
    assert page.dose_warning.isVisibleTo(page)
    assert ("Magnesio" if language == "es" else "Magnesium") in warning
    qtbot.keyClicks(dose, "300 mg at night")
    instructions = page.findChild(type(page.follow_up), "instructions_magnesium_repletion")
    qtbot.keyClicks(instructions, "with food")
    item = next(i for i in flow.care_plan.items if i.id == "magnesium_repletion")  # type: ignore[union-attr]
    assert (item.dose, item.instructions) == ("300 mg at night", "with food")
    assert edits, "the dose is saved with the draft"
    assert ("Magnesio" if language == "es" else "Magnesium") not in page.dose_warning.text()
    assert [i.id for i in flow.missing_doses()] == ["vitamin_d_repletion"]
    assert page.sign_button.isEnabled() == flow.can_sign, "a missing dose warns, never blocks"


def test_the_sign_dialog_warns_of_missing_doses_and_still_lets_the_clinician_sign(
    qtbot: QtBot,
) -> None:
    from clinic_desktop.ui.wizard.signing import SignDialog

    knowledge = load_knowledge()
    assessment = Assessment(
        patient=Patient("D-2", "Núñez", "Ana", date(1960, 1, 1), sex="female", language="en"),
        visit_date=date(2026, 12, 10),
        history=History(presentations=["nocturnal_leg_cramps"]),
        labs=[LabResult("magnesium", 1.5, "mg/dL"), LabResult("vitamin_d_25oh", 12, "ng/mL")],
        medications=[],
    )
    flow = VisitFlow(assessment, lambda a: evaluate(a, knowledge))
    plan = flow.ensure_care_plan()
    next(i for i in plan.items if i.id == "magnesium_repletion").dose = "300 mg at night"
    dialog = SignDialog(
        flow.signature_summary(), "mlopez", "Núñez, Ana", lambda _password: True, str, str
    )
    qtbot.addWidget(dialog)
    shown = dialog.contents.toPlainText()
    warning = shown.split("\n\n")[0]
    assert warning.startswith("No dose written")
    assert "vitamin D" in warning and "magnesium" not in warning
    assert "Dose: 300 mg at night" in shown
    assert dialog.sign_button.isEnabled(), "a missing dose warns, never blocks"
