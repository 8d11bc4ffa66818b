"""Start-up figures (issue 25, "the coach starts at once"): ``--help``; ``plan`` with a warm
cache; a cold ``validate`` of the 42-minute program routine (when the checks are reported,
and when the length is); the first cue of ``play`` with a warm cache, as printed with
``--output silent`` and as heard on the private sound server (the sink's monitor recorded,
each chunk timed as it arrives, the first sound found in it).

Medians of several runs, with the spread. ``VOICECOACH_BENCH_ROOT`` runs another source
tree's voicecoach (e.g. an older commit unpacked somewhere) for before/after figures.
Python writes its bytecode here as on any installed copy (the shell's
``PYTHONDONTWRITEBYTECODE`` would make every run compile every module).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.listening import RATE as MIC_RATE  # noqa: E402
from tests.listening import Played  # noqa: E402
from voicecoach.speech.lengths import SETTLED  # noqa: E402

PROGRAM = ROOT / "routines" / "glute-minimus-program.yaml"   # 42 minutes, 14 exercises
AUDIBLE = 10 ** (-50 / 20)


def _spread(times: list[float], unit: float = 1000, fmt: str = "{:.0f}") -> str:
    s = sorted(times)
    return (f"{fmt.format(statistics.median(s) * unit)} "
            f"({fmt.format(s[0] * unit)}-{fmt.format(s[-1] * unit)}, {len(s)} runs)")


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


class Bench:
    def __init__(self, tmp: Path, env: dict[str, str]) -> None:
        self.root = Path(os.environ.get("VOICECOACH_BENCH_ROOT", ROOT))
        self.env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env["VOICECOACH_DATA_DIR"] = str(tmp / "startup-data")
        self.tmp = tmp

    def cmd(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "voicecoach", *args]

    def popen(self, args: list[str], env: dict[str, str] | None = None
              ) -> subprocess.Popen[bytes]:
        return subprocess.Popen(self.cmd(*args), cwd=self.root, env=env or self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                stdin=subprocess.DEVNULL)

    def wall(self, args: list[str], runs: int) -> tuple[list[float], list[float]]:
        """Seconds of wall time and of CPU time (the command and the programs it ran) of
        each run: on a busy machine the CPU time says what the command costs. Warmed as
        by an earlier day's use: bytecode and clips made, then, once the clips are
        ``SETTLED`` seconds old, their lengths indexed (``speech/lengths.py``)."""
        for wait in (SETTLED, 0):
            subprocess.run(self.cmd(*args), cwd=self.root, env=self.env, check=True,
                           capture_output=True)
            time.sleep(wait)
        times, cpu = [], []
        for _ in range(runs):
            before = _children_cpu()
            start = time.perf_counter()
            subprocess.run(self.cmd(*args), cwd=self.root, env=self.env, check=True,
                           capture_output=True)
            times.append(time.perf_counter() - start)
            cpu.append(_children_cpu() - before)
        return times, cpu

    def cold_validate(self, runs: int) -> tuple[list[float], list[float]]:
        """Seconds to the first byte of validate's line (the checks) and to its end."""
        checks, whole = [], []
        for n in range(runs):
            cache = self.tmp / f"cold-{n}"
            env = {**self.env, "VOICECOACH_CACHE_DIR": str(cache)}
            start = time.perf_counter()
            proc = self.popen(["validate", str(PROGRAM)], env)
            assert proc.stdout is not None
            proc.stdout.read(1)
            checks.append(time.perf_counter() - start)
            proc.stdout.read()
            proc.wait()
            whole.append(time.perf_counter() - start)
            shutil.rmtree(cache, ignore_errors=True)
        return checks, whole

    def first_printed(self, runs: int) -> list[float]:
        """Seconds from ``play --output silent`` to its first cue line (warm cache)."""
        times = []
        for _ in range(runs + 1):  # the first run measures and keeps the levels
            start = time.perf_counter()
            proc = self.popen(["play", str(PROGRAM), "--output", "silent"])
            assert proc.stdout is not None
            proc.stdout.readline()
            times.append(time.perf_counter() - start)
            proc.kill()
            proc.wait()
        return times[1:]

    def first_heard(self, runs: int) -> list[float]:
        """Seconds from ``play`` to the first cue sounding in the private sound server's
        sink (warm cache, levels kept by ``first_printed``)."""
        sink = self.env.get("VOICECOACH_TEST_SINK", "voicecoach_test")
        times = []
        for _ in range(runs):
            with Tap(sink) as tap:
                start = time.monotonic()
                proc = self.popen(["play", str(PROGRAM)])
                assert proc.stdout is not None
                proc.stdout.readline()
                time.sleep(1.0)
                proc.send_signal(signal.SIGINT)
                proc.wait(timeout=30)
            heard = tap.first_sound()
            if heard is not None:
                times.append(heard - start)
        return times


class Tap:
    """The sink's monitor recorded (``tests.listening.Played``: every chunk timed as it
    arrives, which bounds when its samples sounded), with a silent stream keeping the sink
    awake so that the recording runs in real time."""

    def __init__(self, sink: str) -> None:
        self.keep = subprocess.Popen(["pacat", "--playback", "-d", sink, "--latency-msec=20",
                                      "--format=s16le", f"--rate={MIC_RATE}", "--channels=1",
                                      "/dev/zero"], stderr=subprocess.DEVNULL)
        self.played = Played(sink, np.zeros(1))
        deadline = time.monotonic() + 20
        while (sum(len(c) for _, c in self.played.chunks) < MIC_RATE
               and time.monotonic() < deadline):
            time.sleep(0.02)  # half a second recorded: the sink is awake and delivering

    def __enter__(self) -> Tap:
        return self

    def __exit__(self, *exc: object) -> None:
        self.played.stop()
        self.keep.terminate()
        self.keep.wait(timeout=10)

    def first_sound(self) -> float | None:
        """The monotonic time the first audible sample sounded (None: nothing sounded)."""
        chunks = self.played.chunks
        data = b"".join(c for _, c in chunks)
        x = np.abs(np.frombuffer(data[:len(data) // 2 * 2], "<i2") / 32768)
        loud = np.flatnonzero(x > AUDIBLE)
        if not loud.size:
            return None
        # a chunk is read after its last sample sounded: the least delayed bound of all
        got = np.cumsum([len(c) // 2 for _, c in chunks])
        zero = min(when - n / MIC_RATE for (when, _), n in zip(chunks, got))
        return float(zero + loud[0] / MIC_RATE)


def run(tmp: Path, env: dict[str, str], which: set[str]) -> None:
    bench = Bench(tmp, env)
    say: Callable[[str], None] = lambda line: print(line, flush=True)  # noqa: E731
    print(f"startup: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the "
          "start", flush=True)
    wall, cpu = bench.wall(["--help"], 7)
    say(f"voicecoach --help: {_spread(wall)} ms (target <= 150 ms); CPU {_spread(cpu)} ms")
    wall, cpu = bench.wall(["plan", str(PROGRAM)], 7)
    say(f"voicecoach plan (program routine, warm cache): {_spread(wall)} ms "
        f"(target <= 250 ms); CPU {_spread(cpu)} ms")
    if "startup" not in which:
        return
    checks, whole = bench.cold_validate(3)
    say(f"validate 42-min program routine, empty cache: checks reported "
        f"{_spread(checks, 1, '{:.2f}')} s (target <= 2 s); length known "
        f"{_spread(whole, 1, '{:.2f}')} s")
    say(f"play --output silent, warm cache: first cue printed "
        f"{_spread(bench.first_printed(5), 1, '{:.2f}')} s (issue: 0.95 s before)")
    if "PULSE_SERVER" not in env:
        say("play on the sound server: no sound server (scripts/bench starts one); skipped")
        return
    heard = bench.first_heard(5)
    say(f"play on the private sound server, warm cache: first cue heard "
        f"{_spread(heard, 1, '{:.2f}') if heard else 'never'} s (target <= 0.5 s)")
    print(f"startup: load average {os.getloadavg()[0]:.1f} at the end", flush=True)
