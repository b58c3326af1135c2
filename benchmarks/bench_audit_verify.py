"""`clinic-desktop audit verify` as a whole process against a bare script doing the same work.

    .venv/bin/python benchmarks/bench_audit_verify.py [--sizes 10000,100000,1000000] [--rounds 3]

For each size a throw-away data folder gets a log of that many chained entries (written
in bulk with the program's own hashing, then anchored). Each round runs, interleaved,
ours (`clinic-desktop --data-dir D audit verify`: start-up, key checks, the streamed
walk, the backups' witnesses) and bare (`python -c` with sqlite3 and hmac: the same rows
in id order, the same canonical JSON and HMAC, the same link and id checks). Medians of
the wall time (both include the same small launcher process), and the peak resident set
of each (wait4's ru_maxrss).
Issue 13's figure before streaming: 100,000 entries took 2.7 s and 216 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from clinic_desktop.persistence.database import open_database
from clinic_desktop.persistence.models import AuditEntryRow
from clinic_desktop.services.audit import AuditLog, _timestamp
from clinic_desktop.services.audit_chain import GENESIS, Anchor, entry_hash

PROGRAM = Path(sys.executable).with_name("clinic-desktop")

BARE = r"""
import hashlib, hmac, json, sqlite3, sys
folder = sys.argv[1]
key = bytes.fromhex(open(folder + "/audit.key").read().strip())
connection = sqlite3.connect(folder + "/clinic.sqlite3")
rows = connection.execute(
    "SELECT id, at, username, action, patient_id, entity, entity_id, detail, prev_hash, hash"
    " FROM audit_entries ORDER BY id"
)
previous, expected, count = "0" * 64, 1, 0
for row in rows:
    entry_id, at = row[0], row[1]
    # SQLite keeps UTC as "2026-11-23 10:00:00.000000"; the hash covers the ISO form.
    at = at.replace(" ", "T", 1) + "+00:00"
    canonical = json.dumps([entry_id, at, *row[2:9]], ensure_ascii=False, separators=(",", ":"))
    digest = hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()
    if entry_id != expected or row[8] != previous or not hmac.compare_digest(digest, row[9]):
        sys.exit(f"broken at {entry_id}")
    previous, expected, count = row[9], entry_id + 1, count + 1
print(f"ok {count}")
"""


def build(folder: Path, size: int) -> None:
    """A data folder whose log holds `size` chained, anchored entries."""
    database = open_database(f"sqlite:///{folder / 'clinic.sqlite3'}")
    try:
        audit = AuditLog(database)  # makes the key and records its id, as a first start does
        key = audit.key
        previous = GENESIS
        start = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
        batch: list[dict[str, object]] = []
        for number in range(1, size + 1):
            at = start + timedelta(seconds=7 * number)
            entry: dict[str, object] = {
                "id": number,
                "at": at,
                "username": "dr.bench",
                "action": "patient_view" if number % 3 else "assessment_save",
                "patient_id": number % 5000 + 1,
                "entity": "patient",
                "entity_id": number % 5000 + 1,
                "detail": '{"version": 2}' if number % 3 == 0 else "{}",
                "prev_hash": previous,
            }
            digest = entry_hash(key, {**entry, "at": _timestamp(at)})
            entry["hash"] = digest
            previous = digest
            batch.append(entry)
            if len(batch) == 20_000 or number == size:
                with database.session() as session:
                    session.execute(insert(AuditEntryRow), batch)
                batch = []
        audit.key_store.write_anchor(key, Anchor(size, previous))
    finally:
        database.close()


# Measures one command's peak resident set from a small process: a child forked (or
# spawned with CLONE_VM) straight from this large benchmark process would count this
# process's pages in its own peak.
LAUNCHER = r"""
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_pid, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(f"{usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident MB and output of one whole process."""
    with tempfile.TemporaryDirectory() as directory:
        report = Path(directory) / "rusage"
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(report), *command],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        peak_kb, status = (int(part) for part in report.read_text().split())
    said = (result.stdout + result.stderr).strip()
    if status != 0:
        raise SystemExit(f"{command[:3]} failed: {said}")
    return seconds, peak_kb / 1024, said


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench-audit-") as directory:
            folder = Path(directory)
            os.environ["CLINIC_DESKTOP_DATA_DIR"] = directory
            build(folder, size)
            ours: list[tuple[float, float]] = []
            bare: list[tuple[float, float]] = []
            said = ""
            for _ in range(args.rounds):
                seconds, peak, said = timed(
                    [str(PROGRAM), "--data-dir", directory, "audit", "verify"]
                )
                ours.append((seconds, peak))
                seconds, peak, _out = timed([sys.executable, "-c", BARE, directory])
                bare.append((seconds, peak))
            ours_s = statistics.median(s for s, _m in ours)
            bare_s = statistics.median(s for s, _m in bare)
            rows.append(
                {
                    "entries": size,
                    "ours_s": round(ours_s, 3),
                    "bare_s": round(bare_s, 3),
                    "ratio": round(ours_s / bare_s, 2),
                    "ours_peak_mb": round(max(m for _s, m in ours), 1),
                    "bare_peak_mb": round(max(m for _s, m in bare), 1),
                    "said": said,
                }
            )
            print(json.dumps(rows[-1]), flush=True)
    print(f"\nload average {os.getloadavg()[0]:.1f}")
    print("| entries | ours, s | bare, s | ratio | ours peak MB | bare peak MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(
            f"| {row['entries']:,} | {row['ours_s']} | {row['bare_s']} | {row['ratio']} "
            f"| {row['ours_peak_mb']} | {row['bare_peak_mb']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
