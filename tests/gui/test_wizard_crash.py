"""A visit killed with SIGKILL mid-typing keeps its draft: autosave reaches the file within a second."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clinic_desktop.persistence.database import Database
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.patients import PatientInput, PatientRegistry

VISIT = """
import sys, time
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

app = QApplication([])
from clinic_desktop.knowledge import load_knowledge
from clinic_desktop.persistence.database import open_database
from clinic_desktop.ui.wizard.wizard import AssessmentWizard

wizard = AssessmentWizard(open_database(sys.argv[1]), load_knowledge(), patient_id=int(sys.argv[2]), user="dr.k")
wizard.show()
page = wizard.view.pages["history"]
QTest.keyClicks(page.episodes.edit, "12")
QTest.keyClicks(page.duration.edit, "45")
QTest.keyClicks(page.pain, "6")
print("typed", flush=True)
while True:
    app.processEvents()
    time.sleep(0.005)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_a_visit_killed_a_second_after_the_last_keystroke_keeps_the_draft(
    tmp_path: Path, database: Database
) -> None:
    patient = PatientRegistry(database).create(
        PatientInput("X-9", "Killed", "Kay", "1970-01-01", "male", "en")
    )
    script = tmp_path / "visit.py"
    script.write_text(VISIT, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [
            sys.executable,
            str(script),
            str(database.url.render_as_string(hide_password=False)),
            str(patient.id),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        last_keystroke = time.monotonic()
        assert line.strip() == "typed", f"the visit did not start: {line!r}"
        time.sleep(max(0.0, last_keystroke + 1.0 - time.monotonic()))
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    draft = AssessmentStore(database).latest_draft(patient.id)
    assert draft is not None, "the draft was lost"
    history = draft.assessment.history
    assert history is not None
    assert history.episodes_per_week == 12
    assert history.episode_duration_seconds == 45
    assert history.pain_score == 6
