"""Results messages written with a second HL7 implementation (python-hl7), never the program's code.

Segments and field positions follow the HL7 v2.5.1 definitions: MSH (2.14.9), PID (3.4.2),
ORC (4.5.1), OBR (4.5.3; OBR-7 observation date/time = specimen collection), OBX (7.4.2:
OBX-2 value type, OBX-3 identifier, OBX-5 value, OBX-6 units, OBX-7 references range,
OBX-8 abnormal flags, OBX-11 result status, OBX-14 date/time of the observation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import hl7

from tests.support.visits import ANA, Someone


@dataclass(frozen=True)
class Obx:
    loinc: str
    value: str
    unit: str
    display: str = ""
    value_type: str = "NM"
    reference: str = ""
    flag: str = ""
    status: str = "F"
    collected: str = "20261123073000-0500"
    system: str = "LN"


MAGNESIUM_LOW = Obx("2601-3", "0.55", "mmol/L", "Magnesium", reference="0.70-1.00", flag="L")
POTASSIUM_LOW = Obx("2823-3", "3.0", "mmol/L", "Potassium", reference="3.5-5.1", flag="L")
SODIUM_NORMAL = Obx("2951-2", "139", "mmol/L", "Sodium", reference="136-145", flag="N")


def oru(
    results: list[Obx],
    someone: Someone = ANA,
    placer: str | None = None,
    *,
    control_id: str = "MSG-0001",
    birth_date: date | None = None,
    mrn: str | None = None,
) -> str:
    """One ORU^R01 message for `someone`'s results, segments ended by CR."""
    skeleton = "\r".join(
        [
            "MSH|^~\\&|ACME-LAB",
            "PID|1",
            "ORC|RE",
            "OBR|1",
            *(f"OBX|{n}" for n in range(1, len(results) + 1)),
        ]
    )
    message = hl7.parse(skeleton)

    def escape(text: str) -> str:
        # python-hl7 escapes the separators; a UTF-8 message carries other characters as they are.
        return "".join(ch if ord(ch) > 0x7E else message.escape(ch) for ch in text)

    def put(key: str, value: str) -> None:
        if value:
            message[key] = escape(value)

    put("MSH.F3", "ACME-LAB")
    put("MSH.F4", "Acme Laboratory")
    put("MSH.F5", "CLINIC-DESKTOP")
    put("MSH.F7", "20261124080000-0500")
    message["MSH.F9.R1.C1"] = "ORU"
    message["MSH.F9.R1.C2"] = "R01"
    message["MSH.F9.R1.C3"] = "ORU_R01"
    put("MSH.F10", control_id)
    put("MSH.F11", "P")
    put("MSH.F12", "2.5.1")
    put("MSH.F18", "UNICODE UTF-8")
    put("PID.F3.R1.C1", mrn if mrn is not None else someone.mrn)
    put("PID.F3.R1.C5", "MR")
    put("PID.F5.R1.C1", someone.family_name)
    put("PID.F5.R1.C2", someone.given_name)
    put("PID.F7", (birth_date or someone.birth_date).strftime("%Y%m%d"))
    put("PID.F8", someone.sex[:1].upper())
    if placer:
        put("ORC.F2.R1.C1", placer)
        put("OBR.F2.R1.C1", placer)
    put("ORC.F3.R1.C1", "F-778")
    put("OBR.F3.R1.C1", "F-778")
    put("OBR.F4.R1.C2", "Chemistry panel")
    put("OBR.F7", results[0].collected if results else "")
    put("OBR.F25", "F")
    for number, result in enumerate(results, start=1):
        segment = f"OBX{number}"
        put(f"{segment}.F2", result.value_type)
        put(f"{segment}.F3.R1.C1", result.loinc)
        put(f"{segment}.F3.R1.C2", result.display)
        put(f"{segment}.F3.R1.C3", result.system)
        message[f"{segment}.F5"] = (
            escape(result.value) if result.value_type != "SN" else result.value
        )
        put(f"{segment}.F6.R1.C1", result.unit)
        put(f"{segment}.F7", result.reference)
        put(f"{segment}.F8", result.flag)
        put(f"{segment}.F11", result.status)
        put(f"{segment}.F14", result.collected)
    return str(message)


def oru_file(*messages: str) -> bytes:
    return "".join(m if m.endswith("\r") else m + "\r" for m in messages).encode("utf-8")
