"""The clinic's own details, printed on the letterhead of every document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class ClinicProfile:
    name: str = "Clinic"
    address: str = ""
    phone: str = ""
    logo_path: str | None = None
    clinician_name: str = ""
