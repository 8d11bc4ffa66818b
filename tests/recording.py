"""Record what the private PulseAudio's null sink plays (scripts/soundserver), and find
where each cue of a plan was heard by cross-correlating its reference audio (the same
session exported to WAV) with the recording. Used by the live tests and scripts/bench."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import numpy as np

RATE = 22050


class Recorder:
    """parec on the sink's monitor, with a silent stream keeping the sink awake (an idle
    null sink's monitor delivers nothing, which would squeeze the silences out)."""

    def __init__(self, path: Path) -> None:
        sink = os.environ.get("VOICECOACH_TEST_SINK", "voicecoach_test")
        fmt = ["--format=s16le", f"--rate={RATE}", "--channels=1"]
        self.path = path
        self.keep = subprocess.Popen(["pacat", "--playback", "-d", sink, "--latency-msec=20",
                                      *fmt, "/dev/zero"], stderr=subprocess.DEVNULL)
        self.out = path.open("wb")
        self.rec = subprocess.Popen(["parec", "-d", f"{sink}.monitor", "--latency-msec=10",
                                     *fmt], stdout=self.out, stderr=subprocess.DEVNULL)
        # recording only counts once parec delivers (it can take a while on a busy machine)
        deadline = time.monotonic() + 20
        while path.stat().st_size < RATE // 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        if path.stat().st_size == 0:
            raise RuntimeError("parec recorded nothing from the sink's monitor")

    def stop(self) -> np.ndarray:
        self.rec.send_signal(signal.SIGINT)
        self.rec.wait(timeout=10)
        self.keep.terminate()
        self.keep.wait(timeout=10)
        self.out.close()
        return np.fromfile(self.path, "<i2").astype(np.float64) / 32768


def correlate(seg: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """``np.correlate(seg, ref, "valid")`` by FFT."""
    size = 1 << (len(seg) + len(ref)).bit_length()
    full = np.fft.irfft(np.fft.rfft(seg, size) * np.conj(np.fft.rfft(ref, size)), size)
    out: np.ndarray = full[:len(seg) - len(ref) + 1]
    return out


def envelope(x: np.ndarray, step: int = 50) -> np.ndarray:
    """Mean |x| over ``step`` samples: enough to line up two recordings roughly."""
    n = len(x) // step * step
    out: np.ndarray = np.abs(x[:n]).reshape(-1, step).mean(axis=1)
    return out


def onsets(recording: np.ndarray, reference: np.ndarray, cues: list[dict[str, Any]],
           window: float = 0.4, search: float = 0.15) -> tuple[float, list[float | None]]:
    """The output latency (seconds: the median offset of the cues found), and for every cue
    the error (seconds) of where it was heard against where the plan puts it, latency
    removed; None where a cue's audio was not found (correlation under 0.8)."""
    def locate(cue: dict[str, Any], guess: float) -> tuple[float, float]:
        a = round(cue["start"] * RATE)
        ref = reference[a:a + round(min(window, cue["end"] - cue["start"]) * RATE)]
        lo = max(0, round((guess - search) * RATE))
        seg = recording[lo:lo + len(ref) + round(2 * search * RATE)]
        if len(seg) < len(ref) or not ref.any():
            return guess, 0.0
        corr = correlate(seg, ref)
        power = np.concatenate([[0.0], np.cumsum(seg ** 2)])
        energy = np.sqrt((power[len(ref):] - power[:-len(ref)]) * np.sum(ref ** 2)) + 1e-12
        k = int(np.argmax(corr / energy))
        return (lo + k) / RATE, float(corr[k] / energy[k])

    # rough latency: the whole reference against the whole recording, as envelopes
    rec, ref = envelope(recording), envelope(reference)
    rec = np.concatenate([rec, np.zeros(len(ref))])  # the recording may end before the tail
    rough = int(np.argmax(correlate(rec - rec.mean(), ref - ref.mean()))) * 50 / RATE
    offsets: list[float | None] = []
    for cue in cues:
        at, score = locate(cue, cue["start"] + rough)
        offsets.append(at - cue["start"] if score >= 0.8 else None)
    found = [o for o in offsets if o is not None]
    latency = float(np.median(found)) if found else rough
    return latency, [None if o is None else o - latency for o in offsets]
