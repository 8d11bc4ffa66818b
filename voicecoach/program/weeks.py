"""Where a program is: the week and the session of that week that come next, from the
finished sessions (never the calendar: a week without sessions skips no content)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from voicecoach.errors import VoicecoachError
from voicecoach.model import Routine, Session
from voicecoach.program import Done


@dataclass(frozen=True)
class Position:
    """Week ``week`` (from 1), its session ``number`` (from 1) of ``per_week``; ``over``
    when the program's last week is done (the last week is then offered again)."""

    week: int
    number: int
    per_week: int
    over: bool = False

    def ahead(self) -> str:
        """What comes next, as the views say it: ``week 3, session 2 of 3 next``; once the
        last week is done, ``program complete (9 weeks), week 9 again next``."""
        if self.over:
            return f"program complete ({self.week} weeks), week {self.week} again next"
        return f"week {self.week}, session {self.number} of {self.per_week} next"

    def named(self) -> str:
        """The position played: ``week 3, session 2 of 3``; once the program is complete,
        ``week 9 again, session 1 of 3``."""
        again = " again" if self.over else ""
        return f"week {self.week}{again}, session {self.number} of {self.per_week}"


def sessions_in(routine: Routine, week: int) -> tuple[Session, ...]:
    """The sessions used in ``week``, in the routine's order."""
    return tuple(s for s in routine.sessions
                 if s.weeks is None or s.weeks[0] <= week <= s.weeks[1])


def session_at(routine: Routine, at: Position) -> Session:
    """The session played at a position: the week's sessions go round in order."""
    found = sessions_in(routine, at.week)
    return found[(at.number - 1) % len(found)]


def _last(done: Sequence[Done]) -> Done | None:
    """The program session recorded last (by entry id; in list order for equal ids): a
    session logged afterwards with an earlier date still moves the program on."""
    played = [(d.entry, i, d) for i, d in enumerate(done) if d.week is not None]
    return max(played, key=lambda p: p[:2])[2] if played else None


def next_position(routine: Routine, done: Sequence[Done], week: int | None = None,
                  repeat_week: bool = False) -> Position:
    """The position that comes next after the history's last finished program session;
    ``week`` starts that week from its first session, ``repeat_week`` the week of the last
    session played again (week 1 if none)."""
    weeks, per_week = routine.weeks or 1, routine.per_week or 1
    if week is not None:
        if not 1 <= week <= weeks:
            raise VoicecoachError(f"no week {week} in {routine.name} (it has weeks 1 to "
                                  f"{weeks})")
        return Position(week, 1, per_week)
    last = _last(done)
    if repeat_week:
        return Position(min(last.week, weeks) if last and last.week else 1, 1, per_week)
    return following(done, per_week, weeks)


def following(done: Sequence[Done], per_week: int, weeks: int | None) -> Position:
    """The position after the last finished program session of ``done`` (oldest first),
    ``per_week`` sessions a week; past week ``weeks`` the program is over (None: its
    length is not known, as in the history, so it never is)."""
    last = _last(done)
    if last is None or last.week is None:
        return Position(1, 1, per_week)
    number = (last.week_session or per_week) + 1
    at_week = last.week
    if number > per_week:
        at_week, number = at_week + 1, 1
    if weeks is not None and at_week > weeks:
        return Position(weeks, 1, per_week, over=True)
    return Position(at_week, number, per_week)
