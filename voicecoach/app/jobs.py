"""What every command starts from: the routine read, the sessions asked for, the settings
(command line over routine), the speech and the timelines."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from voicecoach.app.environment import Environment
from voicecoach.errors import VoicecoachError
from voicecoach.model import Routine, Session
from voicecoach.phrases import pack
from voicecoach.phrases.pack import Pack
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.plan.timeline import Timeline
from voicecoach.routine.reader import load_routine
from voicecoach.settings import Settings
from voicecoach.speech.cache import ClipCache
from voicecoach.speech.speech import Speech

if TYPE_CHECKING:
    from voicecoach.audio.music import Music


@dataclass(frozen=True)
class Job:
    """A routine with the sessions asked for, the run's settings (voice resolved) and the
    phrase pack of its language (with the routine's own wording)."""

    routine: Routine
    sessions: tuple[Session, ...]
    settings: Settings
    phrases: Pack
    week: tuple[int, int, int] | None = None    # a program's (week, session or 0, per week)


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


def phrases_for(routine: Routine, settings: Settings) -> Pack:
    """The pack of the run's language (the command line's, else the routine's); the
    routine's ``phrases:`` apply when that is the language they were written in."""
    written = routine.language or "en"
    language = settings.language or written
    return pack(language, dict(routine.phrases) if language == written else None)


def in_language(routine: Routine, say: Pack) -> Routine:
    """The routine with the sessions it does not name named in the pack's language."""
    sessions = tuple(s if s.named else dataclasses.replace(
        s, name=say.part("session_name", number=i)) for i, s in enumerate(routine.sessions, 1))
    return dataclasses.replace(routine, sessions=sessions)


def make_job(path: Path, session: str | None, settings: Settings) -> Job:
    """The job of a command; a language other than English, with no voice given, picks an
    installed voice that speaks it."""
    routine = load_routine(path)
    say = phrases_for(routine, settings)
    run = settings.with_voice(routine.voice)
    if run.voice.voice is None and say.language != "en":
        from voicecoach.speech.language import voice_for

        g = say.grammar
        voice = dataclasses.replace(run.voice, voice=voice_for(g.code, g.name, g.voices))
        run = dataclasses.replace(run, voice=voice)
    routine = in_language(routine, say)
    return Job(routine, pick_sessions(routine, session), run, say)


def music_for(path: Path, job: Job, cache_dir: Path | None = None) -> Music | None:
    """The music asked for (``--music``, else the routine's ``music:``, relative to the
    routine file), every track checked before any work starts (what was checked before
    and is unchanged is known in ``cache_dir``); None if none."""
    s = job.settings
    if s.music is None and job.routine.music is None:
        return None
    from voicecoach.audio.music import find_music

    where = s.music if s.music is not None else path.parent / Path(job.routine.music or "")
    return find_music(where.expanduser(), s.shuffle,
                      known=cache_dir / "music" if cache_dir is not None else None)


def make_speech(job: Job, env: Environment) -> Speech:
    def warn(message: str) -> None:  # the cache given up: one line, and the run goes on
        print(f"Warning: {message}", file=env.stderr, flush=True)

    return Speech(ClipCache(env.cache_dir, warn), job.settings.voice)


def timelines(job: Job, speech: Speech) -> list[Timeline]:
    return compiled(job, speech, [(job.routine, s, job.week) for s in job.sessions])


# A session to plan: its routine (with a week's values), the session, the program's
# (week, session or 0, per week) said in its opening (None: not a program).
Planned = tuple[Routine, Session, tuple[int, int, int] | None]


def compiled(job: Job, speech: Speech, plans: Sequence[Planned]) -> list[Timeline]:
    """The timelines of ``plans`` in the job's settings and language, every clip they need
    made in parallel first."""
    def made(length: Callable[[str], float]) -> list[Timeline]:
        return [compile_session(routine, s, PlanOptions(job.settings.verbosity, job.phrases,
                                                        week), length)
                for routine, s, week in plans]

    first = speech.gather(made)
    if first is not None:  # every length was in the cache: the plan is already true
        return first
    return made(speech.length)


def warnings(tls: list[Timeline]) -> list[str]:
    """What plan and export print on stderr (after "Warning: "): where a rest or a side
    switch grew to fit what is said."""
    return [f"{tl.session}: {w}" for tl in tls for w in tl.warnings]
