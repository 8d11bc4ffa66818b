"""Laying out a session: a builder that places cues so none overlaps another, grows a
phase (with a warning) when what must be said does not fit, and keeps what is optional
only where it fits. Pure: no I/O, no clock. Times in seconds from the session's start;
``length(text)`` (passed in) says how long a phrase lasts when spoken.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from voicecoach.durations import short
from voicecoach.model import Block, Exercise, Session, Verbosity
from voicecoach.phrases import PhrasePack
from voicecoach.plan.timeline import (
    EPS,
    GAP,
    LEAD,
    TONE_LENGTH,
    Cue,
    Kind,
    Phase,
    PhaseKind,
    SpeechLength,
)

Line = str | tuple[str, str]      # a text, or (written text, spoken text)


def written(line: Line) -> str:
    return line if isinstance(line, str) else line[0]


def spoken_form(line: Line) -> str:
    return line if isinstance(line, str) else line[1]


@dataclass(frozen=True)
class Item:
    """One exercise as it comes up in the session (rounds repeat a block's items)."""

    exercise: Exercise
    block: Block
    round: int
    first_in_block_round: bool
    first_time: bool
    last_in_block_round: bool = False


def items(session: Session) -> Iterator[Item]:
    seen: set[str] = set()
    for block in session.blocks:
        for r in range(1, block.rounds + 1):
            for i, ex in enumerate(block.exercises):
                yield Item(ex, block, r, i == 0, ex.name not in seen,
                           i == len(block.exercises) - 1)
                seen.add(ex.name)


def countdown_slot(length: SpeechLength, n: int, phrases: PhrasePack) -> float:
    """Seconds between countdown numbers: one second, or more if a number takes longer."""
    longest = max((length(phrases.count(k)) for k in range(1, n + 1)), default=0.0)
    return max(1.0, longest + 0.1)


@dataclass
class Layout:
    """The cues, phases and warnings of a session as they are placed."""

    length: SpeechLength
    verbosity: Verbosity
    phrases: PhrasePack
    cues: list[Cue] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    busy: float = 0.0              # end of the last sound placed so far
    mark: int = 0                  # index of the first cue of the current work phase
    ex: str | None = None
    block: str | None = None
    opened: float = 0.0            # where the last lead-in's announcement started
    early_at: list[float] = field(default_factory=list)  # its early lines' starts
    settle: float = 0.0            # where the current work's closing cues (3-2-1) begin

    def add(self, start: float, kind: Kind, line: Line) -> Cue:
        text, said = written(line), self.voiced(line)
        end = start + (TONE_LENGTH[text] if kind == "tone" else self.length(said))
        cue = Cue(start, end, kind, text, self.ex, self.block,
                  said if said != text else None)
        self.cues.append(cue)
        self.busy = max(self.busy, end)
        return cue

    def voiced(self, line: Line) -> str:
        """What the voice says for a line: its spoken form, units in words."""
        return self.phrases.spoken(spoken_form(line))

    def said(self, line: Line) -> float:
        """Seconds a line lasts when spoken."""
        return self.length(self.voiced(line))

    def free(self, start: float, end: float) -> bool:
        """True if [start, end) overlaps no sound of this phase or the few before it."""
        return not any(c.start < end - EPS and start < c.end - EPS
                       for c in self.cues[max(0, self.mark - 8):])

    def sequence(self, texts: Sequence[Line], at: float) -> float:
        """Say texts one after another from ``at`` (or when the voice is free)."""
        t = max(at, self.busy + GAP if self.cues else at)
        for text in texts:
            t = self.add(t, "speech", text).end + GAP
        return t - GAP if texts else at

    def span(self, texts: Sequence[Line]) -> float:
        return sum(self.said(t) for t in texts) + GAP * max(0, len(texts) - 1)

    def lead_in(self, kind: PhaseKind, start: float, written: float,
                early: Callable[[float], list[Line]], late: Sequence[Line], countdown: int,
                what: str, tips: tuple[str, ...] = (), call: float = 0.0,
                marks: Sequence[tuple[float, Line]] = (),
                compact: Sequence[tuple[Callable[[float], list[Line]], Sequence[Line]]] = ()
                ) -> float:
        """A rest/switch/prep phase of ``written`` seconds: early speech (made for the
        phase's real length, so "Rest 8 seconds." is said of a rest grown to 8 s) at its
        start, late speech just before the full 3-2-1, which ends on the returned boundary.
        If that does not fit in ``written`` seconds, the first of the ``compact`` (early,
        late) pairs that fits is said instead ("Rest." with the full call, then "Rest." and
        "Burpees."); if none fits, the full speech is said and the phase grows (and warns):
        a countdown is never cut. Where there is
        room, late speech ends ``call`` seconds or more before the boundary (time to get
        under a loaded bar). ``marks`` (seconds before the boundary, text: "30 seconds
        left.") and then ``tips`` are said where they fit between early and late speech
        (a mark that would come after the late speech has begun is left out).
        ``early_at`` keeps where each early line starts."""
        slot = countdown_slot(self.length, countdown, self.phrases)
        cd = countdown * slot
        length, said, late_start, early_end = self._settle(start, written, early, late, cd, call)
        for brief_early, brief_late in compact if length > written + EPS else ():
            other = self._settle(start, written, brief_early, brief_late, cd, call)
            if other[0] <= written + EPS:
                late = brief_late
                length, said, late_start, early_end = other
                break
        boundary = start + length
        if kind != "prep" and written > 0 and length - written >= 0.5:
            self.warnings.append(
                f"{what} grows from {short(written)} to {short(length)} to fit what is said")
        self.early_at = self.starts(said, start)
        self.sequence(said, start)
        self.sequence(late, late_start)
        self.opened = late_start if late else boundary - cd
        for k in range(countdown, 0, -1):
            self.add(boundary - k * slot, "speech", self.phrases.count(k))
        for before, text in marks:   # never after the call ("Set 2 of 5.") has begun
            self.optional(boundary - before, text, late_start if late else boundary - cd - LEAD)
        self.fill(tips, early_end + GAP, late_start)
        self.phases.append(self.phase(kind, start, boundary, written))
        return boundary

    def _settle(self, start: float, written: float, early: Callable[[float], list[Line]],
                late: Sequence[Line], cd: float, call: float
                ) -> tuple[float, list[Line], float, float]:
        """The length (s) a lead-in needs for this speech (at least ``written``), the early
        lines made for it, where the late speech starts and where the early speech ends."""
        late_len = self.span(late)
        at = max(start, self.busy + GAP) if self.cues else start
        length, said = written, early(written)
        for _ in range(8):   # the length said changes the length needed: settle it
            early_end = at + self.span(said) if said else max(start, self.busy)
            late_start = start + length - cd - LEAD - late_len
            if late and call:
                late_start = min(late_start, start + length - call - late_len)
            gap = GAP if (said or self.cues) else 0.0
            late_start = max(late_start, early_end + gap if late else early_end)
            need = late_start + late_len + (LEAD if late or said else 0.0) + cd - start
            if need <= length + EPS:
                break
            length = need
            said = early(length)
        return length, said, late_start, early_end

    def starts(self, texts: Sequence[Line], at: float) -> list[float]:
        """Where each text would start if said one after another from ``at`` (as
        ``sequence`` says them)."""
        t = max(at, self.busy + GAP if self.cues else at)
        out = []
        for text in texts:
            out.append(t)
            t += self.said(text) + GAP
        return out

    def hand_over(self, end: float, preview: Sequence[Line]) -> float | None:
        """No rest: the work that ended at ``end`` hands over to the next on the tone.
        ``preview`` (the next exercise's announcement) is said as late as it fits in that
        work, before its closing cues (``settle``: its 3-2-1 or last count); the work's end
        tone gives way to the next work's start tone at the returned boundary: ``end``, or
        just after a last count said on it. None, with nothing changed, if the preview does
        not fit (the caller then lays out a lead-in)."""
        mine = self.cues[self.mark:]
        span = self.span(preview)
        floor = mine[0].end + GAP if mine else end
        spots = sorted({self.settle - LEAD - span} |
                       {c.start - GAP - span for c in mine if c.start < self.settle}, reverse=True)
        spot = next((x for x in spots if x >= floor - EPS and x + span <= self.settle - LEAD + EPS
                     and self.free(x - GAP, x + span + GAP)), None)
        if spot is None:
            return None
        tone = next((c for c in reversed(mine) if c.kind == "tone"), None)
        if tone is not None and tone.start >= end - EPS:
            self.cues.remove(tone)
            self.busy = max(c.end for c in self.cues)
        self.opened = t = spot
        for line in preview:
            t = self.add(t, "speech", line).end + GAP
        self.busy = max(c.end for c in self.cues)
        boundary = max(end, self.busy)
        if boundary > end + EPS:
            self.phases.append(self.phase("handover", end, boundary, 0.0))
        return boundary

    def phase(self, kind: PhaseKind, start: float, end: float, written: float,
              **kw: object) -> Phase:
        return Phase(kind, start, end, written, self.ex, self.block, **kw)  # type: ignore[arg-type]

    def optional(self, at: float, text: Line, before: float) -> bool:
        """Say text at ``at`` only if it fits between other sounds and ends before ``before``:
        the end of the moment it belongs to (a half breath, a tempo phase, a hold, the work
        before its 3-2-1). A cue that cannot finish inside its moment is not started."""
        end = at + self.said(text)
        if end <= before - GAP and self.free(at - GAP, end + GAP):
            self.add(at, "speech", text)
            return True
        return False

    def fill(self, texts: Sequence[Line], after: float, before: float) -> None:
        """Say texts in order in the first free gaps between ``after`` and ``before``."""
        t = after
        for text in texts:
            spots = sorted({t} | {c.end + GAP for c in self.cues[self.mark:] if c.end >= t})
            for spot in spots:
                if self.optional(spot, text, before):
                    t = spot + self.said(text) + GAP
                    break
