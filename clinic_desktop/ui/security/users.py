"""User management for administrators, and the password change every user can make."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.services.accounts import Account, AccountError, AccountService
from clinic_desktop.ui.controls import ComboBox


def _role_names(widget: QWidget) -> dict[str, str]:
    return {
        "clinician": widget.tr("Clinician (assess and sign)"),
        "front_desk": widget.tr("Front desk (register and print)"),
        "administrator": widget.tr("Administrator (users and settings)"),
    }


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.hide()
    return label


class UsersWidget(QWidget):
    """The list of accounts, a form to add one, and role/active changes for the selected one."""

    def __init__(
        self, accounts: AccountService, actor: Account, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.actor = actor
        roles = _role_names(self)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(self.tr("Users"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("Active")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self.on_selection_changed)

        self.username = QLineEdit()
        self.username.setObjectName("new_username")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("new_display_name")
        self.role = ComboBox()
        for key, label in roles.items():
            self.role.addItem(label, key)
        self.password = QLineEdit()
        self.password.setObjectName("new_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = {
            name: _error_label(f"{name}_error") for name in ("username", "display_name", "password")
        }
        add = QPushButton(self.tr("Add user"))
        add.clicked.connect(self.on_add_clicked)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow("", self.errors["username"])
        form.addRow(self.tr("Full name"), self.display_name)
        form.addRow("", self.errors["display_name"])
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("First password"), self.password)
        form.addRow("", self.errors["password"])
        form.addRow("", add)
        add_box = QGroupBox(self.tr("New user"))
        add_box.setLayout(form)

        self.selected_role = ComboBox()
        for key, label in roles.items():
            self.selected_role.addItem(label, key)
        self.selected_active = QCheckBox(self.tr("May sign in"))
        apply = QPushButton(self.tr("Apply"))
        apply.clicked.connect(self.on_apply_clicked)
        self.change_message = _error_label("change_error")
        change = QFormLayout()
        change.addRow(self.tr("Role"), self.selected_role)
        change.addRow("", self.selected_active)
        change.addRow("", apply)
        change.addRow("", self.change_message)
        self.change_box = QGroupBox(self.tr("Selected user"))
        self.change_box.setLayout(change)
        self.change_box.setEnabled(False)

        side = QVBoxLayout()
        side.addWidget(add_box)
        side.addWidget(self.change_box)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(side, 2)
        self.refresh()

    def refresh(self) -> None:
        roles = _role_names(self)
        users = self.accounts.list_users()
        self.table.setRowCount(len(users))
        for row, account in enumerate(users):
            cells = (
                account.username,
                account.display_name,
                roles.get(account.role, account.role),
                self.tr("yes") if account.active else self.tr("no"),
            )
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def _selected_username(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        return item.text() if item is not None else None

    def on_selection_changed(self) -> None:
        username = self._selected_username()
        self.change_box.setEnabled(username is not None)
        account = next((a for a in self.accounts.list_users() if a.username == username), None)
        if account is not None:
            self.selected_role.setCurrentIndex(self.selected_role.findData(account.role))
            self.selected_active.setChecked(account.active)

    def on_add_clicked(self) -> None:
        for label in self.errors.values():
            label.hide()
        try:
            self.accounts.add_user(
                self.actor,
                self.username.text(),
                self.display_name.text(),
                self.role.currentData(),
                self.password.text(),
            )
        except AccountError as error:
            label = self.errors.get(error.field or "username", self.errors["username"])
            label.setText(str(error))
            label.show()
            return
        for field in (self.username, self.display_name, self.password):
            field.clear()
        self.refresh()

    def on_apply_clicked(self) -> None:
        username = self._selected_username()
        if username is None:
            return
        if username == self.actor.username and self.selected_role.currentData() != "administrator":
            self.change_message.setText(
                self.tr("You cannot take away your own administrator role.")
            )
            self.change_message.show()
            return
        try:
            self.accounts.set_role(
                self.actor,
                username,
                self.selected_role.currentData(),
                self.selected_active.isChecked(),
            )
        except AccountError as error:
            self.change_message.setText(str(error))
            self.change_message.show()
            return
        self.change_message.hide()
        self.refresh()


class ChangePasswordDialog(QDialog):
    def __init__(
        self, accounts: AccountService, account: Account, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.account = account
        self.setWindowTitle(self.tr("Change password"))
        self.setMinimumWidth(420)
        self.current = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for field in (self.current, self.new, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _error_label("password_error")
        form = QFormLayout()
        form.addRow(self.tr("Current password"), self.current)
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("Repeat new password"), self.repeat)
        form.addRow("", self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.on_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def on_accepted(self) -> None:
        if self.new.text() != self.repeat.text():
            self.error.setText(self.tr("The two new passwords differ."))
            self.error.show()
            return
        try:
            self.accounts.change_password(
                self.account.username, self.current.text(), self.new.text()
            )
        except AccountError as error:
            self.error.setText(str(error))
            self.error.show()
            self.adjustSize()
            return
        self.accept()
