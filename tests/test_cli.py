"""The command line through click's runner: exit codes, exact messages, output shapes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, need
from voicecoach.cli import cli

PROGRAM = str(ROOT / "routines" / "glute-minimus-program.yaml")
STRENGTH = str(ROOT / "routines" / "glute-minimus-strength.yaml")

SMALL = """
    name: Small
    sessions:
      - name: Morning
        blocks:
          - exercises: [{name: Squat, reps: 3, rep_time: 1s}]
      - name: Evening
        blocks:
          - exercises: [{name: Plank, time: 5s}]
"""


COMMANDS = ("validate", "plan", "play", "export", "history", "calendar", "new", "voices", "serve",
            "phrases", "schema", "log", "progress")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert (code, out) == (0, "voicecoach, version 0.1.0\n")
    code, out, _ = run("--help")
    assert code == 0
    listed = out.split("Commands:\n", 1)[1].splitlines()
    assert sorted(line.split()[0] for line in listed if line.strip()) == sorted(COMMANDS)
    for command in COMMANDS:  # each one answers its own --help
        code, out, _ = run(command, "--help")
        assert code == 0 and out.startswith(f"Usage: cli {command} ")


def test_play_help_names_only_words_the_listener_takes() -> None:
    import re

    from voicecoach.listen.spotter import PHRASES
    code, out, _ = run("play", "--help")
    quoted = re.findall(r'"coach ([a-z ]+)"', " ".join(out.split()))
    assert code == 0 and quoted == ["pause", "skip it"]
    assert all(word in PHRASES for word in quoted)


def test_validate_ok_and_broken(write: Callable[..., Path]) -> None:
    good = write(SMALL, "good.yaml")
    bad = write("name: X\nblocks:\n  - exercises: [{name: E, reps: -3}]\n", "bad.yaml")
    code, out, err = run("validate", str(good))
    assert code == 0 and err == ""
    # each session's one length: the plan's (the final rest_after never plays)
    from voicecoach.durations import length

    plans = json.loads(run("plan", str(good), "--json")[1])
    morning, evening = (length(p["duration"]) for p in plans)
    assert out == (f"{good}: ok — Small: Morning ({morning}, 1 exercise); "
                   f"Evening ({evening}, 1 exercise)\n")
    code, out, err = run("validate", str(good), str(bad))
    assert code == 1
    assert err == (f"Error: {bad}:3:33: blocks[0].exercises[0].reps: expected a whole number "
                   "≥ 1, got -3\n")
    assert "Traceback" not in err


def test_validate_reports_the_checks_before_making_the_speech(
        write: Callable[..., Path], tmp_path: Path) -> None:
    """With an empty cache the clips take seconds: the checks' verdict comes first, with
    no clip made yet, and the same line ends with the length once they are made."""
    from tests.fakes import fake_env
    from voicecoach.app import commands

    good = write(SMALL, "good.yaml")
    env = fake_env(tmp_path / "cache", tmp_path / "data")
    said = commands.validate((good,), env)
    assert next(said) == ("ok", f"{good}: ok — Small: ", "")
    assert not (tmp_path / "cache" / "clips").exists()
    _, tail, end = next(said)
    assert (tail.startswith("Morning ("), tail.endswith(", 1 exercise)"), end) == (True, True,
                                                                                  "\n")
    assert list((tmp_path / "cache" / "clips").rglob("*.wav"))
    assert list(said) == []


def test_missing_file_and_directory_are_usage_errors(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path / "nope.yaml"))
    assert code == 2 and "does not exist" in err
    code, _, err = run("plan", str(tmp_path))
    assert code == 2 and "is a directory" in err


def test_bad_option_is_a_usage_error() -> None:
    code, _, err = run("plan", PROGRAM, "--verbosity", "loud")
    assert code == 2 and "'loud' is not one of 'minimal', 'normal', 'full'" in err


def test_plan_json_contract(write: Callable[..., Path]) -> None:
    need("espeak-ng")
    path = write(SMALL)
    code, out, err = run("plan", str(path), "--json")
    assert code == 0, err
    plans = json.loads(out)
    assert isinstance(plans, list) and [p["session"] for p in plans] == ["Morning", "Evening"]
    for p in plans:
        assert set(p) == {"routine", "session", "duration", "cues", "chapters"}
        assert p["routine"] == "Small"
        for cue in p["cues"]:
            assert set(cue) == {"start", "end", "kind", "text", "exercise"}
            assert cue["kind"] in ("speech", "tone") and 0 <= cue["start"] < cue["end"]
            assert cue["end"] <= p["duration"]
        assert p["chapters"][0]["start"] == 0 and p["chapters"][-1]["end"] == p["duration"]
    code, out, _ = run("plan", str(path), "--json", "--session", "2")
    one = json.loads(out)
    assert isinstance(one, dict) and one["session"] == "Evening"
    code, out, _ = run("plan", str(path), "--json", "--session", "morning")
    assert json.loads(out)["session"] == "Morning"


def test_unknown_session_lists_the_real_ones(write: Callable[..., Path]) -> None:
    path = write(SMALL)
    code, _, err = run("plan", str(path), "--session", "Noon")
    assert code == 1
    assert err == f"Error: no session 'Noon' in {path} (it has 1: Morning, 2: Evening)\n"


def test_plan_cue_sheet_of_seed_routine_with_the_real_voice() -> None:
    need("espeak-ng")
    code, out, err = run("plan", STRENGTH)
    assert code == 0 and err == ""  # no warnings with the real voice either
    lines = out.splitlines()
    assert lines[0] == "Gluteus minimus strength — Strength"
    assert lines[1].startswith("length ")
    assert "00:00  Gluteus minimus strength. Strength. 5 exercises, about " in out
    assert "       ── Abduction: Seated banded hip abduction ──" in lines
    assert "Gluteus minimus strength — Stretch and cool-down" in lines


def test_plan_warns_on_stderr_when_a_rest_grows(write: Callable[..., Path]) -> None:
    need("espeak-ng")
    path = write("""
        name: T
        blocks:
          - exercises:
              - {name: A, reps: 2, rest_after: 1s}
              - name: B
                reps: 2
                steps: [Lie on your back with both knees bent and your feet flat on the floor.]
    """)
    code, out, err = run("plan", str(path), "--json")
    assert code == 0
    json.loads(out)  # stdout stays clean JSON
    assert err.startswith("Warning: T: Rest before B grows from 1s to ")


def test_new_writes_a_valid_starter_and_refuses_to_overwrite(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("new", "leg-day")
    assert (code, out) == (0, "Wrote routines/leg-day.yaml\n")
    text = (tmp_path / "routines" / "leg-day.yaml").read_text()
    assert text.startswith("# A voicecoach routine.") and "name: Leg day" in text
    assert run("validate", "routines/leg-day.yaml")[0] == 0
    code, _, err = run("new", "leg-day")
    assert (code, err) == (1, "Error: routines/leg-day.yaml already exists; choose another name\n")
    code, _, err = run("new", "../evil")
    assert code == 1 and err.startswith("Error: '../evil' is not a usable routine name")


def test_voices_lists_english() -> None:
    need("espeak-ng")
    code, out, _ = run("voices")
    assert code == 0
    assert any("pyttsx3:en-us" in line.split() for line in out.splitlines())


def test_validate_warns_of_a_program_rest_that_grows_with_its_weeks(
        write: Callable[..., Path]) -> None:
    path = write("""
        name: P
        schedule: {weeks: 4, per_week: 1}
        blocks:
          - exercises:
              - {name: A, reps: 2, rep_time: 1s, rest_after: {1: 1s, 3: 30s}}
              - {name: B, reps: 2, rep_time: 1s, steps: [A long step to say before it starts.]}
    """)
    code, _, err = run("validate", str(path))
    assert code == 0 and len(err.splitlines()) == 1
    assert err.startswith("Warning: P (weeks 1 to 2): Rest before B grows from 1s to ")


def test_module_entry_point_and_real_exit_codes(write: Callable[..., Path]) -> None:
    bad = write("name: X\n")
    proc = subprocess.run([sys.executable, "-m", "voicecoach", "validate", str(bad)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert proc.stderr == (f"Error: {bad}:1:1: sessions: required key is missing "
                           "(or give a top-level blocks)\n")


def test_plan_and_export_print_the_same_warnings(write: Callable[..., Path],
                                                 tmp_path: Path) -> None:
    path = write("""
        name: T
        blocks:
          - exercises:
              - {name: A, reps: 2, rep_time: 1s, rest_after: 1s}
              - {name: B, reps: 2, rep_time: 1s, steps: [A long step to say before it starts.]}
    """)
    code, _, plan_err = run("plan", str(path))
    assert code == 0 and plan_err.startswith("Warning: T: Rest before B grows from 1s to ")
    assert run("validate", str(path))[::2] == (0, plan_err)   # validate warns the same
    code, out, export_err = run("export", str(path), "--format", "wav", "-o", str(tmp_path / "o"))
    assert code == 0 and export_err == plan_err
    # the console's length is the playlist's
    playlist = (tmp_path / "o" / "t.m3u8").read_text(encoding="utf-8")
    seconds = int(playlist.split("#EXTINF:")[1].split(",")[0])
    assert playlist.splitlines()[2] == f"#EXTINF:{seconds},T"      # not "T — T"
    assert out.split()[0] == f"{seconds // 60:02d}:{seconds % 60:02d}"


def test_a_silent_volume_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["plan", str(ROOT / "routines" /
                                                  "glute-minimus-strength.yaml"),
                                      "--volume", "0"])
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for '--volume': 0.0 is not in the "
                                  "range 0.1<=x<=1.0.\n")
