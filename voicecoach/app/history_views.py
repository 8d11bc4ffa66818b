"""What ``history`` shows after the list: for each routine with a schedule, this week
against ``per_week``, the streak and the 12-week grid; and ``history --export csv``."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from voicecoach.history import Entry
from voicecoach.program import Done
from voicecoach.program.streak import GRID_WEEKS, Sessions, Streak, Week, local_day, monday
from voicecoach.program.weeks import Position, following

DAYS = "Mo Tu We Th Fr Sa Su"
CSV_COLUMNS = ("id", "routine", "session", "per_week", "weeks", "started", "ended", "seconds",
               "status", "done", "skipped", "silent", "counts", "place", "week", "week_session",
               "missed", "pain")


def standing(name: str, s: Streak, at: Position | None = None) -> str:
    """``Legs: 1 of 3 this week, 2 more by Sunday; streak: 2 weeks``; for a program, where
    it is first: ``Couch to 5K: week 3, session 2 of 3 next; 1 of 3 this week, …`` (at the
    end: ``program complete (9 weeks), week 9 again next``, as ``play`` serves it)."""
    w = s.this_week
    state = ", met" if w.met else f", {s.missing} more by Sunday" if s.open else ""
    streak = f"streak: {s.weeks} week{'s' * (s.weeks != 1)}" if s.weeks else "no streak"
    where = f" {at.ahead()};" if at else ""
    return f"{name}:{where} {w.done} of {w.goal} this week{state}; {streak}"


def position(runs: Sequence[Entry], per_week: int) -> Position | None:
    """Where a program is after ``runs`` (newest first, those that count), as ``play``
    finds it: the program's length is the newest run's (rows older than that column have
    none: such a program is never over here); None when no run was played as a program
    week."""
    done = [Done(e.session, e.week, e.week_session, entry=e.id) for e in reversed(runs)]
    weeks = next((e.weeks for e in runs if e.week is not None), None)
    return following(done, per_week, weeks) if any(d.week for d in done) else None


def _cell(count: int, day: date, today: date) -> str:
    """A day: ● one session, a digit for more, · none, blank if still to come."""
    if day > today:
        return "   "
    return "  " + ("·" if count == 0 else "●" if count == 1 else str(min(count, 9)))


def grid_lines(weeks: Sequence[Week], today: date) -> list[str]:
    """Rows of weeks (Monday's date first), a column a day, then done/goal and ✓ if met."""
    lines = [f"{'week of':<10} {DAYS}"]
    for w in weeks:
        cells = "".join(_cell(n, w.monday + timedelta(days=i), today)
                        for i, n in enumerate(w.days))
        lines.append(f"{w.monday.isoformat()}{cells}   {w.done}/{w.goal}"
                     f"{' ✓' if w.met else ''}")
    return lines


def summaries(every: Sequence[Entry], now: datetime) -> list[str]:
    """For each routine with ``per_week`` (its newest) played in the grid's weeks: a blank
    line, where it stands and its grid, from every run of it that counts."""
    since = monday(local_day(now)) - timedelta(days=7 * (GRID_WEEKS - 1))
    out: list[str] = []
    for name in sorted({e.routine for e in every if e.per_week and local_day(e.started) >= since}):
        runs = [e for e in every if e.routine == name]
        per_week = next(e.per_week for e in runs if e.per_week)  # newest first
        counted = [e for e in runs if e.counts]
        sessions = Sessions([e.started for e in counted], per_week)
        out += ["", standing(name, sessions.streak(now), position(counted, per_week)),
                *grid_lines(sessions.grid(now), local_day(now))]
    return out


def _blank(value: int | None) -> int | str:
    return "" if value is None else value


def as_csv(entries: Sequence[Entry]) -> str:
    """The entries oldest first, as CSV with a header (``CSV_COLUMNS``): times in ISO 8601
    with their UTC offset, ``seconds`` whole (empty while playing), flags 1 or 0; ``weeks``
    a program's length then; ``place``
    live or phone; a program's week and session of the week, the exercises missed (joined
    by "; ") and the pain 0–10 (each empty when not recorded, as in rows older than them)."""
    text = io.StringIO()
    out = csv.writer(text, lineterminator="\n")
    out.writerow(CSV_COLUMNS)
    for e in sorted(entries, key=lambda e: (e.started, e.id)):
        out.writerow([e.id, e.routine, e.session, e.per_week or "", _blank(e.weeks),
                      e.started.isoformat(), e.ended.isoformat() if e.ended else "",
                      "" if e.seconds is None else round(e.seconds), e.status, e.done,
                      e.skipped, int(e.silent), int(e.counts), e.place, _blank(e.week),
                      _blank(e.week_session), "; ".join(e.missed), _blank(e.pain)])
    return text.getvalue()
