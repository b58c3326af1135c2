"""Fixed cases for the report tests, golden pages and the benchmark: the visit date never moves."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from clinic_desktop.domain.assessment import (
    AnkleClonus,
    Assessment,
    Exam,
    History,
    LabResult,
    Medication,
    Patient,
    PlantarResponses,
    ReflexGrade,
    SiteFinding,
    StrengthGrade,
    ToneGrade,
    Vascular,
    Vitals,
)
from clinic_desktop.domain.careplan import CarePlan, PlannedItem
from clinic_desktop.domain.clinic import ClinicianProfile, ClinicProfile
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.reports.careplan import CarePlanExtras, Revision
from clinic_desktop.reports.summary import RecordExtras, VisitRecord
from clinic_desktop.rules.changes import Change, VisitChanges
from clinic_desktop.rules.evaluation import (
    CarePlanItem,
    Derived,
    Evaluation,
    Finding,
    InterpretedLab,
    RedFlag,
)
from clinic_desktop.rules.trends import Trend, TrendPoint

VISIT = date(2026, 11, 23)
# Citation ids of the program's citation list: the print numbers them on its sources page.
SOURCE_STRETCH = "hallegraeff_2012_stretching"
SOURCE_MAGNESIUM = "garrison_2020_cochrane_magnesium"
SOURCE_FLAG = "nice_ng42_mnd"

TEXTS = {
    "en": {
        "finding": "Your magnesium level is low.",
        "finding2": "Leg cramps at night that wake you up.",
        "magnesium": "Take magnesium as your clinician directs.",
        "vitamin_d": "Take vitamin D as your clinician directs.",
        "dose": "300 mg by mouth at night",
        "instructions": "With food. Stop if you get diarrhoea.",
        "why_magnesium": "Your blood test showed low magnesium.",
        "stretch": "Stretch your calves and the backs of your thighs every day.",
        "why_stretch": "Stretching can help night-time leg cramps.",
        "hydration": "Drink water through the day.",
        "review": "Bring your water pill to your next visit so we can review it.",
        "follow": "Come back once your blood tests are done.",
        "flag": "Your cramps come with new weakness.",
        "action": "See a nerve specialist soon.",
        "reason_lab": "To check your calcium level.",
        "steps": [
            "Stand facing a wall, an arm's length away.",
            "Put one foot behind you and keep that heel on the floor.",
            "Lean toward the wall until you feel a pull in the calf.",
            "Hold for 30 seconds, then switch legs. Repeat 3 times.",
        ],
        "notes": "Call the clinic if the cramps change.",
        "evidence": "low-certainty evidence",
    },
    "es": {
        "finding": "Su nivel de magnesio está bajo.",
        "finding2": "Calambres en las piernas por la noche que le despiertan.",
        "magnesium": "Tome magnesio como le indique su profesional.",
        "vitamin_d": "Tome vitamina D como le indique su profesional.",
        "dose": "300 mg por la noche",
        "instructions": "Con comida. Déjelo si le da diarrea.",
        "why_magnesium": "Su análisis mostró el magnesio bajo.",
        "stretch": "Estire las pantorrillas y la parte de atrás de los muslos todos los días.",
        "why_stretch": "Estirar puede aliviar los calambres nocturnos.",
        "hydration": "Beba agua a lo largo del día.",
        "review": "Traiga su diurético a la próxima visita para revisarlo.",
        "follow": "Vuelva cuando tenga los resultados de los análisis.",
        "flag": "Sus calambres vienen con debilidad nueva.",
        "action": "Consulte pronto a un especialista en nervios.",
        "reason_lab": "Para comprobar su nivel de calcio.",
        "steps": [
            "Póngase de pie frente a una pared, a un brazo de distancia.",
            "Lleve un pie hacia atrás y mantenga el talón en el suelo.",
            "Inclínese hacia la pared hasta notar tensión en la pantorrilla.",
            "Aguante 30 segundos y cambie de pierna. Repita 3 veces.",
        ],
        "notes": "Llame a la clínica si los calambres cambian.",
        "evidence": "baja certeza",
    },
}


def png(kind: str = "logo") -> bytes:
    """A small picture drawn here, the same every time: the clinic's logo or a signature."""
    from PIL import Image, ImageDraw

    if kind == "logo":
        picture = Image.new("RGB", (96, 96), "white")
        draw = ImageDraw.Draw(picture)
        draw.ellipse((8, 8, 88, 88), fill="#1d5b79")
        draw.rectangle((40, 20, 56, 76), fill="white")
        draw.rectangle((20, 40, 76, 56), fill="white")
    else:
        picture = Image.new("RGB", (240, 80), "white")
        draw = ImageDraw.Draw(picture)
        draw.line(
            [(10, 60), (40, 20), (70, 62), (100, 24), (130, 58), (170, 30), (225, 44)], "#1f2328", 4
        )
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def clinic() -> ClinicProfile:
    return ClinicProfile(
        name="Clínica del Músculo Ñandú",
        address="Calle Mayor 12\n28013 Madrid",
        phone="+34 910 000 000",
        email="consultas@musculo-nandu.example",
        website="www.musculo-nandu.example",
        logo=png("logo"),
        footer="Clínica del Músculo Ñandú S.L. · Registro sanitario CS-12345 · Calle Mayor 12, Madrid",
    )


def clinician() -> ClinicianProfile:
    return ClinicianProfile(
        username="lnunez",
        display_name="Dra. Lucía Núñez",
        credentials="MD",
        licence_number="28/281234",
        signature=png("signature"),
    )


def assessment(language: str = "es") -> Assessment:
    return Assessment(
        patient=Patient(
            mrn="A-1001",
            family_name="García Núñez",
            given_name="Ana María",
            birth_date=date(1961, 4, 2),
            sex="female",
            language=language,
        ),
        visit_date=VISIT,
        labs=[LabResult(test="magnesium", value=1.5, unit="mg/dL")],
        medications=[Medication(name="hydrochlorothiazide", dose="25 mg daily")],
    )


def evaluation(language: str = "es") -> Evaluation:
    text = TEXTS[language]
    return Evaluation(
        language=language,
        derived=Derived(),
        labs=(),
        findings=(
            Finding(
                "hypomagnesemia",
                text["finding"],
                (SOURCE_MAGNESIUM,),
                "E83.42",
                patient_text=text["finding"],
            ),
            Finding(
                "nocturnal_leg_cramps",
                text["finding2"],
                (SOURCE_STRETCH,),
                "G47.62",
                patient_text=text["finding2"],
            ),
        ),
        icd10cm=("G47.62", "E83.42"),
        red_flags=(
            RedFlag(
                "new_weakness",
                "soon",
                "neurology",
                text["flag"],
                (SOURCE_FLAG,),
                text["action"],
                patient_text=f"{text['flag']} {text['action']}",
            ),
        ),
        suggested_lab_orders=("calcium", "albumin", "cortisol_am"),
        care_plan=(
            CarePlanItem(
                "magnesium_repletion", "supplements", text["magnesium"], (SOURCE_MAGNESIUM,)
            ),
            CarePlanItem(
                "calf_hamstring_stretching",
                "physiotherapy",
                text["stretch"],
                (SOURCE_STRETCH,),
                reason=text["why_stretch"],
            ),
        ),
        suggested_lab_order_reasons={"calcium": text["reason_lab"]},
    )


def plan(language: str = "es") -> CarePlan:
    text = TEXTS[language]
    return CarePlan(
        language=language,
        items=[
            PlannedItem(
                "magnesium_repletion",
                "supplements",
                text["magnesium"],
                [SOURCE_MAGNESIUM],
                reason=text["why_magnesium"],
                dose=text["dose"],
                instructions=text["instructions"],
            ),
            PlannedItem("vitamin_d_repletion", "supplements", text["vitamin_d"], []),
            PlannedItem(
                "calf_hamstring_stretching",
                "physiotherapy",
                text["stretch"],
                [SOURCE_STRETCH],
                reason=text["why_stretch"],
                evidence=text["evidence"],
            ),
            PlannedItem("hydration", "lifestyle", text["hydration"], [SOURCE_STRETCH]),
            PlannedItem("review_diuretic", "medication_review", text["review"], [SOURCE_MAGNESIUM]),
            PlannedItem("follow_up", "follow_up", text["follow"], []),
        ],
        follow_up_date=date(2026, 12, 21),
        clinician_name="Dra. Lucía Núñez",
        signed_at=datetime(2026, 11, 23, 10, 30),
        notes=text["notes"],
    )


def extras(language: str = "es") -> CarePlanExtras:
    names = {
        "en": {
            "calcium": "Calcium",
            "albumin": "Albumin",
            "cortisol_am": "Morning cortisol",
            "glucose": "Glucose",
            "magnesium": "Magnesium",
        },
        "es": {
            "calcium": "Calcio",
            "albumin": "Albúmina",
            "cortisol_am": "Cortisol matutino",
            "glucose": "Glucosa",
            "magnesium": "Magnesio",
        },
    }
    return CarePlanExtras(
        steps={"calf_hamstring_stretching": TEXTS[language]["steps"]},
        lab_names=names[language],
        citations=load_knowledge().citations,
    )


CLINICIAN_TEXTS = {
    "en": {
        "hypomagnesemia": "Hypomagnesaemia: magnesium 1.5 mg/dL (below 1.7).",
        "cramps": "Nocturnal leg cramps, calf, about 4 a week.",
        "weakness": "Weakness of ankle dorsiflexion, left, MRC 4.",
        "abi": "Ankle-brachial index 0.86 on the left: peripheral artery disease.",
        "thiazide": "hydrochlorothiazide: associated with cramps and low magnesium; review.",
        "tsh": "TSH within the interval: no thyroid cause found.",
        "flag": "New focal weakness with cramps: exclude motor neuron disease.",
        "action": "Refer to neurology within weeks; EMG.",
        "history_note": "Cramps for 3 months, worse since the diuretic was started.",
        "exam_note": "Mild weakness of the left ankle; no wasting.",
    },
    "es": {
        "hypomagnesemia": "Hipomagnesemia: magnesio 1,5 mg/dL (por debajo de 1,7).",
        "cramps": "Calambres nocturnos en las piernas, pantorrilla, unos 4 por semana.",
        "weakness": "Debilidad de la flexión dorsal del tobillo izquierdo, MRC 4.",
        "abi": "Índice tobillo-brazo 0,86 a la izquierda: enfermedad arterial periférica.",
        "thiazide": "hidroclorotiazida: asociada a calambres y magnesio bajo; revisar.",
        "tsh": "TSH dentro del intervalo: sin causa tiroidea.",
        "flag": "Debilidad focal nueva con calambres: descartar enfermedad de motoneurona.",
        "action": "Derivar a neurología en semanas; EMG.",
        "history_note": "Calambres desde hace 3 meses, peores desde que empezó el diurético.",
        "exam_note": "Debilidad leve del tobillo izquierdo; sin atrofia.",
    },
}


def record(language: str = "es") -> VisitRecord:
    """A whole visit for the clinician's documents (summary, referral) in `language`: history,
    examination, labs, ABI, medicines, a red flag acknowledged, the signed plan in Spanish."""
    words = CLINICIAN_TEXTS[language]
    base = assessment("es")
    visit = replace(
        base,
        history=History(
            presentations=["nocturnal_leg_cramps"],
            sites=["calf", "thigh"],
            site_sides={"calf": "bilateral"},
            episodes_per_week=4,
            episode_duration_seconds=90,
            pain_score=6,
            triggers=["night_rest", "exercise"],
            symptoms=["sleep_disruption", "weakness"],
            conditions=["diabetes", "smoker"],
            progressive=False,
            dark_urine=False,
        ),
        exam=Exam(
            strength=[
                StrengthGrade("ankle_dorsiflexors", "left", "4"),
                StrengthGrade("ankle_dorsiflexors", "right", "5"),
                StrengthGrade("hip_flexors", "bilateral", "5"),
            ],
            reflexes=[
                ReflexGrade("patellar", "bilateral", "2+"),
                ReflexGrade("achilles", "left", "1+"),
                ReflexGrade("achilles", "right", "2+"),
            ],
            tone=[ToneGrade("ankle_plantarflexors", "bilateral", "0")],
            plantar=PlantarResponses(left="flexor", right="flexor"),
            ankle_clonus=AnkleClonus(left=False, right=False),
            fasciculations=[SiteFinding("calf", "left")],
            sensory_loss=[SiteFinding("foot", "bilateral", "vibration")],
            chvostek=False,
        ),
        labs=[
            LabResult(test="magnesium", value=1.5, unit="mg/dL", loinc="19123-9"),
            LabResult(test="tsh", value=2.1, unit="mIU/L", reference_low=0.4, reference_high=4.0),
        ],
        vascular=Vascular(claudication=True),
        vitals=Vitals(heart_rate_bpm=72, systolic_bp_mmhg=138, diastolic_bp_mmhg=84),
        notes={"history": words["history_note"], "examination": words["exam_note"]},
    )
    findings = (
        Finding("nocturnal_leg_cramps", words["cramps"], (SOURCE_STRETCH,), "G47.62", "history"),
        Finding("muscle_weakness", words["weakness"], (SOURCE_FLAG,), None, "neuromuscular"),
        Finding("hypomagnesemia", words["hypomagnesemia"], (SOURCE_MAGNESIUM,), "E83.42", "labs"),
        Finding("tsh_normal", words["tsh"], (SOURCE_MAGNESIUM,), None, "hormonal"),
        Finding("peripheral_artery_disease", words["abi"], (SOURCE_FLAG,), "I73.9", "vascular"),
        Finding("thiazide", words["thiazide"], (SOURCE_MAGNESIUM,), None, "medications"),
    )
    evaluated = replace(
        evaluation(language),
        labs=(
            InterpretedLab(
                "magnesium", 1.5, "mg/dL", Decimal("0.62"), "mmol/L", "L", loinc="19123-9"
            ),
            InterpretedLab(
                "tsh", 2.1, "mIU/L", Decimal("2.1"), "mIU/L", "N", None, 0.4, 4.0, (), True
            ),
        ),
        derived=Derived(
            abi={"left": Decimal("0.86"), "right": Decimal("1.02")},
            abi_category={"left": "abnormal", "right": "normal"},
        ),
        findings=findings,
        icd10cm=("G47.62", "E83.42", "I73.9"),
        red_flags=(
            RedFlag(
                "new_weakness", "soon", "neurology", words["flag"], (SOURCE_FLAG,), words["action"]
            ),
        ),
    )
    return VisitRecord(
        visit, evaluated, plan("es"), acknowledged=("new_weakness",), signed_on=VISIT
    )


def record_extras(language: str = "es") -> RecordExtras:
    names = {
        "en": {"magnesium": "Magnesium", "tsh": "TSH"},
        "es": {"magnesium": "Magnesio", "tsh": "TSH"},
    }
    return RecordExtras(
        lab_names=names[language],
        loinc={"tsh": "3016-3"},
        default_intervals={"magnesium": (Decimal("1.7"), Decimal("2.2"))},
        icd10cm_descriptions={
            "G47.62": "Sleep related leg cramps",
            "E83.42": "Hypomagnesemia",
            "I73.9": "Peripheral vascular disease, unspecified",
        },
    )


EARLIER_VISITS = (date(2026, 9, 21), date(2026, 10, 22))
"""The follow-up's earlier visits: the case's visit (VISIT) is the third."""


def follow_up_trends() -> tuple[Trend, ...]:
    """What a follow-up plan draws, fixed: the cramps told at three visits and written in the
    diary each week, and magnesium (low at two visits) against its band."""
    visits = (*EARLIER_VISITS, VISIT)

    def points(days: Sequence[date], values: Sequence[str]) -> tuple[TrendPoint, ...]:
        return tuple(TrendPoint(d, Decimal(v), v) for d, v in zip(days, values, strict=True))

    weeks = [date(2026, 9, 21) + timedelta(weeks=n) for n in range(9)]
    magnesium = (
        TrendPoint(date(2026, 9, 19), Decimal("0.617"), "1.5 mg/dL", "L"),
        TrendPoint(date(2026, 10, 20), Decimal("0.679"), "1.65 mg/dL", "L"),
        TrendPoint(date(2026, 11, 20), Decimal("0.782"), "1.9 mg/dL", "N"),
    )
    return (
        Trend("episodes_per_week", "history", "", points(visits, ("5", "3", "2"))),
        Trend(
            "diary_cramps_per_week",
            "diary",
            "",
            points(weeks, ("3", "2", "2", "1", "2", "1", "1", "0", "1")),
        ),
        Trend("pain_score", "history", "", points(visits, ("7", "5", "4"))),
        Trend(
            "diary_intensity",
            "diary",
            "",
            points(weeks, ("6.5", "6", "5.5", "5", "5", "4", "4", "3.5", "3")),
        ),
        Trend("magnesium", "lab", "mmol/L", magnesium, Decimal("0.70"), Decimal("1.10")),
    )


def revision(language: str = "es") -> Revision:
    """The case's plan as an addendum's: the magnesium result came after the first plan was
    signed on 20 November, and with it the finding and the magnesium item."""
    text = TEXTS[language]
    before = replace(
        evaluation(language),
        findings=tuple(f for f in evaluation(language).findings if f.id != "hypomagnesemia"),
    )
    changes = VisitChanges(
        (
            Change("finding", "hypomagnesemia", "Hypomagnesaemia: Mg 1.5 mg/dL", True),
            Change("plan_item", "magnesium_repletion", text["magnesium"], True),
            Change("result", "magnesium|1.5|mg/dL|", "magnesium 1.5 mg/dL", True),
        )
    )
    result = LabResult("magnesium", 1.5, "mg/dL", collected_at="2026-11-22T08:15:00+01:00")
    return Revision(date(2026, 11, 20), changes, before, (result,))
