"""Couch to 5K from the first run to the end, as a person would do it: 27 sessions, three a
week (Monday, Wednesday, Friday, with one week off), in turn played live, logged from the
phone (``log``) and reported played by the phone's sync (``played``), on a fake clock and a
real SQLite history. Before each session every view serves the same one — ``plan``'s week,
``play``'s choice, ``history``, ``progress``, the ``serve`` page and the ``calendar`` — with
that week's values (its work lasts what the NHS plan says); after the last, all of them say
the program is complete and ``play`` offers week 9 again."""

from __future__ import annotations

import dataclasses
from datetime import datetime, time, timedelta
from pathlib import Path

from click.testing import CliRunner
from icalendar import Calendar

from tests.conftest import ROOT, fake_length
from tests.fakes import FakeDate, fake_env
from tests.test_couch_to_5k import PLAN, WARM_UP
from voicecoach import cli as cli_module
from voicecoach.app.agenda import calendar
from voicecoach.app.commands import history
from voicecoach.app.environment import Environment
from voicecoach.app.jobs import make_job
from voicecoach.app.program import exercises, played, where
from voicecoach.app.progress import progress
from voicecoach.history import History
from voicecoach.live.sinks import ClockSink
from voicecoach.phrases import ENGLISH
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.program.weeks import Position, session_at, sessions_in
from voicecoach.routine.reader import load_routine
from voicecoach.serve.standing import standing
from voicecoach.settings import Settings

PATH = ROOT / "routines" / "couch-to-5k.yaml"
FIRST = datetime(2026, 9, 7, 18, 0)     # a Monday; the fake date's zone is UTC+1
OFF = 5                                 # no sessions in the fifth calendar week


def session_days() -> list[datetime]:
    """Monday, Wednesday, Friday of each week from FIRST, skipping calendar week OFF."""
    weeks = [w for w in range(10) if w != OFF - 1]
    return [FIRST + timedelta(weeks=w, days=d) for w in weeks for d in (0, 2, 4)]


def run(env: Environment, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli_module.cli, list(args), obj=env)
    return r.exit_code, r.stdout, r.stderr


def summaries(ics: bytes) -> list[str]:
    return [str(e["SUMMARY"]) for e in Calendar.from_ical(ics).walk("VEVENT")]


def line_of(env: Environment) -> str:
    """The program's line under ``history``'s list."""
    return next(s for s in history(False, env).out if s.startswith("Couch to 5K:"))


def test_nine_weeks_of_couch_to_5k_live_and_from_the_phone(tmp_path: Path) -> None:
    base = fake_env(tmp_path / "cache", tmp_path / "data")
    date = base.now
    assert isinstance(date, FakeDate)
    env = dataclasses.replace(base, make_sink=lambda _, clock: ClockSink(clock))
    program = load_routine(PATH)
    page = tmp_path / "public"
    page.mkdir()
    days = session_days()
    assert len(days) == 27
    for i, when in enumerate(days):
        week, number = 1 + i // 3, 1 + i % 3
        date.start, date.t0 = when.replace(tzinfo=date.start.tzinfo), env.clock.now()
        # plan, export and serve: the job of the week, with its values
        job, at = where(make_job(PATH, None, Settings()), env)
        assert at == Position(week, number, 3)
        assert [s.name for s in job.sessions] == [s.name for s in sessions_in(program, week)]
        due = session_at(job.routine, at)
        tl = compile_session(job.routine, due, PlanOptions(phrases=ENGLISH), fake_length)
        assert round(tl.total("work")) == WARM_UP + sum(PLAN[week][number - 1])
        # what every view says comes next
        said = f"Week {week}, session {number} of 3: {due.name}."
        got = standing(program, env, page)
        assert got is not None and got.next == said
        assert progress(PATH, None, env)[0] == (
            f"Couch to 5K: {i} session{'s' * (i != 1)} done; "
            f"next: week {week}, session {number} of 3")
        if i:
            assert line_of(env).startswith(f"Couch to 5K: week {week}, session {number} of 3 "
                                           "next; ")
        first = summaries(calendar(PATH, time(18), 1, None, env))[0]
        assert first == f"Couch to 5K: Week {week} · {due.name}"
        # the session, done one of three ways
        if i % 3 == 0:
            code, out, err = run(env, "play", str(PATH))
            assert (code, err) == (0, said + "\n")
            assert out.endswith(f"{due.name}: finished, {len(exercises(due))} exercises done, "
                                "0 skipped.\n")
        elif i % 3 == 1:
            assert run(env, "log", str(PATH)) == (
                0, f"Logged {due.name} (week {week}, session {number} of 3) on "
                   f"{when:%Y-%m-%d %H:%M} as entry {i + 1}.\n", "")
        else:
            assert played(PATH, due.name, date(), env) == (
                f"Logged {due.name} (week {week}, session {number} of 3) on "
                f"{when:%Y-%m-%d %H:%M} as entry {i + 1}.")

    with History(env.history_file) as h:
        rows = h.finished("Couch to 5K", now=date())
    assert [(e.week, e.week_session, e.weeks) for e in rows] == [
        (1 + i // 3, 1 + i % 3, 9) for i in range(27)]
    assert [e.place for e in rows] == ["live", "phone", "phone"] * 9

    # the Monday after the last run: complete, everywhere; play offers week 9 again
    date.start, date.t0 = (days[-1] + timedelta(days=3)).replace(
        tzinfo=date.start.tzinfo), env.clock.now()
    job, at = where(make_job(PATH, None, Settings()), env)
    assert at == Position(9, 1, 3, over=True)
    assert [s.name for s in job.sessions] == ["Continuous run"]
    done = "Program complete (9 weeks): week 9 again, session 1 of 3: Continuous run."
    got = standing(program, env, page)
    assert got is not None and got.next == done
    assert progress(PATH, None, env)[0] == ("Couch to 5K: 27 sessions done; program complete "
                                            "(9 weeks), week 9 again next")
    # five weeks in a row since the week off, none yet this week
    assert line_of(env) == ("Couch to 5K: program complete (9 weeks), week 9 again next; "
                            "0 of 3 this week, 3 more by Sunday; streak: 5 weeks")
    assert summaries(calendar(PATH, time(18), None, None, env)) == [
        "Couch to 5K: Week 9 again · Continuous run"] * 3
    code, _, err = run(env, "play", str(PATH))
    assert (code, err) == (0, f"{done}\nTo play another week: --week N (1 to 9).\n")
    with History(env.history_file) as h:
        last = h.entries(limit=1, now=date())[0]
    assert (last.week, last.week_session, last.status, last.counts) == (9, 1, "finished", True)
    # the repeat goes on round week 9; --week 1 starts over
    assert where(make_job(PATH, None, Settings()), env)[1] == Position(9, 2, 3)
    assert where(make_job(PATH, None, Settings()), env, week=1)[1] == Position(1, 1, 3)
