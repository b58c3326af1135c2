"""The window's few style rules, kept in code so every way of shipping the program carries them."""

from __future__ import annotations

# A field marked invalid gets a red border; its message sits below it in the same red.
# The colour passes WCAG AA contrast on the default light background.
STYLE_SHEET = """
QLineEdit[invalid="true"], QComboBox[invalid="true"] {
    border: 2px solid #b3261e;
    border-radius: 3px;
    padding: 1px;
}
QLabel[role="field-error"], QLabel[role="form-error"] {
    color: #b3261e;
}
QLabel[role="patient-name"] {
    font-size: 15pt;
    font-weight: 600;
}
"""
