"""The shipped Couch to 5K: each (week, session) is a golden plan, and each session's work
lasts what the NHS plan's text says, to the second: the five-minute brisk walk, then its
runs and walks (worked out here from the plan's words, not from the routine)."""

from __future__ import annotations

import os

import pytest

from tests.conftest import ROOT, fake_length
from voicecoach.phrases import ENGLISH
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.plan.view import cue_sheet
from voicecoach.program.resolve import routine_at
from voicecoach.program.weeks import Position, session_at
from voicecoach.routine.reader import load_routine

PATH = ROOT / "routines" / "couch-to-5k.yaml"
GOLDEN = ROOT / "tests" / "golden" / "couch-to-5k"
M = 60

# The plan, week by week: each run's intervals in seconds, run and walk in turn.
PLAN: dict[int, list[list[int]]] = {
    1: [[60, 90] * 8] * 3,                                        # 60 s run, 90 s walk, x8
    2: [[90, 2 * M] * 6] * 3,                                     # 90 s run, 2 min walk, x6
    3: [[90, 90, 3 * M, 3 * M] * 2] * 3,                          # 90 s, 90 s, 3 min, 3 min, x2
    4: [[3 * M, 90, 5 * M, 150, 3 * M, 90, 5 * M]] * 3,
    5: [[5 * M, 3 * M, 5 * M, 3 * M, 5 * M], [8 * M, 5 * M, 8 * M], [20 * M]],
    6: [[5 * M, 3 * M, 8 * M, 3 * M, 5 * M], [10 * M, 3 * M, 10 * M], [25 * M]],
    7: [[25 * M]] * 3,
    8: [[28 * M]] * 3,
    9: [[30 * M]] * 3,
}
WARM_UP = 5 * M
CASES = [(week, n) for week in PLAN for n in (1, 2, 3)]


@pytest.fixture(scope="module")
def program():  # type: ignore[no-untyped-def]
    return load_routine(PATH, "routines/couch-to-5k.yaml")


@pytest.mark.parametrize(("week", "n"), CASES, ids=[f"week{w}-run{n}" for w, n in CASES])
def test_each_run_lasts_what_the_plan_says(program, week: int, n: int) -> None:  # type: ignore[no-untyped-def]
    session = session_at(routine_at(program, week), Position(week, n, 3))
    tl = compile_session(program, session, PlanOptions(phrases=ENGLISH), fake_length)
    assert round(tl.total("work")) == WARM_UP + sum(PLAN[week][n - 1])
    assert tl.warnings == ()


@pytest.mark.parametrize(("week", "n"), CASES, ids=[f"week{w}-run{n}" for w, n in CASES])
def test_golden_plan_of_each_run(program, week: int, n: int) -> None:  # type: ignore[no-untyped-def]
    session = session_at(routine_at(program, week), Position(week, n, 3))
    tl = compile_session(program, session, PlanOptions(phrases=ENGLISH, week=(week, n, 3)),
                         fake_length)
    golden = GOLDEN / f"week-{week}-run-{n}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(cue_sheet(tl), encoding="utf-8")
    assert cue_sheet(tl) == golden.read_text(encoding="utf-8")


def test_the_program_goes_round_the_nine_weeks(program) -> None:  # type: ignore[no-untyped-def]
    assert program.weeks == 9 and program.per_week == 3
    names = {w: [session_at(program, Position(w, n, 3)).name for n in (1, 2, 3)]
             for w in (1, 5, 9)}
    assert names == {1: ["Run and walk"] * 3,
                     5: ["Three five-minute runs", "Two eight-minute runs", "Twenty minutes"],
                     9: ["Continuous run"] * 3}
