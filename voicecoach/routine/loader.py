"""Read untrusted YAML into position-carrying nodes, safely.

Nothing here constructs objects: files are size-checked and strictly decoded, explicit
tags are refused, nesting depth is bounded before the tree is built, and the tree is
walked with a node budget so aliases cannot blow up into huge structures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from voicecoach.errors import RoutineError

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 50_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "seq", "map")
}

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a source file."""

    line: int
    column: int


@dataclass(frozen=True)
class Doc:
    """A parsed routine document: its root node and where it came from."""

    source: str
    root: yaml.Node


class Budget:
    """Counts nodes visited while converting, so aliases cannot multiply the work."""

    def __init__(self, source: str, limit: int = MAX_NODES) -> None:
        self.source = source
        self.left = limit

    def visit(self, node: yaml.Node) -> None:
        self.left -= 1
        if self.left < 0:
            m = mark(node)
            raise RoutineError(
                self.source, m.line, m.column, "",
                f"document expands to more than {MAX_NODES} values (YAML aliases?)",
            )


def mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def read_text(path: Path, source: str) -> str:
    """Read a routine file as UTF-8 text, refusing empty, huge or badly encoded files."""
    with path.open("rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise RoutineError(source, 1, 1, "", f"file is larger than {MAX_BYTES // 1_000_000} MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise RoutineError(
            source, line, column, "", f"invalid UTF-8 (byte 0x{data[exc.start]:02x})"
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise RoutineError(source, 1, 1, "", "file is empty")
    return text


def _yaml_error(source: str, exc: yaml.MarkedYAMLError) -> RoutineError:
    m = exc.problem_mark or exc.context_mark
    line, column = (m.line + 1, m.column + 1) if m else (1, 1)
    problem = exc.problem or exc.context or "unreadable YAML"
    if "'\\t'" in problem:
        problem = "tab character; indent with spaces"
    return RoutineError(source, line, column, "", f"invalid YAML: {problem}")


def _prescan(text: str, source: str) -> None:
    """Stream the events once: bound nesting, refuse tags and multiple documents."""
    depth = 0
    documents = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            start = event.start_mark
            assert start is not None
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise RoutineError(
                        source, start.line + 1, start.column + 1, "",
                        "more than one YAML document in the file",
                    )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise RoutineError(
                        source, start.line + 1, start.column + 1, "",
                        f"nested more than {MAX_DEPTH} levels deep",
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _STANDARD_TAGS and tag != "!":
                raise RoutineError(
                    source, start.line + 1, start.column + 1, "",
                    f"YAML tag {tag} is not allowed (routines are plain data)",
                )
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(source, exc) from None


def load(path: Path, source: str) -> Doc:
    """Parse a routine file into a node tree. ``source`` is the name used in messages."""
    text = read_text(path, source)
    _prescan(text, source)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(source, exc) from None
    if root is None:
        raise RoutineError(source, 1, 1, "", "file is empty")
    return Doc(source, root)


_constructor = yaml.constructor.SafeConstructor()


def scalar_value(node: yaml.ScalarNode) -> Scalar:
    """The plain value of a scalar node (str, int, float, bool or None)."""
    value = _constructor.construct_object(node)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(node.value)  # timestamps and the like stay text
