"""What the coach says of a program: the week (and the session of that week) in the
opening, and a step of progression in an exercise's announcement. Pure."""

from __future__ import annotations

from voicecoach.loads import load_text, parse_load
from voicecoach.model import Change, Exercise
from voicecoach.phrases import PhrasePack

# (week, session of that week or 0 when not known, sessions a week)
Week = tuple[int, int, int]


def week_line(say: PhrasePack, week: Week) -> str:
    """'Week 3, session 2 of 3.' (or 'Week 3.')."""
    number, sessions = week[1], week[2]
    if number:
        return say.text("week_session", week=week[0], number=number, sessions=sessions)
    return say.text("week", week=week[0])


def _amount(say: PhrasePack, change: Change, ex: Exercise) -> str:
    size = abs(change.amount)
    if change.grows == "load":
        return load_text(size, (parse_load(ex.load or "") or (0.0, ""))[1])
    if change.grows in ("time", "hold"):
        return say.duration(size)
    if change.grows == "reps":
        return say.text("reps", reps=round(size))
    return f"{round(size)}"


def change_line(say: PhrasePack, ex: Exercise) -> str | None:
    """'Up 2 kg from last time.' / 'Down 5 kg from last time.' when progression moved
    the exercise since its last session."""
    change = ex.change
    if change is None or change.amount == 0:
        return None
    return say.text("step_up" if change.amount > 0 else "step_down",
                    amount=_amount(say, change, ex))
