"""What the commands do, wired to the real adapters; the CLI only parses and prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from voicecoach.errors import VoicecoachError
from voicecoach.model import Routine, Session, Verbosity, Voice
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.plan.timeline import Timeline
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
    speech.gather(lambda length: [compile_session(job.routine, s, options, length)
                                  for s in job.sessions])  # clips made in parallel
    return [compile_session(job.routine, s, options, speech.length) for s in job.sessions]
