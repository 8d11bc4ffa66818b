"""What the page shows of a program: where it is ("Week 3, session 2 of 3: …"), this week
and the streak, each growing exercise's values (the `progress` report's lines, with their
sparklines) and, when matplotlib can be imported, the `progress --chart` SVG."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from voicecoach.app.environment import Environment
from voicecoach.app.history_views import standing as week_line
from voicecoach.app.program import announce, grows
from voicecoach.app.progress import done_of
from voicecoach.history import History
from voicecoach.model import Routine
from voicecoach.program import report
from voicecoach.program.streak import Sessions
from voicecoach.program.weeks import next_position, session_at


@dataclass(frozen=True)
class Standing:
    """One routine's program on the page: ``chart`` is a file name in the public folder."""

    name: str
    next: str | None            # "Week 3, session 2 of 3: Strength." (None: no weeks)
    streak: str                 # "Ladder: 1 of 2 this week, 1 more by Sunday; no streak"
    values: tuple[str, ...]     # a growing exercise a line, as `progress` prints it
    chart: str | None = None


def standing(routine: Routine, env: Environment, public: Path) -> Standing | None:
    """The routine's standing (None when nothing in it grows), its chart written."""
    if not grows(routine):
        return None
    runs = []
    if env.history_file.exists():   # reading never makes the database
        store = History(env.history_file)
        try:
            runs = store.finished(routine.name, now=env.now())
        finally:
            store.close()
    done = done_of(runs)
    at = next_position(routine, done) if routine.weeks else None
    said = announce(at, session_at(routine, at)) if at else None
    now = env.now()
    streak = Sessions([e.started for e in runs], routine.per_week, now.tzinfo).streak(now)
    lines = report.lines(routine, done, at)[1:]
    return Standing(routine.name, said, week_line(routine.name, streak),
                    tuple(line.strip() for line in lines),
                    chart(routine, report.series(routine, done, at.week if at else 1), public))


def chart(routine: Routine, found: list[report.Series], public: Path) -> str | None:
    """The chart as an SVG in ``public`` named by its content (None without matplotlib)."""
    if not found:
        return None
    try:
        import matplotlib  # noqa: F401  (only to know it is there)

        from voicecoach.app.chart import draw
    except ImportError:
        return None
    tmp = public / f".chart.{os.getpid()}.svg"
    draw(routine.name, found, tmp)
    name = f"progress-{hashlib.sha256(tmp.read_bytes()).hexdigest()[:12]}.svg"
    os.replace(tmp, public / name)
    return name
