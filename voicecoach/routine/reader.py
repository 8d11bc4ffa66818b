"""Turn a routine file into the model, checking every value where it is written.

Errors name file, line, column, the field's path and what was expected; up to 20 are
collected per file (see ``problems``: read each value inside ``r.guard()``, look keys up as
``m[key]`` so a missing one skips quietly) and raised together as RoutineErrors. Durations
are seconds. Settings cascade routine ``defaults`` → block → exercise.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from voicecoach import durations
from voicecoach.errors import RoutineError
from voicecoach.model import (
    Block,
    Exercise,
    Hold,
    Reps,
    Routine,
    Session,
    Settings,
    Timed,
    Voice,
    Weekly,
    Work,
)
from voicecoach.phrases import breath_words, pack
from voicecoach.routine import fields, language, problems, progress, weekly
from voicecoach.routine.fields import MAX_SESSION
from voicecoach.routine.loader import (
    Doc,
    load,
    mark,
    no_gc,
)
from voicecoach.routine.problems import Keys, Skip
from voicecoach.routine.values import Reader, describe

__all__ = ["Reader", "check_voice", "describe", "load_routine", "parse"]

WORK_KEYS = tuple(f.key for f in fields.WORK)
T = TypeVar("T")

_BREATHS = re.compile(rf"^\s*(\d+)\s*(?:{'|'.join(map(re.escape, breath_words()))})\s*$",
                      re.IGNORECASE)


def _settings(r: Reader, m: Keys, path: str) -> dict[str, Any]:
    """The settings written in one mapping, checked; tempo also sets rep_time. Wrong ones
    are recorded and left out (the caller settles before building)."""
    def p(key: str) -> str:
        return f"{path}.{key}" if path else key

    out: dict[str, Any] = {}
    for f in fields.SETTINGS:
        if f.key in m:
            with r.guard():
                out[f.key] = weekly.value(r, f, m[f.key], p(f.key))
    if "tempo" in m and "rep_time" in m:
        with r.guard():
            r.fail(m["tempo"], p("tempo"), "give rep_time or tempo, not both")
    if "tempo" in out:
        out["rep_time"] = sum(out["tempo"])
    elif "rep_time" in out:
        out["tempo"] = None
    return out


def _work(r: Reader, m: Keys, node: yaml.Node, path: str,
          settings: Settings) -> Work | Weekly:
    def p(key: str) -> str:
        return f"{path}.{key}"

    kinds = [k for k in WORK_KEYS if k in m]
    if not kinds:
        if m.unsure:
            raise Skip
        r.fail(node, path, "expected one of reps, time or hold")
    if len(kinds) > 1:
        r.fail(m[kinds[1]], p(kinds[1]), f"give one of reps, time or hold, not both {kinds[0]} "
               f"and {kinds[1]}")
    kind = kinds[0]
    until = False
    if kind == "reps":
        if "until_done" in m:
            with r.guard():
                until = r.flag(m["until_done"], p("until_done"))
    else:
        for key in ("until_done", "rep_hold"):
            if key in m:
                with r.guard():
                    r.fail(m[key], p(key), f"{key} needs reps")
    return weekly.read(r, dataclasses.replace(fields.field("exercise", kind), key="work"),
                       m[kind], p(kind), lambda n, q: _one_work(r, kind, n, q, until, settings))


def _one_work(r: Reader, kind: str, node: yaml.Node, path: str, until: bool,
              settings: Settings) -> Work:
    """One value of reps, time or hold (a week table has one a week)."""
    if kind == "reps":
        low, top = r.value(fields.field("exercise", "reps"), node, path)
        return Reps(top, until, low)
    if kind == "time":
        return Timed(r.duration(node, path))
    raw = r.scalar(node, path, "a duration or a number of breaths")
    breaths = _BREATHS.match(raw) if isinstance(raw, str) else None
    if breaths:
        count = int(breaths.group(1)[-4:]) if len(breaths.group(1)) < 5 else 10**4
        if not 1 <= count <= 100:
            r.fail(node, path, f"expected 1 to 100 breaths, got {breaths.group(1)}")
        return Hold(count * settings.breath, count)
    try:
        return Hold(r.duration(node, path))
    except RoutineError as exc:
        hint = problems.hold_hint(raw)
        if not hint:
            raise
        r.fail(node, path, exc.problem + hint)


def _exercise(r: Reader, node: yaml.Node, path: str, inherited: dict[str, Any]) -> Exercise:
    r.exercises += 1
    r.limit(node, path, r.exercises, problems.MAX_EXERCISES, "exercises in the routine")
    before = len(r.errors)
    m = r.mapping(node, path, "exercise")

    def p(key: str) -> str:
        return f"{path}.{key}"

    def texts(key: str) -> tuple[str, ...]:
        return r.texts(m[key], p(key), spoken=key != "notes") if key in m else ()

    own = _settings(r, m, path)
    if "rest" in own and "rest_after" not in own and own.get("sets", inherited.get("sets", 1)) == 1:
        own["rest_after"] = own["rest"]   # one set: its rest is the rest after it
    plain, tables = weekly.split({**inherited, **own})
    settings = Settings(**plain)
    got: dict[str, Any] = {}
    with r.guard():
        got["work"] = _work(r, m, node, path, settings)
    with r.guard():
        got["name"] = r.text(m["name"], p("name"), spoken="say" not in m)
    with r.guard():
        got["say"] = r.text(m["say"], p("say")) if "say" in m else None
    for key in ("steps", "tips", "equipment", "notes"):
        with r.guard():
            got[key] = texts(key)
    for key, default in (("rep_hold", 0.0), ("load", None)):
        with r.guard():
            got[key] = weekly.value(r, fields.field("exercise", key), m[key], p(key)) \
                if key in m else default
    with r.guard():
        if "progress" in m:
            got["progress"] = progress.read(r, m["progress"], p("progress"), "exercise",
                                            got.get("work"), got.get("load"))
    r.settle(before)
    got, own_tables = weekly.split(got)
    return Exercise(settings=settings, weekly=tables + own_tables, **got)


def _items(r: Reader, node: yaml.Node, path: str, what: str) -> list[yaml.Node]:
    r.budget.visit(node)
    if not isinstance(node, yaml.SequenceNode):
        r.expected(node, path, f"a list of {what}")
    if not node.value:
        r.fail(node, path, f"expected at least one of the {what}, got an empty list")
    r.limit(node, path, len(node.value), problems.MAX_ITEMS[what], what)
    return list(node.value)


def _each(r: Reader, items: list[yaml.Node], read: Callable[[int, yaml.Node], T]) -> list[T]:
    """Read every item, recording mistakes; Skip if any item had one."""
    before = len(r.errors)
    out: list[T] = []
    for i, node in enumerate(items):
        with r.guard():
            out.append(read(i, node))
    r.settle(before)
    return out


def _block(r: Reader, node: yaml.Node, path: str, inherited: dict[str, Any]) -> Block:
    before = len(r.errors)
    m = r.mapping(node, path, "block")
    settings = {**inherited, **_settings(r, m, path)}
    got: dict[str, Any] = {}
    for key in ("name", "say"):
        with r.guard():
            got[key] = r.text(m[key], f"{path}.{key}") if key in m else None
    for key, default in (("rounds", 1), ("rest_between_rounds", None)):
        with r.guard():
            got[key] = weekly.value(r, fields.field("block", key), m[key], f"{path}.{key}") \
                if key in m else default
    with r.guard():
        if "progress" in m:
            got["progress"] = progress.read(r, m["progress"], f"{path}.progress", "block")
    items = _items(r, m["exercises"], f"{path}.exercises", "exercises")
    exercises = _each(r, items, lambda i, n: _exercise(r, n, f"{path}.exercises[{i}]",
                                                       settings))
    r.settle(before)
    got, tables = weekly.split(got)
    return Block(exercises=tuple(exercises), weekly=tables, **got)


def _session(r: Reader, node: yaml.Node, blocks_node: yaml.Node, path: str, name: str,
             defaults: dict[str, Any], intro: str | None = None) -> Session:
    bp = f"{path}.blocks" if path else "blocks"
    items = _items(r, blocks_node, bp, "blocks")
    blocks = _each(r, items, lambda i, n: _block(r, n, f"{bp}[{i}]", defaults))
    session = Session(name, tuple(blocks), intro)
    length = session.nominal_length()
    if length > MAX_SESSION:
        r.fail(node, path or "blocks",
               f"session is longer than 6 hours ({durations.short(length)} without speech)")
    return session


def _sessions(r: Reader, node: yaml.Node, defaults: dict[str, Any],
              unnamed: Callable[[int], str]) -> list[Session]:
    items = _items(r, node, "sessions", "sessions")

    def one(i: int, node: yaml.Node) -> Session:
        sm = r.mapping(node, f"sessions[{i}]", "session")
        sname = unnamed(i + 1)
        with r.guard():
            sname = r.text(sm["name"], f"sessions[{i}].name") if "name" in sm else sname
        intro = weeks = say = None
        with r.guard():
            intro = r.text(sm["intro"], f"sessions[{i}].intro") if "intro" in sm else None
        with r.guard():
            say = r.text(sm["say"], f"sessions[{i}].say") if "say" in sm else None
        with r.guard():
            weeks = weekly.weeks(r, sm["weeks"], f"sessions[{i}].weeks") \
                if "weeks" in sm else None
        r.first_week = weeks[0] if weeks else 1
        try:
            session = _session(r, node, sm["blocks"], f"sessions[{i}]", sname, defaults, intro)
        finally:
            r.first_week = 1
        return dataclasses.replace(session, named="name" in sm, weeks=weeks,
                                   say=say)

    sessions = _each(r, items, one)
    names = [s.name.casefold() for s in sessions]
    for i, n in enumerate(names):
        if n in names[:i]:
            with r.guard():
                r.fail(items[i], f"sessions[{i}].name",
                       f"duplicate session name '{sessions[i].name}'")
    missing = weekly.uncovered(r.weeks or 0, [s.weeks for s in sessions])
    if missing is not None and len(sessions) == len(items):
        with r.guard():
            r.fail(node, "sessions", f"week {missing} has no session (the sessions' weeks "
                   "leave it out)")
    return sessions


def _routine(r: Reader, doc: Doc) -> Routine:
    m = r.mapping(doc.root, "", "routine")
    got: dict[str, Any] = {}
    if "sessions" in m and "blocks" in m:
        r.fail(m["blocks"], "blocks", "give sessions or blocks, not both")
    if "sessions" not in m and "blocks" not in m and not m.unsure:
        with r.guard():
            r.fail(doc.root, "sessions", "required key is missing (or give a top-level blocks)")
    for key in ("name", "description", "intro", "music", "say"):
        with r.guard():
            got[key] = (r.text(m[key], key, spoken=key != "music")
                        if key in m or key == "name" else None)
    got["voice"] = Voice()
    with r.guard():
        if "voice" in m:
            v = r.mapping(m["voice"], "voice", "voice")
            values = {}
            for f in fields.MAPPINGS["voice"]:
                if f.key in v:
                    with r.guard():
                        values[f.key] = r.value(f, v[f.key], f"voice.{f.key}")
            got["voice"] = Voice(**values)
    got["per_week"] = got["weeks"] = None
    with r.guard():
        if "schedule" in m:
            s = r.mapping(m["schedule"], "schedule", "schedule")
            with r.guard():
                if "weeks" in s:
                    got["weeks"] = r.weeks = r.value(fields.field("schedule", "weeks"),
                                                     s["weeks"], "schedule.weeks")
            got["per_week"] = r.value(fields.field("schedule", "per_week"), s["per_week"],
                                      "schedule.per_week")
    defaults: dict[str, Any] = {}
    with r.guard():
        if "defaults" in m:
            defaults = _settings(r, r.mapping(m["defaults"], "defaults", "defaults"),
                                 "defaults")
    got["language"], got["phrases"] = None, ()
    with r.guard():
        got["language"] = language.language(r, m["language"]) if "language" in m else None
    with r.guard():
        got["phrases"] = language.phrases(r, m["phrases"], got["language"] or "en") \
            if "phrases" in m else ()
    with r.guard():
        r.units = r.value(fields.field("routine", "units"), m["units"], "units") \
            if "units" in m else None
    say = pack(got["language"] or "en", dict(got["phrases"]))
    name = got.get("name") or "?"
    if "sessions" in m:
        sessions = _sessions(r, m["sessions"], defaults,
                             lambda n: say.part("session_name", number=n))
    else:
        sessions = [_session(r, doc.root, m["blocks"], "", name, defaults)]
    r.settle(0)
    return Routine(sessions=tuple(sessions), source=doc.source, warnings=tuple(
        str(w) for w in sorted(r.warnings, key=lambda w: (w.line, w.column))),
                   **got)


def parse(doc: Doc) -> Routine:
    """Check a parsed document and build the Routine; raise RoutineErrors with every
    mistake found (up to 20, in file order) if there are any."""
    r = Reader(doc.source, doc.nodes)
    routine = None
    try:
        with r.guard(), no_gc():
            routine = _routine(r, doc)
    except problems.Full:
        pass
    r.raise_any()
    assert routine is not None
    return routine


def load_routine(path: Path, source: str | None = None) -> Routine:
    """Read, check and build a routine from a file (``source`` names it in messages)."""
    return parse(load(path, source if source is not None else str(path)))


def check_voice(path: Path, routine: Routine) -> None:
    """Raise a located RoutineError if the routine's ``voice.voice`` is not installed."""
    if not routine.voice.voice:
        return
    from voicecoach.speech.voices import voice_problem

    problem = voice_problem(routine.voice.voice)
    if problem:
        root = load(path, routine.source).root
        node = root
        for key in ("voice", "voice"):
            node = next(v for k, v in node.value if k.value == key)
        m = mark(node)
        raise RoutineError(routine.source, m.line, m.column, "voice.voice", problem)
