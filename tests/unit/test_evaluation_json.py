"""The evaluation document: the contract's keys and numbers, exactly as written there."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.domain.numbers import round_half_away
from clinic_desktop.interop.evaluation_json import (
    LABORATORY_INTERVAL,
    evaluation_to_document,
    json_number,
)
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.rules.evaluation import (
    CarePlanItem,
    Derived,
    Evaluation,
    Finding,
    InterpretedLab,
    RedFlag,
)

SOURCE = "allen_2012_nocturnal_leg_cramps"
OTHER = "katzberg_2010_aan_cramps"
CITATIONS = load_knowledge().citations
FULL = CITATIONS.get(SOURCE).full()


def evaluation(derived: Derived | None = None) -> Evaluation:
    return Evaluation(
        language="es",
        derived=derived or Derived(),
        labs=(
            InterpretedLab(
                test="magnesium",
                value=1.5,
                unit="mg/dL",
                value_si=Decimal("0.617"),
                unit_si="mmol/L",
                interpretation="L",
                loinc="19123-9",
            ),
            InterpretedLab(
                test="creatine_kinase",
                value=980.0,
                unit="U/L",
                value_si=Decimal("980"),
                unit_si="U/L",
                interpretation=None,
                reference_high=80.0,
                laboratory_interval=True,
            ),
        ),
        findings=(
            Finding("hypomagnesemia", "Magnesio bajo", (SOURCE,), icd10cm="E83.42"),
            Finding("motor_neuron_pattern", "Patrón", (SOURCE, OTHER, SOURCE)),
        ),
        icd10cm=("G47.62", "E83.42"),
        red_flags=(
            RedFlag("rhabdomyolysis", "emergency", "emergency_department", "Urgencias", (SOURCE,)),
        ),
        suggested_lab_orders=("calcium", "albumin"),
        care_plan=(
            CarePlanItem(
                "calf_hamstring_stretching",
                "physiotherapy",
                "Estiramientos",
                (SOURCE,),
                evidence="low",
            ),
        ),
    )


def test_document_has_the_contract_shape() -> None:
    document = evaluation_to_document(evaluation(), CITATIONS)
    assert document["format"] == "clinic-desktop.evaluation"
    assert document["version"] == 1
    assert document["derived"] == {}
    assert document["labs"][0] == {
        "test": "magnesium",
        "loinc": "19123-9",
        "value": 1.5,
        "unit": "mg/dL",
        "value_si": 0.617,
        "unit_si": "mmol/L",
        "interpretation": "L",
    }
    ck = document["labs"][1]
    assert "loinc" not in ck
    assert ck["value_si"] == 980
    assert ck["reference_high"] == 80.0
    assert ck["interval_source"] == LABORATORY_INTERVAL
    assert document["findings"][0] == {
        "id": "hypomagnesemia",
        "icd10cm": "E83.42",
        "text": "Magnesio bajo",
        "sources": [FULL],
    }
    assert "icd10cm" not in document["findings"][1]
    # Each work once, as its full citation: ids never reach the document.
    assert document["findings"][1]["sources"] == [FULL, CITATIONS.get(OTHER).full()]
    assert document["icd10cm"] == ["G47.62", "E83.42"]
    assert document["red_flags"] == [
        {
            "id": "rhabdomyolysis",
            "urgency": "emergency",
            "referral": "emergency_department",
            "text": "Urgencias",
            "sources": [FULL],
        }
    ]
    assert document["suggested_lab_orders"] == ["calcium", "albumin"]
    assert document["care_plan"][0]["section"] == "physiotherapy"
    assert document["care_plan"][0]["sources"] == [FULL]


def test_derived_carries_only_what_was_computed() -> None:
    derived = Derived(
        abi={"left": Decimal("0.86")},
        abi_category={"left": "abnormal"},
        egfr_ml_min_1_73m2=78,
        ck_multiple_of_uln=Decimal("12.25"),
    )
    document = evaluation_to_document(evaluation(derived), CITATIONS)
    assert document["derived"] == {
        "abi": {"left": 0.86},
        "abi_category": {"left": "abnormal"},
        "egfr_ml_min_1_73m2": 78,
        "ck_multiple_of_uln": 12.25,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    assert '"left": 0.86' in text
    assert '"egfr_ml_min_1_73m2": 78,' in text
    assert '"ck_multiple_of_uln": 12.25' in text
    assert "Magnesio bajo" in text


def test_rounded_half_away_values_print_as_rounded() -> None:
    derived = Derived(corrected_calcium_mmol_l=round_half_away(2.305, 2))
    text = json.dumps(evaluation_to_document(evaluation(derived), CITATIONS))
    assert '"corrected_calcium_mmol_l": 2.31' in text


@given(
    st.decimals(min_value=-(10**6), max_value=10**6, allow_nan=False, allow_infinity=False),
    st.integers(0, 4),
)
def test_json_numbers_read_back_as_the_rounded_decimal(value: Decimal, places: int) -> None:
    rounded = round_half_away(value, places)
    read_back = json.loads(json.dumps(json_number(rounded)), parse_float=Decimal)
    assert Decimal(read_back) == rounded
