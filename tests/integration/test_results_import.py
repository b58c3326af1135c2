"""Results in: placed in the right pending orders, never guessed, one transaction per file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from clinic_desktop.cli import main
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import (
    AssessmentRow,
    Base,
    HeldResultRow,
    LabOrderItemRow,
    LabResultRow,
    ResultImportRow,
)
from clinic_desktop.services.assessments import AssessmentStore, StoredAssessment
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.audited import AuditedAssessmentStore
from clinic_desktop.services.orders import OrderBook, PlacedOrder
from clinic_desktop.services.results_import import ImportRefused, ResultsImporter
from tests.support.lab_messages import (
    MAGNESIUM_LOW,
    POTASSIUM_LOW,
    SODIUM_NORMAL,
    Obx,
    oru,
    oru_file,
)
from tests.support.visits import Someone, signed_visit


def ordered(database: Database) -> tuple[StoredAssessment, PlacedOrder]:
    visit = signed_visit(database)
    (order,) = OrderBook(database).place(visit.id, load_knowledge())
    return visit, order


def importer(database: Database) -> ResultsImporter:
    audit = AuditLog(database)
    return ResultsImporter(
        database,
        load_knowledge().labs,
        audit,
        lambda: "dr.ruiz",
        store=AuditedAssessmentStore(database, audit, lambda: "dr.ruiz"),
    )


def counts(database: Database) -> dict[str, int]:
    with database.session() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
            if table.name != "audit_entries"
        }


def documents(database: Database) -> list[tuple[int, str, str | None, str]]:
    with database.session() as session:
        return [
            (row.id, row.status, row.signed_by, row.document)
            for row in session.scalars(select(AssessmentRow).order_by(AssessmentRow.id))
        ]


def test_results_go_into_their_pending_order_and_open_an_addendum(database: Database) -> None:
    visit, order = ordered(database)
    data = oru_file(oru([MAGNESIUM_LOW, POTASSIUM_LOW, SODIUM_NORMAL], placer=order.order_number))
    report = importer(database).import_bytes(data, "acme-0001.hl7")

    assert [(r.test, r.value, r.unit) for r in report.stored] == [
        ("magnesium", 0.55, "mmol/L"),
        ("potassium", 3.0, "mmol/L"),
        ("sodium", 139.0, "mmol/L"),
    ]
    assert report.held == () and report.addenda and not report.duplicate
    (addendum_id,) = report.addenda
    store = AssessmentStore(database)
    original = store.load(visit.id)
    # The first plan and signature stay as they were.
    assert original.status == "amended"
    assert original.signed_by == visit.signed_by and original.signed_at == visit.signed_at
    assert original.care_plan == visit.care_plan and original.assessment.labs is None
    addendum = store.load(addendum_id)
    assert addendum.status == "draft" and addendum.amends_id == visit.id
    labs = {lab.test: lab for lab in addendum.assessment.labs or []}
    assert labs["magnesium"].collected_at == "2026-11-23T07:30:00-05:00"
    assert (labs["potassium"].reference_low, labs["potassium"].reference_high) == (3.5, 5.1)
    with database.session() as session:
        items = session.scalars(select(LabOrderItemRow)).all()
        assert {item.status for item in items} == {"resulted"}
        rows = session.scalars(select(LabResultRow)).all()
        assert {row.flag for row in rows} == {"L", "N"}
        assert {row.import_id for row in rows} == {report.import_id}
        source = session.get(ResultImportRow, report.import_id)
        assert source is not None and source.file_name == "acme-0001.hl7"
    assert OrderBook(database).by_number(order.order_number).status == "complete"  # type: ignore[union-attr]
    actions = [e.action for e in AuditLog(database).query()]
    assert actions.count("results_import") == 2  # the file, and the patient's record
    assert "assessment_amend" in actions
    assert AuditLog(database).verify().ok


def test_the_same_file_twice_or_the_same_results_again_store_nothing_twice(
    database: Database,
) -> None:
    _visit, order = ordered(database)
    message = oru([MAGNESIUM_LOW, POTASSIUM_LOW], placer=order.order_number)
    importer(database).import_bytes(oru_file(message), "first.hl7")
    before = counts(database)

    again = importer(database).import_bytes(oru_file(message), "first-copy.hl7")
    assert again.duplicate and again.stored == () and again.held == ()
    assert counts(database) == before

    resent = oru([MAGNESIUM_LOW, POTASSIUM_LOW], placer=order.order_number, control_id="MSG-9")
    report = importer(database).import_bytes(oru_file(resent), "resent.hl7")
    assert report.already_stored == 2 and report.stored == () and report.held == ()
    after = counts(database)
    assert after["lab_results"] == before["lab_results"]
    assert after["result_imports"] == before["result_imports"] + 1


@pytest.mark.parametrize(
    ("result", "reason"),
    [
        (Obx("718-7", "13.2", "g/dL", "Hemoglobin"), "unknown_test"),
        (Obx("2601-3", "0.55", "mg/L", "Magnesium"), "unknown_unit"),
        (Obx("2601-3", "1.3", "mg/dL", "Magnesium"), "unknown_unit"),  # mass unit, molar code
        (Obx("2601-3", "<0.2", "mmol/L", "Magnesium", value_type="ST"), "not_numeric"),
        (Obx("2601-3", "0.55", "mmol/L", "Magnesium", status="P"), "not_final"),
        (Obx("2823-3", "310", "mmol/L", "Potassium"), "impossible_value"),
        (Obx("3016-3", "2.1", "mIU/L", "TSH"), "no_pending_order"),
    ],
)
def test_what_the_program_cannot_place_is_held_and_stored_nowhere(
    database: Database, result: Obx, reason: str
) -> None:
    visit, order = ordered(database)
    report = importer(database).import_bytes(
        oru_file(oru([result, SODIUM_NORMAL], placer=order.order_number)), "mixed.hl7"
    )
    assert [h.reason for h in report.held] == [reason]
    assert [r.test for r in report.stored] == ["sodium"]
    assert report.held[0].patient_id == visit.patient_id
    (addendum,) = report.addenda
    labs = AssessmentStore(database).load(addendum).assessment.labs or []
    assert [lab.test for lab in labs] == ["sodium"]
    (open_hold,) = importer(database).held()
    assert open_hold.reason == reason and open_hold.result.position == "message 1, OBX 1"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"mrn": "HC-9999"}, "patient_mismatch"),
        ({"birth_date_shift": True}, "patient_mismatch"),
        ({"placer": None, "mrn": "HC-9999"}, "unknown_patient"),
    ],
)
def test_a_patient_who_does_not_match_is_held(
    database: Database, changes: dict[str, Any], reason: str
) -> None:
    from datetime import date

    _visit, order = ordered(database)
    placer = changes.get("placer", order.order_number)
    birth = date(1958, 3, 2) if changes.get("birth_date_shift") else None
    message = oru([MAGNESIUM_LOW], placer=placer, mrn=changes.get("mrn"), birth_date=birth)
    report = importer(database).import_bytes(oru_file(message), "who.hl7")
    assert [h.reason for h in report.held] == [reason] and report.stored == ()
    assert counts(database)["lab_results"] == 0
    assert [row[1] for row in documents(database)] == ["signed"]


def test_without_a_placer_number_the_mrn_birth_date_and_loinc_find_the_order(
    database: Database,
) -> None:
    _visit, order = ordered(database)
    report = importer(database).import_bytes(oru_file(oru([MAGNESIUM_LOW])), "no-placer.hl7")
    assert [(r.test, r.order_number) for r in report.stored] == [("magnesium", order.order_number)]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x01\x02 not a message",
        b"MSH|^~\\&|LAB|X|||20261124||ADT^A01|1|P|2.5.1\rPID|1||HC-1001^^^^MR",
        b"MSH|^~\\&|LAB|X|||20261124||ORU^R01|1|P|2.5.1\rPID|1||HC-1001^^^^MR||R^A||1958\r"
        b"OBR|1|X\rOBX|1|NM|2601-3^Mg^LN||0.5|mmol/L|||||F",
        b"MSH|^~\\&|LAB|X|||20261124||ORU^R01|1|P|2.5.1|||||||8859/15\rPID|1",
        b'{"resourceType": "Observation", "status": "final"}',
        b'{"resourceType": "Patient", "id": "1"}',
        b"{not json",
    ],
)
def test_a_malformed_file_changes_nothing_and_says_why(database: Database, data: bytes) -> None:
    ordered(database)
    reader = importer(database)
    before, state = counts(database), documents(database)
    with pytest.raises(ImportRefused) as refused:
        reader.import_bytes(data, "broken.hl7")
    message = str(refused.value)
    assert message and "\n" not in message and "HC-1001" not in message
    assert counts(database) == before and documents(database) == state
    (entry,) = [e for e in AuditLog(database).query() if e.action == "results_import"]
    assert "refused" in entry.detail


def test_a_file_that_fails_halfway_changes_nothing(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _visit, order = ordered(database)
    reader = importer(database)
    before, state = counts(database), documents(database)
    calls = {"n": 0}
    record = ResultsImporter._record

    def failing(self: ResultsImporter, *args: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return record(self, *args)

    data = oru_file(oru([MAGNESIUM_LOW, POTASSIUM_LOW], placer=order.order_number))
    with monkeypatch.context() as broken, pytest.raises(OSError):
        broken.setattr(ResultsImporter, "_record", failing)
        reader.import_bytes(data, "halfway.hl7")
    assert counts(database) == before and documents(database) == state
    # Nothing half-remembered: the same file imports whole afterwards.
    assert len(importer(database).import_bytes(data, "halfway.hl7").stored) == 2


def test_a_held_result_is_placed_or_dismissed_by_the_clinician(database: Database) -> None:
    visit, order = ordered(database)
    unknown = Obx("2601-3", "1.34", "mg/L", "Magnesium")  # no such unit for magnesium
    report = importer(database).import_bytes(
        oru_file(oru([unknown, Obx("718-7", "13.2", "g/dL")], placer=order.order_number)), "h.hl7"
    )
    first, second = report.held
    items = importer(database).pending_items("magnesium")
    assert [(number, test) for _id, number, test, _p, _n in items] == [
        (order.order_number, "magnesium")
    ]
    with pytest.raises(ValueError, match="unit"):
        importer(database).place_held(first.id, items[0][0], "magnesium", "mg/L")
    # The clinician reads the laboratory's report: 1.34 was mg/dL.
    placed = importer(database).place_held(first.id, items[0][0], "magnesium", "mg/dL")
    assert (placed.test, placed.value, placed.unit) == ("magnesium", 1.34, "mg/dL")
    addendum = AssessmentStore(database).load(placed.assessment_id)
    assert addendum.amends_id == visit.id
    assert [(lab.test, lab.loinc) for lab in addendum.assessment.labs or []] == [
        ("magnesium", "19123-9")
    ]
    with pytest.raises(ValueError, match="why"):
        importer(database).dismiss_held(second.id, " ")
    importer(database).dismiss_held(second.id, "haemoglobin was not ordered here")
    assert importer(database).held() == []
    with database.session() as session:
        statuses = sorted(row.status for row in session.scalars(select(HeldResultRow)))
    assert statuses == ["dismissed", "resolved"]
    actions = [e.action for e in AuditLog(database).query()]
    assert {"result_resolve", "result_dismiss"} <= set(actions)


def test_fhir_observations_are_imported_by_the_same_rules(database: Database) -> None:
    _visit, order = ordered(database)
    someone = Someone()
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": "urn:uuid:7f0c1b52-0000-4000-8000-000000000001",
                "resource": {
                    "resourceType": "Patient",
                    "identifier": [{"type": {"coding": [{"code": "MR"}]}, "value": someone.mrn}],
                    "birthDate": someone.birth_date.isoformat(),
                },
            },
            {
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "basedOn": [{"identifier": {"value": order.order_number}}],
                    "code": {"coding": [{"system": "http://loinc.org", "code": "2823-3"}]},
                    "subject": {"reference": "urn:uuid:7f0c1b52-0000-4000-8000-000000000001"},
                    "effectiveDateTime": "2026-11-23T07:30:00-05:00",
                    "valueQuantity": {
                        "value": 3.0,
                        "unit": "mEq/L",
                        "system": "http://unitsofmeasure.org",
                        "code": "meq/L",
                    },
                },
            },
        ],
    }
    data = json.dumps(bundle).encode()
    report = importer(database).import_bytes(data, "results.json")
    assert [(r.test, r.value, r.unit, r.collected_at) for r in report.stored] == [
        ("potassium", 3.0, "mEq/L", "2026-11-23T07:30:00-05:00")
    ]


def test_the_import_results_command_reports_in_plain_lines(
    database: Database,
    database_url: str,
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    _visit, order = ordered(database)
    path = tmp_path / "acme.hl7"
    path.write_bytes(
        oru_file(oru([MAGNESIUM_LOW, Obx("718-7", "13", "g/dL")], placer=order.order_number))
    )
    assert main(["--database-url", database_url, "import-results", str(path)]) == 0
    lines = capsysbinary.readouterr().out.decode().splitlines()
    assert lines[0] == "acme.hl7: 1 stored, 1 held"
    assert lines[1].startswith(f"stored magnesium 0.55 mmol/L in order {order.order_number}")
    assert any(line.startswith("held ") and "LOINC" in line for line in lines)
    assert main(["--database-url", database_url, "import-results", str(path)]) == 0
    assert (
        capsysbinary.readouterr().out.decode()
        == "acme.hl7: already imported; nothing stored again\n"
    )
    broken = tmp_path / "broken.hl7"
    broken.write_bytes(b"garbage")
    assert main(["--database-url", database_url, "import-results", str(broken)]) == 2
    err = capsysbinary.readouterr().err.decode()
    assert err.startswith("FILE: ") and err.count("\n") == 1
    big = tmp_path / "big.hl7"
    big.write_bytes(b"MSH" + b" " * (5 * 1_048_576))
    assert main(["--database-url", database_url, "import-results", str(big)]) == 2
    assert "at most" in capsysbinary.readouterr().err.decode()
