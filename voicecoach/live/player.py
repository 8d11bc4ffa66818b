"""Live playback of a session's timeline: the same levelled mix as the export, rendered a
block ahead and written to a sink whose clock (the sound device's, or a clock's for
``--output silent``) paces it. Keys and spoken commands (`controls`) pause, skip, restart
and repeat; a spoken one is acknowledged with a soft tone and a "heard: …" line, and a
spoken stop ("coach, end workout") only pauses and asks to hear it again (a misheard word
must not end a workout; the key q ends it at once). Nothing
sleeps between cues: every block is written when the sink takes it, so timing cannot drift.

Times in seconds; positions in samples at ``clip.RATE``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np

from voicecoach.audio.clip import RATE
from voicecoach.audio.mix import Placement, Sound
from voicecoach.live.controls import Command, Controls, ack_tone, command_for
from voicecoach.phrases import ENGLISH, PhrasePack
from voicecoach.plan.timeline import Chapter, Cue, Phase, Timeline

BLOCK = RATE // 20                 # 50 ms written at a time: keys act within ~a block
RESTART_BACK = 3.0                 # p within this many seconds of a start goes back one
STOP_AGAIN = 15.0                  # a second spoken stop within this many seconds ends play
TOGETHER = 2.0                     # s between lines said as one announcement, at most
LOUD = 10 ** (-40 / 20)            # peak over which a block counts as the coach sounding


def ready(say: PhrasePack) -> tuple[str, ...]:
    """What is said on resume, one a second: 'Ready.', 3, 2, 1."""
    return (say.READY, *(say.count(k) for k in (3, 2, 1)))


class Sink(Protocol):
    def write(self, block: np.ndarray) -> None:
        """Queue float samples; returns when the sink has room again (this paces play)."""

    def played(self) -> int:
        """Samples heard so far."""

    def drain(self) -> None:
        """Return when everything written has been heard."""

    def close(self) -> None:
        """Release the output (after drain, or at once on an error)."""


class Placer(Protocol):
    def sound(self, cue: Cue, offset: float = 0.0) -> Sound:
        """The cue's levelled samples, placed relative to ``offset`` seconds."""


Keys = Controls  # the name before spoken commands
# told each block as it is written, and in how many seconds the speaker will play it (so
# the listener can take the coach's own sound out of what the microphone hears)
Monitor = Callable[[np.ndarray, float], None]


@dataclass(frozen=True)
class Status:
    """What the view shows: where the session is (seconds) and what is going on."""

    position: float
    duration: float
    phase: Phase | None
    chapter: Chapter | None
    paused: bool
    waiting: bool


class View(Protocol):
    def cue(self, cue: Cue, at: float) -> None:
        """A cue is heard, ``at`` seconds into the session."""

    def note(self, text: str) -> None:
        """Something the player did (paused, skipped…)."""

    def status(self, status: Status) -> None: ...

    def close(self) -> None:
        """Leave the terminal as it was."""


@dataclass
class Outcome:
    status: Literal["finished", "stopped", "playing"] = "playing"
    done: set[int] = field(default_factory=set)       # chapter indexes played to the end
    skipped: set[int] = field(default_factory=set)    # chapter indexes skipped with n
    counts: tuple[int, int] = (0, 0)  # exercises done, skipped (a circuit's exercise once)
    missed: set[int] = field(default_factory=set)     # chapter indexes marked missed (m)
    row: int | None = None          # its history row
    missed_names: tuple[str, ...] = ()   # exercises recorded as missed (m, then asked)


class Player:
    def __init__(self, timeline: Timeline, mixer: Placer, sink: Sink, keys: Controls,
                 view: View, clip_for: Callable[[str], np.ndarray],
                 say: PhrasePack = ENGLISH, monitor: Monitor | None = None) -> None:
        self.tl, self.sink, self.keys, self.view = timeline, sink, keys, view
        self.say, self.monitor = say, monitor
        self.clip_for = clip_for    # levelled samples of a phrase said outside the plan
        self.sounds = [mixer.sound(c) for c in timeline.cues]
        # the music bed, if the mix has one (audio.levels.Leveller.bed)
        self.placed = Placement(self.sounds, getattr(mixer, "bed", None))
        self.total = round(timeline.duration * RATE)
        # the plan's moments in samples, worked out once (the loop runs 20 times a second)
        self.cue_at = [round(c.start * RATE) for c in timeline.cues]
        self.chapter_at = [round(c.start * RATE) for c in timeline.chapters]
        self.chapter_end = [round(c.end * RATE) for c in timeline.chapters]
        # until_done: wait once the reps are said (a range: from its low end), go on from
        # ``resume`` (past a range's top counts) when the key comes
        self.resume = {round(p.wait * RATE): round(p.resume * RATE)
                       for p in timeline.phases if p.until_done and p.wait >= 0}
        self.waits = sorted(self.resume)
        self.outcome = Outcome()
        self.pos = 0                 # next timeline sample to write
        self.written = 0             # samples written to the sink
        self.marks: list[tuple[int, Cue | str, float]] = []  # (sink sample, cue/note, at)
        self.inserts: list[np.ndarray] = []   # audio to play before the timeline goes on
        self.paused = self.waiting = False
        self.waited: set[int] = set()         # until_done ends already waited at
        self.overlay = np.zeros(0, np.float32)  # mixed over what plays (the acknowledgement)
        self.loud: list[tuple[int, int]] = []   # (first, end) sink samples of sounding blocks
        self.stop_asked: int | None = None      # sink sample a spoken stop was first heard at

    # -- what plays ----------------------------------------------------------------------

    def _timeline_block(self, n: int) -> np.ndarray:
        lo, hi = self.pos, self.pos + n
        bed = self.placed.block(lo, hi, np.float32)
        # the cues that start in this block, heard when it is
        for i in range(bisect.bisect_left(self.cue_at, lo), bisect.bisect_left(self.cue_at, hi)):
            cue = self.tl.cues[i]
            self.marks.append((self.written + self.cue_at[i] - lo, cue, cue.start))
        return bed

    def _say(self, texts: tuple[str, ...], spacing: float = 0.0) -> None:
        for text in texts:
            clip = self.clip_for(text)
            self.inserts.append(clip)
            if spacing:
                self.inserts.append(np.zeros(max(0, round(spacing * RATE) - len(clip)),
                                             np.float32))

    def _until_end(self) -> int | None:
        """Where the next until_done work ends (if the person can press a key)."""
        if not self.keys.interactive:
            return None
        return next((w for w in self.waits[bisect.bisect_left(self.waits, self.pos):]
                     if w not in self.waited), None)

    def _next_block(self) -> np.ndarray | None:
        if self.inserts:
            block = self.inserts[0][:BLOCK]
            self.inserts[0] = self.inserts[0][BLOCK:]
            if not len(self.inserts[0]):
                self.inserts.pop(0)
            return block
        if self.paused or self.waiting:
            return np.zeros(BLOCK, np.float32)
        if self.pos >= self.total:
            return None
        limit = min(self.total, self.pos + BLOCK)
        stop = self._until_end()
        if stop is not None and stop <= self.pos:
            self.waited.add(stop)
            self.waiting = True
            # listening (the listener is told what plays): the spoken word, else the key
            asked = self.say.SAY_READY if self.monitor is not None else self.say.PRESS_SPACE
            self._mark(asked)
            self._say((asked,))
            return self._next_block()
        if stop is not None:
            limit = min(limit, stop)
        block = self._timeline_block(limit - self.pos)
        for i, end in enumerate(self.chapter_end):
            if self.pos < end <= limit and i not in self.outcome.skipped:
                self.outcome.done.add(i)
        self.pos = limit
        return block

    def _mark(self, note: str) -> None:
        self.marks.append((self.written, note, self.pos / RATE))

    def _overlaid(self, block: np.ndarray) -> np.ndarray:
        """``block`` with the pending overlay mixed in; notes whether it makes sound."""
        if len(self.overlay):
            n = min(len(block), len(self.overlay))
            block = block.copy()
            block[:n] += self.overlay[:n]
            self.overlay = self.overlay[n:]
        if len(block) and float(np.abs(block).max()) > LOUD:
            end = self.written + len(block)
            if self.loud and self.loud[-1][1] == self.written:
                self.loud[-1] = (self.loud[-1][0], end)
            else:
                self.loud.append((self.written, end))
            del self.loud[:-64]
        return block

    def sounding(self, within: float = 0.0) -> bool:
        """Whether the speaker made sound in the last ``within`` seconds (by the sink's
        clock). Safe to call from another thread."""
        now = self.sink.played()
        since = now - round(within * RATE)
        return any(lo <= now and hi > since for lo, hi in list(self.loud)[-8:])

    # -- keys and commands ---------------------------------------------------------------

    def chapter_index(self) -> int:
        return max(0, bisect.bisect_right(self.chapter_at, self.pos) - 1)

    def _jump(self, to: int) -> None:
        self.pos = to
        self.inserts.clear()
        self.marks = [m for m in self.marks if m[0] <= self.written]
        self.waiting = False

    def _announce(self, i: int) -> None:
        """Arriving at exercise ``i`` past a long rest (its opening is "Get ready: …", so a
        jump skips the rest): its announcement, said as that rest starts ("Next: …", the
        sets, the steps), is played first, as the plan places it."""
        ch = self.tl.chapters[i]
        if i == 0 or ch.begin <= ch.start:
            return
        lo = round(ch.start * RATE)
        first = last = bisect.bisect_left(self.cue_at, lo)
        end = None
        for cue in self.tl.cues[first:]:   # the lines said together, one after the other
            if cue.kind != "speech" or cue.start >= ch.begin or (
                    end is not None and cue.start - end > TOGETHER):
                break
            end, last = cue.end, last + 1
        if end is None:
            return
        for j in range(first, last):
            self.marks.append((self.written + self.cue_at[j] - lo, self.tl.cues[j],
                               self.tl.cues[j].start))
        self.inserts.append(self.placed.block(lo, round(end * RATE), np.float32))

    def press(self, key: str) -> None:
        self.act(command_for(key))

    def act(self, command: Command | None) -> None:
        """Do what a key or a spoken command asks; a spoken one is acknowledged first."""
        if command is None:
            return
        if command.heard:
            self.view.note(self.say.shown("heard", command=command.name))
            self.overlay = ack_tone()
        name, chapters = command.name, self.tl.chapters
        asked, self.stop_asked = self.stop_asked, None
        if name == "toggle":
            name = "resume" if self.paused or self.waiting else "pause"
        if name in ("resume", "done") and self.waiting:
            self.waiting = False
            self._mark(self.say.shown("going_on"))
            waited = max((w for w in self.waited if w <= self.pos), default=None)
            if waited is not None and self.resume[waited] > self.pos:
                self.pos = self.resume[waited]
        elif name == "resume" and self.paused:
            self.paused = False
            self._mark(self.say.shown("going_on"))
            self._say(ready(self.say), spacing=1.0)
        elif name == "pause" and not self.paused:
            self.paused = True
            self.inserts.clear()
            self._mark(self.say.shown("paused_note"))
        elif name == "repeat":
            self._repeat()
        elif name == "next" and chapters:
            i = self.chapter_index()
            self.outcome.skipped.add(i)
            self.outcome.done.discard(i)
            if i + 1 < len(chapters):
                self._jump(round(chapters[i + 1].begin * RATE))
                self._mark(self.say.shown("skipped_to", title=chapters[i + 1].title))
                self._announce(i + 1)
            else:
                self._jump(self.total)
                self._mark(self.say.shown("skipped_end"))
        elif name == "back" and chapters:
            i = self.chapter_index()
            if self.pos - round(chapters[i].begin * RATE) < RESTART_BACK * RATE and i > 0:
                i -= 1
            self._jump(round(chapters[i].begin * RATE))
            self._mark(self.say.shown("back_to", title=chapters[i].title))
            self._announce(i)
        elif name == "missed" and chapters:
            i = self.chapter_index()
            self.outcome.missed.add(i)
            self._mark(self.say.shown("marked", title=chapters[i].title))
        elif name == "stop":
            if not command.heard or (asked is not None
                                     and self.written - asked < STOP_AGAIN * RATE):
                raise _Quit
            self.stop_asked = self.written   # heard once: pause and ask for it again
            self.paused = True
            self.inserts.clear()
            self._say((self.say.STOP_AGAIN,))
            self._mark(self.say.shown("stop_note", seconds=f"{STOP_AGAIN:.0f}"))

    def _repeat(self) -> None:
        """The last spoken cue heard, said again before the session goes on."""
        i = bisect.bisect_right(self.cue_at, self.pos) - 1
        while i >= 0 and self.tl.cues[i].kind != "speech":
            i -= 1
        if i >= 0:
            self.inserts.append(self.sounds[i].samples.astype(np.float32))
            self._mark(self.say.shown("again", text=self.tl.cues[i].text))

    # -- the loop ------------------------------------------------------------------------

    def status(self) -> Status:
        at = self.pos / RATE
        phase = next((p for p in self.tl.phases if p.start <= at < p.end), None)
        if self.waiting:   # the work waited on (its wait may be the next one's start)
            phase = next((p for p in self.tl.phases
                          if p.until_done and round(p.wait * RATE) == self.pos), phase)
        chapter = self.tl.chapters[self.chapter_index()] if self.tl.chapters else None
        return Status(at, self.tl.duration, phase, chapter, self.paused, self.waiting)

    def _report(self, heard: int) -> None:
        while self.marks and self.marks[0][0] <= heard:
            _, what, at = self.marks.pop(0)
            if isinstance(what, Cue):
                self.view.cue(what, at)
            else:
                self.view.note(what)
        self.view.status(self.status())

    def run(self, start: float = 0.0) -> Outcome:
        """Play from ``start`` seconds to the end, or until q (then the outcome is
        "stopped"). An exception (Ctrl-C) leaves ``outcome`` as far as it got."""
        self.pos = round(start * RATE)
        for i, ch in enumerate(self.tl.chapters):
            if ch.end <= start:
                self.outcome.skipped.add(i)
            elif ch.start < start == ch.begin:   # --from an exercise after a long rest
                self._announce(i)
        try:
            while True:
                got = self.keys.read()
                if got:
                    self.act(command_for(got))
                block = self._next_block()
                if block is None:
                    break
                block = self._overlaid(block)
                if self.monitor is not None:
                    self.monitor(block, (self.written - self.sink.played()) / RATE)
                self.sink.write(block)
                self.written += len(block)
                self._report(self.sink.played())
            self.sink.drain()
            self._report(self.written)
            self.outcome.status = "finished"
        except _Quit:
            self.outcome.status = "stopped"
        return self.outcome


class _Quit(Exception):
    pass
