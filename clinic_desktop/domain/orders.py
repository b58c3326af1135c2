"""A lab order as it leaves the clinic, and a lab result as it comes back, as plain data.

The order is what the requisition prints: one number (the placer order number of every
message about it), the tests by LOINC, the reasons by ICD-10-CM, who ordered it and for
whom. A received result is what a laboratory's message said, before the program decides
where it belongs: nothing in it has been matched, converted or trusted yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from clinic_desktop.domain.assessment import Patient


@dataclass(frozen=True, slots=True)
class OrderedTest:
    test: str
    loinc: str | None
    display: str
    """The LOINC display name (English, as LOINC publishes it), else the test's name."""


@dataclass(frozen=True, slots=True)
class Diagnosis:
    code: str
    """An ICD-10-CM code."""
    display: str


@dataclass(frozen=True, slots=True)
class LabOrder:
    order_number: str
    ordered_on: date
    patient: Patient
    tests: tuple[OrderedTest, ...]
    reasons: tuple[Diagnosis, ...]
    clinician_name: str
    clinician_id: str | None
    """The ordering clinician's user name in this program, when known."""
    clinic_name: str
    sent_at: datetime
    """When the message is made (its MSH-7 / authoredOn); aware, any offset."""


@dataclass(frozen=True, slots=True)
class ReceivedPatient:
    """Who a laboratory says a result is for; any part may be missing."""

    mrn: str | None = None
    family_name: str | None = None
    given_name: str | None = None
    birth_date: date | None = None


@dataclass(frozen=True, slots=True)
class ReceivedResult:
    """One result exactly as a laboratory's file gave it (text unescaped, nothing converted)."""

    patient: ReceivedPatient
    position: str
    """Where in the file it was, for the clinician: "message 1, OBX 2" or "entry 3"."""
    placer_order_number: str | None = None
    code: str | None = None
    code_system: str | None = None
    """"LN" (or http://loinc.org) when `code` is a LOINC code."""
    display: str | None = None
    value: float | None = None
    value_text: str | None = None
    """The value as sent, also when it is not a number ("<5", "see note")."""
    unit: str | None = None
    reference_low: float | None = None
    reference_high: float | None = None
    reference_text: str | None = None
    flag: str | None = None
    """The laboratory's abnormal flag (HL7 table 0078 / FHIR interpretation code)."""
    status: str | None = None
    """The result status: HL7 table 0085 (F final, C corrected, P preliminary...)."""
    collected_at: str | None = None
    """When the sample was taken, ISO 8601 at the precision and offset the laboratory gave."""

    @property
    def loinc(self) -> str | None:
        if self.code_system in ("LN", "http://loinc.org"):
            return self.code
        return None
