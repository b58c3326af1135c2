"""The patient registry: search, the patient's visits, and the dialog that creates or edits a patient."""
