"""The clinic's lab interface in the window: its folders, the Results menu, orders sent at signing.

`attach(session, account)` adds the Results menu (import a file, the held results, the lab
interface's folders), accepts files dropped on the window, watches the results folder, and
sends a signed visit's orders into the orders folder when the clinic has one. Every database
step runs on the session's serial writer.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from clinic_desktop.services.orders import (
    HL7_STRUCTURES,
    INBOX_SETTING,
    OUTBOX_SETTING,
    STRUCTURE_SETTING,
    LabInterfaceSettings,
)
from clinic_desktop.ui.controls import ComboBox
from clinic_desktop.ui.operations import run_in_background, run_on_writer
from clinic_desktop.ui.results.desk import ImportOutcome, ImportReportDialog, ResultsDesk
from clinic_desktop.ui.results.held_results import HeldResultsWidget
from clinic_desktop.ui.shortcuts import bind

if TYPE_CHECKING:
    from clinic_desktop.services.accounts import Account
    from clinic_desktop.ui.session import ClinicSession

log = logging.getLogger(__name__)


class FolderField(QWidget):
    """A folder path typed or chosen with Browse…; empty means none."""

    def __init__(self, name: str, value: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(value, self)
        self.edit.setAccessibleName(name)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.setAccessibleName(self.tr("Choose the folder: {0}").format(name))
        browse.clicked.connect(self.on_browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(browse)
        self.setFocusProxy(self.edit)

    def on_browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.edit.accessibleName(), self.edit.text()
        )
        if chosen:
            self.edit.setText(chosen)

    def value(self) -> str | None:
        return self.edit.text().strip() or None


class LabInterfaceDialog(QDialog):
    """Where the clinic's lab interface picks up orders and drops results."""

    def __init__(self, values: dict[str, str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lab_interface")
        self.setWindowTitle(self.tr("Lab interface"))
        form = QFormLayout(self)
        intro = QLabel(
            self.tr(
                "Signed visits' orders are written as HL7 v2.5.1 files into the orders folder; "
                "results files put in the results folder are imported as they arrive."
            ),
            self,
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.outbox = FolderField(self.tr("Orders folder"), values.get(OUTBOX_SETTING) or "", self)
        outbox_label = QLabel(self.tr("&Orders folder:"), self)
        outbox_label.setBuddy(self.outbox.edit)
        form.addRow(outbox_label, self.outbox)
        self.inbox = FolderField(self.tr("Results folder"), values.get(INBOX_SETTING) or "", self)
        inbox_label = QLabel(self.tr("&Results folder:"), self)
        inbox_label.setBuddy(self.inbox.edit)
        form.addRow(inbox_label, self.inbox)
        self.structure = ComboBox(self)
        self.structure.setAccessibleName(self.tr("Order message"))
        self.structure.addItem(self.tr("OML^O21 (laboratory order, v2.5.1)"), "oml")
        self.structure.addItem(self.tr("ORM^O01 (general order, for older interfaces)"), "orm")
        self.structure.setCurrentIndex(
            max(self.structure.findData(values.get(STRUCTURE_SETTING) or "oml"), 0)
        )
        structure_label = QLabel(self.tr("Order &message:"), self)
        structure_label.setBuddy(self.structure)
        form.addRow(structure_label, self.structure)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #8c1d0d;")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.on_save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str | None]:
        return {
            OUTBOX_SETTING: self.outbox.value(),
            INBOX_SETTING: self.inbox.value(),
            STRUCTURE_SETTING: str(self.structure.currentData()),
        }

    def on_save(self) -> None:
        for field, name in (
            (self.outbox, self.tr("Orders folder")),
            (self.inbox, self.tr("Results folder")),
        ):
            value = field.value()
            if value is not None and not Path(value).is_dir():
                self.error.setText(self.tr("{0}: no such folder.").format(name))
                field.setFocus()
                return
        self.accept()


class LabInterface(QObject):
    """The Results menu and the lab interface of one signed-in session."""

    def __init__(self, session: ClinicSession, account: Account) -> None:
        super().__init__(session)
        self.session = session
        self.account = account
        self.settings = LabInterfaceSettings(session.database)
        self.desk = ResultsDesk(session.window, self._import_job, self._submit, self)
        self.desk.imported.connect(self.on_imported)
        self.held_page: HeldResultsWidget | None = None
        self.values: dict[str, str | None] = {}
        menu = session._add_menu(self.tr("Res&ults"))
        self.import_action = bind(QAction(self.tr("&Import lab results…"), self), "import_results")
        self.import_action.setObjectName("import_results")
        self.import_action.triggered.connect(self.desk.choose_files)
        menu.addAction(self.import_action)
        self.held_action = QAction(self.tr("&Held lab results"), self)
        self.held_action.setObjectName("held_results")
        self.held_action.triggered.connect(self.show_held)
        menu.addAction(self.held_action)
        menu.addSeparator()
        self.interface_action = QAction(self.tr("Lab &interface…"), self)
        self.interface_action.setObjectName("lab_interface")
        self.interface_action.setEnabled(account.may("settings"))
        self.interface_action.triggered.connect(self.on_interface)
        menu.addAction(self.interface_action)
        for action in (self.import_action, self.held_action):
            action.setEnabled(account.may("assess"))
        self.run(self._read_settings, on_done=self._apply_settings)

    def run(
        self,
        fn: Any,
        *args: Any,
        on_done: Any,
        on_error: Any = None,
    ) -> None:
        """`fn(*args)` on the session's writer, the answer on the GUI thread."""
        run_on_writer(self._submit, fn, *args, on_done=on_done, on_error=on_error, context=self)

    def _submit(self, fn: Any, *args: Any) -> Any:
        writer = self.session.writer
        assert writer is not None
        return writer.submit(fn, *args)

    # Settings ---------------------------------------------------------------------------------

    def _read_settings(self) -> dict[str, str | None]:
        return {
            key: self.settings.get(key)
            for key in (OUTBOX_SETTING, INBOX_SETTING, STRUCTURE_SETTING)
        }

    def _apply_settings(self, values: dict[str, str | None]) -> None:
        self.values = values
        inbox = values.get(INBOX_SETTING)
        watching = self.account.may("assess") and inbox is not None and Path(inbox).is_dir()
        self.desk.watch(Path(inbox) if watching and inbox else None)

    def on_interface(self) -> None:
        dialog = LabInterfaceDialog(self.values, self.session.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save_settings(dialog.values()))
        dialog.open()

    def _save_settings(self, values: dict[str, str | None]) -> None:
        audit, user = self.session.audit, self.account.username

        def save() -> dict[str, str | None]:
            for key, value in values.items():
                if value != self.settings.get(key):
                    self.settings.set(key, value, audit, user)
            return self._read_settings()

        self.run(save, on_done=self._apply_settings)

    # Results in -------------------------------------------------------------------------------

    def _import_job(self, path: Path) -> Any:
        """On the writer: import one file with the audited services of this session."""
        return self._importer(load_catalog()).import_path(path)

    def _importer(self, catalog: Any) -> Any:
        from clinic_desktop.services.results_import import ResultsImporter

        session = self.session
        return ResultsImporter(
            session.database,
            catalog,
            session.audit,
            lambda: self.account.username,
            store=session.store,
        )

    def on_imported(self, outcome: ImportOutcome) -> None:
        window = self.session.window
        report = outcome.report
        if report is not None and not report.duplicate:
            window.show_message(
                self.tr("{0}: {1} results stored, {2} held").format(
                    outcome.path.name, len(report.stored), len(report.held)
                )
            )
        if self.held_page is not None:
            self.held_page.refresh()
        dialog = ImportReportDialog(outcome, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resolve_requested.connect(self.show_held)
        dialog.visit_requested.connect(window.on_visit_opened)
        dialog.open()

    def show_held(self) -> None:
        window = self.session.window
        if self.held_page is not None and window.pages.indexOf(self.held_page) >= 0:
            window.show_page(self.held_page)
            return
        # The clinical knowledge loads on a worker the first time (about 0.4 s).
        run_in_background(load_catalog, on_done=self._show_held_with, context=self)

    def _show_held_with(self, catalog: Any) -> None:
        from clinic_desktop.ui.translation import installed_language

        page = HeldResultsWidget(
            self._importer(catalog), self._submit, catalog, installed_language()
        )
        self.held_page = page
        self.session.window.show_page(page)

    # Orders out -------------------------------------------------------------------------------

    def on_visit_signed(self, assessment_id: int) -> None:
        """A visit was signed (or a signed one opened): send its orders never sent, if a folder is set."""
        folder = self.values.get(OUTBOX_SETTING)
        if not folder or not self.account.may("sign"):
            return
        structure = HL7_STRUCTURES.get(self.values.get(STRUCTURE_SETTING) or "oml", "OML_O21")
        self.run(
            self._send,
            assessment_id,
            Path(folder),
            structure,
            on_done=self._sent,
            on_error=self._send_failed,
        )

    def _send(self, assessment_id: int, folder: Path, structure: str) -> list[Path]:
        from clinic_desktop.knowledge import load_knowledge
        from clinic_desktop.services.orders import OrderBook, OrderError, send_unsent
        from clinic_desktop.services.profiles import ProfileService
        from clinic_desktop.services.rendering import clinic_profile

        session = self.session
        book = OrderBook(session.database, session.audit, lambda: self.account.username)
        # The clinic as its documents print it (the ordering clinician comes from the signature).
        clinic = clinic_profile(ProfileService(session.database, session.audit))
        try:
            return send_unsent(book, assessment_id, load_knowledge(), clinic, folder, structure)
        except OrderError:
            return []  # nothing ticked, or not signed: nothing to send

    def _sent(self, written: list[Path]) -> None:
        if written:
            self.session.window.show_message(
                self.tr("Lab order written to %1").replace("%1", ", ".join(str(p) for p in written))
            )

    def _send_failed(self, error: BaseException) -> None:
        log.warning("The lab order could not be written: %s", type(error).__name__)
        self.session.window.show_message(
            self.tr("The lab order could not be written to the orders folder: %1").replace(
                "%1", str(error)
            ),
            15000,
        )

    def stop(self) -> None:
        self.desk.stop()
        self.session.window.setAcceptDrops(False)


def load_catalog() -> Any:
    from clinic_desktop.knowledge import load_knowledge

    return load_knowledge().labs


def attach(session: ClinicSession, account: Account) -> LabInterface:
    return LabInterface(session, account)
