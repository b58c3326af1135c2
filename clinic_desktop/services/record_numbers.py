"""Medical record numbers the program gives itself, for clinics without their own numbering.

An administrator sets a prefix, the next number and its digits ("H-" 1024 6 gives H-001024);
each registration then takes the next free one. Numbers already in use (typed by hand, or
imported) are skipped; a number is taken in its own transaction, so two workstations never
get the same one, and a registration that then fails leaves a gap rather than a duplicate.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from sqlalchemy import select, update

from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import PatientRow, SettingRow
from clinic_desktop.services.accounts import Account, AccountError
from clinic_desktop.services.audit import AuditLog

SETTING = "patients.record_numbers"
MAX_DIGITS = 12
MAX_PREFIX = 20
TRIES = 1000


@dataclass(frozen=True)
class Numbering:
    prefix: str
    next_number: int
    digits: int

    def format(self, number: int) -> str:
        return f"{self.prefix}{number:0{self.digits}d}"

    def check(self) -> None:
        """ValueError naming the field when a value cannot make record numbers."""
        if len(self.prefix) > MAX_PREFIX or any(not c.isprintable() for c in self.prefix):
            raise ValueError("prefix")
        if not 1 <= self.digits <= MAX_DIGITS:
            raise ValueError("digits")
        if not 0 <= self.next_number < 10**self.digits:
            raise ValueError("next_number")


class RecordNumbers:
    def __init__(self, database: Database, audit: AuditLog | None = None) -> None:
        self._database = database
        self._audit = audit

    def numbering(self) -> Numbering | None:
        """The numbering the administrator set, or None when the clinic numbers its patients."""
        with self._database.session() as session:
            row = session.get(SettingRow, SETTING)
            return None if row is None else Numbering(**json.loads(row.value))

    def configure(self, actor: Account, numbering: Numbering | None) -> None:
        """Set (or, with None, stop) the program's numbering; administrators only, audited."""
        if not actor.may("settings"):
            raise AccountError("Only an administrator can set the record numbers.")
        if numbering is not None:
            numbering.check()
        with self._database.session() as session:
            row = session.get(SettingRow, SETTING)
            if numbering is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(SettingRow(key=SETTING, value=json.dumps(asdict(numbering))))
            else:
                row.value = json.dumps(asdict(numbering))
            entry = None
            if self._audit is not None:
                entry = self._audit.append(
                    session,
                    "settings_change",
                    username=actor.username,
                    entity="setting",
                    detail={"setting": SETTING, "value": asdict(numbering) if numbering else None},
                )
        if entry is not None and self._audit is not None:
            self._audit.anchor(entry)

    def take_next(self) -> str:
        """The next free record number, taken for good (LookupError when none is set)."""
        for _ in range(TRIES):
            with self._database.session() as session:
                row = session.get(SettingRow, SETTING)
                if row is None:
                    raise LookupError("No record numbering is set.")
                numbering = Numbering(**json.loads(row.value))
                number = numbering.next_number
                while session.scalar(
                    select(PatientRow.id).where(PatientRow.mrn == numbering.format(number))
                ):
                    number += 1
                following = Numbering(numbering.prefix, number + 1, numbering.digits)
                # Taken only if nobody took one since it was read: else read again.
                taken = session.execute(
                    update(SettingRow)
                    .where(SettingRow.key == SETTING, SettingRow.value == row.value)
                    .values(value=json.dumps(asdict(following)))
                    .execution_options(synchronize_session=False)
                )
                if taken.rowcount == 1:  # type: ignore[attr-defined]
                    return numbering.format(number)
        raise RuntimeError("The next record number could not be taken; try again.")
