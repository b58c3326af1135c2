"""The assessment wizard's presenter: page flow, completeness, what blocks signing, and draft saving.

No Qt here. The wizard's pages write into the Assessment and CarePlan that a
`VisitFlow` holds and then call `refresh()`; the flow re-runs the rules and
answers what the window shows (step states, red flags to acknowledge, what is
missing to sign). `DraftKeeper` saves snapshots in order through the serial
writer so the window never waits for the database.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from clinic_desktop.domain.assessment import Assessment, Exam, History, LabResult, Vascular
from clinic_desktop.domain.careplan import CarePlan, PlannedItem, VisitDecisions
from clinic_desktop.domain.vocabulary import VISIT_STEPS
from clinic_desktop.rules.evaluation import Evaluation, RedFlag

STEPS: tuple[str, ...] = VISIT_STEPS

# What a follow-up visit starts from: what the patient takes and has, and why they come.
# Each is marked "from the last visit: confirm" until the clinician confirms or changes it.
CARRIED_HISTORY = ("presentations", "sites", "triggers", "conditions")
CARRIED_FIELDS = ("medications", *(f"history.{name}" for name in CARRIED_HISTORY))
CARRIED_STEP = {"medications": "medications"} | {f: "history" for f in CARRIED_FIELDS[1:]}

HORMONAL_TESTS = ("tsh", "free_t4", "cortisol_am", "calcium", "ionized_calcium", "albumin")

Evaluator = Callable[[Assessment], Evaluation]


class Completeness(StrEnum):
    COMPLETE = "complete"
    PARTIAL = "partial"
    NOT_STARTED = "not started"


@dataclass(frozen=True, slots=True)
class MissingItem:
    """One thing that stops the clinician signing, with the step where it is fixed."""

    step: str
    field: str
    message: str


class SignBlockedError(Exception):
    """Signing was asked for while something is still missing."""

    def __init__(self, missing: tuple[MissingItem, ...]) -> None:
        super().__init__("; ".join(item.message for item in missing))
        self.missing = missing


def _state(filled: int, total: int) -> Completeness:
    if filled == 0:
        return Completeness.NOT_STARTED
    return Completeness.COMPLETE if filled >= total else Completeness.PARTIAL


def _history_fields(history: History | None) -> list[Any]:
    if history is None:
        return [None]
    values: list[Any] = [
        history.presentations,
        history.sites,
        history.episodes_per_week,
        history.episode_duration_seconds,
        history.pain_score,
        history.triggers,
        history.symptoms,
        history.conditions,
        history.dark_urine,
        history.progressive,
    ]
    # The Penn scale only describes spasms of spasticity; elsewhere it is not asked.
    if history.presentations and "spasticity" in history.presentations:
        values.append(history.penn_spasm_frequency)
    return values


def _exam_fields(exam: Exam | None) -> list[Any]:
    if exam is None:
        return [None]
    plantar = exam.plantar
    clonus = exam.ankle_clonus
    return [
        exam.strength or None,
        exam.reflexes or None,
        exam.tone or None,
        plantar.left if plantar else None,
        plantar.right if plantar else None,
        clonus.left if clonus else None,
        clonus.right if clonus else None,
        exam.fasciculations,
        exam.atrophy,
        exam.sensory_loss,
        exam.chvostek,
        exam.trousseau,
    ]


def _vascular_fields(vascular: Vascular | None) -> list[Any]:
    if vascular is None:
        return [None]
    brachial = vascular.brachial_systolic_mmhg
    ankles = vascular.ankle_systolic_mmhg
    values: list[Any] = [
        brachial.left if brachial else None,
        brachial.right if brachial else None,
    ]
    for side in ("left", "right"):
        ankle = getattr(ankles, side) if ankles else None
        # ABI takes the higher of the two ankle arteries, so one pressure per leg suffices.
        if ankle is None:
            values.append(None)
        else:
            values.append(
                ankle.dorsalis_pedis if ankle.dorsalis_pedis is not None else ankle.posterior_tibial
            )
    values += [vascular.pulses or None, vascular.capillary_refill_seconds, vascular.claudication]
    return values


def _count(values: list[Any]) -> int:
    return sum(1 for value in values if value is not None)


def in_language(assessment: Assessment, language: str) -> Assessment:
    """`assessment` as the rules see it when they are to write in `language` (a shallow copy)."""
    if assessment.patient.language == language:
        return assessment
    return replace(assessment, patient=replace(assessment.patient, language=language))


def carry_forward(previous: Assessment, into: Assessment) -> dict[str, str]:
    """Copy into a new visit what the last one recorded of medicines, conditions and history.

    Returns what was copied (field path -> the last visit's date), for the new visit to mark
    until the clinician confirms it. Severity, the examination and results are never carried.
    """
    day = previous.visit_date.isoformat() if previous.visit_date else ""
    carried: dict[str, str] = {}
    if previous.medications is not None:
        into.medications = copy.deepcopy(previous.medications)
        carried["medications"] = day
    last = previous.history
    if last is not None:
        history = into.history if into.history is not None else History()
        for name in CARRIED_HISTORY:
            value = getattr(last, name)
            if value is not None:
                setattr(history, name, list(value))
                carried[f"history.{name}"] = day
        if last.site_sides and last.sites is not None:
            history.site_sides = dict(last.site_sides)
        if any(field.startswith("history.") for field in carried):
            into.history = history
    return carried


@dataclass(frozen=True, slots=True)
class SignatureSummary:
    """What signing will put the clinician's name to, and what still stops it."""

    acknowledged_red_flags: tuple[RedFlag, ...]
    ordered_tests: tuple[str, ...]
    results: tuple[LabResult, ...]
    plan_items: tuple[PlannedItem, ...]
    plan_language: str
    missing: tuple[MissingItem, ...]
    missing_doses: tuple[PlannedItem, ...] = ()
    """Supplements and medicines without a dose written: a warning, never a block."""
    # Steps signed as they are although not complete (a vascular review with one leg only).
    unfinished_steps: tuple[tuple[str, Completeness], ...] = ()


class VisitFlow:
    """The state of one visit in the wizard: the models, the current step and the rules' view of them."""

    def __init__(
        self,
        assessment: Assessment,
        evaluator: Evaluator,
        care_plan: CarePlan | None = None,
        *,
        read_only: bool = False,
        decisions: VisitDecisions | None = None,
        screen_language: str | None = None,
    ) -> None:
        """`screen_language` is the clinician's (the interface's); None: the documents' language.

        The rules run once per change in the screen's language; the documents' language (the
        plan's, else the patient's) is evaluated only when a plan or a document needs it.
        """
        self.assessment = assessment
        self.care_plan = care_plan
        self.read_only = read_only
        self._evaluator = evaluator
        self._screen_language = screen_language
        self._index = 0
        kept = decisions or VisitDecisions()
        self._reviewed: set[str] = set(kept.reviewed_steps)
        self._acknowledged: set[str] = set(kept.acknowledged_red_flags)
        self._order_choices: dict[str, bool] = dict(kept.lab_order_choices)
        self._carried: dict[str, str] = dict(kept.carried_forward)
        self._confirmed_results: dict[str, float] = dict(kept.confirmed_results)
        self._field_errors: dict[tuple[str, str], str] = {}
        self._document_evaluation: Evaluation | None = None
        self._evaluation = evaluator(self._for_screen())
        self.mark_reviewed(self.step)

    # Page flow -----------------------------------------------------------------------------------
    @property
    def step(self) -> str:
        return STEPS[self._index]

    @property
    def index(self) -> int:
        return self._index

    @property
    def has_next(self) -> bool:
        return self._index < len(STEPS) - 1

    @property
    def has_back(self) -> bool:
        return self._index > 0

    def next(self) -> str:
        if self.has_next:
            self._index += 1
            self.mark_reviewed(self.step)
        return self.step

    def back(self) -> str:
        if self.has_back:
            self._index -= 1
            self.mark_reviewed(self.step)
        return self.step

    def jump(self, step: str) -> str:
        if step not in STEPS:
            raise ValueError(f"unknown step {step!r} (known: {', '.join(STEPS)})")
        self._index = STEPS.index(step)
        self.mark_reviewed(step)
        return step

    def mark_reviewed(self, step: str) -> None:
        """The clinician has opened `step`; a signed visit's states never change again."""
        if not self.read_only:
            self._reviewed.add(step)

    # Rules ---------------------------------------------------------------------------------------
    @property
    def evaluation(self) -> Evaluation:
        """The rules' answer in the clinician's language, for the screen."""
        return self._evaluation

    def refresh(self) -> Evaluation:
        """Re-run the rules after a page wrote into the models."""
        before = self._evaluation
        self._evaluation = self._evaluator(self._for_screen())
        self._document_evaluation = None
        self._keep_fulfilled_orders(before)
        return self._evaluation

    def document_evaluation(self) -> Evaluation:
        """The rules' answer in the documents' language: the plan's items, the printed texts."""
        if self.language == self._screen():
            return self._evaluation
        if self._document_evaluation is None:
            self._document_evaluation = self._evaluator(in_language(self.assessment, self.language))
        return self._document_evaluation

    @property
    def language(self) -> str:
        """The documents' language: the plan's, else the patient's."""
        if self.care_plan is not None:
            return self.care_plan.language
        return self.assessment.patient.language or "en"

    def _screen(self) -> str:
        return self._screen_language or self.language

    def _for_screen(self) -> Assessment:
        return in_language(self.assessment, self._screen())

    # Red flags -----------------------------------------------------------------------------------
    def acknowledge(self, flag_id: str, acknowledged: bool = True) -> None:
        if acknowledged:
            self._acknowledged.add(flag_id)
        else:
            self._acknowledged.discard(flag_id)

    def decisions(self) -> VisitDecisions:
        """The clinician's ticks, acknowledgements and confirmations, to keep with the draft."""
        return VisitDecisions(
            lab_order_choices=dict(self._order_choices),
            acknowledged_red_flags=sorted(self._acknowledged),
            reviewed_steps=[step for step in STEPS if step in self._reviewed],
            carried_forward=dict(self._carried),
            confirmed_results=dict(self._confirmed_results),
        )

    def is_acknowledged(self, flag_id: str) -> bool:
        return flag_id in self._acknowledged

    def unacknowledged_red_flags(self) -> tuple[RedFlag, ...]:
        return tuple(f for f in self._evaluation.red_flags if f.id not in self._acknowledged)

    # Lab orders ----------------------------------------------------------------------------------
    def is_ordered(self, test: str) -> bool:
        """A suggested test is ticked until the clinician unticks it; their choice always wins."""
        if test in self._order_choices:
            return self._order_choices[test]
        return test in self._evaluation.suggested_lab_orders

    def set_ordered(self, test: str, ordered: bool) -> None:
        self._order_choices[test] = ordered

    def _keep_fulfilled_orders(self, before: Evaluation) -> None:
        """A suggested test whose result has come in stays ordered (the rules stop suggesting it)."""
        held = {lab.test for lab in self.assessment.labs or ()}
        for test in before.suggested_lab_orders:
            if test in held and test not in self._order_choices:
                self._order_choices[test] = True

    def ordered_tests(self) -> tuple[str, ...]:
        has_result = {lab.test for lab in self.assessment.labs or ()}
        seen: dict[str, None] = {}
        for test in self._candidate_tests():
            if test not in has_result and self.is_ordered(test):
                seen[test] = None
        return tuple(seen)

    # Carried forward from the last visit ----------------------------------------------------------
    def carried_forward(self) -> dict[str, str]:
        """Field path -> the last visit's date, for what still waits for the clinician to confirm."""
        return dict(self._carried)

    def confirm_carried(self, field: str) -> bool:
        """The clinician confirmed (or changed) `field`; True when it was waiting for that."""
        return self._carried.pop(field, None) is not None

    # Results outside what a living body can have -------------------------------------------------
    def confirm_result(self, test: str, value: float) -> None:
        self._confirmed_results[test] = value

    def is_confirmed(self, test: str, value: float) -> bool:
        return self._confirmed_results.get(test) == value

    def forget_confirmation(self, test: str) -> None:
        self._confirmed_results.pop(test, None)

    # Input problems the pages could not write into the models -----------------------------------
    def set_field_error(self, step: str, field: str, message: str | None) -> None:
        """A page reports text it could not accept (or clears it with None); it blocks signing."""
        if message is None:
            self._field_errors.pop((step, field), None)
        else:
            self._field_errors[(step, field)] = message

    def field_errors(self, step: str | None = None) -> dict[str, str]:
        return {f: m for (s, f), m in self._field_errors.items() if step is None or s == step}

    # Completeness --------------------------------------------------------------------------------
    def completeness(self, step: str) -> Completeness:
        a = self.assessment
        if step == "history":
            return _state(*self._filled(_history_fields(a.history)))
        if step == "examination":
            return _state(*self._filled(_exam_fields(a.exam)))
        if step == "vascular":
            return _state(*self._filled(_vascular_fields(a.vascular)))
        if step == "medications":
            return Completeness.NOT_STARTED if a.medications is None else Completeness.COMPLETE
        if step == "labs":
            return self._labs_completeness()
        if step == "hormonal":
            return self._hormonal_completeness()
        if step == "care_plan":
            return self._care_plan_completeness()
        raise ValueError(f"unknown step {step!r}")

    @staticmethod
    def _filled(values: list[Any]) -> tuple[int, int]:
        return _count(values), len(values)

    def _labs_completeness(self) -> Completeness:
        """Complete when the clinician has seen the orders and something is ordered or resulted.

        Suggestions nobody has looked at, a page seen with nothing ordered, or text the page
        could not accept leave it partial; nothing at all is not started.
        """
        decided = bool(self.assessment.labs) or any(
            self.is_ordered(test) for test in self._candidate_tests()
        )
        if self.field_errors("labs"):
            return Completeness.PARTIAL
        if "labs" in self._reviewed:
            return Completeness.COMPLETE if decided else Completeness.PARTIAL
        return Completeness.PARTIAL if decided else Completeness.NOT_STARTED

    def _candidate_tests(self) -> list[str]:
        return list(self._evaluation.suggested_lab_orders) + sorted(self._order_choices)

    def _hormonal_completeness(self) -> Completeness:
        if "hormonal" in self._reviewed:
            return Completeness.COMPLETE
        results = {lab.test for lab in self.assessment.labs or ()}
        return Completeness.PARTIAL if results & set(HORMONAL_TESTS) else Completeness.NOT_STARTED

    def _care_plan_completeness(self) -> Completeness:
        plan = self.care_plan
        if plan is None:
            return Completeness.NOT_STARTED
        if plan.signed_at is not None or plan.items:
            return Completeness.COMPLETE
        return Completeness.PARTIAL

    def step_states(self) -> dict[str, Completeness]:
        return {step: self.completeness(step) for step in STEPS}

    # Care plan -----------------------------------------------------------------------------------
    def ensure_care_plan(self) -> CarePlan:
        """Start the plan from the rules' suggestions the first time it is needed."""
        if self.care_plan is None:
            suggested = self.document_evaluation().care_plan
            self.care_plan = CarePlan(language=self.language)
            for item in suggested:
                self.care_plan.items.append(item.planned())
        return self.care_plan

    def suggestions_not_in_plan(self) -> tuple[Any, ...]:
        """Suggestions the rules make now that the plan does not hold (e.g. after results came in).

        In the plan's language: the clinician adds them to the patient's document as they are.
        """
        held = {item.id for item in self.care_plan.items} if self.care_plan else set()
        return tuple(item for item in self.document_evaluation().care_plan if item.id not in held)

    # Signing -------------------------------------------------------------------------------------
    def missing_to_sign(self) -> tuple[MissingItem, ...]:
        missing: list[MissingItem] = []
        for flag in self.unacknowledged_red_flags():
            missing.append(
                MissingItem(
                    "care_plan", f"red_flags.{flag.id}", f"Acknowledge red flag: {flag.text}"
                )
            )
        a = self.assessment
        if a.visit_date is None:
            missing.append(MissingItem("history", "visit_date", "Visit date is required"))
        if not (a.history and a.history.presentations):
            missing.append(
                MissingItem("history", "history.presentations", "Choose at least one presentation")
            )
        if a.patient.pregnant and a.patient.pregnancy_weeks is None:
            missing.append(
                MissingItem("history", "patient.pregnancy_weeks", "Pregnancy weeks are required")
            )
        for field_name in CARRIED_FIELDS:
            if field_name in self._carried:
                missing.append(
                    MissingItem(
                        CARRIED_STEP[field_name],
                        f"carried.{field_name}",
                        f"Confirm what was carried forward from the last visit: {field_name}",
                    )
                )
        for (step, field_name), message in sorted(self._field_errors.items()):
            missing.append(MissingItem(step, field_name, message))
        if self.care_plan is None or not self.care_plan.items:
            missing.append(
                MissingItem("care_plan", "care_plan.items", "The care plan has no items")
            )
        return tuple(missing)

    def missing_doses(self) -> list[PlannedItem]:
        """Supplements and medicines of the plan without a dose written: signing warns of them
        (it does not block: the printed plan then says the clinician will give the dose)."""
        return self.care_plan.missing_doses() if self.care_plan is not None else []

    @property
    def can_sign(self) -> bool:
        return not self.read_only and not self.missing_to_sign()

    def signature_summary(self) -> SignatureSummary:
        """What will be signed: acknowledged red flags, orders, results, the plan; what is missing."""
        flags = tuple(f for f in self._evaluation.red_flags if f.id in self._acknowledged)
        plan = self.care_plan
        return SignatureSummary(
            acknowledged_red_flags=flags,
            ordered_tests=self.ordered_tests(),
            results=tuple(self.assessment.labs or ()),
            plan_items=tuple(plan.items) if plan else (),
            plan_language=self.language,
            missing=self.missing_to_sign(),
            missing_doses=tuple(self.missing_doses()),
            unfinished_steps=tuple(
                (step, state)
                for step, state in self.step_states().items()
                if state is not Completeness.COMPLETE
            ),
        )

    def prepare_signature(self, clinician: str, at: datetime) -> CarePlan:
        """The plan ready to sign, or SignBlockedError naming what is missing."""
        missing = self.missing_to_sign()
        if missing:
            raise SignBlockedError(missing)
        plan = self.ensure_care_plan()
        plan.clinician_name = clinician
        plan.signed_at = at
        return plan


class DraftStore(Protocol):
    """The part of services.assessments.AssessmentStore that the keeper writes through."""

    def save_draft(
        self,
        assessment_id: int,
        assessment: Assessment,
        care_plan: CarePlan | None,
        expected_version: int,
        decisions: VisitDecisions | None = None,
    ) -> int: ...

    def sign(
        self,
        assessment_id: int,
        user: str,
        care_plan: CarePlan,
        expected_version: int,
        decisions: VisitDecisions | None = None,
    ) -> Any: ...


class JobWriter(Protocol):
    """The part of services.writer.SerialWriter the keeper uses: jobs run in submission order."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future[Any]: ...

    def flush(self, timeout: float | None = None) -> Any: ...


class DraftKeeper:
    """Saves a draft's snapshots in order through one serial writer, tracking the stored version.

    Every job runs on the writer's thread; the snapshot is copied on the
    caller's thread, so the pages may keep editing while a save runs. After a
    ConflictError (someone saved a newer version) the keeper refuses to write
    again, so nothing is overwritten.
    """

    def __init__(
        self,
        store: DraftStore,
        writer: JobWriter,
        assessment_id: int,
        version: int,
        conflict_error: type[Exception],
    ) -> None:
        """`conflict_error` is the store's ConflictError: after it, nothing more is written."""
        self._store = store
        self._writer = writer
        self._lock = threading.Lock()
        self._assessment_id = assessment_id
        self._version = version
        self._conflict_error = conflict_error
        self._conflict: BaseException | None = None

    @property
    def version(self) -> int:
        with self._lock:
            return self._version

    @property
    def conflict(self) -> BaseException | None:
        with self._lock:
            return self._conflict

    def save(
        self,
        assessment: Assessment,
        care_plan: CarePlan | None,
        decisions: VisitDecisions | None = None,
    ) -> Future[int]:
        snapshot = (copy.deepcopy(assessment), copy.deepcopy(care_plan), copy.deepcopy(decisions))
        future: Future[int] = self._writer.submit(self._save_job, *snapshot)
        return future

    def _save_job(
        self,
        assessment: Assessment,
        care_plan: CarePlan | None,
        decisions: VisitDecisions | None = None,
    ) -> int:
        with self._lock:
            if self._conflict is not None:
                raise self._conflict
            assessment_id, version = self._assessment_id, self._version
        try:
            new_version = self._store.save_draft(
                assessment_id, assessment, care_plan, version, decisions
            )
        except self._conflict_error as error:
            with self._lock:
                self._conflict = error
            raise
        with self._lock:
            self._version = new_version
        return new_version

    def sign(
        self, user: str, care_plan: CarePlan, decisions: VisitDecisions | None = None
    ) -> Future[Any]:
        """Sign after every queued save; the future gives the store's StoredAssessment.

        `decisions` are kept with the signature, so the signed visit shows the states it was
        signed with.
        """
        plan = copy.deepcopy(care_plan)
        return self._writer.submit(self._sign_job, user, plan, copy.deepcopy(decisions))

    def _sign_job(self, user: str, care_plan: CarePlan, decisions: VisitDecisions | None) -> Any:
        with self._lock:
            if self._conflict is not None:
                raise self._conflict
            assessment_id, version = self._assessment_id, self._version
        stored = self._store.sign(assessment_id, user, care_plan, version, decisions)
        with self._lock:
            self._version = stored.version
        return stored

    def flush(self, timeout: float | None = None) -> None:
        self._writer.flush(timeout)
