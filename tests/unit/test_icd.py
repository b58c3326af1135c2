"""ICD-10-CM selection: billable only, most specific, never both sides of an Excludes1 pair."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.knowledge.icd10cm import Icd10Table, covers, load_icd10cm
from clinic_desktop.rules.evaluation import Finding
from clinic_desktop.rules.icd import codes_for


@pytest.fixture(scope="module")
def table() -> Icd10Table:
    return load_icd10cm()


def found(*codes: str | None) -> list[Finding]:
    return [Finding(id=f"f{i}", text="", sources=("s",), icd10cm=c) for i, c in enumerate(codes)]


def test_sleep_related_leg_cramps_replace_cramp_and_spasm(table: Icd10Table) -> None:
    assert codes_for(found("R25.2", "G47.62"), table) == ("G47.62",)


def test_site_specific_muscle_spasm_wins_over_cramp_and_spasm(table: Icd10Table) -> None:
    assert codes_for(found("R25.2", "M62.831", "E83.42"), table) == ("M62.831", "E83.42")


def test_movement_disorder_code_drops_the_symptom_code(table: Icd10Table) -> None:
    assert codes_for(found("R25.3", "G24.9"), table) == ("G24.9",)


def test_siadh_wins_over_hyponatraemia(table: Icd10Table) -> None:
    assert codes_for(found("E87.1", "E22.2"), table) == ("E22.2",)


def test_rhabdomyolysis_wins_over_drug_induced_myopathy(table: Icd10Table) -> None:
    assert codes_for(found("G72.0", "M62.82", "T46.6X5A"), table) == ("M62.82", "T46.6X5A")


def test_stems_and_unknown_codes_are_never_emitted(table: Icd10Table) -> None:
    assert codes_for(found("I70.20", "M62", "Z99.99", None, "E87.6"), table) == ("E87.6",)


def test_order_follows_the_findings_and_repeats_collapse(table: Icd10Table) -> None:
    assert codes_for(found("E87.6", "E83.42", "E87.6"), table) == ("E87.6", "E83.42")


def test_stem_pattern_covers_children_only() -> None:
    assert covers("M62.-", "M62.831")
    assert not covers("M62.-", "M6.2")
    assert covers("R25.2", "R25.2")
    assert not covers("R25.2", "R25.21")


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_any_mix_of_codes_gives_a_billable_excludes1_clean_subset(
    table: Icd10Table, data: st.DataObject
) -> None:
    codes = data.draw(st.lists(st.sampled_from(table.codes()), max_size=12))
    chosen = codes_for(found(*codes), table)
    assert set(chosen) <= set(codes)
    assert all(table.is_billable(c) for c in chosen)
    assert len(chosen) == len(set(chosen))
    # Same relative order as the findings.
    assert list(chosen) == [c for c in dict.fromkeys(codes) if c in chosen]
    for pair in table.excludes1_pairs:
        on_a = any(covers(p, c) for p in pair.side_a for c in chosen)
        on_b = any(covers(p, c) for p in pair.side_b for c in chosen)
        assert not (on_a and on_b), (pair.side_a, pair.side_b, chosen)
    for rule in table.more_specific:
        if rule.code in chosen:
            assert not set(rule.replaces) & set(chosen)
