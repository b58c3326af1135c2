"""The assessment document parser: what it accepts, what it refuses and how it names the field."""

from __future__ import annotations

import copy
import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import pytest

from clinic_desktop.domain.assessment import Vitals
from clinic_desktop.interop.assessment_json import (
    AssessmentFormatError,
    assessment_to_document,
    decode_json,
    load_assessment_file,
    parse_assessment,
)


class FakeCatalog:
    """The two catalogue questions the parser asks, answered as the contract lists them."""

    UNITS: ClassVar[dict[str, tuple[str, ...]]] = {
        "magnesium": ("mmol/L", "mg/dL", "mEq/L"),
        "potassium": ("mmol/L", "mEq/L"),
        "calcium": ("mmol/L", "mg/dL"),
        "creatine_kinase": ("U/L",),
    }
    LOINC: ClassVar[dict[str, str]] = {"19123-9": "magnesium", "2823-3": "potassium"}

    def units_for(self, test: str) -> tuple[str, ...]:
        return self.UNITS.get(test, ("mmol/L",))

    def test_for_loinc(self, code: str) -> str | None:
        return self.LOINC.get(code)

    def corrected_test_for_loinc(self, code: str) -> str | None:
        return "calcium" if code == "29265-6" else None

    def loinc_agrees_with_unit(self, code: str, test: str, unit: str) -> bool:
        return code != "19123-9" or unit == "mg/dL"


CATALOG = FakeCatalog()


def example() -> dict[str, Any]:
    """The contract's own example input document (copied so each test may change it)."""
    return {
        "format": "clinic-desktop.assessment",
        "version": 1,
        "patient": {
            "mrn": "A-1001",
            "family_name": "García",
            "given_name": "Ana",
            "birth_date": "1961-04-02",
            "sex": "female",
            "pregnant": False,
            "pregnancy_weeks": None,
            "language": "es",
        },
        "visit_date": "2026-11-20",
        "history": {
            "presentations": ["nocturnal_leg_cramps"],
            "sites": ["calf"],
            "episodes_per_week": 4,
            "episode_duration_seconds": 90,
            "pain_score": 7,
            "penn_spasm_frequency": None,
            "triggers": ["night_rest"],
            "symptoms": ["localized_pain", "sleep_disruption"],
            "dark_urine": False,
            "progressive": False,
            "conditions": ["smoker"],
        },
        "exam": {
            "strength": [{"muscle": "ankle_dorsiflexors", "side": "left", "mrc": "4"}],
            "reflexes": [{"reflex": "achilles", "side": "left", "grade": "1+"}],
            "tone": [{"muscle": "elbow_flexors", "side": "right", "modified_ashworth": "1+"}],
            "plantar": {"left": "flexor", "right": "flexor"},
            "ankle_clonus": {"left": False, "right": False},
            "fasciculations": [{"site": "calf", "side": "left"}],
            "atrophy": [],
            "sensory_loss": [],
            "chvostek": False,
            "trousseau": False,
        },
        "labs": [
            {"test": "magnesium", "value": 1.5, "unit": "mg/dL"},
            {
                "test": "potassium",
                "value": 3.1,
                "unit": "mmol/L",
                "reference_low": 3.5,
                "reference_high": 5.1,
            },
        ],
        "vascular": {
            "brachial_systolic_mmhg": {"left": 128, "right": 132},
            "ankle_systolic_mmhg": {
                "left": {"dorsalis_pedis": 110, "posterior_tibial": 114},
                "right": {"dorsalis_pedis": 120, "posterior_tibial": 118},
            },
            "pulses": [{"artery": "dorsalis_pedis", "side": "left", "grade": 1}],
            "capillary_refill_seconds": 2.0,
            "claudication": False,
        },
        "medications": [{"name": "hydrochlorothiazide", "dose": "25 mg daily"}],
    }


def error_of(document: object) -> str:
    with pytest.raises(AssessmentFormatError) as caught:
        parse_assessment(document, CATALOG)
    text = str(caught.value)
    assert "\n" not in text
    return text


def test_the_contract_example_is_accepted_as_written() -> None:
    assessment = parse_assessment(example(), CATALOG)
    assert assessment.patient.family_name == "García"
    assert assessment.patient.birth_date == date(1961, 4, 2)
    assert assessment.visit_date == date(2026, 11, 20)
    assert assessment.exam is not None
    assert assessment.exam.strength is not None
    assert assessment.exam.strength[0].mrc == "4"
    assert assessment.exam.atrophy == []
    assert assessment.labs is not None
    assert assessment.labs[1].reference_low == 3.5
    assert assessment.history is not None
    assert assessment.history.penn_spasm_frequency is None


def test_absent_sections_stay_not_assessed() -> None:
    minimal = {key: example()[key] for key in ("format", "version")}
    minimal["patient"] = {
        "mrn": "B-1",
        "family_name": "Núñez",
        "given_name": "Íñigo",
        "birth_date": "1990-01-31",
    }
    assessment = parse_assessment(minimal, CATALOG)
    assert assessment.history is None
    assert assessment.exam is None
    assert assessment.labs is None
    assert assessment.medications is None
    assert assessment.patient.sex is None


def test_export_gives_back_the_document_without_its_nulls() -> None:
    document = example()
    exported = assessment_to_document(parse_assessment(document, CATALOG))
    del document["patient"]["pregnancy_weeks"]
    del document["history"]["penn_spasm_frequency"]
    assert exported == document


def test_loinc_alone_names_the_test() -> None:
    document = example()
    document["labs"][0] = {"loinc": "19123-9", "value": 1.5, "unit": "mg/dL"}
    assessment = parse_assessment(document, CATALOG)
    assert assessment.labs is not None
    assert assessment.labs[0].test == "magnesium"
    assert assessment.labs[0].loinc == "19123-9"


def test_vitals_and_context_extensions_are_accepted() -> None:
    document = example()
    name = dataclasses.fields(Vitals)[0].name
    document["vitals"] = {name: 38.5}
    document["context"] = ["recent_exertion"]
    assessment = parse_assessment(document, CATALOG)
    assert assessment.vitals is not None
    assert getattr(assessment.vitals, name) == 38.5
    assert assessment.context == ["recent_exertion"]


def change(path: tuple[Any, ...], value: Any, delete: bool = False) -> dict[str, Any]:
    document = example()
    node: Any = document
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("history", "colour"), "red", "history.colour: unknown key"),
        (("colour",), "red", "colour: unknown key"),
        (("history", "pain score"), 3, "history['pain score']: unknown key"),
        (("history", "dolor\nnocturno"), 3, "history['dolor\\nnocturno']: unknown key"),
        (("labs", 1, "unit"), "mg", "labs[1].unit: unknown unit 'mg' for potassium"),
        (
            ("labs", 0, "unit"),
            "mg",
            "labs[0].unit: unknown unit 'mg' for magnesium (known: mmol/L, mg/dL, mEq/L)",
        ),
        (("exam", "strength", 0, "mrc"), 4, "exam.strength[0].mrc: expected text in quotes, got 4"),
        (("exam", "strength", 0, "mrc"), "6", "exam.strength[0].mrc: unknown value '6'"),
        (("exam", "reflexes", 0, "grade"), "2", "exam.reflexes[0].grade: unknown value '2'"),
        (
            ("exam", "tone", 0, "modified_ashworth"),
            "1-",
            "exam.tone[0].modified_ashworth: unknown value",
        ),
        (("exam", "plantar", "left"), "up", "exam.plantar.left: unknown value 'up'"),
        (
            ("exam", "sensory_loss"),
            [{"site": "calf", "side": "left", "modality": "heat"}],
            "exam.sensory_loss[0].modality: unknown value 'heat'",
        ),
        (
            ("exam", "atrophy"),
            [{"site": "calf", "side": "left", "modality": "pinprick"}],
            "exam.atrophy[0].modality: unknown key",
        ),
        (
            ("patient", "birth_date"),
            "1961-02-30",
            "patient.birth_date: is not a real date",
        ),
        (
            ("patient", "birth_date"),
            "02/04/1961",
            "patient.birth_date: expected a date as YYYY-MM-DD",
        ),
        (("visit_date"), "20261120", "visit_date: expected a date as YYYY-MM-DD"),
        (
            ("visit_date",),
            "1950-01-01",
            "visit_date: 1950-01-01 is before the patient's birth date",
        ),
        (
            ("patient", "sex"),
            "f",
            "patient.sex: unknown value (known: female, male, other, unknown)",
        ),
        (("patient", "language"), "fr", "patient.language: unknown value (known: en, es)"),
        (("patient", "mrn"), "  ", "patient.mrn: must not be blank"),
        (
            ("history", "pain_score"),
            11,
            "history.pain_score: input should be less than or equal to 10",
        ),
        (("history", "pain_score"), 7.5, "history.pain_score: input should be a valid integer"),
        (
            ("history", "penn_spasm_frequency"),
            5,
            "history.penn_spasm_frequency: input should be less than or equal to 4",
        ),
        (
            ("history", "episodes_per_week"),
            -1,
            "history.episodes_per_week: input should be greater than or equal to 0",
        ),
        (
            ("history", "episode_duration_seconds"),
            "90",
            "history.episode_duration_seconds: input should be a valid number",
        ),
        (("history", "dark_urine"), 1, "history.dark_urine: input should be a valid boolean"),
        (
            ("history", "presentations"),
            ["cramps"],
            "history.presentations[0]: unknown value 'cramps'",
        ),
        (("history", "symptoms"), "weakness", "history.symptoms: input should be a valid list"),
        (
            ("vascular", "pulses", 0, "grade"),
            4,
            "vascular.pulses[0].grade: unknown value 4 (known: 0, 1, 2, 3)",
        ),
        (
            ("vascular", "pulses", 0, "grade"),
            "2",
            "vascular.pulses[0].grade: input should be a valid integer",
        ),
        (
            ("vascular", "brachial_systolic_mmhg", "left"),
            0,
            "vascular.brachial_systolic_mmhg.left: input should be greater than 0",
        ),
        (("labs", 0, "value"), "1.5", "labs[0].value: input should be a valid number"),
        (("labs", 0, "value"), -0.5, "labs[0].value: input should be greater than or equal to 0"),
        (
            ("labs", 1, "reference_low"),
            -1,
            "labs[1].reference_low: input should be greater than or equal to 0",
        ),
        (("labs", 0, "value"), float("inf"), "labs[0].value: must be a finite number"),
        (("labs", 0, "test"), "magnesio", "labs[0].test: unknown value 'magnesio'"),
        (("labs", 1, "reference_low"), 6, "labs[1].reference_low: 6 is above reference_high 5.1"),
        (
            ("labs", 0, "loinc"),
            "2823-3",
            "labs[0].loinc: LOINC 2823-3 is potassium, but test says magnesium",
        ),
        (("labs", 0, "loinc"), "0000-0", "labs[0].loinc: unknown LOINC code '0000-0'"),
        (
            ("medications", 0, "started"),
            "2026-13",
            "medications[0].started: '2026-13' is not a real date",
        ),
        (
            ("medications", 0, "started"),
            "March 2026",
            "medications[0].started: expected YYYY-MM-DD or YYYY-MM",
        ),
        (("medications", 0, "name"), "", "medications[0].name: must not be blank"),
        (("vitals",), {"pulse": 80}, "vitals.pulse: unknown key"),
        (("vitals",), 5, "vitals: expected a JSON object, got 5"),
        (("patient",), "A-1001", "patient: expected a JSON object"),
        (("labs", 1), "potassium", "labs[1]: expected a JSON object, got 'potassium'"),
        (("context",), ["Recent exertion"], "context[0]: 'Recent exertion' is not a snake_case id"),
        (("format",), "clinic-desktop.evaluation", "format: expected 'clinic-desktop.assessment'"),
        (("version",), 2, "version: this program reads version 1, got 2"),
        (("version",), True, "version: this program reads version 1, got true"),
    ],
)
def test_each_error_names_its_field(path: tuple[Any, ...], value: Any, expected: str) -> None:
    if isinstance(path, str):
        path = (path,)
    assert error_of(change(path, value)).startswith(expected)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("patient", "mrn"), "patient.mrn: required"),
        (("patient", "birth_date"), "patient.birth_date: required"),
        (("patient",), "patient: required"),
        (("format",), "format: required ('clinic-desktop.assessment')"),
        (("labs", 0, "unit"), "labs[0].unit: required"),
        (("labs", 0, "test"), "labs[0].test: required (or give loinc)"),
        (("exam", "strength", 0, "side"), "exam.strength[0].side: required"),
    ],
)
def test_missing_required_field_is_named(path: tuple[Any, ...], expected: str) -> None:
    assert error_of(change(path, None, delete=True)) == expected


def test_a_document_that_is_not_an_object_is_refused() -> None:
    assert error_of([example()]).startswith("(document): expected a JSON object")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{\n  "format": "x",\n  "version": 1,\n}', "line 4 column 1: malformed JSON:"),
        ('{"a": 1, "a": 2}', "(document): malformed JSON: duplicate key 'a'"),
        ('{"a": NaN}', "(document): malformed JSON: NaN is not a JSON number"),
        ("", "line 1 column 1: malformed JSON:"),
    ],
)
def test_malformed_json_names_line_and_column(text: str, expected: str) -> None:
    with pytest.raises(AssessmentFormatError) as caught:
        decode_json(text)
    assert str(caught.value).startswith(expected)


def test_file_problems_are_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(AssessmentFormatError) as caught:
        load_assessment_file(missing, CATALOG)
    assert str(caught.value).startswith(f"{missing}: no such file")
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes(json.dumps(example(), ensure_ascii=False).encode("latin-1"))
    with pytest.raises(AssessmentFormatError) as caught:
        load_assessment_file(latin1, CATALOG)
    assert "not UTF-8" in str(caught.value)


def test_a_file_with_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(example(), ensure_ascii=False).encode())
    assert load_assessment_file(path, CATALOG).patient.given_name == "Ana"


def test_the_parser_does_not_change_its_input() -> None:
    document = example()
    before = copy.deepcopy(document)
    parse_assessment(document, CATALOG)
    assert document == before


def test_a_mass_loinc_code_with_a_molar_unit_is_a_coding_error() -> None:
    document = example()
    document["labs"][0] = {"loinc": "19123-9", "value": 0.6, "unit": "mmol/L"}
    assert error_of(document).startswith("labs[0].loinc: LOINC 19123-9 does not code magnesium")


def test_the_shipped_lab_catalogue_accepts_every_unit_of_the_contract() -> None:
    from clinic_desktop.knowledge.lab_catalog import load_lab_catalog

    catalog = load_lab_catalog()
    contract_units = {
        "magnesium": ("mmol/L", "mg/dL", "mEq/L"),
        "calcium": ("mmol/L", "mg/dL"),
        "ionized_calcium": ("mmol/L", "mg/dL"),
        "albumin": ("g/L", "g/dL"),
        "vitamin_d_25oh": ("nmol/L", "ng/mL"),
        "free_t4": ("pmol/L", "ng/dL"),
        "cortisol_am": ("nmol/L", "ug/dL"),
        "creatine_kinase": ("U/L",),
        "tsh": ("mIU/L",),
        "potassium": ("mmol/L", "mEq/L"),
        "sodium": ("mmol/L", "mEq/L"),
        "phosphate": ("mmol/L", "mg/dL"),
        "vitamin_b12": ("pmol/L", "pg/mL"),
        "folate": ("nmol/L", "ng/mL"),
        "glucose": ("mmol/L", "mg/dL"),
        "hba1c": ("%", "mmol/mol"),
        "creatinine": ("umol/L", "mg/dL"),
        "egfr": ("mL/min/1.73m2",),
    }
    for test, units in contract_units.items():
        for unit in units:
            document = example()
            document["labs"] = [{"test": test, "value": 1.0, "unit": unit}]
            assert parse_assessment(document, catalog).labs is not None
    document = example()
    document["labs"][1]["unit"] = "mg"
    with pytest.raises(AssessmentFormatError) as caught:
        parse_assessment(document, catalog)
    assert (
        str(caught.value) == "labs[1].unit: unknown unit 'mg' for potassium (known: mmol/L, mEq/L)"
    )
    document = example()
    document["labs"][0] = {"loinc": "2601-3", "value": 0.6, "unit": "mg/dL"}
    with pytest.raises(AssessmentFormatError) as caught:
        parse_assessment(document, catalog)
    assert str(caught.value).startswith("labs[0].loinc: LOINC 2601-3 does not code magnesium")


def test_context_ids_are_checked_against_the_programs_list() -> None:
    known = ("strenuous_exertion", "high_ambient_heat")
    document = example()
    document["context"] = ["high_ambient_heat", "strenous_exertion"]
    with pytest.raises(AssessmentFormatError) as caught:
        parse_assessment(document, CATALOG, context_ids=known)
    assert str(caught.value) == (
        "context[1]: unknown id 'strenous_exertion' (docs/input-extensions.md lists them); "
        "did you mean 'strenuous_exertion'?"
    )
    document["context"] = ["high_ambient_heat", "strenuous_exertion"]
    assert parse_assessment(document, CATALOG, context_ids=known).context == list(
        document["context"]
    )


def test_a_corrected_calcium_loinc_asks_for_the_measured_value() -> None:
    document = {
        "format": "clinic-desktop.assessment",
        "version": 1,
        "patient": {"mrn": "1", "family_name": "A", "given_name": "B", "birth_date": "1961-04-02"},
        "labs": [{"loinc": "29265-6", "value": 2.1, "unit": "mmol/L"}],
    }
    with pytest.raises(AssessmentFormatError) as refused:
        parse_assessment(document, CATALOG)
    assert str(refused.value).startswith(
        "labs[0].loinc: LOINC 29265-6 is a calculated (corrected) calcium"
    )
