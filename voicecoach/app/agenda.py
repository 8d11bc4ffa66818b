"""``voicecoach calendar``: the routine's coming sessions as iCalendar events, each as long
as its plan, from the session due next. A program goes on from where its history is (the
week and session ``play`` would serve) to its last week, each event with its week's
sessions and lengths (once complete, its last week again, as ``play`` offers it); another
routine goes round its sessions from the ones done this week."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from voicecoach.app.environment import Environment
from voicecoach.app.jobs import Job, make_job, make_speech, timelines
from voicecoach.app.program import where
from voicecoach.errors import VoicecoachError
from voicecoach.history import History
from voicecoach.program.agenda import agenda, program_agenda
from voicecoach.program.ics import to_ical
from voicecoach.settings import CALENDAR_WEEKS, Settings
from voicecoach.speech.speech import Speech


def _lengths(job: Job, speech: Speech) -> dict[str, float]:
    """Each of the job's sessions' plan length, seconds, by name."""
    return {tl.session: tl.duration for tl in timelines(job, speech)}


def calendar(path: Path, at: time, weeks: int | None, per_week: int | None,
             env: Environment) -> bytes:
    """The iCalendar file of ``weeks`` weeks (default: a program's weeks left, else
    ``CALENDAR_WEEKS``; never past a program's end), ``per_week`` sessions a week (default:
    the routine's)."""
    asked = make_job(path, None, Settings())
    job, pos = where(asked, env)
    routine = job.routine
    per_week = per_week or routine.per_week
    if per_week is None:
        raise VoicecoachError(f"{path} has no schedule: {{per_week: N}} to spread its "
                              "sessions over the week; add one, or give --per-week N")
    speech = make_speech(job, env)
    now = env.now()
    done = _done_this_week(env, routine.name, now)
    if pos is None or routine.weeks is None:
        names = [s.name for s in routine.sessions]
        planned = agenda(now, at, per_week, weeks or CALENDAR_WEEKS, done, lambda week: names)
        lengths = _lengths(job, speech)
        return to_ical(routine.name, planned, lambda p: lengths[p.session], now,
                       lambda p: (f"Week {p.week}, session {p.number} of {per_week}. Play it "
                                  f"with: voicecoach play {path} --session "
                                  f"{names.index(p.session) + 1}"))
    left = routine.weeks - pos.week + 1
    by_week = {w: where(asked, env, week=w)[0] for w in range(pos.week, pos.week + min(
        weeks or left, left))}
    planned = program_agenda(now, at, per_week, done, (pos.week, pos.number), len(by_week),
                             pos.per_week, lambda w: [s.name for s in by_week[w].sessions])
    week_lengths = {w: _lengths(by_week[w], speech) for w in {p.week for p in planned}}
    again = " again" if pos.over else ""   # complete: play offers its last week again
    done_note = f"Program complete ({pos.week} weeks): " if pos.over else ""
    return to_ical(routine.name, planned, lambda p: week_lengths[p.week][p.session], now,
                   lambda p: (f"{done_note}Week {p.week}{again}, session {p.number} of "
                              f"{pos.per_week}. Play it with: voicecoach play {path}"),
                   lambda p: f"{routine.name}: Week {p.week}{again} · {p.session}")


def _done_this_week(env: Environment, routine: str, now: datetime) -> int:
    """The routine's sessions that count this week (reading never makes the database)."""
    if not env.history_file.exists():
        return 0
    with History(env.history_file) as store:
        return len(store.finished_this_week(routine, now))
