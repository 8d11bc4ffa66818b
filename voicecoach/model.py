"""The routine as frozen data. All durations are in seconds (float)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Verbosity = Literal["minimal", "normal", "full"]


@dataclass(frozen=True)
class Reps:
    """Counted repetitions; each takes ``rep_time`` seconds (from the exercise settings),
    plus the exercise's ``rep_hold``. A range (``10-12``) has ``low`` set and ``count`` is
    its top: exported it is counted to the top; live with ``until_done`` the coach waits
    from the low end."""

    count: int
    until_done: bool = False
    low: int | None = None

    @property
    def wait_after(self) -> int:
        """The rep after which live play waits for a key (with ``until_done``)."""
        return self.low if self.low is not None else self.count


@dataclass(frozen=True)
class Timed:
    """Timed work of ``seconds``."""

    seconds: float


@dataclass(frozen=True)
class Hold:
    """A hold of ``seconds``; ``breaths`` is set when the hold was given in breaths."""

    seconds: float
    breaths: int | None = None


Work = Reps | Timed | Hold


@dataclass(frozen=True)
class Weekly:
    """A week table of one field (``{1: 60s, 3: 90s}``): each value holds from its week on;
    the first is week 1. ``field`` names what it sets: a setting (``rest``…), ``work``,
    ``load``, ``rep_hold``, ``rounds`` or ``rest_between_rounds``. Values are the field's
    own (seconds for durations, a ``Work`` for work)."""

    field: str
    values: tuple[tuple[int, Any], ...]

    def at(self, week: int) -> Any:
        """The value in ``week`` (from 1)."""
        found = self.values[0][1]
        for start, value in self.values:
            if start <= week:
                found = value
        return found


@dataclass(frozen=True)
class Step:
    """A change: ``amount`` in the field's unit (kg or lb, seconds, a count), or a
    percentage of the current value when ``percent``. Signed for a progress step; a deload's
    ``by`` is positive (how far back)."""

    amount: float
    percent: bool = False


@dataclass(frozen=True)
class Progress:
    """How a value grows from what was done (``progress:``): ``grows`` names the field
    (load, hold, time, reps, sets or rounds); a step after every ``every`` good sessions,
    never past ``limit`` (the field's unit); back by ``deload_by`` after ``deload_after``
    misses in a row; no step from a session whose pain was over ``pain_at_most`` (0–10).
    A rep range with a load step is double progression."""

    grows: str
    step: Step
    every: int = 1
    limit: float | None = None
    deload_after: int | None = None
    deload_by: Step | None = None
    pain_at_most: int | None = None


@dataclass(frozen=True)
class Change:
    """What progression changed since the session before: ``amount`` in the field's unit
    (a step up is positive; a deload negative). Said in the announcement."""

    grows: str
    amount: float


@dataclass(frozen=True)
class Settings:
    """Exercise settings after the routine → block → exercise cascade (seconds)."""

    sets: int = 1
    sides: tuple[str, ...] = ()
    rest: float = 20.0
    rest_after: float = 30.0
    rep_time: float = 3.0
    tempo: tuple[float, ...] | None = None
    switch_time: float = 5.0
    breath: float = 5.0
    countdown: int = 3


@dataclass(frozen=True)
class Exercise:
    name: str
    work: Work
    settings: Settings = field(default_factory=Settings)
    say: str | None = None
    steps: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    rep_hold: float = 0.0           # seconds held at the end of every rep (reps only)
    load: str | None = None         # "10 kg": said in the announcement
    notes: tuple[str, ...] = ()     # shown in the plan, never spoken
    weekly: tuple[Weekly, ...] = ()     # week tables (the values above are week 1's)
    progress: Progress | None = None
    change: Change | None = None        # set by program/ when progression moved a value

    @property
    def spoken_name(self) -> str:
        return self.say or self.name

    def rep_seconds(self) -> float:
        """Length of one rep: its movement (rep_time or tempo) and its hold."""
        return self.settings.rep_time + self.rep_hold

    def work_seconds(self) -> float:
        """Length of one set on one side."""
        if isinstance(self.work, Reps):
            return self.work.count * self.rep_seconds()
        return self.work.seconds


@dataclass(frozen=True)
class Block:
    name: str | None
    exercises: tuple[Exercise, ...]
    rounds: int = 1
    rest_between_rounds: float | None = None  # seconds; None: the last exercise's rest_after
    weekly: tuple[Weekly, ...] = ()     # week tables of rounds, rest_between_rounds
    progress: Progress | None = None    # rounds that grow
    say: str | None = None          # how the voice says the name (never shown)


@dataclass(frozen=True)
class Session:
    name: str
    blocks: tuple[Block, ...]
    intro: str | None = None         # spoken after the routine's intro, in this session only
    named: bool = True              # False: the name was made up ("Session 2")
    weeks: tuple[int, int] | None = None    # program weeks it is used in (first, last)
    say: str | None = None          # how the voice says the name (never shown)

    def moves(self) -> int:
        """Distinct exercises of the session (a circuit's repeats count once)."""
        return len({e.name for b in self.blocks for e in b.exercises})

    def exercise_count(self) -> int:
        return sum(len(b.exercises) * b.rounds for b in self.blocks)

    def nominal_length(self) -> float:
        """Seconds of work, rests and side switches, without any speech: a bound the reader
        checks (the real length is the plan's ``Timeline.duration``)."""
        total = 0.0
        for block in self.blocks:
            for ex in block.exercises:
                s = ex.settings
                sides = max(1, len(s.sides))
                one = (s.sets * sides * ex.work_seconds() + (s.sets - 1) * s.rest
                       + s.sets * (sides - 1) * s.switch_time + s.rest_after)
                total += one * block.rounds
        return total


@dataclass(frozen=True)
class Voice:
    """Voice settings: engine voice id, words per minute, volume 0–1. None = engine default."""

    voice: str | None = None
    rate: int | None = None
    volume: float | None = None

    def over(self, base: Voice) -> Voice:
        """These settings, falling back to ``base`` where unset."""
        return Voice(
            self.voice if self.voice is not None else base.voice,
            self.rate if self.rate is not None else base.rate,
            self.volume if self.volume is not None else base.volume,
        )


@dataclass(frozen=True)
class Routine:
    name: str
    sessions: tuple[Session, ...]
    description: str | None = None
    intro: str | None = None
    per_week: int | None = None
    voice: Voice = field(default_factory=Voice)
    source: str = "<routine>"
    language: str | None = None                     # a phrase pack's code; None: English
    phrases: tuple[tuple[str, str], ...] = ()       # the routine's own templates, by key
    music: str | None = None      # file, folder or playlist, relative to the routine file
    weeks: int | None = None      # a program's length (schedule: weeks); None: no program
    warnings: tuple[str, ...] = ()  # located lines: what reads oddly but is not an error
    say: str | None = None          # how the voice says the name (never shown)
