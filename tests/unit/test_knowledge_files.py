"""The knowledge files load, keep the contract's ids and sources, and a broken copy says where it broke."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from clinic_desktop.domain.vocabulary import CONDITIONS, PRESENTATIONS, SYMPTOMS
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.knowledge.care_plan_library import (
    LibraryEntry,
    load_care_plan_library,
)
from clinic_desktop.knowledge.icd10cm import PregnancyCoding, load_icd10cm
from clinic_desktop.knowledge.lab_orders import load_lab_orders
from clinic_desktop.knowledge.treatments import Condition, load_treatments
from clinic_desktop.knowledge.yaml_loader import KnowledgeFileError
from clinic_desktop.paths import resource_path

CONTRACT_IDS = {
    "supplements": [
        "magnesium_repletion",
        "potassium_repletion",
        "calcium_repletion",
        "vitamin_d_repletion",
        "vitamin_b12_repletion",
        "vitamin_b_complex",
    ],
    "physiotherapy": [
        "calf_hamstring_stretching",
        "targeted_stretching",
        "neuromuscular_reeducation",
        "soft_tissue_therapy",
        "supervised_exercise_therapy",
    ],
    "lifestyle": [
        "hydration",
        "mineral_rich_diet",
        "stress_management",
        "ergonomic_adjustments",
        "sleep_routine",
    ],
    "medication_review": [
        "review_diuretic",
        "review_statin",
        "review_beta2_agonist",
        "review_ppi",
        "review_other_cramp_drug",
    ],
}
CLINIC_PRACTICE_IDS = {
    "neuromuscular_reeducation",
    "soft_tissue_therapy",
    "stress_management",
    "ergonomic_adjustments",
}
MY_FILES = ("care_plan.yaml", "treatments.yaml", "icd10cm.yaml", "lab_orders.yaml")


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def test_default_knowledge_is_loaded_once(knowledge: Knowledge) -> None:
    assert load_knowledge() is knowledge


def test_an_explicit_folder_loads_too() -> None:
    assert (
        load_knowledge(resource_path("clinical")).care_plan.entry("hydration").section
        == "lifestyle"
    )


def test_contract_ids_are_in_their_sections(knowledge: Knowledge) -> None:
    for section, ids in CONTRACT_IDS.items():
        for item_id in ids:
            assert knowledge.care_plan.entry(item_id).section == section


def test_clinic_practice_items_are_labelled_and_never_suggested(knowledge: Knowledge) -> None:
    menu = {item.id: item for item in knowledge.care_plan.items("en")}
    for item_id in CLINIC_PRACTICE_IDS:
        item = menu[item_id]
        assert item.clinic_practice
        assert item.evidence == "clinic practice, without graded evidence"
        assert not item.suggested_by_rules
    for item in menu.values():
        if item.clinic_practice:
            assert not item.suggested_by_rules


def test_physiotherapy_items_carry_steps_in_both_languages(knowledge: Knowledge) -> None:
    for language in ("en", "es"):
        for item in knowledge.care_plan.items(language):
            if item.section == "physiotherapy":
                assert len(item.steps) >= 3, item.id


def test_no_quinine_item_and_never_suggested_treatments_have_no_rule(knowledge: Knowledge) -> None:
    for entry in knowledge.care_plan.entries():
        assert "quinine" not in entry.id
        if (
            entry.treatment is not None
            and knowledge.treatments.get(entry.treatment).never_auto_suggest
        ):
            assert entry.suggest_when is None and not entry.follows
    assert knowledge.treatments.get("quinine").never_auto_suggest


def test_every_menu_item_has_sources(knowledge: Knowledge) -> None:
    for item in knowledge.care_plan.items("es"):
        assert item.sources, item.id


def _broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "clinical"
    shutil.copytree(resource_path("clinical"), folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def _line_of(folder: Path, name: str, fragment: str) -> int:
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if fragment in line)


LOADERS = {
    "care_plan.yaml": load_care_plan_library,
    "treatments.yaml": load_treatments,
    "lab_orders.yaml": load_lab_orders,
    "icd10cm.yaml": load_icd10cm,
}


def test_the_aggregate_loader_reports_a_broken_file_too(tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path, "lab_orders.yaml", "version: 1", "version: 2")
    with pytest.raises(KnowledgeFileError, match=r"^lab_orders.yaml, line \d+, field 'version'"):
        load_knowledge(folder)


@pytest.mark.parametrize(
    ("name", "old", "new", "field"),
    [
        ("care_plan.yaml", "section: lifestyle", "section: hobbies", "items[12].section"),
        (
            "treatments.yaml",
            "never_auto_suggest: true",
            "never_auto_suggest: often",
            "treatments[0].never_auto_suggest",
        ),
        ("lab_orders.yaml", "tests: [magnesium]", "tests: [magnesium_urine]", "rules[2]"),
        ("icd10cm.yaml", "\n  billable: true", "\n  billable: maybe", "codes[0].billable"),
    ],
)
def test_a_broken_copy_names_file_line_and_field(
    tmp_path: Path, name: str, old: str, new: str, field: str
) -> None:
    folder = _broken_copy(tmp_path, name, old, new)
    with pytest.raises(KnowledgeFileError) as caught:
        LOADERS[name](folder / name)
    message = str(caught.value)
    assert message.startswith(f"{name}, line ")
    assert f"field '{field}" in message
    assert caught.value.line is not None
    fragment = new.split(": ")[-1]
    assert caught.value.line <= _line_of(folder, name, fragment)


def test_an_item_citing_an_unknown_treatment_is_refused(tmp_path: Path) -> None:
    folder = _broken_copy(
        tmp_path, "care_plan.yaml", "treatment: hydration_advice", "treatment: hydration_plus"
    )
    with pytest.raises(KnowledgeFileError) as caught:
        load_care_plan_library(
            folder / "care_plan.yaml", load_treatments(folder / "treatments.yaml")
        )
    assert caught.value.line == _line_of(folder, "care_plan.yaml", "treatment: hydration_plus")
    message = str(caught.value)
    assert re.match(r"care_plan.yaml, line \d+, field 'items\[\d+\].treatment': unknown", message)


def test_a_clinic_practice_item_with_a_rule_is_refused(tmp_path: Path) -> None:
    old = "  treatment: clinic_practice\n# --- physiotherapy ---"
    new = "  treatment: clinic_practice\n  suggest_when: {presentation: dystonia}\n  reason: {en: a, es: b}\n# --- physiotherapy ---"
    folder = _broken_copy(tmp_path, "care_plan.yaml", old, new)
    with pytest.raises(KnowledgeFileError, match="never suggested"):
        load_care_plan_library(folder / "care_plan.yaml")


def test_other_loaders_accept_the_shipped_files() -> None:
    assert load_icd10cm().is_billable("G47.62")
    assert not load_icd10cm().is_billable("I70.20")
    assert load_lab_orders().held_through("creatinine") == ("egfr",)


LEAVES = {
    "presentation": PRESENTATIONS,
    "symptom": SYMPTOMS,
    "history": CONDITIONS,
}


@given(
    kinds=st.lists(st.sampled_from(sorted(LEAVES)), min_size=1, max_size=3, unique=True),
    data=st.data(),
)
def test_a_condition_has_exactly_one_kind(kinds: list[str], data: st.DataObject) -> None:
    raw = {kind: data.draw(st.sampled_from(LEAVES[kind])) for kind in kinds}
    if len(kinds) == 1:
        assert Condition.model_validate(raw)
    else:
        with pytest.raises(ValidationError):
            Condition.model_validate(raw)


@given(word=st.text(min_size=1, max_size=20))
def test_a_condition_refuses_words_outside_the_vocabulary(word: str) -> None:
    if word in SYMPTOMS or word == "dark_urine":
        assert Condition.model_validate({"symptom": word})
    else:
        with pytest.raises(ValidationError):
            Condition.model_validate({"symptom": word})


@pytest.mark.parametrize(
    "raw",
    [
        {"lab": "sodium", "op": "lt", "value": 135},
        {"symptom": "weakness", "op": "lt", "value": 1, "unit": "mmol/L"},
        {"lab_flag": "magnesium"},
        {"presentation": "dystonia", "flags": ["L"]},
        {},
    ],
)
def test_malformed_conditions_are_refused(raw: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Condition.model_validate(raw)


def test_context_ids_include_what_the_hydration_rule_reads(knowledge: Knowledge) -> None:
    ids = knowledge.context_ids()
    assert {"heart_failure", "siadh", "dialysis", "prescribed_fluid_restriction"} <= set(ids)
    assert set(knowledge.red_flags.context_ids()) <= set(ids)
    assert len(ids) == len(set(ids))


def _supplement(en: str, es: str) -> dict[str, object]:
    return {
        "id": "some_supplement",
        "section": "supplements",
        "title": {"en": "t", "es": "t"},
        "text": {"en": en, "es": es},
        "treatment": "electrolyte_correction",
    }


@given(
    amount=st.decimals(min_value=0, max_value=5000, places=1, allow_nan=False),
    unit=st.sampled_from(["mg", "mcg", "µg", "g", "IU", "UI", "mmol", "mEq", "ml"]),
    space=st.sampled_from(["", " "]),
)
def test_the_library_never_states_a_dose(amount: object, unit: str, space: str) -> None:
    """The clinician writes every dose on the care-plan page; the library never suggests one."""
    plain = _supplement("Take it as your clinician says.", "Tómelo como le diga su médico.")
    assert LibraryEntry.model_validate(plain).section == "supplements"
    dosed = _supplement(
        f"Take {amount}{space}{unit} at night.", f"Tome {amount}{space}{unit} por la noche."
    )
    with pytest.raises(ValidationError, match="dose"):
        LibraryEntry.model_validate(dosed)


@given(starts=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=6))
def test_pregnancy_week_bands_must_start_at_zero_and_rise(starts: list[int]) -> None:
    shipped = load_icd10cm().pregnancy.model_dump()
    shipped["trimesters"] = [{"from_weeks": w, "code": "O26.893"} for w in starts]
    if starts[0] == 0 and starts == sorted(set(starts)):
        assert PregnancyCoding.model_validate(shipped)
    else:
        with pytest.raises(ValidationError):
            PregnancyCoding.model_validate(shipped)


def test_a_follow_up_of_an_unknown_item_is_refused(tmp_path: Path) -> None:
    folder = _broken_copy(
        tmp_path,
        "care_plan.yaml",
        "follows: [calf_hamstring_stretching]",
        "follows: [calf_stretch]",
    )
    with pytest.raises(KnowledgeFileError, match="unknown item"):
        load_care_plan_library(folder / "care_plan.yaml")


def _medication_ids(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "medication" and isinstance(value, str):
                yield value
            elif key in ("medication_classes", "contraindicated_with"):
                yield from value
            else:
                yield from _medication_ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from _medication_ids(value)


def test_every_medicine_a_rule_names_is_in_the_drug_list(knowledge: Knowledge) -> None:
    classes = set(knowledge.drugs.class_ids())
    named = {
        medication
        for name in MY_FILES
        for medication in _medication_ids(
            yaml.safe_load(resource_path("clinical", name).read_text(encoding="utf-8"))
        )
    }
    assert len(named) > 15
    # has_class() matches a class id or a drug id, so each name must be one or the other.
    drug_ids = {
        m for m in named if (entry := knowledge.drugs.match(m)) is not None and entry.id == m
    }
    unknown = named - classes - drug_ids
    assert unknown == set()


def test_every_menu_item_has_an_evidence_label(knowledge: Knowledge) -> None:
    for language in ("en", "es"):
        for item in knowledge.care_plan.items(language):
            assert item.evidence, item.id
