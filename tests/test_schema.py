"""The JSON schema and the reader are made from one field table; here they must agree on
every shipped routine, the README's example, the starter, and a table of broken lines."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT
from tests.test_routine_errors import EXERCISE_LINES, TEMPLATE
from voicecoach.errors import RoutineError
from voicecoach.routine.reader import load_routine
from voicecoach.routine.schema import json_schema

VALIDATOR = jsonschema.Draft202012Validator(json_schema())

# Refused by the reader for reasons a JSON schema cannot say (or YAML hides from it).
NOT_IN_SCHEMA = {
    "time: 1:75", "time: 30s30m", "time: 7h", "hold: 0 breaths",
    "reps: 3\n        reps: 4", "hold: 30s\n        until_done: true",
    "reps: 3\n        tempo: 0-0-0", "reps: 3\n        tempo: 1-1-2\n        rep_time: 3s",
    "reps: 3\n        sides: [left, Left]", "time: .nan", "time: .inf",
    "reps: 12-10", "reps: 0-5", "time: 30s\n        rep_hold: 5s",
    "reps: 3\n        rep_hold: 0",
}

GOOD_LINES = [
    "reps: 3", "reps: 3\n        rest: 0", "reps: 3\n        switch_time: 0",
    "reps: 3\n        rest_after: 0", "hold: 6 breaths", "hold: 45s", "time: 1:30",
    "time: 90", "time: 1m30s", "reps: 3\n        tempo: 1-1-2", "reps: 3\n        countdown: 0",
    "reps: 3\n        sides: [right, left]", "reps: 3\n        steps: One step.",
    "reps: 3\n        until_done: true", "reps: 10-12", "reps: 10-12\n        until_done: true",
    "reps: 10\n        rep_hold: 5s", "reps: 3\n        load: 10 kg",
    "reps: 3\n        notes: [Physio said so.]", "reps: 3\n        sides: [right side, left side]",
]


def schema_ok(text: str) -> bool:
    return VALIDATOR.is_valid(yaml.safe_load(text))


def reader_ok(tmp_path: Path, text: str) -> bool:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_routine(path)
    except RoutineError:
        return False
    return True


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"## A routine\n\n```yaml\n(.*?)```", readme, re.S)
    assert found, "the README has a routine example"
    return found.group(1)


def starter() -> str:
    text = (ROOT / "voicecoach/routine/templates/starter.yaml").read_text(encoding="utf-8")
    return text.format(path="routines/x.yaml", title="X")


def test_the_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", sorted((ROOT / "routines").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_shipped_routines_pass_both(path: Path) -> None:
    load_routine(path)  # raises if the reader refuses it
    errors = [e.message for e in VALIDATOR.iter_errors(yaml.safe_load(path.read_text("utf-8")))]
    assert errors == []


@pytest.mark.parametrize("text", [readme_example(), starter()], ids=["readme", "starter"])
def test_documented_routines_pass_both(tmp_path: Path, text: str) -> None:
    assert reader_ok(tmp_path, text)
    assert schema_ok(text)


@pytest.mark.parametrize("line", GOOD_LINES)
def test_good_lines_pass_both(tmp_path: Path, line: str) -> None:
    text = TEMPLATE.format(line=line)
    assert (reader_ok(tmp_path, text), schema_ok(text)) == (True, True)


BAD = [line for line, _ in EXERCISE_LINES if line not in NOT_IN_SCHEMA]


@pytest.mark.parametrize("line", BAD)
def test_broken_lines_fail_both(tmp_path: Path, line: str) -> None:
    text = TEMPLATE.format(line=line)
    assert (reader_ok(tmp_path, text), schema_ok(text)) == (False, False)


@pytest.mark.parametrize(("text", "valid"), [
    ("name: X\nvoice: {rate: 1000}\nblocks: [{exercises: [{name: E, reps: 3}]}]\n", False),
    ("name: X\nvoice: {rate: 165, volume: 0.5}\nblocks: [{exercises: [{name: E, reps: 3}]}]\n",
     True),
    ("name: X\nvoice: {volume: 1.5}\nblocks: [{exercises: [{name: E, reps: 3}]}]\n", False),
    ("name: X\nschedule: {per_week: 0}\nblocks: [{exercises: [{name: E, reps: 3}]}]\n", False),
    ("name: X\ndefaults: {rest: 0, switch_time: 0}\nblocks: [{exercises: [{name: E, reps: 3}]}]\n",
     True),
    ("name: X\nsessions: [{name: A, blocks: [{exercises: [{name: E, time: 5}]}]}]\n", True),
    ("name: X\nblocks: [{exercises: [{name: E, reps: 3}]}]\nsessions: []\n", False),
    ("name: X\n", False),
    ("name: X\nsessions: [{name: A, intro: Slowly., blocks: [{exercises: [{name: E, time: 5}]}]}]\n",
     True),
    ("name: X\nblocks: [{rounds: 2, rest_between_rounds: 60s, exercises: [{name: E, reps: 3}]}]\n",
     True),
    ("name: X\nblocks: [{rest_between_rounds: soon, exercises: [{name: E, reps: 3}]}]\n", False),
    ("name: X\nbase: 1\nblocks: [{exercises: [{name: E, reps: 3}]}]\n", False),
    ("name: X\nblocks:\n  - exercises:\n    - &b {name: E, reps: 3, sets: 2}\n"
     "    - {<<: *b, name: F}\n", True),
    ("name: X\nblocks:\n  - exercises:\n    - &b {name: E, reps: 3, colour: red}\n"
     "    - {<<: *b, name: F}\n", False),
])
def test_whole_documents_agree(tmp_path: Path, text: str, valid: bool) -> None:
    assert (reader_ok(tmp_path, text), schema_ok(text)) == (valid, valid)


def test_schema_command_prints_the_schema() -> None:
    from tests.test_cli import run

    code, out, _ = run("schema")
    schema: dict[str, Any] = json.loads(out)
    assert code == 0 and schema == json_schema()
