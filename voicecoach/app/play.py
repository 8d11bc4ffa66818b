"""`voicecoach play`: choose the session (asked on a terminal, else the one due), plan it,
then play it through the environment's sink, controls and view, keeping the history."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path

from voicecoach.app import program
from voicecoach.app.environment import Environment
from voicecoach.app.jobs import Job, make_job, make_speech, music_for, timelines
from voicecoach.history import History
from voicecoach.listen.listener import listener_for
from voicecoach.live import session as live
from voicecoach.live.controls import KeysAndVoice
from voicecoach.live.player import Outcome, Sink, View
from voicecoach.live.view import PlainView, TerminalView
from voicecoach.model import Session
from voicecoach.settings import Settings

# Asks which session (the sessions, the number offered) and returns the number chosen.
Ask = Callable[[list[str], int], int]


def choose(job: Job, history: History, env: Environment, ask: Ask) -> tuple[Session, str]:
    """The session to play, and a line for stderr when it was picked without asking."""
    routine = job.routine
    due, done = live.due_session(routine, history, env.now())
    sessions = routine.sessions
    if len(sessions) > 1 and env.interactive:
        lines = [f"  {i}. {s.name}{'  (due)' if i == due + 1 else ''}"
                 for i, s in enumerate(sessions, 1)]
        return sessions[ask(lines, due + 1) - 1], ""
    week = f", {done} of {routine.per_week} this week" if routine.per_week else ""
    note = ""
    if len(sessions) > 1:
        note = (f"Playing session {due + 1} of {len(sessions)}: {sessions[due].name} "
                f"(the one due{week}).")
    return sessions[due], note


def play(path: Path, session: str | None, start_at: str | None, settings: Settings,
         env: Environment, ask: Ask, note: Callable[[str], None], week: int | None = None,
         repeat_week: bool = False, tell: live.Tell | None = None) -> tuple[Session, Outcome]:
    """Play one session live from ``start_at`` (an exercise, or the start); a program's
    session is the one due (or the first of ``week``), with its week's values. The sound
    device opens (a quarter of a second) while the session is prepared."""
    with ThreadPoolExecutor(1) as pool:
        opening = pool.submit(env.sink, settings.output)
        try:
            with History(env.history_file) as history:
                return _play(path, session, start_at, settings, env, ask, note, opening,
                             history, week, repeat_week, tell)
        finally:
            opening.add_done_callback(_close)  # once open, however play ended


def _close(opening: Future[Sink]) -> None:
    if opening.exception() is None:  # a device that could not open is the error shown
        opening.result().close()


def _play(path: Path, session: str | None, start_at: str | None, settings: Settings,
          env: Environment, ask: Ask, note: Callable[[str], None], opening: Future[Sink],
          history: History, week: int | None, repeat_week: bool,
          tell: live.Tell | None) -> tuple[Session, Outcome]:
    job, at = program.where(make_job(path, session, settings), env, week, repeat_week,
                            session is not None)
    if session:
        chosen = job.sessions[0]
    elif at is not None:
        chosen = next(s for s in job.sessions if s.name == program.due(job, at))
        note(program.announce(at, chosen))
        hint = program.another_week(at)
        if hint:
            note(hint)
    else:
        chosen, said = choose(job, history, env, ask)
        if said:
            note(said)
    if at is not None:
        job = dataclasses.replace(job, week=(at.week, at.number, at.per_week))
    job = dataclasses.replace(job, sessions=(chosen,))
    music = music_for(path, job, env.cache_dir)
    for warning in [*job.routine.warnings, *(music.warnings if music else [])]:
        note(f"Warning: {warning}")
    speech = make_speech(job, env)
    tl = timelines(job, speech)[0]
    start = live.start_of(tl, start_at)
    voice = listener_for([c.text for c in tl.cues]) if settings.listen else None
    sink = opening.result()
    view: View = (TerminalView(env.stdout, job.phrases.screen) if env.stdout_isatty
                  else PlainView(env.stdout))
    try:
        with env.controls() as keys, voice or nullcontext():
            controls = KeysAndVoice(keys, voice) if voice else keys
            outcome = live.play(job.routine, chosen, tl, speech, sink, controls, view, history,
                                start, env.now, env.cache_dir, job.phrases,
                                silent=settings.output == "silent", music=music,
                                music_level=settings.music_level,
                                monitor=voice.played if voice else None,
                                week=(at.week, at.number) if at else None)
    finally:
        view.close()
    if tell is not None and env.interactive:   # the keys and the status line are done
        live.ask_missed(outcome, chosen, tl, history, tell)
    return chosen, outcome
