"""What a follow-up's documents draw on: the patient's earlier visits, their cramp diary and, for
a revised plan, the signed visit it replaces; and the trends across them, built once for the
trends window and the printed plan alike.

The series themselves are built by rules.trends (labs by sample date against their band, the
history's measures per visit, the diary by week); here they are put together for one patient,
and the printed plan's choice of what matters is made: the labs that were out of range at any
visit, and the cramps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.domain.diary import DiaryEntry
from clinic_desktop.knowledge.lab_catalog import LabCatalog
from clinic_desktop.rules.evaluation import Evaluation
from clinic_desktop.rules.trends import Trend, band_position, diary_trends, trends

if TYPE_CHECKING:
    # Only named: the render worker process imports this module and needs no database library.
    from clinic_desktop.services.assessments import StoredAssessment

CRAMP_MEASURES = (
    "episodes_per_week",
    "diary_cramps_per_week",
    "pain_score",
    "diary_intensity",
)
"""The cramps' frequency and intensity, as told at the visits and as written in the diary."""
OUT_OF_RANGE_FLAGS = frozenset({"L", "H", "LL", "HH", "LU", "HU", "A", "AA"})


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Everything the printed plan of one visit needs beyond the visit itself; every field pickles
    (a render worker process receives it)."""

    earlier: tuple[Assessment, ...] = ()
    """The patient's other signed visits up to this one's date, oldest first; none at a first visit."""
    diary: tuple[DiaryEntry, ...] = ()
    """The patient's cramp diary up to this visit's date."""
    revises: Assessment | None = None
    """The signed visit an addendum replaces (its plan is reprinted as revised)."""
    revises_plan: CarePlan | None = None
    revises_signed_on: date | None = None


class _Visits(Protocol):
    def current_visits(self, patient_id: int) -> Sequence[StoredAssessment]: ...
    def load(self, assessment_id: int) -> StoredAssessment: ...


class _Diary(Protocol):
    def entries(self, patient_id: int) -> Sequence[DiaryEntry]: ...


def read_follow_up(visits: _Visits, diary: _Diary | None, stored: StoredAssessment) -> FollowUp:
    """The follow-up data of visit `stored`, read from the records (off the GUI thread).

    Drafts of other visits are left out: a patient's page shows only what a clinician signed."""
    day = stored.assessment.visit_date
    earlier = tuple(
        v.assessment
        for v in visits.current_visits(stored.patient_id)
        if v.id not in (stored.id, stored.amends_id)
        and v.status != "draft"
        and (day is None or v.assessment.visit_date is None or v.assessment.visit_date <= day)
    )
    entries = tuple(
        e
        for e in (diary.entries(stored.patient_id) if diary is not None else ())
        if day is None or e.occurred_on <= day
    )
    if stored.amends_id is None:
        return FollowUp(earlier, entries)
    original = visits.load(stored.amends_id)
    signed = original.signed_at
    return FollowUp(
        earlier,
        entries,
        revises=original.assessment,
        revises_plan=original.care_plan,
        revises_signed_on=signed.date() if signed is not None else None,
    )


def patient_trends(
    visits: Sequence[Assessment],
    evaluate: Callable[[Assessment], Evaluation],
    catalog: LabCatalog,
    diary: Sequence[DiaryEntry] = (),
    *,
    language: str = "en",
) -> tuple[Trend, ...]:
    """Every trend of the patient: the history's measures and labs over `visits`, then the
    diary; the values as recorded written as `language` writes numbers."""
    return (
        *trends([(a, evaluate(a)) for a in visits], catalog, language=language),
        *diary_trends(diary, language=language),
    )


def out_of_range(trend: Trend) -> bool:
    """A lab that was out of range at any visit: outside the band drawn, or flagged by the rules."""
    return trend.kind == "lab" and any(
        band_position(p, trend) in ("above", "below") or (p.flag or "") in OUT_OF_RANGE_FLAGS
        for p in trend.points
    )


def trends_that_matter(found: Sequence[Trend]) -> tuple[Trend, ...]:
    """What a follow-up plan draws: the cramps' frequency and intensity (told and written down),
    then each lab that was out of range at any visit, in the order `found` gives them."""
    cramps = sorted(
        (t for t in found if t.measure in CRAMP_MEASURES and t.points),
        key=lambda t: CRAMP_MEASURES.index(t.measure),
    )
    return (*cramps, *(t for t in found if out_of_range(t)))
