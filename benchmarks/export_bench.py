"""Export figures: export time against one bare ffmpeg encode of the same audio (warm and
empty speech cache), and peak memory exporting a two-hour session."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

MOVES = ["Squat", "Side-lying leg raise", "Clamshell", "Glute bridge", "Side plank",
         "Bird dog", "Hip hinge", "Lateral band walk", "Single-leg bridge", "Wall sit",
         "Fire hydrant", "Step-up", "Pigeon stretch", "Figure four stretch", "Dead bug",
         "Reverse lunge", "Calf raise", "Hollow hold", "Superman", "Plank"]


def routine(minutes: int) -> dict[str, object]:
    """A session of about ``minutes``: reps, timed work and holds, sides, sets and rests."""
    exercises: list[dict[str, object]] = []
    seconds = 0.0
    i = 0
    while seconds < minutes * 60 * 1.12:  # the estimate leaves out the announcements
        name = f"{MOVES[i % len(MOVES)]} {i // len(MOVES) + 1}" if i >= len(MOVES) \
            else MOVES[i]
        kind = i % 3
        ex: dict[str, object] = {"name": name, "sets": 3, "rest": "30s",
                                 "steps": [f"Set up for the {name.lower()}."],
                                 "tips": ["Breathe out on the effort."]}
        if kind == 0:
            ex.update(reps=12, rep_time="2.5s")
            work = 30.0
        elif kind == 1:
            ex.update(time="40s", sides=["right", "left"])
            work = 80.0
        else:
            ex.update(hold="30s", sides=["left", "right"])
            work = 60.0
        exercises.append(ex)
        seconds += 3 * (work + 30) + 40
        i += 1
    return {"name": f"Bench {minutes}", "sessions": [
        {"name": "Long", "blocks": [{"name": "Main", "exercises": exercises}]}]}


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def run(tmp: Path, env: dict[str, str]) -> None:
    vc = [sys.executable, "-m", "voicecoach"]
    paths = {}
    for minutes in (45, 120):
        paths[minutes] = tmp / f"bench-{minutes}.yaml"
        paths[minutes].write_text(yaml.safe_dump(routine(minutes), sort_keys=False))
    plan = json.loads(subprocess.run([*vc, "plan", str(paths[45]), "--json"], check=True,
                                     capture_output=True, env=env).stdout)
    out = tmp / "out45"
    cold_env = {**env, "VOICECOACH_CACHE_DIR": str(tmp / "cold-cache")}
    cold = timed([*vc, "export", str(paths[45]), "-o", str(out)], cold_env)
    warm = statistics.median(timed([*vc, "export", str(paths[45]), "-o", str(out)], cold_env)
                             for _ in range(3))
    mp3 = next(out.glob("*.mp3"))
    wav = tmp / "decoded.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(mp3), str(wav)], check=True)
    bare = statistics.median(timed(
        ["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-c:a", "libmp3lame", "-b:a", "96k",
         "-ar", "22050", "-ac", "1", "-reservoir", "0", str(tmp / "bare.mp3")], env)
        for _ in range(3))
    print(f"export {plan['duration'] / 60:.0f}-min session, warm cache: {warm:.2f} s; "
          f"bare ffmpeg encode: {bare:.2f} s; ratio {warm / bare:.2f} (target <= 1.2)")
    print(f"export {plan['duration'] / 60:.0f}-min session, empty cache: {cold:.2f} s; "
          f"ratio {cold / bare:.2f} (target <= 1.6)")
    # Peak memory: the largest of the export and the processes it starts (ffmpeg, voice),
    # measured in a fresh helper so nothing before counts.
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
             "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN)"
             ".ru_maxrss)")
    subprocess.run([*vc, "plan", str(paths[120])], check=True, capture_output=True, env=env)
    kib = int(subprocess.run([sys.executable, "-c", probe, *vc, "export", str(paths[120]),
                              "-o", str(tmp / "out120")], check=True, capture_output=True,
                             env=env).stdout)
    length = json.loads(subprocess.run([*vc, "plan", str(paths[120]), "--json"], check=True,
                                       capture_output=True, env=env).stdout)["duration"]
    print(f"export {length / 60:.0f}-min session, peak resident memory: {kib / 1024:.0f} MB "
          f"(target <= 150 MB)")
