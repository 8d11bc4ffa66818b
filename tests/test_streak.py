"""The weekly streak and the calendar grid (program/streak.py), on a table of histories
worked out by hand. Weeks of November 2026 begin on Mondays 2, 9, 16, 23."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach.program.streak import When, grid, streak

CET = timezone(timedelta(hours=1))
NEW_YORK = timezone(timedelta(hours=-5))
WED = datetime(2026, 11, 18, 12, 0, tzinfo=CET)    # the fake clock's Wednesday noon


def at(day: str, hour: int = 18, minute: int = 0, tz: tzinfo = CET) -> datetime:
    """A session at ``hour`` on 2026-``day`` (MM-DD), local time in ``tz``."""
    month, d = (int(x) for x in day.split("-"))
    return datetime(2026, month, d, hour, minute, tzinfo=tz)


def utc(day: str, hour: int, minute: int = 0) -> float:
    """A phone's report: seconds since the epoch."""
    return at(day, hour, minute, timezone.utc).timestamp()


MWF = [at("11-02"), at("11-04"), at("11-06"), at("11-09"), at("11-11"), at("11-13")]
MONDAYS = [at("08-31") + timedelta(days=7 * i) for i in range(12)]   # up to Monday 16 Nov

# (what it shows, sessions, per_week, now, the tz for timestamps,
#  expected: (streak weeks, done this week, this week still open))
CASES: list[tuple[str, list[When], int | None, datetime, tzinfo | None,
                  tuple[int, int, bool]]] = [
    ("empty history: nothing, but the week is open", [], 3, WED, None, (0, 0, True)),
    ("per_week absent: one a week counts; this week met", [at("11-12"), at("11-16")], None,
     WED, None, (2, 1, False)),
    ("rest days between Mon/Wed/Fri; a partial current week does not break it",
     [*MWF, at("11-16")], 3, WED, None, (2, 1, True)),
    ("Saturday, 1 of 3: two days left for two sessions, still open",
     [*MWF, at("11-16")], 3, at("11-21", 12), None, (2, 1, True)),
    ("Sunday, 1 of 3: too late, the streak is broken", [*MWF, at("11-16")], 3,
     at("11-22", 12), None, (0, 1, False)),
    ("2 of 3 last week breaks it, whatever came before",
     [at("11-02"), at("11-04"), at("11-06"), at("11-09"), at("11-13")], 3, WED, None,
     (0, 0, True)),
    ("this week met: it counts at once", [*MWF, at("11-16"), at("11-17"), at("11-18", 8)], 3,
     WED, None, (3, 3, False)),
    ("two sessions one day count as two", [at("11-16", 7), at("11-16", 19), at("11-17")], 3,
     WED, None, (1, 3, False)),
    ("a week boundary crossed in New York: Sunday 23:30 there is its own day",
     [at("11-10"), at("11-12"), at("11-15", 23, 30, NEW_YORK)], 3, WED, None, (1, 0, True)),
    ("phone sessions (UTC timestamps) placed in CET: Sunday 23:30 UTC is Monday",
     [utc("11-09", 7), utc("11-11", 7), utc("11-15", 23, 30)], 3, WED, CET, (0, 1, True)),
    ("the same phone sessions placed in UTC: Sunday stays in last week",
     [utc("11-09", 7), utc("11-11", 7), utc("11-15", 23, 30)], 3, WED, timezone.utc,
     (1, 0, True)),
    ("live and phone sessions together", [at("11-09"), utc("11-11", 7), at("11-13")], 3, WED,
     CET, (1, 0, True)),
    ("twelve weeks in a row, this one included", [*MONDAYS], 1, WED, None, (12, 1, False)),
    ("a missed week ends the count", [d for d in MONDAYS if d.day != 26], 1, WED, None,
     (3, 1, False)),
    ("7 a week, 2 done by Wednesday: five days for five", [at("11-16"), at("11-17")], 7, WED,
     None, (0, 2, True)),
    ("7 a week, 1 done by Wednesday: no longer possible", [at("11-16")], 7, WED, None,
     (0, 1, False)),
    ("Monday 00:00 opens the new week; last week's Sunday 23:59 stays in it",
     [at("11-16"), at("11-18"), at("11-22", 23, 59), at("11-23", 0)], 3, at("11-23", 0),
     None, (1, 1, True)),
]


@pytest.mark.parametrize(("sessions", "per_week", "now", "tz", "expected"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_streak(sessions: list[When], per_week: int | None, now: datetime,
                tz: tzinfo | None, expected: tuple[int, int, bool]) -> None:
    s = streak(sessions, per_week, now, tz)
    assert (s.weeks, s.this_week.done, s.open) == expected


def test_days_left_and_missing() -> None:
    s = streak([at("11-16")], 3, WED)
    assert (s.days_left, s.missing, s.this_week.monday) == (5, 2, date(2026, 11, 16))
    sunday = streak([at("11-16")], 3, at("11-22", 20))
    assert (sunday.days_left, sunday.missing, sunday.open) == (1, 2, False)


def test_grid_rows_are_weeks_oldest_first() -> None:
    sessions = [*MWF, at("11-16", 7), at("11-16", 19), at("11-17"), at("08-26")]
    weeks = grid(sessions, 3, WED)
    assert len(weeks) == 12
    assert weeks[0].monday == date(2026, 8, 31) and weeks[-1].monday == date(2026, 11, 16)
    assert [w.days for w in weeks[-3:]] == [(1, 0, 1, 0, 1, 0, 0), (1, 0, 1, 0, 1, 0, 0),
                                            (2, 1, 0, 0, 0, 0, 0)]
    assert [w.met for w in weeks] == [False] * 9 + [True, True, True]
    assert all(w.done == 0 for w in weeks[:9])   # 26 August is before the grid
    assert [w.monday for w in grid([], None, WED, weeks=2)] == [date(2026, 11, 9),
                                                                date(2026, 11, 16)]


def test_times_without_a_zone_are_refused() -> None:
    with pytest.raises(ValueError) as err:
        streak([datetime(2026, 11, 16, 18)], 3, WED)
    assert str(err.value) == "a session time without a time zone: 2026-11-16T18:00:00"
    with pytest.raises(ValueError) as err:
        streak([0.0], 3, WED)
    assert str(err.value) == "a UTC timestamp needs a time zone"


def test_streak_module_is_pure() -> None:
    from tests.test_purity import HEAVY, loaded_after

    loaded = loaded_after("import voicecoach.program.streak")
    assert "voicecoach" in loaded and loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


days = st.lists(st.integers(min_value=-120, max_value=0), max_size=40)


@settings(deadline=None)   # never fail on wall time (a busy machine)
@given(days, st.integers(min_value=0, max_value=120), st.one_of(st.none(), st.integers(1, 9)),
       st.integers(min_value=0, max_value=6 * 24))
def test_a_session_more_never_lowers_the_streak(back: list[int], extra: int,
                                                per_week: int | None, hours: int) -> None:
    """Sessions on days up to 120 before now (at now's hour): one more never lowers the
    streak, and the streak never counts more weeks than have sessions."""
    now = WED + timedelta(hours=hours)
    sessions: list[When] = [now - timedelta(days=-d) for d in back]
    before = streak(sessions, per_week, now)
    after = streak([*sessions, now - timedelta(days=extra)], per_week, now)
    assert after.weeks >= before.weeks
    weeks_with = {(now - timedelta(days=-d)).isocalendar()[:2] for d in back}
    assert before.weeks <= len(weeks_with)
