"""What the rules engine returns: the evaluation of one assessment.

The shape mirrors the `clinic-desktop.evaluation` document of
docs/assessment-format.md; `interop` turns it into JSON, `reports` into paper
and the window into its findings panel. Numbers that the document reports
rounded are kept as `Decimal`, already rounded half away from zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from clinic_desktop.domain.careplan import PlannedItem


@dataclass(frozen=True, slots=True)
class InterpretedLab:
    test: str
    value: float
    unit: str
    value_si: Decimal
    unit_si: str
    interpretation: str | None
    """HL7 v3 ObservationInterpretation code: LL, L, N, H, HH; None when no interval applies."""
    loinc: str | None = None
    reference_low: float | None = None
    reference_high: float | None = None
    interval_source: tuple[str, ...] = ()
    """Citations (ids) of the program's default interval when it judged the value."""
    laboratory_interval: bool = False
    """The reporting laboratory's own interval judged the value."""


@dataclass(frozen=True, slots=True)
class Derived:
    abi: dict[str, Decimal] = field(default_factory=dict)
    abi_category: dict[str, str] = field(default_factory=dict)
    corrected_calcium_mmol_l: Decimal | None = None
    egfr_ml_min_1_73m2: int | None = None
    ck_multiple_of_uln: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    text: str
    sources: tuple[str, ...]
    icd10cm: str | None = None
    category: str | None = None
    """Where the window shows it: labs, hormonal, vascular, neuromuscular, medications, history."""
    patient_text: str | None = None
    """The finding in plain words for the patient's printed plan; None: for the clinician only."""


@dataclass(frozen=True, slots=True)
class RedFlag:
    id: str
    urgency: str
    referral: str
    text: str
    sources: tuple[str, ...]
    action: str | None = None
    names: tuple[str, ...] = ()
    """Care-plan items the flag's action names: suggested while it fires, never held back."""
    patient_text: str | None = None
    """The flag in plain words for the patient: what it may mean and what to do."""


@dataclass(frozen=True, slots=True)
class CarePlanItem:
    id: str
    section: str
    text: str
    sources: tuple[str, ...]
    evidence: str | None = None
    """A short label of the evidence behind the item, or that it is clinic practice."""
    reason: str | None = None
    """Why the rules suggested it for this patient, in the patient's language."""
    plan_text: str | None = None
    """The text the plan keeps when it differs from `text`: a supplement's, without the
    "dose: clinician to confirm" caveat, since the clinician writes the dose beside it."""

    def planned(self) -> PlannedItem:
        """This suggestion as an item of the clinician's plan, still as suggested."""
        return PlannedItem(
            id=self.id,
            section=self.section,
            text=self.plan_text or self.text,
            sources=list(self.sources),
            origin="suggested",
            evidence=self.evidence,
            reason=self.reason,
        )


@dataclass(frozen=True, slots=True)
class TreatmentOption:
    """A spasticity or focal-dystonia treatment the clinician may choose for the plan (never
    suggested by the rules, never a dose), checked against this patient."""

    id: str
    option_for: str
    """spasticity or focal_dystonia."""
    title: str
    evidence: str
    plan_text: str
    """What the printed plan says when chosen, in plain words."""
    sources: tuple[str, ...]
    offered: bool
    """False when contraindicated, ruled out by the history or held back (emergency first)."""
    not_offered: tuple[str, ...] = ()
    """Why it is not offered, one reason each."""
    cautions: tuple[str, ...] = ()
    """The cautions that apply to this patient."""
    current: bool = False
    """The patient already takes this medicine."""


@dataclass(frozen=True, slots=True)
class Evaluation:
    language: str
    derived: Derived
    labs: tuple[InterpretedLab, ...]
    findings: tuple[Finding, ...]
    icd10cm: tuple[str, ...]
    red_flags: tuple[RedFlag, ...]
    suggested_lab_orders: tuple[str, ...]
    care_plan: tuple[CarePlanItem, ...]
    suggested_lab_order_reasons: dict[str, str] = field(default_factory=dict)
    """For each suggested test, why, in the patient's language (the lab checklist shows it)."""
    held_back: frozenset[str] = frozenset()
    """Care-plan items (library ids, treatment options) a safety rule holds back while the red
    flags that fire call for it (emergency first): the screen and the printed plan leave them
    out until no such flag fires."""
    held_back_notes: tuple[str, ...] = ()
    """For the patient, why self-care is held back (one per rule that applies)."""
    treatment_options: tuple[TreatmentOption, ...] = ()
    """The clinician-chosen treatment options for the care plan's picker (not in `care_plan`)."""

    def is_held_back(self, item_id: str) -> bool:
        return item_id in self.held_back
