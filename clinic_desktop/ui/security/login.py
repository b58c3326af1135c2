"""Sign-in and first-run dialogs: the first run creates the first administrator."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.services.accounts import Account, AccountError, AccountService


def _error_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.hide()
    return label


class LoginDialog(QDialog):
    """User name and password; a wrong pair says so under the password and keeps the user name."""

    def __init__(self, accounts: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.account: Account | None = None
        self.setWindowTitle(self.tr("Sign in to Clinic Desktop"))
        self.setMinimumWidth(400)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _error_label()
        self.error.setObjectName("login_error")
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        buttons.accepted.connect(self.on_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.username.setFocus()

    def on_accepted(self) -> None:
        try:
            self.account = self.accounts.authenticate(
                self.username.text().strip(), self.password.text()
            )
        except AccountError as error:
            self.error.setText(str(error))
            self.error.show()
            self.adjustSize()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class FirstAdministratorDialog(QDialog):
    """Shown once, when the database has no users: creates the first administrator."""

    def __init__(self, accounts: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.account: Account | None = None
        self.setWindowTitle(self.tr("Create the first administrator"))
        self.setMinimumWidth(480)
        intro = QLabel(
            self.tr(
                "No one can sign in yet. Create the administrator account; "
                "the administrator then adds clinicians and front-desk staff."
            )
        )
        intro.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("display_name")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = {name: _error_label() for name in ("username", "display_name", "password")}
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow("", self.errors["username"])
        form.addRow(self.tr("Full name"), self.display_name)
        form.addRow("", self.errors["display_name"])
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Repeat password"), self.confirm)
        form.addRow("", self.errors["password"])
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.on_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _show_error(self, field: str, message: str) -> None:
        for label in self.errors.values():
            label.hide()
        label = self.errors.get(field, self.errors["password"])
        label.setText(message)
        label.show()
        self.adjustSize()

    def on_accepted(self) -> None:
        if self.password.text() != self.confirm.text():
            self._show_error("password", self.tr("The two passwords differ."))
            return
        try:
            self.account = self.accounts.create_first_administrator(
                self.username.text(), self.display_name.text(), self.password.text()
            )
        except AccountError as error:
            self._show_error(error.field or "password", str(error))
            return
        self.accept()
