"""The program's unit spellings (the exchange format's) and their UCUM codes, both ways.

FHIR Quantities and HL7 v2 OBX-6 carry UCUM codes; people and the lab catalogue write
`uIU/mL` and `mEq/L`, which UCUM spells `u[IU]/mL` and `meq/L`. Every unit of the lab
catalogue is listed here; tests/unit/test_units_ucum.py parses each code with a UCUM
grammar and checks that none is missing.
"""

from __future__ import annotations

UCUM_SYSTEM = "http://unitsofmeasure.org"

UCUM_CODES = {
    "%": "%",
    "U/L": "U/L",
    "g/L": "g/L",
    "g/dL": "g/dL",
    "mEq/L": "meq/L",
    "mIU/L": "m[IU]/L",
    "mL/min/1.73m2": "mL/min/{1.73_m2}",
    "mg/dL": "mg/dL",
    "mmol/L": "mmol/L",
    "mmol/mol": "mmol/mol",
    "ng/L": "ng/L",
    "ng/dL": "ng/dL",
    "ng/mL": "ng/mL",
    "nmol/L": "nmol/L",
    "pg/mL": "pg/mL",
    "pmol/L": "pmol/L",
    "uIU/mL": "u[IU]/mL",
    "ug/dL": "ug/dL",
    "ukat/L": "ukat/L",
    "umol/L": "umol/L",
    "mm[Hg]": "mm[Hg]",
}
_FROM_UCUM = {code: unit for unit, code in UCUM_CODES.items()}


def ucum_code(unit: str) -> str:
    """The UCUM code of a unit the program writes; KeyError for one it does not know."""
    return UCUM_CODES[unit]


def program_unit(ucum: str) -> str | None:
    """The program's spelling of a UCUM code it knows, else None (`u[IU]/mL` -> `uIU/mL`)."""
    return _FROM_UCUM.get(ucum)
