"""Real databases for integration tests: a SQLite file, and PostgreSQL when a server is configured.

PostgreSQL tests work in schemas of their own, chosen through the URL's search_path,
so they never see the rows of another test run on the same server: one migrated
schema per run, emptied before each test, and fresh empty ones for migration tests.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from clinic_desktop.persistence.database import Database, open_database
from clinic_desktop.persistence.models import Base

POSTGRES_URL_ENV = "CLINIC_DESKTOP_TEST_POSTGRES_URL"


def postgres_server_url() -> str:
    """The test server's URL; skips the test locally, fails it on CI, when none is set."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_URL_ENV} is not set: CI must run the PostgreSQL tests")
        pytest.skip(f"{POSTGRES_URL_ENV} is not set")
    return url


@contextmanager
def fresh_postgres_schema() -> Iterator[str]:
    """A URL whose search_path points at a new, empty schema on the test server; dropped after."""
    server = postgres_server_url()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            # Shared by every test schema; created once so parallel migrations do not race.
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(server).update_query_dict({"options": f"-csearch_path={schema},public"})
        yield url.render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def shared_postgres() -> Iterator[tuple[str, Engine]]:
    """One migrated schema for the whole run; migrating afresh per test took most of the time."""
    with fresh_postgres_schema() as url:
        open_database(url).close()
        engine = create_engine(url)
        try:
            yield url, engine
        finally:
            engine.dispose()


@pytest.fixture
def postgres_url(shared_postgres: tuple[str, Engine]) -> str:
    """The shared migrated schema, emptied of every row before the test."""
    url, engine = shared_postgres
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return url


@pytest.fixture
def empty_postgres_url() -> Iterator[str]:
    """A schema of its own with no tables at all, for tests of migrations."""
    with fresh_postgres_schema() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'records' / 'clinic.sqlite3'}"


BOTH_DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BOTH_DATABASES)
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test runs once against a real SQLite file and once against PostgreSQL, no rows."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(params=BOTH_DATABASES)
def empty_database_url(request: pytest.FixtureRequest) -> str:
    """Like `database_url`, but without any tables: the migrations have not run."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("empty_postgres_url"))


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """An open, migrated database, closed after the test."""
    opened = open_database(database_url)
    try:
        yield opened
    finally:
        opened.close()
