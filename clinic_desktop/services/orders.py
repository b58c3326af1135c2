"""Lab orders: placed from a signed visit, sent as HL7 v2 or FHIR, waiting for their results.

A signed visit's ticked tests become one order, numbered as its requisition is
(reports.requisition.order_number), once: placing again returns the same order, and a
test ticked later in an amendment becomes an order of its own. Each test waits
(`pending`) until a result arrives in it (services.results_import). Placing and sending
are audited in the same transaction as the change.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_desktop.domain.clinic import ClinicProfile
from clinic_desktop.domain.orders import Diagnosis, LabOrder, OrderedTest
from clinic_desktop.paths import shown
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import (
    AssessmentRow,
    LabOrderItemRow,
    LabOrderRow,
    PatientRow,
    SettingRow,
    utc_now,
)
from clinic_desktop.services.assessments import AssessmentStore, StoredAssessment
from clinic_desktop.services.exchange import (
    CommandError,
    _assessment_id,
    _open_database,
    _reported,
    _write,
)

if TYPE_CHECKING:
    from clinic_desktop.knowledge import Knowledge
    from clinic_desktop.services.audit import AuditLog

UserProvider = Callable[[], str | None]
FORMATS = ("hl7", "fhir")
HL7_STRUCTURES = {"oml": "OML_O21", "orm": "ORM_O01"}
OUTBOX_SETTING = "lab_interface.orders_folder"
INBOX_SETTING = "lab_interface.results_folder"
STRUCTURE_SETTING = "lab_interface.order_message"


class OrderError(Exception):
    """An order cannot be placed or sent; its text is one line for the user."""


@dataclass(frozen=True, slots=True)
class PlacedTest:
    id: int
    test: str
    loinc: str | None
    status: str


@dataclass(frozen=True, slots=True)
class PlacedOrder:
    id: int
    assessment_id: int
    patient_id: int
    order_number: str
    status: str
    ordered_on: date
    tests: tuple[PlacedTest, ...]
    icd10cm: tuple[str, ...]
    clinician_name: str | None
    ordered_by: str | None
    sent_at: datetime | None = None


def chain_ids(session: Session, assessment_id: int) -> list[int]:
    """The ids of every version of the visit holding `assessment_id` (original first)."""
    row = session.get(AssessmentRow, assessment_id)
    if row is None:
        raise LookupError(f"No assessment with id {assessment_id}.")
    while row.amends_id is not None:
        parent = session.get(AssessmentRow, row.amends_id)
        assert parent is not None
        row = parent
    ids = [row.id]
    while True:
        later = session.scalars(
            select(AssessmentRow.id)
            .where(AssessmentRow.amends_id == ids[-1])
            .order_by(AssessmentRow.id)
        ).first()
        if later is None:
            return ids
        ids.append(later)


def _placed(session: Session, row: LabOrderRow) -> PlacedOrder:
    items = session.scalars(
        select(LabOrderItemRow)
        .where(LabOrderItemRow.order_id == row.id)
        .order_by(LabOrderItemRow.id)
    ).all()
    assessment = session.get(AssessmentRow, row.assessment_id)
    assert assessment is not None
    return PlacedOrder(
        id=row.id,
        assessment_id=row.assessment_id,
        patient_id=row.patient_id if row.patient_id is not None else assessment.patient_id,
        order_number=row.order_number,
        status=row.status,
        ordered_on=row.ordered_on or row.created_at.date(),
        tests=tuple(PlacedTest(i.id, i.test, i.loinc, i.status) for i in items),
        icd10cm=tuple(json.loads(row.icd10cm)) if row.icd10cm else (),
        clinician_name=row.clinician_name,
        ordered_by=row.ordered_by,
        sent_at=row.sent_at,
    )


def ordered_tests(stored: StoredAssessment, knowledge: Knowledge) -> tuple[str, ...]:
    """The tests the clinician left ticked in the visit (the rules' suggestions unless unticked)."""
    from clinic_desktop.rules.engine import evaluate
    from clinic_desktop.services.visit_flow import VisitFlow

    flow = VisitFlow(
        stored.assessment,
        lambda assessment: evaluate(assessment, knowledge),
        stored.care_plan,
        read_only=True,
        decisions=stored.decisions,
    )
    return flow.ordered_tests()


class OrderBook:
    """The lab orders of one database; each call is its own unit of work, safe from any thread."""

    def __init__(
        self, database: Database, audit: AuditLog | None = None, user: UserProvider | None = None
    ) -> None:
        self._database = database
        self._audit = audit
        self._user = user or (lambda: None)

    def orders_of(self, assessment_id: int) -> list[PlacedOrder]:
        """Every order of the visit holding `assessment_id` (all its versions), oldest first."""
        with self._database.session() as session:
            ids = chain_ids(session, assessment_id)
            rows = session.scalars(
                select(LabOrderRow)
                .where(LabOrderRow.assessment_id.in_(ids))
                .order_by(LabOrderRow.id)
            ).all()
            return [_placed(session, row) for row in rows]

    def by_number(self, order_number: str) -> PlacedOrder | None:
        with self._database.session() as session:
            row = session.scalars(
                select(LabOrderRow).where(LabOrderRow.order_number == order_number)
            ).first()
            return None if row is None else _placed(session, row)

    def place(self, assessment_id: int, knowledge: Knowledge) -> list[PlacedOrder]:
        """The visit's orders, placing one for ticked tests that no order of it holds yet.

        Only a signed visit orders (its signature is the clinician's order): OrderError
        for a draft, or for a visit with nothing ticked and no order.
        """
        from clinic_desktop.reports.requisition import order_number
        from clinic_desktop.rules.engine import evaluate

        stored = AssessmentStore(self._database).load(assessment_id)
        if stored.status != "signed":
            raise OrderError(
                f"visit {assessment_id} is {'not signed yet' if stored.status == 'draft' else stored.status}: "
                "orders go out from the signed visit"
            )
        wanted = ordered_tests(stored, knowledge)
        evaluation = evaluate(stored.assessment, knowledge)
        with self._database.session() as session:
            ids = chain_ids(session, assessment_id)
            existing = session.scalars(
                select(LabOrderRow)
                .where(LabOrderRow.assessment_id.in_(ids))
                .order_by(LabOrderRow.id)
            ).all()
            held = {
                item.test
                for item in session.scalars(
                    select(LabOrderItemRow).where(
                        LabOrderItemRow.order_id.in_([row.id for row in existing])
                    )
                )
            }
            new_tests = [test for test in wanted if test not in held]
            if not new_tests and not existing:
                raise OrderError(f"visit {assessment_id} orders no test")
            if new_tests:
                ordered_on = stored.assessment.visit_date or date.today()
                number = order_number(stored.assessment, new_tests, ordered_on)
                if session.scalars(
                    select(LabOrderRow.id).where(LabOrderRow.order_number == number)
                ).first():
                    raise OrderError(f"order number {number} is already another visit's")
                plan = stored.care_plan
                row = LabOrderRow(
                    assessment_id=assessment_id,
                    patient_id=stored.patient_id,
                    order_number=number,
                    status="pending",
                    created_at=utc_now(),
                    ordered_by=stored.signed_by,
                    ordered_on=ordered_on,
                    icd10cm=json.dumps(list(evaluation.icd10cm)),
                    clinician_name=(plan.clinician_name if plan else None) or stored.signed_by,
                )
                session.add(row)
                session.flush()
                for test in new_tests:
                    session.add(
                        LabOrderItemRow(
                            order_id=row.id,
                            test=test,
                            loinc=_loinc(knowledge, test),
                            reason=evaluation.suggested_lab_order_reasons.get(test),
                            status="pending",
                        )
                    )
                session.flush()
                self._audited(
                    session,
                    "order_place",
                    stored.patient_id,
                    row.id,
                    {"order_number": number, "tests": new_tests, "assessment": assessment_id},
                )
                existing = [*existing, row]
            return [_placed(session, row) for row in existing]

    def lab_order(
        self,
        placed: PlacedOrder,
        knowledge: Knowledge,
        clinic: ClinicProfile,
        sent_at: datetime | None = None,
    ) -> LabOrder:
        """The order as a message carries it: patient, tests by LOINC, reasons with their names."""
        from clinic_desktop.domain.assessment import Patient

        with self._database.session() as session:
            patient = session.get(PatientRow, placed.patient_id)
            assert patient is not None
            who = Patient(
                mrn=patient.mrn,
                family_name=patient.family_name,
                given_name=patient.given_name,
                birth_date=patient.birth_date,
                sex=patient.sex,
                language=patient.language,
            )
        catalog = knowledge.labs
        tests = tuple(
            OrderedTest(
                item.test,
                item.loinc,
                (catalog.loinc_display(item.loinc) if item.loinc else None)
                or catalog.display_name(item.test, "en"),
            )
            for item in placed.tests
        )
        reasons = tuple(
            Diagnosis(code, knowledge.icd10cm.description(code) or code) for code in placed.icd10cm
        )
        return LabOrder(
            order_number=placed.order_number,
            ordered_on=placed.ordered_on,
            patient=who,
            tests=tests,
            reasons=reasons,
            clinician_name=placed.clinician_name or "",
            clinician_id=placed.ordered_by,
            clinic_name=clinic.name,
            sent_at=sent_at or datetime.now(UTC),
        )

    def record_sent(
        self, placed: PlacedOrder, target: str, message_format: str, *, into_folder: bool = True
    ) -> None:
        """Audit that the order left the program; a file written into a folder marks it sent."""
        with self._database.session() as session:
            row = session.get(LabOrderRow, placed.id)
            if row is not None and into_folder:
                row.sent_at = utc_now()
            self._audited(
                session,
                "order_send",
                placed.patient_id,
                placed.id,
                {"order_number": placed.order_number, "format": message_format, "to": target},
            )

    def _audited(
        self, session: Session, action: str, patient_id: int, order_id: int, detail: dict[str, Any]
    ) -> None:
        if self._audit is None:
            return
        entry = self._audit.append(
            session,
            action,
            username=self._user(),
            patient_id=patient_id,
            entity="lab_order",
            entity_id=order_id,
            detail=detail,
        )
        self._audit.anchor(entry)


def send_unsent(
    book: OrderBook,
    assessment_id: int,
    knowledge: Knowledge,
    clinic: ClinicProfile,
    folder: Path,
    structure: str = "OML_O21",
) -> list[Path]:
    """Place the signed visit's orders and write those never sent into the orders folder."""
    written = []
    for placed in book.place(assessment_id, knowledge):
        if placed.sent_at is not None:
            continue
        text = order_message(book.lab_order(placed, knowledge, clinic), "hl7", structure)
        target = write_into_folder(folder, file_name(placed.order_number, "hl7"), text)
        book.record_sent(placed, str(target), "hl7")
        written.append(target)
    return written


def _loinc(knowledge: Knowledge, test: str) -> str | None:
    catalog = knowledge.labs
    return catalog.loinc_for(test, catalog.si_unit(test))


def order_message(order: LabOrder, message_format: str, structure: str = "OML_O21") -> str:
    """The order as HL7 v2.5.1 text (`hl7`) or a FHIR R4 Bundle of ServiceRequests (`fhir`)."""
    if message_format == "hl7":
        from clinic_desktop.interop.hl7v2 import build_order_message

        return build_order_message(order, structure)
    if message_format == "fhir":
        from clinic_desktop.interop.fhir import order_to_fhir

        return json.dumps(order_to_fhir(order), ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"format: expected one of {', '.join(FORMATS)}")


def file_name(order_number: str, message_format: str) -> str:
    return f"{order_number}.{'hl7' if message_format == 'hl7' else 'json'}"


def write_into_folder(folder: Path, name: str, text: str) -> Path:
    """Write `text` as `name` in `folder` in one step: a lab interface watching the folder
    never sees a half-written file (written beside it under a hidden name, then renamed)."""
    if not folder.is_dir():
        raise OrderError(f"the orders folder {shown(folder)} does not exist or is not a folder")
    target = folder / name
    descriptor, temporary = tempfile.mkstemp(prefix=".", suffix=".part", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


class LabInterfaceSettings:
    """Where orders go and results come from: clinic-wide, kept in the database."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def get(self, key: str) -> str | None:
        with self._database.session() as session:
            return session.scalar(select(SettingRow.value).where(SettingRow.key == key))

    def set(self, key: str, value: str | None, audit: AuditLog | None, user: str | None) -> None:
        with self._database.session() as session:
            row = session.get(SettingRow, key)
            if value is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(SettingRow(key=key, value=value))
            else:
                row.value = value
            if audit is not None:
                entry = audit.append(
                    session, "settings_change", username=user, detail={"setting": key}
                )
                audit.anchor(entry)


# The `orders` command -------------------------------------------------------------------------


def add_orders_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment_id", metavar="ID", help="a signed visit's id")
    parser.add_argument("--format", choices=FORMATS, default="hl7")
    parser.add_argument(
        "--message",
        choices=tuple(HL7_STRUCTURES),
        default=None,
        help="HL7 order message: oml (OML^O21, the default) or orm (ORM^O01)",
    )
    parser.add_argument(
        "--to",
        metavar="DIR",
        default=None,
        help="write each order into this folder (default: standard output)",
    )


@_reported
def run_orders(args: argparse.Namespace) -> int:
    from clinic_desktop.knowledge import load_knowledge
    from clinic_desktop.services.audit import AuditLog
    from clinic_desktop.services.profiles import ProfileService
    from clinic_desktop.services.rendering import clinic_profile

    assessment_id = _assessment_id(args.assessment_id)
    database = _open_database()
    try:
        settings = LabInterfaceSettings(database)
        structure = HL7_STRUCTURES[args.message or settings.get(STRUCTURE_SETTING) or "oml"]
        book = OrderBook(database, AuditLog(database))
        knowledge = load_knowledge()
        try:
            placed = book.place(assessment_id, knowledge)
        except LookupError:
            raise CommandError(f"ID: no stored assessment has id {assessment_id}") from None
        except OrderError as error:
            raise CommandError(f"ID: {error}") from None
        clinic = clinic_profile(ProfileService(database, AuditLog(database)))
        texts = [
            (order, order_message(book.lab_order(order, knowledge, clinic), args.format, structure))
            for order in placed
        ]
        if args.to is None:
            for order, _text in texts:
                book.record_sent(order, "standard output", args.format, into_folder=False)
            output = "".join(text for _order, text in texts)
        else:
            folder = Path(args.to)
            try:
                written = [
                    write_into_folder(folder, file_name(order.order_number, args.format), text)
                    for order, text in texts
                ]
            except OrderError as error:
                raise CommandError(f"--to: {error}") from None
            except OSError as error:
                raise CommandError(
                    f"--to: cannot write into {shown(folder)}: {error.strerror or error}"
                ) from None
            for (order, _text), target in zip(texts, written, strict=True):
                book.record_sent(order, str(target), args.format)
            output = "".join(f"{target}\n" for target in written)
    finally:
        database.close()
    _write(output)
    return 0
