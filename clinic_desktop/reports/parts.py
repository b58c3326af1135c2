"""What every document shares: the clinic's letterhead and footer, the patient's details, the
clinician's signature block (their printed name, credentials and licence, never the account
name), and the document itself around its blocks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from clinic_desktop.domain.assessment import Assessment, Patient
from clinic_desktop.domain.clinic import ClinicianProfile, ClinicProfile
from clinic_desktop.reports import document as model
from clinic_desktop.reports.labels import Labels


def letterhead(clinic: ClinicProfile, labels: Labels) -> model.Letterhead:
    lines = [line for line in clinic.address.splitlines() if line.strip()]
    if clinic.phone.strip():
        lines.append(f"{labels.phone}: {clinic.phone.strip()}")
    online = [
        f"{label}: {value.strip()}"
        for label, value in ((labels.email, clinic.email), (labels.website, clinic.website))
        if value.strip()
    ]
    if online:
        lines.append("  ·  ".join(online))
    return model.Letterhead(name=clinic.name, lines=tuple(lines), logo=clinic.logo)


def full_name(patient: Patient) -> str:
    return f"{patient.given_name} {patient.family_name}".strip()


def document(
    title: str,
    subject: str,
    blocks: Iterable[model.Block],
    clinic: ClinicProfile,
    labels: Labels,
    author: str,
    *,
    page_note: str = "",
) -> model.Document:
    """`blocks` under the clinic's letterhead, with its footer and "Page X of Y" in `labels`'
    language; `author` is the clinician who signs (the clinic when nobody is named)."""
    return model.Document(
        title=title,
        author=author or clinic.name,
        subject=subject,
        language=labels.language,
        page_label=labels.page_of,
        letterhead=letterhead(clinic, labels),
        blocks=tuple(blocks),
        footer=clinic.footer,
        page_note=page_note,
    )


def clinician_name(clinician: ClinicianProfile | None) -> str:
    """The clinician as documents name them: "Marta López, MD"; "" when nobody is named."""
    return clinician.printed_name if clinician is not None else ""


def patient_fields(
    assessment: Assessment, labels: Labels, clinician: str
) -> tuple[tuple[str, str], ...]:
    patient = assessment.patient
    rows = [
        (labels.patient.name, full_name(patient)),
        (labels.patient.mrn, patient.mrn),
        (labels.patient.birth_date, labels.format_date(patient.birth_date)),
        (labels.patient.sex, labels.sex(patient.sex)),
    ]
    if assessment.visit_date is not None:
        rows.append((labels.patient.visit_date, labels.format_date(assessment.visit_date)))
    if clinician:
        rows.append((labels.patient.clinician, clinician))
    return tuple(rows)


def signature(
    label: str,
    clinician: ClinicianProfile | None,
    labels: Labels,
    dated: date | None,
    *,
    signed: bool,
) -> model.Signature:
    """The signature block: the line, name, licence and date; the clinician's signature picture
    only on what they signed (an unsigned draft never carries it)."""
    lines: tuple[str, ...] = ()
    if clinician is not None and clinician.licence_number.strip():
        lines = (labels.licence.format(number=clinician.licence_number.strip()),)
    return model.Signature(
        label=label,
        name=clinician_name(clinician),
        date_label=labels.signature_date,
        date_text=labels.format_date(dated) if dated else "",
        lines=lines,
        image=clinician.signature if clinician is not None and signed else None,
    )
