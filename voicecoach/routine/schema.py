"""A JSON Schema of the routine format, for editors. The checks in ``routine`` are the
authority; this describes the same keys (tests keep the two key lists in step)."""

from __future__ import annotations

from typing import Any

from voicecoach.routine.reader import RATE_RANGE

_DURATION = {
    "description": "Seconds, or text like 45s, 2m, 1m30s, 1:30",
    "anyOf": [{"type": "number", "exclusiveMinimum": 0},
              {"type": "string", "pattern": r"^\s*[0-9][0-9a-z.: ]*$"}],
}
_TEXTS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


def _whole(low: int, high: int, what: str) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": high, "description": what}


SETTINGS: dict[str, Any] = {
    "sets": _whole(1, 100, "Sets of the exercise"),
    "sides": {"type": "array", "items": {"type": "string"}, "minItems": 1,
              "description": "Each set is done on each side, e.g. [right, left]"},
    "rest": {**_DURATION, "description": "Rest between sets"},
    "rest_after": {**_DURATION, "description": "Rest after the exercise, before the next"},
    "rep_time": {**_DURATION, "description": "Length of one rep"},
    "tempo": {"type": "string", "pattern": r"^\d+(\.\d+)?(-\d+(\.\d+)?){1,3}$",
              "description": "Seconds per phase of a rep, e.g. 1-1-2"},
    "switch_time": {**_DURATION, "description": "Time to change sides"},
    "breath": {**_DURATION, "description": "Length of one breath, for holds in breaths"},
    "countdown": _whole(0, 10, "The 3-2-1 before work starts"),
}


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": props}
    if required:
        out["required"] = required
    return out


def json_schema() -> dict[str, Any]:
    exercise = _obj({
        "name": {"type": "string"},
        "say": {"type": "string", "description": "How the voice pronounces the name"},
        "steps": _TEXTS, "tips": _TEXTS, "equipment": _TEXTS,
        "reps": _whole(1, 1000, "Counted reps"),
        "time": {**_DURATION, "description": "Timed work"},
        "hold": {"description": "A hold: a duration, or 'N breaths'",
                 "anyOf": [*_DURATION["anyOf"], {"type": "string", "pattern": r"breaths?\s*$"}]},
        "until_done": {"type": "boolean", "description": "Live: wait for a key after the reps"},
        **SETTINGS,
    }, ["name"])
    exercise["oneOf"] = [{"required": [k]} for k in ("reps", "time", "hold")]
    block = _obj({"name": {"type": "string"}, "rounds": _whole(1, 100, "Repeat as a circuit"),
                  "exercises": {"type": "array", "items": exercise, "minItems": 1},
                  **SETTINGS}, ["exercises"])
    blocks = {"type": "array", "items": block, "minItems": 1}
    session = _obj({"name": {"type": "string"}, "blocks": blocks}, ["blocks"])
    routine = _obj({
        "name": {"type": "string"},
        "description": {"type": "string"},
        "intro": {"type": "string", "description": "Spoken at the start of every session"},
        "schedule": _obj({"per_week": _whole(1, 21, "Sessions a week")}, ["per_week"]),
        "voice": _obj({"voice": {"type": "string"},
                       "rate": _whole(*RATE_RANGE, "Words per minute"),
                       "volume": {"type": "number", "minimum": 0, "maximum": 1}}),
        "defaults": _obj(dict(SETTINGS)),
        "sessions": {"type": "array", "items": session, "minItems": 1},
        "blocks": blocks,
        "music": {"type": "string",
                  "description": "Music under the coach: a file, folder or .m3u playlist "
                                 "(relative to this file); --music wins"},
    }, ["name"])
    routine["oneOf"] = [{"required": ["sessions"]}, {"required": ["blocks"]}]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "voicecoach routine", **routine}
