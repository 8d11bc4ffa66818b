"""The routine format's fields, declared once: name, kind, range and help. The reader checks
values with them and ``voicecoach schema`` is made from them, so the two cannot disagree.

Pure data: no YAML, no I/O. Durations are seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from voicecoach.settings import RATE_RANGE, VOLUME_RANGE

Kind = Literal["text", "texts", "whole", "number", "duration", "flag", "sides", "tempo",
               "hold", "reps", "object", "list", "language", "phrases", "weeks", "step",
               "limit", "condition", "load", "units"]

MAX_SESSION = 6 * 3600.0            # seconds a session may last, without speech
MAX_WEEKS = 104                     # weeks a program may last
GROWS = ("load", "hold", "time", "reps", "sets", "rounds")   # what progress: can grow
UNITS = ("kg", "lb")                # what a load written as a bare number may be in


@dataclass(frozen=True)
class Field:
    """One key of a mapping in a routine. ``low``/``high`` bound numbers (and durations:
    ``low`` 0 allows zero); ``of`` names the mapping (``object``) or list items (``list``)."""

    key: str
    kind: Kind
    help: str = ""
    low: float = 1
    high: float = MAX_SESSION
    required: bool = False
    of: str | None = None
    weekly: bool = False    # a week table {1: 60s, 3: 90s} may stand for the value


SETTINGS: tuple[Field, ...] = (
    Field("sets", "whole", "Sets of the exercise", 1, 100, weekly=True),
    Field("sides", "sides", "Each set is done on each side, e.g. [right, left]"),
    Field("rest", "duration", "Rest between sets (one set: the rest after it)", 0, weekly=True),
    Field("rest_after", "duration", "Rest after the exercise, before the next", 0, weekly=True),
    Field("rep_time", "duration", "Length of one rep", 0.001, weekly=True),
    Field("tempo", "tempo", "Seconds per phase of a rep, e.g. 1-1-2: go, hold, back "
          "(sets rep_time)"),
    Field("switch_time", "duration", "Time to change sides (grows to fit the 3-2-1)", 0,
          weekly=True),
    Field("breath", "duration", "Length of one breath, for holds in breaths", 0.001, weekly=True),
    Field("countdown", "whole", "The 3-2-1 before work starts", 0, 10, weekly=True),
)

WORK: tuple[Field, ...] = (
    Field("reps", "reps", "Counted reps, or a range like 10-12", 1, 1000, weekly=True),
    Field("time", "duration", "Timed work", 0.001, weekly=True),
    Field("hold", "hold", "A hold: a duration, or 'N breaths'", 0.001, weekly=True),
)

MAPPINGS: dict[str, tuple[Field, ...]] = {
    "routine": (
        Field("name", "text", "The routine's name", required=True),
        Field("description", "text", "What the routine is"),
        Field("intro", "text", "Spoken at the start of every session"),
        Field("language", "language", "Language of the coach's phrases and voice, e.g. de"),
        Field("phrases", "phrases", "Your own wording: phrase key → template (see "
              "'voicecoach phrases')"),
        Field("schedule", "object", "How often the routine is meant to be done", of="schedule"),
        Field("voice", "object", "Voice settings; command-line options win", of="voice"),
        Field("defaults", "object", "Exercise settings for every exercise", of="defaults"),
        Field("sessions", "list", "The sessions of the routine", of="session"),
        Field("blocks", "list", "The blocks of a one-session routine", of="block"),
        Field("music", "text", "Music under the coach: a file, folder or .m3u playlist "
              "(relative to this file); --music wins"),
        Field("units", "units", "The unit of a load written as a bare number (load: 100): "
              "kg or lb"),
        Field("say", "text", "How the voice pronounces the name (never shown)"),
    ),
    "schedule": (
        Field("per_week", "whole", "Sessions a week", 1, 21, required=True),
        Field("weeks", "whole", "The program's length in weeks: sessions and week tables "
              "follow the week you are in", 1, MAX_WEEKS),
    ),
    "voice": (
        Field("voice", "text", "Voice id (see 'voicecoach voices')"),
        Field("rate", "whole", "Words per minute", *RATE_RANGE),
        Field("volume", "number", "Voice volume, 0.1 to 1", *VOLUME_RANGE),
    ),
    "defaults": SETTINGS,
    "session": (
        Field("name", "text", "The session's name"),
        Field("intro", "text", "Spoken at the start of this session, after the routine's"),
        Field("weeks", "weeks", "The program weeks this session is used in, e.g. 1-2 or 5 "
              "(default: all)", 1, MAX_WEEKS),
        Field("blocks", "list", "The blocks of the session", required=True, of="block"),
        Field("say", "text", "How the voice pronounces the name (never shown)"),
    ),
    "block": (
        Field("name", "text", "The block's name, said when it starts"),
        Field("rounds", "whole", "Repeat the block as a circuit", 1, 100, weekly=True),
        Field("rest_between_rounds", "duration",
              "Rest before each round after the first (default: the last rest_after)", 0,
              weekly=True),
        Field("progress", "object", "How the rounds grow from what you did", of="progress"),
        Field("exercises", "list", "The exercises of the block", required=True,
              of="exercise"),
        *SETTINGS,
        Field("say", "text", "How the voice pronounces the name (never shown)"),
    ),
    "exercise": (
        Field("name", "text", "The exercise's name", required=True),
        Field("say", "text", "How the voice pronounces the name (never shown)"),
        Field("steps", "texts", "Spoken when the exercise comes up"),
        Field("tips", "texts", "Said once, in the first rest; at full also during work"),
        Field("equipment", "texts", "What the exercise needs"),
        Field("load", "load", "The weight or band, e.g. 10 kg: said in the announcement "
              "(a bare number takes the routine's units)", weekly=True),
        Field("notes", "texts", "Shown in the plan, never spoken"),
        *WORK,
        Field("until_done", "flag", "Live: wait for a key after the reps"),
        Field("rep_hold", "duration", "A hold at the end of every rep, e.g. 5s", 0.001,
              weekly=True),
        Field("progress", "object", "How the exercise grows from what you did",
              of="progress"),
        *SETTINGS,
    ),
    "progress": (
        *(Field(key, "step", f"Grow {key} by this step after good sessions: signed and "
                "written like the field (+2.5 kg, +5s, +1) or a percentage (+5%)")
          for key in GROWS),
        Field("every", "whole", "Good sessions per step (default 1)", 1, 100),
        Field("max", "limit", "Never past this, written like the field (60s, 25, 40 kg)"),
        Field("deload", "object", "Step back after misses in a row", of="deload"),
        Field("when", "condition", "Step only when the session's pain was at most N, "
              "e.g. pain <= 3 (0 to 10)", 0, 10),
    ),
    "deload": (
        Field("after", "whole", "Misses in a row before stepping back", 1, 100,
              required=True),
        Field("by", "step", "How far back: a percentage (10%) or written like the field",
              required=True),
    ),
}

ONE_OF: dict[str, tuple[str, ...]] = {
    "routine": ("sessions", "blocks"),
    "exercise": tuple(f.key for f in WORK),
    "progress": GROWS,
}


def keys(mapping: str) -> tuple[str, ...]:
    """The keys a mapping of that name accepts, in declaration order."""
    return tuple(f.key for f in MAPPINGS[mapping])


def field(mapping: str, key: str) -> Field:
    return next(f for f in MAPPINGS[mapping] if f.key == key)
