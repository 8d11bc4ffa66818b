"""The JSON Schema of the routine format, for editors, made from the one field table
(``routine.fields``) the reader checks with, so the two accept the same documents (but for
checks a schema cannot say: duplicates, a tempo and a rep_time together, lengths)."""

from __future__ import annotations

import re
from typing import Any

from voicecoach.phrases import PACKS, breath_words
from voicecoach.phrases.keys import KEYS
from voicecoach.routine.fields import MAPPINGS, ONE_OF, UNITS, Field

_DURATION_TEXT = r"^\s*[0-9][0-9a-z.: ]*$"
_NONZERO = r"(?=.*[1-9])"            # a duration text that is not all zeros


def _any_case(word: str) -> str:
    """A pattern matching ``word`` in any case (JSON Schema patterns have no flags)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.lower() != c.upper() else re.escape(c)
                   for c in word)


_BREATHS = {"type": "string", "pattern": r"^\s*\d+\s*(?:"
            + "|".join(_any_case(w) for w in breath_words()) + r")\s*$"}
_TEXT = {"type": "string", "pattern": r"\S"}


def _duration(f: Field) -> dict[str, Any]:
    bound = {"minimum": 0} if f.low == 0 else {"exclusiveMinimum": 0}
    text = _DURATION_TEXT if f.low == 0 else _NONZERO + _DURATION_TEXT
    return {"anyOf": [{"type": "number", **bound, "maximum": f.high},
                      {"type": "string", "pattern": text}]}


def _property(f: Field) -> dict[str, Any]:
    if f.kind == "text":
        out: dict[str, Any] = dict(_TEXT)
    elif f.kind == "texts":
        out = {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}]}
    elif f.kind == "reps":
        out = {"anyOf": [{"type": "integer", "minimum": f.low, "maximum": f.high},
                         {"type": "string", "pattern": r"^\s*\d+\s*-\s*\d+\s*$"}]}
    elif f.kind == "whole":
        out = {"type": "integer", "minimum": f.low, "maximum": f.high}
    elif f.kind == "number":
        out = {"type": "number", "minimum": f.low, "maximum": f.high}
    elif f.kind == "duration":
        out = _duration(f)
    elif f.kind == "hold":
        out = {"anyOf": [*_duration(f)["anyOf"], _BREATHS]}
    elif f.kind == "flag":
        out = {"type": "boolean"}
    elif f.kind == "sides":
        out = {"type": "array", "items": _TEXT, "minItems": 1, "uniqueItems": True}
    elif f.kind == "tempo":
        out = {"type": "string", "pattern": r"^\s*\d+(\.\d+)?(\s*-\s*\d+(\.\d+)?){1,3}\s*$"}
    elif f.kind == "load":
        out = {"anyOf": [_TEXT, {"type": "number", "exclusiveMinimum": 0}]}
    elif f.kind == "units":
        out = {"type": "string", "enum": list(UNITS)}
    elif f.kind == "language":
        out = {"type": "string", "enum": sorted(PACKS)}
    elif f.kind == "phrases":
        out = {"type": "object", "additionalProperties": False,
               "properties": {k: {**_TEXT, "description": v.help} for k, v in KEYS.items()}}
    elif f.kind == "weeks":
        out = {"anyOf": [{"type": "integer", "minimum": f.low, "maximum": f.high},
                         {"type": "string", "pattern": r"^\s*\d+\s*-\s*\d+\s*$"}]}
    elif f.kind in ("step", "limit"):
        out = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"\d"}]}
    elif f.kind == "condition":
        out = {"type": "string", "pattern": r"^\s*[Pp][Aa][Ii][Nn]\s*(<=|≤)\s*\d+\s*$"}
    elif f.kind == "object":
        out = _object(f.of or "")
    else:
        out = {"type": "array", "items": _object(f.of or ""), "minItems": 1}
    if f.weekly:  # or a week table: {week: value}, from week 1
        out = {"anyOf": [out, {"type": "object", "minProperties": 1, "additionalProperties": out,
                               "propertyNames": {"pattern": "^[1-9][0-9]*$"}}]}
    return {**out, "description": f.help} if f.help else out


def _object(name: str) -> dict[str, Any]:
    fields = MAPPINGS[name]
    out: dict[str, Any] = {"type": "object", "additionalProperties": False,
                           "properties": {f.key: _property(f) for f in fields}}
    required = [f.key for f in fields if f.required]
    if required:
        out["required"] = required
    if name in ONE_OF:
        out["oneOf"] = [{"required": [k]} for k in ONE_OF[name]]
    return out


def json_schema() -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "voicecoach routine", **_object("routine")}
