"""One row per measured value of an assessment, so trends and FHIR export read one table.

Labs carry their LOINC code when the document gives one. Graded exam findings and the
pressures behind the ankle-brachial index use this program's own code systems (named
below) rather than guessed standard codes.
"""

from __future__ import annotations

from typing import Any

from clinic_desktop.domain.assessment import AnklePressures, Assessment

LOINC = "http://loinc.org"
LAB_TEST = "urn:clinic-desktop:lab-test"
MRC_STRENGTH = "urn:clinic-desktop:mrc-strength"
REFLEX = "urn:clinic-desktop:reflex"
MODIFIED_ASHWORTH = "urn:clinic-desktop:modified-ashworth"
SYSTOLIC_PRESSURE = "urn:clinic-desktop:systolic-pressure"
MMHG = "mm[Hg]"


def _row(code_system: str, code: str, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "code_system": code_system,
        "code": code,
        "body_site": None,
        "laterality": None,
        "value_num": None,
        "value_text": None,
        "unit": None,
        "collected_at": None,
        "reference_low": None,
        "reference_high": None,
    }
    row.update(values)
    return row


def _ankle_rows(side: str, pressures: AnklePressures | None) -> list[dict[str, Any]]:
    if pressures is None:
        return []
    return [
        _row(SYSTOLIC_PRESSURE, "ankle", body_site=artery, laterality=side, value_num=v, unit=MMHG)
        for artery, v in (
            ("dorsalis_pedis", pressures.dorsalis_pedis),
            ("posterior_tibial", pressures.posterior_tibial),
        )
        if v is not None
    ]


def observation_rows(assessment: Assessment) -> list[dict[str, Any]]:
    """The observations in `assessment`, as column values (without ids), dated on the visit."""
    rows: list[dict[str, Any]] = []
    for lab in assessment.labs or []:
        system, code = (LOINC, lab.loinc) if lab.loinc else (LAB_TEST, lab.test)
        rows.append(
            _row(
                system,
                code,
                value_num=lab.value,
                value_text=lab.test,
                unit=lab.unit,
                collected_at=lab.collected_at,
                reference_low=lab.reference_low,
                reference_high=lab.reference_high,
            )
        )
    exam = assessment.exam
    if exam is not None:
        for strength in exam.strength or []:
            rows.append(
                _row(
                    MRC_STRENGTH, strength.muscle, laterality=strength.side, value_text=strength.mrc
                )
            )
        for reflex in exam.reflexes or []:
            rows.append(
                _row(REFLEX, reflex.reflex, laterality=reflex.side, value_text=reflex.grade)
            )
        for tone in exam.tone or []:
            rows.append(
                _row(
                    MODIFIED_ASHWORTH,
                    tone.muscle,
                    laterality=tone.side,
                    value_text=tone.modified_ashworth,
                )
            )
    vascular = assessment.vascular
    if vascular is not None:
        brachial = vascular.brachial_systolic_mmhg
        if brachial is not None:
            for side, value in (("left", brachial.left), ("right", brachial.right)):
                if value is not None:
                    rows.append(
                        _row(
                            SYSTOLIC_PRESSURE,
                            "brachial",
                            body_site="brachial",
                            laterality=side,
                            value_num=value,
                            unit=MMHG,
                        )
                    )
        ankle = vascular.ankle_systolic_mmhg
        if ankle is not None:
            rows += _ankle_rows("left", ankle.left) + _ankle_rows("right", ankle.right)
    for row in rows:
        row["observed_at"] = assessment.visit_date
    return rows
