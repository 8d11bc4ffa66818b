"""``voicecoach calendar``: the routine's coming sessions as iCalendar events, each as long
as its plan, from the session due next (the history says how many this week has had)."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from voicecoach.app.environment import Environment
from voicecoach.app.jobs import make_job, make_speech, timelines
from voicecoach.errors import VoicecoachError
from voicecoach.history import History
from voicecoach.program.agenda import Planned, agenda
from voicecoach.program.ics import to_ical
from voicecoach.settings import CALENDAR_WEEKS, Settings


def calendar(path: Path, at: time, weeks: int | None, per_week: int | None,
             env: Environment) -> bytes:
    """The iCalendar file of ``weeks`` weeks (default: the program's ``schedule.weeks``,
    else ``CALENDAR_WEEKS``), ``per_week`` sessions a week (default: the routine's)."""
    job = make_job(path, None, Settings())
    routine = job.routine
    per_week = per_week or routine.per_week
    if per_week is None:
        raise VoicecoachError(f"{path} has no schedule: {{per_week: N}} to spread its "
                              "sessions over the week; add one, or give --per-week N")
    weeks = weeks or getattr(routine, "weeks", None) or CALENDAR_WEEKS  # schedule.weeks
    lengths = {tl.session: tl.duration for tl in timelines(job, make_speech(job, env))}
    now = env.now()
    done = len(History(env.data_dir / "history.sqlite3").finished_this_week(routine.name, now))
    names = [s.name for s in routine.sessions]

    def how(p: Planned) -> str:
        return (f"Week {p.week}, session {p.number} of {per_week}. Play it with: voicecoach "
                f"play {path} --session {names.index(p.session) + 1}")

    planned = agenda(now, at, per_week, weeks, done, lambda week: names)
    return to_ical(routine.name, planned, lengths, now, how)
