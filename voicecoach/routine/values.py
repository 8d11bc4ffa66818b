"""The reader's checks of single values, by kind: each failure raises a located
RoutineError (file, line, column, the field's path, what was expected and what was found).
``Reader`` also collects mistakes (``problems.Collector``) and counts what it reads.
"""

from __future__ import annotations

import math
import re
from typing import Any, NoReturn

import yaml

from voicecoach import durations
from voicecoach.errors import RoutineError
from voicecoach.routine import fields, problems
from voicecoach.routine.fields import MAX_SESSION, Field
from voicecoach.routine.loader import MAX_NODES, Budget, TooBig, mark, scalar_value
from voicecoach.routine.problems import MAX_TEXT, MAX_TEXTS, Fatal, Keys

_SENTENCE_END = (".", "!", "?", ":", ";", "…")
_BARE_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_SIDE_WORD = re.compile(r"\s+sides?$", re.IGNORECASE)
MERGE_TAG = "tag:yaml.org,2002:merge"
_TEMPO = re.compile(r"^\s*\d+(?:\.\d+)?(?:\s*-\s*\d+(?:\.\d+)?){1,3}\s*$")


def describe(value: Any) -> str:
    """How a found value is shown after 'got'."""
    if isinstance(value, TooBig):
        return f"a number with {value.digits} digits"
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


class Reader(problems.Collector):
    """Checks nodes of one document; every failure raises a located RoutineError, which
    ``guard`` records (up to 20) before reading goes on."""

    def __init__(self, source: str, nodes: int = 0) -> None:
        super().__init__()
        self.source = source
        self.budget = Budget(source, 2 * nodes + MAX_NODES)
        self.exercises = 0
        self.weeks: int | None = None   # a program's length: week tables may stand for values
        self.first_week = 1             # the first week of the session being read
        self.units: str | None = None   # the routine's units: for a load that is a number
        self.warnings: list[RoutineError] = []   # not errors: reading goes on

    def limit(self, node: yaml.Node, path: str, count: int, most: int, what: str) -> None:
        """Refuse more than ``most`` items before reading any of them (the file stops)."""
        if count > most:
            m = mark(node)
            raise Fatal(self.source, m.line, m.column, path, f"more than {most} {what}"
                        + ("" if what == "texts" else "; split the routine"))

    def fail(self, node: yaml.Node, path: str, problem: str) -> NoReturn:
        m = mark(node)
        raise RoutineError(self.source, m.line, m.column, path, problem)

    def warn(self, node: yaml.Node, path: str, problem: str) -> None:
        """Note a located warning (one line, the form of an error's)."""
        m = mark(node)
        self.warnings.append(RoutineError(self.source, m.line, m.column, path, problem))

    def expected(self, node: yaml.Node, path: str, what: str) -> NoReturn:
        self.fail(node, path, f"expected {what}, got {_kind(node)}")

    def mapping(self, node: yaml.Node, path: str, name: str) -> Keys:
        """The keys of a mapping node, checked against the fields declared for ``name``.
        Wrong keys are recorded and left out; a missing required key is recorded (unless
        an unknown key probably meant it) and looking it up raises Skip."""
        allowed = fields.keys(name)
        required = [f.key for f in fields.MAPPINGS[name] if f.required]
        self.budget.visit(node)
        if not isinstance(node, yaml.MappingNode):
            self.expected(node, path or "routine", "a mapping of keys")
        out = Keys()
        keys: dict[str, yaml.Node] = {}
        for key_node, value in self.merged(node, path):
            with self.guard():
                self.budget.visit(key_node)
                key = scalar_value(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, str):
                    self.fail(key_node, path or "routine",
                              f"keys must be text, got {_kind(key_node)}")
                sub = f"{path}.{key}" if path else key
                if key in keys:
                    first = mark(keys[key])
                    self.fail(key_node, sub, f"duplicate key (first at line {first.line})")
                keys[key] = key_node
                if key not in allowed:
                    out.unsure = True
                    self.fail(key_node, sub, problems.unknown_key(name, key, allowed))
                out[key] = value
        for key in required:
            if key not in out and not out.unsure:
                with self.guard():
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

    def text(self, node: yaml.Node, path: str, spoken: bool = True) -> str:
        """A text; one the coach says (``spoken``) must be in a script its voices speak."""
        value = self.scalar(node, path, "text")
        if isinstance(value, bool) or value is None:
            self.expected(node, path, "text")
        if len(node.value) > MAX_TEXT:
            self.fail(node, path, f"text is longer than {MAX_TEXT} characters "
                                  f"({len(node.value)})")
        text = str(value if isinstance(value, str) else node.value).strip()
        if not text:
            self.fail(node, path, "expected text, got an empty string")
        if any(ord(c) < 32 and c not in "\t\n" for c in text):
            self.fail(node, path, "text contains control characters")
        why = problems.unsayable(text) or (problems.foreign_script(text) if spoken else None)
        if why:
            self.fail(node, path, why)
        return problems.clean(text)

    def load(self, node: yaml.Node, path: str) -> str:
        """A load as written ('10 kg', 'red band'); a bare number takes the routine's
        ``units:`` ('100' → '100 kg'), and without them is an error saying how to write it."""
        text = self.text(node, path)
        if not _BARE_NUMBER.match(text):
            return text
        if self.units is None:
            self.fail(node, path, f"a load needs its unit: write '{text} kg' or '{text} lb', "
                      "or give the routine 'units: kg' for every load written as a number")
        return f"{text} {self.units}"

    def choice(self, node: yaml.Node, path: str, choices: tuple[str, ...]) -> str:
        value = self.scalar(node, path, "one of " + ", ".join(choices))
        if not isinstance(value, str) or value.strip().lower() not in choices:
            self.expected(node, path, " or ".join(choices))
        return str(value).strip().lower()

    def texts(self, node: yaml.Node, path: str, spoken: bool = True) -> tuple[str, ...]:
        self.budget.visit(node)
        if isinstance(node, yaml.ScalarNode):
            return (self.text(node, path, spoken),)
        if not isinstance(node, yaml.SequenceNode):
            self.expected(node, path, "a list of texts")
        self.limit(node, path, len(node.value), MAX_TEXTS, "texts")
        before = len(self.errors)
        out = []
        for i, item in enumerate(node.value):
            with self.guard():
                out.append(self.text(item, f"{path}[{i}]", spoken))
        self.settle(before)
        if node.flow_style:
            self._split_sentence(node, path, out)
        return tuple(out)

    def _split_sentence(self, node: yaml.SequenceNode, path: str, items: list[str]) -> None:
        """Warn about ``[Physio, week 2.]``: YAML splits a flow list at every comma, so an
        unquoted sentence with a comma becomes two texts."""
        for i in range(1, len(items)):
            before, item = items[i - 1], items[i]
            plain = all(not n.style for n in node.value[i - 1:i + 1])
            if plain and item[:1].islower() and not before.endswith(_SENTENCE_END) \
                    and items[-1].endswith(_SENTENCE_END):
                self.warn(node.value[i - 1], path, f"'{before}' and '{item}' are two texts "
                          f"(a [list] splits at commas); if they are one, quote it: "
                          f"[\"{before}, {item}\"]")
                return

    def whole(self, node: yaml.Node, path: str, low: int, high: int) -> int:
        what = "a whole number ≥ 1" if low == 1 else f"a whole number from {low} to {high}"
        value = self.scalar(node, path, what)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(value, float) and not value.is_integer()
        ):
            hint = problems.whole_hint(path.rsplit(".", 1)[-1], value)
            self.fail(node, path, f"expected {what}, got {_kind(node)}{hint}")
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
        if isinstance(value, int) and value > MAX_SESSION:
            self.fail(node, path, f"expected a duration of at most 6 hours, got {describe(value)}")
        seconds = float(value) if isinstance(value, (int, float)) else \
            durations.parse_duration(str(value)[:100])
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
            return self.text(node, path, spoken=f.key != "voice")
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
        if f.kind == "load":
            return self.load(node, path)
        if f.kind == "units":
            return self.choice(node, path, fields.UNITS)
        raise AssertionError(f"no reader for {f.kind} fields")

    def reps(self, node: yaml.Node, path: str, high: int) -> tuple[int | None, int]:
        """A rep count, or a range ``10-12``: (low or None, top)."""
        value = self.scalar(node, path, "a whole number ≥ 1 or a range like 10-12")
        found = _RANGE.match(value) if isinstance(value, str) else None
        if isinstance(value, str) and not found:
            hint = problems.whole_hint(path.rsplit(".", 1)[-1], value)
            self.fail(node, path, "expected a whole number ≥ 1 or a range like 10-12, got "
                      f"{_kind(node)}{hint}")
        if not found:
            return None, self.whole(node, path, 1, high)
        low, top = int(found.group(1)[-6:]), int(found.group(2)[-6:])
        if not 1 <= low < top <= high or max(map(len, found.groups())) > 6:
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
