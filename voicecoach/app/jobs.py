"""What the commands do, wired to the real adapters; the CLI only parses and prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from voicecoach.errors import VoicecoachError
from voicecoach.model import Routine, Session, Verbosity, Voice
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.plan.timeline import Timeline
from voicecoach.plan.view import validate_line
from voicecoach.routine.reader import load_routine
from voicecoach.speech.cache import ClipCache, default_dir
from voicecoach.speech.speech import Speech


@dataclass(frozen=True)
class Job:
    """A routine with the sessions asked for, a voice and a verbosity."""

    routine: Routine
    sessions: tuple[Session, ...]
    voice: Voice
    verbosity: Verbosity


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


def make_job(path: Path, session: str | None, voice: Voice,
             verbosity: Verbosity = "normal") -> Job:
    routine = load_routine(path)
    return Job(routine, pick_sessions(routine, session), voice.over(routine.voice), verbosity)


def make_speech(voice: Voice) -> Speech:
    return Speech(ClipCache(default_dir()), voice)


def timelines(job: Job, speech: Speech) -> list[Timeline]:
    options = PlanOptions(job.verbosity)
    return [compile_session(job.routine, s, options, speech.length) for s in job.sessions]


def warnings(tls: list[Timeline]) -> list[str]:
    """The lines plan and export print on stderr: where a rest or switch grew to fit."""
    return [f"Warning: {tl.session}: {w}" for tl in tls for w in tl.warnings]


def validate_summary(path: Path, verbosity: Verbosity = "normal") -> str:
    """validate's line for a routine file: each session's length as plan computes it
    (the same compile, with the routine's voice), so validate, plan and export agree."""
    routine = load_routine(path)
    job = Job(routine, routine.sessions, routine.voice, verbosity)
    tls = timelines(job, make_speech(routine.voice))
    return validate_line(str(path), routine.name,
                         [(s.name, s.moves(), tl.duration)
                          for s, tl in zip(routine.sessions, tls)])
