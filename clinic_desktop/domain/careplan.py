"""The care plan the clinician edits, signs and hands to the patient.

The rules suggest items (rules.evaluation.CarePlanItem); the clinician keeps,
edits or removes them and adds items from the library or as free text. What
is printed is this model, never the raw suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

ORIGINS = ("suggested", "library", "free_text")
DOSED_SECTIONS = ("supplements",)
"""Sections whose every item is something the patient takes, so it needs a dose."""


@dataclass(slots=True)
class PlannedItem:
    id: str
    section: str
    text: str
    sources: list[str] = field(default_factory=list)
    origin: str = "suggested"
    evidence: str | None = None
    reason: str | None = None
    edited: bool = False
    medicine: bool = False
    """A medicine the clinician chose for the plan (a treatment option): it takes a dose."""
    dose: str | None = None
    """The dose as the clinician wrote it, printed exactly so; the program never suggests one."""
    instructions: str | None = None
    """How to take it, as the clinician wrote it."""

    @property
    def takes_dose(self) -> bool:
        return self.medicine or self.section in DOSED_SECTIONS


@dataclass(slots=True)
class CarePlan:
    language: str
    items: list[PlannedItem] = field(default_factory=list)
    follow_up_date: date | None = None
    clinician_name: str | None = None
    signed_at: datetime | None = None
    notes: str | None = None

    def section(self, name: str) -> list[PlannedItem]:
        return [item for item in self.items if item.section == name]

    def missing_doses(self) -> list[PlannedItem]:
        """The supplements and medicines without a dose written: signing warns of them, and the
        printed plan says the clinician will give the dose."""
        return [item for item in self.items if item.takes_dose and not (item.dose or "").strip()]


@dataclass(slots=True)
class VisitDecisions:
    """What the clinician decided about the rules' output during the visit, kept with the draft.

    `lab_order_choices` holds only the ticks the clinician changed (a suggested
    test stays ticked until unticked); `acknowledged_red_flags` the red flags
    the clinician has seen, which signing requires; `reviewed_steps` the steps
    the clinician has opened, so a step's state is the same after reopening and
    after signing; `carried_forward` what a follow-up visit took from the last
    one (field path -> that visit's date), until the clinician confirms it;
    `confirmed_results` lab values outside what a living body can have that
    the clinician confirmed as typed (test -> value).
    """

    lab_order_choices: dict[str, bool] = field(default_factory=dict)
    acknowledged_red_flags: list[str] = field(default_factory=list)
    reviewed_steps: list[str] = field(default_factory=list)
    carried_forward: dict[str, str] = field(default_factory=dict)
    confirmed_results: dict[str, float] = field(default_factory=dict)
