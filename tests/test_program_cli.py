"""Programs through the command line: plan, log and play follow the history (fake clock and
environment, real voice and SQLite)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fakes import FakeClock, fake_env
from voicecoach import cli as cli_module
from voicecoach.app import program
from voicecoach.app.environment import Environment
from voicecoach.history import History

ROUTINE = """\
name: Ladder
schedule: {per_week: 2, weeks: 3}
sessions:
  - name: Up
    blocks:
      - exercises:
          - {name: Squat, reps: 5, load: 20 kg, progress: {load: +2.5 kg}}
          - {name: Run, time: {1: 30s, 3: 45s}}
  - name: Long
    weeks: 3
    blocks:
      - exercises:
          - {name: Walk, time: 2m}
"""


@pytest.fixture
def env(tmp_path: Path) -> Environment:
    return fake_env(tmp_path / "cache", tmp_path / "data")


@pytest.fixture
def routine(tmp_path: Path) -> Path:
    path = tmp_path / "ladder.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def run(env: Environment, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli_module.cli, list(args), obj=env)
    return r.exit_code, r.stdout, r.stderr


def test_plan_follows_weeks_and_what_was_logged(env: Environment, routine: Path) -> None:
    code, out, _ = run(env, "plan", str(routine))
    assert code == 0 and "Squat, 20 kg" in out and "Walk" not in out
    assert not (env.data_dir / "history.sqlite3").exists()  # reading made no database
    assert run(env, "log", str(routine)) == (
        0, "Logged Up (week 1, session 1 of 2) on 2026-11-18 12:00 as entry 1.\n", "")
    out = run(env, "plan", str(routine))[1]
    assert "Squat, 22.5 kg" in out and "  Week 1.\n" in out
    assert "  Up 2.5 kg from last time.\n" in out
    out = run(env, "plan", str(routine), "--language", "de")[1]
    assert "  Woche 1.\n" in out and "  2.5 kg mehr als beim letzten Mal.\n" in out
    code, out, _ = run(env, "log", str(routine), "--missed", "squat", "--pain", "2",
                       "--date", "2026-11-20")
    assert out == ("Logged Up (week 1, session 2 of 2) on 2026-11-20 12:00 as entry 2; "
                   "missed: Squat; pain 2.\n")
    out = run(env, "plan", str(routine))[1]
    assert "Squat, 22.5 kg" in out and "Walk" not in out   # week 2: Up only, no step
    assert "  Week 2.\n" in out and "from last time" not in out
    out = run(env, "plan", str(routine), "--week", "3")[1]
    assert "Walk" in out and "45 seconds" in out            # week 3's sessions and values
    assert "Walk" not in run(env, "plan", str(routine), "--repeat-week")[1]


@pytest.mark.parametrize(("args", "message"), [
    (("log", "{r}", "--missed", "Plank"),
     "Error: no exercise 'Plank' in session 'Up' (it has Squat, Run)\n"),
    (("plan", "{r}", "--week", "4"), "Error: no week 4 in Ladder (it has weeks 1 to 3)\n"),
])
def test_program_errors(env: Environment, routine: Path, args: tuple[str, ...],
                        message: str) -> None:
    code, _, err = run(env, *(a.format(r=routine) for a in args))
    assert (code, err) == (1, message)


def test_week_needs_a_program(env: Environment, tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text("name: Plain\nblocks: [{exercises: [{name: E, reps: 3}]}]\n")
    code, _, err = run(env, "plan", str(path), "--week", "2")
    assert (code, err) == (1, "Error: --week and --repeat-week need a program: Plain has no "
                              "schedule: weeks\n")
    assert run(env, "log", str(path), "--pain", "11")[0] == 2


def test_play_records_the_week_it_played(env: Environment, routine: Path) -> None:
    run(env, "log", str(routine))
    code, _, err = run(env, "play", str(routine), "--output", "silent")
    assert code == 0 and err.splitlines()[0] == "Week 1, session 2 of 2: Up."
    (row, _) = History(env.data_dir / "history.sqlite3").entries(now=env.now())
    assert (row.session, row.week, row.week_session, row.place) == ("Up", 1, 2, "live")
    # a session asked for is played as it is, at the week the program is in
    code, _, err = run(env, "play", str(routine), "--session", "Long", "--output", "silent")
    assert (code, err) == (0, "")
    said = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert re.search(r"  Ladder\. Long\..*\n\S+  Week 1, session 2 of 2\.\n", said)
    row = History(env.data_dir / "history.sqlite3").entries(now=env.now())[0]
    assert (row.session, row.week, row.week_session) == ("Long", 1, 2)


def test_m_marks_missed_and_the_last_question_adds_more(
        env: Environment, routine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from tests.test_player import ScriptedKeys

    clock = env.clock
    assert isinstance(clock, FakeClock)
    keys = ScriptedKeys(clock, [(1.0, "m")])    # the first exercise, Squat, is on
    held: list[bool] = []   # whether the keys were held when each answer was read

    @contextmanager
    def controls(_: object) -> Iterator[ScriptedKeys]:
        held.append(True)
        try:
            yield keys
        finally:
            held.append(False)

    def answered(text: str, names: list[str]) -> tuple[str, ...]:
        held.append(held[-1])
        return real(text, names)

    real = program.answered
    monkeypatch.setattr(program, "answered", answered)
    terminal = dataclasses.replace(env, stdin_isatty=True, make_controls=controls)
    r = CliRunner().invoke(cli_module.cli, ["play", str(routine), "--output", "silent"],
                           obj=terminal, input="nope\n2\n")
    assert r.exit_code == 0, r.output
    assert "  1. Squat\n  2. Run\nAnything you could not finish? (numbers or names; Enter: " \
           "no): " in r.stdout
    assert "Error: no exercise 'nope' in this session (it has Squat, Run)" in r.output
    assert r.stdout.endswith("Up: finished, 2 exercises done, 0 skipped; missed: Squat, Run.\n")
    # asked once the keys were let go (typing shows, Backspace works), not while held
    assert held == [True, False, False, False]
    (row,) = History(env.data_dir / "history.sqlite3").entries(now=env.now())
    assert row.missed == ("Squat", "Run")


class CtrlC(io.BytesIO):
    """Input whose reading is interrupted, as by Ctrl-C."""

    def read(self, size: int | None = -1) -> bytes:
        if size == 0:   # click's test runner looks at the stream first
            return b""
        raise KeyboardInterrupt

    read1 = readline = read


@pytest.mark.parametrize("given, code, said", [(b"", 0, "Up: finished"),
                                               (CtrlC(), 130, "Interrupted.")])
def test_the_last_question_ended_by_end_of_input_or_ctrl_c(
        env: Environment, routine: Path, given: bytes | io.BytesIO, code: int,
        said: str) -> None:
    """End of input is no answer; Ctrl-C is an interrupt (130), as everywhere, not click's
    'Aborted!' (1). The session stays recorded as finished."""
    import dataclasses
    from contextlib import nullcontext

    from tests.test_player import ScriptedKeys

    assert isinstance(env.clock, FakeClock)
    keys = ScriptedKeys(env.clock, [])
    terminal = dataclasses.replace(env, stdin_isatty=True,
                                   make_controls=lambda _: nullcontext(keys))
    r = CliRunner().invoke(cli_module.cli, ["play", str(routine), "--output", "silent"],
                           obj=terminal, input=given)
    assert r.exit_code == code and said in r.output and "Aborted" not in r.output
    (row,) = History(env.data_dir / "history.sqlite3").entries(now=env.now())
    assert (row.status, row.missed) == ("finished", ())


def test_progress_shows_values_over_time_and_draws_the_same_chart(
        env: Environment, routine: Path, tmp_path: Path) -> None:
    assert run(env, "progress", str(routine))[1] == (
        "Ladder: 0 sessions done; next: week 1, session 1 of 2\n"
        "  Squat  not played yet            next 20 kg\n")
    run(env, "log", str(routine))
    run(env, "log", str(routine), "--missed", "Squat")
    run(env, "log", str(routine))
    code, out, _ = run(env, "progress", str(routine))
    # played with 20, 22.5 (missed), 22.5; earned 25 from the last
    assert (code, out) == (0, "Ladder: 3 sessions done; next: week 2, session 2 of 2\n"
                              "  Squat  ▁██                       20 kg → 22.5 kg (1 missed)  "
                              "next 25 kg\n")
    for suffix in ("svg", "png"):
        first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
        assert run(env, "progress", str(routine), "--chart", str(first))[1].endswith(
            f"Wrote {first}\n")
        run(env, "progress", str(routine), "--chart", str(second))
        assert first.read_bytes() == second.read_bytes() and first.stat().st_size > 1000
    assert run(env, "progress", str(routine), "--chart", str(tmp_path / "c.pdf"))[2] == \
        "Error: --chart writes an .svg or .png file, got 'c.pdf'\n"


def test_matplotlib_is_imported_only_for_a_chart() -> None:
    from tests.test_purity import loaded_after

    assert "matplotlib" not in loaded_after("import voicecoach.cli, voicecoach.app.program, "
                                            "voicecoach.program.report")


def lengths(env: Environment, routine: Path, *args: str) -> list[str]:
    """The lengths ``plan --json`` gives (mm:ss), a session at a time."""
    import json

    from voicecoach.durations import length

    got = json.loads(run(env, "plan", str(routine), "--json", *args)[1])
    return [length(p["duration"]) for p in (got if isinstance(got, list) else [got])]


def test_validate_shows_the_weeks_each_session_runs_and_where_the_history_is(
        env: Environment, routine: Path) -> None:
    (up_1,), (up_2,), (up_3, long_3) = (lengths(env, routine, "--week", str(w))
                                        for w in (1, 2, 3))
    assert max(up_1, up_2) < up_3     # Run: 30 s in weeks 1 and 2, 45 s from week 3
    shortest = min(up_1, up_2)          # "Week 1." and "Week 2." may differ by a second
    code, out, err = run(env, "validate", str(routine))
    assert (code, err) == (0, "")
    assert out == (f"{routine}: ok — Ladder: 3 weeks, 2 sessions a week\n"
                   f"  weeks 1–3  Up ({shortest}–{up_3}, 2 exercises)\n"
                   f"  week 3     Long ({long_3}, 1 exercise)\n")
    assert not (env.data_dir / "history.sqlite3").exists()   # reading made no database
    run(env, "log", str(routine))
    (now,) = lengths(env, routine)      # week 1 again, Squat up to 22.5 kg
    assert run(env, "validate", str(routine))[1] == (
        f"{routine}: ok — Ladder: 3 weeks, 2 sessions a week\n"
        f"  weeks 1–3  Up ({shortest}–{up_3}, 2 exercises)\n"
        f"  week 3     Long ({long_3}, 1 exercise)\n"
        f"  now: week 1, session 2 of 2 next: Up ({now})\n")
    for _ in range(5):
        run(env, "log", str(routine))
    up_now, long_now = lengths(env, routine)
    assert run(env, "validate", str(routine))[1].splitlines()[-1] == (
        f"  now: program complete (3 weeks), week 3 again next: Up ({up_now}); "
        f"Long ({long_now})")


def test_program_tail_worked_by_hand() -> None:
    from voicecoach.plan.view import Runs, program_tail

    assert program_tail(1, None, [Runs("A", (1, 1), 1, 60.4, 60.2)], None) == (
        "1 week\n  week 1  A (01:00, 1 exercise)")
    assert program_tail(12, 1, [Runs("Long", (2, 12), 3, 1799.6, 3725.0)],
                        "week 2, session 1 of 1 next: Long (30:00)") == (
        "12 weeks, 1 session a week\n"
        "  weeks 2–12  Long (30:00–1:02:05, 3 exercises)\n"
        "  now: week 2, session 1 of 1 next: Long (30:00)")


def test_a_session_logged_late_with_an_earlier_date_still_moves_the_program_on(
        env: Environment, routine: Path) -> None:
    """Today's run first, then yesterday's logged after it: the program goes on from the
    one recorded last (week 2 next), not the latest date (which would serve week 1's
    second session again)."""
    assert run(env, "log", str(routine))[1].startswith("Logged Up (week 1, session 1 of 2) "
                                                       "on 2026-11-18")
    assert run(env, "log", str(routine), "--date", "2026-11-17")[1].startswith(
        "Logged Up (week 1, session 2 of 2) on 2026-11-17")
    assert run(env, "progress", str(routine))[1].startswith(
        "Ladder: 2 sessions done; next: week 2, session 1 of 2\n")
    assert "\nLadder: week 2, session 1 of 2 next; 2 of 2 this week, met; streak: 1 week\n" \
        in run(env, "history")[1]


@pytest.mark.parametrize(("schedule", "said"), [
    ("schedule: {per_week: 2, weeks: 3}\n",
     "Nothing grows from what you did (no progress: in the routine); each week has its own "
     "values: plan --week N shows them.\n"),
    ("", "Nothing grows from what you did (no progress: in the routine).\n")])
def test_progress_of_a_routine_where_nothing_grows(env: Environment, tmp_path: Path,
                                                   schedule: str, said: str) -> None:
    path = tmp_path / "flat.yaml"
    path.write_text(f"name: Flat\n{schedule}blocks: [{{exercises: [{{name: E, reps: 3}}]}}]\n")
    head = "Flat: 0 sessions done; next: week 1, session 1 of 2\n" if schedule else \
        "Flat: 0 sessions done\n"
    assert run(env, "progress", str(path)) == (0, head + said, "")


def test_validate_of_a_routine_that_grows_without_weeks(env: Environment,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "legs.yaml"
    path.write_text("name: Legs\nblocks:\n  - exercises:\n      - {name: Squat, sets: 2, "
                    "reps: 5, progress: {sets: +1}}\n", encoding="utf-8")
    (first,) = lengths(env, path)
    assert run(env, "validate", str(path))[1] == f"{path}: ok — Legs: {first}, 1 exercise\n"
    run(env, "log", str(path))
    (now,) = lengths(env, path)         # 3 sets now: longer
    assert now > first
    assert run(env, "validate", str(path))[1] == (
        f"{path}: ok — Legs: {first}, 1 exercise\n"
        f"  now: with what was earned: Legs ({now})\n")


@pytest.mark.parametrize("command", ["plan", "export", "play"])
def test_week_and_repeat_week_are_one_or_the_other(env: Environment, routine: Path,
                                                   command: str) -> None:
    code, out, err = run(env, command, str(routine), "--week", "2", "--repeat-week")
    assert (code, out) == (2, "")
    assert err.endswith("Error: give --week or --repeat-week, not both\n")

