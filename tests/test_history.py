"""Session history in a real SQLite file: rows, weeks, migration, and broken databases."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from voicecoach.history import History, HistoryError, week_start

TZ = timezone(timedelta(hours=1))
SUNDAY = datetime(2026, 11, 22, 20, 0, tzinfo=TZ)   # the week began Monday 16 November


def test_rows_written_at_start_and_completed_at_end(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite3")
    row = h.start("Legs", "Strength", 3, SUNDAY)
    # a crash now would still leave the session on record, as playing
    assert [(e.session, e.status, e.ended) for e in History(h.path).entries()] == \
        [("Strength", "playing", None)]
    h.end(row, "stopped", 4, 1, SUNDAY + timedelta(minutes=20))
    (e,) = History(h.path).entries()
    assert (e.routine, e.session, e.per_week, e.status, e.done, e.skipped) == \
        ("Legs", "Strength", 3, "stopped", 4, 1)
    assert e.ended is not None and e.ended - e.started == timedelta(minutes=20)
    assert h.db.execute("PRAGMA user_version").fetchone()[0] == 2


def test_this_weeks_finished_sessions(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite3")
    assert week_start(SUNDAY) == datetime(2026, 11, 16, 0, 0, tzinfo=TZ)
    for when, status, routine in [(SUNDAY - timedelta(days=7), "finished", "Legs"),  # last week
                                  (SUNDAY - timedelta(days=6), "finished", "Legs"),  # Monday
                                  (SUNDAY - timedelta(days=2), "stopped", "Legs"),
                                  (SUNDAY - timedelta(days=1), "finished", "Arms"),
                                  (SUNDAY, "finished", "Legs")]:
        h.end(h.start(routine, "S", 3, when), status, 1, 0, when)
    assert [e.started.day for e in h.finished_this_week("Legs", SUNDAY)] == [22, 16]
    assert len(h.entries()) == 5 and len(h.entries(week_start(SUNDAY))) == 4


def test_damaged_and_locked_databases_are_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database, just some text of a fair length" * 40)
    with pytest.raises(HistoryError) as err:
        History(bad)
    assert str(err.value) == (f"history database {bad} is damaged (not a database); "
                              "move it away to start a new one")
    path = tmp_path / "h.sqlite3"
    h = History(path)
    other = sqlite3.connect(path)
    other.execute("BEGIN EXCLUSIVE")
    with pytest.raises(HistoryError) as err:
        h.start("Legs", "S", None, SUNDAY)
    assert str(err.value) == f"history database {path} is locked by another program"
    other.rollback()
    h.start("Legs", "S", None, SUNDAY)  # fine once the other program lets go


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    sqlite3.connect(path).execute("PRAGMA user_version = 9")
    with pytest.raises(HistoryError) as err:
        History(path)
    assert str(err.value) == f"history database {path} is from a newer voicecoach"
