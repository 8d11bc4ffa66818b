"""Which session on which day, for the weeks ahead (pure: "now" is given, no clock read).

``per_week`` sessions a week are spread over it (``week_days``: 3 → Monday, Wednesday,
Friday), at one time of day, in rotation order: each week goes round the sessions used that
week from the first, as play's due session does; the current week goes on from the sessions
already finished in it. Program weeks count from ``first_week`` (the first week listed);
``sessions_for_week`` says which sessions a program week uses, so week rules plug in there;
``program_agenda`` goes on from the program's position instead of the calendar week's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import chain, islice

from voicecoach.program.streak import local_day, monday


@dataclass(frozen=True)
class Planned:
    """One session to come: when (local wall-clock time, no zone), its program week, its
    place in that week (from 1) and its session's name."""

    start: datetime
    week: int
    number: int
    session: str


def week_days(per_week: int) -> tuple[int, ...]:
    """The weekdays (0 = Monday) of ``per_week`` sessions spread evenly over a week:
    1 → Mon; 2 → Mon, Thu; 3 → Mon, Wed, Fri; 5 → Mon, Tue, Wed, Fri, Sat; past seven a
    week, some days have two."""
    return tuple(i * 7 // per_week for i in range(per_week))


def _weeks(now: datetime, at: time, per_week: int,
           done_this_week: int) -> Iterator[tuple[list[datetime], int]]:
    """The start times of each week from now, with the sessions already done in it: the
    current week's days still ahead (as many as it still needs) when there are any, then
    every week from next Monday."""
    today, clock = local_day(now), now.replace(tzinfo=None)
    days = week_days(per_week)

    def starts(first: date) -> list[datetime]:
        return [datetime.combine(first + timedelta(days=d), at) for d in days]

    this = [s for s in starts(monday(today)) if s > clock][:max(0, per_week - done_this_week)]
    if this:
        yield this, done_this_week
    first = monday(today) + timedelta(days=7)
    while True:
        yield starts(first), 0
        first += timedelta(days=7)


def agenda(now: datetime, at: time, per_week: int, weeks: int, done_this_week: int,
           sessions_for_week: Callable[[int], Sequence[str]],
           first_week: int = 1) -> list[Planned]:
    """The sessions of ``weeks`` weeks from ``now`` (aware). The current week is one of
    them when it still needs sessions and has spread days after now: those days, as many as
    it still needs; otherwise the weeks begin next Monday."""
    out = []
    chosen = islice(_weeks(now, at, per_week, done_this_week), weeks)
    for week, (when, done) in enumerate(chosen, first_week):
        names = sessions_for_week(week)
        for i, start in enumerate(when):
            if names:
                out.append(Planned(start, week, done + i + 1, names[(done + i) % len(names)]))
    return out


def program_agenda(now: datetime, at: time, per_week: int, done_this_week: int,
                   first: tuple[int, int], weeks: int, sessions_in_week: int,
                   sessions_for_week: Callable[[int], Sequence[str]]) -> list[Planned]:
    """A program's sessions from position ``first`` (week, session of that week: the one
    due) to the end of its ``weeks``-th week, ``sessions_in_week`` a program week, one a
    day on the ``per_week`` spread days from now (as in ``agenda``): a program week goes on
    into the next calendar week when its sessions are behind, never skipped. A week's
    sessions go round in order, as ``weeks.session_at`` serves them."""
    week, number = first
    names = {w: sessions_for_week(w) for w in range(week, week + weeks)}
    places = [(w, n) for w in names if names[w]
              for n in range(number if w == week else 1, sessions_in_week + 1)]
    starts = chain.from_iterable(when for when, _ in _weeks(now, at, per_week, done_this_week))
    return [Planned(start, w, n, names[w][(n - 1) % len(names[w])])
            for (w, n), start in zip(places, starts)]
