"""Display names, in the clinician's language, for the registry's coded values (sex, language)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from clinic_desktop.domain.vocabulary import LANGUAGES, SEXES

_CONTEXT = "PatientLabels"


def sex_labels() -> dict[str, str]:
    """Each code of `SEXES` with its label, in the vocabulary's order."""
    names = {
        "female": QCoreApplication.translate(_CONTEXT, "Female"),
        "male": QCoreApplication.translate(_CONTEXT, "Male"),
        "other": QCoreApplication.translate(_CONTEXT, "Other"),
        "unknown": QCoreApplication.translate(_CONTEXT, "Unknown"),
    }
    return {code: names[code] for code in SEXES}


def language_labels() -> dict[str, str]:
    """Each code of `LANGUAGES` with its label, in the vocabulary's order."""
    names = {
        "en": QCoreApplication.translate(_CONTEXT, "English"),
        "es": QCoreApplication.translate(_CONTEXT, "Spanish"),
    }
    return {code: names[code] for code in LANGUAGES}


def not_recorded() -> str:
    return QCoreApplication.translate(_CONTEXT, "Not recorded")


def sex_label(code: str | None) -> str:
    # A code outside the vocabulary is shown as stored rather than hidden.
    return not_recorded() if code is None else sex_labels().get(code, code)


def language_label(code: str | None) -> str:
    return not_recorded() if code is None else language_labels().get(code, code)


def status_label(status: str) -> str:
    """A visit's status (draft, signed, amended) as the clinician reads it."""
    names = {
        "draft": QCoreApplication.translate(_CONTEXT, "Draft"),
        "signed": QCoreApplication.translate(_CONTEXT, "Signed"),
        "amended": QCoreApplication.translate(_CONTEXT, "Amended"),
    }
    return names.get(status, status)
