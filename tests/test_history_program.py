"""What the history keeps for programs: the week played, misses, pain and where (live or
phone); old databases migrated; and progression replayed from it, so that deleting a row
gives the same values as never logging it."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach.app.progress import done_of
from voicecoach.history import MIGRATIONS, History
from voicecoach.program.progression import apply, replay
from voicecoach.program.weeks import Position
from voicecoach.routine.reader import load_routine

MONDAY = datetime(2026, 3, 2, 18, 0, tzinfo=timezone(timedelta(hours=1)))
ROUTINE = """\
name: P
schedule: {per_week: 3, weeks: 4}
blocks:
  - exercises:
      - {name: Squat, reps: 5, load: 20 kg, progress: {load: +2.5 kg}}
"""


def old_database(path: Path, version: int, insert: str, args: tuple[object, ...]) -> Path:
    """A history database at schema ``version`` with one row (``insert``)."""
    db = sqlite3.connect(path)
    for step in MIGRATIONS[:version]:
        db.execute(step)
    db.execute(f"PRAGMA user_version = {version}")
    db.execute(insert, args)
    db.commit()
    db.close()
    return path


def test_a_version_4_database_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = old_database(
        tmp_path / "h.sqlite3", 4, "INSERT INTO sessions (routine, session, per_week, started, "
        "ended, status, done, skipped, silent) VALUES ('R', 'S', 3, ?, ?, 'finished', 5, 0, 0)",
        (MONDAY.isoformat(), (MONDAY + timedelta(minutes=9)).isoformat()))
    (e,) = History(path).entries(now=MONDAY)
    assert (e.session, e.done, e.week, e.week_session, e.missed, e.pain, e.place) == \
        ("S", 5, None, None, (), None, "live")
    assert e.counts


def test_log_tell_and_finished(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite3")
    row = h.start("P", "A", 3, MONDAY, week=(2, 1))
    h.end(row, "finished", 4, 0, MONDAY + timedelta(minutes=20))
    h.told(row, ("Squat",), 4)
    phone = h.log("P", "A", 3, MONDAY + timedelta(days=2), (2, 2), (), 1)
    h.log("Other", "A", None, MONDAY + timedelta(days=3), None, (), None)
    short = h.start("P", "A", 3, MONDAY + timedelta(days=4), week=(2, 3))
    h.end(short, "finished", 0, 0, MONDAY + timedelta(days=4, seconds=10))  # a false start
    got = History(h.path).finished("P", now=MONDAY + timedelta(days=5))
    assert [(e.id, e.week, e.week_session, e.missed, e.pain, e.place) for e in got] == \
        [(row, 2, 1, ("Squat",), 4, "live"), (phone, 2, 2, (), 1, "phone")]


def loads(path: Path, routine_path: Path) -> str:
    routine = load_routine(routine_path)
    done = done_of(History(path).finished("P", now=MONDAY + timedelta(days=400)))
    squat = apply(routine, 1, replay(routine, done)).sessions[0].blocks[0].exercises[0]
    return squat.load or ""


@settings(max_examples=10, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=8), st.data())
def test_deleting_a_row_is_never_having_logged_it(tmp_path_factory: object,
                                                  goods: list[bool], data: st.DataObject
                                                  ) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        routine = folder / "p.yaml"
        routine.write_text(ROUTINE, encoding="utf-8")
        gone = data.draw(st.integers(0, len(goods) - 1))
        full, without = History(folder / "full.sqlite3"), History(folder / "without.sqlite3")
        rows = []
        for i, good in enumerate(goods):
            when = MONDAY + timedelta(days=2 * i)
            missed = () if good else ("squat",)
            rows.append(full.log("P", "P", 3, when, (1 + i // 3, 1 + i % 3), missed, None))
            if i != gone:
                without.log("P", "P", 3, when, (1 + i // 3, 1 + i % 3), missed, None)
        assert full.delete(rows[gone])
        expected = 20 + 2.5 * sum(g for i, g in enumerate(goods) if i != gone)
        assert loads(full.path, routine) == loads(without.path, routine) == f"{expected:g} kg"


def test_a_database_without_the_program_length_is_migrated_and_counts_on(
        tmp_path: Path) -> None:
    """Rows written before ``weeks`` was kept have no length: ``history`` cannot know the
    program is over and counts on; a row that has it says so, as ``play`` serves it."""
    from voicecoach.app.history_views import position

    path = old_database(
        tmp_path / "h.sqlite3", 9, "INSERT INTO sessions (routine, session, per_week, started, "
        "ended, status, week, week_session, place) VALUES ('P', 'P', 3, ?, ?, 'finished', 4, "
        "3, 'phone')", (MONDAY.isoformat(), MONDAY.isoformat()))
    with History(path) as h:
        (old,) = h.finished("P", now=MONDAY)
        assert (old.week, old.week_session, old.weeks) == (4, 3, None)
        assert position([old], 3) == Position(5, 1, 3)
        h.log("P", "P", 3, MONDAY + timedelta(days=1), (4, 3), (), None, 4)
        new = h.finished("P", now=MONDAY + timedelta(days=2))
        assert [e.weeks for e in new] == [None, 4]
        at = position(new[::-1], 3)
        assert at == Position(4, 1, 3, over=True)
        assert at.ahead() == "program complete (4 weeks), week 4 again next"
