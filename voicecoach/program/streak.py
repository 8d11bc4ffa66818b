"""The weekly streak and the calendar grid, from the times of finished sessions (pure: no
clock is read, "now" is given).

A session's day is its local date: an aware datetime's own wall-clock date (the offset it
was recorded with), a UTC timestamp's date in the time zone given. Weeks start on Monday.
A week counts when its finished sessions reach ``per_week`` (one a week when there is no
schedule). The current week never breaks the streak while it can still be met: while the
days left in it, today included, are at least the sessions missing (one session a day).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

GRID_WEEKS = 12
When = datetime | float   # an aware datetime, or seconds since the epoch (UTC)


def local_day(when: When, tz: tzinfo | None = None) -> date:
    """The local date of a session (see the module's docstring)."""
    if isinstance(when, datetime):
        if when.utcoffset() is None:
            raise ValueError(f"a session time without a time zone: {when.isoformat()}")
        return when.date()
    if tz is None:
        raise ValueError("a UTC timestamp needs a time zone")
    return datetime.fromtimestamp(when, tz).date()


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Week:
    """One week: its Monday, the finished sessions of each day (Monday first), the goal."""

    monday: date
    days: tuple[int, ...]
    goal: int

    @property
    def done(self) -> int:
        return sum(self.days)

    @property
    def met(self) -> bool:
        return self.done >= self.goal


@dataclass(frozen=True)
class Streak:
    """Where the person stands: weeks in a row that met the goal (this week counted once it
    is met), this week, and the days left in it (today included)."""

    weeks: int
    this_week: Week
    days_left: int

    @property
    def missing(self) -> int:
        """Sessions still needed this week (0 once it is met)."""
        return max(0, self.this_week.goal - self.this_week.done)

    @property
    def open(self) -> bool:
        """This week is not met yet, but can still be (and so breaks nothing yet)."""
        return 0 < self.missing <= self.days_left


class Sessions:
    """Finished sessions counted by local day, and weeks made from them."""

    def __init__(self, times: Iterable[When], per_week: int | None,
                 tz: tzinfo | None = None) -> None:
        self.by_day = Counter(local_day(t, tz) for t in times)
        self.goal = per_week or 1

    def week(self, first: date) -> Week:
        days = tuple(self.by_day.get(first + timedelta(days=i), 0) for i in range(7))
        return Week(first, days, self.goal)

    def streak(self, now: datetime) -> Streak:
        today = local_day(now)
        this = self.week(monday(today))
        left = 7 - today.weekday()
        if not this.met and this.goal - this.done > left:
            return Streak(0, this, left)   # this week can no longer be met: broken
        weeks, first = int(this.met), this.monday - timedelta(days=7)
        while self.week(first).met:        # ends: only weeks with sessions are met
            weeks, first = weeks + 1, first - timedelta(days=7)
        return Streak(weeks, this, left)

    def grid(self, now: datetime, weeks: int = GRID_WEEKS) -> list[Week]:
        """The last ``weeks`` weeks, oldest first; the last one is this week."""
        last = monday(local_day(now))
        return [self.week(last - timedelta(days=7 * i)) for i in range(weeks - 1, -1, -1)]


def streak(times: Iterable[When], per_week: int | None, now: datetime,
           tz: tzinfo | None = None) -> Streak:
    """The streak of these finished sessions at ``now`` (aware)."""
    return Sessions(times, per_week, tz).streak(now)


def grid(times: Iterable[When], per_week: int | None, now: datetime, tz: tzinfo | None = None,
         weeks: int = GRID_WEEKS) -> list[Week]:
    """The calendar grid: ``weeks`` weeks up to this one, oldest first."""
    return Sessions(times, per_week, tz).grid(now, weeks)
