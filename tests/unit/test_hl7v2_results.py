"""Reading ORU^R01 results files: written by hand from the v2.5.1 segment definitions and by a
second implementation (python-hl7), valid and broken; nothing but results or one clear error."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import hl7
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_desktop.domain.orders import ReceivedPatient
from clinic_desktop.interop.hl7v2 import HL7MessageError, hl7_moment, read_results, unescape
from tests.support.lab_messages import MAGNESIUM_LOW, POTASSIUM_LOW, Obx, oru, oru_file
from tests.support.visits import Someone

# Written by hand from the v2.5.1 definitions: a batch (FHS/BHS ... BTS/FTS, chapter 2.15) of
# two ORU^R01 messages, LF line ends, a structured numeric (SN, 2.A.74) and an OBX without
# OBX-14, whose sample time then comes from OBR-7.
BY_HAND = (
    "FHS|^~\\&|ACME|LAB\n"
    "BHS|^~\\&|ACME|LAB\n"
    "MSH|^~\\&|ACME|LAB|CD|CLINIC|202611240800||ORU^R01^ORU_R01|M1|P|2.5.1\n"
    "PID|1||X9^^^H^PI~HC-1001^^^CLINIC^MR||Ruiz^Ana María||19580301|F\n"
    "ORC|RE|LAB-20261120-0A1B2C3D^CLINIC-DESKTOP|F1^ACME\n"
    "OBR|1|LAB-20261120-0A1B2C3D^CLINIC-DESKTOP|F1^ACME|2601-3^Magnesium^LN|||202611230730\n"
    "OBX|1|SN|2601-3^Magnesium^LN||=^0.55|mmol/L^millimole per liter^UCUM|0.70-1.00|L|||F\n"
    "OBX|2|SN|2823-3^Potassium^LN||<^2.0|mmol/L|3.5-5.1|LL|||C|||20261123073500+0100\n"
    "MSH|^~\\&|ACME|LAB|CD|CLINIC|202611240801||ORU^R01^ORU_R01|M2|P|2.5.1\n"
    "PID|1||HC-1002^^^CLINIC^MR||O\\S\\Neil^Jo||19700101|M\n"
    "OBR|1|||2951-2^Sodium^LN|||20261123\n"
    "OBX|1|NM|2951-2^Sodium^LN||139|mmol/L|136 - 145|N|||F\n"
    "BTS|2\n"
    "FTS|1\n"
)


def test_a_batch_written_from_the_segment_definitions_reads_as_sent() -> None:
    magnesium, potassium, sodium = read_results(BY_HAND.encode("utf-8"))
    assert magnesium.patient == ReceivedPatient("HC-1001", "Ruiz", "Ana María", date(1958, 3, 1))
    assert magnesium.placer_order_number == "LAB-20261120-0A1B2C3D"
    assert (magnesium.loinc, magnesium.value, magnesium.unit) == ("2601-3", 0.55, "mmol/L")
    assert magnesium.collected_at == "2026-11-23T07:30"  # OBR-7: no OBX-14
    assert (magnesium.reference_low, magnesium.reference_high, magnesium.flag) == (0.7, 1.0, "L")
    # "<2.0" is not a number to store: it is kept as sent, with no value.
    assert potassium.value is None and potassium.value_text == "<^2.0"
    assert potassium.status == "C" and potassium.collected_at == "2026-11-23T07:35:00+01:00"
    assert sodium.patient.family_name == "O^Neil" and sodium.placer_order_number is None
    assert (sodium.reference_low, sodium.reference_high) == (136.0, 145.0)
    assert sodium.position == "message 2, OBX 1"


def test_latin_1_is_read_when_msh_18_says_so() -> None:
    text = oru([MAGNESIUM_LOW], Someone(family_name="Muñoz")).replace("UNICODE UTF-8", "8859/1")
    (result,) = read_results(text.encode("latin-1"))
    assert result.patient.family_name == "Muñoz"


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"", "(file)"),
        (b"\r\n\r\n", "(file)"),
        (b"PID|1||X", "line 1"),
        (b"MSH|^~\\&|A|B|||2026||ADT^A01|1|P|2.5.1\rPID|1", "message 1 MSH-9"),
        (b"MSH|#~\\&|A|B|||2026||ORU^R01|1|P|2.5.1\rPID|1", "message 1 MSH-2"),
        (b"MSH|^~\\&|A|B|||2026||ORU^R01|1|P|2.5.1\rOBR|1\rOBX|1|NM|1^a^LN||1", "message 1"),
        ("MSH|^~\\&|A|B|||2026||ORU^R01|1|P|2.5.1\rPID|1||Ñ".encode("latin-1"), "(file)"),
        (oru_file(oru([MAGNESIUM_LOW])).replace(b"19580301", b"19581341"), "message 1 PID-7"),
        (
            oru_file(oru([MAGNESIUM_LOW])).replace(b"20261123073000-0500", b"2026-11-23"),
            "message 1",
        ),
    ],
)
def test_a_broken_file_is_refused_naming_where(data: bytes, where: str) -> None:
    with pytest.raises(HL7MessageError) as raised:
        read_results(data)
    assert str(raised.value).startswith(where)
    assert "\n" not in str(raised.value)
    assert "1958" not in str(raised.value)  # a birth date is never repeated


values = st.decimals(min_value=0, max_value=100000, places=3, allow_nan=False)
texts = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x17F, exclude_categories=("Cs",)),
    min_size=1,
    max_size=30,
).filter(lambda text: text == text.strip())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    family=texts,
    given_name=texts,
    mrn=st.text(alphabet="ABC0123456789-|^&~\\", min_size=1, max_size=16).filter(
        lambda t: t == t.strip()
    ),
    placer=st.text(alphabet="LAB-0123456789ABCDEF^|", min_size=1, max_size=24),
    numbers=st.lists(values, min_size=1, max_size=6),
    unit=st.sampled_from(["mmol/L", "mg/dL", "u[IU]/mL", "mEq/L"]),
)
def test_whatever_a_second_implementation_writes_comes_back_as_written(
    family: str, given_name: str, mrn: str, placer: str, numbers: list[object], unit: str
) -> None:
    someone = Someone(mrn=mrn, family_name=family, given_name=given_name)
    results = [Obx("2601-3", str(number), unit, "Mg & more | <x>") for number in numbers]
    read = read_results(oru_file(oru(results, someone, placer)))
    assert [r.value for r in read] == [float(str(n)) for n in numbers]
    assert {r.unit for r in read} == {unit}
    assert {r.display for r in read} == {"Mg & more | <x>"}
    assert {r.patient for r in read} == {
        ReceivedPatient(mrn, family, given_name, someone.birth_date)
    }
    assert {r.placer_order_number for r in read} == {placer}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_results_or_one_clear_refusal(data: bytes) -> None:
    try:
        read_results(data)
    except HL7MessageError as error:
        assert "\n" not in str(error)


VALID = oru_file(oru([MAGNESIUM_LOW, POTASSIUM_LOW], placer="LAB-1"))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(VALID) - 1),
            st.sampled_from([b"", b"|", b"^", b"\\", b"&", b"~", b"\r", b"x", b"\xff", b"9"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_damaged_message_is_read_or_refused_never_half_read(
    edits: list[tuple[int, bytes]],
) -> None:
    data = bytearray(VALID)
    for position, replacement in edits:
        data[position : position + 1] = replacement
    try:
        results = read_results(bytes(data))
    except HL7MessageError:
        return
    assert results  # whatever is read is a whole list of results


@settings(max_examples=200, deadline=None)
# python-hl7 writes a character outside ISO 8859-1 as \Xhhh\ (an odd number of hex digits, not
# bytes), so the round trip is checked over the characters it escapes well.
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0xFF), max_size=60))
def test_unescape_undoes_what_a_second_implementation_escapes(text: str) -> None:
    message = hl7.parse("MSH|^~\\&|A\rPID|1")
    escaped = message.escape(text)
    assert unescape(escaped) == text == message.unescape(escaped)


@settings(max_examples=200)
@given(
    moment=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2099, 12, 31)),
    offset_minutes=st.none()
    | st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: m - m % 15),
    precision=st.sampled_from(["%Y%m%d", "%Y%m%d%H%M", "%Y%m%d%H%M%S"]),
)
def test_an_hl7_time_becomes_the_same_moment_in_iso_8601(
    moment: datetime, offset_minutes: int | None, precision: str
) -> None:
    text = moment.strftime(precision)
    if offset_minutes is not None and precision != "%Y%m%d":
        zone = timezone(timedelta(minutes=offset_minutes))
        text += moment.replace(tzinfo=zone).strftime("%z")
    iso = hl7_moment(text)
    assert iso is not None
    parsed = datetime.fromisoformat(iso)
    assert parsed.strftime(precision) == moment.strftime(precision)
    if offset_minutes is not None and precision != "%Y%m%d":
        assert parsed.utcoffset() == timedelta(minutes=offset_minutes)
    else:
        assert parsed.tzinfo is None


@pytest.mark.parametrize("text", ["2026", "202611", "20261341", "2026112307", "20261123 0730"])
def test_an_hl7_time_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        hl7_moment(text)


def test_potassium_and_magnesium_from_the_sample_file() -> None:
    read = read_results(oru_file(oru([MAGNESIUM_LOW, POTASSIUM_LOW], placer="LAB-9")))
    assert [(r.loinc, r.value, r.flag, r.status) for r in read] == [
        ("2601-3", 0.55, "L", "F"),
        ("2823-3", 3.0, "L", "F"),
    ]
