"""Orders out: a signed visit's ticked tests become one pending order, sent as HL7 v2 or FHIR."""

from __future__ import annotations

import json
from pathlib import Path

import hl7
import pytest

from clinic_desktop.cli import main
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.orders import OrderBook, OrderError
from tests.support.fhir_schema import assert_valid_fhir
from tests.support.visits import ORDERED, Someone, first_visit, register, signed_visit


def test_a_signed_visit_places_one_order_of_its_ticked_tests_once(database: Database) -> None:
    visit = signed_visit(database)
    book = OrderBook(database, AuditLog(database))
    (placed,) = book.place(visit.id, load_knowledge())
    assert placed.status == "pending"
    assert [t.test for t in placed.tests] == list(ORDERED)
    assert [t.loinc for t in placed.tests] == ["2601-3", "2823-3", "2951-2"]
    assert {t.status for t in placed.tests} == {"pending"}
    assert placed.icd10cm == ("G47.62",)
    assert placed.order_number.startswith("LAB-20261120-")
    # Placing again (a reprint, a second send) finds the same order.
    assert book.place(visit.id, load_knowledge()) == [placed]
    assert book.by_number(placed.order_number) == placed
    actions = [entry.action for entry in AuditLog(database).query()]
    assert actions.count("order_place") == 1


def test_a_draft_orders_nothing(database: Database) -> None:
    patient_id = register(database)
    draft = AssessmentStore(database).start(patient_id, first_visit(Someone().patient()))
    with pytest.raises(OrderError, match="not signed"):
        OrderBook(database).place(draft.id, load_knowledge())


def test_the_orders_command_writes_hl7_and_fhir(
    database: Database,
    database_url: str,
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    visit = signed_visit(database)
    assert main(["--database-url", database_url, "orders", str(visit.id)]) == 0
    out = capsysbinary.readouterr()
    assert out.err == b""
    message = hl7.parse(out.out.decode("utf-8"))
    assert message["PID.F3.R1.C1"] == "HC-1001"
    assert [str(obr[4][0][0]) for obr in message.segments("OBR")] == [
        "2601-3",
        "2823-3",
        "2951-2",
    ]
    number = str(message.segment("ORC")[2][0][0])

    assert main(["--database-url", database_url, "orders", str(visit.id), "--format", "fhir"]) == 0
    bundle = json.loads(capsysbinary.readouterr().out)
    assert_valid_fhir(bundle)
    requests = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
    ]
    assert {r["identifier"][0]["value"] for r in requests} == {number}

    outbox = tmp_path / "outbox"
    outbox.mkdir()
    args = ["--database-url", database_url, "orders", str(visit.id), "--message", "orm", "--to"]
    assert main([*args, str(outbox)]) == 0
    written = outbox / f"{number}.hl7"
    assert capsysbinary.readouterr().out.decode().strip() == str(written)
    assert [p.name for p in outbox.iterdir()] == [written.name]
    assert str(hl7.parse(written.read_text("utf-8")).segment("MSH")[9]) == "ORM^O01^ORM_O01"
    sent = [e for e in AuditLog(database).query() if e.action == "order_send"]
    assert len(sent) == 3 and all(e.patient_id == visit.patient_id for e in sent)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["999999"], "ID"),
        (["seven"], "ID"),
        (["{draft}"], "ID"),
        (["{signed}", "--to", "{missing}"], "--to"),
    ],
)
def test_the_orders_command_refuses_in_one_line(
    database: Database,
    database_url: str,
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
    args: list[str],
    field: str,
) -> None:
    signed = signed_visit(database)
    draft = AssessmentStore(database).start(signed.patient_id, first_visit(Someone().patient()))
    values = {"draft": draft.id, "signed": signed.id, "missing": tmp_path / "nowhere"}
    filled = [arg.format(**values) for arg in args]
    assert main(["--database-url", database_url, "orders", *filled]) == 2
    out = capsysbinary.readouterr()
    assert out.out == b""
    err = out.err.decode()
    assert err.startswith(f"{field}: ") and err.count("\n") == 1, err
