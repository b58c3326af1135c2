"""Sources and provenance, for the clinician: what each finding, red flag or plan item rests on.

For each cited work the dialog shows its full citation, whether it may be printed on the
patient's sources page (only works with a primary identifier are), and how the clinical
reference read it: the reference's own source strings, verbatim (mirrors, summaries, what was
not opened). None of this is printed for the patient.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.careplan import PlannedItem
from clinic_desktop.rules.evaluation import Evaluation


class CitedWork(Protocol):
    @property
    def primary(self) -> bool: ...

    @property
    def kind(self) -> str: ...

    @property
    def part_of(self) -> str | None: ...

    def full(self) -> str: ...


class CitationList(Protocol):
    """knowledge.citations.Citations, as far as the dialog reads it."""

    def resolve(self, cited: Iterable[str]) -> tuple[str, ...]: ...

    def get(self, citation_id: str) -> CitedWork: ...

    def provenance(self, citation_id: str) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class Cited:
    """One thing on screen that cites works: a finding, a red flag or a plan item."""

    key: str
    kind: str
    """Already translated: "Finding", "Red flag", "Plan item"."""
    text: str
    sources: tuple[str, ...]


class ProvenanceDialog(QDialog):
    """A list of what the visit shows on the left; its works and their provenance on the right."""

    def __init__(
        self,
        entries: Sequence[Cited],
        citations: CitationList,
        chosen: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("provenance_dialog")
        self.setWindowTitle(self.tr("Sources and provenance"))
        self.citations = citations
        self.entries = list(entries)
        self.list = QListWidget(self)
        self.list.setObjectName("provenance_list")
        self.list.setWordWrap(True)
        for entry in self.entries:
            item = QListWidgetItem(f"{entry.kind}: {entry.text}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
        self.details = QTextBrowser(self)
        self.details.setObjectName("provenance_details")
        self.details.setOpenExternalLinks(False)
        splitter = QSplitter(self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(1000, 620)
        self.list.currentRowChanged.connect(self.on_row_changed)
        keys = [entry.key for entry in self.entries]
        self.list.setCurrentRow(keys.index(chosen) if chosen in keys else 0)

    def on_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.details.setHtml(self.describe(self.entries[row]))
        else:
            self.details.clear()

    def describe(self, entry: Cited) -> str:
        """The entry's works as HTML; every text escaped (medicine names are typed by people)."""
        parts = [f"<p><b>{escape(entry.kind)}</b>: {escape(entry.text)}</p>"]
        ids = self.citations.resolve(entry.sources)
        if not ids:
            none = self.tr("No cited works.")
            parts.append(f"<p>{escape(none)}</p>")
        for number, citation_id in enumerate(ids, start=1):
            work = self.citations.get(citation_id)
            if work.kind == "coding":
                printed = self.tr("Not printed for the patient: a coding classification.")
            elif work.primary and work.part_of:
                printed = self.tr("Printed on the patient's sources page as the whole work.")
            elif work.primary:
                printed = self.tr("Printed on the patient's sources page.")
            else:
                printed = self.tr(
                    "Not printed for the patient: no primary identifier (a summary, mirror, "
                    "incomplete reference or a rule of this program)."
                )
            parts.append(
                f"<p><b>{number}. {escape(work.full())}</b><br/><i>{escape(printed)}</i></p>"
            )
            records = self.citations.provenance(citation_id)
            if records:
                heading = escape(self.tr("How the clinical reference read it:"))
                listed = "".join(f"<li>{escape(record)}</li>" for record in records)
                parts.append(f"<p>{heading}</p><ul>{listed}</ul>")
        return "".join(parts)


def evaluation_entries(
    evaluation: Evaluation, plan_items: Iterable[PlannedItem], kinds: dict[str, str]
) -> list[Cited]:
    """Every red flag, finding and plan item of a visit, in the order the window shows them.

    `kinds` holds the translated words for "red_flag", "finding" and "plan_item".
    """
    entries = [
        Cited(f"flag:{flag.id}", kinds["red_flag"], flag.text, flag.sources)
        for flag in evaluation.red_flags
    ]
    entries += [
        Cited(f"finding:{f.id}", kinds["finding"], f.text, f.sources) for f in evaluation.findings
    ]
    entries += [
        Cited(f"item:{item.id}", kinds["plan_item"], item.text, tuple(item.sources))
        for item in plan_items
    ]
    return entries
