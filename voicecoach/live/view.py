"""What `play` shows: plain lines (one per cue, with its time) when stdout is not a
terminal; on a terminal the same lines scroll above a status line redrawn in place.
Times in seconds."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from typing import TextIO

from voicecoach.durations import clock
from voicecoach.live.player import Status
from voicecoach.phrases import ENGLISH
from voicecoach.plan.timeline import Cue
from voicecoach.plan.view import cue_text


def cue_line(cue: Cue, at: float) -> str:
    return f"{clock(at)}  {cue_text(cue)}"


def note_line(text: str) -> str:
    return f"--    {text}"


class PlainView:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def cue(self, cue: Cue, at: float) -> None:
        print(cue_line(cue, at), file=self.out, flush=True)

    def note(self, text: str) -> None:
        print(note_line(text), file=self.out, flush=True)

    def status(self, status: Status) -> None:
        pass

    def close(self) -> None:
        pass


def status_line(s: Status, width: int, words: Mapping[str, str] = ENGLISH.screen) -> str:
    """Block › exercise · set · side │ phase and its countdown │ bar and times (``words``:
    the play screen's, a pack's ``screen``)."""
    p = s.phase
    where = []
    if p and p.exercise:
        where.append(f"{p.block} › {p.exercise}" if p.block else p.exercise)
        if p.sets:
            where.append(f"set {p.set}/{p.sets}")
        if p.side:
            where.append(p.side)
    if s.paused or s.waiting:
        state = words["paused"] if s.paused else words["waiting"]
    elif p:
        state = f"{words.get(p.kind, p.kind)} {clock(max(0.0, p.end - s.position))}"
    else:
        state = ""
    done = s.position / s.duration if s.duration else 1.0
    bar = "█" * round(done * 16) + "░" * (16 - round(done * 16))
    times = f"{clock(s.position)} / -{clock(max(0.0, s.duration - s.position))}"
    head, mid = " · ".join(where) or words["session"], f" │ {state}" if state else ""
    room = width - 1   # never wraps the terminal
    line = f"{head}{mid} │ {bar} {times}"
    if len(line) <= room:
        return line
    # too wide: the bar goes first, then the name is cut, then dropped; the times stay
    rest = f"{mid} │ {times}"
    if len(head) + len(rest) <= room:
        return head + rest
    if room - len(rest) >= 8:
        return head[:room - len(rest) - 1] + "…" + rest
    short = f"{state} │ {times}" if state else times
    return short if len(short) <= room else times[:room]


class TerminalView(PlainView):
    """Cue lines scroll; the status line stays at the bottom (ANSI: carriage return and
    erase line only)."""

    def __init__(self, out: TextIO, words: Mapping[str, str] = ENGLISH.screen) -> None:
        super().__init__(out)
        self.last, self.words = "", words

    def _clear(self) -> None:
        self.out.write("\r\x1b[K")

    def _above(self, line: str) -> None:
        """``line`` printed above the status line, which is drawn again under it."""
        self._clear()
        print(line, file=self.out)
        self.out.write(self.last)
        self.out.flush()

    def cue(self, cue: Cue, at: float) -> None:
        self._above(cue_line(cue, at))

    def note(self, text: str) -> None:
        self._above(note_line(text))

    def status(self, status: Status) -> None:
        line = status_line(status, shutil.get_terminal_size().columns, self.words)
        if line != self.last:
            self.last = line
            self._clear()
            self.out.write(line)
            self.out.flush()

    def close(self) -> None:
        self._clear()
        self.out.flush()
