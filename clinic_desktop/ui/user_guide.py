"""Help > User guide (F1): how a visit goes, and every keyboard shortcut, in the window's language.

The shortcut table is made from ui/shortcuts.py, the same table the window binds its keys from.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from clinic_desktop.ui.shortcuts import SHORTCUTS


class UserGuideDialog(QDialog):
    """A window beside the work (not modal): the guide stays open while the clinician tries it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user_guide")
        self.setWindowTitle(self.tr("Clinic Desktop user guide"))
        self.setModal(False)
        self.resize(640, 560)
        self.text = QTextBrowser(self)
        self.text.setObjectName("user_guide_text")
        self.text.setOpenLinks(False)
        self.text.setHtml(self.guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def places(self) -> dict[str, str]:
        return {
            "everywhere": self.tr("Everywhere"),
            "patient list": self.tr("Patient list"),
            "visit": self.tr("During a visit"),
            "document": self.tr("A document on screen (care plan, requisition)"),
        }

    def guide_html(self) -> str:
        steps = [
            self.tr("Find the patient: type part of the name, the MRN or the date of birth."),
            self.tr(
                "A click shows the patient and their visits; Enter or a double click opens "
                "the patient, and New assessment starts the visit."
            ),
            self.tr(
                "Go through the steps on the left. Each step saves as you type; a step can "
                "hold a note of its own."
            ),
            self.tr(
                "Sign: the window shows what will be signed and asks for your password. "
                "A signed visit is read-only; a correction is an amendment."
            ),
            self.tr("Print the care plan in the patient's language, or save it as a PDF file."),
        ]
        visit_title = self.tr("A visit, step by step")
        keys_title = self.tr("Keyboard shortcuts")
        parts = [f"<h2>{escape(visit_title)}</h2>", "<ol>"]
        parts += [f"<li>{escape(step)}</li>" for step in steps]
        parts.append("</ol>")
        parts.append(f"<h2>{escape(keys_title)}</h2>")
        for place, title in self.places().items():
            rows = [s for s in SHORTCUTS if s.where == place]
            parts.append(f"<h3>{escape(title)}</h3><table cellpadding='3'>")
            for shortcut in rows:
                parts.append(
                    f"<tr><td><b>{escape(shortcut.native_text())}</b></td>"
                    f"<td>{escape(shortcut.description())}</td></tr>"
                )
            parts.append("</table>")
        parts.append(
            "<p>"
            + escape(
                self.tr(
                    "An underlined letter in a button or menu is its key: hold Alt and press the "
                    "letter (Alt+N for Next). Tab and Shift+Tab move between fields; Space ticks "
                    "a box or presses a button; Enter presses the button that has the focus."
                )
            )
            + "</p>"
        )
        return "".join(parts)
