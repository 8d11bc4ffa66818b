"""Export figures: export time against a bare ffmpeg encode of exactly the same audio
(same rate, channels, bitrate), run in turn from this process and paired, the median of 3
pairs: voice only with a warm and an empty cache, and with music (speech cached), the
music decoded before (kept in the cache's music/) and decoded now (that folder emptied
before each run); and peak memory exporting a two-hour session with music."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
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


def bare(mp3: Path, tmp: Path, env: dict[str, str]) -> Callable[[], float]:
    """A plain ffmpeg encode of exactly the audio of ``mp3`` (decoded once to WAV), at the
    same rate, channels and bitrate: the reference, timed each time it is called."""
    wav = tmp / f"{mp3.stem}.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(mp3), str(wav)], check=True)
    cmd = ["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-c:a", "libmp3lame", "-b:a", "96k",
           "-ar", "22050", "-ac", "1", "-reservoir", "0", str(tmp / "bare.mp3")]
    return lambda: timed(cmd, env)


def paired(export: Callable[[], float], reference: Callable[[], float],
           runs: int = 3) -> tuple[float, float, str]:
    """Median export time, median reference time and the median of the paired ratios,
    with their spread (lowest to highest)."""
    pairs = [(export(), reference()) for _ in range(runs)]
    ratios = [e / b for e, b in pairs]
    return (statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs),
            f"{statistics.median(ratios):.2f} (pairs {min(ratios):.2f}-{max(ratios):.2f})")


def music_folder(folder: Path, minutes: float) -> Path:
    """Test music made with ffmpeg, 4-minute 44.1 kHz stereo MP3s, enough to cover
    ``minutes`` without repeating (the worst case: every track decoded)."""
    from tests.music import make_track

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(int(minutes // 4) + 1):
        path = folder / f"{i:02d}.mp3"
        if not path.exists():
            make_track(path, 240.0, 196.0 * 2 ** (i % 12 / 12))
    return folder


def run(tmp: Path, env: dict[str, str]) -> None:
    vc = [sys.executable, "-m", "voicecoach"]
    paths = {}
    for minutes in (45, 120):
        paths[minutes] = tmp / f"bench-{minutes}.yaml"
        paths[minutes].write_text(yaml.safe_dump(routine(minutes), sort_keys=False))
    plan = json.loads(subprocess.run([*vc, "plan", str(paths[45]), "--json"], check=True,
                                     capture_output=True, env=env).stdout)
    minutes = plan["duration"] / 60
    out = tmp / "out45"
    export = [*vc, "export", str(paths[45]), "-o", str(out)]
    runs = iter(range(1000))

    def cold() -> float:  # an empty cache each time: speech, levels and frames made again
        return timed(export, {**env, "VOICECOACH_CACHE_DIR": str(tmp / f"cold-{next(runs)}")})

    warm_env = {**env, "VOICECOACH_CACHE_DIR": str(tmp / "warm-cache")}
    timed(export, warm_env)
    reference = bare(next(out.glob("*.mp3")), tmp, env)
    e, b, ratio = paired(lambda: timed(export, warm_env), reference)
    print(f"export {minutes:.0f}-min session, voice only, warm cache: {e:.2f} s; bare ffmpeg "
          f"encode of the same audio: {b:.2f} s; paired ratio {ratio} (target <= 0.25)")
    e, b, ratio = paired(cold, reference)
    print(f"export {minutes:.0f}-min session, voice only, empty cache: {e:.2f} s; bare: "
          f"{b:.2f} s; paired ratio {ratio} (target <= 0.6)")
    tunes = music_folder(tmp / "music", minutes)
    with_music = [*export, "--music", str(tunes)]
    timed(with_music, warm_env)
    reference = bare(next(out.glob("*.mp3")), tmp, env)
    count = len(list(tunes.glob("*.mp3")))
    e, b, ratio = paired(lambda: timed(with_music, warm_env), reference)
    print(f"export {minutes:.0f}-min session with music ({count} tracks, decoded before: "
          f"in the cache): {e:.2f} s; bare: {b:.2f} s; paired ratio {ratio} "
          f"(target <= 1.0)")

    def cold_music() -> float:  # speech cached, the music decoded again (no music/ cache)
        shutil.rmtree(tmp / "warm-cache" / "music", ignore_errors=True)
        return timed(with_music, warm_env)

    e, b, ratio = paired(cold_music, reference)
    print(f"export {minutes:.0f}-min session with music ({count} tracks, all decoded "
          f"now): {e:.2f} s; bare: {b:.2f} s; paired ratio {ratio} (target <= 1.0)")
    # Peak memory: the largest of the export and the processes it starts (ffmpeg, voice),
    # measured in a fresh helper so nothing before counts.
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
             "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN)"
             ".ru_maxrss)")
    length = json.loads(subprocess.run([*vc, "plan", str(paths[120]), "--json"], check=True,
                                       capture_output=True, env=env).stdout)["duration"]
    tunes = music_folder(tmp / "music", length / 60)
    kib = int(subprocess.run([sys.executable, "-c", probe, *vc, "export", str(paths[120]),
                              "-o", str(tmp / "out120"), "--music", str(tunes)], check=True,
                             capture_output=True, env=env).stdout)
    print(f"export {length / 60:.0f}-min session with music, peak resident memory: "
          f"{kib / 1024:.0f} MB (target <= 150 MB)")
