"""`history` and `progress` with 1,000 sessions of the strength program in the history
(target ≤ 300 ms each): medians of 7 runs of the installed command."""

from __future__ import annotations

import statistics
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from benchmarks.history_bench import timed
from voicecoach.history import History

SESSIONS = 1000
ROUTINE = Path(__file__).resolve().parent.parent / "routines" / "glute-minimus-strength.yaml"


def fill(data: Path) -> None:
    """A history of SESSIONS finished sessions, one every other day, some with misses."""
    store = History(data / "history.sqlite3")
    start = datetime(2023, 1, 2, 18, 0, tzinfo=timezone.utc)
    with store.db:   # one transaction: filling is not what is measured
        for i in range(SESSIONS):
            session = "Strength" if i % 3 != 1 else "Stretch and cool-down"
            missed = '["Curtsy lunges"]' if i % 7 == 0 else "[]"
            when = (start + timedelta(days=2 * i)).isoformat(timespec="seconds")
            store.db.execute(
                "INSERT INTO sessions (routine, session, per_week, started, ended, status, "
                "week, week_session, missed, pain, place) VALUES (?, ?, 3, ?, ?, 'finished', "
                "?, ?, ?, ?, 'phone')",
                ("Gluteus minimus strength", session, when, when, min(8, 1 + i // 3),
                 1 + i % 3, missed, i % 5))
    store.close()


def run(tmp: Path, env: dict[str, str]) -> None:
    data = tmp / "program-data"
    fill(data)
    env = {**env, "VOICECOACH_DATA_DIR": str(data)}
    exe = str(Path(sys.executable).with_name("voicecoach"))
    for args in (["history"], ["progress", str(ROUTINE)]):
        times = timed([exe, *args], env, 7)
        print(f"voicecoach {args[0]} ({SESSIONS} sessions): "
              f"{statistics.median(times) * 1000:.0f} ms median of 7 (min {min(times) * 1000:.0f}, "
              f"max {max(times) * 1000:.0f}; target ≤ 300 ms)")
