"""Read untrusted YAML into position-carrying nodes, safely and fast.

Nothing here constructs objects: files are size-checked, strictly decoded and scanned for
characters YAML refuses; ``compose`` builds the node tree in one checked pass, and
``scalars`` resolves values by hand, so no value (a date, a huge number, a wrong ``!!int``)
can raise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from voicecoach.errors import RoutineError
from voicecoach.routine.compose import MAX_DEPTH, compose, no_gc
from voicecoach.routine.problems import Fatal
from voicecoach.routine.scalars import Scalar, TooBig, scalar_value

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "Budget", "Doc", "Mark", "Scalar", "TooBig",
           "load", "mark", "no_gc", "read_text", "scalar_value"]

MAX_BYTES = 1_000_000
MAX_NODES = 20_000      # values aliases may add beyond those written in the file
# What YAML itself refuses (its "printable" set), plus the surrogates it cannot encode.
_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a source file."""

    line: int
    column: int


@dataclass(frozen=True)
class Doc:
    """A parsed routine document: its root node, where it came from, and its size in nodes."""

    source: str
    root: yaml.Node
    nodes: int = 0
    aliases: bool = False


class Budget:
    """Counts nodes visited while converting, so aliases cannot multiply the work."""

    def __init__(self, source: str, limit: int = MAX_NODES) -> None:
        self.source = source
        self.limit = limit
        self.left = limit

    def visit(self, node: yaml.Node) -> None:
        self.left -= 1
        if self.left < 0:
            m = mark(node)
            raise Fatal(self.source, m.line, m.column, "",
                        f"YAML aliases expand the document too much (over {self.limit} "
                        "values to check)")


def mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def read_text(path: Path, source: str) -> str:
    """Read a routine file as UTF-8 text, refusing empty, huge or badly encoded files."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise RoutineError(source, 1, 1, "", f"cannot read the file ({exc.strerror})") from None
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
    bad = _UNPRINTABLE.search(text)
    if bad:
        line, column = _position(text, bad.start())
        raise RoutineError(source, line, column, "",
                           f"character U+{ord(bad.group()):04X} is not allowed in a routine "
                           "(a control or non-character; delete it)")
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise RoutineError(source, 1, 1, "", "file is empty")
    return text


def _position(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def load(path: Path, source: str) -> Doc:
    """Parse a routine file into a node tree. ``source`` is the name used in messages."""
    root, nodes, aliases = compose(read_text(path, source), source)
    return Doc(source, root, nodes, aliases)
