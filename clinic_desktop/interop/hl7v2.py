"""HL7 v2.5.1 lab messages with hl7apy: orders out (OML^O21, or ORM^O01), results in (ORU^R01).

An order message carries the requisition: its number as the placer order number (ORC-2,
OBR-2) and placer group number (ORC-4), one ORC/OBR pair per test coded by LOINC (OBR-4),
the reasons as ICD-10-CM codes (OBR-31 and a DG1 per code), the ordering clinician (ORC-12,
OBR-16) and the patient (PID-3 typed MR, PID-5, PID-7, PID-8). hl7apy builds it at its
strict validation level and validates it before it leaves; every text the program puts in
is escaped by hl7apy, so a name holding `|` or `^` stays one name.

A results file holds one or more ORU^R01 messages (optionally in a FHS/BHS batch). hl7apy
finds each message's groups (PATIENT_RESULT, ORDER_OBSERVATION, OBSERVATION); the fields
the program reads are then taken component by component and unescaped, and each OBX
becomes a ReceivedResult exactly as sent. Anything that is not such a file raises
HL7MessageError with one line that says where and what, never the patient's details.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.core import Message
from hl7apy.exceptions import HL7apyException, ValidationError
from hl7apy.factories import datatype_factory
from hl7apy.parser import parse_message

from clinic_desktop.domain.orders import LabOrder, ReceivedPatient, ReceivedResult

VERSION = "2.5.1"
ORDER_STRUCTURES = ("OML_O21", "ORM_O01")
SENDING_APPLICATION = "CLINIC-DESKTOP"
ICD10_SYSTEM = "I10"
"""HL7 table 0396 of v2.5.1 names ICD-10 "I10"; it has no separate code for ICD-10-CM."""
LOINC_SYSTEM = "LN"
MAX_RESULTS = 5000
"""Results read from one file at most: a day's batch from a busy laboratory is far fewer."""
_SEXES = {"female": "F", "male": "M", "other": "O", "unknown": "U"}
_STANDARD_ENCODING = "^~\\&"
_CHARSETS = {"": "utf-8", "UNICODE UTF-8": "utf-8", "ASCII": "ascii", "8859/1": "latin-1"}
_ESCAPES = {"F": "|", "S": "^", "T": "&", "R": "~", "E": "\\", ".br": "\n"}
_TIMESTAMP = re.compile(
    r"(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?([+-]\d{4})?"
)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class HL7MessageError(ValueError):
    """A file that is not the HL7 v2 message the program reads; str() is one line."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {' '.join(message.split())}")
        self.where = where
        self.message = message


# Orders out ----------------------------------------------------------------------------------


def _put(parent: Any, name: str, value: str) -> None:
    """Set leaf `name` of `parent` to plain text, which hl7apy escapes on output (|, ^, ~, \\,
    & stay characters of the text)."""
    if any(ord(ch) < 32 for ch in value):
        # A control character cannot travel in an HL7 field; the records never hold one.
        raise ValueError("a text holds a control character and cannot be sent")
    datatype = getattr(parent, name).datatype
    setattr(parent, name, datatype_factory(datatype, value, version=VERSION))


def _timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("an order's time must carry its offset")
    return moment.strftime("%Y%m%d%H%M%S%z")


def _fill_patient(pid: Any, order: LabOrder) -> None:
    patient = order.patient
    pid.pid_1 = "1"
    _put(pid.pid_3, "cx_1", patient.mrn)
    _put(pid.pid_3.cx_4, "hd_1", order.clinic_name or SENDING_APPLICATION)
    pid.pid_3.cx_5 = "MR"
    _put(pid.pid_5.xpn_1, "fn_1", patient.family_name)
    _put(pid.pid_5, "xpn_2", patient.given_name)
    pid.pid_7 = patient.birth_date.strftime("%Y%m%d")
    pid.pid_8 = _SEXES.get(patient.sex or "", "U")


def _fill_clinician(xcn: Any, order: LabOrder) -> None:
    if order.clinician_id:
        _put(xcn, "xcn_1", order.clinician_id)
    if order.clinician_name:
        # The program keeps one display name, so it goes whole where the family name goes.
        _put(xcn.xcn_2, "fn_1", order.clinician_name)


def _fill_order_control(orc: Any, order: LabOrder, sent: str) -> None:
    orc.orc_1 = "NW"
    _put(orc.orc_2, "ei_1", order.order_number)
    orc.orc_2.ei_2 = SENDING_APPLICATION
    _put(orc.orc_4, "ei_1", order.order_number)
    orc.orc_4.ei_2 = SENDING_APPLICATION
    orc.orc_9 = sent
    _fill_clinician(orc.orc_12, order)


def _fill_request(obr: Any, order: LabOrder, number: int, sent: str) -> None:
    test = order.tests[number - 1]
    obr.obr_1 = str(number)
    _put(obr.obr_2, "ei_1", order.order_number)
    obr.obr_2.ei_2 = SENDING_APPLICATION
    if test.loinc:
        _put(obr.obr_4, "ce_1", test.loinc)
        _put(obr.obr_4, "ce_2", test.display)
        obr.obr_4.ce_3 = LOINC_SYSTEM
    else:
        _put(obr.obr_4, "ce_2", test.display)
    obr.obr_6 = sent
    _fill_clinician(obr.obr_16, order)
    for index, reason in enumerate(order.reasons):
        ce = obr.add_field("OBR_31") if index else obr.obr_31
        _put(ce, "ce_1", reason.code)
        _put(ce, "ce_2", reason.display)
        ce.ce_3 = ICD10_SYSTEM


def _add_diagnoses(group: Any, order: LabOrder) -> None:
    for index, reason in enumerate(order.reasons, start=1):
        dg1 = group.add_segment("DG1")
        dg1.dg1_1 = str(index)
        _put(dg1.dg1_3, "ce_1", reason.code)
        _put(dg1.dg1_3, "ce_2", reason.display)
        dg1.dg1_3.ce_3 = ICD10_SYSTEM
        dg1.dg1_6 = "W"  # table 0052: working diagnosis, the reason for ordering


def _segments(element: Any) -> Iterator[Any]:
    for child in element.children:
        if child.classname == "Segment":
            yield child
        else:
            yield from _segments(child)


def build_order_message(order: LabOrder, structure: str = "OML_O21") -> str:
    """The order as one HL7 v2.5.1 message (segments ended by CR), validated by hl7apy.

    `structure` is OML_O21 (the lab order message of v2.5.1) or ORM_O01, for a laboratory
    that still asks for the older general order message. ValueError if it will not validate.
    """
    if structure not in ORDER_STRUCTURES:
        raise ValueError(f"structure: expected one of {', '.join(ORDER_STRUCTURES)}")
    if not order.tests:
        raise ValueError("an order needs at least one test")
    event = structure.split("_")[1]
    sent = _timestamp(order.sent_at)
    try:
        message = Message(structure, version=VERSION, validation_level=VALIDATION_LEVEL.STRICT)
        msh = message.msh
        msh.msh_3.hd_1 = SENDING_APPLICATION
        _put(msh.msh_4, "hd_1", order.clinic_name or SENDING_APPLICATION)
        msh.msh_7 = sent
        msh.msh_9 = f"{structure[:3]}^{event}^{structure}"
        _put(msh, "msh_10", order.order_number)
        msh.msh_11 = "P"
        msh.msh_12 = VERSION
        msh.msh_18 = "UNICODE UTF-8"
        prefix = structure
        patient = message.add_group(f"{prefix}_PATIENT")
        _fill_patient(patient.pid, order)
        for number in range(1, len(order.tests) + 1):
            group = message.add_group(f"{prefix}_ORDER")
            _fill_order_control(group.orc, order, sent)
            if structure == "OML_O21":
                request = group.add_group("OML_O21_OBSERVATION_REQUEST")
                _fill_request(request.obr, order, number, sent)
                _add_diagnoses(request, order)
            else:
                detail = group.add_group("ORM_O01_ORDER_DETAIL")
                choice = detail.add_group("ORM_O01_OBRRQDRQ1RXOODSODT_SUPPGRP")
                _fill_request(choice.add_segment("OBR"), order, number, sent)
                _add_diagnoses(detail, order)
        if structure == "OML_O21":
            message.validate()
        else:
            # hl7apy models ORM^O01's OBR/RQD/RQ1/RXO/ODS/ODT choice as a sequence that needs
            # all six, so the message as a whole never validates: every segment does instead.
            for segment in _segments(message):
                segment.validate()
        text = message.to_er7()
    except HL7apyException as error:
        # A validation error names a structure; any other may quote a value (a patient's name).
        what = str(error) if isinstance(error, ValidationError) else type(error).__name__
        raise ValueError(f"the order message would not be valid HL7 v2.5.1: {what}") from None
    return text + "\r"


# Results in ----------------------------------------------------------------------------------


def unescape(text: str) -> str:
    """An HL7 v2 text with its escape sequences (standard encoding characters) turned back."""
    out: list[str] = []
    index = 0
    while index < len(text):
        ch = text[index]
        end = text.find("\\", index + 1) if ch == "\\" else -1
        if ch != "\\" or end < 0:
            out.append(ch)
            index += 1
            continue
        sequence = text[index + 1 : end]
        if sequence in _ESCAPES:
            out.append(_ESCAPES[sequence])
        elif sequence.startswith("X") and re.fullmatch(r"X([0-9A-Fa-f]{2})+", sequence):
            raw = bytes.fromhex(sequence[1:])
            try:
                out.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                # One byte per character, as ISO 8859-1 messages (and python-hl7) write them.
                out.append(raw.decode("latin-1"))
        elif sequence in ("H", "N") or sequence.startswith((".", "Z", "C", "M")):
            pass  # highlighting and formatting: no meaning for a value
        else:
            out.append(text[index : end + 1])
        index = end + 1
    return "".join(out)


def _part(field: str, component: int, subcomponent: int = 1) -> str | None:
    """Component `component` (1-based) of the first repetition of an ER7 field, unescaped."""
    first = field.split("~", 1)[0]
    components = first.split("^")
    if component > len(components):
        return None
    pieces = components[component - 1].split("&")
    if subcomponent > len(pieces):
        return None
    value = unescape(pieces[subcomponent - 1]).strip()
    return value or None


def hl7_moment(value: str | None) -> str | None:
    """An HL7 TS/DTM as ISO 8601 at the precision it was given, with its offset when given.

    '20261123073000-0500' -> '2026-11-23T07:30:00-05:00'; '20261123' -> '2026-11-23'.
    ValueError for text that is not such a time, or not a real one (never naming the text).
    """
    if not value:
        return None
    match = _TIMESTAMP.fullmatch(value.strip())
    if match is None:
        # The value is never repeated: it may be a birth date.
        raise ValueError("is not an HL7 date and time (YYYYMMDD[HHMM[SS]][+ZZZZ])")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    if month is None or day is None:
        raise ValueError("gives no day (YYYYMMDD)")
    text = f"{year}-{month}-{day}"
    if hour is not None:
        if minute is None:
            raise ValueError("gives an hour without minutes")
        text += f"T{hour}:{minute}"
        if second is not None:
            text += f":{second}"
            if fraction:
                text += f".{fraction}"
        if offset is not None:
            text += f"{offset[:3]}:{offset[3:]}"
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("is not a real date and time") from None
    return text


def _date(value: str | None) -> date | None:
    moment = hl7_moment(value)
    return None if moment is None else date.fromisoformat(moment[:10])


def _number(text: str | None) -> float | None:
    if text is None or not _NUMBER.fullmatch(text.strip()):
        return None
    try:
        return float(Decimal(text.strip()))
    except InvalidOperation:
        return None


def _reference(text: str | None) -> tuple[float | None, float | None]:
    """'0.70-1.00' -> (0.7, 1.0); a one-sided or worded range -> (None, None), kept as text."""
    if not text:
        return None, None
    match = re.fullmatch(r"\s*([0-9.]+)\s*-\s*([0-9.]+)\s*", text)
    if match is None:
        return None, None
    low, high = _number(match.group(1)), _number(match.group(2))
    if low is None or high is None or low > high:
        return None, None
    return low, high


def _value(value_type: str | None, field: str) -> tuple[float | None, str | None]:
    """The numeric value of OBX-5 (NM, or SN with no comparator) and the value as sent."""
    shown = unescape(field.split("~", 1)[0]).strip() or None
    if value_type == "NM":
        return _number(shown), shown
    if value_type == "SN":
        comparator = _part(field, 1)
        if comparator in (None, "="):
            separator = _part(field, 3)
            if separator is None:
                return _number(_part(field, 2)), shown
        return None, shown
    return None, shown


def _decode(data: bytes) -> str:
    """The file's text in the character set its MSH-18 names (UTF-8 when it names none)."""
    header = data.split(b"\r", 1)[0].split(b"\n", 1)[0]
    fields = header.split(b"|")
    charset = fields[17].decode("ascii", "replace").strip() if len(fields) > 17 else ""
    encoding = _CHARSETS.get(charset.split("~", 1)[0])
    if encoding is None:
        raise HL7MessageError("MSH-18", f"character set {charset!r} is not one the program reads")
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise HL7MessageError(
            "(file)", f"not {encoding} text (byte {error.start}); MSH-18 names its character set"
        ) from None


def _messages(text: str) -> Iterator[tuple[int, str]]:
    """Each message of the file (batch header and trailer segments left out), numbered from 1."""
    segments = [s for s in re.split(r"\r\n|\r|\n", text) if s.strip()]
    if not segments:
        raise HL7MessageError("(file)", "is empty")
    current: list[str] = []
    number = 0
    for segment in segments:
        kind = segment[:3]
        if kind in ("FHS", "BHS", "BTS", "FTS"):
            continue
        if kind == "MSH":
            if current:
                yield number, "\r".join(current)
            number += 1
            current = [segment]
        elif not current:
            raise HL7MessageError("line 1", f"a message starts with MSH, not {kind!r}")
        else:
            current.append(segment)
    if current:
        yield number, "\r".join(current)
    if number == 0:
        raise HL7MessageError("(file)", "holds no HL7 message (no MSH segment)")


def _patient(pid: Any) -> ReceivedPatient:
    # Each repetition of PID-3 is its own field in hl7apy.
    identifiers = [field.to_er7() for field in pid.children if field.name == "PID_3"]
    mrn = None
    for identifier in identifiers:
        if _part(identifier, 5) == "MR":
            mrn = _part(identifier, 1)
            break
    if mrn is None and identifiers:
        mrn = _part(identifiers[0], 1)
    name = pid.pid_5.to_er7()
    return ReceivedPatient(
        mrn=mrn,
        family_name=_part(name, 1),
        given_name=_part(name, 2),
        birth_date=_date(_part(pid.pid_7.to_er7(), 1)),
    )


def _children(group: Any, name: str) -> list[Any]:
    return [child for child in group.children if child.name == name]


def _read_message(number: int, text: str) -> list[ReceivedResult]:
    where = f"message {number}"
    msh = text.split("\r", 1)[0]
    if msh[3:8] != "|" + _STANDARD_ENCODING:
        raise HL7MessageError(
            f"{where} MSH-2", "only the standard encoding characters ^~\\& are read"
        )
    fields = msh.split("|")
    kind = fields[8] if len(fields) > 8 else ""
    if _part(kind, 1) != "ORU" or _part(kind, 2) != "R01":
        raise HL7MessageError(f"{where} MSH-9", f"is {kind or 'empty'}; results come as ORU^R01")
    try:
        message = parse_message(text, validation_level=VALIDATION_LEVEL.TOLERANT, find_groups=True)
    except (HL7apyException, ValueError, IndexError, KeyError, AttributeError) as error:
        raise HL7MessageError(
            where, f"is not a readable HL7 v2 message ({type(error).__name__})"
        ) from None
    prefix = message.name
    results: list[ReceivedResult] = []
    patient_results = _children(message, f"{prefix}_PATIENT_RESULT")
    if not patient_results:
        raise HL7MessageError(where, "holds no patient's results (no PID/OBR/OBX groups)")
    for patient_result in patient_results:
        patients = _children(patient_result, f"{prefix}_PATIENT")
        if not patients or not _children(patients[0], "PID"):
            raise HL7MessageError(where, "a result has no patient (PID segment)")
        try:
            patient = _patient(patients[0].pid)
        except ValueError as error:
            raise HL7MessageError(f"{where} PID-7", str(error)) from None
        for order in _children(patient_result, f"{prefix}_ORDER_OBSERVATION"):
            results += _read_order(where, patient, order, prefix, len(results))
    return results


def _read_order(
    where: str, patient: ReceivedPatient, order: Any, prefix: str, count: int
) -> list[ReceivedResult]:
    obr = order.obr
    orc = _children(order, "ORC")
    placer = _part(orc[0].orc_2.to_er7(), 1) if orc else None
    placer = placer or _part(obr.obr_2.to_er7(), 1)
    try:
        collected = hl7_moment(_part(obr.obr_7.to_er7(), 1))
    except ValueError as error:
        raise HL7MessageError(f"{where} OBR-7", str(error)) from None
    results: list[ReceivedResult] = []
    for observation in _children(order, f"{prefix}_OBSERVATION"):
        obx = observation.obx
        position = f"{where}, OBX {_part(obx.obx_1.to_er7(), 1) or len(results) + 1}"
        if count + len(results) >= MAX_RESULTS:
            raise HL7MessageError(where, f"the file holds more than {MAX_RESULTS} results")
        code = obx.obx_3.to_er7()
        value, shown = _value(_part(obx.obx_2.to_er7(), 1), obx.obx_5.to_er7())
        reference = _part(obx.obx_7.to_er7(), 1)
        low, high = _reference(reference)
        try:
            moment = hl7_moment(_part(obx.obx_14.to_er7(), 1)) or collected
        except ValueError as error:
            raise HL7MessageError(f"{position} OBX-14", str(error)) from None
        results.append(
            ReceivedResult(
                patient=patient,
                position=position,
                placer_order_number=placer,
                code=_part(code, 1),
                display=_part(code, 2),
                code_system=_part(code, 3),
                value=value,
                value_text=shown,
                unit=_part(obx.obx_6.to_er7(), 1),
                reference_low=low,
                reference_high=high,
                reference_text=reference,
                flag=_part(obx.obx_8.to_er7(), 1),
                status=_part(obx.obx_11.to_er7(), 1),
                collected_at=moment,
            )
        )
    return results


def read_results(data: bytes) -> list[ReceivedResult]:
    """Every OBX of every ORU^R01 message in a results file, in file order.

    HL7MessageError (one line, naming the message and segment) for a file that is not
    such messages; no partial answer is ever returned.
    """
    results: list[ReceivedResult] = []
    for number, text in _messages(_decode(data)):
        results += _read_message(number, text)
    if not results:
        raise HL7MessageError("(file)", "holds no results (no OBX segment)")
    return results
