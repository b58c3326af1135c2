"""Properties of the assessment parser: it only ever refuses with a named field, and it round-trips."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.domain import vocabulary as vocab
from clinic_desktop.domain.assessment import Vitals
from clinic_desktop.domain.identifiers import normalise_mrn
from clinic_desktop.interop.assessment_json import (
    AssessmentFormatError,
    assessment_to_document,
    decode_json,
    known_unit,
    load_assessment_file,
    parse_assessment,
)
from clinic_desktop.knowledge.lab_catalog import load_lab_catalog
from tests.unit.test_assessment_json import CATALOG, FakeCatalog, example

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def refuses_cleanly(document: object) -> AssessmentFormatError | None:
    """Parse; any refusal must be an AssessmentFormatError of one line."""
    try:
        parse_assessment(document, CATALOG)
    except AssessmentFormatError as error:
        assert "\n" not in str(error)
        assert "instance of" not in str(error), "the parser's class names must not leak"
        return error
    return None


@given(json_values)
def test_arbitrary_json_is_refused_only_with_a_format_error(value: object) -> None:
    refuses_cleanly(value)


@given(st.dictionaries(st.sampled_from(list(example())), json_values, max_size=8))
def test_arbitrary_values_under_the_real_keys_never_crash(document: dict[str, Any]) -> None:
    refuses_cleanly({"format": "clinic-desktop.assessment", "version": 1, **document})


@given(st.text(max_size=40))
def test_arbitrary_text_is_valid_json_or_a_located_error(text: str) -> None:
    try:
        decode_json(text)
    except AssessmentFormatError as error:
        assert "malformed JSON" in str(error)
        assert "\n" not in str(error)


def objects_in(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every JSON object in `node` with its field path (`exam.strength[0]`)."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        found.append((path, node))
        for key, child in node.items():
            found += objects_in(child, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += objects_in(child, f"{path}[{index}]")
    return found


@given(st.data(), st.from_regex(r"[a-z_]{1,12}", fullmatch=True))
def test_an_unknown_key_anywhere_is_named(data: st.DataObject, name: str) -> None:
    document = example()
    path, target = data.draw(st.sampled_from(objects_in(document)))
    key = f"x_{name}"  # no key of the format starts with "x_"
    target[key] = data.draw(json_values)
    error = refuses_cleanly(document)
    assert error is not None
    assert str(error) == (f"{path}.{key}: unknown key" if path else f"{key}: unknown key")


@given(st.integers(0, 1), st.text(min_size=1, max_size=10))
def test_a_unit_the_catalogue_does_not_know_is_named(index: int, unit: str) -> None:
    document = example()
    lab = document["labs"][index]
    if known_unit(unit, FakeCatalog().units_for(lab["test"])) is not None:
        return
    lab["unit"] = unit
    error = refuses_cleanly(document)
    assert error is not None
    assert str(error).startswith(f"labs[{index}].unit: ")


OUT_OF_RANGE = {
    ("history", "pain_score"): st.integers(11, 10**6) | st.integers(-(10**6), -1),
    ("history", "penn_spasm_frequency"): st.integers(5, 10**6) | st.integers(-(10**6), -1),
    ("history", "episodes_per_week"): st.floats(max_value=-1e-9, allow_nan=False),
    ("history", "episode_duration_seconds"): st.integers(max_value=-1),
    ("vascular", "capillary_refill_seconds"): st.floats(max_value=-1e-9, allow_nan=False),
    ("vascular", "brachial_systolic_mmhg", "left"): st.floats(max_value=0, allow_nan=False),
}


@given(st.data(), st.sampled_from(sorted(OUT_OF_RANGE)))
def test_an_out_of_range_value_names_its_field(data: st.DataObject, path: tuple[str, ...]) -> None:
    document = example()
    node: Any = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = data.draw(OUT_OF_RANGE[path])
    error = refuses_cleanly(document)
    assert error is not None
    assert str(error).startswith(".".join(path) + ": ")


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def some_of(values: tuple[Any, ...]) -> st.SearchStrategy[list[Any]]:
    return st.lists(st.sampled_from(values), max_size=3)


sides = st.sampled_from(vocab.SIDES)
sites = st.sampled_from(vocab.SITES)
# Text as a person types it: no control characters, no halves of UTF-16 pairs (refused).
texts = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=12).filter(
    str.strip
)


def _normal_mrn(text: str) -> str | None:
    try:
        return normalise_mrn(text)
    except ValueError:
        return None


# Stored MRNs are normalised (domain.identifiers): a document written back holds that form.
mrns = texts.map(_normal_mrn).filter(lambda mrn: mrn is not None)
amounts = st.integers(0, 400) | st.floats(0, 400, allow_nan=False)
days = st.dates(min_value=date(1900, 1, 1)).map(lambda d: d.isoformat())


def objects(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON object of which each of `fields` may be absent, null or drawn."""
    return st.fixed_dictionaries({}, optional=fields)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    pregnant = draw(optional(st.booleans()))
    patient = {
        "mrn": draw(mrns),
        "family_name": draw(texts),
        "given_name": draw(texts),
        "birth_date": "1950-06-15",
        **draw(
            objects(
                sex=optional(st.sampled_from(vocab.SEXES)),
                language=optional(st.sampled_from(vocab.LANGUAGES)),
                pregnancy_weeks=st.integers(0, 42) if pregnant else st.none(),
            )
        ),
    }
    if pregnant is not None:
        patient["pregnant"] = pregnant
    site_finding = st.fixed_dictionaries({"site": sites, "side": sides})
    units = FakeCatalog.UNITS
    lab = st.sampled_from(sorted(units)).flatmap(
        lambda test: st.fixed_dictionaries(
            {"test": st.just(test), "value": amounts, "unit": st.sampled_from(units[test])},
            optional={"reference_low": st.just(0.5), "reference_high": st.just(9.5)},
        )
    )
    ankle = objects(dorsalis_pedis=amounts, posterior_tibial=amounts)
    sections = objects(
        visit_date=st.just("2026-11-20"),
        history=objects(
            presentations=some_of(vocab.PRESENTATIONS),
            sites=some_of(vocab.SITES),
            episodes_per_week=amounts,
            episode_duration_seconds=amounts,
            pain_score=st.integers(0, 10),
            penn_spasm_frequency=st.integers(0, 4),
            triggers=some_of(vocab.TRIGGERS),
            symptoms=some_of(vocab.SYMPTOMS),
            dark_urine=st.booleans(),
            progressive=st.booleans(),
            conditions=some_of(vocab.CONDITIONS),
        ),
        exam=objects(
            strength=st.lists(
                st.fixed_dictionaries(
                    {
                        "muscle": st.sampled_from(vocab.MUSCLES),
                        "side": sides,
                        "mrc": st.sampled_from(vocab.MRC_GRADES),
                    }
                ),
                max_size=3,
            ),
            reflexes=st.lists(
                st.fixed_dictionaries(
                    {
                        "reflex": st.sampled_from(vocab.REFLEXES),
                        "side": sides,
                        "grade": st.sampled_from(vocab.REFLEX_GRADES),
                    }
                ),
                max_size=3,
            ),
            tone=st.lists(
                st.fixed_dictionaries(
                    {
                        "muscle": st.sampled_from(vocab.MUSCLES),
                        "side": sides,
                        "modified_ashworth": st.sampled_from(vocab.MODIFIED_ASHWORTH_GRADES),
                    }
                ),
                max_size=2,
            ),
            plantar=objects(
                left=st.sampled_from(vocab.PLANTAR_RESPONSES),
                right=st.sampled_from(vocab.PLANTAR_RESPONSES),
            ),
            ankle_clonus=objects(left=st.booleans(), right=st.booleans()),
            fasciculations=st.lists(site_finding, max_size=2),
            atrophy=st.lists(site_finding, max_size=2),
            sensory_loss=st.lists(
                st.fixed_dictionaries(
                    {"site": sites, "side": sides},
                    optional={"modality": st.sampled_from(vocab.SENSORY_MODALITIES)},
                ),
                max_size=2,
            ),
            chvostek=st.booleans(),
            trousseau=st.booleans(),
        ),
        labs=st.lists(lab, max_size=4),
        vascular=objects(
            brachial_systolic_mmhg=objects(
                left=st.integers(60, 250), right=st.floats(60, 250, allow_nan=False)
            ),
            ankle_systolic_mmhg=objects(left=ankle, right=ankle),
            pulses=st.lists(
                st.fixed_dictionaries(
                    {
                        "artery": st.sampled_from(vocab.ARTERIES),
                        "side": sides,
                        "grade": st.sampled_from(vocab.PULSE_GRADES),
                    }
                ),
                max_size=3,
            ),
            capillary_refill_seconds=amounts,
            claudication=st.booleans(),
        ),
        medications=st.lists(
            st.fixed_dictionaries(
                {"name": texts},
                optional={
                    "dose": st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=10),
                    "started": days | days.map(lambda d: d[:7]),
                },
            ),
            max_size=3,
        ),
        vitals=objects(**{f.name: amounts for f in dataclasses.fields(Vitals)}),
        context=st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True), max_size=2),
    )
    return {
        "format": "clinic-desktop.assessment",
        "version": 1,
        "patient": patient,
        **draw(sections),
    }


def normalised(node: Any) -> Any:
    """Compare as JSON readers do: no nulls, numbers as floats (4 and 4.0 are one value)."""
    if isinstance(node, dict):
        return {k: normalised(v) for k, v in node.items() if v is not None}
    if isinstance(node, list):
        return [normalised(v) for v in node]
    if isinstance(node, int | float) and not isinstance(node, bool):
        return float(node)
    return node


@settings(max_examples=150)
@given(documents())
def test_import_then_export_is_lossless(document: dict[str, Any]) -> None:
    exported = assessment_to_document(parse_assessment(document, CATALOG))
    assert normalised(exported) == normalised(document)
    again = json.loads(json.dumps(exported, ensure_ascii=False))
    assert parse_assessment(again, CATALOG) == parse_assessment(document, CATALOG)


@given(st.data(), st.text(min_size=1, max_size=6))
def test_any_unknown_key_is_named_on_one_line(data: st.DataObject, name: str) -> None:
    document = example()
    _path, target = data.draw(st.sampled_from(objects_in(document)))
    key = f"x {name}"  # a space makes it unknown and forces quoting
    target[key] = 1
    error = refuses_cleanly(document)
    assert error is not None
    assert str(error).endswith(": unknown key")
    assert repr(key) in str(error)


@settings(max_examples=60)
@given(st.binary(max_size=80) | st.text(max_size=80).map(str.encode))
def test_any_file_content_is_read_or_refused_in_one_line(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.json"
        path.write_bytes(content)
        try:
            load_assessment_file(path, CATALOG)
        except AssessmentFormatError as error:
            assert "\n" not in str(error)


REAL_CATALOG = load_lab_catalog()


@st.composite
def respelt(draw: st.DrawFn, unit: str) -> str:
    """`unit` as a clinician might type it: any letter case, µ or μ for u, spaces around / ."""
    out = []
    for char in unit:
        if char == "u":
            char = draw(st.sampled_from(["u", "U", "\u00b5", "\u03bc"]))
        elif char.isalpha():
            char = draw(st.sampled_from([char.lower(), char.upper()]))
        elif char in "/." and draw(st.booleans()):
            char = f" {char} "
        out.append(char)
    return "".join(out)


@given(st.data(), st.sampled_from(sorted(vocab.LAB_TESTS)))
def test_a_known_unit_in_another_spelling_is_read_as_the_catalogue_writes_it(
    data: st.DataObject, test: str
) -> None:
    units = REAL_CATALOG.units_for(test)
    unit = data.draw(st.sampled_from(units))
    typed = data.draw(respelt(unit))
    document = example()
    document["labs"] = [{"test": test, "value": 1.5, "unit": typed}]
    (lab,) = parse_assessment(document, REAL_CATALOG).labs or []
    assert lab.unit == unit


@given(
    st.text(alphabet="mgunolLdUIcµμ/%.12 ", max_size=10) | st.text(max_size=10),
    st.sampled_from(sorted(vocab.LAB_TESTS)),
)
def test_another_spelling_never_names_a_different_quantity(typed: str, test: str) -> None:
    units = REAL_CATALOG.units_for(test)
    found = known_unit(typed, units)
    if found is None:
        return
    # Every unit of the test that `typed` could also be read as gives the same number.
    for unit in units:
        if known_unit(typed, (unit,)) is not None:
            assert REAL_CATALOG.convert(test, 1, unit, found) == 1


WHOLE_NUMBER_FIELDS = {
    ("history", "pain_score"): (0, 10),
    ("history", "penn_spasm_frequency"): (0, 4),
    ("patient", "pregnancy_weeks"): (0, 45),
    ("vascular", "pulses", 0, "grade"): (0, 3),
}


@given(st.data(), st.sampled_from(sorted(WHOLE_NUMBER_FIELDS, key=str)))
def test_a_whole_number_written_with_a_point_zero_is_that_number(
    data: st.DataObject, path: tuple[Any, ...]
) -> None:
    # JSON has one number type: 7.0 is the number 7 (a Python writer prints 7 as 7.0 when it
    # was computed as a float); 7.5 is still refused, and so is the text "7".
    low, high = WHOLE_NUMBER_FIELDS[path]
    whole = data.draw(st.integers(low, high))
    document = example()
    document["patient"]["pregnant"] = True
    node: Any = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = float(whole)
    as_float = parse_assessment(document, CATALOG)
    node[path[-1]] = whole
    assert as_float == parse_assessment(document, CATALOG)
    node[path[-1]] = whole + 0.5
    assert refuses_cleanly(document) is not None
    node[path[-1]] = str(whole)
    assert refuses_cleanly(document) is not None
