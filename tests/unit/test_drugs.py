"""The drug list recognises a medication however the clinician types it, and never guesses."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.knowledge.drugs import (
    DrugList,
    load_drug_list,
    normalise_name,
    strip_fillers,
    strip_salt,
    strip_strength,
)
from clinic_desktop.knowledge.yaml_loader import KnowledgeFileError
from clinic_desktop.paths import resource_path


@cache
def drugs() -> DrugList:
    return load_drug_list()


@pytest.mark.parametrize(
    ("typed", "drug_id"),
    [
        ("hydrochlorothiazide", "hydrochlorothiazide"),
        ("HIDROCLOROTIAZIDA", "hydrochlorothiazide"),
        ("  Hidroclorotiazida  ", "hydrochlorothiazide"),
        ("Lasix", "furosemide"),
        ("lasix 40 mg", "furosemide"),
        ("Furosemida 40mg", "furosemide"),
        ("ZOCOR", "simvastatin"),
        ("simvastatina", "simvastatin"),
        ("Ácido Zoledrónico", "zoledronic_acid"),
        ("acido zoledronico", "zoledronic_acid"),
        ("tacrolimus", "tacrolimus"),
        ("Tacrolimús", "tacrolimus"),
        ("cyclosporine", "ciclosporin"),
        ("Estrógenos conjugados", "conjugated_estrogens"),
        ("estrogenos   conjugados", "conjugated_estrogens"),
        ("Advair Diskus 250/50 mcg", "salmeterol_fluticasone_propionate"),
        ("salmeterol+fluticasone propionate", "salmeterol_fluticasone_propionate"),
        ("Omeprazol", "omeprazole"),
        ("quinina", "quinine_sulfate"),
        ("Evista", "raloxifene"),
        # The reference names lithium; clinicians type the element, not the salt.
        ("lithium", "lithium_carbonate"),
        ("Litio", "lithium_carbonate"),
        ("HCTZ 25 mg", "hydrochlorothiazide"),
        ("Coumadin", "warfarin"),
    ],
)
def test_generic_brand_and_spanish_spellings_match(typed: str, drug_id: str) -> None:
    entry = drugs().match(typed)
    assert entry is not None, typed
    assert entry.id == drug_id


@pytest.mark.parametrize(
    ("typed", "drug_id"),
    [
        ("salmeterol/fluticasone", "salmeterol_fluticasone_propionate"),
        ("Fluticasone / Salmeterol", "salmeterol_fluticasone_propionate"),
        ("budesonide/formoterol", "formoterol_budesonide"),
        ("budesonida + formoterol", "formoterol_budesonide"),
    ],
)
def test_a_combination_matches_in_either_order_and_with_a_slash(typed: str, drug_id: str) -> None:
    entry = drugs().match(typed)
    assert entry is not None and entry.id == drug_id, typed


@pytest.mark.parametrize(
    ("typed", "drug_id"),
    [
        ("pantoprazole sodium", "pantoprazole"),
        ("Pantoprazol sódico 40 mg", "pantoprazole"),
        ("atorvastatina cálcica", "atorvastatin"),
        ("esomeprazole magnesium", "esomeprazole"),
        ("metoclopramide hydrochloride", "metoclopramide"),
    ],
)
def test_a_salt_typed_after_the_name_is_the_same_drug(typed: str, drug_id: str) -> None:
    entry = drugs().match(typed)
    assert entry is not None and entry.id == drug_id, typed


@pytest.mark.parametrize("typed", ["calcium", "sodium", "potassium chloride"])
def test_a_salt_alone_is_not_a_drug(typed: str) -> None:
    assert drugs().match(typed) is None


@pytest.mark.parametrize(
    ("typed", "drug_id"),
    [
        ("atorvastatin 40 mg daily", "atorvastatin"),
        ("Omeprazol 20 mg cada 24 h", "omeprazole"),
        ("furosemide 40mg at night", "furosemide"),
    ],
)
def test_dosing_typed_after_the_strength_is_ignored(typed: str, drug_id: str) -> None:
    entry = drugs().match(typed)
    assert entry is not None and entry.id == drug_id, typed


@pytest.mark.parametrize(
    "typed",
    ["simvastatine", "furosemid", "lasix forte", "40 mg", "", "omeprazole omeprazole", "statin"],
)
def test_near_misses_are_not_guessed(typed: str) -> None:
    assert drugs().match(typed) is None


def test_classes_and_roles_follow_the_reference() -> None:
    quinine = drugs().match("quinine")
    assert quinine is not None
    assert quinine.role == "treatment_option"
    assert not quinine.flag_as_cause
    assert drugs().drug_class("quinine").never_auto_suggest
    lisinopril = drugs().match("lisinopril")
    assert (
        lisinopril is not None and lisinopril.role == "do_not_flag" and not lisinopril.flag_as_cause
    )
    citalopram = drugs().match("citalopram")
    assert citalopram is not None
    assert set(citalopram.class_ids) == {"drugs_with_reported_cramps", "serotonergic_drugs"}
    simvastatin = drugs().match("simvastatin")
    assert simvastatin is not None and "cyp3a4_metabolised_statins" in simvastatin.class_ids
    pravastatin = drugs().match("pravastatin")
    assert pravastatin is not None and "cyp3a4_metabolised_statins" not in pravastatin.class_ids


def test_every_listed_name_is_recognised_as_its_own_drug() -> None:
    document = yaml.safe_load(resource_path("clinical", "drugs.yaml").read_text(encoding="utf-8"))
    for record in document["drugs"]:
        for name in (*record["generic"]["en"], *record["generic"]["es"], *record["brands"]):
            found = drugs().match(name)
            assert found is not None and found.id == record["id"], name


def test_names_for_type_ahead_include_brands_and_spanish() -> None:
    names = drugs().names()
    assert "Lasix" in names and "hidroclorotiazida" in names and "simvastatin" in names
    assert len(names) == len(set(names))


def test_a_name_shared_by_two_drugs_is_refused(tmp_path: Path) -> None:
    document = yaml.safe_load(resource_path("clinical", "drugs.yaml").read_text(encoding="utf-8"))
    document["drugs"][1]["brands"].append(document["drugs"][0]["generic"]["en"][0].upper())
    path = tmp_path / "drugs.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match="belongs to both"):
        load_drug_list(path)


def _accent(text: str) -> str:
    return "".join(ch + "\u0301" if ch in "aeiou" else ch for ch in text)


@given(st.sampled_from(sorted(load_drug_list().names())), st.data())
def test_case_accents_and_spacing_never_change_the_match(name: str, data: st.DataObject) -> None:
    expected = drugs().match(name)
    variant = data.draw(
        st.sampled_from([name.upper(), name.lower(), f"  {name} ", name.replace(" ", "   ")])
    )
    if data.draw(st.booleans()):
        variant = unicodedata.normalize("NFC", _accent(variant))
    strength = data.draw(st.sampled_from(["", " 10 mg", " 2.5 mg", " 250/50 mcg", " 100 UI"]))
    assert drugs().match(variant + strength) == expected


@given(st.text(max_size=40))
def test_normalising_is_idempotent_and_strength_removal_never_grows(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once
    assert len(strip_strength(text)) <= len(text.strip())


ALIASES = {
    normalise_name(alias)
    for drug in yaml.safe_load(resource_path("clinical", "drugs.yaml").read_text("utf-8"))["drugs"]
    for alias in drug.get("aliases", [])
}


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=30))
def test_random_words_match_only_a_known_name(text: str) -> None:
    entry = drugs().match(text)
    if entry is not None:
        known = {normalise_name(n) for n in drugs().names()}
        typed = normalise_name(strip_strength(text))
        # A brand alias also matches as a whole word inside what was typed ('advair bd').
        words = f" {typed} "
        assert (
            typed in known
            or strip_salt(typed) in known
            or strip_fillers(typed) in known
            or any(f" {alias} " in words for alias in ALIASES)
        )


@pytest.mark.parametrize(
    ("typed", "drug_id"),
    [
        ("Albuterol HFA", "albuterol"),
        ("salbutamol inhaler prn", "albuterol"),
        ("Botox injection", "onabotulinumtoxina"),
        ("cipro 500 bid", "ciprofloxacin"),
        ("tizanidina 4 mg comprimidos", "tizanidine"),
        ("lisinopril-hydrochlorothiazide", "lisinopril_hydrochlorothiazide"),
        ("fluticasone-salmeterol 250/50", "salmeterol_fluticasone_propionate"),
    ],
)
def test_form_and_frequency_words_or_a_hyphenated_combination_do_not_hide_the_drug(
    typed: str, drug_id: str
) -> None:
    # The review of an inhaler, a botulinum toxin or a CYP1A2 inhibitor must not be missed because
    # of how the clinician typed it (issue 9: 'Advair' not recognised missed its cramp review).
    entry = drugs().match(typed)
    assert entry is not None and entry.id == drug_id


@pytest.mark.parametrize("typed", ["tablets", "zorblax tablets", "hfa 2", "co-codamol"])
def test_filler_words_alone_or_with_an_unknown_name_are_not_a_drug(typed: str) -> None:
    assert drugs().match(typed) is None


@pytest.mark.parametrize(
    ("typed", "drug_id"),
    [
        ("advair inhaler bd", "salmeterol_fluticasone_propionate"),
        ("Symbicort 160/4.5 two puffs twice daily", "formoterol_budesonide"),
        ("BREO once daily", "vilanterol_fluticasone_furoate"),
        ("trelegy", "vilanterol_umeclidinium_fluticasone_furoate"),
        ("Ventolin as needed", "albuterol"),
    ],
)
def test_a_brand_alias_matches_as_a_whole_word(typed: str, drug_id: str) -> None:
    # medications inhaled_laba / inhaled_saba brand_aliases (2026-12, 2026-12b).
    entry = drugs().match(typed)
    assert entry is not None and entry.id == drug_id


@pytest.mark.parametrize("typed", ["Advairish", "Breovit", "symbi cort", "breo ventolin"])
def test_an_alias_inside_another_word_or_two_aliases_is_not_guessed(typed: str) -> None:
    assert drugs().match(typed) is None


@given(
    st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12),
        min_size=2,
        max_size=3,
    ),
    st.permutations([0, 1, 2]),
    st.sampled_from([" + ", "+", "/", " / "]),
)
def test_a_combination_normalises_the_same_in_any_order_and_separator(
    parts: list[str], order: list[int], separator: str
) -> None:
    shuffled = [parts[i] for i in order if i < len(parts)]
    assert normalise_name(separator.join(shuffled)) == normalise_name(" + ".join(parts))


@pytest.mark.parametrize(
    ("typed", "classes"),
    [
        ("lisinopril/hydrochlorothiazide", {"acei_arb", "thiazide_diuretics"}),
        ("Zestoretic", {"acei_arb", "thiazide_diuretics"}),
        ("Hyzaar", {"acei_arb", "thiazide_diuretics"}),
        ("Aldactazide", {"potassium_sparing_diuretics", "thiazide_diuretics"}),
        ("triamterene/hydrochlorothiazide", {"potassium_sparing_diuretics", "thiazide_diuretics"}),
        ("ezetimibe/simvastatin", {"statins", "cyp3a4_metabolised_statins"}),
        ("Vytorin 10/40", {"statins", "cyp3a4_metabolised_statins"}),
    ],
)
def test_a_combination_carries_every_class_it_contains(typed: str, classes: set[str]) -> None:
    entry = drugs().match(typed)
    assert entry is not None and set(entry.class_ids) == classes
    assert entry.flag_as_cause and entry.role == "cramp_associated"


def test_a_combination_with_an_unknown_part_is_not_guessed() -> None:
    # The contract wants medication_not_recognised when a name cannot be mapped as a whole.
    assert drugs().match("amlodipine/atorvastatin") is None


@pytest.mark.parametrize(
    ("typed", "drug_id"),
    [
        ("bendroflumethiazide", "bendroflumethiazide"),
        ("Lipitor 40", "atorvastatin"),
        ("simvastatina 20", "simvastatin"),
        ("zoledronate", "zoledronic_acid"),
        ("zoledronato", "zoledronic_acid"),
        ("Seguril", "furosemide"),
        ("Pantoloc 40", "pantoprazole"),
    ],
)
def test_names_reported_unrecognised_by_review_now_match(typed: str, drug_id: str) -> None:
    entry = drugs().match(typed)
    assert entry is not None and entry.id == drug_id


@given(
    st.sampled_from(sorted(load_drug_list().names())),
    st.integers(min_value=1, max_value=1000),
    st.sampled_from(["", "/12.5", ",5"]),
)
def test_a_strength_typed_without_its_unit_never_changes_the_match(
    name: str, strength: int, tail: str
) -> None:
    assert drugs().match(f"{name} {strength}{tail}") == drugs().match(name)


@pytest.mark.parametrize(
    "typed",
    [
        "lisinopril 20/hydrochlorothiazide 12.5",
        "lisinopril 20 mg/hydrochlorothiazide 12.5 mg",
        "HCTZ + lisinopril",
        "hidroclorotiazida/lisinopril 10",
    ],
)
def test_a_combination_with_strengths_or_another_spelling_is_the_listed_combination(
    typed: str,
) -> None:
    entry = drugs().match(typed)
    assert entry is not None and entry.id == "lisinopril_hydrochlorothiazide"


_SINGLE_DRUG_NAMES = sorted(
    name for name in load_drug_list().names() if "+" not in name and "/" not in name
)


@given(
    st.lists(st.sampled_from(_SINGLE_DRUG_NAMES), min_size=2, max_size=3),
    st.lists(st.sampled_from(["", " 20", " 12.5 mg", " 40mg"]), min_size=3, max_size=3),
    st.sampled_from(["/", " / ", " + ", "+"]),
)
def test_a_typed_combination_of_known_drugs_carries_every_part_class(
    names: list[str], strengths: list[str], separator: str
) -> None:
    typed = separator.join(
        name + strength for name, strength in zip(names, strengths, strict=False)
    )
    entry = drugs().match(typed)
    assert entry is not None, typed
    for name in names:
        part = drugs().match(name)
        assert part is not None and set(part.class_ids) <= set(entry.class_ids), typed


@pytest.mark.parametrize("typed", ["Aciphex 20 mg / Zorblax", "furosemide 40 mg + Zorblax 5 mg"])
def test_a_strength_never_swallows_an_unknown_second_drug(typed: str) -> None:
    # Matching only the first part would hide the unknown drug from medication_not_recognised.
    assert drugs().match(typed) is None


@pytest.mark.parametrize(
    ("typed", "drug_id"),
    [
        ("lasix 40 mg/day", "furosemide"),
        ("Omeprazol 20 mg 1 comp/día", "omeprazole"),
        ("furosemide 40 mg c/12h", "furosemide"),
        ("salmeterol/fluticasone 250/50 mcg", "salmeterol_fluticasone_propionate"),
    ],
)
def test_dosing_after_a_slash_is_not_taken_for_a_second_drug(typed: str, drug_id: str) -> None:
    entry = drugs().match(typed)
    assert entry is not None and entry.id == drug_id


REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "clinical" / "reference.yaml"


@pytest.mark.skipif(not REFERENCE.is_file(), reason="shared/clinical/reference.yaml not beside")
def test_every_name_the_reference_lists_maps_to_its_class() -> None:
    # medications[].names (generic_en, generic_es, us_brands) and brand_aliases (aliases and
    # brand forms), revision 2026-12b: each is recognised as a drug of that entry's class.
    reference = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    missing = []
    for entry in reference["medications"]:
        names = []
        for listed in entry.get("names") or []:
            names += [listed.get("generic_en"), listed.get("generic_es")]
            names += listed.get("us_brands") or []
        for alias in (entry.get("brand_aliases") or {}).get("aliases", []):
            names += [alias["alias"], *(alias.get("brand_forms") or [])]
        for name in filter(None, names):
            # 'albuterol (salbutamol)': the name, or what is before or inside the brackets.
            found = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
            variants = [name, *(found.groups() if found else ())]
            if not any(
                (match := drugs().match(v)) is not None and entry["id"] in match.class_ids
                for v in variants
            ):
                missing.append((entry["id"], name))
    assert missing == []
