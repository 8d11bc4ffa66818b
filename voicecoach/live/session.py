"""Live play of one planned session: which session is due, where ``--from`` starts, the
level (measured once per timeline and voice, then kept in the cache so a session starts at
once the second time), and the history row kept however play ends."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

import numpy as np

from voicecoach.audio import bed as music_bed
from voicecoach.audio.clip import Clip
from voicecoach.audio.levels import Leveller
from voicecoach.audio.music import Music
from voicecoach.errors import VoicecoachError
from voicecoach.live.controls import Controls
from voicecoach.live.player import Monitor, Outcome, Player, Sink, View, ready
from voicecoach.model import Routine, Session
from voicecoach.model import Voice as VoiceSettings
from voicecoach.phrases import ENGLISH, PhrasePack
from voicecoach.plan.layout import items
from voicecoach.plan.timeline import Timeline
from voicecoach.settings import cache_key


class Voice(Protocol):
    """The speech live play needs: clips of phrases, and a key naming voice and engine."""

    def clip(self, text: str) -> Clip: ...

    def engine(self) -> str: ...

    def key_voice(self) -> VoiceSettings: ...


# asked after a finished session on a terminal: the session's exercises → those missed
Tell = Callable[[list[str]], tuple[str, ...]]


class Log(Protocol):
    """Where sessions played are recorded."""

    def start(self, routine: str, session: str, per_week: int | None, now: datetime,
              silent: bool = False, week: tuple[int, int] | None = None,
              weeks: int | None = None) -> int: ...

    def end(self, row: int, status: str, done: int, skipped: int, now: datetime) -> None: ...

    def told(self, row: int, missed: tuple[str, ...], pain: int | None) -> None: ...

    def finished_this_week(self, routine: str, now: datetime) -> Sequence[object]: ...


def due_session(routine: Routine, history: Log, now: datetime) -> tuple[int, int]:
    """The index of the session due next (sessions go round in order through the week),
    and how many of the routine's sessions were finished this week."""
    done = len(history.finished_this_week(routine.name, now))
    return done % len(routine.sessions), done


def start_of(tl: Timeline, wanted: str | None) -> float:
    """Where ``--from`` starts: the opening of the exercise named (or numbered from 1), so
    play opens with its announcement and full countdown (never the session intro)."""
    if wanted is None:
        return 0.0
    key = wanted.strip().casefold()
    for ch in tl.chapters:   # a plain name, or "Block: Name", in a circuit: its first round
        title, name = ch.title.casefold(), ch.exercise.casefold()
        if key in (title, title.rpartition(": ")[2], name) or \
                (key.endswith(": " + name) and title.startswith(key + " (")):
            return ch.begin
    if key.isdigit() and 1 <= int(key) <= len(tl.chapters):
        return tl.chapters[int(key) - 1].begin
    known = ", ".join(f"{i}: {c.title}" for i, c in enumerate(tl.chapters, 1))
    raise VoicecoachError(f"no exercise '{wanted}' in session '{tl.session}' (it has {known})")


def counted(tl: Timeline, outcome: Outcome) -> tuple[int, int]:
    """Exercises done and skipped, counted as the opening and the plan count them: a
    circuit's exercise once. Done: every round of it played to the end; skipped: a round
    of it skipped."""
    undone = [i for i in range(len(tl.chapters)) if i not in outcome.done]
    return len(tl.exercises() - tl.exercises(undone)), len(tl.exercises(outcome.skipped))


def _level_path(tl: Timeline, speech: Voice, cache_dir: Path, music: object = None) -> Path:
    digest = cache_key(speech.engine(), speech.key_voice(), "levels",
                       [(c.start, c.kind, c.spoken) for c in tl.cues],
                       *([music] if music is not None else []))
    return cache_dir / "levels" / f"{digest}.json"


def leveller_for(tl: Timeline, speech: Voice, cache_dir: Path, music: Music | None = None,
                 music_level: float | None = None) -> Leveller:
    """The session's live levels; the gain measured once and then kept in the cache. With
    ``music``, the ducked bed under it too (``levels.bed``, decoded as it plays: close it)."""
    plan = music_bed.plan_for(tl, music.tracks) if music else None
    which = [[str(t.path) for t in music.tracks], music_level] if music else None
    path = _level_path(tl, speech, cache_dir, which)
    try:
        data = json.loads(path.read_text())
        known: float | None = float(data["db"])
        speech_lufs: float | None = float(data["speech"]) if "speech" in data else None
        level = float(data["bed"]) if plan is not None else music_level
    except (OSError, ValueError, KeyError, TypeError):
        known = speech_lufs = None
        level = music_level
    levels = Leveller(tl, speech.clip, known_db=known, music=plan, music_level=level,
                      known_speech=speech_lufs)
    if known is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"db": levels.db, "speech": levels.speech_lufs,
                                       "bed": levels.music_level}))
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time next time
    if plan is not None:
        levels.bed = music_bed.MusicBed(plan, levels.bed_lufs, prefetch=1,
                                        store=cache_dir / "music")
    return levels


def play(routine: Routine, session: Session, tl: Timeline, speech: Voice, sink: Sink,
         controls: Controls, view: View, history: Log, start: float,
         now: Callable[[], datetime], cache_dir: Path, say: PhrasePack = ENGLISH,
         silent: bool = False,
         music: Music | None = None, music_level: float | None = None,
         monitor: Monitor | None = None, week: tuple[int, int] | None = None) -> Outcome:
    """Play ``tl`` from ``start`` seconds (over ``music``, if given); the history row is
    written first, before any preparation, and completed however play ends (finished, q,
    Ctrl-C or an error: stopped). ``silent`` runs are recorded as such (they do not count
    toward the week). ``week``: the program's week and session of that week it is played
    as. The exercises marked missed (m) are recorded (then `ask_missed`, once the terminal
    is the user's again)."""
    row = history.start(routine.name, session.name, routine.per_week, now(), silent=silent,
                        week=week, weeks=routine.weeks if week else None)
    player = None
    bed = None
    try:
        levels = leveller_for(tl, speech, cache_dir, music, music_level)
        bed = levels.bed if isinstance(levels.bed, music_bed.MusicBed) else None
        if bed is not None:
            bed.decoded(bed.plan.slots[0].track)  # the first track, before play starts

        def levelled(text: str) -> np.ndarray:
            return levels.levelled(speech.clip(text).samples)

        player = Player(tl, levels, sink, controls, view, levelled, say, monitor)
        levels.ahead([c for c in tl.cues if c.end > start])  # the rest levelled as it plays
        asked = (say.SAY_READY, say.STOP_AGAIN) if monitor is not None else (say.PRESS_SPACE,)
        for text in (*ready(say), *asked):
            speech.clip(text)  # made now, not mid-session
        outcome = player.run(start)
    finally:
        if bed is not None:
            bed.close()
        o = player.outcome if player is not None else None
        if o is not None:
            o.counts = counted(tl, o)
        history.end(row, o.status if o is not None and o.status != "playing" else "stopped",
                    *(o.counts if o else (0, 0)), now())
        missed = exercises_of(session, o.missed) if o else ()
        if missed:
            history.told(row, missed, None)
        if o is not None:
            o.row, o.missed_names = row, missed
    return outcome


def ask_missed(outcome: Outcome, session: Session, tl: Timeline, history: Log,
               tell: Tell) -> None:
    """After a finished session: ``tell`` is asked for any exercise not finished (besides
    those marked with m); the history row and ``outcome.missed_names`` get them."""
    if outcome.status != "finished" or outcome.row is None:
        return
    told = tell(list(exercises_of(session, set(range(len(tl.chapters))))))
    if told:
        outcome.missed_names = tuple(dict.fromkeys(outcome.missed_names + told))
        history.told(outcome.row, outcome.missed_names, None)


def exercises_of(session: Session, chapters: set[int]) -> tuple[str, ...]:
    """The exercise names of the session's chapters (by index: one an exercise as it comes
    up, rounds too), in order, each once."""
    return tuple(dict.fromkeys(it.exercise.name for i, it in enumerate(items(session))
                               if i in chapters))
