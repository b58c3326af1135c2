"""The works the clinical knowledge cites, as data, and how each was read (its provenance).

`citations.yaml` holds each work once (authors, title, journal or publisher, year, DOI, PMID or
the publisher's URL); every other knowledge file names works by id. `provenance.yaml` keeps
the clinical reference's own source strings, verbatim, each with the ids it names: what was
read where and how far it was checked, for the clinician's eyes only. Patients see only
`primary` citations, short and numbered; `evaluate` prints full citations, never provenance.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from clinic_desktop.knowledge.base import StrictModel
from clinic_desktop.knowledge.yaml_loader import load_yaml_model

CitationKind = Literal["primary", "secondary", "incomplete", "program", "coding"]
"""primary: a published work a patient's page may list. secondary: read through a copy or a
summary. incomplete: not enough to cite. program: this program's own statement. coding: a
classification (ICD-10-CM) cited for its codes, which are the clinician's, never a patient's."""
_ID = r"^[a-z0-9_]+$"
# Above this many named authors, the patient's page shows the first three and "et al.".
_SHORT_AUTHORS = 3

_known_ids: contextvars.ContextVar[frozenset[str] | None] = contextvars.ContextVar(
    "citation_ids", default=None
)


def _known(citation_id: str) -> str:
    """A citation id the citation list holds (the one being loaded, else the shipped one)."""
    known = _known_ids.get()
    if known is None:
        known = _shipped_ids()
    if citation_id not in known:
        raise ValueError(f"unknown citation id {citation_id!r} (citations.yaml)")
    return citation_id


CitationId = Annotated[str, Field(pattern=_ID), AfterValidator(_known)]
Cites = Annotated[tuple[CitationId, ...], Field(min_length=1)]
"""The works a rule, text or value rests on: one or more ids of citations.yaml."""


@contextlib.contextmanager
def citing(ids: Iterable[str]) -> Iterator[None]:
    """Check citation ids against `ids` while the other knowledge files of one folder load."""
    token = _known_ids.set(frozenset(ids))
    try:
        yield
    finally:
        _known_ids.reset(token)


class Citation(StrictModel):
    id: str = Field(pattern=_ID)
    kind: CitationKind = "primary"
    authors: str | None = None
    title: str = Field(min_length=1)
    journal: str | None = None
    publisher: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    details: str | None = None
    """Volume, issue and pages, a report number, or an edition."""
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    pmid: str | None = Field(default=None, pattern=r"^\d{1,9}$")
    bookshelf: str | None = Field(default=None, pattern=r"^NBK\d+$")
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    part_of: str | None = Field(default=None, pattern=_ID)
    """A part of another work (a guideline's executive summary): a patient's page lists the
    whole work once, not its parts beside it."""

    @model_validator(mode="after")
    def _citable(self) -> Citation:
        if self.journal is not None and self.publisher is not None:
            raise ValueError("a work appears in a journal or from a publisher, not both")
        if self.kind == "primary" and not self.identifiers():
            raise ValueError(
                "a primary citation needs a DOI, PMID, NCBI Bookshelf id or the publisher's URL; "
                "without one, mark it kind: secondary, incomplete or program"
            )
        return self

    @property
    def primary(self) -> bool:
        """Whether the work may be printed on a patient's sources page."""
        return self.kind == "primary"

    def identifiers(self) -> tuple[str, ...]:
        """Its identifiers as printed, the most lasting first."""
        found = [
            f"doi:{self.doi}" if self.doi else "",
            f"PMID {self.pmid}" if self.pmid else "",
            f"NCBI Bookshelf {self.bookshelf}" if self.bookshelf else "",
            self.url or "",
        ]
        return tuple(part for part in found if part)

    def _where(self, details: bool = True) -> str:
        """Journal or publisher with the year and details: "Neurology 2010;74(8):691-696"."""
        if self.journal is not None:
            text = self.journal
            if self.year is not None:
                text += f" {self.year}"
            if self.details and details:
                text += f";{self.details}" if self.year is not None else f" {self.details}"
            return text
        parts = [p for p in (self.publisher, str(self.year) if self.year else None) if p]
        text = ", ".join(parts)
        if self.details and details:
            text = f"{text} ({self.details})" if text else self.details
        return text

    def full(self) -> str:
        """The whole citation as `evaluate` prints it: every detail and identifier we hold."""
        return _sentences([self.authors, self.title, self._where(), *self.identifiers()])

    def short(self) -> str:
        """The citation for a patient's page: few authors, one identifier."""
        ids = self.identifiers()
        where = self._where(details=False)
        return _sentences([_few_authors(self.authors), self.title, where, *ids[:1]])


def _few_authors(authors: str | None) -> str | None:
    if authors is None:
        return None
    names = [name.strip() for name in authors.split(";")[0].split(",")]
    if len(names) <= _SHORT_AUTHORS:
        return authors
    shown = [n for n in names[:_SHORT_AUTHORS] if n != "et al."]
    return ", ".join(shown) + ", et al."


def _sentences(parts: Iterable[str | None]) -> str:
    """Parts joined as "A. B. C.", never doubling a full stop a part already ends with."""
    out = []
    for part in parts:
        if not part:
            continue
        text = part.strip()
        out.append(text if re.search(r"[.?!]$", text) or text.startswith("http") else text + ".")
    return " ".join(out)


class ProvenanceRecord(StrictModel):
    """One of the reference's source strings, verbatim, and the works it names."""

    cites: Cites
    text: str = Field(min_length=1)
    own: bool = False
    """A string this program composed (reference strings joined, or its own statement)."""


class CitationFile(StrictModel):
    version: Literal[1]
    citations: tuple[Citation, ...]

    @model_validator(mode="after")
    def _unique(self) -> CitationFile:
        ids = [c.id for c in self.citations]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate citation id(s) {duplicates}")
        unknown = sorted({c.part_of for c in self.citations if c.part_of and c.part_of not in ids})
        if unknown:
            raise ValueError(f"part_of names no citation: {unknown}")
        return self


class ProvenanceFile(StrictModel):
    version: Literal[1]
    records: tuple[ProvenanceRecord, ...]


@dataclass(frozen=True, slots=True)
class PatientSource:
    """A citation as a patient's page numbers it."""

    number: int
    text: str


class Citations:
    """The citation list and the provenance of each work, looked up by id."""

    def __init__(self, citations: CitationFile, provenance: ProvenanceFile) -> None:
        self._by_id = {c.id: c for c in citations.citations}
        self._records = provenance.records
        self._by_text = {r.text: r.cites for r in provenance.records}

    def __contains__(self, citation_id: object) -> bool:
        return citation_id in self._by_id

    def __iter__(self) -> Iterator[Citation]:
        return iter(self._by_id.values())

    def get(self, citation_id: str) -> Citation:
        return self._by_id[citation_id]

    def resolve(self, cited: Iterable[str]) -> tuple[str, ...]:
        """Citation ids from what an item holds: ids, or (plans saved before citations were data)
        the reference's verbatim source strings; anything else is left out."""
        ids: list[str] = []
        for value in cited:
            if value in self._by_id:
                ids.append(value)
            else:
                ids.extend(self._by_text.get(value, ()))
        return tuple(dict.fromkeys(ids))

    def full(self, cited: Iterable[str]) -> tuple[str, ...]:
        """Every cited work once, as full citation strings (what `evaluate` prints)."""
        return tuple(self._by_id[i].full() for i in self.resolve(cited))

    def for_patient(self, cited: Iterable[str]) -> tuple[Citation, ...]:
        """The cited works a patient's page may print: primary ones only, each once, a part of
        a work (an executive summary) as the whole work."""
        works: dict[str, Citation] = {}
        for citation_id in self.resolve(cited):
            citation = self._by_id[citation_id]
            if citation.part_of is not None and citation.part_of in self._by_id:
                citation = self._by_id[citation.part_of]
            if citation.primary:
                works.setdefault(citation.id, citation)
        return tuple(works.values())

    def provenance(self, citation_id: str) -> tuple[str, ...]:
        """How the work was read: each reference source string that names it."""
        return tuple(r.text for r in self._records if citation_id in r.cites)


@functools.cache
def _shipped_ids() -> frozenset[str]:
    from clinic_desktop.paths import resource_path

    document = load_yaml_model(resource_path("clinical", "citations.yaml"), CitationFile)
    return frozenset(c.id for c in document.citations)


def load_citations(directory: Path | None = None) -> Citations:
    """The citation list and provenance of `directory` (default: the shipped resources/clinical)."""
    from clinic_desktop.paths import resource_path

    folder = directory or resource_path("clinical")
    citations = load_yaml_model(folder / "citations.yaml", CitationFile)
    with citing(c.id for c in citations.citations):
        provenance = load_yaml_model(folder / "provenance.yaml", ProvenanceFile)
    return Citations(citations, provenance)
