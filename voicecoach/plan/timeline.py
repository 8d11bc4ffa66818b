"""What a plan is: the timeline of one session (cues, chapters, phases) as frozen data.

All times are seconds from the start of the session (float). No sound ever overlaps
another; cues tied to a moment start (counts, prompts) or end (3-2-1) on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
PhaseKind = Literal["intro", "prep", "rest", "switch", "work", "handover", "end"]


@dataclass(frozen=True)
class Cue:
    """A sound from ``start`` to ``end``. ``text`` is what a person reads (plan, LRC, SYLT,
    chapters); ``say`` is what the voice speaks when it differs (an exercise's ``say:``
    spelling). Speech is synthesised from ``spoken``, never from ``text``."""

    start: float
    end: float
    kind: Kind
    text: str
    exercise: str | None = None
    block: str | None = None
    say: str | None = None

    @property
    def spoken(self) -> str:
        """The words the voice says (the tone's name for a tone)."""
        return self.say if self.say is not None else self.text


@dataclass(frozen=True)
class Chapter:
    """One exercise as it comes up. Chapters tile the session; each after the first starts
    where its exercise's announcement ("Next: …") does, so a track or a jump that starts on
    it opens with the exercise. ``opening`` is where starting at this exercise begins
    (``--from``, back): ``start``, except for the first, whose opening skips the intro."""

    start: float
    end: float
    title: str
    opening: float = -1.0           # -1: the same as start
    notes: tuple[str, ...] = ()     # the exercise's notes: shown, never spoken
    exercise: str = ""              # the exercise's name (a circuit has it in every round)

    @property
    def begin(self) -> float:
        """Seconds where starting at this exercise begins."""
        return self.start if self.opening < 0 else self.opening


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
    wait: float = -1.0              # until_done: live waits for a key here (-1: never)
    resume: float = -1.0            # ... and goes on from here (past a range's top counts)


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

    def exercises(self, chapters: Iterable[int] | None = None) -> set[str]:
        """The distinct exercises of the session (of some chapters, by index): a circuit's
        exercise counts once however many rounds it has."""
        picked = self.chapters if chapters is None else [self.chapters[i] for i in chapters]
        return {c.exercise or c.title for c in picked}

    def total(self, kind: PhaseKind) -> float:
        return sum(p.end - p.start for p in self.phases if p.kind == kind)
