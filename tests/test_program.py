"""Programs: which session is next, and progression replayed from finished sessions
(Hypothesis over synthetic histories). Expected values are worked out by small oracles
written here independently of the code."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_purity import HEAVY, loaded_after
from voicecoach.errors import VoicecoachError
from voicecoach.model import Exercise, Hold, Reps, Routine, Timed
from voicecoach.program import Done
from voicecoach.program.progression import apply, replay
from voicecoach.program.resolve import value_of
from voicecoach.program.weeks import Position, next_position, session_at, sessions_in
from voicecoach.routine.reader import load_routine

PROGRAM = """\
name: P
schedule: {per_week: 3, weeks: 4}
sessions:
  - name: A
    blocks:
      - exercises:
          - {name: Squat, sets: 5, reps: 5, load: 20 kg,
             progress: {load: +2.5 kg, deload: {after: 3, by: 10%}}}
          - {name: Goblet squat, sets: 3, reps: 8-12, load: 10 kg, progress: {load: +2 kg}}
          - {name: Side plank, hold: 20s, progress: {hold: +5s, max: 30s, every: 2}}
          - {name: Clamshell, reps: 15, progress: {reps: +1, max: 25, when: pain <= 3}}
          - {name: Run, time: {1: 60s, 3: 90s}}
  - name: B
    weeks: 1-2
    blocks:
      - exercises:
          - {name: Squat, sets: 5, reps: 5, load: 20 kg,
             progress: {load: +2.5 kg, deload: {after: 3, by: 10%}}}
  - name: C
    weeks: 3-4
    blocks:
      - exercises:
          - {name: Walk, time: 5m}
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Routine:
    path: Path = tmp_path_factory.mktemp("p") / "p.yaml"
    path.write_text(PROGRAM, encoding="utf-8")
    return load_routine(path)


def exercise(routine: Routine, name: str, week: int = 1, done: list[Done] | None = None
             ) -> Exercise:
    now = apply(routine, week, replay(routine, done or []))
    return next(e for s in now.sessions for b in s.blocks for e in b.exercises
                if e.name == name)


def test_the_program_package_is_pure() -> None:
    loaded = loaded_after("import voicecoach.program.progression, voicecoach.program.weeks")
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


# -- which session is next --------------------------------------------------------------

def test_weeks_choose_their_sessions(program: Routine) -> None:
    assert [s.name for s in sessions_in(program, 2)] == ["A", "B"]
    assert [s.name for s in sessions_in(program, 3)] == ["A", "C"]
    # within a week the week's sessions go round in order: A B A, then A C A
    assert [session_at(program, Position(1, n, 3)).name for n in (1, 2, 3)] == ["A", "B", "A"]
    assert [session_at(program, Position(3, n, 3)).name for n in (1, 2, 3)] == ["A", "C", "A"]


def test_next_comes_from_finished_sessions_not_the_calendar(program: Routine) -> None:
    assert next_position(program, []) == Position(1, 1, 3)
    played = [Done("A", 1, 1), Done("B", 1, 2)]
    assert next_position(program, played) == Position(1, 3, 3)
    played.append(Done("A", 1, 3))
    assert next_position(program, played) == Position(2, 1, 3)
    # an old row without a week does not move the program
    assert next_position(program, [*played, Done("A")]) == Position(2, 1, 3)


def test_week_and_repeat_week(program: Routine) -> None:
    played = [Done("A", 2, 1), Done("B", 2, 2), Done("A", 2, 3)]
    assert next_position(program, played) == Position(3, 1, 3)
    assert next_position(program, played, repeat_week=True) == Position(2, 1, 3)
    assert next_position(program, played, week=4) == Position(4, 1, 3)
    assert next_position(program, [], repeat_week=True) == Position(1, 1, 3)
    with pytest.raises(VoicecoachError, match=r"^no week 5 in P \(it has weeks 1 to 4\)$"):
        next_position(program, played, week=5)
    # after a repeated week's first session, its second comes next
    assert next_position(program, [*played, Done("A", 2, 1)]) == Position(2, 2, 3)


def test_the_end_of_the_program_offers_the_last_week_again(program: Routine) -> None:
    assert next_position(program, [Done("A", 4, 3)]) == Position(4, 1, 3, over=True)


def test_week_tables_give_each_week_its_value(program: Routine) -> None:
    assert exercise(program, "Run", 1).work == Timed(60.0)
    assert exercise(program, "Run", 2).work == Timed(60.0)
    assert exercise(program, "Run", 3).work == Timed(90.0)


# -- progression ------------------------------------------------------------------------

outcomes = st.lists(st.booleans(), max_size=40)  # True: finished with no miss on it


def stronglifts(goods: list[bool]) -> float:
    """The oracle: 20 kg, +2.5 a good session, the same after a miss, 10 % off after the
    third miss in a row."""
    weight, misses = 20.0, 0
    for good in goods:
        if good:
            weight, misses = weight + 2.5, 0
        else:
            misses += 1
            if misses == 3:
                weight, misses = round(weight * 0.9, 2), 0
    return weight


def history(goods: list[bool], name: str) -> list[Done]:
    return [Done("A", 1, 1, frozenset() if g else frozenset({name.casefold()})) for g in goods]


@settings(max_examples=60, deadline=None)
@given(outcomes)
def test_stronglifts_exactly(program: Routine, goods: list[bool]) -> None:
    got = exercise(program, "Squat", 1, history(goods, "Squat")).load
    assert got == f"{stronglifts(goods):g} kg"


@settings(max_examples=60, deadline=None)
@given(outcomes)
def test_double_progression(program: Routine, goods: list[bool]) -> None:
    reps, load = 8, 10.0          # oracle: 8 -> 12 reps, then +2 kg and back to 8
    for good in goods:
        if good and reps < 12:
            reps += 1
        elif good:
            reps, load = 8, load + 2
    got = exercise(program, "Goblet squat", 1, history(goods, "Goblet squat"))
    assert (got.work, got.load) == (Reps(reps), f"{load:g} kg")


@settings(max_examples=60, deadline=None)
@given(outcomes)
def test_every_and_max(program: Routine, goods: list[bool]) -> None:
    hold, run = 20.0, 0           # oracle: +5 s every 2 good sessions in a row, at most 30 s
    for good in goods:
        run = run + 1 if good else 0
        if run == 2:
            hold, run = min(hold + 5, 30), 0
    assert exercise(program, "Side plank", 1, history(goods, "Side plank")).work == Hold(hold)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.none() | st.integers(0, 10)), max_size=30))
def test_the_pain_gate(program: Routine, sessions: list[tuple[bool, int | None]]) -> None:
    reps = 15                     # oracle: +1 a good session with pain <= 3 (or none said)
    for good, pain in sessions:
        if good and (pain is None or pain <= 3):
            reps = min(reps + 1, 25)
    done = [Done("A", 1, 1, frozenset() if g else frozenset({"clamshell"}), p)
            for g, p in sessions]
    assert exercise(program, "Clamshell", 1, done).work == Reps(reps)


@settings(max_examples=60, deadline=None)
@given(outcomes, st.data())
def test_no_step_from_a_session_with_a_miss(program: Routine, goods: list[bool],
                                            data: st.DataObject) -> None:
    name, grows = data.draw(st.sampled_from([("Squat", "load"), ("Goblet squat", "load"),
                                             ("Side plank", "hold"), ("Clamshell", "reps")]))
    past = history(goods, name)
    missed = Done("A", 1, 1, frozenset({name.casefold()}))
    before = value_of(exercise(program, name, 1, past), grows)
    assert value_of(exercise(program, name, 1, [*past, missed]), grows) <= before
    if name == "Goblet squat":  # nor a rep more
        assert exercise(program, name, 1, [*past, missed]).work == \
            exercise(program, name, 1, past).work


def test_a_step_is_said_as_a_change(program: Routine) -> None:
    done = [Done("A", 1, 1)]
    assert exercise(program, "Squat", 1, done).change is not None
    assert exercise(program, "Squat", 1, done).change.amount == 2.5  # type: ignore[union-attr]
    assert exercise(program, "Squat", 1, [*done, Done("A", 1, 1, frozenset({"squat"}))]
                    ).change is None


@pytest.mark.parametrize(("name", "done", "said"), [
    ("Squat", [Done("A", 1, 1)], "Up 2.5 kg from last time."),
    ("Squat", [Done("A", 1, 1, frozenset({"squat"}))] * 3, "Down 2 kg from last time."),
    ("Side plank", [Done("A", 1, 1)] * 2, "Up 5 seconds from last time."),
    ("Clamshell", [Done("A", 1, 1)], "Up 1 rep from last time."),
    ("Goblet squat", [Done("A", 1, 1)], "Up 1 rep from last time."),
    ("Goblet squat", [Done("A", 1, 1)] * 5, "Up 2 kg from last time."),
    ("Clamshell", [Done("A", 1, 1, pain=5)], None),
])
def test_what_the_coach_says_of_a_step(program: Routine, name: str, done: list[Done],
                                       said: str | None) -> None:
    from voicecoach.phrases import ENGLISH
    from voicecoach.plan.program import change_line, week_line

    assert change_line(ENGLISH, exercise(program, name, 1, done)) == said
    assert week_line(ENGLISH, (3, 2, 3)) == "Week 3, session 2 of 3."
