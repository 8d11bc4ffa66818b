"""Week tables (``{1: 60s, 3: 90s}``: a value from week N on) and a session's ``weeks:``,
read where a value stands in a routine that is a program (``schedule: weeks``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import yaml

from voicecoach.model import Weekly
from voicecoach.routine.fields import Field
from voicecoach.routine.loader import scalar_value
from voicecoach.routine.values import Reader, describe

T = TypeVar("T")
_WEEKS = re.compile(r"^\s*(\d{1,4})\s*-\s*(\d{1,4})\s*$")
NO_PROGRAM = "needs the program's length (schedule: weeks)"


def read(r: Reader, f: Field, node: yaml.Node, path: str,
         one: Callable[[yaml.Node, str], T]) -> T | Weekly:
    """The value of field ``f`` read by ``one``, or a week table of such values (when the
    field allows one and a mapping stands there): keys are weeks from 1 to the program's
    last, the first one no later than the first week of the session (``weeks:``); each
    value is read by ``one`` at ``path.WEEK``."""
    if not (f.weekly and isinstance(node, yaml.MappingNode)):
        return one(node, path)
    if r.weeks is None:
        r.fail(node, path, f"a week table {NO_PROGRAM}")
    before = len(r.errors)
    found: dict[int, Any] = {}
    for key_node, value_node in r.merged(node, path):
        with r.guard():
            r.budget.visit(key_node)
            week = scalar_value(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if isinstance(week, bool) or not isinstance(week, int) or week < 1:
                r.fail(key_node, path, "expected weeks (whole numbers from 1) as the keys "
                       f"of a week table, got {describe(week)}")
            if week > r.weeks:
                r.fail(key_node, f"{path}.{week}",
                       f"week {week} is after the program's last week ({r.weeks})")
            if week in found:
                r.fail(key_node, f"{path}.{week}", f"week {week} is given twice")
            found[week] = None
            found[week] = one(value_node, f"{path}.{week}")
    r.settle(before)
    if not found or min(found) > r.first_week:
        first = f"week {min(found)} first" if found else "an empty mapping"
        session = " (its session's first)" if r.first_week > 1 else ""
        r.fail(node, path, f"a week table starts at week {r.first_week}{session}, got {first}")
    return Weekly(f.key, tuple(sorted(found.items())))


def value(r: Reader, f: Field, node: yaml.Node, path: str) -> Any:
    """A scalar field's checked value, or a week table of them."""
    return read(r, f, node, path, lambda n, p: r.value(f, n, p))


def split(values: dict[str, Any]) -> tuple[dict[str, Any], tuple[Weekly, ...]]:
    """Week-1 values of the fields, and the week tables among them (named by their key:
    ``rest_after`` may have been given by ``rest``)."""
    tables = tuple(Weekly(k, v.values) for k, v in values.items() if isinstance(v, Weekly))
    return {k: v.at(1) if isinstance(v, Weekly) else v for k, v in values.items()}, tables


def weeks(r: Reader, node: yaml.Node, path: str) -> tuple[int, int]:
    """A session's ``weeks:``: one week (``5``) or a range (``1-2``), within the program."""
    if r.weeks is None:
        r.fail(node, path, NO_PROGRAM)
    what = f"weeks like 3 or 1-2 (from 1 to {r.weeks})"
    raw = r.scalar(node, path, what)
    found = _WEEKS.match(raw) if isinstance(raw, str) else None
    if found:
        first, last = int(found.group(1)), int(found.group(2))
    elif isinstance(raw, int) and not isinstance(raw, bool):
        first = last = raw
    else:
        r.fail(node, path, f"expected {what}, got {describe(raw)}")
    if not 1 <= first <= last <= r.weeks:
        r.fail(node, path, f"expected {what}, got {describe(raw)}")
    return first, last


def uncovered(program_weeks: int, used: list[tuple[int, int] | None]) -> int | None:
    """The first week no session is used in, if any."""
    for week in range(1, program_weeks + 1):
        if not any(u is None or u[0] <= week <= u[1] for u in used):
            return week
    return None
