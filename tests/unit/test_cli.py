"""The command line: sub-command dispatch without importing every command module."""

from __future__ import annotations

import subprocess
import sys

import pytest

from clinic_desktop import __version__
from clinic_desktop.cli import main, requested_command


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["evaluate", "case.json"], "evaluate"),
        (["--data-dir", "render", "check"], "check"),
        (["--database-url", "sqlite:///x", "--data-dir", "/d", "export", "3"], "export"),
        (["--version"], None),
        (["nonsense"], None),
        ([], None),
    ],
)
def test_the_requested_command_is_found_past_global_options(
    argv: list[str], expected: str | None
) -> None:
    assert requested_command(argv) == expected


def test_version_and_unknown_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as version:
        main(["--version"])
    assert version.value.code == 0
    assert capsys.readouterr().out.strip() == f"clinic-desktop {__version__}"
    with pytest.raises(SystemExit) as unknown:
        main(["frobnicate"])
    assert unknown.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_evaluate_does_not_import_qt_or_the_database_layer() -> None:
    code = (
        "import sys; from clinic_desktop.cli import build_parser; build_parser('evaluate'); "
        "print(sorted(m for m in ('PySide6', 'sqlalchemy', 'reportlab', 'simple_icd_10_cm') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
