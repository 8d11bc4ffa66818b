"""What a plan is: the timeline of one session (cues, chapters, phases) as frozen data.

All times are seconds from the start of the session (float). No sound ever overlaps
another; cues tied to a moment start (counts, prompts) or end (3-2-1) on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

SpeechLength = Callable[[str], float]

GAP = 0.25          # silence between consecutive phrases
LEAD = 0.5          # silence before a countdown starts
PREP = 5.0          # get-ready time before the first exercise
TAIL = 1.0          # silence after the last sound
GO_TONE = "start"      # the tone work starts on
END_TONE = "end"        # the tone work ends on
TONE_LENGTH = {GO_TONE: 0.25, END_TONE: 0.6}
EPS = 1e-9

Kind = Literal["speech", "tone"]
PhaseKind = Literal["intro", "prep", "rest", "switch", "work", "end"]


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    kind: Kind
    text: str
    exercise: str | None = None
    block: str | None = None


@dataclass(frozen=True)
class Chapter:
    start: float
    end: float
    title: str


@dataclass(frozen=True)
class Phase:
    """A stretch of the session: what the person is doing from ``start`` to ``end``."""

    kind: PhaseKind
    start: float
    end: float
    written: float = 0.0            # length the routine asked for
    exercise: str | None = None
    block: str | None = None
    set: int = 0
    sets: int = 0
    side: str | None = None
    until_done: bool = False


@dataclass(frozen=True)
class Timeline:
    routine: str
    session: str
    duration: float
    cues: tuple[Cue, ...]
    chapters: tuple[Chapter, ...]
    phases: tuple[Phase, ...]
    warnings: tuple[str, ...] = ()
    language: str = "en"            # the phrase pack's language code

    def total(self, kind: PhaseKind) -> float:
        return sum(p.end - p.start for p in self.phases if p.kind == kind)
