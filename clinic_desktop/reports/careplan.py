"""Builds the patient's printed care plan as a plain Document from the signed plan and the evaluation.

The patient reads plain words: each finding's and red flag's patient version (never the
clinician's wording), the plan's items, and on the last page the works they rest on, short and
numbered, each once, with "[n]" beside what cites it. Only primary works with a real identifier
are listed; how a work was read (provenance) is for the clinician's window, never the print.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from clinic_desktop.domain.assessment import Assessment, LabResult
from clinic_desktop.domain.careplan import CarePlan, PlannedItem
from clinic_desktop.domain.clinic import ClinicianProfile, ClinicProfile
from clinic_desktop.reports import document as model
from clinic_desktop.reports.labels import Labels, load_labels
from clinic_desktop.reports.parts import (
    clinician_name,
    document,
    full_name,
    patient_fields,
    signature,
)
from clinic_desktop.reports.styles import load_page_setup
from clinic_desktop.rules.changes import VisitChanges
from clinic_desktop.rules.evaluation import Evaluation
from clinic_desktop.rules.trends import Trend, band_position, sample_day

SECTIONS = ("supplements", "physiotherapy", "lifestyle", "medication_review", "referrals")
WITHHELD_CATEGORY = "care_plan"
"""Findings about the plan itself (withheld_<id>, caution_<id>): for the clinician, not the print."""


class PatientCitation(Protocol):
    def short(self) -> str: ...


class PatientCitations(Protocol):
    """knowledge.citations.Citations, as far as the print needs it."""

    def for_patient(self, cited: Iterable[str]) -> tuple[PatientCitation, ...]: ...


@dataclass(frozen=True, slots=True)
class CarePlanExtras:
    """What the care-plan library, lab catalogue and citation list add to the print, keyed by
    item id or test name."""

    steps: Mapping[str, Sequence[str]] = field(default_factory=dict)
    lab_names: Mapping[str, str] = field(default_factory=dict)
    citations: PatientCitations | None = None
    """Turns the ids an item cites into the works a patient's page may list; None lists none."""


@dataclass(frozen=True, slots=True)
class Revision:
    """The plan an addendum replaces (signed on `replaces`) and what the addendum changed."""

    replaces: date
    changes: VisitChanges
    before: Evaluation
    """The signed visit's evaluation: what went away is said in its patient words."""
    new_results: tuple[LabResult, ...] = ()


class SourceNumbers:
    """Numbers the works a document cites in the order it first cites them, each once."""

    def __init__(self, citations: PatientCitations | None) -> None:
        self._citations = citations
        self._numbers: dict[str, int] = {}

    def mark(self, cited: Iterable[str]) -> str:
        """ " [2, 5]" for the works `cited` names that a patient may read; "" when none."""
        if self._citations is None:
            return ""
        numbers = []
        for citation in self._citations.for_patient(cited):
            text = citation.short()
            number = self._numbers.setdefault(text, len(self._numbers) + 1)
            if number not in numbers:
                numbers.append(number)
        return f" [{', '.join(map(str, sorted(numbers)))}]" if numbers else ""

    def listed(self) -> tuple[str, ...]:
        """The numbered list: "1. Allen RE, Kirby KA. Nocturnal leg cramps. ..." in order."""
        return tuple(f"{number}. {text}" for text, number in self._numbers.items())


def _patient_reason(item: PlannedItem, evaluation: Evaluation) -> str | None:
    """Why the item is in the plan, in the patient's words. A referral's reason is its red
    flags' clinician text and action (what `evaluate` reports: "CK elevada ... revisar
    compartimentos"), so the patient reads those flags' patient versions instead, or nothing."""
    if item.section != "referrals":
        return item.reason
    target = item.id.removeprefix("referral_")
    plain = [
        f.patient_text for f in evaluation.red_flags if f.referral == target and f.patient_text
    ]
    return " ".join(dict.fromkeys(plain)) or None


def _entry(
    item: PlannedItem,
    labels: Labels,
    extras: CarePlanExtras,
    sources: SourceNumbers,
    evaluation: Evaluation,
) -> model.PlanEntry:
    texts = labels.careplan
    steps = tuple(extras.steps.get(item.id, ()))
    by_item = load_page_setup().illustration.by_item
    marks = sources.mark(item.sources)
    dose = None
    if item.takes_dose:
        # The clinician's words exactly as written; never a dose of the program's.
        written = (item.dose or "").strip()
        dose = texts.dose.format(dose=written) if written else texts.dose_pending
        how = (item.instructions or "").strip()
        if how:
            dose += "\n" + texts.instructions.format(instructions=how)
    return model.PlanEntry(
        # The evidence label is the clinician's (grades such as "AAN 2010 Level U"): the patient
        # reads the item, why, and the numbered works it rests on.
        text=item.text + marks,
        dose=dose,
        reason=f"{texts.reason} {why}" if (why := _patient_reason(item, evaluation)) else None,
        steps_title=texts.steps if steps else None,
        steps=steps,
        illustrations=tuple(by_item.get(item.id, ())) if steps else (),
    )


def _plan_sections(
    plan: CarePlan,
    evaluation: Evaluation,
    labels: Labels,
    extras: CarePlanExtras,
    sources: SourceNumbers,
) -> list[model.Block]:
    texts = labels.careplan
    blocks: list[model.Block] = []
    # Emergency first (reference care_plan_safety_rules): while a red flag calls for it, the plan
    # leads with the referral, the self-care it holds back is not printed, and the plan says why;
    # it all returns once the flag no longer fires. The clinician's own words always print.
    sections: tuple[str, ...] = SECTIONS
    if evaluation.held_back_notes:
        blocks.extend(model.Text(note, "urgent") for note in evaluation.held_back_notes)
        sections = ("referrals", *(s for s in SECTIONS if s != "referrals"))
    for section in sections:
        items = [i for i in plan.section(section) if not evaluation.is_held_back(i.id)]
        if not items and section in ("medication_review", "referrals"):
            continue
        blocks.append(model.Heading(texts.sections.get(section, section)))
        if not items:
            blocks.append(model.Text(texts.section_empty, "note"))
            continue
        blocks.extend(_entry(item, labels, extras, sources, evaluation) for item in items)
    return blocks


def _seek_help(
    evaluation: Evaluation, labels: Labels, sources: SourceNumbers, clinic: ClinicProfile
) -> list[model.Block]:
    texts = labels.careplan
    blocks: list[model.Block] = [model.Heading(texts.seek_help)]
    if not evaluation.red_flags:
        # "Call the clinic" carries the clinic's number, when the clinic has given one.
        phone = texts.call_on.format(phone=clinic.phone.strip()) if clinic.phone.strip() else ""
        blocks.append(model.Text(texts.seek_help_none.format(phone=phone)))
        return blocks
    for flag in evaluation.red_flags:
        # The patient's version: what it may mean and what to do, never the clinician's wording.
        lines = [(flag.patient_text or flag.text) + sources.mark(flag.sources)]
        target = texts.referral_targets.get(flag.referral, flag.referral)
        lines.append(f"{texts.referral} {target}")
        blocks.append(model.Alert(texts.urgency.get(flag.urgency, flag.urgency), tuple(lines)))
    return blocks


def _pending_labs(
    evaluation: Evaluation, labels: Labels, extras: CarePlanExtras
) -> list[model.Block]:
    texts = labels.careplan
    blocks: list[model.Block] = [model.Heading(texts.pending_labs)]
    if not evaluation.suggested_lab_orders:
        blocks.append(model.Text(texts.pending_labs_none, "note"))
        return blocks
    blocks.append(model.Text(texts.pending_labs_intro))
    lines = []
    for test in evaluation.suggested_lab_orders:
        name = extras.lab_names.get(test, test.replace("_", " "))
        reason = evaluation.suggested_lab_order_reasons.get(test)
        lines.append(f"{name}: {reason}" if reason else name)
    blocks.append(model.Bullets(tuple(lines)))
    return blocks


def _follow_up(
    plan: CarePlan,
    evaluation: Evaluation,
    labels: Labels,
    extras: CarePlanExtras,
    sources: SourceNumbers,
) -> list[model.Block]:
    texts = labels.careplan
    blocks: list[model.Block] = [model.Heading(texts.sections.get("follow_up", "follow_up"))]
    if plan.follow_up_date is not None:
        when = labels.format_date(plan.follow_up_date)
        blocks.append(model.Text(texts.follow_up_date.format(date=when), "subheading"))
    else:
        blocks.append(model.Text(texts.follow_up_none))
    follow_ups = [i for i in plan.section("follow_up") if not evaluation.is_held_back(i.id)]
    blocks.extend(_entry(item, labels, extras, sources, evaluation) for item in follow_ups)
    if plan.notes and plan.notes.strip():
        blocks.append(model.Text(texts.notes, "subheading"))
        blocks.append(model.Text(plan.notes))
    return blocks


MARKERS = {"inside": "circle", "above": "triangle_up", "below": "triangle_down", "none": "circle"}
CRAMP_PANELS = (
    ("frequency", "episodes_per_week", "diary_cramps_per_week"),
    ("intensity", "pain_score", "diary_intensity"),
)
"""Each cramp plot: what the patient told at the visits (squares) and wrote in the diary (diamonds)."""
MAX_PANELS = 6
"""Two rows of three: the chart stays a part of a page; further labs are named under it."""
MAX_LABELS = 5
"""A longer series (the diary's weeks) writes only its first, last, lowest and highest values."""


def _ticks(days: Iterable[date], labels: Labels) -> tuple[tuple[int, str], ...]:
    """The days written under a plot, two lines each ("19 Oct" over "2026"): the first and the
    last, and between them only days far enough apart for their words not to touch."""
    unique = sorted(set(days))
    span = (unique[-1] - unique[0]).days
    chosen = [unique[0]]
    for day in unique[1:-1]:
        if (day - chosen[-1]).days * 3 >= span and (unique[-1] - day).days * 3 >= span:
            chosen.append(day)
    if len(unique) > 1:
        chosen.append(unique[-1])
    return tuple(
        (day.toordinal(), "\n".join(labels.format_short_date(day).rsplit(" ", 1))) for day in chosen
    )


def _rounded(value: Decimal) -> Decimal:
    """A value as a chart writes it: hundredths below 10, tenths below 100, else whole
    (a band converted to SI units, 49.9202 nmol/L, prints as 49.9)."""
    size = abs(value)
    step = Decimal("0.01") if size < 10 else Decimal("0.1") if size < 100 else Decimal(1)
    return value.quantize(step, rounding=ROUND_HALF_UP).normalize()


def _series(trend: Trend, labels: Labels, marker: str | None = None) -> model.ChartSeries:
    points = trend.points
    written: set[int] = set(range(len(points)))
    if len(points) > MAX_LABELS:
        values = [p.value for p in points]
        written = {0, len(points) - 1, values.index(min(values)), values.index(max(values))}
    return model.ChartSeries(
        tuple(
            model.ChartPoint(
                p.when.toordinal(),
                float(p.value),
                labels.format_number(_rounded(p.value)) if number in written else "",
                marker or MARKERS[band_position(p, trend)],
            )
            for number, p in enumerate(points)
        ),
        dashed=trend.kind == "diary",
    )


def _band_label(trend: Trend, labels: Labels) -> str:
    texts = labels.careplan.trends
    low, high = (
        labels.format_number(_rounded(bound)) if bound is not None else ""
        for bound in (trend.low, trend.high)
    )
    if low and high:
        return texts.band.format(low=low, high=high)
    if low:
        return texts.band_low.format(low=low)
    return texts.band_high.format(high=high) if high else ""


def _trend_chart(
    trends: Sequence[Trend], labels: Labels, extras: CarePlanExtras
) -> list[model.Block]:
    """The follow-up's small chart: the cramps, then each lab that was out of range."""
    texts = labels.careplan.trends
    by_measure = {t.measure: t for t in trends}
    panels = []
    for name, told, written in CRAMP_PANELS:
        chosen = [
            (by_measure[m], shape)
            for m, shape in ((told, "square"), (written, "diamond"))
            if m in by_measure
        ]
        if chosen:
            panels.append(
                model.ChartPanel(
                    getattr(texts, name),
                    tuple(_series(t, labels, shape) for t, shape in chosen),
                    _ticks((p.when for t, _ in chosen for p in t.points), labels),
                )
            )
    cramps = bool(panels)
    banded = False
    left_out: list[str] = []
    for trend in trends:
        if trend.kind != "lab":
            continue
        name = extras.lab_names.get(trend.measure, trend.measure.replace("_", " "))
        if len(panels) == MAX_PANELS:
            left_out.append(name)
            continue
        banded = banded or trend.low is not None or trend.high is not None
        panels.append(
            model.ChartPanel(
                f"{name} ({trend.unit})" if trend.unit else name,
                (_series(trend, labels),),
                _ticks((p.when for p in trend.points), labels),
                float(trend.low) if trend.low is not None else None,
                float(trend.high) if trend.high is not None else None,
                _band_label(trend, labels),
            )
        )
    if not panels:
        return []
    first = min(p.when for t in trends for p in t.points)
    key = [line for line, shown in ((texts.key_band, banded), (texts.key_cramps, cramps)) if shown]
    if left_out:
        key.append(texts.more.format(names=", ".join(left_out)))
    return [
        model.Heading(texts.title),
        model.TrendChart(
            texts.caption.format(date=labels.format_date(first)),
            tuple(panels),
            tuple(key),
            decimal_mark=labels.decimal_mark,
        ),
    ]


def _revision(
    revision: Revision, evaluation: Evaluation, labels: Labels, extras: CarePlanExtras
) -> list[model.Block]:
    """What the addendum changed, in the patient's words: warning signs and findings by their
    patient versions (one only the clinician reads is left out), the plan's items as written,
    and each new result with its value; the rules' mere suggestions are the clinician's."""
    texts = labels.careplan.revision
    plain = {
        (kind, f.id): f.patient_text
        for kind, found in (
            ("red_flag", (*revision.before.red_flags, *evaluation.red_flags)),
            (
                "finding",
                (
                    f
                    for f in (*revision.before.findings, *evaluation.findings)
                    if f.category != WITHHELD_CATEGORY
                ),
            ),
        )
        for f in found
    }
    lines: list[str] = []
    for change in revision.changes.changes:
        if change.kind in ("red_flag", "finding", "plan_item"):
            text = (
                change.text if change.kind == "plan_item" else plain.get((change.kind, change.id))
            )
            if text:
                wording = getattr(texts, f"{change.kind}_{'new' if change.new else 'gone'}")
                lines.append(wording.format(text=text))
    flags = {(lab.test, lab.value, lab.unit): lab.interpretation for lab in evaluation.labs}
    for result in revision.new_results:
        name = extras.lab_names.get(result.test, result.test.replace("_", " "))
        text = f"{name}: {labels.format_number(result.value)} {result.unit}"
        flag = (flags.get((result.test, result.value, result.unit)) or "")[:1]
        if flag in ("L", "H"):
            text += f", {texts.low if flag == 'L' else texts.high}"
        sampled = sample_day(result.collected_at, None)
        if sampled is not None:
            text += f" ({labels.format_date(sampled)})"
        lines.append(texts.result_new.format(text=text))
    blocks: list[model.Block] = [model.Heading(texts.changed)]
    if lines:
        blocks.append(model.Bullets(tuple(dict.fromkeys(lines))))
    if not revision.changes.of("plan_item", new=True) and not revision.changes.of(
        "plan_item", new=False
    ):
        blocks.append(model.Text(texts.unchanged, "note"))
    return blocks


def build_care_plan(
    assessment: Assessment,
    evaluation: Evaluation,
    plan: CarePlan,
    clinic: ClinicProfile,
    extras: CarePlanExtras | None = None,
    clinician: ClinicianProfile | None = None,
    *,
    trends: Sequence[Trend] = (),
    revision: Revision | None = None,
) -> model.Document:
    """The care plan in the plan's language: what the patient takes home, diary and sources included.

    `clinician` is who signed the plan (or who prints the unsigned one): their profile's name,
    credentials, licence and signature print, never their account name. A follow-up's plan
    draws `trends` (what matters for this patient) in a small chart; a first visit has none. A
    `revision` (an addendum's plan) says on every page which plan it replaces, and what changed.
    """
    labels = load_labels(plan.language)
    texts = labels.careplan
    more = extras or CarePlanExtras()
    sources = SourceNumbers(more.citations)
    setup = load_page_setup()
    named = clinician_name(clinician)
    patient = assessment.patient

    blocks: list[model.Block] = [model.Heading(texts.title, "title")]
    revised = ""
    if revision is not None:
        revised = texts.revision.note.format(date=labels.format_date(revision.replaces))
        blocks.append(model.Text(revised, "subheading"))
    if plan.signed_at is None:
        blocks.append(model.Text(texts.unsigned, "note"))
    blocks.append(model.Fields(patient_fields(assessment, labels, named)))
    # Warning signs found at this visit come first: the patient must not miss them.
    if evaluation.red_flags:
        blocks.extend(_seek_help(evaluation, labels, sources, clinic))
    if revision is not None:
        blocks.extend(_revision(revision, evaluation, labels, more))

    blocks.append(model.Heading(texts.summary))
    # Each finding in its patient version; a finding without one (a coding proposal, a caution
    # for the clinician, what a safety rule withheld) is for the clinician, not the print.
    # Findings worded alike for the patient (cramps in the calf and in the thigh) print once,
    # citing the works of each.
    worded: dict[str, list[str]] = {}
    for f in evaluation.findings:
        if f.patient_text and f.category != WITHHELD_CATEGORY:
            worded.setdefault(f.patient_text, []).extend(f.sources)
    findings = tuple(text + sources.mark(cited) for text, cited in worded.items())
    blocks.append(model.Bullets(findings) if findings else model.Text(texts.summary_none))
    blocks.extend(_trend_chart(trends, labels, more))

    blocks.extend(_plan_sections(plan, evaluation, labels, more, sources))
    if not evaluation.red_flags:
        blocks.extend(_seek_help(evaluation, labels, sources, clinic))
    blocks.extend(_pending_labs(evaluation, labels, more))
    blocks.extend(_follow_up(plan, evaluation, labels, more, sources))
    signed_on: date | None = plan.signed_at.date() if plan.signed_at else None
    blocks.append(signature(texts.signature, clinician, labels, signed_on, signed=bool(signed_on)))

    blocks.append(model.PageBreak())
    blocks.append(model.Heading(texts.diary_title, "title"))
    blocks.append(
        model.Text(f"{labels.patient.name}: {full_name(patient)}  ·  {patient.mrn}", "label")
    )
    blocks.append(model.Text(texts.diary_intro))
    blocks.append(
        model.Table(
            header=tuple(texts.diary_columns),
            rows=(),
            widths=tuple(setup.diary.column_widths),
            blank_rows=setup.diary.rows,
            row_height=setup.diary.row_height,
        )
    )

    listed = sources.listed()
    blocks.append(model.PageBreak())
    blocks.append(model.Heading(texts.sources_title, "title"))
    blocks.append(model.Text(texts.sources_intro if listed else texts.sources_none))
    blocks.extend(model.Text(line, "source") for line in listed)

    title = f"{texts.title}: {full_name(patient)}"
    return document(title, texts.subject, blocks, clinic, labels, named, page_note=revised)
