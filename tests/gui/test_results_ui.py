"""Results in the real window: a file, a drop, the inbox folder, the held results; orders at signing."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog
from pytestqt.qtbot import QtBot

from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.accounts import Account
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.orders import INBOX_SETTING, OUTBOX_SETTING, OrderBook
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.results.desk import ImportReportDialog, files_ready
from clinic_desktop.ui.results.held_results import HeldResultsWidget, PlaceResultDialog
from clinic_desktop.ui.session import ClinicSession
from clinic_desktop.ui.wizard.wizard import AssessmentWizard
from tests.gui.conftest import PASSWORD
from tests.support.lab_messages import MAGNESIUM_LOW, POTASSIUM_LOW, Obx, oru, oru_file
from tests.support.visits import signed_visit


def doctor(session: ClinicSession) -> Account:
    admin = session.accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    return session.accounts.add_user(admin, "dr.ruiz", "Dr Rosa Ruiz", "clinician", PASSWORD)


def report_dialog(qtbot: QtBot) -> ImportReportDialog:
    found: list[ImportReportDialog] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportReportDialog)]
        return bool(found) and found[-1].isVisible()

    qtbot.waitUntil(shown, timeout=20_000)
    return found[-1]


def test_a_file_chosen_in_the_dialog_is_imported_off_the_gui_thread_and_reported(
    qtbot: QtBot,
    window: MainWindow,
    session: ClinicSession,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session.begin(doctor(session))
    visit = signed_visit(database, patient_id=None)
    (order,) = OrderBook(database).place(visit.id, load_knowledge())
    path = tmp_path / "acme.hl7"
    path.write_bytes(
        oru_file(oru([MAGNESIUM_LOW, Obx("718-7", "13", "g/dL")], placer=order.order_number))
    )
    monkeypatch.setattr(
        "clinic_desktop.ui.results.desk.QFileDialog.getOpenFileNames",
        lambda *args, **kwargs: ([str(path)], ""),
    )
    interface = session.lab_interface
    assert interface is not None
    interface.import_action.trigger()
    dialog = report_dialog(qtbot)
    assert "1 results stored, 1 held" in dialog.summary.text()
    lines = [dialog.lines.item(i).text() for i in range(dialog.lines.count())]
    assert any(line.startswith("Stored: Magnesium 0.55 mmol/L") for line in lines)
    assert any("not a LOINC code of a test the program knows" in line for line in lines)
    assert dialog.resolve_button.isVisible() and dialog.visit_button.isVisible()
    dialog.resolve_button.click()
    qtbot.waitUntil(
        lambda: isinstance(window.pages.currentWidget(), HeldResultsWidget), timeout=10_000
    )
    page = window.pages.currentWidget()
    assert isinstance(page, HeldResultsWidget)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert "718-7" in page.model.item(0, 2).text()

    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("haemoglobin not ordered", True))
    )
    page.dismiss_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    assert "dismissed" in page.message.text()

    # The same file again stores nothing and says so.
    interface.import_action.trigger()
    qtbot.waitUntil(
        lambda: "imported before" in report_dialog(qtbot).summary.text(), timeout=20_000
    )


def test_a_file_dropped_on_the_window_is_imported(
    qtbot: QtBot, window: MainWindow, session: ClinicSession, database: Database, tmp_path: Path
) -> None:
    session.begin(doctor(session))
    path = tmp_path / "not-results.txt"
    path.write_bytes(b"hello")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    # As the platform delivers a drag: entering the window, then the drop, over the search field.
    where = QPointF(window.registry_widget.search_edit.mapTo(window, QPoint(5, 5)))
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    handle = window.windowHandle()
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, mime, buttons, keys)
    assert QApplication.sendEvent(handle, enter) and enter.isAccepted()
    QApplication.sendEvent(handle, QDropEvent(where, Qt.DropAction.CopyAction, mime, buttons, keys))
    dialog = report_dialog(qtbot)
    assert "was not imported; nothing was stored" in dialog.summary.text()
    assert "not a results file" in dialog.summary.text()
    assert window.registry_widget.search_edit.text() == ""  # the path was not typed in


def test_the_inbox_folder_imports_what_arrives_and_files_it_away(
    qtbot: QtBot, window: MainWindow, session: ClinicSession, database: Database, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    account = doctor(session)
    visit = signed_visit(database)
    (order,) = OrderBook(database).place(visit.id, load_knowledge())
    from clinic_desktop.services.orders import LabInterfaceSettings

    LabInterfaceSettings(database).set(INBOX_SETTING, str(inbox), None, None)
    session.begin(account)
    arriving = inbox / "acme-0002.hl7"
    arriving.write_bytes(oru_file(oru([MAGNESIUM_LOW, POTASSIUM_LOW], placer=order.order_number)))
    old = time.time() - 60
    os.utime(arriving, (old, old))
    half_written = inbox / "acme-0003.hl7.part"
    half_written.write_bytes(b"MSH|")
    interface = session.lab_interface
    assert interface is not None
    qtbot.waitUntil(lambda: interface.desk.inbox == inbox, timeout=10_000)
    interface.desk.on_inbox_changed()
    dialog = report_dialog(qtbot)
    assert "2 results stored, 0 held" in dialog.summary.text()
    assert not arriving.exists() and (inbox / "imported" / "acme-0002.hl7").exists()
    assert half_written.exists()  # still being written: left for the next look
    assert files_ready(inbox) == []


def test_signing_sends_the_order_into_the_orders_folder_once(
    qtbot: QtBot, window: MainWindow, session: ClinicSession, database: Database, tmp_path: Path
) -> None:
    outbox = tmp_path / "orders"
    outbox.mkdir()
    account = doctor(session)
    from clinic_desktop.services.orders import LabInterfaceSettings

    LabInterfaceSettings(database).set(OUTBOX_SETTING, str(outbox), None, None)
    session.begin(account)
    visit = signed_visit(database)
    interface = session.lab_interface
    assert interface is not None
    qtbot.waitUntil(lambda: interface.values.get(OUTBOX_SETTING) == str(outbox), timeout=10_000)
    interface.on_visit_signed(visit.id)
    # A lab interface never sees the hidden temporary file: only the whole message, renamed.
    qtbot.waitUntil(lambda: [p.suffix for p in outbox.iterdir()] == [".hl7"], timeout=20_000)
    (written,) = outbox.iterdir()
    assert written.suffix == ".hl7" and b"OML^O21^OML_O21" in written.read_bytes()
    written.unlink()  # the lab interface picked it up
    interface.on_visit_signed(visit.id)  # opening the signed visit again sends nothing
    session.writer.flush(10)  # type: ignore[union-attr]
    qtbot.wait(200)
    assert list(outbox.iterdir()) == []
    assert AssessmentStore(database).load(visit.id).status == "signed"


def test_placing_a_held_result_names_order_test_and_unit(
    qtbot: QtBot, window: MainWindow, session: ClinicSession, database: Database, tmp_path: Path
) -> None:
    session.begin(doctor(session))
    visit = signed_visit(database)
    (order,) = OrderBook(database).place(visit.id, load_knowledge())
    interface = session.lab_interface
    assert interface is not None
    path = tmp_path / "unit.hl7"
    path.write_bytes(oru_file(oru([Obx("2601-3", "1.34", "mg/L")], placer=order.order_number)))
    interface.desk.import_files([path])
    report_dialog(qtbot).resolve_button.click()
    qtbot.waitUntil(
        lambda: isinstance(window.pages.currentWidget(), HeldResultsWidget), timeout=10_000
    )
    page = window.pages.currentWidget()
    assert isinstance(page, HeldResultsWidget)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.place_button.click()
    qtbot.waitUntil(lambda: window.findChild(PlaceResultDialog) is not None, timeout=10_000)
    dialog = window.findChild(PlaceResultDialog)
    assert dialog is not None
    assert dialog.test.currentData() == "magnesium"
    assert dialog.test.accessibleName() and dialog.unit.accessibleName()
    dialog.unit.setCurrentIndex(dialog.unit.findData("mg/dL"))
    assert dialog.order.count() == 1 and order.order_number in dialog.order.currentText()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    assert "placed" in page.message.text()
    addendum = AssessmentStore(database).history(visit.id)[-1]
    assert [(lab.value, lab.unit) for lab in addendum.assessment.labs or []] == [(1.34, "mg/dL")]


def test_results_for_a_signed_visit_open_an_addendum_that_shows_what_changed(
    qtbot: QtBot, window: MainWindow, session: ClinicSession, database: Database, tmp_path: Path
) -> None:
    session.begin(doctor(session))
    visit = signed_visit(database)
    (order,) = OrderBook(database).place(visit.id, load_knowledge())
    interface = session.lab_interface
    assert interface is not None
    path = tmp_path / "magnesium.hl7"
    path.write_bytes(oru_file(oru([MAGNESIUM_LOW], placer=order.order_number)))
    interface.desk.import_files([path])
    report = report_dialog(qtbot)
    assert report.visit_button.isVisible()
    report.visit_button.click()

    def wizard() -> AssessmentWizard | None:
        found = window.findChildren(AssessmentWizard)
        return found[-1] if found and found[-1].view is not None else None

    qtbot.waitUntil(lambda: wizard() is not None, timeout=20_000)
    opened = wizard()
    assert opened is not None and opened.view is not None
    view = opened.view
    assert view.stored.amends_id == visit.id
    panel = view.changes
    qtbot.waitUntil(lambda: panel.isVisible() and panel.list.count() > 0, timeout=20_000)
    lines = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert "New result: magnesium 0.55 mmol/L (2026-11-23T07:30:00-05:00)" in lines
    assert any(line.startswith("New finding: ") for line in lines), lines
    assert not any(line.startswith(("Dropped", "Added")) for line in lines)
    assert (
        "1 change" not in panel.title.text() and "since the visit signed on" in panel.title.text()
    )
    # Words carry the change; the colour only repeats it (a new finding in the darker red).
    finding = next(
        panel.list.item(i) for i in range(panel.list.count()) if lines[i].startswith("New finding")
    )
    assert finding.foreground().color().name() == "#8c1d0d"
    # The signed visit stays as signed: its plan and signature untouched, no result in it.
    original = AssessmentStore(database).load(visit.id)
    assert original.status == "amended" and original.signed_by == visit.signed_by
    assert original.assessment.labs in (None, [])
    assert original.care_plan == visit.care_plan


def test_an_answer_for_a_page_closed_meanwhile_is_dropped_not_raised(qtbot: QtBot) -> None:
    from concurrent.futures import Future

    import shiboken6
    from PySide6.QtWidgets import QLabel

    from clinic_desktop.ui.operations import run_on_writer

    pending: list[Future[str]] = [Future(), Future()]
    answers = iter(pending)
    page, other = QLabel(), QLabel()
    delivered: list[str] = []
    # As the held-results page asks: its own method, and through the shared runner's context.
    run_on_writer(lambda fn, *args: next(answers), lambda: "held", on_done=page.setText)
    run_on_writer(
        lambda fn, *args: next(answers), lambda: "held", on_done=delivered.append, context=other
    )
    shiboken6.delete(page)  # the pages closed before the writer answered
    shiboken6.delete(other)
    for future in pending:
        future.set_result("held")
    qtbot.wait(50)  # before the fix: "Internal C++ object already deleted" in the event loop
    assert not shiboken6.isValid(page) and delivered == []


def test_the_keyboard_is_back_in_the_window_when_the_import_report_closes(
    qtbot: QtBot, window: MainWindow, session: ClinicSession, tmp_path: Path
) -> None:
    session.begin(doctor(session))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    before = QApplication.focusWidget()
    path = tmp_path / "not-results.txt"
    path.write_bytes(b"hello")
    window.files_dropped.emit([path])
    dialog = report_dialog(qtbot)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is before and window.isAncestorOf(before)


def test_the_import_report_names_the_test_and_writes_the_value_in_spanish(
    qtbot: QtBot, app: QApplication
) -> None:
    from clinic_desktop.services.results_import import ImportReport, PlacedResult
    from clinic_desktop.ui.results.desk import ImportOutcome
    from clinic_desktop.ui.translation import install_translators

    placed = PlacedResult("magnesium", 0.55, "mmol/L", None, "REQ-7", 3, 1)
    report = ImportReport("acme.hl7", "0" * 64, 1, stored=(placed,))
    install_translators(app, "es")
    try:
        dialog = ImportReportDialog(ImportOutcome(Path("acme.hl7"), report))
        qtbot.addWidget(dialog)
        assert dialog.lines.item(0).text() == "Guardado: Magnesio 0,55 mmol/L en el pedido REQ-7"
    finally:
        install_translators(app, "en")
