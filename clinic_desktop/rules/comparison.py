"""A follow-up visit beside an earlier one: each measure, before and now, better or worse.

Which way counts as better is the scale's own, never a new threshold:
- MRC strength grades 0-5 (with the 4-, 4+, 5- steps): a higher grade is stronger
  (knowledge scales.mrc: mrc_1976_peripheral_nervous_system, bmc_res_notes_2014_mrc_grades).
- Reflexes 0 to 4+: 2+ is the normal grade, 0 and 1+ reduced, 3+ and 4+ brisk (knowledge
  grades.reduced_reflex / brisk_reflex: nlm_cde_reflex_grade, msu_neuroexam_reflexes); nearer to
  2+ is better, and a grade as far on the other side is a change, neither better nor worse.
- Modified Ashworth 0-4 (with 1+): a lower grade is less spasticity (statpearls_modified_ashworth,
  bohannon_1987_modified_ashworth).
- Penn spasm frequency 0-4 (ninds_cde_penn_spasm) and pain 0-10: lower is better; so are cramp
  episodes per week and their length (the history's own measures of the complaint).
- Labs: as the rules judged each against its interval (labs.yaml, each interval cited): into the
  interval, or from critical (LL, HH) to merely out of it, is better; on the same side out of it,
  nearer the interval is better. A value on the other side, or one with no interval, is a change.
- ABI per leg by its 2016 AHA/ACC category (vascular.yaml: gerhard_herman_2017_pad): normal, then
  borderline, then abnormal; within borderline or abnormal a higher index is better. Above 1.40
  (noncompressible) the index is not diagnostic: a change, never better or worse.

Values are written as `language` writes numbers (domain.numbers: "0,55" in Spanish); the ABI's
category is kept apart (`before_category`, `after_category`) for the view to name in its language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from clinic_desktop.domain.assessment import Assessment, Exam, History
from clinic_desktop.domain.numbers import number_text, places_text
from clinic_desktop.domain.vocabulary import MODIFIED_ASHWORTH_GRADES, MRC_GRADES, REFLEX_GRADES
from clinic_desktop.rules.evaluation import Evaluation, InterpretedLab

VERDICTS = ("better", "worse", "same", "changed", "first", "not_now")
"""better / worse by the scale's direction; same; changed (no direction applies); first (recorded
only now); not_now (recorded before, not at this visit)."""

AREAS = ("history", "strength", "reflexes", "tone", "labs", "abi")

HISTORY_MEASURES = (
    "episodes_per_week",
    "episode_duration_seconds",
    "pain_score",
    "penn_spasm_frequency",
)
"""Lower is better for each."""

_SEVERITY = {"N": 0, "L": 1, "H": 1, "LL": 2, "HH": 2}
_ABI_RANK = {"normal": 0, "borderline": 1, "abnormal": 2}
_NORMAL_REFLEX = REFLEX_GRADES.index("2+")


@dataclass(frozen=True, slots=True)
class Compared:
    area: str
    """One of AREAS."""
    item: str
    """The muscle, reflex, test, measure or "abi"."""
    side: str | None
    before: str | None
    """As recorded then (None: not recorded)."""
    after: str | None
    verdict: str
    """One of VERDICTS."""
    better_when: str
    """higher, lower, nearer_normal (reflex 2+, a lab's interval, a normal ABI)."""
    before_category: str | None = None
    """The ABI's category then (vascular.yaml: normal, borderline, abnormal, noncompressible)."""
    after_category: str | None = None


def _verdict(
    before: object | None,
    after: object | None,
    order: Callable[[object], float | None],
    *,
    higher_better: bool,
) -> str:
    """Compare two recorded values by `order` (a number that grows with the scale, None: no order)."""
    if before is None:
        return "first"
    if after is None:
        return "not_now"
    if before == after:
        return "same"
    then, now = order(before), order(after)
    if then is None or now is None or then == now:
        return "changed"
    return "better" if (now > then) == higher_better else "worse"


def _text(value: object | None, language: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, float | int):
        return number_text(value, language)
    return str(value)


def _by_site(grades: Iterable[tuple[str, str, str]] | None) -> dict[tuple[str, str], str]:
    return {(item, side): grade for item, side, grade in grades or ()}


def _graded(
    area: str,
    before: dict[tuple[str, str], str],
    after: dict[tuple[str, str], str],
    order: Callable[[object], float | None],
    *,
    higher_better: bool,
    better_when: str,
) -> list[Compared]:
    keys = sorted(set(before) | set(after))
    return [
        Compared(
            area,
            item,
            side,
            before.get((item, side)),
            after.get((item, side)),
            _verdict(
                before.get((item, side)),
                after.get((item, side)),
                order,
                higher_better=higher_better,
            ),
            better_when,
        )
        for item, side in keys
    ]


def _history(before: History | None, after: History | None, language: str) -> list[Compared]:
    rows = []
    for measure in HISTORY_MEASURES:
        then = getattr(before, measure) if before else None
        now = getattr(after, measure) if after else None
        if then is None and now is None:
            continue
        verdict = _verdict(then, now, lambda v: float(v), higher_better=False)  # type: ignore[arg-type]
        rows.append(
            Compared(
                "history",
                measure,
                None,
                _text(then, language),
                _text(now, language),
                verdict,
                "lower",
            )
        )
    return rows


def _lab_text(lab: InterpretedLab, language: str) -> str:
    text = f"{number_text(lab.value, language)} {lab.unit}"
    return f"{text} ({lab.interpretation})" if lab.interpretation else text


def _lab_verdict(then: InterpretedLab, now: InterpretedLab) -> str:
    if then.value_si == now.value_si and then.interpretation == now.interpretation:
        return "same"
    if then.interpretation is None or now.interpretation is None:
        return "changed"
    before, after = _SEVERITY[then.interpretation], _SEVERITY[now.interpretation]
    if before != after:
        return "better" if after < before else "worse"
    if before == 0:
        return "same"  # in the interval both times
    low_then, low_now = then.interpretation.startswith("L"), now.interpretation.startswith("L")
    if low_then != low_now:
        return "changed"
    if then.value_si == now.value_si:
        return "same"
    return "better" if (now.value_si > then.value_si) == low_now else "worse"


def _labs(before: Evaluation, after: Evaluation, language: str) -> list[Compared]:
    then = {lab.test: lab for lab in before.labs}
    now = {lab.test: lab for lab in after.labs}
    rows = []
    for test in sorted(set(then) | set(now)):
        old, new = then.get(test), now.get(test)
        if old is None or new is None:
            verdict = "first" if old is None else "not_now"
        else:
            verdict = _lab_verdict(old, new)
        rows.append(
            Compared(
                "labs",
                test,
                None,
                _lab_text(old, language) if old else None,
                _lab_text(new, language) if new else None,
                verdict,
                "nearer_normal",
            )
        )
    return rows


def _abi(before: Evaluation, after: Evaluation, language: str) -> list[Compared]:
    rows = []
    for side in sorted(set(before.derived.abi) | set(after.derived.abi)):
        then, now = before.derived.abi.get(side), after.derived.abi.get(side)
        old_cat = before.derived.abi_category.get(side)
        new_cat = after.derived.abi_category.get(side)

        def shown(value: Decimal | None) -> str | None:
            return None if value is None else places_text(value, language)

        if then is None or now is None:
            verdict = "first" if then is None else "not_now"
        elif then == now:
            verdict = "same"
        elif old_cat not in _ABI_RANK or new_cat not in _ABI_RANK:
            verdict = "changed"
        elif _ABI_RANK[old_cat] != _ABI_RANK[new_cat]:
            verdict = "better" if _ABI_RANK[new_cat] < _ABI_RANK[old_cat] else "worse"
        elif new_cat == "normal":
            verdict = "same"
        else:
            verdict = "better" if now > then else "worse"
        rows.append(
            Compared(
                "abi",
                "abi",
                side,
                shown(then),
                shown(now),
                verdict,
                "nearer_normal",
                old_cat if then is not None else None,
                new_cat if now is not None else None,
            )
        )
    return rows


def _index_in(scale: tuple[str, ...]) -> Callable[[object], float | None]:
    return lambda grade: float(scale.index(grade)) if grade in scale else None


def _reflex_distance(grade: object) -> float | None:
    if grade not in REFLEX_GRADES:
        return None
    return float(abs(REFLEX_GRADES.index(grade) - _NORMAL_REFLEX))


def compare_visits(
    before: Assessment,
    before_evaluation: Evaluation,
    after: Assessment,
    after_evaluation: Evaluation,
    *,
    language: str = "en",
) -> tuple[Compared, ...]:
    """Every measure recorded at either visit, in the order of AREAS, each with its verdict;
    numbers written as `language` writes them."""

    def grades(exam: Exam | None, field: str, item: str, grade: str) -> dict[tuple[str, str], str]:
        entries = getattr(exam, field) if exam else None
        return _by_site((getattr(e, item), e.side, getattr(e, grade)) for e in entries or ())

    strength_then = grades(before.exam, "strength", "muscle", "mrc")
    strength_now = grades(after.exam, "strength", "muscle", "mrc")
    reflex_then = grades(before.exam, "reflexes", "reflex", "grade")
    reflex_now = grades(after.exam, "reflexes", "reflex", "grade")
    tone_then = grades(before.exam, "tone", "muscle", "modified_ashworth")
    tone_now = grades(after.exam, "tone", "muscle", "modified_ashworth")
    return (
        *_history(before.history, after.history, language),
        *_graded(
            "strength",
            strength_then,
            strength_now,
            _index_in(MRC_GRADES),
            higher_better=True,
            better_when="higher",
        ),
        *_graded(
            "reflexes",
            reflex_then,
            reflex_now,
            _reflex_distance,
            higher_better=False,
            better_when="nearer_normal",
        ),
        *_graded(
            "tone",
            tone_then,
            tone_now,
            _index_in(MODIFIED_ASHWORTH_GRADES),
            higher_better=False,
            better_when="lower",
        ),
        *_labs(before_evaluation, after_evaluation, language),
        *_abi(before_evaluation, after_evaluation, language),
    )
