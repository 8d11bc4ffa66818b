"""Turn a routine file into the model, checking every value where it is written.

Errors name file, line, column, the field's path and what was expected. Durations are
seconds. Settings cascade routine ``defaults`` → block → exercise.
"""

from __future__ import annotations

import difflib
import math
import re
from pathlib import Path
from typing import Any, NoReturn

import yaml

from voicecoach import durations
from voicecoach.errors import RoutineError
from voicecoach.model import Block, Exercise, Hold, Reps, Routine, Session, Settings, Timed, Voice
from voicecoach.routine import fields
from voicecoach.routine.fields import MAX_SESSION, Field
from voicecoach.routine.loader import Budget, Doc, load, mark, scalar_value

WORK_KEYS = tuple(f.key for f in fields.WORK)

_BREATHS = re.compile(r"^\s*(\d+)\s*breaths?\s*$", re.IGNORECASE)
_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_SIDE_WORD = re.compile(r"\s+sides?$", re.IGNORECASE)
MERGE_TAG = "tag:yaml.org,2002:merge"
_TEMPO = re.compile(r"^\s*\d+(?:\.\d+)?(?:\s*-\s*\d+(?:\.\d+)?){1,3}\s*$")


def describe(value: Any) -> str:
    """How a found value is shown after 'got'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, float) and math.isinf(value):
        return "infinity" if value > 0 else "-infinity"
    return str(value)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return describe(scalar_value(node))  # type: ignore[arg-type]


class Reader:
    """Checks nodes of one document; every failure raises a located RoutineError."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.budget = Budget(source)

    def fail(self, node: yaml.Node, path: str, problem: str) -> NoReturn:
        m = mark(node)
        raise RoutineError(self.source, m.line, m.column, path, problem)

    def expected(self, node: yaml.Node, path: str, what: str) -> NoReturn:
        self.fail(node, path, f"expected {what}, got {_kind(node)}")

    def mapping(self, node: yaml.Node, path: str, name: str) -> dict[str, yaml.Node]:
        """The keys of a mapping node, checked against the fields declared for ``name``."""
        allowed = fields.keys(name)
        required = [f.key for f in fields.MAPPINGS[name] if f.required]
        self.budget.visit(node)
        if not isinstance(node, yaml.MappingNode):
            self.expected(node, path or "routine", "a mapping of keys")
        out: dict[str, yaml.Node] = {}
        keys: dict[str, yaml.Node] = {}
        for key_node, value in self.merged(node, path):
            self.budget.visit(key_node)
            key = scalar_value(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.fail(key_node, path or "routine", f"keys must be text, got {_kind(key_node)}")
            sub = f"{path}.{key}" if path else key
            if key in keys:
                first = mark(keys[key])
                self.fail(key_node, sub, f"duplicate key (first at line {first.line})")
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                self.fail(key_node, sub, f"unknown key{hint}")
            keys[key] = key_node
            out[key] = value
        for key in required:
            if key not in out:
                self.fail(node, f"{path}.{key}" if path else key, "required key is missing")
        return out

    def merged(self, node: yaml.MappingNode, path: str) -> list[tuple[yaml.Node, yaml.Node]]:
        """The key/value pairs of a mapping with YAML merge keys (``<<: *base``) spread in;
        keys written in the mapping win. Every merged node counts against the budget."""
        own = [(k, v) for k, v in node.value if k.tag != MERGE_TAG]
        written = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
        spread: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value in node.value:
            if key_node.tag != MERGE_TAG:
                continue
            sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for source in sources:
                self.budget.visit(source)
                if not isinstance(source, yaml.MappingNode):
                    self.expected(source, path or "routine", "a mapping to merge after <<")
                for k, v in self.merged(source, path):
                    self.budget.visit(k)
                    name = k.value if isinstance(k, yaml.ScalarNode) else None
                    if name not in written:
                        written.add(name)
                        spread.append((k, v))
        return own + spread

    def scalar(self, node: yaml.Node, path: str, what: str) -> Any:
        self.budget.visit(node)
        if not isinstance(node, yaml.ScalarNode):
            self.expected(node, path, what)
        return scalar_value(node)

    def text(self, node: yaml.Node, path: str) -> str:
        value = self.scalar(node, path, "text")
        if isinstance(value, bool) or value is None:
            self.expected(node, path, "text")
        text = str(value if isinstance(value, str) else node.value).strip()
        if not text:
            self.fail(node, path, "expected text, got an empty string")
        if any(ord(c) < 32 and c not in "\t\n" for c in text):
            self.fail(node, path, "text contains control characters")
        return " ".join(text.split())

    def texts(self, node: yaml.Node, path: str) -> tuple[str, ...]:
        self.budget.visit(node)
        if isinstance(node, yaml.ScalarNode):
            return (self.text(node, path),)
        if not isinstance(node, yaml.SequenceNode):
            self.expected(node, path, "a list of texts")
        return tuple(self.text(item, f"{path}[{i}]") for i, item in enumerate(node.value))

    def whole(self, node: yaml.Node, path: str, low: int, high: int) -> int:
        what = "a whole number ≥ 1" if low == 1 else f"a whole number from {low} to {high}"
        value = self.scalar(node, path, what)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(value, float) and not value.is_integer()
        ):
            self.expected(node, path, what)
        if not low <= value <= high:
            want = f"≥ {low}" if value < low else f"at most {high}"
            self.fail(node, path, f"expected a whole number {want}, got {describe(value)}")
        return int(value)

    def number(self, node: yaml.Node, path: str, low: float, high: float) -> float:
        value = self.scalar(node, path, f"a number from {low:g} to {high:g}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
            math.isfinite(value) and low <= value <= high
        ):
            self.expected(node, path, f"a number from {low:g} to {high:g}")
        return float(value)

    def duration(self, node: yaml.Node, path: str, zero_ok: bool = False) -> float:
        what = "a duration like 45s, 2m, 1m30s or 1:30"
        value = self.scalar(node, path, what)
        if isinstance(value, bool) or value is None:
            self.expected(node, path, what)
        seconds = float(value) if isinstance(value, (int, float)) else \
            durations.parse_duration(str(value))
        if seconds is None or not math.isfinite(seconds) or seconds < 0:
            self.expected(node, path, what)
        if seconds == 0 and not zero_ok:
            self.fail(node, path, "expected a duration above zero, got 0")
        if seconds > MAX_SESSION:
            self.fail(node, path, f"expected a duration of at most 6 hours, got {describe(value)}")
        return seconds

    def flag(self, node: yaml.Node, path: str) -> bool:
        value = self.scalar(node, path, "true or false")
        if not isinstance(value, bool):
            self.expected(node, path, "true or false")
        return value

    def sides(self, node: yaml.Node, path: str) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.expected(node, path, "a list of sides like [right, left]")
        sides = tuple(_SIDE_WORD.sub("", s).lower() or s.lower()
                      for s in self.texts(node, path))
        if not sides:
            self.fail(node, path, "expected at least one side, got an empty list")
        seen = {s.lower() for s in sides}
        if len(seen) != len(sides):
            self.fail(node, path, "sides must be different from each other")
        return sides

    def value(self, f: Field, node: yaml.Node, path: str) -> Any:
        """A scalar field's checked value, by its declared kind and range."""
        if f.kind == "whole":
            return self.whole(node, path, int(f.low), int(f.high))
        if f.kind == "number":
            return self.number(node, path, f.low, f.high)
        if f.kind == "duration":
            return self.duration(node, path, zero_ok=f.low == 0)
        if f.kind == "text":
            return self.text(node, path)
        if f.kind == "texts":
            return self.texts(node, path)
        if f.kind == "flag":
            return self.flag(node, path)
        if f.kind == "sides":
            return self.sides(node, path)
        if f.kind == "tempo":
            return self.tempo(node, path)
        if f.kind == "reps":
            return self.reps(node, path, int(f.high))
        raise AssertionError(f"no reader for {f.kind} fields")

    def reps(self, node: yaml.Node, path: str, high: int) -> tuple[int | None, int]:
        """A rep count, or a range ``10-12``: (low or None, top)."""
        value = self.scalar(node, path, "a whole number ≥ 1 or a range like 10-12")
        found = _RANGE.match(value) if isinstance(value, str) else None
        if isinstance(value, str) and not found:
            self.expected(node, path, "a whole number ≥ 1 or a range like 10-12")
        if not found:
            return None, self.whole(node, path, 1, high)
        low, top = int(found.group(1)), int(found.group(2))
        if not 1 <= low < top <= high:
            self.fail(node, path, f"expected a range like 10-12 (from 1 to {high}, low "
                      f"first), got {describe(value)}")
        return low, top

    def tempo(self, node: yaml.Node, path: str) -> tuple[float, ...]:
        what = "a tempo like 1-1-2 (seconds per phase)"
        value = self.scalar(node, path, what)
        if not isinstance(value, str) or not _TEMPO.match(value):
            self.expected(node, path, what)
        phases = tuple(float(p) for p in value.split("-"))
        if sum(phases) <= 0:
            self.fail(node, path, "a tempo must last more than 0 seconds")
        return phases


def _settings(r: Reader, m: dict[str, yaml.Node], path: str) -> dict[str, Any]:
    """The settings written in one mapping, checked; tempo also sets rep_time."""
    def p(key: str) -> str:
        return f"{path}.{key}" if path else key

    out = {f.key: r.value(f, m[f.key], p(f.key)) for f in fields.SETTINGS if f.key in m}
    if "tempo" in out and "rep_time" in out:
        r.fail(m["tempo"], p("tempo"), "give rep_time or tempo, not both")
    if "tempo" in out:
        out["rep_time"] = sum(out["tempo"])
    elif "rep_time" in out:
        out["tempo"] = None
    return out


def _exercise(r: Reader, node: yaml.Node, path: str, inherited: dict[str, Any]) -> Exercise:
    m = r.mapping(node, path, "exercise")
    def p(key: str) -> str:
        return f"{path}.{key}"

    own = _settings(r, m, path)
    if "rest" in own and "rest_after" not in own and own.get("sets", inherited.get("sets", 1)) == 1:
        own["rest_after"] = own["rest"]   # one set: its rest is the rest after it
    settings = Settings(**{**inherited, **own})
    kinds = [k for k in WORK_KEYS if k in m]
    if not kinds:
        r.fail(node, path, "expected one of reps, time or hold")
    if len(kinds) > 1:
        r.fail(m[kinds[1]], p(kinds[1]), f"give one of reps, time or hold, not both {kinds[0]} "
               f"and {kinds[1]}")
    kind = kinds[0]
    work: Reps | Timed | Hold
    if kind == "reps":
        until = r.flag(m["until_done"], p("until_done")) if "until_done" in m else False
        low, top = r.value(fields.field("exercise", "reps"), m["reps"], p("reps"))
        work = Reps(top, until, low)
    else:
        for key in ("until_done", "rep_hold"):
            if key in m:
                r.fail(m[key], p(key), f"{key} needs reps")
    if kind == "time":
        work = Timed(r.duration(m["time"], p("time")))
    if kind == "hold":
        raw = r.scalar(m["hold"], p("hold"), "a duration or a number of breaths")
        breaths = _BREATHS.match(raw) if isinstance(raw, str) else None
        if breaths:
            count = int(breaths.group(1))
            if not 1 <= count <= 100:
                r.fail(m["hold"], p("hold"), f"expected 1 to 100 breaths, got {count}")
            work = Hold(count * settings.breath, count)
        else:
            work = Hold(r.duration(m["hold"], p("hold")))
    return Exercise(
        name=r.text(m["name"], p("name")),
        work=work,
        settings=settings,
        say=r.text(m["say"], p("say")) if "say" in m else None,
        steps=r.texts(m["steps"], p("steps")) if "steps" in m else (),
        tips=r.texts(m["tips"], p("tips")) if "tips" in m else (),
        equipment=r.texts(m["equipment"], p("equipment")) if "equipment" in m else (),
        rep_hold=r.value(fields.field("exercise", "rep_hold"), m["rep_hold"], p("rep_hold"))
        if "rep_hold" in m else 0.0,
        load=r.text(m["load"], p("load")) if "load" in m else None,
        notes=r.texts(m["notes"], p("notes")) if "notes" in m else (),
    )


def _items(r: Reader, node: yaml.Node, path: str, what: str) -> list[yaml.Node]:
    r.budget.visit(node)
    if not isinstance(node, yaml.SequenceNode):
        r.expected(node, path, f"a list of {what}")
    if not node.value:
        r.fail(node, path, f"expected at least one of the {what}, got an empty list")
    return list(node.value)


def _block(r: Reader, node: yaml.Node, path: str, inherited: dict[str, Any]) -> Block:
    m = r.mapping(node, path, "block")
    settings = {**inherited, **_settings(r, m, path)}
    items = _items(r, m["exercises"], f"{path}.exercises", "exercises")
    return Block(
        name=r.text(m["name"], f"{path}.name") if "name" in m else None,
        exercises=tuple(_exercise(r, n, f"{path}.exercises[{i}]", settings)
                        for i, n in enumerate(items)),
        rounds=r.value(fields.field("block", "rounds"), m["rounds"], f"{path}.rounds")
        if "rounds" in m else 1,
        rest_between_rounds=r.value(fields.field("block", "rest_between_rounds"),
                                    m["rest_between_rounds"], f"{path}.rest_between_rounds")
        if "rest_between_rounds" in m else None,
    )


def _session(r: Reader, node: yaml.Node, blocks_node: yaml.Node, path: str, name: str,
             defaults: dict[str, Any], intro: str | None = None) -> Session:
    bp = f"{path}.blocks" if path else "blocks"
    items = _items(r, blocks_node, bp, "blocks")
    session = Session(name, tuple(_block(r, n, f"{bp}[{i}]", defaults)
                                  for i, n in enumerate(items)), intro)
    length = session.nominal_length()
    if length > MAX_SESSION:
        r.fail(node, path or "blocks",
               f"session is longer than 6 hours ({durations.short(length)} without speech)")
    return session


def parse(doc: Doc) -> Routine:
    """Check a parsed document and build the Routine."""
    r = Reader(doc.source)
    m = r.mapping(doc.root, "", "routine")
    if "sessions" in m and "blocks" in m:
        r.fail(m["blocks"], "blocks", "give sessions or blocks, not both")
    if "sessions" not in m and "blocks" not in m:
        r.fail(doc.root, "sessions", "required key is missing (or give a top-level blocks)")
    name = r.text(m["name"], "name")
    defaults: dict[str, Any] = {}
    if "defaults" in m:
        defaults = _settings(r, r.mapping(m["defaults"], "defaults", "defaults"), "defaults")
    voice = Voice()
    if "voice" in m:
        v = r.mapping(m["voice"], "voice", "voice")
        voice = Voice(**{f.key: r.value(f, v[f.key], f"voice.{f.key}")
                         for f in fields.MAPPINGS["voice"] if f.key in v})
    per_week = None
    if "schedule" in m:
        s = r.mapping(m["schedule"], "schedule", "schedule")
        per_week = r.value(fields.field("schedule", "per_week"), s["per_week"],
                           "schedule.per_week")
    if "sessions" in m:
        items = _items(r, m["sessions"], "sessions", "sessions")
        sessions = []
        for i, node in enumerate(items):
            sm = r.mapping(node, f"sessions[{i}]", "session")
            sname = (r.text(sm["name"], f"sessions[{i}].name") if "name" in sm
                     else f"Session {i + 1}")
            intro = (r.text(sm["intro"], f"sessions[{i}].intro") if "intro" in sm else None)
            sessions.append(_session(r, node, sm["blocks"], f"sessions[{i}]", sname, defaults,
                                     intro))
        names = [s.name.casefold() for s in sessions]
        for i, n in enumerate(names):
            if n in names[:i]:
                r.fail(items[i], f"sessions[{i}].name",
                       f"duplicate session name '{sessions[i].name}'")
    else:
        sessions = [_session(r, doc.root, m["blocks"], "", name, defaults)]
    return Routine(
        name=name,
        sessions=tuple(sessions),
        description=r.text(m["description"], "description") if "description" in m else None,
        intro=r.text(m["intro"], "intro") if "intro" in m else None,
        per_week=per_week,
        voice=voice,
        source=doc.source,
        music=r.text(m["music"], "music") if "music" in m else None,
    )


def load_routine(path: Path, source: str | None = None) -> Routine:
    """Read, check and build a routine from a file (``source`` names it in messages)."""
    return parse(load(path, source if source is not None else str(path)))
