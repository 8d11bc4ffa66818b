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

from voicecoach.audio.clip import Clip
from voicecoach.audio.levels import Leveller
from voicecoach.errors import VoicecoachError
from voicecoach.live.controls import Controls
from voicecoach.live.player import Outcome, Player, Sink, View, ready
from voicecoach.model import Routine, Session
from voicecoach.model import Voice as VoiceSettings
from voicecoach.phrases import ENGLISH, PhrasePack
from voicecoach.plan.timeline import Timeline
from voicecoach.settings import cache_key


class Voice(Protocol):
    """The speech live play needs: clips of phrases, and a key naming voice and engine."""

    def clip(self, text: str) -> Clip: ...

    def engine(self) -> str: ...

    def key_voice(self) -> VoiceSettings: ...


class Log(Protocol):
    """Where sessions played are recorded."""

    def start(self, routine: str, session: str, per_week: int | None, now: datetime,
              silent: bool = False) -> int: ...

    def end(self, row: int, status: str, done: int, skipped: int, now: datetime) -> None: ...

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
    for ch in tl.chapters:
        if key in (ch.title.casefold(), ch.title.rpartition(": ")[2].casefold()):
            return ch.begin
    if key.isdigit() and 1 <= int(key) <= len(tl.chapters):
        return tl.chapters[int(key) - 1].begin
    known = ", ".join(f"{i}: {c.title}" for i, c in enumerate(tl.chapters, 1))
    raise VoicecoachError(f"no exercise '{wanted}' in session '{tl.session}' (it has {known})")


def _level_path(tl: Timeline, speech: Voice, cache_dir: Path) -> Path:
    digest = cache_key(speech.engine(), speech.key_voice(), "levels",
                       [(c.start, c.kind, c.spoken) for c in tl.cues])
    return cache_dir / "levels" / f"{digest}.json"


def leveller_for(tl: Timeline, speech: Voice, cache_dir: Path) -> Leveller:
    """The session's live levels; the gain measured once and then kept in the cache."""
    path = _level_path(tl, speech, cache_dir)
    try:
        known: float | None = float(json.loads(path.read_text())["db"])
    except (OSError, ValueError, KeyError, TypeError):
        known = None
    levels = Leveller(tl, speech.clip, "wav", known_db=known)
    if known is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"db": levels.db}))
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time next time
    return levels


def play(routine: Routine, session: Session, tl: Timeline, speech: Voice, sink: Sink,
         controls: Controls, view: View, history: Log, start: float,
         now: Callable[[], datetime], cache_dir: Path, say: PhrasePack = ENGLISH,
         silent: bool = False) -> Outcome:
    """Play ``tl`` from ``start`` seconds; the history row is written first, before any
    preparation, and completed however play ends (finished, q, Ctrl-C or an error:
    stopped). ``silent`` runs are recorded as such (they do not count toward the week)."""
    row = history.start(routine.name, session.name, routine.per_week, now(), silent=silent)
    player = None
    try:
        levels = leveller_for(tl, speech, cache_dir)

        def levelled(text: str) -> np.ndarray:
            return levels.levelled(speech.clip(text).samples)

        player = Player(tl, levels, sink, controls, view, levelled, say)
        for text in (*ready(say), say.PRESS_SPACE):
            speech.clip(text)  # made now, not mid-session
        outcome = player.run(start)
    finally:
        o = player.outcome if player is not None else None
        history.end(row, o.status if o is not None and o.status != "playing" else "stopped",
                    len(o.done) if o else 0, len(o.skipped) if o else 0, now())
    return outcome
