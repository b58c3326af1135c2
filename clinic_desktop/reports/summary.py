"""The clinician's documents of a visit: the visit summary and the referral letter.

Both speak the interface's language (the clinician's, not the patient's) and print the
clinician's wording of findings and red flags, never the patient's version. The summary is the
record of the whole visit; a referral letter goes to each service a red flag names, built from
the same data. The plan's items are quoted as the clinician wrote them, in the plan's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from clinic_desktop.domain.assessment import Assessment, Exam, History, SiteFinding, Vascular
from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.domain.clinic import ClinicianProfile, ClinicProfile
from clinic_desktop.domain.vocabulary import CARE_PLAN_SECTIONS
from clinic_desktop.reports import document as model
from clinic_desktop.reports.labels import Labels, SummaryLabels, load_labels
from clinic_desktop.reports.parts import (
    clinician_name,
    document,
    full_name,
    letterhead,
    patient_fields,
    signature,
)
from clinic_desktop.reports.terms import term, terms
from clinic_desktop.rules.evaluation import Evaluation, Finding, InterpretedLab, RedFlag

LEFT_RIGHT = ("left", "right")
# Where each finding is printed: beside the data it comes from.
EXAM_CATEGORIES = ("neuromuscular",)
PLAN_CATEGORY = "care_plan"


@dataclass(frozen=True, slots=True)
class VisitRecord:
    """What the clinician's documents show of one visit."""

    assessment: Assessment
    evaluation: Evaluation
    """The rules' answer in the documents' (the interface's) language."""
    plan: CarePlan | None = None
    acknowledged: tuple[str, ...] = ()
    """The red flags the clinician acknowledged (signing needs them all)."""
    signed_on: date | None = None
    """When the visit was signed; None for a draft."""


@dataclass(frozen=True, slots=True)
class RecordExtras:
    """What the lab catalogue and the ICD-10-CM table add, keyed by test name or code."""

    lab_names: Mapping[str, str] = field(default_factory=dict)
    loinc: Mapping[str, str | None] = field(default_factory=dict)
    default_intervals: Mapping[str, tuple[Decimal | None, Decimal | None]] = field(
        default_factory=dict
    )
    """The program's interval of each test in the unit the result was reported in."""
    icd10cm_descriptions: Mapping[str, str] = field(default_factory=dict)


def _number(value: float | Decimal | int | None, language: str) -> str:
    """A number as the language writes it: "1.5", "1,5"; whole numbers without ".0"."""
    return load_labels(language).format_number(value)


def _yes_no(value: bool | None, texts: SummaryLabels) -> str | None:
    if value is None:
        return None
    return texts.yes if value else texts.no


def _note(record: VisitRecord, step: str, texts: SummaryLabels) -> list[model.Block]:
    written = (record.assessment.notes or {}).get(step, "").strip()
    if not written:
        return []
    return [model.Text(texts.note, "subheading"), model.Text(written)]


def _findings(findings: Iterable[Finding]) -> list[model.Block]:
    texts = tuple(
        f"{f.text} ({f.icd10cm})" if f.icd10cm and f.icd10cm not in f.text else f.text
        for f in findings
    )
    return [model.Bullets(texts)] if texts else []


def _in(evaluation: Evaluation, *categories: str) -> list[Finding]:
    return [f for f in evaluation.findings if f.category in categories]


def _history(record: VisitRecord, texts: SummaryLabels, language: str) -> list[model.Block]:
    history = record.assessment.history or History()
    named = texts.history_fields
    sites = []
    for site in history.sites or ():
        side = (history.site_sides or {}).get(site)
        sites.append(
            f"{term(site, language)} ({term(side, language)})" if side else term(site, language)
        )
    rows = [
        (named["presentations"], terms(history.presentations, language)),
        (named["sites"], ", ".join(sites)),
        (named["episodes_per_week"], _number(history.episodes_per_week, language)),
        (named["episode_duration_seconds"], _number(history.episode_duration_seconds, language)),
        (named["pain_score"], _number(history.pain_score, language)),
        (named["penn_spasm_frequency"], _number(history.penn_spasm_frequency, language)),
        (named["triggers"], terms(history.triggers, language)),
        (named["symptoms"], terms(history.symptoms, language)),
        (named["conditions"], terms(history.conditions, language)),
        (named["progressive"], _yes_no(history.progressive, texts) or ""),
        (named["dark_urine"], _yes_no(history.dark_urine, texts) or ""),
        (named["context"], terms(record.assessment.context, language)),
    ]
    filled = tuple((label, value) for label, value in rows if value)
    blocks: list[model.Block] = [model.Heading(texts.history)]
    blocks.extend(_note(record, "history", texts))
    blocks.append(model.Fields(filled, columns=1) if filled else model.Text(texts.none, "note"))
    blocks.extend(_findings(_in(record.evaluation, "history")))
    return blocks


def _vitals(record: VisitRecord, texts: SummaryLabels, language: str) -> list[model.Block]:
    vitals = record.assessment.vitals
    if vitals is None:
        return []
    named = texts.vital_fields
    pressure = ""
    if vitals.systolic_bp_mmhg is not None or vitals.diastolic_bp_mmhg is not None:
        systolic = _number(vitals.systolic_bp_mmhg, language) or "?"
        diastolic = _number(vitals.diastolic_bp_mmhg, language) or "?"
        pressure = f"{systolic}/{diastolic}"
    rows = [
        (named["temperature_c"], _number(vitals.temperature_c, language)),
        (named["core_temperature_c"], _number(vitals.core_temperature_c, language)),
        (named["heart_rate_bpm"], _number(vitals.heart_rate_bpm, language)),
        (named["blood_pressure"], pressure),
        (named["respiratory_rate_per_min"], _number(vitals.respiratory_rate_per_min, language)),
        (named["oxygen_saturation_percent"], _number(vitals.oxygen_saturation_percent, language)),
    ]
    filled = tuple((label, value) for label, value in rows if value)
    if not filled:
        return []
    return [model.Heading(texts.vitals), model.Fields(filled)]


def _sided_table(
    first: str, grades: Iterable[tuple[str, str, str]], language: str, texts: SummaryLabels
) -> model.Table:
    """One row per muscle or reflex, a column per side: the way the examination is read."""
    by_name: dict[str, dict[str, str]] = {}
    for name, side, grade in grades:
        sides = ("left", "right") if side == "bilateral" else (side,)
        for one in sides:
            by_name.setdefault(name, {})[one] = grade
    rows = tuple(
        (term(name, language), *(sides.get(side, "—") for side in LEFT_RIGHT))
        for name, sides in by_name.items()
    )
    header = (first, *(term(side, language) for side in LEFT_RIGHT))
    return model.Table(header=header, rows=rows, widths=(3.0, 1.2, 1.2))


def _sites(found: Sequence[SiteFinding] | None, language: str) -> str:
    parts = []
    for site in found or ():
        text = f"{term(site.site, language)} ({term(site.side, language)})"
        if site.modality:
            text += f": {term(site.modality, language)}"
        parts.append(text)
    return "; ".join(parts)


def _examination(record: VisitRecord, texts: SummaryLabels, language: str) -> list[model.Block]:
    exam = record.assessment.exam or Exam()
    blocks: list[model.Block] = [model.Heading(texts.examination)]
    blocks.extend(_note(record, "examination", texts))
    tables = (
        (texts.strength, texts.muscle, [(g.muscle, g.side, g.mrc) for g in exam.strength or ()]),
        (texts.reflexes, texts.reflex, [(g.reflex, g.side, g.grade) for g in exam.reflexes or ()]),
        (
            texts.tone,
            texts.muscle,
            [(g.muscle, g.side, g.modified_ashworth) for g in exam.tone or ()],
        ),
    )
    for title, first, grades in tables:
        blocks.append(model.Text(title, "subheading"))
        if grades:
            blocks.append(_sided_table(first, grades, language, texts))
        else:
            blocks.append(model.Text(texts.not_assessed, "note"))
    plantar = exam.plantar
    clonus = exam.ankle_clonus

    def sided(left: str | None, right: str | None) -> str:
        if left is None and right is None:
            return texts.not_assessed
        shown = (term(v, language) if v else "—" for v in (left, right))
        return " · ".join(
            f"{term(side, language)}: {value}"
            for side, value in zip(LEFT_RIGHT, shown, strict=True)
        )

    def present(value: bool | None) -> str | None:
        return None if value is None else texts.present if value else texts.absent

    named = texts.sign_fields
    rows = [
        (texts.plantar, sided(plantar.left, plantar.right) if plantar else texts.not_assessed),
        (
            texts.clonus,
            sided(present(clonus.left), present(clonus.right)) if clonus else texts.not_assessed,
        ),
        (named["fasciculations"], _sites(exam.fasciculations, language)),
        (named["atrophy"], _sites(exam.atrophy, language)),
        (named["sensory_loss"], _sites(exam.sensory_loss, language)),
        (named["chvostek"], present(exam.chvostek) or ""),
        (named["trousseau"], present(exam.trousseau) or ""),
    ]
    blocks.append(model.Text(texts.signs, "subheading"))
    blocks.append(model.Fields(tuple((k, v) for k, v in rows if v), columns=1))
    blocks.extend(_findings(_in(record.evaluation, *EXAM_CATEGORIES)))
    return blocks


def _limit(value: float | Decimal, language: str) -> str:
    """An interval's limit at most to hundredths: a default converted from SI units
    (0.70 mmol/L of magnesium is 1.7013416... mg/dL) prints as 1.7."""
    limit = Decimal(str(value))
    exponent = limit.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        limit = limit.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return _number(limit, language)


def _interval(lab: InterpretedLab, extras: RecordExtras, language: str) -> tuple[str, bool]:
    """The interval the value was judged by, and whether it is the program's default."""
    low: float | Decimal | None
    high: float | Decimal | None
    if lab.reference_low is not None or lab.reference_high is not None:
        low, high, default = lab.reference_low, lab.reference_high, False
    else:
        low, high = extras.default_intervals.get(lab.test, (None, None))
        default = low is not None or high is not None
    if low is not None and high is not None:
        text = f"{_limit(low, language)}–{_limit(high, language)}"
    elif low is not None:
        text = f"≥ {_limit(low, language)}"
    elif high is not None:
        text = f"≤ {_limit(high, language)}"
    else:
        text = ""
    return (text + " *", True) if default else (text, False)


def _lab_table(
    labs: Sequence[InterpretedLab], texts: SummaryLabels, extras: RecordExtras, language: str
) -> tuple[model.Table, bool]:
    rows = []
    defaulted = False
    for lab in labs:
        interval, default = _interval(lab, extras, language)
        defaulted = defaulted or default
        rows.append(
            (
                extras.lab_names.get(lab.test, term(lab.test, language)),
                _number(lab.value, language),
                lab.unit,
                interval,
                texts.flags.get(lab.interpretation or "", ""),
                lab.loinc or extras.loinc.get(lab.test) or "",
            )
        )
    table = model.Table(tuple(texts.lab_columns), tuple(rows), (2.3, 1.0, 1.0, 1.5, 1.3, 1.0))
    return table, defaulted


def _labs(
    record: VisitRecord, texts: SummaryLabels, extras: RecordExtras, language: str
) -> list[model.Block]:
    evaluation = record.evaluation
    blocks: list[model.Block] = [model.Heading(texts.labs)]
    blocks.extend(_note(record, "labs", texts))
    if evaluation.labs:
        table, defaulted = _lab_table(evaluation.labs, texts, extras, language)
        blocks.append(table)
        if defaulted:
            blocks.append(model.Text(texts.interval_default, "small"))
    else:
        blocks.append(model.Text(texts.none, "note"))
    derived = evaluation.derived
    rows = [
        (texts.derived["corrected_calcium"], _number(derived.corrected_calcium_mmol_l, language)),
        (texts.derived["egfr"], _number(derived.egfr_ml_min_1_73m2, language)),
        (texts.derived["ck_multiple"], _number(derived.ck_multiple_of_uln, language)),
    ]
    filled = tuple((k, v) for k, v in rows if v)
    if filled:
        blocks.append(model.Fields(filled, columns=1))
    blocks.extend(_findings(_in(evaluation, "labs")))
    return blocks


def _vascular(record: VisitRecord, texts: SummaryLabels, language: str) -> list[model.Block]:
    vascular = record.assessment.vascular or Vascular()
    derived = record.evaluation.derived
    findings = _in(record.evaluation, "vascular")
    note = _note(record, "vascular", texts)
    if not (
        derived.abi or findings or note or vascular.pulses or vascular.claudication is not None
    ):
        return []
    blocks: list[model.Block] = [model.Heading(texts.vascular), *note]
    if derived.abi:
        rows = tuple(
            (
                term(side, language),
                _number(derived.abi[side], language),
                term(derived.abi_category.get(side, ""), language),
            )
            for side in (*LEFT_RIGHT, *sorted(set(derived.abi) - set(LEFT_RIGHT)))
            if side in derived.abi
        )
        blocks.append(model.Table(tuple(texts.abi_columns), rows, (1.5, 1.0, 2.5)))
    named = texts.vascular_fields
    pulses = "; ".join(
        f"{term(p.artery, language)} ({term(p.side, language)}) {p.grade}"
        for p in vascular.pulses or ()
    )
    rows2 = [
        (named["pulses"], pulses),
        (named["capillary_refill_seconds"], _number(vascular.capillary_refill_seconds, language)),
        (named["claudication"], _yes_no(vascular.claudication, texts) or ""),
    ]
    filled = tuple((k, v) for k, v in rows2 if v)
    if filled:
        blocks.append(model.Fields(filled, columns=1))
    blocks.extend(_findings(findings))
    return blocks


def _hormonal(record: VisitRecord, texts: SummaryLabels) -> list[model.Block]:
    findings = _in(record.evaluation, "hormonal")
    note = _note(record, "hormonal", texts)
    if not (findings or note):
        return []
    return [model.Heading(texts.hormonal), *note, *_findings(findings)]


def _medication_rows(assessment: Assessment) -> tuple[tuple[str, str, str], ...]:
    return tuple((m.name, m.dose or "", m.started or "") for m in assessment.medications or ())


def _medications(record: VisitRecord, texts: SummaryLabels) -> list[model.Block]:
    blocks: list[model.Block] = [model.Heading(texts.medications)]
    blocks.extend(_note(record, "medications", texts))
    rows = _medication_rows(record.assessment)
    if rows:
        blocks.append(model.Table(tuple(texts.medication_columns), rows, (2.5, 2.0, 1.0)))
    else:
        blocks.append(model.Text(texts.none, "note"))
    notes = _in(record.evaluation, "medications")
    if notes:
        blocks.append(model.Text(texts.review_notes, "subheading"))
        blocks.extend(_findings(notes))
    return blocks


def _flag_lines(
    flag: RedFlag, record: VisitRecord, texts: SummaryLabels, language: str, named: str
) -> tuple[str, ...]:
    lines = [flag.text]
    if flag.action:
        lines.append(f"{texts.action}: {flag.action}")
    lines.append(f"{texts.referral}: {term(flag.referral, language)}")
    if flag.id in record.acknowledged:
        lines.append(texts.acknowledged_by.format(name=named) if named else texts.acknowledged)
    else:
        lines.append(texts.not_acknowledged)
    return tuple(lines)


def _red_flags(
    record: VisitRecord, texts: SummaryLabels, language: str, named: str
) -> list[model.Block]:
    blocks: list[model.Block] = [model.Heading(texts.red_flags)]
    if not record.evaluation.red_flags:
        blocks.append(model.Text(texts.none, "note"))
        return blocks
    for flag in record.evaluation.red_flags:
        title = f"{texts.urgency}: {term(flag.urgency, language)}"
        blocks.append(model.Alert(title, _flag_lines(flag, record, texts, language, named)))
    return blocks


def _diagnoses(
    codes: Sequence[str], title: str, texts: SummaryLabels, extras: RecordExtras
) -> list[model.Block]:
    blocks: list[model.Block] = [model.Heading(title)]
    if not codes:
        blocks.append(model.Text(texts.none, "note"))
        return blocks
    rows = tuple((code, extras.icd10cm_descriptions.get(code, "")) for code in codes)
    blocks.append(model.Table(tuple(texts.diagnosis_columns), rows, (1.0, 5.0)))
    return blocks


def _plan(record: VisitRecord, labels: Labels, language: str) -> list[model.Block]:
    texts = labels.summary
    plan = record.plan
    blocks: list[model.Block] = [model.Heading(texts.plan)]
    blocks.extend(_note(record, "care_plan", texts))
    if plan is None or not plan.items:
        blocks.append(model.Text(texts.none, "note"))
        return blocks
    if plan.language != language:
        name = texts.language_names.get(plan.language, plan.language)
        blocks.append(model.Text(texts.plan_language.format(language=name), "note"))
    for section in CARE_PLAN_SECTIONS:
        items = plan.section(section)
        if not items:
            continue
        blocks.append(model.Text(term(section, language), "subheading"))
        lines = []
        for item in items:
            line = item.text
            if item.takes_dose:
                dose = (item.dose or "").strip()
                line += "\n" + (texts.dose.format(dose=dose) if dose else texts.dose_missing)
                how = (item.instructions or "").strip()
                if how:
                    line += "\n" + texts.instructions.format(instructions=how)
            lines.append(line)
        blocks.append(model.Bullets(tuple(lines)))
    if plan.follow_up_date is not None:
        when = labels.format_date(plan.follow_up_date)
        blocks.append(model.Text(texts.follow_up.format(date=when), "subheading"))
    if plan.notes and plan.notes.strip():
        blocks.append(model.Text(texts.plan_notes, "subheading"))
        blocks.append(model.Text(plan.notes))
    return blocks


def build_visit_summary(
    record: VisitRecord,
    clinic: ClinicProfile,
    language: str,
    extras: RecordExtras | None = None,
    clinician: ClinicianProfile | None = None,
) -> model.Document:
    """The visit summary in `language` (the interface's): everything recorded and concluded."""
    labels = load_labels(language)
    texts = labels.summary
    more = extras or RecordExtras()
    named = clinician_name(clinician)
    blocks: list[model.Block] = [model.Heading(texts.title, "title")]
    if record.signed_on is None:
        blocks.append(model.Text(texts.draft, "note"))
    else:
        blocks.append(
            model.Text(texts.signed_on.format(date=labels.format_date(record.signed_on)), "note")
        )
    blocks.append(model.Fields(patient_fields(record.assessment, labels, named)))
    blocks.extend(_red_flags(record, texts, language, named))
    blocks.extend(_history(record, texts, language))
    blocks.extend(_vitals(record, texts, language))
    blocks.extend(_examination(record, texts, language))
    blocks.extend(_labs(record, texts, more, language))
    blocks.extend(_vascular(record, texts, language))
    blocks.extend(_hormonal(record, texts))
    blocks.extend(_medications(record, texts))
    blocks.extend(_diagnoses(record.evaluation.icd10cm, texts.diagnoses, texts, more))
    blocks.extend(_plan(record, labels, language))
    blocks.append(
        signature(
            texts.signature, clinician, labels, record.signed_on, signed=bool(record.signed_on)
        )
    )
    title = f"{texts.title}: {full_name(record.assessment.patient)}"
    return document(title, texts.subject, blocks, clinic, labels, named)


def referral_services(evaluation: Evaluation) -> tuple[str, ...]:
    """The services the red flags name, each once, in the order the flags come."""
    return tuple(dict.fromkeys(flag.referral for flag in evaluation.red_flags))


def _letter(
    record: VisitRecord,
    service: str,
    labels: Labels,
    extras: RecordExtras,
    clinician: ClinicianProfile | None,
    language: str,
) -> list[model.Block]:
    texts = labels.referral
    summary = labels.summary
    assessment = record.assessment
    patient = assessment.patient
    evaluation = record.evaluation
    flags = [f for f in evaluation.red_flags if f.referral == service]
    urgencies = [f.urgency for f in flags]
    # The most pressing of the flags that name the service sets the letter's urgency.
    order = ("emergency", "urgent", "soon")
    urgency = min(urgencies, key=lambda u: order.index(u) if u in order else len(order))
    seen = assessment.visit_date or record.signed_on or date.today()
    blocks: list[model.Block] = [
        model.Heading(texts.title, "title"),
        model.Fields(
            (
                (texts.to, term(service, language)),
                (texts.urgency, term(urgency, language)),
            )
        ),
        model.Fields(patient_fields(assessment, labels, clinician_name(clinician))),
        model.Text(texts.greeting),
        model.Text(
            texts.opening.format(
                patient=full_name(patient),
                age=patient.age_on(seen),
                date=labels.format_date(seen),
            )
        ),
        model.Heading(texts.reasons),
    ]
    for flag in flags:
        lines = [flag.text]
        if flag.action:
            lines.append(f"{summary.action}: {flag.action}")
        title = f"{summary.urgency}: {term(flag.urgency, language)}"
        blocks.append(model.Alert(title, tuple(lines)))
    findings = [f for f in evaluation.findings if f.category != PLAN_CATEGORY]
    if findings:
        blocks.append(model.Heading(texts.findings))
        blocks.extend(_findings(findings))
    blocks.append(model.Heading(texts.results))
    if evaluation.labs:
        table, defaulted = _lab_table(evaluation.labs, summary, extras, language)
        blocks.append(table)
        if defaulted:
            blocks.append(model.Text(summary.interval_default, "small"))
    else:
        blocks.append(model.Text(summary.none, "note"))
    if evaluation.derived.abi:
        abi = "; ".join(
            f"{term(side, language)} {_number(value, language)} "
            f"({term(evaluation.derived.abi_category.get(side, ''), language)})"
            for side, value in sorted(evaluation.derived.abi.items())
        )
        blocks.append(model.Fields(((summary.abi_columns[1], abi),), columns=1))
    blocks.append(model.Heading(texts.medications))
    rows = _medication_rows(assessment)
    if rows:
        blocks.append(model.Table(tuple(summary.medication_columns), rows, (2.5, 2.0, 1.0)))
    else:
        blocks.append(model.Text(summary.none, "note"))
    blocks.extend(_diagnoses(evaluation.icd10cm, texts.diagnoses, summary, extras))
    blocks.append(model.Text(texts.closing))
    blocks.append(model.Text(texts.regards))
    blocks.append(
        signature(
            texts.signature,
            clinician,
            labels,
            record.signed_on or seen,
            signed=bool(record.signed_on),
        )
    )
    return blocks


def build_referral_letters(
    record: VisitRecord,
    clinic: ClinicProfile,
    language: str,
    extras: RecordExtras | None = None,
    clinician: ClinicianProfile | None = None,
) -> model.Document:
    """One letter per service the red flags name, each from a new page; ValueError when no
    red flag names a referral (there is nobody to write to)."""
    services = referral_services(record.evaluation)
    if not services:
        raise ValueError("no red flag of this visit names a referral")
    labels = load_labels(language)
    texts = labels.referral
    more = extras or RecordExtras()
    blocks: list[model.Block] = []
    for service in services:
        if blocks:
            # Each letter goes to its own service: a new page under the letterhead again.
            blocks.extend((model.PageBreak(), letterhead(clinic, labels)))
        blocks.extend(_letter(record, service, labels, more, clinician, language))
    title = f"{texts.title}: {full_name(record.assessment.patient)}"
    return document(title, texts.subject, blocks, clinic, labels, clinician_name(clinician))
