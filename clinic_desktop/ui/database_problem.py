"""The dialog shown when the database cannot be opened: what is wrong, what to do, and a way out."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from clinic_desktop.persistence.database import DatabaseProblem


def _backup_time(backup: Path) -> str:
    """When the backup was written, in local time, as the button shows it."""
    from datetime import datetime

    return datetime.fromtimestamp(backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M")


class ProblemChoice(Enum):
    QUIT = "quit"
    RETRY = "retry"
    OTHER_FOLDER = "other_folder"
    RESTORE = "restore"


class DatabaseProblemDialog(QDialog):
    """Says in plain words why the database cannot be used; never offers to overwrite it.

    After `exec()`, `choice` says what the clinician chose and `folder` holds the other
    data folder they picked (for `ProblemChoice.OTHER_FOLDER`). Given `backup`, the newest
    backup that passed its integrity check, a damaged file can be replaced by it
    (`ProblemChoice.RESTORE`); the damaged file itself is then kept aside, never deleted.
    """

    def __init__(
        self,
        problem: DatabaseProblem,
        can_choose_folder: bool = True,
        parent: QWidget | None = None,
        backup: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.problem = problem
        self.choice = ProblemChoice.QUIT
        self.folder: Path | None = None
        self.backup = backup
        self.setWindowTitle(self.tr("Clinic Desktop: the records cannot be opened"))
        self.setMinimumWidth(600)

        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48)
        )
        self.message_label = QLabel(problem.message)
        # With a backup to offer, the button below is the way out (the problem's own advice
        # names the command to type instead).
        self.advice_label = QLabel(
            problem.advice
            if backup is None
            else self.tr("Restore the newest backup below, or ask your administrator.")
        )
        if problem.kind == "missing":
            reassurance = QLabel(self.tr("No new, empty file was made in its place."))
        else:
            reassurance = QLabel(
                self.tr("Nothing has been changed or overwritten. The file is left as it was.")
            )
        self.backup_label: QLabel | None = None
        if backup is not None:
            self.backup_label = QLabel(
                self.tr("The newest backup that passed its check is from %1:\n%2")
                .replace("%1", _backup_time(backup))
                .replace("%2", str(backup))
            )
        labels = [self.message_label, self.advice_label, reassurance]
        for label in [*labels, *([self.backup_label] if self.backup_label else [])]:
            # The message names a file path; show it as text, never as markup.
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.message_label.font()
        font.setBold(True)
        self.message_label.setFont(font)

        self.buttons = QDialogButtonBox()
        self.retry_button = QPushButton(self.tr("&Try again"))
        self.buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.retry_button.clicked.connect(self.on_retry)
        self.restore_button: QPushButton | None = None
        if backup is not None:
            self.restore_button = QPushButton(self.tr("&Restore this backup"))
            self.restore_button.setToolTip(str(backup))
            self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.restore_button.clicked.connect(self.on_restore)
        self.folder_button: QPushButton | None = None
        if can_choose_folder:
            self.folder_button = QPushButton(self.tr("Use another data &folder…"))
            self.buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.folder_button.clicked.connect(self.on_choose_folder)
        self.quit_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.quit_button.setText(self.tr("&Quit"))
        self.quit_button.clicked.connect(self.reject)
        self.quit_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message_label)
        layout.addWidget(self.advice_label)
        layout.addWidget(reassurance)
        if self.backup_label is not None:
            layout.addWidget(self.backup_label)
        layout.addWidget(self.buttons)

    def on_retry(self) -> None:
        self.choice = ProblemChoice.RETRY
        self.accept()

    def on_restore(self) -> None:
        self.choice = ProblemChoice.RESTORE
        self.accept()

    def on_choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the folder that holds (or will hold) the records")
        )
        if chosen:
            self.choice = ProblemChoice.OTHER_FOLDER
            self.folder = Path(chosen)
            self.accept()

    def reject(self) -> None:
        self.choice = ProblemChoice.QUIT
        super().reject()
