"""The history's finished sessions as a program reads them, and ``voicecoach progress``
(kept apart from the jobs that plan and speak, so it starts fast)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from voicecoach.history import Entry, History
from voicecoach.model import Routine
from voicecoach.program import Done
from voicecoach.program.weeks import next_position

if TYPE_CHECKING:
    from voicecoach.app.environment import Environment


def done_of(entries: Sequence[Entry]) -> list[Done]:
    """Finished history entries (oldest first) as the program reads them."""
    return [Done(e.session, e.week, e.week_session, frozenset(n.casefold() for n in e.missed),
                 e.pain, e.id) for e in entries]


def finished(env: Environment, routine: Routine) -> list[Done]:
    """The routine's finished sessions (none when there is no history yet: reading never
    makes the database)."""
    path = env.history_file
    if not path.exists():
        return []
    store = History(path)
    try:
        return done_of(store.finished(routine.name, now=env.now()))
    finally:
        store.close()


def progress(path: Path, chart: Path | None, env: Environment) -> list[str]:
    """``voicecoach progress``: the report's lines (and the chart written, if asked)."""
    from voicecoach.program import report
    from voicecoach.routine.reader import load_routine

    routine = load_routine(path)
    done = finished(env, routine)
    at = next_position(routine, done) if routine.weeks else None
    out = report.lines(routine, done, at)
    if chart is not None:
        from voicecoach.app.chart import draw

        draw(routine.name, report.series(routine, done, at.week if at else 1), chart)
        out.append(f"Wrote {chart}")
    return out
