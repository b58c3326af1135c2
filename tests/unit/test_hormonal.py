"""Hormonal rules: thyroid patterns, morning cortisol bands and caveats, parathyroid/calcium findings."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_desktop.domain.assessment import Assessment, Exam, History, LabResult, Patient
from clinic_desktop.knowledge.hormonal import load_hormonal
from clinic_desktop.knowledge.lab_catalog import load_lab_catalog
from clinic_desktop.rules.evaluation import Finding
from clinic_desktop.rules.labs import evaluate_labs

CATALOG = load_lab_catalog()


def _findings(
    *labs: LabResult,
    language: str = "en",
    pregnant: bool | None = None,
    exam: Exam | None = None,
    history: History | None = None,
) -> list[Finding]:
    patient = Patient(
        mrn="A-1",
        family_name="García",
        given_name="Ana",
        birth_date=date(1961, 4, 2),
        sex="female",
        pregnant=pregnant,
    )
    assessment = Assessment(patient=patient, labs=list(labs), exam=exam, history=history)
    return list(evaluate_labs(assessment, CATALOG, language).findings)


def _tsh(value: float) -> LabResult:
    return LabResult("tsh", value, "mIU/L")


def _ft4(value: float) -> LabResult:
    return LabResult("free_t4", value, "ng/dL")


@pytest.mark.parametrize(
    ("tsh", "free_t4", "pattern", "icd"),
    [
        (8.0, 0.6, "overt_hypothyroidism", "E03.9"),
        (6.0, 1.2, "subclinical_hypothyroidism", "R94.6"),
        (0.1, 2.5, "overt_hyperthyroidism", "E05.90"),
        (0.1, 1.2, "subclinical_hyperthyroidism", "R94.6"),
        (0.1, 0.6, "central_hypothyroidism_pattern", "R94.6"),
        (2.0, 0.6, "central_hypothyroidism_pattern", "R94.6"),
        (8.0, 2.5, "discordant_thyroid_pattern", "R94.6"),
        (2.0, 2.5, "discordant_thyroid_pattern", "R94.6"),
    ],
)
def test_thyroid_patterns_follow_the_reference_table(
    tsh: float, free_t4: float, pattern: str, icd: str
) -> None:
    (finding,) = _findings(_tsh(tsh), _ft4(free_t4))
    assert finding.id == pattern
    assert finding.icd10cm == icd
    assert finding.category == "hormonal"
    assert finding.sources


def test_normal_thyroid_tests_give_no_finding() -> None:
    assert _findings(_tsh(2.0), _ft4(1.2)) == []


def test_the_laboratory_interval_decides_the_thyroid_pattern() -> None:
    # TSH 4.8 is high on the default 0.4-4.5 but normal on this laboratory's 0.5-5.0.
    labs = (LabResult("tsh", 4.8, "mIU/L", reference_low=0.5, reference_high=5.0), _ft4(1.2))
    assert _findings(*labs) == []


def test_ata_treatment_threshold_is_named_from_10_mIU_per_litre() -> None:
    (at_ten,) = _findings(_tsh(10.0), _ft4(1.2))
    assert "ATA threshold" in at_ten.text
    (below,) = _findings(_tsh(9.99), _ft4(1.2))
    assert "ATA" not in below.text


def test_hyperthyroid_pattern_warns_about_biotin_and_cites_fda() -> None:
    (finding,) = _findings(_tsh(0.1), _ft4(2.5))
    assert "biotin" in finding.text
    assert "fda_biotin_interference" in finding.sources


def test_tsh_alone_is_not_interpreted_as_a_diagnosis() -> None:
    (finding,) = _findings(_tsh(8.0))
    assert finding.id == "thyroid_result_incomplete"
    assert "(8 mIU/L)" in finding.text
    assert _findings(_tsh(2.0)) == []
    assert _findings(_ft4(0.5)) == []


def test_thyroid_texts_are_in_spanish_for_a_spanish_patient() -> None:
    (finding,) = _findings(_tsh(8.0), _ft4(0.6), language="es")
    assert finding.text.startswith("TSH alta con T4 libre baja")


def test_every_thyroid_combination_is_covered() -> None:
    knowledge = load_hormonal()
    for tsh in ("L", "N", "H"):
        for free_t4 in ("L", "N", "H"):
            if (tsh, free_t4) == ("N", "N"):
                continue
            matches = [
                p.id for p in knowledge.thyroid.patterns if tsh in p.tsh and free_t4 in p.free_t4
            ]
            assert len(matches) == 1, (tsh, free_t4, matches)


@pytest.mark.parametrize(
    ("value", "unit", "finding_id"),
    [
        ("2.9", "ug/dL", "adrenal_insufficiency_likely"),
        ("3.0", "ug/dL", "low_morning_cortisol"),
        ("139.9", "nmol/L", "low_morning_cortisol"),
        ("140", "nmol/L", "indeterminate_morning_cortisol"),
        ("17", "ug/dL", "indeterminate_morning_cortisol"),
        ("17.01", "ug/dL", None),
    ],
)
def test_morning_cortisol_bands(value: str, unit: str, finding_id: str | None) -> None:
    found = _findings(LabResult("cortisol_am", float(value), unit))
    assert [f.id for f in found] == ([finding_id] if finding_id else [])
    for finding in found:
        assert finding.category == "hormonal"
        assert "morning" in finding.text
        assert finding.icd10cm is None


def test_cortisol_findings_keep_the_guideline_cut_offs_beside_a_lab_interval() -> None:
    (finding,) = _findings(
        LabResult("cortisol_am", 135, "nmol/L", reference_low=133, reference_high=537)
    )
    assert finding.id == "low_morning_cortisol"


def test_pregnancy_adds_the_cortisol_caveat_and_its_source() -> None:
    (plain,) = _findings(LabResult("cortisol_am", 200, "nmol/L"))
    (pregnant,) = _findings(LabResult("cortisol_am", 200, "nmol/L"), pregnant=True)
    assert "pregnant" in pregnant.text
    assert "pregnant" not in plain.text
    assert "qureshi_2007_oestrogen_cortisol" in pregnant.sources


def test_chvostek_or_trousseau_gives_the_hypocalcaemia_signs_finding() -> None:
    found = _findings(exam=Exam(chvostek=True, trousseau=False))
    assert [f.id for f in found] == ["hypocalcaemia_signs"]
    assert found[0].text.startswith("Positive Chvostek sign")
    both = _findings(exam=Exam(chvostek=True, trousseau=True), language="es")
    assert both[0].text.startswith("Signo de Chvostek positivo y signo de Trousseau positivo:")


def test_absent_signs_are_not_a_finding() -> None:
    assert _findings(exam=Exam(chvostek=False, trousseau=None)) == []


def test_causes_of_low_calcium_that_this_patient_shows() -> None:
    found = _findings(
        LabResult("calcium", 7.8, "mg/dL"),
        LabResult("magnesium", 0.5, "mmol/L"),
        history=History(conditions=["thyroidectomy"]),
    )
    causes = next(f for f in found if f.id == "hypocalcaemia_causes_to_consider")
    assert "thyroid or parathyroid surgery" in causes.text
    assert "magnesium deficiency" in causes.text
    assert "vitamin D" not in causes.text


def test_no_causes_finding_without_low_calcium_or_signs() -> None:
    found = _findings(
        LabResult("magnesium", 0.5, "mmol/L"), history=History(conditions=["thyroidectomy"])
    )
    assert [f.id for f in found] == ["hypomagnesemia"]


def test_low_sodium_with_high_potassium_points_to_a_morning_cortisol() -> None:
    found = _findings(LabResult("sodium", 128, "mmol/L"), LabResult("potassium", 5.6, "mmol/L"))
    assert [f.id for f in found] == [
        "hyperkalemia",
        "hyponatremia",
        "adrenal_insufficiency_features",
    ]
    assert "morning cortisol and ACTH" in found[-1].text
    assert "bornstein_2016_adrenal_insufficiency" in found[-1].sources


def test_the_electrolyte_pattern_needs_both_and_gives_way_to_a_cortisol_result() -> None:
    only_sodium = _findings(
        LabResult("sodium", 128, "mmol/L"), LabResult("potassium", 4.0, "mmol/L")
    )
    assert "adrenal_insufficiency_features" not in [f.id for f in only_sodium]
    with_cortisol = _findings(
        LabResult("sodium", 128, "mmol/L"),
        LabResult("potassium", 5.6, "mmol/L"),
        LabResult("cortisol_am", 500, "nmol/L"),
    )
    assert "adrenal_insufficiency_features" not in [f.id for f in with_cortisol]
