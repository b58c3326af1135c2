"""The real `clinic-desktop evaluate`, `import` and `export` commands, run as a clinician would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from clinic_desktop.cli import main
from tests.unit.test_assessment_json import example

PROGRAM = Path(sys.executable).with_name("clinic-desktop")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PROGRAM), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def write(tmp_path: Path, document: Any, name: str = "case.json") -> Path:
    path = tmp_path / name
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def assert_refused(result: subprocess.CompletedProcess[str], field: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"{field}: "), result.stderr


def test_evaluate_prints_the_evaluation_document(tmp_path: Path) -> None:
    result = run("evaluate", str(write(tmp_path, example())))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert document["format"] == "clinic-desktop.evaluation"
    assert document["version"] == 1
    assert [lab["test"] for lab in document["labs"]] == ["magnesium", "potassium"]
    potassium = document["labs"][1]
    assert potassium["interpretation"] == "L"  # 3.1 below the laboratory's 3.5
    # The patient's language is Spanish, and the output keeps its accents as text.
    assert "\\u" not in result.stdout
    assert "medication_not_recognised" not in {f["id"] for f in document["findings"]}


def test_evaluate_reads_standard_input_and_writes_utf8_in_any_locale() -> None:
    result = subprocess.run(
        [str(PROGRAM), "evaluate", "-"],
        input=json.dumps(example()).encode(),
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout.decode("utf-8"))
    assert document["format"] == "clinic-desktop.evaluation"
    assert not result.stdout.isascii()  # Spanish texts keep their accents


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["history"].update(colour="red"), "history.colour"),
        (lambda d: d["labs"][0].update(unit="mg"), "labs[0].unit"),
        (lambda d: d["history"].update(pain_score=12), "history.pain_score"),
        (lambda d: d["exam"]["strength"][0].update(mrc=4), "exam.strength[0].mrc"),
        (lambda d: d["labs"][1].update(loinc="2601-3"), "labs[1].loinc"),
        (lambda d: d["patient"].pop("birth_date"), "patient.birth_date"),
        (lambda d: d.update(context=["strenous_exertion"]), "context[0]"),
        (lambda d: d.update(vitals={"temperature": 39}), "vitals.temperature"),
    ],
)
def test_evaluate_refuses_bad_input_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, field: str
) -> None:
    document = example()
    change(document)
    status = main(["evaluate", str(write(tmp_path, document))])
    out, err = capsys.readouterr()
    assert_refused(subprocess.CompletedProcess([], status, out, err), field)


def test_the_real_program_refuses_an_unknown_key(tmp_path: Path) -> None:
    document = example()
    document["history"]["colour"] = "red"
    assert_refused(run("evaluate", str(write(tmp_path, document))), "history.colour")


def test_evaluate_refuses_malformed_json_and_missing_files(tmp_path: Path) -> None:
    assert_refused(run("evaluate", str(write(tmp_path, '{\n  "format": '))), "line 2 column 13")
    missing = tmp_path / "missing.json"
    assert_refused(run("evaluate", str(missing)), str(missing))


def test_evaluate_loads_no_qt_database_or_icd_library(tmp_path: Path) -> None:
    case = write(tmp_path, example())
    probe = (
        "import sys, contextlib, io\n"
        "from clinic_desktop.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['evaluate', {str(case)!r}]) == 0\n"
        "heavy = {'PySide6', 'sqlalchemy', 'simple_icd_10_cm'} & {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_import_then_export_gives_the_document_back(tmp_path: Path, database_url: str) -> None:
    document = example()
    imported = run("--database-url", database_url, "import", str(write(tmp_path, document)))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip().isdigit()
    assert imported.stdout == imported.stdout.strip() + "\n"

    exported = run("--database-url", database_url, "export", imported.stdout.strip())
    assert exported.returncode == 0, exported.stderr
    del document["patient"]["pregnancy_weeks"]
    del document["history"]["penn_spasm_frequency"]
    assert json.loads(exported.stdout) == document

    fhir = run(
        "--database-url", database_url, "export", imported.stdout.strip(), "--format", "fhir"
    )
    assert fhir.returncode == 0, fhir.stderr
    bundle = json.loads(fhir.stdout)
    assert bundle["resourceType"] == "Bundle"
    kinds = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    assert kinds.count("Patient") == 1
    assert kinds.count("Encounter") == 1
    assert kinds.count("MedicationStatement") == 1
    lab_codes = {
        coding["code"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation"
        for coding in entry["resource"]["code"].get("coding", [])
    }
    assert {"19123-9", "2823-3"} <= lab_codes  # magnesium in mg/dL, potassium

    # The same patient again: a second assessment, the registration reused.
    again = run("--database-url", database_url, "import", "-", stdin=json.dumps(document))
    assert again.returncode == 0, again.stderr
    assert int(again.stdout) != int(imported.stdout)


def test_import_refuses_a_known_mrn_with_another_birth_date(
    tmp_path: Path, database_url: str
) -> None:
    document = example()
    assert (
        run("--database-url", database_url, "import", str(write(tmp_path, document))).returncode
        == 0
    )
    document["patient"]["birth_date"] = "1962-04-02"
    result = run("--database-url", database_url, "import", str(write(tmp_path, document)))
    assert_refused(result, "patient.birth_date")
    assert "1961-04-02" not in result.stderr and "1962-04-02" not in result.stderr


def test_export_refuses_unknown_ids(database_url: str) -> None:
    assert_refused(run("--database-url", database_url, "export", "999999"), "ID")
    assert_refused(run("--database-url", database_url, "export", "seven"), "ID")


def test_an_import_registers_and_stores_with_its_audit_entries_or_not_at_all(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.services.assessments import AssessmentStore
    from clinic_desktop.services.audit import AuditLog

    case = str(write(tmp_path, example()))
    append = AuditLog.append

    def failing_import_entry(self: AuditLog, session: Any, action: str, **kw: Any) -> Any:
        if action == "import":
            raise RuntimeError("audit disk full")
        return append(self, session, action, **kw)

    with monkeypatch.context() as broken:
        broken.setattr(AuditLog, "append", failing_import_entry)
        assert main(["--database-url", database_url, "import", case]) != 0

    assert main(["--database-url", database_url, "import", case]) == 0
    database = open_database(database_url)
    try:
        log = AuditLog(database)
        entries = sorted(log.query(), key=lambda entry: entry.id)
        assert [entry.action for entry in entries] == ["patient_create", "import"]
        patient_id = entries[0].patient_id
        assert patient_id is not None
        # The failed import left no draft behind: only the second one is stored.
        draft = AssessmentStore(database).latest_draft(patient_id)
        assert draft is not None and draft.id == entries[1].entity_id
        assert log.verify().ok
    finally:
        database.close()
