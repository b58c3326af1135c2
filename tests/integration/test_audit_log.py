"""The audit log on real databases: tampering is found, sorting is whitelisted, CSV is safe."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import text

from clinic_desktop.persistence.database import Database
from clinic_desktop.services.audit import AuditLog, write_csv
from clinic_desktop.services.audit_chain import AuditKey


@pytest.fixture
def audit(database: Database, tmp_path: Path) -> AuditLog:
    return AuditLog(database, AuditKey(tmp_path / "keys" / "audit.key"))


def _fill(audit: AuditLog) -> list[int]:
    return [
        audit.record("login", username="dr.ruiz"),
        audit.record(
            "patient_view", username="dr.ruiz", patient_id=3, entity="patient", entity_id=3
        ),
        audit.record(
            "assessment_save", username="dr.ruiz", patient_id=3, entity="assessment", entity_id=9
        ),
        audit.record("print", username="desk", patient_id=3, detail={"kind": "careplan"}),
    ]


def test_an_untouched_log_verifies(audit: AuditLog) -> None:
    _fill(audit)
    report = audit.verify()
    assert report.ok and report.entries == 4


def test_an_edit_in_the_database_is_named_by_entry(audit: AuditLog, database: Database) -> None:
    ids = _fill(audit)
    with database.session() as session:
        session.execute(
            text("UPDATE audit_entries SET username = 'someone' WHERE id = :id"), {"id": ids[1]}
        )
    report = audit.verify()
    assert not report.ok and report.first_broken_id == ids[1]


def test_a_deleted_entry_is_detected(audit: AuditLog, database: Database) -> None:
    ids = _fill(audit)
    with database.session() as session:
        session.execute(text("DELETE FROM audit_entries WHERE id = :id"), {"id": ids[2]})
    report = audit.verify()
    assert not report.ok and report.first_broken_id == ids[2]
    assert f"entry {ids[2]} is missing" in report.message()


def test_removing_the_newest_entry_is_detected(audit: AuditLog, database: Database) -> None:
    ids = _fill(audit)
    with database.session() as session:
        session.execute(text("DELETE FROM audit_entries WHERE id = :id"), {"id": ids[-1]})
    assert not audit.verify().ok


def test_filters_and_whitelisted_sorting(audit: AuditLog) -> None:
    _fill(audit)
    assert [r.action for r in audit.query(username="desk")] == ["print"]
    assert len(audit.query(patient_id=3)) == 3
    by_user = audit.query(sort="username", descending=False)
    assert by_user[0].username == "desk"
    with pytest.raises(ValueError, match="cannot sort"):
        audit.query(sort="id; DROP TABLE audit_entries")


def test_csv_export_cannot_smuggle_a_formula(audit: AuditLog) -> None:
    audit.record("login", username='=HYPERLINK("http://x")')
    stream = io.StringIO()
    write_csv(audit.query(), stream)
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert rows[0][:4] == ["id", "at", "user", "action"]
    assert rows[1][2].startswith("'=")
