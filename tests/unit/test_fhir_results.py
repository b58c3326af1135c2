"""FHIR results in: the same mapping as the export, read back; anything else one clear refusal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import Assessment, LabResult, Patient
from clinic_desktop.interop.fhir import FhirResultsError, assessment_to_fhir, results_from_fhir
from clinic_desktop.knowledge.lab_catalog import load_lab_catalog

CATALOG = load_lab_catalog()
tests_and_units = st.sampled_from(
    [(test, unit) for test in CATALOG.tests() for unit in CATALOG.units_for(test)]
)


@settings(max_examples=60, deadline=None)
@given(
    labs=st.lists(
        st.tuples(tests_and_units, st.decimals(min_value=0, max_value=5000, places=2)),
        min_size=1,
        max_size=5,
        unique_by=lambda lab: lab[0][0],
    )
)
def test_exported_results_come_back_with_their_codes_units_and_values(
    labs: list[tuple[tuple[str, str], Any]],
) -> None:
    patient = Patient("HC-1001", "Ruiz", "Ana", date(1958, 3, 1), "female")
    results = [LabResult(test, float(value), unit) for (test, unit), value in labs]
    bundle = assessment_to_fhir(Assessment(patient, date(2026, 11, 20), labs=results), CATALOG, "7")
    received = results_from_fhir(bundle)
    assert [(r.value, r.unit) for r in received] == [(lab.value, lab.unit) for lab in results]
    assert [CATALOG.test_for_loinc(r.loinc or "") for r in received] == [
        lab.test for lab in results
    ]
    assert {r.patient.mrn for r in received} == {"HC-1001"}
    assert {r.patient.birth_date for r in received} == {date(1958, 3, 1)}
    assert {r.collected_at for r in received} == {"2026-11-20"}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(
    document=st.fixed_dictionaries(
        {"resourceType": st.sampled_from(["Bundle", "Observation", "Patient", 3])},
        optional={
            "entry": json_values,
            "status": json_values,
            "code": json_values,
            "valueQuantity": json_values,
            "type": json_values,
        },
    )
    | json_values
)
def test_any_json_is_results_or_one_clear_refusal(document: object) -> None:
    try:
        results_from_fhir(document)
    except FhirResultsError as error:
        assert "\n" not in str(error)


def test_an_observation_without_a_value_is_read_with_none() -> None:
    (result,) = results_from_fhir(
        {
            "resourceType": "Observation",
            "status": "preliminary",
            "code": {"coding": [{"system": "http://loinc.org", "code": "2601-3"}]},
            "valueString": "haemolysed",
        }
    )
    assert result.value is None and result.status == "P" and result.loinc == "2601-3"


@pytest.mark.parametrize(
    "document",
    [
        {"resourceType": "Observation", "status": "final"},
        {"resourceType": "Observation", "status": "final", "code": {}, "valueQuantity": 3},
        {"resourceType": "Bundle", "type": "collection", "entry": []},
    ],
)
def test_invalid_fhir_is_refused(document: dict[str, Any]) -> None:
    with pytest.raises(FhirResultsError):
        results_from_fhir(document)


@pytest.mark.parametrize("key", ["\n", "Ana Ruiz 1958-03-01", "x\u2028y"])
def test_a_key_the_file_made_up_is_not_repeated_in_the_refusal(key: str) -> None:
    # Hypothesis found a refusal two lines long: the unknown key was a line break.
    with pytest.raises(FhirResultsError) as refused:
        results_from_fhir({"resourceType": "Observation", "code": {key: None}})
    message = str(refused.value)
    assert message.startswith("code.(field): ") and key not in message
    assert len(message.splitlines()) == 1


def test_an_examination_grade_is_not_read_as_a_result() -> None:
    exam_grade = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "exam",
                    }
                ]
            }
        ],
        "code": {"coding": [{"system": "urn:clinic-desktop:exam", "code": "mrc_strength"}]},
        "valueString": "4",
    }
    with pytest.raises(FhirResultsError, match="no laboratory Observation"):
        results_from_fhir(exam_grade)
    uncategorised = {k: v for k, v in exam_grade.items() if k != "category"}
    assert [r.code for r in results_from_fhir(uncategorised)] == ["mrc_strength"]
