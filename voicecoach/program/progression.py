"""Progression replayed from the history: for every exercise (and block) with
``progress:``, what its finished sessions earned. A good session (no miss on it, pain
within ``when``) counts toward a step (one every ``every``); a miss repeats the value and,
after ``deload_after`` in a row, steps back; a session over the pain limit changes
nothing. A rep range with a load step is double progression: a rep more each step up to
the top, then the load and back to the bottom. Values are the base of the week played
plus what was earned, in the field's unit (kg or lb, seconds, a count). Pure."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from voicecoach.model import Block, Change, Exercise, Progress, Reps, Routine, Session, Step
from voicecoach.program import Done
from voicecoach.program.resolve import COUNTS, block_at, value_of, with_value

Key = tuple[str, str]       # ("exercise", name) or ("block", name), casefolded


@dataclass(frozen=True)
class Earned:
    """What one exercise's (or block's) sessions earned: ``delta`` over the week's base
    (the field's unit), ``reps`` over the range's bottom (double progression), good
    sessions toward the next step, misses in a row, and the change the last session made
    (``last_reps`` for a rep of double progression)."""

    delta: float = 0.0
    reps: int = 0
    goods: int = 0
    misses: int = 0
    last: float = 0.0
    last_reps: int = 0


def _round(value: float, grows: str) -> float:
    if grows in COUNTS:
        return float(max(1, round(value)))
    if grows == "load":
        return max(0.0, round(value, 2))
    return max(1.0, float(round(value)))


def _moved(value: float, step: Step, grows: str, up: bool, limit: float | None) -> float:
    """``value`` after a step (``up``: in the step's direction; else back by it), kept
    within ``limit`` in the step's direction."""
    sign = 1 if up else -1
    new = value * (1 + sign * step.amount / 100) if step.percent else value + sign * step.amount
    new = _round(new, grows)
    if new == value and step.percent and grows in COUNTS:
        new = _round(value + (1 if sign * step.amount > 0 else -1), grows)
    if limit is not None and up:
        rising = step.amount > 0
        if (value >= limit) if rising else (value <= limit):
            return value
        new = min(new, limit) if rising else max(new, limit)
    return new


def _double(ex: Exercise | Block, rule: Progress) -> Reps | None:
    """The rep range of double progression, if it is that."""
    work = ex.work if isinstance(ex, Exercise) else None
    return work if rule.grows == "load" and isinstance(work, Reps) and work.low else None


def _event(e: Earned, where: Exercise | Block, rule: Progress, missed: bool,
           pain: int | None) -> Earned:
    base = value_of(where, rule.grows)
    value = base + e.delta
    if missed:
        misses = e.misses + 1
        if rule.deload_by is None or rule.deload_after is None or misses < rule.deload_after:
            return dataclasses.replace(e, goods=0, misses=misses, last=0.0, last_reps=0)
        back = rule.deload_by
        step = dataclasses.replace(back, amount=back.amount if rule.step.amount > 0
                                   else -back.amount)
        new = _moved(value, step, rule.grows, False, None)
        return Earned(new - base, e.reps, 0, 0, new - value)
    if rule.pain_at_most is not None and pain is not None and pain > rule.pain_at_most:
        return dataclasses.replace(e, last=0.0, last_reps=0)
    goods = e.goods + 1
    if goods < rule.every:
        return dataclasses.replace(e, goods=goods, misses=0, last=0.0, last_reps=0)
    reps = _double(where, rule)
    if reps is not None and reps.low is not None and reps.low + e.reps < reps.count:
        return Earned(e.delta, e.reps + 1, 0, 0, 0.0, 1)
    new = _moved(value, rule.step, rule.grows, True, rule.limit)
    return Earned(new - base, 0, 0, 0, new - value, -e.reps if reps is not None else 0)


# an exercise or block with a rule: its key, itself at a week, the rule, and the names of
# the exercises whose miss counts against it
Growing = tuple[Key, Exercise | Block, Progress, tuple[str, ...]]


def _growing(session: Session, week: int) -> Iterator[Growing]:
    """Each exercise and block of the session with a rule, at ``week``, once per key, with
    the names of the exercises whose miss counts against it."""
    seen: set[Key] = set()
    for i, block in enumerate(session.blocks):
        b = block_at(block, week)
        names = tuple(e.name.casefold() for e in b.exercises)
        if b.progress is not None:
            key = ("block", (block.name or f"{session.name} {i + 1}").casefold())
            if key not in seen:
                seen.add(key)
                yield key, b, b.progress, names
        for ex in b.exercises:
            key = ("exercise", ex.name.casefold())
            if ex.progress is not None and key not in seen:
                seen.add(key)
                yield key, ex, ex.progress, (key[1],)


@dataclass(frozen=True)
class Played:
    """One exercise or block of a finished session as it was played: its key, what
    grows, the value (the field's unit) and whether it was missed."""

    key: Key
    grows: str
    value: float
    missed: bool


def replay_all(routine: Routine, done: Sequence[Done]
               ) -> tuple[dict[Key, Earned], list[tuple[Done, list[Played]]]]:
    """What the finished sessions (oldest first) earned, by exercise and block, and what
    each of them played. Sessions the routine no longer has are passed over."""
    sessions = {s.name.casefold(): s for s in routine.sessions}
    state: dict[Key, Earned] = {}
    record: list[tuple[Done, list[Played]]] = []
    known: dict[tuple[str, int], list[Growing]] = {}   # a session at a week, read once
    for d in done:
        session = sessions.get(d.session.casefold())
        if session is None:
            continue
        at = (session.name, d.week or 1)
        if at not in known:
            known[at] = list(_growing(session, at[1]))
        played = []
        for key, where, rule, names in known[at]:
            e = state.get(key, Earned())
            missed = any(n in d.missed for n in names)
            value = _round(value_of(where, rule.grows) + e.delta, rule.grows)
            played.append(Played(key, rule.grows, value, missed))
            state[key] = _event(e, where, rule, missed, d.pain)
        record.append((d, played))
    return state, record


def replay(routine: Routine, done: Sequence[Done]) -> dict[Key, Earned]:
    """What the finished sessions (oldest first) earned, by exercise and block."""
    return replay_all(routine, done)[0]


def _applied(where: Any, rule: Progress, e: Earned) -> Any:
    value = _round(value_of(where, rule.grows) + e.delta, rule.grows)
    grown = with_value(where, rule.grows, value)
    reps = _double(where, rule)
    if reps is not None and reps.low is not None:
        grown = dataclasses.replace(grown, work=Reps(min(reps.low + e.reps, reps.count),
                                                     reps.until_done))
    if isinstance(grown, Exercise) and (e.last or e.last_reps):
        change = Change(rule.grows, e.last) if e.last else Change("reps", e.last_reps)
        grown = dataclasses.replace(grown, change=change)
    return grown


def apply(routine: Routine, week: int, state: dict[Key, Earned]) -> Routine:
    """The routine at ``week`` with what progression earned."""
    sessions = []
    for session in routine.sessions:
        blocks = []
        for i, block in enumerate(session.blocks):
            b = block_at(block, week)
            if b.progress is not None:
                key = ("block", (block.name or f"{session.name} {i + 1}").casefold())
                b = _applied(b, b.progress, state.get(key, Earned()))
            exercises = tuple(_applied(e, e.progress, state.get(("exercise",
                                                                 e.name.casefold()), Earned()))
                              if e.progress is not None else e for e in b.exercises)
            blocks.append(dataclasses.replace(b, exercises=exercises))
        sessions.append(dataclasses.replace(session, blocks=tuple(blocks)))
    return dataclasses.replace(routine, sessions=tuple(sessions))
