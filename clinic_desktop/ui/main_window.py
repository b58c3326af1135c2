"""The main window: menus, a status bar, and a stack of pages whose first page is the patient registry.

Later features add themselves as pages: `show_page(widget)` puts a widget on the
stack (once) and shows it, `close_page(widget)` closes it (its closeEvent may save),
takes it off the stack and returns to the registry; File > Close page (Ctrl+W) does
the same for the page on screen. The assessment wizard plugs in with
`set_assessment_opener(opener)`: "New assessment" calls `opener(patient_id=id)`, opening
a listed visit calls `opener(assessment_id=id)`, and the returned widget is shown as a
page. For example `partial(AssessmentWizard, database, knowledge, user=user)`.

The window is the drop target for files: once a feature calls `setAcceptDrops(True)` (the
results desk does), local files dropped anywhere on it that no field takes as text arrive as
`files_dropped(paths)`; Qt hands the drop to the window itself, no event filter needed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from clinic_desktop import __version__
from clinic_desktop.ui.about import licence_notice
from clinic_desktop.ui.patients.registry_widget import PatientRegistryWidget
from clinic_desktop.ui.shortcuts import bind, everywhere

if TYPE_CHECKING:
    from clinic_desktop.services.patients import PatientRegistry

AssessmentOpener = Callable[..., QWidget | None]


MINIMUM_SIZE = (960, 600)


class MainWindow(QMainWindow):
    """The program's one window. `assessment_requested(patient_id)` relays the registry's request."""

    assessment_requested = Signal(int)
    visit_opened = Signal(int)
    files_dropped = Signal(list)
    """Paths of local files dropped on the window, while it accepts drops."""

    def __init__(
        self,
        registry: PatientRegistry | None = None,
        database_location: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._assessment_opener: AssessmentOpener | None = None
        self.setWindowTitle(self.tr("Clinic Desktop"))
        self.setMinimumSize(*MINIMUM_SIZE)

        self.pages = QStackedWidget()
        self.registry_widget = PatientRegistryWidget(registry)
        self.pages.addWidget(self.registry_widget)
        self.pages.currentChanged.connect(self.on_page_index_changed)
        self.setCentralWidget(self.pages)

        self.registry_widget.assessment_requested.connect(self.on_assessment_requested)
        self.registry_widget.panel.visit_opened.connect(self.on_visit_opened)
        self.registry_widget.status_message.connect(self.show_message)

        self._build_menus()
        self.database_label = QLabel(database_location)
        self.database_label.setToolTip(self.tr("Where the records are kept"))
        self.statusBar().addPermanentWidget(self.database_label)
        self._restore_geometry()
        self.registry_widget.search_edit.setFocus()
        if registry is None:
            self.new_patient_action.setEnabled(False)
        else:
            self.attach_registry(registry, database_location)

    def attach_registry(self, registry: PatientRegistry, database_location: str) -> None:
        """The records are open: search, register and edit from now on."""
        self.database_label.setText(database_location)
        self.registry_widget.set_registry(registry)
        self.on_page_index_changed(self.pages.currentIndex())

    def detach_registry(self) -> None:
        """Nobody is signed in: no patient shows, and nothing can be searched or registered."""
        self.show_registry()
        self.registry_widget.clear_registry()
        self.on_page_index_changed(self.pages.currentIndex())

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_patient_action = bind(QAction(self.tr("&New patient…"), self), "new_patient")
        self.new_patient_action.triggered.connect(self.on_new_patient)
        file_menu.addAction(self.new_patient_action)
        self.find_patient_action = bind(QAction(self.tr("&Find patient"), self), "find_patient")
        self.find_patient_action.triggered.connect(self.on_find_patient)
        file_menu.addAction(self.find_patient_action)
        self.close_page_action = bind(QAction(self.tr("&Close page"), self), "close_page")
        self.close_page_action.setEnabled(False)
        self.close_page_action.triggered.connect(self.on_close_page)
        file_menu.addAction(self.close_page_action)
        file_menu.addSeparator()
        self.quit_action = bind(QAction(self.tr("&Quit"), self), "quit")
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.user_guide_action = everywhere(QAction(self.tr("&User guide"), self), "user_guide")
        self.user_guide_action.triggered.connect(self.on_user_guide)
        help_menu.addAction(self.user_guide_action)
        self.about_action = QAction(self.tr("&About Clinic Desktop"), self)
        self.about_action.triggered.connect(self.on_about)
        help_menu.addAction(self.about_action)

    # pages -----------------------------------------------------------------

    def show_page(self, page: QWidget) -> None:
        """Add `page` to the stack if it is not there yet, and show it."""
        if self.pages.indexOf(page) < 0:
            self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        page.setFocus()

    def close_page(self, page: QWidget) -> bool:
        """Close `page` and take it off the stack; False when the page refused to close.

        Back on the registry, the open patient's visits are read again: the page may
        have added or signed one.
        """
        if page is self.registry_widget or self.pages.indexOf(page) < 0:
            return True
        if not page.close():
            return False
        self.pages.removeWidget(page)
        page.deleteLater()
        self.show_registry()
        panel = self.registry_widget.panel
        if panel.patient is not None:
            panel.show_patient(panel.patient)
        return True

    def on_close_page(self) -> None:
        page = self.pages.currentWidget()
        if page is not None:
            self.close_page(page)

    def show_registry(self) -> None:
        self.pages.setCurrentWidget(self.registry_widget)
        self.registry_widget.search_edit.setFocus()

    def current_page(self) -> QWidget | None:
        return self.pages.currentWidget()

    def on_page_index_changed(self, _index: int) -> None:
        # New patient only makes sense where the registry is on screen.
        on_registry = self.pages.currentWidget() is self.registry_widget
        self.new_patient_action.setEnabled(on_registry and self.registry_widget.has_registry)
        self.find_patient_action.setEnabled(on_registry)
        self.close_page_action.setEnabled(not on_registry)

    def set_assessment_opener(self, opener: AssessmentOpener | None) -> None:
        """Who builds an assessment page: `opener(patient_id=...)` or `opener(assessment_id=...)`."""
        self._assessment_opener = opener

    def on_assessment_requested(self, patient_id: int) -> None:
        self.assessment_requested.emit(patient_id)
        page = self._assessment_opener(patient_id=patient_id) if self._assessment_opener else None
        if page is not None:
            self.show_page(page)

    def on_visit_opened(self, assessment_id: int) -> None:
        self.visit_opened.emit(assessment_id)
        page = (
            self._assessment_opener(assessment_id=assessment_id)
            if self._assessment_opener
            else None
        )
        if page is not None:
            self.show_page(page)

    # actions ---------------------------------------------------------------

    def on_new_patient(self) -> None:
        self.show_registry()
        self.registry_widget.new_patient()

    def on_find_patient(self) -> None:
        self.show_registry()
        self.registry_widget.search_edit.selectAll()

    def on_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Clinic Desktop"),
            self.tr(
                "Clinic Desktop {version}\n\n"
                "Assessment and care plans for patients with muscle spasms.\n"
                "Every clinical rule names its source; doses are for the clinician to confirm."
            ).format(version=__version__)
            + "\n\n"
            + licence_notice(),
        )

    def on_user_guide(self) -> None:
        """The user guide in a window of its own, beside the work (F1 again brings it forward)."""
        from clinic_desktop.ui.user_guide import UserGuideDialog

        guide = self.findChild(UserGuideDialog)
        if guide is None:
            guide = UserGuideDialog(self)
        guide.show()
        guide.raise_()
        guide.activateWindow()

    def show_message(self, text: str, timeout_ms: int = 5000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    # window state ----------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)
        screen = self.screen()
        if screen is not None:
            self.fit_into(screen.availableGeometry())

    def fit_into(self, room: QRect) -> None:
        """Never larger than the screen: at 150 % on 1366x768 (910x512 for the window's
        logical pixels) the fixed 960x600 minimum and 1280x760 first size ran off it."""
        frame = self.frameGeometry().size() - self.geometry().size()
        width = max(room.width() - frame.width(), 1)
        height = max(room.height() - frame.height(), 1)
        self.setMinimumSize(min(MINIMUM_SIZE[0], width), min(MINIMUM_SIZE[1], height))
        self.resize(min(self.width(), width), min(self.height(), height))

    # dropped files -----------------------------------------------------------

    @staticmethod
    def _local_files(event: QDragMoveEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        urls = mime.urls()
        if not all(url.isLocalFile() for url in urls):
            return []
        return [Path(url.toLocalFile()) for url in urls]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.dragMoveEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._local_files(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit([path for path in paths if path.is_file()])

    def closeEvent(self, event: QCloseEvent) -> None:
        # Close the feature pages first so each can save what it holds.
        for index in reversed(range(1, self.pages.count())):
            page = self.pages.widget(index)
            if page is not None and not self.close_page(page):
                event.ignore()
                return
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
