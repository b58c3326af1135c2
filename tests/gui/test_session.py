"""A signed-in session in the real window: roles, audited reads, the lock, printing and backups."""

from __future__ import annotations

import os
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from clinic_desktop.persistence.database import Database, open_database
from clinic_desktop.services.accounts import Account
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.pdf_preview import PdfPreviewWidget
from clinic_desktop.ui.session import ClinicSession
from clinic_desktop.ui.wizard.signing import SignDialog
from clinic_desktop.ui.wizard.wizard import AssessmentWizard
from tests.gui.conftest import PASSWORD, add_patient, add_visit
from tests.integration.conftest import fresh_postgres_schema


def _accounts(session: ClinicSession) -> tuple[Account, Account, Account]:
    admin = session.accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    doctor = session.accounts.add_user(admin, "dr.ruiz", "Dr Ruiz", "clinician", PASSWORD)
    desk = session.accounts.add_user(admin, "desk", "Front Desk", "front_desk", PASSWORD)
    return admin, doctor, desk


def test_nothing_shows_until_someone_signs_in(
    qtbot: QtBot, window: MainWindow, session: ClinicSession
) -> None:
    _accounts(session)
    session.start()
    assert not window.registry_widget.has_registry
    dialog = session._dialog
    assert dialog is not None and dialog.isVisible()
    dialog.username.setText("dr.ruiz")  # type: ignore[attr-defined]
    dialog.password.setText(PASSWORD)  # type: ignore[attr-defined]
    dialog.on_accepted()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.registry_widget.has_registry, timeout=3000)
    assert "Dr Ruiz" in window.windowTitle()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[-3:] == ["&Account", "Res&ults", "&Help"] and "A&dministration" not in menus


def test_front_desk_registers_but_cannot_assess(
    qtbot: QtBot, window: MainWindow, session: ClinicSession, database: Database
) -> None:
    _admin, _doctor, desk = _accounts(session)
    session.begin(desk)
    patient = add_patient(session.registry, "A-1", "García", "Ana")  # type: ignore[arg-type]
    assert session.open_assessment(patient_id=patient.id) is None
    assert "Only a clinician" in window.statusBar().currentMessage()


def test_the_sessions_first_visit_loads_the_knowledge_off_the_gui_thread_then_opens(
    qtbot: QtBot,
    window: MainWindow,
    session: ClinicSession,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clinic_desktop import knowledge
    from clinic_desktop.knowledge import cache

    _admin, doctor, _desk = _accounts(session)
    session.begin(doctor)
    patient = add_patient(session.registry, "A-1", "García", "Ana")  # type: ignore[arg-type]
    knowledge._default_knowledge.cache_clear()  # as in a program that just started
    # The worker's load waits until the GUI thread has looked: from the knowledge cache it
    # takes 20 ms, and a busy machine could otherwise let it finish first.
    looked = threading.Event()
    load_with_cache = cache.load_with_cache

    def load_after_looking(*args: Any) -> Any:
        looked.wait(30)
        return load_with_cache(*args)

    monkeypatch.setattr(cache, "load_with_cache", load_after_looking)
    try:
        assert session.open_assessment(patient_id=patient.id) is None  # the click returns at once
        assert not knowledge.knowledge_loaded(), "the knowledge is not loaded on the GUI thread"
        assert "Opening the visit" in window.statusBar().currentMessage()
        assert session.open_assessment(patient_id=patient.id) is None  # an impatient second click
        looked.set()
        qtbot.waitUntil(
            lambda: isinstance(window.pages.currentWidget(), AssessmentWizard), timeout=30_000
        )
        wizards = [
            window.pages.widget(i)
            for i in range(window.pages.count())
            if isinstance(window.pages.widget(i), AssessmentWizard)
        ]
        assert len(wizards) == 1, "two clicks open one visit"
        # The opening message is gone (the sign-in's daily backup may have said its own since).
        assert "Opening the visit" not in window.statusBar().currentMessage()
    finally:
        looked.set()
        knowledge.load_knowledge()


def test_a_clinician_visit_is_audited_and_prints_the_signed_plan_once(
    qtbot: QtBot, window: MainWindow, session: ClinicSession, database: Database
) -> None:
    _admin, doctor, _desk = _accounts(session)
    session.begin(doctor)
    assert session.registry is not None
    patient = add_patient(session.registry, "A-1", "García Núñez", "Ana María")
    visit = add_visit(database, patient, date(2026, 11, 20), signed_by="dr.ruiz")
    session.on_patient_opened(patient.id)

    page = session.open_assessment(assessment_id=visit)
    assert isinstance(page, AssessmentWizard)
    window.show_page(page)
    qtbot.waitUntil(lambda: page.view is not None, timeout=5000)
    page.view.banner.care_plan_pdf_button.click()  # type: ignore[union-attr]
    preview = window.findChild(PdfPreviewWidget, "careplan_preview")
    assert preview is not None and window.pages.currentWidget() is preview
    with qtbot.waitSignal(preview.rendered, timeout=60_000):
        pass
    first = preview.pdf_bytes()
    assert first is not None and first.startswith(b"%PDF")
    store = session.store
    assert store is not None
    # The document is kept by the serial writer, off the GUI thread.
    qtbot.waitUntil(lambda: bool(store.documents(visit)), timeout=30_000)
    kept = store.documents(visit)
    assert [(d[1], d[2]) for d in kept] == [("careplan", "en")]

    # A reprint of the signed visit is the document that was kept, byte for byte.
    page.view.banner.care_plan_pdf_button.click()  # type: ignore[union-attr]
    reprint = window.findChildren(PdfPreviewWidget, "careplan_preview")[-1]
    assert reprint.pdf_bytes() == first

    audit: AuditLog = session.audit
    actions = [r.action for r in audit.query(sort="id", descending=False)]
    for expected in ("patient_view", "assessment_view", "print"):
        assert expected in actions
    assert audit.verify().ok


def test_a_follow_up_prints_its_plan_with_the_trend_chart_read_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, session: ClinicSession, database: Database
) -> None:
    import io

    from pypdf import PdfReader

    from clinic_desktop.domain.assessment import Assessment, History, LabResult, Patient
    from clinic_desktop.domain.careplan import CarePlan

    _admin, doctor, _desk = _accounts(session)
    session.begin(doctor)
    assert session.registry is not None
    patient = add_patient(session.registry, "A-1", "García Núñez", "Ana María")
    person = Patient(patient.mrn, patient.family_name, patient.given_name, patient.birth_date)
    store = AssessmentStore(database)

    def visit(day: date, magnesium: float, episodes: int) -> Assessment:
        cramps = History(presentations=["nocturnal_leg_cramps"], episodes_per_week=episodes)
        labs = [LabResult("magnesium", magnesium, "mg/dL")]
        return Assessment(patient=person, visit_date=day, history=cramps, labs=labs)

    first = store.start(patient.id, visit(date(2026, 10, 20), 1.5, 5), "dr.ruiz")
    store.sign(first.id, "dr.ruiz", CarePlan(language="en"), first.version)
    later = store.start(patient.id, visit(date(2026, 11, 20), 1.9, 2), "dr.ruiz").id
    session.on_patient_opened(patient.id)

    page = session.open_assessment(assessment_id=later)
    assert isinstance(page, AssessmentWizard)
    window.show_page(page)
    qtbot.waitUntil(lambda: page.view is not None, timeout=5000)
    page.view.banner.care_plan_pdf_button.click()  # type: ignore[union-attr]
    preview = window.findChild(PdfPreviewWidget, "careplan_preview")
    assert preview is not None
    with qtbot.waitSignal(preview.rendered, timeout=60_000):
        pass
    content = preview.pdf_bytes()
    assert content is not None
    reader = PdfReader(io.BytesIO(content))
    words = " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())
    assert "How things have changed" in words and "Magnesium (mmol/L)" in words
    assert "Cramps per week" in words


def test_lock_from_the_menu_and_daily_backup(
    qtbot: QtBot, window: MainWindow, session: ClinicSession, database: Database
) -> None:
    _admin, doctor, _desk = _accounts(session)
    session.begin(doctor)
    assert session.lock is not None
    qtbot.waitUntil(
        lambda: bool(
            list((Path(str(database.sqlite_path)).parent / "backups").glob("*-daily.sqlite3"))
        ),
        timeout=10_000,
    )
    session.lock.lock()
    assert session.lock.is_locked
    assert session.lock.screen is not None
    session.lock.on_unlock_requested(PASSWORD)
    assert not session.lock.is_locked
    actions = [r.action for r in session.audit.query(sort="id", descending=False)]
    assert actions[-2:] == ["lock", "unlock"] or {"lock", "unlock"} <= set(actions)
    if os.environ.get("CLINIC_DESKTOP_SCREENSHOTS"):
        out = Path(os.environ["CLINIC_DESKTOP_SCREENSHOTS"]) / "security"
        out.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out / "session-1366.png"))


def test_an_unreadable_lock_setting_falls_back_to_the_default(app: QApplication) -> None:
    from PySide6.QtCore import QSettings

    from clinic_desktop.ui.security.lock import DEFAULT_TIMEOUT_MINUTES
    from clinic_desktop.ui.session import LOCK_SETTING, lock_minutes

    settings = QSettings()
    for stored, expected in (
        ("12", 12),
        ("soon", DEFAULT_TIMEOUT_MINUTES),
        ("0", DEFAULT_TIMEOUT_MINUTES),
    ):
        settings.setValue(LOCK_SETTING, stored)
        assert lock_minutes() == expected
    settings.remove(LOCK_SETTING)


def test_after_sign_in_the_window_has_the_keyboard_so_its_shortcuts_work(
    qtbot: QtBot, window: MainWindow, session: ClinicSession
) -> None:
    """Under a real X server without a click the window stayed inactive: Ctrl+L did nothing."""
    _accounts(session)
    session.start()
    dialog = session._dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    dialog.username.setText("dr.ruiz")  # type: ignore[attr-defined]
    dialog.password.setText(PASSWORD)  # type: ignore[attr-defined]
    dialog.on_accepted()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    assert window.registry_widget.search_edit.hasFocus()
    assert session.lock is not None
    with qtbot.waitSignal(session.lock.locked, timeout=2000):
        qtbot.keyClick(
            window.registry_widget.search_edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
        )


def test_an_administrator_sees_new_assessment_disabled_and_why(
    qtbot: QtBot, window: MainWindow, session: ClinicSession
) -> None:
    """ "New assessment" stayed enabled; the reason showed only in the status bar, after a click."""
    admin, _doctor, _desk = _accounts(session)
    session.begin(admin)
    assert session.registry is not None
    patient = add_patient(session.registry, "A-1", "García", "Ana")
    panel = window.registry_widget.panel
    with qtbot.waitSignal(window.registry_widget.search_finished, timeout=5000):
        window.registry_widget.search_now()
    with qtbot.waitSignal(panel.visits_loaded, timeout=5000):
        window.registry_widget.open_patient(patient)
    assert not panel.new_assessment_button.isEnabled()
    assert "Only a clinician" in panel.new_assessment_button.toolTip()
    assert "administrator" in panel.new_assessment_button.toolTip()


@pytest.mark.parametrize("who", ["admin", "desk"])
def test_who_may_not_assess_sees_a_visit_but_cannot_change_sign_or_amend_it(
    qtbot: QtBot, window: MainWindow, session: ClinicSession, database: Database, who: str
) -> None:
    """An administrator opening a draft from the visit list could edit it and sign it."""
    admin, _doctor, desk = _accounts(session)
    session.begin(admin if who == "admin" else desk)
    assert session.registry is not None
    patient = add_patient(session.registry, "A-1", "García", "Ana")
    draft = add_visit(database, patient, date(2026, 11, 20))
    before = AssessmentStore(database).load(draft)
    page = session.open_assessment(assessment_id=draft)
    assert isinstance(page, AssessmentWizard)
    window.show_page(page)
    qtbot.waitUntil(lambda: page.view is not None, timeout=5000)
    view = page.view
    assert view is not None
    qtbot.waitUntil(lambda: view.pages.is_built("history"), timeout=5000)
    history = view.pages["history"]
    reason = "Only a clinician can change or sign a visit"
    assert view.sign_button.isVisible() and not view.sign_button.isEnabled()
    assert reason in view.sign_button.toolTip()
    assert reason in view.notice.text.text()
    assert view.flow.read_only and not view.flow.can_sign
    box = history.presentations.boxes["nocturnal_leg_cramps"]  # type: ignore[attr-defined]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert not box.isChecked(), "a click changes nothing"
    assert history.episodes.edit.isReadOnly()  # type: ignore[attr-defined]
    view.on_sign_requested()
    assert view.findChildren(SignDialog) == [], "nothing to sign from here"
    page.shutdown()
    after = AssessmentStore(database).load(draft)
    assert (after.status, after.version) == ("draft", before.version), "nothing was written"

    # A signed visit: Amend is there, disabled, and says why.
    signed = add_visit(database, patient, date(2026, 11, 21), signed_by="dr.ruiz")
    page = session.open_assessment(assessment_id=signed)
    assert isinstance(page, AssessmentWizard)
    window.show_page(page)
    qtbot.waitUntil(lambda: page.view is not None, timeout=5000)
    notice = page.view.notice  # type: ignore[union-attr]
    assert notice.amend_button.isVisible() and not notice.amend_button.isEnabled()
    assert reason in notice.amend_button.toolTip()


def test_on_a_database_server_back_up_now_is_disabled_and_says_why(
    qtbot: QtBot, window: MainWindow
) -> None:
    with fresh_postgres_schema() as url:
        database = open_database(url)
        session = ClinicSession(window, database, "test records")
        try:
            _admin, doctor, _desk = _accounts(session)
            session.begin(doctor)
            account_menu = next(
                a.menu() for a in window.menuBar().actions() if a.text() == "&Account"
            )
            assert account_menu.toolTipsVisible()
            backup = next(a for a in account_menu.actions() if a.text() == "&Back up now")
            assert not backup.isEnabled()
            assert "database server" in backup.toolTip()
        finally:
            session.close()
            database.close()


def test_the_administrator_sets_the_record_numbers_the_registration_offers(
    qtbot: QtBot, window: MainWindow, session: ClinicSession
) -> None:
    from clinic_desktop.ui.patients.record_numbers_dialog import RecordNumbersDialog

    admin, _doctor, _desk = _accounts(session)
    session.begin(admin)
    action = window.findChild(QAction, "record_numbers")
    assert action is not None and action.isEnabled()
    action.trigger()
    qtbot.waitUntil(lambda: window.findChild(RecordNumbersDialog) is not None, timeout=5000)
    dialog = window.findChild(RecordNumbersDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.enabled.isChecked() and not dialog.prefix.isEnabled()
    assert dialog.preview.text() == "(the clinic types its own numbers)"
    qtbot.mouseClick(dialog.enabled, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    for field, text in ((dialog.prefix, "H-"), (dialog.next_number, "1024x")):
        field.setFocus()
        field.selectAll()
        qtbot.keyClicks(field, text)
    # A number that is not one is said at once, and nothing is saved.
    assert "next number" in dialog.error.text()
    assert dialog.preview.text() == ""
    qtbot.keyClick(dialog.next_number, Qt.Key.Key_Backspace)
    assert dialog.error.text() == "" and dialog.preview.text() == "H-001024"
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.on_save()
    registry = window.registry_widget
    qtbot.waitUntil(lambda: registry.next_number == "H-001024", timeout=5000)
    assert session.numbers is not None and session.numbers.take_next() == "H-001024"


def test_keys_typed_before_sign_in_never_reach_the_search_field(
    qtbot: QtBot, window: MainWindow, session: ClinicSession
) -> None:
    """A password typed before the sign-in dialog had the keyboard landed in the search field,
    shown in clear on the screen; after a sign-out the same."""
    _admin, doctor, _desk = _accounts(session)
    search = window.registry_widget.search_edit
    window.activateWindow()
    qtbot.keyClicks(window, "s3cret")
    qtbot.keyClicks(search, "s3cret")
    assert search.text() == ""
    assert not search.isEnabled(), "nobody is signed in: nothing to search"
    session.begin(doctor)
    assert search.isEnabled() and search.hasFocus()
    qtbot.keyClicks(search, "gar")
    assert search.text() == "gar"
    assert session.sign_out()
    qtbot.keyClicks(search, "s3cret")
    assert search.text() == "" and not search.isEnabled()
    login = session._dialog
    assert login is not None
    login.username.setText("dr.ruiz")  # type: ignore[attr-defined]
    login.password.setText(PASSWORD)  # type: ignore[attr-defined]
    login.on_accepted()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.registry_widget.has_registry, timeout=3000)
    assert search.isEnabled() and search.text() == ""


def test_sign_out_and_switch_user_without_quitting(
    qtbot: QtBot, window: MainWindow, session: ClinicSession, database: Database
) -> None:
    _admin, doctor, _desk = _accounts(session)
    session.begin(doctor)
    assert session.registry is not None
    patient = add_patient(session.registry, "A-1", "García", "Ana")
    page = session.open_assessment(patient_id=patient.id)
    assert isinstance(page, AssessmentWizard)
    window.show_page(page)
    qtbot.waitUntil(lambda: page.view is not None, timeout=5000)
    history = page.view.pages["history"]  # type: ignore[union-attr]
    history.episodes.edit.setText("4")  # type: ignore[attr-defined]
    history.episodes.on_text_edited("4")  # type: ignore[attr-defined]

    # Behind the sign-in of the next person no patient of the present user shows; cancelling
    # goes back to where they were.
    session.switch_user()
    switch = session._dialog
    assert switch is not None and switch.windowTitle() == "Switch user"
    assert not window.centralWidget().isVisible()
    switch.reject()
    assert window.centralWidget().isVisible() and window.current_page() is page
    assert session.account is not None and session.account.username == "dr.ruiz"

    session.switch_user()
    switch = session._dialog
    assert switch is not None
    assert not window.centralWidget().isVisible()
    switch.username.setText("desk")  # type: ignore[attr-defined]
    switch.password.setText(PASSWORD)  # type: ignore[attr-defined]
    switch.on_accepted()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: session.account is not None and session.account.username == "desk")
    assert window.centralWidget().isVisible()
    assert "Front Desk" in window.windowTitle()
    assert window.current_page() is window.registry_widget, "the visit was closed"
    drafts = AssessmentStore(database).latest_draft(patient.id)
    assert drafts is not None and drafts.assessment.history is not None
    assert drafts.assessment.history.episodes_per_week == 4, "and saved first"
    assert not window.registry_widget.panel.new_assessment_button.isEnabled()

    assert session.sign_out()
    assert session.account is None
    assert not window.registry_widget.has_registry
    assert window.registry_widget.results_model.rowCount() == 0
    assert window.registry_widget.panel.patient is None
    menus = [action.text() for action in window.menuBar().actions()]
    assert "&Account" not in menus
    login = session._dialog
    assert login is not None and login.isVisible()
    actions = [r.action for r in session.audit.query(sort="id", descending=False)]
    assert actions.count("logout") == 2
    # The next clinician signs in at the same window (cancelling would quit, as at the start).
    login.username.setText("dr.ruiz")  # type: ignore[attr-defined]
    login.password.setText(PASSWORD)  # type: ignore[attr-defined]
    login.on_accepted()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.registry_widget.has_registry, timeout=3000)
    assert "Dr Ruiz" in window.windowTitle()
    assert [a.text() for a in window.menuBar().actions()].count("&Account") == 1


def test_a_document_goes_back_to_its_visit_saves_under_a_proposed_name_and_prints_on_ctrl_p(
    qtbot: QtBot,
    window: MainWindow,
    session: ClinicSession,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QFileDialog

    _admin, doctor, _desk = _accounts(session)
    session.begin(doctor)
    assert session.registry is not None
    patient = add_patient(session.registry, "A-1", "García Núñez", "Ana María")
    visit = add_visit(database, patient, date(2026, 11, 20), signed_by="dr.ruiz")
    page = session.open_assessment(assessment_id=visit)
    assert isinstance(page, AssessmentWizard)
    window.show_page(page)
    qtbot.waitUntil(lambda: page.view is not None, timeout=5000)
    page.view.banner.care_plan_pdf_button.click()  # type: ignore[union-attr]
    preview = window.findChild(PdfPreviewWidget, "careplan_preview")
    assert preview is not None
    with qtbot.waitSignal(preview.rendered, timeout=60_000):
        pass
    assert preview.suggested_name == "García-Núñez-Ana-María-care-plan-2026-11-20.pdf"

    proposed: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda _parent, _title, where, _filter: (proposed.append(where), ("", ""))[1],
    )
    qtbot.keyClick(
        preview.print_button,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert proposed and proposed[0].endswith(preview.suggested_name)
    assert Path(proposed[0]).parent.is_dir()

    shown: list[QWidget] = []

    def close_print_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QPrintDialog):
            shown.append(dialog)
            dialog.reject()
        else:
            QTimer.singleShot(20, close_print_dialog)

    QTimer.singleShot(20, close_print_dialog)
    qtbot.keyClick(preview.print_button, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert shown, "Ctrl+P opened the print dialog"

    assert preview.back_button.isVisible()
    qtbot.mouseClick(preview.back_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is page
    qtbot.waitUntil(lambda: window.findChild(PdfPreviewWidget, "careplan_preview") is None)
