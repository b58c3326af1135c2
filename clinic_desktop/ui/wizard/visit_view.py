"""One opened visit: the banner, the step list, the current page, the findings, and moving between steps.

The view wires the pages to the presenter (services.visit_flow.VisitFlow) and to autosave; what
a page shows and accepts lives in the page, what is missing and where the visit is lives in the
presenter, and how a visit is opened or started lives in the wizard (wizard.py).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.assessment import Exam, Vascular
from clinic_desktop.domain.diary import DiaryEntry
from clinic_desktop.rules.changes import what_changed
from clinic_desktop.services.assessments import ConflictError, StoredAssessment
from clinic_desktop.services.diary import StoredDiaryEntry
from clinic_desktop.services.visit_flow import (
    STEPS,
    DraftKeeper,
    SignBlockedError,
    VisitFlow,
    in_language,
)
from clinic_desktop.ui.accessibility import tab_order
from clinic_desktop.ui.shortcuts import BY_ID, bind
from clinic_desktop.ui.translation import installed_language
from clinic_desktop.ui.wizard.autosave import AutosaveController
from clinic_desktop.ui.wizard.care_plan_page import CarePlanPage, missing_text
from clinic_desktop.ui.wizard.changes_panel import ChangesPanel
from clinic_desktop.ui.wizard.examination_page import ExaminationPage
from clinic_desktop.ui.wizard.findings_panel import FindingsPanel
from clinic_desktop.ui.wizard.history_page import HistoryPage
from clinic_desktop.ui.wizard.hormonal_page import HormonalPage
from clinic_desktop.ui.wizard.labs_page import LabsPage
from clinic_desktop.ui.wizard.medications_page import MedicationsPage
from clinic_desktop.ui.wizard.page import WizardPage
from clinic_desktop.ui.wizard.page_set import PageSet
from clinic_desktop.ui.wizard.sidebar import StepSidebar
from clinic_desktop.ui.wizard.signing import SignDialog
from clinic_desktop.ui.wizard.vascular_page import VascularPage
from clinic_desktop.ui.wizard.visit_banner import VisitBanner, VisitNotice, local_time

if TYPE_CHECKING:
    from clinic_desktop.ui.wizard.wizard import AssessmentWizard


def signer_name(stored: StoredAssessment) -> str:
    """Who signed, as the signing dialog and the printed plan name them (the clinician's name
    from their profile), the account name only when the plan carries none."""
    plan = stored.care_plan
    return (plan.clinician_name if plan is not None else None) or stored.signed_by or ""


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
        # A user who may not assess sees a draft as it is, and saves nothing into it.
        read_only = stored.read_only or wizard.view_only is not None
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
            screen_language=installed_language(),
        )
        if stored.read_only:
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

        self.banner = VisitBanner(assessment.patient, assessment.visit_date, self)
        self.banner.document_requested.connect(wizard.print_requested)
        self.notice = VisitNotice(self)
        self.notice.amend_requested.connect(self.on_amend_requested)
        # An amendment (an addendum opened by results, or a correction): what it changed.
        self.changes = ChangesPanel(self)
        self.original: tuple[StoredAssessment, VisitFlow] | None = None
        self.closed = False

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
                "labs": lambda: LabsPage(
                    labs, self.flow, knowledge.labs, citations=knowledge.citations
                ),
                "hormonal": lambda: HormonalPage(assessment),
                "vascular": lambda: VascularPage(vascular),
                "medications": lambda: MedicationsPage(assessment, knowledge.drugs),
                "care_plan": lambda: CarePlanPage(
                    self.flow, knowledge.care_plan, citations=knowledge.citations
                ),
            },
            self.on_page_built,
        )
        self.findings = FindingsPanel(self)
        self.findings.acknowledgement_changed.connect(self.on_acknowledgement_changed)
        self.findings.provenance_requested.connect(lambda: self.show_provenance(None))

        self.back_button = QPushButton(self.tr("< &Back"), self)
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.on_back_clicked)
        self.next_button = QPushButton(self.tr("&Next >"), self)
        self.next_button.setObjectName("next")
        self.next_button.clicked.connect(self.on_next_clicked)
        self.sign_button = QPushButton(self.tr("&Sign…"), self)
        self.sign_button.setObjectName("sign_visit")
        self.sign_button.setToolTip(self.tr("Shows what will be signed and asks for your password"))
        self.sign_button.clicked.connect(self.on_sign_requested)
        self.sign_button.setVisible(not stored.read_only)
        if wizard.view_only is not None:
            self.sign_button.setEnabled(False)
            self.sign_button.setToolTip(wizard.view_only)
        # The follow-up loop: this visit beside an earlier one, and trends across visits.
        self.compare_button = QPushButton(self.tr("C&ompare…"), self)
        self.compare_button.setObjectName("compare_visits")
        self.compare_button.setToolTip(self.tr("This visit beside the previous one (Ctrl+Shift+C)"))
        self.compare_button.clicked.connect(self.on_compare_requested)
        self.trends_button = QPushButton(self.tr("Tren&ds…"), self)
        self.trends_button.setObjectName("trends")
        self.trends_button.setToolTip(
            self.tr("Labs and cramps across the patient's visits (Ctrl+Shift+T)")
        )
        self.trends_button.clicked.connect(self.on_trends_requested)
        self.diary_button = QPushButton(self.tr("Cramp diar&y…"), self)
        self.diary_button.setObjectName("cramp_diary")
        self.diary_button.setToolTip(self.tr("Type in the patient's cramp diary (Ctrl+Shift+D)"))
        self.diary_button.clicked.connect(self.on_diary_requested)
        self._add_step_keys()

        # A splitter: on a small screen the side panels give way to the page (the findings
        # may be dragged shut; the step list wraps its titles), and the clinician can drag them.
        self.middle = QSplitter(Qt.Orientation.Horizontal, self)
        self.middle.setObjectName("visit_panels")
        self.middle.addWidget(self.sidebar)
        self.middle.addWidget(self.pages_stack)
        self.middle.addWidget(self.findings)
        self.middle.setCollapsible(0, False)
        self.middle.setCollapsible(1, False)
        self.middle.setStretchFactor(0, 0)
        self.middle.setStretchFactor(1, 3)
        self.middle.setStretchFactor(2, 1)
        self._panels_sized = False
        buttons = QHBoxLayout()
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.trends_button)
        buttons.addWidget(self.diary_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.sign_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        layout.addWidget(self.changes)
        layout.addWidget(self.middle, 1)
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
        if stored.amends_id is not None:
            wizard.read_later(self.on_original_loaded, wizard.store.load, stored.amends_id)

    def on_original_loaded(self, original: StoredAssessment) -> None:
        """The signed visit this version amends: the rules run on it once, to compare with."""
        if self.closed:
            return
        flow = VisitFlow(
            original.assessment,
            self.wizard.safe_evaluate,
            original.care_plan,
            read_only=True,
            screen_language=installed_language(),
        )
        self.original = (original, flow)
        self.refresh_changes()

    def refresh_changes(self) -> None:
        if self.original is None:
            return
        original, before = self.original
        changes = what_changed(
            before.evaluation,
            self.flow.evaluation,
            plan_before=original.care_plan,
            plan_after=self.flow.care_plan,
            labs_before=original.assessment.labs or (),
            labs_after=self.flow.assessment.labs or (),
        )
        signed_at = original.signed_at
        self.changes.show_changes(changes, local_time(signed_at) if signed_at else "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._panels_sized and self.middle.width() > 0:
            self._panels_sized = True
            self.size_panels(self.middle.width())

    def size_panels(self, total: int) -> None:
        """Side panels in proportion to the window, within what each needs; the page gets the rest."""
        steps = max(self.sidebar.minimumSizeHint().width(), min(220, int(total * 0.16)))
        findings = max(self.findings.minimumWidth(), min(340, int(total * 0.24)))
        self.middle.setSizes([steps, max(total - steps - findings, 0), findings])

    def _add_step_keys(self) -> None:
        """Ctrl+PgDown and Ctrl+PgUp between steps, Alt+1 to Alt+7 to a step, while the visit shows."""
        actions: list[tuple[QAction, Callable[..., None]]] = [
            (bind(QAction(self), "next_step"), self.on_next_clicked),
            # Ctrl+P: the care plan, printed as soon as it is ready (as Sign and print does).
            (
                bind(QAction(self), "print"),
                lambda: self.wizard.print_now_requested.emit("careplan"),
            ),
            (bind(QAction(self), "previous_step"), self.on_back_clicked),
            (bind(QAction(self), "compare_visits"), self.on_compare_requested),
            (bind(QAction(self), "trends"), self.on_trends_requested),
            (bind(QAction(self), "cramp_diary"), self.on_diary_requested),
        ]
        for step, keys in zip(STEPS, BY_ID["go_to_step"].keys, strict=True):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            actions.append((action, lambda _checked=False, s=step: self.go_to(s)))
        for action, slot in actions:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def _order_tabs(self) -> None:
        """Tab reads the page, then the findings beside it, then Back, Next and Sign; then on round
        to the banner and the step list above and left of the page. A page made later joins the
        focus chain ahead of the banner, which is put back after Sign each time."""
        banner, notice = self.banner, self.notice
        tab_order(
            [
                self.sign_button,
                banner.care_plan_pdf_button,
                banner.requisition_button,
                banner.summary_button,
                banner.referral_button,
                notice.amend_reason,
                notice.amend_button,
                self.sidebar,
            ]
        )

    # Showing -------------------------------------------------------------------------------------
    def show_step(self, *, build: bool = True) -> None:
        """Show the flow's step; `build=False` leaves building its page to the next event-loop turn."""
        step = self.flow.step
        if build or self.pages.is_built(step):
            self.pages_stack.setCurrentWidget(self.pages[step])
        else:
            self.pages_stack.setCurrentWidget(self.pending_page)
            self._in_next_slice(self.on_page_due)
        self.refresh_views()
        self.back_button.setEnabled(self.flow.has_back)
        self.next_button.setEnabled(self.flow.has_next)

    def refresh_views(self) -> None:
        evaluation = self.flow.evaluation
        if self.pages.is_built(self.flow.step):
            self.pages[self.flow.step].show_evaluation(evaluation)
        acknowledged = {f.id for f in evaluation.red_flags if self.flow.is_acknowledged(f.id)}
        self.banner.show_referrals(tuple(f.referral for f in evaluation.red_flags if f.referral))
        self.findings.show_evaluation(evaluation, acknowledged, read_only=self.flow.read_only)
        self.findings.show_problem(self.wizard.rules_problem)
        self.sidebar.show_states(self.flow.step_states(), self.flow.step)
        carried = self.flow.carried_forward()
        for page in self.pages.built():
            page.show_carried(carried)
        self.refresh_changes()

    def _show_read_only(self) -> None:
        stored = self.stored
        view_only = self.wizard.view_only
        if stored.status == "signed":
            when = local_time(stored.signed_at) if stored.signed_at else ""
            text = self.tr(
                "Signed by {0} on {1}. Read-only: corrections go into an amendment."
            ).format(signer_name(stored), when)
            self.notice.show_message(text, amendable=True, refused=view_only)
        elif view_only is not None:
            self.notice.show_message(view_only)
        else:
            text = self.tr(
                "This version was amended; it is kept as it was signed. Open the latest version to edit."
            )
            self.notice.show_message(text)

    def show_notice(self, text: str, *, error: bool = False) -> None:
        self.notice.show_message(text, error=error)

    # Slots ---------------------------------------------------------------------------------------
    def on_page_due(self) -> None:
        """First slice: make the page's widgets; the next slice puts them on screen (polish)."""
        self.pages.make(self.flow.step)
        self._in_next_slice(self.show_step)

    def _in_next_slice(self, slot: Callable[[], None]) -> None:
        """Run `slot` once the event loop has had its turn: input, painting and due timers.

        A zero-delay timer is a posted event, and Qt sends posted events before it looks at
        input or timers: opening a visit's slices then ran back to back as one stall
        (32-47 ms in bench_gui_latency.py). A 1 ms timer waits behind what is already due.
        """
        QTimer.singleShot(1, self, slot)

    def on_page_built(self, step: str, page: WizardPage) -> None:
        """Wire a page the first time it is built; the current step's page goes on screen."""
        self.pages_stack.addWidget(page)
        page.add_note(self.flow.assessment)
        page.edited.connect(self.on_page_edited)
        page.saved_only.connect(self.on_page_saved_only)
        page.carried_confirmed.connect(self.on_carried_confirmed)
        page.field_error_changed.connect(
            lambda field, message: self.on_field_error_changed(step, field, message)
        )
        for field, message in page.field_errors().items():
            self.flow.set_field_error(step, field, message)
        page.show_carried(self.flow.carried_forward())
        if isinstance(page, CarePlanPage):
            page.sign_requested.connect(self.on_sign_requested)
            page.sources_requested.connect(self.show_provenance)
        page.set_read_only(self._pages_read_only)
        for button in page.findChildren(QPushButton):
            button.setAutoDefault(True)
        self._order_tabs()
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
        self.banner.save_status.setText(self.tr("Saving…"))

    def on_page_saved_only(self) -> None:
        """A note or the plan changed: saved, and shown, without running the rules again."""
        self.refresh_views()
        self.autosave.schedule()
        self.banner.save_status.setText(self.tr("Saving…"))

    def on_carried_confirmed(self, field: str) -> None:
        if self.flow.confirm_carried(field):
            self.refresh_views()
            self.autosave.schedule()

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

    def go_to(self, step: str) -> None:
        """Jump to `step` by keyboard: the page shows with its first field focused."""
        self.flow.jump(step)
        self.show_step(build=False)
        self.focus_page()

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
            self.banner.save_status.setText(
                self.tr("Draft saved {0}").format(datetime.now().strftime("%H:%M:%S"))
            )

    def on_save_failed(self, message: str) -> None:
        self.banner.save_status.setText(self.tr("Not saved"))
        self.show_notice(
            self.tr(
                "The draft could not be saved: {0}. Keep this window open and try again."
            ).format(message),
            error=True,
        )

    def on_conflicted(self, message: str) -> None:
        self.banner.save_status.setText(self.tr("Not saved"))
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
        """Show what will be signed and ask for the password; signing follows a right one."""
        if self.flow.read_only:
            return
        self.flow.ensure_care_plan()
        self.refresh_views()
        labs = self.wizard.knowledge.labs
        dialog = SignDialog(
            self.flow.signature_summary(),
            self.wizard.signer_name,
            self.flow.assessment.patient.display_name,
            self.wizard.check_password,
            lambda item: missing_text(item, self.flow),  # type: ignore[arg-type]
            lambda test: labs.display_name(test, installed_language()),
            self,
            step_text=lambda step, state: (
                f"{self.sidebar.titles[step]}: {self.sidebar.marker(state)}"  # type: ignore[arg-type]
            ),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.password_confirmed.connect(self.sign)
        dialog.open()

    def sign(self, print_after: bool = False) -> None:
        """Sign now: who (the signed-in user) and when are stored with the plan and the visit.

        With `print_after`, the plan's print dialog opens once the plan is ready.
        """
        try:
            plan = self.flow.prepare_signature(self.wizard.signer_name, datetime.now(UTC))
        except SignBlockedError:
            self.refresh_views()
            return
        self.autosave.flush()
        self.autosave.stop()
        future = self.keeper.sign(self.wizard.user, plan, self.flow.decisions())
        self.wizard.await_job(future, lambda stored: self.wizard.on_signed(stored, print_after))

    def show_provenance(self, chosen: str | None) -> None:
        """Every finding, red flag and plan item with its cited works and how each was read."""
        from clinic_desktop.ui.wizard.provenance_dialog import ProvenanceDialog, evaluation_entries

        kinds = {
            "red_flag": self.tr("Red flag"),
            "finding": self.tr("Finding"),
            "plan_item": self.tr("Plan item"),
        }
        plan = self.flow.care_plan.items if self.flow.care_plan else ()
        entries = evaluation_entries(self.flow.evaluation, plan, kinds)
        dialog = ProvenanceDialog(entries, self.wizard.knowledge.citations, chosen, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def on_compare_requested(self) -> None:
        """The patient's visits are read off the GUI thread; the comparison opens with them."""
        self.wizard.read_later(
            self.show_comparison, self.wizard.store.current_visits, self.stored.patient_id
        )

    def earlier_visits(self, visits: list[StoredAssessment]) -> list[StoredAssessment]:
        """The patient's other visits on or before this one's date, oldest first."""
        day = self.flow.assessment.visit_date
        chain = {self.stored.id, self.stored.amends_id}
        return [
            v
            for v in visits
            if v.id not in chain
            and (day is None or v.assessment.visit_date is None or v.assessment.visit_date <= day)
        ]

    def show_comparison(self, visits: list[StoredAssessment]) -> None:
        if self.closed:
            return
        from clinic_desktop.ui.follow_up.comparison import ComparisonDialog

        language = installed_language()
        labs = self.wizard.knowledge.labs
        dialog = ComparisonDialog(
            self.flow.assessment,
            self.flow.evaluation,
            self.earlier_visits(visits),
            lambda assessment: self.wizard.safe_evaluate(in_language(assessment, language)),
            lambda test: labs.display_name(test, language),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def on_diary_requested(self) -> None:
        self.wizard.read_later(
            self.show_diary, self.wizard.diary.listed, self.stored.patient_id, self.stored.id
        )

    def show_diary(self, entries: list[StoredDiaryEntry]) -> None:
        if self.closed:
            return
        from clinic_desktop.ui.follow_up.diary import DiaryDialog

        wizard = self.wizard
        patient_id, visit_id = self.stored.patient_id, self.stored.id

        def save(entry: DiaryEntry) -> Future[Any]:
            return wizard.writer.submit(wizard.diary.add, patient_id, entry, visit_id)

        def remove(entry_id: int) -> Future[Any]:
            return wizard.writer.submit(wizard.diary.remove, entry_id, visit_id)

        dialog = DiaryDialog(
            entries,
            save,
            wizard.today or date.today(),
            self,
            remove=remove,
            signed_at=self.stored.signed_at if self.stored.read_only else None,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def on_trends_requested(self) -> None:
        self.wizard.read_later(self.show_trends, self.trends_data, self.stored.patient_id)

    def trends_data(self, patient_id: int) -> tuple[list[StoredAssessment], list[DiaryEntry]]:
        """Off the GUI thread: the patient's visits and diary."""
        return self.wizard.store.current_visits(patient_id), self.wizard.diary.entries(patient_id)

    def show_trends(self, data: tuple[list[StoredAssessment], list[DiaryEntry]]) -> None:
        if self.closed:
            return
        visits, diary = data
        from clinic_desktop.ui.follow_up.trends import TrendsDialog

        language = installed_language()
        labs = self.wizard.knowledge.labs
        # This visit as it stands on screen, in place of its stored version.
        shown = [v.assessment for v in visits if v.id != self.stored.id]
        shown.append(self.flow.assessment)
        dialog = TrendsDialog(
            shown,
            lambda assessment: self.wizard.safe_evaluate(in_language(assessment, language)),
            labs,
            language,
            self,
            diary=diary,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def on_amend_requested(self, reason: str) -> None:
        if not reason:
            return
        future = self.wizard.writer.submit(
            self.wizard.store.amend, self.stored.id, self.wizard.user, reason
        )
        self.wizard.await_job(future, self.wizard.open_stored)

    def close_visit(self) -> None:
        """Write what is waiting and stop saving; the view may then be thrown away."""
        self.closed = True
        if not self.autosave.stopped:
            self.autosave.flush()
            self.autosave.stop()
