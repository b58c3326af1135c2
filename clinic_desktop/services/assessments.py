"""Assessments over their life: start, autosave as a draft, sign, amend, and keep printed documents.

Every save names the version it started from; a save over a newer version raises
ConflictError instead of silently overwriting another clinician's work. Signed
assessments are read-only; a correction is an amendment that keeps the original.
Every change calls `_before_commit` inside its own transaction, so a subclass can
add to that transaction (the audited store appends the change's audit entry).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from clinic_desktop.domain.assessment import Assessment
from clinic_desktop.domain.careplan import CarePlan, VisitDecisions
from clinic_desktop.domain.serialization import from_plain, to_plain
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.documents import DocumentFiles, DocumentProblem
from clinic_desktop.persistence.models import (
    AssessmentRow,
    DocumentRow,
    ObservationRow,
    PatientRow,
    utc_now,
)
from clinic_desktop.persistence.observations import observation_rows


@dataclass(frozen=True)
class StoredAssessment:
    id: int
    patient_id: int
    status: str
    version: int
    assessment: Assessment
    care_plan: CarePlan | None
    updated_at: datetime
    signed_by: str | None
    signed_at: datetime | None
    amends_id: int | None
    decisions: VisitDecisions | None = None

    @property
    def read_only(self) -> bool:
        return self.status != "draft"


AfterCommit = Callable[[], None]


@dataclass(frozen=True)
class AssessmentChange:
    """One change about to commit: what it was, to which assessment, and its particulars."""

    kind: str  # "start", "save", "sign", "amend" or "document"
    assessment_id: int
    patient_id: int
    detail: Mapping[str, object]


def _nothing_after_commit() -> None:
    return None


class ConflictError(Exception):
    """Someone else saved this assessment after it was opened here."""


class ReadOnlyError(Exception):
    """The assessment is signed; corrections go into an amendment."""


def _dumps(value: Any) -> str:
    return json.dumps(to_plain(value), ensure_ascii=False, sort_keys=True)


def _care_plan(text: str | None) -> CarePlan | None:
    if text is None:
        return None
    return from_plain(CarePlan, json.loads(text))


def _stored(row: AssessmentRow) -> StoredAssessment:
    return StoredAssessment(
        id=row.id,
        patient_id=row.patient_id,
        status=row.status,
        version=row.version,
        assessment=from_plain(Assessment, json.loads(row.document)),
        care_plan=_care_plan(row.care_plan),
        updated_at=row.updated_at,
        signed_by=row.signed_by,
        signed_at=row.signed_at,
        amends_id=row.amends_id,
        decisions=None
        if row.decisions is None
        else from_plain(VisitDecisions, json.loads(row.decisions)),
    )


def _write_observations(session: Session, assessment_id: int, assessment: Assessment) -> None:
    session.execute(delete(ObservationRow).where(ObservationRow.assessment_id == assessment_id))
    rows = observation_rows(assessment)
    if rows:
        session.execute(
            insert(ObservationRow), [{"assessment_id": assessment_id, **row} for row in rows]
        )


class AssessmentStore:
    """Assessments in one database; each call is its own unit of work, safe from any thread."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def start(
        self,
        patient_id: int,
        assessment: Assessment,
        user: str | None = None,
        decisions: VisitDecisions | None = None,
    ) -> StoredAssessment:
        """A new draft for a registered patient; LookupError if there is no such patient.

        `decisions` start with the draft (a follow-up's marks of what it carried forward).
        """
        with self._database.session() as session:
            if session.get(PatientRow, patient_id) is None:
                raise LookupError(f"No patient with id {patient_id}.")
            now = utc_now()
            row = AssessmentRow(
                patient_id=patient_id,
                status="draft",
                visit_date=assessment.visit_date,
                document=_dumps(assessment),
                decisions=None if decisions is None else _dumps(decisions),
                version=1,
                created_at=now,
                updated_at=now,
                created_by=user,
            )
            session.add(row)
            session.flush()
            _write_observations(session, row.id, assessment)
            stored = _stored(row)
            after_commit = self._before_commit(
                session,
                AssessmentChange(
                    "start", row.id, patient_id, {"version": stored.version, "new": True}
                ),
            )
        after_commit()
        return stored

    def load(self, assessment_id: int) -> StoredAssessment:
        with self._database.session() as session:
            return _stored(self._row(session, assessment_id))

    def save_draft(
        self,
        assessment_id: int,
        assessment: Assessment,
        care_plan: CarePlan | None,
        expected_version: int,
        decisions: VisitDecisions | None = None,
    ) -> int:
        """Store the draft's new content and return its new version.

        `decisions` (lab-order ticks, red-flag acknowledgements) are kept when given.
        ConflictError if the stored version is no longer `expected_version`;
        ReadOnlyError if the assessment has been signed.
        """
        values: dict[str, Any] = {
            "document": _dumps(assessment),
            "care_plan": None if care_plan is None else _dumps(care_plan),
            "visit_date": assessment.visit_date,
        }
        if decisions is not None:
            values["decisions"] = _dumps(decisions)
        with self._database.session() as session:
            new_version = self._guarded_update(session, assessment_id, expected_version, **values)
            _write_observations(session, assessment_id, assessment)
            patient_id = session.execute(
                select(AssessmentRow.patient_id).where(AssessmentRow.id == assessment_id)
            ).scalar_one()
            after_commit = self._before_commit(
                session,
                AssessmentChange("save", assessment_id, patient_id, {"version": new_version}),
            )
        after_commit()
        return new_version

    def latest_draft(self, patient_id: int) -> StoredAssessment | None:
        """The patient's most recently saved unsigned assessment, to resume it."""
        with self._database.session() as session:
            row = session.scalars(
                select(AssessmentRow)
                .where(AssessmentRow.patient_id == patient_id, AssessmentRow.status == "draft")
                .order_by(AssessmentRow.updated_at.desc(), AssessmentRow.id.desc())
                .limit(1)
            ).first()
            return None if row is None else _stored(row)

    def current_visits(self, patient_id: int) -> list[StoredAssessment]:
        """The patient's visits as they stand (drafts and signed; not versions since amended),
        oldest first: what a comparison chooses from and trends are drawn over."""
        with self._database.session() as session:
            rows = session.scalars(
                select(AssessmentRow)
                .where(AssessmentRow.patient_id == patient_id, AssessmentRow.status != "amended")
                .order_by(
                    AssessmentRow.visit_date.asc().nulls_last(),
                    AssessmentRow.signed_at.asc(),
                    AssessmentRow.id.asc(),
                )
            ).all()
            return [_stored(row) for row in rows]

    def latest_signed(self, patient_id: int) -> StoredAssessment | None:
        """The patient's last signed visit (the newest version of it), for a follow-up to start from."""
        with self._database.session() as session:
            row = session.scalars(
                select(AssessmentRow)
                .where(AssessmentRow.patient_id == patient_id, AssessmentRow.status == "signed")
                .order_by(
                    AssessmentRow.visit_date.desc(),
                    AssessmentRow.signed_at.desc(),
                    AssessmentRow.id.desc(),
                )
                .limit(1)
            ).first()
            return None if row is None else _stored(row)

    def visits_on(self, patient_id: int, day: date) -> list[StoredAssessment]:
        """The patient's visits dated `day` that are current (drafts and signed, not amended)."""
        with self._database.session() as session:
            rows = session.scalars(
                select(AssessmentRow)
                .where(
                    AssessmentRow.patient_id == patient_id,
                    AssessmentRow.visit_date == day,
                    AssessmentRow.status != "amended",
                )
                .order_by(AssessmentRow.id)
            ).all()
            return [_stored(row) for row in rows]

    def sign(
        self,
        assessment_id: int,
        user: str,
        care_plan: CarePlan,
        expected_version: int,
        decisions: VisitDecisions | None = None,
    ) -> StoredAssessment:
        """Sign the draft with its final care plan; from now on it is read-only.

        The caller has checked the clinician's password (the signature's second component);
        who signed and when are stored with the row and in the audit entry.
        """
        if not user.strip():
            raise ValueError("Signing needs the clinician's user name.")
        now = utc_now()
        values: dict[str, Any] = {
            "care_plan": _dumps(care_plan),
            "status": "signed",
            "signed_by": user,
            "signed_at": now,
        }
        if decisions is not None:
            values["decisions"] = _dumps(decisions)
        with self._database.session() as session:
            self._guarded_update(session, assessment_id, expected_version, **values)
            stored = _stored(self._row(session, assessment_id))
            after_commit = self._before_commit(
                session,
                AssessmentChange(
                    "sign",
                    assessment_id,
                    stored.patient_id,
                    {
                        "version": stored.version,
                        "signed_by": user,
                        "signed_at": now.isoformat(),
                        "meaning": "author",
                    },
                ),
            )
        after_commit()
        return stored

    def amend(self, assessment_id: int, user: str, reason: str) -> StoredAssessment:
        """Open a correction: a new draft copied from the signed original, which is kept."""
        if not reason.strip():
            raise ValueError("An amendment needs a reason.")
        with self._database.session() as session:
            original = self._row(session, assessment_id)
            if original.status == "draft":
                raise ValueError(
                    f"Assessment {assessment_id} is not signed yet: edit the draft instead."
                )
            marked = session.execute(
                update(AssessmentRow)
                .where(AssessmentRow.id == assessment_id, AssessmentRow.status == "signed")
                .values(status="amended", version=AssessmentRow.version + 1)
            )
            if marked.rowcount != 1:  # type: ignore[attr-defined]
                raise ConflictError(
                    f"Assessment {assessment_id} has already been amended; "
                    "open the latest amendment instead."
                )
            now = utc_now()
            copy = AssessmentRow(
                patient_id=original.patient_id,
                status="draft",
                visit_date=original.visit_date,
                document=original.document,
                care_plan=original.care_plan,
                decisions=original.decisions,
                version=1,
                created_at=now,
                updated_at=now,
                created_by=user,
                amends_id=original.id,
                amendment_reason=reason.strip(),
            )
            session.add(copy)
            session.flush()
            _write_observations(session, copy.id, from_plain(Assessment, json.loads(copy.document)))
            stored = _stored(copy)
            after_commit = self._before_commit(
                session,
                AssessmentChange(
                    "amend", copy.id, copy.patient_id, {"amends": assessment_id, "reason": reason}
                ),
            )
        after_commit()
        return stored

    def history(self, assessment_id: int) -> list[StoredAssessment]:
        """Every version in the amendment chain holding `assessment_id`, the original first."""
        with self._database.session() as session:
            row = self._row(session, assessment_id)
            while row.amends_id is not None:
                row = self._row(session, row.amends_id)
            chain = [row]
            while True:
                later = session.scalars(
                    select(AssessmentRow)
                    .where(AssessmentRow.amends_id == chain[-1].id)
                    .order_by(AssessmentRow.id)
                ).first()
                if later is None:
                    break
                chain.append(later)
            return [_stored(item) for item in chain]

    def store_document(
        self, assessment_id: int, kind: str, language: str, content: bytes, user: str | None
    ) -> str:
        """Keep a printed document (a care-plan PDF, say) exactly as given; return its SHA-256.

        On SQLite the bytes become an immutable file named by the hash beside the database,
        written before the row that names it commits; on PostgreSQL they stay in the row.
        """
        digest = hashlib.sha256(content).hexdigest()
        files = self._document_files()
        if files is not None:
            files.put(content)
        with self._database.session() as session:
            row = self._row(session, assessment_id)
            session.add(
                DocumentRow(
                    assessment_id=assessment_id,
                    kind=kind,
                    language=language,
                    sha256=digest,
                    content=None if files is not None else content,
                    created_at=utc_now(),
                    created_by=user,
                )
            )
            after_commit = self._before_commit(
                session,
                AssessmentChange(
                    "document",
                    assessment_id,
                    row.patient_id,
                    {"kind": kind, "language": language, "sha256": digest},
                ),
            )
        after_commit()
        return digest

    def documents(self, assessment_id: int) -> list[tuple[int, str, str, str, datetime]]:
        """(id, kind, language, sha256, created_at) of the assessment's documents, oldest first."""
        with self._database.session() as session:
            rows = session.execute(
                select(
                    DocumentRow.id,
                    DocumentRow.kind,
                    DocumentRow.language,
                    DocumentRow.sha256,
                    DocumentRow.created_at,
                )
                .where(DocumentRow.assessment_id == assessment_id)
                .order_by(DocumentRow.created_at, DocumentRow.id)
            ).all()
        return [(row[0], row[1], row[2], row[3], row[4]) for row in rows]

    def document_content(self, document_id: int) -> bytes:
        """The document's bytes, only after they match the hash kept when it was printed.

        LookupError for no such document; DocumentProblem when its bytes are missing or
        changed (the message says to restore the newest backup).
        """
        with self._database.session() as session:
            found = session.execute(
                select(DocumentRow.sha256, DocumentRow.content).where(DocumentRow.id == document_id)
            ).one_or_none()
        if found is None:
            raise LookupError(f"No document with id {document_id}.")
        digest, content = found
        if content is None:
            files = self._document_files()
            if files is None:
                raise DocumentProblem(f"The signed document {digest[:12]}… has no content.")
            return files.get(digest)
        if hashlib.sha256(content).hexdigest() != digest:
            raise DocumentProblem(
                f"The signed document {digest[:12]}… no longer matches its hash; "
                "restore the newest backup to bring it back."
            )
        return content

    def _document_files(self) -> DocumentFiles | None:
        path = self._database.sqlite_path
        return None if path is None else DocumentFiles.beside(path)

    def _before_commit(self, session: Session, change: AssessmentChange) -> AfterCommit:
        """Runs inside the change's transaction, last, and returns what to do once it commits.

        Anything added to `session` here commits or rolls back with the change; an
        exception here rolls the change back. The plain store adds nothing.
        """
        return _nothing_after_commit

    @staticmethod
    def _row(session: Session, assessment_id: int) -> AssessmentRow:
        row = session.get(AssessmentRow, assessment_id)
        if row is None:
            raise LookupError(f"No assessment with id {assessment_id}.")
        return row

    def _guarded_update(
        self, session: Session, assessment_id: int, expected_version: int, **values: Any
    ) -> int:
        """UPDATE only the draft at `expected_version`, in one statement so two writers
        on two connections cannot both succeed; explain why when no row matched."""
        new_version = expected_version + 1
        result = session.execute(
            update(AssessmentRow)
            .where(
                AssessmentRow.id == assessment_id,
                AssessmentRow.version == expected_version,
                AssessmentRow.status == "draft",
            )
            .values(version=new_version, updated_at=utc_now(), **values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            return new_version
        row = self._row(session, assessment_id)
        if row.status != "draft":
            raise ReadOnlyError(
                f"Assessment {assessment_id} is {row.status} and cannot be changed; "
                "amend it to make a correction."
            )
        raise ConflictError(
            f"Assessment {assessment_id} was saved elsewhere (version {row.version}, "
            f"you had {expected_version}); reload it to see the other changes."
        )
