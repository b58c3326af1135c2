"""The wording of printed documents in each language, and dates written the way that language writes them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from clinic_desktop.knowledge.yaml_loader import load_yaml_model
from clinic_desktop.paths import resource_path


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PatientLabels(_Strict):
    name: str
    mrn: str
    birth_date: str
    sex: str
    visit_date: str
    clinician: str


class TrendLabels(_Strict):
    """The follow-up plan's small chart of what matters for this patient."""

    title: str
    caption: str
    frequency: str
    intensity: str
    band: str
    band_low: str
    band_high: str
    key_band: str
    key_cramps: str
    more: str
    """The labs out of range that do not fit the chart: "{names}"."""


class RevisionLabels(_Strict):
    """A revised plan (an addendum's): what it replaces, and what changed, in plain words."""

    note: str
    changed: str
    unchanged: str
    red_flag_new: str
    red_flag_gone: str
    finding_new: str
    finding_gone: str
    plan_item_new: str
    plan_item_gone: str
    result_new: str
    low: str
    high: str


class CarePlanLabels(_Strict):
    title: str
    subject: str
    unsigned: str
    summary: str
    summary_none: str
    sections: dict[str, str]
    section_empty: str
    dose: str
    """The clinician's dose, printed as written: "Dose: {dose}"."""
    instructions: str
    dose_pending: str
    """Said of a supplement or medicine without a dose written: the clinician will give it."""
    call_on: str
    """" on {phone}": the clinic's number after "call the clinic", when it has one."""
    steps: str
    reason: str
    seek_help: str
    seek_help_none: str
    urgency: dict[str, str]
    referral_targets: dict[str, str]
    referral: str
    pending_labs: str
    pending_labs_intro: str
    pending_labs_none: str
    follow_up_date: str
    follow_up_none: str
    notes: str
    signature: str
    diary_title: str
    diary_intro: str
    diary_columns: list[str] = Field(min_length=6, max_length=6)
    sources_title: str
    sources_intro: str
    sources_none: str
    trends: TrendLabels
    revision: RevisionLabels


class RequisitionLabels(_Strict):
    title: str
    subject: str
    order_number: str
    order_date: str
    ordering_clinician: str
    tests: str
    columns: list[str] = Field(min_length=3, max_length=3)
    no_tests: str
    reasons: str
    reasons_none: str
    signature: str


class SummaryLabels(_Strict):
    """The visit summary: the clinician's record of the visit, in the interface's language."""

    title: str
    subject: str
    draft: str
    signed_on: str
    language_names: dict[str, str]
    plan_language: str
    note: str
    none: str
    not_assessed: str
    yes: str
    no: str
    history: str
    history_fields: dict[str, str]
    vitals: str
    vital_fields: dict[str, str]
    examination: str
    strength: str
    reflexes: str
    tone: str
    muscle: str
    reflex: str
    plantar: str
    clonus: str
    present: str
    absent: str
    signs: str
    sign_fields: dict[str, str]
    labs: str
    lab_columns: list[str] = Field(min_length=6, max_length=6)
    interval_default: str
    """Footnote of an interval marked *: the program's default, the laboratory gave none."""
    flags: dict[str, str]
    derived: dict[str, str]
    vascular: str
    abi_columns: list[str] = Field(min_length=3, max_length=3)
    vascular_fields: dict[str, str]
    hormonal: str
    medications: str
    medication_columns: list[str] = Field(min_length=3, max_length=3)
    review_notes: str
    findings: str
    red_flags: str
    urgency: str
    referral: str
    action: str
    acknowledged_by: str
    acknowledged: str
    not_acknowledged: str
    diagnoses: str
    diagnosis_columns: list[str] = Field(min_length=2, max_length=2)
    plan: str
    dose: str
    instructions: str
    dose_missing: str
    follow_up: str
    plan_notes: str
    signature: str


class ReferralLabels(_Strict):
    """The referral letter to the service a red flag names, in the interface's language."""

    title: str
    subject: str
    to: str
    urgency: str
    greeting: str
    opening: str
    """"{patient}", "{age}", "{date}": who is referred, and when they were seen."""
    reasons: str
    findings: str
    medications: str
    results: str
    diagnoses: str
    closing: str
    regards: str
    signature: str


class Labels(_Strict):
    language: str
    date_format: str
    months: list[str] = Field(min_length=12, max_length=12)
    decimal_mark: str = Field(pattern=r"^[.,]$")
    page_of: str
    phone: str
    email: str
    website: str
    licence: str
    """The clinician's licence number under their name: "Licence no. {number}"."""
    signature_date: str
    sexes: dict[str, str]
    patient: PatientLabels
    careplan: CarePlanLabels
    requisition: RequisitionLabels
    summary: SummaryLabels
    referral: ReferralLabels

    def format_date(self, day: date) -> str:
        """`day` as this language writes it in prose: "23 November 2026", "23 de noviembre de 2026"."""
        return self.date_format.format(day=day.day, month=self.months[day.month - 1], year=day.year)

    def format_short_date(self, day: date) -> str:
        """`day` in short: "23 Nov 2026", "23 nov 2026" (a chart's axis)."""
        return f"{day.day} {self.months[day.month - 1][:3]} {day.year}"

    def format_number(self, value: float | Decimal | int | None) -> str:
        """A number as this language writes it: "1.5", "1,5"; whole numbers without ".0"."""
        if value is None:
            return ""
        text = format(Decimal(str(value)).normalize(), "f")
        return text.replace(".", self.decimal_mark)

    def sex(self, code: str | None) -> str:
        return self.sexes.get(code or "unknown", code or "")


@cache
def load_labels(language: str, directory: Path | None = None) -> Labels:
    """The labels of `language` ("en" or "es"); another code is a ValueError naming it."""
    folder = directory or resource_path("reports")
    path = folder / f"labels_{language}.yaml"
    if not path.is_file():
        raise ValueError(f"language: no printed wording for '{language}' (known: en, es)")
    return load_yaml_model(path, Labels)
