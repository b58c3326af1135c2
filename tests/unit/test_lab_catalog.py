"""The lab catalogue: contract units, exact conversion factors, LOINC codes and well-formed bands."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.domain.vocabulary import LAB_TESTS
from clinic_desktop.knowledge.lab_catalog import (
    MULTIPLE_OF_ULN,
    LabCatalog,
    UnknownUnitError,
    load_lab_catalog,
)
from clinic_desktop.knowledge.yaml_loader import KnowledgeFileError
from clinic_desktop.paths import resource_path

CATALOG = load_lab_catalog()

# Units the exchange format names for each test (docs/assessment-format.md, labs[].test).
CONTRACT_UNITS = {
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

# reference.yaml labs.exact_conversion_factors (and the per-analyte mEq/L factors), conventional -> SI.
EXACT_FACTORS = [
    ("magnesium", "mg/dL", "mmol/L", "0.41144"),
    ("magnesium", "mEq/L", "mmol/L", "0.5"),
    ("calcium", "mg/dL", "mmol/L", "0.24951"),
    ("ionized_calcium", "mg/dL", "mmol/L", "0.24951"),
    ("ionized_calcium", "mEq/L", "mmol/L", "0.5"),
    ("phosphate", "mg/dL", "mmol/L", "0.32285"),
    ("vitamin_d_25oh", "ng/mL", "nmol/L", "2.49601"),
    ("vitamin_b12", "pg/mL", "pmol/L", "0.73779"),
    ("folate", "ng/mL", "nmol/L", "2.26552"),
    ("free_t4", "ng/dL", "pmol/L", "12.8722"),
    ("cortisol_am", "ug/dL", "nmol/L", "27.5893"),
    ("glucose", "mg/dL", "mmol/L", "0.055506"),
    ("creatinine", "mg/dL", "umol/L", "88.4017"),
    ("potassium", "mEq/L", "mmol/L", "1.0"),
    ("sodium", "mEq/L", "mmol/L", "1.0"),
    ("albumin", "g/dL", "g/L", "10.0"),
]


def test_the_catalogue_holds_exactly_the_contract_tests() -> None:
    assert sorted(CATALOG.tests()) == sorted(LAB_TESTS)


@pytest.mark.parametrize(("test", "units"), sorted(CONTRACT_UNITS.items()))
def test_every_contract_unit_is_accepted(test: str, units: tuple[str, ...]) -> None:
    assert set(units) <= set(CATALOG.units_for(test))


@pytest.mark.parametrize(("test", "unit", "si_unit", "factor"), EXACT_FACTORS)
def test_conversions_use_the_reference_exact_factors(
    test: str, unit: str, si_unit: str, factor: str
) -> None:
    assert CATALOG.si_unit(test) == si_unit
    assert CATALOG.convert(test, 1, unit, si_unit) == Decimal(factor)
    assert CATALOG.convert(test, 3, unit, si_unit) == 3 * Decimal(factor)


def test_hba1c_uses_the_ngsp_ifcc_master_equation_not_a_factor() -> None:
    # reference: 5.7% -> 38.8 and 6.5% -> 47.5 mmol/mol with IFCC = (NGSP - 2.152) / 0.09148.
    assert CATALOG.si_unit("hba1c") == "mmol/mol"
    assert round(CATALOG.convert("hba1c", 5.7, "%", "mmol/mol"), 1) == Decimal("38.8")
    assert round(CATALOG.convert("hba1c", 6.5, "%", "mmol/mol"), 1) == Decimal("47.5")
    assert CATALOG.convert("hba1c", 2.152, "%", "mmol/mol") == 0


def test_creatine_kinase_stays_in_enzyme_units() -> None:
    assert CATALOG.si_unit("creatine_kinase") == "U/L"


def test_vitamin_d_example_of_the_unit_rule() -> None:
    # reference meta UNIT RULE: 49.9 nmol/L = 19.99 ng/mL; 50.0 nmol/L = 20.03 ng/mL.
    assert round(CATALOG.convert("vitamin_d_25oh", 49.9, "nmol/L", "ng/mL"), 2) == Decimal("19.99")
    assert round(CATALOG.convert("vitamin_d_25oh", 50.0, "nmol/L", "ng/mL"), 2) == Decimal("20.03")


PAIRS = [
    (test, a, b)
    for test in LAB_TESTS
    for a in CATALOG.units_for(test)
    for b in CATALOG.units_for(test)
]


@given(
    pair=st.sampled_from(PAIRS),
    value=st.decimals(min_value="0.001", max_value="100000", places=3, allow_nan=False),
)
def test_conversions_round_trip(pair: tuple[str, str, str], value: Decimal) -> None:
    test, a, b = pair
    back = CATALOG.convert(test, CATALOG.convert(test, value, a, b), b, a)
    assert abs(back - value) <= abs(value) * Decimal("1e-30") + Decimal("1e-30")


def test_an_unknown_unit_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(
        UnknownUnitError, match=r"unknown unit 'mg' for magnesium \(known: mmol/L, mg/dL, mEq/L\)"
    ):
        CATALOG.convert("magnesium", 1, "mg", "mmol/L")


@pytest.mark.parametrize(
    ("test", "unit", "code"),
    [
        ("magnesium", "mg/dL", "19123-9"),
        ("magnesium", "mmol/L", "2601-3"),
        ("calcium", "mmol/L", "2000-8"),
        ("calcium", "mg/dL", "17861-6"),
        ("ionized_calcium", "mmol/L", "1995-0"),
        ("ionized_calcium", "mg/dL", "17863-2"),
        ("albumin", "g/L", "1751-7"),
        ("vitamin_d_25oh", "ng/mL", "62292-8"),
        ("vitamin_d_25oh", "nmol/L", "14635-7"),
        ("creatinine", "umol/L", "14682-9"),
        ("hba1c", "%", "4548-4"),
        ("hba1c", "mmol/mol", "59261-8"),
        ("egfr", "mL/min/1.73m2", "98979-8"),
        ("creatine_kinase", "U/L", "2157-6"),
    ],
)
def test_loinc_is_the_code_for_the_unit_dimension(test: str, unit: str, code: str) -> None:
    assert CATALOG.loinc_for(test, unit) == code
    assert CATALOG.test_for_loinc(code) == test
    assert CATALOG.loinc_agrees_with_unit(code, test, unit)


def test_a_mass_code_does_not_agree_with_a_molar_unit() -> None:
    assert not CATALOG.loinc_agrees_with_unit("19123-9", "magnesium", "mmol/L")
    assert CATALOG.test_for_loinc("0000-0") is None


def test_display_names_follow_the_language() -> None:
    assert CATALOG.display_name("magnesium", "es") == "Magnesio"
    assert CATALOG.display_name("magnesium", "en") == "Magnesium"
    assert CATALOG.display_name("corrected_calcium", "es") == "Calcio corregido por albúmina"


def _probe_values(catalog: LabCatalog, test: str) -> list[tuple[Decimal, str]]:
    spec = catalog.spec(test)
    assert spec.classification is not None
    probes: list[tuple[Decimal, str]] = []
    for band in spec.classification.bands:
        for bound in band.when:
            for delta in (Decimal("-0.0001"), Decimal(0), Decimal("0.0001")):
                probes.append((bound.value + delta, bound.unit))
    return probes


@pytest.mark.parametrize("test", [t for t in LAB_TESTS if CATALOG.spec(t).classification])
def test_default_bands_leave_no_gap_and_never_overlap(test: str) -> None:
    spec = CATALOG.spec(test)
    assert spec.classification is not None
    uln = Decimal(190)
    for value, unit in _probe_values(CATALOG, test):
        native_unit = spec.si_unit if unit == MULTIPLE_OF_ULN else unit
        native = value * uln if unit == MULTIPLE_OF_ULN else value
        matching = 0
        for band in spec.classification.bands:
            holds = True
            for bound in band.when:
                if bound.unit == MULTIPLE_OF_ULN:
                    measured = CATALOG.convert(test, native, native_unit, spec.si_unit) / uln
                else:
                    measured = CATALOG.convert(test, native, native_unit, bound.unit)
                holds = holds and bound.holds(measured)
            matching += holds
        assert matching == 1, f"{test} {value} {unit} falls in {matching} bands"


def test_every_default_classification_cites_its_source() -> None:
    for test in LAB_TESTS:
        spec = CATALOG.spec(test)
        if spec.classification is not None:
            assert spec.classification.source
        assert spec.conversion_source


def test_a_broken_catalogue_names_file_line_and_field(tmp_path: Path) -> None:
    text = resource_path("clinical", "labs.yaml").read_text(encoding="utf-8")
    broken = text.replace("      multiply: 0.41144", "      multiply: lots", 1)
    (tmp_path / "labs.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as caught:
        load_lab_catalog(tmp_path / "labs.yaml")
    message = str(caught.value)
    assert message.startswith("labs.yaml, line ")
    assert "tests[0].units[1].to_si.multiply" in message


def test_a_band_in_a_unit_the_test_lacks_is_refused(tmp_path: Path) -> None:
    text = resource_path("clinical", "labs.yaml").read_text(encoding="utf-8")
    broken = text.replace(
        "        value: 0.7\n        unit: mmol/L", "        value: 0.7\n        unit: mg/L", 1
    )
    (tmp_path / "labs.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match="not a unit of the test"):
        load_lab_catalog(tmp_path / "labs.yaml")


def test_every_loinc_code_names_one_test() -> None:
    codes = [entry.code for test in LAB_TESTS for entry in CATALOG.spec(test).loinc]
    assert len(codes) == len(set(codes))


def _finding_codes() -> set[str]:
    codes = {
        finding.icd10cm
        for test in LAB_TESTS
        for finding in CATALOG.spec(test).findings
        if finding.icd10cm
    }
    codes |= {p.icd10cm for p in CATALOG.hormonal.thyroid.patterns if p.icd10cm}
    codes |= {f.icd10cm for f in CATALOG.vascular.abi.findings if f.icd10cm}
    for single in (CATALOG.hormonal.thyroid.tsh_without_free_t4, CATALOG.hormonal.thyroid.fallback):
        if single.icd10cm:
            codes.add(single.icd10cm)
    if CATALOG.vascular.claudication.icd10cm:
        codes.add(CATALOG.vascular.claudication.icd10cm)
    return codes


def test_finding_codes_are_billable_codes_of_the_programs_icd10cm_table() -> None:
    table = yaml.safe_load(resource_path("clinical", "icd10cm.yaml").read_text(encoding="utf-8"))
    billable = {entry["code"] for entry in table["codes"] if entry.get("billable") is True}
    codes = _finding_codes()
    assert {"E83.42", "E87.6", "E87.1", "E55.9", "E03.9", "I73.9"} <= codes
    assert codes <= billable, codes - billable


@pytest.mark.parametrize(
    ("name", "old", "new", "field"),
    [
        ("vascular.yaml", "reporting_places: 2", "reporting_places: -1", "abi.reporting_places"),
        (
            "hormonal.yaml",
            "  treatment_threshold:",
            "  treatment_treshold:",
            "thyroid.treatment_threshold",
        ),
    ],
)
def test_a_broken_hormonal_or_vascular_file_names_its_field(
    tmp_path: Path, name: str, old: str, new: str, field: str
) -> None:
    for part in ("labs.yaml", "hormonal.yaml", "vascular.yaml"):
        text = resource_path("clinical", part).read_text(encoding="utf-8")
        if part == name:
            assert old in text
            text = text.replace(old, new, 1)
        (tmp_path / part).write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as caught:
        load_lab_catalog(tmp_path / "labs.yaml")
    assert str(caught.value).startswith(f"{name}, line ")
    assert field in str(caught.value)


def test_a_copy_of_the_three_files_loads_from_its_own_folder(tmp_path: Path) -> None:
    for part in ("labs.yaml", "hormonal.yaml", "vascular.yaml"):
        (tmp_path / part).write_text(
            resource_path("clinical", part).read_text(encoding="utf-8"), encoding="utf-8"
        )
    assert load_lab_catalog(tmp_path / "labs.yaml").tests() == CATALOG.tests()
