"""A signed-in session over open records: sign-in, the audited services, the lock, printing, backups.

Nothing of a patient shows before the clinician signs in: the registry is
attached only after a successful sign-in (or, on the very first run, after the
first administrator is created). Every service the window uses writes to the
audit log; the lock hides the window after inactivity or on Ctrl+L.
"""

from __future__ import annotations

import importlib
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDialog, QInputDialog, QMenu, QMessageBox, QWidget

from clinic_desktop.services.accounts import Account, AccountService
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.audited import AuditedAssessmentStore, AuditedPatientRegistry
from clinic_desktop.services.diary import CrampDiary
from clinic_desktop.services.writer import SerialWriter
from clinic_desktop.ui.errors import report_unexpected
from clinic_desktop.ui.operations import collect_when_idle, run_in_background
from clinic_desktop.ui.security.lock import DEFAULT_TIMEOUT_MINUTES, LockController
from clinic_desktop.ui.security.login import FirstAdministratorDialog, LoginDialog
from clinic_desktop.ui.translation import (
    LANGUAGE_NAMES,
    choose_interface_language,
    interface_language,
)

if TYPE_CHECKING:
    from clinic_desktop.persistence.database import Database
    from clinic_desktop.services.follow_up import FollowUp
    from clinic_desktop.services.profiles import ProfileService
    from clinic_desktop.services.record_numbers import RecordNumbers
    from clinic_desktop.ui.main_window import MainWindow
    from clinic_desktop.ui.results.lab_interface import LabInterface
    from clinic_desktop.ui.wizard.wizard import AssessmentWizard

log = logging.getLogger(__name__)


def role_name(role: str) -> str:
    """A role as the window names it."""
    return {
        "administrator": QCoreApplication.translate("ClinicSession", "an administrator"),
        "clinician": QCoreApplication.translate("ClinicSession", "a clinician"),
        "front_desk": QCoreApplication.translate("ClinicSession", "front-desk staff"),
    }.get(role, role)


LOCK_SETTING = "security/lock_after_minutes"


LOCK_RANGE = (1, 120)


def lock_minutes() -> int:
    """Minutes of inactivity before the lock, from the settings; the default if unreadable."""
    raw = QSettings().value(LOCK_SETTING, DEFAULT_TIMEOUT_MINUTES)
    try:
        minutes = int(str(raw))
    except ValueError:
        log.warning("Ignoring an unreadable lock setting")
        return DEFAULT_TIMEOUT_MINUTES
    low, high = LOCK_RANGE
    return minutes if low <= minutes <= high else DEFAULT_TIMEOUT_MINUTES


PRINTING_MODULES = ("concurrent.futures.process", "clinic_desktop.services.rendering")


def import_printing() -> None:
    """Import the pure-Python modules a first PDF preview needs (PySide6's stay on the GUI thread)."""
    for name in PRINTING_MODULES:
        importlib.import_module(name)


# The wizard's Qt modules, leaves first: the session's first visit imports them on the GUI
# thread one event-loop turn each (2-10 ms apiece) instead of all at once (about 60 ms).
WIZARD_MODULES = (
    "clinic_desktop.ui.wizard.fields",
    "clinic_desktop.ui.wizard.page",
    "clinic_desktop.ui.wizard.autosave",
    "clinic_desktop.ui.wizard.sidebar",
    "clinic_desktop.ui.wizard.page_set",
    "clinic_desktop.ui.wizard.findings_panel",
    "clinic_desktop.ui.wizard.history_page",
    "clinic_desktop.ui.wizard.examination_page",
    "clinic_desktop.ui.wizard.labs_page",
    "clinic_desktop.ui.wizard.hormonal_page",
    "clinic_desktop.ui.wizard.vascular_page",
    "clinic_desktop.ui.wizard.medications_page",
    "clinic_desktop.ui.wizard.care_plan_page",
    "clinic_desktop.ui.wizard.visit_banner",
    "clinic_desktop.ui.wizard.visit_view",
    "clinic_desktop.ui.wizard.wizard",
)


def knowledge_ready() -> bool:
    """Whether the clinical knowledge is in memory, asked without importing it to find out.

    Importing the knowledge package brings in pydantic (about 100 ms): that belongs on the
    worker that loads the knowledge, not on the GUI thread that only wants to know.
    """
    module = sys.modules.get("clinic_desktop.knowledge")
    return module is not None and bool(module.knowledge_loaded())


def prepare_assessment() -> None:
    """Load the clinical knowledge and import the rules and the visit's presenter, on a worker."""
    from clinic_desktop.knowledge import load_knowledge

    load_knowledge()
    importlib.import_module("clinic_desktop.rules.engine")
    importlib.import_module("clinic_desktop.services.visit_flow")


class ClinicSession(QObject):
    """Owns what a signed-in clinician uses; `close()` ends it (writer stopped, backup taken)."""

    def __init__(
        self, window: MainWindow, database: Database, location: str, audit: AuditLog | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.database = database
        self.location = location
        self.audit = audit or AuditLog(database)
        self.accounts = AccountService(database, self.audit)
        self.account: Account | None = None
        self.writer: SerialWriter | None = None
        self.lock: LockController | None = None
        self.registry: AuditedPatientRegistry | None = None
        self.store: AuditedAssessmentStore | None = None
        self._dialog: QDialog | None = None
        self._loading_knowledge = False
        self._menus: list[QMenu] = []
        self.numbers: RecordNumbers | None = None
        self.lab_interface: LabInterface | None = None

    # sign-in ---------------------------------------------------------------------------------------

    def start(self) -> None:
        """Ask who is there: the first administrator on a new database, else a sign-in."""
        dialog: QDialog
        if self.accounts.has_users():
            dialog = LoginDialog(self.accounts, self.window)
        else:
            dialog = FirstAdministratorDialog(self.accounts, self.window)
        dialog.finished.connect(self.on_sign_in_finished)
        self._dialog = dialog
        dialog.open()

    def on_sign_in_finished(self, _result: int) -> None:
        dialog = self._dialog
        account = getattr(dialog, "account", None)
        self._dialog = None
        if dialog is not None:
            dialog.deleteLater()
        if account is None:
            QCoreApplication.exit(0)
            return
        self.begin(account)

    # sign-out and switching users ------------------------------------------------------------------

    def sign_out(self) -> bool:
        """Close every page (each saves first), end the user's session and ask who is there.

        False when a page refused to close: nothing else happened. Cancelling the sign-in
        that follows quits, as at the start.
        """
        if not self.end_user_session():
            return False
        self.start()
        return True

    def switch_user(self) -> None:
        """Another clinician signs in at this workstation; cancelling keeps the present one."""
        if self.account is None or self._dialog is not None:
            return
        dialog = LoginDialog(self.accounts, self.window)
        dialog.setWindowTitle(self.tr("Switch user"))
        dialog.finished.connect(lambda _result: self.on_switch_finished(dialog))
        self._dialog = dialog
        # The next person at the desk sees no patient of the present user while signing in.
        central = self.window.centralWidget()
        if central is not None:
            central.hide()
        dialog.open()

    def on_switch_finished(self, dialog: LoginDialog) -> None:
        self._dialog = None
        dialog.deleteLater()
        central = self.window.centralWidget()
        if central is not None:
            central.show()
        account = dialog.account
        if account is None or self.account is None:
            return
        if account.username == self.account.username:
            self.window.activateWindow()
            return
        if self.end_user_session():
            self.begin(account)

    def end_user_session(self) -> bool:
        """Close the pages, record the logout and take away everything of the signed-in user."""
        account = self.account
        if account is None:
            return True
        window = self.window
        for index in reversed(range(window.pages.count())):
            page = window.pages.widget(index)
            if (
                page is not None
                and page is not window.registry_widget
                and not window.close_page(page)
            ):
                return False
        self._stop_lab_interface()
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        self.audit.record("logout", username=account.username)
        if self.lock is not None:
            self.lock.stop()
            self.lock.deleteLater()
            self.lock = None
        for menu in self._menus:
            window.menuBar().removeAction(menu.menuAction())
            menu.deleteLater()
        self._menus = []
        window.registry_widget.patient_opened.disconnect(self.on_patient_opened)
        window.set_assessment_opener(None)
        window.detach_registry()
        window.setWindowTitle(self.tr("Clinic Desktop"))
        self.account = None
        self.registry = None
        self.store = None
        self.numbers = None
        return True

    def begin(self, account: Account) -> None:
        """Attach the audited registry, the assessment opener, the lock and the menus."""
        self.account = account

        def user() -> str:
            return account.username

        self.registry = AuditedPatientRegistry(self.database, self.audit, user)
        self.store = AuditedAssessmentStore(self.database, self.audit, user)
        self.writer = SerialWriter("clinic-desktop-writer")
        self.window.attach_registry(self.registry, self.location)
        self.window.registry_widget.patient_opened.connect(self.on_patient_opened)
        self.window.set_assessment_opener(self.open_assessment)
        minutes = lock_minutes()
        self.lock = LockController(
            self.window,
            account.display_name,
            lambda password: self.accounts.verify_password(account, password),
            timeout_minutes=minutes,
        )
        self.lock.locked.connect(lambda: self.audit.record("lock", username=account.username))
        # Locked after inactivity: the one moment a full collection's stall goes unseen.
        self.lock.locked.connect(collect_when_idle)
        self.lock.unlocked.connect(lambda: self.audit.record("unlock", username=account.username))
        self._add_menus(account)
        from clinic_desktop.ui.results.lab_interface import attach

        self.lab_interface = attach(self, account)
        from clinic_desktop.services.record_numbers import RecordNumbers

        self.numbers = RecordNumbers(self.database, self.audit)
        self.window.registry_widget.use_record_numbers(self.numbers)
        self.window.registry_widget.panel.allow_assessments(
            account.may("assess"),
            self.tr("Only a clinician can start an assessment; you are signed in as %1.").replace(
                "%1", role_name(account.role)
            ),
        )
        self.window.setWindowTitle(
            self.tr("Clinic Desktop - %1").replace("%1", account.display_name)
        )
        self.window.show_message(self.tr("Signed in as %1").replace("%1", account.display_name))
        # The sign-in dialog had the keyboard; give it back to the window, or no shortcut
        # (Ctrl+L among them) works until the clinician clicks into it.
        self.window.activateWindow()
        self.window.registry_widget.search_edit.setFocus()
        self.start_daily_backup()
        self.ask_for_clinic_profile(account)

    def _add_menu(self, title: str) -> QMenu:
        """A menu placed before Help, which stays last as is customary."""
        bar = self.window.menuBar()
        menu = QMenu(title, bar)
        actions = bar.actions()
        if actions:
            bar.insertMenu(actions[-1], menu)
        else:
            bar.addMenu(menu)
        self._menus.append(menu)
        return menu

    def _add_menus(self, account: Account) -> None:
        menu = self._add_menu(self.tr("&Account"))
        # A disabled entry says why on hovering it.
        menu.setToolTipsVisible(True)
        if self.lock is not None:
            menu.addAction(self.lock.action)
        lock_after = QAction(self.tr("Lock &after inactivity…"), self)
        lock_after.triggered.connect(self.on_lock_after)
        menu.addAction(lock_after)
        change = QAction(self.tr("&Change password…"), self)
        change.triggered.connect(self.on_change_password)
        menu.addAction(change)
        backup = QAction(self.tr("&Back up now"), self)
        if self.database.sqlite_path is None:
            backup.setEnabled(False)
            backup.setToolTip(
                self.tr("The records are on a database server: its administrator backs it up.")
            )
        backup.triggered.connect(lambda: self.start_backup("manual"))
        menu.addAction(backup)
        if account.may("sign"):
            profile = QAction(self.tr("Clinician &profile…"), self)
            profile.setObjectName("clinician_profile_action")
            profile.triggered.connect(self.on_clinician_profile)
            menu.addAction(profile)
        menu.addSeparator()
        self._add_language_menu(menu)
        menu.addSeparator()
        switch = QAction(self.tr("S&witch user…"), self)
        switch.setObjectName("switch_user")
        switch.triggered.connect(self.switch_user)
        menu.addAction(switch)
        sign_out = QAction(self.tr("Sign &out"), self)
        sign_out.setObjectName("sign_out")
        sign_out.triggered.connect(self.sign_out)
        menu.addAction(sign_out)
        if account.may("manage_users"):
            admin = self._add_menu(self.tr("A&dministration"))
            users = QAction(self.tr("&Users…"), self)
            users.triggered.connect(self.on_users)
            admin.addAction(users)
            clinic = QAction(self.tr("&Clinic…"), self)
            clinic.setObjectName("clinic_profile_action")
            clinic.triggered.connect(lambda: self.on_clinic_profile(first_run=False))
            admin.addAction(clinic)
            audit = QAction(self.tr("&Audit log…"), self)
            audit.triggered.connect(self.on_audit_log)
            admin.addAction(audit)
            numbers = QAction(self.tr("Record &numbers…"), self)
            numbers.setObjectName("record_numbers")
            numbers.triggered.connect(self.on_record_numbers)
            admin.addAction(numbers)

    def _add_language_menu(self, menu: QMenu) -> None:
        languages = menu.addMenu(self.tr("Interface lan&guage"))
        choices = QActionGroup(languages)
        current = interface_language()
        for language, name in LANGUAGE_NAMES.items():
            # Each language named in itself, so it can be found from the other.
            choice = QAction(name, choices)
            choice.setCheckable(True)
            choice.setChecked(language == current)
            choice.setData(language)
            languages.addAction(choice)
        choices.triggered.connect(self.on_language_chosen)

    def on_language_chosen(self, choice: QAction) -> None:
        language = str(choice.data())
        if language == interface_language():
            return
        choose_interface_language(language)
        QMessageBox.information(
            self.window,
            self.tr("Interface language"),
            self.tr("Clinic Desktop will show %1 the next time it starts.").replace(
                "%1", LANGUAGE_NAMES[language]
            ),
        )

    # pages ----------------------------------------------------------------------------------------

    def on_patient_opened(self, patient_id: int) -> None:
        if self.registry is not None:
            registry = self.registry
            run_in_background(registry.viewed, patient_id, on_done=lambda _none: None, context=self)

    def open_assessment(
        self, patient_id: int | None = None, assessment_id: int | None = None
    ) -> QWidget | None:
        """The wizard for a patient or a stored visit; front-desk staff may not assess.

        The session's first opening loads the clinical knowledge on a worker (about
        0.4 s, once) and shows the wizard when it is ready, returning None for now.
        """
        account = self.account
        if account is None or not (account.may("assess") or assessment_id is not None):
            self.window.show_message(self.tr("Only a clinician can start an assessment."))
            return None
        if not knowledge_ready():
            self._open_when_knowledge_loaded(patient_id, assessment_id)
            return None
        from clinic_desktop.knowledge import load_knowledge
        from clinic_desktop.ui.wizard.wizard import AssessmentWizard

        def check_password(password: str) -> bool:
            return self.accounts.verify_password(account, password)

        # Anyone signed in may look at a stored visit; only a clinician changes or signs it.
        view_only = self.tr(
            "Only a clinician can change or sign a visit; you are signed in as %1."
        ).replace("%1", role_name(account.role))
        wizard = AssessmentWizard(
            self.database,
            load_knowledge(),
            patient_id=patient_id,
            assessment_id=assessment_id,
            user=account.username,
            writer=self.writer,
            store=self.store,
            registry=self.registry,
            diary=CrampDiary(self.database, self.audit, lambda: account.username),
            check_password=check_password if account.may("sign") else None,
            signer_name=account.display_name,
            view_only=None if account.may("assess") else view_only,
        )
        wizard.print_requested.connect(lambda kind: self.on_print_requested(wizard, kind))
        if self.lab_interface is not None:
            wizard.signed.connect(self.lab_interface.on_visit_signed)
        wizard.print_now_requested.connect(
            lambda kind: self.on_print_requested(wizard, kind, print_now=True)
        )
        # Imported on a worker while the clinician fills the visit: on the GUI thread at the
        # first "Care plan PDF" these imports took 10-20 ms of a 35-45 ms stall (budget 50 ms).
        run_in_background(import_printing, on_done=lambda _none: None, context=self)
        return wizard

    def _open_when_knowledge_loaded(
        self, patient_id: int | None, assessment_id: int | None
    ) -> None:
        if self._loading_knowledge:
            return  # a second click while the first opening is on its way
        self._loading_knowledge = True
        self.window.show_message(self.tr("Opening the visit…"), 0)

        pending = list(WIZARD_MODULES)

        def loaded(_knowledge: object) -> None:
            # One module per turn of the event loop, then the wizard is built in its own.
            if pending:
                importlib.import_module(pending.pop(0))
                QTimer.singleShot(0, self, lambda: loaded(None))
            else:
                QTimer.singleShot(0, self, show)

        def show() -> None:
            self._loading_knowledge = False
            self.window.statusBar().clearMessage()
            page = self.open_assessment(patient_id=patient_id, assessment_id=assessment_id)
            if page is not None:
                self.window.show_page(page)

        def failed(error: BaseException) -> None:
            self._loading_knowledge = False
            self.window.statusBar().clearMessage()
            report_unexpected(error)

        run_in_background(prepare_assessment, on_done=loaded, on_error=failed, context=self)

    def on_print_requested(
        self, wizard: AssessmentWizard, kind: str, *, print_now: bool = False
    ) -> None:
        """Preview a document of the open visit; a signed visit reprints the document it kept.

        With `print_now` the print dialog opens as soon as the document is on screen.
        """
        from clinic_desktop.services.rendering import RenderRequest, clinic_profile
        from clinic_desktop.ui.pdf_preview import PdfPreviewWidget, file_name

        stored, assessment, evaluation, plan = wizard.document_request(kind)
        preview = PdfPreviewWidget()
        preview.setObjectName(f"{kind}_preview")
        patient = assessment.patient
        document = {
            "careplan": self.tr("care plan"),
            "requisition": self.tr("lab requisition"),
            "summary": self.tr("visit summary"),
            "referral": self.tr("referral letter"),
        }[kind]
        day = assessment.visit_date.isoformat() if assessment.visit_date else ""
        preview.suggested_name = file_name(patient.family_name, patient.given_name, document, day)
        preview.offer_back(self.tr("Back to the visit of %1").replace("%1", patient.display_name))
        preview.back_requested.connect(lambda: self.back_to_visit(preview, wizard))
        self.window.show_page(preview)
        store = self.store
        language = evaluation.language
        if stored.read_only and store is not None:
            kept = [d for d in store.documents(stored.id) if d[1] == kind and d[2] == language]
            if kept:
                preview.show_pdf(store.document_content(kept[-1][0]))
                preview.print_button.setFocus()
                if print_now:
                    QTimer.singleShot(0, preview, preview.on_print_clicked)
                return
        profiles = self.profiles()
        # The clinician who signed, else the one printing: named by their profile.
        signer = stored.signed_by or (self.account.username if self.account else None)
        request = RenderRequest(
            assessment,
            evaluation,
            kind,
            plan,
            clinic_profile(profiles),
            clinician=profiles.clinician(signer) if signer else None,
            signed=stored.read_only,
            acknowledged=wizard.acknowledged_red_flags(),
            signed_on=stored.signed_at.date() if stored.signed_at else None,
        )
        preview.rendered.connect(preview.print_button.setFocus)
        if print_now:
            # Queued: the pages are painted before the print dialog takes the screen.
            preview.rendered.connect(
                lambda: QTimer.singleShot(0, preview, preview.on_print_clicked),
                Qt.ConnectionType.SingleShotConnection,
            )
        if stored.read_only and store is not None:
            preview.rendered.connect(
                lambda: self._keep_document(preview, stored.id, kind, language)
            )
        if kind != "careplan":
            preview.start_render(request)
            return
        from clinic_desktop.services.follow_up import read_follow_up

        def start(follow_up: FollowUp) -> None:
            # The earlier visits, diary and revised original were read off the GUI thread.
            if shiboken6.isValid(preview):
                preview.start_render(replace(request, follow_up=follow_up))

        current = replace(stored, assessment=assessment)
        wizard.read_later(start, read_follow_up, wizard.store, wizard.diary, current)

    def back_to_visit(self, preview: QWidget, wizard: AssessmentWizard) -> None:
        """Close the document and show the visit it came from, where it was left."""
        self.window.close_page(preview)
        if shiboken6.isValid(wizard) and self.window.pages.indexOf(wizard) >= 0:
            self.window.show_page(wizard)
            if wizard.view is not None:
                wizard.view.focus_page(Qt.FocusReason.OtherFocusReason)

    def profiles(self) -> ProfileService:
        """The clinic's and the clinicians' profiles (audited)."""
        from clinic_desktop.services.profiles import ProfileService

        return ProfileService(self.database, self.audit)

    def _keep_document(self, preview: Any, assessment_id: int, kind: str, language: str) -> None:
        content = preview.pdf_bytes()
        if content is None or self.store is None or self.writer is None:
            return
        user = self.account.username if self.account else None
        self.writer.submit(self.store.store_document, assessment_id, kind, language, content, user)

    def on_lock_after(self) -> None:
        low, high = LOCK_RANGE
        minutes, accepted = QInputDialog.getInt(
            self.window,
            self.tr("Lock after inactivity"),
            self.tr("Minutes without use before the window locks:"),
            lock_minutes(),
            low,
            high,
        )
        if accepted and self.lock is not None:
            QSettings().setValue(LOCK_SETTING, minutes)
            self.lock.set_timeout_minutes(minutes)

    def on_change_password(self) -> None:
        from clinic_desktop.ui.security.users import ChangePasswordDialog

        if self.account is not None:
            ChangePasswordDialog(self.accounts, self.account, self.window).open()

    def ask_for_clinic_profile(self, account: Account) -> None:
        """At the first run the clinic's details are asked for, since every document prints them;
        someone who may not set them is told who can."""
        if self.profiles().clinic() is not None:
            return
        if account.may("settings"):
            self.on_clinic_profile(first_run=True)
        else:
            self.window.show_message(
                self.tr(
                    "The clinic's name, address and phone are not set yet: an administrator sets "
                    "them in Administration > Clinic."
                ),
                0,
            )

    def on_clinic_profile(self, *, first_run: bool) -> None:
        from clinic_desktop.services.rendering import legacy_clinic_profile
        from clinic_desktop.ui.profiles import ClinicProfileDialog

        if self.account is None:
            return
        profiles = self.profiles()
        # A letterhead kept in clinic.yaml before the profile moved into the records fills the form.
        shown = profiles.clinic() or legacy_clinic_profile()
        dialog = ClinicProfileDialog(
            profiles, self.account.username, shown, first_run=first_run, parent=self.window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.window.show_message(self.tr("Clinic details saved")))
        dialog.open()

    def on_clinician_profile(self) -> None:
        from clinic_desktop.ui.profiles import ClinicianProfileDialog

        if self.account is None:
            return
        profiles = self.profiles()
        dialog = ClinicianProfileDialog(
            profiles, profiles.clinician(self.account.username), self.window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.window.show_message(self.tr("Profile saved")))
        dialog.open()

    def on_users(self) -> None:
        from clinic_desktop.ui.security.users import UsersWidget

        if self.account is not None:
            self.window.show_page(UsersWidget(self.accounts, self.account))

    def on_record_numbers(self) -> None:
        from clinic_desktop.ui.patients.record_numbers_dialog import RecordNumbersDialog

        account, numbers = self.account, self.numbers
        if account is None or numbers is None:
            return

        def show(current: object) -> None:
            dialog = RecordNumbersDialog(numbers, account, current, self.window)  # type: ignore[arg-type]
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(self.window.registry_widget.refresh_next_number)
            dialog.open()

        run_in_background(numbers.numbering, on_done=show, context=self)

    def on_audit_log(self) -> None:
        from clinic_desktop.ui.security.audit_view import AuditViewWidget

        self.window.show_page(AuditViewWidget(self.audit))

    # backups --------------------------------------------------------------------------------------

    def start_daily_backup(self) -> None:
        from clinic_desktop.services.safekeeping import daily_backup_due

        path = self.database.sqlite_path
        if path is not None and daily_backup_due(path):
            self.start_backup("daily")

    def start_backup(self, reason: str) -> None:
        """Copy the database off the GUI thread; the status bar says where it went."""
        from clinic_desktop.services.safekeeping import make_backup

        path = self.database.sqlite_path
        if path is None:
            return
        username = self.account.username if self.account else None

        def done(destination: Path) -> None:
            self.audit.record("backup", username=username, detail={"file": destination.name})
            self.window.show_message(self.tr("Backed up to %1").replace("%1", str(destination)))

        def failed(error: BaseException) -> None:
            log.warning("Backup failed: %s", type(error).__name__)
            QMessageBox.warning(
                self.window,
                self.tr("Backup failed"),
                self.tr("The backup could not be written: %1").replace("%1", str(error)),
            )

        run_in_background(make_backup, path, reason, on_done=done, on_error=failed, context=self)

    def _stop_lab_interface(self) -> None:
        """No more results from the inbox or drops once nobody is signed in."""
        if self.lab_interface is not None:
            self.lab_interface.stop()
            self.lab_interface.deleteLater()
            self.lab_interface = None

    def close(self) -> None:
        """End the session: stop the writer after its last save, then back up at close."""
        self._stop_lab_interface()
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        if self.account is not None:
            self.audit.record("logout", username=self.account.username)
        path = self.database.sqlite_path
        if path is not None and self.account is not None:
            from clinic_desktop.services.safekeeping import make_backup

            try:
                make_backup(path, "close")
            except OSError as error:
                log.warning("Backup at close failed: %s", type(error).__name__)
