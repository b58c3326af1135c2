"""Every keyboard shortcut of the program, in one table: the window binds them from here, and
Help > User guide lists them from here, so the guide cannot fall behind the keys.

A shortcut's keys are unique across the places that can be on screen together; the tests walk
the live window and fail on a key bound twice or bound without being listed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence


@dataclass(frozen=True)
class Shortcut:
    id: str
    keys: tuple[str, ...]
    """Portable key texts (QKeySequence.PortableText), the first one shown in menus and the guide."""
    where: str
    """"everywhere", "patient list", "visit" or "document"."""

    def sequences(self) -> list[QKeySequence]:
        return [QKeySequence(keys) for keys in self.keys]

    def native_text(self) -> str:
        """The keys as this platform writes them (Ctrl+PgDown), alternatives joined by "or"."""
        texts = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in self.sequences()]
        return QCoreApplication.translate("Shortcuts", " or ").join(texts)

    def description(self) -> str:
        return _descriptions()[self.id]


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("new_patient", ("Ctrl+N",), "patient list"),
    Shortcut("find_patient", ("Ctrl+F",), "patient list"),
    Shortcut("open_patient", ("Return",), "patient list"),
    Shortcut("back_to_search", ("Esc",), "patient list"),
    Shortcut("new_assessment", ("Ctrl+Shift+A",), "patient list"),
    Shortcut("edit_patient", ("Ctrl+E",), "patient list"),
    Shortcut("next_step", ("Ctrl+PgDown",), "visit"),
    Shortcut("previous_step", ("Ctrl+PgUp",), "visit"),
    Shortcut("go_to_step", tuple(f"Alt+{n}" for n in range(1, 8)), "visit"),
    Shortcut("compare_visits", ("Ctrl+Shift+C",), "visit"),
    Shortcut("trends", ("Ctrl+Shift+T",), "visit"),
    Shortcut("cramp_diary", ("Ctrl+Shift+D",), "visit"),
    Shortcut("print", ("Ctrl+P",), "document"),
    Shortcut("save_as", ("Ctrl+Shift+S",), "document"),
    Shortcut("back_to_visit", ("Alt+Left",), "document"),
    Shortcut("import_results", ("Ctrl+Shift+I",), "everywhere"),
    Shortcut("close_page", ("Ctrl+W",), "everywhere"),
    Shortcut("lock", ("Ctrl+L",), "everywhere"),
    Shortcut("user_guide", ("F1",), "everywhere"),
    Shortcut("quit", ("Ctrl+Q",), "everywhere"),
)

BY_ID = {shortcut.id: shortcut for shortcut in SHORTCUTS}


def _descriptions() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "new_patient": translate("Shortcuts", "Register a new patient"),
        "find_patient": translate("Shortcuts", "Go to the patient search"),
        "open_patient": translate(
            "Shortcuts", "Open the patient found (in the search field or the list of patients)"
        ),
        "back_to_search": translate("Shortcuts", "From the list of patients back to the search"),
        "new_assessment": translate("Shortcuts", "Start a new assessment of the open patient"),
        "edit_patient": translate("Shortcuts", "Correct the open patient's details"),
        "next_step": translate("Shortcuts", "Next step of the visit"),
        "previous_step": translate("Shortcuts", "Previous step of the visit"),
        "go_to_step": translate("Shortcuts", "Go to step 1 to 7 of the visit"),
        "compare_visits": translate(
            "Shortcuts", "Compare this visit with the previous one (or any earlier one)"
        ),
        "trends": translate("Shortcuts", "Trends of labs and cramps across the patient's visits"),
        "cramp_diary": translate("Shortcuts", "Type in the patient's cramp diary"),
        "print": translate("Shortcuts", "Print the document on screen"),
        "save_as": translate("Shortcuts", "Save the document on screen as a PDF file"),
        "back_to_visit": translate("Shortcuts", "From a document back to the visit"),
        "import_results": translate(
            "Shortcuts", "Import a laboratory's results file (HL7 v2 or FHIR)"
        ),
        "close_page": translate("Shortcuts", "Close the page on screen (a visit is saved first)"),
        "lock": translate("Shortcuts", "Lock the window now (your password unlocks it)"),
        "user_guide": translate("Shortcuts", "This user guide"),
        "quit": translate("Shortcuts", "Quit Clinic Desktop"),
    }


def bind(action: QAction, shortcut_id: str) -> QAction:
    """Give `action` the keys of the shortcut `shortcut_id` (KeyError for one not listed)."""
    action.setShortcuts(BY_ID[shortcut_id].sequences())
    return action


def everywhere(action: QAction, shortcut_id: str) -> QAction:
    """`bind`, and the keys work wherever the program has the keyboard, dialogs included."""
    bind(action, shortcut_id)
    action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    return action
