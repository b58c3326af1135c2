"""Results in: a laboratory's file (HL7 v2 ORU^R01 or FHIR JSON) into the pending orders it answers.

Nothing is guessed. Each result is matched to its patient and pending order by the placer
order number, else by MRN and birth date and its LOINC code; its test must be one the lab
catalogue knows by that code and its unit one the catalogue knows for that test. A result
that fails any of this is held, listed for a clinician with the reason, and stored in no
record until the clinician places it (naming the order, the test and the unit) or dismisses
it. A result placed in the order of a signed visit opens an addendum (an amendment that keeps
the signed original); in a draft visit it goes into the draft.

One file is one transaction: a malformed file, or one that fails halfway, changes nothing.
Its bytes are kept once, by hash, so the same file twice stores nothing twice, and a result
already stored (same order, test, value, unit and sample time) is not stored again from
another file. Every import, refused ones included, and every resolution is audited.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_desktop.domain.assessment import LabResult
from clinic_desktop.domain.identifiers import IdentifierError, normalise_mrn
from clinic_desktop.domain.orders import ReceivedPatient, ReceivedResult
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.documents import DocumentFiles, sha256_of
from clinic_desktop.persistence.models import (
    AssessmentRow,
    HeldResultRow,
    LabOrderItemRow,
    LabOrderRow,
    LabResultRow,
    PatientRow,
    ResultImportRow,
    utc_now,
)
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.exchange import CommandError, _open_database, _reported, _write
from clinic_desktop.services.orders import chain_ids

if TYPE_CHECKING:
    from clinic_desktop.knowledge.lab_catalog import LabCatalog
    from clinic_desktop.services.audit import AuditLog

UserProvider = Callable[[], str | None]
MAX_FILE_BYTES = 4 * 1_048_576
"""A results file is read only up to this size (a day's batch from a laboratory is far less)."""

# Why a result is held, in the words the clinician reads (the window translates them).
HOLD_REASONS = {
    "unknown_test": "its code is not a LOINC code of a test the program knows",
    "unknown_unit": "its unit is not one the program knows for that test",
    "not_numeric": "its value is not a number",
    "not_final": "the laboratory has not marked it final",
    "impossible_value": "its value is beyond what a living body can have",
    "unknown_patient": "no registered patient has that MRN and birth date",
    "patient_mismatch": "the patient does not match the order's patient",
    "no_pending_order": "no pending order of the patient holds that test",
    "several_pending_orders": "several pending orders of the patient hold that test",
    "already_resulted": "the order already holds a different result for that test",
    "conflicts_with_entered": "the visit already holds a different value for that test",
}
FINAL_STATUSES = ("F", "C")


class ImportRefused(Exception):
    """The file cannot be imported at all; its text is one line naming where and why."""


@dataclass(frozen=True, slots=True)
class PlacedResult:
    test: str
    value: float
    unit: str
    collected_at: str | None
    order_number: str
    assessment_id: int
    """The visit version that now holds it (a draft, or an addendum it opened)."""
    patient_id: int


@dataclass(frozen=True, slots=True)
class HeldResult:
    id: int
    reason: str
    result: ReceivedResult
    patient_id: int | None
    file_name: str
    status: str = "open"

    @property
    def explanation(self) -> str:
        return HOLD_REASONS.get(self.reason, self.reason)


@dataclass(frozen=True, slots=True)
class ImportReport:
    file_name: str
    sha256: str
    import_id: int | None
    duplicate: bool = False
    """The same file was imported before: nothing was stored."""
    stored: tuple[PlacedResult, ...] = ()
    held: tuple[HeldResult, ...] = ()
    already_stored: int = 0
    """Results identical to ones already stored (from another file): not stored twice."""
    addenda: tuple[int, ...] = ()
    """Addenda opened (or added to) for signed visits, by assessment id."""

    @property
    def patients(self) -> tuple[int, ...]:
        ids = [r.patient_id for r in self.stored] + [
            h.patient_id for h in self.held if h.patient_id is not None
        ]
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True, slots=True)
class _Hold:
    reason: str
    patient_id: int | None


ALREADY_STORED = "already_stored"


@dataclass
class _Target:
    """A visit receiving results in this import: its newest version and what goes into it."""

    chain: list[int]
    results: list[tuple[LabResult, LabOrderItemRow, ReceivedResult]] = field(default_factory=list)


def _received_to_plain(result: ReceivedResult) -> str:
    plain = asdict(result)
    birth = result.patient.birth_date
    plain["patient"]["birth_date"] = birth.isoformat() if birth else None
    return json.dumps(plain, ensure_ascii=False, sort_keys=True)


def _received_from_plain(text: str) -> ReceivedResult:
    plain = json.loads(text)
    patient = plain.pop("patient")
    birth = patient.get("birth_date")
    patient["birth_date"] = date.fromisoformat(birth) if birth else None
    return ReceivedResult(patient=ReceivedPatient(**patient), **plain)


def read_results_file(data: bytes) -> tuple[str, list[ReceivedResult]]:
    """The file's kind ("hl7v2" or "fhir") and its results; ImportRefused naming why not."""
    from clinic_desktop.interop.fhir import FhirResultsError, results_from_fhir
    from clinic_desktop.interop.hl7v2 import HL7MessageError, read_results

    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:3]
    try:
        if start in (b"MSH", b"FHS", b"BHS"):
            return "hl7v2", read_results(data)
        if start[:1] == b"{":
            from clinic_desktop.interop.assessment_json import AssessmentFormatError, decode_json

            try:
                document = decode_json(data.decode("utf-8-sig"))
            except UnicodeDecodeError as error:
                raise ImportRefused(f"(file): not UTF-8 text (byte {error.start})") from None
            except AssessmentFormatError as error:
                raise ImportRefused(str(error)) from None
            return "fhir", results_from_fhir(document)
    except (HL7MessageError, FhirResultsError) as error:
        raise ImportRefused(str(error)) from None
    raise ImportRefused(
        "(file): not a results file (an HL7 v2 message starts with MSH; FHIR JSON with {)"
    )


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes within the program's input limits (interop.limits), else
    ImportRefused naming the file and why."""
    from clinic_desktop.interop.limits import InputLimitError, read_document

    try:
        return read_document(str(path), limit=limit)
    except InputLimitError as error:
        raise ImportRefused(str(error)) from None


def normal_mrn(text: str | None) -> str | None:
    """The MRN as the records store it (domain.identifiers), or None for one that cannot be."""
    if not text:
        return None
    try:
        return normalise_mrn(text)
    except IdentifierError:
        return None


def same_mrn(stored: str, received: str | None) -> bool:
    return normal_mrn(received) == normal_mrn(stored) is not None


class ResultsImporter:
    """Imports results files and keeps the list of held results; safe from any thread."""

    def __init__(
        self,
        database: Database,
        catalog: LabCatalog,
        audit: AuditLog | None = None,
        user: UserProvider | None = None,
        store: AssessmentStore | None = None,
    ) -> None:
        self._database = database
        self._catalog = catalog
        self._audit = audit
        self._user = user or (lambda: None)
        # The audited store puts each draft change's entry in the import's transaction.
        self._store = store or AssessmentStore(database)

    # Importing ------------------------------------------------------------------------------

    def import_path(self, path: Path) -> ImportReport:
        return self.import_bytes(read_limited(path), path.name)

    def import_bytes(self, data: bytes, file_name: str) -> ImportReport:
        """Import one file in one transaction; ImportRefused (audited, nothing stored) if unreadable."""
        digest = sha256_of(data)
        name = file_name[-255:]
        try:
            kind, received = read_results_file(data)
        except ImportRefused as error:
            self._audit_alone({"file": name, "sha256": digest, "refused": str(error)[:300]})
            raise
        with self._database.session() as session:
            earlier = session.scalar(
                select(ResultImportRow.id).where(ResultImportRow.sha256 == digest)
            )
        if earlier is not None:
            self._audit_alone({"file": name, "sha256": digest, "duplicate_of": earlier})
            return ImportReport(name, digest, earlier, duplicate=True)
        files = self._files()
        if files is not None:
            files.put(data)  # before the rows that name it; harmless if they roll back
        with self._database.session() as session:
            row = ResultImportRow(
                sha256=digest,
                file_name=name,
                kind=kind,
                received_at=utc_now(),
                received_by=self._user(),
                content=None if files is not None else data,
                stored=0,
                held=0,
            )
            session.add(row)
            session.flush()
            report = self._place_all(session, row, received)
            row.stored, row.held = len(report.stored), len(report.held)
            self._audit_in(
                session,
                None,
                {
                    "file": name,
                    "sha256": digest,
                    "stored": len(report.stored),
                    "held": len(report.held),
                    "already_stored": report.already_stored,
                },
                row.id,
            )
            for patient_id in report.patients:
                self._audit_in(
                    session,
                    patient_id,
                    {
                        "file": name,
                        "stored": sum(1 for r in report.stored if r.patient_id == patient_id),
                        "held": sum(1 for h in report.held if h.patient_id == patient_id),
                    },
                    row.id,
                )
        return report

    def _place_all(
        self, session: Session, row: ResultImportRow, received: list[ReceivedResult]
    ) -> ImportReport:
        targets: dict[int, _Target] = {}
        held: list[HeldResult] = []
        already = 0
        for result in received:
            outcome = self._match(session, result, targets)
            if outcome == ALREADY_STORED:
                already += 1
            elif isinstance(outcome, _Hold):
                hold = HeldResultRow(
                    import_id=row.id,
                    reason=outcome.reason,
                    payload=_received_to_plain(result),
                    patient_id=outcome.patient_id,
                    status="open",
                )
                session.add(hold)
                session.flush()
                held.append(
                    HeldResult(hold.id, outcome.reason, result, outcome.patient_id, row.file_name)
                )
        stored, addenda = self._store_targets(session, row, targets)
        return ImportReport(
            row.file_name,
            row.sha256,
            row.id,
            stored=tuple(stored),
            held=tuple(held),
            already_stored=already,
            addenda=tuple(addenda),
        )

    def _check(self, result: ReceivedResult) -> tuple[str, str | None, str | None]:
        """(reason or "", the catalogue's test, its unit) for what the result says of itself."""
        catalog = self._catalog
        test = catalog.test_for_loinc(result.loinc) if result.loinc else None
        if test is None:
            return "unknown_test", None, None
        unit = self.catalogue_unit(test, result.unit)
        if unit is None or not catalog.loinc_agrees_with_unit(result.loinc or "", test, unit):
            return "unknown_unit", test, None
        if result.value is None or result.value < 0:
            return "not_numeric", test, unit
        if result.status not in FINAL_STATUSES:
            return "not_final", test, unit
        if catalog.impossible(test, result.value, unit) is not None:
            return "impossible_value", test, unit
        return "", test, unit

    def catalogue_unit(self, test: str, unit: str | None) -> str | None:
        """The catalogue's spelling of `unit` for `test` (its UCUM code, `µmol/L`...), or None."""
        from clinic_desktop.interop.assessment_json import known_unit
        from clinic_desktop.interop.units import program_unit

        if not unit:
            return None
        units = self._catalog.units_for(test)
        return known_unit(program_unit(unit) or unit, units)

    def _match(
        self, session: Session, result: ReceivedResult, targets: dict[int, _Target]
    ) -> _Hold | str | None:
        """Queue `result` into its visit; why to hold it, or ALREADY_STORED."""
        reason, test, unit = self._check(result)
        patient_id = self._patient_id(session, result.patient)
        if reason:
            return _Hold(reason, patient_id)
        assert test is not None and unit is not None and result.value is not None
        found = self._order_item(session, result, test, patient_id)
        if isinstance(found, _Hold):
            return found
        item, order = found
        return self._queue(session, result, test, unit, item, order, targets)

    def _queue(
        self,
        session: Session,
        result: ReceivedResult,
        test: str,
        unit: str,
        item: LabOrderItemRow,
        order: LabOrderRow,
        targets: dict[int, _Target],
    ) -> _Hold | str | None:
        assert result.value is not None
        patient_id = order.patient_id
        stored = session.scalars(
            select(LabResultRow).where(LabResultRow.order_item_id == item.id)
        ).first()
        if stored is not None:
            if (stored.value, stored.unit, stored.collected_at) == (
                result.value,
                unit,
                result.collected_at,
            ):
                return ALREADY_STORED
            return _Hold("already_resulted", patient_id)
        chain = chain_ids(session, order.assessment_id)
        target = targets.setdefault(chain[0], _Target(chain))
        if any(queued[1].id == item.id for queued in target.results):
            return _Hold("already_resulted", patient_id)
        newest = session.get(AssessmentRow, chain[-1])
        assert newest is not None
        lab = LabResult(
            test,
            result.value,
            unit,
            result.loinc,
            result.reference_low,
            result.reference_high,
            result.collected_at,
        )
        held = json.loads(newest.document).get("labs") or []
        entered = next((entry for entry in held if entry.get("test") == test), None)
        if entered is not None and (entered.get("value"), entered.get("unit")) != (
            result.value,
            unit,
        ):
            return _Hold("conflicts_with_entered", patient_id)
        target.results.append((lab, item, result))
        return None

    def _patient_id(self, session: Session, patient: ReceivedPatient) -> int | None:
        """The registered patient with exactly this MRN and birth date, else None."""
        mrn = normal_mrn(patient.mrn)
        if mrn is None or patient.birth_date is None:
            return None
        return session.scalar(
            select(PatientRow.id).where(
                PatientRow.mrn == mrn, PatientRow.birth_date == patient.birth_date
            )
        )

    def _order_item(
        self, session: Session, result: ReceivedResult, test: str, patient_id: int | None
    ) -> tuple[LabOrderItemRow, LabOrderRow] | _Hold:
        order = None
        if result.placer_order_number:
            order = session.scalars(
                select(LabOrderRow).where(LabOrderRow.order_number == result.placer_order_number)
            ).first()
        if order is not None:
            patient = session.get(PatientRow, order.patient_id)
            assert patient is not None
            if not (
                same_mrn(patient.mrn, result.patient.mrn)
                and patient.birth_date == result.patient.birth_date
            ):
                return _Hold("patient_mismatch", None)
            items = session.scalars(
                select(LabOrderItemRow).where(
                    LabOrderItemRow.order_id == order.id, LabOrderItemRow.test == test
                )
            ).all()
            if not items:
                return _Hold("no_pending_order", order.patient_id)
            return items[0], order
        if patient_id is None:
            return _Hold("unknown_patient", None)
        candidates = session.execute(
            select(LabOrderItemRow, LabOrderRow)
            .join(LabOrderRow, LabOrderItemRow.order_id == LabOrderRow.id)
            .where(
                LabOrderRow.patient_id == patient_id,
                LabOrderItemRow.test == test,
                LabOrderItemRow.status == "pending",
            )
        ).all()
        if not candidates:
            return _Hold("no_pending_order", patient_id)
        if len(candidates) > 1:
            return _Hold("several_pending_orders", patient_id)
        return candidates[0][0], candidates[0][1]

    def _store_targets(
        self, session: Session, row: ResultImportRow, targets: dict[int, _Target]
    ) -> tuple[list[PlacedResult], list[int]]:
        stored: list[PlacedResult] = []
        addenda: list[int] = []
        for target in targets.values():
            if not target.results:
                continue
            visit_id, opened = self._visit_for_results(target.chain[-1], row.file_name)
            if opened:
                addenda.append(visit_id)
            self._add_labs(visit_id, [lab for lab, _item, _received in target.results])
            for lab, item, received in target.results:
                order = session.get(LabOrderRow, item.order_id)
                assert order is not None and order.patient_id is not None
                stored.append(self._record(session, row.id, lab, item, order, visit_id, received))
        return stored, addenda

    def _visit_for_results(self, newest_id: int, file_name: str) -> tuple[int, bool]:
        """The draft that takes the results: the visit's draft, or an addendum opened now."""
        newest = self._store.load(newest_id)
        if newest.status == "draft":
            return newest.id, newest.amends_id is not None
        addendum = self._store.amend(
            newest.id, self._user() or "lab-results", f"Results received: {file_name}"
        )
        return addendum.id, True

    def _add_labs(self, visit_id: int, labs: list[LabResult]) -> None:
        stored = self._store.load(visit_id)
        assessment = stored.assessment
        incoming = {lab.test for lab in labs}
        kept = [lab for lab in assessment.labs or [] if lab.test not in incoming]
        assessment.labs = kept + labs
        self._store.save_draft(
            visit_id, assessment, stored.care_plan, stored.version, stored.decisions
        )

    def _record(
        self,
        session: Session,
        import_id: int,
        lab: LabResult,
        item: LabOrderItemRow,
        order: LabOrderRow,
        visit_id: int,
        received: ReceivedResult,
    ) -> PlacedResult:
        assert order.patient_id is not None
        session.add(
            LabResultRow(
                import_id=import_id,
                patient_id=order.patient_id,
                assessment_id=visit_id,
                order_item_id=item.id,
                test=lab.test,
                loinc=lab.loinc,
                value=lab.value,
                unit=lab.unit,
                reference_low=lab.reference_low,
                reference_high=lab.reference_high,
                flag=received.flag,
                collected_at=lab.collected_at,
                result_status=received.status,
                created_at=utc_now(),
                created_by=self._user(),
            )
        )
        item.status = "resulted"
        session.flush()
        statuses = session.scalars(
            select(LabOrderItemRow.status).where(LabOrderItemRow.order_id == order.id)
        ).all()
        order.status = "complete" if all(s == "resulted" for s in statuses) else "partial"
        return PlacedResult(
            lab.test,
            lab.value,
            lab.unit,
            lab.collected_at,
            order.order_number,
            visit_id,
            order.patient_id,
        )

    # The resolution list ----------------------------------------------------------------------

    def held(self, patient_id: int | None = None, status: str = "open") -> list[HeldResult]:
        with self._database.session() as session:
            query = (
                select(HeldResultRow, ResultImportRow.file_name)
                .join(ResultImportRow, HeldResultRow.import_id == ResultImportRow.id)
                .where(HeldResultRow.status == status)
                .order_by(HeldResultRow.id)
            )
            if patient_id is not None:
                query = query.where(HeldResultRow.patient_id == patient_id)
            return [
                HeldResult(
                    row.id,
                    row.reason,
                    _received_from_plain(row.payload),
                    row.patient_id,
                    name,
                    row.status,
                )
                for row, name in session.execute(query).all()
            ]

    def pending_items(self, test: str | None = None) -> list[tuple[int, str, str, int, str]]:
        """(order item id, order number, test, patient id, patient display) still waiting."""
        with self._database.session() as session:
            query = (
                select(LabOrderItemRow, LabOrderRow.order_number, PatientRow)
                .join(LabOrderRow, LabOrderItemRow.order_id == LabOrderRow.id)
                .join(PatientRow, LabOrderRow.patient_id == PatientRow.id)
                .where(LabOrderItemRow.status == "pending")
                .order_by(LabOrderRow.id, LabOrderItemRow.id)
            )
            if test is not None:
                query = query.where(LabOrderItemRow.test == test)
            return [
                (
                    item.id,
                    number,
                    item.test,
                    patient.id,
                    f"{patient.family_name}, {patient.given_name}",
                )
                for item, number, patient in session.execute(query).all()
            ]

    def place_held(self, held_id: int, order_item_id: int, test: str, unit: str) -> PlacedResult:
        """The clinician places a held result in a pending order, naming its test and unit.

        ValueError (nothing changes) when the order is not pending for that test, the unit is
        not one of the test's, or the value is not a number the test can have.
        """
        with self._database.session() as session:
            hold = self._open_hold(session, held_id)
            received = _received_from_plain(hold.payload)
            if unit not in self._catalog.units_for(test):
                raise ValueError(f"unit {unit!r} is not one of {test}'s")
            if received.value is None or received.value < 0:
                raise ValueError("the held result has no numeric value to place")
            if self._catalog.impossible(test, received.value, unit) is not None:
                raise ValueError("the value is beyond what a living body can have for that test")
            item = session.get(LabOrderItemRow, order_item_id)
            if item is None or item.status != "pending" or item.test != test:
                raise ValueError("that order does not wait for this test")
            order = session.get(LabOrderRow, item.order_id)
            assert order is not None
            import_row = session.get(ResultImportRow, hold.import_id)
            assert import_row is not None
            loinc = self._catalog.loinc_for(test, unit)
            placed = replace(received, code=loinc, code_system="LN", unit=unit)
            targets: dict[int, _Target] = {}
            outcome = self._queue(session, placed, test, unit, item, order, targets)
            if isinstance(outcome, _Hold):
                raise ValueError(HOLD_REASONS[outcome.reason])
            if outcome == ALREADY_STORED:
                raise ValueError("the order already holds this result")
            stored, _addenda = self._store_targets(session, import_row, targets)
            hold.status = "resolved"
            hold.resolved_by = self._user()
            hold.resolved_at = utc_now()
            hold.resolution = json.dumps({"order_item": order_item_id, "test": test, "unit": unit})
            result_id = session.scalars(
                select(LabResultRow.id).where(LabResultRow.order_item_id == item.id)
            ).first()
            hold.result_id = result_id
            self._audit_in(
                session,
                order.patient_id,
                {"held": held_id, "order_number": order.order_number, "test": test, "unit": unit},
                hold.import_id,
                action="result_resolve",
            )
        return stored[0]

    def dismiss_held(self, held_id: int, note: str) -> None:
        """The clinician decides a held result belongs in no record here (a note says why)."""
        if not note.strip():
            raise ValueError("say why the result is dismissed")
        with self._database.session() as session:
            hold = self._open_hold(session, held_id)
            hold.status = "dismissed"
            hold.resolved_by = self._user()
            hold.resolved_at = utc_now()
            hold.resolution = note.strip()[:500]
            self._audit_in(
                session,
                hold.patient_id,
                {"held": held_id, "note": note.strip()[:200]},
                hold.import_id,
                action="result_dismiss",
            )

    @staticmethod
    def _open_hold(session: Session, held_id: int) -> HeldResultRow:
        hold = session.get(HeldResultRow, held_id)
        if hold is None:
            raise LookupError(f"No held result with id {held_id}.")
        if hold.status != "open":
            raise ValueError(f"held result {held_id} is already {hold.status}")
        return hold

    # Audit and storage ------------------------------------------------------------------------

    def _audit_in(
        self,
        session: Session,
        patient_id: int | None,
        detail: dict[str, Any],
        import_id: int,
        action: str = "results_import",
    ) -> None:
        if self._audit is None:
            return
        entry = self._audit.append(
            session,
            action,
            username=self._user(),
            patient_id=patient_id,
            entity="result_import",
            entity_id=import_id,
            detail=detail,
        )
        self._audit.anchor(entry)

    def _audit_alone(self, detail: dict[str, Any]) -> None:
        if self._audit is not None:
            self._audit.record(
                "results_import", username=self._user(), entity="result_import", detail=detail
            )

    def _files(self) -> DocumentFiles | None:
        path = self._database.sqlite_path
        return None if path is None else DocumentFiles.beside(path)


# The `import-results` command -----------------------------------------------------------------


def add_import_results_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="an HL7 v2 ORU^R01 file or FHIR JSON")


def report_lines(report: ImportReport) -> list[str]:
    """The report as the command prints it: what was stored where, what is held and why."""
    if report.duplicate:
        return [f"{report.file_name}: already imported; nothing stored again"]
    summary = f"{report.file_name}: {len(report.stored)} stored, {len(report.held)} held"
    if report.already_stored:
        summary += f", {report.already_stored} already stored before"
    lines = [summary]
    for placed in report.stored:
        lines.append(
            f"stored {placed.test} {placed.value:g} {placed.unit} in order {placed.order_number} "
            f"(visit {placed.assessment_id})"
        )
    for visit in report.addenda:
        lines.append(f"addendum open: visit {visit} (the signed visit is kept as signed)")
    for hold in report.held:
        lines.append(f"held {hold.id} ({hold.result.position}): {hold.explanation}")
    return lines


@_reported
def run_import_results(args: argparse.Namespace) -> int:
    from clinic_desktop.knowledge import load_knowledge
    from clinic_desktop.services.audit import AuditLog
    from clinic_desktop.services.audited import AuditedAssessmentStore

    knowledge = load_knowledge()
    database = _open_database()
    try:
        audit = AuditLog(database)
        importer = ResultsImporter(
            database,
            knowledge.labs,
            audit,
            store=AuditedAssessmentStore(database, audit, lambda: None),
        )
        try:
            report = importer.import_path(Path(args.file))
        except ImportRefused as error:
            raise CommandError(f"FILE: {error}") from None
    finally:
        database.close()
    _write("".join(f"{line}\n" for line in report_lines(report)))
    return 0
