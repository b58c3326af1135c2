"""Bad input of any size or kind: refused at once, exit 2, one line naming the field (issue 10,
items 6 to 8). Each case is one the adversary's hour reproduced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from clinic_desktop.cli import main
from clinic_desktop.interop.limits import MAX_DOCUMENT_BYTES
from tests.unit.test_assessment_json import example

PROGRAM = Path(sys.executable).with_name("clinic-desktop")
READERS = ("evaluate", "import", "render")


def run(*args: str, stdin: Any = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PROGRAM), *args],
        stdin=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="backslashreplace",
        timeout=timeout,
        check=False,
    )


def command(name: str, path: str, tmp_path: Path) -> list[str]:
    return [name, path, "--out", str(tmp_path / "out.pdf")] if name == "render" else [name, path]


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def document_file(tmp_path: Path, change: Any, name: str = "case.json") -> Path:
    document = example()
    change(document)
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", READERS)
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_at_once_not_read_forever(
    name: str, device: str, tmp_path: Path
) -> None:
    # Before: `import /dev/zero` grew to 24 GB; `evaluate /dev/urandom` never ended.
    refused(run(*command(name, device, tmp_path), timeout=30), device, "not a regular file")


@pytest.mark.parametrize("name", READERS)
def test_a_fifo_is_refused_without_waiting_for_a_writer(name: str, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    refused(run(*command(name, str(fifo), tmp_path), timeout=30), "not a regular file")


@pytest.mark.parametrize("name", READERS)
def test_a_folder_is_named_as_a_folder(name: str, tmp_path: Path) -> None:
    # Before: `render adir` said "no file named 'adir.json'".
    folder = tmp_path / "adir.json"
    folder.mkdir()
    refused(run(*command(name, str(folder), tmp_path)), "is a folder")


def test_standard_input_is_read_up_to_the_limit_and_no_further(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zeros:
        refused(run("import", "-", stdin=zeros, timeout=30), "more than 1,048,576 bytes")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    refused(run("evaluate", str(big)), "1,048,577 bytes", "at most 1,048,576")


@pytest.mark.parametrize(
    ("field", "path"),
    [
        ("patient.family_name", ("patient", "family_name")),
        ("patient.given_name", ("patient", "given_name")),
        ("patient.mrn", ("patient", "mrn")),
        ("medications[0].name", ("medications", 0, "name")),
        ("medications[0].dose", ("medications", 0, "dose")),
    ],
)
@pytest.mark.parametrize("name", READERS)
def test_a_lone_surrogate_is_refused_naming_the_field(
    name: str, field: str, path: tuple[Any, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: exit 1, "unexpected UnicodeEncodeError".
    def change(document: dict[str, Any]) -> None:
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = "Gar\ud800cía"

    case = document_file(tmp_path, change)
    status = main(command(name, str(case), tmp_path))
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.startswith(f"{field}: ") and "surrogate" in err


@pytest.mark.parametrize("length", [1_500, 10 * 1024 * 1024 // 2])
@pytest.mark.parametrize("name", READERS)
def test_a_name_too_long_is_refused_naming_the_field_and_the_limit(
    name: str, length: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: a family name of 1,500 characters in `render` ended in LayoutError (exit 1), and a
    # 1 MB medication name rendered for 281 s into 302 pages.
    case = document_file(tmp_path, lambda d: d["patient"].update(family_name="W" * length))
    status = main(command(name, str(case), tmp_path))
    _out, err = capsys.readouterr()
    assert status == 2
    if length > MAX_DOCUMENT_BYTES:
        assert "at most 1,048,576 bytes" in err
    else:
        assert err.startswith("patient.family_name: 1,500 characters; at most 200")
    assert "WWWW" not in err


def test_the_longest_accepted_document_renders_in_seconds(tmp_path: Path) -> None:
    def longest(document: dict[str, Any]) -> None:
        document["patient"].update(family_name="W" * 200, given_name="Ñ" * 200, mrn="M" * 64)
        document["medications"] = [{"name": "X" * 200, "dose": "Y " * 100}] * 200

    case = document_file(tmp_path, longest)
    result = run("render", str(case), "--out", str(tmp_path / "plan.pdf"), timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "plan.pdf").stat().st_size > 0


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"format": 1' + "1" * 5000 + "}", ["(document)", "5,001 digits", "at most 20"]),
        ('{"format": "a\tb"}', ["line 1 column 14", "control character", "\\t"]),
        ('{"format": }', ["line 1 column 12", "expected a value"]),
        ('{"format": "x" "version": 1}', ["expected a comma"]),
        ('{"format": "x"} trailing', ["more text after the end"]),
        ("[" * 100_000 + "]" * 100_000, ["nested too deeply"]),
        ('{"patient": {"family_name": "\\ud800"}}', ["format: required"]),
    ],
)
def test_malformed_json_is_said_in_plain_words(
    text: str, words: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "use sys.set_int_max_str_digits()", and "Invalid control character at" with
    # nothing after it.
    case = tmp_path / "case.json"
    case.write_text(text, encoding="utf-8")
    assert main(["evaluate", str(case)]) == 2
    _out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1
    for word in words:
        assert word in err, err
    assert "sys." not in err and "Invalid control character at\n" not in err


def test_a_note_typed_in_the_window_goes_out_and_back_in(
    isolated_user_dirs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A step's note has lines and runs past the 200 characters of a field: before, the
    # visit's own `export` was refused by `import` ("notes.history: 337 characters; at
    # most 200", and a line break is a control character).
    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.services.assessments import AssessmentStore

    assert main(["import", str(document_file(tmp_path, lambda _d: None))]) == 0
    note = "Both calves.\r\nWorse after long walks:\n\t- at night\n" + "x" * 4_900
    database = open_database()
    try:
        store = AssessmentStore(database)
        stored = store.load(1)
        stored.assessment.notes = {"history": note}
        store.save_draft(1, stored.assessment, None, stored.version)
    finally:
        database.close()
    capsys.readouterr()
    assert main(["export", "1", "--out", str(tmp_path / "out.json")]) == 0
    assert main(["import", str(tmp_path / "out.json")]) == 0
    capsys.readouterr()
    database = open_database()
    try:
        assert AssessmentStore(database).load(2).assessment.notes == {"history": note}
    finally:
        database.close()


@pytest.mark.parametrize(
    ("note", "words"),
    [
        ("x" * 5_001, ["notes.history", "5,001 characters; at most 5,000"]),
        ("a\x00b", ["notes.history", "control character (U+0000)"]),
        ("a\x1bb", ["notes.history", "control character (U+001B)"]),
    ],
)
def test_a_note_over_its_limit_or_with_other_controls_is_refused(
    note: str, words: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = document_file(tmp_path, lambda d: d.update(notes={"history": note}))
    assert main(["evaluate", str(case)]) == 2
    err = capsys.readouterr().err
    for word in words:
        assert word in err, err


def test_a_list_too_long_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = document_file(tmp_path, lambda d: d.update(medications=[{"name": "x"}] * 201))
    assert main(["evaluate", str(case)]) == 2
    assert capsys.readouterr().err.startswith("medications: 201 items; a list holds at most 200")


@pytest.mark.parametrize("identifier", ["9" * 5000, "１２", "-1", "1e3", ""])
def test_export_of_an_odd_id_is_refused(
    identifier: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", identifier]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ID: ") and len(err) < 200


def test_a_data_folder_that_is_a_file_is_the_inputs_fault(tmp_path: Path) -> None:
    result = run("--data-dir", "/dev/zero", "check")
    assert result.returncode == 2 and "--data-dir" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unexpected_error_goes_to_errors_log_without_its_text(
    isolated_user_dirs: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Before: "render: unexpected KeyError: <its text>" on stderr and nothing in errors.log.
    import clinic_desktop.rules.engine as engine

    def broken(*_args: object, **_kwargs: object) -> object:
        raise KeyError("García Ana A-1001")

    monkeypatch.setattr(engine, "evaluate", broken)
    case = document_file(tmp_path, lambda _d: None)
    assert main(["evaluate", str(case)]) == 1
    err = capsys.readouterr().err
    assert "unexpected error KeyError" in err and "García" not in err
    log = isolated_user_dirs / "errors.log"
    assert oct(log.stat().st_mode & 0o777) == "0o600"
    logged = log.read_text(encoding="utf-8")
    assert "KeyError" in logged and "broken" in logged and "García" not in logged


def test_errors_log_is_never_written_through_a_link(
    isolated_user_dirs: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import clinic_desktop.rules.engine as engine

    monkeypatch.setattr(engine, "evaluate", lambda *_a, **_k: {}["missing"])
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("before\n")
    isolated_user_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_user_dirs / "errors.log").symlink_to(elsewhere)
    assert main(["evaluate", str(document_file(tmp_path, lambda _d: None))]) == 1
    assert "could not be written down" in capsys.readouterr().err
    assert elsewhere.read_text() == "before\n"
