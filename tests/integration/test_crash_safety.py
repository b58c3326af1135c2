"""A writing process killed with SIGKILL at random moments loses no acknowledged save.

The child saves a draft over and over and prints "ack VERSION N" only after
each commit returned. The parent kills it at a random moment, then checks that
the file passes integrity_check and holds at least the last acknowledged save.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from clinic_desktop.domain.assessment import Assessment, History, Patient
from clinic_desktop.persistence.database import open_database
from clinic_desktop.services.assessments import AssessmentStore
from clinic_desktop.services.patients import PatientInput, PatientRegistry

KILLS = 100

CHILD = textwrap.dedent(
    """
    import sys
    from clinic_desktop.domain.assessment import Assessment, History, Patient
    from clinic_desktop.persistence.database import open_database
    from clinic_desktop.services.assessments import AssessmentStore
    from datetime import date

    url, assessment_id = sys.argv[1], int(sys.argv[2])
    store = AssessmentStore(open_database(url))
    stored = store.load(assessment_id)
    version = stored.version
    episodes = int(stored.assessment.history.episodes_per_week or 0)
    patient = stored.assessment.patient
    while True:
        episodes += 1
        assessment = Assessment(
            patient=patient,
            visit_date=date(2026, 11, 23),
            history=History(episodes_per_week=float(episodes), presentations=["skeletal_cramps"]),
        )
        version = store.save_draft(assessment_id, assessment, None, version)
        print(f"ack {version} {episodes}", flush=True)
    """
)


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_acknowledged_save(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    url = f"sqlite:///{path}"
    database = open_database(url)
    try:
        patient = PatientRegistry(database).create(
            PatientInput(mrn="K-1", family_name="Kill", given_name="Test", birth_date="1970-01-01")
        )
        first = Assessment(
            patient=Patient("K-1", "Kill", "Test", date(1970, 1, 1)),
            history=History(episodes_per_week=0.0),
        )
        assessment_id = AssessmentStore(database).start(patient.id, first).id
    finally:
        database.close()

    script = tmp_path / "writer.py"
    script.write_text(CHILD)
    randomness = random.Random(20261123)
    for round_number in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(script), url, str(assessment_id)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        first_ack = child.stdout.readline()
        assert first_ack.startswith("ack"), child.stderr.read() if child.stderr else ""
        time.sleep(randomness.uniform(0.0, 0.08))
        child.send_signal(signal.SIGKILL)
        remaining, _ = child.communicate()
        acks = [first_ack, *remaining.splitlines()]
        last_version, last_episodes = (int(x) for x in acks[-1].split()[1:3])

        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",), round_number
        database = open_database(url)
        try:
            stored = AssessmentStore(database).load(assessment_id)
        finally:
            database.close()
        assert stored.version >= last_version, round_number
        assert stored.assessment.history is not None
        assert (stored.assessment.history.episodes_per_week or 0) >= last_episodes, round_number
