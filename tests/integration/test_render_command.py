"""`clinic-desktop render`: a case file prints the suggested plan; a stored visit prints and keeps its own."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinic_desktop.cli import main
from clinic_desktop.domain.careplan import CarePlan, PlannedItem
from clinic_desktop.interop.assessment_json import parse_assessment
from clinic_desktop.knowledge.lab_catalog import load_lab_catalog
from clinic_desktop.persistence.database import open_database
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.patients import PatientInput, PatientRegistry

CASE = {
    "format": "clinic-desktop.assessment",
    "version": 1,
    "patient": {
        "mrn": "A-1001",
        "family_name": "García Núñez",
        "given_name": "Ana",
        "birth_date": "1961-04-02",
        "sex": "female",
        "language": "es",
    },
    "visit_date": "2026-11-20",
    "history": {
        "presentations": ["nocturnal_leg_cramps"],
        "sites": ["calf"],
        "triggers": ["night_rest"],
    },
    "labs": [{"test": "magnesium", "value": 1.5, "unit": "mg/dL"}],
    "medications": [{"name": "hydrochlorothiazide", "dose": "25 mg daily"}],
}


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_case_file_prints_the_suggested_plan_in_the_patients_language(
    case_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "plan.pdf"
    assert main(["render", str(case_file), "--out", str(out)]) == 0
    text = pdf_text(out)
    assert "García Núñez" in text
    assert "Su plan de cuidados" in text
    assert "20 de noviembre de 2026" in text
    assert "Plan sugerido" in text


def test_lang_and_kind_choose_the_document(case_file: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan-en.pdf"
    assert main(["render", str(case_file), "--out", str(plan), "--lang", "en"]) == 0
    assert "Your care plan" in pdf_text(plan)
    requisition = tmp_path / "lab.pdf"
    assert main(["render", str(case_file), "--out", str(requisition), "--kind", "requisition"]) == 0
    assert "Solicitud de análisis de laboratorio" in pdf_text(requisition)


def test_bad_input_exits_2_with_one_line_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = dict(CASE, labs=[{"test": "magnesium", "value": 1.5, "unit": "mg"}])
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    out = tmp_path / "never.pdf"
    assert main(["render", str(path), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "labs[0].unit" in error
    assert not out.exists()


def test_a_stored_visit_prints_its_signed_plan_and_keeps_the_document(
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CLINIC_DESKTOP_DATABASE_URL", sqlite_url)
    database = open_database(sqlite_url)
    try:
        patient = PatientRegistry(database).create(
            PatientInput("A-1001", "García Núñez", "Ana", "1961-04-02", "female", "es")
        )
        store = AssessmentStore(database)
        draft = store.start(patient.id, parse_assessment(CASE, load_lab_catalog()))
        signed_plan = CarePlan(
            language="es",
            items=[
                PlannedItem("hydration", "lifestyle", "Beba agua <b>& zumo</b> cada día.", ["S"])
            ],
            follow_up_date=date(2026, 12, 18),
            clinician_name="Dra. Núñez",
            signed_at=datetime(2026, 11, 20, 10, 0),
        )
        signed = store.sign(draft.id, "dra.nunez", signed_plan, draft.version)
    finally:
        database.close()

    out = tmp_path / "stored.pdf"
    assert main(["render", str(signed.id), "--out", str(out)]) == 0
    text = pdf_text(out)
    assert "Beba agua <b>& zumo</b> cada día." in text
    assert "18 de diciembre de 2026" in text
    assert "Plan sugerido" not in text

    database = open_database(sqlite_url)
    try:
        documents = AssessmentStore(database).documents(signed.id)
        printed = AuditLog(database).query(action="print", patient_id=patient.id)
    finally:
        database.close()
    assert [(kind, language) for _id, kind, language, _sha, _at in documents] == [
        ("careplan", "es")
    ]
    assert documents[0][3] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert len(printed) == 1

    assert main(["render", "999999", "--out", str(tmp_path / "none.pdf")]) == 2
    assert "999999" in capsys.readouterr().err
    english = tmp_path / "english.pdf"
    assert main(["render", str(signed.id), "--out", str(english), "--lang", "en"]) == 2
    assert "--lang: the saved care plan is written in 'es'" in capsys.readouterr().err
    assert not english.exists()


def test_an_unwritable_output_exits_2_naming_out(
    case_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no-such-folder" / "plan.pdf"
    assert main(["render", str(case_file), "--out", str(out)]) == 2
    assert capsys.readouterr().err.startswith("--out: cannot write")


CASES = Path(__file__).resolve().parents[1] / "cases"


def test_summary_and_referral_print_in_the_clinicians_language(
    case_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.pdf"
    assert main(["render", str(case_file), "--out", str(summary), "--kind", "summary"]) == 0
    text = pdf_text(summary)
    # English by default; the suggested plan is quoted in the patient's language.
    assert "Visit summary" in text
    assert "Draft: this visit is not signed yet." in text
    assert "Magnesium 1.5 mg/dL" in text
    assert "The patient's care plan is printed in Spanish" in text
    spanish = tmp_path / "resumen.pdf"
    args = ["render", str(case_file), "--out", str(spanish), "--kind", "summary", "--lang", "es"]
    assert main(args) == 0
    assert "Resumen de la visita" in pdf_text(spanish)

    # No red flag names a referral: there is nobody to write to.
    letter = tmp_path / "letter.pdf"
    assert main(["render", str(case_file), "--out", str(letter), "--kind", "referral"]) == 2
    assert "--kind referral: no red flag" in capsys.readouterr().err
    assert not letter.exists()

    emergency = CASES / "skeletal_rhabdomyolysis_emergency_first.json"
    args = ["render", str(emergency), "--out", str(letter), "--kind", "referral", "--lang", "es"]
    assert main(args) == 0
    text = pdf_text(letter)
    assert "Carta de derivación" in text
    assert "Para Servicio de urgencias" in text
    assert "Estimado/a colega:" in text


def test_a_stored_visit_prints_its_summary_with_who_acknowledged_the_flags(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clinic_desktop.domain.careplan import VisitDecisions
    from clinic_desktop.domain.clinic import ClinicianProfile
    from clinic_desktop.services.accounts import AccountService
    from clinic_desktop.services.profiles import ProfileService

    monkeypatch.setenv("CLINIC_DESKTOP_DATABASE_URL", sqlite_url)
    case = json.loads((CASES / "skeletal_rhabdomyolysis_emergency_first.json").read_text("utf-8"))
    database = open_database(sqlite_url)
    try:
        audit = AuditLog(database)
        accounts = AccountService(database, audit)
        admin = accounts.create_first_administrator("admin", "Ana Admin", "a long pass phrase 7")
        accounts.add_user(admin, "dnunez", "Dana Núñez", "clinician", "a long pass phrase 7")
        ProfileService(database, audit).save_clinician(
            ClinicianProfile("dnunez", "Dra. Ana Núñez", "MD")
        )
        patient = PatientRegistry(database).create(
            PatientInput("A-1002", "Pérez", "Juan", "1985-04-04", "male", "es")
        )
        store = AssessmentStore(database)
        draft = store.start(patient.id, parse_assessment(case, load_lab_catalog()))
        plan = CarePlan(language="es", items=[], signed_at=datetime(2026, 12, 10, 9, 0))
        decisions = VisitDecisions(acknowledged_red_flags=["rhabdomyolysis"])
        signed = store.sign(draft.id, "dnunez", plan, draft.version, decisions)
    finally:
        database.close()

    out = tmp_path / "summary.pdf"
    assert main(["render", str(signed.id), "--out", str(out), "--kind", "summary"]) == 0
    text = pdf_text(out)
    assert "Acknowledged by Dra. Ana Núñez, MD" in text
    assert "Signed on" in text
    database = open_database(sqlite_url)
    try:
        kept = AssessmentStore(database).documents(signed.id)
    finally:
        database.close()
    assert [(kind, language) for _id, kind, language, _sha, _at in kept] == [("summary", "en")]
