"""`voicecoach play` and `history` end to end with the real voice: silent output on the
clock, session choice, history rows, errors, Ctrl-C, and — on a real PulseAudio null sink,
recorded from its monitor — every cue heard where the plan puts it."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, missing, need, sigint_as
from tests.fakes import FakeClock, fake_env
from tests.recording import Recorder, onsets
from voicecoach.cli import cli as main_cli

TINY = """
    name: Tiny
    schedule: {per_week: 2}
    sessions:
      - name: A
        blocks: [{exercises: [{name: Plank, time: 2s, countdown: 0}]}]
      - name: B
        blocks: [{exercises: [{name: Bridge, time: 2s, countdown: 0}]}]
"""
SHORT = """
    name: Short
    sessions:
      - name: Quick
        blocks:
          - exercises:
              - {name: Squat, reps: 4, rep_time: 1.5s, rest_after: 3s}
              - {name: Side plank, time: 8s, sides: [right, left], switch_time: 3s}
"""


def vc(*args: str, env: dict[str, str] | None = None,
       timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voicecoach", *args], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, env=env or dict(os.environ),
                          timeout=timeout, cwd=ROOT)


def plan(path: Path, session: str) -> dict[str, object]:
    out = vc("plan", str(path), "--session", session, "--json")
    assert out.returncode == 0, out.stderr
    data: dict[str, object] = json.loads(out.stdout)
    return data


def test_silent_play_prints_cues_on_the_clock_and_keeps_history(
        write: Callable[..., Path], shared_cache: Path, tmp_path: Path) -> None:
    """In process, on a fake clock: the cues come out as the clock reaches them."""
    need("espeak-ng")
    routine = write(TINY)
    clock = FakeClock()
    env = fake_env(shared_cache, tmp_path / "data", clock)

    def cli(*args: str) -> tuple[int, str, str]:
        assert isinstance(env.stdout, io.StringIO)
        env.stdout.seek(0)
        env.stdout.truncate()
        result = CliRunner().invoke(main_cli, list(args), obj=env)
        return result.exit_code, env.stdout.getvalue() + result.stdout, result.stderr

    code, out, _ = cli("plan", str(routine), "--session", "A", "--json")
    p = json.loads(out)
    code, out, err = cli("play", str(routine), "--output", "silent")
    assert code == 0, err
    # not on a terminal: no question; the session due is the first, and it says so
    assert err == "Playing session 1 of 2: A (the one due, 0 of 2 this week).\n"
    cues = p["cues"]
    expected = [f"{int(c['start']) // 60:02d}:{int(c['start']) % 60:02d}  "
                + (f"♪ {c['text']} tone" if c["kind"] == "tone" else c["text"]) for c in cues]
    assert out.splitlines() == [*expected, "A: finished, 1 exercise done, 0 skipped."]
    # paced by the clock: it waited the session's length, and not a second more
    assert p["duration"] - 0.2 <= clock.waited <= p["duration"] + 0.1
    _, _, err = cli("play", str(routine), "--output", "silent")  # silent runs do not count
    assert err == "Playing session 1 of 2: A (the one due, 0 of 2 this week).\n"
    hist = cli("history")[1].splitlines()
    for line, n in zip(hist[:2], (2, 1)):  # newest first, with ids; short runs in seconds
        assert re.fullmatch(rf"   {n}  2026-11-18 12:00 +\d+ s  finished     Tiny — A "
                            r"\(1 done, 0 skipped, silent\)", line), line
    standing = "Tiny: 0 of 2 this week, 2 more by Sunday; no streak"
    assert hist[2:4] == ["", standing] and len(hist) == 4 + 1 + 12  # the grid's 12 weeks
    assert cli("history", "--week")[1].splitlines()[3] == standing


def test_play_errors(write: Callable[..., Path]) -> None:
    need("espeak-ng")
    routine = write(TINY)
    out = vc("play", str(routine), "--session", "A", "--from", "Squat", "--output", "silent")
    assert (out.returncode, out.stderr) == (
        1, "Error: no exercise 'Squat' in session 'A' (it has 1: Plank)\n")
    # a sound server that is not there: no device to play on
    env = {**os.environ, "PULSE_SERVER": "unix:/nonexistent/native", "AUDIODEV": "null"}
    out = vc("play", str(routine), "--session", "A", env=env)
    assert out.returncode == 1
    assert out.stderr.startswith("Error: no audio output device (")
    assert out.stderr.endswith("); try 'voicecoach export' or --output silent\n")
    assert "Traceback" not in out.stderr
    assert vc("history").stdout == "No sessions played yet.\n"


@pytest.mark.parametrize("inherited", [signal.SIG_DFL, signal.SIG_IGN])
def test_ctrl_c_stops_cleanly_and_is_recorded(inherited: signal.Handlers,
                                              write: Callable[..., Path]) -> None:
    """SIGINT stops play however SIGINT was left by whoever started it: a session a minute
    long, so nothing depends on how fast this machine is."""
    need("espeak-ng")
    routine = write(TINY.replace("Bridge, time: 2s", "Bridge, time: 60s"))
    proc = subprocess.Popen([sys.executable, "-m", "voicecoach", "play", str(routine),
                             "--session", "B", "--output", "silent"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True,
                            preexec_fn=sigint_as(inherited))
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("00:00  Tiny. B.")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and err == "Interrupted.\n"
    assert "Session complete" not in out
    (line,) = vc("history").stdout.splitlines()[:1]
    assert re.fullmatch(r"   1  \S+ \S+      \d s  stopped      Tiny — B \(0 done, 0 skipped, "
                        r"silent\)", line), line


def sound_server() -> None:
    for tool in ("pulseaudio", "pacat", "parec"):
        need(tool)
    if "PULSE_SERVER" not in os.environ:
        missing("no private PulseAudio (run the tests through scripts/test)")


@pytest.mark.soundserver
def test_play_on_a_sound_server_lands_every_cue(write: Callable[..., Path],
                                                tmp_path: Path) -> None:
    need("espeak-ng")
    sound_server()
    routine = write(SHORT)
    p = plan(routine, "1")
    out = vc("export", str(routine), "--format", "wav", "-o", str(tmp_path / "ref"))
    assert out.returncode == 0, out.stderr
    with wave.open(str(next((tmp_path / "ref").glob("*.wav")))) as w:
        reference = np.frombuffer(w.readframes(w.getnframes()), "<i2") / 32768
    recorder = Recorder(tmp_path / "rec.raw")
    try:
        played = vc("play", str(routine), "--session", "1")
    finally:
        recording = recorder.stop()
    assert played.returncode == 0, played.stderr
    cues = p["cues"]
    assert isinstance(cues, list)
    latency, errors = onsets(recording, reference, cues)
    assert 0 <= latency < 5.0
    missing = [c["text"] for c, e in zip(cues, errors) if e is None]
    assert missing == [], (  # every cue heard, its own audio
        f"latency {latency:.3f} s; recorded {len(recording) / 22050:.1f} s, peak "
        f"{np.abs(recording).max():.3f}; plan {p['duration']} s; stderr {played.stderr!r}")
    ms = np.abs(np.array(errors, float)) * 1000
    assert np.percentile(ms, 99) <= 10.0, ms
    half = len(ms) // 2  # no drift: the second half is no later than the first
    drift = np.mean(np.array(errors[half:], float)) - np.mean(np.array(errors[:half], float))
    assert abs(drift) * 1000 <= 2.0
