"""The commands that only read and report: validate, plan, history. Each returns the lines
to print (and warnings for stderr); the CLI prints them. Speech and planning are imported
by the commands that use them, so ``history`` starts fast."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from voicecoach.app.environment import Environment
from voicecoach.durations import said
from voicecoach.errors import VoicecoachError
from voicecoach.history import Entry, History, week_start
from voicecoach.settings import Settings


@dataclass
class Report:
    """What a command prints: ``out`` on stdout, ``warnings`` on stderr."""

    out: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


Level = Literal["ok", "warning", "error"]


def validate(paths: tuple[Path, ...], env: Environment) -> Iterator[tuple[Level, str, str]]:
    """(level, text, end) for every file: a summary line per valid file, with each
    session's one length (the plan's: the same compile, with the routine's voice, so
    validate, plan and export agree; a program's over its weeks: ``program.described``),
    after a ``Warning:`` line for each thing that reads oddly (and before one for each rest
    grown to fit what is said, as ``plan`` warns); for a broken one an
    ``Error:`` line per mistake (up to 20 a file). Every file is checked. A valid file's
    line comes in two parts: what the checks found at once (``end`` ''), the lengths when
    the speech is made (it can take seconds with an empty cache)."""
    from voicecoach.app.jobs import make_job, make_speech
    from voicecoach.app.program import described
    from voicecoach.plan import view
    from voicecoach.routine.reader import check_voice

    for path in paths:
        head = False
        try:
            job = make_job(path, None, Settings())
            check_voice(path, job.routine)
            speech = make_speech(job, env)
            for warning in job.routine.warnings:
                yield "warning", f"Warning: {warning}", "\n"
            yield "ok", view.validate_head(str(path), job.routine.name), ""
            head = True
            tail, grown = described(job, speech, env)
        except VoicecoachError as exc:
            if head:
                yield "ok", "length unknown", "\n"
            for line in str(exc).splitlines():
                yield "error", f"Error: {line}", "\n"
            continue
        yield "ok", tail, "\n"
        for warning in grown:   # known once the sessions are planned
            yield "warning", f"Warning: {warning}", "\n"


def plan(path: Path, session: str | None, settings: Settings, as_json: bool,
         env: Environment, week: int | None = None, repeat_week: bool = False) -> Report:
    """The cue sheet (or ``plan --json``) of the sessions asked for (a program's: those of
    the week it is in, or ``week``, with what progression earned)."""
    from voicecoach.app.jobs import make_job, make_speech, timelines, warnings
    from voicecoach.app.program import where
    from voicecoach.plan import view

    job, _ = where(make_job(path, session, settings), env, week, repeat_week, session is not None)
    tls = timelines(job, make_speech(job, env))
    report = Report(warnings=[*job.routine.warnings, *warnings(tls)])
    if as_json:
        objs = [view.to_json(tl) for tl in tls]
        report.out.append(json.dumps(objs[0] if len(objs) == 1 else objs, ensure_ascii=False,
                                     indent=1))
    else:
        report.out.append("\n".join(view.cue_sheet(tl) for tl in tls).removesuffix("\n"))
    return report


def phrases(language: str) -> list[str]:
    """Every phrase key of a language with its template, as YAML a routine's ``phrases:``
    can take, each under a comment saying what it is and the placeholders it offers."""
    from voicecoach.phrases import pack
    from voicecoach.phrases.keys import KEYS

    say = pack(language)
    lines = [f"# {say.grammar.name} ({language}): put any of these under a routine's "
             "phrases: to change it.",
             "# A number placeholder can pick its words: {sets:one set|# sets} (# is the "
             "number);", "# f: or m: before them makes the number agree: "
             "{sets:f:une série|# séries}.", "phrases:"]
    for key, info in KEYS.items():
        offered = " ".join("{" + p + "}" for p in info.placeholders) or "none"
        lines.append(f"  # {info.help}; placeholders: {offered}")
        lines.append(f"  {key}: {json.dumps(say.templates[key], ensure_ascii=False)}")
    return lines


def _took(seconds: float) -> str:
    """How long a session took, rounded as the coach says it at the end ('12 min' where it
    said "12 minutes"; '11 min' where it said "11 minutes 35 seconds")."""
    whole = said(seconds)
    return f"{whole} s" if whole < 60 else f"{whole // 60} min"


def row(e: Entry) -> str:
    """One history line: id, start, length, status (``phone`` for a session done from the
    phone), the session, then its counts, program week, exercises missed and pain."""
    phone = e.place == "phone"
    took = "" if e.seconds is None or phone else _took(e.seconds)
    told = ["done from the phone" if phone else
            f"{e.done} done, {e.skipped} skipped{', silent' if e.silent else ''}"]
    if e.week is not None:
        told.append(f"week {e.week}" + (f", session {e.week_session}"
                                        if e.week_session is not None else ""))
    if e.missed:
        told.append(f"missed: {', '.join(e.missed)}")
    if e.pain is not None:
        told.append(f"pain {e.pain}")
    return (f"{e.id:>4}  {e.started:%Y-%m-%d %H:%M}  {took:>7}  "
            f"{'phone' if phone else e.status:<11}  {e.routine} — {e.session} "
            f"({'; '.join(told)})")


def history(week: bool, env: Environment) -> Report:
    """Sessions played (newest first, short ones in seconds, with their ids for
    ``--delete``); then, for each routine with a schedule played in the last 12 weeks,
    this week's count against it, the streak and the grid."""
    from voicecoach.app.history_views import summaries

    now = env.now()
    with History(env.history_file) as store:
        entries = store.entries(week_start(now) if week else None, now=now)
        unreadable = store.unreadable
        every = store.every_entry(now)
    report = Report()
    if unreadable:
        report.warnings.append(
            f"history database {store.path}: {unreadable} entr"
            f"{'ies' if unreadable != 1 else 'y'} with an unreadable time left out")
    if not entries:
        report.out.append("No sessions played yet." if not week else "No sessions this week.")
    report.out += [row(e) for e in entries]
    report.out += summaries(every, now)
    return report


def history_csv(week: bool, env: Environment) -> str:
    """``history --export csv``: every entry (this week's with ``week``), oldest first."""
    from voicecoach.app.history_views import as_csv

    now = env.now()
    with History(env.history_file) as store:
        return as_csv(store.entries(week_start(now) if week else None, limit=-1, now=now))


def forget(delete_id: int | None, env: Environment, confirm: Callable[[str], bool]) -> str:
    """Delete one history entry (or all, with ``delete_id`` None), asking ``confirm`` first
    on a terminal; returns what was done."""
    what = "every entry" if delete_id is None else f"entry {delete_id}"
    with History(env.history_file) as store:
        if env.interactive and not confirm(f"Delete {what} of the history?"):
            return "Nothing deleted."
        if delete_id is None:
            n = store.clear()
            return f"Deleted {n} entr{'ies' if n != 1 else 'y'}."
        if store.delete(delete_id):
            return f"Deleted entry {delete_id}."
    raise VoicecoachError(f"no history entry {delete_id} (see 'voicecoach history')")
