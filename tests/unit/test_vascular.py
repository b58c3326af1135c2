"""Vascular rules: ABI category findings, claudication, and the calcification caveat."""

from __future__ import annotations

from datetime import date

from clinic_desktop.domain.assessment import (
    AnklePressures,
    AnklePressuresBySide,
    Assessment,
    BrachialPressures,
    History,
    Patient,
    Vascular,
)
from clinic_desktop.knowledge.lab_catalog import load_lab_catalog
from clinic_desktop.rules.evaluation import Finding
from clinic_desktop.rules.labs import evaluate_labs

CATALOG = load_lab_catalog()


def _findings(
    left: float | None,
    right: float | None,
    claudication: bool | None = None,
    history: History | None = None,
    language: str = "en",
) -> list[Finding]:
    vascular = Vascular(
        brachial_systolic_mmhg=BrachialPressures(left=130, right=125),
        ankle_systolic_mmhg=AnklePressuresBySide(
            left=AnklePressures(dorsalis_pedis=left) if left is not None else None,
            right=AnklePressures(posterior_tibial=right) if right is not None else None,
        ),
        claudication=claudication,
    )
    patient = Patient(mrn="A-1", family_name="Roe", given_name="Jo", birth_date=date(1950, 1, 1))
    assessment = Assessment(patient=patient, vascular=vascular, history=history)
    return list(evaluate_labs(assessment, CATALOG, language).findings)


def test_an_abnormal_abi_is_peripheral_artery_disease_with_its_code() -> None:
    (finding,) = _findings(112, 140)  # left 0.86 abnormal, right 1.08 normal
    assert finding.id == "peripheral_artery_disease"
    assert finding.icd10cm == "I73.9"
    assert finding.category == "vascular"
    assert "(left leg 0.86)" in finding.text
    assert "right" not in finding.text
    assert "gerhard_herman_2017_pad" in finding.sources


def test_exactly_0_90_is_abnormal_and_0_91_borderline() -> None:
    assert [f.id for f in _findings(117, None)] == ["peripheral_artery_disease"]  # 0.90
    assert [f.id for f in _findings(118, None)] == ["borderline_abi"]  # 0.9077 -> 0.91


def test_both_legs_in_one_category_share_one_finding() -> None:
    (finding,) = _findings(110, 100)
    assert "(left leg 0.85, right leg 0.77)" in finding.text


def test_noncompressible_arteries_point_to_the_toe_brachial_index() -> None:
    (finding,) = _findings(190, None)  # 1.46
    assert finding.id == "noncompressible_arteries"
    assert "toe-brachial index" in finding.text
    assert finding.icd10cm is None


def test_a_normal_abi_alone_is_no_finding() -> None:
    assert _findings(130, 135) == []


def test_claudication_is_coded_once_even_with_pad() -> None:
    found = _findings(100, 140, claudication=True)
    assert [f.id for f in found] == ["peripheral_artery_disease", "intermittent_claudication"]
    assert [f.icd10cm for f in found] == ["I73.9", None]
    alone = _findings(None, None, claudication=True)
    assert [(f.id, f.icd10cm) for f in alone] == [("intermittent_claudication", "I73.9")]


def test_claudication_with_a_normal_abi_suggests_an_exercise_abi() -> None:
    found = _findings(130, 131, claudication=True)
    assert [f.id for f in found] == ["intermittent_claudication", "exertional_symptoms_normal_abi"]


def test_claudication_text_tells_it_apart_from_cramps_and_stenosis() -> None:
    history = History(presentations=["nocturnal_leg_cramps"], conditions=["lumbar_spinal_stenosis"])
    (finding,) = _findings(None, None, claudication=True, history=history)
    assert "Nocturnal leg cramps are different" in finding.text
    assert "pseudoclaudication" in finding.text


def test_the_calcification_caveat_stays_with_abi_findings() -> None:
    found = _findings(None, None, claudication=True, history=History(conditions=["diabetes"]))
    assert [f.id for f in found] == ["intermittent_claudication"]
    assert "calcification" not in found[0].text


def test_diabetes_adds_the_calcification_caveat_in_spanish() -> None:
    (finding,) = _findings(100, None, history=History(conditions=["diabetes"]), language="es")
    assert "calcificación arterial" in finding.text
    assert "(pierna izquierda 0,77)" in finding.text
    assert len(finding.sources) == 2


def test_claudication_not_recorded_is_not_assumed() -> None:
    assert _findings(None, None, claudication=None) == []
    assert _findings(None, None, claudication=False) == []


def test_with_diabetes_peripheral_angiopathy_is_coded_e11_51_once() -> None:
    # ICD-10-CM: Diabetes, with, peripheral angiopathy -> E11.51 (type unstated defaults to type 2);
    # I73 excludes diabetic angiopathy, so I73.9 is not emitted beside it.
    diabetic = History(conditions=["diabetes"])
    found = _findings(100, 140, claudication=True, history=diabetic)
    assert [(f.id, f.icd10cm) for f in found] == [
        ("peripheral_artery_disease", "E11.51"),
        ("intermittent_claudication", None),
    ]
    alone = _findings(None, None, claudication=True, history=diabetic)
    assert [(f.id, f.icd10cm) for f in alone] == [("intermittent_claudication", "E11.51")]
    smoker = _findings(100, None, history=History(conditions=["smoker"]))
    assert [f.icd10cm for f in smoker] == ["I73.9"]


def test_claudication_with_lumbar_stenosis_is_not_coded_as_pad() -> None:
    # Reference vascular.claudication_vs_nocturnal_cramps: pseudoclaudication is the
    # exercise-related leg pain of lumbar spinal stenosis (neurogenic claudication).
    stenosis = History(conditions=["lumbar_spinal_stenosis"])
    for left, right in [(None, None), (130, 131)]:
        found = _findings(left, right, claudication=True, history=stenosis)
        assert {f.icd10cm for f in found} == {None}
    with_diabetes = History(conditions=["lumbar_spinal_stenosis", "diabetes"])
    assert {f.icd10cm for f in _findings(None, None, True, with_diabetes)} == {None}


def test_claudication_with_stenosis_keeps_the_pad_code_when_pad_is_shown() -> None:
    known = History(conditions=["lumbar_spinal_stenosis", "peripheral_artery_disease"])
    (alone,) = _findings(None, None, claudication=True, history=known)
    assert alone.icd10cm == "I73.9"
    stenosis = History(conditions=["lumbar_spinal_stenosis"])
    found = _findings(100, 140, claudication=True, history=stenosis)
    assert [(f.id, f.icd10cm) for f in found] == [
        ("peripheral_artery_disease", "I73.9"),
        ("intermittent_claudication", None),
    ]
