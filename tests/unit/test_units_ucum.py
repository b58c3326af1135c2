"""Every unit the program sends is a UCUM code a UCUM parser accepts (ucumvert's grammar)."""

from __future__ import annotations

from functools import cache

import pytest
from lark import Lark
from lark.exceptions import LarkError
from ucumvert import get_ucum_parser

from clinic_desktop.interop.units import UCUM_CODES, program_unit, ucum_code
from clinic_desktop.knowledge.lab_catalog import load_lab_catalog

CATALOG = load_lab_catalog()
CATALOGUE_UNITS = sorted({unit for test in CATALOG.tests() for unit in CATALOG.units_for(test)})


@cache
def parser() -> Lark:
    return get_ucum_parser()


def parses(code: str) -> bool:
    try:
        parser().parse(code)
    except LarkError:
        return False
    return True


@pytest.mark.parametrize("unit", CATALOGUE_UNITS)
def test_every_catalogue_unit_has_a_ucum_code_that_parses(unit: str) -> None:
    code = ucum_code(unit)
    assert parses(code), f"{unit} -> {code} is not UCUM"
    assert program_unit(code) == unit


def test_the_micro_and_milli_international_units_and_equivalents_take_brackets() -> None:
    assert ucum_code("uIU/mL") == "u[IU]/mL"
    assert ucum_code("mIU/L") == "m[IU]/L"
    assert ucum_code("mEq/L") == "meq/L"
    # The check can fail: the spellings people write are not UCUM.
    assert not parses("uIU/mL") and not parses("mEq/L")


def test_no_code_is_listed_for_a_unit_the_program_never_writes() -> None:
    assert set(UCUM_CODES) - set(CATALOGUE_UNITS) == {"mm[Hg]"}
    assert parses("mm[Hg]")
