"""Every sentence the coach says, in one place (wording and languages change here only)."""

from __future__ import annotations

from voicecoach.durations import spoken
from voicecoach.model import Exercise, Hold, Reps, Timed

GO_TONE = "start"
END_TONE = "end"

HALFWAY = "Halfway."
TEN_LEFT = "Ten seconds left."
LAST_SET = "Last set."
BREATHE_IN = "Breathe in."
BREATHE_OUT = "Breathe out."
READY = "Ready."
PRESS_SPACE = "Press space when done."
DONE_MINIMAL = "Done."


def count(n: int) -> str:
    return str(n)


def session_start(routine: str, session: str, exercises: int, minutes: int) -> str:
    title = routine if session == routine else f"{routine}. {session}"
    plural = "s" if exercises != 1 else ""
    return f"{title}. {exercises} exercise{plural}, about {minutes} minute{'s' * (minutes != 1)}."


def equipment(items: list[str]) -> str:
    return "You will need: " + ", ".join(items) + "."


def block(name: str) -> str:
    return f"{name}."


def round_of(number: int, rounds: int) -> str:
    return f"Round {number} of {rounds}."


def _amount(ex: Exercise) -> str:
    work = ex.work
    if isinstance(work, Reps):
        return str(work.count) if ex.settings.sets > 1 else f"{work.count} reps"
    if isinstance(work, Hold) and work.breaths:
        return f"{work.breaths} breath{'s' * (work.breaths != 1)}"
    return spoken(work.seconds)


def summary(ex: Exercise) -> str:
    """'3 sets of 15, each side.' / '40 reps.' / 'Hold 6 breaths.' / '2 sets of 30 seconds.'"""
    amount = _amount(ex)
    sets = ex.settings.sets
    text = f"{sets} sets of {amount}" if sets > 1 else amount
    if isinstance(ex.work, Hold):
        text = "hold " + text if sets == 1 else text + " hold"
    elif isinstance(ex.work, Timed) and sets == 1:
        text = amount
    if len(ex.settings.sides) > 1:
        text += ", each side"
    return text[0].upper() + text[1:] + "."


def next_up(ex: Exercise, minimal: bool) -> str:
    return f"{ex.spoken_name}." if minimal else f"Next: {ex.spoken_name}."


def side(name: str) -> str:
    return f"{name.capitalize()} side."


def switch(name: str, minimal: bool) -> str:
    return f"{name.capitalize()}." if minimal else f"Switch to the {name} side."


def rest(seconds: float, minimal: bool) -> str:
    return "Rest." if minimal else f"Rest {spoken(seconds)}."


def set_of(number: int, sets: int) -> str:
    return LAST_SET if number == sets else f"Set {number} of {sets}."


def session_end(seconds: float, minimal: bool) -> str:
    return DONE_MINIMAL if minimal else f"Session complete. Time: {spoken(seconds)}."
