"""`voicecoach play`: pick the session, level it (the gain is remembered per timeline, so a
session starts at once the second time), play it through a sink, and keep the history."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from voicecoach.audio.levels import Leveller
from voicecoach.errors import VoicecoachError
from voicecoach.history import History
from voicecoach.live.keys import NoKeys, TerminalKeys
from voicecoach.live.player import READY, Outcome, Player, Sink, View
from voicecoach.model import Routine, Session
from voicecoach.phrases import en as say
from voicecoach.plan.timeline import Timeline
from voicecoach.speech.cache import default_dir
from voicecoach.speech.speech import Speech


def due_session(routine: Routine, history: History, now: datetime) -> tuple[int, int]:
    """The index of the session due next (sessions go round in order through the week),
    and how many of the routine's sessions were finished this week."""
    done = len(history.finished_this_week(routine.name, now))
    return done % len(routine.sessions), done


def start_of(tl: Timeline, wanted: str | None) -> float:
    """Where ``--from`` starts: the chapter of the exercise named (or numbered from 1)."""
    if wanted is None:
        return 0.0
    key = wanted.strip().casefold()
    for ch in tl.chapters:
        if key in (ch.title.casefold(), ch.title.rpartition(": ")[2].casefold()):
            return ch.start
    if key.isdigit() and 1 <= int(key) <= len(tl.chapters):
        return tl.chapters[int(key) - 1].start
    known = ", ".join(f"{i}: {c.title}" for i, c in enumerate(tl.chapters, 1))
    raise VoicecoachError(f"no exercise '{wanted}' in session '{tl.session}' (it has {known})")


def _level_path(tl: Timeline, speech: Speech) -> Path:
    key = json.dumps([speech.voice_key(), [(c.start, c.kind, c.text) for c in tl.cues]])
    digest = hashlib.sha256(key.encode()).hexdigest()
    return default_dir() / "levels" / f"{digest}.json"


def mixer_for(tl: Timeline, speech: Speech) -> Leveller:
    """The session's live mix; its gain measured once and then kept in the cache."""
    path = _level_path(tl, speech)
    try:
        known: float | None = float(json.loads(path.read_text())["db"])
    except (OSError, ValueError, KeyError, TypeError):
        known = None
    mixer = Leveller(tl, speech.clip, known_db=known)
    if known is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"db": mixer.db}))
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time next time
    return mixer


def play(routine: Routine, session: Session, tl: Timeline, speech: Speech, sink: Sink,
         keys: TerminalKeys | NoKeys, view: View, history: History, start: float = 0.0,
         now: Callable[[], datetime] = lambda: datetime.now().astimezone()) -> Outcome:
    """Play ``tl`` from ``start`` seconds; the history row is written first and completed
    however play ends (finished, q, Ctrl-C or an error: stopped)."""
    mixer = mixer_for(tl, speech)
    player = Player(tl, mixer, sink, keys, view, lambda t: mixer.levelled(speech.clip(t).samples))
    for text in (*READY, say.PRESS_SPACE):
        speech.clip(text)  # made now, not mid-session
    row = history.start(routine.name, session.name, routine.per_week, now())
    try:
        outcome = player.run(start)
    finally:
        o = player.outcome
        history.end(row, o.status if o.status != "playing" else "stopped", len(o.done),
                    len(o.skipped), now())
    return outcome
