"""Sign-in, the lock screen and the audit view, driven through real widgets."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QMainWindow, QMenuBar, QVBoxLayout
from pytestqt.qtbot import QtBot

from clinic_desktop.persistence.database import Database, open_database
from clinic_desktop.services.accounts import AccountService
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.audit_chain import AuditKey
from clinic_desktop.ui.security.audit_view import AuditViewWidget
from clinic_desktop.ui.security.lock import LockController
from clinic_desktop.ui.security.login import FirstAdministratorDialog, LoginDialog

PASSWORD = "Correct-Horse-7391"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(f"sqlite:///{tmp_path / 'clinic.sqlite3'}")
    yield opened
    opened.close()


@pytest.fixture
def accounts(database: Database, tmp_path: Path) -> AccountService:
    return AccountService(database, AuditLog(database, AuditKey(tmp_path / "audit.key")))


def test_first_run_dialog_creates_the_administrator(qtbot: QtBot, accounts: AccountService) -> None:
    dialog = FirstAdministratorDialog(accounts)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.display_name, "Ana Admin")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.confirm, PASSWORD + "x")
    dialog.on_accepted()
    assert dialog.errors["password"].text() == "The two passwords differ."
    assert dialog.username.text() == "admin"
    dialog.confirm.setText(PASSWORD)
    dialog.on_accepted()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.account is not None and dialog.account.role == "administrator"


def test_a_wrong_password_is_said_at_the_field_and_the_user_name_kept(
    qtbot: QtBot, accounts: AccountService
) -> None:
    accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    dialog = LoginDialog(accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "guess-guess")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not dialog.error.isHidden()
    assert dialog.error.text() == "Wrong user name or password."
    assert dialog.username.text() == "admin" and dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.account is not None and dialog.account.username == "admin"


def _window_with_draft(qtbot: QtBot) -> tuple[QMainWindow, QLineEdit]:
    window = QMainWindow()
    window.setMenuBar(QMenuBar())
    window.menuBar().addMenu("File")
    draft = QLineEdit("García, Ana: calf cramps every night")
    window.setCentralWidget(draft)
    window.setWindowTitle("Clinic Desktop - García, Ana")
    window.resize(1000, 700)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, draft


def test_ctrl_l_locks_hides_the_record_and_the_same_password_unlocks(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window, draft = _window_with_draft(qtbot)
    lock = LockController(window, "Dr Ruiz", lambda password: password == PASSWORD)
    qtbot.keyClick(draft, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert lock.is_locked and lock.screen is not None
    assert lock.screen.geometry() == window.rect()
    assert not draft.isEnabled() and not window.menuBar().isEnabled()
    assert "García" not in window.windowTitle()
    window.grab().save(str(tmp_path / "locked.png"))

    qtbot.keyClicks(lock.screen.password, "wrong")
    qtbot.keyClick(lock.screen.password, Qt.Key.Key_Return)
    assert lock.is_locked and lock.screen.error.text() == "Wrong password."

    qtbot.keyClicks(lock.screen.password, PASSWORD)
    qtbot.keyClick(lock.screen.password, Qt.Key.Key_Return)
    assert not lock.is_locked
    assert draft.isEnabled() and draft.text() == "García, Ana: calf cramps every night"
    assert window.windowTitle() == "Clinic Desktop - García, Ana"


def test_inactivity_locks_the_window(qtbot: QtBot) -> None:
    window, _draft = _window_with_draft(qtbot)
    lock = LockController(window, "Dr Ruiz", lambda password: False, timeout_minutes=0.002)
    with qtbot.waitSignal(lock.locked, timeout=3000):
        pass
    assert lock.is_locked


def restarted_by(qtbot: QtBot, lock: LockController, send_input: object) -> bool:
    """Whether `send_input()` restarts the inactivity countdown after it has run a while."""
    qtbot.wait(400)
    before = lock.timer.remainingTime()
    assert callable(send_input)
    send_input()
    return lock.timer.remainingTime() > before + 300


def test_input_in_the_window_and_in_a_dialog_restarts_the_inactivity_countdown(
    qtbot: QtBot,
) -> None:
    # Input goes through the window as the platform delivers it (QTest on the QWindow),
    # reaching the focused field: the text proves the key arrived where a person typed it.
    window, draft = _window_with_draft(qtbot)
    lock = LockController(window, "Dr Ruiz", lambda password: False, timeout_minutes=1)
    draft.setFocus()
    handle = window.windowHandle()
    assert handle is not None
    assert not restarted_by(qtbot, lock, lambda: None)
    assert restarted_by(qtbot, lock, lambda: QTest.keyClick(handle, Qt.Key.Key_X))
    assert draft.text().endswith("x")
    click = QTest.mouseClick
    middle = QPoint(window.width() // 2, window.height() // 2)
    assert restarted_by(
        qtbot,
        lock,
        lambda: click(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), middle),
    )

    dialog = QDialog(window)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    field.setFocus()
    dialog_handle = dialog.windowHandle()
    assert dialog_handle is not None
    assert restarted_by(qtbot, lock, lambda: QTest.keyClick(dialog_handle, Qt.Key.Key_7))
    assert field.text() == "7"
    assert not lock.is_locked
    dialog.close()


def test_audit_view_filters_sorts_and_exports(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    audit = AuditLog(database, AuditKey(tmp_path / "audit.key"))
    audit.record("login", username="dr.ruiz")
    audit.record("patient_view", username="dr.ruiz", patient_id=3, entity="patient", entity_id=3)
    audit.record("print", username="desk", patient_id=3)
    view = AuditViewWidget(audit)
    qtbot.addWidget(view)
    view.resize(1100, 500)
    assert view.model.rowCount() == 3
    view.on_header_clicked(2)  # user, ascending
    assert view.model.records[0].username == "desk"
    qtbot.keyClicks(view.patient, "three")
    qtbot.keyClick(view.patient, Qt.Key.Key_Return)
    assert "patient's number" in view.message.text()
    view.patient.setText("3")
    view.refresh()
    assert view.model.rowCount() == 2
    assert view.csv_text().splitlines()[0] == "id,at,user,action,patient_id,entity,entity_id,detail"


def test_screenshots_of_the_security_screens(
    qtbot: QtBot, accounts: AccountService, database: Database, tmp_path: Path
) -> None:
    # CLINIC_DESKTOP_SCREENSHOTS=DIR keeps the pictures for a person to look at.
    out = Path(os.environ.get("CLINIC_DESKTOP_SCREENSHOTS", tmp_path)) / "security"
    out.mkdir(parents=True, exist_ok=True)
    window, _ = _window_with_draft(qtbot)
    window.resize(1366, 768)
    lock = LockController(window, "Dr Ruiz", lambda password: False)
    lock.lock()
    window.grab().save(str(out / "lock-1366.png"))
    first = FirstAdministratorDialog(accounts)
    qtbot.addWidget(first)
    first.show()
    first._show_error("password", "The password needs at least 8 characters.")
    first.grab().save(str(out / "first-admin.png"))
    audit = AuditLog(database, AuditKey(tmp_path / "audit.key"))
    for _ in range(5):
        audit.record(
            "patient_view", username="dr.ruiz", patient_id=3, entity="patient", entity_id=3
        )
    view = AuditViewWidget(audit)
    qtbot.addWidget(view)
    view.resize(1366, 600)
    view.show()
    view.grab().save(str(out / "audit-1366.png"))
    lock.on_unlock_requested("x")
    assert lock.is_locked
    for name in ("lock-1366.png", "first-admin.png", "audit-1366.png"):
        assert (out / name).stat().st_size > 1000


def test_an_administrator_adds_a_clinician_and_changes_a_role(
    qtbot: QtBot, accounts: AccountService, tmp_path: Path
) -> None:
    from clinic_desktop.ui.security.users import ChangePasswordDialog, UsersWidget

    admin = accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    widget = UsersWidget(accounts, admin)
    qtbot.addWidget(widget)
    widget.resize(1100, 500)
    widget.show()
    qtbot.keyClicks(widget.username, "dr.ruiz")
    qtbot.keyClicks(widget.display_name, "Dr Ruiz")
    qtbot.keyClicks(widget.password, "short")
    widget.on_add_clicked()
    assert not widget.errors["password"].isHidden()
    assert widget.username.text() == "dr.ruiz"  # nothing typed is lost
    widget.password.setText(PASSWORD)
    widget.on_add_clicked()
    assert widget.table.rowCount() == 2 and widget.username.text() == ""
    assert [a.role for a in accounts.list_users()] == ["administrator", "clinician"]

    widget.table.selectRow(1)
    widget.selected_role.setCurrentIndex(widget.selected_role.findData("front_desk"))
    widget.on_apply_clicked()
    assert accounts.list_users()[1].role == "front_desk"
    widget.table.selectRow(0)
    widget.selected_role.setCurrentIndex(widget.selected_role.findData("clinician"))
    widget.on_apply_clicked()
    assert "own administrator role" in widget.change_message.text()
    widget.grab().save(str(tmp_path / "users.png"))

    dialog = ChangePasswordDialog(accounts, admin)
    qtbot.addWidget(dialog)
    dialog.current.setText(PASSWORD)
    dialog.new.setText("Brand-New-Pass-1")
    dialog.repeat.setText("Brand-New-Pass-1")
    dialog.on_accepted()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert accounts.authenticate("admin", "Brand-New-Pass-1").username == "admin"
