"""Time evaluate() per assessment against its budget of 5 ms (re-evaluating on a keystroke).

Run from the repository root: `.venv/bin/python benchmarks/bench_evaluate.py`.
Knowledge is loaded once beforehand, as the window does; each case is then
evaluated many times and the median per-call time is printed. There is no
bare baseline for a rules engine, so this is a budget, not a ratio.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clinic_desktop.domain.assessment import (
    AnklePressures,
    AnklePressuresBySide,
    Assessment,
    BrachialPressures,
    Exam,
    History,
    LabResult,
    Medication,
    Patient,
    ReflexGrade,
    SiteFinding,
    StrengthGrade,
    ToneGrade,
    Vascular,
)
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.rules.engine import evaluate

BUDGET_MS = 5.0
ROUNDS = 300
VISIT = date(2026, 11, 20)


def cases() -> dict[str, Assessment]:
    patient = Patient("A-1", "García", "Ana", date(1950, 4, 2), sex="female", language="es")
    bare = Assessment(patient=patient, visit_date=VISIT)
    cramps = Assessment(
        patient=patient,
        visit_date=VISIT,
        history=History(
            presentations=["nocturnal_leg_cramps"], sites=["calf"], triggers=["night_rest"]
        ),
    )
    full = Assessment(
        patient=patient,
        visit_date=VISIT,
        history=History(
            presentations=["skeletal_cramps", "fasciculations", "spasticity"],
            sites=["calf", "thigh", "back"],
            triggers=["exercise", "heat"],
            symptoms=["localized_pain", "weakness", "tingling_or_numbness", "salt_craving"],
            conditions=["diabetes", "chronic_kidney_disease", "thyroidectomy"],
            dark_urine=True,
        ),
        exam=Exam(
            strength=[
                StrengthGrade(m, s, "4")
                for m in ("hip_flexors", "ankle_dorsiflexors")
                for s in ("left", "right")
            ],
            reflexes=[ReflexGrade("patellar", "left", "3+"), ReflexGrade("achilles", "right", "0")],
            tone=[ToneGrade("elbow_flexors", "right", "2")],
            fasciculations=[SiteFinding("calf", "left")],
            atrophy=[SiteFinding("hand", "right")],
            sensory_loss=[SiteFinding("foot", "bilateral", "vibration")],
            chvostek=True,
            trousseau=True,
        ),
        labs=[
            LabResult("magnesium", 1.2, "mg/dL"),
            LabResult("potassium", 2.9, "mmol/L"),
            LabResult("sodium", 131, "mmol/L"),
            LabResult("calcium", 7.6, "mg/dL"),
            LabResult("albumin", 3.1, "g/dL"),
            LabResult("vitamin_d_25oh", 30, "nmol/L"),
            LabResult("creatine_kinase", 2400, "U/L", reference_high=190),
            LabResult("creatinine", 1.4, "mg/dL"),
            LabResult("tsh", 8.2, "mIU/L"),
        ],
        vascular=Vascular(
            brachial_systolic_mmhg=BrachialPressures(140, 136),
            ankle_systolic_mmhg=AnklePressuresBySide(
                AnklePressures(110, 100), AnklePressures(150, 200)
            ),
            claudication=True,
        ),
        medications=[
            Medication(name)
            for name in (
                "hydrochlorothiazide",
                "atorvastatin 40 mg",
                "omeprazol",
                "salmeterol",
                "unknownol",
            )
        ],
    )
    return {"bare": bare, "nocturnal cramps": cramps, "everything at once": full}


def median_ms(assessment: Assessment) -> float:
    knowledge = load_knowledge()
    evaluate(assessment, knowledge)
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        evaluate(assessment, knowledge)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(quiet: bool = False) -> dict[str, float]:
    """Median ms per evaluate() of each case, and the worst as `evaluate_ms`."""
    started = time.perf_counter()
    load_knowledge()
    if not quiet:
        print(f"load_knowledge (once, cached): {(time.perf_counter() - started) * 1000:.0f} ms")
    result: dict[str, float] = {}
    for name, assessment in cases().items():
        result[name] = median_ms(assessment)
        if not quiet:
            print(f"evaluate, {name}: {result[name]:.3f} ms per assessment (budget {BUDGET_MS} ms)")
    result["evaluate_ms"] = max(result.values())
    return result


def main() -> int:
    worst = measure()["evaluate_ms"]
    verdict = "within" if worst <= BUDGET_MS else "OVER"
    print(f"worst case {worst:.3f} ms: {verdict} budget")
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
