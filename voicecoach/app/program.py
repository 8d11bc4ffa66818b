"""Programs in the commands: the history's finished sessions as the program's input, where
the program is, and the job with the values of that week and what progression earned."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from voicecoach.app.environment import Environment
from voicecoach.app.jobs import Job, compiled, make_job, timelines, warnings
from voicecoach.app.progress import finished
from voicecoach.errors import VoicecoachError
from voicecoach.history import History
from voicecoach.model import Routine, Session
from voicecoach.plan import view
from voicecoach.program.progression import apply, replay
from voicecoach.program.weeks import Position, next_position, session_at, sessions_in
from voicecoach.speech.speech import Speech


def grows(routine: Routine) -> bool:
    """Does anything in the routine change by week or by progression?"""
    return routine.weeks is not None or any(
        b.progress is not None or any(e.progress is not None for e in b.exercises)
        for s in routine.sessions for b in s.blocks)


def where(job: Job, env: Environment, week: int | None = None, repeat_week: bool = False,
          asked: bool = False) -> tuple[Job, Position | None]:
    """The job with a program's values (its week's tables, what was earned) and where the
    program is (None when the routine is not a program). Without a session ``asked``, a
    program's job has the sessions of its week."""
    routine = job.routine
    if routine.weeks is None and (week is not None or repeat_week):
        raise VoicecoachError(f"--week and --repeat-week need a program: {routine.name} has "
                              "no schedule: weeks")
    if not grows(routine):
        return job, None
    done = finished(env, routine)
    at = next_position(routine, done, week, repeat_week) if routine.weeks else None
    resolved = apply(routine, at.week if at else 1, replay(routine, done))
    by_name = {s.name: s for s in resolved.sessions}
    sessions = tuple(by_name[s.name] for s in job.sessions)
    if at is not None and not asked:
        sessions = sessions_in(resolved, at.week)
    said = (at.week, 0, at.per_week) if at is not None else None
    return dataclasses.replace(job, routine=resolved, sessions=sessions, week=said), at


def described(job: Job, speech: Speech, env: Environment) -> tuple[str, list[str]]:
    """What ``validate`` says after a routine's name (each session's length, as ``plan``
    has it), and the warnings ``plan`` would give (a rest grown to fit what is said; a
    program's with the weeks they are in). A program: its weeks, each session with the
    weeks it runs and its lengths over them (the routine's values, nothing earned) and,
    with a history, where it is now: that week's sessions with what was earned. Another
    routine: its sessions, and with ``progress:`` and a history, their lengths now."""
    routine = job.routine
    now = None
    if grows(routine) and finished(env, routine):
        current, at = where(job, env)
        said = at.ahead() if at is not None else "with what was earned"
        now = f"{said}: " + view.now_tail([(tl.session, tl.duration)
                                          for tl in timelines(current, speech)])
    if routine.weeks is None:
        tls = timelines(job, speech)
        tail = view.validate_tail(routine.name, [(s.name, s.moves(), tl.duration)
                                                 for s, tl in zip(job.sessions, tls)])
        return (tail if now is None else f"{tail}\n  now: {now}"), warnings(tls)
    per_week = routine.per_week or 1
    spans = [(s, *(s.weeks or (1, routine.weeks))) for s in routine.sessions]
    at_week = {w: apply(routine, w, {}) for _, first, last in spans
               for w in range(first, last + 1)}
    plans = [(at_week[w], at_week[w].sessions[i], (w, 0, per_week))
             for i, (_, first, last) in enumerate(spans) for w in range(first, last + 1)]
    tls = compiled(job, speech, plans)
    lengths = [tl.duration for tl in tls]
    weeks: dict[tuple[str, str], list[int]] = {}
    for (_, _, (w, _, _)), tl in zip(plans, tls):
        for warning in tl.warnings:
            weeks.setdefault((tl.session, warning), []).append(w)
    grown = [f"{name} (week{'s' * (len(ws) > 1)} {_weeks(ws)}): {warning}"
             for (name, warning), ws in weeks.items()]
    runs, i = [], 0
    for s, first, last in spans:
        took = lengths[i:i + last - first + 1]
        i += len(took)
        runs.append(view.Runs(s.name, (first, last), s.moves(), min(took), max(took)))
    return view.program_tail(routine.weeks, routine.per_week, runs, now), grown


def _weeks(weeks: list[int]) -> str:
    """1, 2, 3, 5 -> '1 to 3, 5'."""
    runs: list[list[int]] = []
    for w in sorted(weeks):
        if runs and runs[-1][-1] == w - 1:
            runs[-1].append(w)
        else:
            runs.append([w])
    return ", ".join(f"{r[0]}" if len(r) == 1 else f"{r[0]} to {r[-1]}" for r in runs)


def due(job: Job, at: Position) -> str:
    """The name of the session due at ``at``."""
    return session_at(job.routine, at).name


def announce(at: Position, session: Session) -> str:
    """The line play prints when it picks a program's session (and the page shows):
    ``Week 3, session 2 of 3: Strength.``; once the program is complete, its last week is
    offered again: ``Program complete (9 weeks): week 9 again, session 1 of 3: Run.``"""
    if at.over:
        return f"Program complete ({at.week} weeks): {at.named()}: {session.name}."
    return f"{at.named().capitalize()}: {session.name}."


def another_week(at: Position) -> str | None:
    """What play adds once the program is complete: how to choose another week."""
    if not at.over:
        return None
    return f"To play another week: --week N (1 to {at.week})."


def log(path: Path, session: str | None, when: datetime | None, missed: tuple[str, ...],
        pain: int | None, env: Environment) -> str:
    """``voicecoach log``: record a session done away from the computer (from the phone) as
    finished at ``when`` (default: now): the one named, else the one due; ``missed`` names
    exercises of it that could not be finished. Returns the line to print."""
    from voicecoach.live.session import due_session
    from voicecoach.settings import Settings

    job, at = where(make_job(path, session, Settings()), env, asked=session is not None)
    store = History(env.history_file)
    try:
        if session is not None:
            chosen = job.sessions[0]
        elif at is not None:
            chosen = session_at(job.routine, at)
        else:
            chosen = job.routine.sessions[due_session(job.routine, store, env.now())[0]]
        names = named(missed, exercises(chosen), f"session '{chosen.name}'")
        stamp = env.now() if when is None else when if when.tzinfo else when.astimezone()
        row = store.log(job.routine.name, chosen.name, job.routine.per_week, stamp,
                        (at.week, at.number) if at else None, names, pain,
                        job.routine.weeks if at else None)
    finally:
        store.close()
    week = f" ({'program complete: ' * at.over}{at.named()})" if at else ""
    told = f"; missed: {', '.join(names)}" if names else ""
    told += f"; pain {pain}" if pain is not None else ""
    return f"Logged {chosen.name}{week} on {stamp:%Y-%m-%d %H:%M} as entry {row}{told}."


def played(path: Path, session: str, when: datetime, env: Environment) -> str:
    """A session played to its end on the phone (sync): logged as done at ``when`` once a
    day (local dates); a report of it again that day is not. Returns the line to print."""
    from voicecoach.settings import Settings

    routine = make_job(path, session, Settings()).routine
    when = when.astimezone(env.now().tzinfo)   # the computer's zone
    day = when.replace(hour=0, minute=0, second=0, microsecond=0)
    store = History(env.history_file)
    try:
        again = any(e.place == "phone" and e.routine == routine.name and e.session == session
                    and e.started.astimezone(when.tzinfo).date() == day.date()
                    for e in store.entries(day, limit=-1, now=env.now()))
    finally:
        store.close()
    if again:
        return f"{session} was recorded on {day:%Y-%m-%d} already."
    return log(path, session, when, (), None, env)


def exercises(session: Session) -> list[str]:
    """The session's exercise names, in order, each once."""
    return list(dict.fromkeys(e.name for b in session.blocks for e in b.exercises))


def named(wanted: Iterable[str], names: list[str], where: str) -> tuple[str, ...]:
    """The exercises named (case-insensitively) or numbered (from 1) in ``wanted``, as the
    routine spells them, each once."""
    out = []
    for want in (w.strip() for w in wanted):
        number = int(want) if want.isdigit() and len(want) < 4 else 0
        found = names[number - 1] if 1 <= number <= len(names) else next(
            (n for n in names if n.casefold() == want.casefold()), None)
        if found is None:
            raise VoicecoachError(f"no exercise '{want}' in {where} (it has "
                                  f"{', '.join(names)})")
        out.append(found)
    return tuple(dict.fromkeys(out))


def answered(answer: str, names: list[str]) -> tuple[str, ...]:
    """The exercises missed, from the answer to "Anything you could not finish?": numbers or
    names separated by commas; nothing (or no) for none."""
    if answer.strip().casefold() in ("", "no", "n", "none", "nothing"):
        return ()
    return named([p for p in answer.split(",") if p.strip()], names, "this session")
