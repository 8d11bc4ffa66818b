"""The program parts of the routine format (schedule weeks, a session's weeks, week
tables, progress:): what they read as, and every mistake with its exact one-line message.

Exercise lines sit in a fixed template: line 7, key at column 9, the value at 9 +
len(key) + 2, so the positions below can be checked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_routine_errors import message
from tests.test_schema import reader_ok, schema_ok
from voicecoach.model import Hold, Progress, Reps, Step, Timed, Weekly
from voicecoach.routine.reader import load_routine

TEMPLATE = """\
name: X
schedule: {{per_week: 3, weeks: 4}}
blocks:
  - name: B
    exercises:
      - name: E
        {line}
"""
EX = "blocks[0].exercises[0]"

BROKEN_LINES = [
    ("time: {2: 60s}", f"x.yaml:7:15: {EX}.time: a week table starts at week 1, got week 2 "
     "first"),
    ("time: {}", f"x.yaml:7:15: {EX}.time: a week table starts at week 1, got an empty "
     "mapping"),
    ("time: {1: 60s, 5: 90s}", f"x.yaml:7:24: {EX}.time.5: week 5 is after the program's "
     "last week (4)"),
    ("time: {1: 60s, a: 90s}", f"x.yaml:7:24: {EX}.time: expected weeks (whole numbers from "
     "1) as the keys of a week table, got 'a'"),
    ("time: {1: 60s, 2: -5s}", f"x.yaml:7:27: {EX}.time.2: expected a duration like 45s, 2m, "
     "1m30s or 1:30, got '-5s'"),
    ("reps: 3\n        sets: {1: 2, 1: 3}", f"x.yaml:8:22: {EX}.sets.1: week 1 is given twice"),
    ("reps: 8\n        tempo: {1: 1-1-1}", f"x.yaml:8:16: {EX}.tempo: expected a tempo like "
     "1-1-2 (seconds per phase), got a mapping"),
    ("reps: 8-12\n        progress: {reps: +1}", f"x.yaml:8:26: {EX}.progress.reps: a rep "
     "range grows with a load step (double progression); give one number of reps to grow "
     "reps"),
    ("reps: 8\n        progress: {load: +2.5 kg}", f"x.yaml:8:26: {EX}.progress.load: needs a "
     "load like 10 kg on the exercise"),
    ("reps: 8\n        load: red band\n        progress: {load: +2.5 kg}",
     f"x.yaml:9:26: {EX}.progress.load: needs a load like 10 kg on the exercise"),
    ("reps: 8\n        load: 10 kg\n        progress: {load: +2.5 lb}",
     f"x.yaml:9:26: {EX}.progress.load: the step is in lb but the load is in kg"),
    ("reps: 8\n        load: 10 kg\n        progress: {load: 0 kg}",
     f"x.yaml:9:26: {EX}.progress.load: a step of '0 kg' never changes anything"),
    ("reps: 8\n        load: 10 kg\n        progress: {load: +5%, max: 40 lb}",
     f"x.yaml:9:36: {EX}.progress.max: max is in lb but the load is in kg"),
    ("reps: 8\n        progress: {reps: +1, when: pain < 3}", f"x.yaml:8:36: {EX}.progress."
     "when: expected a condition like pain <= 3 (pain from 0 to 10), got 'pain < 3'"),
    ("reps: 8\n        progress: {reps: +1, when: pain <= 11}", f"x.yaml:8:36: {EX}.progress."
     "when: expected a condition like pain <= 3 (pain from 0 to 10), got 'pain <= 11'"),
    ("reps: 8\n        progress: {reps: +1, deload: {after: 3}}",
     f"x.yaml:8:38: {EX}.progress.deload.by: required key is missing"),
    ("reps: 8\n        progress: {reps: +1, deload: {after: 3, by: -10%}}",
     f"x.yaml:8:53: {EX}.progress.deload.by: expected a step back like 1 or 10% (no sign: "
     "it always goes back), got '-10%'"),
    ("reps: 8\n        progress: {reps: +1, deload: {after: 3, by: 100%}}",
     f"x.yaml:8:53: {EX}.progress.deload.by: expected a step back like 1 or 10%, got '100%'"),
    ("reps: 8\n        progress: {}", f"x.yaml:8:19: {EX}.progress: expected one of load, "
     "hold, time, reps, sets or rounds to grow"),
    ("reps: 8\n        progress: {reps: +1, sets: +1}", f"x.yaml:8:36: {EX}.progress.sets: "
     "give one thing to grow, not both reps and sets"),
    ("reps: 8\n        progress: {rounds: +1}", f"x.yaml:8:28: {EX}.progress.rounds: rounds "
     "grow on a block: put this progress under the block"),
    ("time: 30s\n        progress: {hold: +5s}", f"x.yaml:8:26: {EX}.progress.hold: needs a "
     "hold in seconds (hold: 30s)"),
    ("hold: 6 breaths\n        progress: {hold: +5s}", f"x.yaml:8:26: {EX}.progress.hold: "
     "needs a hold in seconds (hold: 30s)"),
    ("hold: 30s\n        progress: {hold: five}", f"x.yaml:8:26: {EX}.progress.hold: "
     "expected a step like +5s or +5%, got 'five'"),
    ("reps: 8\n        progress: {reps: 1.5}", f"x.yaml:8:26: {EX}.progress.reps: expected a "
     "step like +1 or +5%, got 1.5"),
    ("reps: 8\n        progress: {reps: 2, every: 0}", f"x.yaml:8:36: {EX}.progress.every: "
     "expected a whole number ≥ 1, got 0"),
]

BROKEN_FILES = [
    ("name: X\nblocks: [{exercises: [{name: E, time: {1: 60s}}]}]\n",
     "x.yaml:2:39: blocks[0].exercises[0].time: a week table needs the program's length "
     "(schedule: weeks)"),
    ("name: X\nsessions: [{weeks: 1-2, blocks: [{exercises: [{name: E, reps: 3}]}]}]\n",
     "x.yaml:2:20: sessions[0].weeks: needs the program's length (schedule: weeks)"),
    ("name: X\nschedule: {per_week: 2, weeks: 3}\nsessions:\n"
     "  - {weeks: 1-2, blocks: [{exercises: [{name: E, reps: 3}]}]}\n",
     "x.yaml:4:3: sessions: week 3 has no session (the sessions' weeks leave it out)"),
    ("name: X\nschedule: {per_week: 2, weeks: 3}\nsessions:\n"
     "  - {weeks: 2-5, blocks: [{exercises: [{name: E, reps: 3}]}]}\n",
     "x.yaml:4:13: sessions[0].weeks: expected weeks like 3 or 1-2 (from 1 to 3), got '2-5'"),
    ("name: X\nschedule: {per_week: 2, weeks: 105}\nblocks: [{exercises: [{name: E, reps: 3}]}]\n",
     "x.yaml:2:32: schedule.weeks: expected a whole number at most 104, got 105"),
    ("name: X\nschedule: {per_week: 2, weeks: 3}\n"
     "blocks: [{progress: {reps: +1}, exercises: [{name: E, reps: 3}]}]\n",
     "x.yaml:3:28: blocks[0].progress.reps: a block's progress grows its rounds, not reps"),
]


@pytest.mark.parametrize(("line", "expected"), BROKEN_LINES, ids=[c[0] for c in BROKEN_LINES])
def test_broken_program_line(tmp_path: Path, line: str, expected: str) -> None:
    assert message(tmp_path, TEMPLATE.format(line=line)) == expected
    assert not schema_ok(TEMPLATE.format(line=line)) or line in SCHEMA_CANNOT_SAY


# The schema cannot see units, week numbers against the program's length, or which field
# a progress fits: the reader says those.
SCHEMA_CANNOT_SAY = {c[0] for c in BROKEN_LINES} - {
    "time: {}", "time: {1: 60s, a: 90s}", "reps: 8\n        tempo: {1: 1-1-1}",
    "reps: 8\n        progress: {reps: +1, when: pain < 3}",
    "reps: 8\n        progress: {reps: +1, deload: {after: 3}}",
    "reps: 8\n        progress: {}", "reps: 8\n        progress: {reps: +1, sets: +1}",
    "reps: 8\n        progress: {reps: 2, every: 0}",
}


@pytest.mark.parametrize(("text", "expected"), BROKEN_FILES, ids=[c[1][:50] for c in BROKEN_FILES])
def test_broken_program_file(tmp_path: Path, text: str, expected: str) -> None:
    assert message(tmp_path, text) == expected


def test_week_tables_read_as_week_one_and_a_table(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: X\nschedule: {per_week: 2, weeks: 3}\ndefaults: {rest: {1: 30s, 2: 20s}}\n"
        "blocks:\n  - rounds: {1: 2, 2: 3}\n    progress: {rounds: +1, max: 5}\n"
        "    exercises:\n      - {name: E, sets: 2, reps: {1: 8, 3: 10-12}}\n"
        "      - {name: H, hold: {1: 5 breaths, 2: 6 breaths}, breath: {1: 4s, 3: 5s}}\n",
        encoding="utf-8")
    routine = load_routine(path)
    block = routine.sessions[0].blocks[0]
    e, h = block.exercises
    assert routine.weeks == 3 and block.rounds == 2
    assert block.weekly == (Weekly("rounds", ((1, 2), (2, 3))),)
    assert block.progress == Progress("rounds", Step(1.0), limit=5)
    assert e.work == Reps(8) and e.settings.rest == 30.0
    assert Weekly("work", ((1, Reps(8)), (3, Reps(12, low=10)))) in e.weekly
    assert Weekly("rest", ((1, 30.0), (2, 20.0))) in e.weekly
    assert h.work == Hold(20.0, 5)   # 5 breaths of 4 s
    assert reader_ok(tmp_path, path.read_text()) and schema_ok(path.read_text())


@pytest.mark.parametrize(("line", "step"), [
    ("time: 60s\n        progress: {time: +5s}", Step(5.0)),
    ("time: 60s\n        progress: {time: -1m}", Step(-60.0)),
    ("reps: 8\n        load: 10 kg\n        progress: {load: +5%}", Step(5.0, True)),
    ("reps: 8\n        load: 10 kg\n        progress: {load: 2.5}", Step(2.5)),
    ("reps: 8\n        progress: {sets: +1}", Step(1.0)),
    ("reps: 8\n        progress: {reps: -2}", Step(-2.0)),
])
def test_steps_are_written_like_the_field(tmp_path: Path, line: str, step: Step) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(TEMPLATE.format(line=line), encoding="utf-8")
    progress = load_routine(path).sessions[0].blocks[0].exercises[0].progress
    assert progress is not None and progress.step == step
    assert schema_ok(TEMPLATE.format(line=line))


def test_a_full_rule(tmp_path: Path) -> None:
    line = ("time: 60s\n        progress: {time: +10%, every: 2, max: 2m, "
            "deload: {after: 3, by: 15s}, when: pain <= 3}")
    path = tmp_path / "p.yaml"
    path.write_text(TEMPLATE.format(line=line), encoding="utf-8")
    ex = load_routine(path).sessions[0].blocks[0].exercises[0]
    assert ex.work == Timed(60.0)
    assert ex.progress == Progress("time", Step(10.0, True), 2, 120.0, 3, Step(15.0), 3)


def test_a_sessions_week_table_starts_at_its_first_week(tmp_path: Path) -> None:
    text = ("name: X\nschedule: {per_week: 1, weeks: 9}\nsessions:\n"
            "  - {weeks: 1-6, blocks: [{exercises: [{name: E, reps: 3}]}]}\n"
            "  - weeks: 7-9\n    blocks: [{exercises: [{name: Run, time: {%s: 25m, 9: 30m}}]}]\n")
    path = tmp_path / "p.yaml"
    path.write_text(text % 7, encoding="utf-8")
    run = load_routine(path).sessions[1].blocks[0].exercises[0]
    assert run.work == Timed(1500.0)
    assert run.weekly == (Weekly("work", ((7, Timed(1500.0)), (9, Timed(1800.0)))),)
    assert message(tmp_path, text % 8) == (
        "x.yaml:6:45: sessions[1].blocks[0].exercises[0].time: a week table starts at week 7 "
        "(its session's first), got week 8 first")
