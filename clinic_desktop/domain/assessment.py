"""One visit's assessment as plain data, shaped like the assessment exchange format.

Every field that the clinician may leave out is optional: `None` means "not
assessed", never "normal", and an empty list means "assessed, none found".
The vocabularies (which strings a field may hold) live in `vocabulary.py`.
The models are mutable because the wizard's pages write edits into them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class Patient:
    mrn: str
    family_name: str
    given_name: str
    birth_date: date
    sex: str | None = None
    pregnant: bool | None = None
    pregnancy_weeks: int | None = None
    language: str | None = None

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    def age_on(self, day: date) -> int:
        """Completed years of age on `day`."""
        had_birthday = (day.month, day.day) >= (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - (0 if had_birthday else 1)


@dataclass(slots=True)
class History:
    presentations: list[str] | None = None
    sites: list[str] | None = None
    episodes_per_week: float | None = None
    episode_duration_seconds: float | None = None
    pain_score: int | None = None
    penn_spasm_frequency: int | None = None
    triggers: list[str] | None = None
    symptoms: list[str] | None = None
    dark_urine: bool | None = None
    progressive: bool | None = None
    conditions: list[str] | None = None
    site_sides: dict[str, str] | None = None
    """The side of each site in `sites` that has one recorded (left, right or bilateral), an input
    extension (docs/input-extensions.md): `sites` stays the contract's list of ids."""


@dataclass(slots=True)
class StrengthGrade:
    muscle: str
    side: str
    mrc: str


@dataclass(slots=True)
class ReflexGrade:
    reflex: str
    side: str
    grade: str


@dataclass(slots=True)
class ToneGrade:
    muscle: str
    side: str
    modified_ashworth: str


@dataclass(slots=True)
class SiteFinding:
    """A fasciculation, atrophy or sensory-loss finding at a body site."""

    site: str
    side: str
    modality: str | None = None


@dataclass(slots=True)
class PlantarResponses:
    left: str | None = None
    right: str | None = None


@dataclass(slots=True)
class AnkleClonus:
    left: bool | None = None
    right: bool | None = None


@dataclass(slots=True)
class Exam:
    strength: list[StrengthGrade] | None = None
    reflexes: list[ReflexGrade] | None = None
    tone: list[ToneGrade] | None = None
    plantar: PlantarResponses | None = None
    ankle_clonus: AnkleClonus | None = None
    fasciculations: list[SiteFinding] | None = None
    atrophy: list[SiteFinding] | None = None
    sensory_loss: list[SiteFinding] | None = None
    chvostek: bool | None = None
    trousseau: bool | None = None


@dataclass(slots=True)
class LabResult:
    """A result as the laboratory reported it, in the unit it came in."""

    test: str
    value: float
    unit: str
    loinc: str | None = None
    reference_low: float | None = None
    reference_high: float | None = None
    collected_at: str | None = None
    """When the sample was taken, ISO 8601 as the laboratory gave it (a date, or a date and time
    with or without its UTC offset), never shifted: an input extension (docs/input-extensions.md)."""


@dataclass(slots=True)
class AnklePressures:
    dorsalis_pedis: float | None = None
    posterior_tibial: float | None = None


@dataclass(slots=True)
class BrachialPressures:
    left: float | None = None
    right: float | None = None


@dataclass(slots=True)
class AnklePressuresBySide:
    left: AnklePressures | None = None
    right: AnklePressures | None = None


@dataclass(slots=True)
class PulseGrade:
    artery: str
    side: str
    grade: int


@dataclass(slots=True)
class Vascular:
    brachial_systolic_mmhg: BrachialPressures | None = None
    ankle_systolic_mmhg: AnklePressuresBySide | None = None
    pulses: list[PulseGrade] | None = None
    capillary_refill_seconds: float | None = None
    claudication: bool | None = None


@dataclass(slots=True)
class Medication:
    name: str
    dose: str | None = None
    started: str | None = None


@dataclass(slots=True)
class Vitals:
    """Vital signs: an extension of the exchange format that some red flags use (docs/input-extensions.md).

    `temperature_c` is a temperature taken at any site; `core_temperature_c` one measured centrally
    (rectal, oesophageal), which the heat-stroke red flag asks for.
    """

    temperature_c: float | None = None
    core_temperature_c: float | None = None
    heart_rate_bpm: float | None = None
    systolic_bp_mmhg: float | None = None
    diastolic_bp_mmhg: float | None = None
    respiratory_rate_per_min: float | None = None
    oxygen_saturation_percent: float | None = None


@dataclass(slots=True)
class Assessment:
    patient: Patient
    visit_date: date | None = None
    history: History | None = None
    exam: Exam | None = None
    labs: list[LabResult] | None = None
    vascular: Vascular | None = None
    medications: list[Medication] | None = None
    vitals: Vitals | None = None
    context: list[str] | None = field(default=None)
    """Circumstances and documented findings the exchange format has no field for (ids of the red-flag
    vocabulary in resources/clinical/red_flags.yaml `context_vocabulary`; see docs/input-extensions.md)."""
    notes: dict[str, str] | None = None
    """The clinician's narrative per step of the visit (vocabulary.VISIT_STEPS), an input extension."""
