"""``voicecoach calendar``: which session on which day (program/agenda.py), the iCalendar
file (program/ics.py) read back with the icalendar library, and the command on the fake
clock (Wednesday 18 November 2026, noon, UTC+1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from tests.conftest import ROOT, need
from tests.fakes import fake_env
from tests.test_cli import SMALL
from tests.test_couch_to_5k import PLAN, WARM_UP
from voicecoach.cli import cli
from voicecoach.history import History
from voicecoach.program.agenda import Planned, agenda, program_agenda, week_days
from voicecoach.program.ics import to_ical

CET = timezone(timedelta(hours=1))
WED = datetime(2026, 11, 18, 12, 0, tzinfo=CET)
SIX = time(18, 0)


def every_week(names: list[str]) -> Callable[[int], list[str]]:
    return lambda week: names


def when(p: Planned) -> tuple[str, int, int, str]:
    return (f"{p.start:%a %d %H:%M}", p.week, p.number, p.session)


@pytest.mark.parametrize(("per_week", "days"), [
    (1, (0,)), (2, (0, 3)), (3, (0, 2, 4)), (4, (0, 1, 3, 5)), (5, (0, 1, 2, 4, 5)),
    (7, (0, 1, 2, 3, 4, 5, 6)), (8, (0, 0, 1, 2, 3, 4, 5, 6))])
def test_sessions_are_spread_over_the_week(per_week: int, days: tuple[int, ...]) -> None:
    assert week_days(per_week) == days


def test_this_week_goes_on_from_the_sessions_done() -> None:
    # Mon/Wed/Fri; one done by Wednesday noon: Wednesday evening and Friday are left
    got = agenda(WED, SIX, 3, 2, 1, every_week(["A", "B"]))
    assert [when(p) for p in got] == [
        ("Wed 18 18:00", 1, 2, "B"), ("Fri 20 18:00", 1, 3, "A"),
        ("Mon 23 18:00", 2, 1, "A"), ("Wed 25 18:00", 2, 2, "B"), ("Fri 27 18:00", 2, 3, "A")]
    # at 07:30 Wednesday's time has passed: only Friday is left of this week
    assert [when(p) for p in agenda(WED, time(7, 30), 3, 1, 0, every_week(["A", "B"]))] == [
        ("Fri 20 07:30", 1, 1, "A")]
    # two done, one left to do: one session, Wednesday
    assert [when(p) for p in agenda(WED, SIX, 3, 1, 2, every_week(["A", "B"]))] == [
        ("Wed 18 18:00", 1, 3, "A")]


def test_a_week_met_or_over_starts_the_calendar_next_monday() -> None:
    met = agenda(WED, SIX, 3, 1, 3, every_week(["A"]))
    assert [when(p) for p in met] == [("Mon 23 18:00", 1, 1, "A"), ("Wed 25 18:00", 1, 2, "A"),
                                      ("Fri 27 18:00", 1, 3, "A")]
    sunday_night = datetime(2026, 11, 22, 21, 0, tzinfo=CET)
    assert [when(p) for p in agenda(sunday_night, SIX, 1, 2, 0, every_week(["A"]))] == [
        ("Mon 23 18:00", 1, 1, "A"), ("Mon 30 18:00", 2, 1, "A")]


def test_week_rules_plug_in() -> None:
    """A program whose week 1 uses "Walk" only and later weeks "Run" then "Walk"."""
    def rules(week: int) -> list[str]:
        return ["Walk"] if week <= 3 else ["Run", "Walk"]

    got = agenda(WED, SIX, 2, 3, 0, rules, first_week=3)
    # Mon/Thu: this week's Thursday is still to come, then two whole weeks
    assert [when(p) for p in got] == [("Thu 19 18:00", 3, 1, "Walk"),
                                      ("Mon 23 18:00", 4, 1, "Run"),
                                      ("Thu 26 18:00", 4, 2, "Walk"),
                                      ("Mon 30 18:00", 5, 1, "Run"),
                                      ("Thu 03 18:00", 5, 2, "Walk")]
    assert agenda(WED, SIX, 2, 2, 0, lambda week: []) == []   # no session that week


def test_a_program_goes_on_from_its_position() -> None:
    """Week 3, session 2 due; weeks 3 and 4 use "Walk", week 5 "Run" then "Walk"."""
    def rules(week: int) -> list[str]:
        return ["Walk"] if week <= 4 else ["Run", "Walk"]

    # none done this calendar week (week 3's first was last Friday): Wednesday and Friday
    # finish program week 3, and week 4 starts Monday
    got = program_agenda(WED, SIX, 3, 0, (3, 2), 3, 3, rules)
    assert [when(p) for p in got] == [
        ("Wed 18 18:00", 3, 2, "Walk"), ("Fri 20 18:00", 3, 3, "Walk"),
        ("Mon 23 18:00", 4, 1, "Walk"), ("Wed 25 18:00", 4, 2, "Walk"),
        ("Fri 27 18:00", 4, 3, "Walk"), ("Mon 30 18:00", 5, 1, "Run"),
        ("Wed 02 18:00", 5, 2, "Walk"), ("Fri 04 18:00", 5, 3, "Run")]
    # two a week on the calendar (Mon/Thu) for a three-a-week program: a program week
    # goes on into the next calendar week, nothing skipped
    got = program_agenda(WED, SIX, 2, 0, (3, 2), 2, 3, rules)
    assert [when(p) for p in got] == [
        ("Thu 19 18:00", 3, 2, "Walk"), ("Mon 23 18:00", 3, 3, "Walk"),
        ("Thu 26 18:00", 4, 1, "Walk"), ("Mon 30 18:00", 4, 2, "Walk"),
        ("Thu 03 18:00", 4, 3, "Walk")]
    # a week with no session takes no day; two done this week leave one day in it
    got = program_agenda(WED, SIX, 3, 2, (1, 3), 2, 3, lambda w: [] if w == 1 else ["A"])
    assert [when(p) for p in got] == [("Wed 18 18:00", 2, 1, "A"), ("Mon 23 18:00", 2, 2, "A"),
                                      ("Wed 25 18:00", 2, 3, "A")]


def test_ical_reads_back_event_by_event() -> None:
    sunday_night = datetime(2026, 11, 22, 21, 0, tzinfo=CET)
    names = ["A long name, with a comma", "B"]
    planned = agenda(sunday_night, time(7, 0), 8, 1, 0, every_week(names))
    data = to_ical("Legs", planned, lambda p: {names[0]: 1501.0, "B": 600.0}[p.session],
                   sunday_night,
                   lambda p: f"Week {p.week}, session {p.number} of 8. " + "x" * 80)
    lines = data.split(b"\r\n")
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75                  # folded
    assert any(line.startswith(b" ") for line in lines)
    cal = Calendar.from_ical(data)
    assert (str(cal["version"]), str(cal["prodid"])) == ("2.0", "-//voicecoach//voicecoach "
                                                                "0.1.0//EN")
    events = cal.walk("VEVENT")
    a, b = "Legs: A long name, with a comma", "Legs: B"
    long, short = timedelta(minutes=26), timedelta(minutes=10)   # 1501 s: a minute up
    monday = datetime(2026, 11, 23, 7, 0)
    day = [monday + timedelta(days=i) for i in range(7)]
    assert [(e.decoded("dtstart"), e.decoded("dtend") - e.decoded("dtstart"), str(e["summary"]))
            for e in events] == [
        (day[0], long, a), (day[0] + long, short, b),   # two on Monday: one after the other
        (day[1], long, a), (day[2], short, b), (day[3], long, a), (day[4], short, b),
        (day[5], long, a), (day[6], short, b)]
    uids = [str(e["uid"]) for e in events]
    tag = uids[0][11:]
    assert len(tag) == len("123456789abc@voicecoach") and tag.endswith("@voicecoach")
    assert uids == [f"202611{d}-{k}-{tag}" for d, k in
                    [(23, 0), (23, 1), (24, 0), (25, 0), (26, 0), (27, 0), (28, 0), (29, 0)]]
    for e in events:
        assert e.decoded("dtstamp") == datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
        assert e.decoded("dtstart").tzinfo is None        # floating: the phone's own time
        (alarm,) = e.walk("VALARM")
        assert alarm.decoded("trigger") == timedelta(minutes=-15)
        assert str(e["description"]).endswith("of 8. " + "x" * 80)
    assert [str(e["description"])[:24] for e in events[:2]] == [
        "Week 1, session 1 of 8. ", "Week 1, session 2 of 8. "]


ROUTINE = SMALL.replace("    sessions:", "    schedule: {per_week: 3}\n    sessions:")


def run(tmp_path: Path, *args: str) -> tuple[int, bytes, str]:
    env = fake_env(tmp_path / "cache", tmp_path / "data")
    result = CliRunner().invoke(cli, ["calendar", *args], obj=env)
    return result.exit_code, result.stdout_bytes, result.stderr


def test_calendar_command(write: Callable[..., Path], tmp_path: Path) -> None:
    need("espeak-ng")
    path = write(ROUTINE)
    h = History(tmp_path / "data" / "history.sqlite3")
    monday = datetime(2026, 11, 16, 18, 0, tzinfo=CET)
    h.end(h.start("Small", "Morning", 3, monday), "finished", 1, 0, monday + timedelta(minutes=1))
    code, out, err = run(tmp_path, str(path))
    assert (code, err) == (0, "")
    events = Calendar.from_ical(out).walk("VEVENT")
    # this week: Wednesday and Friday (one of three done); then three weeks of Mon/Wed/Fri
    starts = [e.decoded("dtstart") for e in events]
    assert [f"{s:%d %H:%M}" for s in starts] == [
        "18 18:00", "20 18:00", "23 18:00", "25 18:00", "27 18:00", "30 18:00",
        "02 18:00", "04 18:00", "07 18:00", "09 18:00", "11 18:00"]
    assert [str(e["summary"]) for e in events[:3]] == [
        "Small: Evening", "Small: Morning", "Small: Morning"]
    assert str(events[0]["description"]) == (f"Week 1, session 2 of 3. Play it with: "
                                             f"voicecoach play {path} --session 2")
    # each event as long as its plan, to the minute above
    import json
    import math

    plans = json.loads(CliRunner().invoke(cli, ["plan", str(path), "--json"]).stdout)
    minutes = {p["session"]: math.ceil(p["duration"] / 60) for p in plans}
    for e in events:
        took = e.decoded("dtend") - e.decoded("dtstart")
        assert took == timedelta(minutes=minutes[str(e["summary"]).split(": ")[1]])
    code, out, _ = run(tmp_path, str(path), "--weeks", "1", "--time", "07:30",
                       "--per-week", "1")
    assert [e.decoded("dtstart") for e in Calendar.from_ical(out).walk("VEVENT")] == [
        datetime(2026, 11, 23, 7, 30)]   # one a week, done already this week: next Monday


def test_calendar_errors(write: Callable[..., Path], tmp_path: Path) -> None:
    path = write("name: X\nblocks:\n  - exercises: [{name: E, reps: 3}]\n")
    assert run(tmp_path, str(path))[::2] == (
        1, f"Error: {path} has no schedule: {{per_week: N}} to spread its sessions over the "
           "week; add one, or give --per-week N\n")
    code, _, err = run(tmp_path, str(path), "--time", "25:00")
    assert code == 2 and err.endswith(
        "Error: Invalid value for '--time': '25:00' does not match the format '%H:%M'.\n")
    code, _, err = run(tmp_path, str(path), "--weeks", "0")
    assert code == 2 and err.endswith(
        "Error: Invalid value for '--weeks': 0 is not in the range 1<=x<=104.\n")
    code, _, err = run(tmp_path, str(path), "--per-week", "22")
    assert code == 2 and err.endswith(
        "Error: Invalid value for '--per-week': 22 is not in the range 1<=x<=21.\n")


def test_agenda_module_is_pure() -> None:
    from tests.test_purity import HEAVY, loaded_after

    loaded = loaded_after("import voicecoach.program.agenda")
    assert "voicecoach" in loaded and loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


C25K = ROOT / "routines" / "couch-to-5k.yaml"
RW, SL, LR = "Run and walk", "Short and long runs", "Longer runs"
WEEK_5 = ["Three five-minute runs", "Two eight-minute runs", "Twenty minutes"]
WEEK_6 = ["Five, eight, five", "Two ten-minute runs", "Twenty-five minutes"]


def c25k_minutes(week: int, n: int) -> int:
    """An event's length: the warm-up and the NHS plan's intervals (from the Couch to 5K
    test), and the talk before the first and after the last (1 to 29 s), a minute up."""
    return (WARM_UP + sum(PLAN[week][n - 1])) // 60 + 1


def logged(tmp_path: Path, places: list[tuple[int, int, int]]) -> None:
    """Couch to 5K runs done from the phone: (day of November, week, session of it)."""
    h = History(tmp_path / "data" / "history.sqlite3")
    for d, week, n in places:
        h.log("Couch to 5K", RW if week < 3 else SL, 3, datetime(2026, 11, d, 18, 0,
                                                                 tzinfo=CET), (week, n), (), None)


def events(out: bytes) -> list[tuple[str, str, int]]:
    return [(f"{e.decoded('dtstart'):%a %d %b %H:%M}", str(e["summary"]),
             (e.decoded("dtend") - e.decoded("dtstart")) // timedelta(minutes=1))
            for e in Calendar.from_ical(out).walk("VEVENT")]


def test_calendar_of_a_program_in_week_1(tmp_path: Path) -> None:
    """Week 1's first run done this Monday: week 1's two others this Wednesday and Friday,
    then Mon/Wed/Fri to the end of week 9 (the weeks left: nine)."""
    need("espeak-ng")
    logged(tmp_path, [(16, 1, 1)])
    code, out, err = run(tmp_path, str(C25K))
    assert (code, err) == (0, "")
    got = events(out)
    assert len(got) == 2 + 8 * 3
    assert got[:5] == [
        ("Wed 18 Nov 18:00", "Couch to 5K: Week 1 · Run and walk", 26),
        ("Fri 20 Nov 18:00", "Couch to 5K: Week 1 · Run and walk", 26),
        ("Mon 23 Nov 18:00", "Couch to 5K: Week 2 · Run and walk", 27),
        ("Wed 25 Nov 18:00", "Couch to 5K: Week 2 · Run and walk", 27),
        ("Fri 27 Nov 18:00", "Couch to 5K: Week 2 · Run and walk", 27)]
    assert got[-1] == ("Fri 15 Jan 18:00", "Couch to 5K: Week 9 · Continuous run", 36)
    assert [c25k_minutes(w, n) for w, n in [(1, 2), (2, 1), (9, 3)]] == [26, 27, 36]
    first = Calendar.from_ical(out).walk("VEVENT")[0]
    assert str(first["description"]) == (f"Week 1, session 2 of 3. Play it with: voicecoach "
                                         f"play {C25K}")
    # --weeks 2: week 1's two left and week 2's three; more weeks than are left: to week 9
    assert [g[0] for g in events(run(tmp_path, str(C25K), "--weeks", "2")[1])] == [
        "Wed 18 Nov 18:00", "Fri 20 Nov 18:00", "Mon 23 Nov 18:00", "Wed 25 Nov 18:00",
        "Fri 27 Nov 18:00"]
    assert events(run(tmp_path, str(C25K), "--weeks", "30")[1]) == got


def test_calendar_of_a_program_in_week_3(tmp_path: Path) -> None:
    """Weeks 1 and 2 done Mon/Wed/Fri, week 3's first run this Monday: week 3's second
    and third this week, then weeks 4 to 9 (their own sessions and lengths)."""
    need("espeak-ng")
    logged(tmp_path, [(2, 1, 1), (4, 1, 2), (6, 1, 3), (9, 2, 1), (11, 2, 2), (13, 2, 3),
                      (16, 3, 1)])
    code, out, err = run(tmp_path, str(C25K))
    assert (code, err) == (0, "")
    days = ["Wed 18 Nov", "Fri 20 Nov", "Mon 23 Nov", "Wed 25 Nov", "Fri 27 Nov",
            "Mon 30 Nov", "Wed 02 Dec", "Fri 04 Dec", "Mon 07 Dec", "Wed 09 Dec",
            "Fri 11 Dec", "Mon 14 Dec", "Wed 16 Dec", "Fri 18 Dec", "Mon 21 Dec",
            "Wed 23 Dec", "Fri 25 Dec", "Mon 28 Dec", "Wed 30 Dec", "Fri 01 Jan"]
    places = [(3, 2), (3, 3), *((w, n) for w in range(4, 10) for n in (1, 2, 3))]
    names = {3: [SL] * 3, 4: [LR] * 3, 5: WEEK_5, 6: WEEK_6, 7: ["Continuous run"] * 3,
             8: ["Continuous run"] * 3, 9: ["Continuous run"] * 3}
    assert events(out) == [
        (f"{d} 18:00", f"Couch to 5K: Week {w} · {names[w][n - 1]}", c25k_minutes(w, n))
        for d, (w, n) in zip(days, places, strict=True)]
    # by hand: week 3 is 23 min of work, week 5's runs 26, 26 and 25, week 6's 29, 28, 30
    assert [c25k_minutes(*p) for p in [(3, 2), (5, 1), (5, 2), (5, 3), (6, 1), (6, 2),
                                       (6, 3)]] == [24, 27, 27, 26, 30, 29, 31]


def test_calendar_makes_no_database_and_closes_the_one_it_reads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    need("espeak-ng")
    from voicecoach.app import agenda as app_agenda

    assert run(tmp_path, str(C25K), "--weeks", "1")[0] == 0
    assert not (tmp_path / "data" / "history.sqlite3").exists()
    logged(tmp_path, [(16, 1, 1)])
    opened: list[History] = []
    closed: list[History] = []

    class Counted(History):
        def __init__(self, path: Path) -> None:
            super().__init__(path)
            opened.append(self)

        def close(self) -> None:
            closed.append(self)
            super().close()

    monkeypatch.setattr(app_agenda, "History", Counted)
    code, out, _ = run(tmp_path, str(C25K), "--weeks", "1")
    assert (code, len(events(out))) == (0, 2)     # week 1's two runs left
    assert len(opened) == 1 and closed == opened
