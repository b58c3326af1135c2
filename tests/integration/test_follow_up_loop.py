"""The whole loop on SQLite and PostgreSQL: a signed visit, its order as an HL7 v2.5.1 message
(read back with python-hl7, a second implementation), the laboratory's ORU^R01 into the pending
order, the addendum and what changed, the revised plan printed (read with pypdf), a follow-up
compared with the first, and the trends; a broken, a mismatched and a repeated file change nothing."""

from __future__ import annotations

import io
from datetime import date

import hl7
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from clinic_desktop.domain.assessment import History, LabResult
from clinic_desktop.domain.clinic import ClinicProfile
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import LabResultRow
from clinic_desktop.rules.changes import what_changed
from clinic_desktop.rules.comparison import compare_visits
from clinic_desktop.rules.engine import evaluate
from clinic_desktop.rules.trends import trends
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.orders import OrderBook, order_message
from clinic_desktop.services.rendering import render_document
from clinic_desktop.services.results_import import ImportRefused, ResultsImporter
from tests.support.lab_messages import MAGNESIUM_LOW, POTASSIUM_LOW, SODIUM_NORMAL, oru, oru_file
from tests.support.visits import ANA, Someone, first_visit, signed_visit


def stored_results(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(LabResultRow)) or 0)


def test_visit_order_results_what_changed_revised_plan_follow_up_and_trends(
    database: Database,
) -> None:
    knowledge = load_knowledge()
    store = AssessmentStore(database)
    first = signed_visit(database, store=store)
    signed_plan = first.care_plan

    # Orders out: the ticked tests as one OML^O21, its placer number the requisition's.
    book = OrderBook(database)
    (order,) = book.place(first.id, knowledge)
    text = order_message(book.lab_order(order, knowledge, ClinicProfile()), "hl7")
    message = hl7.parse(text.replace("\n", "\r"))
    assert str(message.segment("MSH")[9]) == "OML^O21^OML_O21"
    assert str(message.segment("ORC")[2]).startswith(order.order_number)
    codes = {str(obr[4][0][0]) for obr in message.segments("OBR")}
    assert codes == {"2601-3", "2823-3", "2951-2"}  # magnesium, potassium, sodium by LOINC

    # Results in: malformed, someone else's and a repeated file change nothing.
    importer = ResultsImporter(database, knowledge.labs, store=store)
    with pytest.raises(ImportRefused):
        importer.import_bytes(b"MSH|^~\\&|ACME\rOBX|1|NM|", "broken.hl7")
    stranger = Someone(mrn="HC-9999", birth_date=date(1970, 1, 1))
    held = importer.import_bytes(
        oru_file(oru([MAGNESIUM_LOW], stranger, placer=order.order_number, control_id="X-1")),
        "stranger.hl7",
    )
    assert held.held and not held.stored
    assert stored_results(database) == 0
    results = oru_file(
        oru([MAGNESIUM_LOW, POTASSIUM_LOW, SODIUM_NORMAL], placer=order.order_number)
    )
    report = importer.import_bytes(results, "acme-0001.hl7")
    assert len(report.stored) == 3 and not report.held
    assert importer.import_bytes(results, "acme-0001-again.hl7").duplicate
    assert stored_results(database) == 3

    # What changed: the addendum holds the results; the signed visit is kept as signed.
    (addendum_id,) = report.addenda
    addendum = store.load(addendum_id)
    original = store.load(first.id)
    assert original.status == "amended" and original.care_plan == signed_plan
    assert not original.assessment.labs
    labs = addendum.assessment.labs or []
    assert {(lab.test, lab.collected_at) for lab in labs} == {
        (test, "2026-11-23T07:30:00-05:00") for test in ("magnesium", "potassium", "sodium")
    }
    before = evaluate(original.assessment, knowledge)
    after = evaluate(addendum.assessment, knowledge)
    changes = what_changed(before, after, labs_before=[], labs_after=labs)
    new_findings = {c.id for c in changes.of("finding", new=True)}
    assert {"hypomagnesemia", "hypokalemia"} <= new_findings, new_findings
    assert not changes.of("finding", new=False) and not changes.of("red_flag", new=True)

    # The revised plan: the clinician takes the new suggestions and signs; it prints them.
    plan = addendum.care_plan
    assert plan is not None
    held_ids = {item.id for item in plan.items}
    plan.items += [item.planned() for item in after.care_plan if item.id not in held_ids]
    version = store.save_draft(addendum.id, addendum.assessment, plan, addendum.version)
    revised = store.sign(addendum.id, "dr.ruiz", plan, version)
    pdf = render_document(revised.assessment, after, plan=plan, knowledge=knowledge)
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "low magnesium" in words.lower()
    assert store.load(first.id).care_plan == signed_plan  # the first plan stays as it was

    # A follow-up weeks later, compared with the first visit, and the trends across both.
    later = first_visit(ANA.patient(), date(2027, 1, 8))
    later.history = History(
        presentations=["nocturnal_leg_cramps"], sites=["calf"], episodes_per_week=1, pain_score=3
    )
    later.labs = [LabResult("magnesium", 1.9, "mg/dL")]
    follow_up = store.start(first.patient_id, later, "dr.ruiz")
    visits = store.current_visits(first.patient_id)
    assert [v.id for v in visits] == [revised.id, follow_up.id]
    rows = compare_visits(revised.assessment, after, later, evaluate(later, knowledge))
    verdicts = {(r.area, r.item): r.verdict for r in rows}
    assert verdicts[("history", "episodes_per_week")] == "better"
    assert verdicts[("history", "pain_score")] == "better"
    assert verdicts[("labs", "magnesium")] == "better"
    assert verdicts[("labs", "potassium")] == "not_now"
    drawn = {
        t.measure: t
        for t in trends(
            [(v.assessment, evaluate(v.assessment, knowledge)) for v in visits], knowledge.labs
        )
    }
    assert [p.when for p in drawn["magnesium"].points] == [date(2026, 11, 23), date(2027, 1, 8)]
    assert [p.shown for p in drawn["episodes_per_week"].points] == ["4", "1"]
