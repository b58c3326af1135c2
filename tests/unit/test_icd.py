"""ICD-10-CM selection: billable only, most specific, never both sides of an Excludes1 pair."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import Patient
from clinic_desktop.knowledge.icd10cm import Icd10Table, load_icd10cm
from clinic_desktop.rules.evaluation import Finding
from clinic_desktop.rules.icd import codes_for, pregnancy_findings


@pytest.fixture(scope="module")
def table() -> Icd10Table:
    return load_icd10cm()


def covers(pattern: str, code: str) -> bool:
    """The reference's notation: 'M62.-' covers every M62 code; a plain code covers itself."""
    return code.startswith(pattern[:-1]) if pattern.endswith("-") else code == pattern


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


def test_a_stem_pattern_covers_its_children_only(table: Icd10Table) -> None:
    pair = next(p for p in table.excludes1_pairs if p.side_a == ["M62.-"] and p.side_b == ["R25.2"])
    assert pair.loser({"M62.831", "R25.2"}) == {"R25.2"}
    assert pair.loser({"M62.831", "R25.21"}) == set()
    assert pair.loser({"M6.2", "R25.2"}) == set()


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


def pregnant(weeks: int | None) -> Patient:
    return Patient(
        "A-1", "Doe", "Ana", date(1995, 1, 1), sex="female", pregnant=True, pregnancy_weeks=weeks
    )


def test_cramps_at_30_weeks_are_coded_third_trimester_with_weeks(table: Icd10Table) -> None:
    extra = pregnancy_findings(pregnant(30), found("G47.62"), table, "en")
    assert [f.icd10cm for f in extra] == ["O26.893", "Z3A.30"]
    assert extra[1].text == "30 weeks of pregnancy."
    assert codes_for([extra[0], *found("G47.62"), extra[1]], table) == (
        "O26.893",
        "G47.62",
        "Z3A.30",
    )


def test_unknown_weeks_give_the_unspecified_trimester_and_no_weeks_code(table: Icd10Table) -> None:
    extra = pregnancy_findings(pregnant(None), found("R25.2"), table, "es")
    assert [f.icd10cm for f in extra] == ["O26.899"]
    assert extra[0].text == "Calambres durante el embarazo."


def test_no_pregnancy_code_without_pregnancy_or_without_a_cramp(table: Icd10Table) -> None:
    not_pregnant = replace(pregnant(30), pregnant=False)
    assert pregnancy_findings(not_pregnant, found("G47.62"), table, "en") == ()
    assert pregnancy_findings(pregnant(30), found("E87.6"), table, "en") == ()


@given(weeks=st.integers(min_value=0, max_value=45))
def test_trimester_and_weeks_follow_the_chapter_15_definitions(weeks: int) -> None:
    table = load_icd10cm()
    trimester, gestation = (
        f.icd10cm for f in pregnancy_findings(pregnant(weeks), found("G47.62"), table, "en")
    )
    expected_trimester = "O26.891" if weeks < 14 else "O26.892" if weeks < 28 else "O26.893"
    assert trimester == expected_trimester
    if weeks < 8:
        assert gestation == "Z3A.01"
    elif weeks > 42:
        assert gestation == "Z3A.49"
    else:
        assert gestation == f"Z3A.{weeks:02d}"
    assert table.is_billable(trimester) and table.is_billable(gestation or "")
