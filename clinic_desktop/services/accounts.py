"""Clinician accounts: argon2id passwords, roles, lockout after repeated failures.

The first run creates the first administrator. Passwords never leave this
module in clear; the database holds only argon2id hashes. Each change's audit
entry commits in the change's own transaction; the anchor follows after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import USER_ROLES, UserRow
from clinic_desktop.services.audit import AuditLog

# What each role may do (issue: clinician assesses and signs; front desk
# registers and prints; administrator manages users and settings).
PERMISSIONS: dict[str, frozenset[str]] = {
    "administrator": frozenset({"manage_users", "settings", "view_audit", "register", "print"}),
    "clinician": frozenset({"register", "assess", "sign", "print"}),
    "front_desk": frozenset({"register", "print"}),
}

# Clinic policy, not a clinical rule: lock an account for a while after
# repeated failures, as NIST SP 800-63B section 5.2.2 asks of verifiers.
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
# NIST SP 800-63B section 5.1.1.2: at least 8 characters for a chosen secret.
MIN_PASSWORD_LENGTH = 8

# argon2id at the OWASP Password Storage Cheat Sheet's recommended minimum (19 MiB, 2
# iterations, 1 lane) rather than the library's 64 MiB profile: the hash runs inside the
# window's process at every sign-in and unlock, and 64 MiB doubled its peak memory
# (benchmarks/gui_and_memory.md). Stored hashes carry their parameters, so older ones verify
# and are upgraded at the next sign-in (check_needs_rehash).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class AccountError(Exception):
    """A message for the person at the keyboard, naming the field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AuthenticationError(AccountError):
    pass


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    username: str
    display_name: str
    role: str
    active: bool

    def may(self, permission: str) -> bool:
        return self.active and permission in PERMISSIONS.get(self.role, frozenset())


def _account(row: UserRow) -> Account:
    return Account(row.id, row.username, row.display_name, row.role, row.active)


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters.", field="password"
        )


class AccountService:
    def __init__(self, database: Database, audit: AuditLog) -> None:
        self.database = database
        self.audit = audit

    def has_users(self) -> bool:
        with self.database.session() as session:
            return bool(session.scalar(select(func.count()).select_from(UserRow)))

    def create_first_administrator(
        self, username: str, display_name: str, password: str
    ) -> Account:
        if self.has_users():
            raise AccountError("An administrator already exists; sign in instead.")
        return self._create(None, username, display_name, "administrator", password)

    def add_user(
        self, actor: Account, username: str, display_name: str, role: str, password: str
    ) -> Account:
        if not actor.may("manage_users"):
            raise AccountError("Only an administrator can add users.")
        return self._create(actor.username, username, display_name, role, password)

    def _create(
        self, actor: str | None, username: str, display_name: str, role: str, password: str
    ) -> Account:
        username = username.strip()
        if not username:
            raise AccountError("A user name is required.", field="username")
        if not display_name.strip():
            raise AccountError("A display name is required.", field="display_name")
        if role not in USER_ROLES:
            raise AccountError(f"Unknown role {role!r}.", field="role")
        _check_password(password)
        row = UserRow(
            username=username,
            display_name=display_name.strip(),
            role=role,
            password_hash=_hasher.hash(password),
            active=True,
            password_changed_at=datetime.now(UTC),
        )
        try:
            with self.database.session() as session:
                session.add(row)
                session.flush()
                entry = self.audit.append(
                    session,
                    "user_create",
                    username=actor or username,
                    entity="user",
                    entity_id=row.id,
                    detail={"user": username, "role": role},
                )
                account = _account(row)
        except IntegrityError as error:
            raise AccountError(f"The user name {username!r} is taken.", field="username") from error
        self.audit.anchor(entry)
        return account

    def authenticate(self, username: str, password: str, now: datetime | None = None) -> Account:
        """The account if the password is right; AuthenticationError otherwise (and counts it).

        The failure is raised only after the unit of work commits, so the
        failed-attempt count and its audit entry are kept.
        """
        now = now or datetime.now(UTC)
        failure: AuthenticationError | None = None
        account: Account | None = None
        with self.database.session() as session:
            row = session.scalars(select(UserRow).where(UserRow.username == username)).first()
            if row is None or not row.active:
                failure = AuthenticationError("Wrong user name or password.")
            elif row.locked_until is not None and row.locked_until > now:
                until = row.locked_until.astimezone().strftime("%H:%M")
                failure = AuthenticationError(
                    f"This account is locked after repeated failures; try again after {until}."
                )
            elif not _password_matches(row.password_hash, password):
                row.failed_attempts += 1
                if row.failed_attempts >= MAX_FAILED_ATTEMPTS:
                    row.locked_until = now + LOCKOUT
                    row.failed_attempts = 0
                failure = AuthenticationError("Wrong user name or password.")
            else:
                row.failed_attempts = 0
                row.locked_until = None
                if _hasher.check_needs_rehash(row.password_hash):
                    row.password_hash = _hasher.hash(password)
                account = _account(row)
            entry = self.audit.append(
                session, "login" if account else "login_failed", username=username
            )
        self.audit.anchor(entry)
        if failure is not None or account is None:
            raise failure or AuthenticationError("Wrong user name or password.")
        return account

    def verify_password(self, account: Account, password: str) -> bool:
        """For unlocking the screen: the same user's password, counted like a login."""
        try:
            self.authenticate(account.username, password)
        except AuthenticationError:
            return False
        return True

    def change_password(self, username: str, old_password: str, new_password: str) -> None:
        self.authenticate(username, old_password)
        _check_password(new_password)
        with self.database.session() as session:
            row = session.scalars(select(UserRow).where(UserRow.username == username)).one()
            row.password_hash = _hasher.hash(new_password)
            row.password_changed_at = datetime.now(UTC)
            entry = self.audit.append(
                session, "password_change", username=username, entity="user", entity_id=row.id
            )
        self.audit.anchor(entry)

    def set_role(self, actor: Account, username: str, role: str, active: bool = True) -> Account:
        if not actor.may("manage_users"):
            raise AccountError("Only an administrator can change roles.")
        if role not in USER_ROLES:
            raise AccountError(f"Unknown role {role!r}.", field="role")
        with self.database.session() as session:
            row = session.scalars(select(UserRow).where(UserRow.username == username)).first()
            if row is None:
                raise AccountError(f"No user {username!r}.", field="username")
            before = (row.role, row.active)
            row.role, row.active = role, active
            entry = self.audit.append(
                session,
                "user_update",
                username=actor.username,
                entity="user",
                entity_id=row.id,
                detail={"user": username, "from": list(before), "to": [role, active]},
            )
            account = _account(row)
        self.audit.anchor(entry)
        return account

    def list_users(self) -> list[Account]:
        with self.database.session() as session:
            return [
                _account(row) for row in session.scalars(select(UserRow).order_by(UserRow.username))
            ]
