"""The assessment wizard: which visit opens (a waiting draft, a new one, a stored one) and its life.

The opened visit itself is a VisitView (visit_view.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.assessment import Assessment, Patient
from clinic_desktop.domain.careplan import CarePlan, VisitDecisions
from clinic_desktop.rules.evaluation import Derived, Evaluation
from clinic_desktop.services.assessments import AssessmentStore, ConflictError, StoredAssessment
from clinic_desktop.services.diary import CrampDiary
from clinic_desktop.services.patients import PatientRegistry
from clinic_desktop.services.visit_flow import carry_forward
from clinic_desktop.services.writer import SerialWriter
from clinic_desktop.ui import errors
from clinic_desktop.ui.wizard.autosave import SAVE_DELAY_MS
from clinic_desktop.ui.wizard.visit_banner import local_time
from clinic_desktop.ui.wizard.visit_view import VisitView

log = logging.getLogger(__name__)

Evaluator = Callable[[Assessment], Evaluation]


def default_evaluator(knowledge: Any) -> Evaluator:
    def run(assessment: Assessment) -> Evaluation:
        # Imported at the first evaluation (about 40 ms), which the program runs on its writer.
        from clinic_desktop.rules.engine import evaluate

        return evaluate(assessment, knowledge)

    return run


def empty_evaluation(language: str) -> Evaluation:
    return Evaluation(language, Derived(), (), (), (), (), (), ())


@dataclass(frozen=True)
class OpeningState:
    """What waits for a patient when their visit is asked for."""

    draft: StoredAssessment | None
    signed_today: tuple[StoredAssessment, ...]


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
    """The clinician asked for a document of the open visit: "careplan", "requisition",
    "summary" or "referral"."""
    print_now_requested = Signal(str)
    """As print_requested, and the print dialog opens as soon as the document is ready."""
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
        diary: CrampDiary | None = None,
        autosave_delay_ms: int = SAVE_DELAY_MS,
        today: date | None = None,
        check_password: Callable[[str], bool] | None = None,
        signer_name: str | None = None,
        view_only: str | None = None,
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
        # Signing asks for this user's password (the signature's second component): checked by
        # `check_password` off the GUI thread; without it, nothing can be signed here.
        self.check_password = check_password
        self.signer_name = signer_name or user
        # Why this user may look at a visit but neither change, sign nor amend it (None: they may).
        self.view_only = view_only
        self.patient_id = patient_id
        self.autosave_delay_ms = autosave_delay_ms
        self.today = today
        # The main window passes the audited store and registry (services.audited) here.
        self.store = store if store is not None else AssessmentStore(database)
        self.registry = registry if registry is not None else PatientRegistry(database)
        # The session passes the audited diary (every entry saved is audited).
        self.diary = diary if diary is not None else CrampDiary(database, user=lambda: user)
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
        self._run(self._opening_state, patient_id, on_result=self._show_opening)

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
    def _opening_state(self, patient_id: int) -> OpeningState:
        """What waits for the patient: a draft to resume, visits already made today (on the writer)."""
        day = self.today or date.today()
        draft = self.store.latest_draft(patient_id)
        today = [v for v in self.store.visits_on(patient_id, day) if v.status == "signed"]
        return OpeningState(draft, tuple(today))

    def _show_opening(self, state: OpeningState) -> None:
        if state.draft is not None:
            self._offer_draft(state.draft)
        elif state.signed_today:
            self._ask_second_visit(state.signed_today[-1])
        else:
            self.start_new()

    def _question(
        self, name: str, text: str, answers: list[tuple[str, str, Callable[[], None]]]
    ) -> list[QPushButton]:
        """A question over the whole wizard with its answers; the first is the default."""
        page = QWidget(self)
        page.setObjectName(name)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        label = QLabel(text, page)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setStyleSheet("font-size: 13pt;")
        layout.addWidget(label)
        row = QHBoxLayout()
        row.addStretch(1)
        buttons = []
        for object_name, caption, slot in answers:
            button = QPushButton(caption, page)
            button.setObjectName(object_name)
            button.setAutoDefault(True)
            button.clicked.connect(slot)
            row.addWidget(button)
            buttons.append(button)
        buttons[0].setDefault(True)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        buttons[0].setFocus()
        return buttons

    def _offer_draft(self, draft: StoredAssessment) -> None:
        text = self.tr("{0} has an unsigned assessment, last saved {1}.").format(
            draft.assessment.patient.display_name, local_time(draft.updated_at)
        )
        self.resume_button, self.new_button = self._question(
            "draft_offer",
            text,
            [
                (
                    "resume_draft",
                    self.tr("&Resume the draft"),
                    lambda: self._open_from(self.store.load, draft.id),
                ),
                ("start_new", self.tr("Start a &new assessment"), self.start_new),
            ],
        )

    def _ask_second_visit(self, visit: StoredAssessment) -> None:
        """A visit was signed today already: a second one the same day is asked for, not assumed."""
        when = local_time(visit.signed_at) if visit.signed_at else ""
        text = self.tr(
            "{0} already had a visit today, signed {1} by {2}. Start a second visit today?"
        ).format(visit.assessment.patient.display_name, when, visit.signed_by or "")
        self.open_today_button, self.second_visit_button = self._question(
            "second_visit",
            text,
            [
                (
                    "open_todays_visit",
                    self.tr("&Open today's visit"),
                    lambda: self._open_from(self.store.load, visit.id),
                ),
                ("start_second_visit", self.tr("Start a &second visit"), self.start_new),
            ],
        )

    def start_new(self) -> None:
        assert self.patient_id is not None
        self._open_from(
            self._start_draft, self.patient_id, self.today or date.today(), self.user or None
        )

    def _start_draft(self, patient_id: int, visit_date: date, user: str | None) -> StoredAssessment:
        """A new draft; a follow-up starts from the last signed visit, marked to confirm."""
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
        last = self.store.latest_signed(patient_id)
        carried = carry_forward(last.assessment, assessment) if last is not None else {}
        decisions = VisitDecisions(carried_forward=carried) if carried else None
        return self.store.start(patient_id, assessment, user, decisions)

    def _open_from(self, read: Callable[..., StoredAssessment], *args: Any) -> None:
        """Open the visit that `read(*args)` loads or starts.

        On the program's shared writer the database work runs off the GUI thread
        (starting a draft writes and fsyncs the audit anchor: 30-40 ms) and the
        visit shows when it is done; a wizard with its own writer opens it at once.
        """
        self._run(self._read_evaluated, read, *args, on_result=self.open_stored)

    def _run(self, job: Callable[..., Any], *args: Any, on_result: Callable[[Any], None]) -> None:
        """`on_result(job(*args))`: on the shared writer off the GUI thread, else at once."""
        if self._own_writer:
            on_result(job(*args))
            return
        # An empty page for the few milliseconds of the work; any question's buttons are gone.
        waiting = QWidget(self)
        waiting.setObjectName("opening")
        self.stack.addWidget(waiting)
        self.stack.setCurrentWidget(waiting)
        self.await_job(self.writer.submit(job, *args), on_result)

    def read_later(
        self, on_result: Callable[[Any], None], job: Callable[..., Any], *args: Any
    ) -> None:
        """`on_result(job(*args))` with the open visit left as it is: off the GUI thread on the
        shared writer, at once with a wizard's own."""
        if self._own_writer:
            on_result(job(*args))
        else:
            self.await_job(self.writer.submit(job, *args), on_result)

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

    def on_signed(self, stored: StoredAssessment, print_now: bool = False) -> None:
        """Signed: the visit reopens read-only and its care plan comes up (to print, if asked)."""
        self.open_stored(stored)
        (self.print_now_requested if print_now else self.print_requested).emit("careplan")

    def document_request(
        self, kind: str
    ) -> tuple[StoredAssessment, Assessment, Evaluation, CarePlan | None]:
        """What a printed document of the open visit shows: the visit, its evaluation and plan.

        A requisition lists the tests the clinician ticked, not every suggestion. The visit
        summary and referral letter are the clinician's: in the screen's language.
        """
        if self.view is None:
            raise LookupError("no visit is open")
        flow = self.view.flow
        screen = flow.refresh()
        if kind in ("summary", "referral"):
            return self.view.stored, flow.assessment, screen, flow.care_plan
        # In the documents' language (the plan's, else the patient's), not the screen's.
        evaluation = flow.document_evaluation()
        if kind == "requisition":
            evaluation = replace(evaluation, suggested_lab_orders=flow.ordered_tests())
        return self.view.stored, flow.assessment, evaluation, flow.care_plan

    def acknowledged_red_flags(self) -> tuple[str, ...]:
        """The red flags of the open visit the clinician acknowledged."""
        if self.view is None:
            return ()
        return tuple(self.view.flow.decisions().acknowledged_red_flags)

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
