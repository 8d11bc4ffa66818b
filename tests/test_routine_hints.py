"""Mistakes whose first message named the wrong cause (issue 24, finding 8): each now says
what to do, in one line, where the mistake was written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_routine_errors import EX, TEMPLATE, message
from voicecoach.model import Hold
from voicecoach.routine.reader import load_routine


@pytest.mark.parametrize(("text", "expected"), [
    # libyaml names the line after it ("could not find expected ':'", at 7:1)
    (TEMPLATE.format(line="reps:10"),
     "x.yaml:6:9: invalid YAML: no space after the colon in 'reps:10'; write 'reps: 10' "
     "(a key and its value are separated by ': ')"),
    ("name: X\nreps:10\nblocks: []\n",
     "x.yaml:2:1: invalid YAML: no space after the colon in 'reps:10'; write 'reps: 10' "
     "(a key and its value are separated by ': ')"),
    # in a {…} mapping YAML reads 'reps:10' as a key with no value
    ("name: X\nblocks:\n  - exercises:\n      - {name: Curl, reps:10}\n",
     "x.yaml:4:22: blocks[0].exercises[0].reps:10: no space after the colon in 'reps:10'; "
     "write 'reps: 10' (a key and its value are separated by ': ')"),
    # libyaml: "did not find expected key" while parsing a block mapping (an indentation
    # message before)
    ("name: X\nphrases:\n  next: {name} now.\nblocks: []\n",
     "x.yaml:3:9: invalid YAML: a text that starts with '{' is read as a mapping; put it in "
     "quotes: next: \"{name} now.\""),
    ("name: X\nintro: [Warm] up \"well\"\nblocks: []\n",
     "x.yaml:2:8: invalid YAML: a text that starts with '[' is read as a list; put it in "
     "quotes: intro: '[Warm] up \"well\"'"),
    (TEMPLATE.format(line="reps: 3\n        weight: 100 kg"),
     f"x.yaml:7:9: {EX}.weight: unknown key; did you mean 'load'?"),
    (TEMPLATE.format(line="reps: 3\n        pause: 30s"),
     f"x.yaml:7:9: {EX}.pause: unknown key; did you mean 'rest'?"),
    ("name: X\nblocks:\n  - repeat: 3\n    exercises: [{name: E, reps: 1}]\n",
     "x.yaml:3:5: blocks[0].repeat: unknown key; did you mean 'rounds'?"),
    (TEMPLATE.format(line="hold: 6 respiros"),
     f"x.yaml:6:15: {EX}.hold: expected a duration like 45s, 2m, 1m30s or 1:30, got "
     "'6 respiros'; a hold in breaths is written 'N breaths', like 'hold: 5 breaths'"),
], ids=["no space", "no space at the top", "no space in braces", "unquoted placeholder", "unquoted list",
        "weight", "pause", "repeat", "breaths misspelt"])
def test_the_message_names_the_cause(tmp_path: Path, text: str, expected: str) -> None:
    assert message(tmp_path, text) == expected


@pytest.mark.parametrize(("language", "written"), [
    ("es", "6 respiraciones"), ("es", "6 Respiración"), ("de", "6 Atemzüge"),
    ("fr", "6 respirations"), ("it", "6 respiri"), ("pt", "6 respirações"),
    ("nl", "6 ademhalingen"), ("es", "6 breaths"),
])
def test_a_hold_in_breaths_may_use_the_languages_word(tmp_path: Path, language: str,
                                                       written: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(f"name: X\nlanguage: {language}\ndefaults: {{breath: 4s}}\nblocks:\n"
                    f"  - exercises:\n      - name: E\n        hold: {written}\n",
                    encoding="utf-8")
    work = load_routine(path).sessions[0].blocks[0].exercises[0].work
    assert work == Hold(24.0, 6)


@pytest.mark.parametrize("line", ["hold: 6 respiraciones", "hold: 6 ATEMZÜGE"])
def test_schema_and_reader_take_the_same_breath_words(tmp_path: Path, line: str) -> None:
    from tests.test_schema import reader_ok, schema_ok

    text = TEMPLATE.format(line=line)
    assert (reader_ok(tmp_path, text), schema_ok(text)) == (True, True)
    bad = TEMPLATE.format(line="hold: 6 RESPIROS")  # lower case passes as a duration text
    assert (reader_ok(tmp_path, bad), schema_ok(bad)) == (False, False)
