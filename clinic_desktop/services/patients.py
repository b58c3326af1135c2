"""The patient registry: register, edit, validate and find patients as the clinician types."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, column, func, or_, select, table, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinic_desktop.domain.identifiers import IdentifierError, normalise_mrn
from clinic_desktop.domain.vocabulary import LANGUAGES, SEXES
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import AssessmentRow, PatientRow, utc_now
from clinic_desktop.persistence.search import (
    birth_date_ranges,
    fts5_query,
    like_pattern,
    merged,
    query_terms,
    search_text_for,
)

MAX_NAME_LENGTH = 200
# Up to this many typed characters search family-name starts through an ordered index.
SHORT_PREFIX = 2
# A search matching more patients than this sorts only this many, the most recently
# registered: sorting every match by name (100,000 for "gar" among 1,000,000) takes more than
# a frame, and a list of 200 asks for more typing anyway. Fewer matches are all sorted.
MATCH_CAP = 500
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_FIRST_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class PatientSummary:
    id: int
    mrn: str
    family_name: str
    given_name: str
    birth_date: date
    sex: str | None
    language: str | None

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"


@dataclass(frozen=True)
class VisitSummary:
    id: int
    visit_date: date | None
    status: str
    updated_at: datetime
    signed_by: str | None


@dataclass
class PatientInput:
    """What the registration form holds, as typed: the birth date is still text."""

    mrn: str
    family_name: str
    given_name: str
    birth_date: str
    sex: str | None = None
    language: str | None = None


class PatientValidationError(ValueError):
    """The input has mistakes; `errors` maps each field's name to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


def parse_birth_date(value: str, today: date) -> date:
    """A birth date typed as YYYY-MM-DD or DD/MM/YYYY; ValueError says what is wrong."""
    typed = value.strip()
    if not typed:
        raise ValueError("Birth date is required.")
    try:
        if _ISO_DATE.match(typed):
            parsed = date.fromisoformat(typed)
        elif match := _DAY_FIRST_DATE.match(typed):
            day, month, year = (int(part) for part in match.groups())
            parsed = date(year, month, day)
        else:
            raise ValueError("Birth date must be written YYYY-MM-DD or DD/MM/YYYY.")
    except ValueError as error:
        if "must be written" in str(error):
            raise
        raise ValueError(f"Birth date {typed} is not a real date.") from None
    if parsed > today:
        raise ValueError(f"Birth date {typed} is in the future.")
    return parsed


def _optional_choice(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def validate_fields(data: PatientInput, today: date) -> dict[str, str]:
    """Mistakes that need no database: field name -> message. MRN uniqueness is checked apart."""
    errors: dict[str, str] = {}
    try:
        normalise_mrn(data.mrn)
    except IdentifierError as error:
        errors["mrn"] = str(error)
    for field, label in (("family_name", "Family name"), ("given_name", "Given name")):
        name = getattr(data, field).strip()
        if not name:
            errors[field] = f"{label} is required."
        elif len(name) > MAX_NAME_LENGTH:
            errors[field] = f"{label} is longer than {MAX_NAME_LENGTH} characters."
        elif problem := _text_problem(name):
            errors[field] = f"{label} {problem}"
    try:
        parse_birth_date(data.birth_date, today)
    except ValueError as error:
        errors["birth_date"] = str(error)
    sex = _optional_choice(data.sex)
    if sex is not None and sex not in SEXES:
        errors["sex"] = f"Sex must be one of: {', '.join(SEXES)}."
    language = _optional_choice(data.language)
    if language is not None and language not in LANGUAGES:
        errors["language"] = f"Language must be one of: {', '.join(LANGUAGES)}."
    return errors


def _text_problem(text: str) -> str | None:
    """What makes a name unprintable and unstorable: control characters, broken UTF-16 halves."""
    for character in text:
        category = unicodedata.category(character)
        if category == "Cs":
            return "holds a broken character (half of a UTF-16 pair); type it again."
        if category == "Cc":
            return f"holds a control character (U+{ord(character):04X})."
    return None


def _duplicate_mrn_message(mrn: str) -> str:
    return f"MRN {mrn} already belongs to another patient."


# In the order of PatientSummary's fields, so a row unpacks straight into one.
_SUMMARY_COLUMNS = (
    PatientRow.id,
    PatientRow.mrn,
    PatientRow.family_name,
    PatientRow.given_name,
    PatientRow.birth_date,
    PatientRow.sex,
    PatientRow.language,
)
AfterCommit = Callable[[], None]
_SummarySelect = Select[int, str, str, str, date, str | None, str | None]
_PATIENTS_FTS = table("patients_fts", column("rowid"))


class PatientRegistry:
    """Patients in one database; every call is its own unit of work, safe from any thread."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def validate(
        self, data: PatientInput, patient_id: int | None = None, *, today: date | None = None
    ) -> dict[str, str]:
        """Every mistake in `data`, by field; `patient_id` is the patient being edited, if any."""
        errors = validate_fields(data, today or date.today())
        if "mrn" not in errors:
            mrn = normalise_mrn(data.mrn)
            with self._database.session() as session:
                owner = self._mrn_owner(session, mrn)
            if owner is not None and owner != patient_id:
                errors["mrn"] = _duplicate_mrn_message(mrn)
        return errors

    def search(self, text: str, limit: int = 200) -> list[PatientSummary]:
        """Patients whose name, MRN or birth date match every typed word, by name.

        Matching ignores accents and case; a birth date matches typed as YYYY-MM-DD or
        DD/MM/YYYY. Empty text lists the most recently updated patients; one or two
        letters list the family names that start with them.
        """
        statement, parameters = self.search_query(text, limit)
        # A plain Core read: the ORM's per-row bookkeeping costs more than the query.
        with self._database.engine.connect() as connection:
            return [PatientSummary(*row) for row in connection.execute(statement, parameters)]

    def search_query(self, text: str, limit: int = 200) -> tuple[_SummarySelect, dict[str, Any]]:
        """The statement `search` runs and its parameters (benchmarks time it bare).

        A typed date, whole or its first part ("1961-04", "02/04/19"), finds birth dates
        through their index; the other words must then appear in the search text. Words
        alone go to the full-text index (SQLite) or the trigram index (PostgreSQL); when
        more than MATCH_CAP patients match, the most recently registered MATCH_CAP of
        them are sorted by name.
        """
        terms = query_terms(text)
        parameters: dict[str, Any] = {"row_limit": limit}
        if not terms:
            return _recent_patients(), parameters
        if len(terms) == 1 and len(terms[0]) <= SHORT_PREFIX:
            low = terms[0]
            parameters.update(low=low, high=low[:-1] + chr(min(ord(low[-1]) + 1, 0x10FFFF)))
            return _family_name_prefix(not self._database.is_sqlite), parameters
        today = date.today()
        dated = [(term, birth_date_ranges(term, today)) for term in terms]
        if any(ranges is not None for _term, ranges in dated):
            return self._dated_search(dated, parameters)
        parameters["match_cap"] = MATCH_CAP
        if self._database.is_sqlite:
            parameters["fts_query"] = fts5_query(terms)
            return _sqlite_search(), parameters
        parameters.update({f"term_{n}": like_pattern(term) for n, term in enumerate(terms)})
        return _server_search(len(terms)), parameters

    def _dated_search(
        self, dated: list[tuple[str, list[tuple[date, date]] | None]], parameters: dict[str, Any]
    ) -> tuple[_SummarySelect, dict[str, Any]]:
        words = [term for term, ranges in dated if ranges is None]
        shape: list[int] = []
        for n, (_term, ranges) in enumerate(item for item in dated if item[1] is not None):
            days, spans = merged(ranges or [])
            parameters[f"days_{n}"] = days
            for m, (low, high) in enumerate(spans):
                parameters[f"low_{n}_{m}"], parameters[f"high_{n}_{m}"] = low, high
            shape.append(len(spans))
        parameters.update({f"word_{n}": like_pattern(term) for n, term in enumerate(words)})
        return _dated_search(tuple(shape), len(words), not self._database.is_sqlite), parameters

    def get(self, patient_id: int) -> PatientSummary:
        with self._database.session() as session:
            row = session.execute(
                select(*_SUMMARY_COLUMNS).where(PatientRow.id == patient_id)
            ).one_or_none()
        if row is None:
            raise LookupError(f"No patient with id {patient_id}.")
        return PatientSummary(*row)

    def find_by_mrn(self, mrn: str) -> PatientSummary | None:
        """The patient with this MRN, however it was typed (normalised first); None if none."""
        try:
            normal = normalise_mrn(mrn)
        except IdentifierError:
            return None
        with self._database.session() as session:
            row = session.execute(
                select(*_SUMMARY_COLUMNS).where(PatientRow.mrn == normal)
            ).one_or_none()
        return None if row is None else PatientSummary(*row)

    def create(self, data: PatientInput, *, today: date | None = None) -> PatientSummary:
        """Register a new patient; PatientValidationError names each field that is wrong."""
        errors = self.validate(data, today=today)
        if errors:
            raise PatientValidationError(errors)
        row = PatientRow()
        self._fill(row, data, today or date.today())
        with self._database.session() as session:
            session.add(row)
            try:
                session.flush()
            except IntegrityError:
                # Someone registered the same MRN between our check and our insert.
                raise PatientValidationError({"mrn": _duplicate_mrn_message(row.mrn)}) from None
            summary = self._row_summary(row)
            after_commit = self._before_commit(session, "create", summary)
        after_commit()
        return summary

    def update(
        self, patient_id: int, data: PatientInput, *, today: date | None = None
    ) -> PatientSummary:
        """Change a patient's details; LookupError if there is no such patient."""
        self.get(patient_id)
        errors = self.validate(data, patient_id, today=today)
        if errors:
            raise PatientValidationError(errors)
        with self._database.session() as session:
            row = session.get(PatientRow, patient_id)
            if row is None:
                raise LookupError(f"No patient with id {patient_id}.")
            self._fill(row, data, today or date.today())
            row.updated_at = utc_now()
            row.version += 1
            try:
                session.flush()
            except IntegrityError:
                raise PatientValidationError(
                    {"mrn": _duplicate_mrn_message(normalise_mrn(data.mrn))}
                ) from None
            summary = self._row_summary(row)
            after_commit = self._before_commit(session, "update", summary)
        after_commit()
        return summary

    def visits(self, patient_id: int) -> list[VisitSummary]:
        """The patient's assessments, newest visit first."""
        statement = (
            select(
                AssessmentRow.id,
                AssessmentRow.visit_date,
                AssessmentRow.status,
                AssessmentRow.updated_at,
                AssessmentRow.signed_by,
            )
            .where(AssessmentRow.patient_id == patient_id)
            .order_by(
                AssessmentRow.visit_date.desc().nulls_last(),
                AssessmentRow.updated_at.desc(),
                AssessmentRow.id.desc(),
            )
        )
        with self._database.session() as session:
            rows = session.execute(statement).all()
        return [
            VisitSummary(
                id=row.id,
                visit_date=row.visit_date,
                status=row.status,
                updated_at=row.updated_at,
                signed_by=row.signed_by,
            )
            for row in rows
        ]

    def count(self) -> int:
        with self._database.session() as session:
            return session.scalar(select(func.count()).select_from(PatientRow)) or 0

    def _before_commit(self, session: Session, kind: str, patient: PatientSummary) -> AfterCommit:
        """Runs inside a "create" or "update" transaction, last; returns what to do once it commits.

        Anything added to `session` here commits or rolls back with the change; an
        exception here rolls the change back. The plain registry adds nothing.
        """
        return _nothing_after_commit

    @staticmethod
    def _mrn_owner(session: Session, mrn: str) -> int | None:
        return session.scalar(select(PatientRow.id).where(PatientRow.mrn == mrn))

    @staticmethod
    def _fill(row: PatientRow, data: PatientInput, today: date) -> None:
        row.mrn = normalise_mrn(data.mrn)
        row.family_name = data.family_name.strip()
        row.given_name = data.given_name.strip()
        row.birth_date = parse_birth_date(data.birth_date, today)
        row.sex = _optional_choice(data.sex)
        row.language = _optional_choice(data.language)
        row.search_text = search_text_for(row.family_name, row.given_name, row.mrn, row.birth_date)

    @staticmethod
    def _row_summary(row: PatientRow) -> PatientSummary:
        return PatientSummary(
            id=row.id,
            mrn=row.mrn,
            family_name=row.family_name,
            given_name=row.given_name,
            birth_date=row.birth_date,
            sex=row.sex,
            language=row.language,
        )


def _nothing_after_commit() -> None:
    return None


# The statements are built once (per number of typed words) and bound on each keystroke.
@cache
def _recent_patients() -> _SummarySelect:
    return (
        select(*_SUMMARY_COLUMNS)
        .order_by(PatientRow.updated_at.desc(), PatientRow.id.desc())
        .limit(bindparam("row_limit"))
    )


@cache
def _family_name_prefix(byte_order: bool) -> _SummarySelect:
    """Family names in [low, high): the search text starts with the family name."""
    key: Any = PatientRow.search_text.collate("C") if byte_order else PatientRow.search_text
    return (
        select(*_SUMMARY_COLUMNS)
        .where(key >= bindparam("low"), key < bindparam("high"))
        .order_by(key, PatientRow.id)
        .limit(bindparam("row_limit"))
    )


@cache
def _sqlite_search() -> _SummarySelect:
    # FTS5 hands back matching rows in rowid order and stops at the cap, without sorting.
    capped = (
        select(_PATIENTS_FTS.c.rowid)
        .where(text("patients_fts MATCH :fts_query"))
        .order_by(_PATIENTS_FTS.c.rowid.desc())
        .limit(bindparam("match_cap"))
    )
    return (
        select(*_SUMMARY_COLUMNS)
        .where(PatientRow.id.in_(capped))
        # The normalised text sorts "Gárcia" beside "Garcia".
        .order_by(PatientRow.search_text, PatientRow.id)
        .limit(bindparam("row_limit"))
    )


@cache
def _server_search(term_count: int) -> _SummarySelect:
    matches = (
        PatientRow.search_text.like(bindparam(f"term_{n}"), escape="\\") for n in range(term_count)
    )
    capped = (
        select(PatientRow.id)
        .where(and_(*matches))
        .order_by(PatientRow.id.desc())
        .limit(bindparam("match_cap"))
    )
    return (
        select(*_SUMMARY_COLUMNS)
        .where(PatientRow.id.in_(capped))
        # Byte order ("C") so PostgreSQL's locale does not reorder the list SQLite shows.
        .order_by(PatientRow.search_text.collate("C"), PatientRow.id)
        .limit(bindparam("row_limit"))
    )


@cache
def _dated_search(shape: tuple[int, ...], word_count: int, byte_order: bool) -> _SummarySelect:
    """Birth dates through their index: per date term, its single days and its longer ranges."""
    dates = [
        or_(
            PatientRow.birth_date.in_(bindparam(f"days_{n}", expanding=True)),
            *(
                and_(
                    PatientRow.birth_date >= bindparam(f"low_{n}_{m}"),
                    PatientRow.birth_date < bindparam(f"high_{n}_{m}"),
                )
                for m in range(spans)
            ),
        )
        for n, spans in enumerate(shape)
    ]
    words = (
        PatientRow.search_text.like(bindparam(f"word_{n}"), escape="\\") for n in range(word_count)
    )
    key: Any = PatientRow.search_text.collate("C") if byte_order else PatientRow.search_text
    return (
        select(*_SUMMARY_COLUMNS)
        .where(and_(*dates, *words))
        .order_by(key, PatientRow.id)
        .limit(bindparam("row_limit"))
    )
