"""``history`` with the streak and the 12-week grid, and ``history --export csv``, on the
fake clock (Wednesday 18 November 2026, noon, UTC+1) and a real SQLite history."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from click.testing import CliRunner

from tests.fakes import fake_env
from voicecoach.app.progress import finished
from voicecoach.cli import cli
from voicecoach.history import History
from voicecoach.program import Done
from voicecoach.program.weeks import Position, following, next_position, session_at
from voicecoach.routine.reader import load_routine

ROUTINES = Path(__file__).parent.parent / "routines"

CET = timezone(timedelta(hours=1))


def day(d: int, hour: int = 18) -> datetime:
    return datetime(2026, 11, d, hour, 0, tzinfo=CET)


def fill(data: Path) -> None:
    """Mon/Wed/Fri for two weeks, this Monday; a stopped run on Tuesday, and a routine
    with no schedule."""
    h = History(data / "history.sqlite3")
    for d, session in [(2, "A"), (4, "B"), (6, "A"), (9, "B"), (11, "A"), (13, "B"),
                       (16, "A")]:
        h.end(h.start("Legs", session, 3, day(d)), "finished", 5, 0,
              day(d) + timedelta(minutes=20))
    h.end(h.start("Legs", "B", 3, day(17)), "stopped", 2, 0, day(17) + timedelta(minutes=10))
    h.end(h.start("Stretch", "S", None, day(17, 7)), "finished", 4, 1,
          day(17, 7) + timedelta(minutes=20))


def run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    env = fake_env(tmp_path / "cache", tmp_path / "data")
    result = CliRunner().invoke(cli, ["history", *args], obj=env)
    return result.exit_code, result.stdout, result.stderr


def test_history_shows_the_week_the_streak_and_the_grid(tmp_path: Path) -> None:
    fill(tmp_path / "data")
    code, out, err = run(tmp_path)
    assert (code, err) == (0, "")
    empty = "  ·  ·  ·  ·  ·  ·  ·   0/3"
    assert out.splitlines() == [
        "   8  2026-11-17 18:00   10 min  stopped      Legs — B (2 done, 0 skipped)",
        "   9  2026-11-17 07:00   20 min  finished     Stretch — S (4 done, 1 skipped)",
        "   7  2026-11-16 18:00   20 min  finished     Legs — A (5 done, 0 skipped)",
        "   6  2026-11-13 18:00   20 min  finished     Legs — B (5 done, 0 skipped)",
        "   5  2026-11-11 18:00   20 min  finished     Legs — A (5 done, 0 skipped)",
        "   4  2026-11-09 18:00   20 min  finished     Legs — B (5 done, 0 skipped)",
        "   3  2026-11-06 18:00   20 min  finished     Legs — A (5 done, 0 skipped)",
        "   2  2026-11-04 18:00   20 min  finished     Legs — B (5 done, 0 skipped)",
        "   1  2026-11-02 18:00   20 min  finished     Legs — A (5 done, 0 skipped)",
        "",
        "Legs: 1 of 3 this week, 2 more by Sunday; streak: 2 weeks",
        "week of    Mo Tu We Th Fr Sa Su",
        *(f"2026-{m}{empty}" for m in ("08-31", "09-07", "09-14", "09-21", "09-28",
                                       "10-05", "10-12", "10-19", "10-26")),
        "2026-11-02  ●  ·  ●  ·  ●  ·  ·   3/3 ✓",
        "2026-11-09  ●  ·  ●  ·  ●  ·  ·   3/3 ✓",
        "2026-11-16  ●  ·  ·               1/3",
    ]
    # --week lists this week's runs, and the same standing (it looks at every week)
    code, out, _ = run(tmp_path, "--week")
    assert out.splitlines()[:4] == [
        "   8  2026-11-17 18:00   10 min  stopped      Legs — B (2 done, 0 skipped)",
        "   9  2026-11-17 07:00   20 min  finished     Stretch — S (4 done, 1 skipped)",
        "   7  2026-11-16 18:00   20 min  finished     Legs — A (5 done, 0 skipped)",
        ""]
    assert out.splitlines()[4] == "Legs: 1 of 3 this week, 2 more by Sunday; streak: 2 weeks"


def test_history_export_csv(tmp_path: Path) -> None:
    h = History(tmp_path / "data" / "history.sqlite3")
    h.end(h.start("Legs, upper", 'Say "go"', 3, day(16)), "finished", 5, 0,
          day(16) + timedelta(minutes=20, seconds=30))
    h.end(h.start("Legs, upper", "B", 3, day(17), silent=True), "finished", 5, 1,
          day(17) + timedelta(seconds=45))
    h.start("Stretch", "S", None, day(2))   # still playing (this process)
    h.log("Couch to 5K", "Run and walk", 3, day(18, 7), (3, 2), ("Run", "Long walk"), 4, 9)
    live = h.start("Couch to 5K", "Run and walk", 3, day(18, 8), week=(3, 3), weeks=9)
    h.end(live, "finished", 9, 0, day(18, 9))
    h.told(live, (), 0)
    code, out, err = run(tmp_path, "--export", "csv")
    assert (code, err) == (0, "")
    assert out == (
        "id,routine,session,per_week,weeks,started,ended,seconds,status,done,skipped,silent,"
        "counts,place,week,week_session,missed,pain\n"
        "3,Stretch,S,,,2026-11-02T18:00:00+01:00,,,playing,0,0,0,0,live,,,,\n"
        '1,"Legs, upper","Say ""go""",3,,2026-11-16T18:00:00+01:00,2026-11-16T18:20:30+01:00,'
        "1230,finished,5,0,0,1,live,,,,\n"
        '2,"Legs, upper",B,3,,2026-11-17T18:00:00+01:00,2026-11-17T18:00:45+01:00,45,'
        "finished,5,1,1,0,live,,,,\n"
        "4,Couch to 5K,Run and walk,3,9,2026-11-18T07:00:00+01:00,2026-11-18T07:00:00+01:00,0,"
        "finished,0,0,0,1,phone,3,2,Run; Long walk,4\n"
        "5,Couch to 5K,Run and walk,3,9,2026-11-18T08:00:00+01:00,2026-11-18T09:00:00+01:00,"
        "3600,finished,9,0,0,1,live,3,3,,0\n")
    code, out, _ = run(tmp_path, "--export", "csv", "--week")   # only this week's
    assert [line.split(",")[0] for line in out.splitlines()] == ["id", "1", "2", "4", "5"]
    code, _, err = run(tmp_path, "--export", "xml")
    assert code == 2 and err.endswith(
        "Error: Invalid value for '--export': 'xml' is not 'csv'.\n")
    code, _, err = run(tmp_path, "--export", "csv", "--delete", "1")
    assert code == 2 and err.endswith("Error: give --export or --delete/--clear, not both\n")
    code, _, err = run(tmp_path, "--week", "--delete", "1")
    assert code == 2 and err.endswith("Error: --week shows this week's sessions: give it or "
                                      "--delete/--clear, not both\n")
    assert len(History(h.path).entries()) == 5   # nothing deleted


def test_history_with_no_schedule_shows_no_grid(tmp_path: Path) -> None:
    h = History(tmp_path / "data" / "history.sqlite3")
    h.end(h.start("Stretch", "S", None, day(17)), "finished", 1, 0,
          day(17) + timedelta(minutes=5))
    assert run(tmp_path)[1] == ("   1  2026-11-17 18:00    5 min  finished     Stretch — S "
                                "(1 done, 0 skipped)\n")


def test_the_streak_shows_in_a_week_with_no_session_yet(tmp_path: Path) -> None:
    h = History(tmp_path / "data" / "history.sqlite3")
    runs = [("Legs", 3, datetime(2026, 11, d, 18, tzinfo=CET)) for d in (9, 11, 13)]
    runs += [("Old", 2, datetime(2026, 8, 30, 18, tzinfo=CET)),    # the Sunday before the grid
             ("Older", 2, datetime(2026, 8, 31, 8, tzinfo=CET))]   # the grid's first Monday
    for routine, per_week, when in runs:
        h.end(h.start(routine, "S", per_week, when), "finished", 1, 0,
              when + timedelta(minutes=5))
    code, out, _ = run(tmp_path, "--week")
    lines = out.splitlines()
    assert code == 0
    assert lines[:3] == ["No sessions this week.", "",
                         "Legs: 0 of 3 this week, 3 more by Sunday; streak: 1 week"]
    assert lines[16:19] == ["", "Older: 0 of 2 this week, 2 more by Sunday; no streak",
                            "week of    Mo Tu We Th Fr Sa Su"]
    assert lines[19] == "2026-08-31  ●  ·  ·  ·  ·  ·  ·   1/2"
    assert len(lines) == 1 + 15 + 15 and not any(line.startswith("Old:") for line in lines)


def test_a_program_says_where_it_is_as_play_would(tmp_path: Path) -> None:
    """Couch to 5K: weeks 1 and 2 done Mon/Wed/Fri (week 2's Wednesday from the phone),
    week 3's first run this Monday, a stopped run (it does not count) on Tuesday."""
    h = History(tmp_path / "data" / "history.sqlite3")
    c25k = "Couch to 5K"
    for d, week, number in [(2, 1, 1), (4, 1, 2), (6, 1, 3), (9, 2, 1), (11, 2, 2),
                            (13, 2, 3), (16, 3, 1)]:
        session = "Run and walk" if week < 3 else "Short and long runs"
        if d == 11:
            h.log(c25k, "Run and walk", 3, day(11), (2, 2), ("Run",), 3)
            continue
        h.end(h.start(c25k, session, 3, day(d), week=(week, number)), "finished", 9, 0,
              day(d) + timedelta(minutes=30))
    h.end(h.start(c25k, "Short and long runs", 3, day(17), week=(3, 2)), "stopped", 1, 0,
          day(17) + timedelta(minutes=5))
    code, out, err = run(tmp_path)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[9] == ("Couch to 5K: week 3, session 2 of 3 next; 1 of 3 this week, "
                        "2 more by Sunday; streak: 2 weeks")
    assert lines[-1] == "2026-11-16  ●  ·  ·               1/3"
    # play (and log) would serve the same: week 3, session 2
    env = fake_env(tmp_path / "cache", tmp_path / "data")
    routine = load_routine(ROUTINES / "couch-to-5k.yaml")
    at = next_position(routine, finished(env, routine))
    assert (at.week, at.number, at.per_week, at.over) == (3, 2, 3, False)
    assert session_at(routine, at).name == "Short and long runs"


def test_following_knows_an_end_only_when_given_one() -> None:
    done = [Done("A", 1, 1), Done("B", 2, 3), Done("C")]     # an old row without a week last
    assert following(done, 3, 2) == Position(2, 1, 3, over=True)
    assert following(done, 3, None) == Position(3, 1, 3)    # history: the length unknown
    assert following([Done("A", 4, 1)], 3, None) == Position(4, 2, 3)
    assert following([], 3, None) == Position(1, 1, 3)
