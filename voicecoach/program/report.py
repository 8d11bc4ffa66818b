"""``voicecoach progress``: each growing exercise's values over the finished sessions as a
sparkline, from first to last, and what comes next. Pure: lines of text, and the series a
chart draws."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from voicecoach.durations import short
from voicecoach.loads import load_text, parse_load
from voicecoach.model import Block, Exercise, Routine
from voicecoach.program import Done
from voicecoach.program.progression import Key, Played, apply, replay_all
from voicecoach.program.resolve import value_of
from voicecoach.program.weeks import Position

SPARKS = "▁▂▃▄▅▆▇█"
SHOWN = 24          # the sparkline's last sessions
_NOUNS = {"reps": ("rep", "reps"), "sets": ("set", "sets"), "rounds": ("round", "rounds")}


@dataclass(frozen=True)
class Series:
    """One exercise's (or block's) values, a session at a time (the field's unit; missed
    sessions flagged), and the next value."""

    name: str
    grows: str
    unit: str               # the load's unit, else ""
    values: tuple[float, ...]
    missed: tuple[bool, ...]
    following: float

    def show(self, value: float) -> str:
        """A value as the routine writes it: 22.5 kg, 45s, 12 reps."""
        if self.grows == "load":
            return load_text(value, self.unit)
        if self.grows in ("time", "hold"):
            return short(value)
        one, many = _NOUNS[self.grows]
        return f"{value:g} {one if value == 1 else many}"


def sparkline(values: Sequence[float]) -> str:
    """One block character a value, from the lowest (▁) to the highest (█)."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[3] * len(values)
    return "".join(SPARKS[round((v - low) / (high - low) * (len(SPARKS) - 1))] for v in values)


def _growing(routine: Routine) -> dict[Key, Exercise | Block]:
    """Every exercise and block with progress:, by key, in the routine's order."""
    found: dict[Key, Exercise | Block] = {}
    for s in routine.sessions:
        for i, b in enumerate(s.blocks):
            if b.progress is not None:
                found.setdefault(("block", (b.name or f"{s.name} {i + 1}").casefold()), b)
            for e in b.exercises:
                if e.progress is not None:
                    found.setdefault(("exercise", e.name.casefold()), e)
    return found


def series(routine: Routine, done: Sequence[Done], week: int) -> list[Series]:
    """Each growing exercise's and block's series; ``week``: the one coming next."""
    state, record = replay_all(routine, done)
    now = _growing(apply(routine, week, state))
    out = []
    for key, where in _growing(routine).items():
        played: list[Played] = [p for _, ps in record for p in ps if p.key == key]
        rule = where.progress
        assert rule is not None
        unit = (parse_load(where.load or "") or (0.0, ""))[1] \
            if isinstance(where, Exercise) else ""
        name = where.name if isinstance(where, Exercise) else (where.name or key[1])
        out.append(Series(name or key[1], rule.grows, unit, tuple(p.value for p in played),
                          tuple(p.missed for p in played), value_of(now[key], rule.grows)))
    return out


def lines(routine: Routine, done: Sequence[Done], at: Position | None) -> list[str]:
    """The report: where the program is, then a line a growing exercise."""
    count = len(done)
    head = f"{routine.name}: {count} session{'s' * (count != 1)} done"
    if at is not None:
        head += (f"; {at.ahead()}" if at.over
                 else f"; next: week {at.week}, session {at.number} of {at.per_week}")
    out = [head]
    found = series(routine, done, at.week if at else 1)
    if not found:
        out.append("Nothing grows from what you did (no progress: in the routine)" + (
            "; each week has its own values: plan --week N shows them." if routine.weeks
            else "."))
    width = max((len(s.name) for s in found), default=0)
    for s in found:
        shown = s.values[-SHOWN:]
        if shown:
            past = f"{sparkline(shown):<{SHOWN}}  {s.show(s.values[0])} → {s.show(s.values[-1])}"
            misses = sum(s.missed)
            past += f" ({misses} missed)" if misses else ""
        else:
            past = f"{'not played yet':<{SHOWN}}"
        out.append(f"  {s.name:<{width}}  {past}  next {s.show(s.following)}")
    return out
