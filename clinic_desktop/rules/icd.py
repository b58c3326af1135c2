"""Chooses the ICD-10-CM codes of an evaluation from its findings' candidate codes.

Only billable codes of the program's table survive; a more specific code
replaces the general one it refines (G47.62 over R25.2); of an Excludes1
pair only the winner stays. The order is the order of the findings, so the
same findings always give the same list.
"""

from __future__ import annotations

from collections.abc import Iterable

from clinic_desktop.knowledge.icd10cm import Icd10Table
from clinic_desktop.rules.evaluation import Finding


def codes_for(findings: Iterable[Finding], table: Icd10Table) -> tuple[str, ...]:
    """The billable, most specific, Excludes1-consistent codes the findings support."""
    candidates = list(
        dict.fromkeys(
            f.icd10cm for f in findings if f.icd10cm is not None and table.is_billable(f.icd10cm)
        )
    )
    present = set(candidates)
    dropped: set[str] = set()
    for rule in table.more_specific:
        if rule.code in present:
            dropped.update(rule.replaces)
    kept = present - dropped
    for pair in table.excludes1_pairs:
        kept -= pair.loser(kept)
    return tuple(code for code in candidates if code in kept)
