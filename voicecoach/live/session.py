"""`voicecoach play`: pick the session, level it (the gain is remembered per timeline, so a
session starts at once the second time), play it through a sink, and keep the history."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from voicecoach.audio import bed as music_bed
from voicecoach.audio.levels import Leveller
from voicecoach.audio.music import Music
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


def _level_path(tl: Timeline, speech: Speech, music: object = None) -> Path:
    key = json.dumps([speech.voice_key(), [(c.start, c.kind, c.text) for c in tl.cues]]
                     + ([music] if music is not None else []))
    digest = hashlib.sha256(key.encode()).hexdigest()
    return default_dir() / "levels" / f"{digest}.json"


def mixer_for(tl: Timeline, speech: Speech, music: Music | None = None,
              music_level: float | None = None) -> Leveller:
    """The session's live mix; its gain measured once and then kept in the cache. With
    ``music``, the ducked bed under it (decoded as it plays; ``mixer.bed.close()``)."""
    plan = music_bed.plan_for(tl, music.tracks) if music else None
    which = [[str(t.path) for t in music.tracks], music_level] if music else None
    path = _level_path(tl, speech, which)
    try:
        data = json.loads(path.read_text())
        known: float | None = float(data["db"])
        speech_lufs: float | None = float(data["speech"]) if "speech" in data else None
        level = float(data["bed"]) if plan is not None else music_level
    except (OSError, ValueError, KeyError, TypeError):
        known = speech_lufs = None
        level = music_level
    mixer = Leveller(tl, speech.clip, known_db=known, music=plan, music_level=level,
                     known_speech=speech_lufs)
    if known is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"db": mixer.db, "speech": mixer.speech_lufs,
                                       "bed": mixer.music_level}))
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time next time
    if plan is not None:
        mixer.bed = music_bed.MusicBed(plan, mixer.bed_lufs, prefetch=1)
    return mixer


def play(routine: Routine, session: Session, tl: Timeline, speech: Speech, sink: Sink,
         keys: TerminalKeys | NoKeys, view: View, history: History, start: float = 0.0,
         now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
         music: Music | None = None, music_level: float | None = None) -> Outcome:
    """Play ``tl`` from ``start`` seconds; the history row is written first and completed
    however play ends (finished, q, Ctrl-C or an error: stopped)."""
    mixer = mixer_for(tl, speech, music, music_level)
    if isinstance(mixer.bed, music_bed.MusicBed):
        mixer.bed.decoded(mixer.bed.plan.slots[0].track)  # the first track, before play
    player = Player(tl, mixer, sink, keys, view, lambda t: mixer.levelled(speech.clip(t).samples))
    for text in (*READY, say.PRESS_SPACE):
        speech.clip(text)  # made now, not mid-session
    row = history.start(routine.name, session.name, routine.per_week, now())
    try:
        outcome = player.run(start)
    finally:
        if isinstance(mixer.bed, music_bed.MusicBed):
            mixer.bed.close()
        o = player.outcome
        history.end(row, o.status if o.status != "playing" else "stopped", len(o.done),
                    len(o.skipped), now())
    return outcome
