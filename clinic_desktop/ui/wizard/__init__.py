"""The assessment wizard: one page per step of the visit, bound to the plain models.

Import `clinic_desktop.ui.wizard.wizard` for `AssessmentWizard`: the package itself imports
nothing, so that the session can import the pages one event-loop turn at a time.
"""
