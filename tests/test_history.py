"""Session history in a real SQLite file: rows, weeks, migration, and broken databases."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from voicecoach.history import MIGRATIONS, History, HistoryError, week_start

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
    assert h.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == 10


def test_this_weeks_finished_sessions(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite3")
    assert week_start(SUNDAY) == datetime(2026, 11, 16, 0, 0, tzinfo=TZ)
    for when, status, routine in [(SUNDAY - timedelta(days=7), "finished", "Legs"),  # last week
                                  (SUNDAY - timedelta(days=6), "finished", "Legs"),  # Monday
                                  (SUNDAY - timedelta(days=2), "stopped", "Legs"),
                                  (SUNDAY - timedelta(days=1), "finished", "Arms"),
                                  (SUNDAY, "finished", "Legs")]:
        h.end(h.start(routine, "S", 3, when), status, 1, 0, when + timedelta(minutes=20))
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
    sqlite3.connect(path).execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(HistoryError) as err:
        History(path)
    assert str(err.value) == f"history database {path} is from a newer voicecoach"


# Issue 13: malformed rows, dead processes, what counts, deleting.

def test_malformed_times_are_left_out_not_a_crash(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from voicecoach.cli import cli

    h = History(_default_path())
    h.end(h.start("Legs", "S", 3, SUNDAY), "finished", 1, 0, SUNDAY + timedelta(minutes=20))
    h.db.execute("INSERT INTO sessions (routine, session, started, ended, status) VALUES "
                 "('Legs', 'S', 'not a time', '2026-13-45', 'finished')")
    h.db.execute("INSERT INTO sessions (routine, session, started, ended, status, done) "
                 "VALUES ('Legs', 'T', '2026-11-21T10:00:00', 'x', 'finished', 'many')")
    h.db.commit()
    entries = h.entries()
    assert [(e.session, e.ended, e.done) for e in entries] == [
        ("S", SUNDAY + timedelta(minutes=20), 1), ("T", None, 0)]
    assert h.unreadable == 1
    assert len(h.finished_this_week("Legs", SUNDAY)) == 1
    result = CliRunner().invoke(cli, ["history"])
    assert result.exit_code == 0, result.exception
    assert result.stderr == (f"Warning: history database {h.path}: 1 entry with an unreadable "
                             "time left out\n")


def test_rows_of_gone_processes_show_interrupted(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    path = tmp_path / "h.sqlite3"
    History(path)
    code = ("import sys, time, datetime; from voicecoach.history import History; "
            f"History(__import__('pathlib').Path({str(path)!r})).start('Legs', 'S', None, "
            "datetime.datetime.now().astimezone()); print('ok', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "ok\n"
    assert [e.status for e in History(path).entries()] == ["playing"]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert [e.status for e in History(path).entries()] == ["interrupted"]
    mine = History(path)
    mine.start("Legs", "S", None, SUNDAY)  # this process: still playing
    assert sorted(e.status for e in mine.entries()) == ["interrupted", "playing"]


def test_what_counts_toward_the_week(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite3")
    runs = [(timedelta(minutes=20), "finished", False),   # counts
            (timedelta(minutes=20), "finished", True),    # silent
            (timedelta(seconds=29), "finished", False),   # under 30 s
            (timedelta(seconds=10), "stopped", False),
            (timedelta(minutes=20), "stopped", False)]
    for i, (took, status, silent) in enumerate(runs):
        when = SUNDAY - timedelta(hours=i + 1)
        h.end(h.start("Legs", f"S{i}", 3, when, silent=silent), status, 1, 0, when + took)
    assert [e.session for e in h.finished_this_week("Legs", SUNDAY)] == ["S0"]
    assert len(h.entries()) == 5  # every start is on record


def test_history_lists_seconds_deletes_and_clears(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from voicecoach import cli as cli_module

    h = History(_default_path())
    for took in (42, 20 * 60 + 5, 11 * 60 + 58):
        h.end(h.start("Legs", "S", 3, SUNDAY), "finished", 1, 0, SUNDAY + timedelta(seconds=took))

    def run(*args: str, stdin: str = "", terminal: bool = False) -> tuple[int, str, str]:
        from voicecoach.app.environment import Environment

        r = CliRunner().invoke(cli_module.cli, ["history", *args], input=stdin,
                               obj=Environment(stdin_isatty=terminal))
        return r.exit_code, r.stdout, r.stderr

    code, out, _ = run()
    assert code == 0
    # rounded as the coach says a session's time at its end (issue 24): 11:58 is "12
    # minutes" there, so 12 min here, not 11; 42 s is "40 seconds"
    assert out.splitlines()[:3] == [
        "   3  2026-11-22 20:00   12 min  finished     Legs — S (1 done, 0 skipped)",
        "   2  2026-11-22 20:00   20 min  finished     Legs — S (1 done, 0 skipped)",
        "   1  2026-11-22 20:00     40 s  finished     Legs — S (1 done, 0 skipped)"]
    assert run("--delete", "1") == (0, "Deleted entry 1.\n", "")
    assert run("--delete", "1") == (1, "", "Error: no history entry 1 (see 'voicecoach "
                                           "history')\n")
    # on a terminal: asked first
    assert run("--clear", stdin="n\n", terminal=True)[1] == (
        "Delete every entry of the history? [y/N]: n\nNothing deleted.\n")
    assert len(History(h.path).entries()) == 2
    assert run("--clear", stdin="y\n", terminal=True)[1].endswith("Deleted 2 entries.\n")
    assert run()[1] == "No sessions played yet.\n"


def _default_path() -> Path:
    from voicecoach.app.environment import default_data_dir

    return default_data_dir() / "history.sqlite3"


def test_opening_a_current_database_writes_nothing(tmp_path: Path) -> None:
    """``history`` only reads: no write, so no disk sync, once the schema is current."""
    path = tmp_path / "h.sqlite3"
    History(path).close()
    before = path.stat().st_mtime_ns, path.read_bytes()
    import time

    time.sleep(0.01)  # a real file's mtime, not a wait for the code under test
    History(path).entries()
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_history_rows_show_phone_sessions_misses_and_pain(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tests.fakes import fake_env
    from voicecoach import cli as cli_module

    env = fake_env(tmp_path / "cache", tmp_path / "data")   # now: Wednesday 18th, 12:00
    h = History(tmp_path / "data" / "history.sqlite3")
    tuesday = datetime(2026, 11, 17, 18, 0, tzinfo=TZ)
    row = h.start("Ladder", "Up", 2, tuesday, week=(1, 1))
    h.end(row, "finished", 2, 0, tuesday + timedelta(minutes=20, seconds=5))
    h.told(row, ("Squat",), 3)
    h.log("Ladder", "Up", 2, datetime(2026, 11, 18, 7, 30, tzinfo=TZ), (1, 2), ("Run", "Walk"),
          2)
    h.log("Plain", "Stretch", None, datetime(2026, 11, 18, 8, 0, tzinfo=TZ), None, (), None)
    h.close()
    r = CliRunner().invoke(cli_module.cli, ["history"], obj=env)
    assert r.exit_code == 0
    assert r.stdout.splitlines()[:3] == [
        "   3  2026-11-18 08:00           phone        Plain — Stretch (done from the phone)",
        "   2  2026-11-18 07:30           phone        Ladder — Up (done from the phone; week 1, "
        "session 2; missed: Run, Walk; pain 2)",
        "   1  2026-11-17 18:00   20 min  finished     Ladder — Up (2 done, 0 skipped; week 1, "
        "session 1; missed: Squat; pain 3)"]
