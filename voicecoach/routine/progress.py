"""``progress:`` of an exercise or a block: what grows, its step, and when. Steps and
limits are written like the field they change (``+2.5 kg``, ``+5s``, ``+1``) or as a
percentage (``+5%``); durations become seconds, loads the load's own unit."""

from __future__ import annotations

import re
from typing import Any

import yaml

from voicecoach import durations
from voicecoach.loads import parse_load
from voicecoach.model import Hold, Progress, Reps, Step, Timed, Weekly, Work
from voicecoach.routine import fields
from voicecoach.routine.values import Reader, describe

_SIGNED = re.compile(r"^\s*([+-]?)\s*(.*?)\s*$")
_PERCENT = re.compile(r"^(\d{1,4}(?:\.\d{1,3})?)\s*%$")
_PAIN = re.compile(r"^\s*pain\s*(?:<=|≤)\s*(\d{1,2})\s*$", re.IGNORECASE)
_EXAMPLE = {"load": "+2.5 kg", "hold": "+5s", "time": "+5s", "reps": "+1", "sets": "+1",
            "rounds": "+1"}
_DURATION = ("hold", "time")


def _amount(r: Reader, node: yaml.Node, path: str, grows: str, text: str,
            unit: str | None) -> float | None:
    """An unsigned amount written like the field, in its unit; None if it is not one."""
    if grows in _DURATION:
        return durations.parse_duration(text[:100])
    if grows == "load":
        load = parse_load(text)
        if load is None:
            return None
        if unit is not None and load[1] and load[1] != unit:
            r.fail(node, path, f"the step is in {load[1]} but the load is in {unit}")
        return load[0]
    return float(text) if text.isdigit() and len(text) <= 6 else None


def step(r: Reader, node: yaml.Node, path: str, grows: str, unit: str | None,
         signed: bool = True) -> Step:
    """A step (``+2.5 kg``, ``-5s``, ``+1``, ``+5%``); unsigned ones (a deload's ``by``)
    must be positive."""
    example = f"{_EXAMPLE[grows]} or +5%" if signed else f"{_EXAMPLE[grows][1:]} or 10%"
    what = f"a {'step' if signed else 'step back'} like {example}"
    raw = r.scalar(node, path, what)
    if isinstance(raw, bool) or raw is None or (isinstance(raw, float) and raw != raw):
        r.expected(node, path, what)
    sign, text = _SIGNED.match(str(raw)).groups()  # type: ignore[union-attr]
    if sign and not signed:
        r.fail(node, path, f"expected {what} (no sign: it always goes back), got "
               f"{describe(raw)}")
    percent = _PERCENT.match(text)
    amount = float(percent.group(1)) if percent else _amount(r, node, path, grows, text, unit)
    if amount is None or (percent and amount >= 100 and (sign == "-" or not signed)):
        r.fail(node, path, f"expected {what}, got {describe(raw)}")
    if amount == 0:
        r.fail(node, path, f"a step of {describe(raw)} never changes anything")
    return Step(-amount if sign == "-" else amount, percent is not None)


def _limit(r: Reader, node: yaml.Node, path: str, grows: str, unit: str | None) -> float:
    if grows in _DURATION:
        return r.duration(node, path)
    if grows == "load":
        raw = r.scalar(node, path, "a load like 40 kg")
        load = parse_load(str(raw)) if not isinstance(raw, bool) and raw is not None else None
        if load is None:
            r.fail(node, path, f"expected a load like 40 kg, got {describe(raw)}")
        if unit is not None and load[1] and load[1] != unit:
            r.fail(node, path, f"max is in {load[1]} but the load is in {unit}")
        return load[0]
    return r.whole(node, path, 1, 1000)


def _fits(grows: str, where: str, work: Work | Weekly | None, load: Any) -> str | None:
    """Why ``grows`` cannot grow on this exercise or block, if it cannot."""
    if where == "block":
        return None if grows == "rounds" else f"a block's progress grows its rounds, not {grows}"
    if grows == "rounds":
        return "rounds grow on a block: put this progress under the block"
    base = work.at(1) if isinstance(work, Weekly) else work
    if grows == "load":
        loads = load.values if isinstance(load, Weekly) else ((1, load),)
        if load is None or any(parse_load(v) is None for _, v in loads):
            return "needs a load like 10 kg on the exercise"
    if grows == "time" and not isinstance(base, Timed):
        return "needs timed work (time:)"
    if grows == "hold" and not (isinstance(base, Hold) and base.breaths is None):
        return "needs a hold in seconds (hold: 30s)"
    if grows == "reps" and not isinstance(base, Reps):
        return "needs reps"
    if grows == "reps" and isinstance(base, Reps) and base.low is not None:
        return ("a rep range grows with a load step (double progression); give one number "
                "of reps to grow reps")
    return None


def read(r: Reader, node: yaml.Node, path: str, where: str,
         work: Work | Weekly | None = None, load: Any = None) -> Progress:
    """The ``progress:`` mapping at ``path`` of an exercise (its work and load given) or a
    block (``where`` names which)."""
    m = r.mapping(node, path, "progress")
    kinds = [k for k in fields.GROWS if k in m]
    if not kinds:
        r.fail(node, path, "expected one of load, hold, time, reps, sets or rounds to grow")
    if len(kinds) > 1:
        r.fail(m[kinds[1]], f"{path}.{kinds[1]}",
               f"give one thing to grow, not both {kinds[0]} and {kinds[1]}")
    grows = kinds[0]
    why = _fits(grows, where, work, load)
    if why:
        r.fail(m[grows], f"{path}.{grows}", why)
    base = load.at(1) if isinstance(load, Weekly) else load
    unit = parse_load(base)[1] if grows == "load" and parse_load(base) else None  # type: ignore[index]
    got: dict[str, Any] = {"step": step(r, m[grows], f"{path}.{grows}", grows, unit)}
    before = len(r.errors)
    with r.guard():
        if "every" in m:
            got["every"] = r.value(fields.field("progress", "every"), m["every"], f"{path}.every")
    with r.guard():
        if "max" in m:
            got["limit"] = _limit(r, m["max"], f"{path}.max", grows, unit)
    with r.guard():
        if "deload" in m:
            d = r.mapping(m["deload"], f"{path}.deload", "deload")
            got["deload_after"] = r.value(fields.field("deload", "after"), d["after"],
                                          f"{path}.deload.after")
            got["deload_by"] = step(r, d["by"], f"{path}.deload.by", grows, unit, signed=False)
    with r.guard():
        if "when" in m:
            raw = r.scalar(m["when"], f"{path}.when", "a condition like pain <= 3")
            pain = _PAIN.match(raw) if isinstance(raw, str) else None
            if pain is None or int(pain.group(1)) > 10:
                r.fail(m["when"], f"{path}.when", "expected a condition like pain <= 3 (pain "
                       f"from 0 to 10), got {describe(raw)}")
            got["pain_at_most"] = int(pain.group(1))
    r.settle(before)
    return Progress(grows, **got)
