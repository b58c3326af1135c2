"""The `evaluate`, `import` and `export` commands over the assessment exchange format.

Exit status follows docs/assessment-format.md: 0 with the document on
standard output; 2 with one line on standard error naming the field for input
that does not follow the format; 1 with one line when the installation or the
database is at fault. Never a traceback. Heavy modules are imported inside
the commands that need them: `evaluate` must not pay for the database.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clinic_desktop.domain.assessment import Assessment
    from clinic_desktop.interop.fhir import SignedDocument
    from clinic_desktop.persistence.database import Database
    from clinic_desktop.services.assessments import StoredAssessment
    from clinic_desktop.services.audit import AuditLog
    from clinic_desktop.services.orders import PlacedOrder

BAD_INPUT = 2
BROKEN_INSTALLATION = 1


class CommandError(Exception):
    """A command cannot go on; its text is the one line the user sees."""

    def __init__(self, message: str, status: int = BAD_INPUT) -> None:
        super().__init__(message)
        self.status = status


def add_evaluate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", metavar="CASE.json", help="an assessment document ('-' for stdin)")


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", metavar="CASE.json", help="an assessment document ('-' for stdin)")


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment_id", metavar="ID", help="a stored assessment's id")
    parser.add_argument("--format", choices=("json", "fhir"), default="json")
    parser.add_argument(
        "--out", metavar="FILE", help="write it to FILE, owner-only (default: standard output)"
    )


def _one_line(message: str) -> str:
    return " ".join(str(message).split())


def _reported(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn every failure of `command` into one line on standard error and an exit status."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        from clinic_desktop.interop.assessment_json import AssessmentFormatError
        from clinic_desktop.knowledge.yaml_loader import KnowledgeFileError

        try:
            return command(args)
        except AssessmentFormatError as error:
            status, message = BAD_INPUT, str(error)
        except CommandError as error:
            status, message = error.status, str(error)
        except KnowledgeFileError as error:
            status, message = BROKEN_INSTALLATION, f"clinical knowledge file is broken: {error}"
        except BrokenPipeError:
            return 0  # the reader (e.g. `head`) stopped listening; nothing is wrong
        # Anything else is unexpected: the command line reports it in one line without its
        # text (which may hold a patient's details) and writes where it happened to errors.log.
        print(_one_line(message), file=sys.stderr)
        return status

    return run


def _write(text: str) -> None:
    """Write a document as UTF-8, as the format says, whatever the terminal's locale."""
    buffer = getattr(sys.stdout, "buffer", None)
    sys.stdout.flush()
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


@_reported
def run_evaluate(args: argparse.Namespace) -> int:
    from clinic_desktop.interop.assessment_json import dumps_document, load_assessment_file
    from clinic_desktop.interop.evaluation_json import evaluation_to_document
    from clinic_desktop.knowledge import load_knowledge
    from clinic_desktop.rules.engine import evaluate

    knowledge = load_knowledge()
    assessment = load_assessment_file(
        args.case, knowledge.labs, context_ids=knowledge.context_ids()
    )
    evaluation = evaluate(assessment, knowledge)
    _write(dumps_document(evaluation_to_document(evaluation, knowledge.citations)))
    return 0


def _open_database() -> Database:
    from clinic_desktop.persistence.database import DatabaseProblem, open_database

    try:
        return open_database()
    except DatabaseProblem as problem:
        raise CommandError(f"{problem.message} {problem.advice}", BROKEN_INSTALLATION) from None


def _patient_id(database: Database, assessment: Assessment, audit: AuditLog) -> int:
    """The registered patient with this MRN, registering them (audited) when new."""
    from clinic_desktop.services.audited import AuditedPatientRegistry
    from clinic_desktop.services.patients import PatientInput, PatientValidationError

    patient = assessment.patient
    registry = AuditedPatientRegistry(database, audit, lambda: None)
    existing = registry.find_by_mrn(patient.mrn)
    if existing is not None:
        if existing.birth_date != patient.birth_date:
            # Neither date is said: the message may be read by someone the record is not for.
            raise CommandError(
                "patient.birth_date: this MRN is registered with another birth date; "
                "correct the document or the registration"
            )
        return existing.id
    try:
        created = registry.create(
            PatientInput(
                mrn=patient.mrn,
                family_name=patient.family_name,
                given_name=patient.given_name,
                birth_date=patient.birth_date.isoformat(),
                sex=patient.sex,
                language=patient.language,
            )
        )
    except PatientValidationError as error:
        field, message = next(iter(error.errors.items()))
        raise CommandError(f"patient.{field}: {message}") from None
    return created.id


@_reported
def run_import(args: argparse.Namespace) -> int:
    from clinic_desktop.interop.assessment_json import load_assessment_file
    from clinic_desktop.knowledge import load_knowledge

    knowledge = load_knowledge()
    assessment = load_assessment_file(
        args.case, knowledge.labs, context_ids=knowledge.context_ids()
    )
    database = _open_database()
    try:
        from sqlalchemy.orm import Session

        from clinic_desktop.services.assessments import (
            AfterCommit,
            AssessmentChange,
            AssessmentStore,
        )
        from clinic_desktop.services.audit import AuditLog

        audit = AuditLog(database)

        class ImportingStore(AssessmentStore):
            """Stores the draft and its "import" audit entry in one transaction."""

            def _before_commit(self, session: Session, change: AssessmentChange) -> AfterCommit:
                entry = audit.append(
                    session,
                    "import",
                    patient_id=change.patient_id,
                    entity="assessment",
                    entity_id=change.assessment_id,
                    detail={"source": str(args.case)},
                )
                return lambda: audit.anchor(entry)

        # One transaction: the patient (when new), the draft and their audit entries are all
        # stored or none is; the anchor moves once it commits.
        with database.session():
            patient_id = _patient_id(database, assessment, audit)
            stored = ImportingStore(database).start(patient_id, assessment)
    finally:
        database.close()
    _write(f"{stored.id}\n")
    return 0


def _assessment_id(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise CommandError(f"ID: expected a stored assessment's number, got {_shown_arg(text)}")
    return int(text)


def _shown_arg(text: str) -> str:
    """An argument as typed, escaped and shortened, for a message."""
    shown = ascii(text)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _fhir_bundle(stored: StoredAssessment, database: Database | None = None) -> dict[str, Any]:
    """The stored visit as a FHIR R4 Bundle, with the evaluation's interpretations and ICD-10-CM
    codes; from the records, its orders, the signed PDFs of every version of the visit (the
    revised plan of an addendum too), and the clinic and clinicians as their profiles name them."""
    from datetime import UTC, datetime, time

    from clinic_desktop.interop.fhir import assessment_to_fhir
    from clinic_desktop.knowledge import load_knowledge
    from clinic_desktop.rules.engine import evaluate
    from clinic_desktop.services.audit import AuditLog
    from clinic_desktop.services.profiles import ProfileService
    from clinic_desktop.services.rendering import clinic_profile

    knowledge = load_knowledge()
    evaluation = evaluate(stored.assessment, knowledge)
    profiles = ProfileService(database, AuditLog(database)) if database is not None else None
    # The clinic as its documents print it: the saved profile, else an older clinic.yaml.
    clinic = clinic_profile(profiles)
    orders = []
    placed_orders: list[PlacedOrder] = []
    documents = []
    if database is not None:
        from clinic_desktop.services.orders import OrderBook

        book = OrderBook(database)
        placed_orders = book.orders_of(stored.id)
        for placed in placed_orders:
            # Authored when sent, else on the day ordered: the same export twice is the same.
            when = placed.sent_at or datetime.combine(placed.ordered_on, time(), UTC)
            orders.append(book.lab_order(placed, knowledge, clinic, when))
        documents = _signed_documents(stored, database)
    # The results that came in through an order: their Observations are based on it.
    resulted = {
        test.test: placed.order_number
        for placed in placed_orders
        for test in placed.tests
        if test.status == "resulted"
    }
    users = {stored.signed_by, *(o.clinician_id for o in orders)}
    users |= {d.signed_by for d in documents}
    return assessment_to_fhir(
        stored.assessment,
        knowledge.labs,
        str(stored.id),
        evaluation,
        signed=stored.status == "signed",
        plan=stored.care_plan,
        icd_descriptions={
            code: knowledge.icd10cm.description(code) or code for code in evaluation.icd10cm
        },
        orders=orders,
        clinic=clinic,
        signed_by=stored.signed_by,
        clinicians={
            user: profiles.clinician(user) for user in sorted(u for u in users if u) if profiles
        },
        documents=documents,
        resulted=resulted,
    )


def _signed_documents(stored: StoredAssessment, database: Database) -> list[SignedDocument]:
    """The PDFs kept for each signed version of the visit (the original first, then its
    addenda), oldest first, read through the store: their bytes only once the hash checks."""
    from clinic_desktop.interop.fhir import DOCUMENT_TYPES, SignedDocument
    from clinic_desktop.persistence.documents import DocumentProblem
    from clinic_desktop.services.assessments import AssessmentStore

    store = AssessmentStore(database)
    found = []
    for version in store.history(stored.id):
        for document_id, kind, language, _digest, created_at in store.documents(version.id):
            if kind not in DOCUMENT_TYPES:
                continue
            try:
                content = store.document_content(document_id)
            except DocumentProblem as problem:
                raise CommandError(str(problem), BROKEN_INSTALLATION) from None
            found.append(
                SignedDocument(
                    kind,
                    language,
                    content,
                    created_at,
                    version.signed_by,
                    version.care_plan.clinician_name if version.care_plan else None,
                    revised=version.amends_id is not None,
                    signed_on=version.signed_at.date() if version.signed_at else None,
                )
            )
    return found


@_reported
def run_export(args: argparse.Namespace) -> int:
    from clinic_desktop.interop.assessment_json import assessment_to_document, dumps_document

    assessment_id = _assessment_id(args.assessment_id)
    database = _open_database()
    try:
        from clinic_desktop.services.assessments import AssessmentStore
        from clinic_desktop.services.audit import AuditLog

        try:
            stored = AssessmentStore(database).load(assessment_id)
        except LookupError:
            raise CommandError(f"ID: no stored assessment has id {assessment_id}") from None
        document = (
            _fhir_bundle(stored, database)
            if args.format == "fhir"
            else assessment_to_document(stored.assessment)
        )
        AuditLog(database).record(
            "export",
            patient_id=stored.patient_id,
            entity="assessment",
            entity_id=stored.id,
            detail={"format": args.format},
        )
    finally:
        database.close()
    if args.out:
        from clinic_desktop.paths import write_private_file, write_problem, write_status

        try:
            write_private_file(Path(args.out), dumps_document(document).encode("utf-8"))
        except OSError as error:
            raise CommandError(
                f"--out: cannot write {args.out}: {write_problem(error)}", write_status(error)
            ) from None
        return 0
    _write(dumps_document(document))
    return 0
