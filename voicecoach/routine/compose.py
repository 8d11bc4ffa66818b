"""One pass over libyaml's events builds the node tree of a routine file, checking as it goes:
nesting, list and mapping sizes, the number of values, tags and documents. Limits stop the
pass where they are crossed, so a huge file is refused as fast as a small one is read.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml

from voicecoach.errors import RoutineError
from voicecoach.routine import yamlwords
from voicecoach.routine.scalars import MAP, SEQ, STANDARD_TAGS, STR, resolve

MAX_DEPTH = 40
MAX_VALUES = 30_000     # values (nodes) written in one file
MAX_KEYS = 200          # keys in one mapping
MAX_LIST = 1000         # items in one list, unless named below
LIST_LIMITS = {"sessions": 50, "blocks": 200, "exercises": 500, "steps": 100, "tips": 100,
               "equipment": 100, "sides": 100}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _at(source: str, m: Any, problem: str) -> RoutineError:
    line, column = (m.line + 1, m.column + 1) if m is not None else (1, 1)
    return RoutineError(source, line, column, "", problem)


@contextmanager
def no_gc() -> Iterator[None]:
    """Many small objects and no cycles: the cyclic collector would only rescan them, and
    its passes made reading a big file take seconds instead of a tenth of one."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def compose(text: str, source: str) -> tuple[yaml.Node, int, bool]:
    """The root node, the number of values written, and whether aliases are used."""
    try:
        with no_gc():
            try:
                return _Composer(source).run(text, _Loader)
            except yaml.MarkedYAMLError as exc:
                if "maximum nesting depth" not in str(exc.problem):
                    raise
            # libyaml (PyYAML 6.0.4+) refuses deep nesting while reading ahead, before the
            # composer has reached MAX_DEPTH; the Python parser reads lazily, so the
            # composer names the place where the limit is crossed
            return _Composer(source).run(text, yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise _at(source, yamlwords.where(exc, text),
                  "invalid YAML: " + yamlwords.plain(exc, text)) from None
    except yaml.YAMLError as exc:  # a reader error: characters are checked before, so rare
        raise RoutineError(source, 1, 1, "", f"invalid YAML: {str(exc).splitlines()[0]}") \
            from None


class _Open:
    """A collection being built: its node, its items so far, and how many it may have."""

    __slots__ = ("items", "most", "node", "what")

    def __init__(self, node: yaml.Node, most: int, what: str) -> None:
        self.node, self.most, self.what = node, most, what
        self.items: list[yaml.Node] = []


def _too_many(top: _Open) -> str:
    if top.what == "keys":
        return f"more than {top.most // 2} keys in one mapping"
    if top.what in ("sessions", "blocks", "exercises"):
        return f"more than {top.most} {top.what} in one list; split the routine"
    return f"more than {top.most} {top.what} in one list"


class _Composer:
    def __init__(self, source: str) -> None:
        self.source = source
        self.anchors: dict[str, yaml.Node] = {}
        self.nodes = 0
        self.aliases = False

    def fail(self, start: Any, problem: str) -> RoutineError:
        return _at(self.source, start, problem)

    def run(self, text: str, loader: Any) -> tuple[yaml.Node, int, bool]:
        stack: list[_Open] = []
        root: yaml.Node | None = None
        documents = 0
        parser = loader(text)
        get = parser.get_event
        try:
            while parser.check_event():
                event = get()
                cls = type(event)
                start: Any = event.start_mark  # libyaml's marks carry line and column too
                if cls is yaml.ScalarEvent:
                    new: yaml.Node = self.scalar(event, start)
                elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                    done = stack.pop()
                    items = done.items
                    done.node.value = (list(zip(items[::2], items[1::2], strict=True))
                                       if cls is yaml.MappingEndEvent else items)
                    done.node.end_mark = event.end_mark
                    continue
                elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                    new = self.collection(event, start, stack)
                elif cls is yaml.AliasEvent:
                    new = self.alias(event, start)
                elif cls is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise self.fail(start, "more than one YAML document in the file")
                    continue
                else:
                    continue
                self.nodes += 1
                if self.nodes > MAX_VALUES:
                    raise self.fail(start, f"more than {MAX_VALUES} values in the file "
                                           "(a routine needs far fewer; split it)")
                if stack:
                    top = stack[-1]
                    if len(top.items) >= top.most:
                        raise self.fail(start, _too_many(top))
                    top.items.append(new)
                else:
                    root = new
                if new.value == [] and (cls is yaml.MappingStartEvent
                                        or cls is yaml.SequenceStartEvent):
                    stack.append(_Open(new, *self.room(new, stack)))
        finally:
            parser.dispose()
        if root is None:
            raise RoutineError(self.source, 1, 1, "", "file is empty")
        return root, self.nodes, self.aliases

    @staticmethod
    def room(node: yaml.Node, stack: list[_Open]) -> tuple[int, str]:
        """How many items a new collection may hold: lists named by their key have their
        own limit (blocks, exercises …); a mapping's items are keys and values."""
        if isinstance(node, yaml.MappingNode):
            return 2 * MAX_KEYS, "keys"
        parent = stack[-1] if stack else None  # the new list is its last item already
        if parent is not None and isinstance(parent.node, yaml.MappingNode) \
                and len(parent.items) % 2 == 0:
            key = parent.items[-2].value
            if isinstance(key, str) and key in LIST_LIMITS:
                return LIST_LIMITS[key], key
        return MAX_LIST, "items"

    def scalar(self, event: Any, start: Any) -> yaml.Node:
        tag = event.tag
        if tag is None or tag == "!":
            tag = resolve(event.value) if event.implicit[0] else STR
        elif tag not in STANDARD_TAGS:
            raise self.fail(start, f"YAML tag {tag} is not allowed (routines are plain data)")
        node = yaml.ScalarNode(tag, event.value, start, start, event.style)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        return node

    def collection(self, event: Any, start: Any, stack: list[_Open]) -> yaml.Node:
        if len(stack) >= MAX_DEPTH:
            raise self.fail(start, f"nested more than {MAX_DEPTH} levels deep")
        tag = event.tag
        mapping = type(event) is yaml.MappingStartEvent
        if tag is None or tag == "!":
            tag = MAP if mapping else SEQ
        elif tag not in STANDARD_TAGS:
            raise self.fail(start, f"YAML tag {tag} is not allowed (routines are plain data)")
        kind = yaml.MappingNode if mapping else yaml.SequenceNode
        node = kind(tag, [], start, None, event.flow_style)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        return node

    def alias(self, event: Any, start: Any) -> yaml.Node:
        if event.anchor not in self.anchors:
            raise self.fail(start, f"alias *{event.anchor} is not defined above")
        self.aliases = True
        return self.anchors[event.anchor]
