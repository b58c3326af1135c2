"""The red-flag input mapping (data) points only at fields and vocabularies the program really has."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from clinic_desktop.domain import vocabulary
from clinic_desktop.domain.assessment import Vitals
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.knowledge.drugs import load_drug_list
from clinic_desktop.knowledge.lab_catalog import load_lab_catalog
from clinic_desktop.knowledge.red_flags import Node, flag_leaves, load_red_flags, node_leaves
from clinic_desktop.knowledge.yaml_loader import KnowledgeFileError
from clinic_desktop.paths import resource_path
from clinic_desktop.rules.neuromuscular import EXAM_SIGN_IDS

CATALOG = load_red_flags()


def test_symptom_exam_and_history_inputs_use_the_contract_vocabularies() -> None:
    inputs = CATALOG.inputs
    drug_classes = set(load_drug_list().class_ids())
    for mapping in (inputs.symptom, inputs.exam, inputs.history):
        for leaf_id, spec in mapping.items():
            assert set(spec.symptoms) <= set(vocabulary.SYMPTOMS), leaf_id
            assert set(spec.presentations) <= set(vocabulary.PRESENTATIONS), leaf_id
            assert set(spec.conditions) <= set(vocabulary.CONDITIONS), leaf_id
            assert set(spec.signs) <= EXAM_SIGN_IDS, leaf_id
            assert spec.medication_long_term is None or spec.medication_long_term in drug_classes


def test_vital_inputs_are_fields_of_vitals() -> None:
    fields = {f.name for f in dataclasses.fields(Vitals)}
    for spec in CATALOG.inputs.vital.values():
        assert set(spec.field) <= fields


def test_lab_leaves_use_tests_and_units_the_lab_catalogue_knows() -> None:
    catalog = load_lab_catalog()
    for flag in CATALOG.flags:
        for leaf in flag_leaves(flag):
            if leaf.lab is None or leaf.lab not in CATALOG.inputs.lab:
                continue
            for test in CATALOG.inputs.lab[leaf.lab]:
                known = test == "corrected_calcium" or test in vocabulary.LAB_TESTS
                assert known, test
                if leaf.unit not in ("x_ULN", "x_LLN"):
                    assert leaf.unit in catalog.units_for(
                        "calcium" if test == "corrected_calcium" else test
                    )


def test_medication_leaves_name_classes_of_the_drug_list() -> None:
    drugs = load_drug_list()
    known = set(drugs.class_ids())
    for flag in CATALOG.flags:
        for leaf in flag_leaves(flag):
            if leaf.medication is not None and leaf.status != "stopped_or_interrupted":
                assert leaf.medication in known, (flag.id, leaf.medication)


def test_only_numeric_leaves_without_any_input_remain_always_false() -> None:
    assert CATALOG.no_input == (
        "lab:acth",
        "lab:etco2",
        "lab:urine_myoglobin",
        "measurement:toe_systolic_pressure",
        "score:dvt_wells_two_level",
    )


def test_context_vocabulary_covers_circumstances_and_unmapped_findings() -> None:
    ids = set(CATALOG.context_ids())
    assert {
        "strenuous_exertion",
        "high_ambient_heat",
        "recent_general_anaesthesia_volatile_or_succinylcholine",
    } <= ids
    assert {
        "seizure",
        "trismus",
        "intrathecal_baclofen_pump",
        "statins_stopped_or_interrupted",
        "acth_pending",
    } <= ids
    assert all(i == i.lower() and " " not in i for i in ids)


def test_every_flag_has_both_languages_and_a_source() -> None:
    for flag in CATALOG.flags:
        assert flag.text.en and flag.text.es and flag.source
        assert flag.urgency in vocabulary.URGENCIES and flag.referral in vocabulary.REFERRALS


def test_a_leaf_without_input_is_refused_with_file_and_field(tmp_path: Path) -> None:
    document = yaml.safe_load(
        resource_path("clinical", "red_flags.yaml").read_text(encoding="utf-8")
    )
    document["flags"][0]["trigger"]["any_of"].append({"symptom": "levitation"})
    path = tmp_path / "red_flags.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match="levitation"):
        load_red_flags(path)


def test_the_input_extension_document_lists_every_context_id() -> None:
    """Every id `context` accepts (red flags, care-plan safety rules, medicine cautions; the
    reference's meta.context_ids_note) is documented, and nothing else is."""
    document = (Path(__file__).parents[2] / "docs" / "input-extensions.md").read_text(
        encoding="utf-8"
    )
    listed = {line.split("`")[1] for line in document.splitlines() if line.startswith("- `")}
    accepted = set(load_knowledge().context_ids())
    assert accepted == listed - {"lab: acth", "lab: urine_myoglobin", "lab: etco2"} - {
        "measurement: toe_systolic_pressure",
        "score: dvt_wells_two_level",
    }


def _reference_leaves() -> list[dict[str, object]]:
    leaves = {
        repr(leaf.model_dump(exclude_none=True)): leaf.model_dump(exclude_none=True)
        for flag in CATALOG.flags
        for leaf in flag_leaves(flag)
    }
    return list(leaves.values())


trees = st.recursive(
    st.sampled_from(_reference_leaves()),
    lambda children: st.one_of(
        st.builds(lambda nodes: {"any_of": nodes}, st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda nodes: {"all_of": nodes}, st.lists(children, min_size=1, max_size=3)),
    ),
    max_leaves=8,
)


def _count(tree: dict[str, object]) -> int:
    children = tree.get("any_of") or tree.get("all_of")
    if isinstance(children, list):
        return sum(_count(child) for child in children)
    return 1


@settings(max_examples=50, deadline=None)
@given(trees)
def test_trigger_trees_parse_whole_and_keep_every_leaf(tree: dict[str, object]) -> None:
    node = TypeAdapter(Node).validate_python(tree)
    assert len(list(node_leaves(node))) == _count(tree)
    assert TypeAdapter(Node).dump_python(node, exclude_none=True) == tree


@given(st.sampled_from(["lab", "vital", "score"]))
def test_a_numeric_leaf_without_its_threshold_is_refused(kind: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Node).validate_python({kind: "potassium", "op": "lt"})
