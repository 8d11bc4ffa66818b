"""The commands that only read and report: validate, plan, history. Each returns the lines
to print (and warnings for stderr); the CLI prints them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from voicecoach.app.environment import Environment
from voicecoach.app.jobs import make_job, make_speech, timelines, warnings
from voicecoach.history import History, week_start
from voicecoach.plan import view
from voicecoach.settings import Settings


@dataclass
class Report:
    """What a command prints: ``out`` on stdout, ``warnings`` on stderr."""

    out: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def validate(paths: tuple[Path, ...], env: Environment) -> Iterator[str]:
    """A summary line per valid file, with each session's one length: the plan's (the same
    compile, with the routine's voice), so validate, plan and export agree. The first
    broken file raises its RoutineError."""
    for path in paths:
        job = make_job(path, None, Settings())
        tls = timelines(job, make_speech(job, env))
        yield view.validate_line(str(path), job.routine.name,
                                 [(s.name, s.moves(), tl.duration)
                                  for s, tl in zip(job.sessions, tls)])


def plan(path: Path, session: str | None, settings: Settings, as_json: bool,
         env: Environment) -> Report:
    """The cue sheet (or ``plan --json``) of the sessions asked for."""
    job = make_job(path, session, settings)
    tls = timelines(job, make_speech(job, env))
    report = Report(warnings=warnings(tls))
    if as_json:
        objs = [view.to_json(tl) for tl in tls]
        report.out.append(json.dumps(objs[0] if len(objs) == 1 else objs, ensure_ascii=False,
                                     indent=1))
    else:
        report.out.append("\n".join(view.cue_sheet(tl) for tl in tls).removesuffix("\n"))
    return report


def history(week: bool, env: Environment) -> list[str]:
    """Sessions played (newest first) and this week's count against each schedule."""
    now = env.now()
    store = History(env.data_dir / "history.sqlite3")
    entries = store.entries(week_start(now) if week else None)
    lines = []
    if not entries:
        lines.append("No sessions played yet." if not week else "No sessions this week.")
    for e in entries:
        took = f"{(e.ended - e.started).seconds // 60:3d} min" if e.ended else "      "
        lines.append(f"{e.started:%Y-%m-%d %H:%M}  {took}  {e.status:<8}  {e.routine} — "
                     f"{e.session} ({e.done} done, {e.skipped} skipped)")
    for name, per_week in sorted({(e.routine, e.per_week) for e in entries if e.per_week}):
        done = len(store.finished_this_week(name, now))
        lines.append(f"{name}: {done} of {per_week} this week")
    return lines
