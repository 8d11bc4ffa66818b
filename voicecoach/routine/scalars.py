"""Plain values of scalar nodes, resolved here by hand (YAML 1.1 rules, as PyYAML) so that
no value can raise: dates and values their tag does not fit (``!!int abc``) stay text, and
numbers too long to use are TooBig.
"""

from __future__ import annotations

import re

import yaml

MAX_DIGITS = 100        # longer numbers are refused as numbers (never converted)
Y = "tag:yaml.org,2002:"
STANDARD_TAGS = {Y + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}
STR, MAP, SEQ = Y + "str", Y + "map", Y + "seq"

Scalar = str | int | float | bool | None


class TooBig(float):
    """A number with too many digits to use: behaves as ±infinity, shown by its size."""

    digits: int

    def __new__(cls, negative: bool, digits: int) -> TooBig:
        self = super().__new__(cls, "-inf" if negative else "inf")
        self.digits = digits
        return self


# Implicit tags, as YAML 1.1 (PyYAML) resolves plain scalars; first character dispatch.
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers


def resolve(value: str) -> str:
    for tag, regexp in _RESOLVERS.get(value[:1], []):
        if regexp.match(value):
            return str(tag)
    return Y + "str"


_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


def _int(text: str) -> int | None:
    text = text.replace("_", "")
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    try:
        if text.startswith("0b"):
            return sign * int(text[2:], 2)
        if text.startswith("0x"):
            return sign * int(text[2:], 16)
        if text.startswith("0") and len(text) > 1 and text.isdigit():
            return sign * int(text, 8)
        if ":" in text:
            total = 0
            for part in text.split(":"):
                total = total * 60 + int(part)
            return sign * total
        return sign * int(text)
    except ValueError:
        return None


def _float(text: str) -> float | None:
    text = text.replace("_", "").lower()
    if text in (".inf", "+.inf", "-.inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    try:
        if ":" in text:
            sign = -1 if text.startswith("-") else 1
            total = 0.0
            for part in text.lstrip("+-").split(":"):
                total = total * 60 + float(part)
            return sign * total
        return float(text)
    except ValueError:
        return None


def scalar_value(node: yaml.ScalarNode) -> Scalar:
    """The plain value of a scalar node (str, int, float, bool or None). Never raises:
    a value its tag does not fit (``!!int abc``), dates and the like stay text."""
    tag, text = node.tag, str(node.value)
    if tag == Y + "null":
        return None if text in ("", "~", "null", "Null", "NULL") else text
    if tag == Y + "bool":
        return _BOOLS.get(text.lower(), text)
    if tag in (Y + "int", Y + "float"):
        digits = sum(c.isdigit() for c in text)
        if digits > MAX_DIGITS and re.fullmatch(r"[-+]?[0-9_.eE+-]+", text):
            return TooBig(text.startswith("-"), digits)
        number = _int(text) if tag == Y + "int" else _float(text)
        if number is None and tag == Y + "int":
            number = _float(text)
        return text if number is None else number
    return text
