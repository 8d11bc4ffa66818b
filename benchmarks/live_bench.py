"""Live figures: on the private PulseAudio null sink, a ~10-minute session played and
recorded; cue onset jitter (p99, constant latency removed), drift from the first minute to
the last, and the time from the command to the first sound (warm cache)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.recording import Recorder, onsets  # noqa: E402

SESSION: dict[str, Any] = {
    "name": "Bench live", "sessions": [{"name": "Ten", "blocks": [{"name": "Main",
           "exercises": [
               {"name": "Squat", "reps": 10, "rep_time": "2s", "sets": 2, "rest": "20s"},
               {"name": "Side plank", "time": "30s", "sides": ["right", "left"], "sets": 2,
                "rest": "20s"},
               {"name": "Glute bridge", "reps": 12, "rep_time": "2.5s", "sets": 2,
                "rest": "20s"},
               {"name": "Pigeon stretch", "hold": "40s", "sides": ["right", "left"]},
               {"name": "Bird dog", "reps": 8, "rep_time": "3s", "sides": ["right", "left"],
                "sets": 2, "rest": "15s"}]}]}]}


def run(tmp: Path, env: dict[str, str]) -> None:
    if "PULSE_SERVER" not in env:
        print("live: no sound server (scripts/bench starts one); skipped")
        return
    vc = [sys.executable, "-m", "voicecoach"]
    routine = tmp / "live.yaml"
    routine.write_text(yaml.safe_dump(SESSION, sort_keys=False))
    plan = json.loads(subprocess.run([*vc, "plan", str(routine), "--json"], check=True,
                                     capture_output=True, env=env).stdout)
    subprocess.run([*vc, "export", str(routine), "--format", "wav", "-o", str(tmp / "ref")],
                   check=True, capture_output=True, env=env)
    with wave.open(str(next((tmp / "ref").glob("*.wav")))) as w:
        reference = np.frombuffer(w.readframes(w.getnframes()), "<i2") / 32768
    env = {**env, "VOICECOACH_DATA_DIR": str(tmp / "data")}
    warm = subprocess.Popen([*vc, "play", str(routine), "--output", "silent"],  # caches
                            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    assert warm.stdout is not None
    warm.stdout.readline()
    warm.kill()
    warm.wait()
    recorder = Recorder(tmp / "live.raw")
    started = time.monotonic()
    proc = subprocess.Popen([*vc, "play", str(routine)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    proc.stdout.readline()  # printed when the device's clock says the first cue is heard
    first_sound = time.monotonic() - started
    _, err = proc.communicate()
    recording = recorder.stop()
    if proc.returncode != 0:
        print(f"live: play failed: {err.decode().strip()}")
        return
    latency, errors = onsets(recording, reference, plan["cues"])
    found = [(c["start"], e) for c, e in zip(plan["cues"], errors) if e is not None]
    ms = np.abs([e for _, e in found]) * 1000
    first = np.mean([e for t, e in found if t < 60]) * 1000
    last = np.mean([e for t, e in found if t > plan["duration"] - 60]) * 1000
    if not found:
        print("live: no cue found in the recording")
        return
    print(f"live {plan['duration'] / 60:.0f}-min session on PulseAudio: {len(found)} of "
          f"{len(errors)} cues found; onset jitter p99 {np.percentile(ms, 99):.1f} ms "
          f"(target <= 10 ms); drift first->last minute {last - first:+.1f} ms; "
          f"output latency {latency * 1000:.0f} ms")
    print(f"live: command to first cue heard (by the device's clock) {first_sound:.2f} s "
          "(warm cache; target < 1 s)")
