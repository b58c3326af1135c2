"""The `demo` and `check` commands: synthetic records and an installation check."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from clinic_desktop import paths
from clinic_desktop.domain.assessment import Assessment, History, LabResult, Patient
from clinic_desktop.domain.serialization import to_plain
from clinic_desktop.persistence import schema
from clinic_desktop.persistence.database import (
    Database,
    DatabaseProblem,
    open_database,
    parse_url,
    sqlite_file,
)
from clinic_desktop.persistence.health import check_database
from clinic_desktop.persistence.models import AssessmentRow, ObservationRow, PatientRow, utc_now
from clinic_desktop.persistence.observations import observation_rows
from clinic_desktop.persistence.search import search_text_for

MAX_DEMO_PATIENTS = 1_000_000
CHUNK = 5_000
# libyaml's safe loader when present: ten times faster on the clinical files.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
REQUIRED_RESOURCES = (
    ("fonts", "DejaVuSans.ttf"),
    ("fonts", "DejaVuSans-Bold.ttf"),
    ("fonts", "wqy-microhei.ttc"),
    ("fonts", "Symbola.ttf"),
)

# Synthetic people only: common Spanish and English names, accents included on purpose
# so the demo exercises accent-insensitive search.
SPANISH_FAMILY = (
    "García", "Martínez", "López", "Rodríguez", "Sánchez", "Pérez", "Gómez", "Fernández",
    "Díaz", "Muñoz", "Álvarez", "Jiménez", "Hernández", "Ruiz", "Núñez", "Peña", "Ibáñez",
    "Gutiérrez", "Márquez", "Domínguez", "Vázquez", "Ramírez", "Benítez", "Suárez",
    "Méndez", "Calderón", "Ortiz", "Navarro", "Castaño", "Torres",
)  # fmt: skip
SPANISH_GIVEN = (
    "Ana", "José", "María", "Jesús", "Inés", "Raúl", "Sofía", "Andrés", "Lucía", "Martín",
    "Begoña", "Íñigo", "Ángela", "Óscar", "Álvaro", "Mónica", "Joaquín", "Noemí", "Rubén",
    "Carmen", "José María", "María Jesús", "Héctor", "Élena", "Ramón",
)  # fmt: skip
ENGLISH_FAMILY = (
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts",
    "Walker", "O'Brien", "Hughes", "Green", "Hall", "Wood", "Clarke", "Murphy", "Kelly",
    "Lewis", "Young", "Brontë", "Mac Léod",
)  # fmt: skip
ENGLISH_GIVEN = (
    "James", "Mary", "John", "Emma", "Oliver", "Chloë", "Zoë", "Renée", "Noël", "Amelia",
    "George", "Isla", "Harry", "Grace", "Jack", "Olivia", "Thomas", "Sophie", "André",
)  # fmt: skip
PRESENTATIONS = ("nocturnal_leg_cramps", "skeletal_cramps", "fasciculations", "spasticity")
SITES = ("calf", "foot", "thigh", "hand", "back")


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--patients", type=int, default=200, metavar="N", help="how many patients to create"
    )
    parser.add_argument(
        "--seed", type=_seed, default=1, help="the same seed gives the same patients"
    )


def _seed(text: str) -> int:
    """A seed of at most 9 digits: it becomes part of every demo MRN (at most 64 characters)."""
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise argparse.ArgumentTypeError("expected a whole number of at most 9 digits")
    return int(text)


def run_demo(args: argparse.Namespace) -> int:
    count: int = args.patients
    if not 1 <= count <= MAX_DEMO_PATIENTS:
        print(
            f"clinic-desktop demo: --patients must be between 1 and {MAX_DEMO_PATIENTS:,}, "
            f"not {count}.",
            file=sys.stderr,
        )
        return 2  # the input's fault
    try:
        database = open_database()
    except DatabaseProblem as problem:
        print(f"clinic-desktop demo: {problem}", file=sys.stderr)
        return 1
    try:
        started = time.perf_counter()
        try:
            patients, visits = fill_demo(database, count, args.seed)
        except DemoExistsError as error:
            print(f"clinic-desktop demo: {error}", file=sys.stderr)
            return 2  # the input's fault: another --seed
        seconds = time.perf_counter() - started
    finally:
        database.close()
    print(f"created {patients} patients and {visits} visits in {seconds:.1f} s")
    return 0


class DemoExistsError(Exception):
    """The demo patients of this seed are already in the database."""


def demo_mrn_prefix(seed: int) -> str:
    return f"DEMO{seed}-"


def fill_demo(database: Database, count: int, seed: int) -> tuple[int, int]:
    """Insert `count` synthetic patients with some visits; return (patients, visits)."""
    prefix = demo_mrn_prefix(seed)
    with database.session() as session:
        taken = session.scalar(
            select(PatientRow.id).where(PatientRow.mrn.startswith(prefix, autoescape=True)).limit(1)
        )
    if taken is not None:
        raise DemoExistsError(
            f"demo patients of seed {seed} are already loaded; use another --seed."
        )
    rng = random.Random(seed)  # noqa: S311 -- repeatable demo data, not a secret
    visits = 0
    for start in range(0, count, CHUNK):
        people = [_person(rng, prefix, n) for n in range(start, min(count, start + CHUNK))]
        with database.session() as session:
            session.execute(insert(PatientRow), people)
            found = session.execute(
                select(PatientRow.mrn, PatientRow.id).where(
                    PatientRow.mrn.in_([p["mrn"] for p in people])
                )
            )
            ids = {mrn: patient_id for mrn, patient_id in found}
            visits += _insert_visits(session, rng, people, ids)
    return count, visits


def _person(rng: random.Random, prefix: str, n: int) -> dict[str, Any]:
    spanish = rng.random() < 0.6
    if spanish:
        family = rng.choice(SPANISH_FAMILY)
        if rng.random() < 0.5:
            family = f"{family} {rng.choice(SPANISH_FAMILY)}"
        given = rng.choice(SPANISH_GIVEN)
    else:
        family, given = rng.choice(ENGLISH_FAMILY), rng.choice(ENGLISH_GIVEN)
    born = date(1930, 1, 1) + timedelta(days=rng.randrange(28_000))
    mrn = f"{prefix}{n + 1:07d}"
    now = utc_now()
    return {
        "mrn": mrn,
        "family_name": family,
        "given_name": given,
        "birth_date": born,
        "sex": rng.choice(("female", "male")),
        "language": "es" if spanish else "en",
        "search_text": search_text_for(family, given, mrn, born),
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }


def _visit(rng: random.Random, person: dict[str, Any], day: date) -> Assessment:
    # Demo values are random numbers for exercising the screens, not clinical examples.
    return Assessment(
        patient=Patient(
            mrn=person["mrn"],
            family_name=person["family_name"],
            given_name=person["given_name"],
            birth_date=person["birth_date"],
            sex=person["sex"],
            language=person["language"],
        ),
        visit_date=day,
        history=History(
            presentations=[rng.choice(PRESENTATIONS)],
            sites=[rng.choice(SITES)],
            pain_score=rng.randint(0, 10),
        ),
        labs=[
            LabResult("magnesium", round(rng.uniform(1.2, 2.8), 1), "mg/dL"),
            LabResult("potassium", round(rng.uniform(2.9, 5.6), 1), "mmol/L"),
        ],
    )


def _insert_visits(
    session: Session, rng: random.Random, people: list[dict[str, Any]], ids: dict[str, int]
) -> int:
    rows: list[dict[str, Any]] = []
    documents: list[Assessment] = []
    for person in people:
        if rng.random() >= 0.2:
            continue
        day = date(2026, 1, 1) - timedelta(days=rng.randrange(1_500))
        for number in range(rng.randint(1, 3)):
            assessment = _visit(rng, person, day + timedelta(days=90 * number))
            now = utc_now()
            rows.append(
                {
                    "patient_id": ids[person["mrn"]],
                    "status": "signed",
                    "visit_date": assessment.visit_date,
                    "document": json.dumps(to_plain(assessment), ensure_ascii=False),
                    "version": 2,
                    "created_at": now,
                    "updated_at": now,
                    "created_by": "demo",
                    "signed_by": "demo",
                    "signed_at": now,
                }
            )
            documents.append(assessment)
    if not rows:
        return 0
    new_ids = session.scalars(
        insert(AssessmentRow).returning(AssessmentRow.id, sort_by_parameter_order=True), rows
    ).all()
    observations = [
        {"assessment_id": assessment_id, **row}
        for assessment_id, assessment in zip(new_ids, documents, strict=True)
        for row in observation_rows(assessment)
    ]
    session.execute(insert(ObservationRow), observations)
    return len(rows)


def installation_problems() -> tuple[list[str], int]:
    """What is missing from the installed program, and how many clinical files it found."""
    try:
        root = paths.resources_dir()
    except FileNotFoundError as error:
        return [str(error)], 0
    problems = [
        f"The installation lacks {'/'.join(parts)}; reinstall the program."
        for parts in REQUIRED_RESOURCES
        if not root.joinpath(*parts).is_file()
    ]
    clinical = sorted((root / "clinical").glob("*.yaml"))
    if not clinical:
        problems.append("The installation has no clinical knowledge files; reinstall the program.")
    problems += [problem for path in _yaml_files(root) if (problem := _yaml_problem(path))]
    try:
        schema.head_revision()
    except Exception as error:
        problems.append(f"The database migrations are missing or broken ({error}).")
    return problems, len(clinical)


def _yaml_files(root: Path) -> Iterator[Path]:
    yield from sorted(root.rglob("*.yaml"))


def _yaml_problem(path: Path) -> str:
    try:
        yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        return f"The resource file {path.name} cannot be read: {first_line}."
    return ""


def run_check(args: argparse.Namespace) -> int:
    """Print "ok: ..." and return 0, or print one line on stderr and return 1."""
    problems, clinical_files = installation_problems()
    if not problems:
        problems = _database_problems()
    if problems:
        print(f"clinic-desktop check: {'; '.join(problems)}", file=sys.stderr)
        return 1
    url = parse_url(None).render_as_string(hide_password=True)
    print(
        f"ok: installation complete ({clinical_files} clinical files); "
        f"database {url} passed its integrity check at schema {schema.head_revision()}"
    )
    return 0


def _database_problems() -> list[str]:
    try:
        path = sqlite_file(parse_url(None))
        if path is not None and not path.exists():
            # A first run: create the database as the program would, then check it.
            open_database().close()
    except DatabaseProblem as problem:
        return [str(problem)]
    return check_database()
