"""How the reader collects mistakes (up to 20 a file), the limits it checks while reading,
the hints it gives, and which texts the voice can say.

Every check in the reader raises a located RoutineError; ``Collector.guard`` records it and
reading goes on with the next value. A mapping missing a required key raises ``Skip`` when
that key is looked up (the mistake is already recorded), so whatever was built from it is
dropped quietly. ``Fatal`` errors (limits, aliases) end the reading of the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import yaml

from voicecoach.errors import RoutineError, RoutineErrors

MAX_ERRORS = 20
MAX_TEXT = 1000             # characters in one text (a name, a step, a tip)
MAX_TEXTS = 100             # texts in one list (steps, tips, equipment, sides)
MAX_EXERCISES = 1000        # exercises in a routine, counted while reading (aliases too)
MAX_ITEMS = {"sessions": 50, "blocks": 200, "exercises": 500}


class Skip(Exception):
    """Leave the value being read: its mistake is already recorded."""


class Fatal(RoutineError):
    """A mistake after which the rest of the file is not read (a limit, an alias bomb)."""


class Full(Exception):
    """Enough mistakes collected."""


class Keys(dict[str, yaml.Node]):
    """A mapping's checked keys. Looking up a key that is missing raises Skip: the reader
    has recorded "required key is missing" (or an unknown key that was probably meant)."""

    unsure = False  # an unknown key was found: missing keys are probably misspelt ones

    def __missing__(self, key: str) -> yaml.Node:
        raise Skip(key)


class Collector:
    """The mistakes found in one file, in the order found."""

    def __init__(self) -> None:
        self.errors: list[RoutineError] = []

    def note(self, error: RoutineError) -> None:
        self.errors.append(error)
        if len(self.errors) >= MAX_ERRORS or isinstance(error, Fatal):
            raise Full

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Record a mistake in the block and go on after it."""
        try:
            yield
        except Skip:
            pass
        except RoutineError as exc:
            self.note(exc)

    def settle(self, before: int) -> None:
        """Raise Skip if mistakes were recorded since ``before`` (what was built is wrong)."""
        if len(self.errors) > before:
            raise Skip

    def raise_any(self) -> None:
        if self.errors:
            found = sorted(self.errors, key=lambda e: (e.line, e.column))
            raise RoutineErrors(found[:MAX_ERRORS])


# Keys people write that mean something else, by mapping ('*' for any).
_MEANT = {
    ("*", "repetitions"): "the key is 'reps'",
    ("*", "reps_count"): "the key is 'reps'",
    ("*", "duration"): "the key is 'time' (timed work) or 'hold'",
    ("*", "seconds"): "the key is 'time' (timed work) or 'hold'",
    ("*", "rest_time"): "the key is 'rest'",
    ("*", "description"): "only the routine has a description; use 'steps' or 'tips'",
}
# Other words people use for a key: offered as "did you mean" where the key is allowed.
_SYNONYMS = {
    "weight": "load", "weights": "load", "kg": "load", "kgs": "load", "lb": "load",
    "lbs": "load", "resistance": "load", "band": "load", "mass": "load",
    "pause": "rest", "break": "rest", "recovery": "rest", "rest_between_sets": "rest",
    "length": "time", "work": "time", "interval": "time",
    "cues": "tips", "tip": "tips", "cue": "tips", "hint": "tips", "hints": "tips",
    "instructions": "steps", "how": "steps", "step": "steps", "note": "notes",
    "comment": "notes", "comments": "notes", "gear": "equipment", "kit": "equipment",
    "title": "name", "lang": "language", "locale": "language", "repeat": "rounds",
    "circuits": "rounds", "laps": "rounds", "side": "sides", "pronounce": "say",
    "pronunciation": "say", "spoken": "say", "spoken_name": "say", "wording": "phrases",
    "rest_between_exercises": "rest_after", "count_in": "countdown",
}
_SIDES = re.compile(r"^(each|both|per|alternate)[ _-]?sides?$|^sided$|^unilateral$", re.I)
_EXERCISE_ONLY = {"reps", "time", "hold", "steps", "tips", "say", "equipment", "until_done"}


def unknown_key(mapping: str, key: str, allowed: tuple[str, ...]) -> str:
    """The message for an unknown key, with the most useful hint found."""
    import difflib

    if _SIDES.match(key.strip()):
        return "unknown key; to do each set on each side, write sides: [right, left]"
    name, colon, value = key.partition(":")
    if colon and value and not value[0].isspace() and name in allowed:   # {reps:10}
        return (f"no space after the colon in '{key}'; write '{name}: {value}' (a key and "
                "its value are separated by ': ')")
    meant = _MEANT.get((mapping, key.lower())) or _MEANT.get(("*", key.lower()))
    if meant and not (mapping == "routine" and key == "description"):
        return f"unknown key; {meant}"
    if mapping == "block" and key in _EXERCISE_ONLY:
        return ("unknown key; a block lists its exercises under 'exercises:' "
                "(blocks: - exercises: - name: …, " + key + ": …)")
    if mapping == "routine" and key == "exercises":
        return ("unknown key; exercises go in a block: blocks: - exercises: - name: … "
                "(or sessions: - blocks: …)")
    if mapping == "session" and key == "exercises":
        return "unknown key; exercises go in a block: blocks: - exercises: - name: …"
    synonym = _SYNONYMS.get(key.strip().lower())
    if synonym in allowed:
        return f"unknown key; did you mean '{synonym}'?"
    near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return f"unknown key; did you mean '{near[0]}'?" if near else "unknown key"


_SETS_X_REPS = re.compile(r"^\s*(\d+)\s*[x×*]\s*(\d+)\s*$", re.I)


def whole_hint(key: str, value: object) -> str:
    """A hint after a wrong whole number: 'sets: 3x10' means sets: 3 and reps: 10."""
    m = _SETS_X_REPS.match(value) if isinstance(value, str) else None
    if m and key in ("sets", "reps"):
        return f"; write sets: {m.group(1)} and reps: {m.group(2)}"
    return ""


_COUNT_OF = re.compile(r"^\s*\d+\s*[^\W\d_]{3,}", re.IGNORECASE)


def hold_hint(value: object) -> str:
    """After a wrong hold: a count of something ('6 breathes', '6 respiros') is breaths."""
    if isinstance(value, str) and ("breath" in value.lower() or _COUNT_OF.match(value)):
        return "; a hold in breaths is written 'N breaths', like 'hold: 5 breaths'"
    return ""


_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def unsayable(text: str) -> str | None:
    """Why the voice cannot say ``text`` (None if it can): a text must have a letter or a
    digit, and no unpaired surrogate or other character that cannot be shown."""
    if not text.isprintable():
        for c in text:
            if 0xD800 <= ord(c) <= 0xDFFF:
                return f"text contains an unpaired surrogate (U+{ord(c):04X}), not a character"
        odd = next((c for c in text if not c.isprintable() and not c.isspace()
                    and unicodedata.category(c) != "Cf"), None)
        if odd:
            return f"text contains a character that cannot be shown or said (U+{ord(odd):04X})"
    if not _LETTER_OR_DIGIT.search(text):
        shown = "".join(c if c.isprintable() and unicodedata.category(c) != "Cf"
                        else f"\\u{ord(c):04x}" for c in text)
        return f"nothing to say: the text '{shown[:40]}' has no letters or digits"
    return None


# Scripts by the first word of a letter's Unicode name: the language whose voice would say it
_SCRIPTS = {"CJK": ("Han", "a Chinese or Japanese"), "HIRAGANA": ("Hiragana", "a Japanese"),
            "KATAKANA": ("Katakana", "a Japanese"), "HANGUL": ("Hangul", "a Korean"),
            "CYRILLIC": ("Cyrillic", "a Russian or other Cyrillic-script"),
            "GREEK": ("Greek", "a Greek"), "ARABIC": ("Arabic", "an Arabic"),
            "HEBREW": ("Hebrew", "a Hebrew"), "DEVANAGARI": ("Devanagari", "a Hindi"),
            "THAI": ("Thai", "a Thai"), "ARMENIAN": ("Armenian", "an Armenian"),
            "GEORGIAN": ("Georgian", "a Georgian")}
_LATIN_LIKE = ("LATIN", "MODIFIER", "FEMININE", "MASCULINE", "MICRO")
_IDEOGRAPHIC = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")   # one letter is a word


def foreign_script(text: str) -> str | None:
    """Why no coach voice can say ``text`` (None if one can): every phrase pack speaks
    Latin script, so a word in another script (Han, Cyrillic…) would be dropped. A lone
    letter of another alphabet (Ω, π) is read as a symbol, and Latin letters a voice lacks
    are transliterated when spoken (``speech.letters``)."""
    run, last = 0, ""
    for c in text:
        word = (unicodedata.name(c, "UNKNOWN").split(" ")[0].split("-")[0]
                if c.isalpha() and ord(c) > 0x24F else "LATIN")
        run = run + 1 if word == last else 1
        last = word
        if word in _LATIN_LIKE or (run < 2 and word not in _IDEOGRAPHIC):
            continue
        script, voice = _SCRIPTS.get(word, (word.title(), "a voice of that script"))
        return (f"'{text[:40]}' is in {script} script, which the coach's voices cannot "
                f"say ({voice} voice would): write it in Latin letters")
    return None


def clean(text: str) -> str:
    """A text as it is shown and said: invisible format characters (zero-width spaces,
    BOMs, direction marks) removed, whitespace runs made one space."""
    if not text.isprintable():
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split())
