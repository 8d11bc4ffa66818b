"""A program's routine with concrete values: week tables read for one week, and the one
value ``progress:`` grows read and set as a number (kg or lb, seconds, a count). Pure."""

from __future__ import annotations

import dataclasses
from typing import Any

from voicecoach.loads import load_text, parse_load
from voicecoach.model import (
    Block,
    Exercise,
    Hold,
    Reps,
    Routine,
    Session,
    Settings,
    Timed,
    Weekly,
)

_SETTINGS = {f.name for f in dataclasses.fields(Settings)}
COUNTS = ("reps", "sets", "rounds")


def _tables(weekly: tuple[Weekly, ...], week: int) -> dict[str, Any]:
    return {t.field: t.at(week) for t in weekly}


def exercise_at(ex: Exercise, week: int) -> Exercise:
    """The exercise with its week tables read for ``week`` (a hold in breaths lasts its
    breaths at the week's breath)."""
    if not ex.weekly:
        return ex
    values = _tables(ex.weekly, week)
    settings = dataclasses.replace(ex.settings, **{k: v for k, v in values.items()
                                                   if k in _SETTINGS})
    own = {k: v for k, v in values.items() if k not in _SETTINGS}
    work = own.pop("work", ex.work)
    if isinstance(work, Hold) and work.breaths is not None:
        work = Hold(work.breaths * settings.breath, work.breaths)
    return dataclasses.replace(ex, settings=settings, work=work, **own)


def block_at(block: Block, week: int) -> Block:
    """The block (and its exercises) with the week tables read for ``week``."""
    values = _tables(block.weekly, week)
    return dataclasses.replace(block, exercises=tuple(exercise_at(e, week)
                                                      for e in block.exercises), **values)


def session_at_week(session: Session, week: int) -> Session:
    return dataclasses.replace(session, blocks=tuple(block_at(b, week)
                                                     for b in session.blocks))


def routine_at(routine: Routine, week: int) -> Routine:
    """The routine with every week table read for ``week`` (from 1)."""
    return dataclasses.replace(routine, sessions=tuple(session_at_week(s, week)
                                                       for s in routine.sessions))


def value_of(where: Exercise | Block, grows: str) -> float:
    """The number ``progress:`` grows: kg (or the load's unit), seconds or a count."""
    if isinstance(where, Block):
        return float(where.rounds)
    if grows == "load":
        load = parse_load(where.load or "")
        return load[0] if load else 0.0
    if grows == "sets":
        return float(where.settings.sets)
    work = where.work
    return float(work.count) if isinstance(work, Reps) else work.seconds


def with_value(where: Any, grows: str, value: float) -> Any:
    """``where`` (an Exercise or a Block) with the grown field set to ``value``."""
    if isinstance(where, Block):
        return dataclasses.replace(where, rounds=int(value))
    if grows == "load":
        unit = (parse_load(where.load or "") or (0.0, ""))[1]
        return dataclasses.replace(where, load=load_text(value, unit))
    if grows == "sets":
        return dataclasses.replace(where, settings=dataclasses.replace(where.settings,
                                                                      sets=int(value)))
    work = where.work
    if isinstance(work, Reps):
        return dataclasses.replace(where, work=Reps(int(value), work.until_done))
    made = Hold(value) if isinstance(work, Hold) else Timed(value)
    return dataclasses.replace(where, work=made)
