"""The assessment wizard: one page per step of the visit, bound to the plain models."""

from clinic_desktop.ui.wizard.wizard import AssessmentWizard

__all__ = ["AssessmentWizard"]
