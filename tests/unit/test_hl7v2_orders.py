"""Order messages, read back by a second HL7 implementation (python-hl7) field by field.

Field positions follow the HL7 v2.5.1 segment definitions (chapter 2 MSH; chapter 3 PID;
chapter 4 ORC, OBR; chapter 6 DG1): MSH-9 message type, MSH-12 version; PID-3 patient
identifier list (CX.5 identifier type code), PID-5 name, PID-7 birth date, PID-8 sex;
ORC-1 order control, ORC-2 placer order number, ORC-4 placer group number, ORC-12 ordering
provider; OBR-2 placer order number, OBR-4 universal service identifier, OBR-16 ordering
provider, OBR-31 reason for study; DG1-3 diagnosis code, DG1-6 diagnosis type.
"""

from __future__ import annotations

import string
from datetime import UTC, date, datetime

import hl7
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.assessment import Patient
from clinic_desktop.domain.orders import Diagnosis, LabOrder, OrderedTest
from clinic_desktop.interop.hl7v2 import build_order_message

MAGNESIUM = OrderedTest("magnesium", "2601-3", "Magnesium [Moles/volume] in Serum or Plasma")
POTASSIUM = OrderedTest("potassium", "2823-3", "Potassium [Moles/volume] in Serum or Plasma")


def order(**changes: object) -> LabOrder:
    values: dict[str, object] = {
        "order_number": "LAB-20261120-0A1B2C3D",
        "ordered_on": date(2026, 11, 20),
        "patient": Patient("HC-1001", "García", "Ana", date(1958, 3, 1), "female"),
        "tests": (MAGNESIUM, POTASSIUM),
        "reasons": (
            Diagnosis("G47.62", "Sleep related leg cramps"),
            Diagnosis("E83.42", "Hypomagnesemia"),
        ),
        "clinician_name": "Dr Rosa Ruiz",
        "clinician_id": "dr.ruiz",
        "clinic_name": "Clínica Norte",
        "sent_at": datetime(2026, 11, 20, 10, 30, tzinfo=UTC),
    }
    values.update(changes)
    return LabOrder(**values)  # type: ignore[arg-type]


def read(text: str) -> hl7.Message:
    assert text.endswith("\r") and "\n" not in text
    return hl7.parse(text)


@pytest.mark.parametrize(
    ("structure", "message_type"),
    [("OML_O21", "OML^O21^OML_O21"), ("ORM_O01", "ORM^O01^ORM_O01")],
)
def test_an_order_message_carries_the_requisition_as_the_segment_definitions_place_it(
    structure: str, message_type: str
) -> None:
    message = read(build_order_message(order(), structure))
    assert str(message.segment("MSH")[9]) == message_type
    assert str(message.segment("MSH")[12]) == "2.5.1"
    assert message["PID.F3.R1.C1"] == "HC-1001"
    assert message["PID.F3.R1.C5"] == "MR"
    assert message["PID.F5.R1.C1"] == "García"
    assert message["PID.F5.R1.C2"] == "Ana"
    assert message["PID.F7"] == "19580301"
    assert message["PID.F8"] == "F"
    controls = message.segments("ORC")
    requests = message.segments("OBR")
    assert len(controls) == len(requests) == 2
    for control, request in zip(controls, requests, strict=True):
        assert str(control[1]) == "NW"
        assert str(control[2][0][0]) == "LAB-20261120-0A1B2C3D"  # placer order number
        assert str(control[4][0][0]) == "LAB-20261120-0A1B2C3D"  # placer group number
        assert str(request[2][0][0]) == "LAB-20261120-0A1B2C3D"
        assert str(control[12][0][0]) == "dr.ruiz"
        assert str(request[16][0][1]) == "Dr Rosa Ruiz"
    assert [(str(r[4][0][0]), str(r[4][0][2])) for r in requests] == [
        ("2601-3", "LN"),
        ("2823-3", "LN"),
    ]
    reasons = [(str(rep[0]), str(rep[2])) for rep in requests[0][31]]
    assert reasons == [("G47.62", "I10"), ("E83.42", "I10")]
    diagnoses = message.segments("DG1")
    assert {str(d[3][0][0]) for d in diagnoses} == {"G47.62", "E83.42"}
    assert {str(d[6]) for d in diagnoses} == {"W"}


def test_a_name_holding_the_separators_stays_one_name() -> None:
    tricky = Patient("HC|7^1", "O'Brien^|~\\&", "Ana María", date(1958, 3, 1), "male")
    message = read(build_order_message(order(patient=tricky, clinic_name="A & B | C")))
    assert len(message.segments("PID")) == 1
    assert message["PID.F3.R1.C1"] == "HC|7^1"
    assert message["PID.F5.R1.C1"] == "O'Brien^|~\\&"
    assert message["PID.F8"] == "M"
    assert message.unescape(str(message.segment("MSH")[4])) == "A & B | C"


def test_a_control_character_is_refused_rather_than_sent() -> None:
    broken = Patient("HC-1", "Ruiz\rOBX|1", "Ana", date(1958, 3, 1))
    with pytest.raises(ValueError, match="control character"):
        build_order_message(order(patient=broken))


def test_an_order_without_tests_or_with_an_unknown_structure_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one test"):
        build_order_message(order(tests=()))
    with pytest.raises(ValueError, match="structure"):
        build_order_message(order(), "ORU_R01")


texts = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF, exclude_categories=("Cs",)),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() == text and text.strip())


@settings(max_examples=60, deadline=None)
@given(
    mrn=st.text(
        alphabet=string.ascii_uppercase + string.digits + "-|^~\\&", min_size=1, max_size=20
    ),
    family=texts,
    given_name=texts,
    clinician=texts,
    structure=st.sampled_from(["OML_O21", "ORM_O01"]),
)
def test_any_text_comes_back_the_same_through_a_second_implementation(
    mrn: str, family: str, given_name: str, clinician: str, structure: str
) -> None:
    patient = Patient(mrn, family, given_name, date(1958, 3, 1))
    message = read(build_order_message(order(patient=patient, clinician_name=clinician), structure))
    assert message["PID.F3.R1.C1"] == mrn
    assert message["PID.F5.R1.C1"] == family
    assert message["PID.F5.R1.C2"] == given_name
    assert message.unescape(str(message.segment("OBR")[16][0][1])) == clinician
