"""A routine's ``language:`` and its own wording, ``phrases:`` (phrase key → template), checked
where they are written: unknown languages, keys and placeholders are located errors."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

from voicecoach.phrases import PACKS
from voicecoach.phrases.keys import FAMILIES, KEYS, NUMBERS
from voicecoach.phrases.template import TemplateError, check
from voicecoach.routine.loader import scalar_value

if TYPE_CHECKING:
    from voicecoach.routine.values import Reader


def language(r: Reader, node: yaml.Node) -> str:
    """A language code that has a phrase pack."""
    code = r.text(node, "language").lower()
    if code not in PACKS:
        known = ", ".join(sorted(PACKS))
        r.fail(node, "language", f"no phrases for language '{code}' (there are: {known})")
    return code


def phrases(r: Reader, node: yaml.Node, code: str = "en") -> tuple[tuple[str, str], ...]:
    """The routine's templates, each key known and each placeholder offered by its key;
    a warning for each family of keys overridden in part (pack ``code`` words the rest)."""
    r.budget.visit(node)
    if not isinstance(node, yaml.MappingNode):
        r.expected(node, "phrases", "a mapping of phrase keys to templates, like "
                   "rest: \"Pause, {duration}.\"")
    out: dict[str, str] = {}
    before = len(r.errors)
    for key_node, value in node.value:
        with r.guard():  # every mistake reported, each where it is written
            out.update(_phrase(r, key_node, value, out))
    r.settle(before)
    _families(r, node, out, PACKS[code].templates)
    return tuple(out.items())


def _families(r: Reader, node: yaml.MappingNode, out: dict[str, str],
              templates: dict[str, str]) -> None:
    """Warn where a family of keys is overridden in part (``templates``: the pack's)."""
    nodes = {scalar_value(k): k for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    for family in FAMILIES:
        given = [k for k in family if k in out]
        left = [k for k in family if k not in out]
        if given and left:
            shown = next((k for k in left if any(c.isalpha() for c in
                                                 re.sub(r"{[^}]*}", "", templates[k]))), left[0])
            r.warn(nodes[given[0]], f"phrases.{given[0]}", _siblings(left, shown,
                                                                   templates[shown]))


def _siblings(left: list[str], shown: str, template: str) -> str:
    """The warning for a family overridden in part: what keeps the pack's wording."""
    if len(left) == 1:
        return f"{shown} keeps the pack's wording (\"{template}\"); override it too to match"
    names = ", ".join(left[:-1]) + " and " + left[-1]
    return (f"{names} keep the pack's wording ({shown}: \"{template}\"); override them too "
            "to match")


def _phrase(r: Reader, key_node: yaml.Node, value: yaml.Node,
            seen: dict[str, str]) -> dict[str, str]:
    r.budget.visit(key_node)
    key = scalar_value(key_node) if isinstance(key_node, yaml.ScalarNode) else None
    if not isinstance(key, str):
        r.expected(key_node, "phrases", "a phrase key")
    path = f"phrases.{key}"
    if key in seen:
        r.fail(key_node, path, "duplicate key")
    if key not in KEYS:
        import difflib  # only for a mistake

        near = difflib.get_close_matches(key, list(KEYS), n=1, cutoff=0.6)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        r.fail(key_node, path, f"unknown phrase key{hint} (see 'voicecoach phrases')")
    if isinstance(value, yaml.MappingNode):
        r.fail(value, path, "expected a template, got a mapping (quote a template that "
               "starts with '{')")
    template = r.text(value, path)
    try:
        check(template, KEYS[key].placeholders, NUMBERS)
    except TemplateError as exc:
        r.fail(value, path, str(exc))
    return {key: template}
