"""The lock: after inactivity or on Ctrl+L the window hides every patient detail until the same user's password.

The lock is an opaque page laid over the whole main window, so whatever was
being typed stays in its widgets underneath (the draft is kept) while nothing
of it can be seen. Other windows of the program (dialogs, previews) are
hidden while locked and shown again after.

Inactivity is watched on the program's top-level QWindows, where the platform
delivers every key, click and mouse move before Qt hands it to a widget. An
application-wide filter would also see the thousands of internal events (polish,
layout, paint) of building a page, each a Python call on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.ui.shortcuts import everywhere

DEFAULT_TIMEOUT_MINUTES = 5
# New top-level windows (a drop-down's list, a dialog not yet focused) are found this often.
WINDOW_SCAN_MS = 2000

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockScreen(QFrame):
    """The page shown while locked: who is signed in, and a password field."""

    unlock_requested = Signal(str)

    def __init__(self, user_display_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lock_screen { background: #eef1f4; }")
        title = QLabel(self.tr("Clinic Desktop is locked"))
        title.setStyleSheet("font-size: 20pt;")
        who = QLabel(self.tr("Signed in: %1").replace("%1", user_display_name))
        who.setTextFormat(Qt.TextFormat.PlainText)
        self.password = QLineEdit()
        self.password.setObjectName("unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setAccessibleName(self.password.placeholderText())
        self.password.setMaximumWidth(320)
        self.password.returnPressed.connect(self.on_unlock_clicked)
        self.error = QLabel()
        self.error.setObjectName("unlock_error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        button = QPushButton(self.tr("Unlock"))
        button.clicked.connect(self.on_unlock_clicked)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, who, self.password, self.error, button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def on_unlock_clicked(self) -> None:
        self.unlock_requested.emit(self.password.text())

    def show_error(self, message: str) -> None:
        self.password.clear()
        self.error.setText(message)
        self.error.show()
        self.password.setFocus()


class InputWatch(QObject):
    """Calls `on_input` for each key, click, wheel or mouse move that reaches a top-level window."""

    def __init__(self, on_input: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_input = on_input

    def watch(self, window: QWindow | None) -> None:
        # Installing twice keeps one filter: Qt moves an installed filter to the front.
        if window is not None:
            window.installEventFilter(self)

    def watch_all(self) -> None:
        for window in QGuiApplication.topLevelWindows():
            self.watch(window)

    def on_focus_window_changed(self, window: QWindow | None) -> None:
        """A dialog or another window of the program took the keyboard: watch it from now on."""
        self.watch(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.on_input()
        return False


class LockController(QObject):
    """Watches for inactivity and Ctrl+L; locks `window` and unlocks it with `check_password`."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: QMainWindow,
        user_display_name: str,
        check_password: Callable[[str], bool],
        timeout_minutes: float = DEFAULT_TIMEOUT_MINUTES,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.user_display_name = user_display_name
        self.check_password = check_password
        self.screen: LockScreen | None = None
        self._hidden_windows: list[QWidget] = []
        self._title = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        # A coarse timer may fire up to 5% late or early; the lock keeps to the minute set.
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.lock)
        self.set_timeout_minutes(timeout_minutes)
        # The one binding of Ctrl+L: the Account menu shows this same action. Two bindings of one
        # key are ambiguous, and Qt then runs neither.
        self.action = everywhere(QAction(self.tr("&Lock now"), window), "lock")
        self.action.triggered.connect(self.lock)
        window.addAction(self.action)
        self.input_watch = InputWatch(self.on_input, self)
        self.window_scan = QTimer(self)
        self.window_scan.setInterval(WINDOW_SCAN_MS)
        self.window_scan.timeout.connect(self.input_watch.watch_all)
        self.window_scan.start()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self.input_watch.on_focus_window_changed)
        self.input_watch.watch_all()
        window.installEventFilter(self)

    def stop(self) -> None:
        """No more locking: the user signed out (their Ctrl+L goes with them)."""
        self.timer.stop()
        self.window_scan.stop()
        self.window.removeAction(self.action)
        self.window.removeEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self.screen is not None

    def set_timeout_minutes(self, minutes: float) -> None:
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize and self.screen:
            self.screen.setGeometry(self.window.rect())
        return False

    def on_input(self) -> None:
        if not self.is_locked:
            self.timer.start()

    def lock(self) -> None:
        if self.is_locked:
            return
        self.timer.stop()
        self._title = self.window.windowTitle()
        self.window.setWindowTitle(self.tr("Clinic Desktop (locked)"))
        self.window.menuBar().setEnabled(False)
        # Disabled, not cleared: what was typed stays, but Tab cannot reach it under the lock.
        central = self.window.centralWidget()
        if central is not None:
            central.setEnabled(False)
        self._hidden_windows = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not self.window and widget.isVisible()
        ]
        for widget in self._hidden_windows:
            widget.hide()
        self.screen = LockScreen(self.user_display_name, self.window)
        self.screen.setGeometry(self.window.rect())
        self.screen.unlock_requested.connect(self.on_unlock_requested)
        self.screen.show()
        self.screen.raise_()
        self.screen.password.setFocus()
        self.locked.emit()

    def on_unlock_requested(self, password: str) -> None:
        if self.screen is None:
            return
        if not self.check_password(password):
            self.screen.show_error(self.tr("Wrong password."))
            return
        self.screen.hide()
        self.screen.deleteLater()
        self.screen = None
        self.window.menuBar().setEnabled(True)
        central = self.window.centralWidget()
        if central is not None:
            central.setEnabled(True)
        self.window.setWindowTitle(self._title)
        for widget in self._hidden_windows:
            widget.show()
        self._hidden_windows = []
        self.timer.start()
        self.unlocked.emit()
