"""Accounts against real databases: argon2id hashes, lockout, roles, and no password in clear anywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clinic_desktop.persistence.database import Database
from clinic_desktop.services.accounts import (
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    AccountError,
    AccountService,
    AuthenticationError,
)
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.audit_chain import AuditKey

PASSWORD = "Correct-Horse-7391"


@pytest.fixture
def accounts(database: Database, tmp_path: Path) -> AccountService:
    return AccountService(database, AuditLog(database, AuditKey(tmp_path / "keys" / "audit.key")))


def test_first_run_creates_the_administrator_once(accounts: AccountService) -> None:
    assert not accounts.has_users()
    admin = accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    assert admin.role == "administrator"
    assert admin.may("manage_users") and not admin.may("sign")
    with pytest.raises(AccountError):
        accounts.create_first_administrator("other", "Other", PASSWORD)


def test_roles_decide_what_a_user_may_do(accounts: AccountService) -> None:
    admin = accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    doctor = accounts.add_user(admin, "dr.ruiz", "Dr Ruiz", "clinician", PASSWORD)
    desk = accounts.add_user(admin, "desk", "Front Desk", "front_desk", PASSWORD)
    assert doctor.may("sign") and doctor.may("assess")
    assert desk.may("register") and desk.may("print") and not desk.may("sign")
    with pytest.raises(AccountError, match="administrator"):
        accounts.add_user(doctor, "x", "X", "clinician", PASSWORD)
    changed = accounts.set_role(admin, "desk", "clinician")
    assert changed.may("sign")


def test_a_taken_user_name_and_a_short_password_name_their_field(accounts: AccountService) -> None:
    admin = accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    with pytest.raises(AccountError) as taken:
        accounts.add_user(admin, "admin", "Again", "clinician", PASSWORD)
    assert taken.value.field == "username"
    with pytest.raises(AccountError) as short:
        accounts.add_user(admin, "new", "New", "clinician", "short")
    assert short.value.field == "password"


def test_repeated_failures_lock_the_account_for_a_while(accounts: AccountService) -> None:
    accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(AuthenticationError, match="Wrong user name or password"):
            accounts.authenticate("admin", "wrong-password", now=start)
    with pytest.raises(AuthenticationError, match="locked"):
        accounts.authenticate("admin", PASSWORD, now=start + timedelta(minutes=1))
    later = start + LOCKOUT + timedelta(seconds=1)
    assert accounts.authenticate("admin", PASSWORD, now=later).username == "admin"


def test_password_change_needs_the_old_password(accounts: AccountService) -> None:
    accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    with pytest.raises(AuthenticationError):
        accounts.change_password("admin", "not-it-at-all", "Another-Pass-2026")
    accounts.change_password("admin", PASSWORD, "Another-Pass-2026")
    assert accounts.authenticate("admin", "Another-Pass-2026").username == "admin"
    with pytest.raises(AuthenticationError):
        accounts.authenticate("admin", PASSWORD)


def test_logins_and_failures_are_audited(accounts: AccountService) -> None:
    accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    accounts.authenticate("admin", PASSWORD)
    with pytest.raises(AuthenticationError):
        accounts.authenticate("admin", "nope-nope-nope")
    actions = [record.action for record in accounts.audit.query(sort="id", descending=False)]
    assert actions == ["user_create", "login", "login_failed"]
    assert accounts.audit.verify().ok


def test_no_password_in_clear_in_the_database_files(sqlite_url: str, tmp_path: Path) -> None:
    from clinic_desktop.persistence.database import open_database

    database = open_database(sqlite_url)
    try:
        key = AuditKey(tmp_path / "keys" / "audit.key")
        accounts = AccountService(database, AuditLog(database, key))
        accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
        accounts.authenticate("admin", PASSWORD)
        accounts.change_password("admin", PASSWORD, "Second-Secret-4242")
        folder = Path(database.sqlite_path or "").parent
        files = [*folder.rglob("*"), *key.key_path.parent.rglob("*")]
        assert any(path.name.endswith("-wal") for path in files)
        for path in files:
            if path.is_file():
                content = path.read_bytes()
                assert PASSWORD.encode() not in content, path
                assert b"Second-Secret-4242" not in content, path
    finally:
        database.close()


def test_passwords_are_argon2id_at_the_owasp_minimum(
    accounts: AccountService, database: Database
) -> None:
    from sqlalchemy import select

    from clinic_desktop.persistence.models import UserRow

    accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    with database.session() as session:
        stored = session.scalars(select(UserRow.password_hash)).one()
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
