"""Every kind of broken routine, with its exact one-line message.

Most cases put one line into a fixed exercise template, so positions are easy to check by
hand: the line sits on line 6 with its key at column 9 and its value at 9 + len(key) + 2.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from voicecoach.errors import RoutineError
from voicecoach.routine.reader import load_routine

TEMPLATE = """\
name: X
blocks:
  - name: B
    exercises:
      - name: E
        {line}
"""
EX = "blocks[0].exercises[0]"
OK = "blocks: [{exercises: [{name: E, reps: 3}]}]\n"  # a valid rest of the file


def message(tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "x.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(RoutineError) as info:
        load_routine(path, "x.yaml")
    return str(info.value)


EXERCISE_LINES = [
    ("reps: -3", f"x.yaml:6:15: {EX}.reps: expected a whole number ≥ 1, got -3"),
    ("reps: 0", f"x.yaml:6:15: {EX}.reps: expected a whole number ≥ 1, got 0"),
    ("reps: 15.5", f"x.yaml:6:15: {EX}.reps: expected a whole number ≥ 1, got 15.5"),
    ("reps: true", f"x.yaml:6:15: {EX}.reps: expected a whole number ≥ 1, got true"),
    ("reps: ten",
     f"x.yaml:6:15: {EX}.reps: expected a whole number ≥ 1 or a range like 10-12, got 'ten'"),
    ("reps: 12-10", f"x.yaml:6:15: {EX}.reps: expected a range like 10-12 (from 1 to 1000, "
     "low first), got '12-10'"),
    ("reps: 0-5", f"x.yaml:6:15: {EX}.reps: expected a range like 10-12 (from 1 to 1000, "
     "low first), got '0-5'"),
    ("time: 30s\n        rep_hold: 5s", f"x.yaml:7:19: {EX}.rep_hold: rep_hold needs reps"),
    ("reps: 3\n        rep_hold: 0", f"x.yaml:7:19: {EX}.rep_hold: expected a duration above "
     "zero, got 0"),
    ("reps: 3\n        load: ''", f"x.yaml:7:15: {EX}.load: expected text, got an empty string"),
    ("reps: 3\n        notes: [[x]]", f"x.yaml:7:17: {EX}.notes[0]: expected text, got a list"),
    ("reps: [1]",
     f"x.yaml:6:15: {EX}.reps: expected a whole number ≥ 1 or a range like 10-12, got a list"),
    ("reps: 1001", f"x.yaml:6:15: {EX}.reps: expected a whole number at most 1000, got 1001"),
    ("time: .nan",
     f"x.yaml:6:15: {EX}.time: expected a duration like 45s, 2m, 1m30s or 1:30, got NaN"),
    ("time: .inf",
     f"x.yaml:6:15: {EX}.time: expected a duration like 45s, 2m, 1m30s or 1:30, got infinity"),
    ("time: 0", f"x.yaml:6:15: {EX}.time: expected a duration above zero, got 0"),
    ("time: 0s", f"x.yaml:6:15: {EX}.time: expected a duration above zero, got 0"),
    ("time: soon",
     f"x.yaml:6:15: {EX}.time: expected a duration like 45s, 2m, 1m30s or 1:30, got 'soon'"),
    ("time: 1:75",
     f"x.yaml:6:15: {EX}.time: expected a duration like 45s, 2m, 1m30s or 1:30, got '1:75'"),
    ("time: 30s30m",
     f"x.yaml:6:15: {EX}.time: expected a duration like 45s, 2m, 1m30s or 1:30, got '30s30m'"),
    ("time: false",
     f"x.yaml:6:15: {EX}.time: expected a duration like 45s, 2m, 1m30s or 1:30, got false"),
    ("time: 7h", f"x.yaml:6:15: {EX}.time: expected a duration of at most 6 hours, got '7h'"),
    ("hold: 0 breaths", f"x.yaml:6:15: {EX}.hold: expected 1 to 100 breaths, got 0"),
    ("reps: 3\n        time: 30s",
     f"x.yaml:7:15: {EX}.time: give one of reps, time or hold, not both reps and time"),
    ("sets: 0\n        reps: 3", f"x.yaml:6:15: {EX}.sets: expected a whole number ≥ 1, got 0"),
    ("rest: -5\n        reps: 3",
     f"x.yaml:6:15: {EX}.rest: expected a duration like 45s, 2m, 1m30s or 1:30, got -5"),
    ("rep: 3", f"x.yaml:6:9: {EX}.rep: unknown key; did you mean 'reps'?"),
    ("colour: red", f"x.yaml:6:9: {EX}.colour: unknown key"),
    ("reps: 3\n        reps: 4", f"x.yaml:7:9: {EX}.reps: duplicate key (first at line 6)"),
    ("hold: 30s\n        until_done: true", f"x.yaml:7:21: {EX}.until_done: until_done needs reps"),
    ("reps: 3\n        until_done: yes please",
     f"x.yaml:7:21: {EX}.until_done: expected true or false, got 'yes please'"),
    ("reps: 3\n        tempo: fast",
     f"x.yaml:7:16: {EX}.tempo: expected a tempo like 1-1-2 (seconds per phase), got 'fast'"),
    ("reps: 3\n        tempo: 0-0-0", f"x.yaml:7:16: {EX}.tempo: a tempo must last more than 0 seconds"),
    ("reps: 3\n        tempo: 1-1-2\n        rep_time: 3s",
     f"x.yaml:7:16: {EX}.tempo: give rep_time or tempo, not both"),
    ("reps: 3\n        sides: []", f"x.yaml:7:16: {EX}.sides: expected at least one side, got an empty list"),
    ("reps: 3\n        sides: right",
     f"x.yaml:7:16: {EX}.sides: expected a list of sides like [right, left], got 'right'"),
    ("reps: 3\n        sides: [left, Left]",
     f"x.yaml:7:16: {EX}.sides: sides must be different from each other"),
    ("reps: 3\n        countdown: 11",
     f"x.yaml:7:20: {EX}.countdown: expected a whole number at most 10, got 11"),
    ("reps: 3\n        steps: [[a]]", f"x.yaml:7:17: {EX}.steps[0]: expected text, got a list"),
    ("reps: 3\n        say: ''", f"x.yaml:7:14: {EX}.say: expected text, got an empty string"),
    ("equipment: mat", f"x.yaml:5:9: {EX}: expected one of reps, time or hold"),
]


@pytest.mark.parametrize(("line", "expected"), EXERCISE_LINES, ids=[c[0] for c in EXERCISE_LINES])
def test_broken_exercise(tmp_path: Path, line: str, expected: str) -> None:
    assert message(tmp_path, TEMPLATE.format(line=line)) == expected


WHOLE_FILES = [
    ("list at top", "- a\n- b\n", "x.yaml:1:1: routine: expected a mapping of keys, got a list"),
    ("text at top", "hello\n", "x.yaml:1:1: routine: expected a mapping of keys, got 'hello'"),
    ("no name", "blocks:\n  - exercises: [{name: E, reps: 3}]\n",
     "x.yaml:1:1: name: required key is missing"),
    ("misspelt sessions", "name: X\nsesions: []\n",
     "x.yaml:2:1: sesions: unknown key; did you mean 'sessions'?"),
    ("no sessions", "name: X\n",
     "x.yaml:1:1: sessions: required key is missing (or give a top-level blocks)"),
    ("both", "name: X\nsessions: []\nblocks: []\n",
     "x.yaml:3:9: blocks: give sessions or blocks, not both"),
    ("duplicate name", "name: X\nname: Y\n" + OK, "x.yaml:2:1: name: duplicate key (first at line 1)"),
    ("name is a list", "name: [a]\n" + OK, "x.yaml:1:7: name: expected text, got a list"),
    ("empty sessions", "name: X\nsessions: []\n",
     "x.yaml:2:11: sessions: expected at least one of the sessions, got an empty list"),
    ("empty blocks", "name: X\nblocks: []\n",
     "x.yaml:2:9: blocks: expected at least one of the blocks, got an empty list"),
    ("empty exercises", "name: X\nblocks:\n  - name: B\n    exercises: []\n",
     "x.yaml:4:16: blocks[0].exercises: expected at least one of the exercises, got an empty list"),
    ("session without blocks", "name: X\nsessions:\n  - name: S\n",
     "x.yaml:3:5: sessions[0].blocks: required key is missing"),
    ("zero rounds", "name: X\nblocks:\n  - rounds: 0\n    exercises: [{name: E, reps: 3}]\n",
     "x.yaml:3:13: blocks[0].rounds: expected a whole number ≥ 1, got 0"),
    ("rate too high", "name: X\nvoice: {rate: 1000}\n" + OK,
     "x.yaml:2:15: voice.rate: expected a whole number at most 450, got 1000"),
    ("rate too low", "name: X\nvoice: {rate: 20}\n" + OK,
     "x.yaml:2:15: voice.rate: expected a whole number ≥ 80, got 20"),
    ("volume", "name: X\nvoice: {volume: 2}\n" + OK,
     "x.yaml:2:17: voice.volume: expected a number from 0.1 to 1, got 2"),
    ("volume zero", "name: X\nvoice: {volume: 0.0}\n" + OK,
     "x.yaml:2:17: voice.volume: expected a number from 0.1 to 1, got 0.0"),
    ("han name", "name: X\nblocks:\n  - exercises: [{name: 中文练习, reps: 3}]\n",
     "x.yaml:3:24: blocks[0].exercises[0].name: '中文练习' is in Han script, which the "
     "coach's voices cannot say (a Chinese or Japanese voice would): write it in Latin "
     "letters"),
    ("cyrillic step", "name: X\nblocks:\n  - exercises:\n      - name: E\n        reps: 3\n"
     "        steps: [Stand tall, Жим лёжа]\n",
     "x.yaml:6:29: blocks[0].exercises[0].steps[1]: 'Жим лёжа' is in Cyrillic script, which "
     "the coach's voices cannot say (a Russian or other Cyrillic-script voice would): write "
     "it in Latin letters"),
    ("greek intro", "name: X\nintro: Καλημέρα\n" + OK,
     "x.yaml:2:8: intro: 'Καλημέρα' is in Greek script, which the coach's voices cannot say "
     "(a Greek voice would): write it in Latin letters"),
    ("per_week", "name: X\nschedule: {per_week: 0}\n" + OK,
     "x.yaml:2:22: schedule.per_week: expected a whole number ≥ 1, got 0"),
    ("defaults unknown", "name: X\ndefaults: {reps: 3}\n" + OK,
     "x.yaml:2:12: defaults.reps: unknown key; did you mean 'rest'?"),
    ("same session twice",
     "name: X\nsessions:\n  - {name: A, blocks: [{exercises: [{name: E, reps: 1}]}]}\n"
     "  - {name: a, blocks: [{exercises: [{name: E, reps: 1}]}]}\n",
     "x.yaml:4:5: sessions[1].name: duplicate session name 'a'"),
    ("over six hours",
     "name: X\nsessions:\n  - name: S\n    blocks:\n      - exercises:\n"
     "          - {name: E, time: 2h, sets: 4}\n",
     "x.yaml:3:5: sessions[0]: session is longer than 6 hours (8h01m without speech)"),
    ("tag", "name: !!python/object:os.system x\n",
     "x.yaml:1:7: YAML tag tag:yaml.org,2002:python/object:os.system is not allowed "
     "(routines are plain data)"),
    ("local tag", "name: !shout x\n",
     "x.yaml:1:7: YAML tag !shout is not allowed (routines are plain data)"),
    ("tab", "name: X\n\tblocks: []\n", "x.yaml:2:1: invalid YAML: tab character; indent with spaces"),
    ("unclosed", "name: [X\nblocks: []\n",
     "x.yaml:2:7: invalid YAML: the [ list opened on line 1 is not closed (expected ',' or ']')"),
    ("two documents", "name: X\n---\nname: Y\n",
     "x.yaml:2:1: more than one YAML document in the file"),
    ("empty", "", "x.yaml:1:1: file is empty"),
    ("only comments", "# nothing here\n\n", "x.yaml:1:1: file is empty"),
    ("non-text key", "name: X\n1: a\n" + OK, "x.yaml:2:1: routine: keys must be text, got 1"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in WHOLE_FILES],
                         ids=[c[0] for c in WHOLE_FILES])
def test_broken_file(tmp_path: Path, text: str, expected: str) -> None:
    assert message(tmp_path, text) == expected


def test_invalid_utf8_names_the_byte(tmp_path: Path) -> None:
    assert message(tmp_path, b"name: X\nintro: caf\xe9\n") == "x.yaml:2:11: invalid UTF-8 (byte 0xe9)"


def test_file_over_one_megabyte(tmp_path: Path) -> None:
    text = "name: X\n" + "# padding\n" * 110_000
    assert message(tmp_path, text) == "x.yaml:1:1: file is larger than 1 MB"


def _laughs() -> list[str]:
    """The 'billion laughs' anchors: nine levels, each nine aliases of the one before."""
    rows = ["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    rows += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return rows


def test_alias_bomb_in_a_field_is_refused_fast(tmp_path: Path) -> None:
    text = ("name: X\nblocks:\n  - exercises:\n      - name: E\n        reps: 3\n"
            "        steps:\n" + "".join(f"          - {row}\n" for row in _laughs())
            + "        tips: *a9\n")
    start = time.process_time()
    got = message(tmp_path, text).splitlines()
    assert time.process_time() - start < 5.0  # a blow-up takes minutes; 1 s is benched
    assert got[0] == "x.yaml:7:13: blocks[0].exercises[0].steps[0]: expected text, got a list"
    assert len(got) == 19  # ten steps, then nine lists in the tips


def test_alias_bomb_under_unknown_key_is_refused_fast(tmp_path: Path) -> None:
    text = "name: X\nbomb:\n" + "".join(f"  - {row}\n" for row in _laughs()) + "lol: *a9\n"
    start = time.process_time()
    assert message(tmp_path, text).splitlines() == ["x.yaml:2:1: bomb: unknown key",
                                                    "x.yaml:13:1: lol: unknown key"]
    assert time.process_time() - start < 5.0  # a blow-up takes minutes; 1 s is benched


def test_alias_expansion_has_a_budget(tmp_path: Path) -> None:
    """Aliases of whole exercises and blocks pass every type check, so the values they add
    are bounded by a budget; the message blames the aliases."""
    steps = ", ".join(f"s{i}" for i in range(100))
    text = (f"name: X\ndefaults: {{}}\nblocks:\n  - &b {{exercises: [&e {{name: E, reps: 1, "
            f"steps: [{steps}]}}" + ", *e" * 399 + "]}\n" + "  - *b\n" * 150)
    start = time.process_time()
    got = message(tmp_path, text)
    assert time.process_time() - start < 5.0  # a blow-up takes minutes; 1 s is benched
    assert "YAML aliases expand the document too much" in got, got
    assert len(got.splitlines()) == 1


def test_absurd_nesting_is_refused_fast(tmp_path: Path) -> None:
    start = time.process_time()
    got = message(tmp_path, "name: X\nintro: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert got == "x.yaml:2:47: nested more than 40 levels deep"
    assert time.process_time() - start < 5.0  # a blow-up takes minutes; 1 s is benched


def test_missing_key_in_exercise_names_the_key(tmp_path: Path) -> None:
    got = message(tmp_path, "name: X\nblocks:\n  - exercises:\n      - reps: 3\n")
    assert got == "x.yaml:4:9: blocks[0].exercises[0].name: required key is missing"
