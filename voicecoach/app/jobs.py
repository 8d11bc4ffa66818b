"""What every command starts from: the routine read, the sessions asked for, the settings
(command line over routine), the speech and the timelines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from voicecoach.app.environment import Environment
from voicecoach.audio.music import Music, find_music
from voicecoach.errors import VoicecoachError
from voicecoach.model import Routine, Session
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.plan.timeline import Timeline
from voicecoach.routine.reader import load_routine
from voicecoach.settings import Settings
from voicecoach.speech.cache import ClipCache
from voicecoach.speech.speech import Speech


@dataclass(frozen=True)
class Job:
    """A routine with the sessions asked for and the run's settings (voice resolved)."""

    routine: Routine
    sessions: tuple[Session, ...]
    settings: Settings


def pick_sessions(routine: Routine, wanted: str | None) -> tuple[Session, ...]:
    """All sessions, or the one named (case-insensitively) or numbered (from 1)."""
    if wanted is None:
        return routine.sessions
    for s in routine.sessions:
        if s.name.casefold() == wanted.strip().casefold():
            return (s,)
    if wanted.strip().isdigit() and 1 <= int(wanted) <= len(routine.sessions):
        return (routine.sessions[int(wanted) - 1],)
    known = ", ".join(f"{i}: {s.name}" for i, s in enumerate(routine.sessions, 1))
    raise VoicecoachError(f"no session '{wanted}' in {routine.source} (it has {known})")


def make_job(path: Path, session: str | None, settings: Settings) -> Job:
    routine = load_routine(path)
    return Job(routine, pick_sessions(routine, session), settings.with_voice(routine.voice))


def music_for(path: Path, job: Job) -> Music | None:
    """The music asked for (``--music``, else the routine's ``music:``, relative to the
    routine file), every track checked before any work starts; None if none."""
    s = job.settings
    if s.music is None and job.routine.music is None:
        return None
    where = s.music if s.music is not None else path.parent / Path(job.routine.music or "")
    return find_music(where.expanduser(), s.shuffle)


def make_speech(job: Job, env: Environment) -> Speech:
    def warn(message: str) -> None:  # the cache given up: one line, and the run goes on
        print(f"Warning: {message}", file=env.stderr, flush=True)

    return Speech(ClipCache(env.cache_dir, warn), job.settings.voice)


def timelines(job: Job, speech: Speech) -> list[Timeline]:
    options = PlanOptions(job.settings.verbosity)
    speech.gather(lambda length: [compile_session(job.routine, s, options, length)
                                  for s in job.sessions])  # clips made in parallel
    return [compile_session(job.routine, s, options, speech.length) for s in job.sessions]


def warnings(tls: list[Timeline]) -> list[str]:
    """What plan and export print on stderr (after "Warning: "): where a rest or a side
    switch grew to fit what is said."""
    return [f"{tl.session}: {w}" for tl in tls for w in tl.warnings]
