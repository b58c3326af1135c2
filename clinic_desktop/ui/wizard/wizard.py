"""The assessment wizard: the step pages, the sidebar, the findings panel and autosave in one widget."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.assessment import Assessment, Exam, Patient, Vascular
from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.rules.evaluation import Derived, Evaluation
from clinic_desktop.services.assessments import AssessmentStore, ConflictError, StoredAssessment
from clinic_desktop.services.patients import PatientRegistry
from clinic_desktop.services.visit_flow import DraftKeeper, SignBlockedError, VisitFlow
from clinic_desktop.services.writer import SerialWriter
from clinic_desktop.ui import errors
from clinic_desktop.ui.wizard.autosave import SAVE_DELAY_MS, AutosaveController
from clinic_desktop.ui.wizard.care_plan_page import CarePlanPage
from clinic_desktop.ui.wizard.examination_page import ExaminationPage
from clinic_desktop.ui.wizard.findings_panel import FindingsPanel
from clinic_desktop.ui.wizard.history_page import HistoryPage
from clinic_desktop.ui.wizard.hormonal_page import HormonalPage
from clinic_desktop.ui.wizard.labs_page import LabsPage
from clinic_desktop.ui.wizard.medications_page import MedicationsPage
from clinic_desktop.ui.wizard.page import WizardPage
from clinic_desktop.ui.wizard.page_set import PageSet
from clinic_desktop.ui.wizard.sidebar import StepSidebar
from clinic_desktop.ui.wizard.vascular_page import VascularPage

log = logging.getLogger(__name__)

Evaluator = Callable[[Assessment], Evaluation]


def default_evaluator(knowledge: Any) -> Evaluator:
    def run(assessment: Assessment) -> Evaluation:
        # Imported at the first evaluation (about 40 ms), which the program runs on its writer.
        from clinic_desktop.rules.engine import evaluate

        return evaluate(assessment, knowledge)

    return run


def local_time(moment: datetime) -> str:
    """A stored moment (UTC; naive means UTC) as the clinician's wall-clock time."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M")


def empty_evaluation(language: str) -> Evaluation:
    return Evaluation(language, Derived(), (), (), (), (), (), ())


class VisitView(QWidget):
    """One opened assessment: sidebar, the current page, the findings panel, Back and Next."""

    def __init__(self, wizard: AssessmentWizard, stored: StoredAssessment):
        super().__init__(wizard)
        self.wizard = wizard
        self.stored = stored
        assessment = stored.assessment
        if assessment.exam is None:
            assessment.exam = Exam()
        if assessment.vascular is None:
            assessment.vascular = Vascular()
        if assessment.labs is None:
            assessment.labs = []
        care_plan = stored.care_plan
        read_only = stored.read_only
        if care_plan is not None and not read_only:
            # An amendment starts from the signed plan; it is signed afresh.
            care_plan.signed_at = None
            care_plan.clinician_name = None
        self.flow = VisitFlow(
            assessment,
            wizard.safe_evaluate,
            care_plan,
            read_only=read_only,
            decisions=stored.decisions,
        )
        if read_only:
            # Signing required every red flag acknowledged; a signed visit shows them so.
            for flag in self.flow.evaluation.red_flags:
                self.flow.acknowledge(flag.id)
        knowledge = wizard.knowledge
        self.titles = {
            "history": self.tr("History"),
            "examination": self.tr("Examination"),
            "labs": self.tr("Labs"),
            "hormonal": self.tr("Hormonal review"),
            "vascular": self.tr("Vascular"),
            "medications": self.tr("Medications"),
            "care_plan": self.tr("Care plan"),
        }

        self.banner = QFrame(self)
        self.banner.setObjectName("visit_banner")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(6, 4, 6, 4)
        patient = assessment.patient
        self.patient_label = QLabel(
            self.tr("{0} · MRN {1} · born {2} · visit {3}").format(
                patient.display_name,
                patient.mrn,
                patient.birth_date.isoformat(),
                assessment.visit_date.isoformat() if assessment.visit_date else "—",
            ),
            self.banner,
        )
        self.patient_label.setTextFormat(Qt.TextFormat.PlainText)
        self.patient_label.setStyleSheet("font-weight: 600;")
        banner_layout.addWidget(self.patient_label, 1)
        self.save_status = QLabel(self.banner)
        self.save_status.setObjectName("save_status")
        self.save_status.setTextFormat(Qt.TextFormat.PlainText)
        banner_layout.addWidget(self.save_status)
        self.care_plan_pdf_button = QPushButton(self.tr("Care plan &PDF…"), self.banner)
        self.care_plan_pdf_button.setObjectName("care_plan_pdf")
        self.care_plan_pdf_button.clicked.connect(lambda: wizard.print_requested.emit("careplan"))
        banner_layout.addWidget(self.care_plan_pdf_button)
        self.requisition_button = QPushButton(self.tr("Lab &requisition…"), self.banner)
        self.requisition_button.setObjectName("requisition_pdf")
        self.requisition_button.clicked.connect(lambda: wizard.print_requested.emit("requisition"))
        banner_layout.addWidget(self.requisition_button)

        self.notice = QFrame(self)
        self.notice.setObjectName("notice")
        notice_layout = QHBoxLayout(self.notice)
        notice_layout.setContentsMargins(6, 4, 6, 4)
        self.notice_text = QLabel(self.notice)
        self.notice_text.setObjectName("notice_text")
        self.notice_text.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_text.setWordWrap(True)
        notice_layout.addWidget(self.notice_text, 1)
        self.amend_reason = QLineEdit(self.notice)
        self.amend_reason.setObjectName("amend_reason")
        self.amend_reason.setPlaceholderText(self.tr("Reason for the amendment"))
        notice_layout.addWidget(self.amend_reason, 1)
        self.amend_button = QPushButton(self.tr("Amend"), self.notice)
        self.amend_button.setObjectName("amend")
        self.amend_button.clicked.connect(self.on_amend_clicked)
        notice_layout.addWidget(self.amend_button)
        self.notice.hide()

        self.sidebar = StepSidebar(self.titles, self)
        self.sidebar.step_chosen.connect(self.on_step_chosen)
        self.pages_stack = QStackedWidget(self)
        # Stands in for the first page until the event loop has shown the rest of the visit.
        self.pending_page = QWidget(self.pages_stack)
        self.pending_page.setObjectName("pending_page")
        self.pages_stack.addWidget(self.pending_page)
        self._pages_read_only = read_only
        # How the page's first field takes the focus once built (None: it does not).
        self._focus_when_built: Qt.FocusReason | None = None
        exam, vascular, labs = assessment.exam, assessment.vascular, assessment.labs
        self.pages = PageSet(
            {
                "history": lambda: HistoryPage(assessment),
                "examination": lambda: ExaminationPage(exam),
                "labs": lambda: LabsPage(labs, self.flow, knowledge.labs),
                "hormonal": lambda: HormonalPage(assessment),
                "vascular": lambda: VascularPage(vascular),
                "medications": lambda: MedicationsPage(assessment, knowledge.drugs),
                "care_plan": lambda: CarePlanPage(self.flow, knowledge.care_plan),
            },
            self.on_page_built,
        )
        self.findings = FindingsPanel(self)
        self.findings.acknowledgement_changed.connect(self.on_acknowledgement_changed)

        self.back_button = QPushButton(self.tr("< &Back"), self)
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.on_back_clicked)
        self.next_button = QPushButton(self.tr("&Next >"), self)
        self.next_button.setObjectName("next")
        self.next_button.clicked.connect(self.on_next_clicked)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, self.on_next_clicked)
        QShortcut(QKeySequence("Ctrl+PgUp"), self, self.on_back_clicked)

        middle = QHBoxLayout()
        middle.addWidget(self.sidebar)
        middle.addWidget(self.pages_stack, 3)
        middle.addWidget(self.findings, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        layout.addLayout(middle, 1)
        layout.addLayout(buttons)

        self.keeper = DraftKeeper(
            wizard.store, wizard.writer, stored.id, stored.version, ConflictError
        )
        self.autosave = AutosaveController(
            self.keeper,
            lambda: (self.flow.assessment, self.flow.care_plan, self.flow.decisions()),
            ConflictError,
            wizard.autosave_delay_ms,
            self,
        )
        # Enter presses a focused button as Space does, for clinicians who drive by keyboard.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(True)
        self.autosave.saved.connect(self.on_saved)
        self.autosave.save_failed.connect(self.on_save_failed)
        self.autosave.conflicted.connect(self.on_conflicted)
        if read_only:
            self.autosave.stop()
            self._show_read_only()
        elif stored.amends_id is not None:
            self.show_notice(
                self.tr(
                    "Amendment: the signed original is kept unchanged; sign this version when done."
                )
            )
        self.show_step(build=False)

    # Showing -------------------------------------------------------------------------------------
    def show_step(self, *, build: bool = True) -> None:
        """Show the flow's step; `build=False` leaves building its page to the next event-loop turn."""
        step = self.flow.step
        if build or self.pages.is_built(step):
            self.pages_stack.setCurrentWidget(self.pages[step])
        else:
            self.pages_stack.setCurrentWidget(self.pending_page)
            QTimer.singleShot(0, self, self.on_page_due)
        self.refresh_views()
        self.back_button.setEnabled(self.flow.has_back)
        self.next_button.setEnabled(self.flow.has_next)

    def refresh_views(self) -> None:
        evaluation = self.flow.evaluation
        if self.pages.is_built(self.flow.step):
            self.pages[self.flow.step].show_evaluation(evaluation)
        acknowledged = {f.id for f in evaluation.red_flags if self.flow.is_acknowledged(f.id)}
        self.findings.show_evaluation(evaluation, acknowledged, read_only=self.flow.read_only)
        self.findings.show_problem(self.wizard.rules_problem)
        self.sidebar.show_states(self.flow.step_states(), self.flow.step)

    def _show_read_only(self) -> None:
        stored = self.stored
        if stored.status == "signed":
            when = local_time(stored.signed_at) if stored.signed_at else ""
            text = self.tr(
                "Signed by {0} on {1}. Read-only: corrections go into an amendment."
            ).format(stored.signed_by or "", when)
        else:
            text = self.tr(
                "This version was amended; it is kept as it was signed. Open the latest version to edit."
            )
            self.amend_reason.hide()
            self.amend_button.hide()
        self.notice_text.setText(text)
        self.notice.setStyleSheet("QFrame#notice { background: #e8eef7; }")
        self.notice.show()

    def show_notice(self, text: str, *, error: bool = False) -> None:
        self.notice_text.setText(text)
        self.amend_reason.hide()
        self.amend_button.hide()
        colour = "#fde2e1" if error else "#e8eef7"
        self.notice.setStyleSheet(f"QFrame#notice {{ background: {colour}; }}")
        self.notice.show()

    # Slots ---------------------------------------------------------------------------------------
    def on_page_due(self) -> None:
        """First slice: make the page's widgets; the next slice puts them on screen (polish)."""
        self.pages.make(self.flow.step)
        QTimer.singleShot(0, self, self.show_step)

    def on_page_built(self, step: str, page: WizardPage) -> None:
        """Wire a page the first time it is built; the current step's page goes on screen."""
        self.pages_stack.addWidget(page)
        page.edited.connect(self.on_page_edited)
        page.field_error_changed.connect(
            lambda field, message: self.on_field_error_changed(step, field, message)
        )
        if isinstance(page, CarePlanPage):
            page.sign_requested.connect(self.on_sign_requested)
        page.set_read_only(self._pages_read_only)
        for button in page.findChildren(QPushButton):
            button.setAutoDefault(True)
        if step == self.flow.step:
            self.pages_stack.setCurrentWidget(page)
            page.show_evaluation(self.flow.evaluation)
            reason = self._focus_when_built
            if reason is not None:
                self._focus_when_built = None
                self.focus_page(reason)

    def on_page_edited(self) -> None:
        self.flow.refresh()
        self.refresh_views()
        self.autosave.schedule()
        self.save_status.setText(self.tr("Saving…"))

    def on_field_error_changed(self, step: str, field: str, message: object) -> None:
        text = None if message is None else str(message)
        if self.flow.field_errors(step).get(field) != text:
            self.flow.set_field_error(step, field, text)
            self.refresh_views()

    def on_acknowledgement_changed(self, flag_id: str, acknowledged: bool) -> None:
        self.flow.acknowledge(flag_id, acknowledged)
        self.refresh_views()
        self.autosave.schedule()

    # A page shown for the first time is made and polished in two slices (the examination
    # page in one took 60-110 ms), so a step's first visit is two short stalls, not one long.
    def on_step_chosen(self, step: str) -> None:
        self.flow.jump(step)
        self.show_step(build=False)

    def on_next_clicked(self) -> None:
        self.flow.next()
        self.show_step(build=False)
        self.focus_page()

    def on_back_clicked(self) -> None:
        self.flow.back()
        self.show_step(build=False)
        self.focus_page()

    def focus_page(self, reason: Qt.FocusReason = Qt.FocusReason.TabFocusReason) -> None:
        """Put the keyboard focus on the current page's first field, ready for typing."""
        if not self.pages.is_built(self.flow.step):
            self._focus_when_built = reason
            return
        page = self.pages[self.flow.step]
        widget = page.content.nextInFocusChain()
        while widget is not None and widget is not page.content:
            if (
                page.content.isAncestorOf(widget)
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.isVisibleTo(page)
                and widget.isEnabled()
            ):
                widget.setFocus(reason)
                return
            widget = widget.nextInFocusChain()
        page.setFocus()

    def on_saved(self, version: int) -> None:
        if self.autosave.pending == 0:
            self.save_status.setText(
                self.tr("Draft saved {0}").format(datetime.now().strftime("%H:%M:%S"))
            )

    def on_save_failed(self, message: str) -> None:
        self.save_status.setText(self.tr("Not saved"))
        self.show_notice(
            self.tr(
                "The draft could not be saved: {0}. Keep this window open and try again."
            ).format(message),
            error=True,
        )

    def on_conflicted(self, message: str) -> None:
        self.save_status.setText(self.tr("Not saved"))
        self._pages_read_only = True
        for page in self.pages.built():
            page.set_read_only(True)
        self.show_notice(
            self.tr(
                "Someone else saved this assessment after you opened it. Nothing was "
                "overwritten; your latest changes here are not saved. Close and reopen the "
                "assessment to continue."
            ),
            error=True,
        )

    def on_sign_requested(self) -> None:
        try:
            plan = self.flow.prepare_signature(self.wizard.user, datetime.now(UTC))
        except SignBlockedError:
            self.refresh_views()
            return
        self.autosave.flush()
        self.autosave.stop()
        future = self.keeper.sign(self.wizard.user, plan)
        self.wizard.await_job(future, self.wizard.open_stored)

    def on_amend_clicked(self) -> None:
        reason = self.amend_reason.text().strip()
        if not reason:
            self.amend_reason.setPlaceholderText(self.tr("A reason is required to amend"))
            self.amend_reason.setFocus()
            return
        future = self.wizard.writer.submit(
            self.wizard.store.amend, self.stored.id, self.wizard.user, reason
        )
        self.wizard.await_job(future, self.wizard.open_stored)

    def close_visit(self) -> None:
        """Write what is waiting and stop saving; the view may then be thrown away."""
        if not self.autosave.stopped:
            self.autosave.flush()
            self.autosave.stop()


class AssessmentWizard(QWidget):
    """A patient's assessment: offers a waiting draft, else starts one; signed visits open read-only.

    Give `patient_id` to start or resume a visit, or `assessment_id` to open a
    stored one. Pass `writer` to share the program's serial writer (else the
    wizard runs its own) and `store`/`registry` for the audited services. Call
    `shutdown()` (closing the widget does it) so the last edits reach the
    database and the writer thread stops.
    """

    assessment_opened = Signal(int)
    signed = Signal(int)
    print_requested = Signal(str)
    """The clinician asked for a document of the open visit: "careplan" or "requisition"."""
    _job_finished = Signal(object, object)

    def __init__(
        self,
        database: Any,
        knowledge: Any,
        patient_id: int | None = None,
        assessment_id: int | None = None,
        user: str = "",
        *,
        evaluator: Evaluator | None = None,
        writer: SerialWriter | None = None,
        store: AssessmentStore | None = None,
        registry: PatientRegistry | None = None,
        autosave_delay_ms: int = SAVE_DELAY_MS,
        today: date | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        if (patient_id is None) == (assessment_id is None):
            raise ValueError("give exactly one of patient_id and assessment_id")
        self.setObjectName("assessment_wizard")
        self.setWindowTitle(self.tr("Assessment"))
        self.database = database
        self.knowledge = knowledge
        self.user = user
        self.patient_id = patient_id
        self.autosave_delay_ms = autosave_delay_ms
        self.today = today
        # The main window passes the audited store and registry (services.audited) here.
        self.store = store if store is not None else AssessmentStore(database)
        self.registry = registry if registry is not None else PatientRegistry(database)
        self._own_writer = writer is None
        self.writer = writer if writer is not None else SerialWriter("clinic-desktop-wizard-writer")
        self._evaluator = evaluator or default_evaluator(knowledge)
        self.rules_problem: str | None = None
        self.view: VisitView | None = None
        self._closed = False
        self._job_finished.connect(self.on_job_finished)
        # A window torn down without closing this widget still writes its last edits.
        application = QApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(self.shutdown)

        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        if assessment_id is not None:
            self._open_from(self.store.load, assessment_id)
            return
        assert patient_id is not None
        draft = self.store.latest_draft(patient_id)
        if draft is None:
            self.start_new()
        else:
            self._offer_draft(draft)

    # Rules ---------------------------------------------------------------------------------------
    def safe_evaluate(self, assessment: Assessment) -> Evaluation:
        """The rules' answer; if they fail, an empty answer and a visible problem, never a crash."""
        try:
            evaluation = self._evaluator(assessment)
        except Exception:
            log.exception("the rules could not evaluate the assessment")
            self.rules_problem = self.tr(
                "The rules could not evaluate this assessment; findings and red flags are not shown. "
                "Your entries are kept and saved."
            )
            return empty_evaluation(assessment.patient.language or "en")
        self.rules_problem = None
        return evaluation

    # Opening -------------------------------------------------------------------------------------
    def _offer_draft(self, draft: StoredAssessment) -> None:
        offer = QWidget(self)
        offer.setObjectName("draft_offer")
        layout = QVBoxLayout(offer)
        layout.addStretch(1)
        saved = local_time(draft.updated_at)
        text = QLabel(
            self.tr("{0} has an unsigned assessment, last saved {1}.").format(
                draft.assessment.patient.display_name, saved
            ),
            offer,
        )
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setStyleSheet("font-size: 13pt;")
        layout.addWidget(text)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.resume_button = QPushButton(self.tr("&Resume the draft"), offer)
        self.resume_button.setObjectName("resume_draft")
        self.resume_button.setDefault(True)
        self.resume_button.setAutoDefault(True)
        self.resume_button.clicked.connect(lambda: self._open_from(self.store.load, draft.id))
        self.new_button = QPushButton(self.tr("Start a &new assessment"), offer)
        self.new_button.setObjectName("start_new")
        self.new_button.setAutoDefault(True)
        self.new_button.clicked.connect(self.start_new)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.stack.addWidget(offer)
        self.stack.setCurrentWidget(offer)
        self.resume_button.setFocus()

    def start_new(self) -> None:
        assert self.patient_id is not None
        self._open_from(
            self._start_draft, self.patient_id, self.today or date.today(), self.user or None
        )

    def _start_draft(self, patient_id: int, visit_date: date, user: str | None) -> StoredAssessment:
        summary = self.registry.get(patient_id)
        patient = Patient(
            mrn=summary.mrn,
            family_name=summary.family_name,
            given_name=summary.given_name,
            birth_date=summary.birth_date,
            sex=summary.sex,
            language=summary.language,
        )
        assessment = Assessment(patient=patient, visit_date=visit_date)
        return self.store.start(patient_id, assessment, user)

    def _open_from(self, read: Callable[..., StoredAssessment], *args: Any) -> None:
        """Open the visit that `read(*args)` loads or starts.

        On the program's shared writer the database work runs off the GUI thread
        (starting a draft writes and fsyncs the audit anchor: 30-40 ms) and the
        visit shows when it is done; a wizard with its own writer opens it at once.
        """
        if self._own_writer:
            self.open_stored(read(*args))
            return
        # An empty page for the few milliseconds of the write; the offer's buttons are gone.
        waiting = QWidget(self)
        waiting.setObjectName("opening")
        self.stack.addWidget(waiting)
        self.stack.setCurrentWidget(waiting)
        self.await_job(self.writer.submit(self._read_evaluated, read, *args), self.open_stored)

    def _read_evaluated(
        self, read: Callable[..., StoredAssessment], *args: Any
    ) -> StoredAssessment:
        """`read(*args)`, then the rules run once on it here, off the GUI thread.

        A session's first evaluation imports the rules engine (about 40 ms) and runs
        for about 15 ms; later ones take under 1 ms on the GUI thread.
        """
        stored = read(*args)
        try:
            self._evaluator(stored.assessment)
        except Exception:
            # Only a warm-up: the visit's own evaluation on the GUI thread reports the failure.
            log.debug("the rules failed before the visit opened", exc_info=True)
        return stored

    def open_stored(self, stored: StoredAssessment) -> None:
        old = self.view
        if old is not None:
            old.close_visit()
        self.view = VisitView(self, stored)
        self.stack.addWidget(self.view)
        self.stack.setCurrentWidget(self.view)
        for index in reversed(range(self.stack.count())):
            widget = self.stack.widget(index)
            if widget is not None and widget is not self.view:
                self.stack.removeWidget(widget)
                widget.deleteLater()
        if stored.status == "signed":
            self.signed.emit(stored.id)
        self.assessment_opened.emit(stored.id)
        # As when a window first shows a field: the cursor goes in, nothing is selected.
        self.view.focus_page(Qt.FocusReason.OtherFocusReason)

    def document_request(
        self, kind: str
    ) -> tuple[StoredAssessment, Assessment, Evaluation, CarePlan | None]:
        """What a printed document of the open visit shows: the visit, its evaluation and plan.

        A requisition lists the tests the clinician ticked, not every suggestion.
        """
        if self.view is None:
            raise LookupError("no visit is open")
        flow = self.view.flow
        evaluation = flow.refresh()
        if kind == "requisition":
            evaluation = replace(evaluation, suggested_lab_orders=flow.ordered_tests())
        return self.view.stored, flow.assessment, evaluation, flow.care_plan

    # Background jobs -----------------------------------------------------------------------------
    def await_job(self, future: Future[Any], on_result: Callable[[Any], None]) -> None:
        """Run `on_result` on the GUI thread with the job's result; a failure becomes a notice."""
        future.add_done_callback(lambda f: self._job_finished.emit(f, on_result))

    def on_job_finished(self, future: Future[Any], on_result: Callable[[Any], None]) -> None:
        if self._closed:
            return
        error = future.exception()
        if error is None:
            on_result(future.result())
        elif self.view is None:
            # Opening failed on the writer: reported as if it had been raised here (logged, and
            # the program's calm message), as it was when visits opened on the GUI thread.
            errors.report_exception(type(error), error, error.__traceback__)
        else:
            if isinstance(error, ConflictError):
                self.view.on_conflicted(str(error))
            else:
                self.view.show_notice(str(error), error=True)

    # Closing -------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Save what is waiting, then stop the writer if this wizard made it. Safe to call twice."""
        if self._closed:
            return
        if self.view is not None:
            self.view.close_visit()
        self.writer.flush(10)
        self._closed = True
        if self._own_writer:
            self.writer.close(10)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        focused = QApplication.focusWidget()
        if self.view is not None and (focused is None or not self.isAncestorOf(focused)):
            self.view.focus_page(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
