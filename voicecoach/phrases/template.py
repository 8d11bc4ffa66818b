"""Phrase templates: text with named placeholders, ``Rest {duration}.``. A number placeholder
may pick its words by the language's plural rule, ``{sets:one set|# sets}`` (``#`` is the
number), and give the gender numbers agree with, ``{sets:f:une série|# séries}``.

Templates are data (a routine's ``phrases:`` may come from anyone): only bare names are
placeholders, never attributes, indexes or conversions. Pure: no I/O.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Value = str | int


class TemplateError(ValueError):
    """A template that cannot be used; the message says why, in one line."""


@dataclass(frozen=True)
class Slot:
    """A placeholder: its name, and for numbers the (one, other) forms and their gender."""

    name: str
    forms: tuple[str, str] | None = None
    gender: str = ""


Part = str | Slot


def _plain(n: int, gender: str) -> str:
    return str(n)


def _one(n: int) -> bool:
    return n == 1


@dataclass(frozen=True)
class Grammar:
    """What a language needs beyond its templates: its codes, which voice languages speak it
    (best first), its plural rule (True: the 'one' form) and how a number agreeing with a
    gender ('m', 'f' or '' for none) is written so that a voice reads it right, and its
    decimal point."""

    code: str
    name: str
    iso639_2: str
    voices: tuple[str, ...]
    one: Callable[[int], bool] = _one
    number: Callable[[int, str], str] = _plain
    decimal_point: str = ","      # how a written decimal is written: '2,5 Sekunden'


def _slot(name: str, spec: str, conversion: str | None) -> Slot:
    if not name.isidentifier():
        raise TemplateError(f"'{{{name}}}' is not a placeholder (use a plain name like "
                            "{duration})")
    if conversion:
        raise TemplateError(f"'{{{name}!{conversion}}}': conversions are not allowed")
    if not spec:
        return Slot(name)
    gender, forms = (spec[0], spec[2:]) if spec[1:2] == ":" else ("", spec)
    if gender not in ("", "m", "f"):
        raise TemplateError(f"'{{{name}:{spec}}}': the gender must be m or f")
    one, bar, other = forms.partition("|")
    if not bar or "|" in other:
        raise TemplateError(f"'{{{name}:{spec}}}': expected two forms like "
                            f"{{{name}:one …|# …}}")
    return Slot(name, (one, other), gender)


def parse(template: str) -> tuple[Part, ...]:
    """The template's text and placeholders, in order."""
    parts: list[Part] = []
    try:
        pieces = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise TemplateError(f"{exc} (write {{{{ and }}}} for braces)") from None
    for literal, name, spec, conversion in pieces:
        if literal:
            parts.append(literal)
        if name is not None:
            parts.append(_slot(name, spec or "", conversion))
    return tuple(parts)


def check(template: str, names: tuple[str, ...], numbers: frozenset[str]) -> tuple[Part, ...]:
    """Parse a template and check its placeholders against the ones its key offers."""
    parts = parse(template)
    for part in parts:
        if isinstance(part, Slot):
            if part.name not in names:
                offered = ", ".join("{" + n + "}" for n in names) or "none"
                raise TemplateError(f"unknown placeholder {{{part.name}}} (this phrase has: "
                                    f"{offered})")
            if part.forms and part.name not in numbers:
                raise TemplateError(f"{{{part.name}}} is not a number: it has no plural forms")
    return parts


def render(parts: tuple[Part, ...], values: Mapping[str, Value], grammar: Grammar) -> str:
    """The text of a parsed template with its values; numbers agree with their forms."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        value = values[part.name]
        if part.forms is None:
            out.append(str(value))
            continue
        if not isinstance(value, int):  # a number in words ('72 point 5'): the other form
            out.append(part.forms[1].replace("#", value))
            continue
        form = part.forms[0] if grammar.one(value) else part.forms[1]
        out.append(form.replace("#", grammar.number(value, part.gender)))
    return "".join(out)


def placeholders(template: str) -> tuple[str, ...]:
    """The names a template uses, in order, once each."""
    names = [p.name for p in parse(template) if isinstance(p, Slot)]
    return tuple(dict.fromkeys(names))
