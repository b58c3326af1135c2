"""The `render` command and the `render_document` service: the patient's care plan, the lab
requisition, and the clinician's visit summary and referral letters.

A file argument prints the suggested plan, unsigned; a stored visit prints the
plan the clinician saved or signed, and the printed bytes are kept with the
visit. Every document carries the clinic's profile (letterhead, contact, logo,
footer) and names the clinician by their profile, never by their account name.
The care plan speaks the patient's language; the summary and referral letters the clinician's
(the window's interface language; from a terminal --lang, else English).
Exit 2 with one line for bad input, 1 when the installation or the database is
at fault; never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.careplan import CarePlan
from clinic_desktop.domain.clinic import ClinicianProfile, ClinicProfile
from clinic_desktop.knowledge.yaml_loader import KnowledgeFileError, load_yaml_model
from clinic_desktop.paths import (
    DATABASE_URL_ENV,
    data_dir,
    write_private_file,
    write_problem,
    write_status,
)
from clinic_desktop.rules.evaluation import Evaluation

if TYPE_CHECKING:
    from clinic_desktop.knowledge import Knowledge
    from clinic_desktop.reports.careplan import Revision
    from clinic_desktop.rules.trends import Trend
    from clinic_desktop.services.follow_up import FollowUp
    from clinic_desktop.services.profiles import ProfileService

KINDS = ("careplan", "requisition", "summary", "referral")
CLINICIAN_KINDS = ("summary", "referral")
"""Documents for clinicians: in the interface's language, quoting the plan as written."""
BAD_INPUT = 2
BROKEN_INSTALLATION = 1
CLINIC_FILE = "clinic.yaml"
DATABASE_FILE = "clinic.sqlite3"


class RenderError(Exception):
    """The document cannot be printed; its text is the one line the user sees."""

    def __init__(self, message: str, status: int = BAD_INPUT) -> None:
        super().__init__(" ".join(message.split()))
        self.status = status


class _ClinicFile(BaseModel):
    """clinic.yaml, the letterhead a clinic could keep in its data directory before the clinic's
    profile moved into the database; `clinician_name` is no longer printed."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    address: str = ""
    phone: str = ""
    logo_path: str | None = None
    clinician_name: str = ""


def legacy_clinic_profile(directory: Path | None = None) -> ClinicProfile | None:
    """The clinic.yaml letterhead of the data directory, if one was kept (it prefills the clinic's
    profile at the first run, and prints until that profile is saved); else None."""
    path = (directory or data_dir()) / CLINIC_FILE
    if not path.is_file():
        return None
    saved = load_yaml_model(path, _ClinicFile)
    logo = None
    if saved.logo_path:
        try:
            logo = Path(saved.logo_path).read_bytes()
        except OSError:
            logo = None
    return ClinicProfile(name=saved.name, address=saved.address, phone=saved.phone, logo=logo)


def load_clinic_profile(directory: Path | None = None) -> ClinicProfile:
    """The letterhead of a document printed without the records (benchmarks, tests): the data
    directory's clinic.yaml if a clinic kept one, else none (never a made-up "Clinic")."""
    return legacy_clinic_profile(directory) or ClinicProfile()


def clinic_profile(profiles: ProfileService | None) -> ClinicProfile:
    """The letterhead every document prints: the clinic's saved profile, else clinic.yaml."""
    saved = profiles.clinic() if profiles is not None else None
    return saved or legacy_clinic_profile() or ClinicProfile()


def suggested_plan(evaluation: Evaluation) -> CarePlan:
    """The rules' suggestions as an unsigned plan, as printed for an assessment file."""
    return CarePlan(
        language=evaluation.language,
        items=[item.planned() for item in evaluation.care_plan],
    )


def _library_steps(knowledge: Knowledge | None, language: str) -> dict[str, list[str]]:
    library = getattr(knowledge, "care_plan", None)
    if library is None:
        return {}
    steps: dict[str, list[str]] = {}
    for item in library.items(language):
        item_steps = getattr(item, "steps", None)
        if item_steps:
            steps[item.id] = [str(step) for step in item_steps]
    return steps


def _lab_names(knowledge: Knowledge | None, tests: Iterable[str], language: str) -> dict[str, str]:
    catalog = getattr(knowledge, "labs", None)
    if catalog is None:
        return {}
    names: dict[str, str] = {}
    for test in tests:
        try:
            names[test] = catalog.display_name(test, language)
        except (KeyError, ValueError):
            continue
    return names


def _loinc_codes(knowledge: Knowledge | None, tests: Iterable[str]) -> dict[str, str | None]:
    catalog = getattr(knowledge, "labs", None)
    if catalog is None:
        return {}
    codes: dict[str, str | None] = {}
    for test in tests:
        try:
            codes[test] = catalog.loinc_for(test, catalog.si_unit(test))
        except (KeyError, ValueError):
            codes[test] = None
    return codes


def _default_intervals(
    knowledge: Knowledge | None, evaluation: Evaluation
) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """The program's interval of each result, in the unit it was reported in."""
    catalog = getattr(knowledge, "labs", None)
    if catalog is None:
        return {}
    intervals: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    for lab in evaluation.labs:
        try:
            intervals[lab.test] = (
                catalog.default_limit(lab.test, lab.unit, upper=False),
                catalog.default_limit(lab.test, lab.unit, upper=True),
            )
        except (KeyError, ValueError):
            continue
    return intervals


def _icd_descriptions(knowledge: Knowledge | None, codes: Iterable[str]) -> dict[str, str]:
    table = getattr(knowledge, "icd10cm", None)
    if table is None:
        return {}
    described = {code: table.description(code) for code in codes}
    return {code: text for code, text in described.items() if text}


def _follow_up_parts(
    assessment: Assessment,
    evaluation: Evaluation,
    plan: CarePlan,
    follow_up: FollowUp | None,
    knowledge: Knowledge | None,
) -> tuple[tuple[Trend, ...], Revision | None]:
    """The care plan's trends and revision for `follow_up`: a chart only at a follow-up (a
    patient with earlier visits), a revision only for an addendum's plan."""
    from clinic_desktop.reports.careplan import Revision
    from clinic_desktop.rules.changes import what_changed
    from clinic_desktop.rules.engine import evaluate
    from clinic_desktop.services.follow_up import patient_trends, trends_that_matter

    if follow_up is None or knowledge is None:
        return (), None
    language = evaluation.language

    def judged(visit: Assessment) -> Evaluation:
        # Earlier visits judged in the plan's language, like this one.
        patient = dataclasses.replace(visit.patient, language=language)
        return evaluate(dataclasses.replace(visit, patient=patient), knowledge)

    found: tuple[Trend, ...] = ()
    if follow_up.earlier:
        found = trends_that_matter(
            patient_trends(
                [*follow_up.earlier, assessment],
                lambda visit: evaluation if visit is assessment else judged(visit),
                knowledge.labs,
                follow_up.diary,
                language=language,
            )
        )
    original = follow_up.revises
    if original is None or follow_up.revises_signed_on is None:
        return found, None
    before = judged(original)
    labs_before = tuple(original.labs or ())
    labs_after = tuple(assessment.labs or ())
    changes = what_changed(
        before,
        evaluation,
        plan_before=follow_up.revises_plan,
        plan_after=plan,
        labs_before=labs_before,
        labs_after=labs_after,
    )
    new_results = tuple(r for r in labs_after if r not in labs_before)
    return found, Revision(follow_up.revises_signed_on, changes, before, new_results)


def render_document(
    assessment: Assessment,
    evaluation: Evaluation,
    *,
    kind: str = "careplan",
    plan: CarePlan | None = None,
    clinic: ClinicProfile | None = None,
    knowledge: Knowledge | None = None,
    ordered_on: date | None = None,
    clinician: ClinicianProfile | None = None,
    signed: bool = False,
    acknowledged: tuple[str, ...] = (),
    signed_on: date | None = None,
    follow_up: FollowUp | None = None,
) -> bytes:
    """The PDF bytes of a document of `kind` (KINDS), in the evaluation's language: the
    patient's for the care plan and requisition, the clinician's for the summary and referral.

    `plan` defaults to the suggested plan, unsigned. `knowledge` adds the
    library's step-by-step instructions, lab names and LOINC codes. `clinician` is who
    signed (or prints): named by their profile. `signed` says the visit is signed, so the
    clinician's signature picture prints. The summary shows the red flags `acknowledged` and
    when the visit was `signed_on`; a referral is a ValueError when no red flag names one.
    The care plan of a follow-up draws its trends, and an addendum's says what it revises
    (`follow_up`, with `knowledge`).
    """
    from clinic_desktop.reports.careplan import CarePlanExtras, build_care_plan
    from clinic_desktop.reports.pdf import render_pdf
    from clinic_desktop.reports.requisition import RequisitionOrder, build_requisition

    letterhead = clinic or ClinicProfile()
    language = evaluation.language
    tests = evaluation.suggested_lab_orders
    if kind == "careplan":
        chosen = plan or suggested_plan(evaluation)
        catalog = getattr(knowledge, "labs", None)
        extras = CarePlanExtras(
            steps=_library_steps(knowledge, chosen.language),
            # Every test's name: the chart and a revision name results beyond the orders.
            lab_names=_lab_names(knowledge, catalog.tests() if catalog else tests, chosen.language),
            citations=getattr(knowledge, "citations", None),
        )
        trends, revision = _follow_up_parts(assessment, evaluation, chosen, follow_up, knowledge)
        document = build_care_plan(
            assessment,
            evaluation,
            chosen,
            letterhead,
            extras,
            clinician,
            trends=trends,
            revision=revision,
        )
        return render_pdf(document)
    if kind == "requisition":
        order = RequisitionOrder(
            tests=tests,
            icd10cm=evaluation.icd10cm,
            ordered_on=ordered_on or assessment.visit_date or date.today(),
            clinician=clinician,
            signed=signed,
            loinc=_loinc_codes(knowledge, tests),
            lab_names=_lab_names(knowledge, tests, language),
            icd10cm_descriptions=_icd_descriptions(knowledge, evaluation.icd10cm),
        )
        return render_pdf(build_requisition(assessment, order, letterhead, language))
    if kind in CLINICIAN_KINDS:
        from clinic_desktop.reports.summary import (
            RecordExtras,
            VisitRecord,
            build_referral_letters,
            build_visit_summary,
        )

        tested = [lab.test for lab in evaluation.labs]
        record = VisitRecord(
            assessment,
            evaluation,
            plan,
            acknowledged=acknowledged,
            signed_on=signed_on if signed else None,
        )
        recorded = RecordExtras(
            lab_names=_lab_names(knowledge, tested, language),
            loinc=_loinc_codes(knowledge, tested),
            default_intervals=_default_intervals(knowledge, evaluation),
            icd10cm_descriptions=_icd_descriptions(knowledge, evaluation.icd10cm),
        )
        build = build_visit_summary if kind == "summary" else build_referral_letters
        return render_pdf(build(record, letterhead, language, recorded, clinician))
    raise ValueError(f"kind: expected one of {', '.join(KINDS)}, got {kind!r}")


@dataclass(frozen=True, slots=True)
class RenderRequest:
    """Everything a worker process needs to print one document; every field pickles."""

    assessment: Assessment
    evaluation: Evaluation
    kind: str = "careplan"
    plan: CarePlan | None = None
    clinic: ClinicProfile | None = None
    with_knowledge: bool = True
    """Load the clinical knowledge in the worker for steps, lab names and LOINC codes."""
    clinician: ClinicianProfile | None = None
    signed: bool = False
    acknowledged: tuple[str, ...] = ()
    signed_on: date | None = None
    follow_up: FollowUp | None = None
    """The earlier visits, diary and revised original a care plan draws on."""


def render_request(request: RenderRequest) -> bytes:
    """The PDF for `request`; a top-level function so a spawned worker process can run it."""
    knowledge = None
    if request.with_knowledge:
        from clinic_desktop.knowledge import load_knowledge

        knowledge = load_knowledge()
    return render_document(
        request.assessment,
        request.evaluation,
        kind=request.kind,
        plan=request.plan,
        clinic=request.clinic,
        knowledge=knowledge,
        clinician=request.clinician,
        signed=request.signed,
        acknowledged=request.acknowledged,
        signed_on=request.signed_on,
        follow_up=request.follow_up,
    )


def add_render_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source", metavar="CASE.json|ID", help="an assessment file, else a stored id"
    )
    parser.add_argument("--out", required=True, metavar="FILE.pdf")
    parser.add_argument(
        "--kind",
        choices=KINDS,
        default="careplan",
        help="careplan (default) and requisition for the patient; summary (the visit's record) "
        "and referral (a letter to each service a red flag names) for clinicians",
    )
    parser.add_argument(
        "--lang",
        choices=("en", "es"),
        default=None,
        help="the document's language: by default the plan's or the patient's for the care plan "
        "and requisition, English for the summary and referral",
    )


def _in_language(assessment: Assessment, language: str | None) -> Assessment:
    if language is None:
        return assessment
    patient = dataclasses.replace(assessment.patient, language=language)
    return dataclasses.replace(assessment, patient=patient)


def _write_pdf(out: str, content: bytes) -> None:
    """The PDF at `out`, owner-only, never through a symbolic link."""
    try:
        write_private_file(Path(out), content)
    except OSError as error:
        raise RenderError(
            f"--out: cannot write {out}: {write_problem(error)}", write_status(error)
        ) from None


def _render_file(args: argparse.Namespace, path: Path) -> bytes:
    from clinic_desktop.interop.assessment_json import load_assessment_file
    from clinic_desktop.knowledge import load_knowledge
    from clinic_desktop.rules.engine import evaluate

    knowledge = load_knowledge()
    loaded = load_assessment_file(path, knowledge.labs)
    if args.kind in CLINICIAN_KINDS:
        # The clinician's language; the plan (suggested, unsigned) stays in the patient's.
        plan = suggested_plan(evaluate(loaded, knowledge))
        assessment = _in_language(loaded, args.lang or "en")
        evaluation = evaluate(assessment, knowledge)
        _check_referral(args.kind, evaluation)
        return render_document(
            assessment,
            evaluation,
            kind=args.kind,
            plan=plan,
            clinic=_clinic_of_records(),
            knowledge=knowledge,
        )
    assessment = _in_language(loaded, args.lang)
    evaluation = evaluate(assessment, knowledge)
    return render_document(
        assessment, evaluation, kind=args.kind, clinic=_clinic_of_records(), knowledge=knowledge
    )


def _check_referral(kind: str, evaluation: Evaluation) -> None:
    if kind == "referral" and not any(flag.referral for flag in evaluation.red_flags):
        raise RenderError(
            "--kind referral: no red flag of this visit names a referral, so there is no "
            "service to write to"
        )


def _clinic_of_records() -> ClinicProfile:
    """The letterhead for a document printed from a file: the records' clinic profile when there
    are records to read it from, else clinic.yaml, else none."""
    if not os.environ.get(DATABASE_URL_ENV) and not (data_dir() / DATABASE_FILE).is_file():
        return clinic_profile(None)
    from clinic_desktop.persistence.database import DatabaseProblem, open_database
    from clinic_desktop.services.audit import AuditLog
    from clinic_desktop.services.profiles import ProfileService

    try:
        database = open_database()
    except DatabaseProblem as problem:
        raise RenderError(
            f"the clinic's letterhead cannot be read: {problem.message} {problem.advice}",
            BROKEN_INSTALLATION,
        ) from None
    try:
        return clinic_profile(ProfileService(database, AuditLog(database)))
    finally:
        database.close()


def _render_stored(args: argparse.Namespace, source: str) -> bytes:
    from clinic_desktop.knowledge import load_knowledge
    from clinic_desktop.persistence.database import DatabaseProblem, open_database
    from clinic_desktop.rules.engine import evaluate
    from clinic_desktop.services.audit import AuditLog
    from clinic_desktop.services.audited import AuditedAssessmentStore
    from clinic_desktop.services.profiles import ProfileService

    try:
        database = open_database()
    except DatabaseProblem as problem:
        raise RenderError(f"{problem.message} {problem.advice}", BROKEN_INSTALLATION) from None
    try:
        # The audited store logs the read and the print, as every print of a record must be.
        store = AuditedAssessmentStore(database, AuditLog(database), lambda: None)
        try:
            stored = store.load(int(source))
        except LookupError:
            raise RenderError(f"ID: no stored assessment has id {source}") from None
        plan = stored.care_plan
        knowledge = load_knowledge()
        profiles = ProfileService(database, AuditLog(database))
        # Who signed it (the plan keeps their account); a draft names nobody from a terminal.
        signer = stored.signed_by or (plan.clinician_name if plan else None)
        clinician = profiles.clinician(signer) if signer else None
        signed = stored.status != "draft"
        if args.kind in CLINICIAN_KINDS:
            # The clinician's language; the plan is quoted in its own.
            if plan is None:
                plan = suggested_plan(evaluate(stored.assessment, knowledge))
            assessment = _in_language(stored.assessment, args.lang or "en")
            evaluation = evaluate(assessment, knowledge)
            _check_referral(args.kind, evaluation)
            decisions = stored.decisions
            content = render_document(
                assessment,
                evaluation,
                kind=args.kind,
                plan=plan,
                clinic=clinic_profile(profiles),
                knowledge=knowledge,
                clinician=clinician,
                signed=signed,
                acknowledged=tuple(decisions.acknowledged_red_flags) if decisions else (),
                signed_on=stored.signed_at.date() if stored.signed_at else None,
            )
        else:
            language = args.lang or (plan.language if plan else None)
            if plan is not None and language != plan.language:
                raise RenderError(
                    f"--lang: the saved care plan is written in '{plan.language}'; "
                    "print it in that language or edit the plan"
                )
            assessment = _in_language(stored.assessment, language)
            evaluation = evaluate(assessment, knowledge)
            follow_up = None
            if args.kind == "careplan":
                from clinic_desktop.services.diary import CrampDiary
                from clinic_desktop.services.follow_up import read_follow_up

                follow_up = read_follow_up(store, CrampDiary(database), stored)
            content = render_document(
                assessment,
                evaluation,
                kind=args.kind,
                plan=plan,
                clinic=clinic_profile(profiles),
                knowledge=knowledge,
                clinician=clinician,
                signed=signed,
                follow_up=follow_up,
            )
        store.store_document(stored.id, args.kind, evaluation.language, content, None)
    finally:
        database.close()
    return content


def _reported(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Every failure of `command` becomes one line on standard error and an exit status."""

    def run(args: argparse.Namespace) -> int:
        from clinic_desktop.interop.assessment_json import AssessmentFormatError

        try:
            return command(args)
        except AssessmentFormatError as error:
            status, message = BAD_INPUT, str(error)
        except RenderError as error:
            status, message = error.status, str(error)
        except KnowledgeFileError as error:
            status, message = BROKEN_INSTALLATION, f"clinical knowledge file is broken: {error}"
        # Anything else is unexpected: the command line reports it in one line without its
        # text (which may hold a patient's details) and writes where it happened to errors.log.
        print(" ".join(message.split()), file=sys.stderr)
        return status

    return run


@_reported
def run_render(args: argparse.Namespace) -> int:
    source = str(args.source)
    if os.path.lexists(source):
        content = _render_file(args, Path(source))  # a folder or a pipe is refused by name
    elif source.isascii() and source.isdigit() and len(source) <= 18:
        content = _render_stored(args, source)
    else:
        shown = ascii(source) if len(ascii(source)) <= 60 else ascii(source)[:57] + "..."
        raise RenderError(f"CASE.json|ID: no file named {shown}, and it is not a stored id")
    _write_pdf(args.out, content)
    return 0
