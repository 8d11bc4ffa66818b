"""``voicecoach history`` and ``history --export csv`` with 1,000 sessions in the database,
as a subprocess (what a person waits for), median of several runs with their spread."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from voicecoach.history import History

SESSIONS = 1000


def fill(data: Path, now: datetime) -> None:
    """1,000 finished sessions of two routines, Mon/Wed/Fri back from this week."""
    h = History(data / "history.sqlite3")
    day = now.replace(hour=18, minute=0, second=0, microsecond=0)
    for i in range(SESSIONS):
        week, slot = divmod(i, 3)
        when = day - timedelta(days=7 * week + (0, 2, 4)[slot])
        routine = "Legs" if i % 4 else "Stretch"
        h.end(h.start(routine, f"S{slot + 1}", 3, when), "finished", 6, 0,
              when + timedelta(minutes=25))
    h.close()


def timed(cmd: list[str], env: dict[str, str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        out.append(time.perf_counter() - start)
    return out


def run(tmp: Path, env: dict[str, str], runs: int = 9) -> None:
    data = tmp / "history-data"
    fill(data, datetime.now().astimezone())
    env = {**env, "VOICECOACH_DATA_DIR": str(data)}
    exe = str(Path(sys.executable).with_name("voicecoach"))
    floor = statistics.median(timed([exe, "--version"], env, runs)) * 1000
    for args in (["history"], ["history", "--export", "csv"]):
        t = [s * 1000 for s in timed([exe, *args], env, runs)]
        print(f"voicecoach {' '.join(args)} ({SESSIONS} sessions): "
              f"{statistics.median(t):.0f} ms median of {runs} (min {min(t):.0f}, "
              f"max {max(t):.0f}; target ≤ 300 ms; --version takes {floor:.0f})")
