"""What changed between two evaluations of one visit: the signed visit and its addendum.

Results that arrive for a signed visit open an addendum (services.results_import); the rules
run again on it, and before the clinician signs it they see what the new results changed:
findings and red flags that are new or resolved, the care-plan items the rules now suggest or
no longer suggest, the plan's items added or dropped, and the results that were not there.
Nothing here judges anything itself: it compares what the rules (each cited) said twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from clinic_desktop.domain.assessment import LabResult
from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.rules.evaluation import Evaluation

KINDS = ("red_flag", "finding", "suggestion", "plan_item", "result")
"""What a change is about, most urgent first (the order the window lists them in)."""


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    """One of KINDS."""
    id: str
    text: str
    """As the later evaluation (or the earlier one, for what went away) words it."""
    new: bool
    """True: there now and not before (new, added, suggested); False: gone (resolved, dropped)."""


@dataclass(frozen=True, slots=True)
class VisitChanges:
    changes: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of(self, kind: str, *, new: bool) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == kind and c.new is new)


def _diff(
    kind: str, before: Iterable[tuple[str, str]], after: Iterable[tuple[str, str]]
) -> list[Change]:
    """Entries (id, text) of `after` missing from `before` (new) and the other way (gone)."""
    earlier, later = dict(before), dict(after)
    added = [Change(kind, key, text, True) for key, text in later.items() if key not in earlier]
    gone = [Change(kind, key, text, False) for key, text in earlier.items() if key not in later]
    return added + gone


def _result_key(result: LabResult) -> str:
    return f"{result.test}|{result.value!r}|{result.unit}|{result.collected_at or ''}"


def _result_text(result: LabResult) -> str:
    text = f"{result.test} {result.value:g} {result.unit}"
    return f"{text} ({result.collected_at})" if result.collected_at else text


def what_changed(
    before: Evaluation,
    after: Evaluation,
    *,
    plan_before: CarePlan | None = None,
    plan_after: CarePlan | None = None,
    labs_before: Sequence[LabResult] = (),
    labs_after: Sequence[LabResult] = (),
) -> VisitChanges:
    """What `after` (the addendum as it stands) has that `before` (the signed visit) had not,
    and what it lost, in the order of KINDS."""
    changes = [
        *_diff(
            "red_flag",
            ((f.id, f.text) for f in before.red_flags),
            ((f.id, f.text) for f in after.red_flags),
        ),
        *_diff(
            "finding",
            ((f.id, f.text) for f in before.findings),
            ((f.id, f.text) for f in after.findings),
        ),
        *_diff(
            "suggestion",
            ((i.id, i.text) for i in before.care_plan),
            ((i.id, i.text) for i in after.care_plan),
        ),
        *_diff(
            "plan_item",
            ((i.id, i.text) for i in (plan_before.items if plan_before else ())),
            ((i.id, i.text) for i in (plan_after.items if plan_after else ())),
        ),
        *_diff(
            "result",
            ((_result_key(r), _result_text(r)) for r in labs_before),
            ((_result_key(r), _result_text(r)) for r in labs_after),
        ),
    ]
    return VisitChanges(tuple(changes))
