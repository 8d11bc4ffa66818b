"""scripts/bench: one line per figure."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VC = [sys.executable, "-m", "voicecoach"]


def wall(cmd: list[str], runs: int = 7, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_figures(env: dict[str, str]) -> None:
    exe = str(Path(sys.executable).with_name("voicecoach"))
    help_s = wall([exe, "--help"], env=env)
    print(f"voicecoach --help: {help_s * 1000:.0f} ms (target < 150 ms)")
    seed = str(ROOT / "routines" / "glute-minimus-program.yaml")
    subprocess.run([exe, "plan", seed], check=True, capture_output=True, env=env)  # warm
    plan_s = wall([exe, "plan", seed], env=env)
    print(f"voicecoach plan (seed routine, warm cache): {plan_s * 1000:.0f} ms (target < 400 ms)")


def main() -> None:
    which = set(sys.argv[1:]) or {"cli", "voice", "export", "music", "live", "listen"}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "VOICECOACH_CACHE_DIR": str(Path(tmp) / "cache")}
        if "cli" in which:
            cli_figures(env)
        if "voice" in which or "voices" in which:
            from benchmarks import voice_bench

            # "voice": the default voice; "voices": every installed voice
            voice_bench.run(Path(tmp), every="voices" in which)
        if "export" in which:
            from benchmarks import export_bench

            export_bench.run(Path(tmp), env)
        if "music" in which:
            from benchmarks import music_bench

            music_bench.run(Path(tmp), env)
        if "live" in which:
            from benchmarks import live_bench

            live_bench.run(Path(tmp), env)
        if "listen" in which:
            from benchmarks import listen_bench

            listen_bench.run(Path(tmp), env)


if __name__ == "__main__":
    main()
